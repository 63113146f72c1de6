"""The `safeguarding-notify` command.

Exit status: 0 when every input was decided, 2 when input was invalid or outside the encoded
rules (one line on stderr naming the field), 1 when the engine failed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from typing import IO, Any, NoReturn

from pydantic import ValidationError

from ._decide import Decider, default_decider
from ._explain import QUESTIONS, format_date
from ._validation import one_line
from .decision import Decision
from .errors import EngineError, RuleFileError, RulesNotInForceError

__all__ = ["main"]

_RECIPIENTS = {
    "panel": "the Child Safeguarding Practice Review Panel",
    "secretary_of_state": "the Secretary of State",
    "ofsted": "Ofsted",
    "safeguarding_partners": "the safeguarding partners",
}


class InputError(Exception):
    """Input the command cannot use; the message is the one line printed."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="safeguarding-notify",
        description="Decide whether an English local authority must notify the Child "
        "Safeguarding Practice Review Panel, and what else it owes.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    decide = commands.add_parser("decide", help="decide one incident (JSON) or many (--jsonl)")
    decide.add_argument("file", help="a JSON file of one incident, or - for standard input")
    decide.add_argument("--jsonl", action="store_true", help="one incident a line in and out")
    decide.add_argument("--explain", action="store_true", help="a human-readable account")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    try:
        decider = default_decider()
        if arguments.command == "decide":
            return _decide(decider, arguments.file, arguments.jsonl, arguments.explain)
    except InputError as error:
        return _fail(str(error), 2)
    except UnicodeDecodeError:
        return _fail("the input is not UTF-8 text", 2)
    except RuleFileError as error:
        return _fail(f"rule file refused: {error}", 1)
    except EngineError as error:
        return _fail(f"engine failure, no decision made: {error}", 1)
    return 2  # pragma: no cover - argparse requires a command


def _fail(message: str, status: int) -> int:
    print(f"safeguarding-notify: {message}", file=sys.stderr)
    return status


def _decide(decider: Decider, file: str, jsonl: bool, explain: bool) -> int:
    with _open(file) as stream:
        documents = _lines(stream) if jsonl else iter([(None, _parse(stream.read(), None))])
        for line, document in documents:
            decision = _decide_one(decider, document, line)
            if explain:
                print(explain_text(decision))
            elif jsonl:
                print(decision.model_dump_json())
            else:
                print(json.dumps(decision.model_dump(mode="json"), indent=2, ensure_ascii=False))
    return 0


def _decide_one(
    decider: Decider, document: Any, line: int | None, today: date | None = None
) -> Decision:
    where = f"line {line}: " if line else ""
    try:
        return decider.decide(document, today)
    except ValidationError as error:
        raise InputError(f"{where}{one_line(error)}") from None
    except RulesNotInForceError as error:
        raise InputError(f"{where}{error}") from None


def _open(file: str) -> IO[str]:
    if file == "-":
        return sys.stdin
    try:
        return open(file, encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot read {file}: {error.strerror}") from None


def _lines(stream: IO[str]) -> Iterator[tuple[int, Any]]:
    for number, text in enumerate(stream, start=1):
        if text.strip():
            yield number, _parse(text, number)


def _parse(text: str, line: int | None) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {line}: " if line else f"line {error.lineno} column {error.colno}: "
        raise InputError(f"{where}not valid JSON ({error.msg})") from None
    except RecursionError:
        raise InputError("JSON nested too deeply") from None
    except ValueError:
        # json refuses integers longer than Python's limit (4,300 digits) with a plain ValueError.
        where = f"line {line}: " if line else ""
        raise InputError(f"{where}not valid JSON (a number is too long)") from None


def explain_text(decision: Decision) -> str:
    """A short account a manager can read: what to notify, by when, why, and what to ask."""
    heading = f"Case {decision.case_reference}" if decision.case_reference else "Incident"
    lines = [
        f"{heading}: notify the Panel: {decision.notify_panel.replace('_', ' ').upper()}",
        decision.notes[0],
        "",
        "Notifications owed:" if decision.obligations else "Notifications owed: none",
    ]
    for item in decision.obligations:
        due = (
            f"by {item.due_by:%A} {format_date(item.due_by)}" if item.due_by else "due date unknown"
        )
        area = f" of {item.area}" if item.area else ""
        lines.append(
            f"  - {_RECIPIENTS[item.recipient]}{area} ({item.strength}) {due}: {item.basis}"
        )
    if decision.responsible_authority:
        lines.append(
            f"Responsible authority for the event's area: {decision.responsible_authority}"
        )
    lines += ["", "Why:"]
    lines += [
        f"  [{reason.outcome}] {reason.rule}: {reason.explanation}" for reason in decision.reasons
    ]
    lines += [f"Note: {note}" for note in decision.notes[1:]]
    if decision.missing_facts:
        lines += ["", "Questions to ask:"]
        lines += [f"  - {path}: {QUESTIONS[path]}" for path in decision.missing_facts]
    return "\n".join(lines)


def run() -> NoReturn:
    sys.exit(main())
