"""Several simulated devices in one process, served from a background event loop.

>>> with SimulatedNetwork(["DeviceA"]) as net:
...     with net["DeviceA"].connect() as m:
...         m.lock("candidate").ok, m.unlock("candidate").ok
(True, True)

Every device runs a :class:`~mlag_netconf.sim.harness.profiles.Profile`: ``"ce-v300"``
(the default, a CloudEngine V300) or ``"rfc"`` (a strict RFC 6241 server), chosen for
the network (``profile=``) or per device (``DeviceSpec(profile=...)``).

The loop runs in a daemon thread, so synchronous clients (ncclient) can use the devices
from the calling thread. Everything on a device's state happens on that loop; the
methods of :class:`SimulatedDevice` hop onto it and wait for the result.
"""

from __future__ import annotations

import asyncio
import secrets
import shutil
import tempfile
import threading
from collections.abc import Callable, Coroutine, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import asyncssh

from mlag_netconf.enums import Datastore
from mlag_netconf.inventory import DeviceEntry, Inventory
from mlag_netconf.sim.harness.client import connect
from mlag_netconf.sim.harness.faults import FaultPlan
from mlag_netconf.sim.harness.profiles import Profile, ProfileLike
from mlag_netconf.sim.protocol.core import DeviceCore
from mlag_netconf.sim.protocol.errors import SimulatorStateError, SimulatorUsageError
from mlag_netconf.sim.protocol.history import Change
from mlag_netconf.sim.protocol.schema_port import SimSchema
from mlag_netconf.sim.protocol.server import Credentials, DeviceServer
from mlag_netconf.xmltree import Element, children, deep_copy, parse, to_text

_T = TypeVar("_T")
CALL_TIMEOUT = 30.0


@dataclass(frozen=True)
class DeviceSpec:
    """A device to simulate: its name, an optional fixed port, its own capability list,
    its own profile (default: the network's)."""

    name: str
    port: int = 0
    capabilities: tuple[str, ...] | None = None
    profile: ProfileLike = None


class _Loop:
    """An asyncio loop running in a daemon thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="netconf-sim",
                                       daemon=True)
        self.thread.start()

    def run(self, coro: Coroutine[Any, Any, _T], timeout: float = CALL_TIMEOUT) -> _T:
        future: Future[_T] = asyncio.run_coroutine_threadsafe(coro, self.loop)
        return future.result(timeout)

    def call(self, fn: Callable[[], _T], timeout: float = CALL_TIMEOUT) -> _T:
        async def wrapper() -> _T:
            return fn()

        return self.run(wrapper(), timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


class SimulatedDevice:
    """Handle on one running simulated device (safe to use from any thread)."""

    def __init__(self, server: DeviceServer, network: SimulatedNetwork,
                 faults: FaultPlan, profile: Profile | None = None) -> None:
        self._server = server
        self._network = network
        self._faults = faults
        self.core: DeviceCore = server.core
        #: the profile the device runs
        self.profile: Profile = profile or Profile.resolve(None)

    # ------------------------------------------------------------ coordinates
    @property
    def name(self) -> str:
        return self.core.name

    @property
    def host(self) -> str:
        return self._server.host

    @property
    def port(self) -> int:
        return self._server.port

    @property
    def username(self) -> str:
        return self._server.credentials.username

    @property
    def password(self) -> str:
        return self._server.credentials.password

    @property
    def host_key(self) -> str:
        """The device's public host key, ``ssh-ed25519 AAAA...``."""
        return self._server.public_host_key

    @property
    def known_hosts_line(self) -> str:
        return self._server.known_hosts_line()

    @property
    def known_hosts(self) -> Path:
        """The network's known_hosts file (every device's host key)."""
        return self._network.known_hosts

    @property
    def ssh_config(self) -> Path:
        """An ssh_config whose ``UserKnownHostsFile`` is :attr:`known_hosts`."""
        return self._network.ssh_config

    @property
    def key_filename(self) -> Path:
        """A private key the device accepts for public-key authentication."""
        return self._network.client_key

    @property
    def capabilities(self) -> list[str]:
        return list(self.core.capabilities)

    @property
    def faults(self) -> FaultPlan:
        return self._faults

    @property
    def entry(self) -> DeviceEntry:
        return DeviceEntry(self.name, self.host, self.port, self.username, self.password,
                           str(self.known_hosts), self.host_key, str(self.key_filename))

    # ------------------------------------------------------------ state
    def running(self) -> Element:
        """A copy of the running configuration (a ``<data>`` element)."""
        return self._call(lambda: deep_copy(self.core.store.running))

    def candidate(self, session_id: int | None = None) -> Element:
        """A copy of the candidate (per-session candidates: that session's)."""
        return self._call(lambda: deep_copy(self.core.store.candidate_of(session_id)))

    def commit_history(self) -> list[Change]:
        """The changes of running, oldest first: commits (with their ``<description>``
        as ``label``), edits of running, execute-cli, confirmed-commit rollbacks."""
        return self._call(lambda: list(self.core.history.changes))

    @property
    def committing(self) -> int | None:
        """The session whose commit is in progress right now, if any."""
        return self._call(lambda: self.core.committing)

    def running_xml(self) -> str:
        return to_text(self.running())

    def set_running(self, config: str | Element | None = None) -> None:
        """Reboot the device with ``config`` (``<config>``/``<data>`` XML) as running."""
        root = parse(config.encode()) if isinstance(config, str) else config
        nodes = [deep_copy(n) for n in children(root)] if root is not None else []
        self._call(lambda: self.core.reset(nodes))

    def sessions(self) -> list[int]:
        return self._call(lambda: sorted(self.core.sessions))

    def locks(self) -> dict[str, int]:
        return self._call(lambda: {str(k): v for k, v in self.core.store.locks.items()})

    def hold_lock(self, datastore: str = "candidate") -> int:
        """Lock ``datastore`` from a phantom session; returns that session's id."""
        return self._call(lambda: self.core.hold_lock(Datastore(datastore).value))

    def end_session(self, session_id: int) -> None:
        """End a session as if its transport closed (phantom ones included)."""
        def end() -> None:
            record = self.core.sessions.get(session_id)
            if record is not None and record.close is not None:
                record.close()
            self.core.end_session(session_id)

        self._call(end)

    @property
    def events(self) -> list[str]:
        return self._call(lambda: list(self.core.events))

    def connect(self, **kwargs: Any) -> Any:
        """An ncclient ``Manager`` for this device, host key pinned (see
        :mod:`mlag_netconf.sim.harness.client`)."""
        return connect(self, **kwargs)

    def _call(self, fn: Callable[[], _T]) -> _T:
        return self._network.loop.call(fn)


class SimulatedNetwork:
    """Start simulated CloudEngine switches; use as a context manager.

    ``devices``: names or :class:`DeviceSpec`. ``profile``: ``"ce-v300"`` (default),
    ``"rfc"`` or a :class:`~mlag_netconf.sim.harness.profiles.Profile`. ``yang_dir``: the
    schema folder (default: the project's ``yang/``); ``schema``: an already loaded
    schema instead (the profile's M-LAG module choice then does not apply). ``port``: 0
    for free ports, else the first of consecutive ports. ``password``: default a random
    one. ``state_dir``: where the known_hosts, ssh_config and client key go (default: a
    temporary folder removed at exit).
    """

    def __init__(self, devices: Sequence[str | DeviceSpec], *,
                 yang_dir: Path | str | None = None, host: str = "127.0.0.1", port: int = 0,
                 username: str = "admin", password: str | None = None,
                 state_dir: Path | str | None = None, schema: SimSchema | None = None,
                 profile: ProfileLike = None) -> None:
        self.specs = [d if isinstance(d, DeviceSpec) else DeviceSpec(d) for d in devices]
        if len({s.name for s in self.specs}) != len(self.specs):
            raise SimulatorUsageError("device names must be unique")
        self.profile = Profile.resolve(profile)
        self._profiles = [Profile.resolve(s.profile) if s.profile is not None else self.profile
                          for s in self.specs]
        self._yang_dir = yang_dir
        self._schema = schema
        self.host = host
        self.base_port = port
        self.username = username
        self.password = password or secrets.token_urlsafe(12)
        self._given_state = Path(state_dir) if state_dir else None
        self.state_dir = Path()
        self.devices: dict[str, SimulatedDevice] = {}
        self._loop: _Loop | None = None

    # ------------------------------------------------------------ lifecycle
    def __enter__(self) -> SimulatedNetwork:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    @property
    def loop(self) -> _Loop:
        if self._loop is None:
            raise SimulatorStateError("the simulated network is not running")
        return self._loop

    def start(self) -> None:
        schemas = [self._schema_for(p) for p in self._profiles]
        self._make_state_dir()
        key = asyncssh.generate_private_key("ssh-ed25519")
        key.write_private_key(str(self.client_key))
        self.client_key.chmod(0o600)
        public = key.export_public_key("openssh").decode().strip()
        credentials = Credentials(self.username, self.password, (public,))
        self._loop = _Loop()
        try:
            for index, spec in enumerate(self.specs):
                self._start_device(spec, index, schemas[index], self._profiles[index],
                                   credentials)
        except BaseException:
            self.stop()
            raise
        self._write_client_files()

    def _schema_for(self, profile: Profile) -> SimSchema:
        base = self._schema or SimSchema.load(profile.schema_folder(self._yang_dir))
        return base.reporting(profile.reported_revisions())

    def _start_device(self, spec: DeviceSpec, index: int, schema: SimSchema, profile: Profile,
                      credentials: Credentials) -> None:
        port = spec.port or (self.base_port + index if self.base_port else 0)

        faults = FaultPlan()

        async def start() -> DeviceServer:
            core = DeviceCore(spec.name, schema, spec.capabilities,
                              profile=profile.device_profile(schema), faults=faults,
                              dialect=profile.dialect(), limits=profile.limits,
                              candidate=profile.candidate)
            server = DeviceServer(core, credentials)
            await server.start(self.host, port)
            return server

        self.devices[spec.name] = SimulatedDevice(self.loop.run(start()), self, faults, profile)

    def stop(self) -> None:
        if self._loop is not None:
            for device in self.devices.values():
                self._loop.run(device._server.stop())
            self._loop.close()
            self._loop = None
        if self._given_state is None and self.state_dir != Path():
            shutil.rmtree(self.state_dir, ignore_errors=True)

    # ------------------------------------------------------------ files
    def _make_state_dir(self) -> None:
        if self._given_state is not None:
            self._given_state.mkdir(parents=True, exist_ok=True)
            self.state_dir = self._given_state
        else:
            self.state_dir = Path(tempfile.mkdtemp(prefix="mlag-netconf-sim-"))

    @property
    def client_key(self) -> Path:
        return self.state_dir / "client_ed25519"

    @property
    def known_hosts(self) -> Path:
        return self.state_dir / "known_hosts"

    @property
    def ssh_config(self) -> Path:
        return self.state_dir / "ssh_config"

    def _write_client_files(self) -> None:
        lines = [d.known_hosts_line for d in self.devices.values()]
        self.known_hosts.write_text("\n".join(lines) + "\n", encoding="utf-8")
        self.ssh_config.write_text(
            f"Host *\n  UserKnownHostsFile {self.known_hosts}\n"
            "  StrictHostKeyChecking yes\n", encoding="utf-8")

    # ------------------------------------------------------------ access
    def __getitem__(self, name: str) -> SimulatedDevice:
        return self.devices[name]

    def __iter__(self) -> Iterator[SimulatedDevice]:
        return iter(self.devices.values())

    def __len__(self) -> int:
        return len(self.devices)

    @property
    def inventory(self) -> Inventory:
        return Inventory(tuple(d.entry for d in self.devices.values()),
                         str(self.known_hosts), str(self.ssh_config))

