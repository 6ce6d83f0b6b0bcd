"""The simulator's view of a :class:`mlag_netconf.schema.Schema`.

:class:`SimSchema` adds what a server walks trees with: child lookups cached by schema
path, namespace prefixes for error paths, schema nodes of data elements; and the
revisions a device reports for its modules when they differ from the files' own
(:meth:`SimSchema.reporting`: monitoring and ``<get-schema>`` follow them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from mlag_netconf.schema import ModuleInfo, Schema, SchemaIssue, SchemaNode
from mlag_netconf.sim.protocol.tree import data_ancestry
from mlag_netconf.xmltree import Element, split_qname

__all__ = ["SNode", "SchemaIssue", "SimSchema"]

SchemaPath = tuple[tuple[str, str], ...]


@dataclass(frozen=True, eq=False)
class SNode:
    """A schema node with the path it was reached by."""

    node: SchemaNode
    path: SchemaPath

    @property
    def kind(self) -> str:
        return self.node.kind

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(self.node.keys)

    @property
    def is_leafy(self) -> bool:
        return self.node.is_leaf

    @property
    def namespace(self) -> str:
        return self.node.namespace

    @property
    def name(self) -> str:
        return self.node.name


class SimSchema:
    """Caching front of a :class:`~mlag_netconf.schema.Schema`."""

    def __init__(self, schema: Schema, reported: Mapping[str, str] | None = None) -> None:
        self.upstream = schema
        #: module name -> the revision the device reports instead of the file's
        self.reported: dict[str, str] = dict(reported or {})
        self._children: dict[tuple[SchemaPath, str, str], SNode | None] = {}
        self._when: dict[SchemaPath, bool] = {}
        self.prefixes: dict[str, str] = {m.namespace: m.prefix for m in schema.modules}
        #: prefix -> namespace, to declare the prefixes of error paths
        self.namespaces: dict[str, str] = {m.prefix: m.namespace for m in schema.modules}

    @classmethod
    def load(cls, folder: Path | str | None = None) -> SimSchema:
        """The project's schema (``yang/`` by default) or the modules of ``folder``."""
        return cls(Schema.load(folder))

    def reporting(self, revisions: Mapping[str, str]) -> SimSchema:
        """The same modules, reported with ``revisions`` (module name -> revision)."""
        return SimSchema(self.upstream, revisions) if revisions else self

    def revision_of(self, module: ModuleInfo) -> str | None:
        """The revision the device reports for ``module``."""
        return self.reported.get(module.name, module.revision)

    @property
    def modules(self) -> tuple[ModuleInfo, ...]:
        return self.upstream.modules

    @property
    def submodules(self) -> tuple[ModuleInfo, ...]:
        return self.upstream.submodules

    def child(self, parent: SNode | None, namespace: str, local: str) -> SNode | None:
        """The data child ``{namespace}local`` of ``parent`` (None: the top level)."""
        ppath: SchemaPath = parent.path if parent else ()
        key = (ppath, namespace, local)
        if key not in self._children:
            found = self.upstream.child(parent.node if parent else None, namespace, local)
            self._children[key] = None if found is None else SNode(
                found, (*ppath, (namespace, local)))
        return self._children[key]

    def child_of(self, parent: SNode | None, element: Element) -> SNode | None:
        namespace, local = split_qname(str(element.tag))
        return self.child(parent, namespace, local)

    def children(self, parent: SNode | None) -> list[SNode]:
        """The data children of ``parent`` in schema order."""
        ppath: SchemaPath = parent.path if parent else ()
        return [SNode(n, (*ppath, (n.namespace, n.name)))
                for n in self.upstream.children(parent.node if parent else None)]

    def node_of(self, element: Element) -> SNode | None:
        """The schema node of a data element inside a ``<data>``/``<config>`` tree."""
        snode: SNode | None = None
        for node in data_ancestry(element):
            snode = self.child_of(snode, node)
            if snode is None:
                return None
        return snode

    def keys_of(self, element: Element) -> tuple[str, ...]:
        """List keys of a data element, or ``()``."""
        snode = self.node_of(element)
        return snode.keys if snode else ()

    def has_when(self, snode: SNode) -> bool:
        """True when a ``when`` guards the node itself (yangson's view of it)."""
        if snode.path not in self._when:
            modules = {m.namespace: m.name for m in self.modules}
            steps, previous = [], ""
            for namespace, local in snode.path:
                module = modules.get(namespace, "")
                steps.append(local if module == previous else f"{module}:{local}")
                previous = module
            node = self.upstream.data_model.get_data_node("/" + "/".join(steps))
            self._when[snode.path] = getattr(node, "when", None) is not None
        return self._when[snode.path]

    def prefixed(self, namespace: str, local: str) -> str:
        prefix = self.prefixes.get(namespace)
        return f"{prefix}:{local}" if prefix else local

    def validate(self, data: Element) -> list[SchemaIssue]:
        return self.upstream.validate(data)

    def check_edit(self, config: Element) -> list[SchemaIssue]:
        return self.upstream.check_edit(config)

    def module_text(self, name: str, revision: str | None = None) -> str:
        """The text of a module; a reported revision names the file's text."""
        if revision is not None and self.reported.get(name) == revision:
            revision = None
        return self.upstream.module_text(name, revision)
