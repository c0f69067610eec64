"""English sentences that open with a value start with a capital letter (clauses/render.py).

Aliases are lower-case ("the Startup") so they read right mid-sentence; where the
template opens a sentence with a tag, the first letter printed is capitalised. Text
inside values, items (which continue a sentence), and Japanese are left alone.
"""

from __future__ import annotations

from kyoso.clauses.answers import resolve
from kyoso.clauses.model import Article, Contract, Item, Paragraph, Preset, Text, Variable
from kyoso.clauses.render import render_contract

T = Text


def _var(name, type_, **extra):
    return Variable(name=name, type=type_, label=T(f"{name}（項目）", f"{name} (field)"), **extra)


def contract(*paragraphs: Paragraph) -> Contract:
    variables = {
        "startup": _var("startup", "party", role="startup", default_alias=T("甲", "the Startup")),
        "business": _var("business", "party", role="business", default_alias=T("乙", "the Company")),
        "fast": _var("fast", "bool", default=True, has_default=True),
        "topic": _var("topic", "text", max_length=200),
    }
    presets = {name: Preset(name, T("型", "preset"), T("説明", "explanation"), {})
               for name in ("balanced", "startup-favourable", "business-favourable")}
    return Contract(id="caps", title=T("試験契約書", "Test Agreement"),
                    short_title=T("本契約", "this Agreement"), provenance="kyoso test",
                    parties=["startup", "business"], variables=variables, presets=presets,
                    articles=[Article("only", T("目的", "Purpose"), list(paragraphs))],
                    source="caps.yaml")


def render(*paragraphs: Paragraph, **answers) -> list[str]:
    model = contract(*paragraphs)
    raw = {"startup": {"name": "株式会社スタート", "address": "東京都", "representative": "山田"},
           "business": {"name": {"ja": "大手株式会社", "en": "Big Co., Ltd."}, "address": "大阪府",
                        "representative": "田中"},
           "topic": {"ja": "新素材", "en": "a new material. the old one"}, **answers}
    values = resolve(model, raw, "caps answers")
    out = []
    for lang in ("en", "ja"):
        for paragraph in render_contract(model, values, lang).articles[0].paragraphs:
            out.append(paragraph.text)
            out.extend(item.text for item in paragraph.items)
    return out


def test_paragraph_opening_with_an_alias():
    en, ja = render(Paragraph(T("{{ startup }}は研究する。", "{{ startup }} shall research {{ topic }}.")))
    assert en == "The Startup shall research a new material. the old one."  # value text untouched
    assert ja == "甲は研究する。"


def test_sentence_after_a_full_stop_in_the_template():
    (en, _ja) = render(Paragraph(T("甲は通知する。乙は支払う。",
                                   "{{ startup }} shall give notice. {{ business }} shall pay. "
                                   "{% if fast %}{{ business }} shall pay quickly.{% endif %}")))
    assert en == "The Startup shall give notice. The Company shall pay. The Company shall pay quickly."


def test_mid_sentence_aliases_stay_lower_case():
    (en, _ja) = render(Paragraph(T("甲および乙", "Both {{ startup }} and {{ business }} agree, "
                                             "e.g. {{ business }} pays.")))
    assert en == "Both the Startup and the Company agree, e.g. the Company pays."


def test_items_continue_the_sentence():
    en, en_item, _ja, _ja_item = render(Paragraph(T("次の場合:", "If:"), items=[
        Item(T("乙が支払わない", "{{ business }} fails to pay; and"))]))
    assert en == "If:" and en_item == "the Company fails to pay; and"


def test_a_user_alias_at_a_sentence_start():
    business = {"name": "大手株式会社", "address": "大阪府", "representative": "田中",
                "alias": {"ja": "丙", "en": "the Buyer"}}
    (en, _ja) = render(Paragraph(T("丙は支払う。", "{{ business }} shall pay."
                                               " {{ business.name }} is named above.")),
                       business=business)
    assert en == "The Buyer shall pay. 大手株式会社 is named above."
