"""Hand-over to a triplestore: the SPARQL 1.1 Graph Store HTTP Protocol, client side.

Every serious triplestore speaks it (Apache Jena Fuseki, GraphDB, Virtuoso, Amazon Neptune,
Oxigraph server): ``PUT <endpoint>?graph=<iri>`` replaces one named graph with the request
body, ``POST`` adds to it, ``?default`` addresses the default graph. We send N-Triples
(the one format every server parses, and streamable), one request per graph or per batch
of triples, so a store of 10,000 articles goes as 10,000 small idempotent PUTs that can be
retried one by one.

Errors: a 5xx answer, a timeout or a refused connection is retried with exponential
backoff; a 4xx answer (bad credentials, unknown dataset, payload refused) is not retried
and becomes a one-line :class:`kg.errors.RemoteError` with the server's own first line.
Only the standard library is used (``urllib``).
"""

from __future__ import annotations

import base64
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

import pyoxigraph as ox

from kg import errors

NTRIPLES = "application/n-triples"


@dataclass(frozen=True)
class Endpoint:
    """A Graph Store Protocol endpoint and how to talk to it."""

    url: str
    user: str | None = None
    password: str | None = None
    token: str | None = None
    timeout: float = 60.0
    retries: int = 3
    backoff: float = 0.5  # seconds before the first retry; doubled each time

    def headers(self) -> dict[str, str]:
        headers = {"Content-Type": NTRIPLES, "User-Agent": "kg-news"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        elif self.user is not None:
            pair = f"{self.user}:{self.password or ''}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
        return headers

    def graph_url(self, graph: str | None) -> str:
        """``URL?graph=<iri>`` (escaped), or ``URL?default`` for ``None``.

        >>> Endpoint("http://h/store").graph_url("https://x/doc/1#a")
        'http://h/store?graph=https%3A%2F%2Fx%2Fdoc%2F1%23a'
        >>> Endpoint("http://h/store?x=1").graph_url(None)
        'http://h/store?x=1&default'
        """
        sep = "&" if "?" in self.url else "?"
        if graph is None:
            return f"{self.url}{sep}default"
        return f"{self.url}{sep}graph={urllib.parse.quote(graph, safe='')}"


def check_url(url: str) -> None:
    """Refuse anything but an absolute http(s) URL (no file:, no relative paths)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise errors.UsageError(f"--endpoint must be an http:// or https:// URL (got {url!r})")


def ntriples(triples: Iterable[ox.Triple]) -> bytes:
    """N-Triples bytes of ``triples`` (Oxigraph's writer: correct escaping)."""
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def send(
    endpoint: Endpoint,
    method: str,
    graph: str | None,
    body: bytes,
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """One Graph Store request with retries; returns the HTTP status. Raises RemoteError."""
    url = endpoint.graph_url(graph)
    delay = endpoint.backoff
    last = ""
    for attempt in range(endpoint.retries + 1):
        request = urllib.request.Request(url, data=body, method=method, headers=endpoint.headers())
        try:
            with urllib.request.urlopen(request, timeout=endpoint.timeout) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            detail = _first_line(exc.read())
            if 400 <= exc.code < 500:
                raise errors.RemoteError(
                    f"{endpoint.url} refused {method} of {graph or 'the default graph'}: "
                    f"HTTP {exc.code} {exc.reason}{': ' + detail if detail else ''}"
                ) from None
            last = f"HTTP {exc.code} {exc.reason}{': ' + detail if detail else ''}"
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            last = f"cannot connect ({reason})"
        if attempt < endpoint.retries:
            sleep(delay)
            delay *= 2
    raise errors.RemoteError(
        f"{endpoint.url}: {last} (gave up after {endpoint.retries + 1} attempts)"
    )


def _first_line(data: bytes) -> str:
    text = data.decode("utf-8", "replace").strip()
    return text.splitlines()[0][:200] if text else ""


def _chunks(items: Iterable[ox.Triple], size: int) -> Iterator[list[ox.Triple]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


@dataclass
class PushReport:
    """What a push sent."""

    graphs: int = 0
    triples: int = 0
    requests: int = 0


def push_graph(
    endpoint: Endpoint,
    triples: Iterable[ox.Triple],
    *,
    graph: str | None = None,
    batch_size: int = 50_000,
    replace: bool = True,
    progress: Callable[[int], None] | None = None,
) -> PushReport:
    """Send one graph: the first batch PUT (replacing what the graph held), the rest POSTed.

    With ``replace=False`` every batch is POSTed (adding to the graph).
    """
    report = PushReport(graphs=1)
    method = "PUT" if replace else "POST"
    sent_any = False
    for chunk in _chunks(triples, batch_size):
        send(endpoint, method, graph, ntriples(chunk))
        method = "POST"
        sent_any = True
        report.triples += len(chunk)
        report.requests += 1
        if progress is not None:
            progress(len(chunk))
    if not sent_any and replace:  # an empty graph still replaces what was there
        send(endpoint, "PUT", graph, b"")
        report.requests += 1
    return report


def push_store(
    endpoint: Endpoint,
    store: ox.Store,
    *,
    batch_size: int = 50_000,
    progress: Callable[[int], None] | None = None,
) -> PushReport:
    """Send a kg store as it is laid out: each article's graph as its own named graph, and
    the corpus graph (every triple once) as the server's default graph. Every request is a
    PUT, so pushing again replaces instead of duplicating.

    The default graph matters: a server's "union of all graphs" mode (Fuseki
    ``tdb:unionDefaultGraph``, Oxigraph ``union-default-graph``) repeats a solution once
    per article that states the triple, so counts over entities would be inflated.
    """
    from kg.store import restored_triples, restored_triples_of

    report = push_graph(endpoint, restored_triples(store), graph=None, batch_size=batch_size)
    for name in sorted(store.named_graphs(), key=lambda g: g.value):
        r = push_graph(
            endpoint, restored_triples_of(store, name), graph=name.value, batch_size=batch_size
        )
        report.graphs += 1
        report.requests += r.requests
        if progress is not None:
            progress(1)
    return report


def push_dataset(
    endpoint: Endpoint,
    quads: Iterable[ox.Quad],
    *,
    default: str | None = None,
    batch_size: int = 50_000,
    replace: bool = True,
) -> PushReport:
    """Send N-Quads/TriG content graph by graph: each named graph to itself (PUT, so pushing
    again replaces it), default-graph quads to ``default`` (the default graph if None).

    This is how the N-Quads parts of ``kg build --cluster --nquads`` are loaded.
    """
    graphs: dict[str | None, list[ox.Triple]] = {}
    for q in quads:
        name = default if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
        graphs.setdefault(name, []).append(ox.Triple(q.subject, q.predicate, q.object))
    report = PushReport()
    for name in sorted(graphs, key=lambda g: (g is not None, g or "")):
        r = push_graph(endpoint, graphs[name], graph=name, batch_size=batch_size, replace=replace)
        report.graphs += 1
        report.triples += r.triples
        report.requests += r.requests
    return report
