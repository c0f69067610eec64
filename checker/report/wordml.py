"""What the DOCX writers (``--annotate``, ``--redline``) share: opening the user's file
with python-docx, saving the copy atomically, and the Word comment range markers.

Both writers work on a copy in memory; the user's file is never opened for writing.
"""

from __future__ import annotations

import io
from pathlib import Path

from ...core.errors import InputError
from ...core.files import write_atomic

AUTHOR = "kyoso"
INITIALS = "K"


def open_docx(data: bytes, action: str):
    """The python-docx Document for ``data``; a broken package is one clear InputError."""
    import docx  # python-docx: only the writers that copy a DOCX pay for it

    try:
        return docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises several types for a broken package
        raise InputError(f"cannot {action}: the DOCX could not be opened ({error})") from None


def save_docx(document, output: str | Path, *, force: bool,
              inputs: tuple[str | Path, ...]) -> Path:
    buffer = io.BytesIO()
    document.save(buffer)
    return write_atomic(output, buffer.getvalue(), force=force, inputs=inputs)


def body_paragraphs(document) -> list:
    """Every ``w:p`` of the body in document order: ``Block.source`` indexes this list."""
    return document.element.body.xpath(".//w:p")


def comment_markers(comment_id: int):
    """(commentRangeStart, commentRangeEnd, reference run) for one comment; the caller
    places the start before the commented content and the end and the run after it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    start = OxmlElement("w:commentRangeStart", attrs={qn("w:id"): str(comment_id)})
    end = OxmlElement("w:commentRangeEnd", attrs={qn("w:id"): str(comment_id)})
    reference_run = OxmlElement("w:r")
    run_properties = OxmlElement("w:rPr")
    run_properties.append(OxmlElement("w:rStyle", attrs={qn("w:val"): "CommentReference"}))
    reference_run.append(run_properties)
    reference_run.append(OxmlElement("w:commentReference", attrs={qn("w:id"): str(comment_id)}))
    return start, end, reference_run


def mark_paragraph(paragraph, comment_id: int) -> None:
    """Put commentRangeStart first and commentRangeEnd + reference run last in ``paragraph``
    (around everything after ``w:pPr``: text inside tracked insertions and hyperlinks too)."""
    from docx.oxml.ns import qn

    start, end, reference_run = comment_markers(comment_id)
    properties = paragraph.find(qn("w:pPr"))
    if properties is not None:
        properties.addnext(start)
    else:
        paragraph.insert(0, start)
    paragraph.append(end)
    paragraph.append(reference_run)


def add_comment(document, text: str) -> int:
    """Add a kyoso comment to the comments part; return its id for the range markers."""
    return document.comments.add_comment(text=text, author=AUTHOR, initials=INITIALS).comment_id
