"""Pieces every report writer shares: bilingual labels, display-width wrapping, lines.

The chrome (headings, labels) follows the language of the document it describes:
Japanese for a Japanese contract, English otherwise. The findings themselves are
already in the document's language (the engine writes them so).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right

SEVERITY_LABELS = {
    "en": {"high": "HIGH", "medium": "MEDIUM", "low": "LOW", "info": "INFO"},
    "ja": {"high": "高", "medium": "中", "low": "低", "info": "情報"},
}

CHROME = {
    "en": {
        "findings": "{n} findings",
        "one_finding": "1 finding",
        "no_findings": "no findings",
        "parties": "Parties",
        "no_parties": "Parties: none found",
        "outside": "Outside any article",
        "favours": "Favours",
        "against_you": "against you",
        "for_you": "in your favour",
        "why": "Why",
        "suggested": "Suggested model clause",
        "error": "could not be checked",
        "severity": "Severity",
        "baselined": "in the baseline: not counted",
    },
    "ja": {
        "findings": "指摘{n}件",
        "one_finding": "指摘1件",
        "no_findings": "指摘なし",
        "parties": "当事者",
        "no_parties": "当事者：検出なし",
        "outside": "条項外",
        "favours": "有利な当事者",
        "against_you": "あなたに不利",
        "for_you": "あなたに有利",
        "why": "理由",
        "suggested": "推奨モデル条項",
        "error": "検査できませんでした",
        "severity": "重大度",
        "baselined": "ベースライン記録済み・判定対象外",
    },
}


def chrome_language(language: str | None) -> str:
    return "ja" if language == "ja" else "en"


def char_width(char: str) -> int:
    """Terminal columns a character takes: 2 for full-width (CJK) characters."""
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    return sum(char_width(char) for char in text)


NO_LINE_START = set("、。，．・：；？！）」』】〕〉》ーぁぃぅぇぉっゃゅょァィゥェォッャュョ々")


def wrap(text: str, width: int) -> list[str]:
    """Wrap to ``width`` terminal columns.

    Latin text breaks at spaces; CJK text (no spaces) may break between any two
    characters, which is how Japanese is set. ``textwrap`` counts characters, not
    columns, so it overflows on Japanese.
    """
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line, line_width = "", 0
        for token in _tokens(" ".join(paragraph.split())):
            token_width = display_width(token)
            if line_width + token_width > width and line.strip():
                carried = ""
                # kinsoku: 、。） never start a line; the character before goes down with them
                if token in NO_LINE_START and len(line) > 1 and char_width(line[-1]) == 2:
                    line, carried = line[:-1], line[-1]
                lines.append(line.rstrip())
                line, line_width = carried, display_width(carried)
                if token == " ":
                    continue
            if token_width > width:  # one unbreakable word longer than the line
                for char in token:
                    if line_width + char_width(char) > width and line:
                        lines.append(line)
                        line, line_width = "", 0
                    line += char
                    line_width += char_width(char)
                continue
            line += token
            line_width += token_width
        lines.append(line.rstrip())
    return lines


def _tokens(text: str):
    """Words, single spaces, and single full-width characters (each a break point)."""
    word = ""
    for char in text:
        if char == " " or char_width(char) == 2:
            if word:
                yield word
                word = ""
            yield char
        else:
            word += char
    if word:
        yield word


def shorten(text: str, width: int) -> str:
    """One line of at most ``width`` columns, with an ellipsis when cut."""
    text = " ".join(text.split())
    if display_width(text) <= width:
        return text
    out, used = "", 0
    for char in text:
        if used + char_width(char) > width - 1:
            break
        out += char
        used += char_width(char)
    return out.rstrip() + "…"


_NEWLINE = re.compile("\n")


def line_starts(text: str) -> list[int]:
    """Offsets where each line of ``text`` starts (line 1 at offset 0)."""
    return [0, *(match.end() for match in _NEWLINE.finditer(text))]


def line_of(starts: list[int], offset: int) -> int:
    """1-based line number of a character offset."""
    return max(1, bisect_right(starts, offset))
