"""``with-defaults`` retrieval modes (RFC 6243) on a datastore copy.

The datastores keep what clients set. A server advertises a basic mode (what a read
without ``<with-defaults>`` returns) and the other modes it supports
(:class:`Support`); the default basic mode is ``explicit``; a device dialect may choose
another (e.g. ``report-all``). ``trim`` drops leaves equal to their schema default; ``report-all``
adds default leaves missing from existing containers and list entries;
``report-all-tagged`` does the same and marks every leaf equal to its default with
``wd:default="true"``. ``when`` conditions are not evaluated here: a default leaf
guarded by a ``when`` of its own is never reported (rather than wrongly reported).

>>> Support().capability()
'urn:ietf:params:netconf:capability:with-defaults:1.0?basic-mode=explicit&also-supported=report-all,trim'
>>> Support(Mode.REPORT_ALL, (Mode.REPORT_ALL_TAGGED, Mode.TRIM)).capability()
'urn:ietf:params:netconf:capability:with-defaults:1.0?basic-mode=report-all&also-supported=report-all-tagged,trim'
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from mlag_netconf.errors import RpcErrorInfo
from mlag_netconf.namespaces import WD
from mlag_netconf.sim.protocol.errors import RpcFailure
from mlag_netconf.sim.protocol.schema_port import SimSchema, SNode
from mlag_netconf.xmltree import Element, child, children, make, qname, text

#: The namespace of the ``default`` attribute of report-all-tagged (RFC 6243 §6).
WD_ATTRIBUTE_NS = "urn:ietf:params:xml:ns:netconf:default:1.0"


class Mode(StrEnum):
    EXPLICIT = "explicit"
    REPORT_ALL = "report-all"
    REPORT_ALL_TAGGED = "report-all-tagged"
    TRIM = "trim"


@dataclass(frozen=True)
class Support:
    """The modes a server supports: ``basic`` for reads without ``<with-defaults>``."""

    basic: Mode = Mode.EXPLICIT
    also: tuple[Mode, ...] = (Mode.REPORT_ALL, Mode.TRIM)

    def capability(self) -> str:
        also = ",".join(m.value for m in self.also)
        return ("urn:ietf:params:netconf:capability:with-defaults:1.0"
                f"?basic-mode={self.basic.value}" + (f"&also-supported={also}" if also else ""))

    def parse_mode(self, op: Element) -> Mode:
        """The mode a retrieval asks for (the basic mode when it names none)."""
        node = op.find(qname(WD, "with-defaults"))
        if node is None:
            return self.basic
        try:
            mode = Mode(text(node))
        except ValueError:
            mode = None
        if mode is None or (mode is not self.basic and mode not in self.also):
            raise RpcFailure(RpcErrorInfo.protocol(
                "invalid-value", f"with-defaults mode '{text(node)}' is not supported",
                info={"bad-element": "with-defaults"}))
        return mode


#: The RFC profile's support (kept for callers of the old module constant).
CAPABILITY = Support().capability()


def parse_mode(op: Element) -> Mode:
    """The mode of ``op`` under the RFC profile's support (basic mode ``explicit``)."""
    return Support().parse_mode(op)


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
    if mode in (Mode.REPORT_ALL, Mode.REPORT_ALL_TAGGED):
        _add_defaults(node, snode, schema)
    for part in list(children(node)):
        sub = schema.child_of(snode, part)
        if sub is None:
            continue
        if mode is Mode.TRIM and _is_default(part, sub):
            node.remove(part)
        elif mode is Mode.REPORT_ALL_TAGGED and _is_default(part, sub):
            part.set(qname(WD_ATTRIBUTE_NS, "default"), "true")
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
