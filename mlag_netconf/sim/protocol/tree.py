"""The two tree helpers only a NETCONF server needs (the rest is :mod:`mlag_netconf.xmltree`).

>>> from mlag_netconf.xmltree import make, qname
>>> root = new_root()
>>> root.tag
'{urn:ietf:params:xml:ns:netconf:base:1.0}data'
>>> leaf = make(make(root, qname("urn:x", "top")), qname("urn:x", "leaf"), "1")
>>> [e.tag for e in data_ancestry(leaf)]
['{urn:x}top', '{urn:x}leaf']
"""

from __future__ import annotations

from mlag_netconf.namespaces import NC
from mlag_netconf.xmltree import Element, element_tag, nc, new_element, split_qname


def new_root() -> Element:
    """An empty datastore: a NETCONF ``<data>`` element."""
    return new_element(nc("data"))


def data_ancestry(element: Element) -> list[Element]:
    """The element and its data ancestors, top-down (NETCONF wrappers excluded)."""
    chain: list[Element] = []
    node: Element | None = element
    while node is not None and split_qname(element_tag(node))[0] != NC:
        chain.append(node)
        node = node.getparent()
    chain.reverse()
    return chain
