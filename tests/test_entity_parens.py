"""Names defined in parentheses (kg.components.entities.parens), on hand-built Docs.

Sentences are written for these tests; NER tags carry the small model's typical mistakes
(a long form broken at a digit or at "and", a second name left untagged).
"""

from __future__ import annotations

import pytest
from test_entities import build, by_label

from kg.components.entities import resolve
from kg.components.entities.parens import is_short_form, long_form_before, long_form_inside


@pytest.mark.parametrize(
    ("words", "short", "start"),
    [
        ("the deputies of Partito 7 Venti", "P7V", 3),
        ("backed by the Union of Free Farmers and Fishers", "UFFF", 3),
        ("the Ruritanian State News Agency", "RSNA", 1),
        ("Council on Ruritanian - Vellish Relations", "CRVR", 0),
        ("Harbour Workers Union", "HWU", 0),
    ],
)
def test_long_form_is_read_back_from_the_parenthesis(words, short, start):
    assert long_form_before(words.split(), short) == start


@pytest.mark.parametrize(
    ("words", "short"),
    [
        ("met the State News Agency", "RSNA"),  # a letter without a word
        ("said the minister", "TM"),  # lower-case words are no name
        ("Jane Okafor", "JOKR"),  # more letters than words
    ],
)
def test_no_long_form(words, short):
    assert long_form_before(words.split(), short) is None


def test_long_form_inside_and_short_forms():
    assert long_form_inside(["Consiglio", "Agrario", "Vellese"], "VAC")
    assert not long_form_inside(["Consiglio", "Agrario"], "VAC")
    assert [is_short_form(t) for t in ("RSNA", "P7V", "Rsna", "7P")] == [True, True, False, False]


@pytest.mark.parametrize(
    ("text", "ents", "label", "alt"),
    [
        (  # a long form broken at its digit: one organisation, both names
            "deputies of Partito 7 Venti ( P7V ) voted .",
            [("Venti", "PERSON")],
            "Partito 7 Venti",
            "P7V",
        ),
        (  # a long form cut at "and" by the tagger
            "the Union of Free Farmers and Fishers ( UFFF ) said .",
            [("Union of Free Farmers", "ORG"), ("Fishers", "NORP")],
            "Union of Free Farmers and Fishers",
            "UFFF",
        ),
        (  # a translated short form: same letters, another order
            "the head of CVF ( Vellish Farmers Council ) spoke .",
            [("CVF", "ORG")],
            "Vellish Farmers Council",
            "CVF",
        ),
        (  # a building's second name, untagged
            "near the Teatro Vell ( Old Opera ) today .",
            [("Teatro Vell", "FAC")],
            "Old Opera",
            "Teatro Vell",
        ),
    ],
)
def test_parenthesis_defines_one_entity(doc_factory, text, ents, label, alt):
    entities, _ = resolve(build(doc_factory, text, ents))
    e = by_label(entities)[label]
    assert alt in e.alt_labels
    assert e.type in ("Organization", "Facility")
    assert len(entities) == 1


@pytest.mark.parametrize(
    ("text", "ents", "labels"),
    [
        (  # a news agency credit after a place is no second name of the place
            "PORT ELLIS ( Reuters ) said .",
            [("PORT ELLIS", "GPE"), ("Reuters", "ORG")],
            {"PORT ELLIS", "Reuters"},
        ),
        (  # a person's party or state in parentheses is not the person
            "Senator Jane Okafor ( Liberal Party ) voted .",
            [("Jane Okafor", "PERSON"), ("Liberal Party", "ORG")],
            {"Jane Okafor", "Liberal Party"},
        ),
        (  # letters that do not fit the words before
            "the Harbour Workers Union ( NLF ) struck .",
            [("Harbour Workers Union", "ORG"), ("NLF", "ORG")],
            {"Harbour Workers Union", "NLF"},
        ),
    ],
)
def test_parenthesis_that_defines_nothing(doc_factory, text, ents, labels):
    entities, _ = resolve(build(doc_factory, text, ents))
    assert {e.label for e in entities} == labels


def test_continent_is_a_place_even_untagged(doc_factory):
    entities, _ = resolve(build(doc_factory, "trade with North America grew .", []))
    assert [(e.label, e.type) for e in entities] == [("North America", "Place")]
