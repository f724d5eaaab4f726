"""Names inside names: the person in "the Jane Q. Doe Centre".

These mentions leave the host's tokens to the host (the token map keeps the longer name).
Places named inside organisation names ("Bank of Ruritania") are no mentions of the place:
a rule that made them helped only the development articles and cost precision on
held-out news (see ``benchmarks/ablation_entities.py``).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from kg.components.entities.mentions import RawMention
from kg.components.entities.rules import Context, rule
from kg.components.entities.words import (
    common_word,
    given_name_first,
)
from kg.names import name_key, normalise_space

_INITIAL = re.compile(r"^[A-Z]\.$")


def _person_run(doc: Doc, m: RawMention, size: int, person: bool) -> RawMention | None:
    run = list(doc[m.start : m.start + size])
    if person and all(t.pos_ in ("PROPN", "") for t in run if t.text != "-"):
        name = normalise_space(doc[m.start : m.start + size].text)
        return RawMention(m.start, m.start + size, "PERSON", name, rule="nested")
    return None


def _hosts(mentions: list[RawMention]) -> list[RawMention]:
    # a PERSON tag over "Jane Doe Centre" too: the head word makes it a facility
    return [m for m in mentions if m.label in ("ORG", "FAC", "PERSON") and m.rule != "nested"]


@rule("nested-person", "mention", '"the Jane Q. Doe Centre": the person a name is after')
def nested_people(ctx: Context, mentions: list[RawMention], spans: list) -> list[RawMention]:
    """A person a building or body is named after: "the Amara Diallo Centre".

    The run before the first organisation or facility word must be a person's name: two
    or three words starting with a common given name, with a middle initial or named as a
    person elsewhere in the text. Like nested places, these mentions leave the host's
    tokens to the host.
    """
    doc, lex = ctx.doc, ctx.lex
    out = []
    people = {name_key(m.name) for m in mentions if m.label == "PERSON"}
    for m in _hosts(mentions):
        tokens = list(doc[m.start : m.end])
        cut = next((i for i, t in enumerate(tokens) if common_word(t.text, lex)), None)
        if cut is None or cut < 2:
            continue
        name = normalise_space(doc[m.start : m.start + cut].text)
        initial = any(_INITIAL.match(w) for w in name.split()[1:-1])
        known = name_key(name) in people
        found = _person_run(doc, m, cut, given_name_first(name, lex) and (initial or known))
        if found is not None:
            out.append(found)
    return mentions + out
