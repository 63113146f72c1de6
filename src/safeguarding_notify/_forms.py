"""Putting the children who need a Panel notification on forms, as a grouping rule says.

This decides nothing about whether anyone is notified: it takes the children the engine
found "required" and groups them by the policy the rule gives for their kind of event.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from ._rulefile import Grouping
from ._status import MADE
from .decision import Obligation
from .plan import FormPolicy, NotificationForm, PlannedChild

if TYPE_CHECKING:
    from .group import IncidentGroup

__all__ = ["forms_for", "panel_obligations"]

FormKey = tuple[str, ...]


def forms_for(
    required: Sequence[PlannedChild], group: IncidentGroup, grouping: Grouping
) -> tuple[list[NotificationForm], list[str], list[str]]:
    """The forms, the facts still missing for them, and notes, in the order of the incidents."""
    members: dict[FormKey, list[PlannedChild]] = {}
    policies: dict[FormKey, FormPolicy] = {}
    for child in required:
        policy = _policy(child, group, grouping)
        key = _key(policy, child)
        members.setdefault(key, []).append(child)
        policies.setdefault(key, policy)
    forms: list[NotificationForm] = []
    missing: list[str] = []
    notes: list[str] = []
    for key, children in members.items():
        ordered = sorted(children, key=lambda child: _detail_order(child, group))
        # A child with no sibling recorded is on a form of their own, whatever the rule's policy.
        policy = "one_form_per_child" if key[0] == "child" else policies[key]
        main: int | None = None
        if policy == "one_form_for_main_child":
            main = group.main_child if group.main_child in [c.index for c in children] else None
            detailed = [child for child in ordered if child.index == main]
            if main is None:
                missing.append("main_child")
                notes.append(
                    "The large-scale child sexual exploitation operation is notified on one form "
                    "for the main child believed to be a victim, with the others listed in it: "
                    + (
                        "mark main_child (the position of that child's incident) to complete it."
                        if group.main_child is None
                        # Marked, but not a child this form is for: asking to "mark" it misled.
                        else f"main_child marks incidents[{group.main_child}], who is not "
                        "among the children this form is for (a death has a form of its own, "
                        "and a child whose Panel answer is not required, or not yet decided, is "
                        "on none): mark one of the children it lists."
                    )
                )
        else:
            detailed = ordered[: grouping.children_detailed_per_form]
            if group.large_scale_child_sexual_exploitation_operation and any(
                child.index == group.main_child for child in detailed
            ):
                # Marked and detailed first (`_detail_order`), the main child is said to be so
                # under any policy (it was null under the form per incident: review s28, C23).
                main = group.main_child
        shown = {child.index for child in detailed}
        further = [child for child in ordered if child.index not in shown]
        if further and policy != "one_form_for_main_child":
            notes.append(
                f"A form details at most {grouping.children_detailed_per_form} children; "
                f"{len(further)} more go in as further information."
            )
        forms.append(_form(policy, key, detailed, further, main))
        made = [child for child in children if _panel_made(child)]
        if made and len(made) < len(children) and policy != "one_form_per_child":
            # One notification for several children, one already made for some of them: the
            # rest may belong on that one rather than on a new one (review s24, F2).
            notes.append(
                f"On form {len(forms)}, a Panel notification is recorded as made for "
                f"{_children_words(made)}; one notification covers the form's children, so the "
                "others on it may be added to the one made rather than submitted anew: check "
                "with the notification service."
            )
        if any(_panel_due(child) is None for child in children):
            notes.append(
                "A form's due date is the earliest known among its children; at least one "
                "child's date of awareness is not recorded."
            )
    return forms, missing, notes


def _policy(child: PlannedChild, group: IncidentGroup, grouping: Grouping) -> FormPolicy:
    if group.incidents[child.index].event.kind == "death":
        return grouping.death
    if group.large_scale_child_sexual_exploitation_operation:
        return grouping.serious_harm_in_large_scale_cse_operation
    return grouping.serious_harm


def _key(policy: FormPolicy, child: PlannedChild) -> FormKey:
    if policy == "one_form_per_incident":
        return ("incident",)
    if policy == "one_form_for_main_child":
        return ("operation",)
    if policy == "one_form_per_sibling_group" and child.sibling_group:
        return ("siblings", child.sibling_group)
    # A child with no sibling group recorded is treated as having no sibling in the incident.
    return ("child", str(child.index))


def _detail_order(child: PlannedChild, group: IncidentGroup) -> tuple[bool, bool, date, int]:
    # Which children a form details when it cannot detail all: the main child of an operation,
    # then children who died, then the earliest due dates, then the order given.
    died = group.incidents[child.index].event.kind == "death"
    return (child.index != group.main_child, not died, _panel_due(child) or date.max, child.index)


def panel_obligations(children: Iterable[PlannedChild]) -> list[Obligation]:
    """The Panel notification of each of these children (a form's: detailed and as further
    information)."""
    return [
        item
        for child in children
        for item in child.decision.obligations
        if item.recipient == "panel"
    ]


def _panel_made(child: PlannedChild) -> bool:
    return any(item.status in MADE for item in panel_obligations([child]))


def _children_words(children: Sequence[PlannedChild]) -> str:
    """Children named by their position in the group (from 1) and case reference."""
    return ", ".join(
        f"child {child.index + 1}" + (f" ({child.case_reference})" if child.case_reference else "")
        for child in children
    )


def _panel_due(child: PlannedChild) -> date | None:
    return next((item.due_by for item in panel_obligations([child])), None)


def _form(
    policy: FormPolicy,
    key: FormKey,
    detailed: list[PlannedChild],
    further: list[PlannedChild],
    main: int | None,
) -> NotificationForm:
    panel = panel_obligations([*detailed, *further])
    # What is still to submit is due by the earliest of the notifications not yet made: one made
    # already, due sooner, gave a form "by 26 November [due today]" on the 27th (review s25, B3).
    waiting = [item for item in panel if item.status not in MADE] or panel
    dues = [item.due_by for item in waiting if item.due_by is not None]
    return NotificationForm(
        policy=policy,
        children=detailed,
        further_information=further,
        main_child=main,
        sibling_group=key[1] if key[0] == "siblings" else None,
        due_by=min(dues) if dues else None,
        provisions=list(dict.fromkeys(item.basis for item in panel)),
        rules=list(dict.fromkeys(item.rule for item in panel)),
    )
