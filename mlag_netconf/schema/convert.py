"""lxml instance documents -> yangson cooked values, collecting every syntax problem.

One pass over the XML, side by side with the yangson schema tree: element names and
namespaces, list keys, leaf values (type, range, length, pattern, enum) and, for an
edit, the ``nc:operation`` attributes. Problems become :class:`SchemaIssue` items;
the pass never stops at the first one. What converts cleanly becomes the cooked
value yangson validates further (mandatory, must, when, leafref).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from lxml import etree
from yangson.datatype import (
    BinaryType,
    DataType,
    IdentityrefType,
    LeafrefType,
    StringType,
    UnionType,
)
from yangson.instvalue import ArrayValue, ObjectValue
from yangson.schemanode import (
    AnyContentNode,
    ContainerNode,
    DataNode,
    InternalNode,
    LeafListNode,
    LeafNode,
    ListNode,
    SchemaTreeNode,
    TerminalNode,
)

from mlag_netconf.enums import EditOperation
from mlag_netconf.namespaces import NC_OPERATION
from mlag_netconf.schema.nodes import SchemaIssue
from mlag_netconf.xmltree import split_qname
from mlag_netconf.xmltree.merge import REMOVING

__all__ = ["OPERATIONS", "XmlReader"]

OPERATIONS = frozenset(op.value for op in EditOperation)
_REMOVING = REMOVING

Lookup = Callable[[InternalNode, str, str], DataNode | None]


def _keeps_spaces(t: DataType[Any, Any]) -> bool:
    """True if surrounding white space is part of a value of type ``t``."""
    if isinstance(t, (StringType, BinaryType)):
        return True
    if isinstance(t, LeafrefType):
        return _keeps_spaces(t.ref_type)
    if isinstance(t, UnionType):
        return any(_keeps_spaces(m) for m in t.types)
    return False


class XmlReader:
    """Converts one document; create one per call (it holds the issues found)."""

    def __init__(self, root: SchemaTreeNode, ns2mod: dict[str, str],
                 prefixes: dict[str, str], lookup: Lookup, *, edit: bool) -> None:
        self.root = root
        self.ns2mod = ns2mod
        self.prefixes = prefixes
        self.lookup = lookup
        self.edit = edit
        self.issues: list[SchemaIssue] = []
        self.ts = datetime.now()

    # ------------------------------------------------------------------ helpers
    def _issue(self, path: str, tag: str, message: str, element: str | None = None,
               app_tag: str | None = None) -> None:
        self.issues.append(SchemaIssue(path, tag, app_tag, message, element))

    def _segment(self, parent: InternalNode, child: DataNode) -> str:
        if parent is self.root or child.ns != parent.ns:
            return f"{self.prefixes.get(child.ns, child.ns)}:{child.name}"
        return str(child.name)

    def _operation(self, el: etree._Element, path: str, inherited: str | None) -> str | None:
        if not self.edit:
            return inherited
        op = el.get(NC_OPERATION)
        if op is None:
            return inherited
        if op not in OPERATIONS:
            self._issue(path, "bad-attribute", f"bad nc:operation value {op!r}",
                        split_qname(el.tag)[1])
            return inherited
        return op

    # ------------------------------------------------------------------ entry point
    def read(self, top: etree._Element) -> ObjectValue:
        """Convert the children of ``top`` (a ``<data>`` or ``<config>``)."""
        return self._object(top, self.root, "", None)

    # ------------------------------------------------------------------ structure
    def _object(self, el: etree._Element, sn: InternalNode, path: str,
                op: str | None) -> ObjectValue:
        members: dict[str, Any] = {}
        arrays: dict[str, tuple[DataNode, list[Any]]] = {}
        for x in el:
            if not isinstance(x.tag, str):
                continue  # comments, processing instructions
            ns, local = split_qname(x.tag)
            module = self.ns2mod.get(ns)
            child = self.lookup(sn, module, local) if module else None
            if child is None:
                self._unknown(x, ns, local, module, path)
                continue
            cpath = f"{path}/{self._segment(sn, child)}"
            xop = self._operation(x, cpath, op)
            iname = (str(child.name) if sn is not self.root and child.ns == sn.ns
                     else f"{child.ns}:{child.name}")
            if isinstance(child, (ListNode, LeafListNode)):
                entries = arrays.setdefault(iname, (child, []))[1]
                value = (self._entry(x, child, cpath, xop) if isinstance(child, ListNode)
                         else self._leaf(x, child, cpath, xop))
                if value is not None:
                    entries.append(value)
                continue
            if iname in members and not self.edit:
                # an edit may repeat a container (yanglint -t edit accepts it too)
                self._issue(cpath, "bad-element", f"element {local!r} appears twice", local)
                continue
            value = None
            if isinstance(child, ContainerNode):
                value = self._object(x, child, cpath, xop)
            elif isinstance(child, LeafNode):
                value = self._leaf(x, child, cpath, xop)
            elif isinstance(child, AnyContentNode):
                value = ObjectValue({}, self.ts)  # present; content not checked
            if value is not None and iname not in members:
                members[iname] = value
        for iname, (_, entries) in arrays.items():
            members[iname] = ArrayValue(entries, self.ts)
        return ObjectValue(members, self.ts)

    def _unknown(self, x: etree._Element, ns: str, local: str, module: str | None,
                 path: str) -> None:
        where = f"{path}/{local}"
        if module is None:
            self._issue(where, "unknown-namespace",
                        f"element {local!r} in unknown namespace {ns or '(none)'!r}", local)
        else:
            self._issue(where, "unknown-element",
                        f"unknown element {local!r} (namespace {ns})", local)

    def _entry(self, x: etree._Element, sn: ListNode, path: str,
               op: str | None) -> ObjectValue | None:
        preds: list[str] = []
        missing: list[str] = []
        for kname, kmod in sn.keys:
            kns = self.root.schema_data.modules_by_name[kmod].xml_namespace
            text = x.findtext(f"{{{kns}}}{kname}")
            if text is None:
                missing.append(kname)
            else:
                quote = "'" if "'" not in text else '"'
                preds.append(f"[{kname}={quote}{text}{quote}]")
        epath = path + "".join(preds)
        for kname in missing:
            self._issue(epath, "missing-element", f"list entry without key {kname!r}",
                        kname)
        value = self._object(x, sn, epath, op)
        return None if missing else value

    # ------------------------------------------------------------------ leaves
    def _leaf(self, x: etree._Element, sn: TerminalNode, path: str,
              op: str | None) -> Any:
        local = str(sn.name)
        if any(isinstance(c.tag, str) for c in x):
            self._issue(path, "bad-element", f"leaf {local!r} cannot hold elements", local)
            return None
        text = x.text or ""
        if op in _REMOVING and not text.strip():
            return None  # <leaf nc:operation="delete"/>: no value needed
        t: DataType[Any, Any] = sn.type
        if not _keeps_spaces(t):
            text = text.strip()
        value = self._parse(t, text, x)
        if value is None or value not in t:
            detail = t.error_message or "wrong type"
            if value is None:
                detail = f"not a valid {t.yang_type()}"
            self._issue(path, "invalid-value", f"{local}: invalid value {text!r}: {detail}",
                        local)
            return None
        return value

    def _parse(self, t: DataType[Any, Any], text: str, x: etree._Element) -> Any:
        if isinstance(t, LeafrefType):
            return self._parse(t.ref_type, text, x)
        if isinstance(t, IdentityrefType):
            prefix, colon, name = text.partition(":")
            if not colon:
                return (text, t.sctx.default_ns)
            module = self.ns2mod.get(x.nsmap.get(prefix) or "")
            return (name, module) if module else None
        if isinstance(t, UnionType):
            for member in t.types:
                value = self._parse(member, text, x)
                if value is not None and value in member:
                    return value
            return None
        return t.parse_value(text)
