"""Draft lint: does a drafted contract hold together as a document?

It works from the text a reader sees (``draft_text.py`` reads DOCX and Markdown back
into articles, paragraphs and items), not from the clause tree, so it checks any
kyoso draft, also one a user has since edited in Word or in a text editor.

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
    a signature block naming a party the preamble does not; across the drafts of a
    pack, party names, the product definition, and the title and date by which a
    later document cites an earlier one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from ..core import limits
from ..core.errors import InputError, KyosoError
from .draft_text import (Version, clip, compare_versions, letter_value, number_value, place_name,
                         read_docx, read_markdown)

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
            problems.append(f"{where}: unfilled {shown} ({clip(text, 40)})")

    lang = version.lang
    scan("title" if lang == "en" else "表題", version.title)
    for text in version.front:
        scan(place_name(lang, None), text)
    for article in version.articles:
        scan(place_name(lang, article.number) + " heading", article.title)
        for paragraph in article.paragraphs:
            scan(place_name(lang, article.number, paragraph.number), paragraph.text)
            for number, text in paragraph.items:
                scan(place_name(lang, article.number, paragraph.number, number), text)
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
# 別紙1第4項: a paragraph of an annex, which follows the articles and is not ours to count.
_JA_ANNEX_END = re.compile(r"(?:別紙|別表)\s*[0-9０-９一二三四五六七八九十]*$")
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
        return f"{place_name(lang, article)} does not exist (the draft ends at {place_name(lang, last)})"
    if paragraph is None:
        return None
    paragraphs = {p.number: p for p in target.paragraphs}
    if paragraph not in paragraphs:
        return f"{place_name(lang, article, paragraph)} does not exist ({place_name(lang, article)} has " \
               f"{len(target.paragraphs)} paragraph(s))"
    items = paragraphs[paragraph].items
    if item is not None and item not in {n for n, _ in items}:
        return f"{place_name(lang, article, paragraph, item)} does not exist " \
               f"({place_name(lang, article, paragraph)} has {len(items)} item(s))"
    if each and not items:
        return f"{place_name(lang, article, paragraph)} is cited for its items but has none"
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
        if _JA_ANNEX_END.search(before_text):
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
        return None if version.article(article - 1) else f"「前条」 in {place_name('ja', article)}, the first article"
    if word == "次条":
        return None if version.article(article + 1) else f"「次条」 in {place_name('ja', article)}, the last article"
    current = version.article(article)
    numbers = [p.number for p in current.paragraphs] if current else []
    if word == "前項" or word == "前各項":
        return None if paragraph and paragraph >= 2 else f"「{word}」 in the first paragraph"
    if count:
        wanted = number_value(count) or 0
        return None if paragraph and paragraph > wanted else \
            f"「{word}」 but only {paragraph - 1 if paragraph else 0} paragraph(s) come before"
    if word == "次項":
        return None if paragraph and paragraph + 1 in numbers else "「次項」 in the last paragraph"
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
            problems.append(f"{place_name(version.lang, place.article, place.paragraph, place.item)}: {problem}")
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
        where = place_name(version.lang, place.article, place.paragraph, place.item)
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
        versions = read_docx(draft.name, draft.data)
    elif draft.fmt == "md":
        versions = read_markdown(draft.name, draft.data)
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
    add("numbering", compare_versions(versions), None)
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
                    f"the product is defined as {clip(text, 40)!r}, but {defined[0][0]} defines it "
                    f"as {clip(defined[0][1], 40)!r}")))
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
