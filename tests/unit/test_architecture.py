"""Dependencies point one way (docs/ARCHITECTURE.md): a module imports only from its own
floor or below, and the simulator and the NETCONF client never import each other."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[2] / "mlag_netconf"

FLOORS: dict[str, float] = {
    "errors": 0, "enums": 0, "types": 0,
    "schema": 1,
    "model": 2, "rules": 2, "render": 2, "intent": 2,
    "netconf": 3, "sim": 3.5,
    "cli": 4, "pytest_plugin": 4, "__init__": 4, "__main__": 4,
}


def _part(module: str) -> str:
    """``mlag_netconf.render.device`` → ``render``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return {m for m in out if m == "mlag_netconf" or m.startswith("mlag_netconf.")}


def _floor(part: str) -> float:
    assert part in FLOORS, f"{part}: give this new module a floor in docs/ARCHITECTURE.md"
    return FLOORS[part]


SOURCES = sorted(PKG.rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PKG)))
def test_imports_point_down(path: Path) -> None:
    rel = path.relative_to(PKG)
    me = rel.parts[0].removesuffix(".py")
    mine = _floor(me)
    for module in _imports(path):
        other = _part(module)
        if other == me:
            continue
        theirs = _floor(other)
        assert theirs <= mine, f"{rel} (floor {mine}) imports {module} (floor {theirs})"
        assert {me, other} != {"sim", "netconf"}, f"{rel} imports {module}"


def test_the_check_can_fail(tmp_path: Path) -> None:
    bad = tmp_path / "x.py"
    bad.write_text("from mlag_netconf.sim import SimulatedNetwork\n")
    assert _floor(_part(next(iter(_imports(bad))))) > _floor("render")
