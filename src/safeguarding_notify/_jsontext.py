"""Reading JSON a user wrote: one set of refusals for every door that reads it (the command
line's files and standard input, the batch audit's lines)."""

from __future__ import annotations

import json
from typing import Any

__all__ = ["NotJsonError", "json_of"]


class NotJsonError(ValueError):
    """Text that is not one JSON value; the message says why without repeating the text."""

    def __init__(self, problem: str, position: tuple[int, int] | None = None) -> None:
        super().__init__(problem)
        self.position = position  # (line, column) within the text, when json gives one


def json_of(text: str) -> Any:
    """The JSON value written in `text`, or `NotJsonError`."""
    # A leading byte order mark (Excel and some Windows editors write one) is not content:
    # RFC 8259 s8.1 lets a parser ignore it, and refusing it would refuse the whole file.
    try:
        return json.loads(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as error:
        raise NotJsonError(f"not valid JSON ({error.msg})", (error.lineno, error.colno)) from None
    except RecursionError:
        raise NotJsonError("JSON nested too deeply") from None
    except ValueError:
        # json refuses integers longer than Python's limit (4,300 digits) with a plain ValueError.
        raise NotJsonError("not valid JSON (a number is too long)") from None
