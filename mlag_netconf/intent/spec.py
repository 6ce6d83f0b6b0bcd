"""The intent as written: frozen dataclasses mirroring the YAML, checked for SHAPE only.

Each spec class keeps, in ``YAML``, the YAML key of each of its fields (required keys
first: that is the order ``unknown-key`` lists them in), and knows its own intent path
(``members[1]``), so that :meth:`Spec.where` names any of its fields
(``members[1].m-lag-ipv4``). Values stay raw: the typed leaves parse them when the model
is built (:mod:`mlag_netconf.intent.build`).

>>> spec = parse_spec({"kind": "mp-ebgp", "devices": [{"name": "R1", "as": "65001"}]})
>>> spec.devices[0].where("asn"), spec.devices[0].asn
('devices[0].as', '65001')
>>> parse_spec({"kind": "mp-ebgp", "devices": [{"name": "R1", "as": 1, "colour": "red"}]})
Traceback (most recent call last):
...
mlag_netconf.errors.IntentError: devices[0].colour: unknown-key: unknown key 'colour' ...
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from mlag_netconf.errors import IntentError

Raw = Mapping[str, Any]
S = TypeVar("S", bound="Spec")
U = TypeVar("U", bound="UserSideSpec")

KINDS = ("bgp-over-mlag", "mp-ebgp")


def join(path: str, key: str) -> str:
    """``join("members[0]", "as")`` → ``members[0].as``; at the top, just ``key``. A key
    that is not a plain word is quoted, so the path still names it:

    >>> join("members[0]", "a b"), join("", "")
    ("members[0]['a b']", "['']")
    """
    if not re.fullmatch(r"[\w-]+", key):
        return f"{path}[{key!r}]"
    return f"{path}.{key}" if path else key


def mapping(value: object, path: str) -> Raw:
    """``value`` as a mapping with text keys, else ``intent-shape`` at ``path``."""
    if not isinstance(value, Mapping):
        raise IntentError(path, "intent-shape", f"expected a mapping, got {type(value).__name__}")
    for k in value:
        if not isinstance(k, str):
            raise IntentError(path, "intent-shape", f"key {k!r} is not a string")
    return value


def items(value: object, path: str) -> tuple[Any, ...]:
    """A list (absent or null: empty), else ``intent-shape`` at ``path``."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise IntentError(path, "intent-shape", "expected a list")
    return tuple(value)


@dataclass(frozen=True)
class Spec:
    """One YAML mapping: ``path`` is where it sits in the intent."""

    YAML: ClassVar[Mapping[str, str]]  # field -> YAML key, required ones first
    REQUIRED: ClassVar[tuple[str, ...]] = ()  # fields that must be present and not null
    # fields holding other specs: field -> (spec class, a list of them?)
    NESTED: ClassVar[Mapping[str, tuple[type[Spec], bool]]] = {}

    path: str

    def where(self, field: str) -> str:
        """The intent path of ``field`` (``asn`` → ``members[0].as``)."""
        return join(self.path, self.YAML[field])

    @classmethod
    def fields(cls, raw: object, path: str) -> dict[str, Any]:
        """The raw value of each field of ``raw`` (``None`` when absent), after the key
        checks: ``unknown-key`` first, then ``missing-key``."""
        data = mapping(raw, path)
        allowed = tuple(cls.YAML.values())
        unknown = [k for k in data if k not in allowed]
        if unknown:
            raise IntentError(join(path, unknown[0]), "unknown-key",
                              f"unknown key {unknown[0]!r} (allowed: {', '.join(allowed)})")
        for f in cls.REQUIRED:
            key = cls.YAML[f]
            if data.get(key) is None:
                raise IntentError(join(path, key), "missing-key", f"{key!r} is required")
        return {f: data.get(key) for f, key in cls.YAML.items()}

    @classmethod
    def read(cls: type[S], raw: object, path: str) -> S:
        """A spec whose every field is the raw value (for specs without nested ones)."""
        return cls(path, **cls.fields(raw, path))


def _families(value: object, path: str) -> tuple[tuple[Any, Any], ...] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise IntentError(path, "intent-shape", "expected a mapping family -> true/false")
    return tuple(value.items())


# --------------------------------------------------------------------------- bgp-over-mlag
@dataclass(frozen=True)
class _InterfaceLike(Spec):
    """An interface's fields (``ipv4-secondary`` is a list)."""

    @classmethod
    def parse(cls: type[S], raw: object, path: str) -> S:
        f = cls.fields(raw, path)
        f["ipv4_secondary"] = items(f["ipv4_secondary"], join(path, cls.YAML["ipv4_secondary"]))
        return cls(path, **f)


@dataclass(frozen=True)
class SharedInterfaceSpec(_InterfaceLike):
    """``interface:``: the VLANIF/VBDIF both members configure alike."""

    YAML: ClassVar[Mapping[str, str]] = {
        "type": "type", "id": "id", "vni": "vni", "virtual_mac": "virtual-mac", "ipv4": "ipv4",
        "ipv4_secondary": "ipv4-secondary", "ipv6_enable": "ipv6-enable", "ipv6": "ipv6",
        "ipv6_link_local": "ipv6-link-local", "arp_proxy": "arp-proxy",
        "nd_na_glean": "nd-na-glean", "nd_proxy_route": "nd-proxy-route",
    }
    REQUIRED = ("type", "id")

    type: Any
    id: Any
    vni: Any
    virtual_mac: Any
    ipv4: Any
    ipv4_secondary: tuple[Any, ...]
    ipv6_enable: Any
    ipv6: Any
    ipv6_link_local: Any
    arp_proxy: Any
    nd_na_glean: Any
    nd_proxy_route: Any



@dataclass(frozen=True)
class UserSideSpec(Spec):
    """``user-side:``: the dual-homed device both members peer with. With a ``name`` the
    intent renders its payload too (its BGP: ``as``, ``router-id``, a peer per member and
    family; with ``interface``, that interface with its addresses in the shared subnet)."""

    YAML: ClassVar[Mapping[str, str]] = {
        "asn": "as", "name": "name", "router_id": "router-id", "interface": "interface",
        "ipv4": "ipv4", "ipv6": "ipv6",
    }
    REQUIRED = ("asn",)

    asn: Any
    name: Any
    router_id: Any
    interface: Any
    ipv4: Any
    ipv6: Any

    @classmethod
    def parse(cls: type[U], raw: object, path: str) -> U:
        spec = cls.read(raw, path)
        if spec.ipv4 is None and spec.ipv6 is None:
            raise IntentError(path, "missing-key",
                              "the user side needs 'ipv4' or 'ipv6' to peer with")
        return spec


@dataclass(frozen=True)
class MemberSpec(Spec):
    """One of ``members:``."""

    YAML: ClassVar[Mapping[str, str]] = {
        "name": "name", "asn": "as", "role": "role", "router_id": "router-id",
        "mlag_ipv4": "m-lag-ipv4", "mlag_ipv6": "m-lag-ipv6",
        "mlag_ipv6_link_local": "m-lag-ipv6-link-local", "platform": "platform",
        "low_latency": "low-latency", "ignore_primary_sub": "ignore-primary-sub",
    }
    REQUIRED = ("name", "asn")

    name: Any
    asn: Any
    role: Any
    router_id: Any
    mlag_ipv4: Any
    mlag_ipv6: Any
    mlag_ipv6_link_local: Any
    platform: Any
    low_latency: Any
    ignore_primary_sub: Any


@dataclass(frozen=True)
class MlagIntentSpec(Spec):
    """``kind: bgp-over-mlag``."""

    YAML: ClassVar[Mapping[str, str]] = {
        "kind": "kind", "interface": "interface", "user_side": "user-side",
        "members": "members", "mode": "mode",
    }
    REQUIRED = ("kind", "interface", "user_side", "members")
    NESTED: ClassVar[Mapping[str, tuple[type[Spec], bool]]] = {
        "interface": (SharedInterfaceSpec, False), "user_side": (UserSideSpec, False),
        "members": (MemberSpec, True)}

    kind: str
    interface: SharedInterfaceSpec
    user_side: UserSideSpec
    members: tuple[MemberSpec, ...]
    mode: Any

    @classmethod
    def parse(cls, raw: object, path: str = "") -> MlagIntentSpec:
        f = cls.fields(raw, path)
        where = cls.YAML
        members = items(f["members"], where["members"])
        if len(members) != 2:
            raise IntentError(where["members"], "mlag-two-members",
                              f"an M-LAG pair has two members, got {len(members)}")
        return cls(
            path, kind=f["kind"],
            interface=SharedInterfaceSpec.parse(f["interface"], where["interface"]),
            user_side=UserSideSpec.parse(f["user_side"], where["user_side"]),
            members=tuple(MemberSpec.read(m, f"{where['members']}[{i}]")
                          for i, m in enumerate(members)),
            mode=f["mode"])


# --------------------------------------------------------------------------- mp-ebgp
@dataclass(frozen=True)
class LoopbackSpec(Spec):
    """``loopback:`` or one of ``loopbacks:``."""

    YAML: ClassVar[Mapping[str, str]] = {"id": "id", "ipv4": "ipv4"}
    REQUIRED = ("id",)

    id: Any
    ipv4: Any


@dataclass(frozen=True)
class _PeerCommonSpec(Spec):
    """What a peer and a peer group both take.

    ``ebgp_max_hop`` is ``False`` when the key is absent (no ``ebgp-max-hop``); a key
    without a value (null) means 255, as on the CLI.
    """

    asn: Any
    connect_interface: Any
    source_address: Any
    ebgp_max_hop: Any
    families: tuple[tuple[Any, Any], ...] | None

    @classmethod
    def parse(cls: type[S], raw: object, path: str) -> S:
        f = cls.fields(raw, path)
        data = mapping(raw, path)
        f["ebgp_max_hop"] = data.get(cls.YAML["ebgp_max_hop"], False)
        f["families"] = _families(f["families"], join(path, cls.YAML["families"]))
        return cls(path, **f)


_COMMON_YAML = {"asn": "as", "connect_interface": "connect-interface",
                "source_address": "source-address", "ebgp_max_hop": "ebgp-max-hop",
                "families": "families"}


@dataclass(frozen=True)
class PeerSpec(_PeerCommonSpec):
    """One of a device's ``peers:``."""

    YAML: ClassVar[Mapping[str, str]] = {"address": "address", **_COMMON_YAML, "group": "group"}
    REQUIRED = ("address",)

    address: Any
    group: Any


@dataclass(frozen=True)
class PeerGroupSpec(_PeerCommonSpec):
    """One of a device's ``peer-groups:``."""

    YAML: ClassVar[Mapping[str, str]] = {"name": "name", "type": "type", **_COMMON_YAML}
    REQUIRED = ("name",)

    name: Any
    type: Any


@dataclass(frozen=True)
class DeviceSpec(Spec):
    """One of ``devices:``."""

    YAML: ClassVar[Mapping[str, str]] = {
        "name": "name", "asn": "as", "router_id": "router-id", "loopback": "loopback",
        "loopbacks": "loopbacks", "peers": "peers", "peer_groups": "peer-groups",
        "platform": "platform", "low_latency": "low-latency",
    }
    REQUIRED = ("name", "asn")
    NESTED: ClassVar[Mapping[str, tuple[type[Spec], bool]]] = {
        "loopback": (LoopbackSpec, False), "loopbacks": (LoopbackSpec, True),
        "peers": (PeerSpec, True), "peer_groups": (PeerGroupSpec, True)}

    name: Any
    asn: Any
    router_id: Any
    loopback: LoopbackSpec | None
    loopbacks: tuple[LoopbackSpec, ...]
    peers: tuple[PeerSpec, ...]
    peer_groups: tuple[PeerGroupSpec, ...]
    platform: Any
    low_latency: Any

    @classmethod
    def parse(cls, raw: object, path: str) -> DeviceSpec:
        f = cls.fields(raw, path)
        lists = {name: join(path, cls.YAML[name]) for name in ("loopbacks", "peers",
                                                               "peer_groups")}
        lo = f["loopback"]
        return cls(
            path, **{**f,
                     "loopback": (None if lo is None else
                                  LoopbackSpec.read(lo, join(path, cls.YAML["loopback"]))),
                     "loopbacks": tuple(LoopbackSpec.read(x, f"{lists['loopbacks']}[{i}]")
                                        for i, x in enumerate(items(f["loopbacks"],
                                                                    lists["loopbacks"]))),
                     "peers": tuple(PeerSpec.parse(x, f"{lists['peers']}[{i}]")
                                    for i, x in enumerate(items(f["peers"], lists["peers"]))),
                     "peer_groups": tuple(
                         PeerGroupSpec.parse(x, f"{lists['peer_groups']}[{i}]")
                         for i, x in enumerate(items(f["peer_groups"],
                                                     lists["peer_groups"])))})


@dataclass(frozen=True)
class MpEbgpIntentSpec(Spec):
    """``kind: mp-ebgp``."""

    YAML: ClassVar[Mapping[str, str]] = {"kind": "kind", "devices": "devices"}
    REQUIRED = ("kind", "devices")
    NESTED: ClassVar[Mapping[str, tuple[type[Spec], bool]]] = {"devices": (DeviceSpec, True)}

    kind: str
    devices: tuple[DeviceSpec, ...]

    @classmethod
    def parse(cls, raw: object, path: str = "") -> MpEbgpIntentSpec:
        f = cls.fields(raw, path)
        where = cls.YAML["devices"]
        raws = items(f["devices"], where)
        for i, d in enumerate(raws):
            mapping(d, f"{where}[{i}]")
        if not raws:
            raise IntentError(where, "missing-key", "at least one device is required")
        return cls(path, kind=f["kind"],
                   devices=tuple(DeviceSpec.parse(d, f"{where}[{i}]")
                                 for i, d in enumerate(raws)))


# --------------------------------------------------------------------------- format v2
@dataclass(frozen=True)
class InterfaceSpec(_InterfaceLike):
    """One of a device's ``interfaces:`` (format v2): every field of one interface."""

    YAML: ClassVar[Mapping[str, str]] = {
        "name": "name", "vni": "vni", "virtual_mac": "virtual-mac", "ipv4": "ipv4",
        "ipv4_secondary": "ipv4-secondary", "mlag_ipv4": "m-lag-ipv4",
        "ipv6_enable": "ipv6-enable", "ipv6": "ipv6", "ipv6_link_local": "ipv6-link-local",
        "mlag_ipv6": "m-lag-ipv6", "mlag_ipv6_link_local": "m-lag-ipv6-link-local",
        "arp_proxy": "arp-proxy", "nd_na_glean": "nd-na-glean",
        "nd_proxy_route": "nd-proxy-route",
    }
    REQUIRED = ("name",)

    name: Any
    vni: Any
    virtual_mac: Any
    ipv4: Any
    ipv4_secondary: tuple[Any, ...]
    mlag_ipv4: Any
    ipv6_enable: Any
    ipv6: Any
    ipv6_link_local: Any
    mlag_ipv6: Any
    mlag_ipv6_link_local: Any
    arp_proxy: Any
    nd_na_glean: Any
    nd_proxy_route: Any



@dataclass(frozen=True)
class BgpSpec(Spec):
    """A device's ``bgp:`` (format v2)."""

    YAML: ClassVar[Mapping[str, str]] = {
        "asn": "as", "router_id": "router-id", "families": "families",
        "peer_groups": "peer-groups", "peers": "peers",
    }
    REQUIRED = ("asn",)
    NESTED: ClassVar[Mapping[str, tuple[type[Spec], bool]]] = {
        "peer_groups": (PeerGroupSpec, True), "peers": (PeerSpec, True)}

    asn: Any
    router_id: Any
    families: tuple[Any, ...] | None
    peer_groups: tuple[PeerGroupSpec, ...]
    peers: tuple[PeerSpec, ...]

    @classmethod
    def parse(cls, raw: object, path: str) -> BgpSpec:
        f = cls.fields(raw, path)
        at = {k: join(path, cls.YAML[k]) for k in ("families", "peer_groups", "peers")}
        return cls(path, asn=f["asn"], router_id=f["router_id"],
                   families=None if f["families"] is None else items(f["families"],
                                                                     at["families"]),
                   peer_groups=tuple(PeerGroupSpec.parse(x, f"{at['peer_groups']}[{i}]")
                                     for i, x in enumerate(items(f["peer_groups"],
                                                                 at["peer_groups"]))),
                   peers=tuple(PeerSpec.parse(x, f"{at['peers']}[{i}]")
                               for i, x in enumerate(items(f["peers"], at["peers"]))))


@dataclass(frozen=True)
class DeviceV2Spec(Spec):
    """One of ``devices:`` (format v2)."""

    YAML: ClassVar[Mapping[str, str]] = {
        "name": "name", "role": "role", "platform": "platform", "low_latency": "low-latency",
        "ignore_primary_sub": "ignore-primary-sub", "interfaces": "interfaces", "bgp": "bgp",
    }
    REQUIRED = ("name",)
    NESTED: ClassVar[Mapping[str, tuple[type[Spec], bool]]] = {
        "interfaces": (InterfaceSpec, True), "bgp": (BgpSpec, False)}

    name: Any
    role: Any
    platform: Any
    low_latency: Any
    ignore_primary_sub: Any
    interfaces: tuple[InterfaceSpec, ...]
    bgp: BgpSpec | None

    @classmethod
    def parse(cls, raw: object, path: str) -> DeviceV2Spec:
        f = cls.fields(raw, path)
        at = join(path, cls.YAML["interfaces"])
        return cls(path, **{
            **f, "interfaces": tuple(InterfaceSpec.parse(x, f"{at}[{i}]")
                                     for i, x in enumerate(items(f["interfaces"], at))),
            "bgp": None if f["bgp"] is None else BgpSpec.parse(f["bgp"],
                                                               join(path, cls.YAML["bgp"]))})


@dataclass(frozen=True)
class UserSideV2Spec(UserSideSpec):
    """``mlag.user-side:`` as a mapping (format v2): format 1's ``user-side`` keys, and
    ``shared-interface``, the shared interface the user side is dual-homed on (required
    when the members share more than one VLANIF/VBDIF)."""

    YAML: ClassVar[Mapping[str, str]] = {**UserSideSpec.YAML,
                                         "shared_interface": "shared-interface"}

    shared_interface: Any


@dataclass(frozen=True)
class MlagV2Spec(Spec):
    """``mlag:`` (format v2): the two devices form an M-LAG pair; every interface both
    configure is shared. ``user-side`` lists the user side's addresses, or is a mapping
    (format 1's user-side keys and shared-interface) that can name the user-side device."""

    YAML: ClassVar[Mapping[str, str]] = {"mode": "mode", "user_side": "user-side"}
    NESTED: ClassVar[Mapping[str, tuple[type[Spec], bool]]] = {
        "user_side": (UserSideV2Spec, False)}

    mode: Any
    user_side: tuple[Any, ...] | UserSideV2Spec

    @classmethod
    def parse(cls, raw: object, path: str) -> MlagV2Spec:
        f = cls.fields({} if raw is None else raw, path)
        at = join(path, cls.YAML["user_side"])
        user = f["user_side"]
        return cls(path, mode=f["mode"],
                   user_side=(UserSideV2Spec.parse(user, at) if isinstance(user, Mapping)
                              else items(user, at)))


@dataclass(frozen=True)
class IntentV2Spec(Spec):
    """``version: 2``: device-centric. Devices (any number; exactly two with ``mlag:``),
    each with its interfaces (any number, each member its own addresses) and its BGP
    (peers and peer groups)."""

    YAML: ClassVar[Mapping[str, str]] = {"version": "version", "devices": "devices",
                                         "mlag": "mlag"}
    REQUIRED = ("version", "devices")
    NESTED: ClassVar[Mapping[str, tuple[type[Spec], bool]]] = {
        "devices": (DeviceV2Spec, True), "mlag": (MlagV2Spec, False)}

    version: Any
    devices: tuple[DeviceV2Spec, ...]
    mlag: MlagV2Spec | None

    @property
    def kind(self) -> str:
        return "v2"

    @classmethod
    def parse(cls, raw: object, path: str = "") -> IntentV2Spec:
        f = cls.fields(raw, path)
        where = cls.YAML["devices"]
        raws = items(f["devices"], where)
        if not raws:
            raise IntentError(where, "missing-key", "at least one device is required")
        mlag = (None if "mlag" not in mapping(raw, path) else
                MlagV2Spec.parse(f["mlag"], cls.YAML["mlag"]))
        if mlag is not None and len(raws) != 2:
            raise IntentError(where, "mlag-two-members",
                              f"an M-LAG pair has two members, got {len(raws)}")
        return cls(path, version=f["version"], mlag=mlag,
                   devices=tuple(DeviceV2Spec.parse(d, f"{where}[{i}]")
                                 for i, d in enumerate(raws)))


IntentSpec = MlagIntentSpec | MpEbgpIntentSpec | IntentV2Spec


def parse_spec(raw: object) -> IntentSpec:
    """Check the shape of an intent mapping (as YAML gives it) and return its spec."""
    data = mapping(raw, "")
    if "version" in data:
        if data["version"] != 2 or isinstance(data["version"], bool):
            raise IntentError("version", "intent-version",
                              f"{data['version']!r}: the intent format version is 2 (format "
                              "1 has 'kind' instead)")
        return IntentV2Spec.parse(data)
    kind = data.get("kind")
    if kind == "bgp-over-mlag":
        return MlagIntentSpec.parse(data)
    if kind == "mp-ebgp":
        return MpEbgpIntentSpec.parse(data)
    raise IntentError("kind", "intent-kind", f"{kind!r}: expected 'bgp-over-mlag' or 'mp-ebgp'")


def spec_classes() -> tuple[type[Spec], ...]:
    """Every spec class (the JSON Schema and the tests walk them)."""
    return (MlagIntentSpec, SharedInterfaceSpec, UserSideSpec, MemberSpec, MpEbgpIntentSpec,
            DeviceSpec, LoopbackSpec, PeerSpec, PeerGroupSpec, IntentV2Spec, MlagV2Spec,
            UserSideV2Spec, DeviceV2Spec, InterfaceSpec, BgpSpec)
