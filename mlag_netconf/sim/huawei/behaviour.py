"""What a CloudEngine switch does to its configuration by itself.

- At boot, and again at every commit: the ``_public_`` network instance with its l3vpn
  families ``ipv4-unicast`` and ``ipv6-unicast`` (``ext:generated-by system``).
- Once ``/bgp:bgp/base-process/enable`` is true: the ``_public_`` BGP ``base-process``
  with family ``ipv4uni``; when BGP is disabled, the instances' BGP process goes.
- A new IPv4 peer of ``_public_`` is enabled in ``ipv4uni`` (``afs/af[type=ipv4uni]``),
  unless the candidate explicitly deleted that entry.
- Interface ``class``/``type``/``number`` are filled from the name (``Vlanif100`` ->
  ``main-interface``, ``Vlanif``, ``100``; ``100GE1/0/1`` -> ``main-interface``,
  ``100GE``, ``1/0/1``). A sub-interface (``Eth-Trunk10.100``) gets its class and type
  only: the huawei-ifm ``number`` pattern has no form for ``10.100``.
- Its physical ports exist from boot (``ports``, e.g. ``100GE1/0/1``): the interfaces
  a configuration names without creating them.
- Unbinding a VNI from a BD deletes the M-LAG addresses (mlag-netconf-ext) of its VBDIF.

Each step is skipped when the device's schema lacks the module involved, so the
simulator also serves arbitrary test modules. What the device creates by itself is
:func:`mlag_netconf.xmltree.baseline.apply_baseline`, shared with ``Payload.validate()``.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from mlag_netconf.namespaces import BD, BGP, EXT, IFM, IP, L3VPN, NI, NVO3
from mlag_netconf.sim.huawei.tree import interface, interfaces
from mlag_netconf.sim.protocol.paths import instance_path
from mlag_netconf.sim.protocol.schema_port import SimSchema
from mlag_netconf.xmltree import Element, child_value, make, qname
from mlag_netconf.xmltree.baseline import (
    BGP_FAMILY,
    apply_baseline,
    bgp_enabled,
    ensure,
    ensure_entry,
    find,
    find_all,
    instances,
    public_instance,
)

#: Interface name prefix (lower case) -> huawei-ifm ``type``.
INTERFACE_TYPES = {
    "vlanif": "Vlanif",
    "vbdif": "Vbdif",
    "loopback": "LoopBack",
    "eth-trunk": "Eth-Trunk",
    "nve": "Nve",
    "meth": "MEth",
    "10ge": "10GE",
    "25ge": "25GE",
    "40ge": "40GE",
    "100ge": "100GE",
}

_NAME = re.compile(r"^((?:10|25|40|100)?[A-Za-z][A-Za-z-]*?)(\d+(?:/\d+)*)(\.\d+)?$")


@dataclass(frozen=True)
class Modules:
    """Which of the modules the device behaviour needs the schema holds."""

    ifm: bool
    network_instance: bool
    l3vpn: bool
    bgp: bool
    bd_vni: bool
    mlag_ext: bool

    @classmethod
    def of(cls, schema: SimSchema) -> Modules:
        namespaces = {m.namespace for m in schema.modules}
        return cls(IFM in namespaces, NI in namespaces, L3VPN in namespaces,
                   BGP in namespaces and NI in namespaces,
                   BD in namespaces and NVO3 in namespaces, EXT in namespaces)


class DeviceBehaviour:
    """The nodes a CloudEngine creates, fills in and deletes by itself."""

    def __init__(self, schema: SimSchema, ports: tuple[str, ...] = ()) -> None:
        self.schema = schema
        self.modules = Modules.of(schema)
        self.ports = ports

    def boot(self, root: Element) -> None:
        """Nodes present on a freshly booted switch (its physical ports included)."""
        self._baseline(root, bgp=False)
        if self.modules.ifm and self.ports:
            top = ensure(root, IFM, "ifm", "interfaces")
            for port in self.ports:
                ensure_entry(top, IFM, "interface", "name", port)
            fill_interfaces(root)

    def at_commit(self, new: Element, running: Element, deleted: set[str]) -> None:
        """Transform the tree about to be committed (or validated) in place."""
        self._baseline(new, bgp=self.modules.bgp and bgp_enabled(new))
        if self.modules.ifm:
            fill_interfaces(new)
        if self.modules.bgp:
            if not bgp_enabled(new):
                drop_bgp_processes(new)
            self._enable_new_peers(new, running, deleted)
        if self.modules.bd_vni and self.modules.mlag_ext and self.modules.ifm:
            drop_mlag_on_unbound_vbdif(new, running)

    def _baseline(self, root: Element, *, bgp: bool) -> None:
        """The public instance (its l3vpn families if the device has huawei-l3vpn) and,
        with ``bgp``, its BGP process."""
        if self.modules.network_instance:
            apply_baseline(root, l3vpn=self.modules.l3vpn, bgp=bgp)

    def _enable_new_peers(self, new: Element, running: Element, deleted: set[str]) -> None:
        old = public_instance(running)
        old_peers = {child_value(p, "address")
                     for p in find_all(old, BGP, "bgp", "base-process", "peers", "peer")}
        public = public_instance(new)
        for peer in find_all(public, BGP, "bgp", "base-process", "peers", "peer"):
            address = child_value(peer, "address") or ""
            if address in old_peers or not _is_ipv4(address):
                continue
            base = instance_path(peer, self.schema) + "/afs"
            if base in deleted or f"{base}/af[type='{BGP_FAMILY}']" in deleted:
                continue
            afs = ensure(peer, BGP, "afs")
            ensure_entry(afs, BGP, "af", "type", BGP_FAMILY)


def drop_bgp_processes(root: Element) -> None:
    """BGP disabled: the network instances lose their BGP process."""
    for instance in instances(root):
        bgp = find(instance, BGP, "bgp")
        if bgp is not None:
            instance.remove(bgp)


def _is_ipv4(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).version == 4
    except ValueError:
        return False


def split_interface_name(name: str) -> tuple[str, str, str | None] | None:
    """``(class, type, number)`` for a name the device knows, else None (a sub-interface
    has no ``number`` of its own).

    >>> split_interface_name("Vlanif100")
    ('main-interface', 'Vlanif', '100')
    >>> split_interface_name("100GE1/0/1")
    ('main-interface', '100GE', '1/0/1')
    >>> split_interface_name("Eth-Trunk1.10")
    ('sub-interface', 'Eth-Trunk', None)
    >>> split_interface_name("Tunnel0") is None
    True
    """
    match = _NAME.match(name)
    if match is None or match.group(1).lower() not in INTERFACE_TYPES:
        return None
    sub = match.group(3)
    return ("sub-interface" if sub else "main-interface",
            INTERFACE_TYPES[match.group(1).lower()], None if sub else match.group(2))


def fill_interfaces(root: Element) -> None:
    """Fill the missing ``class``/``type``/``number`` of every interface from its name."""
    for node in interfaces(root):
        parts = split_interface_name(child_value(node, "name") or "")
        if parts is None:
            continue
        for leaf, value in zip(("class", "type", "number"), parts, strict=True):
            if value is not None and node.find(qname(IFM, leaf)) is None:
                make(node, qname(IFM, leaf), value)


def bound_vnis(root: Element) -> dict[str, str]:
    """BD id -> bound VNI."""
    bound: dict[str, str] = {}
    for bd in find_all(root, BD, "bd", "instances", "instance"):
        vni = find(bd, NVO3, "nvo3", "vni-list", "vni")
        bd_id = child_value(bd, "id")
        if vni is not None and bd_id:
            bound[bd_id] = (vni.text or "").strip()
    return bound


def drop_mlag_on_unbound_vbdif(new: Element, running: Element) -> None:
    """A BD that loses its VNI loses the M-LAG addresses of its VBDIF (device behaviour)."""
    now = bound_vnis(new)
    for bd_id in bound_vnis(running):
        if bd_id in now:
            continue
        vbdif = interface(new, f"Vbdif{bd_id}")
        if vbdif is not None:
            remove_mlag_addresses(vbdif)


def remove_mlag_addresses(node: Element) -> None:
    """Remove the M-LAG addresses (mlag-netconf-ext) of the interface ``node``."""
    for family, name in (("ipv4", "m-lag-ipv4"), ("ipv6", "m-lag-ipv6")):
        holder = find(node, IP, family)
        found = None if holder is None else holder.find(qname(EXT, name))
        if holder is not None and found is not None:
            holder.remove(found)
