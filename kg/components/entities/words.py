"""Word and name predicates shared by the entity rules, over the lexicons.

Why one module: "is this a country, a state, a listed city", "is this an organisation or
title word", "does this read as a person's name" are asked by span repairs, typing and
merging alike; each rule must ask them the same way.
"""

from __future__ import annotations

import re

from kg.components.entities.lexicon import Lexicon
from kg.dates import MONTHS, WEEKDAYS
from kg.names import head_index

#: spaCy NER labels we resolve, and the kind each votes for.
LABEL_KINDS = {
    "PERSON": "person",
    "ORG": "org",
    "GPE": "gpe",
    "LOC": "place",
    "FAC": "facility",
}


#: Kind -> entity class when no head word or gazetteer decides.
KIND_TYPES = {
    "person": "Person",
    "org": "Organization",
    "gpe": "GeopoliticalEntity",
    "place": "Place",
    "facility": "Facility",
    "group": "Group",
    "product": "Product",
}


#: Preference among tied votes.
KIND_ORDER = ("person", "gpe", "org", "group", "place", "facility", "product")


#: Facility words strong enough to overrule a PERSON tag ("Elmwood Road").
STRONG_FACILITY = frozenset(
    {"road", "street", "avenue", "boulevard", "square", "station", "airport", "stadium"}
    | {"arena", "museum", "center", "centre", "bridge", "highway", "hotel", "mosque"}
    | {"cathedral", "palace", "prison", "barracks"}
)


STANCE = re.compile(r"^(?:pro|anti|pan|non|ex|neo|post|pre)-", re.I)


DETERMINERS = frozenset({"the", "a", "an", "this", "that"})


POSSESSIVE = frozenset({"'s", "\u2019s", "'", "\u2019"})


MONTHS_DAYS = frozenset(MONTHS) | frozenset(WEEKDAYS)


def name_word(tok, lex: Lexicon) -> bool:
    w = tok.text.casefold()
    return (
        tok.pos_ in ("PROPN", "")
        and tok.text[:1].isupper()
        and not any(lex.has(c, w) for c in ("org", "gov", "facility", "title", "honorific"))
        and lex.demonym_country(tok.text) is None
    )


def common_word(word: str, lex: Lexicon) -> bool:
    w = word.casefold()
    return any(lex.has(c, w) for c in ("org", "gov", "facility", "title", "title_mod", "honorific"))


def region_of(name: str, lex: Lexicon) -> str | None:
    """The country of a state or province name, unless the name is also a given name."""
    if lex.is_given_name(name):
        return None  # "Victoria": a state, or a woman
    return lex.region(name)


def city_of(name: str, lex: Lexicon) -> str | None:
    """The country of a listed city, unless the name is also a given name, country or state.

    >>> from kg.components.entities.lexicon import lexicon
    >>> city_of("Nairobi", lexicon()), city_of("Orlando", lexicon())
    ('Kenya', None)
    """
    if lex.is_given_name(name) or lex.country(name) or lex.region(name):
        return None  # "Orlando": a city, or a man; "Singapore": a country
    return lex.city(name)


def place_name(name: str, lex: Lexicon) -> bool:
    """A country, a state or province, a listed city, or a continent or world region."""
    return bool(
        lex.country(name) or region_of(name, lex) or city_of(name, lex) or lex.has("area", name)
    )


def press_name(words: list[str], lex: Lexicon) -> bool:
    """ "<Place> <Star|Times|Herald ...>": a newspaper named after its city ("Lagos Herald").

    A place name followed by one masthead word; a person's name never is ("Mary Sun").
    """
    if len(words) < 2 or not lex.has("press", words[-1].casefold()):
        return False
    return words[-1][:1].isupper() and place_name(" ".join(words[:-1]), lex)


#: Natural features named with their kind word first ("Mount Kenya", "Lake Tana").
_FEATURE_FIRST = frozenset({"mount", "mt.", "lake", "cape"})


def feature_name(words: list[str], lex: Lexicon) -> bool:
    """A natural feature: "Zambezi River", "the Rift Valley", "Mount Elgon", "Lake Tana".

    The head word (last, or before "of": "Plains of Zor") is a landform or water word, or
    "Mount"/"Lake"/"Cape" opens a two- or three-word name. Never a name that starts with
    a common given name ("Michael Bay", "Ricki Lake").
    """
    if len(words) < 2 or not all(w[:1].isupper() or w in ("of", "the") for w in words):
        return False
    if lex.is_given_name(words[0]):
        return False
    head = words[head_index(words)].casefold()
    if any(lex.has(c, head) for c in ("facility", "org", "gov")):
        return False  # "Lake Shore Drive", "Mount Sinai Hospital"
    first = words[0].casefold() in _FEATURE_FIRST and len(words) <= 3
    return lex.has("feature", head) or first


def title_text(words: list[str], lex: Lexicon) -> str:
    """A title from a run of title words, without honorifics: "Interior Minister"."""
    kept = [w for w in words if not lex.has("honorific", w.casefold())]
    return " ".join(kept)


def person_like(name: str, lex: Lexicon) -> bool:
    """A name that could be a person's: 2-4 capitalised words, none an org or place word."""
    words = name.split()
    return 2 <= len(words) <= 4 and all(
        w[:1].isupper() and not common_word(w, lex) and not lex.country(w) for w in words
    )


def given_name_first(name: str, lex: Lexicon) -> bool:
    """A two- or three-word name starting with a common given name: a person's name.

    >>> from kg.components.entities.lexicon import lexicon
    >>> given_name_first("Mary Okafor", lexicon()), given_name_first("Mary Okafor Trust", lexicon())
    (True, False)
    """
    words = name.split()
    return 2 <= len(words) <= 3 and lex.is_given_name(words[0]) and person_like(name, lex)
