"""Rules a CloudEngine switch enforces at commit, beyond its YANG modules.

- Write-once leaves (``ext:operation-exclude update``): BGP ``as``, peer ``remote-as``
  and ``group-name``, peer-group ``type``, interface ``class``/``type``/``number``.
  Changing a committed value fails unless the candidate deleted the node (or an
  ancestor) first: on the device a change is a delete and a create.
- M-LAG addresses (mlag-netconf-ext): an M-LAG IPv4 needs a primary address, lies in
  the primary's subnet and equals no primary or secondary; an M-LAG IPv6 needs IPv6
  enabled on the interface; on a VBDIF both need a VNI bound to the BD.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from mlag_netconf.sim import huawei as hw
from mlag_netconf.sim.behaviour import DeviceBehaviour, bound_vnis
from mlag_netconf.sim.errors import ErrorSpec, RpcFailure, operation_failed
from mlag_netconf.sim.paths import instance_path
from mlag_netconf.sim.schema_port import SchemaIssue, SimSchema
from mlag_netconf.sim.xmlutil import Element, deep_copy, qname, text


@dataclass(frozen=True)
class WriteOnce:
    """Leaves ``leaves`` of the entries found down ``steps`` (in ``namespace``)."""

    namespace: str
    steps: tuple[str, ...]
    leaves: tuple[str, ...]
    below_instances: bool = False


WRITE_ONCE = (
    WriteOnce(hw.BGP, ("bgp", "base-process"), ("as",)),
    WriteOnce(hw.BGP, ("bgp", "base-process", "peers", "peer"), ("remote-as", "group-name"),
              below_instances=True),
    WriteOnce(hw.BGP, ("bgp", "base-process", "peer-groups", "peer-group"), ("type",),
              below_instances=True),
    WriteOnce(hw.IFM, ("ifm", "interfaces", "interface"), ("class", "type", "number")),
)


class CommitChecker:
    """Turns a candidate into the tree to commit, or raises the ``rpc-error`` list."""

    def __init__(self, schema: SimSchema) -> None:
        self.schema = schema
        self.behaviour = DeviceBehaviour(schema)

    def prepare(self, candidate: Element, running: Element, deleted: set[str], *,
                compare_running: bool = True) -> Element:
        new = deep_copy(candidate)
        self.behaviour.at_commit(new, running, deleted)
        errors = [issue_error(i) for i in self.schema.validate(new)]
        if compare_running:
            errors += write_once_errors(new, running, deleted, self.schema)
        errors += mlag_errors(new, self.schema)
        if errors:
            raise RpcFailure(errors)
        return new


def issue_error(issue: SchemaIssue) -> ErrorSpec:
    return ErrorSpec.application(issue.tag, issue.message, app_tag=issue.app_tag,
                                 path=issue.path,
                                 info={"bad-element": issue.element} if issue.element else {})


# ---------------------------------------------------------------- write-once
def write_once_errors(new: Element, running: Element, deleted: set[str],
                      schema: SimSchema) -> list[ErrorSpec]:
    before = dict(_write_once_values(running, schema))
    errors = []
    for path, value in _write_once_values(new, schema):
        old = before.get(path)
        if old is not None and old != value and not _was_deleted(path, deleted):
            errors.append(operation_failed(
                f"'{path.rsplit('/', 1)[1]}' cannot be changed from {old} to {value}: "
                "delete the node first", path=path, app_tag="write-once"))
    return errors


def _write_once_values(root: Element, schema: SimSchema) -> Iterator[tuple[str, str]]:
    for rule in WRITE_ONCE:
        for node in _rule_entries(root, rule):
            for leaf in rule.leaves:
                found = node.find(qname(rule.namespace, leaf))
                if found is not None:
                    yield instance_path(found, schema), text(found)


def _rule_entries(root: Element, rule: WriteOnce) -> Iterable[Element]:
    if not rule.below_instances:
        return hw.find_all(root, rule.namespace, *rule.steps)
    return [e for i in hw.instances(root) for e in hw.find_all(i, rule.namespace, *rule.steps)]


def _was_deleted(path: str, deleted: set[str]) -> bool:
    return any(path == d or path.startswith(d + "/") for d in deleted)


# -------------------------------------------------------------------- M-LAG
def mlag_errors(root: Element, schema: SimSchema) -> list[ErrorSpec]:
    errors: list[ErrorSpec] = []
    vnis = bound_vnis(root)
    for interface in hw.interfaces(root):
        errors += _mlag_ipv4_errors(interface, schema)
        errors += _mlag_ipv6_errors(interface, schema)
        errors += _vbdif_errors(interface, vnis, schema)
    return errors


def _mlag_node(interface: Element, family: str) -> Element | None:
    holder = hw.find(interface, hw.IP, family)
    return None if holder is None else holder.find(qname(hw.MNX, f"m-lag-{family}"))


def _mlag_ipv4_errors(interface: Element, schema: SimSchema) -> list[ErrorSpec]:
    node = _mlag_node(interface, "ipv4")
    if node is None:
        return []
    path = instance_path(node, schema)
    values = hw.leaves(node)
    try:
        address = ipaddress.IPv4Address(values.get("ip", ""))
    except ValueError:
        return []  # the schema reports a bad address
    addresses = hw.find_all(interface, hw.IP, "ipv4", "addresses", "address")
    primary = next((a for a in addresses if hw.child_value(a, "type") == "main"), None)
    if primary is None:
        return [_rule(path, "mlag-ipv4-needs-primary",
                      f"M-LAG address {address} needs a primary IPv4 address on the interface")]
    network = _network(hw.child_value(primary, "ip"), hw.child_value(primary, "mask"))
    if network is not None and address not in network:
        return [_rule(path, "mlag-ipv4-in-primary-subnet",
                      f"M-LAG address {address} is not in the primary subnet {network}")]
    taken = {hw.child_value(a, "ip") for a in addresses}
    if str(address) in taken:
        return [_rule(path, "mlag-ipv4-not-interface-address",
                      f"M-LAG address {address} equals an address of the interface")]
    return []


def _network(ip: str | None, mask: str | None) -> ipaddress.IPv4Network | None:
    try:
        return ipaddress.IPv4Network(f"{ip}/{mask}", strict=False)
    except ValueError:
        return None


def _mlag_ipv6_errors(interface: Element, schema: SimSchema) -> list[ErrorSpec]:
    node = _mlag_node(interface, "ipv6")
    if node is None:
        return []
    holder = node.getparent()
    if holder is None or hw.child_value(holder, "enable") == "false":
        return [_rule(instance_path(node, schema), "mlag-ipv6-needs-ipv6",
                      "M-LAG IPv6 addresses need IPv6 enabled on the interface")]
    return []


def _vbdif_errors(interface: Element, vnis: dict[str, str],
                  schema: SimSchema) -> list[ErrorSpec]:
    name = hw.child_value(interface, "name") or ""
    if not name.startswith("Vbdif"):
        return []
    bd_id = name[len("Vbdif"):]
    errors = []
    for family in ("ipv4", "ipv6"):
        node = _mlag_node(interface, family)
        if node is not None and bd_id not in vnis:
            errors.append(_rule(instance_path(node, schema), "vbdif-mlag-needs-vni",
                                f"M-LAG addresses on {name} need a VNI bound to BD {bd_id}"))
    return errors


def _rule(path: str, app_tag: str, message: str) -> ErrorSpec:
    """An error whose app-tag is the rule's id in ``mlag_netconf.rules.RULES``."""
    return operation_failed(message, path=path, app_tag=app_tag)
