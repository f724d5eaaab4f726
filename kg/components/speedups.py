"""Exact, faster stand-ins for two components of spaCy's English model.

In ``en_core_web_sm`` the attribute ruler and the rule lemmatizer took 23% of spaCy's time
on news (0.95 s and 0.71 s of 7.3 s per 100 articles, ``benchmarks/bench_throughput.py``),
though neither has weights: the ruler runs spaCy's general ``Matcher`` over its 179 one-
and two-token patterns at every token, and the lemmatizer makes several Python calls per
token. Both results are functions of a few attributes of each token, so each distinct case
is computed once and then looked up:

* :class:`IndexedAttributeRuler` evaluates the ruler's token patterns once per distinct
  combination of the attributes they test (LOWER, TAG, DEP, IS_SPACE in the English model),
  finds the fixed-length patterns from those cached results, and applies the matches in
  spaCy's order with spaCy's ``set_token_attrs`` (without a ``Span`` per match);
* :class:`CachedLemmatizer` keys each lemma on (ORTH, POS, MORPH), which is the key of
  spaCy's own lemma cache and all its rules read, and writes a document's lemmas with one
  ``Doc.from_array``.

Both give spaCy's annotations token for token (``tests/test_speedups.py`` compares them on
sentences and on the bundled articles). A pattern the index cannot express (an operator
such as ``"OP": "+"``, a morphological or extension test) makes the ruler use spaCy's
matcher unchanged, and a lemmatizer not in rule mode runs spaCy's loop.
:func:`install` swaps them into a loaded English pipeline (``kg.nlp.load_pipeline``);
bare ``spacy.load`` is untouched.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy
from spacy.attrs import IDS, LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.lookups import UNSET, Lookups, Table
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

#: Token attributes the index reads with ``Doc.to_array``: string attributes compare by
#: hash, flags as 0/1. Anything else in a pattern makes the ruler fall back to the Matcher.
STRING_ATTRS = frozenset({"ORTH", "LOWER", "NORM", "TAG", "DEP", "LEMMA", "SHAPE", "ENT_TYPE"})
FLAG_ATTRS = frozenset(
    {"IS_SPACE", "IS_PUNCT", "IS_ALPHA", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE"}
    | {"IS_STOP", "LIKE_NUM"}
)
#: Distinct attribute combinations kept (a corpus of 10,000 articles has far fewer).
CACHE_LIMIT = 500_000

Test = Callable[[int], bool]


class IndexedAttributeRuler(AttributeRuler):
    """spaCy's ``AttributeRuler`` with its matching done once per distinct token."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._reset()

    def _reset(self) -> None:
        self._index: _Index | None = None
        self._cache: dict[tuple, tuple[tuple[int, ...], frozenset[int]]] = {}

    def add(self, patterns, attrs, index: int = 0) -> None:
        super().add(patterns, attrs, index)
        self._reset()

    def clear(self) -> None:
        super().clear()
        self._reset()

    def match(self, doc: Doc):
        if self._index is None:
            self._index = _Index.build(self)
        index = self._index
        if not index.usable or not index.attrs or not len(doc):
            return super().match(doc)
        rows = doc.to_array(index.attrs).reshape(len(doc), len(index.attrs)).tolist()
        cache = self._cache
        if len(cache) > CACHE_LIMIT:
            cache.clear()
        singles: list[tuple[int, ...]] = []
        passed: list[frozenset[int]] = []
        for row in rows:
            key = tuple(row)
            hit = cache.get(key)
            if hit is None:
                hit = cache[key] = index.evaluate(key)
            singles.append(hit[0])
            passed.append(hit[1])
        found: set[tuple[int, int, int, int]] = set()
        keys = index.keys
        for start, ids in enumerate(singles):
            for i in ids:
                found.add((i, keys[i], start, start + 1))
        n = len(rows)
        for i, sequence in index.sequences:
            first, width = sequence[0], len(sequence)
            for start in range(n - width + 1):
                if first in passed[start] and all(
                    spec in passed[start + k] for k, spec in enumerate(sequence)
                ):
                    found.add((i, keys[i], start, start + width))
        return sorted(found)

    def set_annotations(self, doc: Doc, matches) -> None:
        """spaCy's ``set_annotations`` without a ``Span`` made per match (same order)."""
        indices, attrs = self.indices, self.attrs
        for attr_id, _, start, end in matches:
            index = indices[attr_id]
            position = start + index if index >= 0 else end + index
            if not start <= position < end:  # raises spaCy's own error (E1001)
                super().set_annotations(doc, [(attr_id, _, start, end)])
            set_token_attrs(doc[position], attrs[attr_id])


class _Index:
    """The ruler's patterns as distinct token tests and the sequences that use them."""

    def __init__(self) -> None:
        self.usable = True
        self.attrs: list[int] = []  # attribute ids, in ``to_array`` column order
        self.tests: list[list[tuple[int, Test]]] = []  # per token spec: (column, test)
        self.single: list[list[int]] = []  # per token spec: patterns of that spec alone
        self.sequences: list[tuple[int, tuple[int, ...]]] = []  # longer patterns
        self.keys: list[int] = []  # pattern index -> the matcher's key (a hash)
        self.required: list[tuple[int, frozenset[int]] | None] = []  # per token spec

    @classmethod
    def build(cls, ruler: AttributeRuler) -> _Index:
        index = cls()
        strings = ruler.vocab.strings
        specs: dict[str, int] = {}
        columns: dict[str, int] = {}
        for i, entry in enumerate(ruler.patterns):
            index.keys.append(strings[str(i)])
            for pattern in entry["patterns"]:
                sequence = []
                for token in pattern:
                    spec = repr(sorted(token.items()))
                    if spec not in specs:
                        tests = index._tests(token, columns, strings)
                        if tests is None:
                            index.usable = False
                            return index
                        specs[spec] = len(index.tests)
                        index.tests.append(tests)
                        index.single.append([])
                    sequence.append(specs[spec])
                if not sequence:
                    index.usable = False
                    return index
                if len(sequence) == 1:
                    index.single[sequence[0]].append(i)
                else:
                    index.sequences.append((i, tuple(sequence)))
        index.attrs = [IDS[name] for name in columns]
        index._anchor()
        return index

    def _tests(self, token: dict, columns: dict[str, int], strings) -> list | None:
        """(column, test) per attribute of a token pattern, None if one is unsupported;
        records the spec's narrowest required values for the index."""
        out, required = [], None
        for name, value in token.items():
            name = name.upper()
            if name not in STRING_ATTRS and name not in FLAG_ATTRS:
                return None
            column = columns.setdefault(name, len(columns))
            made = _test(value, flag=name in FLAG_ATTRS, strings=strings)
            if made is None:
                return None
            test, among = made
            out.append((column, test))
            if among is not None and (required is None or len(among) < len(required[1])):
                required = (column, among)
        self.required.append(required)
        return out

    def evaluate(self, row: tuple) -> tuple[tuple[int, ...], frozenset[int]]:
        """(patterns matched by this token alone, token specs it passes)."""
        candidates = list(self.unanchored)
        for column, by_value in self.anchors.items():
            candidates.extend(by_value.get(row[column], ()))
        tests = self.tests
        passed = sorted(s for s in candidates if all(t(row[c]) for c, t in tests[s]))
        singles = tuple(sorted(i for s in passed for i in self.single[s]))
        return singles, frozenset(passed)

    def _anchor(self) -> None:
        """Index each token spec by one value it requires, so that a token is tested only
        against the specs its own values can satisfy (179 specs, ~3 candidates a token)."""
        self.anchors: dict[int, dict[int, list[int]]] = {}
        self.unanchored: list[int] = []
        for s, values in enumerate(self.required):
            if values is None:
                self.unanchored.append(s)
                continue
            column, among = values
            by_value = self.anchors.setdefault(column, {})
            for value in among:
                by_value.setdefault(value, []).append(s)


def _test(value, *, flag: bool, strings) -> tuple[Test, frozenset[int] | None] | None:
    """A test on one ``to_array`` value as spaCy's Matcher reads the pattern value, and
    the values it requires (None: not a closed set); None if the value is not supported."""
    if flag:
        if isinstance(value, bool):
            return ((lambda v: v != 0) if value else (lambda v: v == 0)), None
        return None
    if isinstance(value, str):
        wanted = strings[value]
        return (lambda v: v == wanted), frozenset({wanted})
    if not isinstance(value, dict) or len(value) != 1:
        return None
    ((op, arg),) = value.items()
    if op in ("IN", "NOT_IN") and isinstance(arg, list):
        among = frozenset(strings[s] for s in arg)
        if op == "IN":
            return (lambda v: v in among), among
        return (lambda v: v not in among), None
    if op == "REGEX" and isinstance(arg, str):
        search = re.compile(arg).search
        return (lambda v: search(strings[v]) is not None), None
    return None


class SetIndexLookups(Lookups):
    """The lemmatizer's tables, with the word lists of ``lemma_index`` read as sets.

    spaCy's rule lemmatizer asks ``form in index`` of lists of up to 57,000 words (~90
    microseconds a new word); it only ever tests membership and emptiness, which a
    frozenset answers the same. The stored tables stay lists (``to_disk`` is unchanged).
    """

    def __init__(self) -> None:
        super().__init__()
        self._sets: tuple[int, Table] | None = None

    @classmethod
    def of(cls, lookups: Lookups) -> SetIndexLookups:
        out = cls()
        for name in lookups.tables:
            out.set_table(name, lookups.get_table(name))
        return out

    def get_table(self, name: str, default=UNSET):
        table = super().get_table(name, default)
        if name != "lemma_index" or not isinstance(table, Table):
            return table
        if self._sets is None or self._sets[0] != id(table):
            sets = Table(name=table.name)
            for key, words in table.items():
                sets[key] = frozenset(words)
            self._sets = (id(table), sets)
        return self._sets[1]


class CachedLemmatizer(EnglishLemmatizer):
    """spaCy's English rule lemmatizer, each (ORTH, POS, MORPH) lemmatised once."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._lemmas: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if self.mode != "rule" or self.overwrite or not len(doc):
            return super().__call__(doc)
        if not self._validated:
            self._validate_tables(Errors.E1004)
        error_handler = self.get_error_handler()
        try:
            lemmas = self._lemmas
            if len(lemmas) > CACHE_LIMIT:
                lemmas.clear()
            add = self.vocab.strings.add
            out = []
            rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
            for i, (orth, pos, morph, lemma) in enumerate(rows):
                if lemma == 0:  # not set by the attribute ruler
                    key = (orth, pos, morph)
                    lemma = lemmas.get(key)
                    if lemma is None:
                        lemma = lemmas[key] = add(self.lemmatize(doc[i])[0])
                out.append(lemma)
            doc.from_array([LEMMA], numpy.asarray(out, dtype="uint64"))
            return doc
        except Exception as e:
            error_handler(self.name, self, [doc], e)


@Language.factory("kg_attribute_ruler", default_config={"validate": False})
def make_attribute_ruler(nlp: Language, name: str, validate: bool) -> IndexedAttributeRuler:
    return IndexedAttributeRuler(nlp.vocab, name, validate=validate)


@Language.factory(
    "kg_lemmatizer",
    assigns=["token.lemma"],
    default_config={"model": None, "mode": "rule", "overwrite": False},
)
def make_lemmatizer(nlp: Language, model, name: str, mode: str, overwrite: bool):
    return CachedLemmatizer(nlp.vocab, model, name, mode=mode, overwrite=overwrite)


def install(nlp: Language) -> Language:
    """Swap the stand-ins in for the model's ruler and lemmatizer (same names, same data).

    Only exactly spaCy's own classes are replaced; a pipeline with other components under
    those names is left as it is.
    """
    if "attribute_ruler" in nlp.pipe_names:
        old = nlp.get_pipe("attribute_ruler")
        if type(old) is AttributeRuler:
            patterns = old.patterns
            new = nlp.replace_pipe("attribute_ruler", "kg_attribute_ruler")
            new.add_patterns(patterns)
    if "lemmatizer" in nlp.pipe_names:
        old = nlp.get_pipe("lemmatizer")
        if type(old) is EnglishLemmatizer:
            config = {"mode": old.mode, "overwrite": old.overwrite}
            new = nlp.replace_pipe("lemmatizer", "kg_lemmatizer", config=config)
            new.lookups = SetIndexLookups.of(old.lookups)
    return nlp
