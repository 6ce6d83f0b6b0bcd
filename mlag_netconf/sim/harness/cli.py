"""``mlag-netconf sim``: run simulated CloudEngine switches until SIGINT/SIGTERM.

The lead's CLI wires :func:`add_sim_parser`/:func:`run_sim`; ``python -m
mlag_netconf.sim`` runs the same without it.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

from mlag_netconf.errors import MlagNetconfError
from mlag_netconf.inventory import Inventory
from mlag_netconf.sim.harness.network import SimulatedNetwork
from mlag_netconf.sim.harness.profiles import CE_V300, DEFAULT_PROFILE, PROFILE_NAMES, Profile
from mlag_netconf.sim.huawei import MlagModule
from mlag_netconf.sim.protocol.store import CandidateMode

EXIT_OK = 0
EXIT_ERROR = 2


def add_sim_parser(subparsers: Any,
                   help: str = "run simulated CloudEngine switches") -> None:
    """Add the ``sim`` command to an ``argparse`` subparsers object."""
    parser = subparsers.add_parser(
        "sim", help=help, description="Run simulated CloudEngine switches until "
                                      "SIGINT/SIGTERM.")
    configure_parser(parser)


def configure_parser(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--devices", default="DeviceA,DeviceB",
                        help="comma-separated device names (default: DeviceA,DeviceB)")
    parser.add_argument("--port", type=int, default=0,
                        help="first port; the next devices take the following ones "
                             "(default: free ports)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--yang", default=None, help="YANG folder (default: the project's)")
    parser.add_argument("--profile", choices=PROFILE_NAMES, default=DEFAULT_PROFILE,
                        help="ce-v300: a CloudEngine V300 (default); rfc: a strict "
                             "RFC 6241 server")
    parser.add_argument("--mlag-module", choices=[m.value for m in MlagModule], default=None,
                        help="ce-v300: the module holding the M-LAG addresses (default "
                             "mlag-netconf-ext; sim-device-m-lag is a test-only stand-in "
                             "for a device's own module)")
    parser.add_argument("--candidate", choices=[m.value for m in CandidateMode], default=None,
                        help="ce-v300: one shared candidate (default) or one per session")
    parser.add_argument("--max-sessions", type=int, default=None,
                        help="ce-v300: sessions per device (default 5)")
    parser.add_argument("--idle-timeout", type=float, default=None,
                        help="ce-v300: seconds before an idle session is closed "
                             "(default 600)")
    parser.add_argument("--inventory-out", default=None,
                        help="write the inventory YAML here (host, port, credentials, "
                             "known_hosts)")
    parser.add_argument("--state-dir", default=None,
                        help="folder for known_hosts, ssh_config and the client key "
                             "(default: beside --inventory-out, else a temporary folder)")
    parser.add_argument("--username", default="admin")
    parser.add_argument("--password", default=None, help="default: a random one")
    parser.set_defaults(func=run_sim)


def run_sim(args: argparse.Namespace) -> int:
    """Start the devices, write the inventory, print a table, serve until a signal."""
    names = [n.strip() for n in str(args.devices).split(",") if n.strip()]
    if not names:
        print("error: --devices: no device name", file=sys.stderr)
        return EXIT_ERROR
    stop = threading.Event()
    previous = _trap_signals(stop)
    try:
        with SimulatedNetwork(names, yang_dir=args.yang, host=args.host, port=args.port,
                              username=args.username, password=args.password,
                              state_dir=_state_dir(args), profile=_profile(args)) as net:
            inventory = net.inventory
            if args.inventory_out:
                _write_atomically(inventory, Path(args.inventory_out))
            print_table(inventory, sys.stdout, args.inventory_out)
            while not stop.wait(0.5):
                pass
    except (MlagNetconfError, OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        _restore_signals(previous)
    print("simulator stopped", flush=True)
    return EXIT_OK


def _profile(args: argparse.Namespace) -> Profile:
    """The profile named by ``--profile``, with the ce-v300 options applied."""
    name = getattr(args, "profile", None) or DEFAULT_PROFILE
    if name != CE_V300:
        return Profile.resolve(name)
    options: dict[str, Any] = {}
    if getattr(args, "mlag_module", None):
        options["mlag"] = args.mlag_module
    if getattr(args, "candidate", None):
        options["candidate"] = args.candidate
    if getattr(args, "max_sessions", None) is not None:
        options["max_sessions"] = args.max_sessions
    if getattr(args, "idle_timeout", None) is not None:
        options["idle_timeout"] = args.idle_timeout
    return Profile.ce_v300(**options)


def _state_dir(args: argparse.Namespace) -> Path | None:
    if args.state_dir:
        return Path(args.state_dir)
    if args.inventory_out:
        out = Path(args.inventory_out).resolve()
        return out.parent / f"{out.stem}.sim"
    return None


def _write_atomically(inventory: Inventory, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    os.close(fd)
    inventory.write(tmp)
    os.replace(tmp, target)


def print_table(inventory: Inventory, out: TextIO, inventory_file: str | None) -> None:
    rows = [("DEVICE", "HOST", "PORT", "USERNAME", "PASSWORD")]
    rows += [(d.name, d.host, str(d.port), d.username, d.password or "") for d in inventory]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        out.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() + "\n")
    out.write(f"known_hosts: {inventory.known_hosts}\n")
    if inventory_file:
        out.write(f"inventory: {inventory_file}\n")
    out.write("serving until SIGINT/SIGTERM\n")
    out.flush()


_Handler = Any


def _trap_signals(stop: threading.Event) -> dict[int, _Handler]:
    def handler(signum: int, frame: FrameType | None) -> None:
        del signum, frame
        stop.set()

    previous: dict[int, _Handler] = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous[sig] = signal.signal(sig, handler)
    return previous


def _restore_signals(previous: dict[int, _Handler]) -> None:
    for sig, handler in previous.items():
        signal.signal(sig, handler)


def port_error(args: argparse.Namespace) -> str | None:
    """``--port: port-range: ...`` when ``--port`` leaves no TCP port for every device."""
    count = len([n for n in str(args.devices).split(",") if n.strip()])
    if 0 <= args.port <= 65535 - max(count - 1, 0):
        return None
    return (f"--port: port-range: {args.port} is not a TCP port for {count} device(s) "
            f"(0 for free ports, else 1..{65536 - max(count, 1)})")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mlag_netconf.sim",
                                     description="Run simulated CloudEngine switches.")
    configure_parser(parser)
    args = parser.parse_args(argv)
    problem = port_error(args)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    return run_sim(args)
