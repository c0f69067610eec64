"""How fast is `kyoso draft`? Drafts the joint-development example in ja+en.

Warm: in one process, after a first run has loaded the library and compiled the
templates (what `kyoso pack` and a Python user see for every document after the
first). Cold: a fresh `kyoso draft … --example` process each time, as a user at the
command line sees it, start-up and imports included. Also checks that drafting never
imports spaCy, which is what keeps the cold number low.

    /tmp/venv/bin/python benchmarks/draft_speed.py [--contract joint-development] [--format docx]

Targets: warm < 0.5 s, cold < 2 s (median).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WARM_TARGET, COLD_TARGET = 0.5, 2.0


def warm(contract_id: str, fmt: str, runs: int) -> float:
    from kyoso.clauses.answers import example_answers, resolve
    from kyoso.clauses.loader import get_contract
    from kyoso.templates.api import draft_bytes

    def once() -> None:
        contract = get_contract(contract_id)
        values = resolve(contract, example_answers(contract_id), "example")
        draft_bytes(contract_id, values, "ja+en", fmt)

    once()  # load the library and compile the templates
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        once()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cold(contract_id: str, fmt: str, runs: int) -> float:
    kyoso = Path(sys.executable).with_name("kyoso")
    times = []
    with tempfile.TemporaryDirectory() as folder:
        for n in range(runs):
            target = Path(folder) / f"draft-{n}.{fmt}"
            command = [str(kyoso), "draft", contract_id, "--example", "--lang", "ja+en", "-o", str(target)]
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def imports_spacy(contract_id: str) -> bool:
    with tempfile.TemporaryDirectory() as folder:
        code = ("import sys; from kyoso.cli import main\n"
                f"main(['draft', {contract_id!r}, '--example', '--lang', 'ja+en', "
                f"'-o', {str(Path(folder) / 'x.docx')!r}], standalone_mode=False)\n"
                "print(any(m.split('.')[0] == 'spacy' for m in sys.modules))")
        done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return done.stdout.strip().endswith("True")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contract", default="joint-development")
    parser.add_argument("--format", default="docx", choices=["docx", "md"])
    parser.add_argument("--warm-runs", type=int, default=20)
    parser.add_argument("--cold-runs", type=int, default=5)
    args = parser.parse_args()

    warm_s = warm(args.contract, args.format, args.warm_runs)
    cold_s = cold(args.contract, args.format, args.cold_runs)
    spacy = imports_spacy(args.contract)
    print(f"draft {args.contract} ja+en {args.format}")
    print(f"  warm (in process, median of {args.warm_runs}): {warm_s:.3f} s  (target < {WARM_TARGET} s)")
    print(f"  cold (fresh process, median of {args.cold_runs}): {cold_s:.3f} s  (target < {COLD_TARGET} s)")
    print(f"  spaCy imported while drafting: {'YES (bug)' if spacy else 'no'}")
    return 0 if warm_s < WARM_TARGET and cold_s < COLD_TARGET and not spacy else 1


if __name__ == "__main__":
    sys.exit(main())
