"""Hostile and broken inputs: refused fast, in one line, with nothing written or changed.

Table-driven over ``factories.HOSTILE``: each case is checked twice, once at the reader
(``read_document`` raises ``InputError`` naming the file and the problem) and once
through ``kyoso check FILE --format json`` (exit 2, the document's error is one line
that names the problem, no traceback, the input file unchanged, no new files).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time

import pytest
from click.testing import CliRunner

from kyoso.checker.readers import read_document
from kyoso.cli import main
from kyoso.core.errors import InputError

import factories as f

SECONDS_PER_CASE = 10
CASES = pytest.mark.parametrize("make, words", [case[1:] for case in f.HOSTILE],
                                ids=[case[0] for case in f.HOSTILE])


def snapshot(folder) -> dict[str, str]:
    """Every entry under folder with a content hash (regular files) or its type."""
    seen = {}
    for root, dirs, files in os.walk(folder):  # does not follow links
        for name in dirs + files:
            path = os.path.join(root, name)
            mode = os.lstat(path).st_mode
            if stat.S_ISREG(mode):
                digest = hashlib.sha256()
                with open(path, "rb") as handle:
                    for chunk in iter(lambda: handle.read(1 << 20), b""):
                        digest.update(chunk)
                seen[path] = digest.hexdigest()
            else:
                seen[path] = oct(stat.S_IFMT(mode))
    return seen


@CASES
def test_reader_refuses(tmp_path, make, words):
    path = make(tmp_path)
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        read_document(str(path))
    assert time.monotonic() - started < SECONDS_PER_CASE
    message = str(caught.value)
    assert "\n" not in message and message.startswith(str(path))
    assert all(word in message.lower() for word in words), message


@CASES
def test_cli_refuses(tmp_path, make, words):
    folder = tmp_path / "in"
    folder.mkdir()
    path = make(folder)
    before = snapshot(tmp_path)
    started = time.monotonic()
    result = CliRunner().invoke(main, ["check", str(path), "--format", "json"])
    assert time.monotonic() - started < SECONDS_PER_CASE
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    (document,) = json.loads(result.stdout)["documents"]
    message = document["error"]["message"]
    assert "\n" not in message and str(path) in message
    assert all(word in message.lower() for word in words), message
    assert document["findings"] == []
    assert len(result.stderr.splitlines()) <= 1  # at most a one-line summary
    assert snapshot(tmp_path) == before  # input unchanged, nothing written beside it


def test_cli_refuses_a_zip_bomb_on_stdin(tmp_path):
    data = f.zip_bomb_ratio(tmp_path).read_bytes()
    result = CliRunner().invoke(main, ["check", "-", "--format", "json"], input=data)
    assert result.exit_code == 2, result.output
    (document,) = json.loads(result.stdout)["documents"]
    assert "zip bomb" in document["error"]["message"]


def test_cli_batch_goes_on_past_bad_files(tmp_path):
    bad = f.billion_laughs_docx(tmp_path)
    missing = tmp_path / "missing.docx"
    result = CliRunner().invoke(main, ["check", str(bad), str(missing), "--format", "json"])
    assert result.exit_code == 2
    documents = json.loads(result.stdout)["documents"]
    assert [d["path"] for d in documents] == [str(bad), str(missing)]
    assert "dtd" in documents[0]["error"]["message"].lower()
    assert "no such file" in documents[1]["error"]["message"]


def test_symlink_loop_folder_finishes(tmp_path):
    from kyoso.checker.inputs import expand_paths

    started = time.monotonic()
    refs = expand_paths([str(f.symlink_loop_dir(tmp_path))])
    assert time.monotonic() - started < 1
    assert len(refs) == 2 and all(ref.error is None for ref in refs)


# --- YAML a team supplies: config and clause library files -----------------------------------

HOSTILE_YAML = [
    ("billion-laughs", "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a]\n"
                       "c: [*b, *b, *b, *b, *b, *b, *b, *b]\n", ("anchors",)),
    ("python-apply-tag", "fail_on: !!python/object/apply:os.system ['touch PWNED']\n",
     ("python/object/apply",)),
    ("python-name-tag", "fail_on: !!python/name:os.system\n", ("python/name",)),
    ("deep-nesting", "rules: " + "{a: " * 5_000 + "1" + "}" * 5_000 + "\n", ("too deep",)),
    ("duplicate-key", "fail_on: high\nfail_on: low\n", ("duplicate key",)),
    ("5000-digit-number", "thresholds: {noncompete_months: " + "9" * 5_000 + "}\n",
     ("longer than",)),
    ("oversize", "# padding\n" * 200_000, ("larger than",)),
]
YAML_CASES = pytest.mark.parametrize("text, words", [c[1:] for c in HOSTILE_YAML],
                                     ids=[c[0] for c in HOSTILE_YAML])


def _one_line_error(result, *words: str) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kyoso: error: "), result.stderr
    assert all(word in lines[0].lower() for word in words), lines[0]
    return lines[0]


@YAML_CASES
def test_check_refuses_a_hostile_config(tmp_path, monkeypatch, text, words):
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "kyoso.yaml"
    config.write_text(text)
    document = tmp_path / "contract.txt"
    document.write_text("Article 1 The parties agree.\n")
    before = snapshot(tmp_path)
    started = time.monotonic()
    result = CliRunner().invoke(main, ["check", str(document), "--config", str(config),
                                       "-o", str(tmp_path / "report.json"), "--format", "json"])
    assert time.monotonic() - started < SECONDS_PER_CASE
    assert str(config) in _one_line_error(result, *words)
    assert snapshot(tmp_path) == before  # no report, no PWNED, config unchanged


@YAML_CASES
def test_clause_library_refuses_a_hostile_file(tmp_path, text, words):
    from kyoso.clauses.loader import load_library
    from kyoso.core.errors import ClauseLibraryError

    path = tmp_path / "extra.yaml"
    path.write_text(text)
    with pytest.raises(ClauseLibraryError) as caught:
        load_library([path])
    message = str(caught.value)
    assert "\n" not in message and message.startswith(str(path))
    assert all(word in message.lower() for word in words), message


# --- output paths for kyoso check -----------------------------------------------------------


def _check(args: list[str]):
    return CliRunner().invoke(main, ["check", *args])


@pytest.mark.parametrize("option, name", [("-o", "report.json"), ("--annotate", "copy.docx")])
def test_check_output_folder_that_does_not_exist(tmp_path, option, name):
    document = f.normal_docx(tmp_path)
    before = snapshot(tmp_path)
    result = _check([str(document), option, str(tmp_path / "missing" / "dir" / name)])
    _one_line_error(result, "does not exist")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("option", ["-o", "--annotate"])
@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_check_output_equal_to_its_input(tmp_path, option, force):
    document = f.normal_docx(tmp_path)
    link = tmp_path / "link.docx"
    link.symlink_to(document)
    before = snapshot(tmp_path)
    for target in (document, link):
        result = _check([str(document), option, str(target), *(["--force"] if force else [])])
        _one_line_error(result, "same as an input")
    assert snapshot(tmp_path) == before


def test_check_report_and_annotated_copy_on_one_path(tmp_path):
    document = f.normal_docx(tmp_path)
    before = snapshot(tmp_path)
    target = str(tmp_path / "out.docx")
    _one_line_error(_check([str(document), "-o", target, "--annotate", target]), "same file")
    assert snapshot(tmp_path) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_input_is_reported_not_raised(tmp_path):
    path = f.unreadable_txt(tmp_path)
    try:
        result = _check([str(path), "--format", "json"])
        assert result.exit_code == 2 and "Traceback" not in result.output
        (document,) = json.loads(result.stdout)["documents"]
        assert "permission denied" in document["error"]["message"].lower()
    finally:
        path.chmod(0o600)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_config(tmp_path):
    config = tmp_path / "kyoso.yaml"
    config.write_text("fail_on: high\n")
    config.chmod(0)
    document = tmp_path / "contract.txt"
    document.write_text("Article 1 The parties agree.\n")
    try:
        _one_line_error(_check([str(document), "--config", str(config)]), "permission denied")
    finally:
        config.chmod(0o600)


def test_check_output_that_is_a_symlink_loop(tmp_path):
    document = f.normal_docx(tmp_path)
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    copy = str(tmp_path / "copy.docx")
    _one_line_error(_check([str(document), "-o", str(loop), "--annotate", copy]), "already exists")
    assert loop.is_symlink() and not os.path.exists(copy)
    # with --force the loop is replaced like any file; no traceback on the way
    result = _check([str(document), "-o", str(loop), "--annotate", copy, "--force"])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert loop.is_file() and not loop.is_symlink()
