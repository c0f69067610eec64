"""DOCX reader: the OOXML read directly, as Word would show it with changes accepted.

python-docx's ``Paragraph.text`` drops tracked insertions, content controls and
numbering labels, so this reader walks ``word/document.xml`` itself:

* every ``w:p`` under ``w:body`` in document order, tables and content controls
  (``w:sdt``) included; paragraphs inside a table cell get kind ``table-cell``;
* tracked changes applied: ``w:ins``/``w:moveTo`` kept, ``w:del``/``w:moveFrom``
  (and their ``w:delText``) removed; field instructions (``w:instrText``) skipped;
* ``w:tab`` → tab, ``w:br``/``w:cr`` → "\\n" inside the block (a block is still one
  ``w:p``; soft breaks often separate an article heading from its text, so they stay
  visible as line starts), ``w:noBreakHyphen`` → "-", ``w:sym`` skipped;
* automatic numbering (``numbering.xml``, also via paragraph styles) in
  ``Block.label`` and prefixed to the text, so "第7条" that Word generates is seen;
* then headers, footers, footnotes and endnotes as extra blocks (``source`` None).

``Block.source`` is the index of the paragraph in ``body.iter(w:p)`` order, i.e.
XPath ``//w:body//w:p`` over ``word/document.xml``, counting every ``w:p`` (also the
empty and skipped ones). The annotate writer re-finds paragraphs by this index.
Text-box paragraphs Word repeats inside ``mc:Fallback`` are counted but not read twice.
"""

from __future__ import annotations

import re

from lxml import etree

from ...core.errors import InputError
from ..model import SourceText
from .base import Piece, assemble
from .numbering import Numbering
from ...core.xmlsafe import parse_part
from ...core.zipcap import CappedZip

MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIPPED = ("del", "moveFrom", "delText", "delInstrText", "instrText", "pPr", "rPr", "sdtPr",
            "p", "sym", "fldData", "softHyphen", "lastRenderedPageBreak", "footnoteReference",
            "endnoteReference", "commentReference")
_NOTE_SEPARATORS = {"separator", "continuationSeparator", "continuationNotice"}


def read_docx(label: str, data: bytes) -> SourceText:
    archive = CappedZip(label, data)
    for required in ("[Content_Types].xml", "word/document.xml"):
        if required not in archive.names:
            raise InputError(f"{label}: is not a Word document (the archive has no {required})")
    if b"macroEnabled" in archive.read("[Content_Types].xml") or any(
            name.lower().endswith("vbaproject.bin") for name in archive.names):
        raise InputError(f"{label}: is a macro-enabled Word document (.docm content, perhaps "
                         f"renamed to .docx); kyoso does not open files that carry macros")
    document = parse_part(label, "word/document.xml", archive.read("word/document.xml"))
    w = "{%s}" % etree.QName(document).namespace
    body = document.find(w + "body")
    if body is None:
        raise InputError(f"{label}: word/document.xml has no body; not a Word document")
    optional = {name: parse_part(label, name, archive.read(name))
                for name in ("word/numbering.xml", "word/styles.xml") if name in archive.names}
    styles = optional.get("word/styles.xml")
    numbering = Numbering(w, optional.get("word/numbering.xml"), styles)
    headings = _heading_styles(styles, w)
    pieces = [piece for index, paragraph in enumerate(body.iter(w + "p"))
              if (piece := _body_piece(paragraph, index, w, numbering, headings)) is not None]
    pieces += _extra_pieces(label, archive, w)
    source = assemble(label, "docx", pieces)
    source.metadata = _marks(label, archive)
    return source


def _marks(label: str, archive: CappedZip):
    """kyoso's marks from the custom document properties, if the file carries them."""
    from ...core.marks import from_properties, read_custom_properties

    if "docProps/custom.xml" not in archive.names:
        return None
    try:
        root = parse_part(label, "docProps/custom.xml", archive.read("docProps/custom.xml"))
    except InputError:
        return None  # Word shows the text without its properties; so does the checker
    return from_properties(read_custom_properties(root))


def paragraph_text(element, w: str) -> str:
    parts: list[str] = []
    _collect(element, w, parts)
    return "".join(parts)


def _collect(element, w: str, parts: list[str]) -> None:
    """Depth is bounded by MAX_XML_DEPTH (checked while parsing), so recursion is safe."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag == MC_FALLBACK:
            continue
        local = tag[len(w):] if tag.startswith(w) else None
        if local == "t":
            parts.append(child.text or "")
        elif local in ("tab", "ptab"):
            parts.append("\t")
        elif local in ("br", "cr"):
            parts.append("\n")
        elif local == "noBreakHyphen":
            parts.append("-")
        elif local not in _SKIPPED:
            _collect(child, w, parts)


def _body_piece(paragraph, index: int, w: str, numbering: Numbering, headings: set[str]
                ) -> Piece | None:
    if any(True for _ in paragraph.iterancestors(MC_FALLBACK)):
        return None  # the same text box, repeated for old readers
    text = paragraph_text(paragraph, w)
    if not text.strip() and paragraph.find(f"{w}pPr/{w}rPr/{w}del") is not None:
        return None  # a paragraph deleted as a tracked change: Word does not number it
    numbered = numbering.label(paragraph)
    label = numbered[0] if numbered else None
    if label and text.strip():
        text = label + numbered[1] + text
    kind = "paragraph"
    if any(True for _ in paragraph.iterancestors(w + "tc")):
        kind = "table-cell"
    else:
        style = paragraph.find(f"{w}pPr/{w}pStyle")
        style_id = style.get(w + "val") if style is not None else None
        if style_id in headings or paragraph.find(f"{w}pPr/{w}outlineLvl") is not None:
            kind = "heading"
    return Piece(text, kind, index, label)


def _heading_styles(styles, w: str) -> set[str]:
    found: set[str] = set()
    if styles is None:
        return found
    for style in styles.iter(w + "style"):
        name = style.find(w + "name")
        name = (name.get(w + "val") or "").lower() if name is not None else ""
        if name.startswith("heading") or name == "title" or \
                style.find(f"{w}pPr/{w}outlineLvl") is not None:
            found.add(style.get(w + "styleId", ""))
    return found


def _part_number(name: str) -> int:
    digits = re.findall(r"\d+", name.rsplit("/", 1)[-1])
    return int(digits[0]) if digits else 0


def _extra_pieces(label: str, archive: CappedZip, w: str) -> list[Piece]:
    pieces: list[Piece] = []
    seen: set[tuple[str, str]] = set()
    for kind in ("header", "footer", "footnote", "endnote"):
        pattern = re.compile(rf"word/{kind}s?\d*\.xml")
        for name in sorted((n for n in archive.names if pattern.fullmatch(n)), key=_part_number):
            root = parse_part(label, name, archive.read(name))
            notes = [root] if kind in ("header", "footer") else [
                note for note in root.iter(w + kind) if note.get(w + "type") not in _NOTE_SEPARATORS]
            for note in notes:
                for paragraph in note.iter(w + "p"):
                    text = paragraph_text(paragraph, w)
                    block_kind = "footnote" if kind == "endnote" else kind
                    if text.strip() and (block_kind, text) not in seen:
                        seen.add((block_kind, text))  # the same header on every section once
                        pieces.append(Piece(text, block_kind))
    return pieces
