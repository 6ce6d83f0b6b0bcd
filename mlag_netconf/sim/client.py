"""Connect ncclient to a simulated device, pinning its host key.

ncclient waits up to ``ncclient.transport.session.TICK`` (0.1 s) per RPC in its
transport loop. :func:`fast_ticks` lowers it for a test run (a process-wide setting of
ncclient; the library itself never changes it).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def connect(device: Any, *, password: str | None = None, key: bool = False,
            timeout: float = 10, **kwargs: Any) -> Any:
    """``ncclient.manager.connect`` with the device's known_hosts (via its ssh_config).

    ``key=True`` logs in with the network's client key instead of the password.
    Extra ``kwargs`` go to ncclient (e.g. ``device_params``).
    """
    from ncclient import manager

    auth: dict[str, Any] = ({"key_filename": str(device.key_filename)} if key
                            else {"password": password if password is not None
                                  else device.password})
    return manager.connect(host=device.host, port=device.port, username=device.username,
                           hostkey_verify=True, ssh_config=str(device.ssh_config),
                           look_for_keys=False, allow_agent=False, timeout=timeout,
                           **auth, **kwargs)


@contextmanager
def fast_ticks(tick: float = 0.001) -> Iterator[None]:
    """Lower ncclient's transport poll interval for the duration of the block."""
    from ncclient.transport import session

    old = session.TICK
    session.TICK = tick
    try:
        yield
    finally:
        session.TICK = old
