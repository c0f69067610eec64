"""The AI-edition joint development agreement: every option renders, the model holds.

The AI JDA is where an AI startup's disputes live (who owns the trained model,
what happens to the data, whether the partner may copy or distil the model), so
beyond "it renders" these tests pin the positions every preset must keep: the
trained model stays with the startup, the training dataset is no deliverable,
liability is capped, the fee comes in instalments with a deemed confirmation, and
there is no non-compete.
"""

from __future__ import annotations

import itertools
import re

import pytest
import yaml
from click.testing import CliRunner

from kyoso.cli import main
from kyoso.clauses.answers import answers_template, example_answers, resolve
from kyoso.clauses.loader import describe, get_contract
from kyoso.clauses.render import render_clause, render_contract
from kyoso.templates.api import draft_bytes
from kyoso.templates.lint import LintInput, lint_drafts

CONTRACT = "ai-joint-development"
LANGS = ("ja", "en")
PRESETS = ("balanced", "startup-favourable", "business-favourable")
KANA = re.compile(r"[\u3040-\u30ff]")
LEFTOVER_TEMPLATE = re.compile(r"\{\{|\}\}|\{%|%\}")
LOWER_SENTENCE_START = re.compile(r"(^|[.;:] )the (Startup|Company) (shall|may|grants|assigns|warrants)\b",
                                  re.MULTILINE)


def _flatten(rendered) -> str:
    lines = []
    for part in (rendered.articles, rendered.annexes):
        for article in part:
            lines.append(str(article.title))
            for paragraph in article.paragraphs:
                lines.append(str(paragraph.text))
                lines.extend(str(item.text) for item in paragraph.items)
    return "\n".join(lines)


def _values(overrides: dict, preset: str | None = None) -> dict:
    contract = get_contract(CONTRACT)
    raw = dict(example_answers(CONTRACT))
    if preset:  # the example answers every option; a preset only shows where they are left out
        raw = {k: v for k, v in raw.items() if k not in contract.presets[preset].values}
        raw["preset"] = preset
    raw.update(overrides)
    return resolve(contract, raw, "test answers")


def _rendered(overrides: dict, preset: str | None = None) -> dict:
    contract, values = get_contract(CONTRACT), _values(overrides, preset)
    return {lang: render_contract(contract, values, lang) for lang in LANGS}


def _render(overrides: dict, preset: str | None = None) -> dict[str, str]:
    return {lang: _flatten(r) for lang, r in _rendered(overrides, preset).items()}


def _assert_clean(text: dict[str, str]) -> None:
    for lang, body in text.items():
        assert body.strip(), f"{lang}: nothing rendered"
        assert not LEFTOVER_TEMPLATE.search(body), f"{lang}: template syntax left in the text"
    assert not KANA.search(text["en"]), KANA.search(text["en"])
    assert " shall " not in text["ja"]
    assert not LOWER_SENTENCE_START.search(text["en"]), LOWER_SENTENCE_START.search(text["en"])


def _options() -> list[tuple[str, object]]:
    found = []
    for variable in get_contract(CONTRACT).variables.values():
        if variable.type == "choice":
            found += [(variable.name, key) for key in variable.choices]
        elif variable.type == "bool":
            found += [(variable.name, value) for value in (True, False)]
    return found


OPTIONS = _options()
# joint_patent_licensing only speaks when joint inventions are co-owned (the example's
# inventorship default); the other options speak under the example deal as it is.


# --- structure -----------------------------------------------------------------------------


def test_the_contract_has_the_model_articles_and_two_annexes():
    contract = get_contract(CONTRACT)
    assert contract.edition == "ai"
    assert len(contract.articles) == 28
    assert [a.id for a in contract.annexes] == ["annex_work", "annex_publication"]
    for name in ("copyright_ownership", "patent_ownership", "joint_patent_licensing",
                 "training_dataset_use", "use_restrictions", "oss_policy", "personal_data",
                 "liability_cap", "fee_schedule", "model_delivery"):
        variable = contract.variables[name]
        assert variable.type == "choice", name
        for choice in variable.choices.values():
            assert choice.favours in ("startup", "business", "balanced") and choice.note.ja and choice.note.en
        assert "AI JDA" in (variable.provenance or ""), name


def test_there_is_no_non_compete_and_the_notes_say_why():
    contract = get_contract(CONTRACT)
    titles = " ".join(a.title.ja + a.title.en for a in contract.articles)
    assert "競業" not in titles and "競合" not in titles and "Compet" not in titles
    notes = contract.variables["project_theme"].note
    assert "競業避止の条項がない" in notes.ja and "no non-compete" in notes.en
    assert "not a non-compete" in contract.variables["use_restrictions"].choices["model"].note.en
    assert "no non-compete" in contract.presets["balanced"].explain.en
    en = _render({})["en"]
    assert "Nothing in this Agreement restricts either party from carrying out research and development" in en


@pytest.mark.parametrize("preset", PRESETS)
def test_japanese_articles_are_numbered_without_gaps(preset):
    for lang, rendered in _rendered({}, preset).items():
        assert [a.number for a in rendered.articles] == list(range(1, 29)), lang
        assert [a.number for a in rendered.annexes] == [1, 2]
        for article in rendered.articles + rendered.annexes:
            assert [p.number for p in article.paragraphs] == list(range(1, len(article.paragraphs) + 1))


# --- every option --------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "value"), OPTIONS, ids=[f"{n}-{v}" for n, v in OPTIONS])
def test_each_option_renders_in_both_languages(name, value):
    _assert_clean(_render({name: value}))


def test_each_decision_point_changes_the_draft():
    for name in sorted({name for name, _ in OPTIONS}):
        drafts = [_render({name: value}) for n, value in OPTIONS if n == name]
        for lang in LANGS:
            texts = [draft[lang] for draft in drafts]
            assert len(set(texts)) == len(texts), f"{name}: two values render the same {lang} text"


def test_ownership_data_and_restriction_options_combine():
    # ref() to a clause another option removed only fails at render time, so walk
    # the options that switch paragraphs on and off together.
    contract = get_contract(CONTRACT)
    axes = ["copyright_ownership", "patent_ownership", "joint_patent_licensing",
            "training_dataset_use", "training_dataset_disclosure", "personal_data"]
    choices = [list(contract.variables[a].choices) if contract.variables[a].type == "choice"
               else [True, False] for a in axes]
    for combo in itertools.product(*choices):
        _assert_clean(_render(dict(zip(axes, combo))))


# --- presets -------------------------------------------------------------------------------


def test_presets_render_differ_and_set_known_values():
    contract = get_contract(CONTRACT)
    assert set(contract.presets) == set(PRESETS)
    drafts = {}
    for preset in contract.presets.values():
        assert preset.explain.ja and preset.explain.en and preset.label.ja and preset.label.en
        draft = _render({}, preset.name)
        _assert_clean(draft)
        drafts[preset.name] = draft["ja"]
    assert len(set(drafts.values())) == 3


def test_balanced_preset_is_the_model_contract():
    balanced = get_contract(CONTRACT).presets["balanced"].values
    assert balanced["copyright_ownership"] == "startup_except_integration"
    assert balanced["patent_ownership"] == "inventorship"
    assert balanced["joint_patent_licensing"] == "consent_required"
    assert balanced["training_dataset_use"] == "project_only"
    assert balanced["training_dataset_disclosure"] is False
    assert balanced["use_restrictions"] == "model"
    assert balanced["liability_cap"] == "fee"
    assert balanced["fee_schedule"] == "start_and_completion"
    assert balanced["change_of_control"] == "none"


@pytest.mark.parametrize("preset", PRESETS)
def test_every_preset_keeps_the_guideline_floor(preset):
    # Even the company-favourable preset keeps the trained model with the startup,
    # pays in instalments with a deemed confirmation, follows inventorship for sole
    # inventions and has no non-compete.
    values = get_contract(CONTRACT).presets[preset].values
    en = _render({}, preset)["en"]
    assert values["copyright_ownership"] != "all_business"
    assert values["fee_schedule"] != "on_completion"
    assert "belong to the party to which the persons who made it belong" in en
    assert "deemed confirmed when that period ends" in en
    assert "The Training Dataset is not a Deliverable" in en
    assert "decompile, disassemble or otherwise analyse the Trained Model" in en
    assert "no non-compete" in get_contract(CONTRACT).presets[preset].explain.en


# --- the model's positions in the text -------------------------------------------------------


def test_example_draft_has_the_model_positions():
    draft = _render({})
    ja, en = draft["ja"], draft["en"]
    assert "本件連携システムおよび文書に係るものを除き、甲に帰属する" in ja
    assert "本件委託料をその移転の対価として、乙が本件委託料の全額を支払った時に甲から乙に移転する" in ja
    assert "作業期間の開始日に、本件委託料の50％に相当する額" in ja
    assert "本件委託料の総額を上限とする" in ja and "故意または重大な過失" in ja
    assert "学習用データセットは本件成果物に含まれず" in ja
    assert "再利用モデルを作成すること" in ja and "蒸留モデルを作成すること" in ja
    assert "本件成果物の提供を受けた日から10日以内" in ja
    assert "大阪地方裁判所" in ja
    assert "別紙1第4項" in ja and "paragraph 4 of Annex 1" in en
    assert "JPY 18,000,000" in en
    assert "co-owned by the parties" in en and "without the other's prior written consent" in en
    assert "not by who pays the Fee or how much" in en


def test_copyright_options():
    startup = _render({"copyright_ownership": "all_startup"})["en"]
    assert "All copyright in the Deliverables" in startup and "for as long as the Company uses the Trained Model" in startup
    business = _render({"copyright_ownership": "all_business"})["ja"]
    assert "汎用部分に係る著作権は甲に留保される" in business
    assert "学習済みモデルを、甲が自ら利用し、改良し" in business


def test_patent_options():
    joint = _render({"patent_ownership": "startup_joint"})["en"]
    assert "belong solely to the Startup" in joint and "Co-owned Rights" not in joint
    free = _render({"joint_patent_licensing": "free"})["ja"]
    assert "特許法第73条第3項に定める同意を本契約によりあらかじめ与える" in free
    reasonable = _render({"joint_patent_licensing": "consent_not_unreasonably_withheld"})["en"]
    assert "shall not withhold consent unless it has a reasonable ground, such as a serious risk of harm" in reasonable


def test_training_dataset_options():
    improve = _render({"training_dataset_use": "project_and_startup_ai"})
    assert "to improve the performance of its own AI technology" in improve["en"]
    assert "性能の改善のために利用することができ" in improve["ja"]
    assert "destroy it as" not in improve["en"]
    disclosed = _render({"training_dataset_disclosure": True})["en"]
    assert "shall give the Company a copy of it" in disclosed
    assert "a copy is, however, provided under Article 13" in disclosed


def test_use_restriction_options():
    outputs = _render({"use_restrictions": "model_and_outputs"})["en"]
    assert "use outputs of the Trained Model as data for the machine learning of any other model" in outputs
    lax = _render({"use_restrictions": "reverse_engineering_only"})["en"]
    assert "create a Reuse Model;" not in lax and "other than internal use by the Company" in lax


def test_liability_and_fee_options():
    received = _render({"liability_cap": "fee_received"})["en"]
    assert "had actually paid the Startup when the event causing the loss occurred" in received
    uncapped = _render({"liability_cap": "uncapped"})["en"]
    assert "limited to" not in uncapped and "wilful misconduct" not in uncapped
    assert "payable in full on the first day" in _render({"fee_schedule": "full_upfront"})["en"]


def test_change_of_control_names_the_competitors_only():
    en = _render({"change_of_control": "competitor_only"})["en"]
    assert "Mimamori Techno Co., Ltd." in en
    assert "Mimamori" not in _render({"change_of_control": "none"})["en"]


def test_annex_clauses_can_be_shown_alone():
    text = render_clause(f"{CONTRACT}/annex_deliverables", "ja")
    assert text.startswith("４．") and "学習済みモデル" in text
    whole = render_clause(f"{CONTRACT}/annex_publication", "en")
    assert whole.startswith("Annex 2 (Matters That May Be Announced)")


# --- documents a user gets ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["docx", "md"])
@pytest.mark.parametrize("lang", ["ja", "en", "ja+en"])
def test_drafts_lint_clean(lang, fmt):
    data = draft_bytes(CONTRACT, _values({}), lang, fmt)
    assert lint_drafts([LintInput(f"ai-jda.{fmt}", data, fmt)]) == []


def test_markdown_lists_the_articles_then_the_annexes():
    text = draft_bytes(CONTRACT, _values({}), "ja", "md").decode()
    headings = re.findall(r"^## 第(\d+)条", text, re.MULTILINE)
    assert headings == [str(n) for n in range(1, 29)]
    assert text.index("### 別紙1（") > text.index("代表者") and "### 別紙2（公表事項）" in text


def test_cli_drafts_and_writes_a_commented_answers_file(tmp_path):
    runner = CliRunner()
    out = tmp_path / "x.docx"
    result = runner.invoke(main, ["draft", CONTRACT, "--example", "--lang", "ja+en", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 10_000
    answers = tmp_path / "a.yaml"
    result = runner.invoke(main, ["answers", "init", CONTRACT, "-o", str(answers)])
    assert result.exit_code == 0, result.output
    text = answers.read_text(encoding="utf-8")
    assert text.startswith("#") and "training_dataset_use" in text and "copyright_ownership" in text
    resolve(get_contract(CONTRACT), yaml.safe_load(text), str(answers))


@pytest.mark.parametrize("lang", LANGS)
def test_answers_template_and_description_cover_the_annexes(lang):
    template = answers_template(CONTRACT, lang)
    resolve(get_contract(CONTRACT), yaml.safe_load(template), "template")
    text = describe(CONTRACT, lang)
    assert ("別紙2（公表事項）" if lang == "ja" else "Annex 2 (Matters That May Be Announced)") in text
