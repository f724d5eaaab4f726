"""kg.serialize and kg.store: the fast RDF path, the persistent store and its exports.

Most tests use small document graphs written here by hand (no model); the drift checks
use the real examples graph so the fast path is compared with :func:`kg.rdf.to_rdf` on
everything the extractor actually produces.
"""

from __future__ import annotations

import io
import json

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg import errors
from kg.corpus import CorpusResolver
from kg.model import Argument, Document, DocumentGraph, Entity, Event, Mention, Span
from kg.namespace import NIF
from kg.query import run_query
from kg.rdf import to_rdf
from kg.serialize import CorpusTriples, document_triples, ox_triples, write_triples
from kg.store import (
    DocumentStore,
    Projection,
    export_store,
    open_store,
    projection_graph,
    query_store,
    store_to_rdflib,
)


def _doc(doc_id: str, text: str, people: list[str], *, place: str = "Halden") -> DocumentGraph:
    """A document whose people met in ``place``: each name is mentioned at its offset."""
    doc = Document(
        id=doc_id, source=f"{doc_id}.txt", text=text, title=f"Story {doc_id}", date="2024-03-05"
    )
    sentence = Span(0, len(text), text)
    entities = []
    for i, name in enumerate([*people, place]):
        start = text.index(name)
        kind = "City" if name == place else "Person"
        mention = Mention(Span(start, start + len(name), name), sentence, "PERSON")
        entities.append(Entity(f"e{i}", kind, name, mentions=[mention]))
    trigger_at = text.index("met")
    event = Event(
        "v1",
        "Meet",
        Span(trigger_at, trigger_at + 3, "met"),
        sentence,
        arguments=[Argument("participant", f"e{i}") for i in range(len(people))]
        + [Argument("place", f"e{len(people)}")],
        confidence=0.75,
    )
    return DocumentGraph(doc, entities, [event])


def corpus() -> list[DocumentGraph]:
    return [
        _doc("d1", "Anna Varga met Marek Brandt in Halden.", ["Anna Varga", "Marek Brandt"]),
        _doc("d2", "Varga met Oskar Duarte in Vorsk.", ["Varga", "Oskar Duarte"], place="Vorsk"),
        _doc("d3", "Marek Brandt met Oskar Duarte in Halden.", ["Marek Brandt", "Oskar Duarte"]),
    ]


def resolved(graphs: list[DocumentGraph]) -> list[DocumentGraph]:
    resolver = CorpusResolver()
    return [resolver.add(g) for g in graphs]


def parse_ttl(data: bytes) -> Graph:
    return Graph().parse(data=data.decode("utf-8"), format="turtle")


# -- the fast path equals kg.rdf ---------------------------------------------------------


def _stream_graph(graphs: list[DocumentGraph]) -> tuple[Graph, int]:
    stream = CorpusTriples()
    buf = io.BytesIO()
    write_triples(ox_triples(t for g in graphs for t in stream.triples(g)), buf)
    return parse_ttl(buf.getvalue()), stream.count


@pytest.mark.parametrize("source", ["hand", "examples"])
def test_streamed_turtle_is_isomorphic_to_to_rdf(source, request):
    graphs = corpus() if source == "hand" else request.getfixturevalue("examples_kb").documents
    expected = to_rdf(graphs)
    got, count = _stream_graph(graphs)
    assert isomorphic(got, expected)
    assert count == len(expected)  # no triple written twice


def test_first_document_naming_an_entity_gives_its_label():
    a = _doc("a1", "Anna Varga met Tomas Kowal in Halden.", ["Anna Varga", "Tomas Kowal"])
    b = _doc("b1", "Anna Varga met Emil Moreau in Halden.", ["Anna Varga", "Emil Moreau"])
    b.entities[0].alt_labels = ["A. Varga"]
    got, _ = _stream_graph([a, b])
    assert isomorphic(got, to_rdf([a, b]))


def test_document_triples_are_oxigraph_terms():
    triples = list(document_triples(corpus()[0]))
    assert triples and all(isinstance(t, ox.Triple) for t in triples)


def test_same_document_twice_is_written_once():
    g = corpus()[0]
    _, once = _stream_graph([g])
    _, twice = _stream_graph([g, g])
    assert once == twice


def test_projection_keeps_what_analysis_reads(examples_kb):
    from kg.analysis import summary

    full = to_rdf(examples_kb.documents)
    projection = Projection()
    stream = CorpusTriples()
    for g in examples_kb.documents:
        projection.add(stream.triples(g))
    # mention spans and their offsets go; events (every predicate, since the open layer)
    # keep their roles and evidence, so the projection is a little over half the graph
    assert len(projection.graph) < 0.6 * len(full)
    assert not any(p == NIF.beginIndex for _, p, _ in projection.graph)
    a, b = summary(full), summary(projection.graph)
    for key in (
        "documents",
        "entities",
        "events",
        "entities_by_type",
        "events_by_type",
        "central_actors",
        "components",
    ):
        assert a[key] == b[key], key


# -- the store ---------------------------------------------------------------------------


@pytest.fixture
def store_dir(tmp_path):
    return tmp_path / "store"


def add(path, graphs: list[DocumentGraph]) -> None:
    with DocumentStore(path) as store:
        resolver = CorpusResolver(store.load_registry())
        store.add([resolver.add(g) for g in graphs])
        store.save_registry(resolver.registry)


def export(path, fmt: str = "ttl") -> bytes:
    out = path.parent / f"export.{fmt}"
    export_store(path, out, fmt)
    return out.read_bytes()


def test_store_holds_the_graph_with_datatypes_restored(store_dir):
    graphs = corpus()
    add(store_dir, graphs)
    assert isomorphic(parse_ttl(export(store_dir)), to_rdf(resolved(graphs)))


def test_store_named_graph_per_document(store_dir):
    add(store_dir, corpus())
    with DocumentStore(store_dir) as store:
        names = sorted(g.value for g in store.store.named_graphs())
        assert store.documents() == 3
    assert names == [f"https://w3id.org/kg-news/id/doc/d{i}" for i in (1, 2, 3)]


def test_re_adding_a_document_replaces_it(store_dir):
    graphs = corpus()
    add(store_dir, graphs)
    first = export(store_dir)
    add(store_dir, [graphs[0]])
    add(store_dir, [graphs[1], graphs[0]])
    with DocumentStore(store_dir) as store:
        assert store.documents() == 3
    assert isomorphic(parse_ttl(export(store_dir)), parse_ttl(first))


def test_changed_document_replaces_its_old_triples(store_dir):
    old = _doc("d1", "Anna Varga met Marek Brandt in Halden.", ["Anna Varga", "Marek Brandt"])
    new = _doc("d1", "Anna Varga met Marek Brandt in Halden.", ["Anna Varga", "Marek Brandt"])
    new.events[0].type = "Negotiate"
    add(store_dir, [old])
    add(store_dir, [new])
    result = query_store(store_dir, "SELECT ?t WHERE { ?e kg:trigger ?x ; a ?t } ORDER BY ?t")
    types = {str(row[0]).rsplit("#", 1)[-1] for row in result}
    assert "Negotiate" in types and "Meet" not in types


def test_batches_merge_entities_like_one_build(store_dir):
    graphs = corpus()
    add(store_dir, graphs[:1])
    add(store_dir, graphs[1:])  # "Varga" in d2 joins d1's "Anna Varga" via the registry
    assert isomorphic(parse_ttl(export(store_dir)), to_rdf(resolved(graphs)))
    rows = query_store(store_dir, 'SELECT ?p WHERE { ?p skos:altLabel "Varga" }').rows
    assert [str(r[0]) for r in rows] == ["https://w3id.org/kg-news/id/person/anna-varga"]
    registry = json.loads((store_dir / "registry.json").read_text())
    assert registry


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld", "trig", "nq"])
def test_export_formats_round_trip(store_dir, fmt):
    graphs = corpus()
    add(store_dir, graphs)
    data = export(store_dir, fmt)
    expected = to_rdf(resolved(graphs))
    if fmt in ("trig", "nq", "jsonld"):
        ds = Dataset()
        ds.parse(data=data.decode(), format={"trig": "trig", "nq": "nquads"}.get(fmt, "json-ld"))
        got = Graph()
        for s, p, o, _ in ds.quads():
            got.add((s, p, o))
        if fmt != "jsonld":
            assert len({str(c) for *_, c in ds.quads()}) == 3  # one graph per document
    else:
        got = Graph().parse(data=data.decode(), format={"ttl": "turtle", "nt": "nt"}[fmt])
    assert isomorphic(got, expected)


def test_export_is_deterministic(store_dir, tmp_path):
    add(store_dir, corpus())
    other = tmp_path / "other"
    add(other, corpus())
    assert export(store_dir) == export(other)
    assert b"@prefix kg: <https://w3id.org/kg-news/ontology#>" in export(store_dir)


def test_store_to_rdflib_and_projection(store_dir):
    graphs = corpus()
    add(store_dir, graphs)
    expected = to_rdf(resolved(graphs))
    assert len(store_to_rdflib(store_dir)) == len(expected)
    projection = projection_graph(open_store(store_dir))
    stream = Projection()
    feed = CorpusTriples()
    for g in resolved(graphs):
        stream.add(feed.triples(g))
    assert isomorphic(projection.to_graph(), stream.graph.to_graph())


# -- SPARQL on the store -----------------------------------------------------------------

QUERIES = [
    "SELECT ?p ?l WHERE { ?p a kg:Person ; rdfs:label ?l } ORDER BY ?l",
    "SELECT ?place (COUNT(?e) AS ?n) WHERE { ?e kg:place ?place } GROUP BY ?place ORDER BY ?place",
    "SELECT ?e ?d WHERE { ?e kg:participant ?p . OPTIONAL { ?e kg:date ?d } } ORDER BY ?e ?p",
]


@pytest.mark.parametrize("query", QUERIES)
def test_store_query_matches_rdflib(store_dir, query):
    graphs = corpus()
    add(store_dir, graphs)
    ours = query_store(store_dir, query)
    theirs = run_query(to_rdf(resolved(graphs)), query)
    assert ours.variables == theirs.variables
    assert [tuple(map(str, r)) for r in ours.rows] == [tuple(map(str, r)) for r in theirs.rows]
    assert ours.rows


def test_store_ask_and_construct(store_dir):
    add(store_dir, corpus())
    assert query_store(store_dir, "ASK { ?x a kg:Meet }").boolean is True
    assert query_store(store_dir, "ASK { ?x a kg:Attack }").boolean is False
    g = query_store(store_dir, "CONSTRUCT { ?p a kg:Person } WHERE { ?p a kg:Person }").graph
    assert len(g) == 3  # Anna Varga (also "Varga"), Marek Brandt, Oskar Duarte


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?x WHERE { ?x ",
        "INSERT DATA { <a:b> <a:c> <a:d> }",
        "DROP ALL",
        "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
    ],
)
def test_store_query_errors_are_query_errors(store_dir, query):
    add(store_dir, corpus())
    with pytest.raises(errors.QueryError):
        query_store(store_dir, query)


def test_not_a_store_folder_is_refused(tmp_path):
    (tmp_path / "mine.txt").write_text("keep me")
    with pytest.raises(errors.OutputError):
        DocumentStore(tmp_path)
    with pytest.raises(errors.GraphFileError):
        open_store(tmp_path)
    assert (tmp_path / "mine.txt").read_text() == "keep me"


def test_store_in_use_is_a_one_line_error(store_dir):
    with DocumentStore(store_dir), pytest.raises(errors.OutputError, match="in use"):
        DocumentStore(store_dir)
