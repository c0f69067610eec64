"""A disk cache of the model side of a comparison: rendered articles and the baseline.

Rendering the model and running the checker over it costs a cold ``kyoso compare``
~0.15 s of CPU, every run, for a result that only changes when kyoso does. It is
stored as JSON under a hash of everything it depends on: the bytes of kyoso's own
code and data (checker/, clauses/, templates/, core/: rules, clause library, example
deals, the engine), the ``--config`` file, and the spaCy and SudachiPy versions. Any
edit changes the key. Like the clause cache (clauses/cache.py, same folder and the
same ``KYOSO_NO_CACHE``), it is only an accelerator: a damaged or unwritable entry
means the model is computed again, never an error.
"""

from __future__ import annotations

import hashlib
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from ...clauses import cache as clause_cache

_FORMAT = 1
_SOURCES = ("checker", "clauses", "templates", "core")
_SUFFIXES = (".py", ".yaml", ".json", ".j2", ".jinja", ".bin", ".npz", ".pkl", ".txt")


@lru_cache(maxsize=1)
def _code_hash() -> str:
    digest = hashlib.sha256(f"{_FORMAT}".encode())
    digest.update(clause_cache.sources_hash(_SOURCES, _SUFFIXES).encode())
    for module in ("spacy", "sudachipy"):
        digest.update(str(getattr(sys.modules.get(module), "__version__", "")).encode())
    return digest.hexdigest()


def key(contract_id: str, language: str, config_path: Path | None) -> str | None:
    digest = hashlib.sha256(_code_hash().encode())
    digest.update(f"{contract_id}\0{language}\0".encode())
    if config_path is not None:
        try:
            digest.update(Path(config_path).read_bytes())
        except OSError:
            return None
    return digest.hexdigest()


def get(cache_key: str | None) -> Any | None:
    return clause_cache.get(cache_key, kind="compare") if cache_key else None


def put(cache_key: str | None, data: Any) -> None:
    if cache_key:
        clause_cache.put(cache_key, data, kind="compare")
