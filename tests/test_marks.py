"""kyoso marks what it drafts, and ``kyoso check`` reads the marks back.

DOCX drafts carry custom document properties, Markdown drafts YAML front matter; the
checker takes each party's role from them (the text keeps the last word on anything
else), lists the cover memo without findings, and marks the ``--party`` party with
``"user": true``.
"""

from __future__ import annotations

import io
import json
import zipfile
from functools import lru_cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from kyoso.checker.api import CheckOptions, analyse
from kyoso.checker.readers import read_document
from kyoso.cli import main
from kyoso.core import marks as core_marks
from kyoso.core.marks import MarkedParty, Marks
from kyoso.templates.pack import build_pack, example_deal, plan_pack

STARTUP = {"ja": "株式会社サーモリンク", "en": "ThermoLink Inc."}
BUSINESS = {"ja": "明星ランプ工業株式会社", "en": "Myojo Lamp Industries Co., Ltd."}


@lru_cache(maxsize=None)
def pack_files(lang: str) -> dict[str, bytes]:
    files = build_pack(plan_pack(example_deal(), "example"), lang=lang, fmt="both")
    return {f.name: f.data for f in files}


@pytest.fixture(scope="module")
def ruleset():
    from kyoso.checker.engine import RuleSet

    return RuleSet.load()


def check(name: str, data: bytes, ruleset, party: str | None = None, warnings=None):
    source = read_document(name, data)
    sink = warnings if warnings is not None else []
    return analyse(source, ruleset, CheckOptions(party=party), sink.append)


def roles(result) -> dict[str, str | None]:
    return {party.name: party.role for party in result.parties}


def replace_in_docx(data: bytes, old: str, new: str) -> bytes:
    """The document edited: ``old`` replaced in the body, every other part kept."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "word/document.xml":
                content = content.replace(old.encode(), new.encode())
            target.writestr(item, content)
    return out.getvalue()


def with_custom_xml(data: bytes, custom: bytes | None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "docProps/custom.xml":
                if custom is None:
                    continue
                content = custom
            target.writestr(item, content)
    return out.getvalue()


# --- what the drafts carry ----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ja", "en", "ja+en"])
def test_docx_drafts_carry_their_marks_as_custom_properties(lang):
    data = pack_files(lang)["03-joint-development.docx"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "docProps/custom.xml" in archive.namelist()
        assert b"custom-properties+xml" in archive.read("[Content_Types].xml")
        assert b"relationships/custom-properties" in archive.read("_rels/.rels")
        from lxml import etree

        props = core_marks.read_custom_properties(etree.fromstring(archive.read("docProps/custom.xml")))
    marks = core_marks.from_properties(props)
    assert marks == Marks("contract", "joint-development", "material", lang, marks.parties)
    startup, business = marks.parties
    assert (startup.role, business.role) == ("startup", "business")
    for each in lang.split("+"):
        assert startup.name[each] == STARTUP[each] and business.name[each] == BUSINESS[each]
    assert startup.alias.get("ja", "甲") == "甲" and startup.alias.get("en", "the Startup") == "the Startup"


def test_markdown_drafts_open_with_front_matter():
    text = pack_files("ja")["01-nda.md"].decode("utf-8")
    marks, lines = core_marks.split_front_matter(text)
    assert marks is not None and marks.kind == "contract" and marks.contract == "nda"
    assert [p.role for p in marks.parties] == ["startup", "business"]
    assert text.splitlines()[lines:][1].startswith("# ")  # a blank line, then the title


def test_the_memo_is_marked_as_a_memo():
    for name in ("00-cover-memo.docx", "00-cover-memo.md"):
        source = read_document(name, pack_files("en")[name])
        assert isinstance(source.metadata, Marks) and source.metadata.is_memo, name


def test_marks_round_trip_and_refuse_what_is_not_theirs():
    marks = Marks("contract", "poc", "material", "ja",
                  (MarkedParty("startup", {"ja": "株式会社A"}, {"ja": "甲"}),))
    assert core_marks.from_properties(dict(core_marks.to_properties(marks))) == marks
    assert core_marks.from_mapping(core_marks.to_mapping(marks)) == marks
    bad = dict(core_marks.to_properties(marks))
    assert core_marks.from_properties({**bad, "kyoso.party1.role": "admin"}) is None
    assert core_marks.from_properties({**bad, "kyoso.kind": "invoice"}) is None
    assert core_marks.from_properties({**bad, "kyoso.marks": "99"}) is None
    assert core_marks.from_properties({"Title": "x"}) is None
    long_name = core_marks.to_properties(Marks("contract", "poc", "material", "ja", (
        MarkedParty("startup", {"ja": "株" * 600}, {}),)))
    assert max(len(value) for _, value in long_name) == 255  # what Word keeps


# --- what the checker makes of them -----------------------------------------------------------


@pytest.mark.parametrize("lang", ["ja", "en", "ja+en"])
@pytest.mark.parametrize("fmt", ["docx", "md"])
def test_check_knows_the_startup_in_every_draft(ruleset, lang, fmt):
    for stem in ("01-nda", "02-poc", "03-joint-development", "04-license"):
        result = check(f"{stem}.{fmt}", pack_files(lang)[f"{stem}.{fmt}"], ruleset)
        main = "ja" if lang != "en" else "en"
        assert roles(result) == {STARTUP[main]: "startup", BUSINESS[main]: "business"}, (stem, fmt)
        assert result.marks.contract == stem[3:] and result.note is None


def test_front_matter_is_not_checked_as_contract_text():
    source = read_document("x.md", pack_files("ja")["03-joint-development.md"])
    assert "kyoso:" not in source.text and "role: startup" not in source.text
    assert source.blocks[0].text.startswith("# 共同研究開発契約書")


def test_front_matter_with_other_keys_stays_in_the_text():
    text = "---\ntitle: x\nkyoso:\n  marks: 1\n---\n# Agreement\nThe parties agree.\n"
    source = read_document("x.md", text.encode())
    assert source.metadata is None and "title: x" in source.text


@pytest.mark.parametrize("lang", ["ja", "en", "ja+en"])
@pytest.mark.parametrize("fmt", ["docx", "md"])
def test_the_cover_memo_is_listed_with_a_note_and_no_findings(ruleset, lang, fmt):
    result = check(f"00-cover-memo.{fmt}", pack_files(lang)[f"00-cover-memo.{fmt}"], ruleset)
    assert result.findings == [] and result.marks.is_memo
    assert sorted(p.role for p in result.parties) == ["business", "startup"]  # named in its intro
    assert ("working paper" in result.note) if lang == "en" else ("カバーメモ" in result.note)
    shown = result.to_json()
    assert shown["kyoso"]["kind"] == "memo" and shown["note"] == result.note


def test_a_memo_mark_on_a_contract_does_not_hide_it(ruleset):
    """A file whose text is not the memo is checked, whatever its properties say."""
    memo = pack_files("en")["00-cover-memo.docx"]
    with zipfile.ZipFile(io.BytesIO(memo)) as archive:
        memo_props = archive.read("docProps/custom.xml")
    contract = with_custom_xml(pack_files("en")["04-license.docx"], memo_props)
    warnings: list[str] = []
    result = check("04-license.docx", contract, ruleset, warnings=warnings)
    assert result.note is None and result.findings
    assert any("cover memo" in w for w in warnings)


def test_an_edited_draft_keeps_roles_and_trusts_its_text(ruleset):
    """Renamed in Word: the name comes from the text, the role from the properties."""
    data = replace_in_docx(pack_files("ja")["02-poc.docx"], STARTUP["ja"], "株式会社ニューテック")
    result = check("02-poc.docx", data, ruleset)
    assert roles(result) == {"株式会社ニューテック": "startup", BUSINESS["ja"]: "business"}


def test_another_deal_in_a_kyoso_file_takes_no_roles_from_its_marks(ruleset):
    """Both names replaced: 甲 may now be anyone, so the marks give no roles."""
    data = replace_in_docx(pack_files("ja")["01-nda.docx"], STARTUP["ja"], "大手電機株式会社")
    data = replace_in_docx(data, BUSINESS["ja"], "株式会社ミライラボ")
    warnings: list[str] = []
    result = check("01-nda.docx", data, ruleset, warnings=warnings)
    assert roles(result) == {"大手電機株式会社": None, "株式会社ミライラボ": None}
    assert any("roles are not taken" in w for w in warnings)


def test_python_docx_round_trip_keeps_the_marks(ruleset):
    """Opening and saving the file again (what an editor does) keeps docProps/custom.xml."""
    from docx import Document

    document = Document(io.BytesIO(pack_files("ja")["03-joint-development.docx"]))
    document.add_paragraph("追記：本契約の写しを各自1通保有する。")
    buffer = io.BytesIO()
    document.save(buffer)
    result = check("x.docx", buffer.getvalue(), ruleset)
    assert roles(result)[STARTUP["ja"]] == "startup"


def test_the_marks_decide_roles_over_the_text_with_a_warning(ruleset):
    data = replace_in_docx(pack_files("en")["01-nda.docx"], '(the "Startup")',
                           '(the "Business Company")')
    warnings: list[str] = []
    result = check("01-nda.docx", data, ruleset, warnings=warnings)
    assert roles(result)[STARTUP["en"]] == "startup"
    assert any("using the properties" in w for w in warnings)


def test_a_party_the_text_no_longer_names_gets_no_role(ruleset):
    data = replace_in_docx(pack_files("ja")["01-nda.docx"], BUSINESS["ja"], "株式会社ベータ")
    data = replace_in_docx(data, "乙", "丙")
    result = check("01-nda.docx", data, ruleset)
    assert roles(result) == {STARTUP["ja"]: "startup", "株式会社ベータ": None}


def test_broken_or_hostile_properties_are_ignored_not_fatal(ruleset):
    base = pack_files("ja")["01-nda.docx"]
    for custom in (b"<not xml", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>',
                   None):
        result = check("01-nda.docx", with_custom_xml(base, custom), ruleset)
        assert result.marks is None and result.error is None
        assert set(roles(result).values()) == {None}


# --- --party and the JSON -------------------------------------------------------------------


def test_party_option_marks_the_user_in_the_json(tmp_path):
    folder = tmp_path / "pack"
    folder.mkdir()
    for name in ("00-cover-memo.docx", "03-joint-development.docx"):
        (folder / name).write_bytes(pack_files("ja")[name])
    report = tmp_path / "r.json"
    result = CliRunner().invoke(main, ["check", "--format", "json", "--party", "甲", "--jobs", "1",
                                       "-o", str(report), str(folder)])
    assert result.exit_code in (0, 1), result.output
    documents = {Path(d["path"]).name: d for d in json.loads(report.read_text())["documents"]}
    jda = documents["03-joint-development.docx"]
    assert [p.get("user") for p in jda["parties"]] == [True, None]
    assert jda["kyoso"] == {"kind": "contract", "contract": "joint-development",
                            "edition": "material", "language": "ja"}
    memo = documents["00-cover-memo.docx"]
    assert memo["findings"] == [] and memo["note"] and not any(p.get("user") for p in memo["parties"])
    import jsonschema

    schema = json.loads((Path(__file__).parents[1] / "docs" / "output.schema.json").read_text())
    jsonschema.validate(json.loads(report.read_text()), schema)


def test_party_by_role_works_on_japanese_drafts(ruleset):
    result = check("x.docx", pack_files("ja")["03-joint-development.docx"], ruleset, party="startup")
    assert [p.user for p in result.parties] == [True, False]
    favouring_user = [f for f in result.findings if f.against_user is False]
    assert favouring_user  # the ownership clause gives the results to the startup


def test_text_report_shows_the_memo_note(tmp_path):
    path = tmp_path / "00-cover-memo.md"
    path.write_bytes(pack_files("en")["00-cover-memo.md"])
    result = CliRunner().invoke(main, ["check", "--jobs", "1", str(path)])
    assert result.exit_code == 0, result.output
    assert "working paper" in result.output


# --- hostile marks ---------------------------------------------------------------------------


def test_a_flood_of_properties_is_read_only_up_to_the_limit(ruleset):
    from kyoso.core import limits

    props = "".join(f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{i}" '
                    f'name="kyoso.party{i}.role"><vt:lpwstr>startup</vt:lpwstr></property>'
                    for i in range(2, 20_000))
    custom = (f'<?xml version="1.0"?><Properties xmlns="{core_marks.CUSTOM_NS}" '
              f'xmlns:vt="{core_marks.VT_NS}">{props}</Properties>').encode()
    from lxml import etree

    assert len(core_marks.read_custom_properties(etree.fromstring(custom))) == limits.MAX_MARK_PROPERTIES
    result = check("01-nda.docx", with_custom_xml(pack_files("ja")["01-nda.docx"], custom), ruleset)
    assert result.marks is None and result.error is None  # no kind, no version: not marks


def test_front_matter_that_never_closes_or_uses_aliases_is_plain_text():
    unclosed = "---\nkyoso:\n  marks: 1\n" + "x: y\n" * 200 + "# 契約書\n"
    source = read_document("a.md", unclosed.encode())
    assert source.metadata is None and "kyoso:" in source.text
    laughs = "---\nkyoso: &a {marks: 1}\nother: *a\n---\n# 契約書\n本文。\n"
    source = read_document("b.md", laughs.encode())
    assert source.metadata is None and "kyoso:" in source.text
