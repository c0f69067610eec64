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

import unicodedata

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
        self.ends = frozenset(vocab.strings.add(char) for char in sentence_end_characters(language))

    def split(self, doc) -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
        """(each token's start and length as an [n, 2] array, and each sentence as
        (start, end) in characters and [first, stop) in tokens)."""
        from spacy.attrs import IDX, IS_PUNCT, LENGTH, ORTH

        tokens = doc.to_array([IDX, LENGTH, ORTH, IS_PUNCT]).reshape(-1, 4)
        rows = tokens.tolist()
        # One pass over plain ints: a paragraph is some sixty tokens, and a Python loop
        # over them costs less than the dozen numpy calls a vectorised rule took.
        ends, firsts, after_end = self.ends, [0], False
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


class RunSentences:
    """English sentence boundaries from the few runs of text that decide them.

    spaCy's English tokenizer cuts the text at white space into runs and tokenises each
    run on its own (a run's tokens depend only on the run; none of the English special
    cases holds a space). The sentencizer's rule only changes state at a sentence-final
    character, so only the runs holding one are tokenised, together in one short doc,
    plus, rarely, a run of punctuation right after a sentence end ('." (b)': the
    sentence opens at "b"). A run that opens with a letter or digit after a sentence end
    opens the next sentence, and so does extra white space (its tokens are not
    punctuation). The rest of the paragraph is never tokenised: a check needs a
    paragraph's tokens only to score one of its sentences, which is rare.

    tests/test_sentences.py holds the spans to the full tokenisation's."""

    def __init__(self, nlp):
        import re

        self._nlp, self._ends = nlp, SentenceSplitter(nlp.vocab, "en").ends
        chars = "".join(sorted(sentence_end_characters("en")))
        self._end_char = re.compile("[" + re.escape(chars) + "]")
        # the ASCII ones alone for ASCII text: re tests a class of 128 scattered
        # characters a tenth as fast as one of three
        self._ascii_end_char = re.compile("[" + re.escape("".join(c for c in chars if c.isascii())) + "]")
        self._space = re.compile(r"\s")  # str.isspace and re's \s agree (Py_UNICODE_ISSPACE)
        self._run = re.compile(r"\S+")

    def _deciding_runs(self, text: str) -> list[tuple[int, int]]:
        """The runs that hold a sentence-final character, as (start, end)."""
        runs: list[tuple[int, int]] = []
        ends = self._ascii_end_char if text.isascii() else self._end_char
        for found in ends.finditer(text):
            at = found.start()
            if runs and at < runs[-1][1]:
                continue  # another one in the same run ("U.S.")
            start = at
            while start > 0 and not text[start - 1].isspace():
                start -= 1
            space = self._space.search(text, at)
            runs.append((start, space.start() if space else len(text)))
        return runs

    def _tokens(self, text: str, runs: list[tuple[int, int]]) -> list[list[tuple[int, int, int]]]:
        """Per run: (start in ``text``, orth id, is punctuation) of each of its tokens."""
        from spacy.attrs import IDX, IS_PUNCT, ORTH

        joined = " ".join(text[a:b] for a, b in runs)
        rows = self._nlp.make_doc(joined).to_array([IDX, ORTH, IS_PUNCT]).reshape(-1, 3).tolist()
        per_run: list[list[tuple[int, int, int]]] = [[] for _ in runs]
        number, offset = 0, 0  # offset: where run ``number`` starts in ``joined``
        for idx, orth, punct in rows:
            while idx >= offset + (runs[number][1] - runs[number][0]) + 1:
                offset += runs[number][1] - runs[number][0] + 1
                number += 1
            per_run[number].append((runs[number][0] + idx - offset, orth, punct))
        return per_run

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Sentence spans as the tokenizer and the sentencizer would give them (the
        white-space-only ones left out, as ``nlp.sentences`` does)."""
        if not text:
            return []
        deciding = self._deciding_runs(text)
        starts = [0]
        if deciding:
            tokens = self._tokens(text, deciding)
            after_end = False  # the sentencizer's state: a sentence-final token seen
            for number, (_, end) in enumerate(deciding):
                for idx, orth, punct in tokens[number]:
                    if orth in self._ends:
                        after_end = True
                    elif after_end and not punct:
                        starts.append(idx)
                        after_end = False
                if after_end:
                    following = deciding[number + 1][0] if number + 1 < len(deciding) else None
                    opened = self._opening_after(text, end, following)
                    if opened is not _NEXT_DECIDES:
                        after_end = False
                        if opened is not None:
                            starts.append(opened)
        sentences = []
        for number, start in enumerate(starts):
            stop = starts[number + 1] if number + 1 < len(starts) else len(text)
            end = _token_end_before(text, stop)
            if text[start:end].strip():
                sentences.append((start, end))
        return sentences

    def _opening_after(self, text: str, end: int, following: int | None):
        """After a sentence end at ``end`` (the end of a run), where the next sentence opens;
        ``_NEXT_DECIDES`` when the next deciding run comes first (its tokens decide), None
        when the text ends first."""
        position = end
        while position < len(text):
            run = self._run.search(text, position)
            gap = text[position:run.start() if run else len(text)]
            if gap != " ":  # white space beyond the one space the tokenizer drops: a token
                return position + 1 if gap[0] == " " else position
            if run is None:
                return None
            if run.start() == following:
                return _NEXT_DECIDES
            first = text[run.start()]
            if not unicodedata.category(first).startswith("P"):
                return run.start()  # a token that opens with a letter, digit or sign
            # a run opening with punctuation ("(b)", '"Company"'): its first plain token
            for idx, orth, punct in self._tokens(text, [run.span()])[0]:
                if not punct:  # (the run holds no sentence-final character)
                    return idx
            position = run.end()
        return None


_NEXT_DECIDES = object()


def _token_end_before(text: str, stop: int) -> int:
    """The end of the last token before ``stop`` (a token start, or the text's end): white
    space is a token of its own except one space after a run, which the tokenizer drops."""
    if stop == 0 or not text[stop - 1].isspace():
        return stop  # runs are cut into tokens without gaps
    gap_start = stop
    while gap_start > 0 and text[gap_start - 1].isspace():
        gap_start -= 1
    if stop < len(text) and text[stop].isspace():
        return gap_start  # ``stop`` opens the white-space token after a dropped space
    if gap_start > 0 and text[gap_start:stop] == " ":
        return gap_start  # the one space after a run belongs to no token
    return stop  # a white-space token ends here
