"""XML helpers shared by the simulator: namespaces, qualified names, safe parsing.

>>> qname(NC, "rpc")
'{urn:ietf:params:xml:ns:netconf:base:1.0}rpc'
>>> split_qname("{urn:x}leaf")
('urn:x', 'leaf')
>>> split_qname("plain")
('', 'plain')
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from lxml import etree

Element = etree._Element

NC = "urn:ietf:params:xml:ns:netconf:base:1.0"
NCM = "urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring"
WD = "urn:ietf:params:xml:ns:yang:ietf-netconf-with-defaults"
OPERATION = f"{{{NC}}}operation"

#: Never resolve entities, never fetch anything, refuse huge trees.
_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    remove_comments=True,
    remove_pis=True,
    huge_tree=False,
)


class XmlRejected(ValueError):
    """A message is not acceptable XML (not well-formed, or carries a DTD)."""


def qname(namespace: str, local: str) -> str:
    """Clark notation of a name."""
    return f"{{{namespace}}}{local}" if namespace else local


def nc(local: str) -> str:
    """A name in the NETCONF base namespace."""
    return qname(NC, local)


def split_qname(tag: str) -> tuple[str, str]:
    """``(namespace, local)`` of a Clark-notation tag."""
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    return "", tag


def local_name(element: Element) -> str:
    return split_qname(element_tag(element))[1]


def element_tag(element: Element) -> str:
    tag = element.tag
    return tag if isinstance(tag, str) else ""


def children(element: Element) -> Iterator[Element]:
    """Element children only (no comments or processing instructions)."""
    return (c for c in element if isinstance(c.tag, str))


def child(element: Element, local: str) -> Element | None:
    """First element child with this local name, whatever its namespace."""
    return next((c for c in children(element) if local_name(c) == local), None)


def child_text(element: Element, local: str) -> str | None:
    found = child(element, local)
    return None if found is None else (found.text or "").strip()


def text(element: Element) -> str:
    """Stripped text of an element (the value of a leaf)."""
    return (element.text or "").strip()


def parse(message: bytes) -> Element:
    """Parse one NETCONF message; DTDs (entity bombs) are refused."""
    try:
        root = etree.fromstring(message, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise XmlRejected(f"not well-formed XML: {exc}") from exc
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.doctype:
        raise XmlRejected("DTDs are not allowed in NETCONF messages")
    return root


def serialize(element: Element) -> bytes:
    """UTF-8 bytes with an XML declaration."""
    return bytes(etree.tostring(element, xml_declaration=True, encoding="UTF-8"))


def to_text(element: Element) -> str:
    return str(etree.tostring(element, encoding="unicode"))


def new_element(tag: str, value: str | None = None) -> Element:
    """A detached element declaring its own namespace as the default one."""
    namespace = split_qname(tag)[0]
    nsmap: Any = {None: namespace} if namespace else None
    node = etree.Element(tag, nsmap=nsmap)
    if value:
        node.text = value
    return node


def new_root() -> Element:
    """An empty datastore: a NETCONF ``<data>`` element."""
    return new_element(nc("data"))


def deep_copy(element: Element) -> Element:
    return copy.deepcopy(element)


def make(parent: Element, tag: str, value: str | None = None) -> Element:
    """Append ``tag`` to ``parent`` (with text), declaring its namespace only where it changes."""
    namespace = split_qname(tag)[0]
    same = split_qname(element_tag(parent))[0] == namespace
    nsmap: Any = None if same else {None: namespace}
    node = etree.SubElement(parent, tag, nsmap=nsmap)
    if value:
        node.text = value
    return node


def same_tree(a: Element, b: Element) -> bool:
    """Structural equality (tags, text, children in order; attributes ignored)."""
    if a.tag != b.tag or text(a) != text(b):
        return False
    ca, cb = list(children(a)), list(children(b))
    return len(ca) == len(cb) and all(same_tree(x, y) for x, y in zip(ca, cb, strict=True))
