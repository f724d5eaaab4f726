"""One source of truth: ``kg/namespace.py`` and ``ontology/*.ttl`` name the same terms."""

from __future__ import annotations

import csv
import re
from importlib import resources

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from kg import model, vocab
from kg.namespace import (
    DATA_IRI,
    ENTITY_CLASSES,
    EVENT_CLASSES,
    KG,
    KG_IRI,
    PREFIXES,
    RELATIONS,
    SUPERCLASSES,
    types_of,
)
from kg.ontology import ontology_graph, ontology_path, shapes_path

TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def kg_local(term: object) -> str | None:
    text = str(term)
    return text[len(KG_IRI) :] if isinstance(term, URIRef) and text.startswith(KG_IRI) else None


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return ontology_graph()


def defined_terms(graph: Graph) -> set[str]:
    """Local names of the kg: terms the ontology declares (as a class or property)."""
    return {
        name
        for t in TERM_TYPES
        for s in graph.subjects(RDF.type, t)
        if (name := kg_local(s)) is not None
    }


def test_namespace_accepts_exactly_the_ontology_terms(ontology: Graph) -> None:
    """KG is not typed out: it accepts what kg.ttl declares (read independently here)."""
    defined = defined_terms(ontology)
    assert defined == set(vocab.terms())
    for name in sorted(defined):
        assert KG[name] == URIRef(KG_IRI + name) and name in KG
    for typo in ("Atack", "agnet", "entity", "Predicate"):
        assert typo not in KG
        with pytest.raises(AttributeError):
            KG[typo]


def test_every_kg_iri_used_in_ontology_files_is_defined(ontology: Graph) -> None:
    """No typo in either file: every kg: IRI mentioned anywhere is a declared term."""
    shapes = Graph().parse(shapes_path(), format="turtle")
    defined = defined_terms(ontology)
    for graph, path in ((ontology, ontology_path()), (shapes, shapes_path())):
        used = {n for t in graph for term in t if (n := kg_local(term)) is not None}
        assert used <= defined, f"undeclared kg: terms in {path.name}: {sorted(used - defined)}"


def test_unknown_term_fails_loudly() -> None:
    with pytest.raises(AttributeError):
        KG.Atack  # noqa: B018 - the attribute access is the test


def test_prefixes() -> None:
    assert PREFIXES["kg"] == KG_IRI == str(KG._NS)
    assert PREFIXES["id"] == DATA_IRI
    assert not DATA_IRI.startswith(KG_IRI) and not KG_IRI.startswith(DATA_IRI)


def test_ontology_file_binds_kg_prefix() -> None:
    for path in (ontology_path(), shapes_path()):
        graph = Graph(bind_namespaces="none").parse(path, format="turtle")
        assert dict(graph.namespaces())["kg"] == URIRef(KG_IRI), path.name


def _closure(graph: Graph, cls: URIRef) -> set[URIRef]:
    return {c for c in graph.transitive_objects(cls, RDFS.subClassOf) if c != cls}


def test_superclass_table_matches_ontology(ontology: Graph) -> None:
    """kg.rdf materialises SUPERCLASSES, so it must be exactly the subClassOf closure."""
    classes = {s for s in ontology.subjects(RDF.type, OWL.Class) if kg_local(s) is not None}
    hierarchy = {
        kg_local(c): {kg_local(s) for s in _closure(ontology, c) if kg_local(s)} for c in classes
    }
    expected = {
        c: sup
        for c, sup in hierarchy.items()
        if c in ("Entity", "Event") or {"Entity", "Event"} & sup
    }
    assert {c: set(s) for c, s in SUPERCLASSES.items()} == expected
    for name, sup in SUPERCLASSES.items():
        assert len(set(sup)) == len(sup), name
        assert types_of(name)[0] == KG[name]


def test_class_lists() -> None:
    assert set(ENTITY_CLASSES) & set(EVENT_CLASSES) == set()
    assert "Entity" in ENTITY_CLASSES and "Event" in EVENT_CLASSES
    assert {"Document", "RelationAssertion"}.isdisjoint(set(ENTITY_CLASSES) | set(EVENT_CLASSES))
    with pytest.raises(KeyError):
        types_of("Document")


def test_model_vocabulary_is_in_ontology(ontology: Graph) -> None:
    """The names the extractor may write (kg.model, triggers.tsv) are ontology terms."""
    defined = defined_terms(ontology)
    assert set(model.ENTITY_CLASSES) <= set(ENTITY_CLASSES)
    assert set(model.ROLES) <= defined
    assert set(RELATIONS) <= defined
    text = resources.files("kg.data").joinpath("triggers.tsv").read_text(encoding="utf-8")
    rows = [r for r in csv.reader(text.splitlines(), delimiter="\t") if r and r[0][:1] != "#"]
    classes = {r[2].strip() for r in rows if len(r) >= 3}
    assert classes <= set(EVENT_CLASSES) - {"Event"}, sorted(classes - set(EVENT_CLASSES))


def test_shapes_name_no_class_below_the_roots() -> None:
    """The shapes follow rdfs:subClassOf: no list of entity or event classes to keep up."""
    shapes = Graph().parse(shapes_path(), format="turtle")
    used = {n for t in shapes for term in t if (n := kg_local(term)) is not None}
    text = shapes_path().read_text(encoding="utf-8")
    used |= set(re.findall(r"kg:(\w+)", text))  # also inside SPARQL strings
    leaves = (set(ENTITY_CLASSES) | set(EVENT_CLASSES)) - {"Entity", "Event", "Place"}
    # only examples in messages may name a subclass: no list of them
    named = {n for n in leaves if n in used}
    lines = [line for line in text.splitlines() if any(f"kg:{n}" in line for n in named)]
    assert all("sh:message" in line for line in lines), lines
