"""One-line accounts of invalid input, for the command line and batch reports."""

from __future__ import annotations

from pydantic import ValidationError

__all__ = ["one_line"]


def one_line(error: ValidationError, whole: str = "incident") -> str:
    """The first problem as `path: message` (`whole` when it concerns the whole input), and how
    many more there are."""
    problems = error.errors(include_url=False, include_input=False)
    first = problems[0]
    path = ".".join(str(part) for part in first["loc"] if not _is_union_tag(part)) or whole
    message = first["msg"].removeprefix("Value error, ")
    more = f" (and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''})"
    return f"{path}: {message}{more if len(problems) > 1 else ''}"


def _is_union_tag(part: object) -> bool:
    # Pydantic names the branch of a discriminated union in the path ("location.england");
    # the user wrote "location", so the tag is left out.
    return part in ("england", "wales", "scotland", "northern_ireland", "outside_uk")
