"""Japanese documents as they are written (issue 11, item 4) and the severity of the model's
own mutual restraint (item 6).

Full-width letters and digits (Ｘ社, ＡＢＣ株式会社, 第１２条), parties named only by role
(会社/従業員, 当社/ユーザー, 本部/加盟店 …, and their English counterparts), a chapeau read
with its numbered items, work rules and pledges, and text as PDF extractors give it
(「第 7 条」). Every sentence here was written for this file.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from kyoso.checker.api import CheckOptions, analyse, check_document
from kyoso.checker.engine import RuleSet
from kyoso.checker.model import Block, SourceText
from kyoso.checker.normalise import fold, fold_source
from kyoso.checker.parties import find_parties
from kyoso.checker.structure import segment


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return RuleSet.load()


def _source(text: str, lang: str = "ja", fmt: str = "txt") -> SourceText:
    """One block per line, as the text and PDF readers give them."""
    blocks, start = [], 0
    for line in text.split("\n"):
        blocks.append(Block(text=line, start=start, end=start + len(line), kind="line"))
        start += len(line) + 1
    return SourceText(path=f"<{fmt}>", text=text, blocks=blocks, format=fmt, language=lang)


def _result(rules, text: str, lang: str = "ja"):
    return analyse(_source(text, lang), rules, CheckOptions(lang=lang), warn=lambda _: None)


# --- NFKC, length-preserving ------------------------------------------------------------


@pytest.mark.parametrize("text, folded", [
    ("Ｘ社とＹ社", "X社とY社"),
    ("ＡＢＣ株式会社", "ABC株式会社"),
    ("第１２条　３年間", "第12条　3年間"),
    ("ＡＢＣ　Ｊａｐａｎ株式会社", "ABC Japan株式会社"),  # a gap between Latin words is a space
])
def test_full_width_letters_and_digits_fold_one_for_one(text, folded):
    assert fold(text) == folded
    assert len(fold(text)) == len(text)


@pytest.mark.parametrize("text", ["（１）①㈱", "一　本製品", "「甲」：、。"])
def test_numbering_marks_and_japanese_punctuation_stay(text):
    kept = fold(text)
    assert len(kept) == len(text)
    for mark in "（）①㈱　「」：、。":
        assert kept.count(mark) == text.count(mark)


def test_fold_source_keeps_offsets():
    source = _source("ＡＢＣ株式会社（以下「甲」という。）\n第１条（目的）\n甲は、５年間…")
    folded = fold_source(source)
    assert len(folded.text) == len(source.text)
    for before, after in zip(source.blocks, folded.blocks):
        assert (before.start, before.end) == (after.start, after.end)
        assert folded.text[after.start:after.end] == after.text


def test_full_width_party_names_are_found():
    text = ("ＡＢＣ株式会社（以下「甲」という。）とＸ社（以下「乙」という。）は、次のとおり契約を締結する。")
    assert [(p.name, p.alias) for p in find_parties(text, "ja")] == [("ABC株式会社", "甲"), ("X社", "乙")]


def test_model_contract_names_written_full_width_without_alias():
    text = "Ｘ社とＹ社は、共同研究開発に関し、次のとおり契約を締結する。\n第１条（目的）\nＸ社は、…"
    assert [(p.name, p.alias) for p in find_parties(text, "ja")] == [("X社", "X社"), ("Y社", "Y社")]


def test_full_width_article_numbers_durations_and_excerpts(rules):
    text = ("ＡＢＣ株式会社（以下「甲」という。）とＸ社（以下「乙」という。）は、次のとおり契約を締結する。\n"
            "第１２条（競業の禁止）\n"
            "乙は、本契約終了後３年間、本製品と競合する製品を開発してはならない。")
    result = _result(rules, text)
    finding = next(f for f in result.findings if f.category == "non-compete")
    assert finding.location.article == "第12条（競業の禁止）"
    assert finding.dimensions["duration_months"] == 36
    assert finding.dimensions["bound"] == "乙"
    assert finding.favours == "ABC株式会社"
    assert "３年間" in finding.excerpt  # shown as the document writes it
    assert text[finding.location.start:finding.location.end].startswith("乙は、本契約終了後３年間")


# --- party pairs beyond 甲/乙 -------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("株式会社ツツジ（以下「会社」という。）と山田花子（以下「従業員」という。）は、次のとおり合意する。",
     [("株式会社ツツジ", "会社"), ("山田花子", "従業員")]),
    ("株式会社カシ（以下「本部」という。）と株式会社ナラ（以下「加盟店」という。）は、次のとおり契約する。",
     [("株式会社カシ", "本部"), ("株式会社ナラ", "加盟店")]),
    ("株式会社クリ（以下「委託者」という。）と株式会社クルミ（以下「受託者」という。）は、次のとおり契約する。",
     [("株式会社クリ", "委託者"), ("株式会社クルミ", "受託者")]),
    ("株式会社モモ（以下「発注者」という。）と株式会社スモモ（以下「受注者」という。）は、次のとおり契約する。",
     [("株式会社モモ", "発注者"), ("株式会社スモモ", "受注者")]),
    ("株式会社ウメ（以下「ライセンサー」という。）と株式会社アンズ（以下「ライセンシー」という。）は、次のとおり契約する。",
     [("株式会社ウメ", "ライセンサー"), ("株式会社アンズ", "ライセンシー")]),
    ("株式会社カキ（以下「売主」という。）と株式会社ビワ（以下「買主」という。）は、次のとおり契約する。",
     [("株式会社カキ", "売主"), ("株式会社ビワ", "買主")]),
    # terms of service: the provider names itself, users are named by role only
    ("本規約は、株式会社ヒバ（以下「当社」といいます。）が提供するサービスの利用条件を定めます。"
     "ユーザーは、本規約に同意したうえで本サービスを利用するものとします。",
     [("株式会社ヒバ", "当社"), ("ユーザー", "ユーザー")]),
    ("本規約は、株式会社ヒバ（以下「当社」といいます。）の通信販売の条件を定めます。"
     "お客様は、注文の前に本規約を確認するものとします。",
     [("株式会社ヒバ", "当社"), ("お客様", "お客様")]),
    # work rules: no preamble at all
    ("就業規則\n第1条 この規則は、従業員の服務を定める。\n第2条 従業員は、会社の指示に従う。\n"
     "第3条 会社は、従業員の安全に配慮する。", [("会社", "会社"), ("従業員", "従業員")]),
    # a pledge: 私 to 貴社
    ("誓約書\n株式会社ヒノキ 御中\n私は、貴社を退職するにあたり、次の事項を誓約します。",
     [("貴社", "貴社"), ("私", "私")]),
])
def test_japanese_party_pairs(text, expected):
    assert [(p.name, p.alias) for p in find_parties(text, "ja")] == expected


@pytest.mark.parametrize("text, expected", [
    ("Ｘ社（以下「甲」）及びＹ社（以下「乙」）は、次のとおり合意した。", [("X社", "甲"), ("Y社", "乙")]),
    ("Ｘ社と、Ｙ社は、次のとおり秘密保持契約を締結する。", [("X社", "X社"), ("Y社", "Y社")]),
    ("秘密保持契約書\n甲：Ｘ社\n乙：Ｙ社\n甲と乙は、次のとおり合意する。", [("X社", "甲"), ("Y社", "乙")]),
    ("株式会社Ｘ（以下「Ｘ社」という。）と株式会社Ｙ（以下「Ｙ社」という。）は、次のとおり契約する。",
     [("株式会社X", "X社"), ("株式会社Y", "Y社")]),
])
def test_model_contract_preamble_styles(text, expected):
    assert [(p.name, p.alias) for p in find_parties(text, "ja")] == expected


@pytest.mark.parametrize("text, alias, role", [
    ("本規約は、株式会社ヒバ（以下「当社」といいます。）の条件を定めます。当社はスタートアップ企業であり、"
     "ユーザーは本規約に従うものとします。", "当社", "startup"),
    ("株式会社カシ（以下「委託者」という。）と株式会社クリ（以下「受託者」という。）は、次のとおり契約する。\n"
     "「スタートアップ」とは、受託者をいう。", "受託者", "startup"),
    ("株式会社カシ（以下「本部」という。）と株式会社クリ（以下「加盟店」という。）は、次のとおり契約する。\n"
     "本部は事業会社に該当し、加盟店はスタートアップに該当する。", "本部", "business"),
])
def test_roles_of_role_named_parties(text, alias, role):
    party = next(p for p in find_parties(text, "ja") if p.alias == alias)
    assert party.role == role


@pytest.mark.parametrize("text, expected", [
    ('This Employment Agreement is made between Birch Labs Inc. (the "Company") and Jane Roe '
     '(the "Employee").', [("Birch Labs Inc.", "Company"), ("Jane Roe", "Employee")]),
    ('This Franchise Agreement is made between Cedar Foods LLC ("Franchisor") and Pine Bakery Ltd. '
     '("Franchisee").', [("Cedar Foods LLC", "Franchisor"), ("Pine Bakery Ltd.", "Franchisee")]),
    ('This Patent Licence is made between Larch Corp. ("Licensor") and Spruce Inc. ("Licensee").',
     [("Larch Corp.", "Licensor"), ("Spruce Inc.", "Licensee")]),
    ('This Purchase Agreement is made between Oak Holdings Ltd. ("Seller") and Elm Partners LLC '
     '("Purchaser").', [("Oak Holdings Ltd.", "Seller"), ("Elm Partners LLC", "Purchaser")]),
    ("EMPLOYEE HANDBOOK\nThe Company expects every Employee to act in good faith. Each Employee "
     "shall follow the Company's policies.", [("Company", "Company"), ("Employee", "Employee")]),
])
def test_english_party_pairs(text, expected):
    assert [(p.name, p.alias) for p in find_parties(text, "en")] == expected


@pytest.mark.parametrize("text, lang, bound, favours", [
    ("就業規則\n第1条 この規則は、従業員の服務を定める。\n"
     "第2条 従業員は、退職後１年間、会社と競合する事業を営む他社に就職してはならない。\n"
     "第3条 会社は、従業員の安全に配慮する。", "ja", "従業員", "会社"),
    ("本部は、加盟店に対し、経営の指導を行う。\n"
     "加盟店は、本契約終了後２年間、本部の事業と競合する飲食店を営んではならない。", "ja", "加盟店", "本部"),
    ("EMPLOYEE HANDBOOK\nThe Company expects every Employee to act in good faith.\n"
     "For six months after leaving, an Employee shall not work for any competitor of the Company.",
     "en", "Employee", "Company"),
])
def test_favours_and_bound_for_role_named_parties(rules, text, lang, bound, favours):
    result = _result(rules, text, lang)
    finding = next(f for f in result.findings if f.category == "non-compete")
    assert finding.dimensions["bound"] == bound
    assert finding.favours == favours



@pytest.mark.parametrize("text, favours", [
    # the role-named pairs take IP as 甲 and 乙 do
    ("加盟店が本部の指導の下で考案した販売手法のノウハウは、本部に帰属する。", "本部"),
    ("売主は、買主に対し、本件商標権を譲渡し、買主はこれを譲り受ける。", "買主"),
    ("従業員が職務上した発明については、会社が特許を受ける権利を取得する。", "会社"),
    # the one who assigns is not the one who takes, whoever is named first
    ("甲は、乙に対し、本件特許権を譲渡し、乙はこれを譲り受ける。", "乙"),
    ("甲は、本件著作権を乙に譲渡し、乙はこれを譲り受けるものとする。", "乙"),
    ("乙は、甲から本件特許権の譲渡を受ける。", "乙"),
])
def test_who_takes_the_ip_in_japanese(rules, text, favours):
    findings = [f for f in rules.check_text(text, "ja") if f.category == "ip-assignment"]
    assert findings and findings[0].favours == favours

# --- a chapeau read with its items --------------------------------------------------------


@pytest.mark.parametrize("lead", ["次の各号に掲げる行為をしてはならない。", "次の行為をしてはならない。",
                                  "次の行為をしないものとする。"])
@pytest.mark.parametrize("first, second", [("一　", "二　"), ("①", "②"), ("（１）", "（２）"),
                                           ("(1) ", "(2) "), ("ア　", "イ　"), ("１．", "２．")])
def test_chapeau_and_numbered_items(rules, lead, first, second):
    text = ("第5条（競業避止）\n"
            f"乙は、本契約終了後２年間、{lead}\n"
            f"{first}甲と競合する事業を自ら営むこと\n"
            f"{second}同業他社の役員に就任すること")
    found = [f for f in _result(rules, text).findings if f.category == "non-compete"]
    assert len(found) == 1  # one finding per list, on its first restrained item
    assert found[0].dimensions["bound"] == "乙"
    assert found[0].dimensions["duration_months"] == 24
    assert "甲と競合する事業を自ら営む" in found[0].excerpt


def test_english_lead_in_without_a_colon(rules):
    text = ("7. Restrictive Covenants\n"
            "For one year after this Agreement ends, the Consultant shall not do any of the following.\n"
            "(a) set up a business that competes with the Client;\n"
            "(b) solicit the Client's staff.")
    found = [f for f in _result(rules, text, "en").findings if f.category == "non-compete"]
    assert len(found) == 1
    assert found[0].dimensions["bound"] == "Consultant"


# --- work rules and pledges ---------------------------------------------------------------


@pytest.mark.parametrize("text, lang, bound", [
    ("従業員は、退職後２年間、競合他社に就職してはならない。", "ja", "従業員"),
    ("社員は、退職後１年間、会社と競業する事業を自ら営んではならない。", "ja", "社員"),
    ("私は、貴社を退職した後２年間、貴社と競合する事業を営む会社に就職しないことを誓約します。", "ja", "私"),
    ("従業員は、退職後６か月間、同業他社へ転職してはならない。", "ja", "従業員"),
    ("For twelve months after leaving the Company, the Employee shall not join any competitor.", "en",
     "Employee"),
    ("After my employment ends, I will not set up a business competing with the Company for one year.", "en",
     "I"),
])
def test_work_rule_and_pledge_non_competes(rules, text, lang, bound):
    found = [f for f in rules.check_text(text, lang) if f.category == "non-compete"]
    assert len(found) == 1
    assert found[0].dimensions["bound"] == bound
    assert found[0].dimensions["period"] == "post-term"


@pytest.mark.parametrize("text, lang", [
    ("従業員は、退職後も、在職中に知り得た会社の秘密情報を同業他社に開示してはならない。", "ja"),
    ("従業員は、在職中、会社の許可なく他社の業務に従事してはならない。", "ja"),
    ("乙は、本契約終了後一年間、甲の従業員に対し、競合他社への転職を勧誘してはならない。", "ja"),
    ("After leaving the Company, the Employee shall not disclose its trade secrets to any competitor.", "en"),
])
def test_secrecy_moonlighting_and_solicitation_are_not_non_competes(rules, text, lang):
    assert not [f for f in rules.check_text(text, lang) if f.category == "non-compete"]


def test_a_restraint_from_leaving_with_no_end_is_unlimited(rules):
    found = [f for f in rules.check_text("私は、退職後も、貴社と競業する事業を営みません。", "ja")
             if f.category == "non-compete"]
    assert found and found[0].dimensions["period"] == "unlimited"
    assert found[0].severity == "high"


# --- PDF text as extractors give it ---------------------------------------------------------

_JDA_LINES = [
    "共同研究開発契約書",
    "株式会社ミズナラ（以下「甲」という。）と株式会社ハルニレ（以下「乙」という。）は、"
    "蓄電池用電極材料の共同研究開発に関し、次のとおり契約を締結する。",
    "第1条（目的）",
    "本契約は、甲及び乙が蓄電池用電極材料（以下「本製品」という。）を共同で研究開発することを目的とする。",
    "第2条（実施許諾）",
    "甲は、乙およびその関連会社に対し、本研究の成果を無償で、期間の定めなく実施することを許諾する。",
    "第7条（競業の禁止）",
    "甲は、本契約の有効期間中及び本契約終了後5年間、乙の事前の書面による承諾なく、"
    "本製品と競合する製品の研究開発を自ら又は第三者と共同で行ってはならない。",
    "第8条（協議）",
    "本契約に定めのない事項は、甲乙誠実に協議して定める。",
]


def _extracted(lines: list[str]) -> str:
    """The spacing pdftotext gives a LibreOffice PDF: a space after a number set in a
    Latin font (「第7 条」「5 年間」); some extractors put one before it too."""
    import re

    text = "\n".join(lines)
    text = re.sub(r"第(\d+)条", r"第\1 条", text, count=2)
    return re.sub(r"第(\d+)条", r"第 \1 条", re.sub(r"(\d+)年間", r"\1 年間", text))


def _assert_jda_findings(result):
    by_category = {}
    for finding in result.findings:
        by_category.setdefault(finding.category, []).append(finding)
    restraint = by_category["non-compete"]
    assert len(restraint) == 1, [f.excerpt for f in restraint]  # the heading line is not a second one
    assert restraint[0].location.article == "第7条（競業の禁止）"
    assert restraint[0].dimensions["bound"] == "甲"
    assert restraint[0].dimensions["duration_months"] == 60
    licence = by_category["unlimited-license"]
    assert [f.dimensions["licensee"] for f in licence] == ["乙"]  # not 関連会社
    assert licence[0].favours == "株式会社ハルニレ"
    assert licence[0].location.article == "第2条（実施許諾）"


def test_extractor_spacing_text_fixture(rules, tmp_path):
    text = _extracted(_JDA_LINES)
    assert "第 7 条（競業の禁止）" in text and "第1 条（目的）" in text and "5 年間" in text
    path = tmp_path / "jda-extracted.txt"
    path.write_text(text, encoding="utf-8")
    _assert_jda_findings(check_document(path, rules, CheckOptions(lang="ja"), warn=lambda _: None))


def test_spaced_article_numbers_open_articles():
    structure = segment(_source("第 7 条（競業の禁止）\n甲は、…してはならない。\n第8 条（協議）\n甲乙協議する。"))
    assert list(dict.fromkeys(c.article for c in structure.clauses if c.article)) == ["7", "8"]
    assert structure.is_heading(0, len("第 7 条（競業の禁止）"))
    assert structure.locate(20, 25, "ja").article == "第7条（競業の禁止）"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_one_sided_jda_saved_as_pdf_by_libreoffice(rules, tmp_path):
    import docx

    document = docx.Document()
    for line in _JDA_LINES:
        document.add_paragraph(line)
    source = tmp_path / "jda.docx"
    document.save(source)
    profile = tmp_path / "lo-profile"  # its own profile: another soffice may be running
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "jda.pdf"
    assert pdf.exists()
    _assert_jda_findings(check_document(pdf, rules, CheckOptions(lang="ja"), warn=lambda _: None))


# --- item 6: a mutual, during-term restraint on a defined product ----------------------------


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_model_jda_article_on_competing_development_is_low(rules, tmp_path, lang):
    from click.testing import CliRunner

    from kyoso.cli import main

    target = tmp_path / f"jda-{lang}.docx"
    drafted = CliRunner().invoke(main, ["draft", "joint-development", "--example", "--lang", lang,
                                        "-o", str(target)])
    assert drafted.exit_code == 0, drafted.output
    result = check_document(target, rules, CheckOptions(lang=lang), warn=lambda _: None)
    restraints = [f for f in result.findings if f.category == "non-compete"]
    assert restraints, "the model's own restraint article is still reported"
    for finding in restraints:
        assert finding.severity in ("low", "info"), (finding.excerpt, finding.dimensions)
        assert finding.dimensions["bound"] == "both"
        assert finding.dimensions["period"] == "term"


_MUTUAL_JA = ("株式会社アカマツ（以下「甲」という。）と株式会社クロマツ（以下「乙」という。）は、次のとおり契約する。\n"
              "第1条（定義）\n{definition}"
              "第9条（競合開発の禁止）\n"
              "甲及び乙は、本契約の有効期間中、本製品または類似製品について、次の各号に掲げる行為をしてはならない。\n"
              "一　第三者と共同して研究開発を行うこと\n"
              "二　第三者から研究開発を受託すること")


def test_a_defined_similar_class_makes_a_mutual_term_restraint_low(rules):
    defined = _MUTUAL_JA.format(definition="「類似製品」とは、本製品と同じ用途の樹脂製カバーをいう。\n")
    undefined = _MUTUAL_JA.format(definition="「本製品」とは、樹脂製のランプカバーをいう。\n")
    low = [f for f in _result(rules, defined).findings if f.category == "non-compete"]
    open_ended = [f for f in _result(rules, undefined).findings if f.category == "non-compete"]
    assert [f.severity for f in low] == ["low"]
    assert low[0].dimensions["defined_product"] is True
    assert [f.severity for f in open_ended] == ["medium"]  # 類似製品 left undefined stays open


def test_mutual_during_term_defined_product_sentences_are_low(rules):
    for text, lang in [
        ("甲及び乙は、本契約の有効期間中、本製品と競合する製品の研究開発を第三者と共同で行わない。", "ja"),
        ("During the Term, neither party shall develop a product competing with the Product with any "
         "third party.", "en"),
    ]:
        found = [f for f in rules.check_text(text, lang) if f.category == "non-compete"]
        assert [f.severity for f in found] == ["low"], (text, [f.dimensions for f in found])


@pytest.mark.parametrize("text, favours", [
    ("貴社は、本契約期間中、当社の製品と競合する製品を販売しないものとします。", "当社"),  # not 私
    ("私は、退職後１年間、競合他社に就職しません。", "貴社"),
    ("加盟店は、本契約終了後１年間、競合する飲食店を営んではならない。", "本部"),
])
def test_a_clause_read_alone_favours_the_other_side_of_its_pair(rules, text, favours):
    found = [f for f in rules.check_text(text, "ja") if f.category == "non-compete"]
    assert [f.favours for f in found] == [favours]


def test_an_act_named_in_a_list_of_bans_grants_and_transfers_nothing():
    """A terms-of-service list of prohibited acts names sublicensing and assigning as acts
    the user must not do: no licence, no transfer (exclusion class prohibited-acts, read
    with the lead-in); a competing act in the same kind of list stays a restraint."""
    rules = RuleSet.load()
    terms = ("会員は、本アプリの利用にあたり、次の行為をしてはなりません。\n"
             "1. 第三者に対して本アプリの使用を再許諾する行為\n"
             "2. 本アプリに係る権利を第三者に譲渡する行為")
    found = {f.category for f in rules.check_text(terms, "ja")}
    assert not found & {"unlimited-license", "ip-assignment"}
    restraint = ("乙は、本契約期間中、次の行為をしてはならない。\n"
                 "1. 本製品と競合する製品を開発する行為")
    assert "non-compete" in {f.category for f in rules.check_text(restraint, "ja")}
