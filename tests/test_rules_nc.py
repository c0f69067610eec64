"""Non-compete and licence rules: what they read from a clause, in English and Japanese.

Each case is a sentence written for this test; the assertions are on the dimensions
the report shows (who is bound, for how long after the term, over what) and on the
severity the rule gives them.
"""

from __future__ import annotations

import pytest

from kyoso.checker.engine import RuleSet
from kyoso.checker.model import Party


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return RuleSet.load()


def _one(rules: RuleSet, text: str, lang: str, category: str, parties=None):
    if parties is None:
        found = [f for f in rules.check_text(text, lang) if f.category == category]
    else:
        from kyoso.checker.engine import _PlainStructure
        from kyoso.checker.model import Block, SourceText

        source = SourceText(path="<t>", text=text, blocks=[Block(text, 0, len(text))],
                            format="txt", language=lang)
        found = [f for f in rules.check(source, _PlainStructure(), parties, lang)
                 if f.category == category]
    assert len(found) == 1, [f.excerpt for f in found]
    return found[0]


def _none(rules: RuleSet, text: str, lang: str, category: str) -> None:
    found = [f.excerpt for f in rules.check_text(text, lang) if f.category == category]
    assert not found, found


# --- non-compete: duration after the term ------------------------------------------------


@pytest.mark.parametrize("text, lang, months, period", [
    ("The Supplier shall not develop a competing controller during the Term and for three (3) "
     "years after its termination.", "en", 36, "post-term"),
    ("Neither party shall, during the term of this Agreement, develop any product similar to the "
     "Product with a third party.", "en", 0, "term"),
    ("The Reseller agrees, during the term and thereafter, not to sell any product that competes "
     "with the Products.", "en", None, "unlimited"),
    ("甲は、本契約終了後５年間、本製品と競合する製品を製造してはならない。", "ja", 60, "post-term"),
    ("甲は、本契約終了後十八か月間、本製品の類似品を第三者と共同で開発しない。", "ja", 18, "post-term"),
    ("甲及び乙は、本契約の有効期間中、本製品と同種の製品を第三者と共同で開発してはならない。", "ja", 0, "term"),
    ("甲は、期間の定めなく、乙と競合する事業を行ってはならない。", "ja", None, "unlimited"),
    ("For so long as this Agreement remains in force, the Startup shall not sell a competing sensor.",
     "en", 0, "term"),
    ("Until the expiry of this Agreement, the Startup shall not sell a competing sensor.", "en", 0, "term"),
    ("The Startup shall not sell a competing sensor for an unlimited period.", "en", None, "unlimited"),
    ("甲は、本契約が有効に存続する間、本製品と競合する製品を販売してはならない。", "ja", 0, "term"),
    ("甲は、期間の制限なく、本製品と競合する製品を販売してはならない。", "ja", None, "unlimited"),
])
def test_duration_after_the_term(rules, text, lang, months, period):
    finding = _one(rules, text, lang, "non-compete")
    assert finding.dimensions["duration_months"] == months
    assert finding.dimensions["period"] == period


# --- non-compete: scope, bound, severity -------------------------------------------------


@pytest.mark.parametrize("text, lang, scope", [
    ("Each party shall not, during the Term, develop with a third party any product similar to "
     "the Product.", "en", "similar_products"),  # a likeness widens the defined product
    ("Each party shall not, during the Term, develop with a third party any product that "
     "competes with the Joint Product.", "en", "product"),
    ("The Startup shall not engage in any other business during the Term.", "en", "business"),
    ("The Contractor shall not carry out research in the field of battery cells for two years "
     "after the Term.", "en", "business"),
    ("The Startup shall not enter into any collaboration agreement with another manufacturer.",
     "en", "dealing"),
    ("甲は、電池材料の分野において研究開発を行ってはならない。", "ja", "business"),
    ("甲及び乙は、本契約期間中、本製品と類似する製品の研究開発を第三者と共同で行わない。", "ja",
     "similar_products"),
    ("甲及び乙は、本契約期間中、別紙２に定める類似製品の研究開発を第三者と共同で行わない。", "ja", "product"),
    ("甲及び乙は、本契約期間中、本製品と同一の製品の研究開発を第三者と共同で行わない。", "ja", "product"),
])
def test_scope(rules, text, lang, scope):
    assert _one(rules, text, lang, "non-compete").dimensions["scope"] == scope


def test_mutual_during_term_defined_product_is_low(rules):
    for text, lang in [
        ("During the term of this Agreement, neither party shall develop a product that competes "
         "with the Product together with any third party.", "en"),
        ("甲及び乙は、本契約の有効期間中、本製品と競合する製品の開発を第三者と共同で行わない。", "ja"),
    ]:
        finding = _one(rules, text, lang, "non-compete")
        assert finding.dimensions["bound"] == "both"
        assert finding.severity == "low"


def test_one_sided_long_restraint_is_high_and_favours_the_other_party(rules):
    parties = [Party(name="株式会社サンプル", alias="甲"), Party(name="大手工業株式会社", alias="乙"),
               Party(name="相手方", alias="受領者")]  # a role found in the text, not a third side
    finding = _one(rules, "甲は、本契約終了後６０か月間、乙の承諾なく、本製品と競合する製品を開発してはならない。",
                   "ja", "non-compete", parties)
    assert finding.dimensions["bound"] == "甲"
    assert finding.dimensions["duration_months"] == 60
    assert finding.favours == "乙"
    assert finding.severity == "high"


def test_two_years_after_the_term_stays_medium_when_mutual(rules):
    text = ("Neither party shall develop a product similar to the Product with a third party for "
            "twenty-four (24) months after the end of the Term.")
    finding = _one(rules, text, "en", "non-compete")
    assert finding.dimensions["duration_months"] == 24
    assert finding.severity == "medium"


@pytest.mark.parametrize("text, lang", [
    # a carve-out clears its own proviso, not the covenant before it
    ("The Startup shall not develop competing sensors for a third party; provided that nothing "
     "prevents it from publishing its research.", "en"),
    # exclusive dealing stated positively
    # a consequence that polices competition
    ("If the Distributor markets a competing product, the Company may terminate this Agreement.",
     "en"),
    ("甲が本製品と競合する製品を販売したときは、乙は本契約を解除することができる。", "ja"),
    ("甲は、乙以外の自動車メーカーとの間で本件技術に関する共同研究を行わない。", "ja"),
])
def test_restraint_shapes_flagged(rules, text, lang):
    _one(rules, text, lang, "non-compete")


@pytest.mark.parametrize("text, lang", [
    ("The Company may refuse consent to an assignment of this Agreement to a competitor.", "en"),
    ("Each party shall keep records similar to those required by law and shall not destroy them.",
     "en"),
    ("The Supplier shall not be held liable for third parties providing similar services.", "en"),
    ("The Recipient shall not use Confidential Information to develop a competing product.", "en"),
    ("Licensee shall not enter into any agreement with a third party that conflicts with this "
     "Agreement.", "en"),
    ("甲は、乙が第三者との間で本製品と同種の協議を行うことを妨げられない。", "ja"),
    ("甲及び乙は、相手方の秘密情報を類似製品の開発に使用してはならない。", "ja"),
    ("乙は、甲の承諾なく本業務を第三者に再委託してはならない。", "ja"),
    ("甲は、本契約期間中に競合製品を知ったときは、乙に通知する。", "ja"),
])
def test_neighbours_not_flagged(rules, text, lang):
    _none(rules, text, lang, "non-compete")


# --- licences ---------------------------------------------------------------------------


@pytest.mark.parametrize("text, lang, expected", [
    ("The Startup grants the Company a royalty-free, perpetual licence to use the Results for any "
     "purpose.", "en", {"royalty_free": True, "perpetual": True, "unrestricted_scope": True}),
    ("The Startup grants the Company a non-exclusive licence solely to make the Product during the "
     "Term.", "en", {"royalty_free": False, "perpetual": False, "unrestricted_scope": False}),
    ("甲は、乙に対し、本件特許を無償で、期間の定めなく実施することを許諾する。", "ja",
     {"royalty_free": True, "perpetual": True, "unrestricted_scope": True}),
    ("甲は、乙が本件発明を実施することについて、実施料を請求しない。", "ja",
     {"royalty_free": True}),
    ("２　前項の許諾は、無償とし、期間は定めないものとする。", "ja",
     {"royalty_free": True, "perpetual": True, "unrestricted_scope": False}),
    ("甲は、乙に対する本件特許の実施許諾を取り消すことができない。", "ja", {"irrevocable": True}),
])
def test_licence_dimensions(rules, text, lang, expected):
    finding = _one(rules, text, lang, "unlimited-license")
    for key, value in expected.items():
        assert finding.dimensions[key] == value, key


def test_licensee_is_the_party_granted_to_not_the_owner(rules):
    text = "当該権利は乙に帰属し、乙は、甲に対し、当該権利について無償で通常実施権を許諾する。"
    assert _one(rules, text, "ja", "unlimited-license").dimensions["licensee"] == "甲"


def test_free_perpetual_unrestricted_licence_is_high(rules):
    text = "甲は、乙に対し、本技術を、全世界において、目的を問わず、無償かつ永久に実施する権利を許諾する。"
    assert _one(rules, text, "ja", "unlimited-license").severity == "high"


# --- lists: the covenant in the lead-in, its object in the items -----------------------


def _document(rules: RuleSet, text: str, lang: str):
    from kyoso.checker.engine import _PlainStructure
    from kyoso.checker.model import Block, SourceText

    blocks, start = [], 0
    for line in text.split("\n"):
        blocks.append(Block(line, start, start + len(line)))
        start += len(line) + 1
    source = SourceText(path="<t>", text=text, blocks=blocks, format="txt", language=lang)
    return [f for f in rules.check(source, _PlainStructure(), [], lang) if f.category == "non-compete"]


@pytest.mark.parametrize("text, lang, months", [
    ("The Startup shall not, during the Term and for three (3) years after its termination:\n"
     "(a) develop any product that competes with the Product;\n"
     "(b) invest in a competitor of the Company; or\n"
     "(c) publish the Results without notice.", "en", 36),
    ("甲は、本契約終了後３年間、乙の承諾なく、次の各号に掲げる行為をしてはならない。\n"
     "（１）本製品と競合する製品の開発\n（２）第三者との共同研究\n（３）本件成果の公表", "ja", 36),
])
def test_list_items_read_with_their_lead_in_once(rules, text, lang, months):
    found = _document(rules, text, lang)
    assert len(found) == 1, [f.excerpt for f in found]  # one finding per list, not per item
    assert found[0].dimensions["duration_months"] == months
    assert found[0].excerpt.startswith(("(a)", "（１）"))


def test_list_without_a_restraint_in_its_lead_in_is_not_flagged(rules):
    text = ("The Startup shall:\n(a) keep records similar to those of the Company;\n"
            "(b) send them to the Company each quarter.")
    assert _document(rules, text, "en") == []


# --- non-compete: lists, likeness, dealing around the other party -------------------------


@pytest.mark.parametrize("text, lang, months, scope", [
    # a non-solicit item clears only itself, not the non-compete item before it
    ("For one year after the termination of this Agreement, the Engineer shall not (a) be "
     "engaged in any business that competes with the Company, or (b) solicit any employee of "
     "the Company.", "en", 12, "business"),
    ("甲は、本契約終了後１年間、（１）本製品と競合する製品の製造、（２）乙の従業員の引抜きを"
     "行ってはならない。", "ja", 12, "product"),
])
def test_list_item_exclusion_is_local(rules, text, lang, months, scope):
    finding = _one(rules, text, lang, "non-compete")
    assert finding.dimensions["duration_months"] == months
    assert finding.dimensions["scope"] == scope


@pytest.mark.parametrize("text, lang", [
    ("During the Term the Vendor shall not (a) disclose any Confidential Information to a "
     "competitor, or (b) solicit any employee of the Buyer.", "en"),
    ("甲は、（１）乙の秘密情報の第三者への開示、（２）乙の従業員の勧誘を行ってはならない。", "ja"),
])
def test_list_of_excluded_items_passes(rules, text, lang):
    _none(rules, text, lang, "non-compete")


def test_lead_in_sentence_inside_a_paragraph(rules):
    text = ("During the Term the Franchisee will not, directly or indirectly: 4.1. own or manage "
            "any business that sells goods substantially similar to the Franchisor's goods; or "
            "4.2. divert any customer to another shop.")
    finding = _one(rules, text, "en", "non-compete")
    assert finding.dimensions["bound"] == "Franchisee"
    assert finding.dimensions["scope"] == "business"


@pytest.mark.parametrize("text, lang", [
    ("The Vendor shall not charge the Buyer more than it charges other buyers for similar "
     "services.", "en"),
    ("The Borrower shall not alter the studio so that it becomes unsuitable for similar recordings.",
     "en"),
    ("乙は、甲に対し、他の顧客に提供する類似のサービスよりも高い料金を請求しないものとする。", "ja"),
    ("甲は、乙が自ら又は第三者をして本件発明を実施することを認めるものとし、その対価は発生しない"
     "ものとする。", "ja"),
])
def test_likeness_without_a_restrained_activity_passes(rules, text, lang):
    _none(rules, text, lang, "non-compete")


@pytest.mark.parametrize("text, lang, months, scope", [
    ("For two years after the expiration of this Agreement, the Broker shall not deal directly "
     "with any grower introduced to it by the Trader.", "en", 24, "dealing"),
    ("乙は、本契約終了後２年間、甲から紹介を受けた生産者と直接取引してはならない。", "ja", 24, "dealing"),
    ("For three years after the termination of this Agreement, the Contractor undertakes not to "
     "build the Module on its own account.", "en", 36, "dealing"),
])
def test_dealing_around_the_other_party(rules, text, lang, months, scope):
    finding = _one(rules, text, lang, "non-compete")
    assert finding.dimensions["duration_months"] == months
    assert finding.dimensions["period"] == "post-term"
    assert finding.dimensions["scope"] == scope


@pytest.mark.parametrize("text, lang, bound, territory", [
    ("For three years after closing, the Seller agrees not to open or operate a bakery within a "
     "five (5) mile radius of the Premises.", "en", "Seller", "within a five (5) mile"),
    ("売主は、譲渡日から３年間、本店舗から半径５キロメートル以内において菓子店を出店してはならない。",
     "ja", "売主", "半径5キロメートル以内"),  # read from the NFKC-folded text
])
def test_radius_around_a_site(rules, text, lang, bound, territory):
    finding = _one(rules, text, lang, "non-compete")
    assert finding.dimensions["bound"] == bound
    assert finding.dimensions["territory"] == territory
    assert finding.dimensions["duration_months"] == 36
    assert finding.dimensions["scope"] == "business"


@pytest.mark.parametrize("text, lang", [
    ("The Adviser shall not owe any fiduciary duty to the Fund and shall be able to pursue for "
     "its own account such ventures as it may choose.", "en"),
    ("The Supplier shall offer the Buyer prices no less favourable than those offered to any "
     "other customer for similar volumes.", "en"),
])
def test_freedoms_and_price_terms_pass(rules, text, lang):
    _none(rules, text, lang, "non-compete")


def test_competing_business_in_japanese_is_business_scope(rules):
    finding = _one(rules, "受託者は、本契約終了後１年間、委託者と競合する事業を行ってはならない。", "ja",
                   "non-compete")
    assert finding.dimensions["bound"] == "受託者"
    assert finding.dimensions["scope"] == "business"
    assert finding.dimensions["duration_months"] == 12


@pytest.mark.parametrize("text, lang, form, bound", [  # exclusive dealing: tests/test_exclusive_dealing.py
    ("Should the Reseller sell a competing printer to any customer, the Maker may terminate this "
     "Agreement.", "en", "consequence", None),
    ("販売店が競合するプリンターを顧客に販売した場合、メーカーは本契約を解除することができる。", "ja",
     "consequence", None),
])
def test_exclusive_dealing_and_consequence_forms(rules, text, lang, form, bound):
    finding = _one(rules, text, lang, "non-compete")
    assert finding.dimensions["form"] == form
    if bound:
        assert finding.dimensions["bound"] == bound


def _document(rules: RuleSet, text: str, lang: str):
    """The text as one block per line, as a reader of a PDF-made text file gives it."""
    from kyoso.checker.engine import _PlainStructure
    from kyoso.checker.model import Block, SourceText

    blocks, start = [], 0
    for line in text.split("\n"):
        blocks.append(Block(text=line, start=start, end=start + len(line)))
        start += len(line) + 1
    source = SourceText(path="<t>", text=text, blocks=blocks, format="txt", language=lang)
    return [f for f in rules.check(source, _PlainStructure(), [], lang) if f.category == "non-compete"]


def test_sentence_cut_by_a_page_break_is_read_whole(rules):
    body = ("7.2 During the two years after the Closing, the Seller shall not offer to any customer "
            "a hosted service that is based on the software sold to the Buyer under the Purchase "
            "Agreement and that is, in any respect,")
    text = f"{body}\n\n- 12 -\nACME HOLDINGS, FORM 8-K\n\nsimilar to the Joint Service.\n\nNext clause."
    found = _document(rules, text, "en")
    assert len(found) == 1, [f.excerpt for f in found]
    assert found[0].excerpt.startswith("similar to the Joint Service")
    # a finished sentence does not carry over to the next paragraph
    finished = text.replace("in any respect,", "in any respect, new.")
    assert not _document(rules, finished, "en")


@pytest.mark.parametrize("text, lang, flagged", [
    ("The Adviser does not presently intend to provide consulting services to any company whose "
     "products are competitive with the Client's products.", "en", True),
    ("乙は、本契約期間中、甲と競合する企業のためにコンサルティング業務を行う意図を有しないことを表明する。",
     "ja", True),
    ("At the Client's request, the Agency shall discontinue any banner that is competitive with "
     "the Client's business.", "en", True),
    ("乙は、甲の求めがあったときは、甲の事業と競合する広告の掲載を直ちに中止する。", "ja", True),
    # a right that ends is not a duty to stop competing
    ("On termination the Reseller's right to sell competing accessories bundled with the Device "
     "shall immediately cease, and each party shall return the other's materials.", "en", False),
])
def test_stated_intention_and_duty_to_stop(rules, text, lang, flagged):
    found = [f for f in rules.check_text(text, lang) if f.category == "non-compete"]
    assert bool(found) == flagged, [f.excerpt for f in found]


def test_lower_case_you_is_the_bound_party(rules):
    text = ("Accordingly, you covenant that, except as otherwise approved by us, you will not, for "
            "two years after the termination of this Agreement, own any competing restaurant.")
    finding = _one(rules, text, "en", "non-compete")
    assert finding.dimensions["bound"] == "You"
    assert finding.dimensions["duration_months"] == 24


@pytest.mark.parametrize("text, lang, flagged", [
    ("The Startup shall not outsource the manufacture of the Products to anyone other than the "
     "Company.", "en", True),
    ("乙は、本件成果を利用した製品の製造を、甲以外の者に委託してはならない。", "ja", True),
    ("The Supplier shall not subcontract the manufacture of the Products to any third party.", "en",
     False),
    ("乙は、本業務の全部又は一部を第三者に再委託してはならない。", "ja", False),
    # duties to act ("must", 「しなければならない」) are not restraints
    ("When the Distributor sells the Products to a third party, it must report the quantities to "
     "the Company.", "en", False),
    ("乙は、本製品を第三者に販売したときは、販売数量を甲に報告しなければならない。", "ja", False),
    ("乙は、本製品を第三者に販売した場合、その数量を甲に報告しなくてはならない。", "ja", False),
])
def test_outsourcing_to_anyone_but_the_other_party(rules, text, lang, flagged):
    found = [f for f in rules.check_text(text, lang) if f.category == "non-compete"]
    assert bool(found) == flagged, [f.excerpt for f in found]


def test_lead_in_sentence_ends_with_its_list(rules):
    # the list ends at the first item closed by a full stop; what follows is not an item
    _none(rules, "The Licensee shall not: assign this Agreement. The Licensee may develop similar "
                 "products for its own customers.", "en", "non-compete")


@pytest.mark.parametrize("text, lang, flagged", [
    ("For purposes of this Agreement, Cause includes the Employee engaging in any business that "
     "competes with the Company.", "en", True),
    ("本条における解除事由には、乙が甲の製品と競合する製品を販売することを含む。", "ja", True),
    # a ground that only refers to a covenant made elsewhere is not the covenant
    ("\"Cause\" means the Executive's conviction of a felony or a material breach of the "
     "non-competition covenant in Section 8.", "en", False),
])
def test_termination_grounds_defined_as_competing(rules, text, lang, flagged):
    found = [f for f in rules.check_text(text, lang) if f.category == "non-compete"]
    assert bool(found) == flagged, [f.excerpt for f in found]
    if flagged:
        assert found[0].dimensions["form"] == "consequence"


# --- severity grid: who is bound x how long x over what (Table B row 6) ---------------------

_GRID_BOUND = {
    "en": {"mutual": ["Neither party shall, {p}, {s}.", "Each party agrees that, {p}, it will not {s}.",
                      "The Company and the Startup shall not, {p}, {s}."],
           "one-sided": ["The Startup shall not, {p}, {s}.", "Supplier agrees that, {p}, it will not {s}."]},
    "ja": {"mutual": ["甲及び乙は、{p}、{s}", "各当事者は、{p}、{s}", "両当事者は、{p}、{s}"],
           "one-sided": ["甲は、{p}、{s}", "受託者は、{p}、{s}"]},
}
_GRID_PERIOD = {
    "en": {"term": "during the Term", "post-12": "during the Term and for twelve (12) months thereafter",
           "post-36": "for three (3) years after the termination of this Agreement",
           "unlimited": "during the Term and at any time thereafter"},
    "ja": {"term": "本契約の有効期間中", "post-12": "本契約の有効期間中及び終了後１年間",
           "post-36": "本契約終了後３年間", "unlimited": "本契約の終了後も期間の定めなく"},
}
_GRID_SCOPE = {
    "en": {"product": "develop with any third party a product that competes with the Product",
           "similar": "develop with any third party a product similar to the Product",
           "business": "engage in any business that competes with the other party"},
    "ja": {"product": "本製品と同一の製品を第三者と共同して開発してはならない。",
           "similar": "本製品と類似する製品を第三者と共同して開発してはならない。",
           "business": "本製品と競合する事業を行ってはならない。"},
}


def _grid_severity(bound: str, period: str, scope: str) -> str:
    if bound == "one-sided" or period in ("post-36", "unlimited") or scope == "business":
        return "high"
    if period == "term" and scope == "product":
        return "low"
    return "medium"  # mutual, and either a post-term tail of at most 24 months or "similar"


@pytest.mark.parametrize("lang, bound, period, scope", [
    (lang, bound, period, scope)
    for lang in ("en", "ja") for bound in ("mutual", "one-sided")
    for period in ("term", "post-12", "post-36", "unlimited") for scope in ("product", "similar", "business")
])
def test_severity_grid(rules, lang, bound, period, scope):
    months = {"term": 0, "post-12": 12, "post-36": 36, "unlimited": None}[period]
    for template in _GRID_BOUND[lang][bound]:
        text = template.format(p=_GRID_PERIOD[lang][period], s=_GRID_SCOPE[lang][scope])
        finding = _one(rules, text, lang, "non-compete")
        dims = finding.dimensions
        assert (dims["bound"] == "both") == (bound == "mutual"), text
        assert dims["duration_months"] == months, text
        assert dims["scope"] == {"similar": "similar_products"}.get(scope, scope), text
        assert finding.severity == _grid_severity(bound, period, scope), text


@pytest.mark.parametrize("text, lang, bound", [
    # mutual wording is the subject, not any mention of both parties before the verb
    ("Neither the Startup nor the Company shall develop a competing sensor during the Term.", "en", "both"),
    ("The Startup shall not, without the consent of both parties, develop a competing sensor.", "en",
     "Startup"),
    ("The parties agree that the Startup shall not develop a competing sensor.", "en", "Startup"),
    ("The Startup shall not develop a competing sensor, and the same applies to the Company.", "en", "both"),
    ("乙は、甲乙が別途合意する場合を除き、本製品と競合する製品を開発してはならない。", "ja", "乙"),
    ("甲及び乙のいずれも、本製品と競合する製品を開発してはならない。", "ja", "both"),
    ("甲は、本製品と競合する製品を開発してはならず、乙も同様とする。", "ja", "both"),
    ("Article 9 Exclusivity\nManufacturer shall not make competing pumps for any other person.", "en",
     "Manufacturer"),
    ("Licensee and its Sublicensees shall not sell any competing compound during the Term.", "en",
     "Licensee"),
])
def test_bound_reads_the_subject(rules, text, lang, bound):
    assert _one(rules, text, lang, "non-compete").dimensions["bound"] == bound


@pytest.mark.parametrize("text, lang, parties, bound, favours", [
    # an exclusive purchase binds the buyer and serves the seller
    ("Distributor shall purchase the Products exclusively from Supplier and shall not distribute any "
     "product that competes with the Products.", "en",
     [Party(name="Nordwind GmbH", alias="Supplier"), Party(name="Bay Trade Ltd", alias="Distributor")],
     "Distributor", "Supplier"),
    ("弊社は、御社以外の企業と共同開発を行わないものとします。", "ja", [], "弊社", "御社"),
    # read alone: whose consent is needed, or the bound side's counterpart
    ("受託者は、委託者の書面による事前の承諾なく、競合製品を開発してはならない。", "ja", [], "受託者", "委託者"),
    ("ライセンシーは、本契約の有効期間中、競合製品を販売してはならない。", "ja", [], "ライセンシー", "ライセンサー"),
    ("The Licensee shall not sell any competing compound during the Term.", "en", [], "Licensee", "Licensor"),
    ("Seller and Buyer shall not develop a competing sensor with any third party.", "en", [], "both", None),
])
def test_favours_the_party_not_bound(rules, text, lang, parties, bound, favours):
    finding = _one(rules, text, lang, "non-compete", parties or None)
    assert finding.dimensions["bound"] == bound
    assert finding.favours == favours


@pytest.mark.parametrize("text, lang, form", [
    ("The Vendor shall not sell the Custom Housings, or any part made to the Buyer's drawings, to any "
     "third party.", "en", "covenant"),
    ("乙は、本製品と競合する製品を販売してはなりません。", "ja", "covenant"),
    ("当社は、本契約終了後１年間、貴社以外の者との間で同様の実証を行いません。", "ja", "covenant"),
])
def test_exclusive_supply_and_polite_forms_flagged(rules, text, lang, form):
    assert _one(rules, text, lang, "non-compete").dimensions["form"] == form


@pytest.mark.parametrize("text, lang", [
    ("乙は、本製品を第三者に販売したときは、その数量を甲に報告しなければなりません。", "ja"),
    ("本契約は、甲が独自に類似製品を開発することを妨げるものではありません。", "ja"),
    ("当該原料は、供給元が一社に限られるため、他の供給者から購入することができません。", "ja"),
    ("The Licensee shall not be required to obtain the resin from any other source.", "en"),
    ("The Buyer's claim shall not be reduced by any sum it obtains from any third party.", "en"),
    ("The Seller shall not sell the Shares to any third party before the Closing.", "en"),
])
def test_polite_duties_and_transfers_pass(rules, text, lang):
    _none(rules, text, lang, "non-compete")


def test_business_company_bound_during_the_term_is_low_when_roles_are_known(rules):
    parties = [Party(name="株式会社サンプル", alias="甲", role="startup"),
               Party(name="大手工業株式会社", alias="乙", role="business")]
    text = "乙は、本契約の有効期間中、本製品と競合する製品を第三者と共同して開発してはならない。"
    finding = _one(rules, text, "ja", "non-compete", parties)
    assert finding.dimensions["bound_role"] == "business"
    assert finding.favours == "甲"
    assert finding.severity == "low"
    after = _one(rules, text.replace("本契約の有効期間中", "本契約終了後３年間"), "ja", "non-compete", parties)
    assert after.severity == "high"


@pytest.mark.parametrize("text, lang, bound, period, months", [
    # 文語調: the old statutory negatives read like the modern ones
    ("乙ハ本契約終了後三年間、本装置ト競合スル装置ヲ製造スルコトヲ得ズ。", "ja", "乙", "post-term", 36),
    ("甲ハ本契約ノ存続中、本製品ト類似ノ製品ヲ販売スベカラズ。", "ja", "甲", "term", 0),
    # a freedom a proviso in the next sentence takes back for a period after the term
    ("乙は、本件分野の研究開発を自由に行うことができる。ただし、本契約終了後一年間は、この限りでない。",
     "ja", "乙", "post-term", 12),
    ("The Developer may freely develop sensors in the Field. Provided, however, that this shall not "
     "apply to sensors that compete with the Device during the Term.", "en", "Developer", "term", 0),
])
def test_old_style_negatives_and_reversed_freedoms(rules, text, lang, bound, period, months):
    finding = _one(rules, text, lang, "non-compete")
    assert finding.dimensions["bound"] == bound
    assert finding.dimensions["period"] == period
    assert finding.dimensions["duration_months"] == months


@pytest.mark.parametrize("text, lang", [
    ("乙は、本件技術を応用した装置の開発を第三者に委託してはならない。", "ja"),
    ("甲は、乙の顧客に対し、本件製品と競合する製品の購入を勧誘しないものとする。", "ja"),
    ("販売店は、本製品と同種の商品を取り扱わないものとする。", "ja"),
    ("The Reseller shall not engage another vendor to build devices incorporating the Licensed Technology.", "en"),
    ("The Licensee shall not sell any kit that is capable of replacing the Licensed Kit.", "en"),
])
def test_commissioning_soliciting_handling_and_substitutes_flagged(rules, text, lang):
    _one(rules, text, lang, "non-compete")


@pytest.mark.parametrize("text, lang", [
    # no-subcontracting of the contract's own work, staff solicitation, a reversed duty
    ("乙は、本件業務の開発を第三者に委託してはならない。", "ja"),
    ("乙は、甲の研究者に対し、退職を勧誘してはならない。", "ja"),
    ("乙は、毎月の販売数量を甲に報告する。ただし、競合製品の販売数量については、この限りでない。", "ja"),
    ("The Vendor shall not engage a third party to build the Deliverables.", "en"),
    ("The Vendor is free to develop software in the Field; provided that it gives notice of each release.", "en"),
])
def test_subcontracting_staff_and_reversed_duties_pass(rules, text, lang):
    _none(rules, text, lang, "non-compete")


def test_bulleted_items_take_who_and_how_long_from_their_lead_in(tmp_path):
    """A covenant laid out as a lead-in paragraph and bulleted items: each item is read
    with its lead-in, so the finding knows the party bound and the period."""
    from kyoso.checker.api import check_document

    path = tmp_path / "sale.txt"
    path.write_text(
        'This Agreement is made between Alder Tools Inc. ("Buyer") and Birch Works LLC ("Seller").\n\n'
        "7. Non-Competition.\n\n"
        "During the twelve months after the Closing, the Seller agrees:\n\n"
        "• not to engage in any Competing Business;\n\n"
        "• not to act as an officer of a Competitor.\n", encoding="utf-8")
    found = [f for f in check_document(path, RuleSet.load()).findings if f.category == "non-compete"]
    assert found
    for finding in found:
        assert finding.dimensions["bound"] == "Seller"
        assert finding.dimensions["period"] != "unspecified"
