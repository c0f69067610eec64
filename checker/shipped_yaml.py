"""kyoso's own YAML files (rules, exclusion classes, the scorer's first pass), read from
a JSON copy of their parsed content when the copy was made from the same bytes.

Importing PyYAML and parsing these files strictly cost a cold ``kyoso check`` about
50 ms of its ~1.1 s; ``json.loads`` of the same data costs a few. The copy is written
by ``python -m kyoso.checker.prefilter`` (with the prefilter table, after a rule edit).
Each entry keeps the SHA-256 of the file it came from: a file that has changed since, or
any file that is not one of kyoso's own (a team's rule folder, a config), is parsed by
core/safe_yaml.py as before. So the copy only ever saves time; a stale one is ignored
(tests/test_rules.py checks that the shipped copy is current).
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from ..core import limits
from ..core.errors import ClauseLibraryError, KyosoError
from ..core.files import read_regular_file

PACKAGE = Path(__file__).resolve().parent.parent
COPY = Path(__file__).with_name("shipped_yaml.json")


def shipped_files() -> list[Path]:
    checker = PACKAGE / "checker"
    return sorted([*(checker / "rules").glob("*/*.yaml"), checker / "exclusions" / "classes.yaml",
                   checker / "scorer" / "candidates.yaml"])


@lru_cache(maxsize=None)
def _copies() -> dict[str, list[str]]:
    try:
        copies = json.loads(COPY.read_text(encoding="utf-8"))
        return copies if isinstance(copies, dict) else {}
    except (OSError, ValueError):
        return {}


def _key(path: Path) -> str | None:
    try:
        return path.resolve().relative_to(PACKAGE).as_posix()
    except (OSError, ValueError):
        return None


def load(path: str | Path, error_class: type[KyosoError] = ClauseLibraryError):
    """The parsed content of a YAML file, as ``safe_yaml.load_path`` gives it."""
    path = Path(path)
    key = _key(path)
    entry = _copies().get(key) if key else None
    if entry is not None:
        raw = read_regular_file(path, limits.MAX_YAML_BYTES, error_class,
                                too_big=f"YAML file is larger than {limits.MAX_YAML_BYTES // 1024} KB")
        if entry[0] == hashlib.sha256(raw).hexdigest():
            return json.loads(entry[1])
    from ..core import safe_yaml

    return safe_yaml.load_path(path, error_class)


def build() -> dict[str, list[str]]:
    """A copy of every shipped file whose content JSON keeps exactly (string keys only)."""
    from ..core import safe_yaml

    copies = {}
    for path in shipped_files():
        data = safe_yaml.load_path(path, ClauseLibraryError)
        text = json.dumps(data, ensure_ascii=False, sort_keys=False)
        if json.loads(text) == data:
            copies[_key(path)] = [hashlib.sha256(path.read_bytes()).hexdigest(), text]
    return copies


def write() -> int:
    copies = build()
    COPY.write_text(json.dumps(copies, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    return len(copies)
