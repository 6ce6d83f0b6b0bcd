"""``undo_all``: what the intent configured removed from both members as one transaction
(or both as before), the ``plan(undo=True)`` preview, and the ``progress`` callback."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mlag_netconf import Payload
from mlag_netconf.errors import TransactionError
from mlag_netconf.netconf.pair import (
    CONFIGURED,
    RESTORED,
    UNCHANGED,
    TransactionResult,
    apply_all,
    plan,
    undo_all,
)
from mlag_netconf.sim import Fault, SimulatedNetwork

from .conftest import running_text


def snapshot(net: SimulatedNetwork) -> dict[str, str]:
    return {name: running_text(net[name]) for name in ("DeviceA", "DeviceB")}


def states_after_failure(call: Callable[[], object]) -> dict[str, str]:
    """Each device's state in the result of the transaction ``call`` that must fail."""
    with pytest.raises(TransactionError) as info:
        call()
    result = info.value.result
    assert isinstance(result, TransactionResult)
    return {d.device: d.state for d in result.devices}


def test_undo_all_removes_both_and_a_second_undo_sends_nothing(
        net: SimulatedNetwork, payloads: dict[str, Payload]) -> None:
    pristine = snapshot(net)
    apply_all(payloads, net.inventory, confirm_timeout=30)
    assert snapshot(net) != pristine
    preview = plan(payloads, net.inventory, undo=True)
    assert preview["DeviceA"].of("removed")
    assert not preview["DeviceA"].of("added")
    result = undo_all(payloads, net.inventory, confirm_timeout=30)
    assert [d.state for d in result.devices] == [CONFIGURED, CONFIGURED]
    assert snapshot(net) == pristine
    assert plan(payloads, net.inventory).changed  # the intent is no longer there
    assert not plan(payloads, net.inventory, undo=True).changed
    again = undo_all(payloads, net.inventory)
    assert [d.state for d in again.devices] == [UNCHANGED, UNCHANGED]


def test_undo_all_confirm_failure_on_one_member_puts_the_other_back(
        net: SimulatedNetwork, payloads: dict[str, Payload]) -> None:
    apply_all(payloads, net.inventory, confirm_timeout=30)
    configured = snapshot(net)
    net["DeviceB"].faults.add(Fault.fail_commit(nth=2))
    assert states_after_failure(lambda: undo_all(payloads, net.inventory)) == {
        "DeviceA": RESTORED, "DeviceB": UNCHANGED}
    assert snapshot(net)["DeviceB"] == configured["DeviceB"]
    # A's removals were committed, then put back by the compensating commit: by value the
    # intent is whole again on both (the restored entries may come back in another order,
    # and with the default leaves a report-all read showed written out)
    assert not plan(payloads, net.inventory).changed


def test_progress_reports_every_phase_of_every_device(
        net: SimulatedNetwork, payloads: dict[str, Payload]) -> None:
    seen: list[tuple[str, str]] = []
    apply_all(payloads, net.inventory, progress=lambda d, p: seen.append((d, p)))
    for device in ("DeviceA", "DeviceB"):
        assert [p for d, p in seen if d == device] == ["read", "stage", "verify", "confirm"]
    seen.clear()
    apply_all(payloads, net.inventory, progress=lambda d, p: seen.append((d, p)))
    assert sorted(seen) == [("DeviceA", "read"), ("DeviceB", "read")]
