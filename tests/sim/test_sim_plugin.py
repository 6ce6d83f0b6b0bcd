"""The pytest plugin's fixtures, used here as any user's test suite would."""

from __future__ import annotations

import pytest

from mlag_netconf.pytest_plugin import SimulatedPair
from mlag_netconf.sim import SimulatedDevice

from .helpers import TEST_YANG


def test_netconf_device(netconf_device: SimulatedDevice, fast_ncclient: None) -> None:
    assert netconf_device.name == "Device"
    assert netconf_device.known_hosts.read_text().startswith(f"[{netconf_device.host}]:")
    with netconf_device.connect() as m:
        reply = m.get_config("running")
        assert "_public_" in reply.xml  # the default schema is the project's yang/


@pytest.mark.netconf_sim(yang_dir=TEST_YANG, names=["Leaf1"])
def test_marker_chooses_schema_and_name(netconf_device: SimulatedDevice) -> None:
    assert netconf_device.name == "Leaf1"
    assert any("module=sim-test" in c for c in netconf_device.capabilities)


def test_mlag_pair(mlag_pair: SimulatedPair, fast_ncclient: None) -> None:
    assert [d.name for d in mlag_pair] == ["DeviceA", "DeviceB"]
    assert mlag_pair.inventory.names == ("DeviceA", "DeviceB")
    assert mlag_pair.a.port != mlag_pair.b.port
    for device in mlag_pair:
        with device.connect(key=True) as m:
            assert m.connected


def test_default_profile_is_ce_v300(netconf_device: SimulatedDevice) -> None:
    assert netconf_device.profile.name == "ce-v300"
    assert any("writable-running" in c for c in netconf_device.capabilities)


@pytest.mark.netconf_sim(profile="rfc")
def test_marker_chooses_the_rfc_profile(mlag_pair: SimulatedPair) -> None:
    for device in mlag_pair:
        assert device.profile.name == "rfc"
        assert not any("writable-running" in c for c in device.capabilities)
