"""Plain text and Markdown: UTF-8 (BOM or not), UTF-16 with a BOM, else Shift_JIS (CP932).

Binary data named .txt is refused (NUL bytes, or mostly control characters), as is
text in no encoding we can decode without guessing. Each non-empty line is a block
(kind ``line``; Markdown ``#`` lines are ``heading``): plain-text contracts put one
paragraph per line, and keeping the lines keeps offsets easy to explain.
``Block.source`` is the line's 0-based number in the file (blank lines count).
"""

from __future__ import annotations

import codecs
import re

from ...core import limits
from ...core.errors import InputError
from ...core.marks import split_front_matter
from ..model import SourceText
from .base import Piece, assemble

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SAMPLE = 8192
_FILE_LINES = re.compile(r"\r\n|\r|\n")  # what editors and code-review tools count as lines


def decode_text(label: str, data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        if b"\x00" in data:
            raise InputError(f"{label}: is binary data (it contains NUL bytes), not text")
        encodings = ["utf-8", "cp932"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError(f"{label}: is not valid text in UTF-8 or Shift_JIS (CP932); "
                         f"save it as UTF-8")
    sample = text[:_SAMPLE]
    if sample and len(_CONTROL.findall(sample)) / len(sample) > limits.TEXT_MAX_CONTROL_SHARE:
        raise InputError(f"{label}: is binary data (mostly control characters), not text")
    return text


def read_text(label: str, data: bytes, fmt: str) -> SourceText:
    if len(data) > limits.MAX_TEXT_BYTES:
        raise InputError(f"{label}: is {len(data):,} bytes of text (limit "
                         f"{limits.MAX_TEXT_BYTES:,})")
    text = decode_text(label, data)
    # kyoso's front matter is not contract text (also when a Markdown draft comes in on
    # stdin or renamed .txt: only a block that is exactly kyoso's marks is taken out)
    marks, skip = split_front_matter(text)
    pieces = []
    counted = 0  # lines as str.splitlines() counts them: the front matter's ``skip``
    for number, physical in enumerate(_FILE_LINES.split(text)):
        for line in physical.splitlines() or [""]:  # \f, \u2028 … end a block, not a file line
            counted += 1
            if counted <= skip:
                continue
            line = line.rstrip()
            kind = "heading" if fmt == "md" and line.startswith("#") else "line"
            pieces.append(Piece(line, kind, source=number))  # the line in the file (positions.py)
    source = assemble(label, fmt, pieces)
    source.metadata = marks
    return source
