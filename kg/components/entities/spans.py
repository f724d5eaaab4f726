"""Span repairs on spaCy's raw NER spans, before they become mentions.

The small model's spans are wrong in known ways: a name split in two, an organisation run
into the person named after it, two names listed as one, a name's last word left out.
Each repair here takes and returns ``(start, end, label)`` triples.
"""

from __future__ import annotations

from itertools import pairwise

from spacy.tokens import Doc

from kg.components.entities.context import described_as
from kg.components.entities.lexicon import Lexicon
from kg.components.entities.rules import Context, rule
from kg.components.entities.words import (
    MONTHS_DAYS,
    common_word,
    name_word,
    person_like,
    place_name,
)
from kg.names import is_acronym, is_capitalised


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
    people |= {
        doc[s:e].text for s, e in adjacent_spans(spans) if described_as(doc, s, e, lex) == "person"
    }
    for start, end, label in sorted(spans):
        if out:
            p_start, p_end, p_label = out[-1]
            if (
                p_end == start
                and ("PERSON" in (p_label, label) or doc[p_start:end].text in people)
                and {p_label, label} <= {"PERSON", "ORG", "GPE", "NORP"}
                and end - p_start <= 4
                and doc[p_end - 1].whitespace_ == " "
                and all(name_word(doc[i], lex) for i in range(p_start, end))
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
                and not common_word(last, lex)
                and not place_name(last, lex)
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


def adjacent_spans(spans: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """(start, end) of each two spans that touch, joined."""
    ordered = sorted(spans)
    return [(a[0], b[1]) for a, b in pairwise(ordered) if a[1] == b[0]]


def extend_name_tails(doc: Doc, spans: list[tuple[int, int, str]], lex: Lexicon) -> list:
    """Extend a PERSON or ORG span over the untagged proper noun its last word modifies.

    The small model often tags only the first part of a name ("Amara" ORG + "Diallo"
    untagged); the parse still links them (the first word a compound of the next). Only
    plain capitalised proper nouns on the same line are taken (no country, demonym, month,
    title, organisation or facility word), and the name stays at most four words.
    """
    covered = {i for s, e, _ in spans for i in range(s, e)}
    out = []
    for start, end, label in spans:
        if label in ("PERSON", "ORG"):
            while (
                end < len(doc)
                and end - start < 4
                and end not in covered
                and doc[end - 1].dep_ == "compound"
                and doc[end - 1].head.i == end
                and doc[end - 1].whitespace_ == " "
                and doc[end].pos_ == "PROPN"
                and doc[end].text.isalpha()
                and doc[end].text[:1].isupper()
                and name_word(doc[end], lex)
                and doc[end].dep_ != "compound"  # "Harbour Trust Tobin Dallo": a new name
                and not common_word(doc[end - 1].text, lex)
                and not lex.country(doc[end].text)
                and doc[end].text.casefold() not in MONTHS_DAYS
            ):
                end += 1
        out.append((start, end, label))
    return out


#: English words written after a hyphen onto a name to make an adjective ("Doe-led",
#: "Acme-based"): no part of the name. Source: the second elements of English compound
#: adjectives (general vocabulary: participles and nouns of hyphenated modifiers).
_COMPOUND_TAILS = frozenset(
    {"led", "run", "based", "born", "bred", "owned", "backed", "funded", "made", "built"}
    | {"era", "style", "like", "type", "free", "wide", "ish", "esque", "ite", "ism", "ist"}
    | {"linked", "allied", "aligned", "appointed", "elect", "era", "age", "only", "in-law"}
    | {"and", "or", "to", "on", "off", "up", "out", "area", "zone", "day", "year", "old"}
)


def extend_hyphen_syllables(doc: Doc, spans: list[tuple[int, int, str]]) -> list:
    """Extend a PERSON span over a hyphenated lower-case syllable written onto its last
    word: romanised Korean and Chinese given names ("Park Min-ho", "Chan Wai-man") are
    split by the tokenizer at the hyphen, and the small model often stops before it
    (most of all when the syllable is also an English word: "-in", "-on").

    The hyphen must touch both words, the syllable be at most five lower-case letters and
    no English compound-adjective ending ("Doe-led", "Acme-based").
    """
    out = []
    for start, end, label in spans:
        if label == "PERSON" and end + 1 < len(doc):
            last, hyphen, tail = doc[end - 1], doc[end], doc[end + 1]
            nxt = doc[end + 2] if end + 2 < len(doc) else None
            if (
                hyphen.text == "-"
                and not last.whitespace_
                and not hyphen.whitespace_
                and last.text[:1].isupper()
                and last.text.isalpha()
                and tail.text.isalpha()
                and tail.text.islower()
                and len(tail.text) <= 5
                and tail.text not in _COMPOUND_TAILS
                and not (nxt is not None and nxt.text == "-" and not tail.whitespace_)
            ):
                end += 2
        out.append((start, end, label))
    return out


@rule(
    "hyphen-syllable", "span-repair", '"Park Min-ho": a PERSON span takes its hyphenated syllable'
)
def _hyphen_syllable(ctx: Context, spans: list) -> list:
    return extend_hyphen_syllables(ctx.doc, spans)


def title_led_people(doc: Doc, spans: list[tuple[int, int, str]], lex: Lexicon) -> list:
    """Relabel PERSON a span tagged otherwise that is a title and a person's name
    ("Spokeswoman Jane Tarsk" tagged ORG): the model reads the capitalised title as part of
    an organisation's name. The span must open with title words (no determiner before
    them: "the Secretary General" is an office) and go on with two to four capitalised
    words that could be a person's name (no organisation, place or title word), so
    "General Motors" and "Minister of Finance" stay as they are. The mention then loses
    its title as any PERSON mention does."""
    out = []
    for start, end, label in spans:
        if label in ("ORG", "GPE", "FAC", "NORP") and lex.has("title", doc[start].text.casefold()):
            i = start
            while i < end and (
                lex.has("title", doc[i].text.casefold())
                or lex.has("title_mod", doc[i].text.casefold())
            ):
                i += 1
            rest = doc[i:end].text
            before = doc[start - 1].text.casefold() if start > 0 else ""
            if (
                before not in ("the", "a", "an")
                and person_like(rest, lex)
                and "of" not in rest.split()
            ):
                out.append((start, end, "PERSON"))
                continue
        out.append((start, end, label))
    return out


@rule("title-led-name", "span-repair", '"Spokeswoman Jane Tarsk" tagged ORG: a title and a person')
def _title_led_name(ctx: Context, spans: list) -> list:
    return title_led_people(ctx.doc, spans, ctx.lex)


def join_air_carriers(doc: Doc, spans: list[tuple[int, int, str]]) -> list:
    """ "Air Ruritania": an airline named "Air" and its country is one organisation, not
    the country with a word before it (the small model often tags only the country).
    The capitalised word "Air" must stand right before a place or nationality span, on
    the same line and not at the start of a longer name."""
    covered = {i for s, e, _ in spans for i in range(s, e)}
    out = []
    for start, end, label in spans:
        before = doc[start - 1] if start > 0 else None
        if (
            label in ("GPE", "LOC", "NORP")
            and before is not None
            and before.text == "Air"
            and before.i not in covered
            and "\n" not in before.whitespace_
            and (
                before.i == 0
                or not doc[before.i - 1].text[:1].isupper()
                or doc[before.i - 1].is_sent_start
            )
        ):
            out.append((start - 1, end, "ORG"))
            continue
        out.append((start, end, label))
    return out


@rule("air-carrier", "span-repair", '"Air Ruritania": an airline, not the country it flies for')
def _air_carrier(ctx: Context, spans: list) -> list:
    return join_air_carriers(ctx.doc, spans)


#: Head words of a school system whose campuses are named "<School> at <Place>".
_CAMPUS_HEADS = frozenset({"university", "college"})


def join_campus_names(doc: Doc, spans: list[tuple[int, int, str]]) -> list:
    """Join "University of X" and the place after "at": the campuses of a state school are
    named "University of X at Y" (the US convention: "University of Ruritania at
    Elmvale"), one organisation, not the school and a town.

    The ORG span must be "University/College of ..." and end right before "at"; a one- to
    three-word place span must follow "at" at once.
    """
    by_start = {s: (s, e, label) for s, e, label in spans}
    out, drop = [], set()
    for start, end, label in sorted(spans):
        if (start, end, label) in drop:
            continue
        first = start + 1 if doc[start].text.casefold() == "the" else start
        place = by_start.get(end + 1)
        if (
            label == "ORG"
            and end + 1 < len(doc)
            and doc[first].text.casefold() in _CAMPUS_HEADS
            and first + 1 < end
            and doc[first + 1].text == "of"
            and doc[end].text == "at"
            and place is not None
            and place[2] in ("GPE", "LOC")
            and place[1] - place[0] <= 3
        ):
            out.append((start, place[1], "ORG"))
            drop.add(place)
            continue
        out.append((start, end, label))
    return [s for s in out if s not in drop]


@rule(
    "campus-name",
    "span-repair",
    '"University of X at Y": a campus is one name, not a school and a town',
)
def _campus_name(ctx: Context, spans: list) -> list:
    return join_campus_names(ctx.doc, spans)


@rule("name-tail", "span-repair", "a PERSON/ORG span takes the untagged proper noun it modifies")
def _name_tail(ctx: Context, spans: list) -> list:
    return extend_name_tails(ctx.doc, spans, ctx.lex)


@rule("trailing-person", "span-repair", "a given name + surname is cut off the end of an ORG")
def _trailing_person(ctx: Context, spans: list) -> list:
    return split_trailing_person(ctx.doc, spans, ctx.lex)


@rule("listed-names", "span-repair", '"the schools A and B": one span split in two')
def _listed_names(ctx: Context, spans: list) -> list:
    return split_listed_names(ctx.doc, spans)


@rule("split-name", "span-repair", "a PERSON span joins the adjacent name span it continues")
def _split_name(ctx: Context, spans: list) -> list:
    return repair_split_names(ctx.doc, spans, ctx.lex)
