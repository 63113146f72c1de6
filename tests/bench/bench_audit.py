"""Throughput of `safeguarding-notify audit` on generated files (a benchmark, not a test).

    python tests/bench/bench_audit.py [ROWS]

Writes JSONL and CSV files of ROWS incidents (default 100,000; a mix of required, not required,
undetermined, other-area and bad rows) to a temporary directory and times the audit of each,
with and without `--out`, in this process. Prints rows per second.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from conftest import OTHER_AREA, incident
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


def run(rows: int) -> None:
    default_decider()  # load the rules and build the engine outside the timings
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        jsonl, table = write_files(root, rows)
        for source in (jsonl, table):
            for out in (None, root / "decisions.jsonl", root / "decisions.csv"):
                arguments = ["audit", str(source), *(["--out", str(out)] if out else [])]
                seconds = timed(arguments)
                label = f"{source.suffix[1:]:>5} in, --out {out.suffix[1:] if out else 'none':>5}"
                print(f"{label}: {rows} rows in {seconds:6.2f} s = {rows / seconds:8.0f} rows/s")


if __name__ == "__main__":
    run(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
