#!/usr/bin/env python3
"""Render speed: the library's builders + rules + emitters against a hand-written lxml
loop that emits the same XML with no checks (the floor), measured in the same run.

Prints absolute times and the ratio library / baseline; no assertion on time.
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from collections.abc import Callable

from lxml import etree

from mlag_netconf import Bgp, Device, Peer, check, payload, vlanif

IFM = "urn:huawei:yang:huawei-ifm"
IP = "urn:huawei:yang:huawei-ip"
VLAN = "urn:huawei:yang:huawei-vlan"
NC = "urn:ietf:params:xml:ns:netconf:base:1.0"


def build(n: int) -> Device:
    """The typed model: 1,000 VLANIFs (each value parsed) and a BGP peer."""
    ifaces = [vlanif(v, ipv4=f"10.{v // 256}.{v % 256}.1/24", virtual_mac="0000-5e00-0101")
              for v in range(1, n + 1)]
    bgp = Bgp(asn=65001, router_id="1.1.1.1").with_peer(
        Peer("10.0.1.100", 65100, connect_interface="Vlanif1", source_address="10.0.1.1",
             families={"ipv4-unicast": True}))
    return Device("A", interfaces=ifaces, bgp=bgp)


def library(n: int) -> str:
    """Build, check every rule, render, serialise: what a user's script does."""
    return payload(build(n)).xml


def baseline(n: int) -> str:
    root = etree.Element(f"{{{NC}}}config", nsmap={None: NC})  # type: ignore[dict-item]
    vlans = etree.SubElement(etree.SubElement(root, f"{{{VLAN}}}vlan",
                                              nsmap={None: VLAN}),  # type: ignore[dict-item]
                             f"{{{VLAN}}}vlans")
    ifs = etree.SubElement(etree.SubElement(root, f"{{{IFM}}}ifm",
                                            nsmap={None: IFM}),  # type: ignore[dict-item]
                           f"{{{IFM}}}interfaces")
    for v in range(1, n + 1):
        etree.SubElement(etree.SubElement(vlans, f"{{{VLAN}}}vlan"), f"{{{VLAN}}}id").text = str(v)
        i = etree.SubElement(ifs, f"{{{IFM}}}interface")
        for tag, text in (("name", f"Vlanif{v}"), ("class", "main-interface"),
                          ("type", "Vlanif"), ("number", str(v)),
                          ("mac-address", "0000-5e00-0101")):
            etree.SubElement(i, f"{{{IFM}}}{tag}").text = text
        a = etree.SubElement(etree.SubElement(etree.SubElement(
            i, f"{{{IP}}}ipv4", nsmap={None: IP}), f"{{{IP}}}addresses"),  # type: ignore[dict-item]
            f"{{{IP}}}address")
        for tag, text in (("ip", f"10.{v // 256}.{v % 256}.1"), ("mask", "255.255.255.0"),
                          ("type", "main")):
            etree.SubElement(a, f"{{{IP}}}{tag}").text = text
    etree.indent(root)
    return etree.tostring(root, encoding="unicode")


def measure(fns: dict[str, Callable[[], object]], repeat: int
            ) -> dict[str, list[float]]:
    """Every time of each function, the runs interleaved so that load on the machine
    weighs on all of them alike (round ``i`` of each ran back to back)."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            t = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t)
    return times


def peak_mb(fn: Callable[[], object]) -> float:
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-n", type=int, default=1000, help="VLANIF interfaces")
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()
    n = args.n
    runs = measure({
        "library": lambda: library(n),
        "baseline": lambda: baseline(n),
        "build": lambda: build(n),
        "build+check": lambda: check(build(n)),
    }, args.repeat)
    t = {name: min(times) for name, times in runs.items()}
    per_round = sorted(a / b for a, b in zip(runs["library"], runs["baseline"], strict=True))
    lib_m, base_m = peak_mb(lambda: library(n)), peak_mb(lambda: baseline(n))
    ms = {k: v * 1e3 for k, v in t.items()}
    print(f"render {n} VLANIFs + BGP peer (best of {args.repeat}, runs interleaved)")
    print(f"  library (build + checks + registry + emit): {ms['library']:7.1f} ms  "
          f"peak {lib_m:5.1f} MB")
    print(f"    of which model build {ms['build']:.1f} ms, rules "
          f"{ms['build+check'] - ms['build']:.1f} ms, render + serialise "
          f"{ms['library'] - ms['build+check']:.1f} ms")
    print(f"  hand-written lxml, no checks:               {ms['baseline']:7.1f} ms  "
          f"peak {base_m:5.1f} MB (Python allocations: lxml's C tree is not counted)")
    print(f"  ratio time {t['library'] / t['baseline']:.2f}x (best / best; round by round: "
          f"median {statistics.median(per_round):.2f}x, quartiles "
          f"{per_round[len(per_round) // 4]:.2f}–{per_round[3 * len(per_round) // 4]:.2f}x), "
          f"memory {lib_m / base_m:.1f}x")


if __name__ == "__main__":
    main()
