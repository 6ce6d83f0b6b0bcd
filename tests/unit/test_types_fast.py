"""The typed leaves' fast paths (render speed, issue 7) against the general ones.

A large intent parses thousands of addresses, names and MACs, so the usual forms take a
short path (integer checks instead of ``ipaddress`` networks, no regex where the kind and
number are known). Each short path must answer exactly what the general path, or the
standard library, answers for the same input: these tests hold them together over
generated families of inputs, not examples.
"""

from __future__ import annotations

import dataclasses
import ipaddress
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from mlag_netconf.enums import InterfaceType
from mlag_netconf.errors import MlagNetconfError, ValueFormatError
from mlag_netconf.model import Interface, Peer
from mlag_netconf.types import (
    InterfaceName,
    Ipv4Interface,
    MacAddress,
    cached_property,
    not_unicast,
)

_CLASS_E = ipaddress.IPv4Network("240.0.0.0/4")


def _not_unicast_by_networks(ip: ipaddress.IPv4Address) -> str | None:
    """The answer ``not_unicast`` gave before its bit arithmetic: the stdlib's networks."""
    if ip.is_unspecified:
        return "the unspecified address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_loopback:
        return "a loopback address"
    if ip in _CLASS_E:
        return ("the limited broadcast address" if int(ip) == 0xFFFFFFFF else
                "a reserved (class E) address")
    return None


_EDGES = [0, 1, 0x7F000000, 0x7FFFFFFF, 0x80000000, 0xDFFFFFFF, 0xE0000000, 0xEFFFFFFF,
          0xF0000000, 0xFFFFFFFE, 0xFFFFFFFF]


@settings(max_examples=500)
@given(st.sampled_from(_EDGES) | st.integers(0, 0xFFFFFFFF))
def test_not_unicast_v4_agrees_with_the_stdlib_networks(bits: int) -> None:
    ip = ipaddress.IPv4Address(bits)
    assert not_unicast(ip) == _not_unicast_by_networks(ip)


def _outcome(text: str) -> tuple[str, object]:
    try:
        a = Ipv4Interface.parse(text)
    except ValueFormatError as e:
        return "error", e.rule
    return "ok", (a.ip, a.prefix_length, a.xml_text, str(a), a.mask, a.network)


def _reference(octets: str, length: str) -> tuple[str, object]:
    """What ``a.b.c.d/len`` must give, from ``ipaddress`` alone."""
    try:
        ip = ipaddress.IPv4Address(octets)
    except ValueError:
        return "error", "ipv4-interface-format"
    n = int(length)
    if not 1 <= n <= 32:
        return "error", "ipv4-prefix-range"
    net = ipaddress.IPv4Network((int(ip), n), strict=False)
    if _not_unicast_by_networks(ip) or (n < 31 and ip in (net.network_address,
                                                          net.broadcast_address)):
        return "error", "ipv4-host-address"
    return "ok", (ip, n, str(ip), f"{ip}/{n}", str(net.netmask), net)


_OCTET = st.one_of(st.integers(0, 255).map(str), st.sampled_from(["00", "01", "010", "256",
                                                                  "999", "0255"]))


@settings(max_examples=1000)
# an octet of 256 in each place: read as a number it would carry into the octet before
# (10.1.1.256/16 is 10.1.2.0/16, a host), so the short path must refuse it as text does
@example(["256", "1", "1", "1"], "8", "/")
@example(["10", "256", "1", "1"], "8", "/")
@example(["10", "1", "256", "1"], "16", "/")
@example(["10", "1", "1", "256"], "16", "/")
@example(["10", "255", "255", "254"], "8", "/")  # 255 itself is an octet
@given(st.lists(_OCTET, min_size=4, max_size=4), st.integers(0, 40).map(str)
       | st.sampled_from(["00", "08"]), st.sampled_from(["/", " / ", "/ "]))
def test_ipv4_interface_fast_path_agrees_with_ipaddress(octets: list[str], length: str,
                                                        slash: str) -> None:
    """Leading zeros, octets over 255, prefix lengths 0..40 (with a leading zero), spaces
    around the slash: the same address or the same rule as the general parse."""
    text = ".".join(octets)
    assert _outcome(f"{text}{slash}{length}") == _reference(text, length)


@settings(max_examples=300)
@given(st.integers(0, 0xFFFFFFFF), st.integers(1, 32))
def test_ipv4_interface_slash_and_mask_forms_are_one_value(bits: int, length: int) -> None:
    """``a.b.c.d/len`` (the short path) and ``a.b.c.d mask`` (the general one) agree on
    the value, its texts and every refusal."""
    ip = ipaddress.IPv4Address(bits)
    mask = ipaddress.IPv4Network(f"0.0.0.0/{length}").netmask
    assert _outcome(f"{ip}/{length}") == _outcome(f"{ip} {mask}")


@settings(max_examples=300)
@given(st.integers(0, 0xFFFFFFFF), st.integers(1, 30), st.booleans())
def test_a_subnet_edge_is_refused_saying_which_edge(bits: int, length: int,
                                                    broadcast: bool) -> None:
    """The network or broadcast address of a /1../30 subnet: refused with the edge and
    the subnet named, the same by the slash form (short path) and the mask form."""
    net = ipaddress.IPv4Network((bits, length), strict=False)
    ip = net.broadcast_address if broadcast else net.network_address
    if _not_unicast_by_networks(ip):  # refused as not unicast first
        return
    edge = "broadcast" if broadcast else "network"
    for text in (f"{ip}/{length}", f"{ip} {net.netmask}"):
        with pytest.raises(ValueFormatError) as info:
            Ipv4Interface.parse(text)
        assert (info.value.rule, info.value.message) == (
            "ipv4-host-address", f"{ip}/{length} is the {edge} address of {net}, "
                                 "not a host address")


def test_ipv4_interface_made_by_either_path_is_a_frozen_value() -> None:
    fast = Ipv4Interface.parse("10.1.1.1/24")
    general = Ipv4Interface.parse("10.1.1.1 255.255.255.0")
    assert fast == general
    assert hash(fast) == hash(general)
    assert fast.xml_text == general.xml_text == "10.1.1.1"
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.ip = ipaddress.IPv4Address("10.1.1.2")  # type: ignore[misc]
    assert repr(fast) == "Ipv4Interface('10.1.1.1/24')"
    assert dataclasses.replace(fast, prefix_length=16).network == ipaddress.IPv4Network(
        "10.1.0.0/16")


_KIND_NOT_A_MEMBER = st.sampled_from(["Vlanif", "Vbdif", "LoopBack", "vlanif", "Tunnel", "",
                                      5, None, ("Vlanif",), ["Vlanif"]])


@settings(max_examples=300)
@example("Vlanif", 1)  # equal to the member (a StrEnum), not the member
@example("Tunnel", 1)
@example(["Vlanif"], 5)  # not even hashable
@given(st.sampled_from(list(InterfaceType)) | _KIND_NOT_A_MEMBER,
       st.integers(-2, 20000) | st.sampled_from([0, 1, 1023, 1024, 4094, 4095, 16777215,
                                                  16777216]) | st.booleans())
def test_interface_name_of_agrees_with_parse(kind: Any, number: int) -> None:
    """``of`` (no regex for a kind and number in range) names the same interface as
    parsing its text, or refuses it with the same rule and message; a kind that is not an
    ``InterfaceType`` member (the text ``"Vlanif"``, an unhashable list) is read as text,
    so the name's ``type`` is always the member."""
    text = f"{kind}{number}"
    try:
        expected = InterfaceName.parse(text)
    except ValueFormatError as e:
        refused = (e.rule, e.message)
        with pytest.raises(ValueFormatError) as info:
            InterfaceName.of(kind, number)
        assert (info.value.rule, info.value.message) == refused
        return
    made = InterfaceName.of(kind, number)
    assert made == expected
    assert (made.text, made.type, made.number) == (expected.text, expected.type,
                                                   expected.number)
    assert type(made.type) is InterfaceType
    assert made.type is expected.type


_HEX = st.text("0123456789abcdefABCDEF", min_size=12, max_size=12)


@settings(max_examples=300)
@given(_HEX, st.sampled_from(["-4", ".4", ":2", "-2"]), st.booleans())
def test_mac_forms_are_one_value(hex12: str, form: str, upper: bool) -> None:
    """The canonical lower-case form (the short path) and every other form agree."""
    sep, width = form[0], int(form[1])
    text = sep.join(hex12[i:i + width] for i in range(0, 12, width))
    text = text.upper() if upper else text.lower()
    canonical = "-".join(hex12.lower()[i:i + 4] for i in range(0, 12, 4))
    assert MacAddress.parse(text) == MacAddress.parse(canonical)
    assert MacAddress.parse(text).xml_text == canonical


@settings(max_examples=100)
@given(st.integers() | st.floats(allow_nan=False) | st.none() | st.binary(max_size=12)
       | st.booleans())
def test_a_mac_that_is_not_text_is_a_typed_error(value: object) -> None:
    """The short path reads only text: anything else goes the general way and is refused
    by name, never a raw error from the regex."""
    with pytest.raises(ValueFormatError) as info:
        MacAddress.parse(value)
    assert (info.value.rule, info.value.message) == (
        "mac-format", f"{value!r} is not a MAC address (use 0000-5e00-0101, "
                      "00:00:5e:00:01:01 or 0000.5e00.0101)")


def test_cached_property_computes_once_and_keeps_the_value_on_the_instance() -> None:
    calls: list[int] = []

    @dataclasses.dataclass(frozen=True)
    class Leaf:
        value: int

        @cached_property
        def double(self) -> int:
            """Twice the value."""
            calls.append(self.value)
            return 2 * self.value

    leaf = Leaf(3)
    assert (leaf.double, leaf.double) == (6, 6)
    assert calls == [3]
    assert Leaf.double.__doc__ == "Twice the value."
    assert Leaf.double.name == "double"
    assert Leaf(3) == leaf  # the cached value is not a field
    with pytest.raises(dataclasses.FrozenInstanceError):
        leaf.value = 4  # type: ignore[misc]


def test_cached_property_set_on_a_class_afterwards_knows_its_name() -> None:
    """Set on a class after its body (no ``__set_name__`` call), it is named after the
    function, like ``property``: the value is still stored under that name."""
    @dataclasses.dataclass(frozen=True)
    class Leaf:
        value: int

    calls: list[int] = []

    def triple(self: Leaf) -> int:
        calls.append(self.value)
        return 3 * self.value

    prop: cached_property[Leaf, int] = cached_property(triple)
    assert prop.name == "triple"
    Leaf.triple = prop  # type: ignore[attr-defined]
    leaf = Leaf(2)
    assert (leaf.triple, leaf.triple) == (6, 6)  # type: ignore[attr-defined]
    assert calls == [2]  # computed once, then read from the instance


_IFACE_NAME = {"name": st.sampled_from(["Vlanif100", "vbdif 10", "LoopBack0", "Eth-Trunk1", 7])}
_IFACE_VALUES = {
    "vni": st.sampled_from([None, 5010, "x", 0]),
    "ipv4": st.sampled_from([None, "10.1.1.1/24", "10.1.1.0/24", "10.1.1.1 255.255.255.0"]),
    "ipv4_secondary": st.sampled_from([(), ["10.1.2.1/24"], "10.1.3.1/24", None]),
    "virtual_mac": st.sampled_from([None, "0000-5e00-0101", "ffff-ffff-ffff"]),
    "mlag_ipv4": st.sampled_from([None, "10.1.1.2", "10.1.1.2/24", ["1.1.1.1", "2.2.2.2"]]),
    "route_proxy_arp": st.sampled_from([False, True, "yes"]),
    "ipv6_enable": st.sampled_from([False, True]),
    "ipv6": st.sampled_from([(), ["2001:db8::1/64"], ["ff02::1/64"]]),
    "nd_proxy_route": st.sampled_from([None, "on", "prune", "sideways"]),
    "mlag_ipv6": st.sampled_from([None, "2001:db8::2", "2001:db8::2/64"]),
    "vpn_instance": st.sampled_from(["_public_", 5]),
}


def _made(make: Callable[[], Interface]) -> tuple[str, object]:
    try:
        obj = make()
    except MlagNetconfError as e:
        return "error", (type(e), str(e), vars(e))
    return "ok", tuple((f.name, getattr(obj, f.name)) for f in dataclasses.fields(obj))


@settings(max_examples=400)
@given(st.fixed_dictionaries(_IFACE_NAME, optional=_IFACE_VALUES))
def test_interface_made_directly_is_what_the_dataclass_init_makes(kwargs: dict[str, Any]
                                                                  ) -> None:
    """A keywords-only ``Interface(...)`` fills its fields in one step: the same fields,
    or the same error, as the dataclass's own ``__init__`` followed by its checks."""
    assert Interface.__init__.fills_fields_directly  # type: ignore[attr-defined]
    raw = Interface.__init__.__wrapped__  # type: ignore[attr-defined]

    def by_dataclass_init() -> Interface:
        obj = object.__new__(Interface)
        raw(obj, **kwargs)
        return obj

    assert _made(lambda: Interface(**kwargs)) == _made(by_dataclass_init)


def test_only_a_dataclass_generated_init_is_filled_directly() -> None:
    """``Peer`` writes its own ``__init__`` (positional address, families default): the
    direct fill would skip it, so it is not used there."""
    assert not Peer.__init__.fills_fields_directly  # type: ignore[attr-defined]
    assert Peer("10.1.1.1", families=None).families == ()
