"""docs/decision-table.md is the engine's own answers over the whole space, kept current."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from exhaustive import checking_decider
from safeguarding_notify._decision_table import render

TABLE = Path(__file__).resolve().parents[1] / "docs" / "decision-table.md"
REGENERATE = "python -m safeguarding_notify._decision_table > docs/decision-table.md"


@lru_cache(maxsize=1)
def _rendered() -> str:
    # The checking decider skips only the what-if search, which the table does not show, and
    # shares the engine's conclusions with the exhaustive check.
    return render(checking_decider())


def test_the_committed_decision_table_is_current() -> None:
    """The committed table equals the one generated from the rules now; else it must be regenerated."""
    assert TABLE.read_text(encoding="utf-8") == _rendered(), (
        f"docs/decision-table.md is stale (the rules or the generator changed); regenerate it with "
        f"`{REGENERATE}`, review the difference and commit it"
    )


def test_the_table_shows_the_answers_a_reviewer_needs() -> None:
    """Each rule that can apply appears in the table, and every Panel answer has rows."""
    text = _rendered()
    for rule in checking_decider().book.rules:
        assert f"`{rule.id}`" in text
    for answer in ("**required**", "undetermined", "not required"):
        assert f"| {answer} |" in text
