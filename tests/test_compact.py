"""kg.compact.CompactGraph answers like an rdflib Graph holding the same triples."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from kg.compact import CompactGraph
from kg.namespace import KG

A, B, C = (URIRef(f"https://example.org/{n}") for n in "abc")
TRIPLES = [
    (A, RDF.type, KG.Person),
    (A, RDFS.label, Literal("Ana")),
    (B, RDF.type, KG.Attack),
    (B, KG.agent, A),
    (B, KG.patient, C),
    (B, KG.count, Literal(3)),
    (C, RDF.type, KG.Person),
    (C, RDF.type, KG.Entity),
    (B, KG.agent, A),  # a duplicate: kept once
    (C, RDFS.label, Literal("3")),  # a plain "3" is not the integer 3
]


@pytest.fixture
def pair() -> tuple[CompactGraph, Graph]:
    graph = Graph()
    for t in TRIPLES:
        graph.add(t)
    return CompactGraph(TRIPLES), graph


PATTERNS = [
    (None, None, None),
    (None, RDF.type, None),
    (None, RDF.type, KG.Person),
    (B, None, None),
    (B, KG.agent, None),
    (None, None, A),
    (None, RDFS.label, Literal("3")),
    (None, KG.count, Literal(3)),
    (A, KG.patient, None),  # nothing
    (URIRef("https://example.org/unknown"), None, None),
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_triples_match_rdflib(pair, pattern):
    compact, graph = pair
    assert sorted(compact.triples(pattern)) == sorted(graph.triples(pattern))


def test_shortcuts_and_len_match_rdflib(pair):
    compact, graph = pair
    assert len(compact) == len(graph) == len(set(TRIPLES))
    assert sorted(compact.subjects(RDF.type, KG.Person)) == sorted(
        graph.subjects(RDF.type, KG.Person)
    )
    assert sorted(compact.subject_objects(KG.agent)) == sorted(graph.subject_objects(KG.agent))
    assert sorted(compact.objects(C, RDF.type)) == sorted(graph.objects(C, RDF.type))
    for s, p in [(A, RDFS.label), (B, KG.count), (A, KG.count), (B, KG.agent)]:
        assert compact.value(s, p) == graph.value(s, p)
    assert compact.value(A, KG.count, default="none") == "none"


def test_adding_after_reading_is_seen(pair):
    compact, _ = pair
    assert len(compact) == 9
    compact.add((A, KG.age, Literal(40)))
    assert compact.value(A, KG.age) == Literal(40) and len(compact) == 10


def test_to_graph_is_the_same_graph(pair):
    compact, graph = pair
    assert set(compact.to_graph()) == set(graph)
    assert compact.to_graph().namespace_manager.store.namespace("kg") is not None


def test_packed_row_dedupe_equals_numpy_row_unique():
    import numpy as np

    from kg.compact import _unique_rows

    rng = np.random.default_rng(7)
    for high in (5, 1 << 27, 1 << 30):  # the last is past the packed keys' 28 bits
        p = rng.integers(0, 200, 5000).astype(np.uint32)
        s = rng.integers(0, high, 5000).astype(np.uint32)
        o = rng.integers(0, high, 5000).astype(np.uint32)
        expected = np.unique(np.column_stack((p, s, o)), axis=0)
        assert (_unique_rows(p, s, o) == expected).all()
