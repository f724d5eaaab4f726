"""kg.components.sentences must agree with spaCy's own ``Token.sent`` / ``Span.sent``."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg.components.sentences import sentence_number, sentence_text, token_sentence

WORDS = ["Rain", "fell", ".", "The", "river", "rose", "fast", ".", "Roads", "closed", "."]
STARTS = {0, 3, 8}


@pytest.fixture
def doc() -> Doc:
    doc = Doc(Vocab(), words=WORDS)
    for token in doc:
        token.is_sent_start = token.i in STARTS
    return doc


@pytest.mark.parametrize("i", range(len(WORDS)))
def test_token_sentence_matches_spacy(doc, i):
    assert token_sentence(doc, i) == doc[i].sent
    span = sentence_text(doc, i)
    sent = doc[i].sent
    assert (span.start, span.end, span.text) == (sent.start_char, sent.end_char, sent.text)


@pytest.mark.parametrize(("start", "end"), [(0, 2), (4, 6), (1, 5), (2, 9), (5, 8)])
def test_range_takes_its_first_sentence_as_spacy_does(doc, start, end):
    span, sent = sentence_text(doc, start), doc[start:end].sent
    assert (span.start, span.end, span.text) == (sent.start_char, sent.end_char, sent.text)


def test_one_shared_span_per_sentence(doc):
    assert sentence_text(doc, 4) is sentence_text(doc, 6)
    assert sentence_number(doc, 10) == 2
