"""netconfd only: the public Huawei VRP8 modules (8.22.0) accept the vendor payloads.

netconfd is loaded with the vendor set through ``scripts/netconfd/yuma-compat.py`` (two
yuma123 bugs worked around, the set's own ``ietf-*`` left out) and started with
``scripts/netconfd/hw-baseline.xml`` (the ``_public_`` instance and its families, which a
device creates itself). A VLANIF with its VLAN, MAC and IPv4 address, BGP with a router-id
and a peer sourced from the VLANIF, enabled in ipv4uni, then commits on a real server.

Payload rules from NETCONFD.md: the peer's family entry carries its empty
``<ipv4-unicast/>`` container (bug 6), nothing is removed in the same edit that creates
its parent (bug 5). Skipped when ``../shared/huawei-yang/8.22.0`` is absent.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from lxml import etree

from .harness import Server, Session, expect_error, expect_ok
from .netconfd import VENDOR_DIR, VENDOR_MODULES, vendor_netconfds

pytestmark = [pytest.mark.netconfd, pytest.mark.slow]


NC = "urn:ietf:params:xml:ns:netconf:base:1.0"
IFM = "urn:huawei:yang:huawei-ifm"
IP = "urn:huawei:yang:huawei-ip"
VLAN = "urn:huawei:yang:huawei-vlan"
BGP = "urn:huawei:yang:huawei-bgp"
NI = "urn:huawei:yang:huawei-network-instance"

VLANIF = f"""
  <vlan xmlns="{VLAN}"><vlans><vlan><id>100</id></vlan></vlans></vlan>
  <ifm xmlns="{IFM}"><interfaces><interface>
    <name>Vlanif100</name><class>main-interface</class><type>Vlanif</type><number>100</number>
    <mac-address>0000-5e00-0101</mac-address>
    <ipv4 xmlns="{IP}"><addresses>
      <address><ip>10.1.1.1</ip><mask>255.255.255.0</mask><type>main</type></address>
    </addresses></ipv4>
  </interface></interfaces></ifm>"""

BGP_PEER = f"""
  <bgp xmlns="{BGP}"><base-process><enable>true</enable><as>65001</as></base-process></bgp>
  <network-instance xmlns="{NI}"><instances><instance><name>_public_</name>
    <bgp xmlns="{BGP}"><base-process>
      <router-id>1.1.1.1</router-id>
      <afs><af><type>ipv4uni</type><ipv4-unicast/></af></afs>
      <peers><peer><address>10.1.1.100</address><remote-as>65100</remote-as>
        <local-if-name>Vlanif100</local-if-name>
        <afs><af><type>ipv4uni</type><ipv4-unicast/></af></afs>
      </peer></peers>
    </base-process></bgp>
  </instance></instances></network-instance>"""


def wrap(inner: str) -> str:
    return f'<config xmlns="{NC}">{inner}</config>'


@pytest.fixture(scope="module")
def vendor_netconfd() -> Iterator[Server]:
    if not VENDOR_DIR.is_dir():
        pytest.skip(f"vendor modules not found at {VENDOR_DIR}")
    with vendor_netconfds(1) as (server,):
        yield server


@pytest.fixture
def hw(vendor_netconfd: Server) -> Iterator[Session]:
    s = vendor_netconfd.connect()
    expect_ok(s.discard())
    try:
        yield s
    finally:
        s.discard()
        s.close()


def running(s: Session, subtree: str) -> etree._Element:
    reply = s.get_config_reply("running", subtree)
    expect_ok(reply)
    assert reply.data is not None
    return reply.data


def test_modules_are_advertised(hw: Session) -> None:
    names = {c.split("module=", 1)[1].split("&", 1)[0] for c in hw.capabilities
             if "module=" in c}
    assert set(VENDOR_MODULES) <= names


def test_vlanif_ipv4_and_bgp_peer_commit(hw: Session) -> None:
    expect_ok(hw.edit_raw(wrap(VLANIF + BGP_PEER)))
    expect_ok(hw.commit())
    ifm = running(hw, f'<ifm xmlns="{IFM}"/>')
    ns = {"i": IFM, "ip": IP, "b": BGP, "n": NI}
    assert ifm.xpath("//i:interface[i:name='Vlanif100']/i:mac-address/text()",
                     namespaces=ns) == ["0000-5e00-0101"]
    assert ifm.xpath("//i:interface[i:name='Vlanif100']/ip:ipv4/ip:addresses/ip:address"
                     "[ip:type='main']/ip:ip/text()", namespaces=ns) == ["10.1.1.1"]
    ni = running(hw, f'<network-instance xmlns="{NI}"/>')
    peer = "//n:instance[n:name='_public_']/b:bgp/b:base-process/b:peers/b:peer"
    assert ni.xpath(f"{peer}[b:address='10.1.1.100']/b:remote-as/text()",
                    namespaces=ns) == ["65100"]
    assert ni.xpath(f"{peer}[b:address='10.1.1.100']/b:afs/b:af/b:type/text()",
                    namespaces=ns) == ["ipv4uni"]


def test_vendor_rules_are_enforced(hw: Session) -> None:
    """The vendor constraints bite on the real server (NETCONFD.md, Loading the vendor
    modules): a second primary, a mask given as a prefix length, a peer without remote-as."""
    expect_ok(hw.edit_raw(wrap(VLANIF)))
    expect_ok(hw.commit())
    second_main = f"""<ifm xmlns="{IFM}"><interfaces><interface><name>Vlanif100</name>
      <ipv4 xmlns="{IP}"><addresses>
        <address><ip>10.1.2.1</ip><mask>255.255.255.0</mask><type>main</type></address>
      </addresses></ipv4></interface></interfaces></ifm>"""
    expect_error(hw.edit_raw(wrap(second_main)), "operation-failed", "must-violation")
    expect_ok(hw.discard())
    bad_mask = second_main.replace("255.255.255.0", "24").replace(">main<", ">sub<")
    expect_error(hw.edit_raw(wrap(bad_mask)), "invalid-value")
    expect_ok(hw.discard())
    no_remote_as = BGP_PEER.replace("<remote-as>65100</remote-as>", "").replace(
        "10.1.1.100", "10.1.1.101")  # a new peer (10.1.1.100 may be committed already)
    expect_error(hw.edit_raw(wrap(no_remote_as)), "data-missing")

