"""Both M-LAG members or neither: the pair transaction against two simulated devices,
with faults injected on either member at every step."""

from __future__ import annotations

import time

import pytest

from mlag_netconf import Payload
from mlag_netconf.errors import TransactionError
from mlag_netconf.inventory import InventoryError
from mlag_netconf.netconf import connect
from mlag_netconf.netconf.pair import (
    CONFIGURED,
    RESTORED,
    UNCHANGED,
    TransactionResult,
    apply_all,
    plan,
    undo_all,
)
from mlag_netconf.sim import Fault, Malicious, SimulatedNetwork

from .conftest import running_text
from .user_side import USER_SIDE, unordered, user_side_payload


@pytest.fixture
def pair(net: SimulatedNetwork) -> SimulatedNetwork:
    return net


def snapshot(net: SimulatedNetwork) -> dict[str, str]:
    return {name: running_text(net[name]) for name in ("DeviceA", "DeviceB")}


def reported(net: SimulatedNetwork) -> dict[str, str]:
    """Running as each member reports it (its with-defaults mode: a CloudEngine reports
    every default), list entries in any order. A compensating commit re-creates removed
    entries with the leaves they were read with, defaults included: the same
    configuration as the device reports it, not byte-equal in its store."""
    out = {}
    for name in ("DeviceA", "DeviceB"):
        with connect(net.inventory[name]) as s:
            out[name] = unordered(s.get_config("running"))
    return out


def no_locks(net: SimulatedNetwork) -> bool:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if not net["DeviceA"].locks() and not net["DeviceB"].locks():
            return True
        time.sleep(0.01)
    return False


def test_plan_reads_both_and_sends_nothing(pair: SimulatedNetwork,
                                           payloads: dict[str, Payload]) -> None:
    before = snapshot(pair)
    p = plan(payloads, pair.inventory)
    assert p.changed
    assert p["DeviceA"]
    assert p["DeviceB"]
    assert snapshot(pair) == before


def test_both_members_configured_and_verified(pair: SimulatedNetwork,
                                             payloads: dict[str, Payload]) -> None:
    result = apply_all(payloads, pair.inventory, confirm_timeout=30)
    assert result.ok
    assert result.changed
    assert [d.state for d in result.devices] == [CONFIGURED, CONFIGURED]
    assert not plan(payloads, pair.inventory).changed
    again = apply_all(payloads, pair.inventory)
    assert [d.state for d in again.devices] == [UNCHANGED, UNCHANGED]
    assert not again.changed


def test_the_split_the_naive_procedure_leaves_is_closed(
        pair: SimulatedNetwork, payloads: dict[str, Payload]) -> None:
    """DeviceB's confirming commit fails after DeviceA's succeeded: A is put back."""
    before = snapshot(pair)
    pair["DeviceB"].faults.add(Fault.fail_commit(nth=2))
    with pytest.raises(TransactionError) as info:
        apply_all(payloads, pair.inventory, confirm_timeout=30)
    result = info.value.result
    assert isinstance(result, TransactionResult)
    assert result["DeviceA"].state == RESTORED
    assert result["DeviceB"].state == UNCHANGED
    assert set(info.value.failed_hosts) == {"DeviceB"}
    assert snapshot(pair) == before
    assert no_locks(pair)


FAULTS = {
    "lock-denied": None,
    "edit-error": Fault.error("edit-config", tag="invalid-value"),
    "validate-error": Fault.error("validate"),
    "commit-error": Fault.fail_commit(),
    "confirm-error": Fault.fail_commit(nth=2),
    "drop-before-commit": Fault.drop("commit"),
    "drop-in-confirm-window": Fault.drop("get-config", nth=2),
    "verify-mismatch": Fault.hostile("get-config", Malicious.RAW, nth=2, payload=(
        b'<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" '
        b'message-id="{message-id}"><data/></rpc-reply>')),
    "slower-than-rpc-timeout": Fault.delay("edit-config", 3.0),
}


@pytest.mark.parametrize("device", ["DeviceA", "DeviceB"])
@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_fault_on_either_member_leaves_both_as_before(
        pair: SimulatedNetwork, payloads: dict[str, Payload], fault: str, device: str) -> None:
    before = snapshot(pair)
    dev = pair[device]
    holder = None
    if fault == "lock-denied":
        holder = dev.hold_lock("candidate")
    else:
        injected = FAULTS[fault]
        assert injected is not None
        dev.faults.add(injected)
    with pytest.raises(TransactionError) as info:
        apply_all(payloads, pair.inventory, confirm_timeout=30, rpc_timeout=1.5)
    if holder is not None:
        dev.end_session(holder)
    assert device in info.value.failed_hosts
    err = info.value.failed_hosts[device]
    assert err.device == device  # type: ignore[attr-defined]
    assert err.step  # type: ignore[attr-defined]
    assert snapshot(pair) == before
    assert no_locks(pair)


def test_auth_failure_sends_nothing(pair: SimulatedNetwork,
                                    payloads: dict[str, Payload]) -> None:
    before = snapshot(pair)
    pair["DeviceB"].faults.refuse_auth = True
    with pytest.raises(TransactionError) as info:
        apply_all(payloads, pair.inventory)
    assert set(info.value.failed_hosts) == {"DeviceB"}
    assert "nothing was sent" in str(info.value)
    assert snapshot(pair) == before
    with connect(pair.inventory["DeviceA"]) as s:
        assert s.connected


def test_dry_run_validates_both_and_commits_nothing(
        pair: SimulatedNetwork, payloads: dict[str, Payload]) -> None:
    before = snapshot(pair)
    result = apply_all(payloads, pair.inventory, dry_run=True)
    assert result.dry_run
    assert not result.changed
    assert all("validate" in d.steps for d in result.devices)
    assert snapshot(pair) == before


def test_the_user_side_is_left_out_when_the_inventory_lacks_it(
        pair: SimulatedNetwork, payloads: dict[str, Payload]) -> None:
    extra = {USER_SIDE: user_side_payload()}
    p = plan(payloads, pair.inventory, extra=extra)
    assert p.skipped == (USER_SIDE,)
    assert [d.device for d in p.diffs] == ["DeviceA", "DeviceB"]
    result = apply_all(payloads, pair.inventory, extra=extra)
    assert result.skipped == (USER_SIDE,)
    assert f"{USER_SIDE}: not in the inventory" in str(result)
    assert [d.state for d in result.devices] == [CONFIGURED, CONFIGURED]


def test_a_device_given_twice_is_refused(pair: SimulatedNetwork,
                                         payloads: dict[str, Payload]) -> None:
    with pytest.raises(InventoryError) as info:
        apply_all(payloads, pair.inventory, extra={"DeviceA": payloads["DeviceA"]})
    assert info.value.rule == "transaction-duplicate-device"


def test_undo_all_removes_from_both_as_one_transaction(
        pair: SimulatedNetwork, payloads: dict[str, Payload]) -> None:
    before = snapshot(pair)
    apply_all(payloads, pair.inventory)
    assert snapshot(pair) != before
    undone = undo_all(payloads, pair.inventory)
    assert [d.state for d in undone.devices] == [CONFIGURED, CONFIGURED]
    assert all("m-lag-ipv4" not in running_text(pair[n]) for n in ("DeviceA", "DeviceB"))
    again = undo_all(payloads, pair.inventory)
    assert [d.state for d in again.devices] == [UNCHANGED, UNCHANGED]


def test_undo_all_fault_on_one_member_leaves_both_configured(
        pair: SimulatedNetwork, payloads: dict[str, Payload]) -> None:
    apply_all(payloads, pair.inventory)
    configured = reported(pair)
    pair["DeviceB"].faults.add(Fault.fail_commit(nth=2))
    with pytest.raises(TransactionError) as info:
        undo_all(payloads, pair.inventory)
    assert set(info.value.failed_hosts) == {"DeviceB"}
    assert reported(pair) == configured
    assert no_locks(pair)
