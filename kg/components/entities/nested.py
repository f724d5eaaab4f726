"""Names inside names: the person in "the Jane Q. Doe Centre", the maker in "Vellsoft
Navigator".

These mentions leave the host's tokens to the host (the token map keeps the longer name).
Places named inside organisation names ("Bank of Ruritania") are no mentions of the place:
a rule that made them helped only the development articles and cost precision on
held-out news (see ``benchmarks/ablation_entities.py``); measured again with only places
after "of" or inside a facility's name, it still helped the development articles alone
(+0.005 F1) and cost MEANTIME names 0.002, which annotates no names inside names.
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


#: Labels of spans that name a made thing or an event, which a company's name may open.
_PRODUCT_LABELS = frozenset({"PRODUCT", "WORK_OF_ART", "EVENT"})


@rule("maker-name", "mention", '"Tarskco Navigator": the company a product is named after')
def maker_names(ctx: Context, mentions: list[RawMention], spans: list) -> list[RawMention]:
    """The company a product, a service or an event is named after: "Tarskco Navigator",
    "the Vellsoft Cup". A product name is no entity of its own here, but its first word
    names the maker, an organisation of the text: one the document names on its own
    (tagged ORG) or a listed company. Read in the tagger's product, work and event spans
    and in untagged runs of proper nouns. These mentions leave the host's tokens alone.
    """
    doc, lex = ctx.doc, ctx.lex
    covered = {i for m in mentions for i in range(m.start, m.end)}
    orgs = {name_key(m.name) for m in mentions if m.label == "ORG" and len(m.tokens) == 1}
    hosts = [(s, e) for s, e, label in _product_spans(doc) if e - s >= 2]
    i, n = 0, len(doc)
    while i < n:  # untagged proper-noun runs of two or more words
        j = i
        while j < n and j not in covered and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper():
            j += 1
        if j - i >= 2:
            hosts.append((i, j))
        i = max(j, i + 1)
    out = []
    for start, _end in hosts:
        word = doc[start].text
        if start in covered or not word[:1].isupper() or not word.isalpha():
            continue
        if name_key(word) in orgs or lex.has("company", word):
            out.append(RawMention(start, start + 1, "ORG", word, rule="nested"))
            covered.add(start)
    return mentions + out


def _product_spans(doc: Doc) -> list[tuple[int, int, str]]:
    return [(e.start, e.end, e.label_) for e in doc.ents if e.label_ in _PRODUCT_LABELS]
