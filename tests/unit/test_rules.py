"""Every documented rule (issue 2, rules 1-14): a rejecting case and its accepted neighbour.

Each case starts from a small valid baseline and applies one change:

- ``pair()``: ``examples/bgp-over-mlag.yaml`` built with the typed API (VLANIF 100, IPv4
  and IPv6, DeviceA/DeviceB peering with the user side 10.1.1.100 / 2001:db8:1::100 from
  their own M-LAG addresses);
- ``vbdif_pair()``: ``examples/bgp-over-mlag-vbdif.yaml`` (VBDIF 10 on VNI 5010, IPv4);
- ``agg()``: AGG1 of ``examples/mp-ebgp-vpnv4.yaml`` (VPNv4-only EBGP over LoopBack1).

A rejecting case names the rule id and the exact field path it must be reported on; the
accepted neighbour is the minimal change that makes it pass (``check()`` returns the
subject and the payloads render). ``test_every_rule_has_a_rejecting_case`` keeps the table
in step with :data:`mlag_netconf.rules.RULES`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest

from mlag_netconf.compose import check, payload, payloads, violations, warnings
from mlag_netconf.errors import (
    RuleViolation,
    ValidationError,
    ValidationErrors,
    ValueFormatError,
)
from mlag_netconf.model import (
    Bgp,
    Device,
    Interface,
    MlagPair,
    Peer,
    PeerGroup,
    loopback,
    vbdif,
    vlanif,
)
from mlag_netconf.rules import RULES, WARNINGS
from mlag_netconf.rules.catalog import violation

Subject = Device | MlagPair
Build = Callable[[], Subject]
Opts = Mapping[str, Any]

# --------------------------------------------------------------------------- baselines
USER4, USER6, USER_AS = "10.1.1.100", "2001:db8:1::100", 65100

VLANIF_SHARED = vlanif(
    100, virtual_mac="0000-5e00-0101", ipv4="10.1.1.1/24", route_proxy_arp=True,
    ipv6_enable=True, ipv6=("2001:db8:1::1/64",), nd_na_glean=True, nd_proxy_route="prune")
VLANIF_MEMBERS: tuple[dict[str, Any], dict[str, Any]] = (
    {"name": "DeviceA", "router_id": "1.1.1.1", "mlag_ipv4": "10.1.1.2",
     "mlag_ipv6": "2001:db8:1::2", "mlag_ipv6_link_local": "fe80::1:2"},
    {"name": "DeviceB", "router_id": "2.2.2.2", "mlag_ipv4": "10.1.1.3",
     "mlag_ipv6": "2001:db8:1::3", "mlag_ipv6_link_local": "fe80::1:3"},
)

VBDIF_SHARED = vbdif(10, vni=5010, virtual_mac="0000-5e00-010a", ipv4="172.16.10.1/24",
                     local_proxy_arp=True)
VBDIF_MEMBERS: tuple[dict[str, Any], dict[str, Any]] = (
    {"name": "CE-1", "router_id": "10.0.0.1", "mlag_ipv4": "172.16.10.2"},
    {"name": "CE-2", "router_id": "10.0.0.2", "mlag_ipv4": "172.16.10.3"},
)
VBDIF_USER4, VBDIF_USER_AS = "172.16.10.200", "1.100"


def loose_bgp(**fields: Any) -> Bgp:
    """``Bgp`` from loose input (its fields are typed, its parsers accept text)."""
    return Bgp(**fields)


def _member(shared: Interface, data: Mapping[str, Any], user4: str, user6: str | None,
            user_as: object, asn: object, opts: Opts) -> Device:
    """One member: the shared interface (with this member's M-LAG addresses) and BGP
    peers to the user side sourced from those M-LAG addresses.

    ``opts``: ``iface`` (Interface field changes), ``peer4``/``peer6`` (Peer changes),
    ``extra`` (more interfaces), ``asn``, ``router_id``, and any Device field.
    """
    o = dict(opts)
    mlag = {k: v for k, v in data.items() if k.startswith("mlag_")}
    iface = shared.replace(**{**mlag, **o.pop("iface", {})})
    peers = [Peer(user4, user_as, connect_interface=iface.name,
                  source_address=iface.mlag_ipv4,
                  families={"ipv4-unicast": True}).replace(**o.pop("peer4", {}))]
    if user6 is not None:
        peers.append(Peer(user6, user_as, connect_interface=iface.name,
                          source_address=iface.mlag_ipv6.ip if iface.mlag_ipv6 else None,
                          families={"ipv6-unicast": True}).replace(**o.pop("peer6", {})))
    bgp = loose_bgp(asn=o.pop("asn", asn), router_id=o.pop("router_id", data["router_id"]),
                    peers=tuple(peers))
    extra: Sequence[Interface] = o.pop("extra", ())
    return Device(data["name"], interfaces=(iface, *extra), bgp=bgp, **o)


def pair(a: Opts | None = None, b: Opts | None = None, **pair_opts: Any) -> MlagPair:
    """examples/bgp-over-mlag.yaml, typed; ``a``/``b`` change one member."""
    members = tuple(_member(VLANIF_SHARED, VLANIF_MEMBERS[i], USER4, USER6, USER_AS, 65001,
                            o or {}) for i, o in enumerate((a, b)))
    opts: dict[str, Any] = {"user_side": (USER4, USER6), **pair_opts}
    return MlagPair((members[0], members[1]), **opts)


def vbdif_pair(a: Opts | None = None, b: Opts | None = None, **pair_opts: Any) -> MlagPair:
    """examples/bgp-over-mlag-vbdif.yaml, typed (AS in dot notation)."""
    members = tuple(_member(VBDIF_SHARED, VBDIF_MEMBERS[i], VBDIF_USER4, None, VBDIF_USER_AS,
                            "1.1", o or {}) for i, o in enumerate((a, b)))
    opts: dict[str, Any] = {"user_side": (VBDIF_USER4,), **pair_opts}
    return MlagPair((members[0], members[1]), **opts)


AGG_PEER: dict[str, Any] = {"remote_as": 65003, "connect_interface": "LoopBack1",
                            "ebgp_max_hop": 10,
                            "families": {"vpnv4": True, "ipv4-unicast": False}}


def agg(peer: Opts | None = None, *, lo: Interface | None = None,
        more_peers: Sequence[Peer] = (), groups: Sequence[PeerGroup] = (),
        declare: Sequence[str] | None = None, asn: object = 65001, **device: Any) -> Device:
    """AGG1 of examples/mp-ebgp-vpnv4.yaml; ``peer`` changes its one peer (3.3.3.3)."""
    kw = {**AGG_PEER, **(peer or {})}
    address = kw.pop("address", "3.3.3.3")
    bgp = loose_bgp(asn=asn, router_id="1.1.1.1", peers=(Peer(address, **kw), *more_peers),
                    peer_groups=tuple(groups))
    if declare is not None:
        bgp = bgp.with_family(*declare)
    return Device("AGG1", interfaces=(lo or loopback(1, "1.1.1.1/32"),), bgp=bgp, **device)


def renamed_pair(name_b: str) -> MlagPair:
    """``pair()`` with its second member called ``name_b``."""
    a, b = pair().members
    return MlagPair((a, b.replace(name=name_b)), user_side=(USER4, USER6))


def ll_peer_device(connect_interface: str | None) -> Device:
    """A device peering with the link-local fe80::9 (over ``connect_interface``)."""
    return Device("X", interfaces=[vlanif(200, ipv6_enable=True), loopback(1, "1.1.1.1/32")],
                  bgp=Bgp(65001, peers=[Peer("fe80::9", 65009, families={"ipv6-unicast": True},
                                             connect_interface=connect_interface)]))


def trunk_peer_device(connect_interface: str | None, source: str | None = None,
                      address: str = "10.9.9.9") -> Device:
    """A device peering with ``address`` over ``connect_interface``: its own Vlanif200
    (10.9.9.1/24) or an interface of the device the payload does not create."""
    return Device("X", interfaces=[vlanif(200, ipv4="10.9.9.1/24", ipv6_enable=True),
                                   loopback(1, "1.1.1.1/32")],
                  bgp=Bgp(65001, peers=[Peer(address, 65009, source_address=source,
                                             connect_interface=connect_interface)]))


def x_device(*interfaces: Interface, **device: Any) -> Device:
    """A device with only the given interfaces (no BGP)."""
    return Device("X", interfaces=interfaces, **device)


def secondaries(n: int) -> tuple[str, ...]:
    """``n`` distinct secondary addresses outside 10.1.1.0/24."""
    return tuple(f"10.{2 + i // 250}.{i % 250}.1/24" for i in range(n))


def globals6(n: int) -> tuple[str, ...]:
    """``n`` global IPv6 addresses, the first being the baseline's 2001:db8:1::1/64."""
    return ("2001:db8:1::1/64", *(f"2001:db8:{i + 2:x}::1/64" for i in range(n - 1)))


ALL_ONES_LL = "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff"  # the last address of FE80::/10
BELOW_LL = "fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff"  # the address just below FE80::/10
ABOVE_LL = "fec0::"  # the first address above FE80::/10


# --------------------------------------------------------------------------- cases
@dataclass(frozen=True)
class Case:
    """``bad`` breaks ``rule`` at ``path``; ``good`` is its accepted neighbour.

    ``also``: other rules the same single change necessarily breaks as well.
    ``message``: a text the violation's message must contain.
    """

    id: str
    rule: str
    path: str
    bad: Build
    good: Build
    also: frozenset[str] = field(default_factory=frozenset)
    message: str | None = None


def case(id: str, rule: str, path: str, bad: Build, good: Build, *, also: Sequence[str] = (),
         message: str | None = None) -> Case:
    return Case(id, rule, path, bad, good, frozenset(also), message)


def _no_vxlan(platform: str) -> Case:
    """A VBDIF on a platform without VXLAN; the neighbour is the VLANIF pair."""
    return case(f"vbdif-on-{platform}", "platform-no-vxlan", "CE-1.platform",
                lambda: vbdif_pair({"platform": platform}),
                lambda: pair({"platform": platform}))


A_IF, B_IF = "DeviceA.interfaces[Vlanif100]", "DeviceB.interfaces[Vlanif100]"
CE1_IF = "CE-1.interfaces[Vbdif10]"
A_PEER4, A_PEER6 = f"DeviceA.bgp.peers[{USER4}]", f"DeviceA.bgp.peers[{USER6}]"
AGG_P = "AGG1.bgp.peers[3.3.3.3]"
NOT_IN_SUBNET = ("mlag-ipv4-in-primary-subnet",)

CASES: list[Case] = [
    # 1. dual-active only
    case("active-standby", "mlag-dual-active", "mode",
         lambda: pair(mode="active-standby"), lambda: pair(mode="dual-active")),
    case("two-masters", "mlag-roles-differ", "DeviceB.role",
         lambda: pair({"role": "master"}, {"role": "master"}),
         lambda: pair({"role": "master"}, {"role": "backup"}), message="master"),
    case("two-backups", "mlag-roles-differ", "DeviceB.role",
         lambda: pair({"role": "backup"}, {"role": "backup"}),
         lambda: pair({"role": "backup"}), message="backup"),
    # 2. counts
    case("two-mlag-ipv4", "mlag-ipv4-one-per-interface", "interfaces[Vlanif100].mlag_ipv4",
         lambda: pair({"iface": {"mlag_ipv4": ["10.1.1.2", "10.1.1.4"]}}),
         lambda: pair({"iface": {"mlag_ipv4": ["10.1.1.2"]}})),
    case("256-secondaries", "ipv4-secondary-max-255", f"{A_IF}.ipv4_secondary",
         lambda: pair({"iface": {"ipv4_secondary": secondaries(256)}}),
         lambda: pair({"iface": {"ipv4_secondary": secondaries(255)}})),
    case("secondary-without-primary", "ipv4-secondary-needs-primary",
         "DeviceA.interfaces[Vlanif200].ipv4_secondary",
         lambda: pair({"extra": [vlanif(200, ipv4_secondary=["10.2.2.1/24"])]}),
         lambda: pair({"extra": [vlanif(200, ipv4="10.2.3.1/24",
                                        ipv4_secondary=["10.2.2.1/24"])]})),
    case("secondary-equals-primary", "ipv4-address-duplicate", f"{A_IF}.ipv4_secondary",
         lambda: pair({"iface": {"ipv4_secondary": ["10.1.1.1/24"]}}),
         lambda: pair({"iface": {"ipv4_secondary": ["10.1.1.4/24"]}})),
    case("secondary-twice", "ipv4-address-duplicate", f"{A_IF}.ipv4_secondary",
         lambda: pair({"iface": {"ipv4_secondary": ["10.2.2.1/24", "10.2.2.1/24"]}}),
         lambda: pair({"iface": {"ipv4_secondary": ["10.2.2.1/24", "10.2.2.2/24"]}})),
    # 3. M-LAG IPv4 on the interface
    case("mlag-ipv4-subnet-broadcast", "mlag-ipv4-unicast", f"{A_IF}.mlag_ipv4",
         lambda: pair({"iface": {"mlag_ipv4": "10.1.1.255"}}),
         lambda: pair({"iface": {"mlag_ipv4": "10.1.1.254"}}), message="broadcast"),
    case("mlag-ipv4-limited-broadcast", "mlag-ipv4-unicast", f"{A_IF}.mlag_ipv4",
         lambda: pair({"iface": {"mlag_ipv4": "255.255.255.255"}}),
         lambda: pair({"iface": {"mlag_ipv4": "10.1.1.4"}}), also=NOT_IN_SUBNET),
    case("mlag-ipv4-multicast", "mlag-ipv4-unicast", f"{A_IF}.mlag_ipv4",
         lambda: pair({"iface": {"mlag_ipv4": "224.0.0.5"}}),
         lambda: pair({"iface": {"mlag_ipv4": "10.1.1.5"}}), also=NOT_IN_SUBNET),
    case("mlag-ipv4-loopback", "mlag-ipv4-unicast", f"{A_IF}.mlag_ipv4",
         lambda: pair({"iface": {"mlag_ipv4": "127.0.0.1"}}),
         lambda: pair({"iface": {"mlag_ipv4": "10.1.1.6"}}), also=NOT_IN_SUBNET),
    case("mlag-ipv4-unspecified", "mlag-ipv4-unicast", f"{A_IF}.mlag_ipv4",
         lambda: pair({"iface": {"mlag_ipv4": "0.0.0.0"}}),
         lambda: pair({"iface": {"mlag_ipv4": "10.1.1.7"}}), also=NOT_IN_SUBNET),
    case("mlag-ipv4-outside-subnet", "mlag-ipv4-in-primary-subnet", f"{A_IF}.mlag_ipv4",
         lambda: pair({"iface": {"mlag_ipv4": "10.1.2.2"}}),
         lambda: pair({"iface": {"mlag_ipv4": "10.1.1.8"}})),
    case("mlag-ipv4-mask-differs", "mlag-ipv4-mask-matches-primary", f"{A_IF}.mlag_ipv4",
         lambda: pair({"iface": {"mlag_ipv4": "10.1.1.2 255.255.0.0"}}),
         lambda: pair({"iface": {"mlag_ipv4": "10.1.1.2 255.255.255.0"}}), message="/16"),
    case("mlag-ipv4-prefix-differs", "mlag-ipv4-mask-matches-primary", f"{A_IF}.mlag_ipv4",
         lambda: pair({"iface": {"mlag_ipv4": "10.1.1.2/25"}}),
         lambda: pair({"iface": {"mlag_ipv4": "10.1.1.2/24"}}), message="/24"),
    case("mlag-ipv4-is-another-interface-address", "mlag-ipv4-unique", f"{A_IF}.mlag_ipv4",
         lambda: Device("DeviceA", [vlanif(100, ipv4="10.1.1.1/24", mlag_ipv4="10.1.1.2"),
                                    loopback(0, "10.1.1.2/32")]),
         lambda: Device("DeviceA", [vlanif(100, ipv4="10.1.1.1/24", mlag_ipv4="10.1.1.2"),
                                    loopback(0, "10.1.1.3/32")]), message="LoopBack0"),
    case("member-without-mlag-ipv4", "mlag-member-needs-mlag-address", f"{A_IF}.mlag_ipv4",
         lambda: pair({"iface": {"mlag_ipv4": None}}),
         lambda: pair({"iface": {"mlag_ipv4": "10.1.1.5"}}), message="shared primary"),
    case("member-without-mlag-ipv6", "mlag-member-needs-mlag-address", f"{B_IF}.mlag_ipv6",
         lambda: pair(b={"iface": {"mlag_ipv6": None}}),
         lambda: pair(b={"iface": {"mlag_ipv6": "2001:db8:1::5"}}), message="DeviceB"),
    case("mlag-ipv6-outside-global-subnets", "mlag-ipv6-in-global-subnet", f"{A_IF}.mlag_ipv6",
         lambda: pair({"iface": {"mlag_ipv6": "2001:db8:2::2/64"}}),
         lambda: pair({"iface": {"mlag_ipv6": "2001:db8:1::2/64"}}), message="outside"),
    case("mlag-ipv6-prefix-differs", "mlag-ipv6-in-global-subnet", f"{A_IF}.mlag_ipv6",
         lambda: pair({"iface": {"mlag_ipv6": "2001:db8:1::2 80"}}),
         lambda: pair({"iface": {"mlag_ipv6": "2001:db8:1::2 64"}}), message="prefix length"),
    case("mlag-ipv4-without-primary", "mlag-ipv4-needs-primary",
         "DeviceA.interfaces[Vlanif200].mlag_ipv4",
         lambda: pair({"extra": [vlanif(200, mlag_ipv4="10.2.2.2")]}),
         lambda: pair({"extra": [vlanif(200, ipv4="10.2.2.1/24", mlag_ipv4="10.2.2.2")]})),
    case("mlag-ipv4-is-secondary", "mlag-ipv4-not-interface-address", f"{A_IF}.mlag_ipv4",
         lambda: pair({"iface": {"ipv4_secondary": ["10.1.1.2/24"]}}),
         lambda: pair({"iface": {"ipv4_secondary": ["10.1.1.9/24"]}}),
         also=["mlag-ipv4-unique"]),
    case("mlag-ipv4-is-primary", "mlag-ipv4-not-interface-address", f"{A_IF}.mlag_ipv4",
         lambda: pair({"iface": {"mlag_ipv4": "10.1.1.1"}}),
         lambda: pair({"iface": {"mlag_ipv4": "10.1.1.10"}}),
         also=["mlag-ipv4-unique"]),
    # 4. M-LAG IPv4 unique across the network
    case("mlag-ipv4-same-on-both-members", "mlag-ipv4-unique", f"{B_IF}.mlag_ipv4",
         lambda: pair(b={"iface": {"mlag_ipv4": "10.1.1.2"}}),
         lambda: pair(b={"iface": {"mlag_ipv4": "10.1.1.11"}})),
    case("mlag-ipv4-is-user-side", "mlag-ipv4-unique", f"{B_IF}.mlag_ipv4",
         lambda: pair(user_side=("10.1.1.3", USER6)),
         lambda: pair(user_side=("10.1.1.12", USER6))),
    case("mlag-ipv4-is-other-member-loopback", "mlag-ipv4-unique", f"{A_IF}.mlag_ipv4",
         lambda: pair(b={"extra": [loopback(0, "10.1.1.13/32")]},
                      a={"iface": {"mlag_ipv4": "10.1.1.13"}}),
         lambda: pair(b={"extra": [loopback(0, "10.1.1.13/32")]},
                      a={"iface": {"mlag_ipv4": "10.1.1.14"}})),
    # 5. ignore primary-sub
    case("ignore-primary-sub", "mlag-ipv4-ignore-primary-sub", f"{A_IF}.mlag_ipv4",
         lambda: pair({"ignore_primary_sub": True}),
         lambda: pair({"ignore_primary_sub": False})),
    # 6. VBDIF needs a VNI for M-LAG addresses
    case("vbdif-mlag-ipv4-without-vni", "vbdif-mlag-needs-vni", f"{CE1_IF}.mlag_ipv4",
         lambda: vbdif_pair({"iface": {"vni": None}}),
         lambda: vbdif_pair({"iface": {"vni": 5010}})),
    case("vbdif-mlag-ipv6-without-vni", "vbdif-mlag-needs-vni",
         "X.interfaces[Vbdif20].mlag_ipv6",
         lambda: x_device(vbdif(20, ipv6_enable=True, ipv6=["2001:db8:20::1/64"],
                                mlag_ipv6="2001:db8:20::2")),
         lambda: x_device(vbdif(20, vni=5020, ipv6_enable=True, ipv6=["2001:db8:20::1/64"],
                                mlag_ipv6="2001:db8:20::2"))),
    case("vbdif-mlag-link-local-without-vni", "vbdif-mlag-needs-vni",
         "X.interfaces[Vbdif20].mlag_ipv6_link_local",
         lambda: x_device(vbdif(20, ipv6_enable=True, mlag_ipv6_link_local="fe80::20:2")),
         lambda: x_device(vbdif(20, vni=5020, ipv6_enable=True,
                                mlag_ipv6_link_local="fe80::20:2"))),
    # 7. M-LAG IPv6
    case("mlag-ipv6-subnet-router-anycast", "mlag-ipv6-global-unicast", f"{A_IF}.mlag_ipv6",
         lambda: pair({"iface": {"mlag_ipv6": "2001:db8:1::"}}),
         lambda: pair({"iface": {"mlag_ipv6": "2001:db8:1::4"}}), message="anycast"),
    case("mlag-ipv6-rfc2526-anycast", "mlag-ipv6-global-unicast", f"{A_IF}.mlag_ipv6",
         lambda: pair({"iface": {"mlag_ipv6": "2001:db8:1:0:fdff:ffff:ffff:ff80"}}),
         lambda: pair({"iface": {"mlag_ipv6": "2001:db8:1:0:fdff:ffff:ffff:ff7f"}})),
    case("mlag-ipv6-multicast", "mlag-ipv6-global-unicast", f"{A_IF}.mlag_ipv6",
         lambda: pair({"iface": {"mlag_ipv6": "ff0e::2"}}),
         lambda: pair({"iface": {"mlag_ipv6": "2001:db8:1::5"}})),
    case("mlag-ipv6-loopback", "mlag-ipv6-global-unicast", f"{A_IF}.mlag_ipv6",
         lambda: pair({"iface": {"mlag_ipv6": "::1"}}),
         lambda: pair({"iface": {"mlag_ipv6": "2001:db8:1::6"}})),
    case("mlag-ipv6-unspecified", "mlag-ipv6-global-unicast", f"{A_IF}.mlag_ipv6",
         lambda: pair({"iface": {"mlag_ipv6": "::"}}),
         lambda: pair({"iface": {"mlag_ipv6": "2001:db8:1::7"}})),
    case("mlag-ipv6-link-local-low-edge", "mlag-ipv6-global-unicast", f"{A_IF}.mlag_ipv6",
         lambda: pair({"iface": {"mlag_ipv6": "fe80::2"}}),
         lambda: pair({"iface": {"mlag_ipv6": "2001:db8:1::8"}}), message="FE80::/10"),
    case("mlag-ipv6-link-local-high-edge", "mlag-ipv6-global-unicast", f"{A_IF}.mlag_ipv6",
         lambda: pair({"iface": {"mlag_ipv6": ALL_ONES_LL}}),
         lambda: pair({"iface": {"mlag_ipv6": "2001:db8:1::9"}}), message="FE80::/10"),
    case("mlag-ipv6-without-ipv6-enable", "mlag-ipv6-needs-ipv6",
         "DeviceA.interfaces[Vlanif200].mlag_ipv6",
         lambda: pair({"extra": [vlanif(200, mlag_ipv6="2001:db8:2::2/64")]}),
         lambda: pair({"extra": [vlanif(200, ipv6_enable=True,
                                        mlag_ipv6="2001:db8:2::2/64")]})),
    case("mlag-link-local-without-ipv6-enable", "mlag-ipv6-needs-ipv6",
         "DeviceA.interfaces[Vlanif200].mlag_ipv6_link_local",
         lambda: pair({"extra": [vlanif(200, mlag_ipv6_link_local="fe80::2:2")]}),
         lambda: pair({"extra": [vlanif(200, ipv6_enable=True,
                                        mlag_ipv6_link_local="fe80::2:2")]})),
    case("two-mlag-ipv6", "mlag-ipv6-one-per-interface", "interfaces[Vlanif100].mlag_ipv6",
         lambda: pair({"iface": {"mlag_ipv6": ["2001:db8:1::2", "2001:db8:1::4"]}}),
         lambda: pair({"iface": {"mlag_ipv6": ["2001:db8:1::2"]}})),
    case("17-ipv6-globals-with-mlag", "ipv6-global-max-16", f"{A_IF}.ipv6",
         lambda: pair({"iface": {"ipv6": globals6(16)}}, {"iface": {"ipv6": globals6(16)}}),
         lambda: pair({"iface": {"ipv6": globals6(15)}}, {"iface": {"ipv6": globals6(15)}})),
    case("17-ipv6-globals", "ipv6-global-max-16", "X.interfaces[Vlanif200].ipv6",
         lambda: x_device(vlanif(200, ipv6_enable=True, ipv6=globals6(17))),
         lambda: x_device(vlanif(200, ipv6_enable=True, ipv6=globals6(16)))),
    case("mlag-ipv6-is-interface-global", "mlag-ipv6-unique", f"{A_IF}.mlag_ipv6",
         lambda: pair({"iface": {"mlag_ipv6": "2001:db8:1::1"}}),
         lambda: pair({"iface": {"mlag_ipv6": "2001:db8:1::a"}})),
    case("mlag-ipv6-on-another-interface", "mlag-ipv6-unique", f"{A_IF}.mlag_ipv6",
         lambda: pair({"extra": [vlanif(200, ipv6_enable=True, ipv6=["2001:db8:1::2/64"])]}),
         lambda: pair({"extra": [vlanif(200, ipv6_enable=True, ipv6=["2001:db8:2::2/64"])]})),
    case("mlag-ipv6-same-on-both-members", "mlag-ipv6-unique", f"{B_IF}.mlag_ipv6",
         lambda: pair(b={"iface": {"mlag_ipv6": "2001:db8:1::2"}}),
         lambda: pair(b={"iface": {"mlag_ipv6": "2001:db8:1::b"}})),
    case("mlag-ipv6-is-user-side", "mlag-ipv6-unique", f"{B_IF}.mlag_ipv6",
         lambda: pair(user_side=(USER4, "2001:db8:1::3")),
         lambda: pair(user_side=(USER4, "2001:db8:1::c"))),
    case("global-in-fe80", "ipv6-global-not-link-local", "DeviceA.interfaces[Vlanif200].ipv6[0]",
         lambda: pair({"extra": [vlanif(200, ipv6_enable=True, ipv6=["fe80::5/64"])]}),
         lambda: pair({"extra": [vlanif(200, ipv6_enable=True, ipv6=["2001:db8:2::5/64"])]})),
    case("link-local-above-fe80-10", "ipv6-link-local-fe80",
         "DeviceA.interfaces[Vlanif200].ipv6_link_local",
         lambda: pair({"extra": [vlanif(200, ipv6_enable=True, ipv6_link_local=ABOVE_LL)]}),
         lambda: pair({"extra": [vlanif(200, ipv6_enable=True,
                                        ipv6_link_local=ALL_ONES_LL)]})),
    case("link-local-below-fe80-10", "ipv6-link-local-fe80",
         "DeviceA.interfaces[Vlanif200].ipv6_link_local",
         lambda: pair({"extra": [vlanif(200, ipv6_enable=True, ipv6_link_local=BELOW_LL)]}),
         lambda: pair({"extra": [vlanif(200, ipv6_enable=True, ipv6_link_local="fe80::")]})),
    # 8. M-LAG IPv6 link-local
    case("mlag-link-local-above-fe80-10", "mlag-ipv6-link-local-fe80",
         f"{A_IF}.mlag_ipv6_link_local",
         lambda: pair({"iface": {"mlag_ipv6_link_local": ABOVE_LL}}),
         lambda: pair({"iface": {"mlag_ipv6_link_local": ALL_ONES_LL}})),
    case("mlag-link-local-below-fe80-10", "mlag-ipv6-link-local-fe80",
         f"{A_IF}.mlag_ipv6_link_local",
         lambda: pair({"iface": {"mlag_ipv6_link_local": BELOW_LL}}),
         lambda: pair({"iface": {"mlag_ipv6_link_local": "fe80::"}})),
    case("mlag-link-local-global", "mlag-ipv6-link-local-fe80", f"{A_IF}.mlag_ipv6_link_local",
         lambda: pair({"iface": {"mlag_ipv6_link_local": "2001:db8:1::d"}}),
         lambda: pair({"iface": {"mlag_ipv6_link_local": "fe80::1:d"}})),
    case("two-mlag-link-locals", "mlag-ipv6-link-local-one-per-interface",
         "interfaces[Vlanif100].mlag_ipv6_link_local",
         lambda: pair({"iface": {"mlag_ipv6_link_local": ["fe80::1:2", "fe80::1:4"]}}),
         lambda: pair({"iface": {"mlag_ipv6_link_local": ["fe80::1:2"]}})),
    case("mlag-link-local-with-explicit-link-local", "mlag-ipv6-link-local-explicit-conflict",
         f"{A_IF}.mlag_ipv6_link_local",
         lambda: pair({"iface": {"ipv6_link_local": "fe80::9"}}),
         lambda: pair({"extra": [vlanif(200, ipv6_enable=True, ipv6_link_local="fe80::9")]})),
    case("mlag-link-local-same-on-both-members", "mlag-ipv6-link-local-unique",
         f"{B_IF}.mlag_ipv6_link_local",
         lambda: pair(b={"iface": {"mlag_ipv6_link_local": "fe80::1:2"}}),
         lambda: pair(b={"iface": {"mlag_ipv6_link_local": "fe80::1:e"}})),
    case("mlag-link-local-is-peer-explicit", "mlag-ipv6-link-local-unique",
         f"{A_IF}.mlag_ipv6_link_local",
         lambda: pair(b={"extra": [vlanif(200, ipv6_enable=True, ipv6_link_local="fe80::1:2")]}),
         lambda: pair(b={"extra": [vlanif(200, ipv6_enable=True,
                                          ipv6_link_local="fe80::1:f")]})),
    case("mlag-link-local-is-local-explicit", "mlag-ipv6-link-local-unique",
         f"{A_IF}.mlag_ipv6_link_local",
         lambda: pair({"extra": [vlanif(200, ipv6_enable=True, ipv6_link_local="fe80::1:2")]}),
         lambda: pair({"extra": [vlanif(200, ipv6_enable=True,
                                        ipv6_link_local="fe80::1:10")]})),
    case("mlag-link-local-is-vrrp6", "mlag-ipv6-link-local-unique",
         f"{A_IF}.mlag_ipv6_link_local",
         lambda: pair({"iface": {"vrrp6_link_local": "fe80::1:2"}}),
         lambda: pair({"iface": {"vrrp6_link_local": "fe80::1:11"}}), message="VRRP6"),
    case("mlag-link-local-twice-in-vpn", "mlag-ipv6-link-local-unique-in-vpn",
         "DeviceA.interfaces[Vlanif200].mlag_ipv6_link_local",
         lambda: pair({"extra": [vlanif(200, ipv6_enable=True,
                                        mlag_ipv6_link_local="fe80::1:2")]}),
         lambda: pair({"extra": [vlanif(200, ipv6_enable=True, vpn_instance="vpn1",
                                        mlag_ipv6_link_local="fe80::1:2")]})),
    # 9. proxy ARP
    case("routed-proxy-arp-on-vbdif", "proxy-arp-routed-on-vlanif",
         f"{CE1_IF}.route_proxy_arp",
         lambda: vbdif_pair({"iface": {"route_proxy_arp": True}}),
         lambda: vbdif_pair({"iface": {"route_proxy_arp": False}})),
    case("routed-proxy-arp-on-loopback", "proxy-arp-routed-on-vlanif",
         "X.interfaces[LoopBack0].route_proxy_arp",
         lambda: x_device(loopback(0, "9.9.9.9/32", route_proxy_arp=True)),
         lambda: x_device(vlanif(200, ipv4="9.9.9.9/24", route_proxy_arp=True))),
    case("local-proxy-arp-on-vlanif", "proxy-arp-local-on-vbdif", f"{A_IF}.local_proxy_arp",
         lambda: pair({"iface": {"local_proxy_arp": True}}),
         lambda: pair({"iface": {"local_proxy_arp": False}})),
    # 10. ND needs IPv6
    case("na-glean-without-ipv6", "nd-needs-ipv6", "DeviceA.interfaces[Vlanif200].nd_na_glean",
         lambda: pair({"extra": [vlanif(200, nd_na_glean=True)]}),
         lambda: pair({"extra": [vlanif(200, ipv6_enable=True, nd_na_glean=True)]})),
    case("proxy-nd-without-ipv6", "nd-needs-ipv6",
         "DeviceA.interfaces[Vlanif200].nd_proxy_route",
         lambda: pair({"extra": [vlanif(200, nd_proxy_route="prune")]}),
         lambda: pair({"extra": [vlanif(200, ipv6_enable=True, nd_proxy_route="prune")]})),
    # interface kinds
    case("vni-on-vlanif", "vni-only-on-vbdif", "DeviceA.interfaces[Vlanif200].vni",
         lambda: pair({"extra": [vlanif(200, vni=5020)]}),
         lambda: pair({"extra": [vbdif(200, vni=5020)]})),
    case("mlag-ipv4-on-loopback", "not-on-loopback", "X.interfaces[LoopBack0].mlag_ipv4",
         lambda: x_device(loopback(0, "9.9.9.1/24", mlag_ipv4="9.9.9.2")),
         lambda: x_device(vlanif(200, ipv4="9.9.9.1/24", mlag_ipv4="9.9.9.2"))),
    case("na-glean-on-loopback", "not-on-loopback", "X.interfaces[LoopBack0].nd_na_glean",
         lambda: x_device(loopback(0, ipv6_enable=True, nd_na_glean=True)),
         lambda: x_device(loopback(0, ipv6_enable=True))),
    # 11. platforms
    *(_no_vxlan(p) for p in ("CE6820H", "CE6820H-K", "CE6820S")),
    case("vni-on-CE6820S", "platform-no-vxlan", "X.platform",
         lambda: x_device(vbdif(20, vni=5020), platform="CE6820S"),
         lambda: x_device(vbdif(20, vni=5020), platform="CE6881")),
    case("vbdif-on-CE6885-LL-low-latency", "platform-low-latency-no-vxlan", "CE-1.platform",
         lambda: vbdif_pair({"platform": "CE6885-LL", "low_latency": True}),
         lambda: vbdif_pair({"platform": "CE6885-LL", "low_latency": False})),
    case("ipv6-on-CE6885-LL-low-latency", "platform-low-latency-no-ipv6", "DeviceA.platform",
         lambda: pair({"platform": "CE6885-LL", "low_latency": True}),
         lambda: pair({"platform": "CE6885-LL", "low_latency": False})),
    case("ipv6-peer-on-CE6885-LL-low-latency", "platform-low-latency-no-ipv6",
         "AGG1.platform",
         lambda: agg({"address": "2001:db8::3", "families": {"ipv6-unicast": True},
                      "connect_interface": None}, platform="CE6885-LL", low_latency=True),
         lambda: agg({"address": "2001:db8::3", "families": {"ipv6-unicast": True},
                      "connect_interface": None}, platform="CE6885-LL")),
    # 12. BGP
    case("peer-without-as", "bgp-peer-remote-as-required", f"{AGG_P}.remote_as",
         lambda: agg({"remote_as": None}),
         lambda: agg({"remote_as": None, "group": "MASG"},
                     groups=[PeerGroup("MASG", type="ebgp", remote_as=65003)])),
    case("ibgp-group-other-as", "bgp-group-ibgp-no-as", "AGG1.bgp.peer_groups[RR].remote_as",
         lambda: agg(groups=[PeerGroup("RR", type="ibgp", remote_as=65002)]),
         lambda: agg(groups=[PeerGroup("RR", type="ibgp", remote_as=65001)]), message="65002"),
    case("ibgp-group-max-hop", "bgp-group-ibgp-no-max-hop",
         "AGG1.bgp.peer_groups[RR].ebgp_max_hop",
         lambda: agg(groups=[PeerGroup("RR", type="ibgp", ebgp_max_hop=2)]),
         lambda: agg(groups=[PeerGroup("RR", type="ebgp", ebgp_max_hop=2)]), message="RR"),
    case("link-local-peer-without-interface", "bgp-link-local-peer-interface",
         "X.bgp.peers[fe80::9].connect_interface",
         lambda: ll_peer_device(None), lambda: ll_peer_device("Vlanif200"),
         message="fe80::9"),
    case("link-local-peer-over-loopback", "bgp-link-local-peer-interface",
         "X.bgp.peers[fe80::9].connect_interface",
         lambda: ll_peer_device("LoopBack1"), lambda: ll_peer_device("Vlanif200"),
         message="VLANIF/VBDIF", also=["ebgp-loopback-needs-max-hop"]),
    case("peer-twice", "bgp-peer-unique", AGG_P,
         lambda: agg(more_peers=[Peer("3.3.3.3", **AGG_PEER)]),
         lambda: agg(more_peers=[Peer("4.4.4.4", **AGG_PEER)])),
    case("group-twice", "bgp-peer-unique", "AGG1.bgp.peer_groups[G]",
         lambda: agg(groups=[PeerGroup("G", remote_as=65009), PeerGroup("G", remote_as=65009)]),
         lambda: agg(groups=[PeerGroup("G", remote_as=65009), PeerGroup("H", remote_as=65009)])),
    case("peer-group-missing", "bgp-peer-group-exists", f"{AGG_P}.group",
         lambda: agg({"group": "MASG"}),
         lambda: agg({"group": "MASG"}, groups=[PeerGroup("MASG", type="ebgp")])),
    case("connect-interface-missing", "bgp-connect-interface-exists",
         f"{AGG_P}.connect_interface",
         lambda: agg({"connect_interface": "LoopBack2"}),
         lambda: agg({"connect_interface": "LoopBack1"})),
    case("connect-interface-on-device", "bgp-connect-interface-on-device",
         "X.bgp.peers[10.9.9.9].connect_interface",
         lambda: trunk_peer_device("eth-trunk 10.100"), lambda: trunk_peer_device("Vlanif200"),
         message="Eth-Trunk10.100 is not created by this payload: it must exist on X"),
    case("source-of-another-interface-than-the-device-one",
         "bgp-connect-interface-source-owned", "X.bgp.peers[10.9.9.9].source_address",
         lambda: trunk_peer_device("100GE1/0/1.100", "10.9.9.1"),
         lambda: trunk_peer_device("Vlanif200", "10.9.9.1"),
         also=["bgp-connect-interface-on-device"],
         message="10.9.9.1 is an address of Vlanif200, not of 100GE1/0/1.100"),
    case("source-not-on-interface", "bgp-connect-interface-source-owned",
         f"{AGG_P}.source_address",
         lambda: agg({"source_address": "1.1.1.2"}),
         lambda: agg({"source_address": "1.1.1.1"})),
    case("source-on-another-interface", "bgp-connect-interface-source-owned",
         f"{A_PEER4}.source_address",
         lambda: pair({"extra": [loopback(0, "9.9.9.9/32")],
                       "peer4": {"source_address": "9.9.9.9"}}),
         lambda: pair({"extra": [loopback(0, "9.9.9.9/32")],
                       "peer4": {"source_address": "10.1.1.2"}}),
         also=["bgp-mlag-peer-source"]),
    case("source-wrong-family", "bgp-source-address-family", f"{AGG_P}.source_address",
         lambda: agg({"source_address": "2001:db8::1"},
                     lo=loopback(1, "1.1.1.1/32", ipv6_enable=True, ipv6=["2001:db8::1/128"])),
         lambda: agg({"source_address": "1.1.1.1"},
                     lo=loopback(1, "1.1.1.1/32", ipv6_enable=True, ipv6=["2001:db8::1/128"]))),
    case("mlag-peer-source-primary", "bgp-mlag-peer-source", f"{A_PEER4}.source_address",
         lambda: pair({"peer4": {"source_address": "10.1.1.1"}}),
         lambda: pair({"peer4": {"source_address": "10.1.1.2"}}), message="10.1.1.2"),
    case("mlag-peer-without-source", "bgp-mlag-peer-source", f"{A_PEER6}.source_address",
         lambda: pair({"peer6": {"source_address": None}}),
         lambda: pair({"peer6": {"source_address": "2001:db8:1::2"}})),
    case("peer-outside-subnet", "bgp-peer-in-interface-subnet",
         "DeviceA.bgp.peers[10.1.2.100].address",
         lambda: pair({"peer4": {"address": "10.1.2.100"}}),
         lambda: pair({"peer4": {"address": "10.1.1.101"}})),
    case("ipv6-peer-outside-subnet", "bgp-peer-in-interface-subnet",
         "DeviceA.bgp.peers[2001:db8:2::100].address",
         lambda: pair({"peer6": {"address": "2001:db8:2::100"}}),
         lambda: pair({"peer6": {"address": "2001:db8:1::101"}})),
    case("peer-is-other-member", "bgp-peer-not-member-address",
         "DeviceA.bgp.peers[10.1.1.3].address",
         lambda: pair({"peer4": {"address": "10.1.1.3"}}),
         lambda: pair({"peer4": {"address": "10.1.1.102"}})),
    case("peer-is-own-loopback", "bgp-peer-not-member-address",
         "AGG1.bgp.peers[1.1.1.1].address",
         lambda: agg({"address": "1.1.1.1"}),
         lambda: agg({"address": "1.1.1.3"})),
    case("family-not-declared", "bgp-family-needs-instance-family", f"{AGG_P}.families",
         lambda: agg(declare=["ipv4-unicast"]),
         lambda: agg(declare=["ipv4-unicast", "vpnv4"])),
    # 13. MP-EBGP over loopbacks
    case("loopback-not-32", "loopback-ipv4-32", f"{AGG_P}.connect_interface",
         lambda: agg(lo=loopback(1, "1.1.1.1/24")),
         lambda: agg(lo=loopback(1, "1.1.1.1/32"))),
    case("ebgp-loopback-without-max-hop", "ebgp-loopback-needs-max-hop",
         f"{AGG_P}.ebgp_max_hop",
         lambda: agg({"ebgp_max_hop": None}),
         lambda: agg({"ebgp_max_hop": 255}), message="ebgp-max-hop"),
    case("ebgp-loopback-max-hop-1", "ebgp-loopback-needs-max-hop", f"{AGG_P}.ebgp_max_hop",
         lambda: agg({"ebgp_max_hop": 1}),
         lambda: agg({"ebgp_max_hop": 2}), message="ebgp-max-hop"),
    case("ebgp-vs-ibgp-loopback-without-max-hop", "ebgp-loopback-needs-max-hop",
         f"{AGG_P}.ebgp_max_hop",
         lambda: agg({"ebgp_max_hop": None, "remote_as": 65002}),
         lambda: agg({"ebgp_max_hop": None, "remote_as": 65001}), message="ebgp-max-hop"),
    case("ebgp-group-loopback-without-max-hop", "ebgp-loopback-needs-max-hop",
         "AGG1.bgp.peer_groups[MASG].ebgp_max_hop",
         lambda: agg(groups=[PeerGroup("MASG", type="ebgp", connect_interface="LoopBack1")]),
         lambda: agg(groups=[PeerGroup("MASG", type="ebgp", connect_interface="LoopBack1",
                                       ebgp_max_hop=True)]), message="ebgp-max-hop"),
    case("vpnv4-only-without-ipv4-false", "vpnv4-only-disables-ipv4-unicast",
         f"{AGG_P}.families",
         lambda: agg({"families": {"vpnv4": True}}),
         lambda: agg({"families": {"vpnv4": True, "ipv4-unicast": False}}),
         message="ipv4-unicast: false"),
    # 14. cross-member
    case("virtual-mac-differs", "pair-same-virtual-mac", f"{B_IF}.virtual_mac",
         lambda: pair(b={"iface": {"virtual_mac": "0000-5e00-0102"}}),
         lambda: pair(b={"iface": {"virtual_mac": "00:00:5E:00:01:01"}})),
    case("primary-ipv4-differs", "pair-same-primary", f"{B_IF}.ipv4",
         lambda: pair(b={"iface": {"ipv4": "10.1.1.4/24"}}),
         lambda: pair(b={"iface": {"ipv4": "10.1.1.1 255.255.255.0"}})),
    case("primary-ipv6-differs", "pair-same-primary", f"{B_IF}.ipv6",
         lambda: pair(b={"iface": {"ipv6": ["2001:db8:1::4/64"]}}),
         lambda: pair(b={"iface": {"ipv6": ["2001:DB8:1:0::1/64"]}})),
    case("as-differs", "pair-same-as", "DeviceB.bgp.asn",
         lambda: pair(b={"asn": 65002}), lambda: pair(b={"asn": "65001"})),
    case("as-dot-vs-plain", "pair-same-as", "DeviceB.bgp.asn",
         lambda: pair({"asn": "1.10"}, {"asn": 65547}),
         lambda: pair({"asn": "1.10"}, {"asn": 65546})),
    case("router-id-equal", "pair-different-router-id", "DeviceB.bgp.router_id",
         lambda: pair(b={"router_id": "1.1.1.1"}), lambda: pair(b={"router_id": "2.2.2.3"})),
    case("shared-interface-missing", "pair-shared-interface", "DeviceB.interfaces",
         lambda: pair({"extra": [vlanif(200)]}, shared_interface="Vlanif200"),
         lambda: pair({"extra": [vlanif(200)]}, {"extra": [vlanif(200)]},
                      shared_interface="Vlanif200")),
    case("member-names-equal", "device-name-unique", "members[1].name",
         lambda: renamed_pair("DeviceA"), lambda: renamed_pair("DeviceC")),
]


def found(build: Build) -> list[ValidationError]:
    """What building and checking ``build()`` reports (construction errors included)."""
    try:
        subject = build()
    except ValidationErrors as e:
        return list(e)
    except ValidationError as e:
        return [e]
    return [*violations(subject), *warnings(subject)]


def _check_raises(subject: Subject) -> set[str]:
    with pytest.raises((ValidationError, ValidationErrors)) as info:
        check(subject)
    err = info.value
    if isinstance(err, ValidationErrors):
        return set(err.rules)
    assert isinstance(err, ValidationError)
    return {err.rule}


def _render(subject: Subject) -> int:
    if isinstance(subject, MlagPair):
        return len(payloads(subject))
    payload(subject)
    return 1


# --------------------------------------------------------------------------- tests
def test_baselines_are_valid() -> None:
    for build in (pair, vbdif_pair, agg):
        subject = build()
        assert violations(subject) == []
        assert check(subject) is subject
        assert _render(subject) == (2 if isinstance(subject, MlagPair) else 1)


def test_every_rule_has_a_rejecting_case() -> None:
    assert {c.rule for c in CASES} == set(RULES)


def test_a_violation_names_a_catalogued_rule() -> None:
    found = violation("DeviceB.bgp.asn", "pair-same-as", "DeviceA uses AS 1, DeviceB uses AS 2")
    assert isinstance(found, RuleViolation)
    assert (found.path, found.rule, found.message) == (
        "DeviceB.bgp.asn", "pair-same-as", "DeviceA uses AS 1, DeviceB uses AS 2")
    with pytest.raises(KeyError, match="uncatalogued rule 'no-such-rule'"):
        violation("DeviceB.bgp.asn", "no-such-rule", "a programming error")


def test_case_ids_are_unique() -> None:
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_rule_rejects(c: Case) -> None:
    errors = found(c.bad)
    assert errors, f"{c.id}: nothing rejected"
    hits = [e for e in errors if e.rule == c.rule]
    assert hits, f"{c.id}: {c.rule} not reported; got {[str(e) for e in errors]}"
    assert all(isinstance(e, RuleViolation) for e in hits)
    assert c.path in {e.path for e in hits}, [e.path for e in hits]
    assert {e.rule for e in errors} <= {c.rule} | c.also, [str(e) for e in errors]
    if c.message is not None:
        assert any(c.message in e.message for e in hits), [e.message for e in hits]
    for e in hits:
        assert str(e).startswith(f"{e.path}: {c.rule}: ")


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_rejected_subject_is_never_rendered(c: Case) -> None:
    """Build-before-send: ``check()`` (and so ``payload(s)()``) refuses a broken subject."""
    try:
        subject = c.bad()
    except RuleViolation as e:  # a construction-time rule: nothing exists to render
        rule = e.rule
    else:
        if c.rule in WARNINGS:  # a warning: reported, and rendered anyway
            assert c.rule in {w.rule for w in warnings(subject)}
            assert _render(subject) >= 1
            return
        rule = c.rule if c.rule in _check_raises(subject) else "<not raised>"
        with pytest.raises((ValidationError, ValidationErrors)):
            _render(subject)
    assert rule == c.rule


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_neighbour_accepted(c: Case) -> None:
    assert found(c.good) == []
    subject = c.good()
    assert check(subject) is subject
    assert _render(subject) >= 1


# --------------------------------------------------------------------------- edge cases
def test_mlag_ipv4_on_a_31_has_no_subnet_broadcast() -> None:
    """RFC 3021: both addresses of a /31 are usable, so neither is 'the broadcast'."""
    dev = x_device(vlanif(200, ipv4="10.9.9.0/31", mlag_ipv4="10.9.9.1"))
    assert violations(dev) == []
    bcast = x_device(vlanif(200, ipv4="10.9.9.1/30", mlag_ipv4="10.9.9.3"))
    assert [v.rule for v in violations(bcast)] == ["mlag-ipv4-unicast"]


@pytest.mark.parametrize(("count", "ok"), [(255, True), (256, False)])
def test_secondary_count_boundary(count: int, ok: bool) -> None:
    dev = x_device(vlanif(200, ipv4="10.1.1.1/24", ipv4_secondary=secondaries(count)))
    rules = [v.rule for v in violations(dev)]
    assert rules == ([] if ok else ["ipv4-secondary-max-255"])


@pytest.mark.parametrize(("globals_", "mlag", "ok"), [
    (16, False, True), (17, False, False), (15, True, True), (16, True, False)])
def test_ipv6_global_count_boundary(globals_: int, mlag: bool, ok: bool) -> None:
    iface = vlanif(200, ipv6_enable=True, ipv6=globals6(globals_))
    if mlag:
        iface = iface.with_mlag_ipv6("2001:db8:1::2")
    rules = [v.rule for v in violations(x_device(iface))]
    assert rules == ([] if ok else ["ipv6-global-max-16"])


@pytest.mark.parametrize(("address", "ok"), [
    ("fe80::", True), ("fe80::1", True), (ALL_ONES_LL, True), ("FEBF::1", True),
    (BELOW_LL, False), (ABOVE_LL, False), ("fec0::1", False), ("ff02::1", False),
    ("2001:db8::1", False)])
def test_mlag_link_local_fe80_10_boundary(address: str, ok: bool) -> None:
    dev = x_device(vlanif(200, ipv6_enable=True, mlag_ipv6_link_local=address))
    rules = [v.rule for v in violations(dev)]
    assert rules == ([] if ok else ["mlag-ipv6-link-local-fe80"])


@pytest.mark.parametrize("address", [
    "2001:db8:1::", "2001:db8:1:0:fdff:ffff:ffff:ff80", "2001:db8:1:0:fdff:ffff:ffff:ffff"])
def test_mlag_ipv6_anycast_rejected(address: str) -> None:
    dev = x_device(vlanif(200, ipv6_enable=True, ipv6=["2001:db8:1::1/64"],
                          mlag_ipv6=address))
    assert [v.rule for v in violations(dev)] == ["mlag-ipv6-global-unicast"]


def test_subnet_router_anycast_depends_on_the_prefix() -> None:
    """2001:db8:1::80 is the subnet-router anycast of a /121, an ordinary host of a /64."""
    on64 = x_device(vlanif(200, ipv6_enable=True, mlag_ipv6="2001:db8:1::80/64"))
    on121 = x_device(vlanif(200, ipv6_enable=True, mlag_ipv6="2001:db8:1::80/121"))
    assert violations(on64) == []
    assert [v.rule for v in violations(on121)] == ["mlag-ipv6-global-unicast"]


@pytest.mark.parametrize("address", [
    "2001:db8:1:0:fe00::", "2001:db8:1:0:fe00::1", "2001:db8:1:0:ffff:ffff:ffff:fffe",
    "2001:db8:1:0:ffff:ffff:ffff:ffff"])
def test_mlag_ipv6_above_rfc2526_range_is_unicast(address: str) -> None:
    dev = x_device(vlanif(200, ipv6_enable=True, ipv6=["2001:db8:1::1/64"],
                          mlag_ipv6=address))
    assert violations(dev) == []


@pytest.mark.parametrize(("asn_a", "asn_b"), [
    ("1.10", 65546), ("1.10", "65546"), (65546, "1.10"),
    ("65535.65535", 4294967295), ("1.0", 65536)])
def test_pair_same_as_compares_values(asn_a: object, asn_b: object) -> None:
    p = pair({"asn": asn_a}, {"asn": asn_b})
    assert violations(p) == []
    assert p.members[0].bgp is not None
    assert p.members[1].bgp is not None
    # each member keeps its own notation in its payload
    assert p.members[0].bgp.asn.xml_text == str(asn_a)
    assert p.members[1].bgp.asn.xml_text == str(asn_b)


def test_active_standby_rejected_whatever_else_is_right() -> None:
    errors = found(lambda: pair(mode="active-standby"))
    assert [(e.path, e.rule) for e in errors] == [("mode", "mlag-dual-active")]
    assert "dual-active" in errors[0].message


@pytest.mark.parametrize("platform", ["CE6820H", "CE6820H-K", "CE6820S", "ce6820h-k"])
def test_no_vxlan_platforms_reject_each_member_that_has_a_vbdif(platform: str) -> None:
    p = vbdif_pair({"platform": platform}, {"platform": platform})
    assert sorted((v.path, v.rule) for v in violations(p)) == [
        ("CE-1.platform", "platform-no-vxlan"),
        ("CE-2.platform", "platform-no-vxlan")]


@pytest.mark.parametrize("platform", ["CE6820H", "CE6820H-K", "CE6820S", "CE6885-LL"])
def test_restricted_platforms_accept_ipv4_vlanif(platform: str) -> None:
    v4only = vlanif(100, ipv4="10.1.1.1/24")
    assert violations(x_device(v4only, platform=platform, low_latency=True)) == []


def test_ce6885_ll_low_latency_rejects_ipv6_and_vxlan_together() -> None:
    dev = x_device(vbdif(20, vni=5020, ipv6_enable=True), platform="CE6885-LL",
                   low_latency=True)
    assert sorted(v.rule for v in violations(dev)) == [
        "platform-low-latency-no-ipv6", "platform-low-latency-no-vxlan"]


def test_ce6885_ll_not_in_low_latency_mode_accepts_everything() -> None:
    for build in (lambda: pair({"platform": "CE6885-LL"}, {"platform": "CE6885-LL"}),
                  lambda: vbdif_pair({"platform": "CE6885-LL"}, {"platform": "CE6885-LL"})):
        assert found(build) == []


def test_ebgp_over_loopback_message_states_the_fix() -> None:
    (v,) = violations(agg({"ebgp_max_hop": None}))
    assert v.rule == "ebgp-loopback-needs-max-hop"
    assert "ebgp-max-hop" in v.message
    assert "2 or more" in v.message


def test_ibgp_over_loopback_needs_no_max_hop() -> None:
    assert violations(agg({"ebgp_max_hop": None, "remote_as": 65001})) == []
    ibgp_group = PeerGroup("RR", type="ibgp", connect_interface="LoopBack1")
    assert violations(agg(groups=[ibgp_group])) == []


def test_group_max_hop_covers_its_members() -> None:
    group = PeerGroup("MASG", type="ebgp", remote_as=65003, connect_interface="LoopBack1",
                      ebgp_max_hop=255)
    dev = agg({"remote_as": None, "ebgp_max_hop": None, "connect_interface": None,
               "group": "MASG"}, groups=[group])
    assert violations(dev) == []


def test_vpnv4_and_ipv4_unicast_peer_is_fine() -> None:
    assert violations(agg({"families": {"vpnv4": True, "ipv4-unicast": True}})) == []


def test_vpnv4_only_rule_is_for_ipv4_peers() -> None:
    dev = agg({"address": "2001:db8::3", "connect_interface": None,
               "families": {"vpnv4": True}})
    assert "vpnv4-only-disables-ipv4-unicast" not in {v.rule for v in violations(dev)}


def test_all_problems_reported_at_once() -> None:
    """Rules are collected, not stopped at the first: check() raises all of them."""
    p = pair({"iface": {"mlag_ipv4": "10.1.2.2"}}, {"router_id": "1.1.1.1"},
             mode="active-standby")
    with pytest.raises(ValidationErrors) as info:
        check(p)
    assert info.value.rules == {"mlag-dual-active", "mlag-ipv4-in-primary-subnet",
                                "pair-different-router-id"}


# --------------------------------------------------------------------------- value rules
# Rule 12's ranges are enforced by the typed leaves (ValueFormatError), before any check.
@pytest.mark.parametrize(("build", "path", "rule"), [
    (lambda: agg(asn=0), "bgp.asn", "as-number-range"),
    (lambda: agg(asn=4294967296), "bgp.asn", "as-number-range"),
    (lambda: agg(asn="65536.1"), "bgp.asn", "as-number-range"),
    (lambda: agg({"remote_as": "0.5"}), "bgp.peers[3.3.3.3].remote_as", "as-number-range"),
    (lambda: agg({"ebgp_max_hop": 0}), "bgp.peers[3.3.3.3].ebgp_max_hop", "ebgp-max-hop-range"),
    (lambda: agg({"ebgp_max_hop": 256}), "bgp.peers[3.3.3.3].ebgp_max_hop",
     "ebgp-max-hop-range"),
    (lambda: loose_bgp(asn=65001, router_id="2001:db8::1"), "bgp.router_id",
     "router-id-ipv4"),
    (lambda: pair({"iface": {"mlag_ipv4": "2001:db8::1"}}),
     "interfaces[Vlanif100].mlag_ipv4", "ipv4-format"),
], ids=["as-0", "as-2^32", "as-65536.1", "remote-as-0.5", "max-hop-0", "max-hop-256",
        "router-id-ipv6", "mlag-ipv4-not-ipv4"])
def test_value_rules(build: Callable[[], object], path: str, rule: str) -> None:
    with pytest.raises(ValueFormatError) as info:
        build()
    assert (info.value.path, info.value.rule) == (path, rule)


@pytest.mark.parametrize(("hop", "expected"), [(1, 1), (255, 255), (True, 255), ("10", 10)])
def test_ebgp_max_hop_accepted_values(hop: object, expected: int) -> None:
    bgp = agg({"ebgp_max_hop": hop}).bgp
    assert bgp is not None
    max_hop = bgp.peers[0].ebgp_max_hop
    assert max_hop is not None
    assert max_hop.value == expected


# --------------------------------------------------------------------------- pair messages
def _pair_found(p: MlagPair) -> dict[tuple[str, str], str]:
    return {(v.path, v.rule): v.message for v in violations(p)}


@pytest.mark.parametrize(("build", "key", "words"), [
    (lambda: pair(user_side=("10.1.1.3", USER6)), (f"{B_IF}.mlag_ipv4", "mlag-ipv4-unique"),
     ["10.1.1.3 is also used elsewhere (the user side)"]),
    (lambda: pair(b={"extra": [loopback(3, "10.1.1.3/32")]}),
     (f"{B_IF}.mlag_ipv4", "mlag-ipv4-unique"), ["10.1.1.3 is also an address of LoopBack3 on "
                                                 "DeviceB"]),
    (lambda: pair(b={"iface": {"mlag_ipv4": "10.1.1.2"}}),
     (f"{B_IF}.mlag_ipv4", "mlag-ipv4-unique"),
     ["10.1.1.2 is also used elsewhere (the peer member DeviceA)"]),
    (lambda: pair(user_side=(USER4, "2001:db8:1::3")),
     (f"{B_IF}.mlag_ipv6", "mlag-ipv6-unique"), ["2001:db8:1::3", "the user side"]),
    (lambda: pair(b={"iface": {"mlag_ipv6": "2001:db8:1::2"}}),
     (f"{B_IF}.mlag_ipv6", "mlag-ipv6-unique"), ["the peer member DeviceA"]),
    (lambda: pair(user_side=(USER4, USER6, "fe80::1:3")),
     (f"{B_IF}.mlag_ipv6_link_local", "mlag-ipv6-link-local-unique"),
     ["fe80::1:3", "user side"]),
    (lambda: pair({"role": "backup"}, {"role": "backup"}), ("DeviceB.role", "mlag-roles-differ"),
     ["both members are M-LAG backup", "one is master, the other backup"]),
    (lambda: pair(b={"iface": {"ipv6": ["2001:db8:1::4/64"]}}), (f"{B_IF}.ipv6",
                                                                 "pair-same-primary"),
     ["DeviceA uses ['2001:db8:1::1/64']", "DeviceB uses ['2001:db8:1::4/64']"]),
    (lambda: pair(b={"iface": {"mlag_ipv6": None}}),
     (f"{B_IF}.mlag_ipv6", "mlag-member-needs-mlag-address"),
     ["DeviceB peers with 2001:db8:1::100 over the shared Vlanif100", "no M-LAG ipv6 of its own",
      "shared primary"]),
    (lambda: pair({"extra": [vlanif(200)]}, shared_interface="Vlanif200"),
     ("DeviceB.interfaces", "pair-shared-interface"), ["DeviceB does not configure Vlanif200"]),
], ids=["v4-user-side", "v4-this-member", "v4-peer-member", "v6-user-side", "v6-peer-member",
        "ll-user-side", "roles", "ipv6-primary", "member-mlag", "shared-missing-on-b"])
def test_pair_messages_say_what_and_where(build: Build, key: tuple[str, str],
                                          words: list[str]) -> None:
    subject = build()
    assert isinstance(subject, MlagPair)
    found = _pair_found(subject)
    assert key in found, found
    for w in words:
        assert w in found[key], found[key]


def test_member_without_bgp_does_not_hide_the_other_member() -> None:
    """The first member has no BGP; the second's missing M-LAG address is still found."""
    p = pair(b={"iface": {"mlag_ipv4": None}})
    a, b = p.members
    q = MlagPair((a.replace(bgp=None), b), user_side=p.user_side)
    assert (f"{B_IF}.mlag_ipv4", "mlag-member-needs-mlag-address") in _pair_found(q)


def test_peer_over_the_shared_interface_through_its_group_needs_the_mlag_address() -> None:
    p = pair(b={"iface": {"mlag_ipv4": None}})
    a, b = p.members
    assert b.bgp is not None
    group = PeerGroup("USER", remote_as=USER_AS, connect_interface="Vlanif100")
    peer = Peer(USER4, group="USER", families={"ipv4-unicast": True})
    b2 = b.replace(bgp=b.bgp.replace(peers=(peer,), peer_groups=(group,)))
    found = _pair_found(MlagPair((a, b2), user_side=p.user_side))
    assert list(found) == [(f"{B_IF}.mlag_ipv4", "mlag-member-needs-mlag-address")]
    assert "10.1.1.100" in next(iter(found.values()))


def test_peers_over_other_interfaces_need_no_mlag_address() -> None:
    """Only peers over a shared interface need one; a loopback peer of one member does not."""
    lo = loopback(7, "7.7.7.7/32")
    p = pair({"extra": [lo]})
    a, b = p.members
    assert a.bgp is not None
    far = Peer("8.8.8.8", 65100, connect_interface="LoopBack7", ebgp_max_hop=2)
    a2 = a.replace(bgp=a.bgp.with_peer(far))
    assert violations(MlagPair((a2, b), user_side=p.user_side)) == []
    none = Peer("9.9.9.9", 65001)  # IBGP, no connect-interface at all
    a3 = a.replace(bgp=a.bgp.with_peer(none))
    assert violations(MlagPair((a3, b), user_side=p.user_side)) == []


def test_every_shared_interface_is_compared_after_a_missing_one() -> None:
    p = pair({"extra": [vlanif(200), vlanif(300, ipv4="10.3.3.1/24")]},
             {"extra": [vlanif(300, ipv4="10.3.3.9/24")]})
    found = _pair_found(p)
    assert ("DeviceB.interfaces[Vlanif300].ipv4", "pair-same-primary") in found
    b_missing = pair({"extra": [vlanif(200)]}, {"extra": [vlanif(300)]},
                     shared_interface="Vlanif200")
    assert _pair_found(b_missing)[("DeviceB.interfaces", "pair-shared-interface")] == \
        "DeviceB does not configure Vlanif200"
    a_missing = pair({"extra": [vlanif(300)]}, {"extra": [vlanif(200)]},
                     shared_interface="Vlanif200")
    assert _pair_found(a_missing)[("DeviceA.interfaces", "pair-shared-interface")] == \
        "DeviceA does not configure Vlanif200"


# --------------------------------------------------------------------------- BGP details
@pytest.mark.parametrize(("build", "key", "words"), [
    (lambda: agg(declare=["ipv4-unicast"]), (f"{AGG_P}.families",
                                             "bgp-family-needs-instance-family"),
     ["'vpnv4' is enabled for 3.3.3.3 but the instance family is not declared"]),
    (lambda: agg({"source_address": "1.1.1.2"}),
     (f"{AGG_P}.source_address", "bgp-connect-interface-source-owned"),
     ["1.1.1.2 is not an address of LoopBack1"]),
    (lambda: agg({"source_address": "1.1.1.2", "connect_interface": None}),
     (f"{AGG_P}.source_address", "bgp-connect-interface-source-owned"),
     ["1.1.1.2 is not an address of AGG1"]),
    (lambda: ll_peer_device(None), ("X.bgp.peers[fe80::9].connect_interface",
                                    "bgp-link-local-peer-interface"),
     ["link-local peer fe80::9 needs the VLANIF/VBDIF it is reached on as its "
      "connect-interface"]),
    (lambda: agg({"ebgp_max_hop": None}), (f"{AGG_P}.ebgp_max_hop",
                                           "ebgp-loopback-needs-max-hop"),
     ["EBGP peer 3.3.3.3 is reached through LoopBack1, more than one hop away: set "
      "ebgp-max-hop to 2 or more (e.g. 'ebgp-max-hop: 255')"]),
    (lambda: pair({"peer4": {"address": "10.2.1.100"}}),
     ("DeviceA.bgp.peers[10.2.1.100].address", "bgp-peer-in-interface-subnet"),
     ["10.2.1.100 is not in a subnet of Vlanif100 (10.1.1.0/24)"]),
    (lambda: pair({"peer4": {"address": "10.3.1.100"},
                   "iface": {"ipv4_secondary": ["10.2.2.1/24"]}}),
     ("DeviceA.bgp.peers[10.3.1.100].address", "bgp-peer-in-interface-subnet"),
     ["(10.1.1.0/24, 10.2.2.0/24)"]),
    (lambda: pair({"peer6": {"source_address": None}}),
     (f"{A_PEER6}.source_address", "bgp-mlag-peer-source"),
     ["must use this member's M-LAG address 2001:db8:1::2 as source (got none)"]),
], ids=["family", "source-of-interface", "source-of-device", "link-local", "max-hop",
        "subnet", "subnets", "no-source"])
def test_bgp_messages_say_what_and_where(build: Build, key: tuple[str, str],
                                         words: list[str]) -> None:
    subject = build()
    found = {(v.path, v.rule): v.message for v in violations(subject)}
    assert key in found, found
    for w in words:
        assert w in found[key], found[key]


def test_vpnv4_warning_message() -> None:
    (w,) = warnings(agg({"families": {"vpnv4": True}}))
    assert w.message == ("peer 3.3.3.3 stays enabled in IPv4 unicast as the device enables "
                         "it: set 'ipv4-unicast: false' for a VPNv4-only peer (or true to say "
                         "so)")


def test_source_address_without_connect_interface_is_any_device_address() -> None:
    owned = agg({"source_address": "1.1.1.1", "connect_interface": None, "ebgp_max_hop": 2})
    assert violations(owned) == []


def test_peer_takes_its_source_from_its_group() -> None:
    """A peer over the shared interface whose group gives the M-LAG source is fine."""
    p = pair()
    a, b = p.members
    assert a.bgp is not None
    group = PeerGroup("USER", remote_as=USER_AS, connect_interface="Vlanif100",
                      source_address="10.1.1.2")
    peer = Peer(USER4, group="USER", families={"ipv4-unicast": True})
    a2 = a.replace(bgp=a.bgp.replace(peers=(peer, a.bgp.peers[1]), peer_groups=(group,)))
    assert violations(MlagPair((a2, b), user_side=p.user_side)) == []
    wrong = group.replace(source_address="10.1.1.1")
    a3 = a.replace(bgp=a.bgp.replace(peers=(peer, a.bgp.peers[1]), peer_groups=(wrong,)))
    assert (f"{A_PEER4}.source_address", "bgp-mlag-peer-source") in {
        (v.path, v.rule) for v in violations(MlagPair((a3, b), user_side=p.user_side))}


def test_ipv4_peer_over_an_interface_without_ipv4_has_no_subnet_to_check() -> None:
    dev = Device("X", [vlanif(200, ipv6_enable=True, ipv6=["2001:db8:2::1/64"])],
                 Bgp(65001, peers=[Peer("10.9.9.9", 65009, connect_interface="Vlanif200")]))
    assert violations(dev) == []


# --------------------------------------------------------------------------- rule messages
def _sections(first: str, last: str) -> frozenset[str]:
    """The rule ids of the catalogue sections from ``first`` to ``last`` (title prefixes)."""
    names = list(RULES.sections())
    start = next(i for i, n in enumerate(names) if n.startswith(first))
    stop = next(i for i, n in enumerate(names) if n.startswith(last))
    return frozenset(r for n in names[start:stop + 1] for r in RULES.sections()[n])


# Documented rules 2-11 (one interface, a device's interfaces, platforms): the message of
# each rejecting case, whole. Each says what is wrong with which value and, where there is
# one, the fix.
INTERFACE_RULES = _sections("2.", "11.")
INTERFACE_MESSAGES: dict[str, str] = {
    "two-mlag-ipv4": "at most one M-LAG IPv4 address per interface, got 2",
    "256-secondaries": "256 secondary addresses, at most 255",
    "secondary-without-primary":
        "secondary addresses need a primary ('ip address' without 'sub')",
    "secondary-equals-primary": "10.1.1.1 is configured twice",
    "secondary-twice": "10.2.2.1 is configured twice",
    "mlag-ipv4-subnet-broadcast": "10.1.1.255 is the broadcast address of 10.1.1.0/24",
    "mlag-ipv4-limited-broadcast": "255.255.255.255 is the limited broadcast address",
    "mlag-ipv4-multicast": "224.0.0.5 is a multicast address",
    "mlag-ipv4-loopback": "127.0.0.1 is a loopback address",
    "mlag-ipv4-unspecified": "0.0.0.0 is the unspecified address",
    "mlag-ipv4-outside-subnet": "10.1.2.2 is not in the primary's subnet 10.1.1.0/24",
    "mlag-ipv4-mask-differs":
        "the mask /16 written with 10.1.1.2 differs from the primary's /24 (255.255.255.0); "
        "write 10.1.1.2 alone or with the primary's mask",
    "mlag-ipv4-prefix-differs":
        "the mask /25 written with 10.1.1.2 differs from the primary's /24 (255.255.255.0); "
        "write 10.1.1.2 alone or with the primary's mask",
    "mlag-ipv4-is-another-interface-address":
        "10.1.1.2 is also an address of LoopBack0 on DeviceA",
    "member-without-mlag-ipv4":
        "DeviceA peers with 10.1.1.100 over the shared Vlanif100 but has no M-LAG ipv4 of "
        "its own: both members would use the shared primary address",
    "member-without-mlag-ipv6":
        "DeviceB peers with 2001:db8:1::100 over the shared Vlanif100 but has no M-LAG ipv6 "
        "of its own: both members would use the shared primary address",
    "mlag-ipv6-outside-global-subnets":
        "2001:db8:2::2 is outside every global subnet of Vlanif100 (2001:db8:1::/64)",
    "mlag-ipv6-prefix-differs":
        "2001:db8:1::2/80 has the prefix length of none of the global subnets containing it "
        "(2001:db8:1::/64)",
    "mlag-ipv4-without-primary": "Vlanif200 has no primary IPv4 address",
    "mlag-ipv4-is-secondary": "10.1.1.2 is already a primary or secondary address of Vlanif100",
    "mlag-ipv4-is-primary": "10.1.1.1 is already a primary or secondary address of Vlanif100",
    "mlag-ipv4-same-on-both-members":
        "10.1.1.2 is also used elsewhere (the peer member DeviceA)",
    "mlag-ipv4-is-user-side": "10.1.1.3 is also used elsewhere (the user side)",
    "mlag-ipv4-is-other-member-loopback":
        "10.1.1.13 is also used elsewhere (the peer member DeviceB)",
    "ignore-primary-sub": "the device runs 'ip address ignore primary-sub enable', which "
                          "forbids 'm-lag ip address'",
    "vbdif-mlag-ipv4-without-vni":
        "bind a VNI to BD 10 first ('vxlan vni <vni>' in the bridge domain)",
    "vbdif-mlag-ipv6-without-vni":
        "bind a VNI to BD 20 first ('vxlan vni <vni>' in the bridge domain)",
    "vbdif-mlag-link-local-without-vni":
        "bind a VNI to BD 20 first ('vxlan vni <vni>' in the bridge domain)",
    "mlag-ipv6-subnet-router-anycast":
        "2001:db8:1:: is the subnet-router anycast address of 2001:db8:1::/64",
    "mlag-ipv6-rfc2526-anycast":
        "2001:db8:1:0:fdff:ffff:ffff:ff80 is a reserved subnet anycast address of "
        "2001:db8:1::/64 (RFC 2526)",
    "mlag-ipv6-multicast": "ff0e::2 is a multicast address",
    "mlag-ipv6-loopback": "::1 is the loopback address",
    "mlag-ipv6-unspecified": ":: is the unspecified address",
    "mlag-ipv6-link-local-low-edge": "fe80::2 is a link-local address (FE80::/10)",
    "mlag-ipv6-link-local-high-edge": f"{ALL_ONES_LL} is a link-local address (FE80::/10)",
    "mlag-ipv6-without-ipv6-enable": "Vlanif200 needs 'ipv6 enable'",
    "mlag-link-local-without-ipv6-enable": "Vlanif200 needs 'ipv6 enable'",
    "two-mlag-ipv6": "at most one M-LAG IPv6 address per interface, got 2",
    "17-ipv6-globals-with-mlag": "17 global IPv6 addresses (M-LAG included), at most 16",
    "17-ipv6-globals": "17 global IPv6 addresses (M-LAG included), at most 16",
    "mlag-ipv6-is-interface-global": "2001:db8:1::1 is already an IPv6 address of DeviceA",
    "mlag-ipv6-on-another-interface": "2001:db8:1::2 is already an IPv6 address of DeviceA",
    "mlag-ipv6-same-on-both-members":
        "2001:db8:1::2 is also used elsewhere (the peer member DeviceA)",
    "mlag-ipv6-is-user-side": "2001:db8:1::3 is also used elsewhere (the user side)",
    "global-in-fe80": "fe80::5 is link-local; set it as ipv6_link_local",
    "link-local-above-fe80-10": f"{ABOVE_LL} is not in FE80::/10",
    "link-local-below-fe80-10": f"{BELOW_LL} is not in FE80::/10",
    "mlag-link-local-above-fe80-10": f"{ABOVE_LL} is not in FE80::/10",
    "mlag-link-local-below-fe80-10": f"{BELOW_LL} is not in FE80::/10",
    "mlag-link-local-global": "2001:db8:1::d is not in FE80::/10",
    "two-mlag-link-locals": "at most one M-LAG IPv6 link-local address per interface, got 2",
    "mlag-link-local-with-explicit-link-local": "Vlanif100 has an explicit link-local fe80::9",
    "mlag-link-local-same-on-both-members":
        "fe80::1:2 is also a link-local of the peer member DeviceA",
    "mlag-link-local-is-peer-explicit":
        "fe80::1:2 is also a link-local of the peer member DeviceB",
    "mlag-link-local-is-local-explicit": "fe80::1:2 is already a link-local on DeviceA",
    "mlag-link-local-is-vrrp6": "fe80::1:2 is already the VRRP6 link-local on DeviceA",
    "mlag-link-local-twice-in-vpn":
        "Vlanif100 in VPN instance _public_ uses the same M-LAG link-local fe80::1:2",
    "routed-proxy-arp-on-vbdif": "Vbdif10: use local proxy ARP on a VBDIF",
    "routed-proxy-arp-on-loopback": "LoopBack0 is not a VLANIF",
    "local-proxy-arp-on-vlanif": "Vlanif100: use routed proxy ARP on a VLANIF",
    "na-glean-without-ipv6": "ND settings on Vlanif200 need 'ipv6 enable'",
    "proxy-nd-without-ipv6": "ND settings on Vlanif200 need 'ipv6 enable'",
    "vni-on-vlanif": "Vlanif200 is not a VBDIF",
    "mlag-ipv4-on-loopback": "LoopBack0 is a loopback",
    "na-glean-on-loopback": "LoopBack0 is a loopback: no ND NA glean or proxy ND",
    "vbdif-on-CE6820H": "CE6820H does not support VXLAN (Vbdif10)",
    "vbdif-on-CE6820H-K": "CE6820H-K does not support VXLAN (Vbdif10)",
    "vbdif-on-CE6820S": "CE6820S does not support VXLAN (Vbdif10)",
    "vni-on-CE6820S": "CE6820S does not support VXLAN (Vbdif20)",
    "vbdif-on-CE6885-LL-low-latency":
        "CE6885-LL in low-latency mode does not support VXLAN (Vbdif10)",
    "ipv6-on-CE6885-LL-low-latency":
        "CE6885-LL in low-latency mode does not support IPv6 (Vlanif100)",
    "ipv6-peer-on-CE6885-LL-low-latency":
        "CE6885-LL in low-latency mode does not support IPv6 (peer 2001:db8::3)",
}
_CASE = {c.id: c for c in CASES}


def test_every_interface_rule_case_has_its_message() -> None:
    assert set(RULES) >= INTERFACE_RULES
    assert "mlag-ipv4-unicast" in INTERFACE_RULES
    assert "platform-no-vxlan" in INTERFACE_RULES
    assert {c.id for c in CASES if c.rule in INTERFACE_RULES} == set(INTERFACE_MESSAGES)


@pytest.mark.parametrize(("case_id", "message"), INTERFACE_MESSAGES.items(),
                         ids=list(INTERFACE_MESSAGES))
def test_interface_rule_message(case_id: str, message: str) -> None:
    """The rule id, at the case's path, with the message naming the value and the fix."""
    c = _CASE[case_id]
    hits = [e for e in found(c.bad) if e.rule == c.rule and e.path == c.path]
    assert [e.message for e in hits] == [message]
    assert str(hits[0]) == f"{c.path}: {c.rule}: {message}"


@pytest.mark.parametrize(("iface", "path", "rule", "message"), [
    (loopback(0, "9.9.9.9/32", local_proxy_arp=True), "X.interfaces[LoopBack0].local_proxy_arp",
     "proxy-arp-local-on-vbdif", "LoopBack0 is not a VBDIF"),
    (vbdif(20, vni=5020, route_proxy_arp=True), "X.interfaces[Vbdif20].route_proxy_arp",
     "proxy-arp-routed-on-vlanif", "Vbdif20: use local proxy ARP on a VBDIF"),
    (vlanif(200, local_proxy_arp=True), "X.interfaces[Vlanif200].local_proxy_arp",
     "proxy-arp-local-on-vbdif", "Vlanif200: use routed proxy ARP on a VLANIF"),
], ids=["local-on-loopback", "routed-on-vbdif", "local-on-vlanif"])
def test_proxy_arp_message_names_the_right_kind(iface: Interface, path: str, rule: str,
                                                message: str) -> None:
    """On the other kind of L3 interface the message gives the fix; elsewhere, the kind."""
    assert [(v.path, v.rule, v.message) for v in violations(x_device(iface))] == [
        (path, rule, message)]


@pytest.mark.parametrize(("ipv6", "mlag", "message"), [
    (["2001:db8:1::1/64", "2001:db8:3::1/64"], "2001:db8:2::2/64",
     "2001:db8:2::2 is outside every global subnet of Vlanif200 "
     "(2001:db8:1::/64, 2001:db8:3::/64)"),
    (["2001:db8:1::1/64", "2001:db8:1::1:1/112"], "2001:db8:1::1:2/80",
     "2001:db8:1::1:2/80 has the prefix length of none of the global subnets containing it "
     "(2001:db8:1::/64, 2001:db8:1::1:0/112)"),
], ids=["outside-two", "prefix-of-neither-home"])
def test_mlag_ipv6_subnet_message_lists_every_subnet(ipv6: list[str], mlag: str,
                                                      message: str) -> None:
    dev = x_device(vlanif(200, ipv6_enable=True, ipv6=ipv6, mlag_ipv6=mlag))
    assert [(v.rule, v.message) for v in violations(dev)] == [
        ("mlag-ipv6-in-global-subnet", message)]


@pytest.mark.parametrize(("address", "ok"), [
    ("2001:db8:1::/126", False), ("2001:db8:1::/127", True), ("2001:db8:1::1/127", True),
    ("2001:db8:1::/128", True)])
def test_subnet_router_anycast_exempts_127_and_128(address: str, ok: bool) -> None:
    """RFC 6164: both addresses of a /127 are usable, so its first is no subnet-router
    anycast; a /128 has only one address."""
    dev = x_device(vlanif(200, ipv6_enable=True, mlag_ipv6=address))
    assert [v.rule for v in violations(dev)] == ([] if ok else ["mlag-ipv6-global-unicast"])


@pytest.mark.parametrize(("iface", "rules"), [
    (vbdif(20), ["platform-no-vxlan"]),
    (vbdif(20, vni=5020), ["platform-no-vxlan"]),
    (vlanif(200, vni=5020), ["vni-only-on-vbdif", "platform-no-vxlan"]),
], ids=["vbdif-without-vni", "vbdif-with-vni", "vni-on-vlanif"])
def test_no_vxlan_platform_refuses_a_vbdif_or_a_vni(iface: Interface, rules: list[str]) -> None:
    """Either a VBDIF (with or without its VNI) or a VNI anywhere is VXLAN."""
    assert [v.rule for v in violations(x_device(iface, platform="CE6820S"))] == rules


@pytest.mark.parametrize("iface", [
    vlanif(200, mlag_ipv6="2001:db8:2::2/64"),
    vlanif(200, mlag_ipv6_link_local="fe80::2"),
    vlanif(200, ipv6_link_local="fe80::2"),
    vlanif(200, ipv6=["2001:db8:2::1/64"]),
], ids=["mlag-ipv6-only", "mlag-link-local-only", "link-local-only", "global-only"])
def test_low_latency_refuses_any_ipv6_on_an_interface(iface: Interface) -> None:
    """Any one IPv6 setting is IPv6, even without 'ipv6 enable' (itself refused as well)."""
    found_ = {v.rule: v.message for v in violations(x_device(iface, platform="CE6885-LL",
                                                              low_latency=True))}
    assert found_.pop("platform-low-latency-no-ipv6") == (
        "CE6885-LL in low-latency mode does not support IPv6 (Vlanif200)")
    assert set(found_) <= {"mlag-ipv6-needs-ipv6"}


# --------------------------------------------------------------------------- device interfaces
def test_a_device_interface_is_a_warning_not_an_error() -> None:
    """Eth-Trunk / Ethernet ports (main or sub) are the device's: no existence error, one
    warning saying the device checks it, and the payload renders ``local-if-name``."""
    for name in ("Eth-Trunk10", "Eth-Trunk10.100", "100GE1/0/1", "10GE1/0/1.5", "GE1/0/1"):
        dev = trunk_peer_device(name, "10.8.8.1")
        assert violations(dev) == []
        (w,) = warnings(dev)
        assert (w.path, w.rule) == ("X.bgp.peers[10.9.9.9].connect_interface",
                                    "bgp-connect-interface-on-device")
        assert w.message == (
            f"{name} is not created by this payload: it must exist on X (the device refuses "
            "the peer otherwise); its addresses are not known here, so source 10.8.8.1 is not "
            "checked against it")
        assert f"<local-if-name>{name}</local-if-name>" in payload(dev).xml
    (w,) = warnings(trunk_peer_device("Eth-Trunk10"))
    assert w.message == (
        "Eth-Trunk10 is not created by this payload: it must exist on X (the device refuses "
        "the peer otherwise); its addresses are not known here, so the session is sourced "
        "from its primary address")


def test_a_vlanif_missing_from_the_model_is_still_an_error() -> None:
    """The existing rule on the library's own kinds is unchanged."""
    assert [(v.rule, v.path) for v in violations(trunk_peer_device("Vlanif300"))] == [
        ("bgp-connect-interface-exists", "X.bgp.peers[10.9.9.9].connect_interface")]
    assert warnings(trunk_peer_device("Vlanif300")) == []


def test_a_link_local_peer_over_a_device_sub_interface() -> None:
    """BGP4+ to a link-local peer over an L3 sub-interface of the device: the interface
    is named, so only the device-interface warning remains."""
    dev = ll_peer_device("Eth-Trunk10.100")
    assert violations(dev) == []
    assert [w.rule for w in warnings(dev)] == ["bgp-connect-interface-on-device"]


def test_a_group_on_a_device_interface_warns_once() -> None:
    """The group names the interface (one warning); its member inherits it silently, and a
    member's own source on another interface is still an error."""
    def dev(source: str | None) -> Device:
        group = PeerGroup("T", type="ebgp", remote_as=65009, connect_interface="Eth-Trunk7")
        return Device("X", interfaces=[vlanif(200, ipv4="10.9.9.1/24")], bgp=Bgp(
            65001, peers=[Peer("10.7.7.7", group="T", source_address=source)],
            peer_groups=[group]))
    assert violations(dev(None)) == []
    assert [w.path for w in warnings(dev(None))] == ["X.bgp.peer_groups[T].connect_interface"]
    assert [(v.rule, v.message) for v in violations(dev("10.9.9.1"))] == [
        ("bgp-connect-interface-source-owned",
         "10.9.9.1 is an address of Vlanif200, not of Eth-Trunk7")]
