"""Readers: any supported input → ``SourceText`` (see checker/model.py).

``read_document(path, data=None)`` picks the reader by suffix, checking the file's
first bytes agree (a .docx must be a ZIP, a .pdf must start %PDF-). Files without a
suffix and stdin (``path="-"`` with ``data``) are sniffed. Everything a user can get
wrong, or an attacker can craft, ends as ``InputError`` with one line naming the file
and the problem; no reader hangs (every loop is bounded, PDF parsing runs in a child
process with a timeout) and none writes anything.

``SourceText.text`` is the blocks joined by "\\n"; ``Block.start``/``end`` index it.
``SourceText.format`` is the detected type (docx | pdf | txt | md), also for stdin.
"""

from __future__ import annotations

import os

from ...core import limits
from ...core.errors import InputError
from ...core.files import read_regular_file
from ..model import SourceText
from .base import detect_language
from ...core.zipcap import OLE_MAGIC, ZIP_MAGICS

__all__ = ["read_document", "detect_language", "SUPPORTED_SUFFIXES"]

SUPPORTED_SUFFIXES = (".docx", ".pdf", ".txt", ".md")
_TEXT_SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md", ".text": "txt"}
_LEGACY = {".doc": "a legacy Word .doc; save it as .docx",
           ".docm": "a macro-enabled Word document; save it as .docx without macros",
           ".rtf": "RTF; save it as .docx", ".odt": "OpenDocument; save it as .docx",
           ".pages": "a Pages document; export it as .docx or PDF"}


def read_document(path: str, data: bytes | None = None) -> SourceText:
    label = "<stdin>" if path == "-" else path
    suffix = "" if path == "-" else os.path.splitext(path)[1].lower()
    if suffix in _LEGACY:
        raise InputError(f"{label}: is {_LEGACY[suffix]}")
    if suffix and suffix not in SUPPORTED_SUFFIXES and suffix not in _TEXT_SUFFIXES:
        raise InputError(f"{label}: unsupported file type {suffix!r} (kyoso reads "
                         f"{', '.join(SUPPORTED_SUFFIXES)})")
    cap = limits.MAX_TEXT_BYTES if suffix in _TEXT_SUFFIXES else limits.MAX_INPUT_BYTES
    if data is None:
        data = _read_capped(label, path, cap)
    if len(data) > cap:
        raise InputError(f"{label}: is {len(data):,} bytes or more (limit {cap:,})")
    if not data:
        raise InputError(f"{label}: is empty (0 bytes)")
    kind = _sniff(data) if not suffix else suffix
    if kind == ".docx":
        from .docx import read_docx

        return _as_given(read_docx(label, data), path)
    if kind == ".pdf":
        from .pdf import read_pdf

        return _as_given(read_pdf(label, data), path)
    from .text import read_text

    return _as_given(read_text(label, data, _TEXT_SUFFIXES.get(kind, "txt")), path)


def _as_given(source: SourceText, path: str) -> SourceText:
    source.path = path
    return source


def _sniff(data: bytes) -> str:
    if data.startswith(ZIP_MAGICS) or data.startswith(OLE_MAGIC):
        return ".docx"  # the DOCX reader explains OLE (encrypted / legacy .doc) files
    if b"%PDF-" in data[:1024]:
        return ".pdf"
    return ".txt"


def _read_capped(label: str, path: str, cap: int) -> bytes:
    return read_regular_file(path, cap, InputError, label=label,
                             too_big=f"is larger than the limit of {cap:,} bytes")
