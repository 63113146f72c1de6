"""An independent, deliberately naive reading of the law, to check the engine against.

Written from the statute and guidance as summarised in /work/shared/reference/law.md (kept in
docs/law.md), NOT from rules/, and using nothing of the package's own logic (`_conditions`,
`_facts`, `_calendar`): its own three-valued (Kleene) logic, its own age and working-day counts.
Unknown is `None`. The provisions, in the order law.md gives them:

* Children Act 2004 s16C(1)(a): abuse or neglect known or suspected, and a child (under 18, s65(1))
  dies or is seriously harmed in the authority's area: the authority must notify the Panel.
* s16C(1)(b): the same, the child normally resident in the authority's area, the event outside
  England: must notify the Panel.
* s16C falls on the authority where the event happened: an event in another English authority's
  area is that authority's to notify (Panel FAQ); we name it as responsible.
* Children Act 1989 Sch 2 para 20(1)(a): a child looked after by the authority dies, whatever the
  cause: must notify the Secretary of State and Ofsted. gov.uk guidance: such a death should also
  go to the Panel through the same service.
* Working Together: when the Panel is notified under s16C, the safeguarding partners of the area
  should be told. Five working days from becoming aware for everything (Monday to Friday, England's
  bank holidays skipped, the day of awareness not counted).
* s16C commenced on 29 June 2018; an earlier event learned of later is decided under s16C and
  flagged for legal review.

Missing facts are found by brute force: every unknown input is replaced by each of a few concrete
values, impossible worlds are dropped, and an input is missing when two worlds that differ only in
it get different answers (whether the Panel is to be notified, and who is owed a notification).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import product
from typing import Any

import holidays

COMMENCEMENT = date(2018, 6, 29)
ADULT_AGE = 18
WORKING_DAYS_TO_NOTIFY = 5
SOMEWHERE_ELSE = "E06000047"  # an English authority no input uses: "another area" in worlds

_BANK_HOLIDAYS = holidays.country_holidays("GB", subdiv="ENG")

Tri = bool | None


# -- Kleene's strong three-valued logic -----------------------------------------------------------


def both(*values: Tri) -> Tri:
    if any(value is False for value in values):
        return False
    return True if all(value is True for value in values) else None


def either(*values: Tri) -> Tri:
    if any(value is True for value in values):
        return True
    return False if all(value is False for value in values) else None


# -- reading an incident --------------------------------------------------------------------------

Place = tuple[str, str | None] | None  # (country, authority code or None), or None if unknown


@dataclass(frozen=True)
class Case:
    """What the oracle reads of an incident: plain values, None where unknown."""

    here: str
    abuse: str
    kind: str | None
    event_place: Place
    residence: Place
    looked_after: str
    looked_after_by: str | None
    born: date | None
    happened: date | None
    aware: date | None


def _place(place: Any) -> Place:
    if place is None:
        return None
    return (place.country, getattr(place, "local_authority", None))


def read(incident: Any) -> Case:
    """The oracle's view of a validated `Incident`."""
    return Case(
        here=incident.notifying_authority,
        abuse=incident.abuse_or_neglect,
        kind=incident.event.kind,
        event_place=_place(incident.event.location),
        residence=_place(incident.child.normally_resident),
        looked_after=incident.child.looked_after,
        looked_after_by=incident.child.looked_after_by,
        born=incident.child.date_of_birth,
        happened=incident.event.date,
        aware=incident.became_aware_on,
    )


def years_old(born: date, on: date) -> int:
    """Whole years lived on a date, counted the plain way."""
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years


def is_child(case: Case, today: date) -> Tri:
    """Under 18 on the day of the event (CA 2004 s65(1)); a looked-after child is a child."""
    if case.looked_after == "yes":
        return True
    if case.born is None:
        return None
    if case.happened is not None:
        return years_old(case.born, case.happened) < ADULT_AGE
    # The event lies between birth (age 0, a child) and the day the authority learned of it.
    oldest = years_old(case.born, case.aware or today)
    return True if oldest < ADULT_AGE else None


def in_our_area(place: Place, here: str) -> Tri:
    if place is None:
        return None
    country, authority = place
    if country != "england":
        return False
    return None if authority is None else authority == here


def outside_england(place: Place) -> Tri:
    return None if place is None else place[0] != "england"


def abuse_known_or_suspected(case: Case) -> Tri:
    return {"known": True, "suspected": True, "not_suspected": False, "unknown": None}[case.abuse]


def died(case: Case) -> Tri:
    return None if case.kind is None else case.kind == "death"


def seriously_harmed(case: Case) -> Tri:
    return None if case.kind is None else case.kind == "serious_harm"


def looked_after_by_us(case: Case) -> Tri:
    if case.looked_after == "unknown":
        return None
    return case.looked_after == "yes" and case.looked_after_by == case.here


def s16c_engaged(case: Case, today: date) -> Tri:
    """The parts of s16C(1) common to both limbs: suspicion, a child, death or serious harm."""
    return both(
        abuse_known_or_suspected(case),
        is_child(case, today),
        either(died(case), seriously_harmed(case)),
    )


def s16c_1a(case: Case, today: date) -> Tri:
    return both(s16c_engaged(case, today), in_our_area(case.event_place, case.here))


def s16c_1b(case: Case, today: date) -> Tri:
    return both(
        s16c_engaged(case, today),
        outside_england(case.event_place),
        in_our_area(case.residence, case.here),
    )


def looked_after_child_died(case: Case, today: date) -> Tri:
    """Sch 2 para 20: the death of a *child* looked after by this authority.

    A person known to be 18 or over on the day is not a looked-after child, whatever is recorded
    (or not) about being looked after.
    """
    return both(died(case), looked_after_by_us(case), is_child(case, today))


def before_commencement(case: Case, today: date) -> Tri:
    if case.happened is not None:
        return case.happened < COMMENCEMENT
    earliest = case.born or date.min
    latest = case.aware or today
    if latest < COMMENCEMENT:
        return True
    return False if earliest >= COMMENCEMENT else None


def five_working_days_after(day: date) -> date:
    counted = 0
    while counted < WORKING_DAYS_TO_NOTIFY:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in _BANK_HOLIDAYS:
            counted += 1
    return day


# -- the answer -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    notify_panel: str
    owed: frozenset[tuple[str, str, date | None, str | None]]  # recipient, strength, due, area
    responsible_authority: str | None
    flagged: bool
    missing_facts: tuple[str, ...]

    @property
    def recipients(self) -> frozenset[str]:
        return frozenset(recipient for recipient, *_ in self.owed)


def _panel(case: Case, today: date) -> Tri:
    statute = either(s16c_1a(case, today), s16c_1b(case, today))
    return either(statute, looked_after_child_died(case, today))


def _owed(case: Case, today: date) -> frozenset[tuple[str, str, date | None, str | None]]:
    due = five_working_days_after(case.aware) if case.aware else None
    statute = either(s16c_1a(case, today), s16c_1b(case, today)) is True
    lac_death = looked_after_child_died(case, today) is True
    owed: set[tuple[str, str, date | None, str | None]] = set()
    if statute:
        owed.add(("panel", "must", due, None))
        owed.add(("safeguarding_partners", "should", due, case.here))
    elif lac_death:
        owed.add(("panel", "should", due, None))
    if lac_death:
        owed.add(("secretary_of_state", "must", due, None))
        owed.add(("ofsted", "must", due, None))
    return frozenset(owed)


def _responsible(case: Case, today: date) -> str | None:
    if case.event_place is None:
        return None
    country, authority = case.event_place
    if country != "england" or authority is None or authority == case.here:
        return None
    return authority if s16c_engaged(case, today) is not False else None


def covers(incident: Any, today: date) -> bool:
    """Whether the law read here applies: the date that selects the rules (awareness, else the
    event date, else today) is on or after s16C's commencement. Earlier dates are refused, as
    nothing before s16C is read here."""
    return (incident.became_aware_on or incident.event.date or today) >= COMMENCEMENT


def answer(incident: Any, today: date) -> Answer:
    """The oracle's whole answer for one validated incident."""
    case = read(incident)
    panel = _panel(case, today)
    return Answer(
        notify_panel={True: "required", False: "not_required", None: "undetermined"}[panel],
        owed=_owed(case, today),
        responsible_authority=_responsible(case, today),
        flagged=before_commencement(case, today) is True,
        missing_facts=missing_facts(case, today),
    )


# -- missing facts, by brute force over concrete worlds -------------------------------------------

# Input paths in the order questions are asked when two are equally decisive.
PATHS = (
    "abuse_or_neglect",
    "event.kind",
    "event.location",
    "child.normally_resident",
    "child.looked_after",
    "child.date_of_birth",
    "event.date",
)


def _places(place: Place, here: str) -> list[Place]:
    if place is None:
        return [("england", here), ("england", SOMEWHERE_ELSE), ("wales", None)]
    if place[0] == "england" and place[1] is None:
        return [("england", here), ("england", SOMEWHERE_ELSE)]
    return [place]


def _years_earlier(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _options(case: Case, today: date) -> dict[str, list[Any]]:
    """For each input path, the concrete values a world may give it (one if already known)."""
    latest = case.aware or today
    anchor = case.happened or latest
    if case.happened is None:
        earliest = case.born or _years_earlier(latest, 40)
        days = {earliest, latest, COMMENCEMENT - timedelta(days=1), COMMENCEMENT}
        happened = sorted(day for day in days if earliest <= day <= latest)
    else:
        happened = [case.happened]
    looked_after = (
        [("yes", case.here), ("yes", SOMEWHERE_ELSE), ("no", None)]
        if case.looked_after == "unknown"
        else [(case.looked_after, case.looked_after_by)]
    )
    return {
        "abuse_or_neglect": ["suspected", "not_suspected"]
        if case.abuse == "unknown"
        else [case.abuse],
        "event.kind": ["death", "serious_harm", "other"] if case.kind is None else [case.kind],
        "event.location": _places(case.event_place, case.here),
        "child.normally_resident": _places(case.residence, case.here),
        "child.looked_after": looked_after,
        "child.date_of_birth": [anchor, _years_earlier(anchor, 40)]
        if case.born is None
        else [case.born],
        "event.date": happened,
    }


def _world(case: Case, values: dict[str, Any]) -> Case | None:
    status, by = values["child.looked_after"]
    world = replace(
        case,
        abuse=values["abuse_or_neglect"],
        kind=values["event.kind"],
        event_place=values["event.location"],
        residence=values["child.normally_resident"],
        looked_after=status,
        looked_after_by=by,
        born=values["child.date_of_birth"],
        happened=values["event.date"],
    )
    if world.born > world.happened:  # type: ignore[operator]
        return None
    if status == "yes" and years_old(world.born, world.happened) >= ADULT_AGE:  # type: ignore[arg-type]
        return None  # a looked-after person is a child: no such world
    return world


def worlds(case: Case, today: date) -> Iterator[tuple[dict[str, Any], Case]]:
    """Every possible concrete world, with the value it gives each input path."""
    options = _options(case, today)
    for chosen in product(*options.values()):
        values = dict(zip(options, chosen, strict=True))
        world = _world(case, values)
        if world is not None:
            yield values, world


def _signature(world: Case, today: date) -> tuple[Tri, frozenset[str]]:
    return _panel(world, today), frozenset(recipient for recipient, *_ in _owed(world, today))


def missing_facts(case: Case, today: date) -> tuple[str, ...]:
    """Unknown inputs that can change the answer, most decisive first (then in PATHS order)."""
    options = _options(case, today)
    unknown = [path for path in PATHS if len(options[path]) > 1]
    found = [(values, _signature(world, today)) for values, world in worlds(case, today)]
    scored: list[tuple[float, int, str]] = []
    for path in unknown:
        groups: dict[tuple[Any, ...], set[Any]] = {}
        for values, signature in found:
            rest = tuple(values[other] for other in unknown if other != path)
            groups.setdefault(rest, set()).add(signature)
        varying = sum(1 for group in groups.values() if len(group) > 1)
        if varying:
            scored.append((-varying / len(groups), PATHS.index(path), path))
    paths = [path for *_, path in sorted(scored)]
    if case.aware is None and any(owed for _, (_, owed) in found):
        paths.append("became_aware_on")  # every due date counts from it
    return tuple(paths)
