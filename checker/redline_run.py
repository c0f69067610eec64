"""``kyoso check --redline OUT.docx``: the option's checks and the step that writes the copy.

--redline takes exactly one input file: tracked changes go into that file's own copy, and
a batch has no single file to write them into (a folder, several files or stdin are a
usage error before any work). A single input that is not a Word document (a PDF, a text
file) is still checked and reported; only then does --redline fail, with one line and
exit 2, so the other outputs (report, -o) are written all the same.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from ..core.files import check_target
from .api import CheckOptions, OptionsError

FORMAT_NAMES = {"pdf": "PDF", "txt": "text", "md": "Markdown", "stdin": "text (stdin)"}


def validate_redline(paths: list[str], options: CheckOptions) -> None:
    if options.redline is None:
        return
    target = Path(options.redline)
    if len(paths) != 1 or paths[0] == "-" or Path(paths[0]).is_dir():
        raise OptionsError("--redline needs exactly one input file, a .docx (tracked changes "
                           "go into a copy of that file)")
    if target.suffix.lower() != ".docx":
        raise OptionsError(f"--redline {target}: the copy must end in .docx")
    if options.since is not None or options.dask_address:
        raise OptionsError("--redline checks one file here: it cannot be combined with "
                           "--since or --dask")
    check_target(target, force=options.force, inputs=paths)
    for other, name in ((options.annotate, "--annotate"), (options.output, "--output")):
        if other is not None and os.path.realpath(other) == os.path.realpath(target):
            raise OptionsError(f"{target}: --redline and {name} name the same file")


def write_redline(result: Any, source: Any, data: bytes | None, options: CheckOptions,
                  paths: list[str]) -> str | None:
    """Write the redlined copy; return an error line when the input cannot carry one."""
    from .report.redline import redline_docx

    if source.format != "docx":
        kind = FORMAT_NAMES.get(source.format, source.format)
        return (f"--redline: {source.path} is a {kind} file, not a Word document; tracked "
                f"changes can only be written into a .docx (the report was written)")
    if data is None:
        data = Path(source.path).read_bytes()
    report = redline_docx(data, source.blocks, result.findings, result.language, result.parties,
                          source.text, options.redline, force=options.force, inputs=tuple(paths),
                          party=options.party)
    note = f"wrote {report.path} ({report.redlined} tracked change(s)"
    if report.commented:
        note += f"; {report.commented} passage(s) commented on, not changed"
    if report.unchanged:
        note += f"; {report.unchanged} passage(s) already in the model wording"
    if report.skipped:
        note += f"; {report.skipped} finding(s) outside the body not redlined"
    print(f"kyoso: {note})", file=sys.stderr)
    return None
