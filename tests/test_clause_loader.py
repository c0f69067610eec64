"""The clause loader refuses every kind of broken clause file, naming file, id and key.

Each bad file is a small valid contract (built here, see ``contract_doc``) with one
thing broken, so a test fails for exactly one reason. The shipped library is checked
too: it must load, validate against schema.json, and load fast from the cache.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from kyoso.clauses import loader
from kyoso.clauses.loader import describe, get_contract, load_contract_file, load_library
from kyoso.core import safe_yaml
from kyoso.core.errors import ClauseLibraryError, KyosoError

CLAUSES = Path(loader.__file__).parent
T = lambda ja, en: {"ja": ja, "en": en}  # noqa: E731


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("KYOSO_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def contract_doc() -> dict:
    """A small, valid contract using every variable type, an optional article and refs."""
    return {
        "id": "tiny",
        "title": T("試験契約書", "Test Agreement"),
        "short_title": T("本契約", "this Agreement"),
        "provenance": "kyoso test; guideline:ip-one-sided",
        "parties": ["startup", "business"],
        "variables": {
            "startup": {"type": "party", "role": "startup", "default_alias": T("甲", "the Startup"),
                        "label": T("甲", "Startup"), "group": "parties"},
            "business": {"type": "party", "role": "business", "default_alias": T("乙", "the Company"),
                         "label": T("乙", "Company"), "group": "parties"},
            "signed_on": {"type": "date", "label": T("締結日", "Signing date")},
            "fee": {"type": "money", "min": 0, "max": 100_000_000, "default": 1_000_000,
                    "label": T("対価", "Fee")},
            "term_years": {"type": "integer", "unit": "years", "min": 1, "max": 10, "default": 3,
                           "label": T("期間", "Term")},
            "ownership": {"type": "choice", "default": "startup", "label": T("帰属", "Ownership"),
                          "provenance": "guideline:ip-one-sided",
                          "choices": {
                              "startup": {"label": T("甲", "Startup"), "favours": "startup",
                                          "note": T("甲に有利", "Good for the startup")},
                              "shared": {"label": T("共有", "Shared"), "favours": "balanced",
                                         "note": T("共有", "Shared ownership")},
                              "business": {"label": T("乙", "Company"), "favours": "business",
                                           "note": T("乙に有利", "Good for the company")}}},
            "committee": {"type": "bool", "default": False, "label": T("委員会", "Committee")},
            "topic": {"type": "text", "max_length": 40, "label": T("テーマ", "Topic")},
            "milestones": {"type": "list", "min_items": 0, "max_items": 3, "default": [],
                           "label": T("マイルストーン", "Milestones"),
                           "fields": {"event": {"type": "text", "label": T("事由", "Event")},
                                      "amount": {"type": "money", "label": T("金額", "Amount")}}},
        },
        "presets": {
            "balanced": {"label": T("標準", "Balanced"), "explain": T("説明", "Why"),
                         "values": {"ownership": "shared"}},
            "startup-favourable": {"label": T("甲有利", "Startup"), "explain": T("説明", "Why"),
                                   "values": {"ownership": "startup", "term_years": 2}},
            "business-favourable": {"label": T("乙有利", "Company"), "explain": T("説明", "Why"),
                                    "values": {"ownership": "business", "committee": True}},
        },
        "articles": [
            {"id": "purpose", "title": T("目的", "Purpose"), "provenance": "guideline:ip-one-sided",
             "paragraphs": [
                 {"text": T("{{ startup }}および{{ business }}は、{{ topic }}を研究する。",
                            "{{ startup }} and {{ business }} shall research {{ topic }}.")},
                 {"id": "scope", "text": T("範囲は次のとおり。", "The scope is:"), "items": [
                     {"text": T("試料の評価", "evaluating samples;")},
                     {"id": "reporting", "text": T("結果の報告", "reporting results.")}]}]},
            {"id": "committee", "title": T("委員会", "Committee"), "when": "committee",
             "paragraphs": [{"text": T("委員会を置く。", "A committee is set up.")}]},
            {"id": "ownership", "title": T("帰属", "Ownership"), "paragraphs": [
                {"when": "ownership == 'startup'", "text": T("成果は{{ startup }}に帰属する。",
                                                            "Results vest in {{ startup }}.")},
                {"when": "ownership == 'shared'", "text": T("成果は共有とする。", "Results are shared.")},
                {"when": "ownership == 'business'", "text": T("成果は{{ business }}に帰属する。",
                                                             "Results vest in {{ business }}.")},
                {"id": "fee_paragraph",
                 "text": T("{{ business }}は{{ fee }}を支払う。{% for m in milestones %}{{ m.event }}{{ m.amount }}{% endfor %}",
                           "{{ business }} shall pay {{ fee }}.{% for m in milestones %} {{ m.event }}: {{ m.amount }}{% endfor %}")}]},
            {"id": "term", "title": T("有効期間", "Term"), "paragraphs": [
                {"text": T("{{ signed_on }}から{{ term_years | years(span=True) }}とする。",
                           "This Agreement runs for {{ term_years | years }} from {{ signed_on }}.")},
                {"text": T("{{ ref('purpose') }}および{{ ref('reporting') }}は存続する。",
                           "{{ ref('purpose') }} and {{ ref('reporting') }} survive.")}]},
            {"id": "law", "title": T("準拠法", "Governing Law"), "paragraphs": [
                {"text": T("{{ ref('term') }}にかかわらず日本法に準拠する。",
                           "Despite {{ ref('term') }}, Japanese law governs.")}]},
        ],
    }


def write_contract(folder: Path, doc: dict, name: str | None = None) -> Path:
    path = folder / f"{name or doc.get('id', 'tiny')}.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def broken(tmp_path: Path, change) -> tuple[Path, str]:
    """Write the tiny contract with ``change(doc)`` applied; return (path, error message)."""
    doc = copy.deepcopy(contract_doc())
    change(doc)
    path = write_contract(tmp_path, doc)
    with pytest.raises(ClauseLibraryError) as caught:
        load_contract_file(path)
    return path, str(caught.value)


def assert_names(message: str, path: Path, *parts: str) -> None:
    assert message.startswith(str(path)), message
    for part in parts:
        assert part in message, f"{part!r} not in {message!r}"
    assert "\n" not in message


# --- the baseline is valid ----------------------------------------------------------------


def test_small_contract_loads(tmp_path):
    contract = load_contract_file(write_contract(tmp_path, contract_doc()))
    assert contract.id == "tiny" and [a.id for a in contract.articles][:2] == ["purpose", "committee"]
    assert contract.variables["ownership"].choices["shared"].favours == "balanced"
    assert contract.variables["milestones"].fields["amount"].type == "money"
    assert {"purpose", "scope", "reporting", "fee_paragraph"} <= contract.clause_ids()


# --- one kind of mistake per test ------------------------------------------------------------


def test_unknown_key(tmp_path):
    path, message = broken(tmp_path, lambda d: d["articles"][0].update(colour="blue"))
    assert_names(message, path, "article 'purpose'", "colour", "unknown key")


def test_unknown_key_in_variable(tmp_path):
    path, message = broken(tmp_path, lambda d: d["variables"]["fee"].update(maximum=5))
    assert_names(message, path, "variable 'fee'", "maximum", "unknown key")


def test_duplicate_key_is_refused_by_the_yaml_reader(tmp_path):
    path = tmp_path / "tiny.yaml"
    text = yaml.safe_dump(contract_doc(), allow_unicode=True, sort_keys=False)
    path.write_text(text.replace("short_title:", "title:", 1), encoding="utf-8")
    with pytest.raises(ClauseLibraryError) as caught:
        load_contract_file(path)
    assert_names(str(caught.value), path, "duplicate key 'title'", "line")


def test_wrong_type(tmp_path):
    path, message = broken(tmp_path, lambda d: d["variables"]["term_years"].update(min="one"))
    assert_names(message, path, "variable 'term_years'", "min", "whole number")


def test_missing_english_text(tmp_path):
    path, message = broken(tmp_path, lambda d: d["articles"][0]["paragraphs"][1]["text"].pop("en"))
    assert_names(message, path, "article 'purpose' paragraph scope", "text.en", "missing English")


def test_missing_japanese_label(tmp_path):
    path, message = broken(tmp_path, lambda d: d["variables"]["topic"]["label"].pop("ja"))
    assert_names(message, path, "variable 'topic'", "label.ja", "missing Japanese")


def test_undeclared_variable_in_text(tmp_path):
    def change(doc):
        doc["articles"][0]["paragraphs"][0]["text"]["ja"] += "{{ budget }}"
    path, message = broken(tmp_path, change)
    assert_names(message, path, "article 'purpose' paragraph 1", "text.ja", "undeclared variable 'budget'")


def test_undeclared_variable_in_when(tmp_path):
    path, message = broken(tmp_path, lambda d: d["articles"][1].update(when="has_committee"))
    assert_names(message, path, "article 'committee'", "when", "undeclared variable 'has_committee'")


def test_unused_variable(tmp_path):
    def change(doc):
        doc["variables"]["spare"] = {"type": "bool", "default": True, "label": T("予備", "Spare")}
    path, message = broken(tmp_path, change)
    assert_names(message, path, "variable 'spare'", "name", "not used")


def test_ref_to_missing_id(tmp_path):
    def change(doc):
        doc["articles"][4]["paragraphs"][0]["text"]["en"] = "Despite {{ ref('nowhere') }}, Japanese law governs."
    path, message = broken(tmp_path, change)
    assert_names(message, path, "article 'law' paragraph 1", "text.en", "ref('nowhere')")


def test_duplicate_id(tmp_path):
    path, message = broken(tmp_path, lambda d: d["articles"][1].update(id="purpose"))
    assert_names(message, path, "article 'purpose'", "id", "duplicate id 'purpose'")


def test_duplicate_id_between_article_and_paragraph(tmp_path):
    path, message = broken(tmp_path, lambda d: d["articles"][2]["paragraphs"][3].update(id="term"))
    assert_names(message, path, "article 'term'", "id", "duplicate id 'term'")


def test_missing_preset(tmp_path):
    path, message = broken(tmp_path, lambda d: d["presets"].pop("business-favourable"))
    assert_names(message, path, "contract", "presets.business-favourable", "missing")


def test_preset_sets_undeclared_variable(tmp_path):
    path, message = broken(tmp_path, lambda d: d["presets"]["balanced"]["values"].update(royalty=3))
    assert_names(message, path, "preset 'balanced'", "values.royalty", "undeclared")


def test_preset_sets_invalid_value(tmp_path):
    path, message = broken(tmp_path, lambda d: d["presets"]["startup-favourable"]["values"].update(term_years=50))
    assert_names(message, path, "preset 'startup-favourable'", "values.term_years", "above the maximum 10")


def test_preset_sets_unknown_choice(tmp_path):
    path, message = broken(tmp_path, lambda d: d["presets"]["balanced"]["values"].update(ownership="joint"))
    assert_names(message, path, "preset 'balanced'", "values.ownership", "'joint' is not a choice")


def test_choice_without_favours(tmp_path):
    path, message = broken(tmp_path, lambda d: d["variables"]["ownership"]["choices"]["shared"].pop("favours"))
    assert_names(message, path, "variable 'ownership' choice 'shared'", "favours", "missing")


def test_choice_without_note(tmp_path):
    path, message = broken(tmp_path, lambda d: d["variables"]["ownership"]["choices"]["business"].pop("note"))
    assert_names(message, path, "variable 'ownership' choice 'business'", "note", "missing")


def test_choice_with_unknown_favours(tmp_path):
    path, message = broken(tmp_path, lambda d: d["variables"]["ownership"]["choices"]["shared"].update(favours="both"))
    assert_names(message, path, "choice 'shared'", "favours", "startup, business, balanced")


def test_jinja_syntax_error(tmp_path):
    def change(doc):
        doc["articles"][3]["paragraphs"][0]["text"]["en"] = "Runs for {{ term_years | years }"
    path, message = broken(tmp_path, change)
    assert_names(message, path, "article 'term' paragraph 1", "text.en", "Jinja syntax error")


def test_unknown_filter(tmp_path):
    def change(doc):
        doc["articles"][3]["paragraphs"][0]["text"]["en"] = "Runs for {{ term_years | decades }}."
    path, message = broken(tmp_path, change)
    assert_names(message, path, "article 'term' paragraph 1", "text.en", "unknown filter 'decades'")


def test_misspelt_choice_key_in_when(tmp_path):
    path, message = broken(tmp_path, lambda d: d["articles"][2]["paragraphs"][1].update(when="ownership == 'share'"))
    assert_names(message, path, "article 'ownership' paragraph 2", "when", "no choice 'share'")


def test_guideline_id_not_in_catalogue(tmp_path):
    path, message = broken(tmp_path, lambda d: d["articles"][0].update(provenance="JDA art.1; guideline:ip-grab"))
    assert_names(message, path, "article 'purpose'", "provenance", "guideline:ip-grab")


def test_private_attribute_in_text_is_refused(tmp_path):
    def change(doc):
        doc["articles"][0]["paragraphs"][0]["text"]["en"] = "{{ ''.__class__.__mro__ }} {{ startup }} {{ business }} {{ topic }}"
    path, message = broken(tmp_path, change)
    assert_names(message, path, "article 'purpose' paragraph 1", "text.en", "'__class__' is not allowed")


def test_id_must_match_file_name(tmp_path):
    doc = contract_doc()
    path = write_contract(tmp_path, doc, name="other")
    with pytest.raises(ClauseLibraryError) as caught:
        load_contract_file(path)
    assert_names(str(caught.value), path, "contract 'tiny'", "id", "'other'")


def test_reserved_variable_name(tmp_path):
    def change(doc):
        doc["variables"]["lang"] = {"type": "text", "label": T("言語", "Language")}
    path, message = broken(tmp_path, change)
    assert_names(message, path, "variable 'lang'", "name", "reserved")


def test_every_problem_in_a_file_is_reported_at_once(tmp_path):
    def change(doc):
        doc["articles"][0].update(colour="blue")
        doc["variables"]["topic"]["label"].pop("en")
        doc["presets"].pop("balanced")
    _, message = broken(tmp_path, change)
    assert "colour" in message and "label.en" in message and "presets.balanced" in message


def test_not_yaml_and_not_a_mapping(tmp_path):
    path = tmp_path / "tiny.yaml"
    path.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(ClauseLibraryError, match="invalid YAML"):
        load_contract_file(path)
    path.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(ClauseLibraryError, match="expected a mapping"):
        load_contract_file(path)


# --- the cache never hides an edit ---------------------------------------------------------------


def test_cached_file_is_validated_again_after_an_edit(tmp_path):
    doc = contract_doc()
    path = write_contract(tmp_path, doc)
    load_contract_file(path)  # valid: now cached
    assert load_contract_file(path).id == "tiny"  # from the cache
    doc["articles"][0]["paragraphs"][0]["text"]["ja"] += "{{ budget }}"
    write_contract(tmp_path, doc)
    with pytest.raises(ClauseLibraryError, match="undeclared variable 'budget'"):
        load_contract_file(path)


# --- the shipped library ---------------------------------------------------------------------


def test_shipped_library_loads():
    library = load_library()
    assert {"nda", "poc", "joint-development", "license"} <= set(library.contracts)
    assert "ip-one-sided" in library.practices
    for contract in library.contracts.values():
        assert set(contract.presets) == {"balanced", "startup-favourable", "business-favourable"}


def test_unknown_contract_lists_known_ids():
    with pytest.raises(KyosoError) as caught:
        get_contract("joint-venture")
    assert "joint-venture" in str(caught.value) and "joint-development" in str(caught.value)


def _schema():
    return json.loads((CLAUSES / "schema.json").read_text(encoding="utf-8"))


def _validator(definition: str | None = None):
    schema = _schema()
    if definition:
        schema = {"$ref": f"#/$defs/{definition}", "$defs": schema["$defs"]}
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("path", sorted((CLAUSES / "library").glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_files_match_schema_json(path):
    validator = _validator("catalogue" if path.name == "guideline.yaml" else None)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(safe_yaml.load_path(path))]
    assert errors == []


BAD_STRUCTURES = {
    "unknown key": lambda d: d["articles"][0].update(colour="blue"),
    "missing en": lambda d: d["title"].pop("en"),
    "choice without favours": lambda d: d["variables"]["ownership"]["choices"]["shared"].pop("favours"),
    "missing preset": lambda d: d["presets"].pop("balanced"),
    "wrong variable type": lambda d: d["variables"]["fee"].update(type="currency"),
    "integer without max": lambda d: d["variables"]["term_years"].pop("max"),
    "party key on a text": lambda d: d["variables"]["topic"].update(role="startup"),
    "paragraphs not a list": lambda d: d["articles"][0].update(paragraphs="none"),
}


@pytest.mark.parametrize("name", BAD_STRUCTURES)
def test_loader_and_schema_agree_on_bad_files(tmp_path, name):
    assert list(_validator().iter_errors(contract_doc())) == []
    doc = copy.deepcopy(contract_doc())
    BAD_STRUCTURES[name](doc)
    assert list(_validator().iter_errors(doc)), f"schema.json accepts: {name}"
    with pytest.raises(ClauseLibraryError):
        load_contract_file(write_contract(tmp_path, doc))


def test_describe_lists_contracts_and_decision_points():
    overview = describe(None, "en")
    assert "joint-development" in overview and "nda" in overview
    detail = describe("joint-development", "en")
    assert "Article 1 (" in detail and "favours the startup" in detail and "balanced" in detail
    japanese = describe("joint-development", "ja")
    assert "第1条（" in japanese and "スタートアップ有利" in japanese


def test_cached_library_loads_fast_without_jinja(tmp_path):
    code = ("import sys, time; t = time.perf_counter(); from kyoso.clauses.loader import load_library; "
            "load_library(); print(time.perf_counter() - t, 'jinja2' in sys.modules)")
    env = {**os.environ, "KYOSO_CACHE_DIR": str(tmp_path)}
    run = lambda: subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,  # noqa: E731
                                 env=env, timeout=60, check=True).stdout.split()
    run()  # validates and fills the cache
    seconds, jinja_loaded = run()
    assert jinja_loaded == "False"
    assert float(seconds) < 0.25  # ~0.04 s here (mostly imports); the cold load is ~0.35 s


def test_extra_paths_add_contracts_and_refuse_duplicate_ids(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    write_contract(folder, contract_doc())
    library = load_library([folder])
    assert "tiny" in library.contracts and "nda" in library.contracts
    assert load_library([folder]) is library  # cached per set of paths
    nda = dict(contract_doc(), id="nda")
    with pytest.raises(ClauseLibraryError, match="duplicate contract id"):
        load_library([write_contract(tmp_path, nda)])


def test_a_clause_file_that_is_a_named_pipe_is_refused_without_blocking(tmp_path):
    pipe = tmp_path / "clauses.yaml"
    os.mkfifo(pipe)
    with pytest.raises(ClauseLibraryError, match="not a regular file"):
        load_contract_file(pipe)
