"""``<edit-config>`` semantics on an lxml datastore tree (RFC 6241 §7.2).

:func:`apply_edit` changes ``target`` in place (callers pass a working copy) and returns
what happened: the errors and the instance paths deleted, which the device needs at
commit (an explicitly removed peer family is not enabled again automatically).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from mlag_netconf.enums import DefaultOperation, EditOperation, ErrorType
from mlag_netconf.errors import RpcErrorInfo
from mlag_netconf.namespaces import NC_OPERATION
from mlag_netconf.sim.protocol.errors import RpcFailure
from mlag_netconf.sim.protocol.paths import instance_path
from mlag_netconf.sim.protocol.schema_port import SimSchema, SNode
from mlag_netconf.xmltree import Element, children, element_tag, make, split_qname, text
from mlag_netconf.xmltree.merge import REMOVING, find_match

Op: TypeAlias = EditOperation | Literal[DefaultOperation.NONE]
"""The operation in force on a node: its own or inherited ``nc:operation``, or
``default-operation`` ``none`` above the first one."""


@dataclass
class EditOutcome:
    errors: list[RpcErrorInfo] = field(default_factory=list)
    deleted: set[str] = field(default_factory=set)


@dataclass
class _Ctx:
    schema: SimSchema
    stop_on_error: bool
    skip: frozenset[Element]
    outcome: EditOutcome


def apply_edit(target: Element, config: Element, schema: SimSchema, *,
               default_op: DefaultOperation = DefaultOperation.MERGE, stop_on_error: bool = True,
               skip: frozenset[Element] = frozenset()) -> EditOutcome:
    """Apply ``config``'s children to ``target`` (a ``<data>`` root).

    ``skip`` holds edit elements already rejected (continue-on-error).
    With ``stop_on_error`` the walk ends at the first error (already-made changes stay).
    """
    ctx = _Ctx(schema, stop_on_error, skip, EditOutcome())
    if default_op is DefaultOperation.REPLACE:
        for old in list(children(target)):
            target.remove(old)
    inherited: Op = (DefaultOperation.NONE if default_op is DefaultOperation.NONE
                     else EditOperation(default_op.value))
    with contextlib.suppress(_Stop):
        _edit_children(target, None, config, inherited, ctx)
    return ctx.outcome


class _Stop(Exception):
    pass


def _edit_children(target: Element | None, sparent: SNode | None, edit: Element, op: Op,
                   ctx: _Ctx) -> None:
    keys = sparent.keys if sparent else ()
    for node in children(edit):
        if node in ctx.skip or (split_qname(element_tag(node))[1] in keys and _no_op(node)):
            continue
        try:
            _edit_node(target, sparent, node, op, ctx)
        except RpcFailure as failure:
            ctx.outcome.errors.extend(failure.errors)
            if ctx.stop_on_error:
                raise _Stop from failure


def _no_op(node: Element) -> bool:
    return node.get(NC_OPERATION) is None


def _edit_node(target: Element | None, sparent: SNode | None, node: Element, inherited: Op,
               ctx: _Ctx) -> None:
    snode = _schema_node(sparent, node, ctx.schema)
    op = _operation(node, inherited)
    if snode.kind == "list":
        _require_keys(node, snode, ctx.schema)
    current = find_match(target, node, snode) if target is not None else None
    if op in (EditOperation.DELETE, EditOperation.REMOVE):
        _delete(target, current, node, op, ctx)
    elif op is EditOperation.CREATE:
        if current is not None:
            raise RpcFailure(_error("data-exists", "data already exists", node, ctx))
        copy_into(_need(target, node, ctx), node, snode, ctx.schema)
    elif op is EditOperation.REPLACE:
        _replace(_need(target, node, ctx), current, node, snode, ctx.schema)
    else:
        _merge_or_descend(target, current, snode, node, op, ctx)


def _need(target: Element | None, node: Element, ctx: _Ctx) -> Element:
    if target is None:
        raise RpcFailure(_error("data-missing", "parent data does not exist", node, ctx))
    return target


def _delete(target: Element | None, current: Element | None, node: Element, op: Op,
            ctx: _Ctx) -> None:
    if current is None or target is None:
        if op is EditOperation.DELETE:
            raise RpcFailure(_error("data-missing", "data does not exist", node, ctx))
        # remember it anyway: the device must not create it behind the client's back
        ctx.outcome.deleted.add(instance_path(node, ctx.schema))
        return
    ctx.outcome.deleted.add(instance_path(current, ctx.schema))
    target.remove(current)


def _merge_or_descend(target: Element | None, current: Element | None, snode: SNode,
                      node: Element, op: Op, ctx: _Ctx) -> None:
    if snode.is_leafy or snode.kind == "anydata":
        _merge_leaf(target, current, snode, node, op, ctx)
        return
    if current is None and op is DefaultOperation.NONE:
        # RFC 6241 §7.2: with "none", data without a corresponding level in the
        # datastore is an error, unless all it asks is to remove something
        if _only_removes(node):
            return
        raise RpcFailure(_error("data-missing", "data does not exist", node, ctx))
    if current is not None or target is None:
        _edit_children(current, snode, node, op, ctx)
        return
    shell = _shell(target, node, snode)
    seen = len(ctx.outcome.errors)
    try:
        _edit_children(shell, snode, node, op, ctx)
    finally:
        # a failed edit below leaves no empty entry behind (nothing else asked for it)
        if len(ctx.outcome.errors) > seen and _only_keys(shell, snode):
            target.remove(shell)


def _merge_leaf(target: Element | None, current: Element | None, snode: SNode, node: Element,
                op: Op, ctx: _Ctx) -> None:
    if op is DefaultOperation.NONE:
        if current is None:
            raise RpcFailure(_error("data-missing", "data does not exist", node, ctx))
        return
    if current is None:
        copy_into(_need(target, node, ctx), node, snode, ctx.schema)
    elif snode.kind == "leaf":
        current.text = text(node) or None
    elif snode.kind == "anydata" and target is not None:
        _replace(target, current, node, snode, ctx.schema)


def _only_keys(node: Element, snode: SNode) -> bool:
    return all(split_qname(element_tag(c))[1] in snode.keys for c in children(node))


def _only_removes(node: Element) -> bool:
    """True when every operation below ``node`` is ``remove`` (and there is one)."""
    ops = [n.get(NC_OPERATION) for n in node.iter() if n is not node and isinstance(n.tag, str)]
    named = [o for o in ops if o is not None]
    return bool(named) and all(o == EditOperation.REMOVE for o in named)


def _schema_node(sparent: SNode | None, node: Element, schema: SimSchema) -> SNode:
    snode = schema.child_of(sparent, node)
    if snode is None:
        local = split_qname(element_tag(node))[1]
        kind = ErrorType.PROTOCOL if sparent is None else ErrorType.APPLICATION
        raise RpcFailure(RpcErrorInfo(kind, "unknown-element", f"unknown element '{local}'",
                                      path=_parent_path(node, schema),
                                      info={"bad-element": local}))
    if not snode.node.config:
        raise RpcFailure(RpcErrorInfo.application(
            "invalid-value", f"'{snode.node.name}' is not configuration data",
            path=instance_path(node, schema), info={"bad-element": snode.node.name}))
    return snode


def _parent_path(node: Element, schema: SimSchema) -> str | None:
    parent = node.getparent()
    if parent is None or split_qname(element_tag(parent))[1] == "config":
        return "/"
    return instance_path(parent, schema)


def _operation(node: Element, inherited: Op) -> Op:
    value = node.get(NC_OPERATION)
    if value is None:
        return inherited
    try:
        return EditOperation(value)
    except ValueError:
        local = split_qname(element_tag(node))[1]
        raise RpcFailure(RpcErrorInfo.protocol(
            "bad-attribute", f"bad operation '{value}'",
            info={"bad-attribute": "operation", "bad-element": local})) from None


def _require_keys(node: Element, snode: SNode, schema: SimSchema) -> None:
    present = {split_qname(element_tag(c))[1] for c in children(node)}
    for key in snode.keys:
        if key not in present:
            raise RpcFailure(RpcErrorInfo.protocol(
                "missing-element", f"list key '{key}' missing",
                path=instance_path(node, schema), info={"bad-element": key}))


def _error(tag: str, message: str, node: Element, ctx: _Ctx) -> RpcErrorInfo:
    return RpcErrorInfo.application(tag, message, path=instance_path(node, ctx.schema))


# --------------------------------------------------------------------------- tree helpers
def copy_into(parent: Element, node: Element, snode: SNode | None = None,
              schema: SimSchema | None = None) -> Element:
    """Append a clean copy of ``node`` to ``parent`` and return it.

    No attributes and no stray namespace declarations are copied; children whose
    operation is ``delete``/``remove`` are dropped (they describe absent data anyway);
    list keys come first.
    """
    if (snode is not None and snode.is_leafy) or not len(node):
        return make(parent, element_tag(node), text(node))
    new = make(parent, element_tag(node))
    for part in _ordered(node, snode):
        if part.get(NC_OPERATION) not in REMOVING:
            sub = schema.child_of(snode, part) if schema and snode else None
            copy_into(new, part, sub, schema)
    return new


def _replace(target: Element, current: Element | None, node: Element, snode: SNode,
             schema: SimSchema) -> None:
    new = copy_into(target, node, snode, schema)
    if current is not None:
        current.addprevious(new)
        target.remove(current)


def _shell(target: Element, node: Element, snode: SNode) -> Element:
    """A new container or list entry in ``target`` holding only the list keys."""
    shell = make(target, element_tag(node))
    for key in snode.keys:
        found = node.find(f"{{{snode.namespace}}}{key}")
        if found is not None:
            make(shell, element_tag(found), text(found))
    return shell


def _ordered(node: Element, snode: SNode | None) -> Iterator[Element]:
    keys = snode.keys if snode else ()
    kids = list(children(node))
    first = [c for k in keys for c in kids if split_qname(element_tag(c))[1] == k]
    yield from first
    yield from (c for c in kids if c not in first)
