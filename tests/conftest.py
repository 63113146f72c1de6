"""Shared helpers: a baseline incident, dotted-path overrides for example tables, whether a
decision's missing facts went unranked, and England's working days counted independently."""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import holidays
import pytest
from hypothesis import assume
from pydantic import ValidationError

from safeguarding_notify import Decision, Incident
from safeguarding_notify._ranking import UNRANKED_NOTE

CHECKOUT_RULES = Path(__file__).resolve().parents[1] / "rules"
# The loader's test template: one rule (a death must be notified to the Panel in five working
# days) from which tests write rule files of their own, rather than from shipped rules that a
# change of the law may end.
RULE_TEMPLATE = Path(__file__).parent / "rulefiles" / "overlapping-versions" / "broken-rule.v1.yaml"

OUR_AREA = "E08000025"  # Birmingham
OTHER_AREA = "E09000007"  # Camden
THIRD_AREA = "E06000001"  # Hartlepool

BASELINE: dict[str, Any] = {
    "case_reference": "T-1",
    "notifying_authority": OUR_AREA,
    "child": {
        "date_of_birth": "2015-03-01",
        "normally_resident": {"country": "england", "local_authority": OUR_AREA},
        "looked_after": "no",
    },
    "event": {
        "kind": "death",
        "date": "2026-11-18",
        "location": {"country": "england", "local_authority": OUR_AREA},
    },
    "abuse_or_neglect": "suspected",
    "became_aware_on": "2026-11-20",
}


# The baseline's event and awareness moved to the online form's first day (29 June 2018): early
# enough for every date of submission a plan is tested under, since a plan is never submitted
# before its children's events or the authority's awareness.
ONLINE_FORM_ERA = {"event.date": "2018-06-20", "became_aware_on": "2018-06-29"}
# The baseline at the calendar's end: aware on 30 December 2100, the Panel's five working days
# run into 2101, whose bank holidays are not known (decided with `today` 31 December 2100).
CALENDAR_END = {
    "child.date_of_birth": "2090-03-01",
    "event.date": "2100-12-29",
    "became_aware_on": "2100-12-30",
}


def rules_with_a_gap(tmp_path: Path) -> Path:
    """A rules directory deciding the Panel answer (on a death) with no rule in force in 2020:
    one rule ends on 1 January 2020 and another begins on 1 January 2021. A gap only a Decider's
    own rules can have; built from the loader's test template, not from shipped rules, which a
    change of the law may end."""
    rules = tmp_path / "rules"
    rules.mkdir()
    first = RULE_TEMPLATE.read_text()
    (rules / "broken-rule.v1.yaml").write_text(
        first.replace(
            "effective_from: 2018-06-29", "effective_from: 2018-06-29\neffective_to: 2020-01-01"
        )
    )
    (rules / "resumed-rule.v1.yaml").write_text(
        first.replace("id: broken-rule", "id: resumed-rule").replace("2018-06-29", "2021-01-01")
    )
    return rules


def validated_or_none(document: dict[str, Any]) -> Incident | None:
    """The document as an incident, or None when it is not a valid one."""
    try:
        return Incident.model_validate(document)
    except ValidationError:
        return None


def valid_or_skip(document: dict[str, Any]) -> Incident:
    """The document as an incident; Hypothesis skips the example when it is not a valid one."""
    incident = validated_or_none(document)
    assume(incident is not None)
    assert incident is not None
    return incident


# A date as the library writes it (`_explain.format_date`): "2 April 2015".
WRITTEN_DATE = r"\d{1,2} [A-Z][a-z]+ \d{4}"


def read_date(words: str) -> date:
    """A date written as the library writes it ("2 April 2015"), read back."""
    return datetime.strptime(words, "%d %B %Y").date()


def incident(**overrides: Any) -> dict[str, Any]:
    """The baseline with dotted paths replaced, e.g. incident(**{"event.kind": None})."""
    return changed(BASELINE, **overrides)


def changed(original: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    """A copy of an incident document with dotted paths replaced ("<absent>" removes one)."""
    document = copy.deepcopy(original)
    for path, value in overrides.items():
        *parents, leaf = path.split(".")
        target = document
        for part in parents:
            target = target[part]
        if value == "<absent>":
            target.pop(leaf, None)
        else:
            target[leaf] = copy.deepcopy(value)
    return document


def choosing_date(incident: Incident) -> date | None:
    """The incident's date that chooses the rules in force (law.md 1): a later suspicion of abuse
    or neglect, else awareness, else the event; None when none is recorded (today chooses)."""
    return incident.abuse_or_neglect_suspected_on or incident.became_aware_on or incident.event.date


def unranked(decision: Decision) -> bool:
    """Whether the decision says its missing facts are unranked (too many unknowns to search)."""
    return UNRANKED_NOTE in decision.notes


@pytest.fixture
def make_incident() -> Any:
    return incident


# England's bank holidays as the `holidays` package lists them, read here without the library's
# calendar, which the tests check against this day-by-day definition.
ENGLAND_HOLIDAYS = holidays.country_holidays("GB", subdiv="ENG")


def working_day_in_england(day: date) -> bool:
    """A weekday that is not a bank holiday in England."""
    return day.weekday() < 5 and day not in ENGLAND_HOLIDAYS


def working_days_after(start: date, end: date) -> int:
    """The working days in England after `start` up to and including `end`, one day at a time;
    negative when `end` is earlier."""
    if end < start:
        return -working_days_after(end, start)
    days = (start + timedelta(days=offset) for offset in range(1, (end - start).days + 1))
    return sum(1 for day in days if working_day_in_england(day))
