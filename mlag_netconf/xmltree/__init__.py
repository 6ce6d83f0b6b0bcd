"""Floor 1: the XML tree helpers every part of the project shares.

- :mod:`~mlag_netconf.xmltree.names`: qualified names, child lookups, element building,
  text output;
- :mod:`~mlag_netconf.xmltree.parse`: the one hardened parser (no DTD, no entities, no
  network, bounded size);
- :mod:`~mlag_netconf.xmltree.merge`: key-aware matching and merging of data trees;
- :mod:`~mlag_netconf.xmltree.baseline`: what a CloudEngine creates by itself;
- :mod:`~mlag_netconf.xmltree.rpc_error`: ``<rpc-error>`` to and from
  :class:`~mlag_netconf.errors.RpcErrorInfo`.

Imports only floor 0 (errors, enums, namespaces) and lxml.
"""

from mlag_netconf.xmltree.names import (
    Element,
    child,
    child_text,
    child_value,
    children,
    deep_copy,
    element_tag,
    local_name,
    make,
    nc,
    new_element,
    pretty_text,
    qname,
    same_tree,
    split_qname,
    text,
    to_text,
)
from mlag_netconf.xmltree.parse import XmlRejected, parse, serialize

__all__ = [
    "Element",
    "XmlRejected",
    "child",
    "child_text",
    "child_value",
    "children",
    "deep_copy",
    "element_tag",
    "local_name",
    "make",
    "nc",
    "new_element",
    "parse",
    "pretty_text",
    "qname",
    "same_tree",
    "serialize",
    "split_qname",
    "text",
    "to_text",
]
