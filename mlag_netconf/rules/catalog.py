"""The catalogue of documented rules: id → what the product documentation says.

Every :class:`~mlag_netconf.errors.RuleViolation` the library raises carries one of these
ids as its ``rule``; the test suite holds a rejecting and an accepting test for each.
"""

from __future__ import annotations

from collections.abc import Mapping

from mlag_netconf.errors import RuleViolation
from mlag_netconf.html import block, code, table


class RuleCatalogue(dict[str, str]):
    """The rules by id (a plain ``dict``: id → what the documentation says), in sections.

    ``starts`` names the first rule of each section (rules follow in catalogue order), so
    a rule added inside a section belongs to it. In a notebook it is a table grouped by
    section.

    >>> RULES  # doctest: +ELLIPSIS
    RuleCatalogue(... rules in ... sections)
    >>> RULES.sections()["14. Cross-member"][:2]
    ('device-name-unique', 'pair-same-virtual-mac')
    """

    def __init__(self, rules: Mapping[str, str], starts: Mapping[str, str]) -> None:
        super().__init__(rules)
        self.starts = dict(starts)

    def sections(self) -> dict[str, tuple[str, ...]]:
        """Section title → its rule ids, in catalogue order."""
        out: dict[str, list[str]] = {}
        title = ""
        for rule in self:
            title = self.starts.get(rule, title)
            out.setdefault(title, []).append(rule)
        return {t: tuple(rules) for t, rules in out.items()}

    def __repr__(self) -> str:
        return f"RuleCatalogue({len(self)} rules in {len(self.sections())} sections)"

    def _repr_html_(self) -> str:
        rows = [[f"{title}" if i == 0 else "", code(rule), self[rule]]
                for title, rules in self.sections().items() for i, rule in enumerate(rules)]
        return block(table(["section", "rule", "what the product documentation says"], rows,
                           cls="mn-rules", caption=f"{len(self)} documented rules, each "
                                                   "checked before anything is rendered"),
                     cls="mn-rules-block")


_RULES: dict[str, str] = {
    # 1. M-LAG mode
    "mlag-dual-active": "BGP over M-LAG needs dual-active M-LAG; active/standby is rejected",
    # 2. counts
    "mlag-ipv4-one-per-interface": "at most one M-LAG IPv4 address per interface",
    "ipv4-secondary-max-255": "at most 255 secondary IPv4 addresses per interface",
    "ipv4-secondary-needs-primary": "secondary IPv4 addresses need a primary address",
    "ipv4-address-duplicate": "an IPv4 address appears twice on one interface",
    # 3. M-LAG IPv4 on the interface
    "mlag-ipv4-unicast": "M-LAG IPv4 is not multicast, broadcast (incl. the subnet's), "
                         "loopback or unspecified",
    "mlag-ipv4-in-primary-subnet": "M-LAG IPv4 lies in the primary address's subnet",
    "mlag-ipv4-needs-primary": "M-LAG IPv4 needs a primary IPv4 address on the interface",
    "mlag-ipv4-not-interface-address": "M-LAG IPv4 differs from every primary and secondary "
                                       "address of the interface",
    # 4. uniqueness across the network
    "mlag-ipv4-unique": "M-LAG IPv4 differs between members, from the user side and from "
                        "every other address in the intent",
    # 5.
    "mlag-ipv4-ignore-primary-sub": "'ip address ignore primary-sub enable' forbids M-LAG IPv4",
    # 6.
    "vbdif-mlag-needs-vni": "on a VBDIF, M-LAG IPv4/IPv6/link-local need a VNI bound to the BD",
    # 7. M-LAG IPv6
    "mlag-ipv6-global-unicast": "M-LAG IPv6 is a global unicast address (not multicast, "
                                "anycast incl. subnet-router anycast, loopback, "
                                "unspecified or FE80::/10)",
    "mlag-ipv6-needs-ipv6": "M-LAG IPv6 addresses need 'ipv6 enable' on the interface",
    "mlag-ipv6-one-per-interface": "at most one M-LAG IPv6 global address per interface",
    "ipv6-global-max-16": "at most 16 global IPv6 addresses per interface (M-LAG included)",
    "mlag-ipv6-unique": "M-LAG IPv6 differs from every IPv6 address on the device and on the "
                        "peer device",
    "ipv6-global-not-link-local": "an IPv6 global address is not in FE80::/10",
    "ipv6-link-local-fe80": "an IPv6 link-local address is in FE80::/10",
    # 8. M-LAG IPv6 link-local
    "mlag-ipv6-link-local-fe80": "the M-LAG IPv6 link-local address is in FE80::/10",
    "mlag-ipv6-link-local-one-per-interface": "at most one M-LAG IPv6 link-local per interface",
    "mlag-ipv6-link-local-explicit-conflict": "no M-LAG link-local on an interface that has an "
                                              "explicit 'ipv6 address … link-local'",
    "mlag-ipv6-link-local-unique": "the M-LAG link-local differs from every link-local on the "
                                   "local and peer member and from a VRRP6 link-local on the "
                                   "interface",
    "mlag-ipv6-link-local-unique-in-vpn": "M-LAG link-locals are unique among interfaces of "
                                          "the same VPN instance",
    # 9.
    "proxy-arp-routed-on-vlanif": "routed proxy ARP ('arp proxy enable') is for VLANIF",
    "proxy-arp-local-on-vbdif": "local proxy ARP ('arp-proxy local enable') is for VBDIF",
    # 10.
    "nd-needs-ipv6": "ND NA glean and proxy ND need 'ipv6 enable'",
    # interface kinds (model 'when's)
    "vni-only-on-vbdif": "a VNI is bound to a bridge domain, so only a VBDIF takes one",
    "not-on-loopback": "M-LAG addresses, proxy ARP/ND and NA glean are not for loopbacks",
    # 11. platforms
    "platform-no-vxlan": "CE6820H, CE6820H-K and CE6820S do not support VXLAN (VBDIF/VNI)",
    "platform-low-latency-no-vxlan": "CE6885-LL in low-latency mode does not support VXLAN",
    "platform-low-latency-no-ipv6": "CE6885-LL in low-latency mode does not support IPv6",
    # 12. BGP
    "bgp-peer-remote-as-required": "a peer needs a remote AS (its own or its group's)",
    "bgp-peer-unique": "a peer or peer group is configured once",
    "bgp-peer-group-exists": "a peer's group is configured on the device",
    "bgp-connect-interface-exists": "a connect-interface is an interface of this device",
    "bgp-connect-interface-source-owned": "a connect-interface source address is an address "
                                          "of that interface on this device",
    "bgp-source-address-family": "a peer's source address has the peer address's family",
    "bgp-mlag-peer-source": "the BGP-over-M-LAG peer uses the member's own M-LAG address as "
                            "its source",
    "bgp-peer-in-interface-subnet": "a peer reached through a VLANIF/VBDIF lies in that "
                                    "interface's subnet",
    "bgp-peer-not-member-address": "a peer address is not an address of an M-LAG member",
    "bgp-family-needs-instance-family": "a peer family enable needs the instance family",
    # 13. MP-EBGP over loopbacks
    "loopback-ipv4-32": "loopbacks used for BGP peering carry a /32 address",
    "ebgp-loopback-needs-max-hop": "EBGP over a loopback needs ebgp-max-hop > 1",
    "vpnv4-only-disables-ipv4-unicast": "a VPNv4-only IPv4 peer disables IPv4 unicast "
                                        "explicitly",
    # 14. cross-member
    "device-name-unique": "the two members have different names",
    "pair-same-virtual-mac": "both members use the same virtual MAC on the shared interface",
    "pair-same-primary": "both members use the same primary addresses on the shared interface",
    "pair-same-as": "both members use the same BGP AS",
    "pair-different-router-id": "the members' router-ids differ",
    "pair-shared-interface": "both members configure the shared interface",
}

RULES = RuleCatalogue(_RULES, {
    "mlag-dual-active": "1. M-LAG mode",
    "mlag-ipv4-one-per-interface": "2. Counts",
    "mlag-ipv4-unicast": "3. M-LAG IPv4 on the interface",
    "mlag-ipv4-unique": "4. Uniqueness across the network",
    "mlag-ipv4-ignore-primary-sub": "5. ip address ignore primary-sub",
    "vbdif-mlag-needs-vni": "6. M-LAG addresses on a VBDIF",
    "mlag-ipv6-global-unicast": "7. M-LAG IPv6",
    "mlag-ipv6-link-local-fe80": "8. M-LAG IPv6 link-local",
    "proxy-arp-routed-on-vlanif": "9. Proxy ARP",
    "nd-needs-ipv6": "10. IPv6 ND",
    "vni-only-on-vbdif": "Interface kinds",
    "platform-no-vxlan": "11. Platforms",
    "bgp-peer-remote-as-required": "12. BGP",
    "loopback-ipv4-32": "13. MP-EBGP over loopbacks",
    "device-name-unique": "14. Cross-member",
})
"""Every documented rule: a :class:`RuleCatalogue` (a ``dict`` id → text, in sections)."""


def violation(path: str, rule: str, message: str) -> RuleViolation:
    """A :class:`RuleViolation` for a catalogued ``rule``."""
    if rule not in RULES:  # pragma: no cover - a programming error
        raise KeyError(f"uncatalogued rule {rule!r}")
    return RuleViolation(path, rule, message)
