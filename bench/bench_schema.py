#!/usr/bin/env python3
"""Payload validation speed: ``Schema.validate`` (every YANG check, all errors collected)
on a candidate datastore of N interfaces, against lxml parsing the same document (the
floor: reading the XML at all) and ``Schema.check_edit`` (names, keys, types only),
measured in the same run.

Prints absolute times and the ratios; no assertion on time.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from lxml import etree

from mlag_netconf import Bgp, Device, Peer, payload, vlanif
from mlag_netconf.render.check import candidate_for
from mlag_netconf.schema import Schema


def device(n: int) -> Device:
    ifaces = [vlanif(100 + v, ipv4=f"10.{v // 256}.{v % 256}.1/24", ipv6_enable=True,
                     ipv6=[f"2001:db8:{v:x}::1/64"], virtual_mac="0000-5e00-0101",
                     route_proxy_arp=True, nd_na_glean=True)
              for v in range(n)]
    bgp = Bgp(asn=65001, router_id="1.1.1.1").with_peer(
        Peer("10.0.0.100", 65100, connect_interface="Vlanif100", source_address="10.0.0.1",
             families={"ipv4-unicast": True}))
    return Device("A", interfaces=ifaces, bgp=bgp)


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-n", type=int, default=50, help="VLANIF interfaces")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    t = time.perf_counter()
    schema = Schema.load()
    load = time.perf_counter() - t
    rendered = payload(device(args.n))
    doc = candidate_for(schema, rendered.element())
    text = etree.tostring(doc)
    issues = schema.validate(doc)
    if issues:
        raise SystemExit(f"the benchmark datastore is invalid: {issues[0]}")
    full = best(lambda: schema.validate(doc), args.repeat)
    edit = best(lambda: schema.check_edit(rendered.element()), args.repeat)
    parse = best(lambda: etree.fromstring(text), args.repeat)
    print(f"validate a datastore with {args.n} VLANIFs + BGP peer "
          f"({len(text) / 1e3:.0f} kB, best of {args.repeat}; schema load {load * 1e3:.0f} ms)")
    print(f"  Schema.validate (full YANG):      {full * 1e3:8.1f} ms")
    print(f"  Schema.check_edit (payload only): {edit * 1e3:8.1f} ms")
    print(f"  lxml parse of the same document:  {parse * 1e3:8.1f} ms")
    print(f"  ratio validate/parse {full / parse:.0f}x, check_edit/parse {edit / parse:.0f}x")


if __name__ == "__main__":
    main()
