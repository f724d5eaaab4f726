"""Attribute rules of ``kg.components.entities.attributes`` on hand-parsed sentences.

Sentences written for these tests: where the rule fires (its id is on the entity it made,
and switching it off changes the result) and near misses where it must not.
"""

from __future__ import annotations

from test_entities import by_label

from kg.components.entities import resolve
from kg.components.entities.rules import RuleSet


def _entities(doc_factory, words, heads, deps, pos, ents=None, rules=None):
    doc = doc_factory(words, heads=heads, deps=deps, pos=pos, ents=ents or ["O"] * len(words))
    entities, _ = resolve(doc, rules=rules)
    return by_label(entities)


# -- demonym-country --------------------------------------------------------------------


def test_a_demonym_before_a_common_noun_is_a_mention_of_its_country(doc_factory):
    # "The German economy grew."
    words = ["The", "German", "economy", "grew", "."]
    parse = ([2, 2, 3, 3, 3], ["det", "amod", "nsubj", "ROOT", "punct"])
    pos = ["DET", "ADJ", "NOUN", "VERB", "PUNCT"]
    on = _entities(doc_factory, words, *parse, pos)
    assert on["Germany"].type == "Country"
    assert [m.span.text for m in on["Germany"].mentions] == ["German"]
    assert "demonym-country" in on["Germany"].rules
    off = _entities(doc_factory, words, *parse, pos, rules=RuleSet().without(["demonym-country"]))
    assert "Germany" not in off


def test_each_demonym_of_a_coordination_names_its_country(doc_factory):
    # "British and Irish markets fell."
    words = ["British", "and", "Irish", "markets", "fell", "."]
    parse = ([3, 0, 0, 4, 4, 4], ["amod", "cc", "conj", "nsubj", "ROOT", "punct"])
    pos = ["ADJ", "CCONJ", "ADJ", "NOUN", "VERB", "PUNCT"]
    found = _entities(doc_factory, words, *parse, pos)
    assert {"United Kingdom", "Ireland"} <= set(found)


def test_no_country_for_a_demonym_used_as_a_noun_in_a_name_or_after_a_verb(doc_factory):
    # "The Kurds protested.": a people, not a mention of a country
    words = ["The", "Kurds", "protested", "."]
    found = _entities(
        doc_factory,
        words,
        [1, 2, 2, 2],
        ["det", "nsubj", "ROOT", "punct"],
        ["DET", "PROPN", "VERB", "PUNCT"],
    )
    assert all("demonym-country" not in e.rules for e in found.values())
    # "The German Democratic Party won.": a word of a name the tagger found
    words = ["The", "German", "Democratic", "Party", "won", "."]
    found = _entities(
        doc_factory,
        words,
        [3, 3, 3, 4, 4, 4],
        ["det", "amod", "compound", "nsubj", "ROOT", "punct"],
        ["DET", "ADJ", "PROPN", "PROPN", "VERB", "PUNCT"],
        ents=["O", "B-ORG", "I-ORG", "I-ORG", "O", "O"],
    )
    assert all("demonym-country" not in e.rules for e in found.values())
    # "She is German.": no noun after it
    words = ["She", "is", "German", "."]
    found = _entities(
        doc_factory,
        words,
        [1, 1, 1, 1],
        ["nsubj", "ROOT", "acomp", "punct"],
        ["PRON", "AUX", "ADJ", "PUNCT"],
    )
    assert all("demonym-country" not in e.rules for e in found.values())


def test_no_country_for_the_last_word_of_a_longer_demonym(doc_factory):
    # "Latin American markets rose.": not the United States
    words = ["Latin", "American", "markets", "rose", "."]
    found = _entities(
        doc_factory,
        words,
        [1, 2, 3, 3, 3],
        ["amod", "amod", "nsubj", "ROOT", "punct"],
        ["ADJ", "ADJ", "NOUN", "VERB", "PUNCT"],
    )
    assert "United States" not in found
    assert all("demonym-country" not in e.rules for e in found.values())


def test_no_country_for_a_language(doc_factory):
    # "The English translation appeared.": the language, not England
    words = ["The", "English", "translation", "appeared", "."]
    doc = doc_factory(
        words,
        heads=[2, 2, 3, 3, 3],
        deps=["det", "amod", "nsubj", "ROOT", "punct"],
        pos=["DET", "ADJ", "NOUN", "VERB", "PUNCT"],
        lemmas=["the", "English", "translation", "appear", "."],
        ents=["O"] * 5,
    )
    entities, _ = resolve(doc)
    assert all("demonym-country" not in e.rules for e in entities)
