"""The model wording as this document would say it, and the passage it replaces.

``--redline`` puts the library's model clause into the counterparty's own file, so the
wording is rendered for that file:

* **parties**: the model calls the startup 甲 / "the Startup" and the business company
  乙 / "the Company"; they become this contract's own aliases (甲/乙 swapped where the
  contract calls the startup 乙, 「A社」, "Licensor", …). The business company is the
  party the finding says the term favours; the startup is the other one.
* **language**: the finding's suggestion is already rendered in the document's language.
* **numbering**: the model's own heading (第8条（…） / Article 8 (…)) is dropped, since the
  contract keeps its own; paragraph labels (２, 8.2) are dropped and recomputed in the
  contract's style (see ``number_paragraphs``); item lines (一, (a)) keep their labels.

The passage: a finding's span grown to whole sentences of its paragraph; when those
sentences are all the paragraph says, the whole paragraph is replaced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Party

_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_ASCII_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

# The model's own article heading line, and paragraph / item labels (clauses/render.py).
_JA_HEADING = re.compile(r"^第[0-9０-９]+条")
_EN_HEADING = re.compile(r"^Article \d+\b")
_JA_PARAGRAPH = re.compile(r"^[０-９]+　")
_EN_PARAGRAPH = re.compile(r"^\d+\.\d+ ")
_ITEM = re.compile(r"^\s+(?:[一二三四五六七八九十]+　|\([a-z]+\) )")

# A label the contract typed at the start of its own paragraph ("２　", "7.2 ", "(a) ").
_TYPED_JA = re.compile(r"^[ \t　]*([0-9０-９]+)[ \t　]+")
_TYPED_EN = re.compile(r"^[ \t]*(\d+)\.(\d+)\.?[ \t]+")
# An article number and title typed in front of the text itself: kept, never continued.
_TYPED_ARTICLE = re.compile(r"^[ 　]*(?:第[0-9０-９一二三四五六七八九十百]+条(?:[（(][^（）()\n]{0,30}[）)])?"
                            r"|(?:Article|Section|ARTICLE|SECTION)\s+\d+(?:\.\d+)*\.?"
                            r"(?:\s*\([^()\n]{0,40}\))?)[ \t　]*")
_TYPED_OTHER = re.compile(r"^[ \t　]*(?:\(\w{1,4}\)|[（(][0-9０-９一二三四五六七八九十]+[）)]|"
                          r"[一二三四五六七八九十]+[　 \t]|[a-z]\)|\d+\.)[ \t　]*")

# Sentence ends: 。 in Japanese; ., ! or ? before a space in English. Not inside brackets
# (「以下「本発明」という。」), and not after an abbreviation ("Inc.", "e.g.") or before a
# lowercase word, which is how a period inside an English sentence shows itself.
_JA_SENTENCE_END = re.compile(r"。")
_EN_SENTENCE_END = re.compile(r"[.!?][\"”’']*(?=\s|$)")
_OPENING, _CLOSING = "（(「『[【〔“", "）)」』]】〕”"
_ABBREVIATIONS = {"inc", "ltd", "co", "corp", "llc", "plc", "no", "nos", "art", "arts", "sec",
                  "para", "e.g", "i.e", "etc", "vs", "cf", "mr", "ms", "dr", "st", "u.s", "jr"}
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


@dataclass
class ModelParagraph:
    text: str
    item: bool = False  # an item line (一, (a)): keeps its own label, never auto-numbered


def model_paragraphs(wording: str, language: str) -> list[ModelParagraph]:
    """The model wording split into paragraphs and items, heading and labels removed."""
    heading = _JA_HEADING if language == "ja" else _EN_HEADING
    label = _JA_PARAGRAPH if language == "ja" else _EN_PARAGRAPH
    lines = [line for line in wording.splitlines() if line.strip()]
    if lines and heading.match(lines[0]):
        lines = lines[1:]
    paragraphs = []
    for line in lines:
        if _ITEM.match(line):
            paragraphs.append(ModelParagraph(line.strip(), item=True))
        else:
            paragraphs.append(ModelParagraph(label.sub("", line, count=1).strip()))
    return paragraphs


def sides(parties: list[Party], favours: str | None, user: Party | None = None
          ) -> tuple[Party | None, Party | None]:
    """(startup, large company) of this contract: by the roles the contract states, else
    the user (--party) is the startup, else the party the finding favours is the large
    company; the other of two parties is the other side."""
    def other(party: Party | None) -> Party | None:
        rest = [p for p in parties if p is not party]
        return rest[0] if party is not None and len(rest) == 1 else None

    startup = next((p for p in parties if p.role == "startup"), None)
    business = next((p for p in parties if p.role == "business"), None)
    if startup is None and user is not None and user is not business:
        startup = next((p for p in parties if p.name == user.name), None)
    if startup is None and business is None:
        business = next((p for p in parties if p.name == favours), None)
    startup = startup or other(business)
    business = business or other(startup)
    return (startup, business) if startup is not business else (None, None)


def cast_parties(text: str, language: str, parties: list[Party], favours: str | None,
                 document_text: str, user: Party | None = None) -> str:
    """Model party names → this contract's. Unchanged when the two sides are not known."""
    startup, business = sides(parties, favours, user)
    if business is None or startup is None:
        return text
    if language == "ja":
        names = {"甲": _ja_name(startup), "乙": _ja_name(business)}
        # "甲および乙" names both sides: keep the contract's own order (its first party first)
        first, second = (names["甲"], names["乙"]) if parties.index(startup) < parties.index(
            business) else (names["乙"], names["甲"])
        return re.sub(r"甲(および|及び|ならびに|並びに|または|又は)乙|[甲乙]", lambda m: (
            first + m.group(1) + second if m.group(1) else names[m.group()]), text)
    names = {"startup": _en_name(startup, document_text), "company": _en_name(business, document_text)}

    def swap(match: re.Match) -> str:
        name = names[match.group(2).lower()]
        return name[0].upper() + name[1:] if match.group(1) == "The" else name

    return re.sub(r"\b(the|The) (Startup|Company)\b", swap, text)


def _ja_name(party: Party) -> str:
    return party.alias or party.name


def _en_name(party: Party, document_text: str) -> str:
    """"the Licensee" when the contract says "the Licensee", else the bare alias ("Acme")."""
    alias = party.alias or party.name
    if alias.lower().startswith("the "):
        return alias
    with_article = len(re.findall(rf"\bthe {re.escape(alias)}\b", document_text, re.IGNORECASE))
    bare = len(re.findall(rf"\b{re.escape(alias)}\b", document_text))
    return f"the {alias}" if with_article * 2 >= bare and with_article else alias


def typed_label(text: str, language: str) -> tuple[int, str | None, int | None]:
    """(length of the label the contract typed at the paragraph's start, its style, number).
    Styles: "ja" (２　), "en" (7.2); "other" labels are kept but not continued."""
    if language == "ja":
        match = _TYPED_JA.match(text)
        if match:
            return match.end(), "ja", int(match.group(1).translate(_ASCII_DIGITS))
    else:
        match = _TYPED_EN.match(text)
        if match:
            return match.end(), f"en:{match.group(1)}", int(match.group(2))
    match = _TYPED_ARTICLE.match(text) or _TYPED_OTHER.match(text)
    if match and match.end():
        return match.end(), "other", None
    return 0, None, None


def number_paragraphs(paragraphs: list[ModelParagraph], language: str, style: str | None,
                      number: int | None, auto_numbered: bool) -> list[str]:
    """The text of each model paragraph after the first, labelled in the contract's style.

    Word numbers an auto-numbered contract's new paragraphs itself (they copy the
    paragraph's numbering). Typed labels continue from the replaced paragraph's: ２, ３ in
    Japanese (a first paragraph carries no label, so the next is ２), 7.3, 7.4 in English.
    """
    out = []
    next_number = (number or 1) + 1
    for paragraph in paragraphs[1:]:
        if paragraph.item or auto_numbered:
            out.append(("　" if language == "ja" else "    ") + paragraph.text
                       if paragraph.item else paragraph.text)
            continue
        if language == "ja" and style in ("ja", None):
            out.append(str(next_number).translate(_FULLWIDTH) + "　" + paragraph.text)
        elif style and style.startswith("en:"):
            out.append(f"{style[3:]}.{next_number} {paragraph.text}")
        else:
            out.append(paragraph.text)
        next_number += 1
    return out


def sentence_span(text: str, start: int, end: int, language: str, floor: int = 0) -> tuple[int, int]:
    """[start, end) grown to whole sentences of ``text`` (never before ``floor``), without
    the whitespace around them."""
    ends = sorted(sentence_ends(text, language) + [m.end() for m in re.finditer("\n", text)])
    begin = max([floor] + [e for e in ends if e <= start])
    finish = next((e for e in ends if e >= max(end, begin + 1)), len(text))
    while begin < finish and text[begin].isspace():
        begin += 1
    while finish > begin and text[finish - 1].isspace():
        finish -= 1
    return begin, finish


def sentence_ends(text: str, language: str) -> list[int]:
    """Offsets just after each sentence-final mark of ``text`` (see the notes above)."""
    depth, depths = 0, []
    for char in text:  # bracket depth before each character; a stray closer cannot go below 0
        depths.append(depth)
        if char in _OPENING:
            depth += 1
        elif char in _CLOSING:
            depth = max(depth - 1, 0)
    ends = []
    for match in (_JA_SENTENCE_END if language == "ja" else _EN_SENTENCE_END).finditer(text):
        if depths[match.start()]:
            continue
        if language != "ja":
            word = _WORD_BEFORE.search(text[max(0, match.start() - 12):match.start() + 1])
            if word and word.group(1).lower() in _ABBREVIATIONS:
                continue
            following = text[match.end():].lstrip()
            if following[:1].islower():
                continue
        ends.append(match.end())
    return ends
