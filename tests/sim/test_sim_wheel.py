"""The fixtures work from a separate project that installed the package as a wheel."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

PROJECT = REPO / "tests" / "fixtures_project"


def run(*command: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTEST_ADDOPTS")}
    return subprocess.run([str(c) for c in command], cwd=cwd, env=env, text=True,
                          capture_output=True, timeout=900, check=False)


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_fixtures_from_an_installed_wheel(tmp_path: Path) -> None:
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                tmp_path / "dist", REPO)
    assert built.returncode == 0, built.stderr
    wheel = next((tmp_path / "dist").glob("mlag_netconf-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "mlag_netconf/_yang/mlag-netconf-ext.yang" in names
    assert "mlag_netconf/sim/protocol/session.py" in names
    assert any(n.endswith("entry_points.txt") for n in names)

    venv = tmp_path / "venv"
    assert run(sys.executable, "-m", "venv", "--system-site-packages", venv).returncode == 0
    python = venv / "bin" / "python"
    installed = run(python, "-m", "pip", "install", "--no-deps", "-q", wheel)
    assert installed.returncode == 0, installed.stderr
    where = run(python, "-c", "import mlag_netconf; print(mlag_netconf.__file__)", cwd=tmp_path)
    assert str(venv) in where.stdout, where.stdout + where.stderr

    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    result = run(python, "-m", "pytest", "-q", "check_switch.py", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
