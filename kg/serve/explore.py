"""The explorer's server side: search and neighbourhoods from the store, never the whole graph.

Each answer is the same kind of records the offline page draws (:func:`kg.viz.graph_data`),
made from a small rdflib graph that one CONSTRUCT pulls out of the store around the
entities asked for: their names and classes, up to ``max_events`` of their events with the
events' other participants, trigger and evidence text and documents, and their relations.
The page merges the records into what it already shows.

User text never becomes query syntax: the search string enters the query as an Oxigraph
literal term in its N-Triples form (quotes, backslashes and line breaks escaped), and an
IRI only after :data:`IRI` has refused every character that could end it.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from kg import errors
from kg.namespace import PREFIXES
from kg.store import _as_rdflib
from kg.styles import vocabulary
from kg.viz import graph_data, page_payload, to_pyvis

#: Entities a search returns, and events drawn per search hit.
SEARCH_LIMIT = 30
SEARCH_EVENTS = 5
NEIGHBOURHOOD_EVENTS = 200
#: An absolute IRI that can stand between ``<`` and ``>`` in a query (RFC 3987 excludes these).
IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+")


def _kg(names) -> str:
    return ", ".join(f"kg:{n}" for n in names)


def _event_props() -> str:
    v = vocabulary()
    base = ("trigger", "evidence", "date", "document", "polarity", "modality", "count")
    return _kg((*v.roles, *base, "predicate", "quantity", "sense"))


def _construct(entities: list[str], events: list[str]) -> str:
    v = vocabulary()
    ents = " ".join(f"<{e}>" for e in entities)
    evs = " ".join(f"<{e}>" for e in events) or "<urn:kg:none>"
    rel = _kg(v.relations)
    return f"""
CONSTRUCT {{ ?s ?p ?o }} WHERE {{
  {{ VALUES ?s {{ {ents} }} ?s ?p ?o .
     FILTER(?p IN (rdf:type, rdfs:label, skos:altLabel, kg:title, kg:age, kg:count, {rel})) }}
  UNION {{ VALUES ?s {{ {evs} }} ?s ?p ?o . FILTER(?p IN (rdf:type, {_event_props()})) }}
  UNION {{ VALUES ?e {{ {evs} }} ?e ?r ?s . FILTER(?r IN ({_kg(v.roles)}))
     ?s ?p ?o . FILTER(?p IN (rdf:type, rdfs:label)) }}
  UNION {{ VALUES ?e {{ {evs} }} ?e kg:trigger|kg:evidence ?s . ?s nif:anchorOf ?o .
     BIND(nif:anchorOf AS ?p) }}
  UNION {{ VALUES ?e {{ {evs} }} ?e kg:document ?s . ?s ?p ?o .
     FILTER(?p IN (rdf:type, dcterms:title, dcterms:source, dcterms:date)) }}
}}"""


def _relation_targets(store: ox.Store, entities: list[str]) -> list[str]:
    v = vocabulary()
    ents = " ".join(f"<{e}>" for e in entities)
    q = f"""SELECT DISTINCT ?o WHERE {{ VALUES ?x {{ {ents} }}
      {{ ?x ?p ?o }} UNION {{ ?o ?p ?x }} FILTER(?p IN ({_kg(v.relations)})) }} LIMIT 500"""
    return [s["o"].value for s in store.query(q, prefixes=dict(PREFIXES))]


def _events_of(store: ox.Store, entities: list[str], limit: int) -> list[str]:
    if not entities or limit <= 0:
        return []
    v = vocabulary()
    ents = " ".join(f"<{e}>" for e in entities)
    q = f"""SELECT DISTINCT ?e WHERE {{ VALUES ?x {{ {ents} }} ?e ?r ?x .
      FILTER(?r IN ({_kg(v.roles)})) ?e kg:trigger ?t }} LIMIT {int(limit)}"""
    found = [s["e"].value for s in store.query(q, prefixes=dict(PREFIXES))]
    # the topics of statements are events too: bring them (not their own topics)
    if found:
        evs = " ".join(f"<{e}>" for e in found)
        q = f"""SELECT DISTINCT ?t WHERE {{ VALUES ?e {{ {evs} }}
          ?e kg:topic ?t . ?t kg:trigger ?g }}"""
        found += [s["t"].value for s in store.query(q, prefixes=dict(PREFIXES))]
    return sorted(set(found))


def records(store: ox.Store, entities: list[str], max_events: int, *, title: str = "") -> dict:
    """The page records of ``entities`` and up to ``max_events`` of their events."""
    from kg.compact import CompactGraph

    if not entities:
        return {"nodes": [], "edges": [], "events": {}, "documents": {}, "classes": {}}
    events = _events_of(store, entities, max_events)
    entities = sorted(set(entities) | set(_relation_targets(store, entities)))
    triples = store.query(_construct(entities, events), prefixes=dict(PREFIXES))
    graph = CompactGraph(_as_rdflib(triples))
    data = graph_data(graph, title=title or "kg serve")
    return page_payload(to_pyvis(graph, data=data))


def search(store: ox.Store, text: str, limit: int = SEARCH_LIMIT) -> dict:
    """Entities with a name or alternative name containing ``text`` (case ignored)."""
    needle = str(ox.Literal(" ".join(text.lower().split())))  # an escaped "..." term
    q = (
        "SELECT ?e (MAX(?score) AS ?best) WHERE {\n"
        f"  VALUES ?q {{ {needle} }}\n"
        "  ?e rdfs:label|skos:altLabel ?n . ?e a kg:Entity .\n"
        "  BIND(LCASE(STR(?n)) AS ?name) FILTER(CONTAINS(?name, ?q))\n"
        "  BIND(IF(?name = ?q, 2, 1) AS ?score)\n"
        f"}} GROUP BY ?e ORDER BY DESC(?best) ?e LIMIT {int(limit)}"
    )
    found = store.query(q, prefixes=dict(PREFIXES))
    hits = [s["e"].value for s in found]
    out = records(store, hits, SEARCH_EVENTS * len(hits))
    out["hits"] = hits
    return out


def neighbourhood(store: ox.Store, iri: str, max_events: int = NEIGHBOURHOOD_EVENTS) -> dict:
    """One entity with its events (their participants) and relations."""
    if not IRI.fullmatch(iri):
        raise errors.UsageError("not an entity IRI")
    return records(store, [iri], max_events)


def overview(store: ox.Store, entities: int = 60, max_events: int = 400) -> dict:
    """The page the explorer opens on: the entities in most events, and those events."""
    v = vocabulary()
    q = f"""SELECT ?x (COUNT(?e) AS ?n) WHERE {{ ?e ?r ?x . FILTER(?r IN ({_kg(v.roles)}))
      ?x a kg:Entity }} GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT {int(entities)}"""
    top = [s["x"].value for s in store.query(q, prefixes=dict(PREFIXES))]
    docs = next(
        iter(
            store.query(
                "SELECT (COUNT(?d) AS ?n) WHERE { ?d a kg:Document }", prefixes=dict(PREFIXES)
            )
        )
    )["n"].value
    data = records(store, top, max_events, title=f"kg serve: {docs} documents")
    data["notice"] = (
        f"Showing the {len(top)} entities that take part in the most events. Search any "
        "name to bring it in; “show the events” on an entity fetches its neighbourhood."
    )
    return data
