"""One simulated device's state, owned by the server's event loop.

:class:`DeviceCore` ties the datastores, the commit state machine, the sessions and the
scripted faults together. Everything here runs on the loop thread; the public handle
(:class:`mlag_netconf.sim.harness.network.SimulatedDevice`) reaches it through the loop.

The core knows no vendor: what the device does by itself comes from its
:class:`~mlag_netconf.sim.protocol.plugins.DeviceProfile` (default: nothing), the faults
from its :class:`~mlag_netconf.sim.protocol.plugins.FaultSource` (default: none).
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
from mlag_netconf.sim.protocol import defaults
from mlag_netconf.sim.protocol.commit import CommitChecker, Committer
from mlag_netconf.sim.protocol.errors import RpcFailure
from mlag_netconf.sim.protocol.plugins import DeviceProfile, FaultSource, NoFaults, NoProfile
from mlag_netconf.sim.protocol.schema_port import SimSchema
from mlag_netconf.sim.protocol.store import Datastores
from mlag_netconf.sim.protocol.tree import new_root
from mlag_netconf.xmltree import Element, deep_copy

log = logging.getLogger("mlag_netconf.sim")

BASE_CAPABILITIES = (
    "urn:ietf:params:netconf:base:1.0",
    "urn:ietf:params:netconf:base:1.1",
    "urn:ietf:params:netconf:capability:candidate:1.0",
    "urn:ietf:params:netconf:capability:confirmed-commit:1.1",
    "urn:ietf:params:netconf:capability:validate:1.1",
    "urn:ietf:params:netconf:capability:rollback-on-error:1.0",
    defaults.CAPABILITY,
)
MONITORING_CAPABILITY = ("urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring"
                         "?module=ietf-netconf-monitoring&revision=2010-10-04")


def default_capabilities(schema: SimSchema) -> list[str]:
    """What a device advertises: NETCONF capabilities, monitoring, one per module."""
    return [*BASE_CAPABILITIES, MONITORING_CAPABILITY,
            *(m.capability() for m in schema.modules)]


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
                 faults: FaultSource | None = None) -> None:
        self.name = name
        self.schema = schema
        self.capabilities = list(capabilities or default_capabilities(schema))
        self.profile: DeviceProfile = profile or NoProfile()
        self.checker = CommitChecker(schema, self.profile)
        self.store = Datastores()
        self.committer = Committer(self.store, self.checker, self._rolled_back)
        self.faults: FaultSource = faults or NoFaults()
        self.sessions: dict[int, SessionRecord] = {}
        self.events: list[str] = []
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
