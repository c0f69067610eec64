"""The intermediate form between the Jinja layout and the file writers.

A document is a flat list of typed blocks. Each block carries its text in every
language of the document, so one layout serves ``ja``, ``en`` and ``ja+en``: the
writers decide whether languages stand side by side (DOCX) or one after the other
(Markdown). Keeping this list flat and tiny is what keeps both writers short.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# title: the document title; preamble/closing: running prose before and after the
# articles; heading: an article heading (第1条（目的）); paragraph and item: clause
# text with its number label; date and signature: the execution block, where a
# "\n" in the text is a line break inside one block; annex: the heading of an annex
# (別紙1 / Annex 1), which follows the signatures and opens a new page.
KINDS = ("title", "preamble", "heading", "paragraph", "item", "closing", "date", "signature", "annex")

# Kinds that begin a new unit when Markdown prints the languages one after another.
SECTION_STARTS = ("title", "heading", "closing", "annex")


@dataclass(frozen=True)
class Block:
    kind: str
    text: dict[str, str]  # language -> text
    label: dict[str, str] = field(default_factory=dict)  # language -> "２" / "1.2" / "一" / "(a)"

    def label_for(self, lang: str) -> str:
        return self.label.get(lang, "")


def sections(blocks: list[Block]) -> list[list[Block]]:
    """Group blocks into units (front matter, each article, the execution block)."""
    groups: list[list[Block]] = []
    for block in blocks:
        if not groups or block.kind in SECTION_STARTS:
            groups.append([])
        groups[-1].append(block)
    return groups
