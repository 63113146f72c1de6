"""Hypothesis strategies for valid incidents, so integrators can property-test their use of us.

Needs the optional extra: ``pip install "safeguarding-notify[strategies]"``.

Every strategy draws *valid* input only: real dates, none in the future (in England), born on or
before the event, the event on or before awareness, a looked-after child under 18 on the event
date, `looked_after_by` exactly when `looked_after` is "yes", an age range on the event date
(`age_on_event_date`, half the time) only where the date of birth is not recorded, and an
awareness date (or, when it
is unknown, an event date) on or after the first day the shipped rules cover, so that `decide`
answers rather than refusing.

* `incident_mappings(...)`: JSON-ready dicts, as a case-management system would send them
  (dates as ``YYYY-MM-DD`` strings); pass one to `decide` or `Incident.model_validate`.
* `incidents(...)`: the same, validated into `Incident` objects.
* `notifiable_incidents(...)`: `Incident`s the law says must (or, for a looked-after child's
  death, should) be notified to the Panel: `decide(...).notify_panel == "required"`.
* `incident_group_mappings(...)`, `incident_groups(...)`: several children's incidents of one
  event, for `plan_notifications`.
* `authority_codes()`, `places(...)`: the building blocks.

    >>> from hypothesis import given
    >>> from safeguarding_notify import decide
    >>> from safeguarding_notify.strategies import incidents
    >>> @given(incidents(known_only=True))
    ... def test_never_undetermined_when_everything_is_known(incident):
    ...     assert decide(incident).notify_panel != "undetermined"
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import Any, get_args

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as error:  # pragma: no cover - exercised only without the extra installed
    raise ImportError(
        "safeguarding_notify.strategies needs Hypothesis, an optional extra: "
        'pip install "safeguarding-notify[strategies]"'
    ) from error

from ._calendar import age_on, plain_date
from ._rulefile import load_rules
from .decision import Recipient
from .group import MAX_CHILDREN, IncidentGroup
from .incident import _ADULT, _GSS, GSS_PATTERN, Incident, england_today

__all__ = [
    "authority_codes",
    "incident_group_mappings",
    "incident_groups",
    "incident_mappings",
    "incidents",
    "notifiable_incidents",
    "places",
]

_PREFIXES = ("E06", "E08", "E09", "E10")
_OUTSIDE = ("wales", "scotland", "northern_ireland", "outside_uk")
_OLDEST = 40  # ages drawn run from birth to this, so adults appear as well as children
_S16C_COMMENCED = date(2018, 6, 29)  # Children Act 2004 s16C in force (SI 2018/497 reg 3(c))


@lru_cache(maxsize=1)
def _covered_from() -> date:
    """The first day the shipped rules decide on (loaded once)."""
    return load_rules().covered_from


@lru_cache(maxsize=1)
def _rule_changes() -> tuple[date, ...]:
    """The days the shipped rules change, each with the day before and after: where an
    off-by-one in choosing the rules in force would show."""
    return tuple(
        day + timedelta(days=offset) for day in load_rules().boundaries for offset in (-1, 0, 1)
    )


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def authority_codes() -> st.SearchStrategy[str]:
    """ONS GSS codes of English upper-tier and unitary authorities (E06, E08, E09, E10)."""
    return st.builds(
        lambda prefix, number: f"{prefix}{number:06d}",
        st.sampled_from(_PREFIXES),
        st.integers(0, 999_999),
    )


def places(
    here: str | None = None, *, known_only: bool = False
) -> st.SearchStrategy[dict[str, Any] | None]:
    """A place as JSON: in `here`'s area (often, when given), another English area, England with
    the area unknown, outside England, or (unless `known_only`) unknown (None)."""
    return st.composite(_place)(here, known_only)


# Strategies built once: Hypothesis checks each strategy object it meets, so building them afresh
# for every draw made an incident cost ~13 ms to draw, ten decisions' worth.
_CODES = authority_codes()
_COIN = st.booleans()
_OUTSIDE_COUNTRIES = st.sampled_from(_OUTSIDE)
_PLACE_KINDS = {
    True: st.sampled_from(["english", "outside"]),
    False: st.sampled_from(["english", "outside", "england_area_unknown", "unknown"]),
}
_ANSWERS = {True: st.sampled_from(["yes", "no"]), False: st.sampled_from(["yes", "no", "unknown"])}
_KINDS: dict[bool, st.SearchStrategy[str | None]] = {
    True: st.sampled_from(["death", "serious_harm", "other"]),
    False: st.sampled_from(["death", "serious_harm", "other", None]),
}
_ABUSE = {
    True: st.sampled_from(["known", "suspected", "not_suspected"]),
    False: st.sampled_from(["known", "suspected", "not_suspected", "unknown"]),
}
_MANNERS = {
    True: st.sampled_from(["suspected_suicide", "unexplained", "other"]),
    False: st.sampled_from(["suspected_suicide", "unexplained", "other", "unknown"]),
}
_CASE_REFERENCES = st.one_of(st.none(), st.integers(1, 999_999).map(lambda n: f"C-{n}"))
_ONE_IN_TEN = st.integers(0, 9)
_ONE_IN_FOUR = st.integers(0, 3)
_ONE_IN_FIVE = st.integers(0, 4)
_SIBLING_GROUPS = st.sampled_from([None, "family-1", "family-2"])
# Each recipient a notification can be recorded for, or another area's safeguarding partners.
_RECIPIENTS = st.sampled_from([*get_args(Recipient), "another_area_partners"])
_NOTIFIED_COUNT = st.integers(1, 3)
_WITHIN_A_FORTNIGHT = st.integers(0, 14)
# How far an age range drawn reaches below and above the age drawn (years).
_SPREAD = st.integers(0, 3)
_OLDEST_RECORDED = 130  # the oldest age a range may name


def _code_or(draw: st.DrawFn, here: str | None) -> str:
    """An authority code: `here` half the time when given, else any."""
    return here if here is not None and draw(_COIN) else draw(_CODES)


def _place(draw: st.DrawFn, here: str | None, known_only: bool) -> dict[str, Any] | None:
    kind = draw(_PLACE_KINDS[known_only])
    if kind == "english":
        return {"country": "england", "local_authority": _code_or(draw, here)}
    if kind == "outside":
        return {"country": draw(_OUTSIDE_COUNTRIES)}
    if kind == "england_area_unknown":
        return {"country": "england", "local_authority": None}
    return None


_AWARE_FROM = st.sampled_from(["any_day", "last_fortnight", "rule_change"])
_NEXT_TO = st.sampled_from([-1, 0, 1])
_DAYS_AGO = st.sampled_from(range(15))


def _day_between(draw: st.DrawFn, earliest: date, latest: date) -> date:
    """A day from `earliest` to `latest`, both included (drawn as a number of days, which spares
    building a date strategy for each pair of bounds)."""
    return earliest + timedelta(days=draw(st.integers(0, (latest - earliest).days)))


def _aware_on(draw: st.DrawFn, earliest: date, today: date) -> date:
    """An awareness date from `earliest` to `today`: any day; or within the last fortnight, so
    that statuses "due" and "due_today" occur against today; or next to a day the rules change."""
    changes = [day for day in _rule_changes() if earliest <= day <= today]
    source = draw(_AWARE_FROM)
    if source == "rule_change" and changes:
        return changes[draw(st.integers(0, len(changes) - 1))]
    if source == "last_fortnight":
        # Sampled, not an integer between bounds, which Hypothesis draws mostly at the bounds:
        # each day of the fortnight alike, so each status against today occurs.
        return max(earliest, today - timedelta(days=draw(_DAYS_AGO)))
    return _day_between(draw, earliest, today)


def _dates(
    draw: st.DrawFn,
    earliest: date,
    today: date,
    known_only: bool,
    looked_after: bool,
    event_on: date | None = None,
) -> tuple[date | None, date | None, date | None, date, int]:
    """(date of birth, event date, awareness), valid together, None where unknown; and the event
    date and the age on it drawn, even when left unknown. `event_on`: the event date, when it is
    a group's."""
    if event_on is None:
        aware = _aware_on(draw, earliest, today)
        happened = _day_between(draw, _years_before(aware, 10), aware)
    else:
        happened = event_on
        aware = _aware_on(draw, max(earliest, event_on), today)
    # Half the time the age on the event date sits next to the 18th birthday.
    near_adult = _years_before(happened, _ADULT)
    if draw(_COIN):
        born = near_adult + timedelta(days=draw(_NEXT_TO))
    else:
        born = _day_between(draw, _years_before(happened, _OLDEST), happened)
    if looked_after and age_on(born, happened) >= _ADULT:
        born = near_adult + timedelta(days=1)  # a looked-after child is under 18
    age = age_on(born, happened)
    if known_only:
        return born, happened, aware, happened, age
    keep_born, keep_happened, keep_aware = draw(_COIN), draw(_COIN), draw(_COIN)
    # Without awareness the event date (else today) chooses the rules; it must be one covered.
    if not keep_aware and keep_happened and happened < earliest:
        keep_aware = True
    return (
        born if keep_born else None,
        happened if keep_happened else None,
        aware if keep_aware else None,
        happened,
        age,
    )


def _arguments_checked(notifying_authority: str | None, today: date | None, earliest: date) -> date:
    """The latest date to draw (`earliest` is the earliest), once the arguments are known to
    allow a valid incident: a bad one is Hypothesis's InvalidArgument saying which, not a
    ValidationError of every example."""
    if notifying_authority is not None and not _GSS.fullmatch(notifying_authority):
        raise InvalidArgument(f"notifying_authority must match {GSS_PATTERN}")
    latest = england_today()
    if today is not None:
        try:
            plain_date(today, "today")
        except TypeError as error:
            raise InvalidArgument(str(error)) from None
        if today > latest:
            raise InvalidArgument(
                "today must not be after today's date in England: incidents "
                "are never dated in the future"
            )
        latest = today
    if latest < earliest:
        raise InvalidArgument(
            f"today must be on or after aware_from and {_covered_from()}, when the rules begin"
        )
    return latest


@st.composite
def incident_mappings(
    draw: st.DrawFn,
    *,
    known_only: bool = False,
    notifying_authority: str | None = None,
    today: date | None = None,
    aware_from: date | None = None,
) -> dict[str, Any]:
    """A valid incident as a JSON-ready mapping.

    `known_only`: every fact recorded (nothing unknown; an unborn child has no date of birth).
    `notifying_authority`: fix the authority asking (default: any). `today`: the latest date
    drawn (default: today in England); pass the same date to `decide(..., today=...)` for
    statuses that do not depend on the day the test runs. `aware_from`: the earliest awareness
    date (default: the first day the shipped rules cover, 26 March 2015).

    Awareness dates are drawn from the whole range, from the fortnight before `today` and from
    the days around each change of the shipped rules; half the incidents record notifications
    already made (`notified_on`), so every status occurs.
    """
    earliest = max(_covered_from(), aware_from or date.min)
    today = _arguments_checked(notifying_authority, today, earliest)
    document, _ = _incident(draw, known_only, notifying_authority or draw(_CODES), today, earliest)
    return document


def _incident(
    draw: st.DrawFn,
    known_only: bool,
    here: str,
    today: date,
    earliest: date,
    event: tuple[date, dict[str, Any] | None] | None = None,
) -> tuple[dict[str, Any], date]:
    """A valid incident of authority `here` as a JSON-ready mapping, and its event date (drawn
    even when left unknown). `event`: a group's event date and place, which this child shares
    where they are recorded."""
    statuses = _ANSWERS[known_only]
    # An unborn child (one in ten) has no date of birth and is neither looked after nor a
    # care leaver.
    unborn = draw(_ONE_IN_TEN) == 0
    looked_after = "no" if unborn else draw(statuses)
    born, happened, aware, event_on, age = _dates(
        draw, earliest, today, known_only, looked_after == "yes", event and event[0]
    )
    child: dict[str, Any] = {
        "date_of_birth": None if unborn else born and born.isoformat(),
        "normally_resident": _place(draw, here, known_only),
        "looked_after": looked_after,
    }
    # Half the children born with no date of birth recorded have their age known roughly: a
    # range around the age drawn (a looked-after child's starts under 18, as the age does).
    if born is None and not unborn and draw(_COIN):
        child["age_on_event_date"] = {
            "at_least": max(0, age - draw(_SPREAD)),
            "at_most": min(_OLDEST_RECORDED, age + draw(_SPREAD)),
        }
    if looked_after == "yes":
        child["looked_after_by"] = _code_or(draw, here)
    child["care_leaver"] = "no" if unborn else draw(statuses)
    if child["care_leaver"] == "yes":
        child["care_leaver_of"] = _code_or(draw, here)
    child["known_to_childrens_social_care"] = draw(statuses)
    child["unborn"] = unborn
    kind = draw(_KINDS[known_only])
    abuse_or_neglect = draw(_ABUSE[known_only])
    document = {
        "case_reference": draw(_CASE_REFERENCES),
        "notifying_authority": here,
        "child": child,
        "event": {
            "kind": kind,
            "date": happened and happened.isoformat(),
            "location": _place(draw, here, known_only)
            if event is None
            else _shared(draw, event[1], known_only),
            "regulated_setting": draw(statuses),
            # Only a death has a manner of death.
            "manner_of_death": draw(_MANNERS[known_only]) if kind == "death" else "unknown",
        },
        "abuse_or_neglect": abuse_or_neglect,
        "became_aware_on": aware and aware.isoformat(),
    }
    # One in four incidents with abuse or neglect known or suspected came to know or suspect it
    # after becoming aware of the death or harm (a post-mortem finding, say).
    if abuse_or_neglect in ("known", "suspected") and aware and draw(_ONE_IN_FOUR) == 0:
        document["abuse_or_neglect_suspected_on"] = _day_between(draw, aware, today).isoformat()
    # Half of them record notifications already made, from the awareness (else the event) on.
    start = aware or happened
    if start is not None and draw(_COIN):
        document["notified_on"] = _notifications(draw, start, today, here)
    return document, event_on


def _shared(draw: st.DrawFn, place: dict[str, Any] | None, known_only: bool) -> Any:
    """A group's event place as one child's incident records it: the place, or (unless
    `known_only`) sometimes not recorded."""
    return place if known_only or draw(_COIN) else None


def _notifications(draw: st.DrawFn, start: date, today: date, here: str) -> dict[str, str]:
    """`notified_on`: one to three notifications made from `start` to `today`, half of them
    within a fortnight of `start` (so on time, on the due date and late all occur), keyed by
    recipient or by another area's safeguarding partners."""
    made: dict[str, str] = {}
    for _ in range(draw(_NOTIFIED_COUNT)):
        key = draw(_RECIPIENTS)
        if key == "another_area_partners":
            code = draw(_CODES)
            if code == here:
                continue  # this area's own partners are recorded as safeguarding_partners
            key = f"safeguarding_partners:{code}"
        if draw(_COIN):
            day = min(start + timedelta(days=draw(_WITHIN_A_FORTNIGHT)), today)
        else:
            day = _day_between(draw, start, today)
        made[key] = day.isoformat()
    return made


def incidents(
    *,
    known_only: bool = False,
    notifying_authority: str | None = None,
    today: date | None = None,
    aware_from: date | None = None,
) -> st.SearchStrategy[Incident]:
    """Valid `Incident`s (see `incident_mappings` for the options)."""
    return incident_mappings(
        known_only=known_only,
        notifying_authority=notifying_authority,
        today=today,
        aware_from=aware_from,
    ).map(Incident.model_validate)


@st.composite
def incident_group_mappings(
    draw: st.DrawFn,
    *,
    known_only: bool = False,
    notifying_authority: str | None = None,
    today: date | None = None,
    max_children: int = 4,
) -> dict[str, Any]:
    """A valid incident group as a JSON-ready mapping, for `plan_notifications`: one to
    `max_children` incidents, one per child, of one event (their recorded event dates and places
    agree), notified by one authority; children often in sibling groups; one group in five a
    large-scale exploitation operation (dates and places may differ; a main child sometimes
    marked). Options as for `incident_mappings`."""
    if not 1 <= max_children <= MAX_CHILDREN:
        raise InvalidArgument(f"max_children must be from 1 to {MAX_CHILDREN}")
    earliest = _covered_from()
    today = _arguments_checked(notifying_authority, today, earliest)
    here = notifying_authority or draw(_CODES)
    operation = draw(_ONE_IN_FIVE) == 0
    first, event_on = _incident(draw, known_only, here, today, earliest)
    # The group's place: the first child's, else one drawn for the others to record.
    place = first["event"]["location"] or _place(draw, here, True)
    shared = None if operation else (event_on, place)
    children = [first]
    for _ in range(draw(st.integers(1, max_children)) - 1):
        children.append(_incident(draw, known_only, here, today, earliest, shared)[0])
    for index, child in enumerate(children):
        if child["case_reference"] is not None:
            child["case_reference"] += f"-{index}"  # each child's own
        child["child"]["sibling_group"] = draw(_SIBLING_GROUPS)
    group: dict[str, Any] = {
        "notifying_authority": here,
        "incidents": children,
        "large_scale_child_sexual_exploitation_operation": operation,
    }
    if operation and draw(_COIN):
        group["main_child"] = draw(st.integers(0, len(children) - 1))
    return group


def incident_groups(
    *,
    known_only: bool = False,
    notifying_authority: str | None = None,
    today: date | None = None,
    max_children: int = 4,
) -> st.SearchStrategy[IncidentGroup]:
    """Valid `IncidentGroup`s (see `incident_group_mappings` for the options)."""
    return incident_group_mappings(
        known_only=known_only,
        notifying_authority=notifying_authority,
        today=today,
        max_children=max_children,
    ).map(IncidentGroup.model_validate)


@st.composite
def notifiable_incidents(
    draw: st.DrawFn, *, notifying_authority: str | None = None, today: date | None = None
) -> Incident:
    """Incidents the notifying authority must (or should) notify to the Panel.

    Drawn from the law, not from the engine: the authority became aware on or after s16C came
    into force (29 June 2018), and a child (born, under 18) died or was seriously harmed with
    abuse or neglect known or suspected, in this authority's area (s16C(1)(a)) or outside England
    while normally resident here (s16C(1)(b)); or a child looked after by this authority died
    (guidance: notify through the Panel's service). Other facts vary freely.
    """
    document = draw(
        incident_mappings(
            known_only=True,
            notifying_authority=notifying_authority,
            today=today,
            aware_from=_S16C_COMMENCED,
        )
    )
    here = document["notifying_authority"]
    child, event = document["child"], document["event"]
    happened = date.fromisoformat(event["date"])
    if child["unborn"]:  # s16C concerns a child, a person under 18: born
        child["unborn"] = False
        child["date_of_birth"] = _years_before(happened, 5).isoformat()
    born = date.fromisoformat(child["date_of_birth"])
    if age_on(born, happened) >= _ADULT:
        child["date_of_birth"] = draw(
            st.dates(_years_before(happened, _ADULT) + timedelta(1), happened)
        ).isoformat()
    limb = draw(st.sampled_from(["in_area", "outside_england", "looked_after_death"]))
    if limb == "looked_after_death":
        child["looked_after"], child["looked_after_by"] = "yes", here
        if event["kind"] != "death":
            event["kind"], event["manner_of_death"] = "death", "other"
    else:
        document["abuse_or_neglect"] = draw(st.sampled_from(["known", "suspected"]))
        event["kind"] = draw(st.sampled_from(["death", "serious_harm"]))
        if event["kind"] != "death":
            event["manner_of_death"] = "unknown"
        elif event["manner_of_death"] == "unknown":
            event["manner_of_death"] = "other"
        if limb == "in_area":
            event["location"] = {"country": "england", "local_authority": here}
        else:
            event["location"] = {"country": draw(st.sampled_from(_OUTSIDE))}
            child["normally_resident"] = {"country": "england", "local_authority": here}
    return Incident.model_validate(document)
