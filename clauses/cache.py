"""A cache of clause files that passed full validation, keyed by their exact bytes.

Strict loading is slow where it is thorough: the pure-Python strict YAML parser and
parsing every clause text with Jinja cost ~0.4 s for the whole library, on every
``kyoso`` run. The result depends only on the file's bytes, the guideline catalogue
and the validator's own code, so once a file has passed, its parsed YAML is stored as
JSON under a hash of all three. A later run with the same bytes reads the JSON back
(~7 ms for the library) and only rebuilds the typed objects. Any edit to a clause
file, the catalogue or the loader changes the key and the file is validated again.

The cache lives in ``$KYOSO_CACHE_DIR``, else ``$XDG_CACHE_HOME/kyoso``, else
``~/.cache/kyoso``; ``KYOSO_NO_CACHE=1`` turns it off. It is only an accelerator:
an unwritable folder or a damaged entry means a normal (slow) load, never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

# The modules whose code decides whether a file is valid: editing any of them
# invalidates every entry.
_VALIDATOR_MODULES = ("clauses/loader.py", "clauses/answers.py", "clauses/render.py",
                      "clauses/model.py", "clauses/cache.py", "core/safe_yaml.py", "core/limits.py")
_FORMAT = 1


def cache_dir() -> Path | None:
    if os.environ.get("KYOSO_NO_CACHE"):
        return None
    if os.environ.get("KYOSO_CACHE_DIR"):
        return Path(os.environ["KYOSO_CACHE_DIR"])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "kyoso"
    try:
        return Path.home() / ".cache" / "kyoso"
    except RuntimeError:  # no home directory (some service accounts)
        return None


@lru_cache(maxsize=1)
def _validator_hash() -> str:
    digest = hashlib.sha256(str(_FORMAT).encode())
    package = Path(__file__).parent.parent
    for name in _VALIDATOR_MODULES:
        try:
            digest.update((package / name).read_bytes())
        except OSError:
            digest.update(name.encode())
    return digest.hexdigest()


_SOURCE_SUFFIXES = (".py", ".yaml", ".json", ".j2", ".jinja")


@lru_cache(maxsize=None)
def sources_hash(folders: tuple[str, ...], suffixes: tuple[str, ...] = _SOURCE_SUFFIXES) -> str:
    """A hash of the names and bytes of kyoso's own files under ``folders`` (package
    relative) with these suffixes: what a cached result computed from them depends on."""
    digest = hashlib.sha256(str(_FORMAT).encode())
    package = Path(__file__).parent.parent
    for folder in folders:
        for path in sorted((package / folder).rglob("*")):
            if path.suffix in suffixes and "__pycache__" not in path.parts and path.is_file():
                digest.update(str(path.relative_to(package)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def library_hash() -> str:
    """What a rendered clause depends on: the clause library, the example deals, the
    templates and the code that renders them (~1 MB, a few ms)."""
    return sources_hash(("clauses", "templates", "core"))


def key(data: bytes, *context: bytes) -> str:
    digest = hashlib.sha256(_validator_hash().encode())
    for part in (*context, data):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def _entry(cache_key: str, kind: str) -> Path | None:
    folder = cache_dir()
    return folder / f"{kind}-{cache_key[:40]}.json" if folder else None


def get(cache_key: str, kind: str = "clauses") -> Any | None:
    """What is stored under ``cache_key`` for ``kind`` (clauses, compare, …), or None."""
    path = _entry(cache_key, kind)
    if path is None:
        return None
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("key") != cache_key:
        return None
    return stored.get("raw")


def put(cache_key: str, raw: Any, kind: str = "clauses") -> None:
    """Remember a value; silently does nothing if the cache cannot be written."""
    path = _entry(cache_key, kind)
    if path is None:
        return
    temp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp.write_text(json.dumps({"key": cache_key, "raw": raw}, ensure_ascii=False),
                        encoding="utf-8")
        os.replace(temp, path)  # readers see the old entry or the new one, never half
    except (OSError, TypeError, ValueError):
        try:
            temp.unlink()
        except OSError:
            pass
