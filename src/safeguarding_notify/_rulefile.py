"""Rule files: their format, loading them from `rules/`, and every check made before use.

A rule file is YAML read with the safe loader (it cannot run code). Everything wrong with one is
refused at load time, naming the file and the key: unknown keys, values of the wrong type (types
are strict), unknown facts (with the nearest known name), overlapping versions of one id, dates
out of order, links that are not https, references to rules that are not in force alongside it,
reference cycles, conditions too deep or too large (as written, and with references inlined).

Two kinds of file share the format: decision rules (`when` / `then`, evaluated by the engine) and
form-grouping rules (a `grouping` key instead: how many notification forms an incident with several
children needs; never seen by the engine, chosen by the date of submission).
"""

from __future__ import annotations

import bisect
import difflib
import hashlib
import itertools
import os
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from graphlib import CycleError, TopologicalSorter
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from ._conditions import All, Compare, Condition, Fact, Not, RuleRef, facts_named, rules_named
from ._conditions import Any as AnyOf
from ._facts import BOOLEAN_FACTS, QUANTITY_FACTS
from .decision import Advice, Certainty, Recipient
from .errors import RuleFileError
from .incident import _MAX_AGE
from .plan import FormPolicy

__all__ = [
    "AWARENESS",
    "SUSPICION",
    "Conclusion",
    "GroupingRule",
    "RuleBook",
    "RuleVersion",
    "chosen_by",
    "default_rules_dir",
    "load_rules",
]


class _Strict(BaseModel):
    # Strict types: rule files are reviewed law data, so `version: true`, `decides_panel: 'yes'`,
    # `within_working_days: '5'` or `5.0` and a quoted date are refused, never read as 1, True,
    # 5 or a date. YAML's own integers, booleans and unquoted dates are what the fields take.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


_ModelT = TypeVar("_ModelT", bound="_FileHeader")


def _cited(text: str) -> str:
    """Citation text: words, not blanks (`min_length` counted spaces: a citation of spaces was
    loaded, and decisions gave its basis as "   ,  ": review s27, B2)."""
    if text != text.strip() or not any(character.isalnum() for character in text):
        raise ValueError("must be text with letters or digits, not blank or padded with spaces")
    return text


_CitedText = Annotated[str, AfterValidator(_cited)]


class Citation(_Strict):
    instrument: _CitedText = Field(min_length=3)
    provision: _CitedText = Field(min_length=1)
    # A host of dotted names (`https://x` and `https://-.-` named no page), a port, then a path,
    # query or fragment: where the provision can be read.
    url: str = Field(
        pattern=r"^https://[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*"
        r"[A-Za-z0-9])?)+(:[0-9]{1,5})?([/?#]\S*)?$"
    )
    certainty: Certainty


class Explain(_Strict):
    applies: str = Field(min_length=10)
    does_not_apply: str = Field(min_length=10)
    undetermined: str = Field(min_length=10)


# Which authority's area a notify conclusion names: the notifying authority's own, the area
# where the child normally lives, or the area of the authority that looks after the child.
Area = Literal["notifying_authority", "child_residence_area", "looked_after_by_area"]
# What a rapid review's working days count from: the date the Panel notification was sent
# (current Panel guidance) or the date the authority became aware (2018-2019 guidance).
RapidReviewAnchor = Literal["panel_notification_sent", "became_aware"]
ClockStart = Literal["became_aware_on", "abuse_or_neglect_suspected_on"]
# The two: the awareness date, and for what arises only once abuse or neglect is known or
# suspected, the date it came to be (also the dates that choose a rule's version, `chosen_by`).
AWARENESS: ClockStart = "became_aware_on"
SUSPICION: ClockStart = "abuse_or_neglect_suspected_on"


class Conclusion(_Strict):
    """What follows when a rule applies: a notification owed, a rapid review, a referral, a flag,
    or advice.

    Advice (`advise`) is what the guidance asks practitioners to consider; it is never an
    obligation, so a rule that advises does nothing else and never decides the Panel answer.
    """

    notify: Recipient | None = None
    strength: Literal["must", "should"] | None = None
    within_working_days: int | None = Field(default=None, ge=1, le=60)
    # How sure we are of the source of the deadline, where it is weaker than the rule's citation
    # (s16C and Sch 2 para 20 set no time limit: the working days come from guidance).
    deadline_certainty: Certainty | None = None
    area: Area | None = None
    # Whose duty it is instead of this authority's: the authority of the event's area (s16C(1)(a))
    # or of the area where the child normally lives (s16C(1)(b)).
    responsible_authority: Literal["event_location", "child_residence_area"] | None = None
    flag: Literal["legal_review"] | None = None
    rapid_review: RapidReviewAnchor | None = None
    advise: Advice | None = None
    # The input date a deadline counts from: the awareness date, or, for duties that arise only
    # once abuse or neglect is known or suspected (s16C and what follows from it), the date it
    # was first suspected when that came later (the incident's abuse_or_neglect_suspected_on).
    counted_from: ClockStart = "became_aware_on"

    @model_validator(mode="after")
    def _one_kind(self) -> Conclusion:
        kinds = [self.notify, self.responsible_authority, self.flag, self.rapid_review, self.advise]
        if sum(kind is not None for kind in kinds) != 1:
            raise ValueError(
                "a conclusion is exactly one of notify, rapid_review, responsible_authority, "
                "flag, advise"
            )
        if self.notify is not None and self.strength is None:
            raise ValueError("a notify conclusion needs a strength (must or should)")
        if self.deadline_certainty is not None and (
            self.notify is None or self.within_working_days is None
        ):
            raise ValueError(
                "deadline_certainty belongs to a notify conclusion with within_working_days"
            )
        if self.rapid_review is not None:
            if self.strength is None or self.within_working_days is None:
                raise ValueError(
                    "a rapid_review conclusion needs a strength and within_working_days"
                )
            if self.area is not None:
                raise ValueError("area belongs to notify conclusions")
        elif self.notify is None and (self.strength or self.within_working_days or self.area):
            raise ValueError(
                "strength, within_working_days and area belong to notify or rapid_review "
                "conclusions"
            )
        if self.counted_from != "became_aware_on" and not (
            (self.notify is not None and self.within_working_days is not None)
            or self.rapid_review == "became_aware"
        ):
            raise ValueError(
                "counted_from belongs to a notify conclusion with within_working_days or a "
                "rapid_review counted from became_aware"
            )
        return self


class _FileHeader(_Strict):
    """The keys every rule file starts with, whatever its kind."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*[a-z0-9]$", max_length=80)
    version: int = Field(ge=1)
    title: str = Field(min_length=10)
    citation: Citation
    effective_from: date
    effective_to: date | None = None


class _RuleFileModel(_FileHeader):
    decides_panel: bool = False
    # Which date's version of this rule is in force for an incident: the awareness date, or,
    # for a rule on what arises only once abuse or neglect is known or suspected (s16C and what
    # follows from it), the suspicion date where that came later.
    chosen_by: ClockStart = "became_aware_on"
    when: Any
    then: list[Conclusion] = Field(default_factory=list)
    explain: Explain
    review_note: str | None = None
    not_encoded: str | None = None


@dataclass(frozen=True, slots=True)
class _InForce:
    """What every kind of rule version shares: a citation and a half-open period in force."""

    id: str
    version: int
    title: str
    instrument: str
    provision: str
    url: str
    certainty: Certainty
    effective_from: date
    effective_to: date | None

    @property
    def basis(self) -> str:
        return f"{self.instrument}, {self.provision}"

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)


class Grouping(_Strict):
    """How many notification forms an incident with several children needs, by kind of event."""

    death: FormPolicy
    serious_harm: FormPolicy = Field(
        description="Also used for any other event a notification is owed for."
    )
    serious_harm_in_large_scale_cse_operation: FormPolicy
    children_detailed_per_form: int | None = Field(
        default=None,
        ge=1,
        le=50,
        description="How many children a form details; the others go in as further information. "
        "Absent: no limit.",
    )

    @model_validator(mode="after")
    def _main_child_only_for_operations(self) -> Grouping:
        if "one_form_for_main_child" in (self.death, self.serious_harm):
            raise ValueError(
                "one_form_for_main_child belongs to serious_harm_in_large_scale_cse_operation"
            )
        return self


class _GroupingFileModel(_FileHeader):
    grouping: Grouping
    review_note: str = Field(min_length=10)
    not_encoded: str | None = None


@dataclass(frozen=True, slots=True)
class GroupingRule(_InForce):
    """One version of a rule on how many notification forms to submit, as loaded and checked.

    Chosen by the date of submission, not by the date of awareness: it describes the form or
    service in use on the day the notification is made.
    """

    grouping: Grouping
    review_note: str
    not_encoded: str | None
    file: str


@dataclass(frozen=True, slots=True)
class RuleVersion(_InForce):
    """One version of one rule, as loaded and checked."""

    decides_panel: bool
    chosen_by: ClockStart
    when: Condition
    then: tuple[Conclusion, ...]
    explain: Explain
    review_note: str | None
    not_encoded: str | None
    file: str


@dataclass(frozen=True, slots=True)
class RuleBook:
    """Every rule version, the periods in which one set of versions is in force, and a hash."""

    rules: tuple[RuleVersion, ...]
    version: str
    boundaries: tuple[date, ...]
    # Rules on forms, kept apart: the engine never sees them and they do not cut periods.
    groupings: tuple[GroupingRule, ...] = ()

    def grouping_on(self, day: date) -> GroupingRule | None:
        """The form-grouping rule in force on the day of submission, if any."""
        return next((rule for rule in self.groupings if rule.in_force_on(day)), None)

    def in_force(self, day: date) -> tuple[RuleVersion, ...]:
        return tuple(rule for rule in self.rules if rule.in_force_on(day))

    def period_of(self, day: date) -> int:
        """Index of the period containing `day`: days in one period share the same rule versions."""
        return bisect.bisect_right(self.boundaries, day)

    def period_start(self, period: int) -> date:
        return self.boundaries[period - 1]

    def period_end(self, period: int) -> date | None:
        """The first day after `period` (None for the last period, which does not end)."""
        return self.boundaries[period] if period < len(self.boundaries) else None

    @property
    def covered_from(self) -> date:
        """The first day on which a rule deciding the Panel answer is in force; earlier dates are
        refused. Before s16C that rule is the one recording that the Panel duty did not yet exist
        (`s16c-not-yet-in-force`), so coverage starts with the oldest regime encoded."""
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


def load_rules(directory: str | os.PathLike[str] | None = None) -> RuleBook:
    """Load, check and hash every `*.yaml` rule file below `directory` (a path, or its text)."""
    root = default_rules_dir() if directory is None else Path(directory)
    paths = _rule_paths(root)
    if not paths:
        raise RuleFileError(str(root), "no rule files (*.yaml) found")
    digest = hashlib.sha256()
    rules: list[RuleVersion] = []
    groupings: list[GroupingRule] = []
    for path in paths:
        name = path.relative_to(root).as_posix()
        raw = _read(path, name)
        digest.update(name.encode() + b"\0" + raw + b"\0")
        parsed = _parse(name, raw)
        if isinstance(parsed, GroupingRule):
            groupings.append(parsed)
        else:
            rules.append(parsed)
    _check_versions(rules)
    _check_versions(groupings)
    _check_chosen_by(rules)
    boundaries = _change_days(rules)
    _check_references(rules, boundaries)
    _check_split_periods(rules, boundaries)
    if not any(rule.decides_panel for rule in rules):
        # Nothing could answer whether the Panel must be notified, on any date.
        raise RuleFileError(str(root), "no rule decides the Panel answer (decides_panel: true)")
    return RuleBook(
        tuple(rules), f"sha256:{digest.hexdigest()}", tuple(boundaries), tuple(groupings)
    )


def _rule_paths(root: Path) -> list[Path]:
    """Every `*.yaml` below `root`, in order. Refused by name, since the rules in them would
    silently not be in force: a folder that cannot be read (review s29, A2) or is a link to a
    folder (which is not searched: review s27, A2, a looked-after child's death decided
    "not_required"), and a rule saved as `*.yml`."""

    def unreadable(error: OSError) -> None:
        if Path(error.filename) == root and not root.is_dir():
            return  # no folder at all: "no rule files found", as for an empty one
        raise RuleFileError(_named(Path(error.filename), root), f"cannot be read: {error.strerror}")

    found = []
    for folder, subfolders, files in os.walk(root, onerror=unreadable):
        here = Path(folder)
        for name in subfolders:
            if (here / name).is_symlink():
                raise RuleFileError(
                    _named(here / name, root),
                    "is a link to a directory, whose rule files would not be read: put the "
                    "directory itself there",
                )
        found += [here / name for name in [*files, *subfolders] if name.endswith(".yaml")]
        misnamed = sorted(name for name in files if name.endswith(".yml"))
        if misnamed:
            raise RuleFileError(
                _named(here / misnamed[0], root), "rule files are named *.yaml, not *.yml"
            )
    return sorted(found)


def _named(path: Path, root: Path) -> str:
    """A path below the rules folder as a refusal names it (the folder itself as ".")."""
    return path.relative_to(root).as_posix()


def _read(path: Path, name: str) -> bytes:
    """The bytes of a rule file; anything else found under a `*.yaml` name is refused by name."""
    if path.is_dir():
        raise RuleFileError(name, "is a directory, not a rule file")
    if not path.exists():  # follows a link: a link to nothing does not exist
        raise RuleFileError(name, "is a link to nothing (no such file)")
    if not path.is_file():
        # A pipe or a device: reading one may never end.
        raise RuleFileError(name, "is not a regular file")
    try:
        return path.read_bytes()
    except OSError as error:
        raise RuleFileError(name, f"cannot be read: {error.strerror}") from None


# libyaml's parser when PyYAML has it (ten times faster, which shows in start-up), else Python's.
# Both build the same documents through the same constructor; the tests load every rule file
# with each to hold them to it (PyYAML installed without libyaml falls back silently).
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _rule_file_loader(base: Any) -> Any:
    """The rule files' loader on a YAML safe loader (`base`: libyaml's parser or Python's)."""

    class RuleFileLoader(base):  # type: ignore[misc]
        """YAML's safe loader (no tags that construct Python objects) that refuses duplicate keys.

        A duplicate key would silently replace the first: a reviewer reads one condition, the engine
        gets another.
        """

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            seen: set[Any] = set()
            for key_node, value_node in node.value:
                key = self.construct_object(key_node, deep=deep)
                if isinstance(value_node, yaml.ScalarNode):
                    # Built here, where its key is known (and kept: the loader builds a node once).
                    self._scalar(value_node, key)
                if not isinstance(key, Hashable):
                    continue  # the safe loader refuses an unhashable key itself
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {key!r}", key_node.start_mark
                    )
                seen.add(key)
            return super().construct_mapping(node, deep)

        def construct_object(self, node: Any, deep: bool = False) -> Any:
            if isinstance(node, yaml.ScalarNode):
                return self._scalar(node, None)
            return super().construct_object(node, deep)

        def _scalar(self, node: Any, key: Any) -> Any:
            """A scalar's value; one YAML reads as a date or an integer that Python cannot hold
            (2015-02-29, an integer of 5,001 digits) is refused with its key and line, where PyYAML
            raises a bare ValueError that names neither."""
            try:
                return super().construct_object(node)
            except ValueError as error:
                kind = {"timestamp": "date", "int": "integer"}.get(
                    node.tag.rsplit(":", 1)[-1], "value"
                )
                text = node.value if len(node.value) <= 24 else f"{node.value[:20]}..."
                # Python's reason, without its advice to raise the interpreter's limit.
                reason = str(error).split(":")[0]
                where = "" if key is None else f"key {key}: "
                raise yaml.constructor.ConstructorError(
                    None, None, f"{where}{text!r} is not a valid {kind} ({reason})", node.start_mark
                ) from None

    return RuleFileLoader


_RuleFileLoader: Any = _rule_file_loader(_SafeLoader)


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


def _validated(name: str, model: type[_ModelT], document: Mapping[str, Any]) -> _ModelT:
    try:
        found = model.model_validate(document)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(top level)"
        allowed = ""
        if first["type"] == "extra_forbidden":
            # `__pydantic_fields__`, not `model_fields`: typed as a class attribute in every
            # pydantic this supports (2.10 typed `model_fields` as an instance property).
            allowed = f"; allowed keys: {', '.join(sorted(model.__pydantic_fields__))}"
        elif first["type"].startswith("date_"):
            # YAML reads only an unquoted YYYY-MM-DD as a date: `2027-4-1` or '2027-04-01' is text.
            allowed = " (written YYYY-MM-DD, unquoted)"
        raise RuleFileError(name, f"key {where}: {first['msg']}{allowed}") from None
    expected = f"{found.id}.v{found.version}.yaml"
    if Path(name).name != expected:
        raise RuleFileError(name, f"file name should be {expected} (from its id and version)")
    start, end = found.effective_from, found.effective_to
    if end is not None and end <= start:
        raise RuleFileError(name, "key effective_to: must be after effective_from")
    return found


def _yaml_problem(error: yaml.YAMLError) -> str:
    """PyYAML's problem in one line, at its line and column: its own text spans several lines
    (each refusal is one line on the command line) and calls every file "<byte string>"."""
    if not isinstance(error, yaml.MarkedYAMLError):
        return " ".join(str(error).split())
    mark = error.problem_mark or error.context_mark
    problem = error.problem or error.context or "unreadable"
    while_doing = f" ({error.context})" if error.problem and error.context else ""
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
    return " ".join(f"{where}{problem}{while_doing}".split())


def _parse(name: str, raw: bytes) -> RuleVersion | GroupingRule:
    try:
        document = _load_yaml(raw)
    except yaml.YAMLError as error:
        raise RuleFileError(name, f"not valid YAML: {_yaml_problem(error)}") from error
    if not isinstance(document, dict):
        raise RuleFileError(name, "expected a mapping of keys at the top level")
    if "grouping" in document:
        return _grouping_rule(name, _validated(name, _GroupingFileModel, document))
    model = _validated(name, _RuleFileModel, document)
    if any(then.advise for then in model.then) and (
        model.decides_panel or not all(then.advise for then in model.then)
    ):
        raise RuleFileError(
            name, "key then: a rule that advises only advises (no duties, no decides_panel)"
        )
    if any(then.notify == "panel" for then in model.then) and not model.decides_panel:
        # Else the Panel obligation is listed while notify_panel says not_required (and an
        # unknown fact gives not_required, never undetermined): decides_panel defaults to false.
        raise RuleFileError(
            name,
            "key decides_panel: a rule that notifies the Panel decides the Panel answer "
            "(decides_panel: true)",
        )
    if model.chosen_by == "became_aware_on" and any(
        then.counted_from == "abuse_or_neglect_suspected_on" for then in model.then
    ):
        # Else the deadline would count from the suspicion under the rules of the awareness
        # date, which may not have been in force by then.
        raise RuleFileError(
            name,
            "key chosen_by: a rule with a conclusion counted_from abuse_or_neglect_suspected_on "
            "is chosen by that date too (chosen_by: abuse_or_neglect_suspected_on)",
        )
    if model.chosen_by == "abuse_or_neglect_suspected_on" and any(
        then.notify and then.within_working_days and then.counted_from == "became_aware_on"
        for then in model.then
    ):
        # A duty arising only once abuse or neglect is suspected cannot fall due before then:
        # counted from the awareness (the default), it would be overdue the day it arose.
        raise RuleFileError(
            name,
            "key then: a notification with a deadline in a rule chosen_by "
            "abuse_or_neglect_suspected_on counts from that date too (counted_from: "
            "abuse_or_neglect_suspected_on)",
        )
    when = _condition(name, "when", model.when)
    for fact in facts_named(when):
        _check_fact(name, fact)
    return RuleVersion(
        **_common(model),
        decides_panel=model.decides_panel,
        chosen_by=model.chosen_by,
        when=when,
        then=tuple(model.then),
        explain=model.explain,
        review_note=model.review_note,
        not_encoded=model.not_encoded,
        file=name,
    )


def _common(model: _FileHeader) -> dict[str, Any]:
    return {
        "id": model.id,
        "version": model.version,
        "title": model.title,
        "instrument": model.citation.instrument,
        "provision": model.citation.provision,
        "url": model.citation.url,
        "certainty": model.citation.certainty,
        "effective_from": model.effective_from,
        "effective_to": model.effective_to,
    }


def _grouping_rule(name: str, model: _GroupingFileModel) -> GroupingRule:
    return GroupingRule(
        **_common(model),
        grouping=model.grouping,
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


# How deep a condition may nest, as written and with its references inlined (each counting as a
# level). The shipped rules nest at most 5 deep (6 with references); every later stage (the
# engine's compiler, the Kleene reading, the reasons) walks a condition recursively, and Python's
# recursion limit was reached from about 400 deep.
MAX_DEPTH = 32


def _condition(file: str, where: str, node: Any, depth: int = 1) -> Condition:
    if depth > MAX_DEPTH:
        raise RuleFileError(file, f"key when: conditions nested more than {MAX_DEPTH} deep")
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
            _condition(file, f"{where}.{key}[{index}]", item, depth + 1)
            for index, item in enumerate(items)
        )
        return All(parsed) if key == "all" else AnyOf(parsed)
    if keys == {"not"}:
        return Not(_condition(file, f"{where}.not", node["not"], depth + 1))
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
    if not isinstance(fact, str):
        raise RuleFileError(
            file, f"key {where}.compare: expected a quantity: {', '.join(QUANTITY_FACTS)}"
        )
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
    if unit == "years" and not 0 <= value <= _MAX_AGE + 1:
        # Beyond the ages an input can give, a comparison is the same for every person: a
        # typing slip (-5, 10**20), not law (review s27, C4).
        raise RuleFileError(
            file,
            f"key {where}.value: {fact} is compared with 0 to {_MAX_AGE + 1} years (a person "
            f"is taken to be 0 to {_MAX_AGE})",
        )
    return Compare(fact, op, value)


def _check_versions(rules: Iterable[RuleVersion] | Iterable[GroupingRule]) -> None:
    by_id: dict[str, list[Any]] = {}
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
            # effective_to is exclusive: ending a version the day before the next begins (an
            # easy slip) leaves a day on which the rule is silently not in force.
            if earlier.effective_to < later.effective_from:
                raise RuleFileError(
                    later.file,
                    f"key effective_from: begins {later.effective_from} but {earlier.file} ends "
                    f"{earlier.effective_to} (effective_to is the first day no longer in force), "
                    "leaving days with no version: end it on this version's effective_from, or "
                    "give a rule that resumes after a gap an id of its own",
                )


def _check_chosen_by(rules: Iterable[RuleVersion]) -> None:
    """Refuse versions of one rule chosen by different dates: an incident whose rules changed
    between awareness and a later suspicion would get both versions, or neither."""
    first: dict[str, RuleVersion] = {}
    for rule in sorted(rules, key=lambda rule: rule.effective_from):
        earlier = first.setdefault(rule.id, rule)
        if earlier.chosen_by != rule.chosen_by:
            raise RuleFileError(
                rule.file,
                f"key chosen_by: {rule.chosen_by}, but {earlier.file} (the same id) is chosen "
                f"by {earlier.chosen_by}: every version of a rule is chosen by the same date",
            )


def chosen_by(rules: Iterable[RuleVersion], date_name: str | None) -> list[RuleVersion]:
    """The rules whose version the date `date_name` chooses (`RuleVersion.chosen_by`; every one
    for None)."""
    return [rule for rule in rules if date_name in (None, rule.chosen_by)]


def _check_split_periods(rules: list[RuleVersion], change_days: list[date]) -> None:
    """Refuse rules under which an incident whose abuse or neglect came to be suspected after a
    change of the rules would be decided with no rule deciding the Panel answer: the rules chosen
    by its awareness date and those chosen by its suspicion date, each from its own date's rules,
    must include one wherever the rules of each date do (else a silent "not required")."""

    def deciding(day: date, date_name: str | None) -> list[RuleVersion]:
        return [
            rule
            for rule in chosen_by(rules, date_name)
            if rule.decides_panel and rule.in_force_on(day)
        ]

    for aware, suspected in itertools.combinations(change_days, 2):
        if not deciding(aware, None) or not deciding(suspected, None):
            continue  # a date no rule decides on is refused when decided
        if not deciding(aware, "became_aware_on") and not deciding(
            suspected, "abuse_or_neglect_suspected_on"
        ):
            # Named by a rule deciding the Panel on the awareness date but not chosen by it.
            raise RuleFileError(
                deciding(aware, None)[0].file,
                f"key chosen_by: no rule decides the Panel answer for an incident known from "
                f"{aware} and suspected from {suspected} (those chosen_by became_aware_on in "
                f"force on the first date and those chosen_by abuse_or_neglect_suspected_on on "
                "the second include none)",
            )


def _change_days(rules: Iterable[RuleVersion]) -> list[date]:
    """Every day a rule version comes into force or stops, in order: the periods' boundaries."""
    return sorted(
        {rule.effective_from for rule in rules}
        | {rule.effective_to for rule in rules if rule.effective_to}
    )


def _check_references(rules: list[RuleVersion], change_days: list[date]) -> None:
    for rule in rules:
        for target in rules_named(rule.when):
            partners = [other for other in rules if other.id == target]
            if not partners:
                raise RuleFileError(rule.file, f"key when: refers to unknown rule {target!r}")
            if partners[0].chosen_by != rule.chosen_by:
                # The rule read would be taken from the other date's rules than its own.
                raise RuleFileError(
                    rule.file,
                    f"key when: refers to rule {target!r}, chosen by {partners[0].chosen_by}, "
                    f"but this rule is chosen by {rule.chosen_by}",
                )
            # Whenever this rule is in force, the rule it reads must be too.
            for day in _starts_within(rule, change_days):
                if not any(other.in_force_on(day) for other in partners):
                    raise RuleFileError(
                        rule.file, f"key when: rule {target!r} is not in force on {day}"
                    )
    # The engine inlines the references among the rules in force together: check each such set.
    for day in change_days:
        _check_inlined([rule for rule in rules if rule.in_force_on(day)])


def _starts_within(rule: RuleVersion, change_days: Iterable[date]) -> list[date]:
    """The days `rule` is in force on which the rules in force change (its own start is one)."""
    return [day for day in change_days if rule.in_force_on(day)]


# The most conditions a rule may hold once the engine has inlined its `{rule: id}` references. The
# shipped rules hold at most 23; rules that each refer to the same two others double at every
# layer (22 layers: four million conditions, minutes to compile).
MAX_CONDITIONS = 1_000


def _check_inlined(rules: list[RuleVersion]) -> None:
    """Refuse, among rules in force together, a reference cycle, and a rule whose condition with
    its references inlined holds more than MAX_CONDITIONS conditions or nests more than MAX_DEPTH
    deep (each reference counting as a level: the engine and the reasons follow it recursively).

    Each rule is measured once, after the rules it refers to, so rules sharing references take
    time in proportion to their number, not to the size of their inlined conditions."""
    by_id = {rule.id: rule for rule in rules}
    reads = {rule.id: rules_named(rule.when) for rule in rules}
    try:
        order = list(TopologicalSorter(reads).static_order())
    except CycleError as error:
        # graphlib lists each rule before the rule that refers to it, ending where it began.
        cycle = error.args[1][:0:-1]
        first = min(range(len(cycle)), key=lambda index: by_id[cycle[index]].file)
        cycle = [*cycle[first:], *cycle[:first], cycle[first]]
        raise RuleFileError(
            by_id[cycle[0]].file, f"key when: rule references form a cycle: {' -> '.join(cycle)}"
        ) from None
    measured: dict[str, tuple[int, int]] = {}
    for rule_id in order:
        rule = by_id[rule_id]
        conditions, depth = measured[rule_id] = _measure(rule.when, measured)
        if depth > MAX_DEPTH:
            raise RuleFileError(
                rule.file,
                f"key when: conditions nested more than {MAX_DEPTH} deep with its rule references "
                "inlined (each reference counts as a level)",
            )
        if conditions > MAX_CONDITIONS:
            raise RuleFileError(
                rule.file,
                f"key when: {conditions:,} conditions with its rule references inlined; at most "
                f"{MAX_CONDITIONS:,}",
            )


def _measure(condition: Condition, measured: Mapping[str, tuple[int, int]]) -> tuple[int, int]:
    """How many conditions a condition holds and how deep it nests, each `{rule: id}` replaced by
    that rule's condition as `measured` (and counting as one more level)."""
    if isinstance(condition, RuleRef):
        conditions, depth = measured[condition.rule]
        return conditions, depth + 1
    if isinstance(condition, Not):
        conditions, depth = _measure(condition.item, measured)
        return conditions + 1, depth + 1
    if isinstance(condition, All | AnyOf):
        parts = [_measure(item, measured) for item in condition.items]
        return 1 + sum(part[0] for part in parts), 1 + max(part[1] for part in parts)
    return 1, 1
