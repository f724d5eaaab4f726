"""Name helpers: plain string and token-list functions, no spaCy, no rdflib.

Why a module beside :mod:`kg.model`: the in-document entity resolver
(:mod:`kg.components.entities`) and the corpus resolver (:mod:`kg.corpus`, which runs in
the main process of a parallel build and never parses) must compare names the same way.
Each rule here decides whether two surface forms can denote one actor, and each is
testable alone ("Okafor" may be "Jane Okafor"; "Smith" is not both "John Smith" and
"Mary Smith").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from kg import vocab

#: The IRI kinds of entities (``id:<kind>/<slug>``) and the class each covers, with all the
#: classes below it in ``ontology/kg.ttl`` (:mod:`kg.vocab`); the first that applies wins,
#: and every other entity is an ``organization/...`` (see :func:`coarse_type`).
IRI_KINDS = (("Person", "person"), ("Place", "place"), ("Artifact", "artifact"))


def __getattr__(name: str) -> frozenset[str]:
    """``PERSON_CLASSES`` and ``PLACE_CLASSES``, read from the ontology on first use."""
    if name == "PERSON_CLASSES":
        return frozenset(vocab.subclasses("Person"))
    if name == "PLACE_CLASSES":
        return frozenset(vocab.place_classes())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def coarse_type(entity_type: str) -> str:
    """The IRI-level kind of an entity: person, place, artifact or organization.

    Finer classes (Country vs City, Group vs GovernmentBody) may be revised by later
    evidence; the IRI depends only on this coarse kind so it never changes with them.

    >>> coarse_type("City"), coarse_type("GovernmentBody"), coarse_type("Weapon")
    ('place', 'organization', 'artifact')
    """
    return _coarse_type(entity_type)


@functools.lru_cache(maxsize=256)
def _coarse_type(entity_type: str) -> str:
    return next((kind for cls, kind in IRI_KINDS if vocab.is_a(entity_type, cls)), "organization")


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A comparison key for names: case, dots, quotes and spacing do not matter.

    Cached: the resolver asks for the keys of the same few hundred names thousands of times.

    >>> name_key("U.S.") == name_key("US") == name_key("u.s")
    True
    >>> name_key("New People's Party") == name_key("New People Party")
    True
    >>> name_key("Côte d’Ivoire")
    "côte d'ivoire"
    """
    name = name.replace("\u2019", "'").replace(".", "")
    name = re.sub(r"(?<=\w)'s\b", "", name)  # "People's Party" = "People Party"
    return " ".join(name.casefold().split())


#: Words skipped when reading an acronym off a long name ("Bank of England" -> "BoE"/"BE").
FUNCTION_WORDS = frozenset({"of", "and", "the", "for", "&", "de", "la", "du", "on", "in", "at"})
#: Legal-form words after a company's name ("Acme Motors Corp."), left out of its acronym.
CORPORATE_SUFFIXES = frozenset(
    {"inc", "inc.", "corp", "corp.", "co", "co.", "ltd", "ltd.", "plc", "llc", "ag", "sa"}
)
#: Prepositions after which a long name's head has been said ("Museum of Modern Art" -> Museum).
HEAD_BREAKS = frozenset({"of", "for", "on", "at", "in", "de"})


def is_acronym(name: str) -> bool:
    """Whether ``name`` looks like an acronym ("NATO", "U.N.", "RSNA").

    >>> [is_acronym(n) for n in ("NATO", "U.N.", "Nato", "A", "RSNA")]
    [True, True, False, False, True]
    """
    letters = name.replace(".", "").replace("&", "")
    return 2 <= len(letters) <= 8 and letters.isalpha() and letters.isupper()


def initials(tokens: Sequence[str]) -> list[str]:
    """Candidate acronyms of a long name: with and without its function words.

    >>> initials(["Ruritanian", "State", "News", "Agency"])
    ['RSNA']
    >>> sorted(initials(["Bank", "of", "England"]))
    ['BE', 'BOE']
    >>> sorted(initials(["General", "Motors", "Corp."]))
    ['GM', 'GMC']
    """
    parts = [t for t in tokens if t and t[0].isalpha()]
    content = [t for t in parts if t.casefold() not in FUNCTION_WORDS]
    out = {"".join(t[0] for t in content).upper(), "".join(t[0] for t in parts).upper()}
    if len(content) > 2 and content[-1].casefold() in CORPORATE_SUFFIXES:
        out.add("".join(t[0] for t in content[:-1]).upper())  # "GM": General Motors Corp.
    # hyphenated words give one letter per part ("Anglo-American Mining Company")
    split = [p for t in content for p in t.split("-") if p]
    out.add("".join(p[0] for p in split).upper())
    return sorted(o for o in out if len(o) >= 2)


def acronym_matches(acronym: str, tokens: Sequence[str]) -> bool:
    """Whether ``acronym`` abbreviates the long name ``tokens``.

    >>> acronym_matches("RSNA", ["Ruritanian", "State", "News", "Agency"])
    True
    >>> acronym_matches("NLF", ["National", "Liberation", "Front"])
    True
    >>> acronym_matches("NLF", ["National", "Front"])
    False
    """
    if len(tokens) < 2:
        return False
    return acronym.replace(".", "").upper() in initials(tokens)


def head_index(tokens: Sequence[str]) -> int:
    """Index of the head word of a name: the last word before "of"/"for"/..., else the last.

    >>> head_index(["Museum", "of", "Modern", "Art"])
    0
    >>> head_index(["Riverside", "Space", "Center"])
    2
    """
    for i, t in enumerate(tokens):
        if i > 0 and t.casefold() in HEAD_BREAKS:
            return i - 1
    return len(tokens) - 1


def short_form_of(short: Sequence[str], long: Sequence[str], *, person: bool) -> bool:
    """Whether ``short`` is a short form of the longer name ``long``.

    A person is named by the first or last part of the name ("Okafor" for "Jane Okafor",
    "De Souza" for "Maria De Souza"); an organisation by a leading or trailing run of at
    least two words ("Foreign Ministry" for "Ruritania Foreign Ministry").

    >>> short_form_of(["Okafor"], ["Jane", "Okafor"], person=True)
    True
    >>> short_form_of(["Smith"], ["Mary", "Smith"], person=True)
    True
    >>> short_form_of(["John", "Smith"], ["Mary", "Smith"], person=True)
    False
    >>> short_form_of(["Acme"], ["Acme", "Science", "Fair"], person=False)
    False
    """
    s = [t.casefold() for t in short]
    lg = [t.casefold() for t in long]
    if len(s) >= len(lg) or not s:
        return False
    if not person and len(s) < 2:
        return False
    return lg[: len(s)] == s or lg[-len(s) :] == s


def is_capitalised(word: str) -> bool:
    """Whether a word starts with a capital letter or a digit (a name-like word).

    >>> [is_capitalised(w) for w in ("Okafor", "pro-government", "3M", "de")]
    [True, False, True, False]
    """
    return bool(word) and (word[0].isupper() or word[0].isdigit())


_SPACE = re.compile(r"\s+")


def normalise_space(text: str) -> str:
    """One space between words, curly apostrophes straightened.

    >>> normalise_space("Anna\\n  Ferreira’s")
    "Anna Ferreira's"
    """
    return _SPACE.sub(" ", text.replace("\u2019", "'")).strip()


def spelling_variant(a: str, b: str) -> bool:
    """Whether two words are one name spelt two ways, the first and last letters kept:
    one letter changed, added or dropped in a word of five letters or more, two in a word
    of eight or more.

    News copy misspells names ("Katrin"/"Katryn", "Brandvold"/"Brandold", "Hallvardsen"/
    "Hallvarsden"); the ends stay because that is where related names differ ("Louis"/
    "Louise", "Maria"/"Marie").

    >>> [spelling_variant(a, b) for a, b in [("Katrin", "Katryn"), ("Brandvold", "Brandold")]]
    [True, True]
    >>> spelling_variant("Hallvardsen", "Hallvarsden"), spelling_variant("Carlson", "Carsten")
    (True, False)
    >>> [spelling_variant(a, b) for a, b in [("Louis", "Louise"), ("Mark", "Mary")]]
    [False, False]
    """
    a, b = a.casefold(), b.casefold()
    shortest = min(len(a), len(b))
    if a == b or shortest < 5 or a[0] != b[0] or a[-1] != b[-1]:
        return False
    if not (a.isalpha() and b.isalpha()):
        return False
    allowed = 2 if shortest >= 8 else 1
    return abs(len(a) - len(b)) <= allowed and _edit_distance(a, b, allowed) <= allowed


def _edit_distance(a: str, b: str, cap: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``cap + 1`` once it exceeds ``cap``."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        if min(current) > cap:
            return cap + 1
        previous = current
    return previous[-1]


def name_variant(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two person names differ by the spelling of one word.

    Names of the same length with one word spelt two ways ("Katrin Doe"/"Katryn Doe"),
    or a bare surname spelt another way than a full name's ("Brandold" for "Jo Brandvold").

    >>> name_variant(["Katrin", "Okafor"], ["Katryn", "Okafor"])
    True
    >>> name_variant(["Brandold"], ["Jo", "Brandvold"])
    True
    >>> name_variant(["Jo", "Brandvold"], ["Brandold"])
    True
    >>> name_variant(["Katrin", "Okafor"], ["Katryn", "Okafur"])
    False
    """
    if len(a) == 1 and len(b) > 1:
        return spelling_variant(a[0], b[-1])
    if len(b) == 1 and len(a) > 1:
        return spelling_variant(b[0], a[-1])
    if len(a) != len(b):
        return False
    differ = [(x, y) for x, y in zip(a, b, strict=True) if x.casefold() != y.casefold()]
    return len(differ) == 1 and spelling_variant(*differ[0])
