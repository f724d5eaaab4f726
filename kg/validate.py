"""SHACL validation of kg graphs against ``ontology/shapes.ttl``.

pySHACL runs with ``ontology/kg.ttl`` as its ontology graph, so ``sh:targetClass kg:Entity``
and ``sh:class kg:Place`` follow ``rdfs:subClassOf`` even in graphs (written by other tools or
older versions) that do not state every superclass type. No RDFS/OWL inference is run
(``inference="none"``): our graphs already state the superclass types, the shapes only need
the class hierarchy, and inference would multiply validation time and copy extra triples
into the data graph for no extra violation found.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyshacl import validate as shacl_validate
from rdflib import RDF, Graph, Literal, Node, URIRef
from rdflib.namespace import SH

from kg.namespace import PREFIXES, bind_prefixes
from kg.ontology import ontology_graph, shapes_graph

#: Longest literal value quoted in a violation line (document texts are long).
MAX_VALUE_CHARS = 60
#: Focus node of the whole-graph checks in ``shapes.ttl``; their offending node is sh:value.
GRAPH_FOCUS = URIRef("https://w3id.org/kg-news/shapes#graph")
#: Longest namespace first, so ``id:`` and ``kg:`` win over shorter overlapping ones.
_NAMESPACES = sorted(((iri, p) for p, iri in PREFIXES.items()), key=lambda x: -len(x[0]))


@dataclass
class ValidationReport:
    """The outcome of validating one graph: readable one-line violations, sorted."""

    conforms: bool
    violations: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        """Number of violations (every severity)."""
        return len(self.violations)


def _short(graph: Graph, node: Node | None) -> str:
    """A node as a reader wants it in one line: a prefixed name or a clipped literal."""
    if node is None:
        return ""
    if isinstance(node, Literal):
        text = str(node).replace("\n", " ")
        if len(text) > MAX_VALUE_CHARS:
            text = text[: MAX_VALUE_CHARS - 1] + "…"
        return f'"{text}"' + (f"^^{_short(graph, node.datatype)}" if node.datatype else "")
    if isinstance(node, URIRef):
        # prefix:rest even where Turtle would not allow it (id:event/doc/v1): for reading
        for iri, prefix in _NAMESPACES:
            if node.startswith(iri) and len(node) > len(iri):
                return f"{prefix}:{node[len(iri) :]}"
        return f"<{node}>"
    return "[]"  # a blank-node path or value: described by the message instead


def _path(results: Graph, path: Node | None) -> str:
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return _short(results, path)
    alternatives = results.value(path, SH.alternativePath)
    if alternatives is not None:
        items = results.collection(alternatives)
        return "(" + "|".join(_short(results, p) for p in items) + ")"
    return "[path]"


def _line(results: Graph, result: Node) -> str:
    """``<focus> <path>: <message> (value: <value>)``, one line per result."""
    focus = results.value(result, SH.focusNode)
    value = results.value(result, SH.value)
    if focus == GRAPH_FOCUS and value is not None:  # whole-graph check: value is the culprit
        focus, value = value, None
    path = _path(results, results.value(result, SH.resultPath))
    message = str(results.value(result, SH.resultMessage) or "constraint violated")
    severity = results.value(result, SH.resultSeverity)
    line = " ".join(p for p in (_short(results, focus), path) if p) + f": {message}"
    if value is not None and value != focus:
        line += f" (value: {_short(results, value)})"
    if severity is not None and severity != SH.Violation:
        line = f"[{_short(results, severity).split(':')[-1]}] {line}"
    return line


def validate(
    graph: Graph, *, shapes: Graph | None = None, ontology: Graph | None = None
) -> ValidationReport:
    """Check ``graph`` against the SHACL shapes; the graph itself is not modified.

    ``shapes`` and ``ontology`` default to ``ontology/shapes.ttl`` and ``ontology/kg.ttl``.
    """
    conforms, results, _ = shacl_validate(
        graph,
        shacl_graph=shapes if shapes is not None else shapes_graph(),
        ont_graph=ontology if ontology is not None else ontology_graph(),
        inference="none",
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=False,
        inplace=False,
    )
    bind_prefixes(results)
    lines = sorted({_line(results, r) for r in results.subjects(RDF.type, SH.ValidationResult)})
    return ValidationReport(conforms=bool(conforms), violations=lines)
