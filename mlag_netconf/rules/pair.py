"""Rules across the two M-LAG members (documented rules 1, 4, 7, 8, 12 and 14)."""

from __future__ import annotations

from collections.abc import Iterator

from mlag_netconf.enums import MlagMode
from mlag_netconf.errors import RuleViolation
from mlag_netconf.model.device import Device, MlagPair
from mlag_netconf.model.interface import Interface
from mlag_netconf.rules.bgp import mlag_source
from mlag_netconf.rules.catalog import violation
from mlag_netconf.types import InterfaceName, IPAddress, is_link_local


def member_name_violations(pair: MlagPair) -> Iterator[RuleViolation]:
    """The members are told apart by name: two of the same name are one device twice.

    Reported at the pair's own path of the second member's name (``members[1].name``),
    since ``<name>.…`` would name both."""
    a, b = pair.members
    if a.name == b.name:
        yield violation("members[1].name", "device-name-unique",
                        f"both members are called {a.name}")


def cross_member_violations(pair: MlagPair) -> Iterator[RuleViolation]:
    if pair.mode is not MlagMode.DUAL_ACTIVE:
        yield violation("mode", "mlag-dual-active",
                        f"M-LAG mode is {pair.mode}; BGP over M-LAG needs dual-active")
    a, b = pair.members
    for me, other in ((a, b), (b, a)):
        yield from _unique_mlag(me, other, pair.user_side)
        yield from _peers_not_members(me, other)
    yield from _shared(pair, a, b)
    if a.role is not None and a.role == b.role:
        yield violation(f"{b.name}.role", "mlag-roles-differ",
                        f"both members are M-LAG {a.role.value}: one is master, the other "
                        "backup")


def _unique_mlag(me: Device, other: Device,
                 user_side: tuple[IPAddress, ...]) -> Iterator[RuleViolation]:
    """M-LAG addresses against the peer member and the user side (the device's own
    addresses are the device rules' business)."""
    for iface in me.interfaces:
        p = f"{me.name}.interfaces[{iface.name}]"
        if iface.mlag_ipv4 is not None and (iface.mlag_ipv4 in other.addresses
                                            or iface.mlag_ipv4 in user_side):
            yield violation(f"{p}.mlag_ipv4", "mlag-ipv4-unique",
                            f"{iface.mlag_ipv4} is also used elsewhere "
                            f"({_where(iface.mlag_ipv4, other, user_side)})")
        if iface.mlag_ipv6 is not None:
            ip6 = iface.mlag_ipv6.ip
            if ip6 in other.addresses or ip6 in user_side:
                yield violation(f"{p}.mlag_ipv6", "mlag-ipv6-unique",
                                f"{ip6} is also used elsewhere "
                                f"({_where(ip6, other, user_side)})")
        ll = iface.mlag_ipv6_link_local
        if ll is not None:
            theirs = {i.ipv6_link_local for i in other.interfaces} | {
                i.mlag_ipv6_link_local for i in other.interfaces}
            if ll in theirs:
                yield violation(f"{p}.mlag_ipv6_link_local", "mlag-ipv6-link-local-unique",
                                f"{ll} is also a link-local of the peer member {other.name}")
            elif ll in user_side:
                yield violation(f"{p}.mlag_ipv6_link_local", "mlag-ipv6-link-local-unique",
                                f"{ll} is also the user side's address")


def _where(addr: IPAddress, other: Device, user_side: tuple[IPAddress, ...]) -> str:
    return "the user side" if addr in user_side else f"the peer member {other.name}"


def _peers_not_members(me: Device, other: Device) -> Iterator[RuleViolation]:
    if me.bgp is None:
        return
    for peer in me.bgp.peers:
        if peer.address in other.addresses:
            yield violation(f"{me.name}.{peer.path}.address", "bgp-peer-not-member-address",
                            f"{peer.address} is an address of the other member {other.name}")


_MLAG_FIELD = {4: "mlag_ipv4", 6: "mlag_ipv6"}


def _own_mlag_sources(pair: MlagPair) -> Iterator[RuleViolation]:
    """Each member peering over a shared interface sources the session from its own
    M-LAG address; without one it would use the shared primary, as its twin does."""
    shared = set(pair.shared_interfaces)
    for dev in pair.members:
        if dev.bgp is None:
            continue
        groups = {g.name: g for g in dev.bgp.peer_groups}
        for peer in dev.bgp.peers:
            group = groups.get(peer.group)  # type: ignore[arg-type]
            name = peer.connect_interface or (group.connect_interface if group else None)
            iface = dev.find_interface(name) if name in shared and name else None
            if iface is None or mlag_source(iface, peer.address) is not None:
                continue
            field = ("mlag_ipv6_link_local" if is_link_local(peer.address) else
                     _MLAG_FIELD[peer.address.version])
            yield violation(f"{dev.name}.interfaces[{iface.name}].{field}",
                            "mlag-member-needs-mlag-address",
                            f"{dev.name} peers with {peer.address} over the shared {iface.name} "
                            f"but has no {field.replace('_', ' ').replace('mlag', 'M-LAG')} "
                            "of its own: both members would use the shared primary address")


def _shared(pair: MlagPair, a: Device, b: Device) -> Iterator[RuleViolation]:
    yield from _own_mlag_sources(pair)
    for name in pair.shared_interfaces:
        ia, ib = a.find_interface(name), b.find_interface(name)
        if ia is not None and ib is not None:
            yield from _same_interface(name, a.name, b.name, ia, ib)
        else:
            missing = a.name if ia is None else b.name
            yield violation(f"{missing}.interfaces", "pair-shared-interface",
                            f"{missing} does not configure {name}")
    if a.bgp is not None and b.bgp is not None:
        if a.bgp.asn != b.bgp.asn:
            yield violation(f"{b.name}.bgp.asn", "pair-same-as",
                            f"{a.name} uses AS {a.bgp.asn}, {b.name} uses AS {b.bgp.asn}")
        if a.bgp.router_id is not None and a.bgp.router_id == b.bgp.router_id:
            yield violation(f"{b.name}.bgp.router_id", "pair-different-router-id",
                            f"both members use router-id {a.bgp.router_id}")


def _same_interface(name: InterfaceName, na: str, nb: str, ia: Interface,
                    ib: Interface) -> Iterator[RuleViolation]:
    p = f"{nb}.interfaces[{name}]"
    if ia.virtual_mac != ib.virtual_mac:
        yield violation(f"{p}.virtual_mac", "pair-same-virtual-mac",
                        f"{na} uses {ia.virtual_mac}, {nb} uses {ib.virtual_mac}")
    if ia.ipv4 != ib.ipv4:
        yield violation(f"{p}.ipv4", "pair-same-primary",
                        f"{na} uses {ia.ipv4}, {nb} uses {ib.ipv4}")
    if set(ia.ipv6) != set(ib.ipv6):
        yield violation(f"{p}.ipv6", "pair-same-primary",
                        f"{na} uses {[str(x) for x in ia.ipv6]}, "
                        f"{nb} uses {[str(x) for x in ib.ipv6]}")
