"""Parse one XML part of an Office file without trusting it.

OOXML forbids DTDs, so any ``<!DOCTYPE`` is refused outright: that shuts out entity
expansion ("billion laughs") and external entities (file or network reads) before
lxml sees a byte. The parser also runs with entities, DTD loading and network off,
and the walk stops as soon as nesting passes ``MAX_XML_DEPTH`` or the paragraph
count passes ``MAX_PARAGRAPHS``.
"""

from __future__ import annotations

import io

from lxml import etree

from ...core import limits
from ...core.errors import InputError

_DOCTYPES = tuple("<!DOCTYPE".encode(codec) for codec in ("ascii", "utf-16-le", "utf-16-be"))
PARAGRAPH_TAGS = frozenset({
    "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p",
    "{http://purl.oclc.org/ooxml/wordprocessingml/main}p",  # strict OOXML
})


def parse_part(label: str, name: str, data: bytes) -> etree._Element:
    if any(marker in data for marker in _DOCTYPES):
        raise InputError(f"{label}: {name} contains a DTD (<!DOCTYPE>), which Word documents "
                         f"never have; refusing it (entity expansion / external entities)")
    depth = paragraphs = 0
    events = etree.iterparse(io.BytesIO(data), events=("start", "end"), resolve_entities=False,
                             no_network=True, huge_tree=False, load_dtd=False,
                             remove_comments=True, remove_pis=True)
    try:
        for event, element in events:  # bounded by the (capped) size of the part
            if event == "end":
                depth -= 1
                continue
            depth += 1
            if depth > limits.MAX_XML_DEPTH:
                raise InputError(f"{label}: {name} nests elements more than "
                                 f"{limits.MAX_XML_DEPTH} deep; refusing it")
            if element.tag in PARAGRAPH_TAGS:
                paragraphs += 1
                if paragraphs > limits.MAX_PARAGRAPHS:
                    raise InputError(f"{label}: {name} has more than {limits.MAX_PARAGRAPHS:,} "
                                     f"paragraphs; refusing it")
        return events.root
    except etree.XMLSyntaxError as error:
        raise InputError(f"{label}: {name} is not well-formed XML ({error})") from None
