"""Use kyoso's marks on its own drafts (core/marks.py) when checking them.

A draft kyoso wrote says which party is the startup; the text alone often does not
(「株式会社A（以下「甲」という。）」 names no role). A marked file may since have been
edited, so the text stays the authority for everything it shows (names, aliases,
language, terms) and the marks supply only what it does not: each party's role. A
marked party is found in the text by its alias or name; one the text no longer
mentions gives no role, and a role the text states otherwise is replaced by the mark
with a warning, so the user sees the disagreement. One party may have been renamed,
but when no marked party is still named in the text the file holds another deal (a
kyoso draft reused as a template) and its marks give no roles at all.

The cover memo is a working paper, not a contract: it is listed with a note and no
findings, but only while its text still opens with the memo's title (a contract that
merely carries a memo mark is checked like any other).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from . import regex_code
from ..core.marks import LANGUAGES, MEMO_TITLES, Marks
from .model import Party, SourceText
from .parties import resolve_party

# What the report says about a marked memo, in the document's language.
MEMO_NOTE = {
    "ja": "kyosoが作成したカバーメモです。契約書ではなく交渉の準備のための資料なので、"
          "チェックの対象にしていません。",
    "en": "A cover memo kyoso wrote: a working paper for the negotiation, not a contract, "
          "so it is not checked.",
}
# The memo's title sits in the first blocks (title, then the other language's subtitle).
_TITLE_BLOCKS = 3
_MARKUP = regex_code.compile(r"[#*_\\\s　]+")


@dataclass
class MarkedDocument:
    marks: Marks | None
    parties: list[Party]
    note: str | None = None  # set for a memo: the document is listed, not checked

    @property
    def is_memo(self) -> bool:
        return self.note is not None


def apply_marks(source: SourceText, parties: list[Party], language: str,
                warn: Callable[[str], None]) -> MarkedDocument:
    marks = source.metadata if isinstance(source.metadata, Marks) else None
    if marks is None:
        return MarkedDocument(None, parties)
    note = None
    if marks.is_memo:
        if _opens_with_memo_title(source):
            note = MEMO_NOTE["ja" if language == "ja" else "en"]
        else:
            warn(f"{source.path}: marked as a kyoso cover memo, but its text does not open with "
                 f"the memo's title; checked as a contract")
    if parties and marks.parties and not any(
            _find(parties, marked, language, by_alias=False) for marked in marks.parties):
        # Not one party is still named as the marks name them: the text is another deal
        # poured into a kyoso file (甲 may now be someone else), so no role is taken.
        warn(f"{source.path}: kyoso's document properties name parties this text does not; "
             f"roles are not taken from them")
        return MarkedDocument(marks, parties, note)
    for marked in marks.parties:
        party = _find(parties, marked, language)
        if party is None:
            party = _from_text(source.text, marked, language)
            if party is None:
                continue  # the text no longer names this party: no role to give
            parties.append(party)
        if party.role not in (None, marked.role):
            warn(f"{source.path}: the text calls {party.name} the {party.role}, kyoso's document "
                 f"properties the {marked.role}; using the properties")
        party.role = marked.role
    return MarkedDocument(marks, parties, note)


def _forms(values: dict[str, str], language: str) -> list[str]:
    """The document's own language first: a ja+en draft checked in Japanese says 甲."""
    order = [language] + [lang for lang in LANGUAGES if lang != language]
    return [values[lang] for lang in order if values.get(lang)]


def _find(parties: list[Party], marked, language: str, by_alias: bool = True) -> Party | None:
    forms = _forms(marked.alias, language) if by_alias else []
    for form in forms + _forms(marked.name, language):
        party = resolve_party(parties, form)
        if party is not None:
            return party
    return None


def _from_text(text: str, marked, language: str) -> Party | None:
    """A marked party the preamble reader missed, if the text still names it: name and
    alias as the marks give them, in the document's language."""
    names, aliases = _forms(marked.name, language), _forms(marked.alias, language)
    if not names or names[0] not in text:
        return None
    alias = aliases[0] if aliases and aliases[0] in text else None
    if alias and alias.lower().startswith("the "):
        alias = alias[4:]  # the checker's aliases drop the article ("Startup")
    return Party(name=names[0], alias=alias)


def _opens_with_memo_title(source: SourceText) -> bool:
    titles = {_MARKUP.sub("", title) for title in MEMO_TITLES.values()}
    return any(_MARKUP.sub("", block.text) in titles for block in source.blocks[:_TITLE_BLOCKS])
