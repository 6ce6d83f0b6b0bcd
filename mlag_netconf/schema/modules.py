"""Find the YANG modules of a folder and describe them (hello capabilities, YANG library).

Every ``*.yang`` file directly in the folder is read with yangson's own parser; the
result is one :class:`ModuleInfo` per module (submodules are listed apart) and the
RFC 7895 YANG-library JSON that yangson needs to build its data model.

>>> info = ModuleInfo("huawei-ip", "2022-04-28", "urn:huawei:yang:huawei-ip", "ip",
...                   Path("huawei-ip.yang"))
>>> info.capability()
'urn:huawei:yang:huawei-ip?module=huawei-ip&revision=2022-04-28'
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yangson.exceptions import YangsonException
from yangson.statement import ModuleParser, Statement

from mlag_netconf.errors import SchemaError

__all__ = ["ModuleInfo", "ModuleSet", "scan_folder"]


@dataclass(frozen=True)
class ModuleInfo:
    """One YANG module (or submodule) of a schema folder.

    ``features`` are all the features the module defines (the schema supports every
    one of them); ``deviations`` names the modules of the folder that deviate it.
    For a submodule, ``namespace`` and ``prefix`` are those of the module it belongs
    to and ``belongs_to`` names that module.
    """

    name: str
    revision: str | None
    namespace: str
    prefix: str
    path: Path
    features: tuple[str, ...] = ()
    deviations: tuple[str, ...] = ()
    submodules: tuple[str, ...] = ()
    belongs_to: str | None = None

    def capability(self) -> str:
        """The module's NETCONF 1.0 ``<hello>`` capability URI (RFC 6020 §5.6.4).

        >>> ModuleInfo("m", None, "urn:x", "x", Path("m.yang"), ("f1", "f2"),
        ...            ("dev",)).capability()
        'urn:x?module=m&features=f1,f2&deviations=dev'
        """
        parts = [f"module={self.name}"]
        if self.revision:
            parts.append(f"revision={self.revision}")
        if self.features:
            parts.append("features=" + ",".join(self.features))
        if self.deviations:
            parts.append("deviations=" + ",".join(self.deviations))
        return f"{self.namespace}?" + "&".join(parts)


@dataclass(frozen=True)
class ModuleSet:
    """The modules and submodules found in one folder, and what yangson needs."""

    folder: Path
    modules: tuple[ModuleInfo, ...]
    submodules: tuple[ModuleInfo, ...]

    def yang_library(self, implement: Iterable[str] | None = None) -> dict[str, Any]:
        """RFC 7895 ``modules-state`` for yangson.

        ``implement`` lists the implemented modules (``None``: all of them); the
        others are import-only (their augments and deviations are not applied).
        """
        wanted = None if implement is None else set(implement)
        subs = {s.name: s for s in self.submodules}
        entries: list[dict[str, Any]] = []
        for m in self.modules:
            implemented = wanted is None or m.name in wanted
            entry: dict[str, Any] = {
                "name": m.name,
                "revision": m.revision or "",
                "namespace": m.namespace,
                "conformance-type": "implement" if implemented else "import",
            }
            if m.features:
                entry["feature"] = list(m.features)
            if m.submodules:
                entry["submodule"] = [
                    {"name": s, "revision": subs[s].revision or ""} for s in m.submodules
                ]
            entries.append(entry)
        return {"ietf-yang-library:modules-state": {"module-set-id": "mlag-netconf",
                                                     "module": entries}}

    def yang_library_json(self, implement: Iterable[str] | None = None) -> str:
        """:meth:`yang_library` as JSON text."""
        return json.dumps(self.yang_library(implement), indent=1)

    def find(self, name: str, revision: str | None = None) -> ModuleInfo | None:
        """The module or submodule called ``name`` (with that revision, if given)."""
        for m in (*self.modules, *self.submodules):
            if m.name == name and (revision is None or revision == m.revision):
                return m
        return None


@dataclass
class _Parsed:
    stmt: Statement
    path: Path

    @property
    def name(self) -> str:
        return str(self.stmt.argument)

    def arg(self, keyword: str) -> str | None:
        sub = self.stmt.find1(keyword)
        return None if sub is None else str(sub.argument)

    def revision(self) -> str | None:
        # yangson takes the first revision statement as the module's revision
        return self.arg("revision")


def _parse(path: Path) -> _Parsed:
    try:
        text = path.read_text(encoding="utf-8")
        parser = ModuleParser(text)
        parser.opt_separator()
        stmt = parser.statement()  # parse() would insist on a given name and revision
        if stmt.keyword not in ("module", "submodule"):
            raise SchemaError(f"{path}: not a YANG module or submodule")
    except (OSError, UnicodeDecodeError, YangsonException) as exc:
        raise SchemaError(f"{path}: cannot parse YANG module: {exc}") from exc
    return _Parsed(stmt, path)


def _latest(found: Sequence[_Parsed]) -> dict[str, _Parsed]:
    """One (the newest) revision per module name."""
    best: dict[str, _Parsed] = {}
    for p in found:
        old = best.get(p.name)
        if old is None or (p.revision() or "") > (old.revision() or ""):
            best[p.name] = p
    return best


def _deviation_targets(p: _Parsed) -> set[str]:
    """Names of the modules that ``p``'s deviation statements point into."""
    prefixes = {str(i.find1("prefix", required=True).argument): str(i.argument)
                for i in p.stmt.find_all("import")}
    own = p.arg("prefix")
    targets: set[str] = set()
    for dev in p.stmt.find_all("deviation"):
        first = str(dev.argument).lstrip("/").split("/", 1)[0]
        prefix = first.split(":", 1)[0] if ":" in first else own
        if prefix in prefixes:
            targets.add(prefixes[prefix])
        elif prefix == own:
            targets.add(p.name)
    return targets


def scan_folder(folder: Path) -> ModuleSet:
    """Read every ``*.yang`` file directly in ``folder`` (subfolders are ignored).

    Raises :class:`~mlag_netconf.errors.SchemaError` when a file cannot be parsed,
    a submodule's module is missing, or the folder holds no module.
    """
    if not folder.is_dir():
        raise SchemaError(f"{folder}: not a folder")
    parsed = [_parse(p) for p in sorted(folder.glob("*.yang"))]
    mods = _latest([p for p in parsed if p.stmt.keyword == "module"])
    subs = _latest([p for p in parsed if p.stmt.keyword == "submodule"])
    if not mods:
        raise SchemaError(f"{folder}: no YANG module found")
    deviated: dict[str, list[str]] = {}
    for p in mods.values():
        for target in sorted(_deviation_targets(p)):
            deviated.setdefault(target, []).append(p.name)
    infos: dict[str, ModuleInfo] = {}
    for name, p in sorted(mods.items()):
        includes = tuple(str(i.argument) for i in p.stmt.find_all("include"))
        missing = [s for s in includes if s not in subs]
        if missing:
            raise SchemaError(f"{p.path}: submodule(s) not found: {', '.join(missing)}")
        features = [str(f.argument) for f in p.stmt.find_all("feature")]
        for s in includes:
            features += [str(f.argument) for f in subs[s].stmt.find_all("feature")]
        infos[name] = ModuleInfo(
            name=name,
            revision=p.revision(),
            namespace=p.arg("namespace") or "",
            prefix=p.arg("prefix") or name,
            path=p.path,
            features=tuple(features),
            deviations=tuple(sorted(deviated.get(name, ()))),
            submodules=includes,
        )
    sub_infos: list[ModuleInfo] = []
    for name, sub in sorted(subs.items()):
        bt = sub.stmt.find1("belongs-to")
        owner = infos.get(str(bt.argument)) if bt is not None else None
        if owner is None:
            continue  # a stray submodule nobody includes: not part of the schema
        sub_infos.append(ModuleInfo(name=name, revision=sub.revision(),
                                    namespace=owner.namespace, prefix=owner.prefix,
                                    path=sub.path, belongs_to=owner.name))
    return ModuleSet(folder, tuple(infos.values()), tuple(sub_infos))
