"""The `safeguarding-notify` command.

Exit status: 0 when every input was decided, 2 when input was invalid or outside the encoded
rules (one line on stderr naming the field), 1 when the engine failed, the shipped rule files did
or the system did (a full disk, say, or for `serve` a port in use: one line too). `audit` exits 2
when any row was bad, after deciding all the others; `docs --rules DIR` exits 2 when a rule file
in DIR cannot be used. The commands besides `decide` are in `_commands`.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from typing import IO, Any, NoReturn

from pydantic import ValidationError

from ._account import decision_account, plan_account, rule_roles
from ._audit import UnreadableInputError, input_stream, is_utf8, lines_of, whole_text
from ._commands import (
    COMMANDS,
    RULES_HELP,
    RulesDirError,
    Terminated,
    _fail,
    add_commands,
    calendar_date_option,
    decider_for,
    today_option,
)
from ._decide import Decider
from ._jsontext import NotJsonError, json_of
from ._plan import plan_with
from ._validation import ONE_INCIDENT_NOT_A_GROUP, one_incident_for_a_group, one_line
from ._version import __version__
from .decision import Decision
from .errors import DATE_REFUSALS, EngineError, RuleFileError
from .group import IncidentGroup
from .incident import until

__all__ = ["main"]


class InputError(Exception):
    """Input the command cannot use; the message is the one line printed."""


class _Parser(argparse.ArgumentParser):
    """argparse's parser, its subcommands' too, with usage errors on one line like every other
    refusal of the command (argparse prints the usage first), pointing at --help."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="safeguarding-notify",
        description="Decide whether an English local authority must notify the Child "
        "Safeguarding Practice Review Panel, and what else it owes.",
    )
    # The version the service gives at GET /health, without starting it (argparse prints it and
    # exits 0 before asking for a command).
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    decide = commands.add_parser("decide", help="decide one incident (JSON) or many (--jsonl)")
    decide.add_argument("file", help="a JSON file of one incident, or - for standard input")
    decide.add_argument("--jsonl", action="store_true", help="one incident a line in and out")
    decide.add_argument("--explain", action="store_true", help="a human-readable account")
    decide.add_argument("--today", metavar="YYYY-MM-DD", help=_TODAY_HELP)
    decide.add_argument("--rules", metavar="DIR", help=RULES_HELP)
    plan = commands.add_parser(
        "plan", help="plan the notifications for an incident group with several children (JSON)"
    )
    plan.add_argument("file", help="a JSON file of one incident group, or - for standard input")
    plan.add_argument("--explain", action="store_true", help="a human-readable account")
    plan.add_argument("--today", metavar="YYYY-MM-DD", help=_TODAY_HELP)
    plan.add_argument("--rules", metavar="DIR", help=RULES_HELP)
    plan.add_argument(
        "--submitted-on",
        metavar="YYYY-MM-DD",
        help="the date of submission that chooses the form-grouping rule, which may be later "
        "than --today (default: --today)",
    )
    add_commands(commands)
    return parser


_TODAY_HELP = "the date to decide and give statuses against (default: today in England)"


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    try:
        if arguments.command in COMMANDS:
            return COMMANDS[arguments.command](arguments)
        try:
            today = today_option(arguments.today)
            submitted_on = (
                calendar_date_option("--submitted-on", arguments.submitted_on)
                if arguments.command == "plan"  # the only command with the option
                else None
            )
        except ValueError as error:
            raise InputError(str(error)) from None
        decider = decider_for(arguments.rules)
        if arguments.command == "decide":
            return _decide(decider, arguments.file, arguments.jsonl, arguments.explain, today)
        if arguments.command == "plan":
            return _plan(decider, arguments.file, arguments.explain, today, submitted_on)
    except (InputError, RulesDirError, UnreadableInputError) as error:
        return _fail(str(error), 2)
    except UnicodeDecodeError:
        return _fail("the input is not UTF-8 text", 2)
    except RuleFileError as error:
        return _fail(f"rule file refused: {error}", 1)
    except EngineError as error:
        return _fail(f"engine failure, no decision made: {error}", 1)
    return 2  # pragma: no cover - argparse requires a command


def _decide(decider: Decider, file: str, jsonl: bool, explain: bool, today: date | None) -> int:
    with _open(file) as stream:
        documents = _lines(stream) if jsonl else iter([(None, _parse(whole_text(stream), None))])
        roles = rule_roles(decider.book) if explain else None  # once, not for every line
        for line, document in documents:
            decision = _decide_one(decider, document, line, today)
            if explain:
                print(decision_account(decision, roles))
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
        # A whole file holding a list is several incidents, which one `decide` does not read; a
        # group's (its incidents under `incidents`) is planned (review s29, C7).
        hint = ""
        if isinstance(document, list) and line is None:
            hint = "; for several incidents use --jsonl (one a line) or audit"
        elif isinstance(document, dict) and "incidents" in document and "child" not in document:
            hint = "; this is a group of incidents, not one: plan it with the plan command"
        raise InputError(f"{where}{one_line(error)}{hint}") from None
    except DATE_REFUSALS as error:
        raise InputError(f"{where}{error}") from None


def _plan(
    decider: Decider, file: str, explain: bool, today: date | None, submitted_on: date | None
) -> int:
    with _open(file) as stream:
        document = _parse(whole_text(stream), None)
    try:
        group = IncidentGroup.model_validate(document, context=until(today))
        plan = plan_with(decider, group, submitted_on, today)
    except ValidationError as error:
        hint = f"; {ONE_INCIDENT_NOT_A_GROUP}" if one_incident_for_a_group(document) else ""
        raise InputError(one_line(error, whole="group") + hint) from None
    except DATE_REFUSALS as error:
        raise InputError(str(error)) from None
    if explain:
        print(plan_account(plan, rule_roles(decider.book)))
    else:
        print(json.dumps(plan.model_dump(mode="json"), indent=2, ensure_ascii=False))
    return 0


def _open(file: str) -> IO[str]:
    # Bytes that are not UTF-8 are read as lone surrogates and refused by `_parse` with the line
    # they are on, as the audit does: decoding strictly failed wherever a read happened to end,
    # after some lines had been decided and without saying which line was at fault.
    return input_stream(file)


def _lines(stream: IO[str]) -> Iterator[tuple[int, Any]]:
    for number, text in lines_of(stream):
        if text.strip():
            yield number, _parse(text, number)


def _parse(text: str, line: int | None) -> Any:
    if not is_utf8(text):
        raise InputError(f"line {line}: not UTF-8 text" if line else "the input is not UTF-8 text")
    try:
        return json_of(text)
    except NotJsonError as error:
        # A JSONL line is named by its number in the file; a whole file, by json's position.
        raise InputError(f"line {line}: {error}" if line else error.located()) from None


def _terminated(*_: object) -> NoReturn:
    raise Terminated


def run() -> NoReturn:
    if sys.stderr is None:
        # Standard error closed (`2>&-`): a message printed to None would go to standard output,
        # into the decisions; it goes nowhere instead (the exit status still says it).
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the process
    if sys.stdout is None:
        # Closed (`>&-`): every command's answer would be lost, and flushing it was a traceback.
        sys.exit(_fail("standard output is closed", 1))
    signal.signal(signal.SIGTERM, _terminated)
    try:
        status = main()
        sys.stdout.flush()
    except MemoryError:
        # A backstop: the inputs are bounded (`MAX_INPUT_BYTES`), so this is the system's
        # failure, said in one line rather than a traceback.
        status = _fail("out of memory, stopped", 1)
    except KeyboardInterrupt:
        # Ctrl-C: one line and the shell's status for an interrupt, not a traceback (review s29,
        # C2; an audit's --out file already ends saying it stopped).
        status = _fail("interrupted", 130)
    except Terminated:
        status = _fail("terminated", 128 + signal.SIGTERM)
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: not an error of ours, and no traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 0
    except OSError as error:
        # The system failed us (a full disk, say): its words on one line, not a traceback.
        where = f" ({error.filename})" if error.filename else ""
        print(f"safeguarding-notify: {error.strerror or error}{where}", file=sys.stderr)
        status = 1
    sys.exit(status)
