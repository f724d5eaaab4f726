"""``kg analyze GRAPH --out FILE.md``: centrality, communities and timeline with NetworkX."""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "analyze",
        help="network analysis of a graph file",
        description="Project the graph onto NetworkX and report the most central actors.",
    )
    p.add_argument("graph", nargs="+", metavar="GRAPH", help="graph file(s)")
    p.add_argument("--out", default="report.md", metavar="FILE.md", help="Markdown report")
    p.add_argument("--top", type=int, default=10, help="actors to list (default: 10)")
    return p


def run(args: argparse.Namespace) -> int:
    from kg.analysis import summary
    from kg.fileio import atomic_write_text
    from kg.graphio import load_graph
    from kg.report import render_report

    stats = summary(load_graph(args.graph), top=args.top)
    out = Path(args.out)
    atomic_write_text(out, render_report(stats))
    atomic_write_text(out.with_suffix(".json"), json.dumps(stats, indent=2, sort_keys=True) + "\n")
    print(f"Report: {out}")
    return 0
