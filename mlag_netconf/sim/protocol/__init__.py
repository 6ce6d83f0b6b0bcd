"""A generic NETCONF server engine (RFC 6241, RFC 6242), with no vendor in it.

- :mod:`~.framing`: end-of-message and chunked framing; :mod:`~.session`: one SSH
  channel (hello, one RPC at a time, faults); :mod:`~.server`: the asyncssh server;
- :mod:`~.operations`: the RPCs; :mod:`~.edit`: ``<edit-config>``; :mod:`~.subtree`:
  subtree filters; :mod:`~.defaults`: with-defaults; :mod:`~.monitoring`:
  ietf-netconf-monitoring and ``<get-schema>``;
- :mod:`~.store`: datastores and locks; :mod:`~.commit`: commit and confirmed commit;
- :mod:`~.schema_port`: the schema as the server walks it; :mod:`~.paths`: instance
  paths; :mod:`~.tree`: the server's own tree helpers; :mod:`~.errors`: rpc-errors;
- :mod:`~.core`: one device's state, plugged with a :class:`DeviceProfile` (what the
  device does by itself) and a :class:`FaultSource` (scripted faults), see
  :mod:`~.plugins`; a :class:`~.dialect.Dialect` (how it speaks: hello, writable
  running, errors, extra operations; :class:`~.dialect.RfcDialect` by default),
  :class:`~.limits.Limits` and a :class:`~.store.CandidateMode`; :mod:`~.history`: the
  changes of running.

Imports only the floors below (errors, enums, namespaces, xmltree, schema, inventory)
and itself: never :mod:`mlag_netconf.sim.huawei` or :mod:`mlag_netconf.sim.harness`.
"""

from mlag_netconf.sim.protocol.plugins import (
    Action,
    DeviceProfile,
    FaultSource,
    Intercept,
    NoFaults,
    NoProfile,
)

__all__ = ["Action", "DeviceProfile", "FaultSource", "Intercept", "NoFaults", "NoProfile"]
