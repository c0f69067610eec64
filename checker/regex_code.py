"""Shipped cue patterns, compiled ahead of time.

``re.compile`` parses and assembles a pattern in pure Python. The rule files hold
about 1,500 top-level alternatives, and one contract needs several hundred of them:
compiling those was a fifth of a cold ``kyoso check``, and the checker's modules
compile about a hundred more when imported. ``python -m
kyoso.checker.prefilter`` also writes ``regex_code.bin``: each shipped alternative's
compiled program, as ``re`` would build it. Loading a program costs a hundredth of
compiling it.

A program belongs to one regex engine: it is used only when the running Python is the
one that built the file (same version, engine magic, code size and Unicode tables).
Otherwise, and for any pattern not in the file, ``re.compile`` is used, so the file
only ever saves time. tests/test_prefilter.py checks that every loaded pattern equals
``re.compile``'s (``re.Pattern`` equality compares the programs).
"""

from __future__ import annotations

import array
import json
import re
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

try:  # the regex engine's own entry point, which ``re`` calls with the program it built
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - not CPython
    _sre = None

CODE_FILE = Path(__file__).parent / "regex_code.bin"


def runtime() -> str:
    """What a compiled program depends on."""
    if _sre is None:
        return "none"
    return (f"{sys.implementation.name}-{sys.version_info[0]}.{sys.version_info[1]}-"
            f"{_sre.MAGIC}-{_sre.CODESIZE}-{unicodedata.unidata_version}")


@lru_cache(maxsize=None)
def _shipped() -> tuple[dict[str, list], array.array | None]:
    try:
        raw = CODE_FILE.read_bytes()
        header, _, body = raw.partition(b"\n")
        index = json.loads(header)
        if index.get("runtime") != runtime() or _sre.CODESIZE != 4:
            return {}, None
        codes = array.array("I")
        codes.frombytes(body)
        if sys.byteorder != "little":  # pragma: no cover - written little-endian
            codes.byteswap()
        return index["patterns"], codes
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}, None


# (pattern, flags) of every compile asked for while recording: how the table builder learns
# the patterns the checker's modules compile when imported (see ``module_patterns``)
_recorded: set[tuple[str, int]] | None = None


def compile(pattern: str, flags: int = 0) -> re.Pattern:  # noqa: A001 - re.compile's name
    """``re.compile(pattern, flags)``, from the shipped program when there is one."""
    if _recorded is not None:
        _recorded.add((pattern, int(flags)))
    entries, codes = _shipped()
    entry = entries.get(f"{int(flags)}:{pattern}")
    if entry is not None and codes is not None:
        offset, length, all_flags, groups, groupindex = entry
        indexgroup = [None] * groups
        for name, number in groupindex.items():
            indexgroup[number] = name
        try:
            return _sre.compile(pattern, all_flags, codes[offset:offset + length].tolist(),
                                groups - 1, groupindex, tuple(indexgroup))
        except (TypeError, ValueError, RuntimeError):
            pass
    return re.compile(pattern, flags)


# the modules a check imports whose module-level patterns are worth shipping compiled
CHECK_MODULES = ("baseline", "definitions", "engine", "kinds", "marks", "nlp", "normalise",
                 "parties", "quantities", "structure", "textclean")


def module_patterns() -> list[tuple[str, int]]:
    """The patterns ``CHECK_MODULES`` compile when imported, recorded in a fresh
    interpreter (here they are imported already)."""
    import subprocess

    script = ("import importlib, json, kyoso.checker.regex_code as rc\n"
              "rc._recorded = set()\n"
              f"for name in {CHECK_MODULES!r}: importlib.import_module('kyoso.checker.' + name)\n"
              "print(json.dumps(sorted(rc._recorded)))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return [(pattern, flags) for pattern, flags in json.loads(done.stdout)]


def program(pattern: str, flags: int) -> tuple[list[int], int, int, dict[str, int]]:
    """What ``re`` builds for a pattern: (code, flags, number of groups, group names)."""
    parsed = _parser.parse(pattern, flags)
    return (_compiler._code(parsed, flags), flags | parsed.state.flags, parsed.state.groups,
            dict(parsed.state.groupdict))


def write(patterns: list[tuple[str, int]], path: Path = CODE_FILE) -> int:
    """Write the programs of ``patterns``; returns how many."""
    entries: dict[str, list] = {}
    codes = array.array("I")
    for pattern, flags in sorted(set(patterns), key=lambda item: (item[1], item[0])):
        code, all_flags, groups, groupindex = program(pattern, flags)
        entries[f"{int(flags)}:{pattern}"] = [len(codes), len(code), all_flags, groups, groupindex]
        codes.extend(code)
    if sys.byteorder != "little":  # pragma: no cover
        codes.byteswap()
    header = json.dumps({"runtime": runtime(), "patterns": entries}, ensure_ascii=False)
    path.write_bytes(header.encode("utf-8") + b"\n" + codes.tobytes())
    return len(entries)
