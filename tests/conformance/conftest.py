"""Fixtures of the differential conformance suite.

Two servers are loaded with the same module folder (``tests/conformance/yang``):

- ``netconfd_server``: yuma123 netconfd behind its own sshd, started once per test run by
  ``scripts/netconfd/start`` on a free port in a temporary ``NC_DIR`` and stopped at the
  end (installed first by ``scripts/netconfd/install`` if missing and running as root);
- ``sim_server``: the embedded simulator (:mod:`mlag_netconf.sim`) with one device
  running the strict ``rfc`` profile (the default ``ce-v300`` profile speaks the
  CloudEngine's dialect, which is not what RFC 6241 prescribes and netconfd does).

``server`` is parametrized over both, so every sequence runs on each and asserts the
same expected record (pinned from netconfd where it follows the RFCs). ``nc`` gives a
test its sessions on that server, with the test module's data emptied first.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from .harness import (
    MODULE,
    YANG_DIR,
    Server,
    Sessions,
    fast_ncclient,
    hostkey_from_known_hosts,
)
from .netconfd import Netconfd, NetconfdUnavailable, in_ci, unavailable

SERVER_KINDS = ("netconfd", "sim")


@pytest.fixture(scope="session", autouse=True)
def _fast_ncclient() -> Iterator[None]:
    """ncclient's 100 ms poll would dominate the run time (and hides nothing here)."""
    with fast_ncclient():
        yield


@pytest.fixture(scope="session")
def netconfd_server() -> Iterator[Server]:
    instance = Netconfd(
        modpath=[YANG_DIR],
        args=[f"--module={MODULE}"],
    )
    try:
        server = instance.start()
    except (NetconfdUnavailable, OSError) as exc:
        unavailable(str(exc))
        raise  # unreachable: unavailable() skips or fails
    try:
        yield server
    finally:
        instance.stop()


def _sim_server(stack: ExitStack, yang_dir: Path) -> Server:
    """Start one simulated device loaded with ``yang_dir``."""
    from mlag_netconf.sim import SimulatedNetwork

    net = stack.enter_context(SimulatedNetwork(["conformance"], yang_dir=yang_dir,
                                               profile="rfc"))
    device = net["conformance"]
    return Server(
        kind="sim",
        host=device.host,
        port=device.port,
        username=device.username,
        password=device.password,
        hostkey_b64=hostkey_from_known_hosts(device.known_hosts_line),
        key_filename=str(device.key_filename),
    )


@pytest.fixture(scope="session")
def sim_server() -> Iterator[Server]:
    with ExitStack() as stack:
        try:
            server = _sim_server(stack, YANG_DIR)
        except ImportError as exc:
            if in_ci():
                pytest.fail(f"mlag_netconf.sim cannot be imported: {exc}", pytrace=False)
            pytest.skip(f"simulator not available: {exc}")
        yield server


@pytest.fixture(params=SERVER_KINDS)
def server(request: pytest.FixtureRequest) -> Server:
    """Each of the two servers in turn (started lazily, once per run)."""
    value: Server = request.getfixturevalue(f"{request.param}_server")
    return value


@pytest.fixture
def nc(server: Server) -> Iterator[Sessions]:
    """Sessions on ``server`` for one test: data emptied first, all closed at the end."""
    sessions = Sessions(server)
    sessions.reset()
    try:
        yield sessions
    finally:
        sessions.close_all()

