"""kyoso compare: a contract against a library model contract.

kyoso's own drafts match their model; a draft with an article cut out reports it
missing (exit 1 when the library marks it essential); a Japanese draft can be
reported in English; the JSON has the documented shape; bad input is one line and
exit 2. The hand-made contracts below are written for these tests.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from kyoso.checker.compare import CompareOptions, compare_paths
from kyoso.clauses.loader import load_library
from kyoso.cli import main
from kyoso.core.errors import ClauseLibraryError
from kyoso.templates.api import draft_bytes

DOCS = Path(__file__).resolve().parent.parent / "docs"

# A company-drafted JDA: results all to the Company, a five-year non-compete, no payment
# for the results and no confidentiality article. Our own sentences.
ONE_SIDED_EN = """JOINT DEVELOPMENT AGREEMENT

This Agreement is made between Kitahama Optics Corp. ("Company") and Brightfold Inc. ("Startup").

Article 1 (Purpose)
The parties shall jointly develop a light-diffusing coating for vehicle lamps (the "Project").

Article 2 (Sharing of Work)
Startup shall formulate trial coatings and send them to Company. Company shall apply the coatings to lamp lenses and measure their optical performance.

Article 3 (Ownership of Results)
All inventions, data, know-how and other results arising from the Project, whether made by Startup, by Company or by both, shall vest solely in Company, and Startup hereby assigns to Company all right, title and interest in them without compensation.

Article 4 (Non-Competition)
During the term of this Agreement and for five years after it ends, Startup shall not research or develop any coating product, alone or with any third party.

Article 5 (Term)
This Agreement remains in force for one year from the date of signing.

Article 6 (Governing Law)
This Agreement is governed by the laws of Japan, and the Osaka District Court has exclusive jurisdiction over any dispute.

Article 7 (Insurance)
Each party shall carry product liability insurance with a reputable insurer while the Project lasts.
"""

ONE_SIDED_JA = """共同開発契約書

北浜光学株式会社（以下「甲」という。）と株式会社ブライトフォールド（以下「乙」という。）は、次のとおり契約を締結する。

第1条（目的）
甲および乙は、車両用灯具の光拡散コーティングを共同で開発する（以下「本開発」という。）。

第2条（業務の分担）
乙は試作したコーティング剤を甲に送付し、甲はこれを灯具レンズに塗布して光学特性を測定する。

第3条（成果の帰属）
本開発から生じた発明、データ、ノウハウその他一切の成果に係る権利は、乙が単独でしたものを含め、甲に単独で帰属し、乙はこれを無償で甲に譲渡する。

第4条（競業の禁止）
乙は、本契約の期間中および終了後5年間、単独であるか第三者と共同であるかを問わず、コーティング製品の研究または開発を行ってはならない。

第5条（有効期間）
本契約の有効期間は、締結日から1年間とする。

第6条（準拠法）
本契約は日本法に準拠し、紛争は大阪地方裁判所を第一審の専属的合意管轄裁判所とする。

第7条（保険）
甲および乙は、本開発の期間中、信頼できる保険会社の生産物賠償責任保険に加入する。
"""


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def run(runner, *args):
    return runner.invoke(main, ["compare", *map(str, args)], catch_exceptions=False)


def compare(path: Path, against: str, **options):
    comparisons, _ = compare_paths([str(path)], CompareOptions(against=against, **options))
    return comparisons[0]


def library_contracts() -> list[str]:
    """Every library contract with an example deal (new ones join by themselves)."""
    from kyoso.clauses.answers import EXAMPLES_DIR

    return sorted(c for c in load_library().contracts if (EXAMPLES_DIR / f"{c}.yaml").is_file())


def example_draft(folder: Path, contract: str, lang: str, fmt: str = "md") -> Path:
    from kyoso.checker.compare.model_side import example_values

    path = folder / f"{contract}-{lang}.{fmt}"
    path.write_bytes(draft_bytes(contract, example_values(contract), lang, fmt))
    return path


def without_article(text: str, title: str, lang: str) -> str:
    """The Markdown draft with the article headed ``title`` cut out."""
    heading = rf"## 第\d+条（{re.escape(title)}）" if lang == "ja" else rf"## Article \d+ \({re.escape(title)}\)"
    cut, count = re.subn(rf"(?ms)^{heading}\n.*?(?=^## |\Z)", "", text)
    assert count == 1, f"no article {title!r}"
    return cut


# --- kyoso's own drafts -------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("contract", library_contracts())
def test_own_draft_has_nothing_missing(tmp_path, contract, lang):
    result = compare(example_draft(tmp_path, contract, lang), contract)
    assert [a.model.id for a in result.articles if a.status == "missing"] == []
    assert [e.contract.title for e in result.extra] == []
    shown = [a for a in result.articles if a.contract is not None]
    numbers = [int(a.contract.number) for a in shown]
    assert numbers == sorted(set(numbers))  # one to one, in order: each with its own
    assert all(a.contract.title in (None, a.model.title.get(lang)) for a in shown)


def test_own_docx_draft_exits_0(tmp_path, runner):
    result = run(runner, example_draft(tmp_path, "joint-development", "ja", "docx"),
                 "--against", "joint-development")
    assert result.exit_code == 0, result.output
    assert "欠落" in result.stdout and "必須" not in result.stdout.split("\n")[3]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_deleted_essential_article_is_missing_and_exits_1(tmp_path, runner, lang):
    contract = load_library().contracts["joint-development"]
    essential = [a for a in contract.articles if a.essential]
    assert essential, "the JDA marks its essential articles"
    draft = example_draft(tmp_path, "joint-development", lang)
    target = next(a for a in essential if a.id == "ip_ownership")
    draft.write_text(without_article(draft.read_text(encoding="utf-8"), target.title.get(lang), lang),
                     encoding="utf-8")
    result = run(runner, draft, "--against", "joint-development", "--format", "json")
    assert result.exit_code == 1, result.output
    document = json.loads(result.stdout)["documents"][0]
    missing = [a for a in document["articles"] if a["status"] == "missing"]
    assert [a["model"]["clause"] for a in missing] == ["joint-development/ip_ownership"]
    assert missing[0]["contract"] is None and missing[0]["essential"] is True
    assert "73" in missing[0]["note"]  # the Patent Act on co-owned results
    assert document["summary"]["essential_missing"] == ["joint-development/ip_ownership"]


@pytest.mark.parametrize("contract", library_contracts())
def test_each_deleted_article_is_the_one_missing(tmp_path, contract):
    """Cut each article of the English draft in turn (every third, to stay quick)."""
    draft = example_draft(tmp_path, contract, "en")
    text = draft.read_text(encoding="utf-8")
    titles = re.findall(r"(?m)^## Article \d+ \((.+)\)$", text)
    options = {a.title.en for a in load_library().contracts[contract].articles if a.when}
    for title in titles[::3]:
        cut = tmp_path / "cut.md"
        cut.write_text(without_article(text, title, "en"), encoding="utf-8")
        result = compare(cut, contract)
        missing = [a.model.title.en for a in result.articles if a.status == "missing"]
        # An option of the model (a `when`) that a contract lacks is not reported at all.
        assert missing == ([] if title in options else [title])
        assert title not in [a.model.title.en for a in result.articles] or title not in options
        assert result.essential_missing == [a for a in result.articles
                                            if a.status == "missing" and a.model.essential]


def test_deleted_ordinary_article_exits_0(tmp_path, runner):
    draft = example_draft(tmp_path, "nda", "en")
    draft.write_text(without_article(draft.read_text(encoding="utf-8"), "Injunctive Relief", "en"),
                     encoding="utf-8")
    result = run(runner, draft, "--against", "nda")
    assert result.exit_code == 0, result.output
    assert "Missing (1)" in result.stdout and "Injunctive Relief" in result.stdout


# --- languages ------------------------------------------------------------------------------


def test_japanese_draft_reported_in_english(tmp_path, runner):
    draft = example_draft(tmp_path, "poc", "ja")
    out = run(runner, draft, "--against", "poc", "--lang", "en", "--format", "json")
    assert out.exit_code == 0, out.output
    document = json.loads(out.stdout)["documents"][0]
    assert document["language"] == "ja" and document["report_language"] == "en"
    titles = {a["model"]["clause"]: a for a in document["articles"]}
    ip = titles["poc/report_ip"]
    assert ip["model"]["title"] == "Intellectual Property in the Report Materials"
    assert ip["contract"]["title"] == "本報告書等の知的財産権"  # the contract's own words
    text = run(runner, draft, "--against", "poc", "--lang", "en").stdout
    assert "against the model Proof-of-Concept" in text or "against the model" in text
    assert "Matched (" in text and "一致" not in text


def test_one_sided_japanese_contract_reported_in_english(tmp_path, runner):
    path = tmp_path / "jda.txt"
    path.write_text(ONE_SIDED_JA, encoding="utf-8")
    result = run(runner, path, "--against", "joint-development", "--lang", "en")
    assert result.exit_code == 1  # no consideration, no confidentiality
    assert "Essential articles missing:" in result.stdout
    assert "Consideration for the Results" in result.stdout
    assert "← 第3条（成果の帰属）" in result.stdout


# --- deviations -----------------------------------------------------------------------------


@pytest.mark.parametrize("text", [ONE_SIDED_EN, ONE_SIDED_JA], ids=["en", "ja"])
def test_blatantly_one_sided_article_is_deviating(tmp_path, text):
    path = tmp_path / "jda.txt"
    path.write_text(text, encoding="utf-8")
    result = compare(path, "joint-development")
    by_id = {a.model.id: a for a in result.articles}
    ip = by_id["ip_ownership"]
    assert ip.status == "deviating" and ip.contract.number == "3"
    assert ip.findings and all(f.severity != "info" for f in ip.findings)
    assert by_id["consideration"].status == "missing" and by_id["confidentiality"].status == "missing"
    assert by_id["purpose"].status == "matched"
    assert [e.contract.number for e in result.extra] == ["7"]  # insurance: not in the model
    assert by_id["roles"].contract.number == "2"  # 業務の分担 / Sharing of Work: an also_titled heading


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_pdf_and_docx_inputs(tmp_path, kind):
    """Any input kyoso check reads: the one-sided contract as a PDF and as a Word file."""
    lines = [line for line in ONE_SIDED_JA.splitlines() if line.strip()]
    if kind == "pdf":
        from factories import build_pdf

        path = build_pdf(tmp_path / "jda.pdf", [lines], japanese=True)
    else:
        import docx

        document = docx.Document()
        for line in lines:
            document.add_paragraph(line)
        path = tmp_path / "jda.docx"
        document.save(path)
    by_id = {a.model.id: a for a in compare(path, "joint-development").articles}
    assert by_id["ip_ownership"].status == "deviating" and by_id["ip_ownership"].contract.number == "3"
    assert by_id["term"].contract.number == "5" and by_id["consideration"].status == "missing"


# --- output -------------------------------------------------------------------------------


def test_json_matches_its_schema(tmp_path, runner):
    schema = json.loads((DOCS / "compare.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    path = tmp_path / "jda.txt"
    path.write_text(ONE_SIDED_EN, encoding="utf-8")
    draft = example_draft(tmp_path, "license", "ja")
    result = run(runner, path, draft, "--against", "joint-development", "--format", "json")
    data = json.loads(result.stdout)
    jsonschema.validate(data, schema)
    assert data["schema_version"] == 1 and [d["path"] for d in data["documents"]] == [str(path), str(draft)]
    first = data["documents"][0]
    assert first["against"] == "joint-development"
    assert {a["status"] for a in first["articles"]} == {"matched", "deviating", "missing"}
    for article in first["articles"]:
        assert set(article) >= {"model", "status", "contract", "findings", "note"}
        assert set(article["model"]) >= {"number", "title"}
    assert first["extra"][0]["title"] == "Insurance"
    deviating = next(a for a in first["articles"] if a["status"] == "deviating")
    assert deviating["findings"][0]["rule"] and deviating["note"]


def test_markdown_report_written_to_a_file(tmp_path, runner):
    path = tmp_path / "jda.txt"
    path.write_text(ONE_SIDED_EN, encoding="utf-8")
    out = tmp_path / "report.md"
    result = run(runner, path, "--against", "joint-development", "-o", out)
    assert result.exit_code == 1 and result.stdout == ""
    report = out.read_text(encoding="utf-8")
    assert report.startswith("# ") and "## Missing (" in report and "## Deviating (" in report
    assert "- **Ownership of Intellectual Property" in report
    again = run(runner, path, "--against", "joint-development", "-o", out)  # exists: not touched
    assert again.exit_code == 2 and "--force" in again.stderr
    assert out.read_text(encoding="utf-8") == report


# --- errors ---------------------------------------------------------------------------------


def one_error_line(result) -> str:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kyoso: error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def test_unknown_contract_id(tmp_path, runner):
    draft = example_draft(tmp_path, "nda", "en")
    line = one_error_line(run(runner, draft, "--against", "joint-venture"))
    assert "joint-venture" in line and "nda" in line  # names the known ones


def test_missing_file_and_folder_without_contracts(tmp_path, runner):
    line = one_error_line(run(runner, tmp_path / "nowhere.docx", "--against", "nda"))
    assert "nowhere.docx" in line
    (tmp_path / "empty").mkdir()
    one_error_line(run(runner, tmp_path / "empty", "--against", "nda"))


def test_corrupt_docx(tmp_path, runner):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    assert "bad.docx" in one_error_line(run(runner, bad, "--against", "nda"))


def test_format_and_suffix_must_agree(tmp_path, runner):
    draft = example_draft(tmp_path, "nda", "en")
    line = one_error_line(run(runner, draft, "--against", "nda", "--format", "json", "-o", tmp_path / "r.md"))
    assert "suffix" in line and not (tmp_path / "r.md").exists()


def test_output_folder_missing(tmp_path, runner):
    draft = example_draft(tmp_path, "nda", "en")
    line = one_error_line(run(runner, draft, "--against", "nda", "-o", tmp_path / "no" / "r.md"))
    assert "does not exist" in line


# --- the library's essential mark -------------------------------------------------------------


def test_essential_articles_are_not_optional():
    for contract in load_library().contracts.values():
        for article in contract.articles:
            assert not (article.essential and article.when), f"{contract.id}/{article.id}"


def _tiny(tmp_path: Path, change) -> str:
    from test_clause_loader import contract_doc, write_contract
    from kyoso.clauses.loader import load_contract_file

    doc = copy.deepcopy(contract_doc())
    change(doc)
    with pytest.raises(ClauseLibraryError) as caught:
        load_contract_file(write_contract(tmp_path, doc))
    return str(caught.value)


def test_loader_refuses_an_essential_option(tmp_path):
    message = _tiny(tmp_path, lambda d: d["articles"][1].update(essential=True))
    assert "article 'committee'" in message and "essential" in message and "when" in message


def test_loader_refuses_a_non_boolean_essential(tmp_path):
    message = _tiny(tmp_path, lambda d: d["articles"][0].update(essential="yes"))
    assert "article 'purpose'" in message and "essential" in message and "true or false" in message


def test_loader_wants_lists_of_headings_in_both_languages(tmp_path):
    message = _tiny(tmp_path, lambda d: d["articles"][3].update(also_titled={"ja": "期間", "en": ["Duration"]}))
    assert "article 'term'" in message and "also_titled.ja" in message and "list" in message
    message = _tiny(tmp_path, lambda d: d["articles"][3].update(also_titled={"en": ["Duration"]}))
    assert "also_titled.ja" in message and "missing" in message


def test_heading_variants_pair_a_merged_article(tmp_path):
    """「契約期間および解除」 holds both the model's Term (via its also_titled 契約期間)
    and its Termination (one coordinated half of the heading)."""
    path = tmp_path / "jda.txt"
    path.write_text(ONE_SIDED_JA.replace("第5条（有効期間）", "第5条（契約期間および解除）"), encoding="utf-8")
    by_id = {a.model.id: a for a in compare(path, "joint-development").articles}
    assert by_id["term"].contract.number == "5"


def test_loader_wants_both_languages_of_a_position(tmp_path):
    message = _tiny(tmp_path, lambda d: d["articles"][0].update(position={"ja": "甲に帰属する。"}))
    assert "position.en" in message


# --- the disk cache of the model side ----------------------------------------------------------


def test_model_cache_is_used_and_a_damaged_entry_is_ignored(tmp_path, monkeypatch):
    from kyoso.checker.compare import model_side

    monkeypatch.setenv("KYOSO_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "jda.txt"
    path.write_text(ONE_SIDED_EN, encoding="utf-8")

    def statuses():
        model_side._BASELINES.clear()  # forget the in-process copy: read the disk
        return [(a.model.id, a.status) for a in compare(path, "joint-development").articles]

    first = statuses()
    entries = list((tmp_path / "cache").glob("compare-*.json"))
    assert len(entries) == 1
    assert statuses() == first  # from the cache
    stored = json.loads(entries[0].read_text(encoding="utf-8"))
    stored["raw"]["texts"] = {"purpose": "nothing like the model"}  # damaged: ids missing
    entries[0].write_text(json.dumps(stored), encoding="utf-8")
    assert statuses() == first
    assert len(json.loads(entries[0].read_text(encoding="utf-8"))["raw"]["texts"]) > 1  # rewritten
