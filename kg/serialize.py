"""Fast RDF output: the triples of :mod:`kg.rdf` as Oxigraph quads, and deterministic writers.

rdflib's in-memory graph and Turtle writer cost seconds per 100k triples; Oxigraph (Rust)
stores and writes them an order of magnitude faster. To keep exactly one mapping from the
model to RDF, this module does not re-implement it: it runs :func:`kg.rdf.add_document`
against a tiny collector (the mapping only ever calls ``graph.add``), with Oxigraph's terms
(:data:`OXIGRAPH`) in place of rdflib's. ``tests/test_store.py`` checks that the result is
isomorphic to :func:`kg.rdf.to_rdf`, so the two paths cannot drift.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import pyoxigraph as ox
from rdflib import RDFS, BNode, Literal, URIRef

from kg.model import DocumentGraph
from kg.namespace import PREFIXES
from kg.rdf import Terms, add_document, document_iri

#: Output formats by name (``kg export --format``) and the suffix of their files.
FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}

#: Formats that can carry named graphs (one per document).
DATASET_FORMATS = frozenset({"trig", "nq", "jsonld"})


class Labels(dict):
    """Entity IRI -> its one ``rdfs:label``: the first document naming an entity sets it.

    :func:`kg.rdf.add_document` asks the graph for an entity's existing label
    (``graph.value(iri, RDFS.label)``) so that later documents add ``skos:altLabel`` only.
    Streaming, there is no whole graph to ask: this memory answers instead, and a store
    preloads it from its data so the rule holds across batches. Keys and values are
    Oxigraph terms.
    """


def _ox_literal(value: str, datatype: str | None) -> ox.Literal:
    return ox.Literal(value) if datatype is None else ox.Literal(value, datatype=_named(datatype))


#: Oxigraph terms for :func:`kg.rdf.add_document`: no rdflib term is made on this path.
OXIGRAPH = Terms(ox.NamedNode, _ox_literal)
_LABEL = OXIGRAPH.v(str(RDFS.label))


class _Collector:
    """Stands in for an rdflib ``Graph`` inside :func:`kg.rdf.add_document`: keeps triples."""

    __slots__ = ("labels", "triples")

    def __init__(self, labels: Labels) -> None:
        self.triples: list[tuple] = []
        self.labels = labels

    def add(self, triple: tuple) -> None:
        self.triples.append(triple)
        if triple[1] is _LABEL:  # the writer's one rdfs:label term
            self.labels.setdefault(triple[0], triple[2])

    def value(self, subject: object, predicate: object) -> object:
        if predicate is _LABEL:
            return self.labels.get(subject)
        for s, p, o in self.triples:
            if s == subject and p == predicate:
                return o
        return None


@lru_cache(maxsize=4096)
def _named(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def to_ox(term: object) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """The pyoxigraph term for an rdflib term.

    >>> to_ox(Literal(3)).value, to_ox(Literal(3)).datatype.value
    ('3', 'http://www.w3.org/2001/XMLSchema#integer')
    >>> to_ox(URIRef("https://w3id.org/kg-news/id/x")).value
    'https://w3id.org/kg-news/id/x'
    """
    if isinstance(term, URIRef):
        return _named(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=_named(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):  # kg.rdf writes none; kept total for safety
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def term_triples(dg: DocumentGraph, labels: Labels | None = None) -> list[tuple]:
    """The triples :func:`kg.rdf.add_document` writes for ``dg``, as ``(s, p, o)`` tuples
    of Oxigraph terms, in order.

    Pass the same ``labels`` for every document of a corpus, in order, to get exactly the
    triples of :func:`kg.rdf.to_rdf` over that corpus.
    """
    collector = _Collector(Labels() if labels is None else labels)
    add_document(collector, dg, OXIGRAPH)  # type: ignore[arg-type] - duck-typed graph
    return collector.triples


def document_triples(dg: DocumentGraph, labels: Labels | None = None) -> Iterator[ox.Triple]:
    """:func:`term_triples` as pyoxigraph triples."""
    return ox_triples(term_triples(dg, labels))


class CorpusTriples:
    """Turns a stream of documents into one duplicate-free stream of triples.

    Most triples are scoped to their document (their subject IRI contains the document id)
    and cannot repeat across documents; the rest describe corpus-level entities (type and
    label of ``id:person/...``), which several articles repeat. Those are remembered by hash
    so each is written once; a document seen twice (same content, same id) is skipped.
    """

    def __init__(self, labels: Labels | None = None) -> None:
        self.labels = Labels() if labels is None else labels
        self._shared: set[int] = set()
        self._documents: set[str] = set()
        self.count = 0

    def triples(self, dg: DocumentGraph) -> list[tuple]:
        """The new triples (tuples of Oxigraph terms) ``dg`` adds to the corpus graph."""
        doc_id = dg.document.id
        if doc_id in self._documents:
            return []
        self._documents.add(doc_id)
        out = []
        scoped: dict[object, bool] = {}  # subject -> whether its IRI is the document's
        for t in dict.fromkeys(term_triples(dg, self.labels)):  # a span can recur
            subject = t[0]
            mine = scoped.get(subject)
            if mine is None:
                mine = scoped[subject] = doc_id in subject.value
            if not mine:
                key = hash(t)
                if key in self._shared:
                    continue
                self._shared.add(key)
            out.append(t)
        self.count += len(out)
        return out


def document_quads(
    dg: DocumentGraph, labels: Labels | None = None, *, named: bool = True
) -> Iterator[ox.Quad]:
    """The document's triples as quads in its own named graph (the document IRI).

    With ``named=False`` they go to the default graph (a plain, non-incremental build).
    """
    graph = graph_name(dg) if named else ox.DefaultGraph()
    for s, p, o in term_triples(dg, labels):
        yield ox.Quad(s, p, o, graph)


def graph_name(dg: DocumentGraph) -> ox.NamedNode:
    """The named graph holding one document's triples: the document IRI."""
    return _named(str(document_iri(dg.document)))


def ox_triples(triples: Iterable[tuple]) -> Iterator[ox.Triple]:
    """``(s, p, o)`` tuples of Oxigraph terms as pyoxigraph triples."""
    triple = ox.Triple
    for s, p, o in triples:
        yield triple(s, p, o)


def write_triples(triples: Iterable[ox.Triple], output, fmt: str = "ttl") -> None:
    """Serialise ``triples`` to ``output`` (a binary file object) with the kg prefixes.

    Oxigraph writes them in the order given (grouping a subject's consecutive triples), so
    the same stream gives the same bytes.
    """
    ox.serialize(triples, output, FORMATS[fmt], prefixes=dict(PREFIXES))
