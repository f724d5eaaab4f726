"""The entity resolver component: spaCy's raw NER mentions -> one typed entity per actor.

Stores ``Doc._.kg_entities`` (a list of :class:`kg.model.Entity`) and
``Doc._.kg_token_entity`` (token index -> entity key) for the components after it
(coreference in :mod:`kg.components.coref`, then events). The passes: mentions (span
repairs, trimming, untagged and nested names), merging, typing, then attributes and
collectives.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

import kg.components.entities.nested

# the rule modules register their rules on import
import kg.components.entities.spans
import kg.components.entities.untagged  # noqa: F401
from kg.components.entities.attributes import add_attributes, demonym_mentions
from kg.components.entities.collectives import add_collectives
from kg.components.entities.lexicon import Lexicon, lexicon
from kg.components.entities.mentions import (
    RawMention,
    sentence_of,
    span_of,
    trim_mention,
)
from kg.components.entities.merging import merge_names
from kg.components.entities.rules import DEFAULT_RULES, REGISTRY, Context, RuleSet
from kg.components.entities.typing import (
    decide_type,
    entity_label,
    kind_votes,
)
from kg.components.entities.words import LABEL_KINDS
from kg.model import Entity, Mention

for _name, _default in (("kg_entities", None), ("kg_token_entity", None), ("kg_meta", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


@Language.factory(
    "kg_entity_resolver",
    default_config={"rules": list(DEFAULT_RULES), "lexicon_dir": None},
    requires=["doc.ents", "token.pos", "token.tag", "token.dep", "token.lemma"],
    assigns=["doc._.kg_entities", "doc._.kg_token_entity"],
)
class EntityResolver:
    """Groups NER mentions into typed entities with their names, titles and relations.

    ``rules``: the ids of the rules to run, in order (see
    :mod:`kg.components.entities.rules`); ``lexicon_dir``: a folder of ``entity_*.tsv``
    files to use instead of the packaged lexicons. The lexicons are read in
    :meth:`initialize` (or on the first document) and saved with the pipeline.
    """

    def __init__(
        self,
        nlp: Language,
        name: str,
        rules: list[str] | tuple[str, ...] = DEFAULT_RULES,
        lexicon_dir: str | None = None,
    ) -> None:
        self.name = name
        self.rules = RuleSet(tuple(rules))
        self.lexicon_dir = lexicon_dir
        self.lex: Lexicon | None = None

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        """Read the lexicons (from ``lexicon_dir`` when set)."""
        self.lex = Lexicon.load(Path(self.lexicon_dir)) if self.lexicon_dir else lexicon()

    def __call__(self, doc: Doc) -> Doc:
        if self.lex is None:
            self.initialize()
        entities, token_entity = resolve(doc, lex=self.lex, rules=self.rules)
        doc._.kg_entities = entities
        doc._.kg_token_entity = token_entity
        return doc

    def to_disk(self, path: str | Path, *, exclude: tuple = ()) -> None:
        """Save the lexicons the component reads (one TSV file each) under ``path``."""
        if self.lex is None:
            self.initialize()
        self.lex.save(Path(path))

    def from_disk(self, path: str | Path, *, exclude: tuple = ()) -> EntityResolver:
        self.lex = Lexicon.load(Path(path))
        return self


def collect_mentions(doc: Doc, lex: Lexicon, rules: RuleSet | None = None) -> list[RawMention]:
    """Pass 1: the trimmed name mentions of ``doc``, split names repaired."""
    rules = rules or RuleSet()
    ctx = Context(doc, lex, rules)
    spans = [(e.start, e.end, e.label_) for e in doc.ents if e.label_ in (*LABEL_KINDS, "NORP")]
    made: dict[tuple[int, int, str], list[str]] = {}
    for r in rules.of("span-repair"):
        before = set(spans)
        spans = r.fn(ctx, spans)
        for span in spans:
            if span not in before:
                inherited = {
                    i for o in before if o[0] < span[1] and span[0] < o[1] for i in made.get(o, [])
                }
                made[span] = sorted(inherited | {r.id})
    people = REGISTRY["people-name"].fn if rules.on("people-name") else None
    mentions = []
    for start, end, label in spans:
        if label == "NORP":
            m = people(doc, start, end, lex) if people else None
            if m is not None:
                m.note("people-name")
        elif label in LABEL_KINDS:
            m = trim_mention(doc, start, end, label, lex, rules)
        else:
            m = None
        if m is not None:
            m.rules[:0] = made.get((start, end, label), [])
            mentions.append(m)
    for r in rules.ids:
        r = REGISTRY[r]
        if r.kind == "mention":
            known = {id(m) for m in mentions}
            mentions = r.fn(ctx, mentions, spans)
            for m in mentions:
                if id(m) not in known:
                    m.note(r.id)
        elif r.kind == "context":
            for m, evidence in r.fn(ctx, mentions):
                m.add(evidence)
    return sorted(mentions, key=lambda m: (m.start, m.end))


def resolve(
    doc: Doc, *, lex: Lexicon | None = None, rules: RuleSet | None = None
) -> tuple[list[Entity], dict[int, str]]:
    """The entities of a parsed ``Doc`` and the token -> entity-key map."""
    lex = lex or lexicon()
    rules = rules or RuleSet()
    mentions = collect_mentions(doc, lex, rules)
    merged, merged_by = merge_names(doc, mentions, lex, rules)
    entities: list[Entity] = []
    token_entity: dict[int, str] = {}
    clusters = sorted(merged.items(), key=lambda kv: min(m.start for m in kv[1]))
    typed = []
    for root, ms in clusters:
        ms = sorted(ms, key=lambda m: (m.start, m.end))
        counts = Counter(m.name for m in ms)
        names = sorted(counts, key=lambda n: ms.index(next(m for m in ms if m.name == n)))
        votes = kind_votes(ms, cluster=True, rules=rules)
        type_, by = decide_type(names, votes, lex, rules)
        typed.append((ms, counts, names, type_, [*merged_by[root], by]))
    surnames = {
        n.split()[-1].casefold()
        for _, _, names, type_, _ in typed
        if type_ == "Person"
        for n in names
        if len(n.split()) > 1
    }
    for ms, counts, names, type_, used in typed:
        for r in rules.of("retype"):
            found = r.fn(doc, ms, names, type_, surnames, lex)
            if found is not None:
                type_ = found
                used.append(r.id)
                break
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
            rules=sorted({*used, *(i for m in ms for i in m.rules)} - {""}),
        )
        entities.append(entity)
        for m in ms:
            if m.rule == "nested":
                continue
            for i in range(m.start, m.end):
                token_entity[i] = key
    add_attributes(doc, entities, token_entity, lex)
    if rules.on("demonym-country"):
        demonym_mentions(doc, entities, token_entity, lex)
    if rules.on("collective"):
        add_collectives(doc, entities, token_entity, lex)
    return entities, token_entity
