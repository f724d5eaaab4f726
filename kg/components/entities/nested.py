"""Names inside names: the country in "Bank of Ruritania", the person in "the Jane
Doe Centre", the town in "Springfield Arena".

These mentions leave the host's tokens to the host (the token map keeps the longer name).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from kg.components.entities.lexicon import Lexicon
from kg.components.entities.mentions import RawMention
from kg.components.entities.words import (
    city_of,
    common_word,
    given_name_first,
    place_name,
    press_name,
    region_of,
)
from kg.model import Entity, Relation
from kg.names import is_capitalised, name_key, normalise_space

#: Compass words after a place's name ("Elmvale West") and before it ("Southern Ontario").
_COMPASS = frozenset({"North", "South", "East", "West", "Central"})


_COMPASS_ADJ = frozenset({"Northern", "Southern", "Eastern", "Western", "Central"})


#: Administrative units named "<Unit> of <Place>" ("Municipality of Elmvale", "City of Vell").
_ADMIN_UNITS = frozenset(
    {"municipality", "city", "province", "region", "district", "county", "borough", "town"}
    | {"village", "governorate", "prefecture", "commune", "canton", "oblast"}
)


def _admin_of(words: list[str]) -> bool:
    """ "Municipality of Elmvale": a unit word, "of", then one to three capitalised words."""
    return (
        3 <= len(words) <= 5
        and words[0].casefold() in _ADMIN_UNITS
        and words[1] == "of"
        and all(is_capitalised(w) for w in words[2:])
    )


def nested_countries(doc: Doc, mentions: list[RawMention], lex: Lexicon) -> list[RawMention]:
    """A country, state or province named inside an organisation's or a facility's name
    ("Bank of Ruritania", "University of Ontario").

    Also "<Country> City" and "Municipality of <Place>". Not inside other place names
    ("New South Wales" is no mention of Wales). These mentions do not take the host's
    tokens in the token map.
    """
    out = []
    for m in mentions:
        words = [t.text for t in doc[m.start : m.end]]
        if len(words) < 2 or lex.country(m.name) or region_of(m.name, lex):
            continue
        if m.label in ("ORG", "FAC", "GPE") and _admin_of(words):
            # "the Municipality of Elmvale": the body or area of the place it names
            out.append(RawMention(m.start + 2, m.end, "GPE", " ".join(words[2:]), rule="nested"))
            continue
        city = m.label == "GPE" and words[-1] == "City"
        press = m.label in ("PERSON", "GPE") and press_name(words, lex)
        if m.label in ("GPE", "LOC") and len(words) == 2 and words[1] in _COMPASS:
            # "Elmvale West": the western part of Elmvale, which is a place of its own
            out.append(RawMention(m.start, m.start + 1, "GPE", words[0], rule="nested"))
            continue
        if m.label not in ("ORG", "FAC") and not city and not press:
            continue
        for size in (3, 2, 1):
            found = False
            for a in range(0, len(words) - size + 1):
                sub = " ".join(words[a : a + size])
                place = lex.country(sub) or (
                    not city and (region_of(sub, lex) or city_of(sub, lex))
                )
                if not place and size == 2 and words[a] in _COMPASS_ADJ and not city:
                    place = lex.country(words[a + 1]) or region_of(words[a + 1], lex)
                if sub[:1].isupper() and place and (a, a + size) != (0, len(words)):
                    start = m.start + a
                    out.append(RawMention(start, start + size, "GPE", sub, rule="nested"))
                    found = True
                    break
            if found:
                break
        else:
            place = _place_named_facility(doc, m, words, mentions, lex)
            if place is not None:
                out.append(place)
    return out


_INITIAL = re.compile(r"^[A-Z]\.$")


#: Words that name what a memorial remembers when it is no person ("War Memorial").
_MEMORIAL_SUBJECTS = frozenset(
    {"war", "peace", "veterans", "holocaust", "genocide", "national", "victims", "heroes"}
    | {"martyrs", "soldiers", "freedom", "independence", "liberty", "unknown", "world"}
)


def nested_people(doc: Doc, mentions: list[RawMention], lex: Lexicon) -> list[RawMention]:
    """A person a building or body is named after: "the Amara Diallo Centre", "the Chen
    Wei Ming Memorial Hall".

    The run before the first organisation or facility word must be a person's name: two
    or three words starting with a common given name, with a middle initial or named as a
    person elsewhere in the text, or two to four name words before "Memorial".
    Like nested places, these mentions leave the host's tokens to the host.
    """
    out = []
    people = {name_key(m.name) for m in mentions if m.label == "PERSON"}
    for m in mentions:
        # a PERSON tag over "Jane Doe Centre" too: the head word makes it a facility
        if m.label not in ("ORG", "FAC", "PERSON") or m.rule == "nested":
            continue
        tokens = list(doc[m.start : m.end])
        cut = next((i for i, t in enumerate(tokens) if common_word(t.text, lex)), None)
        memorial = next((i for i, t in enumerate(tokens) if t.text == "Memorial"), None)
        if memorial is not None and (cut is None or memorial <= cut):
            run = tokens[:memorial]
            words = normalise_space(doc[m.start : m.start + memorial].text).split()
            person = 2 <= len(words) <= 4 and all(_memorial_name_word(w, lex) for w in words)
        elif cut is not None and cut >= 2:
            run = tokens[:cut]
            name = normalise_space(doc[m.start : m.start + cut].text)
            initial = any(_INITIAL.match(w) for w in name.split()[1:-1])
            known = name_key(name) in people
            person = given_name_first(name, lex) and (initial or known)
        else:
            continue
        if person and all(t.pos_ in ("PROPN", "") for t in run if t.text != "-"):
            name = normalise_space(doc[m.start : m.start + len(run)].text)
            out.append(RawMention(m.start, m.start + len(run), "PERSON", name, rule="nested"))
    return out


def _memorial_name_word(word: str, lex: Lexicon) -> bool:
    plural = word.endswith("s") and not word.endswith(("ss", "us", "is"))
    return (
        is_capitalised(word)
        and not plural
        and word.casefold() not in _MEMORIAL_SUBJECTS
        and not common_word(word, lex)
        and not place_name(word, lex)
        and lex.demonym_country(word) is None
    )


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
