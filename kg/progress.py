"""A progress line on stderr: shown on a terminal, silent otherwise or with ``--quiet``.

``kg build`` counts its articles first (:func:`kg.ingest.count_articles`: a walk of the
folders and a line count of JSONL files, cheap next to the NLP), so the line reads
``building [####------] 120/400 articles  3.1/s  ETA 1:30``.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Counts finished articles and redraws one line at most ten times a second."""

    def __init__(
        self,
        label: str,
        *,
        total: int | None = None,
        enabled: bool = True,
        stream: TextIO | None = None,
    ) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled and self.stream.isatty()
        self.label = label
        self.total = total
        self.done = 0
        self.start = time.monotonic()
        self._last = 0.0

    def __call__(self, n: int = 1) -> None:
        self.done += n
        if self.total is not None and self.done > self.total:
            self.total = self.done  # the count was low (a file grew): never pass 100%
        now = time.monotonic()
        if self.enabled and (now - self._last > 0.1 or self.done == self.total):
            self._last = now
            self._draw(now)

    def line(self, now: float) -> str:
        """The text of the progress line at time ``now``."""
        rate = self.done / max(now - self.start, 1e-6)
        if not self.total:
            return f"{self.label} {self.done} articles  {rate:.1f}/s"
        width = 30
        filled = int(width * self.done / self.total)
        bar = "#" * filled + "-" * (width - filled)
        text = f"{self.label} [{bar}] {self.done}/{self.total} articles  {rate:.1f}/s"
        if self.done and self.done < self.total:
            text += f"  ETA {_clock((self.total - self.done) / rate)}"
        return text

    def _draw(self, now: float) -> None:
        self.stream.write(f"\r{self.line(now)}\x1b[K")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.done:
            self._draw(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()


def _clock(seconds: float) -> str:
    """``h:mm:ss`` or ``m:ss``.

    >>> _clock(16), _clock(3725)
    ('0:16', '1:02:05')
    """
    seconds = int(seconds + 0.5)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
