"""The Python API: ``kg.build(paths)`` and the :class:`KnowledgeGraph` it returns.

The CLI is a thin layer over this module, so notebook users get the same behaviour:

>>> import kg  # doctest: +SKIP
>>> kb = kg.build(["examples/articles"])  # doctest: +SKIP
>>> kb.query("SELECT ?e WHERE { ?e a kg:Attack }")  # doctest: +SKIP
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from kg import ingest
from kg.corpus import CorpusResolver, resolve_corpus
from kg.fileio import atomic_write, atomic_write_bytes
from kg.model import DocumentGraph
from kg.nlp import DEFAULT_MODEL
from kg.parallel import batched, process
from kg.pipeline import BATCH_SIZE
from kg.rdf import to_rdf

if TYPE_CHECKING:
    from kg.store import DocumentStore

#: Documents kept in memory by :func:`build_into` for validation and the API (a sample).
SAMPLE_DOCUMENTS = 5


def _ignore(_: str) -> None:
    return None


@dataclass
class KnowledgeGraph:
    """A built graph: the RDF plus the document model it was made from."""

    graph: Graph
    documents: list[DocumentGraph] = field(default_factory=list)
    skipped: list[ingest.Skipped] = field(default_factory=list)

    def to_turtle(self, path: str | Path | None = None) -> str:
        """The graph as Turtle (deterministic); also written atomically to ``path``."""
        text = self.graph.serialize(format="turtle")
        if path is not None:
            atomic_write_bytes(path, text.encode("utf-8"))
        return text

    def query(self, sparql: str):
        """Run a SPARQL query (ontology prefixes predeclared, read-only)."""
        from kg.query import run_query

        return run_query(self.graph, sparql)

    def to_networkx(self, *, events_as: str = "edges", open_events: bool = False):
        """The entity graph as NetworkX (see :mod:`kg.analysis` for the projection); typed
        events only unless ``open_events``."""
        from kg.analysis import project

        return project(self.graph, events_as=events_as, open_events=open_events)

    def to_html(self, path: str | Path) -> Path:
        """Write the interactive, self-contained HTML graph to ``path``."""
        from kg.viz import write_html

        return write_html(self.graph, path)

    def to_pyvis(self, **network_args):
        """The graph as a ``pyvis.network.Network``: the HTML view's nodes, edges, styles and
        options (``to_pyvis(notebook=True).show("graph.html")`` in a notebook)."""
        from kg.viz import to_pyvis

        return to_pyvis(self.graph, **network_args)

    def validate(self):
        """Check the graph against ``ontology/shapes.ttl``."""
        from kg.validate import validate

        return validate(self.graph)


def build(
    paths: Iterable[str | Path],
    *,
    model: str = DEFAULT_MODEL,
    warn: Callable[[str], None] = _ignore,
    progress: Callable[[int], None] | None = None,
    jobs: int = 1,
) -> KnowledgeGraph:
    """Read the articles under ``paths``, extract entities and events, return the graph.

    Everything is kept in memory (the rdflib graph and every document's model), which is
    what a notebook wants for a few hundred articles. For a corpus, use :func:`build_into`
    (what ``kg build`` does), which streams into an Oxigraph store.
    """
    skipped: list[ingest.Skipped] = []
    documents = ingest.iter_documents(paths, warn=warn, skipped=skipped)
    graphs: list[DocumentGraph] = []
    for dg in process(documents, model=model, jobs=jobs):
        graphs.append(dg)
        if progress is not None:
            progress(1)
    graphs = resolve_corpus(graphs)  # in memory: order-independent merging
    return KnowledgeGraph(graph=to_rdf(graphs), documents=graphs, skipped=skipped)


def _spool_then_write(path: str | Path, write: Callable) -> None:
    """Stream into an unnamed temporary file, then put it in place atomically.

    The Turtle is written while articles are still being parsed; an unnamed file (Linux
    ``O_TMPFILE``, or unlinked at once elsewhere) leaves nothing behind if the process is
    killed mid-build, and the previous ``graph.ttl`` stays untouched until the end.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        spool = tempfile.TemporaryFile(dir=path.parent)  # noqa: SIM115 - closed below
    except OSError as exc:
        from kg import errors

        raise errors.cannot_write(str(path), exc.strerror or str(exc)) from None
    with spool:
        try:
            write(spool)
            spool.seek(0)
        except OSError as exc:  # a full disk or quota while spooling: exit 4, not a bug
            from kg import errors

            raise errors.cannot_write(str(path), exc.strerror or str(exc)) from None
        atomic_write(path, lambda fh: shutil.copyfileobj(spool, fh, 1 << 20))


#: ``kg build``'s NLP stage: (resolver, skipped files) -> resolved document graphs, in order.
Extract = Callable[[CorpusResolver, list[ingest.Skipped]], Iterable[DocumentGraph]]


@dataclass
class BuildResult:
    """What a streaming build did: counts, skipped files, the view graph, a sample."""

    documents: int = 0
    triples: int = 0
    projection: Graph | None = None  # what analysis and the HTML view read (kg.store)
    sample: list[DocumentGraph] = field(default_factory=list)
    skipped: list[ingest.Skipped] = field(default_factory=list)


def build_into(
    paths: Iterable[str | Path],
    turtle: str | Path | None,
    *,
    store: DocumentStore | None = None,
    model: str = DEFAULT_MODEL,
    jobs: int | None = None,
    batch_size: int = BATCH_SIZE,
    warn: Callable[[str], None] = _ignore,
    progress: Callable[[int], None] | None = None,
    sample: int = SAMPLE_DOCUMENTS,
    extract: Extract | None = None,
) -> BuildResult:
    """Stream the articles under ``paths`` to the Turtle file ``turtle``; memory stays flat.

    Documents are read lazily and parsed by ``jobs`` worker processes (default: every
    core); the main process merges entities across documents as they arrive
    (:class:`kg.corpus.CorpusResolver`, whose registry a ``store`` keeps between builds,
    so a later batch's "Doe" still joins an earlier batch's "Jane Doe"). Without a
    ``store`` each document's triples go straight to the Turtle writer (Oxigraph's, in
    input order, so the file is byte-identical for the same input). With a
    ``store`` they are added to it a batch at a time (one transaction per batch) and the
    Turtle is the whole store. Only the first ``sample`` document models are kept (for
    SHACL validation of large builds).

    ``extract`` replaces the local NLP stage: given the resolver and the list of skipped
    files, it yields the resolved document graphs in input order (``kg build --cluster``).
    """
    from kg.serialize import CorpusTriples, ox_triples, write_triples
    from kg.store import Projection, projection_graph

    result = BuildResult()
    resolver = CorpusResolver(store.load_registry() if store is not None else None)

    def local(resolver: CorpusResolver, skipped: list[ingest.Skipped]) -> Iterator[DocumentGraph]:
        documents = ingest.iter_documents(paths, warn=warn, skipped=skipped)
        for dg in process(documents, model=model, jobs=jobs, batch_size=batch_size):
            yield resolver.add(dg)

    def graphs() -> Iterator[DocumentGraph]:
        for dg in (extract or local)(resolver, result.skipped):
            if len(result.sample) < sample:
                result.sample.append(dg)
            result.documents += 1
            if progress is not None and not ingest.is_continuation(dg.document):
                progress(1)  # articles, as kg.ingest.count_articles counts them
            yield dg

    if store is None:
        corpus = CorpusTriples()
        projection = Projection()

        def triples() -> Iterator:
            for dg in graphs():
                new = corpus.triples(dg)
                projection.add(new)
                yield from ox_triples(new)

        _spool_then_write(turtle, lambda fh: write_triples(triples(), fh))
        result.triples = corpus.count
        result.projection = projection.graph
        return result
    for batch in batched(graphs(), batch_size):
        store.add(batch)
        store.save_registry(resolver.registry)
    store.flush()
    result.triples = store.triple_count()
    if turtle is not None:  # kg build --store without --out writes only the store
        store.write(turtle)
    result.projection = projection_graph(store.store)
    return result
