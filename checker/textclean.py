"""Find characters that hide or disguise text, for the ``hidden-text`` findings.

Readers keep every character as it is; this module only points at the suspicious ones:

* ``zero-width``: U+200B–U+200D, U+2060, U+180E, U+FEFF — invisible, they split a word
  so a search for it (or a rule) misses it (a byte-order mark opening the text is only
  an encoding mark and is not reported);
* ``bidi-control``: U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C — they
  reorder what is shown, so the text on screen differs from the text signed;
* ``confusable``: a Latin word with Cyrillic or Greek letters in it ("Lіcensee" with a
  Cyrillic і) — it reads the same and compares different.

Each ``HiddenSpan`` gives the offsets into the text and the code points involved.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import regex_code

_ZERO_WIDTH_CHARS = "\u200b\u200c\u200d\u2060\u180e\ufeff"
_BIDI_CHARS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_ZERO_WIDTH = regex_code.compile(f"[{_ZERO_WIDTH_CHARS}]+")
_BIDI = regex_code.compile(f"[{_BIDI_CHARS}]+")
# Letters of the three alphabets that share look-alike shapes (Latin incl. accented);
# zero-width characters count as part of a word, since they are used to split one.
_WORD = regex_code.compile("[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\u200b-\u200d\u2060]+")
_FOREIGN = regex_code.compile("[\u0370-\u03ff\u0400-\u04ff]")
_LATIN = regex_code.compile("[A-Za-z\u00c0-\u024f]")


@dataclass
class HiddenSpan:
    kind: str  # zero-width | bidi-control | confusable
    start: int
    end: int
    codepoints: list[str]  # ["U+200B"], the hidden or foreign characters only

    @property
    def names(self) -> str:
        return ", ".join(self.codepoints)


def _codepoints(chars: str) -> list[str]:
    return list(dict.fromkeys(f"U+{ord(char):04X}" for char in chars))


def find_hidden_text(text: str) -> list[HiddenSpan]:
    if text.isascii():
        return []  # every hidden, directional or look-alike character is beyond ASCII
    spans = []
    # one ``in`` per character finds most texts hold none: a tenth of what scanning the
    # whole text with a class of scattered characters costs
    if any(char in text for char in _ZERO_WIDTH_CHARS):
        spans += [HiddenSpan("zero-width", m.start(), m.end(), _codepoints(m.group()))
                  for m in _ZERO_WIDTH.finditer(text) if not (m.start() == 0 and m.group() == "\ufeff")]
    if any(char in text for char in _BIDI_CHARS):
        spans += [HiddenSpan("bidi-control", m.start(), m.end(), _codepoints(m.group()))
                  for m in _BIDI.finditer(text)]
    if not _FOREIGN.search(text):
        return sorted(spans, key=lambda span: (span.start, span.kind))  # nothing can look Latin
    for match in _WORD.finditer(text):
        word = match.group()
        if _LATIN.search(word) and _FOREIGN.search(word):
            foreign = "".join(_FOREIGN.findall(word))
            spans.append(HiddenSpan("confusable", match.start(), match.end(), _codepoints(foreign)))
    return sorted(spans, key=lambda span: (span.start, span.kind))
