"""Blocks → Markdown, for review in a pull request, a wiki or a diff.

Every text is escaped: clause text arrives with answer values already merged in, and
an answer such as a company called "*Star* Labs" or an address starting with "#"
must print as written, not turn into emphasis or a heading.
"""

from __future__ import annotations

import re

from ..core.marks import Marks, front_matter
from .blocks import Block, sections

# Inline characters CommonMark may read as markup anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
# Starts of a line that would open a heading, list, quote, rule or code fence.
_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")


def escape(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        line = _INLINE.sub(r"\\\1", line)
        line = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2)
                               if not m.group(2)[0].isdigit()
                               else m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], line)
        lines.append(line)
    return "\\\n".join(lines)  # backslash + newline: a hard break inside one block


def _render(block: Block, lang: str) -> str:
    text = escape(block.text[lang])
    label = _INLINE.sub(r"\\\1", block.label_for(lang))  # our own numbers: no line-start escapes
    if block.kind == "title":
        return f"# {text}"
    if block.kind == "heading":
        return f"## {text}"
    if block.kind == "annex":  # a level below the articles: an annex is not numbered with them
        return f"### {text}"
    if block.kind == "item":
        return f"   - {label}　{text}" if lang == "ja" else f"   - {label} {text}"
    if label:
        gap = "　" if lang == "ja" else " "
        return f"**{label}**{gap}{text}"
    return text


def write_markdown(blocks: list[Block], langs: list[str], marks: Marks | None = None) -> bytes:
    # Both languages: each unit (front matter, article, execution block) once per
    # language in turn, so a reader compares an article with its translation nearby.
    # kyoso's marks go first, as YAML front matter (core/marks.py).
    head = front_matter(marks) + "\n" if marks is not None else ""
    out = []
    for group in sections(blocks):
        for lang in langs:
            out.extend(_render(block, lang) for block in group)
    return (head + "\n\n".join(out) + "\n").encode("utf-8")
