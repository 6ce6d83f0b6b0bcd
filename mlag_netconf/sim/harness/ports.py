"""Free TCP ports for servers that need a fixed port (the simulator's harness).

Port 0 lets the kernel choose, which is race-free; use it whenever the number can be
read back afterwards. When a port must be known *before* the server starts (an
inventory written up front, a block of consecutive ports, an external ``sshd``), pick
it with :func:`free_ports`: it chooses below the kernel's ephemeral range, so the port
cannot be handed to some unrelated outgoing connection between the check and the
server's bind — the race that a probe on port 0 leaves open.

>>> base = free_ports(2)
>>> low, high = ephemeral_range()
>>> any(low <= port <= high for port in (base, base + 1))
False
"""

from __future__ import annotations

import random
import socket
from pathlib import Path

from mlag_netconf.sim.protocol.errors import SimulatorUsageError

__all__ = ["ephemeral_range", "free_ports"]

_RANGE_FILE = Path("/proc/sys/net/ipv4/ip_local_port_range")
_DEFAULT_EPHEMERAL = (32768, 60999)
_LOW = 20000  # well above the registered services most labs run


def ephemeral_range() -> tuple[int, int]:
    """The kernel's ephemeral (outgoing) port range, ``(32768, 60999)`` if unknown."""
    try:
        low, high = (int(p) for p in _RANGE_FILE.read_text().split())
    except (OSError, ValueError):
        return _DEFAULT_EPHEMERAL
    return low, high


def _bindable(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def free_ports(count: int = 1, host: str = "127.0.0.1", *, attempts: int = 200) -> int:
    """The first of ``count`` consecutive ports on ``host`` that are free now.

    The ports lie outside the ephemeral range, so only another *server* can take
    them before the caller binds. Raises ``OSError`` if no block is found.
    """
    if count < 1:
        raise SimulatorUsageError(f"count must be at least 1, not {count}")
    low, high = ephemeral_range()
    # Below the ephemeral range; above it only if the range is unusually wide.
    span = (_LOW, low - count) if low - _LOW >= count + 100 else (high + 1, 65536 - count)
    if span[0] > span[1]:
        raise OSError(f"no room for {count} ports outside the ephemeral range {low}-{high}")
    rng = random.Random()
    for _ in range(attempts):
        base = rng.randint(*span)
        if all(_bindable(host, base + i) for i in range(count)):
            return base
    raise OSError(f"no {count} consecutive free ports on {host} after {attempts} tries")
