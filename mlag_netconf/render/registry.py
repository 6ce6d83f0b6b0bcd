"""The one explicit map from a feature to its YANG module, namespace and path.

This is the single place to adapt when a device's model differs: the emitters only name
features and give key values and leaves. Paths use module prefixes; ``[key]`` marks a list
and names its key leaf. Features the public Huawei models lack are marked
``vendor_model=False`` and are rendered through the project's own module
``mlag-netconf-ext`` (see ``yang/mlag-netconf-ext.yang``).

>>> f = FEATURES["interface.mlag-ipv4"]
>>> f.vendor_model, f.modules
(False, ('huawei-ifm', 'huawei-ip', 'mlag-netconf-ext'))
>>> [s.local for s in f.steps][-2:]
['ipv4', 'm-lag-ipv4']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from mlag_netconf.namespaces import MODULES


@dataclass(frozen=True)
class Step:
    """One node of a path: namespace, local name, and the key leaf if it is a list."""

    namespace: str
    local: str
    key: str | None = None


_STEP = re.compile(r"([\w.-]+):([\w.-]+)(?:\[([\w.-]+)\])?")


@dataclass(frozen=True)
class Feature:
    """A configurable feature: where it lives and which CLI command it stands for.

    ``cli`` is the seed's command syntax (``<x>`` a value, ``[x]`` optional, ``a|b`` one
    of, `` | `` separates commands); the CLI view (:mod:`~mlag_netconf.render.cliview`)
    prints each feature in it, and a test holds every printed line to it.
    """

    name: str
    cli: str
    path: str
    leaves: tuple[str, ...] = ()
    vendor_model: bool = True

    @cached_property
    def steps(self) -> tuple[Step, ...]:
        out = []
        for part in self.path.strip("/").split("/"):
            m = _STEP.fullmatch(part)
            if m is None:  # pragma: no cover - registry typo, caught by tests
                raise ValueError(f"{self.name}: bad path step {part!r}")
            out.append(Step(MODULES[m.group(1)].namespace, m.group(2), m.group(3)))
        return tuple(out)

    @property
    def modules(self) -> tuple[str, ...]:
        """The YANG modules this feature's path (and leaves) need, sorted."""
        prefixes = {part.split(":")[0] for part in self.path.strip("/").split("/")}
        prefixes |= {leaf.split(":")[0] for leaf in self.leaves if ":" in leaf}
        return tuple(sorted(MODULES[p].name for p in prefixes))

    def leaf(self, name: str) -> tuple[str, str]:
        """(namespace, local) of a leaf of this feature; ``mnx:x`` names another module."""
        if name not in self.leaves:  # pragma: no cover - programming error
            raise KeyError(f"{self.name} has no leaf {name!r}")
        if ":" in name:
            prefix, local = name.split(":", 1)
            return MODULES[prefix].namespace, local
        return self.steps[-1].namespace, name


_IF = "/ifm:ifm/ifm:interfaces/ifm:interface[name]"
_BGP = "/ni:network-instance/ni:instances/ni:instance[name]/bgp:bgp/bgp:base-process"

FEATURES: dict[str, Feature] = {f.name: f for f in (
    Feature("vlan", "vlan <id>", "/vlan:vlan/vlan:vlans/vlan:vlan[id]"),
    Feature("bd", "bridge-domain <id>", "/bd:bd/bd:instances/bd:instance[id]"),
    Feature("bd.vni", "vxlan vni <vni>",
            "/bd:bd/bd:instances/bd:instance[id]/nvo3:nvo3/nvo3:vni-list[vni]"),
    Feature("interface", "interface <name>", _IF, ("class", "type", "number")),
    Feature("interface.mac", "mac-address <mac>", _IF, ("mac-address",)),
    Feature("interface.ipv4", "ip address <ip> <mask> [sub]",
            f"{_IF}/ip:ipv4/ip:addresses/ip:address[ip]", ("mask", "type")),
    Feature("interface.mlag-ipv4", "m-lag ip address <ip> <mask>",
            f"{_IF}/ip:ipv4/mnx:m-lag-ipv4", ("ip", "mask"), vendor_model=False),
    Feature("interface.arp-route-proxy", "arp proxy enable",
            f"{_IF}/arp:arp-entry", ("route-proxy-enable",)),
    Feature("interface.arp-local-proxy", "arp-proxy local enable",
            f"{_IF}/arp:arp-entry", ("local-proxy-enable",)),
    Feature("interface.ipv6", "ipv6 enable", f"{_IF}/ip:ipv6"),
    Feature("interface.ipv6-address",
            "ipv6 address <ip>/<len> [anycast] | ipv6 address <fe80::x> link-local",
            f"{_IF}/ip:ipv6/ip:addresses/ip:address[ip]", ("prefix-length", "type")),
    Feature("interface.nd-na-glean", "ipv6 nd na glean",
            f"{_IF}/ip:ipv6/ipv6-nd:nd-collection/ipv6-nd:if-property", ("na-glean",)),
    Feature("interface.nd-route-proxy", "ipv6 nd proxy route enable",
            f"{_IF}/ip:ipv6/ipv6-nd:nd-collection/ipv6-nd:proxys", ("route-proxy",)),
    Feature("interface.nd-route-proxy-prune", "ipv6 nd proxy route enable prune",
            f"{_IF}/ip:ipv6/ipv6-nd:nd-collection/ipv6-nd:proxys",
            ("mnx:route-proxy-prune",), vendor_model=False),
    Feature("interface.mlag-ipv6", "m-lag ipv6 address <ip>/<len>",
            f"{_IF}/ip:ipv6/mnx:m-lag-ipv6", ("ip", "prefix-length"), vendor_model=False),
    Feature("interface.mlag-ipv6-link-local", "m-lag ipv6 address <fe80::x> link-local",
            f"{_IF}/ip:ipv6/mnx:m-lag-ipv6", ("link-local",), vendor_model=False),
    Feature("bgp", "bgp <as>", "/bgp:bgp/bgp:base-process", ("enable", "as")),
    Feature("bgp.router-id", "router-id <ip>", _BGP, ("router-id",)),
    Feature("bgp.family", "ipv4-family unicast | ipv6-family unicast | ipv4-family vpnv4",
            f"{_BGP}/bgp:afs/bgp:af[type]"),
    Feature("bgp.peer", "peer <ip> as-number <as> | peer <ip> group <name> | "
            "peer <ip> connect-interface <if> [<ip>] | peer <ip> ebgp-max-hop <n>",
            f"{_BGP}/bgp:peers/bgp:peer[address]",
            ("remote-as", "group-name", "local-if-name", "local-if-address", "ebgp-max-hop")),
    Feature("bgp.peer-family", "[undo] peer <ip> enable",
            f"{_BGP}/bgp:peers/bgp:peer[address]/bgp:afs/bgp:af[type]",
            ("ipv4-unicast", "ipv6-unicast")),
    Feature("bgp.peer-group", "group <name> external|internal | peer <name> as-number <as> | "
            "peer <name> connect-interface <if> [<ip>] | peer <name> ebgp-max-hop <n>",
            f"{_BGP}/bgp:peer-groups/bgp:peer-group[name]",
            ("type", "group-as", "local-if-name", "local-if-address", "ebgp-max-hop")),
    Feature("bgp.peer-group-family", "[undo] peer <group> enable",
            f"{_BGP}/bgp:peer-groups/bgp:peer-group[name]/bgp:afs/bgp:af[type]",
            ("ipv4-unicast", "ipv6-unicast")),
)}


def gap_features() -> tuple[Feature, ...]:
    """Features with no node in the public vendor model."""
    return tuple(f for f in FEATURES.values() if not f.vendor_model)
