"""The cheap first pass: one compiled regular expression per language (candidates.yaml)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .. import shipped_yaml
from ..prefilter import GatedAlternation

_FILE = Path(__file__).parent / "candidates.yaml"


def first_pass_patterns(language: str) -> list[str]:
    return list(shipped_yaml.load(_FILE)["ja" if language == "ja" else "en"])


@lru_cache(maxsize=None)
def pattern(language: str) -> GatedAlternation:
    """The first pass as one alternation, each entry tried only where its words are."""
    return GatedAlternation(first_pass_patterns(language), re.IGNORECASE)


def is_candidate(text: str, language: str) -> bool:
    return pattern(language).matches(text)
