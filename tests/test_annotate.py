"""--annotate: a commented copy of the DOCX that Word can open; the original untouched."""

from __future__ import annotations

import hashlib
import io
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from lxml import etree

from kyoso.checker.model import Block, Finding, Location
from kyoso.checker.report.annotate import annotate_docx, block_for, comment_text
from kyoso.core.errors import OutputError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}

PARAGRAPHS = [
    "Article 1 (Purpose)",
    "The parties will jointly develop a sensor for farm drones.",
    "Article 7 (Ownership of Results)",
    "All results of the project belong to the Company alone.",
]
INSERTED = "The Startup may not file any patent application."


def make_docx(path):
    """Four plain paragraphs plus one whose only text sits in a tracked insertion."""
    document = docx.Document()
    for text in PARAGRAPHS:
        document.add_paragraph(text)
    paragraph = document.add_paragraph()
    paragraph._p.append(parse_xml(
        f'<w:ins xmlns:w="{W}" w:id="90" w:author="counsel" w:date="2026-01-01T00:00:00Z">'
        f"<w:r><w:t>{INSERTED}</w:t></w:r></w:ins>"))
    document.save(path)
    return path


def blocks_for(texts):
    blocks, offset = [], 0
    for index, text in enumerate(texts):
        blocks.append(Block(text, offset, offset + len(text), source=index))
        offset += len(text) + 1
    return blocks


def finding_at(block, message, severity="high"):
    return Finding(
        rule="ip-assignment/vesting", category="ip-assignment", severity=severity,
        message=message, location=Location("Article 7", None, block.start + 4, block.end),
        excerpt=block.text, favours="Company",
        suggestion_clause="joint-development/ip_ownership",
        suggestion_text="Results belong to the party whose staff created them.\nJoint results are shared.",
        rationale="A one-way transfer of every result is a warning sign in the guideline.")


def read_parts(path):
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture
def annotated(tmp_path):
    source = make_docx(tmp_path / "deal.docx")
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    blocks = blocks_for(PARAGRAPHS + [INSERTED])
    findings = [finding_at(blocks[3], "Every result goes to the Company."),
                finding_at(blocks[3], "No payment for the transfer.", "medium"),
                finding_at(blocks[4], "Only the startup is barred from filing.")]
    out = tmp_path / "deal.reviewed.docx"
    written, count, skipped = annotate_docx(source.read_bytes(), blocks, findings, "en", out,
                                            inputs=(source,))
    return source, before, out, count, skipped


def test_comments_are_written_and_anchored(annotated):
    source, before, out, count, skipped = annotated
    assert (count, skipped) == (3, 0)
    parts = read_parts(out)
    comments = etree.fromstring(parts["word/comments.xml"])
    body = etree.fromstring(parts["word/document.xml"])
    comment_ids = [c.get(f"{{{W}}}id") for c in comments.findall("w:comment", NS)]
    assert len(comment_ids) == 3 and len(set(comment_ids)) == 3
    assert all(c.get(f"{{{W}}}author") == "kyoso" for c in comments.findall("w:comment", NS))
    for tag in ("commentRangeStart", "commentRangeEnd", "commentReference"):
        assert sorted(e.get(f"{{{W}}}id") for e in body.iter(f"{{{W}}}{tag}")) == sorted(comment_ids)
    texts = ["\n".join("".join(t.text or "" for t in p.iter(f"{{{W}}}t"))
                       for p in c.findall("w:p", NS)) for c in comments.findall("w:comment", NS)]
    assert texts[0].startswith("[HIGH] ip-assignment: Every result goes to the Company.")
    assert "Why: A one-way transfer" in texts[0]
    assert "Suggested model wording (joint-development/ip_ownership):" in texts[0]
    assert "Joint results are shared." in texts[0]
    # the paragraphs that carry the ranges are the flagged ones, whole
    paragraphs = body.findall(".//w:body//w:p", NS) or body.xpath("//w:body//w:p", namespaces=NS)
    flagged = [p for p in paragraphs if p.find("w:commentRangeStart", NS) is not None]
    assert ["".join(t.text for t in p.iter(f"{{{W}}}t")) for p in flagged] == [PARAGRAPHS[3], INSERTED]
    assert "comments+xml" in parts["[Content_Types].xml"].decode()
    assert "relationships/comments" in parts["word/_rels/document.xml.rels"].decode()
    # python-docx can reopen it (a proxy for "Word opens it")
    assert len(docx.Document(io.BytesIO(out.read_bytes())).comments) == 3


def test_original_is_untouched(annotated):
    source, before, *_ = annotated
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before


def test_refuses_to_overwrite_and_to_write_over_the_input(annotated):
    source, before, out, *_ = annotated
    blocks = blocks_for(PARAGRAPHS + [INSERTED])
    with pytest.raises(OutputError, match="already exists"):
        annotate_docx(source.read_bytes(), blocks, [], "en", out, inputs=(source,))
    with pytest.raises(OutputError, match="same as an input"):
        annotate_docx(source.read_bytes(), blocks, [], "en", source, force=True, inputs=(source,))
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before


FOOTNOTE = "The Startup may not file any patent without the Company's consent."
HEADER = "All improvements are assigned to the Company."


def make_docx_with_notes(path):
    """PARAGRAPHS, a page header, and a footnote whose mark sits in paragraph 2.
    python-docx cannot write footnotes, so the part is added to the package by hand."""
    document = docx.Document()
    for text in PARAGRAPHS:
        document.add_paragraph(text)
    document.sections[0].header.paragraphs[0].text = HEADER
    document.paragraphs[1]._p.append(parse_xml(
        f'<w:r xmlns:w="{W}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        f'<w:footnoteReference w:id="1"/></w:r>'))
    buffer = io.BytesIO()
    document.save(buffer)
    parts = read_parts(buffer)
    parts["word/footnotes.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W}">'
        f'<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        f'<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
        f'</w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>{FOOTNOTE}</w:t></w:r></w:p>'
        f'</w:footnote></w:footnotes>').encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", (
        b'<Override PartName="/word/footnotes.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>'))
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdKyosoNotes" Type="http://schemas.openxmlformats'
        b'.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def test_findings_in_headers_and_footnotes_are_anchored_in_the_body(tmp_path):
    from kyoso.checker.readers import read_document

    source = make_docx_with_notes(tmp_path / "deal.docx")
    before = read_parts(source)
    read = read_document(str(source))
    kinds = {block.kind: block for block in read.blocks}
    assert {"header", "footnote"} <= set(kinds)  # the reader sees both
    findings = [finding_at(kinds["header"], "Improvements go to the Company."),
                finding_at(kinds["footnote"], "Only the startup needs consent to file."),
                finding_at(read.blocks[3], "Every result goes to the Company.")]
    out = tmp_path / "out.docx"
    _, count, skipped = annotate_docx(source.read_bytes(), read.blocks, findings, "en", out,
                                      inputs=(source,))
    assert (count, skipped) == (3, 0)
    parts = read_parts(out)
    body = etree.fromstring(parts["word/document.xml"])
    comments = etree.fromstring(parts["word/comments.xml"]).findall("w:comment", NS)
    text_of = {c.get(f"{{{W}}}id"): "\n".join("".join(t.text or "" for t in p.iter(f"{{{W}}}t"))
                                              for p in c.findall("w:p", NS)) for c in comments}
    anchored = {}
    for paragraph in body.iter(f"{{{W}}}p"):
        for start in paragraph.findall("w:commentRangeStart", NS):
            anchored[start.get(f"{{{W}}}id")] = "".join(t.text or "" for t in paragraph.iter(f"{{{W}}}t"))
    by_message = {text.split("\n")[1 if text.startswith("In ") else 0]: (text, anchored[cid])
                  for cid, text in text_of.items()}
    header_text, header_anchor = by_message["[HIGH] ip-assignment: Improvements go to the Company."]
    assert header_text.startswith(f"In the page header: “{HEADER}”")
    assert header_anchor == PARAGRAPHS[0]  # the first body paragraph with text
    note_text, note_anchor = by_message["[HIGH] ip-assignment: Only the startup needs consent to file."]
    assert note_text.startswith(f"In footnote 1: “{FOOTNOTE}”")
    assert note_anchor == PARAGRAPHS[1]  # the paragraph that carries the footnote mark
    body_text, body_anchor = by_message["[HIGH] ip-assignment: Every result goes to the Company."]
    assert body_anchor == PARAGRAPHS[3]
    # headers, footers and notes themselves are left exactly as they were
    for name in before:
        if name.startswith(("word/header", "word/footer", "word/footnotes")):
            assert parts[name] == before[name]
    assert read_parts(source) == before
    assert len(docx.Document(io.BytesIO(out.read_bytes())).comments) == 3


def test_japanese_outside_body_comment_says_where():
    block = Block("ヘッダーの文言", 0, 7, kind="header")
    finding = finding_at(block, "改良発明はすべて甲に譲渡される。")
    text = comment_text(finding, "ja", "ヘッダーの記載：「ヘッダーの文言」")
    assert text.splitlines()[:2] == ["ヘッダーの記載：「ヘッダーの文言」",
                                     "【高】ip-assignment：改良発明はすべて甲に譲渡される。"]


def test_a_body_without_text_cannot_carry_an_outside_finding(tmp_path):
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = HEADER
    path = tmp_path / "empty.docx"
    document.save(path)
    block = Block(HEADER, 0, len(HEADER), kind="header")
    _, count, skipped = annotate_docx(path.read_bytes(), [block], [finding_at(block, "x")], "en",
                                      tmp_path / "out.docx")
    assert (count, skipped) == (0, 1)


def test_japanese_comment_text():
    finding = finding_at(Block("乙に帰属する", 0, 6, source=0), "成果はすべて乙に帰属します。")
    finding.rationale = "一方的な帰属は問題となりうる。"
    finding.suggestion_text = "成果は、創出した当事者に帰属する。"
    text = comment_text(finding, "ja")
    assert text.splitlines() == ["【高】ip-assignment：成果はすべて乙に帰属します。",
                                 "理由：一方的な帰属は問題となりうる。",
                                 "推奨モデル条項（joint-development/ip_ownership）：",
                                 "成果は、創出した当事者に帰属する。"]


def test_control_characters_never_reach_the_xml():
    finding = finding_at(Block("x", 0, 1, source=0), "bad\x01char")
    assert "\x01" not in comment_text(finding, "en")


def test_block_lookup_by_offset():
    blocks = blocks_for(["abc", "defg"])
    assert block_for(blocks, 0).text == "abc"
    assert block_for(blocks, 5).text == "defg"
    assert block_for(blocks, 100) is None
