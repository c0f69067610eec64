"""Segment contract text into articles, paragraphs and items.

``segment(source)`` walks the text line by line (block boundaries are paragraph
boundaries) and decides for each line whether it opens a new unit: an article
(第7条 / Article 7 / 7.), a paragraph (２ / 7.2), an item (一 / （１） / ① / (a)),
a sub-item ((i) / ア), or an exhibit (別紙1 / Exhibit A). Each unit runs to the next
one, so ``Structure.clauses`` covers the text with the innermost units.

A marker only counts when it is where numbering lives (start of a line), looks
like a heading rather than a sentence ("Section 7.2 of this Agreement" and
「第7条第2項に定める」 do not), and continues the numbering so far (a wrapped PDF
line starting "30 days" cannot open paragraph 30). That keeps cross-references
in running text from splitting clauses without a parser or a model.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from . import regex_code
from .model import Clause, Location, SourceText

# Full-width forms that numbering uses, mapped one character to one character so
# offsets stay valid (NFKC would turn ① into "1" but also ㈱ into "(株)").
_HALF = str.maketrans("０１２３４５６７８９（）．：　", "0123456789().: ")
_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
                 "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_POWERS = {"十": 10, "百": 100, "千": 1000}
_KANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ"
_IROHA = "イロハニホヘトチリヌルヲワカヨタレソツネナラム"
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
# Words that stay lower case inside an English heading ("Ownership of Results").
_SMALL_WORDS = {"of", "and", "or", "the", "to", "for", "in", "on", "a", "an", "by", "with",
                "at", "from", "as", "its", "their", "upon", "under", "into", "not"}
# A heading is short; anything longer is a sentence that happens to follow a number.
_MAX_TITLE_CHARS = 80
_MAX_JA_TITLE_CHARS = 30
# Table-of-contents entries are one short line each; real articles are longer.
_TOC_MAX_UNIT_CHARS = 200
# A contract may leave numbers out ("[Reserved]"); a bigger jump is a stray number.
_MAX_ARTICLE_JUMP = 10
_MAX_PARAGRAPH_JUMP = 5

# PDF extractors put a space around a number set in another font: 「第 7 条」「第7 条」
_JA_ARTICLE = regex_code.compile(r"第[ \t]?([0-9]{1,3}|[〇一二三四五六七八九十百]{1,5})[ \t]?条"
                                 r"(?:の[ \t]?([0-9]{1,2}|[一二三四五六七八九十]{1,3}))?")
_JA_PARAGRAPH = regex_code.compile(r"([0-9]{1,2})(?:\s+|\.\s*)(?=\S)")
_JA_KANJI_ITEM = regex_code.compile(r"([一二三四五六七八九十]{1,3})(?:\s+|[、.])(?=\S)")
_JA_PAREN_ITEM = regex_code.compile(r"\(([0-9]{1,2}|[" + _KANA + r"]|[a-z])\)\s*(?=\S)")
_JA_CIRCLED_ITEM = regex_code.compile(r"([①-⑳])\s*(?=\S)")
_JA_KANA_ITEM = regex_code.compile(r"([" + _KANA + r"])(?:\s+|[.、])(?=\S)")
_JA_ANNEX = regex_code.compile(r"(別紙|別表|別添|付属書類?|添付資料)\s*(第?[0-9一二三四五六七八九十]{0,3})")
_JA_HEADING_LINE = regex_code.compile(r"\(([^()]{1,30})\)")
_JA_PARTICLE_AFTER_REF = tuple("にのをでとがはへもや及又並")
_JA_ANY_ARTICLE = regex_code.compile(r"(?m)^[ \t　]*第[ \t]?[0-9０-９〇一二三四五六七八九十百]{1,5}[ \t]?条")

_EN_ARTICLE = regex_code.compile(r"(?:ARTICLE|Article)\s+([0-9]{1,3}|[IVXLC]{1,7})\b\.?")
_EN_SECTION = regex_code.compile(r"(?:SECTION|Section|Sec\.|§)\s*([0-9]{1,3}(?:\.[0-9]{1,3}){0,3})\b\.?")
_EN_NUMBER = regex_code.compile(r"([0-9]{1,3}(?:\.[0-9]{1,3}){0,3})(\.?)(?=\s|$)")
_EN_ITEM = regex_code.compile(r"(?:\(([a-zA-Z]{1,4}|[0-9]{1,2})\)|([a-z]|[0-9]{1,2})\))(?=\s|$)")
_EN_ANNEX = regex_code.compile(r"(EXHIBIT|SCHEDULE|ANNEX|APPENDIX|ATTACHMENT|Exhibit|Schedule|Annex|"
                               r"Appendix|Attachment)\s+([A-Z]{1,2}|[0-9]{1,2}|[IVX]{1,4})(?:-([0-9]{1,2}))?\b")
_WORD = regex_code.compile(r"[A-Za-z][A-Za-z'’\-]*")
_EN_BRACKETED_TITLE = regex_code.compile(r"[(\[]([^()\[\]]{1,80})[)\]]")


def kanji_number(text: str) -> int | None:
    """十三 → 13, 二十 → 20, 百五 → 105; None if ``text`` is not a kanji numeral."""
    total, digit = 0, None
    for char in text:
        if char in _KANJI_DIGITS:
            digit = _KANJI_DIGITS[char]
        elif char in _KANJI_POWERS:
            total += (1 if digit is None else digit) * _KANJI_POWERS[char]
            digit = None
        else:
            return None
    return total + (digit or 0)


def roman_number(text: str) -> int | None:
    values = [_ROMAN.get(char) for char in text.lower()]
    if not values or None in values:
        return None
    total = 0
    for index, value in enumerate(values):
        following = values[index + 1] if index + 1 < len(values) else 0
        total += -value if value < following else value
    return total


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    return kanji_number(text)


@dataclass
class Unit(Clause):
    """A Clause that also knows a sub-item ("(i)", ア) and whether it is an exhibit."""

    subitem: str | None = None
    annex: bool = False

    def label(self, language: str) -> str:
        if language == "ja":
            place = self._ja_place()
            if not place:
                return "前文"
            return f"{place}（{self.article_title}）" if self.article_title else place
        place = self._en_place()
        if not place:
            return "Preamble"
        return f"{place} ({self.article_title})" if self.article_title else place

    def _ja_place(self) -> str:
        if self.annex:
            place = self.article or ""
        elif self.article and "の" in self.article:
            main, branch = self.article.split("の", 1)
            place = f"第{main}条の{branch}"
        else:
            place = f"第{self.article}条" if self.article else ""
        if self.paragraph:
            place += f"第{self.paragraph}項"
        if self.item:
            place += f"第{self.item}号" if self.item.isdigit() else f"（{self.item}）"
        if self.subitem:
            place += self.subitem if self.subitem in _KANA + _IROHA else f"（{self.subitem}）"
        return place

    def _en_place(self) -> str:
        if not self.article:
            return ""
        if self.annex:
            place = self.article + (f" {self.paragraph}" if self.paragraph else "")
        else:
            place = f"Article {self.article}" + (f".{self.paragraph}" if self.paragraph else "")
        if self.item:
            place += f"({self.item})"
        if self.subitem:
            place += f"({self.subitem})"
        return place


@dataclass
class Structure:
    """The contract's units in text order, covering the whole text."""

    text: str
    language: str
    clauses: list[Unit]
    # Lines that only name a unit: "Article 9 (Non-Competition)", （目的）, 第9条（競業避止）.
    headings: list[tuple[int, int]] = field(default_factory=list)
    # Lines in the other language of a bilingual contract (the ja+en side-by-side table):
    # the parallel text of the line before, not a clause of its own.
    translations: list[tuple[int, int]] = field(default_factory=list)
    # Header, footer and footnote blocks (start, end, kind): outside every article.
    outside: list[tuple[int, int, str]] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._starts = [clause.start for clause in self.clauses]

    def _outside_kind(self, offset: int) -> str | None:
        index = bisect_right(self.outside, (offset, float("inf"), "")) - 1
        if index >= 0 and self.outside[index][0] <= offset <= self.outside[index][1]:
            return self.outside[index][2]
        return None

    def is_heading(self, start: int, end: int) -> bool:
        """True when ``start``..``end`` lies within a heading line: a rule should not
        report a title such as "Article 9 (Non-Competition)" as if it were a term."""
        return _within(self.headings, start, end)

    def is_translation(self, start: int, end: int) -> bool:
        """True when ``start``..``end`` lies within a line in the document's other
        language: checking it too would report each term of a bilingual contract twice."""
        return _within(self.translations, start, end)

    def skip(self, start: int, end: int) -> bool:
        """What the rule engine should not read as a term: headings and translations."""
        return self.is_heading(start, end) or self.is_translation(start, end)

    @property
    def numbered(self) -> bool:
        """False when no article was recognised (a letter, a memo, a fragment)."""
        return any(clause.article for clause in self.clauses)

    def clause_at(self, offset: int) -> Unit | None:
        if self._outside_kind(offset):
            return None
        index = bisect_right(self._starts, offset) - 1
        if index < 0:
            return None
        clause = self.clauses[index]
        return clause if offset < clause.end or offset == len(self.text) else None

    def article_units(self, clause: Clause) -> list[Unit]:
        """All units of the article (or exhibit) ``clause`` belongs to, in order."""
        if clause.article is None:
            return [c for c in self.clauses if c.article is None and c.start == clause.start]
        return [c for c in self.clauses
                if c.article == clause.article and getattr(c, "annex", False) == getattr(clause, "annex", False)]

    def article_span(self, clause: Clause) -> tuple[int, int]:
        units = self.article_units(clause) or [clause]
        return units[0].start, units[-1].end

    def locate(self, start: int, end: int, language: str | None = None) -> Location:
        """Where a finding at ``start``..``end`` sits, as a human place name."""
        language = language or self.language
        kind = self._outside_kind(start)
        if kind:
            return Location(article=_OUTSIDE_NAMES[language if language == "ja" else "en"][kind],
                            paragraph=None, start=start, end=end)
        clause = self.clause_at(start)
        if clause is None or not self.numbered:
            return Location(article=None, paragraph=None, start=start, end=end)
        return Location(article=clause.label(language), paragraph=clause.paragraph,
                        start=start, end=end)


_OUTSIDE_NAMES = {
    "en": {"header": "Page header", "footer": "Page footer", "footnote": "Footnote"},
    "ja": {"header": "ヘッダー", "footer": "フッター", "footnote": "脚注"},
}


def _within(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    index = bisect_right(spans, (start, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= start and end <= spans[index][1]


@dataclass
class _Mark:
    start: int
    article: str | None
    title: str | None
    paragraph: str | None
    item: str | None
    subitem: str | None
    annex: bool
    group: int  # which article the unit belongs to (for paragraph 1 in Japanese)


class _Parser:
    """Numbering state while walking the lines of one document."""

    def __init__(self, text: str, language: str):
        self.text = text
        self.language = language
        self.marks: list[_Mark] = []
        self.group = 0
        self.article: str | None = None
        self.article_number: int | None = None
        self.title: str | None = None
        self.annex = False
        self.paragraph: tuple[int, ...] = ()
        self.paragraph_explicit = False
        self.levels: list[str] = []  # item styles, outermost first
        self.last_value: dict[str, int] = {}
        self.item: str | None = None
        self.pending_heading: tuple[int, str] | None = None  # Japanese （目的） line
        self.title_wanted: _Mark | None = None  # "ARTICLE VII" with its title on the next line
        self.ja_top_numbers_are_articles = (
            language == "ja" and not _JA_ANY_ARTICLE.search(text))
        self.headings: list[tuple[int, int]] = []
        self.line: tuple[int, int] = (0, 0)  # span of the line being read

    def _heading_line(self) -> None:
        """The line being read names a unit and says nothing else."""
        self.headings.append(self.line)

    # --- state changes -------------------------------------------------------------
    def _open_article(self, start: int, article: str, number: int | None, title: str | None,
                      annex: bool = False) -> _Mark:
        self.group += 1
        self.article, self.article_number, self.title, self.annex = article, number, title, annex
        self.paragraph, self.paragraph_explicit = (), False
        self._reset_items()
        return self._mark(start)

    def _open_paragraph(self, start: int, numbers: tuple[int, ...]) -> _Mark:
        self.paragraph, self.paragraph_explicit = numbers, True
        self._reset_items()
        return self._mark(start)

    def _reset_items(self) -> None:
        self.levels, self.last_value, self.item = [], {}, None

    def _mark(self, start: int, item: str | None = None, subitem: str | None = None) -> _Mark:
        paragraph = ".".join(str(n) for n in self.paragraph) or None
        mark = _Mark(start, self.article, self.title, paragraph, item, subitem, self.annex, self.group)
        if self.marks and self.marks[-1].start == start:
            self.marks[-1] = mark
        else:
            self.marks.append(mark)
        return mark

    def _toc_restart(self, start: int) -> bool:
        """Article 1 again after a run of one-line articles: those were the contents list."""
        articles = [m for m in self.marks if m.paragraph is None and m.item is None]
        if len(articles) < 3:
            return False
        edges = [m.start for m in self.marks] + [start]
        if any(b - a > _TOC_MAX_UNIT_CHARS for a, b in zip(edges, edges[1:])):
            return False
        self.marks.clear()
        self.article = self.article_number = None
        return True

    def _article_number_ok(self, number: int, start: int, explicit: bool,
                           titled: bool = False) -> bool:
        """``explicit``: 第N条 / Article N; ``titled``: with a heading, which no
        cross-reference carries, so any forward jump is believable."""
        current = self.article_number
        if current is None:
            return explicit or titled or number <= 3
        if number <= current:
            return number == 1 and explicit and self._toc_restart(start)
        if explicit and titled:
            return True
        limit = _MAX_ARTICLE_JUMP if explicit or titled else 2
        return number - current <= limit

    # --- items (shared) --------------------------------------------------------------
    def _try_item(self, start: int, candidates: list[tuple[str, int, str]]) -> bool:
        """Open an item or sub-item if one reading of the marker continues a list."""
        if self.article is None:
            return False
        ordered = sorted(candidates, key=lambda c: 0 if self._continues(c[0], c[1]) else 1)
        for style, value, shown in ordered:
            if style in self.levels:
                if value not in (1, self.last_value.get(style, 0) + 1):
                    continue
                depth = self.levels.index(style)
                del self.levels[depth + 1:]
            else:
                if value != 1 or len(self.levels) >= 2:
                    continue
                depth = len(self.levels)
                self.levels.append(style)
            self.last_value = {s: v for s, v in self.last_value.items() if s in self.levels}
            self.last_value[style] = value
            if depth == 0:
                self.item = shown
                self._mark(start, item=shown)
            else:
                self._mark(start, item=self.item, subitem=shown)
            return True
        return False

    def _continues(self, style: str, value: int) -> bool:
        return style in self.levels and self.last_value.get(style) == value - 1

    # --- Japanese ------------------------------------------------------------------------
    def japanese_line(self, start: int, line: str) -> None:
        plain = line.translate(_HALF).strip()
        if not plain:
            return
        heading = self.pending_heading
        self.pending_heading = None
        if self._ja_article(start, plain, heading):
            return
        if self._ja_annex(start, plain):
            return
        if self.title_wanted is not None:
            wanted, self.title_wanted = self.title_wanted, None
            match = _JA_HEADING_LINE.fullmatch(plain)
            if match:
                wanted.title = self.title = match.group(1).strip()
                self._heading_line()
                return
        if _JA_HEADING_LINE.fullmatch(plain):
            self.pending_heading = (start, _JA_HEADING_LINE.fullmatch(plain).group(1).strip())
            self._heading_line()
            return
        if self._ja_paragraph(start, plain):
            return
        self._ja_item(start, plain)

    def _ja_article(self, start: int, plain: str, heading: tuple[int, str] | None) -> bool:
        match = _JA_ARTICLE.match(plain)
        if not match or self.annex:
            return False
        rest = plain[match.end():]
        title, body = None, rest.strip()
        if rest and not rest[0].isspace() and rest[0] not in "(:.":
            return False  # 第7条第2項…, 第7条に定める…
        if body.startswith("("):
            close = body.find(")")
            if close < 0 or close > _MAX_JA_TITLE_CHARS + 1:
                return False
            title, body = body[1:close].strip() or None, body[close + 1:].lstrip()
            if body.startswith(_JA_PARTICLE_AFTER_REF):
                return False  # 第3条（秘密保持）に基づき…
        elif body and len(body) <= _MAX_JA_TITLE_CHARS and not re.search(r"[。、]", body):
            title, body = body.lstrip(":. "), ""
        number = _number(match.group(1))
        titled = title is not None or heading is not None
        branch_of_current = match.group(2) and number == self.article_number
        if number is None or not (branch_of_current or self._article_number_ok(number, start, True, titled)):
            return False
        article = str(number)
        if match.group(2):
            article += f"の{_number(match.group(2))}"
        if heading is not None:
            start, title = heading[0], title or heading[1]
        mark = self._open_article(start, article, number, title)
        if not body:
            self._heading_line()
            if title is None:
                self.title_wanted = mark
        return True

    def _ja_annex(self, start: int, plain: str) -> bool:
        match = _JA_ANNEX.match(plain)
        if not match:
            return False
        rest = plain[match.end():]
        if rest and not (rest[0].isspace() or rest[0] in "(:「"):
            return False  # 別紙に定める…
        body = rest.strip(" :")
        if len(body) > _MAX_JA_TITLE_CHARS + 2 or "。" in body:
            return False
        name = match.group(1) + (match.group(2) or "")
        title = body.strip("()「」") or None
        self._open_article(start, name, None, title, annex=True)
        self._heading_line()
        return True

    def _ja_paragraph(self, start: int, plain: str) -> bool:
        match = _JA_PARAGRAPH.match(plain)
        if not match:
            return False
        number = int(match.group(1))
        if self.ja_top_numbers_are_articles and not self.annex:
            # A memo numbered 1. 2. 3. without 第N条: the numbers are its articles.
            if self._article_number_ok(number, start, explicit=False):
                body = plain[match.end():]
                title = body if len(body) <= _MAX_JA_TITLE_CHARS and "。" not in body else None
                self._open_article(start, str(number), number, title)
                if title is not None:
                    self._heading_line()
                return True
            return False
        if self.article is None:
            return False
        current = self.paragraph[0] if self.paragraph else 1
        if number == current + 1 or (number == 1 and not self.paragraph_explicit):
            self._open_paragraph(start, (number,))
            return True
        return False

    def _ja_item(self, start: int, plain: str) -> bool:
        candidates: list[tuple[str, int, str]] = []
        match = _JA_KANJI_ITEM.match(plain)
        if match and (value := kanji_number(match.group(1))):
            candidates.append(("kanji", value, str(value)))
        match = _JA_PAREN_ITEM.match(plain)
        if match:
            mark = match.group(1)
            if mark.isdigit():
                candidates.append(("paren-digit", int(mark), mark))
            elif mark in _KANA:
                candidates.append(("paren-kana", _KANA.index(mark) + 1, mark))
            else:
                candidates.append(("paren-latin", ord(mark) - 96, mark))
        match = _JA_CIRCLED_ITEM.match(plain)
        if match:
            value = ord(match.group(1)) - ord("①") + 1
            candidates.append(("circled", value, str(value)))
        match = _JA_KANA_ITEM.match(plain)
        if match:
            candidates.append(("kana", _KANA.index(match.group(1)) + 1, match.group(1)))
        return bool(candidates) and self._try_item(start, candidates)

    # --- English -------------------------------------------------------------------------
    def english_line(self, start: int, line: str) -> None:
        plain = line.strip()
        if not plain:
            return
        wanted, self.title_wanted = self.title_wanted, None
        if (self._en_annex(start, plain) or self._en_article(start, plain)
                or self._en_numbered(start, plain) or self._en_item(start, plain)):
            return
        if wanted is not None and len(plain) <= _MAX_TITLE_CHARS and _title_like(plain.rstrip(".")):
            wanted.title = self.title = _tidy_title(plain.rstrip(". "))
            self._heading_line()

    def _en_annex(self, start: int, plain: str) -> bool:
        match = _EN_ANNEX.match(plain)
        if not match or not _en_rest_ok(plain[match.end():]):
            return False
        rest = plain[match.end():].strip(" .:-–—")
        if rest and not (len(rest) <= _MAX_TITLE_CHARS and _title_like(rest)):
            return False
        name = f"{match.group(1).capitalize()} {match.group(2)}"
        if match.group(3):
            name += f"-{match.group(3)}"
        mark = self._open_article(start, name, None, _tidy_title(rest) if rest else None, annex=True)
        self.title_wanted = None if rest else mark
        self._heading_line()
        return True

    def _en_article(self, start: int, plain: str) -> bool:
        match = _EN_ARTICLE.match(plain)
        numbers = None
        if match:
            raw = match.group(1)
            number = int(raw) if raw.isdigit() else roman_number(raw)
            numbers = (number,) if number else None
        else:
            match = _EN_SECTION.match(plain)
            if match:
                numbers = tuple(int(n) for n in match.group(1).split("."))
        if not match or numbers is None or not _en_rest_ok(plain[match.end():]):
            return False
        return self._en_place(start, numbers, plain[match.end():], explicit=True)

    def _en_numbered(self, start: int, plain: str) -> bool:
        match = _EN_NUMBER.match(plain)
        if not match:
            return False
        rest = plain[match.end():]
        if not _en_rest_ok(rest):
            return False
        numbers = tuple(int(n) for n in match.group(1).split("."))
        if len(numbers) == 1 and not match.group(2):
            # "7 CONFIDENTIALITY" counts; "30 Business Days" at the start of a wrapped line not.
            words = rest.strip()
            if not (words and words.isupper() and len(words) <= _MAX_TITLE_CHARS):
                return False
        return self._en_place(start, numbers, rest, explicit=False)

    def _en_place(self, start: int, numbers: tuple[int, ...], rest: str, explicit: bool) -> bool:
        if self.annex:
            self.paragraph = ()
            self._open_paragraph(start, numbers)
            return True
        head, sub = numbers[0], numbers[1:]
        if not sub:
            title = _en_title(rest)
            if not self._article_number_ok(head, start, explicit, title is not None):
                return False
            mark = self._open_article(start, str(head), head, title)
            if not rest.strip(" .:-–—"):
                self.title_wanted = mark
            if _en_title_only(rest):
                self._heading_line()
            return True
        if head == self.article_number:
            if sub <= self.paragraph or sub[0] > (self.paragraph[0] if self.paragraph else 0) + _MAX_PARAGRAPH_JUMP:
                return False
            self._open_paragraph(start, sub)
            return True
        if sub[0] <= 2 and len(sub) == 1 and self._article_number_ok(head, start, explicit=False):
            self._open_article(start, str(head), head, None)  # "2.1" with no "2." heading
            self._open_paragraph(start, sub)
            return True
        return False

    def _en_item(self, start: int, plain: str) -> bool:
        match = _EN_ITEM.match(plain)
        if not match:
            return False
        mark = match.group(1) or match.group(2)
        paren = "paren" if match.group(1) else "close"
        candidates: list[tuple[str, int, str]] = []
        if mark.isdigit():
            candidates.append((f"{paren}-digit", int(mark), mark))
        else:
            roman = roman_number(mark)
            case = "lower" if mark.islower() else "upper" if mark.isupper() else None
            if case is None:
                return False
            if roman:
                candidates.append((f"{paren}-roman-{case}", roman, mark))
            if len(mark) == 1:
                candidates.append((f"{paren}-{case}", ord(mark.lower()) - 96, mark))
        return self._try_item(start, candidates)


def _en_rest_ok(rest: str) -> bool:
    """What follows a number at the start of a line: a heading or a sentence, not "of this"."""
    body = rest.strip()
    if not body:
        return True
    if rest and not rest[0].isspace() and rest[0] not in ".:-–—)":
        return False
    first = body.lstrip(".:-–— ")[:1]
    return not first or not (first.islower() or first in ",;")


def _title_like(text: str) -> bool:
    words = _WORD.findall(text)
    if not words or len(words) > 10 or not words[0][0].isupper():
        return False
    big = [w for w in words if w.lower() not in _SMALL_WORDS]
    return bool(big) and sum(w[0].isupper() for w in big) / len(big) >= 0.75


def _en_title(rest: str) -> str | None:
    """The heading words after a number: "(Ownership of Results)" as drafted by kyoso,
    or the words up to the first period or dash ("Ownership of Results. All …")."""
    body = rest.strip().lstrip(".:-–— ")
    if not body:
        return None
    bracketed = _EN_BRACKETED_TITLE.match(body)
    if bracketed:
        candidate = bracketed.group(1).strip()
    else:
        candidate = re.split(r"\.(?:\s|$)|\s[-–—:]\s|[–—:]", body, maxsplit=1)[0].strip()
    if len(candidate) > _MAX_TITLE_CHARS or not _title_like(candidate):
        return None
    return _tidy_title(candidate)


def _en_title_only(rest: str) -> bool:
    """Nothing but a heading after the number: "(Non-Competition)", " - CONFIDENTIALITY"."""
    body = rest.strip().lstrip(".:-–— ")
    if not body:
        return True
    bracketed = _EN_BRACKETED_TITLE.match(body)
    if bracketed:
        return not body[bracketed.end():].strip(" .")
    return len(body) <= _MAX_TITLE_CHARS and _title_like(body.rstrip(".")) and \
        not re.search(r"\.\s", body)


def _tidy_title(title: str) -> str:
    """CONFIDENTIALITY → Confidentiality; headings in capitals read better in a place name.
    Brackets round the whole title go: the place name adds its own."""
    title = title.strip(" .:-–—")
    while len(title) > 2 and title[0] in "([" and title[-1] in ")]":
        title = title[1:-1].strip(" .:-–—")
    if not title.isupper():
        return title
    words = title.lower().split()
    return " ".join(w if i and w in _SMALL_WORDS else w[:1].upper() + w[1:]
                    for i, w in enumerate(words))


def _guess_language(text: str) -> str:
    sample = text[:2000]
    japanese = sum(1 for ch in sample if "\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff")
    latin = sum(1 for ch in sample if ch.isascii() and ch.isalpha())
    return "ja" if japanese and japanese >= latin * 0.3 else "en"


# Headers, footers and footnotes repeat or annotate the text; their numbers are not
# the contract's. Table cells are read: kyoso's own ja+en drafts put every article in
# a two-column table, and many contracts lay out their schedules in one.
_SKIPPED_KINDS = ("header", "footer", "footnote")
# A line is the other language's when it has at least this many of that language's
# letters and (ja document) ten times more Latin letters than kana/kanji, or (en
# document) more kana/kanji than Latin letters. Names like "ThermoLink Inc." inside a
# Japanese sentence, or 甲 inside an English one, stay well below.
_FOREIGN_MIN_LETTERS = 8
_JA_CHAR = regex_code.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")
_LATIN_CHAR = regex_code.compile(r"[A-Za-z]")


def segment(source: SourceText) -> Structure:
    """Split ``source`` into its articles, paragraphs, items and exhibits.

    A bilingual contract (kyoso's ja+en drafts: a two-column table per article, or
    the Markdown with each article in both languages) is segmented in its detected
    language; lines in the other language are recorded as ``translations`` and left
    to the unit they follow, so numbering is not read twice and the engine can skip
    them instead of reporting each term in both languages.
    """
    text = source.text
    language = source.language if source.language in ("en", "ja") else _guess_language(text)
    markdown = source.format == "md"
    parser = _Parser(_MD_PREFIX.sub("", text) if markdown else text, language)
    read = parser.japanese_line if language == "ja" else parser.english_line
    translations: list[tuple[int, int]] = []
    for offset, line, length in _line_offsets(source):
        if markdown:
            line = _markdown_plain(line)
        if _foreign(line, language):
            translations.append((offset, offset + length))
            continue
        parser.line = (offset, offset + length)
        read(offset, line)
    outside = [(b.start, b.end, b.kind) for b in source.blocks if b.kind in _SKIPPED_KINDS]
    return Structure(text=text, language=language, clauses=_units(parser.marks, text, language),
                     headings=sorted(parser.headings), translations=translations,
                     outside=sorted(outside))


_MD_PREFIX = regex_code.compile(r"(?m)^[ \t]*(?:#{1,6}[ \t]+|>[ \t]*|[-*+][ \t]+)+")
_MD_EMPHASIS = regex_code.compile(r"\*\*|__|\\(?=[.)(\[\]*_#-])")


def _markdown_plain(line: str) -> str:
    """"## 第1条（目的）", "**２**　…", "   - 一　…", "1\\. Scope" as the numbering reads.
    Only the line's start offset is used, so changing its length is harmless."""
    return _MD_EMPHASIS.sub("", _MD_PREFIX.sub("", line))


def _foreign(line: str, language: str) -> bool:
    if language != "ja" and line.isascii():
        return False  # no Japanese letter in it: the common case, decided without counting
    japanese = len(_JA_CHAR.findall(line))
    latin = len(_LATIN_CHAR.findall(line))
    if language == "ja":
        return latin >= _FOREIGN_MIN_LETTERS and japanese * 10 < latin
    return japanese >= _FOREIGN_MIN_LETTERS and japanese > latin


def _line_offsets(source: SourceText):
    """(offset, line as parsed, length in ``source.text``) for each line: offsets
    always point into ``source.text`` even when a DOCX numbering label is put back."""
    text = source.text
    if not source.blocks:
        offset = 0
        for line in text.split("\n"):
            yield offset, line, len(line)
            offset += len(line) + 1
        return
    for block in source.blocks:
        if block.kind in _SKIPPED_KINDS:
            continue
        offset = block.start
        for index, line in enumerate(text[block.start:block.end].split("\n")):
            if index == 0 and block.label and not line.lstrip().startswith(block.label):
                yield offset, f"{block.label} {line}", len(line)  # Word's number kept aside
            else:
                yield offset, line, len(line)
            offset += len(line) + 1


def _units(marks: list[_Mark], text: str, language: str) -> list[Unit]:
    if language == "ja":
        _number_first_paragraphs(marks)
    units: list[Unit] = []
    if not marks or marks[0].start > 0:
        first = marks[0].start if marks else len(text)
        units.append(Unit(0, first, None, None, None, None))
    for mark, following in zip(marks, marks[1:] + [None]):
        end = following.start if following else len(text)
        units.append(Unit(mark.start, end, mark.article, mark.title, mark.paragraph,
                          mark.item, subitem=mark.subitem, annex=mark.annex))
    return units


def _number_first_paragraphs(marks: list[_Mark]) -> None:
    """In Japanese the first paragraph carries no number: it is 第1項 once a ２ follows."""
    numbered_groups = {m.group for m in marks if m.paragraph is not None and not m.annex}
    for mark in marks:
        if mark.group in numbered_groups and mark.paragraph is None and not mark.annex:
            mark.paragraph = "1"
