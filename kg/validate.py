"""SHACL validation of kg graphs against ``ontology/shapes.ttl``.

pySHACL runs with ``ontology/kg.ttl`` as its ontology graph, so ``sh:targetClass kg:Entity``
and ``sh:class kg:Place`` follow ``rdfs:subClassOf`` even in graphs (written by other tools or
older versions) that do not state every superclass type. No RDFS/OWL inference is run
(``inference="none"``): our graphs already state the superclass types, the shapes only need
the class hierarchy, and inference would multiply validation time and copy extra triples
into the data graph for no extra violation found.

One check is done here in Python rather than in ``shapes.ttl``: that every ``kg:`` class and
property the graph uses is defined in the ontology (a typo such as ``kg:instrumnt`` would
otherwise pass every shape). As SPARQL it scans every triple and doubled validation time;
over the graph's distinct predicates and classes it costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyshacl import validate as shacl_validate
from rdflib import OWL, RDF, Graph, Literal, Node, URIRef
from rdflib.namespace import SH

from kg.namespace import KG_IRI, PREFIXES, bind_prefixes
from kg.ontology import ontology_graph, shapes_graph

#: Longest literal value quoted in a violation line (document texts are long).
MAX_VALUE_CHARS = 60
#: Focus node of the whole-graph checks in ``shapes.ttl``; their offending node is sh:value.
GRAPH_FOCUS = URIRef("https://w3id.org/kg-news/shapes#graph")
#: Longest namespace first, so ``id:`` and ``kg:`` win over shorter overlapping ones.
_NAMESPACES = sorted(((iri, p) for p, iri in PREFIXES.items()), key=lambda x: -len(x[0]))


@dataclass
class ValidationReport:
    """The outcome of validating one graph: readable one-line violations, sorted.

    ``conforms`` is False only for ``sh:Violation`` results; ``sh:Warning`` results (an
    entity with no mention in the text, e.g. one known only from the dateline) are listed
    too, prefixed ``[Warning]``, but do not make the graph non-conforming.
    """

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
        line = f"[{str(severity).rsplit('#', 1)[-1]}] {line}"
    return line


_PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def _undefined_terms(graph: Graph, ontology: Graph) -> list[str]:
    """One line per ``kg:`` property or class that ``graph`` uses but the ontology lacks."""
    properties = {s for k in _PROPERTY_KINDS for s in ontology.subjects(RDF.type, k)}
    classes = set(ontology.subjects(RDF.type, OWL.Class))
    lines = []
    for p in sorted(set(graph.predicates(unique=True))):
        if p.startswith(KG_IRI) and p not in properties:
            example = next(graph.subjects(p, None))
            lines.append(
                f"{_short(graph, example)} {_short(graph, p)}: this kg: property is not "
                "defined in ontology/kg.ttl"
            )
    for c in sorted({o for o in graph.objects(None, RDF.type) if isinstance(o, URIRef)}):
        if c.startswith(KG_IRI) and c not in classes:
            example = next(graph.subjects(RDF.type, c))
            lines.append(
                f"{_short(graph, example)} rdf:type: this kg: class is not defined in "
                f"ontology/kg.ttl (value: {_short(graph, c)})"
            )
    return lines


def validate(
    graph: Graph, *, shapes: Graph | None = None, ontology: Graph | None = None
) -> ValidationReport:
    """Check ``graph`` against the SHACL shapes; the graph itself is not modified.

    ``shapes`` and ``ontology`` default to ``ontology/shapes.ttl`` and ``ontology/kg.ttl``.
    """
    ontology = ontology if ontology is not None else ontology_graph()
    conforms, results, _ = shacl_validate(
        graph,
        shacl_graph=shapes if shapes is not None else shapes_graph(),
        ont_graph=ontology,
        inference="none",
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=True,
        inplace=False,
    )
    bind_prefixes(results)
    lines = {_line(results, r) for r in results.subjects(RDF.type, SH.ValidationResult)}
    undefined = _undefined_terms(graph, ontology)
    lines.update(undefined)
    return ValidationReport(conforms=bool(conforms) and not undefined, violations=sorted(lines))
