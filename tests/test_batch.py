"""Batches: --jobs, JSON Lines, --since, bad files, Dask, progress, the summary table.

Contracts are written here in our own words. Worker processes load spaCy, so a test
that starts a pool takes a second or two; the Dask cluster is shared by the module.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from kyoso.checker import batch
from kyoso.checker.report.progress import Progress
from kyoso.cli import main
from factories import normal_docx, not_a_zip_docx

SCHEMA = Path(__file__).resolve().parent.parent / "docs" / "output.schema.json"

ONE_SIDED_EN = """RESEARCH COLLABORATION AGREEMENT
This Agreement is entered into by Northwind Motors Ltd. ("Company") and Pebble Robotics Inc. ("Startup").
Article 1 (Scope)
The parties will build a prototype gripper for warehouse robots together.
Article 5 (Results)
Every invention, design and know-how created under this Agreement shall belong exclusively to Company, and Startup hereby assigns all of its rights therein to Company free of charge.
Article 6 (Restriction)
For four (4) years after this Agreement ends, Startup shall not develop any competing gripper with any other company.
"""

BALANCED_EN = """VISIT LOG
This log records when engineers from the two firms visited the test site.
The first visit took place in May and the second in July.
"""

ONE_SIDED_JA = """共同開発契約書
東邦電機株式会社（以下「甲」という。）と株式会社ソラテック（以下「乙」という。）は、次のとおり合意する。
第1条（目的）
甲及び乙は、太陽光パネルの清掃ロボットを共同で開発する。
第4条（知的財産権）
本開発から生じた一切の知的財産権は甲に帰属し、乙はこれを甲に無償で譲渡する。
"""

BALANCED_JA = """打合せ記録
本書は、両社の担当者が試験場で行った打合せの日程を記録するものである。
最初の打合せは五月に、次の打合せは七月に行われた。
"""


def contracts(folder: Path) -> Path:
    """A folder of five inputs, one of them corrupt, in a known (sorted) order."""
    folder.mkdir(exist_ok=True)
    (folder / "a_one_sided.txt").write_text(ONE_SIDED_EN, encoding="utf-8")
    (folder / "b_balanced.txt").write_text(BALANCED_EN, encoding="utf-8")
    (folder / "c_ja.txt").write_text(ONE_SIDED_JA, encoding="utf-8")
    normal_docx(folder).rename(folder / "d_normal.docx")
    (folder / "e_ja_balanced.md").write_text(BALANCED_JA, encoding="utf-8")
    return folder


def run(*args: str):
    return CliRunner().invoke(main, ["check", *args])


def lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def valid_against_schema(entries: list[dict]) -> None:
    documents = [{k: v for k, v in entry.items() if k != "schema_version"} for entry in entries]
    jsonschema.validate({"schema_version": 1, "documents": documents},
                        json.loads(SCHEMA.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return contracts(tmp_path_factory.mktemp("batch") / "in")


@pytest.fixture(scope="module")
def sequential_jsonl(folder):
    result = run(str(folder), "--jobs", "1", "--format", "jsonl")
    assert result.exit_code == 1, result.output
    return result.stdout


# --- --jobs ---------------------------------------------------------------------------------


def test_two_workers_give_the_same_jsonl_as_one(folder, sequential_jsonl, monkeypatch):
    pools = []
    real = batch._in_pool
    monkeypatch.setattr(batch, "_in_pool", lambda *args: pools.append(args[-1]) or real(*args))
    parallel = run(str(folder), "--jobs", "2", "--format", "jsonl")
    assert parallel.exit_code == 1, parallel.output
    assert pools == [2]  # really ran in two worker processes
    assert parallel.stdout == sequential_jsonl
    entries = lines(parallel.stdout)
    assert sum(len(entry["findings"]) for entry in entries) >= 3


def test_jsonl_is_complete_valid_and_in_input_order(folder, sequential_jsonl):
    entries = lines(sequential_jsonl)
    assert [Path(entry["path"]).name for entry in entries] == sorted(
        path.name for path in folder.iterdir())
    assert all(entry["schema_version"] == 1 for entry in entries)
    assert all(entry["error"] is None and len(entry["sha256"]) == 64 for entry in entries)
    valid_against_schema(entries)


def test_json_with_workers_matches_json_in_process(folder):
    one = run(str(folder), "--jobs", "1", "--format", "json")
    two = run(str(folder), "--jobs", "2", "--format", "json")
    assert one.exit_code == two.exit_code == 1
    assert json.loads(two.stdout) == json.loads(one.stdout)


def test_a_corrupt_file_gets_an_error_entry_and_the_batch_goes_on(tmp_path):
    mixed = contracts(tmp_path / "mixed")
    not_a_zip_docx(mixed).rename(mixed / "c_broken.docx")
    result = run(str(mixed), "--jobs", "2", "--format", "jsonl")
    assert result.exit_code == 2
    entries = lines(result.stdout)
    assert len(entries) == 6
    broken = [entry for entry in entries if entry["error"]]
    assert [Path(entry["path"]).name for entry in broken] == ["c_broken.docx"]
    assert "c_broken.docx" in broken[0]["error"]["message"]
    assert any(entry["findings"] for entry in entries if not entry["error"])


def test_worker_warnings_reach_stderr(folder):
    result = run(str(folder / "a_one_sided.txt"), str(folder / "b_balanced.txt"),
                 "--jobs", "2", "--party", "Nobody Such Co.", "--format", "jsonl")
    assert result.stderr.count("matches no party") == 2


def test_an_internal_error_in_one_document_does_not_stop_the_batch(folder, monkeypatch):
    from kyoso.checker import api

    real = api.check_document

    def flaky(ref, *args, **kwargs):
        if str(getattr(ref, "path", ref)).endswith("b_balanced.txt"):
            raise IndexError("simulated bug")
        return real(ref, *args, **kwargs)

    monkeypatch.setattr(api, "check_document", flaky)
    result = run(str(folder), "--jobs", "1", "--format", "jsonl")
    assert result.exit_code == 2
    entries = lines(result.stdout)
    assert len(entries) == 5
    assert entries[1]["error"]["code"] == "internal"
    assert "simulated bug" in entries[1]["error"]["message"]


def test_small_batches_without_jobs_stay_in_process():
    assert batch.plan_workers(3, None) == 1
    assert batch.plan_workers(1, 8) == 1
    assert batch.plan_workers(5, 8) == 5  # an explicit --jobs is honoured, up to the documents
    assert batch.plan_workers(10_000, None) == batch.usable_cores()


# --- -o and --since -----------------------------------------------------------------------


def test_output_file_is_complete_and_never_overwritten(folder, sequential_jsonl, tmp_path):
    out = tmp_path / "out.jsonl"
    assert run(str(folder), "--format", "jsonl", "-o", str(out)).exit_code == 1
    assert out.read_text(encoding="utf-8") == sequential_jsonl
    again = run(str(folder), "--format", "jsonl", "-o", str(out))
    assert again.exit_code == 2 and "already exists" in again.stderr
    assert out.read_text(encoding="utf-8") == sequential_jsonl
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]  # no .part left behind


def test_since_skips_unchanged_documents_and_checks_changed_ones(tmp_path):
    inputs = contracts(tmp_path / "in")
    earlier = tmp_path / "earlier.jsonl"
    assert run(str(inputs), "--format", "jsonl", "-o", str(earlier)).exit_code == 1
    (inputs / "b_balanced.txt").write_text(BALANCED_EN + "A third visit is planned.\n")
    (inputs / "f_new.txt").write_text(BALANCED_EN.replace("May", "March"), encoding="utf-8")
    result = run(str(inputs), "--format", "jsonl", "--since", str(earlier))
    names = [Path(entry["path"]).name for entry in lines(result.stdout)]
    assert names == ["b_balanced.txt", "f_new.txt"]
    assert "skipped 4 document(s)" in result.stderr
    # The new documents are clean; the skipped ones had findings: the exit code covers both.
    assert result.exit_code == 1


def test_since_resumes_into_the_same_file_after_an_interruption(folder, sequential_jsonl, tmp_path):
    out = tmp_path / "out.jsonl"
    finished = sequential_jsonl.splitlines(keepends=True)
    out.write_text("".join(finished[:2]) + finished[2][:40], encoding="utf-8")  # cut mid-line
    result = run(str(folder), "--format", "jsonl", "-o", str(out), "--since", str(out))
    assert result.exit_code == 1, result.output
    assert "skipped 2 document(s)" in result.stderr
    assert out.read_text(encoding="utf-8") == sequential_jsonl  # earlier lines kept, tail redone


def test_interrupted_jsonl_run_keeps_its_finished_lines(folder, tmp_path, monkeypatch):
    real = batch.run_batch

    def interrupted(refs, *args):
        for index, outcome in enumerate(real(refs, *args)):
            if index == 2:
                raise KeyboardInterrupt
            yield outcome

    monkeypatch.setattr(batch, "run_batch", interrupted)
    out = tmp_path / "out.jsonl"
    result = run(str(folder), "--jobs", "1", "--format", "jsonl", "-o", str(out))
    assert result.exit_code == 130
    assert f"--since {out}" in result.stderr
    assert len(lines(out.read_text(encoding="utf-8"))) == 2


@pytest.mark.parametrize("content, words", [
    (None, "no such file"),
    ('{"schema_version": 1, "documents": [\n', "line 1 is not"),
    ('{"path": "x.txt", "findings": []}\nnot json\n{"path": "y.txt", "findings": []}\n',
     "line 2 is not"),
])
def test_a_bad_since_file_is_a_one_line_error(folder, tmp_path, content, words):
    since = tmp_path / "since.jsonl"
    if content is not None:
        since.write_text(content, encoding="utf-8")
    result = run(str(folder), "--since", str(since))
    assert result.exit_code == 2
    assert words in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_resuming_into_the_since_file_needs_jsonl(folder, tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("", encoding="utf-8")
    result = run(str(folder), "--format", "json", "-o", str(out), "--since", str(out))
    assert result.exit_code == 2 and "only --format jsonl" in result.stderr


# --- text report, progress ------------------------------------------------------------------


def test_text_batch_ends_with_a_table_by_category_and_severity(folder):
    result = run(str(folder), "--jobs", "2")
    assert result.exit_code == 1
    table = result.stdout[result.stdout.index("Findings by category in 5 files"):]
    rows = {line.split()[0]: line.split()[1:] for line in table.splitlines()[1:-1]}
    assert rows["category"] == ["HIGH", "MEDIUM", "LOW", "INFO", "total"]
    assert int(rows["ip-assignment"][-1]) >= 2 and int(rows["non-compete"][-1]) >= 1
    assert int(rows["total"][-1]) == sum(int(row[-1]) for name, row in rows.items()
                                         if name not in ("category", "total"))


def test_japanese_batch_gets_a_japanese_table(folder):
    result = run(str(folder / "c_ja.txt"), str(folder / "e_ja_balanced.md"))
    assert "2件の文書のカテゴリ別の指摘" in result.stdout


def test_progress_is_silent_when_stderr_is_not_a_terminal(folder):
    result = run(str(folder), "--jobs", "2", "--format", "jsonl")
    assert "\r" not in result.stderr and "kyoso [" not in result.stderr


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_draws_on_a_terminal_and_clears_itself():
    screen = FakeTerminal()
    progress = Progress(3, stream=screen)
    for failed in (False, True, False):
        progress.advance(failed=failed)
    assert "3/3" in screen.getvalue() and "✗1" in screen.getvalue()
    progress.close()
    assert screen.getvalue().endswith("\r")
    assert Progress(3, stream=io.StringIO()).enabled is False


# --- Dask -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dask_cluster():
    distributed = pytest.importorskip("dask.distributed")
    cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                       dashboard_address=None)
    yield cluster
    cluster.close()


def test_dask_gives_the_same_output_as_one_process(folder, sequential_jsonl, dask_cluster,
                                                   monkeypatch):
    monkeypatch.chdir(folder.parent)  # relative paths are reported as given
    local = run("in", "--jobs", "1", "--format", "jsonl")
    on_dask = run("in", "--dask", dask_cluster.scheduler_address, "--format", "jsonl")
    assert on_dask.exit_code == local.exit_code == 1, on_dask.output
    assert on_dask.stdout == local.stdout
    assert [entry["path"] for entry in lines(on_dask.stdout)][0] == str(Path("in/a_one_sided.txt"))


def test_dask_reports_a_corrupt_file_like_the_others(tmp_path, dask_cluster):
    mixed = contracts(tmp_path / "mixed")
    not_a_zip_docx(mixed).rename(mixed / "c_broken.docx")
    local = run(str(mixed), "--jobs", "1", "--format", "jsonl")
    on_dask = run(str(mixed), "--dask", dask_cluster.scheduler_address, "--format", "jsonl")
    assert on_dask.exit_code == local.exit_code == 2
    assert on_dask.stdout == local.stdout


def test_dask_missing_is_a_one_line_error(folder, monkeypatch):
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # import fails as if absent
    result = run(str(folder), "--dask", "tcp://127.0.0.1:8786")
    assert result.exit_code == 2
    assert "kyoso[dask]" in result.stderr and len(result.stderr.strip().splitlines()) == 1


# --- a worker that dies ------------------------------------------------------------------------


class FakeFuture:
    def __init__(self, outcome=None, broken=False):
        self.outcome, self.broken = outcome, broken

    def result(self):
        if self.broken:
            from concurrent.futures.process import BrokenProcessPool

            raise BrokenProcessPool("a worker died")
        return self.outcome


class FakeExecutor:
    """Generation 0 dies with every future broken; later pools die only on 'killer'."""

    started = 0

    def __init__(self):
        self.generation = FakeExecutor.started
        FakeExecutor.started += 1

    def submit(self, function, ref, *args):
        from kyoso.checker.model import DocumentResult

        broken = self.generation == 0 or ref == "killer"
        return FakeFuture((DocumentResult(path=ref), []), broken=broken)

    def shutdown(self, **kwargs):
        pass


def test_a_dead_worker_costs_only_its_own_document(monkeypatch):
    FakeExecutor.started = 0
    monkeypatch.setattr(batch._Pool, "_start", lambda self: FakeExecutor())
    outcomes = list(batch._in_pool(["a", "killer", "b"], None, "{}", 2))
    assert [result.path for result, _ in outcomes] == ["a", "killer", "b"]
    assert [result.error is None for result, _ in outcomes] == [True, False, True]
    assert "worker process died" in outcomes[1][0].error["message"]
