"""checker/structure.py: articles, paragraphs, items and exhibits in both languages."""

import time

import pytest

from kyoso.checker.model import Block, SourceText
from kyoso.checker.structure import kanji_number, roman_number, segment


def source(text: str, language: str, labels: dict[int, str] | None = None) -> SourceText:
    """One block per line, as the text and PDF readers produce; ``labels`` puts a
    Word numbering label on block N (the DOCX reader's ``Block.label``)."""
    blocks, offset = [], 0
    for index, line in enumerate(text.split("\n")):
        label = (labels or {}).get(index)
        blocks.append(Block(line, offset, offset + len(line), kind="line", label=label))
        offset += len(line) + 1
    return SourceText("contract.txt", text, blocks, "txt", language)


def place(structure, text: str, needle: str, language: str) -> str | None:
    start = text.index(needle)
    return structure.locate(start, start + len(needle), language).article


JA = """共同研究開発契約書

株式会社アルファ（以下「甲」という。）と株式会社ベータ（以下「乙」という。）は、次のとおり契約を締結する。

（目的）
第１条　本契約は、甲及び乙が共同して行う研究開発の条件を定める。
第２条（定義）
本契約における用語の意義は、次の各号のとおりとする。
一　本研究　別紙１に記載する研究
二　本製品　次に掲げる製品
（１）照明装置
（２）表示装置
三　本成果　本研究により得られた発明等
２　前項の用語は、第７条第２項及び同条第１号においても同じ意味とする。
第7条第2項に定める通知は、書面による。
３　甲は、前二項の内容を乙に説明する。
第十三条（知的財産権の帰属）
本成果に係る知的財産権は、発明者の属する当事者に帰属する。
２　乙は、第３条（秘密保持）に基づき、本成果を管理する。
第十四条
（競業の禁止）
甲は、本契約期間中、本製品と同一の製品を開発してはならない。
① 自ら行う開発
② 第三者と共同して行う開発
別紙１　研究計画
1. 研究の内容
"""

EN = """JOINT DEVELOPMENT AGREEMENT
This Agreement is made between Omega Inc. ("Company") and Sigma K.K. ("Startup").
WHEREAS, the parties wish to cooperate;
ARTICLE I
DEFINITIONS
1.1 "Affiliate" means any entity that controls a party.
1.2 "Results" means everything described in Section 7.2 and
7.2 of the Research Plan.
ARTICLE II - RESEARCH
2.1 The parties shall conduct the Research.
(a) Company shall provide materials;
(b) Startup shall provide know-how, including:
(i) software;
(ii) data; and
(c) both shall report monthly.
7. Ownership of Results. All Results shall vest in Company.
7.1 This Section applies to improvements as well.
30 days after notice, Company may terminate.
Section 8 – Confidentiality
Section 8.2 of this Agreement survives termination.
(h) an eighth item that continues nothing
EXHIBIT A
STATEMENT OF WORK
1. Scope
Exhibit A attached hereto sets out the scope.
"""


def test_japanese_articles_paragraphs_items_and_headings():
    text = JA
    structure = segment(source(text, "ja"))
    assert place(structure, text, "株式会社アルファ", "ja") == "前文"
    # heading on its own line before the article; full-width article number
    assert place(structure, text, "本契約は、甲及び乙", "ja") == "第1条（目的）"
    first = structure.clause_at(text.index("（目的）"))
    assert first.article == "1" and first.start == text.index("（目的）")
    # unnumbered first paragraph becomes 第1項 once a ２ follows; kanji items are 号
    assert place(structure, text, "本契約における用語", "ja") == "第2条第1項（定義）"
    assert place(structure, text, "本研究　別紙", "ja") == "第2条第1項第1号（定義）"
    assert place(structure, text, "照明装置", "ja") == "第2条第1項第2号（1）（定義）"
    assert place(structure, text, "本成果　本研究", "ja") == "第2条第1項第3号（定義）"
    assert place(structure, text, "前項の用語", "ja") == "第2条第2項（定義）"
    # kanji article number; 第3条（秘密保持）に基づき is a reference, not an article
    assert place(structure, text, "発明者の属する", "ja") == "第13条第1項（知的財産権の帰属）"
    assert place(structure, text, "本成果を管理", "ja") == "第13条第2項（知的財産権の帰属）"
    # title on the line after a bare 第十四条; circled items
    assert place(structure, text, "同一の製品", "ja") == "第14条（競業の禁止）"
    assert place(structure, text, "第三者と共同して", "ja") == "第14条第2号（競業の禁止）"
    assert place(structure, text, "研究の内容", "ja") == "別紙1第1項（研究計画）"


def test_japanese_cross_references_do_not_split():
    text = JA
    structure = segment(source(text, "ja"))
    reference = structure.clause_at(text.index("第7条第2項に定める"))
    assert (reference.article, reference.paragraph) == ("2", "2")
    assert structure.clause_at(text.index("同条第１号")).paragraph == "2"
    assert not any(c.article == "7" for c in structure.clauses)
    assert structure.clause_at(text.index("３　甲は")).paragraph == "3"


def test_clauses_cover_the_text_in_order():
    for text, language in ((JA, "ja"), (EN, "en")):
        clauses = segment(source(text, language)).clauses
        assert clauses[0].start == 0 and clauses[-1].end == len(text)
        assert all(a.end == b.start and a.start < a.end for a, b in zip(clauses, clauses[1:]))


def test_english_articles_sections_items_and_exhibit():
    text = EN
    structure = segment(source(text, "en"))
    assert place(structure, text, "Omega Inc.", "en") == "Preamble"
    # ARTICLE I with its title on the next line, in capitals
    assert place(structure, text, "DEFINITIONS", "en") == "Article 1 (Definitions)"
    assert place(structure, text, '"Affiliate"', "en") == "Article 1.1 (Definitions)"
    assert place(structure, text, "Company shall provide", "en") == "Article 2.1(a) (Research)"
    assert place(structure, text, "software", "en") == "Article 2.1(b)(i) (Research)"
    assert place(structure, text, "data; and", "en") == "Article 2.1(b)(ii) (Research)"
    assert place(structure, text, "both shall report", "en") == "Article 2.1(c) (Research)"
    location = structure.locate(text.index("vest in"), text.index("vest in") + 7, "en")
    assert (location.article, location.paragraph) == ("Article 7 (Ownership of Results)", None)
    assert place(structure, text, "improvements", "en") == "Article 7.1 (Ownership of Results)"
    assert structure.locate(text.index("improvements"), text.index("improvements") + 1).paragraph == "1"
    assert place(structure, text, "Confidentiality", "en") == "Article 8 (Confidentiality)"
    assert place(structure, text, "Scope", "en") == "Exhibit A 1 (Statement of Work)"


def test_english_cross_references_and_wrapped_lines_do_not_split():
    text = EN
    structure = segment(source(text, "en"))
    assert structure.clause_at(text.index("7.2 of the Research")).paragraph == "2"
    assert structure.clause_at(text.index("30 days")).article == "7"
    assert structure.clause_at(text.index("Section 8.2 of")).paragraph is None
    assert structure.clause_at(text.index("(h) an eighth")).item is None
    assert structure.clause_at(text.index("Exhibit A attached")).article == "Exhibit A"


def test_section_numbering_nests_three_levels():
    text = ("Section 7 Intellectual Property\n7.1 Ownership. Each party keeps its own.\n"
            "7.1.1 Background stays with its owner.\n(a) including software;\n"
            "7.2 Licences. None are implied.\n")
    structure = segment(source(text, "en"))
    assert place(structure, text, "Background", "en") == "Article 7.1.1 (Intellectual Property)"
    assert place(structure, text, "including software", "en") == "Article 7.1.1(a) (Intellectual Property)"
    assert place(structure, text, "None are implied", "en") == "Article 7.2 (Intellectual Property)"


def test_roman_i_after_h_is_a_letter_and_starts_roman_elsewhere():
    items = "\n".join(f"({c}) item {c};" for c in "abcdefghij")
    text = f"1. Exclusions.\n{items}\n"
    structure = segment(source(text, "en"))
    assert place(structure, text, "item i;", "en") == "Article 1(i) (Exclusions)"
    assert place(structure, text, "item j;", "en") == "Article 1(j) (Exclusions)"


def test_docx_numbering_labels_kept_aside_still_count():
    text = "Confidentiality\nEach party keeps secrets.\nThe duty survives.\n"
    structure = segment(source(text, "en", labels={0: "5.", 1: "5.1", 2: "5.2"}))
    assert place(structure, text, "The duty survives", "en") == "Article 5.2 (Confidentiality)"
    prefixed = "第5条（秘密保持）\n甲及び乙は秘密を守る。\n2　前項の義務は存続する。\n"
    structure = segment(source(prefixed, "ja", labels={0: "第5条", 2: "2"}))
    assert place(structure, prefixed, "前項の義務", "ja") == "第5条第2項（秘密保持）"


def test_japanese_kanji_and_branch_article_numbers():
    text = "第二十条（準拠法）\n本契約は日本法に準拠する。\n第二十条の二（合意管轄）\n東京地方裁判所を管轄とする。\n"
    structure = segment(source(text, "ja"))
    assert place(structure, text, "日本法", "ja") == "第20条（準拠法）"
    assert place(structure, text, "東京地方", "ja") == "第20条の2（合意管轄）"


def test_table_of_contents_is_not_taken_for_the_articles():
    toc = "\n".join(f"Article {n} Heading {n}" for n in range(1, 5))
    body = "\n".join(f"Article {n} Heading {n}\n" + "The parties agree on this matter in detail. " * 6
                     for n in range(1, 5))
    text = f"CONTENTS\n{toc}\n{body}\n"
    structure = segment(source(text, "en"))
    assert structure.clause_at(text.index("Article 2 Heading 2")).article is None
    assert structure.clause_at(text.index("The parties agree")).article == "1"


def test_unnumbered_text_has_no_place_name():
    text = "Dear Sir,\nWe agree to keep your information secret.\n"
    structure = segment(source(text, "en"))
    assert structure.locate(3, 8).article is None
    assert structure.clause_at(5).article is None


def test_number_helpers():
    assert [kanji_number(k) for k in ("一", "十", "十三", "二十", "百五", "二十一")] == [1, 10, 13, 20, 105, 21]
    assert kanji_number("一切") is None
    assert [roman_number(r) for r in ("i", "iv", "VII", "xii")] == [1, 4, 7, 12]


@pytest.mark.parametrize("language", ["en", "ja"])
def test_ten_thousand_words_segment_in_milliseconds(language):
    if language == "en":
        lines = []
        for a in range(1, 41):
            lines.append(f"ARTICLE {a} - HEADING {a}")
            for p in range(1, 6):
                lines.append(f"{a}.{p} The Company shall act as set forth in Section {a}.{p} of this "
                             "Agreement within thirty (30) days after written notice from the Startup.")
                lines += [f"({i}) the Startup may ask for reports at reasonable times;" for i in "abc"]
    else:
        lines = []
        for a in range(1, 41):
            lines.append(f"第{a}条（見出し{a}）")
            lines.append("甲は、第3条第2項に定める本研究の成果を、乙に対し書面により速やかに通知しなければならない。" * 3)
            for p in range(2, 6):
                lines.append(f"{p}　乙は、前項の通知を受けたときは、同条第1号に従い十日以内に回答する。" * 3)
                lines += [f"{i}　本製品の設計、製造及び販売に関する事項" for i in "一二三"]
    text = "\n".join(lines)
    prepared = source(text, language)
    segment(prepared)
    began = time.perf_counter()
    structure = segment(prepared)
    elapsed = time.perf_counter() - began
    assert len(structure.clauses) > 600
    assert elapsed < 0.25  # measured ~3-5 ms; generous for slow CI machines


def test_bracketed_english_titles_are_not_doubled_and_match_the_issue_examples():
    text = ("Article 7 (Ownership of Results)\n7.1 Each party keeps its own results.\n"
            "7.6 Joint results are owned jointly.\n(a) including software;\n"
            "Section 8 [CONFIDENTIALITY]\n8.2 The duty survives.\n")
    structure = segment(source(text, "en"))
    assert place(structure, text, "Joint results", "en") == "Article 7.6 (Ownership of Results)"
    assert place(structure, text, "including software", "en") == "Article 7.6(a) (Ownership of Results)"
    assert place(structure, text, "The duty", "en") == "Article 8.2 (Confidentiality)"
    assert not any("((" in c.label("en") or "[" in c.label("en") for c in structure.clauses)
    ja = "第7条（成果の帰属）\n成果は発明者の属する当事者に帰属する。\n" + "\n".join(
        f"{n}　第{n}項の定め。" for n in range(2, 7)) + "\n"
    assert place(segment(source(ja, "ja")), ja, "第6項の定め", "ja") == "第7条第6項（成果の帰属）"


def test_heading_lines_are_marked_so_rules_can_skip_them():
    text = ("Article 9 (Non-Competition)\n9.1 The Startup shall not compete.\n"
            "10. Term. This Agreement runs for two years.\nARTICLE 11\nNOTICES\n")
    structure = segment(source(text, "en"))
    heading = text.index("Article 9")
    assert structure.is_heading(heading, heading + len("Article 9 (Non-Competition)"))
    assert structure.skip(heading, heading + 9)
    body = text.index("The Startup")
    assert not structure.is_heading(body, body + 10)
    assert not structure.is_heading(text.index("10. Term"), text.index("two years"))
    assert structure.is_heading(text.index("ARTICLE 11"), text.index("ARTICLE 11") + 10)
    assert structure.is_heading(text.index("NOTICES"), text.index("NOTICES") + 7)
    ja = "（競業の禁止）\n第9条　乙は競合品を開発しない。\n第10条（有効期間）\n本契約は2年間有効とする。\n"
    structure = segment(source(ja, "ja"))
    for needle in ("（競業の禁止）", "第10条（有効期間）"):
        start = ja.index(needle)
        assert structure.is_heading(start, start + len(needle))
    start = ja.index("第9条")
    assert not structure.is_heading(start, ja.index("しない。") + 4)


def bilingual_table(rows: list[tuple[str, str]]) -> SourceText:
    """What the DOCX reader gives for kyoso's ja+en draft: a row per paragraph, the
    Japanese cell then the English cell, both of kind table-cell."""
    blocks, offset, lines = [], 0, []
    for index, (ja, en) in enumerate(rows):
        for cell in (ja, en):
            blocks.append(Block(cell, offset, offset + len(cell), kind="table-cell",
                                source=len(blocks)))
            lines.append(cell)
            offset += len(cell) + 1
    return SourceText("both.docx", "\n".join(lines), blocks, "docx", "ja")


def test_bilingual_table_is_segmented_once_in_its_language():
    rows = [("第8条（知的財産権の帰属）", "Article 8 (Ownership of Intellectual Property)"),
            ("本発明に係る知的財産権は、発明者の属する当事者に帰属する。",
             "8.1 Rights in the Joint Results belong to the party whose staff made them."),
            ("２　甲は、乙の事前の承諾なく出願しない。",
             "8.2 The Company shall not file without the Startup's prior consent."),
            ("第9条（競業の禁止）", "Article 9 (Non-Competition)"),
            ("乙は、本契約期間中、競合品を開発しない。",
             "The Startup shall not develop competing products during the term.")]
    prepared = bilingual_table(rows)
    text = prepared.text
    structure = segment(prepared)
    assert structure.language == "ja"
    assert place(structure, text, "２　甲は", "ja") == "第8条第2項（知的財産権の帰属）"
    assert place(structure, text, "乙は、本契約期間中", "ja") == "第9条（競業の禁止）"
    # the English cell is the translation of the row: located with it, never checked
    english = text.index("8.2 The Company")
    assert structure.is_translation(english, english + 20)
    assert place(structure, text, "8.2 The Company", "ja") == "第8条第2項（知的財産権の帰属）"
    assert not structure.is_translation(text.index("２　甲は"), text.index("２　甲は") + 5)
    assert not any(c.article == "8" and c.paragraph == "1.1" for c in structure.clauses)
    assert len({c.article for c in structure.clauses if c.article}) == 2


def test_english_contract_keeps_japanese_names_and_skips_japanese_lines():
    text = ("Article 1 (Parties)\n1.1 株式会社サーモリンク (\"ThermoLink\") is the Startup.\n"
            "本条は参考訳であり、英語版が優先する。\n1.2 The English text prevails.\n")
    structure = segment(source(text, "en"))
    assert not structure.is_translation(text.index("1.1"), text.index("Startup."))
    japanese = text.index("本条は")
    assert structure.is_translation(japanese, japanese + 10)
    assert place(structure, text, "The English text", "en") == "Article 1.2 (Parties)"


def test_markdown_drafts_are_segmented_like_the_docx():
    text = ("# 共同研究開発契約書\n甲と乙は次のとおり合意する。\n## 第1条（目的）\n本契約は研究の条件を定める。\n"
            "**２**　本研究は共同で行う。\n## Article 1 (Purpose)\n**1.1** This Agreement sets the terms.\n"
            "## 第2条（定義）\n用語の意味は次のとおりとする。\n   - 一　「本製品」とは照明装置をいう。\n")
    blocks, offset = [], 0
    for line in text.split("\n"):
        kind = "heading" if line.startswith("#") else "line"
        blocks.append(Block(line, offset, offset + len(line), kind=kind))
        offset += len(line) + 1
    structure = segment(SourceText("c.md", text, blocks, "md", "ja"))
    assert place(structure, text, "本研究は共同で", "ja") == "第1条第2項（目的）"
    assert place(structure, text, "「本製品」", "ja") == "第2条第1号（定義）"
    assert structure.is_translation(text.index("**1.1**"), text.index("terms."))
    assert structure.is_heading(text.index("## 第1条"), text.index("## 第1条") + 10)


def test_headers_footers_and_footnotes_are_outside_every_article():
    body = "Article 7 (Ownership of Results)\n7.1 Each party keeps its own results."
    lines = [(body.split("\n")[0], "heading"), (body.split("\n")[1], "paragraph"),
             ("All improvements are assigned to the Company.", "header"),
             ("Confidential", "footer"), ("The Startup may not file patents.", "footnote")]
    blocks, offset = [], 0
    for line, kind in lines:
        blocks.append(Block(line, offset, offset + len(line), kind=kind))
        offset += len(line) + 1
    text = "\n".join(line for line, _ in lines)
    structure = segment(SourceText("c.docx", text, blocks, "docx", "en"))
    assert place(structure, text, "Each party", "en") == "Article 7.1 (Ownership of Results)"
    assert place(structure, text, "All improvements", "en") == "Page header"
    assert place(structure, text, "Confidential", "en") == "Page footer"
    assert place(structure, text, "may not file", "ja") == "脚注"
    assert structure.clause_at(text.index("All improvements")) is None


def test_section_prefixed_paragraphs_and_items_in_both_languages():
    text = ("Section 7 Ownership of Results\nSection 7.1 Each party keeps its own.\n"
            "Section 7.2 The Company shall not file patents.\n(a) in Japan; and\n(b) abroad.\n")
    structure = segment(source(text, "en"))
    assert place(structure, text, "The Company shall", "en") == "Article 7.2 (Ownership of Results)"
    assert place(structure, text, "abroad", "en") == "Article 7.2(b) (Ownership of Results)"
    ja = "第7条（成果の帰属）\n本成果は甲に帰属する。\n２　乙は次の各号を行う。\n一　同条第1号に定める通知\n二　出願\n"
    structure = segment(source(ja, "ja"))
    assert place(structure, ja, "同条第1号", "ja") == "第7条第2項第1号（成果の帰属）"
    assert place(structure, ja, "出願", "ja") == "第7条第2項第2号（成果の帰属）"


def test_a_parallel_ja_en_text_is_checked_in_its_first_language():
    from kyoso.checker.readers import detect_language

    pairs = [("第{n}条（目的）", "Article {n} (Purpose)"),
             ("甲及び乙は、本契約に定めるところにより共同研究を行う。",
              "The parties carry out the joint research as this Agreement provides.")]
    lines = [side.format(n=n) for n in range(1, 6) for pair in pairs for side in pair]
    assert detect_language("\n".join(lines)) == "ja"
    english_first = [side.format(n=n) for n in range(1, 6) for pair in pairs for side in reversed(pair)]
    assert detect_language("\n".join(english_first)) == "en"
    # a Japanese contract quoting a few English names is not "parallel"
    assert detect_language("甲は、ThermoLink Inc.の技術を用いて研究を行う。\n" * 12) == "ja"
