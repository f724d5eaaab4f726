"""Finding the few tokens a rule looks at without making a ``Token`` for every token.

Iterating a ``Doc`` creates a Python ``Token`` object per token (~0.4 µs each), and a rule
that reads one attribute of each to find its handful of candidates pays that for the whole
text; the kg components did so a dozen times per article. ``doc.to_array`` reads the same
attribute for all tokens at once in C, so a rule can visit only the tokens that can match.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from spacy.strings import hash_string
from spacy.symbols import IDS
from spacy.tokens import Doc


def where(doc: Doc, attr: str, values: Iterable[str]) -> list[int]:
    """Indices of the tokens whose ``attr`` (``"LOWER"``, ``"ORTH"``, ``"LEMMA"``, ``"POS"``,
    ``"DEP"``...) is one of ``values``, in text order.

    >>> import spacy
    >>> doc = spacy.blank("en")("They said it was raining")
    >>> where(doc, "LOWER", ["they", "it"])
    [0, 2]
    """
    if not len(doc):
        return []
    column = doc.to_array(attr)
    # a value is stored as its symbol id where spaCy has one ("NOUN", "nsubj"), else as the
    # hash of its string (most tags and words): look for both
    ids = {hash_string(v) for v in values} | {IDS[v] for v in values if v in IDS}
    return np.flatnonzero(np.isin(column, np.array(sorted(ids), dtype=column.dtype))).tolist()
