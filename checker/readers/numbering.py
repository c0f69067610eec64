"""The numbering labels Word computes ("第7条", "7.2", "(a)") and never stores as text.

Word keeps only rules in ``word/numbering.xml``: a paragraph's ``w:numPr`` (or its
style's) names a list (``numId``) and a level (``ilvl``); the list points at an
abstract definition whose level gives a start value, a format and a pattern such as
``第%1条`` or ``%1.%2``. Counters belong to the abstract definition (lists sharing it
continue each other, as in Word) unless a list overrides a level's start; counting
at a level restarts every deeper level.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_KANJI_DIGITS = "〇一二三四五六七八九"
_AIUEO = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
_IROHA = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def _kanji(n: int) -> str:
    """Japanese counting: 十一, 二十, 百五 (enough for any article number)."""
    if n <= 0 or n >= 10000:
        return str(n)
    out = []
    for value, unit in ((1000, "千"), (100, "百"), (10, "十")):
        count, n = divmod(n, value)
        if count:
            out.append(("" if count == 1 else _KANJI_DIGITS[count]) + unit)
    if n:
        out.append(_KANJI_DIGITS[n])
    return "".join(out)


def _cycle(alphabet: str, n: int) -> str:
    return alphabet[(n - 1) % len(alphabet)] if n > 0 else str(n)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(n) if n > 0 else str(n)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate(_FULLWIDTH)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("japaneseCounting", "japaneseLegal", "chineseCounting"):
        return _kanji(n)
    if fmt in ("ideographDigital", "japaneseDigitalTenThousand"):
        return "".join(_KANJI_DIGITS[int(d)] for d in str(n)) if n >= 0 else str(n)
    if fmt in ("aiueo", "aiueoFullWidth"):
        return _cycle(_AIUEO, n)
    if fmt in ("iroha", "irohaFullWidth"):
        return _cycle(_IROHA, n)
    if fmt == "ideographTraditional":
        return _cycle(_STEMS, n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "decimalEnclosedParen":
        return chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return chr(0x2488 + n - 1) if 1 <= n <= 20 else f"{n}."
    if fmt == "none":
        return ""
    return str(n)  # decimal, decimalHalfWidth, and formats we do not know


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    suffix: str = "tab"
    legal: bool = False
    style: str | None = None


class Numbering:
    def __init__(self, w: str, numbering: etree._Element | None, styles: etree._Element | None):
        self.w = w
        self.abstract: dict[str, dict[int, Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, Level]]] = {}
        self.styles: dict[str, tuple[str | None, str | None, str | None]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.seen: set[str] = set()
        if numbering is not None:
            self._load_numbering(numbering)
        if styles is not None:
            self._load_styles(styles)

    def _attr(self, element, path: str) -> str | None:
        found = element.find(path.replace("w:", self.w)) if path else element
        return None if found is None else found.get(self.w + "val")

    def _level(self, lvl) -> Level:
        start = self._attr(lvl, "w:start")
        return Level(start=int(start) if start and start.lstrip("-").isdigit() else 1,
                     fmt=self._attr(lvl, "w:numFmt") or "decimal",
                     text=self._attr(lvl, "w:lvlText") or "",
                     suffix=self._attr(lvl, "w:suff") or "tab",
                     legal=lvl.find(self.w + "isLgl") is not None,
                     style=self._attr(lvl, "w:pStyle"))

    @staticmethod
    def _ilvl(element, w: str) -> int:
        value = element.get(w + "ilvl", "0")
        return int(value) if value.isdigit() and int(value) < 9 else 0

    def _load_numbering(self, root) -> None:
        w = self.w
        for abstract in root.iter(w + "abstractNum"):
            self.abstract[abstract.get(w + "abstractNumId", "")] = {
                self._ilvl(lvl, w): self._level(lvl) for lvl in abstract.iter(w + "lvl")}
        for num in root.iter(w + "num"):
            starts, levels = {}, {}
            for override in num.iter(w + "lvlOverride"):
                ilvl = self._ilvl(override, w)
                start = self._attr(override, "w:startOverride")
                if start and start.isdigit():
                    starts[ilvl] = int(start)
                lvl = override.find(w + "lvl")
                if lvl is not None:
                    levels[ilvl] = self._level(lvl)
            self.nums[num.get(w + "numId", "")] = (self._attr(num, "w:abstractNumId") or "",
                                                   starts, levels)

    def _load_styles(self, root) -> None:
        w = self.w
        for style in root.iter(w + "style"):
            num_pr = style.find(f"{w}pPr/{w}numPr")
            num_id = ilvl = None
            if num_pr is not None:
                num_id, ilvl = self._attr(num_pr, "w:numId"), self._attr(num_pr, "w:ilvl")
            self.styles[style.get(w + "styleId", "")] = (num_id, ilvl, self._attr(style, "w:basedOn"))

    def _style_numbering(self, style_id: str | None) -> tuple[str | None, str | None]:
        for _ in range(20):  # basedOn chains are short; a cycle must not loop forever
            if style_id is None or style_id not in self.styles:
                return None, None
            num_id, ilvl, based_on = self.styles[style_id]
            if num_id is not None:
                return num_id, ilvl
            style_id = based_on
        return None, None

    def label(self, paragraph) -> tuple[str, str] | None:
        """(label, separator) for a body paragraph, advancing the counters; None if unnumbered."""
        w = self.w
        style_id = self._attr(paragraph, "w:pPr/w:pStyle")
        num_pr = paragraph.find(f"{w}pPr/{w}numPr")
        num_id = ilvl_text = None
        if num_pr is not None:
            num_id, ilvl_text = self._attr(num_pr, "w:numId"), self._attr(num_pr, "w:ilvl")
        if num_id is None:
            style_num, style_ilvl = self._style_numbering(style_id)
            num_id, ilvl_text = style_num, ilvl_text or style_ilvl
        if not num_id or num_id == "0" or num_id not in self.nums:
            return None
        abstract_id, starts, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        if ilvl_text is None:  # a style-linked level: the level naming this style
            ilvl_text = next((str(i) for i, lvl in levels.items() if lvl.style == style_id), "0")
        ilvl = int(ilvl_text) if ilvl_text.isdigit() and int(ilvl_text) < 9 else 0
        level_of = lambda i: overrides.get(i) or levels.get(i) or Level()  # noqa: E731
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.seen:
            self.seen.add(num_id)
            for restarted in starts:
                counters.pop(restarted, None)
        start_of = lambda i: starts.get(i, level_of(i).start)  # noqa: E731
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start_of(ilvl)
        for deeper in [i for i in counters if i > ilvl]:
            del counters[deeper]
        level = level_of(ilvl)
        if level.fmt == "bullet":
            text = level.text
            label = "•" if not text or "\uf000" <= text[0] <= "\uf0ff" else text
        else:
            label = level.text
            for i in range(8, -1, -1):  # %10 does not exist; high first keeps %1 from eating %1x
                token = f"%{i + 1}"
                if token in label:
                    value = counters.get(i, start_of(i))
                    fmt = "decimal" if level.legal else level_of(i).fmt
                    label = label.replace(token, format_number(value, fmt))
        if not label.strip():
            return None
        return label, "" if level.suffix == "nothing" else " "
