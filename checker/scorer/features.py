"""Text -> hashed n-gram features, the same code for training and for checking.

A sentence becomes a sparse vector: word 1-3-grams (spaCy's tokens) and character
n-grams, hashed into ``DIM`` buckets. Hashing keeps the shipped model a fixed-size
array with no vocabulary to load, and the hashes are computed with numpy (a rolling
polynomial over code points), so a sentence costs a handful of array operations.

Names are masked before hashing: an English word written with a capital that the
training corpus never wrote in lower case ("Acme", "Zenith") becomes ``Name``, so the
model learns the wording of a clause, not the parties of the contracts it saw. Digits
become 0, and the text is NFKC-normalised (full-width Ｘ社, １２３) first.
"""

from __future__ import annotations

import re
import unicodedata
import zlib

import numpy as np

DIM_BITS = 18
DIM = 1 << DIM_BITS  # 262,144 buckets: few collisions for ~100k distinct n-grams, 1 MB a label
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: spreads the rolling hash's bits
_BASE = np.uint64(1_000_003)
_SHIFT = np.uint64(64 - DIM_BITS)

# Character n-gram lengths. English: 3-5 catch stems ("assign", "vest") across inflections.
# Japanese has no spaces and dense characters: 1-3 cover 帰属, 譲渡, 許諾, 競業.
CHAR_NGRAMS = {"en": (3, 4, 5), "ja": (1, 2, 3)}
WORD_NGRAMS = {"en": (1, 2, 3), "ja": (1, 2, 3)}

_DIGITS = re.compile(r"\d")
_EN_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z]+\b")


def normalise(text: str) -> str:
    if not text.isascii():  # NFKC leaves ASCII as it is
        text = unicodedata.normalize("NFKC", text)
    # str.split() and re's \s agree on what is white space (both ask Py_UNICODE_ISSPACE)
    return " ".join(_DIGITS.sub("0", text).split())


def mask_names(text: str, known_lower) -> str:
    """Words written with a capital that the corpus never writes in lower case are names."""
    known = known_set(known_lower)
    seen = _masked(known)

    def replace(match: re.Match) -> str:
        word = match.group(0)
        kept = seen.get(word)
        if kept is None:
            kept = seen[word] = word_hash(word.lower()) in known
        return word if kept else "Name"

    return _EN_CAPITALISED.sub(replace, text)


def word_hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8"))


# Per word, what it is once read: a check reads the same few thousand words again and
# again, and folding, masking and hashing each token was most of the scorer's time.
# Bounded: emptied when full, so a long batch cannot grow it without end.
MEMO_WORDS = 200_000
_MASKED: dict[frozenset, dict[str, bool]] = {}  # keyed by the word set itself, not its id
_WORD_CODES: dict[tuple[frozenset | None, str], dict[str, int]] = {}


def _masked(known: frozenset[int]) -> dict[str, bool]:
    memo = _MASKED.setdefault(known, {})
    if len(memo) > MEMO_WORDS:
        memo.clear()
    return memo


def _word_codes(known: frozenset[int] | None, language: str) -> dict[str, int]:
    memo = _WORD_CODES.setdefault((known, language), {})
    if len(memo) > MEMO_WORDS:
        memo.clear()
    return memo


def _word_code(token: str, known: frozenset[int] | None) -> int | None:
    """The hash of one token as the model reads it (NFKC, digits as 0, English names
    masked and the rest in lower case), or None for a token that is only white space."""
    word = _DIGITS.sub("0", unicodedata.normalize("NFKC", token)).strip()
    if not word:
        return None
    if known is not None:
        word = word.lower() if not _EN_CAPITALISED.fullmatch(word) or word_hash(word.lower()) in known \
            else "name"
    return word_hash(word)


_KNOWN_SETS: dict[int, frozenset[int]] = {}


def known_set(known_lower) -> frozenset[int]:
    """The shipped hash array as a set (built once per array: lookups are per word)."""
    if isinstance(known_lower, (set, frozenset)):
        return frozenset(word_hash(w) if isinstance(w, str) else w for w in known_lower)
    key = id(known_lower)
    if key not in _KNOWN_SETS:
        _KNOWN_SETS[key] = frozenset(int(v) for v in np.asarray(known_lower).tolist())
    return _KNOWN_SETS[key]


def _bucket(hashes: np.ndarray) -> np.ndarray:
    return ((hashes * _GOLDEN) >> _SHIFT).astype(np.int32)


def _ngram_hashes(codes: np.ndarray, sizes: tuple[int, ...], salt: int) -> list[np.ndarray]:
    """Rolling hashes of every n-gram of ``codes`` for each n in ``sizes``."""
    out = []
    rolling = None
    for n in range(1, max(sizes) + 1):
        if len(codes) < n:
            break
        if rolling is None:
            rolling = codes.copy()
        else:
            rolling = rolling[:-1] * _BASE + codes[n - 1:]
        if n in sizes:
            out.append(rolling + np.uint64(salt * 7919 + n))
    return out


def featurise(text: str, tokens, language: str, known_lower) -> np.ndarray:
    """Sorted unique bucket ids for one sentence; ``tokens``: spaCy tokens or strings."""
    lang = "ja" if language == "ja" else "en"
    clean = normalise(text)
    known = known_set(known_lower) if lang == "en" else None
    if known is not None:
        clean = mask_names(clean, known_lower).lower()
    memo = _word_codes(known, lang)
    codes_of_words = []
    for token in tokens:
        token = token if isinstance(token, str) else token.text
        code = memo.get(token)
        if code is None:
            code = memo[token] = _word_code(token, known)
            if code is None:
                memo[token] = -1
        if code is not None and code >= 0:
            codes_of_words.append(code)
    parts = []
    codes = np.frombuffer(clean.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    parts += _ngram_hashes(codes, CHAR_NGRAMS[lang], salt=1)
    if codes_of_words:
        parts += _ngram_hashes(np.array(codes_of_words, dtype=np.uint64), WORD_NGRAMS[lang], salt=2)
    if not parts:
        return np.zeros(0, dtype=np.int32)
    return sorted_unique(_bucket(np.concatenate(parts)))


def sorted_unique(ids: np.ndarray) -> np.ndarray:
    """``np.unique`` for one sentence's ids, by sorting: numpy 2's unique hashes first,
    which costs six times as much on a thousand ints."""
    ids = np.sort(ids)
    if len(ids) < 2:
        return ids
    keep = np.empty(len(ids), dtype=bool)
    keep[0] = True
    np.not_equal(ids[1:], ids[:-1], out=keep[1:])
    return ids[keep]


def vocabulary(texts, minimum: int = 3) -> np.ndarray:
    """Hashes of the words a corpus writes in lower case at least ``minimum`` times:
    the words that are not names (shipped with the model, sorted for searchsorted)."""
    counts: dict[str, int] = {}
    for text in texts:
        for word in re.findall(r"\b[a-z][a-z]+\b", normalise(text)):
            counts[word] = counts.get(word, 0) + 1
    return np.unique(np.array([word_hash(w) for w, n in counts.items() if n >= minimum],
                              dtype=np.uint32))
