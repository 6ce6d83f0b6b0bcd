"""The CLI view of a payload: the configuration in the seed documents' command syntax.

It is read back from the payload XML itself (so it shows exactly what will be sent): each
element is matched against the feature paths of :mod:`~mlag_netconf.render.registry`, and
each feature found becomes its command in the view the seed types it in (``interface
Vlanif100``, ``bgp 65001``, ``ipv4-family unicast``), closed by ``quit``. Every line
names the features it stands for; an element no feature covers is an error, never
silently left out.

>>> from mlag_netconf.model import Device, vlanif
>>> from mlag_netconf.render import render_device
>>> p = render_device(Device("A", interfaces=[vlanif(100, ipv4="10.1.1.1/24",
...                                                 mlag_ipv4="10.1.1.2")]))
>>> print(cli_text(p.element()))
vlan 100
quit
interface Vlanif100
 ip address 10.1.1.1 255.255.255.0
 m-lag ip address 10.1.1.2 255.255.255.0
quit
>>> [line.features for line in cli_lines(p.element())][4]
('interface.mlag-ipv4',)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from lxml import etree

from mlag_netconf.enums import EditOperation
from mlag_netconf.errors import PayloadInvalid
from mlag_netconf.namespaces import NC_OPERATION, PUBLIC_INSTANCE
from mlag_netconf.render.registry import FEATURES, Feature
from mlag_netconf.xmltree import children, split_qname, text

__all__ = ["CliLine", "Occurrence", "cli_lines", "cli_text", "occurrences"]

_Name = tuple[str, str]  # (namespace, local)
_Path = tuple[_Name, ...]


@dataclass(frozen=True)
class CliLine:
    """One command line: its indentation depth, the command, and the features it shows."""

    depth: int
    command: str
    features: tuple[str, ...]

    def __str__(self) -> str:
        return " " * self.depth + self.command


@dataclass(frozen=True)
class Occurrence:
    """One feature found in a payload: its list keys, its leaves and the operation.

    ``siblings`` holds the leaves of every feature at the same node (some commands, such
    as ``ipv6 nd proxy route enable prune``, join two features into one line).
    """

    feature: str
    keys: tuple[str, ...]
    leaves: Mapping[str, str]
    operation: str | None = None
    siblings: Mapping[str, str] = field(default_factory=dict)


# --------------------------------------------------------------------------- XML -> features
def _index() -> tuple[dict[_Path, tuple[Feature, ...]], dict[_Path, _Name], set[_Path]]:
    at: dict[_Path, list[Feature]] = {}
    keys: dict[_Path, _Name] = {}
    prefixes: set[_Path] = set()
    for f in FEATURES.values():
        path: _Path = ()
        for step in f.steps:
            path = (*path, (step.namespace, step.local))
            prefixes.add(path)
            if step.key is not None:
                keys[path] = (step.namespace, step.key)
        at.setdefault(path, []).append(f)
    return {p: tuple(fs) for p, fs in at.items()}, keys, prefixes


_AT, _KEYS, _PREFIXES = _index()


def _where(path: _Path, keys: tuple[str, ...]) -> str:
    return "/" + "/".join(local for _, local in path) + (f" {list(keys)}" if keys else "")


def occurrences(config: etree._Element) -> Iterator[Occurrence]:
    """Every feature in a ``<config>`` element, in document order.

    Raises :class:`~mlag_netconf.errors.PayloadInvalid` for an element that no feature
    of the registry covers.
    """
    for top in children(config):
        yield from _walk(top, (), ())


def _walk(el: etree._Element, parent: _Path, keys: tuple[str, ...]) -> Iterator[Occurrence]:
    path = (*parent, split_qname(str(el.tag)))
    if path not in _PREFIXES:
        raise PayloadInvalid(_where(path, keys), "cli-view-unknown-node",
                             "no feature of the registry has this node")
    kids = [(split_qname(str(c.tag)), c) for c in children(el)]
    found = dict(reversed(kids))  # the first element of each name
    used: set[_Name] = set()
    if (key := _KEYS.get(path)) is not None:
        used.add(key)
        keys = (*keys, text(found[key]) if key in found else "")
    features = _AT.get(path, ())
    per_feature: list[tuple[Feature, dict[str, str]]] = []
    siblings: dict[str, str] = {}
    for f in features:
        leaves = {}
        for name in f.leaves:
            qn = f.leaf(name)
            if qn in found:
                leaves[name] = text(found[qn])
                used.add(qn)
        siblings.update(leaves)
        per_feature.append((f, leaves))
    operation = el.get(NC_OPERATION)
    applied = [(f, leaves) for f, leaves in per_feature if leaves or not f.leaves]
    if not applied and key is not None and per_feature:
        applied = per_feature[:1]  # a bare list entry is its node's first feature
    for f, leaves in applied:
        yield Occurrence(f.name, keys, leaves, operation, siblings)
    for qn, child in kids:
        if qn not in used:
            yield from _walk(child, path, keys)


# --------------------------------------------------------------------------- features -> CLI
_BGP_VIEW = "bgp"  # resolved to ``bgp <as>`` from the ``bgp`` feature
_FAMILY_VIEW = {"ipv4uni": "ipv4-family unicast", "ipv6uni": "ipv6-family unicast",
                "ipv4vpn": "ipv4-family vpnv4"}
_VIEW_RANK = {opener: rank for rank, opener in enumerate(_FAMILY_VIEW.values())}
_GROUP_TYPE = {"ebgp": "external", "ibgp": "internal"}

_View = tuple[str, ...]
_Command = tuple[_View, str | None]  # a command (None: the feature owns the view itself)
_Formatter = Callable[[Occurrence], list[_Command]]


def _family_view(o: Occurrence) -> _View:
    _bgp_view(o)
    af = o.keys[-1]
    if af not in _FAMILY_VIEW:
        raise PayloadInvalid(f"{o.feature} {list(o.keys)}", "cli-view-family",
                             f"no CLI view for address family {af!r}")
    return (_BGP_VIEW, _FAMILY_VIEW[af])


def _bgp_view(o: Occurrence) -> _View:
    if o.keys[0] != PUBLIC_INSTANCE:
        raise PayloadInvalid(f"{o.feature} {list(o.keys)}", "cli-view-instance",
                             f"only the {PUBLIC_INSTANCE} instance has a CLI view here")
    return (_BGP_VIEW,)


def _interface(o: Occurrence) -> _View:
    return (f"interface {o.keys[0]}",)


def _enable(value: str, command: str) -> str:
    return command if value in ("true", "on") else f"undo {command}"


def _ipv4(o: Occurrence) -> list[_Command]:
    sub = " sub" if o.leaves.get("type") == "sub" else ""
    return [(_interface(o), f"ip address {o.keys[1]} {o.leaves.get('mask', '')}{sub}")]


def _ipv6_address(o: Occurrence) -> list[_Command]:
    ip, kind = o.keys[1], o.leaves.get("type")
    if kind == "link-local":
        return [(_interface(o), f"ipv6 address {ip} link-local")]
    tail = " anycast" if kind == "anycast" else ""
    return [(_interface(o), f"ipv6 address {ip}/{o.leaves.get('prefix-length', '')}{tail}")]


def _nd_route_proxy(o: Occurrence) -> list[_Command]:
    # one command for both features: ``prune`` is a keyword of the same command
    prune = o.siblings.get("mnx:route-proxy-prune") == "true"
    return [(_interface(o), _enable(o.siblings.get("route-proxy", "on"),
                                    "ipv6 nd proxy route enable" + (" prune" if prune else "")))]


def _connect(who: str, leaves: Mapping[str, str]) -> list[str]:
    out = []
    where = " ".join(leaves[k] for k in ("local-if-name", "local-if-address") if k in leaves)
    if where:
        out.append(f"peer {who} connect-interface {where}")
    if "ebgp-max-hop" in leaves:
        out.append(f"peer {who} ebgp-max-hop {leaves['ebgp-max-hop']}")
    return out


def _peer(o: Occurrence) -> list[_Command]:
    who, leaves = o.keys[1], o.leaves
    lines = []
    if "remote-as" in leaves:
        lines.append(f"peer {who} as-number {leaves['remote-as']}")
    if "group-name" in leaves:
        lines.append(f"peer {who} group {leaves['group-name']}")
    return [(_bgp_view(o), line) for line in lines + _connect(who, leaves)]


def _peer_group(o: Occurrence) -> list[_Command]:
    name, leaves = o.keys[1], o.leaves
    kind = leaves.get("type", "")
    lines = [f"group {name} {_GROUP_TYPE.get(kind, kind)}".rstrip()]
    if "group-as" in leaves:
        lines.append(f"peer {name} as-number {leaves['group-as']}")
    return [(_bgp_view(o), line) for line in lines + _connect(name, leaves)]


def _peer_enable(o: Occurrence) -> list[_Command]:
    return [(_family_view(o), f"peer {o.keys[1]} enable")]


FORMATTERS: dict[str, _Formatter] = {
    "vlan": lambda o: [((f"vlan {o.keys[0]}",), None)],
    "bd": lambda o: [((f"bridge-domain {o.keys[0]}",), None)],
    "bd.vni": lambda o: [((f"bridge-domain {o.keys[0]}",), f"vxlan vni {o.keys[1]}")],
    "interface": lambda o: [(_interface(o), None)],
    "interface.mac": lambda o: [(_interface(o), f"mac-address {o.leaves['mac-address']}")],
    "interface.ipv4": _ipv4,
    "interface.mlag-ipv4": lambda o: [(_interface(o), "m-lag ip address "
                                       f"{o.leaves.get('ip', '')} {o.leaves.get('mask', '')}")],
    "interface.arp-route-proxy": lambda o: [(_interface(o), _enable(
        o.leaves["route-proxy-enable"], "arp proxy enable"))],
    "interface.arp-local-proxy": lambda o: [(_interface(o), _enable(
        o.leaves["local-proxy-enable"], "arp-proxy local enable"))],
    "interface.ipv6": lambda o: [(_interface(o), "ipv6 enable")],
    "interface.ipv6-address": _ipv6_address,
    "interface.nd-na-glean": lambda o: [(_interface(o), _enable(
        o.leaves["na-glean"], "ipv6 nd na glean"))],
    "interface.nd-route-proxy": _nd_route_proxy,
    "interface.nd-route-proxy-prune": _nd_route_proxy,
    "interface.mlag-ipv6": lambda o: [(_interface(o), "m-lag ipv6 address "
                                       f"{o.leaves.get('ip', '')}/"
                                       f"{o.leaves.get('prefix-length', '')}")],
    "interface.mlag-ipv6-link-local": lambda o: [(_interface(o), "m-lag ipv6 address "
                                                  f"{o.leaves['link-local']} link-local")],
    "bgp": lambda o: [((_BGP_VIEW,), None)],
    "bgp.router-id": lambda o: [(_bgp_view(o), f"router-id {o.leaves['router-id']}")],
    "bgp.family": lambda o: [(_family_view(o), None)],
    "bgp.peer": _peer,
    "bgp.peer-family": _peer_enable,
    "bgp.peer-group": _peer_group,
    "bgp.peer-group-family": _peer_enable,
}
"""Feature name → its commands (a test checks every registry feature has one)."""

_UNDO_OPERATIONS = {EditOperation.REMOVE.value, EditOperation.DELETE.value}


@dataclass
class _ViewNode:
    opener: str
    owners: list[str] = field(default_factory=list)
    commands: dict[str, list[str]] = field(default_factory=dict)  # command -> features
    views: dict[str, _ViewNode] = field(default_factory=dict)


def _tree(config: etree._Element) -> tuple[_ViewNode, str | None]:
    root = _ViewNode("")
    asn: str | None = None
    for o in occurrences(config):
        if o.feature == "bgp":
            asn = o.leaves.get("as")
        for view, command in FORMATTERS[o.feature](o):
            node = root
            for opener in view:
                node = node.views.setdefault(opener, _ViewNode(opener))
            if command is None:
                node.owners.append(o.feature)
                continue
            if o.operation in _UNDO_OPERATIONS:
                command = f"undo {command}"
            features = node.commands.setdefault(command, [])
            if o.feature not in features:
                features.append(o.feature)
    return root, asn


def _lines(node: _ViewNode, depth: int, asn: str | None) -> tuple[list[CliLine], list[str]]:
    """The lines of ``node``'s content, and every feature they show."""
    lines = [CliLine(depth, cmd, tuple(fs)) for cmd, fs in node.commands.items()]
    shown = [f for fs in node.commands.values() for f in fs]
    for view in sorted(node.views.values(), key=lambda v: _VIEW_RANK.get(v.opener, -1)):
        inner, inner_shown = _lines(view, depth + 1, asn)
        owners = tuple(dict.fromkeys(view.owners or inner_shown))
        opener = view.opener
        if opener == _BGP_VIEW:
            if asn is None:
                raise PayloadInvalid("/bgp/base-process/as", "cli-view-no-as",
                                     "BGP settings without the BGP AS (bgp <as>)")
            opener = f"bgp {asn}"
        lines += [CliLine(depth, opener, owners), *inner, CliLine(depth, "quit", owners)]
        shown += [*owners, *inner_shown]
    return lines, shown


def cli_lines(config: etree._Element) -> list[CliLine]:
    """The commands of a ``<config>`` element, in the seed's order and views.

    Within a view its own commands come first, then its sub-views (``peer … as-number``
    before ``ipv4-family unicast``, as the seed types them); a view ends with ``quit``.
    """
    root, asn = _tree(config)
    return _lines(root, 0, asn)[0]


def cli_text(config: etree._Element) -> str:
    """:func:`cli_lines` as text, one command a line (one space of indent per view)."""
    return "\n".join(str(line) for line in cli_lines(config))
