"""The ``ce-v300`` profile's limits as faults: sessions, idle timeout, per-operation
limit, "system busy" on concurrent commits (HUAWEI-NETCONF.md, "Errors and limits")."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from ncclient import NCClientError

from mlag_netconf.sim import Fault, Profile, SimulatedDevice, SimulatedNetwork, SimulatorUsageError

from .helpers import TEST_YANG, close_quietly, edit, rpc_error, running, top, user, wait_for

USERS = "st:top/st:user/st:name"
#: what ncclient raises when the device closes the channel before its hello
REFUSED = (NCClientError, OSError)


def network(**limits: Any) -> SimulatedNetwork:
    return SimulatedNetwork(["ce"], yang_dir=TEST_YANG, profile=Profile.ce_v300(**limits))


def test_device_limits_are_the_documented_ones() -> None:
    limits = Profile.ce_v300().limits
    assert (limits.max_sessions, limits.idle_timeout, limits.operation_timeout,
            limits.busy_commits) == (5, 600.0, 32.0, True)
    assert Profile.rfc().limits.max_sessions is None


def test_limits_are_checked() -> None:
    with pytest.raises(SimulatorUsageError):
        Profile.ce_v300(max_sessions=0)
    with pytest.raises(SimulatorUsageError):
        Profile.ce_v300(idle_timeout=-1)


# ---------------------------------------------------------------- sessions
def test_sixth_session_is_refused(ce: SimulatedDevice) -> None:
    managers = [ce.connect() for _ in range(5)]
    try:
        with pytest.raises(REFUSED):
            ce.connect(timeout=5)
        assert any("session refused" in e for e in ce.events)
        close_quietly(managers.pop())
        assert wait_for(lambda: len(ce.sessions()) == 4)
        managers.append(ce.connect())
    finally:
        for m in managers:
            close_quietly(m)


def test_session_limit_is_configurable() -> None:
    with network(max_sessions=1) as net:
        first = net["ce"].connect()
        try:
            with pytest.raises(REFUSED):
                net["ce"].connect(timeout=5)
        finally:
            close_quietly(first)


# ---------------------------------------------------------------- idle timeout
def test_idle_session_is_closed() -> None:
    with network(idle_timeout=0.3) as net:
        device = net["ce"]
        m = device.connect()
        try:
            assert device.sessions()
            assert wait_for(lambda: device.sessions() == [])
            assert any(e.startswith("idle-timeout") for e in device.events)
            assert wait_for(lambda: not m.connected)
        finally:
            close_quietly(m)


def test_an_active_session_is_not_idle() -> None:
    with network(idle_timeout=5) as net:
        m = net["ce"].connect()
        try:
            for _ in range(3):
                m.get_config("running")
            assert net["ce"].sessions()
        finally:
            close_quietly(m)


# ---------------------------------------------------------------- per-operation limit
def test_operation_beyond_the_limit_fails() -> None:
    with network(operation_timeout=0.2) as net:
        device = net["ce"]
        device.faults.add(Fault.delay("get-config", 30))
        m = device.connect()
        try:
            with rpc_error("operation-failed") as err:
                m.get_config("running")
            assert "did not complete within 0.2 s" in str(err.value.message)
            m.get_config("running")  # the next one is served
        finally:
            close_quietly(m)


def test_operation_within_the_limit_succeeds() -> None:
    with network(operation_timeout=5) as net:
        net["ce"].faults.add(Fault.delay("get-config", 0.05))
        m = net["ce"].connect()
        try:
            assert m.get_config("running").ok
        finally:
            close_quietly(m)


# ---------------------------------------------------------------- system busy
@pytest.fixture
def slow_commit(ce: SimulatedDevice, cm: Any) -> Iterator[dict[str, Any]]:
    """Session ``cm`` commits in a thread, its commit held in progress for 2 s."""
    edit(cm, top(user("a")))
    ce.faults.add(Fault.delay("commit", 2.0))
    result: dict[str, Any] = {}

    def commit() -> None:
        try:
            result["reply"] = cm.commit()
        except Exception as exc:  # reported to the test
            result["error"] = exc

    thread = threading.Thread(target=commit)
    thread.start()
    assert wait_for(lambda: ce.committing is not None)
    yield result
    thread.join(30)


def test_concurrent_commit_is_system_busy(slow_commit: dict[str, Any], ce: SimulatedDevice,
                                          cm2: Any) -> None:
    with rpc_error("in-use") as err:
        cm2.commit()
    assert "system busy" in str(err.value.message)
    with rpc_error("in-use"):
        cm2.edit_config(target="running", config=(
            '<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">'
            + top(user("b")) + "</config>"))
    assert cm2.get_config("running").ok  # reads are served meanwhile
    assert wait_for(lambda: "reply" in slow_commit)
    assert running(cm2, USERS) == ["a"]
    cm2.commit()
