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

import copy
import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Block, Finding, Party, severity_rank
from ..readers.docx import _SKIPPED, MC_FALLBACK, paragraph_text
from .annotate import block_for, comment_text
from .common import SEVERITY_LABELS, chrome_language
from .redline_wording import (
    ModelParagraph,
    cast_parties,
    model_paragraphs,
    number_paragraphs,
    sentence_span,
    typed_label,
)
from .wordml import AUTHOR, add_comment, body_paragraphs, comment_markers, mark_paragraph, \
    open_docx, save_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{%s}" % W
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# What a run may hold for kyoso to move it into a deletion: text and its spacing only.
# A field, drawing, note reference or content control inside a passage is left alone.
_PLAIN = {"rPr", "t", "tab", "ptab", "br", "cr", "noBreakHyphen", "softHyphen",
          "lastRenderedPageBreak"}
_TEXT_LENGTH = {"tab": 1, "ptab": 1, "br": 1, "cr": 1, "noBreakHyphen": 1}
_RUN_PARENTS = {"p", "hyperlink", "smartTag"}
_CHANGE_TAGS = {"ins", "moveTo"}  # someone's insertion: the reader keeps its text
_REMOVED_TAGS = {"del", "moveFrom"}  # someone's deletion: not in the text, still in the file
REVISION_ID_GAP = 1000  # our w:ids start this far above the file's highest, clear of its own

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


@dataclass
class _Atom:
    """A piece of the paragraph's extracted text and the XML that holds it."""

    start: int
    end: int
    node: object  # w:t, w:tab, … (zero-length markers: w:del of another author, objects)
    run: object | None
    changed: bool  # inside someone's tracked insertion (w:ins / w:moveTo)


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
    editor = _Editor(document, now or _dt.datetime.now(_dt.timezone.utc))
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
        problem = _why_not(paragraph, *span)
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
    return sentence_span(text, start, end, lang, floor=label_end)


def atoms(paragraph) -> list[_Atom]:
    """The paragraph's text as the DOCX reader extracts it, piece by piece."""
    found: list[_Atom] = []
    _walk(paragraph, None, False, found, [0])
    return found


def _walk(element, run, changed: bool, found: list[_Atom], position: list[int]) -> None:
    """Mirrors readers/docx.py ``_collect`` (same skips), keeping each node's place."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag == MC_FALLBACK:
            continue
        local = tag[len(_W):] if tag.startswith(_W) else None
        if local == "t" or local in _TEXT_LENGTH:
            length = len(child.text or "") if local == "t" else 1
            found.append(_Atom(position[0], position[0] + length, child, run, changed))
            position[0] += length
        elif local in _REMOVED_TAGS:
            found.append(_Atom(position[0], position[0], child, run, True))
        elif local in _SKIPPED:
            if local not in ("pPr", "rPr", "p"):  # an object in the text: note where it is
                found.append(_Atom(position[0], position[0], child, run, changed))
        else:
            inner_run = child if local == "r" else run
            _walk(child, inner_run, changed or local in _CHANGE_TAGS, found, position)


def _why_not(paragraph, start: int, end: int) -> str | None:
    """None when [start, end) is plain runs kyoso may edit, else the WORDS key of why not."""
    inside = [a for a in atoms(paragraph) if a.start < end and a.end > start
              or (a.start == a.end and start < a.start < end)]
    if any(a.changed for a in inside):
        return "in_change"
    for atom in inside:
        run = atom.run
        if run is None or _local(run.getparent()) not in _RUN_PARENTS:
            return "not_plain"
        if any(_local(kid) not in _PLAIN for kid in run):
            return "not_plain"
    return None


def _local(element) -> str | None:
    tag = element.tag if element is not None else None
    return tag[len(_W):] if isinstance(tag, str) and tag.startswith(_W) else None


# --- the edit --------------------------------------------------------------------------------


class _Editor:
    def __init__(self, document, now: _dt.datetime):
        self.document = document
        self.date = now.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        ids = [int(v) for v in document.element.xpath("//@w:id") if re.fullmatch(r"-?\d+", v)]
        self.next_id = max(ids, default=0) + REVISION_ID_GAP

    def _mark(self, tag: str):
        from docx.oxml import OxmlElement

        self.next_id += 1
        return OxmlElement(tag, attrs={f"{_W}id": str(self.next_id), f"{_W}author": AUTHOR,
                                       f"{_W}date": self.date})

    def replace(self, paragraph, span: tuple[int, int], wording, block: Block, lang: str,
                comment: str) -> None:
        start, end = span
        _split_at(paragraph, start)
        _split_at(paragraph, end)
        runs = []
        for atom in atoms(paragraph):
            if atom.start >= start and atom.end <= end and atom.end > atom.start \
                    and atom.run is not None and (not runs or runs[-1] is not atom.run):
                runs.append(atom.run)
        run_properties = runs[0].find(_W + "rPr") if runs else None
        last = None
        for run in runs:
            deletion = self._mark("w:del")
            run.addprevious(deletion)
            deletion.append(run)
            for text in run.iter(_W + "t"):
                text.tag = _W + "delText"
            last = deletion
        anchor = last if last is not None else _first_text_anchor(paragraph)
        while anchor.getparent() is not paragraph:  # keep the insertion out of a hyperlink
            anchor = anchor.getparent()
        text = paragraph_text(paragraph, _W)
        label_length, style, number = typed_label(text, lang)
        insertion = self._insertion(wording[0].text, run_properties)
        anchor.addnext(insertion)
        comment_id = add_comment(self.document, comment)
        range_start, range_end, reference = comment_markers(comment_id)
        insertion.addprevious(range_start)
        tail = insertion
        auto = block.label is not None
        original_properties = copy.deepcopy(paragraph.find(_W + "pPr"))
        previous = paragraph
        for line in number_paragraphs(wording, lang, style, number, auto):
            new_paragraph, tail = self._new_paragraph(paragraph, line, run_properties,
                                                      item=line[:1] in ("　", " "))
            previous.addnext(new_paragraph)
            previous = new_paragraph
        if previous is not paragraph and _local(previous.getnext()) != "p":
            self._keep_last_mark(paragraph, previous, original_properties)
        tail.addnext(range_end)
        range_end.addnext(reference)

    def _keep_last_mark(self, paragraph, last, original_properties) -> None:
        """The last paragraph of a table cell or of the document cannot lose its mark, so
        there the original mark moves to the last new paragraph and the replaced paragraph's
        mark is the inserted one (as Word does when Enter is pressed at a paragraph's end):
        Reject All still joins everything back into one paragraph with its own properties."""
        from docx.oxml import OxmlElement

        last.remove(last.find(_W + "pPr"))
        if original_properties is not None:
            last.insert(0, original_properties)
        properties = paragraph.find(_W + "pPr")
        if properties is None:
            properties = OxmlElement("w:pPr")
            paragraph.insert(0, properties)
        for section in properties.findall(_W + "sectPr"):  # the break ends the last paragraph
            properties.remove(section)
        mark = properties.find(_W + "rPr")
        if mark is None:
            mark = OxmlElement("w:rPr")
            _insert_in_order(properties, mark)
        mark.insert(0, self._mark("w:ins"))

    def _insertion(self, text: str, run_properties):
        from docx.oxml import OxmlElement

        insertion = self._mark("w:ins")
        run = OxmlElement("w:r")
        if run_properties is not None:
            properties = copy.deepcopy(run_properties)
            for change in properties.findall(_W + "rPrChange"):
                properties.remove(change)
            run.append(properties)
        node = OxmlElement("w:t")
        node.set(XML_SPACE, "preserve")
        node.text = text
        run.append(node)
        insertion.append(run)
        return insertion

    def _new_paragraph(self, model, text: str, run_properties, item: bool):
        """A paragraph inserted whole: its content and its paragraph mark are tracked."""
        from docx.oxml import OxmlElement

        paragraph = OxmlElement("w:p")
        old = model.find(_W + "pPr")
        properties = copy.deepcopy(old) if old is not None else OxmlElement("w:pPr")
        for name in ("sectPr", "pPrChange"):  # a section break stays with the original
            for child in properties.findall(_W + name):
                properties.remove(child)
        if item:  # items carry their own label (一, (a)); the paragraph's number is not theirs
            for child in properties.findall(_W + "numPr"):
                properties.remove(child)
            numbering = OxmlElement("w:numPr")
            numbering.append(OxmlElement("w:numId", attrs={f"{_W}val": "0"}))
            _insert_in_order(properties, numbering)
        mark = properties.find(_W + "rPr")
        if mark is None:
            mark = OxmlElement("w:rPr")
            _insert_in_order(properties, mark)
        for child in list(mark):
            if _local(child) in ("ins", "del", "moveFrom", "moveTo", "rPrChange"):
                mark.remove(child)
        mark.insert(0, self._mark("w:ins"))
        paragraph.append(properties)
        insertion = self._insertion(text, run_properties)
        paragraph.append(insertion)
        return paragraph, insertion


# Children of w:pPr in schema order: Word refuses a file whose pPr is out of order.
_PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
              "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku",
              "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi",
              "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents",
              "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap",
              "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"]


def _insert_in_order(properties, child) -> None:
    rank = _PPR_ORDER.index(_local(child))
    for index, existing in enumerate(properties):
        name = _local(existing)
        if name in _PPR_ORDER and _PPR_ORDER.index(name) > rank:
            properties.insert(index, child)
            return
    properties.append(child)


def _first_text_anchor(paragraph):
    """Where an insertion goes when nothing is deleted: after the paragraph properties."""
    properties = paragraph.find(_W + "pPr")
    if properties is not None:
        return properties
    from docx.oxml import OxmlElement

    marker = OxmlElement("w:proofErr", attrs={f"{_W}type": "gramEnd"})
    paragraph.insert(0, marker)
    return marker


def _split_at(paragraph, offset: int) -> None:
    """Make ``offset`` fall between two runs (splitting a run and its w:t if needed)."""
    for atom in atoms(paragraph):
        if atom.start < offset < atom.end and _local(atom.node) == "t":
            _split_run(atom.run, atom.node, offset - atom.start)
            return
        if atom.start == offset and atom.run is not None:
            _split_before(atom.run, atom.node)
            return


def _split_run(run, text_node, cut: int) -> None:
    value = text_node.text or ""
    head = copy.deepcopy(text_node)
    head.text = value[:cut]
    head.set(XML_SPACE, "preserve")
    text_node.text = value[cut:]
    text_node.set(XML_SPACE, "preserve")
    text_node.addprevious(head)
    _split_before(run, text_node)


def _split_before(run, node) -> None:
    """Move ``node`` and what follows it in ``run`` into a new run with the same rPr."""
    kids = [kid for kid in run if _local(kid) != "rPr"]
    if not kids or kids[0] is node or node not in kids:
        return
    index = kids.index(node)
    new_run = copy.deepcopy(run)
    for kid in list(new_run):
        if _local(kid) != "rPr":
            new_run.remove(kid)
    for kid in kids[index:]:
        new_run.append(kid)
    run.addnext(new_run)
