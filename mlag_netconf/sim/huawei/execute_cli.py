"""``<execute-cli>``: a small, honest subset of the CloudEngine command line.

Request (Huawei's capability namespace, as ncclient's ``huawei`` handler sends it with
``Manager.cli()``)::

    <execute-cli xmlns="http://www.huawei.com/netconf/capability/base/1.0">
      <cmd><id>1</id><cmdline>interface Vlanif100</cmdline></cmd>
      <cmd><id>2</id><cmdline>m-lag ip address 10.1.1.2 255.255.255.0</cmdline></cmd>
    </execute-cli>

Semantics (documented, not captured from a device): the lines of one request run as a
script from the system view, **outside the NETCONF transaction**: they change running
directly, as if followed by a CLI ``commit`` (the device's rules checked, the whole
request applied or nothing); a shared candidate holding another session's uncommitted
work gets the same change, so that work's commit does not undo it; a lock on running
held by another session refuses them. The commands known:

- ``system-view`` (no-op), ``interface <name>`` (an existing interface), ``quit`` /
  ``return`` (back to the system view);
- in an interface view: ``m-lag ip address <ip> <mask>``, ``m-lag ipv6 address <ip>
  <length>`` (or ``<ip>/<length>``), ``m-lag ipv6 address <fe80::x> link-local``,
  ``ipv6 nd proxy route enable prune``; they write the module the device holds the
  M-LAG addresses in (``mlag-netconf-ext``, or the test-only ``sim-device-m-lag``,
  which has no ``prune``);
- ``display current-configuration``: those lines (and only those), per interface.

Anything else is refused with ``operation-failed`` naming the command. The reply is
``<ok/>``, or ``<data>`` with the text of the display commands.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from mlag_netconf.enums import Datastore
from mlag_netconf.errors import RpcErrorInfo
from mlag_netconf.namespaces import EXT, IP, IPV6_ND
from mlag_netconf.sim.huawei.tree import interface, interfaces, leaves
from mlag_netconf.sim.protocol.errors import RpcFailure, missing_element
from mlag_netconf.sim.protocol.operations import Call, edit_running
from mlag_netconf.xmltree import (
    Element,
    child_text,
    child_value,
    children,
    deep_copy,
    local_name,
    make,
    nc,
    new_element,
    qname,
)
from mlag_netconf.xmltree.baseline import ensure, find

__all__ = ["CLI_NS", "DEVICE_MLAG_NS", "execute_cli"]

CLI_NS = "http://www.huawei.com/netconf/capability/base/1.0"
DEVICE_MLAG_NS = "urn:mlag-netconf:sim:device-m-lag"

_IPV4 = re.compile(r"^m-lag ip address (\S+) (\S+)$")
_IPV6 = re.compile(r"^m-lag ipv6 address (\S+?)(?:/(\d+)| (\d+))$")
_LINK_LOCAL = re.compile(r"^m-lag ipv6 address (\S+) link-local$")
_PRUNE = "ipv6 nd proxy route enable prune"


def execute_cli(call: Call) -> Element | None:
    """The ``<execute-cli>`` handler (see the module documentation)."""
    lines = [line.strip() for cmd in children(call.op) if local_name(cmd) == "cmd"
             for line in (child_text(cmd, "cmdline") or "").splitlines()]
    if not lines:
        raise RpcFailure(missing_element("cmd", "execute-cli without <cmd><cmdline>"))
    call.store.check_free(Datastore.RUNNING, call.session_id)
    script = _Script(deep_copy(call.store.running), _module_of(call))
    for line in lines:
        if line:
            script.run(line)
    if script.changed:
        edit_running(call, script.tree, set(), kind="execute-cli")
        _mirror(call, lines)
    if not script.output:
        return None
    return new_element(nc("data"), "\n".join(script.output))


def _mirror(call: Call, lines: list[str]) -> None:
    """The shared candidate's pending work gets the same change (as an edit of running
    does), so committing it later does not undo the command."""
    if not call.store.candidate_modified():
        return
    script = _Script(deep_copy(call.store.candidate), _module_of(call))
    try:
        for line in lines:
            if line:
                script.run(line)
    except RpcFailure:
        return  # the candidate no longer holds what the lines need: it keeps its own
    call.store.candidate = script.tree


def _module_of(call: Call) -> str | None:
    namespaces = {m.namespace for m in call.schema.modules}
    return next((ns for ns in (EXT, DEVICE_MLAG_NS) if ns in namespaces), None)


@dataclass
class _Script:
    tree: Element
    module: str | None
    view: Element | None = None
    changed: bool = False
    output: list[str] = field(default_factory=list)

    def run(self, line: str) -> None:
        words = " ".join(line.split())
        if words in ("system-view", "quit", "return"):
            self.view = None
        elif words == "display current-configuration":
            self.output.append(display(self.tree))
        elif words.startswith("interface "):
            self._enter(words.split(" ", 1)[1])
        elif self.view is not None and self._interface_command(self.view, words):
            self.changed = True
        else:
            raise RpcFailure(_refused(line, "unrecognized command" if self.view is not None
                                      else "unrecognized command in the system view"))

    def _enter(self, name: str) -> None:
        found = interface(self.tree, name)
        if found is None:
            raise RpcFailure(_refused(f"interface {name}", f"interface {name} does not exist "
                                      "(execute-cli here does not create interfaces)"))
        self.view = found

    def _interface_command(self, node: Element, words: str) -> bool:
        if (match := _IPV4.match(words)) is not None:
            self._write(node, "ipv4", {"ip": match.group(1), "mask": match.group(2)})
        elif (match := _LINK_LOCAL.match(words)) is not None:
            self._write(node, "ipv6", {"link-local": match.group(1)})
        elif (match := _IPV6.match(words)) is not None:
            self._write(node, "ipv6", {"ip": match.group(1),
                                       "prefix-length": match.group(2) or match.group(3)})
        elif words == _PRUNE and self.module == EXT:
            proxys = ensure(ensure(node, IP, "ipv6"), IPV6_ND, "nd-collection", "proxys")
            _set(proxys, IPV6_ND, "route-proxy", "on")
            _set(proxys, EXT, "route-proxy-prune", "true")
        else:
            return False
        return True

    def _write(self, node: Element, family: str, values: dict[str, str]) -> None:
        if self.module == EXT:
            holder = ensure(ensure(node, IP, family), EXT, f"m-lag-{family}")
            for leaf, value in values.items():
                _set(holder, EXT, leaf, value)
        elif self.module == DEVICE_MLAG_NS:
            holder = ensure(node, DEVICE_MLAG_NS, "m-lag-address", family)
            for leaf, value in values.items():
                _set(holder, DEVICE_MLAG_NS, "address" if leaf == "ip" else leaf, value)
        else:
            raise RpcFailure(_refused(f"m-lag {family}", "this device has no module for the "
                                      "M-LAG addresses"))


def _set(parent: Element, namespace: str, leaf: str, value: str) -> None:
    found = parent.find(qname(namespace, leaf))
    if found is None:
        make(parent, qname(namespace, leaf), value)
    else:
        found.text = value


def _refused(line: str, why: str) -> RpcErrorInfo:
    return RpcErrorInfo.application(
        "operation-failed", f"Error: {why}: '{line}' (the simulator's execute-cli knows "
        "interface, m-lag ip address, m-lag ipv6 address, ipv6 nd proxy route enable "
        "prune, quit and display current-configuration)", info={"bad-element": "cmdline"})


def display(tree: Element) -> str:
    """``display current-configuration`` limited to the execute-cli lines."""
    out = ["#"]
    for node in interfaces(tree):
        lines = list(_lines(node))
        if lines:
            out += [f"interface {child_value(node, 'name')}", *(f" {x}" for x in lines), "#"]
    return "\n".join([*out, "return"])


def _lines(node: Element) -> Iterator[str]:
    v4, v6 = _mlag(node, "ipv4"), _mlag(node, "ipv6")
    if v4.get("ip"):
        yield f"m-lag ip address {v4['ip']} {v4.get('mask', '')}".rstrip()
    if v6.get("ip"):
        yield f"m-lag ipv6 address {v6['ip']} {v6.get('prefix-length', '')}".rstrip()
    if v6.get("link-local"):
        yield f"m-lag ipv6 address {v6['link-local']} link-local"
    proxys = find(find(node, IP, "ipv6"), IPV6_ND, "nd-collection", "proxys")
    prune = None if proxys is None else proxys.find(qname(EXT, "route-proxy-prune"))
    if prune is not None and (prune.text or "").strip() == "true":
        yield _PRUNE


def _mlag(node: Element, family: str) -> dict[str, str]:
    ext = find(node, IP, family)
    found = None if ext is None else ext.find(qname(EXT, f"m-lag-{family}"))
    if found is None:
        found = find(node, DEVICE_MLAG_NS, "m-lag-address", family)
        values = {} if found is None else leaves(found)
        return {("ip" if k == "address" else k): v for k, v in values.items()}
    return leaves(found)

