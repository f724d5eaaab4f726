"""Serve benchmark: ``kg serve`` under 8 concurrent SPARQL clients for 30 s, on a large store.

The store is a kg store folder (``kg build --store`` layout) filled with the example
articles parsed once by the kg pipeline and replicated with new document ids and names
varied per copy (``bench_store.py``), until its corpus graph holds ``--triples`` triples.
``kg serve --store`` runs as its own process on 127.0.0.1 with its defaults (2 query
workers, 10 s limit, 10,000 rows); ``--clients`` threads, each with its own HTTP
connection, send the example queries of ``examples/queries/`` round robin (each client
starting at a different one) for ``--duration`` seconds. Reported per query: requests,
p50 and p99 latency, and answers other than 200 (503 = stopped at the time limit).

usage: python benchmarks/bench_serve.py [--triples 1000000] [--store DIR] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "benchmarks"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))


def build_store(path: Path, target: int) -> tuple[int, int, float]:
    """Fill a kg store at ``path`` to ``target`` triples: (triples, documents, seconds)."""
    from bench_store import replicate, seed_graphs

    from kg.store import DocumentStore

    start = time.perf_counter()
    seeds = seed_graphs()
    store = DocumentStore(path)
    copy, triples = 0, 0
    while triples < target:
        batch = []
        for _ in range(10):
            batch += replicate(seeds, copy)
            copy += 1
        store.add(batch)
        triples = store.triple_count()
        sys.stderr.write(f"\rbench_serve: {triples:,} triples")
    store.flush()
    store.close()
    sys.stderr.write("\n")
    return triples, copy * len(seeds), time.perf_counter() - start


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0..1), nearest rank.

    >>> percentile([1.0, 2.0, 3.0, 4.0], 0.5), percentile(list(range(100)), 0.99)
    (2.0, 98)
    """
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q * len(ordered)) - 1))]


def load(base: str, queries: dict[str, str], clients: int, duration: float) -> dict:
    import httpx

    names = sorted(queries)
    samples: dict[str, list[float]] = {n: [] for n in names}
    failures: dict[str, dict[int, int]] = {n: {} for n in names}
    lock = threading.Lock()
    stop = time.monotonic() + duration

    def client(k: int) -> None:
        with httpx.Client(timeout=60) as http:
            i = k
            while time.monotonic() < stop:
                name = names[i % len(names)]
                i += 1
                t = time.perf_counter()
                r = http.post(
                    base + "/sparql",
                    data={"query": queries[name]},
                    headers={"Accept": "application/sparql-results+json"},
                )
                elapsed = time.perf_counter() - t
                with lock:
                    if r.status_code == 200:
                        samples[name].append(elapsed)
                    else:
                        failures[name][r.status_code] = failures[name].get(r.status_code, 0) + 1

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"samples": samples, "failures": failures}


def main(argv: list[str] | None = None) -> int:
    import httpx
    from bench_store import queries as example_queries

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--triples", type=int, default=1_000_000)
    p.add_argument("--store", metavar="DIR", help="use (or create) the store here")
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--duration", type=float, default=30.0)
    p.add_argument("--json", metavar="FILE")
    args = p.parse_args(argv)

    folder = Path(args.store) if args.store else Path(tempfile.mkdtemp()) / "store"
    from kg.store import is_store, open_store, triple_count

    if is_store(folder):
        triples, documents, build_s = triple_count(open_store(folder)), None, 0.0
    else:
        triples, documents, build_s = build_store(folder, args.triples)
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    server = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--store", str(folder), "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(base + "/sparql", params={"query": "ASK {}"}, timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.3)
        queries = example_queries()
        result = load(base, queries, args.clients, args.duration)
    finally:
        server.terminate()
        server.wait(timeout=30)

    loadavg = os.getloadavg()[0]
    print(
        f"## kg serve: {args.clients} clients for {args.duration:.0f} s on {triples:,} triples"
        + (f" ({documents:,} documents, store built in {build_s:.0f} s)" if documents else "")
        + "\n"
    )
    print(f"load average {loadavg:.1f} on {os.cpu_count()} cores; 2 query workers\n")
    print("| query | requests | p50 ms | p99 ms | not 200 |")
    print("|---|---:|---:|---:|---|")
    total = 0
    for name in sorted(queries):
        xs = result["samples"][name]
        total += len(xs)
        fails = ", ".join(f"{k}: {v}" for k, v in sorted(result["failures"][name].items()))
        if xs:
            p50, p99 = percentile(xs, 0.5) * 1000, percentile(xs, 0.99) * 1000
            print(f"| {name} | {len(xs)} | {p50:.0f} | {p99:.0f} | {fails or '-'} |")
        else:
            print(f"| {name} | 0 | - | - | {fails or '-'} |")
    print(f"\nthroughput: {total / args.duration:.1f} answered queries/s")
    if args.json:
        summary = {
            n: {
                "requests": len(xs),
                "p50_s": statistics.median(xs) if xs else None,
                "p99_s": percentile(xs, 0.99) if xs else None,
                "failures": result["failures"][n],
            }
            for n, xs in result["samples"].items()
        }
        Path(args.json).write_text(
            json.dumps({"triples": triples, "queries": summary}, indent=1), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
