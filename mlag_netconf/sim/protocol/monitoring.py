"""ietf-netconf-monitoring (RFC 6022): ``/netconf-state`` in ``<get>`` and ``<get-schema>``."""

from __future__ import annotations

from mlag_netconf.errors import RpcErrorInfo
from mlag_netconf.namespaces import NCM
from mlag_netconf.sim.protocol.core import DeviceCore
from mlag_netconf.sim.protocol.errors import RpcFailure, missing_element
from mlag_netconf.xmltree import Element, child_text, make, new_element, qname

#: List keys of the monitoring data (its module is not part of the device schema).
KEYS = {
    "schema": ("identifier", "version", "format"),
    "session": ("session-id",),
    "datastore": ("name",),
}


def _q(local: str) -> str:
    return qname(NCM, local)


def netconf_state(core: DeviceCore) -> Element:
    state = new_element(_q("netconf-state"))
    caps = make(state, _q("capabilities"))
    for uri in core.capabilities:
        make(caps, _q("capability"), uri)
    _datastores(core, make(state, _q("datastores")))
    _schemas(core, make(state, _q("schemas")))
    _sessions(core, make(state, _q("sessions")))
    return state


def _datastores(core: DeviceCore, parent: Element) -> None:
    for name in ("running", "candidate"):
        node = make(parent, _q("datastore"))
        make(node, _q("name"), name)
        holder = next((sid for ds, sid in core.store.locks.items() if ds == name), None)
        if holder is not None:
            locks = make(node, _q("locks"))
            global_lock = make(locks, _q("global-lock"))
            make(global_lock, _q("locked-by-session"), str(holder))
            make(global_lock, _q("locked-time"), core.sessions[holder].login_time
                 if holder in core.sessions else "1970-01-01T00:00:00Z")


def _schemas(core: DeviceCore, parent: Element) -> None:
    for module in (*core.schema.modules, *core.schema.submodules):
        node = make(parent, _q("schema"))
        make(node, _q("identifier"), module.name)
        make(node, _q("version"), core.schema.revision_of(module) or "")
        make(node, _q("format"), "yang")
        make(node, _q("namespace"), module.namespace)
        make(node, _q("location"), "NETCONF")


def _sessions(core: DeviceCore, parent: Element) -> None:
    for record in core.sessions.values():
        node = make(parent, _q("session"))
        make(node, _q("session-id"), str(record.id))
        make(node, _q("transport"), "netconf-ssh")
        make(node, _q("username"), record.username)
        make(node, _q("source-host"), record.source)
        make(node, _q("login-time"), record.login_time)


def get_schema(core: DeviceCore, op: Element) -> Element:
    """The text of a loaded module in ``<data>`` (RFC 6022 §3.1)."""
    identifier = child_text(op, "identifier")
    if not identifier:
        raise RpcFailure(missing_element("identifier"))
    version = child_text(op, "version") or None
    fmt = (child_text(op, "format") or "yang").split(":")[-1]
    if fmt != "yang":
        raise RpcFailure(RpcErrorInfo.protocol("invalid-value", f"format '{fmt}' not supported",
                                               info={"bad-element": "format"}))
    try:
        body = core.schema.module_text(identifier, version)
    except KeyError:
        what = identifier + (f"@{version}" if version else "")
        raise RpcFailure(RpcErrorInfo.protocol(
            "invalid-value", f"no schema {what}", info={"bad-element": "identifier"})) from None
    data = new_element(_q("data"))
    data.text = body
    return data
