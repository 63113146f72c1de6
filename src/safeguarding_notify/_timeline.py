"""The timeline of the rules: which versions are in force from when to when, as Markdown.

docs/timeline.md is this module's output for the shipped rules; a test keeps the two in step.
Regenerate it with `python -m safeguarding_notify._timeline > docs/timeline.md`.
"""

from __future__ import annotations

from datetime import date, timedelta

from ._rulefile import RuleBook, RuleVersion, load_rules

__all__ = ["timeline_markdown"]


def _gives(rule: RuleVersion) -> str:
    parts = []
    for then in rule.then:
        if then.notify:
            days = f", {then.within_working_days} working days" if then.within_working_days else ""
            parts.append(f"{then.notify} ({then.strength}{days})")
        elif then.advise:
            parts.append(f"advice: {then.advise}")
        elif then.flag:
            parts.append(f"flag: {then.flag}")
        elif then.responsible_authority:
            parts.append("responsible_authority")
    if rule.decides_panel:
        parts.insert(0, "decides notify_panel")
    return "; ".join(parts) or "-"


def _period_title(start: date, end: date | None) -> str:
    if end is None:
        # Not "in force today": a version commencing in the future also has no end date.
        return f"From {start} (no end date)"
    return f"From {start} to {end - timedelta(days=1)} inclusive"


def timeline_markdown(book: RuleBook) -> str:
    """Every period of unchanged rule versions, with the versions in force, then every version."""
    lines = [
        "# Timeline of the rules",
        "",
        "Generated from `rules/` by `python -m safeguarding_notify._timeline`; a test fails when "
        "this file",
        "is out of date. The rules in force on the date the authority became aware apply. When "
        "that date",
        "is not recorded, the event date chooses them, and the rules of every later period up to "
        "today",
        "are asked too: a decision gives only what they all agree on (with neither date recorded, "
        "those of",
        "every period from the child's birth to today, or to the first notification recorded as "
        "made if",
        "earlier, those of that last day giving the reasons; a note names any other edition of "
        "a rule",
        "cited that another of those days would apply). Dates before "
        f"{book.covered_from} are refused.",
        "",
        "## Periods",
    ]
    starts = list(book.boundaries)
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else None
        lines += ["", f"### {_period_title(start, end)}", ""]
        lines += ["| rule | version | certainty | gives |", "| --- | --- | --- | --- |"]
        for rule in sorted(book.in_force(start), key=lambda item: item.id):
            lines.append(f"| `{rule.id}` | {rule.version} | {rule.certainty} | {_gives(rule)} |")
    lines += [
        "",
        "## Every rule version",
        "",
        "| rule | version | from | to (exclusive) | provision |",
        "| --- | --- | --- | --- | --- |",
    ]
    for rule in sorted(book.rules, key=lambda item: (item.id, item.version)):
        lines.append(
            f"| `{rule.id}` | {rule.version} | {rule.effective_from} | "
            f"{rule.effective_to or 'open'} | {rule.basis} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    print(timeline_markdown(load_rules()), end="")
