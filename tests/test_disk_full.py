"""A full disk or quota (ENOSPC, EDQUOT) is exit code 4 with one line (issue 17 item 5).

It was exit 70, "internal error": the streamed Turtle's spool file and the store's flush
let the OSError through. The previous output must stay as it was.
"""

from __future__ import annotations

import errno
import os
import tempfile

import pytest

from kg.cli import main

ARTICLE = "Harbour strike\n\nDock workers in Keldra stopped work on Monday.\n"
CODES = [errno.ENOSPC, errno.EDQUOT]


def _full(code: int) -> OSError:
    return OSError(code, os.strerror(code))


@pytest.fixture
def build(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("# the previous graph\n", encoding="utf-8")

    def run(*extra: str) -> int:
        args = ["build", str(article), "--out", str(out), "-j", "1", "--no-validate", "-q"]
        return main([*args, *extra])

    run.out = out
    return run


def _one_line_exit_4(build, capsys, code, *extra):
    assert build(*extra) == 4
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("kg: error: ")
    assert os.strerror(code) in err
    assert (build.out / "graph.ttl").read_text(encoding="utf-8") == "# the previous graph\n"


@pytest.mark.parametrize("code", CODES)
def test_disk_full_when_putting_a_file_in_place(build, capsys, monkeypatch, code):
    import kg.fileio

    def replace(*args):
        raise _full(code)

    monkeypatch.setattr(kg.fileio.os, "replace", replace)
    _one_line_exit_4(build, capsys, code)


class _FullFile:
    """A temporary file on a full disk: every write fails."""

    def __init__(self, code: int, real) -> None:
        self.code, self.real = code, real

    def write(self, data):
        raise _full(self.code)

    def __getattr__(self, name):
        return getattr(self.real, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.real.close()


@pytest.mark.parametrize("code", CODES)
def test_disk_full_while_streaming_the_turtle(build, capsys, monkeypatch, code):
    import kg.api

    real = tempfile.TemporaryFile
    monkeypatch.setattr(kg.api.tempfile, "TemporaryFile", lambda **kw: _FullFile(code, real(**kw)))
    _one_line_exit_4(build, capsys, code)


@pytest.mark.parametrize("code", CODES)
def test_disk_full_while_flushing_a_store(build, capsys, monkeypatch, tmp_path, code):
    import kg.store

    real = kg.store.ox.Store

    class FullStore:
        read_only = staticmethod(real.read_only)

        def __init__(self, *args):
            self.real = real(*args)

        def flush(self):
            raise _full(code)

        def __getattr__(self, name):
            return getattr(self.real, name)

    monkeypatch.setattr(kg.store.ox, "Store", FullStore)
    _one_line_exit_4(build, capsys, code, "--store", str(tmp_path / "store"))


def test_disk_full_anywhere_else_is_still_exit_4(build, capsys, monkeypatch):
    import kg.viz

    def render_html(*args, **kwargs):  # runs in the forked child that renders the page
        raise _full(errno.ENOSPC)

    monkeypatch.setattr(kg.viz, "render_html", render_html)
    assert build() == 4
    err = capsys.readouterr().err
    assert err == "kg: error: cannot write output (No space left on device)\n"
