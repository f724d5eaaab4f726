"""Names inside names: the country in "Bank of Ruritania", the person in "the Jane
Doe Centre", the town in "Springfield Arena".

These mentions leave the host's tokens to the host (the token map keeps the longer name).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from kg.components.entities.lexicon import Lexicon
from kg.components.entities.mentions import RawMention
from kg.components.entities.rules import Context, rule
from kg.components.entities.words import (
    city_of,
    common_word,
    given_name_first,
    press_name,
    region_of,
)
from kg.model import Entity, Relation
from kg.names import name_key, normalise_space

#: Compass words after a place's name ("Elmvale West") and before it ("Southern Ontario").
_COMPASS = frozenset({"North", "South", "East", "West", "Central"})


_COMPASS_ADJ = frozenset({"Northern", "Southern", "Eastern", "Western", "Central"})


def _host_words(doc: Doc, m: RawMention, lex: Lexicon) -> list[str] | None:
    """The words of a name that may hold a place's name: two or more, no place itself."""
    words = [t.text for t in doc[m.start : m.end]]
    if m.rule == "nested" or len(words) < 2 or lex.country(m.name) or region_of(m.name, lex):
        return None
    return words


def _compass_part(m: RawMention, words: list[str]) -> bool:
    return m.label in ("GPE", "LOC") and len(words) == 2 and words[1] in _COMPASS


def _nested_place_host(doc: Doc, m: RawMention, lex: Lexicon) -> list[str] | None:
    """The words of an ORG or FAC name (or "<X> City") that may have a place's name inside,
    unless another nested rule reads it. Never a newspaper's masthead ("The Lagos Herald"
    names no mention of Lagos)."""
    words = _host_words(doc, m, lex)
    if words is None:
        return None
    if _compass_part(m, words):
        return None  # "Elmvale West": a place of its own, not a name with a place inside
    if press_name(words, lex):
        return None  # "The Lagos Herald": the city is part of the newspaper's name
    city = m.label == "GPE" and words[-1] == "City"
    return words if m.label in ("ORG", "FAC") or city else None


def _place_inside(m: RawMention, words: list[str], lex: Lexicon) -> RawMention | None:
    """The longest country, state, province or listed city named inside ``words``."""
    city = m.label == "GPE" and words[-1] == "City"
    for size in (3, 2, 1):
        for a in range(0, len(words) - size + 1):
            sub = " ".join(words[a : a + size])
            place = lex.country(sub) or (not city and (region_of(sub, lex) or city_of(sub, lex)))
            if not place and size == 2 and words[a] in _COMPASS_ADJ and not city:
                place = lex.country(words[a + 1]) or region_of(words[a + 1], lex)
            if sub[:1].isupper() and place and (a, a + size) != (0, len(words)):
                start = m.start + a
                return RawMention(start, start + size, "GPE", sub, rule="nested")
    return None


@rule("nested-place", "mention", '"Bank of Ruritania": a known place named inside a name')
def nested_countries(ctx: Context, mentions: list[RawMention], spans: list) -> list[RawMention]:
    """A country, state or province named inside an organisation's or a facility's name
    ("Bank of Ruritania", "University of Ontario"), also in "<Country> City".

    Not inside other place names ("New South Wales" is no mention of Wales). These
    mentions do not take the host's tokens in the token map.
    """
    out = []
    for m in mentions:
        words = _nested_place_host(ctx.doc, m, ctx.lex)
        found = _place_inside(m, words, ctx.lex) if words else None
        if found is not None:
            out.append(found)
    return mentions + out


@rule("place-named-site", "mention", '"Springfield Arena": a site named after its place')
def _place_named_site(ctx: Context, mentions: list[RawMention], spans: list) -> list[RawMention]:
    out = []
    for m in mentions:
        words = _nested_place_host(ctx.doc, m, ctx.lex)
        if words and _place_inside(m, words, ctx.lex) is None:
            place = _place_named_facility(ctx.doc, m, words, mentions, ctx.lex)
            if place is not None:
                out.append(place)
    return mentions + out


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


_SITE_HEADS = frozenset({"stadium", "arena", "station", "airport", "harbour", "harbor", "port"})


def _place_named_facility(
    doc: Doc, m: RawMention, words: list[str], mentions: list[RawMention], lex: Lexicon
) -> RawMention | None:
    """ "Springfield Arena", "Elmwood Station": a site named after the place it stands in.

    One capitalised word before a stadium/arena/station/airport/port head, that is no
    given name, no common word and no part of a person's name in the document.
    """
    if len(words) != 2 or words[1].casefold() not in _SITE_HEADS:
        return None
    word = words[0]
    if not word[:1].isupper() or lex.is_given_name(word) or common_word(word, lex):
        return None
    if doc[m.start].pos_ not in ("PROPN", ""):
        return None
    people = {w.casefold() for p in mentions if p.label == "PERSON" for w in p.tokens}
    if word.casefold() in people:
        return None
    return RawMention(m.start, m.start + 1, "GPE", word, rule="nested")


def nested_site_relations(doc: Doc, entities: list[Entity], token_entity: dict[int, str]) -> None:
    """A facility named after a place stands in it: "Springfield Arena" locatedIn Springfield."""
    by_key = {e.key: e for e in entities}
    for place in entities:
        for m in place.mentions:
            if m.label != "nested" or place.type == "Person":
                continue
            span = doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
            host = by_key.get(token_entity.get(span.start, "")) if span is not None else None
            if host is None or host.type != "Facility" or host is place:
                continue
            if not any(
                r.predicate == "locatedIn" and r.target == place.key for r in host.relations
            ):
                host.relations.append(Relation("locatedIn", place.key, m.span))
