"""Rules on one interface and on a device's interfaces (documented rules 2–11)."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

from mlag_netconf.enums import InterfaceType, NdProxyRoute
from mlag_netconf.errors import RuleViolation
from mlag_netconf.model.device import Device
from mlag_netconf.model.interface import Interface
from mlag_netconf.rules.catalog import violation
from mlag_netconf.types import not_unicast

_NO_VXLAN = {"CE6820H", "CE6820H-K", "CE6820S"}
_LOW_LATENCY = "CE6885-LL"
_FE80 = ipaddress.IPv6Network("fe80::/10")


def interface_violations(dev: Device, iface: Interface) -> Iterator[RuleViolation]:
    """Rules that one interface must satisfy on ``dev``."""
    if not (iface.ipv4_secondary or iface.mlag_ipv4 is not None or iface.ipv6_on
            or iface.nd_na_glean or iface.nd_proxy_route is not NdProxyRoute.OFF
            or iface.mlag_ipv6 is not None or iface.mlag_ipv6_link_local is not None
            or iface.route_proxy_arp or iface.local_proxy_arp or iface.vni is not None
            or iface.type is not InterfaceType.VLANIF):
        return iter(())  # a plain VLANIF with one address: no rule has anything to check
    return _interface_violations(dev, iface)


def _interface_violations(dev: Device, iface: Interface) -> Iterator[RuleViolation]:
    p = f"{dev.name}.interfaces[{iface.name.text}]"
    yield from _ipv4(p, iface)
    yield from _mlag_ipv4(p, dev, iface)
    yield from _ipv6(p, iface)
    yield from _mlag_needs_ipv6(p, iface)
    yield from _mlag_ipv6(p, dev, iface)
    yield from _mlag_link_local(p, dev, iface)
    yield from _kinds(p, iface)


def _ipv4(p: str, iface: Interface) -> Iterator[RuleViolation]:
    if len(iface.ipv4_secondary) > 255:
        yield violation(f"{p}.ipv4_secondary", "ipv4-secondary-max-255",
                        f"{len(iface.ipv4_secondary)} secondary addresses, at most 255")
    if iface.ipv4_secondary and iface.ipv4 is None:
        yield violation(f"{p}.ipv4_secondary", "ipv4-secondary-needs-primary",
                        "secondary addresses need a primary ('ip address' without 'sub')")
    seen: set[ipaddress.IPv4Address] = set()
    for a in (*((iface.ipv4,) if iface.ipv4 else ()), *iface.ipv4_secondary):
        if a.ip in seen:
            yield violation(f"{p}.ipv4_secondary", "ipv4-address-duplicate",
                            f"{a.ip} is configured twice")
        seen.add(a.ip)


def _mlag_ipv4(p: str, dev: Device, iface: Interface) -> Iterator[RuleViolation]:
    addr = iface.mlag_ipv4
    if addr is None:
        return
    path = f"{p}.mlag_ipv4"
    if dev.ignore_primary_sub:
        yield violation(path, "mlag-ipv4-ignore-primary-sub",
                        "the device runs 'ip address ignore primary-sub enable', which "
                        "forbids 'm-lag ip address'")
    bad = not_unicast(addr)
    if bad:
        yield violation(path, "mlag-ipv4-unicast", f"{addr} is {bad}")
    if iface.ipv4 is None:
        yield violation(path, "mlag-ipv4-needs-primary",
                        f"{iface.name} has no primary IPv4 address")
        return
    net = iface.ipv4.network
    if addr not in net:
        yield violation(path, "mlag-ipv4-in-primary-subnet",
                        f"{addr} is not in the primary's subnet {net}")
    elif net.prefixlen <= 30 and addr == net.broadcast_address:
        yield violation(path, "mlag-ipv4-unicast",
                        f"{addr} is the broadcast address of {net}")
    written = iface.mlag_ipv4_prefix
    if written is not None and written != net.prefixlen:
        yield violation(path, "mlag-ipv4-mask-matches-primary",
                        f"the mask /{written} written with {addr} differs from the primary's "
                        f"/{net.prefixlen} ({iface.ipv4.mask}); write {addr} alone or with "
                        "the primary's mask")
    own = [iface.ipv4.ip, *(a.ip for a in iface.ipv4_secondary)]
    if addr in own:
        yield violation(path, "mlag-ipv4-not-interface-address",
                        f"{addr} is already a primary or secondary address of {iface.name}")
    elsewhere = [o.name for o in dev.interfaces if o is not iface and addr in o.addresses]
    if elsewhere:
        yield violation(path, "mlag-ipv4-unique",
                        f"{addr} is also an address of {elsewhere[0]} on {dev.name}")


def _ipv6(p: str, iface: Interface) -> Iterator[RuleViolation]:
    for i, a in enumerate(iface.ipv6):
        if a.ip in _FE80:
            yield violation(f"{p}.ipv6[{i}]", "ipv6-global-not-link-local",
                            f"{a.ip} is link-local; set it as ipv6_link_local")
    ll = iface.ipv6_link_local
    if ll is not None and ll not in _FE80:
        yield violation(f"{p}.ipv6_link_local", "ipv6-link-local-fe80",
                        f"{ll} is not in FE80::/10")
    count = len(iface.ipv6) + (1 if iface.mlag_ipv6 is not None else 0)
    if count > 16:
        yield violation(f"{p}.ipv6", "ipv6-global-max-16",
                        f"{count} global IPv6 addresses (M-LAG included), at most 16")
    if (iface.nd_na_glean or iface.nd_proxy_route is not NdProxyRoute.OFF) and (
            not iface.ipv6_enable):
        field = "nd_na_glean" if iface.nd_na_glean else "nd_proxy_route"
        yield violation(f"{p}.{field}", "nd-needs-ipv6",
                        f"ND settings on {iface.name} need 'ipv6 enable'")


def _mlag_needs_ipv6(p: str, iface: Interface) -> Iterator[RuleViolation]:
    if iface.ipv6_enable:
        return
    for field in ("mlag_ipv6", "mlag_ipv6_link_local"):
        if getattr(iface, field) is not None:
            yield violation(f"{p}.{field}", "mlag-ipv6-needs-ipv6",
                            f"{iface.name} needs 'ipv6 enable'")


def _mlag_ipv6(p: str, dev: Device, iface: Interface) -> Iterator[RuleViolation]:
    m = iface.mlag_ipv6
    if m is None:
        return
    path = f"{p}.mlag_ipv6"
    bad = not_global_unicast_v6(m.ip, m.prefix_length)
    if bad:
        yield violation(path, "mlag-ipv6-global-unicast", f"{m.ip} is {bad}")
    others = [a for other in dev.interfaces for a in other.ipv6_addresses
              if other is not iface] + [a.ip for a in iface.ipv6] + [
              a for a in (iface.ipv6_link_local, iface.mlag_ipv6_link_local) if a]
    if m.ip in others:
        yield violation(path, "mlag-ipv6-unique",
                        f"{m.ip} is already an IPv6 address of {dev.name}")
    homes = [g for g in iface.ipv6 if m.ip in g.network]
    if iface.ipv6 and not bad and not any(g.prefix_length == m.prefix_length for g in homes):
        subnets = ", ".join(str(g.network) for g in iface.ipv6)
        yield violation(path, "mlag-ipv6-in-global-subnet",
                        f"{m} has the prefix length of none of the global subnets containing "
                        f"it ({', '.join(str(g.network) for g in homes)})" if homes else
                        f"{m.ip} is outside every global subnet of {iface.name} ({subnets})")


def not_global_unicast_v6(ip: ipaddress.IPv6Address, prefix: int) -> str | None:
    """Why ``ip`` is not usable as an M-LAG global unicast address, or ``None``.

    >>> not_global_unicast_v6(ipaddress.IPv6Address("2001:db8:1::"), 64)
    'the subnet-router anycast address of 2001:db8:1::/64'
    >>> not_global_unicast_v6(ipaddress.IPv6Address("2001:db8:1::2"), 64) is None
    True
    """
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_loopback:
        return "the loopback address"
    if ip.is_unspecified:
        return "the unspecified address"
    if ip in _FE80:
        return "a link-local address (FE80::/10)"
    net = ipaddress.IPv6Network(f"{ip}/{prefix}", strict=False)
    if prefix < 127 and ip == net.network_address:
        return f"the subnet-router anycast address of {net}"
    if prefix == 64 and 0xFDFFFFFFFFFFFF80 <= int(ip) & 0xFFFFFFFFFFFFFFFF <= 0xFDFFFFFFFFFFFFFF:
        return f"a reserved subnet anycast address of {net} (RFC 2526)"
    return None


def _mlag_link_local(p: str, dev: Device, iface: Interface) -> Iterator[RuleViolation]:
    ll = iface.mlag_ipv6_link_local
    if ll is None:
        return
    path = f"{p}.mlag_ipv6_link_local"
    if ll not in _FE80:
        yield violation(path, "mlag-ipv6-link-local-fe80", f"{ll} is not in FE80::/10")
    if iface.ipv6_link_local is not None:
        yield violation(path, "mlag-ipv6-link-local-explicit-conflict",
                        f"{iface.name} has an explicit link-local {iface.ipv6_link_local}")
    explicit = {i.ipv6_link_local for i in dev.interfaces if i.ipv6_link_local is not None}
    if ll in explicit or ll == iface.vrrp6_link_local:
        what = "the VRRP6 link-local" if ll == iface.vrrp6_link_local else "a link-local"
        yield violation(path, "mlag-ipv6-link-local-unique",
                        f"{ll} is already {what} on {dev.name}")
    for other in dev.interfaces:
        if (other is not iface and other.vpn_instance == iface.vpn_instance
                and other.mlag_ipv6_link_local == ll):
            yield violation(path, "mlag-ipv6-link-local-unique-in-vpn",
                            f"{other.name} in VPN instance {iface.vpn_instance} uses the "
                            f"same M-LAG link-local {ll}")


def _kinds(p: str, iface: Interface) -> Iterator[RuleViolation]:
    kind = iface.type
    if iface.route_proxy_arp and kind is not InterfaceType.VLANIF:
        yield violation(f"{p}.route_proxy_arp", "proxy-arp-routed-on-vlanif",
                        f"{iface.name}: use local proxy ARP on a VBDIF" if
                        kind is InterfaceType.VBDIF else f"{iface.name} is not a VLANIF")
    if iface.local_proxy_arp and kind is not InterfaceType.VBDIF:
        yield violation(f"{p}.local_proxy_arp", "proxy-arp-local-on-vbdif",
                        f"{iface.name}: use routed proxy ARP on a VLANIF" if
                        kind is InterfaceType.VLANIF else f"{iface.name} is not a VBDIF")
    if iface.vni is not None and kind is not InterfaceType.VBDIF:
        yield violation(f"{p}.vni", "vni-only-on-vbdif", f"{iface.name} is not a VBDIF")
    if kind is InterfaceType.VBDIF and iface.vni is None:
        for field in ("mlag_ipv4", "mlag_ipv6", "mlag_ipv6_link_local"):
            if getattr(iface, field) is not None:
                yield violation(f"{p}.{field}", "vbdif-mlag-needs-vni",
                                f"bind a VNI to BD {iface.name.number} first "
                                "('vxlan vni <vni>' in the bridge domain)")
    if kind is InterfaceType.LOOPBACK:
        for field in ("mlag_ipv4", "mlag_ipv6", "mlag_ipv6_link_local"):
            if getattr(iface, field) is not None:
                yield violation(f"{p}.{field}", "not-on-loopback",
                                f"{iface.name} is a loopback")
        if iface.nd_na_glean or iface.nd_proxy_route is not NdProxyRoute.OFF:
            yield violation(f"{p}.nd_na_glean", "not-on-loopback",
                            f"{iface.name} is a loopback: no ND NA glean or proxy ND")


def platform_violations(dev: Device) -> Iterator[RuleViolation]:
    """Rule 11: VXLAN and IPv6 restrictions of some CloudEngine models."""
    if dev.platform is None:
        return
    vxlan = [i for i in dev.interfaces if i.type is InterfaceType.VBDIF or i.vni is not None]
    platform = dev.platform.upper()
    if platform in _NO_VXLAN:
        for i in vxlan:
            yield violation(f"{dev.name}.platform", "platform-no-vxlan",
                            f"{dev.platform} does not support VXLAN ({i.name})")
    if platform == _LOW_LATENCY and dev.low_latency:
        for i in vxlan:
            yield violation(f"{dev.name}.platform", "platform-low-latency-no-vxlan",
                            f"{dev.platform} in low-latency mode does not support VXLAN "
                            f"({i.name})")
        for i in dev.interfaces:
            if i.ipv6_on or i.mlag_ipv6 or i.mlag_ipv6_link_local:
                yield violation(f"{dev.name}.platform", "platform-low-latency-no-ipv6",
                                f"{dev.platform} in low-latency mode does not support IPv6 "
                                f"({i.name})")
        peers = dev.bgp.peers if dev.bgp else ()
        for peer in peers:
            if peer.address.version == 6:
                yield violation(f"{dev.name}.platform", "platform-low-latency-no-ipv6",
                                f"{dev.platform} in low-latency mode does not support IPv6 "
                                f"(peer {peer.address})")
