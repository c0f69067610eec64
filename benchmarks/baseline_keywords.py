"""A plain keyword search, the yardstick the rule engine must beat.

Each category is "found" in a text when any of its keywords occurs, with no
reading of who does what to whom. ``benchmarks/accuracy.py --baseline`` scores it
with the same data and the same counting as the real checker.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

KEYWORDS = {
    "ip-assignment": r"\bassign|\bvest|\bproperty\s+of\b|work\s+made\s+for\s+hire|\bown\b|帰属|譲渡|移転",
    "unlimited-license": r"perpetu|irrevocabl|永久|無期限|取消不能",
    "non-compete": r"\bcompet|non-?compet|競合|競業",
}
_COMPILED = {category: re.compile(pattern, re.IGNORECASE) for category, pattern in KEYWORDS.items()}


def check_text(text: str, language: str = "en") -> list:
    """Findings-like objects, one per category whose keyword occurs."""
    findings = []
    for category, pattern in _COMPILED.items():
        if pattern.search(text):
            dimensions = {"perpetual": True} if category == "unlimited-license" else {}
            findings.append(SimpleNamespace(category=category, dimensions=dimensions, excerpt=text[:200]))
    return findings
