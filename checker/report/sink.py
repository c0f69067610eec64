"""Where a report goes: stdout as results arrive, or an ``-o`` file.

``-o FILE`` streams into a temporary file in FILE's folder, renamed over FILE only
when the run is complete (never over an existing file without --force), so a long
batch does not hold its report in memory and a crash leaves no half report under
the real name. ``finish(partial=True)`` renames what is there: an interrupted JSON
Lines run keeps its finished lines for ``--since``.

``append=True`` (``-o FILE --since FILE``, JSON Lines only) adds lines to FILE in
place: nothing already there is rewritten, a half-written last line from an
interrupted run is cut off first (that document is checked again), and every line
is flushed as it is written, so even a crash leaves a file ``--since`` can resume.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Callable, Iterable

from ...core.files import check_target, open_temp_beside


class Sink:
    def __init__(self, output: Path | None, *, force: bool = False,
                 inputs: Iterable[str] = (), append: bool = False):
        self.output, self.force, self.inputs, self.append = output, force, tuple(inputs), append
        self.before_terminal_write: Callable[[], None] = lambda: None
        self.handle = None
        self.temp_name: str | None = None
        if output is None:
            return
        if append:
            self.handle = open(output, "r+b")  # noqa: SIM115 - closed in finish/abort
            _cut_partial_line(self.handle)
        else:
            target = Path(output)
            fd, self.temp_name = open_temp_beside(target)
            self.handle = os.fdopen(fd, "wb")

    @property
    def is_terminal(self) -> bool:
        return self.output is None and sys.stdout.isatty()

    def emit(self, text: str) -> None:
        if self.handle is None:
            if self.is_terminal:
                self.before_terminal_write()
            sys.stdout.write(text)
            sys.stdout.flush()
            return
        self.handle.write(text.encode("utf-8"))
        self.handle.flush()  # a crash keeps every finished line (JSON Lines resumes from it)

    def finish(self) -> Path | None:
        if self.handle is None:
            return None
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        if self.append:
            return Path(self.output)
        try:
            check_target(self.output, force=self.force, inputs=self.inputs)  # appeared meanwhile?
            os.replace(self.temp_name, self.output)
        except BaseException:
            self._remove_temp()
            raise
        return Path(self.output)

    def abort(self) -> None:
        """Stop without a report: the temporary file goes; an appended file keeps its lines."""
        if self.handle is None:
            return
        self.handle.close()
        if not self.append:
            self._remove_temp()

    def _remove_temp(self) -> None:
        try:
            os.unlink(self.temp_name)
        except (FileNotFoundError, TypeError):
            pass


def _cut_partial_line(handle) -> None:
    """Truncate after the last newline, so appended lines start on a line of their own."""
    size = handle.seek(0, os.SEEK_END)
    if size == 0:
        return
    block = 1 << 16
    position = size
    while position > 0:
        start = max(0, position - block)
        handle.seek(start)
        chunk = handle.read(position - start)
        newline = chunk.rfind(b"\n")
        if newline != -1:
            end = start + newline + 1
            if end != size:
                handle.truncate(end)
            handle.seek(end)
            return
        position = start
    handle.truncate(0)  # no complete line at all
    handle.seek(0)


def same_file(first: str | Path | None, second: str | Path | None) -> bool:
    if first is None or second is None:
        return False
    # realpath, not Path.resolve(): before Python 3.13 resolve() raises on a symlink loop
    return os.path.realpath(first) == os.path.realpath(second)

