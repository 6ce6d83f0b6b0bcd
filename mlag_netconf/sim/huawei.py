"""Namespaces and small tree helpers for the Huawei modules the device rules touch."""

from __future__ import annotations

from collections.abc import Iterator

from mlag_netconf.sim.xmlutil import Element, child, children, local_name, make, qname, text

IFM = "urn:huawei:yang:huawei-ifm"
IP = "urn:huawei:yang:huawei-ip"
NI = "urn:huawei:yang:huawei-network-instance"
L3VPN = "urn:huawei:yang:huawei-l3vpn"
BGP = "urn:huawei:yang:huawei-bgp"
BD = "urn:huawei:yang:huawei-bd"
NVO3 = "urn:huawei:yang:huawei-nvo3"
MNX = "urn:mlag-netconf:yang:mlag-netconf-ext"

PUBLIC = "_public_"


def find(parent: Element | None, namespace: str, *steps: str) -> Element | None:
    """The first element down ``steps`` (all in ``namespace``), or None."""
    node = parent
    for step in steps:
        if node is None:
            return None
        node = node.find(qname(namespace, step))
    return node


def find_all(parent: Element | None, namespace: str, *steps: str) -> list[Element]:
    """Every element at the end of ``steps`` (lists may repeat at any step)."""
    level = [parent] if parent is not None else []
    for step in steps:
        level = [c for node in level for c in node.findall(qname(namespace, step))]
    return level


def ensure(parent: Element, namespace: str, *steps: str) -> Element:
    """Walk ``steps`` creating missing containers."""
    node = parent
    for step in steps:
        found = node.find(qname(namespace, step))
        node = found if found is not None else make(node, qname(namespace, step))
    return node


def entry(parent: Element, namespace: str, list_name: str, key: str, value: str) -> Element | None:
    """The entry of list ``list_name`` under ``parent`` whose ``key`` leaf is ``value``."""
    for node in parent.findall(qname(namespace, list_name)):
        if child_value(node, key) == value:
            return node
    return None


def ensure_entry(parent: Element, namespace: str, list_name: str, key: str,
                 value: str) -> Element:
    found = entry(parent, namespace, list_name, key, value)
    if found is not None:
        return found
    node = make(parent, qname(namespace, list_name))
    make(node, qname(namespace, key), value)
    return node


def child_value(node: Element | None, local: str) -> str | None:
    found = None if node is None else child(node, local)
    return None if found is None else text(found)


def instances(root: Element) -> Iterator[Element]:
    """The network instances (``/ni:network-instance/instances/instance``)."""
    yield from find_all(root, NI, "network-instance", "instances", "instance")


def public_instance(root: Element) -> Element | None:
    return next((i for i in instances(root) if child_value(i, "name") == PUBLIC), None)


def interfaces(root: Element) -> Iterator[Element]:
    yield from find_all(root, IFM, "ifm", "interfaces", "interface")


def interface(root: Element, name: str) -> Element | None:
    return next((i for i in interfaces(root) if child_value(i, "name") == name), None)


def leaves(node: Element) -> dict[str, str]:
    """Local name -> text of the leaf children of ``node``."""
    return {local_name(c): text(c) for c in children(node) if not len(c)}
