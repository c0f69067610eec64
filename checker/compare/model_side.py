"""The model contract as ``compare`` sees it: its articles, and what the checker says of them.

Each model article is rendered with the contract's example deal (the wording
``kyoso draft --example`` writes), in the language of the contract under comparison:
that text is what a contract article's content is scored against. An article the
example deal leaves out (an option) is rendered on its own, so a contract that has
it still finds its match.

The *baseline* is the checker's own findings on the model: the model draft is run
through the same public checking API as any contract. A contract article only
deviates where the checker finds something the model's own article does not earn
(a category the model article does not raise, a higher severity, or a term that
favours the other side), so the checker's general notes ("a licence: check its
scope") do not make kyoso's own wording look like a deviation from itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ...clauses.model import Text

_GUIDELINE_CITE = re.compile(r"guideline:([A-Za-z0-9_-]+)")


@dataclass(frozen=True)
class ModelArticle:
    id: str  # "ip_ownership"
    ref: str  # "joint-development/ip_ownership"
    number: int  # place in the full model, options included (as `kyoso clauses ID` lists it)
    title: Text
    text: str  # rendered wording in the comparison language
    essential: bool
    optional: bool  # has a `when`: the model itself may leave it out
    practices: tuple[str, ...]  # guideline catalogue ids its provenance cites
    if_absent: Text | None
    position: Text | None
    headings: tuple[str, ...] = ()  # title and also_titled, in the comparison language


@dataclass(frozen=True)
class Flag:
    """What a checker finding says, reduced to what the baseline compares."""

    category: str
    rank: int  # severity rank
    role: str | None  # role of the party it favours: startup | business | None unknown


@dataclass
class Model:
    contract_id: str
    language: str
    title: Text
    articles: list[ModelArticle]
    baseline: dict[str, list[Flag]] = field(default_factory=dict)  # article id -> flags


@lru_cache(maxsize=32)
def model_articles(contract_id: str, language: str) -> tuple[ModelArticle, ...]:
    return _articles(contract_id, language, _rendered_texts(contract_id, language))


def _rendered_texts(contract_id: str, language: str) -> dict[str, str]:
    from ...clauses.loader import get_contract
    from ...clauses.render import format_article, render_contract

    contract = get_contract(contract_id)
    values = example_values(contract_id)
    shown = {a.id: a for a in render_contract(contract, values, language).articles}
    texts = {}
    for article in contract.articles:
        rendered = shown.get(article.id)
        if rendered is None:  # an option the example deal leaves out
            rendered = next(a for a in render_contract(contract, values, language,
                                                       force_on=article.id).articles
                            if a.id == article.id)
        texts[article.id] = format_article(rendered, language)
    return texts


def _articles(contract_id: str, language: str, texts: dict[str, str]) -> tuple[ModelArticle, ...]:
    from ...clauses.loader import get_contract

    contract = get_contract(contract_id)
    articles = []
    for number, article in enumerate(contract.articles, 1):
        articles.append(ModelArticle(
            id=article.id, ref=f"{contract_id}/{article.id}", number=number, title=article.title,
            text=texts[article.id], essential=article.essential,
            optional=article.when is not None,
            practices=tuple(dict.fromkeys(_GUIDELINE_CITE.findall(article.provenance or ""))),
            if_absent=article.if_absent, position=article.position,
            headings=(article.title.get(language), *article.also_titled.get(language, ()))))
    return tuple(articles)


@lru_cache(maxsize=16)
def example_values(contract_id: str) -> dict[str, Any]:
    from ...clauses.answers import example_answers, resolve
    from ...clauses.loader import get_contract

    return resolve(get_contract(contract_id), example_answers(contract_id),
                   f"example answers for {contract_id}")


def party_roles(contract_id: str, language: str) -> dict[str, str]:
    """Name and alias of each example party -> its role, to read a finding's ``favours``."""
    from ...clauses.loader import get_contract

    contract = get_contract(contract_id)
    values = example_values(contract_id)
    roles: dict[str, str] = {}
    for name in contract.parties:
        variable, value = contract.variables[name], values.get(name) or {}
        for key in ("name", "alias"):
            text = value.get(key)
            if isinstance(text, Text):
                roles[text.get(language)] = variable.role
            elif isinstance(text, str):
                roles[text] = variable.role
    return roles


# (contract id, language, id of the rule set) -> (the rule set, (articles, baseline));
# holding the rule set keeps its id from being reused by another while the entry lives.
_BASELINES: dict[tuple[str, str, int], tuple[Any, tuple[list[ModelArticle], dict[str, list[Flag]]]]] = {}


def load_model(contract_id: str, language: str, ruleset: Any,
               config_path: Path | None = None) -> Model:
    """The model's articles in ``language`` with the checker's findings on each: from
    memory, else from the disk cache (cache.py), else rendered and checked now."""
    from ...clauses.loader import get_contract
    from . import cache

    contract = get_contract(contract_id)
    key = (contract_id, language, id(ruleset))
    if key not in _BASELINES:  # one run of the checker per model, language and rule set
        disk_key = cache.key(contract_id, language, config_path)
        stored = _from_disk(cache.get(disk_key), contract)
        if stored is not None:
            articles, baseline = list(_articles(contract_id, language, stored[0])), stored[1]
        else:
            articles = list(model_articles(contract_id, language))
            baseline = _baseline(contract_id, language, ruleset, articles)
            cache.put(disk_key, {"texts": {a.id: a.text for a in articles},
                                 "baseline": {i: [[f.category, f.rank, f.role] for f in flags]
                                              for i, flags in baseline.items()}})
        _BASELINES[key] = (ruleset, (articles, baseline))
    articles, baseline = _BASELINES[key][1]
    return Model(contract_id, language, contract.title, articles, baseline)


def _from_disk(data: Any, contract) -> tuple[dict[str, str], dict[str, list[Flag]]] | None:
    """The cached texts and baseline, if they are whole and fit the loaded contract."""
    try:
        texts, flags = data["texts"], data["baseline"]
        ids = [a.id for a in contract.articles]
        if sorted(texts) != sorted(ids) or not all(isinstance(texts[i], str) for i in ids):
            return None
        baseline = {i: [Flag(str(c), int(r), r_ if r_ in ("startup", "business") else None)
                        for c, r, r_ in flags.get(i, [])] for i in ids}
        return texts, baseline
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _baseline(contract_id: str, language: str, ruleset: Any,
              articles: list[ModelArticle]) -> dict[str, list[Flag]]:
    from ...clauses.render import render_contract
    from ...clauses.loader import get_contract
    from ...templates.api import draft_bytes
    from ..api import CheckOptions, analyse
    from ..model import SourceText, severity_rank
    from ..readers import read_document
    from ..structure import segment

    options = CheckOptions(lang=language)
    roles = party_roles(contract_id, language)
    quiet = lambda message: None  # noqa: E731 - the model draft's notes are not the user's

    def flag(finding) -> Flag:
        return Flag(finding.category, severity_rank(finding.severity), roles.get(finding.favours))

    values = example_values(contract_id)
    draft = draft_bytes(contract_id, values, language, "md")
    source = read_document(f"{contract_id}.md", data=draft)
    source.language = language
    result = analyse(source, ruleset, options, quiet)
    structure = segment(source)
    numbered = {str(a.number): a.id for a in
                render_contract(get_contract(contract_id), values, language).articles}
    spans: list[tuple[int, int, str]] = []
    for unit in structure.clauses:
        article_id = numbered.get(unit.article or "") if not getattr(unit, "annex", False) else None
        if article_id:
            spans.append((unit.start, unit.end, article_id))
    baseline: dict[str, list[Flag]] = {a.id: [] for a in articles}
    for finding in result.findings:
        for start, end, article_id in spans:
            if start <= finding.location.start < end:
                baseline[article_id].append(flag(finding))
                break
    for article in articles:  # options the example deal leaves out: checked on their own
        if article.id in numbered.values():
            continue
        alone = SourceText(path=f"{article.ref}.txt", text=article.text, blocks=[], format="txt",
                           language=language)
        baseline[article.id] = [flag(f) for f in analyse(alone, ruleset, options, quiet).findings]
    return baseline
