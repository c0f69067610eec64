"""core/: strict YAML and safe writes, the two things every command relies on."""

import os

import pytest

from kyoso.core import limits
from kyoso.core.errors import ConfigError, OutputError
from kyoso.core.files import check_target, write_atomic
from kyoso.core.safe_yaml import load_path, loads


def test_plain_yaml_loads_and_dates_stay_strings():
    data = loads("name: 株式会社テスト\nsigned: 2026-02-30\ncount: 3\n")
    assert data == {"name": "株式会社テスト", "signed": "2026-02-30", "count": 3}


@pytest.mark.parametrize(
    "text, problem",
    [
        ("a: &x 1\nb: *x\n", "anchors"),
        ("a: [*x]\n", "alias"),
        ("a: 1\na: 2\n", "duplicate key 'a'"),
        ("a: !!python/object/apply:os.system ['true']\n", "python/object"),
        ("a: [1, 2\n", "line"),
        ("? [1, 2]\n: x\n", "plain values"),
        ("a: !\n", "bare tag"),  # the two YAML loaders would disagree on its value
    ],
)
def test_hostile_or_broken_yaml_is_one_line_error(text, problem):
    with pytest.raises(ConfigError) as caught:
        loads(text, "deal.yaml")
    message = str(caught.value)
    assert problem in message and message.startswith("deal.yaml:") and "\n" not in message


def test_billion_laughs_is_refused_before_expansion():
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [*a{i-1},*a{i-1},*a{i-1},*a{i-1},*a{i-1}]" for i in range(1, 10)]
    with pytest.raises(ConfigError, match="anchors"):
        loads("\n".join(lines), "laughs.yaml")


def test_oversized_yaml_file_is_refused_without_reading(tmp_path):
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(limits.MAX_YAML_BYTES + 1)
    with pytest.raises(ConfigError, match="larger than"):
        load_path(big)


def test_missing_and_directory_paths(tmp_path):
    with pytest.raises(ConfigError, match="no such file"):
        load_path(tmp_path / "none.yaml")
    with pytest.raises(ConfigError, match="is a directory"):
        load_path(tmp_path)


def test_write_atomic_refuses_overwrite_and_keeps_old_content(tmp_path):
    target = tmp_path / "out.docx"
    target.write_bytes(b"user's file")
    with pytest.raises(OutputError, match="--force"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"user's file"
    write_atomic(target, b"new", force=True)
    assert target.read_bytes() == b"new"


def test_write_atomic_leaves_nothing_on_interrupt(tmp_path, monkeypatch):
    target = tmp_path / "out.docx"

    def interrupted(*_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"half")
    assert list(tmp_path.iterdir()) == []


def test_check_target_refuses_input_path_and_missing_folder(tmp_path):
    source = tmp_path / "contract.docx"
    source.write_bytes(b"x")
    with pytest.raises(OutputError, match="same as an input"):
        check_target(source, force=True, inputs=[source])
    with pytest.raises(OutputError, match="does not exist"):
        check_target(tmp_path / "missing" / "out.docx")


def test_written_files_get_the_ordinary_mode_not_the_temp_files_0600(tmp_path):
    mask = os.umask(0o022)
    os.umask(mask)
    target = write_atomic(tmp_path / "draft.docx", b"data")
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask
