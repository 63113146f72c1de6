"""Concurrent callers: threads and processes get the answers one caller gets, and nothing crashes."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from durable.engine import Host, Ruleset

from conftest import incident
from engine_stress import stress, work_items
from random_incidents import random_incidents
from safeguarding_notify import Decider, _engine, decide
from safeguarding_notify.incident import england_today

HERE = Path(__file__).resolve().parent
TODAY = england_today()
BATCH = list(random_incidents(120, seed=11))


def _answers(decider: Decider, batch: list[dict[str, Any]]) -> list[str]:
    return [decider.decide(item, TODAY).model_dump_json() for item in batch]


def _decide_in_worker(batch: list[dict[str, Any]], today: date = TODAY) -> list[str]:
    # `today` passed on: a spawned worker imports this module again, after midnight perhaps.
    return [decide(item, today).model_dump_json() for item in batch]


def test_eight_threads_give_the_answers_of_one() -> None:
    """Eight threads deciding one batch at once on a cold decider give exactly the single-threaded decisions."""
    reference = _answers(Decider(), BATCH)
    shared = Decider()  # cold: the threads race to ask the engine about the same new situations
    results: dict[int, list[str]] = {}
    start = threading.Barrier(8)

    def work(offset: int) -> None:
        start.wait()
        rotated = BATCH[offset * 15 :] + BATCH[: offset * 15]
        answers = _answers(shared, rotated)
        results[offset] = answers[len(BATCH) - offset * 15 :] + answers[: len(BATCH) - offset * 15]

    threads = [threading.Thread(target=work, args=(offset,)) for offset in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == list(range(8))
    for offset in range(8):
        assert results[offset] == reference, f"thread {offset} disagreed"


def test_engine_stress_from_eight_threads_is_correct() -> None:
    """8 x 1,000 real engine calls at once, switching threads as often as CPython allows, all answer as one thread does."""
    decider = Decider()
    assert stress(decider.engine, work_items(decider), rounds=1000) == []


def test_the_same_stress_unprotected_crashes() -> None:
    """Without the lock and with durable_rules' stock dispatch timers, the same stress crashes or errs: it is long enough to catch the fault."""
    # The crash is a race with the dispatch timers (every 0.1-0.5 s): on a loaded machine one run
    # of ~2 s in three (at worst three in five) finished unharmed, so each run is longer (~4 s)
    # and up to ten are made; any one failing shows the stress can catch it.
    for _attempt in range(10):
        done = subprocess.run(
            [sys.executable, str(HERE / "engine_stress.py"), "--unprotected", "--rounds", "5000"],
            capture_output=True,
            timeout=180,
            check=False,
        )
        if done.returncode != 0:
            break
    assert done.returncode != 0, done.stdout.decode()


def test_no_dispatch_thread_ever_enters_the_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """Building an engine and deciding start no Timer thread (the stock host's dispatch runs on
    them) and never call durable_rules' dispatch."""
    calls: list[str] = []
    monkeypatch.setattr(Ruleset, "dispatch", lambda self: calls.append("dispatch"))
    monkeypatch.setattr(Ruleset, "dispatch_timers", lambda self: calls.append("timers"))
    monkeypatch.setattr(threading.Timer, "start", lambda self: calls.append("timer started"))
    decider = Decider()
    decider.decide(incident())
    # No timer was started, so none can fire later: no wait for one is needed.
    assert calls == []


def test_the_stock_host_would_start_dispatch_timers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check above can fail: durable_rules' own host starts Timer threads when built."""
    started: list[threading.Timer] = []
    monkeypatch.setattr(threading.Timer, "start", lambda self: started.append(self))
    Host()
    assert started


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_processes_give_the_answers_of_one(method: str) -> None:
    """Decisions made in worker processes (fork and spawn) equal those made in this process."""
    batch = BATCH
    decide(incident())  # with fork, the workers inherit an engine that has already been used
    reference = _decide_in_worker(batch)
    chunks = [batch[start : start + 30] for start in range(0, len(batch), 30)]
    with multiprocessing.get_context(method).Pool(2) as pool:
        answers = pool.map(partial(_decide_in_worker, today=TODAY), chunks)
    assert [answer for chunk in answers for answer in chunk] == reference


# The fork is taken while another thread holds a lock, deliberately: Python 3.12 warns of that
# very case (a fork of a threaded process may deadlock the child), which these tests show does not.
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_fork_while_an_engine_is_being_built_does_not_deadlock() -> None:
    """A process forked while another thread holds the lock of the engines Deciders share (as
    while one is built) can still build a Decider and decide."""
    assert _forked_while_held(lambda: _engine._ENGINES_LOCK, _build_and_decide) == 0


def _build_and_decide() -> None:
    Decider().decide(incident())


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_fork_while_the_engine_is_locked_does_not_deadlock() -> None:
    """A process forked while another thread holds the engine's lock can still ask the engine."""
    decider = Decider()
    assert _forked_while_held(lambda: decider.engine._lock, decider.decide, incident()) == 0


def _forked_while_held(
    lock: Callable[[], Any], target: Callable[..., Any], *args: Any
) -> int | None:
    """The exit code of a process forked to run `target` while another thread holds `lock()`
    (None if it was still waiting after 30 s: then stopped)."""
    context = multiprocessing.get_context("fork")
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with lock():
            holding.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait(30)
    try:
        child = context.Process(target=target, args=args)
        child.start()
        child.join(30)
    finally:
        release.set()
        holder.join()
    if child.is_alive():  # waiting for a lock no one will release
        child.kill()
        return None
    return child.exitcode
