"""What a change of the rules changes: the decisions two rules directories take differently.

For the reviewer of a rule change, which is a change of data: every combination of the facts
either set of rules turns on, in every period of either (up to the later of their checking
horizons, so a change commencing after today is included), is built as a concrete incident, as
the decision table and the comparison with the oracle build them, and decided under both. Those
decided differently are listed with what each set of rules answers: the Panel answer and, where
undetermined, its deadline should it become required, each notification (recipient, strength,
due date, how sure its source and deadline are), another authority's duty, the rapid review
(its strength, what it counts from, its due date, how sure its source is), the flags for legal
review, the questions asked and the advice. Wording (reasons, notes) is left out, so a
correction of a citation or an explanation shows as no difference.

Form-grouping rules decide no incident, only how many forms a plan submits: the versions that
differ between the two directories are listed apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from ._decide import Decider
from ._explain import format_date
from ._rulefile import GroupingRule, RuleBook
from ._space import IncidentBuilder, checking_horizon, period_span, subspaces
from .errors import DATE_REFUSALS
from .incident import Incident

__all__ = ["Difference", "differences", "grouping_changes", "report", "suspected_later"]

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
    flagging = (_flagging(old), _flagging(new))
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
                        before = _answer(old, incident, horizon, flagging[0])
                        after = _answer(new, incident, horizon, flagging[1])
                        if before != after:
                            yield Difference(incident, before, after)


def grouping_changes(old: RuleBook, new: RuleBook) -> list[str]:
    """Each form-grouping rule version in one set of rules and not, as it is, in the other."""

    def described(rule: GroupingRule) -> str:
        until = f" to {rule.effective_to}" if rule.effective_to else ""
        policies = rule.grouping.model_dump(exclude_none=True)
        return (
            f"{rule.id} v{rule.version}, from {rule.effective_from}{until} ({rule.certainty}): "
            f"{policies}"
        )

    before = {described(rule) for rule in old.groupings}
    after = {described(rule) for rule in new.groupings}
    return [f"before only: {line}" for line in sorted(before - after)] + [
        f"after only: {line}" for line in sorted(after - before)
    ]


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


def _answer(decider: Decider, incident: Incident, today: date, flagging: frozenset[str]) -> str:
    """What a decision answers, in one line, without its wording or statuses."""
    try:
        decision = decider.decide(incident, today)
    except DATE_REFUSALS as error:
        return f"refused: {error}"
    parts: list[str] = [decision.notify_panel]
    if decision.panel_due_by_if_required:
        # An undetermined decision's running deadline, which the audit counts by its status: a
        # change of the Panel's working days moved it unreported (review s24, F4).
        parts.append(f"Panel by {decision.panel_due_by_if_required} if required")
    parts += [
        f"{item.recipient}{' of ' + item.area if item.area else ''} {item.strength} by "
        f"{item.due_by or 'no date'} (source {item.certainty}, deadline "
        f"{item.due_by_certainty or 'none'})"
        for item in decision.obligations
    ]
    if decision.responsible_authority:
        parts.append(f"another authority's duty: {decision.responsible_authority}")
    if decision.rapid_review:
        review = decision.rapid_review
        parts.append(
            f"rapid review {review.strength} from {review.anchor} by "
            f"{review.due_by or 'no date'} (source {review.certainty})"
        )
    # A flag for legal review is a note, but no wording: a rule change dropping one from every
    # unborn child's decision read as changing nothing (review s26, B3).
    flagged = [
        reason.rule
        for reason in decision.reasons
        if reason.outcome == "applies" and reason.rule in flagging
    ]
    if flagged:
        parts.append("flagged for legal review by " + ", ".join(flagged))
    if decision.missing_facts:
        parts.append("asks " + ", ".join(decision.missing_facts))
    if decision.advisories:
        parts.append("advises " + ", ".join(item.rule for item in decision.advisories))
    return "; ".join(parts)


def _flagging(decider: Decider) -> frozenset[str]:
    """The ids of the rules that flag a decision for legal review, in any of their versions."""
    return frozenset(rule.id for rule in decider.book.rules if any(then.flag for then in rule.then))


def report(old: Decider, new: Decider, horizon: date | None = None) -> str:
    """The differences as Markdown, by the period (of `new`) of each incident's awareness."""
    found = list(differences(old, new, horizon))
    groupings = grouping_changes(old.book, new.book)
    lines = [
        "# Decisions changed by the rules",
        "",
        f"Before: rules `{old.rules_version}`. After: rules `{new.rules_version}`.",
        f"{len(found):,} combinations of facts decided differently"
        + (":" if found else " (wording aside, nothing any decision answers changes)."),
    ]
    if groupings:
        # A plan's number of forms changes with them, which no decision shows (it said "nothing
        # any decision answers changes" of one notification made two: review s24, F5).
        lines += ["", "## Form-grouping rules changed (how many forms a plan submits)", ""]
        lines += [f"- {line}" for line in groupings]
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
