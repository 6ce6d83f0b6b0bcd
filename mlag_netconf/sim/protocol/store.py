"""The datastores of one device: running and candidate trees, locks, pending changes.

Pure state with no I/O; :class:`~mlag_netconf.sim.protocol.core.DeviceCore` drives it
from the server loop. Locks are per datastore (RFC 6241 §7.5, §7.6).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mlag_netconf.enums import Datastore
from mlag_netconf.errors import RpcErrorInfo
from mlag_netconf.sim.protocol.errors import RpcFailure, in_use
from mlag_netconf.sim.protocol.tree import new_root
from mlag_netconf.xmltree import Element, deep_copy, same_tree

#: Session id reported for a lock held by something that is not a NETCONF session.
NO_SESSION = 0


@dataclass
class PendingCommit:
    """A confirmed commit waiting for its confirmation (RFC 6241 §8.4)."""

    backup: Element
    session_id: int
    persist: str | None


@dataclass
class Datastores:
    running: Element = field(default_factory=new_root)
    candidate: Element = field(default_factory=new_root)
    locks: dict[Datastore, int] = field(default_factory=dict)
    #: instance paths deleted from the candidate since the last commit or discard
    deleted: set[str] = field(default_factory=set)
    #: sessions that changed the candidate since the last commit or discard
    editors: set[int] = field(default_factory=set)
    pending: PendingCommit | None = None

    @staticmethod
    def parse_name(name: str | None, *, allowed: tuple[Datastore, ...]) -> Datastore:
        try:
            parsed = Datastore(name or "")
        except ValueError:
            parsed = None
        if parsed is None or parsed not in allowed:
            raise RpcFailure(RpcErrorInfo.protocol(
                "invalid-value", f"datastore '{name}' is not supported here",
                info={"bad-element": name or "source"}))
        return parsed

    def tree(self, name: Datastore) -> Element:
        return self.running if name is Datastore.RUNNING else self.candidate

    # ------------------------------------------------------------------ locks
    def holder(self, name: Datastore) -> int | None:
        return self.locks.get(name)

    def check_free(self, name: Datastore, session_id: int) -> None:
        """``in-use`` when another session holds the lock on ``name``."""
        owner = self.locks.get(name)
        if owner is not None and owner != session_id:
            raise RpcFailure(in_use(str(name), owner))

    def lock(self, name: Datastore, session_id: int) -> None:
        owner = self.locks.get(name)
        if owner is not None:
            raise RpcFailure(RpcErrorInfo.protocol(
                "lock-denied", f"{name} is already locked by session {owner}",
                info={"session-id": str(owner)}))
        if name is Datastore.CANDIDATE and self.candidate_modified():
            # RFC 6241 §7.5 names no tag; netconfd's resource-denied is kept (the
            # conformance suite compares against it)
            raise RpcFailure(RpcErrorInfo.protocol(
                "resource-denied", "the candidate has uncommitted changes",
                info={"session-id": str(min(self.editors, default=NO_SESSION))}))
        self.locks[name] = session_id

    def unlock(self, name: Datastore, session_id: int) -> None:
        owner = self.locks.get(name)
        if owner is None:
            raise RpcFailure(RpcErrorInfo.protocol("operation-failed", f"{name} is not locked"))
        if owner != session_id:  # RFC 6241 §7.6 names no tag; netconfd answers in-use
            raise RpcFailure(in_use(str(name), owner))
        del self.locks[name]
        if name is Datastore.CANDIDATE:
            self.discard()

    # ------------------------------------------------------------- candidate
    def candidate_modified(self) -> bool:
        return bool(self.editors) and not same_tree(self.candidate, self.running)

    def set_candidate(self, tree: Element, session_id: int, deleted: set[str]) -> None:
        self.candidate = tree
        self.deleted |= deleted
        self.editors.add(session_id)

    def discard(self) -> None:
        self.candidate = deep_copy(self.running)
        self.deleted.clear()
        self.editors.clear()

    def install(self, tree: Element) -> None:
        """Make ``tree`` the running configuration and reset the candidate to it."""
        self.running = tree
        self.discard()

    # --------------------------------------------------------------- session
    def release(self, session_id: int) -> None:
        """A session ended: its locks go, and the candidate changes only it made."""
        held = [n for n, owner in self.locks.items() if owner == session_id]
        for name in held:
            del self.locks[name]
        sole_editor = self.editors == {session_id}
        if Datastore.CANDIDATE in held or (sole_editor and Datastore.CANDIDATE not in self.locks):
            self.discard()
        else:
            self.editors.discard(session_id)
