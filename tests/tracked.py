"""Word's "Accept All" and "Reject All" as XML transformations, for the redline tests.

Only word/document.xml changes. Accept: insertions kept (unwrapped), deletions dropped,
a deleted paragraph mark joins its paragraph to the next. Reject: the reverse, with
``w:delText`` turned back into ``w:t``. ``author`` limits either to one author's changes.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{%s}" % W


def _rewrite(data: bytes, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "word/document.xml":
                root = etree.fromstring(content)
                change(root)
                content = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                         standalone=True)
            target.writestr(item, content)
    return out.getvalue()


def _mine(element, author: str | None) -> bool:
    return author is None or element.get(_W + "author") == author


def _unwrap(element) -> None:
    parent = element.getparent()
    index = parent.index(element)
    for offset, child in enumerate(list(element)):
        parent.insert(index + offset, child)
    parent.remove(element)


def _join_with_next(paragraph) -> None:
    """Remove ``paragraph``'s mark: its content moves to the start of the next paragraph."""
    following = paragraph.getnext()
    while following is not None and following.tag != _W + "p":
        following = following.getnext()
    content = [child for child in paragraph if child.tag != _W + "pPr"]
    if following is not None:
        properties = following.find(_W + "pPr")
        at = 1 if properties is not None else 0
        for offset, child in enumerate(content):
            following.insert(at + offset, child)
    paragraph.getparent().remove(paragraph)


def _apply(root, author: str | None, keep: tuple[str, ...], drop: tuple[str, ...]) -> None:
    for tag in drop:
        for element in list(root.iter(_W + tag)):
            if element.getparent() is not None and element.getparent().tag == _W + "rPr":
                continue  # a paragraph-mark marker: handled below
            if _mine(element, author):
                element.getparent().remove(element)
    for tag in keep:
        for element in list(root.iter(_W + tag)):
            if element.getparent().tag == _W + "rPr":
                continue
            if _mine(element, author):
                if tag in ("del", "moveFrom"):
                    for text in element.iter(_W + "delText"):
                        text.tag = _W + "t"
                _unwrap(element)
    for paragraph in list(root.iter(_W + "p")):
        marks = paragraph.find(f"{_W}pPr/{_W}rPr")
        if marks is None:
            continue
        for tag in keep:
            for marker in marks.findall(_W + tag):
                if _mine(marker, author):
                    marks.remove(marker)
        if any(_mine(marker, author) for tag in drop for marker in marks.findall(_W + tag)):
            _join_with_next(paragraph)


def accept_all(data: bytes, author: str | None = None) -> bytes:
    return _rewrite(data, lambda root: _apply(root, author, ("ins", "moveTo"), ("del", "moveFrom")))


def reject_all(data: bytes, author: str | None = None) -> bytes:
    return _rewrite(data, lambda root: _apply(root, author, ("del", "moveFrom"), ("ins", "moveTo")))


def paragraphs(data: bytes) -> list[tuple[bytes, str]]:
    """(paragraph properties as XML, text) of every body paragraph, tracked changes as they
    stand (inserted text in, deleted text out): what a reader of the file sees."""
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    out = []
    for paragraph in root.iter(_W + "p"):
        properties = paragraph.find(_W + "pPr")
        xml = etree.tostring(properties, method="c14n") if properties is not None else b""
        text = "".join(node.text or "" for node in paragraph.iter(_W + "t"))
        out.append((xml, text))
    return out


def run_texts(data: bytes) -> list[tuple[bytes, str]]:
    """(run properties as XML, text) of each run with text, neighbours of equal
    formatting merged: formatting per stretch of text, however the runs were split."""
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    out: list[tuple[bytes, str]] = []
    for paragraph in root.iter(_W + "p"):
        for run in paragraph.iter(_W + "r"):
            text = "".join(node.text or "" for node in run.iter(_W + "t"))
            if not text:
                continue
            properties = run.find(_W + "rPr")
            xml = etree.tostring(properties, method="c14n") if properties is not None else b""
            if out and out[-1][0] == xml:
                out[-1] = (xml, out[-1][1] + text)
            else:
                out.append((xml, text))
        out.append((b"", "\n"))
    return out
