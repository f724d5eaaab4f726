"""Typing: the class of an entity from its mentions' votes and its names.

Each mention votes for a kind with its spaCy label and the evidence next to it; the
names then overrule the vote where they are decisive (a country, a head word such as
"Party" or "Road", a newspaper's masthead, a landform).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc

from kg.components.entities.lexicon import Lexicon
from kg.components.entities.mentions import RawMention
from kg.components.entities.rules import RuleSet, rule
from kg.components.entities.words import (
    KIND_ORDER,
    KIND_TYPES,
    LABEL_KINDS,
    STRONG_FACILITY,
    city_of,
    common_word,
    feature_name,
    given_name_first,
    place_name,
    press_name,
    region_of,
)
from kg.names import head_index, is_acronym


def kind_votes(
    mentions: list[RawMention], *, cluster: bool = False, rules: RuleSet | None = None
) -> Counter:
    """Votes for the kind of a name group: one per model tag, more for textual evidence.

    Each mention's evidence counts once per kind, at its strongest weight. What the text
    says of a person (a title, an age) outweighs what it says of an organisation or a
    place; "in X" overrules only a PERSON or ORG tag. The ``vote`` rules scale a tag's
    vote (a possessive ORG, a bare short form in a cluster with a full name).
    """
    rules = rules or RuleSet()
    factors = rules.of("vote")
    votes: Counter = Counter()
    has_full = cluster and any(len(m.tokens) > 1 for m in mentions)
    for m in mentions:
        kind = "group" if m.label == "NORP" else LABEL_KINDS.get(m.label)
        if kind:
            weight = 1.0
            for r in factors:
                weight *= r.fn(m, kind, has_full)
            votes[kind] += weight
        strongest: dict[str, float] = {}
        for e in m.evidence:
            strongest[e.kind] = max(strongest.get(e.kind, 0.0), e.weight)
        person = "person" in strongest
        for ev_kind, weight in sorted(strongest.items()):
            if ev_kind in ("org", "gpe") and person:
                continue  # a title or an age next to it: a person, whatever else is said
            if ev_kind == "gpe" and kind not in ("person", "org"):
                continue  # "in X" corrects a PERSON or ORG tag, no other
            votes[ev_kind] += weight
    return votes


@rule("possessive-org-half", "vote", "a possessive tagged ORG counts half (a known model error)")
def _possessive_org(m: RawMention, kind: str, has_full: bool) -> float:
    return 0.5 if m.possessive and kind == "org" else 1.0


@rule("short-form-quarter", "vote", "a one-word short form's tag counts a quarter by a full name")
def _short_form_quarter(m: RawMention, kind: str, has_full: bool) -> float:
    return 0.25 if has_full and len(m.tokens) == 1 else 1.0


def _top_kind(votes: Counter) -> str:
    return max(KIND_ORDER, key=lambda k: (votes.get(k, 0.0), -KIND_ORDER.index(k)))


@dataclass(frozen=True, slots=True)
class Names:
    """What the typing rules read: an entity's names, its vote and its longest name."""

    names: list[str]
    votes: Counter
    lex: Lexicon
    kind: str = ""
    full: str = ""
    words: tuple[str, ...] = ()
    head: str = ""  # the head word, lower case ("Museum" of "Museum of Modern Art")
    after_of: bool = False  # words follow the head ("Museum of ...")

    @classmethod
    def of(cls, names: list[str], votes: Counter, lex: Lexicon) -> Names:
        full = max(names, key=lambda n: (len(n.split()), n))
        words = full.split()
        head = words[head_index(words)].casefold().strip(".,")
        after_of = head_index(words) < len(words) - 1
        kind = _top_kind(votes)
        return cls(names, votes, lex, kind, full, tuple(words), head, after_of)

    @property
    def strong_person(self) -> bool:
        return self.kind == "person" and self.votes.get("person", 0) > sum(self.votes.values()) / 2


def entity_type(
    names: list[str], votes: Counter, lex: Lexicon, rules: RuleSet | None = None
) -> str:
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
    return decide_type(names, votes, lex, rules)[0]


def decide_type(
    names: list[str], votes: Counter, lex: Lexicon, rules: RuleSet | None = None
) -> tuple[str, str]:
    """The class of an entity and the id of the rule that decided it (none when no
    ``typing`` rule did, "label-vote" left out too: the vote stands)."""
    n = Names.of(names, votes, lex)
    for r in (rules or RuleSet()).of("typing"):
        found = r.fn(n)
        if found is not None:
            return found, r.id
    return KIND_TYPES[n.kind], ""


@rule("country-name", "typing", "a name in the country gazetteer is a Country")
def _country(n: Names) -> str | None:
    person_only = set(n.votes) <= {"person"}
    return "Country" if not person_only and any(n.lex.country(x) for x in n.names) else None


@rule("world-region", "typing", '"North America", "the Sahel": a region that is no polity')
def _world_region(n: Names) -> str | None:
    return "Place" if n.kind != "person" and all(n.lex.has("area", x) for x in n.names) else None


@rule("region-name", "typing", "a state or province in the gazetteer is a polity")
def _region(n: Names) -> str | None:
    if n.kind != "person" and all(region_of(x, n.lex) for x in n.names):
        return "GeopoliticalEntity"
    return None


@rule("city-name", "typing", "a listed city is a polity")
def _city(n: Names) -> str | None:
    if n.kind != "person" and all(city_of(x, n.lex) for x in n.names):
        return "GeopoliticalEntity"
    return None


@rule("press-name", "typing", '"<Place> Herald": a newspaper named after its city')
def _press(n: Names) -> str | None:
    return "Organization" if press_name(list(n.words), n.lex) else None


@rule("feature-name", "typing", '"Zambezi River", "Mount Elgon": a natural feature')
def _feature(n: Names) -> str | None:
    return "Place" if feature_name(list(n.words), n.lex) else None


@rule("centre-for", "typing", '"Centre for X Studies": a body, not a building')
def _centre_for(n: Names) -> str | None:
    for_body = n.after_of and n.words[head_index(n.words) + 1].casefold() == "for"
    return "Organization" if for_body and n.head in ("center", "centre") else None


@rule("facility-head", "typing", '"Elmwood Road", "X Stadium": a facility head word')
def _facility(n: Names) -> str | None:
    head = n.head
    facility = n.lex.has("facility", head) and not (n.after_of and head in ("house", "hall"))
    if facility and (not n.strong_person or head in STRONG_FACILITY):
        return "Facility"
    return None


@rule("government-head", "typing", '"X Ministry", "X Council": a government head word')
def _government(n: Names) -> str | None:
    return "GovernmentBody" if n.lex.has("gov", n.head) and len(n.words) > 1 else None


@rule("org-head", "typing", '"X Party", "X Bank": an organisation head word')
def _org(n: Names) -> str | None:
    return "Organization" if n.lex.has("org", n.head) and len(n.words) > 1 else None


@rule(
    "industry-head", "typing", '"Acme Aircraft", "Doe Motors": a line of business heads a company'
)
def _industry(n: Names) -> str | None:
    """A company named for its founder and its business ("Jane Doe Software") is no person:
    the industry word heads the name, so it decides over a PERSON tag."""
    last = n.words[-1].casefold().strip(".,")
    return "Organization" if len(n.words) > 1 and n.lex.has("industry", last) else None


@rule("listed-place-tag", "retype", "a listed place tagged PERSON with nothing personal: a place")
def _listed_place(
    doc: Doc, ms: list[RawMention], names: list[str], type_: str, surnames: set[str], lex: Lexicon
) -> str | None:
    """ "flew from Marseille": the small model tags many city names PERSON. A name in the
    city, region or country gazetteer is the place when no title, age or describing noun
    says it is a person, it is never the subject of a verb ("Florence said"), no common
    given name and no word of a person's name in the document (the surname of "Jane
    London")."""
    if type_ != "Person" or any(m.person_evidence for m in ms):
        return None
    if any(doc[m.start : m.end].root.dep_ in ("nsubj", "nsubjpass") for m in ms):
        return None  # "Florence said": the subject of a verb is left to the tagger
    for name in names:
        words = name.split()
        if not (lex.country(name) or region_of(name, lex) or city_of(name, lex)):
            return None
        if any(lex.is_given_name(w) or w.casefold() in surnames for w in words):
            return None
    return "Country" if lex.country(names[0]) else "GeopoliticalEntity"


@rule(
    "plural-name-body", "retype", '"the Vellmarks" tagged PERSON: a plural name is a band or team'
)
def _plural_name_body(
    doc: Doc, ms: list[RawMention], names: list[str], type_: str, surnames: set[str], lex: Lexicon
) -> str | None:
    """One person has no plural name: "the Vellmarks said" names a band, a team or a
    party. A name tagged as a person, plural (a proper noun in the plural) after "the"
    wherever it occurs, with no title or age beside it, is an organisation; a family
    ("the Okafors", the plural of a surname of the text) is left to the family rule."""
    if type_ != "Person" or any(m.person_evidence for m in ms) or len(names) != 1:
        return None
    if is_family(doc, ms, names, surnames):
        return None
    for m in ms:
        root = doc[m.start : m.end].root
        the = m.start > 0 and doc[m.start - 1].text.casefold() == "the"
        if root.tag_ != "NNPS" or not root.text.endswith("s") or not the:
            return None
    return "Organization"


_DESCRIBING = frozenset({"describing-noun", "comma-describing-noun"})


@rule(
    "described-body",
    "retype",
    '"the airline, Vellair," outweighs PERSON tags on every later "Vellair"',
)
def _described_body(
    doc: Doc, ms: list[RawMention], names: list[str], type_: str, surnames: set[str], lex: Lexicon
) -> str | None:
    """A text says once what a name is ("the Ruritanian airline, Vellair,") and then uses
    the bare name; the small model may tag each later use PERSON, and those tags outvote
    the one description. A body noun describing any mention decides, unless a title, an
    age or a person noun describes another (then the votes stand)."""
    if type_ != "Person":
        return None
    body = any(e.rule in _DESCRIBING and e.kind == "org" for m in ms for e in m.evidence)
    return "Organization" if body and not any(m.person_evidence for m in ms) else None


#: A model designation: digits, or letters and digits ("787", "A380", "3G", "S10").
_MODEL = re.compile(r"^(?=.*\d)[A-Za-z]{0,3}\d+[A-Za-z]{0,3}$")


#: Words numbered like models that name no product: places and parts of them, broadcasters,
#: flights, and the parts of texts and laws ("Terminal 5", "Channel 4", "Article 5").
_NUMBERED_NON_PRODUCTS = frozenset(
    {"terminal", "gate", "route", "platform", "pier", "area", "sector", "zone", "ward"}
    | {"block", "precinct", "level", "channel", "radio", "flight", "article", "section"}
    | {"chapter", "resolution", "proposition", "amendment", "season", "phase", "stage"}
)


@rule("model-name", "typing", '"Boeing 787", "Windows 7": a maker or line and a model number')
def _model_name(n: Names) -> str | None:
    words = n.words
    if len(words) < 2 or not _MODEL.match(words[-1]):
        return None
    before = words[-2]
    numbered = common_word(before, n.lex) or before.casefold() in _NUMBERED_NON_PRODUCTS
    if not before[:1].isupper() or numbered or n.lex.has("press", before):
        return None  # "Terminal 5", "Channel 4", "Radio 1": a site or a broadcaster
    if place_name(" ".join(words[:-1]), n.lex) or n.lex.demonym_country(words[0]):
        return None  # "Ruritania 2": a team, a place
    return "Product"


@rule("known-company", "typing", '"posted on Tumblr": a listed technology company or web service')
def _known_company(n: Names) -> str | None:
    """The small model tags well-known service names as people ("Tumblr said"); a name
    that is one of the listed companies is the company."""
    return "Organization" if any(n.lex.has("company", x) for x in n.names) else None


@rule("given-name-first", "typing", "an ORG vote on a name opening with a given name: a person")
def _given_name(n: Names) -> str | None:
    return "Person" if n.kind == "org" and given_name_first(n.full, n.lex) else None


@rule("group-vote", "typing", "any vote for a people, and none for a person: a group")
def _group_vote(n: Names) -> str | None:
    return "Group" if n.votes.get("group") and n.kind != "person" else None


@rule("label-vote", "typing", "the class the mentions' tags and evidence vote for")
def _label_vote(n: Names) -> str | None:
    return KIND_TYPES[n.kind]


def group_kind(name: str, votes: Counter, lex: Lexicon, rules: RuleSet | None = None) -> str:
    """The kind a name group votes for, a given name first overruling an ORG tag."""
    kind = _top_kind(votes)
    given = (rules or RuleSet()).on("given-name-first")
    if given and kind == "org" and given_name_first(name, lex):
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


@rule("surname-person", "retype", "the bare surname of a person of the document is a person")
def _surname_person(
    doc: Doc, ms: list[RawMention], names: list[str], type_: str, surnames: set[str], lex: Lexicon
) -> str | None:
    if type_ in ("Organization", "GeopoliticalEntity", "Place"):
        return "Person" if is_surname(ms, names, surnames, lex) else None
    return None


@rule("family-name", "retype", '"the Okafors": the plural of a surname is the family, a group')
def _family_group(
    doc: Doc, ms: list[RawMention], names: list[str], type_: str, surnames: set[str], lex: Lexicon
) -> str | None:
    return "Group" if type_ != "Person" and is_family(doc, ms, names, surnames) else None
