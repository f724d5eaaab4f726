"""The ontology's taxonomy as plain Python: classes, roles and class flags, read from kg.ttl.

``ontology/kg.ttl`` is the one source of truth for which entity and event classes exist,
how they nest, which properties are event roles and which classes carry an extraction flag
(``kg:symmetricParticipants``, ``kg:countsAffected``, ``kg:humanPatient``). Everything that
needs such a list (:mod:`kg.model`, :mod:`kg.namespace`, :mod:`kg.rdf`, :mod:`kg.analysis`,
the event extractor, the views) asks this module, so adding a class is an edit of kg.ttl
(and of the class lexicon ``kg/data/triggers.tsv``), nothing else.

The module imports neither spaCy nor rdflib: the ontology is parsed (with rdflib, through
:mod:`kg.ontology`) on the first call and the answers are cached for the process. Names are
local names in the ``kg:`` namespace (``"Attack"``, ``"agent"``). Orders are deterministic:
classes come root first, then by depth (a class after all its superclasses), then by name.

>>> entity_classes()[0], event_classes()[0]
('Entity', 'Event')
>>> superclasses("Country")
('GeopoliticalEntity', 'Organization', 'Place', 'Entity')
>>> is_a("City", "Organization"), is_a("Person", "Place")
(True, False)
>>> "Meeting" in flagged("symmetricParticipants")
True
>>> cameo("Attack"), cameo("Death")
('18', None)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from kg.errors import KgError

#: Vocabulary namespace of the ontology (``kg:``).
KG_IRI = "https://w3id.org/kg-news/ontology#"
#: The roots of the two taxonomies.
ENTITY_ROOT = "Entity"
EVENT_ROOT = "Event"
#: The root of the role properties: every participant role is a subproperty of it.
PARTICIPANT_ROLE = "participant"

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
_TERM_TYPES = ("Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty")


class VocabularyError(KgError, ValueError):
    """The ontology's taxonomy is malformed (a subclass cycle) or a name is not in it."""

    exit_code = 3  # bad input: a patched ontology ($KG_ONTOLOGY_DIR) or lexicon


@dataclass(frozen=True, slots=True)
class _Taxonomy:
    terms: frozenset[str]  # every kg: class and property the ontology declares
    parents: dict[str, tuple[str, ...]]  # kg: class -> its direct kg: superclasses
    property_parents: dict[str, tuple[str, ...]]
    annotations: frozenset[str]  # declared annotation properties
    flags: dict[str, dict[str, bool]]  # annotation -> term -> stated boolean value
    codes: dict[str, str]  # class -> kg:cameoCode
    labels: dict[str, str]  # term -> English rdfs:label


def _local(term: object) -> str | None:
    text = str(term)
    return text[len(KG_IRI) :] if text.startswith(KG_IRI) else None


@functools.lru_cache(maxsize=1)
def _taxonomy() -> _Taxonomy:
    from rdflib import Literal, URIRef

    from kg.ontology import ontology_graph

    graph = ontology_graph()
    rdf_type, sub_class = URIRef(_RDF + "type"), URIRef(_RDFS + "subClassOf")
    sub_property, label = URIRef(_RDFS + "subPropertyOf"), URIRef(_RDFS + "label")
    kinds = {k: URIRef(_OWL + k) for k in _TERM_TYPES}
    declared = {
        k: {n for s in graph.subjects(rdf_type, t) if (n := _local(s))} for k, t in kinds.items()
    }
    terms = frozenset().union(*declared.values())

    def direct(names: set[str], prop: URIRef) -> dict[str, tuple[str, ...]]:
        return {
            n: tuple(
                sorted({p for o in graph.objects(URIRef(KG_IRI + n), prop) if (p := _local(o))})
            )
            for n in names
        }

    flags: dict[str, dict[str, bool]] = {}
    codes: dict[str, str] = {}
    labels: dict[str, str] = {}
    for name in declared["AnnotationProperty"]:
        for s, o in graph.subject_objects(URIRef(KG_IRI + name)):
            term = _local(s)
            if term is None or not isinstance(o, Literal):
                continue
            if name == "cameoCode":
                codes[term] = str(o)
            elif isinstance(o.toPython(), bool):
                flags.setdefault(name, {})[term] = o.toPython()
    for s, o in graph.subject_objects(label):
        term = _local(s)
        if term is not None and isinstance(o, Literal) and o.language in (None, "en"):
            labels.setdefault(term, str(o))
    properties = declared["ObjectProperty"] | declared["DatatypeProperty"]
    return _Taxonomy(
        terms=terms,
        parents=direct(declared["Class"], sub_class),
        property_parents=direct(properties, sub_property),
        annotations=frozenset(declared["AnnotationProperty"]),
        flags=flags,
        codes=codes,
        labels=labels,
    )


def reload() -> None:
    """Forget the cached ontology (after ``$KG_ONTOLOGY_DIR`` changed, e.g. in a test)."""
    from kg import ontology

    ontology.ontology_dir.cache_clear()
    for fn in (_taxonomy, _ancestors, _depths, _descendants, flagged, roles):
        fn.cache_clear()


@functools.lru_cache(maxsize=1)
def _ancestors() -> dict[str, tuple[str, ...]]:
    """Class -> every kg: superclass, nearest first (longest path, then name)."""
    parents = _taxonomy().parents
    out: dict[str, tuple[str, ...]] = {}

    def walk(name: str, path: tuple[str, ...]) -> dict[str, int]:
        # distance of each ancestor along the longest chain (so a class precedes its own
        # superclasses in the answer even when the hierarchy is a lattice)
        if name in path:
            raise VocabularyError(f"rdfs:subClassOf cycle in the ontology: {' < '.join(path)}")
        dist: dict[str, int] = {}
        for p in parents.get(name, ()):
            dist[p] = max(dist.get(p, 0), 1)
            for a, d in walk(p, (*path, name)).items():
                dist[a] = max(dist.get(a, 0), d + 1)
        return dist

    for name in parents:
        dist = walk(name, ())
        out[name] = tuple(sorted(dist, key=lambda a: (dist[a], a)))
    return out


@functools.lru_cache(maxsize=1)
def _depths() -> dict[str, int]:
    parents, memo = _taxonomy().parents, {}

    def depth(name: str) -> int:
        if name not in memo:
            memo[name] = 1 + max((depth(p) for p in parents.get(name, ())), default=-1)
        return memo[name]

    _ancestors()  # raises on a cycle before depth() could recurse forever
    return {n: depth(n) for n in parents}


@functools.lru_cache(maxsize=64)
def _descendants(root: str) -> tuple[str, ...]:
    anc, depths = _ancestors(), _depths()
    if root not in anc:
        raise VocabularyError(f"not a kg: class in the ontology: {root!r}")
    found = [n for n, sup in anc.items() if n == root or root in sup]
    return tuple(sorted(found, key=lambda n: (n != root, depths[n], n)))


def entity_classes() -> tuple[str, ...]:
    """``kg:Entity`` and every class below it, root first.

    >>> entity_classes()[:1], "Weapon" in entity_classes(), "Attack" in entity_classes()
    (('Entity',), True, False)
    """
    return _descendants(ENTITY_ROOT)


def event_classes() -> tuple[str, ...]:
    """``kg:Event`` and every class below it, root first.

    >>> "Bombing" in event_classes(), "Person" in event_classes()
    (True, False)
    """
    return _descendants(EVENT_ROOT)


def place_classes() -> tuple[str, ...]:
    """``kg:Place`` and its subclasses (countries and cities are places and actors).

    >>> place_classes()
    ('Place', 'Facility', 'GeopoliticalEntity', 'City', 'Country')
    """
    return _descendants("Place")


def subclasses(name: str) -> tuple[str, ...]:
    """``name`` and every class below it, ``name`` first.

    >>> subclasses("GeopoliticalEntity")
    ('GeopoliticalEntity', 'City', 'Country')
    """
    return _descendants(name)


def superclasses(name: str) -> tuple[str, ...]:
    """Every ``kg:`` superclass of ``name``, nearest first; ``()`` for a root.

    >>> superclasses("Bombing"), superclasses("Entity")
    (('Attack', 'Event'), ())
    """
    try:
        return _ancestors()[name]
    except KeyError:
        raise VocabularyError(f"not a kg: class in the ontology: {name!r}") from None


def is_a(name: str, ancestor: str) -> bool:
    """Whether class ``name`` is ``ancestor`` or below it (False for unknown names).

    >>> is_a("Arson", "Attack"), is_a("Attack", "Attack"), is_a("Nonsense", "Event")
    (True, True, False)
    """
    return name == ancestor or ancestor in _ancestors().get(name, ())


def is_class(name: str) -> bool:
    """Whether ``name`` is a class of the ontology.

    >>> is_class("Kidnapping"), is_class("kidnapping")
    (True, False)
    """
    return name in _taxonomy().parents


def terms() -> frozenset[str]:
    """Local names of every ``kg:`` class and property the ontology declares.

    >>> {"Event", "agent", "cameoCode", "predicate"} <= terms()
    True
    """
    return _taxonomy().terms


@functools.lru_cache(maxsize=64)
def flagged(annotation: str) -> frozenset[str]:
    """Classes (or properties) whose boolean annotation ``kg:<annotation>`` is true.

    A class without its own value inherits it from its superclasses (true if any of them is
    flagged), so a new subclass of kg:Killing counts its victims without saying so again;
    a subclass can opt out by stating ``false``. An annotation the ontology does not
    declare is a :class:`VocabularyError` (a typo, not an empty set).

    >>> sorted(flagged("symmetricParticipants") & {"Meeting", "Attack"})
    ['Meeting']
    >>> flagged("countAffected")
    Traceback (most recent call last):
    ...
    kg.vocab.VocabularyError: kg:countAffected is not an annotation property of the ontology
    """
    tax = _taxonomy()
    if annotation not in tax.annotations:
        raise VocabularyError(f"kg:{annotation} is not an annotation property of the ontology")
    stated = tax.flags.get(annotation, {})
    out = {t for t, v in stated.items() if v and t not in tax.parents}  # flagged properties
    for name, sup in _ancestors().items():
        for cls in (name, *sup):  # nearest statement wins
            if cls in stated:
                if stated[cls]:
                    out.add(name)
                break
    return frozenset(out)


@functools.lru_cache(maxsize=1)
def roles() -> tuple[str, ...]:
    """The event role properties (``kg:eventRole true``): kg:participant and its
    subproperties first, then the others (topic, place, instrument...), each by name.

    >>> roles()[0], {"agent", "patient", "recipient", "topic", "place"} <= set(roles())
    ('participant', True)
    """
    tax = _taxonomy()
    found = flagged("eventRole") - tax.parents.keys()

    def family(name: str, seen: tuple[str, ...] = ()) -> bool:
        if name == PARTICIPANT_ROLE:
            return True
        return any(
            family(p, (*seen, name)) for p in tax.property_parents.get(name, ()) if p not in seen
        )

    return tuple(sorted(found, key=lambda r: (not family(r), r != PARTICIPANT_ROLE, r)))


def cameo(name: str) -> str | None:
    """The CAMEO root code (``kg:cameoCode``) of an event class, ``None`` if it has none.

    >>> cameo("Statement"), cameo("Evacuation")
    ('01', None)
    """
    if not is_class(name):
        raise VocabularyError(f"not a kg: class in the ontology: {name!r}")
    return _taxonomy().codes.get(name)


def label(name: str) -> str:
    """The English ``rdfs:label`` of a term, or the name itself.

    >>> label("GeopoliticalEntity")
    'geopolitical entity'
    """
    return _taxonomy().labels.get(name, name)


def tree(root: str) -> list[str]:
    """The class tree below ``root`` as indented lines (a class under each superclass).

    >>> tree("GeopoliticalEntity")
    ['kg:GeopoliticalEntity', '  kg:City', '  kg:Country']
    """
    parents = _taxonomy().parents
    lines: list[str] = []

    def walk(name: str, depth: int) -> None:
        lines.append("  " * depth + f"kg:{name}")
        for child in sorted(c for c, ps in parents.items() if name in ps):
            walk(child, depth + 1)

    walk(root, 0)
    return lines


if __name__ == "__main__":  # python -m kg.vocab: the taxonomy and the flags, from kg.ttl
    for root in (ENTITY_ROOT, EVENT_ROOT):
        print("\n".join(tree(root)))
    print("roles:", " ".join(roles()))
    for flag in sorted(_taxonomy().flags):
        print(f"{flag}:", " ".join(sorted(flagged(flag))))
