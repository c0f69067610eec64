"""Readers: DOCX as Word shows it, PDF paragraphs rebuilt, text encodings, inputs, hidden text."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from lxml import etree

from kyoso.checker.inputs import expand_paths
from kyoso.checker.readers import detect_language, read_document
from kyoso.checker.readers.numbering import format_number
from kyoso.checker.readers.pdf import join_lines
from kyoso.checker.textclean import find_hidden_text
from kyoso.core import limits
from kyoso.core.errors import InputError

import factories as f


def texts(source, kind=None):
    return [b.text for b in source.blocks if kind is None or b.kind == kind]


def block(source, text):
    return next(b for b in source.blocks if b.text == text)


# --- DOCX ------------------------------------------------------------------------------


@pytest.fixture
def normal(tmp_path):
    path = f.normal_docx(tmp_path)
    return path, read_document(str(path))


def test_docx_applies_tracked_changes(normal):
    _, source = normal
    assert "1.1 The parties jointly develop a soil sensor." in texts(source)
    assert "2.1 Results belong to the Startup." in texts(source)  # moveFrom gone, moveTo kept
    assert "stale words" not in source.text and "ment of" not in source.text


def test_docx_numbering_labels_restart_deeper_levels(normal):
    _, source = normal
    labelled = [(b.label, b.text) for b in source.blocks if b.label]
    assert labelled == [
        ("Article 1", "Article 1 Purpose"),
        ("1.1", "1.1 The parties jointly develop a soil sensor."),
        ("(a)", "(a) first item"), ("(b)", "(b) second item"),
        # the numbered paragraph deleted as a tracked change takes no number
        ("Article 2", "Article 2 Ownership"),
        ("2.1", "2.1 Results belong to the Startup."),
        ("(a)", "(a) restarted item"),
        ("Article 3", "Article 3 Term"),
    ]


def test_docx_tables_controls_fields_textboxes(normal):
    _, source = normal
    assert texts(source, "table-cell") == ["Fee", "JPY 1,000,000", "Milestone\tone",
                                           "line one\nline two"]
    assert "Governed by the laws of Japan." in texts(source)  # block-level content control
    assert "Licensee: Acme KK" in texts(source)  # run-level content control
    assert "Page 3" in texts(source)  # field result kept, field code dropped
    assert texts(source).count("Boxed note") == 1  # mc:Fallback copy not read twice
    assert block(source, "Joint Research Agreement").kind == "heading"


def test_docx_headers_footers_footnotes_after_body(normal):
    _, source = normal
    kinds = [b.kind for b in source.blocks]
    assert kinds[-3:] == ["header", "footer", "footnote"]
    assert texts(source)[-3:] == ["CONFIDENTIAL", "Draft for discussion",
                                  "Amounts exclude consumption tax."]
    assert all(b.source is None for b in source.blocks[-3:])


def test_docx_source_is_index_of_paragraph_in_body(normal):
    path, source = normal
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    paragraphs = root.xpath("//w:body//w:p", namespaces={"w": f.W})
    for b in source.blocks:
        if b.source is None:
            continue
        raw = "".join(paragraphs[b.source].xpath(".//w:t/text()", namespaces={"w": f.W}))
        first_word = b.text.removeprefix(b.label or "").split()[0]
        assert first_word in raw, (b, raw)


def test_offsets_index_the_joined_text(normal):
    _, source = normal
    assert source.text == "\n".join(texts(source))
    for b in source.blocks:
        assert source.text[b.start:b.end] == b.text


def test_japanese_docx_style_numbering_and_formats(tmp_path):
    source = read_document(str(f.japanese_docx(tmp_path)))
    assert source.language == "ja"
    assert [b.text for b in source.blocks if b.label] == [
        "第1条 （目的）", "第2条 （成果の帰属）",
        "１ 研究成果は、甲及び乙の共有とする。", "２ 前項の持分は、均等とする。",
        "一 特許出願", "二 ノウハウ",
        "ア.試料", "イ.装置",
        "ア.図面",  # a list restarted with startOverride
    ]


@pytest.mark.parametrize("n, fmt, expected", [
    (4, "upperRoman", "IV"), (14, "lowerRoman", "xiv"), (28, "lowerLetter", "bb"),
    (12, "decimalFullWidth", "１２"), (21, "japaneseCounting", "二十一"),
    (110, "japaneseCounting", "百十"), (105, "ideographDigital", "一〇五"),
    (2, "aiueo", "イ"), (3, "decimalEnclosedCircle", "③"), (2, "ideographTraditional", "乙"),
    (7, "someFutureFormat", "7"),
])
def test_number_formats(n, fmt, expected):
    assert format_number(n, fmt) == expected


def test_docx_read_from_stdin_bytes(tmp_path):
    data = f.normal_docx(tmp_path).read_bytes()
    source = read_document("-", data=data)
    assert source.format == "docx" and "Article 1 Purpose" in source.text


# --- PDF -------------------------------------------------------------------------------


def test_english_pdf_rebuilds_paragraphs(tmp_path):
    source = read_document(str(f.text_pdf(tmp_path)))
    assert source.language == "en" and source.format == "pdf"
    assert texts(source) == [
        "1. Purpose",
        "The Company and the Startup will evaluate the sensor together and share the test "
        "data they collect during the evaluation period, subject to the confidentiality "
        "terms set out below in this agreement.",
        "2. Ownership",
        "Each party keeps the inventions it makes alone. Joint inventions are owned by both "
        "parties in equal shares.",
        "(a) neither party may license a joint invention without the consent of the other party.",
    ]


def test_japanese_pdf_joins_cjk_breaks_but_not_markers(tmp_path):
    source = read_document(str(f.japanese_pdf(tmp_path)))
    assert source.language == "ja"
    assert texts(source) == [
        "第１条（目的）",
        "本契約は、甲及び乙が共同で実施する土壌センサーの評価に関する条件を定めるものとする。",
        "第２条（成果の帰属）",
        "本評価において単独でなされた発明は、その発明をした当事者に帰属するものとし、"
        "共同でなされた発明は甲乙の共有とする。",
        "２　前項の共有持分は、均等とする。",
    ]


def test_join_lines_drops_page_numbers_and_joins_across_pages():
    pages = ["Either party may end this agreement by notice in writing to the other party\n- 1 -",
             "given at least thirty days in advance."]
    assert join_lines(pages, "en") == [
        "Either party may end this agreement by notice in writing to the other party given "
        "at least thirty days in advance."]


def test_pdf_timeout_and_memory_cap_are_enforced(tmp_path, monkeypatch):
    path = str(f.text_pdf(tmp_path))
    monkeypatch.setattr(limits, "PDF_TIMEOUT_SECONDS", 0.001)
    with pytest.raises(InputError, match="took longer than"):
        read_document(path)
    monkeypatch.setattr(limits, "PDF_TIMEOUT_SECONDS", 8)
    monkeypatch.setattr(limits, "PDF_MEMORY_BYTES", 1 * 2**20)  # not even Python fits
    with pytest.raises(InputError, match="damaged|needed more than"):
        read_document(path)


# --- text ------------------------------------------------------------------------------


def test_cp932_text(tmp_path):
    source = read_document(str(f.cp932_text(tmp_path)))
    assert texts(source) == ["第1条（目的）", "本契約は、甲と乙の共同研究について定める。"]
    assert source.language == "ja" and source.format == "txt"


@pytest.mark.parametrize("data", [
    "\ufeffArticle 1 Terms\n".encode("utf-8"),
    "Article 1 Terms\n".encode("utf-16"),
    b"Article 1 Terms\r\n",
])
def test_text_encodings(tmp_path, data):
    path = tmp_path / "c.txt"
    path.write_bytes(data)
    assert texts(read_document(str(path))) == ["Article 1 Terms"]


def test_markdown_headings_and_stdin_text():
    source = read_document("-", data=b"# Article 1\nThe parties agree.\n")
    assert source.format == "txt"
    md = read_document("notes.md", data=b"# Article 1\nThe parties agree.\n")
    assert [b.kind for b in md.blocks] == ["heading", "line"]


def test_hidden_characters_are_kept_in_the_text(tmp_path):
    path = tmp_path / "hidden.txt"
    path.write_text("The Lіcensee owns\u200b all \u202eresults.\n", encoding="utf-8")
    source = read_document(str(path))
    assert "\u200b" in source.text and "\u202e" in source.text and "і" in source.text
    spans = find_hidden_text(source.text)
    assert [(s.kind, s.codepoints) for s in spans] == [
        ("confusable", ["U+0456"]), ("zero-width", ["U+200B"]), ("bidi-control", ["U+202E"])]
    assert source.text[spans[0].start:spans[0].end] == "Lіcensee"


def test_no_false_hidden_text_in_plain_japanese_and_english():
    assert find_hidden_text("第1条 The Licensee (乙) shall pay ¥1,000. α-test") == []


# --- language ----------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("本契約は、Acme Inc.（以下「甲」という。）と株式会社サンプル（以下「乙」という。）の間で締結する。", "ja"),
    ("This Agreement is made between Acme Inc. and Kabushiki Kaisha 山田 (the Startup).", "en"),
    ("12345 67890", "en"),
])
def test_detect_language(text, expected):
    assert detect_language(text) == expected


# --- inputs ------------------------------------------------------------------------------


def test_expand_paths_walks_folders_and_survives_loops(tmp_path):
    top = f.symlink_loop_dir(tmp_path)
    (top / "~$lock.docx").write_bytes(b"owner")
    (top / "notes.csv").write_text("x")
    refs = expand_paths([str(top)])
    assert [os.path.relpath(r.path, top) for r in refs] == ["a.txt", "sideways/b.md"] or \
        [os.path.relpath(r.path, top) for r in refs] == ["a.txt", "sub/b.md"]
    assert all(r.error is None for r in refs)


def test_expand_paths_turns_problems_into_entries(tmp_path):
    good = tmp_path / "ok.txt"
    good.write_text("Article 1\n")
    empty = tmp_path / "empty"
    empty.mkdir()
    refs = expand_paths([str(tmp_path / "missing.pdf"), str(f.fifo_txt(tmp_path)), str(empty),
                         str(good), "-", "-"], stdin=io.BytesIO(b"Article 2\n"))
    assert [bool(r.error) for r in refs] == [True, True, True, False, False, True]
    assert "no such file" in refs[0].error and "not a regular file" in refs[1].error
    assert "holds no" in refs[2].error
    assert refs[4].data == b"Article 2\n"


def test_unreadable_file_is_an_entry_not_a_crash(tmp_path):
    path = f.unreadable_txt(tmp_path)
    try:
        readable = os.access(path, os.R_OK)  # root reads anything: nothing to test then
        if readable:
            pytest.skip("running as a user who can read a chmod 000 file (root)")
        (ref,) = expand_paths([str(path)])
        assert "permission denied" in ref.error
        with pytest.raises(InputError, match="permission denied"):
            read_document(str(path))
    finally:
        path.chmod(0o600)


def test_stdin_over_the_cap_is_an_entry(monkeypatch):
    monkeypatch.setattr(limits, "MAX_STDIN_BYTES", 10)
    (ref,) = expand_paths(["-"], stdin=io.BytesIO(b"x" * 100))
    assert ref.error and ref.data is None
