"""``kg serve GRAPH... | --store DIR``: a local, read-only SPARQL endpoint and graph explorer."""

from __future__ import annotations

import argparse
import ipaddress
import sys


def _positive(kind):
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError("must be more than 0")
        return value

    return parse


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    from kg.serve import MAX_ROWS, TIMEOUT

    p = sub.add_parser(
        "serve",
        help="serve a store or graph files: SPARQL endpoint, query page, graph explorer",
        description=(
            "Start a local, read-only web app: a SPARQL 1.1 Protocol endpoint at /sparql, a "
            "query page at /query with the example queries, and the graph explorer at / "
            "(search and neighbourhoods fetched from the server). It binds to 127.0.0.1; "
            "another address needs --allow-remote. Needs the serve extra."
        ),
    )
    p.add_argument("graph", nargs="*", metavar="GRAPH", help="graph file(s) to serve")
    p.add_argument("--store", metavar="DIR", help="serve a kg store folder")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s)")
    p.add_argument("--port", type=int, default=8765, help="port (default: %(default)s)")
    p.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow binding to an address other than loopback (anyone who can reach it can query)",
    )
    p.add_argument(
        "--timeout",
        type=_positive(float),
        default=TIMEOUT,
        metavar="S",
        help="seconds a query may run before it is stopped with a 503 (default: %(default)s)",
    )
    p.add_argument(
        "--max-rows",
        type=_positive(int),
        default=MAX_ROWS,
        metavar="N",
        help="rows (or triples) a query returns at most (default: %(default)s)",
    )
    p.add_argument(
        "--workers",
        type=_positive(int),
        default=2,
        metavar="N",
        help="query worker processes (default: %(default)s)",
    )
    p.add_argument("--queries", metavar="DIR", help="folder of .rq examples for the query page")
    return p


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def run(args: argparse.Namespace) -> int:
    import shutil
    from pathlib import Path

    from kg import errors
    from kg.serve import Settings, make_app, open_source, require_extra

    require_extra()
    loopback = _is_loopback(args.host)
    if not loopback and not args.allow_remote:
        raise errors.UsageError(
            f"--host {args.host} is not a loopback address: add --allow-remote to serve the "
            "graph to other machines"
        )
    import uvicorn

    from kg.serve.workers import Pool

    db, tmp = open_source(args.graph, args.store)
    pool = Pool(db, size=args.workers)
    try:
        settings = Settings(
            timeout=args.timeout,
            max_rows=args.max_rows,
            queries=Path(args.queries) if args.queries else None,
            loopback_only=loopback,
        )
        app = make_app(pool, settings)
        if not loopback:
            print(
                f"warning: serving on {args.host}, reachable from other machines; "
                "anyone who can connect can query the graph",
                file=sys.stderr,
            )
        host = f"[{args.host}]" if ":" in args.host else args.host
        print(f"kg serve: http://{host}:{args.port}/  (SPARQL: /sparql, query page: /query)")
        sys.stdout.flush()
        config = uvicorn.Config(
            app, host=args.host, port=args.port, log_level="warning", timeout_graceful_shutdown=2
        )
        uvicorn.Server(config).run()
    finally:
        pool.close()
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0
