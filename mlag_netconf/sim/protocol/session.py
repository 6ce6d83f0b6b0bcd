"""One NETCONF session over an SSH ``netconf`` subsystem channel.

Hello exchange, framing (1.0 until both hellos name base:1.1, then chunked), one RPC
at a time in arrival order, faults applied per RPC, and the device's state released
when the session ends however it ends. The device's
:class:`~mlag_netconf.sim.protocol.dialect.Dialect` writes the errors and finishes the
replies; its :class:`~mlag_netconf.sim.protocol.limits.Limits` bound the sessions
(how many, how long idle, how long one operation may take, one commit at a time).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterable
from typing import Any

from lxml import etree

from mlag_netconf.errors import RpcErrorInfo
from mlag_netconf.namespaces import NC
from mlag_netconf.sim.protocol.core import DeviceCore
from mlag_netconf.sim.protocol.dialect import Request
from mlag_netconf.sim.protocol.errors import RpcFailure, malformed
from mlag_netconf.sim.protocol.framing import FrameDecoder, FramingError, encode
from mlag_netconf.sim.protocol.operations import Call, handler_for
from mlag_netconf.sim.protocol.plugins import Action, Intercept
from mlag_netconf.xmltree import (
    Element,
    XmlRejected,
    child,
    children,
    local_name,
    make,
    nc,
    new_element,
    parse,
    serialize,
)

log = logging.getLogger("mlag_netconf.sim")

BASE_11 = "urn:ietf:params:netconf:base:1.1"
READ_SIZE = 65536


class _End(Exception):
    """Leave the session loop (close-session, drop, unrecoverable input)."""


class NetconfSession:
    """Serves one SSH channel; ``process`` is an asyncssh ``SSHServerProcess``."""

    def __init__(self, core: DeviceCore, process: Any) -> None:
        self.core = core
        self.process = process
        self.decoder = FrameDecoder()
        self.session_id = 0
        self.client_capabilities: frozenset[str] = frozenset()
        self._hello_done = False
        # kept now: the channel forgets its connection once the client has gone
        self._connection = process.channel.get_connection()

    async def run(self) -> None:
        username = str(self.process.get_extra_info("username") or "")
        peer = self.process.get_extra_info("peername") or ("", 0)
        limit = self.core.limits.max_sessions
        if limit is not None and len(self.core.sessions) >= limit:
            self.core.events.append(f"session refused: {limit} sessions already open")
            log.info("%s: session refused (limit %d)", self.core.name, limit)
            self._exit()
            return
        record = self.core.open_session(username, str(peer[0]), self.abort)
        self.session_id = record.id
        try:
            self._write(self._hello())
            await self._serve()
        except (_End, ConnectionError, OSError):
            pass
        except Exception:  # never let one session take the server down
            log.exception("%s: session %d failed", self.core.name, self.session_id)
        finally:
            self.core.end_session(self.session_id)
            self._exit()

    # ------------------------------------------------------------------ transport
    async def _serve(self) -> None:
        idle = self.core.limits.idle_timeout
        while True:
            try:
                data = await asyncio.wait_for(self.process.stdin.read(READ_SIZE), idle)
            except TimeoutError:
                self.core.events.append(f"idle-timeout: session {self.session_id}")
                log.info("%s: session %d idle for %ss: closed", self.core.name,
                         self.session_id, idle)
                return
            if not data:
                return
            self.decoder.feed(data)
            while (message := self._next_message()) is not None:
                await self._dispatch(message)

    def _next_message(self) -> bytes | None:
        try:
            return self.decoder.pop()
        except FramingError as exc:
            self._send_errors(None, [malformed(f"framing error: {exc}")])
            raise _End from exc

    def _write(self, message: bytes) -> None:
        self.process.stdout.write(encode(message, chunked=self.decoder.chunked))

    def abort(self) -> None:
        """Drop the SSH connection at once (kill-session, injected faults)."""
        self._connection.abort()

    def _exit(self) -> None:
        with contextlib.suppress(OSError, RuntimeError):
            self.process.exit(0)

    # ------------------------------------------------------------------ hello
    def _hello(self) -> bytes:
        hello = new_element(nc("hello"))
        caps = make(hello, nc("capabilities"))
        for uri in self.core.capabilities:
            make(caps, nc("capability"), uri)
        make(hello, nc("session-id"), str(self.session_id))
        return serialize(hello)

    def _client_hello(self, message: bytes) -> None:
        try:
            root = parse(message)
        except XmlRejected as exc:
            raise _End("bad client hello") from exc
        caps = child(root, "capabilities")
        if root.tag != nc("hello") or caps is None or child(root, "session-id") is not None:
            raise _End("bad client hello")
        uris = {(c.text or "").strip() for c in children(caps)}
        self.client_capabilities = frozenset(uris)
        self.decoder.chunked = BASE_11 in uris and BASE_11 in self.core.capabilities
        self._hello_done = True

    # ------------------------------------------------------------------ rpc
    async def _dispatch(self, message: bytes) -> None:
        if not self._hello_done:
            self._client_hello(message)
            return
        try:
            rpc = parse(message)
        except XmlRejected as exc:
            self._send_errors(None, [malformed(str(exc))])
            return
        problem = _check_rpc(rpc)
        if problem is not None:
            self._send_errors(rpc, [problem])
            return
        await self._rpc(rpc, next(children(rpc)))

    async def _rpc(self, rpc: Element, op: Element) -> None:
        request = Request(op, self.session_id, self.client_capabilities)
        refusal = self.core.dialect.refusal(request) or self._busy(request)
        if refusal is not None:
            self._send_errors(rpc, [refusal], request)
            return
        fault = self.core.faults.take(request.name)
        committing = request.name == "commit"
        if committing:
            self.core.committing = self.session_id
        try:
            if fault is not None and await self._fault_replied(fault, rpc, request):
                return
            reply = self._execute(rpc, request)
        finally:
            if committing:
                self.core.committing = None
        if fault is not None and fault.action is Action.DROP_AFTER:
            self.abort()
            raise _End
        self._write(serialize(reply))
        if request.name == "close-session" and child(reply, "ok") is not None:
            raise _End

    def _busy(self, request: Request) -> RpcErrorInfo | None:
        """"System busy": another session's commit is still in progress."""
        busy = self.core.committing
        if (not self.core.limits.busy_commits or busy is None or busy == self.session_id
                or not _changes_running(request)):
            return None
        return RpcErrorInfo.protocol("in-use", f"system busy: a commit of session {busy} "
                                     "is in progress; try again later",
                                     info={"session-id": str(busy)})

    async def _fault_replied(self, fault: Intercept, rpc: Element, request: Request) -> bool:
        """Apply a fault before processing; True when it answered (or ended) the RPC."""
        if fault.action is Action.DELAY:
            limit = self.core.limits.operation_timeout
            if limit is not None and fault.seconds > limit:
                await asyncio.sleep(limit)
                self._send_errors(rpc, [RpcErrorInfo.application(
                    "operation-failed", f"the operation did not complete within {limit:g} s "
                    "and was stopped")], request)
                return True
            await asyncio.sleep(fault.seconds)
            return False
        if fault.action is Action.DROP_BEFORE:
            self.abort()
            raise _End
        if fault.action is Action.ERROR and fault.rpc_error is not None:
            self._send_errors(rpc, [fault.rpc_error], request)
            return True
        if fault.action is Action.MALICIOUS:
            self._write(fault.raw_reply(rpc.get("message-id")))
            return True
        return False

    def _execute(self, rpc: Element, request: Request) -> Element:
        reply = _reply_for(rpc)
        before = self.core.history.last
        try:
            result = handler_for(request.op, self.core)(
                Call(self.core, self.session_id, request.op))
        except RpcFailure as failure:
            self._append_errors(reply, failure.errors, request)
            return reply
        except Exception as exc:
            log.exception("%s: %s failed", self.core.name, request.name)
            self._append_errors(reply, [RpcErrorInfo.application(
                "operation-failed", f"internal error: {type(exc).__name__}: {exc}")], request)
            return reply
        if result is None:
            make(reply, nc("ok"))
        else:
            reply.append(result)
        after = self.core.history.last
        self.core.dialect.finish_reply(reply, request, after if after is not before else None)
        return reply

    def _append_errors(self, reply: Element, errors: Iterable[RpcErrorInfo],
                       request: Request | None) -> None:
        for error in errors:
            reply.append(self.core.dialect.error_element(error, request, self.core.schema))

    def _send_errors(self, rpc: Element | None, errors: list[RpcErrorInfo],
                     request: Request | None = None) -> None:
        reply = _reply_for(rpc) if rpc is not None else new_element(nc("rpc-reply"))
        self._append_errors(reply, errors, request)
        self._write(serialize(reply))


def _changes_running(request: Request) -> bool:
    return request.name == "commit" or (request.name == "edit-config"
                                        and request.target == "running")


def _check_rpc(rpc: Element) -> RpcErrorInfo | None:
    if rpc.tag != nc("rpc"):
        return malformed(f"expected <rpc>, got <{local_name(rpc)}>")
    if rpc.get("message-id") is None:
        return RpcErrorInfo.rpc("missing-attribute", "<rpc> without message-id",
                                info={"bad-attribute": "message-id", "bad-element": "rpc"})
    if next(children(rpc), None) is None:
        return RpcErrorInfo.rpc("missing-element", "<rpc> without an operation",
                                info={"bad-element": "rpc"})
    return None


def _reply_for(rpc: Element) -> Element:
    """``<rpc-reply>`` carrying every attribute of the ``<rpc>`` (RFC 6241 §4.2)."""
    nsmap: Any = {None: NC}
    nsmap.update({k: v for k, v in rpc.nsmap.items() if k is not None})
    reply = etree.Element(nc("rpc-reply"), nsmap=nsmap)
    for key, value in rpc.attrib.items():
        reply.set(key, value)
    return reply
