"""The SSH side of a simulated device: asyncssh server, host key, authentication."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import asyncssh

from mlag_netconf.inventory import known_hosts_line
from mlag_netconf.sim.protocol.core import DeviceCore
from mlag_netconf.sim.protocol.session import NetconfSession

log = logging.getLogger("mlag_netconf.sim")


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str
    #: OpenSSH public keys (``ssh-ed25519 AAAA...``) accepted for public-key auth
    authorized_keys: tuple[str, ...] = ()


class _Auth(asyncssh.SSHServer):
    def __init__(self, core: DeviceCore, credentials: Credentials,
                 keys: Sequence[Any]) -> None:
        self.core = core
        self.credentials = credentials
        self.keys = keys

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        return (not self.core.faults.refuse_auth and username == self.credentials.username
                and password == self.credentials.password)

    def public_key_auth_supported(self) -> bool:
        return True

    def validate_public_key(self, username: str, key: Any) -> bool:
        if self.core.faults.refuse_auth or username != self.credentials.username:
            return False
        blob = key.public_data
        return any(blob == k.public_data for k in self.keys)


class DeviceServer:
    """Listens for SSH on ``host:port`` (0: any free port) and serves NETCONF sessions."""

    def __init__(self, core: DeviceCore, credentials: Credentials,
                 host_key: Any | None = None) -> None:
        self.core = core
        self.credentials = credentials
        self.host_key = host_key or asyncssh.generate_private_key("ssh-ed25519")
        self._client_keys = [asyncssh.import_public_key(k) for k in credentials.authorized_keys]
        self._server: Any = None
        self.host = ""
        self.port = 0

    @property
    def public_host_key(self) -> str:
        """``ssh-ed25519 AAAA...`` (no comment)."""
        text = self.host_key.export_public_key("openssh").decode().strip()
        return " ".join(text.split()[:2])

    def known_hosts_line(self) -> str:
        return known_hosts_line(self.host, self.port, self.public_host_key)

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._server = await asyncssh.create_server(
            lambda: _Auth(self.core, self.credentials, self._client_keys), host, port,
            server_host_keys=[self.host_key], process_factory=self._process,
            encoding=None, allow_scp=False, agent_forwarding=False,
            x11_forwarding=False, line_editor=False, keepalive_interval=0)
        sockname = self._server.sockets[0].getsockname()
        self.host, self.port = str(sockname[0]), int(sockname[1])
        log.info("%s: NETCONF over SSH on %s:%d", self.core.name, self.host, self.port)

    async def _process(self, process: Any) -> None:
        if process.subsystem != "netconf":
            process.stderr.write(b"only the netconf subsystem is served\n")
            process.exit(1)
            return
        await NetconfSession(self.core, process).run()

    async def stop(self) -> None:
        self.core.stop()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
