"""The input: one incident as a case-management system records it.

The models hold only what the rules need. There is deliberately no field for a child's name,
address or any free text: the library needs none, and what it does not hold it cannot leak.
Every judgement (is the harm serious? is abuse or neglect suspected?) is the practitioner's,
recorded here; nothing is inferred.
"""

from __future__ import annotations

import re
import time
from datetime import date, datetime
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationInfo,
    model_validator,
)

from ._calendar import age_on, as_plain_date
from ._frozen import FrozenModel

__all__ = [
    "AgeRange",
    "Child",
    "EnglishPlace",
    "Event",
    "Incident",
    "Place",
    "PlaceOutsideEngland",
    "england_today",
    "first_date_after",
    "latest_awareness",
    "until",
]

_ENGLAND = ZoneInfo("Europe/London")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Children Act 2004 s65(1) with s16C: a "local authority in England" is an upper-tier or unitary
# authority. Their ONS GSS codes start E06 (unitary), E08 (metropolitan district), E09 (London
# borough and City of London) or E10 (county).
GSS_PATTERN = r"^E(06|08|09|10)[0-9]{6}$"
_GSS = re.compile(GSS_PATTERN.strip("^$"))


# The validation context's key (`model_validate(..., context=until(day))`) for a date decided
# against that is later than today: an incident dated up to it is accepted, so that a change of
# the law commencing after today can be decided, tested and checked before it commences.
_DECIDED_ON = "decided_on"


def until(day: object) -> dict[str, date] | None:
    """The validation context accepting an incident's dates up to `day` (the date a decision is
    taken against) as well as up to today; None when `day` is not a date (refused elsewhere).

    A subclass of date counts (a test clock's, as freezegun's, is one), taken as the plain date
    it names (`as_plain_date`): it was ignored here, so a later day given that way admitted
    incident dates only up to the real today."""
    plain = as_plain_date(day)
    return None if plain is None else {_DECIDED_ON: plain}


def england_today() -> date:
    """Today's date in England, which is what "not in the future" and deadlines are measured by."""
    global _today
    # Asked twice for every decision (validation, then the statuses): converting the clock to
    # London time costs more than the rest of a check, so it is converted once a second. The
    # date is that of the whole second read (England's midnight falls on a whole second), so it
    # is never out of date.
    second = int(time.time())
    read_at, day = _today
    if second != read_at:
        day = datetime.fromtimestamp(second, _ENGLAND).date()
        _today = (second, day)  # one assignment: a concurrent reader sees the old or the new pair
    return day


_today: tuple[int, date] = (-1, date.min)


def _iso_date(value: Any) -> Any:
    # Pydantic's lax mode would read 1700000000 as a Unix timestamp; a case file means a calendar
    # date, so only an ISO "YYYY-MM-DD" string or a date object is accepted.
    if isinstance(value, datetime):
        raise ValueError("expected a date (YYYY-MM-DD), not a date and time")
    if type(value) is date or value is None:
        return value
    if isinstance(value, date):
        # A subclass (a test clock's) is the plain date it names, as `today` is: its type and
        # any behaviour of its own stayed in the incident and the decision (its rules_date).
        return as_plain_date(value)
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError as error:
            raise ValueError("not a real calendar date") from error
    raise ValueError("expected a date as YYYY-MM-DD")


def _authority_code(value: Any) -> Any:
    # The code is checked here rather than with a bare pattern so that the message says what a
    # valid code is, without echoing what arrived (it could be anything a user typed).
    if not isinstance(value, str) or not _GSS.fullmatch(value):
        raise ValueError(
            "expected the ONS GSS code of an English upper-tier or unitary authority: E06, E08, "
            "E09 or E10 followed by six digits"
        )
    return value


# An ONS GSS code of Wales, Scotland or Northern Ireland (W, S or N, then eight digits).
_OUTSIDE_ENGLAND = re.compile(r"[WSN]\d{8}")


def _code_in_england(answer_field: str) -> Any:
    """`_authority_code` for the authority looking after the child, or whose care leaver the
    person is, its refusal saying what to record for an authority outside England."""

    def check(value: Any) -> Any:
        try:
            return _authority_code(value)
        except ValueError as error:
            if not (isinstance(value, str) and _OUTSIDE_ENGLAND.fullmatch(value)):
                # An English code mistyped, or a district's: "record 'no'" would drop the
                # duties of a child looked after in England (review s23, F4).
                raise
            raise ValueError(
                f"{error}; for an authority outside England (in Wales, Scotland or Northern "
                f"Ireland) record {answer_field} as 'no': the rules encoded are England's, and "
                "that authority's duties under its own law are not decided here"
            ) from None

    return check


_NOTIFIED_KEY = re.compile(
    r"(panel|secretary_of_state|ofsted|safeguarding_partners|local_safeguarding_children_board"
    r"|parents_and_parental_responsibility)|safeguarding_partners:" + GSS_PATTERN.strip("^$")
)


_MAX_NOTIFIED = 8  # entries in notified_on, at most


def _notified_recipients(value: Any) -> Any:
    # Keys are checked here, as a whole, so that an unknown key is never echoed in the error path.
    if isinstance(value, dict):
        for key in value:
            if not isinstance(key, str) or not _NOTIFIED_KEY.fullmatch(key):
                raise ValueError(
                    "keys must be recipients: panel, secretary_of_state, ofsted, "
                    "safeguarding_partners, local_safeguarding_children_board, "
                    "parents_and_parental_responsibility, or "
                    "safeguarding_partners:<GSS code of another area>"
                )
        if len(value) <= _MAX_NOTIFIED:
            # In one order whatever order they were written in, so that the input digest (the
            # validated model's JSON) does not depend on it. (More keys than allowed are refused
            # by the length check, without sorting them first.)
            return dict(sorted(value.items()))
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
AuthorityCode = Annotated[
    str,
    BeforeValidator(_authority_code),
    Field(
        json_schema_extra={"pattern": GSS_PATTERN, "maxLength": 9},
        description="ONS GSS code of an English upper-tier or unitary authority (E06, E08, E09 or "
        "E10 followed by six digits).",
        examples=["E08000025"],
    ),
]


# The same codes for the authority looking after the child, or whose care leaver the person is:
# a refusal says what to record for an authority outside England (found by review s22, F10).
_ENGLISH_CODE = {
    "json_schema_extra": {"pattern": GSS_PATTERN, "maxLength": 9},
    "description": "ONS GSS code of an English upper-tier or unitary authority (E06, E08, E09 or "
    "E10 followed by six digits).",
    "examples": ["E08000025"],
}
LookingAfterCode = Annotated[
    str, BeforeValidator(_code_in_england("looked_after")), Field(**_ENGLISH_CODE)
]
CareLeaverOfCode = Annotated[
    str, BeforeValidator(_code_in_england("care_leaver")), Field(**_ENGLISH_CODE)
]


class _Strict(FrozenModel):
    # hide_input_in_errors: a ValidationError's text (what a caller is likely to log) never
    # repeats the submitted values; `errors()` still holds them for code that asks.
    # revalidate_instances: an instance is checked again wherever it is validated (as `decide`
    # does with every incident): `model_copy(update=...)` and `model_construct` make instances
    # that were never checked, and one with an invalid authority code was decided "not_required".
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=False,
        hide_input_in_errors=True,
        revalidate_instances="always",
    )


class EnglishPlace(_Strict):
    """A place in England; `local_authority` null means "in England, area unknown"."""

    country: Literal["england"]
    local_authority: AuthorityCode | None = None


class PlaceOutsideEngland(_Strict):
    """A place outside England. No authority is recorded: s16C knows only English authorities."""

    country: Literal["wales", "scotland", "northern_ireland", "outside_uk"]


Place = Annotated[EnglishPlace | PlaceOutsideEngland, Field(discriminator="country")]


def _code_goes_with_yes(answer_field: str, answer: str, code: str | None) -> None:
    # An authority code (`<answer_field>_by` / `_of`) belongs with "yes" and only with "yes".
    code_field = {"looked_after": "looked_after_by", "care_leaver": "care_leaver_of"}[answer_field]
    if answer == "yes" and code is None:
        raise ValueError(f"{code_field} is required when {answer_field} is 'yes'")
    if answer != "yes" and code is not None:
        raise ValueError(
            f"{code_field} is only allowed when {answer_field} is 'yes' "
            f"({answer_field} is {answer!r})"
        )


# A child is a person under 18 (Children Act 2004 s65(1), Children Act 1989 s105(1)).
_ADULT = 18
# The oldest age considered possible: the most an age range may name, and the bound the
# situation takes with no age recorded (`_facts.situation_values`).
_MAX_AGE = 130
_Years = Annotated[StrictInt, Field(ge=0, le=_MAX_AGE)]


class AgeRange(_Strict):
    """A person's age on the event date in whole years, as far as it is known: from `at_least`
    to `at_most`, both included (0 to 0 for an infant under one)."""

    # Strict: a JSON `true` or "17" is refused rather than read as a number of years (the CSV
    # reader turns a cell of digits into a number before the model sees it).
    at_least: _Years = Field(description="The youngest the person can have been, in years.")
    at_most: _Years = Field(description="The oldest the person can have been, in years.")

    @model_validator(mode="after")
    def _in_order(self) -> AgeRange:
        if self.at_least > self.at_most:
            raise ValueError("at_least is greater than at_most")
        return self


class Child(_Strict):
    """The child the incident concerns, described only by what the rules turn on."""

    # Required though nullable, as are the event's date and place, where the child normally
    # lives and the awareness date: a key left out (a column renamed in a case system's mapping)
    # is refused, never read as "not recorded" (review s28, B8: an audit then counted overdue
    # notifications as having no status).
    date_of_birth: IsoDate | None = Field(description="Null when unknown.")
    age_on_event_date: AgeRange | None = Field(
        default=None,
        description="Only when the date of birth is not recorded: the person's age on the event "
        "date in whole years as far as it is known, from at_least to at_most (an unidentified "
        "infant: 0 to 0; a disputed age plainly under 18: 14 to 17, say). Null when not known.",
        examples=[{"at_least": 0, "at_most": 0}],
    )
    normally_resident: Place | None = Field(
        description="Where the child normally lives; null when unknown."
    )
    looked_after: Literal["yes", "no", "unknown"] = Field(
        description="Whether a local authority in England looks after the child (Children Act "
        "1989 s22). A child looked after by an authority in Wales, Scotland or Northern Ireland "
        "is recorded as 'no': the rules encoded are England's, and that authority's duties under "
        "its own law are not decided here."
    )
    looked_after_by: LookingAfterCode | None = Field(
        default=None, description="Required when looked_after is 'yes', refused otherwise."
    )
    # Optional inputs added for the care-leaver rule and the advisories. Each defaults to
    # "unknown" (never to a guess): a rule that turns on one of them is then undetermined and the
    # question is asked, and no rule reads them where they cannot matter.
    care_leaver: Literal["yes", "no", "unknown"] = Field(
        default="unknown",
        description="Whether the person is a care leaver (Working Together 2023) of a local "
        "authority in England; 'unknown' when not recorded. A care leaver of an authority in "
        "Wales, Scotland or Northern Ireland is recorded as 'no', as for looked_after.",
    )
    care_leaver_of: CareLeaverOfCode | None = Field(
        default=None,
        description="The authority whose care leaver the person is; required when care_leaver "
        "is 'yes', refused otherwise.",
    )
    known_to_childrens_social_care: Literal["yes", "no", "unknown"] = Field(
        default="unknown",
        description="Whether the child or family is known to children's social care because of a "
        "recent incident or current concern about abuse or neglect.",
    )
    unborn: StrictBool = Field(
        default=False,
        description="True when the incident concerns an unborn child (then there is no date of "
        "birth, and the child is neither looked after nor a care leaver).",
    )
    sibling_group: str | None = Field(
        default=None,
        max_length=32,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$",
        description="Optional opaque key shared by the children of one family in an incident "
        "group (letters, digits, '_', '-'; at most 32). Never a name.",
        examples=["family-1"],
    )

    @model_validator(mode="after")
    def _answers_agree(self) -> Child:
        # One validator for the three checks, in this order (the first broken is reported): each
        # Python validator is a call on every incident's hot path.
        _code_goes_with_yes("looked_after", self.looked_after, self.looked_after_by)
        _code_goes_with_yes("care_leaver", self.care_leaver, self.care_leaver_of)
        if self.age_on_event_date is not None:
            # The date of birth settles the age; a range beside it could only disagree. An
            # unborn child has no age.
            if self.date_of_birth is not None:
                raise ValueError(
                    "age_on_event_date is only allowed when date_of_birth is not recorded "
                    "(the date of birth settles the age)"
                )
            if self.unborn:
                raise ValueError("age_on_event_date is not allowed when unborn is true")
        if not self.unborn:
            return self
        if self.date_of_birth is not None:
            raise ValueError("date_of_birth is not allowed when unborn is true")
        if self.looked_after != "no" or self.care_leaver == "yes":
            raise ValueError(
                "an unborn child is neither looked after nor a care leaver: looked_after must be "
                "'no' and care_leaver must not be 'yes' when unborn is true"
            )
        return self


class Event(_Strict):
    """What happened. `kind` records the practitioner's judgement; it is never inferred."""

    kind: Literal["death", "serious_harm", "other"] | None = Field(
        description="'serious_harm' is the practitioner's judgement (s16C(3), s16B(9)); null when "
        "unknown."
    )
    date: IsoDate | None = Field(description="Null when unknown.")
    location: Place | None = Field(description="Null when unknown.")
    regulated_setting: Literal["yes", "no", "unknown"] = Field(
        default="unknown",
        description="Whether the event happened in a regulated setting or service (read by the "
        "Working Together 2015 rules); 'unknown' when not recorded.",
    )
    manner_of_death: Literal["suspected_suicide", "unexplained", "other", "unknown"] = Field(
        default="unknown",
        description="For a death: suspected suicide, unexplained, or other; 'unknown' when not "
        "recorded. Only 'unknown' is allowed unless kind is 'death'.",
    )

    @model_validator(mode="after")
    def _manner_only_for_a_death(self) -> Event:
        # With the kind unrecorded, a recorded manner would say the event was a death while the
        # kind is asked as if it might not be: the kind is recorded instead, not inferred.
        if self.manner_of_death != "unknown" and self.kind != "death":
            kind = "not recorded" if self.kind is None else repr(self.kind)
            raise ValueError(
                f"manner_of_death is only allowed when kind is 'death' (kind is {kind})"
            )
        return self


class Incident(_Strict):
    """One child, one event, as seen by the authority asking about its own duty."""

    case_reference: str | None = Field(
        default=None,
        max_length=64,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]*$",
        description="Optional pseudonymous reference, echoed in the decision. Never a name.",
    )
    notifying_authority: AuthorityCode
    child: Child
    event: Event
    abuse_or_neglect: Literal["known", "suspected", "not_suspected", "unknown"]
    became_aware_on: IsoDate | None = Field(
        description="When the authority became aware of the incident; null if unknown.",
    )
    abuse_or_neglect_suspected_on: IsoDate | None = Field(
        default=None,
        description="Only when abuse or neglect came to be known or suspected after the authority "
        "became aware of the death or harm (a post-mortem finding, say): the date it first knew "
        "or suspected it. s16C applies once the authority knows or suspects, so the Panel "
        "notification and the duties that follow it count from this date, and it chooses the "
        "rules; a looked-after child's death still counts from became_aware_on. Null when abuse "
        "or neglect was known or suspected from the start.",
    )
    notified_on: Annotated[dict[str, IsoDate], BeforeValidator(_notified_recipients)] = Field(
        default_factory=dict,
        max_length=_MAX_NOTIFIED,
        description="Notifications already made: recipient -> date. Keys: panel, "
        "secretary_of_state, ofsted, safeguarding_partners (this area's), "
        "local_safeguarding_children_board, parents_and_parental_responsibility, or "
        "safeguarding_partners:<GSS code> for another area's partners.",
        examples=[{"panel": "2026-11-23"}],
        # So that the JSON Schema refuses the keys the library refuses.
        json_schema_extra={"propertyNames": {"pattern": f"^(?:{_NOTIFIED_KEY.pattern})$"}},
    )

    @model_validator(mode="after")
    def _dates_are_consistent(self, info: ValidationInfo) -> Incident:
        today = england_today()
        decided_on = (info.context or {}).get(_DECIDED_ON)
        latest = max(today, decided_on) if isinstance(decided_on, date) else today
        born, happened, aware = self.child.date_of_birth, self.event.date, self.became_aware_on
        later = first_date_after(self, latest)
        if later:
            raise ValueError(
                f"{later} is in the future (after today's date in England)"
                if latest == today
                else f"{later} is after the date to decide against (today)"
            )
        if born and happened and born > happened:
            raise ValueError("child.date_of_birth is after event.date")
        if (
            born
            and happened
            and happened.year - born.year > _MAX_AGE  # (spares the exact count most of the time)
            and age_on(born, happened) > _MAX_AGE
        ):
            # As an age range over it is refused: 0001-01-01 and 1753-01-01, the placeholders
            # some systems write for "no date", read as an adult and decided "not_required"
            # (review s27, A4). With the event date not recorded the age is not known, and the
            # date of the event is asked.
            raise ValueError(
                f"child.date_of_birth makes the person older than {_MAX_AGE} on event.date, the "
                "oldest age taken as possible (a placeholder for a date not recorded? leave it "
                "null)"
            )
        if happened and aware and happened > aware:
            raise ValueError("event.date is after became_aware_on")
        if born and aware and born > aware:
            raise ValueError("child.date_of_birth is after became_aware_on")
        suspected = self.abuse_or_neglect_suspected_on
        if suspected:
            if self.abuse_or_neglect not in ("known", "suspected"):
                raise ValueError(
                    "abuse_or_neglect_suspected_on is only allowed when abuse_or_neglect is "
                    f"'known' or 'suspected' (it is {self.abuse_or_neglect!r})"
                )
            # It moves the duties' clock on from the awareness date, so that date is needed,
            # and one before it would move nothing: a misreading of the field, not a fact.
            if not aware:
                raise ValueError("abuse_or_neglect_suspected_on needs became_aware_on")
            if suspected < aware:
                raise ValueError(
                    "abuse_or_neglect_suspected_on is before became_aware_on (leave it null when "
                    "abuse or neglect was known or suspected from the start)"
                )
        own_partners = f"safeguarding_partners:{self.notifying_authority}"
        for recipient, notified in self.notified_on.items():
            if recipient == own_partners:
                # Else accepted and never matched: the report would stay "overdue" once made.
                raise ValueError(
                    f"notified_on.{recipient} names this authority's own area: its own "
                    "safeguarding partners are recorded as notified_on.safeguarding_partners"
                )
            if notified > latest:
                raise ValueError(f"notified_on.{recipient} is in the future")
            if aware and notified < aware:
                raise ValueError(f"notified_on.{recipient} is before became_aware_on")
            if happened and notified < happened:
                # Without an awareness date, the event is the earliest a notification can follow
                # (a mistyped year would otherwise count as a notification made, "done").
                raise ValueError(f"notified_on.{recipient} is before event.date")
            if born and notified < born:
                # Nor the birth, with neither date recorded: the first notification bounds when
                # the authority became aware, and so the child's age at the event.
                raise ValueError(f"notified_on.{recipient} is before child.date_of_birth")
        if self.child.looked_after == "yes":
            if born and happened and age_on(born, happened) >= _ADULT:
                raise ValueError(
                    "child.looked_after is 'yes' but child.date_of_birth makes the person 18 or "
                    "over on event.date; a looked-after child is under 18 (Children Act 1989 "
                    "s105(1))"
                )
            ages = self.child.age_on_event_date
            if ages is not None and ages.at_least >= _ADULT:
                raise ValueError(
                    "child.looked_after is 'yes' but child.age_on_event_date makes the person 18 "
                    "or over on the event date; a looked-after child is under 18 (Children Act "
                    "1989 s105(1))"
                )
        return self


def latest_awareness(incident: Incident, today: date) -> date:
    """The latest the authority can have become aware, its date not recorded: today, or the first
    notification recorded as made if earlier (one cannot notify before becoming aware)."""
    notified = incident.notified_on
    return min(today, *notified.values()) if notified else today


def first_date_after(incident: Incident, day: date, suspicion: bool = True) -> str | None:
    """The input path of the first of the incident's own dates (the child's birth, the event,
    the awareness, the suspicion unless `suspicion` is false) that falls after `day`, if any: in
    the future when `day` is today, and too late for a decision taken as of `day`."""
    for path, value in (
        ("child.date_of_birth", incident.child.date_of_birth),
        ("event.date", incident.event.date),
        ("became_aware_on", incident.became_aware_on),
        (
            "abuse_or_neglect_suspected_on",
            incident.abuse_or_neglect_suspected_on if suspicion else None,
        ),
    ):
        if value is not None and value > day:
            return path
    return None
