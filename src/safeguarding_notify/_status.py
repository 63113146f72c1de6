"""Where each notification stands on a given date: due, due today, overdue, done or done late."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from ._calendar import working_days_between

__all__ = ["MADE", "notified_key", "status_fields"]

# The statuses of a notification recorded as made.
MADE = ("done", "done_late")


def notified_key(recipient: str, area: str | None, notifying_authority: str) -> str:
    """The `Incident.notified_on` key that records a notification to this recipient as made."""
    if recipient == "safeguarding_partners" and area not in (None, notifying_authority):
        return f"safeguarding_partners:{area}"
    return recipient


def status_fields(
    recipient: str,
    area: str | None,
    due: date | None,
    notified: Mapping[str, date],
    notifying_authority: str,
    today: date,
    since: date | None = None,
) -> dict[str, Any]:
    """The status fields of an obligation against `today`, with the key it is recorded under.

    A notification recorded for a date after `today` had not been made on `today`, so it is not
    counted: asking "where did this stand on 1 December?" ignores what happened later. Nor is
    one made before `since`, the day the duty arose: a looked-after child's death notified to
    the Panel before abuse was suspected is not the s16C notification the suspicion calls for.
    """
    key = notified_key(recipient, area, notifying_authority)
    made = notified.get(key)
    if made is not None and (made > today or (since is not None and made < since)):
        made = None
    fields: dict[str, Any] = {"notified_on_key": key, "notified_on": made}
    if made is not None:
        if due is None or made <= due:
            fields["status"] = "done"
        else:
            fields.update(status="done_late", working_days_late=working_days_between(due, made))
    elif due is not None:
        if today < due:
            fields.update(status="due", working_days_left=working_days_between(today, due))
        elif today == due:
            fields.update(status="due_today", working_days_left=0)
        else:
            fields.update(status="overdue", working_days_late=working_days_between(due, today))
    return fields
