"""The SSH transport: an ncclient session that wakes when a request is queued.

Stock ncclient polls its send queue every ``ncclient.transport.session.TICK`` (0.1 s),
so every RPC waits up to 100 ms before it even leaves the machine. :class:`EventSession`
is an ``SSHSession`` whose transport thread sleeps in ``select`` on the SSH channel *and*
on a socket pair; :meth:`EventSession.send` writes one byte to the pair, so a request goes
out at once. Nothing global changes: other ncclient users in the same process keep
ncclient's own loop and its TICK. No busy loop: with nothing queued the thread blocks.

Replies are checked by the project's hardened parser (:mod:`mlag_netconf.xmltree.parse`:
no DTD, no entities, no network, bounded size) *before* ncclient's own parser sees them;
an unacceptable reply fails every pending RPC and closes the session. Whole RPCs are
logged only at DEBUG on ``mlag_netconf.netconf.wire`` (ncclient logs them at INFO).

The socket handed to paramiko has ``TCP_NODELAY`` set (paramiko leaves Nagle on, which
costs ~80 ms per connect against a delayed-ACK peer).
"""

from __future__ import annotations

import contextlib
import logging
import selectors
import socket
from typing import Any

from ncclient.logging_ import SessionLoggerAdapter
from ncclient.transport import SSHSession
from ncclient.transport.errors import SessionCloseError
from ncclient.transport.parser import DefaultXMLParser, SAXFilterXMLNotFoundError
from ncclient.transport.session import END_DELIM, MSG_DELIM, NetconfBase

from mlag_netconf.xmltree.parse import XmlRejected, parse

WIRE = logging.getLogger("mlag_netconf.netconf.wire")
"""Whole messages, at DEBUG only (never passwords: SSH authentication is not logged)."""

#: Replies larger than this are refused (a CloudEngine RPC is at most 30 MB).
MAX_REPLY_BYTES = 64 * 1024 * 1024
#: Upper bound of one ``select`` wait: a safety net only (sends wake the loop at once).
_IDLE_WAIT = 1.0


class EventSession(SSHSession):  # type: ignore[misc]
    """An ncclient ``SSHSession`` with an event-driven send path and hardened replies."""

    def __init__(self, device_handler: Any, *, max_reply_bytes: int = MAX_REPLY_BYTES) -> None:
        super().__init__(device_handler)
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)
        self._max_reply_bytes = max_reply_bytes
        self.logger = SessionLoggerAdapter(WIRE, {"session": self})
        #: why the session refused a reply (hostile or oversized), if it did
        self.rejected: XmlRejected | None = None

    # ------------------------------------------------------------------ send
    def send(self, message: str) -> None:
        super().send(message)
        self._wake()

    def _wake(self) -> None:
        with contextlib.suppress(OSError):  # full (the loop is awake anyway) or closed
            self._wake_w.send(b"\0")

    def _write(self, message: str) -> None:
        data = message.encode()
        if self._base == NetconfBase.BASE_11:
            data = b"\n#%d\n%s%s" % (len(data), data, END_DELIM)
        else:
            data = data + MSG_DELIM
        WIRE.debug("sending %d bytes", len(data))
        while data:
            n = self._transport_write(data)
            if n <= 0:
                raise SessionCloseError(self._buffer.getvalue(), data)
            data = data[n:]

    # ------------------------------------------------------------------ receive
    def _dispatch_message(self, raw: str | bytes) -> None:
        data = raw.encode() if isinstance(raw, str) else raw
        try:
            parse(data, max_bytes=self._max_reply_bytes)
        except XmlRejected as e:
            self.rejected = e
            WIRE.warning("refused a reply: %s", e)
            self._dispatch_error(e)
            self._closing.set()
            return
        WIRE.debug("received:\n%s", raw)
        super(SSHSession, self)._dispatch_message(raw)

    def run(self) -> None:
        """The transport thread: ncclient's loop, waiting on the channel and the wake pair."""
        q = self._q
        sel = selectors.DefaultSelector()
        try:
            self._transport_register(sel, selectors.EVENT_READ)
            sel.register(self._wake_r, selectors.EVENT_READ, "wake")
            while True:
                while not q.empty() and self._send_ready():
                    self._write(q.get())
                wait = 0.005 if not q.empty() else _IDLE_WAIT  # send window full: retry soon
                for key, _ in sel.select(timeout=wait):
                    if key.data == "wake":
                        self._drain_wake()
                        continue
                    data = self._transport_read()
                    if data:
                        self._feed(data)
                    elif self._closing.is_set():
                        return
                    else:
                        raise SessionCloseError(self._buffer.getvalue())
                if self._closing.is_set() and not self.connected:
                    return
        except Exception as e:
            self.logger.debug("transport loop ended: %r", e)
            self._dispatch_error(e)
            self.close()
        finally:
            sel.close()
            self._close_wake()

    def _feed(self, data: bytes) -> None:
        self.parser: Any
        try:
            self.parser.parse(data)
        except SAXFilterXMLNotFoundError:
            self.parser = DefaultXMLParser(self)
            self.parser.parse(data)

    def _drain_wake(self) -> None:
        with contextlib.suppress(OSError):
            while self._wake_r.recv(4096):
                pass

    def release(self) -> None:
        """Free the wake pair of a session whose connect failed (its loop never ran)."""
        if not self.is_alive():
            self._close_wake()

    def _close_wake(self) -> None:
        for s in (self._wake_r, self._wake_w):
            s.close()

    def close(self) -> None:
        try:
            super().close()
        finally:
            if not self.is_alive():  # the loop closes the pair when it ends
                self._close_wake()
            else:
                self._wake()


def nodelay_socket(host: str, port: int, timeout: float) -> socket.socket:
    """A connected TCP socket with Nagle's algorithm off."""
    sock = socket.create_connection((host, port), timeout=timeout)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock
