"""Server-side ``<rpc-error>`` (RFC 6241 §4.3): what the simulator answers on failure.

>>> err = ErrorSpec.protocol("lock-denied", "locked by session 3", info={"session-id": "3"})
>>> print(to_text(err.element()))  # doctest: +NORMALIZE_WHITESPACE
<rpc-error xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><error-type>protocol</error-type>\
<error-tag>lock-denied</error-tag><error-severity>error</error-severity>\
<error-message xml:lang="en">locked by session 3</error-message>\
<error-info><session-id>3</session-id></error-info></rpc-error>
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from lxml import etree

from mlag_netconf.sim.xmlutil import Element, nc, new_element, to_text

__all__ = ["ErrorSpec", "ErrorType", "RpcFailure", "to_text"]

_PREFIX = re.compile(r"([A-Za-z_][\w.-]*):(?=[A-Za-z_])")


class ErrorType(StrEnum):
    TRANSPORT = "transport"
    RPC = "rpc"
    PROTOCOL = "protocol"
    APPLICATION = "application"


@dataclass(frozen=True)
class ErrorSpec:
    """One ``<rpc-error>``; ``info`` children are NETCONF-namespace leaves (bad-element...)."""

    type: ErrorType
    tag: str
    message: str | None = None
    app_tag: str | None = None
    path: str | None = None
    severity: str = "error"
    info: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def protocol(cls, tag: str, message: str | None = None, **kw: object) -> ErrorSpec:
        return cls(ErrorType.PROTOCOL, tag, message, **kw)  # type: ignore[arg-type]

    @classmethod
    def application(cls, tag: str, message: str | None = None, **kw: object) -> ErrorSpec:
        return cls(ErrorType.APPLICATION, tag, message, **kw)  # type: ignore[arg-type]

    @classmethod
    def rpc(cls, tag: str, message: str | None = None, **kw: object) -> ErrorSpec:
        return cls(ErrorType.RPC, tag, message, **kw)  # type: ignore[arg-type]

    def element(self, prefixes: Mapping[str, str] | None = None) -> Element:
        """The ``<rpc-error>``; ``prefixes`` (prefix -> namespace) declares the
        module prefixes its ``error-path`` uses, so the path is a valid XPath."""
        root = new_element(nc("rpc-error"))
        _leaf(root, "error-type", str(self.type))
        _leaf(root, "error-tag", self.tag)
        _leaf(root, "error-severity", self.severity)
        if self.app_tag:
            _leaf(root, "error-app-tag", self.app_tag)
        if self.path:
            _path(root, self.path, prefixes or {})
        if self.message:
            _leaf(root, "error-message", self.message).set(
                "{http://www.w3.org/XML/1998/namespace}lang", "en")
        if self.info:
            info = _leaf(root, "error-info", None)
            for name, value in self.info.items():
                _leaf(info, name, value)
        return root

    def __str__(self) -> str:
        parts = [self.path or "", self.tag + (f"/{self.app_tag}" if self.app_tag else ""),
                 self.message or ""]
        return ": ".join(p for p in parts if p)


def _leaf(parent: Element, name: str, value: str | None) -> Element:
    node = etree.SubElement(parent, nc(name))
    if value is not None:
        node.text = value
    return node


def _path(parent: Element, path: str, prefixes: Mapping[str, str]) -> None:
    used = {p: prefixes[p] for p in _PREFIX.findall(path) if p in prefixes}
    nsmap: Any = used or None
    etree.SubElement(parent, nc("error-path"), nsmap=nsmap).text = path


class RpcFailure(Exception):
    """Raised inside an operation handler: the reply carries these errors."""

    def __init__(self, errors: ErrorSpec | Iterable[ErrorSpec]) -> None:
        self.errors: tuple[ErrorSpec, ...] = (
            (errors,) if isinstance(errors, ErrorSpec) else tuple(errors))
        super().__init__("; ".join(str(e) for e in self.errors))


def malformed(message: str) -> ErrorSpec:
    return ErrorSpec.rpc("malformed-message", message)


def missing_element(name: str, message: str | None = None) -> ErrorSpec:
    return ErrorSpec.protocol("missing-element", message or f"missing <{name}>",
                              info={"bad-element": name})


def in_use(what: str, holder: int) -> ErrorSpec:
    return ErrorSpec.protocol("in-use", f"{what} is locked by session {holder}",
                              info={"session-id": str(holder)})


def operation_failed(message: str, *, path: str | None = None,
                     app_tag: str | None = None) -> ErrorSpec:
    return ErrorSpec.application("operation-failed", message, path=path, app_tag=app_tag)
