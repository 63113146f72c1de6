"""Bounded memories keyed by a few bytes of a coded situation.

Every value an axis can take is numbered once per decider, a situation is coded as one byte per
axis, and each memory is keyed by a slice of those bytes: far smaller than tuples of values, so
the memories hold what a long run of random incidents asks for within the memory target.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter
from typing import Any

from ._facts import AXES, Thresholds
from ._space import axis_values as every_value

__all__ = ["keyed", "remember", "value_codes"]


def value_codes(thresholds: Thresholds) -> dict[Any, int]:
    """A number below 256 for every value any axis can take (equal values share one)."""
    codes: dict[Any, int] = {}
    for axis in AXES:
        for value in every_value(axis, thresholds):
            codes.setdefault(value, len(codes))
    if len(codes) > 256:
        raise ValueError(f"{len(codes)} axis values: too many to code each as one byte")
    return codes


def keyed(positions: list[int], prefix: bytes) -> Callable[[bytes], bytes]:
    """A memory's key: `prefix`, then the coded values at these positions of a coded situation."""
    if not positions:
        return lambda coded: prefix
    if len(positions) == 1:
        (position,) = positions
        return lambda coded: prefix + coded[position : position + 1]
    # (An itemgetter of one position would give an int, which bytes() reads as a length.)
    getter = itemgetter(*positions)
    return lambda coded: prefix + bytes(getter(coded))


def remember(cache: dict[Any, Any], key: Any, value: Any, limit: int) -> None:
    """Keep `value` under `key`, making room first when the memory holds `limit` entries."""
    if len(cache) >= limit:
        # Forget the older half (a dict keeps the order keys came in): what is asked often comes
        # back first. Listing a dict's keys runs without a thread switch, and `pop` ignores a key
        # a concurrent caller has already forgotten, so callers at worst work one out twice.
        for old in list(cache)[: limit // 2]:
            cache.pop(old, None)
    cache[key] = value
