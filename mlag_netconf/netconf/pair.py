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

:func:`undo_all` removes what the payloads configured (never the nodes a device creates
itself) through the same phases: removed everywhere, or every device as before.
``progress`` (both) is called with ``(device, phase)`` as each device finishes a phase.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import NoReturn, TypeVar

from mlag_netconf.errors import MlagNetconfError, NetconfError, TransactionError
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
from mlag_netconf.netconf.tree import Diff, removal
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
        return "\n".join([f"transaction {verdict}", *(f"  {d}" for d in self.devices)])

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
def _parallel(items: Iterable[_T], fn: Callable[[_T], object]) -> dict[int, BaseException]:
    """Run ``fn`` on every item at once; the exceptions by item index."""
    todo = list(items)
    errors: dict[int, BaseException] = {}
    if not todo:
        return errors
    with ThreadPoolExecutor(max_workers=len(todo)) as pool:
        futures = [pool.submit(fn, item) for item in todo]
        for i, f in enumerate(futures):
            exc = f.exception()
            if exc is not None:
                errors[i] = exc
    return errors


def _entries(payloads: Mapping[str, Payload], inventory: Inventory) -> None:
    for name in payloads:
        if name not in inventory.names:
            raise InventoryError(f"devices.{name}", "inventory-missing-device",
                                 f"{name} has a payload but no inventory entry")


def _open(payloads: Mapping[str, Payload], inventory: Inventory, timeout: float,
          rpc_timeout: float) -> dict[str, Session]:
    """A session per device, opened in parallel; all or none (the others are closed)."""
    _entries(payloads, inventory)
    names = list(payloads)
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


def _as_error(exc: BaseException, device: str, step: str) -> MlagNetconfError:
    if isinstance(exc, NetconfError):
        return exc.located(device=device, step=step)
    if isinstance(exc, MlagNetconfError):
        return exc
    return NetconfError(f"{type(exc).__name__}: {exc}", device=device, step=step)


def _config(payload: Payload, undo: bool, schema: Schema | None) -> Element:
    """What a run sends: the payload, or (``undo``) the removal of what it configures."""
    return removal(payload.element(), schema) if undo else payload.element()


def _check(sessions: Mapping[str, Session], payloads: Mapping[str, Payload],
           schema: Schema | None) -> dict[str, tuple[Payload, Schema | None]]:
    """YANG and capability checks on every device before anything is sent; each payload
    as its device gets it (gap features on the device's own nodes under ``gap: model``)
    with the schema the tree walks then use."""
    failed: dict[str, MlagNetconfError] = {}
    prepared: dict[str, tuple[Payload, Schema | None]] = {}
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


# --------------------------------------------------------------------------- plan
def plan(payloads: Mapping[str, Payload], inventory: Inventory, *,
         schema: Schema | None = None, timeout: float = DEFAULT_CONNECT_TIMEOUT,
         rpc_timeout: float = DEFAULT_RPC_TIMEOUT, undo: bool = False) -> Plan:
    """Check every payload against its device and read what it would change (in parallel);
    ``undo=True``: what :func:`undo_all` would remove.

    Raises :class:`TransactionError` (nothing sent) when a device is unreachable or
    refuses a payload before sending.
    """
    sessions = _open(payloads, inventory, timeout, rpc_timeout)
    try:
        prepared = _check(sessions, payloads, schema)
        runs = {n: Run(s, _config(prepared[n][0], undo, prepared[n][1]),
                       schema=prepared[n][1])
                for n, s in sessions.items()}
        errors = _parallel(runs.values(), lambda r: r.prepare())
        if errors:
            names = list(runs)
            raise TransactionError("could not read running", {
                names[i]: _as_error(e, names[i], "read") for i, e in errors.items()})
        return Plan(tuple(r.changes for r in runs.values()))
    finally:
        for s in sessions.values():
            s.close()


# --------------------------------------------------------------------------- apply
def apply_all(payloads: Mapping[str, Payload], inventory: Inventory, *,
              confirm_timeout: int = DEFAULT_CONFIRM_TIMEOUT, dry_run: bool = False,
              validate_on_device: bool = True, commit: CommitMode = "confirmed",
              schema: Schema | None = None, timeout: float = DEFAULT_CONNECT_TIMEOUT,
              rpc_timeout: float = DEFAULT_RPC_TIMEOUT,
              progress: Progress | None = None) -> TransactionResult:
    """Configure every device of ``payloads`` as one transaction: all verified, or all as
    before. Raises :class:`TransactionError` (``failed_hosts``, and ``result`` with every
    device's state) when it could not complete; returns the result otherwise.

    ``commit`` defaults to ``confirmed``: a device without ``:confirmed-commit`` is refused
    (``plain`` accepts it, and a failure after its commit is compensated).
    """
    sessions = _open(payloads, inventory, timeout, rpc_timeout)
    try:
        prepared = _check(sessions, payloads, schema)
        return _phases(sessions, prepared, confirm_timeout=confirm_timeout, dry_run=dry_run,
                       validate_on_device=validate_on_device, commit=commit,
                       progress=progress)
    finally:
        for s in sessions.values():
            s.close()


def undo_all(payloads: Mapping[str, Payload], inventory: Inventory, *,
             confirm_timeout: int = DEFAULT_CONFIRM_TIMEOUT, dry_run: bool = False,
             validate_on_device: bool = True, commit: CommitMode = "confirmed",
             schema: Schema | None = None, timeout: float = DEFAULT_CONNECT_TIMEOUT,
             rpc_timeout: float = DEFAULT_RPC_TIMEOUT,
             progress: Progress | None = None) -> TransactionResult:
    """Remove what ``payloads`` configured from every device, as one transaction (the
    phases of :func:`apply_all`; a device's state ``configured`` means its removals are
    committed and verified). Nothing left to remove anywhere: every device ``unchanged``.
    """
    sessions = _open(payloads, inventory, timeout, rpc_timeout)
    try:
        prepared = _check(sessions, payloads, schema)
        return _phases(sessions, prepared, confirm_timeout=confirm_timeout, dry_run=dry_run,
                       validate_on_device=validate_on_device, commit=commit,
                       progress=progress, undo=True)
    finally:
        for s in sessions.values():
            s.close()


def _phases(sessions: Mapping[str, Session],
            prepared: Mapping[str, tuple[Payload, Schema | None]], *,
            confirm_timeout: int, dry_run: bool, validate_on_device: bool,
            commit: CommitMode, progress: Progress | None = None,
            undo: bool = False) -> TransactionResult:
    runs: dict[str, Run] = {}
    for name, session in sessions.items():
        payload, schema = prepared[name]
        try:
            runs[name] = Run(session, _config(payload, undo, schema),
                             confirm_timeout=confirm_timeout, commit=commit, dry_run=dry_run,
                             validate_on_device=validate_on_device, schema=schema,
                             split=undo)
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
        _abort(runs, [], failed, dry_run)
    active = [n for n in names if runs[n].changes or dry_run]
    if not active:
        return TransactionResult(tuple(DeviceResult(n, UNCHANGED, runs[n].changes)
                                       for n in names), dry_run)
    phase("stage", active, lambda r: r.stage())
    if not failed and not dry_run:
        phase("verify", active, lambda r: r.verify())
    if failed:
        _abort(runs, active, failed, dry_run)
    if dry_run:
        _parallel([runs[n] for n in active], lambda r: r.finish())
        return TransactionResult(tuple(
            DeviceResult(n, VALIDATED if n in active else UNCHANGED, runs[n].changes,
                         tuple(runs[n].steps)) for n in names), dry_run=True)
    phase("confirm", active, lambda r: r.confirm())
    if failed:
        _split(runs, active, failed)
    _parallel([runs[n] for n in active], lambda r: r.finish())
    return TransactionResult(tuple(
        DeviceResult(n, CONFIGURED if n in active else UNCHANGED, runs[n].changes,
                     tuple(runs[n].steps)) for n in names))


def _abort(runs: Mapping[str, Run], active: list[str], failed: dict[str, MlagNetconfError],
           dry_run: bool) -> NoReturn:
    """A failure before any confirmation: every device back as it was."""
    notes: dict[str, str] = {}

    def recover(name: str) -> None:
        notes[name] = runs[name].recover()

    _parallel(active, recover)
    results = []
    for name, run in runs.items():
        error = failed.get(name)
        if isinstance(error, NetconfError):
            error.located(recovery=notes.get(name))
        results.append(DeviceResult(name, UNCHANGED, run.changes, tuple(run.steps), error,
                                    notes.get(name)))
    result = TransactionResult(tuple(results), dry_run)
    raise _failure(result, "every device is as before")


def _split(runs: Mapping[str, Run], active: list[str],
           failed: dict[str, MlagNetconfError]) -> NoReturn:
    """Some confirmations failed after others succeeded: compensate the confirmed ones."""
    notes: dict[str, str] = {}

    def settle(name: str) -> None:
        run = runs[name]
        if name in failed:
            notes[name] = run.recover()
        else:
            notes[name] = run.compensate()
            run.finish()

    _parallel(active, settle)
    results = []
    attention = []
    for name, run in runs.items():
        note = notes.get(name)
        error = failed.get(name)
        if name not in active:
            state = UNCHANGED
        elif name in failed:
            state = ATTENTION if note and "confirm timeout expires" in note else UNCHANGED
        else:
            state = RESTORED if note and note.startswith("compensating") else ATTENTION
        if state == ATTENTION:
            attention.append(name)
            if error is None:
                error = NetconfError("running was changed and could not be put back",
                                     device=name, step="compensate")
        if isinstance(error, NetconfError):
            error.located(recovery=note)
        results.append(DeviceResult(name, state, run.changes, tuple(run.steps), error, note,
                                    _snapshot(run)))
    result = TransactionResult(tuple(results))
    if attention:
        raise _failure(result, f"{', '.join(attention)} NEED ATTENTION: restore from the "
                               f"snapshot (see each device's recovery note)")
    raise _failure(result, "confirmed members were put back by a compensating commit; "
                           "every device is as before")


def _snapshot(run: Run) -> str | None:
    return pretty_text(run.before) if run.before is not None else None


def _failure(result: TransactionResult, outcome: str) -> TransactionError:
    return TransactionError(
        f"transaction failed on {', '.join(result.failed_hosts)}; {outcome}\n{result}",
        result.failed_hosts, result)


__all__ = ["ATTENTION", "CONFIGURED", "RESTORED", "UNCHANGED", "VALIDATED", "DeviceResult",
           "Plan", "Progress", "TransactionResult", "apply_all", "plan", "undo_all"]
