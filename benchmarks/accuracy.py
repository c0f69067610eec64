"""Accuracy of the checker's three core categories on labelled contract text.

Run from the repository root::

    python benchmarks/accuracy.py              # CUAD dev half + Japanese set (if present)
    python benchmarks/accuracy.py --baseline   # the same figures for a plain keyword search
    python benchmarks/accuracy.py --errors ip-assignment   # print misclassified clauses
    python benchmarks/accuracy.py --ja         # only the Japanese labelled set
    python benchmarks/accuracy.py --set benchmarks/data/blind3.yaml   # any labelled file
    python benchmarks/accuracy.py --cv 5       # in-sample and out-of-fold, side by side
    python benchmarks/accuracy.py --cv 5 --ja --grid "0,1,3;0,1.25,3"   # compare scorer ratios

``--cv K`` judges the trained scorer with the rules the honest way: the data is split
in K folds (cuad-dev by contract, ja-dev by source), a scorer is trained on K-1 folds
and the checker scores the fold it did not see; "in-sample" is the shipped scorer
(trained on everything) on the same rows. Japanese figures are on ja-dev (real
clauses): licences count any licence finding, broad licences a medium/high one.

Clause level: each row of ``clauses/<category>.csv`` is checked on its own; a row
counts as found when the checker reports the category for it (for licences: a
finding whose ``perpetual`` or ``irrevocable`` dimension is true). Positives are the
annotators' spans; negatives are spans of neighbouring and unrelated categories.

Contract level: the full checker runs over each contract text and a contract counts
as found when any finding of the category appears; labels from ``document_labels.csv``.

Japanese (``--ja`` for only this part): ``benchmarks/data/ja_labelled.yaml``, written
independently of the rules, scored the same way at clause level (``clauses``, each
text checked alone) and contract level (``documents``, the full pipeline). Its
unlimited-license label means open in two of three dimensions, so a licence finding
counts there when it is medium or high; ``perpetual_or_irrevocable`` is scored with
the CUAD predicate.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path
from typing import Callable

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CUAD = ROOT.parent / "shared" / "data" / "cuad-dev"
JA_SET = ROOT / "benchmarks" / "data" / "ja_labelled.yaml"

# checker category -> (CUAD clause file / document column, predicate over findings)
TARGETS = {
    "ip-assignment": "ip_ownership_assignment",
    "unlimited-license": "irrevocable_or_perpetual_license",
    "non-compete": "non_compete",
}


def counts(category: str, finding) -> bool:
    if finding.category != category:
        return False
    if category == "unlimited-license":
        return bool(finding.dimensions.get("perpetual") or finding.dimensions.get("irrevocable"))
    return True


def score(pairs: list[tuple[bool, bool]]) -> tuple[float, float, float, int]:
    tp = sum(1 for gold, pred in pairs if gold and pred)
    fp = sum(1 for gold, pred in pairs if not gold and pred)
    fn = sum(1 for gold, pred in pairs if gold and not pred)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, len(pairs)


def line(label: str, pairs) -> str:
    p, r, f, n = score(pairs)
    return f"  {label:24} P={p:.3f} R={r:.3f} F1={f:.3f}  (n={n}, positives={sum(g for g, _ in pairs)})"


def make_checker(baseline: bool) -> tuple[Callable, Callable]:
    """(check_text(text, lang) -> findings, check_document(text, lang) -> findings)."""
    if baseline:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from baseline_keywords import check_text

        return check_text, check_text
    from kyoso.checker.engine import RuleSet

    rules = RuleSet.load()
    return rules.check_text, lambda text, lang: check_document(rules, text, lang)


def check_document(rules, text: str, language: str):
    """The whole pipeline on one text: segmentation and parties when they exist."""
    from kyoso.checker.model import Block, SourceText

    blocks, start = [], 0
    for paragraph in text.split("\n"):
        blocks.append(Block(text=paragraph, start=start, end=start + len(paragraph)))
        start += len(paragraph) + 1
    source = SourceText(path="<bench>", text=text, blocks=blocks, format="txt", language=language)
    structure, parties = None, []
    try:
        from kyoso.checker.structure import segment

        structure = segment(source)
    except Exception:  # segmentation is another stage's; accuracy here is the rules'
        structure = None
    try:
        from kyoso.checker.parties import find_parties

        parties = find_parties(text, language)
    except Exception:
        parties = []
    if structure is None:
        from kyoso.checker.engine import _PlainStructure

        structure = _PlainStructure()
    return rules.check(source, structure, parties, language)


def clause_level(check_text, errors_for: str | None, keep=None) -> dict[str, list]:
    results = {}
    for category, cuad in TARGETS.items():
        pairs = []
        with open(CUAD / "clauses" / f"{cuad}.csv", newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if keep is not None and not keep(row["doc_id"]):
                    continue
                gold = row["label"] == "1"
                pred = any(counts(category, f) for f in check_text(row["text"], "en"))
                pairs.append((gold, pred))
                if errors_for == category and gold != pred:
                    kind = "FN" if gold else f"FP[{row['source_category']}]"
                    print(f"{kind}: {row['text'][:400]}\n")
        results[category] = pairs
    return results


def contract_level(check_document, errors_for: str | None, keep=None) -> dict[str, list]:
    results = {category: [] for category in TARGETS}
    with open(CUAD / "document_labels.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if keep is not None and not keep(row["doc_id"]):
            continue
        text = (CUAD / row["txt_file"]).read_text(encoding="utf-8")
        findings = check_document(text, "en")
        for category, cuad in TARGETS.items():
            gold = row[cuad] == "1"
            hits = [f for f in findings if counts(category, f)]
            results[category].append((gold, bool(hits)))
            if errors_for == category and gold != bool(hits):
                print(f"{'FN' if gold else 'FP'} {row['doc_id']}: "
                      + " | ".join(f.excerpt[:200] for f in hits[:3]))
    return results


def ja_counts(category: str, finding) -> bool:
    """The Japanese set labels a licence 1 only when it is open in two of three
    dimensions (free, perpetual/irrevocable, unbounded): the rule's medium/high."""
    if category == "unlimited-license":
        return finding.category == category and getattr(finding, "severity", "medium") in ("medium", "high")
    if category == "perpetual_or_irrevocable":
        return counts("unlimited-license", finding)
    return counts(category, finding)


JA_LABELS = (*TARGETS, "perpetual_or_irrevocable")


def _ja_items(section: str, path: Path = JA_SET) -> list[dict]:
    from kyoso.core import safe_yaml

    data = safe_yaml.load_path(path)
    if not isinstance(data, dict):
        return []
    default = str(data.get("language") or "ja")
    items = list(data.get(section) or [])
    for item in items:  # an item may carry its own language (mixed sets such as blind3.yaml)
        item.setdefault("language", default)
    return items


def japanese(check, section: str, errors_for: str | None, path: Path = JA_SET,
             language: str | None = None) -> dict[str, list] | None:
    """Clause (``clauses``) or contract (``documents``) level on a labelled set in the
    ``ja_labelled.yaml`` format (by default that file); ``language`` keeps only the
    items in that language (item ``language`` field, else the file's)."""
    if not path.exists():
        return None
    results: dict[str, list] = {category: [] for category in JA_LABELS}
    for item in _ja_items(section, path):
        if language and item["language"] != language:
            continue
        text, labels = item["text"], item.get("labels") or {}
        findings = check(text, item["language"])
        for category in JA_LABELS:
            if category not in labels:
                continue
            gold = str(labels[category]) == "1"
            hits = [f for f in findings if ja_counts(category, f)]
            results[category].append((gold, bool(hits)))
            if errors_for == category and gold != bool(hits):
                kind = "FN" if gold else "FP"
                shown = " | ".join(f.excerpt[:160] for f in hits[:3]) if hits else text[:300]
                print(f"{kind} {item.get('id')}: {shown}\n")
    return results


def labelled_set(path: Path, check_text, check_doc, args) -> None:
    """``--set FILE``: clause and contract level per language on any labelled file.
    Both languages use the set's two-of-three licence label (see ``ja_counts``)."""
    path = path if path.is_absolute() else Path.cwd() / path
    if not path.exists():
        raise SystemExit(f"no such labelled set: {path}")
    languages = sorted({item["language"] for section in ("clauses", "documents")
                        for item in _ja_items(section, path)})
    for language in languages:
        for section, check, title in (("clauses", check_text, "clause level"),
                                      ("documents", check_doc, "contract level")):
            if section == "documents" and args.skip_contracts:
                continue
            results = japanese(check, section, args.errors, path, language)
            if not results or not any(results.values()):
                continue
            print(f"{path.name} [{language}] {title}:")
            for category, pairs in results.items():
                print(line(category, pairs))


JA_DEV = CUAD.parent / "ja-dev" / "clauses.csv"
JA_DEV_TARGETS = ("ip-assignment", "licence", "non-compete", "broad licence")


def ja_dev_level(check_text, keep=None) -> dict[str, list]:
    """ja-dev clauses, each checked alone; ``keep(source)`` picks the rows to score."""
    results: dict[str, list] = {category: [] for category in JA_DEV_TARGETS}
    with open(JA_DEV, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if keep is not None and not keep(row["source"]):
                continue
            findings = check_text(row["text"], "ja")
            licences = [f for f in findings if f.category == "unlimited-license"]
            got = {"ip-assignment": any(f.category == "ip-assignment" for f in findings),
                   "licence": bool(licences),
                   "non-compete": any(f.category == "non-compete" for f in findings),
                   "broad licence": any(f.severity in ("medium", "high") for f in licences)}
            gold = {"ip-assignment": row["ip_assignment"] == "1", "licence": row["license"] == "1",
                    "non-compete": row["non_compete"] == "1", "broad licence": row["license_broad"] == "1"}
            for category in JA_DEV_TARGETS:
                results[category].append((gold[category], got[category]))
    return results


def _merge(into: dict[str, list], more: dict[str, list]) -> None:
    for key, pairs in more.items():
        into.setdefault(key, []).extend(pairs)


def _side_by_side(title: str, inside: dict[str, list], outside: dict[str, list]) -> None:
    print(f"{title}:   in-sample F1 | out-of-fold P / R / F1 (gap)")
    for category in outside:
        _, _, f_in, _ = score(inside.get(category, []))
        p, r, f_out, n = score(outside[category])
        positives = sum(g for g, _ in outside[category])
        print(f"  {category:24} {f_in:.3f} | {p:.3f} / {r:.3f} / {f_out:.3f}  ({f_in - f_out:+.3f})"
              f"  n={n} positives={positives}")


def _settings(grid: str | None, language: str) -> list[tuple[float, float, float] | None]:
    """``--grid "0,2,3;0.1,2,3"``: (veto, add, override) ratios to try; None = core/limits.py."""
    if not grid:
        return [None]
    return [tuple(float(x) for x in item.split(",")) for item in grid.split(";") if item.strip()]


def _apply(setting, language: str) -> None:
    from kyoso.core import limits

    if setting is not None:
        limits.SCORER_VETO_RATIO = setting[0]
        limits.SCORER_ADD_RATIO = {**limits.SCORER_ADD_RATIO, language: setting[1]}
        limits.SCORER_OVERRIDE_RATIO = {**limits.SCORER_OVERRIDE_RATIO, language: setting[2]}


def cross_validate(folds: int, skip_contracts: bool, languages=("en", "ja"),
                   grid: str | None = None) -> None:
    """Each fold's scorer is trained once; every setting of ``grid`` is scored with it, so
    the ratios in core/limits.py are chosen on out-of-fold figures only."""
    from kyoso.checker import scorer
    from kyoso.checker.engine import RuleSet
    from kyoso.checker.scorer import train

    rules = RuleSet.load()
    check_text = rules.check_text
    check_doc = lambda text, lang: check_document(rules, text, lang)  # noqa: E731
    bench = ROOT / "benchmarks" / "data"
    for language in languages:
        started = time.perf_counter()
        shipped = scorer.model(language)
        examples = train.examples_for(language, CUAD.parent, bench)
        known = shipped.known_lower
        units = train.build(language, examples, known)
        fold = np.array([train.fold_of(e.group, folds) for e in examples])
        settings = _settings(grid, language)
        outside = {setting: {} for setting in settings}
        outside_doc = {setting: {} for setting in settings}
        for k in range(folds):
            model = train.fit(units.subset(fold != k), language)
            model.known_lower, model.thresholds = known, shipped.thresholds
            in_fold = lambda group, k=k: train.fold_of(group, folds) == k  # noqa: E731
            with scorer.use_model(language, model):
                for setting in settings:
                    _apply(setting, language)
                    if language == "en":
                        _merge(outside[setting], clause_level(check_text, None, in_fold))
                        if not skip_contracts:
                            _merge(outside_doc[setting], contract_level(check_doc, None, in_fold))
                    else:
                        _merge(outside[setting], ja_dev_level(check_text, in_fold))
            print(f"  {language} fold {k + 1}/{folds} done ({time.perf_counter() - started:.0f}s)",
                  file=sys.stderr)
        for setting in settings:
            _apply(setting, language)
            label = "" if setting is None else f" [veto, add, override = {setting}]"
            if language == "en":
                _side_by_side("CUAD clause level" + label, clause_level(check_text, None),
                              outside[setting])
                if not skip_contracts:
                    _side_by_side("CUAD contract level" + label, contract_level(check_doc, None),
                                  outside_doc[setting])
            else:
                _side_by_side("ja-dev clause level (split by source)" + label,
                              ja_dev_level(check_text), outside[setting])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", action="store_true", help="score the keyword baseline")
    parser.add_argument("--errors", choices=list(JA_LABELS), help="print misclassified items")
    parser.add_argument("--skip-contracts", action="store_true", help="clause level only")
    parser.add_argument("--cv", type=int, metavar="K",
                        help="K-fold cross-validation of scorer + rules: in-sample and out-of-fold")
    parser.add_argument("--grid", metavar="V,A,O;…",
                        help="with --cv: scorer ratios (veto, add, override) to compare out of fold")
    parser.add_argument("--set", metavar="FILE", type=Path,
                        help="score only this labelled file (ja_labelled.yaml format; English "
                             "and Japanese items scored apart by their `language` field)")
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--ja", action="store_true", help="only the Japanese labelled set")
    only.add_argument("--en", action="store_true", help="only CUAD (English)")
    args = parser.parse_args()
    check_text, check_doc = make_checker(args.baseline)
    print("checker:", "keyword baseline" if args.baseline else "kyoso rules")
    started = time.perf_counter()
    if args.cv:
        languages = ("ja",) if args.ja else ("en",) if args.en else ("en", "ja")
        cross_validate(args.cv, args.skip_contracts, languages, args.grid)
        print(f"time: {time.perf_counter() - started:.1f}s")
        return 0
    if args.set:
        labelled_set(args.set, check_text, check_doc, args)
        print(f"time: {time.perf_counter() - started:.1f}s")
        return 0
    if not args.ja:
        print("CUAD clause level (English):")
        for category, pairs in clause_level(check_text, args.errors).items():
            print(line(category, pairs))
        if not args.skip_contracts:
            print("CUAD contract level (English):")
            for category, pairs in contract_level(check_doc, args.errors).items():
                print(line(category, pairs))
    if not args.en:
        for section, check, title in (("clauses", check_text, "clause level"),
                                      ("documents", check_doc, "contract level")):
            if section == "documents" and args.skip_contracts:
                continue
            ja = japanese(check, section, args.errors)
            if ja is None:
                break
            print(f"Japanese {title} ({JA_SET.relative_to(ROOT)}):")
            for category, pairs in ja.items():
                print(line(category, pairs))
    print(f"time: {time.perf_counter() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
