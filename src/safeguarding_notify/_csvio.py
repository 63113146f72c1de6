"""Incidents as CSV rows, and decisions as CSV rows.

A column is the dotted path of a field (`event.location.local_authority`). An empty cell is
unknown (null). A nested object that may itself be null (a place) is null when all its cells are
empty: `event.location.country` and `event.location.local_authority` both empty means "where it
happened is unknown", while `england` with an empty authority means "in England, area unknown".
The columns and the nullable objects are read from the model's JSON Schema, so a field added to
the model is a column without any change here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from pydantic import BaseModel

from .decision import Decision
from .incident import Incident

__all__ = ["DECISION_COLUMNS", "ColumnError", "Columns", "columns_of", "decision_row"]


class ColumnError(ValueError):
    """A CSV header the model cannot read; the message names the column."""


@dataclass(frozen=True, slots=True)
class Columns:
    """The dotted leaf paths of a model, and which nested objects may be null as a whole."""

    leaves: tuple[str, ...]
    nullable_objects: tuple[str, ...]
    required: frozenset[str]
    # Mappings with open keys (one date per recipient, say): `path.<key>` columns are accepted.
    open_mappings: tuple[str, ...] = ()
    # Boolean leaves: a cell reads `true` or `false`, as in JSON; anything else is given to the
    # model as written and refused there (the model takes no "yes", "1" or "on" for a boolean).
    booleans: frozenset[str] = frozenset()
    # The pattern each open mapping's keys must match, where its schema gives one (`path`,
    # `pattern`): a misspelt recipient column is refused with the header, not row by row.
    key_patterns: tuple[tuple[str, str], ...] = ()
    # Whole-number leaves (an age range's years): a cell of digits is the number, as in JSON;
    # anything else is given to the model as written and refused there (it takes no "17.0").
    integers: frozenset[str] = frozenset()

    def check_header(self, header: Sequence[str]) -> None:
        """Refuse empty, unknown or repeated columns before any row is read.

        A column is named by its position, never by what the header says: a file with no header
        row (or JSONL read as CSV) has its first record there, personal data and all. Only a
        name that is exactly a field's path is shown (a column given twice).
        """
        seen: dict[str, int] = {}
        patterns = dict(self.key_patterns)
        for position, name in enumerate(header, start=1):
            parent, _, key = name.rpartition(".")
            if not name:
                raise ColumnError(f"column {position} of the header is empty; {self.expected()}")
            if name not in self.leaves and not (key and parent in self.open_mappings):
                raise ColumnError(
                    f"column {position} of the header is not a field; {self.expected()}"
                )
            pattern = patterns.get(parent)
            if name not in self.leaves and pattern and not re.fullmatch(pattern, key):
                # Else each row with a date in it would be refused alone, and each without
                # decided as if the column were not there.
                raise ColumnError(
                    f"column {position} of the header is not a key {parent} takes; "
                    f"{self.expected()}"
                )
            if name in seen:
                # An open mapping's key (`notified_on.<key>`) is whatever was typed: not shown.
                same = f"both name {name}" if name in self.leaves else "are the same"
                raise ColumnError(f"columns {seen[name]} and {position} of the header {same}")
            seen[name] = position
        # A column every incident needs, left out (renamed in a system's export, say), would
        # make each row bad for the same reason: refused once, here. So is one of an object's
        # columns without the others (a place's country without its authority: every place in
        # England was read as "area unknown": review s29, B3).
        given = {self._object_of(name) for name in seen} - {None}
        absent = [
            name
            for name in self.leaves
            if name not in seen and (self._needed(name) or self._object_of(name) in given)
        ]
        if absent:
            raise ColumnError(
                f"the header has no column {', '.join(absent)}, which every incident needs (a "
                "required field, or the rest of a place or an age range whose other column is "
                f"given; an empty cell where the answer is not known); {self.expected()}"
            )

    def _object_of(self, name: str) -> str | None:
        """The nullable object (a place, an age range) whose column this is, if any."""
        return next((path for path in self.nullable_objects if name.startswith(f"{path}.")), None)

    def _needed(self, name: str) -> bool:
        """Whether every incident holds this leaf: it and each object above it are required
        (a place's `country`, the place being required; not an age range's bounds)."""
        parts = name.split(".")
        return all(".".join(parts[:depth]) in self.required for depth in range(1, len(parts) + 1))

    def expected(self) -> str:
        """What a header holds: the columns a header may name, and where they are described."""
        named = [*self.leaves, *(f"{path}.<key>" for path in self.open_mappings)]
        return (
            f"the first row must name the columns, each a field's dotted path: {', '.join(named)} "
            '(see "CSV for the batch audit" in docs/reference.md)'
        )

    def document(self, header: Sequence[str], cells: Sequence[str]) -> dict[str, Any]:
        """One row as the nested mapping the model validates (empty cell = unknown)."""
        document: dict[str, Any] = {}
        for name, cell in zip(header, cells, strict=True):
            *parents, leaf = name.split(".")
            target = document
            for part in parents:
                target = target.setdefault(part, {})
            if cell != "":
                target[leaf] = self._cell(name, cell)
            elif name in self.required:
                target[leaf] = None
            # An empty optional cell is left out, so the field takes its default (null); that
            # also keeps `local_authority` off a place outside England, where it is refused.
        # Deepest first, so that an object inside an all-empty object is collapsed before it.
        for path in self.nullable_objects:
            *parents, leaf = path.split(".")
            holder: Any = document
            for part in parents:
                holder = holder.get(part) if isinstance(holder, dict) else None
            if isinstance(holder, dict) and _all_empty(holder.get(leaf)):
                holder[leaf] = None
        return document

    def _cell(self, name: str, cell: str) -> Any:
        """A non-empty cell as the JSON value it stands for: a boolean or a whole number where
        the field is one and the cell writes one, else the text as written."""
        if name in self.booleans:
            return _BOOLEAN_CELLS.get(cell, cell)
        if name in self.integers and _DIGITS.fullmatch(cell):
            return int(cell)
        return cell


_BOOLEAN_CELLS = {"true": True, "false": False}
# At most six digits: the model takes ages to 130 and says so of 1000 as of the JSON number (with
# three, a cell of 1000 was refused as not a whole number: review s27, C2); int() of a longer
# cell costs time, and it is refused as text.
_DIGITS = re.compile(r"[0-9]{1,6}")


def _all_empty(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_all_empty(item) for item in value.values())
    return value is None


@cache
def columns_of(model: type[BaseModel] = Incident) -> Columns:
    """The CSV columns of a model, read from its JSON Schema."""
    schema = model.model_json_schema()
    leaves: list[str] = []
    nullable: list[str] = []
    required: set[str] = set()
    mappings: dict[str, str | None] = {}
    booleans: list[str] = []
    integers: list[str] = []
    _walk(
        schema,
        schema.get("$defs", {}),
        "",
        leaves,
        nullable,
        required,
        mappings,
        (booleans, integers),
    )
    nullable.sort(key=lambda path: -path.count("."))
    return Columns(
        tuple(dict.fromkeys(leaves)),
        tuple(dict.fromkeys(nullable)),
        frozenset(required),
        tuple(mappings),
        frozenset(booleans),
        tuple((path, pattern) for path, pattern in mappings.items() if pattern),
        frozenset(integers),
    )


def _walk(
    schema: Mapping[str, Any],
    defs: Mapping[str, Any],
    prefix: str,
    leaves: list[str],
    nullable: list[str],
    required: set[str],
    mappings: dict[str, str | None],
    typed: tuple[list[str], list[str]],
) -> None:
    """Collect the columns of `schema` under `prefix`; `typed`: the boolean leaves and the
    whole-number leaves found, each a cell read as such."""
    booleans, integers = typed
    keys = list(schema.get("properties", {}))
    if not keys:  # a mapping with a closed set of keys, e.g. one entry per recipient
        keys = list(schema.get("propertyNames", {}).get("enum", []))
    for name in keys:
        path = f"{prefix}{name}"
        if name in schema.get("required", ()):
            required.add(path)
        field = schema.get("properties", {}).get(name) or schema.get("additionalProperties", {})
        branches = [_resolve(branch, defs) for branch in field.get("anyOf", [field])]
        options = [_resolve(item, defs) for branch in branches for item in _one_of(branch)]
        objects = [item for item in options if _is_object(item)]
        open_mappings = [item for item in options if _is_open_mapping(item)]
        if not objects and open_mappings:
            mappings[path] = open_mappings[0].get("propertyNames", {}).get("pattern")
            continue
        if not objects:
            leaves.append(path)
            if any(item.get("type") == "boolean" for item in options):
                booleans.append(path)
            if any(item.get("type") == "integer" for item in options):
                integers.append(path)
            continue
        if any(option.get("type") == "null" for option in options):
            nullable.append(path)
        for item in objects:
            _walk(item, defs, f"{path}.", leaves, nullable, required, mappings, typed)


def _one_of(schema: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return list(schema.get("oneOf", [schema]))


def _resolve(schema: Mapping[str, Any], defs: Mapping[str, Any]) -> Mapping[str, Any]:
    reference = schema.get("$ref")
    if isinstance(reference, str):
        return defs[reference.rsplit("/", 1)[1]]  # type: ignore[no-any-return]
    return schema


def _is_object(schema: Mapping[str, Any]) -> bool:
    return "properties" in schema or "enum" in schema.get("propertyNames", {})


def _is_open_mapping(schema: Mapping[str, Any]) -> bool:
    return schema.get("type") == "object" and isinstance(schema.get("additionalProperties"), dict)


# -- decisions out -------------------------------------------------------------------------------

DECISION_COLUMNS = (
    "line",
    "error",
    "case_reference",
    "notify_panel",
    "obligations",
    "panel_due_by_if_required",
    "panel_status_if_required",
    "missing_facts",
    "advisories",
    "notes",
    "responsible_authority",
    "rules_date",
    "rules_date_source",
    "rules_version",
    "library_version",
    "input_digest",
    "as_of",
)


def decision_row(line: int | None, decision: Decision | None, error: str | None) -> list[str]:
    """One output row: a decision flattened, or the error that stopped the row being decided (or,
    with no line, the audit)."""
    if decision is None:
        return [
            "" if line is None else str(line),
            error or "",
            *([""] * (len(DECISION_COLUMNS) - 2)),
        ]
    return [
        str(line),
        "",
        decision.case_reference or "",
        decision.notify_panel,
        "; ".join(
            _obligation_text(item)
            for item in (item.model_dump(mode="json") for item in decision.obligations)
        ),
        _iso(decision.panel_due_by_if_required),
        decision.panel_status_if_required or "",
        "; ".join(decision.missing_facts),
        "; ".join(f"{item.advice} ({item.rule})" for item in decision.advisories),
        # After the first (the rules date, in its own columns), unless the rules came from two
        # dates (it then says so, for legal review): the flags a manager must not miss, such as
        # a legal-review doubt. Notes are sentences, so " | " between them.
        " | ".join(decision.notes[0 if decision.aware_rules_date else 1 :]),
        decision.responsible_authority or "",
        decision.rules_date.isoformat(),
        decision.rules_date_source,
        decision.rules_version,
        decision.library_version,
        decision.input_digest,
        decision.as_of.isoformat(),
    ]


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _obligation_text(item: Mapping[str, Any]) -> str:
    # recipient[@area] strength due-date [status, notified DATE] (rule): one obligation in one
    # cell, fields as written.
    area = f"@{item['area']}" if item.get("area") else ""
    due = f" due {item['due_by']}" if item.get("due_by") else " no due date"
    notified = f", notified {item['notified_on']}" if item.get("notified_on") else ""
    status = f" [{item['status']}{notified}]" if item.get("status") else ""
    return f"{item['recipient']}{area} {item['strength']}{due}{status} ({item['rule']})"
