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

from mlag_netconf.errors import RpcErrorInfo
from mlag_netconf.namespaces import BGP, EXT, IFM, IP
from mlag_netconf.sim.huawei.behaviour import bound_vnis
from mlag_netconf.sim.huawei.tree import interfaces, leaves
from mlag_netconf.sim.protocol.errors import operation_failed
from mlag_netconf.sim.protocol.paths import instance_path
from mlag_netconf.sim.protocol.schema_port import SimSchema
from mlag_netconf.xmltree import Element, child_value, qname, text
from mlag_netconf.xmltree.baseline import find, find_all, instances


@dataclass(frozen=True)
class WriteOnce:
    """Leaves ``leaves`` of the entries found down ``steps`` (in ``namespace``)."""

    namespace: str
    steps: tuple[str, ...]
    leaves: tuple[str, ...]
    below_instances: bool = False


WRITE_ONCE = (
    WriteOnce(BGP, ("bgp", "base-process"), ("as",)),
    WriteOnce(BGP, ("bgp", "base-process", "peers", "peer"), ("remote-as", "group-name"),
              below_instances=True),
    WriteOnce(BGP, ("bgp", "base-process", "peer-groups", "peer-group"), ("type",),
              below_instances=True),
    WriteOnce(IFM, ("ifm", "interfaces", "interface"), ("class", "type", "number")),
)


def rule_errors(new: Element, running: Element, deleted: set[str], schema: SimSchema, *,
                compare_running: bool = True) -> list[RpcErrorInfo]:
    """Every rule ``new`` breaks: write-once changes (against ``running``, unless
    ``compare_running`` is False), then the M-LAG address rules."""
    errors = write_once_errors(new, running, deleted, schema) if compare_running else []
    return errors + mlag_errors(new, schema)


# ---------------------------------------------------------------- write-once
def write_once_errors(new: Element, running: Element, deleted: set[str],
                      schema: SimSchema) -> list[RpcErrorInfo]:
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
        return find_all(root, rule.namespace, *rule.steps)
    return [e for i in instances(root) for e in find_all(i, rule.namespace, *rule.steps)]


def _was_deleted(path: str, deleted: set[str]) -> bool:
    return any(path == d or path.startswith(d + "/") for d in deleted)


# -------------------------------------------------------------------- M-LAG
def mlag_errors(root: Element, schema: SimSchema) -> list[RpcErrorInfo]:
    errors: list[RpcErrorInfo] = []
    vnis = bound_vnis(root)
    for interface in interfaces(root):
        errors += _mlag_ipv4_errors(interface, schema)
        errors += _mlag_ipv6_errors(interface, schema)
        errors += _vbdif_errors(interface, vnis, schema)
    return errors


def _mlag_node(interface: Element, family: str) -> Element | None:
    holder = find(interface, IP, family)
    return None if holder is None else holder.find(qname(EXT, f"m-lag-{family}"))


def _mlag_ipv4_errors(interface: Element, schema: SimSchema) -> list[RpcErrorInfo]:
    node = _mlag_node(interface, "ipv4")
    if node is None:
        return []
    path = instance_path(node, schema)
    values = leaves(node)
    try:
        address = ipaddress.IPv4Address(values.get("ip", ""))
    except ValueError:
        return []  # the schema reports a bad address
    addresses = find_all(interface, IP, "ipv4", "addresses", "address")
    primary = next((a for a in addresses if child_value(a, "type") == "main"), None)
    if primary is None:
        return [_rule(path, "mlag-ipv4-needs-primary",
                      f"M-LAG address {address} needs a primary IPv4 address on the interface")]
    network = _network(child_value(primary, "ip"), child_value(primary, "mask"))
    if network is not None and address not in network:
        return [_rule(path, "mlag-ipv4-in-primary-subnet",
                      f"M-LAG address {address} is not in the primary subnet {network}")]
    taken = {child_value(a, "ip") for a in addresses}
    if str(address) in taken:
        return [_rule(path, "mlag-ipv4-not-interface-address",
                      f"M-LAG address {address} equals an address of the interface")]
    return []


def _network(ip: str | None, mask: str | None) -> ipaddress.IPv4Network | None:
    try:
        return ipaddress.IPv4Network(f"{ip}/{mask}", strict=False)
    except ValueError:
        return None


def _mlag_ipv6_errors(interface: Element, schema: SimSchema) -> list[RpcErrorInfo]:
    node = _mlag_node(interface, "ipv6")
    if node is None:
        return []
    holder = node.getparent()
    if holder is None or child_value(holder, "enable") == "false":
        return [_rule(instance_path(node, schema), "mlag-ipv6-needs-ipv6",
                      "M-LAG IPv6 addresses need IPv6 enabled on the interface")]
    return []


def _vbdif_errors(interface: Element, vnis: dict[str, str],
                  schema: SimSchema) -> list[RpcErrorInfo]:
    name = child_value(interface, "name") or ""
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


def _rule(path: str, app_tag: str, message: str) -> RpcErrorInfo:
    """An error whose app-tag is the rule's id in ``mlag_netconf.rules.RULES``."""
    return operation_failed(message, path=path, app_tag=app_tag)
