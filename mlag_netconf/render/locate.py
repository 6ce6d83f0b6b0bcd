"""From a device's ``error-path`` back to the feature and the builder field behind it.

A device names the node it refused with an instance path: in data form
(``/ifm:ifm/interfaces/interface[name='Vlanif100']/ip:ipv4/mnx:m-lag-ipv4/ip``), in
request form (``/nc:rpc/nc:edit-config/nc:config/ifm:ifm/...``, as a CloudEngine does) or
without a leading slash. :func:`locate` matches it against the registry's feature paths
(by local names, so any prefixing works) and :func:`model_path` turns that into the path
the builders and rules use (``DeviceA.interfaces[Vlanif100].mlag_ipv4``), which an intent
maps to its own field.

>>> found = locate("/nc:rpc/nc:edit-config/nc:config/ifm:ifm/ifm:interfaces/"
...                "ifm:interface[ifm:name='Vlanif100']/ip:ipv4/mnx:m-lag-ipv4/mnx:ip")
>>> found.feature, found.keys, found.leaf
('interface.mlag-ipv4', ('Vlanif100',), 'ip')
>>> model_path("DeviceA", found)
'DeviceA.interfaces[Vlanif100].mlag_ipv4'
>>> model_path("R1", locate("/ni:network-instance/instances/instance[name='_public_']/"
...                         "bgp:bgp/base-process/peers/peer[address='3.3.3.3']/remote-as"))
'R1.bgp.peers[3.3.3.3].remote_as'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mlag_netconf.render.registry import FEATURES

_SEGMENT = re.compile(r"(?:[\w.-]+:)?([\w.-]+)((?:\[[^\]]*\])*)")
_PREDICATE = re.compile(r"\[(?:[\w.-]+:)?([\w.-]+)\s*=\s*(['\"])(.*?)\2\]")


@dataclass(frozen=True)
class Located:
    """The feature an error path falls in, its list-key values, and the leaf (if any)."""

    feature: str
    keys: tuple[str, ...]
    leaf: str | None


def _segments(path: str) -> list[tuple[str, dict[str, str]]]:
    text = path.strip().lstrip("/")
    for marker in ("config/", ":config/"):  # request form: skip /nc:rpc/nc:edit-config/...
        at = text.find(marker)
        if at != -1 and "edit-config" in text[:at]:
            text = text[at + len(marker):]
            break
    out = []
    for part in re.split(r"/(?![^\[]*\])", text):
        m = _SEGMENT.fullmatch(part)
        if m is None:
            return []
        preds = {k: v for k, _, v in _PREDICATE.findall(m.group(2))}
        out.append((m.group(1), preds))
    return out


def locate(path: str) -> Located | None:
    """The registry feature whose path is the longest prefix of ``path`` (or ``None``)."""
    segments = _segments(path)
    best: tuple[int, Located] | None = None
    for feature in FEATURES.values():
        steps = feature.steps
        if len(segments) < len(steps):
            continue
        keys: list[str] = []
        for step, (local, preds) in zip(steps, segments, strict=False):
            if step.local != local:
                break
            if step.key is not None:
                keys.append(preds.get(step.key, ""))
        else:
            rest = segments[len(steps):]
            leaf = rest[0][0] if rest else None
            if leaf is not None and feature.leaves and not any(
                    leaf == name.split(":")[-1] for name in feature.leaves):
                # a leaf this feature does not set: a sibling feature may own it
                candidate = Located(feature.name, tuple(keys), leaf)
                score = len(steps) * 2
            else:
                candidate = Located(feature.name, tuple(keys), leaf)
                score = len(steps) * 2 + (1 if leaf is not None else 0)
            if best is None or score > best[0]:
                best = (score, candidate)
    return best[1] if best else None


#: (feature, leaf or None) -> the builder field under the feature's model object.
_FIELDS: dict[tuple[str, str | None], str] = {
    ("interface.ipv4", None): "ipv4",
    ("interface.mlag-ipv4", None): "mlag_ipv4",
    ("interface.mac", None): "virtual_mac",
    ("interface.arp-route-proxy", None): "route_proxy_arp",
    ("interface.arp-local-proxy", None): "local_proxy_arp",
    ("interface.ipv6", None): "ipv6_enable",
    ("interface.ipv6-address", None): "ipv6",
    ("interface.nd-na-glean", None): "nd_na_glean",
    ("interface.nd-route-proxy", None): "nd_proxy_route",
    ("interface.nd-route-proxy-prune", None): "nd_proxy_route",
    ("interface.mlag-ipv6", None): "mlag_ipv6",
    ("interface.mlag-ipv6", "link-local"): "mlag_ipv6_link_local",
    ("interface.mlag-ipv6-link-local", None): "mlag_ipv6_link_local",
    ("bgp", None): "asn",
    ("bgp.router-id", None): "router_id",
    ("bgp.family", None): "families",
    ("bgp.peer", "remote-as"): "remote_as",
    ("bgp.peer", "local-if-name"): "connect_interface",
    ("bgp.peer", "local-if-address"): "source_address",
    ("bgp.peer", "ebgp-max-hop"): "ebgp_max_hop",
    ("bgp.peer", "group-name"): "group",
    ("bgp.peer-family", None): "families",
    ("bgp.peer-group", "group-as"): "remote_as",
    ("bgp.peer-group", "type"): "type",
    ("bgp.peer-group", "local-if-name"): "connect_interface",
    ("bgp.peer-group", "local-if-address"): "source_address",
    ("bgp.peer-group", "ebgp-max-hop"): "ebgp_max_hop",
    ("bgp.peer-group-family", None): "families",
}


def model_path(device: str, found: Located | None) -> str | None:
    """The builder path (as the rules report it) of a located error, or ``None``."""
    if found is None:
        return None
    f, keys = found.feature, found.keys
    field = _FIELDS.get((f, found.leaf)) or _FIELDS.get((f, None))
    if f.startswith("interface") and keys:
        base = f"{device}.interfaces[{keys[0]}]"
    elif f == "vlan" and keys:
        return f"{device}.interfaces[Vlanif{keys[0]}].vlan"
    elif f.startswith("bd") and keys:
        return f"{device}.interfaces[Vbdif{keys[0]}]." + ("vni" if f == "bd.vni" else "bd")
    elif f.startswith("bgp.peer-group") and len(keys) > 1:
        base = f"{device}.bgp.peer_groups[{keys[1]}]"
    elif f.startswith("bgp.peer") and len(keys) > 1:
        base = f"{device}.bgp.peers[{keys[1]}]"
    elif f.startswith("bgp"):
        base = f"{device}.bgp"
    else:
        return None
    return f"{base}.{field}" if field else base
