"""JSON Schemas: printed by the CLI, committed current in docs/schemas/, and the examples valid."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pydantic import ValidationError

from conftest import incident
from random_incidents import random_incidents
from safeguarding_notify import Incident, IncidentGroup, decide, plan_notifications
from safeguarding_notify._commands import EXAMPLE_TODAY
from safeguarding_notify._csvio import columns_of
from safeguarding_notify._schemas import SCHEMA_MODELS, schema_text
from safeguarding_notify.cli import main

DOCS = Path(__file__).resolve().parents[1] / "docs"
EXAMPLES = DOCS / "examples"


def _group() -> dict[str, Any]:
    """The example incident group as a document."""
    document: dict[str, Any] = json.loads((EXAMPLES / "group.json").read_text(encoding="utf-8"))
    return document


def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((DOCS / "schemas" / f"{name}.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _example_incidents() -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for path in sorted(EXAMPLES.glob("incident*.json")):
        found.append((path.name, json.loads(path.read_text(encoding="utf-8"))))
    for path in sorted(EXAMPLES.glob("*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        found += [(f"{path.name}:{n}", json.loads(text)) for n, text in enumerate(lines, 1)]
    columns = columns_of()
    for path in sorted(EXAMPLES.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as stream:
            reader = csv.reader(stream)
            header = next(reader)
            found += [
                (f"{path.name}:{reader.line_num}", columns.document(header, cells))
                for cells in reader
            ]
    return found


@pytest.mark.parametrize("name", sorted(SCHEMA_MODELS))
def test_schema_command_prints_the_models_schema(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`safeguarding-notify schema NAME` prints the model's JSON Schema and exits 0."""
    assert main(["schema", name]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(schema_text(name))
    assert printed["title"] == SCHEMA_MODELS[name].__name__


@pytest.mark.parametrize("name", sorted(SCHEMA_MODELS))
def test_committed_schema_is_current(name: str) -> None:
    """docs/schemas/NAME.json is exactly what the model generates today."""
    committed = (DOCS / "schemas" / f"{name}.json").read_text(encoding="utf-8")
    assert committed == schema_text(name), (
        f"docs/schemas/{name}.json is stale: run `safeguarding-notify docs --write docs`"
    )


def test_examples_are_found() -> None:
    """The example folder holds incidents in JSON, JSONL and CSV, so the next test checks some."""
    names = {name.split(":")[0] for name, _ in _example_incidents()}
    assert {"incident.json", "incidents.jsonl", "incidents.csv"} <= names


@pytest.mark.parametrize(("name", "document"), _example_incidents(), ids=lambda x: str(x)[:40])
def test_example_incident_is_valid_under_the_schema(name: str, document: Any) -> None:
    """Each example incident is valid under the committed incident schema."""
    _validator("incident").validate(document)


def test_schema_accepts_every_notified_on_key_the_library_accepts() -> None:
    """Recorded notifications to each recipient, and to another area's partners, pass both."""
    keys = ["panel", "secretary_of_state", "ofsted", "safeguarding_partners"]
    document = incident(
        notified_on=dict.fromkeys([*keys, "safeguarding_partners:E09000007"], "2026-11-23")
    )
    Incident.model_validate(document)
    _validator("incident").validate(document)


@pytest.mark.parametrize(
    ("schema", "example"),
    [
        ("decision", "decision.json"),
        ("group", "group.json"),
        ("group", "group-2018.json"),
        ("plan", "plan.json"),
    ],
)
def test_example_is_valid_under_its_schema(schema: str, example: str) -> None:
    """The example decision, incident groups and notification plan are valid under their schemas."""
    document = json.loads((EXAMPLES / example).read_text(encoding="utf-8"))
    _validator(schema).validate(document)


@pytest.mark.parametrize("name", sorted({"decision", "plan"}))
def test_an_output_schema_requires_every_field_the_library_always_writes(name: str) -> None:
    """Every field of an output is always written (defaults included), so its schema requires
    each one: classes generated from it do not make `status` or `what_if` optional."""
    schema = json.loads(schema_text(name))
    objects = [schema, *schema.get("$defs", {}).values()]
    for found in (item for item in objects if item.get("type") == "object"):
        assert found.get("required", []) == list(found["properties"]), found["title"]


def test_every_decision_written_is_valid_under_the_decision_schema() -> None:
    """Decisions of random incidents (every field, unknowns included), as the library writes
    them, are valid under the committed decision schema."""
    validator = _validator("decision")
    # Dated up to the day decided against (the generator's default is today's real date).
    for document in random_incidents(300, seed=11, today=EXAMPLE_TODAY):
        written = json.loads(decide(document, today=EXAMPLE_TODAY).model_dump_json())
        validator.validate(written)


def test_example_group_is_accepted_by_the_library() -> None:
    """The example group the schema accepts is also accepted (and planned) by the library."""
    document = json.loads((EXAMPLES / "group.json").read_text(encoding="utf-8"))
    plan = plan_notifications(document, today=EXAMPLE_TODAY)
    assert len(plan.forms) == 1
    assert plan.model_dump(mode="json") == json.loads(
        (EXAMPLES / "plan.json").read_text(encoding="utf-8")
    )


@pytest.mark.parametrize(
    "document",
    [
        {**_group(), "incidents": []},
        {**_group(), "school": "not allowed"},
        {**_group(), "main_child": -1},
        {**_group(), "notifying_authority": "W06000001"},
    ],
    ids=["no incidents", "unknown field", "negative main child", "Welsh authority code"],
)
def test_group_schema_refuses_what_the_library_refuses(document: Any) -> None:
    """The group schema refuses an empty group, unknown fields and bad codes, as the library does."""
    with pytest.raises(ValidationError):
        IncidentGroup.model_validate(document)
    with pytest.raises(jsonschema.ValidationError):
        _validator("group").validate(document)


@pytest.mark.parametrize(
    "document",
    [
        incident(**{"child.name": "not allowed"}),
        incident(abuse_or_neglect="perhaps"),
        incident(notifying_authority="W06000001"),
        incident(**{"event.location": {"country": "wales", "local_authority": "E08000025"}}),
        incident(notified_on={"the_press": "2026-11-23"}),
        incident(notified_on={"safeguarding_partners:W06000001": "2026-11-23"}),
    ],
    ids=[
        "unknown field",
        "unknown value",
        "Welsh authority code",
        "authority outside England",
        "unknown notified_on key",
        "Welsh partners in notified_on",
    ],
)
def test_schema_refuses_what_the_library_refuses(document: Any) -> None:
    """The schema is not a rubber stamp: it refuses input the library refuses."""
    with pytest.raises(ValidationError):
        Incident.model_validate(document)
    with pytest.raises(jsonschema.ValidationError):
        _validator("incident").validate(document)
