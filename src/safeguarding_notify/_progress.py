"""A progress bar on standard error, only when a person is watching a terminal.

When the stream is not a terminal (piped, redirected, a CI log) nothing is drawn, so logs and
files stay clean. Short runs draw nothing either: the bar appears after `delay` seconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

__all__ = ["Progress"]

_WIDTH = 30


class Progress:
    """Redraws at most every `interval` seconds; `clear` before printing other lines."""

    def __init__(
        self,
        total: int | None,
        stream: TextIO,
        *,
        delay: float = 0.5,
        interval: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = total
        self.stream = stream
        self.enabled = stream.isatty()
        self.clock = clock
        self.interval = interval
        self.next_draw = clock() + delay
        self.drawn = False

    def update(self, done: int) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if now < self.next_draw:
            return
        self.next_draw = now + self.interval
        self.stream.write("\r" + self.line(done))
        self.stream.flush()
        self.drawn = True

    def line(self, done: int) -> str:
        """The bar as text: `[#####.....]  50%  500/1000 rows`, or a count when no total."""
        if not self.total:
            return f"{done} rows"
        share = min(done / self.total, 1.0)
        filled = round(share * _WIDTH)
        return f"[{'#' * filled}{'.' * (_WIDTH - filled)}] {share:4.0%}  {done}/{self.total} rows"

    def clear(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self.drawn = False
