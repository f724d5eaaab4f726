"""kg.components.scan.where: the same tokens as reading each Token's attribute."""

from __future__ import annotations

import pytest

from kg.components.scan import where

TEXT = 'The company said it will hire the 36-year-old, which "we agree," he said that was fine.'


@pytest.mark.parametrize(
    ("attr", "values", "read"),
    [
        ("POS", ("NOUN", "PROPN", "PRON"), lambda t: t.pos_),
        ("DEP", ("nsubj", "ROOT", "appos"), lambda t: t.dep_),
        ("TAG", ("WDT", "NN"), lambda t: t.tag_),
        ("LOWER", ("old", "that", "the"), lambda t: t.lower_),
        ("ORTH", ('"',), lambda t: t.text),
        ("LEMMA", ("be", "say"), lambda t: t.lemma_),
    ],
)
def test_where_finds_what_token_attributes_say(nlp, attr, values, read):
    doc = nlp(TEXT)
    expected = [t.i for t in doc if read(t) in values]
    assert expected  # the sentence has some of each
    assert where(doc, attr, values) == expected


def test_where_on_an_empty_doc_or_no_match(nlp):
    assert where(nlp(""), "LOWER", ("the",)) == []
    assert where(nlp("Rain fell."), "LOWER", ("snow",)) == []
