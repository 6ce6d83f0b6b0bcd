"""The pair transaction and fleets of pairs on simulated devices.

Measured in one run (medians; nothing asserts on time, read the ratios):

1. the baseline: one device's whole ``apply`` of the BGP-over-M-LAG example (snapshot,
   lock, discard, edit, validate, confirmed commit, read-back, confirm, unlock), undone
   between samples;
2. the pair transaction (``apply_all`` on DeviceA and DeviceB) — target ≤ 50 ms — and its
   ratio to the baseline (the phases run both devices in parallel threads);
3. ``apply_many`` over 10 / 50 / 100 devices (5 / 25 / 50 pairs) — target: 100 devices in
   ≤ 10 s on a 2-core machine — with the cost per device and its ratio to the baseline
   (the cost curve over N), the simulated network either in this process (its event loop
   thread competes with the client's threads for the GIL) or in a subprocess started with
   ``mlag-netconf sim --inventory-out`` (``--where``);
4. threads against asyncio for the fleet: the same jobs through ``apply_many`` (a thread
   pool) and through ``asyncio.gather`` of ``asyncio.to_thread`` jobs bounded by a
   semaphore, and a sweep over ``concurrency``.

    python bench/bench_pair.py [--n 15] [--where both|inprocess|subprocess] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from mlag_netconf import Intent, Payload, load_intent, loads_intent
from mlag_netconf.inventory import Inventory
from mlag_netconf.netconf import apply, connect, undo
from mlag_netconf.netconf.fleet import apply_many
from mlag_netconf.netconf.pair import apply_all, undo_all
from mlag_netconf.sim import SimulatedNetwork

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "bgp-over-mlag.yaml"
SIZES = (10, 50, 100)


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:8.1f} ms"


def fleet(pairs: int) -> dict[str, Intent]:
    """``pairs`` copies of the example, members renamed Pod<i>A / Pod<i>B, the user side
    Pod<i>C (not simulated: left out, so each job is its pair, as before)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    return {f"pod{i}": loads_intent(text.replace("DeviceA", f"Pod{i}A")
                                    .replace("DeviceB", f"Pod{i}B")
                                    .replace("DeviceC", f"Pod{i}C")) for i in range(pairs)}


def names(pairs: int) -> list[str]:
    return [f"Pod{i}{m}" for i in range(pairs) for m in "AB"]


def median_of(n: int, do: Callable[[], object], reset: Callable[[], object]) -> float:
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        do()
        samples.append(time.perf_counter() - start)
        reset()
    return statistics.median(samples)


# --------------------------------------------------------------------------- networks
@contextmanager
def in_process(devices: list[str]) -> Iterator[Inventory]:
    with SimulatedNetwork(devices) as net:
        yield net.inventory


@contextmanager
def in_subprocess(devices: list[str]) -> Iterator[Inventory]:
    """``mlag-netconf sim`` in its own process; the inventory it writes."""
    folder = Path(tempfile.mkdtemp(prefix="bench-pair-"))
    out = folder / "inventory.yaml"
    proc = subprocess.Popen(
        [sys.executable, "-m", "mlag_netconf.sim", "--devices", ",".join(devices),
         "--inventory-out", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        deadline = time.monotonic() + 120
        while not out.exists():
            if proc.poll() is not None or time.monotonic() > deadline:
                err = proc.stderr.read().decode() if proc.stderr else ""
                raise SystemExit(f"the simulator did not start: {err}")
            time.sleep(0.05)
        yield Inventory.load(out)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


NETWORKS = {"inprocess": in_process, "subprocess": in_subprocess}


# --------------------------------------------------------------------------- measures
def baseline(inv: Inventory, payloads: Mapping[str, Payload], n: int) -> float:
    """One device's apply (median), undone between samples."""
    p = payloads["DeviceA"]
    with connect(inv["DeviceA"]) as s:
        return median_of(n, lambda: apply(s, p), lambda: undo(s, p))


def baseline_session(inv: Inventory, payloads: Mapping[str, Payload], n: int) -> float:
    """One device's connect + apply + close (what the pair transaction does per device)."""
    p = payloads["DeviceA"]

    def once() -> None:
        with connect(inv["DeviceA"]) as s:
            apply(s, p)

    def back() -> None:
        with connect(inv["DeviceA"]) as s:
            undo(s, p)

    return median_of(n, once, back)


def pair(inv: Inventory, payloads: Mapping[str, Payload], n: int) -> float:
    return median_of(n, lambda: apply_all(payloads, inv),
                     lambda: undo_all(payloads, inv))


def with_asyncio(jobs: Mapping[str, Intent], inv: Inventory, concurrency: int) -> float:
    """The same jobs as apply_many, scheduled by an event loop (to_thread + semaphore)."""
    async def main() -> None:
        gate = asyncio.Semaphore(concurrency)

        async def one(intent: Intent) -> None:
            async with gate:
                await asyncio.to_thread(apply_all, intent.payloads(), inv)

        await asyncio.gather(*(one(i) for i in jobs.values()))

    start = time.perf_counter()
    asyncio.run(main())
    return time.perf_counter() - start


def fleet_run(jobs: Mapping[str, Intent], inv: Inventory, concurrency: int) -> float:
    result = apply_many(jobs, inv, concurrency=concurrency)
    if not result.ok:
        raise SystemExit(result.summary())
    return result.seconds


def reset(jobs: Mapping[str, Intent], inv: Inventory) -> None:
    apply_many(jobs, inv, concurrency=8, undo=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=15, help="samples for the single measures")
    ap.add_argument("--where", choices=["both", *NETWORKS], default="both")
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--quick", action="store_true", help="10 and 50 devices only")
    args = ap.parse_args()
    wheres = list(NETWORKS) if args.where == "both" else [args.where]
    sizes = SIZES[:2] if args.quick else SIZES
    payloads = load_intent(EXAMPLE).payloads()
    print(f"{os.cpu_count()} CPUs; medians of {args.n}; fleets at concurrency "
          f"{args.concurrency}")
    for where in wheres:
        network = NETWORKS[where]
        print(f"\n-- simulated network {where}")
        with network(["DeviceA", "DeviceB"]) as inv:
            base = baseline(inv, payloads, args.n)
            whole = baseline_session(inv, payloads, args.n)
            both = pair(inv, payloads, args.n)
        print(f"one device's apply (baseline)   {ms(base)}")
        print(f"one device, connect+apply+close {ms(whole)}   {whole / base:5.2f}x baseline")
        print(f"pair transaction (2 devices)    {ms(both)}   {both / base:5.2f}x baseline, "
              f"{both / whole:4.2f}x connect+apply+close   (target ≤ 50 ms)")
        print(f"{'devices':>8} {'pairs':>6} {'total':>10} {'per device':>12} "
              f"{'x baseline/device':>18}")
        for size in sizes:
            jobs = fleet(size // 2)
            with network(names(size // 2)) as inv:
                total = fleet_run(jobs, inv, args.concurrency)
            per = total / size
            print(f"{size:>8} {size // 2:>6} {total:>9.2f}s {ms(per):>12} "
                  f"{per / base:>17.2f}x" + ("   (target ≤ 10 s)" if size == 100 else ""))
        jobs = fleet(25)
        with network(names(25)) as inv:
            print("50 devices: threads (apply_many) against asyncio (to_thread + semaphore)")
            for c in (1, 4, 8, 16):
                t = fleet_run(jobs, inv, c)
                reset(jobs, inv)
                a = with_asyncio(jobs, inv, c)
                reset(jobs, inv)
                print(f"  concurrency {c:>2}: threads {t:6.2f} s   asyncio {a:6.2f} s   "
                      f"asyncio/threads {a / t:5.2f}x")


if __name__ == "__main__":
    main()
