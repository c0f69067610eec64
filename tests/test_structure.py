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
