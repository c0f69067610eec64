"""Parse one XML part of an Office file without trusting it.

OOXML forbids DTDs, so any ``<!DOCTYPE`` is refused outright: that shuts out entity
expansion ("billion laughs") and external entities (file or network reads) before
lxml sees a byte. The parser also runs with entities, DTD loading and network off.
Before parsing, the opening tags are counted in the raw bytes (C speed), so a part
of millions of tiny elements is refused before it can fill memory; after parsing,
nesting deeper than ``MAX_XML_DEPTH`` and more than ``MAX_PARAGRAPHS`` paragraphs
are refused (libxml2 itself stops at 256 levels while parsing).
"""

from __future__ import annotations

from lxml import etree

from . import limits
from .errors import InputError

_DOCTYPES = tuple("<!DOCTYPE".encode(codec) for codec in ("ascii", "utf-16-le", "utf-16-be"))
PARAGRAPH_TAGS = (
    "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p",
    "{http://purl.oclc.org/ooxml/wordprocessingml/main}p",  # strict OOXML
)
# An element deeper than the limit exists iff this path (one step more) matches.
_TOO_DEEP = "/" + "/".join(["*"] * (limits.MAX_XML_DEPTH + 1))


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                           load_dtd=False, remove_comments=True, remove_pis=True)


def parse_part(label: str, name: str, data: bytes) -> etree._Element:
    if any(marker in data for marker in _DOCTYPES):
        raise InputError(f"{label}: {name} contains a DTD (<!DOCTYPE>), which Word documents "
                         f"never have; refusing it (entity expansion / external entities)")
    opening_tags = data.count(b"<") - data.count(b"</")
    if opening_tags > limits.MAX_XML_ELEMENTS:
        raise InputError(f"{label}: {name} has about {opening_tags:,} XML elements (limit "
                         f"{limits.MAX_XML_ELEMENTS:,}); refusing it")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        if "depth" in str(error).lower():
            raise InputError(f"{label}: {name} nests elements more than "
                             f"{limits.MAX_XML_DEPTH} deep; refusing it") from None
        raise InputError(f"{label}: {name} is not well-formed XML ({error})") from None
    if root.xpath(_TOO_DEEP):
        raise InputError(f"{label}: {name} nests elements more than "
                         f"{limits.MAX_XML_DEPTH} deep; refusing it")
    paragraphs = sum(1 for _ in root.iter(*PARAGRAPH_TAGS))
    if paragraphs > limits.MAX_PARAGRAPHS:
        raise InputError(f"{label}: {name} has {paragraphs:,} paragraphs (limit "
                         f"{limits.MAX_PARAGRAPHS:,}); refusing it")
    return root
