"""The spaCy component ``kyoso_scorer``: one probability per label for every sentence.

It runs after the sentencizer. Each sentence that passes the cheap first pass
(candidates.yaml) is hashed into features from its own tokens and scored by the
linear model. The sentences' character spans land in ``doc.user_data[SENTENCES_KEY]``
and their scores (None for a sentence that is no candidate) in
``doc.user_data[SCORES_KEY]``, keyed by span. Token and sentence boundaries are read
as arrays (``Doc.to_array``): making a Token object per token cost more than scoring.
Sentences the engine joins afterwards (a Japanese sentence cut inside brackets) are
scored by ``score_text``.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.language import Language

from . import features, model
from .candidates import pattern

SCORES_KEY = "kyoso_scores"
SENTENCES_KEY = "kyoso_sentences"
TOKENS_KEY = "kyoso_tokens"
TEXT_KEY = "kyoso_text"


def score_text(text: str, tokens: list[str], language: str) -> np.ndarray | None:
    """Scores of one sentence from its text and token strings, or None when it is no candidate."""
    if not pattern(language).search(text):
        return None
    scorer = model(language)
    return scorer.score_ids(features.featurise(text, tokens, language, scorer.known_lower))


def token_spans(doc) -> np.ndarray:
    """[n, 3] int array: each token's start, length, and whether it opens a sentence."""
    return doc.to_array([IDX, LENGTH, SENT_START]).reshape(-1, 3)


def tokens_between(text: str, spans: np.ndarray, start: int, end: int) -> list[str]:
    inside = (spans[:, 0] >= start) & (spans[:, 0] < end)
    return [text[i:i + n] for i, n in spans[inside, :2].tolist()]


class ScorerPipe:
    def __init__(self, language: str):
        self.language = "ja" if language == "ja" else "en"

    def __call__(self, doc):
        spans = token_spans(doc)
        # Doc.text joins every token again; the engine hands over the string it tokenised
        text = doc.user_data.get(TEXT_KEY) or doc.text
        sentences, scores = [], {}
        if len(spans):
            opens = np.flatnonzero(spans[:, 2] == 1).tolist()
            if not opens or opens[0] != 0:
                opens = [0] + opens
            bounds = opens + [len(spans)]
            for first, stop in zip(bounds, bounds[1:]):
                start = int(spans[first, 0])
                end = int(spans[stop - 1, 0] + spans[stop - 1, 1])
                sentences.append((start, end))
                tokens = [text[i:i + n] for i, n in spans[first:stop, :2].tolist()]
                scores[(start, end)] = score_text(text[start:end], tokens, self.language)
        doc.user_data[SENTENCES_KEY] = sentences
        doc.user_data[SCORES_KEY] = scores
        doc.user_data[TOKENS_KEY] = spans
        return doc


@Language.factory("kyoso_scorer")
def make_scorer(nlp, name):
    return ScorerPipe(nlp.lang)
