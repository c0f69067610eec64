"""The literal prefilter only saves time: a gated alternation matches exactly where the
plain ``re`` alternation matches (checker/prefilter.py)."""

from __future__ import annotations

import re

import pytest

from kyoso.checker.engine import RuleSet
from kyoso.checker.prefilter import GatedAlternation, required_literals


@pytest.mark.parametrize("pattern, needed", [
    (r"\bassign(?:s|ed)?\b", ("assign",)),
    (r"(?:shall|will)\s+vest\b", ("vest",)),
    (r"\bwork\s+made\s+for\s+hire", ("made", "work", "hire")),
    (r"licen[cs]e", ("licence", "license")),
    (r"帰属(?:する|させる)", ("帰属する", "帰属させる")),
    (r"(?:甲|乙)に帰属", ("甲に帰属", "乙に帰属")),
    (r"\bengag(?:e|es|ed|ing)\b|\bcarry(?:ing)?\s+on\b", ("carry", "engage", "engaged", "engaging")),
])
def test_required_literals(pattern, needed):
    found = required_literals([pattern])
    assert found is not None
    # every literal is one the pattern needs, and at least one of them is present
    for match_text in ("hereby assigns", "shall vest in", "work made for hire", "licence", "license",
                       "乙に帰属する", "engaged in", "carrying on"):
        if re.search(pattern, match_text, re.IGNORECASE):
            assert any(literal in match_text.lower() for literal in found)
    assert set(found) <= set(needed) | {n[:k] for n in needed for k in range(1, len(n))} or \
        set(found) == set(needed)


@pytest.mark.parametrize("pattern", [r"\w+", r"(?:foo)?\d", r"[A-Z]\w*", r"(?-i:[A-Z])", r"x|\d+"])
def test_a_pattern_that_needs_no_literal_has_no_prefilter(pattern):
    assert required_literals([pattern]) is None


SENTENCES = [
    "The Consultant HEREBY ASSIGNS to the Company all right, title and interest in the Work Product.",
    "Licensee shall not, during the Term, engage in any business that competes with Licensor.",
    "Each party retains ownership of its own intellectual property; nothing herein transfers it.",
    "Distributor shall purchase the Products exclusively from Supplier in the Territory.",
    "Upon payment in full, title to the deliverables vests in the Client.",
    "甲は、乙に対し、本件成果に係る一切の権利を無償で譲渡する。",
    "乙は、本契約期間中及び終了後2年間、本製品と競合する製品を開発してはならない。",
    "本件発明に係る特許を受ける権利は、甲乙の共有とし、持分は均等とする。",
    "甲は乙に対し、本ソフトウェアを期間の定めなく無償で使用する権利を許諾する。",
    "",
]


def _plain(patterns):
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def test_every_shipped_role_matches_as_the_plain_alternation():
    rules = RuleSet.load()
    for rule in rules.rules:
        texts = [s for group in rule.examples.values() for items in group.values() for s in items]
        texts += SENTENCES
        for language, cues in rule.cues.items():
            for role, patterns in cues._patterns.items():
                if not patterns:
                    continue
                plain, gated = _plain(patterns), cues._get(role)
                for text in texts:
                    expected, got = plain.search(text), gated.search(text)
                    assert (expected and expected.span()) == (got and got.span()), (rule.id, role, text)
                    assert [m.span() for m in plain.finditer(text)] == \
                        [m.span() for m in gated.finditer(text)], (rule.id, role, text)


def test_gated_search_takes_the_first_pattern_at_the_leftmost_place():
    gated = GatedAlternation([r"assign\w*", r"assign", r"hereby"])
    found = gated.search("We hereby assign it")
    assert found.group(0) == "hereby"
    found = gated.search("assignment", 0)
    assert found.group(0) == "assignment"  # the first pattern wins at one place, as in re
    assert gated.search("nothing here") is None
    assert gated.search("We hereby assign it", 4).group(0) == "assign"  # from pos, as re


def test_matches_answers_as_the_plain_alternation_would():
    rules = RuleSet.load()
    for rule in rules.rules:
        texts = [s for group in rule.examples.values() for items in group.values() for s in items]
        texts += SENTENCES + [s.upper() for s in SENTENCES]
        for language, cues in rule.cues.items():
            for role, patterns in cues._patterns.items():
                if patterns:
                    plain, gated = _plain(patterns), cues._get(role)
                    for text in texts:
                        assert bool(plain.search(text)) == gated.matches(text), (rule.id, role, text)
                        # holding a literal is necessary for a match
                        assert gated.may_match(text) or not gated.matches(text), (rule.id, role, text)


@pytest.mark.parametrize("pattern, free", [
    (r"\bassign(?:s|ed)?\b", True),
    (r"\bshall\s+not\b(?!\s+be)", True),
    (r"[^.;]{0,80}\S+\bwork\s+made\s+for\s+hire", True),
    (r"(?-i:[A-Z]\w+)\s+shall", False),  # case matters inside
    (r"[A-Z]{2,}", False),  # a capital of its own
    (r"\x41ssign", False),  # a character given by code
    (r"(?i)assign", False),  # inline flags
    (r"帰属する", False),  # not ASCII: lower() may not keep its length
])
def test_a_case_free_pattern_is_searched_in_lower_case_with_the_same_answer(pattern, free):
    from kyoso.checker.prefilter import _Branch, case_free

    assert case_free(pattern, re.IGNORECASE) is free
    branch = _Branch(pattern, re.IGNORECASE)
    for text in SENTENCES + [s.upper() for s in SENTENCES] + ["AAssign X", "Assigns Shall NOT"]:
        expected = re.search(pattern, text, re.IGNORECASE) is not None
        assert branch.found_in(text, text.lower(), text.isascii()) is expected, (pattern, text)


def test_top_level_alternatives_are_split_outside_groups_and_classes():
    from kyoso.checker.prefilter import split_branches

    assert split_branches(r"a|b(c|d)|[|x]|\|y") == ["a", "b(c|d)", "[|x]", r"\|y"]
    assert split_branches(r"(?i)a|b") == [r"(?i)a|b"]


def test_a_factored_list_of_words_is_spelt_out_in_the_same_order():
    from kyoso.checker.prefilter import split_branches

    factored = r"\b(?:a(?:ct\s+as\b|lone)|rival|c(?:ompet|ircumvent))"
    spelt = split_branches(factored)
    assert spelt == [r"\bact\s+as\b", r"\balone", r"\brival", r"\bcompet", r"\bcircumvent"]
    for text in ("to act as agent", "alone or with others", "a rival firm", "competes", "to circumvent", "none"):
        plain = re.search(factored, text, re.IGNORECASE)
        gated = GatedAlternation([factored]).search(text)
        assert (plain and plain.span()) == (gated and gated.span()), text
    # not one group to the end: left as it is
    for kept in (r"\b(?:a|b)?x", r"(?:a)(?:b|c)", r"\b(?:a|b)\b", r"(a|b)"):
        assert split_branches(kept) == [kept]


def test_the_shipped_table_is_up_to_date():
    """checker/prefilter_table.json spares a cold start the parsing of every pattern; after
    a rule edit, rebuild it with ``python -m kyoso.checker.prefilter``."""
    import json

    from kyoso.checker.prefilter import TABLE, build_table

    assert json.loads(TABLE.read_text(encoding="utf-8")) == build_table()


def test_a_pattern_missing_from_the_table_is_analysed_when_used():
    gated = GatedAlternation([r"\bzyxw(?:a|b)\b"])
    assert gated.matches("the ZYXWA clause") and not gated.matches("nothing")


# --- ahead-of-time compiled patterns (checker/regex_code.py) ---------------------------------


def test_every_shipped_program_is_what_re_compiles():
    """regex_code.bin holds, for this Python, exactly the programs ``re`` builds; on
    another Python it is ignored (and this test says so rather than passing quietly)."""
    import re

    from kyoso.checker import regex_code
    from kyoso.checker.prefilter import lower_case_programs, shipped_patterns

    entries, codes = regex_code._shipped()
    if codes is None:
        pytest.skip(f"regex_code.bin was built for another Python than {regex_code.runtime()}")
    for pattern, flags in shipped_patterns() + lower_case_programs() + regex_code.module_patterns():
        assert f"{int(flags)}:{pattern}" in entries, "stale: python -m kyoso.checker.prefilter"
        assert regex_code.compile(pattern, flags) == re.compile(pattern, flags), pattern


@pytest.mark.parametrize("content", [b"", b"not json\n\x00\x01", b'{"runtime": "cpython-0.0"}\n'])
def test_a_missing_damaged_or_foreign_code_file_falls_back_to_re(tmp_path, monkeypatch, content):
    import re

    from kyoso.checker import regex_code

    broken = tmp_path / "regex_code.bin"
    broken.write_bytes(content)
    monkeypatch.setattr(regex_code, "CODE_FILE", broken)
    regex_code._shipped.cache_clear()
    try:
        pattern = r"\bhereby\s+assigns?\b"
        assert regex_code.compile(pattern, re.IGNORECASE) == re.compile(pattern, re.IGNORECASE)
        assert regex_code._shipped() == ({}, None)
    finally:
        regex_code._shipped.cache_clear()


@pytest.mark.parametrize("pattern, first, second", [
    (r"\b(?:shall|will)\s+(?:solely\s+)?own\b", {"shall", "will"}, {"own"}),
    (r"(甲|乙)は、?[^。]{0,60}?を単独で(?:所有|保有)", {"を単独で所有", "を単独で保有"}, {"甲は", "乙は"}),
    (r"\bassign(?:s|ed)?\b", {"assign"}, None),  # one word: nothing more to ask
])
def test_a_second_required_word_is_found_and_gates(pattern, first, second):
    from kyoso.checker.prefilter import also_required, analyse

    literals, _ = analyse(pattern)
    assert set(literals) == first
    also = also_required(pattern)
    assert (set(also) if also else None) == second
    gated = GatedAlternation([pattern])
    for text in ("The Licensee shall own the Results.", "The Licensee shall have the Results.",
                 "The owner shall decide.", "甲は、本件特許を単独で所有する。", "本件特許を単独で所有する。"):
        assert gated.matches(text) == bool(re.search(pattern, text, re.IGNORECASE)), text


# --- the JSON copy of kyoso's own YAML files (checker/shipped_yaml.py) ------------------------


def test_the_shipped_yaml_copy_is_up_to_date():
    """After a rule edit, rebuild it with ``python -m kyoso.checker.prefilter``."""
    import json

    from kyoso.checker import shipped_yaml

    assert json.loads(shipped_yaml.COPY.read_text(encoding="utf-8")) == shipped_yaml.build()
    assert len(shipped_yaml.build()) == len(shipped_yaml.shipped_files())


def test_the_copy_gives_what_the_yaml_gives_and_a_fresh_object_each_time():
    from kyoso.checker import shipped_yaml
    from kyoso.core import safe_yaml

    for path in shipped_yaml.shipped_files():
        assert shipped_yaml.load(path) == safe_yaml.load_path(path)
    first = shipped_yaml.load(shipped_yaml.shipped_files()[0])
    first.clear()  # a caller that changes what it got changes nothing for the next one
    assert shipped_yaml.load(shipped_yaml.shipped_files()[0])


def test_a_changed_or_foreign_yaml_file_is_parsed_not_copied(tmp_path, monkeypatch):
    from kyoso.checker import shipped_yaml

    own = shipped_yaml.shipped_files()[0]
    key = own.resolve().relative_to(shipped_yaml.PACKAGE).as_posix()
    # a copy made from other bytes (the file was edited since) is not used
    monkeypatch.setattr(shipped_yaml, "_copies", lambda: {key: ["0" * 64, '{"stale": true}']})
    assert "stale" not in shipped_yaml.load(own)
    # a team's own rule file is not kyoso's: parsed, strictly, as ever
    foreign = tmp_path / "mine.yaml"
    foreign.write_text("a: 1\nb: [x, y]\n", encoding="utf-8")
    assert shipped_yaml.load(foreign) == {"a": 1, "b": ["x", "y"]}
    foreign.write_text("a: 1\na: 2\n", encoding="utf-8")
    with pytest.raises(Exception, match="duplicate key"):
        shipped_yaml.load(foreign)


def test_gated_finditer_keeps_each_alternatives_next_match_exactly():
    # finditer keeps each alternative's next match between steps; look-behinds and \b
    # read the text before the scan's position, so the kept match is the one a fresh
    # search would find
    patterns = [r"(?<=a)b", r"\bab", r"b\b", r"not\s+\w+", r"shall\s+not", r"(?<!x)y?"]
    texts = ["ab ab cab b", "shall not compete, shall not solicit and shall not hire",
             "xy yy xyy", "", "bbbb abab"]
    for text in texts:
        assert [m.span() for m in GatedAlternation(patterns).finditer(text)] == \
            [m.span() for m in _plain(patterns).finditer(text)], text
