"""The simulator as a test tool: simulated CloudEngine switches on loopback.

- :mod:`~.network`: :class:`~.network.SimulatedNetwork` starts devices (protocol engine
  plus the CloudEngine profile) on a background event loop; :class:`~.network.SimulatedDevice`
  is the handle tests use;
- :mod:`~.faults`: scripted faults; :mod:`~.ports`: free TCP ports;
- :mod:`~.client`: ncclient connected to a device (host key pinned, no Nagle);
- :mod:`~.cli`: ``mlag-netconf sim``.

Imports the protocol and huawei rooms and the floors below.
"""
