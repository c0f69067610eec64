"""checker/sentences.py cuts sentences where spaCy's stock sentencizer would.

The checker no longer runs the ``sentencizer`` component (it made a Token object per
token); it applies the same rule to token arrays. The scorer was trained on the
sentencizer's sentences and the rules read them, so the two must agree everywhere.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

spacy = pytest.importorskip("spacy")

from kyoso.checker import nlp  # noqa: E402
from kyoso.checker.engine import RuleSet  # noqa: E402
from kyoso.checker.sentences import JA_SENTENCE_ENDS  # noqa: E402


def _stock(language: str):
    if language == "ja":
        stock = spacy.blank("ja", config={"nlp": {"tokenizer": {"split_mode": "C"}}})
        stock.add_pipe("sentencizer", config={"punct_chars": list(JA_SENTENCE_ENDS)})
    else:
        stock = spacy.blank("en")
        stock.add_pipe("sentencizer")
    return stock


STOCK = {language: _stock(language) for language in ("en", "ja")}


def stock_spans(text: str, language: str) -> list[tuple[int, int]]:
    return [(s.start_char, s.end_char) for s in STOCK[language](text).sents
            if text[s.start_char:s.end_char].strip()]


def ours(text: str, language: str) -> list[tuple[int, int]]:
    """Both of kyoso's ways to sentences, which must agree with each other too."""
    plain = nlp.sentences(text, language) if language == "en" else None
    scored = [(start, end) for start, end, _ in nlp.scored_sentences(text, language)]
    if plain is not None:
        assert plain == scored
    return scored


HAND_WRITTEN = {
    "en": [
        "The Developer assigns all rights. The Company pays the fee! Does it? Yes.",
        "See Section 3.1(a). Acme Inc. agrees... and then (i) stops; (ii) goes on.",
        'He said "no." Then she left?! "Fine," they said.',
        "No full stop at the end",
        "Ends with punctuation only ... !!! ???",
        "  leading spaces. trailing spaces.   ",
        "U.S. law applies. e.g. this one. Mr. Smith signs.",
        "", ".", "...", "a.b.c. d", "Term: 5 years. Fee: $1,000.00. Done",
    ],
    "ja": [
        "甲は乙に成果を譲渡する。乙はこれを受ける。",
        "第３条（成果の帰属）本件成果は甲に帰属する．ただし、別途協議する！",
        "本契約は終了する?いいえ!終了しない。",
        "「成果（改良を含む。）」は乙に帰属する。",
        "句点なしの文",
        "。。。", "",
    ],
}


@pytest.mark.parametrize("language", ["en", "ja"])
def test_hand_written_texts_split_as_the_sentencizer_splits_them(language):
    for text in HAND_WRITTEN[language]:
        expected = stock_spans(text, language)
        if language == "ja":
            expected = nlp._join_bracketed(text, expected)
        assert ours(text, language) == expected, text


@pytest.mark.parametrize("language", ["en", "ja"])
def test_every_rule_example_splits_as_the_sentencizer_splits_it(language):
    examples = [text for rule in RuleSet.load().rules for group in ("flag", "pass")
                for text in rule.examples[group][language]]
    assert len(examples) > 50
    for text in examples:
        expected = stock_spans(text, language)
        if language == "ja":
            expected = nlp._join_bracketed(text, expected)
        assert ours(text, language) == expected, text


_PIECES = st.sampled_from(["Party", "shall", "not", "assign", "Inc.", "e.g.", "3.1", "(a)", ";", ",",
                           ".", "!", "?", "...", '"', ")", "(", "'", " ", "  ", "\n", "-", "—", "…",
                           "。", "、", "甲", "は", "譲渡", "する", "！", "？", "．", "」", "「", "§",
                           "\t", "\xa0", "\u2003", "։", "(b)", "U.S.", "3.1.", '."', ".)", "$5", "''"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=40), st.sampled_from(["", " ", "  ", "\n"]))
def test_random_punctuation_splits_as_the_sentencizer_splits_it(pieces, joiner):
    # English checks tokenise only the runs that decide a sentence end (RunSentences):
    # the white space between runs must be read as the tokenizer reads it
    text = joiner.join(pieces)
    assert ours(text, "en") == stock_spans(text, "en")
