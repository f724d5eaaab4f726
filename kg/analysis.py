"""NetworkX views of the RDF graph and the analyses analysts ask for first.

Projection (:func:`project`), documented for users in ``docs/analysis.md``:

* Every entity (a subject typed with a ``kg:`` entity class) is a node, keyed by its IRI,
  with ``label`` (``rdfs:label``), ``type`` (its most specific class) and ``kind="entity"``.
  Literals, documents, mentions and sentences are not nodes.
* ``events_as="edges"`` (default): each event becomes directed edges from each ``kg:agent``
  to each ``kg:patient``, ``kg:recipient``, ``kg:topic`` (entity) or ``kg:participant``; an
  event with only one kind of participant (two sides of a meeting) links them pairwise. The
  edge key is the event IRI, so two events between the same actors are two parallel edges;
  attributes are ``label`` (the event class), ``event``, ``date``. ``kg:place`` and
  ``kg:instrument`` do not make edges (a place is where, not whom), and an event with one
  participant makes none.
* ``events_as="nodes"``: events are nodes too (``kind="event"``, ``type`` = class, ``date``)
  linked to every participant, place and instrument by an edge labelled with the role. This
  keeps one-participant events and places, at the price of paths twice as long.

Open events (typed only ``kg:Event``: every predicate of the open event layer) are left out
of every analysis unless ``open_events=True`` (``kg analyze --open-events``): by default the
analyses are about the typed events and their actors, which is what analysts follow.

Centrality (degree, PageRank, betweenness) is computed on the entity graph collapsed to a
simple undirected graph (parallel events add weight); betweenness is sampled with
``k=100`` nodes (fixed seed) above 500 nodes, since exact betweenness is cubic. Communities
are Louvain (``networkx.community.louvain_communities``, seed 0: deterministic).
"""

from __future__ import annotations

import functools
import itertools
from collections import Counter
from collections.abc import Iterable

import networkx as nx
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS, SKOS
from rdflib.term import BNode, Variable

from kg import errors, vocab
from kg.namespace import KG, KG_IRI, NIF


@functools.lru_cache(maxsize=1)
def _entity_order() -> tuple[str, ...]:
    """Entity classes, most specific first (the order decides a node's ``type``)."""
    classes = vocab.entity_classes()
    return tuple(sorted(classes, key=lambda c: (-len(vocab.superclasses(c)), classes.index(c))))


@functools.lru_cache(maxsize=1)
def _role_props() -> dict[URIRef, str]:
    """Role property -> role name, for every event role of the ontology."""
    return {KG[r]: r for r in vocab.roles()}


#: Roles that make an edge from the agent in the ``events_as="edges"`` projection.
LINK_ROLES = ("patient", "recipient", "topic", "participant")
#: Betweenness is computed for the ranked actors only, on their connected components (a
#: node's betweenness depends on its component alone): exactly up to this many nodes, above
#: from a sample of source nodes, at most ``BETWEENNESS_K`` and as many as visit about
#: ``BETWEENNESS_BUDGET`` nodes and edges (networkx's search from one source costs the whole
#: graph; 100 sources over the 1,000-article graph took 6 s of a build), at least
#: ``BETWEENNESS_MIN_K``.
EXACT_BETWEENNESS_MAX = 500
BETWEENNESS_K = 100
BETWEENNESS_MIN_K = 20
BETWEENNESS_BUDGET = 1_000_000


def term_order(item: object) -> tuple[int, str]:
    """A sort key that orders rdflib terms as rdflib does (by kind, then by text).

    rdflib compares terms in Python code; sorting tens of thousands of IRIs by this key is
    several times faster and gives the same order.

    >>> sorted([URIRef("urn:b"), BNode("a"), URIRef("urn:a")], key=term_order)
    [rdflib.term.BNode('a'), rdflib.term.URIRef('urn:a'), rdflib.term.URIRef('urn:b')]
    """
    return (_TERM_ORDER.get(type(item), 0), str(item))


#: rdflib's own ranks of the kinds of node (``rdflib.term._ORDERING``); Literals are no keys here.
_TERM_ORDER: dict[type, int] = {BNode: 10, Variable: 20, URIRef: 30}


def local_name(iri: object) -> str:
    """The part of an IRI after the ``kg:`` namespace or the last slash.

    >>> local_name(KG.Attack), local_name(URIRef("https://w3id.org/kg-news/id/person/ann"))
    ('Attack', 'ann')
    """
    text = str(iri)
    return text[len(KG_IRI) :] if text.startswith(KG_IRI) else text.rsplit("/", 1)[-1]


def _most_specific(types: Iterable[URIRef]) -> str:
    names = {local_name(t) for t in types}
    return next((n for n in _entity_order() if n in names), "Entity")


def _most_specific_event(types: list[str]) -> str:
    """The event class with the most superclasses among ``types`` ("Bombing", not "Attack").

    >>> _most_specific_event(["Event", "Attack", "Bombing"]), _most_specific_event(["Event"])
    ('Bombing', 'Event')
    """
    known = sorted(t for t in set(types) if vocab.is_a(t, "Event"))
    if not known:
        return sorted(types)[0] if types else "Event"
    return max(known, key=lambda t: len(vocab.superclasses(t)))


def entities(graph: Graph) -> dict[URIRef, dict]:
    """Entity IRI -> ``{label, type}`` for every entity in ``graph``."""
    types: dict[URIRef, set] = {}
    for t in (KG[n] for n in _entity_order()):
        for s in graph.subjects(RDF.type, t):
            if isinstance(s, URIRef):
                types.setdefault(s, set()).add(t)
    return {
        s: {"label": str(graph.value(s, RDFS.label) or local_name(s)), "type": _most_specific(ts)}
        for s, ts in types.items()
    }


def events(graph: Graph, *, open_events: bool = False) -> dict[URIRef, dict]:
    """Event IRI -> ``{type, roles: [(role, target)], date}`` for every event with a trigger.

    Open events (of no class below kg:Event) are included only with ``open_events``.

    Read predicate by predicate (one pass over each index) rather than event by event:
    on 30,000 events this is several times faster with rdflib's memory store.
    """
    out: dict[URIRef, dict] = {
        ev: {"types": [], "roles": [], "date": None} for ev in graph.subjects(KG.trigger, None)
    }
    for s, t in graph.subject_objects(RDF.type):
        if s in out:
            out[s]["types"].append(local_name(t))
    for prop, role in _role_props().items():
        for s, o in graph.subject_objects(prop):
            if s in out:
                out[s]["roles"].append((role, o))
    for s, d in graph.subject_objects(KG.date):
        if s in out:
            out[s]["date"] = str(d)
    for info in out.values():
        info["type"] = _most_specific_event(info.pop("types"))
        info["roles"].sort()
    if not open_events:
        out = {ev: info for ev, info in out.items() if info["type"] != "Event"}
    return out


def open_event_count(graph: Graph) -> int:
    """How many events are open (typed only kg:Event): shown on demand, counted always.

    One pass over the type index (asking each event for its types is a scan per event).
    """
    triggered = set(graph.subjects(KG.trigger, None))
    typed = {
        s
        for s, t in graph.subject_objects(RDF.type)
        if s in triggered and _is_event_class(local_name(t))
    }
    return len(triggered - typed)


@functools.lru_cache(maxsize=512)
def _is_event_class(name: str) -> bool:
    """A class below kg:Event (not kg:Event itself)."""
    return name != "Event" and vocab.is_a(name, "Event")


def project(
    graph: Graph, *, events_as: str = "edges", open_events: bool = False
) -> nx.MultiDiGraph:
    """The NetworkX projection of ``graph`` (see the module docstring)."""
    evs = events(graph, open_events=open_events)
    return project_from(entities(graph), evs, events_as=events_as)


def project_from(ents: dict, evs: dict, *, events_as: str = "edges") -> nx.MultiDiGraph:
    """:func:`project` from already-read :func:`entities` and :func:`events` (read once)."""
    if events_as not in ("edges", "nodes"):
        raise errors.UsageError(f"events_as must be 'edges' or 'nodes', not {events_as!r}")
    g = nx.MultiDiGraph()
    g.add_nodes_from(
        (str(iri), {"label": info["label"], "type": info["type"], "kind": "entity"})
        for iri, info in sorted(ents.items(), key=lambda item: term_order(item[0]))
    )
    edges = []
    event_nodes = []
    for ev, info in sorted(evs.items(), key=lambda item: term_order(item[0])):
        roles = [(r, str(t)) for r, t in info["roles"] if t in ents]
        if events_as == "nodes":
            event_nodes.append(
                (
                    str(ev),
                    {
                        "label": info["type"],
                        "type": info["type"],
                        "kind": "event",
                        "date": info["date"],
                    },
                )
            )
            edges += [(str(ev), t, r, {"label": r, "event": str(ev)}) for r, t in roles]
            continue
        agents = [t for r, t in roles if r == "agent"]
        others = [t for r, t in roles if r in LINK_ROLES]
        if agents and others:
            pairs = itertools.product(agents, others)
        else:
            pairs = itertools.combinations(agents or others, 2)
        data = {"label": info["type"], "event": str(ev), "date": info["date"]}
        edges += [(a, b, str(ev), dict(data)) for a, b in pairs if a != b]
    g.add_nodes_from(event_nodes)
    g.add_edges_from(edges)  # in bulk: one pass
    return g


def entity_graph(g: nx.MultiDiGraph) -> nx.Graph:
    """Entities only, as a simple undirected graph; ``weight`` counts the events of a pair.

    With events as nodes, two entities sharing an event are linked through it.

    >>> m = nx.MultiDiGraph([("a", "b"), ("b", "a"), ("a", "c")])
    >>> sorted(entity_graph(m).edges(data="weight"))
    [('a', 'b', 2), ('a', 'c', 1)]
    """
    simple = nx.Graph()
    kinds = dict(g.nodes(data="kind", default="entity"))
    simple.add_nodes_from(n for n, k in kinds.items() if k == "entity")
    for a, b in g.edges():
        if kinds[a] == "event" or kinds[b] == "event":
            continue
        if a != b:
            w = simple.get_edge_data(a, b, {"weight": 0})["weight"]
            simple.add_edge(a, b, weight=w + 1)
    for ev in (n for n, k in kinds.items() if k == "event"):
        members = sorted(set(g.successors(ev)) | set(g.predecessors(ev)))
        for a, b in itertools.combinations(members, 2):
            w = simple.get_edge_data(a, b, {"weight": 0})["weight"]
            simple.add_edge(a, b, weight=w + 1)
    return simple


def betweenness_sample(g: nx.Graph) -> int | None:
    """How many source nodes estimate betweenness on ``g`` (None: all, the exact value).

    >>> betweenness_sample(nx.path_graph(10)) is None
    True
    >>> betweenness_sample(nx.path_graph(1_000)), betweenness_sample(nx.path_graph(400_000))
    (100, 20)
    """
    if len(g) <= EXACT_BETWEENNESS_MAX:
        return None
    affordable = BETWEENNESS_BUDGET // (len(g) + g.number_of_edges())
    return max(BETWEENNESS_MIN_K, min(BETWEENNESS_K, affordable))


def central_actors(g: nx.MultiDiGraph, *, top: int = 10) -> list[dict]:
    """Entities ranked by degree centrality, with PageRank and betweenness.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", label="A", type="Person"); g.add_node("b", label="B", type="Person")
    >>> g.add_node("c", label="C", type="Person")
    >>> _ = g.add_edge("a", "b"); _ = g.add_edge("a", "c")
    >>> [(r["label"], r["degree"]) for r in central_actors(g)]
    [('A', 1.0), ('B', 0.5), ('C', 0.5)]
    """
    simple = entity_graph(g)
    if not len(simple):
        return []
    degree = nx.degree_centrality(simple) if len(simple) > 1 else {n: 0.0 for n in simple}
    try:
        pagerank = nx.pagerank(simple, weight="weight") if simple.number_of_edges() else {}
    except (ModuleNotFoundError, nx.PowerIterationFailedConvergence):  # scipy missing
        pagerank = {}
    rows = [
        {
            "iri": n,
            "label": g.nodes[n].get("label", n),
            "type": g.nodes[n].get("type", ""),
            "events": simple.degree(n, weight="weight"),
            "degree": round(degree.get(n, 0.0), 4),
            "pagerank": round(pagerank.get(n, 0.0), 4),
        }
        for n in simple
    ]
    rows.sort(key=lambda r: (-r["degree"], -r["pagerank"], r["label"], r["iri"]))
    rows = rows[:top]
    between = betweenness(simple, [r["iri"] for r in rows])
    for r in rows:
        r["betweenness"] = round(between[r["iri"]], 4)
    return rows


def betweenness(g: nx.Graph, nodes: list) -> dict:
    """Normalised betweenness centrality of ``nodes`` in ``g``, as
    ``nx.betweenness_centrality(g)`` gives it, computed on their components only.

    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("x", "y")])
    >>> betweenness(g, ["b", "x"]) == {n: v for n, v in nx.betweenness_centrality(g).items()
    ...                                if n in ("b", "x")}
    True
    """
    n = len(g)
    scale = 2 / ((n - 1) * (n - 2)) if n > 2 else 0.0
    out: dict = {}
    for node in nodes:
        if node in out:
            continue
        component = g.subgraph(nx.node_connected_component(g, node))
        if len(component) <= 2:  # nobody lies between two nodes or one
            out.update(dict.fromkeys(component, 0.0))
            continue
        k = betweenness_sample(component)
        raw = nx.betweenness_centrality(component, k=k, normalized=False, seed=0)
        out.update((m, v * scale) for m, v in raw.items())  # raw counts are halved
    return {node: out[node] for node in nodes}


def communities(g: nx.MultiDiGraph, *, seed: int = 0, min_size: int = 2) -> list[list[str]]:
    """Louvain communities of the entity graph (largest first; singletons left out).

    >>> m = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y")])
    >>> communities(m)
    [['a', 'b', 'c'], ['x', 'y']]
    """
    simple = entity_graph(g)
    if not simple.number_of_edges():
        return []
    found = nx.community.louvain_communities(simple, weight="weight", seed=seed)
    out = [sorted(c) for c in found if len(c) >= min_size]
    return sorted(out, key=lambda c: (-len(c), c))


def components(g: nx.MultiDiGraph) -> list[list[str]]:
    """Connected components of the entity graph, largest first (isolated entities included).

    >>> components(nx.MultiDiGraph([("a", "b"), ("c", "d"), ("d", "e")]))
    [['c', 'd', 'e'], ['a', 'b']]
    """
    comps = [sorted(c) for c in nx.connected_components(entity_graph(g))]
    return sorted(comps, key=lambda c: (-len(c), c))


def find_entity(g: nx.MultiDiGraph, name: str, *, graph: Graph | None = None) -> str:
    """The node an analyst means by ``name``: an IRI, else a label or alternative label.

    Matching ignores case; a name that matches several entities picks the best connected.
    Unknown names raise :class:`kg.errors.UsageError`.

    >>> m = nx.MultiDiGraph(); m.add_node("urn:a", label="Ann Example", kind="entity")
    >>> find_entity(m, "ann example")
    'urn:a'
    """
    if name in g and g.nodes[name].get("kind", "entity") == "entity":
        return name
    wanted = " ".join(name.split()).casefold()
    hits = [
        n
        for n, d in g.nodes(data=True)
        if d.get("kind", "entity") == "entity" and str(d.get("label", "")).casefold() == wanted
    ]
    if not hits and graph is not None:
        hits = [
            str(s)
            for s, alt in graph.subject_objects(SKOS.altLabel)
            if str(alt).casefold() == wanted and str(s) in g
        ]
    if not hits:
        raise errors.UsageError(f"no entity named {name!r} in the graph (give a label or an IRI)")
    return max(sorted(hits), key=lambda n: g.degree(n))


def shortest_chain(g: nx.MultiDiGraph, source: str, target: str) -> list[dict] | None:
    """The shortest chain of events linking two entities (``None`` when they are apart).

    Each step is ``{from, to, events: [{event, type, date}]}`` over the undirected entity
    graph (who acted on whom does not block a chain).

    >>> m = nx.MultiDiGraph()
    >>> _ = m.add_edge("a", "b", key="e1", label="Attack", event="e1", date=None)
    >>> _ = m.add_edge("c", "b", key="e2", label="Meeting", event="e2", date="2020")
    >>> chain = shortest_chain(m, "a", "c")
    >>> [(s["from"], s["to"], [e["type"] for e in s["events"]]) for s in chain]
    [('a', 'b', ['Attack']), ('b', 'c', ['Meeting'])]
    """
    undirected = nx.MultiGraph(g)
    try:
        path = nx.shortest_path(undirected, source, target)
    except nx.NetworkXNoPath:
        return None
    steps = []
    for a, b in itertools.pairwise(path):
        evs = []
        for _key, data in sorted((undirected.get_edge_data(a, b) or {}).items()):
            evs.append(
                {
                    "event": data.get("event", ""),
                    "type": data.get("label", ""),
                    "date": data.get("date"),
                }
            )
        steps.append({"from": a, "to": b, "events": evs})
    return steps


def timeline(graph: Graph, *, limit: int | None = None) -> list[dict]:
    """Events in date order, each with its participants and evidence sentence.

    An event without its own ``kg:date`` takes its document's publication date
    (``date_source: "document"``); events with neither are left out.
    """
    return _timeline(graph, entities(graph), events(graph), limit=limit)


def _timeline(graph: Graph, ents: dict, evs: dict, *, limit: int | None) -> list[dict]:
    doc_of = dict(graph.subject_objects(KG.document))
    doc_date = {d: str(v) for d, v in graph.subject_objects(DCTERMS.date)}
    evidence = dict(graph.subject_objects(KG.evidence))
    rows = []
    for ev, info in evs.items():
        date, source = info["date"], "event"
        doc = doc_of.get(ev)
        if date is None:
            date, source = doc_date.get(doc), "document"
        if date is None:
            continue
        rows.append((date, str(ev), ev, info, source, doc))
    rows.sort(key=lambda r: (r[0], r[1]))
    out = []
    for date, _, ev, info, source, doc in rows[:limit] if limit is not None else rows:
        sentence = graph.value(evidence.get(ev), NIF.anchorOf) if ev in evidence else None
        out.append(
            {
                "date": date,
                "date_source": source,
                "event": str(ev),
                "type": info["type"],
                "participants": [
                    {"role": r, "label": ents[t]["label"], "iri": str(t)}
                    for r, t in info["roles"]
                    if t in ents
                ],
                "evidence": " ".join(str(sentence).split()) if sentence is not None else None,
                "document": str(doc) if doc is not None else None,
            }
        )
    return out


def summary(graph: Graph, *, top: int = 10) -> dict:
    """Counts by class and the most central actors: what ``report.md`` of a build shows."""
    ents, evs = entities(graph), events(graph, open_events=False)
    return _summary(graph, ents, evs, project_from(ents, evs, events_as="edges"), top=top)


def _summary(graph: Graph, ents: dict, evs: dict, g: nx.MultiDiGraph, *, top: int) -> dict:
    documents = set(graph.subjects(RDF.type, KG.Document))
    return {
        "documents": len(documents),
        "entities": len(ents),
        "events": len(evs),
        "open_events": open_event_count(graph),
        "triples": len(graph),
        "entities_by_type": dict(sorted(Counter(e["type"] for e in ents.values()).items())),
        "events_by_type": dict(sorted(Counter(e["type"] for e in evs.values()).items())),
        "central_actors": central_actors(g, top=top),
        "components": nx.number_connected_components(entity_graph(g)) if len(g) else 0,
    }


def analyze(
    graph: Graph,
    *,
    events_as: str = "edges",
    top: int = 10,
    path: tuple[str, str] | None = None,
    timeline_limit: int = 200,
    open_events: bool = False,
) -> dict:
    """Everything ``kg analyze`` reports, as JSON-ready data (typed events unless
    ``open_events``)."""
    ents, evs = entities(graph), events(graph, open_events=open_events)
    g = project_from(ents, evs, events_as=events_as)
    out = _summary(graph, ents, evs, g, top=top)
    out["projection"] = {
        "events_as": events_as,
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "entity_nodes": sum(1 for _, k in g.nodes(data="kind") if k == "entity"),
    }
    labels = {n: d.get("label", n) for n, d in g.nodes(data=True)}
    comms = communities(g)
    out["communities"] = [
        {"size": len(c), "members": [{"iri": n, "label": labels[n]} for n in c[:top]]}
        for c in comms[:top]
    ]
    comps = components(g)
    out["components"] = len(comps)
    out["component_sizes"] = [len(c) for c in comps[:top]]
    out["isolated_entities"] = sum(1 for c in comps if len(c) == 1)
    if path is not None:
        a, b = (find_entity(g, name, graph=graph) for name in path)
        chain = shortest_chain(g, a, b)
        out["path"] = {
            "from": {"iri": a, "label": labels[a]},
            "to": {"iri": b, "label": labels[b]},
            "steps": None
            if chain is None
            else [
                {**s, "from_label": labels[s["from"]], "to_label": labels[s["to"]]} for s in chain
            ],
        }
    out["timeline"] = _timeline(graph, ents, evs, limit=timeline_limit)
    return out
