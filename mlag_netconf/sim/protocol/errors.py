"""Errors of the simulator: the ``<rpc-error>`` a handler answers with, and the
exceptions the simulator raises at its callers.

An operation handler raises :class:`RpcFailure` with one or more
:class:`~mlag_netconf.errors.RpcErrorInfo` (the project's one rpc-error model); the
session writes them with :func:`~mlag_netconf.xmltree.rpc_error.rpc_error_element`.

>>> str(RpcFailure([missing_element("target"), in_use("candidate", 3)]))
'missing-element: missing <target>; in-use: candidate is locked by session 3'
"""

from __future__ import annotations

from collections.abc import Iterable

from mlag_netconf.errors import MlagNetconfError, RpcErrorInfo
from mlag_netconf.schema import SchemaIssue

__all__ = [
    "RpcFailure",
    "SimulatorError",
    "SimulatorStateError",
    "SimulatorUsageError",
    "in_use",
    "issue_error",
    "malformed",
    "missing_element",
    "operation_failed",
]


class SimulatorError(MlagNetconfError):
    """Root of the errors the simulator raises at its callers."""


class SimulatorUsageError(SimulatorError, ValueError):
    """The simulator was asked for something invalid (duplicate names, a bad count...)."""


class SimulatorStateError(SimulatorError, RuntimeError):
    """The simulator is not in a state to do this (e.g. the network is not running)."""


class RpcFailure(Exception):
    """Raised inside an operation handler: the reply carries these errors."""

    def __init__(self, errors: RpcErrorInfo | Iterable[RpcErrorInfo]) -> None:
        self.errors: tuple[RpcErrorInfo, ...] = (
            (errors,) if isinstance(errors, RpcErrorInfo) else tuple(errors))
        super().__init__("; ".join(str(e) for e in self.errors))


def malformed(message: str) -> RpcErrorInfo:
    return RpcErrorInfo.rpc("malformed-message", message)


def missing_element(name: str, message: str | None = None) -> RpcErrorInfo:
    return RpcErrorInfo.protocol("missing-element", message or f"missing <{name}>",
                                 info={"bad-element": name})


def in_use(what: str, holder: int) -> RpcErrorInfo:
    return RpcErrorInfo.protocol("in-use", f"{what} is locked by session {holder}",
                                 info={"session-id": str(holder)})


def operation_failed(message: str, *, path: str | None = None,
                     app_tag: str | None = None) -> RpcErrorInfo:
    return RpcErrorInfo.application("operation-failed", message, path=path, app_tag=app_tag)


def issue_error(issue: SchemaIssue) -> RpcErrorInfo:
    """The ``<rpc-error>`` of a schema finding (``bad-element`` when it names one)."""
    return RpcErrorInfo.application(issue.tag, issue.message, app_tag=issue.app_tag,
                                    path=issue.path,
                                    info={"bad-element": issue.element} if issue.element else {})
