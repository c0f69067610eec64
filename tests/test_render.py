"""Rendering: numbering after conditions, ref(), labels, value formatting, the sandbox.

Drives the small contract from test_clause_loader (an optional article, exclusive
paragraphs chosen by a choice, refs to an article, a paragraph and an item).
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
import time

import pytest

from kyoso.clauses import render
from kyoso.clauses.answers import example_answers, resolve
from kyoso.clauses.loader import get_contract, load_contract_file
from kyoso.clauses.model import Article, Paragraph, Text
from kyoso.clauses.render import (
    context,
    format_date,
    format_money,
    heading,
    item_label,
    paragraph_label,
    render_clause,
    render_contract,
)
from kyoso.core.errors import ClauseLibraryError, KyosoError
from test_answers import good
from test_clause_loader import contract_doc, private_cache, write_contract  # noqa: F401


@pytest.fixture
def tiny(tmp_path):
    return load_contract_file(write_contract(tmp_path, contract_doc()))


def rendered(contract, lang="ja", **answers):
    return render_contract(contract, resolve(contract, good(**answers), "deal.yaml"), lang)


def texts(result) -> str:
    return "\n".join(p.text for a in result.articles for p in a.paragraphs)


# --- numbering and references -----------------------------------------------------------------


def test_optional_article_off_numbers_stay_contiguous(tiny):
    result = rendered(tiny, committee=False)
    assert [(a.id, a.number) for a in result.articles] == [
        ("purpose", 1), ("ownership", 2), ("term", 3), ("law", 4)]
    law = result.articles[-1].paragraphs[0].text
    assert law.startswith("第3条にかかわらず")
    survive = result.articles[2].paragraphs[1].text
    assert survive == "第1条および第1条第2項第2号は存続する。"


def test_optional_article_on_shifts_numbers_and_refs(tiny):
    result = rendered(tiny, "en", committee=True)
    assert [a.number for a in result.articles] == [1, 2, 3, 4, 5]
    assert result.articles[1].title == "Committee"
    assert result.articles[-1].paragraphs[0].text.startswith("Despite Article 4,")
    assert result.articles[3].paragraphs[1].text == "Article 1 and Article 1.2(b) survive."


def test_paragraph_conditions_renumber_paragraphs(tiny):
    for ownership, expected in (("startup", "成果は甲に帰属する。"), ("shared", "成果は共有とする。"),
                                ("business", "成果は丙に帰属する。")):
        article = rendered(tiny, ownership=ownership).articles[1]
        assert [p.number for p in article.paragraphs] == [1, 2]
        assert article.paragraphs[0].text == expected
        assert article.paragraphs[1].id == "fee_paragraph"


def test_ref_to_an_omitted_clause_names_it(tiny):
    contract = copy.deepcopy(tiny)
    contract.articles[4].paragraphs[0].text = Text("{{ ref('committee') }}を参照。", "See {{ ref('committee') }}.")
    values = resolve(contract, good(committee=False), "deal.yaml")
    with pytest.raises(ClauseLibraryError) as caught:
        render_contract(contract, values, "en")
    message = str(caught.value)
    assert "ref('committee')" in message and "article 'law'" in message and "text.en" in message
    assert render_contract(contract, resolve(contract, good(committee=True), "d"), "en")


def test_items_are_numbered(tiny):
    scope = rendered(tiny).articles[0].paragraphs[1]
    assert [(i.number, i.text) for i in scope.items] == [(1, "試料の評価"), (2, "結果の報告")]
    assert scope.items[1].id == "reporting"


# --- labels ----------------------------------------------------------------------------------------


def test_labels():
    assert heading(7, "知的財産権の帰属", "ja") == "第7条（知的財産権の帰属）"
    assert heading(7, "Ownership of Intellectual Property", "en") == "Article 7 (Ownership of Intellectual Property)"
    assert [paragraph_label(7, n, "ja") for n in (1, 2, 3, 10)] == ["", "２", "３", "１０"]
    assert [paragraph_label(7, n, "en") for n in (1, 2)] == ["7.1", "7.2"]
    assert [item_label(n, "ja") for n in (1, 2, 3, 10, 11, 20, 21)] == ["一", "二", "三", "十", "十一", "二十", "二十一"]
    assert [item_label(n, "en") for n in (1, 2, 26, 27, 28)] == ["(a)", "(b)", "(z)", "(aa)", "(bb)"]
    assert render.reference(7, 2, 1, "ja") == "第7条第2項第1号"
    assert render.reference(7, 2, 1, "en") == "Article 7.2(a)"
    assert render.reference(7, None, None, "en") == "Article 7"


# --- values ------------------------------------------------------------------------------------------


def test_dates_and_money():
    assert format_date("2026-04-01", "ja") == "2026年4月1日"
    assert format_date("2026-04-01", "en") == "April 1, 2026"
    assert format_money(1_000_000, "JPY", "ja") == "金1,000,000円"
    assert format_money(1_000_000, "JPY", "en") == "JPY 1,000,000"
    assert format_money(2500, "USD", "en") == "US$2,500"
    assert format_money(2500, "USD", "ja") == "2,500米ドル"


def _filter(source: str, lang: str, **values) -> str:
    return render.compiled_template(source).render(lang=lang, **values)


@pytest.mark.parametrize("source, lang, expected", [
    ("{{ 3 | years }}", "en", "three (3) years"),
    ("{{ 1 | years }}", "en", "one (1) year"),
    ("{{ 20 | days }}", "en", "twenty (20) days"),
    ("{{ 36 | months }}", "en", "36 months"),
    ("{{ 2 | weeks }}", "en", "two (2) weeks"),
    ("{{ 3 | years }}", "ja", "3年"),
    ("{{ 3 | years(span=True) }}", "ja", "3年間"),
    ("{{ 6 | months }}", "ja", "6か月"),
    ("{{ 6 | months(span=True) }}", "ja", "6か月間"),
    ("{{ 14 | days }}", "ja", "14日"),
    ("{{ 2 | weeks }}", "ja", "2週間"),
    ("{{ 5 | percent }}", "ja", "5％"),
    ("{{ 2.5 | percent }}", "en", "2.5%"),
])
def test_filters(source, lang, expected):
    assert _filter(source, lang) == expected


def test_filters_refuse_non_numbers():
    with pytest.raises(TypeError):
        _filter("{{ 'three' | years }}", "en")


def test_values_render_per_language(tiny):
    ja, en = rendered(tiny, "ja"), rendered(tiny, "en", fee={"amount": 5000, "currency": "USD"})
    assert ja.articles[0].paragraphs[0].text == "甲および丙は、新素材を研究する。"
    assert en.articles[0].paragraphs[0].text == "The Startup and BigCo shall research a new material."
    assert "2026年4月1日から3年間とする。" in texts(ja)
    assert "runs for three (3) years from April 1, 2026." in texts(en)
    assert "丙は金1,000,000円を支払う。" in texts(ja) and "BigCo shall pay US$5,000." in texts(en)


def test_list_values_loop_and_fields(tiny):
    milestones = [{"event": {"ja": "試作", "en": "prototype"}, "amount": 2_000_000}]
    result = rendered(tiny, "en", milestones=milestones)
    assert "prototype: JPY 2,000,000" in texts(result)


def test_context_for_document_templates(tiny):
    values = resolve(tiny, good(), "deal.yaml")
    data = context(tiny, values, "ja")
    assert data["title"] == "試験契約書" and data["short_title"] == "本契約" and data["lang"] == "ja"
    startup, business = data["parties"]
    assert (str(startup), startup.name, startup.address) == ("甲", "株式会社スタート", "東京都千代田区1-1")
    assert business.alias == "丙" and business.representative == "代表取締役社長 田中花子"
    assert str(data["signed_on"]) == "2026年4月1日"
    assert data["ownership"] == "startup" and data["ownership"].label == "甲"


def test_missing_value_is_a_clear_error(tiny):
    values = resolve(tiny, good(), "deal.yaml")
    del values["topic"]
    with pytest.raises(KyosoError, match="no value for topic"):
        render_contract(tiny, values, "ja")


# --- the sandbox: answers are data, texts cannot escape ------------------------------------------------


def test_template_syntax_in_answers_prints_literally(tiny):
    hostile = "{{ 7*7 }} {% if 1 %}x{% endif %}"
    answers = good(topic=hostile)
    answers["startup"] = dict(answers["startup"], name="{{ 7*7 }} Inc.", alias="{{ 7*7 }}")
    result = render_contract(tiny, resolve(tiny, answers, "deal.yaml"), "en")
    first = result.articles[0].paragraphs[0].text
    assert first == f"{{{{ 7*7 }}}} and BigCo shall research {hostile}."
    assert "49" not in texts(result)
    assert context(tiny, resolve(tiny, answers, "d"), "en")["startup"].name == "{{ 7*7 }} Inc."


@pytest.mark.parametrize("source", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ startup.__class__ }}",
    "{{ startup.name.__class__.__base__ }}",
    "{{ lipsum.__globals__ }}",
    "{{ ref.__globals__ }}",
])
def test_clause_text_cannot_reach_python_internals(tiny, source):
    # The loader refuses these (test_clause_loader); a Contract built in Python skips the
    # loader, and the sandbox must still refuse at render time.
    contract = copy.deepcopy(tiny)
    contract.articles.append(Article("escape", Text("脱出", "Escape"),
                                     [Paragraph(Text(source, source))]))
    values = resolve(contract, good(), "deal.yaml")
    with pytest.raises(ClauseLibraryError) as caught:
        render_contract(contract, values, "en")
    assert "article 'escape'" in str(caught.value)


def test_undefined_name_in_text_is_an_error_not_blank(tiny):
    contract = copy.deepcopy(tiny)
    contract.articles[0].paragraphs[0].text = Text("{{ budget }}", "{{ budget }}")
    with pytest.raises(ClauseLibraryError, match="budget"):
        render_contract(contract, resolve(contract, good(), "d"), "ja")


# --- compile once, render fast --------------------------------------------------------------------


def test_templates_are_compiled_once(tiny):
    values = resolve(tiny, good(), "deal.yaml")
    render_contract(tiny, values, "ja")
    compiled = len(render._templates)
    for _ in range(3):
        render_contract(tiny, values, "ja")
    assert len(render._templates) == compiled


def test_whole_jda_renders_in_both_languages_quickly():
    contract = get_contract("joint-development")
    values = resolve(contract, example_answers("joint-development"), "example")
    for lang in ("ja", "en"):
        render_contract(contract, values, lang)  # compile
    start = time.perf_counter()
    for lang in ("ja", "en"):
        result = render_contract(contract, values, lang)
        assert "{{" not in texts(result) and "{%" not in texts(result)
    assert time.perf_counter() - start < 0.1  # ~3 ms here


# --- render_clause (the checker's model wording) ------------------------------------------------------


def test_render_clause_gives_article_wording_with_the_example_deal():
    contract = get_contract("joint-development")
    article = contract.articles[0].id
    text = render_clause(f"joint-development/{article}", "en")
    assert text.startswith("Article 1 (") and "{{" not in text
    assert render_clause(f"joint-development/{article}", "ja").startswith("第1条（")


def test_render_clause_of_an_article_the_example_leaves_out():
    # Optional articles still show their model wording (forced on, numbered in place).
    contract = get_contract("joint-development")
    optional = next((a for a in contract.articles if a.when), None)
    if optional is None:
        pytest.skip("no optional article in the JDA")
    assert optional.title.en in render_clause(f"joint-development/{optional.id}", "en")


def test_render_clause_errors():
    with pytest.raises(KyosoError, match="<contract-id>/<clause-id>"):
        render_clause("joint-development", "en")
    with pytest.raises(KyosoError, match="no clause 'nothing_here'"):
        render_clause("joint-development/nothing_here", "en")
    with pytest.raises(KyosoError, match="unknown contract"):
        render_clause("joint-venture/ip_ownership", "en")


def test_rendering_never_imports_spacy_or_docx():
    code = ("import sys; from kyoso.clauses.render import render_clause; "
            "from kyoso.clauses.loader import get_contract; "
            "render_clause('joint-development/' + get_contract('joint-development').articles[0].id, 'ja'); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'spacy', 'docx', 'sudachipy'}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env=dict(os.environ))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_choice_label_and_list_printing_inside_templates():
    choice = render.ChoiceValue("shared", "共有")
    assert render.compiled_template("{{ c }}/{{ c.label }}/{{ c == 'shared' }}").render(c=choice) == "shared/共有/True"
    records = [render.RecordValue({"name": n}, "en") for n in ("A Co.", "B Co.", "C Co.")]
    assert str(render.ListValue(records, "en")) == "A Co., B Co. and C Co."
    assert str(render.ListValue(records[:2], "ja")) == "A Co.、B Co."
    assert render.compiled_template("{{ 'yes' if items else 'no' }}").render(items=render.ListValue([], "en")) == "no"
