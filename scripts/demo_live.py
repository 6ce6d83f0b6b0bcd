#!/usr/bin/env python3
"""The main job against the embedded simulator: check an intent, render both members'
payloads, and push them to a simulated M-LAG pair as one unit:

lock both candidates → edit both → validate both → confirmed commit on both → read back
and compare → confirming commit on both (or discard and let the confirmed commit roll
back on any failure) → unlock.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from lxml import etree

from mlag_netconf.intent import load_intent
from mlag_netconf.render import Payload
from mlag_netconf.sim import SimulatedNetwork

NS = {"ifm": "urn:huawei:yang:huawei-ifm", "bgp": "urn:huawei:yang:huawei-bgp",
      "mnx": "urn:mlag-netconf:yang:mlag-netconf-ext", "ip": "urn:huawei:yang:huawei-ip"}


def push(managers: dict[str, Any], payloads: dict[str, Payload]) -> None:
    locked: list[str] = []
    try:
        for name, m in managers.items():
            m.lock("candidate")
            locked.append(name)
        for name, m in managers.items():
            m.edit_config(target="candidate", config=payloads[name].element())
            m.validate(source="candidate")
        for m in managers.values():
            m.commit(confirmed=True, timeout="120")
        for name, m in managers.items():
            running = m.get_config("running").data_ele
            check(name, running, payloads[name])
        for m in managers.values():
            m.commit()
    except Exception:
        for name in locked:
            managers[name].discard_changes()
        raise
    finally:
        for name in locked:
            managers[name].unlock("candidate")


def check(name: str, running: Any, payload: Payload) -> None:
    want = payload.element()
    for path in ("//ifm:interface/ifm:name", "//mnx:m-lag-ipv4/mnx:ip", "//bgp:peer/bgp:address"):
        expected = {str(t) for t in want.xpath(path + "/text()", namespaces=NS)}  # type: ignore[union-attr]
        got = {str(t) for t in running.xpath(path + "/text()", namespaces=NS)}
        if not expected <= got:
            raise RuntimeError(f"{name}: {path}: expected {expected}, running has {got}")


def main(intent_file: str) -> int:
    intent = load_intent(intent_file)
    payloads = intent.payloads()
    for p in payloads.values():
        p.validate()
    print(f"intent {intent_file}: {', '.join(payloads)} checked and rendered")
    with SimulatedNetwork(list(payloads)) as net:
        managers = {name: net.devices[name].connect() for name in payloads}
        try:
            t = time.perf_counter()
            push(managers, payloads)
            took = (time.perf_counter() - t) * 1e3
            print(f"pushed to {len(managers)} simulated devices as one unit in {took:.0f} ms")
            for name, m in managers.items():
                running = m.get_config("running").data_ele
                peers = running.xpath("//bgp:peer", namespaces=NS)
                mlag = running.xpath("//mnx:m-lag-ipv4/mnx:ip/text()", namespaces=NS)
                print(f"  {name}: M-LAG IPv4 {', '.join(mlag) or '-'}; BGP peers:")
                for peer in peers:
                    addr = peer.findtext("bgp:address", namespaces=NS)
                    src = peer.findtext("bgp:local-if-address", namespaces=NS)
                    afs = [a.text for a in peer.xpath("bgp:afs/bgp:af/bgp:type", namespaces=NS)]
                    print(f"    {addr} from {src} families {', '.join(afs)}")
            first = next(iter(payloads))
            print(f"\n{first} running configuration, interfaces (excerpt):")
            ifm = managers[first].get_config("running").data_ele.find("ifm:ifm", namespaces=NS)
            etree.indent(ifm)
            print(etree.tostring(ifm, encoding="unicode")[:1200])
        finally:
            for m in managers.values():
                m.close_session()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "examples/bgp-over-mlag.yaml"))
