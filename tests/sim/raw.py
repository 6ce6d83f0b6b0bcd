"""A raw NETCONF client over asyncssh, for what ncclient cannot send (framing tests)."""

from __future__ import annotations

import asyncio
import re
from types import TracebackType
from typing import Any

import asyncssh
from lxml import etree

from mlag_netconf.sim import SimulatedDevice

NC = "urn:ietf:params:xml:ns:netconf:base:1.0"
EOM = b"]]>]]>"
BASE10 = "urn:ietf:params:netconf:base:1.0"
BASE11 = "urn:ietf:params:netconf:base:1.1"


def hello(*caps: str) -> bytes:
    inner = "".join(f"<capability>{c}</capability>" for c in caps)
    return f'<hello xmlns="{NC}"><capabilities>{inner}</capabilities></hello>'.encode()


def rpc(body: str, message_id: str = "1") -> bytes:
    return f'<rpc xmlns="{NC}" message-id="{message_id}">{body}</rpc>'.encode()


def chunk(message: bytes) -> bytes:
    return b"\n#%d\n%s\n##\n" % (len(message), message)


class RawSession:
    """``async with RawSession(device, base11=True) as s``: hello exchanged on entry."""

    def __init__(self, device: SimulatedDevice, *, base11: bool = True,
                 timeout: float = 10) -> None:
        self.device = device
        self.base11 = base11
        self.timeout = timeout
        self.buffer = b""
        self.server_hello = b""
        self._conn: Any = None
        self._proc: Any = None

    async def __aenter__(self) -> RawSession:
        self._conn = await asyncssh.connect(
            self.device.host, self.device.port, username=self.device.username,
            password=self.device.password, known_hosts=str(self.device.known_hosts),
            client_keys=None)
        self._proc = await self._conn.create_process(subsystem="netconf", encoding=None)
        self.server_hello = await self._read_eom()
        caps = (BASE10, BASE11) if self.base11 else (BASE10,)
        self.write(hello(*caps) + EOM)
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        self._conn.close()
        await self._conn.wait_closed()

    def write(self, data: bytes) -> None:
        self._proc.stdin.write(data)

    def send(self, message: bytes) -> None:
        """Frame and send one message with the negotiated framing."""
        self.write(chunk(message) if self.base11 else message + EOM)

    async def _fill(self) -> bool:
        data = await asyncio.wait_for(self._proc.stdout.read(65536), self.timeout)
        self.buffer += data
        return bool(data)

    async def _read_eom(self) -> bytes:
        while EOM not in self.buffer:
            if not await self._fill():
                raise EOFError("session closed")
        message, _, self.buffer = self.buffer.partition(EOM)
        return message

    async def _read_chunked(self) -> bytes:
        body = b""
        while True:
            while not re.match(rb"\n#(\d+|#)\n", self.buffer):
                if not await self._fill():
                    raise EOFError("session closed")
            match = re.match(rb"\n#(\d+|#)\n", self.buffer)
            assert match is not None
            if match.group(1) == b"#":
                self.buffer = self.buffer[match.end():]
                return body
            size = int(match.group(1))
            while len(self.buffer) < match.end() + size:
                if not await self._fill():
                    raise EOFError("session closed")
            body += self.buffer[match.end(): match.end() + size]
            self.buffer = self.buffer[match.end() + size:]

    async def receive(self) -> bytes:
        return await (self._read_chunked() if self.base11 else self._read_eom())

    async def reply(self) -> etree._Element:
        return etree.fromstring(await self.receive())

    async def closed(self) -> bool:
        """True when the server closes the channel (EOF) within the timeout."""
        try:
            while await self._fill():
                pass
        except (TimeoutError, asyncssh.Error):
            return False
        return True


def error_tags(reply: etree._Element) -> list[str]:
    return [(e.text or "") for e in reply.iter(f"{{{NC}}}error-tag")]
