"""The persistent store: an on-disk Oxigraph (RocksDB) dataset, one named graph per document.

``kg build --store DIR`` adds articles to ``DIR``; a later build with new articles adds to it.
Each document's triples live in the named graph of its IRI (``id:doc/<doc-id>``), so
re-adding an article *replaces* its graph instead of duplicating it, and queries see the
union of all graphs (entities named in several articles are one IRI, so they merge).

Layout of ``DIR``::

    kg-store.json   marker and format version (a folder without it is never written to)
    oxigraph/       the Oxigraph RocksDB database
    registry.json   the corpus entity registry (cross-batch entity resolution), if any

Interruption: every batch of documents is written with one ``Store.extend`` call, which
Oxigraph applies as one transaction (all of the batch or none of it). Replacing a document
first drops its old graph; if the process dies between the drop and the insert, that
document is simply missing until the next build re-adds it (builds are idempotent). The
registry is written atomically after each batch.

Reading: :func:`query_store` runs SPARQL with Oxigraph's engine (fast on millions of
triples), :func:`store_to_rdflib` loads the union into rdflib for small stores, and
:func:`projection_graph` extracts only what the network analysis and the HTML view need.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import XSD, BNode, Graph, Literal, URIRef

from kg import errors
from kg.fileio import atomic_write, atomic_write_text
from kg.model import DocumentGraph
from kg.namespace import PREFIXES, bind_prefixes
from kg.serialize import DATASET_FORMATS, FORMATS, Labels, document_quads, graph_name

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

    ``DocumentStore(None)`` is a throw-away store in a temporary folder (on disk, so a large
    build does not hold its graph in memory); ``named=False`` puts every triple in the
    default graph (the plain build: no replacement needed, and no union to compute).
    """

    def __init__(self, path: str | Path | None, *, named: bool = True) -> None:
        self._tmp: tempfile.TemporaryDirectory | None = None
        if path is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="kg-store-")
            path = self._tmp.name
        else:
            _check_new_folder(Path(path))
        self.path = Path(path)
        self.named = named
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
        q = "SELECT ?s ?l WHERE { ?s rdfs:label ?l }"
        for row in self.store.query(q, prefixes=dict(PREFIXES), use_default_graph_as_union=True):
            labels.setdefault(to_rdflib(row["s"]), to_rdflib(row["l"]))
        return labels

    # -- writing -----------------------------------------------------------------------

    def add(self, graphs: Iterable[DocumentGraph]) -> int:
        """Add (or replace) documents in one transaction; returns the quads written."""
        graphs = list(graphs)
        if self.named:
            for dg in graphs:
                name = graph_name(dg)
                if self.store.contains_named_graph(name):
                    # the labels this document gave are about to go: let it give them again
                    for q in self.store.quads_for_pattern(None, _RDFS_LABEL, None, name):
                        self.labels.pop(to_rdflib(q.subject), None)
                    self.store.remove_graph(name)
        quads = [q for dg in graphs for q in document_quads(dg, self.labels, named=self.named)]
        try:
            self.store.extend(quads)
        except OSError as exc:
            raise errors.cannot_write(str(self.path), _reason(exc)) from None
        return len(quads)

    def read_registry(self) -> dict | None:
        """The persisted corpus entity registry (``None`` before the first build)."""
        path = self.path / REGISTRY
        if not path.is_file():
            return None
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise errors.bad_graph_file(str(path), f"bad registry: {exc}") from None

    def write_registry(self, registry: dict) -> None:
        atomic_write_text(
            self.path / REGISTRY, json.dumps(registry, sort_keys=True, ensure_ascii=False) + "\n"
        )

    def flush(self) -> None:
        self.store.flush()

    def close(self) -> None:
        self.flush()
        del self.store
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> DocumentStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -----------------------------------------------------------------------

    def documents(self) -> int:
        """Number of documents in the store."""
        if self.named:
            return sum(1 for _ in self.store.named_graphs())
        q = "SELECT (COUNT(?d) AS ?n) WHERE { ?d a kg:Document }"
        return int(next(iter(self.store.query(q, prefixes=dict(PREFIXES))))["n"].value)

    def triple_count(self) -> int:
        """Distinct triples of the union graph."""
        return triple_count(self.store, named=self.named)

    def write(self, path: str | Path, fmt: str = "ttl") -> Path:
        """Write the store atomically to ``path`` (see :func:`write_store`)."""
        return atomic_write(path, lambda fh: write_store(self.store, fh, fmt, named=self.named))


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


def triple_count(store: ox.Store, *, named: bool = True) -> int:
    """Distinct triples in ``store`` (over all graphs when ``named``)."""
    if not named:
        return len(store)
    q = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
    return int(next(iter(store.query(q, use_default_graph_as_union=True)))["n"].value)


@contextmanager
def _union(store: ox.Store, *, named: bool) -> Iterator[ox.Store]:
    """A store whose default graph is the union of ``store``'s graphs (deduplicated).

    Built in a temporary on-disk store with ``bulk_extend`` so memory stays flat; its
    iteration order is a function of the content only, so dumps are deterministic.
    """
    if not named:
        yield store
        return
    with tempfile.TemporaryDirectory(prefix="kg-union-") as tmp:
        union = ox.Store(tmp)
        union.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in store)
        try:
            yield union
        finally:
            del union


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


def restored_triples(store: ox.Store, graph: object = None) -> Iterator[ox.Triple]:
    """The triples of one graph of ``store`` (default graph if ``None``), datatypes restored."""
    graph = ox.DefaultGraph() if graph is None else graph
    for q in store.quads_for_pattern(None, None, None, graph):
        yield ox.Triple(*_restored((q.subject, q.predicate, q.object)))


def restored_quads(store: ox.Store) -> Iterator[ox.Quad]:
    """Every quad of ``store`` with the datatypes kg wrote."""
    for q in store:
        yield ox.Quad(*_restored((q.subject, q.predicate, q.object, q.graph_name)))


def write_store(store: ox.Store, fh: IO[bytes], fmt: str = "ttl", *, named: bool = True) -> None:
    """Serialise a store: triple formats get the union graph, dataset formats every graph.

    Output is deterministic (the same content gives the same bytes) and uses the kg prefixes.
    """
    if fmt not in FORMATS:
        raise errors.UsageError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    prefixes = dict(PREFIXES)
    if fmt in DATASET_FORMATS and named:
        ox.serialize(restored_quads(store), fh, FORMATS[fmt], prefixes=prefixes)
        return
    with _union(store, named=named) as union:
        if fmt in DATASET_FORMATS:  # a single default graph is still a valid dataset file
            ox.serialize(restored_quads(union), fh, FORMATS[fmt], prefixes=prefixes)
        else:
            ox.serialize(restored_triples(union), fh, FORMATS[fmt], prefixes=prefixes)


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


def _triples_to_rdflib(triples: Iterable, graph: Graph | None = None) -> Graph:
    graph = Graph() if graph is None else graph
    bind_prefixes(graph)
    for t in triples:
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return graph


def read_rdf(path: str | Path) -> Graph:
    """A graph file parsed by Oxigraph into an rdflib ``Graph`` (~10x faster than rdflib's
    Turtle parser; parsing, unlike storing, keeps every literal as written)."""
    with open(path, "rb") as fh:
        return _triples_to_rdflib(ox.parse(fh, ox.RdfFormat.TURTLE))


def store_to_rdflib(path: str | Path) -> Graph:
    """The union graph of a store as an rdflib ``Graph`` (for small stores: it all loads)."""
    store = open_store(path)
    q = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    return _triples_to_rdflib(store.query(q, use_default_graph_as_union=True))


#: Predicates that :mod:`kg.analysis` and :mod:`kg.viz` read: entity and event types,
#: labels, roles, dates and evidence, but none of the per-mention NIF strings that make up
#: most of a corpus graph.
PROJECTION_PREDICATES = frozenset(
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
_NIF = PREFIXES["nif"]
_SPAN_TYPES = frozenset(URIRef(_NIF + n) for n in ("Phrase", "Sentence", "Context", "String"))
_ANCHOR = URIRef(_NIF + "anchorOf")
_RDF_TYPE = URIRef(PREFIXES["rdf"] + "type")
_EVIDENCE = frozenset(URIRef(PREFIXES["kg"] + n) for n in ("trigger", "evidence"))


class Projection:
    """Collects, from a stream of triples, the small graph analysis and the HTML view read.

    The text of trigger and evidence spans (``nif:anchorOf``) is kept so that views can
    show the sentence behind each event; mention spans are dropped.
    """

    def __init__(self) -> None:
        self.graph = Graph()
        bind_prefixes(self.graph)

    def add(self, triples: Iterable[tuple]) -> None:
        """Add one document's triples (span text is matched within the document)."""
        anchors: dict = {}
        add = self.graph.add
        for s, p, o in triples:
            if p == _ANCHOR:
                anchors[s] = o
            elif p == _RDF_TYPE:
                if o not in _SPAN_TYPES:
                    add((s, p, o))
            elif p in PROJECTION_PREDICATES:
                add((s, p, o))
                if p in _EVIDENCE and o in anchors:
                    add((o, _ANCHOR, anchors[o]))


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


def projection_graph(store: ox.Store) -> Graph:
    """What :class:`Projection` keeps, read back from a store (``--store`` builds)."""
    return _triples_to_rdflib(
        store.query(PROJECTION_QUERY, prefixes=_query_prefixes(), use_default_graph_as_union=True)
    )


def _query_prefixes() -> dict[str, str]:
    return dict(PREFIXES)


# -- SPARQL ------------------------------------------------------------------------------


def query_store(path: str | Path | ox.Store, sparql: str, *, allow_federation: bool = False):
    """Run a read-only SPARQL query on a store with Oxigraph; a :class:`kg.query.QueryResult`.

    The default graph is the union of every document's graph; ``GRAPH ?g`` reaches single
    documents. Same checks (no updates, no SERVICE) and prefixes as :func:`kg.query.run_query`.
    """
    from kg.query import QueryResult, check_read_only

    check_read_only(sparql, allow_federation=allow_federation)
    store = path if isinstance(path, ox.Store) else open_store(path)
    try:
        result = store.query(sparql, prefixes=_query_prefixes(), use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise errors.QueryError(f"malformed SPARQL: {str(exc).splitlines()[0]}") from None
    except (OSError, ValueError, RuntimeError) as exc:
        raise errors.QueryError(f"query failed: {str(exc).splitlines()[0]}") from None
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ASK", [], [], boolean=bool(result))
    if isinstance(result, ox.QueryTriples):
        g = _triples_to_rdflib(result)
        return QueryResult("CONSTRUCT", [], [], graph=g)
    variables = [v.value for v in result.variables]
    rows = [tuple(None if s[v] is None else to_rdflib(s[v]) for v in variables) for s in result]
    return QueryResult("SELECT", variables, rows)


def remove_tree(path: str | Path) -> None:
    """Delete a store folder (tests and benchmarks)."""
    shutil.rmtree(path, ignore_errors=True)
