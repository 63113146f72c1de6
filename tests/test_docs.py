"""The docs site stays in step with the code: every page in the nav, every CSV column documented."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import incident
from safeguarding_notify import Incident
from safeguarding_notify._csvio import columns_of

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
