"""The spaCy component ``kyoso_scorer``: one probability per label for every sentence.

It runs right after the tokenizer: it cuts the doc into sentences by the
sentencizer's rule (checker/sentences.py), read from token arrays. Each sentence that
passes the cheap first pass
(candidates.yaml) is hashed into features from its own tokens and scored by the
linear model. The sentences' character spans land in ``doc.user_data[SENTENCES_KEY]``
and their scores (None for a sentence that is no candidate) in
``doc.user_data[SCORES_KEY]``, a ``SentenceScores`` keyed by span that scores a
sentence when first asked: the engine asks only where a rule has not already
decided, so most sentences are never featurised. Token and sentence boundaries are read
as arrays (``Doc.to_array``): making a Token object per token cost more than scoring.
Sentences the engine joins afterwards (a Japanese sentence cut inside brackets) are
scored by ``score_text``.
"""

from __future__ import annotations

import numpy as np
from spacy.language import Language

from ..sentences import SentenceSplitter
from . import features, model
from .candidates import pattern

SCORES_KEY = "kyoso_scores"
SENTENCES_KEY = "kyoso_sentences"
TEXT_KEY = "kyoso_text"


def score_text(text: str, tokens: list[str], language: str) -> np.ndarray | None:
    """Scores of one sentence from its text and token strings, or None when it is no candidate."""
    if not pattern(language).matches(text):
        return None
    scorer = model(language)
    return scorer.score_ids(features.featurise(text, tokens, language, scorer.known_lower))


def tokens_between(text: str, spans: np.ndarray, start: int, end: int) -> list[str]:
    inside = (spans[:, 0] >= start) & (spans[:, 0] < end)
    return [text[i:i + n] for i, n in spans[inside, :2].tolist()]


class SentenceScores:
    """Scores of one doc's sentences, keyed by (start, end), each computed on first use.
    It keeps the token offsets, not the doc: the doc holds it in ``user_data``, and a
    cycle would keep every paragraph's doc alive until the collector ran."""

    def __init__(self, text: str, spans: np.ndarray, bounds: dict, language: str):
        self._text, self.spans, self._bounds, self._language = text, spans, bounds, language
        self._known: dict[tuple[int, int], np.ndarray | None] = {}

    def __contains__(self, key) -> bool:
        return key in self._bounds

    def __getitem__(self, key: tuple[int, int]) -> np.ndarray | None:
        if key not in self._known:
            first, stop = self._bounds[key]
            tokens = [self._text[i:i + n] for i, n in self.spans[first:stop].tolist()]
            self._known[key] = score_text(self._text[key[0]:key[1]], tokens, self._language)
        return self._known[key]


class ScorerPipe:
    """Cuts the doc into sentences (checker/sentences.py, the sentencizer's rule) and
    leaves each a score computed on first use."""

    def __init__(self, vocab, language: str):
        self.language = "ja" if language == "ja" else "en"
        self._splitter = SentenceSplitter(vocab, self.language)

    def __call__(self, doc):
        spans, found = self._splitter.split(doc)
        # Doc.text joins every token again; the engine hands over the string it tokenised
        text = doc.user_data.get(TEXT_KEY) or doc.text
        doc.user_data[SENTENCES_KEY] = [(start, end) for start, end, _, _ in found]
        doc.user_data[SCORES_KEY] = SentenceScores(
            text, spans, {(start, end): (first, stop) for start, end, first, stop in found},
            self.language)
        return doc


@Language.factory("kyoso_scorer")
def make_scorer(nlp, name):
    return ScorerPipe(nlp.vocab, nlp.lang)
