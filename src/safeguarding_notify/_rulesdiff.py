"""What a change of the rules changes: the decisions two rules directories take differently.

For the reviewer of a rule change, which is a change of data: every combination of the facts
either set of rules turns on, in every period of either (up to the later of their checking
horizons, so a change commencing after today is included), is built as a concrete incident, as
the decision table and the comparison with the oracle build them, and decided under both. Those
decided differently are listed with what each set of rules answers: the Panel answer, each
notification (recipient, strength, due date), another authority's duty, the rapid review, the
questions asked and the advice. Wording (reasons, notes) is left out, so a correction of a
citation or an explanation shows as no difference.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from ._decide import Decider
from ._explain import format_date
from ._space import IncidentBuilder, checking_horizon, period_span, subspaces
from .errors import DATE_REFUSALS
from .incident import Incident

__all__ = ["Difference", "differences", "report", "suspected_later"]

# Examples listed for each period; the count says how many more there are.
_SHOWN = 20


@dataclass(frozen=True)
class Difference:
    """One incident the two sets of rules decide differently."""

    incident: Incident
    before: str
    after: str


def differences(old: Decider, new: Decider, horizon: date | None = None) -> Iterator[Difference]:
    """Every built incident `old` and `new` decide differently, decided as of `horizon`.

    Each built incident with abuse or neglect known or suspected is also decided as suspected
    only from the first day of each later period of either set of rules: the rules chosen by the
    suspicion (`chosen_by`) then come from another period than the rest, which a change may
    alter (moving a rule to the other date, say) without altering any one period's answers.
    """
    horizon = horizon or max(checking_horizon(old.book), checking_horizon(new.book))
    changes = sorted(
        {day for book in (old.book, new.book) for day in book.boundaries if day <= horizon}
    )
    seen: set[str] = set()
    # The points of both: a rule dropped or a threshold moved by the change is only in one.
    for decider in (new, old):
        book = decider.book
        for period in range(len(book.boundaries) + 1):
            if period_span(book, period, horizon) is None:
                continue
            for space in subspaces(book, period):
                builder = IncidentBuilder(book, space.thresholds, horizon)
                for _, built in builder.possible(period, space):
                    for incident in (built, *suspected_later(built, changes)):
                        key = incident.model_dump_json()
                        if key in seen:
                            continue
                        seen.add(key)
                        before = _answer(old, incident, horizon)
                        after = _answer(new, incident, horizon)
                        if before != after:
                            yield Difference(incident, before, after)


def suspected_later(incident: Incident, changes: list[date]) -> Iterator[Incident]:
    """The incident with abuse or neglect suspected only from each later change of the rules
    (`changes`, in order), where it records both: each rule is then taken from its own date's
    rules. (The checks against the oracle build the same incidents.)"""
    aware = incident.became_aware_on
    if aware is None or incident.abuse_or_neglect not in ("known", "suspected"):
        return
    for day in changes:
        if day > aware:
            yield incident.model_copy(update={"abuse_or_neglect_suspected_on": day})


def _answer(decider: Decider, incident: Incident, today: date) -> str:
    """What a decision answers, in one line, without its wording or statuses."""
    try:
        decision = decider.decide(incident, today)
    except DATE_REFUSALS as error:
        return f"refused: {error}"
    parts: list[str] = [decision.notify_panel]
    parts += [
        f"{item.recipient}{' of ' + item.area if item.area else ''} {item.strength} by "
        f"{item.due_by or 'no date'}"
        for item in decision.obligations
    ]
    if decision.responsible_authority:
        parts.append(f"another authority's duty: {decision.responsible_authority}")
    if decision.rapid_review:
        parts.append(f"rapid review by {decision.rapid_review.due_by or 'no date'}")
    if decision.missing_facts:
        parts.append("asks " + ", ".join(decision.missing_facts))
    if decision.advisories:
        parts.append("advises " + ", ".join(item.rule for item in decision.advisories))
    return "; ".join(parts)


def report(old: Decider, new: Decider, horizon: date | None = None) -> str:
    """The differences as Markdown, by the period (of `new`) of each incident's awareness."""
    found = list(differences(old, new, horizon))
    lines = [
        "# Decisions changed by the rules",
        "",
        f"Before: rules `{old.rules_version}`. After: rules `{new.rules_version}`.",
        f"{len(found):,} combinations of facts decided differently"
        + (":" if found else " (wording aside, nothing any decision answers changes)."),
    ]
    by_period: dict[int, list[Difference]] = {}
    for difference in found:
        aware = difference.incident.became_aware_on
        period = new.book.period_of(aware) if aware else 0
        by_period.setdefault(period, []).append(difference)
    for period, listed in sorted(by_period.items()):
        start = new.book.period_start(period) if period else None
        heading = f"from {format_date(start)}" if start else "before the rules begin"
        lines += ["", f"## Awareness {heading}: {len(listed):,}", ""]
        for difference in listed[:_SHOWN]:
            lines += [
                f"- `{difference.incident.model_dump_json(exclude_defaults=True)}`",
                f"  - before: {difference.before}",
                f"  - after: {difference.after}",
            ]
        if len(listed) > _SHOWN:
            lines.append(f"- ... and {len(listed) - _SHOWN:,} more")
    return "\n".join(lines) + "\n"
