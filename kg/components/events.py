"""Event extraction: trigger words from a lexicon, roles from the dependency parse.

Stores ``Doc._.kg_events`` (a list of :class:`kg.model.Event`). Roles point at entity keys
from ``Doc._.kg_token_entity`` (set by the entity resolver).
"""

from __future__ import annotations

import csv
import functools
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc, Token

from kg.components.entities import sentence_of
from kg.model import Argument, Event, Span

if not Doc.has_extension("kg_events"):
    Doc.set_extension("kg_events", default=None)


@functools.lru_cache(maxsize=1)
def load_lexicon() -> dict[tuple[str, str], str]:
    """(lemma, coarse POS) -> event class, from ``kg/data/triggers.tsv``."""
    table: dict[tuple[str, str], str] = {}
    text = resources.files("kg.data").joinpath("triggers.tsv").read_text(encoding="utf-8")
    for row in csv.reader(text.splitlines(), delimiter="\t"):
        if row and not row[0].startswith("#") and len(row) >= 3:
            table[(row[0].strip().lower(), row[1].strip().upper())] = row[2].strip()
    return table


def _entity_of(token: Token, token_entity: dict[int, str]) -> str | None:
    """The entity a syntactic argument denotes: its head, or a token in its subtree."""
    if token.i in token_entity:
        return token_entity[token.i]
    for t in token.subtree:
        if t.i in token_entity:
            return token_entity[t.i]
    return None


@Language.factory("kg_event_extractor")
class EventExtractor:
    """Subject-verb-object events for verbs (and nouns) found in the trigger lexicon."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.lexicon = load_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        token_entity: dict[int, str] = doc._.kg_token_entity or {}
        events: list[Event] = []
        for token in doc:
            pos = "VERB" if token.pos_ in ("VERB", "AUX") else token.pos_
            cls = self.lexicon.get((token.lemma_.lower(), pos))
            if cls is None:
                continue
            args: list[Argument] = []
            for child in token.children:
                role = None
                if child.dep_ in ("nsubj",):
                    role = "agent"
                elif child.dep_ in ("dobj", "nsubjpass"):
                    role = "patient"
                elif child.dep_ == "agent":
                    child = next((c for c in child.children if c.dep_ == "pobj"), child)
                    role = "agent"
                elif child.dep_ == "prep" and pos == "NOUN" and child.lower_ in ("of", "on"):
                    child = next((c for c in child.children if c.dep_ == "pobj"), child)
                    role = "patient"
                if role is None:
                    continue
                target = _entity_of(child, token_entity)
                if target is not None:
                    args.append(Argument(role, target))
            if not args:
                continue
            negated = any(c.dep_ == "neg" for c in token.children)
            events.append(
                Event(
                    key=f"v{len(events)}",
                    type=cls,
                    trigger=Span(token.idx, token.idx + len(token.text), token.text),
                    sentence=sentence_of(doc[token.i : token.i + 1]),
                    arguments=args,
                    polarity="negative" if negated else "positive",
                    confidence=0.6,
                    rule=f"svo-{pos.lower()}",
                )
            )
        doc._.kg_events = events
        return doc
