"""SARIF 2.1.0, so code-review tools (GitHub code scanning, VS Code's SARIF viewer)
can show contract findings next to the file.

Offsets: a contract is not source code, and a DOCX or PDF has no text lines of its
own, so ``charOffset``/``charLength`` count characters in the text kyoso extracted
(the same offsets as the JSON report), and ``startLine`` is the extracted line,
one per paragraph. ``run.properties.offsets`` says so for tools that care.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any, Callable
from urllib.parse import quote

from ... import __version__
from ..model import DocumentResult, Finding

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"high": "error", "medium": "warning", "low": "note", "info": "note"}
INFORMATION_URI = "https://pypi.org/project/kyoso/"


def artifact_uri(path: str) -> str:
    """A URI reference for a path as the user gave it (relative stays relative)."""
    if path == "-":
        return "stdin"
    pure = PurePath(path)
    if pure.is_absolute():
        return "file://" + quote(pure.as_posix())
    return quote(pure.as_posix())


class SarifReport:
    """Collects results and writes one SARIF log on close (SARIF is one JSON object).

    ``rules`` are descriptors ``{"id", "category", "short", "full", "help"}`` for every
    loaded rule, so the log documents what was checked, not only what was found.
    """

    def __init__(self, emit: Callable[[str], None], rules: list[dict[str, str]]):
        self.emit = emit
        self.rules = list(rules)
        self.rule_index = {rule["id"]: index for index, rule in enumerate(self.rules)}
        self.artifacts: list[dict[str, Any]] = []
        self.results: list[dict[str, Any]] = []
        self.notifications: list[dict[str, Any]] = []

    def document(self, result: DocumentResult) -> None:
        artifact = {"location": {"uri": artifact_uri(result.path)}}
        if result.sha256:
            artifact["hashes"] = {"sha-256": result.sha256}
        index = len(self.artifacts)
        self.artifacts.append(artifact)
        if result.error:
            self.notifications.append({
                "level": "error",
                "message": {"text": str(result.error.get("message", ""))},
                "descriptor": {"id": str(result.error.get("code", "input"))},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": artifact["location"]["uri"], "index": index}}}],
            })
            return
        for finding in result.findings:
            self.results.append(self._result(finding, artifact["location"]["uri"], index))

    def _rule(self, finding: Finding) -> int:
        if finding.rule not in self.rule_index:  # a rule the descriptors did not list
            self.rule_index[finding.rule] = len(self.rules)
            self.rules.append({"id": finding.rule, "category": finding.category,
                               "short": finding.rule, "full": "", "help": ""})
        return self.rule_index[finding.rule]

    def _result(self, finding: Finding, uri: str, artifact_index: int) -> dict[str, Any]:
        location = finding.location
        region: dict[str, Any] = {
            "charOffset": location.start,
            "charLength": max(0, location.end - location.start),
        }
        line = getattr(location, "line", None)
        if line:
            region["startLine"] = line
        properties: dict[str, Any] = {
            "category": finding.category,
            "severity": finding.severity,
            "dimensions": finding.dimensions,
            "favours": finding.favours,
            "excerpt": finding.excerpt,
        }
        if location.article:
            properties["article"] = location.article
        if finding.against_user is not None:
            properties["againstUser"] = finding.against_user
        if finding.suggestion_clause:
            properties["suggestion"] = {"clause": finding.suggestion_clause,
                                        "text": finding.suggestion_text,
                                        "note": finding.suggestion_note}
        return {
            "ruleId": finding.rule,
            "ruleIndex": self._rule(finding),
            "level": LEVELS[finding.severity],
            "message": {"text": finding.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": uri, "index": artifact_index},
                "region": region,
            }}],
            "properties": properties,
        }

    def log(self) -> dict[str, Any]:
        driver_rules = []
        for rule in self.rules:
            entry: dict[str, Any] = {
                "id": rule["id"],
                "shortDescription": {"text": rule.get("short") or rule["id"]},
                "properties": {"category": rule.get("category")},
            }
            if rule.get("full"):
                entry["fullDescription"] = {"text": rule["full"]}
            if rule.get("help"):
                entry["help"] = {"text": rule["help"]}
            driver_rules.append(entry)
        return {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "kyoso",
                    "version": __version__,
                    "informationUri": INFORMATION_URI,
                    "rules": driver_rules,
                }},
                "invocations": [{
                    "executionSuccessful": not self.notifications,
                    "toolExecutionNotifications": self.notifications,
                }],
                "artifacts": self.artifacts,
                "results": self.results,
                "columnKind": "unicodeCodePoints",
                "properties": {"offsets": "characters of the extracted text, one line per paragraph"},
            }],
        }

    def close(self) -> None:
        self.emit(json.dumps(self.log(), ensure_ascii=False, indent=2) + "\n")
