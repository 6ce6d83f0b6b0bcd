"""Golden payloads: each example renders exactly to payloads/<example>/<device>.xml (and
its CLI view to <device>.cli, byte for byte), and every golden payload passes yanglint
against the public Huawei modules + the project's gap module (YANG-PATHS.md §0.1)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from yanglint_check import need_yanglint, yanglint_command

from mlag_netconf.intent import load_intent
from mlag_netconf.render import Payload

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
GOLDEN = sorted((ROOT / "payloads").glob("*/*.xml"))


def rendered(example: Path) -> dict[str, Payload]:
    """Every payload an example renders: the members' and the user side's (if named)."""
    intent = load_intent(example)
    return {**intent.payloads(), **intent.extra_payloads()}


def test_every_example_has_golden_payloads() -> None:
    assert len(EXAMPLES) == 3
    assert [sorted(load_intent(e).extra_payloads()) for e in EXAMPLES] == [
        ["Server-Leaf"], ["DeviceC"], []]  # the user sides the examples name
    for example in EXAMPLES:
        names = set(rendered(example))
        for suffix in ("xml", "cli"):
            files = {p.stem for p in (ROOT / "payloads" / example.stem).glob(f"*.{suffix}")}
            assert files == names, f"{example.name}: run scripts/regen_payloads.py"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_example_renders_to_golden(example: Path) -> None:
    for name, payload in rendered(example).items():
        golden = ROOT / "payloads" / example.stem / f"{name}.xml"
        assert payload.xml + "\n" == golden.read_text(), (
            f"{golden} differs: run scripts/regen_payloads.py and review the diff")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_example_cli_view_is_golden(example: Path) -> None:
    for name, payload in rendered(example).items():
        golden = ROOT / "payloads" / example.stem / f"{name}.cli"
        assert (payload.cli() + "\n").encode() == golden.read_bytes(), (
            f"{golden} differs: run scripts/regen_payloads.py and review the diff")


@pytest.mark.parametrize("golden", GOLDEN, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_golden_cli_is_the_view_of_the_golden_xml(golden: Path) -> None:
    """The .cli file is what the .xml file says: read from the XML alone."""
    assert (Payload.from_file(golden).cli() + "\n").encode() == golden.with_suffix(
        ".cli").read_bytes()


@pytest.mark.parametrize("golden", GOLDEN, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_golden_passes_yanglint(golden: Path, tmp_path: Path) -> None:
    need_yanglint()
    fragment = tmp_path / "fragment.xml"
    fragment.write_text(Payload.from_file(golden).fragment())
    run = subprocess.run(yanglint_command(fragment), capture_output=True, text=True,
                         check=False)
    assert run.returncode == 0, run.stderr
    assert "err" not in run.stderr.lower(), run.stderr


def test_yanglint_rejects_a_wrong_payload(tmp_path: Path) -> None:
    """The yanglint check can fail: a misspelt leaf is reported."""
    need_yanglint()
    golden = ROOT / "payloads" / "bgp-over-mlag" / "DeviceA.xml"
    bad = Payload.from_file(golden).fragment().replace("<mask>", "<maks>").replace(
        "</mask>", "</maks>")
    fragment = tmp_path / "fragment.xml"
    fragment.write_text(bad)
    run = subprocess.run(yanglint_command(fragment), capture_output=True, text=True,
                         check=False)
    assert run.returncode != 0
    assert "maks" in run.stderr
