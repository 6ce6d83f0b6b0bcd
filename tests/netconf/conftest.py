"""Engine tests run against live servers: the embedded simulator (here) and netconfd
(tests/netconf/test_netconfd.py). A network per test; the library's own sessions (no
ncclient TICK patch: the library does not need it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mlag_netconf import Payload, load_intent
from mlag_netconf.netconf import Session, connect
from mlag_netconf.sim import Profile, SimulatedDevice, SimulatedNetwork

from .user_side import canonical

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


PROFILES = {"ce-v300": Profile.ce_v300(), "rfc": Profile.rfc(device_behaviour=True)}


@pytest.fixture(params=sorted(PROFILES))
def net(request: pytest.FixtureRequest) -> Iterator[SimulatedNetwork]:
    """Both simulator profiles: a CloudEngine V300 (writable running, report-all reads,
    its error dialect, flow-id replies, session limits) and a strict RFC 6241 server
    (with the device's self-created nodes, which the payloads rely on)."""
    with SimulatedNetwork(["DeviceA", "DeviceB"], profile=PROFILES[request.param]) as network:
        yield network


@pytest.fixture
def dev(net: SimulatedNetwork) -> SimulatedDevice:
    return net["DeviceA"]


@pytest.fixture
def session(dev: SimulatedDevice) -> Iterator[Session]:
    s = connect(dev.entry, rpc_timeout=10)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture(scope="session")
def payloads() -> dict[str, Payload]:
    return load_intent(EXAMPLES / "bgp-over-mlag.yaml").payloads()


@pytest.fixture
def payload(payloads: dict[str, Payload]) -> Payload:
    return payloads["DeviceA"]


def running_text(device: SimulatedDevice) -> str:
    """The device's running datastore, canonical text (for before/after equality;
    empty non-presence containers pruned, see :func:`user_side.canonical`)."""
    return canonical(device.running())
