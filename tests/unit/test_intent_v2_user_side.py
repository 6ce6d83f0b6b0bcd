"""The user side in intent format v2: ``mlag.user-side`` as format 1's mapping (``name``,
``as``, ``ipv4``/``ipv6``, optional ``interface``/``router-id``) plus ``shared-interface``
(which shared VLANIF/VBDIF it is dual-homed on; needed when the members share several),
or the list of its addresses as before. The device is built by the same code as format
1's: a format-1 user side and its format-2 translation render the same payloads, or are
both refused (a property test)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from intent_checks import intent_errors

from mlag_netconf.errors import MlagNetconfError
from mlag_netconf.intent import Intent, load_intent, parse_intent
from mlag_netconf.intent.loader import load_yaml

ROOT = Path(__file__).resolve().parents[2]
V1 = ROOT / "examples" / "bgp-over-mlag.yaml"
V2 = ROOT / "examples" / "v2" / "bgp-over-mlag.yaml"
NAMES = ("bgp-over-mlag.yaml", "bgp-over-mlag-vbdif.yaml")


def doc(path: Path = V2) -> dict[str, Any]:
    data: dict[str, Any] = copy.deepcopy(load_yaml(path.read_text()))
    return data


def with_user(**keys: Any) -> dict[str, Any]:
    """The v2 example, its ``mlag.user-side`` mapping updated (``None`` deletes a key)."""
    data = doc()
    user = data["mlag"]["user-side"]
    for key, value in keys.items():
        key = key.replace("_", "-")
        if value is None:
            user.pop(key, None)
        else:
            user[key] = value
    return data


def second_shared_interface(data: dict[str, Any]) -> dict[str, Any]:
    """Both members get Vlanif200 (M-LAG 10.2.2.2 / .3) and LoopBack1: two shared
    VLANIFs (a loopback both have is no interface to be dual-homed on)."""
    for i, dev in enumerate(data["devices"]):
        dev["interfaces"].append({"name": "Vlanif200", "ipv4": "10.2.2.1/24",
                                  "m-lag-ipv4": f"10.2.2.{2 + i}", "arp-proxy": True})
        dev["interfaces"].append({"name": "LoopBack1", "ipv4": "9.9.9.9/32"})
    return data


def user_xml(intent: Intent) -> str:
    payload = intent.user_side_payload()
    assert payload is not None
    return payload.validate().xml


@pytest.mark.parametrize("name", NAMES)
def test_the_v2_examples_render_the_same_user_side_as_format_1(name: str) -> None:
    one, two = load_intent(ROOT / "examples" / name), load_intent(ROOT / "examples" / "v2" / name)
    assert two.user_side is not None
    assert one.user_side is not None
    assert two.user_side.name == one.user_side.name
    assert user_xml(two) == user_xml(one)
    assert {k: p.xml for k, p in two.extra_payloads().items()} == {
        k: p.xml for k, p in one.extra_payloads().items()}
    assert two.device_names == one.device_names  # the user side is no member


def test_the_user_sides_fields_are_named_at_their_v2_paths() -> None:
    intent = parse_intent(with_user(router_id="3.3.3.3", interface="Vlanif100"))
    path = intent.intent_path
    assert path("DeviceC.bgp.asn") == "mlag.user-side.as"
    assert path("DeviceC.bgp.router_id") == "mlag.user-side.router-id"
    assert path("DeviceC.interfaces[Vlanif100].ipv4") == "mlag.user-side.ipv4"
    assert path("DeviceC.bgp.peers[10.1.1.3].remote_as") == "devices[1].bgp.as"
    assert path("DeviceC.bgp.peers[10.1.1.3].address") == "devices[1].interfaces[0].m-lag-ipv4"
    assert path("DeviceC.bgp.peers[2001:db8:1::2].address") == (
        "devices[0].interfaces[0].m-lag-ipv6")
    cli = intent.user_side_payload().cli()  # type: ignore[union-attr]
    assert " peer 10.1.1.2 connect-interface Vlanif100 10.1.1.100\n" in cli
    assert " router-id 3.3.3.3\n" in cli


def test_the_list_of_addresses_keeps_working() -> None:
    data = doc()
    data["mlag"]["user-side"] = ["10.1.1.100", "2001:db8:1::100"]
    intent = parse_intent(data)
    assert intent.user_side is None
    assert intent.extra_payloads() == {}
    assert intent.pair is not None
    assert [str(a) for a in intent.pair.user_side] == ["10.1.1.100", "2001:db8:1::100"]
    named = load_intent(V2)
    assert named.pair is not None
    assert named.pair.user_side == intent.pair.user_side  # the mapping gives the same list
    assert {k: p.xml for k, p in intent.payloads().items()} == {
        k: p.xml for k, p in named.payloads().items()}


def test_a_mapping_without_a_name_gives_the_addresses_only() -> None:
    intent = parse_intent(with_user(name=None))
    assert intent.user_side is None
    assert intent.pair is not None
    assert [str(a) for a in intent.pair.user_side] == ["10.1.1.100", "2001:db8:1::100"]


def test_shared_interface_chooses_among_several() -> None:
    data = second_shared_interface(with_user(shared_interface=None))
    assert intent_errors(data) == [("mlag.user-side.shared-interface", "missing-key")]
    data["mlag"]["user-side"].update({"shared-interface": "vlanif 200", "ipv6": None,
                                      "ipv4": "10.2.2.100"})
    for dev in data["devices"]:  # the members peer with it over Vlanif200
        dev["bgp"]["peers"] = [{"address": "10.2.2.100", "as": 65100,
                                "connect-interface": "Vlanif200",
                                "source-address": dev["interfaces"][1]["m-lag-ipv4"]}]
    intent = parse_intent(data)
    c = intent.user_side
    assert c is not None
    assert c.bgp is not None
    assert [(str(p.address), str(p.remote_as)) for p in c.bgp.peers] == [
        ("10.2.2.2", "65001"), ("10.2.2.3", "65001")]
    assert intent.intent_path("DeviceC.bgp.peers[10.2.2.3].address") == (
        "devices[1].interfaces[1].m-lag-ipv4")
    user_xml(intent)
    # the same with the user side's own interface: in Vlanif200's subnet
    data["mlag"]["user-side"]["interface"] = "Vlanif200"
    assert "ip address 10.2.2.100 255.255.255.0" in parse_intent(
        data).user_side_payload().cli()  # type: ignore[union-attr]


@pytest.mark.parametrize(("data", "errors"), [
    (with_user(shared_interface="Vlanif300"),
     [("mlag.user-side.shared-interface", "user-side-shared-interface")]),
    (with_user(shared_interface="Eth-Trunk1"),
     [("mlag.user-side.shared-interface", "interface-name")]),
    (second_shared_interface(with_user(shared_interface="LoopBack1")),
     [("mlag.user-side.shared-interface", "user-side-shared-interface")]),
    (with_user(name="DeviceB"), [("mlag.user-side.name", "user-side-name")]),
    (with_user(name="bad name!"), [("mlag.user-side.name", "device-name")]),
    (with_user(router_id="300.1.1.1"), [("mlag.user-side.router-id", "router-id-ipv4")]),
    (with_user(interface="Eth-Trunk1"), [("mlag.user-side.interface", "interface-name")]),
    (with_user(interface="Vlanif100", ipv6="2001:db8:2::100"),
     [("mlag.user-side.ipv6", "user-side-subnet")]),
    (with_user(loopback=1), [("mlag.user-side.loopback", "unknown-key")]),
    (with_user(**{"as": None}), [("mlag.user-side.as", "missing-key")]),
    (with_user(ipv4=None, ipv6=None), [("mlag.user-side", "missing-key")]),
    (with_user(ipv4="224.0.0.1"), [("mlag.user-side.ipv4", "bgp-peer-unicast")]),
    (with_user(ipv4="2001:db8:1::100"), [("mlag.user-side.ipv4", "ipv4-format")]),
    # the members' hand-written peers at the user side must use its AS
    (with_user(**{"as": 65200}), [("devices[0].bgp.peers[0].as", "user-side-as")]),
    # the rules, on the user side as a device: paths mapped back to mlag.user-side
    (with_user(interface="LoopBack1"), [("mlag.user-side.interface", "loopback-ipv4-32"),
                                        ("mlag.user-side.ipv4", "ebgp-loopback-needs-max-hop"),
                                        ("mlag.user-side.ipv6", "ebgp-loopback-needs-max-hop")]),
])
def test_errors_name_the_v2_user_side_fields(data: dict[str, Any],
                                             errors: list[tuple[str, str]]) -> None:
    assert sorted(intent_errors(data)) == errors


def test_no_shared_vlanif_to_be_dual_homed_on() -> None:
    data = with_user(shared_interface=None)
    data["devices"][1]["interfaces"][0]["name"] = "Vlanif101"
    for peer in data["devices"][1]["bgp"]["peers"]:
        peer["connect-interface"] = "Vlanif101"
    assert ("mlag.user-side", "user-side-shared-interface") in intent_errors(data)


# --------------------------------------------------------------------------- one definition
# valid values repeated, so that about one drawn user side in seven is accepted
USER_VALUES: dict[str, list[object]] = {
    "name": [None, "DeviceC", "DeviceC", "DeviceC", "Server 9", "DeviceA"],
    "as": [65100, 65100, "1.100", 65001, "x"],
    "ipv4": [None, "10.1.1.100", "10.1.1.100", "10.1.1.200", "10.1.2.100", "10.1.1.2",
             "224.0.0.1"],
    "ipv6": [None, None, "2001:db8:1::100", "2001:db8:1::100", "2001:db8:2::100",
             "fe80::100", "fe80::1:2"],
    "router-id": [None, None, "3.3.3.3", "300.1.1.1"],
    "interface": [None, None, "Vlanif100", "vlanif 100", "LoopBack1", "Eth-Trunk1"],
}


def as_v2(v1_user: dict[str, Any]) -> dict[str, Any]:
    """The v2 example carrying the same user side: its mapping, and the members' peers
    format 1 derives from it (written by hand in format 2)."""
    data = doc()
    data["mlag"]["user-side"] = dict(v1_user)
    for dev in data["devices"]:
        iface = dev["interfaces"][0]
        v6 = v1_user.get("ipv6")
        v6_source = (iface["m-lag-ipv6-link-local"] if isinstance(v6, str)
                     and v6.startswith("fe80") else iface["m-lag-ipv6"])
        peers = [{"address": address, "as": v1_user["as"], "connect-interface": "Vlanif100",
                  "source-address": source, "families": {family: True}}
                 for address, source, family in (
                     (v1_user.get("ipv4"), iface["m-lag-ipv4"], "ipv4-unicast"),
                     (v6, v6_source, "ipv6-unicast")) if address is not None]
        dev["bgp"]["peers"] = peers
    return data


def outcome(data: dict[str, Any]) -> tuple[bool, dict[str, str]]:
    """(accepted, every payload's XML, the user side's included)."""
    try:
        intent = parse_intent(data)
    except MlagNetconfError:
        return False, {}
    return True, {k: p.xml for k, p in {**intent.payloads(),
                                        **intent.extra_payloads()}.items()}


@settings(max_examples=150, deadline=None, database=None)
@given(st.fixed_dictionaries({k: st.sampled_from(v) for k, v in USER_VALUES.items()}))
def test_a_format_1_user_side_and_its_v2_translation_agree(user: dict[str, Any]) -> None:
    user = {k: v for k, v in user.items() if v is not None}
    one = doc(V1)
    one["user-side"] = dict(user)
    accepted, payloads = outcome(one)
    assert outcome(as_v2(user)) == (accepted, payloads), user


def test_the_translation_test_can_fail() -> None:
    """A v2 user side that says something else (another AS) is not the v1 one."""
    user = {"name": "DeviceC", "as": 65100, "ipv4": "10.1.1.100"}
    one = doc(V1)
    one["user-side"] = dict(user)
    two = as_v2(user)
    two["mlag"]["user-side"]["router-id"] = "3.3.3.3"
    assert outcome(one)[0]
    assert outcome(two) != outcome(one)
