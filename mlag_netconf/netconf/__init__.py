"""Floor 10: the NETCONF client (ncclient transport), never importing the simulator.

::

    from mlag_netconf.inventory import Inventory
    from mlag_netconf.netconf import apply, connect
    with connect(Inventory.load("inv.yaml")["DeviceA"]) as session:
        result = apply(session, payloads["DeviceA"])   # verified, or exactly as before
"""

from mlag_netconf.netconf.capabilities import DeviceCapabilities, ModuleCapability
from mlag_netconf.netconf.engine import (
    ApplyResult,
    ReadBack,
    apply,
    check_capabilities,
    diff,
    read,
    restore,
    undo,
)
from mlag_netconf.netconf.session import Session, connect
from mlag_netconf.netconf.tree import Change, Diff

__all__ = [
    "ApplyResult",
    "Change",
    "DeviceCapabilities",
    "Diff",
    "ModuleCapability",
    "ReadBack",
    "Session",
    "apply",
    "check_capabilities",
    "connect",
    "diff",
    "read",
    "restore",
    "undo",
]
