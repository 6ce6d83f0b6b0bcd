"""CloudEngine behaviour and rules, on the project's own YANG modules (``yang/``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from mlag_netconf.sim import SimulatedDevice, SimulatedNetwork

from .helpers import NC, all_errors, cfg, close_quietly, rpc_error

REPO = Path(__file__).resolve().parents[2]
NS = {
    "ifm": "urn:huawei:yang:huawei-ifm",
    "ip": "urn:huawei:yang:huawei-ip",
    "ni": "urn:huawei:yang:huawei-network-instance",
    "l3vpn": "urn:huawei:yang:huawei-l3vpn",
    "bgp": "urn:huawei:yang:huawei-bgp",
    "bd": "urn:huawei:yang:huawei-bd",
    "nvo3": "urn:huawei:yang:huawei-nvo3",
    "vlan": "urn:huawei:yang:huawei-vlan",
    "mnx": "urn:mlag-netconf:yang:mlag-netconf-ext",
    "arp": "urn:huawei:yang:huawei-arp",
}
PUBLIC_BGP = ("ni:network-instance/ni:instances/ni:instance[ni:name='_public_']"
              "/bgp:bgp/bgp:base-process")


@pytest.fixture
def sw() -> Iterator[SimulatedDevice]:
    with SimulatedNetwork(["sw"]) as net:
        yield net["sw"]


@pytest.fixture
def hm(sw: SimulatedDevice) -> Iterator[Any]:
    mgr = sw.connect()
    try:
        yield mgr
    finally:
        close_quietly(mgr)


def push(m: Any, inner: str) -> None:
    m.edit_config(target="candidate", config=cfg(inner))
    m.commit()


def xp(m: Any, path: str, source: str = "running") -> list[str]:
    reply = etree.fromstring(m.get_config(source).xml.encode())
    data = reply.find(f"{{{NC}}}data")
    assert data is not None
    found: Any = data.xpath(path, namespaces=NS)
    return [str(x).strip() if isinstance(x, str) else (x.text or "").strip() for x in found]


def interface(name: str, inner: str = "", vlan: int | None = None) -> str:
    vlans = (f'<vlan xmlns="{NS["vlan"]}"><vlans><vlan><id>{vlan}</id></vlan></vlans></vlan>'
             if vlan else "")
    return (vlans + f'<ifm xmlns="{NS["ifm"]}"><interfaces><interface><name>{name}</name>'
            f"{inner}</interface></interfaces></ifm>")


def ipv4(primary: str | None, mlag: str | None = None, sub: str | None = None,
         mask: str = "255.255.255.0") -> str:
    addresses = ""
    if primary:
        addresses += f"<address><ip>{primary}</ip><mask>{mask}</mask><type>main</type></address>"
    if sub:
        addresses += f"<address><ip>{sub}</ip><mask>{mask}</mask><type>sub</type></address>"
    body = f"<addresses>{addresses}</addresses>" if addresses else ""
    if mlag:
        body += f'<m-lag-ipv4 xmlns="{NS["mnx"]}"><ip>{mlag}</ip><mask>{mask}</mask></m-lag-ipv4>'
    return f'<ipv4 xmlns="{NS["ip"]}">{body}</ipv4>'


def bgp(asn: str = "65001", enable: str = "true") -> str:
    inner = f"<enable>{enable}</enable>" + (f"<as>{asn}</as>" if enable == "true" else "")
    return f'<bgp xmlns="{NS["bgp"]}"><base-process>{inner}</base-process></bgp>'


def public_bgp(inner: str) -> str:
    return (f'<network-instance xmlns="{NS["ni"]}"><instances><instance><name>_public_</name>'
            f'<bgp xmlns="{NS["bgp"]}"><base-process>{inner}</base-process></bgp>'
            "</instance></instances></network-instance>")


def peer(address: str, remote_as: str = "65100", extra: str = "", op: str = "") -> str:
    attr = f' xmlns:nc="{NC}" nc:operation="{op}"' if op else ""
    return (f"<peer{attr}><address>{address}</address><remote-as>{remote_as}</remote-as>"
            f"{extra}</peer>")


# ------------------------------------------------------------------ generated nodes
def test_boot_has_the_public_instance_and_its_families(hm: Any) -> None:
    path = ("ni:network-instance/ni:instances/ni:instance[ni:name='_public_']"
            "/l3vpn:afs/l3vpn:af/l3vpn:type")
    assert xp(hm, path) == ["ipv4-unicast", "ipv6-unicast"]
    assert xp(hm, path, "candidate") == ["ipv4-unicast", "ipv6-unicast"]


def test_interface_class_type_number_come_from_the_name(hm: Any) -> None:
    push(hm, interface("Vlanif100", vlan=100))
    push(hm, interface("LoopBack0"))
    base = "ifm:ifm/ifm:interfaces/ifm:interface[ifm:name='{}']/ifm:{}"
    assert [xp(hm, base.format("Vlanif100", leaf))[0] for leaf in ("class", "type", "number")] \
        == ["main-interface", "Vlanif", "100"]
    assert xp(hm, base.format("LoopBack0", "type")) == ["LoopBack"]


def test_bgp_enable_creates_the_public_process_with_ipv4uni(hm: Any) -> None:
    push(hm, bgp())
    assert xp(hm, f"{PUBLIC_BGP}/bgp:afs/bgp:af/bgp:type") == ["ipv4uni"]


def test_bgp_disable_removes_the_instance_process(hm: Any) -> None:
    push(hm, bgp() + public_bgp("<router-id>1.1.1.1</router-id>"))
    hm.edit_config(target="candidate", config=cfg(
        f'<bgp xmlns="{NS["bgp"]}" xmlns:nc="{NC}"><base-process><enable>false</enable>'
        '<as nc:operation="delete"/></base-process></bgp>'))
    hm.commit()
    assert xp(hm, PUBLIC_BGP) == []


def test_new_ipv4_peer_is_enabled_in_ipv4uni(hm: Any) -> None:
    push(hm, bgp() + public_bgp("<peers>" + peer("10.1.0.100") + peer("2001:db8::100")
                                + "</peers>"))
    afs = f"{PUBLIC_BGP}/bgp:peers/bgp:peer[bgp:address='{{}}']/bgp:afs/bgp:af/bgp:type"
    assert xp(hm, afs.format("10.1.0.100")) == ["ipv4uni"]
    assert xp(hm, afs.format("2001:db8::100")) == []


def test_family_removed_in_the_same_edit_is_not_enabled(hm: Any) -> None:
    removal = (f'<afs><af xmlns:nc="{NC}" nc:operation="remove"><type>ipv4uni</type>'
               "</af></afs>")
    push(hm, bgp() + public_bgp("<peers>" + peer("192.0.2.2", extra=removal) + "</peers>"))
    afs = f"{PUBLIC_BGP}/bgp:peers/bgp:peer[bgp:address='192.0.2.2']/bgp:afs/bgp:af"
    assert xp(hm, afs) == []


def test_existing_peer_is_not_enabled_again(hm: Any) -> None:
    push(hm, bgp() + public_bgp("<peers>" + peer("10.1.0.100") + "</peers>"))
    removal = (f'<afs><af xmlns:nc="{NC}" nc:operation="delete"><type>ipv4uni</type>'
               "</af></afs>")
    push(hm, public_bgp("<peers>" + peer("10.1.0.100", extra=removal) + "</peers>"))
    push(hm, public_bgp("<peers>" + peer("10.1.0.100") + "</peers>"))
    afs = f"{PUBLIC_BGP}/bgp:peers/bgp:peer[bgp:address='10.1.0.100']/bgp:afs/bgp:af"
    assert xp(hm, afs) == []


# ------------------------------------------------------------------ write-once
def test_bgp_as_cannot_change(hm: Any) -> None:
    push(hm, bgp("65001"))
    hm.edit_config(target="candidate", config=cfg(bgp("65002")))
    with rpc_error("operation-failed", app_tag="write-once") as err:
        hm.commit()
    # the CloudEngine dialect: a prefixed data path without a leading slash
    assert all_errors(err.value)[0].path == "bgp:bgp/bgp:base-process/bgp:as"
    hm.discard_changes()
    assert xp(hm, "bgp:bgp/bgp:base-process/bgp:as") == ["65001"]


def test_peer_remote_as_cannot_change(hm: Any) -> None:
    push(hm, bgp() + public_bgp("<peers>" + peer("10.1.0.100", "65100") + "</peers>"))
    hm.edit_config(target="candidate", config=cfg(public_bgp(
        "<peers>" + peer("10.1.0.100", "65200") + "</peers>")))
    with rpc_error("operation-failed", app_tag="write-once") as err:
        hm.commit()
    assert "bgp:peer[bgp:address='10.1.0.100']/bgp:remote-as" in (
        all_errors(err.value)[0].path or "")


def test_peer_group_type_cannot_change(hm: Any) -> None:
    group = "<peer-groups><peer-group><name>LEAF</name><type>{}</type></peer-group></peer-groups>"
    push(hm, bgp() + public_bgp(group.format("ebgp")))
    hm.edit_config(target="candidate", config=cfg(public_bgp(group.format("ibgp"))))
    with rpc_error("operation-failed", app_tag="write-once"):
        hm.commit()


def test_delete_then_create_may_change_a_write_once_value(hm: Any) -> None:
    push(hm, bgp() + public_bgp("<peers>" + peer("10.1.0.100", "65100") + "</peers>"))
    hm.edit_config(target="candidate", config=cfg(public_bgp(
        "<peers>" + peer("10.1.0.100", op="delete") + "</peers>")))
    hm.edit_config(target="candidate", config=cfg(public_bgp(
        "<peers>" + peer("10.1.0.100", "65200") + "</peers>")))
    hm.commit()
    assert xp(hm, f"{PUBLIC_BGP}/bgp:peers/bgp:peer/bgp:remote-as") == ["65200"]


# ------------------------------------------------------------------ M-LAG addresses
def test_mlag_ipv4_in_the_primary_subnet_commits(hm: Any) -> None:
    push(hm, interface("Vlanif100", ipv4("10.1.1.1", mlag="10.1.1.2"), vlan=100))
    assert xp(hm, "//mnx:m-lag-ipv4/mnx:ip") == ["10.1.1.2"]


@pytest.mark.parametrize(("config", "app_tag"), [
    (ipv4(None, mlag="10.1.1.2"), "mlag-ipv4-needs-primary"),
    (ipv4("10.1.1.1", mlag="10.9.9.2"), "mlag-ipv4-in-primary-subnet"),
    (ipv4("10.1.1.1", mlag="10.1.1.1"), "mlag-ipv4-not-interface-address"),
    (ipv4("10.1.1.1", mlag="10.1.1.5", sub="10.1.1.5"), "mlag-ipv4-not-interface-address"),
])
def test_mlag_ipv4_rules(hm: Any, config: str, app_tag: str) -> None:
    hm.edit_config(target="candidate", config=cfg(interface("Vlanif100", config, vlan=100)))
    with rpc_error("operation-failed", app_tag=app_tag) as err:
        hm.commit()
    assert "m-lag-ipv4" in (all_errors(err.value)[0].path or "")


def vbdif_with_mlag(vni: bool) -> str:
    nvo3 = (f'<nvo3 xmlns="{NS["nvo3"]}"><vni-list><vni>5010</vni></vni-list></nvo3>'
            if vni else "")
    return (f'<bd xmlns="{NS["bd"]}"><instances><instance><id>10</id>{nvo3}'
            "</instance></instances></bd>"
            + interface("Vbdif10", ipv4("172.16.10.1", mlag="172.16.10.2")))


def test_vbdif_mlag_address_needs_a_vni(hm: Any) -> None:
    hm.edit_config(target="candidate", config=cfg(vbdif_with_mlag(vni=False)))
    with rpc_error("operation-failed", app_tag="vbdif-mlag-needs-vni"):
        hm.commit()
    hm.discard_changes()
    push(hm, vbdif_with_mlag(vni=True))
    assert xp(hm, "//mnx:m-lag-ipv4/mnx:ip") == ["172.16.10.2"]


def test_unbinding_the_vni_deletes_the_vbdif_mlag_addresses(hm: Any) -> None:
    push(hm, vbdif_with_mlag(vni=True))
    hm.edit_config(target="candidate", config=cfg(
        f'<bd xmlns="{NS["bd"]}" xmlns:nc="{NC}"><instances><instance><id>10</id>'
        f'<nvo3 xmlns="{NS["nvo3"]}"><vni-list nc:operation="delete"><vni>5010</vni>'
        "</vni-list></nvo3></instance></instances></bd>"))
    hm.commit()
    assert xp(hm, "//mnx:m-lag-ipv4") == []
    assert xp(hm, "//ip:ipv4/ip:addresses/ip:address/ip:ip") == ["172.16.10.1"]


# ------------------------------------------------------------------ golden payloads
GOLDEN = sorted((REPO / "payloads").glob("*/*.xml"))


@pytest.mark.skipif(not GOLDEN, reason="no golden payloads in payloads/")
@pytest.mark.parametrize("payload", GOLDEN, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_golden_payloads_commit(hm: Any, payload: Path) -> None:
    hm.lock("candidate")
    hm.edit_config(target="candidate", config=payload.read_text())
    hm.validate("candidate")
    hm.commit()
    hm.unlock("candidate")
    if "<interface>" in payload.read_text():
        assert xp(hm, "ifm:ifm/ifm:interfaces/ifm:interface/ifm:type")
    else:  # a user side without user-side.interface: BGP only
        assert xp(hm, "bgp:bgp/bgp:base-process/bgp:as")


def test_report_all_skips_defaults_behind_a_when(hm: Any) -> None:
    push(hm, interface("Vlanif100", f'<arp-entry xmlns="{NS["arp"]}"/>', vlan=100))
    reply = hm.get_config("running", with_defaults="report-all").xml
    assert "<route-proxy-enable>false</route-proxy-enable>" in reply
    assert "local-proxy-enable" not in reply  # when ../../ifm:type = 'Vbdif'


def test_device_rule_app_tags_are_catalogued_rules() -> None:
    """The simulator names the same rules as the library's pre-send checks."""
    import re
    from pathlib import Path

    from mlag_netconf.rules import RULES

    source = (Path(__file__).resolve().parents[2] / "mlag_netconf" / "sim" / "huawei" /
              "device_rules.py").read_text()
    tags = set(re.findall(r'_rule\([^,]+, "([a-z0-9-]+)"', source))
    assert tags
    assert tags <= set(RULES), tags - set(RULES)
