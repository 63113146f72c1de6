"""Packaging: the source distribution carries what its tests read, and every dependency floor is
the one CI tests."""

from __future__ import annotations

import importlib.metadata
import os
import re
import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Top-level paths of the repository that are not in the sdist's include list, and why.
NOT_LISTED = {
    ".ci": "the CI script: no test reads it, and a user of the sdist does not run it",
    ".gitignore": "hatch adds it itself",
    "pyproject.toml": "hatch adds it itself",
}


def _tracked_top_level() -> set[str]:
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        listed = subprocess.run(
            ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout (an unpacked sdist, say): nothing to compare with")
    if Path(top).resolve() != ROOT:
        pytest.skip("this directory is not the root of its git checkout")
    return {line.split("/", 1)[0] for line in listed.splitlines()}


def test_the_sdist_lists_every_top_level_path_of_the_repository() -> None:
    """Every top-level path in git is in the sdist's include list or named in NOT_LISTED (the
    tests read mkdocs.yml, which was once left out, and failed from an unpacked sdist)."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    include = pyproject["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]
    assert _tracked_top_level() - NOT_LISTED.keys() == set(include)


def _release(version: str) -> tuple[int, ...]:
    """A version as numbers, trailing zeros dropped: "2.10" and "2.10.0" are one release."""
    parts = [int(part) for part in version.split(".")]
    while parts and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def test_ci_tests_every_runtime_dependency_at_its_floor() -> None:
    """.ci/lowest.txt pins each runtime and server dependency at the floor pyproject.toml gives it,
    and nothing else, so that CI's oldest-versions run tests exactly what pyproject allows."""
    lowest = ROOT / ".ci" / "lowest.txt"
    if not lowest.is_file():
        pytest.skip("no .ci/lowest.txt here (an unpacked sdist, say)")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    floors = {}
    for requirement in [*project["dependencies"], *project["optional-dependencies"]["server"]]:
        found = re.fullmatch(r"([A-Za-z0-9_.-]+)>=([0-9.]+),<[0-9.]+", requirement)
        assert found, f"{requirement}: expected name>=floor,<ceiling"
        floors[found[1].lower()] = _release(found[2])
    pinned = {}
    for line in lowest.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pinned[name.lower()] = _release(version)
    assert pinned == floors


def test_importing_and_deciding_raise_no_warning() -> None:
    """In a fresh interpreter with every warning an error (as many services run their tests),
    the package and its HTTP service import and a decision is made: holidays 0.62 to 0.71 warned
    on import, and a dependency floor must not allow that."""
    example = ROOT / "docs" / "examples" / "incident.json"
    code = (
        "import importlib.util, json, sys\n"
        "from safeguarding_notify import decide\n"
        "if importlib.util.find_spec('fastapi'):\n"
        "    import safeguarding_notify._server\n"
        "with open(sys.argv[1], encoding='utf-8') as file:\n"
        "    print(decide(json.load(file)).notify_panel)\n"
    )
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", code, str(example)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() in {"required", "not_required", "undetermined"}


def test_the_time_zone_of_england_comes_with_the_package(tmp_path: Path) -> None:
    """The package declares tzdata, and in a fresh interpreter with no system time-zone database (as on Windows or a slim container) it imports and tells today's date in England: Europe/London was found only on hosts that have one."""
    requires = importlib.metadata.requires("safeguarding-notify") or []
    assert any(re.match(r"tzdata\b", requirement) for requirement in requires)
    code = "from safeguarding_notify.incident import england_today; print(england_today())"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONTZPATH": str(tmp_path)},  # an empty database
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert date.fromisoformat(done.stdout.strip())
