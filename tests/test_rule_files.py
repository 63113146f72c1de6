"""Broken rule files are refused at load time, naming the file and the problem; YAML cannot run code."""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import CHECKOUT_RULES, RULE_TEMPLATE
from safeguarding_notify import Decider, RuleFileError, _rulefile
from safeguarding_notify._conditions import OUTCOME_OF, Condition, evaluate
from safeguarding_notify._decide import _axes_of, _axes_read
from safeguarding_notify._engine import _no_references
from safeguarding_notify._rulefile import load_rules

CASES = Path(__file__).parent / "rulefiles"


def _expectation(case: Path) -> tuple[str, str]:
    """The file that must be named and the fragment its refusal must contain (`# expect:` line)."""
    found = [
        (path.name, line.removeprefix("# expect:").strip())
        for path in sorted(case.glob("*.yaml"))
        for line in path.read_text().splitlines()[:1]
        if line.startswith("# expect:")
    ]
    assert len(found) == 1, f"{case.name}: exactly one file must carry an '# expect:' line"
    return found[0]


@pytest.mark.parametrize("case", sorted(CASES.iterdir()), ids=lambda case: case.name)
def test_broken_rule_file_is_refused(case: Path) -> None:
    """Each folder in tests/rulefiles is refused at load time with its file's name and the expected problem."""
    file, fragment = _expectation(case)
    with pytest.raises(RuleFileError) as caught:
        load_rules(case)
    assert caught.value.file == file
    assert fragment in caught.value.problem
    assert str(caught.value).startswith(f"{file}: ")
    assert "\n" not in str(caught.value)  # PyYAML's own text spans several lines


def _template(tmp_path: Path) -> Path:
    """A rules directory holding only the template the broken cases start from."""
    target = tmp_path / "rules"
    target.mkdir(parents=True)
    text = RULE_TEMPLATE.read_text()
    (target / "broken-rule.v1.yaml").write_text(text)
    return target


def test_the_broken_files_are_otherwise_loadable(tmp_path: Path) -> None:
    """The template the broken cases start from loads cleanly, so each refusal is due to its one defect."""
    assert [rule.id for rule in load_rules(_template(tmp_path)).rules] == ["broken-rule"]


def _unreadable(path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    """Put at `path` something named like a rule file that is not one."""
    if kind == "directory":
        path.mkdir()
    elif kind == "link to nothing":
        path.symlink_to(path.parent / "missing.yaml")
    elif kind == "pipe":
        os.mkfifo(path)
    else:  # a file this process may not read (faked: tests may run as root)
        path.write_text("id: x\n")
        read_bytes = Path.read_bytes

        def refuse(self: Path) -> bytes:
            if self == path:
                raise PermissionError(13, "Permission denied", str(self))
            return read_bytes(self)

        monkeypatch.setattr(Path, "read_bytes", refuse)


@pytest.mark.parametrize(
    ("kind", "problem"),
    [
        ("directory", "is a directory, not a rule file"),
        ("link to nothing", "is a link to nothing"),
        ("pipe", "is not a regular file"),
        ("unreadable file", "cannot be read: Permission denied"),
    ],
)
def test_a_yaml_name_that_is_no_readable_file_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, problem: str
) -> None:
    """A directory, a link to nothing, a pipe or an unreadable file named `*.yaml` among the rules is refused by name."""
    rules = _template(tmp_path)
    _unreadable(rules / "x.yaml", monkeypatch, kind)
    for load in (load_rules, Decider):
        with pytest.raises(RuleFileError) as caught:
            load(rules)
        assert caught.value.file == "x.yaml"
        assert problem in caught.value.problem


def test_yaml_tags_cannot_run_code(tmp_path: Path) -> None:
    """A rule file asking YAML to call a Python function is refused and the function never runs."""
    marker = tmp_path / "code-ran"
    rules = tmp_path / "rules"
    shutil.copytree(CHECKOUT_RULES, rules)
    evil = next(rules.rglob("s16c-1a-event-in-area.v1.yaml"))
    evil.write_text(
        evil.read_text().replace(
            "review_note: >",
            f'review_note: !!python/object/apply:pathlib.Path.touch ["{marker}"]\nnot_encoded_: >',
        )
    )
    with pytest.raises(RuleFileError, match="not valid YAML"):
        load_rules(rules)
    assert not marker.exists()


def test_the_rules_directory_may_be_given_as_text() -> None:
    """`load_rules` and `Decider` take the rules directory as a path or as its text alike."""
    assert load_rules(str(CHECKOUT_RULES)).version == load_rules(CHECKOUT_RULES).version
    assert Decider(str(CHECKOUT_RULES)).book.version == load_rules(CHECKOUT_RULES).version


def test_rules_of_which_none_decides_the_panel_are_refused(tmp_path: Path) -> None:
    """A rules directory whose rules all leave the Panel answer to others is refused when loaded, naming the directory."""
    rules = tmp_path / "rules"
    rules.mkdir()
    shutil.copy(next(CHECKOUT_RULES.rglob("s16c-unborn-child.v1.yaml")), rules)
    for load in (load_rules, Decider):
        with pytest.raises(RuleFileError) as caught:
            load(rules)
        assert caught.value.file == str(rules)
        assert caught.value.problem == "no rule decides the Panel answer (decides_panel: true)"


def test_a_condition_nested_hundreds_deep_is_refused_when_loaded(tmp_path: Path) -> None:
    """A condition nested 400 deep is refused as a RuleFileError naming the file, not left to exhaust Python's recursion when the engine is built."""
    rules = _template(tmp_path)
    path = rules / "broken-rule.v1.yaml"
    deep = "{not: " * 400 + "event_is_death" + "}" * 400
    path.write_text(path.read_text().replace("when: event_is_death", f"when: {deep}"))
    with pytest.raises(RuleFileError) as caught:
        Decider(rules)
    assert caught.value.file == "broken-rule.v1.yaml"
    assert caught.value.problem == "key when: conditions nested more than 32 deep"


@pytest.mark.parametrize(("levels", "refused"), [(32, False), (33, True)])
def test_a_condition_of_at_most_thirty_two_levels_is_loaded(
    tmp_path: Path, levels: int, refused: bool
) -> None:
    """A condition written 32 levels deep (31 `not`s round a fact) is loaded; 33 levels are
    refused as written, with the message for the condition as written."""
    rules = _template(tmp_path)
    path = rules / "broken-rule.v1.yaml"
    deep = "{not: " * (levels - 1) + "event_is_death" + "}" * (levels - 1)
    path.write_text(path.read_text().replace("when: event_is_death", f"when: {deep}"))
    if not refused:
        assert [rule.id for rule in load_rules(rules).rules] == ["broken-rule"]
        return
    with pytest.raises(RuleFileError) as caught:
        load_rules(rules)
    assert caught.value.problem == "key when: conditions nested more than 32 deep"


def _rule(rules: Path, rule_id: str, when: str, decides_panel: bool) -> None:
    """Write rule `rule_id` from the template, with the condition `when` (YAML flow text)."""
    text = RULE_TEMPLATE.read_text()
    text = text.replace("id: broken-rule", f"id: {rule_id}")
    text = text.replace("when: event_is_death", f"when: {when}")
    if not decides_panel:  # a rule that notifies the Panel decides the Panel answer
        text = text.replace("decides_panel: true\n", "")
        text = text.replace("  - {notify: panel, strength: must, within_working_days: 5}\n", "")
        text = text.replace("then:\n", "then: []\n")
    (rules / f"{rule_id}.v1.yaml").write_text(text)


def _layers(tmp_path: Path, layers: int) -> Path:
    """Rules in `layers` layers of two, each referring to both rules of the next layer: inlined,
    the first layer's condition doubles with every layer."""
    rules = tmp_path / "layers"
    rules.mkdir()
    for layer in range(layers):
        below = f"{{any: [{{rule: layer-{layer + 1}-a}}, {{rule: layer-{layer + 1}-b}}]}}"
        for side in "ab":
            when = below if layer < layers - 1 else "event_is_death"
            _rule(rules, f"layer-{layer}-{side}", when, decides_panel=layer == 0)
    return rules


def test_rules_sharing_references_are_refused_at_once_when_they_inline_too_large(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Twenty-two layers of two rules, each referring to both of the next, are refused after
    walking each rule's written condition once (not its inlined condition, which doubles with
    every layer), naming the first rule whose inlined condition passes 1,000 conditions."""
    rules = _layers(tmp_path, 22)
    # Each of the 44 rules is written with at most three conditions ({any: [two references]}).
    budget, walked = 44 * 3, [0]
    measure = _rulefile._measure

    def counted(condition: Condition, measured: Any) -> tuple[int, int]:
        walked[0] += 1
        assert walked[0] <= budget, "a condition was walked more than once"
        return measure(condition, measured)

    monkeypatch.setattr(_rulefile, "_measure", counted)
    for load in (load_rules, Decider):
        walked[0] = 0
        with pytest.raises(RuleFileError) as caught:
            load(rules)
        assert walked[0] > 0
        assert caught.value.file in ("layer-12-a.v1.yaml", "layer-12-b.v1.yaml")
        assert caught.value.problem == (
            "key when: 1,023 conditions with its rule references inlined; at most 1,000"
        )


@pytest.mark.parametrize(("leaves", "refused"), [(999, False), (1000, True)])
def test_a_condition_of_at_most_a_thousand_conditions_is_loaded(
    tmp_path: Path, leaves: int, refused: bool
) -> None:
    """A condition of exactly 1,000 conditions (an `any` of 999 facts) is loaded; one more is
    refused, naming the count and the limit."""
    rules = tmp_path / "broad"
    rules.mkdir()
    _rule(rules, "broad", "{any: [" + ", ".join(["event_is_death"] * leaves) + "]}", True)
    if not refused:
        assert [rule.id for rule in load_rules(rules).rules] == ["broad"]
        return
    with pytest.raises(RuleFileError) as caught:
        load_rules(rules)
    assert caught.value.problem == (
        "key when: 1,001 conditions with its rule references inlined; at most 1,000"
    )


def test_a_long_chain_of_references_is_refused_when_loaded(tmp_path: Path) -> None:
    """A thousand rules each only referring to the next are refused as nested too deep once inlined, not left to exhaust Python's recursion."""
    rules = tmp_path / "chain"
    rules.mkdir()
    for link in range(1000):
        when = f"{{rule: link-{link + 1}}}" if link < 999 else "event_is_death"
        _rule(rules, f"link-{link}", when, decides_panel=link == 0)
    with pytest.raises(RuleFileError) as caught:
        load_rules(rules)
    # The last link nests 1 deep, each link above it one more: link-967 is the first past 32.
    assert caught.value.file == "link-967.v1.yaml"
    assert caught.value.problem == (
        "key when: conditions nested more than 32 deep with its rule references inlined "
        "(each reference counts as a level)"
    )


def test_the_axes_read_through_shared_references_follow_each_rule_once(tmp_path: Path) -> None:
    """The axes a rule reads through references shared by many rules are found following each referenced rule once, not once per path to it."""
    book = load_rules(_layers(tmp_path, 8))
    by_id = {rule.id: rule for rule in book.rules}
    followed: list[str] = []

    def resolve(rule_id: str) -> Condition:
        followed.append(rule_id)
        return by_id[rule_id].when

    assert _axes_read([by_id["layer-0-a"]], resolve) == _axes_of({"event_is_death"})
    # Both rules of layers 1 to 7, once each (there are 2 + 4 + ... + 128 = 254 paths to them).
    assert sorted(followed) == sorted(
        f"layer-{layer}-{side}" for layer in range(1, 8) for side in "ab"
    )


def _read_with(monkeypatch: pytest.MonkeyPatch, base: Any) -> None:
    """Rule files read from now on with this YAML safe loader's parser."""
    monkeypatch.setattr(_rulefile, "_SafeLoader", base)
    monkeypatch.setattr(_rulefile, "_RuleFileLoader", _rulefile._rule_file_loader(base))


@pytest.fixture
def python_yaml_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rule files read with PyYAML's own parser, as where PyYAML is installed without libyaml."""
    _read_with(monkeypatch, yaml.SafeLoader)


@pytest.mark.parametrize("case", sorted(CASES.iterdir()), ids=lambda case: case.name)
def test_python_yaml_parser_refuses_each_broken_file_alike(
    case: Path, python_yaml_parser: None
) -> None:
    """Without libyaml, each broken rule file is refused as it is with it: same file, same problem."""
    file, fragment = _expectation(case)
    with pytest.raises(RuleFileError) as caught:
        load_rules(case)
    assert caught.value.file == file
    assert fragment in caught.value.problem


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML here has no libyaml to compare with")
def test_python_yaml_parser_reads_the_shipped_rules_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped rules read with libyaml's parser and with Python's give the same rule versions."""
    _read_with(monkeypatch, yaml.CSafeLoader)
    with_libyaml = load_rules(CHECKOUT_RULES)
    _read_with(monkeypatch, yaml.SafeLoader)
    without = load_rules(CHECKOUT_RULES)
    assert without.version == with_libyaml.version
    assert without.rules == with_libyaml.rules
    assert len(without.rules) > 20


def test_a_rule_file_saved_as_yml_is_refused_not_ignored(tmp_path: Path) -> None:
    """A rule saved as `*.yml` is refused by name, since only `*.yaml` is read and it would silently not be in force."""
    rules = _template(tmp_path)
    (rules / "broken-rule.v1.yaml").rename(rules / "broken-rule.v1.yml")
    with pytest.raises(RuleFileError) as caught:
        load_rules(rules)
    assert caught.value.file == "broken-rule.v1.yml"
    assert "*.yaml" in caught.value.problem


def test_a_rule_file_named_with_a_line_break_is_refused_in_one_line(tmp_path: Path) -> None:
    """A file name holding a line break is shown escaped, so the refusal is one line (it broke
    in two: review s27, C7); the error's `file` is the name as it is."""
    rules = _template(tmp_path)
    (rules / "broken-rule.v1.yaml").rename(rules / "broken\nrule.v1.yaml")
    with pytest.raises(RuleFileError) as caught:
        load_rules(rules)
    assert caught.value.file == "broken\nrule.v1.yaml"
    assert str(caught.value).startswith("'broken\\nrule.v1.yaml': ")
    assert "\n" not in str(caught.value)


def test_a_linked_directory_of_rules_is_refused_not_skipped(tmp_path: Path) -> None:
    """A rules directory whose `working-together` folder is a link to the real one is refused,
    naming the link: it was not searched, and 18 of 28 rule versions decided a looked-after
    child's death "not_required" without a word (review s27, A2)."""
    rules = tmp_path / "rules"
    shutil.copytree(CHECKOUT_RULES, rules)
    (rules / "working-together").rename(tmp_path / "elsewhere")
    (rules / "working-together").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    with pytest.raises(RuleFileError) as caught:
        load_rules(rules)
    assert caught.value.file == "working-together"
    assert "link to a directory" in caught.value.problem
    (rules / "working-together").unlink()
    (tmp_path / "elsewhere").rename(rules / "working-together")
    assert len(load_rules(rules).rules) == len(load_rules(CHECKOUT_RULES).rules)


def test_a_folder_of_rules_that_cannot_be_read_is_refused_not_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rules folder the loader may not list (its permissions, for the service's account) is
    refused, naming it: it was skipped, and the looked-after child's death decided
    "not_required" (review s29, A2). (Listing is refused here by the test, as root reads all.)"""
    rules = tmp_path / "rules"
    shutil.copytree(CHECKOUT_RULES, rules)
    listing = os.scandir

    def refusing(path: Any = ".") -> Any:
        if Path(path) == rules / "children-act-1989":
            raise PermissionError(13, "Permission denied", str(path))
        return listing(path)

    monkeypatch.setattr(os, "scandir", refusing)
    with pytest.raises(RuleFileError) as caught:
        load_rules(rules)
    assert caught.value.file == "children-act-1989"
    assert caught.value.problem == "cannot be read: Permission denied"


def _with_condition(tmp_path: Path, condition: str) -> Path:
    """The template's rules directory, its condition replaced by `condition` (flow YAML)."""
    rules = _template(tmp_path)
    path = rules / "broken-rule.v1.yaml"
    path.write_text(path.read_text().replace("when: event_is_death", f"when: {condition}"))
    load_rules(rules)  # within the loader's own limits
    return rules


def test_a_condition_of_three_limbs_each_nesting_an_any_is_decided_by_the_engine(
    tmp_path: Path,
) -> None:
    """Three limbs under an `any`, each with an `any` of its own (the engine refused them before: error 113), are compiled, and the engine's outcome for every combination of the six facts read is the Kleene reading of the condition."""
    limb = "{all: [abuse_or_neglect_known_or_suspected, %s, {any: [event_in_england, child_is_unborn]}]}"
    limbs = ", ".join(
        limb % fact
        for fact in ("event_is_death", "event_is_serious_harm", "event_in_regulated_setting")
    )
    engine = Decider(_with_condition(tmp_path, f"{{any: [{limbs}]}}")).engine
    (unit,) = engine.units(max(engine._periods))
    assert len(unit.reads) == 6
    outcomes = set()
    for values in itertools.product(("true", "false", "unknown"), repeat=len(unit.reads)):
        facts = dict(zip(unit.reads, values, strict=True))
        outcome = engine.ask(unit, facts)
        assert outcome == OUTCOME_OF[evaluate(unit.condition, facts, _no_references)]
        outcomes.add(outcome)
    assert outcomes == {"applies", "does_not_apply", "undetermined"}


def _nested(depth: int) -> str:
    """A condition nesting `depth` groups, `all` in `any` in `all`... (none spliced)."""
    condition = "event_is_death"
    for level in range(depth):
        joiner = "all" if level % 2 else "any"
        condition = f"{{{joiner}: [event_is_serious_harm, {condition}]}}"
    return condition


def test_a_condition_too_complex_for_the_engine_is_refused_naming_its_file(tmp_path: Path) -> None:
    """A condition nesting fifteen groups (`all` in `any` in `all`...), which the loader's own limits allow but durable_rules cannot compile (15 groups a test, one of them the engine's own: error 113), is refused as a rule file naming the file and the limit of 14, not as an engine failure; fourteen compile."""
    Decider(_with_condition(tmp_path / "fourteen", _nested(14)))
    with pytest.raises(RuleFileError) as caught:
        Decider(_with_condition(tmp_path / "fifteen", _nested(15)))
    assert caught.value.file == "broken-rule.v1.yaml"
    assert "too complex for the engine" in caught.value.problem
    assert "at most 14 nested all/any groups" in caught.value.problem
