"""Turn the paths a user typed into the list of documents to check.

``expand_paths(paths) -> list[InputRef]``, in the order given; each folder expands to
every supported file inside it (.docx, .pdf, .txt, .md; recursively: a folder's files
sorted by name, then each subfolder in name order; hidden files and Word's "~$" lock
files skipped). Symbolic links are followed, but a
folder already visited (by device and inode) is not entered again, so link loops end.

A path that cannot be used does not stop the batch: it becomes an ``InputRef`` with
``error`` set (a one-line message naming the path), and the caller reports it with
the other results. ``-`` is stdin, read once here (capped at ``MAX_STDIN_BYTES``)
and carried in ``data``; a second ``-`` is an error entry.
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass
from typing import BinaryIO

from ..core import limits

SUPPORTED_SUFFIXES = (".docx", ".pdf", ".txt", ".md")


@dataclass
class InputRef:
    path: str  # as given, or as found inside a given folder; "-" for stdin
    data: bytes | None = None  # stdin's bytes; None for files (the reader opens them)
    error: str | None = None  # why this path cannot be checked; None when it can


def expand_paths(paths: list[str], stdin: BinaryIO | None = None) -> list[InputRef]:
    refs: list[InputRef] = []
    stdin_used = False
    for path in paths:
        if path == "-":
            if stdin_used:
                refs.append(InputRef(path, error="-: stdin can be read only once"))
            else:
                stdin_used = True
                refs.append(_read_stdin(stdin))
            continue
        refs += _expand_one(path, limits.MAX_BATCH_FILES - len(refs))
    return refs


def _read_stdin(stdin: BinaryIO | None) -> InputRef:
    stream = stdin if stdin is not None else sys.stdin.buffer
    try:
        data = stream.read(limits.MAX_STDIN_BYTES + 1)
    except OSError as error:
        return InputRef("-", error=f"<stdin>: cannot read ({error})")
    if len(data) > limits.MAX_STDIN_BYTES:
        return InputRef("-", error=f"<stdin>: more than {limits.MAX_STDIN_BYTES:,} bytes")
    return InputRef("-", data=data)


def _expand_one(path: str, room: int) -> list[InputRef]:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return [InputRef(path, error=f"{path}: no such file or folder")]
    except OSError as error:
        return [InputRef(path, error=f"{path}: cannot access ({error.strerror or error})")]
    if stat.S_ISDIR(info.st_mode):
        refs = _walk(path, room)
        if not refs:
            return [InputRef(path, error=f"{path}: folder holds no "
                                         f"{', '.join(SUPPORTED_SUFFIXES)} files")]
        return refs
    return [_file_ref(path, info)]


def _file_ref(path: str, info: os.stat_result) -> InputRef:
    if not stat.S_ISREG(info.st_mode):
        return InputRef(path, error=f"{path}: not a regular file (a pipe, socket or device)")
    if not os.access(path, os.R_OK):
        return InputRef(path, error=f"{path}: permission denied (cannot read the file)")
    return InputRef(path)


def _walk(top: str, room: int) -> list[InputRef]:
    """Depth-first, sorted; each real folder entered once; at most ``room`` entries."""
    refs: list[InputRef] = []
    visited: set[tuple[int, int]] = set()
    pending = [top]
    while pending:  # bounded: a folder is pushed only when its (dev, inode) is new
        folder = pending.pop()
        try:
            info = os.stat(folder)
            if (info.st_dev, info.st_ino) in visited:
                continue
            visited.add((info.st_dev, info.st_ino))
            with os.scandir(folder) as entries:
                names = sorted(entries, key=lambda entry: entry.name)
        except OSError as error:
            refs.append(InputRef(folder, error=f"{folder}: cannot list folder "
                                               f"({error.strerror or error})"))
            continue
        subfolders = []
        for entry in names:
            if entry.name.startswith((".", "~$")):
                continue
            try:
                is_dir = entry.is_dir()  # follows links; a dangling link is neither
                if is_dir:
                    subfolders.append(entry.path)
                elif os.path.splitext(entry.name)[1].lower() in SUPPORTED_SUFFIXES:
                    refs.append(_file_ref(entry.path, os.stat(entry.path)))
            except OSError as error:
                refs.append(InputRef(entry.path, error=f"{entry.path}: cannot access "
                                                       f"({error.strerror or error})"))
            if len(refs) >= room:
                refs.append(InputRef(top, error=f"{top}: more than {limits.MAX_BATCH_FILES:,} "
                                                f"files; check a smaller folder"))
                return refs
        pending += reversed(subfolders)  # pop() then visits them in sorted order
    return refs
