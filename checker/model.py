"""The checker's data, passed from stage to stage.

read (readers/) -> SourceText -> segment (structure.py) -> Structure
-> parties (parties.py) -> rules (engine.py) -> Finding -> DocumentResult -> report/

Offsets (``start``/``end``) are always character offsets into ``SourceText.text``,
the text as kyoso extracted it (tracked insertions accepted, deletions removed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("info", "low", "medium", "high")


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


@dataclass
class Block:
    """One paragraph-like unit of extracted text.

    ``kind`` is ``paragraph``, ``heading``, ``table-cell``, ``header``, ``footer``,
    ``footnote`` or ``line`` (text/PDF input). ``source`` locates the block in the
    original file for writers that annotate it: for DOCX it is the index of the
    ``w:p`` element in document order over ``word/document.xml`` (``//w:body//w:p``,
    tables included); None where the block has no such home.
    """

    text: str
    start: int
    end: int
    kind: str = "paragraph"
    source: int | None = None
    label: str | None = None  # automatic numbering label Word would show ("第1条", "7.2", "(a)")


@dataclass
class SourceText:
    path: str  # as given by the user or as found in a directory
    text: str  # blocks joined by "\n"
    blocks: list[Block]
    format: str  # docx | pdf | txt | md | stdin
    language: str | None = None  # "ja" | "en", detected per document
    warnings: list[str] = field(default_factory=list)
    # What the file says about itself, apart from its text: kyoso's marks on its own
    # drafts (core/marks.py: DOCX custom properties, Markdown front matter), as a
    # ``Marks``; None when the file carries none.
    metadata: Any = None


@dataclass
class Clause:
    """A numbered unit of the contract: an article, a paragraph in it, or an item."""

    start: int
    end: int
    article: str | None  # "7", "7.2" style number of the article/section, or None
    article_title: str | None  # "Ownership of Results" / "知的財産権の帰属"
    paragraph: str | None  # "2" (第2項 / 7.2) or None
    item: str | None  # "1" (第1号) / "a" or None

    def label(self, language: str) -> str:
        """Human place name: "Article 7.6 (Ownership of Results)" or 第7条第6項."""
        if language == "ja":
            parts = []
            if self.article:
                parts.append(f"第{self.article}条")
            if self.paragraph:
                parts.append(f"第{self.paragraph}項")
            if self.item:
                parts.append(f"第{self.item}号")
            place = "".join(parts) or "前文"
            return f"{place}（{self.article_title}）" if self.article_title else place
        place = "Preamble"
        if self.article:
            place = f"Article {self.article}"
            if self.paragraph:
                place += f".{self.paragraph}"
            if self.item:
                place += f"({self.item})"
        return f"{place} ({self.article_title})" if self.article_title else place


@dataclass
class Party:
    name: str
    alias: str | None  # 甲, 乙, "Company", "Licensee"
    role: str | None = None  # startup | business | None when unknown
    user: bool = False  # the party --party names: "user": true in the JSON

    def to_json(self) -> dict[str, Any]:
        shown: dict[str, Any] = {"name": self.name, "alias": self.alias, "role": self.role}
        if self.user:
            shown["user"] = True
        return shown


@dataclass
class Location:
    article: str | None  # e.g. "Article 7.6 (Ownership of Results)" / "第7条第6項（…）"
    paragraph: str | None
    start: int
    end: int


@dataclass
class Finding:
    rule: str  # "ip-assignment/vesting" (from the rule file path)
    category: str  # "ip-assignment", "unlimited-license", "non-compete", ...
    severity: str  # info | low | medium | high
    message: str  # in the document's language
    location: Location
    excerpt: str
    favours: str | None  # party name/alias the term favours, if known
    dimensions: dict[str, Any] = field(default_factory=dict)
    suggestion_clause: str | None = None  # "joint-development/ip_ownership"
    suggestion_text: str | None = None  # the model wording, rendered in the document's language
    suggestion_note: str | None = None  # who is who in that wording (甲＝スタートアップ …)
    rationale: str | None = None  # why the guideline warns, in the document's language
    against_user: bool | None = None  # True when it favours the other side of --party
    fingerprint: str | None = None  # rule + normalised passage (baseline.py); survives renumbering
    baselined: bool = False  # recorded in the --baseline file: reported, but not counted

    def to_json(self) -> dict[str, Any]:
        data = self._json_fields()
        if self.baselined:  # optional key: present only when a --baseline recorded it
            data["baselined"] = True
        return data

    def _json_fields(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "location": {
                "article": self.location.article,
                "paragraph": self.location.paragraph,
                "start": self.location.start,
                "end": self.location.end,
            },
            "excerpt": self.excerpt,
            "favours": self.favours,
            "dimensions": self.dimensions,
            "suggestion": {"clause": self.suggestion_clause, "text": self.suggestion_text,
                           "note": self.suggestion_note},
            "rationale": self.rationale,
            "against_user": self.against_user,
        }


@dataclass
class DocumentResult:
    path: str
    language: str | None = None
    parties: list[Party] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    error: dict[str, str] | None = None  # {"code", "message"} when the file could not be read
    sha256: str | None = None  # content hash, used by --since to resume batches
    marks: Any = None  # kyoso's marks on its own draft (core/marks.py ``Marks``), if any
    note: str | None = None  # why a document is listed but not checked (kyoso's cover memo)

    def to_json(self) -> dict[str, Any]:
        shown = {
            "path": self.path,
            "language": self.language,
            "sha256": self.sha256,
            "parties": [p.to_json() for p in self.parties],
            "findings": [f.to_json() for f in self.findings],
            "error": self.error,
        }
        if self.marks is not None:
            shown["kyoso"] = self.marks.to_json()
        if self.note is not None:
            shown["note"] = self.note
        return shown


SCHEMA_VERSION = 1
