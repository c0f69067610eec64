import pytest

from kyoso.checker.quantities import find_durations, kanji_to_int, parse_duration


@pytest.mark.parametrize("text, months", [
    ("for three (3) years after termination", 36),
    ("during the Term and for a period of eighteen months thereafter", 18),
    ("for 2 years", 24),
    ("for twenty-four months", 24),
    ("for a period of one year", 12),
    ("within ten (10) days", 1),
    ("for six weeks", 2),
])
def test_english_durations(text, months):
    assert parse_duration(text, "en") == months


@pytest.mark.parametrize("text, months", [
    ("本契約終了後５年間", 60),
    ("終了後二年間", 24),
    ("十八か月", 18),
    ("6ヶ月", 6),
    ("３カ月間", 3),
    ("三十日以内", 1),
])
def test_japanese_durations(text, months):
    assert parse_duration(text, "ja") == months


def test_calendar_years_are_not_durations():
    assert parse_duration("2026年4月1日から", "ja") is None


def test_no_duration():
    assert parse_duration("during the Term", "en") is None
    assert parse_duration("期間の定めなく", "ja") is None


def test_kanji_numbers():
    assert [kanji_to_int(k) for k in ("二", "十", "十八", "二十四", "百二十")] == [2, 10, 18, 24, 120]


def test_several_durations_in_order():
    found = find_durations("for one (1) year, then 6 months", "en")
    assert [months for _, _, months in found] == [12, 6]
