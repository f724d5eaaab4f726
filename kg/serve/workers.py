"""Query workers for ``kg serve``: separate processes, so a runaway query can be killed.

Why processes: Oxigraph cannot interrupt a query, and a thread cannot be killed. Each worker
opens the store read-only (RocksDB allows many readers) and answers one request at a time;
the server hands a request to an idle worker and waits at most the time limit. A worker
that overruns is killed and replaced, and the client gets a 503: the server keeps serving.
Workers are *spawned* (a fresh interpreter), not forked, because the server process runs
threads and an event loop that a fork would copy in an unknown state.

What a worker answers (requests are tuples, replies ``("ok", media_type, bytes, headers)``
or ``("error", status, message)``):

* ``("sparql", query, select_format, graph_format, max_rows)``: the SPARQL endpoint;
* ``("search", text, limit)``, ``("neighbourhood", iri, max_events)`` and
  ``("overview", entities, max_events)``: the explorer's records, made by
  :func:`kg.viz.graph_data` from a small CONSTRUCT around the entities asked for.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import queue
import threading
from pathlib import Path

from kg import errors

#: Seconds a request may wait for an idle worker before it is refused as busy.
QUEUE_WAIT = 30.0


class Timeout(errors.KgError):
    """A request ran past the time limit (its worker was replaced)."""


class Busy(errors.KgError):
    """Every worker stayed busy for :data:`QUEUE_WAIT` seconds."""


class Pool:
    """``size`` worker processes over the Oxigraph database at ``path``."""

    def __init__(self, path: str | Path, size: int = 2) -> None:
        self.path = str(path)
        self.ctx = multiprocessing.get_context("spawn")
        self.idle: queue.Queue = queue.Queue()
        self.lock = threading.Lock()
        self.procs: set = set()
        for _ in range(size):
            self.idle.put(self._start())

    def _start(self) -> tuple:
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=_main, args=(child, self.path), daemon=True)
        proc.start()
        child.close()
        with self.lock:
            self.procs.add(proc)
        return proc, parent

    def _replace(self, worker: tuple) -> None:
        proc, conn = worker
        proc.kill()
        proc.join()
        conn.close()
        with self.lock:
            self.procs.discard(proc)
        self.idle.put(self._start())

    def call(self, request: tuple, timeout: float | None) -> tuple:
        """Run ``request`` on an idle worker; raises :class:`Timeout` or :class:`Busy`."""
        try:
            worker = self.idle.get(timeout=QUEUE_WAIT)
        except queue.Empty:
            raise Busy("every query worker is busy; try again later") from None
        conn = worker[1]
        try:
            conn.send(request)
            if not conn.poll(timeout):
                self._replace(worker)
                raise Timeout(f"the query ran past the {timeout:g} s limit and was stopped")
            reply = conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            return ("error", 500, "the query worker stopped unexpectedly")
        self.idle.put(worker)
        return reply

    def close(self) -> None:
        with self.lock:
            procs = list(self.procs)
        for proc in procs:
            proc.kill()
            proc.join()


# -- in the worker process -----------------------------------------------------------------


def _main(conn, path: str) -> None:  # pragma: no cover - runs in the spawned process
    import signal

    import pyoxigraph as ox

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops us; Ctrl-C is its
    store = ox.Store.read_only(path)
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = handle(store, request)
        except errors.KgError as exc:
            reply = ("error", 400, exc.message)
        except Exception as exc:  # a bug must not take the worker down; the client gets a 500
            reply = ("error", 500, f"{type(exc).__name__}: {str(exc).splitlines()[0][:300]}")
        with contextlib.suppress(OSError):
            conn.send(reply)


def handle(store, request: tuple) -> tuple:
    """One request against an Oxigraph ``store`` (also called directly by the tests)."""
    from kg.serve import explore, sparql

    kind, *args = request
    if kind == "sparql":
        return sparql.answer(store, *args)
    if kind == "search":
        return ("ok", "application/json", _json(explore.search(store, *args)), {})
    if kind == "neighbourhood":
        return ("ok", "application/json", _json(explore.neighbourhood(store, *args)), {})
    if kind == "overview":
        return ("ok", "application/json", _json(explore.overview(store, *args)), {})
    return ("error", 400, f"unknown request {kind!r}")


def _json(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
