"""YAML intents: the examples load; unknown/missing keys and wrong types are errors naming
the intent field; rule violations come back with intent paths (``members[1].m-lag-ipv4``)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from mlag_netconf.compose import violations
from mlag_netconf.enums import AddressFamily, MlagMode
from mlag_netconf.errors import (
    IntentError,
    RuleViolation,
    ValidationError,
    ValidationErrors,
    ValueFormatError,
)
from mlag_netconf.intent import Intent, load_intent, loads_intent, parse_intent
from mlag_netconf.intent.loader import IntentLoader
from mlag_netconf.model import Device, MlagPair
from mlag_netconf.types import AsNumber, MacAddress

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
MLAG = EXAMPLES / "bgp-over-mlag.yaml"
VBDIF = EXAMPLES / "bgp-over-mlag-vbdif.yaml"
MP = EXAMPLES / "mp-ebgp-vpnv4.yaml"

Raw = dict[str, Any]
Edit = Callable[[Raw], object]


def raw(path: Path) -> Raw:
    """The example as the intent loader reads it (``as: 1.100`` stays text)."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=IntentLoader)
    assert isinstance(data, dict)
    return data


def edited(path: Path, edit: Edit) -> Raw:
    data = copy.deepcopy(raw(path))
    edit(data)
    return data


def errors_of(data: object) -> list[ValidationError]:
    """Every error ``parse_intent(data)`` raises (none: the intent is valid)."""
    try:
        parse_intent(data)
    except ValidationErrors as e:
        return list(e)
    except ValidationError as e:
        return [e]
    return []


def first(data: object) -> ValidationError:
    errors = errors_of(data)
    assert errors, "the intent was accepted"
    return errors[0]


# --------------------------------------------------------------------------- examples
def test_exactly_three_examples() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("*.yaml")) == [
        "bgp-over-mlag-vbdif.yaml", "bgp-over-mlag.yaml", "mp-ebgp-vpnv4.yaml"]


@pytest.mark.parametrize(("path", "kind", "devices"), [
    (MLAG, "bgp-over-mlag", ["DeviceA", "DeviceB"]),
    (VBDIF, "bgp-over-mlag", ["CE-1", "CE-2"]),
    (MP, "mp-ebgp", ["AGG1", "MASG1"]),
])
def test_examples_load(path: Path, kind: str, devices: list[str]) -> None:
    intent = load_intent(path)
    assert isinstance(intent, Intent)
    assert intent.kind == kind
    assert [d.name for d in intent.devices] == devices
    assert list(intent.payloads()) == devices
    assert (intent.pair is not None) == (kind == "bgp-over-mlag")
    for d in intent.devices:
        assert violations(d) == []
    assert load_intent(str(path)) == intent  # a str path works too


def test_bgp_over_mlag_example_facts() -> None:
    intent = load_intent(MLAG)
    assert intent.pair is not None
    assert intent.pair.mode is MlagMode.DUAL_ACTIVE
    assert [str(a) for a in intent.pair.user_side] == ["10.1.1.100", "2001:db8:1::100"]
    a, b = intent.devices
    ia, ib = a.interface("Vlanif100"), b.interface("Vlanif100")
    assert ia.virtual_mac == ib.virtual_mac == MacAddress.parse("0000-5e00-0101")
    assert (str(ia.mlag_ipv4), str(ib.mlag_ipv4)) == ("10.1.1.2", "10.1.1.3")
    assert str(ia.mlag_ipv6) == "2001:db8:1::2/64"  # prefix length from the interface
    assert str(ia.mlag_ipv6_link_local) == "fe80::1:2"
    assert ia.route_proxy_arp
    assert not ia.local_proxy_arp
    assert ia.ipv6_enable
    assert ia.nd_na_glean
    assert ia.nd_proxy_route.value == "prune"
    assert a.bgp is not None
    assert [(str(p.address), str(p.source_address), p.enabled) for p in a.bgp.peers] == [
        ("10.1.1.100", "10.1.1.2", (AddressFamily.IPV4_UNICAST,)),
        ("2001:db8:1::100", "2001:db8:1::2", (AddressFamily.IPV6_UNICAST,))]


def test_vbdif_example_facts() -> None:
    a, _ = load_intent(VBDIF).devices
    iface = a.interface("vbdif 10")
    assert iface.vni is not None
    assert iface.vni.value == 5010
    assert iface.local_proxy_arp
    assert not iface.route_proxy_arp
    assert a.bgp is not None
    assert a.bgp.asn.xml_text == "1.1"
    assert a.bgp.peers[0].remote_as is not None
    assert a.bgp.peers[0].remote_as.xml_text == "1.100"


def test_mp_ebgp_example_facts() -> None:
    agg, masg = load_intent(MP).devices
    assert agg.bgp is not None
    assert masg.bgp is not None
    (peer,) = agg.bgp.peers
    assert str(peer.address) == "3.3.3.3"
    assert peer.ebgp_max_hop is not None
    assert peer.ebgp_max_hop.value == 10
    assert peer.enabled == (AddressFamily.VPNV4,)
    assert peer.disabled == (AddressFamily.IPV4_UNICAST,)
    assert str(agg.interface("LoopBack1").ipv4) == "1.1.1.1/32"
    assert str(masg.bgp.router_id) == "3.3.3.3"


# --------------------------------------------------------------------------- YAML numbers
def test_yaml_dot_as_is_not_a_float() -> None:
    """``as: 1.100`` is the dot AS 1.100 (65636), not the float 1.1 (= AS 1.1 = 65537)."""
    text = VBDIF.read_text(encoding="utf-8")
    assert "as: 1.100" in text
    intent = loads_intent(text)
    peer = intent.devices[0].bgp.peers[0] if intent.devices[0].bgp else None
    assert peer is not None
    assert peer.remote_as == AsNumber.parse("1.100")
    assert peer.remote_as is not None
    assert peer.remote_as.value == 65636
    assert peer.remote_as != AsNumber.parse("1.1")
    assert "<remote-as>1.100</remote-as>" in intent.payloads()["CE-1"].xml


@pytest.mark.parametrize(("yaml_as", "value", "xml"), [
    ("1.10", 65546, "1.10"), ("1.100", 65636, "1.100"), ("1.0", 65536, "1.0"),
    ("65001", 65001, "65001"), ('"1.10"', 65546, "1.10")])
def test_yaml_as_forms(yaml_as: str, value: int, xml: str) -> None:
    text = MP.read_text(encoding="utf-8").replace("as: 65001\n    router-id",
                                                  f"as: {yaml_as}\n    router-id", 1)
    text = text.replace("as: 65001\n        connect", f"as: {yaml_as}\n        connect", 1)
    agg, masg = loads_intent(text).devices
    assert agg.bgp is not None
    assert masg.bgp is not None
    assert agg.bgp.asn.value == value
    assert agg.bgp.asn.xml_text == xml
    remote = masg.bgp.peers[0].remote_as
    assert remote is not None
    assert remote.value == value


def test_dot_and_plain_as_are_the_same_as_across_members() -> None:
    data = edited(MLAG, lambda r: (r["members"][0].update({"as": "1.10"}),
                                   r["members"][1].update({"as": 65546})))
    assert errors_of(data) == []
    data = edited(MLAG, lambda r: (r["members"][0].update({"as": "1.10"}),
                                   r["members"][1].update({"as": 65547})))
    assert [(e.path, e.rule) for e in errors_of(data)] == [("members[1].as", "pair-same-as")]


def test_safe_load_float_as_is_refused_not_misread() -> None:
    """A dict built with a plain YAML loader carries the float 1.1: refused, not AS 1.1."""
    data = yaml.safe_load(VBDIF.read_text(encoding="utf-8"))
    err = first(data)
    assert (err.path, err.rule) == ("user-side.as", "as-number-format")


def test_yaml_syntax_error() -> None:
    with pytest.raises(IntentError) as info:
        loads_intent("kind: [")
    assert info.value.rule == "yaml-syntax"


# --------------------------------------------------------------------------- unknown keys
def _add(where: Callable[[Raw], Raw]) -> Edit:
    return lambda r: where(r).update({"colour": "blue"})


@pytest.mark.parametrize(("path", "edit", "where"), [
    (MLAG, _add(lambda r: r), "colour"),
    (MLAG, _add(lambda r: r["interface"]), "interface.colour"),
    (MLAG, _add(lambda r: r["user-side"]), "user-side.colour"),
    (MLAG, _add(lambda r: r["members"][0]), "members[0].colour"),
    (MLAG, _add(lambda r: r["members"][1]), "members[1].colour"),
    (MP, _add(lambda r: r), "colour"),
    (MP, _add(lambda r: r["devices"][1]), "devices[1].colour"),
    (MP, _add(lambda r: r["devices"][0]["loopback"]), "devices[0].loopback.colour"),
    (MP, _add(lambda r: r["devices"][0]["peers"][0]), "devices[0].peers[0].colour"),
    (MP, lambda r: r["devices"][0].update(
        {"loopbacks": [{"id": 2, "ipv4": "9.9.9.9/32", "colour": 1}]}),
     "devices[0].loopbacks[0].colour"),
    (MP, lambda r: r["devices"][0].update(
        {"peer-groups": [{"name": "G", "colour": 1}]}), "devices[0].peer-groups[0].colour"),
], ids=["top", "interface", "user-side", "member-0", "member-1", "mp-top", "device",
        "loopback", "peer", "loopbacks", "peer-group"])
def test_unknown_keys_are_errors(path: Path, edit: Edit, where: str) -> None:
    err = first(edited(path, edit))
    assert isinstance(err, IntentError)
    assert (err.path, err.rule) == (where, "unknown-key")
    assert "'colour'" in err.message
    assert "allowed:" in err.message


def test_unknown_family_is_an_error() -> None:
    err = first(edited(MP, lambda r: r["devices"][0]["peers"][0]["families"].update(
        {"evpn": True})))
    assert err.path.startswith("devices[0].peers[0].families")
    assert err.rule == "address-family"


@pytest.mark.parametrize("key", ["ipv4", "arp_proxy", "Arp-Proxy", "virtual_mac"])
def test_near_miss_keys_are_not_ignored(key: str) -> None:
    """A misspelt key is reported, not silently dropped (``arp_proxy`` is not ``arp-proxy``)."""
    def edit(r: Raw) -> None:  # a member has no 'ipv4' (the interface has)
        target = r["members"][0] if key == "ipv4" else r["interface"]
        target[key] = "x"
    err = first(edited(MLAG, edit))
    assert err.rule == "unknown-key"
    assert err.path.endswith(f".{key}")


# --------------------------------------------------------------------------- missing keys
def _drop(where: Callable[[Raw], Raw], key: str) -> Edit:
    return lambda r: where(r).pop(key)


@pytest.mark.parametrize(("path", "edit", "where", "rule"), [
    (MLAG, _drop(lambda r: r, "interface"), "interface", "missing-key"),
    (MLAG, _drop(lambda r: r, "user-side"), "user-side", "missing-key"),
    (MLAG, _drop(lambda r: r, "members"), "members", "missing-key"),
    (MLAG, _drop(lambda r: r, "kind"), "kind", "intent-kind"),
    (MLAG, _drop(lambda r: r["interface"], "type"), "interface.type", "missing-key"),
    (MLAG, _drop(lambda r: r["interface"], "id"), "interface.id", "missing-key"),
    (MLAG, _drop(lambda r: r["user-side"], "as"), "user-side.as", "missing-key"),
    (MLAG, lambda r: (r["user-side"].pop("ipv4"), r["user-side"].pop("ipv6")),
     "user-side", "missing-key"),
    (MLAG, _drop(lambda r: r["members"][0], "name"), "members[0].name", "missing-key"),
    (MLAG, _drop(lambda r: r["members"][1], "as"), "members[1].as", "missing-key"),
    (MLAG, lambda r: r["members"].pop(), "members", "mlag-two-members"),
    (MP, _drop(lambda r: r, "devices"), "devices", "missing-key"),
    (MP, lambda r: r.update({"devices": []}), "devices", "missing-key"),
    (MP, _drop(lambda r: r["devices"][0], "name"), "devices[0].name", "missing-key"),
    (MP, _drop(lambda r: r["devices"][1], "as"), "devices[1].as", "missing-key"),
    (MP, _drop(lambda r: r["devices"][0]["loopback"], "id"), "devices[0].loopback.id",
     "missing-key"),
    (MP, _drop(lambda r: r["devices"][0]["peers"][0], "address"),
     "devices[0].peers[0].address", "missing-key"),
    (MP, lambda r: r["devices"][0].update({"peer-groups": [{"type": "ebgp"}]}),
     "devices[0].peer-groups[0].name", "missing-key"),
])
def test_missing_keys_are_errors(path: Path, edit: Edit, where: str, rule: str) -> None:
    err = first(edited(path, edit))
    assert isinstance(err, IntentError)
    assert (err.path, err.rule) == (where, rule)


def test_remote_as_missing_is_a_rule() -> None:
    err = first(edited(MP, _drop(lambda r: r["devices"][0]["peers"][0], "as")))
    assert (err.path, err.rule) == ("devices[0].peers[0].as", "bgp-peer-remote-as-required")


# --------------------------------------------------------------------------- wrong types
@pytest.mark.parametrize(("data", "where", "rule"), [
    ([1, 2], "", "intent-shape"),
    ("just text", "", "intent-shape"),
    (None, "", "intent-shape"),
    ({1: "x"}, "", "intent-shape"),
    (edited(MLAG, lambda r: r.update({"kind": "bgp"})), "kind", "intent-kind"),
    (edited(MLAG, lambda r: r.update({"interface": [1]})), "interface", "intent-shape"),
    (edited(MLAG, lambda r: r.update({"user-side": "DeviceC"})), "user-side", "intent-shape"),
    (edited(MLAG, lambda r: r.update({"members": {"a": 1}})), "members", "intent-shape"),
    (edited(MLAG, lambda r: r["members"].__setitem__(0, "DeviceA")), "members[0]",
     "intent-shape"),
    (edited(MLAG, lambda r: r.update({"mode": "sideways"})), "mode", "mlag-mode"),
    (edited(MLAG, lambda r: r["interface"].update({"type": "loopback"})), "interface.type",
     "interface-type"),
    (edited(MLAG, lambda r: r["interface"].update({"id": "abc"})), "interface.id",
     "vlan-id-range"),
    (edited(MLAG, lambda r: r["interface"].update({"id": 4095})), "interface.id",
     "vlan-id-range"),
    (edited(VBDIF, lambda r: r["interface"].update({"id": 0})), "interface.id", "bd-id-range"),
    (edited(VBDIF, lambda r: r["interface"].update({"vni": "x"})), "interface.vni",
     "vni-range"),
    (edited(MLAG, lambda r: r["interface"].update({"arp-proxy": "yes"})),
     "interface.arp-proxy", "boolean"),
    (edited(MLAG, lambda r: r["interface"].update({"nd-na-glean": 1})),
     "interface.nd-na-glean", "boolean"),
    (edited(MLAG, lambda r: r["interface"].update({"virtual-mac": "zz"})),
     "interface.virtual-mac", "mac-format"),
    (edited(MLAG, lambda r: r["interface"].update({"ipv4": "10.1.1.1"})), "interface.ipv4",
     "ipv4-interface-format"),
    (edited(MLAG, lambda r: r["interface"].update({"ipv4": "10.1.1.1/255.0.255.0"})),
     "interface.ipv4", "ipv4-mask-contiguous"),
    (edited(MLAG, lambda r: r["interface"].update({"ipv6": "2001:db8:1::1/129"})),
     "interface.ipv6", "ipv6-prefix-range"),
    (edited(MLAG, lambda r: r["interface"].update({"ipv4-secondary": "10.1.2.1/24"})),
     "interface.ipv4-secondary", "intent-shape"),
    (edited(MLAG, lambda r: r["user-side"].update({"ipv4": "2001:db8::9"})), "user-side.ipv4",
     "ipv4-format"),
    (edited(MLAG, lambda r: r["user-side"].update({"as": 1.5})), "user-side.as",
     "as-number-format"),
    (edited(MLAG, lambda r: r["members"][0].update({"as": 0})), "members[0].as",
     "as-number-range"),
    (edited(MLAG, lambda r: r["members"][0].update({"m-lag-ipv4": "10.1.1"})),
     "members[0].m-lag-ipv4", "ipv4-format"),
    (edited(MLAG, lambda r: r["members"][0].update({"m-lag-ipv6": "zz"})),
     "members[0].m-lag-ipv6", "ipv6-interface-format"),
    (edited(MLAG, lambda r: r["members"][1].update({"low-latency": "on"})),
     "members[1].low-latency", "boolean"),
    (edited(MLAG, lambda r: r["members"][1].update({"name": "DeviceA"})), "members[1].name",
     "device-name-unique"),
    (edited(MP, lambda r: r.update({"devices": {"AGG1": {}}})), "devices", "intent-shape"),
    (edited(MP, lambda r: r["devices"][0].update({"peers": {"address": "3.3.3.3"}})),
     "devices[0].peers", "intent-shape"),
    (edited(MP, lambda r: r["devices"][0].update({"loopback": "LoopBack1"})),
     "devices[0].loopback", "intent-shape"),
    (edited(MP, lambda r: r["devices"][0]["peers"][0].update({"families": ["vpnv4"]})),
     "devices[0].peers[0].families", "intent-shape"),
    (edited(MP, lambda r: r["devices"][0]["peers"][0]["families"].update({"vpnv4": "yes"})),
     "devices[0].peers[0].families", "boolean"),
    (edited(MP, lambda r: r["devices"][0]["peers"][0].update({"address": "3.3.3"})),
     "devices[0].peers[0].address", "ip-format"),
    (edited(MP, lambda r: r["devices"][0]["peers"][0].update({"as": "65536.1"})),
     "devices[0].peers[0].as", "as-number-range"),
    (edited(MP, lambda r: r["devices"][0]["peers"][0].update({"ebgp-max-hop": 256})),
     "devices[0].peers[0].ebgp-max-hop", "ebgp-max-hop-range"),
    (edited(MP, lambda r: r["devices"][0]["peers"][0].update({"connect-interface": "GE1"})),
     "devices[0].peers[0].connect-interface", "interface-name"),
    (edited(MP, lambda r: r["devices"][0]["peers"][0].update({"source-address": "x"})),
     "devices[0].peers[0].source-address", "ip-format"),
    (edited(MP, lambda r: r["devices"][0].update({"router-id": "2001:db8::1"})),
     "devices[0].router-id", "router-id-ipv4"),
    (edited(MP, lambda r: r["devices"][0]["loopback"].update({"id": 1024})),
     "devices[0].loopback.id", "interface-name"),
    (edited(MP, lambda r: r["devices"][0].update({"peer-groups": [{"name": "my group"}]})),
     "devices[0].peer-groups[0].name", "peer-group-name"),
])
def test_wrong_types_are_errors(data: object, where: str, rule: str) -> None:
    err = first(data)
    assert isinstance(err, IntentError | ValueFormatError | RuleViolation)
    assert (err.path, err.rule) == (where, rule)


WRONG_TYPE_BUGS = [
    pytest.param(edited(MLAG, lambda r: r["members"][0].update({"router-id": "2001:db8::1"})),
                 "members[0].router-id", "router-id-ipv4", id="member-router-id"),
    pytest.param(edited(MP, lambda r: r["devices"][0].update({"as": 0})),
                 "devices[0].as", "as-number-range", id="device-as"),
    pytest.param(edited(MLAG, lambda r: r["interface"].update({"nd-proxy-route": "maybe"})),
                 "interface.nd-proxy-route", "nd-proxy-route", id="nd-proxy-route"),
    pytest.param(edited(MLAG, lambda r: r["interface"].update({"ipv4-secondary": ["x"]})),
                 "interface.ipv4-secondary[0]", "ipv4-interface-format", id="secondary-item"),
    pytest.param(edited(MLAG, lambda r: r["members"][0].update({"role": "boss"})),
                 "members[0].role", None, id="member-role-value"),
    pytest.param(edited(MLAG, lambda r: r["members"][0].update({"role": ["master"]})),
                 "members[0].role", None, id="member-role-type"),
    pytest.param(edited(MLAG, lambda r: r["members"][0].update({"name": ["DeviceA"]})),
                 "members[0].name", None, id="member-name-type"),
    pytest.param(edited(MLAG, lambda r: r["members"][0].update({"as": None})),
                 "members[0].as", None, id="member-as-null"),
    pytest.param(edited(MP, lambda r: r["devices"][0].update({"as": None})),
                 "devices[0].as", None, id="device-as-null"),
    pytest.param(edited(MP, lambda r: r["devices"][0]["peers"][0].update({"address": None})),
                 "devices[0].peers[0].address", None, id="peer-address-null"),
]


@pytest.mark.parametrize(("data", "where", "rule"), WRONG_TYPE_BUGS)
def test_wrong_types_are_errors_known_bugs(data: object, where: str, rule: str | None) -> None:
    err = first(data)
    assert err.path == where
    if rule is not None:
        assert err.rule == rule


# --------------------------------------------------------------------------- rule paths
@pytest.mark.parametrize(("path", "edit", "expected"), [
    (MLAG, lambda r: r["members"][1].update({"m-lag-ipv4": "10.9.9.9"}),
     [("members[1].m-lag-ipv4", "mlag-ipv4-in-primary-subnet")]),
    (MLAG, lambda r: r["members"][0].update({"m-lag-ipv4": "10.1.1.255"}),
     [("members[0].m-lag-ipv4", "mlag-ipv4-unicast")]),
    (MLAG, lambda r: r["members"][1].update({"m-lag-ipv4": "10.1.1.2"}),
     [("members[0].m-lag-ipv4", "mlag-ipv4-unique"),
      ("members[1].m-lag-ipv4", "mlag-ipv4-unique")]),
    (MLAG, lambda r: r["members"][0].update({"m-lag-ipv6": "2001:db8:1::"}),
     [("members[0].m-lag-ipv6", "mlag-ipv6-global-unicast")]),
    (MLAG, lambda r: r["members"][0].update({"m-lag-ipv6-link-local": "fec0::1"}),
     [("members[0].m-lag-ipv6-link-local", "mlag-ipv6-link-local-fe80")]),
    (MLAG, lambda r: r["members"][1].update({"m-lag-ipv6-link-local": "fe80::1:2"}),
     [("members[0].m-lag-ipv6-link-local", "mlag-ipv6-link-local-unique"),
      ("members[1].m-lag-ipv6-link-local", "mlag-ipv6-link-local-unique")]),
    (MLAG, lambda r: r["members"][1].update({"as": 65002}), [("members[1].as", "pair-same-as")]),
    (MLAG, lambda r: r["members"][1].update({"router-id": "1.1.1.1"}),
     [("members[1].router-id", "pair-different-router-id")]),
    (MLAG, lambda r: r["members"][0].update({"ignore-primary-sub": True}),
     [("members[0].m-lag-ipv4", "mlag-ipv4-ignore-primary-sub")]),
    (MLAG, lambda r: r.update({"mode": "active-standby"}), [("mode", "mlag-dual-active")]),
    (MLAG, lambda r: r["interface"].update({"vni": 5010}), [("interface.vni",
                                                              "vni-only-on-vbdif")]),
    (MLAG, lambda r: r["user-side"].update({"ipv4": "10.1.2.100"}),
     [("user-side.ipv4", "bgp-peer-in-interface-subnet")]),  # once, not once per member
    (MLAG, lambda r: r["members"][0].update({"platform": "CE6885-LL", "low-latency": True}),
     [("members[0].platform", "platform-low-latency-no-ipv6")]),
    (MLAG, lambda r: r["interface"].update({"ipv6-link-local": "fe80::99"}),
     [("members[0].m-lag-ipv6-link-local", "mlag-ipv6-link-local-explicit-conflict"),
      ("members[1].m-lag-ipv6-link-local", "mlag-ipv6-link-local-explicit-conflict")]),
    (VBDIF, lambda r: r["interface"].pop("vni"),
     [("members[0].m-lag-ipv4", "vbdif-mlag-needs-vni"),
      ("members[1].m-lag-ipv4", "vbdif-mlag-needs-vni")]),
    (VBDIF, lambda r: r["members"][1].update({"platform": "CE6820H"}),
     [("members[1].platform", "platform-no-vxlan")]),
    (MP, lambda r: r["devices"][0]["peers"][0].pop("ebgp-max-hop"),
     [("devices[0].peers[0].ebgp-max-hop", "ebgp-loopback-needs-max-hop")]),
    (MP, lambda r: r["devices"][1]["loopback"].update({"ipv4": "3.3.3.3/24"}),
     [("devices[1].peers[0].connect-interface", "loopback-ipv4-32")]),
    (MP, lambda r: r["devices"][0]["peers"][0].update({"connect-interface": "LoopBack2"}),
     [("devices[0].peers[0].connect-interface", "bgp-connect-interface-exists")]),
    (MP, lambda r: r["devices"][0]["peers"][0].update({"source-address": "9.9.9.9"}),
     [("devices[0].peers[0].source-address", "bgp-connect-interface-source-owned")]),
    (MP, lambda r: r["devices"][0]["peers"][0].update({"group": "NOPE"}),
     [("devices[0].peers[0].group", "bgp-peer-group-exists")]),
    (MP, lambda r: r["devices"][0]["peers"][0].update({"address": "1.1.1.1"}),
     [("devices[0].peers[0].address", "bgp-peer-not-member-address")]),
], ids=["mlag-subnet", "mlag-broadcast", "mlag-same", "mlag6-anycast", "ll-fe80", "ll-same",
        "as", "router-id", "ignore-primary-sub", "active-standby", "vni-on-vlanif",
        "user-outside-subnet", "low-latency-ipv6", "explicit-link-local", "vbdif-no-vni",
        "ce6820h-vxlan", "no-max-hop", "loopback-24", "no-connect-interface",
        "source-not-owned", "no-group", "peer-is-self"])
def test_rule_violations_name_intent_fields(path: Path, edit: Edit,
                                            expected: list[tuple[str, str]]) -> None:
    errors = errors_of(edited(path, edit))
    assert sorted((e.path, e.rule) for e in errors) == sorted(expected)
    assert all(isinstance(e, RuleViolation) for e in errors)


def test_vpnv4_left_in_ipv4_unicast_is_a_warning_at_the_intent_path() -> None:
    """Item 8: the seed marks 'undo peer enable' optional: rendered, with a warning."""
    data = edited(MP, lambda r: r["devices"][0]["peers"][0]["families"].pop("ipv4-unicast"))
    intent = parse_intent(data)
    assert [(w.path, w.rule) for w in intent.warnings] == [
        ("devices[0].peers[0].families", "vpnv4-only-disables-ipv4-unicast")]
    assert "ipv4-unicast: false" in intent.warnings[0].message
    assert "AGG1" in intent.payloads()
    assert parse_intent(raw(MP)).warnings == ()


def test_bad_mlag_address_error_text() -> None:
    err = first(edited(MLAG, lambda r: r["members"][1].update({"m-lag-ipv4": "10.9.9.9"})))
    assert str(err).startswith("members[1].m-lag-ipv4: mlag-ipv4-in-primary-subnet: ")
    assert "10.9.9.9" in str(err)
    assert "10.1.1.0/24" in str(err)


def test_several_violations_are_reported_together() -> None:
    data = edited(MLAG, lambda r: (r["members"][1].update({"as": 65002, "router-id": "1.1.1.1"}),
                                   r.update({"mode": "active-standby"})))
    with pytest.raises(ValidationErrors) as info:
        parse_intent(data)
    assert info.value.rules == {"pair-same-as", "pair-different-router-id", "mlag-dual-active"}
    assert len(str(info.value).splitlines()) == 3


def test_peer_group_violation_names_the_intent_field() -> None:
    def edit(r: Raw) -> None:
        d = r["devices"][0]
        d["peer-groups"] = [{"name": "G", "type": "ebgp", "as": 65003,
                             "connect-interface": "LoopBack1"}]
    err = first(edited(MP, edit))
    assert (err.path, err.rule) == ("devices[0].peer-groups[0].ebgp-max-hop",
                                    "ebgp-loopback-needs-max-hop")


# --------------------------------------------------------------------------- more YAML
def test_ebgp_max_hop_true_means_255() -> None:
    data = edited(MP, lambda r: r["devices"][0]["peers"][0].update({"ebgp-max-hop": True}))
    agg = parse_intent(data).devices[0]
    assert agg.bgp is not None
    hop = agg.bgp.peers[0].ebgp_max_hop
    assert hop is not None
    assert hop.value == 255


def test_ebgp_max_hop_without_value_means_255() -> None:
    text = MP.read_text(encoding="utf-8").replace("ebgp-max-hop: 10", "ebgp-max-hop:", 1)
    agg = loads_intent(text).devices[0]
    assert agg.bgp is not None
    hop = agg.bgp.peers[0].ebgp_max_hop
    assert hop is not None
    assert hop.value == 255


@pytest.mark.parametrize("mac", ["00:00:5E:00:01:01", "0000.5e00.0101", "0000-5E00-0101",
                                 "'52:54:00:12:34:56'"])
def test_yaml_mac_forms(mac: str) -> None:
    text = MLAG.read_text(encoding="utf-8").replace("0000-5e00-0101", mac)
    iface = loads_intent(text).devices[0].interfaces[0]
    assert iface.virtual_mac is not None
    assert iface.virtual_mac.xml_text == MacAddress.parse(mac.strip("'")).xml_text


def test_yaml_colon_mac_that_looks_sexagesimal() -> None:
    text = MLAG.read_text(encoding="utf-8").replace("0000-5e00-0101", "52:54:00:12:34:56")
    iface = loads_intent(text).devices[0].interfaces[0]
    assert iface.virtual_mac == MacAddress.parse("5254-0012-3456")


def test_optional_platform_and_lists() -> None:
    data = edited(MP, lambda r: (r["devices"][0].update({"platform": "CE6881", "peer-groups": [],
                                                         "loopbacks": None})))
    intent = parse_intent(data)
    assert intent.devices[0].platform == "CE6881"
    data = edited(MLAG, lambda r: r["members"][0].update({"platform": "CE6885-LL"}))
    assert errors_of(data) == []  # CE6885-LL outside low-latency mode takes IPv6


def test_intent_path_leaves_unknown_paths_alone() -> None:
    intent = load_intent(MLAG)
    assert intent.intent_path("mode") == "mode"
    assert intent.intent_path("DeviceB.interfaces[Vlanif100].mlag_ipv6") == (
        "members[1].m-lag-ipv6")
    assert intent.intent_path("DeviceA.bgp.router_id") == "members[0].router-id"


# --------------------------------------------------------------------------- duplicate keys
@pytest.mark.parametrize(("text", "where"), [
    ("kind: mp-ebgp\nkind: bgp-over-mlag\n", "kind"),
    ("kind: mp-ebgp\ndevices:\n  - {name: R1, as: 1, as: 2}\n", "devices[0].as"),
    ("kind: mp-ebgp\ndevices:\n  - name: R1\n    as: 1\n    peers:\n"
     "      - {address: 2.2.2.2}\n      - address: 3.3.3.3\n        address: 4.4.4.4\n",
     "devices[0].peers[1].address"),
])
def test_duplicate_yaml_keys_are_refused(text: str, where: str) -> None:
    with pytest.raises(IntentError) as info:
        loads_intent(text)
    assert (info.value.path, info.value.rule) == (where, "duplicate-key")
    assert str(info.value).startswith(f"{where}: duplicate-key: ")
    assert "given twice" in info.value.message


def test_duplicate_key_in_an_example_is_refused() -> None:
    text = MLAG.read_text(encoding="utf-8").replace(
        "    m-lag-ipv4: 10.1.1.3\n", "    m-lag-ipv4: 10.1.1.3\n    m-lag-ipv4: 10.1.1.4\n")
    with pytest.raises(IntentError) as info:
        loads_intent(text)
    assert (info.value.path, info.value.rule) == ("members[1].m-lag-ipv4", "duplicate-key")


# --------------------------------------------------------------------------- origin table
def test_peer_source_violation_names_the_member_mlag_address() -> None:
    """The peers' source addresses were built from the members' M-LAG addresses: a rule
    broken on a source address names ``members[i].m-lag-ipv4`` (looked up, not guessed)."""
    intent = load_intent(MLAG)
    assert intent.pair is not None
    a, b = intent.pair.members
    assert b.bgp is not None
    peer4, peer6 = b.bgp.peers
    broken = b.with_bgp(b.bgp.replace(peers=(peer4.replace(source_address="10.1.1.9"), peer6)))
    found = violations(MlagPair((a, broken), user_side=intent.pair.user_side))
    assert {v.path for v in found} == {"DeviceB.bgp.peers[10.1.1.100].source_address"}
    assert {(intent.intent_path(v.path), v.rule) for v in found} == {
        ("members[1].m-lag-ipv4", "bgp-mlag-peer-source"),
        ("members[1].m-lag-ipv4", "bgp-connect-interface-source-owned")}
    assert intent.intent_path("DeviceA.bgp.peers[2001:db8:1::100].source_address") == (
        "members[0].m-lag-ipv6")


@pytest.mark.parametrize(("model_path", "expected"), [
    ("DeviceA.bgp.peers[10.1.1.100].remote_as", "user-side.as"),
    ("DeviceA.bgp.peers[10.1.1.100].group", "user-side.ipv4"),  # nearest recorded ancestor
    ("DeviceB.bgp.peers[2001:db8:1::100]", "user-side.ipv6"),
    ("DeviceB.interfaces[Vlanif100].route_proxy_arp", "interface.arp-proxy"),
    ("DeviceB.interfaces[Vlanif100].ipv6[0]", "interface.ipv6"),
    ("DeviceB.interfaces[Vlanif100].ipv4_secondary[3]", "interface.ipv4-secondary"),
    ("DeviceA.interfaces", "interface"),
    ("DeviceA.low_latency", "members[0].low-latency"),
    ("DeviceA.vrf", "members[0]"),
    ("members[1].name", "members[1].name"),
    ("Elsewhere.bgp.asn", "Elsewhere.bgp.asn"),
])
def test_intent_path_exact_then_nearest_ancestor(model_path: str, expected: str) -> None:
    assert load_intent(MLAG).intent_path(model_path) == expected


def test_mp_ebgp_origins_follow_the_list_entry() -> None:
    def edit(r: Raw) -> None:
        d = r["devices"][0]
        d["loopbacks"] = [{"id": 2, "ipv4": "9.9.9.9/32"}]
        d["peers"][0]["connect-interface"] = "LoopBack2"
        d["peers"][0]["source-address"] = "8.8.8.8"
    err = first(edited(MP, edit))
    assert (err.path, err.rule) == ("devices[0].peers[0].source-address",
                                    "bgp-connect-interface-source-owned")
    intent = parse_intent(raw(MP))
    assert intent.intent_path("AGG1.interfaces[LoopBack1].ipv4") == "devices[0].loopback.ipv4"
    assert intent.intent_path("MASG1.bgp.peers[1.1.1.1].ebgp_max_hop") == (
        "devices[1].peers[0].ebgp-max-hop")


def test_repr_does_not_show_the_origin_table() -> None:
    intent = load_intent(MLAG)
    assert intent.origins  # it is there ...
    text = repr(intent)
    assert "origins" not in text  # ... but not shown
    assert "m-lag-ipv4" not in text
    assert "user-side" not in text


def test_member_names_are_checked_by_the_model_too() -> None:
    err = first(edited(MLAG, lambda r: r["members"][0].update({"name": "../x"})))
    assert (err.path, err.rule) == ("members[0].name", "device-name")
    with pytest.raises(ValueFormatError) as info:
        Device("../x")
    assert (info.value.path, info.value.rule) == ("name", "device-name")
