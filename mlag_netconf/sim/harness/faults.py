"""Scripted, deterministic fault injection for one simulated device.

A :class:`Fault` names an RPC (or ``None`` for any), an :class:`Action`, and which of the
matching RPCs it hits: the ``nth`` one counted from when the fault was added, then
``times`` in a row (``times=0``: every one from the nth on). Every fault counts every
RPC it matches; when several would fire on the same RPC, the first added wins.

Two faults are not per RPC: ``FaultPlan.refuse_auth = True`` refuses every SSH login
(password and key), and ``SimulatedDevice.hold_lock("candidate")`` locks a datastore
from a phantom session (its id comes back; ``kill-session`` or ``end_session`` ends it).

>>> plan = FaultPlan()
>>> plan.add(Fault.delay("commit", 0.5, nth=2))
>>> [plan.take("commit") is not None for _ in range(3)]
[False, True, False]
>>> plan.add(Fault.error("lock", tag="lock-denied", times=0))
>>> plan.take("lock").rpc_error.tag
'lock-denied'

The plan is the device core's :class:`~mlag_netconf.sim.protocol.plugins.FaultSource`;
a :class:`Fault` is the :class:`~mlag_netconf.sim.protocol.plugins.Intercept` it hands
the session.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from enum import StrEnum

from mlag_netconf.enums import ErrorType
from mlag_netconf.errors import RpcErrorInfo
from mlag_netconf.namespaces import NC
from mlag_netconf.sim.protocol.errors import SimulatorUsageError
from mlag_netconf.sim.protocol.plugins import Action

__all__ = ["Action", "Fault", "FaultPlan", "Malicious", "hostile_reply"]


class Malicious(StrEnum):
    BILLION_LAUGHS = "billion-laughs"  # nested internal entities (exponential expansion)
    EXTERNAL_ENTITY = "external-entity"  # XXE: an entity reading a local file
    HUGE = "huge"                      # a well-formed reply of ``size`` bytes
    INVALID_XML = "invalid-xml"        # not well-formed
    RAW = "raw"                        # ``payload`` as it is (``{message-id}`` filled in)


@dataclass(frozen=True)
class Fault:
    """One scripted fault; build it with the class methods."""

    rpc: str | None
    action: Action
    nth: int = 1
    times: int = 1
    seconds: float = 0.0
    rpc_error: RpcErrorInfo | None = None
    malicious: Malicious | None = None
    payload: bytes = b""
    size: int = 16 * 1024 * 1024

    @classmethod
    def delay(cls, rpc: str | None, seconds: float, *, nth: int = 1, times: int = 1) -> Fault:
        return cls(rpc, Action.DELAY, nth, times, seconds=seconds)

    @classmethod
    def error(cls, rpc: str | None, *, tag: str = "operation-failed",
              message: str = "injected fault", error_type: ErrorType = ErrorType.APPLICATION,
              app_tag: str | None = None, path: str | None = None, nth: int = 1,
              times: int = 1) -> Fault:
        spec = RpcErrorInfo(error_type, tag, message, app_tag=app_tag, path=path)
        return cls(rpc, Action.ERROR, nth, times, rpc_error=spec)

    @classmethod
    def fail_commit(cls, message: str = "commit failed (injected)", *, nth: int = 1,
                    times: int = 1) -> Fault:
        """The next commit fails with ``operation-failed``; running is left unchanged."""
        return cls.error("commit", message=message, nth=nth, times=times)

    @classmethod
    def drop(cls, rpc: str | None, *, after: bool = False, nth: int = 1,
             times: int = 1) -> Fault:
        return cls(rpc, Action.DROP_AFTER if after else Action.DROP_BEFORE, nth, times)

    @classmethod
    def hostile(cls, rpc: str | None, kind: Malicious, *, payload: bytes = b"",
                size: int = 16 * 1024 * 1024, nth: int = 1, times: int = 1) -> Fault:
        return cls(rpc, Action.MALICIOUS, nth, times, malicious=kind, payload=payload,
                   size=size)

    def matches(self, rpc: str) -> bool:
        return self.rpc is None or self.rpc == rpc

    def raw_reply(self, message_id: str | None) -> bytes:
        """The hostile reply of a ``MALICIOUS`` fault (see :func:`hostile_reply`)."""
        return hostile_reply(self, message_id)


@dataclass
class _Armed:
    fault: Fault
    seen: int = 0


@dataclass
class FaultPlan:
    """The faults of one device (thread-safe: tests script it from their own thread)."""

    _armed: list[_Armed] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    refuse_auth: bool = False

    def add(self, fault: Fault) -> None:
        if fault.nth < 1 or fault.times < 0:
            raise SimulatorUsageError("nth must be >= 1 and times >= 0")
        with self._lock:
            self._armed.append(_Armed(fault))

    def clear(self) -> None:
        with self._lock:
            self._armed.clear()
            self.refuse_auth = False

    def take(self, rpc: str) -> Fault | None:
        """The fault hitting this RPC, if any (each matching fault counts the RPC)."""
        hit: Fault | None = None
        with self._lock:
            for armed in self._armed:
                if not armed.fault.matches(rpc):
                    continue
                armed.seen += 1
                if hit is None and _fires(armed):
                    hit = armed.fault
            self._armed = [a for a in self._armed if not _spent(a)]
        return hit

    @property
    def pending(self) -> tuple[Fault, ...]:
        with self._lock:
            return tuple(a.fault for a in self._armed)


def _fires(armed: _Armed) -> bool:
    first = armed.fault.nth
    last = None if armed.fault.times == 0 else first + armed.fault.times - 1
    return armed.seen >= first and (last is None or armed.seen <= last)


def _spent(armed: _Armed) -> bool:
    return armed.fault.times != 0 and armed.seen >= armed.fault.nth + armed.fault.times - 1


def hostile_reply(fault: Fault, message_id: str | None) -> bytes:
    """The bytes of a malicious reply (not framed)."""
    kind = fault.malicious or Malicious.INVALID_XML
    mid = f' message-id="{message_id}"' if message_id else ""
    head = f'<rpc-reply xmlns="{NC}"{mid}>'
    if kind is Malicious.BILLION_LAUGHS:
        return _billion_laughs(head).encode()
    if kind is Malicious.EXTERNAL_ENTITY:
        return (f'<?xml version="1.0"?><!DOCTYPE rpc-reply [<!ENTITY xxe SYSTEM '
                f'"file:///etc/passwd">]>{head}<data>&xxe;</data></rpc-reply>').encode()
    if kind is Malicious.HUGE:
        filler = b"<x>" + b"A" * 1000 + b"</x>"
        count = max(1, fault.size // len(filler))
        return head.encode() + b"<data>" + filler * count + b"</data></rpc-reply>"
    if kind is Malicious.RAW:  # ``{message-id}`` stands for the request's message-id
        return fault.payload.replace(b"{message-id}", (message_id or "").encode())
    return f"{head}<data><unclosed></data>".encode()


def _billion_laughs(head: str) -> str:
    entities = ['<!ENTITY lol0 "lol">']
    entities += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return (f'<?xml version="1.0"?><!DOCTYPE rpc-reply [{"".join(entities)}]>'
            f"{head}<data>&lol9;</data></rpc-reply>")
