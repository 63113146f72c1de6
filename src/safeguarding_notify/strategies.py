"""Hypothesis strategies for valid incidents, so integrators can property-test their use of us.

Needs the optional extra: ``pip install "safeguarding-notify[strategies]"``.

Every strategy draws *valid* input only: real dates, none in the future (in England), born on or
before the event, the event on or before awareness, a looked-after child under 18 on the event
date, `looked_after_by` exactly when `looked_after` is "yes", and an awareness date (or, when it
is unknown, an event date) on or after the first day the shipped rules cover, so that `decide`
answers rather than refusing.

* `incident_mappings(...)`: JSON-ready dicts, as a case-management system would send them
  (dates as ``YYYY-MM-DD`` strings); pass one to `decide` or `Incident.model_validate`.
* `incidents(...)`: the same, validated into `Incident` objects.
* `notifiable_incidents(...)`: `Incident`s the law says must (or, for a looked-after child's
  death, should) be notified to the Panel: `decide(...).notify_panel == "required"`.
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
from typing import Any

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
from .incident import _GSS, GSS_PATTERN, Incident, england_today

__all__ = [
    "authority_codes",
    "incident_mappings",
    "incidents",
    "notifiable_incidents",
    "places",
]

_PREFIXES = ("E06", "E08", "E09", "E10")
_OUTSIDE = ("wales", "scotland", "northern_ireland", "outside_uk")
_ADULT = 18
_OLDEST = 40  # ages drawn run from birth to this, so adults appear as well as children
_S16C_COMMENCED = date(2018, 6, 29)  # Children Act 2004 s16C in force (SI 2018/497 reg 3(c))


@lru_cache(maxsize=1)
def _covered_from() -> date:
    """The first day the shipped rules decide on (loaded once)."""
    return load_rules().covered_from


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
    english = authority_codes() if here is None else st.one_of(st.just(here), authority_codes())
    options: list[st.SearchStrategy[Any]] = [
        st.builds(lambda code: {"country": "england", "local_authority": code}, english),
        st.sampled_from(_OUTSIDE).map(lambda country: {"country": country}),
    ]
    if not known_only:
        options += [st.just({"country": "england", "local_authority": None}), st.none()]
    return st.one_of(options)


@st.composite
def _dates(
    draw: st.DrawFn, earliest: date, today: date, known_only: bool, looked_after: bool
) -> tuple[date | None, date | None, date | None]:
    """(date of birth, event date, awareness), valid together; None where unknown."""
    aware = draw(st.dates(earliest, today))
    happened = draw(st.dates(_years_before(aware, 10), aware))
    # Half the time the age on the event date sits next to the 18th birthday.
    near_adult = _years_before(happened, _ADULT)
    born = draw(
        st.one_of(
            st.dates(_years_before(happened, _OLDEST), happened),
            st.sampled_from(
                [near_adult - timedelta(days=1), near_adult, near_adult + timedelta(1)]
            ),
        )
    )
    if looked_after and age_on(born, happened) >= _ADULT:
        born = near_adult + timedelta(days=1)  # a looked-after child is under 18
    if known_only:
        return born, happened, aware
    keep_born, keep_happened, keep_aware = draw(
        st.tuples(st.booleans(), st.booleans(), st.booleans())
    )
    # Without awareness the event date (else today) chooses the rules; it must be one covered.
    if not keep_aware and keep_happened and happened < earliest:
        keep_aware = True
    return (
        born if keep_born else None,
        happened if keep_happened else None,
        aware if keep_aware else None,
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
    drawn (default: today in England). `aware_from`: the earliest awareness date (default: the
    first day the shipped rules cover, 26 March 2015).
    """
    earliest = max(_covered_from(), aware_from or date.min)
    today = _arguments_checked(notifying_authority, today, earliest)
    here = notifying_authority or draw(authority_codes())
    statuses = ["yes", "no"] if known_only else ["yes", "no", "unknown"]
    # An unborn child (one in ten) has no date of birth and is neither looked after nor a
    # care leaver.
    unborn = draw(st.integers(0, 9)) == 0
    looked_after = "no" if unborn else draw(st.sampled_from(statuses))
    born, happened, aware = draw(_dates(earliest, today, known_only, looked_after == "yes"))
    child: dict[str, Any] = {
        "date_of_birth": None if unborn else born and born.isoformat(),
        "normally_resident": draw(places(here, known_only=known_only)),
        "looked_after": looked_after,
    }
    if looked_after == "yes":
        child["looked_after_by"] = draw(st.one_of(st.just(here), authority_codes()))
    child["care_leaver"] = "no" if unborn else draw(st.sampled_from(statuses))
    if child["care_leaver"] == "yes":
        child["care_leaver_of"] = draw(st.one_of(st.just(here), authority_codes()))
    child["known_to_childrens_social_care"] = draw(st.sampled_from(statuses))
    child["unborn"] = unborn
    kinds: list[str | None] = ["death", "serious_harm", "other"]
    abuse = ["known", "suspected", "not_suspected"]
    kind = draw(st.sampled_from(kinds if known_only else [*kinds, None]))
    manners = ["suspected_suicide", "unexplained", "other"]
    abuse_or_neglect = draw(st.sampled_from(abuse if known_only else [*abuse, "unknown"]))
    document = {
        "case_reference": draw(
            st.one_of(st.none(), st.integers(1, 999_999).map(lambda number: f"C-{number}"))
        ),
        "notifying_authority": here,
        "child": child,
        "event": {
            "kind": kind,
            "date": happened and happened.isoformat(),
            "location": draw(places(here, known_only=known_only)),
            "regulated_setting": draw(st.sampled_from(statuses)),
            # Only a death has a manner of death.
            "manner_of_death": draw(
                st.sampled_from(manners if known_only else [*manners, "unknown"])
            )
            if kind == "death"
            else "unknown",
        },
        "abuse_or_neglect": abuse_or_neglect,
        "became_aware_on": aware and aware.isoformat(),
    }
    # One in four incidents with abuse or neglect known or suspected came to know or suspect it
    # after becoming aware of the death or harm (a post-mortem finding, say).
    if abuse_or_neglect in ("known", "suspected") and aware and draw(st.integers(0, 3)) == 0:
        document["abuse_or_neglect_suspected_on"] = draw(st.dates(aware, today)).isoformat()
    return document


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
