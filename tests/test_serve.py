"""``kg serve`` against a live server on loopback: SPARQL clients, limits, safety, browser.

One server process is started for the module (``python -m kg serve GRAPH``) on a free port
of 127.0.0.1; the tests talk to it with httpx, rdflib's ``SPARQLStore`` and, for the pages,
Debian's chromium through Playwright.
"""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import RDFS, Graph
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore

from kg.model import Argument, Document, DocumentGraph, Entity, Event, Mention, Span
from kg.namespace import KG
from kg.rdf import to_rdf

httpx = pytest.importorskip("httpx")
pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = '<img src=x onerror="window.__pwned=1">'


def _graph() -> Graph:
    """Two invented sentences: an attack and a statement, one name carrying markup."""
    s1 = "Ann Lee attacked the depot."
    s2 = f"{HOSTILE} said Ann Lee attacked the depot."
    text = f"{s1} {s2}"
    doc = Document(id="d1", source="https://news.example/d1", text=text, title="Depot")
    o2 = len(s1) + 1
    ann = Entity(key="e0", type="Person", label="Ann Lee", alt_labels=["Lee"])
    ann.mentions.append(Mention(Span(0, 7, "Ann Lee"), Span(0, len(s1), s1)))
    depot = Entity(key="e1", type="Facility", label="depot")
    depot.mentions.append(Mention(Span(21, 26, "depot"), Span(0, len(s1), s1)))
    voice = Entity(key="e2", type="Person", label=HOSTILE)
    voice.mentions.append(Mention(Span(o2, o2 + len(HOSTILE), HOSTILE), Span(o2, len(text), s2)))
    attack = Event(
        key="v0",
        type="Attack",
        trigger=Span(8, 16, "attacked"),
        sentence=Span(0, len(s1), s1),
        arguments=[Argument("agent", "e0"), Argument("patient", "e1")],
    )
    said = o2 + len(HOSTILE) + 1
    statement = Event(
        key="v1",
        type="Statement",
        trigger=Span(said, said + 4, "said"),
        sentence=Span(o2, len(text), s2),
        arguments=[Argument("agent", "e2"), Argument("topic", "v0")],
    )
    return to_rdf([DocumentGraph(doc, [ann, depot, voice], [attack, statement])])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "graph.ttl"
    _graph().serialize(path, format="turtle")
    return path


@pytest.fixture(scope="module")
def server(graph_file):
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "kg", "serve", str(graph_file), "--port", str(port)]
    cmd += ["--timeout", "2", "--max-rows", "50"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/sparql?query=ASK%7B%7D", timeout=5).status_code == 200:
                break
        except httpx.TransportError:
            if proc.poll() is not None:
                pytest.fail(f"kg serve exited: {proc.stderr.read().decode()}")
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("kg serve did not answer within 60 s")
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


SELECT = "SELECT ?e ?l WHERE { ?e a kg:Person ; rdfs:label ?l } ORDER BY ?l"


def test_rdflib_sparqlstore_reads_the_endpoint(server):
    store = SPARQLStore(server + "/sparql", returnFormat="json")
    remote = sorted((str(a), str(b)) for a, b in store.query(SELECT))
    local = sorted((str(a), str(b)) for a, b in _graph().query(SELECT, initNs={"kg": KG}))
    assert remote == local and len(local) == 2


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
    ],
)
def test_select_formats_by_content_negotiation(server, accept, media):
    r = httpx.post(server + "/sparql", data={"query": SELECT}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    labels = sorted(["Ann Lee", HOSTILE])
    if "json" in media:
        rows = r.json()["results"]["bindings"]
        assert sorted(b["l"]["value"] for b in rows) == labels
    elif "xml" in media:
        from xml.etree import ElementTree

        ns = "{http://www.w3.org/2005/sparql-results#}"
        root = ElementTree.fromstring(r.content)
        assert sorted(x.text for x in root.iter(ns + "literal")) == labels
    elif media == "text/csv":
        rows = list(csv.reader(io.StringIO(r.text)))
        assert rows[0] == ["e", "l"] and sorted(row[1] for row in rows[1:]) == labels
    else:
        lines = r.text.splitlines()
        assert lines[0] == "?e\t?l" and sorted(x.split("\t")[1] for x in lines[1:]) == sorted(
            json.dumps(x) for x in labels
        )


@pytest.mark.parametrize(
    ("accept", "fmt"), [("text/turtle", "turtle"), ("application/ld+json", "json-ld")]
)
def test_construct_as_turtle_and_json_ld(server, accept, fmt):
    q = "CONSTRUCT { ?e rdfs:label ?l } WHERE { ?e rdfs:label ?l }"
    r = httpx.get(server + "/sparql", params={"query": q}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    expected = Graph()
    for s, o in _graph().subject_objects(RDFS.label):
        expected.add((s, RDFS.label, o))
    assert isomorphic(Graph().parse(data=r.text, format=fmt), expected)


def test_ask_and_post_body(server):
    r = httpx.post(
        server + "/sparql",
        content="ASK { ?e a kg:Statement }",
        headers={"Content-Type": "application/sparql-query"},
    )
    assert r.status_code == 200 and r.json()["boolean"] is True


@pytest.mark.parametrize(
    "query",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://127.0.0.1:1/x.ttl>",
        "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
        "select * where { service <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
        "SELECT * FROM <http://127.0.0.1:1/g.ttl> WHERE { ?s ?p ?o }",
    ],
)
def test_updates_load_service_are_refused(server, query):
    r = httpx.post(server + "/sparql", data={"query": query})
    assert r.status_code == 400 and "refused" in r.text
    assert httpx.post(server + "/sparql", data={"update": query}).status_code == 403
    r = httpx.post(
        server + "/sparql", content=query, headers={"Content-Type": "application/sparql-update"}
    )
    assert r.status_code == 403
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    n = int(
        httpx.get(server + "/sparql", params={"query": count}).json()["results"]["bindings"][0][
            "n"
        ]["value"]
    )
    assert n == len(_graph())  # nothing changed


def test_malformed_query_gets_400_with_position(server):
    r = httpx.get(server + "/sparql", params={"query": "SELECT * WHERE {\n  ?s ?p \n}"})
    assert r.status_code == 400
    assert r.text.startswith("malformed SPARQL") and "3:" in r.text
    assert r.headers["content-type"].startswith("text/plain")


def test_timeout_gives_503_and_the_server_keeps_serving(server):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    start = time.monotonic()
    r = httpx.get(server + "/sparql", params={"query": slow}, timeout=60)
    assert r.status_code == 503 and "limit" in r.text
    assert time.monotonic() - start < 30
    for _ in range(3):  # the killed worker was replaced; both workers answer
        assert httpx.post(server + "/sparql", data={"query": SELECT}, timeout=60).status_code == 200


def test_result_size_is_limited(server):
    r = httpx.get(server + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert len(r.json()["results"]["bindings"]) == 50
    assert r.headers["kg-truncated"] == "50"


def test_foreign_host_header_is_refused(server):
    # a web page that rebinds its DNS name to 127.0.0.1 sends its own name as Host
    r = httpx.get(server + "/sparql", params={"query": "ASK {}"}, headers={"Host": "evil.example"})
    assert r.status_code == 400


def test_api_search_and_neighbourhood(server):
    r = httpx.get(server + "/api/search", params={"q": "LEE"})
    assert r.status_code == 200 and r.headers["x-content-type-options"] == "nosniff"
    data = r.json()
    ann = data["hits"][0]
    assert next(n for n in data["nodes"] if n["id"] == ann)["label"] == "Ann Lee"
    r = httpx.get(server + "/api/neighbourhood", params={"iri": ann})
    kinds = {e["kind"] for e in r.json()["edges"]}
    assert "binary" in kinds or "role" in kinds
    assert httpx.get(server + "/api/neighbourhood", params={"iri": "<x> } DROP"}).status_code == 400
    needle = 'x" } } SELECT * { ?s ?p ?o } #'
    assert httpx.get(server + "/api/search", params={"q": needle}).json()["hits"] == []


def test_pages_carry_the_csp_and_escape_text(server):
    for path in ("/", "/query"):
        r = httpx.get(server + path)
        assert r.status_code == 200
        csp = r.headers["content-security-policy"]
        for directive in ("default-src 'none'", "form-action 'none'", "base-uri 'none'"):
            assert directive in csp
        assert "connect-src 'self'" in csp and "unsafe-inline" not in csp.split("style-src")[0]
        assert HOSTILE not in r.text


def test_remote_bind_needs_a_flag(graph_file, capsys):
    from kg.cli import main

    assert main(["serve", str(graph_file), "--host", "0.0.0.0"]) == 2
    assert "--allow-remote" in capsys.readouterr().err


CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.browser
@pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium: apt-get install chromium"
)
def test_explorer_and_query_page_in_chromium(server):
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("dialog", lambda d: errors.append("dialog " + d.message))
            page.goto(server + "/")
            page.wait_for_function("() => window.kgStable === true", timeout=60_000)
            assert "entities that take part" in page.text_content("#notice")
            page.fill("#search", "lee")
            page.press("#search", "Enter")
            page.wait_for_function(
                "() => kgNetwork.getSelectedNodes().length === 1", timeout=20_000
            )
            page.click("#info button")  # show the events and relations of this entity
            page.wait_for_function(
                "() => kgData.nodeView.get().some(n => n.kind === 'event')", timeout=20_000
            )
            assert page.evaluate("typeof window.__pwned") == "undefined"

            page.goto(server + "/query")
            options = page.eval_on_selector_all("#examples option", "os => os.map(o => o.value)")
            assert len(options) > 1  # the examples of examples/queries
            page.fill("#query", SELECT)
            page.click("#run")
            page.wait_for_selector("table td", timeout=20_000)
            cells = page.eval_on_selector_all("td", "tds => tds.map(t => t.textContent)")
            assert HOSTILE in cells and "Ann Lee" in cells  # shown as text
            assert page.evaluate("typeof window.__pwned") == "undefined"
            page.fill("#query", "SELECT * WHERE {")
            page.click("#run")
            page.wait_for_selector("#msg.error", timeout=20_000)
            assert "HTTP 400" in page.text_content("#msg")
            assert errors == []
        finally:
            browser.close()


def test_graph_files_and_store_are_exclusive(graph_file, tmp_path):
    from kg import errors
    from kg.serve import open_source

    with pytest.raises(errors.UsageError):
        open_source([str(graph_file)], str(tmp_path))
    with pytest.raises(errors.KgError):
        open_source([str(tmp_path / "missing.ttl")], None)
    db, tmp = open_source([str(graph_file)], None)
    try:
        import pyoxigraph as ox

        assert len(ox.Store.read_only(str(db))) == len(_graph())
    finally:
        import shutil

        shutil.rmtree(tmp)
