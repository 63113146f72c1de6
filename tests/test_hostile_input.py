"""Hostile and malformed input: every input is decided or refused with one clear line, nothing else."""

from __future__ import annotations

import copy
import io
import json
import math
import os
import re
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from pydantic import ValidationError

from conftest import BASELINE, incident
from safeguarding_notify import (
    Decision,
    DecisionDateError,
    Incident,
    IncidentGroup,
    NotificationPlan,
    OutsideCalendarError,
    RulesNotInForceError,
    decide,
    plan_notifications,
)
from safeguarding_notify._audit import Format, audit, rows_of
from safeguarding_notify._calendar import CALENDAR_YEARS
from safeguarding_notify._csvio import columns_of
from safeguarding_notify._decide import default_decider
from safeguarding_notify._jsontext import unique_object
from safeguarding_notify._progress import Progress
from safeguarding_notify._validation import one_line
from safeguarding_notify.cli import main
from safeguarding_notify.incident import england_today

# A key as written, or <unrecognised key>; a position in a list in brackets: incidents[1].event.
_KEY = r"([a-z_][a-z0-9_]*|<unrecognised key>)"
_PART = rf"{_KEY}(\[[0-9]+\])*"
FIELD_PATH = re.compile(rf"incident|(?:{_PART}|(\[[0-9]+\])+)(\.{_PART})*")
SETTINGS = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

# Arbitrary JSON values, NaN and infinities included (Python's json module reads and writes them).
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
PATHS = [
    "case_reference",
    "notifying_authority",
    "child",
    "child.date_of_birth",
    "child.normally_resident",
    "child.looked_after",
    "child.looked_after_by",
    "event",
    "event.kind",
    "event.date",
    "event.location",
    "abuse_or_neglect",
    "became_aware_on",
]


def _outcome(document: Any) -> Decision | str:
    """A decision, or the one line of the refusal; any other exception fails the test."""
    try:
        return decide(document)
    except ValidationError as error:
        line = one_line(error)
    except RulesNotInForceError as error:
        line = f"incident: {error}"
    return _checked_refusal(line, "incident")


def _checked_refusal(line: str, whole: str) -> str:
    """`line`, once checked to be one short line naming a field (or `whole`) and the problem."""
    assert "\n" not in line, line
    assert len(line) < 400, line
    path, _, message = line.partition(": ")
    assert FIELD_PATH.fullmatch(path) or path == whole, line
    assert message.strip(), line
    return line


@SETTINGS
@given(from_schema(Incident.model_json_schema()))
def test_anything_the_schema_allows_is_decided_or_refused(document: dict[str, Any]) -> None:
    """Documents generated from the published JSON Schema get a Decision (one that can be stored
    and read back whole) or a one-line refusal naming a field; nothing else is raised."""
    result = _outcome(document)
    if isinstance(result, Decision):
        assert Decision.model_validate_json(result.model_dump_json()) == result


@SETTINGS
@given(JSON_VALUES)
def test_arbitrary_json_is_refused_cleanly(document: Any) -> None:
    """Any JSON value at all (scalars, lists, nested objects, NaN) is refused with one clear line."""
    assert isinstance(_outcome(document), str)


@SETTINGS
@given(st.sampled_from(PATHS), JSON_VALUES)
def test_any_value_in_any_field_is_decided_or_refused(path: str, value: Any) -> None:
    """Replacing any one field of a valid incident by any JSON value gives a Decision or a one-line refusal."""
    _outcome(incident(**{path: value}))


HOSTILE: list[tuple[str, Any]] = [
    ("a huge string as code", {"notifying_authority": "E" * 5_000_000}),
    ("a huge case reference", {"case_reference": "A" * 5_000_000}),
    ("a huge unknown key", {"x" * 1_000_000: 1}),
    ("an unknown key with a newline", {"child\nname": 1}),
    ("NaN for a date", {"event.date": math.nan}),
    ("infinity for a date", {"became_aware_on": math.inf}),
    ("NaN for a kind", {"event.kind": math.nan}),
    ("a boolean for an authority", {"notifying_authority": True}),
    ("a list for the child", {"child": [1, 2]}),
    ("a number for the event", {"event": 1e308}),
    ("a string for the location", {"event.location": "england"}),
    ("a far-future event date", {"event.date": "9999-12-31"}),
    ("a far-future awareness", {"became_aware_on": "9999-12-31"}),
    ("year 10000", {"event.date": "10000-01-01"}),
    ("a date with Arabic-Indic digits", {"event.date": "\u0662\u0660\u0662\u0666-11-18"}),
    ("fullwidth digits in a code", {"notifying_authority": "E0\uff18000025"}),
    ("a code with a zero-width space", {"notifying_authority": "E08000025\u200b"}),
    ("a lone surrogate in a reference", {"case_reference": "C-\ud800"}),
    ("a right-to-left mark in a reference", {"case_reference": "C-1\u200f"}),
    ("an emoji country", {"event.location": {"country": "🏴"}}),
    ("a NUL in a code", {"notifying_authority": "E0800\x000025"}),
    ("a huge integer", {"event.date": 10**4000}),
    ("a negative ordinal", {"event.date": -1}),
]


def _deep(levels: int) -> Any:
    value: Any = "x"
    for _ in range(levels):
        value = {"a": [value]}
    return value


def _with_child_residence(value: Any) -> dict[str, Any]:
    # Built by hand: copying a value nested this deep would itself exceed the recursion limit.
    document = copy.deepcopy(BASELINE)
    document["child"]["normally_resident"] = value
    return document


@pytest.mark.parametrize(("overrides"), [case[1] for case in HOSTILE], ids=[c[0] for c in HOSTILE])
def test_hostile_values_are_refused(overrides: dict[str, Any]) -> None:
    """Huge strings, NaN, wrong types, extreme dates and odd unicode are refused with one clear line."""
    document = copy.deepcopy(BASELINE)
    for key, value in overrides.items():
        if "." in key or key in BASELINE:
            document = incident(**{key: value})
        else:
            document[key] = value
    result = _outcome(document)
    assert isinstance(result, str)


def test_deeply_nested_input_is_refused() -> None:
    """A value nested 100,000 levels deep in any field is refused, not a RecursionError."""
    assert isinstance(_outcome(_with_child_residence(_deep(100_000))), str)
    assert isinstance(_outcome(_deep(100_000)), str)


@pytest.mark.parametrize("born", ["0001-01-01", "1753-01-01", "1895-11-17"])
def test_a_birth_over_130_years_before_the_event_is_refused(born: str) -> None:
    """A date of birth making the person older than 130 on the event date (0001-01-01 and
    1753-01-01 are placeholders some systems write for "no date") is refused, as an age range
    over 130 is: it was read as an adult and decided "not_required" for a seriously harmed
    child (review s27, A4)."""
    with pytest.raises(ValidationError) as refused:
        decide(incident(**{"child.date_of_birth": born}))
    assert "child.date_of_birth makes the person older than 130 on event.date" in str(refused.value)
    # 130 on the event date (18 November 2026) is decided as an adult: on the birthday, and the
    # day before the 131st, 131 calendar years on (review s29, C4).
    for born_at_130 in ("1896-11-18", "1895-11-19"):
        adult = decide(incident(**{"child.date_of_birth": born_at_130}))
        assert adult.notify_panel == "not_required"


def test_a_birth_on_0001_01_01_with_no_event_date_asks_the_event_date() -> None:
    """With the event date not recorded, the age on it is not known: undetermined, asking it."""
    unknown_event = decide(incident(**{"child.date_of_birth": "0001-01-01", "event.date": None}))
    assert unknown_event.notify_panel == "undetermined"
    assert "event.date" in unknown_event.missing_facts


def test_an_event_on_0001_01_01_is_flagged_not_refused() -> None:
    """An event on 0001-01-01 with awareness after s16C's commencement is decided under s16C and flagged."""
    decision = decide(incident(**{"child.date_of_birth": "0001-01-01", "event.date": "0001-01-01"}))
    assert any("confirmed by a lawyer" in note for note in decision.notes)


def test_awareness_on_0001_01_01_is_outside_the_rules() -> None:
    """Awareness on 0001-01-01 is a valid date for which no rules are encoded: refused, never answered."""
    with pytest.raises(RulesNotInForceError):
        decide(
            incident(
                **{
                    "child.date_of_birth": "0001-01-01",
                    "event.date": "0001-01-01",
                    "became_aware_on": "0001-01-01",
                }
            )
        )


def test_refusals_do_not_echo_strings_from_the_input() -> None:
    """A value refused in any string field is never repeated in the message (it may be personal data)."""
    marker = "Jane Doe 1987"  # not a valid case reference either
    documents = [incident(**{path: marker}) for path in PATHS]
    documents += [
        incident(**{"event.location": {"country": marker}}),
        incident(**{"child.normally_resident": {"country": marker}}),
        incident(**{"event.location": {"country": "england", "local_authority": marker}}),
        {**BASELINE, marker: 1},
        incident(**{f"child.{marker}": 1}),
    ]
    for document in documents:
        line = _outcome(document)
        assert isinstance(line, str), line
        assert marker not in line, line


# The day before the first day any encoded rule set covers.
_BEFORE_RULES = (default_decider().book.covered_from - timedelta(days=1)).isoformat()
CLI_INPUTS = [
    ("invalid UTF-8", b'{"case_reference": "\xff\xfe"}'),
    ("a huge integer", b'{"event": ' + b"1" * 5000 + b"}"),
    ("NaN", b'{"event": NaN}'),
    ("deep nesting", b"[" * 100_000 + b"]" * 100_000),
    ("a JSON array", b"[1, 2, 3]"),
    # A valid incident but for its second abuse_or_neglect (json alone would keep the last).
    ("a key named twice", json.dumps(BASELINE)[:-1].encode() + b', "abuse_or_neglect": "known"}'),
    ("a JSON string", b'"incident"'),
    ("empty", b""),
    # (A leading byte order mark is no longer refused: test_cli.test_a_byte_order_mark_is_not_content.)
    (
        "a date before the rules",
        json.dumps(
            incident(**{"event.date": _BEFORE_RULES, "became_aware_on": _BEFORE_RULES})
        ).encode(),
    ),
]


@pytest.mark.parametrize(
    "command", [["decide"], ["decide", "--jsonl"], ["plan"]], ids=["json", "jsonl", "plan"]
)
@pytest.mark.parametrize("content", [c[1] for c in CLI_INPUTS], ids=[c[0] for c in CLI_INPUTS])
def test_cli_refuses_hostile_files_with_one_line(
    tmp_path: Any, capsys: pytest.CaptureFixture[str], content: bytes, command: list[str]
) -> None:
    """`decide` and `plan` exit 2 with one line on stderr and no traceback for any hostile
    file."""
    path = tmp_path / "in.json"
    path.write_bytes(content)
    status = main([*command, str(path)])
    captured = capsys.readouterr()
    if content == b"" and "--jsonl" in command:
        assert status == 0  # no lines: nothing to decide
        assert captured.out == ""
        return
    assert status == 2, captured
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("safeguarding-notify: ")
    assert len(captured.err) < 400


def test_today_matters_only_through_validation() -> None:
    """Dates up to today in England are accepted and one day later refused, so 9999-12-31 can
    never slip through."""
    today = england_today()
    assert isinstance(_outcome(incident(became_aware_on=today.isoformat())), Decision)
    tomorrow = (today + timedelta(days=1)).isoformat()
    assert _outcome(incident(became_aware_on=tomorrow)) == (
        "incident: became_aware_on is in the future (after today's date in England)"
    )


# Dates anywhere, and dates around the years the bank-holiday calendar covers (few of any
# four-digit year fall inside them).
ANY_DAY = st.dates() | st.dates(min_value=date(1860, 1, 1), max_value=date(2110, 12, 31))


@settings(SETTINGS, max_examples=min(SETTINGS.max_examples, 150))
@given(ANY_DAY, st.booleans())
# After the undated child's birth, before the rules begin: the refusal's branch, which random days
# seldom reach (a CI run did, and found its expected words out of date).
@example(date(2015, 3, 1), False)
# In the calendar's last weeks a deadline counted from `today` (the rapid review's, the Panel
# notification not made) runs past it: refused, saying so (a CI run drew it).
@example(date(2100, 12, 9), True)
def test_any_date_to_decide_against_is_decided_or_refused(today: date, dated: bool) -> None:
    """Any `today` gives a decision, or a refusal saying why: outside the known bank holidays
    (`today` itself, or a deadline counted from it in the calendar's last weeks), before the
    incident's own dates, or (for an incident with no date of its own, whose rules `today`
    selects) before the rules."""
    document = incident() if dated else incident(**{"became_aware_on": None, "event.date": None})
    first, last = CALENDAR_YEARS
    deadline_past_calendar = False
    try:
        outcome: Decision | str = decide(document, today)
    except OutsideCalendarError as error:
        outcome = str(error)
        assert "bank holidays in England are known" in outcome
        if outcome.startswith(f"a deadline running into {last + 1}"):
            # The longest deadline of a rule is under 13 weeks.
            assert date(last, 12, 31) - timedelta(weeks=13) < today <= date(last, 12, 31)
            deadline_past_calendar = True
    except DecisionDateError as error:
        outcome = str(error)
        assert "the date to decide against (today) is before" in outcome
    except RulesNotInForceError as error:
        outcome, named = str(error), (error.option, error.field)
        assert not dated
        assert "on the date given by today:" in outcome
        assert named == ("today", None)
    calendar_covers = first <= today.year <= last
    rules_cover = dated or today >= default_decider().book.covered_from
    latest_recorded = date.fromisoformat(
        document["became_aware_on"] or document["child"]["date_of_birth"]
    )
    assert isinstance(outcome, Decision) == (
        calendar_covers and rules_cover and today >= latest_recorded and not deadline_past_calendar
    )


def _json_lines(values: list[Any]) -> str:
    return "".join(json.dumps(value) + "\n" for value in values)


CSV_HEADER = ",".join(columns_of().leaves)
# Cells as a spreadsheet or a hostile user might write them: quotes, separators, line breaks,
# NUL and other control characters, and anything else.
CSV_TEXT = st.text(alphabet=st.sampled_from('",\r\n\x00\t ;aE0-9') | st.characters(), max_size=300)


@SETTINGS
@given(st.sampled_from(["csv", "jsonl"]), CSV_TEXT | st.lists(JSON_VALUES).map(_json_lines))
@example("csv", "\ud800")  # a surrogate no byte read gives (a CI run drew it)
def test_any_file_body_gives_decided_or_bad_rows(kind: Format, body: str) -> None:
    """Any text (below a valid header, for CSV) is read as rows each decided or named bad with
    its line, never an exception: the batch audit stops only for an unusable header or the
    engine."""
    text = f"{CSV_HEADER}\n{body}" if kind == "csv" else body
    rows = list(rows_of(io.StringIO(text), kind))
    result = audit(iter(rows), default_decider(), Progress(None, io.StringIO()), io.StringIO())
    assert result.rows == len(rows)
    assert result.bad == sum(1 for _, document, problem in rows if problem is not None) + sum(
        1 for _, document, problem in rows if problem is None and _refused(document)
    )
    assert all(line >= (2 if kind == "csv" else 1) for line, _, _ in rows)


def _refused(document: Any) -> bool:
    return isinstance(_outcome(document), str)


def _planned(document: Any) -> NotificationPlan | str:
    """A plan, or the one line of the refusal; any other exception fails the test."""
    try:
        return plan_notifications(document)
    except ValidationError as error:
        line = one_line(error, whole="group")
    except RulesNotInForceError as error:
        line = f"group: {error}"
    return _checked_refusal(line, "group")


# A group's published schema, with at most a few incidents so that examples stay quick.
GROUP_SCHEMA = IncidentGroup.model_json_schema()
GROUP_SCHEMA["properties"]["incidents"]["maxItems"] = 3


# Fewer examples than the incidents get: drawing a group from its schema takes ~0.1 s.
@settings(SETTINGS, max_examples=min(SETTINGS.max_examples, 60))
@given(from_schema(GROUP_SCHEMA) | JSON_VALUES)
def test_any_group_is_planned_or_refused(document: Any) -> None:
    """Incident groups generated from the published JSON Schema, and arbitrary JSON, get a plan
    or a one-line refusal naming a field (or the whole group), nothing else."""
    result = _planned(document)
    if isinstance(result, NotificationPlan):
        assert len(result.forms) <= len(document["incidents"])


class _CountedKey(str):
    """A key that counts how often it is compared for equality."""

    compared = 0

    def __eq__(self, other: object) -> bool:
        _CountedKey.compared += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def test_finding_a_key_named_twice_does_not_compare_every_pair_of_keys() -> None:
    """A body of tens of thousands of keys with one repeated is refused after a number of key
    comparisons that grows with the keys, not with their square (the check once took 34 s for
    60,000 keys: any door could be held that long by one request)."""
    keys = 3_000
    pairs = [(_CountedKey(f"key{index}"), index) for index in range(keys)]
    pairs.append((_CountedKey("key0"), 0))
    _CountedKey.compared = 0
    with pytest.raises(json.JSONDecodeError, match="the key key0 appears twice"):
        unique_object(pairs)
    assert _CountedKey.compared < 10 * keys
