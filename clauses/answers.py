"""Answers files: the deal's facts and choices, checked and resolved into values.

``resolve`` applies the precedence explicit answer > preset > variable default and
reports every problem at once (name, expected type, allowed values), so a user fixes
the file in one pass. Resolved values are plain data (see ``_normalise``) that
render.py wraps per language; they are never rendered as templates.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from ..core import limits, safe_yaml
from ..core.errors import AnswersError, KyosoError
from .model import PRESETS, Contract, Text, Variable

EXAMPLES_DIR = Path(__file__).parent / "examples"
TOP_LEVEL_KEYS = ("contract", "preset", "language")
LANGUAGE_MODES = ("ja", "en", "ja+en")
CURRENCIES = ("JPY", "USD", "EUR")
PARTY_FIELDS = ("name", "address", "representative")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Invisible characters that can hide or reorder what a reader sees: bidi embeddings,
# overrides and isolates (the "Trojan Source" trick), marks, and zero-width joiners and
# spaces. A party name "ACME\u202eCorp" displays differently from what it is.
INVISIBLE = set("\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff")

TYPE_HINTS = {
    "party": "a mapping with name, address, representative (optional alias)",
    "date": "a date YYYY-MM-DD",
    "money": "a whole amount, or {amount: …, currency: JPY|USD|EUR}",
    "integer": "a whole number",
    "choice": "one of the choice keys",
    "bool": "true or false",
    "text": "text, or {ja: …, en: …}",
    "list": "a list of entries",
}


def _kind(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number",
            float: "a number", type(None): "nothing"}.get(type(value), type(value).__name__)


def _shown(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**20:
        # repr of a huge int is a wall of digits (and fails past 4,300 of them).
        return f"a {len(str(abs(value))) if value.bit_length() < 14_000 else 'many'}-digit number"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _key(key: Any) -> str:
    """A key from the file as a message shows it: quoted if it is not plain text."""
    if isinstance(key, str) and key.isprintable() and len(key) <= 60:
        return key
    return _shown(key)


# --- one value -------------------------------------------------------------------------------


def _not_a_character(c: str) -> bool:
    # Lone UTF-16 surrogates (a YAML "\ud800" escape) and the noncharacters U+FFFE,
    # U+FFFF, U+FDD0–U+FDEF cannot be written as UTF-8 or XML: the draft would fail.
    point = ord(c)
    return (0xD800 <= point <= 0xDFFF or 0xFDD0 <= point <= 0xFDEF
            or point & 0xFFFE == 0xFFFE)


def _hidden(c: str) -> bool:
    # Format characters (Cf: soft hyphen, tag characters, bidi controls, zero-width
    # joiners) print as nothing or reorder text; control characters are not text.
    category = unicodedata.category(c)
    return c in INVISIBLE or category == "Cf" or (category == "Cc" and c not in "\n\t")


def _string_problem(text: str, name: str, max_length: int) -> str | None:
    broken = sorted({c for c in text if _not_a_character(c)})
    if broken:
        points = ", ".join(f"U+{ord(c):04X}" for c in broken)
        return (f"{name}: contains {points}, which is not a character (a lone UTF-16 "
                "surrogate such as a \\ud800 escape, or a noncharacter); remove it")
    bad = sorted({c for c in text if _hidden(c)})
    if bad:
        points = ", ".join(f"U+{ord(c):04X}" for c in bad)
        return (f"{name}: contains invisible or control characters ({points}), which can hide "
                "or reorder what the reader sees; remove them")
    if not text.strip():
        return f"{name}: must not be empty"
    if len(text) > max_length:
        return f"{name}: is {len(text)} characters long; the limit is {max_length}"
    return None


def _text(value: Any, name: str, max_length: int | None) -> tuple[Any, list[str]]:
    limit = min(max_length or limits.MAX_TEXT_ANSWER_CHARS, limits.MAX_TEXT_ANSWER_CHARS)
    if isinstance(value, str):
        problem = _string_problem(value, name, limit)
        return value, [problem] if problem else []
    if isinstance(value, dict):
        problems = [f"{name}.{_key(key)}: unknown key (use ja and en)" for key in value if key not in ("ja", "en")]
        for lang in ("ja", "en"):
            if lang not in value:
                problems.append(f"{name}: missing {lang} text")
            elif not isinstance(value[lang], str):
                problems.append(f"{name}.{lang}: expected text, got {_kind(value[lang])}")
            else:
                problem = _string_problem(value[lang], f"{name}.{lang}", limit)
                if problem:
                    problems.append(problem)
        return (Text(value["ja"], value["en"]) if not problems else None), problems
    return None, [f"{name}: expected {TYPE_HINTS['text']}, got {_kind(value)}"]


def _whole(value: Any, name: str, low: int | None, high: int | None, what: str) -> tuple[Any, list[str]]:
    if isinstance(value, bool) or not isinstance(value, int):
        return None, [f"{name}: expected {what}, got {_kind(value)} {_shown(value)}"]
    if low is not None and value < low:
        return None, [f"{name}: {_shown(value)} is below the minimum {low}"]
    if high is not None and value > high:
        return None, [f"{name}: {_shown(value)} is above the maximum {high}"]
    return value, []


def _date(value: Any, name: str) -> tuple[Any, list[str]]:
    if not isinstance(value, str) or not _DATE.match(value):
        return None, [f"{name}: expected {TYPE_HINTS['date']}, got {_shown(value)}"]
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return None, [f"{name}: {value} is not a real date"]
    return value, []


def _money(variable: Variable, value: Any, name: str) -> tuple[Any, list[str]]:
    currency = "JPY"
    if isinstance(value, dict):
        unknown = [k for k in value if k not in ("amount", "currency")]
        if unknown:
            return None, [f"{name}.{_key(unknown[0])}: unknown key (use amount and currency)"]
        currency = value.get("currency", "JPY")
        if currency not in CURRENCIES:
            return None, [f"{name}.currency: expected one of {', '.join(CURRENCIES)}, got {_shown(currency)}"]
        if "amount" not in value:
            return None, [f"{name}: missing amount"]
        value = value["amount"]
    low = max(variable.minimum if variable.minimum is not None else 0, 0)
    high = min(variable.maximum if variable.maximum is not None else limits.MAX_MONEY_AMOUNT,
               limits.MAX_MONEY_AMOUNT)
    amount, problems = _whole(value, name, low, high, "a whole amount of money")
    return ({"amount": amount, "currency": currency} if not problems else None), problems


def _party(variable: Variable, value: Any, name: str) -> tuple[Any, list[str]]:
    if not isinstance(value, dict):
        return None, [f"{name}: expected {TYPE_HINTS['party']}, got {_kind(value)}"]
    problems = [f"{name}.{_key(key)}: unknown key (allowed: name, address, representative, alias)"
                for key in value if key not in (*PARTY_FIELDS, "alias")]
    party: dict[str, Any] = {}
    for key in PARTY_FIELDS:
        if key not in value:
            problems.append(f"{name}.{key}: missing ({'text, or {ja: …, en: …}'})")
            continue
        party[key], found = _text(value[key], f"{name}.{key}", limits.MAX_PARTY_FIELD_CHARS)
        problems += found
    if "alias" in value:
        party["alias"], found = _text(value["alias"], f"{name}.alias", limits.MAX_PARTY_ALIAS_CHARS)
        problems += found
    else:
        party["alias"] = variable.default_alias
    return (party if not problems else None), problems


def _list(variable: Variable, value: Any, name: str) -> tuple[Any, list[str]]:
    if not isinstance(value, list):
        return None, [f"{name}: expected a list of entries, got {_kind(value)}"]
    problems = []
    low, high = variable.min_items or 0, variable.max_items
    if len(value) < low:
        problems.append(f"{name}: needs at least {low} entr{'y' if low == 1 else 'ies'}, got {len(value)}")
    if high is not None and len(value) > high:
        problems.append(f"{name}: at most {high} entries, got {len(value)}")
    records = []
    for index, entry in enumerate(value, 1):
        where = f"{name}[{index}]"
        if not isinstance(entry, dict):
            problems.append(f"{where}: expected a mapping with {', '.join(variable.fields)}, got {_kind(entry)}")
            continue
        problems += [f"{where}.{_key(key)}: unknown field (fields: {', '.join(variable.fields)})"
                     for key in entry if key not in variable.fields]
        record = {}
        for field_name, spec in variable.fields.items():
            if field_name in entry:
                record[field_name], found = convert(spec, entry[field_name], f"{where}.{field_name}")
                problems += found
            elif spec.has_default:
                record[field_name] = convert(spec, spec.default, f"{where}.{field_name}")[0]
            else:
                problems.append(f"{where}.{field_name}: missing ({TYPE_HINTS[spec.type]})")
        records.append(record)
    return (records if not problems else None), problems


def convert(variable: Variable, value: Any, name: str | None = None) -> tuple[Any, list[str]]:
    """Check one value against its variable; return (resolved value, problems)."""
    name = name or variable.name
    kind = variable.type
    if kind == "party":
        return _party(variable, value, name)
    if kind == "date":
        return _date(value, name)
    if kind == "money":
        return _money(variable, value, name)
    if kind == "integer":
        return _whole(value, name, variable.minimum, variable.maximum, "a whole number")
    if kind == "choice":
        if isinstance(value, str) and value in variable.choices:
            return value, []
        allowed = ", ".join(f"{key} ({choice.favours})" for key, choice in variable.choices.items())
        return None, [f"{name}: {_shown(value)} is not a choice (choose one of: {allowed})"]
    if kind == "bool":
        if isinstance(value, bool):
            return value, []
        return None, [f"{name}: expected true or false, got {_shown(value)}"]
    if kind == "text":
        return _text(value, name, variable.max_length)
    if kind == "list":
        return _list(variable, value, name)
    return None, [f"{name}: unknown variable type {kind!r}"]


def check_value(variable: Variable, value: Any, name: str | None = None) -> list[str]:
    return convert(variable, value, name)[1]


# --- a whole answers file -----------------------------------------------------------------


class _UnreadableAnswers(AnswersError):
    """An answers file that is not YAML at all: one problem, already located."""

    def __init__(self, message: str):
        source, _, problem = message.partition(": ")
        super().__init__(source, [problem])


def load_answers(path: str | Path) -> dict:
    """Read an answers file strictly; it must be a YAML mapping."""
    raw = safe_yaml.load_path(path, _UnreadableAnswers)
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise AnswersError(str(path), [f"the file must be a mapping of answers, got {_kind(raw)}"])
    return raw


def resolve(contract: Contract, raw: dict, source: str) -> dict[str, Any]:
    """Answers → values for every variable: explicit answer > preset > default.

    Raises one ``AnswersError`` listing every problem (unknown keys, wrong types,
    missing values, values out of range).
    """
    if not isinstance(raw, dict):
        raise AnswersError(source, [f"the answers must be a mapping, got {_kind(raw)}"])
    problems: list[str] = []
    if "contract" in raw and raw["contract"] != contract.id:
        problems.append(f"contract: the file is for {_shown(raw['contract'])}, not {contract.id!r}")
    if "language" in raw and raw["language"] not in LANGUAGE_MODES:
        problems.append(f"language: expected one of {', '.join(LANGUAGE_MODES)}, got {_shown(raw['language'])}")
    preset_values: dict[str, Any] = {}
    if raw.get("preset") is not None:
        preset = contract.presets.get(raw["preset"]) if isinstance(raw["preset"], str) else None
        if preset is None:
            problems.append(f"preset: {_shown(raw['preset'])} is not a preset "
                            f"(choose one of: {', '.join(contract.presets or PRESETS)})")
        else:
            preset_values = preset.values
    for key in raw:
        if key not in contract.variables and key not in TOP_LEVEL_KEYS:
            problems.append(f"{_key(key)}: unknown answer for {contract.id} "
                            f"(see 'kyoso answers init {contract.id}')")
    values: dict[str, Any] = {}
    for name, variable in contract.variables.items():
        if name in raw:
            value, found = convert(variable, raw[name])
        elif name in preset_values:
            value, found = convert(variable, preset_values[name], f"{name} (from preset)")
        elif variable.has_default:
            value, found = convert(variable, variable.default, f"{name} (default)")
        else:
            value, found = None, [f"{name}: missing; expected {_expected(variable)}"]
        problems += found
        values[name] = value
    if problems:
        raise AnswersError(source, problems)
    return values


def _expected(variable: Variable) -> str:
    if variable.type == "choice":
        return "one of " + ", ".join(variable.choices)
    if variable.type == "integer":
        return f"a whole number from {variable.minimum} to {variable.maximum}"
    return TYPE_HINTS[variable.type]


def example_answers(contract_id: str) -> dict:
    """The embedded example deal (clauses/examples/<contract-id>.yaml)."""
    from .loader import get_contract

    get_contract(contract_id)  # an unknown id gets the list of known ones
    path = EXAMPLES_DIR / f"{contract_id}.yaml"
    if not path.is_file():
        raise KyosoError(f"no example deal for {contract_id!r} yet")
    return load_answers(path)


# --- kyoso answers init --------------------------------------------------------------------

_T = {
    "ja": {
        "head": "{title}（{id}）の回答ファイル。kyoso draft {id} --answers このファイル -o 出力.docx",
        "how": "「#」で始まる行はコメント。既定値やプリセットの値を変えるときは、行頭の「# 」を外して書き換える。",
        "presets": "プリセット（preset: に一つ選ぶ。個別に書いた回答がプリセットより優先する）:",
        "required": "要記入（例の値を実際の値に置き換える）",
        "type": "型", "allowed": "選択肢", "default": "既定値", "range": "範囲",
        "preset_values": "プリセットごとの値",
        "favours": {"startup": "スタートアップ有利", "business": "事業会社有利", "balanced": "バランス"},
        "other": "その他",
    },
    "en": {
        "head": "Answers for {title} ({id}). kyoso draft {id} --answers THIS_FILE -o draft.docx",
        "how": "Lines starting with '#' are comments. To change a default or a preset's value, "
               "remove the '# ' in front of the answer and edit it.",
        "presets": "Presets (pick one for preset:; an answer you write here wins over the preset):",
        "required": "required: replace the example value with the real one",
        "type": "type", "allowed": "choices", "default": "default", "range": "range",
        "preset_values": "per preset",
        "favours": {"startup": "favours the startup", "business": "favours the company",
                    "balanced": "balanced"},
        "other": "other",
    },
}

# Placeholders for required answers without an example; valid values, marked as such.
_PLACEHOLDERS = {
    "date": "2026-04-01",
    "money": 1000000,
    "bool": False,
    "text": {"ja": "（記入）", "en": "(to be filled in)"},
}


def _yaml(value: Any) -> str:
    """A YAML value on one line (JSON is valid YAML and quotes every string)."""
    if isinstance(value, Text):
        value = {"ja": value.ja, "en": value.en}
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_yaml(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_yaml(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def _placeholder(variable: Variable, example: dict) -> Any:
    if variable.name in example:
        return example[variable.name]
    if variable.type == "party":
        return {"name": {"ja": "（社名）", "en": "(company name)"},
                "address": {"ja": "（住所）", "en": "(address)"},
                "representative": {"ja": "（代表者）", "en": "(representative)"}}
    if variable.type == "integer":
        return variable.minimum
    if variable.type == "choice":
        return next(iter(variable.choices))
    if variable.type == "list":
        record = {n: _placeholder(f, {}) for n, f in variable.fields.items()}
        return [record] * max(variable.min_items or 0, 1)
    return _PLACEHOLDERS[variable.type]


def _comment(text: str) -> list[str]:
    return [f"# {line}".rstrip() for line in text.splitlines() or [""]]


def answers_template(contract_id: str, lang: str = "en") -> str:
    """A commented answers file listing every variable, grouped; it resolves as written."""
    from .loader import get_contract

    if lang not in ("ja", "en"):
        raise KyosoError(f"unknown language {lang!r} (choose ja or en)")
    words = _T[lang]
    contract = get_contract(contract_id)
    try:
        example = example_answers(contract_id)
    except KyosoError:
        example = {}
    out = _comment(words["head"].format(title=contract.title.get(lang), id=contract.id))
    out += _comment(words["how"]) + ["", f"contract: {contract.id}", ""]
    out += _comment(words["presets"])
    for preset in contract.presets.values():
        out += _comment(f"  {preset.name}: {preset.label.get(lang)}")
        out += _comment(f"      {preset.explain.get(lang)}")
    out += ["preset: balanced", ""]
    groups: dict[str, list[Variable]] = {}
    for variable in contract.variables.values():
        groups.setdefault(variable.group or words["other"], []).append(variable)
    for group, variables in groups.items():
        out += [f"# --- {group} " + "-" * max(3, 60 - len(group)), ""]
        for variable in variables:
            out += _describe(contract, variable, lang, example) + [""]
    return "\n".join(out).rstrip() + "\n"


def _describe(contract: Contract, variable: Variable, lang: str, example: dict) -> list[str]:
    words = _T[lang]
    lines = _comment(variable.label.get(lang))
    for extra in (variable.help, variable.note):
        if extra:
            lines += _comment(extra.get(lang))
    kind = variable.type
    if kind == "integer":
        unit = f" {variable.unit}" if variable.unit and variable.unit != "none" else ""
        kind += f", {words['range']} {variable.minimum}–{variable.maximum}{unit}"
    if kind == "list":
        kind += f" ({', '.join(variable.fields)})"
    lines += _comment(f"{words['type']}: {kind}")
    if variable.type == "choice":
        lines += _comment(f"{words['allowed']}:")
        for choice in variable.choices.values():
            lines += _comment(f"  {choice.key} [{words['favours'][choice.favours]}] {choice.label.get(lang)}")
            lines += _comment(f"      {choice.note.get(lang)}")
    preset_values = {p.name: p.values[variable.name] for p in contract.presets.values()
                     if variable.name in p.values}
    if preset_values:
        lines += _comment(f"{words['preset_values']}: " +
                          ", ".join(f"{k}={_yaml(v)}" for k, v in preset_values.items()))
    # Answers with a default, or set by the preset the file picks, stay commented out so
    # the preset can apply; the rest need a value and get the example deal's.
    if variable.has_default or "balanced" in preset_values:
        if variable.has_default:
            lines += _comment(f"{words['default']}: {_yaml(variable.default)}")
        shown = variable.default if variable.has_default else preset_values["balanced"]
        lines.append(f"# {variable.name}: {_yaml(shown)}")
    else:
        lines += _comment(words["required"])
        lines.append(f"{variable.name}: {_yaml(_placeholder(variable, example))}")
    return lines
