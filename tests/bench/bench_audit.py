"""Throughput of `safeguarding-notify audit` on generated files (a benchmark, not a test).

    python tests/bench/bench_audit.py [ROWS] [--random]

Writes JSONL and CSV files of ROWS incidents (default 100,000; a mix of required, not required,
undetermined, other-area and bad rows) to a temporary directory and times the audit of each,
with and without `--out`, in this process. Prints rows per second.

Those rows recur (five incidents), so every conclusion is remembered after the first few: the
figure is the audit's own cost (reading, validating, deciding from memory, writing). With
`--random` the rows are random valid incidents instead (every field random, unknowns and optional
inputs included; JSONL only, as the CSV columns carry no `notified_on`), each audit run in a
fresh process as a nightly job would be: the cold figure, start-up (~0.3 s) included.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from conftest import OTHER_AREA, incident
from random_incidents import random_incidents
from safeguarding_notify._csvio import columns_of
from safeguarding_notify._decide import default_decider
from safeguarding_notify.cli import main

VARIANTS = [
    incident(),
    incident(abuse_or_neglect="not_suspected"),
    incident(abuse_or_neglect="unknown"),
    incident(**{"event.location.local_authority": OTHER_AREA}),
    incident(**{"event.kind": "injury"}),
]


def _flat(document: dict[str, object], prefix: str = "") -> dict[str, str]:
    cells: dict[str, str] = {}
    for key, value in document.items():
        if isinstance(value, dict):
            cells.update(_flat(value, f"{prefix}{key}."))
        else:
            cells[f"{prefix}{key}"] = "" if value is None else str(value)
    return cells


def write_files(root: Path, rows: int) -> tuple[Path, Path]:
    jsonl, table = root / "incidents.jsonl", root / "incidents.csv"
    lines = [json.dumps(item) for item in VARIANTS]
    with jsonl.open("w", encoding="utf-8") as stream:
        stream.writelines(lines[n % len(lines)] + "\n" for n in range(rows))
    with table.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, list(columns_of().leaves), restval="")
        writer.writeheader()
        flat = [_flat(item) for item in VARIANTS]
        writer.writerows(flat[n % len(flat)] for n in range(rows))
    return jsonl, table


def timed(arguments: list[str]) -> float:
    began = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        main(arguments)
    return time.perf_counter() - began


def timed_in_a_fresh_process(arguments: list[str]) -> float:
    began = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "safeguarding_notify", *arguments],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - began


def time_audits(
    source: Path, rows: int, label: str, time_one: Callable[[list[str]], float]
) -> None:
    """Audit `source` with no `--out`, then writing JSONL, then CSV, and print each rate."""
    for out in (None, source.with_name("decisions.jsonl"), source.with_name("decisions.csv")):
        seconds = time_one(["audit", str(source), *(["--out", str(out)] if out else [])])
        label_out = f"{label}, --out {out.suffix[1:] if out else 'none':>5}"
        print(f"{label_out}: {rows} rows in {seconds:6.2f} s = {rows / seconds:8.0f} rows/s")


def run(rows: int) -> None:
    default_decider()  # load the rules and build the engine outside the timings
    with tempfile.TemporaryDirectory() as folder:
        for source in write_files(Path(folder), rows):
            time_audits(source, rows, f"{source.suffix[1:]:>5} in", timed)


def run_random(rows: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        jsonl = Path(folder) / "random.jsonl"
        with jsonl.open("w", encoding="utf-8") as stream:
            stream.writelines(json.dumps(item) + "\n" for item in random_incidents(rows, seed=3))
        time_audits(jsonl, rows, "random jsonl in a fresh process", timed_in_a_fresh_process)


if __name__ == "__main__":
    numbers = [argument for argument in sys.argv[1:] if argument != "--random"]
    count = int(numbers[0]) if numbers else 100_000
    if "--random" in sys.argv[1:]:
        run_random(count)
    else:
        run(count)
