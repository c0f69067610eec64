"""The spaCy pipelines, built lazily and cached per process.

No model is downloaded: English is ``spacy.blank("en")`` and Japanese is
``spacy.blank("ja")`` (SudachiPy, split mode C, sudachidict_core). Sentences are cut
by spaCy's sentencizer rule (Japanese also at 「。」), applied to token arrays
(checker/sentences.py). Both carry the scorer kyoso trains itself (``kyoso_scorer``,
checker/scorer/, weights shipped). The rule kinds read sentences as text with compiled
cue patterns, so neither pipeline needs a lemmatiser: English cue patterns spell the
inflections they accept (assign|assigns|assigned), which is cheaper than adding
``spacy-lookups-data`` (~100 MB) for the handful of verbs the rules care about.

spaCy is imported only inside these functions: drafting never pays for it.
"""

from __future__ import annotations

from functools import lru_cache, partial
from typing import Callable

from . import regex_code
from ..core import limits

_JA_SENTENCE_END = regex_code.compile(r"(?<=[。．！？])")


def _blank(language: str):
    """Blank tokenizer (Japanese: SudachiPy split mode C). Sentences are cut by the
    sentencizer's rule read from token arrays (checker/sentences.py), not by the
    ``sentencizer`` component, which made a Token object per token."""
    import spacy

    from spacy.attrs import IS_PUNCT

    if language == "ja":
        nlp = spacy.blank("ja", config={"nlp": {"tokenizer": {"split_mode": "C"}}})
    else:
        nlp = spacy.blank("en")
    # The checker reads each token's text and offsets; the sentence rule reads is_punct.
    # The vocabulary would compute every other lexical attribute (lower, norm, shape,
    # like_num, …) in Python for each new word, and nothing reads them: a sixth of the
    # tokenizer's time. Tokens and sentences are the same.
    getters = nlp.vocab.lex_attr_getters
    nlp.vocab.lex_attr_getters = {IS_PUNCT: getters[IS_PUNCT]}
    return nlp


@lru_cache(maxsize=None)
def base_pipeline(language: str):
    """Without the trained scorer: what the training script tokenises with."""
    return _blank(language)


@lru_cache(maxsize=None)
def _splitter(language: str):
    from .sentences import SentenceSplitter

    return SentenceSplitter(base_pipeline(language).vocab, language)


@lru_cache(maxsize=None)
def _run_sentences():
    """English sentences for a check: the checker's pipeline tokenises the deciding runs."""
    from .sentences import RunSentences

    return RunSentences(pipeline("en"))


@lru_cache(maxsize=None)
def pipeline(language: str):
    """The checker's pipeline: tokenizer and the trained ``kyoso_scorer`` (which also cuts
    the sentences)."""
    from .scorer import pipe  # noqa: F401  (registers the kyoso_scorer factory)

    nlp = _blank(language)
    nlp.add_pipe("kyoso_scorer")
    return nlp


def _ja_chunks(text: str) -> list[tuple[int, str]]:
    """Cut Japanese text under Sudachi's input limit, at sentence ends where possible."""
    if len(text.encode("utf-8")) <= limits.SUDACHI_MAX_BYTES:
        return [(0, text)]
    chunks, start, size = [], 0, 0
    pieces = [p for p in _JA_SENTENCE_END.split(text) if p]
    current = ""
    for piece in pieces:
        piece_bytes = len(piece.encode("utf-8"))
        if current and size + piece_bytes > limits.SUDACHI_MAX_BYTES:
            chunks.append((start, current))
            start += len(current)
            current, size = "", 0
        # A single run longer than the limit (no 。 at all) is cut by characters.
        while piece_bytes > limits.SUDACHI_MAX_BYTES:
            cut = limits.SUDACHI_MAX_BYTES // 4
            chunks.append((start, piece[:cut]))
            start += cut
            piece = piece[cut:]
            piece_bytes = len(piece.encode("utf-8"))
        current += piece
        size += piece_bytes
    if current:
        chunks.append((start, current))
    return chunks


def sentences(text: str, language: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of one paragraph, by the language's pipeline."""
    language = "ja" if language == "ja" else "en"
    nlp, splitter = base_pipeline(language), _splitter(language)
    spans: list[tuple[int, int]] = []
    chunks = _ja_chunks(text) if language == "ja" else [(0, text)]
    for offset, chunk in chunks:
        for start, end, _, _ in splitter.split(nlp.make_doc(chunk))[1]:
            if text[offset + start:offset + end].strip():
                spans.append((offset + start, offset + end))
    return _join_bracketed(text, spans) if language == "ja" else spans


_OPEN, _CLOSE = "（「『(", "）」』)"
_CUT_BEFORE_CLOSE = regex_code.compile(r"[。．][）」』)]+\s*$")  # 「…を含む。）」, not a heading 「第２条（目的）」


def _join_bracketed(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Re-join a Japanese sentence cut at a 「。」 inside brackets: 「発明（…を含む。）は、
    乙に帰属する。」 is one sentence, and its subject must stay with its verb."""
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined:
            previous = text[joined[-1][0]:joined[-1][1]]
            depth = sum(previous.count(c) for c in _OPEN) - sum(previous.count(c) for c in _CLOSE)
            if depth > 0 or _CUT_BEFORE_CLOSE.search(previous):
                joined[-1] = (joined[-1][0], end)
                continue
        joined.append((start, end))
    return joined


def scored_sentences(text: str, language: str) -> list[tuple[int, int, Callable]]:
    """``(start, end, scores)`` for each sentence of one paragraph; ``scores()`` gives
    the scorer's probabilities (numpy array in the model's label order), or None for a
    sentence that is no candidate. It scores the sentence on the first call only, so a
    caller that never asks pays nothing.

    English sentences are cut from the few runs that decide them (``RunSentences``): the
    paragraph goes through the pipeline only when one of its sentences is scored."""
    from .scorer.pipe import SCORES_KEY, SENTENCES_KEY, TEXT_KEY, score_text, tokens_between

    language = "ja" if language == "ja" else "en"
    nlp = pipeline(language)
    docs: list[tuple[int, str, object]] = []

    def run_pipeline(offset: int, chunk: str):
        doc = nlp.make_doc(chunk)
        doc.user_data[TEXT_KEY] = chunk
        for _name, component in nlp.pipeline:
            doc = component(doc)
        docs.append((offset, chunk, doc))
        return doc

    if language == "en":
        spans = _run_sentences().spans(text)
    else:
        spans = []
        for offset, chunk in _ja_chunks(text):
            for start, end in run_pipeline(offset, chunk).user_data[SENTENCES_KEY]:
                if text[offset + start:offset + end].strip():
                    spans.append((offset + start, offset + end))
        spans = _join_bracketed(text, spans)

    joined: dict[tuple[int, int], object] = {}  # scores of sentences the join made

    def scores_of(start: int, end: int):
        if not docs:
            run_pipeline(0, text)  # English: the first sentence asked of this paragraph
        for offset, chunk, doc in docs:
            if offset <= start and end <= offset + len(chunk):
                known = doc.user_data[SCORES_KEY]  # each sentence scored once, when asked
                key = (start - offset, end - offset)
                if key in known:
                    return known[key]
                if (start, end) not in joined:  # a joined sentence: score it whole
                    tokens = tokens_between(chunk, known.spans, *key)
                    joined[(start, end)] = score_text(text[start:end], tokens, language)
                return joined[(start, end)]
        return None

    return [(start, end, partial(scores_of, start, end)) for start, end in spans]
