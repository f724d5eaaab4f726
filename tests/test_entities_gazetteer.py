"""Gazetteers and name-shape rules: world cities, newspapers, natural features, given names.

Docs are built by hand (words, parse and NER tags written for the test, with the small
model's typical mistakes), so each test checks our rule, not the statistical model; every
rule is paired with a case where it must not fire.
"""

from __future__ import annotations

from tests.test_entities_context import parsed, types


def test_listed_city_tagged_org_or_untagged_is_a_city(doc_factory):
    doc = parsed(
        doc_factory,
        "Nairobi and Kampala signed .",
        [3, 0, 0, 3, 3],
        ["nsubj", "cc", "conj", "ROOT", "punct"],
        {"Nairobi": "ORG"},
    )
    assert types(doc) == {("Nairobi", "GeopoliticalEntity"), ("Kampala", "GeopoliticalEntity")}


def test_city_name_tagged_as_a_person_stays_a_person(doc_factory):
    doc = parsed(
        doc_factory,
        "Denver said no .",
        [1, 1, 1, 1],
        ["nsubj", "ROOT", "dobj", "punct"],
        {"Denver": "PERSON"},
    )
    assert types(doc) == {("Denver", "Person")}


def test_place_and_masthead_word_is_a_newspaper(doc_factory):
    doc = parsed(
        doc_factory,
        "the Lagos Herald reported .",
        [2, 2, 3, 3, 3],
        ["det", "compound", "nsubj", "ROOT", "punct"],
        {"Lagos Herald": "PERSON"},
    )
    # the city is part of the newspaper's name, no mention of the city
    assert types(doc) == {("Lagos Herald", "Organization")}
    doc = parsed(  # untagged
        doc_factory,
        "said Nairobi Star .",
        [0, 2, 0, 0],
        ["ROOT", "compound", "dobj", "punct"],
        {},
    )
    assert ("Nairobi Star", "Organization") in types(doc)


def test_person_with_a_masthead_surname_is_no_newspaper(doc_factory):
    doc = parsed(
        doc_factory,
        "Mary Sun reported .",
        [1, 2, 2, 2],
        ["compound", "nsubj", "ROOT", "punct"],
        {"Mary Sun": "PERSON"},
    )
    assert types(doc) == {("Mary Sun", "Person")}


def test_natural_feature_names_are_places(doc_factory):
    doc = parsed(
        doc_factory,
        "the Zambezi River and Mount Elgon flooded .",
        [2, 2, 6, 2, 5, 2, 6, 6],
        ["det", "compound", "nsubj", "cc", "compound", "conj", "ROOT", "punct"],
        {"Zambezi River": "PERSON", "Mount Elgon": "ORG"},
    )
    assert types(doc) == {("Zambezi River", "Place"), ("Mount Elgon", "Place")}


def test_feature_word_in_a_person_or_facility_name_is_no_natural_feature(doc_factory):
    doc = parsed(
        doc_factory,
        "Michael Bay drove down Lake Shore Road .",
        [1, 2, 2, 2, 6, 6, 3, 2],
        ["compound", "nsubj", "ROOT", "prt", "compound", "compound", "pobj", "punct"],
        {"Michael Bay": "PERSON", "Lake Shore Road": "FAC"},
    )
    assert types(doc) == {("Michael Bay", "Person"), ("Lake Shore Road", "Facility")}


def test_international_given_name_makes_an_org_tagged_name_a_person(doc_factory):
    doc = parsed(
        doc_factory,
        "Jurgen Vogel thanked the Lars Holm Foundation .",
        [1, 2, 2, 6, 6, 6, 2, 2],
        ["compound", "nsubj", "ROOT", "det", "compound", "compound", "dobj", "punct"],
        {"Jurgen Vogel": "ORG", "Lars Holm Foundation": "ORG"},
    )
    assert types(doc) == {("Jurgen Vogel", "Person"), ("Lars Holm Foundation", "Organization")}


def test_country_acronym_is_never_the_initials_of_another_name(doc_factory):
    doc = parsed(
        doc_factory,
        "University of Springfield staff left the US .",
        [3, 0, 1, 4, 4, 6, 4, 4],
        ["compound", "prep", "pobj", "nsubj", "ROOT", "det", "dobj", "punct"],
        {"University of Springfield": "ORG", "US": "GPE"},
    )
    assert types(doc) == {
        ("University of Springfield", "Organization"),
        ("United States", "Country"),
    }


def test_every_word_list_says_where_its_words_come_from():
    """Each category of entity_words.tsv has a header with its source: a general class of
    words, a grammar or a public list, never an article."""
    import re

    from kg.components.entities.lexicon import DATA, read_tsv

    text = (DATA / "entity_words.tsv").read_text(encoding="utf-8")
    categories = {row[0] for row in read_tsv(text)}
    headers = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    for category in categories:
        block = headers.split(f"# {category}:", 1)
        if len(block) < 2:  # "gov" is described with "org"
            block = headers.split(f"; {category}:", 1)
        assert len(block) == 2, category
        own = re.split(r"\n# [a-z_]+:", block[1])[0]
        assert "Source:" in own, category
