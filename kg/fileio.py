"""Atomic output: a failed or interrupted run never leaves a half-written file behind.

Every file is written to a temporary file in the same folder, flushed and fsynced, then
renamed over the target (``os.replace`` is atomic on POSIX), so readers see either the
previous version or the new one. A run killed with SIGKILL cannot remove its temporary
file; the name carries the writer's process id, so the next write to the same target
removes temporary files whose writer is gone.
"""

from __future__ import annotations

import os
import signal
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from kg import errors

_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}

#: Whether Ctrl-C or SIGTERM asked kg to stop (set by ``kg.cli``). Python drops an
#: exception raised where it cannot propagate (a signal landing inside a ``__del__`` or a
#: callback), and the build would go on: a write checks this first, so a stop that was
#: swallowed still writes nothing.
_STOP = {"requested": False}


def request_stop(requested: bool = True) -> None:
    """Mark kg as stopping (or, with False, as running again: a new command)."""
    _STOP["requested"] = requested


def atomic_write(path: str | Path, write: Callable[[IO[bytes]], None]) -> Path:
    """Call ``write(fileobj)`` on a temporary file, then rename it to ``path``."""
    path = Path(path)
    if _STOP["requested"]:
        raise KeyboardInterrupt
    # Ctrl-C or SIGTERM between the temporary file's creation and the moment we hold its
    # name would leave it behind: signals wait until the cleanup below can run
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(path)
        fd, tmp = tempfile.mkstemp(
            prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent
        )
    except BaseException as exc:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        if isinstance(exc, OSError):
            raise errors.cannot_write(str(path), exc.strerror or str(exc)) from None
        raise
    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # a waiting signal lands here
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        _remove(tmp)
        raise errors.cannot_write(str(path), exc.strerror or str(exc)) from None
    except BaseException:
        _remove(tmp)
        raise
    return path


def atomic_write_text(path: str | Path, text: str) -> Path:
    """Write ``text`` as UTF-8 to ``path`` atomically."""
    data = text.encode("utf-8")
    return atomic_write(path, lambda fh: fh.write(data))


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically."""
    return atomic_write(path, lambda fh: fh.write(data))


def remove_stale_temps(path: str | Path) -> list[Path]:
    """Remove temporary files of ``path`` left by writers that no longer run.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / ".graph.ttl.999999999.abc.tmp").write_text("half")
    >>> _ = (d / f".graph.ttl.{os.getpid()}.def.tmp").write_text("mine")
    >>> [p.name for p in remove_stale_temps(d / "graph.ttl")]
    ['.graph.ttl.999999999.abc.tmp']
    """
    path = Path(path)
    removed = []
    prefix = f".{path.name}."
    try:
        candidates = [p for p in path.parent.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return removed
    for candidate in sorted(candidates):
        pid = candidate.name[len(prefix) :].split(".", 1)[0]
        if candidate.name.endswith(".tmp") and pid.isdigit() and not _alive(int(pid)):
            _remove(str(candidate))
            removed.append(candidate)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def _remove(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass
