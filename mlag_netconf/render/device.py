"""Render one :class:`~mlag_netconf.model.Device` into its edit-config payload.

Follow one field from the builder to the XML here: each ``_*`` function below renders one
part of the device through the feature names of :mod:`~mlag_netconf.render.registry`.

>>> from mlag_netconf.model import Device, vlanif
>>> p = render_device(Device("A", interfaces=[vlanif(100, ipv4="10.1.1.1/24")]))
>>> p.features
('vlan', 'interface', 'interface.ipv4')
"""

from __future__ import annotations

from mlag_netconf.enums import AddressFamily, EditOperation, InterfaceType, NdProxyRoute, PeerType
from mlag_netconf.model.bgp import Bgp, Peer, PeerGroup
from mlag_netconf.model.device import Device
from mlag_netconf.model.interface import Interface
from mlag_netconf.namespaces import PUBLIC_INSTANCE as PUBLIC
from mlag_netconf.render.builder import ConfigBuilder
from mlag_netconf.render.payload import Payload
from mlag_netconf.rules.bgp import effective_remote_as

_LINK_LOCAL_PREFIX = "10"  # the FE80::/10 scope; the model requires a prefix-length
_AF_CONTAINER = {AddressFamily.IPV4_UNICAST: "ipv4-unicast",
                 AddressFamily.IPV6_UNICAST: "ipv6-unicast"}


def render_device(dev: Device) -> Payload:
    """The payload for ``dev``.

    Rules are not checked here: :func:`mlag_netconf.compose.payload` checks, then renders.
    """
    b = ConfigBuilder()
    for iface in dev.interfaces:
        _l2(b, iface)
    for iface in dev.interfaces:
        _interface(b, iface)
    if dev.bgp is not None:
        _bgp(b, dev.bgp)
    return Payload(dev.name, b.to_string(), tuple(b.features))


def _l2(b: ConfigBuilder, iface: Interface) -> None:
    kind = iface.type  # VLAN 100 for Vlanif100, BD 10 for Vbdif10 (the number is checked)
    if kind is InterfaceType.VLANIF:
        b.node("vlan", str(iface.name.number))
    elif kind is InterfaceType.VBDIF:
        bd = str(iface.name.number)
        b.node("bd", bd)
        if iface.vni is not None:
            b.node("bd.vni", bd, iface.vni.xml_text)


def _interface(b: ConfigBuilder, iface: Interface) -> None:
    name = iface.name.text
    b.set("interface", name, leaves={"class": "main-interface", "type": iface.type,
                                   "number": str(iface.name.number)})
    if iface.virtual_mac is not None:
        b.set("interface.mac", name, leaves={"mac-address": iface.virtual_mac.xml_text})
    if iface.ipv4 is not None:
        b.set("interface.ipv4", name, iface.ipv4.xml_text,
              leaves={"mask": iface.ipv4.mask, "type": "main"})
    for sub in iface.ipv4_secondary:
        b.set("interface.ipv4", name, sub.xml_text, leaves={"mask": sub.mask, "type": "sub"})
    if iface.mlag_ipv4 is not None and iface.ipv4 is not None:
        b.set("interface.mlag-ipv4", name,
              leaves={"ip": str(iface.mlag_ipv4), "mask": iface.ipv4.mask})
    if iface.route_proxy_arp:
        b.set("interface.arp-route-proxy", name, leaves={"route-proxy-enable": "true"})
    if iface.local_proxy_arp:
        b.set("interface.arp-local-proxy", name, leaves={"local-proxy-enable": "true"})
    if iface.ipv6_on:
        _ipv6(b, iface)


def _ipv6(b: ConfigBuilder, iface: Interface) -> None:
    name = iface.name.text
    b.node("interface.ipv6", name)
    for a in iface.ipv6:
        b.set("interface.ipv6-address", name, str(a.ip),
              leaves={"prefix-length": str(a.prefix_length), "type": "global"})
    if iface.ipv6_link_local is not None:
        b.set("interface.ipv6-address", name, str(iface.ipv6_link_local),
              leaves={"prefix-length": _LINK_LOCAL_PREFIX, "type": "link-local"})
    if iface.mlag_ipv6 is not None:
        b.set("interface.mlag-ipv6", name, leaves={
            "ip": str(iface.mlag_ipv6.ip), "prefix-length": str(iface.mlag_ipv6.prefix_length)})
    if iface.mlag_ipv6_link_local is not None:
        b.set("interface.mlag-ipv6-link-local", name,
              leaves={"link-local": str(iface.mlag_ipv6_link_local)})
    if iface.nd_na_glean:
        b.set("interface.nd-na-glean", name, leaves={"na-glean": "on"})
    if iface.nd_proxy_route is not NdProxyRoute.OFF:
        b.set("interface.nd-route-proxy", name, leaves={"route-proxy": "on"})
        if iface.nd_proxy_route is NdProxyRoute.PRUNE:
            b.set("interface.nd-route-proxy-prune", name,
                  leaves={"mnx:route-proxy-prune": "true"})


def _bgp(b: ConfigBuilder, bgp: Bgp) -> None:
    b.set("bgp", leaves={"enable": "true", "as": bgp.asn.xml_text})
    if bgp.router_id is not None:
        b.set("bgp.router-id", PUBLIC, leaves={"router-id": bgp.router_id.xml_text})
    for af in AddressFamily:
        if af in bgp.families:
            b.node("bgp.family", PUBLIC, af.value)
    for group in bgp.peer_groups:
        _peer_group(b, group)
    for peer in bgp.peers:
        _peer(b, bgp, peer)


def _peer_leaves(item: Peer | PeerGroup) -> dict[str, str | None]:
    leaves: dict[str, str | None] = {}
    if item.connect_interface is not None:
        leaves["local-if-name"] = item.connect_interface.text
    if item.source_address is not None:
        leaves["local-if-address"] = str(item.source_address)
    if item.ebgp_max_hop is not None:
        leaves["ebgp-max-hop"] = item.ebgp_max_hop.xml_text
    return leaves


def _peer_group(b: ConfigBuilder, group: PeerGroup) -> None:
    leaves: dict[str, str | None] = {"type": group.type.value}
    common = _peer_leaves(group)
    if group.type is PeerType.IBGP:
        # `group-as` and `ebgp-max-hop` are `when type != ibgp`: an IBGP group's AS is
        # the local AS (the rules refuse another one, and a max-hop)
        common.pop("ebgp-max-hop", None)
    elif group.remote_as is not None:
        leaves["group-as"] = group.remote_as.xml_text
    b.set("bgp.peer-group", PUBLIC, group.name.text, leaves={**leaves, **common})
    _families(b, "bgp.peer-group-family", group.name.text, group)


def _peer(b: ConfigBuilder, bgp: Bgp, peer: Peer) -> None:
    leaves: dict[str, str | None] = {}
    remote_as = effective_remote_as(bgp, peer)  # `remote-as` is mandatory: the group's
    if remote_as is not None:
        leaves["remote-as"] = remote_as.xml_text
    if peer.group is not None:
        leaves["group-name"] = peer.group.text
    b.set("bgp.peer", PUBLIC, str(peer.address), leaves={**leaves, **_peer_leaves(peer)})
    _families(b, "bgp.peer-family", str(peer.address), peer)


def _families(b: ConfigBuilder, feature: str, key: str, item: Peer | PeerGroup) -> None:
    for af in AddressFamily:
        on = dict(item.families).get(af)
        if on is True:
            container = _AF_CONTAINER.get(af)
            # An empty family container changes nothing in a merge; it keeps servers that
            # evaluate the container's `must` on absent data (netconfd) happy.
            b.set(feature, PUBLIC, key, af.value, leaves={container: None} if container else None)
        elif on is False:
            # `remove`, not `delete`: idempotent when the entry is already absent.
            b.set(feature, PUBLIC, key, af.value, op=EditOperation.REMOVE)


__all__ = ["render_device"]
