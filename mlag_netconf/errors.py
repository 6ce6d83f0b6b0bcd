"""The one error tree of mlag-netconf.

Every exception the library raises on purpose derives from :class:`MlagNetconfError`.
``str(error)`` always reads ``path: rule: message`` (or as much of it as applies), so a
CLI can print it as it is and a test can match on the rule.

>>> err = RuleViolation("interfaces[Vlanif100].m_lag_ipv4", "mlag-ipv4-in-primary-subnet",
...                     "10.2.0.2 is not in 10.1.1.0/24")
>>> str(err)
'interfaces[Vlanif100].m_lag_ipv4: mlag-ipv4-in-primary-subnet: 10.2.0.2 is not in 10.1.1.0/24'
>>> isinstance(err, MlagNetconfError) and isinstance(err, ValidationError)
True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mlag_netconf.enums import ErrorType


class MlagNetconfError(Exception):
    """Root of every error raised by mlag-netconf."""


# --------------------------------------------------------------------------- input
class ValidationError(MlagNetconfError, ValueError):
    """Bad input: names the field (a dotted path), the rule and what is wrong."""

    def __init__(self, path: str, rule: str, message: str) -> None:
        self.path = path
        self.rule = rule
        self.message = message
        super().__init__(self.__str__())

    def __str__(self) -> str:
        parts = [p for p in (self.path, self.rule, self.message) if p]
        return ": ".join(parts)

    def at(self, prefix: str) -> ValidationError:
        """The same error with ``prefix`` put in front of its path."""
        path = f"{prefix}.{self.path}" if self.path and not self.path.startswith("[") else (
            f"{prefix}{self.path}"
        )
        clone = type(self).__new__(type(self))
        ValidationError.__init__(clone, path, self.rule, self.message)
        return clone


class ValueFormatError(ValidationError):
    """A typed leaf could not parse or check its value (a VLAN id of 5000, a bad MAC...)."""


class RuleViolation(ValidationError):
    """A documented product rule is broken (see :mod:`mlag_netconf.rules`)."""


class IntentError(ValidationError):
    """The intent file itself is malformed: unknown key, missing key, wrong shape."""


class ArgumentError(ValidationError, TypeError):
    """A Python builder was called with a wrong argument: an unknown or missing keyword,
    or a value of the wrong kind (``Device("A", bgp="65001")``). Its path names the
    argument; it is a ``TypeError`` too, as Python's own would be."""


class ValidationErrors(MlagNetconfError, ValueError):
    """Several input errors found in one pass; iterate it to get each one.

    ``str()`` lists one ``path: rule: message`` per line.
    """

    def __init__(self, errors: Iterable[ValidationError]) -> None:
        self.errors: tuple[ValidationError, ...] = tuple(errors)
        super().__init__("\n".join(str(e) for e in self.errors))

    def __iter__(self) -> Iterator[ValidationError]:
        return iter(self.errors)

    def __len__(self) -> int:
        return len(self.errors)

    @property
    def rules(self) -> frozenset[str]:
        """The set of rule names broken."""
        return frozenset(e.rule for e in self.errors)


def raise_all(errors: Sequence[ValidationError]) -> None:
    """Raise nothing, the single error, or :class:`ValidationErrors` for several."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ValidationErrors(errors)


# --------------------------------------------------------------------------- schema
class SchemaError(MlagNetconfError):
    """The project's YANG modules could not be loaded or used."""


class PayloadInvalid(ValidationError):
    """A payload does not conform to the YANG schema (found by ``Payload.validate``)."""


# --------------------------------------------------------------------------- NETCONF
class NetconfError(MlagNetconfError):
    """Anything that went wrong talking NETCONF to a device."""


class ConnectError(NetconfError):
    """The SSH/NETCONF session could not be set up (refused, auth, host key, hello)."""


class CapabilityError(NetconfError):
    """The device lacks a capability or YANG module the operation needs."""


@dataclass(frozen=True)
class RpcErrorInfo:
    """One ``<rpc-error>`` (RFC 6241 §4.3): the one model the simulator writes and the
    client reads (the XML codec is :mod:`mlag_netconf.xmltree.rpc_error`).

    ``info`` holds the ``<error-info>`` children as ``name: text`` (``session-id``,
    ``bad-element``...).

    >>> str(RpcErrorInfo.protocol("lock-denied", "locked by session 3",
    ...                           info={"session-id": "3"}))
    'lock-denied: locked by session 3'
    """

    type: ErrorType
    tag: str
    message: str | None = None
    app_tag: str | None = None
    path: str | None = None
    severity: str = "error"
    info: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def protocol(cls, tag: str, message: str | None = None, **kw: Any) -> RpcErrorInfo:
        return cls(ErrorType.PROTOCOL, tag, message, **kw)

    @classmethod
    def application(cls, tag: str, message: str | None = None, **kw: Any) -> RpcErrorInfo:
        return cls(ErrorType.APPLICATION, tag, message, **kw)

    @classmethod
    def rpc(cls, tag: str, message: str | None = None, **kw: Any) -> RpcErrorInfo:
        return cls(ErrorType.RPC, tag, message, **kw)

    def __str__(self) -> str:
        rule = self.tag + (f"/{self.app_tag}" if self.app_tag else "")
        return ": ".join(p for p in (self.path or "", rule, self.message or "") if p)


class RpcError(NetconfError):
    """A device answered an RPC with one or more ``<rpc-error>`` elements."""

    def __init__(self, errors: Sequence[RpcErrorInfo], *, device: str | None = None,
                 operation: str | None = None) -> None:
        self.errors = tuple(errors)
        self.device = device
        self.operation = operation
        head = " ".join(p for p in (device, operation) if p)
        body = "; ".join(str(e) for e in self.errors) or "rpc-error"
        super().__init__(f"{head}: {body}" if head else body)

    @property
    def tag(self) -> str:
        """The error-tag of the first error."""
        return self.errors[0].tag if self.errors else "operation-failed"

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(e.tag for e in self.errors)


class LockDenied(RpcError):
    """``lock-denied``: another session holds the lock (its id in ``holder``)."""

    @property
    def holder(self) -> int | None:
        for e in self.errors:
            sid = e.info.get("session-id", "").strip()
            if sid.isdigit():
                return int(sid)
        return None


class CommitError(NetconfError):
    """The commit (or its confirmation) failed; the candidate was discarded."""


class TransactionError(NetconfError):
    """An all-or-nothing transaction across devices failed; see ``failed_hosts``."""

    def __init__(self, message: str, failed_hosts: dict[str, BaseException]) -> None:
        self.failed_hosts = failed_hosts
        super().__init__(message)


class VerifyError(NetconfError):
    """Read-back after commit did not show the intended configuration."""
