"""``kyoso check --baseline`` / ``--write-baseline``: only new problems fail.

Contracts are written here, in our own words, blatantly one-sided so the tests do not
hang on where the checker draws its lines: all results to the large company, a free
perpetual irrevocable licence, a five-year worldwide non-compete.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from kyoso.checker.baseline import (Baseline, BaselineError, normalise_passage,
                                    parse_baseline, passage_fingerprint)
from kyoso.checker.model import DocumentResult, Finding, Location
from kyoso.checker.report.common import display_width
from kyoso.cli import main

DOCS = Path(__file__).resolve().parent.parent / "docs"

ONE_SIDED_JA = """共同研究開発契約書
大手電機株式会社（以下「甲」という。）と株式会社ちいさな研究所（以下「乙」という。）は、次のとおり契約を締結する。
第1条（成果の帰属）
１　本研究により生じた発明その他の成果に係る一切の知的財産権は、乙が単独でした発明を含め、すべて甲に帰属する。
第2条（実施許諾）
１　乙は、甲に対し、乙の保有する技術を無償かつ無期限で、取消不能の条件で、全世界において実施することを許諾する。
第3条（競業の禁止）
１　乙は、本契約終了後5年間、全世界において、本製品と類似する製品を自ら又は第三者と共同して開発してはならない。
"""

# The same contract with a new first article: every article and paragraph number moves.
RENUMBERED_JA = """共同研究開発契約書
大手電機株式会社（以下「甲」という。）と株式会社ちいさな研究所（以下「乙」という。）は、次のとおり契約を締結する。
第1条（目的）
１　甲及び乙は、新しい電池材料を共同で研究する。
第2条（成果の帰属）
１　本研究により生じた発明その他の成果に係る一切の知的財産権は、乙が単独でした発明を含め、すべて甲に帰属する。
第3条（実施許諾）
１　乙は、甲に対し、乙の保有する技術を無償かつ無期限で、取消不能の条件で、全世界において実施することを許諾する。

第4条（競業の禁止）
２　乙は、本契約終了後5年間、全世界において、本製品と類似する製品を自ら又は第三者と共同して開発してはならない。
"""

ONE_SIDED_EN = """Joint Development Agreement
This Agreement is made between Big Maker Corp. ("Company") and Tiny Labs Inc. ("Startup").
Article 1 (Ownership of Results)
1.1 All intellectual property rights in the results of the joint development, including inventions made solely by the Startup, shall vest exclusively in the Company.
Article 2 (Licence)
2.1 The Startup grants the Company a free, perpetual, irrevocable, worldwide licence to use all of the Startup's background technology for any purpose.
Article 3 (Non-competition)
3.1 For five years after this Agreement ends, the Startup shall not develop, manufacture or sell any similar product anywhere in the world, alone or with any third party.
"""

RENUMBERED_EN = (ONE_SIDED_EN
                 .replace("Article 3 (", "Article 9 (").replace("3.1 For", "9.4 For")
                 .replace("Article 2 (", "Article 5 (").replace("2.1 The", "5.2 The")
                 .replace("Article 1 (", "Article 2 (").replace("1.1 All", "2.1 All")
                 .replace("Article 2 (Ownership", "Article 1 (Purpose)\n1.1 The parties will "
                          "jointly develop a battery material.\nArticle 2 (Ownership"))

# the non-compete made longer: a new problem, whatever the baseline says
EDITED_EN = ONE_SIDED_EN.replace("For five years", "For ten years")


@pytest.fixture
def runner():
    return CliRunner()


def kyoso(runner, *args):
    return runner.invoke(main, ["check", *map(str, args)], catch_exceptions=False)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def findings_of(result) -> list[dict]:
    return json.loads(result.stdout)["documents"][0]["findings"]


# --- the fingerprint ----------------------------------------------------------------------


@pytest.mark.parametrize("first, second", [
    ("第3条第2項の規定にかかわらず、成果は甲に帰属する。", "第７条第１項の規定にかかわらず、成果は甲に帰属する。"),
    ("１　乙は競業してはならない。", "２　乙は競業してはならない。"),
    ("（３）乙は競業してはならない。", "(1) 乙は 競業して\nはならない。"),
    ("3.1 Subject to Article 7.2(a), results vest in the Company.",
     "9.4  Subject to Article 12.1(b), results\nvest in the Company."),
    ("(a) as set out in Sections 3 and 4, the Startup shall not compete.",
     "(c) as set out in Sections 5 and 6, the Startup shall not compete."),
    ("Ｔｈｅ Startup shall not compete.", "The Startup  shall not compete."),
], ids=["ja-reference", "ja-paragraph-number", "ja-item-and-wrap", "en-reference",
        "en-list-of-sections", "nfkc-and-spaces"])
def test_renumbering_and_layout_do_not_change_the_fingerprint(first, second):
    assert normalise_passage(first) == normalise_passage(second)
    assert passage_fingerprint("r/x", first) == passage_fingerprint("r/x", second)


@pytest.mark.parametrize("first, second", [
    ("乙は本契約終了後5年間競業してはならない。", "乙は本契約終了後3年間競業してはならない。"),
    ("For five years the Startup shall not compete.", "For ten years the Startup shall not compete."),
    ("Results vest in the Company.", "Results vest in the Startup."),
], ids=["ja-period", "en-period", "en-party"])
def test_edited_wording_changes_the_fingerprint(first, second):
    assert passage_fingerprint("r/x", first) != passage_fingerprint("r/x", second)


def test_the_rule_is_part_of_the_fingerprint():
    assert passage_fingerprint("a/b", "same words") != passage_fingerprint("a/c", "same words")


def test_each_recorded_entry_absorbs_one_finding(tmp_path):
    def finding(text):
        return Finding(rule="r/x", category="r", severity="high", message="m",
                       location=Location(None, None, 0, 1), excerpt=text, favours=None)

    baseline = Baseline([("a.txt", "r/x", passage_fingerprint("r/x", "pasted clause"))], tmp_path)
    result = DocumentResult(path=str(tmp_path / "a.txt"),
                            findings=[finding("pasted clause"), finding("pasted clause")])
    assert baseline.mark(result) == 1
    assert [f.baselined for f in result.findings] == [True, False]


# --- round trip through the CLI -------------------------------------------------------------


@pytest.mark.parametrize("original, renumbered", [(ONE_SIDED_JA, RENUMBERED_JA),
                                                  (ONE_SIDED_EN, RENUMBERED_EN)],
                         ids=["ja", "en"])
def test_renumbered_articles_still_match(runner, tmp_path, monkeypatch, original, renumbered):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "contracts").mkdir()
    contract = write(tmp_path / "contracts" / "jda.txt", original)
    assert kyoso(runner, contract).exit_code == 1  # the five-year non-compete is high
    wrote = kyoso(runner, "contracts", "--write-baseline", "kyoso-baseline.json")
    assert wrote.exit_code == 0, wrote.output
    assert "wrote baseline kyoso-baseline.json (3 findings)" in wrote.stderr
    recorded = json.loads((tmp_path / "kyoso-baseline.json").read_text(encoding="utf-8"))
    assert {entry["path"] for entry in recorded["findings"]} == {"contracts/jda.txt"}

    write(contract, renumbered)
    result = kyoso(runner, "contracts", "--baseline", "kyoso-baseline.json", "--format", "json")
    assert result.exit_code == 0, result.output
    findings = findings_of(result)
    assert len(findings) == 3 and all(f.get("baselined") is True for f in findings)


def test_an_edited_passage_is_new_and_fails(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    contract = write(tmp_path / "jda.txt", ONE_SIDED_EN)
    assert kyoso(runner, contract, "--write-baseline", "base.json").exit_code == 0
    write(contract, EDITED_EN)
    result = kyoso(runner, contract, "--baseline", "base.json", "--format", "json")
    assert result.exit_code == 1
    by_rule = {f["rule"]: f for f in findings_of(result)}
    assert "baselined" not in by_rule["non-compete/restraint"]  # the edited one is new
    assert by_rule["ip-assignment/transfer"]["baselined"] is True
    text = kyoso(runner, "jda.txt", "--baseline", "base.json")  # relative: a short heading
    assert text.exit_code == 1
    assert text.stdout.count("(in the baseline: not counted)") == 2
    assert "3 findings (2 high, 1 medium); 2 in the baseline" in text.stdout
    assert max(display_width(line) for line in text.stdout.splitlines()) <= 80


def test_baselined_json_validates_against_the_documented_schema(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "jda.txt", ONE_SIDED_EN)
    kyoso(runner, "jda.txt", "--write-baseline", "base.json")
    data = json.loads(kyoso(runner, "jda.txt", "--baseline", "base.json", "--format", "json").stdout)
    schema = json.loads((DOCS / "output.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    data["documents"][0]["findings"][0]["baselined"] = "yes"
    assert not jsonschema.Draft202012Validator(schema).is_valid(data)


def test_japanese_report_marks_baselined_findings_in_japanese(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "jda.txt", ONE_SIDED_JA)
    kyoso(runner, "jda.txt", "--write-baseline", "base.json")
    result = kyoso(runner, "jda.txt", "--baseline", "base.json")
    assert result.exit_code == 0
    assert result.stdout.count("ベースライン記録済み・判定対象外") == 3
    assert "うちベースライン記録済み3件" in result.stdout
    assert max(display_width(line) for line in result.stdout.splitlines()) <= 80


def test_a_baseline_from_another_file_does_not_hide_a_copied_clause(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "old.txt", ONE_SIDED_EN)
    kyoso(runner, "old.txt", "--write-baseline", "base.json")
    write(tmp_path / "new.txt", ONE_SIDED_EN)
    assert kyoso(runner, "old.txt", "new.txt", "--baseline", "base.json").exit_code == 1


def test_write_baseline_never_overwrites_without_force(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "jda.txt", ONE_SIDED_EN)
    write(tmp_path / "base.json", "keep me")
    result = kyoso(runner, "jda.txt", "--write-baseline", "base.json")
    assert result.exit_code == 2
    assert "already exists (use --force to overwrite)" in result.stderr
    assert (tmp_path / "base.json").read_text() == "keep me"
    assert kyoso(runner, "jda.txt", "--write-baseline", "base.json", "--force").exit_code == 0
    assert json.loads((tmp_path / "base.json").read_text())["kyoso_baseline"] == 1


def test_no_baseline_is_written_when_a_file_could_not_be_read(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "jda.txt", ONE_SIDED_EN)
    (tmp_path / "broken.pdf").write_bytes(b"not a pdf at all")
    result = kyoso(runner, "jda.txt", "broken.pdf", "--write-baseline", "base.json")
    assert result.exit_code == 2
    assert "baseline base.json not written" in result.stderr
    assert not (tmp_path / "base.json").exists()


def test_the_baseline_file_is_sorted_and_stable(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "jda.txt", ONE_SIDED_EN)
    kyoso(runner, "jda.txt", "--write-baseline", "one.json")
    kyoso(runner, "jda.txt", "--write-baseline", "two.json")
    first = (tmp_path / "one.json").read_bytes()
    assert first == (tmp_path / "two.json").read_bytes()
    entries = json.loads(first)["findings"]
    assert entries == sorted(entries, key=lambda e: (e["path"], e["rule"], e["fingerprint"]))


# --- hostile and broken baseline files -------------------------------------------------------


HOSTILE = [
    ("not-json", b"{this is not json", "is not valid JSON"),
    ("not-utf8", b"\xff\xfe\x00garbage", "not UTF-8"),
    ("deep", b"[" * 200_000, "nested too deeply"),
    ("a-list", b"[]", "not a kyoso baseline"),
    ("other-json", b'{"schema_version": 1, "documents": []}', "not a kyoso baseline"),
    ("future", b'{"kyoso_baseline": 99, "findings": []}', "format 99 is not supported"),
    ("findings-not-list", b'{"kyoso_baseline": 1, "findings": {}}', "'findings' must be a list"),
    ("entry-not-object", b'{"kyoso_baseline": 1, "findings": [1]}', "entry 1 is not an object"),
    ("missing-rule", b'{"kyoso_baseline": 1, "findings": [{"path": "a", "fingerprint": "'
     + b"0" * 32 + b'"}]}', "'rule' must be a non-empty string"),
    ("bad-fingerprint", b'{"kyoso_baseline": 1, "findings": [{"path": "a", "rule": "r", '
     b'"fingerprint": "../../etc"}]}', "32 hexadecimal digits"),
    ("huge-field", b'{"kyoso_baseline": 1, "findings": [{"path": "' + b"a" * 10_000
     + b'", "rule": "r", "fingerprint": "' + b"0" * 32 + b'"}]}', "'path' must be"),
]


@pytest.mark.parametrize("name, data, words", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_broken_or_hostile_baseline_is_one_line_and_exit_2(runner, tmp_path, name, data, words):
    contract = write(tmp_path / "jda.txt", ONE_SIDED_EN)
    baseline = tmp_path / "base.json"
    baseline.write_bytes(data)
    result = kyoso(runner, contract, "--baseline", baseline)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kyoso: error: --baseline ")
    assert words in lines[0]
    assert result.stdout == ""  # refused before any work
    with pytest.raises(BaselineError):
        parse_baseline(data, "x")


def test_a_baseline_that_is_a_folder_or_missing_is_exit_2(runner, tmp_path):
    contract = write(tmp_path / "jda.txt", ONE_SIDED_EN)
    assert kyoso(runner, contract, "--baseline", tmp_path).exit_code == 2  # click refuses a folder
    result = kyoso(runner, contract, "--baseline", tmp_path / "missing.json")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"kyoso: error: --baseline {tmp_path / 'missing.json'}: no such file"


def test_write_baseline_cannot_be_combined_with_since(runner, tmp_path):
    contract = write(tmp_path / "jda.txt", ONE_SIDED_EN)
    since = write(tmp_path / "earlier.jsonl", "")
    result = kyoso(runner, contract, "--since", since, "--write-baseline", tmp_path / "b.json")
    assert result.exit_code == 2 and "--write-baseline" in result.stderr
