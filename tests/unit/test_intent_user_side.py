"""The user side of a BGP-over-M-LAG intent as a device of its own: ``user-side: {name,
as, router-id?, interface?, ipv4?, ipv6?}`` → ``Intent.user_side_payload()`` /
``Intent.extra_payloads()``: its BGP peering with each member's M-LAG address of each
family, checked by the rules, errors at ``user-side.*`` fields."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from intent_checks import intent_errors

from mlag_netconf.compose import violations
from mlag_netconf.enums import AddressFamily
from mlag_netconf.intent import load_intent, parse_intent
from mlag_netconf.intent.loader import load_yaml
from mlag_netconf.model import Device

ROOT = Path(__file__).resolve().parents[2]
MLAG = ROOT / "examples" / "bgp-over-mlag.yaml"
VBDIF = ROOT / "examples" / "bgp-over-mlag-vbdif.yaml"


def doc(path: Path = MLAG, **user: Any) -> dict[str, Any]:
    """The example as a mapping, its ``user-side`` updated (``None`` deletes a key)."""
    data: dict[str, Any] = copy.deepcopy(load_yaml(path.read_text()))
    for key, value in user.items():
        key = key.replace("_", "-")
        if value is None:
            data["user-side"].pop(key, None)
        else:
            data["user-side"][key] = value
    return data


def user(data: dict[str, Any]) -> Device:
    device = parse_intent(data).user_side
    assert device is not None
    assert device.bgp is not None
    return device


def test_the_example_names_its_user_side_and_renders_its_bgp() -> None:
    intent = load_intent(MLAG)
    assert intent.device_names == ("DeviceA", "DeviceB")  # the members stay the devices
    c = intent.user_side
    assert c is not None
    assert c.name == "DeviceC"
    assert c.interfaces == ()  # no user-side.interface: BGP only
    assert c.bgp is not None
    assert (str(c.bgp.asn), c.bgp.router_id) == ("65100", None)
    peers = [(str(p.address), str(p.remote_as), dict(p.families), p.connect_interface,
              p.source_address) for p in c.bgp.peers]
    v4, v6 = {AddressFamily.IPV4_UNICAST: True}, {AddressFamily.IPV6_UNICAST: True}
    assert peers == [("10.1.1.2", "65001", v4, None, None), ("10.1.1.3", "65001", v4, None, None),
                     ("2001:db8:1::2", "65001", v6, None, None),
                     ("2001:db8:1::3", "65001", v6, None, None)]
    assert violations(c) == []
    payload = intent.user_side_payload()
    assert payload is not None
    payload.validate()
    assert list(intent.extra_payloads()) == ["DeviceC"]
    assert intent.extra_payloads()["DeviceC"].xml == payload.xml
    assert (ROOT / "payloads" / "bgp-over-mlag" / "DeviceC.xml").read_text() == payload.xml + "\n"


def test_without_a_name_there_is_no_user_side_payload() -> None:
    intent = parse_intent(doc(name=None))
    assert intent.user_side is None
    assert intent.user_side_payload() is None
    assert intent.extra_payloads() == {}
    assert list(intent.payloads()) == ["DeviceA", "DeviceB"]


def test_router_id_and_interface_render_the_interface_in_the_shared_subnet() -> None:
    data = doc(router_id="3.3.3.3", interface="vlanif 100")
    intent = parse_intent(data)
    payload = intent.user_side_payload()
    assert payload is not None
    payload.validate()
    cli = payload.cli()
    assert "interface Vlanif100\n ip address 10.1.1.100 255.255.255.0\n ipv6 enable\n" \
           " ipv6 address 2001:db8:1::100/64\n" in cli
    assert " router-id 3.3.3.3\n" in cli
    assert " peer 10.1.1.3 connect-interface Vlanif100 10.1.1.100\n" in cli
    assert " peer 2001:db8:1::2 connect-interface Vlanif100 2001:db8:1::100\n" in cli
    # the members' payloads are the same with or without the user side's extra keys
    assert {n: p.xml for n, p in intent.payloads().items()} == {
        n: p.xml for n, p in load_intent(MLAG).payloads().items()}
    assert intent.intent_path("DeviceC.bgp.router_id") == "user-side.router-id"
    assert intent.intent_path("DeviceC.interfaces[Vlanif100].ipv4") == "user-side.ipv4"
    assert intent.intent_path("DeviceC.bgp.peers[10.1.1.3].remote_as") == "members[1].as"


def test_a_link_local_user_side_peers_with_the_members_link_local_addresses() -> None:
    c = user(doc(interface="Vlanif100", ipv4=None, ipv6="fe80::100"))
    assert c.bgp is not None
    assert [str(p.address) for p in c.bgp.peers] == ["fe80::1:2", "fe80::1:3"]
    (iface,) = c.interfaces
    assert (str(iface.ipv6_link_local), iface.ipv6, iface.ipv6_enable) == ("fe80::100", (), True)
    # without the interface a link-local peer has no connect-interface: no BGP4+ peers
    c = user(doc(ipv6="fe80::100"))
    assert c.bgp is not None
    assert [str(p.address) for p in c.bgp.peers] == ["10.1.1.2", "10.1.1.3"]


def test_an_ipv4_only_user_side_has_no_ipv6_peers() -> None:
    c = user(doc(VBDIF))
    assert c.name == "Server-Leaf"
    assert c.bgp is not None
    assert [(str(p.address), str(p.remote_as)) for p in c.bgp.peers] == [
        ("172.16.10.2", "1.1"), ("172.16.10.3", "1.1")]


@pytest.mark.parametrize(("user_side", "errors"), [
    ({"name": "DeviceB"}, [("user-side.name", "user-side-name")]),
    ({"name": "bad name!"}, [("user-side.name", "device-name")]),
    ({"router_id": "300.1.1.1"}, [("user-side.router-id", "router-id-ipv4")]),
    ({"interface": "Eth-Trunk1"}, [("user-side.interface", "interface-name")]),
    # the rules, on the user side as a device: paths mapped back to user-side fields
    ({"interface": "Vlanif100", "ipv6": "2001:db8:2::100"},
     [("user-side.ipv6", "user-side-subnet")]),
    ({"interface": "Vlanif100", "ipv4": "10.1.1.255"}, [("user-side.ipv4", "ipv4-host-address")]),
    ({"ipv6": "2001:db8:2::100"}, [("user-side.ipv6", "bgp-peer-in-interface-subnet")]),
    ({"interface": "LoopBack1"}, [("user-side.interface", "loopback-ipv4-32"),
                                  ("user-side.ipv4", "ebgp-loopback-needs-max-hop"),
                                  ("user-side.ipv6", "ebgp-loopback-needs-max-hop")]),
])
def test_errors_name_the_user_side_fields(user_side: dict[str, Any],
                                          errors: list[tuple[str, str]]) -> None:
    assert sorted(intent_errors(doc(**user_side))) == errors


def test_unknown_user_side_keys_are_refused() -> None:
    assert intent_errors(doc(loopback=1)) == [("user-side.loopback", "unknown-key")]
