"""The ``kg:`` vocabulary as Python terms: the one place code names ontology terms.

``tests/test_namespace.py`` proves that the terms here and the ones defined in
``ontology/kg.ttl`` are the same set, so a typo fails a test instead of writing a
property nobody can query.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
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
    # CAMEO annotation
    cameoCode: URIRef


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
}
"""Prefixes bound in every file we write and predeclared for every query."""


def bind_prefixes(graph) -> None:  # noqa: ANN001 - any rdflib Graph/Dataset
    """Bind :data:`PREFIXES` on ``graph`` (replacing rdflib's defaults for these names)."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
