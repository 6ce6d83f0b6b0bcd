"""YAML intents: a short description of BGP over M-LAG or an MP-EBGP peering.

Two kinds exist (see ``examples/``):

- ``bgp-over-mlag``: one shared VLANIF/VBDIF on an M-LAG pair, each member peering with
  the dual-homed user-side device from its own M-LAG address (IPv4 and, optionally, IPv6).
- ``mp-ebgp``: devices peering over loopbacks, typically VPNv4 only.

:func:`load_intent` parses and checks an intent; :meth:`Intent.payloads` renders one
payload per device. Errors name the intent field: ``members[1].m-lag-ipv4: rule: …``.

>>> intent = parse_intent({
...     "kind": "mp-ebgp",
...     "devices": [{"name": "R1", "as": 65001, "loopback": {"id": 1, "ipv4": "1.1.1.1/32"},
...                  "peers": [{"address": "3.3.3.3", "as": 65003,
...                             "connect-interface": "LoopBack1", "ebgp-max-hop": 10,
...                             "families": {"vpnv4": True, "ipv4-unicast": False}}]}]})
>>> sorted(intent.payloads())
['R1']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from mlag_netconf.enums import InterfaceType, MlagMode, MlagRole, NdProxyRoute
from mlag_netconf.errors import (
    IntentError,
    RuleViolation,
    ValidationError,
    ValidationErrors,
    ValueFormatError,
)
from mlag_netconf.model import Bgp, Device, Interface, MlagPair, Peer, PeerGroup
from mlag_netconf.model.interface import _nd_proxy
from mlag_netconf.render import Payload, render_device
from mlag_netconf.types import (
    AsNumber,
    BdId,
    InterfaceName,
    Ipv4Interface,
    Ipv6Interface,
    MacAddress,
    RouterId,
    VlanId,
    Vni,
    coerce,
    parse_ipv4,
    parse_ipv6,
)

Raw = Mapping[str, Any]


# --------------------------------------------------------------------------- helpers
def _mapping(value: object, path: str) -> Raw:
    if not isinstance(value, Mapping):
        raise IntentError(path, "intent-shape", f"expected a mapping, got {type(value).__name__}")
    for k in value:
        if not isinstance(k, str):
            raise IntentError(path, "intent-shape", f"key {k!r} is not a string")
    return value


def _keys(raw: Raw, path: str, required: Sequence[str], optional: Sequence[str] = ()) -> None:
    unknown = [k for k in raw if k not in required and k not in optional]
    if unknown:
        allowed = ", ".join([*required, *optional])
        raise IntentError(_join(path, unknown[0]), "unknown-key",
                          f"unknown key {unknown[0]!r} (allowed: {allowed})")
    for k in required:
        if k not in raw or raw[k] is None:
            raise IntentError(_join(path, k), "missing-key", f"{k!r} is required")


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _field(raw: Raw, key: str, path: str, parser: Callable[[Any], Any]) -> Any:
    """``parser(raw[key])`` (``None`` when absent), errors pointing at the intent field."""
    if key not in raw or raw[key] is None:
        return None
    try:
        return parser(raw[key])
    except ValueFormatError as e:
        raise ValueFormatError(_join(path, key), e.rule, e.message) from None


def _bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueFormatError("", "boolean", f"expected true or false, not {value!r}")
    return value


def _list(raw: Raw, key: str, path: str) -> list[Any]:
    value = raw.get(key, [])
    if value is None:
        return []
    if not isinstance(value, list):
        raise IntentError(_join(path, key), "intent-shape", "expected a list")
    return value


# --------------------------------------------------------------------------- intents
@dataclass(frozen=True)
class Intent:
    """A parsed intent: the devices it configures, checked against every rule."""

    kind: str
    devices: tuple[Device, ...]
    pair: MlagPair | None = None
    _paths: tuple[tuple[str, str], ...] = ()

    def payloads(self) -> dict[str, Payload]:
        """One rendered payload per device, keyed by device name (in intent order)."""
        return {d.name: render_device(d) for d in self.devices}

    def intent_path(self, path: str) -> str:
        """Translate a builder error path (``DeviceA.interfaces[Vlanif100].mlag_ipv4``)
        into the intent field it came from (``members[0].m-lag-ipv4``)."""
        for pattern, repl in self._paths:
            new, n = re.subn(pattern, repl, path)
            if n:
                return new.replace("_", "-")
        return path


def parse_intent(raw: object) -> Intent:
    """Parse an intent mapping; raise :class:`ValidationError` (or several) naming fields."""
    data = _mapping(raw, "")
    kind = data.get("kind")
    if kind == "bgp-over-mlag":
        intent = _bgp_over_mlag(data)
    elif kind == "mp-ebgp":
        intent = _mp_ebgp(data)
    else:
        raise IntentError("kind", "intent-kind",
                          f"{kind!r}: expected 'bgp-over-mlag' or 'mp-ebgp'")
    _check(intent)
    return intent


class _IntentLoader(yaml.SafeLoader):
    """Safe YAML, but numbers that look like floats stay text: ``as: 1.100`` is the
    dot-notation AS ``1.100``, which a float would turn into ``1.1``."""


def _float_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    return str(node.value)


_IntentLoader.add_constructor("tag:yaml.org,2002:float", _float_as_text)


def _int_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int | str:
    """YAML 1.1 base-60 integers (``52:54:00:12:34:56``) stay text: they are MACs."""
    if ":" in str(node.value):
        return str(node.value)
    value: int = loader.construct_yaml_int(node)
    return value


_IntentLoader.add_constructor("tag:yaml.org,2002:int", _int_or_text)


def load_intent(path: str | Path) -> Intent:
    """Read a YAML intent file and parse it (see :func:`parse_intent`)."""
    return loads_intent(Path(path).read_text(encoding="utf-8"))


def loads_intent(text: str) -> Intent:
    """Parse intent YAML text.

    >>> loads_intent(_VBDIF_EXAMPLE).devices[0].bgp.asn
    AsNumber('1.1')
    """
    try:
        raw = yaml.load(text, Loader=_IntentLoader)
    except yaml.YAMLError as e:
        raise IntentError("", "yaml-syntax", str(e).replace("\n", " ")) from None
    return parse_intent(raw)


_VBDIF_EXAMPLE = """
kind: bgp-over-mlag
interface: {type: vbdif, id: 10, vni: 5010, ipv4: 172.16.10.1/24}
user-side: {as: 1.100, ipv4: 172.16.10.200}
members:
  - {name: CE-1, as: 1.1, router-id: 10.0.0.1, m-lag-ipv4: 172.16.10.2}
  - {name: CE-2, as: 1.1, router-id: 10.0.0.2, m-lag-ipv4: 172.16.10.3}
"""


def _check(intent: Intent) -> None:
    found = (intent.pair.violations() if intent.pair is not None else
             [v for d in intent.devices for v in d.violations()])
    errors: list[ValidationError] = []
    seen: set[tuple[str, str]] = set()
    for v in found:  # both members often break the same intent field: report it once
        path = intent.intent_path(v.path)
        if (path, v.rule) not in seen:
            seen.add((path, v.rule))
            errors.append(RuleViolation(path, v.rule, v.message))
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ValidationErrors(errors)


# --------------------------------------------------------------------------- bgp-over-mlag
_IF_KEYS = ("type", "id")
_IF_OPT = ("vni", "virtual-mac", "ipv4", "ipv4-secondary", "ipv6", "ipv6-link-local",
           "arp-proxy", "nd-na-glean", "nd-proxy-route")
_MEMBER_KEYS = ("name", "as")
_MEMBER_OPT = ("role", "router-id", "m-lag-ipv4", "m-lag-ipv6", "m-lag-ipv6-link-local",
               "platform", "low-latency", "ignore-primary-sub")


def _shared_interface(raw: Raw) -> dict[str, Any]:
    p = "interface"
    _keys(raw, p, _IF_KEYS, _IF_OPT)
    kind = str(raw["type"]).lower()
    if kind not in ("vlanif", "vbdif"):
        raise IntentError(f"{p}.type", "interface-type", f"{raw['type']!r}: vlanif or vbdif")
    if kind == "vlanif":
        number = _field(raw, "id", p, VlanId.parse).value
        name = InterfaceName.of(InterfaceType.VLANIF, number)
        if raw.get("vni") is not None:
            raise RuleViolation(f"{p}.vni", "vni-only-on-vbdif", "a VNI needs type: vbdif")
    else:
        number = _field(raw, "id", p, BdId.parse).value
        name = InterfaceName.of(InterfaceType.VBDIF, number)
    ipv6 = _field(raw, "ipv6", p, Ipv6Interface.parse)
    proxy = bool(_field(raw, "arp-proxy", p, _bool))
    return {
        "name": name,
        "vni": _field(raw, "vni", p, Vni.parse),
        "ipv4": _field(raw, "ipv4", p, Ipv4Interface.parse),
        "ipv4_secondary": tuple(
            coerce(Ipv4Interface.parse, a, f"{p}.ipv4-secondary[{i}]")
            for i, a in enumerate(_list(raw, "ipv4-secondary", p))),
        "virtual_mac": _field(raw, "virtual-mac", p, MacAddress.parse),
        "route_proxy_arp": proxy and kind == "vlanif",
        "local_proxy_arp": proxy and kind == "vbdif",
        "ipv6_enable": ipv6 is not None or raw.get("ipv6-link-local") is not None,
        "ipv6": (ipv6,) if ipv6 is not None else (),
        "ipv6_link_local": _field(raw, "ipv6-link-local", p, parse_ipv6),
        "nd_na_glean": bool(_field(raw, "nd-na-glean", p, _bool)),
        "nd_proxy_route": _field(raw, "nd-proxy-route", p, _nd_proxy) or NdProxyRoute.OFF,
    }


def _member(raw: Raw, i: int, shared: dict[str, Any], user: Raw) -> Device:
    p = f"members[{i}]"
    _keys(raw, p, _MEMBER_KEYS, _MEMBER_OPT)
    name = _device_name(raw, p)
    _field(raw, "role", p, _role)
    asn = _field(raw, "as", p, AsNumber.parse)
    ipv6 = shared["ipv6"][0] if shared["ipv6"] else None
    mlag4 = _field(raw, "m-lag-ipv4", p, parse_ipv4)
    mlag6 = _field(raw, "m-lag-ipv6", p,
                   lambda v: Ipv6Interface.parse(v, ipv6.prefix_length if ipv6 else None))
    try:
        iface = Interface(**shared, mlag_ipv4=mlag4, mlag_ipv6=mlag6,
                          mlag_ipv6_link_local=_field(raw, "m-lag-ipv6-link-local", p,
                                                      parse_ipv6))
    except ValueFormatError as e:
        raise ValueFormatError(_member_path(e.path, p), e.rule, e.message) from None
    peers = []
    if user.get("ipv4") is not None:
        peers.append(Peer(user["ipv4"], user["as"], connect_interface=iface.name,
                          source_address=mlag4, families={"ipv4-unicast": True}))
    if user.get("ipv6") is not None:
        peers.append(Peer(user["ipv6"], user["as"], connect_interface=iface.name,
                          source_address=mlag6.ip if mlag6 else None,
                          families={"ipv6-unicast": True}))
    bgp = Bgp(asn=asn, router_id=_field(raw, "router-id", p, RouterId.parse), peers=tuple(peers))
    return Device(name, interfaces=(iface,), bgp=bgp,
                  ignore_primary_sub=bool(_field(raw, "ignore-primary-sub", p, _bool)),
                  platform=_field(raw, "platform", p, str),
                  low_latency=bool(_field(raw, "low-latency", p, _bool)))


def _role(value: object) -> MlagRole:
    try:
        return MlagRole(str(value))
    except ValueError:
        raise ValueFormatError("", "mlag-role", f"{value!r}: master or backup") from None


def _device_name(raw: Raw, p: str) -> str:
    name = raw["name"]
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name):
        raise IntentError(f"{p}.name", "device-name",
                          f"{name!r}: letters, digits, '.', '_' and '-' only")
    return name


def _member_path(path: str, member: str) -> str:
    for field, key in (("mlag_ipv4", "m-lag-ipv4"), ("mlag_ipv6_link_local",
                       "m-lag-ipv6-link-local"), ("mlag_ipv6", "m-lag-ipv6")):
        if path.endswith("." + field):
            return f"{member}.{key}"
    return path


def _user_side(raw: Raw) -> dict[str, Any]:
    p = "user-side"
    _keys(raw, p, ("as",), ("name", "ipv4", "ipv6"))
    if raw.get("ipv4") is None and raw.get("ipv6") is None:
        raise IntentError(p, "missing-key", "the user side needs 'ipv4' or 'ipv6' to peer with")
    return {"name": raw.get("name"), "as": _field(raw, "as", p, AsNumber.parse),
            "ipv4": _field(raw, "ipv4", p, parse_ipv4),
            "ipv6": _field(raw, "ipv6", p, parse_ipv6)}


def _bgp_over_mlag(data: Raw) -> Intent:
    _keys(data, "", ("kind", "interface", "user-side", "members"), ("mode",))
    mode = str(data.get("mode", MlagMode.DUAL_ACTIVE.value))
    if mode not in {m.value for m in MlagMode}:
        raise IntentError("mode", "mlag-mode", f"{mode!r}: dual-active or active-standby")
    shared = _shared_interface(_mapping(data["interface"], "interface"))
    user = _user_side(_mapping(data["user-side"], "user-side"))
    members = _list(data, "members", "")
    if len(members) != 2:
        raise IntentError("members", "mlag-two-members",
                          f"an M-LAG pair has two members, got {len(members)}")
    devices = tuple(_member(_mapping(m, f"members[{i}]"), i, shared, user)
                    for i, m in enumerate(members))
    if devices[0].name == devices[1].name:
        raise IntentError("members[1].name", "device-name-unique",
                          f"both members are called {devices[0].name}")
    user_addrs = tuple(a for a in (user["ipv4"], user["ipv6"]) if a is not None)
    pair = MlagPair((devices[0], devices[1]), mode=MlagMode(mode),
                    shared_interface=shared["name"], user_side=user_addrs)
    return Intent("bgp-over-mlag", devices, pair, _mlag_paths(devices))


def _mlag_paths(devices: Sequence[Device]) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    for i, d in enumerate(devices):
        n, m = re.escape(d.name), f"members[{i}]"
        out += [
            (rf"^{n}\.interfaces\[[^\]]+\]\.mlag_ipv4$", f"{m}.m-lag-ipv4"),
            (rf"^{n}\.interfaces\[[^\]]+\]\.mlag_ipv6_link_local$", f"{m}.m-lag-ipv6-link-local"),
            (rf"^{n}\.interfaces\[[^\]]+\]\.mlag_ipv6$", f"{m}.m-lag-ipv6"),
            (rf"^{n}\.interfaces\[[^\]]+\]\.(route|local)_proxy_arp$", "interface.arp-proxy"),
            (rf"^{n}\.interfaces\[[^\]]+\]\.ipv4_secondary", "interface.ipv4-secondary"),
            (rf"^{n}\.interfaces\[[^\]]+\]\.ipv6_link_local$", "interface.ipv6-link-local"),
            (rf"^{n}\.interfaces\[[^\]]+\]\.(ipv6|ipv4|vni|virtual_mac|nd_na_glean|"
             rf"nd_proxy_route)", r"interface.\1"),
            (rf"^{n}\.interfaces\[[^\]]+\]$", "interface"),
            (rf"^{n}\.interfaces$", "interface"),
            (rf"^{n}\.bgp\.asn$", f"{m}.as"),
            (rf"^{n}\.bgp\.router_id$", f"{m}.router-id"),
            (rf"^{n}\.bgp\.peers\[[\d.]+\]\.source_address$", f"{m}.m-lag-ipv4"),
            (rf"^{n}\.bgp\.peers\[[\da-fA-F:]+\]\.source_address$", f"{m}.m-lag-ipv6"),
            (rf"^{n}\.bgp\.peers\[[\d.]+\].*$", "user-side.ipv4"),
            (rf"^{n}\.bgp\.peers\[[\da-fA-F:]+\].*$", "user-side.ipv6"),
            (rf"^{n}\.", f"{m}."),
        ]
    return tuple(out)


# --------------------------------------------------------------------------- mp-ebgp
_DEV_KEYS = ("name", "as")
_DEV_OPT = ("router-id", "loopback", "loopbacks", "peers", "peer-groups", "platform")
_PEER_KEYS = ("address",)
_PEER_OPT = ("as", "connect-interface", "source-address", "ebgp-max-hop", "families", "group")
_GROUP_KEYS = ("name",)
_GROUP_OPT = ("type", "as", "connect-interface", "source-address", "ebgp-max-hop", "families")


def _loopbacks(raw: Raw, p: str) -> tuple[Interface, ...]:
    items = ([(f"{p}.loopback", raw["loopback"])] if raw.get("loopback") is not None else [])
    items += [(f"{p}.loopbacks[{i}]", x) for i, x in enumerate(_list(raw, "loopbacks", p))]
    out = []
    for lp, lo in items:
        lo = _mapping(lo, lp)
        _keys(lo, lp, ("id",), ("ipv4",))
        name = _field(lo, "id", lp, lambda v: InterfaceName.parse(f"LoopBack{v}"))
        out.append(Interface(name=name, ipv4=_field(lo, "ipv4", lp, Ipv4Interface.parse)))
    return tuple(out)


def _peer_kwargs(raw: Raw, p: str) -> dict[str, Any]:
    hop = raw.get("ebgp-max-hop", False)
    fams = raw.get("families")
    if fams is not None and not isinstance(fams, Mapping):
        raise IntentError(f"{p}.families", "intent-shape",
                          "expected a mapping family -> true/false")
    return {"remote_as": _field(raw, "as", p, AsNumber.parse),
            "connect_interface": _field(raw, "connect-interface", p, InterfaceName.parse),
            "source_address": raw.get("source-address"),
            "ebgp_max_hop": None if hop is False else (255 if hop is None else hop),
            "families": fams}


def _build(p: str, factory: Callable[[], Any]) -> Any:
    try:
        return factory()
    except ValueFormatError as e:
        field = e.path.rsplit(".", 1)[-1].replace("_", "-")
        field = {"remote-as": "as", "asn": "as"}.get(field, field)
        raise ValueFormatError(f"{p}.{field}", e.rule, e.message) from None


def _new_peer(raw: Raw, kwargs: dict[str, Any]) -> Peer:
    return Peer(raw["address"], group=raw.get("group"), **kwargs)


def _new_group(raw: Raw, kwargs: dict[str, Any]) -> PeerGroup:
    return PeerGroup(raw["name"], type=raw.get("type", "ebgp"), **kwargs)


def _peer_items(raw: Raw, key: str, p: str, keys: tuple[Sequence[str], Sequence[str]],
                new: Callable[[Raw, dict[str, Any]], Any]) -> list[Any]:
    """Build each entry of the list ``raw[key]`` (peers or peer groups) with ``new``."""
    out = []
    for j, item in enumerate(_list(raw, key, p)):
        ip = f"{p}.{key}[{j}]"
        item = _mapping(item, ip)
        _keys(item, ip, *keys)
        out.append(_build(ip, partial(new, item, _peer_kwargs(item, ip))))
    return out


def _mp_device(raw: Raw, i: int) -> Device:
    p = f"devices[{i}]"
    _keys(raw, p, _DEV_KEYS, _DEV_OPT)
    peers = _peer_items(raw, "peers", p, (_PEER_KEYS, _PEER_OPT), _new_peer)
    groups = _peer_items(raw, "peer-groups", p, (_GROUP_KEYS, _GROUP_OPT), _new_group)
    bgp = _build(p, lambda: Bgp(asn=raw["as"], router_id=raw.get("router-id"),
                                peers=tuple(peers), peer_groups=tuple(groups)))
    return Device(_device_name(raw, p), interfaces=_loopbacks(raw, p), bgp=bgp,
                  platform=_field(raw, "platform", p, str))


def _mp_ebgp(data: Raw) -> Intent:
    _keys(data, "", ("kind", "devices"))
    devices = tuple(_mapping(d, f"devices[{i}]") for i, d in enumerate(
        _list(data, "devices", "")))
    if not devices:
        raise IntentError("devices", "missing-key", "at least one device is required")
    built = tuple(_mp_device(d, i) for i, d in enumerate(devices))
    return Intent("mp-ebgp", built, None, _mp_paths(built))


def _mp_paths(devices: Sequence[Device]) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    for i, d in enumerate(devices):
        n, p = re.escape(d.name), f"devices[{i}]"
        for j, peer in enumerate(d.bgp.peers if d.bgp else ()):
            a = re.escape(str(peer.address))
            out += [(rf"^{n}\.bgp\.peers\[{a}\]\.remote_as$", f"{p}.peers[{j}].as"),
                    (rf"^{n}\.bgp\.peers\[{a}\]\.(\w+)$", f"{p}.peers[{j}].\\1"),
                    (rf"^{n}\.bgp\.peers\[{a}\]$", f"{p}.peers[{j}]")]
        for j, group in enumerate(d.bgp.peer_groups if d.bgp else ()):
            g = re.escape(str(group.name))
            out += [(rf"^{n}\.bgp\.peer_groups\[{g}\]\.remote_as$", f"{p}.peer-groups[{j}].as"),
                    (rf"^{n}\.bgp\.peer_groups\[{g}\]\.(\w+)$", f"{p}.peer-groups[{j}].\\1"),
                    (rf"^{n}\.bgp\.peer_groups\[{g}\]$", f"{p}.peer-groups[{j}]")]
        out += [(rf"^{n}\.interfaces\[LoopBack\d+\]\.ipv4$", f"{p}.loopback.ipv4"),
                (rf"^{n}\.bgp\.asn$", f"{p}.as"),
                (rf"^{n}\.bgp\.router_id$", f"{p}.router-id"),
                (rf"^{n}\.", f"{p}.")]
    return tuple(out)
