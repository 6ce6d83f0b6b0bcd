"""Several devices as one transaction: both M-LAG members (and the user side) or neither.

Two confirmed commits are not enough: if the confirmation of one member fails after the
other's succeeded, the pair is split. :func:`apply_all` therefore runs in phases across
all devices, each phase on every device (in parallel) before the next begins::

    checks (YANG, capabilities) on every device        nothing sent yet
    snapshot + diff on every device                    (nothing to do anywhere: done)
    lock, discard, edit, validate, confirmed commit    every device pending, one timeout
    read back and compare on every device              any mismatch: cancel everywhere
    confirm on every device
    unlock

A failure before the confirmations cancels every pending commit (from a new session when
one died): all devices are as before. A failed confirmation after others succeeded is
the one window two-phase commit cannot close; those members get a *compensating
transaction* (their snapshot put back by a new commit), and the result says plainly, per
device, what state it is in and how to recover if even that failed.

Every device that failed is read back after its recovery: a device whose running holds
its snapshot again is ``unchanged`` whatever the recovery note guessed (a confirmed commit
the device rolled back by itself when the confirm timeout expired), and one that still
holds the change (a confirming commit that went through but whose reply was lost) is
compensated like the confirmed members.

Extra devices (``extra=``: the user-side device of a BGP-over-M-LAG intent, say) join the
transaction when the inventory has them and are left out (``skipped``) when it does not::

    apply_all(intent.payloads(), inventory, extra=intent.extra_payloads())

:func:`undo_all` removes what the payloads configured (never the nodes a device creates
itself), as one transaction the same way. ``progress`` (both) is called with
``(device, phase)`` as each device finishes a phase.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import NoReturn, TypeVar

from mlag_netconf.errors import (
    MlagNetconfError,
    NetconfError,
    RpcTimeout,
    SessionLost,
    TransactionError,
)
from mlag_netconf.inventory import Inventory, InventoryError
from mlag_netconf.netconf.engine import (
    DEFAULT_CONFIRM_TIMEOUT,
    CommitMode,
    Run,
    check_capabilities,
    for_device,
)
from mlag_netconf.netconf.session import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_RPC_TIMEOUT,
    Session,
    connect,
)
from mlag_netconf.netconf.tree import Diff, compare, read_filter, removal, reverse
from mlag_netconf.render import Payload
from mlag_netconf.schema import Schema
from mlag_netconf.xmltree import Element, pretty_text

_T = TypeVar("_T")

#: ``progress(device, phase)``: a device finished a phase (read, stage, verify, confirm).
Progress = Callable[[str, str], None]

#: What a device ended as, in :class:`DeviceResult.state`.
UNCHANGED = "unchanged"              # nothing to do, or nothing committed
CONFIGURED = "configured"            # the intent is in running and verified
VALIDATED = "validated"              # dry run: the edit validated, nothing committed
RESTORED = "restored"                # committed, then put back by a compensating commit
ATTENTION = "needs attention"        # running changed and could not be put back


@dataclass(frozen=True)
class DeviceResult:
    """One device's part of a transaction."""

    device: str
    state: str
    diff: Diff
    steps: tuple[str, ...] = ()
    error: MlagNetconfError | None = None
    recovery: str | None = None
    #: the touched subtrees of running before the change (XML), to restore by hand
    snapshot: str | None = field(default=None, repr=False)

    @property
    def changed(self) -> bool:
        return self.state == CONFIGURED

    @property
    def failed(self) -> bool:
        return self.error is not None

    def __str__(self) -> str:
        head = f"{self.device}: {self.state}"
        if self.error is not None:
            head += f" — {self.error}"
        elif self.steps:
            head += f" ({' -> '.join(self.steps)})"
        return head

    def __repr__(self) -> str:
        from mlag_netconf.netconf.display import device_result_repr

        return device_result_repr(self)

    def _repr_html_(self) -> str:
        from mlag_netconf.netconf.display import device_result_html

        return device_result_html(self)


@dataclass(frozen=True)
class TransactionResult:
    """Every device's outcome; ``ok`` only when all of them ended as intended."""

    devices: tuple[DeviceResult, ...]
    dry_run: bool = False
    #: extra devices left out because the inventory does not have them
    skipped: tuple[str, ...] = ()

    def __getitem__(self, name: str) -> DeviceResult:
        for d in self.devices:
            if d.device == name:
                return d
        raise KeyError(name)

    @property
    def ok(self) -> bool:
        return not any(d.failed for d in self.devices)

    @property
    def changed(self) -> bool:
        return any(d.changed for d in self.devices)

    @property
    def failed_hosts(self) -> dict[str, MlagNetconfError]:
        return {d.device: d.error for d in self.devices if d.error is not None}

    def __str__(self) -> str:
        verdict = ("dry run" if self.dry_run else
                   "ok" if self.ok else "FAILED: " + ", ".join(self.failed_hosts))
        lines = [f"transaction {verdict}", *(f"  {d}" for d in self.devices)]
        lines += [f"  {name}: not in the inventory (left out)" for name in self.skipped]
        return "\n".join(lines)

    def __repr__(self) -> str:
        from mlag_netconf.netconf.display import result_repr

        return result_repr(self)

    def _repr_html_(self) -> str:
        from mlag_netconf.netconf.display import result_html

        return result_html(self)


@dataclass(frozen=True)
class Plan:
    """What a transaction would change on each device (read from running; nothing sent)."""

    diffs: tuple[Diff, ...]
    #: extra devices left out because the inventory does not have them
    skipped: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return any(self.diffs)

    def __getitem__(self, name: str) -> Diff:
        for d in self.diffs:
            if d.device == name:
                return d
        raise KeyError(name)

    def __str__(self) -> str:
        return "\n".join(str(d) for d in self.diffs)

    def __repr__(self) -> str:
        from mlag_netconf.netconf.display import plan_repr

        return plan_repr(self)

    def _repr_html_(self) -> str:
        from mlag_netconf.netconf.display import plan_html

        return plan_html(self)


# --------------------------------------------------------------------------- helpers
_POOL_SIZE = 64
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _workers() -> ThreadPoolExecutor:
    """One pool for every phase of every transaction (a fresh thread per device and phase
    cost ~1 ms each under load). Its tasks never wait on the pool themselves, so a full
    pool only queues."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=_POOL_SIZE, thread_name_prefix="mlag-pair")
        return _pool


def _parallel(items: Iterable[_T], fn: Callable[[_T], object]) -> dict[int, BaseException]:
    """Run ``fn`` on every item at once (the first in the calling thread, the others in
    the shared pool); the exceptions by item index."""
    todo = list(items)
    errors: dict[int, BaseException] = {}
    futures = {i: _workers().submit(fn, item) for i, item in enumerate(todo) if i}
    if todo:
        try:
            fn(todo[0])
        except Exception as e:
            errors[0] = e
    for i, f in futures.items():
        exc = f.exception()
        if exc is not None:
            errors[i] = exc
    return errors


def members(payloads: Mapping[str, Payload], inventory: Inventory,
            extra: Mapping[str, Payload] | None = None
            ) -> tuple[dict[str, Payload], tuple[str, ...]]:
    """The devices of one transaction: every one of ``payloads`` (each must be in the
    inventory) and those of ``extra`` the inventory has; and the extra ones it has not.

    Raises :class:`InventoryError` for a payload without an inventory entry, or a device
    given twice.
    """
    for name in payloads:
        if name not in inventory.names:
            raise InventoryError(f"devices.{name}", "inventory-missing-device",
                                 f"{name} has a payload but no inventory entry")
    chosen = dict(payloads)
    skipped: list[str] = []
    for name, payload in (extra or {}).items():
        if name in chosen:
            raise InventoryError(f"devices.{name}", "transaction-duplicate-device",
                                 f"{name} is given twice (in payloads and in extra)")
        if name in inventory.names:
            chosen[name] = payload
        else:
            skipped.append(name)
    return chosen, tuple(skipped)


def _open(names: Iterable[str], inventory: Inventory, timeout: float,
          rpc_timeout: float) -> dict[str, Session]:
    """A session per device, opened in parallel; all or none (the others are closed)."""
    names = list(names)
    sessions: dict[str, Session] = {}

    def one(name: str) -> None:
        sessions[name] = connect(inventory[name], timeout=timeout, rpc_timeout=rpc_timeout)

    errors = _parallel(names, one)
    if errors:
        for s in sessions.values():
            s.close()
        failed = {names[i]: _as_error(e, names[i], "connect") for i, e in errors.items()}
        raise TransactionError(f"could not connect to {', '.join(failed)}; nothing was "
                               f"sent to any device", failed)
    return {n: sessions[n] for n in names}


def _close(sessions: Mapping[str, Session]) -> None:
    _parallel(sessions.values(), lambda s: s.close())


def _as_error(exc: BaseException, device: str, step: str) -> MlagNetconfError:
    if isinstance(exc, NetconfError):
        return exc.located(device=device, step=step)
    if isinstance(exc, MlagNetconfError):
        return exc
    return NetconfError(f"{type(exc).__name__}: {exc}", device=device, step=step)


Prepared = dict[str, tuple[Payload, Schema | None]]


def _check(sessions: Mapping[str, Session], payloads: Mapping[str, Payload],
           schema: Schema | None) -> Prepared:
    """YANG and capability checks on every device before anything is sent; each payload
    as its device gets it (gap features on the device's own nodes under ``gap: model``)
    with the schema the tree walks then use."""
    failed: dict[str, MlagNetconfError] = {}
    prepared: Prepared = {}
    for name, session in sessions.items():
        try:
            payloads[name].validate(schema)
            prepared[name] = for_device(session, payloads[name], schema)
            check_capabilities(session, prepared[name][0])
        except MlagNetconfError as e:
            failed[name] = _as_error(e, name, "check")
    if failed:
        raise TransactionError("refused before sending: " + "; ".join(
            str(e) for e in failed.values()), failed)
    return prepared


def _configs(prepared: Prepared, undo: bool) -> dict[str, tuple[Element, Schema | None]]:
    """What each run sends: the payload, or (``undo``) the removal of what it configures."""
    return {n: (removal(p.element(), s) if undo else p.element(), s)
            for n, (p, s) in prepared.items()}


# --------------------------------------------------------------------------- plan
def plan(payloads: Mapping[str, Payload], inventory: Inventory, *,
         extra: Mapping[str, Payload] | None = None, schema: Schema | None = None,
         timeout: float = DEFAULT_CONNECT_TIMEOUT,
         rpc_timeout: float = DEFAULT_RPC_TIMEOUT, undo: bool = False) -> Plan:
    """Check every payload against its device and read what it would change (in parallel);
    ``undo=True``: what :func:`undo_all` would remove.

    ``extra``: devices that join when the inventory has them (see :func:`members`).
    Raises :class:`TransactionError` (nothing sent) when a device is unreachable or
    refuses a payload before sending.
    """
    chosen, skipped = members(payloads, inventory, extra)
    sessions = _open(chosen, inventory, timeout, rpc_timeout)
    try:
        configs = _configs(_check(sessions, chosen, schema), undo)
        runs = {n: Run(s, configs[n][0], schema=configs[n][1]) for n, s in sessions.items()}
        errors = _parallel(runs.values(), lambda r: r.prepare())
        if errors:
            names = list(runs)
            raise TransactionError("could not read running", {
                names[i]: _as_error(e, names[i], "read") for i, e in errors.items()})
        return Plan(tuple(r.changes for r in runs.values()), skipped)
    finally:
        _close(sessions)


# --------------------------------------------------------------------------- apply / undo
def apply_all(payloads: Mapping[str, Payload], inventory: Inventory, *,
              extra: Mapping[str, Payload] | None = None,
              confirm_timeout: int = DEFAULT_CONFIRM_TIMEOUT, dry_run: bool = False,
              validate_on_device: bool = True, commit: CommitMode = "confirmed",
              schema: Schema | None = None, timeout: float = DEFAULT_CONNECT_TIMEOUT,
              rpc_timeout: float = DEFAULT_RPC_TIMEOUT,
              progress: Progress | None = None) -> TransactionResult:
    """Configure every device of ``payloads`` as one transaction: all verified, or all as
    before. Raises :class:`TransactionError` (``failed_hosts``, and ``result`` with every
    device's state) when it could not complete; returns the result otherwise.

    ``extra``: more devices (the user side) that join when the inventory has them and are
    listed in ``result.skipped`` when it does not. ``commit`` defaults to ``confirmed``: a
    device without ``:confirmed-commit`` is refused (``plain`` accepts it, and a failure
    after its commit is compensated).
    """
    chosen, skipped = members(payloads, inventory, extra)
    sessions = _open(chosen, inventory, timeout, rpc_timeout)
    try:
        configs = _configs(_check(sessions, chosen, schema), undo=False)
        return _phases(sessions, configs, skipped, confirm_timeout=confirm_timeout,
                       dry_run=dry_run, validate_on_device=validate_on_device,
                       commit=commit, split=False, progress=progress)
    finally:
        _close(sessions)


def undo_all(payloads: Mapping[str, Payload], inventory: Inventory, *,
             extra: Mapping[str, Payload] | None = None,
             confirm_timeout: int = DEFAULT_CONFIRM_TIMEOUT, dry_run: bool = False,
             validate_on_device: bool = True, commit: CommitMode = "confirmed",
             schema: Schema | None = None, timeout: float = DEFAULT_CONNECT_TIMEOUT,
             rpc_timeout: float = DEFAULT_RPC_TIMEOUT,
             progress: Progress | None = None) -> TransactionResult:
    """Remove what ``payloads`` configured from every device, as one transaction (the
    phases of :func:`apply_all`; never the nodes a device creates itself). A device that
    holds none of it is ``unchanged``; nothing to remove anywhere sends nothing."""
    chosen, skipped = members(payloads, inventory, extra)
    sessions = _open(chosen, inventory, timeout, rpc_timeout)
    try:
        configs = _configs(_check(sessions, chosen, schema), undo=True)
        return _phases(sessions, configs, skipped, confirm_timeout=confirm_timeout,
                       dry_run=dry_run, validate_on_device=validate_on_device,
                       commit=commit, split=True, progress=progress)
    finally:
        _close(sessions)


def _phases(sessions: Mapping[str, Session],
            configs: Mapping[str, tuple[Element, Schema | None]],
            skipped: tuple[str, ...], *, confirm_timeout: int, dry_run: bool,
            validate_on_device: bool, commit: CommitMode, split: bool,
            progress: Progress | None = None) -> TransactionResult:
    runs: dict[str, Run] = {}
    for name, session in sessions.items():
        config, schema = configs[name]
        try:
            runs[name] = Run(session, config, confirm_timeout=confirm_timeout,
                             commit=commit, dry_run=dry_run,
                             validate_on_device=validate_on_device, schema=schema,
                             split=split)
        except NetconfError as e:
            raise TransactionError(str(e), {name: e}) from None
    names = list(runs)
    failed: dict[str, MlagNetconfError] = {}

    def phase(label: str, members: list[str], fn: Callable[[Run], object]) -> None:
        def step(run: Run) -> None:
            fn(run)
            if progress is not None:
                progress(run.name, label)

        for i, exc in _parallel([runs[n] for n in members], step).items():
            failed[members[i]] = _as_error(exc, members[i], label)

    phase("read", names, lambda r: r.prepare())
    if failed:
        _abort(runs, [], failed, dry_run, skipped)
    active = [n for n in names if runs[n].changes or dry_run]
    if not active:
        return TransactionResult(tuple(DeviceResult(n, UNCHANGED, runs[n].changes)
                                       for n in names), dry_run, skipped)
    phase("stage", active, lambda r: r.stage())
    if not failed and not dry_run:
        phase("verify", active, lambda r: r.verify())
    if failed:
        _abort(runs, active, failed, dry_run, skipped)
    if dry_run:
        _parallel([runs[n] for n in active], lambda r: r.finish())
        return TransactionResult(tuple(
            DeviceResult(n, VALIDATED if n in active else UNCHANGED, runs[n].changes,
                         tuple(runs[n].steps)) for n in names), True, skipped)
    phase("confirm", active, lambda r: r.confirm())
    if failed:
        _split(runs, active, failed, skipped)
    _parallel([runs[n] for n in active], lambda r: r.finish())
    return TransactionResult(tuple(
        DeviceResult(n, CONFIGURED if n in active else UNCHANGED, runs[n].changes,
                     tuple(runs[n].steps)) for n in names), skipped=skipped)


# --------------------------------------------------------------------------- failure
def _snapshot_back(run: Run) -> bool | None:
    """Does the device's running hold the snapshot again over what the run touches?
    ``None`` when it cannot be read."""
    if run.before is None:
        return True
    session = run.session
    fresh = None
    try:
        if not session.connected:
            session = fresh = connect(run.session.entry, rpc_timeout=run.session.rpc_timeout)
        now = session.get_config("running", read_filter(run.config, run.schema))
    except NetconfError:
        return None
    finally:
        if fresh is not None:
            fresh.close()
    return not compare(reverse(run.config, run.before, run.schema), now, schema=run.schema)


def _recover_checked(run: Run, error: MlagNetconfError | None) -> tuple[str, str]:
    """Recover a failed device; read it back where a commit may have gone through:
    (state, note)."""
    unsure = (isinstance(error, (SessionLost, RpcTimeout))
              and error.step in ("commit", "confirm"))
    if unsure and run.confirmed and not run.confirmed_done:
        run.pending = True   # the reply may be lost, not the commit: cancel by the token
    note = run.recover()
    if not unsure and "commit" not in run.steps:
        return UNCHANGED, note
    back = _snapshot_back(run)
    if back:
        if note.startswith("cancel-commit failed"):
            note = "running holds the snapshot (read back); " + note.partition("; ")[2]
        return UNCHANGED, note.rstrip("; ")
    if back is None:
        pending = "confirm timeout expires" in note
        return (UNCHANGED if pending else ATTENTION), note + "; running could not be read back"
    fixed = run.compensate()
    return (RESTORED if fixed.startswith("compensating") else ATTENTION), f"{note}; {fixed}"


def _abort(runs: Mapping[str, Run], active: list[str], failed: dict[str, MlagNetconfError],
           dry_run: bool, skipped: tuple[str, ...]) -> NoReturn:
    """A failure before any confirmation: every device back as it was."""
    notes: dict[str, tuple[str, str]] = {}

    def recover(name: str) -> None:
        notes[name] = _recover_checked(runs[name], failed.get(name))

    _parallel(active, recover)
    results = []
    for name, run in runs.items():
        error = failed.get(name)
        state, note = notes.get(name, (UNCHANGED, None))
        if isinstance(error, NetconfError):
            error.located(recovery=note)
        results.append(DeviceResult(name, state, run.changes, tuple(run.steps), error, note,
                                    _snapshot(run)))
    raise _failure(TransactionResult(tuple(results), dry_run, skipped))


def _split(runs: Mapping[str, Run], active: list[str],
           failed: dict[str, MlagNetconfError], skipped: tuple[str, ...]) -> NoReturn:
    """Some confirmations failed after others succeeded: compensate the confirmed ones."""
    notes: dict[str, tuple[str, str]] = {}

    def settle(name: str) -> None:
        run = runs[name]
        if name in failed:
            notes[name] = _recover_checked(run, failed[name])
            return
        note = run.compensate()
        run.finish()
        notes[name] = (RESTORED if note.startswith("compensating") else ATTENTION), note

    _parallel(active, settle)
    results = []
    for name, run in runs.items():
        state, note = notes.get(name, (UNCHANGED, None))
        error = failed.get(name)
        if state == ATTENTION and error is None:
            error = NetconfError("running was changed and could not be put back",
                                 device=name, step="compensate")
        if isinstance(error, NetconfError):
            error.located(recovery=note)
        results.append(DeviceResult(name, state, run.changes, tuple(run.steps), error, note,
                                    _snapshot(run)))
    raise _failure(TransactionResult(tuple(results), skipped=skipped))


def _snapshot(run: Run) -> str | None:
    return pretty_text(run.before) if run.before is not None else None


def _failure(result: TransactionResult) -> TransactionError:
    attention = [d.device for d in result.devices if d.state == ATTENTION]
    if attention:
        outcome = (f"{', '.join(attention)} NEED ATTENTION: restore from the snapshot "
                   f"(see each device's recovery note)")
    elif any(d.state == RESTORED for d in result.devices):
        outcome = ("members changed before the failure were put back by a compensating "
                   "commit; every device is as before")
    else:
        outcome = "every device is as before"
    return TransactionError(
        f"transaction failed on {', '.join(result.failed_hosts)}; {outcome}\n{result}",
        result.failed_hosts, result)


__all__ = ["ATTENTION", "CONFIGURED", "RESTORED", "UNCHANGED", "VALIDATED", "DeviceResult",
           "Plan", "Progress", "TransactionResult", "apply_all", "members", "plan",
           "undo_all"]
