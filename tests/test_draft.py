"""kyoso draft: answers → clause tree → Jinja layout → DOCX/Markdown, and its safety rules.

Most tests drive a tiny contract built here (an optional article and a
cross-reference that must follow it), so they pin the assembler's behaviour without
depending on the wording of the real clause library; the last ones run the real
joint-development example.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from kyoso.cli import main
from kyoso.clauses import loader
from kyoso.clauses.answers import resolve
from kyoso.clauses.model import Article, Contract, Item, Paragraph, Preset, Text, Variable
from kyoso.templates import api
from kyoso.templates.api import PriorContract, draft_bytes

T = Text


def _var(name, type_, **extra):
    return Variable(name=name, type=type_, label=T(f"{name}（項目）", f"{name} (field)"), **extra)


def tiny_contract() -> Contract:
    variables = {
        "startup": _var("startup", "party", role="startup", default_alias=T("甲", "the Startup")),
        "business": _var("business", "party", role="business", default_alias=T("乙", "the Company")),
        "signed_on": _var("signed_on", "date"),
        "committee": _var("committee", "bool", default=False, has_default=True),
        "topic": _var("topic", "text", max_length=200),
    }
    presets = {name: Preset(name, T("型", "preset"), T("説明", "explanation"), {})
               for name in ("balanced", "startup-favourable", "business-favourable")}
    articles = [
        Article("purpose", T("目的", "Purpose"), [
            Paragraph(T("{{ startup }}および{{ business }}は、{{ topic }}について協力する。",
                        "{{ startup }} and {{ business }} shall cooperate on {{ topic }}.")),
            Paragraph(T("協力の範囲は次のとおりとする。", "The cooperation covers:"), id="scope", items=[
                Item(T("試料の評価", "evaluating samples;")),
                Item(T("結果の報告", "reporting results."), id="reporting"),
            ]),
        ]),
        Article("committee", T("運営委員会", "Steering Committee"), [
            Paragraph(T("{{ startup }}および{{ business }}は、運営委員会を置く。",
                        "The parties shall set up a steering committee.")),
        ], when="committee"),
        Article("term", T("有効期間", "Term"), [
            Paragraph(T("本契約は{{ signed_on }}から効力を生じる。",
                        "This Agreement takes effect on {{ signed_on }}.")),
            Paragraph(T("{{ ref('purpose') }}および{{ ref('reporting') }}は、終了後も効力を有する。",
                        "{{ ref('purpose') }} and {{ ref('reporting') }} survive termination.")),
        ]),
        Article("law", T("準拠法", "Governing Law"), [
            Paragraph(T("{{ ref('term') }}の規定にかかわらず、本契約は日本法に準拠する。",
                        "Despite {{ ref('term') }}, this Agreement is governed by the laws of Japan.")),
        ]),
    ]
    return Contract(id="tiny", title=T("試験協力契約書", "Test Cooperation Agreement"),
                    short_title=T("本契約", "this Agreement"), provenance="kyoso test contract",
                    parties=["startup", "business"], variables=variables, presets=presets,
                    articles=articles, source="tiny.yaml")


def tiny_answers(**changes) -> dict:
    answers = {
        "startup": {"name": "株式会社スタート", "address": "東京都千代田区1-1",
                    "representative": "代表取締役 山田太郎"},
        "business": {"name": "大手工業株式会社", "address": "大阪府大阪市2-2",
                     "representative": "代表取締役社長 田中花子"},
        "signed_on": "2026-04-01",
        "committee": False,
        "topic": {"ja": "新素材の評価", "en": "evaluating a new material"},
    }
    answers.update(changes)
    return answers


@pytest.fixture
def tiny(monkeypatch):
    """Make the tiny contract reachable by id, as the CLI and draft_bytes look it up."""
    contract = tiny_contract()
    real = loader.get_contract
    monkeypatch.setattr(loader, "get_contract",
                        lambda cid: contract if cid == "tiny" else real(cid))
    return contract


def tiny_draft(contract, lang="ja", fmt="md", **answers) -> bytes:
    values = resolve(contract, tiny_answers(**answers), "tiny answers")
    return draft_bytes("tiny", values, lang, fmt)


def md(contract, lang="ja", **answers) -> str:
    return tiny_draft(contract, lang, "md", **answers).decode("utf-8")


def _body(markdown: str) -> str:
    """A Markdown draft after kyoso's front matter (its marks: core/marks.py)."""
    assert markdown.startswith("---\nkyoso:\n")
    return markdown.split("\n---\n", 1)[1].lstrip()


# --- numbering and cross-references -------------------------------------------------


def test_optional_article_off_keeps_numbers_contiguous_and_refs_follow(tiny):
    text = md(tiny, committee=False)
    assert "## 第1条（目的）" in text and "## 第2条（有効期間）" in text and "## 第3条（準拠法）" in text
    assert "運営委員会" not in text
    assert "第2条の規定にかかわらず" in text  # ref('term') follows the renumbering
    assert "第1条第2項第2号" in text or "第1条第2項第二号" in text


def test_optional_article_on_shifts_later_numbers(tiny):
    text = md(tiny, committee=True)
    assert "## 第2条（運営委員会）" in text and "## 第3条（有効期間）" in text
    assert "## 第4条（準拠法）" in text and "第3条の規定にかかわらず" in text
    english = md(tiny, lang="en", committee=True)
    assert "## Article 2 (Steering Committee)" in english and "Despite Article 3," in english


def test_paragraph_and_item_labels(tiny):
    ja, en = md(tiny, "ja"), md(tiny, "en")
    # Japanese: the first paragraph carries no number, the second is ２; items 一, 二.
    assert "**２**　協力の範囲" in ja and "   - 一　試料の評価" in ja and "   - 二　結果の報告" in ja
    assert "**1.2** The cooperation covers:" in en and "   - (a) evaluating samples;" in en


# --- language modes ---------------------------------------------------------------------


def test_english_only_has_no_japanese_clause_text(tiny):
    text = md(tiny, "en")
    assert text.startswith("---\nkyoso:\n")  # kyoso's marks (front matter), then the title
    assert _body(text).startswith("# Test Cooperation Agreement")
    assert "第1条" not in text and "## Article 4" not in text  # no language clause for one language


def test_bilingual_markdown_alternates_languages_and_adds_language_clause(tiny):
    text = md(tiny, "ja+en")
    order = [text.index(h) for h in ("## 第1条（目的）", "## Article 1 (Purpose)",
                                     "## 第2条（有効期間）", "## Article 2 (Term)")]
    assert order == sorted(order)
    assert "## 第4条（言語）" in text and "## Article 4 (Language)" in text
    assert "日本語版が優先する" in text and "the Japanese version prevails" in text
    assert text.index("## Article 4 (Language)") < text.index("記名押印")


def test_prevailing_language_can_be_english(tiny):
    values = resolve(tiny, tiny_answers(), "tiny answers")
    text = draft_bytes("tiny", values, "ja+en", "md", prevailing="en").decode()
    assert "英語版が優先する" in text and "the English version prevails" in text


def test_prior_contracts_are_cited_in_the_preamble(tiny):
    values = resolve(tiny, tiny_answers(), "tiny answers")
    prior = [PriorContract(T("秘密保持契約書", "Non-Disclosure Agreement"), "2026-01-15")]
    text = draft_bytes("tiny", values, "ja+en", "md", prior_contracts=prior).decode()
    assert "2026年1月15日付で秘密保持契約書を締結" in text
    assert "Non-Disclosure Agreement dated January 15, 2026" in text
    assert text.index("2026年1月15日") < text.index("## 第1条")


def test_extra_preamble_is_printed_as_data(tiny):
    values = resolve(tiny, tiny_answers(), "tiny answers")
    note = T("本契約は{{ 技術検証 }}の結果を踏まえる。", "This follows the {{ PoC }} results.")
    text = draft_bytes("tiny", values, "ja+en", "md", extra_preamble=[note]).decode()
    assert "本契約は{{ 技術検証 }}の結果を踏まえる。" in text and "This follows the {{ PoC }} results." in text
    assert text.index("結果を踏まえる") < text.index("## 第1条")


def test_preamble_and_signature_name_the_parties(tiny):
    ja, en = md(tiny, "ja"), md(tiny, "en")
    assert "株式会社スタート（以下「甲」という。）" in ja and "大手工業株式会社（以下「乙」という。）" in ja
    assert "2026年4月1日" in ja and "**甲**　住所　東京都千代田区1-1" in ja and "印" in ja
    assert "(the \"Startup\")" in en and "By: " in en and "Date: April 1, 2026" in en


# --- answers are data ------------------------------------------------------------------------


HOSTILE = "{{ 7 * 7 }} {% if true %}x{% endif %} *bold* [link](http://x) <b>"


def test_jinja_looking_answers_print_literally(tiny):
    contract = tiny
    values = resolve(contract, tiny_answers(topic=HOSTILE), "tiny answers")
    document = docx.Document(io.BytesIO(draft_bytes("tiny", values, "ja", "docx")))
    body = "\n".join(p.text for p in document.paragraphs)
    assert HOSTILE in body and "49" not in body


def test_markdown_escapes_answer_values(tiny):
    text = md(tiny, "en", topic="*secret* _plan_ # [x](y) <script>")
    assert r"\*secret\* \_plan\_ # \[x\](y) \<script\>" in text
    # The preamble begins with the startup's name: a leading "#" must not make a heading.
    text = md(tiny, "ja", startup={"name": "# 見出し", "address": "東京都",
                                   "representative": "代表"})
    assert "\\# 見出し（以下「甲」という。）" in text
    assert not any(line.startswith("# 見出し") for line in text.splitlines())


# --- the command ----------------------------------------------------------------------------


def write_answers(path: Path, answers: dict) -> Path:
    import yaml  # test-side only: turn a dict into an answers file

    path.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    return path


def run(*args):
    return CliRunner().invoke(main, ["draft", *map(str, args)])


def test_cli_writes_docx_and_md_by_suffix(tiny, tmp_path):
    answers = write_answers(tmp_path / "deal.yaml", tiny_answers())
    result = run("tiny", "--answers", answers, "-o", tmp_path / "draft.md")
    assert result.exit_code == 0, result.output
    assert _body((tmp_path / "draft.md").read_text(encoding="utf-8")).startswith("# 試験協力契約書")
    result = run("tiny", "--answers", answers, "--lang", "ja+en", "-o", tmp_path / "draft.docx")
    assert result.exit_code == 0, result.output
    assert docx.Document(tmp_path / "draft.docx").paragraphs[0].text == "試験協力契約書"


def test_cli_format_option_and_conflicts(tiny, tmp_path):
    answers = write_answers(tmp_path / "deal.yaml", tiny_answers())
    result = run("tiny", "--answers", answers, "--format", "md", "-o", tmp_path / "out.txt")
    assert result.exit_code == 0 and _body((tmp_path / "out.txt").read_text()).startswith("# ")
    result = run("tiny", "--answers", answers, "--format", "md", "-o", tmp_path / "out.docx")
    assert result.exit_code == 2 and "suffix" in result.output
    assert not (tmp_path / "out.docx").exists()


@pytest.mark.parametrize("extra", [[], ["--example", "--answers", "deal.yaml"]])
def test_cli_needs_exactly_one_answers_source(tiny, tmp_path, extra, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_answers(tmp_path / "deal.yaml", tiny_answers())
    result = run("tiny", *extra, "-o", "out.docx")
    assert result.exit_code == 2 and "exactly one of --answers" in result.output
    assert not (tmp_path / "out.docx").exists()


def test_cli_refuses_to_overwrite_without_force(tiny, tmp_path):
    answers = write_answers(tmp_path / "deal.yaml", tiny_answers())
    target = tmp_path / "draft.docx"
    target.write_bytes(b"the user's own file")
    result = run("tiny", "--answers", answers, "-o", target)
    assert result.exit_code == 2 and "already exists" in result.output and "--force" in result.output
    assert target.read_bytes() == b"the user's own file"
    result = run("tiny", "--answers", answers, "-o", target, "--force")
    assert result.exit_code == 0 and target.read_bytes().startswith(b"PK")


def test_cli_output_checked_before_answers_are_read(tiny, tmp_path):
    result = run("tiny", "--answers", tmp_path / "missing.yaml", "-o", tmp_path / "no" / "x.docx")
    assert result.exit_code == 2 and "does not exist" in result.output and "missing.yaml" not in result.output


def test_cli_broken_answers_report_every_problem_and_write_nothing(tiny, tmp_path):
    broken = tiny_answers(signed_on="2026-02-30", committee="perhaps")
    del broken["topic"]
    answers = write_answers(tmp_path / "deal.yaml", broken)
    target = tmp_path / "draft.docx"
    result = run("tiny", "--answers", answers, "-o", target)
    assert result.exit_code == 2, result.output
    message = result.output
    assert "kyoso: error:" in message and "Traceback" not in message
    for name in ("signed_on", "committee", "topic"):
        assert name in message
    assert message.strip().count("\n") == 0  # one line
    assert list(tmp_path.iterdir()) == [answers]


# --- a failed run leaves nothing --------------------------------------------------------------


def test_failure_while_rendering_leaves_no_file(tiny, tmp_path, monkeypatch):
    from kyoso.templates import docx_writer

    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(docx_writer, "_fill", explode)
    answers = write_answers(tmp_path / "deal.yaml", tiny_answers())
    with pytest.raises(RuntimeError, match="disk on fire"):
        api.draft_to_file("tiny", answers_path=answers, output=tmp_path / "draft.docx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deal.yaml"]


def test_failure_while_writing_leaves_no_partial_file(tiny, tmp_path, monkeypatch):
    from kyoso.core import files

    def fail_sync(fd):
        raise OSError("device full")

    monkeypatch.setattr(files.os, "fsync", fail_sync)
    answers = write_answers(tmp_path / "deal.yaml", tiny_answers())
    with pytest.raises(OSError, match="device full"):
        api.draft_to_file("tiny", answers_path=answers, output=tmp_path / "draft.docx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deal.yaml"]


# --- the real joint-development contract --------------------------------------------------------


def _has_example(contract_id: str) -> bool:
    try:
        from kyoso.clauses.answers import example_answers

        example_answers(contract_id)
        return True
    except Exception:  # the library is still being written
        return False


JDA = "joint-development"
needs_jda = pytest.mark.skipif(not _has_example(JDA), reason="JDA clause library not present")


def _jda_values(**changes):
    from kyoso.clauses.answers import example_answers

    contract = loader.get_contract(JDA)
    raw = dict(example_answers(JDA))
    raw.update(changes)
    return contract, resolve(contract, raw, "example")


def _headings(text: str) -> list[str]:
    return [line[3:] for line in text.splitlines() if line.startswith("## ")]


@needs_jda
def test_jda_steering_committee_toggle_keeps_numbering_and_references_right():
    import re

    texts = {on: draft_bytes(JDA, _jda_values(steering_committee=on)[1], "ja", "md").decode()
             for on in (True, False)}
    for on, text in texts.items():
        numbers = [int(re.match(r"第(\d+)条", h).group(1)) for h in _headings(text)]
        assert numbers == list(range(1, len(numbers) + 1))
        # every cross-reference points at an article that exists in this draft
        # (statute citations such as 著作権法第27条および第28条 are not ours)
        own = re.sub(r"法第\d+条(および第\d+条)*", "", text)
        assert all(1 <= int(n) <= len(numbers) for n in re.findall(r"第(\d+)条", own))
        assert ("（協議会）" in "".join(_headings(text))) == on
        for leftover in ("{{", "}}", "{%", "None", "Undefined"):
            assert leftover not in text
    titles = {on: [h.split("（", 1)[1] for h in _headings(texts[on])] for on in texts}
    assert [t for t in titles[True] if t != "協議会）"] == titles[False]


@needs_jda
def test_jda_committee_on_adds_exactly_one_article_in_english():
    _, on = _jda_values(steering_committee=True)
    _, off = _jda_values(steering_committee=False)
    count = lambda values: len(_headings(draft_bytes(JDA, values, "en", "md").decode()))
    assert count(on) == count(off) + 1


@needs_jda
@pytest.mark.parametrize("lang", ["ja", "en", "ja+en"])
def test_jda_example_drafts_in_every_mode(tmp_path, lang):
    target = tmp_path / f"jda-{lang}.docx"
    result = run(JDA, "--example", "--lang", lang, "-o", target)
    assert result.exit_code == 0, result.output
    document = docx.Document(target)
    assert document.paragraphs[0].style.name == "Title"


@needs_jda
def test_drafting_never_imports_spacy(tmp_path):
    code = ("import sys; from kyoso.cli import main\n"
            f"main(['draft', {JDA!r}, '--example', '--lang', 'ja+en', '-o', {str(tmp_path / 'x.docx')!r}],"
            " standalone_mode=False)\n"
            "assert not any(m.split('.')[0] in ('spacy', 'sudachipy') for m in sys.modules), 'spaCy imported'\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert done.returncode == 0, done.stderr
