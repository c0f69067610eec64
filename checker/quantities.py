"""Durations in contract language, English and Japanese, as months.

Contracts write the same period many ways: "three (3) years", "eighteen months",
"2 years", 「終了後５年間」, 「二年間」, 「十八か月」. Restraint rules compare the
post-term part with a threshold, so everything becomes a number of months
(weeks and days are rounded up to whole months: a restraint of 10 days still
outlives the term).
"""

from __future__ import annotations

import math
import re
import unicodedata

from . import regex_code

_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
            "seventy": 70, "eighty": 80, "ninety": 90}
_EN_NUMBER_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|"
    r"five|six|seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a|an|one hundred)"
)
_EN_UNIT = r"(?P<unit>years?|months?|weeks?|days?|calendar\s+(?:years?|months?|days?))"
# "three (3) years", "3 years", "eighteen months", "a period of one year", "twelve-month"
EN_DURATION = regex_code.compile(
    r"\b(?:(?P<word>" + _EN_NUMBER_WORD + r")(?:\s*\(\s*(?P<paren>\d{1,4})\s*\))?"
    r"|(?P<digits>\d{1,4}(?:\.\d+)?))[\s-]*" + _EN_UNIT + r"\b",
    re.IGNORECASE,
)

_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
                 "七": 7, "八": 8, "九": 9}
_KANJI_POWERS = {"十": 10, "百": 100, "千": 1000}
_JA_NUMBER = r"(?P<num>[0-9]+|[〇零一二三四五六七八九十百千]+)"
_JA_UNIT = r"(?P<unit>年|箇月|ヶ月|ケ月|ヵ月|カ月|か月|週間|週|日)"  # a bare 月 is a calendar month (4月1日)
JA_DURATION = regex_code.compile(_JA_NUMBER + r"\s*" + _JA_UNIT)

_MONTHS_PER = {"year": 12.0, "month": 1.0, "week": 12.0 / 52.0, "day": 12.0 / 365.0}


def normalise_digits(text: str) -> str:
    """Full-width digits and letters to ASCII (NFKC), keeping length per character."""
    return "".join(unicodedata.normalize("NFKC", ch) if ch.isdigit() else ch for ch in text)


def kanji_to_int(text: str) -> int | None:
    """二→2, 十八→18, 二十四→24, 百二十→120; ASCII digits pass through."""
    if text.isdigit():
        return int(text)
    total, digit = 0, None
    for ch in text:
        if ch in _KANJI_DIGITS:
            digit = _KANJI_DIGITS[ch] if digit is None else digit * 10 + _KANJI_DIGITS[ch]
        elif ch in _KANJI_POWERS:
            total += (1 if digit is None else digit) * _KANJI_POWERS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


def english_number(word: str) -> int | None:
    word = word.lower().replace("-", " ").strip()
    if word in ("a", "an"):
        return 1
    if word == "one hundred":
        return 100
    if word in _EN_UNITS:
        return _EN_UNITS[word]
    parts = word.split()
    if parts and parts[0] in _EN_TENS:
        return _EN_TENS[parts[0]] + (_EN_UNITS.get(parts[1], 0) if len(parts) > 1 else 0)
    return None


def _to_months(value: float, unit: str) -> int:
    unit = unit.lower().split()[-1].rstrip("s")
    months = value * _MONTHS_PER[unit]
    return int(math.ceil(months - 1e-9))


def _ja_unit(unit: str) -> str:
    if unit == "年":
        return "year"
    if unit.startswith("週"):
        return "week"
    if unit == "日":
        return "day"
    return "month"


def find_durations(text: str, language: str) -> list[tuple[int, int, int]]:
    """Every duration in ``text`` as ``(start, end, months)``, in order."""
    found = []
    if language == "ja":
        normalised = normalise_digits(text)
        for match in JA_DURATION.finditer(normalised):
            number = kanji_to_int(match["num"])
            if number is None:
                continue
            # 「2020年」 is a year, not a period: a bare 年 after four digits is a date.
            if match["unit"] == "年" and number >= 1900:
                continue
            # 「4月1日」: a day after a month is a date too.
            if match["unit"] == "日" and normalised[max(0, match.start() - 1):match.start()] == "月":
                continue
            found.append((match.start(), match.end(), _to_months(number, _ja_unit(match["unit"]))))
        return found
    for match in EN_DURATION.finditer(text):
        if match["paren"]:
            number: float | None = float(match["paren"])
        elif match["digits"]:
            number = float(match["digits"])
        else:
            word_value = english_number(match["word"])
            number = float(word_value) if word_value is not None else None
        if number is None:
            continue
        found.append((match.start(), match.end(), _to_months(number, match["unit"])))
    return found


def parse_duration(text: str, language: str) -> int | None:
    """The first duration in ``text`` in months, or None."""
    found = find_durations(text, language)
    return found[0][2] if found else None
