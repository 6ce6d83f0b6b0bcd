"""``<rpc-error>`` to and from :class:`~mlag_netconf.errors.RpcErrorInfo` (RFC 6241 §4.3).

The simulator writes errors with :func:`rpc_error_element`; the client reads every error
of a reply with :func:`parse_rpc_errors`. One model, one codec, both directions.

>>> from mlag_netconf.errors import RpcErrorInfo
>>> err = RpcErrorInfo.protocol("lock-denied", "locked by session 3",
...                             info={"session-id": "3"})
>>> print(to_text(rpc_error_element(err)))  # doctest: +NORMALIZE_WHITESPACE
<rpc-error xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><error-type>protocol</error-type>\
<error-tag>lock-denied</error-tag><error-severity>error</error-severity>\
<error-message xml:lang="en">locked by session 3</error-message>\
<error-info><session-id>3</session-id></error-info></rpc-error>
>>> parse_rpc_errors(rpc_error_element(err)) == (err,)
True
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from lxml import etree

from mlag_netconf.enums import ErrorType
from mlag_netconf.errors import RpcErrorInfo
from mlag_netconf.namespaces import XML_LANG
from mlag_netconf.xmltree.names import (
    Element,
    child,
    child_text,
    children,
    local_name,
    nc,
    new_element,
    text,
    to_text,
)

__all__ = ["parse_rpc_errors", "rpc_error_element", "to_text"]

_PREFIX = re.compile(r"([A-Za-z_][\w.-]*):(?=[A-Za-z_])")


def rpc_error_element(error: RpcErrorInfo, prefixes: Mapping[str, str] | None = None
                      ) -> Element:
    """The ``<rpc-error>`` of ``error``; ``prefixes`` (prefix -> namespace) declares the
    module prefixes its ``error-path`` uses, so the path is a valid XPath."""
    root = new_element(nc("rpc-error"))
    _leaf(root, "error-type", str(error.type))
    _leaf(root, "error-tag", error.tag)
    _leaf(root, "error-severity", error.severity)
    if error.app_tag:
        _leaf(root, "error-app-tag", error.app_tag)
    if error.path:
        used = {p: (prefixes or {})[p] for p in _PREFIX.findall(error.path)
                if p in (prefixes or {})}
        nsmap: Any = used or None
        etree.SubElement(root, nc("error-path"), nsmap=nsmap).text = error.path
    if error.message:
        _leaf(root, "error-message", error.message).set(XML_LANG, "en")
    if error.info:
        info = _leaf(root, "error-info", None)
        for name, value in error.info.items():
            _leaf(info, name, value)
    return root


def _leaf(parent: Element, name: str, value: str | None) -> Element:
    node = etree.SubElement(parent, nc(name))
    if value is not None:
        node.text = value
    return node


def _error_type(value: str | None) -> ErrorType:
    try:
        return ErrorType((value or "").strip())
    except ValueError:
        return ErrorType.APPLICATION


def parse_rpc_error(element: Element) -> RpcErrorInfo:
    """One ``<rpc-error>`` element (any namespace prefixing; unknown types read as
    ``application``; the message's trailing white space and ``\\r`` dropped)."""
    info_el = child(element, "error-info")
    info = {} if info_el is None else {local_name(c): _info_text(c) for c in children(info_el)}
    message = child_text(element, "error-message")
    return RpcErrorInfo(
        type=_error_type(child_text(element, "error-type")),
        tag=child_text(element, "error-tag") or "operation-failed",
        message=message.rstrip("\r\n ") if message else None,
        app_tag=child_text(element, "error-app-tag") or None,
        path=child_text(element, "error-path") or None,
        severity=child_text(element, "error-severity") or "error",
        info=info,
    )


def _info_text(node: Element) -> str:
    """An ``error-info`` child's text; one with children (a CloudEngine's ``error-paras``
    holding ``error-para``s) gives their texts joined by ``, ``."""
    parts = [text(c) for c in children(node)]
    return ", ".join(p for p in parts if p) if parts else text(node)


def parse_rpc_errors(reply: Element) -> tuple[RpcErrorInfo, ...]:
    """Every ``<rpc-error>`` in ``reply`` (itself one, or an ``<rpc-reply>``), in order."""
    if local_name(reply) == "rpc-error":
        return (parse_rpc_error(reply),)
    return tuple(parse_rpc_error(e) for e in reply.iter()
                 if isinstance(e.tag, str) and local_name(e) == "rpc-error")
