"""Typing: the class of an entity from its mentions' votes and its names.

Each mention votes for a kind with its spaCy label and the evidence next to it; the
names then overrule the vote where they are decisive (a country, a head word such as
"Party" or "Road", a newspaper's masthead, a landform).
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc

from kg.components.entities.lexicon import Lexicon
from kg.components.entities.mentions import RawMention
from kg.components.entities.words import (
    KIND_ORDER,
    KIND_TYPES,
    LABEL_KINDS,
    STRONG_FACILITY,
    city_of,
    common_word,
    feature_name,
    given_name_first,
    press_name,
    region_of,
)
from kg.names import head_index, is_acronym


def kind_votes(mentions: list[RawMention], *, cluster: bool = False) -> Counter:
    """Votes for the kind of a name group: one per model tag, more for textual evidence.

    In a ``cluster`` that has a full (several-word) name, a bare one-word short form's tag
    counts a quarter: the small model tags "Okafor said" as a place or an organisation far
    more often than it mistags "Jane Okafor".
    """
    votes: Counter = Counter()
    has_full = cluster and any(len(m.tokens) > 1 for m in mentions)
    for m in mentions:
        kind = "group" if m.label == "NORP" else LABEL_KINDS.get(m.label)
        if kind:
            # a possessive tagged ORG is a known error of the small model: half a vote
            weight = 0.5 if (m.possessive and kind == "org") else 1.0
            votes[kind] += weight / 4 if has_full and len(m.tokens) == 1 else weight
        if m.person_evidence:
            votes["person"] += 2.0
        if m.group_evidence:
            votes["group"] += 3.0  # a people, whatever the tags
        if m.org_evidence and not m.person_evidence:
            # the text says what the name is ("the group X"): outweighs two model tags
            votes["org"] += 3.0
        if m.place_context and not m.person_evidence and kind in ("person", "org"):
            votes["gpe"] += 1.5  # "in Ruritania" tagged PERSON: the preposition knows better
    return votes


def _top_kind(votes: Counter) -> str:
    return max(KIND_ORDER, key=lambda k: (votes.get(k, 0.0), -KIND_ORDER.index(k)))


def entity_type(names: list[str], votes: Counter, lex: Lexicon) -> str:
    """The class of an entity from its names and its mentions' votes.

    >>> from collections import Counter
    >>> from kg.components.entities.lexicon import lexicon
    >>> entity_type(["Elmwood Road"], Counter(person=1), lexicon())
    'Facility'
    >>> entity_type(["Liberal Party"], Counter(person=1), lexicon())
    'Organization'
    >>> entity_type(["Ruritania City"], Counter(gpe=1), lexicon())
    'GeopoliticalEntity'
    >>> entity_type(["France"], Counter(gpe=2, person=1), lexicon())
    'Country'
    >>> entity_type(["Centre for Coastal Studies"], Counter(facility=1), lexicon())
    'Organization'
    """
    kind = _top_kind(votes)
    person_only = set(votes) <= {"person"}
    if not person_only and any(lex.country(n) for n in names):
        return "Country"
    if kind != "person" and all(lex.has("area", n) for n in names):
        return "Place"  # "North America", "the Sahel": a region that is no polity
    if kind != "person" and all(region_of(n, lex) for n in names):
        return "GeopoliticalEntity"  # "Ontario" tagged ORG: a province
    if kind != "person" and all(city_of(n, lex) for n in names):
        return "GeopoliticalEntity"  # "Nairobi" tagged ORG: a city
    full = max(names, key=lambda n: (len(n.split()), n))
    words = full.split()
    if press_name(words, lex):
        return "Organization"  # "Lagos Herald" tagged PERSON or GPE: a newspaper
    if feature_name(words, lex):
        return "Place"  # "Zambezi River" tagged PERSON or ORG: a natural feature
    head = words[head_index(words)].casefold().strip(".,")
    head = re.sub(r"-\d+[a-z]?$", "", head)  # "Hangar-2": a facility
    after_of = head_index(words) < len(words) - 1
    strong_person = kind == "person" and votes.get("person", 0) > sum(votes.values()) / 2
    if len(words) > 1 and lex.has("org_lead", words[0]):
        return "Organization"  # "Instituto Ruiz", "Partito Verde": the head comes first
    # "Centre for Policy Studies", "Center for Disease Control": a body, not a building
    for_body = after_of and words[head_index(words) + 1].casefold() == "for"
    if for_body and head in ("center", "centre"):
        return "Organization"
    facility = lex.has("facility", head) and not (after_of and head in ("house", "hall"))
    if facility and (not strong_person or head in STRONG_FACILITY):
        return "Facility"
    if lex.has("gov", head) and len(words) > 1:
        return "GovernmentBody"
    if lex.has("org", head) and len(words) > 1:
        return "Organization"
    if kind == "org" and given_name_first(full, lex):
        return "Person"
    if votes.get("group") and kind != "person":
        return "Group"
    return KIND_TYPES[kind]


def group_kind(name: str, votes: Counter, lex: Lexicon) -> str:
    """The kind a name group votes for, a given name first overruling an ORG tag."""
    kind = _top_kind(votes)
    if kind == "org" and given_name_first(name, lex):
        return "person"
    return kind


def is_surname(ms: list[RawMention], names: list[str], surnames: set[str], lex: Lexicon) -> bool:
    """A one-word name that is the surname of people of the document is a person's name.

    The short-form rule joins "Okafor" to "Jane Okafor" only when exactly one person
    fits; with two (or a misspelt one) it stays apart, and the model often tags it ORG or
    GPE. Not when the text calls it a place or an organisation ("in Okafor", "the firm
    Okafor"), nor for a country or a name with an organisation or place head word.
    """
    if len(names) != 1 or len(names[0].split()) != 1 or names[0].casefold() not in surnames:
        return False
    if any(m.place_context or m.org_evidence for m in ms) or lex.country(names[0]):
        return False
    return not common_word(names[0], lex)


def is_family(doc: Doc, ms: list[RawMention], names: list[str], surnames: set[str]) -> bool:
    """ "the Okafors": the plural of the surname of people of the document is their family.

    One word, after "the": a surname of the document and "s" ("es" after a hiss).
    """
    if len(names) != 1 or len(names[0].split()) != 1 or not names[0].endswith("s"):
        return False
    stem = names[0].casefold()
    sibilant = stem.endswith("es") and stem[:-2].endswith(("s", "x", "z", "ch", "sh"))
    if stem[:-1] not in surnames and not (sibilant and stem[:-2] in surnames):
        return False  # "the Okafors", "the Joneses"
    return any(m.start > 0 and doc[m.start - 1].text.casefold() == "the" for m in ms)


def entity_label(names: list[str], counts: Counter, lex: Lexicon) -> str:
    for n in names:
        c = lex.canonical(n)
        if c:
            return c
    full = [n for n in names if not is_acronym(n)] or names
    return max(full, key=lambda n: (len(n.split()), counts[n], len(n), n))
