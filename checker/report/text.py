"""The human report: by document, then by article, each finding with its remedy.

Fits an 80-column terminal. Colour only when asked (the caller decides: a TTY and
no NO_COLOR). Chrome follows each document's language (see common.py); the
closing summary is Japanese only when every document checked was Japanese.
"""

from __future__ import annotations

from typing import Callable

import click

from ..model import DocumentResult, Finding, SEVERITIES, severity_rank
from .common import CHROME, SEVERITY_LABELS, chrome_language, shorten, wrap

WIDTH = 80
SEVERITY_COLOURS = {"high": "red", "medium": "yellow", "low": "cyan", "info": "blue"}
EXCERPT_COLUMNS = 200  # quote enough to recognise the clause, not the whole article
ROLE_NAMES = {"en": {"startup": "startup", "business": "business company"},
              "ja": {"startup": "スタートアップ", "business": "事業会社"}}
SUGGESTION_LINES = 2  # first lines of the model wording; the JSON has all of it
# Later findings of a rule already explained in the same document (JSON repeats all).
SEE_ABOVE = {"en": "Why and suggested clause: as for the first {rule} finding above.",
             "ja": "理由と推奨モデル条項：上記の最初の {rule} の指摘と同じです。"}


class TextReport:
    def __init__(self, emit: Callable[[str], None], *, colour: bool = False,
                 user_party: str | None = None):
        self.emit = emit
        self.colour = colour
        self.user_party = user_party
        self.documents = 0
        self.unreadable = 0
        self.counts = {severity: 0 for severity in SEVERITIES}
        self.baselined = 0  # findings recorded in --baseline (shown, not counted)
        self.languages: set[str] = set()

    def _style(self, text: str, **style) -> str:
        return click.style(text, **style) if self.colour else text

    def document(self, result: DocumentResult) -> None:
        self.documents += 1
        lang = chrome_language(result.language)
        self.languages.add(lang)
        words = CHROME[lang]
        lines: list[str] = []
        if result.error:
            self.unreadable += 1
            lines.append(self._style(f"{result.path}: {words['error']}", bold=True, fg="red"))
            lines.extend("  " + line for line in wrap(result.error.get("message", ""), WIDTH - 2))
            self.emit("\n".join(lines) + "\n\n")
            return
        found = len(result.findings)
        count = (words["no_findings"] if not found else words["one_finding"] if found == 1
                 else words["findings"].format(n=found))
        lines.append(self._style(f"{result.path}  ({result.language or '?'}, {count})", bold=True))
        lines.extend("  " + line for line in self._parties_lines(result, lang))
        if result.note:  # kyoso's cover memo: listed, not checked (checker/marks.py)
            lines.extend("  " + line for line in wrap(result.note, WIDTH - 2))
        explained: set[str] = set()  # rules whose rationale and remedy were shown already
        for article, findings in _by_article(result.findings, words["outside"]):
            lines.append("")
            lines.append(self._style(f"  {shorten(article, WIDTH - 2)}", underline=True))
            for finding in findings:
                self.counts[finding.severity] += 1
                self.baselined += finding.baselined
                lines.extend(self._finding(finding, lang, repeat=finding.rule in explained))
                explained.add(finding.rule)
        self.emit("\n".join(lines) + "\n\n")

    def _parties_lines(self, result: DocumentResult, lang: str) -> list[str]:
        words = CHROME[lang]
        if not result.parties:
            return [words["no_parties"]]
        shown = []
        for party in result.parties:
            role = ROLE_NAMES[lang].get(party.role or "")
            if role and party.alias and role.casefold() == party.alias.casefold():
                role = None  # ("Startup") says it already
            extra = ("、" if lang == "ja" else ", ").join(part for part in (party.alias, role) if part)
            if extra and lang == "ja":
                shown.append(f"{party.name}（{extra}）")
            else:
                shown.append(f"{party.name} ({extra})" if extra else party.name)
        separator = "、" if lang == "ja" else "; "
        colon = "：" if lang == "ja" else ": "
        return wrap(words["parties"] + colon + separator.join(shown), WIDTH - 2)

    def _finding(self, finding: Finding, lang: str, repeat: bool = False) -> list[str]:
        """One finding; ``repeat``: its rule was explained above in this document, so
        the rationale and the model wording (the same for every finding of a rule)
        are not printed again."""
        words = CHROME[lang]
        colon = "：" if lang == "ja" else ": "
        severity = SEVERITY_LABELS[lang][finding.severity]
        head = self._style(f"[{severity}]", fg=SEVERITY_COLOURS[finding.severity], bold=True)
        lines = [f"    {head} {finding.category} · {finding.rule}"]
        if finding.baselined:  # its own line: the heading may fill 80 columns already
            lines.append("      " + self._style(f"({words['baselined']})" if lang == "en"
                                                else f"（{words['baselined']}）", dim=True))
        lines.extend("      " + line for line in wrap(finding.message, WIDTH - 6))
        if finding.excerpt:
            quote = shorten(finding.excerpt, EXCERPT_COLUMNS)
            lines.extend("      > " + line for line in wrap(quote, WIDTH - 8))
        if finding.favours:
            side = ""
            if finding.against_user is True:
                side = f" ({words['against_you']})"
            elif finding.against_user is False:
                side = f" ({words['for_you']})"
            lines.extend("      " + line for line in
                         wrap(f"{words['favours']}{colon}{finding.favours}{side}", WIDTH - 6))
        if repeat and (finding.rationale or finding.suggestion_clause):
            lines.extend("      " + line for line in
                         wrap(SEE_ABOVE[lang].format(rule=finding.rule), WIDTH - 6))
            return lines
        if finding.rationale:
            lines.extend("      " + line for line in
                         wrap(f"{words['why']}{colon}{finding.rationale}", WIDTH - 6))
        if finding.suggestion_clause:
            lines.append(f"      {words['suggested']}{colon}{finding.suggestion_clause}")
            if finding.suggestion_text:
                wording = wrap(finding.suggestion_text, WIDTH - 10)
                shown = wording[:SUGGESTION_LINES]
                if len(wording) > SUGGESTION_LINES:
                    shown[-1] = shorten(shown[-1] + " …", WIDTH - 10)
                lines.extend("        | " + line for line in shown)
        return lines

    def close(self) -> None:
        self.emit(self.summary() + "\n")

    def summary(self) -> str:
        total = sum(self.counts.values())
        present = [s for s in reversed(SEVERITIES) if self.counts[s]]
        if self.languages == {"ja"}:
            parts = "・".join(f"{SEVERITY_LABELS['ja'][s]}{self.counts[s]}" for s in present)
            line = f"{self.documents}件の文書を検査：指摘{total}件"
            line += f"（{parts}）" if parts else ""
            if self.baselined:
                line += f"、うちベースライン記録済み{self.baselined}件"
            if self.unreadable:
                line += f"、検査できなかったファイル{self.unreadable}件"
            return line
        parts = ", ".join(f"{self.counts[s]} {s}" for s in present)
        noun = "document" if self.documents == 1 else "documents"
        line = f"{self.documents} {noun} checked: {total} finding{'' if total == 1 else 's'}"
        line += f" ({parts})" if parts else ""
        if self.baselined:
            line += f"; {self.baselined} in the baseline"
        if self.unreadable:
            line += f"; {self.unreadable} could not be checked"
        return line


def _by_article(findings: list[Finding], outside: str) -> list[tuple[str, list[Finding]]]:
    """Findings grouped by article, articles in document order, most severe first within."""
    groups: dict[str, list[Finding]] = {}
    for finding in sorted(findings, key=lambda f: (f.location.start, f.location.end)):
        groups.setdefault(finding.location.article or outside, []).append(finding)
    return [
        (article, sorted(items, key=lambda f: (-severity_rank(f.severity), f.location.start)))
        for article, items in groups.items()
    ]
