"""Unnamed groups never take tokens that already name another entity."""

from __future__ import annotations

from kg.components.groups import GroupRegistry
from tests.test_events import build


def test_group_after_a_named_body_leaves_its_tokens_alone(doc_factory):
    # "Harbour Ministry security forces arrested students." ("Harbour Ministry" is named)
    doc = build(
        doc_factory,
        "Harbour/Harbour/PROPN/NNP/compound/1 Ministry/Ministry/PROPN/NNP/compound/3 "
        "security/security/NOUN/NN/compound/3 forces/force/NOUN/NNS/nsubj/4 "
        "arrested/arrest/VERB/VBD/ROOT/4 students/student/NOUN/NNS/dobj/4 ././PUNCT/./punct/4",
        ents=[(0, 2, "GovernmentBody")],
    )
    registry = GroupRegistry(doc)
    key = registry.entity_of(doc[3], participant=True)
    group = registry.by_key[key]
    assert group.label == "security forces"
    assert [m.span.text for m in group.mentions] == ["security forces"]
    assert registry.token_entity.get(0) == registry.token_entity.get(1) == "e0"
    assert doc._.kg_entities == [registry.by_key["e0"]]  # the resolver's list is untouched


def test_group_after_a_named_possessor_starts_after_it(doc_factory):
    # "the Harbour Guard's patrol boats" -> "patrol boats" is no mention of the Guard
    doc = build(
        doc_factory,
        "the/the/DET/DT/det/2 Harbour/Harbour/PROPN/NNP/compound/2 Guard/Guard/PROPN/NNP/poss/5 "
        "'s/'s/PART/POS/case/2 patrol/patrol/NOUN/NN/compound/5 "
        "officers/officer/NOUN/NNS/nsubj/6 left/leave/VERB/VBD/ROOT/6 ././PUNCT/./punct/6",
        ents=[(1, 3, "GovernmentBody")],
    )
    registry = GroupRegistry(doc)
    group = registry.by_key[registry.entity_of(doc[5], participant=True)]
    assert [m.span.text for m in group.mentions] == ["patrol officers"]


def test_group_without_named_tokens_keeps_all_its_modifiers(doc_factory):
    doc = build(
        doc_factory,
        "riot/riot/NOUN/NN/compound/1 police/police/NOUN/NNS/nsubj/2 "
        "arrived/arrive/VERB/VBD/ROOT/2 ././PUNCT/./punct/2",
    )
    registry = GroupRegistry(doc)
    group = registry.by_key[registry.entity_of(doc[1], participant=True)]
    assert [m.span.text for m in group.mentions] == ["riot police"]
