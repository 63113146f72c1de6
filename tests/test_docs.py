"""The docs site stays in step with the code: every page in the nav, every CSV column documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import incident
from safeguarding_notify import Decision, Incident, NotificationPlan, decide
from safeguarding_notify._csvio import columns_of
from safeguarding_notify.decision import (
    Advisory,
    FactChange,
    Obligation,
    RapidReview,
    Reason,
    WhatIf,
)

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _nav_pages() -> list[str]:
    # mkdocs.yml holds a !!python/name tag that the safe YAML loader refuses, so read the nav lines.
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return re.findall(r"^\s+- [^:\n]+: (\S+\.md)$", text, flags=re.MULTILINE)


def test_every_page_is_in_the_nav_and_exists() -> None:
    """Each Markdown page under docs/ is in the site's nav, and each nav entry exists."""
    pages = sorted(path.relative_to(DOCS).as_posix() for path in DOCS.rglob("*.md"))
    assert sorted(_nav_pages()) == pages, "add the page to nav in mkdocs.yml (or remove it)"


def test_every_csv_column_is_documented() -> None:
    """The CSV column table in the reference lists every column the audit reads."""
    reference = (DOCS / "reference.md").read_text(encoding="utf-8")
    section = reference.split("## CSV for the batch audit", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `([a-z_.]+)` \| ", section, flags=re.MULTILINE)
    assert documented == list(columns_of().leaves)


def test_every_mapping_column_is_documented_with_keys_the_library_accepts() -> None:
    """Each open mapping (notified_on) has `field.<key>` columns documented, with valid keys."""
    reference = (DOCS / "reference.md").read_text(encoding="utf-8")
    section = reference.split("## CSV for the batch audit", 1)[1].split("\n## ", 1)[0]
    assert columns_of().open_mappings == ("notified_on",)
    for mapping in columns_of().open_mappings:
        assert f"| `{mapping}.<" in section
        keys = re.findall(rf"`{mapping}\.([a-z_]+(?::E\d{{8}})?)`", section)
        assert {"panel", "safeguarding_partners", "safeguarding_partners:E09000007"} <= set(keys)
        for key in keys:  # every documented key is one the model accepts
            Incident.model_validate(
                incident(became_aware_on=None, **{mapping: {key: "2026-11-23"}})
            )


def test_the_errors_listed_for_callers_include_a_today_of_the_wrong_type() -> None:
    """README and integration.md, where they list what `decide` raises, say that a `today` that
    is not a date raises `TypeError`, as it does (they listed only ValidationError and the
    library's own)."""
    with pytest.raises(TypeError, match=r"^today must be a datetime\.date"):
        decide(incident(), today="2026-11-26")  # type: ignore[arg-type]
    for page in (ROOT / "README.md", DOCS / "integration.md"):
        text = " ".join(page.read_text(encoding="utf-8").split())
        listed = text.split("that is not a `datetime.date`", 1)
        assert len(listed) == 2, page
        assert "raises `TypeError`" in listed[1][:200], page  # in the same sentence


def test_the_exit_status_table_says_what_serve_exits_with() -> None:
    """The reference's exit status table gives `serve`'s refusals the statuses it exits with: a
    port in use 1 (the system's refusal; the table called 1 an engine or rule file failure only)
    and a host that is no address 2."""
    reference = (DOCS / "reference.md").read_text(encoding="utf-8")
    table = reference.split("## Exit status of the command line", 1)[1].split("\n## ", 1)[0]
    rows = {line[2]: line for line in table.splitlines() if line[:2] == "| " and line[2].isdigit()}
    assert "`serve` a port in use" in rows["1"]
    assert "Address already in use" in rows["1"]
    assert "`--host` is not an address" in rows["2"]


def test_every_output_field_is_named_in_the_reference() -> None:
    """Each field of a decision, of what it lists (obligations, reasons, advisories, the rapid review, the what-if) and of a plan is named in the reference's output sections, which an integrator reads for what comes back (found by the integrator's review: aware_rules_date, advice_only_facts, rule_version and five of the plan's were not)."""
    reference = (DOCS / "reference.md").read_text(encoding="utf-8")
    output = reference.split("## The output: a decision", 1)[1].split("\n## CSV", 1)[0]
    named = set(re.findall(r"`([a-z_]+)`", output))
    models = [Decision, NotificationPlan, Obligation, Reason, Advisory, RapidReview, WhatIf]
    models.append(FactChange)
    fields = {name for model in models for name in model.model_fields}
    assert sorted(fields - named) == []


def _row(text: str, field: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(f"| `{field}` |"))


@pytest.mark.parametrize("field", ["notes", "responsible_authority"])
def test_the_readme_and_the_reference_describe_the_field_alike(field: str) -> None:
    """These rows of the README's output table and of the reference page are one text, so what is added to one is added to the other (review s28, B7: the reference page's `notes` left out the edition note and the 29 February note)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    reference = (DOCS / "reference.md").read_text(encoding="utf-8")
    assert _row(readme, field) == _row(reference, field)
