"""The entity resolver component: spaCy's raw NER mentions -> one typed entity per actor.

Stores ``Doc._.kg_entities`` (a list of :class:`kg.model.Entity`) and
``Doc._.kg_token_entity`` (token index -> entity key) for the components after it
(coreference in :mod:`kg.components.coref`, then events). The passes: mentions (span
repairs, trimming, untagged and nested names), merging, typing, then attributes and
collectives.
"""

from __future__ import annotations

from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

from kg.components.entities.attributes import add_attributes
from kg.components.entities.collectives import add_collectives
from kg.components.entities.context import dateline_key
from kg.components.entities.lexicon import Lexicon, lexicon
from kg.components.entities.mentions import (
    RawMention,
    acronym_mentions,
    defined_mention,
    list_evidence,
    norp_group,
    place_appositions,
    sentence_of,
    span_of,
    trim_mention,
)
from kg.components.entities.merging import merge_names
from kg.components.entities.nested import nested_countries, nested_people, nested_site_relations
from kg.components.entities.parens import define_names
from kg.components.entities.spans import (
    extend_name_tails,
    repair_split_names,
    split_listed_names,
    split_trailing_person,
)
from kg.components.entities.typing import (
    entity_label,
    entity_type,
    is_family,
    is_surname,
    kind_votes,
)
from kg.components.entities.untagged import named_governments, national_bodies, untagged_names
from kg.components.entities.words import LABEL_KINDS
from kg.model import Entity, Mention
from kg.names import name_key

for _name, _default in (("kg_entities", None), ("kg_token_entity", None), ("kg_meta", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


@Language.factory("kg_entity_resolver")
class EntityResolver:
    """Groups NER mentions into typed entities with their names, titles and relations."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        entities, token_entity = resolve(doc)
        doc._.kg_entities = entities
        doc._.kg_token_entity = token_entity
        return doc


def collect_mentions(doc: Doc, lex: Lexicon) -> list[RawMention]:
    """Pass 1: the trimmed name mentions of ``doc``, split names repaired."""
    spans = [(e.start, e.end, e.label_) for e in doc.ents if e.label_ in (*LABEL_KINDS, "NORP")]
    spans = extend_name_tails(doc, spans, lex)
    spans = split_trailing_person(doc, spans, lex)
    spans = split_listed_names(doc, spans)
    spans = repair_split_names(doc, spans, lex)
    mentions = []
    for start, end, label in spans:
        if label == "NORP":
            m = norp_group(doc, start, end, lex)
        elif label in LABEL_KINDS:
            m = trim_mention(doc, start, end, label, lex)
        else:
            m = None
        if m is not None:
            mentions.append(m)
    mentions = define_names(doc, mentions, defined_mention)
    dateline = dateline_key(doc)
    for m in mentions:
        if dateline and name_key(m.name) == dateline:
            m.place_context = True  # the dateline names a place
    mentions.extend(acronym_mentions(doc, mentions))
    mentions.extend(untagged_names(doc, spans, mentions, lex))
    list_evidence(doc, mentions, lex)
    place_appositions(doc, mentions, lex)
    mentions.extend(national_bodies(doc, mentions, lex))
    mentions = named_governments(doc, mentions, lex)
    mentions.extend(nested_countries(doc, mentions, lex))
    mentions.extend(nested_people(doc, mentions, lex))
    return sorted(mentions, key=lambda m: (m.start, m.end))


def resolve(doc: Doc, *, lex: Lexicon | None = None) -> tuple[list[Entity], dict[int, str]]:
    """The entities of a parsed ``Doc`` and the token -> entity-key map."""
    lex = lex or lexicon()
    mentions = collect_mentions(doc, lex)
    merged = merge_names(doc, mentions, lex)
    entities: list[Entity] = []
    token_entity: dict[int, str] = {}
    clusters = sorted(merged.values(), key=lambda ms: min(m.start for m in ms))
    typed = []
    for ms in clusters:
        ms = sorted(ms, key=lambda m: (m.start, m.end))
        counts = Counter(m.name for m in ms)
        names = sorted(counts, key=lambda n: ms.index(next(m for m in ms if m.name == n)))
        votes = kind_votes(ms, cluster=True)
        typed.append((ms, counts, names, entity_type(names, votes, lex)))
    surnames = {
        n.split()[-1].casefold()
        for _, _, names, type_ in typed
        if type_ == "Person"
        for n in names
        if len(n.split()) > 1
    }
    for ms, counts, names, type_ in typed:
        if type_ in ("Organization", "GeopoliticalEntity", "Place") and is_surname(
            ms, names, surnames, lex
        ):
            type_ = "Person"
        elif type_ != "Person" and is_family(doc, ms, names, surnames):
            type_ = "Group"
        label = entity_label(names, counts, lex)
        key = f"e{len(entities)}"
        titles: list[str] = []
        for m in ms:
            for t in m.titles:
                if t not in titles:
                    titles.append(t)
        entity = Entity(
            key=key,
            type=type_,
            label=label,
            alt_labels=sorted((set(names) | {m.titled for m in ms if m.titled}) - {label}),
            mentions=[
                Mention(
                    span_of(doc[m.start : m.end]),
                    sentence_of(doc[m.start : m.end]),
                    m.rule or m.label,
                )
                for m in ms
            ],
            titles=titles,
        )
        entities.append(entity)
        for m in ms:
            if m.rule == "nested":
                continue
            for i in range(m.start, m.end):
                token_entity[i] = key
    nested_site_relations(doc, entities, token_entity)
    add_attributes(doc, entities, token_entity, lex)
    add_collectives(doc, entities, token_entity, lex)
    return entities, token_entity
