"""The event lexicons: the class lexicon, rule word lists and group nouns, from ``kg/data``.

The class lexicon (``kg/data/triggers.tsv``) says which predicates, in which sense, report
an event of which ontology class: "fire at" is an Attack (sense ``fire:shoot``), "fire the
manager" a Dismissal (``fire:dismiss``), "blow up" a Bombing. It is the one mapping from
senses to classes; the classes themselves are the ontology's (:mod:`kg.vocab`), and a row
naming a class kg.ttl lacks is an error when the lexicon loads. Lexicons are data (TSV with
a documented header) so that adding a word, a sense or a class never needs code; this
module only parses them and answers "which row applies to this token".

A predicate the lexicon does not list is still an event (an open one, typed only
``kg:Event``); the lexicon only gives classes and senses.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from spacy.tokens import Token

from kg import vocab

#: Coarse POS of a trigger, from spaCy's universal POS.
_POS = {"VERB": "VERB", "AUX": "VERB", "NOUN": "NOUN", "PROPN": "NOUN", "ADJ": "ADJ"}
#: Columns of the class lexicon, in order (see the header of ``kg/data/triggers.tsv``).
COLUMNS = ("lemma", "pos", "class", "sense", "cameo", "requires", "roles", "note")
#: Kinds of condition a row may put on its trigger's dependents.
CONDITIONS = frozenset(
    {
        "dobj",
        "nodobj",
        "prep",
        "pobj",
        "prt",
        "comp",
        "mod",
        "of",
        "xcomp",
        "ccomp",
        "oprd",
        "subj",
        "amount",
    }
)
#: Dependency labels of a verb's complements and adverbials ("shoot dead", "take hostage").
_COMP_DEPS = ("acomp", "oprd", "advmod", "xcomp", "ccomp", "dobj", "attr", "npadvmod", "advcl")
#: Dependency labels under which a verb holds an amount ("rose 5%", "fell by a third").
_AMOUNT_DEPS = ("dobj", "npadvmod", "attr", "advmod", "prep", "obj", "nummod")


#: A CAMEO code: a root 01-20 and up to two more digits ("18", "183", "1831").
_CAMEO = re.compile(r"(0[1-9]|1\d|20)\d{0,2}")


class LexiconError(vocab.VocabularyError):
    """A row of a lexicon is malformed or names a class the ontology does not define."""


@dataclass(frozen=True, slots=True)
class Condition:
    """One test on a trigger's dependents; ``words`` empty means any word; ``negated``
    (written ``!kind:...``) holds when the test does not."""

    kind: str
    words: frozenset[str] = frozenset()
    negated: bool = False

    def holds(self, token: Token) -> bool:
        return self._test(token) != self.negated

    def _test(self, token: Token) -> bool:
        kind, words = self.kind, self.words
        children = list(token.children)
        if kind in ("dobj", "nodobj"):
            objs = [c for c in children if c.dep_ in ("dobj", "obj")]
            found = bool(objs) and (not words or any(_lemma(c) in words for c in objs))
            return found if kind == "dobj" else not found
        if kind == "prep":
            return any(c.dep_ in ("prep", "agent") and c.text.lower() in words for c in children)
        if kind == "prt":
            return any(
                c.dep_ in ("prt", "advmod", "prep") and c.text.lower() in words
                for c in children
                if c.dep_ == "prt" or not any(g.dep_ == "pobj" for g in c.children)
            )
        if kind == "pobj":  # "to/death": a preposition and its object ("stabbed to death")
            # the parser often hangs the phrase on the object ("set [the depot on fire]"):
            # a preposition *and* its object named this exactly are the verb's all the same
            objects = [g for c in children if c.dep_ in ("dobj", "obj") for g in c.children]
            return any(
                f"{c.text.lower()}/{_lemma(g)}" in words
                for c in children + objects
                if c.dep_ in ("prep", "dative", "agent")
                for g in c.children
                if g.dep_ == "pobj"
            )
        if kind == "comp":
            return any(_lemma(c) in words for c in children if c.dep_ in _COMP_DEPS)
        if kind == "mod":  # a noun's modifier: "air strike", "hunger strike", "rate cut"
            return any(
                _lemma(c) in words for c in children if c.dep_ in ("compound", "amod", "nmod")
            )
        if kind == "xcomp":
            return any(c.dep_ == "xcomp" for c in children)
        if kind == "ccomp":
            return any(c.dep_ == "ccomp" for c in children)
        if kind == "oprd":  # an object predicate: "called the plan a failure/dangerous"
            return any(c.dep_ == "oprd" for c in children)
        if kind == "of":
            return any(
                c.dep_ == "prep"
                and c.text.lower() == "of"
                and any(_lemma(g) in words for g in c.children if g.dep_ == "pobj")
                for c in children
            )
        if kind == "subj":
            subjects = [c for c in children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
            if not subjects and token.dep_ in ("acl", "relcl", "amod"):
                subjects = [token.head]  # "shares rising 5%", "the falling prices"
            return any(_lemma(c) in words or _head_of_partitive(c) in words for c in subjects)
        if kind == "amount":
            return any(_has_amount(c) for c in children if c.dep_ in _AMOUNT_DEPS)
        return False


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _head_of_partitive(token: Token) -> str:
    """``price`` for "the price of oil", ``share`` for "shares of X": the noun's own lemma
    unless it is a quantity noun followed by "of" (then the object of "of")."""
    for child in token.children:
        if child.dep_ == "prep" and child.text.lower() == "of":
            for g in child.children:
                if g.dep_ == "pobj":
                    return _lemma(g)
    return _lemma(token)


def _has_amount(token: Token) -> bool:
    """Whether a dependent is, or holds near its top, a number or a share ("5%", "$3")."""
    for t in (token, *token.children, *(g for c in token.children for g in c.children)):
        if (
            t.like_num
            or t.pos_ == "NUM"
            or t.text in ("%", "$", "€", "£", "¥")
            or (t.lemma_.lower() in ("percent", "per", "cent", "point", "half", "third", "quarter"))
        ):
            return True
    return False


@dataclass(frozen=True, slots=True)
class TriggerRow:
    """One row of the class lexicon: a predicate, in a sense, reports an event class."""

    lemma: str  # the head word the token's lemma is matched against ("blow")
    pos: str
    cls: str  # an event class of the ontology ("Event": a known sense without a class)
    cameo: str | None  # the CAMEO root code of this sense (of its finer code, else the class's)
    requires: tuple[Condition, ...] = ()  # all must hold
    roles: dict[str, str] = field(default_factory=dict)
    sense: str | None = None  # "fire:shoot"
    predicate: str = ""  # the lexicon's lemma, phrasal verbs in full ("blow up")
    cameo_code: str | None = None  # the finest CAMEO code known ("183"), else the root

    def applies(self, token: Token) -> bool:
        """Whether every condition of this row on the token's dependents holds."""
        return all(c.holds(token) for c in self.requires)


def _read(name_or_path: str | Path) -> str:
    if isinstance(name_or_path, Path):
        return name_or_path.read_text(encoding="utf-8")
    return resources.files("kg.data").joinpath(name_or_path).read_text(encoding="utf-8")


def _rows(text: str) -> list[tuple[int, list[str]]]:
    return [
        (n, [cell.strip() for cell in row])
        for n, row in enumerate(
            csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE), start=1
        )
        if row and row[0].strip() and not row[0].startswith("#")
    ]


def _parse_requires(value: str, where: str) -> tuple[Condition, ...]:
    if value in ("", "-"):
        return ()
    out = []
    for part in value.split("+"):
        kind, _, listed = part.strip().partition(":")
        negated = kind.startswith("!")
        kind = kind.removeprefix("!")
        if kind not in CONDITIONS:
            raise LexiconError(f"{where}: unknown condition {kind!r} (known: {sorted(CONDITIONS)})")
        found: set[str] = set()
        for w in (w.strip().lower() for w in listed.split("|") if w.strip()):
            prefix, _, w = w.rpartition("/")  # "to/death", "in/@quantity"
            prefix = f"{prefix}/" if prefix else ""
            if w.startswith("@"):
                category = words().get(w[1:])
                if category is None:
                    raise LexiconError(f"{where}: no word list {w!r} in event_senses.tsv")
                found |= {prefix + c for c in category}
            else:
                found.add(prefix + w)
        out.append(Condition(kind, frozenset(found), negated))
    return tuple(out)


def _parse_roles(value: str) -> dict[str, str]:
    if value in ("", "-"):
        return {}
    pairs = (item.split("=", 1) for item in value.split(",") if "=" in item)
    return {slot.strip(): role.strip() for slot, role in pairs}


def parse_triggers(
    text: str, source: str = "triggers.tsv"
) -> dict[tuple[str, str], tuple[TriggerRow, ...]]:
    """(head lemma, coarse POS) -> rows, in file order, from the text of a class lexicon.

    Rows of one word are tried in the order written, except that every row with a
    condition goes before the plain row (the default sense) of the same word. Every class
    must be an event class of the ontology, every role a role, and every further word of a
    phrasal lemma ("blow up", "set fire to") must be asked for by the row's conditions,
    else :class:`LexiconError`.
    """
    classes, roles = set(vocab.event_classes()), set(vocab.roles())
    table: dict[tuple[str, str], list[TriggerRow]] = {}
    for n, row in _rows(text):
        where = f"{source} line {n}"
        if len(row) < 3:
            raise LexiconError(f"{where}: a row needs at least lemma, pos and class")
        row = row + ["-"] * (len(COLUMNS) - len(row))
        lemma, pos, cls, sense, cameo, requires, role_map = row[:7]
        if cls not in classes:
            raise LexiconError(f"{where}: {cls!r} is not an event class of ontology/kg.ttl")
        conditions = _parse_requires(requires, where)
        words_asked = {p for c in conditions for w in c.words for p in w.split("/")}
        head, *rest = lemma.lower().split()
        missing = [w for w in rest if w not in words_asked]
        if missing:
            raise LexiconError(f"{where}: {lemma!r} has words no condition asks for: {missing}")
        mapping = _parse_roles(role_map)
        bad = sorted(set(mapping.values()) - roles)
        if bad:
            raise LexiconError(f"{where}: unknown roles {bad} (roles: {sorted(roles)})")
        own = None if cameo in ("", "-") else cameo
        if own is not None and not _CAMEO.fullmatch(own):
            raise LexiconError(f"{where}: {own!r} is not a CAMEO code (01-20, up to 4 digits)")
        entry = TriggerRow(
            lemma=head,
            pos=pos.upper(),
            cls=cls,
            cameo=own[:2] if own else vocab.cameo(cls),
            requires=conditions,
            roles=mapping,
            sense=None if sense in ("", "-") else sense,
            predicate=" ".join(lemma.lower().split()),
            cameo_code=own or vocab.cameo(cls),
        )
        table.setdefault((entry.lemma, entry.pos), []).append(entry)
    # a sense with a condition is tried before the plain row of the same word (stable)
    return {key: tuple(sorted(rows, key=lambda r: not r.requires)) for key, rows in table.items()}


@functools.lru_cache(maxsize=8)
def load_triggers(path: str | None = None) -> dict[tuple[str, str], tuple[TriggerRow, ...]]:
    """The class lexicon at ``path`` (default ``kg/data/triggers.tsv``), parsed and cached."""
    if path is None:
        return parse_triggers(_read("triggers.tsv"))
    return parse_triggers(_read(Path(path)), source=str(path))


def triggers() -> dict[tuple[str, str], tuple[TriggerRow, ...]]:
    """(lemma, coarse POS) -> rows of the packaged class lexicon (``kg/data/triggers.tsv``)."""
    return load_triggers()


@functools.lru_cache(maxsize=1)
def words() -> dict[str, frozenset[str]]:
    """Category -> lemmas, from ``kg/data/event_senses.tsv``."""
    table: dict[str, set[str]] = {}
    for _, row in _rows(_read("event_senses.tsv")):
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
    """Head lemma -> entity class for unnamed actors (``kg/data/event_groups.tsv``), and the
    entity lexicon's nouns for people and bodies: a title or a word for a person ("the
    ambassador", "the executive director") is a Person, a kind of organisation ("the
    chain", "the label") an Organization. The event lexicon's own rows win."""
    from kg.components.entities.lexicon import lexicon

    words = lexicon().words
    found = dict.fromkeys(words.get("org_noun", ()), "Organization")
    for category in ("title", "person_noun"):
        found.update(dict.fromkeys(words.get(category, ()), "Person"))
    found = {w: kind for w, kind in found.items() if " " not in w}
    found.update(
        {row[0].lower(): row[1] for _, row in _rows(_read("event_groups.tsv")) if len(row) >= 2}
    )
    return found


def coarse_pos(token: Token) -> str:
    return _POS.get(token.pos_, token.pos_)


def trigger_row(
    token: Token, table: dict[tuple[str, str], tuple[TriggerRow, ...]] | None = None
) -> TriggerRow | None:
    """The lexicon row that gives ``token`` its sense and class, or ``None``.

    Rows are tried in the lexicon's order (senses with conditions first); a token whose
    word has no row, or whose rows' conditions all fail, has no class from the lexicon
    (it may still be an open event). ``table`` defaults to the packaged lexicon.
    """
    table = triggers() if table is None else table
    pos = coarse_pos(token)
    lemma, text = token.lemma_.lower(), token.text.lower()
    rows = table.get((lemma, pos))
    if rows is None and pos == "NOUN":
        rows = table.get((text, pos))  # "talks" lemmatised as "talks"
        if rows is None and text.endswith("s"):
            rows = table.get((text[:-1], pos))
    for row in rows or ():
        if row.applies(token):
            return row
    if pos == "VERB" and text != lemma:
        # the word may be a verb of its own that the lemmatiser took for another's form:
        # "would lay off" ("lay" is also the past of "lie"). Only rows whose conditions
        # single the sense out ("lay off" needs its particle): "wound" the past of "wind"
        # is no injury.
        for row in table.get((text, pos), ()):
            if row.requires and row.applies(token):
                return row
    return None
