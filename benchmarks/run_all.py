"""``make bench``: every benchmark under benchmarks/, each in its own process, tables printed.

Runs, when present: ``bench_throughput.py`` (kg build vs bare spaCy words/s and memory),
``bench_store.py`` (SPARQL on 1M+ triples, Oxigraph vs rdflib), ``bench_cluster.py`` (a
2-worker Dask LocalCluster vs ``--jobs 2``; the reduce's growth), ``score_entities.py``,
``ablation_entities.py`` (each entity rule's worth on development and held-out text),
``score_events.py``, ``score_meantime_events.py`` (events on MEANTIME dev, each event rule
off), ``score_case.py`` (events and entities on text in capitals and in lower case, with
recasing on and off) and ``score_coref.py`` (extraction quality; coreference with a
per-sieve ablation). A failing benchmark is reported and the others still run; the exit
code is non-zero if any failed.

usage: python benchmarks/run_all.py [--quick] [--full]
  --quick  small corpora (100 articles, 100k triples): a smoke run of a few minutes
  --full   throughput at 1,000 and 10,000 articles (the 10k run takes long)
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def plan(*, quick: bool, full: bool) -> list[tuple[str, list[str]]]:
    throughput = ["--quick"] if quick else ["--full"] if full else []
    return [
        ("bench_throughput.py", throughput),
        ("bench_store.py", ["--quick"] if quick else []),
        ("bench_cluster.py", ["--quick"] if quick else []),
        ("score_entities.py", []),
        ("ablation_entities.py", []),
        ("score_events.py", []),
        ("score_meantime_events.py", []),
        ("score_case.py", []),
        ("score_coref.py", ["--no-ablation"] if quick else []),
    ]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true")
    p.add_argument("--full", action="store_true")
    args = p.parse_args(argv)
    failed = []
    for script, extra in plan(quick=args.quick, full=args.full):
        path = HERE / script
        if not path.is_file():
            continue
        print(f"\n# {script} {' '.join(extra)}\n", flush=True)
        start = time.perf_counter()
        code = subprocess.call([sys.executable, str(path), *extra], cwd=HERE.parent)
        print(f"\n({script}: {time.perf_counter() - start:.0f} s, exit {code})", flush=True)
        if code != 0:
            failed.append(script)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
