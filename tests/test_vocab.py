"""kg.vocab: the taxonomy read from ontology/kg.ttl, and the claim that adding a class is an
edit of kg.ttl (plus the class lexicon) and nothing else."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, URIRef
from test_rdf import simple_document

from kg import model, vocab
from kg.namespace import KG, KG_IRI, SUPERCLASSES, types_of
from kg.ontology import ontology_graph, ontology_path, shapes_path
from kg.rdf import event_iri, to_rdf
from kg.validate import validate


def _kg_classes_below(root: str) -> set[str]:
    """An independent reading of the ontology: rdflib's transitive closure."""
    g = ontology_graph()
    out = set()
    for cls in g.subjects(RDF.type, OWL.Class):
        if str(cls).startswith(KG_IRI) and URIRef(KG_IRI + root) in set(
            g.transitive_objects(cls, RDFS.subClassOf)
        ):
            out.add(str(cls)[len(KG_IRI) :])
    return out


def test_class_lists_are_the_ontology_trees() -> None:
    assert set(vocab.entity_classes()) == _kg_classes_below("Entity")
    assert set(vocab.event_classes()) == _kg_classes_below("Event")
    assert set(vocab.place_classes()) == _kg_classes_below("Place")
    assert not set(vocab.entity_classes()) & set(vocab.event_classes())


@pytest.mark.parametrize("root", ["Entity", "Event", "Place"])
def test_orders_are_root_first_and_superclass_before_subclass(root: str) -> None:
    classes = vocab.subclasses(root)
    assert classes[0] == root and len(set(classes)) == len(classes)
    for i, name in enumerate(classes):
        for sup in vocab.superclasses(name):
            if sup in classes:
                assert classes.index(sup) < i, (sup, name)
    assert vocab.subclasses(root) == classes  # deterministic


def test_superclasses_nearest_first() -> None:
    assert vocab.superclasses("Country") == (
        "GeopoliticalEntity",
        "Organization",
        "Place",
        "Entity",
    )
    assert vocab.superclasses("Weapon") == ("Artifact", "Entity")
    assert vocab.superclasses("Increase") == ("QuantityChange", "Event")
    assert vocab.superclasses("Event") == ()
    with pytest.raises(vocab.VocabularyError):
        vocab.superclasses("Bombin")


def test_is_a() -> None:
    assert vocab.is_a("Kidnapping", "Attack") and vocab.is_a("Kidnapping", "Event")
    assert vocab.is_a("Sale", "Transaction") and not vocab.is_a("Sale", "Attack")
    assert vocab.is_a("City", "Place") and vocab.is_a("City", "Organization")
    assert not vocab.is_a("Weapon", "Place") and not vocab.is_a("Unknown", "Entity")


def test_roles_are_the_marked_properties_participant_family_first() -> None:
    roles = vocab.roles()
    assert roles[:4] == ("participant", "agent", "patient", "recipient")
    assert set(roles[4:]) == {"instrument", "place", "topic"}
    g = ontology_graph()
    for r in ("agent", "patient", "recipient"):
        assert (KG[r], RDFS.subPropertyOf, KG.participant) in g
    assert roles == model.ROLES
    assert "trigger" not in roles and "reportedBy" not in roles and "date" not in roles


def test_flags_replace_the_hand_typed_sets() -> None:
    """The sets events.py typed out are (at least) what the ontology flags now."""
    assert {"Negotiation", "Meeting", "Fight", "Cooperation"} <= vocab.flagged(
        "symmetricParticipants"
    )
    counted = {"Death", "Injury", "Killing", "Arrest", "Release", "Evacuation", "Charge"}
    assert counted | {"Kidnapping"} <= vocab.flagged("countsAffected")
    human = {"Killing", "Injury", "Arrest", "Release", "Charge", "Kidnapping"}
    assert human <= vocab.flagged("humanPatient")
    assert "Attack" not in vocab.flagged("humanPatient")  # "attacked the building"
    assert "Statement" not in vocab.flagged("countsAffected")
    assert vocab.flagged("humanPatient") <= set(vocab.event_classes())


def test_flags_are_inherited_unless_restated() -> None:
    # Agreement states no flag: it inherits Cooperation's
    g = ontology_graph()
    assert (KG.Agreement, KG.symmetricParticipants, None) not in g
    assert "Agreement" in vocab.flagged("symmetricParticipants")
    with pytest.raises(vocab.VocabularyError):
        vocab.flagged("symmetric")


def test_cameo_codes_and_labels() -> None:
    assert vocab.cameo("Kidnapping") == "18" and vocab.cameo("Protest") == "14"
    assert vocab.cameo("Lawsuit") == "11" and vocab.cameo("Sale") is None
    assert vocab.label("QuantityChange") == "quantity change"
    with pytest.raises(vocab.VocabularyError):
        vocab.cameo("Nope")


def test_derived_lists_elsewhere_agree() -> None:
    assert vocab.entity_classes()[1:] == model.ENTITY_CLASSES
    assert vocab.event_classes() == model.EVENT_CLASSES
    assert set(SUPERCLASSES) == set(vocab.entity_classes()) | set(vocab.event_classes())
    assert types_of("Bombing") == (KG.Bombing, KG.Attack, KG.Event)


def test_import_is_cheap() -> None:
    """Importing kg.vocab (and kg.model) loads neither spaCy nor rdflib."""
    code = "import sys, kg.vocab, kg.model; print('spacy' in sys.modules, 'rdflib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_command_line_prints_the_tree() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "kg.vocab"], capture_output=True, text=True, check=True
    ).stdout
    lines = out.splitlines()
    assert lines[0] == "kg:Entity" and "kg:Event" in lines
    assert lines.index("  kg:Attack") < lines.index("    kg:Bombing")
    assert "roles: participant agent patient recipient" in out


# -- adding a class is one edit of kg.ttl -------------------------------------------------

EXTRA_CLASS = """
kg:Sabotage
    a owl:Class ;
    kg:humanPatient false ;
    rdfs:label "sabotage"@en ;
    rdfs:comment "An actor deliberately damages equipment or infrastructure."@en ;
    rdfs:subClassOf kg:Attack ;
    kg:cameoCode "18" ;
    skos:scopeNote "CAMEO 18 Assault."@en .

kg:Drone
    a owl:Class ;
    rdfs:label "drone"@en ;
    rdfs:comment "An unmanned aircraft used as a weapon."@en ;
    rdfs:subClassOf kg:Weapon ;
    skos:scopeNote "No counterpart in the aligned vocabularies."@en .
"""


@pytest.fixture
def extended_ontology(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A copy of ontology/ with two more classes, made current through $KG_ONTOLOGY_DIR."""
    shutil.copy(shapes_path(), tmp_path / "shapes.ttl")
    text = ontology_path().read_text(encoding="utf-8")
    (tmp_path / "kg.ttl").write_text(text + EXTRA_CLASS, encoding="utf-8")
    monkeypatch.setenv("KG_ONTOLOGY_DIR", str(tmp_path))
    vocab.reload()
    yield tmp_path
    monkeypatch.undo()
    vocab.reload()


def _sabotage_document():
    dg = simple_document()
    dg.events[1] = replace(dg.events[1], type="Sabotage", predicate="sabotage")
    return dg


def test_a_class_added_to_kg_ttl_is_picked_up_everywhere(extended_ontology: Path) -> None:
    assert "Sabotage" in vocab.event_classes() and "Drone" in vocab.entity_classes()
    assert vocab.superclasses("Drone") == ("Weapon", "Artifact", "Entity")
    assert vocab.is_a("Sabotage", "Attack") and vocab.cameo("Sabotage") == "18"
    assert "Sabotage" not in vocab.flagged("humanPatient")  # stated false
    assert "Drone" in model.ENTITY_CLASSES and "Sabotage" in KG
    dg = _sabotage_document()
    graph = to_rdf([dg])
    iri = event_iri(dg.document, dg.events[1])
    assert set(graph.objects(iri, RDF.type)) == {KG.Sabotage, KG.Attack, KG.Event}
    report = validate(graph)  # the shapes follow rdfs:subClassOf: no list to edit
    assert report.conforms, report.violations


def test_without_the_edit_the_same_graph_does_not_conform() -> None:
    """The control: against the real ontology kg:Sabotage is an undefined class."""
    assert "Sabotage" not in vocab.event_classes()
    report = validate(to_rdf([_sabotage_document()]))
    assert not report.conforms
    assert any("Sabotage" in v for v in report.violations), report.violations


def test_a_cycle_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(shapes_path(), tmp_path / "shapes.ttl")
    text = ontology_path().read_text(encoding="utf-8")
    (tmp_path / "kg.ttl").write_text(text + "\nkg:Event rdfs:subClassOf kg:Attack .\n")
    monkeypatch.setenv("KG_ONTOLOGY_DIR", str(tmp_path))
    vocab.reload()
    try:
        with pytest.raises(vocab.VocabularyError, match="cycle"):
            vocab.event_classes()
    finally:
        monkeypatch.undo()
        vocab.reload()
    assert vocab.superclasses("Attack") == ("Event",)
