"""Rule files: their format, loading them from `rules/`, and every check made before use.

A rule file is YAML read with the safe loader (it cannot run code). Everything wrong with one is
refused at load time, naming the file and the key: unknown keys, unknown facts (with the nearest
known name), overlapping versions of one id, dates out of order, links that are not https,
references to rules that are not in force alongside it, reference cycles.
"""

from __future__ import annotations

import bisect
import difflib
import hashlib
import itertools
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ._conditions import All, Compare, Condition, Fact, Not, RuleRef, facts_named, rules_named
from ._conditions import Any as AnyOf
from ._facts import BOOLEAN_FACTS, QUANTITY_FACTS
from .decision import Certainty, Recipient
from .errors import RuleFileError

__all__ = ["Conclusion", "RuleBook", "RuleVersion", "default_rules_dir", "load_rules"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(_Strict):
    instrument: str = Field(min_length=3)
    provision: str = Field(min_length=1)
    url: str = Field(pattern=r"^https://\S+$")
    certainty: Certainty


class Explain(_Strict):
    applies: str = Field(min_length=10)
    does_not_apply: str = Field(min_length=10)
    undetermined: str = Field(min_length=10)


class Conclusion(_Strict):
    """What follows when a rule applies: a notification owed, a referral, or a flag."""

    notify: Recipient | None = None
    strength: Literal["must", "should"] | None = None
    within_working_days: int | None = Field(default=None, ge=1, le=60)
    area: Literal["notifying_authority"] | None = None
    responsible_authority: Literal["event_location"] | None = None
    flag: Literal["legal_review"] | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Conclusion:
        kinds = [self.notify, self.responsible_authority, self.flag]
        if sum(kind is not None for kind in kinds) != 1:
            raise ValueError("a conclusion is exactly one of notify, responsible_authority, flag")
        if self.notify is not None and self.strength is None:
            raise ValueError("a notify conclusion needs a strength (must or should)")
        if self.notify is None and (self.strength or self.within_working_days or self.area):
            raise ValueError("strength, within_working_days and area belong to notify conclusions")
        return self


class _RuleFileModel(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*[a-z0-9]$", max_length=80)
    version: int = Field(ge=1)
    title: str = Field(min_length=10)
    citation: Citation
    effective_from: date
    effective_to: date | None = None
    decides_panel: bool = False
    when: Any
    then: list[Conclusion] = Field(default_factory=list)
    explain: Explain
    review_note: str | None = None
    not_encoded: str | None = None


@dataclass(frozen=True, slots=True)
class RuleVersion:
    """One version of one rule, as loaded and checked."""

    id: str
    version: int
    title: str
    instrument: str
    provision: str
    url: str
    certainty: Certainty
    effective_from: date
    effective_to: date | None
    decides_panel: bool
    when: Condition
    then: tuple[Conclusion, ...]
    explain: Explain
    review_note: str | None
    not_encoded: str | None
    file: str

    @property
    def basis(self) -> str:
        return f"{self.instrument}, {self.provision}"

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)


@dataclass(frozen=True, slots=True)
class RuleBook:
    """Every rule version, the periods in which one set of versions is in force, and a hash."""

    rules: tuple[RuleVersion, ...]
    version: str
    boundaries: tuple[date, ...]

    def in_force(self, day: date) -> tuple[RuleVersion, ...]:
        return tuple(rule for rule in self.rules if rule.in_force_on(day))

    def period_of(self, day: date) -> int:
        """Index of the period containing `day`: days in one period share the same rule versions."""
        return bisect.bisect_right(self.boundaries, day)

    def period_start(self, period: int) -> date:
        return self.boundaries[period - 1]

    @property
    def covered_from(self) -> date:
        """The first day on which a Panel rule is in force; earlier dates are refused."""
        return min(rule.effective_from for rule in self.rules if rule.decides_panel)


def default_rules_dir() -> Path:
    """The rules shipped in the installed package, or `rules/` of a source checkout."""
    packaged = Path(str(resources.files("safeguarding_notify"))) / "rules"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "rules"
    if checkout.is_dir():
        return checkout
    raise RuleFileError(str(checkout), "no rules directory found (neither packaged nor checkout)")


def load_rules(directory: Path | None = None) -> RuleBook:
    """Load, check and hash every `*.yaml` rule file below `directory`."""
    root = directory or default_rules_dir()
    paths = sorted(root.rglob("*.yaml"))
    if not paths:
        raise RuleFileError(str(root), "no rule files (*.yaml) found")
    digest = hashlib.sha256()
    rules = []
    for path in paths:
        raw = path.read_bytes()
        name = path.relative_to(root).as_posix()
        digest.update(name.encode() + b"\0" + raw + b"\0")
        rules.append(_parse(name, raw))
    _check_versions(rules)
    _check_references(rules)
    boundaries = sorted(
        {rule.effective_from for rule in rules}
        | {rule.effective_to for rule in rules if rule.effective_to}
    )
    return RuleBook(tuple(rules), f"sha256:{digest.hexdigest()}", tuple(boundaries))


# libyaml's parser when PyYAML has it (ten times faster, which shows in start-up), else Python's.
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _RuleFileLoader(_SafeLoader):  # type: ignore[misc]
    """YAML's safe loader (no tags that construct Python objects) that refuses duplicate keys.

    A duplicate key would silently replace the first: a reviewer reads one condition, the engine
    gets another.
    """

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                continue  # the safe loader refuses an unhashable key itself
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep)


def _load_yaml(raw: bytes) -> Any:
    # Aliases (*name) let a short file expand into a condition too large to check; rule files
    # have no use for them.
    for event in yaml.parse(raw, Loader=_SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None,
                None,
                "aliases (*name) are not allowed in rule files",
                event.start_mark,  # type: ignore[arg-type]
            )
    return yaml.load(raw, Loader=_RuleFileLoader)  # a SafeLoader: no Python objects


def _parse(name: str, raw: bytes) -> RuleVersion:
    try:
        document = _load_yaml(raw)
    except yaml.YAMLError as error:
        raise RuleFileError(name, f"not valid YAML: {error}") from error
    if not isinstance(document, dict):
        raise RuleFileError(name, "expected a mapping of keys at the top level")
    try:
        model = _RuleFileModel.model_validate(document)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(top level)"
        allowed = ""
        if first["type"] == "extra_forbidden":
            allowed = f"; allowed keys: {', '.join(sorted(_RuleFileModel.model_fields))}"
        raise RuleFileError(name, f"key {where}: {first['msg']}{allowed}") from None
    expected = f"{model.id}.v{model.version}.yaml"
    if Path(name).name != expected:
        raise RuleFileError(name, f"file name should be {expected} (from its id and version)")
    if model.effective_to is not None and model.effective_to <= model.effective_from:
        raise RuleFileError(name, "key effective_to: must be after effective_from")
    when = _condition(name, "when", model.when)
    for fact in facts_named(when):
        _check_fact(name, fact)
    return RuleVersion(
        id=model.id,
        version=model.version,
        title=model.title,
        instrument=model.citation.instrument,
        provision=model.citation.provision,
        url=model.citation.url,
        certainty=model.citation.certainty,
        effective_from=model.effective_from,
        effective_to=model.effective_to,
        decides_panel=model.decides_panel,
        when=when,
        then=tuple(model.then),
        explain=model.explain,
        review_note=model.review_note,
        not_encoded=model.not_encoded,
        file=name,
    )


def _check_fact(file: str, fact: str) -> None:
    known = [*BOOLEAN_FACTS, *QUANTITY_FACTS]
    if fact not in known:
        near = difflib.get_close_matches(fact, known, n=1)
        hint = f"; did you mean {near[0]!r}?" if near else f"; known facts: {', '.join(known)}"
        raise RuleFileError(file, f"key when: unknown fact {fact!r}{hint}")


def _condition(file: str, where: str, node: Any) -> Condition:
    if isinstance(node, str):
        if node in QUANTITY_FACTS:
            raise RuleFileError(file, f"key {where}: {node!r} is a quantity; use compare")
        return Fact(node)
    if not isinstance(node, dict) or not node:
        raise RuleFileError(file, f"key {where}: expected a fact name or a mapping, got {node!r}")
    keys = set(node)
    if keys == {"all"} or keys == {"any"}:
        (key,) = keys
        items = node[key]
        if not isinstance(items, list) or not items:
            raise RuleFileError(file, f"key {where}.{key}: expected a non-empty list")
        parsed = tuple(
            _condition(file, f"{where}.{key}[{index}]", item) for index, item in enumerate(items)
        )
        return All(parsed) if key == "all" else AnyOf(parsed)
    if keys == {"not"}:
        return Not(_condition(file, f"{where}.not", node["not"]))
    if keys == {"rule"}:
        if not isinstance(node["rule"], str):
            raise RuleFileError(file, f"key {where}.rule: expected a rule id")
        return RuleRef(node["rule"])
    if keys == {"compare", "op", "value"}:
        return _comparison(file, where, node)
    raise RuleFileError(
        file,
        f"key {where}: unknown condition keys {sorted(keys)}; expected one of all, any, not, "
        "rule, or compare with op and value",
    )


def _comparison(file: str, where: str, node: Mapping[str, Any]) -> Compare:
    fact, op, value = node["compare"], node["op"], node["value"]
    if fact not in QUANTITY_FACTS:
        _check_fact(file, fact)
        raise RuleFileError(file, f"key {where}.compare: {fact!r} is not a quantity")
    if op not in ("<", "<=", ">", ">="):
        raise RuleFileError(file, f"key {where}.op: expected <, <=, > or >=, got {op!r}")
    unit = QUANTITY_FACTS[fact].unit
    if unit == "date" and (not isinstance(value, date) or isinstance(value, datetime)):
        raise RuleFileError(file, f"key {where}.value: {fact} is compared with a date YYYY-MM-DD")
    if unit == "years" and (isinstance(value, bool) or not isinstance(value, int)):
        raise RuleFileError(file, f"key {where}.value: {fact} is compared with whole years")
    return Compare(fact, op, value)


def _check_versions(rules: Iterable[RuleVersion]) -> None:
    by_id: dict[str, list[RuleVersion]] = {}
    for rule in rules:
        by_id.setdefault(rule.id, []).append(rule)
    for versions in by_id.values():
        versions.sort(key=lambda rule: rule.effective_from)
        numbers = [rule.version for rule in versions]
        if len(set(numbers)) != len(numbers):
            raise RuleFileError(versions[0].file, "two files share this id and version")
        for earlier, later in itertools.pairwise(versions):
            if earlier.effective_to is None or earlier.effective_to > later.effective_from:
                raise RuleFileError(
                    later.file,
                    f"key effective_from: overlaps {earlier.file} (in force "
                    f"{earlier.effective_from} to {earlier.effective_to or 'open'})",
                )


def _check_references(rules: list[RuleVersion]) -> None:
    for rule in rules:
        for target in rules_named(rule.when):
            partners = [other for other in rules if other.id == target]
            if not partners:
                raise RuleFileError(rule.file, f"key when: refers to unknown rule {target!r}")
            # Whenever this rule is in force, the rule it reads must be too.
            for day in _starts_within(rule, rules):
                if not any(other.in_force_on(day) for other in partners):
                    raise RuleFileError(
                        rule.file, f"key when: rule {target!r} is not in force on {day}"
                    )
    graph = {rule.id: rules_named(rule.when) for rule in rules}
    for rule in rules:
        _no_cycle(rule.id, graph, (), rule.file)


def _starts_within(rule: RuleVersion, rules: Iterable[RuleVersion]) -> list[date]:
    starts = {other.effective_from for other in rules} | {
        other.effective_to for other in rules if other.effective_to
    }
    return sorted(day for day in starts | {rule.effective_from} if rule.in_force_on(day))


def _no_cycle(node: str, graph: Mapping[str, set[str]], path: tuple[str, ...], file: str) -> None:
    if node in path:
        raise RuleFileError(file, f"key when: rule references form a cycle: {' -> '.join(path)}")
    for target in graph.get(node, ()):
        _no_cycle(target, graph, (*path, node), file)
