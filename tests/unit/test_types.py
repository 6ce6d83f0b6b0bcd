"""Typed leaves: parsing (CLI forms included), canonical text, XML text and range checks."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

import pytest

from mlag_netconf.enums import InterfaceType
from mlag_netconf.errors import MlagNetconfError, ValidationError, ValueFormatError
from mlag_netconf.types import (
    AsNumber,
    BdId,
    DeviceInterfaceName,
    EbgpMaxHop,
    InterfaceName,
    Ipv4Interface,
    Ipv6Interface,
    MacAddress,
    PeerGroupName,
    RouterId,
    VlanId,
    Vni,
    coerce,
    not_unicast,
    parse_connect_interface,
    parse_device_name,
    parse_ip,
    parse_ipv4,
    parse_ipv6,
    parse_mlag_mode,
    parse_mlag_role,
    parse_unicast_ip,
)

try:
    from hypothesis import given
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is not in the dev extra yet
    HAVE_HYPOTHESIS = False
else:
    HAVE_HYPOTHESIS = True


def rejects(parse: Callable[[object], object], value: object, rule: str) -> ValueFormatError:
    """``parse(value)`` raises a ValueFormatError for ``rule`` (returned for more checks)."""
    with pytest.raises(ValueFormatError) as info:
        parse(value)
    err = info.value
    assert err.rule == rule, str(err)
    assert isinstance(err, ValidationError)
    assert isinstance(err, MlagNetconfError)
    assert isinstance(err, ValueError)
    return err


# --------------------------------------------------------------------------- integers
@pytest.mark.parametrize(("value", "expected"), [
    (1, 1), (4094, 4094), ("100", 100), (" 100 ", 100), ("0100", 100)])
def test_vlan_id_accepted(value: object, expected: int) -> None:
    vlan = VlanId.parse(value)
    assert vlan.value == expected
    assert int(vlan) == expected
    assert vlan.xml_text == str(expected)
    assert str(vlan) == str(expected)
    assert repr(vlan) == f"VlanId({expected})"


@pytest.mark.parametrize("value", [0, 4095, -1, 65536, "4095", "0"])
def test_vlan_id_out_of_range(value: object) -> None:
    err = rejects(VlanId.parse, value, "vlan-id-range")
    assert "1..4094" in err.message


@pytest.mark.parametrize("value", [True, False, 1.0, "1.5", "abc", "", None, [100]])
def test_vlan_id_not_an_integer(value: object) -> None:
    err = rejects(VlanId.parse, value, "vlan-id-range")
    assert "must be an integer" in err.message


def test_vlan_id_constructor_checks_too() -> None:
    with pytest.raises(ValueFormatError):
        VlanId(4095)
    assert VlanId.parse(VlanId(7)) == VlanId(7)
    assert VlanId(7) < VlanId(8)


@pytest.mark.parametrize(("cls", "rule"), [(BdId, "bd-id-range"), (Vni, "vni-range")])
def test_bd_and_vni_ranges(cls: type[BdId] | type[Vni], rule: str) -> None:
    assert cls.parse(1).value == 1
    assert cls.parse("16777215").value == 16777215
    assert cls.parse(16777215).xml_text == "16777215"
    rejects(cls.parse, 0, rule)
    rejects(cls.parse, 16777216, rule)
    rejects(cls.parse, "ten", rule)


def test_vni_and_bd_are_different_types() -> None:
    assert Vni(10) != BdId(10)  # type: ignore[comparison-overlap]
    assert repr(Vni(5010)) == "Vni(5010)"
    assert repr(BdId(10)) == "BdId(10)"


@pytest.mark.parametrize(("value", "expected"), [
    (None, 255), (True, 255), (1, 1), (255, 255), ("10", 10)])
def test_ebgp_max_hop(value: object, expected: int) -> None:
    assert EbgpMaxHop.parse(value).value == expected


@pytest.mark.parametrize("value", [0, 256, False, "x"])
def test_ebgp_max_hop_rejected(value: object) -> None:
    rejects(EbgpMaxHop.parse, value, "ebgp-max-hop-range")


# --------------------------------------------------------------------------- MAC
@pytest.mark.parametrize("text", [
    "0000-5e00-0101", "00:00:5E:00:01:01", "00:00:5e:00:01:01", "0000.5e00.0101",
    "0000.5E00.0101", "0000-5E00-0101", "00-00-5e-00-01-01", " 0000-5e00-0101 "])
def test_mac_forms(text: str) -> None:
    mac = MacAddress.parse(text)
    assert mac.xml_text == "0000-5e00-0101"
    assert str(mac) == "0000-5e00-0101"
    assert repr(mac) == "MacAddress('0000-5e00-0101')"
    assert mac == MacAddress.parse("0000-5e00-0101")
    assert hash(mac) == hash(MacAddress.parse("0000-5e00-0101"))
    assert MacAddress.parse(mac) is mac


@pytest.mark.parametrize("text", [
    "0000-5e00-01", "0000-5e00-0101-0000", "00:00:5e:00:01", "00:00:5e:00:01:01:02",
    "gggg-5e00-0101", "0000_5e00_0101", "0000 5e00 0101", "", "0000-5e00-01010",
    "0:0:5e:0:1:1"])
def test_mac_bad(text: str) -> None:
    err = rejects(MacAddress.parse, text, "mac-format")
    assert repr(text) in err.message
    assert "0000-5e00-0101" in err.message  # the message shows the accepted forms


def test_mac_multicast_bit() -> None:
    assert MacAddress.parse("0100-5e00-0001").is_multicast
    assert not MacAddress.parse("0000-5e00-0101").is_multicast
    assert MacAddress.parse("ffff-ffff-ffff").is_multicast


# --------------------------------------------------------------------------- AS numbers
@pytest.mark.parametrize(("text", "value", "xml"), [
    ("1", 1, "1"), ("65001", 65001, "65001"), (65001, 65001, "65001"),
    ("4294967295", 4294967295, "4294967295"), ("1.10", 65546, "1.10"),
    ("1.0", 65536, "1.0"), ("0001.0010", 65546, "1.10"), ("65535.65535", 4294967295,
                                                          "65535.65535"),
    (" 1.100 ", 65636, "1.100"), ("65535", 65535, "65535")])
def test_as_number_accepted(text: object, value: int, xml: str) -> None:
    asn = AsNumber.parse(text)
    assert asn.value == value
    assert asn.xml_text == xml
    assert str(asn) == xml
    assert repr(asn) == f"AsNumber({xml!r})"


@pytest.mark.parametrize(("text", "rule"), [
    ("0", "as-number-range"), (0, "as-number-range"), ("0.5", "as-number-range"),
    ("0.0", "as-number-range"), ("65536.1", "as-number-range"),
    ("1.65536", "as-number-range"), ("4294967296", "as-number-range"),
    (4294967296, "as-number-range"), ("-1", "as-number-format"), ("abc", "as-number-format"),
    ("1.2.3", "as-number-format"), ("", "as-number-format"), ("1.", "as-number-format"),
    (1.1, "as-number-format"), (65001.0, "as-number-format"), (True, "as-number-format"),
    ("AS65001", "as-number-format")])
def test_as_number_rejected(text: object, rule: str) -> None:
    rejects(AsNumber.parse, text, rule)


def test_as_number_float_message_explains() -> None:
    err = rejects(AsNumber.parse, 1.1, "as-number-format")
    assert "string" in err.message


def test_as_dot_and_plain_are_the_same_as() -> None:
    dot, plain = AsNumber.parse("1.10"), AsNumber.parse(65546)
    assert dot == plain
    assert hash(dot) == hash(plain)
    assert len({dot, plain}) == 1
    assert dot.xml_text == "1.10"
    assert plain.xml_text == "65546"
    assert plain.asdot == "1.10"
    assert AsNumber.parse("1.10") != AsNumber.parse("1.1")
    assert AsNumber.parse("65001").asdot == "65001"
    assert AsNumber.parse(dot) is dot
    assert (dot == "1.10") is False


def test_as_number_constructor_checks_range() -> None:
    with pytest.raises(ValueFormatError):
        AsNumber(0)
    with pytest.raises(ValueFormatError):
        AsNumber(4294967296)


# --------------------------------------------------------------------------- addresses
def test_router_id() -> None:
    rid = RouterId.parse(" 1.1.1.1 ")
    assert rid.xml_text == "1.1.1.1"
    assert rid.address == ipaddress.IPv4Address("1.1.1.1")
    assert repr(rid) == "RouterId('1.1.1.1')"
    assert RouterId.parse(rid) is rid
    assert RouterId.parse("1.1.1.1") == rid
    for bad in ("2001:db8::1", "1.1.1", "256.1.1.1", "1.1.1.1/32", "", "router"):
        rejects(RouterId.parse, bad, "router-id-ipv4")


@pytest.mark.parametrize(("text", "ip", "length", "mask"), [
    ("10.1.1.1/24", "10.1.1.1", 24, "255.255.255.0"),
    ("10.1.1.1 255.255.255.0", "10.1.1.1", 24, "255.255.255.0"),
    ("10.1.1.1/255.255.255.0", "10.1.1.1", 24, "255.255.255.0"),
    ("10.1.1.1 / 24", "10.1.1.1", 24, "255.255.255.0"),
    ("1.1.1.1/32", "1.1.1.1", 32, "255.255.255.255"),
    ("1.1.1.1 255.255.255.255", "1.1.1.1", 32, "255.255.255.255"),
    ("10.1.1.1/8", "10.1.1.1", 8, "255.0.0.0"),
    ("10.1.1.1/255.255.128.0", "10.1.1.1", 17, "255.255.128.0"),
    ("10.9.9.0/31", "10.9.9.0", 31, "255.255.255.254"),
    ("10.1.1.0/31", "10.1.1.0", 31, "255.255.255.254")])
def test_ipv4_interface(text: str, ip: str, length: int, mask: str) -> None:
    a = Ipv4Interface.parse(text)
    assert str(a.ip) == ip
    assert a.prefix_length == length
    assert a.mask == mask  # huawei-ip wants the dotted mask
    assert a.xml_text == ip
    assert str(a) == f"{ip}/{length}"
    assert a.network == ipaddress.IPv4Network(f"{ip}/{length}", strict=False)
    assert Ipv4Interface.parse(str(a)) == a


def test_ipv4_interface_mask_forms_are_equal() -> None:
    forms = ("10.1.1.1/24", "10.1.1.1 255.255.255.0", "10.1.1.1/255.255.255.0",
             ipaddress.IPv4Interface("10.1.1.1/24"))
    assert len({Ipv4Interface.parse(f) for f in forms}) == 1


@pytest.mark.parametrize(("text", "rule"), [
    ("10.1.1.1/255.0.255.0", "ipv4-mask-contiguous"),
    ("10.1.1.1 255.255.255.1", "ipv4-mask-contiguous"),
    ("10.1.1.1/0.255.255.255", "ipv4-mask-contiguous"),
    ("10.1.1.1/33", "ipv4-prefix-range"), ("10.1.1.1/99", "ipv4-prefix-range"),
    ("10.1.1.1/255.255.255.256", "ipv4-mask-format"), ("10.1.1.1/abc", "ipv4-mask-format"),
    ("10.1.1.1", "ipv4-interface-format"), ("10.1.1.1/", "ipv4-interface-format"),
    ("10.1.1/24", "ipv4-interface-format"), ("2001:db8::1/64", "ipv4-interface-format"),
    ("", "ipv4-interface-format")])
def test_ipv4_interface_rejected(text: str, rule: str) -> None:
    rejects(Ipv4Interface.parse, text, rule)


@pytest.mark.parametrize(("text", "ip", "length", "link_local"), [
    ("2001:db8:1::1/64", "2001:db8:1::1", 64, False),
    ("2001:DB8:1:0:0:0:0:1/64", "2001:db8:1::1", 64, False),
    ("2001:db8::1/128", "2001:db8::1", 128, False),
    ("2001:db8::/1", "2001:db8::", 1, False),
    ("fe80::1/64", "fe80::1", 64, True),
    ("FE80::1:2/10", "fe80::1:2", 10, True),
    ("febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff/64", "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
     64, True),
    ("fec0::1/64", "fec0::1", 64, False),
    ("fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff/64", "fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
     64, False)])
def test_ipv6_interface(text: str, ip: str, length: int, link_local: bool) -> None:
    a = Ipv6Interface.parse(text)
    assert (str(a.ip), a.prefix_length, a.is_link_local) == (ip, length, link_local)
    assert a.xml_text == ip
    assert str(a) == f"{ip}/{length}"
    assert a.network == ipaddress.IPv6Network(f"{ip}/{length}", strict=False)


def test_ipv6_interface_default_prefix() -> None:
    assert Ipv6Interface.parse("2001:db8:1::2", default_prefix=64).prefix_length == 64
    assert Ipv6Interface.parse("2001:db8:1::2/96", default_prefix=64).prefix_length == 96
    rejects(Ipv6Interface.parse, "2001:db8:1::2", "ipv6-interface-format")


@pytest.mark.parametrize(("text", "rule"), [
    ("2001:db8::1/0", "ipv6-prefix-range"), ("2001:db8::1/129", "ipv6-prefix-range"),
    ("2001:db8::1/abc", "ipv6-interface-format"), ("2001:db8::1/", "ipv6-interface-format"),
    ("2001:db8::g/64", "ipv6-interface-format"), ("10.1.1.1/24", "ipv6-interface-format"),
    ("fe80::1%eth0/64", "ipv6-interface-format")])
def test_ipv6_interface_rejected(text: str, rule: str) -> None:
    rejects(Ipv6Interface.parse, text, rule)


def test_plain_address_parsers() -> None:
    assert parse_ipv4(" 10.1.1.1 ") == ipaddress.IPv4Address("10.1.1.1")
    assert parse_ipv6("2001:DB8::1") == ipaddress.IPv6Address("2001:db8::1")
    assert parse_ip("10.1.1.1").version == 4
    assert parse_ip("2001:db8::1").version == 6
    rejects(parse_ipv4, "2001:db8::1", "ipv4-format")
    rejects(parse_ipv4, "10.1.1.1/24", "ipv4-format")
    rejects(parse_ipv6, "10.1.1.1", "ipv6-format")
    rejects(parse_ipv6, "fe80::1%eth0", "ipv6-format")
    rejects(parse_ip, "10.1.1", "ip-format")
    rejects(lambda v: parse_ipv4(v, "my-rule"), "x", "my-rule")


# --------------------------------------------------------------------------- names
@pytest.mark.parametrize(("text", "canonical", "kind", "number"), [
    ("Vlanif100", "Vlanif100", InterfaceType.VLANIF, 100),
    ("vlanif 100", "Vlanif100", InterfaceType.VLANIF, 100),
    ("VLANIF100", "Vlanif100", InterfaceType.VLANIF, 100),
    ("interface Vlanif 100", "Vlanif100", InterfaceType.VLANIF, 100),
    ("  interface   vlanif100 ", "Vlanif100", InterfaceType.VLANIF, 100),
    ("Vlanif1", "Vlanif1", InterfaceType.VLANIF, 1),
    ("Vlanif4094", "Vlanif4094", InterfaceType.VLANIF, 4094),
    ("Vbdif10", "Vbdif10", InterfaceType.VBDIF, 10),
    ("interface vbdif 10", "Vbdif10", InterfaceType.VBDIF, 10),
    ("vbdif16777215", "Vbdif16777215", InterfaceType.VBDIF, 16777215),
    ("LoopBack1", "LoopBack1", InterfaceType.LOOPBACK, 1),
    ("loopback 0", "LoopBack0", InterfaceType.LOOPBACK, 0),
    ("LOOPBACK1023", "LoopBack1023", InterfaceType.LOOPBACK, 1023)])
def test_interface_name(text: str, canonical: str, kind: InterfaceType, number: int) -> None:
    name = InterfaceName.parse(text)
    assert name.text == canonical
    assert name.xml_text == canonical
    assert str(name) == canonical
    assert repr(name) == f"InterfaceName({canonical!r})"
    assert name.type is kind
    assert name.number == number
    assert name == InterfaceName.of(kind, number)
    assert InterfaceName.parse(name) is name


@pytest.mark.parametrize("text", [
    "Vlanif0", "Vlanif4095", "Vbdif0", "Vbdif16777216", "LoopBack1024", "Eth-Trunk1",
    "GE1/0/1", "10GE1/0/1", "Vlanif", "100", "", "Vlanif-1", "Vlanif1.5", "Tunnel1",
    "interface"])
def test_interface_name_rejected(text: str) -> None:
    rejects(InterfaceName.parse, text, "interface-name")


def test_interface_names_sort_and_hash() -> None:
    names = {InterfaceName.parse("vlanif 100"), InterfaceName.parse("Vlanif100")}
    assert len(names) == 1
    assert InterfaceName.parse("LoopBack1") < InterfaceName.parse("Vlanif1")


@pytest.mark.parametrize("text", [
    "LEAF", "a", "x" * 47, "Leaf-Group_1.2", "g#1", "组"])
def test_peer_group_name(text: str) -> None:
    name = PeerGroupName.parse(text)
    assert name.text == text
    assert name.xml_text == text
    assert str(name) == text
    assert repr(name) == f"PeerGroupName({text!r})"
    assert PeerGroupName.parse(name) is name


@pytest.mark.parametrize("text", [
    "x" * 48, "", "my group", " LEAF", "LEAF ", "a?b", "?", "tab\tname", "new\nline"])
def test_peer_group_name_rejected(text: str) -> None:
    err = rejects(PeerGroupName.parse, text, "peer-group-name")
    assert "1..47" in err.message


def test_peer_group_name_rejects_none() -> None:
    rejects(PeerGroupName.parse, None, "peer-group-name")


# --------------------------------------------------------------------------- coerce
def test_coerce_puts_the_path_in_front() -> None:
    with pytest.raises(ValueFormatError) as info:
        coerce(VlanId.parse, 5000, "interface.id")
    assert str(info.value) == "interface.id: vlan-id-range: VLAN id 5000 is out of range 1..4094"
    assert coerce(VlanId.parse, "5", "interface.id") == VlanId(5)


# --------------------------------------------------------------------------- properties
if HAVE_HYPOTHESIS:
    HEX = "0123456789abcdef"

    @given(st.integers(min_value=1, max_value=4294967295))
    def test_as_plain_dot_round_trip(value: int) -> None:
        plain = AsNumber.parse(str(value))
        dot = AsNumber.parse(plain.asdot)
        assert dot == plain
        assert dot.value == value
        assert AsNumber.parse(dot.xml_text) == plain
        assert AsNumber.parse(plain.xml_text).xml_text == str(value)

    @given(st.integers(min_value=1, max_value=65535), st.integers(min_value=0, max_value=65535))
    def test_as_dot_value(high: int, low: int) -> None:
        asn = AsNumber.parse(f"{high}.{low}")
        assert asn.value == high * 65536 + low
        assert asn.xml_text == f"{high}.{low}"
        assert asn == AsNumber.parse(high * 65536 + low)

    @given(st.integers(min_value=65536, max_value=10**12) | st.just(0),
           st.integers(min_value=0, max_value=65535))
    def test_as_dot_high_part_out_of_range(high: int, low: int) -> None:
        rejects(AsNumber.parse, f"{high}.{low}", "as-number-range")

    @given(st.text(alphabet=HEX, min_size=12, max_size=12),
           st.sampled_from(["dash", "colon", "dot", "dash6"]), st.booleans())
    def test_mac_forms_round_trip(hex12: str, form: str, upper: bool) -> None:
        h = hex12.upper() if upper else hex12
        pairs = [h[i:i + 2] for i in range(0, 12, 2)]
        quads = [h[i:i + 4] for i in range(0, 12, 4)]
        text = {"dash": "-".join(quads), "colon": ":".join(pairs), "dot": ".".join(quads),
                "dash6": "-".join(pairs)}[form]
        mac = MacAddress.parse(text)
        assert mac.xml_text == "-".join(q.lower() for q in quads)
        assert MacAddress.parse(mac.xml_text) == mac

    @given(st.integers(min_value=0, max_value=2**32 - 1), st.integers(min_value=0, max_value=32))
    def test_ipv4_mask_and_length_agree(ip: int, length: int) -> None:
        address = ipaddress.IPv4Address(ip)
        net = ipaddress.IPv4Network(f"{address}/{length}", strict=False)
        host = length >= 1 and not_unicast(address) is None and (
            length >= 31 or address not in (net.network_address, net.broadcast_address))
        if not host:  # /0, network, broadcast, multicast...: not an interface address
            with pytest.raises(ValueFormatError) as info:
                Ipv4Interface.parse(f"{address}/{length}")
            assert info.value.rule in {"ipv4-host-address", "ipv4-prefix-range"}
            return
        by_len = Ipv4Interface.parse(f"{address}/{length}")
        by_mask = Ipv4Interface.parse(f"{address} {by_len.mask}")
        assert by_mask == by_len
        assert by_len.network.prefixlen == length

    @given(st.integers(min_value=1, max_value=2**32 - 2))
    def test_non_contiguous_masks_rejected(mask: int) -> None:
        contiguous = {(0xFFFFFFFF << (32 - n)) & 0xFFFFFFFF for n in range(33)}
        text = str(ipaddress.IPv4Address(mask))
        if mask in contiguous:
            assert Ipv4Interface.parse(f"10.0.0.1 {text}").mask == text
        else:
            rejects(Ipv4Interface.parse, f"10.0.0.1 {text}", "ipv4-mask-contiguous")


# --------------------------------------------------------------------------- messages
_ZONED = ipaddress.IPv6Address("fe80::1%eth0")


@pytest.mark.parametrize(("build", "rule", "message"), [
    (lambda: VlanId(True), "vlan-id-range", "VLAN id must be an integer, not True"),
    (lambda: VlanId("5"),  # type: ignore[arg-type]  # the constructor checks its type
     "vlan-id-range", "VLAN id must be an integer, not '5'"),
    (lambda: VlanId.parse("x"), "vlan-id-range", "VLAN id must be an integer, not 'x'"),
    (lambda: MacAddress.parse("0000-5e00-01"), "mac-format",
     "'0000-5e00-01' is not a MAC address (use 0000-5e00-0101, 00:00:5e:00:01:01 or "
     "0000.5e00.0101)"),
    (lambda: MacAddress.parse_unicast("0100-5e00-0001"), "mac-unicast",
     "0100-5e00-0001 is a multicast (or broadcast) MAC address"),
    (lambda: MacAddress.parse_unicast("0000-0000-0000"), "mac-unicast",
     "0000-0000-0000 is the all-zero MAC address"),
    (lambda: AsNumber(0), "as-number-range", "AS 0 is out of range 1..4294967295"),
    (lambda: AsNumber.parse(1.1), "as-number-format",
     "AS 1.1: write a dot-notation AS as a string ('1.10'), a float loses its zeros"),
    (lambda: AsNumber.parse("65536.0"), "as-number-range",
     "AS 65536.0: the high part must be 1..65535"),
    (lambda: AsNumber.parse("1.65536"), "as-number-range",
     "AS 1.65536: the low part must be 0..65535"),
    (lambda: AsNumber.parse("AS1"), "as-number-format",
     "'AS1' is not an AS number (65001 or 1.10)"),
    (lambda: parse_ipv6(_ZONED), "ipv6-format",
     "IPv6Address('fe80::1%eth0'): zones are not allowed"),
    (lambda: parse_ipv6("fe80::1%eth0"), "ipv6-format", "'fe80::1%eth0': zones are not allowed"),
    (lambda: parse_ipv6("10.1.1.1"), "ipv6-format", "'10.1.1.1' is not an IPv6 address"),
    (lambda: parse_ip(_ZONED), "ip-format", "IPv6Address('fe80::1%eth0'): zones are not allowed"),
    (lambda: parse_ip("fe80::1%eth0"), "ip-format", "'fe80::1%eth0': zones are not allowed"),
    (lambda: parse_ip("x"), "ip-format", "'x' is not an IP address"),
    (lambda: parse_unicast_ip("224.0.0.1"), "ip-unicast", "224.0.0.1 is a multicast address"),
    (lambda: RouterId.parse("0.0.0.0"), "router-id-value",
     "router-id 0.0.0.0 is the unspecified address"),
    (lambda: Ipv4Interface.parse("10.1.1.1 255.x"), "ipv4-mask-format",
     "'255.x' is not a dotted mask"),
    (lambda: Ipv4Interface(ipaddress.IPv4Address("10.1.1.1"), 33), "ipv4-prefix-range",
     "prefix length 33 not in 1..32"),
    (lambda: Ipv4Interface.parse("10.1.1.0/24"), "ipv4-host-address",
     "10.1.1.0/24 is the network address of 10.1.1.0/24, not a host address"),
    (lambda: Ipv4Interface.parse("10.1.1.1"), "ipv4-interface-format",
     "'10.1.1.1' needs a prefix: 10.1.1.1/24 or 10.1.1.1 255.255.255.0"),
    (lambda: Ipv6Interface(ipaddress.IPv6Address("2001:db8::1"), 0), "ipv6-prefix-range",
     "prefix length 0 not in 1..128"),
    (lambda: Ipv6Interface.parse_host("ff02::1/64"), "ipv6-host-address",
     "ff02::1/64 is a multicast address, not a host address"),
    (lambda: Ipv6Interface.parse("2001:db8::1"), "ipv6-interface-format",
     "'2001:db8::1' needs a prefix length: 2001:db8::1/64"),
    (lambda: Ipv6Interface.parse("zz", default_prefix=64), "ipv6-interface-format",
     "'zz' is not an IPv6 address"),
    (lambda: Ipv6Interface.parse("2001:db8::1/x"), "ipv6-interface-format",
     "'2001:db8::1/x': bad prefix length"),
    (lambda: InterfaceName.parse("Eth-Trunk1"), "interface-name",
     "'Eth-Trunk1' is not a supported interface name (Vlanif<1-4094>, Vbdif<1-16777215>, "
     "LoopBack<0-1023>)"),
    (lambda: InterfaceName.parse("Vlanif4095"), "interface-name",
     "'Vlanif4095': Vlanif number must be 1..4094"),
    (lambda: PeerGroupName.parse(None), "peer-group-name",
     "a peer-group name is required (1..47 characters)"),
    (lambda: PeerGroupName.parse(1.5), "peer-group-name", "1.5: a peer-group name is text"),
    (lambda: parse_device_name("../x"), "device-name",
     "'../x': letters, digits, '.', '_' and '-' only"),
    (lambda: parse_mlag_role("primary"), "mlag-role", "'primary': master or backup"),
    (lambda: parse_mlag_mode("sideways"), "mlag-mode",
     "'sideways': dual-active or active-standby"),
], ids=["vlan-bool", "vlan-text-constructor", "vlan-word", "mac-format", "mac-multicast",
        "mac-zero", "as-0", "as-float", "as-high", "as-low", "as-word", "ipv6-zone-object",
        "ipv6-zone-text", "ipv6-not", "ip-zone-object", "ip-zone-text", "ip-not", "unicast",
        "router-id", "mask-format", "ipv4-prefix", "ipv4-network", "ipv4-no-prefix",
        "ipv6-prefix", "ipv6-host", "ipv6-no-prefix", "ipv6-default-prefix-bad",
        "ipv6-bad-prefix", "interface-kind", "interface-number", "group-none",
        "group-not-text", "device-name", "role", "mode"])
def test_leaf_error_names_rule_and_value(build: Callable[[], object], rule: str,
                                         message: str) -> None:
    """Each typed leaf error: no path yet (``coerce`` adds it), the rule, the whole
    message naming the value and what is accepted."""
    with pytest.raises(ValueFormatError) as info:
        build()
    assert (info.value.path, info.value.rule, info.value.message) == ("", rule, message)


def test_interface_keyword_in_any_case() -> None:
    assert InterfaceName.parse("Interface Vlanif100").text == "Vlanif100"
    assert InterfaceName.parse("INTERFACE LOOPBACK 1").text == "LoopBack1"


# --------------------------------------------------------------------------- connect-interface
@pytest.mark.parametrize(("text", "canonical", "kind", "number", "sub"), [
    ("Eth-Trunk10", "Eth-Trunk10", "Eth-Trunk", "10", None),
    ("eth-trunk 10", "Eth-Trunk10", "Eth-Trunk", "10", None),
    ("interface Eth-Trunk 10.100", "Eth-Trunk10.100", "Eth-Trunk", "10", 100),
    ("ETH-TRUNK0", "Eth-Trunk0", "Eth-Trunk", "0", None),
    ("Eth-Trunk65535.4096", "Eth-Trunk65535.4096", "Eth-Trunk", "65535", 4096),
    ("100GE1/0/1", "100GE1/0/1", "100GE", "1/0/1", None),
    ("100ge 1/0/1.100", "100GE1/0/1.100", "100GE", "1/0/1", 100),
    ("interface 10ge 1/0/49:1", "10GE1/0/49:1", "10GE", "1/0/49:1", None),
    ("25GE1/0/1.1", "25GE1/0/1.1", "25GE", "1/0/1", 1),
    ("40GE1/1/0/2", "40GE1/1/0/2", "40GE", "1/1/0/2", None),
    ("ge 1/0/01", "GE1/0/1", "GE", "1/0/1", None),
    ("400GE2/0/1.7", "400GE2/0/1.7", "400GE", "2/0/1", 7)])
def test_device_interface_name(text: str, canonical: str, kind: str, number: str,
                               sub: int | None) -> None:
    name = parse_connect_interface(text)
    assert isinstance(name, DeviceInterfaceName)
    assert (name.text, name.xml_text, str(name), repr(name)) == (
        canonical, canonical, canonical, f"DeviceInterfaceName({canonical!r})")
    assert (name.kind, name.number, name.sub) == (kind, number, sub)
    assert name.main.text == canonical.partition(".")[0]
    assert name.main.sub is None
    assert DeviceInterfaceName.parse(name) is name
    assert parse_connect_interface(name) is name


@pytest.mark.parametrize("text", ["Vlanif100", "vbdif 10", "interface loopback 1"])
def test_connect_interface_keeps_the_library_kinds(text: str) -> None:
    name = parse_connect_interface(text)
    assert isinstance(name, InterfaceName)
    assert name == InterfaceName.parse(text)


_NOT_A_NAME = (" is not an interface name a connect-interface takes (Vlanif<1-4094>, "
               "Vbdif<1-16777215>, LoopBack<0-1023>, Eth-Trunk<id>[.<sub>], "
               "GE|10GE|25GE|40GE|50GE|100GE|200GE|400GE<slot>/<card>/<port>[:<lane>][.<sub>])")
_ONE_ID = ": an Eth-Trunk is named by one id, 0..65535"
_SUB = ": sub-interface number must be 1..4096"
_TOO_LONG = ": an interface name is at most 63 characters"


class _LooksLikeAName:
    """Not text: only its ``str()`` looks like an interface name."""

    def __str__(self) -> str:
        return "Eth-Trunk10"

    def __repr__(self) -> str:
        return "<looks like Eth-Trunk10>"


@pytest.mark.parametrize(("text", "tail"), [
    ("Tunnel1", _NOT_A_NAME), ("Eth-Trunk", _NOT_A_NAME), ("100GE", _NOT_A_NAME),
    ("Eth-Trunk1/0/1", _ONE_ID), ("Eth-Trunk1:1", _ONE_ID), ("Eth-Trunk65536", _ONE_ID),
    ("100GE1/0", ": a 100GE port is numbered <slot>/<card>/<port> "
                 "(or <chassis>/<slot>/<card>/<port>)"),
    ("10GE1/0/1/1/1", ": a 10GE port is numbered <slot>/<card>/<port> "
                      "(or <chassis>/<slot>/<card>/<port>)"),
    ("Eth-Trunk10.0", _SUB), ("100GE1/0/1.4097", _SUB),
    ("100GE1/0/1.", _NOT_A_NAME), ("100GE1/0/1.1.1", _NOT_A_NAME),
    ("GE1/0/1 " + "x", _NOT_A_NAME),
    ("GE1/0/" + "1" * 60, _TOO_LONG),
    ("GE1/0/" + "1" * 58, _TOO_LONG),  # 64 characters: one too many
    ("Vlanif4095", ": Vlanif number must be 1..4094"),
    ("LoopBack1024", ": LoopBack number must be 0..1023"),
    ("", _NOT_A_NAME), (None, _NOT_A_NAME),
    ("Eth-Trunk\u0661", _NOT_A_NAME),  # ASCII digits only
    (10, _NOT_A_NAME), (1.5, _NOT_A_NAME),
    (_LooksLikeAName(), _NOT_A_NAME)])  # only text (or a number) is read
def test_connect_interface_rejected(text: object, tail: str) -> None:
    """The whole message: the value as given, then what is wrong or what is accepted."""
    err = rejects(parse_connect_interface, text, "interface-name")
    assert err.message == f"{text!r}{tail}"
    with pytest.raises(ValueFormatError) as info:
        coerce(parse_connect_interface, text, "bgp.peers[1.1.1.1].connect_interface")
    assert info.value.path == "bgp.peers[1.1.1.1].connect_interface"


def test_a_device_interface_name_is_at_most_63_characters() -> None:
    """huawei-ifm's 1..63: the longest name passes, one character more is refused."""
    longest = "GE1/0/" + "1" * 57
    assert len(longest) == 63
    assert parse_connect_interface(longest).text == longest
    rejects(parse_connect_interface, longest + "1", "interface-name")


def test_a_device_interface_is_never_an_interface_name() -> None:
    """The library still creates only VLANIF/VBDIF/LoopBack: the shared-interface type
    refuses the device kinds."""
    for text in ("Eth-Trunk10", "Eth-Trunk10.100", "100GE1/0/1", "100GE1/0/1.100"):
        rejects(InterfaceName.parse, text, "interface-name")


if HAVE_HYPOTHESIS:
    _KINDS = ["Eth-Trunk", "GE", "10GE", "25GE", "40GE", "50GE", "100GE", "200GE", "400GE"]

    def _cli_case(kind: str, upper: bool, space: bool, keyword: bool) -> str:
        word = kind.upper() if upper else kind.lower()
        return ("interface " if keyword else "") + word + (" " if space else "")

    @given(st.sampled_from(_KINDS), st.lists(st.integers(0, 99), min_size=3, max_size=4),
           st.integers(0, 65535), st.none() | st.integers(1, 4096), st.none() | st.integers(1, 8),
           st.booleans(), st.booleans(), st.booleans())
    def test_device_interface_forms_round_trip(kind: str, port: list[int], trunk: int,
                                               sub: int | None, lane: int | None, upper: bool,
                                               space: bool, keyword: bool) -> None:
        """Every CLI spelling of a valid name canonicalises to the huawei-ifm key, which
        parses to itself."""
        number = str(trunk) if kind == "Eth-Trunk" else "/".join(map(str, port)) + (
            f":{lane}" if lane else "")
        canonical = f"{kind}{number}" + (f".{sub}" if sub else "")
        typed = _cli_case(kind, upper, space, keyword) + number + (f".{sub}" if sub else "")
        name = parse_connect_interface(typed)
        assert isinstance(name, DeviceInterfaceName)
        assert name.text == canonical
        assert (name.kind, name.number, name.sub) == (kind, number, sub)
        assert parse_connect_interface(name.text) == name
        rejects(InterfaceName.parse, name.text, "interface-name")

    @given(st.sampled_from(_KINDS), st.integers(4097, 10**6) | st.just(0))
    def test_device_sub_interface_numbers_out_of_range(kind: str, sub: int) -> None:
        number = "10" if kind == "Eth-Trunk" else "1/0/1"
        err = rejects(parse_connect_interface, f"{kind}{number}.{sub}", "interface-name")
        assert "sub-interface number must be 1..4096" in err.message

    @given(st.text(max_size=30))
    def test_any_text_is_a_name_or_a_typed_error(text: str) -> None:
        """Nothing but a name or an ``interface-name`` error, for any text."""
        try:
            name = parse_connect_interface(text)
        except ValueFormatError as e:
            rule = e.rule
        else:
            rule = "accepted"
            assert parse_connect_interface(name.text) == name
            assert len(name.text) <= 63
        assert rule in ("interface-name", "accepted")
