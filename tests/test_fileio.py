"""kg.fileio: atomic writes leave either the old file or the new one, never a mix."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from kg import errors
from kg.fileio import atomic_write, atomic_write_bytes, atomic_write_text


def _temps(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_write_creates_parents_and_content(tmp_path):
    target = tmp_path / "a" / "b" / "graph.ttl"
    atomic_write_text(target, "héllo ☃\n")
    assert target.read_bytes() == "héllo ☃\n".encode()
    assert _temps(target.parent) == []


def test_replace_keeps_mode_readable(tmp_path):
    target = tmp_path / "graph.ttl"
    atomic_write_bytes(target, b"one")
    atomic_write_bytes(target, b"two")
    assert target.read_bytes() == b"two"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


@pytest.mark.parametrize("exc", [RuntimeError("boom"), KeyboardInterrupt(), ValueError("x")])
def test_failed_write_leaves_previous_file_and_no_temp(tmp_path, exc):
    target = tmp_path / "graph.ttl"
    target.write_bytes(b"previous")

    def write(fh):
        fh.write(b"half of the new cont")
        raise exc

    with pytest.raises(type(exc)):
        atomic_write(target, write)
    assert target.read_bytes() == b"previous"
    assert _temps(tmp_path) == []


def test_parent_is_a_file_is_an_output_error(tmp_path):
    blocker = tmp_path / "out"
    blocker.write_text("I am a file")
    with pytest.raises(errors.OutputError) as info:
        atomic_write_text(blocker / "graph.ttl", "x")
    assert info.value.exit_code == 4
    assert "\n" not in info.value.message
    assert str(blocker / "graph.ttl") in info.value.message
    assert blocker.read_text() == "I am a file"


def test_target_is_a_folder_is_an_output_error(tmp_path):
    (tmp_path / "graph.ttl").mkdir()
    with pytest.raises(errors.OutputError):
        atomic_write_text(tmp_path / "graph.ttl", "x")
    assert _temps(tmp_path) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder_is_an_output_error(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "graph.ttl").write_bytes(b"previous")
    folder.chmod(0o555)
    try:
        with pytest.raises(errors.OutputError):
            atomic_write_text(folder / "graph.ttl", "new")
        assert (folder / "graph.ttl").read_bytes() == b"previous"
    finally:
        folder.chmod(0o755)


def test_stale_temp_of_a_killed_writer_is_removed_by_the_next_write(tmp_path):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    stale = tmp_path / f".graph.ttl.{dead.stdout.strip()}.x1y2.tmp"
    stale.write_bytes(b"half written")
    other = tmp_path / ".report.md.1.abc.tmp"  # another target's temp: not ours to touch
    other.write_bytes(b"x")
    atomic_write_text(tmp_path / "graph.ttl", "new")
    assert not stale.exists()
    assert other.exists()
    assert (tmp_path / "graph.ttl").read_text() == "new"
