"""A drafted contract read back from its DOCX or Markdown text, as a reader sees it.

The draft lint (lint.py) works from this structure, not from the clause tree, so it
can check a draft a user has edited since kyoso wrote it:

* DOCX: ``word/document.xml`` read directly with the checker's ZIP and XML guards
  (tracked insertions kept, deletions dropped); Title and Heading 1 styles, or a
  paragraph that is only 第N条（見出し） / Article N (Heading), mark the structure; a
  table whose columns differ in language is a ja+en draft, one language per column.
* Markdown: ``#`` title, ``##`` headings, ``**label**`` paragraphs and ``- label``
  items, as ``markdown_writer.py`` writes them.

Each language becomes a ``Version``: title, preamble, numbered articles with their
paragraphs and items, and the execution block. Numbering defects found on the way
(gaps, repeats, unnumbered paragraphs) are kept in ``Version.problems``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core import limits
from ..core.errors import InputError


# --- the document as the lint sees it -------------------------------------------------------


@dataclass
class Paragraph:
    number: int
    text: str
    items: list[tuple[int, str]] = field(default_factory=list)  # (number, text)


@dataclass
class Article:
    number: int
    title: str
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class Version:
    """One language version of a draft."""

    lang: str
    title: str = ""
    front: list[str] = field(default_factory=list)  # preamble
    articles: list[Article] = field(default_factory=list)
    back: list[str] = field(default_factory=list)  # closing, date line, signatures
    problems: list[str] = field(default_factory=list)  # numbering, found while building

    def article(self, number: int) -> Article | None:
        return next((a for a in self.articles if a.number == number), None)

    def all_text(self) -> str:
        parts = [self.title, *self.front]
        for article in self.articles:
            parts.append(article.title)
            for paragraph in article.paragraphs:
                parts.append(paragraph.text)
                parts.extend(text for _, text in paragraph.items)
        return "\n".join(parts + self.back)


@dataclass
class RawBlock:
    kind: str  # title | subtitle | heading | body
    text: str


# --- reading ---------------------------------------------------------------------------------

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e]")
_LATIN = re.compile(r"[A-Za-z]")


def _script(text: str) -> str:
    cjk, latin = len(_CJK.findall(text)), len(_LATIN.findall(text))
    return "ja" if cjk and cjk / (cjk + latin) >= limits.LANGUAGE_JA_MIN_SHARE else "en"


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DROPPED = {W + "del", W + "moveFrom", W + "delText", W + "instrText", W + "pPr", W + "rPr"}


def _run_text(element, out: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag in _DROPPED or not isinstance(tag, str):
            continue
        if tag == W + "t":
            out.append(child.text or "")
        elif tag == W + "tab":
            out.append("\t")
        elif tag in (W + "br", W + "cr"):
            out.append("\n")
        else:
            _run_text(child, out)


def _style(paragraph) -> str:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return (style.get(W + "val") or "") if style is not None else ""


def _kind_of_style(style: str) -> str:
    lowered = style.lower().replace(" ", "")
    if lowered == "title":
        return "title"
    if lowered == "subtitle":
        return "subtitle"
    if lowered in ("heading1", "見出し1"):
        return "heading"
    return "body"


def _paragraph_block(paragraph) -> RawBlock:
    out: list[str] = []
    _run_text(paragraph, out)
    return RawBlock(_kind_of_style(_style(paragraph)), "".join(out).strip(" "))


def read_docx(name: str, data: bytes) -> list[Version]:
    # The checker's readers already open counterparties' files with every ZIP and XML
    # guard (zip bombs, DTDs, depth); the lint reuses them rather than copy them.
    from ..core.xmlsafe import parse_part
    from ..core.zipcap import CappedZip

    archive = CappedZip(name, data)
    if "word/document.xml" not in archive.names:
        raise InputError(f"{name}: is not a Word document (the archive has no word/document.xml)")
    body = parse_part(name, "word/document.xml", archive.read("word/document.xml")).find(W + "body")
    if body is None:
        raise InputError(f"{name}: word/document.xml has no body; not a Word document")
    ordered: list[RawBlock] = []  # document order, table cells row by row
    columns: dict[int, list[RawBlock]] = {}
    for child in body:
        if child.tag == W + "p":
            ordered.append(_paragraph_block(child))
        elif child.tag == W + "tbl":
            for row in child.iter(W + "tr"):
                for index, cell in enumerate(row.findall(W + "tc")):
                    cells = [_paragraph_block(p) for p in cell.iter(W + "p")]
                    columns.setdefault(index, []).extend(cells)
                    ordered.extend(cells)
    langs = [_script(" ".join(b.text for b in columns[i])) for i in sorted(columns)]
    if len(set(langs)) >= 2:  # ja+en side by side: one language per column, titles above
        versions = []
        for index, lang in zip(sorted(columns), langs):
            titles = [b for b in ordered if b.kind in ("title", "subtitle") and _script(b.text) == lang]
            versions.append(_build(lang, [RawBlock("title", t.text) for t in titles[:1]] + columns[index]))
        return versions
    lang = _script(" ".join(b.text for b in ordered))
    return [_build(lang, [b for b in ordered if b.kind != "subtitle"])]


_MD_ESCAPE = re.compile(r"\\([\\`*_\[\]<>|~&#>+=\-.)!])")


def _md_text(text: str) -> str:
    return _MD_ESCAPE.sub(r"\1", text.replace("\\\n", "\n"))


_MD_LABELLED = re.compile(r"^\*\*(.+?)\*\*[ \u3000](.*)$", re.S)
_MD_ITEM = re.compile(r"^\s*[-*+]\s+(.*)$", re.S)


def _heading_lang(text: str) -> str:
    if _HEADING["ja"].match(text):
        return "ja"
    if _HEADING["en"].match(text):
        return "en"
    return _script(text)


def read_markdown(name: str, data: bytes) -> list[Version]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"{name}: is not UTF-8 text ({error.reason} at byte {error.start})") from None
    blocks: list[RawBlock] = []
    for chunk in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n")):
        chunk = chunk.strip("\n")
        if not chunk.strip():
            continue
        if chunk.startswith("# "):
            blocks.append(RawBlock("title", _md_text(chunk[2:].strip())))
        elif chunk.startswith("## "):
            blocks.append(RawBlock("heading", _md_text(chunk[3:].strip())))
        else:
            labelled, item = _MD_LABELLED.match(chunk), _MD_ITEM.match(chunk)
            if labelled:
                body = f"{_md_text(labelled.group(1))}\t{_md_text(labelled.group(2))}"
            else:
                body = _md_text(item.group(1) if item else chunk)
            blocks.append(RawBlock("body", body))
    langs = {_heading_lang(b.text) for b in blocks if b.kind == "heading"} or \
        {_script(" ".join(b.text for b in blocks))}
    if len(langs) == 1:
        return [_build(langs.pop(), blocks)]
    # ja+en: markdown_writer prints each unit (front matter, each article, the execution
    # block) once per language in turn. A title or heading names its unit's language;
    # the execution block starts with the closing words after an article's paragraphs,
    # and there English lines open with a Latin letter ("To record", "Date:", "The
    # Startup:") while Japanese ones open with kana, kanji, a date or 甲/乙.
    by_lang: dict[str, list[RawBlock]] = {}
    current, state, has_paragraphs = None, "front", False
    for block in blocks:
        if block.kind == "title":
            current, state = _script(block.text), "front"
        elif block.kind == "heading":
            current, state, has_paragraphs = _heading_lang(block.text), "article", False
        elif state == "article" and has_paragraphs and not _LABEL_ANY.match(block.text):
            state = "back"
        elif state == "article":
            has_paragraphs = True
        if state == "back":
            current = "en" if block.text[:1].isascii() and block.text[:1].isalpha() else "ja"
        by_lang.setdefault(current or "ja", []).append(block)
    return [_build(lang, by_lang[lang]) for lang in ("ja", "en") if lang in by_lang]


# --- building the structure ------------------------------------------------------------------

_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_KANJI = {"〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}


def kanji_value(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 百五 → 105; None if not a kanji numeral."""
    total, digit = 0, None
    for char in text:
        if char in _KANJI:
            digit = _KANJI[char]
        elif char in _KANJI_UNITS:
            total += (1 if digit is None else digit) * _KANJI_UNITS[char]
            digit = None
        else:
            return None
    return total + (digit or 0) if text else None


def letter_value(text: str) -> int | None:
    """a → 1, z → 26, aa → 27, bb → 28 (the doubled-letter style kyoso writes)."""
    if not text or len(set(text)) != 1 or not text.isalpha() or not text.islower():
        return None
    return (len(text) - 1) * 26 + ord(text[0]) - ord("a") + 1


def number_value(text: str) -> int | None:
    text = text.translate(_FULLWIDTH)
    if text.isdigit():
        return int(text)
    return kanji_value(text)


_HEADING = {"ja": re.compile(r"^第\s*([0-9０-９]+|[一二三四五六七八九十百]+)\s*条\s*(?:[（(](.*)[）)])?\s*(.*)$"),
            "en": re.compile(r"^(?:Article|Section|Clause)\s+(\d+)\.?\s*(?:\((.*)\))?\s*(.*)$")}
_PARA_LABEL = {"ja": re.compile(r"^([0-9０-９]{1,3})[\t \u3000]+(.*)$", re.S),
               "en": re.compile(r"^(\d+)\.(\d+)\.?[\t ]+(.*)$", re.S)}
_ITEM_LABEL = {"ja": re.compile(r"^([一二三四五六七八九十百]{1,4})[\t \u3000]+(.*)$", re.S),
               "en": re.compile(r"^\(([a-z]{1,3})\)[\t ]+(.*)$", re.S)}
_LABEL_ANY = re.compile(r"^(?:[0-9０-９]{1,3}[\t \u3000]|\d+\.\d+\.?[\t ]|"
                        r"[一二三四五六七八九十百]{1,4}[\t \u3000]|\([a-z]{1,3}\)[\t ])")


def place_name(lang: str, article: int | None, paragraph: int | None = None, item: int | None = None) -> str:
    if article is None:
        return "preamble" if lang == "en" else "前文"
    if lang == "ja":
        return f"第{article}条" + (f"第{paragraph}項" if paragraph else "") + (f"第{item}号" if item else "")
    out = f"Article {article}" + (f".{paragraph}" if paragraph else "")
    if item:
        out += f"({chr(ord('a') + (item - 1) % 26) * ((item - 1) // 26 + 1)})"
    return out


def _looks_like_heading(text: str, lang: str) -> bool:
    """A heading whose style was lost (pasted, or Word's localised style ids): the
    whole paragraph is 第N条（見出し） / Article N (Heading), or a short 第N条 目的; a
    sentence that merely starts with 第8条から… is clause text."""
    match = _HEADING[lang].match(text)
    if not match or "\n" in text or "\t" in text:
        return False
    rest = match.group(3).strip()
    if match.group(2) is not None:
        return not rest
    return 0 < len(rest) <= 30 and not re.search(r"[。、,.;:]", rest)


def _build(lang: str, blocks: list[RawBlock]) -> Version:
    """Blocks of one language → title, preamble, numbered articles, execution block."""
    version = Version(lang)
    headings = [i for i, b in enumerate(blocks) if b.kind == "heading" or
                (b.kind == "body" and _looks_like_heading(b.text, lang))]
    last_heading = headings[-1] if headings else len(blocks)
    article: Article | None = None
    in_back = False
    for index, block in enumerate(blocks):
        text = block.text
        if block.kind == "title":
            version.title = version.title or text
            continue
        if in_back:
            version.back.append(text)
            continue
        if index in headings:
            match = _HEADING[lang].match(text)
            number = number_value(match.group(1)) if match else None
            if number is None:
                where = f"after {place_name(lang, article.number)}" if article else "before the first article"
                version.problems.append(f"{where}: heading {text!r} has no article number")
                continue
            article = Article(number, (match.group(2) or match.group(3) or "").strip())
            version.articles.append(article)
            continue
        if article is None:
            version.front.append(text)
            continue
        para, item = _PARA_LABEL[lang].match(text), _ITEM_LABEL[lang].match(text)
        if item and (lang == "en" or not para):
            value = (letter_value if lang == "en" else kanji_value)(item.group(1))
            if not article.paragraphs:  # items before any paragraph text
                article.paragraphs.append(Paragraph(1, ""))
            article.paragraphs[-1].items.append((value or 0, item.group(2)))
            continue
        if para:
            if lang == "en":
                cited, number, body = int(para.group(1)), int(para.group(2)), para.group(3)
                if cited != article.number:
                    version.problems.append(
                        f"{place_name(lang, article.number)}: paragraph {cited}.{number} carries the "
                        f"number of Article {cited}")
            else:
                number, body = number_value(para.group(1)) or 0, para.group(2)
            article.paragraphs.append(Paragraph(number, body))
            continue
        if lang == "ja" and not article.paragraphs:
            article.paragraphs.append(Paragraph(1, text))  # 第1項 has no number in Japanese
            continue
        if index > last_heading and article.paragraphs:
            in_back = True  # the closing words: the articles are over
            version.back.append(text)
            continue
        version.problems.append(f"{place_name(lang, article.number)}: paragraph without a number "
                                f"({clip(text)})")
    if not version.title and version.front and _looks_like_title(version.front[0]):
        version.title = version.front.pop(0)  # a title whose style was lost or localised
    _check_numbering(version)
    return version


def _looks_like_title(text: str) -> bool:
    return len(text) <= 60 and "\n" not in text and not re.search(r"[。、.,;:]", text)


def clip(text: str, size: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[:size] + "…"


def _sequence_problems(numbers: list[int], what: str) -> list[str]:
    problems, expected = [], 1
    for number in numbers:
        if number != expected:
            problems.append(f"{what(number)} where {what(expected)} should be"
                            if number != expected - 1 else f"{what(number)} appears twice")
            if number < expected:
                continue
        expected = number + 1
    return problems


def _check_numbering(version: Version) -> None:
    lang = version.lang
    for problem in _sequence_problems([a.number for a in version.articles],
                                      lambda n: place_name(lang, n)):
        version.problems.append(f"articles: {problem}")
    for article in version.articles:
        if not article.paragraphs:
            version.problems.append(f"{place_name(lang, article.number)}: the article has no text")
        for problem in _sequence_problems([p.number for p in article.paragraphs],
                                          lambda n, a=article.number: place_name(lang, a, n)):
            version.problems.append(f"{place_name(lang, article.number)}: paragraphs: {problem}")
        for paragraph in article.paragraphs:
            here = place_name(lang, article.number, paragraph.number)
            for problem in _sequence_problems(
                    [n for n, _ in paragraph.items],
                    lambda n, a=article.number, p=paragraph.number: place_name(lang, a, p, n)):
                version.problems.append(f"{here}: items: {problem}")


def compare_versions(versions: list[Version]) -> list[str]:
    """ja+en: the two columns must have the same articles, paragraphs and items."""
    if len(versions) < 2:
        return []
    first, problems = versions[0], []
    for other in versions[1:]:
        pair = f"{first.lang}/{other.lang}"
        if len(first.articles) != len(other.articles):
            problems.append(f"{pair}: {len(first.articles)} articles in {first.lang} but "
                            f"{len(other.articles)} in {other.lang}")
            continue
        for left, right in zip(first.articles, other.articles):
            where = f"{place_name(first.lang, left.number)} / {place_name(other.lang, right.number)}"
            if left.number != right.number:
                problems.append(f"{where}: the article numbers differ between the languages")
            elif len(left.paragraphs) != len(right.paragraphs):
                problems.append(f"{where}: {len(left.paragraphs)} paragraph(s) in {first.lang} but "
                                f"{len(right.paragraphs)} in {other.lang}")
            else:
                for lp, rp in zip(left.paragraphs, right.paragraphs):
                    if len(lp.items) != len(rp.items):
                        problems.append(
                            f"{place_name(first.lang, left.number, lp.number)} / "
                            f"{place_name(other.lang, right.number, rp.number)}: {len(lp.items)} item(s) "
                            f"in {first.lang} but {len(rp.items)} in {other.lang}")
    return problems
