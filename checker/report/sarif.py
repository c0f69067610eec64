"""SARIF 2.1.0, so code-review tools (GitHub code scanning, VS Code's SARIF viewer)
can show contract findings next to the file.

Regions: for text and Markdown files, the line and columns in the file itself
(blank lines count), so a code-scanning view annotates the right line. A DOCX or
PDF has no text lines of its own: there ``startLine`` is the paragraph (one line of
the extracted text per paragraph), the columns count characters in it, and
``charOffset``/``charLength`` count characters in the extracted text (the same
offsets as the JSON report). ``run.properties.offsets`` says so for tools that care;
``properties.offsets`` of each result always has the extracted-text offsets.

Rules carry their help in the language of the documents (both for a mixed batch).
``partialFingerprints`` holds the passage fingerprint of baseline.py (rule and
normalised wording), stable across runs and across renumbered articles; GitHub
computes its own line hash next to it. With a baseline, each result has a
``baselineState``: ``unchanged`` when the baseline recorded it, else ``new``.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any, Callable
from urllib.parse import quote

from ... import __version__
from ..baseline import FINGERPRINT_KEY, fingerprint_of
from ..model import DocumentResult, Finding

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"high": "error", "medium": "warning", "low": "note", "info": "note"}
INFORMATION_URI = "https://pypi.org/project/kyoso/"
# Character offsets of the extracted text go only where the lines are paragraphs of
# that same text; elsewhere (text, Markdown, stdin, files sniffed without a suffix)
# the lines are the file's own and extracted offsets would point somewhere else.
EXTRACTED_SUFFIXES = (".docx", ".pdf")


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
    loaded rule, so the log documents what was checked, not only what was found: one
    list, or one per language (``rule_help.descriptors``), chosen when the log is
    written by the languages of the documents. ``baseline``: a baseline is in use, so
    every result states whether it is new.
    """

    def __init__(self, emit: Callable[[str], None],
                 rules: list[dict[str, str]] | dict[str, list[dict[str, str]]],
                 *, baseline: bool = False):
        self.emit = emit
        self.by_language = dict(rules) if isinstance(rules, dict) else {"": list(rules)}
        self.rules = list(next(iter(self.by_language.values()), []))
        self.rule_index = {rule["id"]: index for index, rule in enumerate(self.rules)}
        self.baseline = baseline
        self.languages: set[str] = set()
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
        if result.language:
            self.languages.add("ja" if result.language == "ja" else "en")
        in_file = not result.path.lower().endswith(EXTRACTED_SUFFIXES)
        for finding in result.findings:
            self.results.append(self._result(finding, artifact["location"]["uri"], index, in_file))

    def _rule(self, finding: Finding) -> int:
        if finding.rule not in self.rule_index:  # a rule the descriptors did not list
            self.rule_index[finding.rule] = len(self.rules)
            self.rules.append({"id": finding.rule, "category": finding.category,
                               "short": finding.rule, "full": "", "help": ""})
        return self.rule_index[finding.rule]

    def _result(self, finding: Finding, uri: str, artifact_index: int,
                in_file: bool = False) -> dict[str, Any]:
        location = finding.location
        region = _region(location, in_file)
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
        properties["offsets"] = {"start": location.start, "end": location.end}
        if finding.suggestion_clause:
            properties["suggestion"] = {"clause": finding.suggestion_clause,
                                        "text": finding.suggestion_text,
                                        "note": finding.suggestion_note}
        entry: dict[str, Any] = {
            "ruleId": finding.rule,
            "ruleIndex": self._rule(finding),
            "level": LEVELS[finding.severity],
            "message": {"text": finding.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": uri, "index": artifact_index},
                "region": region,
            }}],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint_of(finding)},
            "properties": properties,
        }
        if location.article:
            entry["locations"][0]["logicalLocations"] = [{"name": location.article,
                                                          "kind": "section"}]
        if self.baseline:
            entry["baselineState"] = "unchanged" if finding.baselined else "new"
        return entry

    def _descriptors(self) -> list[dict[str, str]]:
        """The rule list in the documents' language: kept in ``self.rules`` order, so
        every ``ruleIndex`` already given stays right."""
        chosen = sorted(self.languages) if self.languages else ["en"]
        lists = [self.by_language[lang] for lang in chosen if lang in self.by_language]
        if not lists:
            return self.rules
        by_id = [{rule["id"]: rule for rule in rules} for rules in lists]
        merged = []
        for rule in self.rules:
            versions = [table[rule["id"]] for table in by_id if rule["id"] in table] or [rule]
            merged.append(_side_by_side(versions) if len(versions) > 1 else versions[0])
        return merged

    def log(self) -> dict[str, Any]:
        driver_rules = []
        for rule in self._descriptors():
            entry: dict[str, Any] = {
                "id": rule["id"],
                "name": _rule_name(rule["id"]),
                "shortDescription": {"text": rule.get("short") or rule["id"]},
                "properties": {"category": rule.get("category"),
                               "tags": ["contract", rule.get("category") or "kyoso"]},
            }
            if rule.get("full"):
                entry["fullDescription"] = {"text": rule["full"]}
            if rule.get("help"):
                entry["help"] = {"text": rule["help"]}
                if rule.get("help_markdown"):
                    entry["help"]["markdown"] = rule["help_markdown"]
            if rule.get("severity") in LEVELS:
                entry["defaultConfiguration"] = {"level": LEVELS[rule["severity"]]}
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
                "properties": {"offsets": "text and Markdown: lines and columns of the file; "
                                          "DOCX and PDF: one line per paragraph, characters "
                                          "of the extracted text"},
            }],
        }

    def close(self) -> None:
        self.emit(json.dumps(self.log(), ensure_ascii=False, indent=2) + "\n")


def _region(location: Any, in_file: bool) -> dict[str, Any]:
    """Lines and columns (see the module docstring); character offsets only where they
    mean the same text as the lines (the extracted text of a DOCX or PDF)."""
    region: dict[str, Any] = {}
    if not in_file:
        region["charOffset"] = location.start
        region["charLength"] = max(0, location.end - location.start)
    line = getattr(location, "line", None)
    if line:
        region["startLine"] = line
        column = getattr(location, "column", None)
        end_line = getattr(location, "end_line", None)
        end_column = getattr(location, "end_column", None)
        if column:
            region["startColumn"] = column
        if end_line and end_line >= line:
            region["endLine"] = end_line
            if end_column and (end_line > line or not column or end_column >= column):
                region["endColumn"] = end_column
    if not region:  # a text file location without a line: the whole file
        region = {"startLine": 1}
    return region


def _rule_name(rule_id: str) -> str:
    """SARIF rule names are identifiers: "non-compete/restraint" -> "NonCompeteRestraint"."""
    return "".join(part.capitalize() for part in rule_id.replace("/", "-").split("-") if part)


def _side_by_side(versions: list[dict[str, str]]) -> dict[str, str]:
    """One descriptor from the Japanese and the English one (a batch of both)."""
    joined = dict(versions[0])
    for key, separator in (("short", " / "), ("full", "\n\n"), ("help", "\n\n---\n\n"),
                           ("help_markdown", "\n\n---\n\n")):
        parts = [version.get(key) for version in versions if version.get(key)]
        joined[key] = separator.join(dict.fromkeys(parts))
    return joined
