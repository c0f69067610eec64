"""The engine: strict loading, config, severity logic, dimensions, findings."""

import textwrap
from pathlib import Path

import pytest

from kyoso.checker.engine import RuleSet, describe_rules
from kyoso.checker.model import Block, Location, Party, SourceText
from kyoso.core.errors import ClauseLibraryError

RULES_DIR = Path(__file__).resolve().parent.parent / "checker" / "rules"


@pytest.fixture(scope="module")
def rules():
    return RuleSet.load()


def _one(findings, category):
    found = [f for f in findings if f.category == category]
    assert found, findings
    return found[0]


def _write_rule(tmp_path, text, name="broken.yaml", category="ip-assignment"):
    folder = tmp_path / category
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    source = (RULES_DIR / "ip-assignment" / "transfer.yaml").read_text(encoding="utf-8")
    path.write_text(text(source), encoding="utf-8")
    return path


def test_unknown_key_names_file_rule_and_key(tmp_path):
    path = _write_rule(tmp_path, lambda s: s + "\nsurprise: 1\n")
    with pytest.raises(ClauseLibraryError) as error:
        RuleSet.load(paths=[path])
    assert "broken.yaml" in str(error.value) and "ip-assignment/broken" in str(error.value)
    assert "surprise" in str(error.value)


def test_missing_translation_is_an_error(tmp_path):
    path = _write_rule(tmp_path, lambda s: s.replace("  ja: 知的財産権の一方当事者への帰属・譲渡\n", ""))
    with pytest.raises(ClauseLibraryError, match=r"title\.ja"):
        RuleSet.load(paths=[path])


def test_missing_examples_is_an_error(tmp_path):
    path = _write_rule(tmp_path, lambda s: s[: s.index("examples:")])
    with pytest.raises(ClauseLibraryError, match="examples"):
        RuleSet.load(paths=[path])


def test_bad_pattern_is_an_error(tmp_path):
    path = _write_rule(tmp_path, lambda s: s.replace("'bankrupt|", "'(bankrupt|", 1))
    with pytest.raises(ClauseLibraryError, match="bad pattern"):
        RuleSet.load(paths=[path])


def test_unknown_dimension_in_severity_is_an_error(tmp_path):
    path = _write_rule(tmp_path, lambda s: s.replace("if: {background: true}", "if: {colour: red}"))
    with pytest.raises(ClauseLibraryError, match="colour"):
        RuleSet.load(paths=[path])


def test_one_sided_free_assignment_is_high(rules):
    finding = _one(rules.check_text(
        "Startup hereby assigns to BigCo, without further consideration, all right, title and "
        "interest in the Results.", "en"), "ip-assignment")
    assert finding.severity == "high"
    assert finding.favours == "BigCo"
    assert finding.dimensions["no_consideration"] is True
    assert finding.suggestion_clause


def test_agreement_assignment_is_not_ip(rules):
    assert not [f for f in rules.check_text(
        "Either party may assign this Agreement to an affiliate on written notice.", "en")
        if f.category == "ip-assignment"]


def test_japanese_vesting_with_recipient(rules):
    finding = _one(rules.check_text("本共同研究の成果に係る一切の知的財産権は、乙に帰属する。", "ja"),
                   "ip-assignment")
    assert finding.favours == "乙"
    assert finding.severity in ("medium", "high")
    assert "知的財産" in finding.message


def test_licence_dimensions(rules):
    finding = _one(rules.check_text(
        "Licensor grants Acme a perpetual, irrevocable, royalty-free, worldwide, sublicensable "
        "licence to use the Technology for any purpose.", "en"), "unlimited-license")
    dims = finding.dimensions
    assert dims["perpetual"] and dims["irrevocable"] and dims["royalty_free"]
    assert dims["worldwide"] and dims["sublicensable"] and dims["unrestricted_scope"]
    assert not dims["exclusive"]
    assert finding.severity == "high"
    assert finding.favours == "Acme"


def test_limited_licence_is_minor(rules):
    finding = _one(rules.check_text(
        "Licensor grants Acme a non-exclusive, non-transferable licence to use the Software "
        "solely for evaluating the Product during the Term.", "en"), "unlimited-license")
    assert not finding.dimensions["transferable"]
    assert not finding.dimensions["unrestricted_scope"]
    assert finding.severity == "info"


def test_japanese_licence(rules):
    finding = _one(rules.check_text(
        "甲は、乙に対し、本件特許を無償かつ期間の定めなく実施することを許諾する。", "ja"),
        "unlimited-license")
    assert finding.dimensions["royalty_free"] and finding.dimensions["perpetual"]
    assert finding.favours == "乙"


def test_non_compete_dimensions(rules):
    finding = _one(rules.check_text(
        "Startup shall not, for three (3) years after termination of this Agreement, develop "
        "any product that competes with the Product.", "en"), "non-compete")
    assert finding.dimensions["bound"] == "Startup"
    assert finding.dimensions["duration_months"] == 36
    assert finding.dimensions["period"] == "post-term"
    assert finding.severity == "high"


def test_mutual_term_only_non_compete_is_low(rules):
    finding = _one(rules.check_text(
        "During the term of this Agreement, neither party shall develop the Product with any "
        "third party, nor sell a competing version of the Product.", "en"), "non-compete")
    assert finding.dimensions["bound"] == "both"
    assert finding.dimensions["duration_months"] == 0
    assert finding.severity in ("low", "medium")


def test_japanese_post_term_non_compete(rules):
    finding = _one(rules.check_text(
        "甲は、本契約終了後二年間、本製品と競合する製品を開発してはならない。", "ja"), "non-compete")
    assert finding.dimensions["bound"] == "甲"
    assert finding.dimensions["duration_months"] == 24
    assert finding.severity == "high"  # binds only one party


def test_threshold_from_config_changes_severity():
    text = "甲及び乙は、本契約終了後一年間、本製品と競合する製品を開発してはならない。"
    strict = RuleSet.load({"thresholds": {"noncompete_max_post_term_months": 6}})
    lenient = RuleSet.load({"thresholds": {"noncompete_max_post_term_months": 24}})
    assert _one(strict.check_text(text, "ja"), "non-compete").severity == "high"
    assert _one(lenient.check_text(text, "ja"), "non-compete").severity == "medium"


def test_config_disables_and_overrides():
    text = "Startup hereby assigns to BigCo all patents in the Results."
    off = RuleSet.load({"rules": {"ip-assignment": {"enabled": False}}})
    assert not off.check_text(text, "en")
    low = RuleSet.load({"rules": {"ip-assignment/transfer": {"severity": "low"}}})
    assert _one(low.check_text(text, "en"), "ip-assignment").severity == "low"


def test_hidden_characters(rules):
    finding = _one(rules.check_text("The fee is \u202e001\u202c yen.", "en"), "hidden-text")
    assert finding.severity == "high"
    assert "U+202E" in finding.dimensions["code_points"]


def test_check_uses_structure_and_parties(rules):
    text = "第1条 目的\n甲は、本件成果物に関する著作権を乙に無償で譲渡する。"
    blocks, start = [], 0
    for line in text.split("\n"):
        blocks.append(Block(text=line, start=start, end=start + len(line)))
        start += len(line) + 1
    source = SourceText(path="x.txt", text=text, blocks=blocks, format="txt", language="ja")

    class Structure:
        def clause_at(self, offset):
            return None

        def locate(self, start, end, language):
            return Location(article="第1条（目的）", paragraph=None, start=start, end=end)

    parties = [Party(name="スタートアップ株式会社", alias="甲"), Party(name="大手株式会社", alias="乙")]
    finding = _one(rules.check(source, Structure(), parties, "ja"), "ip-assignment")
    assert finding.location.article == "第1条（目的）"
    assert text[finding.location.start:finding.location.end] == finding.excerpt
    assert finding.favours == "乙"
    assert finding.severity == "high"


def test_describe_rules_lists_every_rule():
    listing = describe_rules("ja")
    assert "non-compete/restraint" in listing and "競業" in listing


def test_long_japanese_paragraph_is_split_for_sudachi(rules):
    text = "甲は本件について誠実に協議する。" * 4000 + "成果に係る特許は乙に帰属する。"
    findings = rules.check_text(text, "ja")
    assert [f for f in findings if f.category == "ip-assignment"]
