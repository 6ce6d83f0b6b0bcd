"""Payload-shaped views of a device's data: read filter, by-value diff, reverse and undo.

All four walk an edit-config payload side by side with the schema (for list keys and node
kinds) and, where given, the device's data:

- :func:`read_filter` — the subtree filter that reads back exactly what a payload touches;
- :func:`compare` — what applying the payload to ``data`` would change, compared by value
  (AS numbers, MACs, addresses, masks, numbers): an empty :class:`Diff` means nothing to do;
- :func:`reverse` — the payload that puts ``data`` (a snapshot) back over what the payload
  touched: a compensating transaction;
- :func:`removal` — the payload that removes what a payload configured, never the nodes a
  CloudEngine creates by itself (the baseline of :mod:`mlag_netconf.xmltree.baseline`).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from lxml import etree

from mlag_netconf.errors import ValueFormatError
from mlag_netconf.namespaces import NC, NC_OPERATION, module_by_namespace
from mlag_netconf.schema import Schema, SchemaNode
from mlag_netconf.types import AsNumber, MacAddress
from mlag_netconf.xmltree import (
    Element,
    children,
    deep_copy,
    element_tag,
    make,
    nc,
    new_element,
    split_qname,
    text,
)
from mlag_netconf.xmltree.baseline import apply_baseline
from mlag_netconf.xmltree.merge import REMOVING, find_match, strip_operations

Kind = Literal["added", "changed", "removed"]


@dataclass(frozen=True)
class Change:
    """One difference: ``path`` (instance path), ``kind``, and the old and new values."""

    path: str
    kind: Kind
    old: str | None = None
    new: str | None = None

    def __str__(self) -> str:
        sign = {"added": "+", "changed": "~", "removed": "-"}[self.kind]
        if self.kind == "changed":
            return f"{sign} {self.path}: {self.old} -> {self.new}"
        value = self.new if self.kind == "added" else self.old
        return f"{sign} {self.path}" + (f" = {value}" if value else "")

    def __repr__(self) -> str:
        from mlag_netconf.netconf.display import change_repr

        return change_repr(self)


@dataclass(frozen=True)
class Diff:
    """What a payload would change on a device (empty: nothing to do)."""

    device: str
    changes: tuple[Change, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def of(self, kind: Kind) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.kind == kind)

    def __str__(self) -> str:
        if not self.changes:
            return f"{self.device}: no changes"
        counts = ", ".join(f"{len(self.of(k))} {k}" for k in ("added", "changed", "removed")
                           if self.of(k))
        return "\n".join([f"{self.device}: {counts}", *(f"  {c}" for c in self.changes)])

    def __repr__(self) -> str:
        return f"Diff({self.device!r}, {len(self.changes)} changes)"

    def _repr_html_(self) -> str:
        from mlag_netconf.netconf.display import diff_html

        return diff_html(self)


# --------------------------------------------------------------------------- helpers
class _Walker:
    """Schema lookups and instance paths shared by the walks below."""

    def __init__(self, schema: Schema | None) -> None:
        self.schema = schema or Schema.load()

    def info(self, parent: SchemaNode | None, node: Element) -> SchemaNode | None:
        ns, local = split_qname(element_tag(node))
        return self.schema.child(parent, ns, local)

    @staticmethod
    def segment(node: Element, info: SchemaNode | None, parent_ns: str) -> str:
        ns, local = split_qname(element_tag(node))
        name = local
        if ns != parent_ns:
            try:
                name = f"{module_by_namespace(ns).prefix}:{local}"
            except KeyError:
                name = local
        if info is not None and info.kind == "list":
            keys = "".join(f"[{k}='{_key(node, info, k)}']" for k in info.keys)
            return f"{name}{keys}"
        return name


def _key(node: Element, info: SchemaNode, key: str) -> str:
    found = node.find(f"{{{info.namespace}}}{key}")
    return text(found) if found is not None else ""


def _is_key(node: Element, parent: SchemaNode | None) -> bool:
    return parent is not None and parent.kind == "list" and \
        split_qname(element_tag(node))[1] in parent.keys


def _leafy(node: Element, info: SchemaNode | None) -> bool:
    return info.is_leaf if info is not None else not len(node)


# --------------------------------------------------------------------------- values
def _as(value: str) -> object:
    return AsNumber.parse(value).value


def _mac(value: str) -> object:
    return MacAddress.parse(value).hex12


def _ip(value: str) -> object:
    return ipaddress.ip_address(value)


_BY_NAME: dict[str, Callable[[str], object]] = {
    "as": _as, "remote-as": _as, "group-as": _as,
    "mac-address": _mac,
    "ip": _ip, "address": _ip, "router-id": _ip, "local-if-address": _ip, "mask": _ip,
    "link-local": _ip,
}


def same_value(local: str, a: str, b: str) -> bool:
    """True when two texts of the leaf ``local`` mean the same value.

    >>> same_value("as", "1.10", "65546"), same_value("mac-address", "00E0-FC12-3456",
    ...                                                  "00e0-fc12-3456")
    (True, True)
    >>> same_value("ip", "2001:DB8::1", "2001:db8:0::1"), same_value("number", "010", "10")
    (True, True)
    """
    a, b = a.strip(), b.strip()
    if a == b:
        return True
    norm = _BY_NAME.get(local)
    try:
        if norm is not None:
            return norm(a) == norm(b)
        if a.lstrip("-").isdigit() and b.lstrip("-").isdigit():
            return int(a) == int(b)
    except (ValueError, ValueFormatError):
        return False
    return a.lower() in ("true", "false") and a.lower() == b.lower()


# --------------------------------------------------------------------------- read filter
def read_filter(config: Element, schema: Schema | None = None) -> Element:
    """A ``<filter>`` body selecting exactly the subtrees ``config`` touches.

    List keys stay as content-match nodes; every other leaf becomes a selection node.
    """
    w = _Walker(schema)
    out = new_element(nc("filter"))
    out.set("type", "subtree")
    _filter(w, config, out, None)
    return out


def _filter(w: _Walker, src: Element, dst: Element, parent: SchemaNode | None) -> None:
    for node in children(src):
        info = w.info(parent, node)
        if _is_key(node, parent):
            continue  # written with its entry below
        copy = _shell(dst, node, info)
        if _leafy(node, info) or node.get(NC_OPERATION) in REMOVING:
            continue
        _filter(w, node, copy, info)


# --------------------------------------------------------------------------- compare
def compare(config: Element, data: Element, *, device: str = "",
            schema: Schema | None = None) -> Diff:
    """What applying ``config`` (a payload) to ``data`` (the device's data) would change."""
    w = _Walker(schema)
    changes: list[Change] = []
    _compare(w, config, data, None, "", "", changes)
    return Diff(device, tuple(changes))


def _compare(w: _Walker, want: Element, have: Element | None, parent: SchemaNode | None,
             path: str, parent_ns: str, out: list[Change]) -> None:
    for node in children(want):
        info = w.info(parent, node)
        if _is_key(node, parent):
            continue
        ns = split_qname(element_tag(node))[0]
        here = f"{path}/{w.segment(node, info, parent_ns)}"
        match = find_match(have, node, info) if have is not None else None
        if node.get(NC_OPERATION) in REMOVING:
            if match is not None and not _at_default(match, info):
                out.append(Change(here, "removed", _summary(match)))
            continue
        if _leafy(node, info):
            if match is None:
                out.append(Change(here, "added", None, text(node)))
            elif not same_value(split_qname(element_tag(node))[1], text(match), text(node)):
                out.append(Change(here, "changed", text(match), text(node)))
            continue
        if match is None and info is not None and info.kind == "list" and \
                not any(not _is_key(c, info) for c in children(node)):
            out.append(Change(here, "added", None, "(entry)"))
            continue
        if match is None and info is not None and info.presence and not len(node):
            out.append(Change(here, "added", None, "(present)"))
            continue
        _compare(w, node, match, info, here, ns, out)


def _at_default(node: Element, info: SchemaNode | None) -> bool:
    """A leaf reported at its schema default is no configuration (``report-all`` reads,
    as a CloudEngine answers, return every default leaf)."""
    return (info is not None and info.kind == "leaf" and info.default is not None
            and same_value(info.name, text(node), info.default))


def _summary(node: Element) -> str:
    leaves = [f"{split_qname(element_tag(c))[1]}={text(c)}" for c in children(node)
              if not len(c) and text(c)]
    return ", ".join(leaves[:4]) + (" ..." if len(leaves) > 4 else "") or "(entry)"


# --------------------------------------------------------------------------- reverse
def reverse(config: Element, snapshot: Element, schema: Schema | None = None) -> Element:
    """The payload that puts ``snapshot`` back over everything ``config`` touches.

    Leaves ``config`` sets are set back to their snapshot value, or removed when the
    snapshot lacks them; list entries ``config`` creates are removed; entries ``config``
    removes come back from the snapshot.
    """
    w = _Walker(schema)
    out = _config_root()
    _reverse(w, config, snapshot, out, None)
    return out


def _config_root() -> Element:
    """An empty ``<config>`` declaring the ``nc`` prefix its ``nc:operation``s use."""
    return etree.Element(nc("config"), nsmap={None: NC, "nc": NC})  # type: ignore[dict-item]


def _removable(node: Element, info: SchemaNode | None) -> bool:
    """Leaves, list entries and presence containers are removed as a unit; other
    containers are walked into (they may hold what other payloads configured)."""
    if info is None:
        return not len(node)
    return info.kind in ("leaf", "leaf-list", "list") or info.presence


def _shell(dst: Element, node: Element, info: SchemaNode | None) -> Element:
    """A copy of ``node`` under ``dst`` holding only its list keys (if it is an entry)."""
    copy = make(dst, element_tag(node))
    if info is not None and info.kind == "list":
        for key in info.keys:
            make(copy, f"{{{info.namespace}}}{key}", _key(node, info, key))
    return copy


def _remove(dst: Element, node: Element, info: SchemaNode | None) -> None:
    gone = _shell(dst, node, info)
    if info is not None and info.kind == "leaf-list":
        gone.text = text(node)
    gone.set(NC_OPERATION, "remove")


def _reverse(w: _Walker, want: Element, have: Element | None, dst: Element,
             parent: SchemaNode | None) -> None:
    for node in children(want):
        info = w.info(parent, node)
        if _is_key(node, parent):
            continue
        match = find_match(have, node, info) if have is not None else None
        if node.get(NC_OPERATION) in REMOVING:
            if match is not None:
                dst.append(strip_operations(deep_copy(match)))
            continue
        if match is None and _removable(node, info):
            _remove(dst, node, info)
            continue
        if match is not None and _leafy(node, info):
            if _at_default(match, info):   # a report-all read: put it back as a default
                _remove(dst, node, info)
            else:
                make(dst, element_tag(node), text(match))
            continue
        # a container is never removed whole: a filtered read that lacks it says only
        # that nothing the payload selects is in it
        sub = _shell(dst, node, info)
        _reverse(w, node, match, sub, info)


# --------------------------------------------------------------------------- removal
def removal(config: Element, schema: Schema | None = None) -> Element:
    """The payload that removes what ``config`` configures (``undo``).

    Whatever a CloudEngine creates by itself (the ``_public_`` instance and its families,
    the public BGP process's ``ipv4uni``) is walked through, never removed.
    """
    w = _Walker(schema)
    base = new_element(nc("config"))
    apply_baseline(base, bgp=True)
    out = _config_root()
    _removal(w, config, base, out, None)
    return out


def _removal(w: _Walker, want: Element, base: Element | None, dst: Element,
             parent: SchemaNode | None) -> None:
    for node in children(want):
        info = w.info(parent, node)
        if _is_key(node, parent) or node.get(NC_OPERATION) in REMOVING:
            continue
        kept = find_match(base, node, info) if base is not None else None
        if kept is None and _removable(node, info):
            _remove(dst, node, info)
            continue
        sub = _shell(dst, node, info)
        _removal(w, node, kept, sub, info)
        if not any(not _is_key(c, info) for c in children(sub)):
            dst.remove(sub)  # walked through the device's own node, nothing removed below


# --------------------------------------------------------------------------- no-op removals
def staged_edits(config: Element, data: Element,
                 schema: Schema | None = None) -> list[Element]:
    """``config`` as the edits to send into one candidate, in order.

    A ``remove`` that matches nothing under a parent ``data`` has is left out (a no-op).
    A ``remove`` under a parent this edit creates (a new peer's ``ipv4uni`` family, which
    a CloudEngine would otherwise enable by itself at commit) is kept, but sent in a
    second edit after the one that creates the parent: some servers mishandle both in
    one edit (netconfd, NETCONFD.md bug 5); two edits into the same candidate, committed
    once, are one transaction on every server.
    """
    w = _Walker(schema)
    first = deep_copy(config)
    late: list[tuple[Element, list[tuple[Element, SchemaNode | None]]]] = []
    _prune(w, first, data, None, [], late)
    edits = [first]
    if late:
        second = _config_root()
        for node, chain in late:
            dst = second
            for ancestor, info in chain:
                dst = _ensure_step(dst, ancestor, info)
            dst.append(deep_copy(node))
        edits.append(second)
    return edits


def _ensure_step(dst: Element, node: Element, info: SchemaNode | None) -> Element:
    """The copy of ``node`` (with its list keys only) under ``dst``, made once."""
    found = find_match(dst, node, info)
    return found if found is not None else _shell(dst, node, info)


def _prune(w: _Walker, want: Element, have: Element | None, parent: SchemaNode | None,
           chain: list[tuple[Element, SchemaNode | None]],
           late: list[tuple[Element, list[tuple[Element, SchemaNode | None]]]]) -> None:
    for node in list(children(want)):
        info = w.info(parent, node)
        match = find_match(have, node, info) if have is not None else None
        if node.get(NC_OPERATION) == "remove":
            if have is None:                       # under a parent this edit creates
                late.append((deep_copy(node), list(chain)))
                want.remove(node)
            elif match is None or _at_default(match, info):
                want.remove(node)
            continue
        if not _leafy(node, info):
            _prune(w, node, match, info, [*chain, (node, info)], late)


# --------------------------------------------------------------------------- one op per edit
def split_removals(config: Element, schema: Schema | None = None) -> list[Element]:
    """``config`` (a removal payload) as one edit per ``remove``: list entries first,
    deepest first, then leaves in document order.

    Sent one after the other into the same candidate and committed once, the change is
    as atomic as one edit; servers that check every edit as a whole (netconfd) then never
    see a leaf removed together with the leaf its ``must`` refers to (NETCONFD.md; it
    crashes on ``enable`` and ``as`` of the BGP process removed in one edit).
    """
    w = _Walker(schema)
    entries: list[Element] = []
    leaves: list[Element] = []
    _collect(w, config, None, entries, leaves)
    return [_only(config, e) for e in (*reversed(entries), *leaves)]


def _collect(w: _Walker, node: Element, parent: SchemaNode | None, entries: list[Element],
             leaves: list[Element]) -> None:
    for c in children(node):
        info = w.info(parent, c)
        if c.get(NC_OPERATION) in REMOVING:
            (entries if info is not None and info.kind == "list" else leaves).append(c)
        elif not _leafy(c, info):
            _collect(w, c, info, entries, leaves)


def _only(config: Element, target: Element) -> Element:
    """A copy of ``config`` holding ``target`` and, above it, its ancestors with their
    plain leaves (in a removal payload those are the list keys)."""
    chain = [target]
    while (up := chain[-1].getparent()) is not None and up is not config:
        chain.append(up)
    out = _config_root()
    dst = out
    for node in reversed(chain[1:]):
        dst = make(dst, element_tag(node))
        for k in children(node):
            if not len(k) and k.get(NC_OPERATION) is None:
                make(dst, element_tag(k), text(k))
    dst.append(deep_copy(target))
    return out
