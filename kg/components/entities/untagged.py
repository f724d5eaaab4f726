"""Names the tagger missed, and names made of a nation and a body or government.

A proper-noun run left untagged becomes a mention only where its context decides its
kind ("in X", an honorific, an organisation head word, a person's employer); otherwise
no guess.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from kg.components.entities.context import (
    descriptor_before,
    employer_before_person,
    example_of,
    listed_among,
)
from kg.components.entities.lexicon import Lexicon
from kg.components.entities.mentions import RawMention, trim_mention
from kg.components.entities.rules import Context, RuleSet, rule
from kg.components.entities.words import (
    DETERMINERS,
    MONTHS_DAYS,
    STRONG_FACILITY,
    feature_name,
    person_like,
    place_name,
    press_name,
)
from kg.components.sentences import token_positions
from kg.names import head_index, is_acronym, is_capitalised, name_key, normalise_space

_PLACE_PREPS = frozenset({"in", "near", "outside", "across", "throughout"})


@dataclass(frozen=True, slots=True)
class Run:
    """An untagged proper-noun run ``doc[i:j]`` and what the ``untagged`` rules read of it."""

    doc: Doc
    i: int
    j: int
    words: list[str]
    known: dict[str, str]  # name key -> label of the document's tagged mentions
    roots: dict[int, str]  # head token -> label of the document's tagged mentions
    lex: Lexicon
    before: int  # the word before the run, past determiners
    prev: str  # that word, lower case


def untagged_names(
    doc: Doc,
    spans: list[tuple[int, int, str]],
    mentions: list[RawMention],
    lex: Lexicon,
    rules: RuleSet | None = None,
) -> list[RawMention]:
    """Proper-noun runs the tagger left out, typed only where their context is decisive.

    The ``untagged`` rules decide, the first that gives a label wins: a run already named
    elsewhere in the document takes that mention's label; "in X" makes a place, an
    honorific or a common given name first a person, an organisation, government or
    facility head word one of those... Anything else is left out: no guess.
    """
    rules = rules or RuleSet()
    deciders = rules.of("untagged")
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
        start, label, by = i, None, ""
        lowered = [w.casefold() for w in words]
        if j - i <= 4 and not any(w in MONTHS_DAYS or lex.demonym_country(w) for w in lowered):
            before = i - 1
            while before > 0 and doc[before].text.casefold() in DETERMINERS:
                before -= 1
            prev = doc[before].text.casefold() if before >= 0 else ""
            run = Run(doc, i, j, words, known, roots, lex, before, prev)
            for r in deciders:
                label = r.fn(run)
                if label is not None:
                    by = r.id
                    break
        i = j
        if label is None:
            continue
        m = trim_mention(doc, start, j, label, lex, rules)
        if m is not None:
            m.rule = "untagged"
            m.note(by)
            out.append(m)
    return out


@rule("untagged-known", "untagged", "a run tagged elsewhere in the document takes that label")
def _known(r: Run) -> str | None:
    return r.known.get(name_key(" ".join(r.words)))


@rule("untagged-gazetteer", "untagged", "a country, state, listed city or world region: a place")
def _gazetteer(r: Run) -> str | None:
    return "GPE" if place_name(" ".join(r.words), r.lex) else None


@rule("untagged-press", "untagged", '"<Place> Herald": a newspaper')
def _press(r: Run) -> str | None:
    return "ORG" if press_name(r.words, r.lex) else None


@rule("untagged-feature", "untagged", '"X River", "Mount X": a natural feature')
def _feature(r: Run) -> str | None:
    return "LOC" if feature_name(r.words, r.lex) else None


def _head(r: Run) -> str:
    return r.words[head_index(r.words)].casefold()


@rule("untagged-org-head", "untagged", "two or more words with an organisation head word")
def _org_head(r: Run) -> str | None:
    head = _head(r)
    return (
        "ORG" if len(r.words) > 1 and (r.lex.has("gov", head) or r.lex.has("org", head)) else None
    )


@rule("untagged-facility-head", "untagged", '"X Road", "X Stadium": a facility')
def _facility_head(r: Run) -> str | None:
    return "FAC" if len(r.words) > 1 and _head(r) in STRONG_FACILITY else None


@rule("untagged-given-name", "untagged", "two or three name words opening with a given name")
def _given_name(r: Run) -> str | None:
    name = " ".join(r.words)
    person = len(r.words) in (2, 3) and r.lex.is_given_name(r.words[0])
    return "PERSON" if person and person_like(name, r.lex) else None


@rule("untagged-honorific", "untagged", '"Mr X", "Dr X": a person')
def _honorific(r: Run) -> str | None:
    return "PERSON" if r.lex.has("honorific", r.prev) else None


@rule("untagged-describing-noun", "untagged", '"the band X", "striker X": the noun says the kind')
def _describing(r: Run) -> str | None:
    kind = descriptor_before(r.doc, r.i, r.j, r.lex)
    if kind is None or kind == "product":
        return None  # a product's name is no actor's
    return "PERSON" if kind == "person" else "ORG"


@rule("untagged-such-as", "untagged", '"bands such as X", "singers like X" (Hearst 1992)')
def _such_as(r: Run) -> str | None:
    kind = example_of(r.doc, r.before, r.lex)
    return None if kind is None else "PERSON" if kind == "person" else "ORG"


@rule("untagged-party-acronym", "untagged", '"Jane Doe of RPF": a person\'s party or employer')
def _party_acronym(r: Run) -> str | None:
    doc, before = r.doc, r.before
    of_person = r.prev == "of" and before > 0 and doc[before - 1].ent_type_ == "PERSON"
    return "ORG" if r.j - r.i == 1 and is_acronym(r.words[0]) and of_person else None


@rule("untagged-employer", "untagged", '"X founder Jane Doe": X is an organisation')
def _employer(r: Run) -> str | None:
    return "ORG" if employer_before_person(r.doc, r.j, r.lex) else None


@rule("untagged-place-preposition", "untagged", '"in X", "near X" (one or two words): a place')
def _place_preposition(r: Run) -> str | None:
    near = r.prev in _PLACE_PREPS and len(r.words) <= 2 and r.before == r.i - 1
    return "GPE" if near else None


@rule("untagged-listed-people", "untagged", "a run listed with two or more people is a person")
def _listed(r: Run) -> str | None:
    return "PERSON" if listed_among(r.doc[r.i : r.j].root, r.roots) else None


def national_bodies(doc: Doc, mentions: list[RawMention], lex: Lexicon) -> list[RawMention]:
    """ "Ruritanian police", "the Ruritanian navy": a nation's body as an organisation.

    A demonym followed by at most one modifier and a lower-case body word (government,
    army, police, authorities, team ...), not inside another name.
    """
    covered = {i for m in mentions for i in range(m.start, m.end)}
    out = []
    n = len(doc)
    for tok in doc:
        i = tok.i
        if i in covered or not tok.text[:1].isupper():
            continue
        first = i
        two = i + 1 < n and doc[i + 1].text[:1].isupper() and i + 1 not in covered
        if two and lex.demonym_country(doc[i : i + 2].text):
            i += 1  # "South African", "Sri Lankan": a demonym of two words
        elif not lex.demonym_country(tok.text):
            continue

        def lower(k: int) -> bool:
            return k < n and k not in covered and doc[k].text == doc[k].text.lower()

        # the longer phrase first: "state media" is one body, not "state" and "media"
        if lower(i + 1) and lower(i + 2) and lex.has("body", doc[i + 2].text):
            j = i + 2 if doc[i + 1].pos_ in ("ADJ", "NOUN") else None
        else:
            j = None
        if j is None and lower(i + 1) and lex.has("body", doc[i + 1].text):
            j = i + 1
        if j is not None and j + 1 < n and doc[j + 1].text.casefold() == "of":
            j = None  # "the Ruritanian state of Elmvale": a part of a place, no body
        if j is not None:
            name = normalise_space(doc[first : j + 1].text)
            out.append(RawMention(first, j + 1, "ORG", name, rule="national-body"))
            covered.update(range(first, j + 1))
    return out


def named_governments(doc: Doc, mentions: list[RawMention], lex: Lexicon) -> list[RawMention]:
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
        place = place_name(name, lex) or lex.demonym_country(name) or (m and m.label == "GPE")
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


@rule("untagged-name", "mention", "an untagged proper-noun run whose context decides its kind")
def _untagged(ctx: Context, mentions: list[RawMention], spans: list) -> list[RawMention]:
    return mentions + untagged_names(ctx.doc, spans, mentions, ctx.lex, ctx.rules)


@rule("national-body", "mention", '"Ruritanian police": a demonym and a body word, an ORG')
def _national(ctx: Context, mentions: list[RawMention], spans: list) -> list[RawMention]:
    return mentions + national_bodies(ctx.doc, mentions, ctx.lex)


@rule("named-government", "mention", '"the X government": a body, or the person it names')
def _government(ctx: Context, mentions: list[RawMention], spans: list) -> list[RawMention]:
    return named_governments(ctx.doc, mentions, ctx.lex)
