"""The marks kyoso puts on what it drafts (format in core/marks.py).

A contract is marked with its id, edition, language and the parties' roles, names
and aliases as the document prints them; the cover memo is marked as a memo, with the
parties of the pack. ``kyoso check`` reads the marks back to know which party is the
startup without guessing from the wording.
"""

from __future__ import annotations

from typing import Any

from ..core.marks import DEFAULT_EDITION, MEMO_CONTRACT, MarkedParty, Marks


def edition_of(contract) -> str:
    """The library edition a contract belongs to: its own ``edition`` when the library
    gives one, the AI edition for ``ai-*`` ids, else the new-material edition."""
    edition = getattr(contract, "edition", None)
    if isinstance(edition, str) and edition:
        return edition
    return "ai" if contract.id.startswith("ai-") else DEFAULT_EDITION


def _in(value: Any, lang: str) -> str | None:
    """A name or alias in one language: answers give plain text or {ja, en} (a Text)."""
    text = value if isinstance(value, str) else getattr(value, "get", lambda _: None)(lang)
    return text.strip() if isinstance(text, str) and text.strip() else None


def marked_parties(contract, values: dict, langs: list[str]) -> tuple[MarkedParty, ...]:
    parties = []
    for name in contract.parties:
        variable, value = contract.variables.get(name), values.get(name)
        if variable is None or variable.role is None or not isinstance(value, dict):
            continue
        names = {lang: text for lang in langs if (text := _in(value.get("name"), lang))}
        aliases = {lang: text for lang in langs if (text := _in(value.get("alias"), lang))}
        parties.append(MarkedParty(variable.role, names, aliases))
    return tuple(parties)


def contract_marks(contract, values: dict, langs: list[str]) -> Marks:
    return Marks("contract", contract.id, edition_of(contract), "+".join(langs),
                 marked_parties(contract, values, langs))


def memo_marks(plan, langs: list[str]) -> Marks:
    first = plan.documents[0]
    return Marks("memo", MEMO_CONTRACT, edition_of(first.contract), "+".join(langs),
                 marked_parties(first.contract, first.values, langs))
