"""The NETCONF operations a simulated device answers (RFC 6241 §7, §8; RFC 6022).

Each handler takes a :class:`Call` and returns the reply content (``None`` means
``<ok/>``) or raises :class:`~mlag_netconf.sim.protocol.errors.RpcFailure`. A device's
:class:`~mlag_netconf.sim.protocol.dialect.Dialect` may add operations of its own
(:func:`handler_for` looks there after :data:`HANDLERS`), allow edits of running
(applied at once and checked like a commit) and label commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from mlag_netconf.enums import Datastore, DefaultOperation, ErrorOption, TestOption
from mlag_netconf.errors import RpcErrorInfo
from mlag_netconf.namespaces import NC, NCM
from mlag_netconf.sim.protocol import defaults, monitoring
from mlag_netconf.sim.protocol.commit import CommitRequest
from mlag_netconf.sim.protocol.core import DeviceCore
from mlag_netconf.sim.protocol.dialect import Handler
from mlag_netconf.sim.protocol.edit import apply_edit
from mlag_netconf.sim.protocol.errors import RpcFailure, issue_error, missing_element
from mlag_netconf.sim.protocol.paths import instance_path
from mlag_netconf.sim.protocol.schema_port import SchemaIssue, SimSchema
from mlag_netconf.sim.protocol.store import Datastores
from mlag_netconf.sim.protocol.subtree import apply_filter
from mlag_netconf.sim.protocol.tree import new_root
from mlag_netconf.xmltree import (
    Element,
    child,
    child_text,
    children,
    deep_copy,
    local_name,
    split_qname,
)


@dataclass(frozen=True)
class Call:
    core: DeviceCore
    session_id: int
    op: Element

    @property
    def store(self) -> Datastores:
        return self.core.store

    @property
    def schema(self) -> SimSchema:
        return self.core.schema


_E = TypeVar("_E", bound=StrEnum)


# ------------------------------------------------------------------ parameters
def _param(op: Element, name: str) -> Element:
    found = child(op, name)
    if found is None:
        raise RpcFailure(missing_element(name))
    return found


def _datastore(op: Element, name: str, *allowed: Datastore) -> Datastore:
    holder = _param(op, name)
    first = next(children(holder), None)
    return Datastores.parse_name(None if first is None else local_name(first), allowed=allowed)


def _enum(op: Element, name: str, kind: type[_E], default: _E) -> _E:
    raw = child_text(op, name)
    if raw is None:
        return default
    try:
        return kind(raw)
    except ValueError:
        raise RpcFailure(RpcErrorInfo.protocol("invalid-value", f"bad {name} '{raw}'",
                                               info={"bad-element": name})) from None


# ------------------------------------------------------------------ retrieval
def get_config(call: Call) -> Element:
    source = _datastore(call.op, "source", Datastore.RUNNING, Datastore.CANDIDATE)
    tree = deep_copy(call.store.tree(source, call.session_id))
    defaults.apply_mode(tree, call.core.dialect.with_defaults.parse_mode(call.op), call.schema)
    return _filtered(call, tree)


def get(call: Call) -> Element:
    tree = deep_copy(call.store.running)
    defaults.apply_mode(tree, call.core.dialect.with_defaults.parse_mode(call.op), call.schema)
    tree.append(monitoring.netconf_state(call.core))
    return _filtered(call, tree)


def _filtered(call: Call, tree: Element) -> Element:
    flt = child(call.op, "filter")
    if flt is None:
        return tree
    kind = flt.get("type", "subtree")
    if kind != "subtree":
        raise RpcFailure(RpcErrorInfo.protocol(
            "operation-not-supported", f"filter type '{kind}' is not supported",
            info={"bad-attribute": "type", "bad-element": "filter"}))
    return apply_filter(tree, flt, lambda e: _keys(call.schema, e))


def _keys(schema: SimSchema, element: Element) -> tuple[str, ...]:
    namespace, local = split_qname(str(element.tag))
    if namespace == NCM:
        return monitoring.KEYS.get(local, ())
    return schema.keys_of(element)


def get_schema(call: Call) -> Element:
    return monitoring.get_schema(call.core, call.op)


# ------------------------------------------------------------------ edit-config
def edit_config(call: Call) -> None:
    target = _datastore(call.op, "target", Datastore.RUNNING, Datastore.CANDIDATE)
    if target is Datastore.RUNNING and not call.core.dialect.writable_running:
        raise RpcFailure(RpcErrorInfo.protocol(
            "operation-not-supported", "the running datastore is not writable; "
            "edit the candidate and commit", info={"bad-element": "target"}))
    call.store.check_free(target, call.session_id)
    if child(call.op, "url") is not None:
        raise RpcFailure(RpcErrorInfo.protocol("operation-not-supported",
                                               "url is not supported",
                                               info={"bad-element": "url"}))
    config = _param(call.op, "config")
    default_op = _enum(call.op, "default-operation", DefaultOperation, DefaultOperation.MERGE)
    error_option = _enum(call.op, "error-option", ErrorOption, ErrorOption.STOP_ON_ERROR)
    test_option = _enum(call.op, "test-option", TestOption, TestOption.TEST_THEN_SET)
    base = (call.store.running if target is Datastore.RUNNING
            else call.store.candidate_of(call.session_id))
    work, deleted, errors = _apply(call, base, config, default_op, error_option)
    keep = test_option is not TestOption.TEST_ONLY and (
        not errors or error_option is not ErrorOption.ROLLBACK_ON_ERROR)
    if target is Datastore.RUNNING:
        edit_running(call, work, deleted, install=keep)
        if keep and call.store.candidate_modified():
            _mirror(call, config, default_op)
    elif keep:
        call.store.set_candidate(work, call.session_id, deleted)
    if errors:
        raise RpcFailure(errors)


def edit_running(call: Call, work: Element, deleted: set[str], *, install: bool = True,
                 kind: str = "edit-running") -> None:
    """Check ``work`` like a commit and, with ``install``, make it running at once."""
    core = call.core
    new = core.checker.prepare(work, core.store.running, deleted)
    if install:
        core.install(new, call.session_id, kind, direct=True)


def _mirror(call: Call, config: Element, default_op: DefaultOperation) -> None:
    """A direct edit of running also goes into the shared candidate's pending work, so
    committing that work later does not undo it (what applies, applies)."""
    mirror = deep_copy(call.store.candidate)
    outcome = apply_edit(mirror, config, call.schema, default_op=default_op,
                         stop_on_error=False)
    call.store.candidate = mirror
    call.store.deleted |= outcome.deleted


def _apply(call: Call, base: Element, config: Element, default_op: DefaultOperation,
           error_option: ErrorOption) -> tuple[Element, set[str], list[RpcErrorInfo]]:
    """``config`` applied to a copy of ``base``: the copy, the deleted paths, the errors."""
    issues = call.schema.check_edit(config)
    skip = _rejected(config, issues, call.schema)
    errors = [issue_error(i) for i in issues]
    if errors and (error_option is not ErrorOption.CONTINUE_ON_ERROR or skip is None):
        raise RpcFailure(errors)
    work = deep_copy(base)
    outcome = apply_edit(work, config, call.schema, default_op=default_op,
                         stop_on_error=error_option is not ErrorOption.CONTINUE_ON_ERROR,
                         skip=skip or frozenset())
    return work, outcome.deleted, errors + outcome.errors


def _rejected(config: Element, issues: list[SchemaIssue],
              schema: SimSchema) -> frozenset[Element] | None:
    """The edit elements the schema check rejected, or None if one cannot be located."""
    if not issues:
        return frozenset()
    by_path = {instance_path(e, schema): e for e in config.iter() if e is not config
               and isinstance(e.tag, str)}
    found = [by_path.get(i.path) for i in issues]
    if any(e is None for e in found):
        return None
    return frozenset(e for e in found if e is not None)


# ------------------------------------------------------------------ locks, sessions
def lock(call: Call) -> None:
    target = _datastore(call.op, "target", Datastore.RUNNING, Datastore.CANDIDATE)
    call.store.lock(target, call.session_id)


def unlock(call: Call) -> None:
    target = _datastore(call.op, "target", Datastore.RUNNING, Datastore.CANDIDATE)
    call.store.unlock(target, call.session_id)


def close_session(call: Call) -> None:
    del call  # the session ends once the reply is sent


def kill_session(call: Call) -> None:
    raw = child_text(call.op, "session-id")
    if raw is None:
        raise RpcFailure(missing_element("session-id"))
    if not raw.isdigit():
        raise RpcFailure(RpcErrorInfo.protocol("invalid-value", f"bad session-id '{raw}'",
                                               info={"bad-element": "session-id"}))
    call.core.kill(int(raw), call.session_id)


# ------------------------------------------------------------------ candidate
def validate(call: Call) -> None:
    source = _param(call.op, "source")
    inline = child(source, "config")
    core = call.core
    if inline is not None:
        tree = _inline_tree(call, inline)
        core.checker.prepare(tree, core.store.running, set(), compare_running=False)
        return
    name = _datastore(call.op, "source", Datastore.RUNNING, Datastore.CANDIDATE)
    core.checker.prepare(core.store.tree(name, call.session_id), core.store.running,
                         core.store.deleted_of(call.session_id))


def _inline_tree(call: Call, config: Element) -> Element:
    issues = call.schema.check_edit(config)
    if issues:
        raise RpcFailure([issue_error(i) for i in issues])
    tree = new_root()
    outcome = apply_edit(tree, config, call.schema)
    if outcome.errors:
        raise RpcFailure(outcome.errors)
    return tree


def commit(call: Call) -> None:
    label = call.core.dialect.commit_label(call.op)
    call.core.committer.commit(call.session_id, CommitRequest.parse(call.op, label))


def cancel_commit(call: Call) -> None:
    call.core.committer.cancel(call.session_id, child_text(call.op, "persist-id"))


def discard_changes(call: Call) -> None:
    call.store.check_free(Datastore.CANDIDATE, call.session_id)
    call.store.discard(call.session_id)


def not_supported(call: Call) -> None:
    name = local_name(call.op)
    raise RpcFailure(RpcErrorInfo.protocol("operation-not-supported",
                                           f"'{name}' is not supported by this device",
                                           info={"bad-element": name}))


HANDLERS: dict[tuple[str, str], Handler] = {
    (NC, "get-config"): get_config,
    (NC, "get"): get,
    (NC, "edit-config"): edit_config,
    (NC, "lock"): lock,
    (NC, "unlock"): unlock,
    (NC, "close-session"): close_session,
    (NC, "kill-session"): kill_session,
    (NC, "validate"): validate,
    (NC, "commit"): commit,
    (NC, "cancel-commit"): cancel_commit,
    (NC, "discard-changes"): discard_changes,
    (NC, "copy-config"): not_supported,
    (NC, "delete-config"): not_supported,
    (NCM, "get-schema"): get_schema,
}


def handler_for(op: Element, core: DeviceCore | None = None) -> Handler:
    """The handler of ``op``: an RFC one, else one of ``core``'s dialect."""
    namespace, local = split_qname(str(op.tag))
    found = HANDLERS.get((namespace, local))
    if found is None and core is not None:
        found = core.dialect.operations().get((namespace, local))
    if found is None:
        raise RpcFailure(RpcErrorInfo.protocol(
            "operation-not-supported", f"unknown operation '{local}'",
            info={"bad-element": local}))
    return found
