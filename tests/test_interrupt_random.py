"""Interrupts at random moments of a parallel build, once or twice (issue 17 item 7).

Under load, Ctrl-C once printed a ``concurrent.futures.InvalidStateError`` traceback and
hung, and a second SIGTERM during shutdown printed a traceback. Each run below starts a
``--jobs 2`` build in its own process group, sends SIGINT to the group (what Ctrl-C does) or
SIGTERM to kg, at a moment drawn from a seeded generator (``KG_TEST_SEED`` to vary it),
sometimes a second signal soon after, and checks: it ends promptly, with exactly one
``kg:`` line and no traceback, exit 130 or 143 (0 if it finished first), no process of its
group left behind, and no temporary file in the output folder.
"""

from __future__ import annotations

import os
import random
import signal
import time

import pytest
from synthetic import write_corpus
from test_interrupt import HAS_JOBS, build_argv, start, temp_files

LINES = {
    130: "kg: interrupted; earlier output is left as it was",
    143: "kg: terminated; earlier output is left as it was",
}
SEED = int(os.environ.get("KG_TEST_SEED", "17"))
RUNS = 4


def _plan(seed: int) -> list[dict]:
    rng = random.Random(seed)
    plans = []
    for i in range(RUNS):
        first = rng.choice(["int", "term"])
        plans.append(
            {
                "first": first,
                "delay": rng.uniform(0.0, 6.0),
                # runs 2 and 3 always signal twice; the others by chance
                "second": rng.choice(["int", "term"])
                if i in (1, 2) or rng.random() < 0.3
                else None,
                "gap": rng.uniform(0.0, 0.4),
            }
        )
    return plans


def _send(proc, kind: str) -> None:
    try:
        if kind == "int":
            os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C: the whole group, workers too
        else:
            os.kill(proc.pid, signal.SIGTERM)  # a service manager: kg only
    except ProcessLookupError:
        pass


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("random-interrupts") / "articles"
    write_corpus(folder, 24, start=5000)
    return folder


@pytest.mark.skipif(not HAS_JOBS, reason="kg build --jobs is not available")
@pytest.mark.parametrize("run", range(RUNS))
def test_signals_at_random_moments_stop_a_parallel_build_cleanly(run, corpus, tmp_path):
    plan = _plan(SEED)[run]
    out = tmp_path / "out"
    ready = tmp_path / "ready"
    proc = start(build_argv([corpus], out, jobs=2), ready=ready)
    deadline = time.monotonic() + 60
    while not ready.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(plan["delay"])
    _send(proc, plan["first"])
    if plan["second"]:
        time.sleep(plan["gap"])
        _send(proc, plan["second"])
    try:
        _, stderr = proc.communicate(timeout=30)
    except Exception:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"kg did not stop within 30 s of the signal ({plan})")
    assert "Traceback" not in stderr and "Error" not in stderr, (plan, stderr)
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    if proc.returncode == 0:  # finished before the signal arrived
        assert lines == [], (plan, stderr)
    else:
        expected = 130 if plan["first"] == "int" else 143
        assert proc.returncode == expected, (plan, proc.returncode, stderr)
        assert lines == [LINES[expected]], (plan, stderr)
    for _ in range(50):  # workers go with kg
        if not _group_alive(proc.pid):
            break
        time.sleep(0.1)
    else:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail(f"processes of the build outlived it ({plan})")
    if out.is_dir():
        assert temp_files(out) == [], plan
