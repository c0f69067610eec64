"""--redline: the model wording as tracked changes in a copy of the user's DOCX.

Each round trip builds a blatantly one-sided contract (all results to the large company,
a free perpetual irrevocable licence, a five-year non-compete), redlines it, then does
Word's Accept All and Reject All by XML transformation (tests/tracked.py): Reject All
must give back the original text, and the accepted contract must no longer be flagged.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from functools import lru_cache

import pytest
from click.testing import CliRunner
from lxml import etree

from factories import EN_NUMBERING, build_docx, build_pdf, dele, ins, para, run
from kyoso.checker.api import CheckOptions, check_document
from kyoso.checker.model import Finding, Location
from kyoso.checker.readers.docx import read_docx
from kyoso.checker.report.redline import choose
from kyoso.cli import main
from tracked import accept_all, paragraphs, reject_all, run_texts

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
BIG_JA, SMALL_JA = "株式会社大手製作所", "株式会社ミライラボ"
BIG_EN, SMALL_EN = "Giant Industries Corp.", "Tiny Labs Inc."

JA_REPORTING = "甲及び乙は、研究の進捗を毎月書面で報告し合う。"
JA_OWNERSHIP = "本研究により生じた一切の発明、著作物その他の成果に係る知的財産権は、発明者の帰属にかかわらず、すべて甲に帰属する。"


def japanese_contract(folder):
    """Aliases 甲 (the large company) and 乙 (the startup); no automatic numbering; the
    ownership sentence shares its paragraph with a harmless one."""
    body = "".join([
        para("共同研究開発契約書"),
        para(f"{BIG_JA}（以下「甲」という。）と{SMALL_JA}（以下「乙」という。）は、次のとおり契約を"
             "締結する。乙はスタートアップである。"),
        para("第1条（目的）"),
        para("甲及び乙は、温度センサーの共同研究開発を行う。"),
        para("第2条（成果の帰属）"),
        para(JA_REPORTING + JA_OWNERSHIP),
        para("第3条（実施許諾）"),
        para("乙は、甲に対し、乙が保有する一切の知的財産権について、無償で、期間の定めなく、"
             "取消不能の実施権を許諾する。"),
        para("第4条（競業の禁止）"),
        para("乙は、本契約の終了後5年間、甲の事前の書面による承諾なく、いかなる第三者とも、"
             "センサーその他一切の製品について研究開発を行ってはならない。"),
        para("第5条（準拠法）"),
        para("本契約は日本法に準拠する。"),
    ])
    return build_docx(folder / "ja.docx", body)


BOLD = "<w:rPr><w:b/><w:sz w:val=\"22\"/></w:rPr>"
EN_OWNERSHIP = ("All intellectual property rights in all results of the research, whoever creates "
                "them, shall vest solely in Giant, and Tiny hereby assigns to Giant all of its "
                "right, title and interest in them without any consideration.")


def english_contract(folder, ownership_runs=None, extra="", footnotes=()):
    """Aliases "Giant" and "Tiny" (not the model's "the Company"/"the Startup"); articles
    and paragraphs numbered by Word (numbering.xml); the ownership text in bold 11 pt."""
    ownership = ownership_runs or [run(EN_OWNERSHIP, BOLD)]
    body = "".join([
        para("Joint Development Agreement"),
        para(f'This Agreement is made between {BIG_EN} ("Giant") and {SMALL_EN}, a startup '
             '("Tiny").'),
        para("Purpose", num=(1, 0)),
        para("The parties shall jointly develop a temperature sensor.", num=(1, 1)),
        extra,
        para("Ownership", num=(1, 0)),
        para(*ownership, num=(1, 1)),
        para("Licence", num=(1, 0)),
        para("Tiny grants Giant a free, perpetual, irrevocable, worldwide licence, with the right "
             "to sublicense, under all of its patents and know-how for any purpose.", num=(1, 1)),
        para("Non-competition", num=(1, 0)),
        para("For five years after this Agreement ends, Tiny shall not research, develop or sell "
             "any product in any field with any third party without the prior written consent "
             "of Giant.", num=(1, 1)),
        para("Governing Law", num=(1, 0)),
        para("This Agreement is governed by the laws of Japan.", num=(1, 1)),
    ])
    return build_docx(folder / "en.docx", body, numbering_xml=EN_NUMBERING, footnotes=footnotes)


CONTRACTS = {"ja": (japanese_contract, "乙", BIG_JA), "en": (english_contract, "Tiny", BIG_EN)}


@lru_cache(maxsize=1)
def ruleset():
    from kyoso.checker.config import load_config
    from kyoso.checker.engine import RuleSet

    return RuleSet.load(load_config(None))


def findings_of(path, party=None):
    result = check_document(str(path), ruleset(), CheckOptions(party=party), warn=lambda _: None)
    assert result.error is None, result.error
    return result.findings


def serious(findings):
    return [f for f in findings if f.severity in ("medium", "high")]


def redline(tmp_path, source, *extra, out_name="out.docx"):
    out = tmp_path / out_name
    result = CliRunner().invoke(main, ["check", str(source), "--redline", str(out), *extra])
    return result, out


def document_xml(data: bytes):
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))


# --- the round trip ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_round_trip(tmp_path, lang):
    build, startup, big = CONTRACTS[lang]
    source = build(tmp_path)
    original = source.read_bytes()
    before = [f for f in serious(findings_of(source, startup)) if f.against_user]
    categories = {f.category for f in before}
    assert {"ip-assignment", "unlimited-license", "non-compete"} <= categories  # blatant enough

    result, out = redline(tmp_path, source, "--party", startup)
    assert result.exit_code == 1, result.stderr  # findings at or above high, as without --redline
    assert "3 tracked change(s)" in result.stderr
    assert source.read_bytes() == original  # the user's file is never touched
    redlined = out.read_bytes()

    root = document_xml(redlined)
    deletions = root.findall(".//w:del", NS)
    insertions = [i for i in root.findall(".//w:ins", NS) if i.getparent().tag != f"{{{W}}}rPr"]
    assert deletions and insertions
    for change in deletions + insertions:
        assert change.get(f"{{{W}}}author") == "kyoso"
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", change.get(f"{{{W}}}date"))
    comments = zipfile.ZipFile(io.BytesIO(redlined)).read("word/comments.xml").decode()
    assert comments.count('w:author="kyoso"') == 3
    assert ("スタートアップ指針" if lang == "ja" else "guideline") in comments
    # each comment sits on an insertion: its range opens just before a kyoso w:ins
    for start in root.findall(".//w:commentRangeStart", NS):
        assert start.getnext().tag == f"{{{W}}}ins"

    # Reject All: the original text, paragraph by paragraph, with the same properties
    rejected = reject_all(redlined)
    assert paragraphs(rejected) == paragraphs(original)
    assert run_texts(rejected) == run_texts(original)
    assert read_docx("rejected", rejected).text == read_docx("original", original).text

    # Accept All: the model wording in this contract's own names, and no longer flagged
    accepted_path = tmp_path / "accepted.docx"
    accepted_path.write_bytes(accept_all(redlined))
    accepted = read_docx("accepted", accepted_path.read_bytes()).text
    if lang == "ja":
        assert JA_REPORTING in accepted and JA_OWNERSHIP not in accepted  # only the sentence went
        assert "乙に単独で帰属する" in accepted  # the model's 甲 (the startup) is 乙 here
        assert "\n２　" in accepted  # typed paragraph numbers in the contract's style
    else:
        assert EN_OWNERSHIP not in accepted
        assert "belong solely to Tiny" in accepted and "Giant assigns to Tiny" in accepted
        assert "the Startup" not in accepted and "the Company" not in accepted
    after_party = findings_of(accepted_path, startup)
    assert not [f for f in serious(after_party) if f.against_user], \
        [(f.rule, f.excerpt) for f in serious(after_party) if f.against_user]
    after = findings_of(accepted_path)
    assert not [f for f in serious(after) if f.favours == big]
    result = CliRunner().invoke(main, ["check", str(accepted_path), "--party", startup])
    assert result.exit_code == 0, result.output


def test_inserted_text_keeps_paragraph_and_run_formatting(tmp_path):
    source = english_contract(tmp_path)
    result, out = redline(tmp_path, source, "--party", "Tiny")
    assert result.exit_code == 1, result.stderr
    root = document_xml(out.read_bytes())
    ownership = next(p for p in root.iter(f"{{{W}}}p")
                     if "whoever creates" in "".join(p.itertext()))
    inserted_run = ownership.find("w:ins/w:r", NS)
    assert inserted_run.find("w:rPr/w:b", NS) is not None
    assert inserted_run.find("w:rPr/w:sz", NS).get(f"{{{W}}}val") == "22"
    following = ownership.getnext()  # the model's next paragraph, inserted whole
    assert following.find("w:pPr/w:rPr/w:ins", NS).get(f"{{{W}}}author") == "kyoso"
    number = following.find("w:pPr/w:numPr", NS)
    assert number.find("w:numId", NS).get(f"{{{W}}}val") == "1"  # Word numbers it: 2.2
    assert number.find("w:ilvl", NS).get(f"{{{W}}}val") == "1"
    assert not re.match(r"\d+\.\d+", "".join(following.itertext()))  # no typed label as well


def test_document_with_tracked_changes(tmp_path):
    """Changes already in the file stay exactly as they are; a flagged passage inside
    someone else's insertion gets a comment, not a redline."""
    ownership = ["All intellectual property rights in all results of the research ",
                 ins("shall vest solely in Giant, and Tiny hereby assigns to Giant all of its "
                     "right, title and interest in them without any consideration"), "."]
    extra = para("Each party ", ins("promptly "), "reports ", dele("monthly "),
                 "progress to the other.", num=(1, 1))
    source = english_contract(tmp_path, ownership_runs=ownership, extra=extra)
    original = source.read_bytes()
    theirs = [etree.tostring(e, method="c14n") for e in document_xml(original).iter(
        f"{{{W}}}ins", f"{{{W}}}del")]

    result, out = redline(tmp_path, source, "--party", "Tiny")
    assert result.exit_code == 1, result.stderr
    assert "1 passage(s) commented on, not changed" in result.stderr
    redlined = out.read_bytes()
    root = document_xml(redlined)
    kept = [etree.tostring(e, method="c14n") for e in root.iter(f"{{{W}}}ins", f"{{{W}}}del")
            if e.get(f"{{{W}}}author") == "Test"]
    assert kept == theirs
    ownership_paragraph = next(p for p in root.iter(f"{{{W}}}p")
                               if "without any consideration" in "".join(p.itertext()))
    assert not [c for c in ownership_paragraph.iter(f"{{{W}}}ins", f"{{{W}}}del")
                if c.get(f"{{{W}}}author") == "kyoso"]
    assert ownership_paragraph.find("w:commentRangeStart", NS) is not None
    comments = zipfile.ZipFile(io.BytesIO(redlined)).read("word/comments.xml").decode()
    assert "tracked change by another author" in comments
    assert len(root.findall(".//w:del[@w:author='kyoso']", NS)) >= 2  # licence, non-compete
    # rejecting kyoso's changes gives back the file as it was, others' changes and all
    assert paragraphs(reject_all(redlined, author="kyoso")) == paragraphs(original)
    assert paragraphs(reject_all(redlined)) == paragraphs(reject_all(original))


# --- options and errors ------------------------------------------------------------------


def test_pdf_with_redline_still_writes_the_report(tmp_path):
    pdf = build_pdf(tmp_path / "contract.pdf", [[
        'This Agreement is made between Giant Industries Corp. ("Giant") and Tiny Labs Inc.,',
        'a startup ("Tiny").',
        "Article 2 Ownership",
        "All intellectual property rights in all results of the research shall vest solely",
        "in Giant, and Tiny hereby assigns to Giant all of its right, title and interest in",
        "them without any consideration.",
    ]])
    report = tmp_path / "report.json"
    result, out = redline(tmp_path, pdf, "--format", "json", "-o", str(report))
    assert result.exit_code == 2
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith("kyoso: error: --redline:")
    assert "PDF" in errors[0] and ".docx" in errors[0]
    assert not out.exists()
    document = json.loads(report.read_text())["documents"][0]
    assert document["error"] is None and document["findings"]


def test_existing_output_needs_force(tmp_path):
    source = japanese_contract(tmp_path)
    out = tmp_path / "out.docx"
    out.write_bytes(b"keep me")
    result, _ = redline(tmp_path, source)
    assert result.exit_code == 2
    assert "already exists (use --force" in result.stderr
    assert out.read_bytes() == b"keep me"
    result, _ = redline(tmp_path, source, "--force")
    assert result.exit_code == 1, result.stderr
    assert zipfile.is_zipfile(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ja.docx", "out.docx"]  # no temp left
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    result, _ = redline(tmp_path, source, "--force", out_name="ja.docx")  # onto the input
    assert result.exit_code == 2 and "same as an input" in result.stderr
    assert hashlib.sha256(source.read_bytes()).hexdigest() == digest


def test_redline_and_annotate_together(tmp_path):
    source = japanese_contract(tmp_path)
    commented = tmp_path / "commented.docx"
    result, out = redline(tmp_path, source, "--annotate", str(commented))
    assert result.exit_code == 1, result.stderr
    assert document_xml(out.read_bytes()).find(".//w:del", NS) is not None
    assert document_xml(commented.read_bytes()).find(".//w:del", NS) is None
    assert document_xml(commented.read_bytes()).find(".//w:commentRangeStart", NS) is not None


@pytest.mark.parametrize("inputs, words", [
    (["ja.docx", "ja.docx"], "exactly one input file"),
    (["."], "exactly one input file"),
    (["ja.docx"], "must end in .docx"),
])
def test_bad_redline_options(tmp_path, monkeypatch, inputs, words):
    japanese_contract(tmp_path)
    monkeypatch.chdir(tmp_path)
    out = "out.docx" if words != "must end in .docx" else "out.txt"
    result = CliRunner().invoke(main, ["check", *inputs, "--redline", out])
    assert result.exit_code == 2 and words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / out).exists()


def _finding(severity, against_user, clause="joint-development/ip_ownership"):
    return Finding(rule="ip-assignment/transfer", category="ip-assignment", severity=severity,
                   message="m", location=Location(None, None, 0, 1), excerpt="x", favours=None,
                   suggestion_clause=clause, against_user=against_user)


def test_choose_follows_party_and_severity():
    mine = _finding("high", False)
    theirs = _finding("high", True)
    mutual = _finding("medium", None)
    low = _finding("low", True)
    unsuggested = _finding("high", True, clause=None)
    every = [mine, theirs, mutual, low, unsuggested]
    assert choose(every, with_party=True) == [theirs]
    assert choose(every, with_party=False) == [mine, theirs, mutual]
    unresolved = [_finding("high", None), _finding("medium", None)]  # --party matched nobody
    assert choose(unresolved, with_party=True) == unresolved


def test_two_passages_in_one_paragraph(tmp_path):
    """Each flagged sentence of a paragraph is replaced on its own; the sentence between
    them stays, and both edits reject back to the original."""
    restraint = ("For five years after this Agreement ends, Tiny shall not research, develop or "
                 "sell any product in any field with any third party without the prior written "
                 "consent of Giant.")
    between = "Each party shall keep records of its work."
    source = english_contract(tmp_path, ownership_runs=[run(f"{EN_OWNERSHIP} {between} {restraint}")])
    original = source.read_bytes()
    result, out = redline(tmp_path, source, "--party", "Tiny")
    assert result.exit_code == 1, result.stderr
    redlined = out.read_bytes()
    assert paragraphs(reject_all(redlined)) == paragraphs(original)
    accepted = read_docx("accepted", accept_all(redlined)).text
    assert between in accepted
    assert EN_OWNERSHIP not in accepted and restraint not in accepted
    assert "belong solely to Tiny" in accepted and "neither party shall" in accepted


# --- fitting the model wording to the contract ----------------------------------------------


def test_model_paragraphs_drop_heading_and_labels():
    from kyoso.checker.report.redline_wording import model_paragraphs

    ja = model_paragraphs("第8条（帰属）\n成果は甲に帰属する。\n２　乙は協力する。\n  一　出願すること", "ja")
    assert [(p.text, p.item) for p in ja] == [
        ("成果は甲に帰属する。", False), ("乙は協力する。", False), ("一　出願すること", True)]
    en = model_paragraphs("Article 8 (Ownership)\n8.1 Results vest in the Startup.\n"
                          "8.2 The Company helps.\n  (a) filing;", "en")
    assert [(p.text, p.item) for p in en] == [
        ("Results vest in the Startup.", False), ("The Company helps.", False), ("(a) filing;", True)]


def test_parties_take_the_contract_names():
    from kyoso.checker.model import Party
    from kyoso.checker.report.redline_wording import cast_parties

    ja = [Party("大手株式会社", "A社"), Party("ラボ株式会社", "B社", role="startup")]
    assert cast_parties("甲および乙は協議する。乙は甲に通知する。", "ja", ja, "大手株式会社", "") \
        == "A社およびB社は協議する。A社はB社に通知する。"
    en = [Party("Big Corp.", "Licensee"), Party("Small Inc.", "Company")]
    text = 'the "Licensee" and the "Company" agree. the Licensee pays the Company.'
    assert cast_parties("The Startup grants the Company a licence; the Startup's rights stay.",
                        "en", en, "Big Corp.", text) \
        == "The Company grants the Licensee a licence; the Company's rights stay."
    unknown = cast_parties("The Startup grants the Company a licence.", "en", en, None, text)
    assert unknown == "The Startup grants the Company a licence."  # who is who unknown: as is


def test_typed_numbers_continue_in_the_contract_style():
    from kyoso.checker.report.redline_wording import ModelParagraph, number_paragraphs, typed_label

    model = [ModelParagraph("a"), ModelParagraph("b"), ModelParagraph("一　c", item=True),
             ModelParagraph("d")]
    assert number_paragraphs(model, "ja", *typed_label("本契約は", "ja")[1:], False) == \
        ["２　b", "　一　c", "３　d"]
    assert number_paragraphs(model, "en", *typed_label("7.2 The parties", "en")[1:], False) == \
        ["7.3 b", "    一　c", "7.4 d"]
    assert number_paragraphs(model, "en", None, None, True) == ["b", "    一　c", "d"]
    assert typed_label("第2条（成果の帰属）本研究の成果は", "ja")[0] == len("第2条（成果の帰属）")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_model_wording_is_not_replaced_by_itself(tmp_path, lang):
    """kyoso's own draft, redlined without --party: whatever the checker flags, no passage
    is deleted only to be inserted again word for word."""
    draft = tmp_path / "draft.docx"
    result = CliRunner().invoke(main, ["draft", "joint-development", "--example", "--lang", lang,
                                       "-o", str(draft)])
    assert result.exit_code == 0, result.output
    result, out = redline(tmp_path, draft)
    assert result.exit_code in (0, 1), result.stderr
    root = document_xml(out.read_bytes())
    kyoso = "[@w:author='kyoso']"
    for deletion in root.findall(f".//w:del{kyoso}", NS):
        deleted = re.sub(r"\s+", "", "".join(t.text or "" for t in deletion.iter(f"{{{W}}}delText")))
        inserted = deletion.getnext()
        while inserted is not None and inserted.tag != f"{{{W}}}ins":
            inserted = inserted.getnext()
        assert inserted is not None
        assert deleted not in re.sub(r"\s+", "", "".join(inserted.itertext()))


def test_passage_with_a_footnote_mark_is_commented_not_changed(tmp_path):
    """A note reference inside the flagged sentence would be lost in a deletion: the
    paragraph gets a comment with the suggestion instead, and the mark stays."""
    cut = EN_OWNERSHIP.index(", and Tiny")
    ownership = [run(EN_OWNERSHIP[:cut]), '<w:r><w:footnoteReference w:id="1"/></w:r>',
                 run(EN_OWNERSHIP[cut:])]
    source = english_contract(tmp_path, ownership_runs=ownership,
                              footnotes=("Subject to the Patent Act.",))
    result, out = redline(tmp_path, source, "--party", "Tiny")
    assert result.exit_code == 1, result.stderr
    assert "1 passage(s) commented on, not changed" in result.stderr
    root = document_xml(out.read_bytes())
    assert len(root.findall(".//w:footnoteReference", NS)) == 1
    comments = zipfile.ZipFile(out).read("word/comments.xml").decode()
    assert "holds a field, content control or other object" in comments


def test_flagged_paragraph_in_a_table_cell(tmp_path):
    """A contract laid out in a table (article title left, text right) is redlined in
    the cell, and the new paragraphs stay in the cell."""
    from factories import table

    body = "".join([
        para(f'This Agreement is made between {BIG_EN} ("Giant") and {SMALL_EN}, a startup '
             '("Tiny").'),
        table([["Ownership", EN_OWNERSHIP], ["Law", "This Agreement is governed by the laws of Japan."]]),
    ])
    source = build_docx(tmp_path / "table.docx", body)
    original = source.read_bytes()
    result, out = redline(tmp_path, source, "--party", "Tiny")
    assert result.exit_code == 1, result.stderr
    assert "1 tracked change(s)" in result.stderr
    redlined = out.read_bytes()
    cell = [c for c in document_xml(redlined).iter(f"{{{W}}}tc")][1]
    assert len(cell.findall("w:p", NS)) > 1 and cell.find(".//w:ins", NS) is not None
    assert paragraphs(reject_all(redlined)) == paragraphs(original)
    assert EN_OWNERSHIP not in read_docx("accepted", accept_all(redlined)).text


def test_last_paragraph_of_the_document(tmp_path):
    """The document's last paragraph keeps a mark that is not inserted (Word cannot delete
    the final mark), yet Reject All still gives one paragraph with the original text."""
    body = "".join([
        para(f'This Agreement is made between {BIG_EN} ("Giant") and {SMALL_EN}, a startup '
             '("Tiny").'),
        para("Ownership", style="Heading1"),
        para(EN_OWNERSHIP, style="BodyText"),
    ])
    source = build_docx(tmp_path / "last.docx", body)
    original = source.read_bytes()
    result, out = redline(tmp_path, source, "--party", "Tiny")
    assert result.exit_code == 1, result.stderr
    redlined = out.read_bytes()
    last = document_xml(redlined).find("w:body", NS).findall("w:p", NS)[-1]
    assert last.find("w:pPr/w:rPr/w:ins", NS) is None  # the original mark, now last
    assert last.find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val") == "BodyText"
    assert paragraphs(reject_all(redlined)) == paragraphs(original)
    assert run_texts(reject_all(redlined)) == run_texts(original)
    accepted = read_docx("accepted", accept_all(redlined)).text
    assert EN_OWNERSHIP not in accepted and "belong solely to Tiny" in accepted


def test_unreadable_docx_writes_no_copy(tmp_path):
    from factories import not_a_zip_docx

    broken = not_a_zip_docx(tmp_path)
    result, out = redline(tmp_path, broken)
    assert result.exit_code == 2
    assert result.stderr.count("kyoso: error:") == 1 and "Traceback" not in result.stderr
    assert not out.exists()


def test_sentences_ignore_brackets_and_abbreviations():
    from kyoso.checker.report.redline_wording import sentence_span

    ja = "本研究の目的を定める。本研究により生じた発明（以下「本発明」という。）に係る権利は、甲に帰属する。乙は協力する。"
    at = ja.index("甲に")
    assert ja[slice(*sentence_span(ja, at, at + 3, "ja"))] == \
        "本研究により生じた発明（以下「本発明」という。）に係る権利は、甲に帰属する。"
    en = ("The parties meet monthly. Tiny Labs Inc. shall assign to Giant (i.e. the buyer) all "
          "rights, e.g. patents. Giant pays.")
    at = en.index("assign")
    assert en[slice(*sentence_span(en, at, at + 6, "en"))] == \
        "Tiny Labs Inc. shall assign to Giant (i.e. the buyer) all rights, e.g. patents."


def test_passage_partly_in_a_hyperlink(tmp_path):
    cut = EN_OWNERSHIP.index("all of its right")
    ownership = [run(EN_OWNERSHIP[:cut]),
                 f'<w:hyperlink w:anchor="rights">{run("all of its right, title and interest")}'
                 '</w:hyperlink>', run(EN_OWNERSHIP[cut + len("all of its right, title and interest"):])]
    source = english_contract(tmp_path, ownership_runs=ownership)
    original = source.read_bytes()
    result, out = redline(tmp_path, source, "--party", "Tiny")
    assert result.exit_code == 1, result.stderr
    assert "3 tracked change(s)" in result.stderr
    redlined = out.read_bytes()
    link = document_xml(redlined).find(".//w:hyperlink", NS)
    assert link.find("w:del", NS) is not None and link.find("w:ins", NS) is None
    assert paragraphs(reject_all(redlined)) == paragraphs(original)
    assert EN_OWNERSHIP not in read_docx("accepted", accept_all(redlined)).text
