"""One contract against one model contract: matched, deviating, missing, extra.

``compare_source`` takes a contract already read and checked (``checker.api``), pairs
its articles with the model's (align.py), and judges each model article:

* **missing**: no contract article matches it. An option of the model (an article
  with a ``when``) that the contract does not have is not reported at all: the model
  itself may leave it out.
* **deviating**: the matched contract article draws a checker finding that the
  model's own article does not (see model_side.py): a category the model article
  does not raise, a higher severity than the model's, or a term in favour of the
  other side. Findings in the startup's favour and ``info`` notes never deviate.
* **matched**: otherwise.

The contract's articles that match no model article are ``extra``, each with the
findings that would have made it deviate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import Finding, severity_rank
from .align import ContractArticle, align, contract_articles
from .model_side import Flag, Model, ModelArticle

STATUSES = ("matched", "deviating", "missing")


@dataclass
class ArticleReport:
    model: ModelArticle
    status: str  # matched | deviating | missing
    contract: ContractArticle | None
    score: float
    findings: list[Finding] = field(default_factory=list)


@dataclass
class ExtraArticle:
    contract: ContractArticle
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Comparison:
    path: str
    against: str
    language: str  # the contract's
    model: Model
    articles: list[ArticleReport]
    extra: list[ExtraArticle]
    numbered: bool = True  # False when the contract has no article headings kyoso can read

    @property
    def essential_missing(self) -> list[ArticleReport]:
        return [a for a in self.articles if a.status == "missing" and a.model.essential]

    def count(self, status: str) -> int:
        return sum(a.status == status for a in self.articles)


def compare_source(path: str, source: Any, result: Any, model: Model,
                   user_party: str | None = None) -> Comparison:
    """Compare a contract (``source`` and its checker ``result``) with ``model``."""
    from ..structure import segment

    structure = segment(source)
    articles = contract_articles(structure)
    pairings, extra = align(model.articles, articles, model.language)
    roles = _roles(result.parties, user_party)
    reports = []
    for pairing in pairings:
        if pairing.contract is None:
            if not pairing.model.optional:
                reports.append(ArticleReport(pairing.model, "missing", None, 0.0))
            continue
        flags = model.baseline.get(pairing.model.id, [])
        findings = [f for f in _within(result.findings, pairing.contract)
                    if _deviates(f, flags, roles)]
        reports.append(ArticleReport(pairing.model, "deviating" if findings else "matched",
                                     pairing.contract, pairing.score, findings))
    extras = [ExtraArticle(article, [f for f in _within(result.findings, article)
                                     if _deviates(f, [], roles)])
              for article in extra]
    return Comparison(path=path, against=model.contract_id, language=model.language, model=model,
                      articles=reports, extra=extras, numbered=bool(articles))


def _within(findings: list[Finding], article: ContractArticle) -> list[Finding]:
    return [f for f in findings if article.start <= f.location.start < article.end]


def _roles(parties: list, user_party: str | None) -> dict[str, str]:
    """Party name -> startup | business, from what the checker found; ``--party``
    names the startup's side (the model contract is written to protect it)."""
    from ..parties import resolve_party

    roles = {p.name: p.role for p in parties if p.role in ("startup", "business")}
    if user_party:
        user = resolve_party(parties, user_party)
        if user is not None:
            roles = {p.name: ("startup" if p.name == user.name else "business") for p in parties}
    return roles


def _deviates(finding: Finding, model_flags: list[Flag], roles: dict[str, str]) -> bool:
    rank = severity_rank(finding.severity)
    if rank <= severity_rank("info"):
        return False
    role = roles.get(finding.favours) if finding.favours else None
    if finding.against_user is False or role == "startup":
        return False  # a term more generous to the startup than the model is no loss to it
    for flag in model_flags:
        if flag.category == finding.category and flag.rank >= rank \
                and (flag.role is None or role is None or flag.role == role):
            return False  # the model's own article earns the same finding
    return True
