"""Reading JSON a user wrote: one set of refusals for every door that reads it (the command
line's files and standard input, the batch audit's lines, the HTTP service's bodies)."""

from __future__ import annotations

import json
from typing import Any

from ._validation import shown_key

__all__ = ["KeyNamedTwiceError", "NotJsonError", "json_of", "unique_object"]


class NotJsonError(ValueError):
    """Text that is not one JSON value; the message says why without repeating the text."""

    def __init__(self, problem: str, position: tuple[int, int] | None = None) -> None:
        super().__init__(problem)
        self.position = position  # (line, column) within the text, when json gives one

    def located(self) -> str:
        """The problem, after its line and column when json gave them."""
        return (
            f"line {self.position[0]} column {self.position[1]}: {self}"
            if self.position
            else str(self)
        )


class KeyNamedTwiceError(json.JSONDecodeError):
    """An object names a key twice (a JSONDecodeError, as web frameworks expect of bad JSON)."""


def unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json's `object_pairs_hook` refusing an object that names a key twice.

    json keeps the last of two equal keys; which answer a case file meant cannot be known, so
    such an object is refused (RFC 8259 s4: names SHOULD be unique).
    """
    found = dict(pairs)
    if len(found) < len(pairs):
        # The first key met again, through a set: an object of tens of thousands of keys is
        # found out in milliseconds (comparing each key with those before it took half a minute).
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                # json gives the hook no position: the problem names the key instead.
                problem = f"the key {shown_key(key)} appears twice in one object"
                raise KeyNamedTwiceError(problem, "", 0)
            seen.add(key)
    return found


# Built once: `json.loads` with a hook builds a decoder on every call, which cost as much again as
# the hook itself (an audit parses a line per row).
_DECODER = json.JSONDecoder(object_pairs_hook=unique_object)


def json_of(text: str) -> Any:
    """The JSON value written in `text`, or `NotJsonError`."""
    # A leading byte order mark (Excel and some Windows editors write one) is not content:
    # RFC 8259 s8.1 lets a parser ignore it, and refusing it would refuse the whole file.
    try:
        return _DECODER.decode(text.removeprefix("\ufeff"))
    except KeyNamedTwiceError as error:
        raise NotJsonError(f"not valid JSON ({error.msg})") from None
    except json.JSONDecodeError as error:
        position = _line_and_column(error.doc, error.pos)
        raise NotJsonError(f"not valid JSON ({error.msg})", position) from None
    except RecursionError:
        raise NotJsonError("JSON nested too deeply") from None
    except ValueError:
        # json refuses integers longer than Python's limit (4,300 digits) with a plain ValueError.
        raise NotJsonError("not valid JSON (a number is too long)") from None


def _line_and_column(text: str, offset: int) -> tuple[int, int]:
    """The line and column (from 1) of `offset` in `text`, a line ending at CR LF, CR or LF.

    json counts only LF, so a file written with CR line ends (or read without translating them,
    as files are here, with `newline=""` for the csv module) was all "line 1".
    """
    before = text[:offset]
    line = 1 + before.count("\n") + before.count("\r") - before.count("\r\n")
    return line, offset - max(before.rfind("\n"), before.rfind("\r"))
