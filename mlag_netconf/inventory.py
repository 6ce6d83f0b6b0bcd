"""The inventory: what a client needs to reach each device, as plain data (YAML-able).

Floor 3, below both the NETCONF client and the simulator: the simulator writes it
(``mlag-netconf sim --inventory-out``), the client reads it. Secrets never show in a
``repr`` or ``str``; a password may come from the environment (``password_env``).

>>> inv = Inventory((DeviceEntry("DeviceA", "127.0.0.1", 2830, "admin", "pw",
...                              "/tmp/kh", "ssh-ed25519 AAAA"),), "/tmp/kh")
>>> inv["DeviceA"].port
2830
>>> inv["DeviceA"].known_hosts_line
'[127.0.0.1]:2830 ssh-ed25519 AAAA'
>>> Inventory.from_dict(inv.to_dict()) == inv
True
>>> "pw" in repr(inv)
False
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from mlag_netconf.errors import ValidationError


class InventoryError(ValidationError):
    """The inventory (file or entry) is malformed: names the device and the field."""


class GapPolicy(StrEnum):
    """What to do with the gap features (M-LAG addresses, ND prune) on a device that does
    not advertise the project's ``mlag-netconf-ext`` module."""

    REFUSE = "refuse"
    """Raise a typed error before anything is sent, naming the features (the default)."""
    MODEL = "model"
    """Render them through the device's own nodes, from a registry override file."""


def known_hosts_line(host: str, port: int, host_key: str) -> str:
    """One line of an OpenSSH known_hosts file (``[host]:port`` unless the port is 22).

    >>> known_hosts_line("127.0.0.1", 22, "ssh-ed25519 AAAA")
    '127.0.0.1 ssh-ed25519 AAAA'
    """
    where = host if port == 22 else f"[{host}]:{port}"
    return f"{where} {host_key}"


@dataclass(frozen=True)
class DeviceEntry:
    """One device: where it listens, how to log in, which host key to pin.

    ``host_key`` (``ssh-ed25519 AAAA...``) pins the key; otherwise ``known_hosts`` (a file)
    must know the host. ``verify_host_key=False`` turns verification off (explicit, and
    logged as a warning by the client). ``gap`` and ``model`` choose how the gap features
    reach this device (see :class:`GapPolicy`).
    """

    name: str
    host: str
    port: int = 830
    username: str = "admin"
    password: str | None = field(default=None, repr=False)
    known_hosts: str | None = None
    host_key: str | None = None
    key_filename: str | None = None
    password_env: str | None = None
    verify_host_key: bool = True
    gap: GapPolicy = GapPolicy.REFUSE
    model: str | None = None

    def __post_init__(self) -> None:
        where = f"devices.{self.name}"
        if not isinstance(self.name, str) or not self.name:
            raise InventoryError("devices", "inventory-device-name", "a device needs a name")
        if not isinstance(self.host, str) or not self.host:
            raise InventoryError(f"{where}.host", "inventory-host", "a host is required")
        if isinstance(self.port, bool) or not isinstance(self.port, int) or not (
                0 < self.port < 65536):
            raise InventoryError(f"{where}.port", "inventory-port",
                                 f"{self.port!r}: a TCP port 1-65535")
        if not isinstance(self.verify_host_key, bool):
            raise InventoryError(f"{where}.verify_host_key", "boolean",
                                 f"expected true or false, not {self.verify_host_key!r}")
        try:
            object.__setattr__(self, "gap", GapPolicy(self.gap))
        except ValueError:
            raise InventoryError(f"{where}.gap", "inventory-gap",
                                 f"{self.gap!r}: refuse or model") from None
        if self.gap is GapPolicy.MODEL and not self.model:
            raise InventoryError(f"{where}.model", "inventory-gap-model",
                                 "gap: model needs a registry override file in 'model'")
        for name in ("username", "password", "known_hosts", "host_key", "key_filename",
                     "password_env", "model"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                raise InventoryError(f"{where}.{name}", "inventory-text",
                                     f"expected text, not {type(value).__name__}")

    @property
    def known_hosts_line(self) -> str:
        """The device's line of a known_hosts file (needs ``host_key``)."""
        if not self.host_key:
            raise InventoryError(f"devices.{self.name}.host_key", "inventory-host-key",
                                 "no host key is pinned for this device")
        return known_hosts_line(self.host, self.port, self.host_key)

    def secret(self) -> str | None:
        """The password: ``password``, else the environment variable ``password_env``."""
        if self.password is not None:
            return self.password
        if self.password_env:
            value = os.environ.get(self.password_env)
            if value is None:
                raise InventoryError(f"devices.{self.name}.password_env", "inventory-password",
                                     f"environment variable {self.password_env} is not set")
            return value
        return None

    def to_dict(self) -> dict[str, Any]:
        """The YAML form, without defaults (the name is the key of the entry)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name != "name" and value != f.default:
                out[f.name] = str(value) if isinstance(value, StrEnum) else value
        return out


_ENTRY_KEYS = frozenset(f.name for f in fields(DeviceEntry)) - {"name"}


@dataclass(frozen=True)
class Inventory:
    """Every device a client may reach (a ``SimulatedNetwork`` writes one).

    The YAML form (``to_yaml``) is ``{known_hosts: PATH, devices: {NAME: {host, port,
    username, password | password_env, known_hosts, host_key, key_filename, ...}}}``.
    """

    devices: tuple[DeviceEntry, ...]
    known_hosts: str | None = None
    ssh_config: str | None = None

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for d in self.devices:
            if d.name in seen:
                raise InventoryError(f"devices.{d.name}", "inventory-duplicate",
                                     f"{d.name} is listed twice")
            seen.add(d.name)

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
        data: dict[str, Any] = {}
        if self.known_hosts:
            data["known_hosts"] = self.known_hosts
        if self.ssh_config:
            data["ssh_config"] = self.ssh_config
        data["devices"] = {d.name: d.to_dict() for d in self.devices}
        return data

    def to_yaml(self) -> str:
        return str(yaml.safe_dump(self.to_dict(), sort_keys=False))

    def write(self, path: Path | str) -> Path:
        target = Path(path)
        target.write_text(self.to_yaml(), encoding="utf-8")
        target.chmod(0o600)  # it may hold passwords
        return target

    @classmethod
    def from_dict(cls, data: object) -> Inventory:
        """Build an inventory; :class:`InventoryError` names what is wrong."""
        if not isinstance(data, Mapping):
            raise InventoryError("", "inventory-shape", "an inventory is a mapping")
        unknown = set(data) - {"known_hosts", "ssh_config", "devices"}
        if unknown:
            raise InventoryError(str(sorted(unknown)[0]), "unknown-key",
                                 "allowed: known_hosts, ssh_config, devices")
        devices = data.get("devices")
        if not isinstance(devices, Mapping) or not devices:
            raise InventoryError("devices", "inventory-shape",
                                 "'devices' maps each device name to its entry")
        default_kh = data.get("known_hosts")
        entries = []
        for name, entry in devices.items():
            if not isinstance(entry, Mapping):
                raise InventoryError(f"devices.{name}", "inventory-shape",
                                     "a device entry is a mapping")
            bad = set(entry) - _ENTRY_KEYS
            if bad:
                key = sorted(map(str, bad))[0]
                raise InventoryError(f"devices.{name}.{key}", "unknown-key",
                                     f"allowed: {', '.join(sorted(_ENTRY_KEYS))}")
            values = dict(entry)
            if "host" not in values:
                raise InventoryError(f"devices.{name}.host", "inventory-host",
                                     "a host is required")
            values.setdefault("known_hosts", default_kh)
            try:
                entries.append(DeviceEntry(name=str(name), **values))
            except TypeError as e:  # pragma: no cover - keys and host are checked above
                raise InventoryError(f"devices.{name}", "inventory-shape", str(e)) from None
        return cls(tuple(entries), default_kh, data.get("ssh_config"))

    @classmethod
    def load(cls, path: Path | str) -> Inventory:
        """Read an inventory YAML file (:class:`InventoryError` on any problem); relative
        file paths in it are relative to the file's folder."""
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise InventoryError(str(p), "inventory-file", f"cannot read: {e}") from None
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as e:
            raise InventoryError(str(p), "yaml-syntax", str(e).replace("\n", " ")) from None
        return cls.from_dict(data).relative_to(p.parent)

    def relative_to(self, folder: Path | str) -> Inventory:
        """File paths of the inventory (known_hosts, key files, override files) that are
        relative are taken from ``folder`` (the inventory file's own folder)."""
        base = Path(folder)

        def fix(value: str | None) -> str | None:
            if value is None or Path(value).is_absolute():
                return value
            return str(base / value)

        devices = tuple(replace(d, known_hosts=fix(d.known_hosts),
                                key_filename=fix(d.key_filename), model=fix(d.model))
                        for d in self.devices)
        return Inventory(devices, fix(self.known_hosts), fix(self.ssh_config))
