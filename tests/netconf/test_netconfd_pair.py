"""The pair transaction against two netconfd servers loaded with the public Huawei modules
(8.22.0): the MP-EBGP VPNv4 example's AGG1 and MASG1, each its own server.

Apply configures both and reads back equal; a second apply sends nothing; undo_all
removes it from both, leaving running as it was; a lock held on one server leaves both
as before. ``validate_on_device=False`` throughout (NETCONFD.md bug 1: a commit after
a ``<validate>`` loses the edits; netconfd's commit validates anyway).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from conformance.harness import Server
from conformance.netconfd import VENDOR_DIR, unavailable, vendor_netconfds

from mlag_netconf import Payload, load_intent
from mlag_netconf.errors import LockDenied, TransactionError
from mlag_netconf.inventory import DeviceEntry, Inventory
from mlag_netconf.netconf import connect
from mlag_netconf.netconf.pair import CONFIGURED, UNCHANGED, apply_all, plan, undo_all

from .test_netconfd import EXAMPLES
from .user_side import unordered

pytestmark = [pytest.mark.netconfd, pytest.mark.slow]

NAMES = ("AGG1", "MASG1")
OPTIONS: dict[str, Any] = {"validate_on_device": False, "rpc_timeout": 20.0}


@pytest.fixture(scope="module")
def servers() -> Iterator[dict[str, Server]]:
    """One netconfd per device of the example, both with the vendor modules."""
    if not VENDOR_DIR.is_dir():
        unavailable(f"vendor modules not found at {VENDOR_DIR}")
    with vendor_netconfds(len(NAMES), "mlag-pair-yang-") as started:
        yield dict(zip(NAMES, started, strict=True))


@pytest.fixture(scope="module")
def inventory(servers: dict[str, Server]) -> Inventory:
    return Inventory(tuple(DeviceEntry(name, s.host, s.port, s.username, s.password,
                                       host_key=s.hostkey_b64)
                           for name, s in servers.items()))


@pytest.fixture(scope="module")
def mp_payloads() -> dict[str, Payload]:
    return load_intent(EXAMPLES / "mp-ebgp-vpnv4.yaml").payloads()


@pytest.fixture
def clean(inventory: Inventory, mp_payloads: dict[str, Payload]) -> Iterator[None]:
    yield
    undo_all(mp_payloads, inventory, **OPTIONS)       # leave the servers as found


def running(inventory: Inventory) -> dict[str, str]:
    out = {}
    for name in NAMES:
        with connect(inventory[name]) as s:
            out[name] = unordered(s.get_config("running"))
    return out


@pytest.mark.usefixtures("clean")
def test_apply_reapply_undo_on_two_netconfd(inventory: Inventory,
                                            mp_payloads: dict[str, Payload]) -> None:
    before = running(inventory)
    result = apply_all(mp_payloads, inventory, **OPTIONS)
    assert [d.state for d in result.devices] == [CONFIGURED, CONFIGURED]
    assert all(d.steps[-3:] == ("verify", "confirm", "unlock") for d in result.devices)
    after = running(inventory)
    assert "3.3.3.3" in after["AGG1"]          # AGG1 peers with MASG1's loopback
    assert "1.1.1.1" in after["MASG1"]
    assert not plan(mp_payloads, inventory, rpc_timeout=20.0).changed

    again = apply_all(mp_payloads, inventory, **OPTIONS)
    assert [d.state for d in again.devices] == [UNCHANGED, UNCHANGED]
    assert all(d.steps == () for d in again.devices)      # no edit, no commit
    assert running(inventory) == after

    undone = undo_all(mp_payloads, inventory, **OPTIONS)
    assert [d.state for d in undone.devices] == [CONFIGURED, CONFIGURED]
    assert running(inventory) == before
    nothing = undo_all(mp_payloads, inventory, **OPTIONS)
    assert [d.state for d in nothing.devices] == [UNCHANGED, UNCHANGED]


@pytest.mark.usefixtures("clean")
def test_a_lock_held_on_one_server_leaves_both_as_before(
        servers: dict[str, Server], inventory: Inventory,
        mp_payloads: dict[str, Payload]) -> None:
    before = running(inventory)
    with connect(inventory["MASG1"]) as holder:
        holder.lock()
        with pytest.raises(TransactionError) as info:
            apply_all(mp_payloads, inventory, **OPTIONS)
        holder.unlock()
    assert set(info.value.failed_hosts) == {"MASG1"}
    assert isinstance(info.value.failed_hosts["MASG1"], LockDenied)
    assert running(inventory) == before
