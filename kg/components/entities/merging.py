"""Merging: which name groups denote one entity (union-find over name keys).

Well-known short names to their full form, acronyms to their expansion, "State of X" to
X, spelling variants of one person's name, and short forms ("Okafor" for "Jane Okafor")
when exactly one longer entity fits.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from spacy.tokens import Doc

from kg.components.entities.lexicon import Lexicon
from kg.components.entities.mentions import RawMention
from kg.components.entities.typing import group_kind, kind_votes
from kg.components.entities.words import common_word, person_like, place_name
from kg.names import acronym_matches, head_index, is_acronym, name_key, name_variant, short_form_of

_STATE_OF = re.compile(r"^(State|Province|Republic|Kingdom|Commonwealth|Emirate) of (.+)$")


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


def merge_names(doc: Doc, mentions: list[RawMention], lex: Lexicon) -> dict[str, list]:
    """Pass 2: group mentions that denote one entity; returns root key -> mentions."""
    by_key: dict[str, list[RawMention]] = defaultdict(list)
    for m in mentions:
        by_key[name_key(m.name)].append(m)
    groups = _Groups()
    for key in sorted(by_key):
        groups.find(key)
    votes = {k: kind_votes(ms) for k, ms in by_key.items()}
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
                if rest and all(common_word(w, lex) for w in rest):
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
            targets = _dominant(targets, by_key, groups)
        if len(targets) == 1:
            groups.union(k, targets.pop())
    merged: dict[str, list[RawMention]] = defaultdict(list)
    for k, ms in by_key.items():
        merged[groups.find(k)].extend(ms)
    return merged


def _core_of(short: list[str], long: list[str], lex: Lexicon) -> bool:
    """Whether ``short`` is ``long`` without its leading demonym and its "of ..." tail.

    >>> from kg.components.entities.lexicon import lexicon
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
    k: str, names: dict, kinds: dict, by_len: list[str], groups: _Groups, lex: Lexicon
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
