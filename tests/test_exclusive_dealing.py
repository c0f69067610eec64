"""Exclusive dealing is its own category (checker/exclusive_dealing.py, rules/exclusive-dealing/).

Buying only from, or selling only to, the other party, and exclusive distributorships,
are reported as ``exclusive-dealing``, not as ``non-compete``; a sentence that also
names competition stays a non-compete. Every sentence was written for this file.
"""

from __future__ import annotations

import pytest

from kyoso.checker.engine import RuleSet, _PlainStructure
from kyoso.checker.model import Block, Party, SourceText


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return RuleSet.load()


def _findings(rules: RuleSet, text: str, lang: str, parties=None):
    if parties is None:
        return rules.check_text(text, lang)
    source = SourceText(path="<t>", text=text, blocks=[Block(text, 0, len(text))], format="txt",
                        language=lang)
    return rules.check(source, _PlainStructure(), parties, lang)


def _one(rules, text, lang, parties=None):
    """The one exclusive-dealing finding; no non-compete beside it (a grant of exclusive
    sales rights may also be read by the licence rule, which is its own matter)."""
    found = _findings(rules, text, lang, parties)
    dealing = [f for f in found if f.category == "exclusive-dealing"]
    assert len(dealing) == 1, [(f.category, f.excerpt) for f in found]
    assert not [f for f in found if f.category == "non-compete"]
    return dealing[0]


@pytest.mark.parametrize("text, lang, bound, favours, form", [
    ("The Startup shall purchase its electrolyte exclusively from the Company.", "en",
     "Startup", "Company", "dealing"),
    ("The Reseller shall buy the toner only from the Maker.", "en", "Reseller", "Maker", "dealing"),
    ("The Vendor shall supply the Modules only to the Customer and to no other buyer.", "en",
     "Vendor", "Customer", "dealing"),
    ("During the Term, the Startup shall not buy the Lenses from any other supplier.", "en",
     "Startup", None, "dealing"),
    ("The Licensee shall not obtain the catalyst, or any substitute, from any other source.", "en",
     "Licensee", None, "dealing"),
    ("The Workshop will not sell the Brackets made to the Buyer's drawings to any other customer.", "en",
     "Workshop", None, "dealing"),
    ("The Startup hereby appoints the Company as its exclusive distributor of the Products in Europe.", "en",
     "Startup", None, "appointment"),
    ("The Startup grants the Company the exclusive right to sell the Modules in Asia.", "en",
     "Startup", None, "appointment"),
    ("The Startup will not appoint another reseller for the Products during the Term.", "en",
     "Startup", None, "appointment"),
    ("買主は、本部材の全量を売主から購入するものとする。", "ja", "買主", "売主", "dealing"),
    ("乙は、本原料を甲からのみ購入するものとする。", "ja", "乙", "甲", "dealing"),
    ("乙は、本契約期間中、他の供給者から本原料を購入しないものとします。", "ja", "乙", "甲", "dealing"),
    ("甲は、乙以外の者に対して本製品を供給しないものとする。", "ja", "甲", "乙", "dealing"),
    ("甲は、本モジュールを乙に対してのみ販売する。", "ja", "甲", "乙", "dealing"),
    ("甲は、乙に対し、本製品について日本国内における独占的販売権を付与する。", "ja", "甲", "乙", "appointment"),
])
def test_exclusive_dealing_is_its_own_category(rules, text, lang, bound, favours, form):
    finding = _one(rules, text, lang)
    assert finding.dimensions["bound"] == bound
    assert finding.dimensions["form"] == form
    if favours:
        assert finding.favours == favours


@pytest.mark.parametrize("text, lang", [
    ("The Company appoints the Agent as a non-exclusive sales agent for the Products.", "en"),
    ("Nothing in this Agreement prevents the Startup from buying lenses from other suppliers.", "en"),
    ("The Buyer may order the Parts from the Supplier at the prices in Schedule 1.", "en"),
    ("The Licensor grants the Licensee an exclusive licence under the Patents in the Field.", "en"),
    ("乙は、甲を本製品の非独占的な販売店に指定する。", "ja"),
    ("本契約は、乙が第三者から原料を購入することを妨げるものではない。", "ja"),
    ("当該部材は、製造者が一社しかないため、他の製造者から購入することができない。", "ja"),
    ("甲は、乙に対し、本特許の独占的通常実施権を許諾する。", "ja"),
])
def test_non_exclusive_and_free_dealing_pass(rules, text, lang):
    assert not [f for f in _findings(rules, text, lang) if f.category == "exclusive-dealing"]


@pytest.mark.parametrize("text, lang", [
    ("The Startup shall buy all of its cell requirements exclusively from the Company.", "en"),
    ("乙は、本契約期間中、本原料の全量を甲から調達するものとする。", "ja"),
])
def test_exclusive_dealing_is_not_a_non_compete(rules, text, lang):
    categories = [f.category for f in _findings(rules, text, lang)]
    assert "exclusive-dealing" in categories
    assert "non-compete" not in categories


@pytest.mark.parametrize("text, lang", [
    ("The Distributor shall purchase the Products exclusively from the Supplier and shall not "
     "distribute any product that competes with the Products.", "en"),
    # two covenants: the supply tie, and a ban on making like goods for others
    ("The Maker shall sell the Valves only to the Buyer and shall not manufacture valves of a similar "
     "design for any other person.", "en"),
    ("乙は、本製品を甲からのみ購入し、本製品と競合する製品を販売してはならない。", "ja"),
])
def test_exclusive_purchase_with_a_competition_ban_stays_a_non_compete(rules, text, lang):
    assert "non-compete" in [f.category for f in _findings(rules, text, lang)]


_STARTUP_FIRST = [Party(name="株式会社アオバ", alias="甲", role="startup"),
                  Party(name="ミドリ工業株式会社", alias="乙", role="business")]
_STARTUP_EN = [Party(name="Aoba Inc.", alias="Startup", role="startup"),
               Party(name="Midori Corp.", alias="Company", role="business")]


@pytest.mark.parametrize("text, lang, parties, severity", [
    # the startup tied, with no end and no product named: high
    ("甲は、必要とする原材料の全量を乙から購入するものとする。", "ja", _STARTUP_FIRST, "high"),
    ("The Startup shall buy all of its requirements exclusively from the Company.", "en", _STARTUP_EN, "high"),
    # the startup tied, but only for the term and for a defined product: medium
    ("甲は、本契約期間中、本部品を乙からのみ購入するものとする。", "ja", _STARTUP_FIRST, "medium"),
    ("During the Term, the Startup shall buy the Sensor Parts only from the Company.", "en", _STARTUP_EN,
     "medium"),
    # the business company tied: low for the startup
    ("乙は、本契約期間中、本製品を甲からのみ購入するものとする。", "ja", _STARTUP_FIRST, "low"),
    ("The Company shall purchase the Products only from the Startup.", "en", _STARTUP_EN, "low"),
])
def test_severity_turns_on_who_is_tied_and_what_limits_it(rules, text, lang, parties, severity):
    finding = _one(rules, text, lang, parties)
    assert finding.severity == severity


def test_the_rule_is_listed_and_documented():
    from kyoso.checker.engine import describe_rules

    listing = describe_rules("en")
    assert "exclusive-dealing/exclusivity" in listing
    assert "exclusive-dealing/exclusivity" in describe_rules("ja")
    from pathlib import Path

    doc = (Path(__file__).resolve().parent.parent / "docs" / "rules.md").read_text("utf-8")
    assert "exclusive-dealing/exclusivity" in doc
