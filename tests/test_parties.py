"""checker/parties.py: parties and aliases from preambles in both languages."""

import pytest

from kyoso.checker.model import Party
from kyoso.checker.parties import alias_pattern, find_parties, party_for_mention, resolve_party


def names(parties):
    return [(p.name, p.alias) for p in parties]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("共同研究契約書\n\n株式会社サクラ（以下「甲」という。）と株式会社モミジ（以下「乙」という。）は、"
         "照明技術に関する研究（以下「本研究」という。）について次のとおり合意する。",
         [("株式会社サクラ", "甲"), ("株式会社モミジ", "乙")]),
        ("カエデ工業株式会社を甲とし、株式会社ツバキを乙として、甲乙間で次のとおり契約を締結する。",
         [("カエデ工業株式会社", "甲"), ("株式会社ツバキ", "乙")]),
        ("ヒノキ株式会社（本店所在地：東京都港区、以下「乙」という）と、スギ電機株式会社"
         "（以下、「ライセンシー」という。）とは、次のとおり契約する。",
         [("ヒノキ株式会社", "乙"), ("スギ電機株式会社", "ライセンシー")]),
        ("国立大学法人北辰大学（以下単に「大学」という。）及び株式会社ナデシコ（以下「会社」という。）は",
         [("国立大学法人北辰大学", "大学"), ("株式会社ナデシコ", "会社")]),
    ],
)
def test_japanese_preambles(text, expected):
    assert names(find_parties(text, "ja")) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ('JOINT DEVELOPMENT AGREEMENT\n\nThis Joint Development Agreement (the "Agreement") is entered '
         'into as of May 1, 2024 (the "Effective Date") by and between Orion Inc., a Delaware corporation '
         'with offices at 1 Main St., Dover ("Company"), and Lyra Co., Ltd., a Japanese corporation '
         '(hereinafter "Startup") (each a "Party" and together the "Parties").',
         [("Orion Inc.", "Company"), ("Lyra Co., Ltd.", "Startup")]),
        ('This License Agreement is made between Vega Robotics GmbH, hereinafter referred to as '
         '"Licensor", and Altair Holdings LLC (the "Licensee").',
         [("Vega Robotics GmbH", "Licensor"), ("Altair Holdings LLC", "Licensee")]),
        ('SUPPLY AGREEMENT between Deneb Widgets Corporation ("Deneb" or the "Supplier") and '
         'Jane Smith ("Distributor").',
         [("Deneb Widgets Corporation", "Supplier"), ("Jane Smith", "Distributor")]),
    ],
)
def test_english_preambles(text, expected):
    assert names(find_parties(text, "en")) == expected


def test_addresses_after_a_comma_are_not_part_of_the_name():
    text = ('This Agreement is made between Kite Labs Inc., of 2-3-4 Shiba, Minato-ku, Tokyo (the '
            '"Startup"), and Heron Motors Co., Ltd., at 5 Harbour Road, Kobe (the "Company").')
    assert names(find_parties(text, "en")) == [("Kite Labs Inc.", "Startup"),
                                               ("Heron Motors Co., Ltd.", "Company")]


def test_roles_either_party_plays_are_not_parties():
    en = ('Between Orion Inc. ("Company") and Lyra LLC ("Startup"). Information that one party '
          'discloses to the other (the "Recipient") is confidential.')
    assert [p.alias for p in find_parties(en, "en")] == ["Company", "Startup"]
    ja = ("株式会社サクラ（以下「甲」という。）と株式会社モミジ（以下「乙」という。）は、当事者の一方"
          "（以下「開示者」という。）が相手方（以下「受領者」という。）に開示する情報について合意する。")
    assert [p.alias for p in find_parties(ja, "ja")] == ["甲", "乙"]
    person = "山田太郎（以下「受託者」という。）と株式会社モミジ（以下「委託者」という。）は"
    assert names(find_parties(person, "ja")) == [("山田太郎", "受託者"), ("株式会社モミジ", "委託者")]


def test_generic_and_non_party_definitions_are_skipped():
    text = ('This Agreement (the "Agreement") between Orion Inc. ("Company") and Lyra LLC ("Startup") '
            '(each a "Party", together the "Parties") covers the project (the "Project").')
    assert [p.alias for p in find_parties(text, "en")] == ["Company", "Startup"]
    ja = "株式会社サクラ（以下「甲」という。）が保有する特許（以下「本特許」という。）"
    assert [p.alias for p in find_parties(ja, "ja")] == ["甲"]


def test_role_only_when_the_contract_says_so():
    ja = ("スタートアップであるヒノキ株式会社（以下「甲」という。）と事業会社であるスギ電機株式会社"
          "（以下「乙」という。）は")
    assert [p.role for p in find_parties(ja, "ja")] == ["startup", "business"]
    plain = "株式会社サクラ（以下「甲」という。）と株式会社モミジ（以下「乙」という。）は"
    assert [p.role for p in find_parties(plain, "ja")] == [None, None]
    defined = plain + "、次のとおり合意する。\n第1条（定義）\n「スタートアップ」とは、乙をいう。"
    assert [p.role for p in find_parties(defined, "ja")] == [None, "startup"]
    stated = plain + "、次のとおり合意する。なお、甲はスタートアップ企業である。"
    assert [p.role for p in find_parties(stated, "ja")] == ["startup", None]
    en = 'Between Orion Inc. ("Company") and Lyra LLC, a venture-backed start-up ("Developer").'
    assert [p.role for p in find_parties(en, "en")] == [None, "startup"]


def test_only_the_first_pages_are_read():
    late = "x" * 20_000 + "株式会社サクラ（以下「甲」という。）"
    assert find_parties(late, "ja") == []


PARTIES = [Party("Orion Inc.", "Company"), Party("Lyra Co., Ltd.", "Startup", "startup"),
           Party("株式会社サクラ", "甲"), Party("モミジ株式会社", "乙")]


@pytest.mark.parametrize(
    "query, expected",
    [("company", "Orion Inc."), ("COMPANY", "Orion Inc."), ("Orion", "Orion Inc."),
     ("orion inc.", "Orion Inc."), ("Lyra", "Lyra Co., Ltd."), ("甲", "株式会社サクラ"),
     ("サクラ", "株式会社サクラ"), ("モミジ", "モミジ株式会社"), ("「乙」", "モミジ株式会社"),
     ("Ori", None), ("Nobody", None), ("", None),
     # the role the contract gives a party, in either language
     ("startup", "Lyra Co., Ltd."), ("スタートアップ", "Lyra Co., Ltd."), ("business", None)],
)
def test_resolve_party(query, expected):
    found = resolve_party(PARTIES, query)
    assert (found.name if found else None) == expected


def test_resolve_party_refuses_an_ambiguous_prefix():
    parties = [Party("Orion Space Inc.", "Company"), Party("Orion Labs LLC", "Startup")]
    assert resolve_party(parties, "Orion") is None
    assert resolve_party(parties, "orion labs").alias == "Startup"


def test_mentions_map_back_to_parties():
    assert party_for_mention(PARTIES, "the Company's").name == "Orion Inc."
    assert party_for_mention(PARTIES, "Startup’s").alias == "Startup"
    assert party_for_mention(PARTIES, "乙は").alias == "乙"
    pattern = alias_pattern(PARTIES)
    sentence = "All Results shall vest in Company, and Startup shall assign them; 甲は乙に通知する。"
    mentions = [party_for_mention(PARTIES, m.group()).alias for m in pattern.finditer(sentence)]
    assert mentions == ["Company", "Startup", "甲", "乙"]
    assert pattern.search("Companywide policies") is None
    assert alias_pattern([]) is None


def test_a_role_word_in_a_numbered_sentence_names_no_party():
    """Only a preamble or definition names a party: a body sentence that mentions the
    parties by role and then defines a term ("the "Price"") is not one, bold numbering
    of a Markdown draft or not."""
    preamble = ('This Agreement is made between Kestrel Analytics Inc. (the "Startup") and '
                'Plover Foods Co., Ltd. (the "Company").\n\n')
    for body in ('**6.2** The Company shall pay the Startup USD 40,000 (excluding tax; the "Price").',
                 '6.2 The Startup grants the Company a trial right (the "Trial Licence").',
                 'Article 6 The Company Co., Ltd. shall owe the Startup the sum agreed (the "Price").'):
        parties = find_parties(preamble + body, "en")
        assert names(parties) == [("Kestrel Analytics Inc.", "Startup"),
                                  ("Plover Foods Co., Ltd.", "Company")], body
        assert [p.role for p in parties] == ["startup", None]
    numbered_preamble = ('1. Wren Robotics Inc., a Delaware corporation (the "Startup"), and '
                         '2. Heron Motors Corporation (the "Company").')
    assert [p.alias for p in find_parties(numbered_preamble, "en")] == ["Startup", "Company"]
