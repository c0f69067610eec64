"""The table that closes a text report of several documents: findings per category
and severity, how many files were checked, skipped (--since) or could not be read.

Every loaded category gets a row, also with no findings, so tables from two runs
line up. Japanese chrome when every document checked was Japanese (as in text.py).
"""

from __future__ import annotations

from ..model import SEVERITIES, DocumentResult
from .common import SEVERITY_LABELS, chrome_language, display_width

WORDS = {
    "en": {"title": "Findings by category in {n} files", "category": "category",
           "total": "total", "errors": "{n} could not be checked (see above)",
           "skipped": "{n} skipped (unchanged since the earlier run)"},
    "ja": {"title": "{n}件の文書のカテゴリ別の指摘", "category": "カテゴリ", "total": "計",
           "errors": "検査できなかったファイル{n}件（上記参照）",
           "skipped": "前回から変更のない{n}件は省略"},
}
CATEGORY_COLUMN = 24
NUMBER_COLUMN = 8


class Summary:
    def __init__(self, categories: list[str]):
        self.counts = {category: dict.fromkeys(SEVERITIES, 0) for category in categories}
        self.files = self.errors = self.skipped = 0
        self.languages: set[str] = set()

    def add(self, result: DocumentResult) -> None:
        self.files += 1
        if result.error:
            self.errors += 1
            return
        self.languages.add(chrome_language(result.language))
        for finding in result.findings:
            row = self.counts.setdefault(finding.category, dict.fromkeys(SEVERITIES, 0))
            row[finding.severity] += 1

    def render(self) -> str:
        lang = "ja" if self.languages == {"ja"} else "en"
        words = WORDS[lang]
        order = list(reversed(SEVERITIES))  # high first
        header = [words["category"]] + [SEVERITY_LABELS[lang][s] for s in order] + [words["total"]]
        rows = [header]
        totals = dict.fromkeys(SEVERITIES, 0)
        for category in sorted(self.counts):
            row = self.counts[category]
            rows.append([category] + [str(row[s]) for s in order] + [str(sum(row.values()))])
            for severity in SEVERITIES:
                totals[severity] += row[severity]
        rows.append([words["total"]] + [str(totals[s]) for s in order]
                    + [str(sum(totals.values()))])
        lines = [words["title"].format(n=self.files)]
        lines += [_cells(row) for row in rows]
        counts = []
        if self.skipped:
            counts.append(words["skipped"].format(n=self.skipped))
        if self.errors:
            counts.append(words["errors"].format(n=self.errors))
        if counts:
            lines.append("  " + ("、" if lang == "ja" else "; ").join(counts))
        return "\n".join(lines) + "\n"


def _cells(row: list[str]) -> str:
    first = row[0] + " " * max(1, CATEGORY_COLUMN - display_width(row[0]))
    return "  " + first + "".join(
        " " * max(1, NUMBER_COLUMN - display_width(cell)) + cell for cell in row[1:])
