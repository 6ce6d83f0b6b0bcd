"""Every XML namespace and YANG module name the project speaks, defined once (floor 0).

The NETCONF protocol namespaces, the Huawei modules the builders emit (with the prefixes
the registry paths use), the project's own gap module, and the name of the instance a
CloudEngine creates by itself. Everything else imports these; nothing here imports.

>>> MODULES["ip"].namespace == IP
True
>>> module_by_namespace(EXT).name, MODULES["mnx"].vendor
('mlag-netconf-ext', False)
>>> NC_OPERATION
'{urn:ietf:params:xml:ns:netconf:base:1.0}operation'
"""

from __future__ import annotations

from dataclasses import dataclass

# --------------------------------------------------------------------------- protocol
NC = "urn:ietf:params:xml:ns:netconf:base:1.0"
"""The NETCONF base namespace (RFC 6241): ``<rpc>``, ``<config>``, ``<rpc-error>``..."""
NC_OPERATION = f"{{{NC}}}operation"
"""The ``nc:operation`` attribute of an edit (Clark notation)."""
NCM = "urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring"
WD = "urn:ietf:params:xml:ns:yang:ietf-netconf-with-defaults"
XML = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML}}}lang"

# --------------------------------------------------------------------------- modules
IFM = "urn:huawei:yang:huawei-ifm"
IP = "urn:huawei:yang:huawei-ip"
ARP = "urn:huawei:yang:huawei-arp"
IPV6_ND = "urn:huawei:yang:huawei-ipv6-nd"
BGP = "urn:huawei:yang:huawei-bgp"
NI = "urn:huawei:yang:huawei-network-instance"
L3VPN = "urn:huawei:yang:huawei-l3vpn"
VLAN = "urn:huawei:yang:huawei-vlan"
BD = "urn:huawei:yang:huawei-bd"
NVO3 = "urn:huawei:yang:huawei-nvo3"
EXT = "urn:mlag-netconf:yang:mlag-netconf-ext"
"""The project's own module for the nodes the public vendor model lacks (the gap)."""

PUBLIC_INSTANCE = "_public_"
"""The network instance (VRF) a CloudEngine creates by itself; the library configures it."""


@dataclass(frozen=True)
class YangModule:
    """A YANG module the payloads use: name, the prefix registry paths use, namespace."""

    name: str
    prefix: str
    namespace: str
    vendor: bool = True


MODULES: dict[str, YangModule] = {m.prefix: m for m in (
    YangModule("huawei-ifm", "ifm", IFM),
    YangModule("huawei-ip", "ip", IP),
    YangModule("huawei-arp", "arp", ARP),
    YangModule("huawei-ipv6-nd", "ipv6-nd", IPV6_ND),
    YangModule("huawei-bgp", "bgp", BGP),
    YangModule("huawei-network-instance", "ni", NI),
    YangModule("huawei-l3vpn", "l3vpn", L3VPN),
    YangModule("huawei-vlan", "vlan", VLAN),
    YangModule("huawei-bd", "bd", BD),
    YangModule("huawei-nvo3", "nvo3", NVO3),
    YangModule("mlag-netconf-ext", "mnx", EXT, vendor=False),
)}
"""The modules by registry prefix."""

_BY_NAMESPACE = {m.namespace: m for m in MODULES.values()}


def module_by_namespace(namespace: str) -> YangModule:
    """The module of ``namespace``; ``KeyError`` for a namespace the project does not use."""
    return _BY_NAMESPACE[namespace]
