"""kyoso pack: the whole deal from one file, cited in order, written all or nothing."""

from __future__ import annotations

import copy
import io
import os
import re
import select
import signal
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
import yaml
from click.testing import CliRunner
from docx import Document

from kyoso.cli import main
from kyoso.core.errors import AnswersError, OutputError
from kyoso.templates import pack as pack_module
from kyoso.templates.pack import (FILE_STEMS, MEMO_STEM, ZIP_NAME, OutputFile, PackLintError,
                                  build_pack, example_deal, pack_to_folder, plan_pack, targets,
                                  write_pack)

DOC_NAMES = [f"{stem}.docx" for stem in FILE_STEMS.values()]
MEMO_NAMES = [f"{MEMO_STEM}.docx", f"{MEMO_STEM}.md"]


def _deal(**top_level) -> dict:
    """A fresh copy of the example deal, with top-level keys replaced."""
    return {**copy.deepcopy(example_deal()), **top_level}


def _markdown(deal: dict, lang: str = "en") -> dict[str, str]:
    files = build_pack(plan_pack(deal, "test deal"), lang=lang, fmt="md")
    return {f.name: f.data.decode("utf-8") for f in files if f.name.endswith(".md")}


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _write(deal: dict, folder: Path) -> Path:
    path = folder / "deal.yaml"
    path.write_text(yaml.safe_dump(deal, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# --- the example pack ------------------------------------------------------------------


@pytest.mark.parametrize("lang, expect", [
    ("ja", ["秘密保持契約書", "カバーメモ"]),
    ("en", ["Non-Disclosure Agreement", "cover memo"]),
    ("ja+en", ["秘密保持契約書", "Non-Disclosure Agreement"]),
])
def test_example_pack_writes_four_documents_and_the_memo(tmp_path, lang, expect):
    out = tmp_path / "pack"
    result = CliRunner().invoke(main, ["pack", "--example", "--lang", lang, "-o", str(out),
                                       "--format", "both", "--zip"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    md_names = [n.replace(".docx", ".md") for n in DOC_NAMES]
    assert names == sorted(MEMO_NAMES + DOC_NAMES + md_names + [ZIP_NAME])
    nda = _docx_text((out / DOC_NAMES[0]).read_bytes())
    memo = _docx_text((out / MEMO_NAMES[0]).read_bytes()) + (out / MEMO_NAMES[1]).read_text("utf-8")
    assert expect[0] in nda
    assert expect[1] in memo or expect[1] in nda
    if lang == "ja":
        assert "Non-Disclosure" not in nda
    if lang == "en":
        assert "秘密保持" not in nda
    # The zip holds every other file, byte for byte, and nothing else.
    with zipfile.ZipFile(out / ZIP_NAME) as archive:
        assert sorted(archive.namelist()) == sorted(n for n in names if n != ZIP_NAME)
        for name in archive.namelist():
            assert archive.read(name) == (out / name).read_bytes()
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_deal_language_is_the_default_and_lang_overrides_it(tmp_path):
    plan = plan_pack(example_deal(), "example")
    assert plan.language == "ja+en"
    files = build_pack(plan, lang="en", fmt="md")
    assert "秘密保持" not in next(f for f in files if f.name == "01-nda.md").data.decode()


# --- citations between documents --------------------------------------------------------


def test_each_document_cites_the_earlier_ones_once_by_title_and_date():
    md = _markdown(example_deal())
    poc, jda, lic = md["02-poc.md"], md["03-joint-development.md"], md["04-license.md"]
    # PoC: the library's own recital names the NDA; the pack adds no second citation.
    assert poc.count("Under the Non-Disclosure Agreement dated April 1, 2026, the parties") == 1
    assert "entered into a Non-Disclosure Agreement" not in poc
    # JDA has no recital of its own: the preamble cites the NDA and the PoC.
    assert jda.count("entered into a Non-Disclosure Agreement dated April 1, 2026") == 1
    assert jda.count("entered into a Proof-of-Concept (Technical Verification) Agreement "
                     "dated June 1, 2026") == 1
    # Licence: its recital cites the JDA by its signing date; the preamble the earlier two.
    assert lic.count("Under the Joint Research and Development Agreement dated September 1, 2026") == 1
    assert "entered into a Joint Research" not in lic
    assert "entered into a Non-Disclosure Agreement dated April 1, 2026" in lic
    ja = _markdown(example_deal(), "ja")
    assert ja["02-poc.md"].count("2026年4月1日付け秘密保持契約書に基づき") == 2  # recital + confidentiality
    assert "2026年4月1日付で秘密保持契約書を締結しており" in ja["03-joint-development.md"]
    assert "2026年9月1日付け共同研究開発契約書に基づき" in ja["04-license.md"]


def test_changed_dates_flow_into_later_documents():
    deal = _deal()
    deal["dates"]["nda"] = "2026-03-15"
    deal["dates"]["joint-development"] = "2026-08-20"
    md = _markdown(deal)
    assert "Non-Disclosure Agreement dated March 15, 2026" in md["02-poc.md"]
    assert "April 1, 2026" not in md["02-poc.md"]
    assert "Joint Research and Development Agreement dated August 20, 2026" in md["04-license.md"]
    # The JDA is signed on its own date, and research starts then unless told otherwise.
    plan = plan_pack(deal, "test")
    jda = plan.get("joint-development")
    assert jda.values["signing_date"] == "2026-08-20"
    assert jda.values["effective_date"] == "2026-10-01"  # the example gives its own


def test_switched_off_document_is_neither_written_nor_cited(tmp_path):
    deal = _deal()
    deal["documents"] = {"nda": False, "joint-development": False}
    md = _markdown(deal)
    assert sorted(md) == sorted(MEMO_NAMES[1:] + ["02-poc.md", "04-license.md"])
    assert "Non-Disclosure Agreement" not in md["02-poc.md"]
    assert "Joint Research and Development Agreement dated" not in md["04-license.md"]
    assert "Non-Disclosure Agreement" not in md["04-license.md"]
    assert "entered into a Proof-of-Concept (Technical Verification) Agreement dated June 1, 2026" \
        in md["04-license.md"]
    plan = plan_pack(deal, "test")
    assert plan.get("poc").values["prior_nda"] is False
    assert plan.get("license").values["prior_jda"] is False
    out = tmp_path / "pack"
    pack_to_folder(out, answers_path=_write(deal, tmp_path), lang="en")
    assert sorted(p.name for p in out.iterdir()) == sorted(MEMO_NAMES + ["02-poc.docx", "04-license.docx"])


def test_a_document_without_a_date_is_fine_when_switched_off():
    deal = _deal()
    deal["documents"] = {"license": False}
    del deal["dates"]["license"]
    assert [d.id for d in plan_pack(deal, "t").documents] == ["nda", "poc", "joint-development"]


# --- the cover memo ---------------------------------------------------------------------


def test_memo_lists_decisions_and_departures_from_the_model():
    md = _markdown(example_deal())["00-cover-memo.md"]
    assert "None: every decision follows the model contracts' positions." in md
    assert "What counts as Confidential Information: Marked information plus oral disclosures" in md
    deal = _deal()
    deal["nda"]["ci_definition"] = "marked_only"
    deal["poc"]["prior_filing_notice"] = True
    memo = _markdown(deal)["00-cover-memo.md"].replace("\\", "")  # Markdown escapes
    departures = memo.split("## Where the pack departs from the model positions")[1].split("## ")[0]
    assert "[Non-Disclosure Agreement] What counts as Confidential Information: Only information " \
           "marked as confidential (favours the company, departs from the model)" in departures
    assert "Model position: Marked information plus oral disclosures confirmed in writing" in departures
    assert "The guideline lists NDAs that leave the startup" in departures  # the option's note
    assert "The Startup notifies the Company before filing: yes" in departures
    assert "None: every decision" not in memo
    ja = _markdown(deal, "ja")["00-cover-memo.md"]
    assert "【秘密保持契約書】秘密情報の範囲：秘密である旨を表示した情報のみ（事業会社有利、モデル契約と異なる）" in ja


# --- problems in the deal file -----------------------------------------------------------


def test_every_problem_is_reported_at_once_with_its_document(tmp_path):
    deal = _deal()
    deal["poc"]["poc_fee"] = "lots"
    deal["poc"]["nda_date"] = "2026-04-01"  # set by the pack
    deal["license"]["no_such_answer"] = 1
    deal["dates"]["license"] = "2026-01-01"  # before the JDA
    del deal["shared"]["startup"]["name"]
    deal["shared"]["unknown_fact"] = "x"
    deal["documents"]["nad"] = True
    with pytest.raises(AnswersError) as caught:
        plan_pack(deal, "deal.yaml")
    problems = caught.value.problems
    expected = [
        "poc: poc_fee: expected a whole amount of money",
        "poc.nda_date: set by the pack; give it as dates.nda",
        "license: no_such_answer: unknown answer for license",
        "dates.license: 2026-01-01 is before dates.joint-development",
        "shared: startup.name: missing",
        "shared.unknown_fact: no document of the pack asks for it",
        "documents.nad: unknown document",
    ]
    for start in expected:
        assert any(p.startswith(start) for p in problems), (start, problems)
    # A shared mistake is reported once, not once per document.
    assert sum("startup.name" in p for p in problems) == 1

    out = tmp_path / "pack"
    result = CliRunner().invoke(main, ["pack", "--answers", str(_write(deal, tmp_path)), "-o", str(out)])
    assert result.exit_code == 2
    assert "poc: poc_fee" in result.stderr and "problems" in result.stderr.splitlines()[-1]
    assert not out.exists()


def test_missing_answers_and_dates_name_their_document():
    deal = _deal()
    del deal["poc"]["verification_scope"]
    del deal["dates"]["nda"]
    deal["documents"] = {"license": False}
    with pytest.raises(AnswersError) as caught:
        plan_pack(deal, "d")
    text = "\n".join(caught.value.problems)
    assert "poc: verification_scope: missing" in text
    assert "dates.nda: missing" in text
    assert "license" not in text  # switched off: its section is not checked


def test_all_documents_off_is_an_error():
    with pytest.raises(AnswersError, match="every document is switched off"):
        plan_pack(_deal(documents={d: False for d in FILE_STEMS}), "d")


def test_nothing_written_when_lint_fails(tmp_path, monkeypatch):
    @dataclass
    class Problem:
        document: str
        kind: str
        message: str

    monkeypatch.setattr(pack_module, "lint", lambda drafts: [
        Problem("02-poc.docx", "leftover", "template syntax in the text"),
        Problem("04-license.docx", "empty", "empty paragraph")])
    out = tmp_path / "pack"
    with pytest.raises(PackLintError, match="2 problem"):
        pack_to_folder(out, example=True)
    assert not out.exists()
    result = CliRunner().invoke(main, ["pack", "--example", "-o", str(out)])
    assert result.exit_code == 2
    assert "04-license.docx: empty: empty paragraph" in result.stderr
    assert not out.exists()


def test_lint_sees_every_contract_draft(monkeypatch):
    seen = []
    monkeypatch.setattr(pack_module, "lint", lambda drafts: seen.extend(drafts) or [])
    build_pack(plan_pack(example_deal(), "e"), lang="en", fmt="both")
    assert sorted(f.name for f in seen) == sorted(DOC_NAMES + [n.replace(".docx", ".md") for n in DOC_NAMES])


# --- safe writing ---------------------------------------------------------------------------


def test_no_overwrite_without_force(tmp_path):
    out = tmp_path / "pack"
    out.mkdir()
    (out / "01-nda.docx").write_bytes(b"mine")
    (out / "notes.txt").write_text("keep")
    result = CliRunner().invoke(main, ["pack", "--example", "-o", str(out)])
    assert result.exit_code == 2 and "already exist" in result.stderr and "--force" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["01-nda.docx", "notes.txt"]
    assert (out / "01-nda.docx").read_bytes() == b"mine"
    result = CliRunner().invoke(main, ["pack", "--example", "-o", str(out), "--force"])
    assert result.exit_code == 0, result.output
    assert (out / "01-nda.docx").read_bytes()[:2] == b"PK"
    assert (out / "notes.txt").read_text() == "keep"


def test_output_folder_is_created_but_not_its_parents(tmp_path):
    result = CliRunner().invoke(main, ["pack", "--example", "-o", str(tmp_path / "a" / "b")])
    assert result.exit_code == 2 and "parent folder" in result.stderr
    assert not (tmp_path / "a").exists()
    (tmp_path / "file").write_text("x")
    result = CliRunner().invoke(main, ["pack", "--example", "-o", str(tmp_path / "file")])
    assert result.exit_code == 2


@pytest.mark.parametrize("stage", ["fsync", "replace"])
@pytest.mark.parametrize("existing", [False, True])
def test_ctrl_c_mid_write_leaves_no_partial_or_stray_file(tmp_path, monkeypatch, stage, existing):
    out = tmp_path / "pack"
    if existing:
        out.mkdir()
        (out / "notes.txt").write_text("keep")
    files = build_pack(plan_pack(example_deal(), "e"), lang="en")
    real = getattr(os, stage)
    calls = []

    def interrupted(*args):
        calls.append(args)
        if len(calls) == 3:  # mid-pack: two files are already written (or renamed)
            raise KeyboardInterrupt
        return real(*args)

    monkeypatch.setattr(pack_module.os, stage, interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_pack(out, files)
    monkeypatch.setattr(pack_module.os, stage, real)
    if existing:
        assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    else:
        assert not out.exists()


def test_ctrl_c_through_the_cli_says_nothing_was_written(tmp_path, monkeypatch):
    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(pack_module.os, "fsync", interrupt)
    out = tmp_path / "pack"
    result = CliRunner().invoke(main, ["pack", "--example", "-o", str(out)])
    assert result.exit_code == 130 and "nothing was written" in result.stderr
    assert not out.exists()


def test_never_writes_outside_the_output_folder(tmp_path):
    out = tmp_path / "pack"
    out.mkdir()
    for name in ("../escape.docx", "sub/x.docx", "..", "/etc/passwd"):
        with pytest.raises(OutputError, match="outside the output folder"):
            targets(out, [name])
        with pytest.raises(OutputError):
            write_pack(out, [OutputFile("00-cover-memo.md", b"ok"), OutputFile(name, b"x")])
    assert not (tmp_path / "escape.docx").exists()
    assert list(out.iterdir()) == []
    # A planted symlink does not redirect a write, even with --force.
    outside = tmp_path / "outside.docx"
    outside.write_bytes(b"victim")
    (out / "01-nda.docx").symlink_to(outside)
    result = CliRunner().invoke(main, ["pack", "--example", "-o", str(out), "--force"])
    assert result.exit_code == 2 and "outside the output folder" in result.stderr
    assert outside.read_bytes() == b"victim"


def test_answers_cannot_choose_file_names(tmp_path):
    deal = _deal()
    deal["shared"]["startup"]["name"] = {"ja": "../../evil", "en": "../../evil"}
    out = tmp_path / "pack"
    pack_to_folder(out, answers_path=_write(deal, tmp_path), lang="en")
    assert sorted(p.name for p in out.iterdir()) == sorted(MEMO_NAMES + DOC_NAMES)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deal.yaml", "pack"]


def test_exactly_one_source_of_answers(tmp_path):
    result = CliRunner().invoke(main, ["pack", "-o", str(tmp_path / "p")])
    assert result.exit_code == 2 and "exactly one" in result.stderr
    result = CliRunner().invoke(main, ["pack", "--example", "--answers", "x.yaml", "-o", str(tmp_path / "p")])
    assert result.exit_code == 2


# --- interactive -------------------------------------------------------------------------


def test_interactive_refuses_without_a_terminal(tmp_path):
    result = CliRunner().invoke(main, ["pack", "--interactive", "-o", str(tmp_path / "p")], input="y\n")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "kyoso: error: --interactive needs a terminal (stdin is not a TTY); "
        "write a deal file and use --answers (see docs/pack.md)"]
    assert not (tmp_path / "p").exists()


SIGINT = "<Ctrl-C>"
_PROMPT_END = re.compile(rb"(\]|\)|\w|\?): $")


def _run_in_terminal(args: list[str], replies: list[tuple[str, str]], timeout: float = 60,
                     fallback=lambda line: ""):
    """Run kyoso on a pseudo-terminal and answer each prompt as it appears.

    ``replies`` pairs a regex on the prompt line with the text to type; each is used
    once, in order of appearance; every other prompt gets ``fallback(line)`` (by
    default Enter, which takes the shown default).
    """
    master, slave = os.openpty()
    env = dict(os.environ, COLUMNS="200")
    proc = subprocess.Popen([sys.executable, "-m", "kyoso.cli", *args], stdin=slave, stdout=slave,
                            stderr=slave, close_fds=True, env=env)
    os.close(slave)
    output, answered, pending, prompts = b"", 0, list(replies), []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.03)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not chunk:
                    break
                output += chunk
                continue
            if proc.poll() is not None:
                break
            waiting = output[answered:]
            last = waiting.split(b"\n")[-1]
            if last and not last.startswith(b" ") and _PROMPT_END.search(last):
                line = last.decode("utf-8", "replace")
                prompts.append(line)
                reply = fallback(line)
                for index, (pattern, text) in enumerate(pending):
                    if re.search(pattern, line):
                        reply = text
                        del pending[index]
                        break
                if reply == SIGINT:
                    proc.send_signal(signal.SIGINT)  # what Ctrl-C does in a real terminal
                else:
                    os.write(master, reply.encode("utf-8") + b"\r")
                answered = len(output)
        else:
            proc.kill()
            raise AssertionError("kyoso pack --interactive did not finish:\n" + output.decode()[-2000:])
    finally:
        os.close(master)
    return proc.wait(timeout=10), output.decode("utf-8", "replace"), prompts, pending


def test_interactive_asks_in_a_terminal_and_saves_the_deal(tmp_path):
    out = tmp_path / "pack"
    code, output, prompts, unused = _run_in_terminal(
        ["pack", "--interactive", "--example", "--lang", "en", "-o", str(out)],
        [(r"^Write the License Agreement", "n"),
         (r"^Date of the Proof-of-Concept", "2026-13-01"),  # not a real date: asked again
         (r"^Date of the Proof-of-Concept", "2026-06-15"),
         (r"^What counts as Confidential Information", "marked_only"),
         (r"^Startup \(Party A\): name", "Kodama Materials Inc.")])
    assert code == 0, output[-3000:]
    assert unused == []
    assert "2026-13-01 is not a real date" in output
    # The guideline notes and whom each option favours are shown before the question.
    assert "marked_only: Only information marked as confidential [favours the company]" in output
    assert "The guideline lists NDAs that leave the startup" in output
    assert any(p.startswith("Preset (balanced, ") and p.endswith("[balanced]: ") for p in prompts)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        MEMO_NAMES + DOC_NAMES[:3] + ["deal.yaml"])
    deal = yaml.safe_load((out / "deal.yaml").read_text("utf-8"))
    assert deal["documents"]["license"] is False
    assert deal["dates"]["poc"] == "2026-06-15"
    assert deal["nda"]["ci_definition"] == "marked_only"
    poc = _docx_text((out / "02-poc.docx").read_bytes())
    assert "Kodama Materials Inc." in poc and "June 15, 2026" in poc
    memo = (out / "00-cover-memo.md").read_text("utf-8")
    assert "Only information marked as confidential (favours the company, departs from the model)" in memo
    # The saved deal reproduces the pack without questions.
    again = tmp_path / "again"
    pack_to_folder(again, answers_path=out / "deal.yaml", lang="en")
    assert (again / "02-poc.docx").exists() and not (again / "04-license.docx").exists()


def test_interactive_from_scratch_asks_texts_in_both_languages(tmp_path):
    dates = iter(["2026-04-01", "2026-06-01", "2026-09-01", "2027-10-01"])

    def fill(line: str) -> str:  # any prompt without a default gets a plausible answer
        if line.endswith("]: "):
            return ""
        if "YYYY-MM-DD" in line:
            return next(dates)
        if "(JPY)" in line or "%" in line:
            return "1000000"
        return "木霊マテリアル" if "(日本語)" in line else "Kodama"

    out = tmp_path / "pack"
    code, output, prompts, _ = _run_in_terminal(
        ["pack", "--interactive", "--lang", "ja+en", "-o", str(out)], [], fallback=fill)
    assert code == 0, output[-3000:]
    assert "スタートアップ（甲） / Startup (Party A): 名称 / name (日本語): " in prompts
    assert "スタートアップ（甲） / Startup (Party A): 名称 / name (English): " in prompts
    deal = yaml.safe_load((out / "deal.yaml").read_text("utf-8"))
    assert deal["shared"]["startup"]["name"] == {"ja": "木霊マテリアル", "en": "Kodama"}
    nda = _docx_text((out / "01-nda.docx").read_bytes())
    assert "木霊マテリアル" in nda and "Kodama" in nda


def test_a_folder_in_the_way_is_one_line_error_and_nothing_is_left(tmp_path):
    out = tmp_path / "pack"
    (out / "02-poc.docx").mkdir(parents=True)
    result = CliRunner().invoke(main, ["pack", "--example", "-o", str(out), "--force"])
    assert result.exit_code == 2 and "nothing was written" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["02-poc.docx"]


def test_a_bad_top_level_preset_is_reported_once():
    with pytest.raises(AnswersError) as caught:
        plan_pack(_deal(preset="fair"), "d")
    assert [p for p in caught.value.problems if "fair" in p] == [
        "preset: 'fair' is not a preset (choose one of: balanced, startup-favourable, business-favourable)"]


def test_example_pack_passes_the_real_draft_lint():
    real = pytest.importorskip("kyoso.templates.lint")
    drafts = [f for f in build_pack(plan_pack(example_deal(), "e"), lang="ja+en", fmt="both")
              if not f.name.startswith(MEMO_STEM)]
    assert real.lint_drafts([real.LintInput(f.name, f.data, f.name.rsplit(".", 1)[1])
                             for f in drafts]) == []


def test_a_problem_common_to_several_documents_is_one_line():
    deal = _deal()
    del deal["shared"]["business"]
    with pytest.raises(AnswersError) as caught:
        plan_pack(deal, "d")
    assert [p for p in caught.value.problems if "business" in p] == [
        "nda, poc, joint-development, license: business: missing; expected a mapping with "
        "name, address, representative (optional alias)"]


@pytest.mark.parametrize("key", [SIGINT, "\x04"])  # Ctrl-C, Ctrl-D
def test_ctrl_c_at_a_prompt_writes_nothing(tmp_path, key):
    out = tmp_path / "pack"
    code, output, _, _ = _run_in_terminal(
        ["pack", "--interactive", "--example", "--lang", "en", "-o", str(out)],
        [(r"^Date of the Proof-of-Concept", key)])
    assert code == 130, output[-2000:]
    assert "interrupted; nothing was written" in output
    assert not out.exists()


def test_file_names_are_known_before_rendering():
    plan = plan_pack(_deal(documents={"poc": False}), "d")
    built = build_pack(plan, lang="en", fmt="both", zip_files=True)
    assert [f.name for f in built] == pack_module.file_names(plan, "both", True)


_scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**13), st.text(max_size=12),
                     st.sampled_from(["2026-04-01", "2026-02-30", "balanced", "nda", "ja+en"]))
_values = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)), max_leaves=8)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=st.sampled_from(["language", "prevailing", "preset", "documents", "dates", "shared",
                            "nda", "poc", "joint-development", "license", "other"]),
       value=_values)
def test_any_shape_of_answer_is_a_listed_problem_never_a_crash(key, value):
    deal = _deal(**{key: value})
    try:
        plan = plan_pack(deal, "fuzz")
    except AnswersError as error:
        assert error.problems and all(isinstance(p, str) and p for p in error.problems)
    else:
        assert plan.documents
