"""kyoso's marks: what a draft says about itself, so that ``kyoso check`` knows it again.

Every document kyoso drafts carries its contract id, edition, language and the
parties' roles (startup / business, with the names and aliases the document uses),
and the cover memo says it is a memo. DOCX files carry the marks as custom document
properties (``docProps/custom.xml``: Word shows them under File > Properties and
keeps them when the document is edited and saved); Markdown drafts carry them as
YAML front matter. Both are the same flat mapping, encoded here and nowhere else, so
the writer (templates/) and the reader (checker/) cannot drift apart.

Marks are a hint about a file that may have travelled: decoding never raises, ignores
what it does not know and returns None for anything malformed. The checker decides
how far to trust them (checker/marks.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from . import limits

VERSION = 1
PREFIX = "kyoso."
KINDS = ("contract", "memo")
ROLES = ("startup", "business")
LANGUAGES = ("ja", "en")
LANGUAGE_MODES = ("ja", "en", "ja+en")
DEFAULT_EDITION = "material"  # the METI/JPO new-material model contracts
MEMO_CONTRACT = "pack"  # the cover memo belongs to a pack, not to one contract
# The cover memo's title (templates/memo.py prints it): the checker treats a file
# marked as a memo as one only when its text still opens with this title.
MEMO_TITLES = {"ja": "契約書パッケージ　カバーメモ", "en": "Contract pack: cover memo"}

CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
CUSTOM_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_RELTYPE = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                  "custom-properties")
CUSTOM_PART = "/docProps/custom.xml"
# Every user-defined property carries this format id (ECMA-376 part 1, 22.3.2.2);
# property ids start at 2 (0 and 1 are reserved).
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


@dataclass(frozen=True)
class MarkedParty:
    role: str  # startup | business
    name: dict[str, str]  # language -> the name as the document prints it
    alias: dict[str, str] = field(default_factory=dict)  # language -> 甲 / "the Startup"


@dataclass(frozen=True)
class Marks:
    kind: str  # contract | memo
    contract: str  # "joint-development"; "pack" for the memo
    edition: str  # "material"; "ai" once the AI edition lands
    language: str  # ja | en | ja+en
    parties: tuple[MarkedParty, ...] = ()

    @property
    def is_memo(self) -> bool:
        return self.kind == "memo"

    def to_json(self) -> dict[str, Any]:
        """What the check report shows about the marks (roles are in ``parties[]``)."""
        return {"kind": self.kind, "contract": self.contract, "edition": self.edition,
                "language": self.language}


# --- the flat form (document properties) ------------------------------------------------


def to_properties(marks: Marks) -> list[tuple[str, str]]:
    """Marks as (name, text) pairs, in a stable order: kyoso.kind, kyoso.party1.role, …"""
    props = [("marks", str(VERSION)), ("kind", marks.kind), ("contract", marks.contract),
             ("edition", marks.edition), ("language", marks.language)]
    for number, party in enumerate(marks.parties, 1):
        props.append((f"party{number}.role", party.role))
        for lang in LANGUAGES:
            if lang in party.name:
                props.append((f"party{number}.name.{lang}", party.name[lang]))
            if lang in party.alias:
                props.append((f"party{number}.alias.{lang}", party.alias[lang]))
    return [(PREFIX + key, _capped(value)) for key, value in props]


def from_properties(props: dict[str, str]) -> Marks | None:
    """Marks from document properties (names with the ``kyoso.`` prefix); None if absent or bad."""
    flat = {name[len(PREFIX):]: value for name, value in props.items() if name.startswith(PREFIX)}
    if not flat:
        return None
    parties: dict[int, dict[str, Any]] = {}
    for key, value in flat.items():
        parts = key.split(".")
        if not parts[0].startswith("party") or not parts[0][5:].isdigit():
            continue
        number = int(parts[0][5:])
        if not 1 <= number <= limits.MAX_MARKED_PARTIES:
            continue
        entry = parties.setdefault(number, {"name": {}, "alias": {}})
        if parts[1:] == ["role"]:
            entry["role"] = value
        elif len(parts) == 3 and parts[1] in ("name", "alias") and parts[2] in LANGUAGES:
            entry[parts[1]][parts[2]] = value
    mapping = {key: flat.get(key) for key in ("marks", "kind", "contract", "edition", "language")}
    mapping["parties"] = [parties[n] for n in sorted(parties)]
    return from_mapping(mapping)


# --- the nested form (Markdown front matter) ----------------------------------------------


def to_mapping(marks: Marks) -> dict[str, Any]:
    return {
        "marks": VERSION, "kind": marks.kind, "contract": marks.contract, "edition": marks.edition,
        "language": marks.language,
        "parties": [{"role": p.role, "name": dict(p.name), "alias": dict(p.alias)}
                    for p in marks.parties],
    }


def from_mapping(mapping: Any) -> Marks | None:
    """Marks from the nested form; None when anything needed is missing or malformed."""
    if not isinstance(mapping, dict) or str(mapping.get("marks")) != str(VERSION):
        return None
    kind, contract = mapping.get("kind"), mapping.get("contract")
    edition, language = mapping.get("edition") or DEFAULT_EDITION, mapping.get("language")
    if kind not in KINDS or language not in LANGUAGE_MODES:
        return None
    if not _short_text(contract) or not _short_text(edition):
        return None
    raw_parties = mapping.get("parties") or []
    if not isinstance(raw_parties, list) or len(raw_parties) > limits.MAX_MARKED_PARTIES:
        return None
    parties = []
    for raw in raw_parties:
        party = _party(raw)
        if party is None:
            return None
        parties.append(party)
    return Marks(kind, contract, edition, language, tuple(parties))


def _party(raw: Any) -> MarkedParty | None:
    if not isinstance(raw, dict) or raw.get("role") not in ROLES:
        return None
    texts = {}
    for key in ("name", "alias"):
        value = raw.get(key) or {}
        if not isinstance(value, dict) or not all(
                lang in LANGUAGES and _short_text(text) for lang, text in value.items()):
            return None
        texts[key] = {lang: text for lang, text in value.items()}
    if not texts["name"] and not texts["alias"]:
        return None
    return MarkedParty(raw["role"], texts["name"], texts["alias"])


def _short_text(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= limits.MAX_MARK_VALUE_CHARS


def _capped(value: str) -> str:
    return value[: limits.MAX_MARK_VALUE_CHARS]


# --- Markdown front matter -------------------------------------------------------------------


def front_matter(marks: Marks) -> str:
    """``---`` / ``kyoso: {…}`` / ``---``: YAML that GitHub and most wikis show as a table."""
    import yaml

    body = yaml.safe_dump({"kyoso": to_mapping(marks)}, allow_unicode=True, sort_keys=False,
                          default_flow_style=False, width=1000)
    return f"---\n{body}---\n"


def split_front_matter(text: str) -> tuple[Marks | None, int]:
    """(marks, number of leading lines they take) for Markdown text that opens with
    kyoso's front matter; (None, 0) for anything else. Front matter that holds
    anything beside ``kyoso`` is left in the text: only our own block is hidden from
    the checker, so nobody can tuck contract terms where the checker does not read."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None, 0
    for end in range(1, min(len(lines), limits.MAX_FRONT_MATTER_LINES)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return None, 0
    from .errors import KyosoError
    from .safe_yaml import loads

    try:
        data = loads("\n".join(lines[1:end]), "front matter")
    except KyosoError:
        return None, 0
    if not isinstance(data, dict) or list(data) != ["kyoso"]:
        return None, 0
    marks = from_mapping(data["kyoso"])
    return (marks, end + 1) if marks is not None else (None, 0)


# --- DOCX custom properties -------------------------------------------------------------------


def custom_properties_xml(props: Iterable[tuple[str, str]]) -> bytes:
    """``docProps/custom.xml`` holding ``props`` as text properties (lxml escapes the values)."""
    from lxml import etree  # here: checking a text file need not load lxml

    root = etree.Element(f"{{{CUSTOM_NS}}}Properties", nsmap={None: CUSTOM_NS, "vt": VT_NS})
    for pid, (name, value) in enumerate(props, 2):
        prop = etree.SubElement(root, f"{{{CUSTOM_NS}}}property", fmtid=_FMTID, pid=str(pid),
                                name=name)
        etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def read_custom_properties(root) -> dict[str, str]:
    """The kyoso text properties of a parsed ``docProps/custom.xml`` (others are ignored)."""
    found: dict[str, str] = {}
    for prop in root.iter(f"{{{CUSTOM_NS}}}property"):
        name = prop.get("name") or ""
        if not name.startswith(PREFIX) or len(found) >= limits.MAX_MARK_PROPERTIES:
            continue
        # Any variant type: an editor may store "1" back as a number (vt:i4).
        value = next((child for child in prop if isinstance(child.tag, str)), None)
        if value is not None and value.text:
            found[name] = value.text
    return found
