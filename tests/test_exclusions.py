"""Every general exclusion class clears what it names, in both languages, and only that.

The examples live with the classes (checker/exclusions/classes.yaml); this suite runs
them twice: against the class itself, and through the whole engine, so a rule or the
scorer that reports an excluded sentence fails here.
"""

from __future__ import annotations

import pytest

from kyoso.checker.engine import RuleSet
from kyoso.checker.exclusions import classes, excluded_by

CASES = [(c.name, group, lang, sentence) for c in classes() for group in ("excluded", "kept")
         for lang in ("en", "ja") for sentence in c.examples[group][lang]]


@pytest.fixture(scope="module")
def rules():
    return RuleSet.load()


def test_the_issue_classes_are_all_there():
    assert {c.name for c in classes()} >= {
        "negation", "assignment-of-agreement", "title-to-goods", "tasks-assigned", "maker-keeps",
        "provider-own-product", "later-consultation", "confidentiality"}


@pytest.mark.parametrize("name, group, lang, sentence", CASES)
def test_class_examples(name, group, lang, sentence):
    each = next(c for c in classes() if c.name == name)
    assert each.matches(sentence, lang) == (group == "excluded")


@pytest.mark.parametrize("name, lang, sentence",
                         [(n, lang, s) for n, g, lang, s in CASES if g == "excluded"])
def test_excluded_examples_give_no_finding_of_the_class(rules, name, lang, sentence):
    each = next(c for c in classes() if c.name == name)
    found = [f for f in rules.check_text(sentence, lang) if f.category in each.categories]
    assert not found, f"{name}: {[(f.rule, f.excerpt) for f in found]}"


def test_a_category_outside_the_class_is_not_cleared():
    sentence = "乙は、甲の秘密情報を競合他社に開示してはならない。"
    assert excluded_by("non-compete", sentence, "ja") is not None
    assert excluded_by("unlimited-license", sentence, "ja") is None


def test_every_exclusion_pattern_compiles():
    """Exclusion patterns are compiled on first need at run time; here, all of them."""
    import re

    from kyoso.checker.exclusions import classes

    for each in classes():
        for kind in (each.patterns, each.unless):
            for gated in kind.values():
                for pattern in gated.patterns:
                    re.compile(pattern, re.IGNORECASE)
