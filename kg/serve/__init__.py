"""``kg serve``: a local, read-only web app over a store or graph files.

* ``/sparql``: a SPARQL 1.1 Protocol endpoint (GET, POST form, POST
  ``application/sparql-query``). SELECT/ASK results as SPARQL JSON, XML, CSV or TSV and
  CONSTRUCT/DESCRIBE as Turtle, JSON-LD, N-Triples or RDF/XML, by ``Accept`` header or a
  ``format=`` parameter; rdflib's ``SPARQLStore`` and SPARQLWrapper can use it.
* ``/query``: a query page with the example queries of ``examples/queries/``.
* ``/``: the graph explorer (the same page ``kg viz`` writes), opened on the best-connected
  entities and fed by ``/api/search`` and ``/api/neighbourhood``, so a store of millions
  of triples is explored without being sent to the browser.

Safety: the server binds to 127.0.0.1 unless told otherwise (``--host`` elsewhere needs
``--allow-remote`` and prints a warning), and on loopback it answers only requests whose
``Host`` is a loopback name (a web page cannot reach it by DNS rebinding). It never
writes: the store is opened read-only, updates, LOAD, SERVICE and FROM are refused by
:func:`kg.query.check_read_only`, and queries run in worker processes that are killed at
the time limit (503), with a row limit on results. Pages carry the same
Content-Security-Policy as the offline file (plus ``connect-src 'self'``), all data reaches
the DOM as text, and error bodies are ``text/plain``.

Starlette and uvicorn are the ``serve`` extra: ``pip install 'kg-news[serve]'``.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from urllib.parse import parse_qs

from kg import errors

#: Defaults of ``kg serve`` (documented in ``docs/viz.md``).
TIMEOUT = 10.0
MAX_ROWS = 10_000
MAX_BODY = 1 << 20
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def require_extra() -> None:
    """A one-line error naming the extra when Starlette or uvicorn is missing."""
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise errors.UsageError(
            "kg serve needs Starlette and uvicorn: pip install 'kg-news[serve]'"
        ) from None


@dataclass
class Settings:
    timeout: float = TIMEOUT
    max_rows: int = MAX_ROWS
    queries: Path | None = None
    loopback_only: bool = True
    overview: dict | None = field(default=None, repr=False)


def example_queries(folder: Path | None) -> list[dict]:
    """``[{name, text}]`` of the ``.rq`` files in ``folder`` (default: ``examples/queries``)."""
    if folder is None:
        folder = Path(__file__).resolve().parent.parent.parent / "examples" / "queries"
    if not folder.is_dir():
        return []
    return [
        {"name": p.stem, "text": p.read_text(encoding="utf-8")} for p in sorted(folder.glob("*.rq"))
    ]


def _csp_of(page: str) -> str:
    return re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)[1]


def make_app(pool, settings: Settings):
    """The Starlette application over a :class:`kg.serve.workers.Pool`."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, PlainTextResponse, Response
    from starlette.routing import Route

    from kg.query import check_read_only
    from kg.serve.results import FORMAT_ALIASES, GRAPH_TYPES, SELECT_TYPES, negotiate
    from kg.serve.workers import Busy, Timeout
    from kg.viz import render_page, render_query_page

    security = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cross-Origin-Resource-Policy": "same-origin",
    }

    def text(status: int, message: str, **headers: str) -> Response:
        return PlainTextResponse(
            message + "\n",
            status_code=status,
            headers={**security, "Content-Security-Policy": "default-src 'none'", **headers},
        )

    async def call(request: tuple) -> Response | tuple:
        try:
            reply = await run_in_threadpool(partial(pool.call, request, settings.timeout))
        except Timeout as exc:
            return text(503, exc.message)
        except Busy as exc:
            return text(503, exc.message, **{"Retry-After": "5"})
        if reply[0] == "error":
            return text(reply[1], reply[2])
        return reply

    def html(page: str) -> Response:
        return HTMLResponse(page, headers={**security, "Content-Security-Policy": _csp_of(page)})

    async def explorer(request: Request) -> Response:
        if settings.overview is None:
            reply = await call(("overview", 60, 400))
            if isinstance(reply, Response):
                return reply
            settings.overview = json.loads(reply[2])
        return html(render_page(settings.overview, api="/api/"))

    async def query_page(request: Request) -> Response:
        return html(render_query_page(example_queries(settings.queries)))

    async def api(request: Request) -> Response:
        what = request.path_params["what"]
        if what == "search":
            q = request.query_params.get("q", "").strip()
            if not q:
                return text(400, "give a name to search: ?q=...")
            reply = await call(("search", q[:200], 30))
        elif what == "neighbourhood":
            iri = request.query_params.get("iri", "")
            reply = await call(("neighbourhood", iri, 200))
        else:
            return text(404, "not found")
        if isinstance(reply, Response):
            return reply
        return Response(reply[2], media_type="application/json", headers=security)

    async def sparql(request: Request) -> Response:
        params = request.query_params
        query = params.get("query")
        if "update" in params:
            return text(403, "updates are refused: kg serve is read-only")
        if request.method == "POST":
            kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
            body = await request.body()
            if len(body) > MAX_BODY:
                return text(413, f"request body over {MAX_BODY} bytes")
            if kind == "application/sparql-update":
                return text(403, "updates are refused: kg serve is read-only")
            if kind == "application/sparql-query":
                query = body.decode("utf-8", errors="replace")
            elif kind == "application/x-www-form-urlencoded":
                form = parse_qs(body.decode("utf-8", errors="replace"))
                if "update" in form:
                    return text(403, "updates are refused: kg serve is read-only")
                query = form.get("query", [query])[0]
            else:
                return text(415, "POST application/sparql-query or a form with query=")
        if not query:
            return text(400, "no query: give ?query=... (SPARQL 1.1 Protocol)")
        if params.getlist("default-graph-uri") or params.getlist("named-graph-uri"):
            return text(400, "default-graph-uri and named-graph-uri are not supported")
        try:
            check_read_only(str(query))
        except errors.KgError as exc:
            return text(400, exc.message)
        accept = FORMAT_ALIASES.get(params.get("format", ""), request.headers.get("accept", ""))
        select = negotiate(accept, SELECT_TYPES) or "application/sparql-results+json"
        graph = negotiate(accept, GRAPH_TYPES) or "text/turtle"
        reply = await call(("sparql", str(query), SELECT_TYPES[select], graph, settings.max_rows))
        if isinstance(reply, Response):
            return reply
        _, media, body, extra = reply
        return Response(body, headers={**security, **extra, "Content-Type": media})

    middleware = []
    if settings.loopback_only:
        hosts = ["127.0.0.1", "localhost", "[::1]", "::1"]
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=hosts))
    routes = [
        Route("/", explorer),
        Route("/query", query_page),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/api/{what}", api),
    ]
    return Starlette(routes=routes, middleware=middleware)


def open_source(graphs: list[str], store: str | None) -> tuple[Path, Path | None]:
    """The Oxigraph database to serve, and a temporary folder to remove afterwards.

    Graph files are loaded once into a temporary on-disk database, so that every worker
    opens the same data read-only instead of parsing the files again.
    """
    import pyoxigraph as ox

    from kg.store import DATABASE, is_store, open_store

    if store is not None:
        if graphs:
            raise errors.UsageError("give graph files or --store DIR, not both")
        open_store(store)  # checks that it is a store and can be opened
        return Path(store) / DATABASE, None
    if not graphs:
        raise errors.UsageError("give graph files to serve, or --store DIR")
    for g in graphs:
        if is_store(g):
            raise errors.UsageError(f"{g} is a kg store folder: use --store {g}")
    tmp = Path(tempfile.mkdtemp(prefix="kg-serve-"))
    try:
        db = ox.Store(str(tmp / DATABASE))
        for g in graphs:
            path = Path(g)
            fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".") or "ttl")
            if fmt is None:
                raise errors.bad_graph_file(g, "unknown RDF format (use .ttl, .nt, .trig, ...)")
            try:
                db.bulk_load(path=str(path), format=fmt)
            except FileNotFoundError:
                raise errors.missing_path(g) from None
            except (OSError, SyntaxError, ValueError) as exc:
                raise errors.bad_graph_file(g, str(exc).splitlines()[0][:200]) from None
        db.flush()
        del db
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return tmp / DATABASE, tmp
