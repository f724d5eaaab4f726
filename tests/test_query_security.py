"""Queries and graph files never reach the network, however SERVICE or LOAD is spelled.

Issue 17 item 3: ``SERVIC\\u0045`` passed a refusal that read the query's text, and rdflib
decoded the escape and contacted the endpoint. Each case below runs against a loopback HTTP
server that records whether it was contacted: it must not be, for graph files and for stores.
"""

from __future__ import annotations

import json

import pytest
from rdflib import Graph

from kg import errors
from kg.cli import main
from kg.query import run_query

TTL = """\
@prefix kg: <https://w3id.org/kg-news/ontology#> .
<https://w3id.org/kg-news/id/person/ann> a kg:Person .
"""


@pytest.fixture
def graph() -> Graph:
    return Graph().parse(data=TTL, format="turtle")


@pytest.fixture
def store(tmp_path):
    from kg.store import DocumentStore

    path = tmp_path / "store"
    DocumentStore(path).close()
    return path


SERVICE_FORMS = [
    "SELECT * WHERE {{ SERVIC\\u0045 <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ \\U00000053ERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ servic\\u0065 <{url}> {{ ?s ?p ?o }} }}",
    "select * where {{ service <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
    "PREFIX e: <{base}/> SELECT * WHERE {{ SERVICE e:sparql {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ BIND(<{url}> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ {{ SELECT * {{ OPTIONAL {{ SERVIC\\u0045 <{url}> {{ ?s ?p ?o }} }} }} }} }}",
    "ASK {{ FILTER EXISTS {{ SERVIC\\u0045 <{url}> {{ ?s ?p ?o }} }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVIC\\u0045 <{url}> {{ ?s ?p ?o }} }}",
]
FETCH_FORMS = [
    "SELECT * FRO\\u004d <{url}> WHERE {{ ?s ?p ?o }}",
    "SELECT * from named <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    "\\u004cOAD <{url}>",
    "load <{url}>",
    "LOAD SILENT <{url}> INTO GRAPH <urn:g>",
    "\\u0049NSERT DATA {{ <urn:a> <urn:b> <urn:c> }}",
    "PREFIX e: <{base}/> INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE e:sparql {{ ?s ?p ?o }} }}",
    "clear all",
    "\\u0044ROP ALL",
]


def _queries(forms, base):
    return [f.format(url=f"{base}/sparql", base=base) for f in forms]


@pytest.mark.parametrize("form", range(len(SERVICE_FORMS) + len(FETCH_FORMS)))
def test_no_spelling_of_service_load_or_an_update_reaches_the_network(
    form, recording_server, graph, store
):
    from kg.store import query_store

    base, hits = recording_server
    query = _queries(SERVICE_FORMS + FETCH_FORMS, base)[form]
    with pytest.raises(errors.QueryError) as info:
        run_query(graph, query)
    assert "\n" not in info.value.message
    with pytest.raises(errors.QueryError):
        run_query(graph, query, timeout=30)
    with pytest.raises(errors.QueryError):
        query_store(store, query)
    assert hits == []


@pytest.mark.parametrize("where", ["file", "store"])
def test_cli_refuses_an_escaped_service_with_the_query_code(
    where, recording_server, tmp_path, store, capsys
):
    base, hits = recording_server
    path = tmp_path / "g.ttl"
    path.write_text(TTL, encoding="utf-8")
    query = _queries(SERVICE_FORMS[:1], base)[0]
    args = (
        ["query", str(path), query] if where == "file" else ["query", "--store", str(store), query]
    )
    assert main(args) == 6
    err = capsys.readouterr().err
    assert err.startswith("kg: error: SERVICE") and err.count("\n") == 1
    assert hits == []


def test_federation_when_allowed_still_works(recording_server, graph):
    """The control: the same server is reached when the user asks for federation."""
    base, hits = recording_server
    run_query(graph, _queries(SERVICE_FORMS[:1], base)[0], allow_federation=True)
    assert hits and hits[0].startswith("/sparql")


def test_evaluation_is_offline_even_if_a_check_is_bypassed(recording_server, graph, monkeypatch):
    """A second line: rdflib's own fetching is switched off while kg evaluates a query."""
    from rdflib.plugins.sparql import prepareQuery

    import kg.query

    base, hits = recording_server
    monkeypatch.setattr(kg.query, "parse_query", lambda q, **k: prepareQuery(q))
    with pytest.raises(errors.QueryError, match="does not fetch"):
        run_query(graph, _queries(SERVICE_FORMS[:1], base)[0])
    assert hits == []


def test_rdflib_never_fetches_a_jsonld_context_while_kg_reads_graphs(recording_server):
    from kg.offline import offline

    base, hits = recording_server
    data = json.dumps({"@context": f"{base}/ctx.jsonld", "@id": "urn:x", "n": "X"})
    with offline(), pytest.raises(OSError, match="does not fetch"):
        Graph().parse(data=data, format="json-ld")
    assert hits == []
    Graph().parse(data=data, format="json-ld")  # outside kg's reading, rdflib is untouched
    assert hits == ["/ctx.jsonld"]


def test_jsonld_graph_file_with_escaped_context_key_is_refused(recording_server, tmp_path):
    from kg.graphio import load_graph

    base, hits = recording_server
    path = tmp_path / "g.jsonld"
    path.write_text('{"\\u0040context": "' + base + '/ctx.jsonld", "@id": "urn:x"}')
    with pytest.raises(errors.GraphFileError):
        load_graph([path])
    assert hits == []
