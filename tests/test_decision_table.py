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


def test_a_row_owing_nothing_says_whether_a_question_may_still_owe_something() -> None:
    """A row with nothing owed reads "none" only where nothing is still to ask, and "none yet"
    only where a question is (a plain "none" beside an open question read as settled)."""
    counted = {"none": 0, "none yet": 0}
    for table in _rendered().split("\n\n"):
        lines = [line for line in table.splitlines() if line.startswith("|")]
        if not lines or "Notifications owed" not in lines[0]:
            continue
        columns = [cell.strip() for cell in lines[0].strip("|").split("|")]
        for line in lines[2:]:  # after the header and its rule
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            row = dict(zip(columns, cells, strict=True))
            owed, asking = row["Notifications owed"], row["Still to ask"]
            if owed in counted:
                counted[owed] += 1
                assert (owed == "none yet") == (asking != "-"), line
    assert all(counted.values()), counted
