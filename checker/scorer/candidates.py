"""The cheap first pass: one compiled regular expression per language (candidates.yaml)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ...core import safe_yaml

_FILE = Path(__file__).parent / "candidates.yaml"


@lru_cache(maxsize=None)
def pattern(language: str) -> re.Pattern:
    data = safe_yaml.load_path(_FILE)
    parts = data["ja" if language == "ja" else "en"]
    return re.compile("|".join(f"(?:{p})" for p in parts), re.IGNORECASE)


def is_candidate(text: str, language: str) -> bool:
    return pattern(language).search(text) is not None
