"""kg.push: the Graph Store HTTP Protocol client against a real Oxigraph server on loopback.

The server is the ``oxigraph`` binary from PyPI (a test dependency), started on a free
port of 127.0.0.1 with an in-memory dataset; every request loop here is bounded.
"""

from __future__ import annotations

import http.server
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import ClassVar

import pytest

from kg import errors
from kg.cli import main
from kg.push import Endpoint, push_graph, send
from kg.query import run_query
from kg.rdf import to_rdf
from kg.serialize import document_triples
from kg.store import query_store

sys.path.insert(0, str(Path(__file__).parent))
from test_store import add, corpus, resolved

OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    """A fresh Oxigraph server on loopback; yields its base URL."""
    if not Path(OXIGRAPH).exists():
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    port = free_port()
    proc = subprocess.Popen(
        [OXIGRAPH, "serve", "--location", str(tmp_path / "server"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):  # up to 10 s
            try:
                urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("oxigraph server did not start")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def remote(base: str, query: str, *, union: bool = False) -> list[tuple[str, ...]]:
    """SELECT over the SPARQL protocol; rows of plain strings."""
    from kg.namespace import PREFIXES

    text = "".join(f"PREFIX {p}: <{i}>\n" for p, i in PREFIXES.items()) + query
    params = {"query": text}
    if union:
        params["union-default-graph"] = ""
    url = base + "/query?" + urllib.parse.urlencode(params)
    req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        data = json.load(r)
    names = data["head"]["vars"]
    return [
        tuple(b.get(v, {}).get("value", "") for v in names) for b in data["results"]["bindings"]
    ]


QUERY = "SELECT ?p ?l WHERE { ?p a kg:Person ; rdfs:label ?l } ORDER BY ?p"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def test_push_store_then_query_matches_local(server, tmp_path):
    store = tmp_path / "store"
    add(store, corpus())
    assert main(["push", "--store", str(store), "--endpoint", server + "/store", "-q"]) == 0
    local = [tuple(map(str, r)) for r in query_store(store, QUERY).rows]
    assert local and remote(server, QUERY) == local
    graphs = remote(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
    assert [g[0].rsplit("/", 1)[-1] for g in graphs] == ["d1", "d2", "d3"]
    # pushing again replaces each article's graph: nothing is duplicated
    before = remote(server, COUNT)
    assert main(["push", "--store", str(store), "--endpoint", server + "/store", "-q"]) == 0
    assert remote(server, COUNT) == before


def test_push_graph_file_in_batches(server, tmp_path):
    graph = to_rdf(resolved(corpus()))
    path = tmp_path / "g.ttl"
    graph.serialize(path, format="turtle")
    code = main(
        [
            "push",
            str(path),
            "--endpoint",
            server + "/store",
            "--batch-size",
            "7",
            "--graph-iri",
            "https://example.org/g",
            "-q",
        ]
    )
    assert code == 0
    n = remote(
        server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://example.org/g> { ?s ?p ?o } }"
    )
    assert int(n[0][0]) == len(graph)
    local = [tuple(map(str, r)) for r in run_query(graph, QUERY).rows]
    assert remote(server, QUERY, union=True) == local


def test_push_default_graph_replaces(server):
    endpoint = Endpoint(server + "/store")
    triples = list(document_triples(corpus()[0]))
    push_graph(endpoint, triples)
    push_graph(endpoint, triples[:5])
    assert int(remote(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0][0]) == 5


def test_refusal_is_a_one_line_remote_error(server, capsys):
    code = main(["push", "--store", "/nonexistent", "--endpoint", server + "/store"])
    assert code == errors.GraphFileError.exit_code
    with pytest.raises(errors.RemoteError, match="HTTP 4"):
        send(Endpoint(server + "/store", retries=0), "PUT", None, b"this is not n-triples")


class _Flaky(http.server.BaseHTTPRequestHandler):
    """Answers 503 to the first ``fail`` requests, then 204; or always ``status``."""

    fail = 2
    status = 204
    seen: ClassVar[list[str]] = []

    def do_PUT(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        self.rfile.read(length)
        type(self).seen.append(self.headers.get("Authorization", ""))
        if type(self).fail > 0:
            type(self).fail -= 1
            self.send_response(503)
        else:
            self.send_response(type(self).status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def flaky():
    _Flaky.fail, _Flaky.status, _Flaky.seen = 2, 204, []
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Flaky)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/store"
    httpd.shutdown()


def test_server_errors_are_retried_with_backoff(flaky):
    waits: list[float] = []
    endpoint = Endpoint(flaky, retries=3, backoff=0.5, user="ana", password="s3cret")
    assert send(endpoint, "PUT", None, b"", sleep=waits.append) == 204
    assert waits == [0.5, 1.0]
    assert _Flaky.seen[0].startswith("Basic ")


def test_retries_run_out(flaky):
    _Flaky.fail = 10
    endpoint = Endpoint(flaky, retries=2)
    with pytest.raises(errors.RemoteError, match=r"HTTP 503.*3 attempts"):
        send(endpoint, "PUT", None, b"", sleep=lambda _: None)


def test_refused_connection_and_bad_url(capsys):
    port = free_port()  # nothing listens there
    code = main(
        ["push", "--store", "x", "--endpoint", f"http://127.0.0.1:{port}/s", "--retries", "0"]
    )
    assert code in (errors.RemoteError.exit_code, errors.GraphFileError.exit_code)
    assert main(["push", "--store", "x", "--endpoint", "file:///etc/passwd"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "http:// or https://" in err


def test_unreachable_endpoint_exit_code(tmp_path, capsys):
    store = tmp_path / "store"
    add(store, corpus()[:1])
    port = free_port()
    code = main(
        [
            "push",
            "--store",
            str(store),
            "--endpoint",
            f"http://127.0.0.1:{port}/s",
            "--retries",
            "0",
        ]
    )
    assert code == errors.RemoteError.exit_code
    assert "cannot connect" in capsys.readouterr().err
