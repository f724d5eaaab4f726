"""Work done in a forked child while this process does something else: ``kg build``'s tail.

After the NLP workers finish, a build still renders the HTML view, computes the analysis and
validates a sample, one after the other on one core while the others sit idle. Rendering
the view of 1,000 articles takes about as long as the analysis and validation together, so
it runs in a forked child (which inherits the projection without copying it) and sends the
finished page back, as the SHACL check of the sample sends its findings; this process
writes them, so a child never touches the output folder and an interrupted build leaves
it as it was.

Where ``fork`` is not available, or the child dies without an answer (killed for memory),
the work is done here instead: the result is the same, only later.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Background(Generic[T]):
    """``fn()`` started in a forked child; :meth:`result` waits for its value.

    >>> job = Background(lambda: sum(range(10)))
    >>> job.result()
    45
    """

    def __init__(self, fn: Callable[[], T], *, enabled: bool = True) -> None:
        self._fn = fn
        self._proc = None
        self._conn = None
        if enabled and "fork" in multiprocessing.get_all_start_methods():
            ctx = multiprocessing.get_context("fork")
            self._conn, child = ctx.Pipe(duplex=False)
            self._proc = ctx.Process(target=_child, args=(child, fn), daemon=True)
            self._proc.start()
            child.close()

    @property
    def pid(self) -> int | None:
        """The child's process id while it runs (None when the work is done here)."""
        return None if self._proc is None else self._proc.pid

    def result(self) -> T:
        """The value of ``fn()``; an exception it raised is raised here."""
        if self._proc is None:
            return self._fn()
        try:
            status, payload = self._conn.recv()
        except (EOFError, OSError):  # the child died without answering: do it here
            status, payload = "lost", None
        finally:
            self._proc.join(5)
            if self._proc.is_alive():
                self._proc.kill()
                self._proc.join()
            self._conn.close()
            self._proc = None
        if status == "ok":
            return payload
        if status == "error":
            raise payload
        return self._fn()

    def cancel(self) -> None:
        """Stop the child (an interrupted build): nothing it computed is used."""
        if self._proc is not None:
            self._proc.kill()
            self._proc.join()
            self._conn.close()
            self._proc = None


def _child(conn, fn: Callable[[], object]) -> None:
    """Child side: compute, send, and leave without running the parent's exit handlers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent reports Ctrl-C and stops us
    code = 0
    try:
        try:
            message = ("ok", fn())
        except Exception as exc:  # sent to the parent, which raises it
            message = ("error", exc)
        try:
            conn.send(message)
        except Exception:  # unpicklable: the parent redoes the work and sees the error itself
            code = 1
    finally:
        conn.close()
        os._exit(code)
