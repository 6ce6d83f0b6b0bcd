"""Build an edit-config ``<config>`` element from registry features, with lxml.

Values are always set as element text (lxml escapes them); list entries are merged on
their key, so emitting the same interface twice yields one ``<interface>``.

>>> b = ConfigBuilder()
>>> _ = b.set("interface.ipv4", "Vlanif100", "10.1.1.1",
...           leaves={"mask": "255.255.255.0", "type": "main"})
>>> _ = b.set("interface.mac", "Vlanif100", leaves={"mac-address": "0000-5e00-0101"})
>>> print(b.to_string())  # doctest: +NORMALIZE_WHITESPACE
<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">
  <ifm xmlns="urn:huawei:yang:huawei-ifm">
    <interfaces>
      <interface>
        <name>Vlanif100</name>
        <ipv4 xmlns="urn:huawei:yang:huawei-ip">
          <addresses>
            <address>
              <ip>10.1.1.1</ip>
              <mask>255.255.255.0</mask>
              <type>main</type>
            </address>
          </addresses>
        </ipv4>
        <mac-address>0000-5e00-0101</mac-address>
      </interface>
    </interfaces>
  </ifm>
</config>
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from lxml import etree

from mlag_netconf.enums import EditOperation
from mlag_netconf.errors import ValueFormatError
from mlag_netconf.namespaces import NC as NC_NS
from mlag_netconf.namespaces import NC_OPERATION as _OP
from mlag_netconf.render.registry import FEATURES, Feature
from mlag_netconf.xmltree import pretty_text

_NsMap = dict[str | None, str]


@dataclass(frozen=True)
class _Plan:
    """A feature's path worked out once: each step's tag, key tag and whether it declares
    its namespace (it differs from its parent's), each leaf's tag and declaration, and the
    anchor: the last list entry above the feature's node (``interface[name]`` for every
    interface feature), where a walk can start once that entry exists."""

    path: str
    steps: tuple[tuple[str, str | None, _NsMap | None], ...]
    leaves: dict[str, tuple[str, _NsMap | None]]
    anchor: tuple[str, int, int] | None  # (its path, keys it takes, its step index)


def _plan(f: Feature) -> _Plan:
    steps: list[tuple[str, str | None, _NsMap | None]] = []
    parent_ns = NC_NS
    anchor = None
    keys = 0
    parts = f.path.strip("/").split("/")
    for i, step in enumerate(f.steps):
        tag = f"{{{step.namespace}}}{step.local}"
        key = f"{{{step.namespace}}}{step.key}" if step.key else None
        nsmap: _NsMap | None = None if step.namespace == parent_ns else {None: step.namespace}
        steps.append((tag, key, nsmap))
        parent_ns = step.namespace
        if key is not None:
            keys += 1
            if i < len(f.steps) - 1:
                anchor = ("/" + "/".join(parts[:i + 1]), keys, i)
    leaves: dict[str, tuple[str, _NsMap | None]] = {}
    for name in f.leaves:
        ns, local = f.leaf(name)
        leaf_nsmap: _NsMap | None = None if ns == parent_ns else {None: ns}
        leaves[name] = (f"{{{ns}}}{local}", leaf_nsmap)
    return _Plan(f.path, tuple(steps), leaves, anchor)


_PLANS: dict[str, _Plan] = {name: _plan(f) for name, f in FEATURES.items()}


def _bad_text(feature: str, keys: tuple[str, ...], what: str, value: object) -> ValueFormatError:
    return ValueFormatError(f"{feature}{list(keys)}.{what}", "xml-text",
                            f"{value!r} has characters XML cannot carry")


class ConfigBuilder:
    """Accumulates features into one ``<config>`` element (insertion order kept)."""

    def __init__(self) -> None:
        self.root: etree._Element = etree.Element(
            f"{{{NC_NS}}}config", nsmap={None: NC_NS})  # type: ignore[dict-item]
        self.features: list[str] = []
        self._seen: set[str] = set()
        self._has_operation = False
        # (parent element id, tag, key value) -> element: finds list entries in O(1)
        self._index: dict[tuple[int, str, str | None], etree._Element] = {}
        # (path, keys) -> node of a feature or an anchor: repeated features skip the walk
        self._nodes: dict[tuple[str, tuple[str, ...]], etree._Element] = {}

    def node(self, feature: str | Feature, *keys: str) -> etree._Element:
        """The element at ``feature``'s path, created if needed; ``keys`` fill list keys."""
        return self._node(feature if isinstance(feature, str) else feature.name, keys)[0]

    def _node(self, name: str, keys: tuple[str, ...]) -> tuple[etree._Element, bool]:
        """The node and whether this call created it."""
        plan = _PLANS[name]
        if name not in self._seen:
            self._seen.add(name)
            self.features.append(name)
        found = self._nodes.get((plan.path, keys))
        if found is not None:
            return found, False
        here, i, first = self.root, 0, 0
        anchor = plan.anchor
        if anchor is not None:
            cached = self._nodes.get((anchor[0], keys[:anchor[1]]))
            if cached is not None:
                here, i, first = cached, anchor[1], anchor[2] + 1
        created = False
        steps = plan.steps
        for n in range(first, len(steps)):
            tag, key_tag, nsmap = steps[n]
            key_value = None
            if key_tag is not None:
                if i >= len(keys):  # pragma: no cover - programming error
                    raise ValueError(f"{name}: key value(s) missing")
                key_value = keys[i]
                i += 1
            index = (id(here), tag, key_value)
            child = self._index.get(index)
            if child is None:
                child = etree.SubElement(here, tag, nsmap=nsmap)  # type: ignore[arg-type]
                created = True
                if key_tag is not None:
                    try:
                        etree.SubElement(child, key_tag).text = key_value
                    except ValueError:  # lxml refuses control characters and NUL
                        raise _bad_text(name, keys, "key", key_value) from None
                self._index[index] = child
            if anchor is not None and n == anchor[2]:
                self._nodes[(anchor[0], keys[:anchor[1]])] = child
            here = child
        if i != len(keys):  # pragma: no cover - programming error
            raise ValueError(f"{name}: {len(keys) - i} key value(s) too many")
        self._nodes[(plan.path, keys)] = here
        return here, created

    def set(self, feature: str, *keys: str, leaves: Mapping[str, str | None] | None = None,
            op: EditOperation | None = None) -> etree._Element:
        """Set ``leaves`` (``name: text``; ``None`` = an empty container) under a feature.

        ``op`` puts ``nc:operation`` on the feature's node.
        """
        node, created = self._node(feature, keys)
        if leaves:
            specs = _PLANS[feature].leaves
            for name, value in leaves.items():
                if name not in specs:  # pragma: no cover - programming error
                    raise KeyError(f"{feature} has no leaf {name!r}")
                tag, nsmap = specs[name]
                leaf = None if created else node.find(tag)
                if leaf is None:
                    leaf = etree.SubElement(node, tag, nsmap=nsmap)  # type: ignore[arg-type]
                try:
                    leaf.text = value
                except ValueError:  # lxml refuses control characters and NUL
                    raise _bad_text(feature, keys, name, value) from None
        if op is not None:
            node.set(_OP, op.value)
            self._has_operation = True
        return node

    def element(self) -> etree._Element:
        """The finished ``<config>`` (``nc`` prefix declared only where an operation is)."""
        if not self._has_operation or "nc" in self.root.nsmap:
            return self.root
        out = etree.Element(f"{{{NC_NS}}}config",
                            nsmap={None: NC_NS, "nc": NC_NS})  # type: ignore[dict-item]
        out.extend(self.root.iterchildren())
        old = id(self.root)
        self._index = {((id(out) if k[0] == old else k[0]), k[1], k[2]): v
                       for k, v in self._index.items()}
        self.root = out
        return out

    def to_string(self) -> str:
        return pretty_text(self.element())
