"""Train the scorer's weights from ../shared/data (seeded, deterministic).

    python -m kyoso.checker.scorer.train            # from the repository root: writes
                                                    # checker/scorer/weights/{en,ja}.npz
    python -m kyoso.checker.scorer.train --quick    # a tiny run, for the smoke test

Thresholds are calibrated out of fold: the training data is split in five by contract
(English) or by source (Japanese), each fifth is scored by a model trained on the rest,
and each label's threshold is the one that gives the best F1 on those scores. The
shipped model is then trained on everything.
"""

from __future__ import annotations

import argparse
import sys
import time
import zlib
from pathlib import Path

import numpy as np

from . import datasets, features
from .candidates import is_candidate
from .linear import LinearModel, Units, train

SEED = 20261207
# Per language: epochs, L2 and the learning rate, chosen by the out-of-fold F1
# (benchmarks/accuracy.py --cv 5). Japanese has ~600 units: more epochs, more L2.
SETTINGS = {"en": {"epochs": 6, "l2": 1e-5, "rate": 0.02},
            "ja": {"epochs": 30, "l2": 1e-4, "rate": 0.02}}


def fold_of(group: str, folds: int) -> int:
    """A stable fold per contract or source (not Python's salted hash)."""
    return zlib.crc32(group.encode("utf-8")) % folds


def tokenizer(language: str):
    from .. import nlp

    base = nlp.base_pipeline(language)

    def tokenize(texts):
        return [[t.text for t in doc] for doc in base.tokenizer.pipe(texts)]

    return tokenize


def examples_for(language: str, data_dir: Path, bench_dir: Path, quick: bool = False):
    from .. import nlp

    if language == "en":
        found = datasets.cuad_clause_rows(data_dir)
        splitter = lambda paragraph: nlp.sentences(paragraph, "en")  # noqa: E731
        found += datasets.cuad_sentences(data_dir, splitter, limit=8 if quick else None)
    else:
        found = datasets.ja_dev(data_dir)
    found += datasets.own_sets(bench_dir)
    # only what the checker itself would score: sentences past the cheap first pass
    found = [e for e in found if e.kind != "sentence" or is_candidate(e.text, language)]
    if quick:
        found = found[:: max(1, len(found) // 400)]
    return [e for e in found if e.language == language]


def build(language: str, examples, known_lower):
    _, units = datasets.featurise(examples, language, tokenizer(language), known_lower)
    return units


def fit(units: Units, language: str, seed: int = SEED, **override) -> LinearModel:
    settings = dict(SETTINGS[language], **override)
    return train(units, datasets.LABELS, np.zeros(0, np.uint32), seed=seed, **settings)


def out_of_fold(units: Units, groups: list[str], language: str, folds: int = 5, **override):
    """Scores [n, k] for every unit from the model that did not see its group."""
    fold = np.array([fold_of(g, folds) for g in groups])
    scores = np.zeros(units.labels.shape, dtype=np.float32)
    for k in range(folds):
        held = fold == k
        if not held.any():
            continue
        model = fit(units.subset(~held), language, **override)
        scores[held] = model.score_units(units.subset(held))
    return scores


def best_thresholds(scores: np.ndarray, units: Units, keep: np.ndarray) -> dict[str, float]:
    """Per label, the threshold with the best F1 over the units in ``keep``."""
    chosen = {}
    for j, label in enumerate(datasets.LABELS):
        gold = units.labels[keep, j]
        known = ~np.isnan(gold)
        if gold[known].sum() < 3:
            chosen[label] = 0.5
            continue
        best, best_f1 = 0.5, -1.0
        for t in np.arange(0.05, 0.96, 0.025):
            pred = scores[keep, j][known] >= t
            tp = float((pred & (gold[known] == 1)).sum())
            f1 = 2 * tp / max(1.0, pred.sum() + (gold[known] == 1).sum())
            if f1 > best_f1:
                best, best_f1 = float(round(t, 3)), f1
        chosen[label] = best
    return chosen


def train_language(language: str, data_dir: Path, bench_dir: Path, quick: bool = False,
                   log=print) -> LinearModel:
    started = time.perf_counter()
    examples = examples_for(language, data_dir, bench_dir, quick)
    known = (features.vocabulary(e.text for e in examples) if language == "en"
             else np.zeros(0, np.uint32))
    units = build(language, examples, known)
    log(f"{language}: {len(units)} units, {int(np.nansum(units.labels))} positive labels "
        f"({time.perf_counter() - started:.0f}s)")
    groups = [e.group for e in examples]
    real = np.array([e.kind != "own" for e in examples])
    scores = out_of_fold(units, groups, language, folds=2 if quick else 5)
    thresholds = best_thresholds(scores, units, real)
    model = fit(units, language)
    model.known_lower = known
    model.thresholds = thresholds
    model.meta.update(units=len(units), trained_on=sorted({e.kind for e in examples}))
    log(f"{language}: thresholds {thresholds} ({time.perf_counter() - started:.0f}s)")
    return model


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=datasets.default_data_dir(),
                        help="the shared data folder (cuad-dev/, ja-dev/)")
    parser.add_argument("--bench", type=Path, default=datasets.default_bench_dir(),
                        help="our own labelled sets (benchmarks/data)")
    parser.add_argument("--out", type=Path, default=datasets.default_weights_dir(),
                        help="where the weights go (checker/scorer/weights in the checkout)")
    parser.add_argument("--lang", choices=["en", "ja", "both"], default="both")
    parser.add_argument("--quick", action="store_true", help="a tiny run (smoke test)")
    args = parser.parse_args(argv)
    if not (args.data / "cuad-dev").is_dir() or not (args.data / "ja-dev").is_dir():
        print(f"kyoso: error: no training data at {args.data} (cuad-dev/, ja-dev/)", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for language in (["en", "ja"] if args.lang == "both" else [args.lang]):
        model = train_language(language, args.data, args.bench, quick=args.quick)
        target = args.out / f"{language}.npz"
        partial = target.with_suffix(".tmp.npz")
        model.save(partial)
        partial.replace(target)
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
