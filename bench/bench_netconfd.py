#!/usr/bin/env python3
"""netconfd latency through ncclient: connect, and a lock/edit/commit/unlock cycle.

Starts a private netconfd (``scripts/netconfd/start``, root) loaded with the conformance
test module on a free port, measures at ncclient's default TICK (0.1 s) and at a small
TICKs (and, below the default one, with a TCP_NODELAY socket handed to ncclient), prints
the numbers, stops it. When netconfd cannot be started (not root, not
installed) it says so and exits 0: benchmarks never fail on their environment.

    python3 bench/bench_netconfd.py [--cycles N] [--ticks 0.1,0.005,0.001]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from netconf_cycle import DEFAULT_TICK, Result, Target, measure, print_table

from mlag_netconf.sim import free_ports

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "scripts" / "netconfd"
YANG_DIR = ROOT / "tests" / "conformance" / "yang"


def start(nc_dir: Path) -> tuple[Target, float]:
    """Start netconfd; return the target and the start time (script run) in seconds."""
    env = dict(os.environ, NC_DIR=str(nc_dir), NC_PORT=str(free_ports()),
               NC_MODPATH=str(YANG_DIR), NC_STARTUP="")
    began = time.perf_counter()
    proc = subprocess.run([str(SCRIPTS / "start"), "--module=conf-test"], env=env,
                          capture_output=True, text=True, check=False)
    took = time.perf_counter() - began
    if proc.returncode != 0:
        raise RuntimeError((proc.stdout + proc.stderr).strip())
    conn = dict(line.split("=", 1) for line in
                (nc_dir / "connection.env").read_text().splitlines() if "=" in line)
    return Target("netconfd", conn["NC_HOST"], int(conn["NC_PORT"]), conn["NC_USER"],
                  conn["NC_PASS"], conn["NC_HOSTKEY_B64"]), took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=20)
    parser.add_argument("--ticks", default=f"{DEFAULT_TICK},0.005,0.001",
                        help="comma-separated ncclient TICK values (s)")
    args = parser.parse_args()
    if os.geteuid() != 0 or not os.access("/usr/sbin/netconfd", os.X_OK):
        print("netconfd bench skipped: needs root and netconfd (scripts/netconfd/install)")
        return 0
    nc_dir = Path(tempfile.mkdtemp(prefix="mlag-netconfd-bench-", dir="/tmp"))
    nc_dir.chmod(0o755)
    try:
        target, took = start(nc_dir)
        print(f"netconfd started by scripts/netconfd/start in {took * 1000:.0f} ms "
              f"(127.0.0.1:{target.port})")
        ticks = [float(t) for t in args.ticks.split(",")]
        results: list[Result] = [measure(target, tick=t, cycles=args.cycles) for t in ticks]
        fast = replace(target, nodelay=True)
        results += [measure(fast, tick=t, cycles=args.cycles) for t in ticks[1:]]
        print_table(results)
    except RuntimeError as exc:
        print(f"netconfd bench skipped: {exc}", file=sys.stderr)
        return 0
    finally:
        subprocess.run([str(SCRIPTS / "stop")], env=dict(os.environ, NC_DIR=str(nc_dir)),
                       capture_output=True, check=False)
        shutil.rmtree(nc_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
