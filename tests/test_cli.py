"""The ``kg`` command end to end, as a user runs it: real processes, the real model, the
example articles.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph

from kg import errors
from kg.cli import COMMANDS, main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "articles"
ARTICLES = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".txt", ".html", ".jsonl"))
QUERIES = sorted((ROOT / "examples" / "queries").glob("*.rq"))
NS = {"kg": "https://w3id.org/kg-news/ontology#", "dcterms": "http://purl.org/dc/terms/"}

pytestmark = pytest.mark.model


def kg(*argv: str, cwd: Path = ROOT, seed: str = "0", timeout: float = 600):
    """``python -m kg ARGV`` in a fresh process (hash seed fixed per call)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONHASHSEED=seed)
    env.pop("KG_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "kg", *argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


# -- help and exit codes --------------------------------------------------------------------


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_exits_0_and_lists_exit_codes(command, capsys):
    argv = ["--help"] if command is None else [command, "--help"]
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 0
    text = capsys.readouterr().out
    assert "exit codes:" in text
    for code, meaning in errors.EXIT_CODES.items():
        assert f"{code:>3}  {meaning}" in text
    if command is None:
        for name in COMMANDS:
            assert name in text


def test_python_dash_m_kg_runs():
    proc = kg("--help")
    assert proc.returncode == 0, proc.stderr
    assert "exit codes:" in proc.stdout
    version = kg("--version")
    assert version.returncode == 0
    assert version.stdout.startswith("kg ")


def test_console_script_if_installed():
    script = shutil.which("kg", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the kg console script is not installed in this environment (pip install -e .)")
    proc = subprocess.run([script, "--help"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0
    assert "exit codes:" in proc.stdout


# -- kg build on the examples ---------------------------------------------------------------


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The examples built twice, in two processes with different hash seeds."""
    outs = []
    for seed in ("1", "2"):
        out = tmp_path_factory.mktemp(f"build{seed}") / "out"
        proc = kg("build", "examples/articles", "--out", str(out), seed=seed)
        outs.append((out, proc))
    return outs


def test_build_writes_the_four_outputs_and_prints_paths(builds):
    out, proc = builds[0]
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    for name in ("graph.ttl", "graph.html", "report.md", "analysis.json"):
        assert (out / name).is_file() and (out / name).stat().st_size > 0, name
    assert f"Turtle: {out / 'graph.ttl'}" in proc.stdout
    assert f"HTML:   {out / 'graph.html'}" in proc.stdout
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_build_output_is_valid_and_complete(builds):
    out, _ = builds[0]
    with (out / "graph.ttl").open("rb") as fh:  # an independent parser agrees it is Turtle
        quads = list(pyoxigraph.parse(fh, format=pyoxigraph.RdfFormat.TURTLE))
    assert quads
    graph = Graph().parse(out / "graph.ttl")
    assert len(graph) == len(quads)
    sources = {
        str(s) for s in graph.objects(None, graph.namespace_manager.expand_curie("dcterms:source"))
    }
    assert len(sources) == len(ARTICLES)  # every example article is a document
    analysis = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    assert analysis["documents"] == len(ARTICLES)
    html = (out / "graph.html").read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html")
    assert (out / "report.md").read_text(encoding="utf-8").strip()


def test_two_builds_give_byte_identical_turtle_and_html(builds):
    (out1, p1), (out2, p2) = builds
    assert p1.returncode == 0 and p2.returncode == 0
    assert (out1 / "graph.ttl").read_bytes() == (out2 / "graph.ttl").read_bytes()
    assert (out1 / "graph.html").read_bytes() == (out2 / "graph.html").read_bytes()
    assert json.loads((out1 / "analysis.json").read_text()) == json.loads(
        (out2 / "analysis.json").read_text()
    )


# -- kg query on the built graph ------------------------------------------------------------

TITLES = "SELECT ?doc ?title WHERE { ?doc a kg:Document ; dcterms:title ?title } ORDER BY ?title"


@pytest.fixture(scope="module")
def built_ttl(builds) -> Path:
    out, proc = builds[0]
    assert proc.returncode == 0, proc.stderr
    return out / "graph.ttl"


@pytest.fixture(scope="module")
def expected_titles(built_ttl) -> list[tuple[str, str]]:
    """The answer computed by rdflib directly on the file, independent of kg query."""
    graph = Graph().parse(built_ttl)
    rows = graph.query(TITLES, initNs=NS)
    return [(str(d), str(t)) for d, t in rows]


def test_query_csv(built_ttl, expected_titles):
    proc = kg("query", str(built_ttl), TITLES, "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(io.StringIO(proc.stdout)))
    assert rows[0] == ["doc", "title"]
    assert [tuple(r) for r in rows[1:]] == expected_titles
    assert len(expected_titles) == len(ARTICLES)


def test_query_json(built_ttl, expected_titles):
    proc = kg("query", str(built_ttl), TITLES, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["head"]["vars"] == ["doc", "title"]
    got = [(b["doc"]["value"], b["title"]["value"]) for b in data["results"]["bindings"]]
    assert got == expected_titles
    assert all(b["doc"]["type"] == "uri" for b in data["results"]["bindings"])


def test_query_table(built_ttl, expected_titles):
    proc = kg("query", str(built_ttl), TITLES, "--format", "table")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["doc", "title"]
    assert set(lines[1]) <= {"-", " "}
    assert lines[-1] == f"({len(expected_titles)} rows)"
    for (doc, title), line in zip(expected_titles, lines[2:-1], strict=True):
        assert line.split()[0] in _names(doc)  # the IRI, in full or prefixed
        assert title[:60] in line


def _names(iri: str) -> set[str]:
    from kg.namespace import PREFIXES

    forms = {iri, f"<{iri}>"}
    for prefix, ns in PREFIXES.items():
        if iri.startswith(str(ns)):
            forms.add(f"{prefix}:{iri[len(str(ns)) :]}")
    return forms


def test_query_default_format_when_piped_is_csv(built_ttl, expected_titles):
    proc = kg("query", str(built_ttl), TITLES)
    assert proc.returncode == 0, proc.stderr
    assert len(list(csv.reader(io.StringIO(proc.stdout)))) == len(expected_titles) + 1


@pytest.mark.parametrize("query", QUERIES, ids=[q.stem for q in QUERIES])
def test_example_queries_run(query, built_ttl):
    proc = kg("query", str(built_ttl), str(query), "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()


@pytest.mark.parametrize(("command", "output"), [("analyze", "report.md"), ("viz", "graph.html")])
def test_analyze_and_viz_on_the_built_graph(command, output, built_ttl, tmp_path):
    target = tmp_path / output
    proc = kg(command, str(built_ttl), "--out", str(target))
    assert proc.returncode == 0, proc.stderr
    assert target.is_file() and target.stat().st_size > 0


def test_closed_pipe_ends_quietly(built_ttl):
    """``kg query ... | head -1``: the reader goes away; no traceback, exit 0."""
    everything = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "query", str(built_ttl), everything, "-f", "csv"],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout.readline().strip() == b"s,p,o"
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=300)
    assert proc.returncode == 0, err
    assert err == ""


def test_a_stop_signal_wrapped_in_another_error_is_still_a_stop(monkeypatch, capsys):
    """Python reports an exception raised in a class body being made at import (a dataclass
    field's ``__set_name__``) as a RuntimeError: Ctrl-C there must still read as Ctrl-C."""
    import kg.commands.build as build

    def interrupted(args):
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as exc:
            raise RuntimeError("Error calling __set_name__ on 'Field' instance") from exc

    monkeypatch.setattr(build, "run", interrupted)
    assert main(["build", "examples/articles"]) == 130
    err = capsys.readouterr().err
    assert err == "kg: interrupted; earlier output is left as it was\n"

    # and the next call in the same process is not taken for a stop
    def broken(args):
        raise RuntimeError("a bug")

    monkeypatch.setattr(build, "run", broken)
    assert main(["build", "examples/articles"]) == 70
    assert "internal error: RuntimeError: a bug" in capsys.readouterr().err


def test_a_stop_dropped_where_it_landed_still_stops_and_writes_nothing(
    monkeypatch, tmp_path, capsys
):
    """Python drops an exception raised inside a ``__del__`` or a callback: a Ctrl-C landing
    there must still stop kg (exit 130) before it writes anything."""
    import signal as signals

    from kg import cli, fileio
    from kg.commands import build

    target = tmp_path / "graph.ttl"

    def swallowed(args):
        try:
            cli._on_sigint(signals.SIGINT, None)  # as a Ctrl-C inside a __del__
        except KeyboardInterrupt:
            pass  # dropped, as Python drops it there
        fileio.atomic_write_text(target, "not to be written")
        return 0

    monkeypatch.setattr(build, "run", swallowed)
    assert main(["build", "examples/articles"]) == 130
    assert not target.exists()
    assert "interrupted" in capsys.readouterr().err

    def late(args):  # the stop comes after the last write: kg still says it stopped
        try:
            cli._on_sigint(signals.SIGINT, None)
        except KeyboardInterrupt:
            pass
        return 0

    monkeypatch.setattr(build, "run", late)
    assert main(["build", "examples/articles"]) == 130
    monkeypatch.setattr(build, "run", lambda args: 0)
    assert main(["build", "examples/articles"]) == 0  # and the next command runs again
