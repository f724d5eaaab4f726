"""The Python API: ``kg.build(paths)`` and the :class:`KnowledgeGraph` it returns.

The CLI is a thin layer over this module, so notebook users get the same behaviour:

>>> import kg  # doctest: +SKIP
>>> kb = kg.build(["examples/articles"])  # doctest: +SKIP
>>> kb.query("SELECT ?e WHERE { ?e a kg:Attack }")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from kg import ingest
from kg.fileio import atomic_write_bytes
from kg.model import DocumentGraph
from kg.nlp import DEFAULT_MODEL
from kg.pipeline import process
from kg.rdf import to_rdf


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

    def query(self, sparql: str):  # noqa: ANN201 - kg.query.QueryResult
        """Run a SPARQL query (ontology prefixes predeclared, read-only)."""
        from kg.query import run_query

        return run_query(self.graph, sparql)

    def to_networkx(self, *, events_as: str = "edges"):  # noqa: ANN201 - networkx graph
        """The entity graph as NetworkX (see :mod:`kg.analysis` for the projection)."""
        from kg.analysis import project

        return project(self.graph, events_as=events_as)

    def to_html(self, path: str | Path) -> Path:
        """Write the interactive, self-contained HTML graph to ``path``."""
        from kg.viz import write_html

        return write_html(self.graph, path)

    def validate(self):  # noqa: ANN201 - kg.validate.ValidationReport
        """Check the graph against ``ontology/shapes.ttl``."""
        from kg.validate import validate

        return validate(self.graph)


def build(
    paths: Iterable[str | Path],
    *,
    model: str = DEFAULT_MODEL,
    warn: Callable[[str], None] = _ignore,
    progress: Callable[[int], None] | None = None,
) -> KnowledgeGraph:
    """Read the articles under ``paths``, extract entities and events, return the graph."""
    skipped: list[ingest.Skipped] = []
    documents = ingest.iter_documents(paths, warn=warn, skipped=skipped)
    graphs: list[DocumentGraph] = []
    for dg in process(documents, model=model):
        graphs.append(dg)
        if progress is not None:
            progress(1)
    return KnowledgeGraph(graph=to_rdf(graphs), documents=graphs, skipped=skipped)
