"""Every decision point of the NDA, PoC and licence libraries renders in both languages.

Each choice value and each bool is set on top of the contract's example deal, resolved
like a real answers file and rendered in Japanese and English. A broken ``when``, a
``ref()`` to a clause the option removes, or a Jinja slip in a rarely chosen branch
would otherwise only surface when a user picks that option.
"""

from __future__ import annotations

import re

import pytest

from kyoso.clauses.answers import example_answers, resolve
from kyoso.clauses.loader import get_contract
from kyoso.clauses.render import render_contract

CONTRACTS = ("nda", "poc", "license")
LANGS = ("ja", "en")
KANA = re.compile(r"[\u3040-\u30ff]")
LEFTOVER_TEMPLATE = re.compile(r"\{\{|\}\}|\{%|%\}")


def _options(contract_id: str) -> list[tuple[str, str, object]]:
    contract = get_contract(contract_id)
    found = []
    for variable in contract.variables.values():
        if variable.type == "choice":
            found += [(contract_id, variable.name, key) for key in variable.choices]
        elif variable.type == "bool":
            found += [(contract_id, variable.name, value) for value in (True, False)]
    return found


def _decision_variables(contract_id: str) -> list[tuple[str, str]]:
    return sorted({(cid, name) for cid, name, _ in _options(contract_id)})


def _flatten(rendered) -> str:
    lines = []
    for article in rendered.articles:
        lines.append(str(article.title))
        for paragraph in article.paragraphs:
            lines.append(str(paragraph.text))
            lines.extend(str(item.text) for item in paragraph.items)
    return "\n".join(lines)


def _render(contract_id: str, overrides: dict, *, preset: str | None = None) -> dict[str, str]:
    contract = get_contract(contract_id)
    raw = dict(example_answers(contract_id))
    if preset:
        # Drop the example's own answers for what the preset decides: answers win over presets.
        raw = {key: value for key, value in raw.items()
               if key not in contract.presets[preset].values}
        raw["preset"] = preset
    raw.update(overrides)
    values = resolve(contract, raw, f"test answers for {contract_id}")
    return {lang: _flatten(render_contract(contract, values, lang)) for lang in LANGS}


def _assert_clean(text: dict[str, str]) -> None:
    for lang, body in text.items():
        assert body.strip(), f"{lang}: nothing rendered"
        assert not LEFTOVER_TEMPLATE.search(body), f"{lang}: template syntax left in the text"
    # The example deal gives every text answer in both languages, so kana in the
    # English draft means a Japanese sentence leaked into it (and vice versa).
    assert not KANA.search(text["en"]), KANA.search(text["en"])
    assert " shall " not in text["ja"]


ALL_OPTIONS = [option for cid in CONTRACTS for option in _options(cid)]
ALL_DECISIONS = [decision for cid in CONTRACTS for decision in _decision_variables(cid)]


@pytest.mark.parametrize(("contract_id", "name", "value"), ALL_OPTIONS,
                         ids=[f"{c}-{n}-{v}" for c, n, v in ALL_OPTIONS])
def test_each_option_renders_in_both_languages(contract_id, name, value):
    _assert_clean(_render(contract_id, {name: value}))


@pytest.mark.parametrize(("contract_id", "name"), ALL_DECISIONS,
                         ids=[f"{c}-{n}" for c, n in ALL_DECISIONS])
def test_each_option_changes_the_draft(contract_id, name):
    # A choice whose values all render the same text is a decision point in name only.
    values = [value for cid, n, value in ALL_OPTIONS if cid == contract_id and n == name]
    drafts = {str(value): _render(contract_id, {name: value}) for value in values}
    for lang in LANGS:
        texts = [draft[lang] for draft in drafts.values()]
        assert len(set(texts)) == len(texts), f"{name}: some values render the same {lang} text"


@pytest.mark.parametrize("contract_id", CONTRACTS)
def test_presets_render_and_differ(contract_id):
    contract = get_contract(contract_id)
    drafts = {}
    for name in contract.presets:
        draft = _render(contract_id, {}, preset=name)
        _assert_clean(draft)
        drafts[name] = draft["ja"]
    assert len(set(drafts.values())) == 3, "two presets produce the same contract"


def test_licence_grant_back_is_non_exclusive_under_every_option():
    # The JFTC IP guideline treats assign-backs and exclusive grant-backs as unfair;
    # the library must not be able to produce one, whatever the answers say.
    for contract_id, name, value in _options("license"):
        draft = _render("license", {name: value})
        improvements = draft["en"].split("Improvements", 1)[1]
        assert "royalty-free, non-exclusive" in improvements
        assert "does not oblige" in improvements


def test_nda_binds_both_parties_alike():
    # A one-sided NDA (only the startup bound) is the guideline's first NDA problem.
    draft = _render("nda", {})
    assert "Recipient" in draft["en"] and "Discloser" in draft["en"]
    assert "受領者" in draft["ja"] and "開示者" in draft["ja"]


def test_later_documents_cite_the_earlier_ones_by_date():
    poc = get_contract("poc")
    raw = example_answers("poc")
    values = resolve(poc, dict(raw), "poc example")
    with_nda = _flatten(render_contract(poc, values, "en"))
    assert "Non-Disclosure Agreement dated" in with_nda
    without = _render("poc", {"prior_nda": False})
    assert "Non-Disclosure Agreement dated" not in without["en"]
    licence = _render("license", {})
    assert "Joint Research and Development Agreement dated" in licence["en"]
