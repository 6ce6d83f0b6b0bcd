"""Layer-3 interfaces: VLANIF, VBDIF and loopbacks, with their M-LAG addresses.

An :class:`Interface` is an immutable value. Build one with the factories
:func:`vlanif`, :func:`vbdif` and :func:`loopback` (which accept loose text) and refine
it with the ``with_*`` methods, each of which returns a new object:

>>> i = vlanif(100, ipv4="10.1.1.1/24").with_mlag_ipv4("10.1.1.2")
>>> i.name, str(i.ipv4), str(i.mlag_ipv4)
(InterfaceName('Vlanif100'), '10.1.1.1/24', '10.1.1.2')
>>> i.with_virtual_mac("00:00:5E:00:01:01").virtual_mac
MacAddress('0000-5e00-0101')

Per-interface rules are checked by :mod:`mlag_netconf.rules`, not here: a builder holds
what you asked for so that the checks can report every problem at once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Self

from mlag_netconf.enums import InterfaceType, NdProxyRoute
from mlag_netconf.errors import ValueFormatError
from mlag_netconf.model._coerce import (
    KEEP,
    checked_init,
    require,
    set_bool,
    set_field,
    set_single,
    set_tuple,
)
from mlag_netconf.model.display import call_repr, interface_html
from mlag_netconf.namespaces import PUBLIC_INSTANCE
from mlag_netconf.types import (
    BdId,
    InterfaceName,
    IPAddress,
    IPv4Address,
    Ipv4Interface,
    IPv6Address,
    Ipv6Interface,
    MacAddress,
    VlanId,
    Vni,
    cached_property,
    coerce,
    parse_ipv4_masked,
    parse_ipv6,
)


def parse_nd_proxy_route(value: object) -> NdProxyRoute:
    """``false`` / ``true`` / ``prune`` (or the :class:`NdProxyRoute` itself)."""
    if isinstance(value, NdProxyRoute):
        return value
    if value is True:
        return NdProxyRoute.ON
    if value is False:
        return NdProxyRoute.OFF
    try:
        return NdProxyRoute(str(value).strip().lower())
    except ValueError:
        raise ValueFormatError("", "nd-proxy-route", f"{value!r}: expected false, true or "
                                                     "prune") from None


def mlag_ipv6_parser(globals_: tuple[Ipv6Interface, ...]) -> Parser6:
    """The parser of ``m-lag ipv6 address X[/len]`` on an interface with ``globals_``:
    without a length, X takes the prefix length of the global subnet that contains it
    (else of the first global address; the rules then say X is outside every subnet).

    >>> g = (Ipv6Interface.parse("2001:db8:1::1/64"), Ipv6Interface.parse("2001:db8:2::1/80"))
    >>> str(mlag_ipv6_parser(g)("2001:db8:2::2"))
    '2001:db8:2::2/80'
    """
    def parse(value: object) -> Ipv6Interface:
        if isinstance(value, Ipv6Interface):
            return value
        text = str(value).strip()
        if "/" in text or " " in text:
            return Ipv6Interface.parse(text)
        ip = parse_ipv6(text, "ipv6-interface-format")
        home = next((g for g in globals_ if ip in g.network), globals_[0] if globals_ else None)
        return Ipv6Interface.parse(text, None if home is None else home.prefix_length)
    return parse


Parser6 = Callable[[object], Ipv6Interface]


def _prefix(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 32:
        raise ValueFormatError("", "ipv4-prefix-range", f"{value!r}: a prefix length 1..32")
    return value


@checked_init
@dataclass(frozen=True, repr=False)
class Interface:
    """One layer-3 interface and everything configured on it.

    Fields (all optional but ``name``):

    - ``vni``: VBDIF only, the VXLAN VNI bound to the interface's bridge domain.
    - ``ipv4`` / ``ipv4_secondary``: primary and secondary IPv4 (``ip address … [sub]``).
    - ``virtual_mac``: ``mac-address`` (same on both M-LAG members).
    - ``mlag_ipv4``: ``m-lag ip address`` (``10.1.1.2``, ``10.1.1.2/24`` or ``10.1.1.2
      255.255.255.0``; the mask is the primary's: a different one written is refused).
    - ``route_proxy_arp`` (VLANIF) / ``local_proxy_arp`` (VBDIF).
    - ``ipv6_enable``, ``ipv6`` (global addresses), ``ipv6_link_local``.
    - ``nd_na_glean``, ``nd_proxy_route`` (off / on / prune).
    - ``mlag_ipv6`` (``m-lag ipv6 address X/len``), ``mlag_ipv6_link_local``.
    - ``vpn_instance``: the VRF (checks only; the library configures ``_public_``).
    - ``vrrp6_link_local``: a VRRP6 virtual link-local already on the interface (checks
      only: it is never emitted).
    """

    name: InterfaceName
    vni: Vni | None = None
    ipv4: Ipv4Interface | None = None
    ipv4_secondary: tuple[Ipv4Interface, ...] = ()
    virtual_mac: MacAddress | None = None
    mlag_ipv4: IPv4Address | None = None
    mlag_ipv4_prefix: int | None = None
    route_proxy_arp: bool = False
    local_proxy_arp: bool = False
    ipv6_enable: bool = False
    ipv6: tuple[Ipv6Interface, ...] = ()
    ipv6_link_local: IPv6Address | None = None
    nd_na_glean: bool = False
    nd_proxy_route: NdProxyRoute = NdProxyRoute.OFF
    mlag_ipv6: Ipv6Interface | None = None
    mlag_ipv6_link_local: IPv6Address | None = None
    vpn_instance: str = PUBLIC_INSTANCE
    vrrp6_link_local: IPv6Address | None = None

    def __post_init__(self) -> None:
        # each field at its default is left alone: only given values are parsed (a large
        # intent makes thousands of interfaces); the order of the checks is the fields'
        if type(self.name) is not InterfaceName:
            set_field(self, "name", InterfaceName.parse, "name", required=True)
        p = f"interfaces[{self.name.text}]"
        if self.vni is not None:
            set_field(self, "vni", Vni.parse, f"{p}.vni")
        if self.ipv4 is not None:
            set_field(self, "ipv4", Ipv4Interface.parse, f"{p}.ipv4")
        if self.ipv4_secondary != ():
            set_tuple(self, "ipv4_secondary", Ipv4Interface.parse, f"{p}.ipv4_secondary")
        if self.virtual_mac is not None:
            set_field(self, "virtual_mac", MacAddress.parse_unicast, f"{p}.virtual_mac")
        if self.mlag_ipv4 is not None:
            set_single(self, "mlag_ipv4", parse_ipv4_masked, f"{p}.mlag_ipv4",
                       "mlag-ipv4-one-per-interface", "M-LAG IPv4 address")
        if isinstance(self.mlag_ipv4, tuple):
            ip, written = self.mlag_ipv4
            object.__setattr__(self, "mlag_ipv4", ip)
            if written is not None:
                object.__setattr__(self, "mlag_ipv4_prefix", written)
        if self.mlag_ipv4_prefix is not None:
            set_field(self, "mlag_ipv4_prefix", _prefix, f"{p}.mlag_ipv4")
        if self.ipv6 != ():
            set_tuple(self, "ipv6", Ipv6Interface.parse_host, f"{p}.ipv6")
        if self.ipv6_link_local is not None:
            set_field(self, "ipv6_link_local", parse_ipv6, f"{p}.ipv6_link_local")
        if self.nd_proxy_route is None:
            object.__setattr__(self, "nd_proxy_route", NdProxyRoute.OFF)
        elif self.nd_proxy_route is not NdProxyRoute.OFF:
            set_field(self, "nd_proxy_route", parse_nd_proxy_route, f"{p}.nd_proxy_route")
        if self.mlag_ipv6 is not None:
            set_single(self, "mlag_ipv6", mlag_ipv6_parser(self.ipv6), f"{p}.mlag_ipv6",
                       "mlag-ipv6-one-per-interface", "M-LAG IPv6 address")
        if self.mlag_ipv6_link_local is not None:
            set_single(self, "mlag_ipv6_link_local", parse_ipv6,
                       f"{p}.mlag_ipv6_link_local", "mlag-ipv6-link-local-one-per-interface",
                       "M-LAG IPv6 link-local address")
        if self.vrrp6_link_local is not None:
            set_field(self, "vrrp6_link_local", parse_ipv6, f"{p}.vrrp6_link_local")
        if type(self.vpn_instance) is not str:
            require(self.vpn_instance, str, f"{p}.vpn_instance", "a VPN instance name")
        if not (type(self.route_proxy_arp) is type(self.local_proxy_arp) is
                type(self.ipv6_enable) is type(self.nd_na_glean) is bool):
            for flag in ("route_proxy_arp", "local_proxy_arp", "ipv6_enable", "nd_na_glean"):
                set_bool(self, flag, f"{p}.{flag}")

    def __repr__(self) -> str:
        return call_repr(self, "name")

    def _repr_html_(self) -> str:
        return interface_html(self)

    # ------------------------------------------------------------------ facts
    @cached_property  # computed once: renders read it often
    def type(self) -> InterfaceType:
        return self.name.type

    @cached_property  # computed once: renders read it often
    def vlan(self) -> VlanId | None:
        """The VLAN a VLANIF belongs to (``Vlanif100`` → VLAN 100)."""
        return VlanId(self.name.number) if self.type is InterfaceType.VLANIF else None

    @cached_property  # computed once: renders read it often
    def bd(self) -> BdId | None:
        """The bridge domain a VBDIF belongs to (``Vbdif10`` → BD 10)."""
        return BdId(self.name.number) if self.type is InterfaceType.VBDIF else None

    @property
    def ipv6_on(self) -> bool:
        """True when the payload enables IPv6 (explicitly or by an IPv6 address)."""
        return self.ipv6_enable or bool(self.ipv6) or self.ipv6_link_local is not None

    @property
    def ipv4_addresses(self) -> tuple[IPv4Address, ...]:
        """Primary, secondaries and M-LAG IPv4 addresses of this interface."""
        out = [a.ip for a in ((self.ipv4,) if self.ipv4 else ())] + [
            a.ip for a in self.ipv4_secondary]
        if self.mlag_ipv4 is not None:
            out.append(self.mlag_ipv4)
        return tuple(out)

    @property
    def ipv6_addresses(self) -> tuple[IPv6Address, ...]:
        """Every IPv6 address of this interface (global, link-local, M-LAG)."""
        out = [a.ip for a in self.ipv6]
        for extra in (self.ipv6_link_local, self.mlag_ipv6_link_local):
            if extra is not None:
                out.append(extra)
        if self.mlag_ipv6 is not None:
            out.append(self.mlag_ipv6.ip)
        return tuple(out)

    @property
    def addresses(self) -> tuple[IPAddress, ...]:
        return (*self.ipv4_addresses, *self.ipv6_addresses)

    # ------------------------------------------------------------------ builders
    def replace(self, **changes: Any) -> Self:
        """A copy with ``changes`` applied (fields are re-checked)."""
        return dataclasses.replace(self, **changes)

    def with_ipv4(self, primary: object, *secondary: object) -> Self:
        """Set the primary IPv4 address and, optionally, secondaries."""
        return self.replace(ipv4=primary, ipv4_secondary=secondary or self.ipv4_secondary)

    def with_secondary(self, *addresses: object) -> Self:
        """Add secondary IPv4 addresses (``ip address … sub``)."""
        return self.replace(ipv4_secondary=(*self.ipv4_secondary, *addresses))

    def with_virtual_mac(self, mac: object) -> Self:
        return self.replace(virtual_mac=mac)

    def with_mlag_ipv4(self, address: object) -> Self:
        """``m-lag ip address <ip> [<mask>]`` (the mask is the primary's); ``None``
        clears it."""
        return self.replace(mlag_ipv4=address, mlag_ipv4_prefix=None)

    def with_proxy_arp(self, enable: bool = True) -> Self:
        """Routed proxy ARP on a VLANIF, local proxy ARP on a VBDIF."""
        if self.type is InterfaceType.VBDIF:
            return self.replace(local_proxy_arp=enable)
        return self.replace(route_proxy_arp=enable)

    def with_ipv6(self, *addresses: object, link_local: object = KEEP) -> Self:
        """``ipv6 enable`` plus global addresses (``2001:db8::1/64``) and a link-local
        (``link_local=None`` clears it)."""
        return self.replace(**_given(ipv6_enable=True, ipv6=(*self.ipv6, *addresses),
                                     ipv6_link_local=link_local))

    def with_nd(self, *, na_glean: object = KEEP, proxy_route: object = KEEP) -> Self:
        """``ipv6 nd na glean`` and ``ipv6 nd proxy route enable [prune]`` (``None``
        switches proxy ND off)."""
        return self.replace(**_given(nd_na_glean=na_glean, nd_proxy_route=proxy_route))

    def with_mlag_ipv6(self, address: object = KEEP, *, link_local: object = KEEP) -> Self:
        """``m-lag ipv6 address X[/len]`` and ``m-lag ipv6 address FE80::… link-local``
        (``None`` clears either)."""
        return self.replace(**_given(mlag_ipv6=address, mlag_ipv6_link_local=link_local))


def _given(**changes: object) -> dict[str, Any]:
    """The changes that were given (not :data:`KEEP`)."""
    return {k: v for k, v in changes.items() if v is not KEEP}


def vlanif(vlan: object, **fields: Any) -> Interface:
    """A VLANIF interface (its VLAN is created in the same payload).

    >>> vlanif("100", ipv4="10.1.1.1 255.255.255.0").ipv4
    Ipv4Interface('10.1.1.1/24')
    """
    if type(vlan) is int and 1 <= vlan <= 4094:  # the usual call, no parsing to do
        return Interface(name=InterfaceName.of(InterfaceType.VLANIF, vlan), **fields)
    return Interface(name=coerce(lambda v: InterfaceName.of(InterfaceType.VLANIF,
                                                           VlanId.parse(v).value), vlan, "name"),
                     **fields)


def vbdif(bd: object, vni: object = None, **fields: Any) -> Interface:
    """A VBDIF interface on bridge domain ``bd``, optionally bound to ``vni``.

    >>> i = vbdif(10, vni=5010)
    >>> i.name.text, i.bd, i.vni
    ('Vbdif10', BdId(10), Vni(5010))
    """
    return Interface(name=coerce(lambda v: InterfaceName.of(InterfaceType.VBDIF,
                                                           BdId.parse(v).value), bd, "name"),
                     vni=vni, **fields)  # type: ignore[arg-type]


def loopback(number: object, ipv4: object = None, **fields: Any) -> Interface:
    """A loopback interface.

    >>> str(loopback(1, "1.1.1.1/32").ipv4)
    '1.1.1.1/32'
    """
    return Interface(name=coerce(InterfaceName.parse, f"LoopBack{number}", "name"), ipv4=ipv4,  # type: ignore[arg-type]
                     **fields)
