"""How fast is `kyoso pack`? The example deal (either edition), all four documents and the memo, in ja+en.

Warm: in one process, after a first run has loaded the library and compiled the
templates: plan + render + lint + write, what a Python user or a service sees for
every pack after the first. Cold: a fresh `kyoso pack --example` process each time,
start-up and imports included, as a user at the command line sees it. Also checks
that packing never imports spaCy.

    /tmp/venv/bin/python benchmarks/pack_speed.py [--format docx|md|both] [--zip] [--edition material|ai]

Targets: warm < 1 s, cold < 3 s (median).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WARM_TARGET, COLD_TARGET = 1.0, 3.0


def warm(fmt: str, zip_files: bool, runs: int, edition: str = "material") -> tuple[float, dict[str, float]]:
    from kyoso.templates.pack import build_pack, example_deal, plan_pack, write_pack

    stages: dict[str, list[float]] = {"plan": [], "render+lint": [], "write": []}

    def once(folder: Path) -> None:
        t0 = time.perf_counter()
        plan = plan_pack(example_deal(edition), "example")
        t1 = time.perf_counter()
        files = build_pack(plan, lang="ja+en", fmt=fmt, zip_files=zip_files)
        t2 = time.perf_counter()
        write_pack(folder, files, force=True)
        t3 = time.perf_counter()
        for name, seconds in zip(stages, (t1 - t0, t2 - t1, t3 - t2)):
            stages[name].append(seconds)

    with tempfile.TemporaryDirectory() as root:
        once(Path(root) / "first")  # load the library and compile the templates
        for values in stages.values():
            values.clear()
        times = []
        for n in range(runs):
            start = time.perf_counter()
            once(Path(root) / f"pack-{n}")
            times.append(time.perf_counter() - start)
    return statistics.median(times), {k: statistics.median(v) for k, v in stages.items()}


def cold(fmt: str, zip_files: bool, runs: int, edition: str = "material") -> float:
    kyoso = Path(sys.executable).with_name("kyoso")
    times = []
    with tempfile.TemporaryDirectory() as root:
        for n in range(runs):
            command = [str(kyoso), "pack", "--example", "--edition", edition, "--lang", "ja+en",
                       "--format", fmt,
                       "-o", str(Path(root) / f"pack-{n}")] + (["--zip"] if zip_files else [])
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def imports_spacy() -> bool:
    with tempfile.TemporaryDirectory() as root:
        code = ("import sys; from kyoso.cli import main\n"
                f"main(['pack', '--example', '--lang', 'ja+en', '-o', {str(Path(root) / 'p')!r}],"
                " standalone_mode=False)\n"
                "print(any(m.split('.')[0] == 'spacy' for m in sys.modules))")
        done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return done.stdout.strip().endswith("True")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", default="docx", choices=["docx", "md", "both"])
    parser.add_argument("--zip", action="store_true")
    parser.add_argument("--edition", default="material", choices=["material", "ai"])
    parser.add_argument("--warm-runs", type=int, default=10)
    parser.add_argument("--cold-runs", type=int, default=5)
    args = parser.parse_args()

    warm_s, stages = warm(args.format, args.zip, args.warm_runs, args.edition)
    cold_s = cold(args.format, args.zip, args.cold_runs, args.edition)
    spacy = imports_spacy()
    print(f"pack example edition={args.edition} ja+en format={args.format} zip={args.zip}")
    print(f"  warm median {warm_s:.3f} s (target < {WARM_TARGET} s)  "
          + ", ".join(f"{k} {v:.3f} s" for k, v in stages.items()))
    print(f"  cold median {cold_s:.3f} s (target < {COLD_TARGET} s)")
    print(f"  imports spaCy: {spacy}")
    ok = warm_s < WARM_TARGET and cold_s < COLD_TARGET and not spacy
    print("OK" if ok else "SLOW")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
