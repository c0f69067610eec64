"""The joint R&D library: every decision point renders, and the model's positions hold.

The JDA is the contract where the guideline's worst practices live (one-sided IP,
free unlimited licences, broad non-competes), so beyond "it renders" these tests pin
the positions the library must keep under every preset and option.
"""

from __future__ import annotations

import itertools
import re

import pytest

from kyoso.clauses.answers import example_answers, resolve
from kyoso.clauses.loader import get_contract, load_library
from kyoso.clauses.render import render_contract

CONTRACT = "joint-development"
LANGS = ("ja", "en")
KANA = re.compile(r"[\u3040-\u30ff]")
LEFTOVER_TEMPLATE = re.compile(r"\{\{|\}\}|\{%|%\}")
# A sentence that opens with a lower-case alias ("the Company shall…") reads as a slip.
LOWER_SENTENCE_START = re.compile(r"(^|[.;:] )the (Startup|Company) (shall|may|grants|assigns)\b",
                                  re.MULTILINE)


def _flatten(rendered) -> str:
    lines = []
    for article in rendered.articles:
        lines.append(str(article.title))
        for paragraph in article.paragraphs:
            lines.append(str(paragraph.text))
            lines.extend(str(item.text) for item in paragraph.items)
    return "\n".join(lines)


def _render(overrides: dict) -> dict[str, str]:
    contract = get_contract(CONTRACT)
    raw = dict(example_answers(CONTRACT))
    raw.update(overrides)
    values = resolve(contract, raw, "test answers")
    return {lang: _flatten(render_contract(contract, values, lang)) for lang in LANGS}


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


@pytest.mark.parametrize(("name", "value"), OPTIONS, ids=[f"{n}-{v}" for n, v in OPTIONS])
def test_each_option_renders_in_both_languages(name, value):
    _assert_clean(_render({name: value}))


def test_each_decision_point_changes_the_draft():
    for name in sorted({name for name, _ in OPTIONS}):
        drafts = [_render({name: value}) for n, value in OPTIONS if n == name]
        for lang in LANGS:
            texts = [draft[lang] for draft in drafts]
            assert len(set(texts)) == len(texts), f"{name}: two values render the same {lang} text"


def test_ownership_and_licence_options_combine():
    # ref() to a clause another option removed only fails at render time, so walk
    # the options that switch whole paragraphs and articles on and off together.
    contract = get_contract(CONTRACT)
    axes = ["joint_result_ownership", "licence_exclusivity", "licence_fee",
            "consideration_model", "noncompete"]
    for combo in itertools.product(*(contract.variables[a].choices for a in axes)):
        _assert_clean(_render(dict(zip(axes, combo))))


def test_presets_render_differ_and_set_known_values():
    contract = get_contract(CONTRACT)
    assert set(contract.presets) == {"balanced", "startup-favourable", "business-favourable"}
    drafts = {}
    for preset in contract.presets.values():
        draft = _render(dict(preset.values))
        _assert_clean(draft)
        drafts[preset.name] = draft["ja"]
    assert len(set(drafts.values())) == 3


@pytest.mark.parametrize("preset", ["balanced", "startup-favourable", "business-favourable"])
def test_every_preset_keeps_the_guideline_floor(preset):
    # Even the company-favourable preset must not become what the checker flags as
    # high: exclusivity stays bounded with a non-use fallback, the startup is paid
    # for its results, and sole inventions stay with their maker.
    values = dict(get_contract(CONTRACT).presets[preset].values)
    en = _render(values)["en"]
    assert values["joint_result_ownership"] != "business"
    assert "Exclusivity Period" in en and "non-exclusive basis until the Licensed Rights expire" in en
    assert "without good reason, does not practise" in en
    assert "As consideration for the results" in en or "As part of the consideration" in en
    assert "belong to the party to which its makers belong" in en
    assert values.get("noncompete_months", 0) <= 24


def test_balanced_preset_is_the_model_contract():
    contract = get_contract(CONTRACT)
    balanced = contract.presets["balanced"].values
    assert balanced["cost_bearing"] == "business_pays_all"
    assert balanced["joint_result_ownership"] == "startup"
    assert balanced["licence_exclusivity"] == "exclusive_limited"
    assert balanced["consideration_model"] == "milestones"
    assert balanced["noncompete"] == "mutual_term"
    assert balanced["change_of_control"] == "none"


def test_example_draft_has_the_model_positions():
    draft = _render({})
    ja, en = draft["ja"], draft["en"]
    assert "本発明に係る知的財産権は、発明等をした者がいずれの当事者に属するかを問わず、甲に単独で帰属する" in ja
    assert "2026年10月1日から3年間（以下「独占期間」という。）" in ja
    assert "12か月以上継続して" in ja
    assert "本契約の終了後も5年間効力を有する" in ja
    assert "公表予定日の30日前までに" in ja
    assert "明星ランプ九州株式会社" in ja
    assert "For three (3) years from October 1, 2026 (the \"Exclusivity Period\")" in en
    assert "JPY 5,000,000 upon a prototype headlamp cover" in en
    # cost-bearing is not ownership (guideline: cost-equals-ownership)
    assert "whatever share of the costs either party bears" in en


def test_business_ownership_still_pays_and_leaves_the_startup_a_licence():
    en = _render({"joint_result_ownership": "business"})["en"]
    assert "shall pay for it as provided in" in en
    assert "for any product other than the Product" in en
    assert "assign the rights in that Joint Result to the Startup free of charge" in en


def test_co_ownership_consents_in_advance():
    ja = _render({"joint_result_ownership": "co_owned"})["ja"]
    assert "特許法第73条第3項" in ja
    assert "事業とともに承継させる場合" in ja


def test_change_of_control_names_the_competitors_only():
    en = _render({"change_of_control": "competitor_only"})["en"]
    assert "Asagiri Lighting Co., Ltd. or Shinonome Lamp Corporation" in en
    assert "change of control" not in _render({"change_of_control": "none"})["en"].lower()


def test_catalogue_covers_every_id_and_cites_real_clauses():
    library = load_library()
    assert len(library.practices) == 21  # exclusive-dealing added with its rule (issue 11)
    for practice in library.practices.values():
        for clause in practice.clauses:
            contract_id, clause_id = clause.split("/")
            assert clause_id in library.contracts[contract_id].clause_ids(), clause
    assert "joint-development/ip_ownership" in library.practices["ip-one-sided"].clauses
