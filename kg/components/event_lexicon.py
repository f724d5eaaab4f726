"""The event lexicons: trigger words, rule word lists and group nouns, loaded from ``kg/data``.

Lexicons are data (TSV with a documented header) so that adding a trigger or a word sense
never needs code; this module only parses them and answers "which rows apply to this token".
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass, field
from importlib import resources

from spacy.tokens import Token

#: Coarse POS of a trigger, from spaCy's universal POS.
_POS = {"VERB": "VERB", "AUX": "VERB", "NOUN": "NOUN", "PROPN": "NOUN", "ADJ": "ADJ"}


@dataclass(frozen=True, slots=True)
class TriggerRow:
    """One lexicon row: a lemma in a part of speech reports an event class."""

    lemma: str
    pos: str
    cls: str
    cameo: str
    requires: tuple[str, frozenset[str]] | None = None
    roles: dict[str, str] = field(default_factory=dict)

    def applies(self, token: Token) -> bool:
        """Whether this row's condition on the token's dependents holds."""
        if self.requires is None:
            return True
        kind, words = self.requires
        children = list(token.children)
        if kind == "dobj":
            objs = [c for c in children if c.dep_ in ("dobj", "obj")]
            return bool(objs) and (not words or any(c.lemma_.lower() in words for c in objs))
        if kind == "prep":
            return any(c.dep_ == "prep" and c.text.lower() in words for c in children)
        if kind == "prt":
            return any(c.dep_ == "prt" and c.text.lower() in words for c in children)
        if kind == "comp":
            return any(
                c.text.lower() in words
                for c in children
                if c.dep_ in ("acomp", "oprd", "advmod", "xcomp", "ccomp", "dobj", "attr")
            )
        if kind == "xcomp":
            return any(c.dep_ == "xcomp" for c in children)
        if kind == "ccomp":
            return any(c.dep_ == "ccomp" for c in children)
        if kind == "of":
            return any(
                c.dep_ == "prep"
                and c.text.lower() == "of"
                and any(g.lemma_.lower() in words for g in c.children if g.dep_ == "pobj")
                for c in children
            )
        return False


def _rows(name: str) -> list[list[str]]:
    text = resources.files("kg.data").joinpath(name).read_text(encoding="utf-8")
    return [
        [cell.strip() for cell in row]
        for row in csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
        if row and row[0].strip() and not row[0].startswith("#")
    ]


def _parse_requires(value: str) -> tuple[str, frozenset[str]] | None:
    if value in ("", "-"):
        return None
    kind, _, words = value.partition(":")
    return kind, frozenset(w for w in words.split("|") if w)


def _parse_roles(value: str) -> dict[str, str]:
    if value in ("", "-"):
        return {}
    pairs = (item.split("=", 1) for item in value.split(",") if "=" in item)
    return {slot.strip(): role.strip() for slot, role in pairs}


@functools.lru_cache(maxsize=1)
def triggers() -> dict[tuple[str, str], tuple[TriggerRow, ...]]:
    """(lemma, coarse POS) -> rows, conditional rows first (``kg/data/triggers.tsv``)."""
    table: dict[tuple[str, str], list[TriggerRow]] = {}
    for row in _rows("triggers.tsv"):
        if len(row) < 3:
            continue
        row = row + ["-"] * (6 - len(row))
        entry = TriggerRow(
            lemma=row[0].lower(),
            pos=row[1].upper(),
            cls=row[2],
            cameo=row[3],
            requires=_parse_requires(row[4]),
            roles=_parse_roles(row[5]),
        )
        table.setdefault((entry.lemma, entry.pos), []).append(entry)
    return {
        key: tuple(sorted(rows, key=lambda r: r.requires is None)) for key, rows in table.items()
    }


@functools.lru_cache(maxsize=1)
def words() -> dict[str, frozenset[str]]:
    """Category -> lemmas, from ``kg/data/event_senses.tsv``."""
    table: dict[str, set[str]] = {}
    for row in _rows("event_senses.tsv"):
        if len(row) >= 2:
            table.setdefault(row[1], set()).add(row[0].lower())
    return {k: frozenset(v) for k, v in table.items()}


def in_category(lemma: str, category: str) -> bool:
    """Whether ``lemma`` is listed under ``category`` in the rule word lists.

    >>> in_category("want", "intend"), in_category("attack", "intend")
    (True, False)
    """
    return lemma.lower() in words().get(category, frozenset())


@functools.lru_cache(maxsize=1)
def group_nouns() -> dict[str, str]:
    """Head lemma -> entity class for unnamed actors (``kg/data/event_groups.tsv``)."""
    return {row[0].lower(): row[1] for row in _rows("event_groups.tsv") if len(row) >= 2}


def coarse_pos(token: Token) -> str:
    return _POS.get(token.pos_, token.pos_)


def trigger_row(token: Token) -> TriggerRow | None:
    """The lexicon row that makes ``token`` an event trigger, or ``None``.

    Conditional rows (word senses such as "fire at") are tried first; a token that only
    matches no row, or a row whose condition fails with no plain fallback, is no trigger.
    """
    pos = coarse_pos(token)
    rows = triggers().get((token.lemma_.lower(), pos))
    if rows is None and pos == "NOUN":
        rows = triggers().get((token.text.lower(), pos))  # "talks" lemmatised as "talks"
        if rows is None and token.text.lower().endswith("s"):
            rows = triggers().get((token.text.lower()[:-1], pos))
    for row in rows or ():
        if row.applies(token):
            return row
    return None
