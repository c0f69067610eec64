"""Sentence boundaries as spaCy's sentencizer draws them, read from token arrays.

spaCy's ``Sentencizer`` walks a Doc token by token and makes a Token object for each:
a sixth of tokenising a contract, and the scorer then read the boundaries back from
the Doc. Its rule is short, so numpy applies it to the token arrays in one go:

    a sentence opens at the first token after a sentence-final character ("." "!"
    "?" 「。」…) that is neither punctuation nor another sentence-final character.

The first token always opens one. The sentence-final characters are the sentencizer's
own (English: its default list; Japanese: the list nlp.py configured it with).
tests/test_sentences.py holds the boundaries to the stock sentencizer's.
"""

from __future__ import annotations

import numpy as np

# Japanese: full stops and marks, full and half width. 「．」 ends a sentence in
# documents written with full-width punctuation.
JA_SENTENCE_ENDS = ("。", "．", "！", "？", "!", "?")


def sentence_end_characters(language: str) -> tuple[str, ...]:
    if language == "ja":
        return JA_SENTENCE_ENDS
    from spacy.pipeline.sentencizer import Sentencizer

    return tuple(Sentencizer.default_punct_chars)


class SentenceSplitter:
    """Per vocabulary and language: the sentence-final characters as hash ids."""

    def __init__(self, vocab, language: str):
        self._ends = frozenset(vocab.strings.add(char) for char in sentence_end_characters(language))

    def split(self, doc) -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
        """(each token's start and length as an [n, 2] array, and each sentence as
        (start, end) in characters and [first, stop) in tokens)."""
        from spacy.attrs import IDX, IS_PUNCT, LENGTH, ORTH

        tokens = doc.to_array([IDX, LENGTH, ORTH, IS_PUNCT]).reshape(-1, 4)
        rows = tokens.tolist()
        # One pass over plain ints: a paragraph is some sixty tokens, and a Python loop
        # over them costs less than the dozen numpy calls a vectorised rule took.
        ends, firsts, after_end = self._ends, [0], False
        for number, (_, _, orth, punct) in enumerate(rows):
            if orth in ends:
                after_end = True
            elif after_end and not punct:
                firsts.append(number)
                after_end = False
        sentences = []
        for first, stop in zip(firsts, firsts[1:] + [len(rows)]) if rows else ():
            last = rows[stop - 1]
            sentences.append((rows[first][0], last[0] + last[1], first, stop))
        return tokens[:, :2], sentences
