"""``kg query GRAPH... QUERY``: read-only SPARQL with the ontology prefixes predeclared."""

from __future__ import annotations

import argparse
import sys

import kg.query
from kg.query import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT, FORMATS


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError("the timeout is a number of seconds, 0 for none")
    return value


def _rows(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of rows: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("--max-rows is a number of rows, 0 for no limit")
    return value


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "query",
        help="run a SPARQL query over graph files",
        description=(
            "Run a SPARQL 1.1 SELECT, ASK, CONSTRUCT or DESCRIBE query (inline text, a .rq "
            "file, or - for stdin) over one or more graph files (.ttl .trig .nt .nq .jsonld). "
            "Prefixes kg: id: rdf: rdfs: owl: xsd: skos: dcterms: prov: schema: sem: nif: are "
            "predeclared. Queries only read: updates (INSERT, DELETE, LOAD, DROP ...) are "
            "refused, and so are SERVICE and FROM unless --allow-federation is given. "
            "Example queries: examples/queries/*.rq."
        ),
    )
    p.add_argument(
        "graph",
        nargs="*",
        metavar="GRAPH",
        help="graph file(s): .ttl .trig .nt .nq .jsonld (or a kg store folder)",
    )
    p.add_argument("--store", metavar="DIR", help="query a kg store (Oxigraph engine) instead")
    p.add_argument("query", metavar="QUERY", help="SPARQL text, a .rq file, or - for stdin")
    p.add_argument(
        "--format",
        "-f",
        choices=FORMATS,
        default=None,
        help="table, csv, tsv or json (SPARQL 1.1 results formats; default: table on a "
        "terminal, csv otherwise); CONSTRUCT/DESCRIBE always print Turtle",
    )
    p.add_argument(
        "--timeout",
        type=_seconds,
        default=None,
        metavar="SECONDS",
        help=f"stop the query after this many seconds (exit code 6; default: "
        f"{DEFAULT_TIMEOUT:g}; 0 for no limit); on graph files and stores alike",
    )
    p.add_argument(
        "--max-rows",
        type=_rows,
        default=None,
        metavar="N",
        help=f"stop with an error when the result has more than N rows or triples "
        f"(default: {DEFAULT_MAX_ROWS:,}; 0 for no limit; a LIMIT in the query is better)",
    )
    p.add_argument(
        "--allow-federation",
        action="store_true",
        help="permit SERVICE and FROM (lets the query fetch data over the network)",
    )
    return p


def run(args: argparse.Namespace) -> int:
    from kg.graphio import load_input
    from kg.query import format_result, parse_query, read_query, run_query
    from kg.store import is_store

    text = read_query(args.query)
    if not args.store and len(args.graph) == 1 and is_store(args.graph[0]):
        args.store, args.graph = args.graph[0], []  # a store folder named as the graph
    parse_query(text, allow_federation=args.allow_federation)  # fail fast, before loading
    limits = {
        "allow_federation": args.allow_federation,
        "timeout": kg.query.DEFAULT_TIMEOUT if args.timeout is None else args.timeout,
        "max_rows": kg.query.DEFAULT_MAX_ROWS if args.max_rows is None else args.max_rows,
    }
    if args.store:
        from kg.store import query_store

        result = query_store(args.store, text, **limits)
    else:
        result = run_query(load_input(args.graph), text, **limits)
    fmt = args.format or ("table" if sys.stdout.isatty() else "csv")
    sys.stdout.write(format_result(result, fmt))
    return 0
