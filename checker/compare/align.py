"""Pair the contract's articles with the model's, by title and by content.

Every (contract article, model article) pair gets a score from two signals, both in
the contract's language: how alike the titles are, and how alike the texts are
(TF-IDF character n-grams, see similarity.py). Pairs are then taken best first, one
model article to one contract article. A second pass lets a model article that is
still alone share a contract article already taken, but only when that article's
heading names it (the same heading, or one coordinated part of it): a counterparty's
"Term and Termination" covers both the model's Term and its Termination, while one
long article that merely mentions many things does not.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...core import limits
from .model_side import ModelArticle
from .similarity import ContentIndex, names_part, title_similarity


@dataclass
class ContractArticle:
    number: str  # as the contract numbers it: "7", "7の2", "IV"
    title: str | None
    start: int
    end: int
    text: str


@dataclass
class Pairing:
    model: ModelArticle
    contract: ContractArticle | None
    score: float


def contract_articles(structure) -> list[ContractArticle]:
    """The contract's numbered articles (exhibits and the preamble are not articles)."""
    articles: list[ContractArticle] = []
    for unit in structure.clauses:
        if unit.article is None or getattr(unit, "annex", False):
            continue
        last = articles[-1] if articles else None
        if last is not None and last.number == unit.article and last.end == unit.start:
            last.end = unit.end
            last.title = last.title or unit.article_title
            continue
        articles.append(ContractArticle(unit.article, unit.article_title, unit.start, unit.end, ""))
    for article in articles:
        article.text = structure.text[article.start:article.end]
    return articles


def score(title: float, content: float, has_title: bool) -> float:
    """One number from the two signals. Without a heading, content is all there is; with
    one, a title match lifts the score, but a title alone cannot reach a strong match."""
    content = min(1.0, content / limits.COMPARE_CONTENT_FULL)
    if not has_title:
        return content
    return max(content, limits.COMPARE_TITLE_WEIGHT * title
               + (1 - limits.COMPARE_TITLE_WEIGHT) * content)


def align(model: list[ModelArticle], contract: list[ContractArticle],
          language: str) -> tuple[list[Pairing], list[ContractArticle]]:
    """Each model article with its contract article (or None), and the contract's
    articles that match no model article."""
    index = ContentIndex([m.text for m in model], language)
    table: list[list[tuple[float, float]]] = []  # [contract][model] -> (score, title)
    for article in contract:
        contents = index.scores(article.text)
        row = []
        for m, content in zip(model, contents):
            title = max(title_similarity(article.title, heading, language)
                        for heading in m.headings or (m.title.get(language),))
            row.append((score(title, content, bool(article.title)), title))
        table.append(row)

    pairs = sorted(((table[c][m][0], c, m) for c in range(len(contract)) for m in range(len(model))),
                   reverse=True)
    by_model: dict[int, tuple[int, float]] = {}
    taken: set[int] = set()
    for value, c, m in pairs:
        if value < limits.COMPARE_MATCH_MIN_SCORE:
            break
        if m in by_model or c in taken:
            continue
        by_model[m] = (c, value)
        taken.add(c)
    for m, m_article in enumerate(model):  # second pass: share an article its heading names
        if m in by_model:
            continue
        named = [(table[c][m][0], c) for c, article in enumerate(contract)
                 if any(names_part(article.title, heading, language)
                        for heading in m_article.headings or (m_article.title.get(language),))]
        if named and max(named)[0] >= limits.COMPARE_MATCH_MIN_SCORE:
            value, c = max(named)
            by_model[m] = (c, value)

    pairings = [Pairing(m_article, contract[by_model[m][0]] if m in by_model else None,
                        by_model[m][1] if m in by_model else 0.0)
                for m, m_article in enumerate(model)]
    used = {c for c, _ in by_model.values()}
    extra = [article for c, article in enumerate(contract) if c not in used]
    return pairings, extra
