"""The Huawei CloudEngine device plugged into the protocol engine.

- :mod:`~.behaviour`: what the switch creates, fills in and deletes by itself;
- :mod:`~.device_rules`: what it refuses at commit beyond its YANG modules;
- :mod:`~.tree`: tree helpers for the Huawei modules;
- :mod:`~.profile`: :class:`CloudEngineProfile`, the
  :class:`~mlag_netconf.sim.protocol.plugins.DeviceProfile` the harness plugs in.

Imports the protocol room and the floors below; never :mod:`mlag_netconf.sim.harness`.
"""

from mlag_netconf.sim.huawei.profile import CloudEngineProfile

__all__ = ["CloudEngineProfile"]
