"""Registry overrides: a device's own nodes for the gap features (``gap: model``).

The M-LAG addresses and ND ``prune`` have no node in the public vendor model; the library
renders them through its own module ``mlag-netconf-ext`` (``vendor_model=False`` in
:mod:`~mlag_netconf.render.registry`). A device that does not advertise that module but
models the commands itself gets them through a *registry override file*: a YAML file,
written (or drafted by ``mlag-netconf schemas find``) and reviewed by the user, that maps
each gap feature to the device's own node. The library never invents these names.

The file::

    # names: the device's modules the paths and leaves below use (prefix: name, namespace);
    # the project's prefixes (ifm, ip, ipv6-nd...; mlag_netconf.namespaces.MODULES) are
    # known without being listed
    modules:
      dev:
        name: <device module>
        namespace: <its namespace URI>
    features:
      interface.mlag-ipv4:            # a gap feature (mlag-netconf-ext today)
        path: /ifm:ifm/ifm:interfaces/ifm:interface[name]/dev:<container>/dev:<list>[<key>]
        keys: {<key>: ip}             # list keys the registry path lacks: a leaf of the
                                      # feature, or a key of the registry path (name)
        leaves: {ip: <leaf>, mask: <leaf>}    # every leaf of the feature -> device leaf
        presence: false               # the node at `path` is a presence container
      interface.mlag-ipv6: ...            # leaves ip, prefix-length
      interface.mlag-ipv6-link-local: ... # leaf link-local
      interface.nd-route-proxy-prune: ... # leaf route-proxy-prune

``path`` names the container or list entry that holds the feature's leaves, as the
registry's paths do (``prefix:name`` steps, ``[key]`` after a list). A list step of the
registry path it shares (same position, name and key) takes its key value from the
rendered payload. Leaves may carry a prefix (``dev:prune``), else they are in the
namespace of the path's last step. A file need not map every gap feature; a payload using
one it does not map is refused (:class:`OverrideError`, naming file and feature).

:meth:`RegistryOverride.apply` moves each gap feature's elements of a rendered
:class:`~mlag_netconf.render.Payload` to the device's path and names: a
:class:`DevicePayload`, whose ``modules``/``missing_modules`` name the device's modules.
:meth:`RegistryOverride.schema` lends the NETCONF layer's tree walks (read filter, diff,
removal) the kinds of the device's nodes (list, key, presence) that the project's own
YANG cannot know.

>>> override = RegistryOverride.from_dict({
...     "modules": {"dev": {"name": "example-device-module",
...                         "namespace": "urn:example:device"}},
...     "features": {"interface.mlag-ipv4": {
...         "path": "/ifm:ifm/ifm:interfaces/ifm:interface[name]/dev:mlag-ipv4",
...         "leaves": {"ip": "address", "mask": "mask"}}}}, "example.yaml")
>>> override.features["interface.mlag-ipv4"].modules
('example-device-module', 'huawei-ifm')
>>> from mlag_netconf.model import Device, vlanif
>>> from mlag_netconf.render import render_device
>>> p = override.apply(render_device(Device("A", interfaces=[vlanif(
...     100, ipv4="10.1.1.1/24", mlag_ipv4="10.1.1.2")])))
>>> p.modules
('example-device-module', 'huawei-ifm', 'huawei-ip', 'huawei-vlan')
>>> print(p.xml[p.xml.index("<mlag-ipv4"):p.xml.index("</mlag-ipv4>") + 12])
<mlag-ipv4 xmlns="urn:example:device">
          <address>10.1.1.2</address>
          <mask>255.255.255.0</mask>
        </mlag-ipv4>
>>> RegistryOverride.from_dict({"features": {"interface.mlag-ipv4": {
...     "path": "/ifm:ifm/x:y", "leaves": {}}}}, "example.yaml")
Traceback (most recent call last):
...
mlag_netconf.render.overrides.OverrideError: example.yaml: features.interface.mlag-ipv4.path: \
override-prefix: prefix 'x' is neither in 'modules' nor one of the project's (arp, bd, ...)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from mlag_netconf.errors import ValidationError
from mlag_netconf.namespaces import EXT, MODULES, NC_OPERATION, YangModule
from mlag_netconf.render.payload import Payload
from mlag_netconf.render.registry import FEATURES, Feature, Step
from mlag_netconf.schema import Schema, SchemaNode
from mlag_netconf.xmltree import Element, children, element_tag, make, qname, split_qname, text

if TYPE_CHECKING:
    from mlag_netconf.render.cliview import CliLine

__all__ = ["DeviceNode", "DevicePayload", "OverlaySchema", "OverrideError", "RegistryOverride",
           "feature_modules"]

_STEP = re.compile(r"([\w.-]+):([\w.-]+)(?:\[([\w.-]+)\])?")
_NAME = re.compile(r"(?:([\w.-]+):)?([A-Za-z_][\w.-]*)")
_TOP_KEYS = frozenset({"modules", "features", "description"})
_FEATURE_KEYS = frozenset({"path", "leaves", "keys", "presence", "description"})


class OverrideError(ValidationError):
    """A registry override file (or its use) is wrong: names the file and the field.

    ``str()`` reads ``FILE: FIELD: rule: message``; ``file`` and ``field`` hold the parts.
    """

    def __init__(self, file: str, field: str, rule: str, message: str) -> None:
        self.file = file
        self.field = field
        super().__init__(f"{file}: {field}" if field else file, rule, message)


@dataclass(frozen=True)
class DeviceNode:
    """Where one gap feature lives on the device: path, key sources, leaf names."""

    feature: str
    path: str
    steps: tuple[Step, ...]
    leaves: tuple[tuple[str, str, str], ...]
    """(the feature's leaf, device namespace, device local name), in the feature's order."""
    keys: tuple[tuple[str, str], ...] = ()
    """(key leaf of a device list step, the feature leaf or registry key giving its value)."""
    presence: bool = False
    modules: tuple[str, ...] = ()
    """The YANG modules the device's path and leaves need, sorted."""

    def source_of(self, key: str) -> str | None:
        return dict(self.keys).get(key)


@dataclass(frozen=True)
class RegistryOverride:
    """A loaded, checked registry override file (see the module documentation)."""

    source: str
    modules: tuple[YangModule, ...]
    features: Mapping[str, DeviceNode]

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, path: str | Path) -> RegistryOverride:
        """Read and check an override file; :class:`OverrideError` names file and field."""
        p = Path(path)
        try:
            body = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
            raise OverrideError(str(p), "", "override-file", f"cannot read: {reason}") from None
        try:
            data = yaml.safe_load(body)
        except yaml.YAMLError as e:
            raise OverrideError(str(p), "", "yaml-syntax",
                                " ".join(str(e).split())) from None
        return cls.from_dict(data, str(p))

    @classmethod
    def from_dict(cls, data: object, source: str = "<override>") -> RegistryOverride:
        """Check the parsed YAML of an override file (``source`` names it in errors)."""
        if not isinstance(data, Mapping):
            raise OverrideError(source, "", "override-shape",
                                "an override file is a mapping with 'modules' and 'features'")
        _no_unknown(source, "", data, _TOP_KEYS)
        own = _modules(source, data.get("modules") or {})
        prefixes = {**{p: m for p, m in MODULES.items() if p not in own}, **own}
        features = data.get("features")
        if not isinstance(features, Mapping) or not features:
            raise OverrideError(source, "features", "override-shape",
                                "'features' maps each gap feature to the device's node")
        nodes = {str(name): _node(source, str(name), spec, prefixes)
                 for name, spec in features.items()}
        _consistent(source, nodes.values())
        return cls(source, tuple(own.values()), nodes)

    # ------------------------------------------------------------------ use
    @property
    def module_names(self) -> tuple[str, ...]:
        """The modules the mapped features need on the device, sorted."""
        return tuple(sorted({m for n in self.features.values() for m in n.modules}))

    def apply(self, payload: Payload) -> DevicePayload:
        """``payload`` with each gap feature moved to the device's path and names.

        Pure: ``payload`` is not changed. Raises :class:`OverrideError` for a gap feature
        the payload uses and this file does not map.
        """
        if isinstance(payload, DevicePayload):
            return payload
        unmapped = [f for f in payload.gap_features if f not in self.features]
        if unmapped:
            raise OverrideError(
                self.source, f"features.{unmapped[0]}", "override-missing-feature",
                f"the payload of {payload.device} uses {', '.join(unmapped)} "
                f"({'; '.join(FEATURES[f].cli for f in unmapped)}) and this file maps no "
                f"device node for {'it' if len(unmapped) == 1 else 'them'}")
        root = payload.element()
        for name in payload.gap_features:
            _move(self, root, FEATURES[name], self.features[name])
        return DevicePayload.from_element(payload.device, root, payload.features,
                                          rendered=payload, override=self)

    def schema(self, base: Schema | None = None) -> Schema:
        """``base`` (the project's schema by default) that also knows the kinds of the
        device's nodes this file names (for the NETCONF layer's tree walks)."""
        return OverlaySchema(base or Schema.load(), self._schema_nodes())

    def _schema_nodes(self) -> dict[tuple[tuple[str, str], ...], SchemaNode]:
        module_of = {m.namespace: m.name for m in (*MODULES.values(), *self.modules)}
        out: dict[tuple[tuple[str, str], ...], SchemaNode] = {}
        for node in self.features.values():
            path: tuple[tuple[str, str], ...] = ()
            for i, step in enumerate(node.steps):
                path = (*path, (step.namespace, step.local))
                last = i == len(node.steps) - 1
                out.setdefault(path, SchemaNode(
                    "list" if step.key else "container", step.local, step.namespace,
                    module_of.get(step.namespace, ""), (step.key,) if step.key else (),
                    presence=last and node.presence, path=path))
                if step.key:
                    kp = (*path, (step.namespace, step.key))
                    out[kp] = SchemaNode("leaf", step.key, step.namespace,
                                         module_of.get(step.namespace, ""), path=kp)
            for _, ns, local in node.leaves:
                lp = (*path, (ns, local))
                out[lp] = SchemaNode("leaf", local, ns, module_of.get(ns, ""), path=lp)
        return out


@dataclass(frozen=True)
class DevicePayload(Payload):
    """A payload in the device's own names (from :meth:`RegistryOverride.apply`).

    ``modules`` and ``missing_modules`` name the device's modules for the mapped
    features; ``validate()`` and the CLI view work on the rendered payload (the project's
    YANG knows the intent's nodes, not the device's).
    """

    rendered: Payload | None = field(default=None, repr=False, compare=False)
    override: RegistryOverride | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_element(cls, device: str, element: Element, features: tuple[str, ...] = (),
                     *, rendered: Payload | None = None,
                     override: RegistryOverride | None = None) -> DevicePayload:
        from mlag_netconf.xmltree import pretty_text

        return cls(device, pretty_text(element), features, rendered, override)

    def feature_modules(self, feature: str) -> tuple[str, ...]:
        """The modules ``feature`` needs on this device."""
        if self.override is not None and feature in self.override.features:
            return self.override.features[feature].modules
        return FEATURES[feature].modules

    @property
    def modules(self) -> tuple[str, ...]:
        return tuple(sorted({m for f in self.features for m in self.feature_modules(f)}))

    def cli_lines(self) -> list[CliLine]:
        return self.rendered.cli_lines() if self.rendered is not None else super().cli_lines()

    def cli(self) -> str:
        return self.rendered.cli() if self.rendered is not None else super().cli()

    def validate(self, schema: Schema | None = None, *,
                 device_interfaces: Iterable[str] | None = None) -> DevicePayload:
        if self.rendered is not None:
            self.rendered.validate(schema, device_interfaces=device_interfaces)
        return self


def feature_modules(payload: Payload, feature: str) -> tuple[str, ...]:
    """The modules ``feature`` of ``payload`` needs on its device (override-aware)."""
    if isinstance(payload, DevicePayload):
        return payload.feature_modules(feature)
    return FEATURES[feature].modules


# --------------------------------------------------------------------------- checks
def _no_unknown(source: str, where: str, data: Mapping[Any, Any],
                allowed: frozenset[str]) -> None:
    bad = sorted(str(k) for k in data if str(k) not in allowed)
    if bad:
        at = f"{where}.{bad[0]}" if where else bad[0]
        raise OverrideError(source, at, "unknown-key", f"allowed: {', '.join(sorted(allowed))}")


def _modules(source: str, data: object) -> dict[str, YangModule]:
    if not isinstance(data, Mapping):
        raise OverrideError(source, "modules", "override-shape",
                            "'modules' maps a prefix to {name, namespace}")
    out: dict[str, YangModule] = {}
    for prefix, spec in data.items():
        where = f"modules.{prefix}"
        if not isinstance(prefix, str) or not re.fullmatch(r"[\w.-]+", prefix):
            raise OverrideError(source, where, "override-prefix", "a YANG prefix")
        if not isinstance(spec, Mapping):
            raise OverrideError(source, where, "override-shape", "a mapping {name, namespace}")
        _no_unknown(source, where, spec, frozenset({"name", "namespace", "revision"}))
        for key in ("name", "namespace"):
            if not isinstance(spec.get(key), str) or not spec[key].strip():
                raise OverrideError(source, f"{where}.{key}", "override-module",
                                    f"the module's {key} is required (text)")
        if spec["namespace"] == EXT:
            raise OverrideError(source, f"{where}.namespace", "override-module",
                                "that is the project's own gap module; an override names the "
                                "device's module instead")
        out[prefix] = YangModule(spec["name"].strip(), prefix, spec["namespace"].strip())
    return out


def _node(source: str, name: str, spec: object, prefixes: Mapping[str, YangModule]
          ) -> DeviceNode:
    where = f"features.{name}"
    feature = FEATURES.get(name)
    if feature is None or feature.vendor_model:
        gaps = ", ".join(f.name for f in FEATURES.values() if not f.vendor_model)
        raise OverrideError(source, where, "override-feature",
                            f"not a gap feature; the gap features are {gaps}")
    if not isinstance(spec, Mapping):
        raise OverrideError(source, where, "override-shape",
                            "a mapping with path, leaves (and keys, presence)")
    _no_unknown(source, where, spec, _FEATURE_KEYS)
    raw = spec.get("path")
    if not isinstance(raw, str) or not raw.startswith("/"):
        raise OverrideError(source, f"{where}.path", "override-path",
                            "an absolute path of prefix:name steps ('[key]' after a list)")
    steps: list[Step] = []
    used: set[str] = set()
    for part in raw.strip().strip("/").split("/"):
        m = _STEP.fullmatch(part)
        if m is None:
            raise OverrideError(source, f"{where}.path", "override-path",
                                f"bad step {part!r}: prefix:name or prefix:name[key]")
        module = _prefix(source, f"{where}.path", m.group(1), prefixes)
        used.add(module.name)
        steps.append(Step(module.namespace, m.group(2), m.group(3)))
    leaves = _leaves(source, where, feature, spec.get("leaves"), steps[-1], prefixes, used)
    keys = _keys(source, where, feature, spec.get("keys") or {}, steps)
    presence = spec.get("presence", False)
    if not isinstance(presence, bool):
        raise OverrideError(source, f"{where}.presence", "boolean",
                            f"expected true or false, not {presence!r}")
    return DeviceNode(name, raw.strip(), tuple(steps), leaves, keys, presence,
                      tuple(sorted(used)))


def _prefix(source: str, where: str, prefix: str, prefixes: Mapping[str, YangModule]
            ) -> YangModule:
    module = prefixes.get(prefix)
    if module is None:
        raise OverrideError(source, where, "override-prefix",
                            f"prefix {prefix!r} is neither in 'modules' nor one of the "
                            f"project's ({', '.join(sorted(MODULES)[:2])}, ...)")
    if module.namespace == EXT:
        raise OverrideError(source, where, "override-prefix",
                            f"{prefix!r} is the project's own gap module; an override names "
                            f"the device's nodes")
    return module


def _leaves(source: str, where: str, feature: Feature, data: object, last: Step,
            prefixes: Mapping[str, YangModule], used: set[str]
            ) -> tuple[tuple[str, str, str], ...]:
    wanted = [leaf.split(":")[-1] for leaf in feature.leaves]
    if not isinstance(data, Mapping):
        raise OverrideError(source, f"{where}.leaves", "override-shape",
                            f"maps each leaf of the feature ({', '.join(wanted)}) to the "
                            f"device's leaf name")
    given = {str(k).split(":")[-1]: v for k, v in data.items()}
    for k in given:
        if k not in wanted:
            raise OverrideError(source, f"{where}.leaves.{k}", "override-leaf",
                                f"{feature.name} has the leaves {', '.join(wanted)}")
    out = []
    for leaf in wanted:
        target = given.get(leaf)
        if not isinstance(target, str) or (m := _NAME.fullmatch(target.strip())) is None:
            raise OverrideError(source, f"{where}.leaves.{leaf}", "override-leaf",
                                "the device's leaf name ([prefix:]name) is required")
        ns = last.namespace
        if m.group(1):
            module = _prefix(source, f"{where}.leaves.{leaf}", m.group(1), prefixes)
            used.add(module.name)
            ns = module.namespace
        out.append((leaf, ns, m.group(2)))
    return tuple(out)


def _keys(source: str, where: str, feature: Feature, data: object, steps: list[Step]
          ) -> tuple[tuple[str, str], ...]:
    if not isinstance(data, Mapping):
        raise OverrideError(source, f"{where}.keys", "override-shape",
                            "maps a list key of the path to a leaf of the feature or a key "
                            "of the registry path")
    sources = [leaf.split(":")[-1] for leaf in feature.leaves] + \
              [s.key for s in feature.steps if s.key]
    path_keys = {s.key for s in steps if s.key}
    out: dict[str, str] = {}
    for key, value in data.items():
        if str(key) not in path_keys:
            raise OverrideError(source, f"{where}.keys.{key}", "override-key",
                                f"the path has no list keyed by {key!r}")
        if value not in sources:
            raise OverrideError(source, f"{where}.keys.{key}", "override-key",
                                f"the value comes from one of {', '.join(sources)}")
        out[str(key)] = str(value)
    for i, step in enumerate(steps):
        if step.key and step.key not in out and not _shared(feature, steps, i):
            raise OverrideError(source, f"{where}.keys.{step.key}", "override-key",
                                f"say where the value of the list key {step.key!r} comes "
                                f"from: one of {', '.join(sources)}")
    return tuple(out.items())


def _shared(feature: Feature, steps: list[Step], i: int) -> bool:
    """True when the device path up to step ``i`` is the registry path's (so the key
    value of step ``i`` comes from the rendered payload)."""
    return i < len(feature.steps) and tuple(steps[:i + 1]) == feature.steps[:i + 1]


def _consistent(source: str, nodes: Iterable[DeviceNode]) -> None:
    """A step shared by two features must be the same kind of node in both."""
    seen: dict[tuple[tuple[str, str], ...], tuple[str | None, str]] = {}
    for node in nodes:
        path: tuple[tuple[str, str], ...] = ()
        for step in node.steps:
            path = (*path, (step.namespace, step.local))
            before = seen.setdefault(path, (step.key, node.feature))
            if before[0] != step.key:
                raise OverrideError(source, f"features.{node.feature}.path", "override-path",
                                    f"step {step.local!r} has the key {step.key!r} here and "
                                    f"{before[0]!r} in features.{before[1]}.path")


# --------------------------------------------------------------------------- transform
def _found(root: Element, steps: tuple[Step, ...]
           ) -> Iterator[tuple[Element, dict[int, str], dict[str, str]]]:
    """Each element at ``steps`` under ``root`` with its ancestors' key values (by step
    index and by key name)."""
    level: list[tuple[Element, dict[int, str], dict[str, str]]] = [(root, {}, {})]
    for i, step in enumerate(steps):
        tag = qname(step.namespace, step.local)
        nxt = []
        for parent, by_index, by_name in level:
            for node in parent.iterchildren(tag):
                if step.key:
                    key = node.find(qname(step.namespace, step.key))
                    value = text(key) if key is not None else ""
                    nxt.append((node, {**by_index, i: value}, {**by_name, step.key: value}))
                else:
                    nxt.append((node, by_index, by_name))
        level = nxt
    yield from level


def _move(override: RegistryOverride, root: Element, feature: Feature, node: DeviceNode
          ) -> None:
    for holder, by_index, by_name in list(_found(root, feature.steps)):
        values: dict[str, str] = {}
        ops: dict[str, str] = {}
        for leaf in feature.leaves:
            ns, local = feature.leaf(leaf)
            found = holder.find(qname(ns, local))
            if found is None:
                continue
            values[local] = text(found)
            if found.get(NC_OPERATION):
                ops[local] = str(found.get(NC_OPERATION))
            holder.remove(found)
        operation = holder.get(NC_OPERATION) if split_qname(element_tag(holder))[0] == EXT \
            else None
        if split_qname(element_tag(holder))[0] == EXT and not any(True for _ in
                                                                    children(holder)):
            parent = holder.getparent()
            if parent is not None:
                parent.remove(holder)
        if not values and operation is None:
            continue
        target = _place(override, root, node, values, by_index, by_name)
        if operation is not None:
            target.set(NC_OPERATION, operation)
        last = node.steps[-1]
        for leaf, ns, local in node.leaves:
            if leaf not in values or (last.key == local and ns == last.namespace):
                continue
            made = make(target, qname(ns, local), values[leaf])
            if leaf in ops:
                made.set(NC_OPERATION, ops[leaf])


def _place(override: RegistryOverride, root: Element, node: DeviceNode,
           values: Mapping[str, str], by_index: Mapping[int, str], by_name: Mapping[str, str]
           ) -> Element:
    """Find or make the element at the device path for these key values."""
    current = root
    for i, step in enumerate(node.steps):
        tag = qname(step.namespace, step.local)
        value: str | None = None
        if step.key:
            src = node.source_of(step.key)
            value = by_index.get(i) if src is None else values.get(src, by_name.get(src))
            if value is None:
                raise OverrideError(override.source, f"features.{node.feature}.keys.{step.key}",
                                    "override-key",
                                    f"no value for the list key {step.key!r} in this payload")
        match = next((c for c in current.iterchildren(tag)
                      if value is None or _key_text(c, step) == value), None)
        if match is None:
            match = make(current, tag)
            if step.key and value is not None:
                make(match, qname(step.namespace, step.key), value)
        current = match
    return current


def _key_text(entry: Element, step: Step) -> str | None:
    key = entry.find(qname(step.namespace, step.key or ""))
    return text(key) if key is not None else None


# --------------------------------------------------------------------------- schema overlay
class OverlaySchema(Schema):
    """The project's schema, plus the kinds of the device nodes an override names.

    Lookups go to ``base`` first; a node it does not know (in the device's own module) is
    answered from the override. Shares ``base``'s compiled model and caches (no reload).
    """

    def __init__(self, base: Schema,
                 nodes: Mapping[tuple[tuple[str, str], ...], SchemaNode]) -> None:
        self.__dict__.update(base.__dict__)  # the same compiled model, not a new one
        self._base = base
        self._extra = dict(nodes)

    def child(self, parent: SchemaNode | None, namespace: str, local: str
              ) -> SchemaNode | None:
        found = self._base.child(parent, namespace, local)
        if found is not None:
            return found
        return self._extra.get((*(parent.path if parent is not None else ()),
                                (namespace, local)))
