"""Running many documents: one result per input, in input order.

This is the sequential baseline; parallel (--jobs), distributed (--dask) and resumed
(--since) runs extend ``iter_results`` with the same contract.
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator

from .model import DocumentResult


def iter_results(inputs: Iterable[Any], options: Any, ruleset: Any) -> Iterator[DocumentResult]:
    """Yield a ``DocumentResult`` per input, in the order given.

    ``inputs``: ``InputRef`` entries from ``inputs.expand_paths`` (or plain paths);
    an entry that already carries an error yields an error result. ``options`` is the
    run's ``api.CheckOptions``; ``ruleset`` the loaded ``engine.RuleSet``. Never raises
    for a bad file: ``check_document`` turns it into ``DocumentResult.error``.
    """
    from .api import check_document

    for ref in inputs:
        yield check_document(ref, ruleset, options)
