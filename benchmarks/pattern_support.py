"""Which rule patterns are documented, which are used, and which change anything.

For every top-level alternative of every shipped rule pattern it counts:

* ``own``: our own example sentences it matches (rule and exclusion-class examples,
  benchmarks/data/*.yaml) — an alternative with none is an undocumented reading;
* ``dev``: development texts it matches (cuad-dev paragraphs and clause rows, ja-dev);
* with ``--effect``: of those dev texts, how many get different findings when the
  alternative is removed (the others do not need it: a general class or another
  pattern reads them the same way).

It prints patterns and counts, never a dev sentence. An alternative that matches no
example of ours is a candidate for an example or for deletion; judge a deletion with
``python benchmarks/accuracy.py --cv 5``, not with these counts.

    python benchmarks/pattern_support.py                    # summary, undocumented list
    python benchmarks/pattern_support.py --effect --role exclude
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"


def dev_texts() -> dict[str, list[str]]:
    texts: dict[str, list[str]] = {"en": [], "ja": []}
    for path in sorted((DATA / "cuad-dev" / "contracts").glob("*.txt")):
        texts["en"] += [p for p in path.read_text(encoding="utf-8").split("\n") if len(p.strip()) > 20]
    for path in sorted((DATA / "cuad-dev" / "clauses").glob("*.csv")):
        with path.open(encoding="utf-8") as handle:
            texts["en"] += [row["text"] for row in csv.DictReader(handle) if row.get("text")]
    with (DATA / "ja-dev" / "clauses.csv").open(encoding="utf-8") as handle:
        texts["ja"] += [row["text"] for row in csv.DictReader(handle)]
    return texts


def own_texts(rules, classes) -> dict[str, list[str]]:
    texts: dict[str, list[str]] = {"en": [], "ja": []}
    for item in [r.examples for r in rules] + [c.examples for c in classes]:
        for group in item.values():
            for language, sentences in group.items():
                texts[language] += sentences

    def walk(value):
        if isinstance(value, str):
            texts["ja" if re.search(r"[ぁ-んァ-ヶ一-龥]", value) else "en"].append(value)
        elif isinstance(value, dict):
            for each in value.values():
                walk(each)
        elif isinstance(value, list):
            for each in value:
                walk(each)

    for path in sorted((ROOT / "benchmarks" / "data").glob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return texts


def matching(pattern: re.Pattern, literals, texts: list[str], lowered: list[str]) -> list[int]:
    return [i for i, (text, low) in enumerate(zip(texts, lowered))
            if (literals is None or any(x in low for x in literals)) and pattern.search(text)]


def main() -> int:
    from kyoso.checker.engine import RuleSet
    from kyoso.checker.exclusions import classes
    from kyoso.checker.prefilter import analyse, split_branches

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--effect", action="store_true", help="re-check the dev texts without each alternative")
    parser.add_argument("--role", help="only this cue role (trigger, exclude, …)")
    parser.add_argument("--rule", help="only this rule id")
    args = parser.parse_args()
    if not (DATA / "cuad-dev").is_dir():
        print(f"kyoso: error: no development data at {DATA}", file=sys.stderr)
        return 2
    rules = RuleSet.load()
    dev, own = dev_texts(), own_texts(rules.rules, classes())
    dev_low = {k: [t.lower() for t in v] for k, v in dev.items()}
    own_low = {k: [t.lower() for t in v] for k, v in own.items()}
    signature = lambda fs: [(f.rule, f.severity, f.location.start, f.favours) for f in fs]  # noqa: E731
    rows = []
    for rule in rules.rules:
        if args.rule and rule.id != args.rule:
            continue
        for language, cues in rule.cues.items():
            for role, patterns in cues._patterns.items():
                if args.role and role != args.role:
                    continue
                for index, pattern in enumerate(patterns):
                    for branch in split_branches(pattern):
                        compiled, (literals, _) = re.compile(branch, re.IGNORECASE), analyse(branch)
                        used = matching(compiled, literals, dev[language], dev_low[language])
                        documented = matching(compiled, literals, own[language], own_low[language])
                        changed = None
                        if args.effect and used and not documented:
                            texts = [dev[language][i] for i in used]
                            before = [signature(rules.check_text(t, language)) for t in texts]
                            kept = [b for b in split_branches(pattern) if b != branch]
                            patterns[index] = "|".join(kept) if kept else "(?!x)x"
                            cues._compiled.pop(role, None)
                            after = [signature(rules.check_text(t, language)) for t in texts]
                            patterns[index] = pattern
                            cues._compiled.pop(role, None)
                            changed = sum(a != b for a, b in zip(before, after))
                        rows.append((rule.id, language, role, len(documented), len(used), changed, branch))
    undocumented = [r for r in rows if r[3] == 0]
    print(f"{len(rows)} alternatives; {len(rows) - len(undocumented)} match an example of ours; "
          f"{len(undocumented)} do not: {sum(1 for r in undocumented if r[4] == 0)} match no dev text "
          f"either, {sum(1 for r in undocumented if r[4])} match dev texts only")
    if args.effect:
        idle = [r for r in undocumented if r[5] == 0]
        print(f"  of those matching dev texts, {len(idle)} change no finding when removed")
    print("\nundocumented alternatives that match dev texts (rule, lang, role, dev texts"
          + (", changed when removed" if args.effect else "") + "):")
    for rule_id, language, role, _, used, changed, branch in sorted(undocumented, key=lambda r: -r[4]):
        if used:
            effect = f" changed {changed}" if changed is not None else ""
            print(f"  {rule_id:32} {language} {role:16} dev {used:4}{effect}  {branch[:90]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
