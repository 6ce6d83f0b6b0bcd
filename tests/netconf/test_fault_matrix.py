"""The fault matrix: every fault on every device of a three-device transaction (the M-LAG
pair and the user side), on both simulator profiles.

Each cell injects one fault on one device and runs :func:`apply_all`. Every cell must
end the same way: a :class:`TransactionError` naming the device and the step with a typed
error, running on every device equal to its snapshot from before, no candidate left
with changes, no lock held. ``scripts/faults`` runs this file and prints the matrix.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from mlag_netconf import Payload
from mlag_netconf.errors import (
    CommitError,
    ConnectError,
    LockDenied,
    NetconfError,
    RpcError,
    RpcTimeout,
    SessionLost,
    TransactionError,
    VerifyError,
)
from mlag_netconf.netconf.pair import (
    ATTENTION,
    CONFIGURED,
    RESTORED,
    UNCHANGED,
    TransactionResult,
    apply_all,
)
from mlag_netconf.sim import Fault, Malicious, SimulatedDevice, SimulatedNetwork

from .conftest import PROFILES, running_text
from .user_side import USER_SIDE, canonical, user_side_payload

DEVICES = ("DeviceA", "DeviceB", USER_SIDE)

#: Undo an injection that outlives the transaction (a held lock), after it.
Release = Callable[[], None]


@dataclass(frozen=True)
class Cell:
    """One fault: how to inject it on a device, and the error and step it must give."""

    inject: Callable[[SimulatedDevice], Release | None]
    error: type[NetconfError]
    step: str
    options: dict[str, Any] = field(default_factory=dict)


def _fault(fault: Fault) -> Callable[[SimulatedDevice], None]:
    def inject(dev: SimulatedDevice) -> None:
        dev.faults.add(fault)
    return inject


def _hold_lock(dev: SimulatedDevice) -> Release:
    holder = dev.hold_lock("candidate")
    return lambda: dev.end_session(holder)


def _refuse_auth(dev: SimulatedDevice) -> None:
    dev.faults.refuse_auth = True


EMPTY_READ = (b'<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" '
              b'message-id="{message-id}"><data/></rpc-reply>')

# The get-config RPCs of a device in one transaction: 1 the snapshot, 2 the read-back.
# Its commits: 1 the confirmed commit, 2 the confirming commit.
CELLS: dict[str, Cell] = {
    "lock denied": Cell(_hold_lock, LockDenied, "lock"),
    "rpc-error on edit": Cell(_fault(Fault.error("edit-config", tag="invalid-value")),
                              RpcError, "edit"),
    "rpc-error on validate": Cell(_fault(Fault.error("validate")), RpcError, "validate"),
    "rpc-error on commit": Cell(_fault(Fault.fail_commit()), CommitError, "commit"),
    "rpc-error on the confirming commit": Cell(_fault(Fault.fail_commit(nth=2)),
                                               CommitError, "confirm"),
    "session dropped before commit": Cell(_fault(Fault.drop("commit")), SessionLost,
                                          "commit"),
    "session dropped in the confirm window": Cell(_fault(Fault.drop("get-config", nth=2)),
                                                  SessionLost, "get-config"),
    # the confirming commit's reply is lost although the device confirmed: the one window
    # two-phase commit leaves open; the transaction reads the device back and compensates
    "confirm reply lost": Cell(_fault(Fault.drop("commit", after=True, nth=2)), SessionLost,
                               "confirm"),
    # the confirming commit arrives after the device rolled back by itself
    "confirm timeout": Cell(_fault(Fault.delay("commit", 2.5, nth=2)), CommitError, "confirm",
                            {"confirm_timeout": 1, "rpc_timeout": 10}),
    "verify mismatch": Cell(_fault(Fault.hostile("get-config", Malicious.RAW, nth=2,
                                                 payload=EMPTY_READ)), VerifyError, "verify"),
    "slower than the RPC timeout": Cell(_fault(Fault.delay("edit-config", 2.0)), RpcTimeout,
                                        "edit", {"rpc_timeout": 1.0}),
    "auth failure": Cell(_refuse_auth, ConnectError, "connect"),
}


@pytest.fixture(params=sorted(PROFILES))
def trio(request: pytest.FixtureRequest) -> Iterator[SimulatedNetwork]:
    """DeviceA and DeviceB (the M-LAG pair) and DeviceC (the user side), all managed."""
    with SimulatedNetwork(list(DEVICES), profile=PROFILES[request.param]) as network:
        yield network


@pytest.fixture(scope="module")
def user_side() -> dict[str, Payload]:
    return {USER_SIDE: user_side_payload()}


def state(net: SimulatedNetwork) -> dict[str, str]:
    return {d.name: running_text(d) for d in net}


def dirty_candidates(net: SimulatedNetwork) -> list[str]:
    """Devices whose (shared) candidate holds something running does not."""
    return [d.name for d in net if canonical(d.candidate()) != canonical(d.running())]


def held_locks(net: SimulatedNetwork, grace: float = 5.0) -> dict[str, dict[str, int]]:
    """Locks still held once closed sessions had ``grace`` s to end on the device."""
    deadline = time.monotonic() + grace
    while True:
        held = {d.name: d.locks() for d in net if d.locks()}
        if not held or time.monotonic() > deadline:
            return held
        time.sleep(0.02)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("fault", list(CELLS))
def test_cell(trio: SimulatedNetwork, payloads: dict[str, Payload],
              user_side: dict[str, Payload], fault: str, device: str) -> None:
    cell = CELLS[fault]
    before = state(trio)
    release = cell.inject(trio[device])
    options: dict[str, Any] = {"confirm_timeout": 30, "rpc_timeout": 5, **cell.options}
    try:
        with pytest.raises(TransactionError) as info:
            apply_all(payloads, trio.inventory, extra=user_side, **options)
    finally:
        if release is not None:
            release()
    failure = info.value
    # a typed error naming the device and the step
    assert device in failure.failed_hosts, str(failure)
    error = failure.failed_hosts[device]
    assert isinstance(error, cell.error), f"{type(error).__name__}: {error}"
    assert error.device == device
    assert error.step == cell.step, str(error)
    # every device as before
    assert state(trio) == before, str(failure)
    assert dirty_candidates(trio) == []
    assert held_locks(trio) == {}
    if isinstance(failure.result, TransactionResult):
        states = {d.device: d.state for d in failure.result.devices}
        assert set(states) == set(DEVICES)
        assert ATTENTION not in states.values(), str(failure)
        assert CONFIGURED not in states.values(), str(failure)
        assert states[device] == UNCHANGED or fault == "confirm reply lost", str(failure)
    else:
        assert cell.step == "connect"
        assert "nothing was sent" in str(failure)


def test_the_lost_confirm_reply_is_read_back_and_compensated(
        trio: SimulatedNetwork, payloads: dict[str, Payload],
        user_side: dict[str, Payload]) -> None:
    """DeviceB confirmed but its reply never came: its running holds the change, so the
    transaction reads it back and puts the snapshot back like the confirmed members."""
    before = state(trio)
    trio["DeviceB"].faults.add(Fault.drop("commit", after=True, nth=2))
    with pytest.raises(TransactionError) as info:
        apply_all(payloads, trio.inventory, extra=user_side, confirm_timeout=30)
    result = info.value.result
    assert isinstance(result, TransactionResult)
    assert [d.state for d in result.devices] == [RESTORED, RESTORED, RESTORED]
    assert "compensating commit" in (result["DeviceB"].recovery or "")
    assert state(trio) == before


def test_three_devices_configured_as_one_transaction(
        trio: SimulatedNetwork, payloads: dict[str, Payload],
        user_side: dict[str, Payload]) -> None:
    result = apply_all(payloads, trio.inventory, extra=user_side, confirm_timeout=30)
    assert [d.device for d in result.devices] == list(DEVICES)
    assert [d.state for d in result.devices] == [CONFIGURED] * 3
    assert "10.1.1.100" in running_text(trio[USER_SIDE])
    again = apply_all(payloads, trio.inventory, extra=user_side)
    assert [d.state for d in again.devices] == [UNCHANGED] * 3

