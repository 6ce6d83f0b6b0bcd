#!/usr/bin/env python3
"""Payload validation speed, per validator backend, against lxml parsing (the floor:
reading the XML at all) measured in the same run.

For each backend (``yangson``: pure Python, always there; ``libyang``: the optional
``mlag-netconf[fast]`` gate in front of it, same findings) it prints:

- ``Payload.validate()`` of one device payload, end to end (the bgp-over-mlag example's
  DeviceA: check the edit, merge onto the device baseline, validate the whole);
- ``Schema.check_edit`` of a payload with N VLANIFs + a BGP peer (names, keys, types);
- ``Schema.validate`` of the candidate datastore of that payload (every YANG check,
  every error collected);
- the ratios against lxml parsing the datastore's text.

Targets (issue 8, on the project's 2-core machine where lxml parses the 57 kB datastore
in 1.1 ms): one device payload <= 5 ms, the 50-VLANIF datastore <= 20 ms, i.e. about
4.5x and 18x the lxml parse. No assertion on time: read the numbers.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from mlag_netconf import Bgp, Device, Peer, payload, vlanif
from mlag_netconf.errors import SchemaError
from mlag_netconf.intent import load_intent
from mlag_netconf.render.check import candidate_for
from mlag_netconf.schema import Schema

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "bgp-over-mlag.yaml"


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
    fn()  # warm caches (schema-node lookups, compiled patterns)
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-n", type=int, default=50, help="VLANIF interfaces")
    ap.add_argument("--repeat", type=int, default=10)
    args = ap.parse_args()

    one = load_intent(EXAMPLE).payloads()["DeviceA"]
    rendered = payload(device(args.n))
    edit = rendered.element()
    doc = candidate_for(Schema.load(backend="yangson"), edit)
    text = etree.tostring(doc)
    parse = best(lambda: etree.fromstring(text), args.repeat)
    print(f"validation: one device payload ({EXAMPLE.name} DeviceA) and a datastore with "
          f"{args.n} VLANIFs + BGP peer ({len(text) / 1e3:.0f} kB), best of {args.repeat}")
    print(f"  lxml parse of the datastore (baseline): {parse * 1e3:7.2f} ms")
    print(f"  {'backend':8} {'load':>8} {'Payload.validate':>17} {'check_edit':>11} "
          f"{'validate':>9}   ratios to lxml parse")
    for backend in ("yangson", "libyang"):
        Schema.clear_cache()
        t = time.perf_counter()
        try:
            schema = Schema.load(backend=backend)
        except SchemaError as exc:
            print(f"  {backend:8} not available ({exc}); pip install 'mlag-netconf[fast]'")
            continue
        load = time.perf_counter() - t
        if schema.validate(doc) or schema.check_edit(edit):
            raise SystemExit(f"the benchmark documents are invalid ({backend})")
        p1 = best(lambda s=schema: one.validate(s), args.repeat)  # type: ignore[misc]
        ce = best(lambda s=schema: s.check_edit(edit), args.repeat)  # type: ignore[misc]
        full = best(lambda s=schema: s.validate(doc), args.repeat)  # type: ignore[misc]
        print(f"  {backend:8} {load * 1e3:6.0f} ms {p1 * 1e3:14.2f} ms {ce * 1e3:8.2f} ms "
              f"{full * 1e3:6.2f} ms   payload {p1 / parse:.1f}x, check_edit "
              f"{ce / parse:.1f}x, validate {full / parse:.1f}x")


if __name__ == "__main__":
    main()
