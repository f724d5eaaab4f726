"""Mention rules of ``kg.components.entities.mentions``: names the tagger left out.

Sentences written for these tests; each rule has a case where it fires (its id is on the
entity, and switching it off changes the result) and near misses where it must not.
"""

from __future__ import annotations

from test_entities import build, by_label

from kg.components.entities import resolve
from kg.components.entities.rules import RuleSet


def _resolve(doc, rules=None):
    entities, _ = resolve(doc, rules=rules)
    return by_label(entities)


def _parsed(doc_factory, words, heads, deps, pos, ents, tags=None):
    doc = doc_factory(words, heads=heads, deps=deps, pos=pos, ents=ents)
    for i, tag in (tags or {}).items():
        doc[i].tag_ = tag
    return doc


# -- surname-mention ------------------------------------------------------------------


def test_a_surname_after_the_full_name_joins_the_person(doc_factory):
    text = "Jane Rivers spoke . then Rivers said no ."
    doc = build(doc_factory, text, [("Jane Rivers", "PERSON")])
    on = _resolve(doc)
    assert "surname-mention" in on["Jane Rivers"].rules
    assert [m.span.text for m in on["Jane Rivers"].mentions] == ["Jane Rivers", "Rivers"]
    off = _resolve(doc, RuleSet().without(["surname-mention"]))
    assert [m.span.text for m in off["Jane Rivers"].mentions] == ["Jane Rivers"]


def test_a_surname_at_the_start_of_a_sentence_tagged_as_a_plural_noun(doc_factory):
    # "Jane Rivers spoke. Rivers said no.": the model reads the second "Rivers" as a noun
    words = ["Jane", "Rivers", "spoke", ".", "Rivers", "said", "no", "."]
    heads = [1, 2, 2, 2, 5, 5, 5, 5]
    deps = ["compound", "nsubj", "ROOT", "punct", "nsubj", "ROOT", "dobj", "punct"]
    pos = ["PROPN", "PROPN", "VERB", "PUNCT", "NOUN", "VERB", "NOUN", "PUNCT"]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "O", "O", "O", "O"]
    doc = _parsed(doc_factory, words, heads, deps, pos, ents, tags={4: "NNS", 5: "VBD"})
    person = _resolve(doc)["Jane Rivers"]
    assert [m.span.text for m in person.mentions] == ["Jane Rivers", "Rivers"]


def test_no_surname_before_the_full_name_or_inside_another_name(doc_factory):
    before = build(
        doc_factory, "then Rivers rose . Jane Rivers spoke .", [("Jane Rivers", "PERSON")]
    )
    assert all("surname-mention" not in e.rules for e in _resolve(before).values())
    street = build(
        doc_factory, "Jane Rivers spoke . then Rivers Street closed .", [("Jane Rivers", "PERSON")]
    )
    assert all("surname-mention" not in e.rules for e in _resolve(street).values())


def test_no_surname_with_a_determiner_or_as_the_subject_of_a_plural_verb(doc_factory):
    # "Jane Rivers spoke. The Rivers flooded." and "Rivers are high.": the common noun
    words = ["Jane", "Rivers", "spoke", ".", "The", "Rivers", "flooded", "."]
    heads = [1, 2, 2, 2, 5, 6, 6, 6]
    deps = ["compound", "nsubj", "ROOT", "punct", "det", "nsubj", "ROOT", "punct"]
    pos = ["PROPN", "PROPN", "VERB", "PUNCT", "DET", "NOUN", "VERB", "PUNCT"]
    ents = ["B-PERSON", "I-PERSON"] + ["O"] * 6
    doc = _parsed(doc_factory, words, heads, deps, pos, ents, tags={5: "NNS"})
    assert [m.span.text for m in _resolve(doc)["Jane Rivers"].mentions] == ["Jane Rivers"]
    words = ["Jane", "Rivers", "spoke", ".", "Rivers", "are", "high", "."]
    heads = [1, 2, 2, 2, 5, 5, 5, 5]
    deps = ["compound", "nsubj", "ROOT", "punct", "nsubj", "ROOT", "acomp", "punct"]
    pos = ["PROPN", "PROPN", "VERB", "PUNCT", "NOUN", "AUX", "ADJ", "PUNCT"]
    doc = _parsed(doc_factory, words, heads, deps, pos, ents, tags={4: "NNS", 5: "VBP"})
    assert [m.span.text for m in _resolve(doc)["Jane Rivers"].mentions] == ["Jane Rivers"]


# -- held-meeting ------------------------------------------------------------------------


def test_a_conference_held_at_a_venue_or_attended_is_no_body(doc_factory):
    for text in (
        "She spoke at the Vell Growers Conference today .",
        "the Vell Growers Conference in Tarsk opened .",
        "the annual Vell Growers Conference opened .",
        "the 22nd Vell Growers Conference opened .",
    ):
        doc = build(doc_factory, text, [("Vell Growers Conference", "ORG")])
        assert "Vell Growers Conference" not in _resolve(doc), text
        off = _resolve(doc, RuleSet().without(["held-meeting"]))
        assert off["Vell Growers Conference"].type == "Organization"


def test_the_acronym_of_a_held_conference_goes_with_it(doc_factory):
    text = "She spoke at the Vell Growers Conference ( VGC ) today ."
    doc = build(doc_factory, text, [("Vell Growers Conference", "ORG"), ("VGC", "ORG")])
    assert _resolve(doc) == {}
    off = _resolve(doc, RuleSet().without(["held-meeting"]))
    assert "VGC" in off["Vell Growers Conference"].alt_labels


def test_a_conference_that_acts_is_a_body(doc_factory):
    text = "The Vell Teachers Conference ( VTC ) said no ."
    ents = [("Vell Teachers Conference", "ORG"), ("VTC", "ORG")]
    found = _resolve(build(doc_factory, text, ents))
    assert found["Vell Teachers Conference"].type == "Organization"
    assert "held-meeting" not in found["Vell Teachers Conference"].rules


# -- product-noun -----------------------------------------------------------------------


def test_a_name_a_product_noun_describes_is_a_product(doc_factory):
    # "Users tried the browser Vellsurf today.", Vellsurf tagged PERSON
    words = ["Users", "tried", "the", "browser", "Vellsurf", "today", "."]
    heads = [1, 1, 4, 4, 1, 1, 1]
    deps = ["nsubj", "ROOT", "det", "compound", "dobj", "npadvmod", "punct"]
    pos = ["NOUN", "VERB", "DET", "NOUN", "PROPN", "NOUN", "PUNCT"]
    ents = ["O", "O", "O", "O", "B-PERSON", "O", "O"]
    doc = _parsed(doc_factory, words, heads, deps, pos, ents)
    on = _resolve(doc)["Vellsurf"]
    assert on.type == "Product"
    assert "product-noun" in on.rules
    assert _resolve(doc, RuleSet().without(["product-noun"]))["Vellsurf"].type == "Person"


def test_the_maker_a_product_noun_modifies_is_no_product(doc_factory):
    # "The phone maker Vellco said no.": "maker" describes Vellco, not "phone"
    words = ["The", "phone", "maker", "Vellco", "said", "no", "."]
    heads = [3, 2, 3, 4, 4, 4, 4]
    deps = ["det", "compound", "compound", "nsubj", "ROOT", "dobj", "punct"]
    pos = ["DET", "NOUN", "NOUN", "PROPN", "VERB", "NOUN", "PUNCT"]
    ents = ["O", "O", "O", "B-ORG", "O", "O", "O"]
    found = _resolve(_parsed(doc_factory, words, heads, deps, pos, ents))["Vellco"]
    assert found.type == "Organization"
    assert "product-noun" not in found.rules


# -- trimming ---------------------------------------------------------------------------


def test_a_title_word_after_of_stays_in_an_organisation_name(doc_factory):
    # "Justice" is a title ("Justice Jane Doe"), but the object of "of" is the name's
    doc = build(doc_factory, "The Ministry of Justice said no .", [("Ministry of Justice", "ORG")])
    assert "Ministry of Justice" in _resolve(doc)
    # a title right after an organisation's name is still the role of the person after it
    text = "Acme Administrator Jane Doe spoke ."
    doc = build(doc_factory, text, [("Acme Administrator", "ORG"), ("Jane Doe", "PERSON")])
    assert {"Acme", "Jane Doe"} <= set(_resolve(doc))


def test_no_surname_for_a_month_of_that_name(doc_factory):
    text = "Jane May spoke . talks ended in May ."
    doc = build(doc_factory, text, [("Jane May", "PERSON")])
    assert [m.span.text for m in _resolve(doc)["Jane May"].mentions] == ["Jane May"]


def test_a_parliament_addressed_at_its_seat_stays_a_body(doc_factory):
    doc = build(
        doc_factory,
        "She spoke at the Vell National Assembly today .",
        [("Vell National Assembly", "ORG")],
    )
    assert "Vell National Assembly" in _resolve(doc)
