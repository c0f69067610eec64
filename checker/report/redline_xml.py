"""The tracked-change surgery behind ``--redline``: find a passage's runs in a paragraph,
move them into a ``w:del``, add the ``w:ins`` and any inserted paragraphs after them.

Offsets are into the paragraph's text as the DOCX reader extracts it (``atoms`` mirrors
readers/docx.py ``_collect``, with the same skips), so a finding's span maps onto runs.
Only plain runs of text are edited (``why_not`` says when not); everything else in the
paragraph, other authors' tracked changes included, is left as it is.
"""

from __future__ import annotations

import copy
import datetime as _dt
import re
from dataclasses import dataclass

from ..model import Block
from ..readers.docx import _SKIPPED, MC_FALLBACK, paragraph_text
from .redline_wording import number_paragraphs, typed_label
from .wordml import AUTHOR, add_comment, comment_markers

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


@dataclass
class _Atom:
    """A piece of the paragraph's extracted text and the XML that holds it."""

    start: int
    end: int
    node: object  # w:t, w:tab, … (zero-length markers: w:del of another author, objects)
    run: object | None
    changed: bool  # inside someone's tracked insertion (w:ins / w:moveTo)


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


def why_not(paragraph, start: int, end: int) -> str | None:
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


class Editor:
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
        if not any(_local(child) in ("ins", "del") for child in mark):  # one marker at most
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
