"""The ``kg:`` vocabulary as rdflib terms: the one place code names ontology terms.

The terms are not typed out here: :class:`KG` accepts exactly the names ``ontology/kg.ttl``
declares (through :mod:`kg.vocab`), so a typo such as ``KG.Atack`` raises instead of writing
a property nobody can query, and a class added to kg.ttl needs no edit here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from kg import vocab
from kg.vocab import KG_IRI

#: Data namespace (documents, entities, events): kept apart from the vocabulary.
DATA_IRI = "https://w3id.org/kg-news/id/"

ID = Namespace(DATA_IRI)
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")


class _OntologyTerms:
    """The local names ``ontology/kg.ttl`` declares, looked up when first needed.

    rdflib's :class:`DefinedNamespace` accepts a name that is in ``_extras``; this stand-in
    list asks :func:`kg.vocab.terms` instead, so the terms are not typed out a second time
    and importing this module does not parse the ontology.
    """

    def __contains__(self, name: object) -> bool:
        return name in vocab.terms()

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(vocab.terms()))


class KG(DefinedNamespace):
    """Terms of ``ontology/kg.ttl``: ``KG.Attack``; an undefined name raises AttributeError."""

    _NS = Namespace(KG_IRI)
    _fail = True
    _extras = _OntologyTerms()  # type: ignore[assignment]


class _Superclasses(Mapping[str, tuple[str, ...]]):
    """Entity or event class -> its ``kg:`` superclasses, most specific first (lazily)."""

    def __getitem__(self, name: str) -> tuple[str, ...]:
        if name not in vocab.entity_classes() and name not in vocab.event_classes():
            raise KeyError(name)
        return vocab.superclasses(name)

    def __iter__(self) -> Iterator[str]:
        return iter((*vocab.entity_classes(), *vocab.event_classes()))

    def __len__(self) -> int:
        return len(vocab.entity_classes()) + len(vocab.event_classes())


#: Every ``kg:`` superclass of each entity and event class, root excluded, most specific
#: first: :func:`kg.vocab.superclasses` as a mapping. :mod:`kg.rdf` writes these types too,
#: so that plain SPARQL without a reasoner finds a country with ``?x a kg:Organization`` and
#: every event with ``?e a kg:Event``.
SUPERCLASSES: Mapping[str, tuple[str, ...]] = _Superclasses()


def __getattr__(name: str) -> tuple[str, ...]:
    """``ENTITY_CLASSES`` and ``EVENT_CLASSES``, read from the ontology on first use."""
    if name == "ENTITY_CLASSES":
        return vocab.entity_classes()
    if name == "EVENT_CLASSES":
        return vocab.event_classes()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Entity-to-entity relations, each stated as a triple plus a ``kg:RelationAssertion``.
RELATIONS: tuple[str, ...] = ("memberOf", "leaderOf", "locatedIn", "nationality")


def types_of(name: str) -> tuple[URIRef, ...]:
    """``kg:name`` and all its ``kg:`` superclasses, most specific first.

    >>> [t.split("#")[1] for t in types_of("Country")]
    ['Country', 'GeopoliticalEntity', 'Organization', 'Place', 'Entity']
    """
    if name not in SUPERCLASSES:
        raise KeyError(f"not a kg: entity or event class: {name!r}")
    return (KG[name], *(KG[s] for s in vocab.superclasses(name)))


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
