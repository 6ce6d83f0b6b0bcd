"""BGP rules on one device (documented rules 12 and 13)."""

from __future__ import annotations

from collections.abc import Iterator

from mlag_netconf.enums import AddressFamily, InterfaceType, PeerType
from mlag_netconf.errors import RuleViolation
from mlag_netconf.model.bgp import Bgp, Peer, PeerGroup
from mlag_netconf.model.device import Device
from mlag_netconf.model.interface import Interface
from mlag_netconf.rules.catalog import violation
from mlag_netconf.types import AsNumber, IPAddress


def bgp_violations(dev: Device) -> Iterator[RuleViolation]:
    bgp = dev.bgp
    if bgp is None:
        return
    yield from _unique(dev, bgp)
    groups = {g.name: g for g in bgp.peer_groups}
    for pg in bgp.peer_groups:
        yield from _common(dev, bgp, pg, None)
    for peer in bgp.peers:
        group = groups.get(peer.group) if peer.group is not None else None
        p = f"{dev.name}.{peer.path}"
        if peer.group is not None and group is None:
            yield violation(f"{p}.group", "bgp-peer-group-exists",
                            f"peer group {peer.group} is not configured")
        if peer.remote_as is None and (group is None or group.remote_as is None):
            yield violation(f"{p}.remote_as", "bgp-peer-remote-as-required",
                            f"peer {peer.address} needs 'as-number' (or a group with one)")
        yield from _common(dev, bgp, peer, group)
        yield from _peer_address(dev, peer)
        yield from _vpnv4_only(p, peer)


def _unique(dev: Device, bgp: Bgp) -> Iterator[RuleViolation]:
    seen: set[str] = set()
    items: list[Peer | PeerGroup] = [*bgp.peers, *bgp.peer_groups]
    for item in items:
        if item.key in seen:
            yield violation(f"{dev.name}.{item.path}", "bgp-peer-unique",
                            f"{item.key} is configured twice")
        seen.add(item.key)


def _common(dev: Device, bgp: Bgp, item: Peer | PeerGroup,
            group: PeerGroup | None) -> Iterator[RuleViolation]:
    p = f"{dev.name}.{item.path}"
    if bgp.declared_families is not None:
        for af in item.enabled:
            if af is not AddressFamily.IPV4_UNICAST and af not in bgp.declared_families:
                yield violation(f"{p}.families", "bgp-family-needs-instance-family",
                                f"'{af.intent_name}' is enabled for {item.key} but the "
                                "instance family is not declared")
    ifname = item.connect_interface or (group.connect_interface if group else None)
    iface = dev.find_interface(ifname) if ifname is not None else None
    if ifname is not None and iface is None:
        yield violation(f"{p}.connect_interface", "bgp-connect-interface-exists",
                        f"{ifname} is not configured on {dev.name}")
    src = item.source_address
    if src is not None:
        owned = iface.addresses if iface is not None else dev.addresses
        if src not in owned and (ifname is None or iface is not None):
            where = f"{iface.name}" if iface is not None else dev.name
            yield violation(f"{p}.source_address", "bgp-connect-interface-source-owned",
                            f"{src} is not an address of {where}")
        if isinstance(item, Peer) and src.version != item.address.version:
            yield violation(f"{p}.source_address", "bgp-source-address-family",
                            f"source {src} is IPv{src.version}, peer {item.address} is "
                            f"IPv{item.address.version}")
    if iface is not None and iface.type is InterfaceType.LOOPBACK:
        yield from _loopback(p, bgp, item, group, iface)
    if isinstance(item, Peer) and iface is not None and iface.type is not InterfaceType.LOOPBACK:
        yield from _direct(p, item, iface)


def _remote_as(item: Peer | PeerGroup, group: PeerGroup | None) -> AsNumber | None:
    return item.remote_as or (group.remote_as if group else None)


def _is_ebgp(bgp: Bgp, item: Peer | PeerGroup, group: PeerGroup | None) -> bool:
    if isinstance(item, PeerGroup):
        return item.type is PeerType.EBGP
    remote = _remote_as(item, group)
    return remote is not None and remote != bgp.asn


def _loopback(p: str, bgp: Bgp, item: Peer | PeerGroup, group: PeerGroup | None,
              iface: Interface) -> Iterator[RuleViolation]:
    if iface.ipv4 is not None and iface.ipv4.prefix_length != 32:
        yield violation(f"{p}.connect_interface", "loopback-ipv4-32",
                        f"{iface.name} has {iface.ipv4}; peering loopbacks use /32")
    hops = item.ebgp_max_hop or (group.ebgp_max_hop if group else None)
    if _is_ebgp(bgp, item, group) and (hops is None or hops.value <= 1):
        yield violation(f"{p}.ebgp_max_hop", "ebgp-loopback-needs-max-hop",
                        f"EBGP peer {item.key} is reached through {iface.name}, more than one "
                        "hop away: set ebgp-max-hop to 2 or more (e.g. 'ebgp-max-hop: 255')")


def _direct(p: str, peer: Peer, iface: Interface) -> Iterator[RuleViolation]:
    """A peer reached through a VLANIF/VBDIF: BGP over M-LAG rules."""
    if peer.address.version == 4:
        nets = [a.network for a in ((iface.ipv4,) if iface.ipv4 else ())] + [
            a.network for a in iface.ipv4_secondary]
        mlag: IPAddress | None = iface.mlag_ipv4
    else:
        nets = [a.network for a in iface.ipv6]  # type: ignore[misc]
        mlag = iface.mlag_ipv6.ip if iface.mlag_ipv6 else None
    if nets and not any(peer.address in n for n in nets):
        yield violation(f"{p}.address", "bgp-peer-in-interface-subnet",
                        f"{peer.address} is not in a subnet of {iface.name} "
                        f"({', '.join(str(n) for n in nets)})")
    if mlag is not None and peer.source_address != mlag:
        got = peer.source_address or "none"
        yield violation(f"{p}.source_address", "bgp-mlag-peer-source",
                        f"the peer over M-LAG interface {iface.name} must use this member's "
                        f"M-LAG address {mlag} as source (got {got})")


def _peer_address(dev: Device, peer: Peer) -> Iterator[RuleViolation]:
    if peer.address in dev.addresses:
        yield violation(f"{dev.name}.{peer.path}.address", "bgp-peer-not-member-address",
                        f"{peer.address} is an address of {dev.name} itself")


def _vpnv4_only(p: str, peer: Peer) -> Iterator[RuleViolation]:
    fams = dict(peer.families)
    if (peer.address.version == 4 and fams.get(AddressFamily.VPNV4)
            and AddressFamily.IPV4_UNICAST not in fams):
        yield violation(f"{p}.families", "vpnv4-only-disables-ipv4-unicast",
                        f"peer {peer.address} would also be enabled in IPv4 unicast by the "
                        "device: set 'ipv4-unicast: false' for a VPNv4-only peer (or true)")
