"""One-line accounts of invalid input, for the command line and batch reports."""

from __future__ import annotations

import re
from collections.abc import ItemsView, Iterable, KeysView, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from .incident import Incident

__all__ = [
    "ONE_INCIDENT_NOT_A_GROUP",
    "loggable",
    "many_incidents",
    "one_incident_for_a_group",
    "one_line",
    "shown_key",
    "shown_message",
    "shown_path",
    "validated",
    "written_path",
]

# A key is shown as written only when it is written as field names are (lower-case letters,
# digits and "_"), so that a misspelt field can be found; anything else (a huge string, a newline,
# a capitalised name: text that may be personal data typed into the wrong place) is not echoed.
# The fields holding a place, and the tags naming a place's branch (its `country`).
_PLACE_FIELDS = ("location", "normally_resident")
_PLACE_TAGS = ("england", "wales", "scotland", "northern_ireland", "outside_uk")
_NAME = re.compile(r"[a-z_][a-z0-9_]{0,63}")
_UNNAMED = "<unrecognised key>"

_Model = TypeVar("_Model", bound=BaseModel)


# Said wherever an incident group is refused and what was given is one incident's mapping: the
# group's own refusal ("incidents: Field required" and five more) did not say so (review s27, C8).
ONE_INCIDENT_NOT_A_GROUP = (
    "this is one incident, not a group: a group holds its incidents in a list, under incidents"
)


def one_incident_for_a_group(document: object) -> bool:
    """Whether `document`, given as an incident group, is one incident's mapping instead."""
    return isinstance(document, Mapping) and "incidents" not in document and "child" in document


def one_line(error: ValidationError, whole: str = "incident") -> str:
    """The first problem as `path: message` (`whole` when it concerns the whole input), and how
    many more there are."""
    problems = error.errors(include_url=False, include_input=False)
    first = problems[0]
    path = written_path(shown_path(first["loc"])) or whole
    message = shown_message(first)
    more = f" (and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''})"
    return f"{path}: {message}{more if len(problems) > 1 else ''}"


def validated(model: type[_Model], value: Any, context: dict[str, Any] | None = None) -> _Model:
    """`value` validated as `model` (an instance of it too: `revalidate_instances`), refused with
    a `loggable` error raised without the original chained to it (a chained original would put
    its text, the user's keys as typed, in every logged traceback)."""
    try:
        return model.model_validate(value, context=context)
    except ValidationError as error:
        raise loggable(error) from None


def many_incidents(incidents: object, caller: str) -> None:
    """Nothing for an iterable of incidents; a `TypeError` for one incident (or any mapping)
    passed in its place. Both are iterable, a mapping over its keys and an `Incident` over its
    fields, so each key or field was refused as an incident, the first as the incident at
    position 0, which did not say what was wrong."""
    if isinstance(incidents, Incident | Mapping):
        given = "an Incident" if isinstance(incidents, Incident) else "a mapping"
        raise TypeError(
            f"{caller} expects an iterable of incidents (a list, say), not one incident "
            f"({given}): decide one incident with decide, or pass a list of one"
        )
    # Iterable too, and over what is never an incident: a model's (an IncidentGroup's) fields,
    # text's characters, bytes' numbers, a mapping's keys or items, a data frame's column labels.
    if isinstance(incidents, BaseModel | str | bytes | bytearray | KeysView | ItemsView) or (
        hasattr(incidents, "iterrows") and hasattr(incidents, "columns")
    ):
        given = type(incidents).__name__
        hint = (
            ": pass its rows, as frame.to_dict('records')"
            if hasattr(incidents, "iterrows")
            else ": pass group.incidents"
            if isinstance(incidents, BaseModel)
            else ""
        )
        raise TypeError(
            f"{caller} expects an iterable of incidents (a list, say), not a value of type "
            f"{given}{hint}"
        )


def loggable(error: ValidationError) -> ValidationError:
    """The same refusal with nothing the user typed in its text, `str(error)`, which callers log:
    each path as `shown_path` shows it, and a place's unrecognised tag left out of its message.

    Pydantic's own text names an unknown key as written and repeats an unrecognised tag, whatever
    `hide_input_in_errors` says. `errors()` still holds each input, for code that asks.
    """
    details: list[InitErrorDetails] = []
    for problem in error.errors(include_url=False):
        detail: InitErrorDetails = {
            "type": problem["type"],
            "loc": tuple(shown_path(problem["loc"])),
            "input": problem["input"],
        }
        if problem["type"] == "union_tag_invalid":
            # The same kind of error, worded without the tag.
            detail["type"] = PydanticCustomError("union_tag_invalid", shown_message(problem))
        elif "ctx" in problem:
            detail["ctx"] = problem["ctx"]
        details.append(detail)
    return ValidationError.from_exception_data(error.title, details, hide_input=True)


def written_path(parts: Iterable[int | str]) -> str:
    """A path as the library writes one everywhere: keys joined by dots, a position in a list
    in brackets (`incidents[1].event.date`), as in `missing_facts` and the group's own checks."""
    return "".join(
        f"[{part}]" if isinstance(part, int) else f".{part}" if index else part
        for index, part in enumerate(parts)
    )


def shown_key(part: object) -> str:
    """A key or index as an error may show it: as written when it looks like a field name."""
    if isinstance(part, int) or (isinstance(part, str) and _NAME.fullmatch(part)):
        return str(part)
    return _UNNAMED


def shown_path(loc: Iterable[int | str]) -> list[int | str]:
    """A pydantic error's location as the path the user wrote: keys as `shown_key` shows them,
    indexes as numbers, and no branch names of a discriminated union."""
    parts = list(loc)
    return [
        part if isinstance(part, int) else shown_key(part)
        for index, part in enumerate(parts)
        if not (index and _is_union_tag(parts[index - 1], part))
    ]


def shown_message(problem: Mapping[str, Any]) -> str:
    """A pydantic error's message without any value the user typed."""
    # Pydantic repeats the unrecognised tag of a discriminated union ("Input tag 'x' found ...");
    # the tag is whatever the user typed, so the message is rebuilt without it (from its context:
    # a `loggable` error, already rebuilt, has none and keeps its message).
    if problem["type"] == "union_tag_invalid" and "ctx" in problem:
        context = problem.get("ctx", {})
        return (
            f"Input tag found using {context.get('discriminator', 'the tag')} does not match any "
            f"of the expected tags: {context.get('expected_tags', '')}"
        )
    return str(problem["msg"]).removeprefix("Value error, ")


def _is_union_tag(before: object, part: object) -> bool:
    # Pydantic names the branch of a discriminated union in the path ("location.england");
    # the user wrote "location", so the tag is left out: only there, since elsewhere a key
    # named "england" is the user's own (an unknown key, shown where it was written).
    return before in _PLACE_FIELDS and part in _PLACE_TAGS
