"""A BGP connect-interface on an interface of the device the payload does not create (an
Eth-Trunk sub-interface, a physical port), applied to a simulated CloudEngine V300 that
boots with physical ports and holds an Eth-Trunk and its L3 sub-interface in running.

The payload passes ``Payload.validate()`` (device interfaces taken as present); the
device checks the ``local-if-name`` leafref itself: an interface it has is accepted and
verified, one it lacks is refused with its ``<rpc-error>`` and running stays as it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from mlag_netconf import Payload
from mlag_netconf.errors import NetconfError, PayloadInvalid
from mlag_netconf.intent import Intent, parse_intent
from mlag_netconf.netconf import Session, apply
from mlag_netconf.sim import Profile, SimulatedDevice, SimulatedNetwork
from mlag_netconf.xmltree import child_value

from .conftest import running_text

PORTS = ("100GE1/0/1", "100GE1/0/2")
EXISTING = """<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">
  <ifm xmlns="urn:huawei:yang:huawei-ifm"><interfaces>
    <interface><name>Eth-Trunk10</name></interface>
    <interface><name>Eth-Trunk10.100</name></interface>
  </interfaces></ifm>
</config>"""


def intent(connect_interface: str) -> Intent:
    """AGG1 peering EBGP with 10.9.9.9 over ``connect_interface`` (format 2)."""
    peer: dict[str, Any] = {"address": "10.9.9.9", "as": 65009,
                            "connect-interface": connect_interface,
                            "families": {"ipv4-unicast": True}}
    return parse_intent({"version": 2, "devices": [{
        "name": "AGG1", "interfaces": [{"name": "LoopBack1", "ipv4": "1.1.1.1/32"}],
        "bgp": {"as": 65001, "router-id": "1.1.1.1", "peers": [peer]}}]})


def payload(connect_interface: str) -> Payload:
    return intent(connect_interface).payloads()["AGG1"]


@pytest.fixture
def dev() -> Iterator[SimulatedDevice]:
    with SimulatedNetwork(["AGG1"], profile=Profile.ce_v300(ports=PORTS)) as net:
        device = net["AGG1"]
        device.set_running(EXISTING)
        yield device  # conftest's ``session`` connects to this device


def peer_interface(dev: SimulatedDevice) -> str | None:
    peers = [e for e in dev.running().iter() if e.tag.endswith("}peer")]
    return child_value(peers[0], "local-if-name") if peers else None


def interface_names(dev: SimulatedDevice) -> list[str]:
    return [child_value(e, "name") or "" for e in dev.running().iter()
            if e.tag == "{urn:huawei:yang:huawei-ifm}interface"]


def test_the_device_boots_with_its_ports_and_holds_the_trunk(dev: SimulatedDevice) -> None:
    assert interface_names(dev) == ["Eth-Trunk10", "Eth-Trunk10.100", *PORTS]
    port = next(e for e in dev.running().iter()
                if e.tag.endswith("}interface") and child_value(e, "name") == PORTS[0])
    assert (child_value(port, "class"), child_value(port, "type"),
            child_value(port, "number")) == ("main-interface", "100GE", "1/0/1")


@pytest.mark.parametrize("name", ["eth-trunk 10.100", "Eth-Trunk10", "100ge 1/0/2"])
def test_a_peer_over_an_interface_the_device_has(dev: SimulatedDevice, session: Session,
                                                 name: str) -> None:
    p = payload(name)
    canonical = p.device_interfaces[0]
    assert canonical == name.replace("eth-trunk ", "Eth-Trunk").replace("100ge ", "100GE")
    assert [w.rule for w in intent(name).warnings] == ["bgp-connect-interface-on-device"]
    result = apply(session, p)
    assert result.changed
    assert "verify" in result.steps
    assert peer_interface(dev) == canonical
    # the device's own interfaces were referenced, never created or changed
    assert sorted(interface_names(dev)) == sorted(["Eth-Trunk10", "Eth-Trunk10.100",
                                                   "LoopBack1", *PORTS])
    assert apply(session, p).changed is False  # re-apply: nothing to send


def test_a_peer_over_an_interface_the_device_lacks_is_refused_by_the_device(
        dev: SimulatedDevice, session: Session) -> None:
    p = payload("Eth-Trunk20.5")
    p.validate()  # one payload cannot see the device's interfaces: taken as present
    with pytest.raises(PayloadInvalid, match=r"no instance Eth-Trunk20\.5"):
        p.validate(device_interfaces=interface_names(dev))
    before = running_text(dev)
    with pytest.raises(NetconfError) as info:
        apply(session, p)
    err = info.value
    assert err.device == "AGG1"
    assert err.step in ("validate", "commit")
    assert err.errors, "the device's rpc-error is carried"
    (refusal,) = [e for e in err.errors if e.path and "local-if-name" in e.path]
    assert "Eth-Trunk20.5" in (refusal.message or "")
    assert intent("Eth-Trunk20.5").field_for("AGG1", refusal.path) == \
        "devices[0].bgp.peers[0].connect-interface"
    assert running_text(dev) == before
    assert peer_interface(dev) is None
