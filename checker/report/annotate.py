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
"""

from __future__ import annotations

import io
import re
from bisect import bisect_right
from pathlib import Path

from ...core.errors import InputError
from ...core.files import write_atomic
from ..model import Block, Finding
from .common import SEVERITY_LABELS, chrome_language

AUTHOR = "kyoso"
INITIALS = "K"
# XML 1.0 forbids most C0 controls; a message quoting a contract could carry one.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

WORDS = {
    "en": {"why": "Why: ", "suggested": "Suggested model wording ({clause}):"},
    "ja": {"why": "理由：", "suggested": "推奨モデル条項（{clause}）："},
}


def comment_text(finding: Finding, language: str | None) -> str:
    """The comment body: message, rationale, suggested model wording."""
    lang = chrome_language(language)
    words = WORDS[lang]
    severity = SEVERITY_LABELS[lang][finding.severity]
    head = f"【{severity}】{finding.category}：" if lang == "ja" else f"[{severity}] {finding.category}: "
    lines = [head + finding.message]
    if finding.rationale:
        lines.append(words["why"] + finding.rationale)
    if finding.suggestion_clause:
        lines.append(words["suggested"].format(clause=finding.suggestion_clause))
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

    A finding is not anchored when its text lies outside the body (header, footer,
    footnote), which Word comments cannot point into from document.xml.
    """
    import docx  # python-docx: only the --annotate path pays for it
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises several types for a broken package
        raise InputError(f"cannot annotate: the DOCX could not be opened ({error})") from None
    paragraphs = document.element.body.xpath(".//w:p")
    written = skipped = 0
    for finding in sorted(findings, key=lambda f: f.location.start):
        block = block_for(blocks, finding.location.start)
        if block is None or block.source is None or not 0 <= block.source < len(paragraphs):
            skipped += 1
            continue
        comment = document.comments.add_comment(
            text=comment_text(finding, language), author=AUTHOR, initials=INITIALS)
        _mark_paragraph(paragraphs[block.source], comment.comment_id, OxmlElement, qn)
        written += 1
    buffer = io.BytesIO()
    document.save(buffer)
    path = write_atomic(output, buffer.getvalue(), force=force, inputs=inputs)
    return path, written, skipped


def _mark_paragraph(paragraph, comment_id: int, OxmlElement, qn) -> None:
    """Put commentRangeStart first and commentRangeEnd + reference run last in ``paragraph``."""
    start = OxmlElement("w:commentRangeStart", attrs={qn("w:id"): str(comment_id)})
    properties = paragraph.find(qn("w:pPr"))
    if properties is not None:
        properties.addnext(start)
    else:
        paragraph.insert(0, start)
    paragraph.append(OxmlElement("w:commentRangeEnd", attrs={qn("w:id"): str(comment_id)}))
    reference_run = OxmlElement("w:r")
    run_properties = OxmlElement("w:rPr")
    run_properties.append(OxmlElement("w:rStyle", attrs={qn("w:val"): "CommentReference"}))
    reference_run.append(run_properties)
    reference_run.append(OxmlElement("w:commentReference", attrs={qn("w:id"): str(comment_id)}))
    paragraph.append(reference_run)
