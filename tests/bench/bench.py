"""Benchmark: each figure of issue 6 against its target. Not a test (pytest does not collect it).

    .venv/bin/python tests/bench/bench.py            # everything, 1,000,000 incidents included
    .venv/bin/python tests/bench/bench.py --quick    # up to 100,000, fewer repetitions

Figures (targets from the issue):
  cost per decision     decide (validation included) vs a plain-Python evaluation of the same
                        s16C predicates on the same batch, same run: at most 10x
  naive engine          durable_rules asked on every call (engine.evaluate, no cache), for contrast
  throughput            decide_many at 1,000 / 10,000 / 100,000 / 1,000,000: at least 20,000/s,
                        each size in a fresh process (the engine's conclusions start cold)
  start-up              import + first decision in a fresh interpreter: under 0.5 s
  memory                1,000,000 decisions grow peak RSS by under 20 MiB (and tracemalloc)
  concurrency           8 threads and 2 processes (fork, spawn) give the one-thread answers;
                        the engine stress, protected and unprotected (the crash it must catch)

Incidents are random over every field, unknowns included (tests/random_incidents.py), generated
in chunks outside the timers so that generation never counts as decision time.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import threading
import time
import tracemalloc
from collections import deque
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS))

import random_incidents as _generator  # noqa: E402

OPTIONAL = os.environ.get("BENCH_OPTIONAL_INPUTS", "random") == "random"


def random_incidents(count: int, seed: int = 1) -> Any:
    """The benchmark's incidents; BENCH_OPTIONAL_INPUTS=absent leaves the optional inputs out."""
    return _generator.random_incidents(count, seed=seed, optional=OPTIONAL)


from safeguarding_notify import Decider, Incident, decide, decide_many  # noqa: E402
from safeguarding_notify._assemble import rules_date_of  # noqa: E402
from safeguarding_notify._calendar import age_on  # noqa: E402
from safeguarding_notify._facts import facts_of, situation_of  # noqa: E402

CHUNK = 10_000
WARM_UP = 200_000
REPEATED = 10_000
TARGET_RATIO = 10.0
TARGET_RATE = 20_000
TARGET_STARTUP = 0.5
TARGET_MEMORY_MIB = 20.0


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


# -- the baseline: the same s16C predicates in plain Python ----------------------------------------
# Kleene's three values as True / False / None. This is what the issue calls "a plain-Python
# evaluation of the same predicates": it reads the mapping directly (no validation), parses the
# dates and evaluates s16C(1)(a), s16C(1)(b) and the looked-after Panel guidance, the three rules
# that decide `notify_panel`.


def _and(*values: bool | None) -> bool | None:
    if False in values:
        return False
    return None if None in values else True


def _or(*values: bool | None) -> bool | None:
    if True in values:
        return True
    return None if None in values else False


_ABUSE = {"known": True, "suspected": True, "not_suspected": False, "unknown": None}


def plain_notify_panel(raw: dict[str, Any], today: date) -> str:
    """notify_panel for one incident mapping, computed directly."""
    child, event, authority = raw["child"], raw["event"], raw["notifying_authority"]
    aware = raw["became_aware_on"] and date.fromisoformat(raw["became_aware_on"])
    happened = event["date"] and date.fromisoformat(event["date"])
    born = child["date_of_birth"] and date.fromisoformat(child["date_of_birth"])
    looked_after = child["looked_after"]
    if born and happened:
        low = high = age_on(born, happened)
    elif born:
        low, high = 0, age_on(born, aware or today)
    else:
        low, high = 0, 130
    if looked_after == "yes":
        high = min(high, 17)
    is_child = True if high < 18 else (False if low >= 18 else None)
    kind = event["kind"]
    death = None if kind is None else kind == "death"
    harm = None if kind is None else kind == "serious_harm"
    place = event["location"]
    if place is None:
        in_england = in_area = None
    elif place["country"] != "england":
        in_england, in_area = False, False
    else:
        code = place.get("local_authority")
        in_england, in_area = True, (None if code is None else code == authority)
    home = child["normally_resident"]
    if home is None:
        resident = None
    elif home["country"] != "england":
        resident = False
    else:
        code = home.get("local_authority")
        resident = None if code is None else code == authority
    ours = None if looked_after == "unknown" else child.get("looked_after_by") == authority
    abuse = _ABUSE[raw["abuse_or_neglect"]]
    born_child = not child.get("unborn", False)  # s16C concerns a child already born
    s16c_1a = _and(born_child, abuse, is_child, _or(death, harm), in_area)
    s16c_1b = _and(
        born_child,
        abuse,
        is_child,
        _or(death, harm),
        not in_england if in_england is not None else None,
        resident,
    )
    looked_after_death = _and(death, ours, is_child)
    panel = (s16c_1a, s16c_1b, looked_after_death)
    if True in panel:
        return "required"
    return "not_required" if all(value is False for value in panel) else "undetermined"


# -- helpers --------------------------------------------------------------------------------------


def _best(repeat: int, run: Callable[[], None]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def _chunks(count: int, seed: int) -> Iterable[list[dict[str, Any]]]:
    stream = random_incidents(count, seed=seed)
    while True:
        chunk = [item for _, item in zip(range(CHUNK), stream, strict=False)]
        if not chunk:
            return
        yield chunk


def _worker(argv: list[str]) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, __file__, *argv], capture_output=True, text=True, check=True
    )
    return json.loads(proc.stdout.splitlines()[-1])


# -- figures --------------------------------------------------------------------------------------


def _oracle(directory: Path) -> Any:
    """The verification issue's independent oracle (tests/oracle.py), when this checkout has it."""
    if not (directory / "oracle.py").is_file():
        return None
    sys.path.insert(0, str(directory))
    import oracle

    return oracle if hasattr(oracle, "answer") else None


def cost_per_decision(size: int, repeat: int, oracle_dir: Path) -> None:
    today = date.today()
    batch = list(random_incidents(size, seed=2))
    models = [Incident.model_validate(raw) for raw in batch]
    decider = Decider()
    # Steady state: the batch is decided once, untimed, so the engine has been asked about every
    # rule and facts in it (conclusions for up to a few thousand situations are remembered).
    deque(map(decider.decide, batch), maxlen=0)
    asked_during_batch = decider.engine.asked
    oracle = _oracle(oracle_dir)

    runs: dict[str, Callable[[], Any]] = {
        "plain": lambda: deque((plain_notify_panel(x, today) for x in batch), maxlen=0),
        "decide": lambda: deque(map(decider.decide, batch), maxlen=0),
        "validate": lambda: deque(map(Incident.model_validate, batch), maxlen=0),
    }
    if oracle is not None:
        runs["oracle"] = lambda: deque((oracle.answer(m, today) for m in models), maxlen=0)
    # Interleaved, best of `repeat`: the machine is shared, so each figure gets the same chances.
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(repeat):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - start)
    plain, decided, validated = best["plain"], best["decide"], best["validate"]
    agree = sum(plain_notify_panel(raw, today) == decider.decide(raw).notify_panel for raw in batch)
    ratio = decided / plain
    print(f"\n== cost per decision ({size:,} random incidents, best of {repeat}, load {_load()})")
    print(f"plain-Python s16C predicates : {plain / size * 1e6:8.2f} us/incident")
    print(f"decide, validation included  : {decided / size * 1e6:8.2f} us/incident")
    print(
        f"ratio                        : {ratio:8.2f}x   target <= {TARGET_RATIO:.0f}x  "
        f"{_verdict(ratio <= TARGET_RATIO)}"
    )
    print(
        f"of which validation alone    : {validated / size * 1e6:8.2f} us/incident "
        f"({validated / plain:.1f}x the baseline); the rest of decide: "
        f"{(decided - validated) / plain:.1f}x the baseline"
    )
    if oracle is not None:
        ratio = decided / best["oracle"]
        print(
            f"tests/oracle.py answer()     : {best['oracle'] / size * 1e6:8.2f} us/incident "
            f"(validated input); decide costs {ratio:.2f}x it   target <= {TARGET_RATIO:.0f}x  "
            f"{_verdict(ratio <= TARGET_RATIO)}"
        )
    else:
        print("tests/oracle.py (the verification issue's oracle) is not in this checkout")
    print(f"baseline agrees with decide on notify_panel for {agree:,}/{size:,} incidents")

    # The naive design: validate, map to facts and ask durable_rules on every call.
    # The naive design: durable_rules asked about every rule in force for every incident, with
    # no memory of earlier answers (engine.ask, the one call into durable_rules).
    naive_size = min(size, 300)
    prepared = []
    for raw in batch[:naive_size]:
        incident = Incident.model_validate(raw)
        period = decider._period(*rules_date_of(incident, today))
        prepared.append((period, facts_of(situation_of(incident, decider.thresholds, today))))
    engine = decider.engine

    def ask_every_rule() -> None:
        for period, facts in prepared:
            for unit in engine.units(period):
                engine.ask(unit, {name: facts[name] for name in unit.reads})

    asked_before = engine.asked
    naive = _best(repeat, ask_every_rule)
    per_call = naive / ((engine.asked - asked_before) / repeat)
    print(
        f"naive: durable_rules asked every rule for every incident: {naive / naive_size * 1e6:8.0f} "
        f"us/incident ({per_call * 1e6:.0f} us a call, {naive / naive_size / (plain / size):.0f}x "
        f"the plain baseline); this design asked it {asked_during_batch:,} times for "
        f"{size:,} incidents (once per rule and distinct facts it reads)"
    )


def throughput(sizes: list[int]) -> None:
    print("\n== throughput of decide_many (one core, validation included, fresh process per size)")
    print("   cold: the process's first batch (the engine is asked about each new situation);")
    print(f"   warm: another random batch of the same size after {WARM_UP:,} untimed decisions;")
    print(f"   again: the batch's first {REPEATED:,} incidents decided a second time")
    print("   (and the time the cold batch spent inside durable_rules: a bound on its rate)")
    for size in sizes:
        result = _worker(["--throughput-worker", str(size)])
        cold, warm = result["cold_rate"], result["warm_rate"]
        warm_text = (
            f"warm {warm:>7,.0f} /s {_verdict(warm >= TARGET_RATE)}" if warm else "warm (not run)"
        )
        print(
            f"{size:>9,} incidents: cold {cold:>7,.0f} /s {_verdict(cold >= TARGET_RATE)} "
            f"({result['engine_calls']:,} engine calls, {result['searches']:,} searches), "
            f"again {result['again_rate']:>7,.0f} /s, {warm_text}   target >= "
            f"{TARGET_RATE:,}/s   (load {_load()})"
        )
        engine = result["engine_seconds"]
        print(
            f"{'':>20}cold: {engine:.2f} s inside durable_rules "
            f"({engine / result['engine_calls'] * 1e6:.0f} us a call), which alone caps "
            f"this batch at {size / engine:,.0f} /s"
        )
        # With no engine call and no search, "again" is the per-incident work alone (validation,
        # assembling the decision, the digest): what bounds the rate once the engine is warm.
        for label in ("again", "warm"):
            if result[f"{label}_rate"]:
                calls, searches = result[f"{label}_work"]
                print(f"{'':>20}{label}: {calls:,} engine calls, {searches:,} searches")


def _timed_batch(size: int, seed: int) -> float:
    elapsed = 0.0
    for chunk in _chunks(size, seed=seed):
        start = time.perf_counter()
        deque(decide_many(chunk), maxlen=0)
        elapsed += time.perf_counter() - start
    return elapsed


def throughput_worker(size: int) -> dict[str, Any]:
    from safeguarding_notify._decide import default_decider

    # The time spent inside durable_rules is summed: however fast the rest, a fresh process
    # cannot decide its first incidents faster than the engine answers their new questions.
    engine = default_decider().engine
    ask, in_engine = engine.ask, [0.0]

    def timed_ask(unit: Any, facts: Any) -> str:
        start = time.perf_counter()
        try:
            return ask(unit, facts)
        finally:
            in_engine[0] += time.perf_counter() - start

    engine.ask = timed_ask  # type: ignore[method-assign]
    cold = _timed_batch(size, seed=5)
    engine.ask = ask  # type: ignore[method-assign]
    calls, searches = engine.asked, default_decider().searched
    # The same incidents decided again (as a service re-deciding its open cases does): every
    # search and engine answer they need is remembered; only the per-incident work remains.
    again = min(size, REPEATED)
    again_rate, again_work = _counted(engine, lambda: again / _timed_batch(again, seed=5))
    warm, warm_work = None, (0, 0)
    if size <= WARM_UP:
        deque(decide_many(random_incidents(WARM_UP, seed=7)), maxlen=0)
        warm, warm_work = _counted(engine, lambda: size / _timed_batch(size, seed=6))
    return {
        "cold_rate": size / cold,
        "again_rate": again_rate,
        "again_work": again_work,
        "warm_rate": warm,
        "warm_work": warm_work,
        "engine_calls": calls,
        "engine_seconds": in_engine[0],
        "searches": searches,
    }


def _counted(engine: Any, run: Callable[[], float]) -> tuple[float, tuple[int, int]]:
    """`run`'s rate, with the engine calls and searches made while it ran."""
    from safeguarding_notify._decide import default_decider

    calls, searches = engine.asked, default_decider().searched
    rate = run()
    return rate, (engine.asked - calls, default_decider().searched - searches)


def _load() -> str:
    return "/".join(f"{value:.1f}" for value in os.getloadavg())


STARTUP_CODE = """
import time
start = time.perf_counter()
import safeguarding_notify
decision = safeguarding_notify.decide(INCIDENT)
print(time.perf_counter() - start)
"""


def startup(runs: int) -> None:
    sys.path.insert(0, str(TESTS))
    from conftest import BASELINE

    code = STARTUP_CODE.replace("INCIDENT", repr(BASELINE))
    inside, whole = [], []
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        whole.append(time.perf_counter() - start)
        inside.append(float(out.stdout.strip()))
    worst = max(inside)
    print(f"\n== start-up (fresh interpreter, {runs} runs)")
    print(
        f"import + first decision: median {statistics.median(inside):.3f} s, worst {worst:.3f} s   "
        f"target < {TARGET_STARTUP} s  {_verdict(worst < TARGET_STARTUP)}"
    )
    print(f"whole process (interpreter start included): median {statistics.median(whole):.3f} s")


def memory(size: int) -> None:
    result = _worker(["--memory-worker", str(size)])
    growth = result["rss_growth_mib"]
    print(f"\n== memory ({size:,} decisions in one process)")
    print(
        f"peak RSS (VmHWM) after import + first decision: {result['rss_start_mib']:.1f} MiB; after {size:,} more: "
        f"{result['rss_end_mib']:.1f} MiB; growth {growth:.1f} MiB   target < {TARGET_MEMORY_MIB:.0f} MiB  "
        f"{_verdict(growth < TARGET_MEMORY_MIB)}"
    )
    print(
        f"current RSS: {result['current_start_mib']:.1f} MiB -> {result['current_end_mib']:.1f} MiB"
    )
    print(
        f"remembered conclusions: {result['verdicts']:,} verdicts, {result['outcomes']:,} engine calls"
    )
    print(
        f"tracemalloc over a further {result['traced_count']:,} decisions: Python heap retained "
        f"{result['traced_retained_kib']:.0f} KiB, peak above start {result['traced_peak_kib']:.0f} KiB"
    )


def _rss_mib() -> tuple[float, float]:
    """Current and peak resident set size of this process, from /proc (Linux).

    Not `getrusage`: its ru_maxrss survives exec on Linux, so a worker started from this (large)
    benchmark process would report the parent's peak.
    """
    lines = Path("/proc/self/status").read_text().splitlines()
    status = dict(line.split(":", 1) for line in lines if ":" in line)
    return int(status["VmRSS"].split()[0]) / 1024, int(status["VmHWM"].split()[0]) / 1024


def memory_worker(size: int) -> dict[str, Any]:
    from conftest import BASELINE
    from safeguarding_notify._decide import default_decider

    decide(BASELINE)
    current_start, start = _rss_mib()
    deque(decide_many(random_incidents(size, seed=9)), maxlen=0)  # lazily: nothing kept
    current_end, end = _rss_mib()
    traced = min(size, 100_000)
    tracemalloc.start()
    before, _ = tracemalloc.get_traced_memory()
    deque(decide_many(random_incidents(traced, seed=10)), maxlen=0)
    after, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    decider = default_decider()
    return {
        "rss_start_mib": start,
        "rss_end_mib": end,
        "rss_growth_mib": end - start,
        "current_start_mib": current_start,
        "current_end_mib": current_end,
        "verdicts": len(decider._verdicts),
        "outcomes": decider.engine.asked,
        "traced_count": traced,
        "traced_retained_kib": (after - before) / 1024,
        "traced_peak_kib": (peak - before) / 1024,
    }


def _decide_json(batch: list[dict[str, Any]]) -> list[str]:
    return [decision.model_dump_json() for decision in decide_many(batch)]


def concurrency(size: int, stress_trials: int) -> None:
    print(f"\n== concurrency ({size:,} incidents)")
    batch = list(random_incidents(size, seed=12))
    single = Decider()  # cold, like the shared one below
    start = time.perf_counter()
    reference = [single.decide(x).model_dump_json() for x in batch]
    one = time.perf_counter() - start
    shared = Decider()
    results: dict[int, list[str]] = {}

    def work(index: int) -> None:
        results[index] = [shared.decide(x).model_dump_json() for x in batch]

    threads = [threading.Thread(target=work, args=(index,)) for index in range(8)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    eight = time.perf_counter() - start
    same = all(results[index] == reference for index in range(8))
    print(
        f"1 thread, cold decider: {size / one:,.0f} /s; 8 threads on one cold decider: "
        f"{8 * size / eight:,.0f} /s in total; all 8 threads' answers equal one thread's: {same}  {_verdict(same)}"
    )
    for method in ("fork", "spawn"):
        chunks = [batch[offset : offset + 1000] for offset in range(0, size, 1000)]
        start = time.perf_counter()
        with multiprocessing.get_context(method).Pool(2) as pool:
            answers = [line for chunk in pool.map(_decide_json, chunks) for line in chunk]
        took = time.perf_counter() - start
        equal = answers == reference
        print(
            f"2 processes ({method}): {size / took:,.0f} /s including pool start-up; answers equal: {equal}  {_verdict(equal)}"
        )

    script = str(TESTS / "engine_stress.py")
    variants = [
        ("as built (lock, no dispatch threads)", []),
        ("no lock, stock dispatch timers", ["--unprotected"]),
        ("lock kept, stock dispatch timers", ["--unprotected", "--keep-lock"]),
        ("no lock, no dispatch timers", ["--unprotected", "--no-timers"]),
    ]
    print(
        f"engine stress: 8 threads x 2,500 engine.evaluate calls, switch interval 1 us, {stress_trials} runs each"
    )
    for label, flags in variants:
        codes, times = [], []
        for _ in range(stress_trials):
            start = time.perf_counter()
            done = subprocess.run(
                [sys.executable, script, "--rounds", "2500", *flags],
                capture_output=True,
                check=False,
            )
            times.append(time.perf_counter() - start)
            codes.append(done.returncode)
        failed = sum(code != 0 for code in codes)
        print(
            f"  {label:<38}: {failed}/{stress_trials} runs failed (exit codes {codes}; "
            f"{min(times):.1f}-{max(times):.1f} s per run)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="sizes up to 100,000, fewer runs")
    parser.add_argument("--throughput-worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--memory-worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument(
        "--only", help="comma-separated: cost,throughput,startup,memory,concurrency"
    )
    parser.add_argument("--cost-size", type=int, default=20_000, help="incidents in the cost batch")
    parser.add_argument(
        "--oracle-dir", type=Path, default=TESTS, help="where oracle.py is (default: tests/)"
    )
    arguments = parser.parse_args()
    if arguments.throughput_worker:
        print(json.dumps(throughput_worker(arguments.throughput_worker)))
        return
    if arguments.memory_worker:
        print(json.dumps(memory_worker(arguments.memory_worker)))
        return
    quick = arguments.quick
    only = set((arguments.only or "cost,throughput,startup,memory,concurrency").split(","))
    print(
        f"Python {sys.version.split()[0]}; {multiprocessing.cpu_count()} CPUs (shared, load "
        f"{_load()}); {'quick' if quick else 'full'} run; optional inputs "
        f"{'random' if OPTIONAL else 'absent (BENCH_OPTIONAL_INPUTS=absent)'}"
    )
    if "cost" in only:
        cost_per_decision(arguments.cost_size, 3 if quick else 5, arguments.oracle_dir)
    if "throughput" in only:
        throughput([1_000, 10_000, 100_000] if quick else [1_000, 10_000, 100_000, 1_000_000])
    if "startup" in only:
        startup(3 if quick else 7)
    if "memory" in only:
        memory(100_000 if quick else 1_000_000)
    if "concurrency" in only:
        concurrency(5_000 if quick else 20_000, 2 if quick else 5)


if __name__ == "__main__":
    main()
