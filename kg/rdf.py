"""The RDF view of the document model, under the ``kg:`` ontology (``ontology/kg.ttl``).

Design (documented for users in ``ontology/README.md``):

* Documents are ``id:doc/<doc-id>``; their text is a NIF context
  ``id:doc/<doc-id>#char=0,<n>`` and every sentence, trigger and mention is a NIF string
  ``id:doc/<doc-id>#char=<begin>,<end>`` (RFC 5147 fragment, as NIF does) with
  ``nif:beginIndex``/``nif:endIndex``/``nif:anchorOf``/``nif:referenceContext``.
* Named entities get corpus-level IRIs derived from their coarse type and canonical name
  (``id:person/oscar-perez``), so rebuilding or adding articles never renames them and the
  same actor in two articles is one node. Unnamed groups ("security forces") are
  document-scoped (``id:group/<doc-id>/security-forces``): two articles' "security forces"
  are not known to be the same. The first document that names an entity gives its one
  ``rdfs:label``; differing names from later documents become ``skos:altLabel``.
* Events are ``id:event/<doc-id>/<key>``. Every event has a ``kg:predicate`` (the lemma of
  its trigger; the trigger's text in lower case when the model gives none) and, when the
  class lexicon read them, a ``kg:sense``; an open event (model type ``"Event"``) is typed
  only ``kg:Event``.
* Every entity and event is typed with its class *and all its kg: superclasses*
  (:func:`kg.vocab.superclasses`), so plain SPARQL without a reasoner finds a country
  with ``?x a kg:Organization`` and every event with ``?e a kg:Event``.
* An entity-to-entity relation is a plain triple (``?person kg:memberOf ?group``) plus a
  ``kg:RelationAssertion`` node ``id:relation/<doc-id>/<subject-key>-<predicate>-<object-key>``
  that names the triple (``kg:subject``/``kg:relation``/``kg:object``) and carries its
  ``kg:evidence`` and ``kg:document``: RDF-star would be neater, but RDF 1.1 tools (rdflib's
  Turtle, SHACL engines) cannot read it.

Values the ontology does not know (an unknown class or role name from a misconfigured rule)
are written as ``kg:`` IRIs anyway rather than crashing the build: the SHACL shapes report
them, which is what ``kg build`` validation is for.

No blank nodes are written, so the Turtle of the same input is byte-identical.

The writer touches the graph only through ``graph.add(triple)`` and
``graph.value(entity, RDFS.label)``: :mod:`kg.serialize` streams documents through a small
stand-in that implements just those two, so keep it that way.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from kg import vocab
from kg.model import Document, DocumentGraph, Entity, Event, Relation, Span
from kg.names import coarse_type
from kg.namespace import ID, KG, KG_IRI, NIF, SUPERCLASSES, bind_prefixes, types_of

_GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]+")


def slug(text: str) -> str:
    """Lower-case, hyphenated form of ``text`` for IRIs, readable in any script.

    Latin and Greek letters lose their accents, as Latin always has (``"Pérez's"`` ->
    ``perez-s``; all-caps Greek drops them too); letters, digits and combining marks of
    other scripts are kept as they are (IRIs are Unicode), so names in Cyrillic, Arabic or
    CJK stay apart instead of all becoming one node. A name with no letter or digit at all
    gets ``x-`` and a hash of its text.

    >>> slug("Pérez's group"), slug("Ανδρέας Καλλιγάς"), slug("林海峰")
    ('perez-s-group', 'ανδρεας-καλλιγας', '林海峰')
    >>> slug("★") == slug("★") != slug("☺")
    True
    """
    return _slug(unicodedata.normalize("NFC", text))


@lru_cache(maxsize=65536)
def _slug(text: str) -> str:
    chars: list[str] = []
    for ch in text:
        if ch.isascii():
            chars.append(ch if ch.isalnum() else "-")
            continue
        latin = "".join(
            c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
        )
        if not latin:  # a mark NFC could not compose: it belongs to the letter before it
            if chars and not chars[-1].isascii():
                chars.append(ch)
        elif latin.isascii():  # "é" -> "e", "ﬁ" -> "fi", full-width "Ａ" -> "A"
            chars.extend(c if c.isalnum() else "-" for c in latin)
        elif _GREEK.fullmatch(latin):  # Greek capitals are written without accents
            chars.append(latin)
        else:
            for c in unicodedata.normalize("NFKC", ch):
                chars.append(c if unicodedata.category(c)[0] in "LNM" else "-")
    # lower() on the whole name: it knows a final sigma from a medial one
    out = re.sub(r"-+", "-", "".join(chars).lower()).strip("-")
    # lowering may decompose ("İ"): normalise again, so equal names give equal slugs
    out = unicodedata.normalize("NFC", out)[:80].strip("-")
    if out:
        return out
    digest = hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:10]
    return f"x-{digest}"


def document_iri(doc: Document) -> URIRef:
    """``id:doc/<doc-id>``: the article as a resource."""
    return ID[f"doc/{doc.id}"]


def entity_iri(doc: Document, entity: Entity) -> URIRef:
    """Corpus-level IRI of a named entity, document-scoped IRI of an unnamed group."""
    if not entity.named:
        return ID[f"group/{doc.id}/{slug(entity.label)}"]
    return ID[f"{coarse_type(entity.type)}/{slug(entity.label)}"]


def event_iri(doc: Document, event: Event) -> URIRef:
    """``id:event/<doc-id>/<key>``: events are reports, so they are scoped to a document."""
    return ID[f"event/{doc.id}/{event.key}"]


def relation_iri(doc: Document, subject: Entity, relation: Relation) -> URIRef:
    """The ``kg:RelationAssertion`` node that carries one relation's provenance."""
    return ID[f"relation/{doc.id}/{subject.key}-{slug(relation.predicate)}-{relation.target}"]


def span_iri(doc: Document, start: int, end: int) -> URIRef:
    """The NIF string of ``doc.text[start:end]`` (RFC 5147 ``#char=`` fragment)."""
    return URIRef(f"{document_iri(doc)}#char={start},{end}")


def date_literal(value: str) -> Literal:
    """An ISO date, year-month or year as the matching XSD literal.

    Anything else, including impossible dates such as ``2018-13-45``, becomes a plain
    string literal: the SHACL shapes then report a malformed ``kg:date`` instead of the
    writer crashing, mislabelling it, or rdflib logging a traceback for an ill-typed literal.

    >>> date_literal("2018-01").datatype.split("#")[1]
    'gYearMonth'
    >>> date_literal("2018-02-30").datatype is None
    True
    """
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            return Literal(value)
        return Literal(value, datatype=XSD.date)
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
        return Literal(value, datatype=XSD.gYearMonth)
    if re.fullmatch(r"\d{4}", value):
        return Literal(value, datatype=XSD.gYear)
    return Literal(value)


@lru_cache(maxsize=1024)
def _term(name: str) -> URIRef:
    """``kg:name`` even when the ontology does not define it (SHACL reports those)."""
    return URIRef(KG_IRI + name)


@lru_cache(maxsize=256)
def _types(name: str) -> tuple[URIRef, ...]:
    return types_of(name) if name in SUPERCLASSES else (_term(name),)


class _Terms:
    """A namespace whose terms are built once: rdflib makes a new ``URIRef`` per access."""

    def __init__(self, namespace: object) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term


_KG, _NIF = _Terms(KG), _Terms(NIF)


@lru_cache(maxsize=65536)
def _index(value: int) -> Literal:
    """A NIF offset literal; cached, as rdflib's ``Literal`` costs microseconds to build."""
    return Literal(value, datatype=XSD.nonNegativeInteger)


class _Writer:
    """Adds one document's triples to a graph."""

    def __init__(self, graph: Graph, dg: DocumentGraph) -> None:
        self.g = graph
        self.dg = dg
        self.doc = dg.document
        self.doc_iri = document_iri(self.doc)
        self.context = span_iri(self.doc, 0, len(self.doc.text))
        self.entity_iris = {e.key: entity_iri(self.doc, e) for e in dg.entities}
        self.dateline_placed = False  # one kg:datelinePlace per document
        self.event_iris = {e.key: event_iri(self.doc, e) for e in dg.events}
        # sentences known from mentions and events: relation evidence is anchored to them
        sentences = {(m.sentence.start, m.sentence.end) for e in dg.entities for m in e.mentions}
        sentences |= {(e.sentence.start, e.sentence.end) for e in dg.events}
        self.sentences = sorted(sentences)
        self.sentence_set = sentences
        # a sentence holds many mentions: its five triples are written once per document
        self.spans: dict[tuple[int, int, URIRef], URIRef] = {}
        self.span_prefix = f"{self.doc_iri}#char="

    def span(self, span: Span, cls: URIRef) -> URIRef:
        key = (span.start, span.end, cls)
        iri = self.spans.get(key)
        if iri is not None:
            return iri
        iri = self.spans[key] = URIRef(f"{self.span_prefix}{span.start},{span.end}")
        g = self.g
        g.add((iri, RDF.type, cls))
        g.add((iri, _NIF.beginIndex, _index(span.start)))
        g.add((iri, _NIF.endIndex, _index(span.end)))
        g.add((iri, _NIF.anchorOf, Literal(span.text)))
        g.add((iri, _NIF.referenceContext, self.context))
        return iri

    def document(self) -> None:
        g, doc, iri = self.g, self.doc, self.doc_iri
        g.add((iri, RDF.type, _KG.Document))
        g.add((iri, DCTERMS.source, Literal(doc.source)))
        if doc.title:
            g.add((iri, DCTERMS.title, Literal(doc.title)))
        if doc.date:
            g.add((iri, DCTERMS.date, date_literal(doc.date)))
        if doc.dateline:
            g.add((iri, _KG.dateline, Literal(doc.dateline)))
        g.add((self.context, RDF.type, _NIF.Context))
        g.add((self.context, _NIF.isString, Literal(doc.text)))
        g.add((self.context, _NIF.beginIndex, _index(0)))
        g.add((self.context, _NIF.endIndex, _index(len(doc.text))))
        g.add((self.context, _KG.document, iri))

    def _is_dateline_place(self, entity: Entity) -> bool:
        """Whether ``entity`` is the place the document's dateline names (the first such)."""
        dateline = self.doc.dateline
        if not dateline or not vocab.is_a(entity.type, "Place"):
            return False
        names = {entity.label.casefold(), *(a.casefold() for a in entity.alt_labels)}
        if self.dateline_placed or " ".join(dateline.split()).casefold() not in names:
            return False
        self.dateline_placed = True
        return True

    def entity(self, entity: Entity) -> None:
        g, iri = self.g, self.entity_iris[entity.key]
        for cls in _types(entity.type):
            g.add((iri, RDF.type, cls))
        label = g.value(iri, RDFS.label)  # set by an earlier document naming the same entity
        if label is None:
            label = Literal(entity.label)
            g.add((iri, RDFS.label, label))
        for alt in [entity.label, *entity.alt_labels]:
            if alt and alt != str(label):
                g.add((iri, SKOS.altLabel, Literal(alt)))
        if entity.age is not None:
            g.add((iri, _KG.age, Literal(entity.age, datatype=XSD.integer)))
        for rule in entity.rules:  # the rules that made, typed and merged it
            g.add((iri, _KG.rule, Literal(rule)))
        for title in entity.titles:
            g.add((iri, _KG.title, Literal(title)))
        if entity.count is not None:
            g.add((iri, _KG.count, Literal(entity.count, datatype=XSD.integer)))
        if entity.nationality and entity.nationality in self.entity_iris:
            g.add((iri, _KG.nationality, self.entity_iris[entity.nationality]))
        if self._is_dateline_place(entity):
            g.add((self.doc_iri, _KG.datelinePlace, iri))
        for rel in entity.relations:
            if rel.target in self.entity_iris:
                self.relation(entity, rel)
        for m in entity.mentions:
            phrase = self.span(m.span, _NIF.Phrase)
            g.add((iri, _KG.mention, phrase))
            g.add((phrase, _NIF.sentence, self.span(m.sentence, _NIF.Sentence)))

    def relation(self, entity: Entity, rel: Relation) -> None:
        """The relation triple, and the assertion node that says where it was read."""
        g = self.g
        subject, predicate = self.entity_iris[entity.key], _term(rel.predicate)
        target = self.entity_iris[rel.target]
        g.add((subject, predicate, target))
        node = relation_iri(self.doc, entity, rel)
        g.add((node, RDF.type, _KG.RelationAssertion))
        g.add((node, _KG.subject, subject))
        g.add((node, _KG.relation, predicate))
        g.add((node, _KG.object, target))
        g.add((node, _KG.document, self.doc_iri))
        if rel.evidence is not None:
            g.add((node, _KG.evidence, self.evidence(rel.evidence)))

    def evidence(self, span: Span) -> URIRef:
        """A sentence if ``span`` is one we know, else a phrase linked to its sentence."""
        key = (span.start, span.end)
        if key in self.sentence_set:
            return self.span(span, _NIF.Sentence)
        phrase = self.span(span, _NIF.Phrase)
        for start, end in self.sentences:
            if start <= span.start and span.end <= end:
                sentence = Span(start, end, self.doc.text[start:end])
                self.g.add((phrase, _NIF.sentence, self.span(sentence, _NIF.Sentence)))
                break
        return phrase

    def event(self, event: Event) -> None:
        g, iri = self.g, self.event_iris[event.key]
        for cls in _types(event.type):
            g.add((iri, RDF.type, cls))
        g.add((iri, _KG.document, self.doc_iri))
        g.add((iri, _KG.trigger, self.span(event.trigger, _NIF.Phrase)))
        g.add((iri, _KG.evidence, self.span(event.sentence, _NIF.Sentence)))
        g.add((iri, _KG.predicate, Literal(event.predicate or event.trigger.text.lower())))
        if event.sense:
            g.add((iri, _KG.sense, Literal(event.sense)))
        if event.quantity:
            g.add((iri, _KG.quantity, Literal(event.quantity)))
        for arg in event.arguments:
            target = (self.event_iris if arg.is_event else self.entity_iris).get(arg.target)
            if target is not None:
                g.add((iri, _term(arg.role), target))
        if event.date:
            g.add((iri, _KG.date, date_literal(event.date)))
        if event.count is not None:
            g.add((iri, _KG.count, Literal(event.count, datatype=XSD.integer)))
        g.add((iri, _KG.polarity, Literal(event.polarity)))
        g.add((iri, _KG.modality, Literal(event.modality)))
        if event.reported_by and event.reported_by in self.entity_iris:
            g.add((iri, _KG.reportedBy, self.entity_iris[event.reported_by]))
        confidence = Decimal(str(round(event.confidence, 2)))
        g.add((iri, _KG.confidence, Literal(confidence, datatype=XSD.decimal)))
        if event.rule:
            g.add((iri, _KG.rule, Literal(event.rule)))


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
