"""Browser benchmark: how long the HTML view of a large corpus takes to open in Chromium.

The corpus is the example articles parsed once by the kg pipeline and replicated with new
document ids and names varied per copy (as ``bench_store.py`` does), streamed through the
projection ``kg build`` keeps (:class:`kg.store.Projection`), until it holds ``--entities``
entities. The page is written by :func:`kg.viz.render_html`, exactly as ``kg build`` and
``kg viz`` write it, and opened over ``file://`` in Debian's chromium, headless, at
1280x800. Reported, from the start of navigation (the page's ``performance.now()``):

* ``parsed``: the data parsed and the network built (the end of the page's script);
* ``drawn``: the first frame on screen;
* ``stable``: the layout has stopped (physics off): what a user waits for.

Measured on a shared machine: run it when the load is low, and read the figures as such.

usage: python benchmarks/bench_browser.py [--entities 10000] [--runs 3] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "benchmarks"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

CHROMIUM = "/usr/bin/chromium"


def corpus_projection(entities: int):
    """The projection graph of a replicated corpus with at least ``entities`` entities."""
    from bench_store import replicate, seed_graphs

    from kg.corpus import CorpusResolver
    from kg.serialize import CorpusTriples
    from kg.store import Projection
    from kg.viz import _Reader

    seeds = seed_graphs()
    stream, projection, resolver = CorpusTriples(), Projection(), CorpusResolver()
    copy, documents, found = 0, 0, 0
    while found < entities:
        for g in replicate(seeds, copy):
            projection.add(list(stream.triples(resolver.add(g))))
            documents += 1
        copy += 1
        if copy % 10 == 0:
            found = len(_Reader(projection.graph).entity_types)
    return projection.graph, documents


def open_page(path: Path, runs: int) -> list[dict]:
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            errors: list[str] = []
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            page.add_init_script(
                "window.addEventListener('DOMContentLoaded', () => { window.kgDom = "
                "performance.now(); });"
            )
            page.goto(path.resolve().as_uri(), wait_until="load", timeout=600_000)
            page.wait_for_function("() => window.kgStable === true", timeout=600_000)
            times = page.evaluate(
                "() => ({parsed: window.kgTimes.parsed, drawn: window.kgTimes.drawn, "
                "stable: window.kgTimes.stable, dom: window.kgDom, "
                "marks: Object.fromEntries(performance.getEntriesByType('mark')"
                ".map(m => [m.name, m.startTime])), "
                "nodes: kgNetwork.body.nodeIndices.length, "
                "edges: kgNetwork.body.edgeIndices.length})"
            )
            times["errors"] = errors
            out.append(times)
            page.close()
        browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    from kg.viz import MAX_NODES, graph_data, render_html

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--entities", type=int, default=10_000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--max-nodes", type=int, default=MAX_NODES)
    p.add_argument("--json", metavar="FILE")
    p.add_argument("--keep", metavar="FILE.html", help="keep the page here")
    args = p.parse_args(argv)
    if not os.path.exists(CHROMIUM):
        print(f"bench_browser: {CHROMIUM} missing (apt-get install chromium)", file=sys.stderr)
        return 1

    t = time.perf_counter()
    graph, documents = corpus_projection(args.entities)
    corpus_s = time.perf_counter() - t
    data = graph_data(graph)
    n_entities = sum(1 for n in data["nodes"] if n["kind"] == "entity")
    n_events = len(data["events"])
    t = time.perf_counter()
    page = render_html(graph, max_nodes=args.max_nodes)
    write_s = time.perf_counter() - t
    path = Path(args.keep) if args.keep else Path(tempfile.mkdtemp()) / "graph.html"
    path.write_text(page, encoding="utf-8")
    size_mb = path.stat().st_size / 1e6
    runs = open_page(path, args.runs)

    def med(key: str) -> float:
        return statistics.median(r[key] for r in runs) / 1000

    load = os.getloadavg()[0]
    print(f"## HTML view of {n_entities:,} entities and {n_events:,} events ({documents:,} docs)\n")
    print(
        f"corpus built in {corpus_s:.1f} s; page written in {write_s:.1f} s, {size_mb:.1f} MB; "
        f"initial view {runs[0]['nodes']:,} nodes, {runs[0]['edges']:,} edges "
        f"(--max-nodes {args.max_nodes}); load average {load:.1f} on {os.cpu_count()} cores\n"
    )
    print("| step (from navigation start) | median s | runs |")
    print("|---|---:|---|")
    for key in ("dom", "parsed", "drawn", "stable"):
        each = ", ".join(f"{r[key] / 1000:.2f}" for r in runs)
        print(f"| {key} | {med(key):.2f} | {each} |")
    marks = runs[0]["marks"]
    print(
        "\nfirst run, page script marks (s): "
        + ", ".join(
            f"{k[3:]} {v / 1000:.2f}" for k, v in sorted(marks.items(), key=lambda kv: kv[1])
        )
    )
    if any(r["errors"] for r in runs):
        print("\npage errors:", runs[0]["errors"])
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "entities": n_entities,
                    "events": n_events,
                    "documents": documents,
                    "html_mb": size_mb,
                    "write_s": write_s,
                    "runs": runs,
                    "load_average": load,
                },
                indent=1,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
