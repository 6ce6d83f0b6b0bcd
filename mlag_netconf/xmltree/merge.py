"""Key-aware matching and merging of data trees (the one merge of the project).

A list entry is the same entry when its YANG keys are equal, a leaf-list value when its
text is; containers and leaves match on their name. What a node is comes from a
``lookup`` the caller passes (the schema's), so this floor knows no YANG itself.

>>> from mlag_netconf.xmltree.parse import parse
>>> NODES = {"item": NodeInfo("list", "urn:x", ("name",)), "v": NodeInfo("leaf", "urn:x")}
>>> def lookup(parent, namespace, local):
...     return NODES.get(local)
>>> target = parse(b'<top xmlns="urn:x"><item><name>a</name><v>1</v></item></top>')
>>> merge(target, parse(b'<top xmlns="urn:x"><item><name>a</name><v>2</v></item>'
...                     b'<item><name>b</name></item></top>'), lookup)
>>> [(i.findtext("{urn:x}name"), i.findtext("{urn:x}v")) for i in target]
[('a', '2'), ('b', None)]
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from mlag_netconf.namespaces import NC_OPERATION
from mlag_netconf.xmltree.names import Element, children, split_qname, text


class SchemaInfo(Protocol):
    """What the merge needs to know of a schema node (``SchemaNode`` has it)."""

    @property
    def kind(self) -> str: ...

    @property
    def namespace(self) -> str: ...

    @property
    def keys(self) -> Sequence[str]: ...


@dataclass(frozen=True)
class NodeInfo:
    """A plain :class:`SchemaInfo` (for tests and callers without a schema)."""

    kind: str
    namespace: str
    keys: tuple[str, ...] = ()


Lookup = Callable[[SchemaInfo | None, str, str], SchemaInfo | None]
"""``lookup(parent_info, namespace, local)``: the schema node of a child, or ``None``."""

REMOVING = frozenset({"delete", "remove"})


def key_values(node: Element, info: SchemaInfo) -> tuple[str, ...]:
    """The text of a list entry's keys, in key order (``""`` for a missing key)."""
    return tuple(text(k) if (k := node.find(f"{{{info.namespace}}}{key}")) is not None else ""
                 for key in info.keys)


def find_match(parent: Element, node: Element, info: SchemaInfo | None) -> Element | None:
    """The child of ``parent`` that ``node`` designates (YANG keys for list entries)."""
    same = (c for c in children(parent) if c.tag == node.tag)
    if info is not None and info.kind == "list":
        wanted = key_values(node, info)
        return next((c for c in same if key_values(c, info) == wanted), None)
    if info is not None and info.kind == "leaf-list":
        value = text(node)
        return next((c for c in same if text(c) == value), None)
    return next(same, None)


def strip_operations(element: Element) -> Element:
    """``element`` with every ``nc:operation`` attribute removed (in place)."""
    for e in element.iter():
        if NC_OPERATION in e.attrib:
            del e.attrib[NC_OPERATION]
    return element


def _without_removals(element: Element) -> Element:
    """``element`` without the descendants it removes (in place): a new subtree has
    nothing to remove, so a ``remove`` in it creates nothing (and ``delete``, which a
    server refuses there, is no data either)."""
    for e in [e for e in element.iter() if e.get(NC_OPERATION) in REMOVING]:
        parent = e.getparent()
        if parent is not None:
            parent.remove(e)
    return element


def merge(target: Element, source: Element, lookup: Lookup,
          parent: SchemaInfo | None = None) -> None:
    """Merge ``source``'s children into ``target``, matching list entries on their keys.

    Elements carrying ``nc:operation`` ``delete``/``remove`` remove their match instead;
    other operation attributes are dropped from what is copied.
    """
    for node in children(source):
        namespace, local = split_qname(str(node.tag))
        info = lookup(parent, namespace, local)
        match = find_match(target, node, info)
        if node.get(NC_OPERATION) in REMOVING:
            if match is not None:
                target.remove(match)
            continue
        if match is None:
            target.append(strip_operations(_without_removals(copy.deepcopy(node))))
        elif info is not None and info.kind in ("leaf", "leaf-list"):
            match.text = node.text
        else:
            merge(match, node, lookup, info)
