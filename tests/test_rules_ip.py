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
    # the owner or taker as the subject: "X owns all …", 「会社が…取得する」, 「甲は…一切の…を保有する」
    ("The Sponsor owns all intellectual property in the study results, whoever created it.", "en", "Sponsor"),
    ("職務上の発明については、その完成の時に、会社が特許を受ける権利を取得する。", "ja", "会社"),
    ("甲は、その創作者が誰であるかにかかわらず、本件成果に係る一切の知的財産権を保有する。", "ja", "甲"),
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
    # a name with "of" in it; aliases other than 甲乙 (当社, a bracketed defined name)
    ("All Deliverables shall be the property of Bank of Ardmore.", "en", "Bank of Ardmore"),
    ("本検証で生成された学習済みモデルに関する一切の権利は、当社に帰属します。", "ja", "当社"),
    ("テクノ社は、本件共同発明に係る自己の持分を、東邦精機株式会社（以下「東邦精機」という。）に譲渡する。",
     "ja", "東邦精機"),
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


@pytest.mark.parametrize("text, lang, severity", [
    # the model JDA's own safeguard: a transfer the other side may request on insolvency
    ("甲について破産手続開始の申立てがあったときは、乙は、本件特許権を乙に無償で譲渡するよう"
     "甲に請求することができる。", "ja", "low"),
    ("If Startup becomes insolvent, Corvel may require Startup to assign the Joint Patents to Corvel.",
     "en", "low"),
    # an automatic transfer on insolvency goes further than the model: a conditional transfer
    ("甲について破産手続開始の申立てがあったときは、本件特許権は当然に乙に移転する。", "ja", "medium"),
    ("If Startup becomes insolvent, all rights in the Joint Patents shall automatically transfer to Corvel.",
     "en", "medium"),
])
def test_insolvency_transfers(text, lang, severity):
    found = _ip(text, lang)
    assert found and found[0].severity == severity


# The labelling guide (benchmarks/data/README.md), read without knowing which side is the
# startup: high for background or improvements swept in, ownership regardless of the maker,
# a free transfer, or all results/deliverables; medium for joint results only, conditional
# transfers, assign-back to a licensor and a bare transfer; low for a stated price or a split
# by field. None: each party keeps what it makes, and co-ownership.
SEVERITY_GRID = [
    # background
    ("Startup shall assign to Kelvar its background patents on the sensor.", "en", "high", "Kelvar"),
    ("甲は、乙に対し、甲のバックグラウンド特許を譲渡する。", "ja", "high", "乙"),
    # all deliverables / what the other side makes
    ("All deliverables that Quorn prepares under this Agreement shall be the sole property of Pinecrest.",
     "en", "high", "Pinecrest"),
    ("甲が本件業務で作成した成果物の著作権は、乙に帰属する。", "ja", "high", "乙"),
    # regardless of who made it
    ("All inventions conceived by either party, solely or jointly, shall be owned by Harlan.", "en", "high", "Harlan"),
    ("甲乙いずれが創出したかを問わず、本研究の成果は乙に帰属する。", "ja", "high", "乙"),
    # for free
    ("Vantor shall transfer to Mallory its patent for the valve free of charge.", "en", "high", "Mallory"),
    ("甲は、本件特許権を乙に無償で譲渡する。", "ja", "high", "乙"),
    # joint results only, even when free
    ("Inventions made jointly by the parties shall belong solely to Hartwell.", "en", "medium", "Hartwell"),
    ("甲及び乙が共同でなした発明に係る甲の持分は、乙に無償で譲渡する。", "ja", "medium", "乙"),
    # conditional: insolvency, termination, full payment of the fees
    ("If Vantor becomes insolvent, its rights in the Sensor Patents shall transfer to Mallory.", "en", "medium", "Mallory"),
    ("甲について破産手続開始の申立てがあったときは、本件特許権は乙に移転する。", "ja", "medium", "乙"),
    ("Upon payment in full of the Fees, ownership of the Custom Software passes to Client.", "en", "medium", "Client"),
    ("本契約が解除されたときは、本件特許権は甲から乙に移転する。", "ja", "medium", "乙"),
    # a change-of-control buy-out: conditional before paid
    ("Calder may purchase all of Fenwick's rights in the Sensor Patents if Fenwick undergoes a change of control.",
     "en", "medium", "Calder"),
    ("甲について支配権の異動があったときは、乙は、本件特許権を甲から相当の対価で買い取ることができる。", "ja", "medium", "乙"),
    # a stated price
    ("Vantor shall assign the Sensor Patents to Mallory against payment of a purchase price of USD 50,000.",
     "en", "low", "Mallory"),
    ("甲は、乙が金五百万円を支払うことを条件に、本件特許権を乙に譲渡する。", "ja", "low", "乙"),
    # the fee named as the transfer's price: paying it in full is the price paid, not a condition
    ("Copyright in the training manuals (including the right to adapt them; the same applies below) passes "
     "from Wexley to Brannock, in return for the Fee, when Brannock has paid the Fee in full.", "en", "low", "Brannock"),
    ("本件マニュアルの著作権は、本件報酬をその移転の対価として、乙が本件報酬の全額を支払った時に甲から乙に移転する。",
     "ja", "low", "乙"),
    # assign-back of a licensee's improvements
    ("Licensee shall assign to Licensor every improvement it makes to the Licensed Process.", "en", "medium", "Licensor"),
    ("ライセンシーは、本件技術の改良に係る特許を受ける権利をライセンサーに譲渡する。", "ja", "medium", "ライセンサー"),
    # split by field
    ("Results relating to coatings shall be owned by Arden, and results relating to sensors by Belmont.",
     "en", "low", "Arden"),
    ("本研究の成果のうち、材料に関するものは甲に、装置に関するものは乙に、それぞれ帰属する。", "ja", "low", None),
    # a bare transfer of a named right
    ("Vantor hereby assigns to Mallory the Sensor Patents.", "en", "medium", "Mallory"),
    ("甲は、本件特許権を乙に譲渡する。", "ja", "medium", "乙"),
    # each keeps what it makes; co-ownership
    ("Each party shall own the inventions its own employees make.", "en", None, None),
    ("各当事者が単独でなした発明は、当該当事者に帰属する。", "ja", None, None),
    ("Joint inventions shall be jointly owned by the parties.", "en", None, None),
    ("甲及び乙が共同でなした発明は、甲乙の共有とする。", "ja", None, None),
]


@pytest.mark.parametrize("text, lang, severity, favours", SEVERITY_GRID)
def test_severity_grid(text, lang, severity, favours):
    found = _ip(text, lang)
    if severity is None:
        assert found == []
    else:
        assert len(found) == 1
        assert (found[0].severity, found[0].favours) == (severity, favours)


@pytest.mark.parametrize("text", [
    "本契約は、当社のノウハウを貴社に移転するものではありません。",
    "本検証の成果に係る権利は、貴社に帰属しないものとします。",
    "当社は、貴社の特許権を譲り受けることはできません。",
    "本件成果物の著作権は、貴社に移りません。",
])
def test_polite_negatives_read_as_negations(text):
    assert _ip(text, "ja") == []


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


@pytest.mark.parametrize("text, favours, severity", [
    # 文語調: the same reading as the modern wording, with the recipient and the dimensions
    ("本共同研究ヨリ生ジタル考案ニ係ル権利ハ、考案者ノ何レナルカヲ問ハズ、総テ甲ニ帰属スベシ。", "甲", "high"),
    ("乙ガ本件業務ニ依リ作成シタル報告書ノ著作権ハ、甲ニ帰属ス。", "甲", "high"),
])
def test_old_style_katakana_reads_like_modern(text, favours, severity):
    found = _ip(text, "ja")
    assert len(found) == 1 and found[0].favours == favours and found[0].severity == severity


@pytest.mark.parametrize("text, lang", [
    ("Designs that the Reseller prepares shall be owned by the Reseller.", "en"),
    ("代理店が作成した販促資料の著作権は、代理店に帰属する。", "ja"),
    ("代理店ガ作成シタル販促資料ノ著作権ハ、代理店ニ帰属ス。", "ja"),
])
def test_maker_keeps_what_it_makes_under_any_name(text, lang):
    assert _ip(text, lang) == []


def test_backstop_after_work_for_hire_is_found_in_a_contract():
    # "to the extent not so vesting" qualifies the transfer; it does not deny it
    text = ("3. Ownership. The reports shall be works made for hire for the CLIENT, and all rights "
            "therein, to the extent not so vesting, are hereby transferred to the CLIENT.")
    found = _ip(text, "en")
    assert len(found) == 1 and found[0].favours == "CLIENT"
