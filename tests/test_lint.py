"""Draft lint: real drafts lint clean; each defect seeded into one is found, in ja and en.

Defects are seeded into rendered drafts the way a user's edit would put them there:
by changing the Markdown text or the text inside the DOCX XML.
"""

from __future__ import annotations

import copy
import io
import zipfile
from functools import lru_cache
from xml.sax.saxutils import escape

import pytest
from click.testing import CliRunner

from kyoso.cli import main
from kyoso.clauses.answers import example_answers, resolve
from kyoso.clauses.loader import get_contract
from kyoso.core.errors import KyosoError
from kyoso.templates.api import draft_bytes
from kyoso.templates.lint import KINDS, LintInput, lint_drafts, lint_file
from kyoso.templates.pack import build_pack, example_deal, plan_pack

CONTRACTS = ("nda", "poc", "joint-development", "license")
JDA = "joint-development"


@lru_cache(maxsize=None)
def draft(contract: str, lang: str, fmt: str, **changes) -> bytes:
    raw = dict(example_answers(contract), **changes)
    return draft_bytes(contract, resolve(get_contract(contract), raw, contract), lang, fmt)


def edited(data: bytes, fmt: str, old: str, new: str, count: int = 1) -> bytes:
    """Replace text the way an editor would: in the Markdown, or inside the DOCX's XML."""
    if fmt == "md":
        text = data.decode("utf-8")
        assert old in text, old
        return text.replace(old, new, count).encode("utf-8")
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename == "word/document.xml":
                xml = part.decode("utf-8")
                assert escape(old) in xml, old
                part = xml.replace(escape(old), escape(new), count).encode("utf-8")
            target.writestr(info, part)
    return out.getvalue()


def problems(data: bytes, fmt: str, name: str = "draft") -> list[tuple[str, str]]:
    return [(p.kind, p.message) for p in lint_drafts([LintInput(f"{name}.{fmt}", data, fmt)])]


def kinds(found: list[tuple[str, str]]) -> set[str]:
    return {kind for kind, _ in found}


# --- clean drafts ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["docx", "md"])
@pytest.mark.parametrize("lang", ["ja", "en", "ja+en"])
def test_the_four_example_contracts_lint_clean_together(lang, fmt):
    drafts = [LintInput(f"{c}.{fmt}", draft(c, lang, fmt), fmt) for c in CONTRACTS]
    assert lint_drafts(drafts) == []


def test_the_example_pack_lints_clean_in_both_formats():
    files = build_pack(plan_pack(example_deal(), "e"), lang="ja+en", fmt="both")
    contracts = [LintInput(f.name, f.data, f.name.rsplit(".", 1)[1]) for f in files
                 if not f.name.startswith("00-")]
    assert len(contracts) == 8 and lint_drafts(contracts) == []


def test_every_problem_has_a_known_kind_and_one_line():
    data = edited(draft(JDA, "ja", "md"), "md", "第1条（目的）", "第2条（目的）")
    data = edited(data, "md", "を共同して行う。", "を共同して行う（●）。第40条による。")
    found = lint_drafts([LintInput("x.md", data, "md")])
    assert found and all(p.kind in KINDS and "\n" not in p.message for p in found)


# --- placeholders ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["docx", "md"])
def test_blanks_left_in_clause_text_are_found(fmt):
    ja = edited(draft(JDA, "ja", fmt), fmt, "共同して行う。", "共同して行う。期間は●年とする。")
    found = [m for k, m in problems(ja, fmt) if k == "placeholder"]
    assert len(found) == 1 and found[0].startswith("第1条第1項: unfilled '●'")
    en = edited(draft(JDA, "en", fmt), fmt, "on the terms of this Agreement.",
                "on the terms of this Agreement, starting on TBD and costing JPY XX.")
    found = [m for k, m in problems(en, fmt) if k == "placeholder"]
    assert len(found) == 1 and found[0].startswith("Article 1.1:") and "'TBD'" in found[0] \
        and "'XX'" in found[0]


def test_template_syntax_of_kyoso_is_a_placeholder_but_an_answer_is_data():
    # An answer is printed literally: {{ 7*7 }} is what the user typed, not a field.
    typed = draft(JDA, "en", "md", research_theme="pricing rules such as {{ 7*7 }}")
    assert problems(typed, "md") == []
    left = edited(draft(JDA, "en", "md"), "md", "on the terms of this Agreement.",
                  "on the terms of {{ short_title }}.{% if steering_committee %}")
    found = [m for k, m in problems(left, "md") if k == "placeholder"]
    assert len(found) == 1 and "{{ short_title" in found[0] and "{% if" in found[0]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_signature_lines_are_meant_to_be_blank_but_a_blank_name_is_not(lang):
    data = draft("nda", lang, "docx")
    name = {"ja": "名称　株式会社サーモリンク", "en": "The Startup: ThermoLink Inc."}[lang]
    blank = {"ja": "名称　○○株式会社", "en": "The Startup: ____________"}[lang]
    found = problems(edited(data, "docx", name, blank), "docx")
    assert ("placeholder" in kinds(found)) and all(
        m.startswith(("署名欄", "execution block")) for k, m in found if k == "placeholder")


# --- numbering ------------------------------------------------------------------------------


def test_an_article_number_skipped_or_repeated(tmp_path):
    ja = edited(draft(JDA, "ja", "md"), "md", "## 第3条（", "## 第4条（")
    found = [m for k, m in problems(ja, "md") if k == "numbering"]
    assert "articles: 第4条 where 第3条 should be" in found and "articles: 第4条 appears twice" in found
    en = edited(draft(JDA, "en", "docx"), "docx", "Article 5 (", "Article 6 (")
    assert "articles: Article 6 where Article 5 should be" in \
        [m for k, m in problems(en, "docx") if k == "numbering"]


def test_paragraph_and_item_numbers_out_of_sequence():
    en = edited(draft(JDA, "en", "docx"), "docx", "1.2", "1.3")
    assert [m for k, m in problems(en, "docx") if k == "numbering"] == [
        "Article 1: paragraphs: Article 1.3 where Article 1.2 should be"]
    ja = edited(draft(JDA, "ja", "md"), "md", "   - 二　「類似製品」", "   - 三　「類似製品」")
    assert "第2条第1項: items: 第2条第1項第3号 where 第2条第1項第2号 should be" in \
        [m for k, m in problems(ja, "md") if k == "numbering"]
    en_items = edited(draft(JDA, "en", "md"), "md", "   - (b) \"Similar", "   - (c) \"Similar")
    assert any(k == "numbering" and "Article 2.1(c) where Article 2.1(b) should be" in m
               for k, m in problems(en_items, "md"))


def test_side_by_side_languages_must_have_the_same_items():
    data = draft(JDA, "ja+en", "md").decode("utf-8")
    start = data.index("   - (b) \"Similar Products\"")
    end = data.index("\n\n", start) + 2
    found = problems((data[:start] + data[end:]).encode("utf-8"), "md")
    assert ("numbering", "第2条第1項 / Article 2.1: 10 item(s) in ja but 9 in en") in found


# --- cross-references ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["docx", "md"])
def test_a_reference_to_a_missing_article_or_paragraph(fmt):
    ja = edited(draft(JDA, "ja", fmt), fmt, "第7条の定めにより特定", "第70条の定めにより特定")
    assert ("cross-reference", "第2条第1項第5号: 第70条 does not exist (the draft ends at 第26条)") \
        in problems(ja, fmt)
    en = edited(draft(JDA, "en", fmt), fmt, "as identified under Article 7;", "as identified under Article 7.9;")
    assert ("cross-reference", "Article 2.1(e): Article 7.9 does not exist (Article 7 has 4 paragraph(s))") \
        in problems(en, fmt)


def test_relative_references_need_something_to_point_at():
    ja = edited(draft(JDA, "ja", "md"), "md", "甲および乙は、本契約の定めるところにより",
                "前項および前条に従い、甲および乙は、本契約の定めるところにより")
    found = [m for k, m in problems(ja, "md") if k == "cross-reference"]
    assert found == ["第1条第1項: 「前項」 in the first paragraph",
                     "第1条第1項: 「前条」 in 第1条, the first article"]
    en = edited(draft(JDA, "en", "md"), "md", "**1.1** The parties shall",
                "**1.1** Subject to the preceding paragraph, the parties shall")
    assert [m for k, m in problems(en, "md") if k == "cross-reference"] == [
        "Article 1.1: 'the preceding paragraph' but only 0 paragraph(s) come before"]


def test_other_laws_articles_are_not_cross_references():
    # 著作権法第27条および第28条 / "Articles 27 and 28 of the Copyright Act" are in every JDA.
    for lang in ("ja", "en"):
        assert "cross-reference" not in kinds(problems(draft(JDA, lang, "md"), "md"))
    co_owned = draft(JDA, "en", "md", joint_result_ownership="co_owned")
    assert b"Article 73(3) of the Patent Act" in co_owned and problems(co_owned, "md") == []


# --- defined terms --------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["docx", "md"])
def test_a_term_defined_twice_or_never_used(fmt):
    ja = edited(draft(JDA, "ja", fmt), fmt, "を目的として行う。",
                "を目的として行う（以下「本研究」という。）。その成果物（以下「本件試作物」という。）は別途定める。")
    found = [m for k, m in problems(ja, fmt) if k == "defined-term"]
    assert found == ["第1条第2項: 「本研究」 is defined again (first defined in 第1条第1項)",
                     "第1条第2項: 「本件試作物」 is defined but never used"]
    en = edited(draft(JDA, "en", fmt), fmt, "for the purpose of developing,",
                'for the purpose (the "Research") of developing a prototype (the "Widget"),')
    found = [m for k, m in problems(en, fmt) if k == "defined-term"]
    assert found == ['Article 1.2: "Research" is defined again (first defined in Article 1.1)',
                     'Article 1.2: "Widget" is defined but never used']


# --- consistency across a pack ------------------------------------------------------------------


@lru_cache(maxsize=2)
def pack(lang: str) -> tuple[tuple[str, bytes], ...]:
    files = build_pack(plan_pack(copy.deepcopy(example_deal()), "e"), lang=lang, fmt="md")
    return tuple((f.name, f.data) for f in files if not f.name.startswith("00-"))


def lint_pack(lang: str, name: str, old: str, new: str, count: int = 1) -> list[tuple[str, str, str]]:
    inputs = [LintInput(n, edited(d, "md", old, new, count) if n == name else d, "md")
              for n, d in pack(lang)]
    return [(p.document, p.kind, p.message) for p in lint_drafts(inputs)]


def test_a_later_document_citing_an_earlier_one_by_the_wrong_date():
    found = lint_pack("en", "04-license.md", "Agreement dated September 1, 2026",
                      "Agreement dated September 2, 2026")
    assert found == [("04-license.md", "consistency",
                      "[en] cites 'Joint Research and Development Agreement' dated 2026-09-02, "
                      "but 03-joint-development.md is dated 2026-09-01")]
    found = lint_pack("ja", "02-poc.md", "2026年4月1日付け秘密保持契約書", "2026年4月2日付け秘密保持契約書")
    assert found == [("02-poc.md", "consistency",
                      "[ja] cites '秘密保持契約書' dated 2026-04-02, but 01-nda.md is dated 2026-04-01")]


def test_party_names_and_the_product_must_agree_across_the_pack():
    found = lint_pack("ja", "04-license.md", "明星ランプ工業株式会社", "明星ランプ株式会社", count=-1)
    assert found == [("04-license.md", "consistency", "[ja] parties 株式会社サーモリンク, 明星ランプ株式会社 "
                      "differ from 01-nda.md (株式会社サーモリンク, 明星ランプ工業株式会社)")]
    found = lint_pack("en", "04-license.md", '"Product" means automotive headlamp covers',
                      '"Product" means automotive tail lamp covers')
    assert [(d, k) for d, k, _ in found] == [("04-license.md", "consistency")]
    assert "the product is defined as 'automotive tail lamp covers" in found[0][2]


def test_a_signature_name_the_preamble_does_not_know():
    data = edited(draft("nda", "en", "md"), "md", "The Company: Myojo Lamp Industries Co., Ltd.",
                  "The Company: Myojo Lamp Holdings Co., Ltd.")
    assert problems(data, "md") == [("consistency", "execution block: names 'Myojo Lamp Holdings "
                                     "Co., Ltd.', which the preamble does not")]


# --- files and the command --------------------------------------------------------------------


def test_lint_file_reads_docx_and_markdown_and_refuses_the_rest(tmp_path):
    good = tmp_path / "nda.docx"
    good.write_bytes(draft("nda", "ja", "docx"))
    assert lint_file(good) == []
    for name, data, words in (("broken.docx", b"PK\x03\x04 not really", "ZIP archive"),
                              ("notes.txt", b"hello", "unsupported file type"),
                              ("bad.md", b"\xff\xfe\x00", "not UTF-8")):
        (tmp_path / name).write_bytes(data)
        with pytest.raises(KyosoError, match=words):
            lint_file(tmp_path / name)
    with pytest.raises(KyosoError, match="no such file"):
        lint_file(tmp_path / "missing.md")


def test_lint_draft_exit_codes(tmp_path):
    clean, seeded = tmp_path / "clean.md", tmp_path / "seeded.docx"
    clean.write_bytes(draft(JDA, "en", "md"))
    seeded.write_bytes(edited(draft(JDA, "ja", "docx"), "docx", "第7条の定めにより特定", "第70条の定めにより特定"))
    runner = CliRunner()
    result = runner.invoke(main, ["lint-draft", str(clean)])
    assert (result.exit_code, result.output) == (0, "")
    result = runner.invoke(main, ["lint-draft", str(seeded)])
    assert result.exit_code == 1
    assert result.output == (f"{seeded}: cross-reference: 第2条第1項第5号: 第70条 does not exist "
                             f"(the draft ends at 第26条)\n")
    (tmp_path / "notes.txt").write_text("hello")
    result = runner.invoke(main, ["lint-draft", str(tmp_path / "notes.txt"), str(seeded)])
    assert result.exit_code == 2
    assert "unsupported file type" in result.stderr and "cross-reference" in result.stdout


def test_a_heading_without_its_style_still_starts_an_article_but_a_sentence_does_not():
    # Word in Japanese saves Heading 1 under a localised style id; pasting drops styles.
    data = draft(JDA, "ja", "docx")
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename == "word/document.xml":
                part = part.replace(b'w:val="Heading1"', b'w:val="1"')
            target.writestr(info, part)
    assert problems(out.getvalue(), "docx") == []
    sentence = edited(draft(JDA, "ja", "md"), "md",
                      "本契約に基づき当事者の一方が相手方に支払った金員は、", "第1条の目的に照らし、金員は、")
    assert problems(sentence, "md") == []
    short = edited(draft(JDA, "ja", "md"), "md",
                   "本契約に基づき当事者の一方が相手方に支払った金員は、本契約に別段の定めがある場合および"
                   "計算の誤りにより過大に支払われた場合を除き、理由のいかんを問わず返還されない。",
                   "第1条の定めに従う。")
    assert problems(short, "md") == []


def test_hostile_files_end_in_one_line_errors(tmp_path):
    doctype = tmp_path / "dtd.docx"
    source, out = zipfile.ZipFile(io.BytesIO(draft("nda", "en", "docx"))), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename == "word/document.xml":
                part = part.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY a "aaaa">]>', 1)
            target.writestr(info, part)
    doctype.write_bytes(out.getvalue())
    with pytest.raises(KyosoError, match="DTD"):
        lint_file(doctype)
    huge = tmp_path / "huge.md"
    huge.write_text("## Article 1 (A)\n\n**1.1** " + '(the "T") ' * 250_000, encoding="utf-8")
    with pytest.raises(KyosoError, match="characters of text"):
        lint_file(huge)
    many = tmp_path / "many.md"
    many.write_text("## Article 1 (A)\n\n**1.1** " + "".join(f'(the "T{n}") ' for n in range(1_500)),
                    encoding="utf-8")
    found = [m for k, m in problems(many.read_bytes(), "md") if k == "defined-term"]
    assert found[0] == "1,500 definitions; only the first 1,000 were checked" and len(found) == 1_001


def test_a_table_in_a_one_language_draft_is_not_a_second_language(tmp_path):
    from docx import Document

    from kyoso.templates.lint import read_input

    document = Document(io.BytesIO(draft("poc", "en", "docx")))
    table = document.add_table(rows=2, cols=2)
    for row, (event, amount) in zip(table.rows, [("Milestone", "Amount"), ("Report accepted", "JPY 1,000,000")]):
        row.cells[0].text, row.cells[1].text = event, amount
    for paragraph in document.paragraphs:  # Japanese Word saves Title under its own id
        if paragraph.style.name == "Title":
            paragraph._p.pPr.pStyle.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val", "a3")
    buffer = io.BytesIO()
    document.save(buffer)
    versions = read_input(LintInput("poc.docx", buffer.getvalue(), "docx"))
    assert [(v.lang, v.title) for v in versions] == [("en", "Proof-of-Concept (Technical Verification) Agreement")]
    assert problems(buffer.getvalue(), "docx") == []


def test_a_citation_under_a_title_no_draft_carries():
    found = lint_pack("ja", "02-poc.md", "2026年4月1日付け秘密保持契約書に基づき", "2026年4月1日付け相互秘密保持契約書に基づき")
    assert found == [("02-poc.md", "consistency", "[ja] cites '相互秘密保持契約書' dated 2026-04-01, but "
                      "01-nda.md, dated 2026-04-01, is titled '秘密保持契約書'")]
    found = lint_pack("en", "03-joint-development.md", "into a Non-Disclosure Agreement dated",
                      "into a Mutual Confidentiality Agreement dated")
    assert found == [("03-joint-development.md", "consistency", "[en] cites 'Mutual Confidentiality "
                      "Agreement' dated 2026-04-01, but 01-nda.md, dated 2026-04-01, is titled "
                      "'Non-Disclosure Agreement'")]


def test_side_by_side_docx_checks_each_column_and_their_agreement():
    data = edited(draft(JDA, "ja+en", "docx"), "docx", "Article 3 (", "Article 4 (")
    found = [m for k, m in problems(data, "docx") if k == "numbering"]
    assert "[en] articles: Article 4 where Article 3 should be" in found
    assert "第3条 / Article 4: the article numbers differ between the languages" in found
    data = edited(draft(JDA, "ja+en", "docx"), "docx", "第7条の定めにより特定", "第70条の定めにより特定")
    assert problems(data, "docx") == [
        ("cross-reference", "[ja] 第2条第1項第5号: 第70条 does not exist (the draft ends at 第27条)")]
