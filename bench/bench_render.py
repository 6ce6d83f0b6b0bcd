#!/usr/bin/env python3
"""Render speed: the library's builders + rules + emitters against a hand-written lxml
loop that emits the same XML with no checks (the floor), measured in the same run.

Prints absolute times and the ratio library / baseline; no assertion on time.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from collections.abc import Callable

from lxml import etree

from mlag_netconf import Bgp, Device, Peer, payload, vlanif

IFM = "urn:huawei:yang:huawei-ifm"
IP = "urn:huawei:yang:huawei-ip"
VLAN = "urn:huawei:yang:huawei-vlan"
NC = "urn:ietf:params:xml:ns:netconf:base:1.0"


def library(n: int) -> str:
    ifaces = [vlanif(v, ipv4=f"10.{v // 256}.{v % 256}.1/24", virtual_mac="0000-5e00-0101")
              for v in range(1, n + 1)]
    bgp = Bgp(asn=65001, router_id="1.1.1.1").with_peer(
        Peer("10.0.1.100", 65100, connect_interface="Vlanif1", source_address="10.0.1.1",
             families={"ipv4-unicast": True}))
    return payload(Device("A", interfaces=ifaces, bgp=bgp)).xml


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


def measure(fn: Callable[[int], str], n: int, repeat: int) -> tuple[float, float]:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn(n)
        best = min(best, time.perf_counter() - t)
    tracemalloc.start()
    fn(n)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return best, peak / 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-n", type=int, default=1000, help="VLANIF interfaces")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    lib_t, lib_m = measure(library, args.n, args.repeat)
    base_t, base_m = measure(baseline, args.n, args.repeat)
    print(f"render {args.n} VLANIFs + BGP peer (best of {args.repeat})")
    print(f"  library (checks + registry + emit): {lib_t * 1e3:8.1f} ms  peak {lib_m:6.1f} MB")
    print(f"  hand-written lxml, no checks:       {base_t * 1e3:8.1f} ms  peak {base_m:6.1f} MB")
    print(f"  ratio time {lib_t / base_t:.1f}x, memory {lib_m / base_m:.1f}x")


if __name__ == "__main__":
    main()
