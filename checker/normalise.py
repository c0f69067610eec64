"""Length-preserving NFKC: the text the checker matches against, with offsets intact.

Japanese documents write Latin letters and digits full width (Ｘ社, ＡＢＣ株式会社,
第１２条, 「３年間」). Patterns and party names are written half width, so a full-width
name is never found and a full-width number is never read. NFKC folds them, but it
also turns one character into several (㈱ → (株), ① → 1, ㍿ → 株式会社), which would
shift every offset after it. So each character is mapped by NFKC only where the result
is one character; the others are kept as they are, and ``len(fold(text)) == len(text)``
always holds, so a finding's offsets point at the same place in the original text.

Kept on purpose, though NFKC would fold them:
* Japanese punctuation that numbering and headings rely on (（）：．，！？ and the
  like): the patterns already accept both widths, and 「（１）」 must stay an item;
* circled and parenthesised numbers (①, ⑴): list markers, and NFKC gives "1";
* the ideographic space U+3000: it separates an item number from its text (「一　…」)
  and a title from a name; Python's ``\\s`` already matches it. Between two Latin
  letters or digits it is a word gap and becomes an ASCII space ("ＡＢＣ　Ｊａｐａｎ").
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from functools import lru_cache

from . import regex_code
from .model import SourceText

# Full-width punctuation that Japanese numbering and headings use as it is.
_KEEP = set("（）［］｛｝：；，．！？～＂＇｀＼＾＿｜＜＞＊。、「」『』【】〔〕・　")
# Circled, parenthesised and full-stop numbers and letters: list markers.
_KEEP_RANGES = ((0x2460, 0x24FF), (0x2776, 0x2793), (0x3251, 0x325F), (0x32B1, 0x32BF),
                (0x3200, 0x3250))
# Only these blocks hold characters NFKC folds in contract text; testing the rest is wasted.
_FOLD_CANDIDATE = regex_code.compile("[\u00a0-\u00ff\u2000-\u206f\u2100-\u218f\u2460-\u24ff\u3000-\u303f"
                                     "\u3200-\u33ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")
_WIDE_SPACE_IN_WORDS = regex_code.compile("(?<=[A-Za-z0-9])\u3000(?=[A-Za-z0-9])")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in _KEEP or any(lo <= ord(char) <= hi for lo, hi in _KEEP_RANGES):
        return char
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 else char


def fold(text: str) -> str:
    """``text`` with full-width letters, digits and compatibility forms folded, one
    character for one character (see the module note)."""
    if text.isascii() or not _FOLD_CANDIDATE.search(text):  # every candidate is beyond ASCII
        return text
    folded = _FOLD_CANDIDATE.sub(lambda m: _fold_char(m.group()), text)
    return _WIDE_SPACE_IN_WORDS.sub(" ", folded)


def fold_source(source: SourceText) -> SourceText:
    """A copy of ``source`` whose text and blocks are folded; offsets are unchanged, so
    findings on the copy locate the same text in the original (which report writers,
    the commented DOCX and the excerpts' context keep using)."""
    text = fold(source.text)
    if text is source.text or text == source.text:
        return source
    blocks = [dataclasses.replace(block, text=fold(block.text)) for block in source.blocks]
    return dataclasses.replace(source, text=text, blocks=blocks)



def restore_excerpts(findings: list, original: str, folded: str) -> None:
    """Show each finding's excerpt as the document writes it (Ｘ社, not X社): the excerpt
    was cut from the folded text, which has the same offsets as the original."""
    if original is folded or original == folded:
        return
    for finding in findings:
        location = finding.location
        core = (finding.excerpt or "").strip("…")
        if not core or location is None:
            continue
        at = folded.find(core, max(0, location.start - 1), location.end + 1)
        if at < 0:
            continue
        finding.excerpt = finding.excerpt.replace(core, original[at:at + len(core)], 1)
