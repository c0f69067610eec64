"""The DOCX a draft produces has real Word structure, read back with python-docx."""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from kyoso.clauses.answers import resolve
from kyoso.templates.api import draft_bytes
from test_draft import tiny, tiny_answers  # noqa: F401  (tiny is a fixture)


def open_draft(contract, lang="ja", **answers):
    values = resolve(contract, tiny_answers(**answers), "tiny answers")
    return docx.Document(io.BytesIO(draft_bytes("tiny", values, lang, "docx")))


def styled(document, style):
    return [p.text for p in document.paragraphs if p.style.name == style]


def test_japanese_structure(tiny):
    document = open_draft(tiny, "ja", committee=True)
    assert styled(document, "Title") == ["試験協力契約書"]
    assert styled(document, "Heading 1") == [
        "第1条（目的）", "第2条（運営委員会）", "第3条（有効期間）", "第4条（準拠法）"]
    texts = [p.text for p in document.paragraphs]
    first = texts.index("第1条（目的）")
    assert texts[first + 1].startswith("甲および乙は、新素材の評価について")  # unnumbered first paragraph
    assert texts[first + 2] == "２\t協力の範囲は次のとおりとする。"
    assert texts[first + 3:first + 5] == ["一\t試料の評価", "二\t結果の報告"]
    paragraph, item = document.paragraphs[first + 2], document.paragraphs[first + 3]
    assert item.paragraph_format.left_indent > paragraph.paragraph_format.left_indent
    assert paragraph.paragraph_format.first_line_indent < 0  # hanging: the number stands out
    assert any("記名押印" in t for t in texts) and any(t.endswith("印") for t in texts)
    assert "2026年4月1日" in texts


def test_optional_article_off_in_docx(tiny):
    document = open_draft(tiny, "ja", committee=False)
    assert styled(document, "Heading 1") == ["第1条（目的）", "第2条（有効期間）", "第3条（準拠法）"]
    assert any(p.text.startswith("第2条の規定にかかわらず") for p in document.paragraphs)


def test_english_structure(tiny):
    document = open_draft(tiny, "en")
    assert styled(document, "Title") == ["Test Cooperation Agreement"]
    assert styled(document, "Heading 1")[0] == "Article 1 (Purpose)"
    texts = [p.text for p in document.paragraphs]
    assert "1.2\tThe cooperation covers:" in texts and "(a)\tevaluating samples;" in texts
    assert any(t.startswith("By: ") or "\nBy: " in t for t in texts)
    assert not document.tables


def test_bilingual_is_a_borderless_two_column_table_with_language_clause(tiny):
    document = open_draft(tiny, "ja+en")
    assert styled(document, "Title") == ["試験協力契約書"]
    assert styled(document, "Subtitle") == ["Test Cooperation Agreement"]
    (table,) = document.tables
    assert len(table.columns) == 2
    assert table._tbl.find(qn("w:tblPr")).find(qn("w:tblBorders")) is None
    assert table.style is None or "Grid" not in table.style.name
    headings = [(r.cells[0].text, r.cells[1].text) for r in table.rows
                if r.cells[0].paragraphs[0].style.name == "Heading 1"]
    assert headings[0] == ("第1条（目的）", "Article 1 (Purpose)")
    assert headings[-1] == ("第4条（言語）", "Article 4 (Language)")
    for row in table.rows:  # each row pairs a block with its own translation
        ja, en = (c.paragraphs[0].style.name for c in row.cells)
        assert ja == en
    texts = [(r.cells[0].text, r.cells[1].text) for r in table.rows]
    assert ("２\t協力の範囲は次のとおりとする。", "1.2\tThe cooperation covers:") in texts


def test_page_numbers_fonts_page_and_properties(tiny):
    document = open_draft(tiny, "ja")
    footer = document.sections[0].footer._element
    fields = footer.iter(qn("w:fldSimple"))
    assert any("PAGE" in f.get(qn("w:instr")) for f in fields)
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    normal = document.styles["Normal"].element.rPr
    assert "明朝" in normal.find(qn("w:rFonts")).get(qn("w:eastAsia"))
    assert normal.find(qn("w:lang")).get(qn("w:eastAsia")) == "ja-JP"
    heading = document.styles["Heading 1"].element.rPr.find(qn("w:rFonts"))
    assert heading.get(qn("w:eastAsiaTheme")) is None  # no theme font overriding Mincho
    props = document.core_properties
    assert props.title == "試験協力契約書" and props.language == "ja-JP"
    assert "tiny" in props.keywords and props.subject


@pytest.mark.parametrize("lang, tag", [("en", "en-US"), ("ja+en", "ja-JP, en-US")])
def test_core_language_follows_the_mode(tiny, lang, tag):
    assert open_draft(tiny, lang).core_properties.language == tag
