"""Unnamed participants: groups, counts, merging, descriptions, pronouns, leaders, members."""

from __future__ import annotations

import pytest

from kg.components.events import extract_events
from kg.components.groups import GroupRegistry, number_value
from kg.pipeline import with_relations
from tests.test_events import build, entities_of, token_entity


def entity(doc, key):
    return next(e for e in entities_of(doc) if e.key == key)


@pytest.mark.parametrize(
    ("text", "value"),
    [("nine", 9), ("345", 345), ("3,000", 3000), ("2 million", 2_000_000), ("dozen", 12)],
)
def test_number_value(text, value):
    assert number_value(text) == value


def test_counted_group_with_partitive_total(doc_factory):
    # "A total of nine people died."
    doc = build(
        doc_factory,
        "A/a/DET/DT/det/1 total/total/NOUN/NN/nsubj/5 of/of/ADP/IN/prep/1 "
        "nine/nine/NUM/CD/nummod/4 people/people/NOUN/NNS/pobj/2 died/die/VERB/VBD/ROOT/5 "
        "././PUNCT/./punct/5",
    )
    event = extract_events(doc)[0]
    group = entity(doc, event.role("patient")[0])
    assert group.named is False and group.type == "Group" and group.count == 9
    assert event.count == 9
    assert "nine people" in group.alt_labels
    assert token_entity(doc, 4) == group.key


def test_single_person_description_is_a_person(doc_factory):
    # "Police arrested a woman."
    doc = build(
        doc_factory,
        "Police/police/NOUN/NNS/nsubj/1 arrested/arrest/VERB/VBD/ROOT/1 a/a/DET/DT/det/3 "
        "woman/woman/NOUN/NN/dobj/1 ././PUNCT/./punct/1",
    )
    event = extract_events(doc)[0]
    assert entity(doc, event.role("patient")[0]).type == "Person"
    assert entity(doc, event.role("agent")[0]).type == "Organization"


def test_same_head_and_modifiers_are_one_group_but_different_counts_are_not(doc_factory):
    # "Security forces arrested six people. Security forces freed three people."
    doc = build(
        doc_factory,
        "Security/security/NOUN/NN/compound/1 forces/force/NOUN/NNS/nsubj/2 "
        "arrested/arrest/VERB/VBD/ROOT/2 six/six/NUM/CD/nummod/4 people/people/NOUN/NNS/dobj/2 "
        "././PUNCT/./punct/2 Security/security/NOUN/NN/compound/7 forces/force/NOUN/NNS/nsubj/8 "
        "freed/free/VERB/VBD/ROOT/8 three/three/NUM/CD/nummod/10 "
        "people/people/NOUN/NNS/dobj/8 ././PUNCT/./punct/8",
    )
    arrest, release = extract_events(doc)
    assert arrest.role("agent") == release.role("agent")
    assert arrest.role("patient") != release.role("patient")
    assert [arrest.count, release.count] == [6, 3]


def test_description_of_a_named_person_is_that_person(doc_factory):
    # "Ana Ruiz, the mayor, spoke. Police arrested the mayor."
    doc = build(
        doc_factory,
        "Ana/Ana/PROPN/NNP/compound/1 Ruiz/Ruiz/PROPN/NNP/nsubj/5 ,/,/PUNCT/,/punct/1 "
        "the/the/DET/DT/det/4 mayor/mayor/NOUN/NN/appos/1 spoke/speak/VERB/VBD/ROOT/5 "
        "././PUNCT/./punct/5 Police/police/NOUN/NNS/nsubj/8 arrested/arrest/VERB/VBD/ROOT/8 "
        "the/the/DET/DT/det/10 mayor/mayor/NOUN/NN/dobj/8 ././PUNCT/./punct/8",
        ents=[(0, 2, "Person")],
    )
    event = next(e for e in extract_events(doc) if e.type == "Arrest")
    assert event.role("patient") == ["e0"]


def test_pronoun_goes_to_the_subject_and_leader_relation(doc_factory):
    # "Vidal said the cell he led stole weapons."
    doc = build(
        doc_factory,
        "Vidal/Vidal/PROPN/NNP/nsubj/1 said/say/VERB/VBD/ROOT/1 the/the/DET/DT/det/3 "
        "cell/cell/NOUN/NN/nsubj/6 he/he/PRON/PRP/nsubj/5 led/lead/VERB/VBD/relcl/3 "
        "stole/steal/VERB/VBD/ccomp/1 weapons/weapon/NOUN/NNS/dobj/6 ././PUNCT/./punct/1",
        ents=[(0, 1, "Person")],
    )
    events = extract_events(doc)
    theft = next(e for e in events if e.type == "Theft")
    cell = entity(doc, theft.role("agent")[0])
    assert cell.label == "cell" and not cell.named
    assert entity(doc, "e0").relations == []  # the resolver's entity is not written to
    joined = with_relations(entities_of(doc), doc._.kg_participant_relations)
    vidal = next(e for e in joined if e.key == "e0")
    assert [(r.predicate, r.target) for r in vidal.relations] == [("leaderOf", cell.key)]
    assert vidal.relations[0].evidence is not None


def test_counted_members_are_a_group_with_member_of(doc_factory):
    # "Six members of the militia surrendered."
    doc = build(
        doc_factory,
        "Six/six/NUM/CD/nummod/1 members/member/NOUN/NNS/nsubj/5 of/of/ADP/IN/prep/1 "
        "the/the/DET/DT/det/4 militia/militia/NOUN/NN/pobj/2 "
        "surrendered/surrender/VERB/VBD/ROOT/5 ././PUNCT/./punct/5",
    )
    event = extract_events(doc)[0]
    members = entity(doc, event.role("agent")[0])
    assert members.count == 6
    militia = entity(doc, members.relations[0].target)
    assert members.relations[0].predicate == "memberOf" and militia.label == "militia"


def test_uncounted_members_act_for_their_organisation(doc_factory):
    # "Fighters of the Front attacked a convoy."
    doc = build(
        doc_factory,
        "Fighters/fighter/NOUN/NNS/nsubj/4 of/of/ADP/IN/prep/0 the/the/DET/DT/det/3 "
        "Front/Front/PROPN/NNP/pobj/1 attacked/attack/VERB/VBD/ROOT/4 a/a/DET/DT/det/6 "
        "convoy/convoy/NOUN/NN/dobj/4 ././PUNCT/./punct/4",
        ents=[(3, 4, "Organization")],
    )
    event = extract_events(doc)[0]
    assert event.role("agent") == ["e0"]


def test_registry_leaves_unknown_nouns_alone(doc_factory):
    doc = build(
        doc_factory,
        "Rumours/rumour/NOUN/NNS/nsubj/1 vanished/vanish/VERB/VBD/ROOT/1 ././PUNCT/./punct/1",
    )
    registry = GroupRegistry(doc)
    assert registry.entity_of(doc[0]) is None
    assert registry.entity_of(doc[0], participant=True) is None  # not a noun for people
    assert registry.own == []
    # as an argument of an event, the phrase is a generic participant of its own
    key = registry.entity_of(doc[0], generic=True)
    assert registry.by_key[key].type == "Thing" and not registry.by_key[key].named


def test_weapon_nouns_are_weapons(doc_factory):
    doc = build(
        doc_factory,
        "Grenades/grenade/NOUN/NNS/nsubj/1 exploded/explode/VERB/VBD/ROOT/1 ././PUNCT/./punct/1",
    )
    registry = GroupRegistry(doc)
    key = registry.entity_of(doc[0], generic=True)
    assert [(e.key, e.type) for e in registry.own] == [(key, "Weapon")]


def test_bare_number_of_victims_is_a_counted_group(doc_factory):
    # "Shelling killed 40 or more."
    doc = build(
        doc_factory,
        "Gunmen/gunman/NOUN/NNS/nsubj/1 killed/kill/VERB/VBD/ROOT/1 40/40/NUM/CD/dobj/1 "
        "or/or/CCONJ/CC/cc/2 more/more/ADJ/JJR/conj/2 ././PUNCT/./punct/1",
    )
    event = extract_events(doc)[0]
    victims = entity(doc, event.role("patient")[0])
    assert victims.count == 40 and victims.label == "40 or more" and not victims.named
    assert event.count == 40


def test_indefinite_phrase_is_a_new_participant(doc_factory):
    # "The car bomb exploded. Men placed a bomb.": "a bomb" is another bomb
    doc = build(
        doc_factory,
        "The/the/DET/DT/det/2 car/car/NOUN/NN/compound/2 bomb/bomb/NOUN/NN/nsubj/3 "
        "exploded/explode/VERB/VBD/ROOT/3 ././PUNCT/./punct/3 "
        "Men/man/NOUN/NNS/nsubj/6 placed/place/VERB/VBD/ROOT/6 a/a/DET/DT/det/8 "
        "bomb/bomb/NOUN/NN/dobj/6 ././PUNCT/./punct/6",
    )
    registry = GroupRegistry(doc)
    first = registry.entity_of(doc[2], generic=True)
    second = registry.entity_of(doc[8], generic=True)
    assert first != second and registry.by_key[second].type == "Weapon"
    # a definite one-word phrase still joins the one earlier phrase of its head
    again = build(
        doc_factory,
        "The/the/DET/DT/det/2 car/car/NOUN/NN/compound/2 bomb/bomb/NOUN/NN/nsubj/3 "
        "exploded/explode/VERB/VBD/ROOT/3 ././PUNCT/./punct/3 "
        "Police/police/NOUN/NNS/nsubj/6 found/find/VERB/VBD/ROOT/6 the/the/DET/DT/det/8 "
        "bomb/bomb/NOUN/NN/dobj/6 ././PUNCT/./punct/6",
    )
    registry = GroupRegistry(again)
    assert registry.entity_of(again[2], generic=True) == registry.entity_of(again[8], generic=True)


def test_compounds_of_man_and_woman_are_people(doc_factory):
    doc = build(
        doc_factory,
        "A/a/DET/DT/det/1 businesswoman/businesswoman/NOUN/NN/nsubj/2 "
        "resigned/resign/VERB/VBD/ROOT/2 ././PUNCT/./punct/2",
    )
    registry = GroupRegistry(doc)
    assert registry.by_key[registry.entity_of(doc[1], generic=True)].type == "Person"
