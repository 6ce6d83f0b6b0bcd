"""BGP: the process (AS, router-id), instance families, peers and peer groups.

>>> bgp = Bgp(asn="65001", router_id="1.1.1.1").with_peer(
...     Peer("10.1.1.100", remote_as=65100, connect_interface="Vlanif100",
...          source_address="10.1.1.2", families={"ipv4-unicast": True}))
>>> bgp.asn, bgp.peers[0].address
(AsNumber('65001'), IPv4Address('10.1.1.100'))
>>> sorted(af.intent_name for af in bgp.families)
['ipv4-unicast']

Instance families default to every family a peer enables; declared explicitly
(:meth:`Bgp.with_family`), they are checked against the peers by :mod:`~mlag_netconf.rules`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Self

from mlag_netconf.enums import AddressFamily, PeerType
from mlag_netconf.errors import ValueFormatError
from mlag_netconf.model._coerce import checked_init, items_of, set_field
from mlag_netconf.model.display import bgp_html, bgp_repr, call_repr, groups_table, peers_table
from mlag_netconf.types import (
    AsNumber,
    ConnectInterface,
    EbgpMaxHop,
    IPAddress,
    PeerGroupName,
    RouterId,
    parse_connect_interface,
    parse_ip,
    parse_unicast_ip,
)

FamilySwitches = tuple[tuple[AddressFamily, bool], ...]


def parse_families(value: object) -> FamilySwitches:
    """``{"vpnv4": True, "ipv4-unicast": False}`` → ``((IPV4_UNICAST, False), (VPNV4, True))``.

    A list of families means all enabled.
    """
    items: Iterable[tuple[object, object]]
    if isinstance(value, Mapping):
        items = value.items()
    elif isinstance(value, tuple) and all(isinstance(v, tuple) for v in value):
        items = value
    elif isinstance(value, list | tuple | set | frozenset):
        items = ((v, True) for v in value)
    else:
        raise ValueFormatError("", "families-format", f"{value!r}: expected a mapping "
                                                      "family -> true/false")
    out: dict[AddressFamily, bool] = {}
    for k, v in items:
        try:
            af = AddressFamily.parse(str(k))
        except ValueError as e:
            raise ValueFormatError("", "address-family", str(e)) from None
        if not isinstance(v, bool):
            raise ValueFormatError("", "boolean", f"family {k}: expected true or false")
        out[af] = v
    return tuple(sorted(out.items()))


def parse_peer_type(value: object) -> PeerType:
    """``ebgp`` / ``ibgp`` (``external`` / ``internal`` as on the CLI); ``None``: ebgp."""
    if value is None:
        return PeerType.EBGP
    value = {"external": "ebgp", "internal": "ibgp"}.get(str(value).lower(), value)
    try:
        return PeerType(str(value).lower())
    except ValueError:
        raise ValueFormatError("", "peer-group-type", f"{value!r}: expected ebgp or "
                                                      "ibgp") from None


def parse_peer_address(value: object) -> IPAddress:
    """A peer address: unicast IPv4 or IPv6 (link-local included), no zone."""
    return parse_unicast_ip(value, "bgp-peer-unicast")


def parse_source_address(value: object) -> IPAddress:
    """A ``connect-interface`` source address, no zone (the rules check it is an address
    of the interface, which is a unicast one)."""
    return parse_ip(value)


def _max_hop(value: object) -> EbgpMaxHop:
    return EbgpMaxHop.parse(value)


@dataclass(frozen=True)
class _PeerCommon:
    remote_as: AsNumber | None = None
    connect_interface: ConnectInterface | None = None
    source_address: IPAddress | None = None
    ebgp_max_hop: EbgpMaxHop | None = None
    families: FamilySwitches = ()

    def _coerce_common(self, path: str) -> None:
        set_field(self, "remote_as", AsNumber.parse, f"{path}.remote_as")
        set_field(self, "connect_interface", parse_connect_interface,
                  f"{path}.connect_interface")
        set_field(self, "source_address", parse_source_address, f"{path}.source_address")
        set_field(self, "ebgp_max_hop", _max_hop, f"{path}.ebgp_max_hop")
        set_field(self, "families", parse_families, f"{path}.families")

    @property
    def enabled(self) -> tuple[AddressFamily, ...]:
        return tuple(af for af, on in self.families if on)

    @property
    def disabled(self) -> tuple[AddressFamily, ...]:
        return tuple(af for af, on in self.families if not on)

    def replace(self, **changes: Any) -> Self:
        return dataclasses.replace(self, **changes)


@checked_init
@dataclass(frozen=True, repr=False)
class Peer(_PeerCommon):
    """``peer <ip> as-number <as>`` and its options.

    ``families`` maps a family to ``True`` (``peer x enable``) or ``False`` (``undo peer x
    enable``: the peer's family entry is deleted). ``group`` makes it a member of a
    peer group (``peer x group G``).

    >>> Peer("2001:db8:1::100", remote_as="65100").address.version
    6
    >>> Peer("10.0.0.1", remote_as=1, ebgp_max_hop=None).ebgp_max_hop is None
    True
    """

    address: IPAddress = field(default=None, kw_only=False)  # type: ignore[assignment]
    group: PeerGroupName | None = None

    def __init__(self, address: object, remote_as: object = None, *,
                 connect_interface: object = None, source_address: object = None,
                 ebgp_max_hop: object = None, families: object = None,
                 group: object = None) -> None:
        object.__setattr__(self, "address", address)
        object.__setattr__(self, "remote_as", remote_as)
        object.__setattr__(self, "connect_interface", connect_interface)
        object.__setattr__(self, "source_address", source_address)
        object.__setattr__(self, "ebgp_max_hop", ebgp_max_hop)
        object.__setattr__(self, "families", () if families is None else families)
        object.__setattr__(self, "group", group)
        self.__post_init__()

    def __post_init__(self) -> None:
        set_field(self, "address", parse_peer_address, "bgp.peers[?].address", required=True)
        path = f"bgp.peers[{self.address}]"
        self._coerce_common(path)
        set_field(self, "group", PeerGroupName.parse, f"{path}.group")

    @property
    def key(self) -> str:
        return str(self.address)

    def __repr__(self) -> str:
        return call_repr(self, "address")

    def _repr_html_(self) -> str:
        return peers_table([self])

    @property
    def path(self) -> str:
        return f"bgp.peers[{self.address}]"


@checked_init
@dataclass(frozen=True, repr=False)
class PeerGroup(_PeerCommon):
    """``group <name> [external|internal]`` + ``peer <name> as-number <as>``.

    >>> PeerGroup("LEAF", type="ebgp", remote_as=65100).name
    PeerGroupName('LEAF')
    """

    name: PeerGroupName = field(default=None)  # type: ignore[assignment]
    type: PeerType = PeerType.EBGP

    def __init__(self, name: object, *, type: object = PeerType.EBGP,
                 remote_as: object = None, connect_interface: object = None,
                 source_address: object = None, ebgp_max_hop: object = None,
                 families: object = None) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "type", type)
        object.__setattr__(self, "remote_as", remote_as)
        object.__setattr__(self, "connect_interface", connect_interface)
        object.__setattr__(self, "source_address", source_address)
        object.__setattr__(self, "ebgp_max_hop", ebgp_max_hop)
        object.__setattr__(self, "families", () if families is None else families)
        self.__post_init__()

    def __post_init__(self) -> None:
        set_field(self, "name", PeerGroupName.parse, "bgp.peer_groups[?].name", required=True)
        path = f"bgp.peer_groups[{self.name}]"
        object.__setattr__(self, "type", parse_peer_type(self.type) if self.type is None
                           else self.type)
        set_field(self, "type", parse_peer_type, f"{path}.type")
        self._coerce_common(path)

    @property
    def key(self) -> str:
        return str(self.name)

    def __repr__(self) -> str:
        return call_repr(self, "name")

    def _repr_html_(self) -> str:
        return groups_table([self])

    @property
    def path(self) -> str:
        return f"bgp.peer_groups[{self.name}]"


@checked_init
@dataclass(frozen=True, repr=False)
class Bgp:
    """The BGP process of one device (``bgp <as>`` in the public instance)."""

    asn: AsNumber
    router_id: RouterId | None = None
    peers: tuple[Peer, ...] = ()
    peer_groups: tuple[PeerGroup, ...] = ()
    declared_families: frozenset[AddressFamily] | None = None

    def __init__(self, asn: object, router_id: object = None, *,
                 peers: Iterable[Peer] = (), peer_groups: Iterable[PeerGroup] = (),
                 declared_families: Iterable[object] | None = None) -> None:
        object.__setattr__(self, "asn", asn)
        object.__setattr__(self, "router_id", router_id)
        object.__setattr__(self, "peers", peers)
        object.__setattr__(self, "peer_groups", peer_groups)
        object.__setattr__(self, "declared_families", declared_families)
        self.__post_init__()

    def __post_init__(self) -> None:
        set_field(self, "asn", AsNumber.parse, "bgp.asn", required=True)
        set_field(self, "router_id", RouterId.parse, "bgp.router_id")
        object.__setattr__(self, "peers", items_of(self.peers, Peer, "bgp.peers", "Peer"))
        object.__setattr__(self, "peer_groups", items_of(self.peer_groups, PeerGroup,
                                                         "bgp.peer_groups", "PeerGroup"))
        set_field(self, "declared_families",
                  lambda v: frozenset(af for af, _ in parse_families(list(v))),
                  "bgp.declared_families")

    @property
    def families(self) -> frozenset[AddressFamily]:
        """Instance families: ``declared_families`` when given, else every family a peer
        or peer group enables (``ipv4-family unicast`` exists on every device anyway)."""
        if self.declared_families is not None:
            return self.declared_families
        out: set[AddressFamily] = set()
        for p in (*self.peers, *self.peer_groups):
            out.update(p.enabled)
        return frozenset(out)

    def replace(self, **changes: Any) -> Self:
        return dataclasses.replace(self, **changes)

    def __repr__(self) -> str:
        return bgp_repr(self)

    def _repr_html_(self) -> str:
        return bgp_html(self)

    def with_peer(self, *peers: Peer) -> Self:
        return self.replace(peers=(*self.peers, *peers))

    def with_peer_group(self, *groups: PeerGroup) -> Self:
        return self.replace(peer_groups=(*self.peer_groups, *groups))

    def with_family(self, *families: object) -> Self:
        """Declare instance families explicitly (``ipv6-family unicast``).

        Once declared, a peer that enables a family not declared breaks the rule
        ``bgp-family-needs-instance-family``.
        """
        parsed = frozenset(af for af, _ in parse_families(list(families)))
        return self.replace(declared_families=(self.declared_families or frozenset()) | parsed)
