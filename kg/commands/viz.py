"""``kg viz GRAPH --out FILE.html``: the interactive graph of a graph file."""

from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "viz",
        help="write the interactive HTML graph of a graph file",
        description="Write a self-contained interactive HTML graph.",
    )
    p.add_argument("graph", nargs="+", metavar="GRAPH", help="graph file(s)")
    p.add_argument("--out", default="graph.html", metavar="FILE.html", help="HTML file")
    return p


def run(args: argparse.Namespace) -> int:
    from kg.graphio import load_graph
    from kg.viz import write_html

    path = write_html(load_graph(args.graph), args.out)
    print(f"HTML: {path}")
    return 0
