"""Benchmark (not a test): the cost of statuses, rapid reviews, what-if and plans.

Run: .venv/bin/python tests/bench/bench_workflow.py
Prints the time per decision for a mix of incidents (cold: first sight of each situation, with
its what-if search; warm: every situation already seen) and per plan of 4, 20 and 100 children.
"""

from __future__ import annotations

import itertools
import random
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from conftest import OTHER_AREA, OUR_AREA, incident
from safeguarding_notify import Decider
from safeguarding_notify._plan import plan_with
from safeguarding_notify.group import IncidentGroup

TODAY = date(2026, 11, 26)
PLACES = [
    {"country": "england", "local_authority": OUR_AREA},
    {"country": "england", "local_authority": OTHER_AREA},
    {"country": "england", "local_authority": None},
    {"country": "wales"},
    None,
]


def mix(count: int, seed: int = 4) -> list[dict[str, Any]]:
    chooser = random.Random(seed)
    return [
        incident(
            case_reference=f"B-{n}",
            abuse_or_neglect=chooser.choice(["known", "suspected", "not_suspected", "unknown"]),
            **{
                "event.kind": chooser.choice(["death", "serious_harm", "other", None]),
                "event.location": chooser.choice(PLACES),
                "child.normally_resident": chooser.choice(PLACES),
                "child.date_of_birth": chooser.choice(["2015-03-01", "2000-01-01", None]),
            },
        )
        for n in range(count)
    ]


def per_item(seconds: float, count: int) -> str:
    return f"{seconds / count * 1e6:8.1f} µs each ({count} in {seconds:.2f} s)"


def main() -> None:
    documents = mix(5000)
    decider = Decider()
    start = time.perf_counter()
    for document in documents:
        decider.decide(document, TODAY)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    for document in documents:
        decider.decide(document, TODAY)
    warm = time.perf_counter() - start
    print(f"decide, cold caches: {per_item(cold, len(documents))}")
    print(f"decide, warm caches: {per_item(warm, len(documents))}")
    print(f"distinct situations seen: {len(decider._verdicts)}")
    for size in (4, 20, 100):
        children = [dict(item, case_reference=f"P-{n}") for n, item in enumerate(mix(size, 9))]
        for child in children:
            child["event"] = dict(incident()["event"], kind=child["event"]["kind"])
        group = IncidentGroup.model_validate(
            {"notifying_authority": OUR_AREA, "incidents": children}
        )
        runs = 20
        start = time.perf_counter()
        for _ in itertools.repeat(None, runs):
            plan_with(decider, group, None, TODAY)
        print(f"plan of {size:3d} children: {per_item(time.perf_counter() - start, runs)}")
    tracemalloc.start()
    for document in documents[:1000]:
        decider.decide(document, TODAY)
    _, peak = tracemalloc.get_traced_memory()
    print(f"peak traced memory over 1,000 warm decisions: {peak / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
