"""Training units from the shared data, for the training script and the benchmarks.

- **cuad-dev** (English): every sentence of the 267 contracts, labelled by its overlap
  with the annotators' spans (``spans_json``); sentences near a span of a neighbouring
  category (joint ownership, licence grants, exclusivity, no-solicit) are the hard
  negatives. The clause rows (``clauses/*.csv``) are added as whole units, each known
  only for its own category.
- **ja-dev** (Japanese): each clause is a unit with its four labels.
- **benchmarks/data** (our own written sets): at a lower weight, for the labels they give.

A unit knows the group it came from (``cuad_NNN``, ``github:owner/repo``, ``own:…``),
so cross-validation can split by contract or by source. Unknown labels are NaN: the
loss skips them.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path


from . import features

LABELS = ["ip-assignment", "licence", "perpetual-licence", "non-compete", "exclusive-dealing"]
UNKNOWN = float("nan")

# CUAD category -> our label, for the sentence labels and the clause rows
CUAD_LABELS = {
    "ip_ownership_assignment": ["ip-assignment"],
    "irrevocable_or_perpetual_license": ["perpetual-licence", "licence"],
    "license_grant": ["licence"],
    "unlimited_all_you_can_eat_license": ["licence"],
    "non_transferable_license": ["licence"],
    "affiliate_license_licensor": ["licence"],
    "affiliate_license_licensee": ["licence"],
    "non_compete": ["non-compete"],
    "exclusivity": ["exclusive-dealing"],
}
OWN_SET_WEIGHT = 0.5  # written by us, in styles we imagined: useful, but not real text
OWN_SETS = ("ja_labelled.yaml", "blind3.yaml", "blind4.yaml", "written_training.yaml")


@dataclass
class Example:
    text: str
    language: str
    labels: list[float]  # one per LABELS entry: 1, 0 or NaN
    group: str  # contract or source, for cross-validation
    weight: float = 1.0
    kind: str = "sentence"  # sentence | clause-row | clause | own


def _from_checkout(*parts: str) -> Path:
    """A path in the checkout the command runs from (the repository root, as documented),
    else beside the package's own folder (an editable install)."""
    here = Path.cwd().joinpath(*parts)
    return here if here.exists() else Path(__file__).resolve().parents[2].joinpath(*parts)


def default_data_dir() -> Path:
    return _from_checkout("..", "shared", "data")


def default_bench_dir() -> Path:
    return _from_checkout("benchmarks", "data")


def default_weights_dir() -> Path:
    return _from_checkout("checker", "scorer", "weights")


def _pieces(span: str) -> list[str]:
    return [p.strip() for p in span.split("<omitted>") if len(p.strip()) >= 20]


def _intervals(text: str, spans: dict) -> dict[str, list[tuple[int, int]]]:
    found: dict[str, list[tuple[int, int]]] = {}
    for category, items in spans.items():
        for label in CUAD_LABELS.get(category, []):
            for span in items:
                for piece in _pieces(span):
                    start = text.find(piece)
                    if start >= 0:
                        found.setdefault(label, []).append((start, start + len(piece)))
    return found


def _overlaps(start: int, end: int, intervals: list[tuple[int, int]]) -> bool:
    """A sentence is labelled when a span covers half of it, or it holds half of a span."""
    for lo, hi in intervals:
        shared = min(end, hi) - max(start, lo)
        if shared > 0 and (shared >= 0.5 * (end - start) or shared >= 0.5 * (hi - lo)):
            return True
    return False


def cuad_sentences(data_dir: Path, sentence_spans, limit: int | None = None) -> list[Example]:
    """``sentence_spans(paragraph) -> [(start, end)]``: the checker's own sentence splitter."""
    cuad = data_dir / "cuad-dev"
    examples = []
    with open(cuad / "document_labels.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows[:limit]:
        text = (cuad / row["txt_file"]).read_text(encoding="utf-8")
        intervals = _intervals(text, json.loads(row["spans_json"]))
        offset = 0
        for paragraph in text.split("\n"):
            if paragraph.strip():
                for s_start, s_end in sentence_spans(paragraph):
                    start, end = offset + s_start, offset + s_end
                    labels = [1.0 if _overlaps(start, end, intervals.get(label, [])) else 0.0
                              for label in LABELS]
                    examples.append(Example(text[start:end], "en", labels, row["doc_id"]))
            offset += len(paragraph) + 1
    return examples


def cuad_clause_rows(data_dir: Path) -> list[Example]:
    examples = []
    for path in sorted((data_dir / "cuad-dev" / "clauses").glob("*.csv")):
        targets = CUAD_LABELS.get(path.stem, [])
        if not targets:
            continue
        with open(path, newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                labels = [UNKNOWN] * len(LABELS)
                positive = row["label"] == "1"
                for label in targets:
                    # a negative row for the licence label says nothing of "perpetual", and back
                    if positive or label == targets[0]:
                        labels[LABELS.index(label)] = 1.0 if positive else 0.0
                examples.append(Example(row["text"], "en", labels, row["doc_id"], kind="clause-row"))
    return examples


def ja_dev(data_dir: Path) -> list[Example]:
    examples = []
    with open(data_dir / "ja-dev" / "clauses.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            dims = set(filter(None, row["license_dims"].split(";")))
            licence = row["license"] == "1"
            labels = [float(row["ip_assignment"] == "1"), float(licence),
                      float(licence and bool(dims & {"perpetual", "irrevocable"})),
                      float(row["non_compete"] == "1"), UNKNOWN]
            examples.append(Example(row["text"], "ja", labels, row["source"], kind="clause"))
    return examples


def own_sets(bench_dir: Path) -> list[Example]:
    from ...core import safe_yaml

    examples = []
    for name in OWN_SETS:
        path = bench_dir / name
        if not path.exists():
            continue
        data = safe_yaml.load_path(path)
        default = str(data.get("language") or "ja")
        for item in data.get("clauses") or []:
            given = item.get("labels") or {}

            def get(key):
                return float(str(given[key]) == "1") if key in given else UNKNOWN

            perpetual, broad = get("perpetual_or_irrevocable"), get("unlimited-license")
            licence = get("licence")  # written_training.yaml says it; the others imply it
            if licence != licence and (perpetual == 1.0 or broad == 1.0):  # NaN: not given
                licence = 1.0
            labels = [get("ip-assignment"), licence, perpetual, get("non-compete"),
                      get("exclusive-dealing")]
            examples.append(Example(item["text"], item.get("language", default), labels,
                                    f"own:{name}", OWN_SET_WEIGHT, kind="own"))
    return examples


def featurise(examples: list[Example], language: str, tokenize, known_lower):
    """Units for one language; ``tokenize(texts) -> [tokens]`` (spaCy's tokenizer, batched)."""
    from .linear import Units

    chosen = [e for e in examples if e.language == language]
    tokens = tokenize([e.text for e in chosen])
    rows = [features.featurise(e.text, toks, language, known_lower) for e, toks in zip(chosen, tokens)]
    return chosen, Units.build(rows, [e.labels for e in chosen], [e.weight for e in chosen])

