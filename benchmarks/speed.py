"""How fast is ``kyoso check`` compared with the least spaCy can do? (issue 3, speed)

Targets: kyoso ≤ 2× a bare spaCy pass (blank pipeline + sentencizer over the
paragraphs); < 500 MB peak with the English and Japanese pipelines both loaded; a
~10,000-word contract checked cold from the command line in < 2 s.

Measured both ways, because they answer different questions:

* per process: every document is its own process (``kyoso check FILE --format json``
  against ``python speed.py --bare FILE``), the way a user runs one file; interpreter
  and spaCy start-up dominate;
* in process: pipelines loaded once, then every document (``check_document`` against
  ``nlp`` over the paragraphs), the way a batch or a server runs.

English corpus: the CUAD development contracts (``../shared/data/cuad-dev/contracts``
from the project root, read by path, never copied). Japanese corpus: contracts this
script generates from its own sentences (``--ja-count``).

    python benchmarks/speed.py                 # everything (~10-15 min)
    python benchmarks/speed.py --limit 20      # a quick look
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CUAD = ROOT.parent / "shared" / "data" / "cuad-dev" / "contracts"
SUDACHI_SAFE_BYTES = 40_000  # mirrors core.limits.SUDACHI_MAX_BYTES without importing kyoso


# --- the bare minimum (also run as a child: --bare FILE LANG) -----------------------------


def bare_pipeline(language: str):
    import spacy

    if language == "ja":
        nlp = spacy.blank("ja", config={"nlp": {"tokenizer": {"split_mode": "C"}}})
    else:
        nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def paragraphs(text: str, language: str) -> list[str]:
    out = []
    for paragraph in text.split("\n"):
        if not paragraph.strip():
            continue
        if language == "ja":  # Sudachi refuses long inputs: cut like the checker does
            while len(paragraph.encode("utf-8")) > SUDACHI_SAFE_BYTES:
                out.append(paragraph[: SUDACHI_SAFE_BYTES // 4])
                paragraph = paragraph[SUDACHI_SAFE_BYTES // 4:]
        out.append(paragraph)
    return out


def bare_check(nlp, text: str, language: str) -> int:
    return sum(1 for doc in nlp.pipe(paragraphs(text, language)) for _ in doc.sents)


def bare_main(path: str, language: str) -> None:
    nlp = bare_pipeline(language)
    bare_check(nlp, Path(path).read_text(encoding="utf-8"), language)


# --- measuring child processes ----------------------------------------------------------


def run_child(command: list[str]) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB, exit code) of one child process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    if process.returncode not in (0, 1):
        print(f"  ! exit {process.returncode}: {' '.join(command[-3:])}: {error.strip()[:200]}",
              file=sys.stderr)
    return elapsed, usage.ru_maxrss / 1024, process.returncode  # ru_maxrss is KB on Linux


def kyoso_command(path: Path) -> list[str]:
    return [sys.executable, "-m", "kyoso.cli", "check", str(path), "--format", "json"]


def bare_command(path: Path, language: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--bare", str(path), language]


def per_process(files: list[Path], language: str) -> dict:
    bare, kyoso, peak = [], [], 0.0
    for index, path in enumerate(files, 1):
        seconds, rss, _ = run_child(bare_command(path, language))
        bare.append(seconds)
        seconds, rss_kyoso, _ = run_child(kyoso_command(path))
        kyoso.append(seconds)
        peak = max(peak, rss_kyoso)
        if index % 25 == 0:
            print(f"  {language}: {index}/{len(files)} documents", file=sys.stderr)
    return {"bare": bare, "kyoso": kyoso, "peak_mb": peak}


def in_process(files: list[Path], language: str) -> dict:
    """Run ``in_process_main`` in a child, so this (parent) process stays small.

    Linux carries a parent's peak RSS into a forked child's ``ru_maxrss``; loading
    the pipelines here would inflate every per-process memory figure after it.
    """
    command = [sys.executable, str(Path(__file__).resolve()), "--in-process", language,
               *map(str, files)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(output)


def in_process_main(language: str, names: list[str]) -> None:
    """Child: pipelines loaded once; time per document for both; print JSON."""
    files = [Path(name) for name in names]
    from kyoso.checker.api import CheckOptions, check_document
    from kyoso.checker.config import load_config
    from kyoso.checker.engine import RuleSet

    nlp = bare_pipeline(language)
    ruleset = RuleSet.load(load_config(None))
    options = CheckOptions(lang=language)
    texts = [path.read_text(encoding="utf-8") for path in files]
    bare_check(nlp, texts[0], language)  # warm both before timing
    check_document(files[0], ruleset, options)
    bare, kyoso, errors = [], [], 0
    for path, text in zip(files, texts):
        started = time.perf_counter()
        bare_check(nlp, text, language)
        bare.append(time.perf_counter() - started)
        started = time.perf_counter()
        result = check_document(path, ruleset, options, warn=lambda _message: None)
        kyoso.append(time.perf_counter() - started)
        errors += result.error is not None
    print(json.dumps({"bare": bare, "kyoso": kyoso, "errors": errors}))


# --- memory with both pipelines loaded ------------------------------------------------------


def memory_main(english: str, japanese: str) -> None:
    """Child: check one English and one Japanese file in one process, print peak RSS."""
    import resource

    from kyoso.checker.api import CheckOptions, check_document
    from kyoso.checker.config import load_config
    from kyoso.checker.engine import RuleSet

    ruleset = RuleSet.load(load_config(None))
    for path in (english, japanese):
        check_document(path, ruleset, CheckOptions(), warn=lambda _message: None)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


# --- generated Japanese contracts ------------------------------------------------------------

# Our own sentences (not from any model contract), varied by the generator.
JA_ARTICLES = [
    ("目的", "甲及び乙は、{theme}に関する共同研究開発を行うため、本契約を締結する。"),
    ("定義", "本契約において「本成果」とは、本研究開発の過程で生じた発明、考案、ノウハウその他一切の技術的成果をいう。"),
    ("役割分担", "甲は{theme}の試作及び評価を担当し、乙は量産化に向けた検討を担当する。"),
    ("費用", "本研究開発に要する費用は、各自が負担する。ただし、別途合意した場合はこの限りでない。"),
    ("成果の帰属", "本成果に係る知的財産権は、その発明者が属する当事者に帰属する。"),
    ("成果の帰属", "本成果に係る一切の知的財産権は、乙に帰属するものとし、甲はこれを乙に無償で譲渡する。"),
    ("実施許諾", "乙は、本成果を無償かつ無期限に、全世界において、一切の用途に実施することができる。"),
    ("秘密保持", "甲及び乙は、相手方から開示された秘密情報を、本契約終了後{years}年間、第三者に開示してはならない。"),
    ("競業の制限", "甲は、本契約終了後{years}年間、{theme}と類似する製品を第三者と共同開発してはならない。"),
    ("契約期間", "本契約の有効期間は、本契約締結日から{months}か月間とする。"),
    ("解除", "甲又は乙は、相手方が本契約に違反し、相当の期間を定めた催告後もこれを是正しないときは、本契約を解除できる。"),
    ("協議", "本契約に定めのない事項については、甲乙誠実に協議のうえ解決する。"),
]
JA_THEMES = ["農業用ドローンの画像解析", "全固体電池の電極材料", "工場設備の予知保全", "医療画像の匿名化"]


def generate_japanese(folder: Path, count: int, seed: int = 7) -> list[Path]:
    chooser = random.Random(seed)
    files = []
    for number in range(count):
        theme = chooser.choice(JA_THEMES)
        lines = [f"{theme}に関する共同研究開発契約書",
                 "株式会社ミライ素材（以下「甲」という。）と大和重工業株式会社（以下「乙」という。）は、次のとおり契約を締結する。"]
        repeats = chooser.randint(1, 6)  # short and long contracts
        article = 0
        for _ in range(repeats):
            for title, sentence in JA_ARTICLES:
                article += 1
                lines.append(f"第{article}条（{title}）")
                lines.append(sentence.format(theme=theme, years=chooser.randint(1, 5),
                                             months=chooser.choice([6, 12, 24])))
        path = folder / f"ja_{number:03d}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        files.append(path)
    return files


# --- reporting --------------------------------------------------------------------------------


def summarise(name: str, times: list[float]) -> str:
    return (f"{name:<26}{sum(times):>9.1f}{statistics.mean(times) * 1000:>10.0f}"
            f"{statistics.median(times) * 1000:>10.0f}{max(times) * 1000:>10.0f}")


def table(title: str, data: dict) -> None:
    ratio = sum(data["kyoso"]) / sum(data["bare"])
    print(f"\n{title}  ({len(data['kyoso'])} documents)")
    print(f"{'':<26}{'total s':>9}{'mean ms':>10}{'median ms':>10}{'max ms':>10}")
    print(summarise("bare spaCy", data["bare"]))
    print(summarise("kyoso check", data["kyoso"]))
    verdict = "meets" if ratio <= 2 else "MISSES"
    print(f"ratio kyoso / bare: {ratio:.2f}x ({verdict} the 2x target)")


def word_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N contracts")
    parser.add_argument("--ja-count", type=int, default=30, help="generated Japanese contracts")
    parser.add_argument("--skip-per-process", action="store_true")
    args = parser.parse_args()

    english = sorted(CUAD.glob("*.txt"))[: args.limit]
    if not english:
        sys.exit(f"no contracts under {CUAD}")
    with tempfile.TemporaryDirectory() as folder:
        japanese = generate_japanese(Path(folder), args.ja_count)
        print(f"English: {len(english)} CUAD contracts, "
              f"{sum(map(word_count, english)):,} words; Japanese: {len(japanese)} generated")

        table("In process, English", in_process(english, "en"))
        table("In process, Japanese", in_process(japanese, "ja"))
        if not args.skip_per_process:
            data = per_process(english, "en")
            table("One process per document, English", data)
            print(f"largest peak RSS of one kyoso check process: {data['peak_mb']:.0f} MB")
            table("One process per document, Japanese", per_process(japanese, "ja"))

        peak = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--memory",
                               str(english[0]), str(japanese[0])],
                              capture_output=True, text=True, check=True).stdout.strip()
        print(f"\npeak RSS, English + Japanese pipelines in one process: {float(peak):.0f} MB "
              f"(target < 500 MB)")

        target = min(english, key=lambda path: abs(word_count(path) - 10_000))
        seconds, rss, code = run_child(kyoso_command(target))
        print(f"cold CLI check of {target.name} ({word_count(target):,} words): {seconds:.2f} s, "
              f"{rss:.0f} MB, exit {code} (target < 2 s)")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--bare":
        bare_main(sys.argv[2], sys.argv[3])
    elif len(sys.argv) > 3 and sys.argv[1] == "--in-process":
        in_process_main(sys.argv[2], sys.argv[3:])
    elif len(sys.argv) == 4 and sys.argv[1] == "--memory":
        memory_main(sys.argv[2], sys.argv[3])
    else:
        main()
