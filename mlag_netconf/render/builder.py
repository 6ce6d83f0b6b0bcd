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

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeAlias

from lxml import etree

from mlag_netconf.enums import EditOperation
from mlag_netconf.errors import ValueFormatError
from mlag_netconf.namespaces import NC as NC_NS
from mlag_netconf.render.registry import FEATURES, Feature
from mlag_netconf.xmltree import parse


class _Step(NamedTuple):
    """One element of a feature's path, its text worked out once: ``tag`` (Clark
    notation), the namespace it declares (``None`` when it is its parent's), its start
    ``head`` (``<name xmlns="…"``, unclosed), its end tag; for a list, its key leaf's
    ``(tag, start tag, end tag)`` and which of the feature's key values it takes (``-1``
    for a container); whether it is the feature's anchor."""

    tag: str
    declares: str | None
    tags: tuple[str, str]  # (head, end)
    key: tuple[str, str, str] | None
    key_index: int
    is_anchor: bool


@dataclass(frozen=True)
class _Plan:
    """A feature's path worked out once: its steps, the key values it takes, each leaf's
    ``(tag, start tag, end tag, empty element)``, and the anchor: the last list entry
    above the feature's node (``interface[name]`` for every interface feature), where a
    walk can start (with the steps ``after_anchor``) once that entry exists."""

    path: str
    steps: tuple[_Step, ...]
    keys: int
    leaves: dict[str, tuple[str, str, str, str]]
    anchor: tuple[str, int, int] | None  # (its path, keys it takes, its step index)

    @property
    def after_anchor(self) -> tuple[_Step, ...]:
        return self.steps[self.anchor[2] + 1:] if self.anchor else self.steps


def _head(local: str, namespace: str, parent_ns: str) -> tuple[str | None, str, str]:
    declares = None if namespace == parent_ns else namespace
    xmlns = f' xmlns="{namespace}"' if declares else ""
    return declares, f"<{local}{xmlns}", f"</{local}>"


def _plan(f: Feature) -> _Plan:
    parent_ns = NC_NS
    anchor = None
    keys = 0
    parts = f.path.strip("/").split("/")
    found: list[tuple[str, str | None, tuple[str, str], tuple[str, str, str] | None, int]] = []
    for i, step in enumerate(f.steps):
        declares, head, end = _head(step.local, step.namespace, parent_ns)
        key = None
        index = -1
        if step.key:
            key = (f"{{{step.namespace}}}{step.key}", f"<{step.key}>", f"</{step.key}>")
            index = keys
            keys += 1
            if i < len(f.steps) - 1:
                anchor = ("/" + "/".join(parts[:i + 1]), keys, i)
        found.append((f"{{{step.namespace}}}{step.local}", declares, (head, end), key, index))
        parent_ns = step.namespace
    steps = tuple(_Step(*s, anchor is not None and i == anchor[2])
                  for i, s in enumerate(found))
    leaves: dict[str, tuple[str, str, str, str]] = {}
    for name in f.leaves:
        ns, local = f.leaf(name)
        _, head, end = _head(local, ns, parent_ns)
        leaves[name] = (f"{{{ns}}}{local}", f"{head}>", end, f"{head}/>")
    return _Plan(f.path, steps, keys, leaves, anchor)


_PLANS: dict[str, _Plan] = {name: _plan(f) for name, f in FEATURES.items()}
_AFTER_ANCHOR = {name: plan.after_anchor for name, plan in _PLANS.items()}

# XML 1.0 ``Char``: anything else (NUL, control characters, surrogates, U+FFFE/FFFF)
# cannot be carried by a document at all
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


def _bad_text(feature: str, keys: tuple[str, ...], what: str, value: object) -> ValueFormatError:
    return ValueFormatError(f"{feature}{list(keys)}.{what}", "xml-text",
                            f"{value!r} has characters XML cannot carry")


_CARE = re.compile(f"[&<>\\r]|{_NOT_XML.pattern}")  # a character that needs a look


_care = _CARE.search


def _text(value: str, feature: str, keys: tuple[str, ...], what: str) -> str:
    """``value`` escaped as element text, or a typed error if XML cannot carry it."""
    if _care(value) is None:  # the usual case: nothing to escape
        return value
    if _NOT_XML.search(value):
        raise _bad_text(feature, keys, what, value)
    return value.translate(_ESCAPE)


# An element being built is a dict (one object: a payload has thousands, and each one
# the garbage collector tracks costs time): under ``None`` its start tag (unclosed, with
# its ``nc:operation`` if any) and end tag, worked out once per path step; then its
# children by identity — the tag of a container or a leaf, ``(tag, key value)`` of a
# list entry. A leaf is its finished text (``<mask>255.255.255.0</mask>``).
_Node: TypeAlias = dict[Any, Any]


def _write(node: _Node, indent: str, out: list[str]) -> None:
    """Append ``node``'s children as lines, two spaces deeper for every level (the
    layout of ``lxml.etree.indent``)."""
    deeper = indent + "  "
    for kid in node.values():
        kind = type(kid)
        if kind is str:
            out.append(indent + kid)
        elif kind is dict:
            head, end = kid[None]
            if len(kid) > 1:
                out.append(f"{indent}{head}>")
                _write(kid, deeper, out)
                out.append(indent + end)
            else:
                out.append(f"{indent}{head}/>")
        # else: the node's own (start, end) tags, under None


class ConfigBuilder:
    """Accumulates features into one ``<config>`` (insertion order kept), written as
    pretty XML text in one pass: the elements are plain lists until then, so a payload
    of thousands of interfaces costs little more than its text."""

    def __init__(self) -> None:
        self.root: _Node = {None: ("", "")}
        self.features: list[str] = []
        self._seen: set[str] = set()
        self._has_operation = False
        # path -> keys -> node of a feature or an anchor: repeated features skip the walk
        self._nodes: defaultdict[str, dict[tuple[str, ...], _Node]] = defaultdict(dict)

    def node(self, feature: str | Feature, *keys: str) -> _Node:
        """The element at ``feature``'s path, created if needed; ``keys`` fill list keys."""
        return self._node(feature if isinstance(feature, str) else feature.name, keys)

    def _node(self, name: str, keys: tuple[str, ...]) -> _Node:
        plan = _PLANS[name]
        if name not in self._seen:
            self._seen.add(name)
            self.features.append(name)
        nodes = self._nodes
        at_path = nodes[plan.path]
        here: _Node | None = at_path.get(keys)
        if here is not None:
            return here
        if len(keys) != plan.keys:  # pragma: no cover - programming error
            raise ValueError(f"{name}: key value(s) missing" if len(keys) < plan.keys else
                             f"{name}: {len(keys) - plan.keys} key value(s) too many")
        anchor = plan.anchor
        steps = plan.steps
        if anchor is not None:
            here = nodes[anchor[0]].get(keys[:anchor[1]])
            if here is not None:
                steps = _AFTER_ANCHOR[name]
        if here is None:
            here = self.root
        child: Any
        for tag, _, tags, key, k, is_anchor in steps:
            if key is None:
                child = here.get(tag)
                if child is None:
                    child = here[tag] = {None: tags}
            else:
                value = keys[k]
                ident = f"{tag}\n{value}"  # a tag has no line break: one text per entry
                child = here.get(ident)
                if child is None:
                    text = value if _care(value) is None else _text(value, name, keys, "key")
                    child = here[ident] = {None: tags, key[0]: f"{key[1]}{text}{key[2]}"}
                if is_anchor:
                    nodes[anchor[0]][keys[:anchor[1]]] = child  # type: ignore[index]
            if type(child) is str:  # pragma: no cover - registry clash
                raise ValueError(f"{name}: {tag} is a leaf elsewhere")
            here = child
        at_path[keys] = here
        return here

    def set(self, feature: str, *keys: str, leaves: Mapping[str, str | None] | None = None,
            op: EditOperation | None = None) -> None:
        """Set ``leaves`` (``name: text``; ``None`` = an empty container) under a feature;
        a leaf set again takes the new text in its place.

        ``op`` puts ``nc:operation`` on the feature's node.
        """
        node = self._node(feature, keys)
        if leaves:
            specs = _PLANS[feature].leaves
            kids = node
            for name, value in leaves.items():
                spec = specs.get(name)
                if spec is None:  # pragma: no cover - programming error
                    raise KeyError(f"{feature} has no leaf {name!r}")
                tag, start, end, empty = spec
                if value is None:
                    kids[tag] = empty
                elif _care(value) is None:  # nothing to escape (the check inlined: hot)
                    kids[tag] = f"{start}{value}{end}"
                else:
                    kids[tag] = f"{start}{_text(value, feature, keys, name)}{end}"
        if op is not None:
            head, end = node[None]  # a later operation replaces an earlier one
            head = head.split(" nc:operation=", 1)[0]
            node[None] = (f'{head} nc:operation="{op.value}"', end)
            self._has_operation = True

    def to_string(self) -> str:
        """The ``<config>`` as pretty XML text (two-space indent; the ``nc`` prefix
        declared on the root only when an operation uses it)."""
        nc = f' xmlns:nc="{NC_NS}"' if self._has_operation else ""
        out = [f'<config xmlns="{NC_NS}"{nc}>']
        _write(self.root, "\n  ", out)
        out.append("\n</config>")
        return "".join(out) if len(self.root) > 1 else f'<config xmlns="{NC_NS}"{nc}/>'

    def element(self) -> etree._Element:
        """The ``<config>`` as an element (parsed from :meth:`to_string`)."""
        return parse(self.to_string())
