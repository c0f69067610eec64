"""PDF reader: pypdf in a child process with a memory cap and a timeout, then layout repair.

pypdf is pure Python and a hostile PDF can make it loop or allocate for a long time,
so extraction runs in ``_pdf_worker.py`` under ``RLIMIT_AS = PDF_MEMORY_BYTES`` and is
killed after ``PDF_TIMEOUT_SECONDS``. Encrypted PDFs, PDFs over ``MAX_PDF_PAGES`` and
scans without a text layer are refused with a message that says which.

PDF text comes as layout lines; ``join_lines`` rebuilds paragraphs. Japanese: a break
between two CJK characters is removed. English: "agree-/ment" is rejoined and other
breaks inside a paragraph become spaces. Both: a blank line, a short line (the last
line of a paragraph), a heading such as （目的） or an all-caps title, and a line that
starts a new article, paragraph or item (第7条, ２, （１）, 一, 7.2, (a)) break paragraphs.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from ...core import limits
from ...core.errors import InputError
from ..model import SourceText
from .base import Piece, assemble, detect_language

_WORKER = Path(__file__).with_name("_pdf_worker.py")

_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
_JA_MARKER = re.compile(
    r"(第\s*[0-9０-９一二三四五六七八九十百千]+\s*[条項号章節款]"
    r"|[0-9０-９]{1,3}[\s　.．]"
    r"|[（(][0-9０-９一二三四五六七八九十a-zａ-ｚア-ン]{1,3}[）)]"
    r"|[一二三四五六七八九十]{1,3}[\s　、]"
    r"|[\u2460-\u2487]|附\s*則|別紙|別表)")
_EN_MARKER = re.compile(
    r"(\d{1,3}\.(\d{1,3}\.?)*\s|\(?[a-z]\)\s|\(?[ivx]{1,5}\)\s"
    r"|(article|section|schedule|exhibit|annex|appendix)\s+[\dIVXLC]+"
    r"|whereas\b|now,?\s+therefore|in witness)", re.IGNORECASE)
_TITLE = re.compile(r"[（(【〔][^）)】〕]{1,40}[）)】〕]|[A-Z0-9][A-Z0-9 ,.&'()/\-]{2,80}")
_PAGE_NUMBER = re.compile(r"[-–—\s]*(page\s*)?\d{1,4}(\s*(/|of)\s*\d{1,4})?[-–—\s]*", re.IGNORECASE)
# A line shorter than this share of a typical line ends its paragraph (justified text
# fills the width; the last line of a paragraph does not).
_SHORT_LINE_SHARE = 0.7


def read_pdf(label: str, data: bytes) -> SourceText:
    if b"%PDF-" not in data[:1024]:
        raise InputError(f"{label}: is not a PDF file (no %PDF- header)")
    pages = _extract(label, data)
    chars = sum(len(page.strip()) for page in pages)
    if not pages or chars < limits.PDF_MIN_CHARS_PER_PAGE * len(pages):
        raise InputError(f"{label}: has almost no text ({chars} characters on {len(pages)} "
                         f"page(s)); it looks like a scan without a text layer; run OCR first")
    language = detect_language("\n".join(pages))
    pieces = [Piece(paragraph) for paragraph in join_lines(pages, language)]
    return assemble(label, "pdf", pieces)


def _extract(label: str, data: bytes) -> list[str]:
    command = [sys.executable, "-I", str(_WORKER), str(limits.PDF_MEMORY_BYTES),
               str(limits.MAX_PDF_PAGES)]
    try:
        done = subprocess.run(command, input=data, capture_output=True,
                              timeout=limits.PDF_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:  # subprocess.run has killed the child
        raise InputError(f"{label}: reading the PDF took longer than "
                         f"{limits.PDF_TIMEOUT_SECONDS} s; it may be damaged or built to "
                         f"stall readers") from None
    try:
        result = json.loads(done.stdout)
    except ValueError:
        result = {"error": "memory" if b"MemoryError" in done.stderr else "crashed",
                  "detail": f"exit status {done.returncode}"}
    error = result.get("error")
    if error == "encrypted":
        raise InputError(f"{label}: the PDF is encrypted (password-protected); "
                         f"save an unprotected copy")
    if error == "pages":
        raise InputError(f"{label}: the PDF has {int(result['detail']):,} pages "
                         f"(limit {limits.MAX_PDF_PAGES:,})")
    if error == "memory":
        raise InputError(f"{label}: reading the PDF needed more than "
                         f"{limits.PDF_MEMORY_BYTES // 2**20} MB; it may be damaged or hostile")
    if error:
        raise InputError(f"{label}: the PDF is damaged or unreadable ({result.get('detail')})")
    return [str(page) for page in result["pages"]]


def _drop_page_number(lines: list[str]) -> list[str]:
    for i in range(len(lines) - 1, -1, -1):  # the last non-empty line of the page
        if lines[i].strip():
            return lines[:i] + lines[i + 1:] if _PAGE_NUMBER.fullmatch(lines[i]) else lines
    return lines


def join_lines(pages: list[str], language: str) -> list[str]:
    lines: list[str] = []
    for page in pages:
        lines += _drop_page_number([line.rstrip() for line in page.split("\n")])
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    typical = lengths[int(len(lengths) * 0.8)] if lengths else 1
    marker = _JA_MARKER if language == "ja" else _EN_MARKER
    paragraphs: list[str] = []
    current, previous = "", ""
    for raw in lines:
        line = raw.strip()
        if not line or raw.startswith("　") or (current and _breaks(previous, line, typical, marker)):
            if current:
                paragraphs.append(current)
            current = ""
        if line:
            current = _join(current, line) if current else line
        previous = line
    if current:
        paragraphs.append(current)
    return paragraphs


def _breaks(previous: str, line: str, typical: int, marker: re.Pattern) -> bool:
    return bool(marker.match(line) or _TITLE.fullmatch(line) or _TITLE.fullmatch(previous)
                or (len(previous) < _SHORT_LINE_SHARE * typical and not previous.endswith("-")))


def _join(current: str, line: str) -> str:
    if len(current) > 1 and current.endswith("-") and current[-2].isalpha():
        return current[:-1] + line if line[0].islower() else current + line
    if _CJK.match(current[-1]) and (_CJK.match(line[0]) or line[0].isascii()):
        return current + line
    return current + " " + line
