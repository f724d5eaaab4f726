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
from kg.namespace import DATA_IRI, KG_IRI, NIF, SUPERCLASSES, bind_prefixes, types_of

NIF_IRI = str(NIF)
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
    return URIRef(_document_iri(doc))


def entity_iri(doc: Document, entity: Entity) -> URIRef:
    """Corpus-level IRI of a named entity, document-scoped IRI of an unnamed group."""
    return URIRef(_entity_iri(doc, entity))


def event_iri(doc: Document, event: Event) -> URIRef:
    """``id:event/<doc-id>/<key>``: events are reports, so they are scoped to a document."""
    return URIRef(f"{DATA_IRI}event/{doc.id}/{event.key}")


def relation_iri(doc: Document, subject: Entity, relation: Relation) -> URIRef:
    """The ``kg:RelationAssertion`` node that carries one relation's provenance."""
    return URIRef(_relation_iri(doc, subject, relation))


def span_iri(doc: Document, start: int, end: int) -> URIRef:
    """The NIF string of ``doc.text[start:end]`` (RFC 5147 ``#char=`` fragment)."""
    return URIRef(f"{_document_iri(doc)}#char={start},{end}")


def _document_iri(doc: Document) -> str:
    return f"{DATA_IRI}doc/{doc.id}"


def _entity_iri(doc: Document, entity: Entity) -> str:
    if not entity.named:
        return f"{DATA_IRI}group/{doc.id}/{slug(entity.label)}"
    return f"{DATA_IRI}{coarse_type(entity.type)}/{slug(entity.label)}"


def _relation_iri(doc: Document, subject: Entity, relation: Relation) -> str:
    return f"{DATA_IRI}relation/{doc.id}/{subject.key}-{slug(relation.predicate)}-{relation.target}"


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
    datatype = date_datatype(value)
    return Literal(value) if datatype is None else Literal(value, datatype=URIRef(datatype))


def date_datatype(value: str) -> str | None:
    """The XSD datatype IRI of an ISO date, year-month or year; None for anything else."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            return None
        return _XSD + "date"
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
        return _XSD + "gYearMonth"
    if re.fullmatch(r"\d{4}", value):
        return _XSD + "gYear"
    return None


_NIF_TERMS = (
    *("Phrase", "Sentence", "Context", "isString", "beginIndex", "endIndex"),
    *("anchorOf", "referenceContext", "sentence"),
)
_XSD = str(XSD)
_INTEGER, _NON_NEGATIVE, _DECIMAL = (_XSD + n for n in ("integer", "nonNegativeInteger", "decimal"))
_RDF_TYPE, _RDFS_LABEL, _ALT_LABEL = str(RDF.type), str(RDFS.label), str(SKOS.altLabel)
_SOURCE, _TITLE, _DATE = (str(DCTERMS[n]) for n in ("source", "title", "date"))


@lru_cache(maxsize=256)
def _types(name: str) -> tuple[str, ...]:
    return tuple(map(str, types_of(name))) if name in SUPERCLASSES else (KG_IRI + name,)


class Terms:
    """How the mapping makes RDF terms, so that one mapping serves two term libraries.

    :func:`to_rdf` builds an rdflib ``Graph`` (:data:`RDFLIB`); the streaming build writes
    Oxigraph terms (``kg.serialize``) without making rdflib ones first, which cost
    microseconds each. Recurring terms (vocabulary IRIs, offsets) are made once.
    """

    def __init__(self, named, literal) -> None:
        self.iri = named  # str -> IRI term (not cached: data IRIs rarely repeat)
        self._literal = literal  # (lexical form, datatype IRI or None) -> literal term
        self._known: dict[str, object] = {}
        self._offsets: dict[int, object] = {}

    def v(self, iri: str):
        """A recurring IRI (a class, a property), made once."""
        term = self._known.get(iri)
        if term is None:
            term = self._known[iri] = self.iri(iri)
        return term

    def kg(self, name: str):
        """``kg:name``, made once; also a name the ontology lacks (the SHACL shapes report
        those)."""
        return self.v(KG_IRI + name)

    def literal(self, value: str, datatype: str | None = None):
        return self._literal(value, datatype)

    def offset(self, value: int):
        """A NIF offset (``xsd:nonNegativeInteger``), made once per value."""
        term = self._offsets.get(value)
        if term is None:
            if len(self._offsets) > 100_000:
                self._offsets.clear()
            term = self._offsets[value] = self._literal(str(value), _NON_NEGATIVE)
        return term


def _rdflib_literal(value: str, datatype: str | None) -> Literal:
    return Literal(value) if datatype is None else Literal(value, datatype=URIRef(datatype))


#: rdflib terms, for an rdflib ``Graph``.
RDFLIB = Terms(URIRef, _rdflib_literal)


class _Writer:
    """Adds one document's triples to a graph, with terms made by ``terms``."""

    def __init__(self, graph: Graph, dg: DocumentGraph, terms: Terms = RDFLIB) -> None:
        self.g = graph
        self.t = t = terms
        self.dg = dg
        self.doc = dg.document
        self.doc_iri = t.iri(_document_iri(self.doc))
        self.span_prefix = f"{_document_iri(self.doc)}#char="
        self.context = t.iri(f"{self.span_prefix}0,{len(self.doc.text)}")
        self.entity_iris = {e.key: t.iri(_entity_iri(self.doc, e)) for e in dg.entities}
        self.dateline_placed = False  # one kg:datelinePlace per document
        prefix = f"{DATA_IRI}event/{self.doc.id}/"
        self.event_iris = {e.key: t.iri(prefix + e.key) for e in dg.events}
        # sentences known from mentions and events: relation evidence is anchored to them
        sentences = {(m.sentence.start, m.sentence.end) for e in dg.entities for m in e.mentions}
        sentences |= {(e.sentence.start, e.sentence.end) for e in dg.events}
        self.sentences = sorted(sentences)
        self.sentence_set = sentences
        # a sentence holds many mentions: its five triples are written once per document
        self.spans: dict[tuple[int, int, str], object] = {}
        self.type = t.v(_RDF_TYPE)
        self.label = t.v(_RDFS_LABEL)
        self.nif = {n: t.v(NIF_IRI + n) for n in _NIF_TERMS}

    def span(self, span: Span, cls: str):
        key = (span.start, span.end, cls)
        iri = self.spans.get(key)
        if iri is not None:
            return iri
        t, nif, add = self.t, self.nif, self.g.add
        iri = self.spans[key] = t.iri(f"{self.span_prefix}{span.start},{span.end}")
        add((iri, self.type, nif[cls]))
        add((iri, nif["beginIndex"], t.offset(span.start)))
        add((iri, nif["endIndex"], t.offset(span.end)))
        add((iri, nif["anchorOf"], t.literal(span.text)))
        add((iri, nif["referenceContext"], self.context))
        return iri

    def document(self) -> None:
        add, t, doc, iri, nif = self.g.add, self.t, self.doc, self.doc_iri, self.nif
        add((iri, self.type, t.kg("Document")))
        add((iri, t.v(_SOURCE), t.literal(doc.source)))
        if doc.title:
            add((iri, t.v(_TITLE), t.literal(doc.title)))
        if doc.date:
            add((iri, t.v(_DATE), t.literal(doc.date, date_datatype(doc.date))))
        if doc.dateline:
            add((iri, t.kg("dateline"), t.literal(doc.dateline)))
        add((self.context, self.type, nif["Context"]))
        add((self.context, nif["isString"], t.literal(doc.text)))
        add((self.context, nif["beginIndex"], t.offset(0)))
        add((self.context, nif["endIndex"], t.offset(len(doc.text))))
        add((self.context, t.kg("document"), iri))

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
        g, t, iri = self.g, self.t, self.entity_iris[entity.key]
        add, kg = g.add, t.kg
        for cls in _types(entity.type):
            add((iri, self.type, t.v(cls)))
        label = g.value(iri, self.label)  # set by an earlier document naming the same entity
        if label is None:
            label = t.literal(entity.label)
            add((iri, self.label, label))
        label_text = _lexical(label)
        for alt in [entity.label, *entity.alt_labels]:
            if alt and alt != label_text:
                add((iri, t.v(_ALT_LABEL), t.literal(alt)))
        if entity.age is not None:
            add((iri, kg("age"), t.literal(str(entity.age), _INTEGER)))
        for rule in entity.rules:  # the rules that made, typed and merged it
            add((iri, kg("rule"), t.literal(rule)))
        for title in entity.titles:
            add((iri, kg("title"), t.literal(title)))
        if entity.count is not None:
            add((iri, kg("count"), t.literal(str(entity.count), _INTEGER)))
        if entity.nationality and entity.nationality in self.entity_iris:
            add((iri, kg("nationality"), self.entity_iris[entity.nationality]))
        if self._is_dateline_place(entity):
            add((self.doc_iri, kg("datelinePlace"), iri))
        for rel in entity.relations:
            if rel.target in self.entity_iris:
                self.relation(entity, rel)
        mention, sentence = kg("mention"), self.nif["sentence"]
        for m in entity.mentions:
            phrase = self.span(m.span, "Phrase")
            add((iri, mention, phrase))
            add((phrase, sentence, self.span(m.sentence, "Sentence")))

    def relation(self, entity: Entity, rel: Relation) -> None:
        """The relation triple, and the assertion node that says where it was read."""
        add, kg = self.g.add, self.t.kg
        subject, predicate = self.entity_iris[entity.key], kg(rel.predicate)
        target = self.entity_iris[rel.target]
        add((subject, predicate, target))
        node = self.t.iri(_relation_iri(self.doc, entity, rel))
        add((node, self.type, kg("RelationAssertion")))
        add((node, kg("subject"), subject))
        add((node, kg("relation"), predicate))
        add((node, kg("object"), target))
        add((node, kg("document"), self.doc_iri))
        if rel.evidence is not None:
            add((node, kg("evidence"), self.evidence(rel.evidence)))

    def evidence(self, span: Span):
        """A sentence if ``span`` is one we know, else a phrase linked to its sentence."""
        key = (span.start, span.end)
        if key in self.sentence_set:
            return self.span(span, "Sentence")
        phrase = self.span(span, "Phrase")
        for start, end in self.sentences:
            if start <= span.start and span.end <= end:
                sentence = Span(start, end, self.doc.text[start:end])
                self.g.add((phrase, self.nif["sentence"], self.span(sentence, "Sentence")))
                break
        return phrase

    def event(self, event: Event) -> None:
        add, t, iri = self.g.add, self.t, self.event_iris[event.key]
        kg, literal = t.kg, t.literal
        for cls in _types(event.type):
            add((iri, self.type, t.v(cls)))
        add((iri, kg("document"), self.doc_iri))
        add((iri, kg("trigger"), self.span(event.trigger, "Phrase")))
        add((iri, kg("evidence"), self.span(event.sentence, "Sentence")))
        add((iri, kg("predicate"), literal(event.predicate or event.trigger.text.lower())))
        if event.sense:
            add((iri, kg("sense"), literal(event.sense)))
        if event.quantity:
            add((iri, kg("quantity"), literal(event.quantity)))
        for arg in event.arguments:
            target = (self.event_iris if arg.is_event else self.entity_iris).get(arg.target)
            if target is not None:
                add((iri, kg(arg.role), target))
        if event.date:
            add((iri, kg("date"), literal(event.date, date_datatype(event.date))))
        if event.count is not None:
            add((iri, kg("count"), literal(str(event.count), _INTEGER)))
        add((iri, kg("polarity"), literal(event.polarity)))
        add((iri, kg("modality"), literal(event.modality)))
        if event.reported_by and event.reported_by in self.entity_iris:
            add((iri, kg("reportedBy"), self.entity_iris[event.reported_by]))
        confidence = str(Decimal(str(round(event.confidence, 2))))
        add((iri, kg("confidence"), literal(confidence, _DECIMAL)))
        if event.rule:
            add((iri, kg("rule"), literal(event.rule)))


def _lexical(term: object) -> str:
    """The lexical form of a literal of either library (rdflib's is a str, Oxigraph's not)."""
    return str(term) if isinstance(term, str) else term.value  # type: ignore[attr-defined]


def add_document(graph: Graph, dg: DocumentGraph, terms: Terms = RDFLIB) -> Graph:
    """Add the triples of one extracted document to ``graph`` and return it.

    ``graph`` is touched only through ``add(triple)`` and ``value(subject, rdfs:label)``;
    ``terms`` makes the terms (rdflib's by default).
    """
    w = _Writer(graph, dg, terms)
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
