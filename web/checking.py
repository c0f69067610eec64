"""The check side of ``kyoso serve``: one uploaded document through the same functions
``kyoso check`` calls (checker/api.py) and the same report writers (checker/report/).

Nothing here knows about HTTP: the routes in app.py pass an ``Upload`` (the file's
name as the user's browser gave it, and its bytes) and turn ``KyosoError`` into a
4xx answer. The rule set is loaded once per process, with the defaults ``kyoso
check`` uses without --config, so /api/check answers exactly what the CLI prints.
"""

from __future__ import annotations

import inspect
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..core.errors import InputError, KyosoError

# The checker's spaCy pipelines are built once and shared; one check at a time keeps
# them out of each other's way (the server runs sync routes in a thread pool).
_CHECK_LOCK = threading.Lock()
LANGS = ("auto", "en", "ja")
MAX_NAME_CHARS = 200  # a file name is shown and reported, never used as a path


@dataclass
class Upload:
    name: str  # a bare display name, e.g. "draft.docx"; its suffix picks the reader
    data: bytes


@dataclass
class Checked:
    result: object  # checker.model.DocumentResult
    source: object  # checker.model.SourceText, or None when the file could not be read
    warnings: list[str]
    party: str | None = None  # as given (--party); the redline then keeps to findings against it


def display_name(filename: str | None) -> str:
    """The upload's own name, reduced to a harmless label (no folders, no controls)."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    if len(name) > MAX_NAME_CHARS:
        stem, dot, suffix = name.rpartition(".")
        name = (stem[:MAX_NAME_CHARS - len(suffix) - 1] + dot + suffix) if dot else name[:MAX_NAME_CHARS]
    return name or "upload"


@lru_cache(maxsize=1)
def ruleset():
    from ..checker.config import load_config
    from ..checker.engine import RuleSet

    return RuleSet.load(load_config(None))


def warm_up() -> None:
    """Load the rules and both languages' pipelines before the first upload (~3 s cold),
    so the first check answers as fast as the next. Errors wait for a real upload."""
    try:
        check_upload(Upload("warm-up.txt", b"Article 1 (Purpose)\nThe parties agree."), lang="en")
        check_upload(Upload("warm-up.txt", "第1条（目的）\n両当事者は合意する。".encode()), lang="ja")
    except Exception:  # noqa: BLE001 - a broken install shows itself on the real request
        pass


def check_upload(upload: Upload, party: str | None = None, lang: str = "auto") -> Checked:
    """Check one uploaded document; raise InputError when it cannot be read."""
    from ..checker.api import CheckOptions, check_document_with_source
    from ..checker.inputs import InputRef

    if lang not in LANGS:
        raise KyosoError(f"lang {lang!r}: expected auto, en or ja")
    warnings: list[str] = []
    options = CheckOptions(party=(party or "").strip() or None, lang=lang, fmt="json")
    with _CHECK_LOCK:
        result, source, _ = check_document_with_source(
            InputRef(upload.name, data=upload.data), ruleset(), options, warnings.append)
    if result.error is not None:
        raise InputError(result.error.get("message") or f"{upload.name}: cannot be read")
    return Checked(result, source, warnings, options.party)


def report_json(checked: Checked) -> str:
    """Exactly what ``kyoso check --format json`` prints for this one document."""
    from ..checker.report.json_report import JsonReport

    parts: list[str] = []
    writer = JsonReport(parts.append)
    writer.document(checked.result)
    writer.close()
    return "".join(parts)


def report_sarif(checked: Checked) -> str:
    from ..checker.api import rule_descriptors
    from ..checker.report.sarif import SarifReport

    parts: list[str] = []
    writer = SarifReport(parts.append, rule_descriptors(ruleset()))
    writer.document(checked.result)
    writer.close()
    return "".join(parts)


def _need_docx(upload: Upload, what: str) -> None:
    if Path(upload.name).suffix.lower() != ".docx":
        raise InputError(f"{upload.name}: {what} needs a .docx file (PDF and text have no "
                         f"Word file to write into)")


def annotated_docx(upload: Upload, checked: Checked, folder: Path) -> bytes:
    """The commented copy, as ``kyoso check --annotate`` writes it."""
    from ..checker.report.annotate import annotate_docx

    _need_docx(upload, "a commented copy")
    result, source = checked.result, checked.source
    target = folder / "annotated.docx"
    annotate_docx(upload.data, source.blocks, result.findings, result.language, target)
    return target.read_bytes()


def redline_writer():
    """The redline writer when this build has one (checker/report/redline.py), else None."""
    try:
        from ..checker.report import redline
    except ImportError:
        return None
    return getattr(redline, "redline_docx", None)


def redlined_docx(upload: Upload, checked: Checked, folder: Path) -> bytes:
    """The tracked-changes copy, as ``kyoso check --redline`` writes it."""
    writer = redline_writer()
    if writer is None:
        raise KyosoError("this kyoso has no redline writer yet")
    _need_docx(upload, "a redlined copy")
    result, source = checked.result, checked.source
    target = folder / "redlined.docx"
    # The call ``kyoso check --redline`` makes (checker/redline_run.py). The writer was
    # built alongside this page: it has taken --party as ``party`` (the name given) and,
    # earlier, as ``with_party`` (whether one was given); pass whichever it takes.
    accepted = inspect.signature(writer).parameters
    extra = {"party": checked.party} if "party" in accepted else \
        {"with_party": bool(checked.party)} if "with_party" in accepted else {}
    writer(upload.data, source.blocks, result.findings, result.language, result.parties,
           source.text, target, **extra)
    return target.read_bytes()
