"""GitLab Code Quality reports (``--format codequality``), for the merge-request widget.

GitLab reads a JSON array of issues, each with ``description``, ``check_name``,
``fingerprint``, ``severity`` (info, minor, major, critical, blocker) and
``location.path`` + ``location.lines.begin``. The widget compares the fingerprints
of the branch and its target, so the fingerprint must not move when a line above
the finding does: it is the passage fingerprint of baseline.py (rule + normalised
wording) with the file path, made unique when one file holds the same passage twice.

Paths must be relative to the repository (run kyoso from its root); absolute paths
inside the current folder are made relative to it. Documents that could not be read
have no place in this format: they are on stderr and make the run exit 2.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import PurePath
from typing import Any, Callable

from ..baseline import fingerprint_of
from ..model import DocumentResult, Finding
from .common import CHROME, chrome_language

SEVERITIES = {"high": "critical", "medium": "major", "low": "minor", "info": "info"}


def repository_path(path: str) -> str:
    """The path GitLab can link: relative, forward slashes, no leading "./"."""
    if path == "-":
        return "stdin"
    if os.path.isabs(path):
        relative = os.path.relpath(path, os.getcwd())
        if not relative.startswith(".."):
            path = relative
    posix = PurePath(path).as_posix()
    while posix.startswith("./"):
        posix = posix[2:]
    return posix


class CodeQualityReport:
    """Streams one JSON array: ``[`` at once, an issue per finding, ``]`` on close."""

    def __init__(self, emit: Callable[[str], None]):
        self.emit = emit
        self.count = 0
        self.emit("[")

    def document(self, result: DocumentResult) -> None:
        if result.error:
            return
        path = repository_path(result.path)
        seen: Counter = Counter()
        for finding in result.findings:
            passage = fingerprint_of(finding)
            seen[(finding.rule, passage)] += 1
            issue = _issue(finding, path, passage, seen[(finding.rule, passage)],
                           chrome_language(result.language))
            body = json.dumps(issue, ensure_ascii=False, indent=2)
            body = "\n".join("  " + line for line in body.splitlines())
            self.emit(("," if self.count else "") + "\n" + body)
            self.count += 1

    def close(self) -> None:
        self.emit("\n]\n" if self.count else "]\n")


def _issue(finding: Finding, path: str, passage: str, occurrence: int,
           lang: str) -> dict[str, Any]:
    location = finding.location
    begin = getattr(location, "line", None) or 1
    end = getattr(location, "end_line", None) or begin
    lines = {"begin": begin}
    if end > begin:
        lines["end"] = end
    description = finding.message
    if location.article:
        description = f"{location.article}: {description}"
    if finding.baselined:
        marker = CHROME[lang]["baselined"]
        description += f"（{marker}）" if lang == "ja" else f" ({marker})"
    key = f"{path}\0{finding.rule}\0{passage}\0{occurrence}"
    return {
        "type": "issue",
        "description": description,
        "check_name": finding.rule,
        "fingerprint": hashlib.sha256(key.encode("utf-8")).hexdigest()[:32],
        "severity": SEVERITIES[finding.severity],
        "categories": ["Bug Risk"],
        "location": {"path": path, "lines": lines},
    }
