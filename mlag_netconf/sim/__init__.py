"""Embedded NETCONF simulator of a Huawei CloudEngine switch (floor 10).

A real NETCONF server over real SSH on loopback: running and candidate datastores,
edit-config, locks, validate, commit and confirmed commit, subtree filters,
with-defaults, get-schema, the device's own behaviour and rules, and scripted faults.
Each device runs a :class:`Profile`: ``"ce-v300"`` (default: a CloudEngine V300's hello,
modules, writable running, error dialect, execute-cli, commit descriptions and limits)
or ``"rfc"`` (a strict RFC 6241 server).

>>> from mlag_netconf.sim import SimulatedNetwork
>>> with SimulatedNetwork(["DeviceA", "DeviceB"]) as net:
...     with net["DeviceA"].connect() as m:
...         running = m.get_config("running").data_ele
>>> running.xpath("//*[local-name()='instance']/*[local-name()='name']/text()")
['_public_']

Three rooms, imports going one way (harness -> huawei -> protocol):

- :mod:`mlag_netconf.sim.protocol`: a generic NETCONF server engine, no vendor in it;
- :mod:`mlag_netconf.sim.huawei`: the CloudEngine behaviour and rules, plugged in as a
  :class:`~mlag_netconf.sim.protocol.plugins.DeviceProfile`;
- :mod:`mlag_netconf.sim.harness`: simulated networks, faults, ports, the command line.

See :mod:`mlag_netconf.pytest_plugin` for the ``netconf_device`` and ``mlag_pair``
fixtures and ``mlag-netconf sim`` (:mod:`mlag_netconf.sim.harness.cli`) for the command
line.
"""

from mlag_netconf.enums import ErrorType
from mlag_netconf.errors import RpcErrorInfo
from mlag_netconf.inventory import DeviceEntry, Inventory
from mlag_netconf.sim.harness.faults import Action, Fault, FaultPlan, Malicious
from mlag_netconf.sim.harness.network import DeviceSpec, SimulatedDevice, SimulatedNetwork
from mlag_netconf.sim.harness.ports import free_ports
from mlag_netconf.sim.harness.profiles import Profile
from mlag_netconf.sim.huawei import MlagModule, ModuleSet
from mlag_netconf.sim.protocol.errors import (
    SimulatorError,
    SimulatorStateError,
    SimulatorUsageError,
)
from mlag_netconf.sim.protocol.history import Change
from mlag_netconf.sim.protocol.limits import Limits
from mlag_netconf.sim.protocol.store import CandidateMode

__all__ = [
    "Action",
    "CandidateMode",
    "Change",
    "DeviceEntry",
    "DeviceSpec",
    "ErrorType",
    "Fault",
    "FaultPlan",
    "Inventory",
    "Limits",
    "Malicious",
    "MlagModule",
    "ModuleSet",
    "Profile",
    "RpcErrorInfo",
    "SimulatedDevice",
    "SimulatedNetwork",
    "SimulatorError",
    "SimulatorStateError",
    "SimulatorUsageError",
    "free_ports",
]
