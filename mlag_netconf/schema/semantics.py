"""Semantic validation of a cooked instance: defaults, when, mandatory, must, leafref.

yangson's own ``validate()`` stops at the first error and its ``add_defaults()``
ignores the ``when`` of an augment or a ``uses`` (it would, for example, give a
LoopBack interface an ``nd-collection`` container whose ``when`` excludes it, then
reject it). So this module

1. fills in default values itself (:class:`DefaultFiller`): unconditional defaults
   first, then the ones behind a ``when``, each ``when`` evaluated on the tree as it
   is at that point;
2. walks the tree (:class:`SemanticChecker`) calling yangson's per-node checks
   (schema pattern: ``when`` + mandatory + choice; ``must``; leafref; list keys and
   cardinality) and records every failure instead of stopping at the first.

Both use yangson internals that have been stable since yangson 1.4
(``schema_pattern``, ``_validate_non_union``, ``_check_list_props``...).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from yangson.datatype import LeafrefType
from yangson.enumerations import ContentType, ValidationScope
from yangson.exceptions import SemanticError, ValidationError, YangsonException
from yangson.instance import InstanceNode, RootNode
from yangson.instvalue import ArrayValue, ObjectValue
from yangson.nodeset import NodeSet
from yangson.schemanode import (
    ChoiceNode,
    ContainerNode,
    DataNode,
    InternalNode,
    LeafListNode,
    LeafNode,
    ListNode,
    NotificationNode,
    RpcActionNode,
    SchemaNode,
    SchemaTreeNode,
    TerminalNode,
)
from yangson.schpattern import (
    Alternative,
    Conditional,
    ConditionalPattern,
    Member,
    NotAllowed,
    Pair,
    SchemaPattern,
)
from yangson.xpathast import Expr
from yangson.xpathast import Step as XPathStep

from mlag_netconf.schema.nodes import SchemaIssue

__all__ = ["DefaultFiller", "MemberLookup", "Route", "SemanticChecker", "precompile_xpath"]

Route = tuple[str | int, ...]
"""Member names and entry indexes from the root to an instance node."""
MemberLookup = Callable[[InternalNode, str], DataNode | None]
"""Schema child of a data node (or the root) for an instance member name."""

_CONFIG = ContentType.config


def instance_at(root: RootNode, route: Route) -> InstanceNode:
    """The instance node at ``route`` below ``root``."""
    inst: InstanceNode = root
    for key in route:
        inst = inst._entry(key) if isinstance(key, int) else inst._member(key)
    return inst


def _holds(when: Any, ctx: InstanceNode) -> bool:
    try:
        return bool(when.evaluate(ctx))
    except YangsonException:
        return True  # an expression yangson cannot evaluate does not block


class DefaultFiller:
    """Adds default leaves and non-presence containers in place, honouring ``when``."""

    def __init__(self, root_sn: SchemaTreeNode, member: MemberLookup, ts: datetime) -> None:
        self.root_sn = root_sn
        self.member = member
        self.ts = ts
        self.top = ObjectValue({}, ts)
        self.added: set[Route] = set()
        self.pending: deque[tuple[Route, ObjectValue, SchemaNode]] = deque()

    def fill(self, top: ObjectValue) -> set[Route]:
        """Fill ``top`` (the cooked root value); return the routes of what was added."""
        self.top = top
        self._fill(self.root_sn, top, ())
        while self.pending:
            route, val, node = self.pending.popleft()
            self._resolve(route, val, node)
        return self.added

    # ------------------------------------------------------------------ passes
    def _fill(self, sn: InternalNode, val: ObjectValue, route: Route) -> None:
        self._level(sn, val, route)
        for iname, v in list(val.items()):
            csn = self.member(sn, iname)
            if isinstance(csn, ContainerNode) and isinstance(v, ObjectValue):
                self._fill(csn, v, (*route, iname))
            elif isinstance(csn, ListNode) and isinstance(v, ArrayValue):
                for i, entry in enumerate(v):
                    self._fill(csn, entry, (*route, iname, i))

    def _level(self, holder: InternalNode, val: ObjectValue, route: Route) -> None:
        for c in holder.children:
            if isinstance(c, (RpcActionNode, NotificationNode)) or not c.config:
                continue
            if isinstance(c, DataNode):
                if c.iname() in val or not self._has_default(c):
                    continue
                if c.when is not None:
                    self.pending.append((route, val, c))
                else:
                    self._add(c, val, route)
            elif c.when is not None:
                self.pending.append((route, val, c))
            elif isinstance(c, ChoiceNode):
                self._choice(c, val, route)
            elif isinstance(c, InternalNode):
                self._level(c, val, route)

    def _choice(self, c: ChoiceNode, val: ObjectValue, route: Route) -> None:
        case = c._active_case(val)
        if case is None and c.default_case:
            case = c.get_child(*c.default_case)
        if case is None:
            return
        if case.when is not None:
            self.pending.append((route, val, case))
        else:
            self._level(case, val, route)

    def _resolve(self, route: Route, val: ObjectValue, node: SchemaNode) -> None:
        inst = instance_at(RootNode(self.top, self.root_sn, self.root_sn.schema_data,
                                    self.ts), route)
        if isinstance(node, DataNode):
            iname = node.iname()
            if iname in val or not _holds(node.when, inst.put_member(iname, (None,))):
                return
            new = self._add(node, val, route)
            if isinstance(node, ContainerNode) and isinstance(new, ObjectValue):
                self._fill(node, new, (*route, iname))
            return
        if not _holds(node.when, inst):
            return
        before = set(val)
        if isinstance(node, ChoiceNode):
            self._choice(node, val, route)
        elif isinstance(node, InternalNode):
            self._level(node, val, route)
        for iname in set(val) - before:
            csn = self.member(self._data_parent(node), iname)
            if isinstance(csn, ContainerNode):
                self._fill(csn, val[iname], (*route, iname))

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _data_parent(node: SchemaNode) -> InternalNode:
        parent = node.data_parent()
        return parent if parent is not None else node.schema_root()

    @staticmethod
    def _has_default(c: DataNode) -> bool:
        if isinstance(c, ContainerNode):
            return not c.presence
        if isinstance(c, (LeafNode, LeafListNode)):
            return c.default is not None
        return False

    def _add(self, c: DataNode, val: ObjectValue, route: Route) -> Any:
        iname = c.iname()
        new: Any = ObjectValue({}, self.ts) if isinstance(c, ContainerNode) else c.default
        dict.__setitem__(val, iname, new)
        self.added.add((*route, iname))
        return new


class SemanticChecker:
    """Walks a (defaulted) instance tree and records every semantic violation."""

    def __init__(self, member: MemberLookup, prefixes: dict[str, str],
                 skip: Iterable[Route] = ()) -> None:
        self.member = member
        self.prefixes = prefixes
        self.skip = set(skip)
        self.issues: list[SchemaIssue] = []
        self._targets: dict[int, set[str] | None] = {}

    def check(self, root: RootNode) -> list[SchemaIssue]:
        """All problems found below ``root``."""
        self._object(root, root.schema_node, "", ())
        return self.issues

    # ------------------------------------------------------------------ helpers
    def _issue(self, path: str, tag: str, app_tag: str | None, message: str,
               element: str | None = None) -> None:
        self.issues.append(SchemaIssue(path, tag, app_tag, message, element))

    def _segment(self, parent: InternalNode, child: SchemaNode) -> str:
        dp = child.data_parent()
        if dp is None or child.ns != dp.ns or isinstance(parent, SchemaTreeNode):
            return f"{self.prefixes.get(child.ns, child.ns)}:{child.name}"
        return str(child.name)

    @staticmethod
    def _predicate(sn: ListNode, value: Any) -> str:
        preds = []
        for (kname, kmod), kiname in zip(sn.keys, sn._key_members, strict=False):
            kval = value.get(kiname) if isinstance(value, dict) else None
            if kval is None:
                continue
            ksn = sn.get_data_child(kname, kmod)
            text = ksn.type.canonical_string(kval) if ksn is not None else None
            text = str(kval) if text is None else text
            quote = "'" if "'" not in text else '"'
            preds.append(f"[{kname}={quote}{text}{quote}]")
        return "".join(preds)

    # ------------------------------------------------------------------ walk
    def _object(self, inst: InstanceNode, sn: InternalNode, path: str, route: Route) -> None:
        self._pattern(inst, sn, path, route)
        if isinstance(sn, DataNode):
            self._musts(inst, sn, path)
        for m in inst._member_names():
            croute = (*route, m)
            if croute in self.skip and not self._allowed(inst, sn, m):
                continue
            child = inst._member(m)
            csn = child.schema_node
            cpath = f"{path}/{self._segment(sn, csn)}"
            if isinstance(csn, ListNode):
                self._list(child, csn, cpath, croute)
            elif isinstance(csn, ContainerNode):
                self._object(child, csn, cpath, croute)
            elif isinstance(csn, LeafListNode):
                try:
                    child.validate(ValidationScope.semantics, _CONFIG)
                except ValidationError as exc:
                    self._from_exception(exc, cpath, str(csn.name))
            elif isinstance(csn, TerminalNode):
                self._leaf(child, csn, cpath)

    def _list(self, arr: InstanceNode, sn: ListNode, path: str, route: Route) -> None:
        for check in (sn._check_list_props, sn._check_cardinality):
            try:
                check(arr)
            except ValidationError as exc:
                self._from_exception(exc, path, str(sn.name))
        for entry in arr:
            epath = path + self._predicate(sn, entry.value)
            self._object(entry, sn, epath, (*route, entry.index))

    def _leaf(self, inst: InstanceNode, sn: TerminalNode, path: str) -> None:
        targets = self._absolute_targets(inst, sn)
        if targets is not None:
            if str(inst) not in targets:
                self._issue(path, "data-missing", "instance-required",
                            f"{sn.name}: no instance {inst.value!s} for this reference",
                            str(sn.name))
            if isinstance(sn, DataNode):
                self._musts(inst, sn, path)
            return
        try:
            if hasattr(sn.type, "types"):
                sn._validate_union(inst, ValidationScope.semantics, sn.type)
            else:
                sn._validate_non_union(inst, ValidationScope.semantics, sn.type)
        except ValidationError:
            self._issue(path, "data-missing", "instance-required",
                        f"{sn.name}: no instance {inst.value!s} for this reference",
                        str(sn.name))
        if isinstance(sn, DataNode):
            self._musts(inst, sn, path)

    def _absolute_targets(self, inst: InstanceNode, sn: TerminalNode) -> set[str] | None:
        """Values a leafref with an absolute, context-free path may take (cached).

        ``/ifm:ifm/interfaces/interface/name`` gives the same node set for every
        referring leaf; evaluating it once per validation instead of once per leaf
        keeps leafref checks linear. ``None`` for other leaves and paths.
        """
        t = sn.type
        if not isinstance(t, LeafrefType) or not t.require_instance:
            return None
        key = id(t)
        if key not in self._targets:
            text = str(t.path)
            if not text.startswith("/") or "current" in text or "[" in text:
                self._targets[key] = None
            else:
                try:
                    found = t.path.evaluate(inst)
                except YangsonException:
                    found = None
                self._targets[key] = (
                    {str(n) for n in found} if isinstance(found, NodeSet) else None)
        return self._targets[key]

    def _musts(self, inst: InstanceNode, sn: DataNode, path: str) -> None:
        for must in sn.must:
            if _holds(must.expression, inst):
                continue
            msg = must.error_message or f"must condition is false: {must.expression}"
            self._issue(path, "operation-failed", must.error_tag or "must-violation",
                        msg, str(sn.name))

    # ------------------------------------------------------------------ pattern
    def _pattern(self, inst: InstanceNode, sn: InternalNode, path: str, route: Route) -> None:
        p = sn.schema_pattern
        if p is None:
            return
        try:
            self._eval_whens(p, inst, sn, set(inst._member_names()))
        except YangsonException as exc:
            self._issue(path, "operation-failed", None, f"cannot evaluate when: {exc}")
            return
        for m in inst._member_names():
            newp = p.deriv(m, _CONFIG)
            if isinstance(newp, NotAllowed):
                if (*route, m) not in self.skip:
                    self._not_allowed(inst, sn, m, path)
                continue
            p = newp
        if not p.nullable(_CONFIG):
            self._missing(sn, p._mandatory_members(_CONFIG) or [], path)

    def _eval_whens(self, p: SchemaPattern, inst: InstanceNode, sn: InternalNode,
                    present: set[str]) -> None:
        """yangson's ``SchemaPattern._eval_when``, skipping work nobody reads.

        The ``when`` of a member that is absent and not mandatory cannot change the
        outcome (it is optional either way), so it is not evaluated.
        """
        if isinstance(p, Member):
            if p.when is None:
                return
            if p.name in present:
                p._eval_when(inst)
            else:
                node = self.member(sn, p.name)
                if node is not None and node.mandatory:
                    p._eval_when(inst)
                else:
                    p._val_when = False
        elif isinstance(p, ConditionalPattern):
            Conditional._eval_when(p, inst)
            self._eval_whens(p.pattern, inst, sn, present)
        elif isinstance(p, (Pair, Alternative)):
            self._eval_whens(p.left, inst, sn, present)
            self._eval_whens(p.right, inst, sn, present)
        else:
            p._eval_when(inst)

    def _allowed(self, inst: InstanceNode, sn: InternalNode, m: str) -> bool:
        csn = self.member(sn, m)
        node: SchemaNode | None = csn
        while node is not None and node is not sn:
            if node.when is not None:
                ctx = inst._member(m) if node is csn else inst
                if not _holds(node.when, ctx):
                    return False
            node = node.parent
        return True

    def _not_allowed(self, inst: InstanceNode, sn: InternalNode, m: str, path: str) -> None:
        csn = self.member(sn, m)
        if csn is None:
            self._issue(f"{path}/{m}", "unknown-element", None, f"unknown element {m!r}", m)
            return
        cpath = f"{path}/{self._segment(sn, csn)}"
        name = str(csn.name)
        node: SchemaNode | None = csn
        choice: ChoiceNode | None = None
        while node is not None and node is not sn:
            if node.when is not None:
                ctx = inst._member(m) if node is csn else inst
                if not _holds(node.when, ctx):
                    self._issue(cpath, "unknown-element", None,
                                f"{name}: not allowed, when condition is false: {node.when}",
                                name)
                    return
            if isinstance(node, ChoiceNode):
                choice = node
            node = node.parent
        if choice is not None:
            self._issue(cpath, "bad-element", None,
                        f"{name}: another case of choice {choice.name!r} is present", name)
        elif not csn.config:
            self._issue(cpath, "unknown-element", None, f"{name}: state data in config", name)
        else:
            self._issue(cpath, "unknown-element", None, f"{name}: not allowed here", name)

    def _missing(self, sn: InternalNode, names: list[str], path: str) -> None:
        choices_done: set[int] = set()
        for m in names:
            csn = self.member(sn, m)
            if csn is None:
                continue
            choice = self._enclosing_choice(csn, sn)
            if choice is not None:
                if id(choice) not in choices_done:
                    choices_done.add(id(choice))
                    self._issue(path, "data-missing", "missing-choice",
                                f"one case of choice {choice.name!r} is required",
                                str(choice.name))
                continue
            self._missing_node(csn, f"{path}/{self._segment(sn, csn)}")

    def _missing_node(self, csn: SchemaNode, path: str) -> None:
        name = str(csn.name)
        if isinstance(csn, ContainerNode) and not csn.presence:
            kids = sorted(csn._mandatory_children[1], key=lambda n: str(n.name))
            for kid in kids:
                if isinstance(kid, ChoiceNode):
                    self._issue(path, "data-missing", "missing-choice",
                                f"one case of choice {kid.name!r} is required", str(kid.name))
                else:
                    self._missing_node(kid, f"{path}/{self._segment(csn, kid)}")
            if kids:
                return
        if isinstance(csn, (ListNode, LeafListNode)):
            self._issue(path, "operation-failed", "too-few-elements",
                        f"{name}: at least {csn.min_elements} entries required", name)
            return
        self._issue(path, "data-missing", "instance-required",
                    f"missing mandatory node {name!r}", name)

    @staticmethod
    def _enclosing_choice(csn: SchemaNode, stop: InternalNode) -> ChoiceNode | None:
        node = csn.parent
        while node is not None and node is not stop:
            if isinstance(node, ChoiceNode):
                return node
            node = node.parent
        return None

    def _from_exception(self, exc: ValidationError, path: str, element: str) -> None:
        tag = exc.tag or ""
        msg = f"{element}: {tag}" + (f": {exc.message}" if exc.message else "")
        if tag == "instance-required":
            self._issue(path, "data-missing", tag, msg, element)
        elif tag in ("too-many-elements", "too-few-elements"):
            self._issue(path, "operation-failed", tag, msg, element)
        elif tag == "non-unique-key" or tag.startswith("data-not-unique"):
            self._issue(path, "operation-failed", "data-not-unique", msg, element)
        elif tag == "list-key-missing":
            self._issue(path, "missing-element", None, msg, element)
        elif isinstance(exc, SemanticError):
            self._issue(path, "operation-failed", tag or None, msg, element)
        else:
            self._issue(path, "invalid-value", None, msg, element)


def precompile_xpath(root: SchemaTreeNode) -> None:
    """Give every location step of the schema's XPath its node transition once.

    yangson's ``Step._node_trans`` builds a dict of nine lambdas (hashing the axis
    enum) on every evaluation; about a fifth of a validation went there. The result
    depends on the step alone, so it is computed once and stored on the step object
    (an instance attribute: other yangson users in the process are not affected).
    """
    seen: set[int] = set()

    def expr(e: Expr) -> None:
        if id(e) in seen:
            return
        seen.add(id(e))
        if isinstance(e, XPathStep):
            trans = XPathStep._node_trans(e)
            e.__dict__["_node_trans"] = lambda: trans
        for v in vars(e).values():
            for sub in v if isinstance(v, list) else (v,):
                if isinstance(sub, Expr):
                    expr(sub)

    def node(sn: SchemaNode) -> None:
        if sn.when is not None:
            expr(sn.when)
        for must in getattr(sn, "must", None) or ():
            expr(must.expression)
        t = getattr(sn, "type", None)
        for member in getattr(t, "types", None) or (t,):
            if isinstance(member, LeafrefType) and isinstance(member.path, Expr):
                expr(member.path)
        if isinstance(sn, InternalNode):
            for c in sn.children:
                node(c)

    node(root)
