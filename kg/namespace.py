"""The ``kg:`` vocabulary as Python terms: the one place code names ontology terms.

``tests/test_namespace.py`` proves that the terms here and the ones defined in
``ontology/kg.ttl`` are the same set, so a typo fails a test instead of writing a
property nobody can query.
"""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DefinedNamespace

#: Vocabulary namespace (classes and properties).
KG_IRI = "https://w3id.org/kg-news/ontology#"
#: Data namespace (documents, entities, events): kept apart from the vocabulary.
DATA_IRI = "https://w3id.org/kg-news/id/"

ID = Namespace(DATA_IRI)
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")


class KG(DefinedNamespace):
    """Terms of ``ontology/kg.ttl``."""

    _NS = Namespace(KG_IRI)
    _fail = True

    # entity classes
    Entity: URIRef
    Person: URIRef
    Organization: URIRef
    GovernmentBody: URIRef
    Group: URIRef
    Place: URIRef
    Country: URIRef
    City: URIRef
    Facility: URIRef
    GeopoliticalEntity: URIRef
    Document: URIRef
    RelationAssertion: URIRef
    # event classes
    Event: URIRef
    Statement: URIRef
    Attack: URIRef
    Fight: URIRef
    Killing: URIRef
    Death: URIRef
    Injury: URIRef
    Arrest: URIRef
    Charge: URIRef
    Release: URIRef
    Negotiation: URIRef
    Meeting: URIRef
    Threat: URIRef
    Accusation: URIRef
    Order: URIRef
    Evacuation: URIRef
    Surrender: URIRef
    Theft: URIRef
    Cooperation: URIRef
    Movement: URIRef
    # event roles and properties
    participant: URIRef
    agent: URIRef
    patient: URIRef
    topic: URIRef
    place: URIRef
    date: URIRef
    instrument: URIRef
    count: URIRef
    polarity: URIRef
    modality: URIRef
    reportedBy: URIRef
    confidence: URIRef
    rule: URIRef
    trigger: URIRef
    evidence: URIRef
    document: URIRef
    # entity attributes and relations
    age: URIRef
    title: URIRef
    memberOf: URIRef
    leaderOf: URIRef
    locatedIn: URIRef
    nationality: URIRef
    mention: URIRef
    # documents and relation provenance
    dateline: URIRef
    datelinePlace: URIRef
    subject: URIRef
    predicate: URIRef
    object: URIRef
    # CAMEO annotation
    cameoCode: URIRef


#: Every ``kg:`` superclass of each entity and event class, root included, most specific
#: first. :mod:`kg.rdf` writes these types too, so that plain SPARQL without a reasoner finds
#: a country with ``?x a kg:Organization`` and every event with ``?e a kg:Event``.
#: ``tests/test_namespace.py`` proves this table equals the ``rdfs:subClassOf`` closure of
#: ``ontology/kg.ttl``.
SUPERCLASSES: dict[str, tuple[str, ...]] = {
    "Entity": (),
    "Person": ("Entity",),
    "Organization": ("Entity",),
    "GovernmentBody": ("Organization", "Entity"),
    "Group": ("Entity",),
    "Place": ("Entity",),
    "GeopoliticalEntity": ("Place", "Organization", "Entity"),
    "Country": ("GeopoliticalEntity", "Place", "Organization", "Entity"),
    "City": ("GeopoliticalEntity", "Place", "Organization", "Entity"),
    "Facility": ("Place", "Entity"),
    "Event": (),
    **{
        name: ("Event",)
        for name in (
            "Statement",
            "Attack",
            "Fight",
            "Killing",
            "Death",
            "Injury",
            "Arrest",
            "Charge",
            "Release",
            "Negotiation",
            "Meeting",
            "Threat",
            "Accusation",
            "Order",
            "Evacuation",
            "Surrender",
            "Theft",
            "Cooperation",
            "Movement",
        )
    },
}

#: Entity classes (``kg:Entity`` and everything below it).
ENTITY_CLASSES: tuple[str, ...] = tuple(
    c for c, sup in SUPERCLASSES.items() if c == "Entity" or "Entity" in sup
)
#: Event classes (``kg:Event`` and everything below it).
EVENT_CLASSES: tuple[str, ...] = tuple(
    c for c, sup in SUPERCLASSES.items() if c == "Event" or "Event" in sup
)
#: Entity-to-entity relations, each stated as a triple plus a ``kg:RelationAssertion``.
RELATIONS: tuple[str, ...] = ("memberOf", "leaderOf", "locatedIn", "nationality")


def types_of(name: str) -> tuple[URIRef, ...]:
    """``kg:name`` and all its ``kg:`` superclasses, most specific first.

    >>> [t.split("#")[1] for t in types_of("Country")]
    ['Country', 'GeopoliticalEntity', 'Place', 'Organization', 'Entity']
    """
    if name not in SUPERCLASSES:
        raise KeyError(f"not a kg: entity or event class: {name!r}")
    return (KG[name], *(KG[s] for s in SUPERCLASSES[name]))


PREFIXES: dict[str, str] = {
    "kg": KG_IRI,
    "id": DATA_IRI,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "sem": str(SEM),
    "nif": str(NIF),
    "itsrdf": "http://www.w3.org/2005/11/its/rdf#",
}
"""Prefixes bound in every file we write and predeclared for every query."""


def bind_prefixes(graph: Graph) -> None:
    """Bind :data:`PREFIXES` on ``graph`` (a Graph or Dataset), replacing rdflib's defaults.

    rdflib binds e.g. ``schema:`` to ``https://schema.org/`` and ``brick:`` etc. by itself;
    overriding makes the prefixes in the files we write exactly :data:`PREFIXES`.
    """
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
