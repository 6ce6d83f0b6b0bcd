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

from lxml import etree

from mlag_netconf.enums import EditOperation
from mlag_netconf.namespaces import NC as NC_NS
from mlag_netconf.namespaces import NC_OPERATION as _OP
from mlag_netconf.render.registry import FEATURES, Feature
from mlag_netconf.xmltree import pretty_text


def _child(parent: etree._Element, tag: str, ns: str) -> etree._Element:
    if etree.QName(parent).namespace == ns:
        return etree.SubElement(parent, tag)
    return etree.SubElement(parent, tag, nsmap={None: ns})  # type: ignore[dict-item]


class ConfigBuilder:
    """Accumulates features into one ``<config>`` element (insertion order kept)."""

    def __init__(self) -> None:
        self.root: etree._Element = etree.Element(
            f"{{{NC_NS}}}config", nsmap={None: NC_NS})  # type: ignore[dict-item]
        self.features: list[str] = []
        # (parent element id, tag, key value) -> element: finds list entries in O(1)
        self._index: dict[tuple[int, str, str | None], etree._Element] = {}

    def node(self, feature: str | Feature, *keys: str) -> etree._Element:
        """The element at ``feature``'s path, created if needed; ``keys`` fill list keys."""
        f = FEATURES[feature] if isinstance(feature, str) else feature
        if f.name not in self.features:
            self.features.append(f.name)
        values = list(keys)
        here = self.root
        for step in f.steps:
            tag = f"{{{step.namespace}}}{step.local}"
            key_value = values.pop(0) if step.key else None
            index = (id(here), tag, key_value)
            found = self._index.get(index)
            if found is None:
                found = _child(here, tag, step.namespace)
                if step.key is not None:
                    _child(found, f"{{{step.namespace}}}{step.key}",
                           step.namespace).text = key_value
                self._index[index] = found
            here = found
        if values:  # pragma: no cover - programming error
            raise ValueError(f"{f.name}: {len(values)} key value(s) too many")
        return here

    def set(self, feature: str, *keys: str, leaves: Mapping[str, str | None] | None = None,
            op: EditOperation | None = None) -> etree._Element:
        """Set ``leaves`` (``name: text``; ``None`` = an empty container) under a feature.

        ``op`` puts ``nc:operation`` on the feature's node.
        """
        f = FEATURES[feature]
        node = self.node(f, *keys)
        for name, text in (leaves or {}).items():
            ns, local = f.leaf(name)
            tag = f"{{{ns}}}{local}"
            leaf = node.find(tag)
            if leaf is None:
                leaf = _child(node, tag, ns)
            leaf.text = text
        if op is not None:
            node.set(_OP, op.value)
        return node

    def element(self) -> etree._Element:
        """The finished ``<config>`` (``nc`` prefix declared only where an operation is)."""
        if self.root.find(f".//*[@{{{NC_NS}}}operation]") is None:
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
