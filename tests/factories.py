"""Input files built at test time: normal documents and hostile ones.

Every factory takes a folder (pytest's ``tmp_path``) and returns the path it wrote.
DOCX files are written as OOXML by hand with zipfile (so tracked changes, content
controls and numbering are exactly what Word writes); PDFs are written by hand too
(Helvetica for English, a Type0/Identity-H font with a ToUnicode map for Japanese).
Nothing here is copied from a real contract: the sentences are made up for tests.

``HOSTILE`` lists (name, factory, words the refusal message must contain), shared by
tests/test_hostile_inputs.py and benchmarks/hostile.py.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from typing import Callable

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml"
MACRO_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# --- DOCX building blocks ------------------------------------------------------------


def run(text: str, props: str = "") -> str:
    return f'<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r>'


def ins(text: str) -> str:
    return f'<w:ins w:id="1" w:author="Test" w:date="2026-01-01T00:00:00Z">{run(text)}</w:ins>'


def dele(text: str) -> str:
    return (f'<w:del w:id="2" w:author="Test" w:date="2026-01-01T00:00:00Z">'
            f'<w:r><w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>')


def para(*runs: str, num: tuple[int, int] | None = None, style: str | None = None,
         deleted_mark: bool = False) -> str:
    props = ""
    if style:
        props += f'<w:pStyle w:val="{style}"/>'
    if num:
        props += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    if deleted_mark:
        props += '<w:rPr><w:del w:id="9" w:author="Test" w:date="2026-01-01T00:00:00Z"/></w:rPr>'
    props = f"<w:pPr>{props}</w:pPr>" if props else ""
    return f"<w:p>{props}{''.join(run(r) if not r.startswith('<') else r for r in runs)}</w:p>"


def table(rows: list[list[str]]) -> str:
    """rows of cells; each cell is paragraph XML (or plain text)."""
    body = "".join(
        "<w:tr>" + "".join(f"<w:tc>{c if c.startswith('<') else para(c)}</w:tc>" for c in row)
        + "</w:tr>" for row in rows)
    return f"<w:tbl><w:tblPr/>{body}</w:tbl>"


def level(ilvl: int, fmt: str, text: str, start: int = 1, suff: str | None = None,
          style: str | None = None) -> str:
    extra = f'<w:suff w:val="{suff}"/>' if suff else ""
    extra += f'<w:pStyle w:val="{style}"/>' if style else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'{extra}<w:lvlText w:val="{text}"/></w:lvl>')


def numbering(abstracts: dict[int, list[str]], nums: dict[int, int],
              overrides: dict[int, str] | None = None) -> str:
    parts = [f'<w:abstractNum w:abstractNumId="{a}">{"".join(levels)}</w:abstractNum>'
             for a, levels in abstracts.items()]
    parts += [f'<w:num w:numId="{n}"><w:abstractNumId w:val="{a}"/>'
              f'{(overrides or {}).get(n, "")}</w:num>' for n, a in nums.items()]
    return f'<w:numbering xmlns:w="{W}">{"".join(parts)}</w:numbering>'


def _document(body: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:document xmlns:w="{W}" xmlns:r="{R}" xmlns:mc="{MC}"><w:body>{body}'
            f'<w:sectPr/></w:body></w:document>')


def build_docx(path: Path, body: str, *, numbering_xml: str | None = None,
               styles_xml: str | None = None, headers: tuple[str, ...] = (),
               footers: tuple[str, ...] = (), footnotes: tuple[str, ...] = (),
               document_xml: str | None = None, main_type: str | None = None,
               extra: dict[str, bytes] | None = None) -> Path:
    """A DOCX Word and python-docx open; ``document_xml`` replaces the generated body."""
    parts: dict[str, str | bytes] = {"word/document.xml": document_xml or _document(body)}
    types = {"/word/document.xml": main_type or f"{DOC_TYPE}.document.main+xml"}
    rels = []

    def add(name: str, xml: str, kind: str) -> None:
        parts[f"word/{name}"] = xml
        types[f"/word/{name}"] = f"{DOC_TYPE}.{kind}+xml"
        rels.append(f'<Relationship Id="rId{len(rels) + 1}" Type="{OFFICE_REL}/{kind}" '
                    f'Target="{name}"/>')

    if numbering_xml:
        add("numbering.xml", numbering_xml, "numbering")
    if styles_xml:
        add("styles.xml", styles_xml, "styles")
    for i, text in enumerate(headers, 1):
        add(f"header{i}.xml", f'<w:hdr xmlns:w="{W}">{para(text)}</w:hdr>', "header")
    for i, text in enumerate(footers, 1):
        add(f"footer{i}.xml", f'<w:ftr xmlns:w="{W}">{para(text)}</w:ftr>', "footer")
    if footnotes:
        notes = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
                 '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
                 '<w:continuationSeparator/></w:r></w:p></w:footnote>')
        notes += "".join(f'<w:footnote w:id="{i}">{para(t)}</w:footnote>'
                         for i, t in enumerate(footnotes, 1))
        add("footnotes.xml", f'<w:footnotes xmlns:w="{W}">{notes}</w:footnotes>', "footnotes")
    overrides = "".join(f'<Override PartName="{n}" ContentType="{t}"/>' for n, t in types.items())
    parts["[Content_Types].xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        f'ContentType="application/xml"/>{overrides}</Types>')
    parts["_rels/.rels"] = (f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
                            f'Type="{OFFICE_REL}/officeDocument" Target="word/document.xml"/>'
                            '</Relationships>')
    parts["word/_rels/document.xml.rels"] = f'<Relationships xmlns="{RELS}">{"".join(rels)}</Relationships>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in {**parts, **(extra or {})}.items():
            archive.writestr(name, content)
    return path


# --- normal documents ------------------------------------------------------------------

EN_NUMBERING = numbering(
    {0: [level(0, "decimal", "Article %1"), level(1, "decimal", "%1.%2"),
         level(2, "lowerLetter", "(%3)")]},
    {1: 0})


def normal_docx(folder: Path) -> Path:
    """English: numbering, tracked changes, a table, content controls, a text box, a
    field, a tracked-deleted numbered paragraph, header, footer and footnote."""
    field = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText>'
             '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>' + run("3") +
             '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    textbox = ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>'
               + para("Boxed note") + '</w:txbxContent></w:drawing></mc:Choice><mc:Fallback>'
               '<w:pict><w:txbxContent>' + para("Boxed note") +
               '</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>')
    body = "".join([
        para("Joint Research Agreement", style="Title"),
        para("Purpose", num=(1, 0)),
        para("The parties ", ins("jointly "), "develop", dele("ment of"), " a soil sensor.",
             num=(1, 1)),
        para("first item", num=(1, 2)),
        para("second item", num=(1, 2)),
        para(dele("Withdrawn article"), num=(1, 0), deleted_mark=True),
        para("Ownership", num=(1, 0)),
        para("Results ", '<w:moveFrom w:id="5" w:author="T" w:date="2026-01-01T00:00:00Z">'
             + run("stale words ") + "</w:moveFrom>", "belong to ",
             '<w:moveTo w:id="6" w:author="T" w:date="2026-01-01T00:00:00Z">'
             + run("the Startup") + "</w:moveTo>", ".", num=(1, 1)),
        para("restarted item", num=(1, 2)),
        table([["Fee", "JPY 1,000,000"],
               [para("Milestone", "<w:r><w:tab/></w:r>", "one"),
                para("line one", "<w:r><w:br/></w:r>", "line two")]]),
        '<w:sdt><w:sdtPr><w:alias w:val="Law"/></w:sdtPr><w:sdtContent>'
        + para("Governed by the laws of Japan.") + "</w:sdtContent></w:sdt>",
        para("Licensee: ", '<w:sdt><w:sdtPr/><w:sdtContent>' + run("Acme KK")
             + "</w:sdtContent></w:sdt>"),
        para("Page ", field),
        para("See the drawing", textbox),
        para("Term", num=(1, 0)),
    ])
    return build_docx(folder / "normal.docx", body, numbering_xml=EN_NUMBERING,
                      styles_xml=f'<w:styles xmlns:w="{W}"><w:style w:type="paragraph" '
                                 f'w:styleId="Title"><w:name w:val="Title"/></w:style></w:styles>',
                      headers=("CONFIDENTIAL",), footers=("Draft for discussion",),
                      footnotes=("Amounts exclude consumption tax.",))


def japanese_docx(folder: Path) -> Path:
    """Japanese: 第N条 from a style linked to numbering, full-width 項 numbers, 号 in kanji."""
    numbering_xml = numbering(
        {0: [level(0, "decimal", "第%1条", suff="space", style="Jou"),
             level(1, "decimalFullWidth", "%2", suff="space"),
             level(2, "japaneseCounting", "%3", suff="space")],
         1: [level(0, "aiueo", "%1.", suff="nothing")]},
        {2: 0, 3: 1, 4: 1},
        overrides={4: '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'})
    styles_xml = (f'<w:styles xmlns:w="{W}"><w:style w:type="paragraph" w:styleId="Jou">'
                  '<w:name w:val="Article"/><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr>'
                  '</w:pPr></w:style></w:styles>')
    body = "".join([
        para("（目的）", style="Jou"),
        para("本契約は、甲及び乙が共同で行う研究の条件を定める。"),
        para("（成果の帰属）", style="Jou"),
        para("研究成果は、", ins("甲及び乙の"), dele("甲の単独の"), "共有とする。", num=(2, 1)),
        para("前項の持分は、均等とする。", num=(2, 1)),
        para("特許出願", num=(2, 2)),
        para("ノウハウ", num=(2, 2)),
        para("試料", num=(3, 0)),
        para("装置", num=(3, 0)),
        para("図面", num=(4, 0)),
    ])
    return build_docx(folder / "japanese.docx", body, numbering_xml=numbering_xml,
                      styles_xml=styles_xml)


def cp932_text(folder: Path) -> Path:
    path = folder / "shiftjis.txt"
    path.write_bytes("第1条（目的）\r\n本契約は、甲と乙の共同研究について定める。\r\n".encode("cp932"))
    return path


# --- PDF --------------------------------------------------------------------------------


def _pdf_string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def _pdf(objects: list[bytes]) -> bytes:
    """Serialise numbered objects (1-based, object 1 the catalog) with an xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


def _stream(content: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


def _font_objects(japanese: bool, chars: set[str], first: int) -> list[bytes]:
    """Font objects numbered from ``first``; the font itself is object ``first``."""
    if not japanese:
        return [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    pairs = sorted(ord(c) for c in chars)
    cmap = ["/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
            "1 begincodespacerange <0000> <FFFF> endcodespacerange"]
    for i in range(0, len(pairs), 100):
        chunk = pairs[i:i + 100]
        cmap.append(f"{len(chunk)} beginbfchar")
        cmap += [f"<{c:04X}> <{c:04X}>" for c in chunk]
        cmap.append("endbfchar")
    cmap += ["endcmap CMapName currentdict /CMap defineresource pop end end"]
    return [
        b"<< /Type /Font /Subtype /Type0 /BaseFont /MSMincho /Encoding /Identity-H "
        b"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (first + 1, first + 3),
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /MSMincho /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R "
        b"/DW 1000 /CIDToGIDMap /Identity >>" % (first + 2),
        b"<< /Type /FontDescriptor /FontName /MSMincho /Flags 4 /FontBBox [0 -120 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
        _stream("\n".join(cmap).encode("ascii")),
    ]


def build_pdf(path: Path, pages: list[list[str]], *, japanese: bool = False) -> Path:
    """One line of text per entry, top to bottom; an empty page draws a line only."""
    chars = {c for page in pages for line in page for c in line}
    font_first = 3 + 2 * len(pages)
    kids, page_objects = [], []
    for i, lines in enumerate(pages):
        page_number, content_number = 3 + 2 * i, 4 + 2 * i
        kids.append(b"%d 0 R" % page_number)
        ops = [b"0.5 w 40 40 m 500 40 l S"]
        for row, line in enumerate(lines):
            shown = ("<" + "".join(f"{ord(c):04X}" for c in line) + ">") if japanese \
                else _pdf_string(line)
            ops.append(b"BT /F1 10 Tf 40 %d Td %s Tj ET" % (800 - 14 * row, shown.encode("latin-1")))
        page_objects += [
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (content_number, font_first),
            _stream(b"\n".join(ops))]
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % len(pages)]
    objects += page_objects + _font_objects(japanese, chars, font_first)
    path.write_bytes(_pdf(objects))
    return path


EN_PDF_LINES = [
    "1. Purpose",
    "The Company and the Startup will evaluate the sensor together and share the",
    "test data they collect during the evaluation period, subject to the confiden-",
    "tiality terms set out below in this agreement.",
    "2. Ownership",
    "Each party keeps the inventions it makes alone. Joint inventions are owned by",
    "both parties in equal shares.",
    "(a) neither party may license a joint invention without the consent of the",
    "other party.",
]
JA_PDF_LINES = [
    "第１条（目的）",
    "本契約は、甲及び乙が共同で実施する土壌センサーの評価に関する条件を定めるも",
    "のとする。",
    "第２条（成果の帰属）",
    "本評価において単独でなされた発明は、その発明をした当事者に帰属するものとし",
    "、共同でなされた発明は甲乙の共有とする。",
    "２　前項の共有持分は、均等とする。",
]


def text_pdf(folder: Path) -> Path:
    return build_pdf(folder / "english.pdf", [EN_PDF_LINES])


def japanese_pdf(folder: Path) -> Path:
    return build_pdf(folder / "japanese.pdf", [JA_PDF_LINES], japanese=True)


# --- hostile inputs -----------------------------------------------------------------------


def encrypted_pdf(folder: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    plain = text_pdf(folder)
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="open-sesame", owner_password="owner", algorithm="RC4-128")
    path = folder / "encrypted.pdf"
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def scanned_pdf(folder: Path) -> Path:
    return build_pdf(folder / "scan.pdf", [[], [], []])


def pdf_10000_pages(folder: Path) -> Path:
    """10,000 pages sharing one tiny content stream (written directly: seconds, not minutes)."""
    count = 10_000
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (4 + i) for i in range(count))
               + b"] /Count %d >>" % count,
               _stream(b"BT /F1 10 Tf 40 800 Td (A page of a very long schedule.) Tj ET")]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"] * count
    path = folder / "pages10000.pdf"
    path.write_bytes(_pdf(objects))
    return path


def not_a_pdf(folder: Path) -> Path:
    path = folder / "fake.pdf"
    path.write_text("This is a plain note saved with the wrong name.\n")
    return path


def truncated_pdf(folder: Path) -> Path:
    path = folder / "truncated.pdf"
    path.write_bytes(text_pdf(folder).read_bytes()[:150])
    return path


def zip_bomb_ratio(folder: Path) -> Path:
    """document.xml padded with 20 MB of spaces: ~1000:1, far past any real Word part."""
    padding = " " * (20 * 2**20)
    xml = _document(para("Bomb") + f"<!-- -->{padding}")
    return build_docx(folder / "bomb_ratio.docx", "", document_xml=xml)


def zip_bomb_huge(folder: Path) -> Path:
    """A member declaring 400 MB of zeros, compressed in streaming so the test stays cheap."""
    path = folder / "bomb_huge.docx"
    build_docx(path, para("Small"))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/media/filler.bin", "w", force_zip64=True) as member:
            chunk = b"\0" * 2**20
            for _ in range(400):
                member.write(chunk)
    return path


def zip_bomb_forged(folder: Path) -> Path:
    """A member whose headers claim 100 bytes but which inflates to 30 MB: the reader
    must not trust declared sizes."""
    path = folder / "bomb_forged.docx"
    xml = _document(para("Forged") + "<!--" + "x" * (30 * 2**20) + "-->").encode()
    build_docx(path, "", document_xml=xml.decode())
    data = bytearray(path.read_bytes())
    real = len(xml).to_bytes(4, "little")
    fake = (100).to_bytes(4, "little")
    name = b"word/document.xml"
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature + b"")
        while at != -1:  # patch the size field of every header naming document.xml
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at:name_at + len(name)] == name and data[at + size_at:at + size_at + 4] == real:
                data[at + size_at:at + size_at + 4] = fake
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    return path


def billion_laughs_docx(folder: Path) -> Path:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]>'
           f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'
           f'</w:body></w:document>')
    return build_docx(folder / "laughs.docx", "", document_xml=xml)


def external_entity_docx(folder: Path) -> Path:
    xml = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
           f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&secret;</w:t></w:r></w:p>'
           f'</w:body></w:document>')
    return build_docx(folder / "xxe.docx", "", document_xml=xml)


def not_a_zip_docx(folder: Path) -> Path:
    path = folder / "plain.docx"
    path.write_text("Meeting notes, saved as .docx by mistake.\n")
    return path


def truncated_docx(folder: Path) -> Path:
    whole = normal_docx(folder).read_bytes()
    path = folder / "truncated.docx"
    path.write_bytes(whole[: len(whole) // 2])
    return path


def no_document_docx(folder: Path) -> Path:
    path = folder / "hollow.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/styles.xml", f'<w:styles xmlns:w="{W}"/>')
    return path


def encrypted_docx(folder: Path) -> Path:
    """Word saves password-protected files as an OLE compound file (this header + sectors)."""
    path = folder / "locked.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4088)
    return path


def docm_renamed(folder: Path) -> Path:
    return build_docx(folder / "macros.docx", para("Enable content to view."),
                      main_type=MACRO_TYPE, extra={"word/vbaProject.bin": b"\0VBA" * 64})


def empty_docx(folder: Path) -> Path:
    path = folder / "empty.docx"
    path.write_bytes(b"")
    return path


def empty_txt(folder: Path) -> Path:
    path = folder / "empty.txt"
    path.write_bytes(b"")
    return path


def many_paragraphs_docx(folder: Path) -> Path:
    body = "".join(f"<w:p><w:r><w:t>Clause {i}.</w:t></w:r></w:p>" for i in range(100_000))
    return build_docx(folder / "many.docx", body)


def element_flood_docx(folder: Path) -> Path:
    """1.2 million tiny elements in 40,000 paragraphs: small on disk, under the ratio
    limit, but a parsed tree of it would take hundreds of MB."""
    runs = [f"<w:r><w:t>{i} </w:t></w:r>" for i in range(600_000)]
    body = "".join("<w:p>" + "".join(runs[i:i + 15]) + "</w:p>" for i in range(0, len(runs), 15))
    return build_docx(folder / "flood.docx", body)


def nested_tables_docx(folder: Path, depth: int = 50) -> Path:
    inner = para("deep")
    for _ in range(depth):
        inner = f"<w:tbl><w:tr><w:tc>{inner}{para('')}</w:tc></w:tr></w:tbl>"
    return build_docx(folder / "nested.docx", inner + para("after"))


def deep_xml_docx(folder: Path) -> Path:
    """10,000 nested elements: past lxml's own limit and ours."""
    xml = _document("<w:p>" + "<w:ins>" * 10_000 + run("x") + "</w:ins>" * 10_000 + "</w:p>")
    return build_docx(folder / "deep.docx", "", document_xml=xml)


def binary_txt(folder: Path) -> Path:
    path = folder / "binary.txt"
    path.write_bytes(bytes(range(256)) * 64)
    return path


def control_txt(folder: Path) -> Path:
    path = folder / "controls.txt"
    path.write_bytes(bytes(range(1, 32)) * 200)
    return path


def invalid_utf8_txt(folder: Path) -> Path:
    path = folder / "broken.txt"
    path.write_bytes(b"Article 1 \x81\x20 \xc3\x28 \xff\xff terms\n")
    return path


def huge_txt(folder: Path) -> Path:
    """200 MB, sparse: the file claims the size without using the disk or memory."""
    path = folder / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(200 * 2**20)
    return path


def long_line_txt(folder: Path) -> Path:
    path = folder / "longline.txt"
    path.write_bytes(b"A" * (5 * 2**20) + b"\n")
    return path


def fifo_txt(folder: Path) -> Path:
    """A named pipe: opening it would block forever, so readers must not."""
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return path


def folder_named_docx(folder: Path) -> Path:
    path = folder / "contract.docx"
    path.mkdir()
    return path


def unsupported_suffix(folder: Path) -> Path:
    path = folder / "contract.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    return path


def symlink_loop_dir(folder: Path) -> Path:
    top = folder / "loop"
    (top / "sub").mkdir(parents=True)
    (top / "a.txt").write_text("Article 1 The parties agree.\n")
    (top / "sub" / "b.md").write_text("# Article 2\nTerms.\n")
    os.symlink(top, top / "sub" / "back")
    os.symlink(top / "sub", top / "sideways")
    return top


def unreadable_txt(folder: Path) -> Path:
    path = folder / "secret.txt"
    path.write_text("Article 1 Secret terms.\n")
    path.chmod(0)
    return path


# name, factory, words (lower case) the one-line refusal must contain
HOSTILE: list[tuple[str, Callable[[Path], Path], tuple[str, ...]]] = [
    ("zip-bomb-ratio", zip_bomb_ratio, ("zip bomb",)),
    ("zip-bomb-400mb", zip_bomb_huge, ("zip bomb",)),
    ("zip-bomb-forged-size", zip_bomb_forged, ("damaged",)),
    ("billion-laughs", billion_laughs_docx, ("dtd",)),
    ("external-entity", external_entity_docx, ("dtd",)),
    ("not-a-zip", not_a_zip_docx, ("not a docx",)),
    ("truncated-zip", truncated_docx, ("truncated",)),
    ("no-document-xml", no_document_docx, ("word/document.xml",)),
    ("encrypted-docx", encrypted_docx, ("password",)),
    ("docm-renamed", docm_renamed, ("macro",)),
    ("empty-docx", empty_docx, ("empty",)),
    ("empty-txt", empty_txt, ("empty",)),
    ("100k-paragraphs", many_paragraphs_docx, ("paragraphs",)),
    ("element-flood", element_flood_docx, ("elements",)),
    ("nested-tables-50", nested_tables_docx, ("deep",)),
    ("deep-xml", deep_xml_docx, ("deep",)),
    ("binary-txt", binary_txt, ("binary",)),
    ("control-chars-txt", control_txt, ("binary",)),
    ("invalid-utf8", invalid_utf8_txt, ("utf-8",)),
    ("200mb-txt", huge_txt, ("limit",)),
    ("5mb-line", long_line_txt, ("without a space",)),
    ("fifo", fifo_txt, ("not a regular file",)),
    ("folder-named-docx", folder_named_docx, ("folder",)),
    ("unsupported-suffix", unsupported_suffix, ("unsupported",)),
    ("encrypted-pdf", encrypted_pdf, ("encrypted",)),
    ("scanned-pdf", scanned_pdf, ("ocr",)),
    ("10000-page-pdf", pdf_10000_pages, ("pages",)),
    ("not-a-pdf", not_a_pdf, ("not a pdf",)),
    ("truncated-pdf", truncated_pdf, ("pdf",)),
]


# --- hostile answers, config files and paths (kyoso draft / kyoso check) -------------------------
# Each builder writes its files into folder and returns the kyoso arguments to run; the
# command must exit 2 with a one-line error containing the words in HOSTILE_COMMANDS.

JDA = "joint-development"
LAUGHS_YAML = ("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
               "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c]\n")
PYTHON_TAG_YAML = "startup: !!python/object/apply:os.system ['touch PWNED']\n"
DEEP_YAML = "x: " + "[" * 100_000 + "]" * 100_000 + "\n"


def _example_answers() -> str:
    return (Path(__file__).resolve().parent.parent / "clauses" / "examples" / f"{JDA}.yaml").read_text(
        encoding="utf-8")


def _draft_with(folder: Path, text: str) -> list[str]:
    answers = folder / "answers.yaml"
    answers.write_text(text, encoding="utf-8")
    return ["draft", JDA, "--answers", str(answers), "-o", str(folder / "draft.docx")]


def _check_with_config(folder: Path, text: str) -> list[str]:
    config = folder / "kyoso.yaml"
    config.write_text(text, encoding="utf-8")
    document = folder / "contract.txt"
    document.write_text("Article 1 The parties shall cooperate.\n")
    return ["check", str(document), "--config", str(config), "-o", str(folder / "report.json")]


def answers_billion_laughs(folder: Path) -> list[str]:
    return _draft_with(folder, LAUGHS_YAML)


def answers_python_tag(folder: Path) -> list[str]:
    return _draft_with(folder, PYTHON_TAG_YAML)


def answers_deep_nesting(folder: Path) -> list[str]:
    return _draft_with(folder, DEEP_YAML)


def answers_flow_list_1mb(folder: Path) -> list[str]:
    """Just under the YAML size limit: half a million list entries, all valid YAML."""
    return _draft_with(folder, "x: [" + "1," * 520_000 + "1]\n")


def answers_many_keys_1mb(folder: Path) -> list[str]:
    return _draft_with(folder, "".join(f"k{i}: {i}\n" for i in range(75_000)))


def answers_oversize(folder: Path) -> list[str]:
    return _draft_with(folder, "# padding\n" * 300_000)


def answers_5000_digits(folder: Path) -> list[str]:
    return _draft_with(folder, _example_answers().replace("schedule_days: 30",
                                                          "schedule_days: " + "9" * 5_000))


def answers_huge_integer(folder: Path) -> list[str]:
    return _draft_with(folder, _example_answers().replace("schedule_days: 30",
                                                          f"schedule_days: {10**100}"))


def answers_impossible_date(folder: Path) -> list[str]:
    return _draft_with(folder, _example_answers().replace('signing_date: "2026-09-01"',
                                                          "signing_date: 2026-02-30"))


def answers_bidi_override(folder: Path) -> list[str]:
    return _draft_with(folder, _example_answers().replace("en: ThermoLink Inc.}",
                                                          'en: "Thermo\\u202eLink Inc."}'))


def answers_lone_surrogate(folder: Path) -> list[str]:
    return _draft_with(folder, _example_answers().replace("en: ThermoLink Inc.}",
                                                          'en: "Thermo\\ud800Link Inc."}'))


def answers_symlink_loop(folder: Path) -> list[str]:
    os.symlink(folder / "b.yaml", folder / "a.yaml")
    os.symlink(folder / "a.yaml", folder / "b.yaml")
    return ["draft", JDA, "--answers", str(folder / "a.yaml"), "-o", str(folder / "draft.docx")]


def answers_fifo(folder: Path) -> list[str]:
    """A named pipe with no writer: reading it would block forever."""
    os.mkfifo(folder / "answers.yaml")
    return ["draft", JDA, "--answers", str(folder / "answers.yaml"), "-o", str(folder / "draft.docx")]


def answers_dev_zero(folder: Path) -> list[str]:
    """A device that reports size 0 and never ends."""
    return ["draft", JDA, "--answers", "/dev/zero", "-o", str(folder / "draft.docx")]


def config_fifo(folder: Path) -> list[str]:
    args = _check_with_config(folder, "")
    os.unlink(args[3])
    os.mkfifo(args[3])
    return args


def config_billion_laughs(folder: Path) -> list[str]:
    return _check_with_config(folder, LAUGHS_YAML)


def config_python_tag(folder: Path) -> list[str]:
    return _check_with_config(folder, "fail_on: !!python/object/apply:os.system ['touch PWNED']\n")


def config_deep_nesting(folder: Path) -> list[str]:
    return _check_with_config(folder, DEEP_YAML)


def config_flow_list_1mb(folder: Path) -> list[str]:
    return _check_with_config(folder, "rules: [" + "1," * 520_000 + "1]\n")


def draft_into_missing_folder(folder: Path) -> list[str]:
    args = _draft_with(folder, _example_answers())
    return args[:-1] + [str(folder / "missing" / "dir" / "draft.docx")]


def draft_over_its_answers(folder: Path) -> list[str]:
    args = _draft_with(folder, _example_answers())
    return args[:-1] + [args[3], "--format", "docx", "--force"]


def check_report_into_missing_folder(folder: Path) -> list[str]:
    return ["check", str(normal_docx(folder)), "-o", str(folder / "missing" / "report.json")]


def annotate_over_its_input(folder: Path) -> list[str]:
    document = normal_docx(folder)
    return ["check", str(document), "--annotate", str(document), "--force"]


# name, builder, words (lower case) the one-line error must contain
HOSTILE_COMMANDS: list[tuple[str, Callable[[Path], list[str]], tuple[str, ...]]] = [
    ("answers-billion-laughs", answers_billion_laughs, ("anchors",)),
    ("answers-python-tag", answers_python_tag, ("python/object/apply",)),
    ("answers-deep-nesting", answers_deep_nesting, ("too deep",)),
    ("answers-flow-list-1mb", answers_flow_list_1mb, ("unknown answer",)),
    ("answers-75k-keys", answers_many_keys_1mb, ("unknown answer", "more")),
    ("answers-oversize", answers_oversize, ("larger than",)),
    ("answers-5000-digits", answers_5000_digits, ("longer than",)),
    ("answers-10**100", answers_huge_integer, ("schedule_days", "maximum")),
    ("answers-2026-02-30", answers_impossible_date, ("signing_date", "not a real date")),
    ("answers-bidi-override", answers_bidi_override, ("startup.name.en", "u+202e")),
    ("answers-lone-surrogate", answers_lone_surrogate, ("surrogate",)),
    ("answers-symlink-loop", answers_symlink_loop, ("symbolic links",)),
    ("answers-fifo", answers_fifo, ("not a regular file",)),
    ("answers-dev-zero", answers_dev_zero, ("not a regular file",)),
    ("config-fifo", config_fifo, ("not a regular file",)),
    ("config-billion-laughs", config_billion_laughs, ("anchors",)),
    ("config-python-tag", config_python_tag, ("python/object/apply",)),
    ("config-deep-nesting", config_deep_nesting, ("too deep",)),
    ("config-flow-list-1mb", config_flow_list_1mb, ("rules",)),
    ("draft-missing-folder", draft_into_missing_folder, ("does not exist",)),
    ("draft-over-answers", draft_over_its_answers, ("same as an input",)),
    ("check-missing-folder", check_report_into_missing_folder, ("does not exist",)),
    ("annotate-over-input", annotate_over_its_input, ("same as an input",)),
]
