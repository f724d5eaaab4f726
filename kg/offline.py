"""No network while kg reads a graph or evaluates a query.

rdflib fetches URLs by itself: a JSON-LD ``@context`` or ``@import`` while parsing, a
SPARQL ``SERVICE`` (and ``FROM`` when it loads graphs) while evaluating. kg refuses those
forms first (:mod:`kg.graphio` reads the JSON, :func:`kg.query.check_query` the parsed
query algebra); as a second line, inside :func:`offline` rdflib's two fetchers refuse to open
any URL. The switch is a context variable, so other threads and other users of rdflib in the
same process are not affected, and a forked query worker inherits it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import rdflib.parser
import rdflib.plugins.sparql.evaluate as sparql_evaluate

_OFFLINE: ContextVar[bool] = ContextVar("kg_offline", default=False)


class FetchRefused(OSError):
    """rdflib tried to open a URL while kg had it offline."""


def _guarded(urlopen):
    if getattr(urlopen, "kg_guarded", False):
        return urlopen

    def guarded(request, *args, **kwargs):
        if _OFFLINE.get():
            url = getattr(request, "full_url", request)
            raise FetchRefused(f"kg does not fetch {str(url)[:120]} (reading is offline)")
        return urlopen(request, *args, **kwargs)

    guarded.kg_guarded = True  # type: ignore[attr-defined]
    return guarded


# URLInputSource (graph parsing, JSON-LD contexts, FROM) and SERVICE go through these two.
rdflib.parser._urlopen = _guarded(rdflib.parser._urlopen)
sparql_evaluate.urlopen = _guarded(sparql_evaluate.urlopen)


@contextmanager
def offline(enabled: bool = True) -> Iterator[None]:
    """While active (and ``enabled``), rdflib cannot open a URL: it raises FetchRefused.

    >>> import rdflib.parser
    >>> with offline():
    ...     rdflib.parser._urlopen("http://127.0.0.1:9/")
    Traceback (most recent call last):
    kg.offline.FetchRefused: kg does not fetch http://127.0.0.1:9/ (reading is offline)
    """
    token = _OFFLINE.set(enabled)
    try:
        yield
    finally:
        _OFFLINE.reset(token)
