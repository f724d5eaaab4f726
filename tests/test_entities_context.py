"""Entity rules that read the words around a name: describing nouns, lists, name tails.

Each test builds a Doc by hand (words, parse and NER tags written for the test, including
the small model's typical mistakes), so it checks our rule, not the statistical model. Every
rule is paired with a case it must not fire on.
"""

from __future__ import annotations

import pytest

from kg.components.entities import resolve


def parsed(doc_factory, words: str, heads: list[int], deps: list[str], ents: dict[str, str]):
    """A Doc of space-separated ``words`` with a parse and ``ents`` ({"Jane Doe": "PERSON"}).

    Each run in ``ents`` is tagged at its first occurrence after the previous run.
    """
    tokens = words.split(" ")
    iob = ["O"] * len(tokens)
    cursor = 0
    for run, label in ents.items():  # tagged in order, each after the one before
        parts = run.split(" ")
        for i in range(cursor, len(tokens) - len(parts) + 1):
            if tokens[i : i + len(parts)] == parts:
                iob[i : i + len(parts)] = [f"B-{label}"] + [f"I-{label}"] * (len(parts) - 1)
                cursor = i + len(parts)
                break
        else:
            raise AssertionError(f"{run!r} not in {words!r}")
    pos = [
        "PUNCT" if t in ",." else "PROPN" if t[:1].isupper() else "CCONJ" if t == "and" else "NOUN"
        for t in tokens
    ]
    return doc_factory(tokens, heads=heads, deps=deps, pos=pos, ents=iob)


def types(doc) -> set[tuple[str, str]]:
    return {(e.label, e.type) for e in resolve(doc)[0]}


# -- a describing noun before a name --------------------------------------------------------


def test_occupation_noun_before_a_name_makes_a_person(doc_factory):
    # "the photographer Morwen" tagged GPE: the noun describing it says it is a person
    doc = parsed(
        doc_factory,
        "photos of the photographer Morwen hung .",
        [5, 0, 4, 4, 1, 5, 5],
        ["nsubj", "prep", "det", "compound", "pobj", "ROOT", "punct"],
        {"Morwen": "GPE"},
    )
    assert types(doc) == {("Morwen", "Person")}


def test_organisation_noun_before_a_name_makes_an_organisation(doc_factory):
    # "the band Velmora Skies" tagged PERSON: a band is an organisation
    doc = parsed(
        doc_factory,
        "the band Velmora Skies played .",
        [3, 3, 3, 4, 4, 4],
        ["det", "compound", "compound", "nsubj", "ROOT", "punct"],
        {"Velmora Skies": "PERSON"},
    )
    assert types(doc) == {("Velmora Skies", "Organization")}


def test_untagged_name_after_an_organisation_noun(doc_factory):
    doc = parsed(
        doc_factory,
        "the rebel group Tarsha said .",
        [3, 2, 3, 4, 4, 4],
        ["det", "compound", "compound", "nsubj", "ROOT", "punct"],
        {},
    )
    assert types(doc) == {("Tarsha", "Organization")}


def test_describing_noun_not_attached_to_the_name_says_nothing(doc_factory):
    # "the striker Kelmora signed": Kelmora is the subject of a relative clause
    doc = parsed(
        doc_factory,
        "the striker Kelmora signed left .",
        [1, 4, 3, 1, 4, 4],
        ["det", "nsubj", "nsubj", "relcl", "ROOT", "punct"],
        {"Kelmora": "GPE"},
    )
    assert types(doc) == {("Kelmora", "GeopoliticalEntity")}


# -- a name listed among people -------------------------------------------------------------


LIST = "Anna Berg , Omar Haddad and Lena Voss spoke ."
LIST_HEADS = [1, 8, 1, 4, 1, 4, 7, 4, 8, 8]
LIST_DEPS = ["compound", "nsubj", "punct", "compound", "conj", "cc", "compound", "conj"]
LIST_DEPS += ["ROOT", "punct"]


def test_name_tagged_org_listed_among_people_is_a_person(doc_factory):
    doc = parsed(
        doc_factory,
        LIST,
        LIST_HEADS,
        LIST_DEPS,
        {"Anna Berg": "PERSON", "Omar Haddad": "PERSON", "Lena Voss": "ORG"},
    )
    assert ("Lena Voss", "Person") in types(doc)


def test_untagged_name_listed_among_people_is_a_person(doc_factory):
    doc = parsed(
        doc_factory,
        "Anna , Omar and Lena spoke .",
        [5, 0, 0, 0, 0, 5, 5],
        ["nsubj", "punct", "conj", "cc", "conj", "ROOT", "punct"],
        {"Anna": "PERSON", "Omar": "PERSON"},
    )
    assert ("Lena", "Person") in types(doc)


def test_organisation_word_or_place_in_a_list_of_people_is_not_retyped(doc_factory):
    doc = parsed(
        doc_factory,
        LIST.replace("Lena Voss", "Voss Holdings"),
        LIST_HEADS,
        LIST_DEPS,
        {"Anna Berg": "PERSON", "Omar Haddad": "PERSON", "Voss Holdings": "ORG"},
    )
    assert ("Voss Holdings", "Organization") in types(doc)
    doc = parsed(
        doc_factory,
        LIST.replace("Lena Voss", "Port Elda"),
        LIST_HEADS,
        LIST_DEPS,
        {"Anna Berg": "PERSON", "Omar Haddad": "PERSON", "Port Elda": "GPE"},
    )
    assert ("Port Elda", "GeopoliticalEntity") in types(doc)


# -- a name the tagger cut short ------------------------------------------------------------


def test_untagged_tail_of_a_name_is_taken_in(doc_factory):
    # "Jorunn" tagged, "Vestli" not: the parse links them (compound)
    doc = parsed(
        doc_factory,
        "Jorunn Vestli scored twice .",
        [1, 2, 2, 2, 2],
        ["compound", "nsubj", "ROOT", "advmod", "punct"],
        {"Jorunn": "PERSON"},
    )
    assert types(doc) == {("Jorunn Vestli", "Person")}


def test_tail_that_starts_another_name_is_not_taken_in(doc_factory):
    # "the Velmora Skies Tobin Dallo said": "Tobin" starts the next name
    doc = parsed(
        doc_factory,
        "the Velmora Skies Tobin Dallo said .",
        [2, 2, 3, 4, 5, 5, 5],
        ["det", "compound", "compound", "compound", "nsubj", "ROOT", "punct"],
        {"Velmora Skies": "ORG", "Dallo": "PERSON"},
    )
    assert ("Velmora Skies", "Organization") in types(doc)


# -- the surname of people of the document --------------------------------------------------


def test_surname_shared_by_two_people_is_a_person(doc_factory):
    doc = parsed(
        doc_factory,
        "Anna Berg met Olaf Berg . Berg said .",
        [1, 2, 2, 4, 2, 2, 7, 7, 7],
        ["compound", "nsubj", "ROOT", "compound", "dobj", "punct", "nsubj", "ROOT", "punct"],
        {"Anna Berg": "PERSON", "Olaf Berg": "PERSON", "Berg": "ORG"},
    )
    assert ("Berg", "Person") in types(doc)


# -- organisation names by their form -------------------------------------------------------


def test_centre_for_something_is_an_organisation_but_a_centre_is_a_building(doc_factory):
    from collections import Counter

    from kg.components.entities import entity_type
    from kg.components.entities.lexicon import lexicon

    lex = lexicon()
    assert entity_type(["Centre for Coastal Studies"], Counter(facility=1), lex) == "Organization"
    assert entity_type(["Dunmore Leisure Centre"], Counter(facility=1), lex) == "Facility"
    assert entity_type(["Centre of Dunmore"], Counter(facility=1), lex) == "Facility"


# -- "City, Region" -------------------------------------------------------------------------


def test_apposition_of_a_place_is_a_place(doc_factory):
    # "born in Dunmore , Velland ." with "Velland" tagged PERSON
    doc = parsed(
        doc_factory,
        "she was born in Dunmore , Velland .",
        [2, 2, 2, 2, 3, 4, 4, 2],
        ["nsubj", "auxpass", "ROOT", "prep", "pobj", "punct", "appos", "punct"],
        {"Dunmore": "GPE", "Velland": "PERSON"},
    )
    assert ("Velland", "GeopoliticalEntity") in types(doc)


def test_name_after_a_place_and_a_comma_but_not_its_apposition_is_left_alone(doc_factory):
    # "In Dunmore , Omar Haddad said ." : the subject of the sentence, not a region
    doc = parsed(
        doc_factory,
        "In Dunmore , Omar Haddad said .",
        [5, 0, 5, 4, 5, 5, 5],
        ["prep", "pobj", "punct", "compound", "nsubj", "ROOT", "punct"],
        {"Dunmore": "GPE", "Omar Haddad": "PERSON"},
    )
    assert ("Omar Haddad", "Person") in types(doc)


# -- states and provinces -------------------------------------------------------------------


def test_untagged_or_org_tagged_province_is_a_place(doc_factory):
    doc = parsed(
        doc_factory,
        "Saskatchewan voted and Nunavut followed .",
        [1, 1, 1, 4, 1, 1],
        ["nsubj", "ROOT", "cc", "nsubj", "conj", "punct"],
        {"Nunavut": "ORG"},
    )
    assert types(doc) == {
        ("Saskatchewan", "GeopoliticalEntity"),
        ("Nunavut", "GeopoliticalEntity"),
    }


def test_state_name_that_is_a_given_name_or_a_city_name_is_not_forced(doc_factory):
    doc = parsed(
        doc_factory,
        "Victoria said .",
        [1, 1, 1],
        ["nsubj", "ROOT", "punct"],
        {"Victoria": "PERSON"},
    )
    assert types(doc) == {("Victoria", "Person")}
    doc = parsed(  # "Oklahoma City" is a city, and no separate mention of the state
        doc_factory,
        "in Oklahoma City .",
        [0, 2, 0, 0],
        ["ROOT", "compound", "pobj", "punct"],
        {"Oklahoma City": "GPE"},
    )
    assert types(doc) == {("Oklahoma City", "GeopoliticalEntity")}


# -- an apposition after a name -------------------------------------------------------------

#: "Amara Lagos , a teacher , said ." : a name split in two places, then its apposition
APPOSED_HEADS = [1, 6, 1, 4, 1, 1, 6, 6]
APPOSED_DEPS = ["compound", "nsubj", "punct", "det", "appos", "punct", "ROOT", "punct"]


@pytest.mark.parametrize(
    ("noun", "expected"),
    [
        ("teacher", {("Amara Lagos", "Person")}),  # a role
        ("woman", {("Amara Lagos", "Person")}),  # a human being
        ("city", {("Amara", "GeopoliticalEntity"), ("Lagos", "GeopoliticalEntity")}),
    ],
)
def test_apposition_after_a_split_name(doc_factory, noun, expected):
    doc = parsed(
        doc_factory,
        f"Amara Lagos , a {noun} , said .",
        APPOSED_HEADS,
        APPOSED_DEPS,
        {"Amara": "GPE", "Lagos": "GPE"},
    )
    assert types(doc) == expected


def test_bare_surname_tags_count_little_against_the_full_name(doc_factory):
    # the apposition says "Amara Lagos" is a person; five bare "Lagos" tagged GPE (one tag
    # each, against her full name's two) are her surname, and her full name again later
    # (split in two places) is her too
    words = "Amara Lagos , a teacher , said ." + " Lagos left ." * 5 + " Amara Lagos sang ."
    tokens = words.split(" ")
    heads, deps = list(APPOSED_HEADS), list(APPOSED_DEPS)
    for start in range(8, 23, 3):
        heads += [start + 1] * 3
        deps += ["nsubj", "ROOT", "punct"]
    heads += [24, 25, 25, 25]
    deps += ["compound", "nsubj", "ROOT", "punct"]
    iob = ["B-GPE" if t in ("Amara", "Lagos") else "O" for t in tokens]
    pos = ["PROPN" if t[:1].isupper() else "PUNCT" if t in ",." else "NOUN" for t in tokens]
    doc = doc_factory(tokens, heads=heads, deps=deps, pos=pos, ents=iob)
    assert [(e.label, e.type, e.alt_labels) for e in resolve(doc)[0]] == [
        ("Amara Lagos", "Person", ["Lagos"])
    ]


def test_apposition_naming_a_people_makes_a_group(doc_factory):
    # the parser hangs the apposition on the first conjunct; it describes the nearest name
    doc = parsed(
        doc_factory,
        "Velks and Torani , an ethnic minority , fled .",
        [8, 0, 0, 0, 6, 6, 0, 0, 8, 8],
        ["nsubj", "cc", "conj", "punct", "det", "amod", "appos", "punct", "ROOT", "punct"],
        {"Torani": "ORG"},
    )
    assert types(doc) == {("Torani", "Group")}


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("music by such bands as The Velmora Skies .", {("Velmora Skies", "Organization")}),
        ("works by singers like Tarsha Moon .", {("Tarsha Moon", "Person")}),
        ("music by bands as Velmora Skies .", set()),  # no "such": no list of examples
    ],
)
def test_named_as_an_example_of_a_kind(doc_factory, words, expected):
    tokens = words.split(" ")
    noun = next(i for i, t in enumerate(tokens) if t in ("bands", "singers"))
    n = len(tokens)
    doc = parsed(doc_factory, words, [0] * n, ["ROOT"] + ["dep"] * (n - 1), {})
    doc[noun].tag_ = "NNS"
    doc[noun].lemma_ = tokens[noun][:-1]
    assert types(doc) == expected
