"""Entity resolution: spaCy's raw NER mentions -> one typed entity per real-world actor.

Stores ``Doc._.kg_entities`` (a list of :class:`kg.model.Entity`) and
``Doc._.kg_token_entity`` (token index -> entity key) for the components after it.

The small model's mentions are noisy in known ways (a name split in two, a possessive
tagged ORG, a title or a caption word swallowed into the name, a street tagged PERSON), so
the resolver works in four passes, each a general rule with document-level evidence:

1. **Mentions**: repair split names, trim each mention to the name itself (articles,
   possessives, titles and honorifics, text after a line break or a parenthesis), and drop
   what is not a name (lower-case words, bare title words).
2. **Merging**: one group per name; well-known short names to their full form (a lexicon
   of countries and international organisations); acronyms to the expansion they follow
   in parentheses or whose initials they are; short forms of a name ("Okafor" for "Oscar
   Okafor") when exactly one longer entity fits.
3. **Typing**: vote of the mentions' labels, overruled by the head word of the name
   (organisation, government and facility words), the country gazetteer and person
   evidence (an honorific, a title or an age next to a mention).
4. **Attributes and relations** (see :mod:`kg.components.entity_attributes`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from kg.components.entity_lexicon import Lexicon, lexicon, name_key
from kg.components.entity_names import (
    acronym_matches,
    head_index,
    is_acronym,
    is_capitalised,
    name_variant,
    normalise_space,
    short_form_of,
)
from kg.components.entity_parens import define_names, is_short_form
from kg.components.sentences import sentence_text, token_positions, token_sentence
from kg.dates import MONTHS, WEEKDAYS
from kg.model import Entity, Mention, Relation, Span

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
}
#: Preference among tied votes.
KIND_ORDER = ("person", "gpe", "org", "group", "place", "facility")
#: Facility words strong enough to overrule a PERSON tag ("Elmwood Road").
STRONG_FACILITY = frozenset(
    {"road", "street", "avenue", "boulevard", "square", "station", "airport", "stadium"}
    | {"arena", "museum", "center", "centre", "bridge", "highway", "hotel", "mosque"}
    | {"cathedral", "palace", "prison", "barracks", "planetarium"}
)
_STATE_OF = re.compile(r"^(State|Province|Republic|Kingdom|Commonwealth|Emirate) of (.+)$")
_STANCE = re.compile(r"^(?:pro|anti|pan|non|ex|neo|post|pre)-", re.I)
_DETERMINERS = frozenset({"the", "a", "an", "this", "that"})
_POSSESSIVE = frozenset({"'s", "\u2019s", "'", "\u2019"})

for _name, _default in (("kg_entities", None), ("kg_token_entity", None), ("kg_meta", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def span_of(span: SpacySpan) -> Span:
    return Span(span.start_char, span.end_char, span.text)


def sentence_of(span: SpacySpan) -> Span:
    return sentence_text(span.doc, span.start)


@dataclass(slots=True)
class RawMention:
    """One trimmed name mention: token range, spaCy label and the evidence found next to it."""

    start: int
    end: int
    label: str
    name: str
    possessive: bool = False
    titles: list[str] = field(default_factory=list)
    person_evidence: bool = False  # an honorific or title was attached to it
    place_context: bool = False  # right after "in" / "near": a place
    rule: str = ""
    titled: str = ""  # the surface form with its title ("President Jane Doe")
    org_evidence: bool = False  # described by an organisation noun ("the band X")
    group_evidence: bool = False  # described as a people ("X, a stateless minority,")
    alias: str = ""  # another name the text declares this one to be ("Long Name (LN)")

    @property
    def tokens(self) -> list[str]:
        return self.name.split()


def _has_space_break(doc: Doc, start: int, end: int) -> int:
    """End index cut before a line break or an opening parenthesis inside a mention."""
    for i in range(start, end):
        tok = doc[i]
        if tok.is_space or "\n" in tok.text or tok.text in ("(", "[", "|", "\u2013", "\u2014"):
            return i
        if i > start and "\n" in doc[i - 1].whitespace_:
            return i
    return end


def repair_split_names(doc: Doc, spans: list[tuple[int, int, str]], lex: Lexicon) -> list:
    """Join a PERSON mention with an adjacent proper-noun mention: one name split in two.

    ("Amara" PERSON + "Diallo" ORG -> "Amara Diallo" PERSON.) Two adjacent places join too
    when the words around say the whole is a person ("Amara Lagos, a teacher,"), and so
    does every other occurrence of that person's name. Both parts must be
    capitalised proper nouns on one line with nothing between them, none an organisation,
    government or facility word, and the joined name at most four words.
    """
    out: list[tuple[int, int, str]] = []
    people = {doc[s:e].text for s, e, label in spans if label == "PERSON" and e - s > 1}
    people |= {doc[s:e].text for s, e in _adjacent(spans) if _described(doc, s, e, lex) == "person"}
    for start, end, label in sorted(spans):
        if out:
            p_start, p_end, p_label = out[-1]
            if (
                p_end == start
                and ("PERSON" in (p_label, label) or doc[p_start:end].text in people)
                and {p_label, label} <= {"PERSON", "ORG", "GPE", "NORP"}
                and end - p_start <= 4
                and doc[p_end - 1].whitespace_ == " "
                and all(_name_word(doc[i], lex) for i in range(p_start, end))
                and not any(is_acronym(doc[i].text) for i in range(p_start, end))
            ):
                out[-1] = (p_start, end, "PERSON")
                continue
        out.append((start, end, label))
    return out


def split_trailing_person(doc: Doc, spans: list[tuple[int, int, str]], lex: Lexicon) -> list:
    """Cut a person's name off the end of an organisation span.

    The small model runs an organisation into the name that follows it ("... of the Acme
    Workers Union Jane Okafor"). The last two words are cut off as a person when they are
    a common given name and a capitalised word that is no organisation, facility, title
    or place word, and at least two words of the organisation remain.
    """
    out = []
    for start, end, label in spans:
        if label == "ORG" and end - start >= 4:
            given, last = doc[end - 2].text, doc[end - 1].text
            if (
                lex.is_given_name(given)
                and is_capitalised(last)
                and last.isalpha()
                and not _common_word(last, lex)
                and not _place_name(last, lex)
                and not lex.is_given_name(doc[end - 3].text)
            ):
                out += [(start, end - 2, "ORG"), (end - 2, end, "PERSON")]
                continue
        out.append((start, end, label))
    return out


def split_listed_names(doc: Doc, spans: list[tuple[int, int, str]]) -> list:
    """Split one span over "X and Y" after a plural noun: "the schools Acme and Vellco".

    The plural says the text names several; the small model often tags the pair as one
    organisation or place.
    """
    out = []
    for start, end, label in spans:
        first = start + 1 if doc[start].text.casefold() == "the" else start
        ands = [i for i in range(first + 1, end - 1) if doc[i].text in ("and", "&")]
        before = doc[start - 1] if start > 0 else None
        if (
            len(ands) == 1
            and before is not None
            and before.tag_ == "NNS"
            and before.text.islower()
            and label in ("ORG", "GPE", "FAC", "LOC")
        ):
            out += [(start, ands[0], label), (ands[0] + 1, end, label)]
            continue
        out.append((start, end, label))
    return out


def _adjacent(spans: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """(start, end) of each two spans that touch, joined."""
    ordered = sorted(spans)
    return [(a[0], b[1]) for a, b in pairwise(ordered) if a[1] == b[0]]


def _described(doc: Doc, start: int, end: int, lex: Lexicon) -> str | None:
    """What a describing noun before or an apposition after says a span is, if anything."""
    return descriptor_before(doc, start, end, lex) or descriptor_after(doc, start, end, lex)


#: A capitalised word with a number written onto it ("Hangar-2", "Pad-7B").
_NUMBERED_WORD = re.compile(r"^[A-Z][a-z]+-\d+[A-Z]?$")


def extend_name_tails(doc: Doc, spans: list[tuple[int, int, str]], lex: Lexicon) -> list:
    """Extend a PERSON or ORG span over the untagged proper noun its last word modifies.

    Also a PERSON span over the rest of a hyphenated name ("Lam Siu" + "-" + "fai").

    The small model often tags only the first part of a name ("Amara" ORG + "Diallo"
    untagged); the parse still links them (the first word a compound of the next). Only
    plain capitalised proper nouns on the same line are taken (no country, demonym, month,
    title, organisation or facility word), and the name stays at most four words.
    """
    covered = {i for s, e, _ in spans for i in range(s, e)}
    out = []
    for start, end, label in spans:
        # "Lam Siu" + "-fai": the rest of a hyphenated name, written without spaces
        if (
            label == "PERSON"
            and end + 1 < len(doc)
            and doc[end].text == "-"
            and not doc[end - 1].whitespace_
            and not doc[end].whitespace_
            and doc[end + 1].text.isalpha()
            and end not in covered
            and end + 1 not in covered
        ):
            end += 2
        if label in ("PERSON", "ORG"):
            while (
                end < len(doc)
                and end - start < 4
                and end not in covered
                and doc[end - 1].dep_ == "compound"
                and doc[end - 1].head.i == end
                and doc[end - 1].whitespace_ == " "
                and doc[end].pos_ == "PROPN"
                and (doc[end].text.isalpha() or _NUMBERED_WORD.match(doc[end].text))
                and doc[end].text[:1].isupper()
                and _name_word(doc[end], lex)
                and doc[end].dep_ != "compound"  # "Harbour Trust Tobin Dallo": a new name
                and not _common_word(doc[end - 1].text, lex)
                and not lex.country(doc[end].text)
                and doc[end].text.casefold() not in _MONTHS_DAYS
            ):
                end += 1
        out.append((start, end, label))
    return out


def _list_evidence(doc: Doc, mentions: list[RawMention], lex: Lexicon) -> None:
    """A name tagged ORG but listed among people is a person: "Okafor, Lund, Varga and Holm".

    (Places are listed with people in odd parses too often to be retyped.) When at least
    two other conjuncts of a name's head word are PERSON mentions, and more of
    them are people than anything else, the name gets person evidence, unless it is a
    country or carries an organisation, government or facility head word.
    """
    roots = {doc[m.start : m.end].root.i: m.label for m in mentions if m.rule != "nested"}
    for m in mentions:
        if m.label != "ORG" or m.person_evidence or m.place_context or m.rule:
            continue
        if not _listed_among(doc[m.start : m.end].root, roots):
            continue
        words = m.tokens
        head = words[head_index(words)].casefold()
        if lex.country(m.name) or any(lex.has(c, head) for c in ("org", "gov", "facility")):
            continue
        m.person_evidence = True


def _place_appositions(doc: Doc, mentions: list[RawMention], lex: Lexicon) -> None:
    """ "Springfield, Illinois": a name set off by a comma after a place, as its apposition,
    is the region or country the place is in, so a place itself.

    Both must be in the parse's apposition (or conjunction) relation: "in Springfield, Jane
    Doe said" has a comma after a place too, and says nothing. Never against a title or an
    age next to the name (person evidence).
    """
    places = {}
    for m in mentions:
        if m.label in ("GPE", "LOC") or lex.country(m.name):
            places[doc[m.start : m.end].root.i] = m
    if not places:
        return
    for m in mentions:
        if m.person_evidence or m.org_evidence or m.place_context or m.start < 2:
            continue
        if doc[m.start - 1].text != "," or m.end - m.start > 3:
            continue
        root = doc[m.start : m.end].root
        host = places.get(root.head.i)
        if host is None or host is m or root.dep_ not in ("appos", "conj", "npadvmod"):
            continue
        if host.end == m.start - 1:
            m.place_context = True


def _stance_prefixed(doc: Doc, start: int) -> bool:
    """Whether ``doc[start]`` is written onto a stance prefix: "pro-", "anti-" ..."""
    if start < 2 or doc[start - 1].text != "-" or doc[start - 1].whitespace_:
        return False
    prefix = doc[start - 2]
    return not prefix.whitespace_ and _STANCE.match(prefix.text + "-") is not None


def _name_word(tok, lex: Lexicon) -> bool:
    w = tok.text.casefold()
    return (
        tok.pos_ in ("PROPN", "")
        and tok.text[:1].isupper()
        and not any(lex.has(c, w) for c in ("org", "gov", "facility", "title", "honorific"))
        and lex.demonym_country(tok.text) is None
    )


def _cut_demonym_tail(doc: Doc, start: int, end: int, lex: Lexicon) -> int:
    """ "Acme on French television": a span the tagger ran over a preposition and the
    nationality adjective of the next noun ends before the preposition."""
    if end - start >= 3 and end < len(doc) and doc[end].text.islower():
        prep, adj = doc[end - 2], doc[end - 1]
        if prep.text.islower() and prep.pos_ == "ADP" and lex.demonym_country(adj.text):
            return end - 2
    return end


#: Lower-case title words a portfolio name goes before ("Trade Affairs minister").
_PORTFOLIO_HEADS = frozenset({"minister", "secretary", "ministers", "secretaries"})
#: "-owned", "-run": what comes before owns or runs something, so it is no place.
_OWNER_SUFFIXES = frozenset({"owned", "run", "backed", "funded", "sponsored", "led"})


def _owner_compound(doc: Doc, end: int) -> bool:
    """Whether the name ending at ``end`` is written onto "-owned", "-run", "-backed" ..."""
    return (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and doc[end + 1].text.casefold() in _OWNER_SUFFIXES
    )


#: Adherent nouns: "a Baptist", "a former Vellist" describe a person, naming nobody.
_ADHERENT = re.compile(r"^[A-Z][a-z]{3,}(?:ist|ite)$")


def trim_mention(doc: Doc, start: int, end: int, label: str, lex: Lexicon) -> RawMention | None:
    """The name inside a NER span, with the titles and possessive found around it.

    Returns None when what is left is not a name (no capitalised word, a bare title).
    """
    end = _has_space_break(doc, start, end)
    end = _cut_demonym_tail(doc, start, end, lex)
    titles: list[str] = []
    evidence = False
    # leading determiners, honorifics and title words ("the", "Mr.", "Interior Minister")
    run: list[str] = []
    while start < end - 1:
        w = doc[start].text.casefold()
        if w in _DETERMINERS or doc[start].is_punct:
            start += 1
            continue
        if label == "PERSON" and (
            lex.has("honorific", w) or lex.has("title", w) or lex.has("title_mod", w)
        ):
            if lex.has("honorific", w) or lex.has("title", w):
                evidence = True
            run.append(doc[start].text)
            start += 1
            continue
        break
    titled_start = start - len(run) if run else start
    if run and any(lex.has("title", w.casefold()) for w in run):
        titles.append(_title_text(run, lex))
    possessive = False
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct):
        if doc[end - 1].text in _POSSESSIVE:
            possessive = True
        if doc[end - 1].text == "." and end - 1 > start and doc[end - 2].text.isupper():
            break  # "U.S." keeps its dot
        end -= 1
    # "Ruritania 1 - 0": a score is no part of a name
    score = end < len(doc) and doc[end].text in ("-", "\u2013", "\u2014", ":")
    if end - start > 1 and doc[end - 1].text.isdigit() and score:
        end -= 1
    # "Acme Administrator" before a person's name: the role belongs to the person
    if label != "PERSON":
        while end - start > 1 and lex.has("title", doc[end - 1].text.casefold()):
            end -= 1
    if end < len(doc) and doc[end].text in _POSSESSIVE:
        possessive = True
    if _age_follows(doc, end):
        evidence = True  # "Doe, 45,": only people have ages
    if end <= start:
        return None
    described = _described(doc, start, end, lex)
    if described is None and _owner_compound(doc, end):
        described = "org"  # "Acme-owned ship": an owner, no place
    evidence = evidence or described == "person"
    words = [t.text for t in doc[start:end]]
    name = normalise_space(doc[start:end].text)
    if name.endswith("'s"):
        name, possessive = name[:-2].rstrip(), True
    if not name or not is_capitalised(words[0]) or not any(c.isupper() for c in name):
        return None
    if _stance_prefixed(doc, start):
        return None  # "pro-Ruritania", "anti-Okafor": a stance, no mention of the name
    portfolio = end < len(doc) and doc[end].text in _PORTFOLIO_HEADS
    if label == "ORG" and portfolio and not is_acronym(doc[start:end].text):
        return None  # "as Trade Affairs minister": a portfolio, part of a title
    if end - start == 1 and _ADHERENT.match(doc[start].text) and start > 0:
        prev_tok = doc[start - 1]
        if prev_tok.text.casefold() in ("a", "an") or (
            prev_tok.pos_ == "ADJ" and prev_tok.text.islower()
        ):
            return None  # "a former Vellist": a description of someone
    if _STANCE.match(name) or (len(words) == 1 and lex.has("postnominal", words[0])):
        return None  # "Pro-reform", "Anti-war": stances; "QC", "MBE": honours, not names
    last = words[-1].casefold()
    role = lex.has("title", last) or lex.has("honorific", last)
    title_next = end < len(doc) and lex.has("title", doc[end].text.casefold())
    role = role or (lex.has("title_mod", last) and title_next)  # "Shadow Home" Secretary
    strict = ("org", "gov", "facility", "title", "honorific")
    if len(words) == 1 and any(lex.has(c, last) for c in strict):
        return None  # "Administration", "Church": a common noun, not a name
    if all(_common_word(w, lex) for w in words) and role:
        return None  # "State Department Spokesperson": a role, not a name
    before = start - 1
    skipped_adj = 0
    while before > 0:
        tok = doc[before]
        if tok.text.casefold() in _DETERMINERS or tok.is_punct:
            before -= 1
        elif tok.pos_ == "ADJ" and tok.text.islower() and skipped_adj < 2:  # "in central X"
            before, skipped_adj = before - 1, skipped_adj + 1
        else:
            break
    prev = doc[before].text.casefold() if before >= 0 else ""
    place = prev in ("in", "near") and not possessive
    # "the Springfield suburb of Elm Park": a part of a place is a place
    if prev == "of" and before > 0 and lex.has("place_noun", doc[before - 1].text.casefold()):
        place = True
    m = RawMention(start, end, label, name, possessive, titles, evidence, place)
    m.org_evidence = described == "org"
    m.group_evidence = described == "group"
    if titles:
        m.titled = normalise_space(doc[titled_start:end].text)
    return m


def descriptor_before(doc: Doc, start: int, end: int, lex: Lexicon) -> str | None:
    """What a lower-case noun right before a name says it is: "person", "org" or None.

    News introduces names with a describing noun: "fashion designer X", "striker X" (a
    person), "the band X", "rebel group X", "tech giant X" (an organisation). The noun must
    be attached to the name in the parse (a compound or an apposition of it, or the name
    its apposition), so "the striker Acme signed" (a relative clause) says nothing.
    """
    if start <= 0 or start >= len(doc):
        return None
    prev = doc[start - 1]
    w = prev.text
    if not w.isalpha() or not w.islower():
        return None
    if lex.has("title", w):
        kind = "person"
    elif lex.has("org_noun", w):
        kind = "org"
    else:
        return None
    inside = range(start, end)
    root = doc[start:end].root
    attached = (prev.head.i in inside and prev.dep_ in ("compound", "appos", "nmod", "amod")) or (
        root.head.i == prev.i and root.dep_ in ("appos", "compound")
    )
    return kind if attached else None


def descriptor_after(doc: Doc, start: int, end: int, lex: Lexicon) -> str | None:
    """What a noun in apposition after a name says it is: "X, an Elbonian woman and
    former teacher," is a person; "X, a rebel group," an organisation; "X, a stateless
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
    return None


def _age_follows(doc: Doc, end: int) -> bool:
    """Whether an age follows token ``end``: ", 45," or " (45)"."""
    if end + 2 >= len(doc) or doc[end].text not in (",", "("):
        return False
    number, closer = doc[end + 1].text, doc[end + 2].text
    return number.isdigit() and 0 < int(number) < 120 and closer in (",", ")", ".", ";")


def _common_word(word: str, lex: Lexicon) -> bool:
    w = word.casefold()
    return any(lex.has(c, w) for c in ("org", "gov", "facility", "title", "title_mod", "honorific"))


def _region(name: str, lex: Lexicon) -> str | None:
    """The country of a state or province name, unless the name is also a given name."""
    if lex.is_given_name(name):
        return None  # "Victoria": a state, or a woman
    return lex.region(name)


def _city(name: str, lex: Lexicon) -> str | None:
    """The country of a listed city, unless the name is also a given name, country or state.

    >>> _city("Nairobi", lexicon()), _city("Orlando", lexicon())
    ('Kenya', None)
    """
    if lex.is_given_name(name) or lex.country(name) or lex.region(name):
        return None  # "Orlando": a city, or a man; "Singapore": a country
    return lex.city(name)


def _place_name(name: str, lex: Lexicon) -> bool:
    """A country, a state or province, a listed city, or a continent or world region."""
    return bool(
        lex.country(name) or _region(name, lex) or _city(name, lex) or lex.has("area", name)
    )


def _press_name(words: list[str], lex: Lexicon) -> bool:
    """ "<Place> <Star|Times|Herald ...>": a newspaper named after its city ("Lagos Herald").

    A place name followed by one masthead word; a person's name never is ("Mary Sun").
    """
    if len(words) < 2 or not lex.has("press", words[-1].casefold()):
        return False
    return words[-1][:1].isupper() and _place_name(" ".join(words[:-1]), lex)


#: Natural features named with their kind word first ("Mount Kenya", "Lake Tana").
_FEATURE_FIRST = frozenset({"mount", "mt.", "lake", "cape"})


def _feature_name(words: list[str], lex: Lexicon) -> bool:
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


def _title_text(words: list[str], lex: Lexicon) -> str:
    """A title from a run of title words, without honorifics: "Interior Minister"."""
    kept = [w for w in words if not lex.has("honorific", w.casefold())]
    return " ".join(kept)


class _Groups:
    """Union-find over name keys: the merging pass."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, k: str) -> str:
        self.parent.setdefault(k, k)
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # deterministic: the lexicographically smaller root wins
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


def _kind_votes(mentions: list[RawMention], *, cluster: bool = False) -> Counter:
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
    if kind != "person" and all(_region(n, lex) for n in names):
        return "GeopoliticalEntity"  # "Ontario" tagged ORG: a province
    if kind != "person" and all(_city(n, lex) for n in names):
        return "GeopoliticalEntity"  # "Nairobi" tagged ORG: a city
    full = max(names, key=lambda n: (len(n.split()), n))
    words = full.split()
    if _press_name(words, lex):
        return "Organization"  # "Lagos Herald" tagged PERSON or GPE: a newspaper
    if _feature_name(words, lex):
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


def given_name_first(name: str, lex: Lexicon) -> bool:
    """A two- or three-word name starting with a common given name: a person's name.

    >>> given_name_first("Mary Okafor", lexicon()), given_name_first("Mary Okafor Trust", lexicon())
    (True, False)
    """
    words = name.split()
    return 2 <= len(words) <= 3 and lex.is_given_name(words[0]) and _person_like(name, lex)


def group_kind(name: str, votes: Counter, lex: Lexicon) -> str:
    """The kind a name group votes for, a given name first overruling an ORG tag."""
    kind = _top_kind(votes)
    if kind == "org" and given_name_first(name, lex):
        return "person"
    return kind


def _kind_of(type_: str) -> str:
    if type_ == "Person":
        return "person"
    if type_ in ("Organization", "GovernmentBody", "Group"):
        return "org"
    return "place"


@Language.factory("kg_entity_resolver")
class EntityResolver:
    """Groups NER mentions into typed entities with their names, titles and relations."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        entities, token_entity = resolve(doc)
        doc._.kg_entities = entities
        doc._.kg_token_entity = token_entity
        return doc


def collect_mentions(doc: Doc, lex: Lexicon) -> list[RawMention]:
    """Pass 1: the trimmed name mentions of ``doc``, split names repaired."""
    spans = [(e.start, e.end, e.label_) for e in doc.ents if e.label_ in (*LABEL_KINDS, "NORP")]
    spans = extend_name_tails(doc, spans, lex)
    spans = split_trailing_person(doc, spans, lex)
    spans = split_listed_names(doc, spans)
    spans = repair_split_names(doc, spans, lex)
    mentions = []
    for start, end, label in spans:
        if label == "NORP":
            m = _norp_group(doc, start, end, lex)
        elif label in LABEL_KINDS:
            m = trim_mention(doc, start, end, label, lex)
        else:
            m = None
        if m is not None:
            mentions.append(m)
    mentions = define_names(doc, mentions, _defined_mention)
    dateline = _dateline(doc)
    for m in mentions:
        if dateline and name_key(m.name) == dateline:
            m.place_context = True  # the dateline names a place
    mentions.extend(_acronym_mentions(doc, mentions))
    mentions.extend(_untagged_names(doc, spans, mentions, lex))
    _list_evidence(doc, mentions, lex)
    _place_appositions(doc, mentions, lex)
    mentions.extend(_national_bodies(doc, mentions, lex))
    mentions = _named_governments(doc, mentions, lex)
    mentions.extend(_nested_countries(doc, mentions, lex))
    mentions.extend(_nested_people(doc, mentions, lex))
    return sorted(mentions, key=lambda m: (m.start, m.end))


def _defined_mention(start: int, end: int, label: str, name: str, rule: str) -> RawMention:
    return RawMention(start, end, label, name, rule=rule)


_PLACE_PREPS = frozenset({"in", "near", "outside", "across", "throughout"})
_MONTHS_DAYS = frozenset(MONTHS) | frozenset(WEEKDAYS)


def _untagged_names(
    doc: Doc, spans: list[tuple[int, int, str]], mentions: list[RawMention], lex: Lexicon
) -> list[RawMention]:
    """Proper-noun runs the tagger left out, typed only where their context is decisive.

    A run already named elsewhere in the document takes that mention's label; otherwise
    "in X" makes a place, an honorific or a common given name first makes a person, and an
    organisation, government or facility head word makes one of those. Anything else is
    left out: no guess.
    """
    covered = {i for s, e, _ in spans for i in range(s, e)}
    known = {name_key(m.name): m.label for m in mentions}
    roots = {doc[m.start : m.end].root.i: m.label for m in mentions}
    out: list[RawMention] = []
    i, n = 0, len(doc)
    while i < n:
        tok = doc[i]
        role = lex.has("honorific", tok.text.casefold()) or lex.has("title", tok.text.casefold())
        if i in covered or tok.pos_ != "PROPN" or not tok.text[:1].isupper() or role:
            i += 1
            continue
        j = i
        while j < n and j not in covered and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper():
            j += 1
        words = [t.text for t in doc[i:j]]
        start, label = i, _context_label(doc, i, j, words, known, lex)
        if label is None and _listed_among(doc[i:j].root, roots):
            label = "PERSON"  # "Tarsha, Velmo, Orin and Kesta": listed among people
        i = j
        if label is None:
            continue
        m = trim_mention(doc, start, j, label, lex)
        if m is not None:
            m.rule = "untagged"
            out.append(m)
    return out


def _listed_among(root, roots: dict[int, str]) -> bool:
    """Whether ``root`` is coordinated with at least two people, and mostly with people.

    ``roots`` maps the head token of each tagged mention to its label; untagged conjuncts
    count for neither side.
    """
    labels = [roots[t.i] for t in root.conjuncts if t.i in roots]
    people = sum(1 for x in labels if x == "PERSON")
    return people >= 2 and people > len(labels) - people


def _context_label(
    doc: Doc, i: int, j: int, words: list[str], known: dict[str, str], lex: Lexicon
) -> str | None:
    lowered = [w.casefold() for w in words]
    if any(w in _MONTHS_DAYS or lex.demonym_country(w) for w in lowered) or j - i > 4:
        return None
    if name_key(" ".join(words)) in known:
        return known[name_key(" ".join(words))]
    if _place_name(" ".join(words), lex):
        return "GPE"
    if _press_name(words, lex):
        return "ORG"
    if _feature_name(words, lex):
        return "LOC"
    head = lowered[head_index(words)]
    if len(words) > 1 and (lex.has("gov", head) or lex.has("org", head)):
        return "ORG"
    if len(words) > 1 and head in STRONG_FACILITY:
        return "FAC"
    if len(words) in (2, 3) and lex.is_given_name(words[0]) and _person_like(" ".join(words), lex):
        return "PERSON"
    before = i - 1
    while before > 0 and doc[before].text.casefold() in _DETERMINERS:
        before -= 1
    prev = doc[before].text.casefold() if before >= 0 else ""
    if lex.has("honorific", prev):
        return "PERSON"
    described = descriptor_before(doc, i, j, lex) or _example_of(doc, before, lex)
    if described is not None:
        return "PERSON" if described == "person" else "ORG"
    # "Jane Doe of the RPF", "Jane Doe of RPF": a person's party or employer
    of_person = prev == "of" and before > 0 and doc[before - 1].ent_type_ == "PERSON"
    if j - i == 1 and is_acronym(words[0]) and of_person:
        return "ORG"
    if j - i == 1 and _bare_acronym(doc, i, lex):
        return "ORG"
    if _employer_before_person(doc, j, lex):
        return "ORG"
    root = doc[i:j].root
    if root.dep_ == "dobj" and root.head.lemma_.casefold() == "join" and j - i <= 4:
        return "ORG"  # "she joined the Sea Guild": one joins an organisation
    if prev in _PLACE_PREPS and len(words) <= 2 and before == i - 1:
        return "GPE"
    return None


def _employer_before_person(doc: Doc, j: int, lex: Lexicon) -> bool:
    """ "<Name> founder Jane Doe", "<Name>'s co-founder Jane Doe": Name is an organisation.

    ``j`` ends the name; a role held in an organisation follows, then a tagged person.
    """
    n = len(doc)
    if j < n and doc[j].text in _POSSESSIVE:
        j += 1
    if j + 1 < n and doc[j].text.casefold() == "co" and doc[j + 1].text == "-":
        j += 2  # "co - founder", as the tokenizer splits it
    return (
        j + 1 < n
        and doc[j].text.islower()
        and lex.has("org_role", doc[j].text)
        and doc[j + 1].ent_type_ == "PERSON"
    )


_ROMAN = re.compile(r"^[IVXLCDM]+$")


def _bare_acronym(doc: Doc, i: int, lex: Lexicon) -> bool:
    """An untagged acronym used as a name: in news, nearly always an organisation ("the VFLA").

    Three or more capitals, no Roman numeral, no known place, not in a line written all in
    capitals (a headline or a shout), and never a word of a longer name.
    """
    word = doc[i].text
    if not is_acronym(word) or len(word.replace(".", "")) < 3 or _ROMAN.match(word):
        return False
    if lex.canonical(word) or _place_name(word, lex) or lex.has("postnominal", word):
        return False
    words = [t.text for t in token_sentence(doc, i) if t.text.isalpha()]
    return sum(1 for w in words if w.isupper()) * 2 < len(words)


def _example_of(doc: Doc, before: int, lex: Lexicon) -> str | None:
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


def _dateline(doc: Doc) -> str | None:
    """The name key of the document's dateline place (from ``doc._.kg_meta``), if any."""
    meta = doc._.kg_meta if Doc.has_extension("kg_meta") else None
    place = (meta or {}).get("dateline")
    return name_key(place) if place else None


def _norp_group(doc: Doc, start: int, end: int, lex: Lexicon) -> RawMention | None:
    """A plural nationality or religious group used as a noun ("the Kurds", "Druze").

    Not when it modifies a noun ("Kurdish fighters"): that is a description of others.
    """
    span = doc[start:end]
    root = span.root
    plural_demonym = root.text.endswith("s") and lex.demonym_country(root.text) is not None
    if root.tag_ not in ("NNPS", "NNS") and not plural_demonym:
        return None
    if root.dep_ in ("amod", "compound", "nmod", "poss"):
        return None
    if end < len(doc) and doc[end].pos_ in ("NOUN", "PROPN"):
        return None
    name = normalise_space(span.text)
    if name.casefold().startswith("the "):
        name, start = name[4:], start + 1
    if not is_capitalised(name):
        return None
    return RawMention(start, end, "NORP", name, rule="group")


def _national_bodies(doc: Doc, mentions: list[RawMention], lex: Lexicon) -> list[RawMention]:
    """ "Ruritanian police", "the Ruritanian navy": a nation's body as an organisation.

    A demonym followed by at most one modifier and a lower-case body word (government,
    army, police, authorities, team ...), not inside another name.
    """
    covered = {i for m in mentions for i in range(m.start, m.end)}
    out = []
    n = len(doc)
    for tok in doc:
        i = tok.i
        if i in covered or not tok.text[:1].isupper() or not lex.demonym_country(tok.text):
            continue
        for j in (i + 1, i + 2):
            if j >= n or j in covered or doc[j].text != doc[j].text.lower():
                break
            if lex.has("body", doc[j].text):
                if j == i + 2 and doc[i + 1].pos_ not in ("ADJ", "NOUN"):
                    break
                name = normalise_space(doc[i : j + 1].text)
                out.append(RawMention(i, j + 1, "ORG", name, rule="national-body"))
                covered.update(range(i, j + 1))
                break
    return out


def _named_governments(doc: Doc, mentions: list[RawMention], lex: Lexicon) -> list[RawMention]:
    """ "the X government": a government body, or the leader it is named after.

    A country's ("the Ruritania government") or a party's ("the Labour government") makes
    one organisation of the whole phrase, replacing the country's mention. Any other name
    there is the head of that government ("the Okafor government"): a person, tagged or
    not, whose government the attribute rules then add.
    """
    by_span = {(m.start, m.end): m for m in mentions}
    drop: set[int] = set()
    out = []
    for j in token_positions(doc, "ORTH", lex.words.get("government", ())):
        if j == 0:
            continue
        i = j
        while i > 0 and doc[i - 1].pos_ in ("PROPN", "ADJ") and is_capitalised(doc[i - 1].text):
            i -= 1
        if i == j or i == 0 or doc[i - 1].text.casefold() != "the":
            continue
        m = by_span.get((i, j))
        if any(o.start < j and i < o.end for o in mentions) and m is None:
            continue  # part of a longer name
        name = normalise_space(doc[i:j].text)
        place = _place_name(name, lex) or lex.demonym_country(name) or (m and m.label == "GPE")
        if m is not None and m.label == "PERSON":
            continue  # the attribute rules name the person's government
        if place or lex.has("party_word", name):
            full = normalise_space(doc[i : j + 1].text)
            out.append(RawMention(i, j + 1, "ORG", full, rule="named-government"))
        elif (m is None or m.label == "NORP") and all(t.pos_ == "PROPN" for t in doc[i:j]):
            out.append(RawMention(i, j, "PERSON", name, rule="government-leader"))
        else:
            continue
        if m is not None:
            drop.add(id(m))
    return [m for m in mentions if id(m) not in drop] + out


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


def _nested_countries(doc: Doc, mentions: list[RawMention], lex: Lexicon) -> list[RawMention]:
    """A country, state or province named inside an organisation's or a facility's name
    ("Bank of Ruritania", "University of Ontario").

    Also "<Country> City" and "Municipality of <Place>". Not inside other place names
    ("New South Wales" is no mention of Wales). These mentions do not take the host's
    tokens in the token map.
    """
    out = []
    for m in mentions:
        words = [t.text for t in doc[m.start : m.end]]
        if len(words) < 2 or lex.country(m.name) or _region(m.name, lex):
            continue
        if m.label in ("ORG", "FAC", "GPE") and _admin_of(words):
            # "the Municipality of Elmvale": the body or area of the place it names
            out.append(RawMention(m.start + 2, m.end, "GPE", " ".join(words[2:]), rule="nested"))
            continue
        city = m.label == "GPE" and words[-1] == "City"
        press = m.label in ("PERSON", "GPE") and _press_name(words, lex)
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
                place = lex.country(sub) or (not city and (_region(sub, lex) or _city(sub, lex)))
                if not place and size == 2 and words[a] in _COMPASS_ADJ and not city:
                    place = lex.country(words[a + 1]) or _region(words[a + 1], lex)
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


def _nested_people(doc: Doc, mentions: list[RawMention], lex: Lexicon) -> list[RawMention]:
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
        cut = next((i for i, t in enumerate(tokens) if _common_word(t.text, lex)), None)
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
        and not _common_word(word, lex)
        and not _place_name(word, lex)
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
    if not word[:1].isupper() or lex.is_given_name(word) or _common_word(word, lex):
        return None
    if doc[m.start].pos_ not in ("PROPN", ""):
        return None
    people = {w.casefold() for p in mentions if p.label == "PERSON" for w in p.tokens}
    if word.casefold() in people:
        return None
    return RawMention(m.start, m.start + 1, "GPE", word, rule="nested")


def _nested_site_relations(doc: Doc, entities: list[Entity], token_entity: dict[int, str]) -> None:
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


def _acronym_mentions(doc: Doc, mentions: list[RawMention]) -> list[RawMention]:
    """Mentions of an acronym defined in parentheses that the tagger missed.

    "the Ruritanian State News Agency (RSNA)": "RSNA" there and at every later bare
    occurrence becomes a mention of the same kind as its expansion.
    """
    covered = {i for m in mentions for i in range(m.start, m.end)}
    defined: dict[str, str] = {}
    for m in mentions:
        i = m.end
        while i < len(doc) and doc[i].text in _POSSESSIVE:
            i += 1
        if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")":
            acr = doc[i + 1].text
            if is_acronym(acr) and acronym_matches(acr, m.tokens):
                defined.setdefault(acr, m.label)
        if m.alias and is_short_form(m.alias) and len(m.tokens) > 1:
            defined.setdefault(m.alias, m.label)
    extra = []
    for tok in doc:
        if tok.text in defined and tok.i not in covered:
            extra.append(RawMention(tok.i, tok.i + 1, defined[tok.text], tok.text, rule="acronym"))
    return extra


def merge_names(doc: Doc, mentions: list[RawMention], lex: Lexicon) -> dict[str, list]:
    """Pass 2: group mentions that denote one entity; returns root key -> mentions."""
    by_key: dict[str, list[RawMention]] = defaultdict(list)
    for m in mentions:
        by_key[name_key(m.name)].append(m)
    groups = _Groups()
    for key in sorted(by_key):
        groups.find(key)
    votes = {k: _kind_votes(ms) for k, ms in by_key.items()}
    names = {k: ms[0].name for k, ms in by_key.items()}

    def person_only(k: str) -> bool:
        return set(votes[k]) <= {"person"}

    # well-known short names of countries and organisations ("U.S." = "United States")
    canon: dict[str, str] = {}
    for k in sorted(by_key):
        c = lex.canonical(names[k])
        if c and not person_only(k):
            canon.setdefault(name_key(c), k)
            groups.union(canon[name_key(c)], k)
    # acronyms: defined in parentheses after the long name, or the long name's initials
    for m in mentions:
        i = m.end
        if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")":
            acr = doc[i + 1].text
            if name_key(acr) in by_key and acronym_matches(acr, m.tokens):
                groups.union(name_key(m.name), name_key(acr))
        if m.alias and name_key(m.alias) in by_key:
            groups.union(name_key(m.name), name_key(m.alias))
    for k in sorted(by_key):
        if not is_acronym(names[k]) or votes[k].get("person") or lex.canonical(names[k]):
            continue  # "US" is the United States, never "University of Springfield"
        longs = {
            groups.find(o)
            for o in by_key
            if o != k and not person_only(o) and acronym_matches(names[k], names[o].split())
        }
        if len(longs) == 1:
            groups.union(k, longs.pop())
    kinds = {k: group_kind(names[k], votes[k], lex) for k in by_key}
    # "State of Ruritania" = "Ruritania"; "Korea" = the one country whose name ends with it
    for k in sorted(by_key):
        if kinds[k] != "gpe":
            continue
        m = _STATE_OF.match(names[k])
        if m and name_key(m[2]) in by_key:
            groups.union(k, name_key(m[2]))
            continue
        tokens = names[k].split()
        if len(tokens) == 1 and not lex.canonical(names[k]):
            fits = {
                groups.find(o)
                for o in by_key
                if lex.country(names[o]) and short_form_of(tokens, names[o].split(), person=True)
            }
            if len(fits) == 1:
                groups.union(k, fits.pop())
    # one person's name spelt two ways: "Katrin Okafor"/"Katryn Okafor", "Brandold"/"Jo Brandvold"
    people = [k for k in sorted(by_key) if kinds[k] == "person"]
    for k in people:
        variants = {
            groups.find(o)
            for o in people
            if o != k
            and (
                name_variant(names[k].split(), names[o].split())
                or _surname_slip(names[k], names[o], lex)
            )
        }
        if len(variants) == 1:
            groups.union(k, variants.pop())
    # short forms: "Okafor" -> "Jane Okafor" when exactly one longer entity fits
    by_len = sorted(by_key, key=lambda k: (-len(names[k].split()), k))
    for k in by_len:
        tokens = names[k].split()
        if lex.canonical(names[k]) or all(m.rule == "nested" for m in by_key[k]):
            continue  # a name inside another is no short form of it ("Jane Doe" Centre)
        k_kind = kinds[k]
        if is_acronym(names[k]):
            if k_kind == "org":  # "Acme" for "Acme News"
                _join_org_qualified(k, names, kinds, by_len, groups, lex)
            continue
        # a one-word "place" that is no known country and never follows "in": maybe the
        # surname of a person of the document ("Okafor scored" tagged GPE)
        gpe_surname = (
            k_kind == "gpe"
            and len(tokens) == 1
            and not any(m.place_context for m in by_key[k])
            and not lex.country(names[k])
        )
        facility_suffix = k_kind == "facility" and len(tokens) >= 2
        if facility_suffix:
            targets = {
                groups.find(o)
                for o in by_len
                if _facility_named(names[o], kinds[o], lex)
                and len(names[o].split()) > len(tokens)
                and [w.casefold() for w in names[o].split()[-len(tokens) :]]
                == [w.casefold() for w in tokens]
            }
            if len(targets) == 1:
                groups.union(k, targets.pop())
            continue
        if k_kind in ("gpe", "place", "facility", "group") and not gpe_surname:
            continue
        targets = set()
        same_kind = set()
        for o in by_len:
            if len(names[o].split()) <= len(tokens):
                break
            o_kind = kinds[o]
            if k_kind == "org" and o_kind == "org" and len(tokens) == 1:
                words = names[o].split()
                rest = words[1:] if words[0].casefold() == tokens[0].casefold() else []
                if rest and all(_common_word(w, lex) for w in rest):
                    targets.add(groups.find(o))  # "Acme" for "Acme News"
                elif _named_body_of(tokens[0], words, lex):
                    targets.add(groups.find(o))  # "Acme" for "Church of Acme"
                continue
            if k_kind == "org" and o_kind == "org" and _core_of(tokens, names[o].split(), lex):
                targets.add(groups.find(o))  # "Supreme Court" for "Elbonian Supreme Court of X"
                continue
            if gpe_surname:
                if o_kind == "person" and names[o].split()[-1].casefold() == tokens[0].casefold():
                    targets.add(groups.find(o))
                continue
            person = (
                k_kind == "person"
                or (len(tokens) == 1 and o_kind == "person")
                or (k_kind == "person" and _person_like(names[o], lex))
            )
            if o_kind != k_kind and not (person and o_kind in ("person", "org")):
                continue
            if person and o_kind == "org" and not _person_like(names[o], lex):
                continue
            if not person and _complete_org_prefix(tokens, names[o].split(), lex):
                continue
            if short_form_of(tokens, names[o].split(), person=person):
                targets.add(groups.find(o))
                ends = [w.casefold() for w in names[o].split()[-len(tokens) :]]
                if o_kind == k_kind and ends == [w.casefold() for w in tokens]:
                    same_kind.add(groups.find(o))
        if len(targets) > 1 and len(same_kind) == 1:
            targets = same_kind  # "Doe": the surname of "Jane Doe", not "Doe Gallery"
        if len(targets) > 1 and k_kind == "person":
            targets = _dominant(targets, by_key, groups)
        if len(targets) == 1:
            groups.union(k, targets.pop())
    merged: dict[str, list[RawMention]] = defaultdict(list)
    for k, ms in by_key.items():
        merged[groups.find(k)].extend(ms)
    return merged


def _core_of(short: list[str], long: list[str], lex: Lexicon) -> bool:
    """Whether ``short`` is ``long`` without its leading demonym and its "of ..." tail.

    >>> _core_of(["Supreme", "Court"], "Kenyan Supreme Court of Appeal".split(), lexicon())
    True
    >>> _core_of(["Supreme", "Court"], "Supreme Court of Appeal".split(), lexicon())
    False
    """
    if len(short) < 2 or not long or not lex.demonym_country(long[0]):
        return False
    core = long[1:]
    if "of" in core:
        core = core[: core.index("of")]
    return [w.casefold() for w in core] == [w.casefold() for w in short]


def _named_body_of(word: str, long: list[str], lex: Lexicon) -> bool:
    """ "Church of Acme" is a body named "of" ``word``, which is no place ("Bank of Ruritania"
    is not Ruritania).

    >>> _named_body_of("Acme", ["Church", "of", "Acme"], lexicon())
    True
    >>> _named_body_of("France", ["Bank", "of", "France"], lexicon())
    False
    """
    return (
        len(long) >= 3
        and long[-2] == "of"
        and long[-1].casefold() == word.casefold()
        and all(_common_word(w, lex) for w in long[:-2])
        and not _place_name(word, lex)
    )


def _surname_slip(short: str, full: str, lex: Lexicon) -> bool:
    """A bare surname with its final "s" dropped or added ("Okafor" for "Jane Okafors").

    Not a common given name ("Edward" is no slip for "John Edwards").
    """
    words = full.split()
    if len(short.split()) != 1 or len(words) < 2 or lex.is_given_name(short):
        return False
    a, b = short.casefold(), words[-1].casefold()
    return min(len(a), len(b)) >= 5 and (a + "s" == b or b + "s" == a)


def _dominant(targets: set[str], by_key: dict[str, list], groups: _Groups) -> set[str]:
    """The one candidate a bare surname means when the text is mostly about them.

    "Okafor" with "Jane Okafor" named five times and "John Okafor" once is Jane: news
    refers to its main actor by surname and to others by role ("her brother"). The leader
    needs at least twice the mentions of any other candidate; otherwise all stay.
    """
    counts = Counter()
    for k, ms in by_key.items():
        root = groups.find(k)
        if root in targets:
            counts[root] += len(ms)
    ranked = counts.most_common()
    if len(ranked) > 1 and ranked[0][1] >= 2 * ranked[1][1]:
        return {ranked[0][0]}
    return targets


def _join_org_qualified(
    k: str, names: dict, kinds: dict, by_len: list[str], groups: _Groups, lex: Lexicon
) -> None:
    """Join a one-word organisation name to the one longer name that only adds org words."""
    word = names[k].casefold()
    targets = set()
    for o in by_len:
        words = names[o].split()
        if len(words) < 2 or kinds[o] != "org" or words[0].casefold() != word:
            continue
        if all(_common_word(w, lex) for w in words[1:]):
            targets.add(groups.find(o))
    if len(targets) == 1:
        groups.union(k, targets.pop())


def _facility_named(name: str, kind: str, lex: Lexicon) -> bool:
    """Whether a name group is a facility: tagged so, or an org-tagged name with a facility head."""
    words = name.split()
    head = words[head_index(words)].casefold()
    return kind == "facility" or (kind == "org" and lex.has("facility", head))


def _complete_org_prefix(short: list[str], long: list[str], lex: Lexicon) -> bool:
    """A complete organisation name at the start of a longer one is another body.

    ("Ruritania University" in "Ruritania University Student Union".)
    """
    head = short[head_index(short)].casefold()
    starts = [w.casefold() for w in long[: len(short)]] == [w.casefold() for w in short]
    of_place = long[len(short)].casefold() in ("of", "in", "at")  # "Acme Corps of Ruritania"
    return starts and not of_place and (lex.has("org", head) or lex.has("gov", head))


def _person_like(name: str, lex: Lexicon) -> bool:
    """A name that could be a person's: 2-4 capitalised words, none an org or place word."""
    words = name.split()
    return 2 <= len(words) <= 4 and all(
        w[:1].isupper() and not _common_word(w, lex) and not lex.country(w) for w in words
    )


def _is_surname(ms: list[RawMention], names: list[str], surnames: set[str], lex: Lexicon) -> bool:
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
    return not _common_word(names[0], lex)


def _family(doc: Doc, ms: list[RawMention], names: list[str], surnames: set[str]) -> bool:
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


def _label(names: list[str], counts: Counter, lex: Lexicon) -> str:
    for n in names:
        c = lex.canonical(n)
        if c:
            return c
    full = [n for n in names if not is_acronym(n)] or names
    return max(full, key=lambda n: (len(n.split()), counts[n], len(n), n))


def resolve(doc: Doc, *, lex: Lexicon | None = None) -> tuple[list[Entity], dict[int, str]]:
    """The entities of a parsed ``Doc`` and the token -> entity-key map."""
    from kg.components.entity_attributes import add_attributes
    from kg.components.entity_collectives import add_collectives

    lex = lex or lexicon()
    mentions = collect_mentions(doc, lex)
    merged = merge_names(doc, mentions, lex)
    entities: list[Entity] = []
    token_entity: dict[int, str] = {}
    clusters = sorted(merged.values(), key=lambda ms: min(m.start for m in ms))
    typed = []
    for ms in clusters:
        ms = sorted(ms, key=lambda m: (m.start, m.end))
        counts = Counter(m.name for m in ms)
        names = sorted(counts, key=lambda n: ms.index(next(m for m in ms if m.name == n)))
        votes = _kind_votes(ms, cluster=True)
        typed.append((ms, counts, names, entity_type(names, votes, lex)))
    surnames = {
        n.split()[-1].casefold()
        for _, _, names, type_ in typed
        if type_ == "Person"
        for n in names
        if len(n.split()) > 1
    }
    for ms, counts, names, type_ in typed:
        if type_ in ("Organization", "GeopoliticalEntity", "Place") and _is_surname(
            ms, names, surnames, lex
        ):
            type_ = "Person"
        elif type_ != "Person" and _family(doc, ms, names, surnames):
            type_ = "Group"
        label = _label(names, counts, lex)
        key = f"e{len(entities)}"
        titles: list[str] = []
        for m in ms:
            for t in m.titles:
                if t not in titles:
                    titles.append(t)
        entity = Entity(
            key=key,
            type=type_,
            label=label,
            alt_labels=sorted((set(names) | {m.titled for m in ms if m.titled}) - {label}),
            mentions=[
                Mention(
                    span_of(doc[m.start : m.end]),
                    sentence_of(doc[m.start : m.end]),
                    m.rule or m.label,
                )
                for m in ms
            ],
            titles=titles,
        )
        entities.append(entity)
        for m in ms:
            if m.rule == "nested":
                continue
            for i in range(m.start, m.end):
                token_entity[i] = key
    _nested_site_relations(doc, entities, token_entity)
    add_attributes(doc, entities, token_entity, lex)
    add_collectives(doc, entities, token_entity, lex)
    return entities, token_entity
