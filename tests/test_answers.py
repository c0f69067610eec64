"""Answers: precedence, type checks, every problem reported at once, hostile names.

Uses the small contract from test_clause_loader (written to tmp_path and loaded
through the real loader), so these tests do not depend on the shipped wording.
"""

from __future__ import annotations

import pytest
import yaml

from kyoso.clauses.answers import answers_template, example_answers, load_answers, resolve
from kyoso.clauses.loader import get_contract, load_contract_file, load_library
from kyoso.core.errors import AnswersError, KyosoError
from kyoso.core.limits import MAX_MONEY_AMOUNT
from test_clause_loader import contract_doc, private_cache, write_contract  # noqa: F401

from kyoso.clauses.model import Text


@pytest.fixture
def tiny(tmp_path):
    return load_contract_file(write_contract(tmp_path, contract_doc()))


def good(**changes) -> dict:
    answers = {
        "startup": {"name": {"ja": "株式会社スタート", "en": "Start Inc."}, "address": "東京都千代田区1-1",
                    "representative": "代表取締役 山田太郎"},
        "business": {"name": "大手工業株式会社", "address": "大阪府大阪市2-2",
                     "representative": "代表取締役社長 田中花子", "alias": {"ja": "丙", "en": "BigCo"}},
        "signed_on": "2026-04-01",
        "topic": {"ja": "新素材", "en": "a new material"},
    }
    answers.update(changes)
    return answers


def problems_of(contract, answers) -> list[str]:
    with pytest.raises(AnswersError) as caught:
        resolve(contract, answers, "deal.yaml")
    error = caught.value
    assert str(error).startswith("deal.yaml: ") and "\n" not in str(error)
    return error.problems


# --- resolving -------------------------------------------------------------------------------


def test_defaults_fill_what_the_answers_omit(tiny):
    values = resolve(tiny, good(), "deal.yaml")
    assert values["term_years"] == 3 and values["ownership"] == "startup" and values["committee"] is False
    assert values["fee"] == {"amount": 1_000_000, "currency": "JPY"}
    assert values["startup"]["name"] == Text("株式会社スタート", "Start Inc.")
    assert values["startup"]["alias"] == Text("甲", "the Startup")  # the variable's default alias
    assert values["business"]["alias"] == Text("丙", "BigCo")
    assert values["milestones"] == []


def test_precedence_answer_over_preset_over_default(tiny):
    values = resolve(tiny, good(preset="startup-favourable"), "deal.yaml")
    assert values["ownership"] == "startup" and values["term_years"] == 2  # preset beats default 3
    values = resolve(tiny, good(preset="startup-favourable", term_years=7), "deal.yaml")
    assert values["term_years"] == 7  # the explicit answer beats the preset
    values = resolve(tiny, good(preset="business-favourable"), "deal.yaml")
    assert values["ownership"] == "business" and values["committee"] is True and values["term_years"] == 3


def test_money_and_lists(tiny):
    values = resolve(tiny, good(fee={"amount": 5000, "currency": "USD"},
                                milestones=[{"event": "prototype", "amount": 2_000_000}]), "deal.yaml")
    assert values["fee"] == {"amount": 5000, "currency": "USD"}
    assert values["milestones"] == [{"event": "prototype", "amount": {"amount": 2_000_000, "currency": "JPY"}}]


def test_top_level_keys(tiny):
    assert resolve(tiny, good(contract="tiny", language="ja+en"), "deal.yaml")["signed_on"] == "2026-04-01"
    problems = problems_of(tiny, good(contract="nda", language="fr", preset="cheap"))
    assert any("contract" in p and "'nda'" in p for p in problems)
    assert any(p.startswith("language") for p in problems)
    assert any("preset" in p and "balanced" in p and "startup-favourable" in p for p in problems)


# --- every problem at once ------------------------------------------------------------------------


def test_every_problem_is_reported_together(tiny):
    answers = good(
        signed_on="2026-02-30",                     # not a real date
        fee=MAX_MONEY_AMOUNT * 10,                  # huge
        term_years=-2,                              # negative duration
        ownership="everything",                     # not a choice
        committee="yes",                            # a string, not a bool
        topic="x" * 41,                             # over max_length 40
        colour="blue",                              # unknown key
        milestones=[{"event": "done", "amount": 1, "when": "soon"}],  # unknown field
    )
    answers["startup"] = {"name": "Start\u202eInc", "address": "Tokyo", "representative": "CEO"}
    answers["business"] = {"name": "Big\u200bCo", "address": "Osaka"}  # no representative
    del answers["topic"]
    answers["topic"] = "x" * 41
    problems = problems_of(tiny, answers)
    text = " | ".join(problems)
    expected = {
        "signed_on": "not a real date",
        "fee": "above the maximum",
        "term_years": "below the minimum 1",
        "ownership": "startup (startup), shared (balanced), business (business)",
        "committee": "true or false",
        "topic": "limit is 40",
        "colour": "unknown answer",
        "milestones[1].when": "unknown field",
        "startup.name": "U+202E",
        "business.name": "U+200B",
        "business.representative": "missing",
    }
    for name, detail in expected.items():
        assert any(p.startswith(name) and detail in p for p in problems), f"{name}: {detail} not in {text}"


def test_missing_required_answers_say_what_is_expected(tiny):
    problems = problems_of(tiny, {})
    assert any(p.startswith("startup: missing") and "name, address, representative" in p for p in problems)
    assert any(p.startswith("signed_on: missing") and "YYYY-MM-DD" in p for p in problems)
    assert any(p.startswith("topic: missing") for p in problems)
    assert not any(p.startswith("term_years") for p in problems)  # has a default


@pytest.mark.parametrize("value, detail", [
    (True, "expected a whole number"),        # bool is not a number, even though Python says so
    (2.5, "expected a whole number"),
    ("3", "expected a whole number"),
    (10**30, "above the maximum"),
])
def test_integer_answers(tiny, value, detail):
    (problem,) = problems_of(tiny, good(term_years=value))
    assert problem.startswith("term_years") and detail in problem


@pytest.mark.parametrize("value, detail", [
    ({"amount": 100, "currency": "GBP"}, "JPY, USD, EUR"),
    ({"amount": -1}, "below the minimum 0"),
    ({"sum": 1}, "unknown key"),
    (1.5, "whole amount"),
])
def test_money_answers(tiny, value, detail):
    (problem,) = problems_of(tiny, good(fee=value))
    assert problem.startswith("fee") and detail in problem


@pytest.mark.parametrize("value, detail", [
    ("2026-4-1", "YYYY-MM-DD"), ("2025-02-29", "not a real date"), (20260401, "YYYY-MM-DD"),
])
def test_date_answers(tiny, value, detail):
    (problem,) = problems_of(tiny, good(signed_on=value))
    assert problem.startswith("signed_on") and detail in problem


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200d", "\ufeff", "\x07"])
def test_invisible_characters_in_party_names_are_refused(tiny, char):
    answers = good()
    answers["startup"] = dict(answers["startup"], name=f"Good{char}Corp")
    (problem,) = problems_of(tiny, answers)
    assert problem.startswith("startup.name") and f"U+{ord(char):04X}" in problem


def test_list_size_limits(tiny):
    many = [{"event": f"step {n}", "amount": n} for n in range(4)]
    (problem,) = problems_of(tiny, good(milestones=many))
    assert problem.startswith("milestones") and "at most 3" in problem
    (problem,) = problems_of(tiny, good(milestones=[{"amount": 5}]))
    assert problem.startswith("milestones[1].event") and "missing" in problem


def test_bilingual_text_needs_both_languages(tiny):
    (problem,) = problems_of(tiny, good(topic={"ja": "新素材"}))
    assert problem.startswith("topic") and "missing en" in problem


# --- files ----------------------------------------------------------------------------------------


def test_load_answers_reads_strict_yaml(tmp_path):
    path = tmp_path / "deal.yaml"
    path.write_text("signed_on: 2026-04-01\nfee: 5\n", encoding="utf-8")
    assert load_answers(path) == {"signed_on": "2026-04-01", "fee": 5}  # dates stay strings


@pytest.mark.parametrize("text, detail", [
    ("startup: [unclosed\n", "invalid YAML"),
    ("a: 1\na: 2\n", "duplicate key"),
    ("- a\n- list\n", "must be a mapping"),
    ("base: &b {x: 1}\nother: *b\n", "not allowed"),
])
def test_broken_answers_files(tmp_path, text, detail):
    path = tmp_path / "deal.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AnswersError) as caught:
        load_answers(path)
    assert detail in str(caught.value) and str(path) in str(caught.value)


def test_missing_answers_file(tmp_path):
    with pytest.raises(KyosoError, match="no such file"):
        load_answers(tmp_path / "none.yaml")


# --- the template and the examples --------------------------------------------------------------


def _template_round_trip(contract, text: str, tmp_path) -> dict:
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    return resolve(contract, load_answers(path), str(path))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_answers_template_for_every_shipped_contract_resolves(tmp_path, lang):
    for contract_id in load_library().contracts:
        text = answers_template(contract_id, lang)
        values = _template_round_trip(get_contract(contract_id), text, tmp_path)
        assert set(values) == set(get_contract(contract_id).variables)


def test_answers_template_explains_each_question():
    contract = get_contract("joint-development")
    text = answers_template("joint-development", "en")
    assert "preset: balanced" in text and "contract: joint-development" in text
    for preset in contract.presets.values():
        assert preset.explain.en.splitlines()[0][:40] in text
    choice = next(v for v in contract.variables.values() if v.type == "choice")
    assert choice.label.en in text
    for key in choice.choices:
        assert f"#   {key} [" in text
    assert "favours the startup" in text and "favours the company" in text
    japanese = answers_template("joint-development", "ja")
    assert "スタートアップ有利" in japanese and choice.label.ja in japanese
    with pytest.raises(KyosoError, match="unknown contract"):
        answers_template("nope", "en")


def test_answers_template_without_example_uses_valid_placeholders(tmp_path, monkeypatch):
    from kyoso.clauses import answers, loader

    contract = load_contract_file(write_contract(tmp_path, contract_doc()))
    monkeypatch.setattr(loader, "get_contract", lambda cid: contract)
    text = answers.answers_template("tiny", "en")
    values = _template_round_trip(contract, text, tmp_path)
    assert values["ownership"] == "shared"  # the balanced preset applies: defaults stay commented out
    assert "# term_years: 3" in text and "Milestones" in text


def test_example_deals_resolve():
    for contract_id in load_library().contracts:
        values = resolve(get_contract(contract_id), example_answers(contract_id), "example")
        assert values


def test_example_for_unknown_contract():
    with pytest.raises(KyosoError, match="unknown contract"):
        example_answers("nope")


def test_yaml_dump_of_answers_resolves(tiny, tmp_path):
    path = tmp_path / "deal.yaml"
    path.write_text(yaml.safe_dump(good(), allow_unicode=True), encoding="utf-8")
    assert resolve(tiny, load_answers(path), str(path))["topic"] == Text("新素材", "a new material")
