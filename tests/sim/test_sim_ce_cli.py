"""``<execute-cli>`` on the ``ce-v300`` profile: the gap-node commands, outside the
NETCONF transaction, everything else refused."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from lxml import etree
from ncclient.xml_ import to_ele

from mlag_netconf.sim import Profile, SimulatedDevice, SimulatedNetwork

from .helpers import NC, cfg, close_quietly, rpc_error

CLI_NS = "http://www.huawei.com/netconf/capability/base/1.0"
EXT = "urn:mlag-netconf:yang:mlag-netconf-ext"
DEVICE = "urn:mlag-netconf:sim:device-m-lag"
NS = {"ifm": "urn:huawei:yang:huawei-ifm", "ip": "urn:huawei:yang:huawei-ip",
      "nd": "urn:huawei:yang:huawei-ipv6-nd", "mnx": EXT, "d": DEVICE}
VLANIF = ('<vlan xmlns="urn:huawei:yang:huawei-vlan"><vlans><vlan><id>100</id></vlan>'
          '</vlans></vlan><ifm xmlns="urn:huawei:yang:huawei-ifm"><interfaces><interface>'
          '<name>Vlanif100</name><ipv4 xmlns="urn:huawei:yang:huawei-ip"><addresses>'
          "<address><ip>10.1.1.1</ip><mask>255.255.255.0</mask><type>main</type></address>"
          '</addresses></ipv4><ipv6 xmlns="urn:huawei:yang:huawei-ip"/>'
          "</interface></interfaces></ifm>")


def cli(m: Any, *lines: str) -> Any:
    cmds = "".join(f"<cmd><id>{i}</id><cmdline>{line}</cmdline></cmd>"
                   for i, line in enumerate(lines, 1))
    return m.dispatch(to_ele(f'<execute-cli xmlns="{CLI_NS}">{cmds}</execute-cli>'))


def xp(m: Any, path: str, source: str = "running") -> list[str]:
    root = etree.fromstring(m.get_config(source).xml.encode())
    found: Any = root.xpath(path, namespaces=NS)
    return [str(v) for v in found]


@pytest.fixture
def sw() -> Iterator[SimulatedDevice]:
    with SimulatedNetwork(["sw"]) as net:
        net["sw"].set_running(f"<config>{VLANIF}</config>")
        yield net["sw"]


@pytest.fixture
def m(sw: SimulatedDevice) -> Iterator[Any]:
    mgr = sw.connect()
    yield mgr
    close_quietly(mgr)


def test_gap_commands_change_running(m: Any, sw: SimulatedDevice) -> None:
    reply = cli(m, "interface Vlanif100", "m-lag ip address 10.1.1.2 255.255.255.0",
                "m-lag ipv6 address 2001:db8:1::2 64", "m-lag ipv6 address fe80::1:2 link-local",
                "ipv6 nd proxy route enable prune", "quit")
    assert reply.ok
    assert xp(m, "//mnx:m-lag-ipv4/mnx:ip/text()") == ["10.1.1.2"]
    assert xp(m, "//mnx:m-lag-ipv6/mnx:ip/text()") == ["2001:db8:1::2"]
    assert xp(m, "//mnx:m-lag-ipv6/mnx:link-local/text()") == ["fe80::1:2"]
    assert xp(m, "//nd:proxys/nd:route-proxy/text()") == ["on"]
    assert xp(m, "//nd:proxys/mnx:route-proxy-prune/text()") == ["true"]
    assert sw.commit_history()[-1].kind == "execute-cli"


def test_display_current_configuration_shows_the_lines(m: Any) -> None:
    cli(m, "interface Vlanif100", "m-lag ip address 10.1.1.2 255.255.255.0",
        "m-lag ipv6 address 2001:db8:1::2/64")
    reply = cli(m, "display current-configuration")
    data = etree.fromstring(reply.xml.encode()).findtext(f"{{{NC}}}data")
    assert data == ("#\ninterface Vlanif100\n m-lag ip address 10.1.1.2 255.255.255.0\n"
                    " m-lag ipv6 address 2001:db8:1::2 64\n#\nreturn")


def test_ncclient_huawei_handler_cli(sw: SimulatedDevice) -> None:
    """ncclient's ``huawei`` handler: ``Manager.cli()``, one ``<cmd>`` with a script."""
    mgr = sw.connect(device_params={"name": "huawei"})
    try:
        reply = mgr.cli(to_ele("<cmd><id>1</id><cmdline>interface Vlanif100\n"
                               "m-lag ip address 10.1.1.3 255.255.255.0</cmdline></cmd>"))
        assert reply.ok
        assert xp(mgr, "//mnx:m-lag-ipv4/mnx:ip/text()") == ["10.1.1.3"]
    finally:
        close_quietly(mgr)


@pytest.mark.parametrize("line", ["display version", "undo m-lag ip address",
                                  "bgp 65001", "m-lag ip address 10.1.1.2 255.255.255.0"])
def test_other_commands_are_refused_and_nothing_applies(m: Any, line: str) -> None:
    with rpc_error("operation-failed") as err:
        cli(m, "interface Vlanif100", "m-lag ipv6 address fe80::1:2 link-local", "quit", line)
    assert "knows interface, m-lag ip address" in str(err.value.message)
    assert xp(m, "//mnx:m-lag-ipv6") == []


def test_unknown_interface_is_refused(m: Any) -> None:
    with rpc_error("operation-failed"):
        cli(m, "interface Vlanif999")


def test_device_rules_apply(m: Any) -> None:
    with rpc_error("operation-failed", app_tag="mlag-ipv4-in-primary-subnet"):
        cli(m, "interface Vlanif100", "m-lag ip address 10.9.9.2 255.255.255.0")
    assert xp(m, "//mnx:m-lag-ipv4") == []


def test_outside_the_transaction(m: Any, sw: SimulatedDevice) -> None:
    """Another session's pending candidate work stays, and gets the change too."""
    other = sw.connect()
    try:
        other.edit_config(target="candidate", config=cfg(
            '<ifm xmlns="urn:huawei:yang:huawei-ifm"><interfaces><interface>'
            "<name>Vlanif100</name><mac-address>0000-5e00-0101</mac-address></interface>"
            "</interfaces></ifm>"))
        cli(m, "interface Vlanif100", "m-lag ip address 10.1.1.2 255.255.255.0")
        assert xp(m, "//ifm:mac-address/text()") == []
        assert xp(other, "//ifm:mac-address/text()", "candidate") == ["0000-5e00-0101"]
        other.commit()
        assert xp(m, "//mnx:m-lag-ipv4/mnx:ip/text()") == ["10.1.1.2"]
        assert xp(m, "//ifm:mac-address/text()") == ["0000-5e00-0101"]
    finally:
        close_quietly(other)


def test_running_locked_by_another_session(m: Any, sw: SimulatedDevice) -> None:
    sw.hold_lock("running")
    with rpc_error("in-use"):
        cli(m, "interface Vlanif100", "m-lag ip address 10.1.1.2 255.255.255.0")


def test_device_style_module() -> None:
    with SimulatedNetwork(["sw"], profile=Profile.ce_v300(mlag="sim-device-m-lag")) as net:
        net["sw"].set_running(f"<config>{VLANIF}</config>")
        mgr = net["sw"].connect()
        try:
            cli(mgr, "interface Vlanif100", "m-lag ip address 10.1.1.2 255.255.255.0")
            assert xp(mgr, "//d:m-lag-address/d:ipv4/d:address/text()") == ["10.1.1.2"]
            with rpc_error("operation-failed"):  # no prune node in that module
                cli(mgr, "interface Vlanif100", "ipv6 nd proxy route enable prune")
        finally:
            close_quietly(mgr)
