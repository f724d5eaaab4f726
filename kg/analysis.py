"""NetworkX views of the RDF graph and the analyses analysts ask for first.

Projection: every entity (``rdf:type`` below ``kg:Entity``) is a node with its label and
class. With ``events_as="edges"`` each event becomes an edge from each agent to each
patient (or topic entity), labelled with the event class; an event with only one kind of
participant links its participants to each other. With ``events_as="nodes"`` events are
nodes too, linked to their participants by role-labelled edges.
"""

from __future__ import annotations

import itertools
from collections import Counter

import networkx as nx
from rdflib import RDF, RDFS, Graph, URIRef

from kg.namespace import KG, KG_IRI

ENTITY_TYPES = {
    KG[n]
    for n in (
        "Entity",
        "Person",
        "Organization",
        "GovernmentBody",
        "Group",
        "Place",
        "Country",
        "City",
        "Facility",
        "GeopoliticalEntity",
    )
}
ROLE_PROPS = {KG.agent: "agent", KG.patient: "patient", KG.participant: "participant",
              KG.topic: "topic", KG.place: "place", KG.instrument: "instrument"}


def local_name(iri: object) -> str:
    text = str(iri)
    return text[len(KG_IRI) :] if text.startswith(KG_IRI) else text.rsplit("/", 1)[-1]


def _most_specific(types: set[URIRef]) -> str:
    order = ["Person", "GovernmentBody", "Group", "Country", "City", "Facility",
             "GeopoliticalEntity", "Organization", "Place", "Entity"]
    names = {local_name(t) for t in types}
    return next((n for n in order if n in names), "Entity")


def entities(graph: Graph) -> dict[URIRef, dict]:
    """Entity IRI -> {label, type} for every entity in ``graph``."""
    out: dict[URIRef, dict] = {}
    for s, t in graph.subject_objects(RDF.type):
        if t in ENTITY_TYPES and isinstance(s, URIRef):
            out.setdefault(s, {"types": set()})["types"].add(t)
    for s, info in out.items():
        info["label"] = str(graph.value(s, RDFS.label) or local_name(s))
        info["type"] = _most_specific(info.pop("types"))
    return out


def events(graph: Graph) -> dict[URIRef, dict]:
    """Event IRI -> {type, roles: [(role, target)], date} for every event with a trigger."""
    out: dict[URIRef, dict] = {}
    for ev in set(graph.subjects(KG.trigger, None)):
        types = [local_name(t) for t in graph.objects(ev, RDF.type)]
        roles = sorted(
            (ROLE_PROPS[p], o) for p, o in graph.predicate_objects(ev) if p in ROLE_PROPS
        )
        date = graph.value(ev, KG.date)
        out[ev] = {
            "type": sorted(types)[0] if types else "Event",
            "roles": roles,
            "date": str(date) if date is not None else None,
        }
    return out


def project(graph: Graph, *, events_as: str = "edges") -> nx.MultiDiGraph:
    """The NetworkX projection of ``graph`` (see the module docstring)."""
    g = nx.MultiDiGraph()
    ents = entities(graph)
    for iri in sorted(ents):
        g.add_node(str(iri), label=ents[iri]["label"], type=ents[iri]["type"], kind="entity")
    for ev, info in sorted(events(graph).items()):
        roles = [(r, str(t)) for r, t in info["roles"] if t in ents]
        if events_as == "nodes":
            g.add_node(str(ev), label=info["type"], type=info["type"], kind="event",
                       date=info["date"])
            for role, target in roles:
                g.add_edge(str(ev), target, key=role, label=role, event=str(ev))
            continue
        agents = [t for r, t in roles if r == "agent"]
        others = [t for r, t in roles if r in ("patient", "topic", "participant")]
        pairs = list(itertools.product(agents, others)) if agents and others else list(
            itertools.combinations(agents or others, 2)
        )
        for a, b in pairs:
            if a != b:
                g.add_edge(a, b, key=str(ev), label=info["type"], event=str(ev), date=info["date"])
    return g


def central_actors(g: nx.MultiDiGraph, *, top: int = 10) -> list[dict]:
    """Entities ranked by degree centrality, with PageRank and betweenness.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", label="A", type="Person"); g.add_node("b", label="B", type="Person")
    >>> g.add_edge("a", "b")
    0
    >>> [r["label"] for r in central_actors(g)]
    ['A', 'B']
    """
    entity_nodes = [n for n, d in g.nodes(data=True) if d.get("kind", "entity") == "entity"]
    if not entity_nodes:
        return []
    simple = nx.DiGraph(g)
    degree = nx.degree_centrality(simple) if len(simple) > 1 else {n: 0.0 for n in simple}
    try:
        pagerank = nx.pagerank(simple) if len(simple) else {}
    except (ModuleNotFoundError, nx.PowerIterationFailedConvergence):
        pagerank = {n: 0.0 for n in simple}
    k = min(len(simple), 200) if len(simple) > 500 else None
    between = nx.betweenness_centrality(simple.to_undirected(), k=k, seed=0)
    rows = [
        {
            "iri": n,
            "label": g.nodes[n].get("label", n),
            "type": g.nodes[n].get("type", ""),
            "degree": round(degree.get(n, 0.0), 4),
            "pagerank": round(pagerank.get(n, 0.0), 4),
            "betweenness": round(between.get(n, 0.0), 4),
        }
        for n in entity_nodes
    ]
    rows.sort(key=lambda r: (-r["degree"], -r["pagerank"], r["label"]))
    return rows[:top]


def summary(graph: Graph, *, top: int = 10) -> dict:
    """Counts by class and the most central actors: what ``report.md`` shows."""
    ents = entities(graph)
    evs = events(graph)
    g = project(graph)
    documents = sorted(str(d) for d in graph.subjects(RDF.type, KG.Document))
    return {
        "documents": len(documents),
        "entities": len(ents),
        "events": len(evs),
        "triples": len(graph),
        "entities_by_type": dict(sorted(Counter(e["type"] for e in ents.values()).items())),
        "events_by_type": dict(sorted(Counter(e["type"] for e in evs.values()).items())),
        "central_actors": central_actors(g, top=top),
        "components": nx.number_weakly_connected_components(g) if len(g) else 0,
    }
