"""Collectives named by who they belong to (kg.components.entities.collectives).

Hand-built Docs with the parse written for each sentence of these tests.
"""

from __future__ import annotations

import pytest

from kg.components.entities import resolve


def collective_doc(doc_factory, words, heads, deps, pos, ents, plural):
    """A parsed Doc; ``plural`` lists the indices of plural nouns (tag NNS)."""
    lemmas = [w.lower().rstrip("s") if i in plural else w.lower() for i, w in enumerate(words)]
    doc = doc_factory(words, heads=heads, deps=deps, pos=pos, lemmas=lemmas, ents=ents)
    for i in plural:
        doc[i].tag_ = "NNS"
    return doc


def test_counted_collective_with_a_nationality(doc_factory):
    doc = collective_doc(
        doc_factory,
        ["12", "Kenyan", "refugees", "fled", "."],
        [2, 2, 3, 3, 3],
        ["nummod", "amod", "nsubj", "ROOT", "punct"],
        ["NUM", "ADJ", "NOUN", "VERB", "PUNCT"],
        ["B-CARDINAL", "B-NORP", "O", "O", "O"],
        {2},
    )
    entities, token_entity = resolve(doc)
    by_label = {e.label: e for e in entities}
    group = by_label["12 Kenyan refugees"]
    assert (group.type, group.named, group.count) == ("Group", False, 12)
    assert by_label["Kenya"].type == "Country"
    assert group.nationality == by_label["Kenya"].key
    assert token_entity[1] == by_label["Kenya"].key  # the demonym stays the country's
    assert token_entity[2] == group.key


def test_members_of_a_named_body(doc_factory):
    doc = collective_doc(
        doc_factory,
        ["many", "Vellco", "employees", "protested", "."],
        [2, 2, 3, 3, 3],
        ["amod", "compound", "nsubj", "ROOT", "punct"],
        ["ADJ", "PROPN", "NOUN", "VERB", "PUNCT"],
        ["O", "B-ORG", "O", "O", "O"],
        {2},
    )
    entities, _ = resolve(doc)
    by_label = {e.label: e for e in entities}
    group = by_label["Vellco employees"]  # the quantifier is no part of the name
    assert [(r.predicate, r.target) for r in group.relations] == [
        ("memberOf", by_label["Vellco"].key)
    ]


@pytest.mark.parametrize(
    ("words", "pos", "ents"),
    [
        (["angry", "refugees", "fled", "."], ["ADJ", "NOUN", "VERB", "PUNCT"], ["O"] * 4),
        (  # no people: "Kenyan letters"
            ["Kenyan", "letters", "arrived", "."],
            ["ADJ", "NOUN", "VERB", "PUNCT"],
            ["B-NORP", "O", "O", "O"],
        ),
        (  # a title that names people is no collective
            ["Kenyan", "Girls", "won", "."],
            ["ADJ", "NOUN", "VERB", "PUNCT"],
            ["B-WORK_OF_ART", "I-WORK_OF_ART", "O", "O"],
        ),
    ],
)
def test_no_collective(doc_factory, words, pos, ents):
    doc = collective_doc(
        doc_factory, words, [1, 2, 2, 2], ["amod", "nsubj", "ROOT", "punct"], pos, ents, {1}
    )
    entities, _ = resolve(doc)
    assert not [e for e in entities if e.type == "Group"]


def test_singular_body_of_people_and_a_faith(doc_factory):
    # "the Kenyan population grew": a body of people with a nationality
    doc = collective_doc(
        doc_factory,
        ["the", "Kenyan", "population", "grew", "."],
        [2, 2, 3, 3, 3],
        ["det", "amod", "nsubj", "ROOT", "punct"],
        ["DET", "ADJ", "NOUN", "VERB", "PUNCT"],
        ["O", "B-NORP", "O", "O", "O"],
        set(),
    )
    doc[2].tag_ = "NN"
    labels = {e.label: e for e in resolve(doc)[0]}
    assert labels["Kenyan population"].type == "Group"
    assert labels["Kenyan population"].nationality == labels["Kenya"].key
    # "Hindu pilgrims": a faith's people, with no nationality
    doc = collective_doc(
        doc_factory,
        ["120", "Hindu", "pilgrims", "died", "."],
        [2, 2, 3, 3, 3],
        ["nummod", "amod", "nsubj", "ROOT", "punct"],
        ["NUM", "ADJ", "NOUN", "VERB", "PUNCT"],
        ["B-CARDINAL", "B-NORP", "O", "O", "O"],
        {2},
    )
    [group] = resolve(doc)[0]
    assert (group.label, group.count, group.nationality) == ("120 Hindu pilgrims", 120, None)
