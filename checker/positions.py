"""Where a finding is, as line and column, for tools that show it next to the file.

Text and Markdown inputs: the line and column in the file itself (blank lines
count, as in an editor), so GitHub code scanning and GitLab annotate the right
line. The text reader keeps each line's number in ``Block.source``.

DOCX and PDF have no text lines of their own: the "line" is the paragraph (one
line of the extracted text per paragraph, as in the JSON offsets), the column the
character within it. 1-based throughout; an end column points one past the end.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Callable

from .model import SourceText

TEXT_FORMATS = ("txt", "md")

Position = tuple[int, int]  # (line, column), both 1-based


def position_finder(source: SourceText) -> Callable[[int], Position]:
    """A function from an offset in ``source.text`` to its (line, column)."""
    blocks = source.blocks
    starts = [block.start for block in blocks]
    in_file = source.format in TEXT_FORMATS and all(b.source is not None for b in blocks)

    def position(offset: int) -> Position:
        if not blocks:
            return 1, 1
        index = max(0, bisect_right(starts, offset) - 1)
        block = blocks[index]
        column = min(max(0, offset - block.start), block.end - block.start) + 1
        line = block.source + 1 if in_file else index + 1
        return line, column

    return position
