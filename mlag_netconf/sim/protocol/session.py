"""One NETCONF session over an SSH ``netconf`` subsystem channel.

Hello exchange, framing (1.0 until both hellos name base:1.1, then chunked), one RPC
at a time in arrival order, faults applied per RPC, and the device's state released
when the session ends however it ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from lxml import etree

from mlag_netconf.errors import RpcErrorInfo
from mlag_netconf.namespaces import NC
from mlag_netconf.sim.protocol.core import DeviceCore
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
from mlag_netconf.xmltree.rpc_error import rpc_error_element

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
        self._hello_done = False
        # kept now: the channel forgets its connection once the client has gone
        self._connection = process.channel.get_connection()

    async def run(self) -> None:
        username = str(self.process.get_extra_info("username") or "")
        peer = self.process.get_extra_info("peername") or ("", 0)
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
        while True:
            data = await self.process.stdin.read(READ_SIZE)
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
        name = local_name(op)
        fault = self.core.faults.take(name)
        if fault is not None and await self._fault_replied(fault, rpc):
            return
        reply = self._execute(rpc, op)
        if fault is not None and fault.action is Action.DROP_AFTER:
            self.abort()
            raise _End
        self._write(serialize(reply))
        if name == "close-session" and child(reply, "ok") is not None:
            raise _End

    async def _fault_replied(self, fault: Intercept, rpc: Element) -> bool:
        """Apply a fault before processing; True when it answered (or ended) the RPC."""
        if fault.action is Action.DELAY:
            await asyncio.sleep(fault.seconds)
            return False
        if fault.action is Action.DROP_BEFORE:
            self.abort()
            raise _End
        if fault.action is Action.ERROR and fault.rpc_error is not None:
            self._send_errors(rpc, [fault.rpc_error])
            return True
        if fault.action is Action.MALICIOUS:
            self._write(fault.raw_reply(rpc.get("message-id")))
            return True
        return False

    def _execute(self, rpc: Element, op: Element) -> Element:
        reply = _reply_for(rpc)
        try:
            result = handler_for(op)(Call(self.core, self.session_id, op))
        except RpcFailure as failure:
            for error in failure.errors:
                reply.append(rpc_error_element(error, self.core.schema.namespaces))
            return reply
        except Exception as exc:
            log.exception("%s: %s failed", self.core.name, local_name(op))
            reply.append(rpc_error_element(RpcErrorInfo.application(
                "operation-failed", f"internal error: {type(exc).__name__}: {exc}")))
            return reply
        if result is None:
            make(reply, nc("ok"))
        else:
            reply.append(result)
        return reply

    def _send_errors(self, rpc: Element | None, errors: list[RpcErrorInfo]) -> None:
        reply = _reply_for(rpc) if rpc is not None else new_element(nc("rpc-reply"))
        for error in errors:
            reply.append(rpc_error_element(error, self.core.schema.namespaces))
        self._write(serialize(reply))


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
