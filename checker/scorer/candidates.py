"""The cheap first pass: one compiled regular expression per language (candidates.yaml)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ...core import safe_yaml
from ..prefilter import GatedAlternation

_FILE = Path(__file__).parent / "candidates.yaml"


@lru_cache(maxsize=None)
def pattern(language: str) -> GatedAlternation:
    """The first pass as one alternation, each entry tried only where its words are."""
    data = safe_yaml.load_path(_FILE)
    return GatedAlternation(data["ja" if language == "ja" else "en"], re.IGNORECASE)


def is_candidate(text: str, language: str) -> bool:
    return pattern(language).matches(text)
