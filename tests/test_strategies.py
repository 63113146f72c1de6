"""The strategies shipped to integrators draw only valid, decidable incidents."""

from __future__ import annotations

import importlib
import sys
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis.errors import InvalidArgument

from safeguarding_notify import Incident, decide, plan_notifications
from safeguarding_notify._explain import QUESTIONS
from safeguarding_notify.incident import england_today
from safeguarding_notify.strategies import (
    incident_group_mappings,
    incident_mappings,
    incidents,
    notifiable_incidents,
)

ENOUGH = settings(max_examples=100, deadline=None)


@ENOUGH
@given(incident_mappings())
def test_mappings_are_valid_json_incidents_that_are_decided(document: dict[str, Any]) -> None:
    """Every drawn mapping validates, has no date in the future, and is decided without refusal."""
    incident = Incident.model_validate(document)
    today = england_today()
    for day in (incident.child.date_of_birth, incident.event.date, incident.became_aware_on):
        assert day is None or day <= today
    # Decided without refusal, every question it asks one the library can put into words.
    decision = decide(incident)
    assert all(path in QUESTIONS for path in decision.missing_facts)


@ENOUGH
@given(incidents(known_only=True, notifying_authority="E09000007"))
def test_known_only_incidents_record_every_fact(incident: Incident) -> None:
    """With known_only every fact is recorded, and the authority asked for is the one asking."""
    assert incident.notifying_authority == "E09000007"
    assert incident.abuse_or_neglect != "unknown"
    assert incident.event.kind is not None
    assert incident.child.looked_after != "unknown"
    for place in (incident.event.location, incident.child.normally_resident):
        assert place is not None
        assert getattr(place, "local_authority", "") is not None
    born = None if incident.child.unborn else incident.child.date_of_birth
    for day in (born, incident.event.date, incident.became_aware_on):
        assert day is not None or incident.child.unborn
    for answer in (
        incident.child.care_leaver,
        incident.child.known_to_childrens_social_care,
        incident.event.regulated_setting,
    ):
        assert answer != "unknown"
    assert incident.event.kind != "death" or incident.event.manner_of_death != "unknown"
    assert decide(incident).notify_panel != "undetermined"


def test_without_hypothesis_the_import_error_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Importing the strategies without Hypothesis fails with the pip command that fixes it."""
    monkeypatch.setitem(sys.modules, "hypothesis", None)  # type: ignore[arg-type]
    monkeypatch.delitem(sys.modules, "safeguarding_notify.strategies")
    with pytest.raises(ImportError, match=r'pip install "safeguarding-notify\[strategies\]"'):
        importlib.import_module("safeguarding_notify.strategies")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"notifying_authority": "E07000001"}, "notifying_authority must match"),
        ({"today": date(2101, 1, 1)}, "today must not be after today's date in England"),
        ({"today": datetime(2026, 1, 5, 9)}, "today must be a datetime.date"),
        ({"today": date(2015, 3, 25)}, "when the rules begin"),
        ({"today": date(2020, 1, 1), "aware_from": date(2021, 1, 1)}, "on or after aware_from"),
    ],
    ids=["lower-tier council", "future", "date and time", "before the rules", "before aware_from"],
)
def test_arguments_that_allow_no_valid_incident_are_refused(
    arguments: dict[str, Any], message: str
) -> None:
    """Arguments with which no valid incident exists raise Hypothesis's InvalidArgument saying
    which, rather than drawing incidents that fail validation."""

    @given(incident_mappings(**arguments))
    def draw(document: dict[str, Any]) -> None:
        raise AssertionError("an incident was drawn")

    with pytest.raises(InvalidArgument, match=message):
        draw()


_DRAWN_ON = date(2026, 11, 26)  # the strategies' `today` and the decisions' alike
# Finding one example is enough: not shrunk (shrinking would decide thousands more incidents),
# and derandomised, so that a search whose odds are a few in a thousand passes or fails alike on
# every run.
_SEARCH = settings(max_examples=3000, database=None, phases=[Phase.generate], derandomize=True)


@pytest.mark.parametrize("status", ["due", "due_today", "overdue", "done", "done_late"])
def test_every_status_an_integrator_acts_on_is_drawn(status: str) -> None:
    """Notifiable incidents drawn reach every status of the Panel notification (decided on the
    strategies' `today`), so a consumer's property tests exercise what they alert on, not only
    "overdue"."""
    found = find(
        notifiable_incidents(today=_DRAWN_ON),
        lambda document: any(
            item.status == status for item in decide(document, today=_DRAWN_ON).obligations
        ),
        settings=_SEARCH,
    )
    assert any(item.status == status for item in decide(found, today=_DRAWN_ON).obligations)


@pytest.mark.parametrize("day", [date(2018, 6, 28), date(2018, 6, 29), date(2023, 12, 15)])
def test_awareness_on_the_days_the_rules_change_is_drawn(day: date) -> None:
    """Awareness dates next to and on the days the shipped rules change (s16C in force on 29 June
    2018; Working Together 2023 on 15 December 2023) are drawn, where an off-by-one in choosing
    the rules in force would show."""
    found = find(
        incident_mappings(),
        lambda document: document["became_aware_on"] == day.isoformat(),
        settings=_SEARCH,
    )
    assert found["became_aware_on"] == day.isoformat()


@ENOUGH
@given(incident_group_mappings(today=_DRAWN_ON))
def test_groups_are_valid_and_planned(document: dict[str, Any]) -> None:
    """Every drawn incident group validates and is planned without refusal, each child decided
    and either on a form, not required or undetermined: never dropped."""
    plan = plan_notifications(document, today=_DRAWN_ON)
    placed = [
        child.index for form in plan.forms for child in (*form.children, *form.further_information)
    ]
    others = [child.index for child in (*plan.not_required, *plan.undetermined)]
    assert sorted(placed + others) == list(range(len(document["incidents"])))


def test_groups_refuse_a_max_children_no_group_can_have() -> None:
    """A `max_children` outside 1 to 100 is Hypothesis's InvalidArgument, not a refusal of every
    example."""

    @given(incident_group_mappings(max_children=0))
    def draw(document: dict[str, Any]) -> None:
        raise AssertionError("a group was drawn")

    with pytest.raises(InvalidArgument, match="max_children must be from 1 to 100"):
        draw()


@pytest.mark.parametrize(
    "shape", ["wholly under 18", "across 18", "from 18"], ids=["under", "across", "adult"]
)
def test_the_strategies_draw_age_ranges_each_side_of_18(shape: str) -> None:
    """Age ranges wholly under 18, across 18 and from 18 up are all drawn, each for a born child
    with no date of birth (a looked-after child's from under 18), so the properties and the
    comparison with the oracle over drawn incidents check each reading of a range."""

    def drawn(document: dict[str, Any]) -> bool:
        ages = document["child"].get("age_on_event_date")
        if ages is None:
            return False
        low, high = ages["at_least"], ages["at_most"]
        return {"wholly under 18": high < 18, "across 18": low < 18 <= high}.get(shape, low >= 18)

    found = find(incident_mappings(), drawn, settings=_SEARCH)
    child = found["child"]
    assert child["date_of_birth"] is None
    assert not child["unborn"]
    assert child["looked_after"] != "yes" or child["age_on_event_date"]["at_least"] < 18
    assert decide(found).notify_panel in ("required", "not_required", "undetermined")
