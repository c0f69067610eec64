"""``kyoso draft`` as library calls: answers → values → blocks → DOCX or Markdown bytes.

``draft_to_file`` is the command: it checks every option and the output path before
doing any work, reports every answer problem at once, and writes by rename so a failed
run leaves nothing behind. ``draft_bytes`` is the pure part, which ``kyoso pack`` calls
once per document of a pack and passes the earlier documents as ``prior_contracts``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from ..clauses.model import Text
from ..core.errors import KyosoError, OutputError
from ..core.files import check_target, write_atomic
from .layout import PriorContract, layout

__all__ = ["PriorContract", "Text", "draft_bytes", "draft_to_file", "format_for"]

FORMATS = ("docx", "md")
LANG_MODES = {"ja": ["ja"], "en": ["en"], "ja+en": ["ja", "en"]}
_SUFFIX_FORMATS = {".docx": "docx", ".md": "md", ".markdown": "md"}
_LANGUAGE_TAGS = {"ja": "ja-JP", "en": "en-US"}


def format_for(output: str | Path, fmt: str | None) -> str:
    """The output format: --format if given, else the -o suffix, else DOCX."""
    from_suffix = _SUFFIX_FORMATS.get(Path(output).suffix.lower())
    if fmt is None:
        return from_suffix or "docx"
    if fmt not in FORMATS:
        raise KyosoError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if from_suffix and from_suffix != fmt:
        raise OutputError(f"{output}: the suffix says {from_suffix} but --format is {fmt}")
    return fmt


def _langs(lang: str) -> list[str]:
    try:
        return LANG_MODES[lang]
    except KeyError:
        raise KyosoError(f"unknown language {lang!r} (choose from ja, en, ja+en)") from None


def draft_bytes(contract_id: str, values: dict, lang: str, fmt: str, *,
                prior_contracts: Sequence[PriorContract] = (), extra_preamble: Sequence[Text] = (),
                prevailing: str = "ja") -> bytes:
    """Render one contract from resolved answer values; nothing touches the disk.

    ``prior_contracts`` are earlier documents between the same parties (title and
    date), cited in the preamble in our own wording; ``extra_preamble`` adds bilingual
    paragraphs printed as given; ``prevailing`` is the language that wins in ja+en.
    """
    from ..clauses.loader import get_contract

    langs = _langs(lang)
    if fmt not in FORMATS:
        raise KyosoError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if prevailing not in ("ja", "en"):
        raise KyosoError(f"prevailing language must be ja or en, not {prevailing!r}")
    contract = get_contract(contract_id)
    blocks = layout(contract, values, langs, prior_contracts=prior_contracts,
                    extra_preamble=extra_preamble, prevailing=prevailing)
    from .marking import contract_marks

    marks = contract_marks(contract, values, langs)
    if fmt == "md":
        from .markdown_writer import write_markdown

        return write_markdown(blocks, langs, marks)
    from .docx_writer import DocInfo, write_docx

    info = DocInfo(
        title=" / ".join(contract.title.get(x) for x in langs),
        language=", ".join(_LANGUAGE_TAGS[x] for x in langs),
        subject=contract.provenance,
        keywords=", ".join(["kyoso", contract.id, lang]),
        marks=marks,
    )
    return write_docx(blocks, langs, info)


def draft_to_file(contract: str, *, answers_path: str | Path | None = None, example: bool = False,
                  lang: str = "ja", fmt: str | None = None, output: str | Path,
                  force: bool = False) -> Path:
    """``kyoso draft``: validate, resolve answers, render, write by rename. Returns the path."""
    from ..clauses.answers import example_answers, load_answers, resolve
    from ..clauses.loader import get_contract

    if bool(answers_path) == bool(example):
        raise KyosoError("give exactly one of --answers FILE or --example")
    _langs(lang)
    fmt = format_for(output, fmt)
    inputs = [answers_path] if answers_path else []
    check_target(output, force=force, inputs=inputs)  # before any work: fail fast

    model = get_contract(contract)
    if example:
        raw, source = example_answers(contract), f"example answers for {contract}"
    else:
        raw, source = load_answers(answers_path), str(answers_path)
    values = resolve(model, raw, source)  # AnswersError lists every problem at once
    data = draft_bytes(contract, values, lang, fmt)
    return write_atomic(output, data, force=force, inputs=inputs)
