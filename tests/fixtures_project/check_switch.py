"""A user's test suite: it only installed mlag-netconf and uses its pytest fixtures.

Copied into a temporary project by ``tests/sim/test_sim_wheel.py`` and run there with
the wheel installed (the name keeps the repository's own run from collecting it).
"""

from __future__ import annotations

from typing import Any


def test_switch(netconf_device: Any, fast_ncclient: None) -> None:
    with netconf_device.connect() as m:
        assert "_public_" in m.get_config("running").xml
        m.lock("candidate")
        m.edit_config(target="candidate", config=(
            '<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">'
            '<ifm xmlns="urn:huawei:yang:huawei-ifm"><interfaces><interface>'
            "<name>LoopBack7</name></interface></interfaces></ifm></config>"))
        m.commit()
        m.unlock("candidate")
        assert "<type>LoopBack</type>" in m.get_config("running").xml


def test_pair(mlag_pair: Any) -> None:
    assert mlag_pair.inventory.names == ("DeviceA", "DeviceB")
    assert mlag_pair.a.known_hosts.read_text().count("ssh-ed25519") == 2
