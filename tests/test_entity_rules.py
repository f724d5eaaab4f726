"""The entity rule registry: every rule named, switchable by config, and traceable.

Each case below is a sentence written for these tests where one rule fires (its id is on
the entity it made, typed or merged, and switching it off changes the result) and a near
miss where it must not fire.
"""

from __future__ import annotations

import pytest
import spacy
from rdflib import Literal
from test_entities import build, by_label

from kg import errors
from kg.components.entities import resolve
from kg.components.entities.rules import DEFAULT_RULES, KINDS, REGISTRY, RuleSet
from kg.model import Document, DocumentGraph, Entity
from kg.namespace import KG
from kg.rdf import to_rdf


def test_every_registered_rule_is_listed_once_with_a_kind_and_a_purpose():
    assert sorted(DEFAULT_RULES) == sorted(REGISTRY)
    assert len(set(DEFAULT_RULES)) == len(DEFAULT_RULES)
    for rule in REGISTRY.values():
        assert rule.kind in KINDS
        assert rule.purpose and "\n" not in rule.purpose and len(rule.purpose) <= 100


def test_an_unknown_rule_is_a_usage_error():
    with pytest.raises(errors.UsageError, match="no-such-rule"):
        RuleSet(("split-name", "no-such-rule"))


def _entities(doc_factory, text, ents, rules=None, **kw):
    doc = build(doc_factory, text, ents, **kw)
    entities, _ = resolve(doc, rules=rules)
    return by_label(entities)


#: (rule id, text, ents, label of the entity it acts on, what it must give, near miss)
#: "what it must give" is (attribute, value) on that entity; the near miss is a text
#: where the rule must leave no trace.
CASES = [
    (
        "split-name",
        "Amara Diallo spoke .",
        [("Amara", "PERSON"), ("Diallo", "ORG")],
        "Amara Diallo",
        ("type", "Person"),
        ("Amara and Diallo spoke .", [("Amara", "PERSON"), ("Diallo", "ORG")]),
    ),
    (
        "org-head",
        "The Liberal Party met .",
        [("Liberal Party", "PERSON")],
        "Liberal Party",
        ("type", "Organization"),
        ("Jane Doe met .", [("Jane Doe", "PERSON")]),
    ),
    (
        "facility-head",
        "She lives on Elmwood Road now .",
        [("Elmwood Road", "PERSON")],
        "Elmwood Road",
        ("type", "Facility"),
        ("She met Elmwood Smith now .", [("Elmwood Smith", "PERSON")]),
    ),
    (
        "country-name",
        "France said no .",
        [("France", "ORG")],
        "France",
        ("type", "Country"),
        ("Fravia said no .", [("Fravia", "ORG")]),
    ),
    (
        "short-form",
        "Jane Okafor left . Later Okafor said no .",
        [("Jane Okafor", "PERSON"), ("Okafor", "PERSON")],
        "Jane Okafor",
        ("alt_labels", ["Okafor"]),
        (
            "Jane Okafor left . Later Lund said no .",
            [("Jane Okafor", "PERSON"), ("Lund", "PERSON")],
        ),
    ),
    (
        "initials-acronym",
        "The Ruritanian State News Agency said the RSNA would stay .",
        [("Ruritanian State News Agency", "ORG"), ("RSNA", "ORG")],
        "Ruritanian State News Agency",
        ("alt_labels", ["RSNA"]),
        (
            "The Ruritanian State News Agency said the VFLA would stay .",
            [("Ruritanian State News Agency", "ORG"), ("VFLA", "ORG")],
        ),
    ),
    (
        "title-before",
        "Mayor Okafor spoke . Okafor left . Okafor won .",
        [("Mayor Okafor", "PERSON"), ("Okafor", "ORG"), ("Okafor", "ORG")],
        "Okafor",
        ("type", "Person"),
        ("Okafor spoke .", [("Okafor", "PERSON")]),
    ),
    (
        "state-of",
        "The State of Vellmark said Vellmark would stay .",
        [("State of Vellmark", "GPE"), ("Vellmark", "GPE")],
        "State of Vellmark",
        ("alt_labels", ["Vellmark"]),
        ("The State of Vellmark said Orlim would stay .", [("State of Vellmark", "GPE")]),
    ),
    (
        "trailing-person",
        "members of the Vell Workers Union Jane Tarsk met .",
        [("Vell Workers Union Jane Tarsk", "ORG")],
        "Jane Tarsk",
        ("type", "Person"),
        ("members of the Vell Workers Union Tarsk met .", [("Vell Workers Union Tarsk", "ORG")]),
    ),
    (
        "spelling-variant",
        "Katrin Okafor spoke . Katryn Okafor left .",
        [("Katrin Okafor", "PERSON"), ("Katryn Okafor", "PERSON")],
        "Katryn Okafor",
        ("alt_labels", ["Katrin Okafor"]),
        (
            "Katrin Okafor spoke . Martin Okafor left .",
            [("Katrin Okafor", "PERSON"), ("Martin Okafor", "PERSON")],
        ),
    ),
    (
        "government-head",
        "The Vell Ministry said no .",
        [("Vell Ministry", "PERSON")],
        "Vell Ministry",
        ("type", "GovernmentBody"),
        ("The Vell Bank said no .", [("Vell Bank", "PERSON")]),
    ),
    (
        "feature-name",
        "They crossed the Tarsk River .",
        [("Tarsk River", "PERSON")],
        "Tarsk River",
        ("type", "Place"),
        ("They met Mary Lake .", [("Mary Lake", "PERSON")]),
    ),
    (
        "family-name",
        "Jane Okafor spoke . the Okafors said no .",
        [("Jane Okafor", "PERSON"), ("Okafors", "ORG")],
        "Okafors",
        ("type", "Group"),
        (
            "Jane Okafor spoke . the Vellmars said no .",
            [("Jane Okafor", "PERSON"), ("Vellmars", "ORG")],
        ),
    ),
    (
        "untagged-given-name",
        "She met Jane Tarsk today .",
        [],
        "Jane Tarsk",
        ("type", "Person"),
        ("She met Vell Tarsk today .", []),
    ),
    (
        "untagged-org-head",
        "She joined from Tarsk Holdings today .",
        [],
        "Tarsk Holdings",
        ("type", "Organization"),
        ("She came from Tarsk Vell today .", []),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_a_rule_fires_leaves_its_id_and_can_be_switched_off(doc_factory, case):
    rule_id, text, ents, label, (attr, value), (miss_text, miss_ents) = case
    on = _entities(doc_factory, text, ents)
    assert label in on
    assert getattr(on[label], attr) == value
    assert rule_id in on[label].rules
    off = _entities(doc_factory, text, ents, rules=RuleSet().without([rule_id]))
    assert label not in off or getattr(off[label], attr) != value
    assert all(rule_id not in e.rules for e in off.values())
    missed = _entities(doc_factory, miss_text, miss_ents)
    assert all(rule_id not in e.rules for e in missed.values())


def test_the_component_takes_its_rules_from_config(doc_factory):
    nlp = spacy.blank("en")
    on = nlp.add_pipe("kg_entity_resolver", name="on")
    off = nlp.add_pipe("kg_entity_resolver", name="off", config={"rules": ["label-vote"]})
    doc = build(doc_factory, "The Liberal Party met .", [("Liberal Party", "PERSON")])
    assert by_label(on(doc)._.kg_entities)["Liberal Party"].type == "Organization"
    assert by_label(off(doc)._.kg_entities)["Liberal Party"].type == "Person"
    with pytest.raises(errors.UsageError):
        nlp.add_pipe("kg_entity_resolver", name="bad", config={"rules": ["nope"]})


def test_the_lexicons_are_saved_with_the_pipeline_and_loaded_back(tmp_path, doc_factory):
    nlp = spacy.blank("en")
    nlp.add_pipe("kg_entity_resolver")
    nlp.initialize()
    nlp.to_disk(tmp_path / "pipe")
    saved = tmp_path / "pipe" / "kg_entity_resolver"
    assert (saved / "entity_words.tsv").is_file()
    # a lexicon edited on disk is the one the loaded pipeline uses
    words = saved / "entity_words.tsv"
    words.write_text(words.read_text(encoding="utf-8") + "org\tguild\n", encoding="utf-8")
    loaded = spacy.load(tmp_path / "pipe")
    doc = build(doc_factory, "The Sea Guild met .", [("Sea Guild", "PERSON")])
    assert by_label(loaded.get_pipe("kg_entity_resolver")(doc)._.kg_entities)["Sea Guild"].type == (
        "Organization"
    )


def test_a_lexicon_folder_that_is_missing_is_a_usage_error(tmp_path):
    nlp = spacy.blank("en")
    pipe = nlp.add_pipe("kg_entity_resolver", config={"lexicon_dir": str(tmp_path / "none")})
    with pytest.raises(errors.UsageError, match="entity lexicon"):
        pipe.initialize()


def test_entity_rules_are_written_as_kg_rule():
    doc = Document(id="d", source="d.txt", text="Acme Party met.")
    entity = Entity("e0", "Organization", "Acme Party", rules=["org-head", "split-name"])
    graph = to_rdf([DocumentGraph(doc, [entity])])
    iri = next(s for s, _, o in graph.triples((None, KG.rule, None)))
    assert sorted(str(o) for o in graph.objects(iri, KG.rule)) == ["org-head", "split-name"]
    assert (iri, KG.rule, Literal("org-head")) in graph


# -- kinds the graph lacks: products typed as such; currencies, time zones, indices left out


@pytest.mark.parametrize(
    ("text", "ents", "label", "expected"),
    [
        ("Vellair flies the Orlan 787 now .", [("Orlan 787", "ORG")], "Orlan 787", "Product"),
        ("They sold the Kestrel A320 .", [("Kestrel A320", "PERSON")], "Kestrel A320", "Product"),
        # numbered places, broadcasters and one-word names are no models
        ("She flew from Terminal 5 .", [("Terminal 5", "FAC")], "Terminal 5", "Facility"),
        ("It aired on Channel 4 .", [("Channel 4", "ORG")], "Channel 4", "Organization"),
        ("Jane Doe 2 met .", [("Jane Doe", "PERSON")], "Jane Doe", "Person"),
    ],
)
def test_a_maker_and_a_model_number_is_a_product(doc_factory, text, ents, label, expected):
    entities = _entities(doc_factory, text, ents)
    assert entities[label].type == expected
    assert ("model-name" in entities[label].rules) == (expected == "Product")


@pytest.mark.parametrize(
    ("rule_id", "text", "ents", "label"),
    [
        ("currency-or-time-zone", "It cost 40 USD at noon .", [("USD", "ORG")], "USD"),
        ("currency-or-time-zone", "It began at 10:00 UTC .", [("UTC", "ORG")], "UTC"),
        ("financial-index", "The Dow Jones fell 2 % .", [("Dow Jones", "ORG")], "Dow Jones"),
        ("financial-index", "The Vellmark index fell .", [("Vellmark", "GPE")], "Vellmark"),
    ],
)
def test_currencies_time_zones_and_indices_are_left_out(doc_factory, rule_id, text, ents, label):
    assert label not in _entities(doc_factory, text, ents)
    assert label in _entities(doc_factory, text, ents, rules=RuleSet().without([rule_id]))


def test_a_currency_word_in_lower_case_or_a_longer_name_stays(doc_factory):
    entities = _entities(doc_factory, "Try Vellco Bank now .", [("Vellco Bank", "ORG")])
    assert entities["Vellco Bank"].type == "Organization"
    entities = _entities(
        doc_factory, "The Dow Jones Company said no .", [("Dow Jones Company", "ORG")]
    )
    assert "Dow Jones Company" in entities


def test_a_newspaper_named_after_its_city_keeps_the_city_in_its_name(doc_factory):
    entities = _entities(doc_factory, "The Nairobi Times said so .", [("The Nairobi Times", "ORG")])
    assert set(entities) == {"Nairobi Times"}
    entities = _entities(
        doc_factory, "The Nairobi Star said so .", [("The Nairobi Star", "PERSON")]
    )
    assert set(entities) == {"Nairobi Star"}  # tagged as a person, still one newspaper


@pytest.mark.parametrize(
    ("rule_id", "text", "ents", "label", "kept"),
    [
        (
            "stance-prefix",
            "the Pro-reform camp won .",
            [("Pro-reform", "ORG")],
            "Pro-reform",
            ("the Proxima camp won .", [("Proxima", "ORG")]),
        ),
        (
            "postnominal",
            "Jane Doe QC spoke .",
            [("QC", "ORG")],
            "QC",
            ("Jane Doe of VQC spoke .", [("VQC", "ORG")]),
        ),
        (
            "bare-common-word",
            "The Church said no .",
            [("Church", "ORG")],
            "Church",
            ("The Vell Church said no .", [("Vell Church", "ORG")]),
        ),
        (
            "portfolio",
            "she resigned as Fisheries minister .",
            [("Fisheries", "ORG")],
            "Fisheries",
            ("she resigned from Fisheries .", [("Fisheries", "ORG")]),
        ),
    ],
)
def test_a_mention_filter_drops_what_is_no_name(doc_factory, rule_id, text, ents, label, kept):
    assert label not in _entities(doc_factory, text, ents, pos={"-": "PUNCT"})
    assert label in _entities(doc_factory, text, ents, rules=RuleSet().without([rule_id]))
    kept_text, kept_ents = kept  # the near miss: a name, kept
    assert kept_ents[0][0] in _entities(doc_factory, kept_text, kept_ents)
