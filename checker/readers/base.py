"""What every reader shares: turning extracted pieces into a ``SourceText``.

Readers yield ``Piece``s (text plus where it came from); ``assemble`` joins them with
"\\n", computes block offsets, refuses text no contract contains (nothing at all, or
a run of thousands of characters with no space or punctuation, which is a blob, not
prose, and slows tokenisers badly), and detects the language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...core import limits
from ...core.errors import InputError
from ..model import Block, SourceText


@dataclass
class Piece:
    text: str
    kind: str = "paragraph"
    source: int | None = None
    label: str | None = None


# Word breaks for the run check: whitespace, and the punctuation Japanese prose uses
# in place of spaces (a Japanese paragraph has no spaces, but it has 、 and 。).
_RUN = re.compile(r"[^\s、。，．,.;；:：]")


def detect_language(text: str) -> str:
    """"ja" when kana/kanji make up enough of the letters in a sample, else "en".
    A parallel ja+en text is checked in the language of its first line of prose."""
    sample = text[: limits.LANGUAGE_SAMPLE_CHARS]
    if sample.isascii():
        return "en"  # no kana or kanji
    japanese = len(_JAPANESE.findall(sample))
    latin = len(_LATIN.findall(sample))
    if japanese + latin == 0:
        return "en"
    # a parallel text needs 8 lines of prose, a quarter of them with 4 kana or kanji each
    bilingual = _parallel_language(sample) if japanese >= 8 else None
    if bilingual:
        return bilingual
    return "ja" if japanese / (japanese + latin) >= limits.LANGUAGE_JA_MIN_SHARE else "en"


def _parallel_language(sample: str) -> str | None:
    """A bilingual contract (kyoso's ja+en drafts, a Japanese contract with its
    translation) has its share of kana/kanji near the threshold, so the letter count
    alone flips between documents. When at least a quarter of the lines are wholly
    Japanese and a quarter wholly English, the first such line decides: bilingual
    contracts put the governing text first (kyoso's drafts put Japanese first)."""
    kinds = []
    for line in sample.splitlines():
        japanese, latin = len(_JAPANESE.findall(line)), len(_LATIN.findall(line))
        if japanese >= 4 and latin * 2 < japanese:
            kinds.append("ja")
        elif latin >= 8 and japanese * 10 < latin:
            kinds.append("en")
    if len(kinds) < 8 or min(kinds.count("ja"), kinds.count("en")) * 4 < len(kinds):
        return None
    return kinds[0]


_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")
_LATIN = re.compile(r"[A-Za-z]")


def too_long_run(text: str, limit: int) -> tuple[int, int] | None:
    """(length, offset) of the first run of more than ``limit`` characters without a word
    break, or None. One regex scan in C: most texts have no such run, and a Python loop
    over every word cost as much as the whole checker's candidate search."""
    if max(map(len, text.split()), default=0) <= limit:
        return None  # a run lies within one stretch between white spaces
    match = _long_run(limit).search(text)
    return (match.end() - match.start(), match.start()) if match else None


@lru_cache(maxsize=4)
def _long_run(limit: int) -> re.Pattern[str]:
    return re.compile(_RUN.pattern + "{%d,}" % (limit + 1))


def assemble(path: str, fmt: str, pieces: list[Piece], warnings: list[str] | None = None
             ) -> SourceText:
    blocks: list[Block] = []
    offset = 0
    for piece in pieces:
        if not piece.text.strip():
            continue
        start = offset
        offset += len(piece.text)
        blocks.append(Block(piece.text, start, offset, piece.kind, piece.source, piece.label))
        offset += 1  # the "\n" joining this block to the next
    text = "\n".join(block.text for block in blocks)
    if not text.strip():
        raise InputError(f"{path}: contains no text")
    found = too_long_run(text, limits.MAX_TOKEN_CHARS)
    if found:
        run, where = found
        raise InputError(f"{path}: has a run of {run:,} characters without a space or "
                         f"punctuation (at character {where:,}); that is data, not contract text "
                         f"(limit {limits.MAX_TOKEN_CHARS:,})")
    return SourceText(path=path, text=text, blocks=blocks, format=fmt,
                      language=detect_language(text), warnings=list(warnings or []))
