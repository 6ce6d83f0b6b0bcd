"""Every documented rule, checked before anything is rendered or sent.

Each check yields :class:`~mlag_netconf.errors.RuleViolation` objects whose ``rule`` is an
id of :data:`~mlag_netconf.rules.catalog.RULES` and whose ``path`` names the field.

>>> from mlag_netconf.model import Device, vlanif
>>> dev = Device("A", interfaces=[vlanif(100, ipv4="10.1.1.1/24", mlag_ipv4="10.9.9.9")])
>>> [v.rule for v in device_violations(dev)]
['mlag-ipv4-in-primary-subnet']
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from mlag_netconf.errors import RuleViolation
from mlag_netconf.model.device import Device, MlagPair
from mlag_netconf.rules.bgp import bgp_violations
from mlag_netconf.rules.catalog import CATALOGUE, RULES, WARNINGS, Rule, violation
from mlag_netconf.rules.interface import interface_violations, platform_violations
from mlag_netconf.rules.pair import cross_member_violations, member_name_violations

__all__ = ["CATALOGUE", "RULES", "WARNINGS", "Rule", "device_violations",
           "devices_violations", "pair_violations"]


def device_violations(dev: Device) -> Iterator[RuleViolation]:
    """Rules one device must satisfy on its own."""
    for iface in dev.interfaces:
        yield from interface_violations(dev, iface)
    yield from platform_violations(dev)
    yield from bgp_violations(dev)


def devices_violations(devices: Sequence[Device]) -> Iterator[RuleViolation]:
    """Each device's own rules; devices of the same name are one device twice
    (``device-name-unique`` at ``devices[i].name``, the later one)."""
    seen: set[str] = set()
    for i, dev in enumerate(devices):
        if dev.name in seen:
            yield violation(f"devices[{i}].name", "device-name-unique",
                            f"another device is called {dev.name}")
        seen.add(dev.name)
    for dev in devices:
        yield from device_violations(dev)


def pair_violations(pair: MlagPair) -> Iterator[RuleViolation]:
    """The members' names, both members' own rules, then the rules across the pair."""
    yield from member_name_violations(pair)
    for dev in pair.members:
        yield from device_violations(dev)
    yield from cross_member_violations(pair)
