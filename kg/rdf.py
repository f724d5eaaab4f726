"""The RDF view of the document model, under the ``kg:`` ontology.

Design (documented for users in ``ontology/README.md``):

* Documents are ``id:doc/<doc-id>``; their text is a NIF context
  ``id:doc/<doc-id>#char=0,<n>`` and every sentence, trigger and mention is a NIF string
  ``id:doc/<doc-id>#char=<begin>,<end>`` (RFC 5147 fragment, as NIF does) with
  ``nif:beginIndex``/``nif:endIndex``/``nif:anchorOf``/``nif:referenceContext``.
* Named entities get corpus-level IRIs derived from their coarse type and canonical name
  (``id:person/oscar-perez``), so rebuilding or adding articles never renames them and the
  same actor in two articles is one node. Unnamed groups ("security forces") are
  document-scoped (``id:group/<doc-id>/security-forces``): two articles' "security forces"
  are not known to be the same.
* Events are ``id:event/<doc-id>/<n>``.

No blank nodes are written, so the Turtle of the same input is byte-identical.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from kg.model import Document, DocumentGraph, Entity, Event, Span
from kg.namespace import ID, KG, NIF, bind_prefixes

_PERSON = {"Person"}
_PLACE = {"Place", "Country", "City", "Facility", "GeopoliticalEntity"}


def slug(text: str) -> str:
    """ASCII, lower-case, hyphenated form of ``text`` for IRIs (``"Pérez's"`` -> ``perez-s``)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^0-9A-Za-z]+", "-", text).strip("-").lower()
    return text[:80] or "x"


def coarse_type(entity_type: str) -> str:
    """The IRI-level kind of an entity: person, organization or place.

    Finer classes (Country vs City, Group vs GovernmentBody) may be revised by later
    evidence; the IRI depends only on this coarse kind so it never changes with them.
    """
    if entity_type in _PERSON:
        return "person"
    if entity_type in _PLACE:
        return "place"
    return "organization"


def document_iri(doc: Document) -> URIRef:
    return ID[f"doc/{doc.id}"]


def entity_iri(doc: Document, entity: Entity) -> URIRef:
    if not entity.named:
        return ID[f"group/{doc.id}/{slug(entity.label)}"]
    return ID[f"{coarse_type(entity.type)}/{slug(entity.label)}"]


def event_iri(doc: Document, event: Event) -> URIRef:
    return ID[f"event/{doc.id}/{event.key}"]


def span_iri(doc: Document, start: int, end: int) -> URIRef:
    return URIRef(f"{document_iri(doc)}#char={start},{end}")


def date_literal(value: str) -> Literal:
    """An ISO date, year-month or year as the matching XSD literal."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return Literal(value, datatype=XSD.date)
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return Literal(value, datatype=XSD.gYearMonth)
    return Literal(value, datatype=XSD.gYear)


class _Writer:
    """Adds one document's triples to a graph."""

    def __init__(self, graph: Graph, dg: DocumentGraph) -> None:
        self.g = graph
        self.dg = dg
        self.doc = dg.document
        self.doc_iri = document_iri(self.doc)
        self.context = span_iri(self.doc, 0, len(self.doc.text))
        self.entity_iris = {e.key: entity_iri(self.doc, e) for e in dg.entities}
        self.event_iris = {e.key: event_iri(self.doc, e) for e in dg.events}

    def span(self, span: Span, cls: URIRef) -> URIRef:
        iri = span_iri(self.doc, span.start, span.end)
        g = self.g
        g.add((iri, RDF.type, cls))
        g.add((iri, NIF.beginIndex, Literal(span.start, datatype=XSD.nonNegativeInteger)))
        g.add((iri, NIF.endIndex, Literal(span.end, datatype=XSD.nonNegativeInteger)))
        g.add((iri, NIF.anchorOf, Literal(span.text)))
        g.add((iri, NIF.referenceContext, self.context))
        return iri

    def document(self) -> None:
        g, doc, iri = self.g, self.doc, self.doc_iri
        g.add((iri, RDF.type, KG.Document))
        g.add((iri, DCTERMS.source, Literal(doc.source)))
        if doc.title:
            g.add((iri, DCTERMS.title, Literal(doc.title)))
        if doc.date:
            g.add((iri, DCTERMS.date, date_literal(doc.date)))
        g.add((self.context, RDF.type, NIF.Context))
        g.add((self.context, NIF.isString, Literal(doc.text)))
        g.add((self.context, NIF.beginIndex, Literal(0, datatype=XSD.nonNegativeInteger)))
        g.add(
            (
                self.context,
                NIF.endIndex,
                Literal(len(doc.text), datatype=XSD.nonNegativeInteger),
            )
        )
        g.add((self.context, KG.document, iri))

    def entity(self, entity: Entity) -> None:
        g, iri = self.g, self.entity_iris[entity.key]
        g.add((iri, RDF.type, KG[entity.type]))
        g.add((iri, RDFS.label, Literal(entity.label)))
        for alt in entity.alt_labels:
            if alt != entity.label:
                g.add((iri, SKOS.altLabel, Literal(alt)))
        if entity.age is not None:
            g.add((iri, KG.age, Literal(entity.age, datatype=XSD.integer)))
        for title in entity.titles:
            g.add((iri, KG.title, Literal(title)))
        if entity.count is not None:
            g.add((iri, KG.count, Literal(entity.count, datatype=XSD.integer)))
        if entity.nationality and entity.nationality in self.entity_iris:
            g.add((iri, KG.nationality, self.entity_iris[entity.nationality]))
        for rel in entity.relations:
            if rel.target in self.entity_iris:
                g.add((iri, KG[rel.predicate], self.entity_iris[rel.target]))
        for m in entity.mentions:
            phrase = self.span(m.span, NIF.Phrase)
            g.add((iri, KG.mention, phrase))
            g.add((phrase, NIF.sentence, self.span(m.sentence, NIF.Sentence)))

    def event(self, event: Event) -> None:
        g, iri = self.g, self.event_iris[event.key]
        g.add((iri, RDF.type, KG[event.type]))
        g.add((iri, KG.document, self.doc_iri))
        g.add((iri, KG.trigger, self.span(event.trigger, NIF.Phrase)))
        g.add((iri, KG.evidence, self.span(event.sentence, NIF.Sentence)))
        for arg in event.arguments:
            target = (self.event_iris if arg.is_event else self.entity_iris).get(arg.target)
            if target is not None:
                g.add((iri, KG[arg.role], target))
        if event.date:
            g.add((iri, KG.date, date_literal(event.date)))
        if event.count is not None:
            g.add((iri, KG.count, Literal(event.count, datatype=XSD.integer)))
        g.add((iri, KG.polarity, Literal(event.polarity)))
        g.add((iri, KG.modality, Literal(event.modality)))
        if event.reported_by and event.reported_by in self.entity_iris:
            g.add((iri, KG.reportedBy, self.entity_iris[event.reported_by]))
        confidence = Decimal(str(round(event.confidence, 2)))
        g.add((iri, KG.confidence, Literal(confidence, datatype=XSD.decimal)))
        if event.rule:
            g.add((iri, KG.rule, Literal(event.rule)))


def add_document(graph: Graph, dg: DocumentGraph) -> Graph:
    """Add the triples of one extracted document to ``graph`` and return it."""
    w = _Writer(graph, dg)
    w.document()
    for entity in dg.entities:
        w.entity(entity)
    for event in dg.events:
        w.event(event)
    return graph


def to_rdf(doc_graphs: Iterable[DocumentGraph], *, graph: Graph | None = None) -> Graph:
    """The RDF graph of a corpus, with the ``kg:`` prefixes bound."""
    graph = Graph() if graph is None else graph
    bind_prefixes(graph)
    for dg in doc_graphs:
        add_document(graph, dg)
    return graph
