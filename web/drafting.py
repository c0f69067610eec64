"""The draft side of ``kyoso serve``: the library described as forms, and answers
turned into a DOCX or a pack through the functions ``kyoso draft`` and ``kyoso pack``
call (clauses/answers.py, templates/api.py, templates/pack.py).

Answers arrive as YAML text (the page sends JSON, which is YAML too) and are parsed
with the strict loader every answers file goes through, so the page is validated
exactly as the CLI validates a file. Every problem is also given the form fields it
belongs to, so the page can show all of them next to their fields at once.
"""

from __future__ import annotations

import re
from typing import Any

from ..clauses.model import Contract, Text, Variable
from ..core import safe_yaml
from ..core.errors import AnswersError, KyosoError

PACK = "pack"  # the form id of the whole pack, next to the library's contract ids


def _text(value: Text | None) -> dict[str, str] | None:
    return {"ja": value.ja, "en": value.en} if value is not None else None


def _plain(value: Any) -> Any:
    if isinstance(value, Text):
        return _text(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def describe_variable(contract: Contract, variable: Variable) -> dict[str, Any]:
    """One question as the page shows it; choices carry whom they favour and their note."""
    return {
        "name": variable.name,
        "type": variable.type,
        "group": variable.group,
        "label": _text(variable.label),
        "help": _text(variable.help),
        "note": _text(variable.note),
        "default": _plain(variable.default) if variable.has_default else None,
        "has_default": variable.has_default,
        "unit": variable.unit if variable.unit != "none" else None,
        "minimum": variable.minimum,
        "maximum": variable.maximum,
        "choices": [{"key": c.key, "label": _text(c.label), "favours": c.favours, "note": _text(c.note)}
                    for c in variable.choices.values()],
        "fields": list(variable.fields),
        "presets": {p.name: _plain(p.values[variable.name]) for p in contract.presets.values()
                    if variable.name in p.values},
    }


def _presets(contract: Contract) -> list[dict[str, Any]]:
    return [{"name": p.name, "label": _text(p.label), "explain": _text(p.explain)}
            for p in contract.presets.values()]


def list_contracts() -> list[dict[str, Any]]:
    """Every contract in the library (whatever it holds today), then the whole pack."""
    from ..clauses.loader import load_library
    from ..templates.pack import DOCUMENTS

    contracts = load_library().contracts
    listed = [{"id": c.id, "title": _text(c.title)} for c in contracts.values()]
    if all(d in contracts for d in DOCUMENTS):
        count = len(DOCUMENTS)
        listed.append({"id": PACK, "title": {"ja": f"契約書一式（{count}通＋カバーメモ）",
                                             "en": f"Whole pack ({count} contracts + cover memo)"}})
    return listed


def contract_form(contract_id: str) -> dict[str, Any]:
    """The form of one contract: one section whose fields are the answers' keys."""
    from ..clauses.loader import get_contract

    if contract_id == PACK:
        return pack_form()
    contract = get_contract(contract_id)
    return {"id": contract.id, "title": _text(contract.title), "presets": _presets(contract),
            "sections": [{"id": "", "title": None,
                          "variables": [describe_variable(contract, v) for v in contract.variables.values()]}]}


def pack_form() -> dict[str, Any]:
    """The deal form: parties and subject once (``shared``), one date per document, then
    each document's own questions (those the pack does not set from the dates)."""
    from ..clauses.loader import get_contract
    from ..templates.pack import DOCUMENTS, managed_variables

    contracts = {d: get_contract(d) for d in DOCUMENTS}
    managed = {d: set(managed_variables(d)) for d in DOCUMENTS}
    declared: dict[str, list[str]] = {}
    for document, contract in contracts.items():
        for name in contract.variables:
            if name not in managed[document]:
                declared.setdefault(name, []).append(document)
    shared = [name for name, documents in declared.items()
              if _is_shared(contracts[documents[0]].variables[name], documents)]
    sections = [{"id": "shared", "title": {"ja": "当事者と対象", "en": "Parties and subject"},
                 "variables": [describe_variable(contracts[declared[n][0]], contracts[declared[n][0]].variables[n])
                               for n in shared]}]
    for document, contract in contracts.items():
        own = [v for n, v in contract.variables.items() if n not in managed[document] and n not in shared]
        sections.append({"id": document, "title": _text(contract.title),
                         "variables": [describe_variable(contract, v) for v in own]})
    # Each document explains its presets in its own terms; the pack applies one to all.
    presets = [{**p, "explain": {"ja": "一式のすべての契約書に同じプリセットを適用します。各契約書の個別の回答が優先します。",
                                 "en": "The preset applies to every document of the pack; an answer "
                                       "given for a document wins over it."}}
               for p in _presets(contracts[DOCUMENTS[0]])]
    return {"id": PACK, "title": {"ja": "契約書一式", "en": "Contract pack"}, "presets": presets,
            "documents": [{"id": d, "title": _text(contracts[d].title)} for d in DOCUMENTS],
            "sections": sections}


def _is_shared(variable: Variable, documents: list[str]) -> bool:
    """Parties, and the subject every document names without a default (technology,
    product): asked once for the deal, as the example deal file does."""
    return variable.type == "party" or (
        variable.type == "text" and not variable.has_default and len(documents) > 1)


def example(contract_id: str) -> dict[str, Any]:
    """The embedded example answers (a contract's, or the pack's deal) to prefill a form."""
    from ..clauses.answers import example_answers
    from ..templates.pack import example_deal

    return example_deal() if contract_id == PACK else example_answers(contract_id)


# --- answers in, files out ------------------------------------------------------------


def parse_answers(body: bytes, source: str) -> dict:
    """A YAML (or JSON) answers body, through the same strict loader as an answers file."""
    class _Unreadable(AnswersError):
        def __init__(self, message: str):
            super().__init__(source, [message.partition(": ")[2] or message])

    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AnswersError(source, ["the answers are not UTF-8 text"]) from None
    raw = safe_yaml.loads(text, source, _Unreadable)
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise AnswersError(source, ["the answers must be a mapping of answers"])
    return raw


def draft_docx(contract_id: str, raw: dict, lang: str) -> bytes:
    """``kyoso draft CONTRACT --answers … --lang …`` without the file: the DOCX bytes."""
    from ..clauses.answers import resolve
    from ..clauses.loader import get_contract
    from ..templates.api import draft_bytes

    contract = get_contract(contract_id)
    values = resolve(contract, raw, "answers")
    return draft_bytes(contract_id, values, lang, "docx")


def pack_zip(raw: dict | None, lang: str | None, source: str = "answers") -> bytes:
    """``kyoso pack`` in memory: every contract, the cover memo, as one zip (or the
    embedded example deal when ``raw`` is None)."""
    from ..templates.pack import build_pack, example_deal, plan_pack, zip_bytes

    if lang is not None and lang not in ("ja", "en", "ja+en"):
        raise KyosoError(f"unknown language {lang!r} (choose from ja, en, ja+en)")
    if raw is None:
        raw, source = example_deal(), "example pack deal"
    files = build_pack(plan_pack(raw, source), lang=lang)
    return zip_bytes(files)


# --- problems next to their fields --------------------------------------------------------

_NAME = re.compile(r"^([A-Za-z_][\w-]*)")
_PACK_PLACE = re.compile(r"^((?:[a-z][a-z-]*)(?:, [a-z][a-z-]*)*): ([A-Za-z_]\w*)")
_PACK_KEY = re.compile(r"^(dates|documents|shared|[a-z][a-z-]*)\.([A-Za-z_][\w-]*)")


def problem_fields(problem: str, pack: bool) -> list[str]:
    """The form fields a problem line is about, most specific first ([] if none)."""
    if not pack:
        found = _NAME.match(problem)
        return [found.group(1)] if found else []
    from ..templates.pack import DOCUMENTS

    places = _PACK_PLACE.match(problem)
    if places and all(p in (*DOCUMENTS, "shared") for p in places.group(1).split(", ")):
        key = places.group(2)
        fields = [f"{p}.{key}" for p in places.group(1).split(", ")]
        return fields + [f"shared.{key}"]
    keyed = _PACK_KEY.match(problem)
    if keyed:
        return [f"{keyed.group(1)}.{keyed.group(2)}"]
    found = _NAME.match(problem)
    return [found.group(1)] if found else []


def problems_json(error: KyosoError, pack: bool) -> list[dict[str, Any]]:
    """Each problem of an answers or lint error, with the fields it belongs to."""
    if isinstance(error, AnswersError):
        return [{"message": p, "fields": problem_fields(p, pack)} for p in error.problems]
    problems = getattr(error, "problems", None)
    if problems:  # PackLintError: the drafts, not a field, are at fault
        return [{"message": f"{p.document}: {p.kind}: {p.message}", "fields": []} for p in problems]
    return [{"message": str(error), "fields": []}]
