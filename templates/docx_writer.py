"""Blocks → DOCX with real Word structure (styles, headings, fields, properties).

Word users navigate and restyle by style, so every block maps to a style rather than
to direct formatting: Title, Heading 1 per article (the navigation pane becomes a
table of contents), Normal for clause text with hanging indents for numbers.
"""

from __future__ import annotations

import io
import weakref
from dataclasses import dataclass

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ..core.marks import Marks
from .blocks import Block

# Mincho is what Japanese contracts are set in; Yu Mincho ships with current Windows
# and macOS (Word substitutes a Mincho where it is missing).
EAST_ASIAN_FONT = "游明朝"
LATIN_FONT = {"ja": "Century", "en": "Times New Roman"}  # Century: the usual Latin face beside Mincho
BODY_SIZE = {"ja": Pt(10.5), "en": Pt(11)}  # 10.5 pt is the Japanese business default
# Hanging indents: the number sits left of the text column. Wider than the widest
# label ("２" is one em; "12.10" a few), else the tab after it jumps a whole stop.
LABEL_INDENT = {"ja": Pt(21), "en": Pt(36)}
ITEM_INDENT = {"ja": Pt(21), "en": Pt(27)}


@dataclass(frozen=True)
class DocInfo:
    """Core properties: what Explorer/Finder and document management systems show."""

    title: str
    language: str  # "ja-JP", "en-US", "ja-JP, en-US"
    subject: str = ""
    keywords: str = ""
    marks: Marks | None = None  # kyoso's own marks, written as custom properties


def write_docx(blocks: list[Block], langs: list[str], info: DocInfo) -> bytes:
    main = langs[0]
    document = Document()
    _set_page(document)
    _set_styles(document, main)
    _add_page_number(document)
    _set_properties(document, info)

    body = [b for b in blocks if b.kind != "title"]
    for block in blocks:
        if block.kind == "title":
            _add_title(document, block, langs)
    if len(langs) == 1:
        for block in body:
            paragraph = document.add_paragraph()
            _fill(paragraph, block, main)
            if block.kind == "annex":  # each annex on a new page
                paragraph.paragraph_format.page_break_before = True
    else:
        # Each annex starts a new page: the table is split there, with a page break between.
        parts: list[list[Block]] = [[]]
        for block in body:
            if block.kind == "annex":
                parts.append([])
            parts[-1].append(block)
        for index, part in enumerate(p for p in parts if p):
            if index:
                document.add_page_break()
            _add_side_by_side(document, part, langs)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_page(document) -> None:
    # A4 for every language: the parties are Japanese companies and print on A4.
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(25)
        section.top_margin, section.bottom_margin = Mm(25), Mm(20)


def _name_fonts(rpr, lang: str) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)  # rFonts is the first child of rPr
    # Theme font attributes (asciiTheme, eastAsiaTheme…) win over named fonts, so the
    # defaults and built-in headings would keep Calibri/MS Gothic unless they go.
    for attr in list(fonts.attrib):
        if attr.endswith("Theme") or attr.endswith("theme"):
            del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), LATIN_FONT[lang])
    fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)


def _tag_language(rpr) -> None:
    tag = rpr.find(qn("w:lang"))
    if tag is None:  # w:lang sits near the end of rPr, after fonts and size
        tag = OxmlElement("w:lang")
        rpr.append(tag)
    # What Japanese Word itself writes: Latin runs proofed as English, East Asian
    # runs as Japanese (line breaking, kinsoku, proofing), in every language mode.
    tag.set(qn("w:val"), "en-US")
    tag.set(qn("w:eastAsia"), "ja-JP")


def _set_styles(document, lang: str) -> None:
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _name_fonts(defaults, lang)
    _tag_language(defaults)
    for name, size in (("Normal", BODY_SIZE[lang]), ("Title", Pt(16)), ("Subtitle", Pt(13)),
                       ("Heading 1", BODY_SIZE[lang]), ("Heading 2", BODY_SIZE[lang])):
        style = styles[name]
        style.font.size, style.font.color.rgb = size, RGBColor(0, 0, 0)
        _name_fonts(style.element.get_or_add_rPr(), lang)
        if name != "Normal":
            style.font.bold, style.font.italic = True, False
            style.paragraph_format.alignment = (
                None if name in ("Heading 1", "Heading 2") else WD_ALIGN_PARAGRAPH.CENTER)
    _tag_language(styles["Normal"].element.get_or_add_rPr())
    styles["Normal"].paragraph_format.space_after = Pt(4)
    heading = styles["Heading 1"].paragraph_format
    heading.space_before, heading.space_after, heading.keep_with_next = Pt(10), Pt(3), True


def _add_page_number(document) -> None:
    # A PAGE field, not a number: Word fills it in on every page.
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _set_properties(document, info: DocInfo) -> None:
    props = document.core_properties
    props.title, props.language = info.title, info.language
    props.subject, props.keywords = info.subject, info.keywords
    props.author = props.last_modified_by = "kyoso"
    props.comments = "Draft for negotiation; review before signing."
    if info.marks is not None:
        _add_marks(document, info.marks)


def _add_marks(document, marks: Marks) -> None:
    """Custom properties (docProps/custom.xml): Word keeps them through edits and saves,
    where a comment or hidden text would be lost or printed."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    from ..core.marks import (CUSTOM_CONTENT_TYPE, CUSTOM_PART, CUSTOM_RELTYPE,
                              custom_properties_xml, to_properties)

    package = document.part.package
    part = Part(PackURI(CUSTOM_PART), CUSTOM_CONTENT_TYPE,
                custom_properties_xml(to_properties(marks)), package)
    package.relate_to(part, CUSTOM_RELTYPE)


def _add_title(document, block: Block, langs: list[str]) -> None:
    document.add_paragraph(block.text[langs[0]], style="Title")
    for lang in langs[1:]:
        document.add_paragraph(block.text[lang], style="Subtitle")


def _add_side_by_side(document, blocks: list[Block], langs: list[str]) -> None:
    # A two-column table without borders keeps each Japanese paragraph level with its
    # English twin across page breaks; Word's text columns would let them drift apart.
    # Table style None is "Normal Table", which draws no borders.
    table = document.add_table(rows=0, cols=len(langs))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    width = Mm(160) // len(langs)
    for block in blocks:
        cells = table.add_row().cells
        for lang, cell in zip(langs, cells):
            cell.width = width
            _fill(cell.paragraphs[0], block, lang)


_STYLE_IDS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _set_style(paragraph, name: str) -> None:
    # python-docx's ``paragraph.style = name`` scans every style of the document twice
    # per call (to resolve the name and to compare with the default), which made
    # headings the slowest part of a pack; the id is looked up once per document.
    styles = paragraph.part.styles
    ids = _STYLE_IDS.setdefault(styles.element, {})
    if name not in ids:
        ids[name] = styles[name].style_id
    paragraph._p.style = ids[name]


def _fill(paragraph, block: Block, lang: str) -> None:
    """Write one block into one (empty) paragraph."""
    fmt = paragraph.paragraph_format
    label = block.label_for(lang)
    if block.kind == "heading":
        _set_style(paragraph, "Heading 1")
    elif block.kind == "annex":
        # Heading 2: the annexes are not articles, and readers (kyoso lint-draft, Word's
        # navigation pane) must not count them among 第N条.
        _set_style(paragraph, "Heading 2")
        fmt.keep_with_next = True
    elif block.kind in ("paragraph", "item", "signature"):
        indent = LABEL_INDENT[lang] + (ITEM_INDENT[lang] if block.kind == "item" else 0)
        fmt.left_indent, fmt.first_line_indent = indent, -LABEL_INDENT[lang] if label else 0
        if block.kind == "signature":
            fmt.space_before, fmt.keep_together = Pt(18), True
    elif block.kind in ("preamble", "closing"):
        fmt.first_line_indent = BODY_SIZE[lang] if lang == "ja" else None
        fmt.space_before = Pt(10) if block.kind == "closing" else None
    elif block.kind == "date":
        fmt.space_before = Pt(12)
    if label:
        paragraph.add_run(label + "\t")
    lines = block.text[lang].split("\n")
    run = paragraph.add_run(lines[0])
    for line in lines[1:]:  # a break, not a new paragraph: the signature stays one block
        run.add_break()
        run.add_text(line)
