"""The floors of docs/ARCHITECTURE.md hold: import-linter's contracts (pyproject.toml,
``[tool.importlinter]``) pass, and they fail on a planted upward import, lazy or not."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]
PKG = ROOT / "mlag_netconf"


def lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` on ``project`` (its pyproject.toml and its mlag_netconf/)."""
    return subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command; "
         "lint_imports_command()", "--no-cache"],
        cwd=project, capture_output=True, text=True, timeout=120,
        env={"PYTHONPATH": str(project), "PATH": "/usr/bin:/bin"}, check=False)


def test_contracts_are_kept() -> None:
    run = lint_imports(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the project (package + pyproject) to plant bad imports in."""
    shutil.copytree(PKG, tmp_path / "mlag_netconf",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


PLANTS = {
    # a lazy import inside a method, as model/device.py once had
    "model calls render lazily": ("model/device.py", """
        def _climb() -> object:
            from mlag_netconf.render import Payload
            return Payload
        """),
    "rules import compose": ("rules/catalog.py", "from mlag_netconf.compose import check\n"),
    "xmltree imports schema": ("xmltree/names.py", "import mlag_netconf.schema\n"),
    "simulator imports the client": ("sim/__init__.py", "import mlag_netconf.netconf\n"),
    "errors import types": ("errors.py", "from mlag_netconf import types\n"),
    "the protocol engine imports Huawei behaviour": (
        "sim/protocol/core.py", "from mlag_netconf.sim.huawei import behaviour\n"),
    "the protocol engine imports ncclient": ("sim/protocol/edit.py", """
        def _client() -> object:
            import ncclient
            return ncclient
        """),
}


@pytest.mark.parametrize("plant", sorted(PLANTS))
def test_a_planted_upward_import_breaks_the_contracts(copy: Path, plant: str) -> None:
    where, code = PLANTS[plant]
    if "netconf" in code:  # the client's package, so the import resolves
        (copy / "mlag_netconf" / "netconf").mkdir(exist_ok=True)
        (copy / "mlag_netconf" / "netconf" / "__init__.py").write_text("")
    path = copy / "mlag_netconf" / where
    path.write_text(path.read_text() + "\n" + textwrap.dedent(code))
    run = lint_imports(copy)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "BROKEN" in run.stdout


def test_a_module_outside_every_floor_breaks_the_contracts(copy: Path) -> None:
    (copy / "mlag_netconf" / "helpers.py").write_text("X = 1\n")
    run = lint_imports(copy)
    assert run.returncode == 1
    assert "mlag_netconf.helpers" in run.stdout


def test_no_module_imports_the_package_root() -> None:
    """``from mlag_netconf import X`` inside the package would climb to the top floor."""
    graph = grimp.build_graph("mlag_netconf", cache_dir=None)
    importers = graph.find_modules_that_directly_import("mlag_netconf")
    assert importers == set()
