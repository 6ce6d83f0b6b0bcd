"""Typed leaves: each value type owns its parsing, canonical text, XML text and checks.

Every leaf is an immutable value. ``Leaf.parse(x)`` accepts the forms an engineer types
(CLI forms included) and raises :class:`~mlag_netconf.errors.ValueFormatError` naming the
rule it broke; ``str(leaf)`` is the canonical text and ``leaf.xml_text`` the exact text
put into a YANG payload.

>>> str(MacAddress.parse("00:00:5E:00:01:01"))
'0000-5e00-0101'
>>> AsNumber.parse("1.10") == AsNumber.parse(65546)
True
>>> Ipv4Interface.parse("10.1.1.1/24").mask
'255.255.255.0'
>>> InterfaceName.parse("vlanif 100")
InterfaceName('Vlanif100')
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Self, TypeVar, overload

from mlag_netconf.enums import InterfaceType, MlagMode, MlagRole
from mlag_netconf.errors import ValueFormatError

IPv4Address = ipaddress.IPv4Address
IPv6Address = ipaddress.IPv6Address
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

__all__ = [
    "AsNumber",
    "BdId",
    "ConnectInterface",
    "DeviceInterfaceName",
    "IPAddress",
    "IPv4Address",
    "IPv6Address",
    "InterfaceName",
    "Ipv4Interface",
    "Ipv6Interface",
    "MacAddress",
    "PeerGroupName",
    "RouterId",
    "VlanId",
    "Vni",
    "coerce",
    "is_link_local",
    "not_unicast",
    "parse_bool",
    "parse_connect_interface",
    "parse_device_name",
    "parse_ip",
    "parse_ipv4",
    "parse_ipv4_masked",
    "parse_ipv6",
    "parse_mlag_mode",
    "parse_mlag_role",
    "parse_unicast_ip",
]

T = TypeVar("T")
V = TypeVar("V")


class cached_property(Generic[T, V]):  # noqa: N801 - named as the functools one it replaces
    """``functools.cached_property`` without the per-class lock Python 3.11 takes on every
    first read (3.12 dropped it): the value is computed once and stored in the instance's
    ``__dict__``, where later reads find it first. The leaves are immutable, so two
    threads computing it at once store the same value."""

    def __init__(self, fn: Callable[[T], V]) -> None:
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Self: ...
    @overload
    def __get__(self, obj: T, owner: type | None = None) -> V: ...

    def __get__(self, obj: T | None, owner: type | None = None) -> V | Self:
        if obj is None:
            return self
        value = self.fn(obj)
        # stored as an instance attribute (the object's own __setattr__ is the frozen
        # dataclass's refusal): later reads find it before this non-data descriptor, and
        # the instance keeps its compact attribute storage (no __dict__ made)
        object.__setattr__(obj, self.name, value)
        return value


def _bad(rule: str, message: str) -> ValueFormatError:
    return ValueFormatError("", rule, message)


def _as_int(value: object, rule: str, what: str) -> int:
    if isinstance(value, bool):
        raise _bad(rule, f"{what} must be an integer, not {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value):
        return int(value)
    raise _bad(rule, f"{what} must be an integer, not {value!r}")


# --------------------------------------------------------------------------- integers
@dataclass(frozen=True, order=True)
class _RangedInt:
    """An integer leaf with a documented range."""

    value: int
    LOW: ClassVar[int] = 0
    HIGH: ClassVar[int] = 0
    RULE: ClassVar[str] = ""
    WHAT: ClassVar[str] = ""

    def __post_init__(self) -> None:
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            raise _bad(self.RULE, f"{self.WHAT} must be an integer, not {self.value!r}")
        if not self.LOW <= self.value <= self.HIGH:
            raise _bad(self.RULE, f"{self.WHAT} {self.value} is out of range "
                                  f"{self.LOW}..{self.HIGH}")

    @classmethod
    def parse(cls, value: object) -> Self:
        if isinstance(value, cls):
            return value
        return cls(_as_int(value, cls.RULE, cls.WHAT))

    @property
    def xml_text(self) -> str:
        return str(self.value)

    def __str__(self) -> str:
        return str(self.value)

    def __int__(self) -> int:
        return self.value

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.value})"


class VlanId(_RangedInt):
    """A VLAN id, 1..4094.

    >>> VlanId.parse("100")
    VlanId(100)
    >>> VlanId.parse(4095)
    Traceback (most recent call last):
    ...
    mlag_netconf.errors.ValueFormatError: vlan-id-range: VLAN id 4095 is out of range 1..4094
    """

    LOW, HIGH, RULE, WHAT = 1, 4094, "vlan-id-range", "VLAN id"


class BdId(_RangedInt):
    """A bridge-domain id, 1..16777215.

    >>> BdId.parse(10).xml_text
    '10'
    """

    LOW, HIGH, RULE, WHAT = 1, 16777215, "bd-id-range", "BD id"


class Vni(_RangedInt):
    """A VXLAN network identifier, 1..16777215.

    >>> Vni.parse("5010")
    Vni(5010)
    """

    LOW, HIGH, RULE, WHAT = 1, 16777215, "vni-range", "VNI"


class EbgpMaxHop(_RangedInt):
    """``ebgp-max-hop`` hop count, 1..255 (the CLI without a value means 255).

    >>> EbgpMaxHop.parse(None)
    EbgpMaxHop(255)
    """

    LOW, HIGH, RULE, WHAT = 1, 255, "ebgp-max-hop-range", "ebgp-max-hop"

    @classmethod
    def parse(cls, value: object) -> Self:
        if value is None or value is True:
            return cls(255)
        return super().parse(value)


# --------------------------------------------------------------------------- text leaves
class _Leaf:
    """Shared display of the text-valued leaves: ``str()`` is the canonical text, ``repr()``
    shows it with the type name."""

    @property
    def xml_text(self) -> str:  # pragma: no cover - every leaf overrides it
        raise NotImplementedError

    def __str__(self) -> str:
        return self.xml_text

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"


# --------------------------------------------------------------------------- MAC
_MAC_FORMS = (
    re.compile(r"([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})"),
    re.compile(r"([0-9a-f]{4})\.([0-9a-f]{4})\.([0-9a-f]{4})"),
    re.compile(r"([0-9a-f]{2})[:-]([0-9a-f]{2})[:-]([0-9a-f]{2})[:-]([0-9a-f]{2})[:-]"
               r"([0-9a-f]{2})[:-]([0-9a-f]{2})"),
)


@dataclass(frozen=True, repr=False)
class MacAddress(_Leaf):
    """A MAC address; accepts ``0000-5e00-0101``, ``00:00:5E:00:01:01``, ``0000.5e00.0101``.

    Emitted in the lower-case Huawei form (the model's pattern rejects anything else).

    >>> MacAddress.parse("0000.5E00.0101").xml_text
    '0000-5e00-0101'
    >>> MacAddress.parse("00-00-5e-00-01-01") == MacAddress.parse("0000-5e00-0101")
    True
    >>> MacAddress.parse("0000-5e00-01")
    Traceback (most recent call last):
    ...
    mlag_netconf.errors.ValueFormatError: mac-format: '0000-5e00-01' is not a MAC address ...
    """

    hex12: str

    @classmethod
    def parse(cls, value: object) -> MacAddress:
        if isinstance(value, MacAddress):
            return value
        if type(value) is str and (m := _MAC_FORMS[0].fullmatch(value)):  # the usual form
            mac = cls("".join(m.groups()))
            object.__setattr__(mac, "xml_text", value)  # it is the canonical text already
            return mac
        text = str(value).strip().lower()
        for form in _MAC_FORMS:
            m = form.fullmatch(text)
            if m:
                return cls("".join(m.groups()))
        raise _bad("mac-format", f"{value!r} is not a MAC address (use 0000-5e00-0101, "
                                 "00:00:5e:00:01:01 or 0000.5e00.0101)")

    @classmethod
    def parse_unicast(cls, value: object) -> MacAddress:
        """A MAC an interface can own: not multicast (broadcast included), not all-zero.

        >>> MacAddress.parse_unicast("ffff-ffff-ffff")
        Traceback (most recent call last):
        ...
        mlag_netconf.errors.ValueFormatError: mac-unicast: ffff-ffff-ffff is a multicast ...
        """
        mac = cls.parse(value)
        if mac.is_multicast:
            raise _bad("mac-unicast", f"{mac} is a multicast (or broadcast) MAC address")
        if int(mac.hex12, 16) == 0:
            raise _bad("mac-unicast", f"{mac} is the all-zero MAC address")
        return mac

    @property
    def is_multicast(self) -> bool:
        return bool(int(self.hex12[:2], 16) & 1)

    @cached_property  # computed once: renders read it
    def xml_text(self) -> str:
        h = self.hex12
        return f"{h[0:4]}-{h[4:8]}-{h[8:12]}"



# --------------------------------------------------------------------------- AS number
@dataclass(frozen=True, repr=False)
class AsNumber(_Leaf):
    """A BGP AS number, plain (1..4294967295) or dot (``X.Y``, X 1..65535, Y 0..65535).

    Compared by value; the notation it was given in is kept for the payload.

    >>> AsNumber.parse("1.10").value
    65546
    >>> AsNumber.parse("1.10") == AsNumber.parse("65546")
    True
    >>> AsNumber.parse("65001").xml_text, AsNumber.parse("1.10").xml_text
    ('65001', '1.10')
    >>> AsNumber.parse("65536.1")
    Traceback (most recent call last):
    ...
    mlag_netconf.errors.ValueFormatError: as-number-range: AS 65536.1: the high part ...
    """

    value: int
    dot: bool = False

    def __post_init__(self) -> None:
        if not 1 <= self.value <= 4294967295:
            raise _bad("as-number-range", f"AS {self.value} is out of range 1..4294967295")

    @classmethod
    def parse(cls, value: object) -> AsNumber:
        if isinstance(value, AsNumber):
            return value
        if isinstance(value, float):
            raise _bad("as-number-format", f"AS {value!r}: write a dot-notation AS as a "
                                           "string ('1.10'), a float loses its zeros")
        text = str(value).strip()
        m = re.fullmatch(r"(\d+)\.(\d+)", text)
        if m:
            hi, lo = int(m.group(1)), int(m.group(2))
            if not 1 <= hi <= 65535:
                raise _bad("as-number-range", f"AS {text}: the high part must be 1..65535")
            if not 0 <= lo <= 65535:
                raise _bad("as-number-range", f"AS {text}: the low part must be 0..65535")
            return cls(hi * 65536 + lo, dot=True)
        if re.fullmatch(r"\d+", text):
            return cls(int(text))
        raise _bad("as-number-format", f"{value!r} is not an AS number (65001 or 1.10)")

    @property
    def asdot(self) -> str:
        """The dot notation (``65546`` → ``1.10``; below 65536, the plain number)."""
        hi, lo = divmod(self.value, 65536)
        return f"{hi}.{lo}" if hi else str(lo)

    @property
    def xml_text(self) -> str:
        return self.asdot if self.dot else str(self.value)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, AsNumber):
            return self.value == other.value
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.value)



# --------------------------------------------------------------------------- IP
def parse_ipv4(value: object, rule: str = "ipv4-format") -> ipaddress.IPv4Address:
    """Parse an IPv4 address.

    >>> parse_ipv4("10.1.1.1")
    IPv4Address('10.1.1.1')
    """
    if isinstance(value, ipaddress.IPv4Address):
        return value
    try:
        return ipaddress.IPv4Address(str(value).strip())
    except ValueError:
        raise _bad(rule, f"{value!r} is not an IPv4 address") from None


def parse_ipv6(value: object, rule: str = "ipv6-format") -> ipaddress.IPv6Address:
    """Parse an IPv6 address (no zone, no prefix).

    >>> parse_ipv6("2001:DB8::1")
    IPv6Address('2001:db8::1')
    """
    if isinstance(value, ipaddress.IPv6Address):
        if value.scope_id:
            raise _bad(rule, f"{value!r}: zones are not allowed")
        return value
    text = str(value).strip()
    if "%" in text:
        raise _bad(rule, f"{value!r}: zones are not allowed")
    try:
        return ipaddress.IPv6Address(text)
    except ValueError:
        raise _bad(rule, f"{value!r} is not an IPv6 address") from None


def parse_ip(value: object, rule: str = "ip-format") -> IPAddress:
    """Parse an IPv4 or IPv6 address.

    >>> parse_ip("2001:db8::1").version
    6
    """
    if isinstance(value, ipaddress.IPv4Address | ipaddress.IPv6Address):
        if getattr(value, "scope_id", None):
            raise _bad(rule, f"{value!r}: zones are not allowed")
        return value
    text = str(value).strip()
    if "%" in text:
        raise _bad(rule, f"{value!r}: zones are not allowed")
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        raise _bad(rule, f"{value!r} is not an IP address") from None


def _v4_not_unicast(bits: int) -> str | None:
    """:func:`not_unicast` of the IPv4 address ``bits``."""
    top = bits >> 28
    if bits == 0:
        return "the unspecified address"
    if top == 0xE:  # 224.0.0.0/4
        return "a multicast address"
    if bits >> 24 == 127:  # 127.0.0.0/8
        return "a loopback address"
    if top == 0xF:  # 240.0.0.0/4
        return ("the limited broadcast address" if bits == 0xFFFFFFFF else
                "a reserved (class E) address")
    return None


def not_unicast(ip: IPAddress) -> str | None:
    """Why ``ip`` cannot be a host's own address or a BGP peer, or ``None``.

    >>> not_unicast(ipaddress.ip_address("224.0.0.1"))
    'a multicast address'
    >>> not_unicast(ipaddress.ip_address("fe80::1")) is None
    True
    """
    if ip.version == 4:  # by the address's bits (a large intent has thousands)
        return _v4_not_unicast(int(ip))
    if ip.is_unspecified:
        return "the unspecified address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_loopback:
        return "a loopback address"
    return None


def parse_unicast_ip(value: object, rule: str = "ip-unicast") -> IPAddress:
    """An IPv4 or IPv6 unicast address (BGP peers, sources): ``0.0.0.0``, ``::``,
    multicast, loopback and broadcast are refused (``rule``); link-local is fine.

    >>> parse_unicast_ip("255.255.255.255")
    Traceback (most recent call last):
    ...
    mlag_netconf.errors.ValueFormatError: ip-unicast: 255.255.255.255 is the limited broadcast ...
    """
    ip = parse_ip(value)
    why = not_unicast(ip)
    if why:
        raise _bad(rule, f"{ip} is {why}")
    return ip


@dataclass(frozen=True, repr=False)
class RouterId(_Leaf):
    """A BGP router-id: an IPv4 address.

    >>> RouterId.parse("1.1.1.1").xml_text
    '1.1.1.1'
    >>> RouterId.parse("2001:db8::1")
    Traceback (most recent call last):
    ...
    mlag_netconf.errors.ValueFormatError: router-id-ipv4: '2001:db8::1' is not an IPv4 address
    """

    address: ipaddress.IPv4Address

    @classmethod
    def parse(cls, value: object) -> RouterId:
        if isinstance(value, RouterId):
            return value
        ip = parse_ipv4(value, "router-id-ipv4")
        why = not_unicast(ip)
        if why:
            raise _bad("router-id-value", f"router-id {ip} is {why}")
        return cls(ip)

    @property
    def xml_text(self) -> str:
        return str(self.address)



def _mask_to_len(mask: str) -> int:
    try:
        m = ipaddress.IPv4Address(mask)
    except ValueError:
        raise _bad("ipv4-mask-format", f"{mask!r} is not a dotted mask") from None
    bits = int(m)
    length = bin(bits).count("1")
    if bits != ((0xFFFFFFFF << (32 - length)) & 0xFFFFFFFF):
        raise _bad("ipv4-mask-contiguous", f"mask {mask} is not contiguous")
    return length


_DOTTED_MASKS = tuple(str(ipaddress.IPv4Network(f"0.0.0.0/{n}").netmask) for n in range(33))
def parse_ipv4_masked(value: object, rule: str = "ipv4-format"
                      ) -> tuple[ipaddress.IPv4Address, int | None]:
    """An IPv4 address with an optional mask, as ``m-lag ip address`` takes it:
    ``10.1.1.2``, ``10.1.1.2/24`` or ``10.1.1.2 255.255.255.0`` → (address, prefix or
    ``None``). No host check: the rules say what is wrong with the address.

    >>> parse_ipv4_masked("10.1.1.2 255.255.255.0")
    (IPv4Address('10.1.1.2'), 24)
    >>> parse_ipv4_masked("10.1.1.2")
    (IPv4Address('10.1.1.2'), None)
    """
    if isinstance(value, ipaddress.IPv4Address):
        return value, None
    if isinstance(value, Ipv4Interface):
        return value.ip, value.prefix_length
    text = str(value).strip()
    m = re.fullmatch(r"(\S+?)(?:\s*/\s*|\s+)(\S+)", text)
    if not m:
        return parse_ipv4(text, rule), None
    ip = parse_ipv4(m.group(1), rule)
    tail = m.group(2)
    if re.fullmatch(r"\d{1,2}", tail) and 1 <= int(tail) <= 32:
        return ip, int(tail)
    if "." not in tail:
        raise _bad(rule, f"{value!r}: bad prefix length or mask")
    length = _mask_to_len(tail)
    if length == 0:
        raise _bad("ipv4-prefix-range", f"{value!r}: a mask of 0.0.0.0 is not a subnet")
    return ip, length


def _v4_not_host(bits: int, length: int) -> str | None:
    """Why the IPv4 address ``bits`` cannot be a host's address in a /``length`` subnet
    (not unicast; the subnet's network or broadcast address below /31), or ``None``."""
    why = _v4_not_unicast(bits)
    if why is None and length < 31:
        host_bits = 0xFFFFFFFF >> length
        host = bits & host_bits
        if host == 0 or host == host_bits:
            net = ipaddress.IPv4Network((bits, length), strict=False)
            why = f"the {'network' if host == 0 else 'broadcast'} address of {net}"
    return why


_OCTET = r"(0|[1-9]\d{0,2})"  # ipaddress refuses leading zeros too
_V4_SLASH = re.compile(rf"{_OCTET}\.{_OCTET}\.{_OCTET}\.{_OCTET}\s*/\s*(\d{{1,2}})")


@dataclass(frozen=True, repr=False)
class Ipv4Interface(_Leaf):
    """An IPv4 interface address: ``a.b.c.d/len``, ``a.b.c.d/mask`` or ``a.b.c.d mask``.

    >>> a = Ipv4Interface.parse("10.1.1.4 255.255.255.0")
    >>> str(a), a.mask, str(a.network)
    ('10.1.1.4/24', '255.255.255.0', '10.1.1.0/24')
    >>> Ipv4Interface.parse("10.1.1.4/255.0.255.0")
    Traceback (most recent call last):
    ...
    mlag_netconf.errors.ValueFormatError: ipv4-mask-contiguous: mask 255.0.255.0 is not contiguous
    """

    ip: ipaddress.IPv4Address
    prefix_length: int

    def __post_init__(self) -> None:
        if not 1 <= self.prefix_length <= 32:
            raise _bad("ipv4-prefix-range", f"prefix length {self.prefix_length} not in 1..32")
        why = _v4_not_host(int(self.ip), self.prefix_length)
        if why:
            raise _bad("ipv4-host-address", f"{self} is {why}, not a host address")

    @classmethod
    def parse(cls, value: object) -> Ipv4Interface:
        if isinstance(value, Ipv4Interface):
            return value
        if isinstance(value, ipaddress.IPv4Interface):
            return cls(value.ip, value.network.prefixlen)
        text = str(value).strip()
        m = _V4_SLASH.fullmatch(text)  # the common form, parsed without ipaddress's regexes
        if m:
            a, b, c, d = int(m[1]), int(m[2]), int(m[3]), int(m[4])
            bits, length = a << 24 | b << 16 | c << 8 | d, int(m[5])
            if a <= 255 and b <= 255 and c <= 255 and d <= 255:
                if 1 <= length <= 32 and _v4_not_host(bits, length) is None:
                    # the checks of __post_init__ passed: fill the fields without it, and
                    # the text of the address, already at hand
                    made = object.__new__(cls)
                    object.__setattr__(made, "ip", ipaddress.IPv4Address(bits))
                    object.__setattr__(made, "prefix_length", length)
                    object.__setattr__(made, "xml_text", f"{a}.{b}.{c}.{d}")
                    return made
                return cls(ipaddress.IPv4Address(bits), length)  # raises the rule broken
        m = re.fullmatch(r"(\S+?)(?:\s*/\s*|\s+)(\S+)", text)
        if not m:
            raise _bad("ipv4-interface-format",
                       f"{value!r} needs a prefix: 10.1.1.1/24 or 10.1.1.1 255.255.255.0")
        ip = parse_ipv4(m.group(1), "ipv4-interface-format")
        tail = m.group(2)
        if re.fullmatch(r"\d{1,2}", tail):
            return cls(ip, int(tail))
        return cls(ip, _mask_to_len(tail))

    @property
    def mask(self) -> str:
        """The dotted mask (the form huawei-ip wants)."""
        return _DOTTED_MASKS[self.prefix_length]

    @cached_property  # computed once: renders read it often
    def network(self) -> ipaddress.IPv4Network:
        return ipaddress.IPv4Network((int(self.ip), self.prefix_length), strict=False)

    @cached_property  # computed once: renders read it often
    def xml_text(self) -> str:
        return str(self.ip)

    def __str__(self) -> str:
        return f"{self.xml_text}/{self.prefix_length}"



@dataclass(frozen=True, repr=False)
class Ipv6Interface(_Leaf):
    """An IPv6 interface address with its prefix length: ``2001:db8:1::1/64``.

    >>> a = Ipv6Interface.parse("2001:DB8:1::1/64")
    >>> str(a), a.prefix_length, a.is_link_local
    ('2001:db8:1::1/64', 64, False)
    >>> Ipv6Interface.parse("2001:db8::1/129")
    Traceback (most recent call last):
    ...
    mlag_netconf.errors.ValueFormatError: ipv6-prefix-range: prefix length 129 not in 1..128
    """

    ip: ipaddress.IPv6Address
    prefix_length: int

    def __post_init__(self) -> None:
        if not 1 <= self.prefix_length <= 128:
            raise _bad("ipv6-prefix-range", f"prefix length {self.prefix_length} not in 1..128")

    @classmethod
    def parse_host(cls, value: object) -> Ipv6Interface:
        """An address an interface can own (``ipv6 address``): not multicast, loopback or
        unspecified.

        >>> Ipv6Interface.parse_host("ff02::1/64")
        Traceback (most recent call last):
        ...
        mlag_netconf.errors.ValueFormatError: ipv6-host-address: ff02::1/64 is a multicast ...
        """
        a = cls.parse(value)
        why = not_unicast(a.ip)
        if why:
            raise _bad("ipv6-host-address", f"{a} is {why}, not a host address")
        return a

    @classmethod
    def parse(cls, value: object, default_prefix: int | None = None) -> Ipv6Interface:
        if isinstance(value, Ipv6Interface):
            return value
        text = str(value).strip()
        m = re.fullmatch(r"(\S+)\s+(\d+)", text)  # the CLI form: 2001:db8::1 64
        addr, slash, plen = (m.group(1), "/", m.group(2)) if m else text.partition("/")
        if not slash:
            if default_prefix is None:
                raise _bad("ipv6-interface-format", f"{value!r} needs a prefix length: "
                                                    "2001:db8::1/64")
            return cls(parse_ipv6(addr, "ipv6-interface-format"), default_prefix)
        if not plen.strip().isdigit():
            raise _bad("ipv6-interface-format", f"{value!r}: bad prefix length")
        return cls(parse_ipv6(addr, "ipv6-interface-format"), int(plen))

    @property
    def network(self) -> ipaddress.IPv6Network:
        return ipaddress.IPv6Network(f"{self.ip}/{self.prefix_length}", strict=False)

    @property
    def is_link_local(self) -> bool:
        return self.ip in _FE80

    @property
    def xml_text(self) -> str:
        return str(self.ip)

    def __str__(self) -> str:
        return f"{self.ip}/{self.prefix_length}"



_FE80 = ipaddress.IPv6Network("fe80::/10")


def is_link_local(ip: IPAddress) -> bool:
    """An IPv6 link-local (FE80::/10) address.

    >>> is_link_local(IPv6Address("febf::1")), is_link_local(IPv6Address("fec0::1"))
    (True, False)
    """
    return ip.version == 6 and ip in _FE80


# --------------------------------------------------------------------------- names
_IF_PREFIXES: dict[str, InterfaceType] = {
    "vlanif": InterfaceType.VLANIF,
    "vbdif": InterfaceType.VBDIF,
    "loopback": InterfaceType.LOOPBACK,
}
_IF_RANGES: dict[InterfaceType, tuple[int, int]] = {
    InterfaceType.VLANIF: (1, 4094),
    InterfaceType.VBDIF: (1, 16777215),
    InterfaceType.LOOPBACK: (0, 1023),
}


@dataclass(frozen=True, order=True, repr=False)
class InterfaceName(_Leaf):
    """An interface name: ``Vlanif100``, ``Vbdif10``, ``LoopBack1``.

    Accepts CLI forms (``vlanif 100``, ``interface Vbdif10``, ``loopback1``); the canonical
    form is the huawei-ifm key.

    >>> n = InterfaceName.parse("interface vbdif 10")
    >>> n.text, n.type.value, n.number
    ('Vbdif10', 'Vbdif', 10)
    >>> InterfaceName.parse("LoopBack 0").text
    'LoopBack0'
    >>> InterfaceName.parse("Eth-Trunk1")
    Traceback (most recent call last):
    ...
    mlag_netconf.errors.ValueFormatError: interface-name: 'Eth-Trunk1' ...
    """

    text: str

    @classmethod
    def parse(cls, value: object) -> InterfaceName:
        if isinstance(value, InterfaceName):
            return value
        raw = str(value).strip()
        m = re.fullmatch(r"(?:interface\s+)?([A-Za-z]+)\s*(\d+)", raw, re.IGNORECASE)
        if not m or m.group(1).lower() not in _IF_PREFIXES:
            raise _bad("interface-name", f"{value!r} is not a supported interface name "
                                         "(Vlanif<1-4094>, Vbdif<1-16777215>, LoopBack<0-1023>)")
        kind = _IF_PREFIXES[m.group(1).lower()]
        number = int(m.group(2))
        low, high = _IF_RANGES[kind]
        if not low <= number <= high:
            raise _bad("interface-name", f"{value!r}: {kind.value} number must be {low}..{high}")
        return cls(f"{kind.value}{number}")

    @classmethod
    def of(cls, kind: InterfaceType, number: int) -> InterfaceName:
        """``InterfaceName.of(InterfaceType.VLANIF, 100)`` → ``Vlanif100``."""
        text = f"{kind}{number}"  # a StrEnum formats as its value
        # only an InterfaceType member is taken as the type: a plain "Vlanif" (equal to
        # the member, not it) or anything else goes through parse, which gives the member
        low, high = _IF_RANGES[kind] if type(kind) is InterfaceType else (1, 0)
        if type(number) is not int or not low <= number <= high:
            return cls.parse(text)  # its error names the rule
        name = cls(text)
        object.__setattr__(name, "type", kind)  # what the cached properties give
        object.__setattr__(name, "number", number)
        return name

    @cached_property  # computed once: renders read it often
    def type(self) -> InterfaceType:
        for kind in InterfaceType:
            if self.text.startswith(kind.value) and self.text[len(kind.value):].isdigit():
                return kind
        raise AssertionError(self.text)  # pragma: no cover - guarded by parse

    @cached_property  # computed once: renders read it often
    def number(self) -> int:
        return int(self.text[len(self.type.value):])

    @property
    def xml_text(self) -> str:
        return self.text


#: Interfaces the device has that the library never creates, by CLI prefix (lower case)
#: → canonical prefix: the Eth-Trunk and the CloudEngine Ethernet ports (huawei-ifm
#: ``type`` values ``Eth-Trunk``, ``10GE``, ``25GE``, ``40GE``, ``50GE``, ``100GE``,
#: ``200GE``, ``400GE``; ``GE`` is how a CloudEngine names its GE ports).
_DEVICE_IF_PREFIXES = {p.lower(): p for p in (
    "Eth-Trunk", "GE", "10GE", "25GE", "40GE", "50GE", "100GE", "200GE", "400GE")}
_DEVICE_IF = re.compile(
    rf"(?:interface\s+)?({'|'.join(sorted(_DEVICE_IF_PREFIXES, key=len, reverse=True))})\s*"
    r"(\d+(?:/\d+)*)(?::(\d+))?(?:\.(\d+))?", re.IGNORECASE | re.ASCII)
_OWN_IF = re.compile(r"(?:interface\s+)?(?:vlanif|vbdif|loopback)", re.IGNORECASE)
_TRUNK_IDS = (0, 65535)     # the widest Huawei range; a platform's own bound is the device's
_SUB_NUMBERS = (1, 4096)    # CLI ``interface eth-trunk 10.100``: subnumber 1..4096
_CONNECT_FORMS = ("Vlanif<1-4094>, Vbdif<1-16777215>, LoopBack<0-1023>, "
                  "Eth-Trunk<id>[.<sub>], GE|10GE|25GE|40GE|50GE|100GE|200GE|400GE"
                  "<slot>/<card>/<port>[:<lane>][.<sub>]")


@dataclass(frozen=True, order=True, repr=False)
class DeviceInterfaceName(_Leaf):
    """An interface the device has and the library never creates: an Eth-Trunk or an
    Ethernet port, main interface or L3 sub-interface. Only a ``connect-interface`` names
    one (:func:`parse_connect_interface`); the shared M-LAG interfaces stay
    :class:`InterfaceName` (VLANIF, VBDIF, LoopBack).

    Accepts the CLI forms (``eth-trunk 10.100``, ``interface 100ge 1/0/1.100``); the
    canonical form is the huawei-ifm key.

    >>> n = DeviceInterfaceName.parse("interface 100ge 1/0/1.100")
    >>> n.text, n.kind, n.number, n.sub, str(n.main)
    ('100GE1/0/1.100', '100GE', '1/0/1', 100, '100GE1/0/1')
    >>> DeviceInterfaceName.parse("eth-trunk 10").text
    'Eth-Trunk10'
    >>> DeviceInterfaceName.parse("Eth-Trunk10.0")
    Traceback (most recent call last):
    ...
    mlag_netconf.errors.ValueFormatError: interface-name: 'Eth-Trunk10.0': sub-interface ...
    """

    text: str

    @classmethod
    def parse(cls, value: object) -> DeviceInterfaceName:
        if isinstance(value, DeviceInterfaceName):
            return value
        raw = str(value).strip() if isinstance(value, str | int) else ""
        m = _DEVICE_IF.fullmatch(raw)
        if m is None:
            raise _bad("interface-name", f"{value!r} is not an interface name a "
                                         f"connect-interface takes ({_CONNECT_FORMS})")
        kind = _DEVICE_IF_PREFIXES[m.group(1).lower()]
        parts = [int(p) for p in m.group(2).split("/")]
        if kind == "Eth-Trunk":
            low, high = _TRUNK_IDS
            if len(parts) != 1 or m.group(3) is not None or not low <= parts[0] <= high:
                raise _bad("interface-name", f"{value!r}: an Eth-Trunk is named by one id, "
                                             f"{low}..{high}")
        elif len(parts) not in (3, 4):
            raise _bad("interface-name", f"{value!r}: a {kind} port is numbered "
                                         "<slot>/<card>/<port> (or <chassis>/<slot>/<card>/"
                                         "<port>)")
        number = "/".join(map(str, parts)) + (f":{int(m.group(3))}" if m.group(3) else "")
        text = f"{kind}{number}"
        if m.group(4) is not None:
            sub, (low, high) = int(m.group(4)), _SUB_NUMBERS
            if not low <= sub <= high:
                raise _bad("interface-name", f"{value!r}: sub-interface number must be "
                                             f"{low}..{high}")
            text += f".{sub}"
        if len(text) > 63:  # huawei-ifm: the name is 1..63 characters
            raise _bad("interface-name", f"{value!r}: an interface name is at most 63 "
                                         "characters")
        return cls(text)

    @property
    def kind(self) -> str:
        """The name's prefix: ``Eth-Trunk``, ``GE``, ``10GE`` … ``400GE``."""
        return max((p for p in _DEVICE_IF_PREFIXES.values() if self.text.startswith(p)),
                   key=len)

    @property
    def number(self) -> str:
        """The main interface's number: ``10``, ``1/0/1``, ``1/0/49:1``."""
        return self.text[len(self.kind):].partition(".")[0]

    @property
    def sub(self) -> int | None:
        """The sub-interface number, ``None`` for a main interface."""
        _, dot, sub = self.text.partition(".")
        return int(sub) if dot else None

    @property
    def main(self) -> DeviceInterfaceName:
        """The main interface (itself for a main interface)."""
        return DeviceInterfaceName(self.text.partition(".")[0])

    @property
    def xml_text(self) -> str:
        return self.text


ConnectInterface = InterfaceName | DeviceInterfaceName
"""What a ``connect-interface`` names: an interface the library creates or one the device
has."""


def parse_connect_interface(value: object) -> ConnectInterface:
    """A ``connect-interface``: a VLANIF/VBDIF/LoopBack (:class:`InterfaceName`, every rule
    on those unchanged) or an existing Eth-Trunk / Ethernet port, main or sub-interface
    (:class:`DeviceInterfaceName`).

    >>> parse_connect_interface("vlanif 100"), parse_connect_interface("eth-trunk 10.100")
    (InterfaceName('Vlanif100'), DeviceInterfaceName('Eth-Trunk10.100'))
    >>> parse_connect_interface("Tunnel1")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mlag_netconf.errors.ValueFormatError: interface-name: 'Tunnel1' is not an interface ...
    """
    if isinstance(value, InterfaceName | DeviceInterfaceName):
        return value
    if isinstance(value, str) and _OWN_IF.match(value.strip()):
        return InterfaceName.parse(value)
    return DeviceInterfaceName.parse(value)


@dataclass(frozen=True, repr=False)
class PeerGroupName(_Leaf):
    """A BGP peer-group name: 1..47 characters, no spaces, no ``?``.

    >>> PeerGroupName.parse("LEAF").xml_text
    'LEAF'
    >>> PeerGroupName.parse("my group")
    Traceback (most recent call last):
    ...
    mlag_netconf.errors.ValueFormatError: peer-group-name: 'my group' must be 1..47 ...
    """

    text: str

    @classmethod
    def parse(cls, value: object) -> PeerGroupName:
        if isinstance(value, PeerGroupName):
            return value
        if value is None:
            raise _bad("peer-group-name", "a peer-group name is required (1..47 characters)")
        if not isinstance(value, str | int):
            raise _bad("peer-group-name", f"{value!r}: a peer-group name is text")
        text = str(value)
        if not re.fullmatch(r"[^\s?]{1,47}", text) or not text.isprintable():
            raise _bad("peer-group-name",
                       f"{text!r} must be 1..47 printable characters without spaces or '?'")
        return cls(text)

    @property
    def xml_text(self) -> str:
        return self.text



# --------------------------------------------------------------------------- small words
def parse_bool(value: object) -> bool:
    """``true`` / ``false`` only (YAML ``yes`` or ``1`` are refused, not guessed).

    >>> parse_bool(1)
    Traceback (most recent call last):
    ...
    mlag_netconf.errors.ValueFormatError: boolean: expected true or false, not 1
    """
    if not isinstance(value, bool):
        raise _bad("boolean", f"expected true or false, not {value!r}")
    return value


def parse_device_name(value: object) -> str:
    """A device name: letters, digits, ``.``, ``_`` and ``-``, starting with a letter or a
    digit (it names files and directories: ``../x`` is refused).

    >>> parse_device_name("CE-1")
    'CE-1'
    >>> parse_device_name("../x")
    Traceback (most recent call last):
    ...
    mlag_netconf.errors.ValueFormatError: device-name: '../x': letters, digits, '.', '_' ...
    """
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", value):
        raise _bad("device-name", f"{value!r}: letters, digits, '.', '_' and '-' only")
    return value


def parse_mlag_role(value: object) -> MlagRole:
    """``master`` or ``backup``.

    >>> parse_mlag_role("backup")
    <MlagRole.BACKUP: 'backup'>
    """
    try:
        return MlagRole(str(value))
    except ValueError:
        raise _bad("mlag-role", f"{value!r}: master or backup") from None


def parse_mlag_mode(value: object) -> MlagMode:
    """``dual-active`` or ``active-standby``.

    >>> parse_mlag_mode("sideways")
    Traceback (most recent call last):
    ...
    mlag_netconf.errors.ValueFormatError: mlag-mode: 'sideways': dual-active or active-standby
    """
    text = str(value)
    try:
        return MlagMode(text)
    except ValueError:
        raise _bad("mlag-mode", f"{text!r}: dual-active or active-standby") from None


def coerce(parser: Callable[[Any], T], value: object, path: str) -> T:
    """Run ``parser(value)``, putting ``path`` into any :class:`ValueFormatError`."""
    try:
        return parser(value)
    except ValueFormatError as e:
        raise ValueFormatError(path, e.rule, e.message) from None
