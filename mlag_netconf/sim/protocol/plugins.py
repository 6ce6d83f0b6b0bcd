"""What a device core is plugged with: the device's own behaviour, and scripted faults.

The protocol engine knows no vendor. A :class:`DeviceProfile` adds what a real device
does by itself (nodes it creates at boot and at commit) and the rules it enforces at
commit beyond its YANG modules; :class:`NoProfile` does nothing (a plain NETCONF server
of its modules). A :class:`FaultSource` may hit any RPC with an :class:`Intercept`
(delay, error, dropped connection, raw reply); :class:`NoFaults` never does.

>>> from mlag_netconf.sim.protocol.tree import new_root
>>> root = new_root()
>>> NoProfile().boot(root), len(root)
(None, 0)
>>> NoProfile().commit_errors(root, root, set(), compare_running=True)
[]
>>> NoFaults().take("commit") is None
True
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from mlag_netconf.errors import RpcErrorInfo
from mlag_netconf.xmltree import Element

__all__ = ["Action", "DeviceProfile", "FaultSource", "Intercept", "NoFaults", "NoProfile"]


class DeviceProfile(Protocol):
    """A device's own behaviour, called by the core on the trees it installs."""

    def boot(self, root: Element) -> None:
        """Add the nodes a freshly booted device has to ``root`` (in place)."""

    def at_commit(self, new: Element, running: Element, deleted: set[str]) -> None:
        """Transform ``new``, the tree about to be committed (or validated), in place.

        ``running`` is the current configuration; ``deleted`` the instance paths the
        candidate deleted since the last commit.
        """

    def commit_errors(self, new: Element, running: Element, deleted: set[str], *,
                      compare_running: bool) -> list[RpcErrorInfo]:
        """The rule violations of ``new`` (after :meth:`at_commit` and the schema check);
        ``compare_running`` is False for a ``<validate>`` of inline config."""
        ...


class NoProfile:
    """The default profile: the device creates nothing and checks only its schema."""

    def boot(self, root: Element) -> None:
        del root

    def at_commit(self, new: Element, running: Element, deleted: set[str]) -> None:
        del new, running, deleted

    def commit_errors(self, new: Element, running: Element, deleted: set[str], *,
                      compare_running: bool) -> list[RpcErrorInfo]:
        del new, running, deleted, compare_running
        return []


class Action(StrEnum):
    """What an :class:`Intercept` does to the RPC it hits."""

    DELAY = "delay"              # wait ``seconds``, then process normally
    ERROR = "error"              # answer with ``rpc_error`` instead of processing
    DROP_BEFORE = "drop-before"  # close the SSH connection without processing
    DROP_AFTER = "drop-after"    # process, then close without replying
    MALICIOUS = "malicious"      # answer with ``raw_reply()`` as it is


class Intercept(Protocol):
    """One fault hitting one RPC."""

    @property
    def action(self) -> Action: ...

    @property
    def seconds(self) -> float: ...

    @property
    def rpc_error(self) -> RpcErrorInfo | None: ...

    def raw_reply(self, message_id: str | None) -> bytes:
        """The bytes sent instead of a reply (``MALICIOUS``; not framed)."""
        ...


class FaultSource(Protocol):
    """Where the session asks, per RPC, whether a fault hits it."""

    @property
    def refuse_auth(self) -> bool:
        """True: every SSH login is refused."""
        ...

    def take(self, rpc: str) -> Intercept | None:
        """The fault hitting this RPC (by operation name), if any."""
        ...


class NoFaults:
    """The default fault source: nothing ever goes wrong on purpose."""

    refuse_auth = False

    def take(self, rpc: str) -> Intercept | None:
        del rpc
        return None
