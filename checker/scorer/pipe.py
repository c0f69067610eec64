"""The spaCy component ``kyoso_scorer``: one probability per label for every sentence.

It runs after the sentencizer. Each sentence that passes the cheap first pass
(candidates.yaml) is hashed into features from its own tokens and scored by the
linear model; the scores land in ``doc.user_data["kyoso_scores"]`` keyed by the
sentence's character span. Sentences the engine joins afterwards (a Japanese
sentence cut inside brackets) are scored by ``score_span``.
"""

from __future__ import annotations

import numpy as np
from spacy.language import Language

from . import features, model
from .candidates import pattern

SCORES_KEY = "kyoso_scores"


def score_span(span, language: str) -> np.ndarray | None:
    """Scores of one span (spaCy Span), or None when it is no candidate."""
    if not pattern(language).search(span.text):
        return None
    scorer = model(language)
    ids = features.featurise(span.text, [t.text for t in span], language, scorer.known_lower)
    return scorer.score_ids(ids)


class ScorerPipe:
    def __init__(self, language: str):
        self.language = "ja" if language == "ja" else "en"

    def __call__(self, doc):
        doc.user_data[SCORES_KEY] = {(s.start_char, s.end_char): score_span(s, self.language)
                                     for s in doc.sents}
        return doc


@Language.factory("kyoso_scorer")
def make_scorer(nlp, name):
    return ScorerPipe(nlp.lang)
