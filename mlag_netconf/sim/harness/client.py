"""Connect ncclient to a simulated device, pinning its host key.

Two client-side delays matter with ncclient (neither is the server's):

- paramiko does not set ``TCP_NODELAY``: Nagle's algorithm meets the peer's delayed
  ACK (40 ms on Linux) twice during the SSH handshake, so a connect takes ~95 ms instead
  of ~10 ms. :func:`connect` hands ncclient a socket with ``TCP_NODELAY`` set.
- ncclient waits up to ``ncclient.transport.session.TICK`` (0.1 s) per RPC in its
  transport loop. :func:`fast_ticks` lowers it for a test run (a process-wide setting
  of ncclient; the library itself never changes it).
"""

from __future__ import annotations

import socket
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
    sock = nodelay_socket(device.host, device.port, timeout)
    try:
        return manager.connect(host=device.host, port=device.port, username=device.username,
                               hostkey_verify=True, ssh_config=str(device.ssh_config),
                               look_for_keys=False, allow_agent=False, timeout=timeout,
                               sock=sock, **auth, **kwargs)
    except BaseException:
        sock.close()
        raise


def nodelay_socket(host: str, port: int, timeout: float) -> socket.socket:
    """A connected TCP socket with Nagle's algorithm off."""
    sock = socket.create_connection((host, port), timeout=timeout)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


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
