"""Rule metadata for code-scanning views (SARIF ``tool.driver.rules``), in each language.

GitHub code scanning shows a rule's short description as the alert title and its
help as the panel under it; a legal team reads them in the language its contracts
are in. ``descriptors`` gives one list per language; the SARIF writer picks the one
that matches the documents it reported (both, side by side, for a mixed batch).
"""

from __future__ import annotations

from typing import Any

from ..model import SEVERITIES

LANGUAGES = ("en", "ja")
LABELS = {
    "en": {"why": "Why", "guideline": "Guideline item", "suggested": "Suggested model clause",
           "what": "What kyoso found"},
    "ja": {"why": "理由", "guideline": "ガイドラインの項目", "suggested": "推奨モデル条項",
           "what": "指摘の内容"},
}


def descriptors(ruleset: Any) -> dict[str, list[dict[str, str]]]:
    """``{"en": [...], "ja": [...]}``: per loaded rule its id, category, default level,
    short and full description and help (plain text and Markdown)."""
    return {language: [_descriptor(rule, language) for rule in _rules(ruleset)]
            for language in LANGUAGES}


def _rules(ruleset: Any) -> list[Any]:
    return [rule for rule in getattr(ruleset, "rules", None) or [] if getattr(rule, "id", None)]


def _descriptor(rule: Any, language: str) -> dict[str, str]:
    from ..api import _MODEL_ROLES, suggestion_text

    words = LABELS[language]
    colon = "：" if language == "ja" else ": "
    title = _text(getattr(rule, "title", None), language) or rule.id
    message = _text(getattr(rule, "message", None), language)
    rationale = _text(getattr(rule, "rationale", None), language)
    guideline = getattr(rule, "guideline", None)
    clause = getattr(rule, "suggestion", None)
    wording = suggestion_text(clause, language) if isinstance(clause, str) else None
    text, markdown = [], [f"**{title}**"]
    if message:
        text.append(message)
        markdown.append(message)
    if rationale:
        text.append(f"{words['why']}{colon}{rationale}")
        markdown.append(f"**{words['why']}**{colon}{rationale}")
    if guideline:
        text.append(f"{words['guideline']}{colon}{guideline}")
        markdown.append(f"**{words['guideline']}**{colon}`{guideline}`")
    if isinstance(clause, str):
        roles = _MODEL_ROLES[language] if wording else ""  # who 甲 and 乙 are in the model wording
        text.append(f"{words['suggested']}{colon}{clause}"
                    + (f"\n{roles}\n{wording}" if wording else ""))
        markdown.append(f"**{words['suggested']}**{colon}`{clause}`"
                        + (f"\n\n{roles}\n\n" + "\n".join("> " + line for line in wording.splitlines())
                           if wording else ""))
    default = getattr(rule, "severity_default", None)
    return {"id": rule.id, "category": getattr(rule, "category", "") or "",
            "short": title, "full": rationale or message,
            "help": "\n\n".join(text), "help_markdown": "\n\n".join(markdown),
            "severity": default if default in SEVERITIES else ""}


def _text(value: Any, language: str) -> str:
    if isinstance(value, dict):
        return str(value.get(language) or "")
    return str(value or "")
