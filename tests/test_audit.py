"""Batch audit: JSONL and CSV in, bad rows named by line and field, a summary, --out of all."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict

from conftest import CALENDAR_END, OTHER_AREA, OUR_AREA, incident
from safeguarding_notify import Decider, EngineError, OutsideCalendarError, decide
from safeguarding_notify._audit import AuditResult, Row, audit
from safeguarding_notify._csvio import columns_of
from safeguarding_notify._decide import default_decider
from safeguarding_notify._explain import format_date
from safeguarding_notify._progress import Progress
from safeguarding_notify.cli import main
from safeguarding_notify.incident import Place, england_today

HEADER = list(columns_of().leaves)


def _jsonl(tmp_path: Path, documents: list[Any], name: str = "in.jsonl") -> str:
    path = tmp_path / name
    path.write_text("".join(json.dumps(item) + "\n" for item in documents), encoding="utf-8")
    return str(path)


def _csv(tmp_path: Path, rows: list[dict[str, str]], header: list[str] = HEADER) -> str:
    path = tmp_path / "in.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, header, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return str(path)


def _row(**cells: str) -> dict[str, str]:
    """A CSV row of the baseline incident, with cells replaced."""
    base = {
        "case_reference": "T-1",
        "notifying_authority": OUR_AREA,
        "child.date_of_birth": "2015-03-01",
        "child.normally_resident.country": "england",
        "child.normally_resident.local_authority": OUR_AREA,
        "child.looked_after": "no",
        "event.kind": "death",
        "event.date": "2026-11-18",
        "event.location.country": "england",
        "event.location.local_authority": OUR_AREA,
        "abuse_or_neglect": "suspected",
        "became_aware_on": "2026-11-20",
    }
    return {**base, **cells}


def test_csv_rows_decide_as_the_same_incident_in_json(tmp_path: Path) -> None:
    """A CSV row and its JSON twin give the same decision (same input digest)."""
    out = tmp_path / "out.jsonl"
    assert main(["audit", _csv(tmp_path, [_row()]), "--out", str(out)]) == 0
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["line"] == 2
    assert record["decision"] == decide(incident()).model_dump(mode="json")


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (
            {"event.location.country": "", "event.location.local_authority": ""},
            {"event.location": None},
        ),
        (
            {"event.location.local_authority": ""},
            {"event.location": {"country": "england", "local_authority": None}},
        ),
        (
            {"event.location.country": "wales", "event.location.local_authority": ""},
            {"event.location": {"country": "wales"}},
        ),
        ({"event.kind": "", "child.date_of_birth": ""}, {"event.kind": None}),
    ],
    ids=["both place cells empty", "england, area empty", "outside England", "empty cells"],
)
def test_csv_empty_cells_mean_unknown(
    tmp_path: Path, cells: dict[str, str], expected: dict[str, Any]
) -> None:
    """An empty cell is unknown; an all-empty place is an unknown place; wales needs no authority."""
    out = tmp_path / "out.jsonl"
    assert main(["audit", _csv(tmp_path, [_row(**cells)]), "--out", str(out)]) == 0
    got = json.loads(out.read_text(encoding="utf-8"))["decision"]
    twin = incident(**expected)
    if cells.get("child.date_of_birth") == "":
        twin["child"]["date_of_birth"] = None
    assert got["input_digest"] == decide(twin).input_digest


def test_csv_age_range_columns_read_as_the_json_range(tmp_path: Path) -> None:
    """`child.age_on_event_date.at_least` and `.at_most` read as the JSON's whole numbers (0 to 0:
    an infant, "required"); both empty as no range; one empty, or not digits, as a bad row
    naming the field (the cells were text the model refused, so no CSV could record a range)."""
    ages = ("child.age_on_event_date.at_least", "child.age_on_event_date.at_most")
    rows = [
        _row(**{"child.date_of_birth": "", ages[0]: "0", ages[1]: "0"}),
        _row(**{ages[0]: "", ages[1]: ""}),
        _row(**{"child.date_of_birth": "", ages[0]: "3", ages[1]: ""}),
        _row(**{"child.date_of_birth": "", ages[0]: "three", ages[1]: "4"}),
        _row(**{"child.date_of_birth": "", ages[0]: "3", ages[1]: "1000"}),
    ]
    out = tmp_path / "out.jsonl"
    assert main(["audit", _csv(tmp_path, rows), "--out", str(out)]) == 2
    records = map(json.loads, out.read_text(encoding="utf-8").splitlines())
    first, second, third, fourth, fifth = records
    infant = incident(**{"child.date_of_birth": None})
    infant["child"]["age_on_event_date"] = {"at_least": 0, "at_most": 0}
    assert first["decision"] == decide(infant).model_dump(mode="json")
    assert first["decision"]["notify_panel"] == "required"
    assert second["decision"]["input_digest"] == decide(incident()).input_digest
    assert third["error"].startswith("child.age_on_event_date.at_most:")
    assert fourth["error"].startswith("child.age_on_event_date.at_least:")
    assert "three" not in fourth["error"]
    # Over 130 in digits: refused as the JSON number is, not as "not a whole number" (review
    # s27, C2).
    assert fifth["error"] == (
        "child.age_on_event_date.at_most: Input should be less than or equal to 130"
    )


def test_bad_rows_are_named_and_the_rest_decided(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bad rows: line number and field on stderr, every other row decided, exit status 2."""
    documents: list[Any] = [
        incident(),
        incident(**{"child.date_of_birth": "2015-02-30"}),
        incident(abuse_or_neglect="not_suspected"),
    ]
    path = Path(_jsonl(tmp_path, documents))
    path.write_text(path.read_text() + "{not json\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    status = main(["audit", str(path), "--out", str(out)])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.err.splitlines() == [
        "line 2: child.date_of_birth: not a real calendar date",
        "line 4: not valid JSON (Expecting property name enclosed in double quotes)",
    ]
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [record["line"] for record in records] == [1, 2, 3, 4]
    assert [sorted(record) for record in records] == [
        ["decision", "line"],
        ["error", "line"],
        ["decision", "line"],
        ["error", "line"],
    ]
    assert "4 rows, 2 decided, 2 bad." in captured.out


def test_decision_and_error_lines_are_written_in_one_compact_form(tmp_path: Path) -> None:
    """The `--out FILE.jsonl` lines of a decided row and of a bad row are both compact JSON, each
    as `json.dumps` writes it with no spaces (error lines had them, decision lines did not)."""
    path = _jsonl(tmp_path, [incident(), incident(**{"child.date_of_birth": "2015-02-30"})])
    out = tmp_path / "out.jsonl"
    assert main(["audit", path, "--out", str(out)]) == 2
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [line[: len('{"line":1,')] for line in lines] == ['{"line":1,', '{"line":2,']
    for line in lines:
        assert line == json.dumps(json.loads(line), separators=(",", ":"), ensure_ascii=False)


def test_a_quoted_cell_holding_a_line_break_spoils_its_own_lines_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No field holds a line break, so each line is one row: a quoted cell running over two lines
    makes each of them bad, named by its own number, and the rows after are read as written."""
    path = Path(
        _csv(
            tmp_path,
            [_row(case_reference="T 1\nT 2"), _row()],
        )
    )
    path.write_text(path.read_text(encoding="utf-8") + "T-9,E08000025\n", encoding="utf-8")
    assert main(["audit", str(path), "--today", "2026-11-26"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "line 2: a quoted cell is not closed on its line (a stray double quote?); no field holds "
        "a line break, so each line is read as one row",
        "line 3: case_reference: String should match pattern '^[A-Za-z0-9][A-Za-z0-9._/-]*$'",
        f"line 5: expected {len(HEADER)} cells, found 2",
    ]


@pytest.mark.parametrize("oversized", [False, True], ids=["stray quote", "oversized cell"])
def test_a_quote_left_open_loses_no_later_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], oversized: bool
) -> None:
    """A `"` typed at the start of one row's case reference, or a quoted cell over the reader's
    limit holding a line break, makes its own lines bad and no others: the 50 rows after it, each
    owing a Panel notification, are decided (the quoted cell ran to the end of the file, and the
    audit said "1 rows, 0 decided, 1 bad": review s27, A1)."""
    cells = _row()
    path = tmp_path / "in.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(HEADER)
        if oversized:  # quoted by the writer, it runs over two lines
            row = {**cells, "abuse_or_neglect": "x" * 140_000 + "\n"}
            writer.writerow([row.get(name, "") for name in HEADER])
        else:
            stream.write('"' + ",".join(cells.get(name, "") for name in HEADER) + "\n")
        for number in range(50):
            writer.writerow([{**cells, "case_reference": f"G-{number}"}.get(n, "") for n in HEADER])
    out = tmp_path / "out.jsonl"
    assert main(["audit", str(path), "--today", "2026-11-26", "--out", str(out)]) == 2
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    decided = [record["decision"] for record in records if record.get("decision")]
    assert [decision["case_reference"] for decision in decided] == [f"G-{n}" for n in range(50)]
    assert {decision["notify_panel"] for decision in decided} == {"required"}
    assert [record["line"] for record in records if record.get("error")] == (
        [2, 3] if oversized else [2]
    )


def test_csv_bad_row_and_wrong_cell_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """In CSV a bad value and a short row are each named by line; the good row is decided."""
    path = Path(_csv(tmp_path, [_row(**{"child.looked_after": "perhaps"}), _row()]))
    path.write_text(path.read_text() + "T-9,E08000025\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["audit", str(path), "--out", str(out), "--today", "2026-11-26"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "line 2: child.looked_after: Input should be 'yes', 'no' or 'unknown'",
        f"line 4: expected {len(HEADER)} cells, found 2",
    ]
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(row["line"], row["notify_panel"], bool(row["error"])) for row in rows] == [
        ("2", "", True),
        ("3", "required", False),
        ("4", "", True),
    ]
    assert rows[1]["obligations"].startswith(
        "panel must due 2026-11-27 [due] (s16c-1a-event-in-area); "
    )


def test_csv_row_the_reader_cannot_read_is_a_bad_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A cell over the CSV reader's size limit makes its row bad, named by line without the
    cell; the rows after it are still decided (it was a traceback)."""
    path = Path(_csv(tmp_path, [_row(case_reference="A" * 200_000), _row()]))
    assert main(["audit", str(path), "--today", "2026-11-26"]) == 2
    captured = capsys.readouterr()
    (problem,) = captured.err.splitlines()
    assert problem.startswith("line 2: not valid CSV (")  # then the csv module's own words
    assert "AAAA" not in problem
    assert "1 decided, 1 bad" in captured.out


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("\ncase_reference\nT-1\n", "the header row is empty; the first row must name"),
        ("\ufeff,,\nT-1,,\n", "the header row is empty; the first row must name"),
        ("", "the input is empty, with no header row; the first row must name"),
        ("SECRET-CASE-123" + "A" * 140_000 + "\nT-1\n", "the header row is not valid CSV ("),
    ],
    ids=["blank first line", "empty cells", "empty file", "cell over the limit"],
)
def test_a_missing_empty_or_unreadable_header_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, problem: str
) -> None:
    """A CSV whose header row is blank, empty, missing or beyond the reader is refused in one
    line with status 2, echoing nothing (it was a traceback, or for an empty file "0 rows")."""
    path = tmp_path / "in.csv"
    path.write_text(content, encoding="utf-8")
    assert main(["audit", str(path)]) == 2
    captured = capsys.readouterr()
    (line,) = captured.err.splitlines()
    assert line.startswith(f"safeguarding-notify: {problem}")
    assert "SECRET" not in line
    assert captured.out == ""


def test_a_header_without_a_column_every_incident_needs_is_refused_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A CSV without `became_aware_on` and `event.date` columns (renamed in an export, say) is
    refused in one line naming both, before any row: each row was otherwise bad alike (and,
    before they were required, decided with the dates read as not recorded)."""
    header = [name for name in HEADER if name not in ("became_aware_on", "event.date")]
    rows = [{name: cell for name, cell in _row().items() if name in header}] * 3
    assert main(["audit", _csv(tmp_path, rows, header)]) == 2
    captured = capsys.readouterr()
    (line,) = captured.err.splitlines()
    assert line.startswith(
        "safeguarding-notify: the header has no column event.date, became_aware_on, which "
        "every incident needs"
    )
    assert captured.out == ""


def test_a_header_with_a_places_country_and_not_its_authority_is_refused_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without `event.location.local_authority` beside its country, every place in England would
    be read as "area unknown" (review s29, B3): refused once, naming it."""
    header = [name for name in HEADER if name != "event.location.local_authority"]
    rows = [{name: cell for name, cell in _row().items() if name in header}]
    assert main(["audit", _csv(tmp_path, rows, header)]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(
        "safeguarding-notify: the header has no column event.location.local_authority, which "
    )


def test_jsonl_number_too_long_for_python_is_a_bad_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A JSONL line holding an integer of over 4,300 digits (which Python's json refuses with a
    plain ValueError; it was a traceback), or naming a key twice (json would keep the last), is a
    bad row like any invalid JSON; the next row is decided."""
    path = Path(_jsonl(tmp_path, [incident()]))
    twice = '{"case_reference": "A", "case_reference": "B"}'
    path.write_text(
        '{"case_reference": ' + "9" * 5000 + "}\n" + twice + "\n" + path.read_text(), "utf-8"
    )
    assert main(["audit", str(path), "--today", "2026-11-26"]) == 2
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        "line 1: not valid JSON (a number is too long)",
        "line 2: not valid JSON (the key case_reference appears twice in one object)",
    ]
    assert "3 rows, 1 decided, 2 bad" in captured.out


@pytest.mark.parametrize("kind", ["jsonl", "csv", "quoted csv"])
def test_a_byte_order_mark_is_not_content(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    """A file starting with a byte order mark (Excel's "CSV UTF-8" writes one) is audited as the
    same file without it: it was refused whole ("column '\\ufeffcase_reference' is not a
    field") or its first row bad; and so is a CSV with every cell quoted after the mark, as
    PowerShell's Export-Csv writes (the mark hid the first quote: "column 1 ... is not a field")."""
    if kind == "jsonl":
        plain = Path(_jsonl(tmp_path, [incident()]))
    else:
        plain = Path(_csv(tmp_path, [_row()]))
        if kind == "quoted csv":
            rows = list(csv.reader(plain.open(encoding="utf-8", newline="")))
            with plain.open("w", encoding="utf-8", newline="") as stream:
                csv.writer(stream, quoting=csv.QUOTE_ALL).writerows(rows)
        kind = "csv"
    marked = tmp_path / f"marked.{kind}"
    marked.write_text("\ufeff" + plain.read_text(encoding="utf-8"), encoding="utf-8")
    outputs = []
    for path in (plain, marked):
        out = tmp_path / f"out-{path.stem}.jsonl"
        assert main(["audit", str(path), "--out", str(out), "--today", "2026-11-26"]) == 0
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    assert '"notify_panel":"required"' in outputs[0]


def test_notified_on_columns_read_as_the_mapping(tmp_path: Path) -> None:
    """`notified_on.<key>` columns, another area's partners included, give the JSON's statuses."""
    cells = {
        **_EARLIER,
        "child.normally_resident.local_authority": OTHER_AREA,
        "notified_on.panel": "2026-11-05",
        f"notified_on.safeguarding_partners:{OTHER_AREA}": "2026-11-11",
    }
    header = [*HEADER, "notified_on.panel", f"notified_on.safeguarding_partners:{OTHER_AREA}"]
    out = tmp_path / "out.jsonl"
    path = _csv(tmp_path, [_row(**cells)], header)
    assert main(["audit", path, "--out", str(out), "--today", "2026-11-16"]) == 0
    got = json.loads(out.read_text(encoding="utf-8"))["decision"]
    twin = incident(
        **_EARLIER,
        **{"child.normally_resident.local_authority": OTHER_AREA},
        notified_on={"panel": "2026-11-05", f"safeguarding_partners:{OTHER_AREA}": "2026-11-11"},
    )
    assert got == decide(twin, date(2026, 11, 16)).model_dump(mode="json")
    statuses = {(item["recipient"], item["area"]): item["status"] for item in got["obligations"]}
    assert statuses[("panel", None)] == "done"
    assert statuses[("safeguarding_partners", OTHER_AREA)] == "done_late"


@pytest.mark.parametrize("column", ["child.name", "notified_on."], ids=["a name", "no key"])
def test_unknown_csv_column_stops_before_any_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], column: str
) -> None:
    """A column that is not a field (a child's name, say, or `notified_on.` with no recipient)
    is refused once, naming the column by its position, before any row is read."""
    path = _csv(tmp_path, [{**_row(), column: "x"}], [*HEADER, column])
    assert main(["audit", path]) == 2
    captured = capsys.readouterr()
    (line,) = captured.err.splitlines()  # one refusal, not one for every row
    assert line.startswith(
        f"safeguarding-notify: column {len(HEADER) + 1} of the header is not a field; "
    )
    assert "child.name" not in line
    assert captured.out == ""


@pytest.mark.parametrize(
    "column",
    ["notified_on.ofstead", "notified_on.safeguarding_partners:E07000001"],
    ids=["misspelt recipient", "a district's partners"],
)
def test_a_column_for_a_recipient_notified_on_does_not_take_stops_before_any_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], column: str
) -> None:
    """A `notified_on.<key>` column whose key no recipient matches is refused once, with the header and without repeating it, not row by row (a 10,000-row export gave 10,000 refusals, and its rows without a date were decided as if the column were absent: found by the integrator's review)."""
    rows = [{**_row(), column: "2026-11-23"}, {**_row(), column: ""}]
    path = _csv(tmp_path, rows, [*HEADER, column])
    assert main(["audit", path]) == 2
    captured = capsys.readouterr()
    (line,) = captured.err.splitlines()
    assert line.startswith(
        f"safeguarding-notify: column {len(HEADER) + 1} of the header is not a key notified_on "
        "takes; "
    )
    assert column.split(".")[1] not in line
    assert captured.out == ""


@pytest.mark.parametrize(
    "first_line",
    [
        '{"case_reference": "SECRET-CASE-123"}',  # JSONL read as CSV
        f"SECRET-CASE-123,{OUR_AREA},2015-03-01",  # a CSV without its header row
    ],
    ids=["jsonl", "no header row"],
)
def test_a_first_row_that_is_not_a_header_is_refused_without_repeating_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], first_line: str
) -> None:
    """A first row that is a record, not column names, is refused naming its column by position
    and pointing to the list of columns, never echoing what the record holds."""
    path = tmp_path / "in.csv"
    path.write_text(first_line + "\n", encoding="utf-8")
    assert main(["audit", str(path)]) == 2
    captured = capsys.readouterr()
    (line,) = captured.err.splitlines()
    assert line.startswith("safeguarding-notify: column 1 of the header is not a field; ")
    assert "docs/reference.md" in line
    assert "SECRET" not in line
    assert captured.out == ""


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        (
            ["case_reference", "event.kind", "case_reference"],
            "columns 1 and 3 of the header both name case_reference",
        ),
        (
            ["notified_on.panel", "notified_on.ofsted", "notified_on.ofsted"],
            "columns 2 and 3 of the header are the same",
        ),
        (["case_reference", ""], "column 2 of the header is empty; the first row must name"),
    ],
    ids=["a field twice", "a key twice", "empty"],
)
def test_a_repeated_or_empty_column_is_named_by_position(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], header: list[str], problem: str
) -> None:
    """A column given twice, or empty, is named by position, and by its name only when that is
    exactly a field's path (a key of `notified_on` is whatever was typed)."""
    path = tmp_path / "in.csv"
    path.write_text(",".join(header) + "\n", encoding="utf-8")
    assert main(["audit", str(path)]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"safeguarding-notify: {problem}")
    assert "ofsted" not in line


def test_unreadable_or_unrecognised_files_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing file or a suffix that says no format is bad input with one line, status 2."""
    assert main(["audit", str(tmp_path / "none.jsonl")]) == 2
    assert main(["audit", str(tmp_path / "x.txt")]) == 2
    assert main(["audit", _jsonl(tmp_path, [incident()]), "--out", str(tmp_path / "o.xml")]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 3
    assert all(line.startswith("safeguarding-notify: cannot ") for line in lines)


def _sections(summary: str) -> dict[str, list[tuple[str, int]]]:
    """The summary's sections by title, each as its (label, count) rows in printed order."""
    found: dict[str, list[tuple[str, int]]] = {}
    for block in summary.strip().split("\n\n")[1:]:
        title, *rows = block.splitlines()
        found[title] = [(row.rsplit(None, 1)[0].strip(), int(row.split()[-1])) for row in rows]
    return found


def _status_counts(summary: str) -> dict[str, int]:
    """The status section of a printed summary, label -> count."""
    (rows,) = [
        rows
        for title, rows in _sections(summary).items()
        if title.startswith("Notifications owed, by status on ")
    ]
    return dict(rows)


# Became aware on Monday 2 November 2026: five working days end on Monday 9 November.
_EARLIER = {"event.date": "2026-10-30", "became_aware_on": "2026-11-02"}
STATUS_ROWS = [
    # Panel and partners due 9 November, nothing recorded: overdue on 16 November.
    incident(**_EARLIER),
    # Panel notified late (11 November), partners on time (5 November).
    incident(
        **_EARLIER, notified_on={"panel": "2026-11-11", "safeguarding_partners": "2026-11-05"}
    ),
    # A looked-after child's death: the Panel, the Secretary of State and Ofsted due 9 November,
    # and the parents, a duty with no fixed deadline and so no status.
    incident(
        **_EARLIER,
        abuse_or_neglect="not_suspected",
        **{"child.looked_after": "yes", "child.looked_after_by": OUR_AREA},
    ),
]


def test_summary_counts_statuses_against_the_chosen_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --today the summary counts overdue, done late, done and undated notifications then."""
    path = _jsonl(tmp_path, STATUS_ROWS)
    assert main(["audit", path, "--today", "2026-11-16"]) == 0
    summary = capsys.readouterr().out
    assert "Notifications owed, by status on 16 November 2026" in summary
    assert _status_counts(summary) == {
        "overdue": 5,
        "due_today": 0,
        "due": 0,
        "done_late": 1,
        "done": 1,
        "no status (no due date, none made)": 1,
    }


def test_earlier_date_ignores_later_notifications(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """On 6 November everything dated is still due, and a notification made later is not done."""
    assert main(["audit", _jsonl(tmp_path, STATUS_ROWS), "--today", "2026-11-06"]) == 0
    counts = _status_counts(capsys.readouterr().out)
    assert counts["due"] == 6
    assert counts["done"] == 1  # the partners, notified on 5 November
    assert counts["overdue"] == counts["done_late"] == 0


def test_summary_statuses_agree_with_each_decision(tmp_path: Path) -> None:
    """The summary's status counts are exactly the statuses the decisions themselves carry."""
    today = date(2026, 11, 16)
    result = AuditResult(today=today)
    for document in STATUS_ROWS:
        result.count(decide(document, today))
    expected = Counter(
        item.status or "no status (no due date, none made)"
        for document in STATUS_ROWS
        for item in decide(document, today).obligations
    )
    assert result.by_status == expected


def test_audit_defaults_to_today_in_england(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --today the statuses are taken against today's date in England."""
    assert main(["audit", _jsonl(tmp_path, [incident()])]) == 0
    assert f"by status on {format_date(england_today())}" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("today", "message"),
    [
        ("2026-02-30", "--today: expected a real date as YYYY-MM-DD"),
        ("1871-12-31", "--today (1871-12-31) is outside the years whose bank holidays"),
    ],
    ids=["not a real date", "before the calendar"],
)
def test_bad_today_is_one_line_and_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], today: str, message: str
) -> None:
    """A --today that is not a real date, or is beyond the known bank holidays, stops the audit
    before any row, with one line."""
    assert main(["audit", _jsonl(tmp_path, [incident()]), "--today", today]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith(f"safeguarding-notify: {message}")
    assert captured.err.count("\n") == 1
    assert captured.out == ""


def test_audit_refuses_a_date_beyond_the_calendar_before_reading_a_row() -> None:
    """`audit` called with a `today` beyond the known bank holidays raises OutsideCalendarError
    before it reads any row: every row would fail the same way."""

    def rows() -> Iterator[Row]:
        raise AssertionError("a row was read")
        yield  # pragma: no cover - makes this a generator

    with pytest.raises(OutsideCalendarError):
        audit(
            rows(),
            default_decider(),
            Progress(None, io.StringIO()),
            io.StringIO(),
            None,
            date(2101, 1, 1),
        )


def test_progress_bar_draws_only_on_a_terminal() -> None:
    """The bar is drawn on a terminal (after the delay) and never on a pipe or file."""

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    ticks = iter(range(100))
    terminal, pipe = Terminal(), io.StringIO()
    shown = Progress(200, terminal, delay=0, interval=0, clock=lambda: float(next(ticks)))
    hidden = Progress(200, pipe, delay=0, interval=0)
    for done in (50, 100):
        shown.update(done)
        hidden.update(done)
    assert "[###############...............]  50%  100/200 rows" in terminal.getvalue()
    assert pipe.getvalue() == ""


def test_piped_audit_has_no_progress_bar(tmp_path: Path) -> None:
    """Run as a command with its output piped, the audit writes no bar or carriage return."""
    documents = [incident()] * 2000
    done = subprocess.run(
        [sys.executable, "-m", "safeguarding_notify", "audit", _jsonl(tmp_path, documents)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert done.stderr == ""
    assert "\r" not in done.stdout
    assert "2000 rows, 2000 decided, 0 bad." in done.stdout


def test_audit_of_100000_incidents(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A generated file of 100,000 incidents is decided in full and summarised exactly."""
    variants = [
        json.dumps(incident()),  # required: s16C(1)(a) and the partners
        json.dumps(incident(abuse_or_neglect="not_suspected")),  # not required
        json.dumps(incident(abuse_or_neglect="unknown")),  # undetermined
        json.dumps(incident(**{"event.location.local_authority": OTHER_AREA})),  # other area
        json.dumps(incident(**{"event.kind": "injury"})),  # bad row
    ]
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        for number in range(100_000):
            stream.write(variants[number % 5] + "\n")
    status = main(["audit", str(path)])
    captured = capsys.readouterr()
    assert status == 2
    assert "100000 rows, 80000 decided, 20000 bad." in captured.out
    counts = {
        line.split()[0]: int(line.split()[-1])
        for line in captured.out.splitlines()
        if line.startswith("  ")
    }
    assert counts["required"] == 20_000
    assert counts["not_required"] == 40_000
    assert counts["undetermined"] == 20_000
    assert counts["abuse_or_neglect"] == 20_000
    assert (
        captured.err.splitlines()[0]
        == "line 5: event.kind: Input should be 'death', 'serious_harm' or 'other'"
    )
    assert captured.err.splitlines()[-1] == "... and 19900 more bad rows"


def test_csv_columns_follow_the_model_including_open_mappings() -> None:
    """Columns come from the model: nested fields, nullable places, and `mapping.<key>` columns."""

    class Recorded(BaseModel):
        model_config = ConfigDict(extra="forbid")
        kind: str | None
        where: Place | None = None
        notified_on: dict[str, date] = {}

    columns = columns_of(Recorded)
    assert columns.leaves == ("kind", "where.country", "where.local_authority")
    columns.check_header(["kind", "notified_on.panel", "notified_on.ofsted"])
    header = [
        "kind",
        "where.country",
        "where.local_authority",
        "notified_on.panel",
        "notified_on.ofsted",
    ]
    document = columns.document(header, ["", "", "", "2026-11-23", ""])
    assert document == {"kind": None, "where": None, "notified_on": {"panel": "2026-11-23"}}
    assert Recorded.model_validate(document).notified_on == {"panel": date(2026, 11, 23)}


def test_engine_failure_stops_the_audit_with_status_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An engine failure is not a bad row: the audit stops, prints no summary and exits 1."""

    class Broken(Decider):
        def decide(self, incident: Any, today: date | None = None) -> Any:
            raise EngineError("the engine failed")

    broken = Broken(book=default_decider().book)
    monkeypatch.setattr("safeguarding_notify._commands.default_decider", lambda: broken)
    assert main(["audit", _jsonl(tmp_path, [incident()])]) == 1
    captured = capsys.readouterr()
    assert "engine failure, no decision made" in captured.err
    assert captured.out == ""


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_an_audit_stopped_by_an_engine_failure_ends_its_out_file_saying_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    """An engine failure at the third of five rows: the --out file keeps the two decisions and
    ends with a record saying the audit stopped (it ended after them and looked complete: review
    s27, C6); a file audited to the end has no such record."""
    real = default_decider()
    calls = {"count": 0}

    class FailingThird(Decider):
        def decide(self, incident: Any, today: date | None = None) -> Any:
            calls["count"] += 1
            if calls["count"] == 3:
                raise EngineError("the engine failed")
            return real.decide(incident, today)

    failing = FailingThird(book=real.book)
    monkeypatch.setattr("safeguarding_notify._commands.default_decider", lambda: failing)
    source = _jsonl(tmp_path, [incident(case_reference=f"T-{n}") for n in range(5)])
    out = tmp_path / f"out{suffix}"
    assert main(["audit", source, "--today", "2026-11-26", "--out", str(out)]) == 1
    text = out.read_text(encoding="utf-8")
    if suffix == ".jsonl":
        *decided, last = map(json.loads, text.splitlines())
        assert [record["line"] for record in decided] == [1, 2]
        assert last == {"stopped": "engine failure, no decision made"}
    else:
        header, *decided, last = list(csv.reader(io.StringIO(text)))
        assert [row[0] for row in decided] == ["1", "2"]
        assert last[:2] == ["", "audit stopped: engine failure, no decision made"]
        assert len(last) == len(header)
    calls["count"] = -10  # no failure within the file
    assert main(["audit", source, "--today", "2026-11-26", "--out", str(out)]) == 0
    assert "stopped" not in out.read_text(encoding="utf-8")


def test_an_audit_with_the_clock_past_the_calendar_is_one_line_and_status_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With no --today and the machine's clock in 2101, past the known bank holidays, the audit
    is refused in one line with status 2, as decide and plan are (it was a traceback: review s29,
    B7)."""
    monkeypatch.setattr("safeguarding_notify._audit.england_today", lambda: date(2101, 1, 3))
    assert main(["audit", _jsonl(tmp_path, [incident()])]) == 2
    captured = capsys.readouterr()
    (line,) = captured.err.splitlines()
    assert line.startswith("safeguarding-notify: ")
    assert "bank holidays in England" in line
    assert captured.out == ""


def test_an_audit_terminated_ends_its_out_file_saying_so(tmp_path: Path) -> None:
    """SIGTERM mid-audit (a batch job's time limit): one line, status 143, and the --out file
    ends with `{"stopped":"terminated"}` after the rows decided (it ended after them and looked
    complete)."""
    source = _jsonl(tmp_path, [incident(case_reference=f"T-{n}") for n in range(20_000)])
    out = tmp_path / "out.jsonl"
    auditing = subprocess.Popen(
        [sys.executable, "-m", "safeguarding_notify", "audit", source, "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        while not out.exists() or out.stat().st_size < 100_000:  # some rows written
            assert auditing.poll() is None, auditing.communicate()
            time.sleep(0.05)
        auditing.send_signal(signal.SIGTERM)
        _, err = auditing.communicate(timeout=60)
    finally:
        auditing.kill()
    assert auditing.returncode == 143
    assert err.splitlines()[-1] == "safeguarding-notify: terminated"
    *decided, last = out.read_text(encoding="utf-8").splitlines()
    assert json.loads(last) == {"stopped": "terminated"}
    assert 0 < len(decided) < 20_000
    assert [json.loads(line)["line"] for line in decided] == list(range(1, len(decided) + 1))


def test_reader_closing_the_pipe_early_is_not_an_error(tmp_path: Path) -> None:
    """`audit ... | head` that stops reading gets no traceback and the audit's own status."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody reads: the first write of the summary meets a broken pipe
    try:
        done = subprocess.run(
            [sys.executable, "-m", "safeguarding_notify", "audit", _jsonl(tmp_path, [incident()])],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    finally:
        os.close(write_end)
    assert done.stderr == ""
    assert done.returncode == 0


@pytest.mark.parametrize("kind", ["jsonl", "csv"])
def test_a_row_that_is_not_utf8_is_a_bad_row_and_the_rest_are_decided(
    tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """One byte that is not UTF-8 makes its row bad, named by line, and the rows after it are
    still decided (it stopped the whole audit with no line number, after some rows were written)."""
    good = Path(
        _jsonl(tmp_path, [incident()] * 3) if kind == "jsonl" else _csv(tmp_path, [_row()] * 3)
    )
    first, *rest = good.read_bytes().splitlines(keepends=True)
    bad = (
        b'{"case_reference": "\xff"}\n'
        if kind == "jsonl"
        else b"T-\xff" + b"," * (len(HEADER) - 1) + b"\n"
    )
    path = tmp_path / f"mixed.{kind}"
    path.write_bytes(
        first + bad + b"".join(rest) if kind == "csv" else bad + first + b"".join(rest)
    )
    out = tmp_path / "out.jsonl"
    assert main(["audit", str(path), "--out", str(out), "--today", "2026-11-26"]) == 2
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        "line 2: not UTF-8 text" if kind == "csv" else "line 1: not UTF-8 text"
    ]
    assert "4 rows, 3 decided, 1 bad" in captured.out
    assert len(out.read_text(encoding="utf-8").splitlines()) == 4


def test_a_csv_header_that_is_not_utf8_stops_before_any_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A header that is not UTF-8 cannot name its columns: the file is refused in one line."""
    path = Path(_csv(tmp_path, [_row()]))
    path.write_bytes(b"\xff" + path.read_bytes())
    assert main(["audit", str(path)]) == 2
    assert capsys.readouterr().err == "safeguarding-notify: the header row is not UTF-8 text\n"


def test_the_output_file_cannot_be_the_input_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--out` naming the input (by any path to it) is refused before either is opened: opening
    the output emptied the input, and the audit reported "0 rows" and exit 0."""
    path = Path(_jsonl(tmp_path, [incident()]))
    before = path.read_bytes()
    alias = tmp_path / "alias.jsonl"
    alias.hardlink_to(path)
    for out in (path, alias):
        assert main(["audit", str(path), "--out", str(out)]) == 2
        assert capsys.readouterr().err == (
            f"safeguarding-notify: --out {out} is the input file: choose another\n"
        )
    assert path.read_bytes() == before


def test_the_output_file_cannot_be_standard_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`audit - --out f < f` is refused too: the input was emptied, and the audit reported "0
    rows" and exit 0 (as CSV, its own header row and "the input is empty")."""
    path = Path(_jsonl(tmp_path, [incident()]))
    before = path.read_bytes()
    with path.open(encoding="utf-8") as redirected:
        monkeypatch.setattr(sys, "stdin", redirected)
        assert main(["audit", "-", "--out", str(path)]) == 2
    assert capsys.readouterr().err == (
        f"safeguarding-notify: --out {path} is the input file: choose another\n"
    )
    assert path.read_bytes() == before


def test_a_pipe_is_read_once_and_decided(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A pipe given as the file (`<(cat f)`, /dev/stdin) is audited: counting its lines for the
    progress bar consumed it, and the audit reported "0 rows" (a FIFO made it wait forever)."""
    text = Path(_jsonl(tmp_path, [incident()] * 3)).read_bytes()
    read_end, write_end = os.pipe()
    os.write(write_end, text)  # three short lines fit in the pipe's buffer
    os.close(write_end)
    try:
        status = main(
            ["audit", f"/dev/fd/{read_end}", "--format", "jsonl", "--today", "2026-11-26"]
        )
    finally:
        os.close(read_end)
    assert status == 0
    assert "3 rows, 3 decided, 0 bad" in capsys.readouterr().out


def test_a_boolean_cell_reads_true_or_false_and_nothing_else(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`child.unborn` reads `true` or `false` as documented; `yes` or `1` is a bad row naming the
    field (they were read as true: a guess at what the cell meant)."""
    rows = [
        _row(**{"child.unborn": cell, "child.date_of_birth": ""})
        for cell in ("true", "false", "yes", "1")
    ]
    assert main(["audit", _csv(tmp_path, rows), "--today", "2026-11-26"]) == 2
    captured = capsys.readouterr()
    assert [line.split(":")[:2] for line in captured.err.splitlines()] == [
        ["line 4", " child.unborn"],
        ["line 5", " child.unborn"],
    ]
    assert "4 rows, 2 decided, 2 bad" in captured.out


def test_a_row_dated_after_today_is_a_bad_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Audited as of a past day, a row whose event came later is a bad row; the others are decided."""
    later = incident(**{"event.date": "2026-11-19", "became_aware_on": "2026-11-20"})
    earlier = incident(**{"event.date": "2026-11-02", "became_aware_on": "2026-11-03"})
    status = main(["audit", _jsonl(tmp_path, [earlier, later]), "--today", "2026-11-18"])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.err.splitlines() == [
        "line 2: the date to decide against (today) is before event.date: nothing was owed "
        "then, so no status can be taken on it"
    ]
    assert "2 rows, 1 decided, 1 bad." in captured.out


def test_csv_out_keeps_the_legal_review_flag_the_advice_and_the_dates(tmp_path: Path) -> None:
    """An unborn child's harm is "not required" with a legal-review doubt and advice to consider
    notifying: the CSV out keeps both beside the answer, and the date it was decided against; an
    undetermined answer keeps the date the Panel notification would be due if required."""
    unborn = incident(
        abuse_or_neglect="known",
        **{"event.kind": "serious_harm", "child.unborn": True, "child.date_of_birth": None},
    )
    out = tmp_path / "out.csv"
    main(["audit", _jsonl(tmp_path, [unborn]), "--out", str(out), "--today", "2026-11-26"])
    (row,) = csv.DictReader(out.open(encoding="utf-8"))
    decision = decide(unborn, today=date(2026, 11, 26))
    assert row["notify_panel"] == "not_required"
    assert row["advisories"] == "consider_notifying (unborn-child-consider-notifying)"
    assert row["notes"] == " | ".join(decision.notes[1:])
    assert "Ask a lawyer" in row["notes"]
    assert row["as_of"] == "2026-11-26"
    assert row["panel_due_by_if_required"] == ""
    undetermined = incident(abuse_or_neglect="unknown")
    main(["audit", _jsonl(tmp_path, [undetermined]), "--out", str(out), "--today", "2026-11-26"])
    (row,) = csv.DictReader(out.open(encoding="utf-8"))
    assert (row["notify_panel"], row["panel_due_by_if_required"]) == ("undetermined", "2026-11-27")
    assert row["panel_status_if_required"] == "due"


def test_the_summary_counts_each_rule_on_its_own_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Provisions cut to the screen's width stay apart: each rule owing a notification has its
    own line, led by its id, with the number it owes."""
    looked_after = {"child.looked_after": "yes", "child.looked_after_by": "E08000025"}
    documents = [incident(), incident(**looked_after), incident(**looked_after)]
    main(["audit", _jsonl(tmp_path, documents), "--today", "2026-11-26"])
    rows = _sections(capsys.readouterr().out)[
        "Notifications owed (one for each recipient), by rule and provision"
    ]
    expected = Counter(
        (item.rule, item.strength)
        for document in documents
        for item in decide(document, today=date(2026, 11, 26)).obligations
    )
    found = {(label.split()[0], label.split()[1].strip("():")): count for label, count in rows}
    assert found == expected
    assert len(found) >= 4


def test_the_summary_counts_undetermined_answers_past_their_deadline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An undetermined answer owes no obligation yet, but the Panel notification it may owe has
    a deadline running: the summary counts those by status in a section of their own, so one
    overdue (aware 2 October, due 9 October, decided 27 November) is counted as overdue, not as
    nothing."""
    undetermined = {"abuse_or_neglect": "unknown"}
    documents = [
        incident(**undetermined, became_aware_on="2026-10-02", **{"event.date": "2026-10-01"}),
        incident(**undetermined, became_aware_on="2026-11-27"),  # due 4 December
        incident(),  # required: its obligations are counted as before
    ]
    main(["audit", _jsonl(tmp_path, documents), "--today", "2026-11-27"])
    title = "Undetermined: the Panel notification if required, by status on 27 November 2026"
    counts = dict(_sections(capsys.readouterr().out)[title])
    assert counts["overdue"] == 1
    assert counts["due"] == 1
    assert sum(counts.values()) == 2


def test_a_byte_that_is_not_utf8_on_standard_input_is_one_bad_row(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`audit -` reads standard input as it reads files: a line that is not UTF-8 is one bad row
    and the rest are decided, even where Python opened stdin to decode strictly (any locale but
    C), which ended the whole audit at that byte."""
    good = [json.dumps(incident(case_reference=f"T-{n}")).encode() for n in range(3)]
    data = b"\n".join([*good[:2], b'{"case_reference": "A\xff"}', good[2]]) + b"\n"
    strict = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="strict")
    monkeypatch.setattr(sys, "stdin", strict)
    assert main(["audit", "-", "--today", "2026-11-26"]) == 2
    captured = capsys.readouterr()
    assert "line 3: not UTF-8 text" in captured.err
    assert "4 rows, 3 decided, 1 bad" in captured.out


# -- the summary and the output file, as written --------------------------------------------------

EXAMPLE_CSV = Path(__file__).resolve().parents[1] / "docs" / "examples" / "incidents.csv"


def test_the_summary_is_in_a_fixed_order_most_urgent_first(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The example CSV read from standard input with --format csv is audited as CSV, titled
    "standard input"; its summary lists the Panel answers required first and statuses most urgent
    first, zero rows included, and its sections in a fixed order."""
    with EXAMPLE_CSV.open(encoding="utf-8", newline="") as stream:
        monkeypatch.setattr(sys, "stdin", stream)
        assert main(["audit", "-", "--format", "csv", "--today", "2026-11-26"]) == 0
    summary = capsys.readouterr().out
    assert summary.startswith("Audit of standard input: 5 rows, 5 decided, 0 bad.\n")
    sections = _sections(summary)
    on = "on 26 November 2026"
    assert list(sections) == [
        "Notify the Panel",
        "Notifications owed (one for each recipient), by rule and provision",
        "Facts missing, by the decisions naming them",
        f"Notifications owed, by status {on}",
        f"Undetermined: the Panel notification if required, by status {on}",
    ]
    assert sections["Notify the Panel"] == [
        ("required", 2),
        ("not_required", 2),
        ("undetermined", 1),
    ]
    statuses = sections[f"Notifications owed, by status {on}"]
    assert [label for label, _ in statuses] == [
        "overdue",
        "due_today",
        "due",
        "done_late",
        "done",
        "no status (no due date, none made)",
    ]


def test_facts_missing_are_counted_for_required_decisions_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A required decision can still ask a question (where the child lives, for a report to that
    area's partners): the summary counts it among the facts missing."""
    document = incident(**{"child.normally_resident": None})
    assert decide(document, today=date(2026, 11, 26)).notify_panel == "required"
    main(["audit", _jsonl(tmp_path, [document]), "--today", "2026-11-26"])
    facts = _sections(capsys.readouterr().out)["Facts missing, by the decisions naming them"]
    assert ("child.normally_resident", 1) in facts


def test_a_blank_line_in_a_csv_is_not_a_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A blank line in a CSV (as a trailing one editors leave) is skipped, not a bad row."""
    path = tmp_path / "in.csv"
    path.write_text(EXAMPLE_CSV.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert main(["audit", str(path), "--today", "2026-11-26"]) == 0
    assert "5 rows, 5 decided, 0 bad." in capsys.readouterr().out


def test_exactly_the_printed_number_of_bad_rows_are_all_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With exactly 100 bad rows, the most printed, each is reported by its line, none left out."""
    path = _jsonl(tmp_path, [incident(abuse_or_neglect="maybe")] * 100)
    assert main(["audit", path, "--today", "2026-11-26"]) == 2
    reported = capsys.readouterr().err.splitlines()
    assert [line.split(":")[0] for line in reported] == [f"line {n}" for n in range(1, 101)]


def test_the_csv_output_has_the_documented_columns_and_notifications_made(
    tmp_path: Path,
) -> None:
    """`--out FILE.csv` writes the columns docs/reference.md lists, in its order, and an
    obligation's cell says when it was notified."""
    reference = (Path(__file__).resolve().parents[1] / "docs" / "reference.md").read_text()
    listed = reference.split("writes the columns ", 1)[1].split(".\n", 1)[0].replace("\n", " ")
    # Each column is a backticked name followed by a comma, its description or the end; names
    # inside a description are followed by something else.
    documented = re.findall(r"`([a-z_]+)`(?=,| \(|$)", listed)
    out = tmp_path / "out.csv"
    made = incident(notified_on={"panel": "2026-11-24"})
    main(["audit", _jsonl(tmp_path, [made]), "--today", "2026-11-26", "--out", str(out)])
    with out.open(encoding="utf-8", newline="") as stream:
        header, row = list(csv.reader(stream))
    assert header == documented
    cells = dict(zip(header, row, strict=True))
    assert "[done, notified 2026-11-24]" in cells["obligations"]
    assert cells["library_version"] != cells["rules_version"]
    assert cells["rules_version"].startswith("sha256:")


@pytest.mark.parametrize("name", ["in.CSV", "in.ndjson", "in.JSONL"])
def test_the_format_is_told_by_the_suffix_in_any_case(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """An input named .CSV (as Windows tools write it), .ndjson or .JSONL is audited in its
    format, not refused as of unknown format."""
    path = tmp_path / name
    if name.lower().endswith(".csv"):
        path.write_bytes(EXAMPLE_CSV.read_bytes())
    else:
        path.write_text(json.dumps(incident()) + "\n", encoding="utf-8")
    assert main(["audit", str(path), "--today", "2026-11-26"]) == 0
    assert " 0 bad." in capsys.readouterr().out


def test_summary_labels_are_cut_only_past_the_screen_width() -> None:
    """A label of 72 characters is printed whole and its count aligned after it; one of 73 is cut
    to 71 characters and an ellipsis, so the counts stay on an 80-column screen."""
    result = AuditResult()
    whole, long = "w" * 72, "l" * 73
    result.missing_facts.update({whole: 2, long: 3})
    rows = _sections(result.table("x"))["Facts missing, by the decisions naming them"]
    assert rows == [("l" * 71 + "…", 3), (whole, 2)]
    printed = [line for line in result.table("x").splitlines() if line.startswith(("  w", "  l"))]
    assert [len(line) for line in printed] == [2 + 72 + 2 + 8] * 2


def test_summary_labels_that_would_cut_alike_are_printed_whole() -> None:
    """Two labels alike in their first 71 characters (a rule under Working Together 2018 and 2023)
    are printed whole, so a reader can tell the rows apart; a third, unlike them, is still cut."""
    result = AuditResult()
    common = "safeguarding-partners-in-area (should): Working Together to Safeguard Children"
    other = "x" * 80
    result.by_provision.update({f"{common} 2018, Chapter 4": 2, f"{common} 2023, Chapter 5": 13})
    result.by_provision[other] = 1
    rows = _sections(result.table("x"))[
        "Notifications owed (one for each recipient), by rule and provision"
    ]
    assert rows == [
        (f"{common} 2018, Chapter 4", 2),
        (f"{common} 2023, Chapter 5", 13),
        ("x" * 71 + "…", 1),
    ]


def test_a_row_whose_deadline_runs_past_the_calendar_is_a_bad_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A row whose deadline runs past the known bank holidays is a bad row, named by its line,
    and the rows after it are still decided (the audit stopped there with a traceback)."""
    owing_nothing = incident(abuse_or_neglect="not_suspected")  # no deadline to count
    rows = [owing_nothing, incident(**CALENDAR_END), owing_nothing]
    status = main(["audit", _jsonl(tmp_path, rows), "--today", "2100-12-31"])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.err.splitlines() == [
        "line 2: a deadline running into 2101 is outside the years whose bank holidays in "
        "England are known (1872 to 2100), so working days cannot be counted against it"
    ]
    assert "3 rows, 2 decided, 1 bad." in captured.out
