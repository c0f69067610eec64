"""Baselines: accept the findings a repository already has, so only new ones fail.

``kyoso check … --write-baseline kyoso-baseline.json`` records every finding of the
run; ``kyoso check … --baseline kyoso-baseline.json`` marks the findings recorded
there as ``baselined``: they are still reported (text, JSON, SARIF
``baselineState``), but they do not count for the exit code.

A finding is matched by its document, its rule and a fingerprint of its passage,
never by its position: the passage is normalised (NFKC, whitespace folded, article
numbers, numbering labels and cross-references stripped), so renumbering articles,
moving a clause or re-wrapping a line keeps the match, while any edit to the wording
of the passage makes it a new finding. The same fingerprint goes into SARIF
``partialFingerprints`` and the GitLab Code Quality ``fingerprint``, so code-review
tools track a finding across runs the same way.

Documents are named by their path relative to the baseline file's folder (keep
the baseline at the repository root and run kyoso from anywhere in it). Each
recorded entry absorbs one finding, so a clause pasted a second time is new.

The file is JSON, sorted, one entry per finding, with the excerpt so a reviewer can
read in a diff what was accepted::

    {"kyoso_baseline": 1,
     "findings": [{"path": "contracts/jda.docx", "rule": "non-compete/restraint",
                   "fingerprint": "3f…", "severity": "high", "excerpt": "…"}]}
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections import Counter
from pathlib import Path, PurePath
from typing import Any, Iterable

from . import regex_code
from ..core import limits
from ..core.errors import InputError
from ..core.files import check_target, read_regular_file, write_atomic
from .model import DocumentResult, Finding

FORMAT_KEY = "kyoso_baseline"
FORMAT_VERSION = 1
FINGERPRINT_KEY = "kyosoPassage/v1"  # the SARIF partialFingerprints key; bump if normalising changes
_FINGERPRINT = regex_code.compile(r"[0-9a-f]{32}")

# --- the passage fingerprint --------------------------------------------------------------

_NUMBER = r"[0-9〇一二三四五六七八九十百千]+"
# 第3条, 第2項, 第1号, 第4章, 第3条の2: structure, renumbered when an article is added
_JA_REFERENCE = regex_code.compile(rf"第\s*{_NUMBER}\s*([条項号章節款])(?:\s*の\s*{_NUMBER})?")
# Article 7.2(a), Sections 3 and 4, Clause 12, § 5: the word stays, the numbers go
_EN_NUMBERS = r"\d+(?:\.\d+)*\.?(?:\s*\([0-9a-z]{1,4}\))*"
_EN_REFERENCE = regex_code.compile(
    rf"\b(articles?|sections?|clauses?|paragraphs?|schedules?|annex(?:es)?|appendi(?:x|ces)"
    rf"|exhibits?|art\.|sec\.|§)\s*{_EN_NUMBERS}"
    rf"(?:\s*(?:,|and|or|to|through|-|–)\s*{_EN_NUMBERS})*", re.IGNORECASE)
# A numbering label at the start of a line: "7.2", "7.", "(a)", "a)", "(iv)", "一、",
# "2 乙は…" (a Japanese paragraph number), "#", "-", "・"
_LABEL = regex_code.compile(
    r"^[ \t]*(?:#{1,6}[ \t]|[-*・•][ \t]|\d+(?:\.\d+)+\.?|\d+\.(?!\d)|\(\s*[0-9a-z]{1,4}\s*\)"
    r"|[0-9a-z]{1,3}\)|[ivx]{1,5}\.|[一二三四五六七八九十]+[、.]|\d{1,3}[ \t]+(?=[^\x00-\x7f]))[ \t]*",
    re.IGNORECASE | re.MULTILINE)
_SPACE = regex_code.compile(r"\s+")
# A space next to Japanese is an artefact (a PDF line break, a re-wrap), not wording.
_SPACE_BY_WIDE = regex_code.compile(r" (?=[^\x00-\x7f])|(?<=[^\x00-\x7f]) ")


def normalise_passage(text: str) -> str:
    """The wording of a passage without what renumbering or re-wrapping changes."""
    text = unicodedata.normalize("NFKC", text)
    text = _JA_REFERENCE.sub(r"第\1", text)
    text = _EN_REFERENCE.sub(lambda match: match.group(1).lower(), text)
    previous = None
    while previous != text:  # "7.2 (a) The Startup…": one label after another
        previous, text = text, _LABEL.sub("", text)
    text = _SPACE.sub(" ", text).strip()
    return _SPACE_BY_WIDE.sub("", text)


def passage_fingerprint(rule: str, passage: str) -> str:
    """32 hex digits for (rule, normalised passage): equal passages, equal prints."""
    digest = hashlib.sha256(f"{rule}\n{normalise_passage(passage)}".encode("utf-8"))
    return digest.hexdigest()[:32]


def fingerprint_of(finding: Finding) -> str:
    """The finding's passage fingerprint (set by the checker; from the excerpt otherwise)."""
    return getattr(finding, "fingerprint", None) or passage_fingerprint(finding.rule, finding.excerpt)


# --- documents ---------------------------------------------------------------------------


def document_key(path: str, folder: str | Path) -> str:
    """``path`` relative to the baseline's folder, with forward slashes (stdin stays "-")."""
    if path == "-":
        return "-"
    try:
        relative = os.path.relpath(os.path.abspath(path), os.path.abspath(folder))
    except ValueError:  # another drive on Windows
        relative = os.path.abspath(path)
    return PurePath(relative).as_posix()


class BaselineError(InputError):
    """A baseline file that is not one kyoso wrote (or was edited into nonsense)."""

    code = "baseline"


class Baseline:
    """The recorded findings; ``mark`` flags the findings of a result found in it."""

    def __init__(self, entries: Iterable[tuple[str, str, str]], folder: str | Path):
        self.remaining = Counter(entries)
        self.folder = folder

    @classmethod
    def load(cls, path: str | Path) -> "Baseline":
        label = f"--baseline {path}"
        data = read_regular_file(path, limits.MAX_BASELINE_BYTES, BaselineError, label=label)
        return cls(parse_baseline(data, label), Path(path).parent)

    def mark(self, result: DocumentResult) -> int:
        """Set ``baselined`` on each finding still recorded; return how many."""
        key = document_key(result.path, self.folder)
        marked = 0
        for finding in result.findings:
            entry = (key, finding.rule, fingerprint_of(finding))
            if self.remaining[entry] > 0:
                self.remaining[entry] -= 1
                finding.baselined = True
                marked += 1
        return marked


def parse_baseline(data: bytes, label: str) -> list[tuple[str, str, str]]:
    """(path, rule, fingerprint) per recorded finding; one BaselineError otherwise."""
    try:
        document = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise BaselineError(f"{label}: is not UTF-8 text; not a kyoso baseline") from None
    except RecursionError:
        raise BaselineError(f"{label}: nested too deeply; not a kyoso baseline") from None
    except ValueError as error:
        raise BaselineError(f"{label}: is not valid JSON ({error})") from None
    if not isinstance(document, dict) or FORMAT_KEY not in document:
        raise BaselineError(f"{label}: not a kyoso baseline (write one with --write-baseline)")
    if document[FORMAT_KEY] != FORMAT_VERSION:
        raise BaselineError(f"{label}: baseline format {document[FORMAT_KEY]!r} is not "
                            f"supported (expected {FORMAT_VERSION}); write it again with "
                            f"--write-baseline")
    findings = document.get("findings")
    if not isinstance(findings, list):
        raise BaselineError(f"{label}: 'findings' must be a list")
    entries = []
    for number, entry in enumerate(findings, start=1):
        if not isinstance(entry, dict):
            raise BaselineError(f"{label}: findings entry {number} is not an object")
        values = [entry.get(key) for key in ("path", "rule", "fingerprint")]
        for key, value in zip(("path", "rule", "fingerprint"), values):
            if not isinstance(value, str) or not value or len(value) > limits.MAX_BASELINE_FIELD_CHARS:
                raise BaselineError(f"{label}: findings entry {number}: '{key}' must be a "
                                    f"non-empty string")
        if not _FINGERPRINT.fullmatch(values[2]):
            raise BaselineError(f"{label}: findings entry {number}: 'fingerprint' must be "
                                f"32 hexadecimal digits")
        entries.append(tuple(values))
    return entries


# --- writing -------------------------------------------------------------------------------


class BaselineWriter:
    """Collects every finding of a run; ``write`` saves them (never over a file without
    --force, through a temp file and a rename, like every output)."""

    def __init__(self, target: str | Path, *, force: bool = False, inputs: Iterable[str] = ()):
        self.inputs = tuple(inputs)
        self.target = check_target(target, force=force, inputs=self.inputs)
        self.force = force
        self.entries: list[dict[str, Any]] = []

    def add(self, result: DocumentResult) -> None:
        key = document_key(result.path, self.target.parent)
        for finding in result.findings:
            self.entries.append({"path": key, "rule": finding.rule,
                                 "fingerprint": fingerprint_of(finding),
                                 "severity": finding.severity, "excerpt": finding.excerpt})

    def write(self) -> Path:
        entries = sorted(self.entries, key=lambda e: (e["path"], e["rule"], e["fingerprint"]))
        text = json.dumps({FORMAT_KEY: FORMAT_VERSION, "findings": entries},
                          ensure_ascii=False, indent=1) + "\n"
        return write_atomic(self.target, text.encode("utf-8"), force=self.force,
                            inputs=self.inputs)


# --- one kyoso check run ---------------------------------------------------------------------


class BaselineRun:
    """What ``kyoso check`` does with --baseline and --write-baseline (api.run_check).

    --write-baseline records every finding of the run and marks them all baselined:
    once recorded they are accepted, so that run exits 0 unless a file could not be
    read; then nothing is written, since a baseline missing a file's findings would
    let them fail later as if they were new.
    """

    def __init__(self, baseline: Baseline | None, writer: BaselineWriter | None):
        self.baseline, self.writer = baseline, writer

    @classmethod
    def start(cls, options: Any, paths: Iterable[str]) -> "BaselineRun | None":
        if options.baseline is None and options.write_baseline is None:
            return None
        from .api import OptionsError

        if options.write_baseline is not None and options.since is not None:
            raise OptionsError("--write-baseline records a whole run: it cannot be combined "
                               "with --since (documents skipped would be left out)")
        if options.write_baseline is not None and options.output is not None \
                and os.path.realpath(options.write_baseline) == os.path.realpath(options.output):
            raise OptionsError(f"--write-baseline {options.write_baseline} and -o name the same file")
        baseline = Baseline.load(options.baseline) if options.baseline is not None else None
        writer = None
        if options.write_baseline is not None:
            writer = BaselineWriter(options.write_baseline, force=options.force, inputs=paths)
        return cls(baseline, writer)

    def apply(self, result: DocumentResult) -> None:
        if self.baseline is not None:
            self.baseline.mark(result)
        if self.writer is not None:
            self.writer.add(result)
            for finding in result.findings:
                finding.baselined = True

    def finish(self, unreadable: list[str]) -> None:
        import sys

        if self.writer is None:
            return
        if unreadable:
            print(f"kyoso: baseline {self.writer.target} not written: "
                  f"{len(unreadable)} file(s) could not be checked", file=sys.stderr)
            return
        written = self.writer.write()
        count = len(self.writer.entries)
        print(f"kyoso: wrote baseline {written} ({count} finding{'' if count == 1 else 's'})",
              file=sys.stderr)
