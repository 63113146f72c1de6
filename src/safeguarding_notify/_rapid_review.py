"""The rapid review that follows a s16C Panel notification: when it is expected, counted from what.

It is the safeguarding partners' task, not one of the authority's notifications, so it is reported
beside the obligations rather than among them. Which date the 15 working days count from is the
rule version's `rapid_review` anchor: the date the Panel notification was sent (current guidance)
or the date the authority became aware (2018-2019 guidance).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ._assemble import clock_start
from ._calendar import add_working_days
from ._rulefile import Conclusion, RuleVersion
from .decision import Obligation, RapidReview
from .incident import Incident

__all__ = ["rapid_review_of"]


def rapid_review_of(
    owed: Sequence[tuple[RuleVersion, Conclusion]],
    incident: Incident,
    obligations: Sequence[Obligation],
    today: date,
) -> RapidReview | None:
    """The rapid review expected, from the rapid-review conclusions of the rules that apply."""
    if not owed:
        return None
    rule, then = owed[0]  # one rapid-review rule is in force at a time
    if then.rapid_review is None or then.within_working_days is None:
        raise TypeError(f"{rule.id}: not a rapid-review conclusion")  # the loader ensures it is
    projected = False
    anchor_on: date | None
    if then.rapid_review == "became_aware":
        anchor_on = clock_start(then, incident)
    else:
        # The Panel notification as its obligation counts it: made by `today`, and not before
        # the duty arose (a looked-after child's death notified before abuse was suspected).
        panel = [item for item in obligations if item.recipient == "panel"]
        sent = panel[0].notified_on if panel else None
        if sent is not None:
            anchor_on = sent
        else:
            # Not yet sent: count from the day the notification is due, and say it is projected;
            # once that day has passed, from today, the earliest it can now be sent (a review
            # projected from a day already gone would be due sooner than it possibly can be).
            due = panel[0].due_by if panel else None
            anchor_on = max(due, today) if due else None
            projected = True
    return RapidReview(
        strength=then.strength,  # type: ignore[arg-type]
        within_working_days=then.within_working_days,
        anchor=then.rapid_review,
        anchor_on=anchor_on,
        due_by=add_working_days(anchor_on, then.within_working_days) if anchor_on else None,
        projected=projected,
        rule=rule.id,
        rule_version=rule.version,
        basis=rule.basis,
        certainty=rule.certainty,
        explanation=rule.explain.applies,
    )
