"""A one-line progress display on stderr, only when stderr is a terminal.

Redirected or piped stderr (CI logs, ``2>file``) gets nothing: carriage returns make
logs unreadable. The line is redrawn in place (``\\r``), at most every
``PROGRESS_REDRAW_SECONDS``, and cleared before anything else is written to the
terminal (a warning, or the text report on stdout).
"""

from __future__ import annotations

import sys
import time

from ...core import limits

BAR_WIDTH = 24


class Progress:
    def __init__(self, total: int, stream=None, enabled: bool | None = None):
        self.stream = stream or sys.stderr
        self.enabled = _isatty(self.stream) if enabled is None else enabled
        self.total, self.done, self.failed = total, 0, 0
        self.started = time.monotonic()
        self.drawn_at: float | None = None  # None: nothing on the line now
        self.width = 0

    def advance(self, failed: bool = False) -> None:
        self.done += 1
        self.failed += failed
        if not self.enabled:
            return
        now = time.monotonic()
        if self.drawn_at is None or now - self.drawn_at >= limits.PROGRESS_REDRAW_SECONDS \
                or self.done == self.total:
            self._draw(now)

    def line(self, now: float | None = None) -> str:
        elapsed = (now or time.monotonic()) - self.started
        filled = BAR_WIDTH * self.done // max(self.total, 1)
        text = f"kyoso [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {self.done}/{self.total}"
        if self.failed:
            text += f"  ✗{self.failed}"
        if elapsed > 0 and self.done:
            rate = self.done / elapsed
            left = (self.total - self.done) / rate
            text += f"  {rate:.1f}/s  ~{int(left // 60)}:{int(left % 60):02d}"
        return text

    def _draw(self, now: float) -> None:
        text = self.line(now)
        pad = " " * max(0, self.width - len(text))  # wipe what a longer line left behind
        self.stream.write("\r" + text + pad)
        self.stream.flush()
        self.width = len(text)
        self.drawn_at = now

    def clear(self) -> None:
        if self.enabled and self.drawn_at is not None:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.drawn_at = None
            self.width = 0

    def close(self) -> None:
        self.clear()


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or not a real stream
        return False
