"""Mentions: a repaired NER span trimmed to the name itself, with the evidence beside it.

:class:`RawMention` is what the typing and merging rules read: the token range, spaCy's
label, the trimmed name, and what the words next to it say (a title, an age, "in" before
it, a describing noun). :func:`trim_mention` drops what is not a name (lower-case words,
bare title words, stances, portfolios).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from kg.components.entities.context import (
    age_follows,
    described_as,
    listed_among,
    owner_compound,
    stance_prefixed,
)
from kg.components.entities.lexicon import Lexicon
from kg.components.entities.parens import is_short_form
from kg.components.entities.words import DETERMINERS, POSSESSIVE, STANCE, common_word, title_text
from kg.components.sentences import sentence_text
from kg.model import Span
from kg.names import acronym_matches, head_index, is_acronym, is_capitalised, normalise_space


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
        if w in DETERMINERS or doc[start].is_punct:
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
        titles.append(title_text(run, lex))
    possessive = False
    while end > start and (doc[end - 1].text in POSSESSIVE or doc[end - 1].is_punct):
        if doc[end - 1].text in POSSESSIVE:
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
    if end < len(doc) and doc[end].text in POSSESSIVE:
        possessive = True
    if age_follows(doc, end):
        evidence = True  # "Doe, 45,": only people have ages
    if end <= start:
        return None
    described = described_as(doc, start, end, lex)
    if described is None and owner_compound(doc, end):
        described = "org"  # "Acme-owned ship": an owner, no place
    evidence = evidence or described == "person"
    words = [t.text for t in doc[start:end]]
    name = normalise_space(doc[start:end].text)
    if name.endswith("'s"):
        name, possessive = name[:-2].rstrip(), True
    if not name or not is_capitalised(words[0]) or not any(c.isupper() for c in name):
        return None
    if stance_prefixed(doc, start):
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
    if STANCE.match(name) or (len(words) == 1 and lex.has("postnominal", words[0])):
        return None  # "Pro-reform", "Anti-war": stances; "QC", "MBE": honours, not names
    last = words[-1].casefold()
    role = lex.has("title", last) or lex.has("honorific", last)
    title_next = end < len(doc) and lex.has("title", doc[end].text.casefold())
    role = role or (lex.has("title_mod", last) and title_next)  # "Shadow Home" Secretary
    strict = ("org", "gov", "facility", "title", "honorific")
    if len(words) == 1 and any(lex.has(c, last) for c in strict):
        return None  # "Administration", "Church": a common noun, not a name
    if all(common_word(w, lex) for w in words) and role:
        return None  # "State Department Spokesperson": a role, not a name
    before = start - 1
    skipped_adj = 0
    while before > 0:
        tok = doc[before]
        if tok.text.casefold() in DETERMINERS or tok.is_punct:
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


def defined_mention(start: int, end: int, label: str, name: str, rule: str) -> RawMention:
    return RawMention(start, end, label, name, rule=rule)


def list_evidence(doc: Doc, mentions: list[RawMention], lex: Lexicon) -> None:
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
        if not listed_among(doc[m.start : m.end].root, roots):
            continue
        words = m.tokens
        head = words[head_index(words)].casefold()
        if lex.country(m.name) or any(lex.has(c, head) for c in ("org", "gov", "facility")):
            continue
        m.person_evidence = True


def place_appositions(doc: Doc, mentions: list[RawMention], lex: Lexicon) -> None:
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


def norp_group(doc: Doc, start: int, end: int, lex: Lexicon) -> RawMention | None:
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


def acronym_mentions(doc: Doc, mentions: list[RawMention]) -> list[RawMention]:
    """Mentions of an acronym defined in parentheses that the tagger missed.

    "the Ruritanian State News Agency (RSNA)": "RSNA" there and at every later bare
    occurrence becomes a mention of the same kind as its expansion.
    """
    covered = {i for m in mentions for i in range(m.start, m.end)}
    defined: dict[str, str] = {}
    for m in mentions:
        i = m.end
        while i < len(doc) and doc[i].text in POSSESSIVE:
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
