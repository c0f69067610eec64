"""Property tests: whatever the bytes or the answers, kyoso ends in a result or a KyosoError.

The property for every input: either a value comes back, or a ``KyosoError`` whose
message is one non-empty line. Any other exception is a bug, and so is a hang (each
example runs under an alarm as well as Hypothesis's deadline). Example counts are
bounded so the file runs in well under 20 s; PDF examples start a child process each
(the PDF reader's sandbox), so there are few of them.
"""

from __future__ import annotations

import json
import os
import signal
import tempfile
import zipfile
from contextlib import contextmanager
from datetime import timedelta
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kyoso.checker.readers import read_document
from kyoso.clauses.answers import EXAMPLES_DIR
from kyoso.core import safe_yaml
from kyoso.core.errors import KyosoError
from kyoso.templates.api import draft_to_file

import factories as f

CONTRACT = "joint-development"
HANG_SECONDS = 15  # far above any example; only a hang reaches it
# KYOSO_FUZZ_SCALE=50 runs a longer campaign locally; CI keeps the default of 1.
SCALE = max(1, int(os.environ.get("KYOSO_FUZZ_SCALE", "1")))
FAST = settings(max_examples=150 * SCALE, deadline=timedelta(seconds=2),
                suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=40 * SCALE, deadline=timedelta(seconds=4),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PDF = settings(max_examples=6 * SCALE, deadline=timedelta(seconds=12),
               suppress_health_check=[HealthCheck.too_slow])


class Hang(Exception):
    pass


@contextmanager
def no_hang(seconds: int = HANG_SECONDS):
    def alarm(signum, frame):
        raise Hang(f"no result after {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def result_or_one_line_error(call, *args, **kwargs):
    """Run ``call``; a KyosoError must be one non-empty line. Anything else propagates."""
    with no_hang():
        try:
            return call(*args, **kwargs)
        except KyosoError as error:
            message = str(error)
            assert message.strip() and "\n" not in message and "\r" not in message, repr(message)
            message.encode("utf-8")  # printable on stderr: no lone surrogates
            return error


# --- seeds ----------------------------------------------------------------------------------


@lru_cache(maxsize=None)
def seed_docx() -> bytes:
    """A small but real DOCX: numbering, a table, a tracked insertion and deletion."""
    with tempfile.TemporaryDirectory() as folder:
        body = (f.para("Article 1 Purpose", style="Heading1")
                + f.para("The Startup ", f.ins("shall"), f.dele("may"), " share results.",
                         num=(1, 0))
                + f.table([["甲は乙に通知する。", "The Company pays."]]))
        return f.build_docx(Path(folder) / "seed.docx", body,
                            numbering_xml=f.EN_NUMBERING).read_bytes()


@lru_cache(maxsize=None)
def seed_pdf() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        return f.text_pdf(Path(folder)).read_bytes()


def rezip(parts: dict[str, bytes]) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(BytesIO(seed_docx())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


mutations = st.lists(st.tuples(st.integers(min_value=0), st.binary(min_size=1, max_size=8)),
                     min_size=1, max_size=6)


def mutate(data: bytes, edits: list[tuple[int, bytes]], mode: str) -> bytes:
    out = bytearray(data)
    for at, chunk in edits:
        at %= max(len(out), 1)
        if mode == "overwrite":
            out[at:at + len(chunk)] = chunk
        elif mode == "insert":
            out[at:at] = chunk
        else:  # delete
            del out[at:at + len(chunk)]
    return bytes(out)


MODES = st.sampled_from(["overwrite", "insert", "delete"])


# --- readers --------------------------------------------------------------------------------


@FAST
@given(edits=mutations, mode=MODES)
def test_docx_with_mutated_zip_bytes(edits, mode):
    result_or_one_line_error(read_document, "mutated.docx", mutate(seed_docx(), edits, mode))


@FAST
@given(edits=mutations, mode=MODES, member=st.sampled_from(["word/document.xml",
                                                            "word/numbering.xml",
                                                            "[Content_Types].xml",
                                                            "word/_rels/document.xml.rels"]))
def test_docx_with_mutated_xml_inside_a_valid_zip(edits, mode, member):
    parts = docx_parts()
    parts[member] = mutate(parts[member], edits, mode)
    result_or_one_line_error(read_document, "inner.docx", rezip(parts))


XML_PIECES = st.sampled_from([
    "<w:p>", "</w:p>", "<w:r>", "</w:r>", "<w:t>", "</w:t>", "<w:ins>", "</w:ins>",
    "<w:del>", "<w:delText>x</w:delText>", "</w:del>", "<w:tbl><w:tr><w:tc>",
    "</w:tc></w:tr></w:tbl>", '<w:numPr><w:numId w:val="1"/><w:ilvl w:val="9"/></w:numPr>',
    "<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>", "&amp;", "&#0;", "&#xD800;", "&lol;",
    "<!DOCTYPE x>", "<?pi x?>", "<![CDATA[", "]]>", "Article 1 ", "第1条 ", "\u202e", "\x00",
])


@FAST
@given(pieces=st.lists(XML_PIECES | st.text(max_size=10), max_size=40))
def test_docx_with_random_body_xml(pieces):
    parts = docx_parts()
    body = "".join(pieces)
    parts["word/document.xml"] = (f'<w:document xmlns:w="{f.W}"><w:body>{body}</w:body>'
                                  "</w:document>").encode("utf-8", "surrogatepass")
    result_or_one_line_error(read_document, "body.docx", rezip(parts))


@FAST
@given(data=st.binary(max_size=4096),
       name=st.sampled_from(["random.docx", "random.txt", "random.md", "random", "-",
                             "random.pdf"]))
def test_random_bytes_under_any_name(data, name):
    if name == "random.pdf":
        assume(not data.startswith(b"%PDF"))  # real PDF parsing is the PDF test's job
    result_or_one_line_error(read_document, name, data)


@FAST
@given(data=st.binary(max_size=2048), prefix=st.sampled_from([b"PK\x03\x04", b"PK\x05\x06",
                                                               b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
                                                               b"\xef\xbb\xbf", b"\xff\xfe"]))
def test_random_bytes_behind_a_magic_number(data, prefix):
    for name in ("magic.docx", "magic.txt", "-"):
        result_or_one_line_error(read_document, name, prefix + data)


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "cp932", "shift_jis",
             "euc_jp", "iso2022_jp", "latin-1", "cp1252"]


@FAST
@given(text=st.text(max_size=300), encoding=st.sampled_from(ENCODINGS),
       suffix=st.sampled_from([".txt", ".md"]))
def test_text_in_any_encoding(text, encoding, suffix):
    data = text.encode(encoding, errors="replace")
    outcome = result_or_one_line_error(read_document, "encoded" + suffix, data)
    if encoding == "utf-8" and not isinstance(outcome, KyosoError):
        assert isinstance(outcome.text, str)


@PDF
@given(edits=mutations, mode=MODES)
def test_pdf_with_mutated_bytes(edits, mode):
    result_or_one_line_error(read_document, "mutated.pdf", mutate(seed_pdf(), edits, mode))


@PDF
@given(data=st.binary(max_size=1024))
def test_pdf_header_then_random_bytes(data):
    result_or_one_line_error(read_document, "random.pdf", b"%PDF-1.7\n" + data)


# --- answers files through kyoso draft's entry point -------------------------------------------

# Pieces YAML gives meaning to, and the tricks the strict loader refuses.
YAML_PIECES = st.sampled_from([
    ": ", "- ", "? ", "\n", "\n  ", "\t", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ",
    "!!python/object/apply:os.system ", "!!binary ", "!<tag:x> ", "<<: ", "---\n", "...\n",
    "|\n  ", ">-\n  ", "'", '"', '"\\ud800"', '"\\x07"', '"\\U0001F600"', "#", "%YAML 1.1\n",
    "preset", "balanced", "startup", "name", "ja", "en", "alias", "signing_date",
    "2026-02-30", "2026-09-01", "10" * 30, "-3", "0x1F", "1:30", ".nan", ".inf", "~",
    "yes", "no", "null", "{{ 7*7 }}", "{% for x in y %}", "\u202e", "\u200b", "甲",
])
YAMLISH = st.lists(YAML_PIECES | st.text(max_size=8), max_size=60).map("".join)


def _draft(answers_text: str | bytes, lang: str = "en"):
    with tempfile.TemporaryDirectory() as folder:
        answers = Path(folder) / "answers.yaml"
        if isinstance(answers_text, bytes):
            answers.write_bytes(answers_text)
        else:
            answers.write_text(answers_text, encoding="utf-8", errors="surrogatepass")
        output = Path(folder) / "draft.docx"
        outcome = result_or_one_line_error(draft_to_file, CONTRACT, answers_path=answers,
                                           lang=lang, output=output)
        if isinstance(outcome, KyosoError):
            assert not output.exists()
        else:
            assert outcome == output and output.stat().st_size > 0
        return outcome


@FAST
@given(text=YAMLISH)
def test_yamlish_answers_file(text):
    _draft(text)


@FAST
@given(data=st.binary(max_size=512))
def test_random_bytes_as_answers_file(data):
    _draft(data)


@lru_cache(maxsize=None)
def example() -> dict[str, Any]:
    return safe_yaml.load_path(EXAMPLES_DIR / f"{CONTRACT}.yaml")


TRICKY_CHARS = st.sampled_from(["\u202e", "\u200b", "\ufeff", "\u00ad", "\U000e0041", "\ud800",
                                "\udfff", "\uffff", "\ufdd0", "\x00", "\x07", "\x7f", "\x85",
                                "\r", "\n", "\t", "\u2028", "{{", "}}", "{%", "%}", "7*7",
                                "'", '"', "\\", "甲", "𠮷", " "])
TEXTS = st.lists(TRICKY_CHARS | st.characters(exclude_categories=()), max_size=30).map("".join) \
    | st.text(max_size=30)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(),
                    st.integers(min_value=-10**40, max_value=10**40),
                    st.floats(allow_nan=True, allow_infinity=True), TEXTS,
                    st.sampled_from(["2026-02-30", "2026-09-01", "0000-00-00", "balanced",
                                     "exclusive_limited", "milestones", "JPY", "startup"]))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(TEXTS | st.sampled_from(
                          ["ja", "en", "name", "address", "representative", "alias",
                           "amount", "currency", "event"]), inner, max_size=4),
                      max_leaves=12)


def _yaml_char(c: str) -> str:
    # JSON is YAML, but YAML refuses some characters raw; a user would escape them.
    point = ord(c)
    if (0xD800 <= point <= 0xDFFF or point & 0xFFFE == 0xFFFE or 0x7F <= point <= 0x9F
            or point in (0x2028, 0x2029, 0xFEFF)):
        return f"\\u{point:04x}"
    return c


def as_yaml(value: Any) -> str:
    return "".join(map(_yaml_char, json.dumps(value, ensure_ascii=False)))


@SLOW
@given(name=st.sampled_from(sorted(example())), value=VALUES,
       lang=st.sampled_from(["ja", "en", "ja+en"]))
def test_one_answer_replaced_by_a_random_value(name, value, lang):
    answers = {**example(), name: value}
    _draft("".join(f"{key}: {as_yaml(v)}\n" for key, v in answers.items()), lang)


@SLOW
@given(role=st.sampled_from(["startup", "business"]),
       key=st.sampled_from(["name", "address", "representative", "alias"]),
       lang=st.sampled_from(["ja", "en"]), text=TEXTS)
def test_party_text_replaced_by_random_text(role, key, lang, text):
    party = json.loads(json.dumps(example()[role]))
    party[key] = {**party.get(key, {"ja": "丙", "en": "the Partner"}), lang: text}
    answers = {**example(), role: party}
    _draft("".join(f"{k}: {as_yaml(v)}\n" for k, v in answers.items()), "ja+en")


@FAST
@given(extra=st.dictionaries(TEXTS, VALUES, min_size=1, max_size=3))
def test_unknown_keys_are_named_safely(extra):
    answers = {**example(), **extra}
    outcome = _draft("".join(f"{as_yaml(k)}: {as_yaml(v)}\n" for k, v in answers.items()))
    if not (set(extra) & set(example()) or set(extra) & {"contract", "preset", "language"}):
        assert isinstance(outcome, KyosoError)


def test_the_example_deal_drafts():
    """The seed the answers properties start from is itself valid."""
    answers = "".join(f"{k}: {as_yaml(v)}\n" for k, v in example().items())
    assert not isinstance(_draft(answers), KyosoError)


@pytest.mark.parametrize("name", ["seed.docx", "seed.pdf"])
def test_the_seed_documents_read(name):
    data = seed_docx() if name.endswith("docx") else seed_pdf()
    assert read_document(name, data).text.strip()


# --- the two strict YAML loaders (core/safe_yaml.py) --------------------------------------------


# The refusals that are kyoso's rules, not a parser's taste: tabs and some flow-context
# corner cases are syntax errors to the pure parser but not to libyaml, and that is fine.
STRICT_RULES = ("aliases", "anchors", "duplicate key", "plain values", "longer than",
                "too deep", "constructor for the tag", "surrogate")


def _load_both(text: str) -> list[tuple[str, str]]:
    outcomes = []
    for libyaml in (True, False):
        outcome = result_or_one_line_error(safe_yaml.loads, text, "fuzz.yaml", libyaml=libyaml)
        outcomes.append(("refused", str(outcome)) if isinstance(outcome, KyosoError)
                        else ("ok", repr(outcome)))
    return outcomes


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml")
@FAST
@given(text=YAMLISH)
def test_both_yaml_loaders_keep_the_same_rules(text):
    outcomes = _load_both(text)
    if all(status == "ok" for status, _ in outcomes):
        assert outcomes[0] == outcomes[1]  # same values, same types
    for (status, message), (other, _) in (outcomes, outcomes[::-1]):
        if status == "refused" and any(rule in message for rule in STRICT_RULES):
            assert other == "refused", message
