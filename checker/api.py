"""The checker's library entry points: check one document, or a batch.

``check_document`` runs one input through read → language → segment → parties →
rules → finishing touches (party names, --party, suggested wording, hash) and never
raises for a bad file: the error becomes ``DocumentResult.error``, so one broken file
cannot stop a batch. ``run_check`` is ``kyoso check``: validate every option and
output path first, load config and rules once, stream results to the writer, and
return the exit code (0 clean, 1 findings at or above --fail-on, 2 bad input/option).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

from ..core.errors import KyosoError, OutputError
from ..core.files import check_target
from .model import SEVERITIES, DocumentResult, Finding, Location, Party, SourceText, severity_rank
from .verdict import worst_rank

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMATS = ("text", "json", "jsonl", "sarif", "codequality")


class OptionsError(KyosoError):
    """A combination of ``kyoso check`` options that cannot work."""

    code = "usage"


@dataclass
class CheckOptions:
    """The options of ``kyoso check`` (cli.py passes its options here by name)."""

    party: str | None = None
    lang: str = "auto"  # auto | en | ja
    fmt: str = "text"  # text | json | jsonl | sarif | codequality
    annotate: Path | None = None
    redline: Path | None = None  # redline_run.py
    fail_on: str | None = None  # None: the config's fail_on, else "high"
    config_path: Path | None = None
    jobs: int | None = None
    since: Path | None = None
    dask_address: str | None = None
    output: Path | None = None
    force: bool = False
    baseline: Path | None = None  # findings recorded there are reported but not counted
    write_baseline: Path | None = None  # record this run's findings (baseline.py)


@dataclass
class LineLocation(Location):
    """A Location that also knows its 1-based line and column (SARIF, Code Quality): in
    the file for text and Markdown, by paragraph otherwise (see positions.py)."""

    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None


# --- one document ---------------------------------------------------------------------


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _ref_fields(ref: Any) -> tuple[str, bytes | None, Any]:
    """(path, data, error) of an InputRef, a path string, or a Path."""
    if isinstance(ref, (str, Path)):
        return str(ref), None, None
    return str(ref.path), getattr(ref, "data", None), getattr(ref, "error", None)


def _error_dict(error: Any) -> dict[str, str]:
    if isinstance(error, dict):
        return {"code": str(error.get("code", "input")), "message": str(error.get("message", ""))}
    if isinstance(error, BaseException):
        return {"code": getattr(error, "code", "input"), "message": str(error)}
    return {"code": "input", "message": str(error)}


def _stderr_warning(message: str) -> None:
    print(f"kyoso: warning: {message}", file=sys.stderr)


def check_document(ref: Any, ruleset: Any, options: CheckOptions | None = None,
                   warn: Callable[[str], None] = _stderr_warning) -> DocumentResult:
    """Check one input (an ``InputRef``, or a path) and return its result; never raises
    for a bad file. ``warn`` receives non-fatal notes (e.g. --party matched no party)."""
    return check_document_with_source(ref, ruleset, options, warn)[0]


def check_document_with_source(ref: Any, ruleset: Any, options: CheckOptions | None = None,
                               warn: Callable[[str], None] = _stderr_warning
                               ) -> tuple[DocumentResult, SourceText | None, bytes | None]:
    """Like ``check_document``, also returning the extracted text and the input bytes
    (``--annotate`` needs the blocks and the original DOCX)."""
    from .readers import read_document

    options = options or CheckOptions()
    path, data, error = _ref_fields(ref)
    if path == "-" and data is None and error is None:  # a library caller passed "-" itself
        from .inputs import expand_paths

        path, data, error = _ref_fields(expand_paths(["-"])[0])
    if error is not None:
        return DocumentResult(path=path, error=_error_dict(error)), None, None
    try:
        source = read_document(path, data=data)
        if data is None:
            digest = file_sha256(path)
        else:
            digest = hashlib.sha256(data).hexdigest()
    except KyosoError as failure:
        return DocumentResult(path=path, error=_error_dict(failure)), None, None
    except OSError as failure:  # vanished or unreadable between listing and reading
        message = f"{path}: cannot read ({failure.strerror or failure})"
        return DocumentResult(path=path, error={"code": "input", "message": message}), None, None
    result = analyse(source, ruleset, options, warn)
    result.sha256 = digest
    return result, source, data


def analyse(source: SourceText, ruleset: Any, options: CheckOptions,
            warn: Callable[[str], None] = _stderr_warning) -> DocumentResult:
    """Language → segment → parties → rules → finished findings, for text already read."""
    from .definitions import settle_defined_classes
    from .marks import apply_marks
    from .normalise import fold_source, restore_excerpts
    from .parties import find_parties, resolve_party
    from .structure import segment

    from .readers.base import detect_language

    for note in source.warnings:
        warn(f"{source.path}: {note}")
    language = options.lang if options.lang in ("en", "ja") else (
        source.language or detect_language(source.text))
    source.language = language
    # Rules, parties and numbering read full-width Ｘ社/１２ as X社/12; offsets are unchanged,
    # so findings still point into the text as read (checker/normalise.py).
    matched = fold_source(source)
    parties = list(find_parties(matched.text, language))
    marked = apply_marks(source, parties, language, warn)  # kyoso's own drafts: roles, memo
    parties = marked.parties
    user = None
    if options.party and not marked.is_memo:  # the memo is not checked: nothing to mark
        user = resolve_party(parties, options.party)
        if user is None:
            found = ", ".join(_party_label(p) for p in parties) or "none"
            warn(f"{source.path}: --party {options.party!r} matches no party in the document "
                 f"(found: {found}); findings are not marked for or against you")
        else:
            user.user = True
    result = DocumentResult(path=source.path, language=language, parties=parties,
                            marks=marked.marks, note=marked.note)
    if marked.is_memo:
        return result  # a working paper, listed with its note and no findings
    structure = segment(matched)
    findings = ruleset.check(matched, structure, parties, language)
    settle_defined_classes(findings, matched.text, structure, ruleset, language)  # 「類似製品」とは…
    restore_excerpts(findings, source.text, matched.text)
    from .baseline import passage_fingerprint
    from .positions import position_finder

    position = position_finder(source)
    finished = [_finish(finding, parties, user, language, position) for finding in findings]
    for finding in finished:  # the passage as written (the baseline matches what users see)
        finding.fingerprint = passage_fingerprint(
            finding.rule, source.text[finding.location.start:finding.location.end])
    finished.sort(key=lambda f: (f.location.start, -severity_rank(f.severity), f.rule))
    result.findings = finished
    return result


def _party_label(party: Party) -> str:
    return f"{party.name} ({party.alias})" if party.alias else party.name


def _favoured_party(parties: list[Party], favours: str | None) -> Party | None:
    """The engine may name a party by name, alias (甲, "Licensee") or role (startup)."""
    from .parties import resolve_party

    if not favours:
        return None
    party = resolve_party(parties, favours)
    if party is None:
        by_role = [p for p in parties if p.role == favours]
        party = by_role[0] if len(by_role) == 1 else None
    return party


def _finish(finding: Finding, parties: list[Party], user: Party | None, language: str,
            position: Callable[[int], tuple[int, int]]) -> Finding:
    favoured = _favoured_party(parties, finding.favours)
    if favoured is not None:
        finding.favours = favoured.name
    if user is not None and favoured is not None:
        finding.against_user = favoured.name != user.name
    if finding.suggestion_clause and not finding.suggestion_text:
        wording = suggestion_text(finding.suggestion_clause, language)
        if wording:
            finding.suggestion_note, finding.suggestion_text = _as_in_document(
                wording, language, parties, user)
    location = finding.location
    line, column = position(location.start)
    end_line, end_column = position(location.end)
    finding.location = LineLocation(location.article, location.paragraph, location.start,
                                    location.end, line=line, column=column,
                                    end_line=end_line, end_column=end_column)
    return finding


# The model clauses call the startup 甲 and the business company 乙 (the METI/JPO
# convention); English uses "the Startup" and "the Company", which explain themselves.
_MODEL_ROLES = {
    "ja": "モデル条項では甲がスタートアップ、乙が事業会社です。条番号はモデル契約のものです。",
    "ja-swapped": "この契約の呼び方に合わせ、乙をスタートアップ、甲を事業会社としています。"
                  "条番号はモデル契約のものです。",
    "en": "In the model clause the Startup is the startup and the Company the business company; "
          "article numbers are the model contract's.",
}


def _as_in_document(wording: str, language: str, parties: list[Party],
                    user: Party | None) -> tuple[str, str]:
    """A note saying who is who, and the model wording. In Japanese, when this contract
    calls the startup 乙 (by its own words, or because the user named 乙 with --party),
    甲 and 乙 are swapped so the proposal can be pasted in as it stands."""
    if language != "ja":
        return _MODEL_ROLES["en"], wording
    startup = next((p for p in parties if p.role == "startup"), None) or user
    business = next((p for p in parties if p.role == "business"), None)
    if (startup is not None and startup.alias == "乙") or (
            startup is None and business is not None and business.alias == "甲"):
        swapped = wording.translate(str.maketrans("甲乙", "乙甲"))
        return _MODEL_ROLES["ja-swapped"], swapped
    return _MODEL_ROLES["ja"], wording


@lru_cache(maxsize=512)
def suggestion_text(clause_ref: str, language: str) -> str | None:
    """The model wording for a clause in ``language``, rendered once per run and kept in
    the clause cache (rendering the model contract for one article cost a cold check
    a tenth of a second); any edit to the library, templates or renderer changes the key."""
    from ..clauses import cache

    disk_key = cache.key(f"{clause_ref}\0{language}".encode(), cache.library_hash().encode())
    stored = cache.get(disk_key, kind="suggestion")
    if isinstance(stored, str):
        return stored
    from ..clauses.render import render_clause

    try:
        text = render_clause(clause_ref, language)
    except KyosoError:  # a rule naming a missing clause is caught by the rule meta-tests
        return None
    cache.put(disk_key, text, kind="suggestion")
    return text


def default_ruleset(config_path: Path | None = None) -> Any:
    """The rule set ``kyoso check`` would use with ``--config config_path`` (or none),
    for library callers such as ``kyoso compare`` that check documents one by one."""
    from .config import load_config
    from .engine import RuleSet

    return RuleSet.load(load_config(config_path))


# --- a batch --------------------------------------------------------------------------


def run_check(paths: list[str], options: CheckOptions) -> int:
    """``kyoso check``: returns the exit code. Raises KyosoError for bad options/config."""
    from .config import load_config

    config = load_config(options.config_path)
    options = dataclasses.replace(
        options,
        party=options.party or config["party"],
        fail_on=options.fail_on or config["fail_on"] or "high",
    )
    _validate(paths, options)
    earlier = _load_since(options)
    from .baseline import BaselineRun

    baselines = BaselineRun.start(options, paths)  # reads --baseline before any work
    from .engine import RuleSet

    ruleset = RuleSet.load(config)
    _check_rule_keys(config, ruleset, options.config_path)
    from .scorer import check_models

    check_models()  # a missing or damaged model: one error before any file is read
    from .report.progress import Progress
    from .report.sink import Sink, same_file
    from .report.summary import Summary

    progress = Progress(0)
    summary = Summary(list(ruleset.categories)) if options.fmt == "text" else None
    sink = Sink(options.output, force=options.force, inputs=paths,
                append=same_file(options.output, options.since))
    sink.before_terminal_write = progress.clear
    worst, unreadable, written = -1, [], 0
    late_errors: list[str] = []  # outputs that failed after the report was written (--redline)
    try:
        writer = _writer(options, sink, ruleset)
        for result in _results(paths, options, ruleset, config, earlier, progress, late_errors):
            if baselines is not None:
                baselines.apply(result)
            writer.document(result)
            written += 1
            if summary is not None:
                summary.add(result)
            if result.error is not None:
                unreadable.append(result.error.get("message") or result.path)
            worst = worst_rank(result.findings, worst)  # verdict.py: --party's own favour does not fail
        progress.close()
        if summary is not None and summary.files + (earlier.skipped if earlier else 0) > 1:
            summary.skipped = earlier.skipped if earlier else 0
            sink.emit(summary.render())
        writer.close()
        sink.finish()
    except KeyboardInterrupt:
        progress.close()
        if options.fmt == "jsonl" and options.output is not None:  # keep what is finished
            sink.finish()
            print(f"kyoso: interrupted; {written} finished document(s) are in {options.output} "
                  f"(resume with --since {options.output} -o {options.output})", file=sys.stderr)
            return 130
        sink.abort()
        raise
    except BaseException:
        progress.close()
        sink.abort()
        raise
    if baselines is not None:
        baselines.finish(unreadable)
    if earlier is not None:
        worst = max(worst, earlier.worst)
    for error in late_errors:
        print(f"kyoso: error: {error}", file=sys.stderr)
    if late_errors:
        return EXIT_ERROR
    if unreadable:  # the report has an entry for each; stderr gets the one line a shell shows
        others = len(unreadable) - 1
        more = f" (and {others} more {'file' if others == 1 else 'files'} could not be checked)" if others else ""
        print(f"kyoso: error: {unreadable[0]}{more}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_FINDINGS if worst >= severity_rank(options.fail_on) else EXIT_OK


def _load_since(options: CheckOptions):
    """Read --since before any work, and note how the run will write (see resume.py)."""
    if options.since is None:
        return None
    from .resume import load_since

    return load_since(options.since)


def _validate(paths: list[str], options: CheckOptions) -> None:
    if options.fmt not in FORMATS:
        raise OptionsError(f"--format {options.fmt!r}: expected one of {', '.join(FORMATS)}")
    if options.fail_on not in SEVERITIES:
        raise OptionsError(f"--fail-on {options.fail_on!r}: expected one of {', '.join(SEVERITIES)}")
    if options.lang not in ("auto", "en", "ja"):
        raise OptionsError(f"--lang {options.lang!r}: expected auto, en or ja")
    if not paths:
        raise OptionsError("no input: give one or more files or folders, or - for stdin")
    if options.annotate is not None:
        if len(paths) != 1 or paths[0] == "-" or Path(paths[0]).suffix.lower() != ".docx" \
                or Path(paths[0]).is_dir():
            raise OptionsError("--annotate needs exactly one .docx input file")
        if Path(options.annotate).suffix.lower() != ".docx":
            raise OptionsError(f"--annotate {options.annotate}: the copy must end in .docx")
        check_target(options.annotate, force=options.force, inputs=paths)
    _validate_batch(options)
    from .redline_run import validate_redline

    validate_redline(paths, options)
    if options.output is not None and not _appends(options):
        check_target(options.output, force=options.force, inputs=paths)
        # realpath, not Path.resolve(): before Python 3.13 resolve() raises on a symlink loop
        if options.annotate is not None and \
                os.path.realpath(options.output) == os.path.realpath(options.annotate):
            raise OutputError(f"{options.output}: --output and --annotate name the same file")


def _check_rule_keys(config: dict, ruleset: Any, source: Path | None) -> None:
    from .config import unknown_rule_keys

    rules = list(getattr(ruleset, "rules", None) or [])
    if not rules or not config["rules"]:
        return
    ids = [getattr(rule, "id", None) for rule in rules]
    categories = [getattr(rule, "category", None) for rule in rules]
    unknown = unknown_rule_keys(config, filter(None, ids), filter(None, categories))
    if unknown:
        from ..core.errors import ConfigError

        raise ConfigError(f"{source}: rules: unknown rule or category {unknown[0]!r} "
                          f"(see 'kyoso rules list')")


def _appends(options: CheckOptions) -> bool:
    from .report.sink import same_file

    return same_file(options.output, options.since)


def _validate_batch(options: CheckOptions) -> None:
    if options.annotate is not None and (options.since is not None or options.dask_address):
        raise OptionsError("--annotate checks one file here: it cannot be combined with "
                           "--since or --dask")
    if _appends(options) and options.fmt != "jsonl":
        raise OptionsError(f"-o {options.output} is the --since file: only --format jsonl "
                           f"can add to it (or write the new report to another file)")


def _results(paths: list[str], options: CheckOptions, ruleset: Any, config: dict,
             earlier: Any = None, progress: Any = None,
             late_errors: list[str] | None = None) -> Iterable[DocumentResult]:
    from .inputs import expand_paths

    refs = expand_paths(paths)
    if options.annotate is None and options.redline is None:
        from .batch import print_notes, run_batch

        if earlier is not None:
            refs = earlier.remaining(refs)
            if earlier.skipped:
                print(f"kyoso: skipped {earlier.skipped} document(s) already checked in "
                      f"{options.since}", file=sys.stderr)
        if progress is not None:
            progress.total = len(refs)
        for result, notes in run_batch(refs, options, ruleset, config):
            if notes and progress is not None:
                progress.clear()
            print_notes(notes)
            yield result
            if progress is not None:
                progress.advance(failed=result.error is not None)
        return
    from .report.annotate import annotate_docx

    for ref in refs:  # validated above: exactly one file (a DOCX for --annotate)
        result, source, data = check_document_with_source(ref, ruleset, options)
        if source is not None and data is None and source.format == "docx":
            data = Path(source.path).read_bytes()
        if source is not None and options.redline is not None:
            from .redline_run import write_redline

            error = write_redline(result, source, data, options, paths)
            if error and late_errors is not None:
                late_errors.append(error)
        if source is not None and options.annotate is not None:
            written, comments, skipped = annotate_docx(
                data, source.blocks, result.findings, result.language, options.annotate,
                force=options.force, inputs=tuple(paths))
            note = f"wrote {written} ({comments} comment(s)"
            note += f"; {skipped} finding(s) outside the body not anchored)" if skipped else ")"
            print(f"kyoso: {note}", file=sys.stderr)
        yield result


# --- output ---------------------------------------------------------------------------


def _writer(options: CheckOptions, sink: Any, ruleset: Any):
    from .report import json_report, sarif, text

    if options.fmt == "json":
        return json_report.JsonReport(sink.emit)
    if options.fmt == "jsonl":
        return json_report.JsonLinesReport(sink.emit)
    if options.fmt == "sarif":
        from .report.rule_help import descriptors

        rules = descriptors(ruleset) if getattr(ruleset, "rules", None) else rule_descriptors(ruleset)
        in_use = options.baseline is not None or options.write_baseline is not None
        return sarif.SarifReport(sink.emit, rules, baseline=in_use)
    if options.fmt == "codequality":
        from .report.codequality import CodeQualityReport

        return CodeQualityReport(sink.emit)
    colour = sink.is_terminal and not os.environ.get("NO_COLOR")
    return text.TextReport(sink.emit, colour=colour, user_party=options.party)


def rule_descriptors(ruleset: Any, language: str = "en") -> list[dict[str, str]]:
    """SARIF driver rules from the loaded rule set: id, category, descriptions, help."""
    describe = getattr(ruleset, "describe", None)
    if callable(describe):
        return list(describe(language))
    descriptors = []
    for rule in getattr(ruleset, "rules", None) or []:
        rule_id = getattr(rule, "id", None)
        if not rule_id:
            continue
        short = _text(getattr(rule, "title", None) or getattr(rule, "message", None), language)
        full = _text(getattr(rule, "description", None) or getattr(rule, "rationale", None), language)
        clause = getattr(rule, "suggestion", None) or getattr(rule, "suggestion_clause", None)
        clause = getattr(clause, "clause", clause)
        help_text = ""
        if isinstance(clause, str):
            help_text = f"Suggested model clause: {clause}"
            wording = suggestion_text(clause, language)
            if wording:
                help_text += "\n" + wording
        descriptors.append({"id": rule_id, "category": getattr(rule, "category", ""),
                            "short": short or rule_id, "full": full, "help": help_text})
    return descriptors


def _text(value: Any, language: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    get = getattr(value, "get", None)
    if callable(get):
        try:
            return str(get(language) or "")
        except TypeError:
            return ""
    return str(value)
