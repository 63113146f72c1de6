"""Benchmark: decisions across the three regimes, first time (engine asked) and remembered.

Run: .venv/bin/python tests/bench/bench_regimes.py   (not collected by pytest; figures only)
"""

from __future__ import annotations

import sys
import time
from itertools import product
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from conftest import OTHER_AREA, OUR_AREA, incident
from safeguarding_notify import Decider

DATES = [("2016-05-10", "2016-05-12"), ("2019-05-10", "2019-05-13"), ("2025-05-09", "2025-05-12")]


def incidents() -> list[dict[str, Any]]:
    found = []
    for abuse, kind, place, looked_after, (happened, aware), born in product(
        ["suspected", "not_suspected", "unknown"],
        ["death", "serious_harm", None],
        [
            {"country": "england", "local_authority": OUR_AREA},
            {"country": "england", "local_authority": OTHER_AREA},
            {"country": "wales"},
            None,
        ],
        ["no", "unknown"],
        DATES,
        ["2010-01-01", "2004-01-01", None],
    ):
        found.append(
            incident(
                abuse_or_neglect=abuse,
                became_aware_on=aware,
                **{
                    "event.kind": kind,
                    "event.location": place,
                    "child.looked_after": looked_after,
                    "event.date": happened,
                    "child.date_of_birth": born,
                },
            )
        )
    return found


def main() -> None:
    cases = incidents()
    decider = Decider()
    start = time.perf_counter()
    for case in cases:
        decider.decide(case)
    first = time.perf_counter() - start
    start = time.perf_counter()
    for case in cases:
        decider.decide(case)
    again = time.perf_counter() - start
    print(f"{len(cases)} incidents over 3 regimes")
    print(
        f"first pass: {first:.2f} s ({first / len(cases) * 1e3:.2f} ms each), "
        f"{decider.engine.asked} engine evaluations"
    )
    print(f"second pass (remembered): {again / len(cases) * 1e6:.0f} us each")


if __name__ == "__main__":
    main()
