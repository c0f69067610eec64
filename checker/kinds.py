"""Rule kinds: the code half of "rules are data, rule kinds are code".

A rule file names one kind and supplies its cue patterns (regular expressions per
language, under named roles). The kind reads one sentence and returns zero or
one ``Hit``: where the term is, whom it favours, and its dimensions. Severity,
messages and suggestions stay in the rule file.

Every kind works in two steps so a long contract costs little: ``trigger`` is a
cheap compiled search the engine runs on raw paragraphs to pick candidate
sentences; ``analyse`` then reads only those sentences.

Kinds judge by structure, not by memorised sentences:
- ``ip-transfer``: a transfer or vesting cue whose object is intellectual
  property, that is not negated, not about assigning the agreement itself, not
  title to goods, and not "each party keeps what it makes".
- ``licence-grant``: a grant cue with a licence noun, not negated ("no licence is
  granted"); the dimensions are read from the words around it.
- ``restraint``: a negative covenant ("shall not", 「してはならない」) whose scope
  names competition (competing, similar, 競合, 類似), not an exception
  ("nothing herein restricts"); who is bound, for how long, over what.
- ``pattern``: any of the ``match`` patterns, none of ``exclude``.
- ``hidden-characters``: invisible or direction-changing code points.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from . import regex_code
from ..core import limits
from . import quantities
from .prefilter import GatedAlternation


@dataclass
class Hit:
    start: int  # offsets within the analysed sentence
    end: int
    favours: str | None = None
    dimensions: dict[str, Any] = field(default_factory=dict)


def _compile(patterns: list[str]):
    if not patterns:
        return None
    return GatedAlternation(patterns, re.IGNORECASE)


class CuePatterns:
    """A rule's patterns for one language: role name -> one alternation.

    Each role is prepared on first use (a document in one language needs a fraction of
    them), and a pattern is tried only on a sentence holding one of its literals
    (checker/prefilter.py): most sentences hold none of a role's words, and searching
    Python's ``re`` alternations was most of the checker's time."""

    def __init__(self, roles: dict[str, list[str]]):
        self._patterns = roles
        self._compiled: dict[str, GatedAlternation | None] = {}

    def _get(self, role: str) -> GatedAlternation | None:
        try:
            return self._compiled[role]
        except KeyError:
            pattern = self._compiled[role] = _compile(self._patterns.get(role) or [])
            return pattern

    def search(self, role: str, text: str, pos: int = 0) -> re.Match | None:
        pattern = self._get(role)
        return pattern.search(text, pos) if pattern else None

    def finditer(self, role: str, text: str):
        pattern = self._get(role)
        return pattern.finditer(text) if pattern else iter(())

    def has(self, role: str, text: str) -> bool:
        pattern = self._get(role)
        return pattern is not None and pattern.matches(text)


# --- parties mentioned in a sentence ---------------------------------------------------

_EN_NAME = r"(?:[A-Z][\w&'.\-]*(?:\s+(?:of\s+)?[A-Z][\w&'.\-]*){0,3})"
_EN_BOTH = regex_code.compile(
    r"\b(?:each\s+(?:of\s+the\s+)?part(?:y|ies)|neither\s+part(?:y|ies)|no\s+party|both\s+parties|"
    r"the\s+parties|each\s+of\s+(?:licensor|[A-Z]\w+)\s+and\s+\w+|either\s+party)\b",
    re.IGNORECASE,
)
_JA_BOTH = regex_code.compile(r"甲及び乙|甲および乙|甲乙|乙及び甲|両当事者|各当事者|いずれの当事者|本契約の当事者は|相互に|双方")
_JA_ALIAS = r"(?:甲|乙|丙|丁|[ァ-ヴー]{2,12}|[一-龥ァ-ヴーA-Za-z0-9]{2,20}(?:株式会社|大学|社))"
_STOP_NAMES = {"The", "This", "Such", "Any", "All", "Each", "Such", "Agreement", "In", "If", "Upon",
               "Notwithstanding", "Subject", "During", "Except", "Neither", "No", "Nothing", "Party",
               "Effective", "Section", "Article", "Term"}


def _clean_en_name(name: str | None) -> str | None:
    if not name:
        return None
    words = name.split()
    while words and words[0] in _STOP_NAMES:
        words = words[1:]
    name = " ".join(words).strip(" .,'")
    return name or None


def _match_known(parties: list, text: str) -> list[str]:
    """Known party names/aliases occurring in ``text``, in order of appearance."""
    found = []
    for party in parties or []:
        for label in (party.alias, party.name):
            if not label:
                continue
            at = text.find(label)
            if at >= 0:
                found.append((at, party.alias or party.name))
                break
    return [label for _, label in sorted(found)]


# --- the kinds ----------------------------------------------------------------------------


class Kind:
    name = ""
    roles: tuple[str, ...] = ()  # pattern roles a rule of this kind must supply
    optional_roles: tuple[str, ...] = ()
    dimensions: tuple[str, ...] = ()  # dimension names its severity conditions may use
    trigger_roles: tuple[str, ...] = ("trigger",)  # roles whose patterns pick candidates

    def analyse(self, sentence: str, cues: CuePatterns, language: str, parties: list,
                thresholds: dict) -> Hit | None:
        raise NotImplementedError


class PatternKind(Kind):
    name = "pattern"
    roles = ("trigger",)
    optional_roles = ("exclude",)
    dimensions = ()

    def analyse(self, sentence, cues, language, parties, thresholds):
        match = cues.search("trigger", sentence)
        if not match or cues.has("exclude", sentence):
            return None
        return Hit(match.start(), match.end())


# ", and the Licensee shall" / "; Contractor hereby" / 「…し、受託者は」: a coordinated clause
# with a named subject; after a condition ("to the extent it is not a work made for hire,
# Developer hereby assigns"), a named subject that transfers at once
_NEW_CLAUSE = regex_code.compile(
    r"[,;]\s*(?:and|but)\s+(?:the\s+)?(?-i:[A-Z][\w.&\-]*)(?:\s+(?-i:[A-Z][\w.&\-]*)){0,2}\s+"
    r"(?:shall|will|hereby|agrees|must)\b|"
    r"\s(?:and|but)\s+(?:the\s+)?(?-i:[A-Z][\w.&\-]*)(?:\s+(?-i:[A-Z][\w.&\-]*)){0,2}\s+hereby\b|"
    r",\s*(?:then\s+)?(?:the\s+)?(?-i:[A-Z][\w.&\-]*)(?:\s+(?-i:[A-Z][\w.&\-]*)){0,2}\s+"
    r"(?:hereby|(?:shall|will)\s+(?:hereby|promptly|immediately))\b|"
    r"[、，](?:甲|乙|丙|[ァ-ヴー]{2,12}|[一-龥]{1,5}者)は")

# "the Partner Territory", "the Licensor Group": a name before these marks no thing it owns
_NOT_THINGS = r"(?-i:Territory|Territories|Field|Group|Affiliates?|Parties|Party|Region|Market|Entities)\b"

# "… as Work Product", "deemed a work made for hire": the thing is declared made in this deal
_DECLARED_MADE_HERE = regex_code.compile(
    r"\b(?:as|constitut\w*|deemed(?:\s+to\s+be)?|qualif\w*\s+as)\s+(?:an?\s+)?[\"“]?"
    r"(?:work\s+product|deliverables?|works?\s+(?:made\s+)?for\s+hire)\b", re.IGNORECASE)

# 「…とし、…の場合は」: a new conditional branch of a Japanese sentence
_JA_NEW_BRANCH = regex_code.compile(r"し、[^。]{0,40}?(?:場合|とき)(?:に)?は")


# what a maker does to a thing, in a relative clause naming the maker ("that X makes")
_MAKER_VERBS = (r"(?:makes|made|creates|created|develops|developed|conceives|conceived|invents|"
                r"invented|writes|wrote|authors|authored|generates|generated|produces|produced|"
                r"designs|designed|prepares|prepared)\b")


class IpTransferKind(Kind):
    """Results or background IP vesting in, or assigned to, one party."""

    name = "ip-transfer"
    roles = ("trigger", "object")
    optional_roles = ("ownership", "creation", "exclude", "mutual", "background", "no_consideration",
                      "regardless_of_creator", "event", "recipient", "allocation", "status",
                      "made_here", "joint", "paid", "foreground", "assign_back", "split",
                      "insolvency_option", "moral_rights")
    dimensions = ("recipient", "background", "no_consideration", "regardless_of_creator",
                  "event_triggered", "joint_only", "paid", "foreground", "assign_back",
                  "split_by_field", "insolvency_option", "moral_rights_only")
    trigger_roles = ("trigger", "ownership", "allocation", "moral_rights")
    once_per_paragraph = True  # "X owns the results; to that end Y assigns them" is one term

    def analyse(self, sentence, cues, language, parties, thresholds):
        if cues.has("mutual", sentence):
            return None  # each party keeps what it creates: not one-sided
        # A transfer ("assigns", 「譲渡する」) moves rights by itself; a bare statement
        # of ownership ("shall be the property of X") only moves rights when it is
        # about something newly made, and not when X is the maker or already the owner.
        candidates = [(m, True) for m in cues.finditer("trigger", sentence)]
        if cues.has("creation", sentence):
            candidates += [(m, False) for m in cues.finditer("ownership", sentence)]
        # "shall be owned by X", "shall belong to X": a forward-looking allocation needs no
        # creation word, but is still not one when X is named as the thing's owner already.
        candidates += [(m, False) for m in cues.finditer("allocation", sentence)]
        # giving up moral rights (著作者人格権の不行使, "waives moral rights") goes with a
        # copyright assignment: read as one, ranked low when the sentence moves nothing itself
        candidates += [(m, True) for m in cues.finditer("moral_rights", sentence)]
        for match, is_transfer in sorted(candidates, key=lambda c: c[0].start()):
            if not self._has_object(sentence, match, cues, language):
                continue
            if self._excluded(sentence, match, cues):
                continue
            recipient = self._recipient(sentence, match, cues, language, parties)
            if not is_transfer and recipient and self._own_thing(sentence, match, recipient):
                continue
            # 帰属 is the Japanese verb of both allocation and status (「引き続き甲に帰属する」)
            if (not is_transfer or "帰属" in match.group(0)) and self._status_only(sentence, match, cues):
                continue
            return Hit(match.start(), match.end(), favours=recipient,
                       dimensions=self._dimensions(sentence, cues, recipient))
        return None

    @staticmethod
    def _dimensions(sentence, cues, recipient) -> dict[str, Any]:
        """What makes the term graver or milder (the rule file ranks them): whose IP it
        sweeps in, whether anything is paid, what it is conditional on."""
        free = cues.has("no_consideration", sentence)
        regardless = cues.has("regardless_of_creator", sentence)
        return {
            "recipient": recipient,
            "background": cues.has("background", sentence),
            "no_consideration": free,
            "regardless_of_creator": regardless,
            "event_triggered": cues.has("event", sentence),
            # joint results only: "solely or jointly" sweeps in sole ones too
            "joint_only": cues.has("joint", sentence) and not regardless,
            # a price stated for the transfer itself ("against payment of", 「対価を支払う」)
            "paid": cues.has("paid", sentence) and not free,
            # the whole output of the deal, or what the other side makes in it
            "foreground": cues.has("foreground", sentence),
            # a licensee's improvements handed to the licensor
            "assign_back": cues.has("assign_back", sentence),
            # results divided by field between the parties
            "split_by_field": cues.has("split", sentence),
            # the model JDA's safeguard: a transfer the other side may request on insolvency
            "insolvency_option": cues.has("insolvency_option", sentence),
            # a waiver of moral rights in a sentence that transfers nothing else
            "moral_rights_only": cues.has("moral_rights", sentence) and not (
                cues.has("trigger", sentence) or cues.has("allocation", sentence)),
        }

    @staticmethod
    def _own_thing(sentence, match, recipient) -> bool:
        """The owner is named elsewhere too: as maker or provider ("developed by the
        Association … property of the Association") or on the thing ("Licensor Software",
        "the Reseller's subscribers"); a mere mention ("the business of the Company") is not enough. Not counted: the owner's own mention next to the
        cue ("X shall own", "property of X"), a later clause ("and X is free to…"), and a
        pairing of the parties ("as between X and Y", "by X or Y")."""
        head = recipient.split()[0]
        if len(head) < 2 and not head.isupper():
            return False
        # "Party A" / "Party B": the letter alone is no name
        name = rf"(?-i:Party\s+{re.escape(head)})" if len(head) < 2 else re.escape(head)
        # the rest of a name of several words ("Northwind Group") is the owner, not its thing
        rest = r"\s+".join(re.escape(w) for w in recipient.split()[1:])
        not_rest = rf"(?!{rest}\b)" if rest and len(head) >= 2 else ""
        # the other of the pair is a name ("Party B and the know-how" pairs nothing)
        pairing = (rf"\b(?:between\s+)?(?:the\s+)?{name}\s+(?:and|or)\s+(?:the\s+)?(?-i:[A-Z])\w*|"
                   rf"\b(?:between\s+)?(?:the\s+)?\w+\s+(?:and|or)\s+(?:the\s+)?{name}")
        blank = lambda m: " " * len(m.group(0))  # keep offsets
        lo = max(0, match.start() - 300)
        before = re.sub(pairing, blank, sentence[lo:match.start()])
        # the owner as the subject of the cue ("the Reseller shall own"), but not "made by X shall…"
        # ("Licensed Northwind Materials shall remain…" is a thing, not the owner as subject)
        subject = (rf"(?<!\bby\s)(?<!\bof\s)(?<!\bby\sthe\s)(?<!\bof\sthe\s)"
                   rf"(?:\bthe\s+)?\b{name}\b(?:\s+{rest}\b)?(?!\s+(?-i:[A-Z]))[\w\s]{{0,25}}$")
        # the owner as the maker in a relative clause ("improvements that the Licensee makes
        # shall belong to the Licensee"), read before the subject is blanked below
        if re.search(rf"\b{name}\b(?:\s+{rest}\b)?\s+(?:\w+\s+)?{_MAKER_VERBS}", before, re.IGNORECASE):
            return True
        before = re.sub(subject, blank, before)
        # after the cue, past the owner's own mention when the cue names it next ("property
        # of X", "owned by X"); "X shall own all X Data" names the thing right after the cue
        after = sentence[match.end():match.end() + 300]
        if re.search(r"\b(?:of|by|to|in)\s*$", match.group(0), re.IGNORECASE):
            after = after[25:]
        by_maker = rf"\bby\s+(?:or\s+for\s+)?(?:the\s+)?(?:\w+\s+){{0,2}}?{name}\b"
        maker = (rf"{by_maker}|"
                 rf"\b(?:information|property|materials?|data)\s+of\s+(?:the\s+)?{name}\b|"
                 rf"\b{name}(?:'s|’s|')?\s+{not_rest}(?!{_NOT_THINGS})(?-i:[A-Z])|\b{name}(?:'s|’s|')\s")
        # a thing named after the owner but declared made in this deal ("the Acme
        # Customizations as Work Product") is gained, not kept: only a maker named counts
        if _DECLARED_MADE_HERE.search(sentence):
            maker = by_maker
        if re.search(maker, before, re.IGNORECASE):
            return True
        return re.search(maker, after, re.IGNORECASE) is not None

    @staticmethod
    def _status_only(sentence, match, cues) -> bool:
        """"… are and shall remain the property of X" (「引き続き甲に帰属する」) confirms what
        X holds, unless the sentence says the thing is made in this deal ("modifications
        Licensee makes", "material produced hereunder", "the Deliverables"): then X gains it."""
        if not cues.has("status", sentence[max(0, match.start() - 60):match.end() + 20]):
            return False
        return not cues.has("made_here", sentence)

    @staticmethod
    def _has_object(sentence, match, cues, language) -> bool:
        # The IP object sits near the cue: before it ("All Results shall vest in",
        # 「成果に係る知的財産権は…帰属する」) or after it ("assigns all right, title…").
        window = limits.IP_OBJECT_WINDOW_EN if language == "en" else limits.IP_OBJECT_WINDOW_JA
        lo, hi = max(0, match.start() - window), min(len(sentence), match.end() + window)
        return cues.has("object", sentence[lo:hi])

    @staticmethod
    def _excluded(sentence, match, cues) -> bool:
        for excluded in cues.finditer("exclude", sentence):
            # An exclusion counts when it overlaps or closely surrounds this cue, and not
            # across a new clause with its own subject ("goodwill … shall inure to the Licensor,
            # and the Licensee hereby assigns…": the second clause is a transfer of its own).
            if not excluded.start() - 80 <= match.start() <= excluded.end() + 80:
                continue
            if excluded.end() <= match.start() and _NEW_CLAUSE.search(
                    sentence, excluded.end(), match.start() + 1):
                continue
            # 「全額負担のときは乙の帰属とし、一部負担の場合は共有とする」: another branch
            if excluded.start() >= match.end() and _JA_NEW_BRANCH.search(
                    sentence, match.start(), excluded.start()):
                continue
            return True
        return False

    @staticmethod
    def _recipient(sentence, match, cues, language, parties) -> str | None:
        lo, hi = max(0, match.start() - 120), min(len(sentence), match.end() + 160)
        window = sentence[lo:hi]
        # The recipient phrase that holds this cue wins over an earlier one
        # (「甲に帰属する持分は、乙に移転する」: the持分 goes to 乙, not 甲).
        found = None
        for each in cues.finditer("recipient", window):
            if found is None or each.start() <= match.start() - lo < each.end() + 2:
                found = each
            if each.start() > match.end() - lo:
                break
        if found:
            name = next((g for g in found.groups() if g), None)
            name = _clean_en_name(name) if language == "en" else name
            if name:
                known = _match_known(parties, name)
                return known[0] if known else name
        # a defined name the patterns cannot spell (「ミナト化成に帰属する」) right before the cue
        if language == "ja":
            known = _match_known(parties, sentence[max(0, match.start() - 12):match.start()])
            if known:
                return known[-1]
        known = _match_known(parties, sentence[match.start():hi])
        return known[0] if known else None


# a licensee is a party: an alias or a name, never a noun of the clause. Without a party
# list these say what a party looks like (「委託者」「当社」「ライセンシー」, "Licensee",
# "Acme Corp"), and what a defined thing looks like ("the Licensed Software", 「プログラム」)
_LICENSEE_JA_WORD = regex_code.compile(
    r"^(?!(?:第三|当事|両当事|各当事|相手方当事|関係|利用|使用|実施|権利)者$)(?:甲|乙|丙|丁|当社|貴社|弊社|[一-龥]{1,6}者|[一-龥ァ-ヴー]{1,8}(?:会社|法人|大学|機関)|"
    r"ライセンシー|ライセンサー|[一-龥ァ-ヴーA-Za-z0-9]{2,20}(?:株式会社|大学|社))$")
_EN_THING_WORDS = {
    "Licence", "License", "Licenses", "Licences", "Agreement", "Section", "Article", "Clause",
    "Software", "Product", "Products", "Patent", "Patents", "Information", "Term", "Technology",
    "Results", "Data", "Materials", "Deliverables", "IP", "Rights", "Right", "Work", "Works",
    "Documentation", "Services", "Territory", "Field", "Program", "Platform", "Tools", "Know-How",
    "Improvements", "Inventions", "Background", "Foreground", "Schedule", "Exhibit",
    "Affiliate", "Affiliates", "Subsidiaries", "Sublicensees", "Customers", "Users"}


def _licensee_name(name: str | None, language: str, parties: list) -> str | None:
    """The party a licence is given to, or None when ``name`` is not one."""
    if not name:
        return None
    name = _clean_en_name(name) if language == "en" else name
    if not name:
        return None
    known = _match_known(parties, name)
    if known:
        return known[0]
    if language == "ja":
        return name if _LICENSEE_JA_WORD.match(name) else None
    return None if name.split()[-1] in _EN_THING_WORDS else name


class LicenceGrantKind(Kind):
    """Every licence grant, with its breadth as dimensions.

    A licence is granted (``trigger``: "grants", 「許諾する」), given as a right the licensee
    has or keeps (``entitlement``: "shall have the right to use", "retains a licence",
    「使用する権利を有する」「実施することができる」), or allowed as a bare permission
    (``permission``: "may use") that counts only when it says what it costs or how long it
    lasts (free, perpetual, irrevocable) — "may use Confidential Information only for the
    Purpose" is a duty's edge, not a licence. Rights and permissions that are the owner's
    own (``own_rights``: "its own Background IP", 「自己の特許」, confidential information)
    are no licence.

    Licences often state the grant in one sentence and its terms in the next ones or in a
    later article (「…許諾する。その対価は無償とする。」, "The licence has no fixed term.",
    「前条の許諾は、本契約の終了後も存続し、乙はこれを取り消すことができない。」):
    ``combine`` folds those terms into the grant they belong to, so its breadth is read as
    a whole, and so are the numbered items under a grant that introduces them (「次の各号に定める
    条件の使用権を許諾する。一 使用料は無償…」) and the terms a bare permission gets in the
    sentence after it ("may use the Results. Such right is free of royalty"). A term that is
    denied ("is not irrevocable", 「取消不能のものではなく」) is not stated, nor is surviving
    termination when the sentence says the licences end ("all licences shall terminate").
    """

    name = "licence-grant"
    roles = ("trigger", "licence")
    optional_roles = ("exclude", "royalty_free", "perpetual", "irrevocable", "worldwide",
                      "exclusive", "non_exclusive", "sublicensable", "transferable",
                      "broad_scope", "limited_scope", "licensee", "reference", "survives",
                      "entitlement", "permission", "own_rights", "denied", "ends")
    trigger_roles = ("trigger", "entitlement", "permission")
    dimensions = ("licensee", "royalty_free", "perpetual", "irrevocable", "worldwide", "exclusive",
                  "sublicensable", "transferable", "unrestricted_scope", "open_scope_stated",
                  "breadth")
    _FLAGS = ("royalty_free", "perpetual", "irrevocable", "worldwide", "exclusive",
              "sublicensable", "transferable")
    # a later sentence of the same paragraph speaks of the grant when it points back
    # to it or names its terms (「当該権利は…」「その対価は…」「利用の対価は要しない」,
    # "The licence has no fixed term", "No royalty is payable for this licence")
    _JA_FOLLOW_ON = regex_code.compile(
        r"当該|その(?!他)|其ノ|これ(?!ら以外)|本許諾|前記|上記|許諾|実施権|使用権|利用権|ライセンス|対価|実施料|使用料|利用料|ロイヤ|"
        r"(?:実施|使用|利用)の(?:期間|範囲|条件)")
    _EN_FOLLOW_ON = regex_code.compile(
        r"\b(?:the|this|that|such|said|each)\s+(?:foregoing\s+|above\s+)?(?:licen[cs]es?|grants?|rights?\s+(?:to\s+use|granted))\b|"
        r"\b(?:this|that|such|said)\s+(?:rights?|entitlements?|permissions?)\b",
        re.IGNORECASE)
    # a sentence that starts by pointing back at a grant states that grant's terms
    _JA_POINTS_BACK = regex_code.compile(
        r"^\s*(?:[0-9０-９一二三四五六七八九十]+[\s　.．、]*)?(?:当該|その(?!他)|本許諾|前記|上記|これ(?!ら以外))")
    _EN_POINTS_BACK = regex_code.compile(
        r"^\s*(?:the|this|that|such|said)\s+(?:foregoing\s+|above\s+)?(?:licen[cs]es?|grants?|rights?)\b",
        re.IGNORECASE)
    _PENDING = "_pending"  # a bare permission still waiting for a term (see analyse)
    # a grant whose terms follow as numbered items: 「次の各号に定める条件の使用権を許諾する。
    # 一 使用料は無償とする。二 …」, "on the following terms:" — each item is one of its terms
    _ITEMS_INTRO = regex_code.compile(
        r"(?:次|以下|下記)の(?:各号|条件|とおり)|各号に(?:定める|掲げる)|"
        r"\b(?:the\s+following\s+(?:terms|conditions)|as\s+follows)\b|[:：]\s*$", re.IGNORECASE)
    _ITEM_LINE = regex_code.compile(
        r"^\s*(?:[一二三四五六七八九十]+[\s　、．.]|[（(]?[0-9０-９a-zA-Zｉｖⅰ-ⅹ]{1,3}[)）.．]\s*|"
        r"[①-⑳]|[ア-コ][\s　、．.]|[-•・*]\s)")
    _JA_SENTENCE = regex_code.compile(r"[^。]+。?")
    _EN_SENTENCE = regex_code.compile(r"[^.;]+(?:[.;]|$)")
    _JA_ARTICLE_REF = regex_code.compile(r"第\s*([0-9０-９]+|[一二三四五六七八九十百]+)\s*条")

    def analyse(self, sentence, cues, language, parties, thresholds):
        form, trigger = "grant", cues.search("trigger", sentence)
        if trigger and not cues.has("licence", sentence):
            trigger = None
        for role in ("entitlement", "permission"):
            if trigger is None:
                form, trigger = role, cues.search(role, sentence)
        if trigger is None or cues.has("exclude", sentence):
            return None
        if form != "grant" and cues.has("own_rights", sentence):
            return None
        dims = self._terms(sentence, cues, language)
        # "may use subcontractors for any purpose" is no licence: a permission counts when it
        # says what it costs or how long it lasts — here or in the sentences after it that
        # point back to it ("Such right shall be free of royalty"); ``combine`` drops it when
        # none does
        pending = form == "permission" and not any(
            dims[flag] for flag in ("royalty_free", "perpetual", "irrevocable"))
        # A paragraph about a licence granted elsewhere (「前項の許諾は…」, "The licence in
        # Section 2.1 is irrevocable") has its scope where the grant is: silence here
        # does not make it unlimited.
        # A bare permission ("may use the Dashboard at no extra charge") is open in scope
        # only when it says so: its silence is the contract's, not a grant's.
        broad, limited = dims.pop("_broad"), dims.pop("_limited")
        dims["unrestricted_scope"] = broad or not (
            limited or form == "permission" or cues.has("reference", sentence))
        # what the text says, not its silence: a free licence silent on scope and time is
        # no broad licence by the labelling guide (severity in the rule file)
        dims["open_scope_stated"] = bool(broad) and not limited
        dims["breadth"] = self._breadth(dims)
        licensee = None
        for found in cues.finditer("licensee", sentence):
            licensee = _licensee_name(next((g for g in found.groups() if g), None), language, parties)
            if licensee:
                break
        dims["licensee"] = licensee
        if pending:
            dims[self._PENDING] = True
        return Hit(trigger.start(), trigger.end(), favours=licensee, dimensions=dims)

    @staticmethod
    def _stated(role, sentence, cues) -> bool:
        """A term the sentence states and does not deny: "is not irrevocable" and
        「取消不能ではない」 deny it; "may not be revoked" states it."""
        for match in cues.finditer(role, sentence):
            before, after = sentence[max(0, match.start() - 12):match.start()], sentence[match.end():]
            if not (cues.has("denied", before + "\x00") or cues.has("denied", "\x00" + after)):
                return True
        return False

    @classmethod
    def _terms(cls, sentence, cues, language) -> dict[str, Any]:
        """The terms one sentence states; ``_broad``/``_limited`` say what it says of scope."""
        sublicensable = cues.has("sublicensable", sentence)
        limited = cues.has("limited_scope", sentence)
        perpetual = cls._stated("perpetual", sentence, cues)
        if not perpetual:
            # surviving termination is perpetual unless a period follows (「終了後も３年間」)
            # ("Sections 8 and 9 survive termination; all licences shall terminate" keeps
            # other clauses alive and says the licence ends: ``ends``)
            survives = cues.search("survives", sentence)
            perpetual = bool(survives) and not cues.has("ends", sentence) and not any(
                start >= survives.start() for start, _end, _months in
                quantities.find_durations(sentence, language))
        return {
            "royalty_free": cues.has("royalty_free", sentence),
            "perpetual": perpetual,
            "irrevocable": cls._stated("irrevocable", sentence, cues),
            "worldwide": cues.has("worldwide", sentence),
            "exclusive": cues.has("exclusive", sentence) and not cues.has("non_exclusive", sentence),
            "sublicensable": sublicensable,
            "transferable": cues.has("transferable", sentence),
            # freely sublicensable is open scope: the licensee decides who uses it and how
            "_broad": cues.has("broad_scope", sentence) or (sublicensable and not limited),
            "_limited": limited,
        }

    @staticmethod
    def _breadth(dims) -> int:
        return sum((bool(dims["royalty_free"]), bool(dims["perpetual"] or dims["irrevocable"]),
                    bool(dims["unrestricted_scope"])))

    def combine(self, rule, findings, text, language, thresholds):
        """Fold the terms stated after a grant into it (see the class docstring): the
        sentences that follow it in its paragraph and point back to it, and (Japanese)
        later paragraphs that refer to a grant (「前条の許諾は無償とする」), which widen the
        grant they name (第N条) or else the nearest one before them. The referring finding
        stays, and when no grant comes before it, it is read with its own follow-on
        sentences (「本条の実施権の期間は…。ただし、実施料は無償とし…」)."""
        language = "ja" if language == "ja" else "en"
        if language not in rule.cues:
            return findings
        cues = rule.cues[language]
        follow_on, splitter = ((self._JA_FOLLOW_ON, self._JA_SENTENCE) if language == "ja"
                               else (self._EN_FOLLOW_ON, self._EN_SENTENCE))
        points_back = self._JA_POINTS_BACK if language == "ja" else self._EN_POINTS_BACK
        mine = sorted((f for f in findings if f.rule == rule.id), key=lambda f: f.location.start)
        grants: list = []
        folded: set[int] = set()  # findings that only state the terms of the grant before them
        for finding in mine:
            if id(finding) in folded:
                continue
            sentence = text[finding.location.start:finding.location.end]
            if cues.has("reference", sentence):
                target = self._referred(sentence, grants) if language == "ja" else None
                if target is not None:
                    self._widen(rule, target, self._terms(sentence, cues, language), thresholds)
                    continue
            else:
                grants.append(finding)
            line_end = text.find("\n", finding.location.end)
            rest_start = finding.location.end
            rest = text[rest_start:len(text) if line_end < 0 else line_end]
            for piece in splitter.finditer(rest):
                if not piece.group(0).strip():
                    continue
                middle = rest_start + (piece.start() + piece.end()) // 2
                other = next((o for o in mine if o is not finding
                              and o.location.start <= middle < o.location.end), None)
                if other is not None:
                    if id(other) in folded:
                        continue
                    said = text[other.location.start:other.location.end]
                    if not points_back.match(said) or cues.has("reference", said):
                        break  # another grant, or a reference read in its own turn
                    # 「当該実施権の範囲は全分野とする」, "The licence is perpetual": this grant's
                    # terms, read by a rule as a licence of its own; one licence, one finding
                    self._widen(rule, finding, self._terms(said, cues, language), thresholds)
                    folded.add(id(other))
                    continue
                follow = piece.group(0)
                if not follow_on.search(follow) or cues.has("exclude", follow):
                    continue
                self._widen(rule, finding, self._terms(follow, cues, language), thresholds)
            if self._ITEMS_INTRO.search(sentence):
                self._read_items(rule, finding, mine, text, line_end, cues, language, thresholds)
        kept = []
        for finding in findings:
            if id(finding) in folded:
                continue
            if finding.rule == rule.id and finding.dimensions.pop(self._PENDING, False) and not any(
                    finding.dimensions.get(flag)
                    for flag in ("royalty_free", "perpetual", "irrevocable")):
                continue  # a bare permission that never said what it costs or how long it lasts
            kept.append(finding)
        return kept

    def _read_items(self, rule, finding, mine, text, line_end, cues, language, thresholds):
        """Widen a grant by the numbered items under it, up to the first line that is no item."""
        while 0 <= line_end < len(text):
            start = line_end + 1
            line_end = text.find("\n", start)
            line = text[start:len(text) if line_end < 0 else line_end]
            if not line.strip():
                continue
            if not self._ITEM_LINE.match(line):
                return
            if any(other is not finding and start <= other.location.start < start + len(line)
                   for other in mine) or cues.has("exclude", line):
                return  # the items hold a grant of their own
            self._widen(rule, finding, self._terms(line, cues, language), thresholds)

    def _referred(self, sentence, grants):
        if not grants:
            return None
        article = self._JA_ARTICLE_REF.search(sentence)
        number = self._article_number(article) if article else None
        if number is not None:
            for grant in reversed(grants):
                where = self._JA_ARTICLE_REF.search(grant.location.article or "")
                if where and self._article_number(where) == number:
                    return grant
        return grants[-1]

    @staticmethod
    def _article_number(match) -> int | None:
        """第５条 / 第5条 / 第五条 → 5."""
        return quantities.kanji_to_int(quantities.normalise_digits(match.group(1)))

    def _widen(self, rule, finding, terms, thresholds) -> None:
        dims = finding.dimensions
        for flag in self._FLAGS:
            if terms[flag] and not dims.get(flag):
                dims[flag] = True
        if terms["_broad"]:
            dims["unrestricted_scope"] = dims["open_scope_stated"] = True
        elif terms["_limited"]:
            dims["unrestricted_scope"] = dims["open_scope_stated"] = False
        dims["breadth"] = self._breadth(dims)
        finding.severity = rule.severity(dims, thresholds)


def _restraint_dimensions(bound, months, period, scope, territory) -> dict[str, Any]:
    """The dimensions every restraint reports (docs/json-output.md)."""
    return {
        "bound": bound,
        "one_sided": bound is not None and bound != "both",
        "duration_months": months,
        "period": period,
        "scope": scope,
        "territory": territory.group(0) if territory else None,
    }


class RestraintKind(Kind):
    """A covenant not to compete, or not to develop or deal with others in a field."""

    name = "restraint"
    roles = ("trigger", "restraint", "competition")
    optional_roles = ("activity", "exclude", "post_term", "during_term", "unlimited", "business_scope",
                      "product_scope", "similar_scope", "territory", "bound")
    dimensions = ("bound", "one_sided", "duration_months", "period", "scope", "territory")
    trigger_roles = ("trigger", "activity")

    def analyse(self, sentence, cues, language, parties, thresholds):
        restraint = cues.search("restraint", sentence)
        if not restraint:
            return None
        # Competition named outright ("competing products", 「競合」), or a competitive
        # activity after the covenant ("shall not ... engage in any business").
        competition = cues.search("competition", sentence) or cues.search(
            "activity", sentence, restraint.start())
        if not competition or cues.has("exclude", sentence):
            return None
        bound = self._bound(sentence, restraint, cues, language, parties)
        period, months = self._period(sentence, cues, language)
        if cues.has("business_scope", sentence):
            scope = "business"
        elif cues.has("product_scope", sentence) and not cues.has("similar_scope", sentence):
            scope = "product"
        else:
            scope = "similar_products"
        dims = _restraint_dimensions(bound, months, period, scope, cues.search("territory", sentence))
        favours = None
        if bound and bound != "both" and parties:
            others = [p.alias or p.name for p in parties if bound not in (p.alias, p.name)]
            favours = others[0] if len(others) == 1 else None
        start = min(restraint.start(), competition.start())
        end = max(restraint.end(), competition.end())
        return Hit(start, end, favours=favours, dimensions=dims)

    @staticmethod
    def _bound(sentence, restraint, cues, language, parties) -> str | None:
        before = sentence[: restraint.end()]
        if (_JA_BOTH if language == "ja" else _EN_BOTH).search(before):
            return "both"
        known = _match_known(parties, before)
        if known:
            return known[-1] if len(set(known)) == 1 else known[-1]
        subject = None
        for subject in cues.finditer("bound", before):
            pass
        if subject:
            name = next((g for g in subject.groups() if g), None)
            return _clean_en_name(name) if language == "en" else name
        return None

    @staticmethod
    def _period(sentence, cues, language) -> tuple[str, int | None]:
        if cues.has("unlimited", sentence):
            return "unlimited", None
        post = cues.search("post_term", sentence)
        if post:
            durations = quantities.find_durations(sentence, language)
            if durations:
                # The duration nearest the post-term marker is the restraint period.
                nearest = min(durations, key=lambda d: min(abs(d[0] - post.end()), abs(d[1] - post.start())))
                return "post-term", nearest[2]
            return "post-term", None
        if cues.has("during_term", sentence):
            return "term", 0
        durations = quantities.find_durations(sentence, language)
        if durations:
            return "fixed", durations[0][2]
        return "unspecified", None


class HiddenCharactersKind(Kind):
    """Invisible or direction-changing characters (reads the whole text, not sentences)."""

    name = "hidden-characters"
    roles = ()
    optional_roles = ()
    dimensions = ("kind", "code_points", "count")
    trigger_roles = ()

    def analyse(self, sentence, cues, language, parties, thresholds):
        return None  # handled per document by scan_hidden


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (PatternKind(), IpTransferKind(), LicenceGrantKind(), RestraintKind(),
                 HiddenCharactersKind())
}


# --- hidden characters ------------------------------------------------------------------

_HIDDEN_KIND = {"zero-width": "zero-width", "bidi-control": "bidi", "confusable": "confusable"}


def scan_hidden(text: str) -> list[tuple[int, int, dict[str, Any]]]:
    """Runs of hidden characters and look-alike words as ``(start, end, dimensions)``
    (checker/textclean.py decides what counts)."""
    from .textclean import find_hidden_text

    return [(span.start, span.end, {"kind": _HIDDEN_KIND[span.kind], "code_points": span.codepoints,
                                    "count": span.end - span.start})
            for span in find_hidden_text(text)]


# --- non-compete: restraints on competing, developing with or dealing with others ---------


class CompetitionRestraintKind(RestraintKind):
    """A restraint on competing, on developing with others, or on dealing with them.

    Two forms, each judged within the covenant's own reach (not anywhere in the
    sentence, which let "similar" in an unrelated clause count):
    - a negative covenant whose object names competition ("shall not develop any
      competing product", 「競合する事業を行ってはならない」) or an activity in a field
      or with/for/to third parties ("shall not enter into any collaboration with a
      third party", 「第三者と共同で開発しない」);
    - a consequence that polices competition ("if X commercialises a Competing
      Product, Y may terminate").
    Exclusive dealing ("shall purchase exclusively from", 「乙以外の者に販売しない」) is its
    own category: a sentence that reads as one is left to checker/exclusive_dealing.py.
    English covenants put the object after the verb, Japanese before it: the reach
    is after the cue in English and before it in Japanese.
    """

    name = "competition-restraint"
    reads_lead_in = True  # "shall not:" then "(a) develop competing products" (engine.py)
    roles = ("trigger", "restraint", "competition")
    optional_roles = RestraintKind.optional_roles + (
        "third_party", "dealing", "field", "exclusive_dealing", "left_to_exclusive_dealing",
        "condition", "consequence",
        "survives", "resemblance", "offering", "grounds", "definition", "freedom", "reversal")
    dimensions = RestraintKind.dimensions + ("form", "defined_product", "bound_role")
    # the openings of a proviso sentence that can take back the freedom before it
    PROVISO_OPENING = {"en": regex_code.compile(r"\s*(?:provided|except\s+that|save\s+that|however)\b", re.I),
                       "ja": regex_code.compile(r"\s*(?:ただし|但し|但シ|タダシ)")}
    trigger_roles = ("trigger",)
    REACH = {"en": 600, "ja": 160}
    LEAD = 40  # English: a competition noun just before the cue ("Competing Products shall not")
    GOVERNS = 100  # an activity governs a field or business named this close after it

    def analyse(self, sentence, cues, language, parties, thresholds):
        found = self._reversed_freedom(sentence, cues, language)
        offset, form = 0, "covenant"
        for offset, part in ([] if found else _carve_out_parts(sentence, language)):
            # "…shall not compete; provided that nothing prevents X from holding shares":
            # the carve-out clears its own part, not the covenant before it. A list inside
            # the part ("shall not: (a) compete…; (e) solicit staff") is read item by item,
            # each with its lead-in, so a non-solicit in (e) does not clear (a).
            pieces = [part]
            if cues.has("exclude", part):
                pieces = [piece for piece in _inline_items(part, language, cues)
                          if not cues.has("exclude", piece)]
            for piece in pieces:
                for form, test in (("covenant", self._covenant),
                                   ("only-alongside", self._only_alongside),
                                   ("consequence", self._consequence)):
                    found = test(piece, cues, language)
                    if found is not None:
                        break
                if found is not None:
                    break
            if found is not None:
                break
        if found is None:
            return None
        anchor, scope_text, scope = found
        anchor = _Span(anchor.start() + offset, anchor.end() + offset)
        if scope == "dealing" and self._exclusive_dealing(sentence, anchor, cues):
            return None  # its own category: checker/rules/exclusive-dealing (exclusive_dealing.py)
        bound = self._bound(sentence, anchor, cues, language, parties)
        period, months = self._period(sentence, cues, language)
        if period == "post-term" and months is None:
            period = "unlimited"  # survives the term with no end stated
        # A likeness ("similar", 類似, 代替) widens a defined product to an undefined class,
        # unless the class itself is defined (「別紙３に定める類似製品」); competing with a
        # defined product ("competes with the Product") stays within that product.
        defined = cues.has("product_scope", scope_text) and (
            not cues.has("similar_scope", scope_text) or cues.has("definition", scope_text))
        if scope is None:
            if cues.has("business_scope", scope_text) or cues.has("field", scope_text):
                scope = "business"
            elif defined:
                scope = "product"
            else:
                scope = "similar_products"
        dims = {
            **_restraint_dimensions(bound, months, period, scope, cues.search("territory", sentence)),
            "form": form,
            "defined_product": scope == "product" or (scope == "dealing" and defined),
            # startup or business when the document says which the bound party is
            "bound_role": next((p.role for p in parties or [] if bound in (p.alias, p.name)), None),
        }
        favours = _other_party(bound, parties)
        if favours is None and bound not in (None, "both"):
            favours = _beneficiary(sentence, bound, language, parties)
        return Hit(anchor.start(), anchor.end(), favours=favours, dimensions=dims)

    def read_with_proviso(self, sentence, following, cues, language, parties, thresholds):
        """A freedom in one sentence taken back by a proviso in the next (「…自由に行うことが
        できる。ただし、…この限りでない。」), read as one (engine.py asks with the sentence that
        follows). Only that reading: other covenants are read in their own sentence."""
        joined = sentence + following
        if (not self.PROVISO_OPENING["ja" if language == "ja" else "en"].match(following)
                or self._reversed_freedom(joined, cues, language) is None):
            return None
        hit = self.analyse(joined, cues, language, parties, thresholds)
        if hit is not None:  # the finding stays on the freedom's sentence
            hit.start = min(hit.start, max(0, len(sentence) - 1))
            hit.end = max(hit.start + 1, min(hit.end, len(sentence)))
        return hit

    @staticmethod
    def _reversed_freedom(sentence, cues, language):
        """A freedom to compete or work in a field that a proviso takes back: 「…の研究開発を
        自由に行うことができる。ただし、…競合する製品については、この限りでない。」, "X may
        freely develop products in the Field; provided that this shall not apply to competing
        products". The freedom must be over a restrained kind of activity (an activity in a
        field, on competing or similar goods, or with others) and the proviso must reverse it."""
        parts = _carve_out_parts(sentence, language)
        if len(parts) < 2:
            return None
        (_, head), rest = parts[0], parts[1:]
        freedom = cues.search("freedom", head)
        if freedom is None or not cues.has("activity", head):
            return None
        if not (cues.has("field", head) or cues.has("competition", head) or cues.has("resemblance", head)
                or cues.has("business_scope", head) or (cues.has("dealing", head) and cues.has("third_party", head))
                or any(cues.has("competition", p) or cues.has("resemblance", p) for _, p in rest)):
            return None
        for offset, part in rest:
            reversal = cues.search("reversal", part)
            if reversal is not None:
                return _Span(freedom.start(), offset + reversal.end()), sentence, None
        return None

    def _reach(self, sentence, match, language) -> tuple[int, int]:
        if language == "ja":
            # the object precedes the verb; stop at the previous sentence-like break, or at
            # 「ものとし、」 closing an obligation of its own (「…認めるものとし、実施料は発生しない」)
            lo = max(0, match.start() - self.REACH["ja"])
            joint = sentence.rfind("ものとし、", lo, match.start())
            return (joint + len("ものとし、") if joint >= 0 else lo), match.end()
        return max(0, match.start() - self.LEAD), min(len(sentence), match.end() + self.REACH["en"])

    def _covenant(self, sentence, cues, language):
        for restraint in cues.finditer("restraint", sentence):
            lo, hi = self._reach(sentence, restraint, language)
            reach = sentence[lo:hi]
            if cues.has("competition", reach):
                return restraint, reach, None
            # "similar", "substitute": a likeness counts only after a restrained activity or
            # offer ("develop a substantially similar module", "offer any service similar to"),
            # not anywhere in reach ("…leave the rooms unusable for holding similar events")
            for like in cues.finditer("resemblance", reach):
                # the activity comes before the likeness in English, after it in Japanese
                between = (reach[like.end():] if language == "ja"
                           else reach[max(0, restraint.start() - lo):like.start()])
                if cues.has("activity", between) or cues.has("offering", between):
                    return restraint, reach, None
            # dealing with others: an activity plus "third party"/"anyone but X" in reach
            if cues.has("dealing", reach) and cues.has("third_party", reach):
                return restraint, reach, "dealing"
            # a whole field or line of business closed to the bound party: the field must
            # be the object of a restrained activity, not any "business" in the sentence
            for activity in cues.finditer("activity", reach):
                if language == "ja":  # 「電池材料の分野において研究開発を」: the field comes first
                    near = reach[max(0, activity.start() - self.GOVERNS // 2):activity.end()]
                else:
                    near = reach[activity.start():activity.end() + self.GOVERNS]
                if cues.has("field", near) or cues.has("business_scope", near):
                    return restraint, reach, "business"
        return None

    @staticmethod
    def _exclusive_dealing(sentence, anchor, cues) -> bool:
        """Buying only from, or selling only to, one party is exclusive dealing, reported
        by its own rule, when the covenant found is that dealing itself (the restraint
        lies inside the exclusive-dealing wording, or there is no negative covenant);
        "supply only to X and not make similar goods for others" keeps its second
        covenant, and a sentence naming competition stays a non-compete."""
        if cues.has("competition", sentence):
            return False
        return any(match.start() <= anchor.start() < match.end()
                   for match in cues.finditer("left_to_exclusive_dealing", sentence))

    @staticmethod
    def _only_alongside(sentence, cues, language):
        """Working in a market only together with or through the other party (「乙と共同する
        場合を除き…販売してはならない」, "other than in collaboration with X")."""
        match = cues.search("exclusive_dealing", sentence)
        return (match, sentence, "dealing") if match else None

    @staticmethod
    def _consequence(sentence, cues, language):
        # a ground for termination defined as competing ('"Cause" includes … providing
        # services competitive with the Company'; 「解除事由には…競合製品の販売を含む」)
        ground = cues.search("grounds", sentence)
        if ground is not None:
            act = sentence[ground.start():] if language == "en" else sentence
            if cues.has("competition", act) and (cues.has("activity", act) or cues.has("offering", act)):
                return ground, sentence, None
        condition = cues.search("condition", sentence)
        if not condition or not cues.has("consequence", sentence[condition.end():]):
            return None
        # English: "If X commercialises a Competing Product, …"; Japanese puts the
        # condition last: 「競合製品を販売したときは、…解除できる」.
        act = sentence[condition.start():] if language == "en" else sentence[:condition.end()]
        if (cues.has("competition", act) or cues.has("resemblance", act)) and cues.has("activity", act):
            return condition, sentence, None
        return None

    @staticmethod
    def _bound(sentence, restraint, cues, language, parties) -> str | None:
        """Who is restrained: the subject of the covenant, or "both" when that subject
        is mutual ("neither party", "each of A and B", 「甲及び乙は」「各当事者は」) or the
        sentence extends the restraint to the other side (「乙も同様とする」)."""
        before = sentence[: restraint.end()]
        if language == "ja":
            single = cues.search("bound", before)  # the topic: the first 「Xは」
            mutual = _JA_MUTUAL_SUBJECT.search(before)
            if mutual and (single is None or mutual.start() <= single.start()):
                return "both"
            if single is None:
                if _JA_BOTH.search(before):
                    return "both"
                known = _match_known(parties, before)
                return known[0] if known else None
            if _JA_SAME_FOR_OTHER.search(sentence, restraint.end()):
                return "both"
            name = next((g for g in single.groups() if g), None)
            known = _match_known(parties, name or "")
            return known[0] if known else name
        single = None
        for match in cues.finditer("bound", before):  # the subject nearest the covenant
            name = next((g for g in match.groups() if g), None)
            name = _clean_en_name(name.split("\n")[-1] if name else None)  # not a heading above
            if name and name.split()[-1] in _EN_GROUP_WORDS:  # "Licensee and its Sublicensees shall"
                head = _EN_HEAD_OF_GROUP.search(before, 0, match.start())
                name = _clean_en_name(head.group(1)) if head else name
            if name and name not in ("Party", "Parties"):
                single = (match, name)
        mutual = None
        for mutual in _EN_MUTUAL_SUBJECT.finditer(before):
            pass
        if mutual and (single is None or mutual.end() >= single[0].start()):
            return "both"
        if single is None:
            known = _match_known(parties, before)
            return known[-1] if known else None
        if _EN_SAME_FOR_OTHER.search(sentence, restraint.end()):
            return "both"
        name = single[1]
        if name.lower() == "you":
            return "You"  # franchise forms: "you will not…"
        known = _match_known(parties, name)
        return known[0] if known else name

    @staticmethod
    def _period(sentence, cues, language) -> tuple[str, int | None]:
        period, months = RestraintKind._period(sentence, cues, language)
        if period in ("term", "unspecified") and cues.has("survives", sentence):
            return "unlimited", None  # 「終了後も存続する」, "survive termination" with no end
        return period, months


# mutual subjects of a covenant
_EN_MUTUAL_SUBJECT = regex_code.compile(
    r"\b(?i:each|neither|both|either)\s+(?i:of\s+the\s+)?(?i:part(?:y|ies))\b|\b(?i:no\s+party)\b|"
    r"\b(?i:the\s+parties)\s+(?i:shall|will|agree|covenant|undertake|hereby|mutually|each|may|must)\b|"
    r"\b(?i:neither)\s+(?:the\s+)?[A-Z][\w&.'\-]*(?:\s+[A-Z][\w&.'\-]*){0,2}\s+nor\s+(?:the\s+)?"
    r"[A-Z][\w&.'\-]*(?:\s+[A-Z][\w&.'\-]*){0,2}|"
    r"\b(?i:each\s+of)\s+(?:the\s+)?[A-Z][\w&.'\-]*(?:\s+[A-Z][\w&.'\-]*){0,2}\s+and\s+(?:the\s+)?[A-Z]\w*|"
    r"\b[A-Z][\w&.'\-]*\s+and\s+(?:the\s+)?(?!(?:Affiliates?|Sublicensees?|Subsidiar\w*|Representatives|"
    r"Employees|Personnel|Agents|Contractors|Subcontractors)\b)[A-Z][\w&.'\-]*\s+(?:each\s+|mutually\s+)?"
    r"(?:shall|will|agree|covenant|undertake|may|must)\b|\b(?i:mutually)\s+(?i:agree|covenant|undertake)")
# those a party answers for, not a party: "Licensee and its Sublicensees shall not"
_EN_GROUP_WORDS = {"Affiliate", "Affiliates", "Sublicensee", "Sublicensees", "Subsidiaries", "Representatives",
                   "Employees", "Personnel", "Agents", "Contractors", "Subcontractors"}
_EN_HEAD_OF_GROUP = regex_code.compile(r"((?-i:[A-Z])[\w&'\-]*)\s+(?:and|or)\s+(?:its\s+|their\s+|any\s+of\s+its\s+)?$")
# "…, and the same applies to the Company"; 「…。乙も同様とする」 inside the sentence
_EN_SAME_FOR_OTHER = regex_code.compile(
    r"\b(?:the\s+same\s+(?:restriction\s+|obligation\s+)?(?:shall\s+)?appl(?:y|ies)\s+(?:equally\s+)?to|"
    r"(?:this|such)\s+(?:restriction|covenant|obligation)\s+(?:shall\s+)?appl(?:y|ies)\s+equally\s+to|"
    r"mutatis\s+mutandis)", re.IGNORECASE)
_JA_MUTUAL_SUBJECT = regex_code.compile(
    r"(?:甲及び乙|甲および乙|乙及び甲|甲乙|両当事者|各当事者|当事者双方|本契約の当事者|いずれの当事者|"
    r"(?:甲|乙|[ァ-ヴー]{2,12}|[一-龥]{1,3}(?:者|社|主|店))(?:及び|および|並びに)(?:甲|乙|[ァ-ヴー]{2,12}|[一-龥]{1,3}(?:者|社|主|店)))"
    r"(?:は|も|とも|のいずれも|は、いずれも|は、相互に)")
_JA_SAME_FOR_OTHER = regex_code.compile(r"(?:甲|乙|相手方|[一-龥]{1,3}(?:者|社))(?:についても|も)(?:、)?同様(?:とする|とします|である)")

# the party a one-sided restraint serves, named in the sentence: whose consent is
# needed, the only source or buyer, the business competed with
_NC_EN_PARTY_WORD = r"(?:the\s+)?((?-i:[A-Z][\w&\-]*(?:\s+[A-Z][\w&\-]*){0,2}))"
_EN_BENEFICIARY = regex_code.compile(
    r"\b(?:consent|approval|permission)\s+of\s+" + _NC_EN_PARTY_WORD + r"|"
    + _NC_EN_PARTY_WORD + r"['’]s?\s+(?:prior\s+)?(?:written\s+)?(?:consent|approval|permission|business|products?)\b|"
    r"\bother\s+than\s+" + _NC_EN_PARTY_WORD + r"|"
    r"\b(?:exclusively|solely|only)\s+(?:from|to|through|with)\s+" + _NC_EN_PARTY_WORD + r"|"
    r"\bcompet\w*\s+with\s+" + _NC_EN_PARTY_WORD + r"|"
    + _NC_EN_PARTY_WORD + r"\s+shall\s+be\s+(?:the\s+)?(?:\w+['’]s\s+)?(?:sole|exclusive)\s+(?:source|supplier)",
    re.IGNORECASE)
_NC_JA_PARTY_WORD = r"(甲|乙|丙|貴社|当社|御社|弊社|[ァ-ヴー]{2,12}|[一-龥]{1,3}(?:者|主|店))"
_JA_BENEFICIARY = regex_code.compile(
    _NC_JA_PARTY_WORD + r"(?:の(?:事前の|書面による|書面での|事前)*(?:承諾|同意|許諾|許可)|以外の|(?:から|より)のみ|と競合|"
    r"の(?:事業|製品|商品)と競合)|(?:全量|全部|全て|すべて)を" + _NC_JA_PARTY_WORD + r"(?:から|より)")
# sides that come in pairs: read alone, a clause binding one serves the other
_PAIRS = [("甲", "乙"), ("貴社", "当社"), ("御社", "弊社"), ("委託者", "受託者"), ("発注者", "受注者"),
          ("ライセンサー", "ライセンシー"), ("売主", "買主"), ("貸主", "借主"), ("Licensor", "Licensee"),
          ("会社", "従業員"), ("会社", "社員"), ("貴社", "私"), ("本部", "加盟店"), ("当社", "ユーザー"),
          ("Franchisor", "Franchisee"), ("Seller", "Buyer")]
_JA_PAIR: dict[str, str] = {}
for _x, _y in _PAIRS:  # the first pair a word is in wins: 貴社 → 当社, though 私 → 貴社
    _JA_PAIR.setdefault(_x, _y)
    _JA_PAIR.setdefault(_y, _x)
# a capitalised defined thing, not a party: "competes with the Service", "the Joint Products"
_EN_THING_WORDS = {"Term", "Territory", "Product", "Products", "Agreement", "Specifications",
                   "Information", "Date", "Section", "Article", "Service", "Services", "Deliverables",
                   "Software", "Platform", "Components", "Component", "Technology", "Program",
                   "Compound", "Compounds", "Device", "Devices", "System", "Materials", "Field",
                   "Business", "Ingredient", "Licensed", "Results", "Project"}


def _beneficiary(sentence: str, bound: str, language: str, parties: list) -> str | None:
    """Whom a one-sided restraint serves when the parties are not known (a clause read
    alone): the other side the sentence names, or 甲's counterpart 乙."""
    pattern = _JA_BENEFICIARY if language == "ja" else _EN_BENEFICIARY
    for match in pattern.finditer(sentence):
        name = next((g for g in match.groups() if g), None)
        if language != "ja":
            name = _clean_en_name(name)
        if not name or name == bound or (language != "ja" and name.split()[-1] in _EN_THING_WORDS):
            continue
        known = _match_known(parties, name)
        return known[0] if known else name
    if not parties:
        return _JA_PAIR.get(bound)
    return None


def _other_party(bound: str | None, parties: list) -> str | None:
    """The party a one-sided restraint serves: the other of the two principal parties.

    The preamble names the contracting parties first; later "parties" found in the
    text (a discloser, a recipient) are roles of the same two, not a third side.
    """
    if not bound or bound == "both" or not parties:
        return None
    principal = parties[:2]
    if not any(bound in (p.alias, p.name) for p in principal):
        return None
    others = [p.alias or p.name for p in principal if bound not in (p.alias, p.name)]
    return others[0] if len(others) == 1 else None


@dataclass
class _Span:
    """A match-like span shifted from a part of the sentence to the whole sentence."""

    begin: int
    finish: int

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.finish


# (gated: asked twice of every sentence a restraint is read in, and few hold a proviso)
_CARVE_OUT = {
    "en": GatedAlternation([r"\bprovided(?:,?\s+however)?,?\s+that\b|\bsave\s+that\b|\bexcept\s+that\b|"
                            r"\bnotwithstanding\s+the\s+foregoing\b|\bit\s+being\s+understood\b"],
                           re.IGNORECASE),
    "ja": GatedAlternation([r"ただし、|但し、|もっとも、|但シ、?|タダシ、?"], 0),
}


# "(a)", "(ii)", "(3)", 「（１）」「①」 opening an item inside a sentence; in English after a
# space or punctuation, so "Section 2(a)" is a reference, not an item.
_INLINE_ITEM = {
    "en": regex_code.compile(r"(?:(?<=[\s;:,])|^)\((?:[a-z]|[ivx]{1,4}|\d{1,2})\)\s"),
    "ja": regex_code.compile(r"[（(](?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,2}|[イロハニホヘト])[）)]|[①-⑳]"),
}


def _inline_items(part: str, language: str, cues) -> list[str]:
    """The part once per item of an inline list, the other items blanked out (offsets
    unchanged): "shall not: (a) compete…; (e) solicit staff" reads (a) and (e) apart.
    The lead-in stays, and so does the covenant's verb where Japanese puts it, after
    the last item (「(1)競合製品の開発、(2)従業員の勧誘を行ってはならない」)."""
    lang = "ja" if language == "ja" else "en"
    cuts = [m.start() for m in _INLINE_ITEM[lang].finditer(part)]
    if len(cuts) < 2:
        return [part]
    verb = len(part)
    if lang == "ja":
        for verb_match in cues.finditer("restraint", part[cuts[-1]:]):
            verb = cuts[-1] + verb_match.start()
    bounds = list(zip(cuts, cuts[1:] + [len(part)]))
    pieces = []
    for keep, _ in enumerate(bounds):
        chars = list(part)
        for index, (a, b) in enumerate(bounds):
            if index != keep:
                for i in range(a, min(b, verb)):
                    if not chars[i].isspace():
                        chars[i] = " "
        pieces.append("".join(chars))
    return pieces


def _carve_out_parts(sentence: str, language: str) -> list[tuple[int, str]]:
    """The sentence cut before each proviso, as (offset, text) parts (the last sentence's
    are kept: the restraint kind asks twice, for a freedom and for a covenant)."""
    global _last_parts
    known = _last_parts
    if known[0] == (sentence, language):
        return known[1]
    cuts = [0] + [m.start() for m in _CARVE_OUT["ja" if language == "ja" else "en"].finditer(sentence)]
    cuts.append(len(sentence))
    parts = [(a, sentence[a:b]) for a, b in zip(cuts, cuts[1:]) if sentence[a:b].strip()]
    _last_parts = ((sentence, language), parts)  # one tuple, replaced whole (threads)
    return parts


_last_parts: tuple = ((None, None), [])


KINDS[CompetitionRestraintKind.name] = CompetitionRestraintKind()
from . import exclusive_dealing  # noqa: E402,F401  registers the exclusive-dealing kind
