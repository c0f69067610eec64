"""Classes a contract defines itself: 「類似製品」とは…をいう, "Similar Products" means ….

A non-compete over "the Product or Similar Products" is on a defined product when the
contract says what a similar product is (the model JDA does, in its definitions
article); the same words with no definition leave the reach open. A rule reads one
sentence (or a list item with its lead-in) and cannot see the definitions article, so
after the rules have run, ``settle_defined_classes`` looks the article's wording up in
the document's own definitions and re-rates the restraints that turn out to be on a
defined class (the labelling guide: mutual, during the term, on a defined product is low).
"""

from __future__ import annotations

import re

from . import regex_code
from .model import Finding

_JA_DEFINED = regex_code.compile(r"[「『]([^」』\n]{1,20})[」』]\s*(?:とは|は、[^。]{0,10}をいう)|"
                                 r"以下[、,]?\s*[「『]([^」』\n]{1,20})[」』]\s*(?:と|って)?(?:いう|いい|言う|称する)")
_EN_DEFINED = regex_code.compile(r"[\"“]([A-Z][\w' -]{1,40}?)[\"”]\s+(?:means|shall\s+mean|refers\s+to|has\s+the\s+meaning)|"
                                 r"\((?:the\s+|each\s+a\s+)?[\"“]([A-Z][\w' -]{1,40}?)[\"”]\)")
# the words that make a class wider than one product unless it is defined
_JA_LIKENESS = regex_code.compile(r"類似|同種|代替|競合")
_EN_LIKENESS = regex_code.compile(r"\b(?:Similar|Competing|Substitute|Comparable|Related)\b")
# restraint categories whose reach a defined class settles
_CATEGORIES = ("non-compete",)


def defined_classes(text: str, language: str) -> set[str]:
    """The terms the document defines that name a class by likeness (類似製品, Similar Products)."""
    pattern, likeness = (_JA_DEFINED, _JA_LIKENESS) if language == "ja" else (_EN_DEFINED, _EN_LIKENESS)
    terms = set()
    for match in pattern.finditer(text):
        term = next((g for g in match.groups() if g), "").strip()
        if term and likeness.search(term):
            terms.add(term)
    return terms


def _mentions(span: str, terms: set[str], language: str) -> bool:
    for term in terms:
        if language == "ja":
            if term in span:
                return True
        else:  # "Similar Product" for "Similar Products", as a word
            stem = term[:-1] if term.endswith("s") else term
            if re.search(rf"\b{re.escape(stem)}s?\b", span):
                return True
    return False


def settle_defined_classes(findings: list[Finding], text: str, structure, rules, language: str) -> None:
    """Mark restraints whose article names a class the document defines as being on a
    defined product, and re-rate them with their rule's own severity table."""
    lang = "ja" if language == "ja" else "en"
    candidates = [f for f in findings if f.category in _CATEGORIES
                  and f.dimensions.get("defined_product") is False
                  and f.dimensions.get("scope") in ("similar_products", "dealing", "product")]
    if not candidates:
        return
    terms = defined_classes(text, lang)
    if not terms:
        return
    by_id = {rule.id: rule for rule in rules.rules}
    for finding in candidates:
        rule = by_id.get(finding.rule)
        if rule is None:
            continue
        start, end = _article_span(structure, finding.location.start, finding.location.end)
        if not _mentions(text[start:end], terms, lang):
            continue
        finding.dimensions["defined_product"] = True
        if finding.dimensions.get("scope") == "similar_products":
            finding.dimensions["scope"] = "product"
        finding.severity = rule.severity(finding.dimensions, rules.thresholds)


def _article_span(structure, start: int, end: int) -> tuple[int, int]:
    """The article the finding sits in (its lead-in and items), else the finding itself."""
    clause = structure.clause_at(start) if hasattr(structure, "clause_at") else None
    if clause is not None and getattr(clause, "article", None) and hasattr(structure, "article_span"):
        return structure.article_span(clause)
    return start, end
