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
