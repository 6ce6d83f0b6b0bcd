"""Fixtures of the simulator's own tests: one network per test, ncclient polling fast.

``net``/``dut``/``m``/``m2`` run the strict ``rfc`` profile on the test module: they pin
the generic protocol engine. The CloudEngine profile (the default) has its own tests
(``test_sim_ce_*.py``, ``test_sim_device.py``).

ncclient's transport loop waits ``ncclient.transport.session.TICK`` (0.1 s) per RPC;
the whole run lowers it to 1 ms through :func:`mlag_netconf.sim.harness.client.fast_ticks`
(a test-only, process-wide change; the library never touches it).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from mlag_netconf.sim import SimulatedDevice, SimulatedNetwork
from mlag_netconf.sim.harness.client import fast_ticks

from .helpers import TEST_YANG, close_quietly


@pytest.fixture(scope="session", autouse=True)
def _fast_ncclient() -> Iterator[None]:
    with fast_ticks(0.001):
        yield


@pytest.fixture
def net() -> Iterator[SimulatedNetwork]:
    with SimulatedNetwork(["dut"], yang_dir=TEST_YANG, profile="rfc") as network:
        yield network


@pytest.fixture
def dut(net: SimulatedNetwork) -> SimulatedDevice:
    return net["dut"]


def _session(device: SimulatedDevice) -> Iterator[Any]:
    mgr = device.connect()
    try:
        yield mgr
    finally:
        close_quietly(mgr)


@pytest.fixture
def m(dut: SimulatedDevice) -> Iterator[Any]:
    """An ncclient Manager on ``dut`` (password login, host key pinned)."""
    yield from _session(dut)


@pytest.fixture
def m2(dut: SimulatedDevice) -> Iterator[Any]:
    """A second session on ``dut``."""
    yield from _session(dut)


@pytest.fixture
def ce_net() -> Iterator[SimulatedNetwork]:
    """One device of the default ``ce-v300`` profile, on the test module."""
    with SimulatedNetwork(["ce"], yang_dir=TEST_YANG) as network:
        yield network


@pytest.fixture
def ce(ce_net: SimulatedNetwork) -> SimulatedDevice:
    return ce_net["ce"]


@pytest.fixture
def cm(ce: SimulatedDevice) -> Iterator[Any]:
    """An ncclient Manager on the ``ce-v300`` device (stock ncclient, default hello)."""
    yield from _session(ce)


@pytest.fixture
def cm2(ce: SimulatedDevice) -> Iterator[Any]:
    """A second session on the ``ce-v300`` device."""
    yield from _session(ce)
