"""The catalogue of documented rules: id → what it says and which source it comes from.

Each rule comes from one of two sources, and the library refuses nothing else:

- ``seed``: the two seed documents (BGP / BGP4+ over M-LAG; MP-EBGP VPNv4), their command
  syntax and restrictions (routed proxy ARP is refused on a VBDIF because the seed gives
  ``arp-proxy local enable`` for VBDIF, not because the vendor model forbids it);
- ``vendor``: the public Huawei YANG model (a ``mandatory``, ``must``, ``when``, leafref
  or list key that a payload would otherwise break on the device).

A rule is an ``error`` (the intent is refused) or a ``warning`` (reported, rendered
anyway: the seed marks the step optional).

Every :class:`~mlag_netconf.errors.RuleViolation` the library raises carries one of these
ids as its ``rule``; the test suite holds a rejecting and an accepting test for each.

>>> CATALOGUE["proxy-arp-routed-on-vlanif"].source
'seed'
>>> CATALOGUE["bgp-group-ibgp-no-as"].source, CATALOGUE["bgp-group-ibgp-no-as"].severity
('vendor', 'error')
>>> CATALOGUE["vpnv4-only-disables-ipv4-unicast"].severity
'warning'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from mlag_netconf.errors import RuleViolation
from mlag_netconf.html import block, code, table

Source = Literal["seed", "vendor"]
Severity = Literal["error", "warning"]
SEED: Source = "seed"
VENDOR: Source = "vendor"


@dataclass(frozen=True)
class Rule:
    """One documented rule: its source (``seed`` / ``vendor``), what it says, and whether
    breaking it refuses the intent (``error``) or only warns (``warning``)."""

    source: Source
    text: str
    severity: Severity = "error"


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
        def source(rule: str) -> str:
            r = CATALOGUE.get(rule)
            return "" if r is None else r.source + (" (warning)" if r.severity == "warning"
                                                    else "")

        rows = [[f"{title}" if i == 0 else "", code(rule), source(rule), self[rule]]
                for title, rules in self.sections().items() for i, rule in enumerate(rules)]
        return block(table(["section", "rule", "source", "what the rule says"], rows,
                           cls="mn-rules", caption=f"{len(self)} documented rules, each "
                                                   "checked before anything is rendered"),
                     cls="mn-rules-block")


CATALOGUE: dict[str, Rule] = {
    # 1. M-LAG mode and roles
    "mlag-dual-active": Rule(
        SEED, "BGP over M-LAG needs dual-active M-LAG; active/standby is rejected"),
    "mlag-roles-differ": Rule(SEED, "one member is the M-LAG master, the other the backup"),
    # 2. counts
    "mlag-ipv4-one-per-interface": Rule(SEED, "at most one M-LAG IPv4 address per interface"),
    "ipv4-secondary-max-255": Rule(SEED, "at most 255 secondary IPv4 addresses per interface"),
    "ipv4-secondary-needs-primary": Rule(
        SEED, "secondary IPv4 addresses need a primary address"),
    "ipv4-address-duplicate": Rule(SEED, "an IPv4 address appears twice on one interface"),
    # 3. M-LAG IPv4 on the interface
    "mlag-ipv4-unicast": Rule(
        SEED, "M-LAG IPv4 is not multicast, broadcast (incl. the subnet's), loopback or "
              "unspecified"),
    "mlag-ipv4-in-primary-subnet": Rule(
        SEED, "M-LAG IPv4 lies in the primary address's subnet"),
    "mlag-ipv4-mask-matches-primary": Rule(
        SEED, "a mask written with the M-LAG IPv4 ('m-lag ip address <ip> <mask>') is the "
              "primary address's mask"),
    "mlag-ipv4-needs-primary": Rule(
        SEED, "M-LAG IPv4 needs a primary IPv4 address on the interface"),
    "mlag-ipv4-not-interface-address": Rule(
        SEED, "M-LAG IPv4 differs from every primary and secondary address of the interface"),
    # 4. uniqueness across the network
    "mlag-ipv4-unique": Rule(
        SEED, "M-LAG IPv4 differs from every other address of the device, of the peer member "
              "and of the user side"),
    "mlag-member-needs-mlag-address": Rule(
        SEED, "a member peering over the shared interface has its own M-LAG address of the "
              "peer's family (IPv4, IPv6 global, IPv6 link-local): never the shared primary"),
    # 5.
    "mlag-ipv4-ignore-primary-sub": Rule(
        SEED, "'ip address ignore primary-sub enable' forbids M-LAG IPv4"),
    # 6.
    "vbdif-mlag-needs-vni": Rule(
        SEED, "on a VBDIF, M-LAG IPv4/IPv6/link-local need a VNI bound to the BD"),
    # 7. M-LAG IPv6
    "mlag-ipv6-global-unicast": Rule(
        SEED, "M-LAG IPv6 is a global unicast address (not multicast, anycast incl. "
              "subnet-router anycast, loopback, unspecified or FE80::/10)"),
    "mlag-ipv6-in-global-subnet": Rule(
        SEED, "M-LAG IPv6 lies in the subnet of a global address of the interface, with its "
              "prefix length (the IPv6 twin of mlag-ipv4-in-primary-subnet)"),
    "mlag-ipv6-needs-ipv6": Rule(
        SEED, "M-LAG IPv6 addresses need 'ipv6 enable' on the interface"),
    "mlag-ipv6-one-per-interface": Rule(
        SEED, "at most one M-LAG IPv6 global address per interface"),
    "ipv6-global-max-16": Rule(
        SEED, "at most 16 global IPv6 addresses per interface (M-LAG included)"),
    "mlag-ipv6-unique": Rule(
        SEED, "M-LAG IPv6 differs from every IPv6 address on the device and on the peer "
              "device"),
    "ipv6-global-not-link-local": Rule(SEED, "an IPv6 global address is not in FE80::/10"),
    "ipv6-link-local-fe80": Rule(SEED, "an IPv6 link-local address is in FE80::/10"),
    # 8. M-LAG IPv6 link-local
    "mlag-ipv6-link-local-fe80": Rule(
        SEED, "the M-LAG IPv6 link-local address is in FE80::/10"),
    "mlag-ipv6-link-local-one-per-interface": Rule(
        SEED, "at most one M-LAG IPv6 link-local per interface"),
    "mlag-ipv6-link-local-explicit-conflict": Rule(
        SEED, "no M-LAG link-local on an interface that has an explicit 'ipv6 address … "
              "link-local'"),
    "mlag-ipv6-link-local-unique": Rule(
        SEED, "the M-LAG link-local differs from every link-local on the local and peer "
              "member, from the user side and from a VRRP6 link-local on the interface"),
    "mlag-ipv6-link-local-unique-in-vpn": Rule(
        SEED, "M-LAG link-locals are unique among interfaces of the same VPN instance"),
    # 9.
    "proxy-arp-routed-on-vlanif": Rule(
        SEED, "routed proxy ARP ('arp proxy enable') is for VLANIF (the seed gives "
              "'arp-proxy local enable' for VBDIF)"),
    "proxy-arp-local-on-vbdif": Rule(
        SEED, "local proxy ARP ('arp-proxy local enable') is for VBDIF"),
    # 10.
    "nd-needs-ipv6": Rule(SEED, "ND NA glean and proxy ND need 'ipv6 enable'"),
    # interface kinds
    "vni-only-on-vbdif": Rule(
        VENDOR, "a VNI is bound to a bridge domain (huawei-nvo3 under huawei-bd), so only a "
                "VBDIF takes one"),
    "not-on-loopback": Rule(
        SEED, "M-LAG addresses, proxy ARP/ND and NA glean are not for loopbacks"),
    # 11. platforms
    "platform-no-vxlan": Rule(
        SEED, "CE6820H, CE6820H-K and CE6820S do not support VXLAN (VBDIF/VNI)"),
    "platform-low-latency-no-vxlan": Rule(
        SEED, "CE6885-LL in low-latency mode does not support VXLAN"),
    "platform-low-latency-no-ipv6": Rule(
        SEED, "CE6885-LL in low-latency mode does not support IPv6"),
    # 12. BGP
    "bgp-peer-remote-as-required": Rule(
        VENDOR, "a peer needs a remote AS (remote-as is mandatory): its own, its group's, or "
                "the local AS in an IBGP group"),
    "bgp-peer-unique": Rule(VENDOR, "a peer or peer group is configured once (list key)"),
    "bgp-peer-group-exists": Rule(
        VENDOR, "a peer's group is configured on the device (group-name is a leafref)"),
    "bgp-group-ibgp-no-as": Rule(
        VENDOR, "an IBGP peer group takes no other AS than the local one (group-as: "
                "when not(type='ibgp'))"),
    "bgp-group-ibgp-no-max-hop": Rule(
        VENDOR, "an IBGP peer group takes no ebgp-max-hop (when type='ebgp')"),
    "bgp-connect-interface-exists": Rule(
        VENDOR, "a connect-interface is an interface of this device (local-if-name is a "
                "leafref)"),
    "bgp-connect-interface-on-device": Rule(
        VENDOR, "a connect-interface on an Eth-Trunk or an Ethernet port (main or "
                "sub-interface) names an interface the payload does not create: it must exist "
                "on the device (local-if-name is a leafref: the device checks it), and its "
                "addresses are not checked here", "warning"),
    "bgp-connect-interface-source-owned": Rule(
        SEED, "a connect-interface source address is an address of that interface on this "
              "device"),
    "bgp-source-address-family": Rule(
        SEED, "a peer's source address has the peer address's family"),
    "bgp-mlag-peer-source": Rule(
        SEED, "the BGP-over-M-LAG peer uses the member's own M-LAG address as its source (the "
              "M-LAG link-local for a link-local peer)"),
    "bgp-peer-in-interface-subnet": Rule(
        SEED, "a peer reached through a VLANIF/VBDIF lies in that interface's subnet (a "
              "link-local peer is on every link)"),
    "bgp-link-local-peer-interface": Rule(
        SEED, "a link-local peer names the interface it is reached on ('peer FE80::… "
              "connect-interface Vlanif100'; an L3 Eth-Trunk or port of the device too)"),
    "bgp-peer-not-member-address": Rule(
        SEED, "a peer address is not an address of an M-LAG member"),
    "bgp-family-needs-instance-family": Rule(
        VENDOR, "a peer family enable needs the instance family (must on peer afs/af)"),
    # 13. MP-EBGP over loopbacks
    "loopback-ipv4-32": Rule(SEED, "loopbacks used for BGP peering carry a /32 address"),
    "ebgp-loopback-needs-max-hop": Rule(SEED, "EBGP over a loopback needs ebgp-max-hop > 1"),
    "vpnv4-only-disables-ipv4-unicast": Rule(
        SEED, "a VPNv4 peer left enabled in IPv4 unicast (the seed's optional 'undo peer "
              "enable' step not taken) also exchanges IPv4 unicast routes", "warning"),
    # 14. cross-member
    "device-name-unique": Rule(SEED, "the devices have different names"),
    "pair-same-virtual-mac": Rule(
        SEED, "both members use the same virtual MAC on the shared interface"),
    "pair-same-primary": Rule(
        SEED, "both members use the same primary addresses on the shared interface"),
    "pair-same-as": Rule(SEED, "both members use the same BGP AS"),
    "pair-different-router-id": Rule(SEED, "the members' router-ids differ"),
    "pair-shared-interface": Rule(SEED, "both members configure the shared interface"),
}

RULES = RuleCatalogue({rule: r.text for rule, r in CATALOGUE.items()}, {
    "mlag-dual-active": "1. M-LAG mode and roles",
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
"""Every documented rule: a :class:`RuleCatalogue` (a ``dict`` id → text, in sections;
``CATALOGUE`` has each rule's source and severity)."""

WARNINGS: frozenset[str] = frozenset(
    rule for rule, r in CATALOGUE.items() if r.severity == "warning")
"""The rules that only warn."""


def violation(path: str, rule: str, message: str) -> RuleViolation:
    """A :class:`RuleViolation` for a catalogued ``rule``."""
    if rule not in CATALOGUE:  # a programming error
        raise KeyError(f"uncatalogued rule {rule!r}")
    return RuleViolation(path, rule, message)
