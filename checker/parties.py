"""Find the contracting parties and the short names the contract calls them by.

Contracts name each party once, in the preamble, and use an alias afterwards:
「株式会社ABC（以下「甲」という。）」, 「…を甲とし、…を乙として」,
``ABC Inc., a Delaware corporation ("Company")``, ``hereinafter referred to as
"Distributor"``. Rules that ask "whom does this favour?" see only the alias, so the
engine maps a mention back to a party with ``party_for_mention``.

Only the first pages and the definitions article are read: that is where parties
are defined, and a batch of long contracts should not pay for the rest.
"""

from __future__ import annotations

import re
import unicodedata

from . import regex_code
from ..core import limits
from .model import Party
from .normalise import fold

_MAX_PARTIES = 8
_MAX_NAME_CHARS = 80
# How far back from an alias the party's name may start.
_NAME_WINDOW = 300

# --- Japanese ---------------------------------------------------------------------------
_JA_LETTERS = "甲乙丙丁戊"
_JA_ALIAS = regex_code.compile(
    r"以下[、,，]?\s*(?:単に|併せて|総称して)?\s*[「『]([^」』\n]{1,20})[」』]"
    r"(?:\s*(?:又は|または|若しくは)\s*[「『]([^」』\n]{1,20})[」』])?"
    r"(?:\s*(?:と|って)?(?:いう|いい|言う|称する|称し|略称する|略す)|(?=\s*[）)]))")  # 「（以下「甲」）」 too
_JA_AS_LETTER = regex_code.compile(r"([^、。\n「」]{1,60}?)を[「『]?([甲乙丙丁])[」』]?と(?:し|して|する|いう|いい)")
_JA_HEADER_LINE = regex_code.compile(r"(?m)^[ \t　]*([甲乙丙丁])[ \t　]*[:：]?[ \t　]*(\S[^\n]{0,50})$")
_JA_ORG = regex_code.compile(r"株式会社|有限会社|合同会社|合資会社|合名会社|法人|大学|組合|協会|機構|"
                             r"研究所|財団|社団|公社|センター|㈱|\(株\)|（株）|Inc|Ltd|LLC|Corp")
_JA_ROLE_WORDS = {"委託者", "受託者", "開示者", "受領者", "ライセンサー", "ライセンシー", "許諾者",
                  "実施権者", "発注者", "受注者", "売主", "買主", "出資者", "投資者", "発行会社",
                  "スタートアップ", "事業会社", "研究者", "提供者", "利用者", "共同研究者",
                  "開発者", "販売店", "代理店", "製造者", "会社", "当社", "貴社",
                  "従業員", "社員", "ユーザー", "お客様", "会員", "本部", "加盟店", "加盟者",
                  "フランチャイザー", "フランチャイジー", "貸主", "借主"}
# The sides of a relationship that a document may name only by role, with no preamble:
# work rules (会社/従業員), terms of service (当社/ユーザー), pledges (貴社/私). Both words
# must be used as a subject or object for the pair to count (see _implied_parties).
_JA_PARTY_PAIRS = (("会社", "従業員"), ("会社", "社員"), ("当社", "ユーザー"), ("当社", "利用者"),
                   ("当社", "お客様"), ("当社", "会員"), ("本部", "加盟店"), ("本部", "加盟者"),
                   ("フランチャイザー", "フランチャイジー"), ("委託者", "受託者"), ("発注者", "受注者"),
                   ("ライセンサー", "ライセンシー"), ("売主", "買主"), ("貸主", "借主"), ("貴社", "私"))
_JA_ROLE_USE = r"(?<![一-龥ァ-ヴー]){word}(?:は|が|に対し|の(?:事前|書面|承諾|同意)|を)"
# 「Ｘ社とＹ社は、…契約を締結する」: names used as they are, with no alias
_JA_NAME_PAIR = regex_code.compile(r"(?:^|[\n。])\s*([^\s、。「」（）()と]{1,30}?)(?:と|及び|および)[、,]?\s*"
                                   r"([^\s、。「」（）()]{1,30}?)(?:と)?は[、,]?[^。\n]{0,60}?(?:契約|合意|約定)")
# anonymous names of model contracts: X社, Y社, A社
_JA_PLACEHOLDER_NAME = regex_code.compile(r"^[A-Z]{1,3}社$")
_JA_STARTUP = regex_code.compile(r"スタートアップ|ベンチャー|新興企業")
_JA_BUSINESS = regex_code.compile(r"事業会社|大企業|大手企業|事業者側")
_JA_ROLE_DEFINITION = regex_code.compile(
    r"[「『](スタートアップ|ベンチャー企業?|事業会社)[」』]\s*とは[、,]?\s*([甲乙丙丁])")
_JA_ROLE_STATEMENT = regex_code.compile(
    r"([甲乙丙丁])は[、,]?\s*(?:いわゆる)?(スタートアップ|ベンチャー|事業会社)(?:企業)?(?:で|に該当)")
_JA_DEFINITIONS = regex_code.compile(r"[（(]定義[）)]")
# Hiragana or 当事者/相手方 mean a phrase, not a name: names are kanji, katakana or Latin.
_JA_NOT_A_NAME = regex_code.compile(r"[ぁ-ゖ]|当事者|相手方|一方|双方|各自")
_JA_LEADING = regex_code.compile(r"^(?:と|及び|および|並びに|ならびに|は|が|、|,|\s|　)+")

# --- English ----------------------------------------------------------------------------
_QUOTED = r"[\"“”'‘’]([^\"“”'‘’\n]{1,40}?)[\"“”'‘’]"
_EN_PAREN = regex_code.compile(r"\(([^()\n]{1,200})\)")
_EN_QUOTED = regex_code.compile(_QUOTED)
_EN_HEREINAFTER = regex_code.compile(
    r",?\s*\b(?:hereinafter|herein)\b,?\s*(?:referred\s+to\s+as|called|designated\s+as|known\s+as)?"
    r"\s*,?\s*(?:the\s+)?" + _QUOTED, re.IGNORECASE)
_EN_GENERIC = {"party", "parties", "agreement", "this agreement", "effective date", "term", "project",
               "research", "program", "programme", "purpose", "confidential information", "territory",
               "product", "products", "field", "results", "license", "licence", "patents", "patent",
               "services", "work", "deliverables", "plan", "budget", "affiliate", "affiliates",
               "contract", "nda", "jda", "poc", "commencement date", "signing date", "closing"}
_EN_ROLE_WORDS = {"company", "licensor", "licensee", "supplier", "distributor", "startup", "start-up",
                  "customer", "client", "contractor", "consultant", "developer", "partner", "purchaser",
                  "seller", "buyer", "vendor", "recipient", "discloser", "disclosing party",
                  "receiving party", "investor", "sponsor", "collaborator", "provider", "manufacturer",
                  "owner", "employer", "university", "institution", "service provider", "corporation",
                  "business company", "corporate partner", "reseller", "agent", "principal", "lender",
                  "borrower", "subscriber", "issuer", "we", "you", "us", "employee", "executive",
                  "franchisor", "franchisee"}
# pairs an English document may name only by role (an employee handbook, a franchise
# disclosure): capitalised defined terms, as contracts write them
_EN_PARTY_PAIRS = (("Company", "Employee"), ("Employer", "Employee"), ("Company", "Executive"),
                   ("Franchisor", "Franchisee"), ("Licensor", "Licensee"), ("Seller", "Buyer"),
                   ("Seller", "Purchaser"), ("Vendor", "Purchaser"), ("Company", "Consultant"))
# words that end an organisation's name: company forms, and the bodies that contract for
# universities and trusts ("… University", "The Regents of …", "… Trust")
_EN_ORG = regex_code.compile(r"\b(?:Inc|Incorporated|Corp|Corporation|Company|Co|LLC|L\.L\.C|Ltd|Limited|LLP|LP|"
                             r"plc|PLC|GmbH|AG|S\.A|SAS|B\.V|N\.V|K\.K|Kabushiki\s+Kaisha|Pte|Pty|Holdings|"
                             r"University|Institute|Foundation|Regents|Trust|Partners)\b\.?")
_EN_BETWEEN = regex_code.compile(r".*\b(?:by\s+and\s+between|between|among|by\s+and\s+among|BETWEEN|AMONG)\b",
                                 re.DOTALL)
_EN_DESCRIPTOR = regex_code.compile(
    r",\s+(?:a|an|of|at|having|with|whose|located|organized|organised|incorporated|existing|acting|"
    r"represented|each|duly|registered)\b|\s+(?:a|an)\s+(?:[\w-]+\s+){0,4}(?:corporation|company|"
    r"limited|partnership|entity|university|individual)\b")
_EN_SENTENCE_END = regex_code.compile(
    r"(?<!\bInc)(?<!\bCo)(?<!\bLtd)(?<!\bCorp)(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bNo)"
    r"(?<!\b[A-Z])[.;:]\s+(?=[A-Z])")
_EN_STARTUP = regex_code.compile(r"\bstart-?up\b|\bventure\b", re.IGNORECASE)
_EN_BUSINESS = regex_code.compile(r"\bbusiness company\b|\bcorporate partner\b|\blarge (?:company|enterprise)\b",
                                  re.IGNORECASE)
_EN_ROLE_DEFINITION = regex_code.compile(r"[\"“](Start-?up|Business Company)[\"”]\s+(?:means|shall mean|refers to)"
                                         r"\s+(?:the\s+)?([A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,4})")
_EN_DEFINITIONS = regex_code.compile(r"(?m)^\s*(?:ARTICLE|Article|Section|SECTION)?\s*[0-9IVX.]*\s*"
                                     r"(?:DEFINITIONS|Definitions)\b")
# A name read back from an alias that starts with a clause number ("**4.1**", "5.",
# "Article 3") or holds a lowercase verb (shall, pays, is) is a sentence of the
# body ("4.1 The Company shall pay the Startup ... (the "Fee")"), not a preamble naming a
# party: there a role word (Company, Startup) is only a mention of a party already named.
# Only lowercase verbs count, so lowercase brand names ("acme.io, inc.") still pass.
_EN_CLAUSE_NUMBER = regex_code.compile(r"^\s*(?:[*_]{1,2})?\s*(?:(?:Article|Section|ARTICLE|SECTION)\s+)?"
                                       r"\(?\d+(?:\.\d+)*[.)]?\s*(?:[*_]{1,2})?(?:\s|$)")
_EN_SENTENCE_VERB = regex_code.compile(r"\b(?:shall|will|must|may|can|should|would|is|are|was|were|has|have|"
                                       r"hereby|agrees?|pays?|grants?|owns?|receives?|provides?|discloses?|"
                                       r"undertakes?|acknowledges?|warrants?|not)\b")
_CORP_WORDS = regex_code.compile(r"株式会社|有限会社|合同会社|㈱|\(株\)|（株）|,?\s*\b(?:Inc|Incorporated|Corp|"
                                 r"Corporation|Co|Ltd|Limited|LLC|K\.K|GmbH|plc)\b\.?", re.IGNORECASE)


def find_parties(text: str, language: str) -> list[Party]:
    """The parties defined in the preamble (and roles named in the definitions)."""
    # ＡＢＣ株式会社 and 「Ｘ社」 are found as if written half width (checker/normalise.py)
    head = fold(text[: limits.PARTY_SCAN_CHARS])
    definitions = fold(_definitions_slice(text, language))
    if language == "ja":
        parties = _japanese_parties(head)
        _implied_parties(parties, head + "\n" + definitions, "ja")
        _japanese_roles(parties, head + "\n" + definitions)
    else:
        parties = _english_parties(head)
        _implied_parties(parties, head + "\n" + definitions, "en")
        _english_roles(parties, head + "\n" + definitions)
    return parties[:_MAX_PARTIES]


def _implied_parties(parties: list[Party], text: str, language: str) -> None:
    """Complete a pair the document names only by role (work rules, terms of service,
    pledges, a preamble naming one side): when fewer than two parties were found and
    both sides of a known pair are used in the text, the missing side is added under
    its role word, so "whom does this bind / favour" can be answered."""
    if len(parties) >= 2:
        return
    pairs = _JA_PARTY_PAIRS if language == "ja" else _EN_PARTY_PAIRS
    known = {_norm(p.alias or p.name) for p in parties}
    best = None
    for pair in pairs:
        # a side already found by the preamble need not be used again to count
        uses = [1 if _norm(word) in known else _role_uses(word, text, language) for word in pair]
        if not all(uses):
            continue
        if parties and not known & {_norm(word) for word in pair}:
            continue  # the pair must include the side already found
        if best is None or sum(uses) > best[1]:
            best = (pair, sum(uses))
    if best is None:
        return
    for word in best[0]:
        if _norm(word) not in known:
            parties.append(Party(name=word, alias=word, role=None))


def _role_uses(word: str, text: str, language: str) -> int:
    if language == "ja":
        return len(re.findall(_JA_ROLE_USE.format(word=re.escape(word)), text))
    return len(re.findall(rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])", text))


def _definitions_slice(text: str, language: str) -> str:
    if len(text) <= limits.PARTY_SCAN_CHARS:
        return ""
    pattern = _JA_DEFINITIONS if language == "ja" else _EN_DEFINITIONS
    found = pattern.search(text, limits.PARTY_SCAN_CHARS)
    if not found:
        return ""
    return text[found.start(): found.start() + limits.PARTY_DEFINITIONS_SCAN_CHARS]


def _add(parties: list[Party], name: str, alias: str | None, role: str | None) -> None:
    key = _norm(alias or name)
    if any(_norm(p.alias or p.name) == key for p in parties):
        return
    parties.append(Party(name=name, alias=alias, role=role))


# --- Japanese -------------------------------------------------------------------------------
def _japanese_parties(head: str) -> list[Party]:
    found: list[tuple[int, str, str, str | None]] = []  # (offset, name, alias, role)
    for match in _JA_ALIAS.finditer(head):
        alias = match.group(1).strip()
        opening = _open_paren_before(head, match.start())
        cut = opening if opening is not None else match.start()
        segment = head[max(0, cut - _NAME_WINDOW // 3): cut]
        name = _ja_name(segment)
        context = _ja_clause_tail(segment) + head[cut: match.end()]
        if _ja_is_party(name, alias):
            found.append((match.start(), name, alias, _role(context, "ja", alias)))
    for match in _JA_AS_LETTER.finditer(head):
        name = _ja_name(match.group(1))
        if name and _ja_is_party(name, match.group(2)):
            found.append((match.start(), name, match.group(2), _role(name, "ja", match.group(2))))
    for match in _JA_NAME_PAIR.finditer(head):
        for group in (1, 2):
            name = match.group(group)
            if _JA_PLACEHOLDER_NAME.match(name) or (_JA_ORG.search(name) and not _JA_NOT_A_NAME.search(name)):
                found.append((match.start(group), name, name, _role(name, "ja", None)))
    for match in _JA_HEADER_LINE.finditer(head):
        name = match.group(2).strip()
        if (_JA_ORG.search(name) or _JA_PLACEHOLDER_NAME.match(name)) and len(name) <= _MAX_NAME_CHARS:
            found.append((match.start() + len(head), name, match.group(1), _role(name, "ja", None)))
    parties: list[Party] = []
    for _, name, alias, role in sorted(found, key=lambda f: f[0]):
        _add(parties, name, alias, role)
    return parties


def _open_paren_before(text: str, index: int) -> int | None:
    """The unclosed （ that the alias sits in, if it opened close by."""
    depth = 0
    for position in range(index - 1, max(-1, index - 120), -1):
        char = text[position]
        if char in "）)":
            depth += 1
        elif char in "（(":
            if depth == 0:
                return position
            depth -= 1
        elif char in "。\n":
            return None
    return None


def _ja_clause_tail(segment: str) -> str:
    """The words just before a party's alias (「スタートアップである株式会社A」)."""
    cut = max(segment.rfind(c) for c in "。、\n「」』：:,，）)")
    return segment[cut + 1:]


def _ja_name(segment: str) -> str:
    name = _ja_clause_tail(segment)
    name = re.split(r"である|たる", name)[-1]
    name = _JA_LEADING.sub("", name).strip(" 　")
    if "　" in name:
        name = name.rsplit("　", 1)[-1]
    return name if 0 < len(name) <= _MAX_NAME_CHARS else ""


def _ja_is_party(name: str, alias: str) -> bool:
    if not name or (alias.startswith(("本", "当該", "前記")) and alias not in _JA_ROLE_WORDS):
        return False
    if _JA_ORG.search(name) or alias in _JA_LETTERS:
        return True
    # A role word names a party only after a name: 「山田太郎（以下「受託者」という。）」 is one,
    # 「当事者の一方（以下「開示者」という。）」 is a role either side may play.
    return alias in _JA_ROLE_WORDS and not _JA_NOT_A_NAME.search(name)


def _japanese_roles(parties: list[Party], text: str) -> None:
    """「スタートアップ」とは、乙をいう / 甲はスタートアップ企業である; the same for a party
    named by a role word (当社はスタートアップ企業であり…)."""
    found = [(m.group(2), m.group(1)) for m in _JA_ROLE_DEFINITION.finditer(text)]
    found += [(m.group(1), m.group(2)) for m in _JA_ROLE_STATEMENT.finditer(text)]
    for party in parties:
        if party.alias and party.alias not in _JA_LETTERS:
            alias = re.escape(party.alias)
            statement = re.search(rf"(?<![一-龥ァ-ヴー]){alias}は[、,]?\s*(?:いわゆる)?(スタートアップ|ベンチャー|事業会社)"
                                  r"(?:企業)?(?:で|に該当)", text)
            definition = re.search(rf"[「『](スタートアップ|ベンチャー企業?|事業会社)[」』]\s*とは[、,]?\s*{alias}"
                                   r"(?:を|のことを)いう", text)
            for match in (statement, definition):
                if match:
                    found.append((party.alias, match.group(1)))
    for alias, word in found:
        party = resolve_party(parties, alias)
        if party is not None and party.role is None:
            party.role = "business" if "事業" in word else "startup"


# --- English --------------------------------------------------------------------------------
def _english_parties(head: str) -> list[Party]:
    found: list[tuple[int, int, str]] = []  # (start of alias form, end, alias)
    for match in _EN_PAREN.finditer(head):
        alias = _pick_alias(match.group(1))
        if alias:
            found.append((match.start(), match.end(), alias))
    for match in _EN_HEREINAFTER.finditer(head):
        if not any(start <= match.start() < end for start, end, _ in found):
            alias = match.group(1).strip()
            if _norm(alias) not in _EN_GENERIC:
                found.append((match.start(), match.end(), alias))
    parties: list[Party] = []
    previous_end = 0
    for start, end, alias in sorted(found):
        segment = head[max(previous_end, start - _NAME_WINDOW): start]
        name = _en_name(segment)
        if name and _en_is_party(name, alias):
            described = segment[segment.find(name):] if name in segment else name
            _add(parties, name, alias, _role(described + " " + alias, "en", alias))
            previous_end = end
    return parties


def _pick_alias(inside: str) -> str | None:
    """("XYZ" or the "Company") → Company; (the "Agreement") → None."""
    words_outside = _EN_QUOTED.sub(" ", inside).split()
    if len(words_outside) > 12:
        return None  # a parenthetical remark that happens to quote something
    terms = [t.strip() for t in _EN_QUOTED.findall(inside)]
    terms = [t for t in terms if t and _norm(t) not in _EN_GENERIC]
    return terms[-1] if terms else None


def _en_name(segment: str) -> str:
    segment = segment.split("\n\n")[-1].replace("\n", " ")
    between = _EN_BETWEEN.match(segment)
    if between:
        segment = segment[between.end():]
    segment = segment[segment.rfind(")") + 1:]
    ends = list(_EN_SENTENCE_END.finditer(segment))
    if ends:
        segment = segment[ends[-1].end():]
    segment = _EN_DESCRIPTOR.split(segment, maxsplit=1)[0]
    name = re.sub(r"^(?:[,;:\s]|and\b|&)+", "", segment).strip(" ,;:")
    name = re.sub(r"^(?:the\s+)?(?=[A-Z])", "", name) if name.lower().startswith("the ") else name
    return name if 0 < len(name) <= _MAX_NAME_CHARS else ""


def _en_is_party(name: str, alias: str) -> bool:
    if _norm(alias) in _EN_GENERIC or name.lower().startswith(("this ", "that ", "such ")):
        return False
    if _reads_as_sentence(name):
        return False
    if _EN_ORG.search(name):
        return True
    # Even with a role alias ("Recipient") the name must look like one: "the party that
    # discloses to the other (the "Recipient")" defines a role either party may play.
    words = [w for w in name.split() if w.lower() not in ("of", "and", "&", "de", "the")]
    return 0 < len(words) <= 6 and all(w[:1].isupper() or w[:1].isdigit() for w in words)


def _reads_as_sentence(name: str) -> bool:
    """"4.1 The Company shall pay the Startup JPY 100": numbered, or a lowercase verb."""
    if _EN_CLAUSE_NUMBER.match(name):
        return True
    return bool(_EN_SENTENCE_VERB.search(name))


def _english_roles(parties: list[Party], text: str) -> None:
    for match in _EN_ROLE_DEFINITION.finditer(text):
        party = resolve_party(parties, match.group(2))
        if party is not None and party.role is None:
            party.role = "startup" if match.group(1).lower().startswith("start") else "business"


# --- shared ---------------------------------------------------------------------------------
def _role(context: str, language: str, alias: str | None) -> str | None:
    """A role only when the contract says so: an alias or a description naming it."""
    startup, business = (_JA_STARTUP, _JA_BUSINESS) if language == "ja" else (_EN_STARTUP, _EN_BUSINESS)
    if startup.search(context):
        return "startup"
    if business.search(context):
        return "business"
    return None


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().strip()
    text = text.strip("\"'“”‘’「」『』()（） ")
    if text.startswith("the "):
        text = text[4:]
    return text


def _core_name(name: str) -> str:
    """株式会社ABC → abc; ABC Inc. → abc (what people type for --party)."""
    return _norm(_CORP_WORDS.sub(" ", name)).strip(" ,.")


def resolve_party(parties: list[Party], name_or_alias: str) -> Party | None:
    """The party a user or a rule names: alias (甲, "Licensee"), full name, or the start
    of the name up to a word end ("ABC" for "ABC Inc.", not "AB"); None when nothing or
    more than one party fits."""
    query = _norm(name_or_alias)
    if not query:
        return None
    for party in parties:
        if party.alias and _norm(party.alias) == query:
            return party
    for party in parties:
        if _norm(party.name) == query or _core_name(party.name) == query:
            return party
    prefixed = [p for p in parties if _is_prefix(query, _norm(p.name)) or _is_prefix(query, _core_name(p.name))]
    if len(prefixed) == 1:
        return prefixed[0]
    # "--party startup" works in either language when the contract says who the startup is.
    role = _ROLE_QUERIES.get(query)
    by_role = [p for p in parties if role and p.role == role]
    return by_role[0] if len(by_role) == 1 else None


_ROLE_QUERIES = {"startup": "startup", "start-up": "startup", "スタートアップ": "startup",
                 "business": "business", "business company": "business", "事業会社": "business"}


def _is_prefix(query: str, name: str) -> bool:
    if len(query) < 2 or not name.startswith(query):
        return False
    following = name[len(query): len(query) + 1]
    # "abc" may stand for "abc inc." but not for "abcd corp"; Japanese has no spaces.
    return not following or not following.isascii() or not following.isalnum() or not query[-1].isascii()


def party_for_mention(parties: list[Party], mention: str) -> Party | None:
    """Which party a mention in a sentence refers to: 甲, 「乙」, "the Company", "Licensee's"."""
    text = re.sub(r"(?:['’]s|['’])$", "", mention.strip())
    text = re.sub(r"(?:は|が|の|に|を|へ|と|も)$", "", text) if len(text) > 1 else text
    return resolve_party(parties, text)


def alias_pattern(parties: list[Party]) -> re.Pattern[str] | None:
    """A regex matching any alias or name of ``parties`` (longest first); feed each match
    to ``party_for_mention``. None when there is nothing to look for."""
    forms = {form for p in parties for form in (p.alias, p.name) if form}
    if not forms:
        return None
    pieces = []
    for form in sorted(forms, key=len, reverse=True):
        escaped = re.escape(form)
        # Latin names must stand alone ("Company" not in "Companywide"); kana/kanji cannot.
        pieces.append(rf"(?<![A-Za-z0-9]){escaped}(?![A-Za-z0-9])" if form.isascii() else escaped)
    return regex_code.compile("|".join(pieces))
