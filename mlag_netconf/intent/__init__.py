"""YAML intents: a short description of BGP over M-LAG or an MP-EBGP peering.

Two kinds exist (see ``examples/``):

- ``bgp-over-mlag``: one shared VLANIF/VBDIF on an M-LAG pair, each member peering with
  the dual-homed user-side device from its own M-LAG address (IPv4 and, optionally, IPv6).
  Format 2 (``version: 2``, device-centric) says the same with any number of shared
  interfaces; its ``mlag.user-side`` can name the user side too.
- ``mp-ebgp``: devices peering over loopbacks, typically VPNv4 only.

An intent goes YAML (:mod:`~mlag_netconf.intent.loader`) → spec, its shape checked
(:mod:`~mlag_netconf.intent.spec`) → model, every value parsed at its intent path
(:mod:`~mlag_netconf.intent.build`) → the rules (:func:`mlag_netconf.compose.violations`),
whose paths the origin table written by the build translates back to intent fields.
Errors name the intent field: ``members[1].m-lag-ipv4: rule: …``.

>>> intent = parse_intent({
...     "kind": "mp-ebgp",
...     "devices": [{"name": "R1", "as": 65001, "loopback": {"id": 1, "ipv4": "1.1.1.1/32"},
...                  "peers": [{"address": "3.3.3.3", "as": 65003,
...                             "connect-interface": "LoopBack1", "ebgp-max-hop": 10,
...                             "families": {"vpnv4": True, "ipv4-unicast": False}}]}]})
>>> sorted(intent.payloads())
['R1']
>>> intent.intent_path("R1.bgp.peers[3.3.3.3].ebgp_max_hop")
'devices[0].peers[0].ebgp-max-hop'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from mlag_netconf.compose import violations, warnings
from mlag_netconf.errors import IntentError, RuleViolation, ValidationError, raise_all
from mlag_netconf.html import block, code, fields, join
from mlag_netconf.intent.build import build
from mlag_netconf.intent.loader import load_yaml
from mlag_netconf.intent.spec import parse_spec
from mlag_netconf.model import Device, MlagPair
from mlag_netconf.model.display import devices_html, pair_html
from mlag_netconf.render import Payload, render_device
from mlag_netconf.render.locate import locate, model_path

__all__ = ["Intent", "load_intent", "loads_intent", "parse_intent"]


@dataclass(frozen=True)
class Intent:
    """A parsed intent: the devices it configures, checked against every rule.

    ``origins`` maps each model path the rules report (``DeviceA.bgp.asn``) to the intent
    field it was built from (``members[0].as``); see :meth:`intent_path`. ``warnings``
    are the warning rules it breaks (rendered anyway), at intent paths. ``user_side`` is
    the dual-homed device of an M-LAG intent whose user side has a ``name`` (format 1's
    ``user-side``, format 2's ``mlag.user-side`` mapping; checked by the rules too; not
    one of ``devices``: see :meth:`extra_payloads`).
    """

    kind: str
    devices: tuple[Device, ...]
    pair: MlagPair | None = None
    origins: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)
    warnings: tuple[RuleViolation, ...] = field(default=(), compare=False)
    user_side: Device | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "origins", MappingProxyType(dict(self.origins)))

    def payloads(self) -> dict[str, Payload]:
        """One rendered payload per device, keyed by device name (in intent order).

        Every rule was checked when the intent was parsed.
        """
        return {d.name: render_device(d) for d in self.devices}

    def user_side_payload(self) -> Payload | None:
        """The user side's payload (its BGP with a peer per member and family; its
        interface when ``user-side.interface`` is given), or ``None`` when the intent does
        not name the user side.

        >>> intent = loads_intent(_VBDIF_EXAMPLE.replace("as: 1.100,", "name: CE-3, as: 1.100,"))
        >>> print(intent.user_side_payload().cli())  # doctest: +ELLIPSIS
        bgp 1.100
         peer 172.16.10.2 as-number 1.1
         peer 172.16.10.3 as-number 1.1
         ...
        """
        return render_device(self.user_side) if self.user_side is not None else None

    def extra_payloads(self) -> dict[str, Payload]:
        """The devices that join a transaction when the inventory has them (``extra=`` of
        :func:`mlag_netconf.netconf.pair.apply_all`): the user side, if named."""
        return {} if self.user_side is None else {self.user_side.name:
                                                  render_device(self.user_side)}

    def __repr__(self) -> str:
        """``Intent('bgp-over-mlag', 'DeviceA', 'DeviceB')`` (no origin table)."""
        return f"Intent({', '.join(repr(x) for x in (self.kind, *self.device_names))})"

    @property
    def device_names(self) -> tuple[str, ...]:
        return tuple(d.name for d in self.devices)

    def _repr_html_(self) -> str:
        head = fields([("intent", code(self.kind)),
                       ("devices", join((code(n) for n in self.device_names), ", "))],
                      cls="mn-intent-header")
        body = pair_html(self.pair) if self.pair is not None else devices_html(self.devices)
        return block(head, body, cls="mn-intent")

    def intent_path(self, model_path: str) -> str:
        """The intent field a model path (``DeviceA.interfaces[Vlanif100].mlag_ipv4``) was
        built from (``members[0].m-lag-ipv4``): the path itself, else its nearest
        recorded ancestor, else ``model_path`` unchanged."""
        path = model_path
        while path:
            if path in self.origins:
                return self.origins[path]
            path = _parent(path)
        return model_path

    def field_for(self, device: str, error_path: str | None) -> str | None:
        """The intent field behind a device's ``error-path`` (any prefixing, data or
        request form), or ``None`` when the path falls in no feature of the registry.

        >>> intent = loads_intent(_VBDIF_EXAMPLE)
        >>> intent.field_for("CE-2", "/ifm:ifm/interfaces/interface[name='Vbdif10']"
        ...                  "/ip:ipv4/mnx:m-lag-ipv4/ip")
        'members[1].m-lag-ipv4'
        >>> intent.field_for("CE-1", "/nc:rpc/nc:edit-config/nc:config/ni:network-instance/"
        ...   "ni:instances/ni:instance[ni:name='_public_']/bgp:bgp/bgp:base-process/"
        ...   "bgp:peers/bgp:peer[bgp:address='172.16.10.200']/bgp:remote-as")
        'user-side.as'
        """
        where = model_path(device, locate(error_path or ""))
        return self.intent_path(where) if where else None


def _parent(path: str) -> str:
    """``a.b[k.1].c`` → ``a.b[k.1]`` → ``a.b`` → ``a`` → ``""``."""
    if path.endswith("]"):
        return path[:path.rfind("[")]
    return path[:max(path.rfind("."), 0)]


def parse_intent(raw: object) -> Intent:
    """Parse an intent mapping; raise :class:`ValidationError` (or several) naming fields."""
    spec = parse_spec(raw)
    built = build(spec)
    intent = Intent(spec.kind, built.devices, built.pair, built.origins,
                    user_side=built.user_side)
    _check(intent)
    found = [*warnings(_subject(intent)), *warnings(_user(intent))]
    return Intent(spec.kind, built.devices, built.pair, built.origins,
                  tuple(_at_intent_paths(intent, found)), built.user_side)


def _subject(intent: Intent) -> MlagPair | list[Device]:
    """What the rules check: the pair, else the devices."""
    return intent.pair if intent.pair is not None else list(intent.devices)


def _user(intent: Intent) -> list[Device]:
    return [intent.user_side] if intent.user_side is not None else []


def load_intent(path: str | Path) -> Intent:
    """Read a YAML intent file (UTF-8) and parse it (see :func:`parse_intent`)."""
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        raise IntentError("", "intent-encoding", f"byte 0x{data[e.start]:02x} on line {line} "
                                                 "is not UTF-8; save the file as UTF-8") from None
    return loads_intent(text)


def loads_intent(text: str) -> Intent:
    """Parse intent YAML text.

    >>> loads_intent(_VBDIF_EXAMPLE).devices[0].bgp.asn
    AsNumber('1.1')
    """
    return parse_intent(load_yaml(text))


_VBDIF_EXAMPLE = """
kind: bgp-over-mlag
interface: {type: vbdif, id: 10, vni: 5010, ipv4: 172.16.10.1/24}
user-side: {as: 1.100, ipv4: 172.16.10.200}
members:
  - {name: CE-1, as: 1.1, router-id: 10.0.0.1, m-lag-ipv4: 172.16.10.2}
  - {name: CE-2, as: 1.1, router-id: 10.0.0.2, m-lag-ipv4: 172.16.10.3}
"""


def _check(intent: Intent) -> None:
    """Raise every rule the intent breaks, each (intent path, rule) once: both members
    often break the same shared field."""
    found = [*violations(_subject(intent)), *violations(_user(intent))]
    errors: list[ValidationError] = list(_at_intent_paths(intent, found))
    raise_all(errors)


def _at_intent_paths(intent: Intent, found: list[RuleViolation]) -> list[RuleViolation]:
    """``found`` with intent paths, each (intent path, rule) once."""
    out: dict[tuple[str, str], RuleViolation] = {}
    for v in found:
        path = intent.intent_path(v.path)
        out.setdefault((path, v.rule), RuleViolation(path, v.rule, v.message))
    return list(out.values())
