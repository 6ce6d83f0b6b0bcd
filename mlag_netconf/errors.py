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

import dataclasses
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mlag_netconf.enums import ErrorType
from mlag_netconf.html import Html, block, box, esc, table, tag

#: one row of an error table: where (a path, or device · step), the rule, the message
ErrorRow = tuple[str, str, str]


class MlagNetconfError(Exception):
    """Root of every error raised by mlag-netconf.

    In a notebook an error shown as a value (``error`` on the last line of a cell, or
    ``display(error)``) is a table, one row per finding, ``path · rule · message``, the
    root cause first (:meth:`rows`); :func:`mlag_netconf.display.install` shows raised
    ones the same way.
    """

    def rows(self) -> list[ErrorRow]:
        """The findings as ``(path, rule, message)``, the root cause first."""
        return [("", type(self).__name__, str(self))]

    def _repr_html_(self) -> str:
        return error_html(self)


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

    def rows(self) -> list[ErrorRow]:
        return [(self.path, self.rule, self.message)]

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
        self.errors: tuple[ValidationError, ...] = root_cause_first(errors)
        super().__init__("\n".join(str(e) for e in self.errors))

    def __repr__(self) -> str:
        rules = ", ".join(dict.fromkeys(e.rule for e in self.errors))
        return f"ValidationErrors({len(self.errors)} errors: {rules})"

    def rows(self) -> list[ErrorRow]:
        return [row for e in self.errors for row in e.rows()]

    def __iter__(self) -> Iterator[ValidationError]:
        return iter(self.errors)

    def __len__(self) -> int:
        return len(self.errors)

    @property
    def rules(self) -> frozenset[str]:
        """The set of rule names broken."""
        return frozenset(e.rule for e in self.errors)


_FOLLOW_ON = re.compile(r"(^|[.\]])(bgp|peers?|peer_groups|peer-groups)([.\[]|$)")


def root_cause_first(errors: Iterable[ValidationError]) -> tuple[ValidationError, ...]:
    """``errors`` with the addresses and interfaces first and the BGP findings that follow
    from them after (a stable sort: the order is kept within each group).

    An M-LAG address used twice makes the peer that sources from it wrong as well; the
    address is the root cause, so it comes first.

    >>> found = [RuleViolation("B.bgp.peers[10.1.1.100].source_address",
    ...                        "bgp-mlag-peer-source", "…"),
    ...          RuleViolation("B.interfaces[Vlanif100].mlag_ipv4", "mlag-ipv4-unique", "…")]
    >>> [e.rule for e in root_cause_first(found)]
    ['mlag-ipv4-unique', 'bgp-mlag-peer-source']
    """
    def follow_on(e: ValidationError) -> bool:
        return e.rule.startswith(("bgp-", "ebgp-", "vpnv4-")) or bool(
            _FOLLOW_ON.search(e.path))

    return tuple(sorted(errors, key=follow_on))


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

    @property
    def rule(self) -> str | None:
        """The named reason: a non-numeric ``error-app-tag``, else the first
        ``error-paras`` entry (where a CloudEngine, whose app-tags are numbers, names it)."""
        if self.app_tag and not self.app_tag.isdigit():
            return self.app_tag
        paras = self.info.get("error-paras", "")
        return paras.split(", ")[0] or None

    def __str__(self) -> str:
        return ": ".join(p for p in (self.path or "", self.tags, self.message or "") if p)

    @property
    def tags(self) -> str:
        """``tag/app-tag`` (``operation-failed/918``), or the tag alone."""
        return self.tag + (f"/{self.app_tag}" if self.app_tag else "")

    def __repr__(self) -> str:
        """The fields not at their default: ``RpcErrorInfo('protocol', 'lock-denied', ...)``."""
        parts = [repr(str(self.type)), repr(self.tag)]
        for f in dataclasses.fields(self)[2:]:
            value = getattr(self, f.name)
            if value and value != f.default:
                parts.append(f"{f.name}={dict(value) if f.name == 'info' else value!r}")
        return f"RpcErrorInfo({', '.join(parts)})"


class NetconfError(MlagNetconfError):
    """Anything that went wrong talking NETCONF to a device.

    ``device`` and ``step`` (``connect``, ``lock``, ``edit``, ``validate``, ``commit``,
    ``verify``, ``confirm``...) say where; ``errors`` holds every ``<rpc-error>`` the device
    sent; ``recovery`` says what was done afterwards to leave the device as it was (and
    whether that worked). ``str()`` reads ``device: step: message``.
    """

    def __init__(self, message: str, *, device: str | None = None, step: str | None = None,
                 errors: Sequence[RpcErrorInfo] = (), recovery: str | None = None) -> None:
        self.message = message
        self.device = device
        self.step = step
        self.errors: tuple[RpcErrorInfo, ...] = tuple(errors)
        self.recovery = recovery
        super().__init__(message)

    def __str__(self) -> str:
        text = ": ".join(p for p in (self.device, self.step, self.message) if p)
        return f"{text} ({self.recovery})" if self.recovery else text

    def rows(self) -> list[ErrorRow]:
        """Each ``<rpc-error>`` the device sent (its own words: the root cause), else the
        error itself; the path is ``device · step`` (and the rpc-error's path)."""
        where = " · ".join(p for p in (self.device, self.step) if p)
        if not self.errors:
            return [(where, type(self).__name__, self.message)]
        return [(" · ".join(p for p in (where, e.path) if p),
                 e.tags + (f" · {e.rule}" if e.rule and e.rule != e.app_tag else ""),
                 e.message or "") for e in self.errors]

    def located(self, *, device: str | None = None, step: str | None = None,
                recovery: str | None = None) -> NetconfError:
        """This error with device/step filled in where unknown, and ``recovery`` set."""
        self.device = self.device or device
        self.step = self.step or step
        if recovery is not None:
            self.recovery = recovery
        self.args = (str(self),)
        return self


class ConnectError(NetconfError):
    """The SSH/NETCONF session could not be set up (refused, auth, host key, hello)."""


class CapabilityError(NetconfError):
    """The device lacks a capability or YANG module the operation needs."""


class RpcTimeout(NetconfError):
    """The device did not answer an RPC within the RPC timeout."""


class SessionLost(NetconfError):
    """The session closed (or the device sent something unacceptable) mid-operation."""


class RpcError(NetconfError):
    """A device answered an RPC with one or more ``<rpc-error>`` elements (all kept)."""

    def __init__(self, errors: Sequence[RpcErrorInfo], *, device: str | None = None,
                 step: str | None = None, recovery: str | None = None) -> None:
        body = "; ".join(str(e) for e in errors) or "rpc-error"
        super().__init__(body, device=device, step=step, errors=errors, recovery=recovery)

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


class CommitError(RpcError):
    """The commit (or its confirmation) failed."""


class VerifyError(NetconfError):
    """Read-back after commit did not show the intended configuration (``diff`` says how)."""

    def __init__(self, message: str, *, diff: object = None, **kw: Any) -> None:
        self.diff = diff
        super().__init__(message, **kw)


class TransactionError(NetconfError):
    """An all-or-nothing transaction across devices failed; see ``failed_hosts`` (device
    -> its error) and ``result`` (every device's state, when the transaction started)."""

    def __init__(self, message: str, failed_hosts: Mapping[str, BaseException],
                 result: object = None) -> None:
        self.failed_hosts = dict(failed_hosts)
        self.result = result
        super().__init__(message)

    def __repr__(self) -> str:
        return (f"TransactionError({self.message.splitlines()[0]!r}, "
                f"failed_hosts={list(self.failed_hosts)!r})")

    def rows(self) -> list[ErrorRow]:
        """Each failed device's findings: where the transaction broke first, then the
        devices whose recovery failed after it (step ``compensate`` or ``recover``)."""
        def after(item: tuple[str, BaseException]) -> bool:
            return getattr(item[1], "step", None) in ("compensate", "recover")

        out: list[ErrorRow] = []
        for name, error in sorted(self.failed_hosts.items(), key=after):
            if isinstance(error, MlagNetconfError):
                out += error.rows()
            else:
                out.append((name, type(error).__name__, str(error)))
        return out


def error_html(error: MlagNetconfError) -> Html:
    """An error as a notebook table (``path · rule · message``, the root cause first), the
    recovery note of a NETCONF error, and each device's state after a transaction."""
    lines = str(error).splitlines() or [type(error).__name__]
    title = f"{type(error).__name__}: {lines[0]}"
    if isinstance(error, ValidationErrors):
        title = f"{type(error).__name__}: {len(error)} findings, the root cause first"
    elif isinstance(error, ValidationError):
        title = f"{type(error).__name__}: {error.rule}"
    rows = [[tag("code", path) if path else "", tag("code", rule), message]
            for path, rule, message in error.rows()]
    parts: list[object] = [table(["path", "rule", "message"], rows, cls="mn-errors")]
    if isinstance(error, NetconfError) and error.recovery and not isinstance(
            error, TransactionError):
        parts.append(tag("div", Html(f"<b>recovery</b>: {esc(error.recovery)}")))
    if isinstance(error, TransactionError):
        render = getattr(error.result, "_repr_html_", None)
        if callable(render):
            parts.append(Html(str(render())))
    return block(box("bad", title, *parts), cls="mn-error")
