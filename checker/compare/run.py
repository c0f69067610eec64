"""``kyoso compare``: check every option first, compare each contract, write one report.

Exit codes: 0 compared (deviations are reported, not failures); 1 an article the
library marks ``essential`` is missing from a contract; 2 a bad option, contract id,
input or output path (one line on stderr; nothing is written).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...core.errors import InputError, KyosoError
from ...core.files import check_target, write_atomic

EXIT_OK, EXIT_MISSING, EXIT_ERROR = 0, 1, 2
FORMATS = ("text", "markdown", "json")
_SUFFIX_FORMATS = {".md": "markdown", ".markdown": "markdown", ".json": "json"}


class CompareOptionsError(KyosoError):
    code = "usage"


@dataclass
class CompareOptions:
    against: str  # a library contract id
    lang: str | None = None  # report language ja | en; None: each contract's own
    fmt: str | None = None  # text | markdown | json; None: from the -o suffix, else text
    output: Path | None = None
    force: bool = False
    party: str | None = None  # your side, the startup (name or alias)
    config_path: Path | None = None


def report_format(options: CompareOptions) -> str:
    from_suffix = _SUFFIX_FORMATS.get(Path(options.output).suffix.lower()) if options.output else None
    fmt = options.fmt or from_suffix or "text"
    if fmt not in FORMATS:
        raise CompareOptionsError(f"--format {fmt!r}: expected one of {', '.join(FORMATS)}")
    if options.fmt and from_suffix and from_suffix != options.fmt:
        raise CompareOptionsError(f"{options.output}: the suffix says {from_suffix} but --format is {fmt}")
    return fmt


def compare_paths(paths: list[str], options: CompareOptions) -> tuple[list[Any], Any]:
    """Read, check and compare each input; raises KyosoError for the first bad one."""
    from ...clauses.loader import get_contract
    from ..api import CheckOptions, check_document_with_source
    from ..inputs import expand_paths
    from .deviations import compare_source
    from .model_side import load_model

    get_contract(options.against)  # an unknown id names the known ones
    refs = expand_paths(paths)
    if not refs:
        raise InputError(f"{' '.join(paths)}: no .docx, .pdf, .txt or .md file to compare")
    for ref in refs:
        if ref.error:
            raise InputError(ref.error)
    ruleset = _ruleset(options.config_path)
    check_options = CheckOptions(party=options.party)
    comparisons = []
    for ref in refs:
        result, source, _ = check_document_with_source(ref, ruleset, check_options)
        if result.error is not None:
            raise InputError(result.error.get("message") or f"{ref.path}: cannot be read")
        model = load_model(options.against, result.language, ruleset, options.config_path)
        comparisons.append(compare_source(result.path, source, result, model, options.party))
    return comparisons, ruleset


_RULESETS: dict[tuple[str, int], Any] = {}


def _ruleset(config_path: Path | None) -> Any:
    """The rule set, loaded once per config file version: compiling the rules is most
    of a warm comparison's time, and the model's baseline is kept per rule set."""
    from ..api import default_ruleset

    stamp = 0
    if config_path is not None:
        try:
            stamp = Path(config_path).stat().st_mtime_ns
        except OSError:
            stamp = -1  # let the loader report the problem
    key = (str(config_path or ""), stamp)
    if key not in _RULESETS:
        _RULESETS.clear()
        _RULESETS[key] = default_ruleset(config_path)
    return _RULESETS[key]


def render(comparisons: list[Any], options: CompareOptions, ruleset: Any, fmt: str) -> str:
    from ...clauses.loader import load_library
    from ..api import rule_descriptors
    from . import report
    from .model_side import model_articles

    practices = load_library().practices
    parts, documents = [], []
    for comparison in comparisons:
        lang = options.lang or comparison.language
        articles = comparison.model.articles if lang == comparison.language else \
            model_articles(comparison.against, lang)
        model_text = {a.id: a.text for a in articles}
        if fmt == "json":
            documents.append(report.to_json(comparison, lang, practices, model_text))
            continue
        shown = any(a.findings for a in comparison.articles) or any(e.findings for e in comparison.extra)
        # Naming rules renders their suggested clauses: only worth it when a finding is shown.
        rule_names = {d["id"]: d["short"] for d in rule_descriptors(ruleset, lang)} if shown else {}
        parts.append(report.render_text(comparison, lang, practices, model_text, rule_names,
                                        markdown=fmt == "markdown"))
    return report.render_json(documents) if fmt == "json" else "\n".join(parts)


def run_compare(paths: list[str], options: CompareOptions) -> int:
    """``kyoso compare``: returns the exit code; raises KyosoError (exit 2) for bad input."""
    if options.lang not in (None, "ja", "en"):
        raise CompareOptionsError(f"--lang {options.lang!r}: expected ja or en")
    if not paths:
        raise CompareOptionsError("no input: give the contract to compare")
    fmt = report_format(options)
    if options.output is not None:
        check_target(options.output, force=options.force, inputs=paths)
    comparisons, ruleset = compare_paths(paths, options)
    text = render(comparisons, options, ruleset, fmt)
    if options.output is not None:
        write_atomic(options.output, text.encode("utf-8"), force=options.force, inputs=paths)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    return EXIT_MISSING if any(c.essential_missing for c in comparisons) else EXIT_OK
