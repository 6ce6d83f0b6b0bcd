"""The CloudEngine's ``<rpc-error>`` dialect (``../shared/HUAWEI-NETCONF.md``, Huawei's
CE6800 V300 NETCONF guide, "NETCONF Message Formats").

What a device does and this module reproduces:

- ``error-app-tag`` is a number; ``error-info`` carries ``nc-ext:error-info-code`` and
  ``nc-ext:error-paras`` (namespace ``urn:huawei:yang:huawei-ietf-netconf-ext``) beside
  ``bad-element`` / ``bad-namespace``;
- ``error-path`` is the request path for an edit (``/nc:rpc/nc:edit-config/nc:config/
  ifm:ifm/ifm:interfaces/...``) and a prefixed data path without a leading slash
  otherwise (``ifm:ifm/ifm:interfaces/ifm:interface[ifm:name='Vlanif100']``);
- an element of an unknown namespace answers type ``protocol``, tag
  ``unknown-namespace``, app-tag 319, with ``bad-namespace``;
- the message has no ``xml:lang`` and ends with ``&#13;``.

The numbers: 319 (unknown namespace) and 43 (data exists) are the documented ones;
every other error-tag gets the simulator's own number (:data:`APP_TAGS`, 9xx, not a
device code), and ``error-info-code`` repeats it. The library's own id for the error
(the RFC 7950 app-tag, or the device rule id such as ``mlag-ipv4-in-primary-subnet``)
is the first ``error-para``, so tests can still name the rule.

>>> from mlag_netconf.errors import RpcErrorInfo
>>> data_path("/ifm:ifm/interfaces/interface[name='10GE1/0/1']/ip:ipv4/address[.='x']")
"ifm:ifm/ifm:interfaces/ifm:interface[ifm:name='10GE1/0/1']/ip:ipv4/ip:address[.='x']"
>>> APP_TAGS["unknown-namespace"], APP_TAGS["data-exists"], APP_TAGS["in-use"]
('319', '43', '901')
"""

from __future__ import annotations

import re

from lxml import etree

from mlag_netconf.enums import ErrorType
from mlag_netconf.errors import RpcErrorInfo
from mlag_netconf.namespaces import NC, XML_LANG
from mlag_netconf.sim.protocol.dialect import Request
from mlag_netconf.sim.protocol.schema_port import SimSchema
from mlag_netconf.xmltree import Element, child, element_tag, make, nc, qname, split_qname
from mlag_netconf.xmltree.rpc_error import rpc_error_element

__all__ = ["APP_TAGS", "NC_EXT", "ce_error_element", "data_path", "error_paras"]

NC_EXT = "urn:huawei:yang:huawei-ietf-netconf-ext"
"""Huawei's NETCONF extension namespace (error-info children, flow-id, commit description)."""

#: error-tag -> numeric error-app-tag (RFC 6241 Appendix A order; see the module doc).
APP_TAGS: dict[str, str] = {tag: str(900 + i) for i, tag in enumerate((
    "in-use", "invalid-value", "too-big", "missing-attribute", "bad-attribute",
    "unknown-attribute", "missing-element", "bad-element", "unknown-element",
    "unknown-namespace", "access-denied", "lock-denied", "resource-denied",
    "rollback-failed", "data-exists", "data-missing", "operation-not-supported",
    "operation-failed", "partial-operation", "malformed-message"), start=1)}
APP_TAGS.update({"unknown-namespace": "319", "data-exists": "43"})
_OTHER = "999"

_STEP_PREFIX = re.compile(r"^([A-Za-z_][\w.-]*):")
_KEY = re.compile(r"\[([A-Za-z_][\w.:-]*)=")


def ce_error_element(error: RpcErrorInfo, request: Request | None,
                     schema: SimSchema) -> Element:
    """The ``<rpc-error>`` a CloudEngine writes for ``error``."""
    number = APP_TAGS.get(error.tag, _OTHER)
    info = dict(error.info)
    kind = error.type
    if error.tag == "unknown-namespace":
        kind = ErrorType.PROTOCOL
        found = _namespace_of(info.get("bad-element"), request, schema)
        if found and "bad-namespace" not in info:
            info["bad-namespace"] = found
    edit = request is not None and request.name == "edit-config"
    path = _path(error.path, edit=edit)
    shaped = RpcErrorInfo(kind, error.tag, error.message and error.message + "\r",
                          app_tag=number, path=path, severity=error.severity, info=info)
    element = rpc_error_element(shaped, {"nc": NC, **schema.namespaces})
    message = child(element, "error-message")
    if message is not None:
        message.attrib.pop(XML_LANG, "")
    holder = child(element, "error-info")
    if holder is None:
        holder = make(element, nc("error-info"))
    etree.SubElement(holder, qname(NC_EXT, "error-info-code"),
                     nsmap={"nc-ext": NC_EXT}).text = number
    if error.app_tag:
        paras = etree.SubElement(holder, qname(NC_EXT, "error-paras"),
                                 nsmap={"nc-ext": NC_EXT})
        make(paras, qname(NC_EXT, "error-para"), error.app_tag)
    return element


def error_paras(element: Element) -> list[str]:
    """The ``error-para`` texts of an ``<rpc-error>`` (the library's id comes first)."""
    return [(p.text or "") for p in element.iter(qname(NC_EXT, "error-para"))]


def _path(path: str | None, *, edit: bool) -> str | None:
    if not path:
        return "/nc:rpc/nc:edit-config/nc:config" if edit else None
    if path == "/":
        return "/nc:rpc/nc:edit-config/nc:config" if edit else None
    shaped = data_path(path)
    return f"/nc:rpc/nc:edit-config/nc:config/{shaped}" if edit else shaped


def data_path(path: str) -> str:
    """``/a:x/y[k='v']`` -> ``a:x/a:y[a:k='v']``: every step and key prefixed."""
    prefix = ""
    out = []
    for step in _steps(path):
        found = _STEP_PREFIX.match(step)
        if found:
            prefix = found.group(1)
        elif prefix:
            step = f"{prefix}:{step}"
        out.append(_prefix_keys(step, prefix))
    return "/".join(out)


def _prefix_keys(step: str, prefix: str) -> str:
    def key(match: re.Match[str]) -> str:
        name = match.group(1)
        return f"[{name}=" if ":" in name or not prefix else f"[{prefix}:{name}="

    return _KEY.sub(key, step)


def _steps(path: str) -> list[str]:
    """Split an instance path on ``/`` outside predicates and quotes."""
    steps: list[str] = []
    current: list[str] = []
    depth, quote = 0, ""
    for char in path:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == "/" and depth == 0:
            if current:
                steps.append("".join(current))
            current = []
            continue
        current.append(char)
    if current:
        steps.append("".join(current))
    return steps


def _namespace_of(local: str | None, request: Request | None,
                  schema: SimSchema) -> str | None:
    """The namespace of the request's element ``local`` that no module defines."""
    if request is None or not local:
        return None
    known = {m.namespace for m in schema.modules} | {NC}
    for node in request.op.iter():
        if not isinstance(node.tag, str):
            continue
        namespace, name = split_qname(element_tag(node))
        if name == local and namespace not in known:
            return namespace
    return None
