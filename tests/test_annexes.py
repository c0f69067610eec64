"""Annexes (別紙 / Annex) and the edition field of contract files.

Annexes follow the signatures, are numbered on their own and are cited with ref();
the loader checks them like articles, and the writers keep them out of the article
numbering the draft lint counts.
"""

from __future__ import annotations

import copy
import io
import zipfile

import pytest

from kyoso.clauses.answers import resolve
from kyoso.clauses.loader import load_contract_file
from kyoso.clauses.render import render_contract
from kyoso.core.errors import ClauseLibraryError
from kyoso.templates.blocks import Block, sections
from kyoso.templates.docx_writer import DocInfo, write_docx
from kyoso.templates.layout import layout
from kyoso.templates.lint import LintInput, lint_drafts
from kyoso.templates.markdown_writer import write_markdown

from test_clause_loader import T, contract_doc, private_cache, write_contract  # noqa: F401

ANSWERS = {"startup": {"name": "甲社", "address": "東京", "representative": "代表 甲"},
           "business": {"name": "乙社", "address": "大阪", "representative": "代表 乙"},
           "signed_on": "2026-04-01", "topic": "試料"}


def with_annexes() -> dict:
    doc = copy.deepcopy(contract_doc())
    doc["edition"] = "ai"
    doc["articles"][0]["paragraphs"].append(
        {"text": T("詳細は{{ ref('plan') }}および{{ ref('plan_data') }}による。",
                   "Details are in {{ ref('plan') }} and {{ ref('plan_data') }}.")})
    doc["annexes"] = [
        {"id": "plan", "title": T("研究計画", "Research Plan"), "paragraphs": [
            {"text": T("研究の内容：{{ topic }}", "Research: {{ topic }}")},
            {"id": "plan_data", "text": T("データ", "Data"), "items": [
                {"text": T("形式：画像", "format: images")}]}]},
        {"id": "extra", "title": T("委員会", "Committee"), "when": "committee",
         "paragraphs": [{"text": T("委員は各2名とする。", "Two members each.")}]},
    ]
    return doc


def loaded(tmp_path, doc=None):
    contract = load_contract_file(write_contract(tmp_path, doc or with_annexes()))
    return contract, resolve(contract, dict(ANSWERS), "test")


def test_annexes_load_render_and_are_cited(tmp_path):
    contract, values = loaded(tmp_path)
    assert contract.edition == "ai" and [a.id for a in contract.annexes] == ["plan", "extra"]
    assert {"plan", "plan_data", "extra"} <= contract.clause_ids()
    ja, en = (render_contract(contract, values, lang) for lang in ("ja", "en"))
    assert [a.id for a in ja.annexes] == ["plan"]  # 'extra' is off: committee is false
    assert "別紙1および別紙1第2項による" in ja.articles[0].paragraphs[-1].text
    assert en.articles[0].paragraphs[-1].text == "Details are in Annex 1 and paragraph 2 of Annex 1."
    assert [a.number for a in ja.articles] == [1, 2, 3, 4]  # annexes do not take article numbers


def test_a_contract_without_edition_is_material(tmp_path):
    contract = load_contract_file(write_contract(tmp_path, contract_doc()))
    assert contract.edition == "material" and contract.annexes == []


@pytest.mark.parametrize(("change", "words"), [
    (lambda d: d.update(edition="university"), ["edition", "material, ai"]),
    (lambda d: d["annexes"][0].update(colour="blue"), ["annex 'plan'", "colour"]),
    (lambda d: d.update(annexes=[]), ["annexes", "non-empty list"]),
    (lambda d: d["annexes"][0]["paragraphs"][0].update(text=T("{{ nothing }}", "{{ nothing }}")),
     ["annex 'plan'", "nothing"]),
    (lambda d: d["annexes"][1].update(id="purpose"), ["duplicate id 'purpose'"]),
])
def test_broken_annexes_and_editions_are_refused(tmp_path, change, words):
    doc = with_annexes()
    change(doc)
    with pytest.raises(ClauseLibraryError) as caught:
        load_contract_file(write_contract(tmp_path, doc))
    for word in words:
        assert word in str(caught.value), str(caught.value)


def test_annexes_follow_the_signatures_in_both_writers(tmp_path):
    contract, values = loaded(tmp_path)
    blocks = layout(contract, values, ["ja", "en"])
    kinds = [b.kind for b in blocks]
    assert kinds.index("annex") > max(i for i, k in enumerate(kinds) if k == "signature")
    annex = blocks[kinds.index("annex")]
    assert annex.text == {"ja": "別紙1（研究計画）", "en": "Annex 1 (Research Plan)"}
    assert blocks[kinds.index("annex") + 1].label == {"ja": "１．", "en": "1."}
    assert sections(blocks)[-1][0].kind == "annex"  # its own unit in Markdown's ja/en turns

    md = write_markdown(blocks, ["ja", "en"]).decode()
    assert "### 別紙1（研究計画）" in md and "### Annex 1 (Research Plan)" in md
    docx = write_docx(blocks, ["ja"], DocInfo(title="t", language="ja-JP"))
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    assert 'w:val="Heading2"' in xml and "pageBreakBefore" in xml
    for data, fmt in ((md.encode(), "md"), (docx, "docx"),
                      (write_docx(blocks, ["ja", "en"], DocInfo(title="t", language="ja-JP")), "docx")):
        assert lint_drafts([LintInput(f"d.{fmt}", data, fmt)]) == []


def test_lint_reads_an_annex_paragraph_reference_as_the_annex_s():
    blocks = [Block("title", {"ja": "試験契約書"}),
              Block("preamble", {"ja": "甲と乙は契約する。"}),
              Block("heading", {"ja": "第1条（目的）"}),
              Block("paragraph", {"ja": "別紙1第4項に定める研究を行う。"}),
              Block("closing", {"ja": "以上"})]
    data = write_markdown(blocks, ["ja"])
    assert lint_drafts([LintInput("d.md", data, "md")]) == []
    wrong = write_markdown(blocks[:3] + [Block("paragraph", {"ja": "第4項に定める研究を行う。"})] + blocks[4:], ["ja"])
    assert lint_drafts([LintInput("d.md", wrong, "md")]) != []
