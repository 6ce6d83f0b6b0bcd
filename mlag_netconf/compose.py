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

from collections.abc import Iterable, Sequence
from typing import TypeVar

from mlag_netconf.errors import ArgumentError, RuleViolation, raise_all
from mlag_netconf.model import Device, MlagPair
from mlag_netconf.render import Payload, render_device
from mlag_netconf.rules import (
    WARNINGS,
    device_violations,
    devices_violations,
    pair_violations,
)

__all__ = ["check", "payload", "payloads", "violations", "warnings"]

Checked = TypeVar("Checked", bound=Device | MlagPair | Sequence[Device])


def _found(target: Device | MlagPair | Sequence[Device]) -> list[RuleViolation]:
    """Every documented rule ``target`` breaks, each (path, rule) once."""
    if isinstance(target, MlagPair):
        found: Iterable[RuleViolation] = pair_violations(target)
    elif isinstance(target, Device):
        found = device_violations(target)
    elif isinstance(target, list | tuple) and all(isinstance(d, Device) for d in target):
        found = devices_violations(target)
    else:
        raise ArgumentError("target", "check-target", "expected a Device, an MlagPair or a "
                            f"list of Devices, not {type(target).__name__}")
    out: dict[tuple[str, str], RuleViolation] = {}
    for v in found:
        out.setdefault((v.path, v.rule), v)
    return list(out.values())


def violations(target: Device | MlagPair | Sequence[Device]) -> list[RuleViolation]:
    """Every documented rule ``target`` breaks (empty when it is fine); warnings aside."""
    return [v for v in _found(target) if v.rule not in WARNINGS]


def warnings(target: Device | MlagPair | Sequence[Device]) -> list[RuleViolation]:
    """The warning rules ``target`` breaks (it is rendered anyway): see
    :data:`~mlag_netconf.rules.WARNINGS`."""
    return [v for v in _found(target) if v.rule in WARNINGS]


def check(target: Checked) -> Checked:
    """Raise the rule violations (one error, or ``ValidationErrors``); else ``target``."""
    raise_all(violations(target))
    return target


def payload(device: Device) -> Payload:
    """Check every rule of ``device``, then render its edit-config ``<config>`` payload."""
    if not isinstance(device, Device):
        raise ArgumentError("device", "check-target",
                            f"expected a Device, not {type(device).__name__}")
    return render_device(check(device))


def payloads(target: MlagPair | Iterable[Device]) -> dict[str, Payload]:
    """Check everything, then render one payload per device, by device name.

    An :class:`MlagPair` is checked as a pair (both members and the rules across them).
    """
    if isinstance(target, MlagPair):
        check(target)
        return {d.name: render_device(d) for d in target.members}
    if isinstance(target, Device | str | bytes) or not isinstance(target, Iterable):
        raise ArgumentError("devices", "check-target", "expected an MlagPair or a list of "
                            f"Devices, not {type(target).__name__}")
    devices = tuple(target)
    for i, d in enumerate(devices):
        if not isinstance(d, Device):
            raise ArgumentError(f"devices[{i}]", "check-target",
                                f"expected Device objects, not {type(d).__name__}")
    raise_all(violations(devices))
    return {d.name: render_device(d) for d in devices}
