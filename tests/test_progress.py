"""The progress line of a long build: articles done out of a total counted first, rate, ETA."""

from __future__ import annotations

import io
import json

import pytest

import kg.progress
from kg.ingest import count_articles
from kg.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def clock(monkeypatch):
    now = [100.0]
    monkeypatch.setattr(kg.progress.time, "monotonic", lambda: now[0])
    return now


def test_progress_shows_done_of_total_rate_and_eta(clock):
    stream = Terminal()
    progress = Progress("building", total=10, stream=stream)
    clock[0] += 4.0
    progress(2)  # 2 articles in 4 s: 0.5/s, 8 left: 16 s
    line = stream.getvalue().split("\r")[-1]
    assert "2/10 articles" in line and "0.5/s" in line and "ETA 0:16" in line
    clock[0] += 3600.0
    progress(1)
    assert "ETA" in stream.getvalue().split("\r")[-1]
    progress.close()
    assert stream.getvalue().endswith("\n")


def test_progress_without_a_total_counts_and_never_claims_an_eta(clock):
    stream = Terminal()
    progress = Progress("building", stream=stream)
    clock[0] += 2.0
    progress(4)
    line = stream.getvalue().split("\r")[-1]
    assert "4 articles" in line and "2.0/s" in line and "ETA" not in line


def test_a_total_that_was_too_small_grows_instead_of_passing_100_percent(clock):
    stream = Terminal()
    progress = Progress("building", total=2, stream=stream)
    clock[0] += 1.0
    progress(3)
    assert "3/3 articles" in stream.getvalue().split("\r")[-1]


def test_progress_is_silent_when_not_a_terminal(clock):
    stream = io.StringIO()
    progress = Progress("building", total=3, stream=stream)
    progress(3)
    progress.close()
    assert stream.getvalue() == ""


def test_count_articles_counts_files_and_jsonl_records(tmp_path):
    (tmp_path / "a.txt").write_text("One article.\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text("<p>Another.</p>")
    (tmp_path / "sub" / "notes.md").write_text("not an article")
    rows = [json.dumps({"text": f"Story {i}."}) for i in range(5)]
    (tmp_path / "feed.jsonl").write_text("\n".join(rows[:3]) + "\n\n  \n" + "\n".join(rows[3:]))
    assert count_articles([tmp_path]) == 2 + 5
    assert count_articles([tmp_path / "missing"]) is None


def test_build_counts_articles_for_its_progress_line(tmp_path, monkeypatch):
    """kg build gives the progress line a total counted before the articles are read."""
    import kg.commands.build
    from kg.cli import main

    seen = {}

    class Recorder(Progress):
        def __init__(self, *args, **kwargs):
            seen.update(kwargs)
            super().__init__(*args, **kwargs)

        def __call__(self, n: int = 1) -> None:
            seen["done"] = seen.get("done", 0) + n

    monkeypatch.setattr(kg.progress, "Progress", Recorder)
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(f"Strike {i}\n\nDock workers in Keldra stopped work.\n")
    assert kg.commands.build is not None
    assert (
        main(["build", str(tmp_path), "--out", str(tmp_path / "o"), "-j", "1", "--no-validate"])
        == 0
    )
    assert seen["total"] == 3 and seen["done"] == 3
