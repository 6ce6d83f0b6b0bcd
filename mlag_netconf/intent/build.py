"""Spec → model: every value parsed once, by its typed leaf, at its intent path.

Each value is parsed with :func:`~mlag_netconf.types.coerce` and the intent path of the
field it comes from, so a bad value names the intent field (``members[0].m-lag-ipv4``);
the builders (:mod:`mlag_netconf.model`) then get typed values and their own parse is a
no-op.

While building, every model field that is set is recorded in an origin table, from the
path the rules report (``DeviceA.interfaces[Vlanif100].mlag_ipv4``) to the intent field it
came from (``members[0].m-lag-ipv4``). The table is written forward, from what is
constructed: a value travels as :class:`Sourced` (the value and its intent path) until it
is put into a model object, and the object's path plus the field name is recorded then.

>>> from mlag_netconf.intent.spec import parse_spec
>>> built = build(parse_spec({"kind": "mp-ebgp", "devices": [
...     {"name": "R1", "as": 65001, "peers": [{"address": "2.2.2.2", "as": 65002}]}]}))
>>> built.origins["R1.bgp.peers[2.2.2.2].remote_as"], built.origins["R1.bgp.asn"]
('devices[0].peers[0].as', 'devices[0].as')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from mlag_netconf.enums import AddressFamily, InterfaceType, MlagMode, NdProxyRoute, PeerType
from mlag_netconf.errors import IntentError
from mlag_netconf.intent.spec import (
    BgpSpec,
    DeviceSpec,
    DeviceV2Spec,
    IntentSpec,
    IntentV2Spec,
    InterfaceSpec,
    LoopbackSpec,
    MemberSpec,
    MlagIntentSpec,
    MlagV2Spec,
    MpEbgpIntentSpec,
    PeerGroupSpec,
    PeerSpec,
    SharedInterfaceSpec,
    Spec,
    UserSideSpec,
    UserSideV2Spec,
)
from mlag_netconf.model import Bgp, Device, Interface, MlagPair, Peer, PeerGroup
from mlag_netconf.model.bgp import (
    parse_families,
    parse_peer_address,
    parse_peer_type,
    parse_source_address,
)
from mlag_netconf.model.interface import mlag_ipv6_parser, parse_nd_proxy_route
from mlag_netconf.rules.bgp import effective_remote_as
from mlag_netconf.types import (
    AsNumber,
    BdId,
    EbgpMaxHop,
    InterfaceName,
    IPAddress,
    IPv4Address,
    Ipv4Interface,
    IPv6Address,
    Ipv6Interface,
    MacAddress,
    PeerGroupName,
    RouterId,
    VlanId,
    Vni,
    coerce,
    is_link_local,
    parse_bool,
    parse_connect_interface,
    parse_device_name,
    parse_ipv4,
    parse_ipv4_masked,
    parse_ipv6,
    parse_mlag_mode,
    parse_mlag_role,
)

T = TypeVar("T")
Item = TypeVar("Item", Peer, PeerGroup)
A = TypeVar("A", IPv4Address, IPv6Address)


@dataclass(frozen=True)
class Sourced(Generic[T]):
    """A parsed value and the intent path it came from."""

    value: T
    origin: str


Fields = Mapping[str, Sourced[Any]]


def take(spec: Spec, field: str, parser: Callable[[Any], T]) -> Sourced[T | None]:
    """``spec.field`` parsed at its intent path (``None`` stays ``None``)."""
    raw, where = getattr(spec, field), spec.where(field)
    return Sourced(None if raw is None else coerce(parser, raw, where), where)


def need(spec: Spec, field: str, parser: Callable[[Any], T]) -> Sourced[T]:
    """A required field (the spec has checked it is there)."""
    where = spec.where(field)
    return Sourced(coerce(parser, getattr(spec, field), where), where)


def flag(spec: Spec, field: str) -> Sourced[bool]:
    """A boolean field, false when absent."""
    s = take(spec, field, parse_bool)
    return Sourced(bool(s.value), s.origin)


def values(fields: Fields) -> dict[str, Any]:
    return {k: s.value for k, s in fields.items()}


class Origins:
    """The origin table being written: model path → intent path (first one wins)."""

    def __init__(self) -> None:
        self.table: dict[str, str] = {}

    def record(self, model_path: str, intent_path: str) -> None:
        self.table.setdefault(model_path, intent_path)

    def fields(self, model_path: str, fields: Fields) -> None:
        """``model_path.<field>`` → where each of ``fields`` came from."""
        for name, s in fields.items():
            self.record(f"{model_path}.{name}", s.origin)


@dataclass(frozen=True)
class Built:
    """The model objects an intent describes, and where each of their fields came from."""

    devices: tuple[Device, ...]
    pair: MlagPair | None
    origins: Mapping[str, str]
    #: the user-side device of an M-LAG intent whose ``user-side`` has a name
    user_side: Device | None = None


def build(spec: IntentSpec) -> Built:
    """Parse every value of ``spec`` and build the model (no rule is checked here)."""
    origins = Origins()
    if isinstance(spec, MlagIntentSpec):
        pair = _mlag(origins, spec)
        assert pair.shared_interface is not None  # format 1 names its one shared interface
        homing = _Homing(pair.shared_interface, tuple(m.where for m in spec.members))
        user = _user_device(origins, spec.user_side, pair, homing)
        return Built(pair.members, pair, origins.table, user)
    if isinstance(spec, IntentV2Spec):
        devices, v2pair, v2user = _v2(origins, spec)
        return Built(devices, v2pair, origins.table, v2user)
    return Built(_mp_ebgp(origins, spec), None, origins.table)


def _new(origins: Origins, device: str, origin: str, new: Callable[..., Item],
         fields: Fields) -> Item:
    """A peer or peer group from ``fields``, recorded under its rule path."""
    item = new(**values(fields))
    path = f"{device}.{item.path}"
    origins.record(path, origin)
    origins.fields(path, fields)
    return item


def _bgp(origins: Origins, device: str, fields: Fields, peers: tuple[Peer, ...],
         groups: tuple[PeerGroup, ...] = ()) -> Bgp:
    origins.fields(f"{device}.bgp", fields)
    return Bgp(**values(fields), peers=peers, peer_groups=groups)


def _device(origins: Origins, spec: MemberSpec | DeviceSpec | DeviceV2Spec | UserSideSpec,
            name: str,
            interfaces: tuple[Interface, ...], bgp: Bgp | None, fields: Fields) -> Device:
    origins.record(name, spec.path)
    origins.record(f"{name}.interfaces", spec.path)
    origins.fields(name, {"name": Sourced(name, spec.where("name")), **fields})
    return Device(name, interfaces, bgp, **values(fields))


# --------------------------------------------------------------------------- bgp-over-mlag
@dataclass(frozen=True)
class _Shared:
    """The shared interface, parsed once for both members."""

    path: str
    name: InterfaceName
    ipv6: tuple[Ipv6Interface, ...]
    fields: Fields


@dataclass(frozen=True)
class _User:
    asn: Sourced[AsNumber]
    ipv4: Sourced[IPv4Address | None]
    ipv6: Sourced[IPv6Address | None]

    @property
    def addresses(self) -> tuple[IPAddress, ...]:
        return tuple(a for a in (self.ipv4.value, self.ipv6.value) if a is not None)


def _mlag(origins: Origins, spec: MlagIntentSpec) -> MlagPair:
    mode = take(spec, "mode", parse_mlag_mode)
    shared = _shared_interface(spec.interface)
    user = _user_side(spec.user_side)
    a, b = (_member(origins, m, shared, user) for m in spec.members)
    origins.record("mode", mode.origin)
    origins.record("members", spec.where("members"))
    origins.record("user_side", spec.user_side.path)
    origins.record("shared_interface", shared.path)
    for i, m in enumerate(spec.members):
        origins.record(f"members[{i}]", m.path)
        origins.record(f"members[{i}].name", m.where("name"))
    return MlagPair((a, b), mode=mode.value or MlagMode.DUAL_ACTIVE,
                    shared_interface=shared.name, user_side=user.addresses)


def _shared_interface(s: SharedInterfaceSpec) -> _Shared:
    kind = str(s.type).lower()
    if kind not in ("vlanif", "vbdif"):
        raise IntentError(s.where("type"), "interface-type", f"{s.type!r}: vlanif or vbdif")
    vlanif = kind == "vlanif"
    ident = s.where("id")
    name = (InterfaceName.of(InterfaceType.VLANIF, coerce(VlanId.parse, s.id, ident).value)
            if vlanif else
            InterfaceName.of(InterfaceType.VBDIF, coerce(BdId.parse, s.id, ident).value))
    fields = _interface_fields(s, vbdif=not vlanif)
    return _Shared(s.path, name, fields["ipv6"].value, fields)


def _interface_fields(s: SharedInterfaceSpec | InterfaceSpec, vbdif: bool) -> Fields:
    """The fields of an interface both formats write alike (M-LAG addresses aside)."""
    ipv6_at = s.where("ipv6")
    ipv6 = Sourced(tuple(coerce(Ipv6Interface.parse_host, a, f"{ipv6_at}[{i}]" if
                                isinstance(s.ipv6, list) else ipv6_at)
                         for i, a in enumerate(_listed(s.ipv6))), ipv6_at)
    link_local = take(s, "ipv6_link_local", parse_ipv6)
    enable = take(s, "ipv6_enable", parse_bool)
    proxy = flag(s, "arp_proxy")
    secondary = s.where("ipv4_secondary")
    nd_proxy = take(s, "nd_proxy_route", parse_nd_proxy_route)
    return {
        "vni": take(s, "vni", Vni.parse),
        "ipv4": take(s, "ipv4", Ipv4Interface.parse),
        "ipv4_secondary": Sourced(tuple(
            coerce(Ipv4Interface.parse, a, f"{secondary}[{i}]")
            for i, a in enumerate(s.ipv4_secondary)), secondary),
        "virtual_mac": take(s, "virtual_mac", MacAddress.parse_unicast),
        # 'arp-proxy' is the seed's command for the interface kind: routed proxy ARP on a
        # VLANIF, local proxy ARP on a VBDIF (the rules refuse it elsewhere)
        "route_proxy_arp": Sourced(proxy.value and not vbdif, proxy.origin),
        "local_proxy_arp": Sourced(proxy.value and vbdif, proxy.origin),
        "ipv6_enable": Sourced(
            bool(enable.value or ipv6.value or link_local.value is not None),
            enable.origin if enable.value is not None else
            ipv6.origin if link_local.value is None else link_local.origin),
        "ipv6": ipv6,
        "ipv6_link_local": link_local,
        "nd_na_glean": flag(s, "nd_na_glean"),
        "nd_proxy_route": Sourced(nd_proxy.value or NdProxyRoute.OFF, nd_proxy.origin),
    }


def _mlag_fields(s: MemberSpec | InterfaceSpec, globals_: tuple[Ipv6Interface, ...]) -> Fields:
    """``m-lag-ipv4`` (mask optional), ``m-lag-ipv6``, ``m-lag-ipv6-link-local``."""
    masked = take(s, "mlag_ipv4", parse_ipv4_masked)
    return {
        "mlag_ipv4": Sourced(masked.value[0] if masked.value else None, masked.origin),
        "mlag_ipv4_prefix": Sourced(masked.value[1] if masked.value else None, masked.origin),
        "mlag_ipv6": take(s, "mlag_ipv6", mlag_ipv6_parser(globals_)),
        "mlag_ipv6_link_local": take(s, "mlag_ipv6_link_local", parse_ipv6),
    }


def _listed(value: object) -> tuple[object, ...]:
    """A YAML value that may be one item or a list of them."""
    if value is None:
        return ()
    return tuple(value) if isinstance(value, list) else (value,)


def _unicast(parser: Callable[[Any], A]) -> Callable[[Any], A]:
    """``parser``, then the unicast check of peers."""
    def parse(value: object) -> A:
        address = parser(value)
        parse_peer_address(address)
        return address
    return parse


def _user_side(s: UserSideSpec) -> _User:
    return _User(need(s, "asn", AsNumber.parse), take(s, "ipv4", _unicast(parse_ipv4)),
                 take(s, "ipv6", _unicast(parse_ipv6)))


def _member(origins: Origins, m: MemberSpec, shared: _Shared, user: _User) -> Device:
    name = need(m, "name", parse_device_name).value
    asn = need(m, "asn", AsNumber.parse)
    mlag = _mlag_fields(m, shared.ipv6)
    mlag4, mlag6, mlag_ll = mlag["mlag_ipv4"], mlag["mlag_ipv6"], mlag["mlag_ipv6_link_local"]
    iface_fields = {**shared.fields, **mlag}
    iface = Interface(shared.name, **values(iface_fields))
    iface_path = f"{name}.interfaces[{iface.name}]"
    origins.record(f"{name}.interfaces", shared.path)
    origins.record(iface_path, shared.path)
    origins.fields(iface_path, {"name": Sourced(iface.name, shared.path), **iface_fields})
    connect = Sourced(iface.name, shared.path)
    v6_source = (mlag_ll if user.ipv6.value is not None and is_link_local(user.ipv6.value) else
                 Sourced(mlag6.value.ip if mlag6.value else None, mlag6.origin))
    sources = (mlag4, v6_source)
    peers = tuple(
        _new(origins, name, address.origin, Peer, {
            "address": address, "remote_as": user.asn, "connect_interface": connect,
            "source_address": source, "families": Sourced(((family, True),), address.origin)})
        for address, source, family in ((user.ipv4, sources[0], AddressFamily.IPV4_UNICAST),
                                        (user.ipv6, sources[1], AddressFamily.IPV6_UNICAST))
        if address.value is not None)
    bgp = _bgp(origins, name, {"asn": asn, "router_id": take(m, "router_id", RouterId.parse)},
               peers)
    return _device(origins, m, name, (iface,), bgp, {
        "ignore_primary_sub": flag(m, "ignore_primary_sub"),
        "platform": take(m, "platform", str),
        "low_latency": flag(m, "low_latency"),
        "role": take(m, "role", parse_mlag_role)})


@dataclass(frozen=True)
class _Homing:
    """Where the user side is dual-homed: the shared interface, and for each member the
    intent path of each member field its peers take (``mlag_ipv4``, ``mlag_ipv6``,
    ``mlag_ipv6_link_local``, ``asn``)."""

    shared: InterfaceName
    where: Sequence[Callable[[str], str]]


def _user_device(origins: Origins, s: UserSideSpec, pair: MlagPair,
                 homing: _Homing) -> Device | None:
    """The user side as a device, when ``user-side`` names it (both formats): its BGP
    peers with each member's M-LAG address (on the shared interface it is dual-homed on)
    of each family it has an address in (remote AS the member's), and, with
    ``interface``, that interface holding its addresses with the shared subnet's prefix
    lengths (peers then sourced from it)."""
    if s.name is None:
        return None
    name = need(s, "name", parse_device_name).value
    members = [m.name for m in pair.members]
    if name in members:
        raise IntentError(s.where("name"), "user-side-name",
                          f"{name!r} is a member of the pair; the user side is another device")
    user = _user_side(s)
    iface, at = _user_interface(s, user, pair, homing.shared)
    if iface is not None:
        path = f"{name}.interfaces[{iface.name}]"
        origins.record(path, at.origin)
        origins.fields(path, {"name": at, "ipv4": user.ipv4, "ipv6": user.ipv6,
                              "ipv6_link_local": user.ipv6, "ipv6_enable": user.ipv6})
    connect = Sourced(iface.name if iface is not None else None, at.origin)
    link_local = user.ipv6.value is not None and is_link_local(user.ipv6.value)
    v6_key = "mlag_ipv6_link_local" if link_local else "mlag_ipv6"
    # a link-local peer needs its connect-interface: without ``interface``, no BGP4+ peers
    v6 = user.ipv6 if iface is not None or not link_local else Sourced(None, user.ipv6.origin)
    peers: list[Peer] = []
    for own, family, key in ((user.ipv4, AddressFamily.IPV4_UNICAST, "mlag_ipv4"),
                             (v6, AddressFamily.IPV6_UNICAST, v6_key)):
        for where, member in zip(homing.where, pair.members, strict=True):
            shared = member.find_interface(homing.shared)
            value = getattr(shared, key, None)
            if (own.value is None or value is None or member.bgp is None
                    or any(p.address == getattr(value, "ip", value) for p in peers)):
                continue  # the same address twice: the pair rules say so (mlag-*-unique)
            address = Sourced(getattr(value, "ip", value), where(key))
            remote_as = Sourced(member.bgp.asn, where("asn"))
            peer = Peer(address.value, remote_as.value, connect_interface=connect.value,
                        source_address=own.value if iface is not None else None,
                        families={family: True})
            path = f"{name}.{peer.path}"
            origins.record(path, own.origin)
            origins.fields(path, {"address": address, "remote_as": remote_as,
                                  "connect_interface": connect, "source_address": own,
                                  "families": own})
            peers.append(peer)
    bgp = _bgp(origins, name, {"asn": user.asn, "router_id": take(s, "router_id",
                                                                  RouterId.parse)},
               tuple(peers))
    return _device(origins, s, name, () if iface is None else (iface,), bgp, {})


def _user_interface(s: UserSideSpec, user: _User, pair: MlagPair, on: InterfaceName
                    ) -> tuple[Interface | None, Sourced[InterfaceName | None]]:
    """The user side's ``interface`` with its addresses, each with the prefix length of
    the subnet of the shared interface ``on`` holding it."""
    at = take(s, "interface", InterfaceName.parse)
    if at.value is None:
        return None, at
    shared = pair.members[0].find_interface(on)
    ipv4: Ipv4Interface | None = None
    ipv6: tuple[Ipv6Interface, ...] = ()
    link_local: IPv6Address | None = None
    if user.ipv4.value is not None:
        subnet = shared.ipv4 if shared is not None else None
        if subnet is None:
            raise IntentError(user.ipv4.origin, "user-side-subnet",
                              "the shared interface has no IPv4 address, so no subnet "
                              "gives this address its mask")
        ipv4 = coerce(Ipv4Interface.parse, f"{user.ipv4.value}/{subnet.prefix_length}",
                      user.ipv4.origin)
    if user.ipv6.value is not None and is_link_local(user.ipv6.value):
        link_local = user.ipv6.value
    elif user.ipv6.value is not None:
        address = user.ipv6.value
        nets = [g for g in (shared.ipv6 if shared is not None else ()) if address in g.network]
        if not nets:
            raise IntentError(user.ipv6.origin, "user-side-subnet",
                              "no global IPv6 address of the shared interface has a subnet "
                              "holding this address")
        ipv6 = (coerce(Ipv6Interface.parse_host, f"{address}/{nets[0].prefix_length}",
                       user.ipv6.origin),)
    iface = Interface(at.value, ipv4=ipv4, ipv6_enable=user.ipv6.value is not None,
                      ipv6=ipv6, ipv6_link_local=link_local)
    return iface, at


# --------------------------------------------------------------------------- mp-ebgp
def _mp_ebgp(origins: Origins, spec: MpEbgpIntentSpec) -> tuple[Device, ...]:
    return tuple(_mp_device(origins, d) for d in spec.devices)


def _mp_device(origins: Origins, d: DeviceSpec) -> Device:
    name = need(d, "name", parse_device_name).value
    peers, groups = _peers(origins, name, d.peers, d.peer_groups)
    bgp = _bgp(origins, name, {"asn": need(d, "asn", AsNumber.parse),
                               "router_id": take(d, "router_id", RouterId.parse)},
               peers, groups)
    loopbacks = (*((d.loopback,) if d.loopback is not None else ()), *d.loopbacks)
    interfaces = tuple(_loopback(origins, name, lo) for lo in loopbacks)
    return _device(origins, d, name, interfaces, bgp, {"platform": take(d, "platform", str),
                                                       "low_latency": flag(d, "low_latency")})


def _peers(origins: Origins, device: str, peers: tuple[PeerSpec, ...],
           groups: tuple[PeerGroupSpec, ...]) -> tuple[tuple[Peer, ...], tuple[PeerGroup, ...]]:
    """A device's peers and peer groups, recorded under their rule paths."""
    return (tuple(_new(origins, device, p.path, Peer, {
                "address": need(p, "address", parse_peer_address), **_common(p),
                "group": take(p, "group", PeerGroupName.parse)}) for p in peers),
            tuple(_new(origins, device, g.path, PeerGroup, {
                "name": need(g, "name", PeerGroupName.parse), **_common(g),
                "type": _group_type(g)}) for g in groups))


def _common(s: PeerSpec | PeerGroupSpec) -> dict[str, Sourced[Any]]:
    """The fields a peer and a peer group share."""
    hop = s.where("ebgp_max_hop")
    return {
        "remote_as": take(s, "asn", AsNumber.parse),
        "connect_interface": take(s, "connect_interface", parse_connect_interface),
        "source_address": take(s, "source_address", parse_source_address),
        "ebgp_max_hop": Sourced(None if s.ebgp_max_hop is False else
                                coerce(EbgpMaxHop.parse, s.ebgp_max_hop, hop), hop),
        "families": take(s, "families", parse_families),
    }


def _group_type(g: PeerGroupSpec) -> Sourced[PeerType]:
    s = take(g, "type", parse_peer_type)
    return Sourced(s.value or PeerType.EBGP, s.origin)


def _loopback(origins: Origins, device: str, lo: LoopbackSpec) -> Interface:
    name = need(lo, "id", lambda v: InterfaceName.parse(f"LoopBack{v}"))
    fields: Fields = {"ipv4": take(lo, "ipv4", Ipv4Interface.parse)}
    iface = Interface(name.value, **values(fields))
    path = f"{device}.interfaces[{iface.name}]"
    origins.record(path, lo.path)
    origins.fields(path, {"name": name, **fields})
    return iface


# --------------------------------------------------------------------------- format v2
def _v2(origins: Origins, spec: IntentV2Spec
        ) -> tuple[tuple[Device, ...], MlagPair | None, Device | None]:
    devices = tuple(_v2_device(origins, d) for d in spec.devices)
    for i, d in enumerate(spec.devices):
        origins.record(f"devices[{i}].name", d.where("name"))
    if spec.mlag is None:
        return devices, None, None
    m = spec.mlag
    mode = take(m, "mode", parse_mlag_mode)
    at = m.where("user_side")
    named = m.user_side if isinstance(m.user_side, UserSideV2Spec) else None
    user = (_user_side(m.user_side).addresses if isinstance(m.user_side, UserSideV2Spec)
            else tuple(coerce(parse_peer_address, a, f"{at}[{i}]")
                       for i, a in enumerate(m.user_side)))
    origins.record("mode", mode.origin)
    origins.record("members", spec.where("devices"))
    origins.record("user_side", at)
    for i, d in enumerate(spec.devices):
        origins.record(f"members[{i}]", d.path)
        origins.record(f"members[{i}].name", d.where("name"))
    pair = MlagPair(devices, mode=mode.value or MlagMode.DUAL_ACTIVE, user_side=user)
    if named is None:
        return devices, pair, None
    _members_peer_as(origins, named, pair)
    homing = _v2_homing(m, named, spec.devices, pair)
    return devices, pair, _user_device(origins, named, pair, homing)


def _members_peer_as(origins: Origins, s: UserSideV2Spec, pair: MlagPair) -> None:
    """A member's peer at a user-side address has the user side's ``as`` as its remote
    AS (format 1 writes those peers from ``user-side``; format 2 lists them by hand)."""
    asn = need(s, "asn", AsNumber.parse).value
    addresses = _user_side(s).addresses
    for member in pair.members:
        bgp = member.bgp
        if bgp is None:
            continue
        for peer in bgp.peers:
            remote = effective_remote_as(bgp, peer)
            if peer.address in addresses and remote is not None and remote != asn:
                path = f"{member.name}.{peer.path}.remote_as"
                raise IntentError(origins.table.get(path, s.where("asn")), "user-side-as",
                                  f"{member.name} peers with the user side at {peer.address} "
                                  f"as AS {remote}, but {s.where('asn')} is {asn}")


def _v2_homing(m: MlagV2Spec, s: UserSideV2Spec, specs: Sequence[DeviceV2Spec],
               pair: MlagPair) -> _Homing:
    """The shared interface the user side is dual-homed on (``shared-interface``, needed
    when the members share more than one VLANIF/VBDIF), and where each member's fields
    for it are written (its interface's M-LAG addresses, its ``bgp.as``)."""
    candidates = [n for n in pair.shared_interfaces
                  if n.type in (InterfaceType.VLANIF, InterfaceType.VBDIF)]
    named = take(s, "shared_interface", InterfaceName.parse)
    shared = ", ".join(str(n) for n in candidates)
    if named.value is None and not candidates:
        raise IntentError(m.where("user_side"), "user-side-shared-interface",
                          "the members share no VLANIF or VBDIF for the user side to be "
                          "dual-homed on")
    if named.value is None and len(candidates) > 1:
        raise IntentError(named.origin, "missing-key",
                          f"'shared-interface' is required: the members share {shared}; "
                          "name the one the user side is dual-homed on")
    on = named.value or candidates[0]
    if on not in candidates:
        raise IntentError(named.origin, "user-side-shared-interface",
                          f"{on} is not a VLANIF or VBDIF both members configure "
                          f"(shared: {shared or 'none'})")

    def where(d: DeviceV2Spec, device: Device) -> Callable[[str], str]:
        i = next(k for k, x in enumerate(device.interfaces) if x.name == on)

        def at(key: str) -> str:
            if key == "asn":
                return d.bgp.where("asn") if d.bgp is not None else d.path
            return d.interfaces[i].where(key)
        return at

    return _Homing(on, tuple(where(d, device)
                             for d, device in zip(specs, pair.members, strict=True)))


def _v2_device(origins: Origins, d: DeviceV2Spec) -> Device:
    name = need(d, "name", parse_device_name).value
    interfaces = tuple(_v2_interface(origins, name, i) for i in d.interfaces)
    bgp = None if d.bgp is None else _v2_bgp(origins, name, d.bgp)
    origins.record(f"{name}.role", d.where("role"))
    origins.record(f"{name}.interfaces", d.where("interfaces"))
    return _device(origins, d, name, interfaces, bgp, {
        "ignore_primary_sub": flag(d, "ignore_primary_sub"),
        "platform": take(d, "platform", str),
        "low_latency": flag(d, "low_latency"),
        "role": take(d, "role", parse_mlag_role)})


def _v2_interface(origins: Origins, device: str, s: InterfaceSpec) -> Interface:
    name = need(s, "name", InterfaceName.parse)
    common = _interface_fields(s, vbdif=name.value.type is InterfaceType.VBDIF)
    fields: Fields = {**common, **_mlag_fields(s, common["ipv6"].value)}
    iface = Interface(name.value, **values(fields))
    path = f"{device}.interfaces[{iface.name}]"
    origins.record(path, s.path)
    origins.fields(path, {"name": name, **fields})
    return iface


def _v2_bgp(origins: Origins, device: str, s: BgpSpec) -> Bgp:
    peers, groups = _peers(origins, device, s.peers, s.peer_groups)
    at = s.where("families")
    fields: Fields = {
        "asn": need(s, "asn", AsNumber.parse),
        "router_id": take(s, "router_id", RouterId.parse),
        "declared_families": Sourced(None if s.families is None else tuple(
            coerce(_family, f, f"{at}[{i}]") for i, f in enumerate(s.families)), at),
    }
    origins.record(f"{device}.bgp", s.path)
    return _bgp(origins, device, fields, peers, groups)


def _family(value: object) -> AddressFamily:
    (af, _), = parse_families([value])
    return af
