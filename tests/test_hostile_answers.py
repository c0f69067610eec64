"""Hostile answers files through the real command: ``kyoso draft joint-development``.

Table-driven. Each row changes the embedded example deal in one way and runs
``kyoso draft joint-development --answers FILE -o OUT``. A refused row must exit 2
with one line on stderr that names the key or the problem, no traceback, the answers
file unchanged and nothing new in its folder. An accepted row (answer text that looks
like Jinja) must exit 0 and print that text literally in the draft.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lxml import etree

from kyoso.cli import main
from kyoso.clauses.answers import EXAMPLES_DIR
from kyoso.core import safe_yaml

CONTRACT = "joint-development"
SECONDS_PER_CASE = 10
W_T = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"


class Raw(str):
    """A YAML fragment written into the answers file as is (not quoted as JSON)."""


def example() -> dict[str, Any]:
    return safe_yaml.load_path(EXAMPLES_DIR / f"{CONTRACT}.yaml")


def _escaped(c: str) -> str:
    # What a user types for a character the file cannot hold as is: a surrogate has no
    # UTF-8 form, and YAML refuses raw noncharacters.
    point = ord(c)
    if 0xD800 <= point <= 0xDFFF or point & 0xFFFE == 0xFFFE:
        return f"\\u{point:04x}"
    return c


def yaml_value(value: Any) -> str:
    """A value as flow YAML: JSON, with characters escaped only where they must be."""
    if isinstance(value, Raw):
        return str(value)
    return "".join(map(_escaped, json.dumps(value, ensure_ascii=False)))


def answers_text(overrides: dict[str, Any]) -> str:
    """The example deal with ``overrides``, one ``key: value`` line per answer.

    Values are written as JSON (valid YAML), so "\\ud800" reaches the file as an
    escape, exactly what a user would type; ``Raw`` values go in unquoted.
    """
    answers = {**example(), **overrides}
    return "".join(f"{key}: {yaml_value(value)}\n" for key, value in answers.items())


def with_party_field(role: str, key: str, lang: str, text: str) -> dict[str, Any]:
    party = json.loads(json.dumps(example()[role]))
    party[key] = {**party.get(key, {"ja": "甲", "en": "the Startup"}), lang: text}
    return {role: party}


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return "".join(node.text or "" for node in root.iter(W_T))


def folder_state(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            if p.is_file() and not p.is_symlink() else "other"
            for p in sorted(folder.rglob("*"))}


@dataclass
class Row:
    name: str
    overrides: dict[str, Any] = field(default_factory=dict)
    words: tuple[str, ...] = ()        # lower-case words the one-line error must contain
    literal: tuple[str, ...] = ()      # accepted rows: texts the draft must print as is
    absent: tuple[str, ...] = ()       # accepted rows: texts the draft must not gain
    text: str | None = None            # the whole answers file, instead of overrides


JINJA_THEME = {"ja": "{{ 7*7 }}の研究{% for x in range(10**9) %}x{% endfor %}",
               "en": "{{ 7*7 }} research {% for x in range(10**9) %}x{% endfor %}"}

ROWS = [
    # --- answer text that looks like a template prints literally ----------------------
    Row("jinja-in-text", {"research_theme": JINJA_THEME},
        literal=("{{ 7*7 }} research {% for x in range(10**9) %}x{% endfor %}",)),
    Row("jinja-in-party-name", with_party_field("startup", "name", "en", "{{ 7*7 }} Labs Inc."),
        literal=("{{ 7*7 }} Labs Inc.",)),
    Row("jinja-in-alias", with_party_field("business", "alias", "en", "{{ config }}"),
        literal=("{{ config }}",)),
    Row("jinja-in-list-entry",
        {"milestones": [{"event": {"ja": "{{ 7*7 }}の達成", "en": "{% raw %}reaching {{ 7*7 }}"},
                         "amount": 1000000}]},
        literal=("{% raw %}reaching {{ 7*7 }}",)),
    # Look-alike letters are text (the checker flags them in contracts it reads); the
    # draft prints exactly what the answers say.
    Row("homoglyph-in-name", with_party_field("startup", "name", "en", "\u0422hermoLink Inc."),
        literal=("\u0422hermoLink Inc.",)),
    # --- wrong numbers, dates and types name the key ------------------------------------
    Row("huge-integer", {"schedule_days": 10**100}, ("schedule_days", "101-digit", "maximum")),
    Row("huge-money", {"research_budget": 10**100}, ("research_budget", "maximum")),
    Row("5000-digit-integer", {"schedule_days": Raw("9" * 5000)}, ("invalid yaml", "longer than")),
    Row("negative-duration", {"exclusive_years": -3}, ("exclusive_years", "minimum")),
    Row("negative-money", {"upfront_amount": -1}, ("upfront_amount", "minimum")),
    Row("impossible-date", {"signing_date": Raw("2026-02-30")}, ("signing_date", "not a real date")),
    Row("date-as-number", {"signing_date": 20260901}, ("signing_date", "yyyy-mm-dd")),
    Row("bool-for-integer", {"payment_days": True}, ("payment_days", "whole number")),
    Row("float-for-integer", {"payment_days": Raw(".nan")}, ("payment_days", "whole number")),
    Row("list-for-text", {"research_theme": ["a", "b"]}, ("research_theme", "expected text")),
    Row("unknown-key-with-escape", {"bad\u202ekey": 1}, ("'bad\\u202ekey'", "unknown answer")),
    # --- characters that hide or break text ---------------------------------------------
    Row("bidi-override-in-name", with_party_field("startup", "name", "en", "Thermo\u202eLink Inc."),
        ("startup.name.en", "u+202e")),
    Row("zero-width-in-alias", with_party_field("business", "alias", "en", "the\u200bCompany"),
        ("business.alias.en", "u+200b")),
    Row("tag-characters-in-clause-text",
        {"research_theme": {"ja": "樹脂", "en": "resin\U000e0069\U000e0067"}},
        ("research_theme.en", "u+e0069")),
    Row("soft-hyphen-in-name", with_party_field("startup", "name", "ja", "サーモ\u00adリンク"),
        ("startup.name.ja", "u+00ad")),
    Row("bell-control-character", with_party_field("startup", "address", "en", "Tokyo\u0007"),
        ("startup.address.en", "u+0007")),
    Row("lone-surrogate", with_party_field("startup", "name", "en", "Thermo\ud800Link"),
        ("line", "lone utf-16 surrogate")),
    Row("lone-low-surrogate-in-list", {"milestones": [
        {"event": {"ja": "達成", "en": "done\udfff"}, "amount": 1000000}]},
        ("line", "lone utf-16 surrogate")),
    Row("noncharacter", {"research_theme": {"ja": "樹脂\uffff", "en": "resin"}},
        ("research_theme.ja", "u+ffff")),
    # --- YAML that multiplies or executes --------------------------------------------
    Row("billion-laughs", text="a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a]\n"
                               "c: [*b, *b, *b, *b, *b, *b]\n", words=("anchors",)),
    Row("alias-only", text="x: *nothing\n", words=("aliases",)),
    Row("python-tag", text="startup: !!python/object/apply:os.system ['touch PWNED']\n",
        words=("python/object/apply",)),
    Row("python-name-tag", text="x: !!python/name:os.system\n", words=("python/name",)),
    Row("deep-nesting", text="x: " + "[" * 20_000 + "]" * 20_000 + "\n", words=("too deep",)),
    Row("duplicate-key", text="preset: balanced\npreset: startup-favourable\n",
        words=("duplicate key 'preset'",)),
    Row("top-level-list", text="- preset\n- balanced\n", words=("mapping",)),
    Row("tabs-and-garbage", text="\tpreset: [balanced\n", words=("invalid yaml",)),
]


def _write_answers(folder: Path, row: Row) -> Path:
    path = folder / "answers.yaml"
    text = row.text if row.text is not None else answers_text(row.overrides)
    path.write_text(text, encoding="utf-8")
    return path


def run_draft(args: list[str]):
    started = time.monotonic()
    result = CliRunner().invoke(main, args)
    assert time.monotonic() - started < SECONDS_PER_CASE
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    return result


def assert_refused(result, words: tuple[str, ...]) -> str:
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kyoso: error: "), result.stderr
    message = lines[0].lower()
    assert all(word in message for word in words), message
    return message


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_draft_answers_row(tmp_path, row: Row, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a python tag that ran would leave PWNED here
    folder = tmp_path / "in"
    folder.mkdir()
    answers = _write_answers(folder, row)
    before = folder_state(tmp_path)
    output = folder / "draft.docx"
    result = run_draft(["draft", CONTRACT, "--answers", str(answers), "--lang", "en",
                        "-o", str(output)])
    if row.literal:
        assert result.exit_code == 0, result.output
        text = docx_text(output)
        for literal in row.literal:
            assert literal in text
        assert "49" not in text, "an answer was evaluated as a template"
        assert folder_state(tmp_path) == {**before, "in/draft.docx": folder_state(tmp_path)["in/draft.docx"]}
        return
    message = assert_refused(result, row.words)
    assert str(answers).lower() in message
    assert not output.exists()
    assert folder_state(tmp_path) == before  # input unchanged, no stray or partial file
    assert not (tmp_path / "PWNED").exists()


def test_jinja_answers_stay_literal_in_both_languages(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text(answers_text({"research_theme": JINJA_THEME}), encoding="utf-8")
    output = tmp_path / "draft.docx"
    result = run_draft(["draft", CONTRACT, "--answers", str(answers), "--lang", "ja+en",
                        "-o", str(output)])
    assert result.exit_code == 0, result.output
    text = docx_text(output)
    assert "{{ 7*7 }}の研究" in text and "{{ 7*7 }} research" in text and "49" not in text


def test_every_problem_is_listed_on_one_line(tmp_path):
    overrides = {"schedule_days": 10**100, "signing_date": Raw("2026-02-30"), "payment_days": True,
                 **with_party_field("startup", "name", "en", "A\u202eB")}
    answers = tmp_path / "answers.yaml"
    answers.write_text(answers_text(overrides), encoding="utf-8")
    result = run_draft(["draft", CONTRACT, "--answers", str(answers), "-o", str(tmp_path / "x.docx")])
    message = assert_refused(result, ("4 problems", "schedule_days", "signing_date",
                                      "payment_days", "startup.name.en"))
    assert len(message) < 1000


# --- answers files and output paths that are not what they seem ----------------------------


def test_answers_file_that_is_not_utf8(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_bytes("preset: balanced\nstartup: 株式会社\n".encode("cp932"))
    assert_refused(run_draft(["draft", CONTRACT, "--answers", str(answers), "-o",
                              str(tmp_path / "x.docx")]), ("not utf-8",))


def test_answers_file_over_the_size_limit(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("# padding\n" * 200_000)
    assert_refused(run_draft(["draft", CONTRACT, "--answers", str(answers), "-o",
                              str(tmp_path / "x.docx")]), ("larger than",))


def test_answers_symlink_loop(tmp_path):
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    before = folder_state(tmp_path)
    result = run_draft(["draft", CONTRACT, "--answers", str(tmp_path / "a.yaml"), "-o",
                        str(tmp_path / "x.docx")])
    assert_refused(result, ("a.yaml", "symbolic links"))
    assert folder_state(tmp_path) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_answers_file(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text(answers_text({}))
    answers.chmod(0)
    try:
        assert_refused(run_draft(["draft", CONTRACT, "--answers", str(answers), "-o",
                                  str(tmp_path / "x.docx")]), ("permission denied",))
    finally:
        answers.chmod(0o600)


def test_output_folder_that_does_not_exist(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text(answers_text({}))
    before = folder_state(tmp_path)
    result = run_draft(["draft", CONTRACT, "--answers", str(answers), "-o",
                        str(tmp_path / "missing" / "dir" / "x.docx")])
    assert_refused(result, ("does not exist",))
    assert folder_state(tmp_path) == before  # no folder created either


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_output_equal_to_the_answers_file(tmp_path, force):
    answers = tmp_path / "answers.yaml"
    answers.write_text(answers_text({}))
    link = tmp_path / "link.docx"
    link.symlink_to(answers)
    before = folder_state(tmp_path)
    for target in (answers, link):
        result = run_draft(["draft", CONTRACT, "--answers", str(answers), "--format", "docx",
                            "-o", str(target), *(["--force"] if force else [])])
        assert_refused(result, ("same as an input",))
    assert folder_state(tmp_path) == before


def test_output_path_that_is_a_folder(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text(answers_text({}))
    (tmp_path / "out.docx").mkdir()
    assert_refused(run_draft(["draft", CONTRACT, "--answers", str(answers), "-o",
                              str(tmp_path / "out.docx"), "--force"]), ("directory",))


def test_answers_path_that_is_a_folder(tmp_path):
    result = run_draft(["draft", CONTRACT, "--answers", str(tmp_path), "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_output_path_that_is_a_symlink_loop(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text(answers_text({}))
    loop = tmp_path / "loop.docx"
    loop.symlink_to(loop)
    before = folder_state(tmp_path)
    result = run_draft(["draft", CONTRACT, "--answers", str(answers), "-o", str(loop)])
    assert_refused(result, ("already exists",))
    assert loop.is_symlink() and folder_state(tmp_path) == before


def test_python_callers_get_the_same_refusal_by_key():
    """libyaml refuses a "\\ud800" escape while parsing; a Python caller that builds the
    answers itself reaches answers.py, which names the key."""
    from kyoso.clauses.answers import resolve
    from kyoso.clauses.loader import get_contract
    from kyoso.core.errors import AnswersError

    raw = {**example(), **with_party_field("startup", "name", "en", "Thermo\ud800Link")}
    with pytest.raises(AnswersError) as caught:
        resolve(get_contract(CONTRACT), raw, "api")
    message = str(caught.value)
    assert "startup.name.en" in message and "U+D800" in message and "not a character" in message
    message.encode("utf-8")  # the message itself holds no surrogate


# --- the benchmark's command table (benchmarks/hostile.py) runs here too ----------------------

import factories as f  # noqa: E402

# The 1 MB flow lists take ~2.5 s each; benchmarks/hostile.py measures them.
QUICK_COMMANDS = [case for case in f.HOSTILE_COMMANDS if "flow-list" not in case[0]]


@pytest.mark.parametrize("build, words", [case[1:] for case in QUICK_COMMANDS],
                         ids=[case[0] for case in QUICK_COMMANDS])
def test_hostile_command(tmp_path, monkeypatch, build, words):
    monkeypatch.chdir(tmp_path)
    args = build(tmp_path)
    before = folder_state(tmp_path)
    message = assert_refused(run_draft(args), words)
    assert len(message) < 5_000  # even 75,000 unknown keys stay a readable line
    assert folder_state(tmp_path) == before
