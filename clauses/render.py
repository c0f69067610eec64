"""The Jinja layer: clause texts + resolved answer values → numbered, rendered text.

Texts are templates from the clause library; answer values are data. Values reach
the templates as small wrapper objects (a party prints as its alias, a date in the
language's own style), never as template source, so a party called "{{ 7*7 }}"
prints literally. Everything runs in a ``SandboxedEnvironment`` with
``StrictUndefined``: a typo is an error, and ``''.__class__`` is refused.

Numbering (see SCHEMA.md): articles 第N条 / Article N; paragraphs: in Japanese the
first is unnumbered and later ones are full-width ２, ３; in English every paragraph
is N.1, N.2 (so any paragraph can be cited as "Article N.M"); items 一, 二 / (a), (b).
Numbers are assigned after ``when`` conditions, so they stay contiguous, and
``ref()`` resolves against them.
"""

from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache
from typing import Any, Callable

from jinja2 import StrictUndefined, TemplateError, pass_context
from jinja2.sandbox import SandboxedEnvironment

from ..core.errors import ClauseLibraryError, KyosoError
from .model import (
    Article,
    Contract,
    RenderedArticle,
    RenderedContract,
    RenderedItem,
    RenderedParagraph,
    Text,
    Variable,
)

# Names every clause text may use besides the contract's variables.
CLAUSE_NAMES = ("lang", "ref")

_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_KANJI_DIGITS = "〇一二三四五六七八九"
_EN_NUMBERS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
               "fourteen fifteen sixteen seventeen eighteen nineteen twenty").split()
_MONTHS = ("January February March April May June July August September October "
           "November December").split()


# --- labels and numbers -----------------------------------------------------------------


def kanji_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 百五 (item labels stay small)."""
    if n <= 0:
        return str(n)
    out = ""
    for value, mark in ((1000, "千"), (100, "百"), (10, "十")):
        digit, n = divmod(n, value)
        if digit:
            out += ("" if digit == 1 else _KANJI_DIGITS[digit]) + mark
    return out + (_KANJI_DIGITS[n] if n else "")


def letter_label(n: int) -> str:
    """1 → a, 26 → z, 27 → aa, 28 → bb (the doubled-letter style of legal drafting)."""
    repeat, index = divmod(n - 1, 26)
    return chr(ord("a") + index) * (repeat + 1)


def heading(number: int, title: str, lang: str) -> str:
    return f"第{number}条（{title}）" if lang == "ja" else f"Article {number} ({title})"


def paragraph_label(article_number: int, number: int, lang: str) -> str:
    if lang == "ja":
        return "" if number == 1 else str(number).translate(_FULLWIDTH)
    return f"{article_number}.{number}"


def item_label(number: int, lang: str) -> str:
    return kanji_number(number) if lang == "ja" else f"({letter_label(number)})"


def annex_heading(number: int, title: str, lang: str) -> str:
    """別紙1（業務内容等）/ Annex 1 (Work and Fee): annexes follow the signatures."""
    return f"別紙{number}（{title}）" if lang == "ja" else f"Annex {number} ({title})"


def annex_paragraph_label(number: int, lang: str) -> str:
    # An annex is a list of terms, not an article: every paragraph carries its number
    # (１．/ 1.), so the first one can be cited too.
    return f"{str(number).translate(_FULLWIDTH)}．" if lang == "ja" else f"{number}."


def annex_reference(annex: int, paragraph: int | None, item: int | None, lang: str) -> str:
    """別紙1第2項第1号 / paragraph 2(a) of Annex 1."""
    if lang == "ja":
        out = f"別紙{annex}"
        if paragraph:
            out += f"第{paragraph}項"
        if item:
            out += f"第{item}号"
        return out
    if not paragraph:
        return f"Annex {annex}"
    return f"paragraph {paragraph}{f'({letter_label(item)})' if item else ''} of Annex {annex}"


def reference(article: int, paragraph: int | None, item: int | None, lang: str) -> str:
    """第7条第2項第1号 / Article 7.2(a)."""
    if lang == "ja":
        out = f"第{article}条"
        if paragraph:
            out += f"第{paragraph}項"
        if item:
            out += f"第{item}号"
        return out
    out = f"Article {article}"
    if paragraph:
        out += f".{paragraph}"
    if item:
        out += f"({letter_label(item)})"
    return out


# --- value formatting ------------------------------------------------------------------


def format_date(iso: str, lang: str) -> str:
    day = _dt.date.fromisoformat(str(iso))
    if lang == "ja":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"


_MONEY = {
    "ja": {"JPY": "金{}円", "USD": "{}米ドル", "EUR": "{}ユーロ"},
    "en": {"JPY": "JPY {}", "USD": "US${}", "EUR": "EUR {}"},
}


def format_money(amount: int, currency: str, lang: str) -> str:
    return _MONEY[lang][currency].format(f"{amount:,}")


def _english_count(n: int) -> str:
    # "three (3)": the contract habit of words plus digits, so a typo in one shows.
    return f"{_EN_NUMBERS[n]} ({n})" if 0 <= n < len(_EN_NUMBERS) else f"{n:,}"


def _duration(n: Any, lang: str, ja_unit: str, ja_span: str, en_unit: str, span: bool) -> str:
    n = _whole(n)
    if lang == "ja":
        return f"{n}{ja_span if span else ja_unit}"
    return f"{_english_count(n)} {en_unit}{'' if n == 1 else 's'}"


def _whole(n: Any) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"a duration needs a whole number, not {n!r}")
    return n


def _lang(context) -> str:
    return context.get("lang", "en")


@pass_context
def years(context, n, span: bool = False) -> str:
    return _duration(n, _lang(context), "年", "年間", "year", span)


@pass_context
def months(context, n, span: bool = False) -> str:
    return _duration(n, _lang(context), "か月", "か月間", "month", span)


@pass_context
def days(context, n, span: bool = False) -> str:
    return _duration(n, _lang(context), "日", "日間", "day", span)


@pass_context
def weeks(context, n, span: bool = False) -> str:
    # 週 alone is not a length of time in Japanese; both forms read 週間.
    return _duration(n, _lang(context), "週間", "週間", "week", span)


@pass_context
def percent(context, n) -> str:
    if isinstance(n, bool) or not isinstance(n, (int, float)):
        raise TypeError(f"percent needs a number, not {n!r}")
    shown = f"{n:g}"
    return f"{shown}％" if _lang(context) == "ja" else f"{shown}%"


FILTERS: dict[str, Callable] = {
    "years": years, "months": months, "days": days, "weeks": weeks, "percent": percent,
}


@lru_cache(maxsize=1)
def environment() -> SandboxedEnvironment:
    # autoescape off: output goes to DOCX/Markdown, and the Markdown writer escapes itself.
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
    env.filters.update(FILTERS)
    return env


# --- value wrappers ------------------------------------------------------------------------


class PartyValue:
    """A party in one language: prints as its alias (甲 / the Startup)."""

    __slots__ = ("name", "address", "representative", "alias")

    def __init__(self, name: str, address: str, representative: str, alias: str):
        self.name, self.address, self.representative, self.alias = name, address, representative, alias

    def __str__(self) -> str:
        return self.alias


class DateValue:
    __slots__ = ("iso", "text")

    def __init__(self, iso: str, lang: str):
        self.iso, self.text = iso, format_date(iso, lang)

    def __str__(self) -> str:
        return self.text


class MoneyValue:
    __slots__ = ("amount", "currency", "text")

    def __init__(self, amount: int, currency: str, lang: str):
        self.amount, self.currency = amount, currency
        self.text = format_money(amount, currency, lang)

    def __str__(self) -> str:
        return self.text


class ChoiceValue(str):
    """A choice compares and prints as its key; ``.label`` is the option's label."""

    label: str

    def __new__(cls, key: str, label: str):
        value = super().__new__(cls, key)
        value.label = label
        return value


class RecordValue:
    """One entry of a list answer; its fields are attributes (``{{ m.amount }}``)."""

    __slots__ = ("_fields", "_lang")

    def __init__(self, fields: dict[str, Any], lang: str):
        self._fields, self._lang = fields, lang

    def __getattr__(self, name: str) -> Any:
        try:
            return self._fields[name]
        except KeyError:
            raise AttributeError(name) from None

    def __str__(self) -> str:
        return ("、" if self._lang == "ja" else ", ").join(str(v) for v in self._fields.values())


class ListValue(list):
    """A list answer; printed whole it reads 「A、B、C」 / "A, B and C"."""

    def __init__(self, records: list[RecordValue], lang: str):
        super().__init__(records)
        self.lang = lang

    def __str__(self) -> str:
        texts = [str(r) for r in self]
        if self.lang == "ja" or len(texts) < 2:
            return "、".join(texts)
        return ", ".join(texts[:-1]) + " and " + texts[-1]


def _text(value: Any, lang: str) -> str:
    if isinstance(value, Text):
        return value.get(lang)
    if isinstance(value, dict):
        return str(value[lang])
    return "" if value is None else str(value)


def wrap(variable: Variable, value: Any, lang: str) -> Any:
    """A resolved answer value (see answers.resolve) as the object templates see."""
    kind = variable.type
    if kind == "party":
        alias = value.get("alias") or variable.default_alias
        return PartyValue(*(_text(value.get(key), lang) for key in ("name", "address", "representative")),
                          _text(alias, lang))
    if kind == "date":
        return DateValue(str(value), lang)
    if kind == "money":
        if isinstance(value, dict):
            return MoneyValue(value["amount"], value.get("currency", "JPY"), lang)
        return MoneyValue(value, "JPY", lang)
    if kind == "choice":
        choice = variable.choices.get(value)
        return ChoiceValue(value, choice.label.get(lang) if choice else str(value))
    if kind == "text":
        return _text(value, lang)
    if kind == "list":
        return ListValue([RecordValue({name: wrap(spec, record.get(name), lang)
                                       for name, spec in variable.fields.items()}, lang)
                          for record in value], lang)
    return value  # integer, bool


def _wrapped(contract: Contract, values: dict[str, Any], lang: str) -> dict[str, Any]:
    missing = [name for name in contract.variables if name not in values]
    if missing:
        raise KyosoError(f"{contract.id}: no value for {', '.join(missing)} "
                         "(resolve the answers with kyoso.clauses.answers.resolve first)")
    return {name: wrap(var, values[name], lang) for name, var in contract.variables.items()}


def context(contract: Contract, values: dict[str, Any], lang: str) -> dict[str, Any]:
    """What document templates see: every variable wrapped, plus title and parties."""
    data = _wrapped(contract, values, lang)
    data.update(
        lang=lang,
        title=contract.title.get(lang),
        short_title=contract.short_title.get(lang),
        parties=[data[name] for name in contract.parties],
    )
    return data


# --- compiling (once per source text) ------------------------------------------------------

_templates: dict[str, Any] = {}
_expressions: dict[str, Any] = {}


def needs_jinja(source: str) -> bool:
    # Most clause sentences contain no template syntax; they skip Jinja entirely.
    return "{" in source


def compiled_template(source: str):
    template = _templates.get(source)
    if template is None:
        template = _templates[source] = environment().from_string(source)
    return template


def compiled_expression(source: str):
    expression = _expressions.get(source)
    if expression is None:
        expression = _expressions[source] = environment().compile_expression(source)
    return expression


_RENDER_ERRORS = (TemplateError, TypeError, ValueError, ArithmeticError, AttributeError, KeyError)

# --- English sentence starts ------------------------------------------------------------------
# A sentence may open with a value: "{{ startup }} shall …" prints "the Startup shall …"
# (the alias is lower-case so it reads right mid-sentence). Where the *template* starts a
# sentence with a tag (a paragraph's start, or after ". " in the clause text), a marker is
# put in the source and the first letter printed after it is capitalised. Text the values
# print is never searched for sentence ends ("Co., Ltd. and" stays as it is), and items
# are not capitalised at their start: they continue the paragraph's sentence ("(a) the
# Company fails to pay;").
_MARK = "\x01"  # never printed by a value: answers refuse control characters
_SENTENCE_THEN_TAG = re.compile(r"(?<=[.!?])([\"'\u201d\u2019)]?\s+)(?=\{[{%])")
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "cf.", "No.", "Art.", "para.", "Co.", "Inc.", "Ltd.")
_MARKED_LETTER = re.compile(_MARK + r"+([\s\"'\u201c\u2018]*)(\w)")


def _mark_sentence_starts(source: str, opens_sentence: bool) -> str:
    def mark(match: re.Match) -> str:
        if source[:match.start()].endswith(_ABBREVIATIONS):
            return match.group(0)
        return match.group(1) + _MARK

    marked = _SENTENCE_THEN_TAG.sub(mark, source)
    if opens_sentence and marked.lstrip().startswith("{"):
        marked = _MARK + marked
    return marked


def _capitalise_marked(text: str) -> str:
    text = _MARKED_LETTER.sub(lambda m: m.group(1) + m.group(2).upper(), text)
    return text.replace(_MARK, "")


def _fail(contract: Contract, where: str, key: str, error: Exception) -> ClauseLibraryError:
    detail = str(error) if isinstance(error, KyosoError) else f"{type(error).__name__}: {error}"
    return ClauseLibraryError(f"{contract.source}: {where}: {key}: cannot render: {detail}")


def _render_text(contract, source: str, data: dict, where: str, key: str,
                 opens_sentence: bool = False) -> str:
    if not needs_jinja(source):
        return source.strip()
    english = data.get("lang") == "en"
    if english:
        source = _mark_sentence_starts(source, opens_sentence)
    try:
        text = compiled_template(source).render(data)
    except ClauseLibraryError as error:  # ref() to an omitted clause
        raise _fail(contract, where, key, error) from None
    except _RENDER_ERRORS as error:
        raise _fail(contract, where, key, error) from None
    return (_capitalise_marked(text) if english else text).strip()


def _holds(contract, when: str | None, data: dict, where: str) -> bool:
    if when is None:
        return True
    try:
        return bool(compiled_expression(when)(**data))
    except _RENDER_ERRORS as error:
        raise _fail(contract, where, "when", error) from None


# --- the contract ---------------------------------------------------------------------


def _plan(contract: Contract, data: dict, force_on: str | None, articles: list[Article] | None = None,
          kind: str = "article", numbers: dict | None = None):
    """Which clauses appear, and their numbers: [(article, n, [(paragraph, n, [(item, n)])])].

    Annexes are planned by a second call (``kind="annex"``) into the same ``numbers``,
    whose entries are (kind, article, paragraph, item)."""
    plan, numbers = [], ({} if numbers is None else numbers)
    for article in contract.articles if articles is None else articles:
        where = f"{kind} '{article.id}'"
        if article.id != force_on and not _holds(contract, article.when, data, where):
            continue
        a_number = len(plan) + 1
        numbers[article.id] = (kind, a_number, None, None)
        paragraphs = []
        for p_index, paragraph in enumerate(article.paragraphs, 1):
            p_where = f"{where} paragraph {paragraph.id or p_index}"
            if not _holds(contract, paragraph.when, data, p_where):
                continue
            p_number = len(paragraphs) + 1
            if paragraph.id:
                numbers[paragraph.id] = (kind, a_number, p_number, None)
            items = []
            for i_index, item in enumerate(paragraph.items, 1):
                if not _holds(contract, item.when, data, f"{p_where} item {item.id or i_index}"):
                    continue
                items.append((item, len(items) + 1))
                if item.id:
                    numbers[item.id] = (kind, a_number, p_number, len(items))
            paragraphs.append((paragraph, p_number, items))
        if not paragraphs:
            raise ClauseLibraryError(f"{contract.source}: {where}: paragraphs: every paragraph "
                                     "is switched off by its condition under these answers")
        plan.append((article, a_number, paragraphs))
    return plan, numbers


def _referrer(contract: Contract, numbers: dict, lang: str) -> Callable[[str], str]:
    known = contract.clause_ids()

    def ref(clause_id: str) -> str:
        if clause_id in numbers:
            kind, *place = numbers[clause_id]
            return (annex_reference if kind == "annex" else reference)(*place, lang)
        if clause_id in known:
            raise ClauseLibraryError(f"ref('{clause_id}') points to a clause that these answers "
                                     "leave out (its 'when' condition is false)")
        raise ClauseLibraryError(f"ref('{clause_id}'): no clause has this id")

    return ref


def render_contract(contract: Contract, values: dict[str, Any], lang: str, *,
                    force_on: str | None = None) -> RenderedContract:
    """Render every clause whose condition holds, numbered after the conditions.

    ``force_on`` keeps one article even if its condition is false (render_clause uses
    it to show the model wording of an option the example deal does not choose).
    """
    if lang not in ("ja", "en"):
        raise KyosoError(f"unknown language {lang!r} (choose ja or en)")
    data = _wrapped(contract, values, lang)
    data["lang"] = lang
    plan, numbers = _plan(contract, data, force_on)
    annex_plan, numbers = _plan(contract, data, force_on, contract.annexes, "annex", numbers)
    data["ref"] = _referrer(contract, numbers, lang)
    articles = _render_plan(contract, plan, data, lang, "article")
    annexes = _render_plan(contract, annex_plan, data, lang, "annex")
    return RenderedContract(id=contract.id, lang=lang, title=contract.title.get(lang),
                            short_title=contract.short_title.get(lang), articles=articles,
                            annexes=annexes)


def _render_plan(contract: Contract, plan: list, data: dict, lang: str, kind: str) -> list[RenderedArticle]:
    key = f"text.{lang}"
    articles = []
    for article, a_number, paragraphs in plan:
        where = f"{kind} '{article.id}'"
        rendered_paragraphs = []
        for paragraph, p_number, items in paragraphs:
            p_where = f"{where} paragraph {paragraph.id or p_number}"
            rendered_paragraphs.append(RenderedParagraph(
                id=paragraph.id, number=p_number,
                text=_render_text(contract, paragraph.text.get(lang), data, p_where, key,
                                  opens_sentence=True),
                items=[RenderedItem(id=item.id, number=i_number,
                                    text=_render_text(contract, item.text.get(lang), data,
                                                      f"{p_where} item {item.id or i_number}", key))
                       for item, i_number in items],
            ))
        articles.append(RenderedArticle(id=article.id, number=a_number,
                                        title=article.title.get(lang),
                                        paragraphs=rendered_paragraphs))
    return articles


# --- one clause, for the checker's suggestions ------------------------------------------------


def format_article(article: RenderedArticle, lang: str, only: str | None = None,
                   annex: bool = False) -> str:
    """An article (or an annex) as plain text: heading, labelled paragraphs, indented items."""
    gap = "　" if lang == "ja" else " "
    title = (annex_heading if annex else heading)(article.number, article.title, lang)
    lines = [] if only else [title]
    for paragraph in article.paragraphs:
        if only and only not in (paragraph.id, *(i.id for i in paragraph.items)):
            continue
        label = (annex_paragraph_label(paragraph.number, lang) if annex
                 else paragraph_label(article.number, paragraph.number, lang))
        lines.append(f"{label}{gap}{paragraph.text}" if label else paragraph.text)
        for item in paragraph.items:
            if only and only != paragraph.id and only != item.id:
                continue
            lines.append(f"  {item_label(item.number, lang)}{gap}{item.text}")
    return "\n".join(lines)


@lru_cache(maxsize=16)
def _example_values(contract_id: str) -> dict[str, Any]:
    from .answers import example_answers, resolve
    from .loader import get_contract

    return resolve(get_contract(contract_id), example_answers(contract_id),
                   f"example answers for {contract_id}")


def _article_of(contract: Contract, clause_id: str) -> Article:
    for article in contract.articles + contract.annexes:
        if article.id == clause_id:
            return article
        for paragraph in article.paragraphs:
            if clause_id == paragraph.id or clause_id in {i.id for i in paragraph.items}:
                return article
    known = ", ".join(a.id for a in contract.articles)
    raise KyosoError(f"{contract.id} has no clause {clause_id!r} (articles: {known})")


def render_clause(clause_ref: str, lang: str, values: dict[str, Any] | None = None) -> str:
    """The model wording of ``<contract-id>/<clause-id>``, with the example deal's values.

    An article is returned whole (heading, paragraphs, items); a paragraph or item id
    returns just that paragraph or item. If the example deal switches the article off,
    it is rendered anyway: the point is to show the model wording.
    """
    from .loader import get_contract

    contract_id, _, clause_id = clause_ref.partition("/")
    if not clause_id:
        raise KyosoError(f"clause reference {clause_ref!r} must look like <contract-id>/<clause-id>")
    contract = get_contract(contract_id)
    article = _article_of(contract, clause_id)
    if values is None:
        values = _example_values(contract_id)
    rendered = render_contract(contract, values, lang, force_on=article.id)
    annex = any(article is a for a in contract.annexes)
    mine = next(a for a in (rendered.annexes if annex else rendered.articles) if a.id == article.id)
    if clause_id == article.id:
        return format_article(mine, lang, annex=annex)
    text = format_article(mine, lang, only=clause_id, annex=annex)
    if not text:
        raise KyosoError(f"{clause_ref}: this clause is left out under the example deal's answers")
    return text
