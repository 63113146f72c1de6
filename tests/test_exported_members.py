"""The public surface: `__all__` lists exactly the package's public names (as httpx checks)."""

from __future__ import annotations

import types

import safeguarding_notify


def test_all_lists_every_public_name_and_only_those() -> None:
    """Every public attribute (submodules aside) is in `__all__`, and `__all__` names nothing else."""
    public = {
        name
        for name, value in vars(safeguarding_notify).items()
        if (not name.startswith("_") or name == "__version__")
        and not isinstance(value, types.ModuleType)
    }
    assert set(safeguarding_notify.__all__) == public
    assert safeguarding_notify.__all__ == sorted(safeguarding_notify.__all__)


def test_version_is_the_single_source() -> None:
    """`__version__` is the one in _version.py, which the build reads too."""
    from safeguarding_notify._version import __version__

    assert safeguarding_notify.__version__ == __version__
    assert __version__.count(".") == 2
