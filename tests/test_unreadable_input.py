"""The command line with standard streams closed, devices and input that never ends: one line and
an exit status, never a traceback nor a machine run out of memory (review s27, A3)."""

from __future__ import annotations

import io
import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import incident
from safeguarding_notify import cli
from safeguarding_notify._audit import MAX_INPUT_BYTES, UnreadableInputError, lines_of
from safeguarding_notify.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"
TOO_LONG_LINE = "over 4 MiB without a line break, far more than any incident: not read"
TOO_LONG_DOCUMENT = "the input is over 4 MiB, far more than any incident or group: not read"


def _command(
    redirection: str, *arguments: str, before: str = ""
) -> subprocess.CompletedProcess[str]:
    """The installed command run by the shell, with `redirection` after it and `before` (a pipe
    into it) before it, its address space capped at 1 GiB so that an unbounded read fails fast
    instead of filling the machine."""

    def capped() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run(
        [
            "sh",
            "-c",
            f'{before}exec "$0" -m safeguarding_notify "$@" {redirection}',
            sys.executable,
            *arguments,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=capped,
        check=False,
    )


@pytest.mark.parametrize(
    "arguments",
    [
        ["decide", "-"],
        ["decide", "--jsonl", "-"],
        ["plan", "-"],
        ["audit", "-"],
        ["audit", "-", "--out", "{tmp}/out.jsonl"],
    ],
    ids=["decide", "decide --jsonl", "plan", "audit", "audit --out"],
)
def test_closed_standard_input_is_one_line_and_status_2(
    tmp_path: Path, arguments: list[str]
) -> None:
    """With standard input closed (Python's `sys.stdin` is None), reading it is refused in one
    line with status 2, no traceback."""
    done = _command("<&-", *(item.format(tmp=tmp_path) for item in arguments))
    assert (done.returncode, done.stderr) == (2, "safeguarding-notify: standard input is closed\n")
    assert not (tmp_path / "out.jsonl").exists()


def test_closed_standard_output_is_one_line_and_status_1() -> None:
    """With standard output closed, the command says so in one line on standard error and exits
    1 (a failure of the system, not of the input), with no traceback."""
    done = _command(">&-", "decide", "--today", "2026-11-28", str(EXAMPLES / "incident.json"))
    assert (done.returncode, done.stderr) == (1, "safeguarding-notify: standard output is closed\n")


def test_closed_standard_error_keeps_messages_out_of_the_output(tmp_path: Path) -> None:
    """With standard error closed, a refusal goes nowhere rather than into the decisions on
    standard output (print's file=None is standard output); the status still says it."""
    lines = tmp_path / "in.jsonl"
    lines.write_text(json.dumps(incident()) + "\n{bad\n", encoding="utf-8")
    done = _command("2>&-", "decide", "--jsonl", str(lines))
    assert done.returncode == 2
    assert len(done.stdout.splitlines()) == 1
    assert json.loads(done.stdout)["notify_panel"] == "required"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["decide", "/dev/zero"], "cannot read /dev/zero: it is a device, not a file"),
        (["plan", "/dev/urandom"], "cannot read /dev/urandom: it is a device, not a file"),
        (["audit", "--format", "jsonl", "-"], "cannot read standard input: it is a device"),
    ],
    ids=["decide", "plan", "audit of standard input"],
)
def test_a_device_is_refused_before_it_is_read(arguments: list[str], message: str) -> None:
    """A device (other than a terminal) named as the input, or as standard input, is refused in
    one line with status 2 before anything is read: reading one may never end."""
    done = _command("< /dev/urandom", *arguments)
    assert done.returncode == 2
    assert done.stderr.startswith(f"safeguarding-notify: {message}")
    assert done.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["decide", "-"], TOO_LONG_DOCUMENT),
        (["plan", "-"], TOO_LONG_DOCUMENT),
        (["decide", "--jsonl", "-"], f"line 1: {TOO_LONG_LINE}"),
        (["audit", "-"], f"line 1: {TOO_LONG_LINE}"),
        (["audit", "--format", "csv", "-"], f"line 1: {TOO_LONG_LINE}"),
    ],
    ids=["decide", "plan", "decide --jsonl", "audit", "audit csv"],
)
def test_input_that_never_ends_is_refused_past_the_limit(
    arguments: list[str], message: str
) -> None:
    """Input that never ends (zeros from a pipe) is read only to the limit, then refused in one
    line naming the line with status 2: it was read until the memory ran out."""
    done = _command("", *arguments, before="cat /dev/zero | ")
    assert (done.returncode, done.stderr) == (2, f"safeguarding-notify: {message}\n")


def test_a_line_past_the_limit_stops_the_audit_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A line over the limit in the middle of a file stops the audit with one line naming it and
    status 2 (the rows before it decided, no summary); a line at the limit is read."""
    good = json.dumps(incident())
    at_limit = good + " " * (MAX_INPUT_BYTES - len(good) - 1) + "\n"
    path = tmp_path / "in.jsonl"
    path.write_text(f"{good}\n{at_limit}{good}{' ' * MAX_INPUT_BYTES}\n{good}\n", encoding="utf-8")
    assert main(["audit", "--today", "2026-11-28", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.err == f"safeguarding-notify: line 3: {TOO_LONG_LINE}\n"
    assert captured.out == ""


def test_a_long_line_that_is_not_utf8_is_a_bad_row_not_over_the_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A line of 2 MiB of Latin-1 bytes is within the 4 MiB bound, counted in the bytes read: a
    bad row (not UTF-8 text) and the audit goes on (each byte counted as three, it was "over 4
    MiB" and stopped the audit: review s29, C3)."""
    path = tmp_path / "in.jsonl"
    good = json.dumps(incident()).encode()
    path.write_bytes(b"\xe9" * (2 * 1024 * 1024) + b"\n" + good + b"\n")
    assert main(["audit", "--today", "2026-11-28", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.err == "line 1: not UTF-8 text\n"
    assert "2 rows, 1 decided, 1 bad" in captured.out


def test_a_document_is_read_to_the_limit_and_refused_past_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A JSON document of exactly the limit in bytes is decided; one byte more is refused in one
    line with status 2."""
    good = json.dumps(incident())
    path = tmp_path / "in.json"
    path.write_text(good + " " * (MAX_INPUT_BYTES - len(good)), encoding="utf-8")
    assert main(["decide", "--today", "2026-11-28", str(path)]) == 0
    path.write_text(good + " " * (MAX_INPUT_BYTES - len(good) + 1), encoding="utf-8")
    capsys.readouterr()
    assert main(["decide", "--today", "2026-11-28", str(path)]) == 2
    assert capsys.readouterr().err == f"safeguarding-notify: {TOO_LONG_DOCUMENT}\n"


def test_the_limit_counts_bytes_not_characters() -> None:
    """A line of fewer characters than the limit but more bytes (two-byte letters) is over it."""
    letters = "\u00e9" * (MAX_INPUT_BYTES // 2 - 1)  # two bytes each in UTF-8
    assert [number for number, _ in lines_of(io.StringIO(letters + "x\n"))] == [1]
    with pytest.raises(UnreadableInputError, match=r"^line 1: over 4 MiB"):
        list(lines_of(io.StringIO(letters + "\u00e9\n")))


@pytest.mark.parametrize(
    ("failure", "status", "said"),
    [(MemoryError, 1, "out of memory, stopped"), (KeyboardInterrupt, 130, "interrupted")],
    ids=["out of memory", "Ctrl-C"],
)
def test_a_command_ended_by_the_system_is_one_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    failure: type[BaseException],
    status: int,
    said: str,
) -> None:
    """A MemoryError (a backstop: the inputs are bounded) ends the command with one line and
    status 1, and Ctrl-C with one line and status 130 (128 + SIGINT; review s29, C2), not a
    traceback."""

    def ended_by_the_system() -> int:
        raise failure

    monkeypatch.setattr(cli, "main", ended_by_the_system)
    with pytest.raises(SystemExit) as ended:
        cli.run()
    assert ended.value.code == status
    assert capsys.readouterr().err == f"safeguarding-notify: {said}\n"
