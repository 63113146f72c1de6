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
  bank holidays skipped, the day of awareness not counted), except that what arises only because
  abuse or neglect is known or suspected (s16C and what follows it, Working Together 2015's
  abuse-or-neglect incidents) arises when the authority knows or suspects: where that came after
  it became aware of the death or harm, its five working days (and the 2018-2019 rapid review's
  fifteen) count from then.
* s16C commenced on 29 June 2018; an earlier event learned of later is decided under s16C and
  flagged for legal review. The date of becoming aware chooses the law (law.md §1); for what arises
  only once abuse or neglect is known or suspected (s16C and what follows it, Working Together
  2015's abuse-or-neglect incidents, the advice to consider notifying for an unborn child), the
  date it came to be known or suspected where that was later, while what arises from the death
  or harm itself (a looked-after child's death, a care leaver's, a death in a regulated setting)
  keeps the law of the day of becoming aware.
* s16C and the guidance read here concern a "child", a person under 18: an unborn child is not
  one (doubtful, law.md §8), so no child duty is read for an unborn child and the decision is
  flagged for legal review; from 15 December 2023 the guidance's "consider notifying" is advised.
* Sch 2 para 20(1)(b): a looked-after child's death: must notify the parents and every person
  with parental responsibility, no time limit.
* Working Together (law.md §2): the partners "in other areas if appropriate": those of the area
  where the child normally lives and of the authority looking after the child, when another
  English area, whenever the Panel is notified under s16C.
* Working Together 2015 (awareness from 26 March 2015 to 28 June 2018, law.md §6): no Panel duty;
  a notifiable incident should go to Ofsted and the Local Safeguarding Children Board within
  five working days: a child's death or serious harm with abuse or neglect known or suspected, a
  looked-after child's death, the death of a child in a regulated setting or service. The
  guidance's geography was not read: the project's reading (rule review notes) is that the
  authority of the area where it happened reports it (a regulated setting: the area where it
  is), for an event outside England the authority where the child normally lives, for a
  looked-after child's death the authority looking after the child; a notifiable incident in
  another English area (abuse or neglect known or suspected, or a death in a regulated setting
  or service there) names that area as responsible. That reading is encoded here independently,
  from those words, not from the rule files' conditions.
* Care leavers (law.md §7, from 15 December 2023): the death of this authority's care leaver aged
  16 to 24 (the project's lower bound, from the leaving-care definitions): should notify the
  Secretary of State and Ofsted, five working days. A must and a should to one recipient are one
  notification, the must; two of one strength are one, the one due first.
* Advice (law.md §8): a death by suspected suicide or unexplained death of a child known to
  children's social care, abuse or neglect not suspected: consider treating it as serious (from
  29 June 2018); harm to an unborn child with abuse or neglect known or suspected: consider
  notifying (from 15 December 2023); both for the authority that would notify under s16C.

Missing facts are found by brute force: every unknown input is replaced by each of a few concrete
values, impossible worlds are dropped, and an input is missing when two worlds that differ only in
it get different answers (whether the Panel is to be notified, and the notifications owed: to whom,
how strongly, by when).

Shared with the library by design, not read from the law (a fault in them would be shared too):
the order in which missing facts are ranked (the count of worlds in which a fact changes the
answer, ties broken by the inputs' order), and, with the awareness date unknown, keeping only
what every rule period from the event to today agrees on. These are the product's choices, which
the oracle restates in its own terms; it reads the incident after the library's validation, so
validation is tested elsewhere (tests/test_refusals.py, tests/test_hostile_input.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from itertools import product
from operator import itemgetter
from typing import Any

import holidays

COMMENCEMENT = date(2018, 6, 29)
WT2015_PUBLISHED = date(2015, 3, 26)
CARE_LEAVERS_FROM = date(2023, 12, 15)
ADULT_AGE = 18
CARE_LEAVER_AGES = range(16, 25)  # "up to and including the age of 24"; from 16
WORKING_DAYS_TO_NOTIFY = 5
RAPID_REVIEW_WORKING_DAYS = 15
RAPID_REVIEW_ANCHOR_CHANGED = date(2020, 1, 1)

_BANK_HOLIDAYS = holidays.country_holidays("GB", subdiv="ENG")

Tri = bool | None


# -- Kleene's strong three-valued logic -----------------------------------------------------------


def both(*values: Tri) -> Tri:
    # Membership, not any()/all() over a generator: the same reading, several times faster,
    # and the brute force below calls these millions of times. Values are only True/False/None.
    if False in values:
        return False
    return None if None in values else True


def either(*values: Tri) -> Tri:
    if True in values:
        return True
    return None if None in values else False


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
    suspected: date | None = None  # abuse_or_neglect_suspected_on: later than `aware`
    # child.age_on_event_date, recorded only without a date of birth: the youngest and the
    # oldest the person can have been on the day of the event, in whole years.
    ages: tuple[int, int] | None = None
    regulated: str = "unknown"
    care_leaver: str = "unknown"
    care_leaver_of: str | None = None
    social_care: str = "unknown"
    manner: str = "unknown"
    unborn: bool = False
    panel_sent: date | None = None  # notified_on.panel
    first_notified: date | None = None  # the earliest date in notified_on
    # Neither date recorded, and the law weighed one in force before that latest day: its last
    # day, by which the authority was aware (and the event over) if that law is the one.
    aware_under_law_by: date | None = None

    def aware_by(self, today: date) -> date:
        """The latest day the authority can have become aware: its awareness date, else today or
        the first notification made if earlier (one cannot notify before becoming aware), or the
        last day of the law weighed."""
        if self.aware:
            return self.aware
        bounds = (self.first_notified, self.aware_under_law_by)
        return min([today, *(day for day in bounds if day)])


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
        suspected=incident.abuse_or_neglect_suspected_on,
        ages=None
        if incident.child.age_on_event_date is None
        else (incident.child.age_on_event_date.at_least, incident.child.age_on_event_date.at_most),
        regulated=incident.event.regulated_setting,
        care_leaver=incident.child.care_leaver,
        care_leaver_of=incident.child.care_leaver_of,
        social_care=incident.child.known_to_childrens_social_care,
        manner=incident.event.manner_of_death,
        unborn=incident.child.unborn,
        panel_sent=incident.notified_on.get("panel"),
        first_notified=min(incident.notified_on.values(), default=None),
    )


def years_old(born: date, on: date) -> int:
    """Whole years lived on a date, counted the plain way."""
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years


def is_child(case: Case, today: date) -> Tri:
    """Under 18 on the day of the event (CA 2004 s65(1)), born; a looked-after child is a child."""
    if case.unborn:
        return False
    if case.looked_after == "yes":
        return True
    if case.born is None:
        return _within(case.ages, range(0, ADULT_AGE))
    if case.happened is not None:
        return years_old(case.born, case.happened) < ADULT_AGE
    # The event lies between birth (age 0, a child) and the day the authority learned of it.
    oldest = years_old(case.born, case.aware_by(today))
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


def aged(case: Case, ages: range, today: date) -> Tri:
    """Whether the age on the day of the event is in `ages`, when that can be told."""
    if case.unborn:
        return False
    if case.born is None:
        if case.looked_after == "yes" and case.ages is not None:
            # A looked-after person is a child: of the ages recorded, only those under 18.
            return _within((case.ages[0], min(case.ages[1], ADULT_AGE - 1)), ages)
        return _within(case.ages, ages)
    if case.happened is not None:
        return years_old(case.born, case.happened) in ages
    possible = range(0, years_old(case.born, case.aware_by(today)) + 1)
    inside = [age in ages for age in possible]
    return True if all(inside) else (False if not any(inside) else None)


def _within(recorded: tuple[int, int] | None, ages: range) -> Tri:
    """Whether every age from the youngest to the oldest recorded is in `ages` (True), none is
    (False), or some are (None); None with no ages recorded."""
    if recorded is None:
        return None
    inside = [age in ages for age in range(recorded[0], recorded[1] + 1)]
    return True if all(inside) else (False if not any(inside) else None)


def our_care_leaver(case: Case) -> Tri:
    if case.unborn or case.care_leaver == "no":
        return False
    if case.care_leaver == "unknown":
        return None
    return case.care_leaver_of == case.here


def yes(answer: str) -> Tri:
    return None if answer == "unknown" else answer == "yes"


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
    latest = case.aware_by(today)
    if latest < COMMENCEMENT:
        return True
    return False if earliest >= COMMENCEMENT else None


@lru_cache(maxsize=4096)
def working_days_after(day: date, count: int) -> date:
    counted = 0
    while counted < count:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in _BANK_HOLIDAYS:
            counted += 1
    return day


def five_working_days_after(day: date) -> date:
    return working_days_after(day, WORKING_DAYS_TO_NOTIFY)


def rapid_review_due(case: Case, today: date, on: date) -> date | None:
    """When the partners' rapid review is expected (docs/law.md, rapid review): 15 working days
    from becoming aware under the 2018-2019 material (to 31 December 2019, the project's
    placing of an unknown change), else from the day the Panel notification was sent; until it
    is sent (by `today`), from the day it is due, or from `today` once that has passed (the
    earliest it can then be sent)."""
    knew = case.suspected or case.aware  # a rapid review follows only abuse or neglect
    # The notification it follows is the one made once abuse or neglect was known or suspected:
    # one made before (a looked-after child's death, notified at once) is another.
    sent = case.panel_sent
    if on < RAPID_REVIEW_ANCHOR_CHANGED:
        anchor = knew
    elif sent is not None and sent <= today and (knew is None or sent >= knew):
        anchor = sent
    else:
        anchor = max(five_working_days_after(knew), today) if knew else None
    return working_days_after(anchor, RAPID_REVIEW_WORKING_DAYS) if anchor else None


# -- the answer -----------------------------------------------------------------------------------

Owed = frozenset[tuple[str, str, date | None, str | None]]  # recipient, strength, due, area


@dataclass(frozen=True)
class Noted:
    """The deadlines earlier than one listed for the same recipient (and area), which a decision
    notes: `earlier`, each notification owed whatever the unknown facts but set aside for a
    stronger one due later (recipient, due date); `sooner`, for each notification listed, the
    earliest date a possible world owes it by that is earlier still and not owed in every world
    (recipient, area, due date)."""

    earlier: frozenset[tuple[str, date]] = frozenset()
    sooner: frozenset[tuple[str, str | None, date]] = frozenset()


@dataclass(frozen=True)
class Answer:
    notify_panel: str
    owed: Owed
    responsible_authority: str | None
    flagged: bool  # commencement read for legal review: either side of 29 June 2018
    unborn_flagged: bool  # a decision about an unborn child, for legal review
    advice: frozenset[str]
    rapid_review: bool
    missing_facts: tuple[str, ...]
    rapid_review_due: date | None = None  # when there is one and its date can be told
    advice_only_facts: tuple[str, ...] = ()  # of missing_facts, those changing only the advice
    noted: Noted = Noted()  # the deadlines a decision notes beside those it lists
    open: frozenset[tuple[str, str | None]] = frozenset()  # what the unknown facts leave open

    @property
    def recipients(self) -> frozenset[str]:
        return frozenset(recipient for recipient, *_ in self.owed)


def rules_date(incident: Any, today: date) -> date:
    """The date that chooses the law: knowing or suspecting abuse or neglect where that came
    after becoming aware, else becoming aware (law.md §1), else the event date, else the latest
    day the authority can have become aware (today, or the first notification made if earlier)."""
    return (  # type: ignore[no-any-return]
        incident.abuse_or_neglect_suspected_on
        or incident.became_aware_on
        or incident.event.date
        or latest_awareness(incident, today)
    )


def latest_awareness(incident: Any, today: date) -> date:
    """The latest day the authority can have become aware, its date not recorded: today, or the
    first notification made if earlier (one cannot notify before becoming aware)."""
    return min([today, *incident.notified_on.values()])


def _event_here_or_resident_abroad(case: Case) -> Tri:
    """Where s16C would put the duty on this authority: (a) the event in its area, or (b) the
    event outside England and the child normally resident in its area."""
    return either(
        in_our_area(case.event_place, case.here),
        both(outside_england(case.event_place), in_our_area(case.residence, case.here)),
    )


def _statute(case: Case, today: date, on: date) -> Tri:
    if on < COMMENCEMENT:
        return False
    return either(s16c_1a(case, today), s16c_1b(case, today))


@dataclass(frozen=True)
class Law:
    """The dates choosing the law (law.md §1): `aware` for what arises from the death or harm
    itself, `known` for what arises only once abuse or neglect is known or suspected (later than
    `aware` where it came to be suspected later)."""

    aware: date
    known: date
    until: date | None = None  # the last day it is in force, where that bounds the awareness


def _panel(case: Case, today: date, law: Law) -> Tri:
    # No Panel and no s16C before 29 June 2018.
    lac_death = looked_after_child_died(case, today) if law.aware >= COMMENCEMENT else False
    return either(_statute(case, today, law.known), lac_death)


def _wt2015_notifiable(case: Case, today: date) -> Tri:
    """Working Together 2015's notifiable incidents, on the project's reading of its geography."""
    return either(_wt2015_abuse_or_neglect(case, today), _wt2015_any_cause(case, today))


def _wt2015_abuse_or_neglect(case: Case, today: date) -> Tri:
    """A child's death or serious harm with abuse or neglect known or suspected, for this area."""
    harm = both(
        abuse_known_or_suspected(case),
        is_child(case, today),
        either(died(case), seriously_harmed(case)),
    )
    return both(harm, _event_here_or_resident_abroad(case))


def _wt2015_any_cause(case: Case, today: date) -> Tri:
    """A looked-after child's death, or a child's death in a regulated setting here."""
    return either(
        looked_after_child_died(case, today),
        both(
            died(case),
            is_child(case, today),
            yes(case.regulated),
            in_our_area(case.event_place, case.here),
        ),
    )


def _other_area(place: Place, here: str) -> str | None:
    if place is None or place[0] != "england" or place[1] in (None, here):
        return None
    return place[1]


Conclusion = tuple[str, str, str | None, date | None]  # recipient, strength, area, due


def _conclusions(case: Case, today: date, law: Law, want: Tri = True) -> tuple[Conclusion, ...]:
    """Every notification the law owes for the case, as each provision owes it: two to one
    recipient may be owed (a looked-after child's death reported from the awareness, and s16C's
    notification from a later suspicion), of which `_owed` lists one. With `want` None, those
    whose provision cannot yet be told to apply or not: what the unknown facts leave open."""
    due = five_working_days_after(case.aware) if case.aware else None
    # What arises only once abuse or neglect is known or suspected is due from then.
    knew = case.suspected or case.aware
    due_on_knowing = five_working_days_after(knew) if knew else None
    found: list[Conclusion] = []

    def owe(
        recipient: str, strength: str, area: str | None = None, when: date | None = due
    ) -> None:
        found.append((recipient, strength, area, when))

    lac_death = looked_after_child_died(case, today) is want
    for notifiable, when, on in (
        (_wt2015_any_cause(case, today), due, law.aware),
        (_wt2015_abuse_or_neglect(case, today), due_on_knowing, law.known),
    ):
        if on < COMMENCEMENT and notifiable is want:
            owe("ofsted", "should", when=when)
            owe("local_safeguarding_children_board", "should", case.here, when=when)
    if _statute(case, today, law.known) is want:
        owe("panel", "must", when=due_on_knowing)
        owe("safeguarding_partners", "should", case.here, when=due_on_knowing)
        residence_area = _other_area(case.residence, case.here)
        if residence_area:
            owe("safeguarding_partners", "should", residence_area, when=due_on_knowing)
        if case.looked_after == "yes" and case.looked_after_by != case.here:
            owe("safeguarding_partners", "should", case.looked_after_by, when=due_on_knowing)
    if lac_death and law.aware >= COMMENCEMENT:
        owe("panel", "should")  # a "must" under s16C above is the one notification
    if (
        law.aware >= CARE_LEAVERS_FROM
        and both(died(case), our_care_leaver(case), aged(case, CARE_LEAVER_AGES, today)) is want
    ):
        owe("secretary_of_state", "should")
        owe("ofsted", "should")
    if lac_death:
        owe("secretary_of_state", "must")
        owe("ofsted", "must")
        owe("parents_and_parental_responsibility", "must", when=None)
    return tuple(found)


def _open(case: Case, today: date, law: Law) -> frozenset[tuple[str, str | None]]:
    """What the unknown facts leave open: each recipient and strength a provision not yet told
    to apply or not would owe, and ("rapid_review", None) where s16C's rapid review would."""
    found = {
        (recipient, strength) for recipient, strength, _, _ in _conclusions(case, today, law, None)
    }
    if _statute(case, today, law.known) is None:
        found.add(("rapid_review", None))
    return frozenset(found)


def _owed(case: Case, today: date, law: Law) -> Owed:
    """The notifications listed as owed: one per recipient (and area), a "must" before a
    "should", then the earliest."""
    owed: dict[tuple[str, str | None], tuple[str, date | None]] = {}
    for recipient, strength, area, when in _conclusions(case, today, law):
        current = owed.get((recipient, area))
        if (
            current is None
            or (current[0], strength) == ("should", "must")
            or (current[0] == strength and when and (current[1] is None or when < current[1]))
        ):
            owed[(recipient, area)] = (strength, when)
    return frozenset(
        (recipient, strength, when, area) for (recipient, area), (strength, when) in owed.items()
    )


def _advice(case: Case, today: date, law: Law) -> frozenset[str]:
    found = set()
    manner = (
        None if case.manner == "unknown" else case.manner in ("suspected_suicide", "unexplained")
    )
    abuse = abuse_known_or_suspected(case)
    serious = both(
        law.aware >= COMMENCEMENT,  # abuse or neglect not suspected: no later suspicion
        is_child(case, today),
        died(case),
        manner,
        yes(case.social_care),
        None if abuse is None else not abuse,
        _event_here_or_resident_abroad(case),
    )
    if serious is True:
        found.add("consider_treating_as_serious")
    unborn = both(
        law.known >= CARE_LEAVERS_FROM,  # a notification s16C would ask for
        case.unborn,
        abuse,
        either(died(case), seriously_harmed(case)),
        _event_here_or_resident_abroad(case),
    )
    if unborn is True:
        found.add("consider_notifying")
    return frozenset(found)


def _responsible(case: Case, today: date, on: date) -> str | None:
    """The other English authority whose duty it may be (law.md §1, geography): where the event
    happened (limb (a)), else, under s16C, for an event not known to be in England, where the
    child normally lives (limb (b), which falls on the authority of normal residence). Before
    s16C, where a Working Together 2015 notifiable incident happened (law.md §6): a death or
    serious harm with abuse or neglect known or suspected, or a child's death in a regulated
    setting or service, whatever the cause (the setting's area, on the project's reading)."""
    if on < COMMENCEMENT:
        regulated_death = both(died(case), is_child(case, today), yes(case.regulated))
        if either(s16c_engaged(case, today), regulated_death) is False:
            return None
        return _other_area(case.event_place, case.here)
    if s16c_engaged(case, today) is False:
        return None
    event_area = _other_area(case.event_place, case.here)
    if event_area is not None:
        return event_area
    if case.event_place is not None and case.event_place[0] == "england":
        return None  # limb (b) is only for events outside England
    return _other_area(case.residence, case.here)


def covers(incident: Any, today: date) -> bool:
    """Whether the law read here applies: the date that selects it is on or after 26 March 2015
    (Working Together 2015); earlier dates are refused, as nothing before it is read here."""
    # With abuse or neglect suspected later, the awareness date still chooses the law on what
    # arises from the death or harm itself.
    aware = incident.became_aware_on
    return rules_date(incident, today) >= WT2015_PUBLISHED and (
        aware is None or aware >= WT2015_PUBLISHED
    )


# The days on which the law read here changed (a rule came or went), after the first.
LAW_CHANGES = (COMMENCEMENT, CARE_LEAVERS_FROM)
# The days on which the law on what arises once abuse or neglect is known or suspected changed.
SUSPICION_LAW_CHANGES = (COMMENCEMENT, RAPID_REVIEW_ANCHOR_CHANGED, CARE_LEAVERS_FROM)


def rules_dates(incident: Any, today: date) -> list[date]:
    """Every date that may choose the law, each standing for the days up to the next change.

    Becoming aware chooses it (law.md §1). Unrecorded, it is some day from the event (one cannot
    become aware of an event before it happens) to today, or to the first notification made if
    earlier (nor notify before becoming aware): the event date and each change in between. With
    neither date recorded, that latest day first, then the child's birth (or the first day of
    the law read here, where the birth is earlier or not recorded) and each change in between.
    """
    first = rules_date(incident, today)
    if incident.became_aware_on:
        return [first]
    if incident.event.date:
        last = latest_awareness(incident, today)
        return [first, *(day for day in LAW_CHANGES if first < day <= last)]
    born = incident.child.date_of_birth
    since = max(born, WT2015_PUBLISHED) if born else WT2015_PUBLISHED
    return [first, since, *(day for day in LAW_CHANGES if since < day <= first)]


def _last_day(on: date) -> date | None:
    """The last day of the law in force on `on`, the day before the next change (None: none)."""
    later = [day for day in LAW_CHANGES if day > on]
    return min(later) - timedelta(days=1) if later else None


def answer(incident: Any, today: date) -> Answer:
    """The oracle's whole answer for one validated incident.

    When the awareness date that chooses the law is not recorded and the law changed between the
    event and today, the answer holds only as far as every law that may apply agrees: the Panel
    answer if they all give it (else undetermined), the notifications they all owe, and the date
    of awareness asked first. Likewise where the awareness date is recorded and whether abuse or
    neglect is known or suspected is not: each later law it may have come to be known under.
    """
    dates = rules_dates(incident, today)
    if incident.abuse_or_neglect_suspected_on:
        laws = [Law(incident.became_aware_on, incident.abuse_or_neglect_suspected_on)]
    elif incident.event.date:
        laws = [Law(on, on) for on in dates]
    else:  # each law but the first (the latest day's) weighed up to its last day
        laws = [Law(dates[0], dates[0]), *(Law(on, on, _last_day(on)) for on in dates[1:])]
    worlds = [(incident, law) for law in laws]
    if incident.abuse_or_neglect == "unknown":
        # Whether abuse or neglect is known or suspected is not recorded: it may have come to be
        # on a later day than the awareness (recorded, or any the window allows), when the law on
        # what arises from it may have changed (law.md §1).
        worlds += [
            (
                incident.model_copy(
                    update={"abuse_or_neglect": "suspected", "abuse_or_neglect_suspected_on": on}
                ),
                replace(law, known=on),
            )
            for law in laws
            for on in SUSPICION_LAW_CHANGES
            if law.aware < on <= today
        ]
    first, *others = [_answer_on(each, today, law) for each, law in worlds]
    # Two laws owing the same for certain but leaving different things open disagree too.
    if all(_duties(other) == _duties(first) for other in others):
        return first
    every = [first, *others]
    # Asked first: the awareness date where the laws of the days it may be disagree, whether
    # abuse or neglect is known or suspected where a later suspicion was weighed.
    aware_only = every[: len(laws)]
    asked_first = (
        *(("became_aware_on",) if len({_duties(item) for item in aware_only}) > 1 else ()),
        *(("abuse_or_neglect",) if len(worlds) > len(laws) else ()),
    )
    return replace(
        first,
        notify_panel=first.notify_panel
        if len({item.notify_panel for item in every}) == 1
        else "undetermined",
        # The first law's notifications every law owes at least as strongly, whatever the date.
        owed=frozenset(
            item
            for item in first.owed
            if all(
                any(
                    (other[0], other[3]) == (item[0], item[3])
                    and (other[1], item[1]) != ("should", "must")
                    for other in each.owed
                )
                for each in every
            )
        ),
        rapid_review=all(item.rapid_review for item in every),
        missing_facts=tuple(
            dict.fromkeys(
                (
                    *asked_first,
                    *first.missing_facts,
                    # Then what could change a later suspicion's duties, in the worlds' order.
                    *(
                        fact
                        for each in others[len(laws) - 1 :]
                        for fact in each.missing_facts
                        if fact not in each.advice_only_facts and fact != "became_aware_on"
                    ),
                )
            )
        ),
        advice_only_facts=(),  # the first law's reading of them may not be another's
    )


def _duties(answer: Answer) -> tuple[Any, ...]:
    """What two laws must give alike to agree: the Panel answer, what is owed, the rapid review
    and what is left open."""
    return (answer.notify_panel, answer.owed, answer.rapid_review, answer.open)


def _answer_on(incident: Any, today: date, law: Law) -> Answer:
    """The whole answer under the law its dates choose."""
    case = replace(read(incident), aware_under_law_by=law.until)
    panel = _panel(case, today, law)
    missing, advice_only = missing_facts(case, today, law)
    return Answer(
        notify_panel={True: "required", False: "not_required", None: "undetermined"}[panel],
        owed=_owed(case, today, law),
        # Chosen by `known`. A Working Together 2015 regulated setting's death is chosen by the
        # awareness date, but where a suspicion came later abuse or neglect is known or
        # suspected, so the same death in another area is a s16C incident there too.
        responsible_authority=_responsible(case, today, law.known),
        # Either side of commencement, where the date of becoming aware (or knowing) chose it:
        # an earlier event decided under s16C, or an incident s16C would reach known before.
        flagged=before_commencement(case, today) is True
        if law.known >= COMMENCEMENT
        else either(s16c_1a(case, today), s16c_1b(case, today)) is True,
        unborn_flagged=case.unborn,
        advice=_advice(case, today, law),
        rapid_review=_statute(case, today, law.known) is True,
        missing_facts=missing,
        rapid_review_due=rapid_review_due(case, today, law.known),
        advice_only_facts=advice_only,
        noted=noted_deadlines(case, today, law),
        open=_open(case, today, law),
    )


def noted_deadlines(case: Case, today: date, law: Law) -> Noted:
    """The deadlines a decision notes beside those it lists (`Noted`)."""
    certain = _conclusions(case, today, law)
    listed = {(recipient, area): when for recipient, _, when, area in _owed(case, today, law)}

    def brought_forward(recipient: str, area: str | None, when: date | None) -> bool:
        due = listed.get((recipient, area))
        return when is not None and due is not None and when < due

    earlier = frozenset(
        (recipient, when)
        for recipient, _, area, when in certain
        if when is not None and brought_forward(recipient, area, when)
    )
    sooner: dict[tuple[str, str | None], date] = {}
    # Every due date counts five working days from the awareness or from a later suspicion:
    # only where those two differ can one notification be due sooner than another.
    knew = case.suspected or case.aware
    if case.aware and knew and five_working_days_after(knew) != five_working_days_after(case.aware):
        options = _options(case, today)
        fixed = (case.here, case.aware, case.suspected, case.unborn)
        varied = _held(case, options, _read_by_law(law)[0])
        for chosen in product(*varied.values()):
            for conclusion in _world_conclusions(fixed, chosen, today, law):
                recipient, _, area, when = conclusion
                if conclusion in certain or not brought_forward(recipient, area, when):
                    continue
                assert when is not None
                key = (recipient, area)
                sooner[key] = min(when, sooner.get(key, when))
    return Noted(earlier, frozenset((*key, when) for key, when in sooner.items()))


@lru_cache(maxsize=1 << 16)
def _world_conclusions(
    fixed: tuple[str, date | None, date | None, bool],
    chosen: tuple[Any, ...],
    today: date,
    law: Law,
) -> tuple[Conclusion, ...]:
    """Every notification a possible world owes (none where there is no such world)."""
    world = _world(*fixed, chosen)
    return () if world is None else _conclusions(world, today, law)


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
    "event.regulated_setting",
    "child.care_leaver",
    "child.known_to_childrens_social_care",
    "event.manner_of_death",
)
# Authorities that worlds use for "another area": where an unknown event happened, another
# authority looking after the child (or whose care it left), where a child of unknown residence
# lives. Each world's stand-ins are three of these that the incident itself does not name: a
# stand-in equal to a recorded area (the looking-after authority, say) would make that one world
# stand for every other area, and hide a question that matters in the rest.
_STAND_INS = ("E06000047", "E08000001", "E09000001", "E10000002", "E06000048", "E08000002")


def _stand_ins(case: Case) -> tuple[str, str, str]:
    """Three authorities, none of them named by the incident: (event, carer, residence)."""
    named = {
        case.here,
        case.looked_after_by,
        case.care_leaver_of,
        *(place[1] for place in (case.event_place, case.residence) if place is not None),
    }
    event, carer, residence = [code for code in _STAND_INS if code not in named][:3]
    return event, carer, residence


def _places(place: Place, here: str, elsewhere: str) -> list[Place]:
    if place is None:
        return [("england", here), ("england", elsewhere), ("wales", None)]
    if place[0] == "england" and place[1] is None:
        return [("england", here), ("england", elsewhere)]
    return [place]


def _years_earlier(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _years_later(day: date, years: int) -> date:
    return _years_earlier(day, -years)


# Ages at which the law changes: 16 (leaving care), 18 (a child), 25 (care leavers to 24).
_AGES_THAT_MATTER = (16, 18, 25)


def _options(case: Case, today: date) -> dict[str, list[Any]]:
    """For each input path, the concrete values a world may give it (one if already known)."""
    somewhere_else, another_carer, yet_another = _stand_ins(case)
    latest = case.aware_by(today)
    anchor = case.happened or latest
    if case.happened is None:
        earliest = case.born or _years_earlier(latest, 40)
        days = {earliest, latest, COMMENCEMENT - timedelta(days=1), COMMENCEMENT}
        if case.born:
            for age in _AGES_THAT_MATTER:
                birthday = _years_later(case.born, age)
                days |= {birthday - timedelta(days=1), birthday}
        happened = sorted(day for day in days if earliest <= day <= latest)
    else:
        happened = [case.happened]
    looked_after = (
        [("yes", case.here), ("yes", another_carer), ("no", None)]
        if case.looked_after == "unknown"
        else [(case.looked_after, case.looked_after_by)]
    )
    if case.unborn:
        care_leaver = [("no", None)]  # an unborn child has left no one's care
    elif case.care_leaver == "unknown":
        care_leaver = [
            ("yes", case.here),
            ("yes", another_carer),
            ("no", None),
        ]
    else:
        care_leaver = [(case.care_leaver, case.care_leaver_of)]
    if case.born is not None or case.unborn:
        born: list[Any] = [case.born]
    elif case.ages is not None:
        # An age range recorded: a date of birth, once known, gives one age in it. Each age at
        # either end and either side of each age the law changes at, as ("ages", (age, age)).
        low, high = case.ages
        points = {low, high, *(at + step for at in _AGES_THAT_MATTER for step in (-1, 0))}
        born = [("ages", (age, age)) for age in sorted(points) if low <= age <= high]
    else:
        born = [anchor, *(_years_earlier(anchor, age) for age in (17, 20, 40))]

    def either_way(value: str, values: list[str]) -> list[str]:
        return values if value == "unknown" else [value]

    return {
        "abuse_or_neglect": either_way(case.abuse, ["suspected", "not_suspected"]),
        "event.kind": ["death", "serious_harm", "other"] if case.kind is None else [case.kind],
        "event.location": _places(case.event_place, case.here, somewhere_else),
        "child.normally_resident": _places(case.residence, case.here, yet_another),
        "child.looked_after": looked_after,
        "child.date_of_birth": born,
        "event.date": happened,
        "event.regulated_setting": either_way(case.regulated, ["yes", "no"]),
        "child.care_leaver": care_leaver,
        "child.known_to_childrens_social_care": either_way(case.social_care, ["yes", "no"]),
        "event.manner_of_death": either_way(
            case.manner, ["suspected_suicide", "unexplained", "other"]
        ),
    }


def _world(
    here: str, aware: date | None, suspected: date | None, unborn: bool, chosen: tuple[Any, ...]
) -> Case | None:
    """The world giving each input path (in PATHS order) its value in `chosen`, or None when no
    valid incident could be that world."""
    abuse, kind, place, residence, cared, born, happened, regulated, leaver, social, manner = chosen
    status, by = cared
    ages = None
    if isinstance(born, tuple):  # an age range (`_options`), the date of birth still unknown
        born, ages = None, born[1]
        if status == "yes" and ages[0] >= ADULT_AGE:
            return None  # a looked-after person is a child: no such world
    if born is not None and happened is not None:
        if born > happened:
            return None
        if status == "yes" and years_old(born, happened) >= ADULT_AGE:
            return None  # a looked-after person is a child: no such world
    return Case(
        here=here,
        abuse=abuse,
        kind=kind,
        event_place=place,
        residence=residence,
        looked_after=status,
        looked_after_by=by,
        born=born,
        happened=happened,
        aware=aware,
        suspected=suspected,
        ages=ages,
        regulated=regulated,
        care_leaver=leaver[0],
        care_leaver_of=leaver[1],
        social_care=social,
        manner=manner,
        unborn=unborn,
    )


@lru_cache(maxsize=1 << 20)
def _world_answer(
    fixed: tuple[str, date | None, date | None, bool],
    chosen: tuple[Any, ...],
    today: date,
    law: Law,
    duty: bool,
) -> Any:
    """What a world is compared on, or None if there is no such world: for the duties, whether
    the Panel is to be notified and the notifications owed (to whom, how strongly, by when);
    else the advice.

    Remembered: a world is plain values, and the worlds of one incident are mostly those of
    others (the worlds of an incident with a fact unknown are the incidents with it known), so
    the exhaustive check meets each world many times."""
    world = _world(*fixed, chosen)
    if world is None:
        return None
    if not duty:
        return _advice(world, today, law)
    return _panel(world, today, law), _owed(world, today, law)


def _answers(
    case: Case, options: dict[str, list[Any]], today: date, law: Law, duty: bool
) -> list[tuple[tuple[Any, ...], Any]]:
    """Every possible world from `options`: its values (in PATHS order) and its answer."""
    fixed = (case.here, case.aware, case.suspected, case.unborn)
    found = []
    for chosen in product(*options.values()):
        answer = _world_answer(fixed, chosen, today, law, duty)
        if answer is not None:
            found.append((chosen, answer))
    return found


def _decisive(unknown: list[str], found: list[tuple[tuple[Any, ...], Any]]) -> list[str]:
    """The unknown paths on which two worlds differing only there get different answers, the
    most decisive (the largest share of settings of the others) first, then in PATHS order."""
    if not unknown:
        return []
    # Each world's values of the unknown paths only, read once for all of them, and its answer
    # as a small number (comparing numbers is cheaper than comparing answers).
    at = [PATHS.index(path) for path in unknown]
    pick = itemgetter(*at, at[0])  # two indices at least, so that it always gives a tuple
    numbers: dict[Any, int] = {}
    keyed = [
        (pick(chosen)[:-1], numbers.setdefault(answer, len(numbers))) for chosen, answer in found
    ]
    scored: list[tuple[float, int, str]] = []
    for position, path in enumerate(unknown):
        # For each setting of the other unknowns: the first answer met, and whether another
        # answer is met too.
        first: dict[tuple[Any, ...], int] = {}
        varying: set[tuple[Any, ...]] = set()
        for key, answer in keyed:
            rest = key[:position] + key[position + 1 :]
            if first.setdefault(rest, answer) != answer:
                varying.add(rest)
        if varying:
            scored.append((-len(varying) / len(first), PATHS.index(path), path))
    return [path for *_, path in sorted(scored)]


_CORE = PATHS[:7]  # the facts every regime's law reads
_ADVICE = (*PATHS[:7], "child.known_to_childrens_social_care", "event.manner_of_death")


def _read_by_law(law: Law) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The inputs the duties, and the advice, of the law chosen by `law`'s dates read (the others
    need no world: an input no provision in force mentions cannot change its answer)."""
    if law.aware == law.known:
        return _read_on(law.aware)
    # Both dates' (a few more inputs varied than needed: one no provision reads changes nothing).
    (duties_aware, advice_aware), (duties_known, advice_known) = (
        _read_on(law.aware),
        _read_on(law.known),
    )

    def merged(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(path for path in PATHS if path in first or path in second)

    return merged(duties_aware, duties_known), merged(advice_aware, advice_known)


def _read_on(on: date) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The inputs the duties, and the advice, in force on `on` read."""
    if on < COMMENCEMENT:
        return (*_CORE, "event.regulated_setting"), ()
    if on < CARE_LEAVERS_FROM:
        return _CORE, _ADVICE
    return (*_CORE, "child.care_leaver"), _ADVICE


def _held(case: Case, options: dict[str, list[Any]], varied: tuple[str, ...]) -> dict[str, Any]:
    """The options with every input outside `varied` held at the case's own (maybe unknown) value."""
    own = {
        "abuse_or_neglect": case.abuse,
        "event.kind": case.kind,
        "event.location": case.event_place,
        "child.normally_resident": case.residence,
        "child.looked_after": (case.looked_after, case.looked_after_by),
        "child.date_of_birth": case.born if case.ages is None else ("ages", case.ages),
        "event.date": case.happened,
        "event.regulated_setting": case.regulated,
        "child.care_leaver": (case.care_leaver, case.care_leaver_of),
        "child.known_to_childrens_social_care": case.social_care,
        "event.manner_of_death": case.manner,
    }
    return {path: values if path in varied else [own[path]] for path, values in options.items()}


def missing_facts(case: Case, today: date, law: Law) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Unknown inputs that can change the duties, most decisive first; then those that can change
    only the advice; then the date of awareness if some world owes a notification. With, apart,
    those that can change only the advice."""
    duties, advice_only, owed_somewhere = _questions(case, today, law)
    # Every due date counts from the awareness.
    awareness = ("became_aware_on",) if case.aware is None and owed_somewhere else ()
    return (*duties, *advice_only, *awareness), tuple(advice_only)


def _questions(case: Case, today: date, law: Law) -> tuple[list[str], list[str], bool]:
    """The unknown inputs that can change the duties, most decisive first; those that can change
    only the advice; and whether some world owes a notification."""
    options = _options(case, today)
    assert tuple(options) == PATHS  # worlds' values are read by position
    duty_paths, advice_paths = _read_by_law(law)
    unknown = [path for path in duty_paths if len(options[path]) > 1]
    duties = _answers(case, _held(case, options, duty_paths), today, law, duty=True)
    paths = _decisive(unknown, duties)
    advice_only: list[str] = []
    if advice_paths:
        unknown = [path for path in advice_paths if len(options[path]) > 1]
        advice = _answers(case, _held(case, options, advice_paths), today, law, duty=False)
        advice_only = [path for path in _decisive(unknown, advice) if path not in paths]
    return paths, advice_only, any(owed for _, (_, owed) in duties)
