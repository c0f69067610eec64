"""The pack's cover memo: every decision taken, whom it favours, and where it leaves the model.

The memo is built from the clause library's own metadata, not from new judgements:
each choice's ``favours`` and ``note``, each variable's ``note`` and default, and the
``balanced`` preset (the model contracts' positions). A decision "departs from the
model" when its value differs from that position; a choice without a model position
departs when it does not favour both sides equally. The memo is laid out as the same
blocks as a contract, so the DOCX and Markdown writers serve it unchanged.
"""

from __future__ import annotations

from typing import Any

from ..clauses import render
from ..clauses.model import Text, Variable
from ..core.marks import MEMO_TITLES
from .blocks import Block

MODEL_PRESET = "balanced"
FAVOURS = {
    "startup": Text("スタートアップ有利", "favours the startup"),
    "business": Text("事業会社有利", "favours the company"),
    "balanced": Text("バランス", "balanced"),
}
UNITS = {"years": ("年", "year(s)"), "months": ("か月", "month(s)"), "days": ("日", "day(s)"),
         "weeks": ("週間", "week(s)"), "percent": ("％", "%")}
WORDS = {
    "title": Text(MEMO_TITLES["ja"], MEMO_TITLES["en"]),  # the checker knows the memo by it
    "intro": Text(
        "本メモは、{startup}と{business}の間の契約書{count}通について、各契約書で選んだ条件、"
        "その条件がどちらに有利か、およびガイドライン上の留意点をまとめたものである。"
        "本メモは契約書の一部ではなく、交渉の準備のための資料である。",
        "This memo lists, for the {count} of the pack between {startup} and "
        "{business}, each decision taken, whom it favours and the guideline note on it. It "
        "is not part of the contracts; it is a working paper for the negotiation."),
    "documents": Text("契約書一覧", "Documents in the pack"),
    "edition": Text("経済産業省・特許庁のモデル契約書（{edition}）に基づく。",
                    "Based on the METI/JPO model contracts ({edition})."),
    "document_line": Text("{title}（{date}付、ファイル {file}）",
                          "{title}, dated {date} (file {file})"),
    "cites": Text("先行する契約として{titles}を参照する。", "Refers to the earlier {titles}."),
    "cites_none": Text("先行する契約は参照しない。", "Refers to no earlier document."),
    "departures": Text("モデル契約の立場と異なる条件", "Where the pack departs from the model positions"),
    "no_departures": Text("なし。すべての条件がモデル契約の立場どおりである。",
                          "None: every decision follows the model contracts' positions."),
    "decisions": Text("{title}：選んだ条件", "{title}: decisions taken"),
    "preset": Text("プリセット：{preset}", "Preset: {preset}"),
    "no_preset": Text("プリセット：なし（各条件を個別に指定）", "Preset: none (each decision set individually)"),
    "model": Text("モデル契約の立場：{value}", "Model position: {value}"),
    "is_model": Text("モデル契約の立場どおり", "as in the model contract"),
    "departs": Text("モデル契約と異なる", "departs from the model"),
    "yes": Text("はい", "yes"),
    "no": Text("いいえ", "no"),
}


def _text(value: Any, lang: str) -> str:
    if isinstance(value, Text):
        return value.get(lang)
    return str(value)


def show_value(variable: Variable, value: Any, lang: str) -> str:
    """A decision's value as a reader sees it (the choice's label, 3年 / 3 year(s))."""
    if variable.type == "choice":
        return variable.choices[value].label.get(lang)
    if variable.type == "bool":
        return WORDS["yes" if value else "no"].get(lang)
    if variable.type == "integer" and variable.unit in UNITS:
        ja, en = UNITS[variable.unit]
        return f"{value}{ja}" if lang == "ja" else (f"{value}%" if en == "%" else f"{value} {en}")
    return str(value)


def model_position(contract, variable: Variable) -> tuple[bool, Any]:
    """(known, value): the balanced preset's value, else the variable's default."""
    preset = contract.presets.get(MODEL_PRESET)
    if preset and variable.name in preset.values:
        return True, preset.values[variable.name]
    if variable.has_default:
        return True, variable.default
    return False, None


def decisions(document) -> list[dict]:
    """The decision points of one planned document: choices, and noted bools and numbers."""
    from .pack import managed_variables

    managed = managed_variables(document.id)
    found = []
    for variable in document.contract.variables.values():
        if variable.name in managed:
            continue
        if variable.type != "choice" and not (variable.type in ("bool", "integer") and variable.note):
            continue
        value = document.values[variable.name]
        known, model = model_position(document.contract, variable)
        choice = variable.choices.get(value) if variable.type == "choice" else None
        if known:
            departs = value != model
        else:
            departs = bool(choice and choice.favours != "balanced")
        found.append({
            "variable": variable, "value": value, "choice": choice, "departs": departs,
            "model": model if known else None, "model_known": known,
            "note": choice.note if choice else variable.note,
        })
    return found


def memo_blocks(plan, langs: list[str]) -> list[Block]:
    from .pack import file_stem

    blocks: list[Block] = []

    def add(kind: str, texts: dict[str, str], label: dict[str, str] | None = None) -> None:
        blocks.append(Block(kind, {lang: texts[lang] for lang in langs},
                            {lang: label[lang] for lang in langs} if label else {}))

    def each(word: str, **fields: Any) -> dict[str, str]:
        return {lang: WORDS[word].get(lang).format(
            **{k: (v(lang) if callable(v) else v) for k, v in fields.items()}) for lang in langs}

    first = plan.documents[0].values
    titles = {d.id: d.contract.title for d in plan.documents}
    add("title", each("title"))
    add("preamble", each("intro", startup=lambda l: _text(first["startup"]["name"], l),
                         business=lambda l: _text(first["business"]["name"], l),
                         count=lambda l: _count_documents(len(plan.documents), l)))

    from .editions import EDITION_TITLES

    edition = EDITION_TITLES[getattr(plan, "edition", "material")]
    add("paragraph", each("edition", edition=lambda l: edition[0] if l == "ja" else edition[1]))
    add("heading", each("documents"))
    for number, document in enumerate(plan.documents, 1):
        add("paragraph", each("document_line", title=document.contract.title.get,
                              date=lambda l, d=document: render.format_date(d.date, l),
                              file=f"{file_stem(document.id)}.*"),
            {lang: f"{number}." for lang in langs})
        if document.cited:
            joiner = {"ja": "、", "en": ", "}
            add("item", each("cites", titles=lambda l, d=document: joiner[l].join(
                titles[c].get(l) for c in d.cited)))
        else:
            add("item", each("cites_none"))

    per_document = [(d, decisions(d)) for d in plan.documents]
    add("heading", each("departures"))
    departures = [(d, x) for d, found in per_document for x in found if x["departs"]]
    if not departures:
        add("paragraph", each("no_departures"))
    for number, (document, decision) in enumerate(departures, 1):
        add("paragraph", _decision_line(document, decision, langs, with_title=True),
            {lang: f"{number}." for lang in langs})
        _details(add, each, decision, langs)

    for document, found in per_document:
        add("heading", each("decisions", title=document.contract.title.get))
        if document.preset and document.preset in document.contract.presets:
            add("paragraph", each("preset", preset=document.contract.presets[document.preset].label.get))
        else:
            add("paragraph", each("no_preset"))
        for number, decision in enumerate(found, 1):
            add("paragraph", _decision_line(document, decision, langs, with_title=False),
                {lang: f"{number}." for lang in langs})
            _details(add, each, decision, langs)
    return blocks


def _decision_line(document, decision: dict, langs: list[str], *, with_title: bool) -> dict[str, str]:
    variable = decision["variable"]
    out = {}
    for lang in langs:
        parts = [variable.label.get(lang), show_value(variable, decision["value"], lang)]
        tags = []
        if decision["choice"]:
            tags.append(FAVOURS[decision["choice"].favours].get(lang))
        tags.append(WORDS["departs" if decision["departs"] else "is_model"].get(lang))
        sep, open_, close, comma = ("：", "（", "）", "、") if lang == "ja" else (": ", " (", ")", ", ")
        line = parts[0] + sep + parts[1] + open_ + comma.join(tags) + close
        if with_title:
            line = (f"【{document.contract.title.ja}】" if lang == "ja"
                    else f"[{document.contract.title.en}] ") + line
        out[lang] = line
    return out


def _details(add, each, decision: dict, langs: list[str]) -> None:
    if decision["departs"] and decision["model_known"]:
        variable = decision["variable"]
        add("item", each("model", value=lambda l: show_value(variable, decision["model"], l)))
    if decision["note"]:
        add("item", {lang: decision["note"].get(lang) for lang in langs})


def _langs(lang: str) -> list[str]:
    return ["ja", "en"] if lang == "ja+en" else [lang]


def memo_markdown(plan, lang: str) -> bytes:
    from .markdown_writer import write_markdown
    from .marking import memo_marks

    langs = _langs(lang)
    return write_markdown(memo_blocks(plan, langs), langs, memo_marks(plan, langs))


def memo_docx(plan, lang: str) -> bytes:
    from .docx_writer import DocInfo, write_docx
    from .marking import memo_marks

    langs = _langs(lang)
    info = DocInfo(title=" / ".join(WORDS["title"].get(x) for x in langs),
                   language=", ".join({"ja": "ja-JP", "en": "en-US"}[x] for x in langs),
                   subject="kyoso pack cover memo", keywords=f"kyoso, pack, memo, {lang}",
                   marks=memo_marks(plan, langs))
    return write_docx(memo_blocks(plan, langs), langs, info)


def _count_documents(count: int, lang: str) -> str:
    if lang == "ja":
        return str(count)
    return "one document" if count == 1 else f"{count} documents"
