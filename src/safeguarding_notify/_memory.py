"""Bounded memories keyed by a few bits of a coded situation.

Every value an axis can take is numbered once per decider (below 256), and a situation is coded
as one integer holding one byte per axis. Each memory is keyed by that integer masked to the axes
it depends on: one `&` per lookup (the cheapest key Python offers: no slicing, no new bytes), and
an integer of a few bytes, far smaller than a tuple of values, so the memories hold what a long
run of random incidents asks for within the memory target.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from ._facts import AXES, Thresholds
from ._space import axis_values as every_value

__all__ = ["TAG_SHIFT", "keyed", "mask_of", "remember", "shift_of", "situation_code", "value_codes"]

# Bits below which a coded situation lies: a memory shared by several kinds of key (a shape's
# number, a period) tags each key above them.
TAG_SHIFT = 8 * len(AXES)


def value_codes(thresholds: Thresholds) -> dict[Any, int]:
    """A number below 256 for every value any axis can take (equal values share one)."""
    codes: dict[Any, int] = {}
    for axis in AXES:
        for value in every_value(axis, thresholds):
            codes.setdefault(value, len(codes))
    if len(codes) > 256:
        raise ValueError(f"{len(codes)} axis values: too many to code each as one byte")
    return codes


def situation_code(values: Sequence[Any], codes: Mapping[Any, int]) -> int:
    """A situation's axis values (in `AXES` order) as one integer, a byte each (`shift_of`)."""
    return int.from_bytes(bytes(map(codes.__getitem__, values)), "little")


def shift_of(position: int) -> int:
    """Where the code of the axis at `position` (in `AXES` order) lies in a coded situation."""
    return 8 * position  # coded little-endian (`situation_code`): position 0 is the lowest byte


def mask_of(positions: Iterable[int]) -> int:
    """The bits of a coded situation holding the axes at these positions."""
    return sum(0xFF << shift_of(position) for position in set(positions))


def keyed(positions: Iterable[int], tag: int) -> Callable[[int], int]:
    """A memory's key: the coded values at these positions of a coded situation, tagged with
    `tag` (so that keys of different kinds never meet in one memory)."""
    mask, tagged = mask_of(positions), tag << TAG_SHIFT
    return lambda coded: (coded & mask) | tagged


def remember(cache: dict[Any, Any], key: Any, value: Any, limit: int) -> None:
    """Keep `value` under `key`, making room first when the memory holds `limit` entries."""
    if len(cache) >= limit:
        # Forget the older half (a dict keeps the order keys came in): what is asked often comes
        # back first. The rest is put back into the emptied dict rather than the half popped:
        # popped keys leave their slots used until the dict next grows, which then sized it for
        # twice the entries kept (a memory of 16,384 held a table of 65,536 slots, 1.25 MiB, where
        # 32,768 serve). Copying and refilling are single calls, each without a thread switch
        # (integer keys); a concurrent caller at worst works an answer out twice.
        kept = list(cache.items())[limit // 2 :]
        cache.clear()
        cache.update(kept)
    cache[key] = value
