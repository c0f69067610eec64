"""How alike two articles are: by title, and by content (character n-grams).

Character n-grams work the same for Japanese, which has no spaces, and for English,
and they survive the small rewordings a counterparty makes (「本件発明」 for 「本発明」,
"shall vest in" for "vests in"). Content is compared as TF-IDF weighted n-gram
vectors: the document frequency comes from the model's own articles, so boilerplate
every article shares (「本契約」, "this agreement", "shall") weighs little and the
words that make an article what it is (「秘密情報」, "royalt") weigh most.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import Iterable

# Japanese: a character pair already carries meaning (秘密, 帰属, 期間); English needs
# three letters before an n-gram stops being noise ("the", "ent").
NGRAM = {"ja": 2, "en": 4}

_JA_NUMBERING = re.compile(r"第\s*[0-9〇一二三四五六七八九十百]+\s*条(?:の[0-9一二三四五六七八九十]+)?")
_EN_NUMBERING = re.compile(r"\b(?:article|section|clause|sec)\.?\s*[0-9ivxlc]+(?:\.[0-9]+)*\b\.?")
_LEADING_NUMBER = re.compile(r"^\s*[0-9]+(?:\.[0-9]+)*\.?\s*")
_NOT_WORD = re.compile(r"[^0-9a-z\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]+")
# Words that carry no meaning in an English heading ("Term of the Agreement" = "Term").
_EN_TITLE_NOISE = {"the", "of", "and", "or", "a", "an", "to", "for", "in", "on", "by", "with",
                   "this", "agreement", "contract", "its", "their", "any", "all"}


def normalise(text: str, language: str) -> str:
    """NFKC, lower case, and nothing but letters and digits (spaces between English words)."""
    text = unicodedata.normalize("NFKC", text).lower()
    if language == "ja":
        return _NOT_WORD.sub("", text)
    return " ".join(_NOT_WORD.sub(" ", text).split())


def ngrams(text: str, language: str) -> Counter:
    size = NGRAM.get(language, 3)
    plain = normalise(text, language)
    if language != "ja":
        plain = f" {plain} "  # so a word's first and last letters form n-grams too
    return Counter(plain[i:i + size] for i in range(max(len(plain) - size + 1, 0)))


@lru_cache(maxsize=4096)
def title_key(title: str | None, language: str) -> str:
    """A heading as it compares: no 第N条 / Article N, no brackets, no filler words."""
    if not title:
        return ""
    text = unicodedata.normalize("NFKC", title)
    if language == "ja":
        text = _JA_NUMBERING.sub("", text)
        return normalise(_LEADING_NUMBER.sub("", text), "ja")
    text = _LEADING_NUMBER.sub("", _EN_NUMBERING.sub(" ", text.lower()))
    words = [w for w in normalise(text, "en").split() if w not in _EN_TITLE_NOISE]
    return " ".join(words)


def title_similarity(contract_title: str | None, model_title: str, language: str) -> float:
    """0..1: Dice overlap of the titles' n-grams; one title inside the other counts high
    (「秘密保持」 in 「秘密保持義務」, "Term" in "Term and Termination")."""
    ours, theirs = title_key(model_title, language), title_key(contract_title, language)
    if not ours or not theirs:
        return 0.0
    if ours == theirs:
        return 1.0
    a, b = _title_grams(ours, language), _title_grams(theirs, language)
    dice = 2 * (a & b).total() / (a.total() + b.total()) if a and b else 0.0
    if ours in _conjuncts(contract_title, language) or theirs in _conjuncts(model_title, language):
        dice = max(dice, CONTAINED_TITLE)
    return dice


def names_part(contract_title: str | None, model_title: str, language: str) -> bool:
    """True when the headings are the same, or one is a coordinated part of the other:
    the only evidence strong enough to let two model articles share one contract article."""
    ours, theirs = title_key(model_title, language), title_key(contract_title, language)
    if not ours or not theirs:
        return False
    return ours == theirs or ours in _conjuncts(contract_title, language) \
        or theirs in _conjuncts(model_title, language)


# A title that is one half of the other ("Term" in "Term and Termination") is nearly as
# good as the same title; not quite, so that an exact title elsewhere still wins.
CONTAINED_TITLE = 0.85
# Only a coordinated part counts, not any words inside: "Purpose" is no half of
# "No Use Beyond the Purpose".
_CONJUNCTION = re.compile(r"\s+and\s+|\s*[&,;/・、]\s*|および|及び|並びに|ならびに|または|又は")


@lru_cache(maxsize=4096)
def _conjuncts(title: str | None, language: str) -> frozenset[str]:
    if not title:
        return frozenset()
    parts = _CONJUNCTION.split(unicodedata.normalize("NFKC", title))
    if len(parts) < 2:
        return frozenset()
    return frozenset(title_key(part, language) for part in parts) - {""}


@lru_cache(maxsize=4096)
def _title_grams(key: str, language: str) -> Counter:
    if language == "ja":
        grams = Counter(key[i:i + 2] for i in range(len(key) - 1))
        return grams or Counter([key])
    return Counter(key.split()) + ngrams(key, "en")


class ContentIndex:
    """TF-IDF vectors of the model's articles, to score a contract article against each."""

    def __init__(self, texts: Iterable[str], language: str):
        self.language = language
        profiles = [ngrams(text, language) for text in texts]
        count = len(profiles)
        frequency: Counter = Counter()
        for profile in profiles:
            frequency.update(profile.keys())
        # Smoothed IDF: an n-gram in every model article still weighs a little.
        self.idf = {gram: math.log((1 + count) / (1 + df)) + 1 for gram, df in frequency.items()}
        self._unseen = math.log(1 + count) + 1
        # Postings (n-gram -> [(article, weight)]): a contract article's score against
        # every model article in one pass over its own n-grams.
        self.count = count
        self.postings: dict[str, list[tuple[int, float]]] = {}
        for index, profile in enumerate(profiles):
            for gram, weight in self._vector(profile).items():
                self.postings.setdefault(gram, []).append((index, weight))

    def _vector(self, profile: Counter) -> dict[str, float]:
        vector = {gram: (1 + math.log(n)) * self.idf.get(gram, self._unseen)
                  for gram, n in profile.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {gram: v / norm for gram, v in vector.items()}

    def scores(self, text: str) -> list[float]:
        """Cosine similarity of ``text`` with every model article, in model order."""
        totals = [0.0] * self.count
        postings = self.postings
        for gram, weight in self._vector(ngrams(text, self.language)).items():
            for index, model_weight in postings.get(gram, ()):
                totals[index] += weight * model_weight
        return totals
