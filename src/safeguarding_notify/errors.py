"""The exceptions this library raises, besides `pydantic.ValidationError` for invalid input.

    SafeguardingNotifyError
     ├── RuleFileError           a rule file is malformed or inconsistent (names file and key)
     ├── RulesNotInForceError    no encoded rule set covers the date that selects the rules
     ├── OutsideCalendarError    the date to decide against is beyond the known bank holidays
     ├── DecisionDateError       the date to decide against is before a date the incident records
     └── EngineError             the rule engine failed; no decision is returned

None of them is ever turned into a "not_required": a caller that catches one has no decision.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "DATE_REFUSALS",
    "DecisionDateError",
    "EngineError",
    "OutsideCalendarError",
    "RuleFileError",
    "RulesNotInForceError",
    "SafeguardingNotifyError",
]


class SafeguardingNotifyError(Exception):
    """Base class of every error this library raises on purpose."""

    # For a group's refusal of one child: its position in `incidents` (the message begins
    # `incidents[child]: `). None otherwise.
    child: int | None = None


class RuleFileError(SafeguardingNotifyError, ValueError):
    """A rule file cannot be used; the message names the file and the key."""

    def __init__(self, file: str, problem: str) -> None:
        # A name holding a line break or another control character is shown quoted and escaped,
        # so that the refusal stays one line (review s27, C7); `file` keeps the name as it is.
        super().__init__(f"{file if file.isprintable() else repr(file)}: {problem}")
        self.file = file
        self.problem = problem

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt from its two parts (an exception is pickled with its message alone, which this
        # constructor cannot take): raised in a process pool's worker, it reaches the caller
        # whole instead of breaking the pool.
        return (type(self), (self.file, self.problem), self.__dict__)


class RulesNotInForceError(SafeguardingNotifyError, ValueError):
    """The date that selects the rules falls outside every encoded rule set."""

    # What gave that date: the incident's input path (a decision's `rules_date_source`, such as
    # "became_aware_on" or "event.date"), or the option (the date decided against, "today", or
    # a plan's date of submission, "submitted_on", which chooses its form-grouping rule).
    field: str | None = None
    option: str | None = None


class OutsideCalendarError(SafeguardingNotifyError, ValueError):
    """The date to decide against (`today`), or a plan's date of submission (`submitted_on`),
    falls outside the years whose bank holidays in England are known, or a deadline counted from
    an incident's dates runs past them: working days (due dates, statuses) cannot be counted."""


class DecisionDateError(SafeguardingNotifyError, ValueError):
    """The date to decide against (`today`) is before the child's birth, the event or the day the
    authority became aware: nothing was owed then, and no status can be taken on it. (A
    notification recorded after it is simply not yet made: statuses as they stood that day.)

    Also a plan's date of submission (`submitted_on`) before a child's birth, event or the
    awareness: nothing could be notified then, and the form-grouping rule it would choose is not
    one any notification of the incident could follow.
    """

    # The date option at fault: "today", or "submitted_on" for a plan's date of submission.
    option: str = "today"


class EngineError(SafeguardingNotifyError, RuntimeError):
    """The rule engine failed or gave an incomplete answer; the decision was abandoned."""


# What `decide` refuses in an incident valid in itself, for its dates: none chooses encoded rules,
# `today` comes before them, or a deadline runs past the known bank holidays (aware at the end
# of 2100: it escaped the command line as a traceback and stopped an audit, review s27, A3).
# Every door that reports bad input reports these alike, as one line naming the problem (the
# HTTP service answers each with a 422 of its own).
DATE_REFUSALS: tuple[type[SafeguardingNotifyError], ...] = (
    RulesNotInForceError,
    DecisionDateError,
    OutsideCalendarError,
)
