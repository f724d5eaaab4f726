"""What the words around a span say it is: describing nouns, appositions, ages, lists.

Each helper reads only tokens right next to a mention (or linked to it in the parse), so
the evidence a rule draws from them can be shown in the sentence.
"""

from __future__ import annotations

from spacy.tokens import Doc

from kg.components.entities.lexicon import Lexicon
from kg.components.entities.words import POSSESSIVE, STANCE
from kg.names import name_key


def described_as(doc: Doc, start: int, end: int, lex: Lexicon) -> str | None:
    """What a describing noun before or an apposition after says a span is, if anything."""
    return descriptor_before(doc, start, end, lex) or descriptor_after(doc, start, end, lex)


def descriptor_before(doc: Doc, start: int, end: int, lex: Lexicon) -> str | None:
    """What a lower-case noun right before a name says it is: "person", "org", "product"
    ("web browser X") or None.

    News introduces names with a describing noun: "the designer X", "striker X" (a
    person), "the band X", "rebel group X", "tech giant X" (an organisation). The noun must
    be attached to the name in the parse (a compound or an apposition of it, or the name
    its apposition), so "the striker Acme signed" (a relative clause) says nothing.
    """
    if start <= 0 or start >= len(doc):
        return None
    prev = doc[start - 1]
    kind = _describing_kind(prev.text, lex)
    if kind is None:
        return None
    inside = range(start, end)
    root = doc[start:end].root
    attached = (prev.head.i in inside and prev.dep_ in ("compound", "appos", "nmod", "amod")) or (
        root.head.i == prev.i and root.dep_ in ("appos", "compound")
    )
    return kind if attached else None


def descriptor_comma_before(doc: Doc, start: int, end: int, lex: Lexicon) -> str | None:
    """What a describing noun set off by a comma before a name says it is: "the Ruritanian
    carrier, Acme Air," is an organisation, "the team's coach, Jane Doe," a person.

    The name must be the noun's apposition in the parse, so in "for the airline, Acme
    said" (a new clause) the noun says nothing of the name.
    """
    if start < 2 or doc[start - 1].text != ",":
        return None
    noun = doc[start - 2]
    kind = _describing_kind(noun.text, lex)
    if kind is None:
        return None
    root = doc[start:end].root
    return kind if root.head.i == noun.i and root.dep_ == "appos" else None


def _describing_kind(word: str, lex: Lexicon) -> str | None:
    """ "person" for a lower-case title word ("minister"), "org" for a word for a body
    ("carrier"), else None."""
    if not word.isalpha() or not word.islower():
        return None
    if lex.has("title", word):
        return "person"
    if lex.has("org_noun", word):
        return "org"
    if lex.has("product_noun", word):
        return "product"
    return None


def descriptor_after(doc: Doc, start: int, end: int, lex: Lexicon) -> str | None:
    """What a noun in apposition after a name says it is: "X, an Elbonian woman and
    former teacher," is a person; "X, a rebel group," an organisation; "X, an ethnic
    minority," a people (a group).

    The noun must be the name's apposition in the parse and follow a comma; its first
    conjunct decides.
    """
    if end >= len(doc) or doc[end].text != ",":
        return None
    root = doc[start:end].root
    children = list(root.children)
    if root.dep_ == "conj":  # "A and X, a minority,": the parser hangs it on the first conjunct
        children += root.head.children
    for child in children:
        if child.dep_ != "appos" or child.i <= end or not child.text.islower():
            continue
        w = child.text
        if lex.has("title", w) or lex.has("person_noun", w):
            return "person"
        if lex.has("org_noun", w):
            return "org"
        if lex.has("group_noun", w):
            return "group"
        if lex.has("product_noun", w):
            return "product"
    return None


def age_follows(doc: Doc, end: int) -> bool:
    """Whether an age follows token ``end``: ", 45," or " (45)"."""
    if end + 2 >= len(doc) or doc[end].text not in (",", "("):
        return False
    number, closer = doc[end + 1].text, doc[end + 2].text
    return number.isdigit() and 0 < int(number) < 120 and closer in (",", ")", ".", ";")


def stance_prefixed(doc: Doc, start: int) -> bool:
    """Whether ``doc[start]`` is written onto a stance prefix: "pro-", "anti-" ..."""
    if start < 2 or doc[start - 1].text != "-" or doc[start - 1].whitespace_:
        return False
    prefix = doc[start - 2]
    return not prefix.whitespace_ and STANCE.match(prefix.text + "-") is not None


#: "-owned", "-run": what comes before owns or runs something, so it is no place.
_OWNER_SUFFIXES = frozenset({"owned", "run", "backed", "funded", "sponsored", "led"})


def owner_compound(doc: Doc, end: int) -> bool:
    """Whether the name ending at ``end`` is written onto "-owned", "-run", "-backed" ..."""
    return (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and doc[end + 1].text.casefold() in _OWNER_SUFFIXES
    )


def example_of(doc: Doc, before: int, lex: Lexicon) -> str | None:
    """ "such bands as X", "artists like X", "groups including X": X is one of the kind.

    ``before`` is the word before the name ("as", "like", "including"); the plural noun
    before it says "person" (a title: "singers") or "org" (an organisation noun: "bands").
    """
    if before < 1 or doc[before].text.casefold() not in ("as", "like", "including"):
        return None
    noun = doc[before - 1]
    such = before >= 2 and doc[before - 2].text.casefold() == "such"
    if doc[before].text.casefold() == "as" and not such:
        return None  # "bands as X" without "such" is no list of examples
    if noun.tag_ != "NNS" or not noun.text.islower():
        return None
    singular = noun.lemma_.casefold()
    if lex.has("title", singular) or lex.has("person_noun", singular):
        return "person"
    if lex.has("org_noun", singular):
        return "org"
    return None


def employer_before_person(doc: Doc, j: int, lex: Lexicon) -> bool:
    """ "<Name> founder Jane Doe", "<Name>'s co-founder Jane Doe": Name is an organisation.

    ``j`` ends the name; a role held in an organisation follows, then a tagged person.
    """
    n = len(doc)
    if j < n and doc[j].text in POSSESSIVE:
        j += 1
    return (
        j + 1 < n
        and doc[j].text.islower()
        and lex.has("org_role", doc[j].text)
        and doc[j + 1].ent_type_ == "PERSON"
    )


def listed_among(root, roots: dict[int, str]) -> bool:
    """Whether ``root`` is coordinated with at least two people, and mostly with people.

    ``roots`` maps the head token of each tagged mention to its label; untagged conjuncts
    count for neither side.
    """
    labels = [roots[t.i] for t in root.conjuncts if t.i in roots]
    people = sum(1 for x in labels if x == "PERSON")
    return people >= 2 and people > len(labels) - people


def dateline_key(doc: Doc) -> str | None:
    """The name key of the document's dateline place (from ``doc._.kg_meta``), if any."""
    meta = doc._.kg_meta if Doc.has_extension("kg_meta") else None
    place = (meta or {}).get("dateline")
    return name_key(place) if place else None
