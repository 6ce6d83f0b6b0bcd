"""Issue 7, items 1-16 (model and intent parts): each defect as a family of inputs.

Seed cases that failed or rendered wrongly (1-10), and bad input that escaped as a raw
traceback, a silent loss or partial output (11-16). Every accepted case here renders
payloads that pass ``Payload.validate()``; every refused one is an ``MlagNetconfError``
whose path names the field and whose rule id is asserted.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from intent_checks import intent_errors
from lxml import etree

from mlag_netconf.compose import check, payload, payloads, violations
from mlag_netconf.errors import (
    ArgumentError,
    IntentError,
    MlagNetconfError,
    PayloadInvalid,
    RuleViolation,
    ValidationError,
    ValidationErrors,
    ValueFormatError,
)
from mlag_netconf.intent import load_intent, loads_intent, parse_intent
from mlag_netconf.model import Bgp, Device, MlagPair, Peer, PeerGroup, loopback, vlanif
from mlag_netconf.pytest_plugin import pair_names
from mlag_netconf.render import Payload
from mlag_netconf.types import AsNumber

ROOT = Path(__file__).resolve().parents[2]
MLAG = (ROOT / "examples" / "bgp-over-mlag.yaml").read_text()
MP = (ROOT / "examples" / "mp-ebgp-vpnv4.yaml").read_text()
BGP_NS = "urn:huawei:yang:huawei-bgp"
SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def xml_of(p: Payload) -> etree._Element:
    return etree.fromstring(p.xml.encode())


def xpath_texts(p: Payload, path: str, namespaces: dict[str, str] | None = None) -> list[str]:
    found = xml_of(p).xpath(path, namespaces=namespaces or {})
    assert isinstance(found, list)
    return [str(x) for x in found]


def bgp_text(p: Payload, path: str) -> list[str]:
    """Texts at a huawei-bgp path below the ``_public_`` base-process (``b:`` prefix)."""
    return xpath_texts(p, f"//b:base-process/{path}/text()", {"b": BGP_NS})


def rules_of(build: Callable[[], object]) -> list[tuple[str, str]]:
    try:
        subject = build()
    except ValidationErrors as e:
        return [(x.path, x.rule) for x in e]
    except ValidationError as e:
        return [(e.path, e.rule)]
    assert isinstance(subject, Device | MlagPair)
    return [(v.path, v.rule) for v in violations(subject)]


def agg(*peers: Peer, groups: tuple[PeerGroup, ...] = (), asn: object = 65001) -> Device:
    return Device("AGG1", [loopback(1, "1.1.1.1/32")], Bgp(asn, "1.1.1.1", peers=peers,
                                                             peer_groups=groups))


def mlag_intent(**changes: Any) -> dict[str, Any]:
    """examples/bgp-over-mlag.yaml as a mapping, with top-level ``changes`` merged in
    (``members`` items by index)."""
    from mlag_netconf.intent.loader import load_yaml

    doc: dict[str, Any] = copy.deepcopy(load_yaml(MLAG))
    for key, value in changes.items():
        if key == "members":
            for i, m in value.items():
                doc["members"][i].update(m)
        else:
            doc[key].update(value)
    return doc




AS_NUMBERS = st.one_of(st.integers(1, 4294967295).map(str),
                       st.tuples(st.integers(1, 65535), st.integers(0, 65535)).map(
                           lambda t: f"{t[0]}.{t[1]}"))


# --------------------------------------------------------------------------- 1
@SETTINGS
@given(group_as=AS_NUMBERS)
def test_1_peer_takes_its_remote_as_from_its_group(group_as: str) -> None:
    local = 65001 if AsNumber.parse(group_as).value != 65001 else 65002
    group = PeerGroup("MASG", type="ebgp", remote_as=group_as, connect_interface="LoopBack1",
                      ebgp_max_hop=10, families={"vpnv4": True, "ipv4-unicast": False})
    p = payload(agg(Peer("3.3.3.3", group="MASG"), groups=(group,), asn=local)).validate()
    assert bgp_text(p, "b:peers/b:peer/b:remote-as") == [AsNumber.parse(group_as).xml_text]
    assert bgp_text(p, "b:peers/b:peer/b:group-name") == ["MASG"]
    assert bgp_text(p, "b:peer-groups/b:peer-group/b:group-as") == [
        AsNumber.parse(group_as).xml_text]
    # the group's families are in the XML too (enable vpnv4, remove ipv4-unicast)
    assert bgp_text(p, "b:peer-groups/b:peer-group/b:afs/b:af/b:type") == [
        "ipv4uni", "ipv4vpn"]


def test_1_peer_in_an_ibgp_group_takes_the_local_as() -> None:
    group = PeerGroup("RR", type="internal", connect_interface="LoopBack1")
    p = payload(agg(Peer("3.3.3.3", group="RR"), groups=(group,))).validate()
    assert bgp_text(p, "b:peers/b:peer/b:remote-as") == ["65001"]


def test_1_own_as_wins_over_the_group() -> None:
    group = PeerGroup("G", remote_as=65003, connect_interface="LoopBack1", ebgp_max_hop=2)
    p = payload(agg(Peer("3.3.3.3", 65009, group="G"), groups=(group,))).validate()
    assert bgp_text(p, "b:peers/b:peer/b:remote-as") == ["65009"]


def test_1_group_without_as_is_a_named_rule_not_an_invalid_payload() -> None:
    assert rules_of(lambda: agg(Peer("3.3.3.3", group="G", connect_interface="LoopBack1"),
                                groups=(PeerGroup("G", ebgp_max_hop=2),))) == [
        ("AGG1.bgp.peers[3.3.3.3].remote_as", "bgp-peer-remote-as-required")]


def test_1_group_inherited_connect_interface_and_max_hop_are_checked() -> None:
    """Inheritance is tested where refused too: the group's loopback needs max-hop."""
    group = PeerGroup("G", remote_as=65003, connect_interface="LoopBack1")
    assert rules_of(lambda: agg(Peer("3.3.3.3", group="G"), groups=(group,))) == [
        ("AGG1.bgp.peer_groups[G].ebgp_max_hop", "ebgp-loopback-needs-max-hop"),
        ("AGG1.bgp.peers[3.3.3.3].ebgp_max_hop", "ebgp-loopback-needs-max-hop")]
    missing = PeerGroup("G", remote_as=65003, connect_interface="LoopBack7", ebgp_max_hop=2)
    assert ("AGG1.bgp.peers[3.3.3.3].connect_interface", "bgp-connect-interface-exists") in \
        rules_of(lambda: agg(Peer("3.3.3.3", group="G"), groups=(missing,)))


# --------------------------------------------------------------------------- 2
@pytest.mark.parametrize("asn", [None, 65001])
def test_2_ibgp_group_renders_no_group_as_or_max_hop(asn: int | None) -> None:
    group = PeerGroup("RR", type="ibgp", remote_as=asn, connect_interface="LoopBack1")
    p = payload(agg(groups=(group,))).validate()
    assert bgp_text(p, "b:peer-groups/b:peer-group/b:type") == ["ibgp"]
    assert bgp_text(p, "b:peer-groups/b:peer-group/b:group-as") == []
    assert bgp_text(p, "b:peer-groups/b:peer-group/b:ebgp-max-hop") == []


def test_2_ebgp_group_keeps_group_as_and_max_hop() -> None:
    group = PeerGroup("E", remote_as=65003, connect_interface="LoopBack1", ebgp_max_hop=7)
    p = payload(agg(groups=(group,))).validate()
    assert bgp_text(p, "b:peer-groups/b:peer-group/b:group-as") == ["65003"]
    assert bgp_text(p, "b:peer-groups/b:peer-group/b:ebgp-max-hop") == ["7"]


# --------------------------------------------------------------------------- 3
def link_local_intent() -> dict[str, Any]:
    return mlag_intent(**{"user-side": {"ipv6": "fe80::100"}})


def test_3_bgp4_plus_over_the_mlag_link_local() -> None:
    intent = parse_intent(link_local_intent())
    for name, p in intent.payloads().items():
        p.validate()
        peer = "b:peers/b:peer[b:address='fe80::100']"
        assert bgp_text(p, f"{peer}/b:local-if-name") == ["Vlanif100"]
        mine = {"DeviceA": "fe80::1:2", "DeviceB": "fe80::1:3"}[name]
        assert bgp_text(p, f"{peer}/b:local-if-address") == [mine]
        assert bgp_text(p, f"{peer}/b:afs/b:af/b:type") == ["ipv6uni"]


def test_3_link_local_peer_needs_the_member_link_local() -> None:
    doc = link_local_intent()
    del doc["members"][1]["m-lag-ipv6-link-local"]
    assert intent_errors(doc) == [
        ("members[1].m-lag-ipv6-link-local", "mlag-member-needs-mlag-address")]


def test_3_link_local_peer_sourced_from_the_global_is_refused() -> None:
    a = parse_intent(link_local_intent()).devices[0]
    assert a.bgp is not None
    peer = next(p for p in a.bgp.peers if p.address.version == 6)
    wrong = a.replace(bgp=a.bgp.replace(peers=(a.bgp.peers[0], peer.replace(
        source_address="2001:db8:1::2"))))
    assert [(v.path, v.rule) for v in violations(wrong)] == [
        ("DeviceA.bgp.peers[fe80::100].source_address", "bgp-mlag-peer-source")]


def test_3_user_side_link_local_equal_to_a_member_link_local_is_refused() -> None:
    doc = mlag_intent(**{"user-side": {"ipv6": "fe80::1:3"}})
    assert ("members[1].m-lag-ipv6-link-local", "mlag-ipv6-link-local-unique") in \
        intent_errors(doc)


# --------------------------------------------------------------------------- 4
@pytest.mark.parametrize(("member", "key"), [
    (0, "m-lag-ipv4"), (1, "m-lag-ipv4"), (0, "m-lag-ipv6"), (1, "m-lag-ipv6")])
def test_4_member_without_its_mlag_address_is_named(member: int, key: str) -> None:
    doc = mlag_intent()
    del doc["members"][member][key]
    errors = intent_errors(doc)
    assert (f"members[{member}].{key}", "mlag-member-needs-mlag-address") in errors
    assert {r for _, r in errors} <= {"mlag-member-needs-mlag-address"}


def test_4_without_bgp_over_it_no_mlag_address_is_needed() -> None:
    a = Device("A", [vlanif(100, ipv4="10.1.1.1/24")], Bgp(65001))
    b = Device("B", [vlanif(100, ipv4="10.1.1.1/24")])
    assert violations(MlagPair((a, b))) == []  # only one member has BGP: no crash
    assert set(payloads(MlagPair((a, b)))) == {"A", "B"}


# --------------------------------------------------------------------------- 5
@SETTINGS
@given(prefix=st.integers(8, 29), host=st.integers(2, 3), form=st.sampled_from(
    ["bare", "slash", "mask"]))
def test_5_mlag_ipv4_forms_canonicalise(prefix: int, host: int, form: str) -> None:
    import ipaddress

    net = ipaddress.IPv4Network(f"10.0.0.0/{prefix}")
    primary, mine = net.network_address + 1, net.network_address + host
    text = {"bare": str(mine), "slash": f"{mine}/{prefix}", "mask": f"{mine} {net.netmask}"}
    iface = vlanif(100, ipv4=f"{primary}/{prefix}", mlag_ipv4=text[form])
    p = payload(Device("A", [iface])).validate()
    assert xpath_texts(p, "//*[local-name()='m-lag-ipv4']/*/text()") == [
        str(mine), str(net.netmask)]


@SETTINGS
@given(prefix=st.integers(8, 29), other=st.integers(1, 32))
def test_5_mlag_ipv4_mask_other_than_the_primary_is_a_rule(prefix: int, other: int) -> None:
    iface = vlanif(100, ipv4=f"10.0.0.1/{prefix}", mlag_ipv4=f"10.0.0.2/{other}")
    rules = [v.rule for v in violations(Device("A", [iface]))]
    assert rules == ([] if other == prefix else ["mlag-ipv4-mask-matches-primary"])


@pytest.mark.parametrize("text", ["2001:db8:1::1 64", "2001:db8:1::1/64",
                                  "2001:DB8:1:0::1 /64".replace(" /", "/")])
def test_5_ipv6_address_forms(text: str) -> None:
    doc = mlag_intent(interface={"ipv6": text})
    intent = parse_intent(doc)
    assert str(intent.devices[0].interfaces[0].ipv6[0]) == "2001:db8:1::1/64"


def test_5_intent_mlag_ipv4_with_mask() -> None:
    doc = mlag_intent(members={0: {"m-lag-ipv4": "10.1.1.2 255.255.255.0"},
                               1: {"m-lag-ipv4": "10.1.1.3/24"}})
    assert [str(d.interfaces[0].mlag_ipv4) for d in parse_intent(doc).devices] == [
        "10.1.1.2", "10.1.1.3"]
    doc = mlag_intent(members={1: {"m-lag-ipv4": "10.1.1.3 255.255.0.0"}})
    assert intent_errors(doc) == [("members[1].m-lag-ipv4", "mlag-ipv4-mask-matches-primary")]


# --------------------------------------------------------------------------- 6
def test_6_mlag_ipv6_prefix_comes_from_the_subnet_that_contains_it() -> None:
    iface = vlanif(100, ipv6_enable=True, ipv6=["2001:db8:1::1/64", "2001:db8:2::1/80"],
                   mlag_ipv6="2001:db8:2::2")
    assert str(iface.mlag_ipv6) == "2001:db8:2::2/80"
    assert violations(Device("A", [iface])) == []


def test_6_mlag_ipv6_outside_every_global_subnet_is_refused() -> None:
    iface = vlanif(100, ipv6_enable=True, ipv6=["2001:db8:1::1/64"], mlag_ipv6="2001:db8:9::2")
    (v,) = violations(Device("A", [iface]))
    assert (v.path, v.rule) == ("A.interfaces[Vlanif100].mlag_ipv6",
                                "mlag-ipv6-in-global-subnet")
    assert "outside every global subnet" in v.message


# --------------------------------------------------------------------------- 7
def test_7_device_check_sees_an_mlag_address_on_another_interface() -> None:
    dev = Device("A", [vlanif(100, ipv4="10.1.1.1/24", mlag_ipv4="10.1.1.2"),
                       vlanif(200, ipv4="10.1.1.2/16")])
    with pytest.raises(RuleViolation) as info:
        check(dev)
    assert (info.value.path, info.value.rule) == ("A.interfaces[Vlanif100].mlag_ipv4",
                                                  "mlag-ipv4-unique")
    assert "Vlanif200" in info.value.message


# --------------------------------------------------------------------------- 9
def test_9_link_local_only_mlag() -> None:
    doc = mlag_intent(interface={"ipv6": None, "ipv6-enable": True},
                      **{"user-side": {"ipv6": "fe80::100"}})
    for m in doc["members"]:
        del m["m-lag-ipv6"]
    for p in parse_intent(doc).payloads().values():
        p.validate()
        assert "<m-lag-ipv6" in p.xml
        assert "<prefix-length>64" not in p.xml


def test_9_several_global_ipv6_addresses() -> None:
    doc = mlag_intent(interface={"ipv6": ["2001:db8:1::1/64", "2001:db8:2::1/64"]})
    intent = parse_intent(doc)
    assert [str(a) for a in intent.devices[0].interfaces[0].ipv6] == [
        "2001:db8:1::1/64", "2001:db8:2::1/64"]
    bad = mlag_intent(interface={"ipv6": ["2001:db8:1::1/64", "ff02::1/64"]})
    assert intent_errors(bad) == [("interface.ipv6[1]", "ipv6-host-address")]


def test_9_low_latency_in_an_mp_ebgp_intent() -> None:
    doc = loads_intent(MP)
    assert not doc.devices[0].low_latency
    text = MP.replace("  - name: AGG1\n", "  - name: AGG1\n    platform: CE6885-LL\n"
                      "    low-latency: true\n")
    assert loads_intent(text).devices[0].low_latency


def test_9_two_masters_are_refused() -> None:
    doc = mlag_intent(members={1: {"role": "master"}})
    assert intent_errors(doc) == [("members[1].role", "mlag-roles-differ")]
    assert [d.role.value for d in parse_intent(mlag_intent()).devices
            if d.role is not None] == ["master", "backup"]


# --------------------------------------------------------------------------- 10
@pytest.mark.parametrize(("build", "path", "rule"), [
    (lambda: vlanif(100, ipv4="10.1.1.0/24"), "interfaces[Vlanif100].ipv4",
     "ipv4-host-address"),
    (lambda: vlanif(100, ipv4="10.1.1.255/24"), "interfaces[Vlanif100].ipv4",
     "ipv4-host-address"),
    (lambda: vlanif(100, ipv4="224.0.0.1/24"), "interfaces[Vlanif100].ipv4",
     "ipv4-host-address"),
    (lambda: vlanif(100, ipv4="127.0.0.1/8"), "interfaces[Vlanif100].ipv4",
     "ipv4-host-address"),
    (lambda: vlanif(100, ipv4="10.1.1.1/0"), "interfaces[Vlanif100].ipv4",
     "ipv4-prefix-range"),
    (lambda: vlanif(100, ipv4="10.1.1.1 0.0.0.0"), "interfaces[Vlanif100].ipv4",
     "ipv4-prefix-range"),
    (lambda: vlanif(100, ipv4_secondary=["10.2.2.0/24"]), "interfaces[Vlanif100].ipv4_secondary[0]",
     "ipv4-host-address"),
    (lambda: vlanif(100, ipv6=["ff02::1/64"]), "interfaces[Vlanif100].ipv6[0]",
     "ipv6-host-address"),
    (lambda: vlanif(100, ipv6=["::/64"]), "interfaces[Vlanif100].ipv6[0]", "ipv6-host-address"),
    (lambda: vlanif(100, virtual_mac="ffff-ffff-ffff"), "interfaces[Vlanif100].virtual_mac",
     "mac-unicast"),
    (lambda: vlanif(100, virtual_mac="0100-5e00-0001"), "interfaces[Vlanif100].virtual_mac",
     "mac-unicast"),
    (lambda: vlanif(100, virtual_mac="0000-0000-0000"), "interfaces[Vlanif100].virtual_mac",
     "mac-unicast"),
    (lambda: Peer("0.0.0.0", 1), "bgp.peers[?].address", "bgp-peer-unicast"),
    (lambda: Peer("224.0.0.1", 1), "bgp.peers[?].address", "bgp-peer-unicast"),
    (lambda: Peer("255.255.255.255", 1), "bgp.peers[?].address", "bgp-peer-unicast"),
    (lambda: Peer("::", 1), "bgp.peers[?].address", "bgp-peer-unicast"),
    (lambda: Bgp(1, "0.0.0.0"), "bgp.router_id", "router-id-value"),
    (lambda: Bgp(1, "255.255.255.255"), "bgp.router_id", "router-id-value"),
], ids=["network", "broadcast", "multicast", "loopback", "slash-0", "mask-0", "secondary",
        "v6-multicast", "v6-unspecified", "mac-broadcast", "mac-multicast", "mac-zero",
        "peer-0", "peer-multicast", "peer-broadcast", "peer-v6-unspecified", "router-id-0",
        "router-id-broadcast"])
def test_10_nonsense_values_are_refused(build: Callable[[], object], path: str,
                                        rule: str) -> None:
    with pytest.raises(ValueFormatError) as info:
        build()
    assert (info.value.path, info.value.rule) == (path, rule)


ZONED = st.sampled_from(["fe80::1%eth0", "2001:db8::1%1", "fe80::1%Vlanif100"])


@SETTINGS
@given(zoned=ZONED, field=st.sampled_from(["peer", "source", "user-side", "mlag-ll",
                                           "ipv6-ll", "mlag6"]))
def test_10_zones_are_refused_in_every_ip_field(zoned: str, field: str) -> None:
    builds: dict[str, Callable[[], object]] = {
        "peer": lambda: Peer(zoned, 1),
        "source": lambda: Peer("fe80::2", 1, source_address=zoned),
        "user-side": lambda: MlagPair((Device("A"), Device("B")), user_side=[zoned]),
        "mlag-ll": lambda: vlanif(100, mlag_ipv6_link_local=zoned),
        "ipv6-ll": lambda: vlanif(100, ipv6_link_local=zoned),
        "mlag6": lambda: vlanif(100, mlag_ipv6=zoned + "/64"),
    }
    with pytest.raises(ValueFormatError) as info:
        builds[field]()
    assert "zone" in info.value.message or "IPv6" in info.value.message


# --------------------------------------------------------------------------- 11
def test_11_two_devices_of_the_same_name_are_refused() -> None:
    text = MP.replace("name: MASG1", "name: AGG1")
    with pytest.raises(MlagNetconfError) as info:
        loads_intent(text)
    err = info.value
    errors = list(err) if isinstance(err, ValidationErrors) else [err]
    assert all(isinstance(e, ValidationError) for e in errors)
    assert ("devices[1].name", "device-name-unique") in [
        (e.path, e.rule) for e in errors if isinstance(e, ValidationError)]
    a = Device("A")
    with pytest.raises(RuleViolation) as one:
        payloads([a, a])
    assert (one.value.path, one.value.rule, one.value.message) == (
        "devices[1].name", "device-name-unique", "another device is called A")


# --------------------------------------------------------------------------- 12
@pytest.mark.parametrize(("text", "name"), [("0144", "Vlanif144"), ("100", "Vlanif100"),
                                            ("00100", "Vlanif100")])
def test_12_leading_zeros_are_decimal_not_octal(text: str, name: str) -> None:
    intent = loads_intent(MLAG.replace("id: 100 ", f"id: {text} "))
    assert intent.devices[0].interfaces[0].name.text == name


@pytest.mark.parametrize("text", ["0x64", "0b1100100", "1_00", "0o144"])
def test_12_other_integer_notations_are_refused(text: str) -> None:
    with pytest.raises(ValueFormatError) as info:
        loads_intent(MLAG.replace("id: 100 ", f"id: {text} "))
    assert (info.value.path, info.value.rule) == ("interface.id", "vlan-id-range")


def test_12_duplicate_keys_are_refused() -> None:
    with pytest.raises(IntentError) as info:
        loads_intent(MLAG.replace("  id: 100 ", "  id: 100\n  id: 200 "))
    assert (info.value.path, info.value.rule) == ("interface.id", "duplicate-key")


# --------------------------------------------------------------------------- 13
def test_13_peer_group_type_null_is_ebgp() -> None:
    text = MP.replace("    peers:\n", "    peer-groups:\n      - {name: G, type: null}\n"
                      "    peers:\n", 1)
    p = loads_intent(text).payloads()["AGG1"].validate()
    assert bgp_text(p, "b:peer-groups/b:peer-group/b:type") == ["ebgp"]


@pytest.mark.parametrize("name", ["G\x01", "G\x7f", "G\u200b\x00", "\x1b[31m"])
def test_13_control_characters_in_a_name_are_refused(name: str) -> None:
    with pytest.raises(ValueFormatError) as info:
        PeerGroup(name)
    assert info.value.rule == "peer-group-name"
    doc = {"kind": "mp-ebgp", "devices": [{"name": "R1", "as": 1,
                                           "peer-groups": [{"name": name}]}]}
    assert intent_errors(doc) == [("devices[0].peer-groups[0].name", "peer-group-name")]
    assert intent_errors({"kind": "mp-ebgp", "devices": [{"name": f"R{name}", "as": 1}]}) == [
        ("devices[0].name", "device-name")]


def test_13_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    f = tmp_path / "latin1.yaml"
    f.write_bytes(MP.replace("AGG1", "AGG\xe9").encode("latin-1"))
    with pytest.raises(IntentError) as info:
        load_intent(f)
    assert info.value.rule == "intent-encoding"
    assert "not UTF-8" in info.value.message


# --------------------------------------------------------------------------- 14
class _Loose:
    """The public builders typed as ``Any``: the calls below are wrong on purpose."""

    Device: Any = Device
    Bgp: Any = Bgp
    MlagPair: Any = MlagPair
    Peer: Any = Peer
    vlanif: Any = staticmethod(vlanif)
    payload: Any = staticmethod(payload)
    payloads: Any = staticmethod(payloads)

    @staticmethod
    def text(value: str) -> Any:
        return value


loose = _Loose()


@pytest.mark.parametrize(("build", "path", "rule"), [
    (lambda: loose.Device("A", bgp="65001"), "bgp", "argument-type"),
    (lambda: loose.Bgp(1, peers="10.1.1.1"), "bgp.peers", "argument-type"),
    (lambda: loose.Bgp(1, peer_groups=[Peer("1.1.1.1", 1)]), "bgp.peer_groups[0]",
     "argument-type"),
    (lambda: loose.MlagPair("AB"), "members", "argument-type"),
    (lambda: loose.MlagPair([Device("A"), "B"]), "members[1]", "argument-type"),
    (lambda: loose.Device("A", platform=5), "platform", "argument-type"),
    (lambda: loose.Device("A", interfaces=None), "interfaces", "argument-type"),
    (lambda: loose.Device("A", interfaces=[vlanif(1), "Vlanif2"]), "interfaces[1]",
     "argument-type"),
    (lambda: Bgp(1).with_peer(loose.text("10.1.1.1")), "bgp.peers[0]", "argument-type"),
    (lambda: loose.Device("A", interfacs=[]), "interfacs", "unknown-argument"),
    (lambda: loose.Peer("1.1.1.1", remote_ass=1), "remote_ass", "unknown-argument"),
    (lambda: loose.vlanif(100, ipv4_adress="10.1.1.1/24"), "ipv4_adress", "unknown-argument"),
    (lambda: loose.Bgp(), "asn", "argument"),
    (lambda: loose.payload("A"), "device", "check-target"),
    (lambda: loose.payloads("AB"), "devices", "check-target"),
], ids=["bgp-str", "peers-str", "group-is-peer", "pair-str", "pair-item", "platform-int",
        "interfaces-none", "interface-str", "with-peer-str", "misspelt-device", "misspelt-peer",
        "misspelt-interface", "bgp-no-asn", "payload-str", "payloads-str"])
def test_14_builders_raise_typed_errors_naming_the_argument(
        build: Callable[[], object], path: str, rule: str) -> None:
    with pytest.raises(ArgumentError) as info:
        build()
    assert (info.value.path, info.value.rule) == (path, rule)
    assert isinstance(info.value, TypeError)  # as Python's own would be
    assert str(info.value).startswith(f"{path}: {rule}: ")


def test_14_misspelt_keyword_suggests_the_right_one() -> None:
    with pytest.raises(ArgumentError) as info:
        loose.Device("A", interfacs=[])
    assert "did you mean 'interfaces'" in info.value.message


@pytest.mark.parametrize("name", ["../x", "/etc/passwd", "A\x00", "", "a b", "-x"])
def test_14_device_names_that_name_no_file_are_refused(name: str) -> None:
    with pytest.raises(ValueFormatError) as info:
        Device(name)
    assert (info.value.path, info.value.rule) == ("name", "device-name")


# --------------------------------------------------------------------------- 15
@pytest.mark.parametrize("family", ["ipv6-unicast", "vpnv4", "ipv4-unicast"])
def test_15_validate_accepts_removing_an_absent_family(family: str) -> None:
    peer = Peer("3.3.3.3", 65003, connect_interface="LoopBack1", ebgp_max_hop=2,
                families={family: False})
    group = PeerGroup("G", remote_as=65004, families={family: False})
    p = payload(agg(peer, groups=(group,))).validate()
    assert p.xml.count('nc:operation="remove"') == 2


@pytest.mark.parametrize(("xml", "rule"), [
    ("<data xmlns='urn:ietf:params:xml:ns:netconf:base:1.0'/>", "not-config"),
    ("<config/>", "not-config"),
    ("<config", "malformed-xml"),
    ("", "malformed-xml"),
])
def test_15_validate_refuses_what_is_not_a_config(xml: str, rule: str) -> None:
    with pytest.raises(PayloadInvalid) as info:
        Payload("A", xml, ()).validate()
    assert info.value.rule == rule


# --------------------------------------------------------------------------- 16
def test_16_the_same_error_is_listed_once() -> None:
    a = Device("A", [vlanif(100, ipv4="10.1.1.1/24", mlag_ipv4="10.9.9.9")])
    found = [(v.path, v.rule) for v in violations(MlagPair((a, a)))]
    assert len(found) == len(set(found))
    assert found.count(("A.interfaces[Vlanif100].mlag_ipv4", "mlag-ipv4-in-primary-subnet")) == 1


def test_16_mlag_pair_fixture_needs_two_names() -> None:
    assert pair_names(["X", "Y"]) == ["X", "Y"]
    for names in (["X"], ["X", "X"], ["X", "Y", "Z"]):
        with pytest.raises(ArgumentError) as info:
            pair_names(names)
        assert (info.value.path, info.value.rule) == ("names", "mlag-two-members")


def test_16_with_methods_can_clear_a_field() -> None:
    i = vlanif(100, ipv4="10.1.1.1/24").with_ipv6("2001:db8::1/64", link_local="fe80::1")
    assert str(i.ipv6_link_local) == "fe80::1"
    assert i.with_ipv6().ipv6_link_local is not None  # not given: kept
    assert i.with_ipv6(link_local=None).ipv6_link_local is None
    j = i.with_mlag_ipv6("2001:db8::2", link_local="fe80::2")
    assert j.with_mlag_ipv6(None).mlag_ipv6 is None
    assert j.with_mlag_ipv6(None).mlag_ipv6_link_local is not None
    assert j.with_mlag_ipv6(link_local=None).mlag_ipv6_link_local is None
    k = i.with_nd(na_glean=True, proxy_route="prune")
    assert k.with_nd(proxy_route=None).nd_proxy_route.value == "off"
    assert k.with_nd(proxy_route=None).nd_na_glean
    assert i.with_mlag_ipv4("10.1.1.2").with_mlag_ipv4(None).mlag_ipv4 is None


def test_16_reprs_are_short_and_show_what_is_set() -> None:
    intent = load_intent(ROOT / "examples" / "bgp-over-mlag.yaml")
    a = intent.devices[0]
    text = repr(a.interfaces[0])
    assert text.startswith("Interface('Vlanif100', ")
    assert "ipv4='10.1.1.1/24'" in text
    assert "vni=" not in text  # unset fields are not shown
    assert len(text) < 400
    assert len(repr(a.bgp)) < 600
    assert repr(Peer("1.1.1.1", 65001)) == "Peer('1.1.1.1', remote_as='65001')"
    assert repr(Device("A")) == "Device('A')"


# --------------------------------------------------------------------------- leaf details
@pytest.mark.parametrize(("text", "why"), [
    ("0.0.0.0", "the unspecified address"), ("::", "the unspecified address"),
    ("224.0.0.5", "a multicast address"), ("ff02::1", "a multicast address"),
    ("127.0.0.2", "a loopback address"), ("::1", "a loopback address"),
    ("255.255.255.255", "the limited broadcast address"),
    ("240.0.0.1", "a reserved (class E) address"), ("255.255.255.254",
                                                     "a reserved (class E) address"),
    ("10.0.0.1", None), ("fe80::1", None), ("239.255.255.255", "a multicast address"),
])
def test_not_unicast_says_why(text: str, why: str | None) -> None:
    import ipaddress

    from mlag_netconf.types import not_unicast

    assert not_unicast(ipaddress.ip_address(text)) == why


@pytest.mark.parametrize(("text", "expected"), [
    ("10.1.1.2", ("10.1.1.2", None)), ("10.1.1.2/1", ("10.1.1.2", 1)),
    ("10.1.1.2/32", ("10.1.1.2", 32)), ("10.1.1.2 255.255.255.128", ("10.1.1.2", 25)),
    (" 10.1.1.2 / 24 ", ("10.1.1.2", 24)),
])
def test_parse_ipv4_masked_forms(text: str, expected: tuple[str, int | None]) -> None:
    from mlag_netconf.types import parse_ipv4_masked

    ip, length = parse_ipv4_masked(text)
    assert (str(ip), length) == expected


@pytest.mark.parametrize(("text", "rule", "words"), [
    ("10.1.1.2/33", "my-rule", "bad prefix length or mask"),
    ("10.1.1.2/0", "my-rule", "bad prefix length or mask"),
    ("10.1.1.2/x", "my-rule", "bad prefix length or mask"),
    ("10.1.1.2 0.0.0.0", "ipv4-prefix-range", "a mask of 0.0.0.0 is not a subnet"),
    ("10.1.1.2 255.0.255.0", "ipv4-mask-contiguous", "not contiguous"),
    ("10.1.1.x", "my-rule", "is not an IPv4 address"),
    ("10.1.1.x/24", "my-rule", "is not an IPv4 address"),
])
def test_parse_ipv4_masked_refuses(text: str, rule: str, words: str) -> None:
    from mlag_netconf.types import parse_ipv4_masked

    with pytest.raises(ValueFormatError) as info:
        parse_ipv4_masked(text, "my-rule")
    assert info.value.rule == rule
    assert words in info.value.message
    with pytest.raises(ValueFormatError) as default:
        parse_ipv4_masked("nope")
    assert default.value.rule == "ipv4-format"


def test_renderer_never_emits_max_hop_for_an_ibgp_group() -> None:
    """Defence in depth under the rule: the vendor 'when' forbids it."""
    from mlag_netconf.render import render_device

    group = PeerGroup("RR", type="ibgp", ebgp_max_hop=3, connect_interface="LoopBack1")
    p = render_device(agg(groups=(group,)))
    assert bgp_text(p, "b:peer-groups/b:peer-group/b:ebgp-max-hop") == []
    assert bgp_text(p, "b:peer-groups/b:peer-group/b:local-if-name") == ["LoopBack1"]
