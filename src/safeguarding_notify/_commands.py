"""The commands beside `decide`: schema, docs, audit, rules-diff, serve.

Exit status, as for `decide`: 0 when everything was done; 2 for bad input (for `audit`: when any
row was bad, although every other row was still decided); 1 when the engine or the rules failed.
"""

from __future__ import annotations

import argparse
import os
import socket
import stat
import sys
from collections.abc import Callable, Mapping
from contextlib import ExitStack, suppress
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from ._audit import (
    DecisionWriter,
    Format,
    UnreadableInputError,
    audit,
    input_stream,
    rows_of,
    text_file,
)
from ._calendar import countable
from ._csvio import ColumnError
from ._decide import Decider, default_decider
from ._jsontext import NotJsonError, json_of
from ._plan import plan_with
from ._progress import Progress
from ._ruledocs import REGENERATE, rules_markdown
from ._rulesdiff import report
from ._schemas import SCHEMA_MODELS, schema_text
from ._validation import one_line
from .errors import DATE_REFUSALS, EngineError, RuleFileError
from .group import IncidentGroup
from .incident import _iso_date

__all__ = [
    "COMMANDS",
    "EXAMPLE_TODAY",
    "REGENERATE",
    "RULES_HELP",
    "RulesDirError",
    "Terminated",
    "add_commands",
    "calendar_date_option",
    "date_option",
    "decider_for",
    "generated_docs",
    "today_option",
]

# The date the example decision and plan in docs/examples/ are taken against (see generated_docs).
EXAMPLE_TODAY = date(2026, 11, 26)

# The command line's parser class (its usage errors are one line), whichever it is.
ParserT = TypeVar("ParserT", bound=argparse.ArgumentParser)

_SUFFIXES: Mapping[str, Format] = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}


def add_commands(commands: argparse._SubParsersAction[ParserT]) -> None:
    """Add the subcommands of this module to the `safeguarding-notify` parser."""
    schema = commands.add_parser("schema", help="print the JSON Schema of a model")
    schema.add_argument("model", choices=sorted(SCHEMA_MODELS))

    docs = commands.add_parser("docs", help="print the rule catalogue, or --write the docs")
    docs.add_argument(
        "--write",
        metavar="DIR",
        help="write rules.md and schemas/ into DIR, and examples/decision.json where "
        "DIR/examples holds incident.json, examples/plan.json where it holds group.json",
    )
    docs.add_argument("--rules", metavar="DIR", help="rules directory (default: the shipped one)")

    batch = commands.add_parser("audit", help="decide every incident of a JSONL or CSV file")
    batch.add_argument("file", help="incidents, one a line (.jsonl) or one a row (.csv); - = stdin")
    batch.add_argument(
        "--format",
        choices=("jsonl", "csv"),
        help="default: from the suffix; jsonl for standard input",
    )
    batch.add_argument("--out", metavar="FILE", help="write every decision (.jsonl or .csv)")
    batch.add_argument("--rules", metavar="DIR", help=RULES_HELP)
    batch.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        help="the date to decide every row and give statuses against (default: today in England)",
    )

    changes = commands.add_parser(
        "rules-diff", help="list the decisions a change of the rules changes (for its reviewer)"
    )
    changes.add_argument("old", help="the rules directory before the change")
    changes.add_argument("new", help="the rules directory after it")
    changes.add_argument(
        "--until",
        metavar="YYYY-MM-DD",
        help="the last day decided on (default: today, or the last change's first day if later)",
    )

    serve = commands.add_parser("serve", help="run the HTTP service (needs the [server] extra)")
    serve.add_argument("--host", default="127.0.0.1", help="default 127.0.0.1 (this machine)")
    serve.add_argument("--port", type=_port, default=8000, help="default 8000")
    serve.add_argument("--max-body-bytes", type=_positive, default=None, help="default 65536")
    serve.add_argument(
        "--max-plan-body-bytes", type=_positive, default=None, help="for POST /plan; default 262144"
    )


RULES_HELP = "decide with this rules directory (a proposed change, say); default: the shipped rules"


class RulesDirError(Exception):
    """A rules directory named with `--rules` cannot be used; the message is the line to print."""


def decider_for(rules: str | None) -> Decider:
    """The shipped rules' decider, or a new one over the rules directory named with `--rules`.

    A broken file in a named directory is the user's input (`RulesDirError`, exit 2); in the
    shipped rules, the `RuleFileError` is a fault of the installation and goes on (exit 1)."""
    if rules is None:
        return default_decider()
    try:
        return Decider(rules)
    except RuleFileError as error:
        raise RulesDirError(f"rule file refused: {error}") from None


def _whole_number(text: str, low: int, high: int | None) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if number < low or (high is not None and number > high):
        within = f"from {low} to {high}" if high is not None else f"of {low} or more"
        raise argparse.ArgumentTypeError(f"expected a whole number {within}, got {number}")
    return number


def _port(text: str) -> int:
    return _whole_number(text, 0, 65535)  # 0: any free port


def _positive(text: str) -> int:
    # A limit of 0 or less would refuse every request (and 0 was read as "the default").
    return _whole_number(text, 1, None)


def _fail(message: str, status: int) -> int:
    """The command's one line on standard error, and its status. A control character (a line
    break in a file's name, say) is shown escaped, so the line stays one (review s29, C6)."""
    if not message.isprintable():
        message = "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)
    print(f"safeguarding-notify: {message}", file=sys.stderr)
    return status


def _schema(arguments: argparse.Namespace) -> int:
    sys.stdout.write(schema_text(arguments.model))
    return 0


def generated_docs(docs_dir: Path, decider: Decider | None = None) -> dict[str, str]:
    """Every generated docs file, by path relative to `docs_dir`, with its text.

    The example decision is the decision of `examples/incident.json`, and the example plan the
    plan of `examples/group.json`, so integrators see real answers; they change with the rules
    (their `rules_version`) and are regenerated with them. Both are taken as on `EXAMPLE_TODAY`,
    so their statuses (due, overdue...) do not go stale from one day to the next. `decider`:
    the rules to document (default: the shipped ones).
    """
    decider = decider or default_decider()
    files = {"rules.md": rules_markdown(decider.book)}
    files.update({f"schemas/{name}.json": schema_text(name) for name in sorted(SCHEMA_MODELS)})
    example = docs_dir / "examples" / "incident.json"
    if example.is_file():
        decision = decider.decide(_read_json(example), EXAMPLE_TODAY)
        files["examples/decision.json"] = decision.model_dump_json(indent=2) + "\n"
    group = docs_dir / "examples" / "group.json"
    if group.is_file():
        plan = plan_with(
            decider, IncidentGroup.model_validate(_read_json(group)), None, EXAMPLE_TODAY
        )
        files["examples/plan.json"] = plan.model_dump_json(indent=2) + "\n"
    return files


def _read_json(path: Path) -> Any:
    return json_of(path.read_text(encoding="utf-8"))


# Why an example cannot be decided: not JSON, not a valid incident, or not decidable for its dates.
_EXAMPLE_REFUSALS: tuple[type[Exception], ...] = (NotJsonError, ValidationError, *DATE_REFUSALS)


def _docs(arguments: argparse.Namespace) -> int:
    root = None if arguments.write is None else Path(arguments.write)
    if root is not None and root.exists() and not root.is_dir():
        # Said as it is: writing under it failed with "File exists".
        return _fail(f"--write {root} is not a folder", 2)
    try:
        decider = decider_for(arguments.rules)
    except RulesDirError as error:
        return _fail(str(error), 2)
    if root is None:
        sys.stdout.write(rules_markdown(decider.book))
        return 0
    try:
        files = generated_docs(root, decider)
    except _EXAMPLE_REFUSALS as error:
        problem = one_line(error) if isinstance(error, ValidationError) else str(error)
        return _fail(f"an example in {root / 'examples'}: {problem}", 2)
    for name, text in files.items():
        path = root / name
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            changed = not path.exists() or path.read_text(encoding="utf-8") != text
            path.write_text(text, encoding="utf-8")
        except OSError as error:
            return _fail(f"cannot write {path}: {error.strerror}", 2)
        print(f"{'wrote' if changed else 'unchanged'} {path}")
    return 0


def _rules_diff(arguments: argparse.Namespace) -> int:
    try:
        until = calendar_date_option("--until", arguments.until)
    except ValueError as error:
        return _fail(str(error), 2)
    try:
        old, new = decider_for(arguments.old), decider_for(arguments.new)
    except RulesDirError as error:
        return _fail(str(error), 2)
    sys.stdout.write(report(old, new, until))
    return 0


def _format_of(file: str, chosen: str | None, what: str) -> Format:
    if chosen in ("jsonl", "csv"):
        return chosen  # type: ignore[return-value]
    found = _SUFFIXES.get(Path(file).suffix.lower())
    if found is None:
        raise ValueError(f"cannot tell the format of {what} {file} (use .jsonl or .csv)")
    return found


def date_option(option: str, text: str | None) -> date | None:
    """A date option read as YYYY-MM-DD (never a timestamp); else a ValueError whose message is
    the line to print."""
    if text is None:
        return None
    try:
        found: date = _iso_date(text)
    except ValueError:
        raise ValueError(f"{option}: expected a real date as YYYY-MM-DD") from None
    return found


def calendar_date_option(option: str, text: str | None) -> date | None:
    """A date option read: a real date within the years whose bank holidays are known (else a
    ValueError, `OutsideCalendarError` being one, whose message is the line to print)."""
    found = date_option(option, text)
    return None if found is None else countable(found, option)


def today_option(text: str | None) -> date | None:
    """`--today` read (see `calendar_date_option`)."""
    return calendar_date_option("--today", text)


def _audit(arguments: argparse.Namespace) -> int:
    source: str = arguments.file
    try:
        kind: Format = (
            "jsonl"
            if source == "-" and not arguments.format
            else _format_of(source, arguments.format, "input")
        )
        out_kind = _format_of(arguments.out, None, "output") if arguments.out else None
    except ValueError as error:
        return _fail(str(error), 2)
    try:
        today = today_option(arguments.today)
    except ValueError as error:
        return _fail(str(error), 2)
    try:
        decider = decider_for(arguments.rules)
    except RulesDirError as error:
        return _fail(str(error), 2)
    if arguments.out and _same_file(source, arguments.out):
        # Opening the output would empty the input before a row was read.
        return _fail(f"--out {arguments.out} is the input file: choose another", 2)
    progress = Progress(None if source == "-" else _count_lines(source), sys.stderr)
    with ExitStack() as files:
        try:
            stream = input_stream(source)
        except UnreadableInputError as error:
            return _fail(str(error), 2)
        if source != "-":
            files.enter_context(stream)
        try:
            out = files.enter_context(text_file(arguments.out, "w")) if arguments.out else None
        except OSError as error:
            return _fail(f"cannot write {arguments.out}: {error.strerror}", 2)
        writer = DecisionWriter(out, out_kind) if out and out_kind else None
        try:
            result = audit(rows_of(stream, kind), decider, progress, sys.stderr, writer, today)
        except _AUDIT_REFUSALS as error:
            _stop(writer, str(error))
            return _fail(str(error), 2)
        except BaseException as error:  # an engine failure, an interrupt: raised on, as before
            _stop(
                writer,
                next(
                    (said for kind, said in _STOPPED_BY.items() if isinstance(error, kind)),
                    "the audit failed",
                ),
            )
            raise
        finally:
            progress.clear()
    _print_summary(result.table("standard input" if source == "-" else source))
    return 2 if result.bad else 0


# What stops an audit as bad input (status 2): a header or line it cannot read, and a date refusal,
# which here is the clock's, past the known bank holidays (each row's own is a bad row; it was a
# traceback: review s29, B7).
_AUDIT_REFUSALS: tuple[type[Exception], ...] = (ColumnError, UnreadableInputError, *DATE_REFUSALS)


class Terminated(BaseException):
    """SIGTERM (a job's time limit, a service stopping), raised where the command is, so that an
    audit's --out file says it stopped there (it looked complete: review s27, C6), as for
    Ctrl-C. A BaseException, as KeyboardInterrupt is: no handler of errors takes it for one."""


# Why an audit stopped, as its --out file's last record says (never the error's own text, which
# the command line prints in its own words).
_STOPPED_BY: dict[type[BaseException], str] = {
    EngineError: "engine failure, no decision made",
    KeyboardInterrupt: "interrupted",
    Terminated: "terminated",
    MemoryError: "out of memory",
}


def _stop(writer: DecisionWriter | None, reason: str) -> None:
    """End the --out file with a record saying the audit stopped there (if it can be written)."""
    if writer is not None:
        with suppress(OSError, ValueError):  # a full disk, say: the exit status still says so
            writer.stopped(reason)


def _print_summary(text: str) -> None:
    try:
        print(text, flush=True)
    except BrokenPipeError:
        # The reader stopped early (`| head`): not an error of the audit. Point stdout at devnull
        # so that the interpreter's final flush does not raise again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _same_file(source: str, out: str) -> bool:
    try:
        if source == "-":
            # Standard input redirected from the output file (`audit - --out f.jsonl < f.jsonl`);
            # closed, it is refused when read.
            return sys.stdin is not None and os.path.samestat(
                os.fstat(sys.stdin.fileno()), os.stat(out)
            )
        return os.path.samefile(source, out)
    except (OSError, ValueError):
        # The output does not exist yet, the input cannot be read (said later), or standard
        # input has no file beneath it (io.UnsupportedOperation is a ValueError).
        return False


def _count_lines(path: str) -> int | None:
    # A cheap total for the progress bar; a CSV cell spanning lines makes it an overestimate.
    # Only a regular file can be read twice: counting a pipe (`<(...)`, /dev/stdin, a FIFO)
    # would consume what the audit then reads, or wait forever for a second writer.
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        with open(path, "rb") as stream:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: stream.read(1 << 20), b""))
    except OSError:
        return None


def _serve(arguments: argparse.Namespace) -> int:
    try:
        import uvicorn

        from ._server import MAX_BODY_BYTES, MAX_PLAN_BODY_BYTES, create_app, log_config
    except ImportError:
        return _fail(
            "the HTTP service needs the server extra: pip install 'safeguarding-notify[server]'", 2
        )
    problem, status = _cannot_listen(arguments.host, arguments.port)
    if problem:
        # Said here in one line: uvicorn would log several and exit with status 3.
        return _fail(problem, status)
    app = create_app(
        default_decider(),
        max_body_bytes=arguments.max_body_bytes or MAX_BODY_BYTES,  # None: not given
        max_plan_body_bytes=arguments.max_plan_body_bytes or MAX_PLAN_BODY_BYTES,
    )
    uvicorn.run(
        app,
        host=arguments.host,
        port=arguments.port,
        access_log=False,
        log_config=log_config(),
        server_header=False,
    )
    return 0


def _cannot_listen(host: str, port: int) -> tuple[str | None, int]:
    """Why the service could not listen on `host` and `port` (and the exit status), if it could
    not: a host that is no address is a usage error (2), a port in use or not allowed is the
    system's refusal (1). Checked by binding a socket as uvicorn does, then closing it."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as error:
        return f"--host {host} is not an address this machine can listen on ({error.strerror})", 2
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn sets it
        try:
            probe.bind(address)
        except OSError as error:
            return f"cannot listen on {host} port {port}: {error.strerror}", 1
    return None, 0


COMMANDS: Mapping[str, Callable[[argparse.Namespace], int]] = {
    "schema": _schema,
    "docs": _docs,
    "audit": _audit,
    "serve": _serve,
    "rules-diff": _rules_diff,
}
