"""A multi-label logistic regression over hashed features, in numpy.

Small on purpose: the weights are one ``DIM x labels`` array, scoring a sentence is a
gather and a sum, and training is seeded mini-batch Adam with L2, so the same data
and seed give the same bytes. Positive examples are up-weighted per label (balanced
class weights): positives are a few per cent of the candidate sentences.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np

from . import features


@dataclass
class Units:
    """Training or scoring units as a ragged array of bucket ids (CSR without values)."""

    indices: np.ndarray  # int32, all units' bucket ids end to end
    offsets: np.ndarray  # int64, len n+1
    labels: np.ndarray  # float32 [n, k] in {0, 1}
    weights: np.ndarray  # float32 [n], per-unit sample weight

    def __len__(self) -> int:
        return len(self.offsets) - 1

    @classmethod
    def build(cls, rows: list[np.ndarray], labels, weights) -> "Units":
        lengths = np.array([len(r) for r in rows], dtype=np.int64)
        offsets = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        indices = np.concatenate(rows).astype(np.int32) if rows else np.zeros(0, np.int32)
        return cls(indices, offsets, np.asarray(labels, np.float32).reshape(len(rows), -1),
                   np.asarray(weights, np.float32))

    def subset(self, keep: np.ndarray) -> "Units":
        rows = [self.indices[self.offsets[i]:self.offsets[i + 1]] for i in np.flatnonzero(keep)]
        return Units.build(rows, self.labels[keep], self.weights[keep])


@dataclass
class LinearModel:
    labels: list[str]
    weights: np.ndarray  # float32 [DIM, k]
    bias: np.ndarray  # float32 [k]
    known_lower: np.ndarray  # uint32 hashes of the corpus's lower-case words (name masking)
    thresholds: dict[str, float] = field(default_factory=dict)
    meta: dict = field(default_factory=dict)

    def score_ids(self, ids: np.ndarray) -> np.ndarray:
        """Probabilities [k] for one unit's bucket ids."""
        if len(ids) == 0:
            return _sigmoid(self.bias)
        scale = 1.0 / np.sqrt(len(ids))
        # a row of ones times the gathered rows: BLAS sums them a third as dear as .sum(0)
        return _sigmoid((_ones(len(ids)) @ self.weights.take(ids, axis=0)) * scale + self.bias)

    def ratio_ceiling(self, labels) -> float:
        """The highest score/threshold any of ``labels`` can reach (a probability is under 1)."""
        return max((1.0 / self.thresholds.get(label, 0.5) for label in labels if label in self.labels),
                   default=0.0)

    def score_units(self, units: Units) -> np.ndarray:
        return _forward(self.weights, self.bias, units.indices, units.offsets)

    # --- persistence: one .npz, no pickle (np.load with allow_pickle=False) ---

    def save(self, path) -> None:
        meta = dict(self.meta, labels=self.labels, thresholds=self.thresholds,
                    dim_bits=features.DIM_BITS)
        # float16 halves the shipped size; scores move by < 1e-3. Stored, not deflated:
        # trained float16 weights hardly compress (2.5 of 2.6 MB), and inflating them was a
        # twentieth of a cold check
        np.savez(path, weights=self.weights.astype(np.float16), bias=self.bias,
                            known_lower=self.known_lower,
                            meta=np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8))

    @classmethod
    def load(cls, path) -> "LinearModel":
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(bytes(data["meta"]).decode())
            if meta.get("dim_bits") != features.DIM_BITS:
                raise ValueError(f"model built for 2^{meta.get('dim_bits')} features, "
                                 f"this kyoso hashes into 2^{features.DIM_BITS}")
            weights = data["weights"].astype(np.float32)
            bias = data["bias"].astype(np.float32)
            known = data["known_lower"].astype(np.uint32)
        labels = list(meta.pop("labels"))
        if weights.shape != (features.DIM, len(labels)) or bias.shape != (len(labels),):
            raise ValueError(f"weights of shape {weights.shape} do not fit {len(labels)} labels")
        if not np.isfinite(weights).all() or not np.isfinite(bias).all():
            raise ValueError("weights hold NaN or infinite values")
        thresholds = meta.pop("thresholds", {})
        meta.pop("dim_bits", None)
        return cls(labels, weights, bias, known, thresholds, meta)


_ONES = np.ones(0, dtype=np.float32)


def _ones(n: int) -> np.ndarray:
    global _ONES
    if len(_ONES) < n:
        _ONES = np.ones(max(n, 2 * len(_ONES), 4096), dtype=np.float32)
    return _ONES[:n]


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


def _forward(weights, bias, indices, offsets) -> np.ndarray:
    lengths = np.diff(offsets)
    scale = (1.0 / np.sqrt(np.maximum(lengths, 1))).astype(np.float32)
    sums = np.zeros((len(lengths), weights.shape[1]), dtype=np.float32)
    filled = lengths > 0
    if filled.any():
        sums[filled] = np.add.reduceat(weights[indices], offsets[:-1][filled], axis=0)
    return _sigmoid(sums * scale[:, None] + bias)


def train(units: Units, labels: list[str], known_lower: np.ndarray, *, epochs: int = 8,
          batch: int = 512, rate: float = 0.02, l2: float = 1e-6, seed: int = 0,
          positive_weight_cap: float = 20.0) -> LinearModel:
    """Seeded mini-batch Adam on the weighted logistic loss."""
    rng = np.random.default_rng(seed)
    k = len(labels)
    weights = np.zeros((features.DIM, k), dtype=np.float32)
    bias = np.zeros(k, dtype=np.float32)
    positives = np.nansum(units.labels, axis=0)
    negatives = (~np.isnan(units.labels)).sum(axis=0) - positives
    # balanced class weights, capped so a label with a handful of positives cannot swamp the rest
    pos_weight = np.clip(negatives / np.maximum(positives, 1), 1.0, positive_weight_cap).astype(np.float32)
    m_w, v_w = np.zeros_like(weights), np.zeros_like(weights)
    m_b, v_b = np.zeros_like(bias), np.zeros_like(bias)
    beta1, beta2, eps, step = 0.9, 0.999, 1e-8, 0
    lengths = np.diff(units.offsets)
    for _ in range(epochs):
        order = rng.permutation(len(units))
        for start in range(0, len(order), batch):
            rows = np.sort(order[start:start + batch])
            row_lengths = lengths[rows]
            offs = np.zeros(len(rows) + 1, dtype=np.int64)
            np.cumsum(row_lengths, out=offs[1:])
            # every id of the chosen rows, gathered without a Python loop
            ids = units.indices[np.repeat(units.offsets[rows] - offs[:-1], row_lengths)
                                + np.arange(offs[-1])]
            prob = _forward(weights, bias, ids, offs)
            y = units.labels[rows]
            known = ~np.isnan(y)  # a unit says nothing of the labels its source does not give
            y = np.where(known, y, 0.0)
            sample = units.weights[rows][:, None] * np.where(y > 0, pos_weight, 1.0) * known
            err = (prob - y) * sample / len(rows)  # d loss / d logit
            scale = (1.0 / np.sqrt(np.maximum(row_lengths, 1))).astype(np.float32)
            per_entry = np.repeat(err * scale[:, None], row_lengths, axis=0)
            grad = np.empty_like(weights)
            for j in range(k):
                grad[:, j] = np.bincount(ids, weights=per_entry[:, j], minlength=features.DIM)
            grad += l2 * weights
            grad_b = err.sum(axis=0)
            step += 1
            correction = np.sqrt(1 - beta2 ** step) / (1 - beta1 ** step)
            m_w *= beta1
            m_w += (1 - beta1) * grad
            v_w *= beta2
            v_w += (1 - beta2) * grad * grad
            weights -= rate * correction * m_w / (np.sqrt(v_w) + eps)
            m_b = beta1 * m_b + (1 - beta1) * grad_b
            v_b = beta2 * v_b + (1 - beta2) * grad_b ** 2
            bias -= rate * correction * m_b / (np.sqrt(v_b) + eps)
    return LinearModel(labels, weights, bias, known_lower,
                       meta={"epochs": epochs, "batch": batch, "rate": rate, "l2": l2, "seed": seed})
