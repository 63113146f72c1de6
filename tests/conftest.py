"""Shared helpers: a baseline incident, dotted-path overrides for example tables, and whether a
decision's missing facts went unranked."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from safeguarding_notify import Decision
from safeguarding_notify._ranking import UNRANKED_NOTE

OUR_AREA = "E08000025"  # Birmingham
OTHER_AREA = "E09000007"  # Camden
THIRD_AREA = "E06000001"  # Hartlepool

BASELINE: dict[str, Any] = {
    "case_reference": "T-1",
    "notifying_authority": OUR_AREA,
    "child": {
        "date_of_birth": "2015-03-01",
        "normally_resident": {"country": "england", "local_authority": OUR_AREA},
        "looked_after": "no",
    },
    "event": {
        "kind": "death",
        "date": "2026-11-18",
        "location": {"country": "england", "local_authority": OUR_AREA},
    },
    "abuse_or_neglect": "suspected",
    "became_aware_on": "2026-11-20",
}


def incident(**overrides: Any) -> dict[str, Any]:
    """The baseline with dotted paths replaced, e.g. incident(**{"event.kind": None})."""
    return changed(BASELINE, **overrides)


def changed(original: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    """A copy of an incident document with dotted paths replaced ("<absent>" removes one)."""
    document = copy.deepcopy(original)
    for path, value in overrides.items():
        *parents, leaf = path.split(".")
        target = document
        for part in parents:
            target = target[part]
        if value == "<absent>":
            target.pop(leaf, None)
        else:
            target[leaf] = copy.deepcopy(value)
    return document


def unranked(decision: Decision) -> bool:
    """Whether the decision says its missing facts are unranked (too many unknowns to search)."""
    return UNRANKED_NOTE in decision.notes


@pytest.fixture
def make_incident() -> Any:
    return incident
