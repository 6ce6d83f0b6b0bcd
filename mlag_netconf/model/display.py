"""How the builders show themselves: short plain reprs and notebook tables.

Plain data only (no rules are run here: the rules floor sits above). The reprs leave out
every field at its default: leaves read as the call that builds them
(``Peer('10.1.1.100', remote_as='65100', families={'ipv4-unicast': True})``), containers
as a summary (``Device('DeviceA', Vlanif100, Bgp(AS 65001, router-id 1.1.1.1, 2 peers))``).

In a notebook a device is a table of its interfaces (addresses, M-LAG, proxies) and of
its BGP peers (AS, source, families); a pair is its members side by side, each cell that
the documented rules require to match or to differ marked.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from mlag_netconf.enums import AddressFamily, MlagMode, NdProxyRoute
from mlag_netconf.html import (
    Html,
    Tone,
    block,
    code,
    colour,
    details,
    esc,
    fields,
    join,
    mark,
    plural,
    table,
    tag,
)
from mlag_netconf.namespaces import PUBLIC_INSTANCE

if TYPE_CHECKING:
    from mlag_netconf.model.bgp import Bgp, Peer, PeerGroup, _PeerCommon
    from mlag_netconf.model.device import Device, MlagPair
    from mlag_netconf.model.interface import Interface

_BR = Html("<br>")


# --------------------------------------------------------------------------- reprs
def _text(value: object) -> object:
    """A field value as plain Python: text for typed leaves, lists for tuples."""
    if isinstance(value, bool | int):
        return value
    if isinstance(value, tuple | list | frozenset | set):
        items = [_text(v) for v in value]
        return sorted(items, key=str) if isinstance(value, frozenset | set) else items
    if isinstance(value, AddressFamily):
        return value.intent_name
    return str(value)


def call_repr(obj: object, first: str) -> str:
    """``Type('first', field=value, ...)``: the fields not at their default, as text.

    >>> from mlag_netconf.model.interface import vlanif
    >>> vlanif(100, ipv4="10.1.1.1/24", route_proxy_arp=True)
    Interface('Vlanif100', ipv4='10.1.1.1/24', route_proxy_arp=True)
    """
    parts = [repr(str(getattr(obj, first)))]
    for f in dataclasses.fields(obj):  # type: ignore[arg-type]
        value = getattr(obj, f.name)
        if f.name == first or value is None or value == _default(f):
            continue
        if f.name == "families":
            shown: object = {af.intent_name: on for af, on in value}
        else:
            shown = _text(value)
        parts.append(f"{f.name}={shown!r}")
    return f"{type(obj).__name__}({', '.join(parts)})"


def _default(f: dataclasses.Field[object]) -> object:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return dataclasses.MISSING


def bgp_repr(bgp: Bgp) -> str:
    """``Bgp(AS 65001, router-id 1.1.1.1, 2 peers)``."""
    parts = [f"AS {bgp.asn}"]
    if bgp.router_id is not None:
        parts.append(f"router-id {bgp.router_id}")
    if bgp.peers:
        parts.append(plural(len(bgp.peers), "peer"))
    if bgp.peer_groups:
        parts.append(plural(len(bgp.peer_groups), "peer group"))
    if bgp.declared_families is not None:
        parts.append("families " + "/".join(sorted(af.intent_name
                                                   for af in bgp.declared_families)))
    return f"Bgp({', '.join(parts)})"


def device_repr(device: Device) -> str:
    """``Device('DeviceA', Vlanif100, Bgp(AS 65001, ...))``: at most three interfaces named."""
    names = [str(i.name) for i in device.interfaces]
    parts = [repr(device.name)]
    if names:
        parts.append(", ".join(names[:3]) + (f" +{len(names) - 3} more" if len(names) > 3
                                              else ""))
    if device.bgp is not None:
        parts.append(bgp_repr(device.bgp))
    if device.platform is not None:
        parts.append(f"platform={device.platform!r}")
    parts += [f"{flag}=True" for flag in ("ignore_primary_sub", "low_latency")
              if getattr(device, flag)]
    return f"Device({', '.join(parts)})"


def pair_repr(pair: MlagPair) -> str:
    """``MlagPair('DeviceA', 'DeviceB', user_side=['10.1.1.100'])``."""
    parts = [repr(m.name) for m in pair.members]
    if pair.mode is not MlagMode.DUAL_ACTIVE:
        parts.append(f"mode={str(pair.mode)!r}")
    if pair.shared_interface is not None:
        parts.append(f"shared_interface={str(pair.shared_interface)!r}")
    if pair.user_side:
        parts.append(f"user_side={[str(a) for a in pair.user_side]!r}")
    return f"MlagPair({', '.join(parts)})"


# --------------------------------------------------------------------------- cells
def _l2(i: Interface) -> str:
    if i.vlan is not None:
        return f"VLAN {i.vlan.value}"
    if i.bd is not None:
        return f"BD {i.bd.value}" + (f" · VNI {i.vni}" if i.vni is not None else "")
    return ""


def _ipv4(i: Interface) -> Html:
    lines = [code(i.ipv4)] if i.ipv4 is not None else []
    return join([*lines, *(Html(f"{code(a)} sub") for a in i.ipv4_secondary)], _BR)


def _ipv6(i: Interface) -> Html:
    lines = [code(a) for a in i.ipv6]
    if i.ipv6_link_local is not None:
        lines.append(Html(f"{code(i.ipv6_link_local)} link-local"))
    if not lines and i.ipv6_enable:
        lines.append(Html("enabled"))
    return join(lines, _BR)


def _mlag_ipv6(i: Interface) -> Html:
    lines = [code(i.mlag_ipv6)] if i.mlag_ipv6 is not None else []
    if i.mlag_ipv6_link_local is not None:
        lines.append(Html(f"{code(i.mlag_ipv6_link_local)} link-local"))
    return join(lines, _BR)


def _code(value: object) -> Html:
    return code(value) if value is not None else Html("")


def _proxies(i: Interface) -> str:
    out = []
    if i.route_proxy_arp:
        out.append("ARP routed")
    if i.local_proxy_arp:
        out.append("ARP local")
    if i.nd_proxy_route is NdProxyRoute.ON:
        out.append("ND routed")
    elif i.nd_proxy_route is NdProxyRoute.PRUNE:
        out.append("ND routed prune")
    if i.nd_na_glean:
        out.append("NA glean")
    return ", ".join(out)


def _name(i: Interface) -> Html:
    vrf = f" (VPN {i.vpn_instance})" if i.vpn_instance != PUBLIC_INSTANCE else ""
    return Html(f"<b>{esc(i.name)}</b>{esc(vrf)}")


def interfaces_table(interfaces: Sequence[Interface]) -> Html:
    rows = [[_name(i), _l2(i), _ipv4(i), _code(i.virtual_mac), _code(i.mlag_ipv4),
             _ipv6(i), _mlag_ipv6(i), _proxies(i)] for i in interfaces]
    return table(["interface", "L2", "IPv4", "virtual MAC", "M-LAG IPv4", "IPv6",
                  "M-LAG IPv6", "proxies"], rows, cls="mn-interfaces", compact=True)


def _families(p: _PeerCommon) -> Html:
    return join((mark(af.intent_name, "good", title="peer … enable") if on else
                 mark(f"{af.intent_name} off", "muted", title="undo peer … enable")
                 for af, on in p.families), " ")


def _source(p: _PeerCommon) -> Html:
    return join((code(x) for x in (p.connect_interface, p.source_address) if x is not None),
                " ")


def _opt(value: object) -> str:
    return "" if value is None else str(value)


def peers_table(peers: Sequence[Peer]) -> Html:
    rows = [[Html(f"<b>{esc(p.address)}</b>"), _opt(p.remote_as), _opt(p.group), _source(p),
             _opt(p.ebgp_max_hop), _families(p)] for p in peers]
    return table(["peer", "AS", "group", "source", "ebgp-max-hop", "families"], rows,
                 cls="mn-peers", compact=True)


def groups_table(groups: Sequence[PeerGroup]) -> Html:
    rows = [[Html(f"<b>{esc(g.name)}</b>"), str(g.type), _opt(g.remote_as), _source(g),
             _opt(g.ebgp_max_hop), _families(g)] for g in groups]
    return table(["peer group", "type", "AS", "source", "ebgp-max-hop", "families"], rows,
                 cls="mn-peer-groups", compact=True)


def bgp_html(bgp: Bgp) -> Html:
    head = fields([("BGP AS", code(bgp.asn)), ("router-id", code(_opt(bgp.router_id))),
                   ("families", ", ".join(sorted(af.intent_name for af in bgp.families))
                    or "—")], cls="mn-bgp")
    parts = [head]
    if bgp.peer_groups:
        parts.append(groups_table(bgp.peer_groups))
    if bgp.peers:
        parts.append(peers_table(bgp.peers))
    return block(*parts, cls="mn-bgp-block")


def device_html(device: Device) -> Html:
    facts = [f"platform {device.platform}" if device.platform else "",
             "ignore primary-sub" if device.ignore_primary_sub else "",
             "low-latency mode" if device.low_latency else ""]
    title = tag("div", Html(f"<b>{esc(device.name)}</b>"),
                *(f" · {f}" for f in facts if f), style="font-size: 14px; margin: 4px 0")
    parts: list[object] = [title]
    if device.interfaces:
        parts.append(interfaces_table(device.interfaces))
    if device.bgp is not None:
        parts.append(bgp_html(device.bgp))
    return block(*parts, cls="mn-device")


def interface_html(i: Interface) -> Html:
    return block(interfaces_table([i]), cls="mn-interface")


# --------------------------------------------------------------------------- the pair
#: (label, how to read it from an interface, "match" or "differ", the rule that says so)
_IF_ROWS: tuple[tuple[str, Callable[[Interface], object], str, str], ...] = (
    ("primary IPv4", lambda i: i.ipv4, "match", "pair-same-primary"),
    ("IPv6 global", lambda i: ", ".join(sorted(str(a) for a in i.ipv6)) or None, "match",
     "pair-same-primary"),
    ("virtual MAC", lambda i: i.virtual_mac, "match", "pair-same-virtual-mac"),
    ("M-LAG IPv4", lambda i: i.mlag_ipv4, "differ", "mlag-ipv4-unique"),
    ("M-LAG IPv6", lambda i: i.mlag_ipv6.ip if i.mlag_ipv6 else None, "differ",
     "mlag-ipv6-unique"),
    ("M-LAG link-local", lambda i: i.mlag_ipv6_link_local, "differ",
     "mlag-ipv6-link-local-unique"),
)
_BGP_ROWS: tuple[tuple[str, Callable[[Bgp], object], str, str], ...] = (
    ("BGP AS", lambda b: b.asn, "match", "pair-same-as"),
    ("router-id", lambda b: b.router_id, "differ", "pair-different-router-id"),
)
#: every rule the pair view names (a test holds each to the catalogue)
PAIR_RULES = frozenset(r for *_, r in (*_IF_ROWS, *_BGP_ROWS))


def _compare(label: Html | str, a: object, b: object, want: str, rule: str) -> list[object]:
    if a is None and b is None:
        return []
    same = a == b
    ok = same if want == "match" else not same
    sign = "=" if same else "≠"
    tone: Tone = ("good" if want == "match" else "info") if ok else "bad"
    verdict = f"must {want}: {'ok' if ok else 'BROKEN'}"
    cells = [mark(code(_opt(v)), tone, title=f"{rule}: {verdict}") for v in (a, b)]
    return [label, *cells, Html(f"{colour(sign, tone)} must {esc(want)} "
                                f"<small>({esc(rule)})</small>")]


def pair_html(pair: MlagPair) -> Html:
    a, b = pair.members
    rows: list[list[object]] = []
    for name in pair.shared_interfaces:
        ia, ib = a.find_interface(name), b.find_interface(name)
        if ia is None or ib is None:
            rows.append([Html(f"<b>{esc(name)}</b>"), "✓" if ia else "missing",
                         "✓" if ib else "missing",
                         Html(f"{colour('≠', 'bad')} both configure it "
                              "<small>(pair-shared-interface)</small>")])
            continue
        for label, get, want, rule in _IF_ROWS:
            row = _compare(Html(f"<b>{esc(name)}</b> {esc(label)}"), get(ia), get(ib),
                           want, rule)
            if row:
                rows.append(row)
    if a.bgp is not None and b.bgp is not None:
        for label, bget, want, rule in _BGP_ROWS:
            row = _compare(label, bget(a.bgp), bget(b.bgp), want, rule)
            if row:
                rows.append(row)
        rows.append(["BGP peers", _peer_list(a.bgp), _peer_list(b.bgp), ""])
    head = fields([("M-LAG mode", mark(pair.mode, "good" if pair.mode is MlagMode.DUAL_ACTIVE
                                       else "bad")),
                   ("user side", join((code(x) for x in pair.user_side), ", ") or "—")],
                  cls="mn-pair-header")
    side = table(["", Html(f"<b>{esc(a.name)}</b>"), Html(f"<b>{esc(b.name)}</b>"),
                  "the rules"], rows, cls="mn-pair")
    legend = tag("div", mark("must match", "good"), " ", mark("must differ", "info"), " ",
                 mark("broken", "bad"), style="font-size: 12px; margin: 2px 0")
    members = details("both members in full",
                      tag("div", *(device_html(m) for m in pair.members),
                          style="display: flex; flex-wrap: wrap; gap: 24px"))
    return block(head, side, legend, members, cls="mn-pair-block")


def _peer_list(bgp: Bgp) -> Html:
    return join((Html(f"{code(p.address)} AS {esc(_opt(p.remote_as))}") for p in bgp.peers),
                _BR)


def devices_html(devices: Iterable[Device]) -> Html:
    return block(*(device_html(d) for d in devices), cls="mn-devices")
