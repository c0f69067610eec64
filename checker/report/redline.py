"""``--redline OUT.docx``: the checker's suggestions as tracked changes in the user's DOCX.

For each chosen finding (``choose``) the flagged passage becomes a tracked deletion
(``w:del``) followed by a tracked insertion (``w:ins``) of the model wording, rendered
for this contract (redline_wording.py), and a Word comment on the insertion says why.
Author ``kyoso``, dated now. The user's file is never opened for writing.

* A flagged passage that is all its paragraph says replaces the paragraph's text
  (a label the contract typed, "２　" or "7.2 ", stays); otherwise its sentences are
  replaced. The model's further paragraphs follow as new paragraphs whose content and
  paragraph mark are tracked insertions (Reject All removes them whole) and that copy the
  paragraph's properties (style, numbering), as the insertion copies the first deleted
  run's properties (font, size).
* Tracked changes already in the file stay as they are. A passage that touches one (or
  a field, a content control, a drawing: anything but plain runs of text) is not
  redlined: its paragraph gets a comment with the suggestion instead.
* Reject All gives back the original text: every kyoso deletion holds the original runs
  unchanged (``w:t`` → ``w:delText``), split only where the passage begins or ends.

The paragraph is found by ``Block.source`` as in annotate.py; findings outside the
body (headers, footnotes) are left to ``--annotate``.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Block, Finding, Party, severity_rank
from ..readers.docx import paragraph_text
from .annotate import block_for, comment_text
from .common import SEVERITY_LABELS
from .redline_wording import ModelParagraph, cast_parties, model_paragraphs, sentence_span, typed_label
from .redline_xml import W, Editor, why_not
from .wordml import add_comment, body_paragraphs, mark_paragraph, open_docx, save_docx

_W = "{%s}" % W

WORDS = {
    "en": {"replaced": "kyoso suggests the model wording ({clause}) in place of this passage.",
           "terms": "Article numbers, defined terms (such as the Product or the Joint Results) "
                    "and figures such as dates and periods are the model contract's example: "
                    "align them with this contract before sending.",
           "not_redlined": "kyoso did not redline this passage: {why}. The suggested wording "
                           "is below.",
           "in_change": "it is inside a tracked change by another author",
           "not_plain": "it holds a field, content control or other object kyoso does not edit"},
    "ja": {"replaced": "kyoso は、この箇所をモデル条項（{clause}）の文言に置き換えることを提案します。",
           "terms": "条番号、定義語（本製品、本発明など）および日付・期間などの数値はモデル契約の例のものです。"
                    "送付前にこの契約に合わせてください。",
           "not_redlined": "kyoso はこの箇所を変更履歴で修正していません（{why}）。推奨文言は以下のとおりです。",
           "in_change": "他の作成者の変更履歴の中にあるため",
           "not_plain": "フィールド、コンテンツコントロールその他 kyoso が編集しない要素を含むため"},
}


def choose(findings: list[Finding], with_party: bool = False) -> list[Finding]:
    """Medium and high findings with a suggested clause; with --party, only those against
    the user. When --party matched no party (every ``against_user`` is None; the check
    has warned), all of them, as without --party."""
    serious = [f for f in findings if severity_rank(f.severity) >= severity_rank("medium")
               and f.suggestion_clause]
    if with_party and any(f.against_user is not None for f in findings):
        return [f for f in serious if f.against_user]
    return serious


@dataclass
class RedlineReport:
    path: Path
    redlined: int = 0  # passages replaced by tracked changes
    commented: int = 0  # passages only commented on (inside another's change, or not plain text)
    skipped: int = 0  # findings outside the body (see --annotate)
    unchanged: int = 0  # passages that already say what the model clause says
    notes: list[str] = field(default_factory=list)


def redline_docx(data: bytes, blocks: list[Block], findings: list[Finding], language: str | None,
                 parties: list[Party], document_text: str, output: str | Path, *,
                 force: bool = False, inputs: tuple[str | Path, ...] = (),
                 party: str | None = None, now: _dt.datetime | None = None) -> RedlineReport:
    """Write the redlined copy of ``data`` to ``output``; return what was done. ``party``
    is --party (the name, alias or role the user gave), None without it."""
    from ..parties import resolve_party

    with_party = party is not None
    user = resolve_party(parties, party) if party else None
    document = open_docx(data, "redline")
    paragraphs = body_paragraphs(document)
    editor = Editor(document, now or _dt.datetime.now(_dt.timezone.utc))
    lang = "ja" if language == "ja" else "en"
    report = RedlineReport(Path(output))
    passages: list[tuple[int, tuple[int, int], Block, list[Finding]]] = []
    for finding in choose(findings, with_party):
        block = _main_block(blocks, finding)
        span = None
        if block is not None and block.source is not None and 0 <= block.source < len(paragraphs):
            span = _passage(paragraphs[block.source], block, finding, lang)
        if span is None:
            report.skipped += 1
            continue
        for index, (source, (first, last), _, group) in enumerate(passages):
            if source == block.source and span[0] < last and first < span[1]:
                passages[index] = (source, (min(first, span[0]), max(last, span[1])), block,
                                   group + [finding])
                break
        else:
            passages.append((block.source, span, block, [finding]))
    # Last passage first: an edit shifts the text after it, never the text before it.
    for source, span, block, group in sorted(passages, key=lambda p: (p[0], p[1][0]), reverse=True):
        group.sort(key=lambda f: (-severity_rank(f.severity), f.location.start))
        lead, paragraph = group[0], paragraphs[source]
        problem = why_not(paragraph, *span)
        if problem is not None:
            note = WORDS[lang]["not_redlined"].format(why=WORDS[lang][problem])
            mark_paragraph(paragraph, add_comment(document, comment_text(lead, language, note)))
            report.commented += 1
            continue
        wording, model = _wording(lead, lang, parties, document_text, user)
        if not wording:
            report.skipped += 1
            continue
        if _already_model(paragraph_text(paragraph, _W)[span[0]:span[1]], wording, model):
            report.unchanged += 1  # a finding on the model's own wording: nothing to propose
            continue
        editor.replace(paragraph, span, wording, block, lang, _comment(group, lang))
        report.redlined += 1
    report.path = save_docx(document, output, force=force, inputs=inputs)
    return report


def _wording(finding: Finding, lang: str, parties: list[Party], document_text: str,
             user: Party | None):
    """(model paragraphs in this contract's names, the same in the model's own names)."""
    from ..api import suggestion_text  # the unswapped model wording (甲 = the startup)

    wording = suggestion_text(finding.suggestion_clause, lang)
    if not wording:
        return None, None
    model = model_paragraphs(wording, lang)
    cast = [ModelParagraph(cast_parties(p.text, lang, parties, finding.favours, document_text,
                                        user), p.item) for p in model]
    return cast, model


def _already_model(passage: str, *wordings) -> bool:
    """The passage says what the model says (in the contract's names or the model's own:
    kyoso's own drafts keep the model's)."""
    def squeeze(text: str) -> str:
        return re.sub(r"\s+", "", text)

    passage = squeeze(passage)
    return bool(passage) and any(passage in squeeze("".join(p.text for p in wording))
                                 for wording in wordings)


def _comment(group: list[Finding], lang: str) -> str:
    """Why: each finding on the passage, the guideline's reason, and what the insertion is
    (the wording of the first, most severe, finding's suggested clause)."""
    words = WORDS[lang]
    lines: list[str] = []
    reasons: set[str] = set()
    for finding in group:
        severity = SEVERITY_LABELS[lang][finding.severity]
        head = f"【{severity}】{finding.category}：" if lang == "ja" else \
            f"[{severity}] {finding.category}: "
        lines.append(head + finding.message)
        if finding.rationale and finding.rationale not in reasons:
            reasons.add(finding.rationale)
            lines.append(("理由：" if lang == "ja" else "Why: ") + finding.rationale)
    lines.append(words["replaced"].format(clause=group[0].suggestion_clause))
    lines.append(words["terms"])
    return "\n".join(lines)


# --- where the passage is ------------------------------------------------------------------


def _main_block(blocks: list[Block], finding: Finding) -> Block | None:
    """The block holding most of the finding: a span that opens on an article heading
    ("第2条（成果の帰属）") is about the text under it, not the heading."""
    first = block_for(blocks, finding.location.start)
    if first is None:
        return None
    best, best_overlap = first, -1
    for block in blocks[blocks.index(first):]:
        if block.start >= finding.location.end and block is not first:
            break
        overlap = min(block.end, finding.location.end) - max(block.start, finding.location.start)
        if block.source is not None and overlap > best_overlap:
            best, best_overlap = block, overlap
    return best


def _passage(paragraph, block: Block, finding: Finding, lang: str) -> tuple[int, int] | None:
    """[start, end) in the paragraph's own text (without a numbering label Word adds)."""
    text = paragraph_text(paragraph, _W)
    prefix = len(block.text) - len(text)  # the automatic label the reader put in front
    if prefix < 0 or not block.text.endswith(text):
        return None
    start = max(finding.location.start - block.start - prefix, 0)
    end = min(finding.location.end - block.start - prefix, len(text))
    label_end = typed_label(text, lang)[0]
    start = max(start, label_end)
    if end <= start:
        end = len(text)
    span = sentence_span(text, start, end, lang, floor=label_end)
    return span if span[1] > span[0] else None  # nothing but a label: nothing to replace
