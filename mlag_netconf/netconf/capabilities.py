"""What a device says it can do, read from its ``<hello>`` (RFC 6241 §8, RFC 7950 §5.6.4).

Modules come with their revision, features and ``deviations=`` as the device advertises
them, so the client never assumes the public 8.22.0 module set.

>>> caps = DeviceCapabilities.from_uris([
...     "urn:ietf:params:netconf:base:1.1",
...     "urn:ietf:params:netconf:capability:candidate:1.0",
...     "urn:ietf:params:netconf:capability:confirmed-commit:1.1",
...     "urn:ietf:params:netconf:capability:with-defaults:1.0?basic-mode=report-all",
...     "urn:huawei:yang:huawei-ip?module=huawei-ip&revision=2020-06-30"
...     "&deviations=huawei-ip-deviations-CE6866"])
>>> caps.candidate, caps.confirmed_commit, caps.validate, caps.with_defaults
(True, True, False, 'report-all')
>>> caps.modules["huawei-ip"].deviations
('huawei-ip-deviations-CE6866',)
>>> caps.missing(["huawei-ip", "mlag-netconf-ext"])
('mlag-netconf-ext',)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

_CAP = "urn:ietf:params:netconf:capability:"
HUAWEI_PRIVATE = "http://www.huawei.com/netconf/capability/"


@dataclass(frozen=True)
class ModuleCapability:
    """One YANG module a device implements, as its hello says."""

    name: str
    namespace: str
    revision: str | None = None
    features: tuple[str, ...] = ()
    deviations: tuple[str, ...] = ()


@dataclass(frozen=True)
class DeviceCapabilities:
    """The parsed capability URIs of a device's hello."""

    uris: tuple[str, ...]
    modules: dict[str, ModuleCapability] = field(default_factory=dict)

    @classmethod
    def from_uris(cls, uris: Iterable[str]) -> DeviceCapabilities:
        all_uris = tuple(u.strip() for u in uris)
        modules: dict[str, ModuleCapability] = {}
        for uri in all_uris:
            parts = urlsplit(uri)
            query = parse_qs(parts.query)
            if "module" not in query:
                continue
            name = query["module"][0]
            modules[name] = ModuleCapability(
                name, uri.split("?", 1)[0], query.get("revision", [None])[0],
                tuple(_split(query.get("features"))), tuple(_split(query.get("deviations"))))
        return cls(all_uris, modules)

    def _has(self, name: str) -> bool:
        return any(u.split("?", 1)[0] in (f"{_CAP}{name}:1.0", f"{_CAP}{name}:1.1")
                   for u in self.uris)

    @property
    def base11(self) -> bool:
        return "urn:ietf:params:netconf:base:1.1" in self.uris

    @property
    def candidate(self) -> bool:
        return self._has("candidate")

    @property
    def confirmed_commit(self) -> bool:
        return self._has("confirmed-commit")

    @property
    def validate(self) -> bool:
        return self._has("validate")

    @property
    def writable_running(self) -> bool:
        return self._has("writable-running")

    @property
    def rollback_on_error(self) -> bool:
        return self._has("rollback-on-error")

    @property
    def with_defaults(self) -> str | None:
        """The basic mode of ``:with-defaults`` (``explicit``, ``report-all``...), if any."""
        for u in self.uris:
            if u.startswith(f"{_CAP}with-defaults:1.0"):
                return parse_qs(urlsplit(u).query).get("basic-mode", ["explicit"])[0]
        return None

    @property
    def huawei_private(self) -> tuple[str, ...]:
        """Huawei's private capabilities (the device is in its old private mode when a
        client sent them; the library never does)."""
        return tuple(u for u in self.uris if u.startswith(HUAWEI_PRIVATE))

    def advertises(self, module: str) -> bool:
        return module in self.modules

    def missing(self, modules: Iterable[str]) -> tuple[str, ...]:
        """The ``modules`` this device does not advertise, in the order given."""
        return tuple(m for m in modules if m not in self.modules)


def _split(values: list[str] | None) -> list[str]:
    return [v for item in values or () for v in item.split(",") if v]
