"""Worker processes for the NLP stage: ``kg build --jobs N``.

spaCy's own ``nlp.pipe(n_process=N)`` serialises ``Doc`` objects between processes with
msgpack, which drops our extension values (``doc._.kg_meta`` in, the extracted entities and
events out) unless they are msgpack-friendly. So we run our own workers: each loads the
pipeline once, takes a batch of :class:`kg.model.Document` (picklable), runs ``nlp.pipe`` on
it in-process and returns the compact :class:`kg.model.DocumentGraph` of each document.
The spaCy ``Doc`` never leaves the worker.

The main process reads the input lazily and keeps at most ``2 * jobs`` batches in flight, so
memory stays flat however large the corpus; results come back in input order, so a parallel
build is byte-identical to a serial one.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice

from kg.model import Document, DocumentGraph
from kg.nlp import DEFAULT_MODEL
from kg.pipeline import BATCH_SIZE, text_batches
from kg.pipeline import process as process_serial


def default_jobs() -> int:
    """All the cores this process may use (``--jobs`` default)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def batched(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """Consecutive lists of ``size`` items (the last may be shorter).

    >>> [len(b) for b in batched(range(5), 2)]
    [2, 2, 1]
    """
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _work(model: str, batch: list[Document]) -> list[DocumentGraph]:
    """Worker side: the pipeline is loaded once per process (``load_pipeline`` caches it)."""
    return list(process_serial(batch, model=model, batch_size=len(batch) or 1))


def process(
    documents: Iterable[Document],
    *,
    model: str = DEFAULT_MODEL,
    jobs: int | None = None,
    batch_size: int = BATCH_SIZE,
) -> Iterator[DocumentGraph]:
    """Yield the document graph of each document, in order, using ``jobs`` processes.

    ``jobs=1`` runs in this process (no start-up cost; what tests and small inputs want).
    Errors raised in a worker (a missing model is a :class:`kg.errors.ModelError`) are
    re-raised here unchanged.
    """
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        from kg.errors import UsageError

        raise UsageError(f"--jobs must be at least 1 (got {jobs})")
    batches = text_batches(documents, batch_size)
    first = next(batches, [])
    second = next(batches, None)
    if jobs == 1 or second is None:  # one batch: starting workers would cost more than it saves
        rest = (d for b in ([first] if second is None else [first, second]) for d in b)
        yield from process_serial(
            chain(rest, chain.from_iterable(batches)), model=model, batch_size=batch_size
        )
        return
    # "spawn": workers start clean (no copied locks or BLAS threads from the parent).
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_init)
    pending: deque[Future] = deque()
    finished = False
    try:
        for batch in chain([first, second], batches):
            pending.append(_submit(pool, model, batch))
            while len(pending) >= 2 * jobs:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
        finished = True
    finally:
        if not finished:  # interrupted or failed: do not wait for batches nobody will read
            # Stop the workers and let the pool find them gone: it fails the pending futures
            # itself. Cancelling them too races with that (Python 3.11's pool then raised
            # InvalidStateError in its manager thread, printed a traceback and hung).
            for proc in list(getattr(pool, "_processes", {}).values()):
                proc.terminate()
        pool.shutdown(wait=True)


def _submit(pool: ProcessPoolExecutor, model: str, batch: list[Document]) -> Future:
    """``pool.submit`` with Ctrl-C blocked while it may start a worker process.

    A worker inherits the blocked signal and keeps it blocked until :func:`_worker_init`
    ignores it, so a Ctrl-C during a worker's start-up (importing spaCy, seconds) cannot
    print a KeyboardInterrupt traceback from it. This process gets the Ctrl-C on unblocking.
    """
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        return pool.submit(_work, model, batch)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def _worker_init() -> None:
    """Workers leave Ctrl-C to the main process, which reports it once and stops them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
