"""The compare report as JSON, terminal text and Markdown.

The report language (``--lang``) may differ from the contract's: model titles, notes
and the chrome come from the library in the report language; the contract's own
article titles and excerpts stay as the contract wrote them; a finding is named by its
rule's short description in the report language. See docs/compare.md for the JSON.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..report.common import SEVERITY_LABELS, display_width, wrap
from .deviations import ArticleReport, Comparison

SCHEMA_VERSION = 1
# A one-line note is cut here: a terminal line, give or take.
_ONE_LINE_CHARS = 160
WIDTH = 80  # terminal columns for the text report, as kyoso check's
_EXCERPT_CHARS = 120

WORDS = {
    "en": {
        "title": "{path} against the model {model} ({id})",
        "summary": "{matched} matched, {deviating} deviating, {missing} missing, {extra} extra",
        "matched": "Matched", "deviating": "Deviating", "missing": "Missing",
        "extra": "In the contract, not in the model",
        "essential": "essential", "model": "Model", "contract": "Contract",
        "position": "Model position", "why": "Why it matters", "law": "By law",
        "no_articles": "No numbered articles were recognised in the contract: nothing could be aligned.",
        "essential_missing": "Essential articles missing: {names}",
        "none": "none",
        "article": "Article {n} ({title})", "untitled": "Article {n}",
        "model_article": "{title} (model art. {n})",
    },
    "ja": {
        "title": "{path} とモデル契約「{model}」（{id}）の比較",
        "summary": "一致{matched}条、相違{deviating}条、欠落{missing}条、追加{extra}条",
        "matched": "一致", "deviating": "相違あり", "missing": "欠落",
        "extra": "モデルにない条項",
        "essential": "必須", "model": "モデル", "contract": "契約書",
        "position": "モデルの立場", "why": "重要な理由", "law": "法律上の扱い",
        "no_articles": "契約書に条番号付きの条項が見つからず、対応付けができませんでした。",
        "essential_missing": "欠落している必須条項：{names}",
        "none": "なし",
        "article": "第{n}条（{title}）", "untitled": "第{n}条",
        "model_article": "{title}（モデル第{n}条）",
    },
}


# --- the notes -----------------------------------------------------------------------------


def one_line(text: str, limit: int = _ONE_LINE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


_SENTENCE_END = re.compile(r"(?<=[。．])|(?<=[.;])\s")


def _first_sentence(text: str) -> str:
    body = text.split("\n", 1)[1] if "\n" in text else text  # skip the heading line
    body = re.sub(r"^\s*(?:[0-9]+\.[0-9]+|[０-９0-9]+)?\s*", "", body.strip())
    return _SENTENCE_END.split(body, 1)[0].strip()


def model_position(report: ArticleReport, lang: str, model_text: dict[str, str]) -> str:
    """The model's stance in one line: the library's ``position``, else its first sentence."""
    if report.model.position is not None:
        return one_line(report.model.position.get(lang))
    return one_line(_first_sentence(model_text.get(report.model.id, report.model.text)))


def missing_note(report: ArticleReport, lang: str, practices: dict[str, Any],
                 model_text: dict[str, str]) -> tuple[str | None, str | None]:
    """(why the protection matters, what applies by law without it)."""
    why = None
    for practice_id in report.model.practices:
        practice = practices.get(practice_id)
        if practice is not None:  # the guideline practice the article guards against
            title = practice.title.get(lang)
            why = f"【{title}】{practice.problem.get(lang)}" if lang == "ja" else \
                f"{title} — {practice.problem.get(lang)}"
            break
    law = report.model.if_absent.get(lang) if report.model.if_absent else None
    return why, law


def note_for(report: ArticleReport, lang: str, practices: dict[str, Any],
             model_text: dict[str, str]) -> str | None:
    if report.status == "deviating":
        return model_position(report, lang, model_text)
    if report.status == "missing":
        why, law = missing_note(report, lang, practices, model_text)
        parts = [why or model_position(report, lang, model_text), law]
        return " ".join(part for part in parts if part)
    return None


# --- JSON ----------------------------------------------------------------------------------


def to_json(comparison: Comparison, lang: str, practices: dict[str, Any],
            model_text: dict[str, str]) -> dict[str, Any]:
    articles = []
    for report in comparison.articles:
        contract = report.contract
        articles.append({
            "model": {"number": report.model.number, "title": report.model.title.get(lang),
                      "clause": report.model.ref},
            "essential": report.model.essential,
            "status": report.status,
            "contract": {"number": contract.number, "title": contract.title} if contract else None,
            "score": round(report.score, 3),
            "findings": [f.to_json() for f in report.findings],
            "note": note_for(report, lang, practices, model_text),
        })
    return {
        "path": comparison.path,
        "against": comparison.against,
        "language": comparison.language,
        "report_language": lang,
        "articles": articles,
        "extra": [{"number": e.contract.number, "title": e.contract.title,
                   "findings": [f.to_json() for f in e.findings]} for e in comparison.extra],
        "summary": {**{s: comparison.count(s) for s in ("matched", "deviating", "missing")},
                    "extra": len(comparison.extra),
                    "essential_missing": [a.model.ref for a in comparison.essential_missing]},
    }


def render_json(documents: list[dict[str, Any]]) -> str:
    return json.dumps({"schema_version": SCHEMA_VERSION, "documents": documents},
                      ensure_ascii=False, indent=2) + "\n"


# --- text and Markdown ---------------------------------------------------------------------


def _article_name(number: Any, title: str | None, lang: str) -> str:
    words = WORDS[lang]
    return words["article"].format(n=number, title=title) if title else words["untitled"].format(n=number)


def render_text(comparison: Comparison, lang: str, practices: dict[str, Any],
                model_text: dict[str, str], rule_names: dict[str, str],
                markdown: bool = False) -> str:
    """The report for one contract, grouped by status (Markdown when ``markdown``)."""
    words = WORDS[lang]
    lines: list[str] = []
    head = words["title"].format(path=comparison.path, model=comparison.model.title.get(lang),
                                 id=comparison.against)
    summary = words["summary"].format(matched=comparison.count("matched"),
                                      deviating=comparison.count("deviating"),
                                      missing=comparison.count("missing"), extra=len(comparison.extra))
    lines += [f"# {head}" if markdown else head, "", summary]
    if comparison.essential_missing:
        names = "; " if lang == "en" else "、"
        names = names.join(a.model.title.get(lang) for a in comparison.essential_missing)
        lines.append(words["essential_missing"].format(names=names))
    if not comparison.numbered:
        lines.append(words["no_articles"])
    colon = "：" if lang == "ja" else ": "
    bullet = "- " if markdown else "  "
    sub = "  - " if markdown else "      "

    def add(prefix: str, text: str) -> None:
        """One entry; in the terminal, wrapped to WIDTH with a hanging indent."""
        if markdown:
            lines.append(prefix + text)
            return
        indent = " " * display_width(prefix)
        wrapped = wrap(text, WIDTH - len(indent))
        lines.extend((prefix if n == 0 else indent) + line for n, line in enumerate(wrapped))
    for status in ("missing", "deviating", "matched"):
        group = [a for a in comparison.articles if a.status == status]
        group.sort(key=lambda a: not a.model.essential)  # stable: essential first, then model order
        if not group:
            continue
        lines += ["", f"## {words[status]} ({len(group)})" if markdown else f"{words[status]} ({len(group)})"]
        for report in group:
            name = words["model_article"].format(title=report.model.title.get(lang),
                                                 n=report.model.number)
            mark = f" [{words['essential']}]" if report.model.essential else ""
            where = ""
            if report.contract is not None:
                where = " ← " + _article_name(report.contract.number, report.contract.title,
                                              comparison.language)
            lines.append(f"{bullet}{'**' + name + '**' if markdown else name}{mark}{where}")
            if status == "deviating":
                for finding in report.findings:
                    add(sub, _finding_line(finding, lang, rule_names))
                add(sub, f"{words['position']}{colon}{model_position(report, lang, model_text)}")
            elif status == "missing":
                why, law = missing_note(report, lang, practices, model_text)
                if why:
                    add(sub, f"{words['why']}{colon}{why}")
                else:
                    add(sub, f"{words['position']}{colon}{model_position(report, lang, model_text)}")
                if law:
                    add(sub, f"{words['law']}{colon}{law}")
    if comparison.extra:
        lines += ["", f"## {words['extra']} ({len(comparison.extra)})" if markdown
                  else f"{words['extra']} ({len(comparison.extra)})"]
        for extra in comparison.extra:
            lines.append(bullet + _article_name(extra.contract.number, extra.contract.title,
                                                comparison.language))
            for finding in extra.findings:
                add(sub, _finding_line(finding, lang, rule_names))
    return "\n".join(lines) + "\n"


def _finding_line(finding: Any, lang: str, rule_names: dict[str, str]) -> str:
    severity = SEVERITY_LABELS[lang].get(finding.severity, finding.severity)
    name = rule_names.get(finding.rule) or finding.message
    excerpt = one_line(finding.excerpt or "", _EXCERPT_CHARS)
    quote = (f" 「{excerpt}」" if lang == "ja" else f" “{excerpt}”") if excerpt else ""
    return f"[{severity}] {name} ({finding.rule}){quote}"

