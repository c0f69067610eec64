"""``--since FILE.jsonl``: skip documents an earlier run already checked.

A document is skipped when an entry of the earlier JSON Lines output has its path
(as given on the command line, or as found in a given folder) and the SHA-256 of its
bytes, and no error: a changed file, or one that failed before, is checked again.
Only inputs whose path appears in the earlier output are hashed here.

The earlier file must be JSON Lines from ``kyoso check --format jsonl``. A last line
without its newline is what an interrupted run leaves behind: it is ignored (that
document is checked again). Any other line that is not an entry is an error, so a
wrong file (a JSON report, a log) is refused instead of silently skipping nothing.

The exit code of a resumed run covers the skipped documents too, from the findings
their earlier entries recorded, as if the whole batch had run at once.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import InputError
from .model import SEVERITIES
from .verdict import worst_rank


class SinceError(InputError):
    """The --since file is missing, unreadable, or not kyoso JSON Lines."""


@dataclass
class Earlier:
    source: Path
    done: dict[tuple[str, str], int] = field(default_factory=dict)  # (path, sha256) → worst rank
    skipped: int = 0
    worst: int = -1  # worst counting severity rank among the skipped documents

    def remaining(self, refs: list[Any]) -> list[Any]:
        """The inputs still to check; counts the others in ``skipped`` and ``worst``."""
        from .api import file_sha256

        paths = {path for path, _ in self.done}
        left = []
        for ref in refs:
            key = _key(ref, paths, file_sha256)
            if key is not None and key in self.done:
                self.skipped += 1
                self.worst = max(self.worst, self.done[key])
            else:
                left.append(ref)
        return left


def _key(ref: Any, paths: set[str], file_sha256) -> tuple[str, str] | None:
    path = str(getattr(ref, "path", ref))
    if getattr(ref, "error", None) is not None or path not in paths:
        return None
    data = getattr(ref, "data", None)
    try:
        digest = hashlib.sha256(data).hexdigest() if data is not None else file_sha256(path)
    except OSError:  # gone or unreadable now: let the check report it
        return None
    return path, digest


def load_since(path: str | Path) -> Earlier:
    earlier = Earlier(Path(path))
    with _open_regular(path) as handle:
        number = 0
        for number, line in enumerate(handle, 1):
            complete = line.endswith(b"\n")
            try:
                entry = json.loads(line)
            except (ValueError, UnicodeDecodeError):
                entry = None
            if not line.strip():
                continue
            if not _is_entry(entry):
                if not complete:  # the half-written last line of an interrupted run
                    break
                raise SinceError(f"--since {path}: line {number} is not a 'kyoso check --format jsonl' "
                                 f"entry; --since needs that run's JSON Lines output")
            if entry.get("error") is None and isinstance(entry.get("sha256"), str):
                findings = [_Counted(f) for f in entry.get("findings") or [] if _valid_finding(f)]
                earlier.done[(entry["path"], entry["sha256"])] = worst_rank(findings)
    return earlier


class _Counted:
    """Just enough of a Finding for verdict.worst_rank."""

    def __init__(self, data: dict):
        self.severity = data["severity"]
        self.against_user = data.get("against_user")
        self.baselined = data.get("baselined") is True


def _is_entry(entry: Any) -> bool:
    return isinstance(entry, dict) and isinstance(entry.get("path"), str) \
        and "findings" in entry and isinstance(entry.get("findings"), list)


def _valid_finding(finding: Any) -> bool:
    return isinstance(finding, dict) and finding.get("severity") in SEVERITIES


def _open_regular(path: str | Path):
    """Open for reading without blocking on a FIFO; only regular files."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise SinceError(f"--since {path}: no such file") from None
    except OSError as error:
        raise SinceError(f"--since {path}: cannot read ({error.strerror or error})") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise SinceError(f"--since {path}: not a regular file")
    return os.fdopen(fd, "rb")
