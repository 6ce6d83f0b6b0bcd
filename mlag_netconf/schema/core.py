"""The :class:`Schema`: one folder of YANG modules, loaded once, used by everyone."""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

from lxml import etree
from yangson import DataModel
from yangson.exceptions import YangsonException
from yangson.instance import RootNode
from yangson.schemanode import (
    AnyContentNode,
    ContainerNode,
    DataNode,
    InputNode,
    InternalNode,
    LeafListNode,
    LeafNode,
    ListNode,
    OutputNode,
)
from yangson.schemanode import (
    SchemaNode as YangsonNode,
)

from mlag_netconf.errors import SchemaError
from mlag_netconf.schema.convert import XmlReader
from mlag_netconf.schema.fast import LibyangGate, default_refs
from mlag_netconf.schema.modules import ModuleInfo, ModuleSet, scan_folder
from mlag_netconf.schema.nodes import NodeKind, SchemaIssue, SchemaNode, Step
from mlag_netconf.schema.semantics import DefaultFiller, SemanticChecker, precompile_xpath

__all__ = ["DEFAULT_YANG_DIR", "Backend", "Schema"]

log = logging.getLogger(__name__)

Backend = Literal["auto", "yangson", "libyang"]
"""Which validator answers first: ``yangson`` (pure Python, always there), ``libyang``
(the optional C library as an accept gate in front of yangson: same findings, much
faster on valid documents) or ``auto`` (libyang when it is installed)."""

_PACKAGE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_YANG_DIR: Path = (
    _PACKAGE_DIR / "_yang" if (_PACKAGE_DIR / "_yang").is_dir() else _PACKAGE_DIR.parent / "yang"
)
"""``mlag_netconf/_yang`` in an installed wheel, else the repository's ``yang/`` folder."""

# Errors yangson (or the values it is handed) may raise on odd data; validate() turns
# them into an issue instead of letting them out.
_DATA_ERRORS = (YangsonException, TypeError, ValueError, LookupError, AttributeError)


class Schema:
    """The YANG modules of one folder, compiled by yangson.

    Get one with :meth:`load` (cached per folder and file state); the object is
    immutable from the outside and safe to share. ``validate``/``check_edit`` hold
    a lock, as yangson keeps evaluation state in its schema tree.

    >>> schema = Schema.load()
    >>> VLAN = "urn:huawei:yang:huawei-vlan"
    >>> schema.node_at([(VLAN, "vlan"), (VLAN, "vlans"), (VLAN, "vlan")]).keys
    ('id',)
    >>> doc = etree.fromstring(f'<config><vlan xmlns="{VLAN}"><vlans>'
    ...                        '<vlan><id>5000</id></vlan></vlans></vlan></config>')
    >>> for issue in schema.validate(doc):
    ...     print(issue)
    /vlan:vlan/vlans/vlan[id='5000']/id: invalid-value: id: invalid value '5000': not in range
    >>> doc.find(f".//{{{VLAN}}}id").text = "100"
    >>> schema.validate(doc)
    []
    """

    def __init__(self, folder: Path, modules: ModuleSet, model: DataModel, *,
                 gate: LibyangGate | None = None, lock: threading.Lock | None = None) -> None:
        self.folder = folder
        self._set = modules
        self._dm = model
        self.modules: tuple[ModuleInfo, ...] = modules.modules
        self.submodules: tuple[ModuleInfo, ...] = modules.submodules
        self._ns2mod = {m.namespace: m.name for m in modules.modules}
        self._mod2ns = {m.name: m.namespace for m in modules.modules}
        self._prefixes = {m.name: m.prefix for m in modules.modules}
        self._kids: dict[tuple[int, str, str], DataNode | None] = {}
        self._views: dict[int, SchemaNode] = {}
        self._by_path: dict[tuple[Step, ...], InternalNode] = {}
        # one lock per yangson data model (it keeps evaluation state in its schema
        # tree), shared by the Schema objects of one folder
        self._lock = lock or threading.Lock()
        self._gate = gate
        model.schema._make_schema_patterns()
        precompile_xpath(model.schema)

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, folder: Path | str | None = None, *,
             implement: Iterable[str] | None = None, backend: Backend = "auto") -> Schema:
        """Load every ``*.yang`` directly in ``folder`` (default :data:`DEFAULT_YANG_DIR`).

        ``implement`` names the implemented modules (default: all). ``backend`` picks
        the validator (:data:`Backend`; findings are the same with either). The result
        is cached on the resolved folder, the names, sizes and times of its files,
        ``implement`` and ``backend``: loading the same folder again costs a few
        ``stat`` calls. Raises :class:`~mlag_netconf.errors.SchemaError` if the modules
        are broken, or if ``backend="libyang"`` and libyang is missing or cannot load
        them.
        """
        if backend not in ("auto", "yangson", "libyang"):
            raise SchemaError(f"unknown schema backend {backend!r} "
                              "(expected 'auto', 'yangson' or 'libyang')")
        where = Path(folder if folder is not None else DEFAULT_YANG_DIR).resolve()
        try:
            files = sorted(where.glob("*.yang"))
            stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files)
        except OSError as exc:
            raise SchemaError(f"{where}: {exc}") from exc
        wanted = None if implement is None else tuple(sorted(set(implement)))
        return _load_cached(where, stamp, wanted, backend)

    @staticmethod
    def clear_cache() -> None:
        """Forget every loaded schema (tests that rewrite modules in place)."""
        _load_cached.cache_clear()
        _model_cached.cache_clear()

    @property
    def backend(self) -> Literal["yangson", "libyang"]:
        """The validator that answers first: ``libyang`` (gate) or ``yangson``."""
        return "yangson" if self._gate is None else "libyang"

    # ------------------------------------------------------------------ modules
    @property
    def data_model(self) -> DataModel:
        """The underlying yangson data model (for what this class does not offer)."""
        return self._dm

    def capabilities(self) -> list[str]:
        """One ``<hello>`` capability URI per module, in module-name order."""
        return [m.capability() for m in self.modules]

    def module(self, name: str, revision: str | None = None) -> ModuleInfo | None:
        """The module or submodule called ``name`` (and ``revision``, if given)."""
        return self._set.find(name, revision)

    def module_text(self, name: str, revision: str | None = None) -> str:
        """The YANG text of a module or submodule, for ``<get-schema>``.

        Raises :class:`KeyError` if there is no such module (or revision).
        """
        info = self._set.find(name, revision)
        if info is None:
            what = name + (f"@{revision}" if revision else "")
            raise KeyError(f"no YANG module {what} in {self.folder}")
        return info.path.read_text(encoding="utf-8")

    def yang_library(self) -> dict[str, Any]:
        """The RFC 7895 ``modules-state`` the data model was built from."""
        return self._set.yang_library()

    # ------------------------------------------------------------------ nodes
    def child(self, parent: SchemaNode | None, namespace: str, local: str) -> SchemaNode | None:
        """The data node ``{namespace}local`` under ``parent`` (``None``: top level).

        Choices and cases are looked through, as in XML. ``None`` if there is no
        such node (or ``parent`` is a leaf).
        """
        ysn = self._internal(parent)
        module = self._ns2mod.get(namespace)
        if ysn is None or module is None:
            return None
        found = self._lookup(ysn, module, local)
        if found is None:
            return None
        return self._view(found, (*(parent.path if parent else ()), (namespace, local)))

    def children(self, parent: SchemaNode | None) -> tuple[SchemaNode, ...]:
        """The data nodes directly under ``parent`` (``None``: top level), schema order."""
        ysn = self._internal(parent)
        if ysn is None:
            return ()
        base = parent.path if parent else ()
        out = []
        for c in ysn.data_children():
            if isinstance(c, (InputNode, OutputNode)) or not isinstance(c, DataNode):
                continue
            ns = self._mod2ns.get(str(c.ns), "")
            out.append(self._view(c, (*base, (ns, str(c.name)))))
        return tuple(out)

    def node_at(self, path: Sequence[Step]) -> SchemaNode | None:
        """The data node at a path of ``(namespace, local)`` steps, or ``None``."""
        node: SchemaNode | None = None
        for ns, local in path:
            node = self.child(node, ns, local)
            if node is None:
                return None
        return node

    # ------------------------------------------------------------------ validation
    def validate(self, data: etree._Element) -> list[SchemaIssue]:
        """Check a complete configuration; ``[]`` when it is valid.

        ``data`` is any element (``<data>``, ``<config>``...) whose children are
        top-level YANG nodes. Checked: element names and namespaces, list keys,
        leaf types (range, length, pattern, enum), then, on a document that passed
        those, defaults, ``when``, ``mandatory``, choices, ``must``, leafrefs, key
        uniqueness and ``max-elements``. Never raises on bad data.
        """
        with self._lock:
            if self._gate is not None and self._gate.accepts_data(data):
                return []
            reader = XmlReader(self._dm.schema, self._ns2mod, self._prefixes, self._lookup,
                               edit=False)
            top = reader.read(data)
            if reader.issues:
                return reader.issues
            try:
                added = DefaultFiller(self._dm.schema, self._member, reader.ts).fill(top)
                root = RootNode(top, self._dm.schema, self._dm.schema_data, reader.ts)
                return SemanticChecker(self._member, self._prefixes, added).check(root)
            except _DATA_ERRORS as exc:
                return [SchemaIssue("/", "operation-failed", None,
                                    f"validation aborted: {type(exc).__name__}: {exc}")]

    def check_edit(self, config: etree._Element) -> list[SchemaIssue]:
        """Check an ``<edit-config>`` ``<config>`` the way ``yanglint -t edit`` does.

        The payload is partial: only names, namespaces, list keys, leaf values and
        ``nc:operation`` values are checked (no mandatory, must, when, leafref).
        A leaf with ``nc:operation="delete"``/``"remove"`` may be empty.
        """
        with self._lock:
            if self._gate is not None and self._gate.accepts_edit(config):
                return []
            reader = XmlReader(self._dm.schema, self._ns2mod, self._prefixes, self._lookup,
                               edit=True)
            try:
                reader.read(config)
            except _DATA_ERRORS as exc:
                reader.issues.append(SchemaIssue("/", "operation-failed", None,
                                                 f"check aborted: {type(exc).__name__}: {exc}"))
            return reader.issues

    # ------------------------------------------------------------------ internals
    def _lookup(self, sn: InternalNode, module: str, local: str) -> DataNode | None:
        key = (id(sn), module, local)
        try:
            return self._kids[key]
        except KeyError:
            pass
        found = sn.get_data_child(local, module)
        if isinstance(found, (InputNode, OutputNode)) or not isinstance(found, DataNode):
            found = None
        self._kids[key] = found
        return found

    def _member(self, sn: InternalNode, iname: str) -> DataNode | None:
        module, colon, local = iname.partition(":")
        if not colon:
            module, local = str(sn.ns), iname
        return self._lookup(sn, module, local)

    def _internal(self, parent: SchemaNode | None) -> InternalNode | None:
        if parent is None:
            return self._dm.schema
        cached = self._by_path.get(parent.path)
        if cached is not None:
            return cached
        node: InternalNode = self._dm.schema
        for ns, local in parent.path:
            module = self._ns2mod.get(ns)
            found = self._lookup(node, module, local) if module else None
            if not isinstance(found, InternalNode):
                return None
            node = found
        return node

    def _view(self, yn: DataNode, path: tuple[Step, ...]) -> SchemaNode:
        view = self._views.get(id(yn))
        if view is not None:
            return view
        view = _make_view(yn, path, self._mod2ns.get(str(yn.ns), ""))
        self._views[id(yn)] = view
        if isinstance(yn, InternalNode):
            self._by_path[path] = yn
        return view


def _kind(yn: YangsonNode) -> NodeKind:
    if isinstance(yn, ListNode):
        return "list"
    if isinstance(yn, LeafListNode):
        return "leaf-list"
    if isinstance(yn, LeafNode):
        return "leaf"
    if isinstance(yn, AnyContentNode):
        return "anydata"
    return "container"


def _make_view(yn: DataNode, path: tuple[Step, ...], namespace: str) -> SchemaNode:
    default: str | None = None
    type_name: str | None = None
    if isinstance(yn, LeafNode):
        type_name = yn.type.yang_type()
        if yn.default is not None:
            default = yn.type.canonical_string(yn.default)
    elif isinstance(yn, LeafListNode):
        type_name = yn.type.yang_type()
    return SchemaNode(
        kind=_kind(yn),
        name=str(yn.name),
        namespace=namespace,
        module=str(yn.ns),
        keys=tuple(str(k[0]) for k in yn.keys) if isinstance(yn, ListNode) else (),
        presence=isinstance(yn, ContainerNode) and yn.presence,
        config=yn.config,
        path=path,
        mandatory=bool(yn.mandatory),
        default=default,
        type=type_name,
    )


@functools.lru_cache(maxsize=16)
def _model_cached(folder: Path, stamp: tuple[tuple[str, int, int], ...],
                  implement: tuple[str, ...] | None,
                  ) -> tuple[ModuleSet, DataModel, threading.Lock]:
    del stamp  # part of the cache key only
    modules = scan_folder(folder)
    try:
        model = DataModel(modules.yang_library_json(implement), [str(folder)])
    except (YangsonException, LookupError, AttributeError, TypeError, ValueError) as exc:
        raise SchemaError(f"{folder}: yangson cannot build the data model: "
                          f"{type(exc).__name__}: {exc}") from exc
    return modules, model, threading.Lock()


@functools.lru_cache(maxsize=16)
def _load_cached(folder: Path, stamp: tuple[tuple[str, int, int], ...],
                 implement: tuple[str, ...] | None, backend: Backend) -> Schema:
    modules, model, lock = _model_cached(folder, stamp, implement)
    gate = None if backend == "yangson" else _gate(folder, modules, model, implement, backend)
    return Schema(folder, modules, model, gate=gate, lock=lock)


def _gate(folder: Path, modules: ModuleSet, model: DataModel,
          implement: tuple[str, ...] | None, backend: Backend) -> LibyangGate | None:
    """libyang over the same modules, or ``None`` (``auto`` without a usable libyang)."""
    names = [m.name for m in modules.modules if implement is None or m.name in implement]
    refs = default_refs(model.schema, {m.name: m.namespace for m in modules.modules})
    try:
        return LibyangGate(folder, names, refs)
    except Exception as exc:  # ImportError, libyang's errors: keep the yangson path
        if backend == "libyang":
            raise SchemaError(f"{folder}: the libyang backend is not usable: "
                              f"{type(exc).__name__}: {exc}") from exc
        log.debug("%s: libyang not used (%s: %s)", folder, type(exc).__name__, exc)
        return None
