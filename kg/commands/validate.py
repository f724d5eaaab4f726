"""``kg validate GRAPH``: check a graph file against the SHACL shapes."""

from __future__ import annotations

import argparse
import sys


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "validate",
        help="check a graph file against ontology/shapes.ttl",
        description="Validate graph files with the SHACL shapes; exit 1 if they do not conform.",
    )
    p.add_argument("graph", nargs="+", metavar="GRAPH", help="graph file(s)")
    return p


def run(args: argparse.Namespace) -> int:
    from kg.graphio import load_graph
    from kg.validate import validate

    report = validate(load_graph(args.graph))
    for line in report.violations:
        sys.stdout.write(line + "\n")
    if report.conforms:
        sys.stdout.write("conforms\n")
        return 0
    sys.stdout.write(f"does not conform: {len(report.violations)} violations\n")
    return 1
