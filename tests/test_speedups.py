"""The indexed attribute ruler and cached lemmatizer give spaCy's own annotations."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.pipeline import AttributeRuler

from kg.components import speedups
from kg.nlp import load_model

ARTICLES = Path(__file__).resolve().parent.parent / "examples" / "articles"

#: Sentences of our own that reach the ruler's rarer patterns: contractions, two-token
#: patterns ("gon na", "let 's"), pronoun case by dependency, expletive "there", spaces.
SENTENCES = [
    "Y'all gonna see it ain't nothin' special, he said.",
    "Let's go, c'mon! I told you it is there and you know it.",
    "There's a man who does not care. Did he? He didn't.",
    "  \n\n  Spaced   out\t text  gotta get going; she got it, it gets hers.",
    "The ministers, whose plans were rejected, have said that they'd resign if asked.",
    "Whether or not the bank's shares fell 3% on Tuesday, that is what investors feared.",
]


@pytest.fixture(scope="module")
def pair():
    plain = load_model()
    fast = speedups.install(load_model())
    return plain, fast


def annotations(doc):
    return [(t.text, t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


def test_install_swaps_spacys_own_classes_only(pair) -> None:
    plain, fast = pair
    assert type(plain.get_pipe("attribute_ruler")) is AttributeRuler
    assert type(plain.get_pipe("lemmatizer")) is EnglishLemmatizer
    assert isinstance(fast.get_pipe("attribute_ruler"), speedups.IndexedAttributeRuler)
    assert isinstance(fast.get_pipe("lemmatizer"), speedups.CachedLemmatizer)
    assert fast.pipe_names == plain.pipe_names
    # the patterns came across whole
    assert fast.get_pipe("attribute_ruler").patterns == plain.get_pipe("attribute_ruler").patterns


def test_same_annotations_as_spacy(pair) -> None:
    plain, fast = pair
    texts = SENTENCES + [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))]
    # twice: the second pass runs from the caches the first filled
    for _ in range(2):
        for a, b in zip(plain.pipe(texts), fast.pipe(texts), strict=True):
            assert annotations(a) == annotations(b)


def test_same_matches_as_spacys_matcher(pair) -> None:
    plain, fast = pair
    ruler = fast.get_pipe("attribute_ruler")
    for doc in plain.pipe(SENTENCES):
        assert ruler.match(doc) == sorted(set(plain.get_pipe("attribute_ruler").match(doc)))
    # the rare patterns were exercised (or this test proves little)
    lemmas = {t.lemma_ for doc in fast.pipe(SENTENCES) for t in doc}
    assert {"go", "be", "nothing", "us", "get"} <= lemmas


def test_an_operator_pattern_falls_back_to_spacys_matcher(pair) -> None:
    plain, _ = pair
    ruler = speedups.IndexedAttributeRuler(plain.vocab, "ruler")
    ruler.add([[{"LOWER": "very", "OP": "+"}, {"LOWER": "good"}]], {"LEMMA": "fine"})
    doc = plain.make_doc("it was very very good")
    assert [(s, e) for _, _, s, e in ruler.match(doc)] == [(2, 5), (3, 5)]
    assert ruler(doc)[3].lemma_ == "fine"


def test_added_patterns_rebuild_the_index(pair) -> None:
    plain, _ = pair
    ruler = speedups.IndexedAttributeRuler(plain.vocab, "ruler")
    ruler.add([[{"LOWER": "alpha"}]], {"LEMMA": "first"})
    doc = plain.make_doc("alpha beta")
    assert ruler(doc)[0].lemma_ == "first" and doc[1].lemma_ == ""
    ruler.add([[{"LOWER": {"IN": ["beta", "gamma"]}}]], {"LEMMA": "second"})
    assert ruler(plain.make_doc("alpha beta"))[1].lemma_ == "second"


def test_lemma_index_reads_as_sets_and_saves_as_lists(pair, tmp_path) -> None:
    _, fast = pair
    lookups = fast.get_pipe("lemmatizer").lookups
    assert isinstance(lookups, speedups.SetIndexLookups)
    index = lookups.get_table("lemma_index")
    assert all(isinstance(words, frozenset) for words in index.values())
    lookups.to_disk(tmp_path)
    from spacy.lookups import Lookups

    again = Lookups().from_disk(tmp_path)
    assert all(isinstance(words, list) for words in again.get_table("lemma_index").values())


def test_a_ruler_without_patterns_matches_nothing(pair) -> None:
    plain, _ = pair
    ruler = speedups.IndexedAttributeRuler(plain.vocab, "ruler")
    doc = plain.make_doc("nothing to see")
    assert ruler.match(doc) == [] and ruler(doc) is doc
