"""Typed objects the clause loader produces (see SCHEMA.md for the YAML side).

The loader (loader.py) turns YAML into these; the answers validator (answers.py)
turns an answers file into ``Values``; the renderer (render.py) evaluates ``when``
and texts; the assembler (templates/) lays the result out as DOCX or Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LANGUAGES = ("ja", "en")
ROLES = ("startup", "business")
FAVOURS = ("startup", "business", "balanced")
PRESETS = ("balanced", "startup-favourable", "business-favourable")
# The METI/JPO model contracts come in editions, each built on its own hypothetical
# deal; a contract file says which one it belongs to (``edition:``, default material).
EDITIONS = ("material", "ai")


@dataclass(frozen=True)
class Text:
    """A bilingual string (a Jinja template when it is clause text)."""

    ja: str
    en: str

    def get(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en


@dataclass
class Choice:
    key: str
    label: Text
    favours: str  # startup | business | balanced
    note: Text


@dataclass
class Variable:
    name: str
    type: str  # party | date | money | integer | choice | bool | text | list
    label: Text
    help: Text | None = None
    note: Text | None = None
    provenance: str | None = None
    default: Any = None
    has_default: bool = False
    group: str | None = None
    # type-specific
    role: str | None = None  # party
    default_alias: Text | None = None  # party
    minimum: int | None = None  # integer, money
    maximum: int | None = None  # integer, money
    unit: str | None = None  # integer
    choices: dict[str, Choice] = field(default_factory=dict)  # choice
    max_length: int | None = None  # text
    fields: dict[str, "Variable"] = field(default_factory=dict)  # list
    min_items: int | None = None  # list
    max_items: int | None = None  # list


@dataclass
class Preset:
    name: str
    label: Text
    explain: Text
    values: dict[str, Any]


@dataclass
class Item:
    text: Text
    id: str | None = None
    when: str | None = None


@dataclass
class Paragraph:
    text: Text
    id: str | None = None
    when: str | None = None
    items: list[Item] = field(default_factory=list)


@dataclass
class Article:
    id: str
    title: Text
    paragraphs: list[Paragraph]
    provenance: str | None = None
    when: str | None = None
    # For `kyoso compare`: a contract without an essential article lacks a protection
    # the model treats as core (exit 1); `if_absent` says what applies by law without
    # it; `position` is the model's stance in one line.
    essential: bool = False
    if_absent: Text | None = None
    position: Text | None = None
    # Other headings contracts give this article ({"ja": ("契約期間",), "en": ("Duration",)}),
    # so `compare` can pair a counterparty's article that words its heading differently.
    also_titled: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass
class Contract:
    id: str  # "joint-development"
    title: Text
    short_title: Text
    provenance: str
    parties: list[str]  # names of party variables, preamble order
    variables: dict[str, Variable]
    presets: dict[str, Preset]
    articles: list[Article]
    source: str  # file path, for error messages
    # Annexes (別紙 / Annex) follow the signatures and are numbered on their own:
    # 別紙1, 別紙2 / Annex 1, Annex 2. They have the structure of articles.
    annexes: list[Article] = field(default_factory=list)
    edition: str = "material"

    def clause_ids(self) -> set[str]:
        ids = set()
        for article in self.articles + self.annexes:
            ids.add(article.id)
            for paragraph in article.paragraphs:
                if paragraph.id:
                    ids.add(paragraph.id)
                ids.update(item.id for item in paragraph.items if item.id)
        return ids


@dataclass
class Practice:
    """One problem practice from the guideline catalogue."""

    id: str
    title: Text
    source: str
    problem: Text
    recommended: Text
    clauses: list[str]


@dataclass
class Library:
    contracts: dict[str, Contract]
    practices: dict[str, Practice]


# --- render output (render.py → templates/) ------------------------------------------
# Numbers are computed after ``when`` conditions, so they are contiguous; labels
# (第7条, ２, 一 / Article 7, 7.2, (a)) come from render.heading/paragraph_label/item_label.


@dataclass
class RenderedItem:
    id: str | None
    number: int
    text: str


@dataclass
class RenderedParagraph:
    id: str | None
    number: int
    text: str
    items: list[RenderedItem] = field(default_factory=list)


@dataclass
class RenderedArticle:
    id: str
    number: int
    title: str
    paragraphs: list[RenderedParagraph]


@dataclass
class RenderedContract:
    id: str
    lang: str
    title: str
    short_title: str
    articles: list[RenderedArticle]
    annexes: list[RenderedArticle] = field(default_factory=list)
