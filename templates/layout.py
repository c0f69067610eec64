"""Lay a rendered contract out as blocks by running its Jinja document template.

Python prepares a bilingual view of the rendered clause tree (every text as a
``{lang: text}`` mapping over the document's languages); the template decides the
order of things and the document-level wording, and calls ``emit()`` for each block.
The template's own output is thrown away: blocks are data, so nothing an answer
contains can become markup or template source on the way to the writers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Sequence

from jinja2 import FileSystemLoader
from jinja2.sandbox import SandboxedEnvironment

from ..clauses import render
from ..clauses.model import Contract, Text
from .blocks import KINDS, Block

TEMPLATE_DIR = Path(__file__).parent
DEFAULT_TEMPLATE = "contract.j2"


@dataclass(frozen=True)
class PriorContract:
    """An earlier contract between the same parties, cited in the preamble (for packs)."""

    title: Text
    date: str  # YYYY-MM-DD


@dataclass
class ItemView:
    label: dict[str, str]
    text: dict[str, str]


@dataclass
class ParagraphView:
    label: dict[str, str]
    text: dict[str, str]
    items: list[ItemView] = field(default_factory=list)


@dataclass
class ArticleView:
    id: str
    number: int
    heading: dict[str, str]
    paragraphs: list[ParagraphView]


@dataclass
class PartyView:
    variable: str
    alias: dict[str, str]
    name: dict[str, str]
    address: dict[str, str]
    representative: dict[str, str]


@lru_cache(maxsize=1)
def environment() -> SandboxedEnvironment:
    # The clause texts' own sandbox (StrictUndefined, the duration filters), plus a
    # loader for the document templates: a typo in a template is an error, never a
    # silently empty preamble.
    return render.environment().overlay(
        loader=FileSystemLoader(str(TEMPLATE_DIR)), trim_blocks=True, lstrip_blocks=True)


def template_name(contract: Contract) -> str:
    own = f"{contract.id}.j2"
    return own if (TEMPLATE_DIR / own).is_file() else DEFAULT_TEMPLATE


def _flatten(text: str, lang: str) -> str:
    # Macros are laid out on several lines for reading; those line breaks are not
    # text. Japanese joins without a space, English with one.
    return re.sub(r"\s*\n\s*", "" if lang == "ja" else " ", str(text).strip())


def _bilingual_articles(rendered: dict[str, Any], langs: Sequence[str],
                        annexes: bool = False) -> list[ArticleView]:
    part = "annexes" if annexes else "articles"
    first = getattr(rendered[langs[0]], part)
    views = []
    for index, article in enumerate(first):
        per_lang = {lang: getattr(rendered[lang], part)[index] for lang in langs}
        if any(a.id != article.id for a in per_lang.values()):  # same answers, same tree
            raise RuntimeError(f"languages disagree on article {index + 1}")
        paragraphs = []
        for p_index, paragraph in enumerate(article.paragraphs):
            p_lang = {lang: per_lang[lang].paragraphs[p_index] for lang in langs}
            items = [
                ItemView(
                    label={lang: render.item_label(item.number, lang) for lang in langs},
                    text={lang: p_lang[lang].items[i_index].text for lang in langs},
                )
                for i_index, item in enumerate(paragraph.items)
            ]
            paragraphs.append(ParagraphView(
                label={lang: render.annex_paragraph_label(paragraph.number, lang) if annexes
                       else render.paragraph_label(article.number, paragraph.number, lang)
                       for lang in langs},
                text={lang: p_lang[lang].text for lang in langs},
                items=items,
            ))
        views.append(ArticleView(
            id=article.id,
            number=article.number,
            heading={lang: (render.annex_heading if annexes else render.heading)(
                         article.number, per_lang[lang].title, lang) for lang in langs},
            paragraphs=paragraphs,
        ))
    return views


def _parties(contract: Contract, contexts: dict[str, dict], langs: Sequence[str]) -> list[PartyView]:
    views = []
    for name in contract.parties:
        party = {lang: contexts[lang][name] for lang in langs}
        views.append(PartyView(
            variable=name,
            **{attr: {lang: str(getattr(party[lang], attr) or "") for lang in langs}
               for attr in ("alias", "name", "address", "representative")},
        ))
    return views


def signing_date_variable(contract: Contract) -> str | None:
    """The date printed above the signatures: ``signing_date`` if the contract has one,
    else its first ``date`` variable (contract files declare their own date first;
    later dates are deadlines or other documents). None leaves a blank date line."""
    if getattr(contract.variables.get("signing_date"), "type", None) == "date":
        return "signing_date"
    return next((v.name for v in contract.variables.values() if v.type == "date"), None)


def layout(contract: Contract, values: dict, langs: Sequence[str], *,
           prior_contracts: Sequence[PriorContract] = (), extra_preamble: Sequence[Text] = (),
           prevailing: str = "ja") -> list[Block]:
    """Render ``contract`` in ``langs`` and return the document as blocks.

    ``extra_preamble`` paragraphs are printed as given (data, not templates) after
    the preamble and any prior-contract citations.
    """
    rendered = {lang: render.render_contract(contract, values, lang) for lang in langs}
    contexts = {lang: render.context(contract, values, lang) for lang in langs}
    articles = _bilingual_articles(rendered, langs)
    date_var = signing_date_variable(contract)
    blocks: list[Block] = []

    def emit(kind: str, text: dict, label: dict | None = None) -> str:
        if kind not in KINDS:
            raise ValueError(f"template emitted an unknown block kind {kind!r}")
        blocks.append(Block(kind, {lang: str(text[lang]) for lang in langs},
                            {lang: str(label[lang]) for lang in langs} if label else {}))
        return ""

    def each(macro: Callable, *args: Any) -> dict[str, str]:
        return {lang: _flatten(macro(lang, *args), lang) for lang in langs}

    def each_lines(macro: Callable, *args: Any) -> dict[str, str]:
        return {lang: "\n".join(line.strip() for line in str(macro(lang, *args)).splitlines()
                                 if line.strip()) for lang in langs}

    def paragraph_label(article_number: int, number: int) -> dict[str, str]:
        return {lang: render.paragraph_label(article_number, number, lang) for lang in langs}

    def heading(number: int, title: dict) -> dict[str, str]:
        return {lang: render.heading(number, title[lang], lang) for lang in langs}

    def format_date(iso: str) -> dict[str, str]:
        return {lang: render.format_date(iso, lang) for lang in langs}

    data = {
        "langs": list(langs),
        "bilingual": len(langs) > 1,
        "prevailing": prevailing,
        "title": {lang: rendered[lang].title for lang in langs},
        "short_title": {lang: rendered[lang].short_title for lang in langs},
        "parties": _parties(contract, contexts, langs),
        "signing_date": {lang: str(contexts[lang][date_var]) for lang in langs} if date_var else None,
        "prior_contracts": [{"title": {lang: p.title.get(lang) for lang in langs},
                             "date": format_date(p.date)} for p in prior_contracts],
        "extra_preamble": [{lang: t.get(lang) for lang in langs} for t in extra_preamble],
        "articles": articles,
        "annexes": _bilingual_articles(rendered, langs, annexes=True),
        "next_article_number": len(articles) + 1,
        "emit": emit,
        "each": each,
        "each_lines": each_lines,
        "paragraph_label": paragraph_label,
        "heading": heading,
    }
    output = environment().get_template(template_name(contract)).render(data)
    if output.strip():  # stray text in a template would otherwise vanish silently
        raise RuntimeError(f"template {template_name(contract)} wrote text outside emit(): "
                           f"{output.strip()[:60]!r}")
    return blocks
