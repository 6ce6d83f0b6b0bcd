"""Apply a payload to one device as a verified transaction; read back, undo, restore.

:func:`apply` runs, on one session::

    checks before sending (YANG, capabilities, modules, gap policy)
    read the touched subtrees of running (the snapshot) -> diff; empty: done, nothing sent
    lock candidate -> discard-changes -> edit-config (one RPC) -> validate (if advertised)
    -> confirmed commit (persist token, timeout) -> read back and compare by value
    -> confirming commit -> unlock

On a failure at any step it cancels a pending confirmed commit (with the persist id, from
a new session if the old one died), discards the candidate, unlocks, and raises the typed
error naming the device, the step and what the device said; ``error.recovery`` says what
was done. Running is then as before. Without ``:confirmed-commit`` (``commit="plain"``)
a verify failure is undone by a compensating commit built from the snapshot.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import xmltodict
from lxml import etree

from mlag_netconf.errors import (
    CapabilityError,
    MlagNetconfError,
    NetconfError,
    RpcErrorInfo,
    ValidationError,
    VerifyError,
)
from mlag_netconf.inventory import GapPolicy
from mlag_netconf.namespaces import MODULES
from mlag_netconf.netconf.session import Session, connect
from mlag_netconf.netconf.tree import (
    Diff,
    compare,
    read_filter,
    removal,
    reverse,
    split_removals,
    staged_edits,
)
from mlag_netconf.render import Payload
from mlag_netconf.render.overrides import DevicePayload, RegistryOverride, feature_modules
from mlag_netconf.schema import Schema
from mlag_netconf.xmltree import Element, local_name, parse, pretty_text

log = logging.getLogger("mlag_netconf.netconf")

CommitMode = Literal["confirmed", "plain", "auto"]
Gap = GapPolicy | Literal["refuse", "model"] | None
Model = RegistryOverride | str | Path | None
DEFAULT_CONFIRM_TIMEOUT = 120
GAP_MODULE = MODULES["mnx"].name


@dataclass(frozen=True)
class ReadBack:
    """What a device holds of the subtrees a payload touches."""

    device: str
    xml: str

    def element(self) -> Element:
        return parse(self.xml)

    def as_dict(self) -> dict[str, object]:
        """The data as a dict (xmltodict; local names, lists where an entry repeats)."""
        root = self.element()
        for e in root.iter():
            e.tag = local_name(e)
        etree.cleanup_namespaces(root)
        data = xmltodict.parse(etree.tostring(root))
        body = data.get("data") or {}
        return dict(body) if isinstance(body, dict) else {}

    def __str__(self) -> str:
        return self.xml

    def __repr__(self) -> str:
        return f"ReadBack({self.device!r}, {len(self.xml.splitlines())} lines)"


@dataclass(frozen=True)
class ApplyResult:
    """The outcome of :func:`apply` / :func:`undo` / :func:`restore` on one device."""

    device: str
    changed: bool
    diff: Diff
    steps: tuple[str, ...] = ()
    dry_run: bool = False
    snapshot: str | None = field(default=None, repr=False)
    config: str | None = field(default=None, repr=False)
    warnings: tuple[RpcErrorInfo, ...] = ()

    def __str__(self) -> str:
        what = "dry run, " if self.dry_run else ""
        state = "changed" if self.changed else "unchanged"
        return f"{self.device}: {what}{state} ({' -> '.join(self.steps) or 'nothing sent'})\n" \
               + "\n".join(str(self.diff).splitlines()[1:])

    def __repr__(self) -> str:
        from mlag_netconf.netconf.display import apply_result_repr

        return apply_result_repr(self)

    def _repr_html_(self) -> str:
        from mlag_netconf.netconf.display import apply_result_html

        return apply_result_html(self)


# --------------------------------------------------------------------------- checks
def gap_override(session: Session, gap: Gap = None, model: Model = None
                 ) -> RegistryOverride | None:
    """The registry override that renders the gap features for this device, or ``None``.

    ``None`` when the device advertises ``mlag-netconf-ext`` (it gets the gap nodes as
    they are) or the policy is ``refuse``. The policy is ``gap`` if given, else ``model``
    if given (a call's override means ``gap: model``), else the inventory entry's
    ``gap``; the file is ``model``, else the entry's ``model``.
    """
    if session.capabilities.advertises(GAP_MODULE):
        return None
    try:
        policy = GapPolicy(gap) if gap is not None else (
            GapPolicy.MODEL if model is not None else session.entry.gap)
    except ValueError:
        raise ValidationError("gap", "gap-policy", f"{gap!r}: refuse or model") from None
    if policy is GapPolicy.REFUSE:
        return None
    source = model if model is not None else session.entry.model
    if source is None:
        raise CapabilityError("gap: model needs a registry override file (the inventory "
                              "entry's 'model' or model=)", device=session.name, step="check")
    return source if isinstance(source, RegistryOverride) else RegistryOverride.load(source)


def for_device(session: Session, payload: Payload, schema: Schema | None = None,
               gap: Gap = None, model: Model = None) -> tuple[Payload, Schema | None]:
    """``payload`` as this device gets it, and the schema the tree walks (read filter,
    diff, removal) then use.

    Under ``gap: model`` (see :func:`gap_override`) the gap features move to the device's
    own nodes (a :class:`~mlag_netconf.render.overrides.DevicePayload`) and the schema
    also knows those nodes' kinds; otherwise both come back unchanged. A pair
    transaction calls this per device before building its :class:`Run`.
    """
    override = payload.override if isinstance(payload, DevicePayload) else \
        gap_override(session, gap, model)
    if override is None:
        return payload, schema
    return override.apply(payload), override.schema(schema)


def check_capabilities(session: Session, payload: Payload, *, gap: Gap = None,
                       model: Model = None) -> None:
    """Refuse before anything is sent: no candidate, or a module the payload needs that
    the device does not advertise: ``mlag-netconf-ext`` under ``gap: refuse``, the
    override's module under ``gap: model``."""
    caps = session.capabilities
    if not caps.candidate:
        raise CapabilityError("the device does not advertise :candidate",
                              device=session.name, step="check")
    payload = for_device(session, payload, None, gap, model)[0]
    missing = payload.missing_modules(caps.uris)
    if not missing:
        return
    features = [f for f in payload.features
                if any(m in missing for m in feature_modules(payload, f))]
    detail = ", ".join(
        f"{f} ({'/'.join(m for m in feature_modules(payload, f) if m in missing)})"
        for f in features)
    hint = (f"; the public vendor model has no node for {', '.join(payload.gap_features)}: "
            f"set 'gap: model' with a registry override in the inventory"
            if GAP_MODULE in missing else "")
    if isinstance(payload, DevicePayload) and payload.override is not None and \
            set(missing) & set(payload.override.module_names):
        hint = f"; the modules of the registry override {payload.override.source}"
    raise CapabilityError(f"the device does not advertise {', '.join(missing)}, needed by "
                          f"{detail}{hint}", device=session.name, step="check")


def read(session: Session, payload: Payload, *, schema: Schema | None = None,
         gap: Gap = None, model: Model = None) -> ReadBack:
    """Read exactly what ``payload`` covers from the device's running configuration
    (the gap features at the device's own nodes under ``gap: model``)."""
    mapped, walk = for_device(session, payload, schema, gap, model)
    data = session.get_config("running", read_filter(mapped.element(), walk))
    return ReadBack(session.name, pretty_text(data))


def diff(session: Session, payload: Payload, *, schema: Schema | None = None,
         gap: Gap = None, model: Model = None) -> Diff:
    """What applying ``payload`` would change on the device (compared by value)."""
    mapped, walk = for_device(session, payload, schema, gap, model)
    config = mapped.element()
    data = session.get_config("running", read_filter(config, walk))
    return compare(config, data, device=session.name, schema=walk)


# --------------------------------------------------------------------------- transactions
def apply(session: Session, payload: Payload, *,
          confirm_timeout: int = DEFAULT_CONFIRM_TIMEOUT, commit: CommitMode = "auto",
          dry_run: bool = False, validate_on_device: bool = True,
          schema: Schema | None = None, gap: Gap = None, model: Model = None
          ) -> ApplyResult:
    """Configure ``payload`` on the device: ends verified, or exactly as before.

    ``commit``: ``confirmed`` (needs ``:confirmed-commit``), ``plain``, or ``auto``
    (confirmed where advertised). ``validate_on_device``: send ``<validate>`` before the
    commit where the device advertises it (turn off for servers that mishandle it, e.g.
    netconfd, whose commit after a validate loses the edits; the commit validates
    anyway). ``dry_run``: compute the diff and validate the edit on the device's
    candidate, then discard; never commits. An empty diff sends no edit and no commit
    (``changed=False``). ``remove`` operations that match nothing on the device are left
    out of the edit (they change nothing).

    ``gap``/``model``: how the gap features (M-LAG addresses, ND prune) reach a device
    that does not advertise ``mlag-netconf-ext`` (default: the inventory entry's ``gap``
    and ``model``): ``refuse`` raises :class:`CapabilityError` before anything is sent;
    ``model`` moves them to the device's own nodes named by a registry override file
    (:class:`~mlag_netconf.render.overrides.RegistryOverride`, or its path).
    """
    if payload.device != session.name:
        raise NetconfError(f"the payload is for {payload.device!r}", device=session.name,
                           step="check")
    try:
        payload.validate(schema)
    except MlagNetconfError as e:
        raise NetconfError(f"the payload does not pass the YANG check: {e}",
                           device=session.name, step="check") from e
    payload, walk = for_device(session, payload, schema, gap, model)
    check_capabilities(session, payload, gap=gap, model=model)
    return _transaction(session, payload.element(), confirm_timeout=confirm_timeout,
                        commit=commit, dry_run=dry_run,
                        validate_on_device=validate_on_device, schema=walk)


def undo(session: Session, payload: Payload, *,
         confirm_timeout: int = DEFAULT_CONFIRM_TIMEOUT, commit: CommitMode = "auto",
         dry_run: bool = False, validate_on_device: bool = True,
         schema: Schema | None = None, gap: Gap = None, model: Model = None
         ) -> ApplyResult:
    """Remove what ``payload`` configured (never the nodes the device creates itself).

    The removals go into the candidate one edit each (entries first, then leaves) and
    are committed together: one transaction, as with :func:`apply`. ``gap``/``model``
    as for :func:`apply`.
    """
    mapped, walk = for_device(session, payload, schema, gap, model)
    return _transaction(session, removal(mapped.element(), walk), split=True,
                        confirm_timeout=confirm_timeout, commit=commit, dry_run=dry_run,
                        validate_on_device=validate_on_device, schema=walk)


def restore(session: Session, result: ApplyResult, *,
            confirm_timeout: int = DEFAULT_CONFIRM_TIMEOUT, commit: CommitMode = "auto",
            dry_run: bool = False, validate_on_device: bool = True,
            schema: Schema | None = None, gap: Gap = None, model: Model = None
            ) -> ApplyResult:
    """Put back the snapshot an earlier :func:`apply` took before changing anything
    (``gap``/``model`` as given to that :func:`apply`)."""
    if result.snapshot is None or result.config is None:
        raise NetconfError("this result holds no snapshot (nothing was changed)",
                           device=session.name, step="restore")
    override = gap_override(session, gap, model)
    walk = override.schema(schema) if override is not None else schema
    config = reverse(parse(result.config), parse(result.snapshot), walk)
    return _transaction(session, config, confirm_timeout=confirm_timeout, commit=commit,
                        dry_run=dry_run, validate_on_device=validate_on_device, schema=walk)


class Run:
    """One device's transaction, in phases a pair transaction can interleave.

    ``prepare`` (checks, snapshot, diff) → ``stage`` (lock, discard, edit, validate,
    confirmed or plain commit) → ``verify`` (read back, compare) → ``confirm`` →
    ``finish`` (unlock). ``recover`` leaves the device as it was after a failure in any
    phase; ``compensate`` undoes a change already confirmed (from the snapshot).
    """

    def __init__(self, session: Session, config: Element, *,
                 confirm_timeout: int = DEFAULT_CONFIRM_TIMEOUT, commit: CommitMode = "auto",
                 dry_run: bool = False, validate_on_device: bool = True,
                 schema: Schema | None = None, split: bool = False) -> None:
        self.session = session
        self.name = session.name
        self.config = config
        self.confirm_timeout = confirm_timeout
        self.dry_run = dry_run
        self.validate_on_device = validate_on_device
        self.schema = schema
        self.split = split
        caps = session.capabilities
        if commit == "confirmed" and not caps.confirmed_commit:
            raise CapabilityError("confirmed commit requested; the device does not advertise "
                                  ":confirmed-commit", device=self.name, step="check")
        self.confirmed = commit == "confirmed" or (commit == "auto" and caps.confirmed_commit)
        self.token = secrets.token_hex(8)
        self.steps: list[str] = []
        self.locked = False
        self.pending = False
        self.committed_plain = False
        self.confirmed_done = False
        self.before: Element | None = None
        self.changes = Diff(self.name)
        self._filter = read_filter(config, schema)

    # ------------------------------------------------------------------ phases
    def prepare(self) -> bool:
        """Read the snapshot and the diff; ``False`` when there is nothing to do."""
        self.session.reopen()
        self.before = self.session.get_config("running", self._filter)
        self.changes = compare(self.config, self.before, device=self.name,
                               schema=self.schema)
        return bool(self.changes) or self.dry_run

    def _step(self, label: str, call: Callable[[], None]) -> None:
        call()
        self.steps.append(label)

    def stage(self) -> None:
        assert self.before is not None, "prepare() first"
        s = self.session
        staged = staged_edits(self.config, self.before, self.schema)
        edits = split_removals(staged[0], self.schema) if self.split else staged
        self._step("lock", s.lock)
        self.locked = True
        self._step("discard", s.discard)
        for one in edits:
            s.edit(one)
        self.steps.append("edit")
        if s.capabilities.validate and self.validate_on_device:
            self._step("validate", s.validate)
        if self.dry_run:
            self._step("discard", s.discard)
            return
        if self.confirmed:
            self._step("commit", lambda: s.commit(confirm_timeout=self.confirm_timeout,
                                                  persist=self.token))
            self.pending = True
        else:
            self._step("commit", s.commit)
            self.committed_plain = True

    def verify(self) -> None:
        after = self.session.get_config("running", self._filter)
        left = compare(self.config, after, device=self.name, schema=self.schema)
        if left:
            raise VerifyError(f"read-back differs from the intent in {len(left)} place(s):\n"
                              f"{left}", diff=left, device=self.name, step="verify")
        self.steps.append("verify")

    def confirm(self) -> None:
        if self.confirmed:
            self._step("confirm", lambda: self.session.commit(persist_id=self.token,
                                                              step="confirm"))
            self.pending = False
        self.confirmed_done = True

    def finish(self) -> None:
        if self.locked:
            try:
                self.session.unlock()
                self.steps.append("unlock")
            except NetconfError as e:  # the change is in: a failed unlock does not undo it
                log.warning("%s: unlock failed after the change was committed: %s",
                            self.name, e)
            self.locked = False

    def result(self) -> ApplyResult:
        changed = bool(self.steps) and not self.dry_run
        return ApplyResult(self.name, changed, self.changes, tuple(self.steps), self.dry_run,
                           pretty_text(self.before) if self.before is not None else None,
                           pretty_text(self.config), tuple(self.session.warnings))

    # ------------------------------------------------------------------ failure
    def recover(self) -> str:
        """Leave the device as it was; say what was done (for ``error.recovery``)."""
        notes: list[str] = []
        s = self.session
        if self.pending:
            notes.append(_cancel(s, self.token, self.confirm_timeout))
            self.pending = False
        elif self.committed_plain and self.before is not None:
            notes.append(self.compensate())
        if s.connected and self.locked:  # never discard a candidate another session holds
            try:
                s.discard()
                notes.append("candidate discarded")
            except NetconfError as e:
                notes.append(f"discard-changes failed: {e.message}")
            if self.locked:
                try:
                    s.unlock()
                    notes.append("unlocked")
                except NetconfError as e:
                    notes.append(f"unlock failed: {e.message}")
                self.locked = False
        elif self.locked:
            notes.append("the session is gone, so its lock and candidate changes went with it")
        if not notes or not notes[0].startswith(("confirmed commit cancelled", "cancel-commit",
                                                 "compensating", "RUNNING")):
            notes.insert(0, "running unchanged (nothing was committed)")
        return "; ".join(notes)

    def compensate(self) -> str:
        """Put the snapshot back over what this run changed (a new commit)."""
        assert self.before is not None
        try:
            target = self.session if self.session.connected else connect(
                self.session.entry, rpc_timeout=self.session.rpc_timeout)
            target.discard()
            target.edit(reverse(self.config, self.before, self.schema))
            target.commit()
            self.committed_plain = self.confirmed_done = False
            return "compensating commit restored the previous configuration"
        except NetconfError as e:
            return (f"RUNNING WAS CHANGED and the compensating commit failed ({e}); restore "
                    f"by hand from the snapshot taken before the change (the result's snapshot)")


def _transaction(session: Session, config: Element, **options: Any) -> ApplyResult:
    run = Run(session, config, **options)
    try:
        if not run.prepare():
            return run.result()
        run.stage()
        if not run.dry_run:
            run.verify()
            run.confirm()
        run.finish()
    except NetconfError as e:
        raise e.located(device=run.name, recovery=run.recover()) from None
    return run.result()


def _cancel(session: Session, token: str, confirm_timeout: int) -> str:
    target = session
    try:
        if not session.connected:
            target = connect(session.entry, rpc_timeout=session.rpc_timeout)
        target.cancel_commit(persist_id=token)
        return "confirmed commit cancelled: running restored"
    except NetconfError as e:
        return (f"cancel-commit failed ({e.message}); the device restores running by "
                f"itself when the {confirm_timeout} s confirm timeout expires")
    finally:
        if target is not session:
            target.close()


__all__ = ["ApplyResult", "ReadBack", "Run", "apply", "check_capabilities", "diff",
           "for_device", "gap_override", "read", "restore", "undo"]
