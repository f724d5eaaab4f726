"""``kg analyze GRAPH --out FILE.md``: centrality, communities, paths and timeline (NetworkX)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "analyze",
        help="network analysis of a graph file",
        description=(
            "Project the graph onto NetworkX (entities as nodes; events as typed edges, or "
            "as nodes with --events-as nodes; see docs/analysis.md) and report the most "
            "central actors (degree, PageRank, betweenness), Louvain communities, connected "
            "components, a timeline of events and, with --path, the shortest chain of events "
            "between two actors. Writes FILE.md, FILE.json and a chart FILE.png."
        ),
    )
    p.add_argument("graph", nargs="*", metavar="GRAPH", help="graph file(s)")
    p.add_argument("--store", metavar="DIR", help="read a kg store instead of graph files")
    p.add_argument(
        "--out",
        default="report.md",
        metavar="FILE.md",
        help="Markdown report; FILE.json and FILE.png are written beside it (default: "
        "report.md, report.json and report.png in the current folder)",
    )
    p.add_argument("--top", type=_positive, default=10, help="actors to list (default: 10)")
    p.add_argument(
        "--events-as",
        choices=("edges", "nodes"),
        default="edges",
        help="project events as edges between actors (default) or as nodes",
    )
    p.add_argument(
        "--open-events",
        action="store_true",
        help="also analyse open events (every predicate, typed only kg:Event); by default "
        "only the typed events and their actors",
    )
    p.add_argument(
        "--path",
        nargs=2,
        metavar=("A", "B"),
        help="also find the shortest chain of events from actor A to actor B (label or IRI)",
    )
    p.add_argument("--no-chart", dest="chart", action="store_false", help="skip the PNG chart")
    return p


def run(args: argparse.Namespace) -> int:
    from kg import errors
    from kg.analysis import analyze
    from kg.fileio import atomic_write_text
    from kg.graphio import load_input
    from kg.report import render_report, write_chart

    out = Path(args.out)
    if out.suffix.lower() in (".json", ".png"):
        raise errors.UsageError(f"--out {out}: give the Markdown file (FILE.md)")
    stats = analyze(
        load_input(args.graph, store=args.store),
        events_as=args.events_as,
        open_events=args.open_events,
        top=args.top,
        path=tuple(args.path) if args.path else None,
    )
    chart = None
    if args.chart:
        chart_path = write_chart(stats, out.with_suffix(".png"))
        chart = chart_path.name
    atomic_write_text(out, render_report(stats, title="Network analysis", chart=chart))
    json_path = out.with_suffix(".json")
    atomic_write_text(json_path, json.dumps(stats, indent=2, sort_keys=True) + "\n")
    print(f"Report: {out}")
    print(f"JSON:   {json_path}")
    if chart:
        print(f"Chart:  {out.with_suffix('.png')}")
    return 0
