"""docs/decision-table.md is the engine's own answers over the whole space, kept current."""

from __future__ import annotations

from pathlib import Path

from safeguarding_notify._decide import default_decider
from safeguarding_notify._decision_table import render

TABLE = Path(__file__).resolve().parents[1] / "docs" / "decision-table.md"
REGENERATE = "python -m safeguarding_notify._decision_table > docs/decision-table.md"


def test_the_committed_decision_table_is_current() -> None:
    """The committed table equals the one generated from the rules now; else it must be regenerated."""
    assert TABLE.read_text(encoding="utf-8") == render(default_decider()), (
        f"docs/decision-table.md is stale (the rules or the generator changed); regenerate it with "
        f"`{REGENERATE}`, review the difference and commit it"
    )


def test_the_table_shows_the_answers_a_reviewer_needs() -> None:
    """Each rule that can apply appears in the table, and every Panel answer has rows."""
    text = render(default_decider())
    for rule in default_decider().book.rules:
        assert f"`{rule.id}`" in text
    for answer in ("**required**", "undetermined", "not required"):
        assert f"| {answer} |" in text
