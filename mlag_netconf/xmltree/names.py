"""Qualified names, child lookups, element building and text output.

>>> qname(NC, "rpc")
'{urn:ietf:params:xml:ns:netconf:base:1.0}rpc'
>>> split_qname("{urn:x}leaf"), split_qname("plain")
(('urn:x', 'leaf'), ('', 'plain'))
>>> root = new_element(qname("urn:x", "top"))
>>> _ = make(make(root, qname("urn:x", "a")), qname("urn:y", "b"), "1")
>>> to_text(root)
'<top xmlns="urn:x"><a><b xmlns="urn:y">1</b></a></top>'
>>> child_value(root.find("{urn:x}a"), "b")
'1'
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from lxml import etree

from mlag_netconf.namespaces import NC

Element = etree._Element


def qname(namespace: str, local: str) -> str:
    """Clark notation of a name (``{ns}local``; no namespace gives ``local``)."""
    return f"{{{namespace}}}{local}" if namespace else local


def nc(local: str) -> str:
    """A name in the NETCONF base namespace."""
    return qname(NC, local)


def split_qname(tag: str) -> tuple[str, str]:
    """``(namespace, local)`` of a Clark-notation tag; no namespace gives ``""``."""
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    return "", tag


def element_tag(element: Element) -> str:
    """The tag of an element; ``""`` for comments and processing instructions."""
    tag = element.tag
    return tag if isinstance(tag, str) else ""


def local_name(element: Element) -> str:
    return split_qname(element_tag(element))[1]


def children(element: Element) -> Iterator[Element]:
    """Element children only (no comments or processing instructions)."""
    return (c for c in element if isinstance(c.tag, str))


def child(element: Element, local: str) -> Element | None:
    """First element child with this local name, whatever its namespace."""
    return next((c for c in children(element) if local_name(c) == local), None)


def text(element: Element) -> str:
    """Stripped text of an element (the value of a leaf)."""
    return (element.text or "").strip()


def child_text(element: Element, local: str) -> str | None:
    """The text of the child ``local`` (any namespace), or ``None`` when absent."""
    found = child(element, local)
    return None if found is None else text(found)


def child_value(node: Element | None, local: str) -> str | None:
    """:func:`child_text` that also takes ``None`` for the parent."""
    return None if node is None else child_text(node, local)


def new_element(tag: str, value: str | None = None) -> Element:
    """A detached element declaring its own namespace as the default one."""
    namespace = split_qname(tag)[0]
    nsmap: Any = {None: namespace} if namespace else None
    node = etree.Element(tag, nsmap=nsmap)
    if value:
        node.text = value
    return node


def make(parent: Element, tag: str, value: str | None = None) -> Element:
    """Append ``tag`` to ``parent`` (with text), declaring its namespace only where it changes."""
    namespace = split_qname(tag)[0]
    same = split_qname(element_tag(parent))[0] == namespace
    nsmap: Any = None if same else {None: namespace}
    node = etree.SubElement(parent, tag, nsmap=nsmap)
    if value:
        node.text = value
    return node


def deep_copy(element: Element) -> Element:
    return copy.deepcopy(element)


def same_tree(a: Element, b: Element) -> bool:
    """Structural equality (tags, text, children in order; attributes ignored)."""
    if a.tag != b.tag or text(a) != text(b):
        return False
    ca, cb = list(children(a)), list(children(b))
    return len(ca) == len(cb) and all(same_tree(x, y) for x, y in zip(ca, cb, strict=True))


def to_text(element: Element) -> str:
    """Compact XML text of an element (no declaration)."""
    return str(etree.tostring(element, encoding="unicode"))


def pretty_text(element: Element) -> str:
    """Pretty, deterministic XML text (two-space indent, no declaration)."""
    clone = copy.deepcopy(element)
    etree.indent(clone, space="  ")
    return etree.tostring(clone, encoding="unicode", with_tail=False)
