"""The ``mlag-netconf`` command line: render, check, rules (in process, plus one run of the
installed console script)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from mlag_netconf.cli import EXIT_ERROR, EXIT_INVALID, EXIT_OK, main
from mlag_netconf.errors import SchemaError
from mlag_netconf.intent import load_intent
from mlag_netconf.namespaces import NC as NC_NS
from mlag_netconf.rules import CATALOGUE, RULES

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
MLAG = EXAMPLES / "bgp-over-mlag.yaml"
MP = EXAMPLES / "mp-ebgp-vpnv4.yaml"
# every device an example renders: the members, then the user side it names
EXAMPLE_DEVICES = {
    "bgp-over-mlag": ["DeviceA", "DeviceB", "DeviceC"],
    "bgp-over-mlag-vbdif": ["CE-1", "CE-2", "Server-Leaf"],
    "mp-ebgp-vpnv4": ["AGG1", "MASG1"],
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write_intent(tmp_path: Path, source: Path, old: str, new: str,
                 name: str = "intent.yaml") -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def assert_nothing_written(out: Path) -> None:
    assert not out.exists() or not any(out.iterdir()), sorted(out.iterdir())


def schema_ready() -> bool:
    from mlag_netconf.schema import Schema

    try:
        Schema.load()
    except SchemaError:
        return False
    return True


# --------------------------------------------------------------------------- render
@pytest.mark.parametrize("example", sorted(EXAMPLE_DEVICES))
def test_render_writes_one_config_per_device(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path, example: str) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = run(capsys, "render", str(EXAMPLES / f"{example}.yaml"),
                               "--out", str(out), "--no-validate")
    assert (code, stderr) == (EXIT_OK, "")
    devices = EXAMPLE_DEVICES[example]
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{d}.xml" for d in devices)
    assert stdout.splitlines() == [*(str(out / f"{d}.xml") for d in devices),
                                   f"{out}: {len(devices)} files written; replaced from an "
                                   "earlier run: none"]
    intent = load_intent(EXAMPLES / f"{example}.yaml")
    payloads = {**intent.payloads(), **intent.extra_payloads()}
    for device in devices:
        text = (out / f"{device}.xml").read_text(encoding="utf-8")
        assert text == payloads[device].xml + "\n"
        root = etree.fromstring(text.encode())  # one root element: a <config>
        assert etree.QName(root) == etree.QName(NC_NS, "config")
        assert text.count("<config") == 1
        # ifm + bgp + network-instance at least (a user side without interface: no ifm)
        assert len(root) >= (3 if device in intent.device_names else 2)


def test_render_creates_nested_out_and_overwrites(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    out = tmp_path / "a" / "b"
    assert run(capsys, "render", str(MP), "--out", str(out), "--no-validate")[0] == EXIT_OK
    (out / "AGG1.xml").write_text("stale", encoding="utf-8")
    assert run(capsys, "render", str(MP), "--out", str(out), "--no-validate")[0] == EXIT_OK
    assert (out / "AGG1.xml").read_text(encoding="utf-8").startswith("<config")


def test_render_validates_against_the_projects_yang(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    if not schema_ready():
        pytest.skip("yang/ does not load yet (Schema.load() fails)")
    for example, devices in EXAMPLE_DEVICES.items():
        out = tmp_path / example
        code, _, stderr = run(capsys, "render", str(EXAMPLES / f"{example}.yaml"),
                              "--out", str(out))
        assert (code, stderr) == (EXIT_OK, "")
        assert sorted(p.stem for p in out.iterdir()) == sorted(devices)


# --------------------------------------------------------------------------- bad intents
def test_bad_mlag_address_exit_2_and_nothing_written(capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path) -> None:
    intent = write_intent(tmp_path, MLAG, "m-lag-ipv4: 10.1.1.3", "m-lag-ipv4: 10.9.9.9")
    out = tmp_path / "out"
    code, stdout, stderr = run(capsys, "render", str(intent), "--out", str(out),
                               "--no-validate")
    assert code == EXIT_INVALID == 2
    assert stdout == ""
    lines = stderr.splitlines()
    assert lines == [lines[0]]
    assert lines[0].startswith("members[1].m-lag-ipv4: mlag-ipv4-in-primary-subnet: ")
    assert not out.exists()


def test_bad_intent_leaves_an_existing_out_folder_empty(capsys: pytest.CaptureFixture[str],
                                                        tmp_path: Path) -> None:
    intent = write_intent(tmp_path, MP, "ebgp-max-hop: 10", "ebgp-max-hop: 1")
    out = tmp_path / "out"
    out.mkdir()
    code, _, stderr = run(capsys, "render", str(intent), "--out", str(out), "--no-validate")
    assert code == EXIT_INVALID
    assert stderr.startswith("devices[0].peers[0].ebgp-max-hop: ebgp-loopback-needs-max-hop: ")
    assert "ebgp-max-hop" in stderr.split(": ", 2)[2]  # the message states the fix
    assert_nothing_written(out)


def test_several_errors_one_line_each(capsys: pytest.CaptureFixture[str],
                                      tmp_path: Path) -> None:
    intent = write_intent(tmp_path, MLAG, "router-id: 2.2.2.2", "router-id: 1.1.1.1\n"
                          "    platform: CE6885-LL\n    low-latency: true")
    out = tmp_path / "out"
    code, _, stderr = run(capsys, "render", str(intent), "--out", str(out), "--no-validate")
    assert code == EXIT_INVALID
    lines = stderr.splitlines()
    assert len(lines) == 2
    assert "members[1].platform: platform-low-latency-no-ipv6: " in stderr
    assert {line.split(": ")[1] for line in lines} == {"platform-low-latency-no-ipv6",
                                                       "pair-different-router-id"}
    assert "members[1].router-id: pair-different-router-id: " in stderr
    assert not out.exists()


@pytest.mark.parametrize(("old", "new", "path", "rule"), [
    ("kind: bgp-over-mlag", "kind: bgp-over-mlag\nflavour: spicy", "flavour", "unknown-key"),
    ("  nd-na-glean: true", "  nd-na-glean: true\n  mtu: 9000", "interface.mtu", "unknown-key"),
    ("    role: backup", "    role: backup\n    priority: 5", "members[1].priority",
     "unknown-key"),
    ("  as: 65100", "  as: 65100\n  asn: 65100", "user-side.asn", "unknown-key"),
    ("  id: 100 ", "  id: 4095 ", "interface.id", "vlan-id-range"),
    ("  arp-proxy: true", "  arp-proxy: maybe", "interface.arp-proxy", "boolean"),
    ("kind: bgp-over-mlag", "kind: bgp-over-vxlan", "kind", "intent-kind"),
], ids=["top", "interface", "member", "user-side", "vlan", "boolean", "kind"])
def test_unknown_keys_and_bad_values_exit_2(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path, old: str, new: str, path: str,
                                            rule: str) -> None:
    intent = write_intent(tmp_path, MLAG, old, new)
    out = tmp_path / "out"
    code, stdout, stderr = run(capsys, "render", str(intent), "--out", str(out),
                               "--no-validate")
    assert (code, stdout) == (EXIT_INVALID, "")
    assert stderr.startswith(f"{path}: {rule}: ")
    assert not out.exists()


def test_yaml_syntax_error_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    intent = tmp_path / "broken.yaml"
    intent.write_text("kind: [bgp-over-mlag\n", encoding="utf-8")
    code, _, stderr = run(capsys, "render", str(intent), "--out", str(tmp_path / "o"),
                          "--no-validate")
    assert code == EXIT_INVALID
    assert "yaml-syntax: " in stderr
    assert not (tmp_path / "o").exists()


def test_missing_intent_file_exit_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    code, _, stderr = run(capsys, "render", str(missing), "--out", str(tmp_path / "o"),
                          "--no-validate")
    assert code == EXIT_ERROR
    assert str(missing) in stderr
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("name", ["../escaped", "sub/dir"])
def test_device_names_cannot_escape_out(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                        name: str) -> None:
    intent = write_intent(tmp_path, MP, "name: AGG1", f'name: "{name}"')
    out = tmp_path / "out"
    code, _, stderr = run(capsys, "render", str(intent), "--out", str(out), "--no-validate")
    assert code == EXIT_INVALID
    assert "devices[0].name" in stderr
    assert not (tmp_path / "escaped.xml").exists()
    assert_nothing_written(out)


def test_null_as_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    intent = write_intent(tmp_path, MP, "    as: 65001\n    router-id", "    as:\n    router-id")
    out = tmp_path / "out"
    code, _, stderr = run(capsys, "render", str(intent), "--out", str(out), "--no-validate")
    assert code == EXIT_INVALID
    assert stderr.startswith("devices[0].as: ")
    assert not out.exists()


# --------------------------------------------------------------------------- check, rules
def test_check_writes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, stdout, stderr = run(capsys, "check", str(MLAG), "--no-validate")
    assert (code, stderr) == (EXIT_OK, "")
    lines = stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == ["DeviceA", "DeviceB", "DeviceC"]
    assert all(": ok (18 features, modules: " in line for line in lines[:2])
    assert lines[2].startswith("DeviceC: ok (")  # the user side's payload is checked too
    assert "mlag-netconf-ext" in lines[0]
    assert list(tmp_path.iterdir()) == []


def test_check_bad_intent_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    intent = write_intent(tmp_path, MLAG, "members:\n", "mode: active-standby\nmembers:\n")
    code, stdout, stderr = run(capsys, "check", str(intent), "--no-validate")
    assert (code, stdout) == (EXIT_INVALID, "")
    assert stderr == "mode: mlag-dual-active: M-LAG mode is active-standby; BGP over M-LAG " \
                     "needs dual-active\n"


def test_rules_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, stderr = run(capsys, "rules")
    assert (code, stderr) == (EXIT_OK, "")
    lines = stdout.splitlines()
    assert [line.split()[0] for line in lines] == list(RULES)
    for line, (rule, r) in zip(lines, CATALOGUE.items(), strict=True):
        assert line.split(None, 3)[1:] == [r.source, r.severity, r.text]
        assert line.startswith(rule)
    sources = {line.split()[0]: line.split()[1] for line in lines}
    assert sources["proxy-arp-routed-on-vlanif"] == "seed"  # item 8's example
    assert sources["bgp-peer-remote-as-required"] == "vendor"
    assert set(sources.values()) == {"seed", "vendor"}


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in ([], ["render", str(MP)], ["frobnicate"]):
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 2
        assert "usage:" in capsys.readouterr().err


# --------------------------------------------------------------------------- console script
def test_installed_console_script(tmp_path: Path) -> None:
    exe = shutil.which("mlag-netconf") or str(Path(sys.executable).parent / "mlag-netconf")
    if not Path(exe).exists():
        pytest.skip("the mlag-netconf console script is not installed (pip install -e .)")
    out = tmp_path / "out"
    done = subprocess.run([exe, "render", str(EXAMPLES / "bgp-over-mlag-vbdif.yaml"),
                           "--out", str(out), "--no-validate"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    assert sorted(p.name for p in out.iterdir()) == ["CE-1.xml", "CE-2.xml", "Server-Leaf.xml"]
    bad = write_intent(tmp_path, MLAG, "m-lag-ipv4: 10.1.1.3", "m-lag-ipv4: 10.9.9.9")
    done = subprocess.run([exe, "render", str(bad), "--out", str(tmp_path / "bad"),
                           "--no-validate"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert done.stderr.startswith("members[1].m-lag-ipv4: mlag-ipv4-in-primary-subnet: ")
    assert not (tmp_path / "bad").exists()


@pytest.mark.parametrize(("words", "simulator"), [
    (["--help"], False), (["rules"], False), (["render", "--help"], False),
    (["sim", "--help"], True)])
def test_only_the_sim_command_imports_the_simulator(words: list[str], simulator: bool) -> None:
    """``--help`` and the other commands list ``sim`` without importing the simulator
    (asyncssh and the CloudEngine model: a third of the start-up); ``sim`` gets it all."""
    code = ("import contextlib, io, sys\n"
            "from mlag_netconf.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
            "    try:\n"
            f"        main({words!r})\n"
            "    except SystemExit:\n"
            "        pass\n"
            "print('mlag_netconf.sim.harness.cli' in sys.modules, 'asyncssh' in sys.modules,\n"
            "      'sim ' in out.getvalue() or 'mlag-netconf sim' in out.getvalue())\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=60)
    imported, asyncssh, listed = done.stdout.split()
    assert (imported, asyncssh) == (str(simulator), str(simulator))
    if words[0] in ("--help", "sim"):
        assert listed == "True"  # the top-level help lists it; its own help is its usage
