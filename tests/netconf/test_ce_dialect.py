"""The client takes a CloudEngine's ways in its stride (the simulator's ce-v300 profile):
its error dialect, report-all reads, the session limit and the idle timeout."""

from __future__ import annotations

import time

import pytest

from mlag_netconf import Payload
from mlag_netconf.errors import ConnectError, RpcError
from mlag_netconf.netconf import apply, connect, diff
from mlag_netconf.netconf.engine import _transaction
from mlag_netconf.sim import Profile, SimulatedNetwork
from mlag_netconf.xmltree import parse


def test_device_rule_errors_in_the_huawei_dialect_are_read_whole(payload: Payload) -> None:
    """A device-side rule (M-LAG IPv4 outside the primary's subnet) answers with a numeric
    app-tag, a request-form path, a message ending in CR and the rule id in error-paras."""
    bad = parse(payload.xml.replace("<ip>10.1.1.2</ip>", "<ip>10.9.9.2</ip>"))
    with SimulatedNetwork(["DeviceA"], profile=Profile.ce_v300()) as net, \
            connect(net["DeviceA"].entry) as s, pytest.raises(RpcError) as info:
        _transaction(s, bad)          # the library's own rules would refuse it first
    (err,) = info.value.errors
    assert err.app_tag is not None
    assert err.app_tag.isdigit()
    assert err.rule == "mlag-ipv4-in-primary-subnet"
    assert err.message is not None
    assert not err.message.endswith("\r")
    assert "error-info-code" in err.info
    assert info.value.step in ("validate", "commit")


def test_report_all_reads_do_not_make_a_diff(payload: Payload) -> None:
    with SimulatedNetwork(["DeviceA"], profile=Profile.ce_v300()) as net, \
            connect(net["DeviceA"].entry) as s:
        assert s.capabilities.with_defaults == "report-all"
        apply(s, payload)
        assert not diff(s, payload)


def test_an_idle_session_closed_by_the_device_is_reopened(payload: Payload) -> None:
    with SimulatedNetwork(["DeviceA"], profile=Profile.ce_v300(idle_timeout=0.3)) as net:
        s = connect(net["DeviceA"].entry)
        try:
            deadline = time.monotonic() + 5
            while s.connected and time.monotonic() < deadline:
                time.sleep(0.05)
            assert not s.connected             # the device ended the idle session
            result = apply(s, payload)         # a new transaction reconnects first
            assert result.changed
        finally:
            s.close()


def test_the_session_limit_is_a_typed_connect_error() -> None:
    with SimulatedNetwork(["DeviceA"], profile=Profile.ce_v300(max_sessions=1)) as net, \
            connect(net["DeviceA"].entry), pytest.raises(ConnectError) as info:
        connect(net["DeviceA"].entry)
    assert info.value.device == "DeviceA"
    assert info.value.step == "connect"
