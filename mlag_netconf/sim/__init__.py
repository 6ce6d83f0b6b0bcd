"""Embedded NETCONF simulator of a Huawei CloudEngine switch (floor 3b).

A real NETCONF server over real SSH on loopback: running and candidate datastores,
edit-config, locks, validate, commit and confirmed commit, subtree filters,
with-defaults, get-schema, the device's own behaviour and rules, and scripted faults.

>>> from mlag_netconf.sim import SimulatedNetwork
>>> with SimulatedNetwork(["DeviceA", "DeviceB"]) as net:
...     with net["DeviceA"].connect() as m:
...         running = m.get_config("running").data_ele
>>> running.xpath("//*[local-name()='instance']/*[local-name()='name']/text()")
['_public_']

See :mod:`mlag_netconf.pytest_plugin` for the ``netconf_device`` and ``mlag_pair``
fixtures and ``mlag-netconf sim`` (:mod:`mlag_netconf.sim.cli`) for the command line.
"""

from mlag_netconf.sim.errors import ErrorSpec, ErrorType
from mlag_netconf.sim.faults import Action, Fault, FaultPlan, Malicious
from mlag_netconf.sim.inventory import DeviceEntry, Inventory
from mlag_netconf.sim.network import DeviceSpec, SimulatedDevice, SimulatedNetwork
from mlag_netconf.sim.ports import free_ports

__all__ = [
    "Action",
    "DeviceEntry",
    "DeviceSpec",
    "ErrorSpec",
    "ErrorType",
    "Fault",
    "FaultPlan",
    "Inventory",
    "Malicious",
    "SimulatedDevice",
    "SimulatedNetwork",
    "free_ports",
]
