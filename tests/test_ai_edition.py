"""The AI edition: its NDA, PoC and use agreement in both languages, every option and
preset, and the pack, clauses listing, drafting and interactive mode for ``--edition ai``.

(ai-joint-development's own options and presets are covered with its library file.)
"""

from __future__ import annotations

import copy
import re

import click
import pytest
import yaml
from click.testing import CliRunner

from kyoso.cli import main
from kyoso.clauses.answers import example_answers, resolve
from kyoso.clauses.loader import get_contract
from kyoso.clauses.model import PRESETS
from kyoso.clauses.render import render_contract
from kyoso.core.errors import AnswersError, KyosoError
from kyoso.templates.api import draft_bytes
from kyoso.templates.editions import EDITIONS
from kyoso.templates.interactive import Asker, ask_deal
from kyoso.templates.lint import LintInput, lint_drafts
from kyoso.templates.pack import build_pack, example_deal, file_names, pack_to_folder, plan_pack

OURS = ("ai-nda", "ai-poc", "ai-use")
AI_PACK = ("ai-nda", "ai-poc", "ai-joint-development", "ai-use")
# Articles in the METI/JPO AI model contracts (guideline brief, Table A): each has a counterpart.
MODEL_ARTICLES = {"ai-nda": 12, "ai-poc": 17, "ai-joint-development": 28, "ai-use": 19}
LANGS = ("ja", "en")
KANA = re.compile(r"[\u3040-\u30ff]")
LEFTOVER_TEMPLATE = re.compile(r"\{\{|\}\}|\{%|%\}")
JA_HEADING = re.compile(r"^## 第(\d+)条", re.MULTILINE)


def _flatten(rendered) -> str:
    lines = []
    for article in [*rendered.articles, *rendered.annexes]:
        lines.append(str(article.title))
        for paragraph in article.paragraphs:
            lines.append(str(paragraph.text))
            lines.extend(str(item.text) for item in paragraph.items)
    return "\n".join(lines)


def _values(contract_id: str, overrides: dict | None = None) -> dict:
    raw = dict(example_answers(contract_id))
    raw.update(overrides or {})
    return resolve(get_contract(contract_id), raw, "test answers")


def _render(contract_id: str, overrides: dict | None = None) -> dict[str, str]:
    contract, values = get_contract(contract_id), _values(contract_id, overrides)
    return {lang: _flatten(render_contract(contract, values, lang)) for lang in LANGS}


def _assert_clean(text: dict[str, str]) -> None:
    for lang, body in text.items():
        assert body.strip(), f"{lang}: nothing rendered"
        assert not LEFTOVER_TEMPLATE.search(body), f"{lang}: template syntax left in the text"
    assert not KANA.search(text["en"]), KANA.search(text["en"])
    assert " shall " not in text["ja"]


def _lint_clean(contract_id: str, values: dict) -> None:
    """The ja+en Markdown draft passes the draft lint and numbers 第1条… without gaps."""
    data = draft_bytes(contract_id, values, "ja+en", "md")
    assert lint_drafts([LintInput(f"{contract_id}.md", data, "md")]) == []
    numbers = [int(n) for n in JA_HEADING.findall(data.decode("utf-8"))]
    assert numbers == list(range(1, len(numbers) + 1)), numbers


def _options(contract_id: str) -> list[tuple[str, object]]:
    found = []
    for variable in get_contract(contract_id).variables.values():
        if variable.type == "choice":
            found += [(variable.name, key) for key in variable.choices]
        elif variable.type == "bool":
            found += [(variable.name, True), (variable.name, False)]
    return found


# --- the library ---------------------------------------------------------------------------


@pytest.mark.parametrize("contract_id", AI_PACK)
def test_every_ai_contract_has_a_counterpart_for_each_model_article(contract_id):
    contract = get_contract(contract_id)
    assert contract.edition == "ai"
    assert len(contract.articles) >= MODEL_ARTICLES[contract_id]


@pytest.mark.parametrize("contract_id", OURS)
@pytest.mark.parametrize("lang", LANGS)
def test_example_renders_in_each_language_with_contiguous_numbers(contract_id, lang):
    contract = get_contract(contract_id)
    rendered = render_contract(contract, _values(contract_id), lang)
    assert [a.number for a in rendered.articles] == list(range(1, len(rendered.articles) + 1))
    text = _flatten(rendered)
    assert not LEFTOVER_TEMPLATE.search(text)
    assert ("株式会社ポーズテック" if lang == "ja" else "PoseTech Inc.") not in text  # aliases, not names
    if lang == "en":
        assert not KANA.search(text)


@pytest.mark.parametrize("contract_id", OURS)
def test_every_choice_carries_whom_it_favours_and_a_note_in_both_languages(contract_id):
    choices = [v for v in get_contract(contract_id).variables.values() if v.type == "choice"]
    assert len(choices) >= 5
    for variable in choices:
        assert variable.provenance, variable.name
        for choice in variable.choices.values():
            assert choice.favours in ("startup", "business", "balanced")
            assert choice.note.ja.strip() and choice.note.en.strip()


@pytest.mark.parametrize("contract_id,option",
                         [(c, o) for c in OURS for o in _options(c)],
                         ids=lambda x: x if isinstance(x, str) else f"{x[0]}={x[1]}")
def test_every_option_renders_cleanly_and_passes_the_draft_lint(contract_id, option):
    name, value = option
    text = _render(contract_id, {name: value})
    _assert_clean(text)
    _lint_clean(contract_id, _values(contract_id, {name: value}))


@pytest.mark.parametrize("contract_id", OURS)
def test_each_option_of_a_choice_changes_the_wording(contract_id):
    # A choice that rendered the same text for two of its options would be a decision
    # that decides nothing. Other variables are set so that every option can show.
    enable = {"ai-poc": {"change_of_control": "competitor_only"},
              "ai-use": {"exclusivity": "sector_exclusive"}}.get(contract_id, {})
    for variable in get_contract(contract_id).variables.values():
        if variable.type != "choice":
            continue
        texts = {key: _render(contract_id, {**enable, variable.name: key})["ja"]
                 for key in variable.choices}
        for a, b in ((a, b) for a in texts for b in texts if a < b):
            assert texts[a] != texts[b], f"{variable.name}: {a} and {b} read the same"


@pytest.mark.parametrize("contract_id", OURS)
@pytest.mark.parametrize("preset", PRESETS)
def test_presets_render_and_lean_the_way_they_say(contract_id, preset):
    contract = get_contract(contract_id)
    chosen = contract.presets[preset]
    assert chosen.explain.ja.strip() and chosen.explain.en.strip()
    values = _values(contract_id, {"preset": preset})
    _assert_clean(_render(contract_id, {"preset": preset}))
    _lint_clean(contract_id, values)
    leaning = {"balanced": {"balanced"}, "startup-favourable": {"startup", "balanced"},
               "business-favourable": {"business", "balanced"}}[preset]
    for name, value in chosen.values.items():
        variable = contract.variables[name]
        if variable.type == "choice":
            assert variable.choices[value].favours in leaning, (preset, name, value)
            assert values[name] == value


@pytest.mark.parametrize("contract_id", OURS)
def test_balanced_preset_is_the_model_position(contract_id):
    contract = get_contract(contract_id)
    balanced = contract.presets["balanced"].values
    for variable in contract.variables.values():
        if variable.type == "choice" and variable.name in balanced:
            assert balanced[variable.name] == variable.default, variable.name


# --- positions the model contracts take -------------------------------------------------------


def test_use_agreement_is_non_exclusive_and_bans_reuse_models_and_distillation():
    text = _render("ai-use")
    assert "非独占的" in text["ja"] and "non-exclusive" in text["en"]
    assert "再利用モデル" in text["ja"] and "蒸留" in text["ja"]
    assert "reuse model" in text["en"] and "distillation" in text["en"]
    assert "10%" in text["en"] and "three (3) years" in text["en"]
    assert "初期費用は無償" in text["ja"]
    # The trained model stays with the startup under every option.
    for key in get_contract("ai-use").variables["output_rights"].choices:
        assert "belong to the Startup" in _render("ai-use", {"output_rights": key})["en"]


def test_use_agreement_fee_audit_and_cap():
    text = _render("ai-use")["en"]
    assert "audit those records" in text
    assert "shall not exceed the total fees" in text and "gross negligence" in text
    uncapped = _render("ai-use", {"liability": "direct_uncapped"})["en"]
    assert "shall not exceed" not in uncapped
    per_unit = _render("ai-use", {"fee_basis": "per_unit", "audit": "audit_cost_shift"})["en"]
    assert "per month for each device" in per_unit and "5% of the fees" in per_unit


def test_sector_exclusivity_is_time_limited_and_names_the_competitors():
    text = _render("ai-use", {"exclusivity": "sector_exclusive", "exclusive_months": 9,
                              "named_competitors": [{"name": "Mimamori Techno"}]})
    assert "9か月間" in text["ja"] and "Mimamori Techno" in text["en"]
    assert "ends automatically" in text["en"]


def test_poc_fee_is_paid_and_the_report_stays_with_the_startup():
    text = _render("ai-poc")
    assert "2分の1" in text["ja"]  # instalments, as in the AI model
    assert "著作権法第27条および第28条" in text["ja"]
    assert "may not withhold or reduce it" in text["en"]
    credit = _render("ai-poc", {"jda_incentive": "credit_if_jda"})["en"]
    assert "waives JPY 1,000,000 of the fee" in credit
    extra = _render("ai-poc", {"jda_incentive": "extra_fee_if_no_jda"})["en"]
    assert "additional fee of JPY 1,000,000" in extra


def test_nda_protects_target_data_unmarked_and_runs_one_plus_one_years():
    text = _render("ai-nda")
    assert "whether or not marked as confidential" in text["en"]
    assert "別紙1" in text["ja"]  # the target data is identified in the annex, as in the model
    assert "remain in force for one (1) year after" in text["en"]


# --- the pack --------------------------------------------------------------------------------


def test_ai_pack_example_writes_four_docx_contracts_and_the_memo(tmp_path):
    out = tmp_path / "pack"
    result = CliRunner().invoke(main, ["pack", "--edition", "ai", "--example", "--lang", "ja+en",
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["00-cover-memo.docx", "00-cover-memo.md", "01-ai-nda.docx", "02-ai-poc.docx",
                     "03-ai-joint-development.docx", "04-ai-use.docx"]
    drafts = [LintInput(p.name, p.read_bytes(), "docx") for p in sorted(out.glob("0[1-4]*.docx"))]
    assert lint_drafts(drafts) == []  # each draft, and the four as a pack
    memo = (out / "00-cover-memo.md").read_text("utf-8")
    assert "AI編" in memo and "AI edition" in memo


def test_ai_pack_numbers_japanese_articles_without_gaps_and_cites_earlier_documents():
    files = {f.name: f.data.decode("utf-8")
             for f in build_pack(plan_pack(example_deal("ai"), "e"), lang="ja+en", fmt="md")
             if f.name.endswith(".md")}
    for document in AI_PACK:
        text = files[f"0{AI_PACK.index(document) + 1}-{document}.md"]
        numbers = [int(n) for n in JA_HEADING.findall(text)]
        assert numbers == list(range(1, len(numbers) + 1)), document
        assert len(numbers) >= MODEL_ARTICLES[document]
    assert "2026年4月1日付け秘密保持契約書" in files["02-ai-poc.md"]
    assert "2026年10月1日付けAI共同開発契約書" in files["04-ai-use.md"]
    assert "AI Joint Development Agreement dated October 1, 2026" in files["04-ai-use.md"]


def test_edition_comes_from_the_flag_or_the_deal_file():
    deal = example_deal("ai")
    assert plan_pack(deal, "d").edition == "ai"
    assert [d.id for d in plan_pack(deal, "d", "ai").documents] == list(EDITIONS["ai"])
    material = example_deal()
    assert "edition" not in material and plan_pack(material, "d").edition == "material"
    with pytest.raises(AnswersError, match="deal file is for the 'ai' edition but --edition material"):
        plan_pack(deal, "d", "material")


def test_a_document_of_the_other_edition_is_named_as_such():
    deal = copy.deepcopy(example_deal("ai"))
    deal["nda"] = {"oral_confirmation_days": 14}
    deal["dates"]["license"] = "2027-01-01"
    with pytest.raises(AnswersError) as caught:
        plan_pack(deal, "d")
    assert any(p.startswith("nda: a document of the material edition, not of the ai edition")
               for p in caught.value.problems)
    assert any(p.startswith("dates.license: a document of the material edition")
               for p in caught.value.problems)


def test_switching_off_the_joint_development_removes_its_citation():
    deal = copy.deepcopy(example_deal("ai"))
    deal["documents"]["ai-joint-development"] = False
    plan = plan_pack(deal, "d")
    assert file_names(plan) == ["00-cover-memo.docx", "00-cover-memo.md", "01-ai-nda.docx",
                                "02-ai-poc.docx", "04-ai-use.docx"]
    use = next(d for d in plan.documents if d.id == "ai-use")
    assert use.values["prior_jda"] is False
    text = next(f.data.decode() for f in build_pack(plan, lang="ja", fmt="md")
                if f.name == "04-ai-use.md")
    assert "AI共同開発契約書" not in text


@pytest.mark.parametrize("bad", ["foo", "AI", ""])
def test_a_bad_edition_is_one_line_and_exit_2(tmp_path, bad):
    result = CliRunner().invoke(main, ["pack", "--edition", bad, "--example", "-o", str(tmp_path / "p")])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"kyoso: error: unknown edition {bad!r} (choose from material, ai)"]
    assert not (tmp_path / "p").exists()


def test_a_bad_edition_in_the_deal_file_is_a_listed_problem(tmp_path):
    path = tmp_path / "deal.yaml"
    path.write_text(yaml.safe_dump({**example_deal("ai"), "edition": "robots"}, allow_unicode=True),
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["pack", "--answers", str(path), "-o", str(tmp_path / "p")])
    assert result.exit_code == 2
    assert "edition: unknown edition 'robots'" in result.stderr


# --- the other commands ----------------------------------------------------------------------


def test_clauses_lists_both_editions_with_article_counts():
    result = CliRunner().invoke(main, ["clauses"])
    assert result.exit_code == 0
    text = result.output
    assert text.index("New-material edition:") < text.index("AI edition:")
    ai_part = text[text.index("AI edition:"):]
    for contract_id, least in MODEL_ARTICLES.items():
        match = re.search(rf"^\s+{contract_id}\s+.+\((\d+) articles", ai_part, re.MULTILINE)
        assert match and int(match.group(1)) >= least, contract_id
    japanese = CliRunner().invoke(main, ["clauses", "--lang", "ja"]).output
    assert "新素材編:" in japanese and "AI編:" in japanese


@pytest.mark.parametrize("contract_id", OURS)
def test_draft_and_answers_init_work_like_the_others(tmp_path, contract_id):
    runner = CliRunner()
    out = tmp_path / f"{contract_id}.docx"
    result = runner.invoke(main, ["draft", contract_id, "--example", "--lang", "ja+en", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert runner.invoke(main, ["lint-draft", str(out)]).exit_code == 0
    answers = tmp_path / "answers.yaml"
    result = runner.invoke(main, ["answers", "init", contract_id, "-o", str(answers)])
    assert result.exit_code == 0, result.output
    text = answers.read_text("utf-8")
    assert f"contract: {contract_id}" in text and "favours the startup" in text
    result = runner.invoke(main, ["draft", contract_id, "--answers", str(answers), "-o",
                                  str(tmp_path / "again.md")])
    assert result.exit_code == 0, result.output


def _scripted(edition_reply: str | None):
    """An Asker whose prompts take the shown default, except the edition question."""
    asked = []

    def prompt(label, default=None, type=None, value_proc=None):  # noqa: A002 - click's name
        asked.append(label)
        if label.startswith("Model-contract edition"):
            assert isinstance(type, click.Choice) and list(type.choices) == ["material", "ai"]
            return edition_reply
        return value_proc(str(default)) if value_proc and not isinstance(default, (dict, list)) \
            else default

    def confirm(label, default=None):
        asked.append(label)
        return default

    return Asker("en", prompt=prompt, confirm=confirm, echo=lambda *_: None), asked


def test_interactive_offers_the_edition_and_asks_about_its_documents():
    asker, asked = _scripted("ai")
    deal = ask_deal("en", example_deal("ai"), asker)
    assert asked[0].startswith("Model-contract edition")
    assert deal["edition"] == "ai" and list(deal["documents"]) == list(EDITIONS["ai"])
    assert any("AI Joint Development Agreement" in label for label in asked)
    plan = plan_pack(deal, "interactive")
    assert [d.id for d in plan.documents] == list(EDITIONS["ai"])


def test_interactive_with_edition_flag_skips_the_question():
    asker, asked = _scripted(None)
    deal = ask_deal("en", example_deal("ai"), asker, edition="ai")
    assert not any(label.startswith("Model-contract edition") for label in asked)
    assert deal["edition"] == "ai"
    with pytest.raises(KyosoError, match="unknown edition"):
        ask_deal("en", None, asker, edition="robots")


def test_pack_to_folder_with_edition_writes_the_ai_example(tmp_path):
    written = pack_to_folder(tmp_path / "p", example=True, edition="ai", lang="en", fmt="md")
    assert [p.name for p in written][2:] == [f"0{n}-{d}.md" for n, d in enumerate(AI_PACK, 1)]


def test_interactive_in_a_terminal_asks_the_edition_and_writes_the_ai_pack(tmp_path):
    from test_pack import _run_in_terminal  # the pseudo-terminal driver of the pack tests

    out = tmp_path / "pack"
    code, output, prompts, unused = _run_in_terminal(
        ["pack", "--interactive", "--example", "--lang", "en", "-o", str(out)],
        [(r"^Model-contract edition", "ai"), (r"^Write the Service Use Agreement", "n")])
    assert code == 0, output[-3000:]
    assert unused == []
    assert "ai: AI edition (ai-nda → ai-poc → ai-joint-development → ai-use)" in output
    assert sorted(p.name for p in out.iterdir()) == [
        "00-cover-memo.docx", "00-cover-memo.md", "01-ai-nda.docx", "02-ai-poc.docx",
        "03-ai-joint-development.docx", "deal.yaml"]
    deal = yaml.safe_load((out / "deal.yaml").read_text("utf-8"))
    assert deal["edition"] == "ai" and deal["documents"]["ai-use"] is False
