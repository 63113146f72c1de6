"""Rule files damaged at random: each is refused at load time naming the file, or still loads and
decides; no other exception escapes (issue 6: malformed rule files refused with file and problem)."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CHECKOUT_RULES, incident
from safeguarding_notify import Decider, Decision, RuleFileError, RulesNotInForceError
from safeguarding_notify._rulefile import load_rules

FILES = sorted(path.relative_to(CHECKOUT_RULES) for path in CHECKOUT_RULES.rglob("*.yaml"))

# Words of the rule format, so that damage often looks like a plausible slip.
WORDS = [
    *("", "panel", "must", "should", "applies", "2018-06-29", "<", ">=", "event_is_death"),
    *("age_on_event_date", "event_date", "all", "any", "not", "rule", "compare", "op", "value"),
    *("s16c-1a-event-in-area", "notify", "flag", "advise", "within_working_days", "area"),
]
# What a careless edit might leave in a key: any YAML scalar or small structure, dates and
# fact-like words included.
VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=True)
    | st.dates()
    | st.sampled_from(WORDS)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=8,
)


@pytest.fixture(scope="module")
def rules_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("fuzz") / "rules"
    shutil.copytree(CHECKOUT_RULES, target)
    return target


@st.composite
def damaged(draw: st.DrawFn, document: Any) -> Any:
    """`document` with one node replaced, one key removed or one key added, at a random depth."""
    if not isinstance(document, dict | list) or not document or draw(st.integers(0, 4)) == 0:
        return draw(VALUES)
    keys = list(document) if isinstance(document, dict) else list(range(len(document)))
    # The conditions and conclusions, whose checks are the most intricate, are damaged as often
    # as every other key together.
    intricate = [key for key in ("when", "then") if isinstance(document, dict) and key in document]
    key = draw(st.sampled_from(keys) | st.sampled_from(intricate or keys))
    copy: Any = dict(document) if isinstance(document, dict) else list(document)
    action = draw(st.sampled_from(["descend", "descend", "remove", "add"]))
    if action == "remove":
        del copy[key]
    elif action == "add" and isinstance(copy, dict):
        copy[draw(st.text(min_size=1, max_size=12))] = draw(VALUES)
    else:
        copy[key] = draw(damaged(document[key]))
    return copy


@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")) // 2,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.sampled_from(FILES), st.data())
def test_a_damaged_rule_file_is_refused_naming_it_or_still_decides(
    rules_copy: Path, file: Path, data: st.DataObject
) -> None:
    """Any one change to one rule file (a value replaced, a key removed or added, at any depth)
    either is refused by `load_rules` with a RuleFileError whose message starts with a file's
    name, or gives rules that build a decider and decide an incident (or say the rules are not
    in force for it)."""
    path = rules_copy / file
    original = (CHECKOUT_RULES / file).read_text(encoding="utf-8")
    document = yaml.safe_load(original)
    path.write_text(yaml.safe_dump(data.draw(damaged(document)), allow_unicode=True), "utf-8")
    try:
        outcome = _outcome(rules_copy)
    finally:
        path.write_text(original, "utf-8")
    if isinstance(outcome, RuleFileError):
        assert str(outcome).startswith(f"{outcome.file}: ")
        assert (rules_copy / outcome.file).is_file()
    else:
        assert isinstance(outcome, Decision | RulesNotInForceError)


def _outcome(rules: Path) -> RuleFileError | Decision | RulesNotInForceError:
    """The rules' refusal, or the decision they give the baseline incident (or their refusal of
    its date); any other exception propagates and fails the test."""
    try:
        book = load_rules(rules)
    except RuleFileError as error:
        return error
    try:
        return Decider(book=book).decide(incident(), date(2026, 11, 26))
    except RulesNotInForceError as error:
        return error
