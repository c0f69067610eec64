"""Peak memory and wall time of kyoso on every hostile input (tests/factories.py).

Usage: python benchmarks/hostile.py [--reader-only] [--case NAME ...]

Two tables: ``factories.HOSTILE`` (documents for ``kyoso check``) and
``factories.HOSTILE_COMMANDS`` (answers files, config files and output paths: each
builder returns the ``kyoso draft``/``kyoso check`` arguments to run). --reader-only
skips the second table.

Each case is built in a temporary folder by a separate process (building a bomb takes
memory; Linux counts a parent's peak RSS at fork into the child's, so the parent must
stay small) and checked by a fresh process (``python -m kyoso.cli check FILE --format
json``, or with --reader-only just ``read_document``). Peak RSS comes from
``os.wait4`` for that one child, which on Linux also covers the grandchildren it
waited for (the PDF worker). Targets: at most 500 MB and 10 s per case, exit code 2.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import factories  # noqa: E402

MAX_MB, MAX_SECONDS = 500, 10
BUILD = ("import json, sys\nsys.path.insert(0, sys.argv[1])\nimport factories\n"
         "from pathlib import Path\n"
         "built = getattr(factories, sys.argv[2])(Path(sys.argv[3]))\n"
         "print(json.dumps(built if isinstance(built, list) else str(built)))\n")
READER_ONLY = ("import sys\nfrom kyoso.checker.readers import read_document\n"
               "from kyoso.core.errors import InputError\n"
               "try:\n    read_document(sys.argv[1])\nexcept InputError as e:\n"
               "    print(e, file=sys.stderr); sys.exit(2)\n")


def measure(command: list[str], timeout: float, cwd: Path | None = None) -> tuple[int, float, float, str]:
    """(exit code, peak RSS in MB, wall seconds, first stderr line) of one child."""
    started = time.monotonic()
    with tempfile.TemporaryFile() as err:
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err, cwd=cwd)
        deadline = started + timeout
        while True:  # bounded by the deadline
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                child.kill()
                pid, status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.01)
        child.returncode = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - started
        err.seek(0)
        first = (err.read().decode("utf-8", "replace").strip().splitlines() or [""])[0]
    return child.returncode, usage.ru_maxrss / 1024, wall, first


def build(make, folder: Path):
    """Run a factory in its own process; returns its path (str) or argument list."""
    out = subprocess.run(
        [sys.executable, "-c", BUILD, str(Path(factories.__file__).parent), make.__name__,
         str(folder)],
        check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reader-only", action="store_true")
    parser.add_argument("--case", action="append", help="run only these cases")
    args = parser.parse_args()
    failures = 0
    cases = [(name, make, words, "check") for name, make, words in factories.HOSTILE]
    if not args.reader_only:
        cases += [(name, make, words, "command") for name, make, words in factories.HOSTILE_COMMANDS]
    worst_mb = worst_s = 0.0
    print(f"{'case':24} {'exit':>4} {'peak MB':>8} {'wall s':>7}  verdict")
    with tempfile.TemporaryDirectory() as scratch:
        for name, make, words, kind in cases:
            if args.case and name not in args.case:
                continue
            folder = Path(scratch) / name
            folder.mkdir()
            built = build(make, folder)
            if kind == "command":
                command = [sys.executable, "-m", "kyoso.cli", *built]
            elif args.reader_only:
                command = [sys.executable, "-c", READER_ONLY, built]
            else:
                command = [sys.executable, "-m", "kyoso.cli", "check", built, "--format", "json"]
            code, peak, wall, first = measure(command, timeout=MAX_SECONDS * 3, cwd=folder)
            # check reports a bad document in its JSON; other commands say why on stderr
            said = kind != "command" or all(word in first.lower() for word in words)
            ok = code == 2 and peak <= MAX_MB and wall <= MAX_SECONDS and said
            failures += not ok
            worst_mb, worst_s = max(worst_mb, peak), max(worst_s, wall)
            print(f"{name:24} {code:>4} {peak:>8.0f} {wall:>7.2f}  {'ok' if ok else 'FAIL'}"
                  + ("" if said else f"  (stderr: {first[:80]})"))
    print(f"worst: {worst_mb:.0f} MB, {worst_s:.2f} s")
    print(f"targets: exit 2, <= {MAX_MB} MB, <= {MAX_SECONDS} s; {failures} case(s) missed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
