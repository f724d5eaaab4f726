"""Runaway queries stop (issue 17 item 4): a default timeout on files and stores, and a row cap.

``kg query --store`` ignored ``--timeout``; without ``--timeout`` a query on files ran without
any limit. Both paths now stop at a documented default (``--timeout 0`` for none), and a
result stops at ``--max-rows`` rows with a message saying what to do.
"""

from __future__ import annotations

import time

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

import kg.query
from kg import errors
from kg.cli import main

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
PAIRS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"  # 300 triples: 90,000 rows


@pytest.fixture(scope="module")
def triples():
    return [(URIRef(f"urn:s{i}"), URIRef("urn:p"), Literal(i)) for i in range(300)]


@pytest.fixture(scope="module")
def files(triples, tmp_path_factory):
    graph = Graph()
    for t in triples:
        graph.add(t)
    path = tmp_path_factory.mktemp("limits") / "g.nt"
    graph.serialize(path, format="nt")
    return graph, path


@pytest.fixture(scope="module")
def store(triples, tmp_path_factory):
    from kg.store import DATABASE, DocumentStore

    path = tmp_path_factory.mktemp("limits") / "store"
    DocumentStore(path).close()
    db = ox.Store(str(path / DATABASE))
    db.extend(
        ox.Quad(ox.NamedNode(s), ox.NamedNode(p), ox.Literal(str(o)), ox.DefaultGraph())
        for s, p, o in triples
    )
    db.flush()
    del db
    return path


def _args(where, files, store):
    return [str(files[1])] if where == "file" else ["--store", str(store)]


@pytest.mark.parametrize("where", ["file", "store"])
def test_timeout_is_honoured_on_files_and_stores(where, files, store, capsys):
    start = time.monotonic()
    assert main(["query", *_args(where, files, store), CARTESIAN, "--timeout", "0.5"]) == 6
    assert time.monotonic() - start < 10
    assert capsys.readouterr().err == "kg: error: query timed out after 0.5 s (see --timeout)\n"


@pytest.mark.parametrize("where", ["file", "store"])
def test_a_query_without_timeout_stops_at_the_default(where, files, store, capsys, monkeypatch):
    monkeypatch.setattr(kg.query, "DEFAULT_TIMEOUT", 0.5)
    assert main(["query", *_args(where, files, store), CARTESIAN]) == 6
    assert "timed out after 0.5 s" in capsys.readouterr().err


@pytest.mark.parametrize("where", ["file", "store"])
def test_timeout_zero_means_no_limit(where, files, store, capsys):
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert main(["query", *_args(where, files, store), q, "--timeout", "0", "-f", "csv"]) == 0
    assert capsys.readouterr().out.split() == ["n", "300"]


@pytest.mark.parametrize("where", ["file", "store"])
def test_too_many_rows_is_a_clear_one_line_error(where, files, store, capsys):
    start = time.monotonic()
    assert main(["query", *_args(where, files, store), PAIRS, "--max-rows", "1000"]) == 6
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "more than 1,000 rows" in err and "LIMIT" in err
    assert time.monotonic() - start < 20


@pytest.mark.parametrize("where", ["file", "store"])
def test_rows_are_capped_by_default(where, files, store, capsys, monkeypatch):
    monkeypatch.setattr(kg.query, "DEFAULT_MAX_ROWS", 10)
    assert main(["query", *_args(where, files, store), PAIRS]) == 6
    assert "more than 10 rows" in capsys.readouterr().err
    q = "SELECT * WHERE { ?a ?b ?c } LIMIT 10"
    assert main(["query", *_args(where, files, store), q, "-f", "csv"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 11


def test_library_limits_on_a_store(store):
    from kg.store import query_store

    with pytest.raises(errors.QueryError, match="timed out"):
        query_store(store, CARTESIAN, timeout=0.5)
    with pytest.raises(errors.QueryError, match="more than 5 rows"):
        query_store(store, PAIRS, max_rows=5, timeout=30)
    assert len(query_store(store, "SELECT * { ?s ?p ?o }", timeout=30).rows) == 300


def test_a_query_worker_that_runs_out_of_memory_is_a_query_error(monkeypatch):
    """The worker may grow by QUERY_MEMORY; past it, a one-line query error, not a crash.

    One large allocation, not a slow query: a process that has run many tests may have
    enough free heap that a query's many small objects never need new address space.
    """
    from kg.query import QueryResult, in_worker

    monkeypatch.setattr(kg.query, "QUERY_MEMORY", 64 * 1024 * 1024)

    def greedy() -> QueryResult:
        hoard = bytearray(512 * 1024 * 1024)
        return QueryResult("ASK", boolean=bool(hoard))

    with pytest.raises(errors.QueryError, match="more than 64 MB of memory"):
        in_worker(greedy, 60)
    assert in_worker(lambda: QueryResult("ASK", boolean=True), 60).boolean is True
