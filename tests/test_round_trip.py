"""Round trip: what kyoso drafts, kyoso's checker must judge the way the guideline does.

The example pack is drafted twice, in Japanese and in English, as DOCX, and each file
is run through ``kyoso check --format json --party <the startup>``:

* balanced (the model contracts' positions): no medium or high finding may go
  against the startup;
* abusive (the joint R&D agreement gives every result to the Company, licenses the
  startup's background patents free, for ever and for any use, and binds the startup
  alone to a 60-month post-term non-compete): the medium/high findings against the
  startup are exactly one ip-assignment at the ownership article, one
  unlimited-license at the licence article and one non-compete at the non-compete
  article.

Every finding that breaks these expectations is written to /tmp/roundtrip-findings.txt
(rule, severity, language, article, excerpt) so the rule authors can see it.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kyoso.cli import main
from kyoso.templates.pack import FILE_STEMS, build_pack, example_deal, plan_pack

FINDINGS_FILE = Path("/tmp/roundtrip-findings.txt")
STARTUP = {"ja": "株式会社サーモリンク", "en": "ThermoLink Inc."}
SERIOUS = ("medium", "high")
ABUSIVE_JDA = {
    "joint_result_ownership": "business",
    "background_licence_fee": "free",
    "background_licence_term": "perpetual",
    "background_licence_scope": "unrestricted",
    "noncompete": "startup_only_post_term",
    "noncompete_months": 60,
}
# The article each expected finding must sit in, by its heading in each language.
EXPECTED = {
    "ip-assignment": {"ja": "知的財産権の帰属", "en": "Ownership of Intellectual Property"},
    "unlimited-license": {"ja": "本バックグラウンド特許権の実施許諾", "en": "Licence of the Background Patents"},
    "non-compete": {"ja": "第三者との競合開発の禁止", "en": "No Competing Development"},
}
JDA_FILE = f"{FILE_STEMS['joint-development']}.docx"


def _deal(abusive: bool) -> dict:
    deal = copy.deepcopy(example_deal())
    if abusive:
        deal["joint-development"].update(ABUSIVE_JDA)
    return deal


def _check(folder: Path, lang: str, deal: dict) -> list[dict]:
    """Draft the pack's contracts into ``folder`` and return the checker's documents."""
    folder.mkdir()
    paths = []
    for each in build_pack(plan_pack(deal, "round trip"), lang=lang, fmt="docx"):
        if each.name in {f"{stem}.docx" for stem in FILE_STEMS.values()}:
            (folder / each.name).write_bytes(each.data)
            paths.append(str(folder / each.name))
    report = folder / "report.json"
    result = CliRunner().invoke(main, ["check", "--format", "json", "--party", STARTUP[lang],
                                       "--jobs", "1", "-o", str(report), *sorted(paths)])
    assert result.exit_code in (0, 1), result.output + str(result.exception)
    return json.loads(report.read_text(encoding="utf-8"))["documents"]


def _against_startup(finding: dict, lang: str) -> bool:
    """Medium/high and in the Company's favour. A finding whose side the checker could
    not tell (against_user and favours both None) does not count: --party decides."""
    if finding["severity"] not in SERIOUS:
        return False
    if finding["against_user"] is not None:
        return finding["against_user"]
    # The checker may print a party with its address ("ThermoLink Inc., of …").
    return bool(finding["favours"]) and not finding["favours"].startswith(STARTUP[lang])


def _describe(case: str, lang: str, document: dict, finding: dict, why: str) -> str:
    excerpt = " ".join(finding["excerpt"].split())[:160]
    return (f"{case} [{lang}] {Path(document['path']).name}: {why}: {finding['rule']} "
            f"{finding['severity']} (against_user={finding['against_user']}, "
            f"favours={finding['favours']}) at {finding['location']['article']}: {excerpt}")


def _record(lines: list[str], case: str, lang: str) -> None:
    # Appended per case and language; the first case of a run starts the file afresh.
    mode = "a" if _record.started else "w"
    _record.started = True
    try:
        with FINDINGS_FILE.open(mode, encoding="utf-8") as handle:
            handle.write(f"# {case} [{lang}]: {len(lines)} unexpected finding(s)\n")
            handle.writelines(line + "\n" for line in lines)
    except OSError:
        pass


_record.started = False


@pytest.fixture(scope="module", params=["ja", "en"])
def lang(request):
    return request.param


@pytest.mark.parametrize("case", ["balanced", "abusive"])
def test_round_trip(tmp_path, lang, case):
    documents = _check(tmp_path / "pack", lang, _deal(case == "abusive"))
    assert all(d["error"] is None for d in documents), [d["error"] for d in documents]
    unexpected: list[str] = []
    found_expected: dict[str, int] = {category: 0 for category in EXPECTED}
    for document in documents:
        is_abusive_jda = case == "abusive" and Path(document["path"]).name == JDA_FILE
        for finding in document["findings"]:
            if not _against_startup(finding, lang):
                continue
            category = finding["category"]
            place = finding["location"]["article"] or ""
            if is_abusive_jda and category in EXPECTED and EXPECTED[category][lang] in place:
                found_expected[category] += 1
                if found_expected[category] > 1:
                    unexpected.append(_describe(case, lang, document, finding, "repeated"))
                continue
            unexpected.append(_describe(case, lang, document, finding, "unexpected"))
    if case == "abusive":
        jda = next(d for d in documents if Path(d["path"]).name == JDA_FILE)
        for category, count in found_expected.items():
            if count:
                continue
            unexpected.append(f"{case} [{lang}] {JDA_FILE}: missing: {category} (medium/high "
                              f"against the startup) at the article {EXPECTED[category][lang]!r}")
            # What the checker said there instead, so the rule authors see the gap.
            unexpected += ["    instead " + _describe(case, lang, jda, f, "found")
                           for f in jda["findings"] if f["category"] == category
                           and EXPECTED[category][lang] in (f["location"]["article"] or "")]
    _record(unexpected, case, lang)
    assert unexpected == []
