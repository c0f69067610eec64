"""The trained scorer: says *whether* a sentence transfers IP, grants a licence,
restrains competition or ties a party to exclusive dealing; the rules
(checker/kinds.py) say who, how long, how broad and how severe.

``model(language)`` loads ``weights/<lang>.npz`` on first use (a missing or damaged
file is a ``ScorerError``: one line, exit 2). The spaCy component ``kyoso_scorer``
(pipe.py) scores the sentences of each paragraph the engine reads;
``python -m kyoso.checker.scorer.train`` rebuilds the weights from ../shared/data
(seeded, deterministic; see docs/scorer.md).
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from ...core.errors import KyosoError

WEIGHTS_DIR = Path(__file__).parent / "weights"
# Retrained weights can be tried without reinstalling: KYOSO_SCORER_DIR=/path/to/weights
ENV_DIR = "KYOSO_SCORER_DIR"

# checker category -> the scorer labels that speak for it
CATEGORY_LABELS = {
    "ip-assignment": ("ip-assignment",),
    "unlimited-license": ("licence", "perpetual-licence"),
    "non-compete": ("non-compete",),
    "exclusive-dealing": ("exclusive-dealing",),
}


class ScorerError(KyosoError):
    """The trained model that ships with kyoso is missing or damaged."""

    code = "model"


_loaded: dict[tuple[str, str], object] = {}
_override: dict[str, object] = {}


def weights_path(language: str) -> Path:
    folder = Path(os.environ.get(ENV_DIR) or WEIGHTS_DIR)
    return folder / f"{'ja' if language == 'ja' else 'en'}.npz"


def model(language: str):
    """The LinearModel for ``language`` (cached per path)."""
    language = "ja" if language == "ja" else "en"
    if language in _override:
        return _override[language]
    path = weights_path(language)
    key = (language, str(path))
    if key not in _loaded:
        from .linear import LinearModel

        if not path.is_file():
            raise ScorerError(f"the checker's trained model {path} is missing; reinstall kyoso "
                              f"or rebuild it with 'python -m kyoso.checker.scorer.train'")
        try:
            _loaded[key] = LinearModel.load(path)
        except Exception as error:  # a truncated zip, a wrong shape, NaNs: all one answer
            raise ScorerError(f"the checker's trained model {path} is damaged ({error}); "
                              f"reinstall kyoso or rebuild it with "
                              f"'python -m kyoso.checker.scorer.train'") from None
    return _loaded[key]


def check_models() -> None:
    """Load both languages' weights now, so a broken install fails once, up front."""
    for language in ("en", "ja"):
        model(language)


@contextmanager
def use_model(language: str, replacement):
    """Score with ``replacement`` for a while (the benchmarks' cross-validation)."""
    language = "ja" if language == "ja" else "en"
    previous = _override.get(language)
    _override[language] = replacement
    try:
        yield
    finally:
        if previous is None:
            _override.pop(language, None)
        else:
            _override[language] = previous
