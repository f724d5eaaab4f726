"""kg.query, kg.graphio and ``kg query``: read-only, offline SPARQL with four result formats."""

from __future__ import annotations

import csv
import io
import json
import socket
import time

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg import errors
from kg.cli import main
from kg.graphio import load_graph
from kg.query import check_read_only, format_result, run_query

TTL = """\
@prefix kg: <https://w3id.org/kg-news/ontology#> .
@prefix person: <https://w3id.org/kg-news/id/person/> .
@prefix org: <https://w3id.org/kg-news/id/organization/> .
@prefix ev: <https://w3id.org/kg-news/id/event/d/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

person:ann a kg:Person ; rdfs:label "Ann Example" ; kg:age 41 .
org:acme a kg:Organization ; rdfs:label "Acme, \\"the\\" firm" .
ev:1 a kg:Attack ; kg:agent person:ann ; kg:patient org:acme ;
    kg:date "2020-01-02"^^xsd:date .
ev:2 a kg:Meeting ; kg:agent org:acme ;
    kg:date "2020-01-01"^^xsd:date .
"""


@pytest.fixture
def graph() -> Graph:
    return Graph().parse(data=TTL, format="turtle")


@pytest.fixture
def ttl(tmp_path):
    path = tmp_path / "g.ttl"
    path.write_text(TTL, encoding="utf-8")
    return path


# -- read-only ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("INSERT DATA { <a:a> <a:b> <a:c> }", "INSERT"),
        ("delete where { ?s ?p ?o }", "DELETE"),
        ("DeLeTe { ?s ?p ?o } WHERE { ?s ?p ?o }", "DELETE"),
        ("LOAD <http://example.org/x.ttl>", "LOAD"),
        ("CLEAR ALL", "CLEAR"),
        ("DROP GRAPH <http://example.org/g>", "DROP"),
        ("CREATE GRAPH <http://example.org/g>", "CREATE"),
        ("ADD DEFAULT TO <http://example.org/g>", "ADD"),
        ("MOVE DEFAULT TO <http://example.org/g>", "MOVE"),
        ("COPY DEFAULT TO <http://example.org/g>", "COPY"),
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("select * where { service silent <http://example.org/s> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * FROM <http://example.org/g.ttl> WHERE { ?s ?p ?o }", "FROM"),
        ("SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM"),
        ("# comment\nSELECT * WHERE { ?s ?p 'x' } ; INSERT DATA { <a:a> <a:b> <a:c> }", "INSERT"),
    ],
)
def test_refuses_updates_and_fetches(graph, query, word):
    with pytest.raises(errors.QueryError) as exc:
        run_query(graph, query)
    assert word in exc.value.message
    assert "\n" not in exc.value.message


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?s WHERE { ?s rdfs:label "INSERT DATA and DROP ALL" }',
        "SELECT ?s WHERE { ?s rdfs:label '''SERVICE\nLOAD''' }",
        "SELECT ?s WHERE { ?s ?p ?o } # DELETE everything, LOAD <x>",
        "SELECT ?s WHERE { ?s a <http://example.org/load#DROP> }",
        "SELECT ?delete ?load ?from WHERE { ?delete ?load ?from }",
        "SELECT ?s WHERE { ?s kg:load ?o ; kg:service ?x ; kg:from ?y }",
        'SELECT ?s WHERE { ?s rdfs:label ?l FILTER(CONTAINS(?l, "# not a comment \\" DROP")) }',
    ],
)
def test_keywords_in_strings_comments_iris_and_names_are_not_refused(graph, query):
    check_read_only(query)
    run_query(graph, query)


def test_federation_flag_permits_service(graph):
    q = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    with pytest.raises(errors.QueryError):
        check_read_only(q)
    check_read_only(q, allow_federation=True)


def test_malformed_query_names_line_and_column(graph):
    with pytest.raises(errors.QueryError) as exc:
        run_query(graph, "SELECT ?x WHERE {\n  ?x a kg:Attack .\n  FILTER(?x = }")
    msg = exc.value.message
    assert msg.startswith("malformed SPARQL: line 3, column ")
    assert "\n" not in msg


def test_unknown_prefix_is_one_line(graph):
    with pytest.raises(errors.QueryError, match="foo"):
        run_query(graph, "SELECT ?x WHERE { ?x a foo:Bar }")


# -- query forms and formats ---------------------------------------------------------------


def test_select_with_predeclared_prefixes(graph):
    r = run_query(graph, "SELECT ?a ?p WHERE { ?e a kg:Attack ; kg:agent ?a ; kg:patient ?p }")
    assert r.variables == ["a", "p"]
    assert r.rows == [
        (
            URIRef("https://w3id.org/kg-news/id/person/ann"),
            URIRef("https://w3id.org/kg-news/id/organization/acme"),
        )
    ]


def test_rows_are_sorted_without_order_by_and_kept_with_it(graph):
    plain = run_query(graph, "SELECT ?e ?d WHERE { ?e kg:date ?d }")
    assert [str(r[0]) for r in plain.rows] == sorted(str(r[0]) for r in plain.rows)
    ordered = run_query(graph, "SELECT ?e ?d WHERE { ?e kg:date ?d } ORDER BY DESC(?d)")
    assert [str(r[1]) for r in ordered.rows] == ["2020-01-02", "2020-01-01"]


def test_ask(graph):
    assert run_query(graph, "ASK { ?e a kg:Attack }").boolean is True
    assert run_query(graph, "ask { ?e a kg:Arrest }").boolean is False
    r = run_query(graph, "ASK { ?e a kg:Attack }")
    assert json.loads(format_result(r, "json")) == {"head": {}, "boolean": True}


@pytest.mark.parametrize("form", ["CONSTRUCT", "DESCRIBE"])
def test_graph_results_print_as_turtle(graph, form):
    q = (
        "CONSTRUCT { ?e a kg:Attack } WHERE { ?e a kg:Attack }"
        if form == "CONSTRUCT"
        else "DESCRIBE <https://w3id.org/kg-news/id/event/d/1>"
    )
    r = run_query(graph, q)
    assert r.kind == form
    back = Graph().parse(data=format_result(r, "table"), format="turtle")
    assert isomorphic(back, r.graph)
    assert (URIRef("https://w3id.org/kg-news/id/event/d/1"), None, None) in back


def test_formats(graph):
    r = run_query(graph, "SELECT ?x ?l ?age WHERE { ?x rdfs:label ?l OPTIONAL { ?x kg:age ?age } }")
    rows = list(csv.reader(io.StringIO(format_result(r, "csv"))))
    assert rows[0] == ["x", "l", "age"]
    assert ["https://w3id.org/kg-news/id/person/ann", "Ann Example", "41"] in rows
    assert ["https://w3id.org/kg-news/id/organization/acme", 'Acme, "the" firm', ""] in rows
    assert format_result(r, "csv").endswith("\r\n")  # RFC 4180, as SPARQL 1.1 CSV says

    tsv = format_result(r, "tsv").splitlines()
    assert tsv[0] == "?x\t?l\t?age"
    assert '<https://w3id.org/kg-news/id/person/ann>\t"Ann Example"\t41' in tsv

    data = json.loads(format_result(r, "json"))
    assert data["head"]["vars"] == ["x", "l", "age"]
    ann = next(b for b in data["results"]["bindings"] if "age" in b)
    assert ann["x"] == {"type": "uri", "value": "https://w3id.org/kg-news/id/person/ann"}
    assert ann["age"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"
    assert len(data["results"]["bindings"]) == 2

    table = format_result(r, "table").splitlines()
    assert table[0].split() == ["x", "l", "age"]
    assert table[-1] == "(2 rows)"
    assert any(line.startswith("id:person/ann") for line in table)
    # columns are aligned: every value of column 2 starts at the same offset
    starts = {line.index("Ann") for line in table if "Ann" in line}
    starts |= {line.index("Acme") for line in table if "Acme" in line}
    assert len(starts) == 1


def test_timeout_stops_a_runaway_query(graph):
    big = Graph()
    for i in range(300):
        big.add((URIRef(f"urn:s{i}"), URIRef("urn:p"), Literal(i)))
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    start = time.monotonic()
    with pytest.raises(errors.QueryError, match=r"timed out after 0\.5 s"):
        run_query(big, q, timeout=0.5)
    assert time.monotonic() - start < 5
    # a quick query under a deadline gives the same answer as without one
    q2 = "SELECT ?e WHERE { ?e a kg:Attack }"
    assert run_query(graph, q2, timeout=10).rows == run_query(graph, q2).rows


def test_no_network_while_querying(graph, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError(f"network connection attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    for q in (
        "SELECT * WHERE { ?s ?p ?o }",
        "DESCRIBE <https://w3id.org/kg-news/id/person/ann>",
        "ASK { ?s ?p ?o }",
    ):
        run_query(graph, q)


# -- reading graph files --------------------------------------------------------------------


def test_jsonld_remote_context_is_never_fetched(tmp_path, recording_server):
    base, hits = recording_server
    doc = {"@context": f"{base}/context.jsonld", "@id": "urn:x", "name": "X"}
    path = tmp_path / "remote.jsonld"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(errors.GraphFileError, match="does not fetch"):
        load_graph([path])
    nested = {"@graph": [{"@context": [{"@import": f"{base}/c"}], "@id": "urn:y"}]}
    path.write_text(json.dumps(nested), encoding="utf-8")
    with pytest.raises(errors.GraphFileError):
        load_graph([path])
    assert hits == []


def test_from_clause_is_never_fetched(graph, recording_server):
    base, hits = recording_server
    with pytest.raises(errors.QueryError):
        run_query(graph, f"SELECT * FROM <{base}/g.ttl> WHERE {{ ?s ?p ?o }}")
    assert hits == []


def test_multiple_files_in_several_formats_merge(tmp_path, graph):
    (tmp_path / "a.nt").write_text(graph.serialize(format="nt"), encoding="utf-8")
    (tmp_path / "b.jsonld").write_text(
        json.dumps({"@context": {"n": "urn:n"}, "@id": "urn:x", "n": "inline context"}),
        encoding="utf-8",
    )
    (tmp_path / "c.trig").write_text("<urn:g> { <urn:y> <urn:p> <urn:z> . }", encoding="utf-8")
    merged = load_graph([tmp_path / "a.nt", tmp_path / "b.jsonld", tmp_path / "c.trig"])
    assert len(merged) == len(graph) + 2
    assert (URIRef("urn:x"), URIRef("urn:n"), Literal("inline context")) in merged


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bad.ttl", "this is not turtle <<<"),
        ("bad.jsonld", "{not json"),
        ("bin.ttl", b"\x00\x01\x02\xff\xfe"),
        ("bad.nt", "<urn:a> <urn:b> .\n"),
    ],
)
def test_corrupt_files_are_one_line_errors(tmp_path, name, content):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(errors.GraphFileError) as exc:
        load_graph([path])
    assert "\n" not in exc.value.message
    assert name in exc.value.message


# -- the command line ----------------------------------------------------------------------


def test_cli_formats_and_exit_codes(ttl, tmp_path, capsys):
    assert main(["query", str(ttl), "SELECT ?l WHERE { ?x rdfs:label ?l }", "-f", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {b["l"]["value"] for b in out["results"]["bindings"]} == {
        "Ann Example",
        'Acme, "the" firm',
    }
    rq = tmp_path / "q.rq"
    rq.write_text("# Question: who attacked?\nSELECT ?a WHERE { ?e a kg:Attack ; kg:agent ?a }")
    assert main(["query", str(ttl), str(rq)]) == 0  # not a terminal: CSV
    assert capsys.readouterr().out == "a\r\nhttps://w3id.org/kg-news/id/person/ann\r\n"

    assert main(["query", str(ttl), "SELECT ?x WHERE { ?x a "]) == 6
    err = capsys.readouterr().err
    assert err.startswith("kg: error: malformed SPARQL: line 1, column ")
    assert err.count("\n") == 1
    assert main(["query", str(ttl), "DROP ALL"]) == 6
    assert main(["query", str(tmp_path / "missing.ttl"), "ASK {}"]) == 7
    (tmp_path / "bad.ttl").write_text("nope nope", encoding="utf-8")
    assert main(["query", str(tmp_path / "bad.ttl"), "ASK {}"]) == 7
    capsys.readouterr()
    with pytest.raises(SystemExit) as exc:
        main(["query", str(ttl), "ASK {}", "--timeout", "-1"])
    assert exc.value.code == 2


def test_cli_timeout_exits_with_the_query_code(tmp_path, capsys):
    big = Graph()
    for i in range(300):
        big.add((URIRef(f"urn:s{i}"), URIRef("urn:p"), Literal(i)))
    path = tmp_path / "big.nt"
    big.serialize(path, format="nt")
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    assert main(["query", str(path), q, "--timeout", "0.5"]) == 6
    assert capsys.readouterr().err == "kg: error: query timed out after 0.5 s (see --timeout)\n"
