"""Every option of the clause library agrees with the checker.

The walk visits every contract the library lists (both editions, once the AI edition
lands) and every decision point whose options touch IP ownership, licences,
non-competes, grant-back or patent filing. It drafts the contract with each option, in
Japanese and in English, checks the draft in-process (the library API, one rule set,
no subprocesses) and holds each option to what the library says of it:

* an option that favours the startup, or is balanced, draws no medium or high finding
  against the startup in the articles the option writes. "Against" means in favour of
  anyone but the startup: a finding whose beneficiary the checker cannot name counts
  too, because without ``--party`` it fails the run like any other;
* an option that favours the company, and whose note says the guideline lists it as a
  problem case (a sentence opening 「ガイドラインは、…問題事例に挙げる」 / "The guideline
  lists … as a problem case"), draws at least a low finding in the company's favour in
  those articles.

Drafts are Markdown (the same text and marks as DOCX, ten times faster to write) and
identical drafts are checked once. The presets are held to the same standard over the
whole document: balanced and startup-favourable draw nothing medium or high against
the startup, and the company-favourable joint R&D preset draws what its explanation
says it gives away and nothing graver.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import pytest

from kyoso.checker.api import CheckOptions, analyse
from kyoso.checker.readers import read_document
from kyoso.clauses.answers import example_answers, resolve
from kyoso.clauses.loader import load_library
from kyoso.templates.api import draft_bytes

LANGS = ("ja", "en")
SERIOUS = ("medium", "high")
# Guideline catalogue ids (clauses/library/guideline.yaml) of the topics the walk covers,
# and the variable groups the libraries file such options under.
TOPICS = {"ip-one-sided", "co-ownership-no-consent", "background-contamination", "poc-ip-claim",
          "unlimited-licence", "exclusive-unbounded", "non-compete-broad",
          "patent-filing-restriction", "grant-back"}
GROUPS = {"intellectual property", "licence", "competition", "grant", "ip"}
# An option the guideline lists as a problem case says so in a sentence of its own.
PROBLEM_CASE = {
    "ja": re.compile(r"(?:^|。)ガイドラインは、?[^。]*問題事例に挙げる"),
    "en": re.compile(r"(?:^|[.!?]\s+)The guideline lists\b[^.]*\bas (?:a )?problem cases?\b"),
}


def _cites(variable) -> set[str]:
    return set(re.findall(r"guideline:([\w-]+)", variable.provenance or ""))


def in_scope(variable) -> bool:
    return variable.type == "choice" and bool(_cites(variable) & TOPICS or variable.group in GROUPS)


def problem_case(choice) -> bool:
    return bool(PROBLEM_CASE["ja"].search(choice.note.ja))


def decision_points():
    library = load_library()
    return [(contract, variable) for contract in library.contracts.values()
            for variable in contract.variables.values() if in_scope(variable)]


CASES = [(contract.id, variable.name, key, lang)
         for contract, variable in decision_points()
         for key in variable.choices for lang in LANGS]


def articles_of(contract, name: str):
    """The articles whose text or conditions use the variable: what the option writes."""
    used = re.compile(rf"\b{re.escape(name)}\b")
    return [article for article in contract.articles if used.search(repr(article))]


def _answers(contract, **chosen) -> dict:
    raw = dict(example_answers(contract.id))
    raw.update(chosen)
    return raw


@pytest.fixture(scope="module")
def ruleset():
    from kyoso.checker.engine import RuleSet

    return RuleSet.load()


_CHECKED: dict[str, object] = {}


def check_draft(contract, raw: dict, lang: str, ruleset):
    """Draft and check in-process; identical drafts (an option that is also the
    example's answer) are checked once."""
    data = draft_bytes(contract.id, resolve(contract, raw, "library walk"), lang, "md")
    key = hashlib.sha256(data).hexdigest()
    if key not in _CHECKED:
        source = read_document(f"{contract.id}.{lang}.md", data)
        _CHECKED[key] = analyse(source, ruleset, CheckOptions(), lambda note: None)
    return _CHECKED[key]


def startup_of(result) -> str:
    startups = [party.name for party in result.parties if party.role == "startup"]
    assert len(startups) == 1, f"the draft's marks must name one startup: {result.parties}"
    return startups[0]


def against_startup(finding, startup: str) -> bool:
    return finding.favours != startup


def in_articles(finding, titles: list[str], lang: str) -> bool:
    place = finding.location.article or ""
    return any(place.endswith(f"（{t}）" if lang == "ja" else f"({t})") for t in titles)


def describe(findings) -> str:
    return "\n".join(f"  {f.severity} {f.rule} favours={f.favours} at {f.location.article}: "
                     f"{' '.join(f.excerpt.split())[:140]}" for f in findings)


@lru_cache(maxsize=None)
def _library():
    return load_library()


# --- the walk ----------------------------------------------------------------------------


@pytest.mark.parametrize("contract_id,name,key,lang", CASES,
                         ids=[f"{c}.{n}={k}-{l}" for c, n, k, l in CASES])
def test_option_agrees_with_the_checker(ruleset, contract_id, name, key, lang):
    contract = _library().contracts[contract_id]
    variable = contract.variables[name]
    choice = variable.choices[key]
    titles = [article.title.get(lang) for article in articles_of(contract, name)]
    result = check_draft(contract, _answers(contract, **{name: key}), lang, ruleset)
    startup = startup_of(result)
    here = [f for f in result.findings if in_articles(f, titles, lang)]
    if choice.favours in ("startup", "balanced"):
        bad = [f for f in here if f.severity in SERIOUS and against_startup(f, startup)]
        assert not bad, (f"{contract_id}.{name}={key} ({choice.favours}) [{lang}] draws medium/high "
                         f"findings against the startup in {titles}:\n{describe(bad)}")
    elif problem_case(choice):
        found = [f for f in here if f.severity != "info" and f.favours is not None
                 and against_startup(f, startup)]
        assert found, (f"{contract_id}.{name}={key}: the note says the guideline lists it as a "
                       f"problem case, but the checker finds nothing in the company's favour in "
                       f"{titles} [{lang}]; it found:\n{describe(here)}")


def test_the_walk_covers_the_decision_points_that_matter():
    covered = {(contract.id, variable.name) for contract, variable in decision_points()}
    for expected in [("joint-development", "joint_result_ownership"), ("joint-development", "noncompete"),
                     ("joint-development", "background_licence_fee"),
                     ("joint-development", "licence_exclusivity"), ("license", "licence_exclusivity")]:
        assert expected in covered
    for contract, variable in decision_points():
        assert articles_of(contract, variable.name), f"{contract.id}.{variable.name}: writes no article"


def test_problem_case_notes_say_so_in_both_languages():
    """The walk reads the Japanese note; the English one must say the same."""
    for contract in _library().contracts.values():
        for variable in contract.variables.values():
            for key, choice in variable.choices.items():
                ja, en = (bool(PROBLEM_CASE[lang].search(choice.note.get(lang))) for lang in LANGS)
                assert ja == en, f"{contract.id}.{variable.name}={key}: ja says {ja}, en says {en}"
                if ja:
                    assert choice.favours == "business", f"{contract.id}.{variable.name}={key}"


# --- presets -------------------------------------------------------------------------------


def _preset_answers(contract, preset: str) -> dict:
    """The example deal with the preset's choices in force (an explicit answer would win)."""
    values = contract.presets[preset].values
    raw = {k: v for k, v in example_answers(contract.id).items() if k not in values}
    raw["preset"] = preset
    return raw


PRESET_CASES = [(contract_id, preset, lang) for contract_id in sorted(_library().contracts)
                for preset in ("balanced", "startup-favourable") for lang in LANGS]


@pytest.mark.parametrize("contract_id,preset,lang", PRESET_CASES,
                         ids=[f"{c}-{p}-{l}" for c, p, l in PRESET_CASES])
def test_startup_side_presets_draw_nothing_serious_against_the_startup(ruleset, contract_id, preset,
                                                                      lang):
    contract = _library().contracts[contract_id]
    result = check_draft(contract, _preset_answers(contract, preset), lang, ruleset)
    startup = startup_of(result)
    bad = [f for f in result.findings if f.severity in SERIOUS and against_startup(f, startup)]
    assert not bad, f"{contract_id} {preset} [{lang}]:\n{describe(bad)}"


@pytest.mark.parametrize("lang", LANGS)
def test_company_favourable_jda_draws_what_its_explanation_gives_away(ruleset, lang):
    """The explanation: results split by field, a free five-year exclusive licence, free
    mutual use of sole inventions, a non-compete running six months past the term — and
    no one-sided ownership or free unlimited licence. The checker should see the
    post-term non-compete (medium: mutual, under two years), the split and the free
    mutual licence (low), and nothing high against the startup."""
    contract = _library().contracts["joint-development"]
    result = check_draft(contract, _preset_answers(contract, "business-favourable"), lang, ruleset)
    startup = startup_of(result)
    against = [f for f in result.findings if against_startup(f, startup)]
    assert not [f for f in against if f.severity == "high"], describe(against)
    restraints = [f for f in against if f.category == "non-compete"]
    assert restraints and {f.severity for f in restraints} == {"medium"}, describe(restraints)
    assert all(f.dimensions["period"] == "post-term" and f.dimensions["duration_months"] == 6
               and f.dimensions["bound"] == "both" for f in restraints), describe(restraints)
    assert [f for f in result.findings if f.category == "ip-assignment"
            and f.dimensions.get("split_by_field")], describe(result.findings)
    serious = {f.category for f in against if f.severity in SERIOUS}
    assert serious == {"non-compete"}, describe([f for f in against if f.severity in SERIOUS])
