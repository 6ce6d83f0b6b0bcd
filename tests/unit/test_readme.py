"""The README's Python quickstart runs as written and type-checks under mypy --strict."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _quickstart() -> str:
    text = (ROOT / "README.md").read_text()
    section = text.split("## Quickstart: Python", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match, "no python block in the README quickstart"
    return match.group(1)


def test_readme_quickstart_runs() -> None:
    scope: dict[str, object] = {}
    exec(compile(_quickstart(), "README.md", "exec"), scope)
    rendered = scope["rendered"]
    assert isinstance(rendered, dict)
    assert sorted(rendered) == ["DeviceA", "DeviceB"]


@pytest.mark.slow
def test_readme_quickstart_type_checks(tmp_path: Path) -> None:
    code = tmp_path / "quickstart.py"
    code.write_text(_quickstart())
    run = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                          str(code)], capture_output=True, text=True, check=False, cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
