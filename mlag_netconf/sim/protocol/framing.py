"""NETCONF message framing over SSH (RFC 6242): end-of-message (1.0) and chunked (1.1).

The decoder is incremental and pure: feed it bytes as they arrive, get whole messages.

>>> dec = FrameDecoder()
>>> dec.feed(b"<a/>]]>]]><b/>]]>")
>>> dec.pop(), dec.pop()
(b'<a/>', None)
>>> dec.feed(b"]]>")
>>> dec.pop()
b'<b/>'
>>> dec.chunked = True
>>> dec.feed(b"\\n#3\\n<c/\\n#1\\n>\\n##\\n")
>>> dec.pop()
b'<c/>'
>>> encode(b"<d/>", chunked=True)
b'\\n#4\\n<d/>\\n##\\n'
"""

from __future__ import annotations

import re

from mlag_netconf.sim.protocol.errors import SimulatorError

EOM = b"]]>]]>"
MAX_CHUNK = 4294967295
#: Upper bound of one message (defence against a client that never ends one).
MAX_MESSAGE = 64 * 1024 * 1024

_CHUNK_HEADER = re.compile(rb"\n#([1-9][0-9]{0,9})\n")
_END_OF_CHUNKS = b"\n##\n"


class FramingError(SimulatorError, ValueError):
    """The byte stream breaks the framing rules; the session cannot continue."""


def encode(message: bytes, *, chunked: bool) -> bytes:
    """Frame one message (a single chunk for 1.1)."""
    if chunked:
        return b"\n#%d\n%s%s" % (len(message), message, _END_OF_CHUNKS)
    return message + EOM


class FrameDecoder:
    """Splits a byte stream into messages; ``chunked`` switches to 1.1 after the hellos."""

    def __init__(self, *, max_message: int = MAX_MESSAGE) -> None:
        self.chunked = False
        self._buffer = bytearray()
        self._chunks = bytearray()
        self._max = max_message

    def feed(self, data: bytes) -> None:
        """Add received bytes."""
        self._buffer += data

    def pop(self) -> bytes | None:
        """The next complete message, or None (raises :class:`FramingError`).

        One at a time, so the caller can switch ``chunked`` right after the hello.
        """
        return self._next_chunked() if self.chunked else self._next_eom()

    def _next_eom(self) -> bytes | None:
        end = self._buffer.find(EOM)
        if end < 0:
            if len(self._buffer) > self._max:
                raise FramingError("message too large")
            return None
        message = bytes(self._buffer[:end])
        del self._buffer[: end + len(EOM)]
        return message

    def _next_chunked(self) -> bytes | None:
        while True:
            if self._buffer.startswith(_END_OF_CHUNKS):
                del self._buffer[: len(_END_OF_CHUNKS)]
                if not self._chunks:
                    raise FramingError("end-of-chunks without a chunk")
                message = bytes(self._chunks)
                self._chunks.clear()
                return message
            size = self._chunk_size()
            if size is None or len(self._buffer) < size[1] + size[0]:
                return None
            header, length = size
            self._chunks += self._buffer[header: header + length]
            del self._buffer[: header + length]
            if len(self._chunks) > self._max:
                raise FramingError("message too large")

    def _chunk_size(self) -> tuple[int, int] | None:
        """``(header length, chunk length)``, or None while the header is incomplete."""
        match = _CHUNK_HEADER.match(self._buffer)
        if match is None:
            if _header_prefix(bytes(self._buffer[:14])):
                return None
            raise FramingError(f"bad chunk header {bytes(self._buffer[:16])!r}")
        length = int(match.group(1))
        if length > MAX_CHUNK:
            raise FramingError(f"chunk size {length} out of range")
        return match.end(), length


def _header_prefix(data: bytes) -> bool:
    """True when ``data`` can still grow into ``\\n#<size>\\n`` or ``\\n##\\n``."""
    if not b"\n#".startswith(data[:2]):
        return False
    rest = data[2:]
    if rest.startswith(b"#"):
        return len(rest) == 1
    return rest == b"" or (rest.isdigit() and not rest.startswith(b"0") and len(rest) <= 10)
