"""What a CloudEngine creates by itself (YANG-PATHS.md §0), defined once.

The device holds the ``_public_`` network instance with its l3vpn families
``ipv4-unicast`` and ``ipv6-unicast`` from boot; once BGP is enabled
(``/bgp:bgp/base-process/enable`` true) the public BGP process with family ``ipv4uni``.
The simulator applies this to its datastores; ``Payload.validate()`` merges a payload onto
it to check what the device would check.

>>> from mlag_netconf.xmltree.names import new_element, nc, to_text
>>> root = new_element(nc("config"))
>>> apply_baseline(root)
>>> print(to_text(root))  # doctest: +NORMALIZE_WHITESPACE
<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><network-instance
xmlns="urn:huawei:yang:huawei-network-instance"><instances><instance><name>_public_</name><afs
xmlns="urn:huawei:yang:huawei-l3vpn"><af><type>ipv4-unicast</type></af><af><type>ipv6-unicast</type></af></afs></instance></instances></network-instance></config>
"""

from __future__ import annotations

from collections.abc import Iterator

from mlag_netconf.namespaces import BGP, L3VPN, NI, PUBLIC_INSTANCE
from mlag_netconf.xmltree.names import Element, child_value, make, qname

#: The families the public instance has from boot (huawei-l3vpn).
BOOT_FAMILIES = ("ipv4-unicast", "ipv6-unicast")
#: The family the public BGP process gets when BGP is enabled (huawei-bgp).
BGP_FAMILY = "ipv4uni"


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
    """The entry of ``list_name`` keyed ``value``, created when missing."""
    found = entry(parent, namespace, list_name, key, value)
    if found is not None:
        return found
    node = make(parent, qname(namespace, list_name))
    make(node, qname(namespace, key), value)
    return node


def instances(root: Element) -> Iterator[Element]:
    """The network instances (``/ni:network-instance/instances/instance``)."""
    yield from find_all(root, NI, "network-instance", "instances", "instance")


def public_instance(root: Element) -> Element | None:
    return next((i for i in instances(root) if child_value(i, "name") == PUBLIC_INSTANCE),
                None)


def bgp_enabled(root: Element) -> bool:
    """True when ``root`` (a datastore or a ``<config>``) enables BGP."""
    return child_value(find(root, BGP, "bgp", "base-process"), "enable") == "true"


def apply_baseline(root: Element, *, l3vpn: bool = True, bgp: bool | None = None) -> None:
    """Add what the device creates by itself to ``root`` (in place, idempotent).

    ``l3vpn``: the device has huawei-l3vpn (the public instance's families);
    ``bgp``: add the public BGP process (default: when ``root`` enables BGP).
    """
    top = ensure(root, NI, "network-instance", "instances")
    public = ensure_entry(top, NI, "instance", "name", PUBLIC_INSTANCE)
    if l3vpn:
        afs = ensure(public, L3VPN, "afs")
        for family in BOOT_FAMILIES:
            ensure_entry(afs, L3VPN, "af", "type", family)
    if bgp_enabled(root) if bgp is None else bgp:
        afs = ensure(public, BGP, "bgp", "base-process", "afs")
        ensure_entry(afs, BGP, "af", "type", BGP_FAMILY)
