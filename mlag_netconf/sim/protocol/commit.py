"""``<commit>`` and confirmed commit (RFC 6241 §8.3, §8.4), driven by the server loop.

Every installed tree goes through the ``install`` callback the core hands in (it
records the change in the device's history). A confirmed commit installs the candidate
at once and keeps a backup of the previous running configuration; the backup comes back
when the timer fires, on ``<cancel-commit>``, or when the issuing session ends (unless
``persist`` was given). The timer runs on the server's event loop, so it fires on time
whatever clients do.

:class:`CommitChecker` turns a candidate into the tree to install: the device profile's
own changes, then the schema check and the profile's rules.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from mlag_netconf.enums import Datastore
from mlag_netconf.errors import RpcErrorInfo
from mlag_netconf.sim.protocol.errors import RpcFailure, issue_error
from mlag_netconf.sim.protocol.plugins import DeviceProfile
from mlag_netconf.sim.protocol.schema_port import SimSchema
from mlag_netconf.sim.protocol.store import Datastores, PendingCommit
from mlag_netconf.xmltree import Element, child, child_text, deep_copy

DEFAULT_TIMEOUT = 600


Install = Callable[[Element, int | None, str, str | None], object]
"""``install(tree, session_id, kind, label)``: make ``tree`` the running configuration."""


@dataclass(frozen=True)
class CommitRequest:
    confirmed: bool = False
    timeout: int = DEFAULT_TIMEOUT
    persist: str | None = None
    persist_id: str | None = None
    #: the label the commit carries into the history (a dialect's extension)
    label: str | None = None

    @classmethod
    def parse(cls, op: Element, label: str | None = None) -> CommitRequest:
        raw = child_text(op, "confirm-timeout")
        timeout = DEFAULT_TIMEOUT
        if raw is not None:
            if not raw.isdigit() or not 0 < int(raw) <= 4294967295:
                raise RpcFailure(RpcErrorInfo.protocol(
                    "invalid-value", f"bad confirm-timeout '{raw}'",
                    info={"bad-element": "confirm-timeout"}))
            timeout = int(raw)
        return cls(child(op, "confirmed") is not None, timeout, child_text(op, "persist"),
                   child_text(op, "persist-id"), label)


class CommitChecker:
    """Turns a candidate into the tree to commit, or raises the ``rpc-error`` list."""

    def __init__(self, schema: SimSchema, profile: DeviceProfile) -> None:
        self.schema = schema
        self.profile = profile

    def prepare(self, candidate: Element, running: Element, deleted: set[str], *,
                compare_running: bool = True) -> Element:
        new = deep_copy(candidate)
        self.profile.at_commit(new, running, deleted)
        errors = [issue_error(i) for i in self.schema.validate(new)]
        errors += self.profile.commit_errors(new, running, deleted,
                                             compare_running=compare_running)
        if errors:
            raise RpcFailure(errors)
        return new


class Committer:
    """Commit state machine of one device."""

    def __init__(self, store: Datastores, checker: CommitChecker,
                 on_rollback: Callable[[str], None] | None = None,
                 install: Install | None = None) -> None:
        self.store = store
        self.checker = checker
        self.on_rollback = on_rollback or (lambda _why: None)
        self.install: Install = install or (lambda tree, sid, _kind, _label:
                                            store.install(tree, sid))
        self._timer: asyncio.TimerHandle | None = None

    def commit(self, session_id: int, request: CommitRequest) -> None:
        self.store.check_free(Datastore.RUNNING, session_id)
        self.store.check_free(Datastore.CANDIDATE, session_id)
        pending = self.store.pending
        if pending is not None:
            _authorize(pending, session_id, request.persist_id)
        elif request.persist_id is not None:
            raise RpcFailure(_bad_persist_id("no confirmed commit is pending"))
        self.store.check_current(session_id)
        new = self.checker.prepare(self.store.candidate_of(session_id), self.store.running,
                                   self.store.deleted_of(session_id))
        backup = pending.backup if pending else deep_copy(self.store.running)
        self._stop_timer()
        self.install(new, session_id, "commit", request.label)
        if request.confirmed:
            owner = pending.session_id if pending else session_id
            persist = request.persist or (pending.persist if pending else None)
            self.store.pending = PendingCommit(backup, owner, persist)
            self._timer = asyncio.get_running_loop().call_later(
                request.timeout, self.rollback, "confirm-timeout expired")
        else:
            self.store.pending = None

    def cancel(self, session_id: int, persist_id: str | None) -> None:
        pending = self.store.pending
        if pending is None:
            raise RpcFailure(RpcErrorInfo.protocol("operation-failed",
                                                   "no confirmed commit is pending"))
        _authorize(pending, session_id, persist_id, cancel=True)
        self.rollback("cancel-commit")

    def rollback(self, why: str) -> None:
        """Restore the running configuration saved by the pending confirmed commit."""
        pending = self.store.pending
        self._stop_timer()
        if pending is None:
            return
        self.store.pending = None
        self.install(pending.backup, None, "confirmed-commit-rollback", None)
        self.on_rollback(why)

    def session_ended(self, session_id: int) -> None:
        pending = self.store.pending
        if pending is not None and pending.persist is None and pending.session_id == session_id:
            self.rollback(f"session {session_id} ended before confirming")

    def stop(self) -> None:
        self._stop_timer()

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


def _authorize(pending: PendingCommit, session_id: int, persist_id: str | None, *,
               cancel: bool = False) -> None:
    """Who may confirm, extend or cancel a pending confirmed commit.

    RFC 6241 names no error-tag for another session's confirm or cancel; the tags
    follow netconfd (``in-use`` for a commit, ``operation-failed`` for a cancel), which
    the conformance suite compares against.
    """
    if pending.persist is not None:
        if persist_id != pending.persist:
            raise RpcFailure(_bad_persist_id("persist-id does not match the pending "
                                             "confirmed commit"))
    elif persist_id is not None:
        raise RpcFailure(_bad_persist_id("the pending confirmed commit has no persist token"))
    elif session_id != pending.session_id and cancel:
        raise RpcFailure(RpcErrorInfo.protocol(
            "operation-failed",
            f"the pending confirmed commit belongs to session {pending.session_id}",
            info={"session-id": str(pending.session_id)}))
    elif session_id != pending.session_id:
        raise RpcFailure(RpcErrorInfo.protocol(
            "in-use", f"a confirmed commit of session {pending.session_id} is pending",
            info={"session-id": str(pending.session_id)}))


def _bad_persist_id(message: str) -> RpcErrorInfo:
    return RpcErrorInfo.protocol("invalid-value", message, info={"bad-element": "persist-id"})
