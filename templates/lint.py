"""Draft lint: does a drafted contract hold together as a document?

Works from the text a reader sees, not from the clause tree, so it checks any kyoso
draft, also one a user has since edited in Word or in a text editor:

* DOCX: ``word/document.xml`` read directly (tracked insertions kept, deletions
  dropped); Title/Subtitle and Heading 1 styles, or a heading's own 第N条/Article N
  text, mark the structure; in ja+en drafts each table column is one language.
* Markdown: ``#`` title, ``##`` article headings, ``**label**`` paragraphs and
  ``- label`` items, as ``markdown_writer.py`` writes them; the language of each
  unit is read from its script.

Each defect has a stable ``kind``:

``placeholder``
    a blank left to fill in: ●, ○○, ＿＿/___, TBD, XX, [[…]], empty brackets, a blank
    date, or a Jinja field of kyoso's own templates (``{{ startup }}``, ``{% if %}``).
    Answers are data and print literally, so ``{{ 7*7 }}`` typed as an answer is not
    a template field: only ``{{`` followed by a name kyoso's templates use (a
    variable, ``ref``, a filter) and Jinja statements count. The execution block's
    hand-filled lines (``By: ____``, ``Date: ____``, 「　年　月　日」) are meant to be blank.
``numbering``
    articles 第1条…第N条 / Article 1…N, paragraphs (２, ３ / N.1, N.2) and items
    (一, 二 / (a), (b)) not contiguous, repeated, or out of step between languages.
``cross-reference``
    第N条第M項第K号, 前条, 前項, 本条, Article N.M(a), "the preceding paragraph" …
    pointing at nothing. References to other laws (著作権法第27条, "Article 73 of
    the Patent Act") are not ours to check.
``defined-term``
    a term defined twice, or defined and never used.
``consistency``
    across the drafts of a pack: party names, the product definition, and the
    title and date by which a later document cites an earlier one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from ..core import limits
from ..core.errors import InputError, KyosoError

__all__ = ["KINDS", "LintInput", "LintProblem", "lint_drafts", "lint_file", "read_input"]

KINDS = ("placeholder", "numbering", "cross-reference", "defined-term", "consistency")
FORMATS = {".docx": "docx", ".md": "md", ".markdown": "md"}


@dataclass(frozen=True)
class LintInput:
    name: str
    data: bytes
    fmt: str  # "docx" | "md"


@dataclass(frozen=True)
class LintProblem:
    document: str
    kind: str
    message: str  # one line: where (article/paragraph) and what

    def __str__(self) -> str:
        return f"{self.document}: {self.kind}: {self.message}"


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


def _read_docx(name: str, data: bytes) -> list[Version]:
    # The checker's readers already open counterparties' files with every ZIP and XML
    # guard (zip bombs, DTDs, depth); the lint reuses them rather than copy them.
    from ..checker.readers.xmlsafe import parse_part
    from ..checker.readers.zipcap import CappedZip

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


def _read_markdown(name: str, data: bytes) -> list[Version]:
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


def _where(lang: str, article: int | None, paragraph: int | None = None, item: int | None = None) -> str:
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
                where = f"after {_where(lang, article.number)}" if article else "before the first article"
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
                        f"{_where(lang, article.number)}: paragraph {cited}.{number} carries the "
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
        version.problems.append(f"{_where(lang, article.number)}: paragraph without a number "
                                f"({_clip(text)})")
    if not version.title and version.front and _looks_like_title(version.front[0]):
        version.title = version.front.pop(0)  # a title whose style was lost or localised
    _check_numbering(version)
    return version


def _looks_like_title(text: str) -> bool:
    return len(text) <= 60 and "\n" not in text and not re.search(r"[。、.,;:]", text)


def _clip(text: str, size: int = 30) -> str:
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
                                      lambda n: _where(lang, n)):
        version.problems.append(f"articles: {problem}")
    for article in version.articles:
        if not article.paragraphs:
            version.problems.append(f"{_where(lang, article.number)}: the article has no text")
        for problem in _sequence_problems([p.number for p in article.paragraphs],
                                          lambda n, a=article.number: _where(lang, a, n)):
            version.problems.append(f"{_where(lang, article.number)}: paragraphs: {problem}")
        for paragraph in article.paragraphs:
            here = _where(lang, article.number, paragraph.number)
            for problem in _sequence_problems(
                    [n for n, _ in paragraph.items],
                    lambda n, a=article.number, p=paragraph.number: _where(lang, a, p, n)):
                version.problems.append(f"{here}: items: {problem}")


def _compare_versions(versions: list[Version]) -> list[str]:
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
            where = f"{_where(first.lang, left.number)} / {_where(other.lang, right.number)}"
            if left.number != right.number:
                problems.append(f"{where}: the article numbers differ between the languages")
            elif len(left.paragraphs) != len(right.paragraphs):
                problems.append(f"{where}: {len(left.paragraphs)} paragraph(s) in {first.lang} but "
                                f"{len(right.paragraphs)} in {other.lang}")
            else:
                for lp, rp in zip(left.paragraphs, right.paragraphs):
                    if len(lp.items) != len(rp.items):
                        problems.append(
                            f"{_where(first.lang, left.number, lp.number)} / "
                            f"{_where(other.lang, right.number, rp.number)}: {len(lp.items)} item(s) "
                            f"in {first.lang} but {len(rp.items)} in {other.lang}")
    return problems


# --- placeholders ----------------------------------------------------------------------------

_JINJA_STATEMENT = re.compile(
    r"\{%-?\s*(?:if|elif|else|endif|for|endfor|set|endset|macro|endmacro|call|endcall|filter|"
    r"endfilter|include|import|from|extends|block|endblock|raw|endraw|with|endwith)\b")
_JINJA_FIELD = re.compile(r"\{\{-?\s*([A-Za-z_][A-Za-z0-9_]*)")
# Blank markers of contract drafting; each with the words the message uses.
_BLANKS = (
    (re.compile(r"●+"), "a ● blank"),
    (re.compile(r"[○〇◯]{2,}|[×✕]{2,}"), "a ○○ blank"),
    (re.compile(r"_{3,}|＿{2,}"), "an underlined blank"),
    (re.compile(r"(?<![A-Za-z])(?:TBD|TBC|TBA|T\.B\.D\.)(?![A-Za-z])"), "TBD"),
    (re.compile(r"(?<![A-Za-z0-9])X{2,}(?![A-Za-z])"), "an XX blank"),
    (re.compile(r"\[\[[^\]\n]*\]\]"), "a [[…]] field"),
    (re.compile(r"[\[［【][ \u3000]*[\]］】]|[（(][ \u3000]+[）)]"), "empty brackets"),
    (re.compile(r"(?<![0-9０-９])[ \u3000]+年[ \u3000]*月[ \u3000]*日|(?<![0-9０-９])年[ \u3000]+月[ \u3000]+日"),
     "a blank date"),
)
# Lines of the execution block that are filled in by hand at signing.
_HAND_FILLED = re.compile(r"^(?:By|Date|Signature|Signed)\s*:\s*[_＿]+\s*$|^[ \u3000]*年[ \u3000]*月[ \u3000]*日[ \u3000]*$",
                          re.M)


@lru_cache(maxsize=1)
def template_names() -> frozenset[str]:
    """Names kyoso's own templates put inside {{ }}: variables, ref, lang, filters."""
    from ..clauses import render

    names = {"ref", "lang", "title", "short_title", "parties", "loop", *render.FILTERS}
    try:
        from ..clauses.loader import load_library

        for contract in load_library().contracts.values():
            names.update(contract.variables)
    except KyosoError:  # a broken library is reported by the commands that load it
        pass
    return frozenset(names)


def _placeholders(version: Version) -> list[str]:
    problems = []

    def scan(where: str, text: str, execution: bool = False) -> None:
        if execution:
            text = _HAND_FILLED.sub("", text)
        found = [m.group(0) for m in _JINJA_STATEMENT.finditer(text)]
        found += [m.group(0) + "…" for m in _JINJA_FIELD.finditer(text) if m.group(1) in template_names()]
        for pattern, _ in _BLANKS:
            found += [m.group(0) for m in pattern.finditer(text)]
        if found:
            shown = ", ".join(dict.fromkeys(repr(f.strip() or f) for f in found))
            problems.append(f"{where}: unfilled {shown} ({_clip(text, 40)})")

    lang = version.lang
    scan("title" if lang == "en" else "表題", version.title)
    for text in version.front:
        scan(_where(lang, None), text)
    for article in version.articles:
        scan(_where(lang, article.number) + " heading", article.title)
        for paragraph in article.paragraphs:
            scan(_where(lang, article.number, paragraph.number), paragraph.text)
            for number, text in paragraph.items:
                scan(_where(lang, article.number, paragraph.number, number), text)
    for text in version.back:
        scan("execution block" if lang == "en" else "署名欄", text, execution=True)
    return problems


# --- cross-references ------------------------------------------------------------------------

_DIGITS = r"[0-9０-９]+|[一二三四五六七八九十百]+"
_JA_REF = re.compile(
    rf"(?P<before>[^\s]?)第(?P<a>{_DIGITS})条(?:第(?P<p>{_DIGITS})項)?(?:第(?P<i>{_DIGITS})号)?(?P<each>各号)?"
    rf"|(?P<before2>[^\s]?)第(?P<p2>{_DIGITS})項(?:第(?P<i2>{_DIGITS})号)?(?P<each2>各号)?"
    r"|(?P<word>前条|次条|本条|前項|次項|前(?P<n>[0-9０-９二三四五六七八九])項|前各項|次の各号|前号)")
_JA_STATUTE_END = re.compile(r"(?:法|令|規則|条約|規程)$")
_JA_JOIN = re.compile(r"^(?:および|及び|ならびに|並びに|または|又は|もしくは|若しくは|、|・|から|ないし)$")
_EN_NUMBER = r"\d+(?:\.\d+)?(?:\([a-z0-9]{1,3}\))*"
_EN_REF = re.compile(
    rf"\b(?P<kw>Articles?|Sections?|Clauses?)\s+(?P<list>{_EN_NUMBER}(?:(?:\s*,\s*|\s+(?:and|or|to|through)\s+|,\s+and\s+)"
    rf"(?:(?:Article|Section|Clause)\s+)?{_EN_NUMBER})*)"
    r"|\b(?P<phrase>the\s+preceding\s+(?:(?P<count>two|three|four)\s+)?paragraphs?|the\s+following\s+paragraph|"
    r"this\s+Article|the\s+preceding\s+Article|the\s+following\s+Article)\b")
_EN_STATUTE_AFTER = re.compile(
    r"^\s+of\s+(?:the\s+)?(?:[A-Z][\w'-]*\s+){0,6}(?:Act|Code|Law|Laws|Ordinance|Regulations?|Rules|"
    r"Convention|Treaty|Constitution)\b")
_COUNTS = {"two": 2, "three": 3, "four": 4}


@dataclass
class _Place:
    article: int | None
    paragraph: int | None
    item: int | None
    paragraph_has_items: bool = False


def _target_problem(version: Version, article: int, paragraph: int | None, item: int | None,
                    each: bool) -> str | None:
    lang = version.lang
    target = version.article(article)
    if target is None:
        last = version.articles[-1].number if version.articles else 0
        return f"{_where(lang, article)} does not exist (the draft ends at {_where(lang, last)})"
    if paragraph is None:
        return None
    paragraphs = {p.number: p for p in target.paragraphs}
    if paragraph not in paragraphs:
        return f"{_where(lang, article, paragraph)} does not exist ({_where(lang, article)} has " \
               f"{len(target.paragraphs)} paragraph(s))"
    items = paragraphs[paragraph].items
    if item is not None and item not in {n for n, _ in items}:
        return f"{_where(lang, article, paragraph, item)} does not exist " \
               f"({_where(lang, article, paragraph)} has {len(items)} item(s))"
    if each and not items:
        return f"{_where(lang, article, paragraph)} is cited for its items but has none"
    return None


def _places(version: Version):
    yield _Place(None, None, None), "\n".join(version.front)
    for article in version.articles:
        for paragraph in article.paragraphs:
            has_items = bool(paragraph.items)
            yield _Place(article.number, paragraph.number, None, has_items), paragraph.text
            for number, text in paragraph.items:
                yield _Place(article.number, paragraph.number, number, has_items), text


def _ja_references(version: Version, place: _Place, text: str) -> list[str]:
    problems, statute_end = [], -1
    for match in _JA_REF.finditer(text):
        start = match.start() + len(match.group("before") or match.group("before2") or "")
        gap = text[statute_end:start] if statute_end >= 0 else None
        before_text = text[:start]
        if _JA_STATUTE_END.search(before_text) or (gap is not None and _JA_JOIN.match(gap)):
            statute_end = match.end()  # 著作権法第27条および第28条: another law's articles
            continue
        statute_end = -1
        word = match.group("word")
        if word:
            problems.append(_ja_word(version, place, word, match.group("n")))
        elif match.group("a"):
            problems.append(_target_problem(
                version, number_value(match.group("a")),
                number_value(match.group("p")) if match.group("p") else None,
                number_value(match.group("i")) if match.group("i") else None, bool(match.group("each"))))
        elif place.article is not None and not (match.group("before2") or "").endswith("特許"):
            problems.append(_target_problem(
                version, place.article, number_value(match.group("p2")),
                number_value(match.group("i2")) if match.group("i2") else None, bool(match.group("each2"))))
    return [p for p in problems if p]


def _ja_word(version: Version, place: _Place, word: str, count: str | None) -> str | None:
    article, paragraph = place.article, place.paragraph
    if article is None:
        return f"「{word}」 outside any article"
    if word == "本条":
        return None
    if word == "前条":
        return None if version.article(article - 1) else f"「前条」 in {_where('ja', article)}, the first article"
    if word == "次条":
        return None if version.article(article + 1) else f"「次条」 in {_where('ja', article)}, the last article"
    current = version.article(article)
    numbers = [p.number for p in current.paragraphs] if current else []
    if word == "前項" or word == "前各項":
        return None if paragraph and paragraph >= 2 else f"「{word}」 in the first paragraph"
    if count:
        wanted = number_value(count) or 0
        return None if paragraph and paragraph > wanted else \
            f"「{word}」 but only {paragraph - 1 if paragraph else 0} paragraph(s) come before"
    if word == "次項":
        return None if paragraph and paragraph + 1 in numbers else f"「次項」 in the last paragraph"
    if word == "次の各号":
        return None if place.paragraph_has_items else "「次の各号」 but the paragraph has no items"
    if word == "前号":
        return None if place.item and place.item >= 2 else "「前号」 outside an item after the first"
    return None


def _en_references(version: Version, place: _Place, text: str) -> list[str]:
    problems = []
    for match in _EN_REF.finditer(text):
        phrase = match.group("phrase")
        if phrase:
            problems.append(_en_phrase(version, place, phrase, match.group("count")))
            continue
        if _EN_STATUTE_AFTER.match(text[match.end():]):
            continue  # "Articles 27 and 28 of the Copyright Act"
        items_wanted = bool(re.search(r"\bitems?\s+(?:of|in|under)\s+$", text[:match.start()]))
        for number in re.findall(_EN_NUMBER, match.group("list")):
            parts = re.match(r"(\d+)(?:\.(\d+))?(?:\(([a-z]+)\))?", number)  # "(3)": not ours
            problems.append(_target_problem(
                version, int(parts.group(1)), int(parts.group(2)) if parts.group(2) else None,
                letter_value(parts.group(3)) if parts.group(3) else None, items_wanted))
    if text.rstrip().endswith(":") and place.item is None and place.article is not None \
            and not place.paragraph_has_items:
        problems.append("the paragraph ends with ':' but has no items")
    return [p for p in problems if p]


def _en_phrase(version: Version, place: _Place, phrase: str, count: str | None) -> str | None:
    phrase = " ".join(phrase.split())
    article, paragraph = place.article, place.paragraph
    if article is None:
        return f"'{phrase}' outside any article"
    current = version.article(article)
    numbers = [p.number for p in current.paragraphs] if current else []
    if phrase.startswith("the preceding") and phrase.endswith(("paragraph", "paragraphs")):
        wanted = _COUNTS.get(count or "", 2 if phrase.endswith("paragraphs") else 1)
        return None if paragraph and paragraph > wanted else \
            f"'{phrase}' but only {paragraph - 1 if paragraph else 0} paragraph(s) come before"
    if phrase == "the following paragraph":
        return None if paragraph and paragraph + 1 in numbers else f"'{phrase}' in the last paragraph"
    if phrase == "the preceding Article":
        return None if version.article(article - 1) else f"'{phrase}' in the first article"
    if phrase == "the following Article":
        return None if version.article(article + 1) else f"'{phrase}' in the last article"
    return None


def _references(version: Version) -> list[str]:
    problems = []
    check = _ja_references if version.lang == "ja" else _en_references
    for place, text in _places(version):
        for problem in check(version, place, text):
            problems.append(f"{_where(version.lang, place.article, place.paragraph, place.item)}: {problem}")
    return problems


# --- defined terms ---------------------------------------------------------------------------

_JA_DEFINITION = re.compile(r"以下(?:[^「」。（）]{0,20}?)「([^「」\n]{1,40})」という|「([^「」\n]{1,40})」とは")
_EN_DEFINITION = re.compile(
    r"\(\s*(?:[^()\"“”]{0,30}?\s)?(?:the|this|a|an|each|together|collectively)?\s*[\"“]([^\"“”\n]{1,60})[\"”]\s*\)"
    r"|[\"“]([^\"“”\n]{1,60})[\"”]\s+(?:means|shall\s+mean|has\s+the\s+meaning|refers\s+to|includes)\b")


def _definitions(version: Version) -> list[tuple[str, str]]:
    """(term, where) for every definition, in document order."""
    pattern = _JA_DEFINITION if version.lang == "ja" else _EN_DEFINITION
    found = []
    for place, text in _places(version):
        where = _where(version.lang, place.article, place.paragraph, place.item)
        for match in pattern.finditer(text):
            found.append((match.group(1) or match.group(2), where))
    return found


def _uses(version: Version, term: str, text: str) -> int:
    # Plain substring counts (C speed): a text holds hundreds of terms.
    if version.lang == "ja":
        return text.count(term) - text.count(f"「{term}」")
    # "Inventions" is defined, "an Invention" uses it; a quoted occurrence is the definition.
    stem = term[:-1] if term.endswith("s") and len(term) > 3 else term
    return text.count(stem) - text.count(f'"{stem}') - text.count(f"“{stem}")


def _defined_terms(version: Version) -> list[str]:
    problems, seen = [], {}
    text = version.all_text()
    definitions = _definitions(version)
    if len(definitions) > limits.MAX_LINT_DEFINED_TERMS:
        problems.append(f"{len(definitions):,} definitions; only the first "
                        f"{limits.MAX_LINT_DEFINED_TERMS:,} were checked")
        definitions = definitions[:limits.MAX_LINT_DEFINED_TERMS]
    for term, where in definitions:
        if term in seen:
            problems.append(f"{where}: {_quote(version.lang, term)} is defined again "
                            f"(first defined in {seen[term]})")
            continue
        seen[term] = where
        if _uses(version, term, text) <= 0:
            problems.append(f"{where}: {_quote(version.lang, term)} is defined but never used")
    return problems


def _quote(lang: str, term: str) -> str:
    return f"「{term}」" if lang == "ja" else f'"{term}"'


# --- one document ----------------------------------------------------------------------------


def read_input(draft: LintInput) -> list[Version]:
    if draft.fmt == "docx":
        versions = _read_docx(draft.name, draft.data)
    elif draft.fmt == "md":
        versions = _read_markdown(draft.name, draft.data)
    else:
        raise InputError(f"{draft.name}: unsupported draft format {draft.fmt!r} (docx or md)")
    size = sum(len(v.all_text()) for v in versions)
    if size > limits.MAX_LINT_TEXT_CHARS:
        raise InputError(f"{draft.name}: has {size:,} characters of text (limit "
                         f"{limits.MAX_LINT_TEXT_CHARS:,}); far longer than any draft")
    return versions


def _lint_versions(name: str, versions: list[Version]) -> list[LintProblem]:
    problems: list[LintProblem] = []

    def add(kind: str, messages: list[str], lang: str | None) -> None:
        prefix = f"[{lang}] " if lang and len(versions) > 1 else ""
        problems.extend(LintProblem(name, kind, prefix + m) for m in messages)

    if not any(v.articles for v in versions):
        add("numbering", ["no numbered articles found (第1条 / Article 1)"], None)
    for version in versions:
        add("placeholder", _placeholders(version), version.lang)
        add("numbering", version.problems, version.lang)
        add("cross-reference", _references(version), version.lang)
        add("defined-term", _defined_terms(version), version.lang)
    add("numbering", _compare_versions(versions), None)
    return problems


# --- consistency -----------------------------------------------------------------------------

_MONTHS = ("January February March April May June July August September October November "
           "December").split()
_JA_DATE = r"(\d{4})年(\d{1,2})月(\d{1,2})日"
_EN_DATE = r"(" + "|".join(_MONTHS) + r")\s+(\d{1,2}),\s*(\d{4})"


def _iso(lang: str, match: re.Match, first: int = 1) -> str:
    """YYYY-MM-DD from a _JA_DATE / _EN_DATE match whose groups start at ``first``."""
    a, b, c = match.group(first), match.group(first + 1), match.group(first + 2)
    year, month, day = (a, b, c) if lang == "ja" else (c, str(_MONTHS.index(a) + 1), b)
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def own_date(version: Version) -> str | None:
    """The date line of the execution block, as YYYY-MM-DD."""
    pattern = re.compile(rf"^{_JA_DATE}$" if version.lang == "ja" else rf"^Date:\s*{_EN_DATE}\s*$")
    for text in version.back:
        match = pattern.match(text.strip())
        if match:
            return _iso(version.lang, match)
    return None


def party_names(version: Version) -> list[str]:
    """Names in the signature blocks (名称 line / "The Startup: Name" over a By: line)."""
    names = []
    for text in version.back:
        lines = [line.strip() for line in text.split("\n")]
        if version.lang == "ja":
            names += [re.sub(r"^名称[\s\u3000]*", "", line) for line in lines if line.startswith("名称")]
        elif len(lines) >= 2 and lines[1].startswith("By:") and ":" in lines[0]:
            names.append(lines[0].split(":", 1)[1].strip())
    return names


def product_definition(version: Version) -> str | None:
    pattern = (re.compile(r"「本製品」とは、?(.+?)をいう") if version.lang == "ja" else
               re.compile(r"[\"“]Product[\"”]\s+means\s+(.+?)[;.]?\s*$", re.M))
    match = pattern.search(version.all_text())
    return match.group(1).strip() if match else None


_JA_CITATION = re.compile(rf"{_JA_DATE}付(?:け|で|の)?\s*([^\s、。「」]{{2,40}}?契約書?)(?=を|に|と|が|は|の|、|。|\s|$)")
# The title runs from the last "a"/"an"/"the" before "… Agreement dated <date>".
_EN_CITATION = re.compile(rf"\b(?:a|an|the)\s+((?:(?!\b(?:a|an|the)\s)[^,;.\n]){{3,80}}?Agreement)"
                          rf"\s+dated\s+{_EN_DATE}")


def citations(version: Version) -> list[tuple[str, str]]:
    """(title, YYYY-MM-DD) of every earlier document the text cites by title and date."""
    if version.lang == "ja":
        return [(m.group(4), _iso("ja", m)) for m in _JA_CITATION.finditer(version.all_text())]
    return [(m.group(1), _iso("en", m, first=2)) for m in _EN_CITATION.finditer(version.all_text())]


def _same_title(lang: str, cited: str, title: str) -> bool:
    if lang == "ja":
        return cited.removesuffix("書") == title.removesuffix("書")
    return cited.casefold() == title.casefold()


def _own_consistency(version: Version) -> list[str]:
    preamble = "\n".join(version.front)
    return [f"{'署名欄' if version.lang == 'ja' else 'execution block'}: names {name!r}, which the "
            f"preamble does not" for name in party_names(version) if name and name not in preamble]


def _pack_consistency(documents: list[tuple[str, list[Version]]]) -> list[LintProblem]:
    problems: list[LintProblem] = []
    for lang in ("ja", "en"):
        versions = [(name, v) for name, vs in documents for v in vs if v.lang == lang]
        prefix = f"[{lang}] "
        named = [(name, party_names(v)) for name, v in versions if party_names(v)]
        for name, names in named[1:]:
            if sorted(names) != sorted(named[0][1]):
                problems.append(LintProblem(name, "consistency", prefix + (
                    f"parties {', '.join(names)} differ from {named[0][0]} ({', '.join(named[0][1])})")))
        defined = [(name, product_definition(v)) for name, v in versions if product_definition(v)]
        for name, text in defined[1:]:
            if text != defined[0][1]:
                problems.append(LintProblem(name, "consistency", prefix + (
                    f"the product is defined as {_clip(text, 40)!r}, but {defined[0][0]} defines it "
                    f"as {_clip(defined[0][1], 40)!r}")))
        for name, version in versions:
            others = [(n, v) for n, v in versions if v.title != version.title]
            for title, date in citations(version):
                problems += [LintProblem(name, "consistency", prefix + message)
                             for message in _citation_problems(version.lang, title, date, others)]
    return problems


def _citation_problems(lang: str, title: str, date: str,
                       others: list[tuple[str, Version]]) -> list[str]:
    same_title = [(n, v) for n, v in others if _same_title(lang, title, v.title)]
    if same_title:
        return [f"cites {title!r} dated {date}, but {n} is dated {own_date(v)}"
                for n, v in same_title if own_date(v) and own_date(v) != date]
    # A title no draft carries: if a draft bears that date, the title is the mistake.
    return [f"cites {title!r} dated {date}, but {n}, dated {date}, is titled {v.title!r}"
            for n, v in others if own_date(v) == date]


# --- entry points ----------------------------------------------------------------------------


def lint_drafts(drafts: Sequence[LintInput]) -> list[LintProblem]:
    """Lint each draft, then check the drafts against each other (a pack).

    Raises ``InputError`` (one line) for a draft that cannot be read."""
    return _lint_read([(draft.name, read_input(draft)) for draft in drafts])


def _lint_read(documents: list[tuple[str, list[Version]]]) -> list[LintProblem]:
    problems: list[LintProblem] = []
    for name, versions in documents:
        problems += _lint_versions(name, versions)
        for version in versions:
            problems += [LintProblem(name, "consistency",
                                     (f"[{version.lang}] " if len(versions) > 1 else "") + message)
                         for message in _own_consistency(version)]
    if len(documents) > 1:
        problems += _pack_consistency(documents)
    return problems


def load_draft(path: str | Path) -> LintInput:
    """A draft file as a LintInput; ``InputError`` (one line) if it cannot be linted."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"{path}: unsupported file type {path.suffix or '(none)'!r} "
                         f"(the draft lint reads .docx and .md)")
    try:
        if not path.is_file():
            raise InputError(f"{path}: no such file" if not path.exists() else f"{path}: not a file")
        cap = limits.MAX_INPUT_BYTES if fmt == "docx" else limits.MAX_TEXT_BYTES
        if path.stat().st_size > cap:
            raise InputError(f"{path}: is larger than {cap:,} bytes")
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror or error})") from None
    if not data:
        raise InputError(f"{path}: is empty (0 bytes)")
    return LintInput(str(path), data, fmt)


def lint_file(path: str | Path) -> list[LintProblem]:
    """Lint one DOCX or Markdown draft; ``KyosoError`` (one line) if it cannot be read."""
    return lint_drafts([load_draft(path)])


def lint_paths(paths: Sequence[str | Path]) -> tuple[list[LintProblem], list[KyosoError]]:
    """``kyoso lint-draft``: every readable file linted, the readable ones also as a set.

    A file that cannot be read is returned as an error and left out, so one broken
    file does not hide the problems of the others.
    """
    readable: list[tuple[LintInput, list[Version]]] = []
    errors: list[KyosoError] = []
    for path in paths:
        try:
            draft = load_draft(path)
            readable.append((draft, read_input(draft)))
        except KyosoError as error:
            errors.append(error)
    return _lint_read([(d.name, versions) for d, versions in readable]), errors
