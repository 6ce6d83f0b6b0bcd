"""The module set a simulated CloudEngine advertises, and the schema folder behind it.

Facts (``../shared/HUAWEI-NETCONF.md``, from a real CE6866 hello captured in
annetutil/gnetcli ``pkg/device/netconf/device_mock_test.go``): every
``urn:huawei:yang:huawei-*`` module comes with ``&deviations=huawei-<module>-deviations-
CE6866`` and that deviation module is advertised too; the revisions differ from the
public router set (:data:`CE6866_REVISIONS` for the modules the simulator loads); the
device also lists ``huawei-m-lag`` and ``huawei-m-lag-notification``.

The simulator implements only the project's compact subsets (``yang/``): the hello
names the captured revisions, ``<get-schema>`` of such a module returns the project's
subset text, and the advertised-only modules (``huawei-m-lag``...) have no content and
no schema text. Which module holds the M-LAG addresses is chosen per device
(:class:`MlagModule`): the project's gap module ``mlag-netconf-ext``, the test-only
``sim-device-m-lag`` (``yang/sim-device-m-lag.yang`` beside this file, never a Huawei
name), or none.

>>> caps = ModuleSet().capabilities(SimSchema.load())
>>> [c for c in caps if "module=huawei-ip&" in c]
['urn:huawei:yang:huawei-ip?module=huawei-ip&revision=2020-06-30&deviations=huawei-ip-deviations-CE6866']
>>> [c for c in caps if "module=huawei-m-lag&" in c]
['urn:huawei:yang:huawei-m-lag?module=huawei-m-lag&revision=2020-06-02&deviations=huawei-m-lag-deviations-CE6866']
"""

from __future__ import annotations

import contextlib
import hashlib
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from mlag_netconf.schema import DEFAULT_YANG_DIR, ModuleInfo
from mlag_netconf.sim.protocol.errors import SimulatorUsageError
from mlag_netconf.sim.protocol.schema_port import SimSchema

__all__ = [
    "CE6866_REVISIONS",
    "DEVICE_MLAG_YANG",
    "AdvertisedModule",
    "MlagModule",
    "ModuleSet",
    "schema_folder",
]

HUAWEI_YANG = "urn:huawei:yang:"
EXT_MODULE = "mlag-netconf-ext"
DEVICE_MLAG_MODULE = "sim-device-m-lag"
DEVICE_MLAG_YANG = Path(__file__).resolve().parent / "yang" / f"{DEVICE_MLAG_MODULE}.yang"

#: CE6866 revisions of the modules the simulator loads: module -> (revision, revision
#: of its ``-deviations-CE6866`` module), from the captured hello.
CE6866_REVISIONS: Mapping[str, tuple[str, str]] = {
    "huawei-arp": ("2020-08-20", "2020-05-11"),
    "huawei-bd": ("2021-01-26", "2020-04-29"),
    "huawei-bgp": ("2021-02-03", "2020-04-20"),
    "huawei-ifm": ("2021-01-25", "2020-04-26"),
    "huawei-ip": ("2020-06-30", "2020-04-26"),
    "huawei-ipv6-nd": ("2021-02-02", "2019-11-24"),
    "huawei-l3vpn": ("2020-03-23", "2020-04-20"),
    "huawei-network-instance": ("2020-03-10", "2020-04-20"),
    "huawei-nvo3": ("2020-03-06", "2020-04-30"),
    "huawei-vlan": ("2020-02-07", "2019-04-23"),
}


class MlagModule(StrEnum):
    """Which module of a simulated device holds the M-LAG address nodes."""

    EXT = EXT_MODULE                 # the project's gap module (and ND prune)
    DEVICE = DEVICE_MLAG_MODULE      # the test-only device-style module, another path
    NONE = "none"                    # neither: the device has no node for them


@dataclass(frozen=True)
class AdvertisedModule:
    """A module the hello names although the simulator has no content for it."""

    name: str
    revision: str
    deviation_revision: str | None = None

    @property
    def namespace(self) -> str:
        return HUAWEI_YANG + self.name


#: Advertised by the CE6866, not implemented by the simulator.
CE6866_ADVERTISED = (
    AdvertisedModule("huawei-m-lag", "2020-06-02", "2020-10-14"),
    AdvertisedModule("huawei-m-lag-notification", "2020-07-08"),
)


@dataclass(frozen=True)
class ModuleSet:
    """The module capabilities of one simulated CloudEngine.

    ``revisions``: module -> (revision, deviation module revision) advertised instead
    of the file's; ``deviations``: name a ``huawei-<m>-deviations-<platform>`` module for
    each Huawei module; ``advertised``: modules named without content; ``mlag``: which
    module holds the M-LAG addresses.
    """

    platform: str = "CE6866"
    revisions: Mapping[str, tuple[str, str]] = field(
        default_factory=lambda: dict(CE6866_REVISIONS))
    deviations: bool = True
    advertised: tuple[AdvertisedModule, ...] = CE6866_ADVERTISED
    mlag: MlagModule = MlagModule.EXT

    def revision_of(self, module: str) -> str | None:
        """The revision advertised for a loaded module (None: the file's)."""
        found = self.revisions.get(module)
        return found[0] if found else None

    def capabilities(self, schema: SimSchema) -> list[str]:
        """One capability per loaded module (and its deviation module), then the
        advertised-only ones."""
        caps: list[str] = []
        for module in schema.modules:
            revision, deviation = self.revisions.get(module.name, (module.revision, None))
            caps += self._module(module.namespace, module.name, revision, deviation,
                                 module.namespace.startswith(HUAWEI_YANG), module)
        for extra in self.advertised:
            caps += self._module(extra.namespace, extra.name, extra.revision,
                                 extra.deviation_revision,
                                 extra.deviation_revision is not None, None)
        return caps

    def _module(self, namespace: str, name: str, revision: str | None,
                deviation_revision: str | None, vendor: bool,
                info: ModuleInfo | None) -> list[str]:
        params = [f"module={name}"] + ([f"revision={revision}"] if revision else [])
        if info is not None and info.features:
            params.append("features=" + ",".join(info.features))
        if not (vendor and self.deviations):
            return [f"{namespace}?" + "&".join(params)]
        dev = f"{name}-deviations-{self.platform}"
        params.append(f"deviations={dev}")
        dev_params = [f"module={dev}"] + (
            [f"revision={deviation_revision}"] if deviation_revision else [])
        return [f"{namespace}?" + "&".join(params),
                f"{HUAWEI_YANG}{dev}?" + "&".join(dev_params)]


def schema_folder(base: Path | str | None, mlag: MlagModule) -> Path:
    """The folder a device with ``mlag`` loads: ``base`` itself for the gap module,
    else a folder of links to ``base``'s modules without ``mlag-netconf-ext`` (plus
    ``sim-device-m-lag`` for :attr:`MlagModule.DEVICE`), made once per base."""
    folder = Path(base if base is not None else DEFAULT_YANG_DIR).resolve()
    if mlag is MlagModule.EXT:
        return folder
    files = [p for p in sorted(folder.glob("*.yang")) if p.stem.split("@")[0] != EXT_MODULE]
    if mlag is MlagModule.DEVICE:
        stems = {p.stem.split("@")[0] for p in files}
        missing = {"huawei-ifm", "ietf-inet-types"} - stems
        if missing:
            raise SimulatorUsageError(
                f"{folder}: the device-style M-LAG module needs {', '.join(sorted(missing))}")
        files.append(DEVICE_MLAG_YANG)
    digest = hashlib.sha256(f"{folder}\0{mlag.value}".encode()).hexdigest()[:16]
    target = Path(tempfile.gettempdir()) / f"mlag-netconf-sim-yang-{digest}"
    target.mkdir(exist_ok=True)
    wanted = {p.name for p in files}
    for stale in target.glob("*.yang"):
        if stale.name not in wanted:
            stale.unlink(missing_ok=True)
    for path in files:
        link = target / path.name
        if not link.exists():
            with contextlib.suppress(FileExistsError):  # another process made it meanwhile
                link.symlink_to(path)
    return target
