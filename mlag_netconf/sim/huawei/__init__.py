"""The Huawei CloudEngine device plugged into the protocol engine.

- :mod:`~.behaviour`: what the switch creates, fills in and deletes by itself;
- :mod:`~.device_rules`: what it refuses at commit beyond its YANG modules;
- :mod:`~.tree`: tree helpers for the Huawei modules;
- :mod:`~.profile`: :class:`CloudEngineProfile`, the
  :class:`~mlag_netconf.sim.protocol.plugins.DeviceProfile` the harness plugs in;
- :mod:`~.dialect`: :class:`CloudEngineDialect`, how a CloudEngine V300 speaks (hello,
  writable running, private mode, commit description, flow-id), with its error dialect
  (:mod:`~.errors`), ``<execute-cli>`` (:mod:`~.execute_cli`) and its module set
  (:mod:`~.modules`, with the test-only ``sim-device-m-lag`` module in ``yang/``).

Imports the protocol room and the floors below; never :mod:`mlag_netconf.sim.harness`.
"""

from mlag_netconf.sim.huawei.dialect import CloudEngineDialect
from mlag_netconf.sim.huawei.modules import MlagModule, ModuleSet
from mlag_netconf.sim.huawei.profile import CloudEngineProfile

__all__ = ["CloudEngineDialect", "CloudEngineProfile", "MlagModule", "ModuleSet"]
