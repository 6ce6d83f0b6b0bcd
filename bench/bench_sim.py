#!/usr/bin/env python3
"""Latency and capacity of the embedded NETCONF simulator. Prints numbers, asserts nothing.

1. ncclient (as any client): connect, and a lock/edit/commit/unlock cycle on one
   session, at ncclient's default TICK (0.1 s) and at small TICKs (ncclient polls its
   send queue every TICK, so each synchronous RPC can wait up to one TICK); then the
   same through ``SimulatedDevice.connect``, whose socket has TCP_NODELAY (paramiko's
   own does not, and Nagle + delayed ACK cost ~80 ms per connect);
2. a raw asyncssh client without any polling delay: the same connect and cycle;
3. 100 concurrent sessions, each doing hello, get-config, edit-config, close: through
   raw asyncssh sessions, then through 100 ncclient Managers in threads.

The simulator is loaded with the conformance test module (``tests/conformance/yang``)
when present, so the numbers compare with ``bench_netconfd.py`` (same edit, same
methodology via ``netconf_cycle.py``); else with the simulator's own test module.

    python3 bench/bench_sim.py [--cycles N] [--sessions N] [--netconfd]

(Run it from the repository root with ``PYTHONPATH=.`` to measure the working tree
rather than whichever copy of mlag_netconf is installed.)
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import asyncssh
import ncclient.transport.session as nc_session

from mlag_netconf.sim import SimulatedDevice, SimulatedNetwork

ROOT = Path(__file__).resolve().parents[1]
CONF_YANG = ROOT / "tests" / "conformance" / "yang"
SIM_YANG = ROOT / "tests" / "sim" / "yang"
NC = "urn:ietf:params:xml:ns:netconf:base:1.0"
EOM = b"]]>]]>"


def edit_for(yang: Path) -> Callable[[int], str]:
    """An edit that changes running on every cycle, for the module loaded."""
    if yang == CONF_YANG:
        ns, leaf = "urn:mlag-netconf:test:conf-test", "label"
    else:
        ns, leaf = "urn:mlag-netconf:test:sim-test", "name"
    return lambda i: (f'<config xmlns="{NC}"><top xmlns="{ns}"><{leaf}>b{i}</{leaf}></top>'
                      "</config>")


def ms(seconds: list[float]) -> str:
    values = sorted(s * 1000 for s in seconds)
    p90 = values[min(len(values) - 1, round(0.9 * (len(values) - 1)))]
    return f"median {statistics.median(values):7.2f} ms  p90 {p90:7.2f} ms  (n={len(values)})"


# ----------------------------------------------------------------------------- ncclient
def ncclient_rows(device: SimulatedDevice, edit: Callable[[int], str], cycles: int,
                  ticks: list[float], netconfd: bool) -> None:
    """The shared methodology of ``netconf_cycle.py``, next to netconfd's when it runs."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    try:
        from netconf_cycle import Target, measure, print_table
    except ImportError:
        print("(bench/netconf_cycle.py not found: ncclient part skipped)")
        return
    target = Target("sim", device.host, device.port, device.username, device.password,
                    device.host_key.split()[1], edit=edit)
    rows = [measure(target, tick=t, cycles=cycles) for t in ticks]
    if netconfd:
        rows += netconfd_rows(cycles, ticks)
    print_table(rows)


def netconfd_rows(cycles: int, ticks: list[float]) -> list[Any]:
    """The same measures on netconfd (root + installed), via ``bench_netconfd.py``."""
    import os
    import shutil
    import subprocess
    import tempfile

    from bench_netconfd import SCRIPTS, start
    from netconf_cycle import measure

    if os.geteuid() != 0 or not os.access("/usr/sbin/netconfd", os.X_OK):
        print("(netconfd not measured: needs root and scripts/netconfd/install)")
        return []
    nc_dir = Path(tempfile.mkdtemp(prefix="mlag-netconfd-bench-", dir="/tmp"))
    nc_dir.chmod(0o755)
    try:
        target, _ = start(nc_dir)
        return [measure(target, tick=t, cycles=cycles) for t in ticks]
    except RuntimeError as exc:
        print(f"(netconfd not measured: {exc})")
        return []
    finally:
        subprocess.run([str(SCRIPTS / "stop")], env=dict(os.environ, NC_DIR=str(nc_dir)),
                       capture_output=True, check=False)
        shutil.rmtree(nc_dir, ignore_errors=True)


def ncclient_nodelay(device: SimulatedDevice, edit: Callable[[int], str], cycles: int,
                     tick: float) -> None:
    """ncclient through ``SimulatedDevice.connect`` (TCP_NODELAY socket, known_hosts)."""
    saved = nc_session.TICK
    nc_session.TICK = tick
    try:
        connects = []
        for _ in range(10):
            start = time.perf_counter()
            mgr = device.connect()
            connects.append(time.perf_counter() - start)
            mgr.close_session()
        totals = []
        with device.connect() as mgr:
            for i in range(cycles + 5):
                start = time.perf_counter()
                mgr.lock("candidate")
                mgr.edit_config(target="candidate", config=edit(i))
                mgr.commit()
                mgr.unlock("candidate")
                if i >= 5:
                    totals.append(time.perf_counter() - start)
    finally:
        nc_session.TICK = saved
    print(f"ncclient + TCP_NODELAY, TICK {tick}: connect {ms(connects)}")
    print(f"ncclient + TCP_NODELAY, TICK {tick}: cycle   {ms(totals)}")


# ----------------------------------------------------------------------------- raw client
class Raw:
    """A NETCONF 1.1 client on asyncssh: no polling anywhere."""

    def __init__(self, conn: Any, proc: Any) -> None:
        self.conn, self.proc = conn, proc
        self.buffer = b""
        self.ids = 0

    @classmethod
    async def open(cls, device: SimulatedDevice) -> Raw:
        conn = await asyncssh.connect(device.host, device.port, username=device.username,
                                      password=device.password,
                                      known_hosts=str(device.known_hosts), client_keys=None)
        proc = await conn.create_process(subsystem="netconf", encoding=None)
        raw = cls(conn, proc)
        while EOM not in raw.buffer:
            raw.buffer += await proc.stdout.read(65536)
        raw.buffer = raw.buffer.split(EOM, 1)[1]
        proc.stdin.write(f'<hello xmlns="{NC}"><capabilities><capability>'
                         "urn:ietf:params:netconf:base:1.1</capability></capabilities>"
                         "</hello>".encode() + EOM)
        return raw

    async def call(self, body: str) -> bytes:
        self.ids += 1
        message = f'<rpc xmlns="{NC}" message-id="{self.ids}">{body}</rpc>'.encode()
        self.proc.stdin.write(b"\n#%d\n%s\n##\n" % (len(message), message))
        reply = await self._read()
        if b"<rpc-error" in reply:
            raise RuntimeError(reply.decode())
        return reply

    async def _read(self) -> bytes:
        body = b""
        while True:
            match = re.match(rb"\n#(\d+|#)\n", self.buffer)
            if match is None:
                self.buffer += await self.proc.stdout.read(65536)
                continue
            if match.group(1) == b"#":
                self.buffer = self.buffer[match.end():]
                return body
            end = match.end() + int(match.group(1))
            while len(self.buffer) < end:
                self.buffer += await self.proc.stdout.read(65536)
            body += self.buffer[match.end():end]
            self.buffer = self.buffer[end:]

    async def close(self) -> None:
        await self.call("<close-session/>")
        self.conn.close()
        await self.conn.wait_closed()


def cycle_bodies(edit: str) -> list[str]:
    target = "<target><candidate/></target>"
    return [f"<lock>{target}</lock>",
            f"<edit-config>{target}{edit}</edit-config>",
            "<commit/>", f"<unlock>{target}</unlock>"]


async def raw_bench(device: SimulatedDevice, edit: Callable[[int], str], cycles: int) -> None:
    connects = []
    for _ in range(10):
        start = time.perf_counter()
        raw = await Raw.open(device)
        await raw.call("<get-config><source><running/></source></get-config>")
        connects.append(time.perf_counter() - start)
        await raw.close()
    raw = await Raw.open(device)
    totals = []
    for i in range(cycles + 5):
        start = time.perf_counter()
        for body in cycle_bodies(edit(i)):
            await raw.call(body)
        if i >= 5:
            totals.append(time.perf_counter() - start)
    await raw.close()
    print(f"raw asyncssh connect (SSH + auth + hello + 1 get-config): {ms(connects)}")
    print(f"raw asyncssh lock/edit/commit/unlock cycle:                {ms(totals)}")


async def raw_concurrent(device: SimulatedDevice, edit: Callable[[int], str], n: int) -> None:
    async def one(i: int) -> None:
        raw = await Raw.open(device)
        await raw.call("<get-config><source><running/></source></get-config>")
        await raw.call(f"<edit-config><target><candidate/></target>{edit(i)}</edit-config>")
        await raw.close()

    start = time.perf_counter()
    results = await asyncio.gather(*(one(i) for i in range(n)), return_exceptions=True)
    took = time.perf_counter() - start
    errors = [r for r in results if isinstance(r, BaseException)]
    print(f"{n} concurrent raw sessions: {n - len(errors)} ok, {len(errors)} errors, "
          f"{took * 1000:.0f} ms in all")
    for err in errors[:3]:
        print(f"  error: {err!r}")


def ncclient_concurrent(device: SimulatedDevice, edit: Callable[[int], str], n: int) -> None:
    def one(i: int) -> None:
        with device.connect(timeout=60) as m:
            m.get_config("running")
            m.edit_config(target="candidate", config=edit(i))

    saved = nc_session.TICK
    nc_session.TICK = 0.005
    start = time.perf_counter()
    try:
        with ThreadPoolExecutor(max_workers=n) as pool:
            futures = [pool.submit(one, i) for i in range(n)]
            errors = [f.exception() for f in futures if f.exception() is not None]
    finally:
        nc_session.TICK = saved
    took = time.perf_counter() - start
    print(f"{n} concurrent ncclient sessions (threads, TICK 0.005): {n - len(errors)} ok, "
          f"{len(errors)} errors, {took * 1000:.0f} ms in all")
    for err in errors[:3]:
        print(f"  error: {err!r}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=50)
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument("--ticks", default="0.1,0.005,0.001")
    parser.add_argument("--netconfd", action="store_true",
                        help="also measure netconfd (root, scripts/netconfd/install)")
    args = parser.parse_args()
    yang = CONF_YANG if CONF_YANG.is_dir() else SIM_YANG
    edit = edit_for(yang)
    start = time.perf_counter()
    # the strict RFC profile: the engine is measured (and 100 sessions exceed a CE's 5)
    with SimulatedNetwork(["bench"], yang_dir=yang, profile="rfc") as net:
        print(f"simulator started in {(time.perf_counter() - start) * 1000:.0f} ms "
              f"(schema {yang.relative_to(ROOT)})\n")
        device = net["bench"]
        ncclient_rows(device, edit, args.cycles, [float(t) for t in args.ticks.split(",")],
                      args.netconfd and yang == CONF_YANG)
        print()
        for tick in (0.1, 0.001):
            ncclient_nodelay(device, edit, args.cycles, tick)
        print()
        asyncio.run(raw_bench(device, edit, args.cycles))
        print()
        asyncio.run(raw_concurrent(device, edit, args.sessions))
        ncclient_concurrent(device, edit, args.sessions)
    return 0


if __name__ == "__main__":
    sys.exit(main())
