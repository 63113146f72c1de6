"""The rule catalogue (`docs/rules.md`): every rule file in plain English, with a flowchart.

Generated from the loaded rule book, never written by hand, so lawyers review the same rules the
engine evaluates. Regenerate with `safeguarding-notify docs --write docs`; a test fails while the
committed copy is stale. The generator reads only the rule-file format (`RuleVersion`,
`Conclusion`, the condition tree), so new rule files need no code here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from itertools import groupby

from ._conditions import All, Compare, Condition, Fact, Not, RuleRef
from ._conditions import Any as AnyOf
from ._explain import RECIPIENT_NAMES, describe_fact, format_date
from ._rulefile import Conclusion, GroupingRule, RuleBook, RuleVersion

__all__ = ["REGENERATE", "conclusion_text", "rules_markdown"]

REGENERATE = "safeguarding-notify docs --write docs"

_CERTAINTY = {
    "statute": "statute: the legislation's own text was read",
    "official": "official: a gov.uk, DfE or Panel page was read",
    "secondary": "secondary: a local safeguarding procedure quoting the guidance was read",
    "unverified": "unverified: to be checked against the source",
}
_RESPONSIBLE_WORDS = {
    "event_location": "where the event happened",
    "child_residence_area": "where the child normally lives",
}
_AREA_WORDS = {
    "notifying_authority": " of the notifying authority's area",
    "child_residence_area": " of the area where the child normally lives",
    "looked_after_by_area": " of the area of the authority that looks after the child",
}
# What a deadline's working days count from, by a conclusion's `counted_from`.
_CLOCK_WORDS = {
    "became_aware_on": "of becoming aware",
    "abuse_or_neglect_suspected_on": "of becoming aware, or of first knowing or suspecting abuse "
    "or neglect where that came later",
}
# Which date's version of a rule decides an incident, by the rule's `chosen_by`.
_CHOSEN_BY_WORDS = {
    "became_aware_on": "the date of becoming aware",
    "abuse_or_neglect_suspected_on": "the date of first knowing or suspecting abuse or neglect "
    "(the date of becoming aware where that did not come later)",
}
# What a rapid review's working days count from, by the anchor a rule file names (None: from the
# conclusion's own clock, its `counted_from`).
_ANCHOR_WORDS: dict[str, str | None] = {
    "panel_notification_sent": "of the date the Panel notification was sent",
    "became_aware": None,
}
_ADVICE_WORDS = {
    "consider_notifying": "advise the practitioner to consider notifying",
    "consider_treating_as_serious": "advise the practitioner to consider treating the incident "
    "as serious (and so notifying)",
}
# How a form-grouping policy puts the children who need a Panel notification on forms.
_POLICY_WORDS = {
    "one_form_per_child": "a separate form for each child",
    "one_form_per_sibling_group": "one form for each sibling group (children sharing "
    "`child.sibling_group`), one form each for the other children",
    "one_form_per_incident": "one form for the whole incident",
    "one_form_for_main_child": "one form for the main child believed to be a victim "
    "(`main_child`), the others listed in it",
}
_EVENT_WORDS = {
    "death": "A child died",
    "serious_harm": "Serious harm (and any other event a notification is owed for)",
    "serious_harm_in_large_scale_cse_operation": "Serious harm in a large-scale child sexual "
    "exploitation operation",
}
# (is it an `all`, is it negated) -> how the group reads.
_GROUP_WORDS = {
    (True, False): "all of",
    (False, False): "any of",
    (True, True): "not all of",
    (False, True): "none of",
}
_INDENT = "    "  # four spaces: Python-Markdown (MkDocs) nests lists only at four


def rules_markdown(book: RuleBook) -> str:
    """The whole catalogue page as Markdown."""
    # By folder (instrument), then id, then version, so the versions of one rule sit together.
    rules = sorted(
        book.rules, key=lambda rule: (rule.file.rpartition("/")[0], rule.id, rule.version)
    )
    lines = [
        "# Rule catalogue",
        "",
        f"<!-- Generated from rules/ by `{REGENERATE}`. Do not edit by hand. -->",
        "",
        "Every rule the library evaluates, generated from the rule files in `rules/` (rules "
        f"version `{book.version}`). Each rule is one provision or piece of guidance; the "
        "engine reads each condition in three values (true, false, unknown), so a rule whose "
        "condition turns on an unknown fact is *undetermined*, never silently not applied.",
        "",
        "| rule | provision | in force | gives |",
        "| --- | --- | --- | --- |",
    ]
    for rule in rules:
        gives = "; ".join(conclusion_text(then) for then in rule.then) or "(no conclusion)"
        lines.append(
            f"| [`{rule.id}`](#{rule.id}) v{rule.version} | {rule.basis} | "
            f"{_in_force(rule)} | {gives} |"
        )
    lines += ["", "## How the rules connect", "", *_flowchart(rules), ""]
    for rule_id, versions in groupby(rules, key=lambda rule: rule.id):
        lines += [f"## {rule_id}", ""]
        for rule in versions:
            lines += _version_section(rule)
    lines += _grouping_section(book.groupings)
    return "\n".join(lines).rstrip() + "\n"


def _in_force(rule: RuleVersion | GroupingRule) -> str:
    start = format_date(rule.effective_from)
    if rule.effective_to is None:
        return f"from {start}"
    return f"from {start} until {format_date(rule.effective_to - _ONE_DAY)}"


def conclusion_text(then: Conclusion) -> str:
    """One conclusion of a rule in words; fields this page has no words for are shown as data."""
    # Defaults left out: every field's is None but counted_from's, the awareness date.
    fields = then.model_dump(exclude_defaults=True, mode="json")
    text, handled = _known_conclusion(then)
    # A kind of conclusion (or a field) added to the rule-file format later is still shown.
    rest = ", ".join(f"{key}: {value}" for key, value in fields.items() if key not in handled)
    return "; ".join(part for part in (text, rest) if part)


def _known_conclusion(then: Conclusion) -> tuple[str, set[str]]:
    """The words for a conclusion of a kind this page knows, and the fields they cover."""
    if then.notify is not None:
        recipient = RECIPIENT_NAMES.get(then.notify, then.notify)
        area = (
            ""
            if then.area is None
            else _AREA_WORDS.get(str(then.area), f" of the area given by {then.area}")
        )
        within = (
            f", within {then.within_working_days} working days {_CLOCK_WORDS[then.counted_from]}"
            if then.within_working_days
            else ", no fixed deadline"
        )
        if then.deadline_certainty:
            within += (
                f" (the deadline rests on {then.deadline_certainty} sources, not the rule's own)"
            )
        return (
            f"notify {recipient}{area} ({then.strength}){within}",
            {
                "notify",
                "area",
                "strength",
                "within_working_days",
                "deadline_certainty",
                "counted_from",
            },
        )
    if then.rapid_review is not None and str(then.rapid_review) in _ANCHOR_WORDS:
        anchor = _ANCHOR_WORDS[str(then.rapid_review)] or _CLOCK_WORDS[then.counted_from]
        return (
            "the safeguarding partners complete a rapid review and send it to the Panel "
            f"({then.strength}), within {then.within_working_days} working days "
            f"{anchor} (a consequence of the Panel notification, "
            "not an obligation of the notifying authority)",
            {"rapid_review", "strength", "within_working_days", "counted_from"},
        )
    if then.advise is not None and str(then.advise) in _ADVICE_WORDS:
        return (
            f"{_ADVICE_WORDS[str(then.advise)]} (advice, never an obligation)",
            {"advise"},
        )
    if then.responsible_authority in _RESPONSIBLE_WORDS:
        return (
            f"name the authority {_RESPONSIBLE_WORDS[str(then.responsible_authority)]} as the one "
            "whose duty it is",
            {"responsible_authority"},
        )
    if then.flag == "legal_review":
        return "flag the decision for legal review", {"flag"}
    return "", set()


def _version_section(rule: RuleVersion) -> list[str]:
    ends = f"until {format_date(rule.effective_to)} (exclusive)" if rule.effective_to else "open"
    lines = [
        f"### Version {rule.version}: {rule.title}",
        "",
        f"- **Provision:** [{rule.basis}]({rule.url})",
        f"- **Certainty of the source:** {_CERTAINTY.get(rule.certainty, rule.certainty)}",
        f"- **In force:** from {format_date(rule.effective_from)} (inclusive), {ends}",
        f"- **Counts towards the Panel answer:** {'yes' if rule.decides_panel else 'no'}",
        f"- **Version chosen by:** {_CHOSEN_BY_WORDS[rule.chosen_by]}",
        f"- **File:** `rules/{rule.file}`",
        "",
        "**Applies when:**",
        "",
        *_condition_lines(rule.when, 0),
        "",
        "**Then:**",
        "",
        *([f"- {conclusion_text(then)}" for then in rule.then] or ["- nothing is owed"]),
        "",
        "**In the decision's reasons:**",
        "",
        f"- *applies:* {rule.explain.applies}",
        f"- *does not apply:* {rule.explain.does_not_apply}",
        f"- *undetermined:* {rule.explain.undetermined}",
        "",
    ]
    if rule.review_note:
        lines += [f"**Review note:** {' '.join(rule.review_note.split())}", ""]
    if rule.not_encoded:
        lines += [f"**Not encoded:** {' '.join(rule.not_encoded.split())}", ""]
    return lines


def _grouping_section(groupings: Iterable[GroupingRule]) -> list[str]:
    """The form-grouping rules: how many Panel notifications an incident with several children
    needs. They are not given to the engine; `plan_notifications` picks one by submission date."""
    rules = sorted(groupings, key=lambda rule: (rule.id, rule.version))
    if not rules:
        return []
    lines = [
        "",
        "## Notification forms for several children",
        "",
        "How many notifications to submit to the Panel, and which children each covers, when "
        "one incident involves several children (`safeguarding-notify plan`, "
        "`plan_notifications`). Unlike the rules above these are chosen by the **date of "
        "submission** (default: today), because they describe the form or service in use on "
        "that day; they never change whether a child's notification is required.",
        "",
        "| rule | source | in force (date of submission) | certainty |",
        "| --- | --- | --- | --- |",
    ]
    lines += [
        f"| [`{rule.id}`](#{rule.id}) v{rule.version} | {rule.basis} | {_in_force(rule)} | "
        f"{rule.certainty} |"
        for rule in rules
    ]
    for rule_id, versions in groupby(rules, key=lambda rule: rule.id):
        lines += ["", f"### {rule_id}", ""]
        for rule in versions:
            lines += _grouping_version(rule)
    return lines


def _grouping_version(rule: GroupingRule) -> list[str]:
    ends = f"until {format_date(rule.effective_to)} (exclusive)" if rule.effective_to else "open"
    policies = rule.grouping.model_dump(exclude_none=True)
    detailed = policies.pop("children_detailed_per_form", None)
    lines = [
        f"#### Version {rule.version}: {rule.title}",
        "",
        f"- **Source:** [{rule.basis}]({rule.url})",
        f"- **Certainty of the source:** {_CERTAINTY.get(rule.certainty, rule.certainty)}",
        f"- **In force for submissions:** from {format_date(rule.effective_from)} (inclusive), "
        f"{ends}",
        f"- **File:** `rules/{rule.file}`",
        "",
        "**Forms:**",
        "",
        *(
            f"- {_EVENT_WORDS.get(event, event)}: {_POLICY_WORDS.get(policy, policy)}"
            for event, policy in policies.items()
        ),
        "- Children detailed on one form: "
        + (
            f"up to {detailed}; the others go in as further information" if detailed else "no limit"
        ),
        "",
        f"**Review note:** {' '.join(rule.review_note.split())}",
        "",
    ]
    if rule.not_encoded:
        lines += [f"**Not encoded:** {' '.join(rule.not_encoded.split())}", ""]
    return lines


def _condition_lines(condition: Condition, depth: int) -> list[str]:
    """A condition as a nested Markdown list."""
    bullet = f"{_INDENT * depth}- "
    negated = isinstance(condition, Not)
    group = condition.item if isinstance(condition, Not) else condition
    if isinstance(group, All | AnyOf):
        head = _GROUP_WORDS[(isinstance(group, All), negated)]
        return [f"{bullet}{head}:"] + [
            line for item in group.items for line in _condition_lines(item, depth + 1)
        ]
    return [f"{bullet}{condition_phrase(condition)}"]


def condition_phrase(condition: Condition) -> str:
    """A single fact, comparison or rule reference (possibly negated) in words."""
    negated = isinstance(condition, Not)
    inner = condition.item if isinstance(condition, Not) else condition
    if isinstance(inner, Fact | Compare):
        return describe_fact(inner, "false" if negated else "true")
    if isinstance(inner, RuleRef):
        verb = "does not apply" if negated else "applies"
        return f"rule [`{inner.rule}`](#{inner.rule}) {verb}"
    if isinstance(inner, Not):  # a double negation reads as the plain condition
        return condition_phrase(inner.item)
    # A group inside a phrase (never needed by the list above, which nests instead) reads inline.
    head = _GROUP_WORDS[(isinstance(inner, All), negated)]
    return f"{head} ({'; '.join(condition_phrase(item) for item in inner.items)})"


# -- the flowchart -------------------------------------------------------------------------------


class _Chart:
    """Mermaid flowchart lines with one node per fact, rule, junction and conclusion."""

    def __init__(self, rules: Iterable[RuleVersion]) -> None:
        self.ids: dict[str, str] = {}
        self.definitions: list[str] = []
        self.edges: list[str] = []
        for rule_id in dict.fromkeys(rule.id for rule in rules):
            self.ids[f"rule:{rule_id}"] = f"r{len(self.ids)}"

    def rule(self, rule_id: str) -> str:
        return self.ids[f"rule:{rule_id}"]

    def node(self, key: str, shape: str, text: str) -> str:
        """The id of the node for `key`, defining it on first use; `shape` wraps the label."""
        if key not in self.ids:
            self.ids[key] = f"n{len(self.ids)}"
            opening, closing = shape.split("|")
            self.definitions.append(f'{self.ids[key]}{opening}"{_label(text)}"{closing}')
        return self.ids[key]

    def edge(self, source: str, target: str, label: str | None = None) -> None:
        arrow = f" -.->|{label}| " if label else " --> "
        line = f"    {source}{arrow}{target}"
        if line not in self.edges:
            self.edges.append(line)

    def link(self, condition: Condition, target: str, negated: bool = False) -> None:
        """Edges from what a condition reads into `target`."""
        if isinstance(condition, Not):
            self.link(condition.item, target, not negated)
        elif isinstance(condition, Fact | Compare):
            text = describe_fact(condition, "true")
            self.edge(self.node(f"fact:{text}", "[|]", text), target, "not" if negated else None)
        elif isinstance(condition, RuleRef):
            label = "does not apply" if negated else None
            self.edge(self.rule(condition.rule), target, label)
        elif isinstance(condition, All) and not negated:
            for item in condition.items:
                self.link(item, target)
        else:
            words = _GROUP_WORDS[(isinstance(condition, All), negated)]
            # One junction per distinct group, shared by every rule that reads the same group.
            junction = self.node(f"junction:{words}:{condition!r}", "((|))", words)
            for item in condition.items:
                self.link(item, junction)
            self.edge(junction, target)


def _flowchart(rules: list[RuleVersion]) -> list[str]:
    chart = _Chart(rules)
    rule_nodes = []
    for rule_id, versions in groupby(rules, key=lambda rule: rule.id):
        listed = list(versions)
        numbers = ", ".join(f"v{rule.version}" for rule in listed)
        node = chart.rule(rule_id)
        text = f"{rule_id} ({numbers})<br/>{listed[-1].basis}"
        rule_nodes.append(f'{node}{{{{"{_label(text)}"}}}}')
        for rule in listed:
            chart.link(rule.when, node)
            for then in rule.then:
                text = conclusion_text(then)
                chart.edge(node, chart.node(f"then:{text}", "([|])", text))
    return [
        "Read from left to right: the recorded facts, the rules they feed (hexagons), and what "
        "each rule gives when it applies (rounded). Dotted arrows are negated: the rule needs "
        "the fact to be false, or the other rule not to apply.",
        "",
        "```mermaid",
        "flowchart LR",
        *(f"    {definition}" for definition in [*chart.definitions, *rule_nodes]),
        *chart.edges,
        "```",
    ]


def _label(text: str) -> str:
    return text.replace('"', "#quot;")


_ONE_DAY = date(2000, 1, 2) - date(2000, 1, 1)
