"""Eight threads driving durable_rules directly, with or without `_engine`'s two protections.

The protections are the lock held around every call into the engine and a host that starts no
background dispatch threads (`_QuietHost`). tests/test_concurrency.py runs this stress on the
engine as built and checks every answer; run as a script with `--unprotected`, the same stress
runs with the lock replaced by a no-op and durable_rules' stock dispatch timers started, which
is how the crash described in durable-rules.md happens (the process dies with SIGSEGV).

    python tests/engine_stress.py --unprotected --rounds 2500
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Mapping
from datetime import date
from types import TracebackType
from typing import Any

from random_incidents import random_incidents
from safeguarding_notify import Decider, Incident
from safeguarding_notify._assemble import rules_date_of
from safeguarding_notify._engine import RuleEngine
from safeguarding_notify._facts import facts_of, situation_of

Item = tuple[Any, Mapping[str, str | int]]
THREADS = 8


def work_items(decider: Decider, count: int = 300, seed: int = 7) -> list[Item]:
    """The engine's inputs (a rule as registered, the facts it reads) for `count` random incidents."""
    today = date.today()
    items = []
    for raw in random_incidents(count, seed=seed):
        incident = Incident.model_validate(raw)
        period = decider._period(*rules_date_of(incident, today))
        facts = facts_of(situation_of(incident, decider.thresholds, today))
        for unit in decider.engine.units(period):
            items.append((unit, {name: facts[name] for name in unit.reads}))
    return items


def stress(engine: RuleEngine, items: list[Item], rounds: int, switch: float = 1e-6) -> list[str]:
    """Eight threads each make `rounds` calls into durable_rules at once (`ask`, which is never
    answered from memory); every answer differing from a single-threaded run, and every
    exception, is returned."""
    expected = [engine.ask(unit, facts) for unit, facts in items]
    problems: list[str] = []
    start = threading.Barrier(THREADS)

    def work(offset: int) -> None:
        start.wait()
        try:
            for step in range(rounds):
                index = (step * 7 + offset) % len(items)
                unit, facts = items[index]
                if engine.ask(unit, facts) != expected[index]:
                    problems.append(f"thread {offset}: item {index} answered differently")
        except Exception as error:  # reported, not raised: the test lists every failure
            problems.append(f"thread {offset}: {type(error).__name__}: {error}")

    previous = sys.getswitchinterval()
    # Switch threads as often as CPython allows, so that calls interleave as much as they can.
    sys.setswitchinterval(switch)
    try:
        threads = [threading.Thread(target=work, args=(offset,)) for offset in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(previous)
    return problems


class _NoLock:
    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None


def unprotect(engine: RuleEngine, lock: bool = False, timers: bool = True) -> None:
    """Remove the protections: the lock (unless `lock`), and start the stock timers (if `timers`)."""
    from durable.engine import Host

    if not lock:
        engine._lock = _NoLock()  # type: ignore[assignment]
    if timers:
        Host._run(engine._host)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=2500, help="engine calls per thread")
    parser.add_argument("--unprotected", action="store_true", help="no lock, stock timers")
    parser.add_argument("--keep-lock", action="store_true", help="with --unprotected: keep lock")
    parser.add_argument("--no-timers", action="store_true", help="with --unprotected: no timers")
    arguments = parser.parse_args(argv)
    decider = Decider()
    items = work_items(decider)
    if arguments.unprotected:
        unprotect(decider.engine, lock=arguments.keep_lock, timers=not arguments.no_timers)
    problems = stress(decider.engine, items, arguments.rounds)
    for problem in problems[:5]:
        print(problem)
    print(f"{THREADS} threads x {arguments.rounds} engine calls: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
