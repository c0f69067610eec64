"""What ``kyoso check`` costs next to the least spaCy can do, in CPU seconds (issue 11).

CPU time of one process (user + system, from the OS's accounting of a finished child),
not wall time: the machine this runs on is shared, and wall time measures the others.
Each figure is the least of a few runs (CPU time too grows when others share the caches).

* batch: ``kyoso check DIR --jobs 1`` over the CUAD dev contracts, against a bare pass
  (blank ``en`` + sentencizer over the same paragraphs). Target: ≤ 2×.
* cold: one ~10,000-word contract, a fresh interpreter each time, against a bare cold
  spaCy run over the same text. Target: ≤ 1.3×.
* peak memory of the batch run (max RSS). Target: ≤ 500 MB.

    python benchmarks/check_cost.py            # the whole corpus (a few minutes)
    python benchmarks/check_cost.py --limit 40
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CUAD = ROOT.parent / "shared" / "data" / "cuad-dev" / "contracts"
KYOSO = [sys.executable, "-m", "kyoso.cli"]

BARE = """
import sys, spacy
from pathlib import Path
nlp = spacy.blank("en"); nlp.add_pipe("sentencizer")
for name in sys.argv[1:]:
    for paragraph in Path(name).read_text(encoding="utf-8").split("\\n"):
        if paragraph.strip():
            sum(1 for _ in nlp(paragraph).sents)
"""


def cpu_of(command: list[str]) -> tuple[float, float]:
    """(CPU seconds, peak RSS in MB) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, after.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=8, help="cold runs per command")
    parser.add_argument("--batch-repeat", type=int, default=3, help="batch runs per command")
    args = parser.parse_args()
    files = sorted(CUAD.glob("*.txt"))[: args.limit]
    with tempfile.TemporaryDirectory() as folder, tempfile.TemporaryDirectory() as out_folder:
        for path in files:
            shutil.copy(path, folder)
        texts = sorted(map(str, Path(folder).glob("*.txt")))
        # the least of a few runs, bare and kyoso taking turns: on a shared machine the
        # others only ever add time, and a machine that slows down for a minute slows both
        bare_runs, runs = [], []
        for run in range(args.batch_repeat):  # a new report each run: kyoso never overwrites one
            bare_runs.append(cpu_of([sys.executable, "-c", BARE, *texts])[0])
            report = os.path.join(out_folder, f"run{run}.json")
            runs.append(cpu_of([*KYOSO, "check", folder, "--jobs", "1", "--format", "json", "-o", report]))
        bare = min(bare_runs)
        kyoso, peak = min(cpu for cpu, _ in runs), max(rss for _, rss in runs)
    print(f"batch over {len(files)} contracts: kyoso {kyoso:.1f} s CPU, bare {bare:.1f} s "
          f"-> {kyoso / bare:.2f}x (target <= 2x); peak {peak:.0f} MB (target <= 500)")
    sizes = [(len(p.read_text(encoding="utf-8").split()), p) for p in sorted(CUAD.glob("*.txt"))]
    words, one = min(sizes, key=lambda s: abs(s[0] - 10_000))
    kyoso_cold, bare_cold = [], []
    for _ in range(args.repeat):
        kyoso_cold.append(cpu_of([*KYOSO, "check", str(one), "--format", "json"])[0])
        bare_cold.append(cpu_of([sys.executable, "-c", BARE, str(one)])[0])
    k, b = min(kyoso_cold), min(bare_cold)
    print(f"cold, one {words}-word contract: kyoso {k:.2f} s CPU, bare {b:.2f} s -> {k / b:.2f}x "
          f"(target <= 1.3x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
