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

import html
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

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
    without_noop_removals,
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

    def _repr_html_(self) -> str:
        state = "dry run" if self.dry_run else ("changed" if self.changed else "unchanged")
        steps = html.escape(" → ".join(self.steps) or "nothing sent")
        return (f"<p><b>{html.escape(self.device)}</b>: {state}; steps: {steps}</p>"
                + self.diff._repr_html_())


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


def device_payload(session: Session, payload: Payload, *, gap: Gap = None,
                   model: Model = None) -> Payload:
    """``payload`` as this device gets it: the gap features moved to the device's own
    nodes where the gap policy is ``model`` (see :func:`gap_override`), else unchanged."""
    if isinstance(payload, DevicePayload):
        return payload
    override = gap_override(session, gap, model)
    return override.apply(payload) if override is not None else payload


def _for_device(session: Session, payload: Payload, schema: Schema | None, gap: Gap,
                model: Model) -> tuple[Payload, Schema | None]:
    """The payload as the device gets it, and the schema the tree walks use (one that
    also knows the device's own nodes under ``gap: model``)."""
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
    payload = device_payload(session, payload, gap=gap, model=model)
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
    mapped, walk = _for_device(session, payload, schema, gap, model)
    data = session.get_config("running", read_filter(mapped.element(), walk))
    return ReadBack(session.name, pretty_text(data))


def diff(session: Session, payload: Payload, *, schema: Schema | None = None,
         gap: Gap = None, model: Model = None) -> Diff:
    """What applying ``payload`` would change on the device (compared by value)."""
    mapped, walk = _for_device(session, payload, schema, gap, model)
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
    payload, walk = _for_device(session, payload, schema, gap, model)
    check_capabilities(session, payload, gap=gap, model=model)
    return _transaction(session, payload.element(), confirm_timeout=confirm_timeout,
                        commit=commit, dry_run=dry_run,
                        validate_on_device=validate_on_device, schema=walk)


def undo(session: Session, payload: Payload, *, gap: Gap = None, model: Model = None,
         **kwargs: object) -> ApplyResult:
    """Remove what ``payload`` configured (never the nodes the device creates itself).

    The removals go into the candidate one edit each (entries first, then leaves) and
    are committed together: one transaction, as with :func:`apply`. ``gap``/``model`` as
    for :func:`apply`.
    """
    schema = kwargs.get("schema")
    mapped, walk = _for_device(session, payload,
                               schema if isinstance(schema, Schema) else None, gap, model)
    kwargs["schema"] = walk
    config = removal(mapped.element(), walk)
    return _transaction(session, config, split=True, **kwargs)  # type: ignore[arg-type]


def restore(session: Session, result: ApplyResult, *, gap: Gap = None, model: Model = None,
            **kwargs: object) -> ApplyResult:
    """Put back the snapshot an earlier :func:`apply` took before changing anything
    (``gap``/``model`` as given to that :func:`apply`)."""
    if result.snapshot is None or result.config is None:
        raise NetconfError("this result holds no snapshot (nothing was changed)",
                           device=session.name, step="restore")
    schema = kwargs.get("schema")
    override = gap_override(session, gap, model)
    walk = schema if isinstance(schema, Schema) else None
    if override is not None:
        walk = override.schema(walk)
    kwargs["schema"] = walk
    config = reverse(parse(result.config), parse(result.snapshot), walk)
    return _transaction(session, config, **kwargs)  # type: ignore[arg-type]


@dataclass
class _State:
    token: str
    steps: list[str] = field(default_factory=list)
    locked: bool = False
    pending: bool = False
    committed_plain: bool = False


def _transaction(session: Session, config: Element, *,
                 confirm_timeout: int = DEFAULT_CONFIRM_TIMEOUT, commit: CommitMode = "auto",
                 dry_run: bool = False, validate_on_device: bool = True,
                 schema: Schema | None = None, split: bool = False) -> ApplyResult:
    name = session.name
    caps = session.capabilities
    if commit == "confirmed" and not caps.confirmed_commit:
        raise CapabilityError("confirmed commit requested; the device does not advertise "
                              ":confirmed-commit", device=name, step="check")
    confirmed = commit == "confirmed" or (commit == "auto" and caps.confirmed_commit)
    flt = read_filter(config, schema)
    before = session.get_config("running", flt)
    changes = compare(config, before, device=name, schema=schema)
    edit = without_noop_removals(config, before, schema)
    edits = split_removals(edit, schema) if split else [edit]
    snapshot, text = pretty_text(before), pretty_text(config)
    if not changes and not dry_run:
        return ApplyResult(name, False, changes, (), False, snapshot, text)
    state = _State(secrets.token_hex(8))

    def step(label: str, call: Callable[[], None]) -> None:
        call()
        state.steps.append(label)

    try:
        step("lock", session.lock)
        state.locked = True
        step("discard", session.discard)
        for one in edits:
            session.edit(one)
        state.steps.append("edit")
        if caps.validate and validate_on_device:
            step("validate", session.validate)
        if dry_run:
            step("discard", session.discard)
            _unlock(session, state)
            return ApplyResult(name, False, changes, tuple(state.steps), True, snapshot, text,
                               tuple(session.warnings))
        if confirmed:
            step("commit", lambda: session.commit(confirm_timeout=confirm_timeout,
                                                  persist=state.token))
            state.pending = True
        else:
            step("commit", session.commit)
            state.committed_plain = True
        after = session.get_config("running", flt)
        left = compare(config, after, device=name, schema=schema)
        if left:
            raise VerifyError(f"read-back differs from the intent in {len(left)} place(s):\n"
                              f"{left}", diff=left, device=name, step="verify")
        state.steps.append("verify")
        if confirmed:
            step("confirm", lambda: session.commit(persist_id=state.token, step="confirm"))
            state.pending = False
        _unlock(session, state)
    except NetconfError as e:
        raise e.located(device=name, recovery=_recover(session, state, before, config,
                                                       confirm_timeout, schema)) from None
    return ApplyResult(name, True, changes, tuple(state.steps), False, snapshot, text,
                       tuple(session.warnings))


def _unlock(session: Session, state: _State) -> None:
    if state.locked:
        try:
            session.unlock()
            state.steps.append("unlock")
        except NetconfError as e:  # the change is in: a failed unlock does not undo it
            log.warning("%s: unlock failed after the change was committed: %s",
                        session.name, e)
        state.locked = False


def _recover(session: Session, state: _State, before: Element, config: Element,
             confirm_timeout: int, schema: Schema | None) -> str:
    """Leave the device as it was; say what was done (for ``error.recovery``)."""
    notes: list[str] = []
    if state.pending:
        notes.append(_cancel(session, state.token, confirm_timeout))
    elif state.committed_plain:
        notes.append(_compensate(session, before, config, schema))
    if session.connected:
        try:
            session.discard()
            notes.append("candidate discarded")
        except NetconfError as e:
            notes.append(f"discard-changes failed: {e.message}")
        if state.locked:
            try:
                session.unlock()
                notes.append("unlocked")
            except NetconfError as e:
                notes.append(f"unlock failed: {e.message}")
    elif state.locked:
        notes.append("the session is gone, so its lock and candidate changes went with it")
    if not state.pending and not state.committed_plain:
        notes.insert(0, "running unchanged (nothing was committed)")
    return "; ".join(notes)


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


def _compensate(session: Session, before: Element, config: Element,
                schema: Schema | None) -> str:
    try:
        target = session if session.connected else connect(session.entry)
        undo_config = reverse(config, before, schema)
        target.discard()
        target.edit(undo_config)
        target.commit()
        return "compensating commit restored the previous configuration"
    except NetconfError as e:
        return (f"RUNNING WAS CHANGED and the compensating commit failed ({e}); restore "
                f"by hand from the snapshot in this error")


__all__ = ["ApplyResult", "ReadBack", "apply", "check_capabilities", "device_payload",
           "diff", "gap_override", "read", "restore", "undo"]
