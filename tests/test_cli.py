"""The command line: JSON in and out, --jsonl, --explain, and exit status 2 on bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import CALENDAR_END, ONLINE_FORM_ERA, OUR_AREA, incident
from safeguarding_notify import _decide, _rulefile, decide
from safeguarding_notify.cli import main


def _write(tmp_path: Path, text: str, name: str = "in.json") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[bytes, bool], str]:
    """The file argument reading some bytes: a file holding them, or "-" with standard input
    holding them."""

    def made(data: bytes, from_stdin: bool) -> str:
        if from_stdin:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
            return "-"
        path = tmp_path / "in.txt"
        path.write_bytes(data)
        return str(path)

    return made


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


def test_a_byte_order_mark_is_not_content(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file starting with a byte order mark, as some Windows editors save UTF-8, is decided
    as the same file without it (it was refused as not valid JSON)."""
    text = json.dumps(incident())
    assert main(["decide", _write(tmp_path, "\ufeff" + text)]) == 0
    with_mark = capsys.readouterr().out
    assert main(["decide", _write(tmp_path, text)]) == 0
    assert with_mark == capsys.readouterr().out


def test_a_key_named_twice_is_refused_not_the_last_taken(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An incident naming `abuse_or_neglect` twice (json would keep the last) is refused with one
    line naming the key; a key that is not a field name is not repeated."""
    text = json.dumps(incident(abuse_or_neglect="known"))[:-1] + ', "abuse_or_neglect": "no"}'
    assert main(["decide", _write(tmp_path, text)]) == 2
    assert capsys.readouterr().err == (
        "safeguarding-notify: not valid JSON (the key abuse_or_neglect appears twice in one "
        "object)\n"
    )
    assert main(["decide", _write(tmp_path, '{"my name": 1, "my name": 2}')]) == 2
    assert "my name" not in capsys.readouterr().err


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
    assert "[applies] s16c-1a-event-in-area (v1): " in text
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


@pytest.mark.parametrize(
    "path",
    ["became_aware_on", "event.date", "event.location", "child.date_of_birth"],
)
def test_a_required_answer_left_out_exits_2_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], path: str
) -> None:
    """An answer the incident must give, null when not known, left out of the file is refused
    naming it, never read as not recorded (review s28, B8; pinned here by review s29, C8)."""
    status = main(["decide", _write(tmp_path, json.dumps(incident(**{path: "<absent>"})))])
    assert status == 2
    assert capsys.readouterr().err == f"safeguarding-notify: {path}: Field required\n"


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
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    process.stdout.readline()
    process.stdout.close()
    assert process.wait(timeout=60) == 0
    assert process.stderr is not None
    assert "Traceback" not in process.stderr.read()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
def test_output_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    """When the output cannot be written (a full disk: /dev/full), the command exits 1 with one
    line giving the system's reason, no traceback."""

    def decide_into_a_full_disk(text: str) -> subprocess.CompletedProcess[str]:
        with open("/dev/full", "w") as full:
            return subprocess.run(
                [sys.executable, "-m", "safeguarding_notify", "decide", _write(tmp_path, text)],
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
                timeout=60,
            )

    # Bad input is still reported as such: nothing was written.
    assert decide_into_a_full_disk("{}").returncode == 2
    done = decide_into_a_full_disk(json.dumps(incident()))
    assert done.returncode == 1
    assert done.stderr == "safeguarding-notify: No space left on device\n"


# -- plan, --today, --submitted-on ----------------------------------------------------------------


def _group(dated: dict[str, str] | None = None, **fields: object) -> str:
    dated = dated or {}
    first = incident(**dated)
    second = incident(case_reference="T-2", **{"event.kind": "serious_harm", **dated})
    return json.dumps({"notifying_authority": "E08000025", "incidents": [first, second], **fields})


def test_plan_prints_the_plan_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`plan FILE` prints the notification plan as JSON and exits 0."""
    status = main(["plan", "--today", "2026-11-26", _write(tmp_path, _group())])
    printed = json.loads(capsys.readouterr().out)
    assert status == 0
    assert printed["grouping_rule"] == "notification-forms-per-incident.v2"
    assert [len(form["children"]) for form in printed["forms"]] == [2]


def test_plan_submitted_on_chooses_the_online_form(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--submitted-on 2019-01-10 plans under the online form: a death and a harmed non-sibling are two forms."""
    group = _group(ONLINE_FORM_ERA)
    status = main(["plan", "--submitted-on", "2019-01-10", _write(tmp_path, group)])
    printed = json.loads(capsys.readouterr().out)
    assert status == 0
    assert len(printed["forms"]) == 2


def test_plan_reads_standard_input_and_explains(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`plan --explain -` reads the group from standard input and prints an account naming the forms."""
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO(_group()))
    status = main(["plan", "--explain", "--today", "2026-11-26", "-"])
    out = capsys.readouterr().out
    assert status == 0
    assert out.startswith("Panel notifications to submit: 1")
    assert "by 27 November 2026" in out
    assert "Grouping rule notification-forms-per-incident.v2 (official)" in out


def test_plan_without_main_child_asks_for_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An exploitation operation planned under the online form without a main child lists main_child as a question."""
    document = _group(ONLINE_FORM_ERA, large_scale_child_sexual_exploitation_operation=True)
    status = main(["plan", "--submitted-on", "2019-01-10", _write(tmp_path, document)])
    assert status == 0
    assert "main_child" in json.loads(capsys.readouterr().out)["missing_facts"]


# Known before the grouping rules begin (29 June 2018); abuse or neglect suspected after, so a
# Panel form is needed.
BEFORE_GROUPING = {
    "event.date": "2018-06-01",
    "became_aware_on": "2018-06-04",
    "abuse_or_neglect_suspected_on": "2018-07-02",
}


@pytest.mark.parametrize(
    ("arguments", "dated", "message"),
    [
        (["--today", "2026-02-30"], None, "--today: expected a real date as YYYY-MM-DD"),
        (["--today", "26/11/2026"], None, "--today: expected a real date as YYYY-MM-DD"),
        (["--today", "20261126"], None, "--today: expected a real date as YYYY-MM-DD"),
        (
            ["--submitted-on", "2018-06-28"],
            BEFORE_GROUPING,
            "no encoded rule says how to group notifications",
        ),
        (
            ["--submitted-on", "2019-01-10"],
            None,
            "incidents[0]: the date of submission (submitted_on) is before event.date",
        ),
        (["--today", "2101-01-01"], None, "--today (2101-01-01) is outside the years whose bank"),
        (
            ["--submitted-on", "9999-12-31"],
            None,
            "--submitted-on (9999-12-31) is outside the years whose bank",
        ),
    ],
    ids=[
        "not a real date",
        "not ISO",
        "basic ISO",
        "before the rules",
        "before the incident",
        "beyond the calendar",
        "submitted beyond the calendar",
    ],
)
def test_plan_bad_dates_exit_2_with_one_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    dated: dict[str, str] | None,
    message: str,
) -> None:
    """A bad --today or --submitted-on exits 2 with one line naming the option, and no plan."""
    status = main(["plan", *arguments, _write(tmp_path, _group(dated))])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert message in captured.err


def test_plan_invalid_group_exits_2_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An incident group with no incidents exits 2 with one line naming `incidents`."""
    status = main(
        [
            "plan",
            _write(tmp_path, json.dumps({"notifying_authority": "E08000025", "incidents": []})),
        ]
    )
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("safeguarding-notify: incidents: List should have at least 1 item")


def test_decide_today_gives_statuses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`decide --today` marks obligations against that date: overdue on the Monday after the due Friday."""
    status = main(["decide", "--today", "2026-11-30", _write(tmp_path, json.dumps(incident()))])
    printed = json.loads(capsys.readouterr().out)
    assert status == 0
    assert [item["status"] for item in printed["obligations"]] == ["overdue", "overdue"]
    assert printed["rapid_review"]["projected"] is True


@pytest.mark.parametrize(
    ("today", "message"),
    [
        ("soon", "--today: expected a real date as YYYY-MM-DD"),
        (
            "9999-12-31",
            "--today (9999-12-31) is outside the years whose bank holidays in England are known "
            "(1872 to 2100), so working days cannot be counted against it",
        ),
    ],
    ids=["unreadable", "beyond the calendar"],
)
def test_decide_bad_today_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], today: str, message: str
) -> None:
    """An unreadable `decide --today`, or one beyond the known bank holidays, exits 2 with one
    line, no traceback."""
    status = main(["decide", "--today", today, _write(tmp_path, json.dumps(incident()))])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    assert captured.err == f"safeguarding-notify: {message}\n"


def test_explain_shows_status_rapid_review_and_what_if(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--explain shows each obligation's status, the rapid review date, and what would require the Panel."""
    main(["decide", "--explain", "--today", "2026-11-24", _write(tmp_path, json.dumps(incident()))])
    required = capsys.readouterr().out
    assert "[due: 3 working days left]" in required
    assert (
        "Rapid review by the safeguarding partners (should) by 18 December 2026, 15 working days "
        "from the Panel notification (27 November 2026); projected as if the notification were "
        "sent on that day (its due date, or today once that has passed)" in required
    )
    below = incident(abuse_or_neglect="not_suspected")
    main(["decide", "--explain", _write(tmp_path, json.dumps(below), "below.json")])
    assert "if abuse or neglect were known or suspected" in capsys.readouterr().out


def test_explain_says_one_working_day_in_the_singular(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A notification due the next working day is shown as "1 working day left", not "days"."""
    path = _write(tmp_path, json.dumps(incident()))
    assert main(["decide", "--explain", "--today", "2026-11-26", path]) == 0
    assert "[due: 1 working day left]" in capsys.readouterr().out


def test_decide_today_before_the_event_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`decide --today` on a day before the incident's event exits 2 with one line naming the date."""
    status = main(["decide", "--today", "2026-11-17", _write(tmp_path, json.dumps(incident()))])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    assert captured.err == (
        "safeguarding-notify: the date to decide against (today) is before event.date: nothing "
        "was owed then, so no status can be taken on it\n"
    )


def test_plan_today_before_a_childs_awareness_names_the_child(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`plan --today` before one child's awareness date exits 2, naming that child by index."""
    group = json.loads(
        (Path(__file__).resolve().parents[1] / "docs/examples/group.json").read_text()
    )
    group["incidents"][1]["became_aware_on"] = "2026-11-25"
    status = main(["plan", "--today", "2026-11-24", _write(tmp_path, json.dumps(group))])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.err.startswith(
        "safeguarding-notify: incidents[1]: the date to decide against (today) is before "
        "became_aware_on"
    )


def test_explain_shows_when_an_undetermined_notification_would_be_due(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--explain on an undetermined decision says when the Panel notification would be due if
    required, and that the date has passed."""
    example = str(Path(__file__).resolve().parents[1] / "docs/examples/incident-unknowns.json")
    assert main(["decide", "--explain", "--today", "2026-11-30", example]) == 0
    assert (
        "If the open questions make it required, the Panel notification is due by Monday 12 "
        "October 2026 (already passed) (deadline from guidance)"
    ) in capsys.readouterr().out.splitlines()


@pytest.mark.parametrize(
    ("today", "notified", "words"),
    [
        ("2026-11-06", {}, "due by Monday 9 November 2026 (deadline from guidance)"),
        ("2026-11-16", {"panel": "2026-11-06"}, "9 November 2026 (recorded as made) (deadline"),
        ("2026-11-16", {"panel": "2026-11-12"}, "9 November 2026 (recorded as made late) ("),
    ],
    ids=["due", "made", "made late"],
)
def test_explain_says_whether_an_undetermined_notification_was_made(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    today: str,
    notified: dict[str, str],
    words: str,
) -> None:
    """--explain on an undetermined decision words the status of the Panel notification it may
    owe: nothing added while it is due, and "recorded as made" (or made late) once
    notified_on.panel records it."""
    document = incident(
        abuse_or_neglect="unknown",
        became_aware_on="2026-11-02",
        notified_on=notified,
        **{"event.date": "2026-11-01"},
    )
    assert (
        main(["decide", "--explain", "--today", today, _write(tmp_path, json.dumps(document))]) == 0
    )
    (line,) = [item for item in capsys.readouterr().out.splitlines() if "open questions" in item]
    assert words in line
    assert "passed" not in line


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({}, "[overdue: 5 working days late]"),
        (
            {
                "event.date": "2026-11-09",
                "became_aware_on": "2026-11-10",
                "notified_on": {"panel": "2026-11-18"},
            },
            "[done late on 18 November 2026: 1 working day late]",
        ),
    ],
    ids=["overdue", "done late"],
)
def test_explain_counts_the_working_days_late(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], overrides: dict[str, Any], words: str
) -> None:
    """--explain gives an overdue or late notification's working days late: due Friday 27
    November, 5 late on 4 December; due Tuesday 17 November, made the 18th, 1 late."""
    document = json.dumps(incident(**overrides))
    main(["decide", "--explain", "--today", "2026-12-04", _write(tmp_path, document)])
    out = capsys.readouterr().out.splitlines()
    (panel_line,) = [line for line in out if "Review Panel (must)" in line]
    assert panel_line.endswith(words)


@pytest.mark.parametrize("from_stdin", [False, True], ids=["file", "stdin"])
def test_a_jsonl_line_that_is_not_utf8_is_named_by_its_line(
    source: Callable[[bytes, bool], str], capsys: pytest.CaptureFixture[str], from_stdin: bool
) -> None:
    """`decide --jsonl` decides every line before a line that is not UTF-8 and then names that
    line (it stopped wherever a read happened to end, saying only "the input is not UTF-8
    text"), from a file or standard input alike."""
    good = "".join(json.dumps(incident(case_reference=f"T-{n}")) + "\n" for n in range(300))
    data = good.encode() + b'{"case_reference": "A\xff"}\n'
    assert main(["decide", "--jsonl", source(data, from_stdin)]) == 2
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 300
    assert captured.err == "safeguarding-notify: line 301: not UTF-8 text\n"


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
@pytest.mark.parametrize("from_stdin", [False, True], ids=["file", "stdin"])
def test_a_json_error_is_placed_by_its_line_whatever_the_line_ends(
    source: Callable[[bytes, bool], str],
    capsys: pytest.CaptureFixture[str],
    from_stdin: bool,
    ending: str,
) -> None:
    """A whole-file JSON error is given at the same line and column with LF, CR LF or CR line
    ends, from a file or standard input (standard input's CR-ended text was all "line 1")."""
    data = ending.join(["{", '  "case_reference": "T-1",', "  oops", "}"]).encode()
    assert main(["decide", source(data, from_stdin)]) == 2
    assert capsys.readouterr().err == (
        "safeguarding-notify: line 3 column 3: not valid JSON (Expecting property name enclosed "
        "in double quotes)\n"
    )


# -- the accounts a manager reads (--explain), line by line -------------------------------------


def test_plan_explain_names_every_child_where_they_stand(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`plan --explain` lists each child where they stand, counted from 1 as a manager counts:
    the four detailed on the form, the rest as further information, the child needing no Panel
    notification under "No Panel notification" and the one still undetermined under
    "Undetermined", never one for another."""
    deaths = [incident(case_reference=f"C-{n}") for n in range(5)]
    unknown = incident(case_reference="C-5", abuse_or_neglect="unknown")
    other = incident(case_reference="C-6", abuse_or_neglect="not_suspected")
    group = {"notifying_authority": "E08000025", "incidents": [*deaths, unknown, other]}
    path = _write(tmp_path, json.dumps(group))
    assert main(["plan", "--explain", "--today", "2026-11-26", path]) == 0
    lines = capsys.readouterr().out.splitlines()
    forms = lines[: lines.index("Questions to ask:")]
    assert [line for line in forms if line.startswith(("  - child", "  - further"))] == [
        *(f"  - child {n + 1} of 7 (C-{n})" for n in range(4)),
        "  - further information: child 5 of 7 (C-4)",
    ]
    assert [line.split(":")[0:2] for line in lines if line.startswith(("No Pan", "Undet"))] == [
        ["No Panel notification", " child 7 of 7 (C-6)"],
        ["Undetermined", " child 6 of 7 (C-5)"],
    ]


def test_decide_explain_shows_every_note_and_where_a_deadline_comes_from(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`decide --explain` prints every note after the first as a "Note:" line (a legal-review
    flag among them), marks a deadline from guidance on each obligation, and counts "0 working
    days left" in the plural on the due date."""
    before_s16c = incident(**{"event.date": "2014-01-10", "child.date_of_birth": "2005-01-01"})
    decision = decide(before_s16c, today=date(2026, 11, 23))
    assert len(decision.notes) > 1
    path = _write(tmp_path, json.dumps(before_s16c))
    assert main(["decide", "--explain", "--today", "2026-11-23", path]) == 0
    out = capsys.readouterr().out
    assert [line for line in out.splitlines() if line.startswith("Note: ")] == [
        f"Note: {note}" for note in decision.notes[1:]
    ]
    assert (
        main(
            [
                "decide",
                "--explain",
                "--today",
                "2026-11-27",
                _write(tmp_path, json.dumps(incident())),
            ]
        )
        == 0
    )
    (panel,) = [
        line for line in capsys.readouterr().out.splitlines() if "Review Panel (must)" in line
    ]
    assert "(deadline from guidance)" in panel
    assert "[due today: 0 working days left]" in panel


def test_jsonl_skips_blank_lines_and_explains_each_incident(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`decide --jsonl` skips blank lines (as the audit does), and with --explain prints each
    incident's account rather than its JSON."""
    text = json.dumps(incident(case_reference="T-1")) + "\n\n" + json.dumps(incident()) + "\n"
    path = _write(tmp_path, text, "in.jsonl")
    assert main(["decide", "--jsonl", "--today", "2026-11-23", path]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2
    assert main(["decide", "--jsonl", "--explain", "--today", "2026-11-23", path]) == 0
    out = capsys.readouterr().out
    assert out.count("notify the Panel: REQUIRED") == 2
    assert "{" not in out


@pytest.mark.parametrize("command", ["decide", "audit"])
def test_a_broken_shipped_rule_file_is_a_failure_not_bad_input(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: str,
) -> None:
    """When the shipped rules cannot be loaded, `decide` and `audit` exit 1 (the library failed,
    not the input) with one line naming the file, and decide nothing."""
    broken = Path(__file__).parent / "rulefiles" / "duplicate-key"
    monkeypatch.setattr(_rulefile, "default_rules_dir", lambda: broken)
    monkeypatch.setattr(_decide, "_default", None)  # built afresh, from the broken rules
    assert main([command, _write(tmp_path, json.dumps(incident()), "in.jsonl")]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("safeguarding-notify: rule file refused: broken-rule.v1.yaml: ")
    assert captured.err.count("\n") == 1


def test_a_deadline_past_the_calendar_is_one_line_and_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An incident whose deadline runs past the known bank holidays is refused in one line with
    status 2, as the other date refusals are (it was a traceback)."""
    file = _write(tmp_path, json.dumps(incident(**CALENDAR_END)))
    assert main(["decide", "--today", "2100-12-31", file]) == 2
    assert capsys.readouterr().err == (
        "safeguarding-notify: a deadline running into 2101 is outside the years whose bank "
        "holidays in England are known (1872 to 2100), so working days cannot be counted "
        "against it\n"
    )


def test_plan_of_one_incident_says_it_is_not_a_group(capsys: pytest.CaptureFixture[str]) -> None:
    """`plan` given one incident's file says, after the group's own refusal, that it is one
    incident and where a group holds its incidents, as `plan_notifications` notes."""
    example = Path(__file__).resolve().parents[1] / "docs" / "examples" / "incident.json"
    assert main(["plan", "--today", "2026-11-28", str(example)]) == 2
    assert capsys.readouterr().err == (
        "safeguarding-notify: incidents: Field required (and 5 more problems); this is one "
        "incident, not a group: a group holds its incidents in a list, under incidents\n"
    )


def test_decide_of_a_list_points_at_jsonl_and_audit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`decide` given a file holding a JSON list of incidents points at --jsonl and audit, which
    read several; a --jsonl line holding a list gets no such pointer (it is already one a line)."""
    listed = _write(tmp_path, json.dumps([incident(), incident()]))
    assert main(["decide", listed]) == 2
    assert capsys.readouterr().err == (
        "safeguarding-notify: incident: Input should be a valid dictionary or instance of "
        "Incident; for several incidents use --jsonl (one a line) or audit\n"
    )
    assert main(["decide", "--jsonl", listed]) == 2
    assert "use --jsonl" not in capsys.readouterr().err


def test_a_file_name_with_a_line_break_is_shown_escaped_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing input named with a line break is refused in one line, the break shown as `\\n`
    (it split the message in two: review s29, C6)."""
    missing = str(tmp_path / "in\ncident.json")
    assert main(["decide", missing]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert "in\\ncident.json" in line


def test_decide_of_a_group_points_at_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`decide` given an incident group's file says it is a group and names the command that
    plans one, as `plan` given one incident says it is one (review s29, C7)."""
    group = {"notifying_authority": OUR_AREA, "incidents": [incident()]}
    assert main(["decide", _write(tmp_path, json.dumps(group))]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.endswith("; this is a group of incidents, not one: plan it with the plan command")
