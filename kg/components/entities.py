"""Entity resolution: spaCy's raw NER mentions -> one entity per real-world actor.

Stores ``Doc._.kg_entities`` (a list of :class:`kg.model.Entity`) and
``Doc._.kg_token_entity`` (token index -> entity key) for the components after it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from spacy.language import Language
from spacy.tokens import Doc, Span as SpacySpan

from kg.model import Entity, Mention, Span

LABEL_TYPES = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "GeopoliticalEntity",
    "LOC": "Place",
    "FAC": "Facility",
}

for _name, _default in (("kg_entities", None), ("kg_token_entity", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def clean_name(text: str) -> str:
    """A mention's name without a leading article or trailing possessive."""
    text = " ".join(text.split())
    text = re.sub(r"^(?:the|The)\s+", "", text)
    return re.sub(r"\s*['\u2019]s?$", "", text).strip(" ,.;:")


def span_of(span: SpacySpan) -> Span:
    return Span(span.start_char, span.end_char, span.text)


def sentence_of(span: SpacySpan) -> Span:
    sent = span.sent
    return Span(sent.start_char, sent.end_char, sent.text)


@Language.factory("kg_entity_resolver")
class EntityResolver:
    """Groups NER mentions into entities by name, short forms and majority type."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        groups: dict[str, list[tuple[SpacySpan, str]]] = defaultdict(list)
        for ent in doc.ents:
            if ent.label_ not in LABEL_TYPES:
                continue
            name = clean_name(ent.text)
            if not name or not any(c.isalpha() for c in name):
                continue
            groups[name].append((ent, LABEL_TYPES[ent.label_]))
        # short forms: "Perez" joins the one longer person name ending or starting with it
        names = sorted(groups, key=lambda n: (-len(n.split()), n))
        canonical: dict[str, str] = {}
        for name in names:
            if len(name.split()) == 1:
                longer = [
                    n
                    for n in names
                    if len(n.split()) > 1
                    and name in (n.split()[0], n.split()[-1])
                    and _majority(groups[n]) == "Person"
                ]
                if len(longer) == 1:
                    canonical[name] = canonical.get(longer[0], longer[0])
                    continue
            canonical[name] = name
        merged: dict[str, list[tuple[SpacySpan, str]]] = defaultdict(list)
        aliases: dict[str, set[str]] = defaultdict(set)
        for name, mentions in groups.items():
            merged[canonical[name]].extend(mentions)
            aliases[canonical[name]].add(name)
        entities: list[Entity] = []
        token_entity: dict[int, str] = {}
        for label in sorted(merged, key=lambda n: min(m[0].start for m in merged[n])):
            mentions = sorted(merged[label], key=lambda m: m[0].start)
            key = f"e{len(entities)}"
            entity = Entity(
                key=key,
                type=_majority(mentions),
                label=label,
                alt_labels=sorted(aliases[label] | {m[0].text for m in mentions} - {label}),
                mentions=[Mention(span_of(s), sentence_of(s), s.label_) for s, _ in mentions],
            )
            entities.append(entity)
            for span, _ in mentions:
                for tok in span:
                    token_entity[tok.i] = key
        doc._.kg_entities = entities
        doc._.kg_token_entity = token_entity
        return doc


def _majority(mentions: list[tuple[SpacySpan, str]]) -> str:
    counts = Counter(t for _, t in mentions)
    return max(sorted(counts), key=lambda t: counts[t])
