"""The command line: JSON in and out, --jsonl, --explain, and exit status 2 on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import incident
from safeguarding_notify.cli import main


def _write(tmp_path: Path, text: str, name: str = "in.json") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_decide_prints_the_decision_as_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`decide FILE` prints the whole decision as JSON and exits 0."""
    status = main(["decide", _write(tmp_path, json.dumps(incident()))])
    printed = json.loads(capsys.readouterr().out)
    assert status == 0
    assert printed["notify_panel"] == "required"
    assert [item["recipient"] for item in printed["obligations"]] == [
        "panel",
        "safeguarding_partners",
    ]


def test_jsonl_gives_one_decision_per_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--jsonl reads one incident a line and writes one decision a line, in order."""
    lines = [
        incident(),
        incident(abuse_or_neglect="not_suspected"),
        incident(abuse_or_neglect="unknown"),
    ]
    status = main(["decide", "--jsonl", _write(tmp_path, "\n".join(json.dumps(x) for x in lines))])
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert status == 0
    assert [item["notify_panel"] for item in out] == ["required", "not_required", "undetermined"]


def test_explain_reads_like_an_account(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--explain names the answer, the due date, the reasons and the questions to ask."""
    main(["decide", "--explain", _write(tmp_path, json.dumps(incident(became_aware_on=None)))])
    text = capsys.readouterr().out
    assert "notify the Panel: REQUIRED" in text
    assert "[applies] s16c-1a-event-in-area" in text
    assert "became_aware_on: On what date did the authority become aware" in text


def test_explain_shows_weekday_due_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--explain gives the due date with its weekday."""
    main(["decide", "--explain", _write(tmp_path, json.dumps(incident()))])
    assert "by Friday 27 November 2026" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (json.dumps(incident(**{"event.kind": "injury"})), "event.kind: Input should be"),
        ("{not json", "not valid JSON"),
        (
            json.dumps(
                incident(
                    **{
                        "event.date": "2015-03-20",
                        "became_aware_on": "2015-03-25",
                        "child.date_of_birth": "2010-01-01",
                    }
                )
            ),
            "no encoded rules",
        ),
    ],
    ids=["invalid field", "invalid JSON", "date before the rules"],
)
def test_bad_input_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str
) -> None:
    """Bad input: exit status 2, nothing on stdout, one line on stderr naming the problem."""
    status = main(["decide", _write(tmp_path, text)])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1
    assert expected in captured.err


def test_jsonl_names_the_bad_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A bad line in --jsonl input is reported with its line number."""
    text = json.dumps(incident()) + "\n" + json.dumps(incident(abuse_or_neglect="perhaps"))
    status = main(["decide", "--jsonl", _write(tmp_path, text)])
    assert status == 2
    assert "line 2: abuse_or_neglect" in capsys.readouterr().err


def test_missing_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """A file that cannot be read is bad input, not a crash."""
    assert main(["decide", "/nonexistent/incident.json"]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_console_script_reads_stdin_without_traceback() -> None:
    """The installed command reads standard input and, on bad input, prints no traceback."""
    good = subprocess.run(
        [sys.executable, "-m", "safeguarding_notify", "decide", "-"],
        input=json.dumps(incident()),
        capture_output=True,
        text=True,
        check=False,
    )
    bad = subprocess.run(
        [sys.executable, "-m", "safeguarding_notify", "decide", "-"],
        input='{"notifying_authority": 5}',
        capture_output=True,
        text=True,
        check=False,
    )
    assert good.returncode == 0
    assert json.loads(good.stdout)["notify_panel"] == "required"
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    assert bad.stderr.count("\n") == 1


def test_closed_pipe_is_not_an_error(tmp_path: Path) -> None:
    """When the reader of the output goes away early (`| head`), the command ends quietly."""
    many = "\n".join(json.dumps(incident()) for _ in range(3000))
    process = subprocess.Popen(
        [sys.executable, "-m", "safeguarding_notify", "decide", "--jsonl", _write(tmp_path, many)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert process.stdout is not None
    process.stdout.readline()
    process.stdout.close()
    assert process.wait(timeout=60) == 0
    assert process.stderr is not None
    assert "Traceback" not in process.stderr.read()
