"""The one hardened XML parser of the project (payload files, messages, replies).

No DTD is loaded, no entity is resolved, nothing is fetched from the network, comments
and processing instructions are dropped, huge trees are refused, and a document that
carries a DTD at all is rejected -- whatever the lxml version's defaults are.

>>> parse(b"<a><b>1</b></a>").findtext("b")
'1'
>>> parse(b'<!DOCTYPE a [<!ENTITY x "boom">]><a>&x;</a>')
Traceback (most recent call last):
...
mlag_netconf.xmltree.parse.XmlRejected: DTDs are not allowed in NETCONF messages
"""

from __future__ import annotations

from lxml import etree

from mlag_netconf.errors import MlagNetconfError
from mlag_netconf.xmltree.names import Element


class XmlRejected(MlagNetconfError, ValueError):
    """A document is not acceptable XML (not well-formed, carries a DTD, too large)."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
        huge_tree=False,
    )


_PARSER = _parser()


def parse(document: bytes | str, *, max_bytes: int | None = None) -> Element:
    """Parse one XML document safely; :class:`XmlRejected` on anything unacceptable."""
    data = document.encode() if isinstance(document, str) else document
    if max_bytes is not None and len(data) > max_bytes:
        raise XmlRejected(f"document of {len(data)} bytes exceeds the limit of {max_bytes}")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise XmlRejected(f"not well-formed XML: {exc}") from exc
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.doctype:
        raise XmlRejected("DTDs are not allowed in NETCONF messages")
    return root


def serialize(element: Element) -> bytes:
    """UTF-8 bytes with an XML declaration."""
    return bytes(etree.tostring(element, xml_declaration=True, encoding="UTF-8"))
