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
_SPACES = re.compile(r"\s+")
_EN_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z]+\b")


def normalise(text: str) -> str:
    return _SPACES.sub(" ", _DIGITS.sub("0", unicodedata.normalize("NFKC", text))).strip()


def mask_names(text: str, known_lower) -> str:
    """Words written with a capital that the corpus never writes in lower case are names."""
    known = known_set(known_lower)

    def replace(match: re.Match) -> str:
        word = match.group(0)
        return word if word_hash(word.lower()) in known else "Name"

    return _EN_CAPITALISED.sub(replace, text)


def word_hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8"))


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


_SEPARATOR = "\x1f"  # joins a sentence's tokens so they are folded in one call


def featurise(text: str, tokens, language: str, known_lower) -> np.ndarray:
    """Sorted unique bucket ids for one sentence; ``tokens``: spaCy tokens or strings."""
    lang = "ja" if language == "ja" else "en"
    clean = normalise(text)
    strings = [t if isinstance(t, str) else t.text for t in tokens]
    folded = _DIGITS.sub("0", unicodedata.normalize("NFKC", _SEPARATOR.join(strings)))
    words = [w.strip() for w in folded.split(_SEPARATOR) if w.strip()]
    if lang == "en":
        known = known_set(known_lower)
        clean = mask_names(clean, known_lower).lower()
        words = [w.lower() if not _EN_CAPITALISED.fullmatch(w) or word_hash(w.lower()) in known
                 else "name" for w in words]
    parts = []
    codes = np.frombuffer(clean.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    parts += _ngram_hashes(codes, CHAR_NGRAMS[lang], salt=1)
    if words:
        word_codes = np.fromiter((word_hash(w) for w in words), dtype=np.uint64, count=len(words))
        parts += _ngram_hashes(word_codes, WORD_NGRAMS[lang], salt=2)
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
