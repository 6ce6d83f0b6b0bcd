"""pytest plugin (entry point ``pytest11``): simulated CloudEngine switches as fixtures.

Installing mlag-netconf makes these fixtures available to any test suite:

``netconf_device``
    One simulated device (a :class:`mlag_netconf.sim.SimulatedDevice`), started for the
    test and stopped after it. It carries ``host``, ``port``, ``username``,
    ``password``, ``known_hosts`` (a file with its host key), ``ssh_config`` (whose
    ``UserKnownHostsFile`` is that file), ``key_filename`` (a client key it accepts),
    ``inventory``-ready ``entry``, ``faults`` (scripted faults) and ``connect()``,
    which returns an ncclient ``Manager`` with the host key pinned::

        def test_commit(netconf_device):
            with netconf_device.connect() as m:
                m.edit_config(target="candidate", config=PAYLOAD)
                m.commit()

``mlag_pair``
    Two devices, ``DeviceA`` and ``DeviceB``, in one network: an :class:`SimulatedPair` with
    ``a``, ``b``, ``devices`` (by name) and ``inventory`` (what the library's
    ``apply`` reads).

``fast_ncclient``
    Opt-in: lowers ``ncclient.transport.session.TICK`` (0.1 s, ncclient's poll
    interval, which delays every synchronous RPC by up to 100 ms) to 1 ms for the test,
    and restores it after. A process-wide ncclient setting, never changed otherwise.

The devices run the ``ce-v300`` profile (a CloudEngine V300: its hello and modules,
writable running, its error dialect, execute-cli, commit descriptions, its session
limits; see :mod:`mlag_netconf.sim.harness.profiles`). Choose the strict RFC 6241 one
(``rfc``) for a whole suite with the ``mlag_netconf_sim_profile`` ini option, or per test
with ``@pytest.mark.netconf_sim(profile="rfc")`` (a
:class:`~mlag_netconf.sim.Profile` value works too, e.g.
``Profile.ce_v300(mlag="sim-device-m-lag", candidate="per-session")``).

The schema is the project's ``yang/`` (shipped in the wheel). Choose another folder
with the ``mlag_netconf_yang`` ini option or per test with
``@pytest.mark.netconf_sim(yang_dir=..., names=[...])``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from mlag_netconf.sim import Inventory, SimulatedDevice, SimulatedNetwork

__all__ = ["SimulatedPair", "fast_ncclient", "mlag_pair", "netconf_device"]

MARKER = "netconf_sim"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("mlag_netconf_yang", "YANG folder of the simulated devices "
                  "(default: the modules shipped with mlag-netconf)", default="")
    parser.addini("mlag_netconf_sim_profile", "profile of the simulated devices: "
                  "ce-v300 (default) or rfc", default="")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{MARKER}(yang_dir=None, names=None, profile=None): options of the "
        "simulated devices of the netconf_device and mlag_pair fixtures")


@dataclass(frozen=True)
class SimulatedPair:
    """Two simulated M-LAG members in one network."""

    a: SimulatedDevice
    b: SimulatedDevice
    network: SimulatedNetwork

    @property
    def devices(self) -> dict[str, SimulatedDevice]:
        return {self.a.name: self.a, self.b.name: self.b}

    @property
    def inventory(self) -> Inventory:
        return self.network.inventory

    def __iter__(self) -> Iterator[SimulatedDevice]:
        return iter((self.a, self.b))


def _options(request: pytest.FixtureRequest,
             names: Sequence[str]) -> tuple[Any, list[str], Any]:
    marker = request.node.get_closest_marker(MARKER)
    kwargs = dict(marker.kwargs) if marker else {}
    ini = str(request.config.getini("mlag_netconf_yang") or "")
    yang = kwargs.get("yang_dir") or (Path(request.config.rootpath, ini) if ini else None)
    profile = kwargs.get("profile") or str(
        request.config.getini("mlag_netconf_sim_profile") or "") or None
    return yang, list(kwargs.get("names") or names), profile


def _network(request: pytest.FixtureRequest, names: Sequence[str]) -> SimulatedNetwork:
    from mlag_netconf.sim import SimulatedNetwork

    yang, chosen, profile = _options(request, names)
    return SimulatedNetwork(chosen, yang_dir=yang, profile=profile)


@pytest.fixture
def netconf_device(request: pytest.FixtureRequest) -> Iterator[SimulatedDevice]:
    """One simulated CloudEngine switch (``Device``), reachable over SSH on loopback."""
    with _network(request, ["Device"]) as net:
        yield next(iter(net))


def pair_names(names: Sequence[str]) -> list[str]:
    """The two device names of an ``mlag_pair`` (``netconf_sim(names=[...])``), checked.

    >>> pair_names(["DeviceA"])
    Traceback (most recent call last):
    ...
    mlag_netconf.errors.ArgumentError: names: mlag-two-members: the mlag_pair fixture ...
    """
    from mlag_netconf.errors import ArgumentError

    chosen = list(names)
    if len(chosen) != 2 or len(set(chosen)) != 2:
        raise ArgumentError("names", "mlag-two-members", "the mlag_pair fixture needs two "
                            f"different device names, got {chosen!r}")
    return chosen


@pytest.fixture
def mlag_pair(request: pytest.FixtureRequest) -> Iterator[SimulatedPair]:
    """Two simulated switches, ``DeviceA`` and ``DeviceB`` (an :class:`SimulatedPair`)."""
    pair_names(_options(request, ["DeviceA", "DeviceB"])[1])
    with _network(request, ["DeviceA", "DeviceB"]) as net:
        a, b = list(net)[:2]
        yield SimulatedPair(a, b, net)


@pytest.fixture
def fast_ncclient() -> Iterator[None]:
    """ncclient polls every 1 ms instead of 100 ms during the test (process-wide)."""
    from mlag_netconf.sim.harness.client import fast_ticks

    with fast_ticks(0.001):
        yield
