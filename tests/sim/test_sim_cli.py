"""``mlag-netconf sim`` / ``python -m mlag_netconf.sim`` as a real process."""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ncclient import manager

from mlag_netconf.sim import Inventory, free_ports
from mlag_netconf.sim.harness.cli import add_sim_parser, run_sim


def start(command: list[str], inventory: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    deadline = time.monotonic() + 30
    while not inventory.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            out, err = proc.communicate()
            pytest.fail(f"simulator did not start: {out}\n{err}")
        time.sleep(0.05)
    return proc


def stop(proc: subprocess.Popen[str], sig: int = signal.SIGTERM) -> tuple[int, str]:
    proc.send_signal(sig)
    out, _ = proc.communicate(timeout=30)
    return proc.returncode, out


def connect_from_inventory(inventory: Inventory, name: str, tmp: Path) -> None:
    entry = inventory[name]
    config = tmp / f"{name}.ssh_config"
    config.write_text(f"Host *\n  UserKnownHostsFile {entry.known_hosts}\n")
    with manager.connect(host=entry.host, port=entry.port, username=entry.username,
                         password=entry.password, hostkey_verify=True,
                         ssh_config=str(config), look_for_keys=False, allow_agent=False,
                         timeout=20) as m:
        assert "_public_" in m.get_config("running").xml


@pytest.mark.slow
def test_module_entry_point_serves_until_sigterm(tmp_path: Path) -> None:
    inventory_file = tmp_path / "inventory.yaml"
    proc = start([sys.executable, "-m", "mlag_netconf.sim", "--devices", "DeviceA,DeviceB",
                  "--inventory-out", str(inventory_file)], inventory_file)
    try:
        inventory = Inventory.load(inventory_file)
        assert inventory.names == ("DeviceA", "DeviceB")
        assert inventory.known_hosts is not None
        assert len(Path(inventory.known_hosts).read_text().splitlines()) == 2
        for name in inventory.names:
            connect_from_inventory(inventory, name, tmp_path)
    finally:
        code, out = stop(proc)
    assert code == 0
    assert "DeviceA" in out
    assert "DeviceB" in out


@pytest.mark.slow
def test_console_script_with_fixed_port_and_sigint(tmp_path: Path) -> None:
    port = free_ports()
    script = shutil.which("mlag-netconf")
    base = [script] if script else [sys.executable, "-m", "mlag_netconf.cli"]
    inventory_file = tmp_path / "inv.yaml"
    proc = start([*base, "sim", "--devices", "S1", "--port", str(port),
                  "--inventory-out", str(inventory_file)], inventory_file)
    try:
        inventory = Inventory.load(inventory_file)
        assert inventory["S1"].port == port
        connect_from_inventory(inventory, "S1", tmp_path)
    finally:
        code, _ = stop(proc, signal.SIGINT)
    assert code == 0
    assert oct(os.stat(inventory_file).st_mode & 0o777) == "0o600"


def test_parser_defaults_and_empty_device_list() -> None:
    parser = argparse.ArgumentParser()
    add_sim_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["sim", "--devices", " , "])
    assert args.func is run_sim
    assert run_sim(args) == 2


def test_port_in_use_is_an_error(tmp_path: Path) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        parser = argparse.ArgumentParser()
        add_sim_parser(parser.add_subparsers(dest="command"))
        args = parser.parse_args(["sim", "--devices", "X", "--port", str(port)])
        assert run_sim(args) == 2


def _sim_args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_sim_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["sim", *argv])


def test_profile_options() -> None:
    from mlag_netconf.sim.harness.cli import _profile

    default = _profile(_sim_args())
    assert default.name == "ce-v300"
    assert default.limits.max_sessions == 5
    assert _profile(_sim_args("--profile", "rfc")).name == "rfc"
    tuned = _profile(_sim_args("--mlag-module", "sim-device-m-lag", "--candidate",
                               "per-session", "--max-sessions", "2", "--idle-timeout", "9"))
    assert (tuned.modules.mlag.value, tuned.candidate.value, tuned.limits.max_sessions,
            tuned.limits.idle_timeout) == ("sim-device-m-lag", "per-session", 2, 9.0)
    with pytest.raises(SystemExit):
        _sim_args("--profile", "ce-v200")


def test_module_entry_point_refuses_a_port_out_of_range() -> None:
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-m", "mlag_netconf.sim", "--devices", "A",
                          "--port", "99999"], capture_output=True, text=True, timeout=60,
                         check=False)
    assert run.returncode == 2
    assert run.stderr.startswith("--port: port-range: 99999")
    assert "Traceback" not in run.stderr
