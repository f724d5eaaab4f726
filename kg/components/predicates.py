"""Which words are predicates: the open event layer's trigger test, with no list of events.

Every main verb of a sentence reports a happening or a state, so every main verb is a
predicate, except the words whose job is grammar: copulas ("is", "became"), light verbs
whose object noun names the event ("made a decision", "held talks"), aspectual verbs whose
complement is the event ("began to fall") and support verbs ("used to", "got arrested").
Nouns are predicates when they name a happening: zero-derived and simple event nouns from a
general list ("attack", "deal", "crisis"), and nominalisations recognised by morphology: a
verbal suffix (-tion, -sion, -ment, -al, -ure, -ance, -ence, -ing) whose stem is a verb of the
model's lemma index ("decision" from "decide", "arrival" from "arrive"), unless the noun is
listed as naming a thing or an institution ("government", "station").

The word classes are data (``kg/data/predicates.tsv``), loaded once per pipeline by
:class:`PredicateLexicon`; the verb index is spaCy's own (the English lemmatizer's
``lemma_index`` table), so the test needs no list of verbs of ours.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from spacy.tokens import Token

DATA_FILE = "predicates.tsv"
#: Named-entity labels inside which a word is part of a name, not a predicate.
NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "WORK_OF_ART", "LAW", "PRODUCT", "EVENT"}
)
#: Labels of values: "5%" is a quantity of an event, never an event.
VALUE_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})
_MIN_STEM = 3


@dataclass(slots=True)
class PredicateLexicon:
    """The word classes of ``predicates.tsv`` and the verb index they are checked against."""

    classes: dict[str, frozenset[str]] = field(default_factory=dict)
    suffixes: tuple[tuple[str, tuple[str, ...]], ...] = ()
    verbs: frozenset[str] = frozenset()

    @classmethod
    def from_rows(cls, rows: Iterable[list[str]], verbs: Iterable[str] = ()) -> PredicateLexicon:
        table: dict[str, set[str]] = {}
        suffixes: list[tuple[str, tuple[str, ...]]] = []
        for row in rows:
            if len(row) < 2:
                continue
            word, kind = row[0].strip().lower(), row[1].strip()
            if kind == "suffix":
                stems = row[2].split("|") if len(row) > 2 else [""]
                suffixes.append((word, tuple(s.strip() for s in stems)))
            else:
                table.setdefault(kind, set()).add(word)
        suffixes.sort(key=lambda s: -len(s[0]))  # longest suffix first: "ial" before "al"
        return cls(
            classes={k: frozenset(v) for k, v in table.items()},
            suffixes=tuple(suffixes),
            verbs=frozenset(verbs),
        )

    @classmethod
    def load(cls, path: Path | None = None, verbs: Iterable[str] = ()) -> PredicateLexicon:
        """The lexicon of ``path`` (default: the packaged ``kg/data/predicates.tsv``)."""
        if path is None:
            text = resources.files("kg.data").joinpath(DATA_FILE).read_text(encoding="utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        return cls.from_rows(read_rows(text), verbs)

    def to_text(self) -> str:
        """The lexicon as TSV, as :meth:`load` reads it (saved with the pipeline)."""
        lines = ["# word\tclass\tnote"]
        for kind in sorted(self.classes):
            lines.extend(f"{w}\t{kind}\t-" for w in sorted(self.classes[kind]))
        for suffix, stems in self.suffixes:
            lines.append(f"{suffix}\tsuffix\t{'|'.join(stems)}")
        return "\n".join(lines) + "\n"

    def is_a(self, lemma: str, kind: str) -> bool:
        return lemma.lower() in self.classes.get(kind, frozenset())

    def nominalisation(self, lemma: str) -> str | None:
        """The verb a noun is derived from by a verbal suffix, if any.

        >>> lex = PredicateLexicon.from_rows(
        ...     [["sion", "suffix", "de|d"], ["al", "suffix", "e|"]], verbs=["decide", "arrive"])
        >>> lex.nominalisation("decision"), lex.nominalisation("arrival")
        ('decide', 'arrive')
        >>> lex.nominalisation("animal") is None
        True
        """
        lemma = lemma.lower()
        for suffix, stems in self.suffixes:
            if not lemma.endswith(suffix):
                continue
            base = lemma[: -len(suffix)]
            if len(base) < _MIN_STEM:
                continue
            for stem in stems:
                if base + stem in self.verbs:
                    return base + stem
        return None

    def event_noun(self, lemma: str) -> bool:
        """Whether a noun lemma names a happening (listed, or a nominalisation of a verb)."""
        lemma = lemma.lower()
        if self.is_a(lemma, "not_event"):
            return False
        if self.is_a(lemma, "event_noun"):
            return True
        return self.nominalisation(lemma) is not None


class UsesPredicateLexicon:
    """The lexicon handling shared by the components that find predicates: loaded when the
    component is made (``predicate_lexicon`` config: a path, default the packaged TSV),
    reloaded by ``initialize``, saved with the pipeline by ``to_disk``."""

    lexicon: PredicateLexicon
    _verbs: frozenset[str]

    def _load_lexicon(self, nlp, path: str | None) -> None:
        self._verbs = model_verbs(nlp)
        self.lexicon = PredicateLexicon.load(Path(path) if path else None, self._verbs)

    def initialize(self, get_examples=None, *, nlp=None, predicate_lexicon=None) -> None:
        """Reload the predicate lexicon (from ``predicate_lexicon`` if given)."""
        self.lexicon = PredicateLexicon.load(
            Path(predicate_lexicon) if predicate_lexicon else None, self._verbs
        )

    def to_disk(self, path, *, exclude=()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / DATA_FILE).write_text(self.lexicon.to_text(), encoding="utf-8")

    def from_disk(self, path, *, exclude=()):
        text = (Path(path) / DATA_FILE).read_text(encoding="utf-8")
        self.lexicon = PredicateLexicon.from_rows(read_rows(text), self._verbs)
        return self


def read_rows(text: str) -> list[list[str]]:
    """The rows of a kg TSV lexicon: tab-separated, '#' comment lines, blank lines skipped."""
    return [
        [cell.strip() for cell in row]
        for row in csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
        if row and row[0].strip() and not row[0].startswith("#")
    ]


def model_verbs(nlp) -> frozenset[str]:
    """The verb lemmas of the pipeline's English lemmatizer (WordNet's verbs, as spaCy ships
    them), or none if the pipeline has no such table."""
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    except (KeyError, ValueError, AttributeError):
        return frozenset()
    for key in ("verb", nlp.vocab.strings.add("verb")):
        if key in table:
            return frozenset(table[key])
    return frozenset()


def in_name(token: Token) -> bool:
    return token.ent_type_ in NAME_LABELS


def event_noun_text(token: Token, lexicon: PredicateLexicon) -> bool:
    """Whether a noun token names a happening ("talks" is lemmatised as itself)."""
    if lexicon.event_noun(token.lemma_):
        return True
    lower = token.text.lower()
    return lower.endswith("s") and lexicon.is_a(lower[:-1], "event_noun")


def verb_predicate(token: Token, lexicon: PredicateLexicon) -> bool:
    """Whether a verb token is a predicate of its own (see the module docstring)."""
    if token.pos_ != "VERB" or in_name(token) or token.ent_type_ in VALUE_LABELS:
        return False
    if token.dep_ in ("aux", "auxpass", "amod", "compound"):
        return False  # "the proposed merger": the merger is the event
    if token.dep_ == "prep" or (token.dep_ == "acl" and _prepositional(token)):
        return False  # "including", "regarding", "based on": a verb form used as a preposition
    lemma = token.lemma_.lower()
    if lexicon.is_a(lemma, "copula") or lexicon.is_a(lemma, "support"):
        return lemma in ("appear", "remain") and not _has_complement(token)
    if lexicon.is_a(lemma, "grammar"):
        return False  # "has two plants": a state; "had talks": the talks are the event
    if lexicon.is_a(lemma, "light") and _event_object(token, lexicon) is not None:
        return False  # "held talks": the talks are the event
    if lexicon.is_a(lemma, "aspectual") and (
        any(c.dep_ == "xcomp" for c in token.children) or _event_object(token, lexicon) is not None
    ):
        return False  # "began to fall", "resumed talks"
    return lemma != "according"


def noun_predicate(token: Token, lexicon: PredicateLexicon) -> bool:
    """Whether a noun token is an event noun heading its phrase."""
    if token.pos_ != "NOUN" or in_name(token) or token.ent_type_ in VALUE_LABELS:
        return False
    if token.dep_ == "compound":
        return False  # "the sale price": the price, not a sale
    return event_noun_text(token, lexicon)


def _prepositional(verb: Token) -> bool:
    """A participle whose only dependent is a preposition phrase: "a firm based in X"."""
    deps = [c.dep_ for c in verb.children if c.dep_ not in ("punct", "advmod")]
    return verb.tag_ == "VBN" and deps == ["prep"] and verb.lemma_.lower() in ("base", "locate")


def _has_complement(verb: Token) -> bool:
    return any(c.dep_ in ("acomp", "attr", "oprd", "xcomp") for c in verb.children)


def _event_object(verb: Token, lexicon: PredicateLexicon) -> Token | None:
    for child in verb.children:  # "held talks", "talks were held"
        is_object = child.dep_ in ("dobj", "obj", "attr", "nsubjpass") and child.pos_ == "NOUN"
        if is_object and event_noun_text(child, lexicon):
            return child
    return None
