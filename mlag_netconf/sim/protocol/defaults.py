"""``with-defaults`` retrieval modes (RFC 6243) on a datastore copy.

The datastores keep what clients set (basic mode ``explicit``). ``trim`` drops leaves
equal to their schema default; ``report-all`` adds default leaves missing from existing
containers and list entries. ``when`` conditions are not evaluated here: a default
leaf guarded by a ``when`` of its own is never reported (rather than wrongly reported).
"""

from __future__ import annotations

from enum import StrEnum

from mlag_netconf.errors import RpcErrorInfo
from mlag_netconf.namespaces import WD
from mlag_netconf.sim.protocol.errors import RpcFailure
from mlag_netconf.sim.protocol.schema_port import SimSchema, SNode
from mlag_netconf.xmltree import Element, child, children, make, qname, text

CAPABILITY = ("urn:ietf:params:netconf:capability:with-defaults:1.0"
              "?basic-mode=explicit&also-supported=report-all,trim")


class Mode(StrEnum):
    EXPLICIT = "explicit"
    REPORT_ALL = "report-all"
    TRIM = "trim"


def parse_mode(op: Element) -> Mode:
    node = op.find(qname(WD, "with-defaults"))
    if node is None:
        return Mode.EXPLICIT
    try:
        return Mode(text(node))
    except ValueError:
        raise RpcFailure(RpcErrorInfo.protocol(
            "invalid-value", f"with-defaults mode '{text(node)}' is not supported",
            info={"bad-element": "with-defaults"})) from None


def apply_mode(tree: Element, mode: Mode, schema: SimSchema) -> None:
    """Change ``tree`` (a copy) in place for ``mode``."""
    if mode is Mode.EXPLICIT:
        return
    for node in list(children(tree)):
        snode = schema.child_of(None, node)
        if snode is not None:
            _walk(node, snode, mode, schema)


def _walk(node: Element, snode: SNode, mode: Mode, schema: SimSchema) -> None:
    if snode.is_leafy:
        return
    if mode is Mode.REPORT_ALL:
        _add_defaults(node, snode, schema)
    for part in list(children(node)):
        sub = schema.child_of(snode, part)
        if sub is None:
            continue
        if mode is Mode.TRIM and _is_default(part, sub):
            node.remove(part)
        else:
            _walk(part, sub, mode, schema)


def _is_default(node: Element, snode: SNode) -> bool:
    default = snode.node.default
    return snode.kind == "leaf" and default is not None and text(node) == default


def _add_defaults(node: Element, snode: SNode, schema: SimSchema) -> None:
    for sub in schema.children(snode):
        default = sub.node.default
        if (sub.kind == "leaf" and default is not None and child(node, sub.node.name) is None
                and not schema.has_when(sub)):
            make(node, qname(sub.namespace, sub.node.name), default)
