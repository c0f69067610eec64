"""How fast is `kyoso compare`? A 30-article contract against the joint-development model.

The contract is the joint-development example draft (26 articles) with four articles
of our own added at the end, as DOCX, in Japanese and in English.

Warm: in one process, after a first comparison has loaded the rules, the spaCy
pipeline and the model's baseline (what a server or a Python user sees for every
contract after the first). Cold: a fresh `kyoso compare` process each time, as a
user at the command line sees it, start-up and imports included.

    .venv/bin/python benchmarks/compare_speed.py [--runs 5]

Targets: warm <= 1 s, cold <= 2 s (median).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WARM_TARGET, COLD_TARGET = 1.0, 2.0
CONTRACT = "joint-development"
TARGET_ARTICLES = 30

# Articles a counterparty might add; our own sentences.
EXTRA = {
    "ja": [("保険", "各当事者は、本研究の期間中、生産物賠償責任保険に加入し、これを維持する。"),
           ("反社会的勢力の排除", "各当事者は、自らが反社会的勢力に該当しないことを表明し、保証する。"),
           ("輸出管理", "各当事者は、本研究に関して外国為替及び外国貿易法その他の輸出管理法令を遵守する。"),
           ("印紙税", "本契約書に貼付する収入印紙の費用は、各当事者が等分して負担する。")],
    "en": [("Insurance", "Each party shall carry and maintain product liability insurance while the Research lasts."),
           ("Anti-Social Forces", "Each party represents that it is not an anti-social force and has no dealings with one."),
           ("Export Control", "Each party shall comply with the export control laws that apply to the Research."),
           ("Stamp Duty", "The parties shall share equally the stamp duty payable on this Agreement.")],
}


def build_contract(folder: Path, lang: str) -> Path:
    """The example draft plus our extra articles, as a DOCX with TARGET_ARTICLES articles."""
    import docx

    from kyoso.checker.compare.model_side import example_values
    from kyoso.templates.api import draft_bytes

    text = draft_bytes(CONTRACT, example_values(CONTRACT), lang, "md").decode("utf-8")
    heading = r"(?m)^## 第(\d+)条" if lang == "ja" else r"(?m)^## Article (\d+)"
    count = len(re.findall(heading, text))
    lines = [re.sub(r"^#+ |\*\*", "", line) for line in text.splitlines() if line.strip()]
    for n, (title, body) in enumerate(EXTRA[lang][:TARGET_ARTICLES - count], count + 1):
        lines += [f"第{n}条（{title}）" if lang == "ja" else f"Article {n} ({title})", body]
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    path = folder / f"{CONTRACT}-{lang}-30.docx"
    document.save(path)
    return path


def warm(path: Path, runs: int) -> tuple[float, int]:
    from kyoso.checker.compare import CompareOptions, compare_paths

    options = CompareOptions(against=CONTRACT)
    comparison = compare_paths([str(path)], options)[0][0]  # load everything once
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        compare_paths([str(path)], options)
        times.append(time.perf_counter() - start)
    articles = sum(a.contract is not None for a in comparison.articles) + len(comparison.extra)
    return statistics.median(times), articles


def cold(path: Path, runs: int, command: str = "compare") -> float:
    """Median wall time of a fresh process; ``check`` gives the floor compare builds on."""
    kyoso = Path(sys.executable).with_name("kyoso")
    extra = ["--against", CONTRACT] if command == "compare" else []
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([str(kyoso), command, str(path), *extra, "--format", "json"],
                              capture_output=True)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            raise SystemExit(f"kyoso {command} failed: {done.stderr.decode()}")
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        for lang in ("ja", "en"):
            path = build_contract(Path(folder), lang)
            check_time = cold(path, args.runs, "check")
            cold_time = cold(path, args.runs)
            warm_time, articles = warm(path, args.runs)
            ok = warm_time <= WARM_TARGET and cold_time <= COLD_TARGET
            failed |= not ok
            print(f"{lang}: {articles} contract articles; warm {warm_time:.3f} s (target {WARM_TARGET}), "
                  f"cold {cold_time:.3f} s (target {COLD_TARGET}; kyoso check alone {check_time:.3f} s) "
                  f"{'ok' if ok else 'SLOW'}")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
