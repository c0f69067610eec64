"""``--annotate OUT.docx``: a copy of the user's DOCX with a Word comment per finding.

python-docx (1.2) owns the comments part: it creates ``word/comments.xml``, its
content-type override and the relationship, and numbers the comments after any the
document already has. We place the range markers ourselves, around everything in the
paragraph (after ``w:pPr``): anchoring on python-docx's direct-child runs would leave
out text inside tracked insertions or hyperlinks, and fails on paragraphs whose text
has no direct run at all.

The paragraph is found by ``Block.source``: the index of its ``w:p`` among
``//w:body//w:p`` of word/document.xml, in document order (the readers' contract).
The original file is never opened for writing; the copy goes through write_atomic.

Findings in headers, footers, footnotes and endnotes are annotated too, but in the
body: the standard allows comment ranges there, yet Word ignores them (MS-OI29500
on commentRangeStart: "Word ignores this element if it is under a header, footer,
text box, footnote, or endnote"). A footnote's comment goes on the body paragraph
that holds its reference mark; a header's or footer's on the first body paragraph
with text. Either comment opens by saying where the text really is and quoting it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from pathlib import Path

from ...core.errors import InputError
from ..model import Block, Finding
from .common import SEVERITY_LABELS, chrome_language
from .wordml import add_comment, body_paragraphs, mark_paragraph, open_docx, save_docx
# XML 1.0 forbids most C0 controls; a message quoting a contract could carry one.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

WORDS = {
    "en": {"why": "Why: ", "suggested": "Suggested model wording ({clause}):",
           "header": "In the page header: ", "footer": "In the page footer: ",
           "footnote": "In footnote {n}: ", "endnote": "In endnote {n}: ",
           "note": "In a footnote or endnote: "},
    "ja": {"why": "理由：", "suggested": "推奨モデル条項（{clause}）：",
           "header": "ヘッダーの記載：", "footer": "フッターの記載：",
           "footnote": "脚注{n}の記載：", "endnote": "文末脚注{n}の記載：",
           "note": "脚注の記載："},
}
QUOTE_CHARS = 160  # enough of a header or footnote to find it; the finding has it all


def comment_text(finding: Finding, language: str | None, where: str | None = None) -> str:
    """The comment body: message, rationale, suggested model wording. ``where`` is a
    first line saying where the text sits when the comment cannot be placed on it."""
    lang = chrome_language(language)
    words = WORDS[lang]
    severity = SEVERITY_LABELS[lang][finding.severity]
    head = f"【{severity}】{finding.category}：" if lang == "ja" else f"[{severity}] {finding.category}: "
    lines = [where] if where else []
    lines.append(head + finding.message)
    if finding.rationale:
        lines.append(words["why"] + finding.rationale)
    if finding.suggestion_clause:
        lines.append(words["suggested"].format(clause=finding.suggestion_clause))
        if finding.suggestion_note:
            lines.append(finding.suggestion_note)
        if finding.suggestion_text:
            lines.extend(finding.suggestion_text.splitlines())
    return _XML_ILLEGAL.sub("", "\n".join(line for line in lines))


def block_for(blocks: list[Block], offset: int) -> Block | None:
    """The block whose text contains ``offset`` (blocks are in text order)."""
    starts = [block.start for block in blocks]
    index = bisect_right(starts, offset) - 1
    if index < 0:
        return None
    block = blocks[index]
    return block if offset <= block.end else None


def annotate_docx(data: bytes, blocks: list[Block], findings: list[Finding],
                  language: str | None, output: str | Path, *, force: bool = False,
                  inputs: tuple[str | Path, ...] = ()) -> tuple[Path, int, int]:
    """Write the commented copy; return (path, comments written, findings not anchored).

    A finding outside the body is anchored in the body (see the module notes); it is
    left out only when the body has no paragraph with text to carry the comment.
    """
    from docx.oxml.ns import qn

    document = open_docx(data, "annotate")
    paragraphs = body_paragraphs(document)
    notes = _NoteIndex(document, qn)
    written = skipped = 0
    for finding in sorted(findings, key=lambda f: f.location.start):
        block = block_for(blocks, finding.location.start)
        where = None
        if block is not None and block.source is not None and 0 <= block.source < len(paragraphs):
            anchor = paragraphs[block.source]
        else:
            anchor, where = _outside_body_anchor(block, finding, paragraphs, notes, language)
        if anchor is None:
            skipped += 1
            continue
        mark_paragraph(anchor, add_comment(document, comment_text(finding, language, where)))
        written += 1
    path = save_docx(document, output, force=force, inputs=inputs)
    return path, written, skipped


class _NoteIndex:
    """Footnote and endnote texts by id, and the body paragraph holding each mark."""

    def __init__(self, document, qn):
        from ..readers.docx import paragraph_text

        w = qn("w:p")[:-1]
        self.texts: list[tuple[str, str, set[str]]] = []  # (kind, id, paragraph texts)
        for part in document.part.package.iter_parts():
            name = str(part.partname)
            kind = "footnote" if name == "/word/footnotes.xml" else \
                "endnote" if name == "/word/endnotes.xml" else None
            if kind is None:
                continue
            root = _parse(part.blob, name)
            for note in root.iter(w + kind) if root is not None else ():
                texts = {paragraph_text(p, w) for p in note.iter(w + "p")}
                self.texts.append((kind, note.get(w + "id", ""), texts))
        self.marks: dict[tuple[str, str], int] = {}
        self.numbers: dict[tuple[str, str], int] = {}  # as Word shows them: 1, 2, … by mark order
        for index, paragraph in enumerate(document.element.body.xpath(".//w:p")):
            for mark in paragraph.iter(w + "footnoteReference", w + "endnoteReference"):
                key = (mark.tag[len(w):-len("Reference")], mark.get(w + "id", ""))
                if key not in self.marks:
                    self.marks[key] = index
                    self.numbers[key] = 1 + sum(k[0] == key[0] for k in self.numbers)

    def find(self, text: str) -> tuple[str, str, int | None] | None:
        """(kind, number shown, body paragraph index of its mark) of the note with ``text``."""
        for kind, note_id, texts in self.texts:
            if text in texts:
                key = (kind, note_id)
                return kind, str(self.numbers.get(key, note_id)), self.marks.get(key)
        return None


def _parse(data: bytes, name: str):
    from ...core.xmlsafe import parse_part

    try:
        return parse_part("annotate", name, data)
    except InputError:
        return None  # the check itself read this part; a note we cannot place goes to the top


def _outside_body_anchor(block: Block | None, finding: Finding, paragraphs, notes: _NoteIndex,
                         language: str | None):
    """(body paragraph to carry the comment, first line saying where the text is)."""
    words = WORDS[chrome_language(language)]
    kind = block.kind if block is not None else None
    anchor_index = None
    if kind == "footnote":
        found = notes.find(block.text)
        if found is not None:
            note_kind, note_id, anchor_index = found
            where = words[note_kind].format(n=note_id)
        else:
            where = words["note"]
    elif kind in ("header", "footer"):
        where = words[kind]
    else:
        where = words["note"] if kind else ""
    if anchor_index is None:
        anchor_index = next((i for i, p in enumerate(paragraphs)
                             if "".join(p.itertext()).strip()), None)
    if anchor_index is None:
        return None, None
    quote = " ".join(finding.excerpt.split())
    if len(quote) > QUOTE_CHARS:
        quote = quote[:QUOTE_CHARS - 1] + "…"
    quoted = f"「{quote}」" if chrome_language(language) == "ja" else f"“{quote}”"
    return paragraphs[anchor_index], (where + quoted if where else quoted)
