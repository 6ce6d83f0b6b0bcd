"""The composing floor: check the rules, then render, for a device or an M-LAG pair.

The model below is plain data that never calls up; this façade composes the floors
(rules, then render) the way yangson's ``DataModel`` composes its value classes.

>>> from mlag_netconf.model import Device, MlagPair, vlanif
>>> dev = Device("A", interfaces=[vlanif(100, ipv4="10.1.1.1/24")])
>>> payload(dev).device
'A'
>>> bad = Device("A", interfaces=[vlanif(100, ipv4="10.1.1.1/24", mlag_ipv4="10.9.9.9")])
>>> [v.rule for v in violations(bad)]
['mlag-ipv4-in-primary-subnet']
>>> check(bad)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
mlag_netconf.errors.RuleViolation: A.interfaces[Vlanif100].mlag_ipv4: mlag-ipv4-in-primary-...
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from mlag_netconf.errors import RuleViolation, ValueFormatError, raise_all
from mlag_netconf.model import Device, MlagPair
from mlag_netconf.render import Payload, render_device
from mlag_netconf.rules import device_violations, pair_violations

__all__ = ["check", "payload", "payloads", "violations"]

Checked = TypeVar("Checked", bound=Device | MlagPair)


def violations(target: Device | MlagPair) -> list[RuleViolation]:
    """Every documented rule ``target`` breaks (empty when it is fine)."""
    if isinstance(target, MlagPair):
        return list(pair_violations(target))
    if isinstance(target, Device):
        return list(device_violations(target))
    raise ValueFormatError("target", "check-target",
                           f"expected a Device or an MlagPair, not {type(target).__name__}")


def check(target: Checked) -> Checked:
    """Raise the rule violations (one error, or ``ValidationErrors``); else ``target``."""
    raise_all(violations(target))
    return target


def payload(device: Device) -> Payload:
    """Check every rule of ``device``, then render its edit-config ``<config>`` payload."""
    return render_device(check(device))


def payloads(target: MlagPair | Iterable[Device]) -> dict[str, Payload]:
    """Check everything, then render one payload per device, by device name.

    An :class:`MlagPair` is checked as a pair (both members and the rules across them).
    """
    if isinstance(target, MlagPair):
        check(target)
        return {d.name: render_device(d) for d in target.members}
    devices = tuple(target)
    for d in devices:
        if not isinstance(d, Device):
            raise ValueFormatError("devices", "check-target",
                                   f"expected Device objects, not {type(d).__name__}")
    raise_all([v for d in devices for v in device_violations(d)])
    return {d.name: render_device(d) for d in devices}
