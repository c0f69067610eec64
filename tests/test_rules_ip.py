"""ip-assignment: who ends up owning what, read from the sentence (examples written here).

The rule file's own flag/pass examples run in test_rules.py; these tests pin the
behaviour the examples cannot show: recipient, severity, one finding per paragraph,
and Japanese sentences cut inside brackets.
"""

import pytest

from kyoso.checker import nlp
from kyoso.checker.engine import RuleSet

RULES = RuleSet.load()


def _ip(text: str, lang: str):
    return [f for f in RULES.check_text(text, lang) if f.category == "ip-assignment"]


@pytest.mark.parametrize("text, lang, favours", [
    ("Every prototype design made under this Agreement shall be owned solely by Corvane.", "en", "Corvane"),
    ("As between Pella and Rusk, Rusk shall own all rights in the calibration data Pella produces.",
     "en", "Rusk"),
    ("甲が本件業務で作成した報告書の著作権は、乙に帰属する。", "ja", "乙"),
    # the relative clause names the present holder; the verb names the recipient
    ("本契約が終了したときは、甲に帰属する本件特許の持分は、終了と同時に乙に移転する。", "ja", "乙"),
    ("乙は、甲に対し、本件特許権の持分の譲渡を求めることができる。", "ja", "乙"),
    # names that open in lower case or carry a dot, and a verb paired with "own"
    ("Every sample data set generated in the trial shall belong solely to eNova.", "en", "eNova"),
    ("Any design mock-ups prepared during the pilot shall be owned by Fieldly.io.", "en", "Fieldly.io"),
    ("Harlow shall register and own the domain names created for the joint campaign.", "en", "Harlow"),
    ("The Maker has appointed the Buyer the copyright holder of the user manual.", "en", "Buyer"),
    # an option to buy the other's share names the buyer
    ("乙は、甲に対し別途定める対価を支払って、本件特許権の甲の持分の譲渡を受けることができる。", "ja", "乙"),
    # a status confirmed for things the other side makes in the deal is a transfer
    ("Every software tool that Vendor develops for the Kiosks is and shall remain the property of Client.",
     "en", "Client"),
    ("販売店が本件ソフトウェアについて作成した改変部分の著作権は、引き続きメーカーに帰属する。", "ja", "メーカー"),
    # rights that pass by themselves, and the fallback after a work made for hire
    ("On acceptance, ownership of every design shall pass to Ardent.", "en", "Ardent"),
    ("報告書の著作権は、検収の時に乙から甲に移る。", "ja", "甲"),
    ("Where a Deliverable is not a work made for hire, Quill hereby assigns it to Larch.", "en", "Larch"),
])
def test_allocation_names_the_recipient(text, lang, favours):
    found = _ip(text, lang)
    assert len(found) == 1 and found[0].favours == favours


@pytest.mark.parametrize("text, lang", [
    # the maker or holder keeps it
    ("Any tooling developed by Marlow remains the property of Marlow.", "en"),
    ("Rights in inventions made solely by employees of Tessan shall belong solely to Tessan.", "en"),
    ("甲が単独でなした発明は甲に帰属し、乙はその実施について甲と協議する。", "ja"),
    ("甲が単独で行った発明は甲に、乙が単独で行った発明は乙に帰属する。", "ja"),
    ("Inventions made solely by employees of eNova shall belong solely to eNova.", "en"),
    ("Reports prepared by Party A and the data in them shall be owned by Party A.", "en"),
    # an exclusion in one clause does not reach past a new clause with its own subject,
    # but still covers its own clause
    ("Title to the kiosks shall vest in Oakum, and Oakum shall insure the kiosk hardware.", "en"),
    # an owner's status confirmed, with nothing made in this deal
    ("Licensee acknowledges that the Licensed Patents and all improvements to them are and shall "
     "remain the property of Licensor.", "en"),
    ("代理店は、本件商標及びその改良に係る権利が引き続きメーカーに帰属することを確認する。", "ja"),
    # the contractor keeps what it writes
    ("成果物の著作権は、受託者に帰属する。", "ja"),
    # not IP changing hands
    ("Contractor may assign its rights to payment under this Agreement to its bank.", "en"),
    ("Nothing in this Agreement, nor any disclosure of samples by either party before or after "
     "signature, shall operate to license or transfer to the recipient any right, title or interest "
     "in the samples.", "en"),
    ("本契約のいかなる規定も、甲の特許権を乙に移転するものと解釈してはならない。", "ja"),
])
def test_not_an_assignment(text, lang):
    assert _ip(text, lang) == []


def test_free_transfer_of_background_is_high():
    found = _ip("Startup shall assign its background patents on the sensor to Kelvar free of charge.", "en")
    assert found and found[0].severity == "high"


def test_insolvency_transfer_is_reported_low():
    """The model JDA keeps an insolvency safeguard: reported, not ranked with an imposed grab."""
    found = _ip("甲について破産手続開始の申立てがあったときは、乙は、本件特許権を乙に無償で譲渡するよう"
                "甲に請求することができる。", "ja")
    assert found and found[0].severity == "low"


def test_one_finding_for_one_allocation_said_twice():
    text = ("本発明に係る知的財産権は、乙に単独で帰属する。甲は、本発明に係る自己の持分"
            "（特許を受ける権利を含む。）を、その発生と同時に乙に譲渡する。")
    assert len(_ip(text, "ja")) == 1


def test_japanese_sentence_cut_inside_brackets_is_joined():
    text = "甲が作成した図面の著作権（試作段階のものを含む。）は、乙に帰属する。次の文である。"
    spans = [text[a:b] for a, b in nlp.sentences(text, "ja")]
    assert spans == ["甲が作成した図面の著作権（試作段階のものを含む。）は、乙に帰属する。", "次の文である。"]
    assert len(_ip(text, "ja")) == 1


def test_heading_before_a_sentence_is_not_joined():
    spans = nlp.sentences("第３条（成果）\n本件成果は甲に帰属する。", "ja")
    assert len(spans) == 1  # one paragraph, one sentence, as before the bracket join


def test_new_clause_after_an_excluded_phrase_is_read_on_its_own():
    text = ("All goodwill from the Vesta marks shall inure to Vesta, and Colt hereby assigns to "
            "Vesta any rights in those marks that Colt may hold.")
    found = _ip(text, "en")
    assert len(found) == 1 and found[0].favours == "Vesta"


def test_contractor_that_passes_its_rights_on_is_still_an_assignment():
    text = "成果物の著作権は受託者に帰属し、受託者は検収の時にこれを委託者に譲渡する。"
    found = _ip(text, "ja")
    assert len(found) == 1 and found[0].favours == "委託者"


def test_branch_of_a_sentence_is_not_cleared_by_the_other_branch():
    text = "乙が開発費の全額を負担したときは本件成果は乙に帰属し、一部を負担したときは甲乙の共有とする。"
    assert [f.favours for f in _ip(text, "ja")] == ["乙"]


def test_contractor_that_vests_then_assigns_favours_the_client():
    text = ("Title to the Work Product shall vest in the Developer upon creation and the Developer "
            "hereby assigns it to Client.")
    found = _ip(text, "en")
    assert len(found) == 1 and found[0].favours == "Client"
