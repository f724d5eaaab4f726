"""Soak: articles added to a persistent store in repeated batches, queried between batches.

After every batch the number of documents and of the named graphs holding them is exact (no
loss, no duplicates), re-adding a batch changes nothing, and the peak memory of the build
(the whole process tree, workers included) does not grow from batch to batch.

Default: 4 batches of 50 articles. ``KG_SOAK_FULL=1``: 4 x 500 = 2,000 articles (several
minutes). ``KG_SOAK_BATCHES`` / ``KG_SOAK_SIZE`` override either. Figures are printed (run
with ``-s``) and written to ``$KG_SOAK_REPORT`` when set.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pyoxigraph
import pytest
from synthetic import write_corpus

from kg.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
KG = "https://w3id.org/kg-news/ontology#"
FULL = bool(os.environ.get("KG_SOAK_FULL"))
BATCHES = int(os.environ.get("KG_SOAK_BATCHES", 4))
SIZE = int(os.environ.get("KG_SOAK_SIZE", 500 if FULL else 50))
#: Allowed growth of a batch's peak RSS over the first batch's.
RSS_TOLERANCE = 1.25
RSS_SLACK_MB = 64


def _options(command: str) -> set[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return {s for a in sub.choices[command]._actions for s in a.option_strings}


HAS_STORE = "--store" in _options("build")
QUERY_STORE = "--store" in _options("query")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.model,
    pytest.mark.skipif(not HAS_STORE, reason="kg build --store is not available yet"),
]


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
PER_GRAPH = f"""
SELECT ?g (COUNT(DISTINCT ?d) AS ?n) WHERE {{ GRAPH ?g {{ ?d a <{KG}Document> }} }}
GROUP BY ?g HAVING (COUNT(DISTINCT ?d) > 1)
"""


def _tree_rss_kb(root: int) -> int:
    """Resident memory of ``root`` and all its descendants, in kB (from /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
        except (OSError, IndexError, ValueError):
            continue
    tree = {root}
    grew = True
    while grew:
        grew = False
        for pid, ppid in parents.items():
            if ppid in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return sum(rss.get(pid, 0) for pid in tree)


def run_measured(argv: list[str]) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run ``python -m kg ARGV``; returns the result, wall seconds and peak tree RSS in MB."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("KG_DEBUG", None)
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", *argv],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate(timeout=3600)
    sampler.join()
    elapsed = time.monotonic() - start
    return (
        subprocess.CompletedProcess(proc.args, proc.returncode, out, err),
        elapsed,
        peak[0] / 1024,
    )


def store_counts(store: Path) -> tuple[int, int, int]:
    """Documents, named graphs holding one, and graphs holding more than one document."""
    db = pyoxigraph.Store.read_only(str(database(store)))
    try:
        row = next(iter(db.query(COUNT)))
        shared = len(list(db.query(PER_GRAPH)))
        return int(row["docs"].value), int(row["graphs"].value), shared
    finally:
        del db


def _report(figure: dict) -> None:
    """Print a batch's figures as they come (``-s``) and append them to ``$KG_SOAK_REPORT``."""
    line = json.dumps(figure)
    sys.__stderr__.write(f"soak: {line}\n")
    if os.environ.get("KG_SOAK_REPORT"):
        with open(os.environ["KG_SOAK_REPORT"], "a", encoding="utf-8") as fh:
            fh.write(line + "\n")


@pytest.fixture
def soak_dir():
    """A private folder: a long run must not share pytest's basetemp, which a concurrent
    pytest session on the same machine prunes (it keeps only the three newest)."""
    with tempfile.TemporaryDirectory(prefix="kg-soak-") as folder:
        yield Path(folder)


@pytest.mark.timeout(3600)
def test_soak_batches_into_a_store(soak_dir):
    tmp_path = soak_dir
    corpus = tmp_path / "corpus"
    batches = [write_corpus(corpus / f"batch{b}", SIZE, start=b * SIZE) for b in range(BATCHES)]
    store = tmp_path / "store"
    figures = []
    for b in range(BATCHES):
        out = tmp_path / f"out{b}"
        argv = ["build", str(corpus / f"batch{b}"), "--store", str(store), "--out", str(out)]
        proc, seconds, rss = run_measured([*argv, "--quiet", "--no-validate"])
        assert proc.returncode == 0, proc.stderr
        expected = (b + 1) * SIZE
        docs, graphs, shared = store_counts(store)
        figures.append(
            {
                "batch": b,
                "articles": len(batches[b]),
                "seconds": round(seconds, 1),
                "peak_rss_mb": round(rss),
                "documents": docs,
                "graphs": graphs,
            }
        )
        _report(figures[-1])
        assert (docs, graphs, shared) == (expected, expected, 0), figures[-1]
        # query between batches, through the command line as a user does
        query = f"SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ ?d a <{KG}Document> }}"
        if QUERY_STORE:
            answer = subprocess.run(
                [sys.executable, "-m", "kg", "query", "--store", str(store), query, "-f", "csv"],
                cwd=ROOT,
                env=dict(os.environ, PYTHONPATH=str(ROOT)),
                capture_output=True,
                text=True,
                timeout=600,
            )
        else:
            answer = subprocess.run(
                [sys.executable, "-m", "kg", "query", str(out / "graph.ttl"), query, "-f", "csv"],
                cwd=ROOT,
                env=dict(os.environ, PYTHONPATH=str(ROOT)),
                capture_output=True,
                text=True,
                timeout=600,
            )
        assert answer.returncode == 0, answer.stderr
        assert answer.stdout.splitlines()[1] == str(expected)

    # re-adding a batch replaces its documents: no duplicates
    proc, seconds, rss = run_measured(
        [
            "build",
            str(corpus / "batch0"),
            "--store",
            str(store),
            "--out",
            str(tmp_path / "again"),
            "--quiet",
            "--no-validate",
        ]
    )
    assert proc.returncode == 0, proc.stderr
    total = BATCHES * SIZE
    assert store_counts(store) == (total, total, 0)
    figures.append(
        {
            "batch": "re-add 0",
            "articles": SIZE,
            "seconds": round(seconds, 1),
            "peak_rss_mb": round(rss),
            "documents": total,
            "graphs": total,
        }
    )

    _report(figures[-1])
    first = figures[0]["peak_rss_mb"]
    for fig in figures[1:]:
        assert fig["peak_rss_mb"] <= first * RSS_TOLERANCE + RSS_SLACK_MB, figures
