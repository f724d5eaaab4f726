"""``kg viz GRAPH --out FILE.html``: the interactive graph of a graph file, offline."""

from __future__ import annotations

import argparse


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    from kg.viz import MAX_NODES

    p = sub.add_parser(
        "viz",
        help="write the interactive HTML graph of a graph file",
        description=(
            "Write one self-contained HTML file (vis-network inlined: it works offline and "
            "makes no network request) showing entities as nodes, coloured and shaped by "
            "their ontology class; events between two entities as edges, other events "
            "(statements, events with a place or more participants) as small nodes with "
            "role-labelled edges; relations as dashed edges. Toggles switch events between "
            "edges and nodes, relations and open events on or off; filters by class, "
            "document, date and links; search over every name. Graphs larger than "
            "--max-nodes open on their best-connected entities and say so."
        ),
    )
    p.add_argument("graph", nargs="*", metavar="GRAPH", help="graph file(s)")
    p.add_argument("--store", metavar="DIR", help="read a kg store instead of graph files")
    p.add_argument("--out", default="graph.html", metavar="FILE.html", help="HTML file")
    p.add_argument("--title", default=None, help="page title (default: counts of documents)")
    p.add_argument(
        "--max-nodes",
        type=_positive,
        default=MAX_NODES,
        metavar="N",
        help="above N drawn nodes, open on the best-connected entities that fit in N "
        "(default: %(default)s)",
    )
    return p


def run(args: argparse.Namespace) -> int:
    from kg.graphio import load_input
    from kg.viz import write_html

    path = write_html(
        load_input(args.graph, store=args.store),
        args.out,
        title=args.title,
        max_nodes=args.max_nodes,
    )
    print(f"HTML: {path}")
    return 0
