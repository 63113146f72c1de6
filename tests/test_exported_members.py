"""The public surface: `__all__` lists exactly the package's public names (as httpx checks)."""

from __future__ import annotations

import types
from typing import Any, get_args

import pytest
from pydantic import BaseModel

import safeguarding_notify


def test_all_lists_every_public_name_and_only_those() -> None:
    """Every public attribute (submodules aside) is in `__all__`, and `__all__` names nothing else."""
    public = {
        name
        for name, value in vars(safeguarding_notify).items()
        if (not name.startswith("_") or name == "__version__")
        and not isinstance(value, types.ModuleType)
    }
    assert set(safeguarding_notify.__all__) == public
    # Listed once each; the order (constants first, then isort's) is ruff's RUF022.
    assert len(safeguarding_notify.__all__) == len(public)


def test_version_is_the_single_source() -> None:
    """`__version__` is the one in _version.py, which the build reads too."""
    from safeguarding_notify._version import __version__

    assert safeguarding_notify.__version__ == __version__
    assert __version__.count(".") == 2


def _enum(schema: dict[str, Any]) -> tuple[str, ...]:
    """The string values a field's JSON Schema allows (a nullable field's included)."""
    options = schema.get("anyOf", [schema])
    return tuple(value for option in options for value in option.get("enum", ()))


@pytest.mark.parametrize(
    ("alias", "model", "field"),
    [
        (safeguarding_notify.PanelAnswer, safeguarding_notify.Decision, "notify_panel"),
        (safeguarding_notify.PanelAnswer, safeguarding_notify.PlannedChild, "notify_panel"),
        (safeguarding_notify.Recipient, safeguarding_notify.Obligation, "recipient"),
        (safeguarding_notify.Status, safeguarding_notify.Obligation, "status"),
        (safeguarding_notify.Status, safeguarding_notify.Decision, "panel_status_if_required"),
        (safeguarding_notify.Certainty, safeguarding_notify.Obligation, "certainty"),
        (safeguarding_notify.Outcome, safeguarding_notify.Reason, "outcome"),
        (safeguarding_notify.Advice, safeguarding_notify.Advisory, "advice"),
    ],
)
def test_exported_value_types_are_the_values_the_output_holds(
    alias: Any, model: type[BaseModel], field: str
) -> None:
    """Each exported value type (for callers' type hints and `match` statements) lists exactly
    the values the output's JSON Schema allows in the field it types."""
    schema = model.model_json_schema(mode="serialization")["properties"][field]
    assert _enum(schema) == get_args(alias)


def test_a_deciders_collaborators_take_no_public_name() -> None:
    """The decider's missing-facts search and what-if answers are private: a subclass's own
    `missing_facts` or `what_if_answers` (the former a `Decision` field's name) is not overwritten
    when the decider is made, and deciding does not reach for it."""

    class Mine(safeguarding_notify.Decider):
        missing_facts = "mine"
        what_if_answers = "mine"

    decider = Mine()
    assert (decider.missing_facts, decider.what_if_answers) == ("mine", "mine")
    unknown = {
        "notifying_authority": "E08000025",
        "child": {"date_of_birth": "2012-05-05", "normally_resident": None, "looked_after": "no"},
        "event": {"kind": "death", "date": "2026-11-18", "location": None},
        "abuse_or_neglect": "unknown",
        "became_aware_on": "2026-11-20",
    }
    decision = decider.decide(unknown)
    assert decision.missing_facts
    assert decision.what_if
