"""``kg export --store DIR --format ttl|trig|nt|nq|jsonld --out FILE``: a store as a file."""

from __future__ import annotations

import argparse
import sys

from kg.serialize import FORMATS


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "export",
        help="write a kg store as Turtle, TriG, N-Triples, N-Quads or JSON-LD",
        description=(
            "Write the graph of a store made by 'kg build --store DIR'. Turtle and N-Triples "
            "hold the corpus graph (every triple once); TriG, N-Quads and JSON-LD hold one "
            "named graph per article (its document IRI). Output is deterministic."
        ),
    )
    p.add_argument("--store", required=True, metavar="DIR", help="the store folder")
    p.add_argument(
        "--format", "-f", choices=sorted(FORMATS), default="ttl", help="default: %(default)s"
    )
    p.add_argument("--out", "-o", metavar="FILE", help="output file (default: standard output)")
    return p


def run(args: argparse.Namespace) -> int:
    from kg.store import export_store, open_store, write_store

    if args.out:
        path = export_store(args.store, args.out, args.format)
        print(f"{args.format}: {path}")
        return 0
    store = open_store(args.store)
    write_store(store, sys.stdout.buffer, args.format)
    sys.stdout.buffer.flush()
    return 0
