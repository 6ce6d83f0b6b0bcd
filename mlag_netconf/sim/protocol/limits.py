"""Limits a device enforces on its sessions (all off by default: a plain server).

- ``max_sessions``: a session beyond this many is closed before its hello;
- ``idle_timeout``: seconds without an RPC after which the device ends a session;
- ``operation_timeout``: seconds an operation may take; one that would take longer
  (an injected delay) is answered with ``operation-failed`` once the limit passes;
- ``busy_commits``: a commit or running edit that arrives while another session's
  commit is still in progress fails with ``in-use`` ("system busy").

>>> Limits().max_sessions is None, Limits(max_sessions=5).max_sessions
(True, 5)
"""

from __future__ import annotations

from dataclasses import dataclass

from mlag_netconf.sim.protocol.errors import SimulatorUsageError


@dataclass(frozen=True)
class Limits:
    max_sessions: int | None = None
    idle_timeout: float | None = None
    operation_timeout: float | None = None
    busy_commits: bool = False

    def __post_init__(self) -> None:
        if self.max_sessions is not None and self.max_sessions < 1:
            raise SimulatorUsageError(f"max_sessions must be at least 1, not {self.max_sessions}")
        for name in ("idle_timeout", "operation_timeout"):
            value = getattr(self, name)
            if value is not None and not value > 0:
                raise SimulatorUsageError(f"{name} must be positive, not {value}")
