"""The commands beside `decide`, where they are not covered by their own module's tests."""

from __future__ import annotations

import json
import shutil
import socket
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import incident
from safeguarding_notify import __version__
from safeguarding_notify._commands import EXAMPLE_TODAY
from safeguarding_notify.cli import main
from safeguarding_notify.incident import england_today


def test_serve_without_the_server_extra_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without FastAPI and uvicorn, `serve` exits 2 naming the extra to install, no traceback."""
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # makes `import uvicorn` fail
    assert main(["serve"]) == 2
    assert "pip install 'safeguarding-notify[server]'" in capsys.readouterr().err


def test_schema_refuses_an_unknown_model(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown schema name is a usage error (exit 2) listing the names there are."""
    with pytest.raises(SystemExit) as stopped:
        main(["schema", "person"])
    assert stopped.value.code == 2
    error = capsys.readouterr().err
    assert "invalid choice: 'person'" in error
    assert "'incident'" in error


@pytest.mark.parametrize(
    "arguments",
    [
        ["frobnicate"],
        ["decide"],
        ["decide", "--today"],
        ["audit", "x.csv", "--format", "xml"],
        ["serve", "--port", "70000"],
        ["serve", "--port", "65536"],
        ["serve", "--max-body-bytes", "0"],
        ["serve", "--max-plan-body-bytes", "-5"],
    ],
    ids=[
        "unknown command",
        "missing file",
        "option without value",
        "unknown format",
        "port out of range",
        "port one past the last",
        "no body allowed",
        "negative limit",
    ],
)
def test_usage_errors_are_one_line(
    arguments: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A usage error exits 2 with one line naming the command and the problem, pointing at
    --help, as every other refusal is one line (argparse would print the usage first)."""
    uvicorn = pytest.importorskip("uvicorn") if arguments[0] == "serve" else None
    if uvicorn is not None:
        # Were the refusal to regress, `serve` must fail here, not start a server and hang.
        monkeypatch.setattr(uvicorn, "run", lambda *_, **__: pytest.fail("the service started"))
    with pytest.raises(SystemExit) as stopped:
        main(arguments)
    assert stopped.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("safeguarding-notify")
    assert captured.err.count("\n") == 1
    assert captured.err.endswith("--help)\n")


BROKEN_RULES = Path(__file__).parent / "rulefiles"


@pytest.mark.parametrize("case", sorted(BROKEN_RULES.iterdir()), ids=lambda case: case.name)
def test_a_broken_rules_directory_named_by_the_user_exits_2_in_one_line(
    case: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`docs --rules DIR` with a rule file that cannot be used exits 2 (bad input, as every other
    refusal of what the user gave) with one line naming the file; it exited 1 as an engine or
    system fault, and PyYAML's refusals took several lines."""
    assert main(["docs", "--rules", str(case)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("safeguarding-notify: rule file refused: ")
    assert captured.err.count("\n") == 1
    assert any(f": {path.name}: " in captured.err for path in case.rglob("*.yaml"))


def test_docs_reads_the_rules_directory_named_by_the_user(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`docs --rules DIR` prints the catalogue of the rules in DIR, not the shipped ones."""
    rules = tmp_path / "rules"
    shutil.copytree(BROKEN_RULES.parent.parent / "rules", rules)
    changed = rules / "children-act-2004" / "s16c-1a-event-in-area.v1.yaml"
    changed.write_text(
        changed.read_text(encoding="utf-8").replace(
            "title: A child dies", "title: Retitled for this test, a child dies"
        ),
        encoding="utf-8",
    )
    assert main(["docs", "--rules", str(rules)]) == 0
    assert "Retitled for this test" in capsys.readouterr().out
    assert main(["docs"]) == 0
    assert "Retitled for this test" not in capsys.readouterr().out


def test_docs_that_cannot_be_written_or_read_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`docs --write` into a file instead of a folder, or with an example incident that is not
    valid JSON, or one that cannot be decided for its dates, exits 2 with one line naming the
    place (it was a traceback)."""
    a_file = tmp_path / "a-file"
    a_file.write_text("", encoding="utf-8")
    assert main(["docs", "--write", str(a_file)]) == 2
    err = capsys.readouterr().err
    assert err == f"safeguarding-notify: --write {a_file} is not a folder\n"
    (tmp_path / "docs" / "examples").mkdir(parents=True)
    (tmp_path / "docs" / "examples" / "incident.json").write_text("{bad", encoding="utf-8")
    assert main(["docs", "--write", str(tmp_path / "docs")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"safeguarding-notify: an example in {tmp_path / 'docs' / 'examples'}: ")
    assert err.count("\n") == 1
    # An example that is not UTF-8: bad input (exit 2), not a failure of the library.
    (tmp_path / "docs" / "examples" / "incident.json").write_bytes(b'{"case_reference": "\xff"}')
    assert main(["docs", "--write", str(tmp_path / "docs")]) == 2
    assert capsys.readouterr().err == "safeguarding-notify: the input is not UTF-8 text\n"
    # An example dated before every encoded rule (it was a traceback).
    old = incident(
        became_aware_on="2014-01-02",
        **{"event.date": "2014-01-01", "child.date_of_birth": "2010-01-01"},
    )
    (tmp_path / "docs" / "examples" / "incident.json").write_text(json.dumps(old), "utf-8")
    assert main(["docs", "--write", str(tmp_path / "docs")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"safeguarding-notify: an example in {tmp_path / 'docs' / 'examples'}: ")
    assert "became_aware_on" in err
    assert err.count("\n") == 1
    # An example dated after the day the examples are decided on (a traceback too).
    recent = england_today().isoformat()
    assert england_today() > EXAMPLE_TODAY
    (tmp_path / "docs" / "examples" / "incident.json").write_text(
        json.dumps(incident(became_aware_on=recent, **{"event.date": recent})), "utf-8"
    )
    assert main(["docs", "--write", str(tmp_path / "docs")]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"safeguarding-notify: an example in {tmp_path / 'docs' / 'examples'}: the date to decide "
        "against (today) is before event.date: nothing was owed then, so no status can be taken "
        "on it\n"
    )


def test_serve_gives_the_service_the_body_limits_asked_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`serve --max-body-bytes N --max-plan-body-bytes M` runs the service with those limits: a
    /decide body over N and a /plan body over M get 413, where the defaults would take them."""
    uvicorn = pytest.importorskip("uvicorn")
    test_client = pytest.importorskip("fastapi.testclient").TestClient
    started: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: started.append((app, options)))
    assert (
        main(["serve", "--port", "0", "--max-body-bytes", "1000", "--max-plan-body-bytes", "2000"])
        == 0
    )
    ((app, options),) = started
    assert (options["host"], options["port"], options["access_log"]) == ("127.0.0.1", 0, False)
    client = test_client(app)
    headers = {"content-type": "application/json"}
    assert client.post("/decide", content=b" " * 1001, headers=headers).status_code == 413
    assert client.post("/plan", content=b" " * 2001, headers=headers).status_code == 413
    assert client.post("/plan", content=b" " * 1500, headers=headers).status_code == 422


def test_serve_that_cannot_listen_says_why_in_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A port already in use (the system's refusal, exit 1) or a host that is no address (a usage
    error, exit 2) is one line; uvicorn logged several lines and exited with status 3."""
    pytest.importorskip("uvicorn")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 1
        err = capsys.readouterr().err
        assert (
            err
            == f"safeguarding-notify: cannot listen on 127.0.0.1 port {port}: Address already in use\n"
        )
    assert main(["serve", "--host", "999.1.1.1", "--port", "8000"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("safeguarding-notify: --host 999.1.1.1 is not an address")
    assert err.count("\n") == 1


def test_version_prints_the_librarys_version(capsys: pytest.CaptureFixture[str]) -> None:
    """`--version` prints the library's version and exits 0 without asking for a command (only
    GET /health gave it)."""
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"safeguarding-notify {__version__}\n"


def test_docs_write_says_which_files_it_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`docs --write DIR` says "wrote" for each file it changes and "unchanged" for one already
    current, and run again says "unchanged" for every one, so a reviewer sees what a rule change
    touched."""
    shutil.copytree(
        Path(__file__).resolve().parents[1] / "docs" / "examples", tmp_path / "examples"
    )
    assert main(["docs", "--write", str(tmp_path)]) == 0
    first = capsys.readouterr().out.splitlines()
    # The generated files are new here; the examples copied in are already current.
    assert f"wrote {tmp_path / 'rules.md'}" in first
    assert f"unchanged {tmp_path / 'examples' / 'decision.json'}" in first
    assert main(["docs", "--write", str(tmp_path)]) == 0
    again = capsys.readouterr().out.splitlines()
    assert again == [line.replace("wrote ", "unchanged ", 1) for line in first]
