"""kg.background: work in a forked child, its value or its error back in the parent."""

from __future__ import annotations

import os
import time

import pytest

from kg import errors
from kg.background import Background


def test_the_value_comes_from_the_child():
    job = Background(os.getpid)
    assert job.result() != os.getpid()  # computed in another process


def test_an_error_in_the_child_is_raised_here():
    def fail():
        raise errors.OutputError("cannot write output (No space left on device)")

    with pytest.raises(errors.OutputError, match="No space left"):
        Background(fail).result()


def test_a_child_that_dies_without_answering_is_replaced_by_doing_the_work_here():
    parent = os.getpid()

    def die_in_child():
        if os.getpid() != parent:
            os._exit(9)  # as if killed for memory
        return "done here"

    assert Background(die_in_child).result() == "done here"


def test_disabled_runs_in_this_process():
    assert Background(os.getpid, enabled=False).result() == os.getpid()


def test_cancel_stops_the_child():
    job = Background(lambda: time.sleep(30))
    pid = job.pid
    assert pid is not None
    job.cancel()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # gone (and reaped)
