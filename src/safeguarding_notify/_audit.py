"""Batch audit: decide every incident of a JSONL or CSV file, summarise, optionally write all.

A bad row is reported with its line number and the field, and the rest of the file is still
decided; the caller learns from `AuditResult.bad` whether any row was bad. An engine failure
stops the audit (`EngineError` propagates): it means no decision can be trusted.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any, Literal

from pydantic import ValidationError

from ._calendar import countable
from ._csvio import DECISION_COLUMNS, ColumnError, columns_of, decision_row
from ._decide import Decider
from ._explain import format_date
from ._jsontext import NotJsonError, json_of
from ._progress import Progress
from ._validation import one_line
from .decision import Decision
from .errors import DATE_REFUSALS
from .incident import england_today

__all__ = [
    "MAX_INPUT_BYTES",
    "AuditResult",
    "DecisionWriter",
    "Format",
    "UnreadableInputError",
    "audit",
    "input_stream",
    "is_utf8",
    "lines_of",
    "rows_of",
    "standard_input",
    "text_file",
    "whole_text",
]

Format = Literal["jsonl", "csv"]
# Beyond this many, bad rows are counted but not each printed (the --out file has them all).
_PRINTED_PROBLEMS = 100

_LABEL_WIDTH = 72
# An obligation with neither a due date nor a recorded notification (e.g. no fixed deadline, or
# became_aware_on unknown) has no status; it is counted under this label, not left out.
_NO_STATUS = "no status (no due date, none made)"
# Most urgent first; each label is an obligation's `status` as in the decision.
_STATUS_ORDER = ("overdue", "due_today", "due", "done_late", "done", _NO_STATUS)

Row = tuple[int, Any, str | None]  # line number, document (or None), problem (or None)


@dataclass
class AuditResult:
    """Counts over every row of one audit."""

    rows: int = 0
    bad: int = 0
    by_outcome: Counter[str] = field(default_factory=Counter)
    by_provision: Counter[str] = field(default_factory=Counter)
    missing_facts: Counter[str] = field(default_factory=Counter)
    # Each obligation's status against `today` (overdue, done_late, due...), or _NO_STATUS.
    by_status: Counter[str] = field(default_factory=Counter)
    # For undetermined decisions: the status of the Panel notification were it required. Its
    # deadline runs while the questions are asked, so an overdue one must not be counted as
    # nothing (it owes no obligation yet, so it is not among `by_status`).
    provisional_by_status: Counter[str] = field(default_factory=Counter)
    # The date every row was decided against, so statuses in one audit share one date.
    today: date | None = None

    def count(self, decision: Decision) -> None:
        self.by_outcome[decision.notify_panel] += 1
        for obligation in decision.obligations:
            # The rule first: labels are cut to the screen's width, and several provisions
            # share a long common beginning ("Working Together to Safeguard Children 2023, ...").
            self.by_provision[f"{obligation.rule} ({obligation.strength}): {obligation.basis}"] += 1
            self.by_status[obligation.status or _NO_STATUS] += 1
        if decision.notify_panel == "undetermined":
            self.provisional_by_status[decision.panel_status_if_required or _NO_STATUS] += 1
        self.missing_facts.update(decision.missing_facts)

    def table(self, source: str) -> str:
        """The summary as aligned plain text."""
        decided = self.rows - self.bad
        lines = [f"Audit of {source}: {self.rows} rows, {decided} decided, {self.bad} bad."]
        lines += _section(
            "Notify the Panel", self.by_outcome, ("required", "not_required", "undetermined")
        )
        lines += _section(
            "Notifications owed (one for each recipient), by rule and provision", self.by_provision
        )
        # Any decision can name them, not only undetermined ones: a required notification can
        # still ask where the child lives, for a report to that area's partners.
        lines += _section("Facts missing, by the decisions naming them", self.missing_facts)
        on = f" on {format_date(self.today)}" if self.today else ""
        lines += _section(f"Notifications owed, by status{on}", self.by_status, _STATUS_ORDER)
        if self.provisional_by_status:
            lines += _section(
                f"Undetermined: the Panel notification if required, by status{on}",
                self.provisional_by_status,
                _STATUS_ORDER,
            )
        return "\n".join(lines)


def _section(title: str, counts: Counter[str], order: tuple[str, ...] = ()) -> list[str]:
    keys = [*order, *sorted(key for key in counts if key not in order)]
    if not keys:
        return ["", f"{title}: none"]
    shown = _shortened(keys)
    width = max(len(label) for label in shown.values())
    return ["", title, *(f"  {shown[key]:<{width}}  {counts[key]:>8}" for key in keys)]


def _shortened(labels: list[str]) -> dict[str, str]:
    """Each label as printed: cut to the screen's width, unless two would then read alike (the
    same rule under Working Together 2018 and 2023, say), which are printed whole."""
    # Long provision names would push the counts off the screen; the rule catalogue has them.
    cut = {
        label: label if len(label) <= _LABEL_WIDTH else label[: _LABEL_WIDTH - 1] + "…"
        for label in labels
    }
    alike = Counter(cut.values())
    return {label: label if alike[cut[label]] > 1 else cut[label] for label in labels}


_NOT_UTF8 = "not UTF-8 text"


def standard_input() -> IO[str]:
    """Standard input read as input files are read: UTF-8, a byte that is not kept as a lone
    surrogate (so that `is_utf8` refuses its line or row alone), newline="" as the csv module
    asks. Python's own stdin decodes strictly outside the C locale, so one bad byte ended the
    whole input wherever a read happened to reach it."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text stream with no bytes beneath it (an embedding, a test)
        return sys.stdin
    return io.TextIOWrapper(buffer, encoding="utf-8", errors="surrogateescape", newline="")


def text_file(path: str, mode: str = "r") -> IO[str]:
    """A file read (or written) as `standard_input` reads: UTF-8, each byte that is not kept as a
    lone surrogate, and newline="" as the csv module asks (JSON's error positions count every
    line ending themselves). The command line's input files and the audit's output."""
    return open(path, mode, encoding="utf-8", errors="surrogateescape", newline="")


# The most the command line reads of one JSON document (`decide`, `plan`) or of one line
# (`decide --jsonl`, the audit's JSONL lines and CSV lines), in bytes. An incident is under 2 KiB
# and the largest group about 100 KiB (the service takes 64 KiB at /decide, 256 KiB at /plan,
# to bound what strangers can make it hold); a file is the operator's own, so the bound is far
# above anything real, 16 times /plan's, and serves only to end an input that never ends
# (`/dev/zero`, a wrong path) with one line, before it exhausts the memory (review s27, A3).
MAX_INPUT_BYTES = 4 * 1024 * 1024
_MAX_INPUT = f"{MAX_INPUT_BYTES // (1024 * 1024)} MiB"


class UnreadableInputError(ValueError):
    """Input the command line cannot read (standard input closed, a device, a document or line
    over `MAX_INPUT_BYTES`); the message is the line to print, never the input's text."""


def input_stream(source: str) -> IO[str]:
    """The input named on the command line: standard input for "-", else the file, read as
    `text_file` reads; `UnreadableInputError` when it cannot be read, or is a device (other than
    a terminal): reading one may never end, as the rule loader says of devices."""
    if source == "-":
        if sys.stdin is None:  # Python's standard input when the process had none (`<&-`)
            raise UnreadableInputError("standard input is closed")
        stream, name = standard_input(), "standard input"
    else:
        try:
            stream, name = text_file(source), source
        except OSError as error:
            raise UnreadableInputError(f"cannot read {source}: {error.strerror}") from None
    if _is_device(stream):
        stream.close()
        raise UnreadableInputError(
            f"cannot read {name}: it is a device, not a file (reading one may never end)"
        )
    return stream


def _is_device(stream: IO[str]) -> bool:
    """Whether `stream` reads a device other than a terminal (`/dev/zero`, `/dev/urandom`)."""
    try:
        mode = os.fstat(stream.fileno()).st_mode
    except (OSError, ValueError):  # no file beneath it (io.UnsupportedOperation is a ValueError)
        return False
    return (stat.S_ISCHR(mode) or stat.S_ISBLK(mode)) and not stream.isatty()


def whole_text(stream: IO[str]) -> str:
    """All of `stream`, one JSON document; `UnreadableInputError` past `MAX_INPUT_BYTES`, having
    read no more than that."""
    text = stream.read(MAX_INPUT_BYTES + 1)
    if _over_limit(text):
        raise UnreadableInputError(
            f"the input is over {_MAX_INPUT}, far more than any incident or group: not read"
        )
    return text


def lines_of(stream: IO[str]) -> Iterator[tuple[int, str]]:
    """Each line of `stream` with its number (from 1), its line break kept; a line over
    `MAX_INPUT_BYTES` stops the reading with `UnreadableInputError` naming it (what follows it
    could not be told apart from it without reading it whole)."""
    number = 0
    while text := stream.readline(MAX_INPUT_BYTES + 1):
        number += 1
        if _over_limit(text):
            raise UnreadableInputError(
                f"line {number}: over {_MAX_INPUT} without a line break, far more than any "
                "incident: not read"
            )
        yield number, text


def _over_limit(text: str) -> bool:
    # Counted in the bytes read: a character is at least one, and a byte that was not UTF-8,
    # held as a lone surrogate, is turned back into that one byte (counted as three, a 2 MiB
    # line of Latin-1 was "over 4 MiB" and stopped the audit: review s29, C3).
    if len(text) > MAX_INPUT_BYTES:
        return True
    if text.isascii():
        return False
    try:
        return len(text.encode("utf-8", errors="surrogateescape")) > MAX_INPUT_BYTES
    except UnicodeEncodeError:  # a surrogate no byte read gives (text from a caller's stream)
        return len(text.encode("utf-8", errors="surrogatepass")) > MAX_INPUT_BYTES


def is_utf8(text: str) -> bool:
    """Whether text read with `errors="surrogateescape"` was UTF-8: each byte that was not is
    held as a lone surrogate, which cannot be encoded back. (Files are read that way so that one
    bad byte is one bad row, not the end of the audit.)"""
    if text.isascii():
        return True  # the common case, checked in C without encoding anything
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def rows_of(stream: IO[str], kind: Format) -> Iterator[Row]:
    """Each incident of the file with its line number, or the problem that stops it being read;
    `UnreadableInputError` for a line too long to read (which stops the audit)."""
    if kind == "jsonl":
        for number, text in lines_of(stream):
            if not text.strip():
                continue
            if not is_utf8(text):
                yield number, None, _NOT_UTF8
                continue
            try:
                yield number, json_of(text), None
            except NotJsonError as error:
                yield number, None, str(error)
        return
    lines = lines_of(stream)
    _, first = next(lines, (1, None))
    columns = columns_of()
    # ColumnError, from here to the header's check: the whole file is unusable.
    try:
        # A byte order mark (Excel's "CSV UTF-8" and PowerShell's Export-Csv write one) is taken
        # off before the reader sees the line: before a quoted first name it hid the opening
        # quote, and the name kept its quotes.
        header = None if first is None else _cells(first.removeprefix("\ufeff"))
    except csv.Error as error:
        # A cell over the reader's 131,072-character limit, say; the csv module's words name the
        # problem, never the cell.
        raise ColumnError(f"the header row is not valid CSV ({error})") from None
    if header is None:
        raise ColumnError(f"the input is empty, with no header row; {columns.expected()}")
    if not "".join(header):  # a blank first line, or cells all empty
        raise ColumnError(f"the header row is empty; {columns.expected()}")
    if not is_utf8("".join(header)):
        raise ColumnError(f"the header row is {_NOT_UTF8}")
    columns.check_header(header)
    for line, text in lines:
        try:
            cells = _cells(text)
        except csv.Error as error:
            # A row the reader cannot read (a cell over its 131,072-character limit, say) is a
            # bad row like any other. The message names the problem, never the cell.
            yield line, None, f"not valid CSV ({error})"
            continue
        if not cells:
            continue
        if not is_utf8("".join(cells)):
            yield line, None, _NOT_UTF8
        elif any("\n" in cell or "\r" in cell for cell in cells):
            # A quote opened and not closed on its line (a stray `"` typed into a cell): read as
            # one file, the quoted cell ran on to the end, and every later record went with it
            # unread (review s27, A1).
            yield line, None, _UNCLOSED_QUOTE
        elif len(cells) != len(header):
            yield line, None, f"expected {len(header)} cells, found {len(cells)}"
        else:
            yield line, columns.document(header, cells), None


# No field holds a line break (each is a code, a date, a choice or a number), so a row is one
# line: each line is read on its own, and a quote left open spoils that line alone.
_UNCLOSED_QUOTE = (
    "a quoted cell is not closed on its line (a stray double quote?); no field holds a line "
    "break, so each line is read as one row"
)


def _cells(line: str) -> list[str]:
    """The cells of one line of CSV (none for a blank line)."""
    return next(csv.reader((line,)), [])


class DecisionWriter:
    """Every row's decision or problem, in input order, as JSONL or CSV."""

    def __init__(self, stream: IO[str], kind: Format) -> None:
        self.stream = stream
        self.csv = csv.writer(stream, lineterminator="\n") if kind == "csv" else None
        if self.csv is not None:
            self.csv.writerow(DECISION_COLUMNS)

    def write(self, line: int, decision: Decision | None, problem: str | None) -> None:
        if self.csv is not None:
            self.csv.writerow(decision_row(line, decision, problem))
        elif decision is not None:
            self.stream.write(f'{{"line":{line},"decision":{decision.model_dump_json()}}}\n')
        else:
            # Compact, as the decision lines are (Pydantic's JSON): with json's default spaces,
            # a consumer matching `"line":` saw two forms in one file.
            record = json.dumps({"line": line, "error": problem}, separators=(",", ":"))
            self.stream.write(record + "\n")

    def stopped(self, reason: str) -> None:
        """The last record of an audit that stopped before the end of its input: an engine
        failure left the rows decided before it in the file, which looked complete (review s27,
        C6). A record with no line number: `{"stopped": reason}` in JSONL, a row with the error
        `audit stopped: reason` in CSV. (Written, never thrown away: the file is still written
        where it was opened, a read-only or shared one refused as before.)"""
        if self.csv is not None:
            self.csv.writerow(decision_row(None, None, f"audit stopped: {reason}"))
        else:
            self.stream.write(json.dumps({"stopped": reason}, separators=(",", ":")) + "\n")
        self.stream.flush()


def audit(
    rows: Iterator[Row],
    decider: Decider,
    progress: Progress,
    problems: IO[str],
    writer: DecisionWriter | None = None,
    today: date | None = None,
) -> AuditResult:
    """Decide every row against `today` (default: today in England, taken once for the whole
    file); report bad rows on `problems`; count everything."""
    # Checked once, before any row: a `today` beyond the known bank holidays fails every row.
    result = AuditResult(today=countable(england_today() if today is None else today))
    for line, document, problem in rows:
        result.rows += 1
        decision = None
        if problem is None:
            try:
                decision = decider.decide(document, result.today)
            except ValidationError as error:
                problem = one_line(error)
            except DATE_REFUSALS as error:
                problem = str(error)
        if decision is not None:
            result.count(decision)
        else:
            result.bad += 1
            if result.bad <= _PRINTED_PROBLEMS:
                progress.clear()
                print(f"line {line}: {problem}", file=problems)
        if writer is not None:
            writer.write(line, decision, problem)
        progress.update(line)
    progress.clear()
    if result.bad > _PRINTED_PROBLEMS:
        print(f"... and {result.bad - _PRINTED_PROBLEMS} more bad rows", file=problems)
    return result
