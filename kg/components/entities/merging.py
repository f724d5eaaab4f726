"""Merging: which name groups denote one entity (union-find over name keys).

Well-known short names to their full form, acronyms to their expansion, "State of X" to
X, spelling variants of one person's name, and short forms ("Okafor" for "Jane Okafor")
when exactly one longer entity fits.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from spacy.tokens import Doc

from kg.components.entities.lexicon import Lexicon
from kg.components.entities.mentions import RawMention
from kg.components.entities.rules import RuleSet, rule
from kg.components.entities.typing import group_kind, kind_votes
from kg.components.entities.words import common_word, person_like, place_name
from kg.names import acronym_matches, head_index, is_acronym, name_key, name_variant, short_form_of

_STATE_OF = re.compile(r"^(State|Province|Republic|Kingdom|Commonwealth|Emirate) of (.+)$")


class _Groups:
    """Union-find over name keys, remembering the rules that joined each group."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.rules: dict[str, list[str]] = {}

    def find(self, k: str) -> str:
        self.parent.setdefault(k, k)
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def union(self, a: str, b: str, rule_id: str = "") -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # deterministic: the lexicographically smaller root wins
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo
            joined = self.rules.pop(hi, []) + self.rules.get(lo, [])
            self.rules[lo] = sorted({*joined, rule_id} - {""})


@dataclass
class Merge:
    """What the merge rules read and join: mentions by name key, their votes and kinds."""

    doc: Doc
    lex: Lexicon
    rules: RuleSet
    mentions: list[RawMention]
    by_key: dict[str, list[RawMention]]
    names: dict[str, str]
    votes: dict[str, Counter]
    kinds: dict[str, str]
    groups: _Groups
    by_len: list[str] = field(default_factory=list)  # longest names first

    def person_only(self, k: str) -> bool:
        return set(self.votes[k]) <= {"person"}


def merge_names(
    doc: Doc, mentions: list[RawMention], lex: Lexicon, rules: RuleSet | None = None
) -> tuple[dict[str, list[RawMention]], dict[str, list[str]]]:
    """Pass 2: group mentions that denote one entity.

    Returns root key -> mentions, and root key -> the ids of the rules that merged it.
    """
    rules = rules or RuleSet()
    by_key: dict[str, list[RawMention]] = defaultdict(list)
    for m in mentions:
        by_key[name_key(m.name)].append(m)
    groups = _Groups()
    for key in sorted(by_key):
        groups.find(key)
    votes = {k: kind_votes(ms, rules=rules) for k, ms in by_key.items()}
    names = {k: ms[0].name for k, ms in by_key.items()}
    kinds = {k: group_kind(names[k], votes[k], lex, rules) for k in by_key}
    by_len = sorted(by_key, key=lambda k: (-len(names[k].split()), k))
    ctx = Merge(doc, lex, rules, mentions, by_key, names, votes, kinds, groups, by_len)
    for r in rules.of("merge"):
        r.fn(ctx, r.id)
    merged: dict[str, list[RawMention]] = defaultdict(list)
    for k, ms in by_key.items():
        merged[groups.find(k)].extend(ms)
    return merged, {root: groups.rules.get(root, []) for root in merged}


@rule("known-short-name", "merge", '"U.S." = "United States": the lexicon\'s short names')
def _known_short_name(c: Merge, rule_id: str) -> None:
    canon: dict[str, str] = {}
    for k in sorted(c.by_key):
        found = c.lex.canonical(c.names[k])
        if found and not c.person_only(k):
            canon.setdefault(name_key(found), k)
            c.groups.union(canon[name_key(found)], k, rule_id)


@rule("parenthesis-acronym", "merge", '"Long Name (LN)": the text defines one entity')
def _parenthesis_acronym(c: Merge, rule_id: str) -> None:
    doc = c.doc
    for m in c.mentions:
        i = m.end
        if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")":
            acr = doc[i + 1].text
            if name_key(acr) in c.by_key and acronym_matches(acr, m.tokens):
                c.groups.union(name_key(m.name), name_key(acr), rule_id)
        if m.alias and name_key(m.alias) in c.by_key:
            c.groups.union(name_key(m.name), name_key(m.alias), rule_id)


@rule("initials-acronym", "merge", "an acronym joins the one long name whose initials it is")
def _initials_acronym(c: Merge, rule_id: str) -> None:
    for k in sorted(c.by_key):
        name = c.names[k]
        if not is_acronym(name) or c.votes[k].get("person") or c.lex.canonical(name):
            continue  # "US" is the United States, never "University of Springfield"
        longs = {
            c.groups.find(o)
            for o in c.by_key
            if o != k and not c.person_only(o) and acronym_matches(name, c.names[o].split())
        }
        if len(longs) == 1:
            c.groups.union(k, longs.pop(), rule_id)


@rule("campus-acronym", "merge", '"UR Elmvale" = "University of Ruritania at Elmvale"')
def _campus_acronym(c: Merge, rule_id: str) -> None:
    """A campus's short name is the school's acronym and the place ("UR Elmvale" for the
    University of Ruritania at Elmvale): joined to the one long name "<Long>
    at <Place>" whose initials before "at" are the acronym and whose place is the same."""
    for k in sorted(c.by_key):
        words = c.names[k].split()
        if len(words) < 2 or not is_acronym(words[0]):
            continue
        place = [w.casefold() for w in words[1:]]
        longs = set()
        for o in c.by_key:
            long = c.names[o].split()
            if "at" not in long:
                continue
            cut = long.index("at")
            at_place = [w.casefold() for w in long[cut + 1 :]]
            if at_place == place and acronym_matches(words[0], long[:cut]):
                longs.add(c.groups.find(o))
        if len(longs) == 1:
            c.groups.union(k, longs.pop(), rule_id)


@rule("state-of", "merge", '"State of X", "Republic of X" = X')
def _state_of(c: Merge, rule_id: str) -> None:
    for k in sorted(c.by_key):
        m = _STATE_OF.match(c.names[k])
        if c.kinds[k] == "gpe" and m and name_key(m[2]) in c.by_key:
            c.groups.union(k, name_key(m[2]), rule_id)


@rule("country-short-form", "merge", "a one-word place = the one country whose name ends in it")
def _country_short_form(c: Merge, rule_id: str) -> None:
    for k in sorted(c.by_key):
        tokens = c.names[k].split()
        if c.kinds[k] != "gpe" or _STATE_OF.match(c.names[k]):
            continue
        if len(tokens) == 1 and not c.lex.canonical(c.names[k]):
            fits = {
                c.groups.find(o)
                for o in c.by_key
                if c.lex.country(c.names[o])
                and short_form_of(tokens, c.names[o].split(), person=True)
            }
            if len(fits) == 1:
                c.groups.union(k, fits.pop(), rule_id)


@rule("spelling-variant", "merge", "one person's name spelt two ways (one letter or a final s)")
def _spelling_variant(c: Merge, rule_id: str) -> None:
    people = [k for k in sorted(c.by_key) if c.kinds[k] == "person"]
    for k in people:
        variants = {
            c.groups.find(o)
            for o in people
            if o != k
            and (
                name_variant(c.names[k].split(), c.names[o].split())
                or _surname_slip(c.names[k], c.names[o], c.lex)
            )
        }
        if len(variants) == 1:
            c.groups.union(k, variants.pop(), rule_id)


def _short_form_candidate(c: Merge, k: str) -> bool:
    """A name that may be the short form of a longer one: no known name, not nested."""
    return not c.lex.canonical(c.names[k]) and not all(m.rule == "nested" for m in c.by_key[k])


@rule("short-form", "merge", '"Okafor" = "Jane Okafor": the one longer name it is a part of')
def _short_form(c: Merge, rule_id: str) -> None:
    lex, names, kinds, groups = c.lex, c.names, c.kinds, c.groups
    for k in c.by_len:
        tokens = names[k].split()
        if not _short_form_candidate(c, k):
            continue  # a name inside another is no short form of it ("Jane Doe" Centre)
        k_kind = kinds[k]
        if is_acronym(names[k]):
            if k_kind == "org":  # "ACME" for "ACME News"
                _join_org_qualified(k, names, kinds, c.by_len, groups, lex, rule_id)
            continue
        # a one-word "place" that is no known country and never follows "in": maybe the
        # surname of a person of the document ("Okafor scored" tagged GPE)
        gpe_surname = (
            k_kind == "gpe"
            and len(tokens) == 1
            and not any(m.place_context for m in c.by_key[k])
            and not lex.country(names[k])
        )
        if k_kind == "facility" and len(tokens) >= 2:
            targets = {
                groups.find(o)
                for o in c.by_len
                if _facility_named(names[o], kinds[o], lex)
                and len(names[o].split()) > len(tokens)
                and [w.casefold() for w in names[o].split()[-len(tokens) :]]
                == [w.casefold() for w in tokens]
            }
            if len(targets) == 1:
                groups.union(k, targets.pop(), rule_id)
            continue
        if k_kind in ("gpe", "place", "facility", "group") and not gpe_surname:
            continue
        targets = set()
        same_kind = set()
        for o in c.by_len:
            if len(names[o].split()) <= len(tokens):
                break
            o_kind = kinds[o]
            if k_kind == "org" and o_kind == "org" and len(tokens) == 1:
                words = names[o].split()
                rest = words[1:] if words[0].casefold() == tokens[0].casefold() else []
                if rest and all(common_word(w, lex) for w in rest):
                    targets.add(groups.find(o))  # "Acme" for "Acme News"
                elif _named_body_of(tokens[0], words, lex):
                    targets.add(groups.find(o))  # "Acme" for "Church of Acme"
                continue
            if gpe_surname:
                if o_kind == "person" and names[o].split()[-1].casefold() == tokens[0].casefold():
                    targets.add(groups.find(o))
                continue
            person = (
                k_kind == "person"
                or (len(tokens) == 1 and o_kind == "person")
                or (k_kind == "person" and person_like(names[o], lex))
            )
            if o_kind != k_kind and not (person and o_kind in ("person", "org")):
                continue
            if person and o_kind == "org" and not person_like(names[o], lex):
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
            targets = _dominant(targets, c.by_key, groups)
        if len(targets) == 1:
            groups.union(k, targets.pop(), rule_id)


def _named_body_of(word: str, long: list[str], lex: Lexicon) -> bool:
    """ "Church of Acme" is a body named "of" ``word``, which is no place ("Bank of Ruritania"
    is not Ruritania).

    >>> from kg.components.entities.lexicon import lexicon
    >>> _named_body_of("Acme", ["Church", "of", "Acme"], lexicon())
    True
    >>> _named_body_of("France", ["Bank", "of", "France"], lexicon())
    False
    """
    return (
        len(long) >= 3
        and long[-2] == "of"
        and long[-1].casefold() == word.casefold()
        and all(common_word(w, lex) for w in long[:-2])
        and not place_name(word, lex)
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
    k: str,
    names: dict,
    kinds: dict,
    by_len: list[str],
    groups: _Groups,
    lex: Lexicon,
    rule_id: str,
) -> None:
    """Join a one-word organisation name to the one longer name that only adds org words."""
    word = names[k].casefold()
    targets = set()
    for o in by_len:
        words = names[o].split()
        if len(words) < 2 or kinds[o] != "org" or words[0].casefold() != word:
            continue
        if all(common_word(w, lex) for w in words[1:]):
            targets.add(groups.find(o))
    if len(targets) == 1:
        groups.union(k, targets.pop(), rule_id)


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
