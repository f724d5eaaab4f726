"""The sentence of a token or span, by binary search over boundaries computed once per Doc.

spaCy's ``Token.sent`` and ``Span.sent`` walk the tokens out to the sentence boundaries,
after checking that the document has sentence annotation at all, on every call; our
components ask for thousands of sentences per article. The boundaries are found once per
``Doc`` (kept in ``doc.user_data``) and each sentence's model :class:`kg.model.Span` is
built once and shared, which also keeps the pickled document graphs small (a shared object
is pickled once).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

import numpy as np
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from kg.model import Span

_KEY = "kg_sentences"


class _Sentences:
    __slots__ = ("spans", "starts", "texts")

    def __init__(self, doc: Doc) -> None:
        self.spans: list[SpacySpan] = list(doc.sents)
        self.starts = [s.start for s in self.spans]
        self.texts: list[Span | None] = [None] * len(self.spans)


def _sentences(doc: Doc) -> _Sentences:
    found = doc.user_data.get(_KEY)
    if found is None:
        found = doc.user_data[_KEY] = _Sentences(doc)
    return found


def sentence_number(doc: Doc, i: int) -> int:
    """The index (0-based) of the sentence holding token ``i``.

    >>> import spacy
    >>> doc = spacy.blank("en")("One two . Three four .")
    >>> for t in doc: t.is_sent_start = t.i in (0, 3)
    >>> sentence_number(doc, 4), sentence_number(doc, 2)
    (1, 0)
    """
    return bisect_right(_sentences(doc).starts, i) - 1


def token_sentence(doc: Doc, i: int) -> SpacySpan:
    """The sentence (a spaCy span) holding token ``i``: ``doc[i].sent``, fast."""
    return _sentences(doc).spans[sentence_number(doc, i)]


def sentences(doc: Doc) -> list[SpacySpan]:
    """All sentences of ``doc`` (shared list: do not modify)."""
    return _sentences(doc).spans


def sentence_text(doc: Doc, i: int) -> Span:
    """The model span of the sentence holding token ``i`` (one shared object per sentence).

    For a token range, pass its first token: ``Span.sent`` too gives the first sentence of
    a range that crosses a boundary.
    """
    found = _sentences(doc)
    number = sentence_number(doc, i)
    span = found.texts[number]
    if span is None:
        sent = found.spans[number]
        span = found.texts[number] = Span(sent.start_char, sent.end_char, sent.text)
    return span


def token_positions(doc: Doc, attr: str, values: Iterable[str]) -> list[int]:
    """Indices of the tokens whose ``attr`` ("LOWER", "ORTH", "TAG") is one of ``values``.

    Why: walking a Doc creates a Python ``Token`` per word (about a microsecond each); a
    rule that looks for a handful of words reads spaCy's attribute array instead.
    """
    ids = np.array([get_string_id(v) for v in values], dtype=np.uint64)
    return np.flatnonzero(np.isin(doc.to_array(attr), ids)).tolist()
