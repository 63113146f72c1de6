"""The base of the public models: frozen, and hashed by value like the tuples they resemble."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict


class FrozenModel(BaseModel):
    """A frozen model whose hash, like its equality, comes from its field values."""

    model_config = ConfigDict(frozen=True)

    # Pydantic's hash for frozen models hashes the field values as they are, so a model holding
    # a list or a dict (an incident's notified_on, a group's incidents, a decision's reasons)
    # raised TypeError although the type checkers accept it as a set member or a cache key.
    def __hash__(self) -> int:
        return hash((type(self), _hashable(self.__dict__)))


def _hashable(value: Any) -> Hashable:
    """`value` with its mappings and lists made hashable; equal values give equal results."""
    if isinstance(value, Mapping):
        return frozenset((key, _hashable(item)) for key, item in value.items())
    if isinstance(value, list | tuple):
        return tuple(_hashable(item) for item in value)
    return value  # type: ignore[no-any-return]
