"""Interrupted runs lose nothing: SIGKILL mid-write leaves the previous output intact and a
rerun completes; Ctrl-C and SIGTERM stop cleanly with one line and exit 130 / 143.

``kg build`` runs as a real subprocess. To kill it *while it writes* (not before or after),
the child process is started through a small hook that makes ``os.fsync`` slow: an atomic
write then holds its fully written temporary file for a few seconds before renaming it, and
the test signals the process as soon as that temporary file appears.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph
import pytest
from synthetic import write_corpus

from kg import errors
from kg.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
KG = "https://w3id.org/kg-news/ontology#"

HOOK = """
import os, signal, sys, time
# A job started from a terminal has Python's Ctrl-C handler; a test run started in the
# background of a non-interactive shell (CI) inherits SIGINT ignored, which kg respects.
signal.signal(signal.SIGINT, signal.default_int_handler)
_fsync = os.fsync
def _slow_fsync(fd):
    time.sleep(float(os.environ.get("KG_TEST_SLOW_FSYNC", "0")))
    _fsync(fd)
os.fsync = _slow_fsync
from kg.cli import run
if os.environ.get("KG_TEST_READY"):  # imports done: the test may now interrupt
    open(os.environ["KG_TEST_READY"], "w").close()
run()  # the console script's entry point, as the kg command runs
"""


def _build_options() -> set[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return {s for a in sub.choices["build"]._actions for s in a.option_strings}


HAS_STORE = "--store" in _build_options()
HAS_JOBS = "--jobs" in _build_options()


def build_argv(inputs, out: Path, *, jobs: int = 1, store: Path | None = None) -> list[str]:
    argv = ["build", *map(str, inputs), "--out", str(out), "--quiet", "--no-validate"]
    if HAS_JOBS:
        argv += ["--jobs", str(jobs)]
    if store is not None:
        argv += ["--store", str(store)]
    return argv


def start(
    argv: list[str], *, slow_fsync: float = 0.0, ready: Path | None = None
) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT), KG_TEST_SLOW_FSYNC=str(slow_fsync))
    if ready is not None:
        env["KG_TEST_READY"] = str(ready)
    env.pop("KG_DEBUG", None)
    return subprocess.Popen(
        [sys.executable, "-c", HOOK, *argv],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, like a job in a terminal
    )


def ctrl_c(proc: subprocess.Popen) -> None:
    """What Ctrl-C in a terminal does: SIGINT to the whole process group, workers too."""
    os.killpg(proc.pid, signal.SIGINT)


def run_to_end(argv: list[str]) -> subprocess.CompletedProcess:
    proc = start(argv)
    out, err = proc.communicate(timeout=600)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def start_and_wait(argv: list[str], tmp_path: Path, *, extra: float = 3.0) -> subprocess.Popen:
    """Start ``kg`` and return once it runs ``kg.cli.main`` plus ``extra`` seconds.

    Waiting for the imports first keeps a loaded machine from turning "interrupt during
    extraction" into "interrupt during Python start-up".
    """
    ready = tmp_path / "ready"
    proc = start(argv, ready=ready)
    deadline = time.monotonic() + 300
    while not ready.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(extra)
    assert proc.poll() is None, "the build finished too quickly to be interrupted"
    return proc


def temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp")]


def wait_for_temp_file(proc: subprocess.Popen, folder: Path, timeout: float = 300) -> Path:
    """Poll until the build has begun an atomic write into ``folder``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = temp_files(folder) if folder.is_dir() else []
        if found:
            return found[0]
        if proc.poll() is not None:
            _, err = proc.communicate()
            pytest.fail(f"kg build ended ({proc.returncode}) without an atomic write: {err}")
        time.sleep(0.01)
    proc.kill()
    pytest.fail("kg build did not start writing in time")


def parses(path: Path) -> int:
    """The number of triples in a Turtle file, parsed by an independent parser."""
    with path.open("rb") as fh:
        return sum(1 for _ in pyoxigraph.parse(fh, format=pyoxigraph.RdfFormat.TURTLE))


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    """A small corpus (the previous build), a bigger one (the interrupted build) and a long
    one for interrupts timed from the start (it must outlast start-up by seconds, however
    fast the build: 60 articles once did not on 2 workers)."""
    root = tmp_path_factory.mktemp("corpora")
    small = root / "small"
    big = root / "big"
    long = root / "long"
    write_corpus(small, 4)
    write_corpus(big, 60, start=1000)
    write_corpus(long, 600, start=2000)
    return small, big, long


@pytest.fixture(scope="module")
def previous(corpora, tmp_path_factory):
    """The output of a completed build of the small corpus: folder and graph.ttl bytes."""
    out = tmp_path_factory.mktemp("previous") / "out"
    proc = run_to_end(build_argv([corpora[0]], out))
    assert proc.returncode == 0, proc.stderr
    return out, (out / "graph.ttl").read_bytes()


def copy_output(previous, tmp_path) -> Path:
    src, _ = previous
    out = tmp_path / "out"
    out.mkdir()
    for f in src.iterdir():
        (out / f.name).write_bytes(f.read_bytes())
    return out


def test_sigkill_while_writing_keeps_previous_graph_and_rerun_completes(
    corpora, previous, tmp_path
):
    out = copy_output(previous, tmp_path)
    before = {f.name: f.read_bytes() for f in out.iterdir()}
    proc = start(build_argv([corpora[1]], out), slow_fsync=5.0)
    temp = wait_for_temp_file(proc, out)
    time.sleep(0.3)  # the temporary file now holds the new graph, not yet renamed
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    after = {f.name: f.read_bytes() for f in out.iterdir() if not f.name.endswith(".tmp")}
    assert after == before  # every previous output byte-identical, nothing half-replaced
    assert parses(out / "graph.ttl") > 0
    assert temp.name.startswith(".")  # a leftover is hidden, never named like an output

    rerun = run_to_end(build_argv([corpora[1]], out))
    assert rerun.returncode == 0, rerun.stderr
    assert (out / "graph.ttl").read_bytes() != previous[1]
    assert parses(out / "graph.ttl") > parses_bytes(previous[1])
    assert temp_files(out) == []  # stale temporary files of the killed run are gone


def parses_bytes(data: bytes) -> int:
    return sum(1 for _ in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE))


def test_sigkill_during_extraction_keeps_previous_output(corpora, previous, tmp_path):
    out = copy_output(previous, tmp_path)
    before = {f.name: f.read_bytes() for f in out.iterdir()}
    proc = start_and_wait(build_argv([corpora[2]], out), tmp_path)
    proc.kill()
    proc.communicate(timeout=60)
    assert {f.name: f.read_bytes() for f in out.iterdir()} == before


@pytest.mark.parametrize(
    ("sig", "code"),
    [(signal.SIGINT, 130), (signal.SIGTERM, 143)],
    ids=["ctrl-c", "sigterm"],
)
def test_signal_while_writing_stops_cleanly(sig, code, corpora, previous, tmp_path):
    assert code in errors.EXIT_CODES
    out = copy_output(previous, tmp_path)
    before = {f.name: f.read_bytes() for f in out.iterdir()}
    proc = start(build_argv([corpora[1]], out), slow_fsync=5.0)
    wait_for_temp_file(proc, out)
    if sig == signal.SIGINT:
        ctrl_c(proc)
    else:
        proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == code, stderr
    assert "Traceback" not in stderr
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("kg: "), stderr
    assert {f.name: f.read_bytes() for f in out.iterdir()} == before  # temp removed too


@pytest.mark.parametrize("jobs", [1, 2] if HAS_JOBS else [1])
def test_ctrl_c_during_extraction_is_one_line(jobs, corpora, tmp_path):
    proc = start_and_wait(build_argv([corpora[2]], tmp_path / "out", jobs=jobs), tmp_path)
    ctrl_c(proc)
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert lines == ["kg: interrupted; earlier output is left as it was"], stderr
    assert stdout == ""
    assert not (tmp_path / "out" / "graph.ttl").exists()


# -- the persistent store -------------------------------------------------------------------


def database(store: Path) -> Path:
    """The Oxigraph database inside a kg store folder, opened directly by pyoxigraph."""
    try:
        from kg.store import DATABASE
    except ImportError:
        return store
    return store / DATABASE


COUNT = f"""
SELECT (COUNT(DISTINCT ?d) AS ?docs) (COUNT(DISTINCT ?g) AS ?graphs)
WHERE {{ GRAPH ?g {{ ?d a <{KG}Document> }} }}
"""


def store_counts(path: Path) -> tuple[int, int]:
    """Documents and named graphs holding them, read by pyoxigraph directly."""
    store = pyoxigraph.Store.read_only(str(database(path)))
    try:
        row = next(iter(store.query(COUNT)))
        return int(row["docs"].value), int(row["graphs"].value)
    finally:
        del store


def store_quads(path: Path) -> set[tuple[str, str, str, str]]:
    store = pyoxigraph.Store.read_only(str(database(path)))
    try:
        return {
            (str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
            for q in store.quads_for_pattern(None, None, None, None)
        }
    finally:
        del store


@pytest.mark.skipif(not HAS_STORE, reason="kg build --store is not available yet")
@pytest.mark.parametrize("when", ["extraction", "writing"])
def test_sigkill_keeps_the_store_usable(when, corpora, tmp_path):
    small, big, _ = corpora
    store = tmp_path / "store"
    first = run_to_end(build_argv([small], tmp_path / "o1", store=store))
    assert first.returncode == 0, first.stderr
    assert store_counts(store) == (4, 4)
    quads_before = store_quads(store)

    out = tmp_path / "o2"
    if when == "writing":
        proc = start(build_argv([big], out, store=store), slow_fsync=5.0)
        wait_for_temp_file(proc, out)
    else:
        proc = start_and_wait(build_argv([big], out, store=store), tmp_path)
    proc.kill()
    proc.communicate(timeout=60)

    docs, graphs = store_counts(store)  # the store opens and answers queries
    assert docs == graphs and 4 <= docs <= 64
    assert quads_before <= store_quads(store)  # nothing of the earlier batch was lost

    rerun = run_to_end(build_argv([big], out, store=store))
    assert rerun.returncode == 0, rerun.stderr
    assert store_counts(store) == (64, 64)  # exact: no loss, no duplicates
    assert parses(out / "graph.ttl") > 0
