"""BGP rules on one device (documented rules 12 and 13).

A peer inherits from its peer group what it does not set itself: remote AS (an IBGP
group's is the local AS), connect-interface, source address and ebgp-max-hop
(:func:`effective_remote_as` is the one place the remote AS is worked out; the
renderer uses it too).

A connect-interface on an Eth-Trunk or an Ethernet port (main or sub-interface) names an
interface of the device the payload does not create: its existence is the device's
check (``local-if-name`` is a leafref), its addresses are unknown here, so it is the
warning ``bgp-connect-interface-on-device``; a source address that belongs to another
interface of the model is still an error.
"""

from __future__ import annotations

from collections.abc import Iterator

from mlag_netconf.enums import AddressFamily, InterfaceType, PeerType
from mlag_netconf.errors import RuleViolation
from mlag_netconf.model.bgp import Bgp, Peer, PeerGroup
from mlag_netconf.model.device import Device
from mlag_netconf.model.interface import Interface
from mlag_netconf.rules.catalog import violation
from mlag_netconf.types import AsNumber, DeviceInterfaceName, IPAddress, is_link_local


def effective_remote_as(bgp: Bgp, peer: Peer) -> AsNumber | None:
    """The peer's remote AS: its own, else its group's, else the local AS when the group
    is IBGP (``peer x group G`` with ``group G internal``); ``None`` when unknown."""
    if peer.remote_as is not None:
        return peer.remote_as
    group = next((g for g in bgp.peer_groups if g.name == peer.group), None)
    if group is None:
        return None
    if group.remote_as is not None:
        return group.remote_as
    return bgp.asn if group.type is PeerType.IBGP else None


def bgp_violations(dev: Device) -> Iterator[RuleViolation]:
    bgp = dev.bgp
    if bgp is None:
        return
    yield from _unique(dev, bgp)
    groups = {g.name: g for g in bgp.peer_groups}
    for pg in bgp.peer_groups:
        yield from _common(dev, bgp, pg, None)
        yield from _ibgp_group(dev, bgp, pg)
    for peer in bgp.peers:
        group = groups.get(peer.group)  # type: ignore[arg-type]
        p = f"{dev.name}.{peer.path}"
        if peer.group is not None and group is None:
            yield violation(f"{p}.group", "bgp-peer-group-exists",
                            f"peer group {peer.group} is not configured")
        if effective_remote_as(bgp, peer) is None:
            yield violation(f"{p}.remote_as", "bgp-peer-remote-as-required",
                            f"peer {peer.address} needs 'as-number' (or a group with one)")
        yield from _common(dev, bgp, peer, group)
        yield from _peer_address(dev, peer)
        yield from _vpnv4_only(p, peer)


def _ibgp_group(dev: Device, bgp: Bgp, group: PeerGroup) -> Iterator[RuleViolation]:
    if group.type is not PeerType.IBGP:
        return
    p = f"{dev.name}.{group.path}"
    if group.remote_as is not None and group.remote_as != bgp.asn:
        yield violation(f"{p}.remote_as", "bgp-group-ibgp-no-as",
                        f"IBGP group {group.name} has AS {group.remote_as}, the local AS is "
                        f"{bgp.asn}: drop the AS or make the group EBGP")
    if group.ebgp_max_hop is not None:
        yield violation(f"{p}.ebgp_max_hop", "bgp-group-ibgp-no-max-hop",
                        f"IBGP group {group.name} takes no ebgp-max-hop")


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
    iface = dev.find_interface(ifname)
    on_device = isinstance(ifname, DeviceInterfaceName)
    if ifname is not None and iface is None and not on_device:
        yield violation(f"{p}.connect_interface", "bgp-connect-interface-exists",
                        f"{ifname} is not configured on {dev.name}")
    src = item.source_address or (group.source_address if group else None)
    if isinstance(item.connect_interface, DeviceInterfaceName):
        yield from _on_device(dev, p, item.connect_interface, src)
    if src is not None:
        owned = iface.addresses if iface is not None else dev.addresses
        if src not in owned and (ifname is None or iface is not None):
            where = f"{iface.name}" if iface is not None else dev.name
            yield violation(f"{p}.source_address", "bgp-connect-interface-source-owned",
                            f"{src} is not an address of {where}")
        owner = next((i.name for i in dev.interfaces if src in i.addresses), None)
        if on_device and owner is not None:
            yield violation(f"{p}.source_address", "bgp-connect-interface-source-owned",
                            f"{src} is an address of {owner}, not of {ifname}")
        if isinstance(item, Peer) and src.version != item.address.version:
            yield violation(f"{p}.source_address", "bgp-source-address-family",
                            f"source {src} is IPv{src.version}, peer {item.address} is "
                            f"IPv{item.address.version}")
    if iface is not None and iface.type is InterfaceType.LOOPBACK:
        yield from _loopback(p, bgp, item, group, iface)
    if isinstance(item, Peer) and is_link_local(item.address) and (
            iface.type is InterfaceType.LOOPBACK if iface is not None else not on_device):
        yield violation(f"{p}.connect_interface", "bgp-link-local-peer-interface",
                        f"link-local peer {item.address} needs the VLANIF/VBDIF it is reached "
                        "on as its connect-interface")
    if isinstance(item, Peer) and iface is not None and iface.type is not InterfaceType.LOOPBACK:
        yield from _direct(p, item, iface, src)


def _on_device(dev: Device, p: str, ifname: DeviceInterfaceName,
               src: IPAddress | None) -> Iterator[RuleViolation]:
    """A connect-interface the payload does not create: the device's own interface."""
    unchecked = (f"source {src} is not checked against it" if src is not None else
                 "the session is sourced from its primary address")
    yield violation(f"{p}.connect_interface", "bgp-connect-interface-on-device",
                    f"{ifname} is not created by this payload: it must exist on {dev.name} "
                    f"(the device refuses the peer otherwise); its addresses are not known "
                    f"here, so {unchecked}")


def _is_ebgp(bgp: Bgp, item: Peer | PeerGroup) -> bool:
    if isinstance(item, PeerGroup):
        return item.type is PeerType.EBGP
    remote = effective_remote_as(bgp, item)
    return remote is not None and remote != bgp.asn


def _loopback(p: str, bgp: Bgp, item: Peer | PeerGroup, group: PeerGroup | None,
              iface: Interface) -> Iterator[RuleViolation]:
    if iface.ipv4 is not None and iface.ipv4.prefix_length != 32:
        yield violation(f"{p}.connect_interface", "loopback-ipv4-32",
                        f"{iface.name} has {iface.ipv4}; peering loopbacks use /32")
    hops = item.ebgp_max_hop or (group.ebgp_max_hop if group else None)
    if _is_ebgp(bgp, item) and (hops is None or hops.value <= 1):
        yield violation(f"{p}.ebgp_max_hop", "ebgp-loopback-needs-max-hop",
                        f"EBGP peer {item.key} is reached through {iface.name}, more than one "
                        "hop away: set ebgp-max-hop to 2 or more (e.g. 'ebgp-max-hop: 255')")


def mlag_source(iface: Interface, peer: IPAddress) -> IPAddress | None:
    """This member's M-LAG address on ``iface`` for a peer at ``peer``: the M-LAG IPv4,
    the M-LAG IPv6 global, or, for a link-local peer, the M-LAG link-local."""
    if peer.version == 4:
        return iface.mlag_ipv4
    if is_link_local(peer):
        return iface.mlag_ipv6_link_local
    return iface.mlag_ipv6.ip if iface.mlag_ipv6 else None


def _direct(p: str, peer: Peer, iface: Interface,
            src: IPAddress | None) -> Iterator[RuleViolation]:
    """A peer reached through a VLANIF/VBDIF: BGP over M-LAG rules."""
    nets = ([a.network for a in ((iface.ipv4,) if iface.ipv4 else ())] + [
            a.network for a in iface.ipv4_secondary] if peer.address.version == 4 else
            [a.network for a in iface.ipv6])
    if nets and not is_link_local(peer.address) and not any(
            peer.address in n for n in nets):
        yield violation(f"{p}.address", "bgp-peer-in-interface-subnet",
                        f"{peer.address} is not in a subnet of {iface.name} "
                        f"({', '.join(str(n) for n in nets)})")
    mlag = mlag_source(iface, peer.address)
    if mlag is not None and src != mlag:
        yield violation(f"{p}.source_address", "bgp-mlag-peer-source",
                        f"the peer over M-LAG interface {iface.name} must use this member's "
                        f"M-LAG address {mlag} as source (got {src or 'none'})")


def _peer_address(dev: Device, peer: Peer) -> Iterator[RuleViolation]:
    if peer.address in dev.addresses:
        yield violation(f"{dev.name}.{peer.path}.address", "bgp-peer-not-member-address",
                        f"{peer.address} is an address of {dev.name} itself")


def _vpnv4_only(p: str, peer: Peer) -> Iterator[RuleViolation]:
    fams = dict(peer.families)
    if (peer.address.version == 4 and fams.get(AddressFamily.VPNV4)
            and AddressFamily.IPV4_UNICAST not in fams):
        yield violation(f"{p}.families", "vpnv4-only-disables-ipv4-unicast",
                        f"peer {peer.address} stays enabled in IPv4 unicast as the device "
                        "enables it: set 'ipv4-unicast: false' for a VPNv4-only peer (or true "
                        "to say so)")
