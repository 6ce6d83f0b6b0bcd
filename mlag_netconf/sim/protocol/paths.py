"""Instance paths of data elements (for ``error-path`` and for remembering deletions)."""

from __future__ import annotations

from mlag_netconf.sim.protocol.schema_port import SimSchema, SNode
from mlag_netconf.sim.protocol.tree import data_ancestry
from mlag_netconf.xmltree import Element, child, element_tag, split_qname, text


def instance_path(element: Element, schema: SimSchema) -> str:
    """An instance path such as ``/ifm:ifm/interfaces/interface[name='X']/ip:ipv4``.

    Module prefixes appear where the namespace changes (the style of
    :class:`mlag_netconf.schema.SchemaIssue` paths).
    """
    parts: list[str] = []
    snode: SNode | None = None
    previous = ""
    for node in data_ancestry(element):
        namespace, local = split_qname(element_tag(node))
        snode = schema.child(snode, namespace, local) if snode is not None or not parts else None
        name = local if namespace == previous else schema.prefixed(namespace, local)
        parts.append(name + _predicates(node, snode))
        previous = namespace
    return "/" + "/".join(parts)


def _predicates(node: Element, snode: SNode | None) -> str:
    if snode is None:
        return ""
    if snode.kind == "leaf-list":
        return f"[.='{text(node)}']"
    preds = []
    for key in snode.keys:
        value = child(node, key)
        shown = "" if value is None else text(value)
        preds.append(f"[{key}='{shown}']")
    return "".join(preds)
