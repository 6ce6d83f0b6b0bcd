"""Simulator profiles: what kind of device a simulated network runs.

- ``"ce-v300"`` (:meth:`Profile.ce_v300`, the default everywhere): a Huawei CloudEngine
  V300 as public documentation and a captured CE6866 hello describe it (see
  :mod:`mlag_netconf.sim.huawei.dialect`): its hello and module set, writable running,
  with-defaults ``report-all``, the hello choosing the mode, the Huawei error dialect,
  ``<execute-cli>``, commit descriptions and history, flow-ids, and its limits
  (5 sessions, 10-minute idle timeout, 32 s per operation, "system busy" on concurrent
  commits), with the CloudEngine's own behaviour and rules at commit;
- ``"rfc"`` (:meth:`Profile.rfc`): a strict RFC 6241 server of its modules (no
  writable running, RFC error shapes, no limits, nothing created by itself): the
  profile the differential suite compares with netconfd.

Choose one by name or as a value, and change its details with keyword arguments:

>>> Profile.resolve("rfc").name, Profile.resolve(None).name
('rfc', 'ce-v300')
>>> p = Profile.ce_v300(max_sessions=2, idle_timeout=1.5, candidate="per-session",
...                     mlag="sim-device-m-lag")
>>> p.limits.max_sessions, p.limits.idle_timeout, p.candidate.value, p.modules.mlag.value
(2, 1.5, 'per-session', 'sim-device-m-lag')
>>> Profile.ce_v300(ports=["100ge1/0/1", "25GE1/0/2"]).ports
('100GE1/0/1', '25GE1/0/2')
>>> Profile.resolve("ce-v200")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
mlag_netconf.sim.protocol.errors.SimulatorUsageError: unknown simulator profile 'ce-v200' ...
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mlag_netconf.sim.huawei import CloudEngineDialect, CloudEngineProfile, MlagModule, ModuleSet
from mlag_netconf.sim.huawei.behaviour import split_interface_name
from mlag_netconf.sim.huawei.modules import schema_folder
from mlag_netconf.sim.protocol.dialect import Dialect, RfcDialect
from mlag_netconf.sim.protocol.errors import SimulatorUsageError
from mlag_netconf.sim.protocol.limits import Limits
from mlag_netconf.sim.protocol.plugins import DeviceProfile, NoProfile
from mlag_netconf.sim.protocol.schema_port import SimSchema
from mlag_netconf.sim.protocol.store import CandidateMode

__all__ = ["CE_V300", "DEFAULT_PROFILE", "PROFILE_NAMES", "RFC", "Profile", "ProfileLike"]

CE_V300 = "ce-v300"
RFC = "rfc"
PROFILE_NAMES = (CE_V300, RFC)
DEFAULT_PROFILE = CE_V300

#: Device limits (HUAWEI-NETCONF.md: 5 sessions, 10-minute idle timeout, 32 s per operation).
CE_MAX_SESSIONS = 5
CE_IDLE_TIMEOUT = 600.0
CE_OPERATION_TIMEOUT = 32.0


@dataclass(frozen=True)
class Profile:
    """One kind of simulated device (build it with :meth:`ce_v300` or :meth:`rfc`)."""

    name: str
    #: speak like a CloudEngine (hello, writable running, errors, execute-cli...)
    huawei: bool
    #: the CloudEngine's own behaviour and rules at boot and commit
    device_behaviour: bool
    modules: ModuleSet = field(default_factory=ModuleSet)
    limits: Limits = field(default_factory=Limits)
    candidate: CandidateMode = CandidateMode.SHARED
    #: the physical ports the device has from boot (``100GE1/0/1``): interfaces a
    #: configuration may name (a BGP connect-interface) without creating them
    ports: tuple[str, ...] = ()

    @classmethod
    def ce_v300(cls, *, modules: ModuleSet | None = None, mlag: MlagModule | str | None = None,
                max_sessions: int | None = CE_MAX_SESSIONS,
                idle_timeout: float | None = CE_IDLE_TIMEOUT,
                operation_timeout: float | None = CE_OPERATION_TIMEOUT,
                busy_commits: bool = True,
                candidate: CandidateMode | str = CandidateMode.SHARED,
                ports: Iterable[str] = ()) -> Profile:
        """A CloudEngine V300; ``mlag`` chooses the module holding the M-LAG addresses
        (``mlag-netconf-ext``, ``sim-device-m-lag`` or ``none``), ``None`` disables a
        limit, ``candidate="per-session"`` gives each session its own candidate,
        ``ports`` names the physical ports it boots with (10GE/25GE/40GE/100GE)."""
        chosen = modules or ModuleSet()
        if mlag is not None:
            chosen = replace(chosen, mlag=_enum(MlagModule, mlag, "mlag"))
        return cls(CE_V300, True, True, chosen,
                   Limits(max_sessions, idle_timeout, operation_timeout, busy_commits),
                   _enum(CandidateMode, candidate, "candidate"), _ports(ports))

    @classmethod
    def rfc(cls, *, device_behaviour: bool = False) -> Profile:
        """A strict RFC 6241 server (``device_behaviour``: add the CloudEngine's own
        behaviour and rules at commit)."""
        return cls(RFC, False, device_behaviour)

    @classmethod
    def resolve(cls, value: ProfileLike) -> Profile:
        """A profile from its name (``None``: the default, ``ce-v300``) or itself."""
        if isinstance(value, Profile):
            return value
        name = value or DEFAULT_PROFILE
        if name == CE_V300:
            return cls.ce_v300()
        if name == RFC:
            return cls.rfc()
        raise SimulatorUsageError(f"unknown simulator profile {name!r} "
                                  f"(known: {', '.join(PROFILE_NAMES)})")

    # ------------------------------------------------------------ assembly
    def schema_folder(self, yang_dir: Path | str | None) -> Path | None:
        """The module folder a device of this profile loads (``None``: the default)."""
        if not self.huawei or self.modules.mlag is MlagModule.EXT:
            return Path(yang_dir) if yang_dir is not None else None
        return schema_folder(yang_dir, self.modules.mlag)

    def dialect(self) -> Dialect:
        return CloudEngineDialect(self.modules) if self.huawei else RfcDialect()

    def device_profile(self, schema: SimSchema) -> DeviceProfile:
        return (CloudEngineProfile(schema, self.ports) if self.device_behaviour else
                NoProfile())

    def reported_revisions(self) -> dict[str, str]:
        """Module -> the revision the device reports (monitoring, get-schema)."""
        if not self.huawei:
            return {}
        return {name: pair[0] for name, pair in self.modules.revisions.items()}


ProfileLike = Profile | str | None


def _ports(names: Iterable[str]) -> tuple[str, ...]:
    """Physical port names, canonical (``100ge1/0/1`` -> ``100GE1/0/1``)."""
    if isinstance(names, str):
        names = (names,)
    out: list[str] = []
    for name in names:
        parts = split_interface_name(str(name))
        if parts is None or parts[0] != "main-interface" or "/" not in (parts[2] or ""):
            raise SimulatorUsageError(f"ports: {name!r} is not a physical port name "
                                      "(10GE|25GE|40GE|100GE<slot>/<card>/<port>)")
        out.append(f"{parts[1]}{parts[2]}")
    return tuple(out)


def _enum(kind: Any, value: Any, what: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        known = ", ".join(m.value for m in kind)
        raise SimulatorUsageError(f"{what}: unknown value {value!r} (known: {known})") from None
