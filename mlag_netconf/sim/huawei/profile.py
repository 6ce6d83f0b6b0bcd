"""The CloudEngine :class:`~mlag_netconf.sim.protocol.plugins.DeviceProfile`: its own
behaviour (:mod:`.behaviour`) and its commit rules (:mod:`.device_rules`)."""

from __future__ import annotations

from mlag_netconf.errors import RpcErrorInfo
from mlag_netconf.sim.huawei.behaviour import DeviceBehaviour
from mlag_netconf.sim.huawei.device_rules import rule_errors
from mlag_netconf.sim.protocol.schema_port import SimSchema
from mlag_netconf.xmltree import Element


class CloudEngineProfile:
    """What a Huawei CloudEngine switch does by itself, and checks, at boot and commit."""

    def __init__(self, schema: SimSchema, ports: tuple[str, ...] = ()) -> None:
        self.schema = schema
        self.behaviour = DeviceBehaviour(schema, ports)

    def boot(self, root: Element) -> None:
        self.behaviour.boot(root)

    def at_commit(self, new: Element, running: Element, deleted: set[str]) -> None:
        self.behaviour.at_commit(new, running, deleted)

    def commit_errors(self, new: Element, running: Element, deleted: set[str], *,
                      compare_running: bool) -> list[RpcErrorInfo]:
        return rule_errors(new, running, deleted, self.schema,
                           compare_running=compare_running)
