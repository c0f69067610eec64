"""unlimited-license in Japanese: a licence's terms read as a whole (examples written here).

The rule file's flag/pass examples (test_rules.py) only say whether a grant is found;
these pin how open it is read: the free / perpetual-or-irrevocable / unlimited-scope
dimensions and the severity they give, including terms stated in the sentences after
the grant or in a later article that refers back to it.
"""

import pytest

from kyoso.checker.engine import RuleSet

RULES = RuleSet.load()


def _licences(text: str, lang: str = "ja"):
    return [f for f in RULES.check_text(text, lang) if f.category == "unlimited-license"]


def _gravest(text: str, lang: str = "ja") -> str | None:
    order = ("info", "low", "medium", "high")
    found = _licences(text, lang)
    return max((f.severity for f in found), key=order.index) if found else None


@pytest.mark.parametrize("text, severity", [
    # the terms follow the grant in the same paragraph
    ("甲は、乙に対し、本件アルゴリズムを利用する権利を付与する。当該権利の対価は請求しないものとし、"
     "その期間は定めない。", "high"),
    # irrevocability said of a right granted before, with the licensee's whole business as scope
    ("乙は、本件学習済みモデルを、乙の事業全般において、無償で利用することができる。", "medium"),
    # survival of termination without an end, and limits stated as 「制限を設けない」
    ("本契約の終了によっても、乙の本件プログラムの使用権は消滅せず、乙は無償でこれを使用し続けることができる。", "high"),
    # freely sublicensable is open scope
    ("前条の実施権は無償とし、乙は、自らが選定した第三者に再実施許諾をすることができる。", "medium"),
    # other words for the same dimensions: 制限なし, 恒久, 免除, 世界各国, 撤回し得ない
    ("乙は、本件データセットを、対価の支払なく、期間の制限なしに利用できる。", "high"),
    ("甲は、乙に対し、本件ライブラリの恒久的な使用権を付与し、その使用料を免除する。", "high"),
])
def test_open_licences_are_medium_or_high(text, severity):
    assert _gravest(text) == severity


# The labelling guide counts a licence as broad (medium or high) only for what it says: free
# and perpetual, irrevocable or open in scope. A free licence silent on time and scope, or an
# irrevocable or perpetual one that is paid for, is read term by term and stays low.
@pytest.mark.parametrize("text, dimension", [
    # a grant the licensor must give on request; a copyright licence naming its acts; 発生しない, 徴収することなく
    ("丙は、乙に対し、本件意匠の実施を許諾する。その実施料は発生しないものとする。", "royalty_free"),
    ("甲は、乙から申出があったときは、本件特許について乙に無償の通常実施権を許諾しなければならない。", "royalty_free"),
    ("甲は、乙に対し、本件図面を複製し、翻案し、及び公衆送信することを、ロイヤリティフリーで許諾する。", "royalty_free"),
    ("ライセンサーは、ライセンシーに付与した使用権を撤回することができない。", "irrevocable"),
    ("前項の通常実施権については、期間及び地域のいずれについても制限を設けない。", "perpetual"),
    ("甲は、乙に対し、世界各国において本件製法を実施する権利を許諾し、当該許諾は撤回し得ないものとする。", "irrevocable"),
    ("甲は、乙に対し、対価を徴収することなく、本件製法の通常実施権を許諾する。", "royalty_free"),
])
def test_one_term_is_read_and_stays_low(text, dimension):
    found = _licences(text)
    assert found and any(f.dimensions[dimension] for f in found)
    assert _gravest(text) == "low"


@pytest.mark.parametrize("text", [
    # the next sentence is about something else: its 無償 is not the licence's
    "甲は、乙に対し、本件特許の通常実施権を許諾する。乙は、甲に対し、評価用の試料を無償で提供する。",
    # the next sentence narrows the grant
    "甲は、乙に対し、本件技術の実施を無償で許諾する。ただし、その実施は本製品の製造に限るものとする。",
    # survival with an end is not perpetual; a royalty is not free
    "本契約の終了後も、前条の許諾は２年間存続する。乙は、その間も所定の実施料を支払う。",
    # 「期間中は制限なく」 limits time, it does not lift it
    "乙は、本契約の有効期間中は、本製品の販売のために本件商標を使用することができる。",
    # free, sublicensable only within a defined product and term
    "甲は、乙に対し、本契約期間中、本製品に限り、無償で、再実施許諾可能な通常実施権を許諾する。",
    # a right kept after the end, held to the terms another article sets
    "乙は、本契約の終了前に受け取った解析レポートを、第７条の定めに従い、本契約の終了後も引き続き使用することができる。",
    "丙は、前条に定める条件で、契約終了後も検査画像の要約を利用することができる。",
])
def test_limited_licences_stay_low(text):
    assert _gravest(text) in (None, "info", "low")


def test_later_articles_widen_the_grant_they_refer_to():
    text = ("第１条（実施許諾）\n甲は、乙に対し、本件特許について通常実施権を許諾する。\n"
            "第２条（対価）\n前条の許諾は無償とする。\n"
            "第３条（存続）\n第１条の許諾は、本契約の終了後も存続し、甲はこれを取り消すことができない。")
    grant = next(f for f in _licences(text) if "通常実施権を許諾する" in f.excerpt)
    assert grant.dimensions["royalty_free"] and grant.dimensions["irrevocable"]
    assert grant.severity == "high"


def test_a_reference_without_a_grant_before_it_is_read_alone():
    found = _licences("前項の許諾は、本契約の終了又は解除にかかわらず存続し、甲はこれを撤回することができない。")
    assert found and found[0].dimensions["irrevocable"] and found[0].severity == "low"


@pytest.mark.parametrize("text", [
    "乙は、甲の事前の書面による承諾なく、本件ソフトウェアを第三者に使用させてはならない。",
    "乙は、本契約終了後も、甲の秘密情報を第三者に開示してはならない。",
    "本契約が終了したときは、乙は、本件ソフトウェアの使用を中止し、その複製物を廃棄しなければならない。",
])
def test_no_licence(text):
    assert not _licences(text)


def test_sublicensable_counts_as_open_scope_in_english_too():
    assert _gravest("Licensor grants Licensee a royalty-free licence to the Software, with the right "
                    "to sublicense it to any third party.", "en") == "medium"
    assert _gravest("Licensor grants Licensee a royalty-free licence, with the right to sublicense, "
                    "solely to make the Product during the Term.", "en") in ("info", "low")


@pytest.mark.parametrize("text", [
    "甲は、乙に対し、本件特許の通常実施権を許諾する。ただし、乙は、第三者に再実施許諾をすることができない。",
    "甲は、乙に対し、本件ソフトウェアの使用を許諾する。乙は、これを第三者に使用させることはできない。",
])
def test_a_denied_sublicence_is_not_sublicensable(text):
    found = _licences(text)
    assert found and not any(f.dimensions["sublicensable"] for f in found)


def _document_licences(text: str):
    from kyoso.checker.model import Block, SourceText
    from kyoso.checker.structure import segment

    blocks, start = [], 0
    for line in text.split("\n"):
        blocks.append(Block(text=line, start=start, end=start + len(line)))
        start += len(line) + 1
    source = SourceText(path="<test>", text=text, blocks=blocks, format="txt", language="ja")
    return [f for f in RULES.check(source, segment(source), [], "ja") if f.category == "unlimited-license"]


def test_a_reference_by_article_number_widens_that_article_not_the_nearest():
    text = ("ライセンス契約書\n\n"
            "第五条（実施許諾）\n甲は、乙に対し、本製品の製造及び販売に限り、本件特許の通常実施権を許諾する。\n"
            "第七条（改良発明）\n乙は、甲に対し、乙の改良発明について非独占的通常実施権を許諾する。\n"
            "第九条（存続）\n第５条の許諾は、本契約の終了後も存続し、甲はこれを取り消すことができない。")
    by_article = {f.location.article.split("（")[0]: f for f in _document_licences(text)
                  if "許諾する" in f.excerpt}
    assert by_article["第5条"].dimensions["irrevocable"]
    assert not by_article["第7条"].dimensions["irrevocable"]


@pytest.mark.parametrize("text, severity", [
    # free said as 無償にて
    ("丙は、乙に対し、本件画像を無償にて、目的を問わず利用することを許諾する。", "medium"),
    # use after the contract ends with no end stated is lasting
    ("本契約が終了した後においても、乙は、本件図面を無償で使用し、複製し、又は改変することができる。", "high"),
    # a paragraph that sets the terms of a licence granted in this article, without a grant verb
    ("本条に基づく使用権の期間は、本件著作権の存続期間までとする。ただし、使用料は無償とし、"
     "使用の範囲には一切の制限も付さない。", "medium"),
    # a right kept after a transfer
    ("甲は、本件特許権を乙に移転した後も、これを無償で、かつ期間の定めなく実施する権利を留保する。", "high"),
])
def test_other_wordings_of_open_licences(text, severity):
    assert _gravest(text) == severity


@pytest.mark.parametrize("text, dimension", [
    ("前項の許諾は取消不能ではなく、甲は、乙が実施料を支払わないときはこれを取り消すことができる。", "irrevocable"),
    ("甲は、本件許諾が取消不能であることを保証するものではない。", "irrevocable"),
])
def test_a_denied_term_is_not_set(text, dimension):
    assert not any(f.dimensions[dimension] for f in _licences(text))


@pytest.mark.parametrize("text", [
    "甲は、自己の保有する特許を自由に実施することができる。",
    "乙は、甲の秘密情報を本目的のためにのみ使用することができる。",
])
def test_own_rights_and_confidential_information_are_no_licence(text):
    assert not _licences(text)


@pytest.mark.parametrize("text, licensee", [
    ("甲は、乙に対し、本件特許の通常実施権を無償で許諾する。", "乙"),
    # a role noun is the licensee; a noun before 「について」 is not
    ("開発者は、注文者に対し、納入物に含まれる開発者の既存ツールについて、無償で利用する権利を許諾する。", "注文者"),
    ("当社は、貴社に対し、本件データを無償で利用することを許諾します。", "貴社"),
    ("ライセンサーは、ライセンシーに対し、本件技術を無償で実施することを許諾する。", "ライセンシー"),
    ("乙は、本件ソフトウェアを無償で使用することができる。", "乙"),
    # a parenthesis ending in 「。）」 between the licensee and the grant
    ("会員は、運営者に対し、本件写真を利用（複製及び翻案を含む。）することを無償で許諾します。", "運営者"),
    # no party named: None rather than a noun of the clause
    ("本件プログラムについては、無償で使用することを許諾する。", None),
    # 「第三者」 names no party to the contract
    ("甲は、第三者に対し、本件特許の実施を無償で許諾することができる。", None),
])
def test_the_licensee_is_a_party_or_none(text, licensee):
    found = _licences(text)
    assert found and found[0].favours == licensee and found[0].dimensions["licensee"] == licensee


@pytest.mark.parametrize("text, licensee", [
    ("本契約終了後においても、注文者は、本件型の図面を無償で使用し、又は第三者に使用させることができる。", "注文者"),
    ("乙は、本件成果を、甲に対価を支払うことなく、自ら実施し、又は第三者をして実施させることができる。", "乙"),
    ("ライセンサーは、ライセンシーに対し、本件ノウハウを取消不能かつ無償で使用する権利を付与する。", "ライセンシー"),
])
def test_the_licensee_of_a_permission_or_a_conferred_right(text, licensee):
    found = _licences(text)
    assert found and found[0].favours == licensee


# --- 文語調, です・ます調, terms in 号 items, 「…を認める」, other ways to say 無期限 ---------------

@pytest.mark.parametrize("text, severity", [
    # 文語調 (katakana endings) read like the hiragana ones
    ("乙ハ本件製法ヲ無償ニテ永久ニ実施スルコトヲ得。", "high"),
    ("甲ハ乙ニ対シ本件特許ノ実施ヲ無償ニテ許諾ス。其ノ期間ヲ定メズ。", "high"),
    # です・ます調, terms in the sentences after it
    ("乙は、本件画像を乙の広告に利用することができます。この利用に対価を支払う必要はありません。"
     "また、利用の期間に制限はありません。", "high"),
    # terms as 号 items under the grant
    ("甲は、乙に対し、次の各号の条件で本件素材の使用を許諾する。\n一　使用料は無償とする。\n"
     "二　使用期間は定めない。\n三　使用の目的は限定しない。", "high"),
    # 「…することを認める」 as a grant
    ("甲は、乙が本件プログラムを改変し、第三者に自由に頒布することを、対価を得ることなく認める。", "medium"),
    # 「期間に定めはない」
    ("甲は、乙に対し、本件データの利用を許諾する。その期間に定めはなく、対価は無償とする。", "high"),
])
def test_old_style_polite_itemised_and_other_wordings(text, severity):
    assert _gravest(text) == severity


@pytest.mark.parametrize("text", [
    # items that bound the licence leave it bounded
    "甲は、乙に対し、次の各号の条件で本件素材の使用を許諾する。\n一　使用料は売上の３％とする。\n"
    "二　使用期間は２年とする。\n三　使用の目的は乙の社内研修に限る。",
])
def test_bounding_items_keep_a_licence_low(text):
    found = _licences(text)
    assert found and not any(f.dimensions.get(d) for f in found
                             for d in ("royalty_free", "perpetual", "irrevocable"))


@pytest.mark.parametrize("text", [
    # a denied 取消不能 said with 「のものではなく」, and a licence that ends with the contract
    "前条の許諾は、取消不能のものではなく、甲はいつでもこれを撤回することができる。",
    "本契約の終了にかかわらず第８条は存続するが、前条の実施権は本契約の終了と同時に消滅する。",
])
def test_denied_or_ending_terms_are_not_perpetual(text):
    assert not any(f.dimensions.get("perpetual") or f.dimensions.get("irrevocable")
                   for f in _licences(text))


@pytest.mark.parametrize("text", [
    "乙ハ甲ノ承諾ナクシテ本件技術ヲ実施スルコトヲ得ズ。",
    "乙は、本件改良発明に係る権利が甲に帰属することを認める。",
])
def test_old_style_prohibition_and_acknowledgement_are_no_licence(text):
    assert not _licences(text)


@pytest.mark.parametrize("text", [
    "乙は、有償無償を問わず、本件ソフトウェアの利用を顧客に許諾することができる。",
    "乙は、有償・無償の別なく、本件データを第三者に利用させることができる。",
])
def test_paid_or_free_alike_is_not_royalty_free(text):
    """「有償無償を問わず」 says the licence may be paid or free: no free licence is stated."""
    found = _licences(text)
    assert found and not any(f.dimensions.get("royalty_free") for f in found)


def test_free_is_still_royalty_free():
    found = _licences("甲は、乙に対し、本件ソフトウェアを無償で使用することを許諾する。")
    assert found and found[0].dimensions["royalty_free"]
