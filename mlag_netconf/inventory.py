"""The inventory: what a client needs to reach each device, as plain data (YAML-able).

Floor 1, below both the NETCONF client and the simulator: the simulator writes it
(``mlag-netconf sim --inventory-out``), the client reads it.

>>> inv = Inventory((DeviceEntry("DeviceA", "127.0.0.1", 2830, "admin", "pw",
...                              "/tmp/kh", "ssh-ed25519 AAAA"),), "/tmp/kh")
>>> inv["DeviceA"].port
2830
>>> inv["DeviceA"].known_hosts_line
'[127.0.0.1]:2830 ssh-ed25519 AAAA'
>>> Inventory.from_dict(inv.to_dict()) == inv
True
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml


def known_hosts_line(host: str, port: int, host_key: str) -> str:
    """One line of an OpenSSH known_hosts file (``[host]:port`` unless the port is 22).

    >>> known_hosts_line("127.0.0.1", 22, "ssh-ed25519 AAAA")
    '127.0.0.1 ssh-ed25519 AAAA'
    """
    where = host if port == 22 else f"[{host}]:{port}"
    return f"{where} {host_key}"


@dataclass(frozen=True)
class DeviceEntry:
    """One device: where it listens, how to log in, which host key to pin."""

    name: str
    host: str
    port: int
    username: str
    password: str
    known_hosts: str
    host_key: str
    key_filename: str | None = None

    @property
    def known_hosts_line(self) -> str:
        """The device's line of a known_hosts file."""
        return known_hosts_line(self.host, self.port, self.host_key)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        del data["name"]
        return data


@dataclass(frozen=True)
class Inventory:
    """Every device a client may reach (a ``SimulatedNetwork`` writes one).

    The YAML form (``to_yaml``) is ``{known_hosts: PATH, devices: {NAME: {host, port,
    username, password, known_hosts, host_key, key_filename}}}``.
    """

    devices: tuple[DeviceEntry, ...]
    known_hosts: str
    ssh_config: str | None = None

    def __getitem__(self, name: str) -> DeviceEntry:
        for entry in self.devices:
            if entry.name == name:
                return entry
        raise KeyError(name)

    def __iter__(self) -> Iterator[DeviceEntry]:
        return iter(self.devices)

    def __len__(self) -> int:
        return len(self.devices)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(d.name for d in self.devices)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"known_hosts": self.known_hosts}
        if self.ssh_config:
            data["ssh_config"] = self.ssh_config
        data["devices"] = {d.name: d.to_dict() for d in self.devices}
        return data

    def to_yaml(self) -> str:
        return str(yaml.safe_dump(self.to_dict(), sort_keys=False))

    def write(self, path: Path | str) -> Path:
        target = Path(path)
        target.write_text(self.to_yaml(), encoding="utf-8")
        target.chmod(0o600)  # it holds passwords
        return target

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Inventory:
        devices = tuple(
            DeviceEntry(name=name, **entry)
            for name, entry in dict(data["devices"]).items())
        return cls(devices, str(data["known_hosts"]), data.get("ssh_config"))

    @classmethod
    def load(cls, path: Path | str) -> Inventory:
        return cls.from_dict(yaml.safe_load(Path(path).read_text(encoding="utf-8")))
