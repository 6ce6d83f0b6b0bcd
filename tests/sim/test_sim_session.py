"""SSH and session level: hello, authentication, host keys, sessions, several devices."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ncclient import manager
from ncclient.transport.errors import AuthenticationError, SSHUnknownHostError

from mlag_netconf.sim import DeviceSpec, SimulatedDevice, SimulatedNetwork, free_ports

from .helpers import TEST_YANG, rpc_error


def test_hello_advertises_base_candidate_and_modules(m: Any) -> None:
    caps = list(m.server_capabilities)
    for uri in ("urn:ietf:params:netconf:base:1.0", "urn:ietf:params:netconf:base:1.1",
                "urn:ietf:params:netconf:capability:candidate:1.0",
                "urn:ietf:params:netconf:capability:confirmed-commit:1.1",
                "urn:ietf:params:netconf:capability:validate:1.1",
                "urn:ietf:params:netconf:capability:rollback-on-error:1.0"):
        assert uri in caps
    assert any(c.startswith("urn:ietf:params:netconf:capability:with-defaults:1.0?"
                            "basic-mode=explicit") for c in caps)
    assert ("urn:mlag-netconf:test:sim-test?module=sim-test&revision=2024-01-01" in caps)
    assert any("module=ietf-netconf-monitoring" in c for c in caps)


def test_base_11_chunked_framing_is_negotiated(m: Any) -> None:
    from ncclient.transport.session import NetconfBase

    assert m._session._base == NetconfBase.BASE_11


def test_session_ids_are_distinct(m: Any, m2: Any, dut: SimulatedDevice) -> None:
    assert int(m.session_id) != int(m2.session_id)
    assert sorted(dut.sessions()) == sorted([int(m.session_id), int(m2.session_id)])


def test_wrong_password_is_refused(dut: SimulatedDevice) -> None:
    with pytest.raises(AuthenticationError):
        dut.connect(password="wrong")


def test_public_key_login(dut: SimulatedDevice) -> None:
    with dut.connect(key=True) as mgr:
        assert mgr.connected


def test_unknown_host_key_is_refused(dut: SimulatedDevice, tmp_path: Any) -> None:
    other = tmp_path / "known_hosts"
    other.write_text(f"[{dut.host}]:{dut.port} ssh-ed25519 "
                     "AAAAC3NzaC1lZDI1NTE5AAAAIOE7+/MXyAbt7/SABag7T508GUUTyOYpgTh+o9dR0td8\n")
    config = tmp_path / "ssh_config"
    config.write_text(f"Host *\n  UserKnownHostsFile {other}\n")
    with pytest.raises(SSHUnknownHostError):
        manager.connect(host=dut.host, port=dut.port, username=dut.username,
                        password=dut.password, hostkey_verify=True, ssh_config=str(config),
                        look_for_keys=False, allow_agent=False, timeout=10)


def test_known_hosts_line_pins_the_device_key(dut: SimulatedDevice) -> None:
    assert dut.known_hosts_line == f"[{dut.host}]:{dut.port} {dut.host_key}"
    assert dut.known_hosts_line in dut.known_hosts.read_text().splitlines()
    b64 = dut.host_key.split()[1]
    with manager.connect(host=dut.host, port=dut.port, username=dut.username,
                         password=dut.password, hostkey_b64=b64, look_for_keys=False,
                         allow_agent=False, timeout=10) as mgr:
        assert mgr.connected


def test_close_session_ends_the_session(m: Any, dut: SimulatedDevice) -> None:
    sid = int(m.session_id)
    m.close_session()
    assert sid not in dut.sessions()


def test_kill_session_drops_the_other_session_and_its_lock(m: Any, m2: Any,
                                                           dut: SimulatedDevice) -> None:
    m2.lock("candidate")
    m.kill_session(m2.session_id)
    assert int(m2.session_id) not in dut.sessions()
    assert dut.locks() == {}
    m.lock("candidate")


def test_kill_session_of_itself_is_invalid(m: Any) -> None:
    with rpc_error("invalid-value"):
        m.kill_session(m.session_id)


def test_kill_session_of_unknown_session_is_invalid(m: Any) -> None:
    with rpc_error("invalid-value"):
        m.kill_session("9999")


def test_unknown_operation_is_not_supported(m: Any) -> None:
    with rpc_error("operation-not-supported"):
        m.dispatch("reboot-the-world")


def test_several_devices_have_their_own_port_key_and_datastores() -> None:
    bare = ("urn:ietf:params:netconf:base:1.0", "urn:ietf:params:netconf:base:1.1")
    specs: list[str | DeviceSpec] = ["A", DeviceSpec("B", capabilities=bare)]
    with SimulatedNetwork(specs, yang_dir=TEST_YANG) as net:
        a, b = net["A"], net["B"]
        assert a.port != b.port
        assert a.host_key != b.host_key
        with a.connect() as ma, b.connect() as mb:
            assert "urn:ietf:params:netconf:capability:candidate:1.0" in list(
                ma.server_capabilities)
            assert list(mb.server_capabilities) == ["urn:ietf:params:netconf:base:1.0",
                                                    "urn:ietf:params:netconf:base:1.1"]
            ma.edit_config(target="candidate", config=(
                '<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">'
                '<top xmlns="urn:mlag-netconf:test:sim-test"><name>a</name></top>'
                "</config>"))
            ma.commit()
            assert "<name>a</name>" in a.running_xml()
            assert "<name>a</name>" not in b.running_xml()
        inventory = net.inventory
        assert inventory.names == ("A", "B")
        assert inventory["B"].port == b.port


def test_fixed_ports_are_consecutive() -> None:
    free = free_ports(2)
    with SimulatedNetwork(["A", "B"], yang_dir=TEST_YANG, port=free) as net:
        assert (net["A"].port, net["B"].port) == (free, free + 1)


def test_set_running_reboots_with_a_configuration(dut: SimulatedDevice) -> None:
    dut.set_running('<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">'
                    '<top xmlns="urn:mlag-netconf:test:sim-test"><name>boot</name></top>'
                    "</config>")
    with dut.connect() as m:
        assert "<name>boot</name>" in m.get_config("running").xml
        assert "<name>boot</name>" in m.get_config("candidate").xml
    dut.set_running()
    assert "boot" not in dut.running_xml()


def test_inventory_entries_match_the_devices(net: SimulatedNetwork, dut: SimulatedDevice) -> None:
    entry = net.inventory["dut"]
    assert (entry.host, entry.port, entry.username, entry.password) == (
        dut.host, dut.port, dut.username, dut.password)
    assert entry.known_hosts_line == dut.known_hosts_line
    assert entry.known_hosts is not None
    assert entry.known_hosts_line in Path(entry.known_hosts).read_text()
