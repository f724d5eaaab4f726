"""``kg query GRAPH... QUERY``: read-only SPARQL with the ontology prefixes predeclared."""

from __future__ import annotations

import argparse
import sys

from kg.query import FORMATS


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "query",
        help="run a SPARQL query over graph files",
        description=(
            "Run a SPARQL 1.1 SELECT, ASK, CONSTRUCT or DESCRIBE query (inline, or a path to "
            "a .rq file) over one or more graph files. Prefixes kg:, rdfs:, skos:, dcterms:, "
            "nif:, xsd: ... are predeclared. Updates, LOAD and SERVICE are refused."
        ),
    )
    p.add_argument("graph", nargs="+", metavar="GRAPH", help="graph file(s): .ttl .trig .nt .jsonld")
    p.add_argument("query", metavar="QUERY", help="SPARQL text or a .rq file")
    p.add_argument(
        "--format", "-f", choices=FORMATS, default=None,
        help="output format (default: table on a terminal, csv otherwise)",
    )
    p.add_argument(
        "--allow-federation", action="store_true", help="permit SERVICE (network access)"
    )
    return p


def run(args: argparse.Namespace) -> int:
    from kg.graphio import load_graph
    from kg.query import format_result, read_query, run_query

    text = read_query(args.query)
    graph = load_graph(args.graph)
    result = run_query(graph, text, allow_federation=args.allow_federation)
    fmt = args.format or ("table" if sys.stdout.isatty() else "csv")
    sys.stdout.write(format_result(result, fmt))
    return 0
