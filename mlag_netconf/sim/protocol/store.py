"""The datastores of one device: running and candidate trees, locks, pending changes.

Pure state with no I/O; :class:`~mlag_netconf.sim.protocol.core.DeviceCore` drives it
from the server loop. Locks are per datastore (RFC 6241 §7.5, §7.6).

The candidate is shared by all sessions (RFC 6241 §8.3, :attr:`CandidateMode.SHARED`)
or private to each session (:attr:`CandidateMode.PER_SESSION`): a session's candidate
starts as a copy of running at its first edit, and its commit fails once another
session has changed running since then (the first commit wins).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from mlag_netconf.enums import Datastore
from mlag_netconf.errors import RpcErrorInfo
from mlag_netconf.sim.protocol.errors import RpcFailure, in_use
from mlag_netconf.sim.protocol.tree import new_root
from mlag_netconf.xmltree import Element, deep_copy, same_tree

#: Session id reported for a lock held by something that is not a NETCONF session.
NO_SESSION = 0


class CandidateMode(StrEnum):
    SHARED = "shared"
    PER_SESSION = "per-session"


@dataclass
class PendingCommit:
    """A confirmed commit waiting for its confirmation (RFC 6241 §8.4)."""

    backup: Element
    session_id: int
    persist: str | None


@dataclass
class _Private:
    """One session's own candidate (per-session mode)."""

    tree: Element
    deleted: set[str]
    base: int  # the running version it was copied from


@dataclass
class Datastores:
    running: Element = field(default_factory=new_root)
    #: the shared candidate (in per-session mode it stays a copy of running)
    candidate: Element = field(default_factory=new_root)
    locks: dict[Datastore, int] = field(default_factory=dict)
    #: instance paths deleted from the shared candidate since the last commit or discard
    deleted: set[str] = field(default_factory=set)
    #: sessions that changed the shared candidate since the last commit or discard
    editors: set[int] = field(default_factory=set)
    pending: PendingCommit | None = None
    mode: CandidateMode = CandidateMode.SHARED
    #: how many times running was replaced
    version: int = 0
    private: dict[int, _Private] = field(default_factory=dict)

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

    @property
    def per_session(self) -> bool:
        return self.mode is CandidateMode.PER_SESSION

    def tree(self, name: Datastore, session_id: int | None = None) -> Element:
        return self.running if name is Datastore.RUNNING else self.candidate_of(session_id)

    def candidate_of(self, session_id: int | None) -> Element:
        """The candidate ``session_id`` sees (the shared one unless per-session)."""
        if self.per_session and session_id is not None:
            mine = self.private.get(session_id)
            return self.running if mine is None else mine.tree
        return self.candidate

    def deleted_of(self, session_id: int | None) -> set[str]:
        if self.per_session and session_id is not None:
            mine = self.private.get(session_id)
            return set() if mine is None else mine.deleted
        return self.deleted

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
            self.discard(session_id)

    # ------------------------------------------------------------- candidate
    def candidate_modified(self) -> bool:
        """True when the shared candidate holds uncommitted changes (never per-session:
        a session's changes are its own)."""
        return (not self.per_session and bool(self.editors)
                and not same_tree(self.candidate, self.running))

    def set_candidate(self, tree: Element, session_id: int, deleted: set[str]) -> None:
        if self.per_session:
            mine = self.private.get(session_id)
            self.private[session_id] = _Private(
                tree, (mine.deleted if mine else set()) | deleted,
                mine.base if mine else self.version)
            return
        self.candidate = tree
        self.deleted |= deleted
        self.editors.add(session_id)

    def check_current(self, session_id: int) -> None:
        """Per-session: fail when running changed since this session's candidate began."""
        mine = self.private.get(session_id) if self.per_session else None
        if mine is not None and mine.base != self.version:
            raise RpcFailure(RpcErrorInfo.application(
                "operation-failed", "the running configuration changed since this "
                "session's candidate was started (another session committed first); "
                "discard-changes and edit again"))

    def discard(self, session_id: int | None = None) -> None:
        """Drop the uncommitted changes (per-session: those of ``session_id``)."""
        if self.per_session and session_id is not None:
            self.private.pop(session_id, None)
            return
        self.candidate = deep_copy(self.running)
        self.deleted.clear()
        self.editors.clear()

    def install(self, tree: Element, session_id: int | None = None, *,
                keep_candidate: bool = False) -> None:
        """Make ``tree`` the running configuration.

        The candidate that produced it (``session_id``'s own, per-session) goes; the
        shared one is reset to running unless ``keep_candidate`` and it holds changes
        (a direct edit of running leaves another session's candidate work alone).
        """
        self.running = tree
        self.version += 1
        if self.per_session:
            if session_id is not None:
                self.private.pop(session_id, None)
            self.candidate = deep_copy(tree)
        elif not (keep_candidate and self.candidate_modified()):
            self.discard()

    # --------------------------------------------------------------- session
    def release(self, session_id: int) -> None:
        """A session ended: its locks go, and the candidate changes only it made."""
        held = [n for n, owner in self.locks.items() if owner == session_id]
        for name in held:
            del self.locks[name]
        if self.per_session:
            self.private.pop(session_id, None)
            return
        sole_editor = self.editors == {session_id}
        if Datastore.CANDIDATE in held or (sole_editor and Datastore.CANDIDATE not in self.locks):
            self.discard()
        else:
            self.editors.discard(session_id)
