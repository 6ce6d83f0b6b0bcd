"""The user-side device of ``examples/bgp-over-mlag.yaml`` (DeviceC) as a payload, for
transactions of three devices; and canonical text of a datastore."""

from __future__ import annotations

from lxml import etree

from mlag_netconf import Payload
from mlag_netconf.compose import payload
from mlag_netconf.model import Bgp, Device, Peer, vlanif
from mlag_netconf.xmltree import Element, deep_copy, parse, pretty_text

USER_SIDE = "DeviceC"


def user_side_payload() -> Payload:
    """DeviceC: VLANIF100 with the user-side addresses, BGP AS 65100 peering with both
    members' M-LAG addresses (IPv4 and IPv6), as the example's ``user-side:`` says."""
    ipv6 = {"ipv6-unicast": True}
    device = Device(USER_SIDE, [vlanif(100, ipv4="10.1.1.100/24", ipv6_enable=True,
                                       ipv6=["2001:db8:1::100/64"])],
                    Bgp(65100, "3.3.3.3", peers=[
                        Peer("10.1.1.2", 65001), Peer("10.1.1.3", 65001),
                        Peer("2001:db8:1::2", 65001, families=ipv6),
                        Peer("2001:db8:1::3", 65001, families=ipv6)]))
    return payload(device)


def canonical(root: Element) -> str:
    """A datastore as text, empty non-presence containers pruned (no data, RFC 7950
    §7.5.1): equal text, equal configuration."""
    root = deep_copy(root)
    pruned = True
    while pruned:
        pruned = False
        for e in list(root.iter()):
            if e is not root and not len(e) and not (e.text or "").strip():
                parent = e.getparent()
                if parent is not None:
                    parent.remove(e)
                    pruned = True
    return pretty_text(root)


def unordered(root: Element) -> str:
    """:func:`canonical` with siblings sorted: the same configuration whatever order a
    server keeps its ``ordered-by system`` list entries in (a compensating commit
    re-creates entries, which may come back in another order)."""
    root = parse(canonical(root).encode())

    def sort(e: Element) -> None:
        for c in e:
            sort(c)
        e[:] = sorted(e, key=lambda c: etree.tostring(c))

    sort(root)
    return pretty_text(root)
