"""``kg push (GRAPH... | --store DIR) --endpoint URL``: load a triplestore over HTTP.

Uses the SPARQL 1.1 Graph Store HTTP Protocol, which Fuseki, GraphDB, Virtuoso, Neptune
and Oxigraph server all implement. A store is sent one named graph per article (PUT:
re-pushing replaces, never duplicates); graph files go to ``--graph-iri`` or the default
graph. Credentials can come from the environment (``KG_PUSH_PASSWORD``,
``KG_PUSH_TOKEN``) so they do not show in the process list.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

SUFFIX_FORMATS = {
    ".ttl": "TURTLE",
    ".turtle": "TURTLE",
    ".nt": "N_TRIPLES",
    ".ntriples": "N_TRIPLES",
    ".trig": "TRIG",
    ".nq": "N_QUADS",
    ".jsonld": "JSON_LD",
    ".json": "JSON_LD",
}


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "push",
        help="send a graph or a store to a SPARQL Graph Store endpoint",
        description=(
            "Send graph files or a kg store to a SPARQL 1.1 Graph Store HTTP Protocol "
            "endpoint (e.g. Fuseki http://host:3030/ds/data, Oxigraph http://host:7878/store,"
            " GraphDB http://host:7200/repositories/REPO/rdf-graphs/service). 5xx answers "
            "and connection errors are retried with backoff; a refusal (4xx) stops with the "
            "server's reason."
        ),
    )
    p.add_argument("graph", nargs="*", metavar="GRAPH", help="graph file(s): .ttl .nt .trig ...")
    p.add_argument("--store", metavar="DIR", help="push every article graph of a kg store")
    p.add_argument("--endpoint", required=True, metavar="URL", help="Graph Store endpoint URL")
    p.add_argument(
        "--graph-iri", metavar="IRI", help="named graph for GRAPH files (default: default graph)"
    )
    p.add_argument(
        "--append",
        action="store_true",
        help="POST (add to) instead of PUT (replace) the target graph of GRAPH files",
    )
    p.add_argument(
        "--batch-size",
        type=int,
        default=50_000,
        metavar="N",
        help="triples per request (default: %(default)s)",
    )
    p.add_argument("--retries", type=int, default=3, metavar="N", help="default: %(default)s")
    p.add_argument("--timeout", type=float, default=60.0, metavar="S", help="seconds per request")
    p.add_argument("--user", help="HTTP basic user (password: --password or KG_PUSH_PASSWORD)")
    p.add_argument("--password", help="HTTP basic password")
    p.add_argument("--token", help="bearer token (or KG_PUSH_TOKEN)")
    p.add_argument("--quiet", "-q", action="store_true", help="no summary")
    return p


def run(args: argparse.Namespace) -> int:
    import pyoxigraph as ox

    from kg import errors
    from kg.push import Endpoint, PushReport, check_url, push_dataset, push_graph, push_store
    from kg.store import open_store

    check_url(args.endpoint)
    if bool(args.graph) == bool(args.store):
        raise errors.UsageError("give either graph files or --store DIR (not both)")
    if args.batch_size < 1 or args.retries < 0 or args.timeout <= 0:
        raise errors.UsageError("--batch-size and --timeout must be positive, --retries >= 0")
    endpoint = Endpoint(
        args.endpoint,
        user=args.user,
        password=args.password or os.environ.get("KG_PUSH_PASSWORD"),
        token=args.token or os.environ.get("KG_PUSH_TOKEN"),
        timeout=args.timeout,
        retries=args.retries,
    )
    if args.store:
        report = push_store(endpoint, open_store(args.store), batch_size=args.batch_size)
    else:
        report = PushReport()
        replace = not args.append
        for raw in args.graph:
            path = Path(raw)
            fmt = getattr(ox.RdfFormat, SUFFIX_FORMATS.get(path.suffix.lower(), "TURTLE"))
            if not path.is_file():
                raise errors.bad_graph_file(raw, "no such file")
            try:
                parsed = list(ox.parse(path=path, format=fmt))
            except (SyntaxError, ValueError, OSError) as exc:
                raise errors.bad_graph_file(raw, str(exc).splitlines()[0][:200]) from None
            if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):  # one request set per graph
                r = push_dataset(
                    endpoint,
                    parsed,
                    default=args.graph_iri,
                    batch_size=args.batch_size,
                    replace=not args.append,
                )
                report.graphs += r.graphs
                report.triples += r.triples
                report.requests += r.requests
                continue
            triples = [ox.Triple(t.subject, t.predicate, t.object) for t in parsed]
            r = push_graph(
                endpoint, triples, graph=args.graph_iri, batch_size=args.batch_size, replace=replace
            )
            replace = False  # later files add to what the first one put
            report.graphs = 1
            report.triples += r.triples
            report.requests += r.requests
    if not args.quiet:
        sys.stderr.write(
            f"kg: pushed {report.triples} triples in {report.graphs} graph(s), "
            f"{report.requests} request(s) to {args.endpoint}\n"
        )
    return 0
