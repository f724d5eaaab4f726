"""The persistent store: an on-disk Oxigraph (RocksDB) dataset, one named graph per document.

``kg build --store DIR`` adds articles to ``DIR``; a later build with new articles adds to it.
Each document's triples live in the named graph of its IRI (``id:doc/<doc-id>``), so
re-adding an article *replaces* its graph instead of duplicating it; the default graph
holds the corpus graph (every triple once: entities named in several articles are one IRI,
so they merge), which is what queries and exports read.

Layout of ``DIR``::

    kg-store.json   marker and format version (a folder without it is never written to)
    oxigraph/       the Oxigraph RocksDB database
    registry.json   the corpus entity registry (cross-batch entity resolution), if any

Interruption: every batch of documents is written with one ``Store.extend`` call, which
Oxigraph applies as one transaction (all of the batch or none of it). Replacing a document
first drops its old graph; if the process dies between the drop and the insert, that
document is simply missing until the next build re-adds it (builds are idempotent: run
the same command again). The registry is written atomically after each batch.

Reading: :func:`query_store` runs SPARQL with Oxigraph's engine (fast on millions of
triples), :func:`store_to_rdflib` loads the union into rdflib for small stores, and
:func:`projection_graph` extracts only what the network analysis and the HTML view need.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import XSD, BNode, Graph, Literal, URIRef

from kg import errors
from kg.compact import CompactGraph
from kg.corpus import AliasRegistry
from kg.fileio import atomic_write, atomic_write_text
from kg.model import DocumentGraph
from kg.namespace import PREFIXES, bind_prefixes
from kg.serialize import DATASET_FORMATS, FORMATS, Labels, document_quads, graph_name
from kg.styles import view_properties

MARKER = "kg-store.json"
DATABASE = "oxigraph"
REGISTRY = "registry.json"
STORE_VERSION = 1

_XSD_STRING = str(XSD.string)
_RDFS_LABEL = ox.NamedNode(PREFIXES["rdfs"] + "label")


def is_store(path: str | Path) -> bool:
    """Whether ``path`` is a kg store folder."""
    return (Path(path) / MARKER).is_file()


def _check_new_folder(path: Path) -> None:
    if path.exists() and not path.is_dir():
        raise errors.cannot_write(str(path), "not a folder")
    if path.is_dir() and any(path.iterdir()) and not is_store(path):
        raise errors.cannot_write(
            str(path), "folder exists and is not a kg store; choose an empty or new folder"
        )


class DocumentStore:
    """An Oxigraph dataset that documents are added to, one named graph each.

    Every triple is also kept once in the default graph, which is therefore the corpus graph
    as a set: queries read it directly (Oxigraph's "union of all graphs" mode would count
    an entity's type once per article that names it). Replacing a document removes from
    the default graph only the triples no other document still states.
    """

    def __init__(self, path: str | Path) -> None:
        path = Path(path)
        _check_new_folder(path)
        self.path = path
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            self.store = ox.Store(str(self.path / DATABASE))
        except OSError as exc:
            raise errors.cannot_write(str(self.path), _reason(exc)) from None
        if not is_store(self.path):
            atomic_write_text(
                self.path / MARKER, json.dumps({"kg_store": STORE_VERSION}, indent=1) + "\n"
            )
        self.labels = self._load_labels()

    def _load_labels(self) -> Labels:
        """The labels already in the store: the first document naming an entity keeps it."""
        labels = Labels()
        for q in self.store.quads_for_pattern(None, _RDFS_LABEL, None, ox.DefaultGraph()):
            labels.setdefault(q.subject, q.object)
        return labels

    # -- writing -----------------------------------------------------------------------

    def add(self, graphs: Iterable[DocumentGraph]) -> int:
        """Add (or replace) documents; returns the triples written.

        The new triples of the whole batch go in with one ``Store.extend``: one transaction.
        """
        graphs = list(graphs)
        for dg in graphs:
            self._remove(graph_name(dg))
        default = ox.DefaultGraph()
        quads = []
        for dg in graphs:
            for q in document_quads(dg, self.labels):
                quads.append(q)
                quads.append(ox.Quad(q.subject, q.predicate, q.object, default))
        try:
            self.store.extend(quads)
        except OSError as exc:
            raise errors.cannot_write(str(self.path), _reason(exc)) from None
        return len(quads) // 2

    def _remove(self, name: ox.NamedNode) -> None:
        """Drop a document's graph and the default-graph triples only it stated."""
        if not self.store.contains_named_graph(name):
            return
        old = list(self.store.quads_for_pattern(None, None, None, name))
        self.store.remove_graph(name)
        default = ox.DefaultGraph()
        for q in old:
            if q.predicate == _RDFS_LABEL:  # this document may give the label again
                self.labels.pop(q.subject, None)
            others = self.store.quads_for_pattern(q.subject, q.predicate, q.object, None)
            if not any(o.graph_name != default for o in others):
                self.store.remove(ox.Quad(q.subject, q.predicate, q.object, default))

    def load_registry(self) -> AliasRegistry:
        """The corpus alias registry saved by earlier builds (empty for a new store)."""
        path = self.path / REGISTRY
        if not path.is_file():
            return AliasRegistry()
        try:
            return AliasRegistry.from_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise errors.bad_graph_file(str(path), f"bad entity registry: {exc}") from None

    def save_registry(self, registry: AliasRegistry) -> None:
        """Persist the registry atomically (after each batch: it matches the data)."""
        atomic_write_text(self.path / REGISTRY, registry.to_json() + "\n")

    def flush(self) -> None:
        try:
            self.store.flush()
        except OSError as exc:  # a full disk or quota: exit 4
            raise errors.cannot_write(str(self.path), _reason(exc)) from None

    def close(self) -> None:
        if hasattr(self, "store"):
            try:
                self.flush()
            finally:
                del self.store

    def __enter__(self) -> DocumentStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -----------------------------------------------------------------------

    def documents(self) -> int:
        """Number of documents in the store."""
        return sum(1 for _ in self.store.named_graphs())

    def triple_count(self) -> int:
        """Triples of the corpus graph (the default graph)."""
        return triple_count(self.store)

    def write(self, path: str | Path, fmt: str = "ttl") -> Path:
        """Write the store atomically to ``path`` (see :func:`write_store`)."""
        return atomic_write(path, lambda fh: write_store(self.store, fh, fmt))


def open_store(path: str | Path, *, read_only: bool = True) -> ox.Store:
    """Open the Oxigraph database of an existing kg store folder."""
    path = Path(path)
    if not is_store(path):
        raise errors.bad_graph_file(str(path), "not a kg store folder (no kg-store.json)")
    try:
        if read_only:
            return ox.Store.read_only(str(path / DATABASE))
        return ox.Store(str(path / DATABASE))
    except OSError as exc:
        raise errors.bad_graph_file(str(path), _reason(exc)) from None


def _reason(exc: OSError) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "lock" in text.lower():
        return "the store is in use by another kg process"
    return text[:200]


def triple_count(store: ox.Store) -> int:
    """Triples in the default graph (the corpus graph) of ``store``."""
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    return int(next(iter(store.query(q)))["n"].value)


#: Datatypes Oxigraph does not keep: its store normalises derived integer types to
#: ``xsd:integer`` (oxigraph issue #526). Exports restore the ones our mapping writes.
RESTORED_DATATYPES = {
    PREFIXES["nif"] + "beginIndex": ox.NamedNode(str(XSD.nonNegativeInteger)),
    PREFIXES["nif"] + "endIndex": ox.NamedNode(str(XSD.nonNegativeInteger)),
}
_XSD_INTEGER = str(XSD.integer)


def _restored(terms: tuple) -> tuple:
    """``(s, p, o[, g])`` with the literal datatype kg wrote put back (see above)."""
    o = terms[2]
    dt = RESTORED_DATATYPES.get(terms[1].value)
    if dt is not None and isinstance(o, ox.Literal) and o.datatype.value == _XSD_INTEGER:
        return (terms[0], terms[1], ox.Literal(o.value, datatype=dt), *terms[3:])
    return terms


def restored_triples(store: ox.Store) -> Iterator[ox.Triple]:
    """The corpus graph of ``store`` (its default graph), datatypes restored."""
    return restored_triples_of(store, ox.DefaultGraph())


def restored_triples_of(store: ox.Store, graph: object) -> Iterator[ox.Triple]:
    """The triples of one graph of ``store`` (a document's, or the default), restored."""
    for q in store.quads_for_pattern(None, None, None, graph):
        yield ox.Triple(*_restored((q.subject, q.predicate, q.object)))


def restored_quads(store: ox.Store) -> Iterator[ox.Quad]:
    """Every document graph's quads (not the default graph, which repeats them)."""
    for name in sorted(store.named_graphs(), key=lambda g: g.value):
        for q in store.quads_for_pattern(None, None, None, name):
            yield ox.Quad(*_restored((q.subject, q.predicate, q.object, q.graph_name)))


def write_store(store: ox.Store, fh: IO[bytes], fmt: str = "ttl") -> None:
    """Serialise a store: triple formats get the corpus graph, dataset formats one named
    graph per document.

    Output is deterministic (the same content gives the same bytes) and uses the kg prefixes.
    """
    if fmt not in FORMATS:
        raise errors.UsageError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    prefixes = dict(PREFIXES)
    if fmt in DATASET_FORMATS:
        ox.serialize(restored_quads(store), fh, FORMATS[fmt], prefixes=prefixes)
    else:
        ox.serialize(restored_triples(store), fh, FORMATS[fmt], prefixes=prefixes)


def export_store(path: str | Path, out: str | Path, fmt: str = "ttl") -> Path:
    """``kg export``: write the store at ``path`` to ``out`` in ``fmt``, atomically."""
    store = open_store(path)
    return atomic_write(out, lambda fh: write_store(store, fh, fmt))


# -- rdflib views ----------------------------------------------------------------------


def to_rdflib(term: object) -> URIRef | Literal | BNode:
    """The rdflib term for a pyoxigraph term.

    >>> to_rdflib(ox.Literal("3", datatype=ox.NamedNode(str(XSD.integer)))).toPython()
    3
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return (
            Literal(term.value) if dt == _XSD_STRING else Literal(term.value, datatype=URIRef(dt))
        )
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"not an RDF term: {term!r}")


def _as_rdflib(triples: Iterable) -> Iterator[tuple]:
    """pyoxigraph triples as rdflib ``(s, p, o)`` tuples."""
    for t in triples:
        yield to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)


def _triples_to_rdflib(triples: Iterable, graph: Graph | None = None) -> Graph:
    graph = Graph() if graph is None else graph
    bind_prefixes(graph)
    for triple in _as_rdflib(triples):
        graph.add(triple)
    return graph


def read_rdf(path: str | Path) -> Graph:
    """A graph file parsed by Oxigraph into an rdflib ``Graph`` (~10x faster than rdflib's
    Turtle parser; parsing, unlike storing, keeps every literal as written)."""
    with open(path, "rb") as fh:
        return _triples_to_rdflib(ox.parse(fh, ox.RdfFormat.TURTLE))


def store_to_rdflib(path: str | Path) -> Graph:
    """The union graph of a store as an rdflib ``Graph`` (for small stores: it all loads)."""
    store = open_store(path)
    return _triples_to_rdflib(restored_triples(store))


#: Predicates that :mod:`kg.analysis` and :mod:`kg.viz` read: entity and event types,
#: labels, roles, dates and evidence, but none of the per-mention NIF strings that make up
#: most of a corpus graph.
_PROJECTION_BASE = frozenset(
    URIRef(PREFIXES[prefix] + name)
    for prefix, names in {
        "rdfs": ("label",),
        "skos": ("altLabel",),
        "dcterms": ("title", "date", "source"),
        "kg": (
            "agent",
            "patient",
            "participant",
            "topic",
            "place",
            "instrument",
            "trigger",
            "evidence",
            "date",
            "document",
            "polarity",
            "modality",
            "count",
            "title",
            "nationality",
            "memberOf",
            "leaderOf",
            "locatedIn",
            "reportedBy",
            "confidence",
        ),
    }.items()
    for name in names
)
# ... and every role, relation and attribute the views draw (derived from the ontology)
PROJECTION_PREDICATES = _PROJECTION_BASE | frozenset(URIRef(p) for p in view_properties())
_NIF = PREFIXES["nif"]
_SPAN_TYPES = frozenset(URIRef(_NIF + n) for n in ("Phrase", "Sentence", "Context", "String"))
# the same, as IRI strings: the streaming build hands Oxigraph terms to the projection
_SPAN_TYPE_IRIS = frozenset(map(str, _SPAN_TYPES))
_KEPT_IRIS = frozenset(map(str, PROJECTION_PREDICATES))
_ANCHOR_IRI = _NIF + "anchorOf"
_ANCHOR_TERM = ox.NamedNode(_ANCHOR_IRI)
_RDF_TYPE_IRI = PREFIXES["rdf"] + "type"
_EVIDENCE_IRIS = frozenset(PREFIXES["kg"] + n for n in ("trigger", "evidence"))


class Projection:
    """Collects, from a stream of triples, the small graph analysis and the HTML view read.

    The triples come as Oxigraph terms (what the streaming build writes); the graph is read
    as rdflib terms, each distinct term converted once (:class:`kg.compact.CompactGraph`).
    The text of trigger and evidence spans (``nif:anchorOf``) is kept so that views can
    show the sentence behind each event; mention spans are dropped.
    """

    def __init__(self) -> None:
        # an rdflib Graph of 10k articles would take ~1 GB
        self.graph = CompactGraph(convert=to_rdflib)

    def add(self, triples: Iterable[tuple]) -> None:
        """Add one document's triples (span text is matched within the document)."""
        anchors: dict = {}
        add = self.graph.add
        kept, evidence = _KEPT_IRIS, _EVIDENCE_IRIS
        for s, p, o in triples:
            iri = p.value
            if iri == _ANCHOR_IRI:
                anchors[s] = o
            elif iri == _RDF_TYPE_IRI:
                if o.value not in _SPAN_TYPE_IRIS:
                    add((s, p, o))
            elif iri in kept:
                add((s, p, o))
                if iri in evidence and o in anchors:
                    add((o, _ANCHOR_TERM, anchors[o]))


PROJECTION_QUERY = (
    "CONSTRUCT { ?s ?p ?o } WHERE {\n"
    "  { ?s a ?o . BIND(rdf:type AS ?p)\n"
    "    FILTER(?o NOT IN (nif:Phrase, nif:Sentence, nif:Context, nif:String)) }\n"
    "  UNION { ?s ?p ?o . VALUES ?p { "
    + " ".join(f"<{p}>" for p in sorted(PROJECTION_PREDICATES))
    + " } }\n"
    "  UNION { ?e kg:trigger|kg:evidence ?s . ?s nif:anchorOf ?o . BIND(nif:anchorOf AS ?p) }\n"
    "}\n"
)


def projection_graph(store: ox.Store) -> CompactGraph:
    """What :class:`Projection` keeps, read back from a store (``--store`` builds)."""
    return CompactGraph(_as_rdflib(store.query(PROJECTION_QUERY, prefixes=_query_prefixes())))


def _query_prefixes() -> dict[str, str]:
    return dict(PREFIXES)


# -- SPARQL ------------------------------------------------------------------------------


def query_store(
    path: str | Path | ox.Store,
    sparql: str,
    *,
    allow_federation: bool = False,
    timeout: float | None = None,
    max_rows: int | None = None,
):
    """Run a read-only SPARQL query on a store with Oxigraph; a :class:`kg.query.QueryResult`.

    The default graph is the corpus graph (every document's triples, each once);
    ``GRAPH ?g`` reaches the graph of single documents. Same checks (no updates, no
    SERVICE), prefixes and limits (``timeout``, ``max_rows``) as :func:`kg.query.run_query`:
    with a timeout, the query runs in a forked worker that opens the store itself.
    """
    from kg.query import in_worker, parse_query

    # rdflib's parser reads the query as Oxigraph will (escapes and all): Oxigraph would
    # contact a SERVICE endpoint itself, and has no switch to stop it
    parse_query(sparql, allow_federation=allow_federation)
    if not isinstance(path, ox.Store):
        open_store(path)  # a missing or foreign folder is reported here, not by the worker

    def evaluate():
        store = path if isinstance(path, ox.Store) else open_store(path)
        return _query_now(store, sparql, max_rows)

    return in_worker(evaluate, timeout) if timeout else evaluate()


def _query_now(store: ox.Store, sparql: str, max_rows: int | None):
    from kg.query import QueryResult, capped, reorder_star

    try:
        result = store.query(sparql, prefixes=_query_prefixes())
        if isinstance(result, ox.QueryBoolean):
            return QueryResult("ASK", [], [], boolean=bool(result))
        if isinstance(result, ox.QueryTriples):
            g = _triples_to_rdflib(capped(result, max_rows))
            return QueryResult("CONSTRUCT", [], [], graph=g)
        variables = [v.value for v in result.variables]
        rows = [
            tuple(None if s[v] is None else to_rdflib(s[v]) for v in variables)
            for s in capped(result, max_rows)
        ]
    except SyntaxError as exc:
        raise errors.QueryError(f"malformed SPARQL: {str(exc).splitlines()[0]}") from None
    except (OSError, ValueError, RuntimeError) as exc:
        raise errors.QueryError(f"query failed: {str(exc).splitlines()[0]}") from None
    return reorder_star(QueryResult("SELECT", variables, rows), sparql)
