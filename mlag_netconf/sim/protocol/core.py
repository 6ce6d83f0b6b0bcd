"""One simulated device's state, owned by the server's event loop.

:class:`DeviceCore` ties the datastores, the commit state machine, the sessions and the
scripted faults together. Everything here runs on the loop thread; the public handle
(:class:`mlag_netconf.sim.harness.network.SimulatedDevice`) reaches it through the loop.

The core knows no vendor: what the device does by itself comes from its
:class:`~mlag_netconf.sim.protocol.plugins.DeviceProfile` (default: nothing), how it
speaks from its :class:`~mlag_netconf.sim.protocol.dialect.Dialect` (default: RFC 6241),
its limits from :class:`~mlag_netconf.sim.protocol.limits.Limits` (default: none), the
faults from its :class:`~mlag_netconf.sim.protocol.plugins.FaultSource` (default: none).
"""

from __future__ import annotations

import contextlib
import itertools
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from mlag_netconf.enums import Datastore
from mlag_netconf.errors import RpcErrorInfo
from mlag_netconf.sim.protocol.commit import CommitChecker, Committer
from mlag_netconf.sim.protocol.dialect import (
    BASE_CAPABILITIES,
    MONITORING_CAPABILITY,
    Dialect,
    RfcDialect,
)
from mlag_netconf.sim.protocol.errors import RpcFailure
from mlag_netconf.sim.protocol.history import Change, History
from mlag_netconf.sim.protocol.limits import Limits
from mlag_netconf.sim.protocol.plugins import DeviceProfile, FaultSource, NoFaults, NoProfile
from mlag_netconf.sim.protocol.schema_port import SimSchema
from mlag_netconf.sim.protocol.store import CandidateMode, Datastores
from mlag_netconf.sim.protocol.tree import new_root
from mlag_netconf.xmltree import Element, deep_copy

log = logging.getLogger("mlag_netconf.sim")

__all__ = ["BASE_CAPABILITIES", "MONITORING_CAPABILITY", "DeviceCore", "SessionRecord",
           "default_capabilities"]


def default_capabilities(schema: SimSchema) -> list[str]:
    """What an RFC device advertises: NETCONF capabilities, monitoring, one per module."""
    return RfcDialect().capabilities(schema)


@dataclass
class SessionRecord:
    """A NETCONF session known to the device (``close`` is None for a phantom one)."""

    id: int
    username: str
    source: str
    login_time: str
    close: Callable[[], None] | None = None


class DeviceCore:
    def __init__(self, name: str, schema: SimSchema,
                 capabilities: Sequence[str] | None = None, *,
                 profile: DeviceProfile | None = None,
                 faults: FaultSource | None = None,
                 dialect: Dialect | None = None,
                 limits: Limits | None = None,
                 candidate: CandidateMode = CandidateMode.SHARED) -> None:
        self.name = name
        self.schema = schema
        self.dialect: Dialect = dialect or RfcDialect()
        self.limits = limits or Limits()
        self.capabilities = list(capabilities or self.dialect.capabilities(schema))
        self.profile: DeviceProfile = profile or NoProfile()
        self.checker = CommitChecker(schema, self.profile)
        self.store = Datastores(mode=candidate)
        self.history = History()
        self.committer = Committer(self.store, self.checker, self._rolled_back, self.install)
        self.faults: FaultSource = faults or NoFaults()
        self.sessions: dict[int, SessionRecord] = {}
        self.events: list[str] = []
        #: the session whose commit is in progress (across an await), if any
        self.committing: int | None = None
        self._ids = itertools.count(1)
        self.reset()

    # ---------------------------------------------------------------- state
    def reset(self, config: Sequence[Element] = ()) -> None:
        """Boot state: ``config`` (top-level data elements) plus what the device generates.

        Any pending confirmed commit is dropped; locks stay.
        """
        self.committer.stop()
        self.store.pending = None
        tree = new_root()
        for node in config:
            tree.append(deep_copy(node))
        self.profile.boot(tree)
        self.store.install(tree)

    def install(self, tree: Element, session_id: int | None, kind: str,
                label: str | None = None, *, direct: bool = False) -> Change:
        """Make ``tree`` running and record the change in :attr:`history`.

        A ``direct`` change (an edit of running, not through the candidate) leaves the
        shared candidate's uncommitted work in place.
        """
        self.store.install(tree, session_id, keep_candidate=direct)
        record = self.sessions.get(session_id) if session_id is not None else None
        return self.history.record(tree, session_id=session_id or 0,
                                   user=record.username if record else "", kind=kind,
                                   label=label)

    def _rolled_back(self, why: str) -> None:
        self.events.append(f"rollback: {why}")
        log.info("%s: confirmed commit rolled back (%s)", self.name, why)

    # ------------------------------------------------------------- sessions
    def open_session(self, username: str, source: str,
                     close: Callable[[], None] | None) -> SessionRecord:
        record = SessionRecord(next(self._ids), username, source,
                               datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), close)
        self.sessions[record.id] = record
        return record

    def end_session(self, session_id: int) -> None:
        """Release what a session held: locks, its candidate changes, its confirmed commit."""
        if self.sessions.pop(session_id, None) is None:
            return
        self.store.release(session_id)
        self.committer.session_ended(session_id)

    def kill(self, session_id: int, by: int) -> None:
        """``<kill-session>``: end another session (its locks and changes go too)."""
        if session_id == by:
            raise RpcFailure(RpcErrorInfo.protocol(
                "invalid-value", "a session cannot kill itself; use close-session",
                info={"bad-element": "session-id"}))
        record = self.sessions.get(session_id)
        if record is None:
            raise RpcFailure(RpcErrorInfo.protocol(
                "invalid-value", f"no session {session_id}", info={"bad-element": "session-id"}))
        if record.close is not None:
            record.close()
        self.end_session(session_id)

    def hold_lock(self, datastore: str) -> int:
        """Lock ``datastore`` from a phantom session (no transport); returns its id."""
        record = self.open_session("phantom", "0.0.0.0", None)
        self.store.lock(Datastore(datastore), record.id)
        return record.id

    def stop(self) -> None:
        self.committer.stop()
        for record in list(self.sessions.values()):
            if record.close is not None:
                with contextlib.suppress(Exception):  # stopping: close what can be closed
                    record.close()
