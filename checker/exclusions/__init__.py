"""General classes of wording that are not the term they resemble (classes.yaml).

The rules and the scorer both propose findings; a sentence in one of these classes
clears the findings of the class's categories. Loading is strict like the rules'
(every error names the file, the class and the key) and each class must carry
examples in both languages, which tests/test_exclusions.py runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ...core.errors import ClauseLibraryError
from ..prefilter import GatedAlternation

CLASSES_FILE = Path(__file__).parent / "classes.yaml"
LANGUAGES = ("en", "ja")
_KEYS = {"categories", "why", "patterns", "unless", "examples", "with_lead_in"}


@dataclass
class ExclusionClass:
    name: str
    categories: frozenset[str]
    why: dict[str, str]
    patterns: dict[str, GatedAlternation]
    unless: dict[str, GatedAlternation]
    examples: dict[str, dict[str, list[str]]]  # excluded|kept -> lang -> sentences
    # also read a list item together with its lead-in (「次の行為をしてはならない」 + the item)
    with_lead_in: bool = False

    def matches(self, sentence: str, language: str) -> bool:
        found = self.patterns.get(language)
        if found is None or not found.matches(sentence):
            return False
        unless = self.unless.get(language)
        return unless is None or not unless.matches(sentence)


def _fail(name: str, key: str, problem: str):
    raise ClauseLibraryError(f"{CLASSES_FILE}: exclusion {name}: {key}: {problem}")


def _compiled(name: str, key: str, spec, need_both: bool) -> dict[str, GatedAlternation]:
    if spec is None and not need_both:
        return {}
    if not isinstance(spec, dict) or set(spec) - set(LANGUAGES):
        _fail(name, key, "must map en and ja to lists of regular expressions")
    out = {}
    for lang in LANGUAGES:
        items = spec.get(lang)
        if items is None and not need_both:
            continue
        if not isinstance(items, list) or not items or not all(isinstance(p, str) and p for p in items):
            _fail(name, f"{key}.{lang}", "must be a non-empty list of regular expressions")
        # each tried only where its words are, and compiled on first need (the test
        # suite compiles every one); a pattern keeps its own groups (「(甲)が…\1に帰属」)
        out[lang] = GatedAlternation(items, re.IGNORECASE)
    return out


@lru_cache(maxsize=None)
def classes() -> tuple[ExclusionClass, ...]:
    from .. import shipped_yaml

    data = shipped_yaml.load(CLASSES_FILE, ClauseLibraryError)
    if not isinstance(data, dict):
        raise ClauseLibraryError(f"{CLASSES_FILE}: must map class names to classes")
    loaded = []
    for name, spec in data.items():
        if not isinstance(spec, dict):
            _fail(name, "(class)", "must be a mapping")
        for key in set(spec) - _KEYS:
            _fail(name, key, f"unknown key (expected one of: {', '.join(sorted(_KEYS))})")
        categories = spec.get("categories")
        if not isinstance(categories, list) or not categories:
            _fail(name, "categories", "must list the categories it clears")
        why = spec.get("why")
        if not isinstance(why, dict) or any(not str(why.get(lang) or "").strip() for lang in LANGUAGES):
            _fail(name, "why", "needs en and ja texts")
        examples = spec.get("examples")
        if not isinstance(examples, dict) or set(examples) != {"excluded", "kept"}:
            _fail(name, "examples", "needs excluded and kept")
        for group, by_lang in examples.items():
            for lang in LANGUAGES:
                items = (by_lang or {}).get(lang)
                if not isinstance(items, list) or len(items) < 2:
                    _fail(name, f"examples.{group}.{lang}", "needs at least 2 sentences")
        loaded.append(ExclusionClass(
            name=name, categories=frozenset(categories), why={k: why[k] for k in LANGUAGES},
            patterns=_compiled(name, "patterns", spec.get("patterns"), need_both=True),
            unless=_compiled(name, "unless", spec.get("unless"), need_both=False),
            examples=examples, with_lead_in=_flag(name, spec, "with_lead_in")))
    return tuple(loaded)


def _flag(name: str, spec: dict, key: str) -> bool:
    value = spec.get(key, False)
    if not isinstance(value, bool):
        _fail(name, key, "must be true or false")
    return value


def excluded_by(category: str, sentence: str, language: str,
                with_lead_in: bool = False) -> ExclusionClass | None:
    """The first class that clears ``category`` findings in ``sentence``, if any;
    ``with_lead_in``: the text is a list item joined to its lead-in, which only the
    classes marked ``with_lead_in`` read."""
    language = "ja" if language == "ja" else "en"
    for each in classes():
        if with_lead_in and not each.with_lead_in:
            continue
        if category in each.categories and each.matches(sentence, language):
            return each
    return None
