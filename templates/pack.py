"""``kyoso pack``: the four contracts of a deal (NDA → PoC → joint R&D → licence) from one file.

The deal belongs to one edition of the model contracts (templates/editions.py): the
new-material edition by default, or the AI edition (NDA → PoC → joint development →
use agreement), chosen by ``--edition`` or the deal file's ``edition:``.

The deal file (see docs/pack.md) has a ``shared`` section for the facts every document
repeats (parties, technology, product), a ``dates`` section with one date per document,
a ``documents`` switch, and one section per document for its own answers. ``plan_pack``
turns it into one ``PlannedDocument`` per document that is switched on, reporting every
problem at once, each named after the document it belongs to. ``build_pack`` renders
every file in memory and lints the drafts; ``write_pack`` writes them all or nothing.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from ..clauses.model import PRESETS, Contract
from ..core.errors import AnswersError, KyosoError, OutputError
from ..core.files import open_temp_beside
from .editions import DEFAULT_EDITION, EDITIONS, EXAMPLE_DEALS, check_edition, edition_of
from .layout import PriorContract

# Document ids in signing order, with the fixed file stem each is written under. The
# numbers keep a folder listing in signing order; the stems never come from answers.
DOCUMENTS = EDITIONS[DEFAULT_EDITION]
ALL_DOCUMENTS = tuple(d for documents in EDITIONS.values() for d in documents)
FILE_STEMS = {"nda": "01-nda", "poc": "02-poc", "joint-development": "03-joint-development",
              "license": "04-license"}
MEMO_STEM = "00-cover-memo"
ZIP_NAME = "kyoso-pack.zip"
PACK_FORMATS = ("docx", "md", "both")

# The variable that holds each document's own date (``dates.<document>`` in the deal file).
# A document missing here uses its contract's first date variable, which the document
# template prints as the signing date anyway (clauses/SCHEMA.md).
OWN_DATE = {"nda": "nda_date", "poc": "poc_date", "joint-development": "signing_date",
            "license": "license_date", "ai-nda": "nda_date", "ai-poc": "poc_date",
            "ai-use": "use_date"}
# Recitals a library already writes about an earlier document (whether one exists, and
# its date). The pack fills these in instead of adding its own citation of that
# document, so each earlier document is mentioned once.
RECITALS = {
    "poc": {"nda": ("prior_nda", "nda_date")},
    "license": {"joint-development": ("prior_jda", "jda_date")},
    "ai-poc": {"ai-nda": ("prior_nda", "nda_date")},
    "ai-use": {"ai-joint-development": ("prior_jda", "jda_date")},
}
TOP_LEVEL_KEYS = ("edition", "language", "prevailing", "preset", "documents", "dates", "shared",
                  *ALL_DOCUMENTS)
LANGUAGE_MODES = ("ja", "en", "ja+en")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PROBLEM_KEY = re.compile(r"^([a-z][a-z0-9_]*)")


def file_stem(document: str) -> str:
    """The file name (without suffix) a document is written under: its place in signing order
    and its id (01-nda, 04-ai-use)."""
    if document in FILE_STEMS:
        return FILE_STEMS[document]
    return f"{EDITIONS[edition_of(document)].index(document) + 1:02d}-{document}"


def own_date_variable(document: str) -> str:
    """The variable that holds a document's own date."""
    if document in OWN_DATE:
        return OWN_DATE[document]
    from ..clauses.loader import get_contract

    dates = [v.name for v in get_contract(document).variables.values() if v.type == "date"]
    if not dates:
        raise KyosoError(f"{document}: the contract has no date variable for the pack to set")
    return dates[0]


def managed_variables(document: str) -> dict[str, str]:
    """Variables the pack sets itself, with where the user gives them instead."""
    managed = {own_date_variable(document): f"dates.{document}"}
    for earlier, (flag, date) in RECITALS.get(document, {}).items():
        managed[flag] = f"documents.{earlier}"
        managed[date] = f"dates.{earlier}"
    return managed


@dataclass
class PlannedDocument:
    id: str
    contract: Contract
    date: str
    values: dict[str, Any]
    prior_contracts: list[PriorContract]
    cited: list[str]  # ids of the earlier documents this one mentions (recital or preamble)
    preset: str | None = None


@dataclass
class PackPlan:
    documents: list[PlannedDocument]
    language: str
    prevailing: str
    source: str
    raw: dict = field(default_factory=dict)
    edition: str = DEFAULT_EDITION

    def get(self, document: str) -> PlannedDocument | None:
        return next((d for d in self.documents if d.id == document), None)


@dataclass(frozen=True)
class OutputFile:
    name: str  # a bare file name chosen by kyoso, never by an answer
    data: bytes


class PackLintError(KyosoError):
    """The drafts failed the draft lint: nothing is written."""

    code = "lint"

    def __init__(self, problems: Sequence[Any]):
        self.problems = list(problems)
        first = self.problems[0]
        if len(self.problems) == 1:
            summary = f"draft lint found a problem, nothing written: {first.document}: {first.kind}: "
            super().__init__(summary + first.message)
            return
        super().__init__(f"draft lint found {len(self.problems)} problems, nothing written; "
                         f"first: {first.document}: {first.kind}: {first.message}")


# --- the deal file -----------------------------------------------------------------------


def _kind(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number",
            type(None): "nothing"}.get(type(value), type(value).__name__)


def _mapping(raw: dict, key: str, problems: list[str]) -> dict:
    value = raw.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.append(f"{key}: expected a mapping, got {_kind(value)}")
        return {}
    return value


def _switches(raw: dict, problems: list[str], documents_: Sequence[str] = DOCUMENTS) -> list[str]:
    documents = _mapping(raw, "documents", problems)
    enabled = []
    for key, value in documents.items():
        if key not in documents_:
            problems.append(f"documents.{key}: {_unknown(key, documents_)}")
        elif not isinstance(value, bool):
            problems.append(f"documents.{key}: expected true or false, got {value!r}")
    for document in documents_:
        if documents.get(document, True) is not False:
            enabled.append(document)
    if not enabled:
        problems.append("documents: every document is switched off; switch at least one on")
    return enabled


def _unknown(key: str, documents: Sequence[str]) -> str:
    """Why a document key does not fit this pack (it may belong to the other edition)."""
    edition = edition_of(documents[0])
    if key in ALL_DOCUMENTS:
        return (f"a document of the {edition_of(key)} edition, not of the {edition} edition "
                f"(documents: {', '.join(documents)})")
    return f"unknown document (documents: {', '.join(documents)})"


def _dates(raw: dict, enabled: list[str], problems: list[str],
           documents: Sequence[str] = DOCUMENTS) -> dict[str, str]:
    given = _mapping(raw, "dates", problems)
    dates: dict[str, str] = {}
    for key in given:
        if key not in documents:
            problems.append(f"dates.{key}: {_unknown(key, documents)}")
    for document in enabled:
        value = given.get(document)
        if value is None:
            problems.append(f"dates.{document}: missing; the date of the {document} document (YYYY-MM-DD)")
        elif not isinstance(value, str) or not _DATE.match(value):
            problems.append(f"dates.{document}: expected a date YYYY-MM-DD, got {value!r}")
        else:
            try:
                _dt.date.fromisoformat(value)
                dates[document] = value
            except ValueError:
                problems.append(f"dates.{document}: {value} is not a real date")
    # Later documents cite earlier ones by date: a citation of a future date is a mistake.
    previous = None
    for document in enabled:
        if document not in dates:
            continue
        if previous and dates[document] < dates[previous]:
            problems.append(f"dates.{document}: {dates[document]} is before dates.{previous} "
                            f"({dates[previous]}); the documents are signed in the order "
                            f"{' → '.join(documents)}")
        previous = document
    return dates


def _section(raw: dict, document: str, problems: list[str]) -> dict:
    section = _mapping(raw, document, problems)
    for key in section:
        managed = managed_variables(document)
        if key in managed:
            problems.append(f"{document}.{key}: set by the pack; give it as {managed[key]}")
        elif key in ("contract", "language"):
            problems.append(f"{document}.{key}: not allowed in a pack section "
                            "(the language is set once, at the top of the file)")
    return section


def _shared(raw: dict, contracts: dict[str, Contract], problems: list[str]) -> dict:
    shared = _mapping(raw, "shared", problems)
    for key in shared:
        declaring = [d for d in contracts if key in contracts[d].variables]
        if key == "preset":
            problems.append("shared.preset: put preset at the top of the file or in a document's section")
        elif not declaring:
            problems.append(f"shared.{key}: no document of the pack asks for it")
        elif any(key in managed_variables(d) for d in declaring):
            problems.append(f"shared.{key}: set by the pack from the dates and documents sections")
    return shared


def deal_edition(raw: Any, edition: str | None = None) -> str:
    """The edition of a deal: ``edition`` (--edition) if given, else the file's, else material.

    A deal file that names one edition and a command line that asks for the other is an
    error rather than a silent choice: the sections would belong to the wrong documents.
    """
    given = raw.get("edition") if isinstance(raw, dict) else None
    if edition is not None:
        check_edition(edition)
        if given is not None and given != edition:
            raise KyosoError(f"the deal file is for the {given!r} edition but --edition {edition} "
                             "was given; drop one of them")
        return edition
    return check_edition(given) if given is not None else DEFAULT_EDITION


def plan_pack(raw: Any, source: str, edition: str | None = None) -> PackPlan:
    """Check a whole deal file and resolve every switched-on document's answers.

    Raises one ``AnswersError`` listing every problem, each prefixed with the part of
    the file it belongs to (``poc: poc_fee: missing…``, ``shared: startup.name: …``).
    ``edition`` (``--edition``) overrides the file's ``edition:`` key; they must agree.
    """
    from ..clauses.answers import resolve
    from ..clauses.loader import get_contract

    if not isinstance(raw, dict):
        raise AnswersError(source, [f"the deal file must be a mapping, got {_kind(raw)}"])
    problems: list[str] = []
    for key in raw:
        if key not in TOP_LEVEL_KEYS:
            problems.append(f"{key}: unknown key (allowed: {', '.join(TOP_LEVEL_KEYS)})")
    language = raw.get("language", "ja")
    if language not in LANGUAGE_MODES:
        problems.append(f"language: expected one of {', '.join(LANGUAGE_MODES)}, got {language!r}")
    if "preset" in raw and raw["preset"] not in PRESETS:
        problems.append(f"preset: {raw['preset']!r} is not a preset (choose one of: {', '.join(PRESETS)})")
    prevailing = raw.get("prevailing", "ja")
    if prevailing not in ("ja", "en"):
        problems.append(f"prevailing: expected ja or en, got {prevailing!r}")
    try:
        edition = deal_edition(raw, edition)
    except KyosoError as error:  # the file's edition: key, or a clash with --edition
        raise AnswersError(source, [f"edition: {error}"]) from None
    documents = EDITIONS[edition]
    for key in raw:
        if key in ALL_DOCUMENTS and key not in documents:
            problems.append(f"{key}: {_unknown(key, documents)}")
    contracts = {d: get_contract(d) for d in documents}
    enabled = _switches(raw, problems, documents)
    dates = _dates(raw, enabled, problems, documents)
    shared = _shared(raw, contracts, problems)
    sections = {d: _section(raw, d, problems) for d in enabled}

    planned: list[PlannedDocument] = []
    document_problems: dict[str, list[str]] = {}  # problem -> where it belongs, in order
    for document in enabled:
        contract, section = contracts[document], sections[document]
        answers = {k: v for k, v in shared.items() if k in contract.variables}
        if raw.get("preset") in PRESETS:
            answers["preset"] = raw["preset"]
        answers.update(section)
        own_date = dates.get(document, "2000-01-01")  # placeholder only when already reported
        answers[own_date_variable(document)] = own_date
        effective = contract.variables.get("effective_date")
        if effective is not None and effective.type == "date":
            answers.setdefault("effective_date", own_date)  # research starts on signing unless told
        cited: list[str] = []
        prior: list[PriorContract] = []
        earlier_docs = [d for d in enabled if documents.index(d) < documents.index(document)]
        recitals = RECITALS.get(document, {})
        for earlier, (flag, date_var) in recitals.items():
            answers[flag] = earlier in enabled
            # Unused when the flag is false, but the variable has no default: any valid date.
            answers[date_var] = dates.get(earlier, own_date)
        for earlier in earlier_docs:
            cited.append(earlier)
            if earlier not in recitals and earlier in dates:
                prior.append(PriorContract(contracts[earlier].title, dates[earlier]))
        try:
            values = resolve(contract, answers, f"{source} [{document}]")
        except AnswersError as error:
            for problem in error.problems:
                key = (_PROBLEM_KEY.match(problem) or [None, None])[1]
                where = "shared" if key in shared and key not in section else document
                document_problems.setdefault(problem, [])
                if where not in document_problems[problem]:
                    document_problems[problem].append(where)
            continue
        planned.append(PlannedDocument(document, contract, own_date, values, prior, cited,
                                       answers.get("preset")))
    # The same problem in several documents (a party missing from every one) is one
    # line that names them all, so the list stays as short as the fixes it needs.
    problems += [f"{', '.join(where)}: {problem}" for problem, where in document_problems.items()]
    if problems:
        raise AnswersError(source, problems)
    return PackPlan(planned, language, prevailing, source, raw, edition)


def example_deal(edition: str = DEFAULT_EDITION) -> dict:
    """The embedded example deal of an edition (clauses/examples/pack.yaml, ai-pack.yaml)."""
    from ..clauses.answers import EXAMPLES_DIR, load_answers

    return load_answers(EXAMPLES_DIR / EXAMPLE_DEALS[check_edition(edition)])


def load_deal(path: str | Path) -> dict:
    from ..clauses.answers import load_answers

    return load_answers(path)


# --- rendering -----------------------------------------------------------------------------


def _formats(fmt: str) -> list[str]:
    if fmt not in PACK_FORMATS:
        raise KyosoError(f"unknown format {fmt!r} (choose from {', '.join(PACK_FORMATS)})")
    return ["docx", "md"] if fmt == "both" else [fmt]


def lint(drafts: list[OutputFile]) -> list[Any]:
    """Run the draft lint (templates/lint.py) over the contract files; [] when clean."""
    try:
        from .lint import LintInput, lint_drafts
    except ModuleNotFoundError as error:
        if error.name and error.name.endswith("templates.lint"):
            return []  # the lint module is not part of this build
        raise
    inputs = [LintInput(f.name, f.data, f.name.rsplit(".", 1)[1]) for f in drafts]
    return list(lint_drafts(inputs))


def build_pack(plan: PackPlan, *, lang: str | None = None, fmt: str = "docx",
               zip_files: bool = False) -> list[OutputFile]:
    """Every file of the pack, rendered and linted in memory (nothing touches the disk)."""
    from .api import draft_bytes
    from .memo import memo_docx, memo_markdown

    lang = lang or plan.language
    if lang not in LANGUAGE_MODES:
        raise KyosoError(f"unknown language {lang!r} (choose from {', '.join(LANGUAGE_MODES)})")
    drafts = []
    for document in plan.documents:
        for each in _formats(fmt):
            data = draft_bytes(document.id, document.values, lang, each,
                               prior_contracts=document.prior_contracts,
                               prevailing=plan.prevailing)
            drafts.append(OutputFile(f"{file_stem(document.id)}.{each}", data))
    problems = lint(drafts)
    if problems:
        raise PackLintError(problems)
    files = [OutputFile(f"{MEMO_STEM}.docx", memo_docx(plan, lang)),
             OutputFile(f"{MEMO_STEM}.md", memo_markdown(plan, lang)), *drafts]
    if zip_files:
        files.append(OutputFile(ZIP_NAME, zip_bytes(files)))
    return files


def zip_bytes(files: Sequence[OutputFile]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for each in files:
            # A fixed timestamp: the same deal gives the same archive, byte for byte.
            info = zipfile.ZipInfo(each.name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, each.data)
    return buffer.getvalue()


# --- writing -----------------------------------------------------------------------------


def check_folder(folder: str | Path) -> Path:
    """The output folder must be a folder, or not exist yet inside an existing one."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: exists and is not a folder")
    if not folder.exists():
        parent = folder.parent if str(folder.parent) else Path(".")
        if not parent.is_dir():
            raise OutputError(f"{folder}: its parent folder {parent} does not exist "
                              "(kyoso creates only the output folder itself)")
    return folder


def targets(folder: Path, names: Sequence[str]) -> list[Path]:
    """Each file's path, refusing any name that would land outside ``folder``."""
    base = folder.resolve()
    paths = []
    for name in names:
        path = folder / name
        if (Path(name).name != name or name in ("", ".", "..")
                or path.resolve().parent != base):
            raise OutputError(f"{name!r}: refusing to write outside the output folder {folder}")
        paths.append(path)
    return paths


def check_existing(folder: Path, names: Sequence[str], force: bool) -> None:
    if force or not folder.exists():
        return
    present = [p.name for p in targets(folder, names) if p.exists() or p.is_symlink()]
    if present:
        raise OutputError(f"{folder}: {len(present)} file(s) already exist "
                          f"({', '.join(present)}); use --force to overwrite")


def write_pack(folder: str | Path, files: Sequence[OutputFile], *, force: bool = False) -> list[Path]:
    """Write every file or none: temp files in ``folder`` first, then one rename each.

    Any failure or Ctrl-C removes the temp files, the files this run had already
    renamed into place (unless they replaced an older file under --force) and the
    folder if this run created it, so nothing partial is left behind.
    """
    folder = check_folder(folder)
    names = [f.name for f in files]
    check_existing(folder, names, force)
    created = False
    if not folder.exists():
        try:
            folder.mkdir()
        except OSError as error:
            raise OutputError(f"{folder}: cannot create the folder ({error.strerror})") from None
        created = True
    paths = targets(folder, names)
    existed = {p for p in paths if p.exists()}
    pending: list[tuple[str, Path]] = []
    placed: list[Path] = []
    try:
        for each, path in zip(files, paths):
            fd, temp = open_temp_beside(path)
            pending.append((temp, path))
            with os.fdopen(fd, "wb") as handle:
                handle.write(each.data)
                handle.flush()
                os.fsync(handle.fileno())
        for temp, path in pending:
            if not force and path.exists():  # appeared while we were rendering
                raise OutputError(f"{path}: already exists (use --force to overwrite)")
            os.replace(temp, path)
            placed.append(path)
    except BaseException as error:
        for temp, _ in pending:
            _unlink(Path(temp))
        for path in placed:
            if path not in existed:
                _unlink(path)
        if created:
            try:
                folder.rmdir()
            except OSError:
                pass
        if isinstance(error, OSError):  # a full disk, a folder in the way: one line, exit 2
            raise OutputError(f"{folder}: cannot write the pack ({error.strerror or error}); "
                              "nothing was written") from None
        raise
    return paths


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


# --- the command -------------------------------------------------------------------------


def file_names(plan: PackPlan, fmt: str = "docx", zip_files: bool = False) -> list[str]:
    """The names ``build_pack`` will produce, known before anything is rendered."""
    names = [f"{MEMO_STEM}.docx", f"{MEMO_STEM}.md"]
    names += [f"{file_stem(d.id)}.{each}" for d in plan.documents for each in _formats(fmt)]
    return names + ([ZIP_NAME] if zip_files else [])


def pack_to_folder(output: str | Path, *, answers_path: str | Path | None = None,
                   example: bool = False, raw: dict | None = None, lang: str | None = None,
                   fmt: str = "docx", zip_files: bool = False, force: bool = False,
                   extra_files: Sequence[OutputFile] = (), edition: str | None = None) -> list[Path]:
    """``kyoso pack``: check the folder, plan, render and lint in memory, then write.

    ``raw`` is an already-built deal (the interactive mode); ``extra_files`` are
    written along with the pack (the interactive mode's answers file). ``edition``
    is ``--edition``: it picks the example deal and must agree with a deal file's own.
    """
    if [answers_path is not None, bool(example), raw is not None].count(True) != 1:
        raise KyosoError("give exactly one of --answers FILE, --example or --interactive")
    _formats(fmt)
    if edition is not None:
        check_edition(edition)
    if lang is not None and lang not in LANGUAGE_MODES:
        raise KyosoError(f"unknown language {lang!r} (choose from {', '.join(LANGUAGE_MODES)})")
    folder = check_folder(output)  # before any work: fail fast
    if raw is not None:
        source = "interactive answers"
    elif example:
        raw, source = example_deal(edition or DEFAULT_EDITION), "example pack deal"
    else:
        raw, source = load_deal(answers_path), str(answers_path)
    plan = plan_pack(raw, source, edition)
    names = file_names(plan, fmt, zip_files) + [f.name for f in extra_files]
    if answers_path is not None and any(
            p.resolve() == Path(answers_path).resolve() for p in targets(folder, names)):
        raise OutputError(f"{answers_path}: the deal file would be overwritten by the pack")
    check_existing(folder, names, force)  # before rendering: fail fast
    files = build_pack(plan, lang=lang, fmt=fmt, zip_files=zip_files)
    return write_pack(folder, [*files, *extra_files], force=force)
