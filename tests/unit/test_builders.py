"""Builders and payloads: immutability, the XML of small builders against the snippets of
YANG-PATHS.md §1-§12, ``nc:operation``, the gap nodes, ``Payload`` views and display.

The snippets are copied in ``tests/unit/data/yang-paths/`` (one file per snippet);
``test_snippet_copies_match_yang_paths_md`` keeps the copies equal to the document when
``../shared/YANG-PATHS.md`` is there. The library adds a few elements the snippets leave out
(an interface's ``class``/``type``/``number``, the VLAN of a VLANIF, the BGP process of a
peer, an empty ``<ipv4-unicast/>`` in a peer family): each comparison names what it drops
from the library's payload before comparing canonical XML.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from mlag_netconf.enums import AddressFamily, EditOperation, InterfaceType, NdProxyRoute
from mlag_netconf.errors import (
    ArgumentError,
    MlagNetconfError,
    ValidationError,
    ValueFormatError,
)
from mlag_netconf.intent import load_intent
from mlag_netconf.model import (
    Bgp,
    Device,
    Interface,
    MlagPair,
    Peer,
    PeerGroup,
    loopback,
    vbdif,
    vlanif,
)
from mlag_netconf.namespaces import EXT as EXT_NS
from mlag_netconf.namespaces import MODULES
from mlag_netconf.namespaces import NC as NC_NS
from mlag_netconf.render import FEATURES, Payload, render_device
from mlag_netconf.render import builder as builder_module
from mlag_netconf.render.builder import _PLANS, ConfigBuilder, _plan
from mlag_netconf.render.registry import Feature
from mlag_netconf.types import AsNumber, InterfaceName, MacAddress
from mlag_netconf.xmltree import pretty_text

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data" / "yang-paths"
YANG_PATHS_MD = ROOT.parent / "shared" / "YANG-PATHS.md"
EXAMPLES = ROOT / "examples"

NS = {
    "nc": NC_NS,
    "ifm": "urn:huawei:yang:huawei-ifm",
    "ip": "urn:huawei:yang:huawei-ip",
    "arp": "urn:huawei:yang:huawei-arp",
    "nd": "urn:huawei:yang:huawei-ipv6-nd",
    "bgp": "urn:huawei:yang:huawei-bgp",
    "ni": "urn:huawei:yang:huawei-network-instance",
    "vlan": "urn:huawei:yang:huawei-vlan",
    "bd": "urn:huawei:yang:huawei-bd",
    "mnx": EXT_NS,
}
OP = f"{{{NC_NS}}}operation"


T = TypeVar("T")


def loose(factory: Callable[..., T], *args: Any, **fields: Any) -> T:
    """``factory(...)`` with loose input the typed signature does not admit."""
    return factory(*args, **fields)


def loose_bgp(**fields: Any) -> Bgp:
    """``Bgp`` from loose input (its fields are typed, its parsers accept text)."""
    return Bgp(**fields)


# --------------------------------------------------------------------------- canonical XML
def _strip(root: etree._Element) -> None:
    for e in root.iter():
        if e.text is not None and not e.text.strip():
            e.text = None
        if e.tail is not None and not e.tail.strip():
            e.tail = None


def canon(xml: str | etree._Element, drop: Sequence[str] = ()) -> str:
    """Canonical XML (exclusive c14n, no whitespace-only text) after removing ``drop``
    (XPaths with the prefixes of :data:`NS`)."""
    root = (etree.fromstring(xml.encode()) if isinstance(xml, str)
            else copy.deepcopy(xml))
    for path in drop:
        found = root.xpath(path, namespaces=NS)
        assert isinstance(found, list)
        assert found, f"nothing to drop at {path}"  # a drop that matches nothing is a typo
        for e in found:
            assert isinstance(e, etree._Element)
            parent = e.getparent()
            assert parent is not None
            parent.remove(e)
    _strip(root)
    return etree.tostring(root, method="c14n", exclusive=True).decode()


def snippet(name: str) -> str:
    return (DATA / f"{name}.xml").read_text(encoding="utf-8")


def merged(*names: str) -> str:
    """Several snippets as one ``<config>`` (their top-level children in order)."""
    out = etree.Element(f"{{{NC_NS}}}config", nsmap={None: NC_NS})  # type: ignore[dict-item]
    for n in names:
        out.extend(etree.fromstring(snippet(n).encode()))
    return etree.tostring(out, encoding="unicode")


IF_EXTRAS = ("//ifm:interface/ifm:class", "//ifm:interface/ifm:type",
             "//ifm:interface/ifm:number")
VLAN = ("/nc:config/vlan:vlan",)
BD = ("/nc:config/bd:bd",)
BGP_PROCESS = ("/nc:config/bgp:bgp",)


def dev(*interfaces: Interface, bgp: Bgp | None = None) -> Device:
    return Device("A", interfaces=interfaces, bgp=bgp)


@dataclasses.dataclass(frozen=True)
class SnippetCase:
    id: str
    expected: Callable[[], str]
    device: Callable[[], Device]
    drop: tuple[str, ...] = ()


def sc(id: str, device: Callable[[], Device], drop: Sequence[str] = (),
       expected: Callable[[], str] | None = None) -> SnippetCase:
    return SnippetCase(id, expected or (lambda: snippet(id)), device, tuple(drop))


SNIPPET_CASES = [
    # §1
    sc("s1-vlanif", lambda: dev(vlanif(100))),
    sc("s1-vbdif", lambda: dev(vbdif(10, vni=5010))),
    # §2
    sc("s2-primary", lambda: dev(vlanif(100, ipv4="10.1.0.4 255.255.255.0")),
       (*VLAN, *IF_EXTRAS)),
    sc("s2-sub", lambda: dev(vlanif(100, ipv4="10.1.1.1/24").with_secondary("10.1.1.4 24")),
       (*VLAN, *IF_EXTRAS, "//ip:address[ip:type='main']")),
    # §3
    sc("s3-mac", lambda: dev(vlanif(100).with_virtual_mac("00:00:5E:00:01:01")),
       (*VLAN, *IF_EXTRAS)),
    # §5
    sc("s5-route-proxy", lambda: dev(vlanif(100).with_proxy_arp()), (*VLAN, *IF_EXTRAS)),
    sc("s5-local-proxy", lambda: dev(vbdif(10).with_proxy_arp()), (*BD, *IF_EXTRAS)),
    # §6
    sc("s6-ipv6-enable", lambda: dev(vlanif(100, ipv6_enable=True)), (*VLAN, *IF_EXTRAS)),
    sc("s6-global", lambda: dev(vlanif(100).with_ipv6("2001:db8:100::4/64")),
       (*VLAN, *IF_EXTRAS)),
    sc("s6-link-local", lambda: dev(vlanif(100).with_ipv6(link_local="fe80::4")),
       (*VLAN, *IF_EXTRAS)),
    # §7, §9
    sc("s7-na-glean", lambda: dev(vlanif(100, ipv6_enable=True).with_nd(na_glean=True)),
       (*VLAN, *IF_EXTRAS)),
    sc("s9-route-proxy", lambda: dev(vlanif(100, ipv6_enable=True).with_nd(proxy_route=True)),
       (*VLAN, *IF_EXTRAS)),
    # §10: the process and its router-id, in one payload
    sc("s10-bgp", lambda: dev(bgp=loose_bgp(asn=65001, router_id="1.1.1.1")),
       expected=lambda: merged("s10-bgp", "s10-router-id")),
    # §11
    sc("s11-peers", lambda: dev(bgp=loose_bgp(asn=65001).with_peer(
        Peer("10.1.0.100", 65100), Peer("2001:DB8:100::100", "65100"))), BGP_PROCESS),
    sc("s11-peer-group", lambda: dev(bgp=loose_bgp(asn=65001).with_peer_group(
        PeerGroup("LEAF", type="ebgp", remote_as=65100))), BGP_PROCESS),
    sc("s11-connect-interface", lambda: dev(bgp=loose_bgp(asn=65001).with_peer(
        Peer("10.1.0.100", connect_interface="vlanif 100", source_address="10.1.0.1"))),
       BGP_PROCESS),
    sc("s11-loopback", lambda: dev(loopback(0), bgp=loose_bgp(asn=65001).with_peer(
        Peer("192.0.2.2", 65200, connect_interface="LoopBack0", ebgp_max_hop=True))),
       BGP_PROCESS),
    # §12
    sc("s12-ipv4uni", lambda: dev(bgp=loose_bgp(asn=65001).with_peer(
        Peer("10.1.0.100", families={"ipv4-unicast": True}))),
       (*BGP_PROCESS, "//bgp:peer/bgp:afs/bgp:af/bgp:ipv4-unicast")),
    sc("s12-ipv6uni", lambda: dev(bgp=loose_bgp(asn=65001).with_peer(
        Peer("2001:db8:100::100", families=["ipv6-unicast"]))),
       (*BGP_PROCESS, "//bgp:peer/bgp:afs/bgp:af/bgp:ipv6-unicast")),
    sc("s12-vpnv4", lambda: dev(bgp=loose_bgp(asn=65001).with_peer(
        Peer("192.0.2.2", families={"vpnv4": True}))), BGP_PROCESS),
    # `undo peer x enable`: the library sends `remove` (idempotent; YANG-PATHS.md §12
    # prefers it where the entry may be absent) where the snippet shows `delete`.
    sc("s12-undo", lambda: dev(bgp=loose_bgp(asn=65001).with_peer(
        Peer("192.0.2.2", families={"ipv4-unicast": False}))), BGP_PROCESS,
       expected=lambda: snippet("s12-undo").replace('nc:operation="delete"',
                                                    'nc:operation="remove"')),
]


@pytest.mark.parametrize("case", SNIPPET_CASES, ids=[c.id for c in SNIPPET_CASES])
def test_builder_xml_matches_yang_paths_snippet(case: SnippetCase) -> None:
    payload = render_device(case.device())
    assert canon(payload.xml, case.drop) == canon(case.expected())


def test_snippet_cases_cover_every_copied_snippet() -> None:
    used = {c.id for c in SNIPPET_CASES} | {"s10-router-id"}
    assert used == {p.stem for p in DATA.glob("*.xml")}


def test_snippet_copies_match_yang_paths_md() -> None:
    if not YANG_PATHS_MD.is_file():
        pytest.skip(f"{YANG_PATHS_MD} is absent (the copies in {DATA} are used)")
    doc = YANG_PATHS_MD.read_text(encoding="utf-8")
    blocks = {canon(b) for b in re.findall(r"```xml\n(.*?)```", doc, re.S)
              if b.lstrip().startswith("<config")}
    copies = {p.stem: canon(p.read_text(encoding="utf-8")) for p in DATA.glob("*.xml")}
    assert len(copies) == 22
    assert {n for n, c in copies.items() if c not in blocks} == set()


def test_canon_notices_a_difference() -> None:
    """The comparison itself is not blind: a changed value, order or namespace differs."""
    base = snippet("s3-mac")
    assert canon(base) == canon(base.replace("<name>", "\n   <name>"))
    assert canon(base) != canon(base.replace("0000-5e00-0101", "0000-5e00-0102"))
    assert canon(base) != canon(base.replace("huawei-ifm", "huawei-ifx"))
    with pytest.raises(AssertionError):
        canon(base, ["//ifm:nothing-here"])


def test_dot_as_is_sent_as_written() -> None:
    root = render_device(dev(bgp=loose_bgp(asn="1.10"))).element()
    assert root.findtext("bgp:bgp/bgp:base-process/bgp:as", namespaces=NS) == "1.10"
    assert root.findtext("bgp:bgp/bgp:base-process/bgp:enable", namespaces=NS) == "true"


def test_vbdif_without_vni_has_no_vni_list() -> None:
    root = render_device(dev(vbdif(10))).element()
    assert root.find("bd:bd/bd:instances/bd:instance", namespaces=NS) is not None
    assert not root.xpath("//*[local-name()='vni-list']")


def test_link_local_and_global_ipv6_entries() -> None:
    iface = vlanif(100).with_ipv6("2001:db8:1::1/64", link_local="FE80::4")
    root = render_device(dev(iface)).element()
    rows = [(a.findtext("ip:ip", namespaces=NS), a.findtext("ip:prefix-length", namespaces=NS),
             a.findtext("ip:type", namespaces=NS))
            for a in root.iterfind(".//ip:ipv6/ip:addresses/ip:address", namespaces=NS)]
    assert rows == [("2001:db8:1::1", "64", "global"), ("fe80::4", "10", "link-local")]


def test_secondaries_are_typed_sub_with_dotted_masks() -> None:
    iface = vlanif(100, ipv4="10.1.1.1/24", ipv4_secondary=["10.1.2.1/25", "10.1.3.1 30"])
    root = render_device(dev(iface)).element()
    rows = [(a.findtext("ip:ip", namespaces=NS), a.findtext("ip:mask", namespaces=NS),
             a.findtext("ip:type", namespaces=NS))
            for a in root.iterfind(".//ip:ipv4/ip:addresses/ip:address", namespaces=NS)]
    assert rows == [("10.1.1.1", "255.255.255.0", "main"),
                    ("10.1.2.1", "255.255.255.128", "sub"),
                    ("10.1.3.1", "255.255.255.252", "sub")]


def test_one_interface_element_per_interface() -> None:
    """Features of one interface merge on its key: one ``<interface>``, one ``<ipv6>``."""
    iface = (vlanif(100, ipv4="10.1.1.1/24", virtual_mac="0000-5e00-0101")
             .with_ipv6("2001:db8:1::1/64").with_nd(na_glean=True, proxy_route="prune"))
    root = render_device(dev(iface)).element()
    assert len(root.findall(".//ifm:interface", namespaces=NS)) == 1
    assert len(root.findall(".//ip:ipv6", namespaces=NS)) == 1
    assert len(root.findall(".//nd:nd-collection", namespaces=NS)) == 1


# --------------------------------------------------------------------------- nc:operation
def _mp_payload(name: str = "AGG1") -> Payload:
    return load_intent(EXAMPLES / "mp-ebgp-vpnv4.yaml").payloads()[name]


def test_disabled_peer_family_is_removed() -> None:
    root = _mp_payload().element()
    afs = root.findall(".//bgp:peer[bgp:address='3.3.3.3']/bgp:afs/bgp:af", namespaces=NS)
    ops = {a.findtext("bgp:type", namespaces=NS): a.get(OP) for a in afs}
    assert ops == {"ipv4uni": "remove", "ipv4vpn": None}
    assert root.nsmap.get("nc") == NC_NS
    # the instance family is declared for VPNv4 only
    inst = root.findall(".//ni:instance/bgp:bgp/bgp:base-process/bgp:afs/bgp:af/bgp:type",
                        namespaces=NS)
    assert [t.text for t in inst] == ["ipv4vpn"]
    # the removal is the only operation in the payload
    assert [e.get(OP) for e in root.iter() if e.get(OP)] == ["remove"]


def test_remove_appears_in_the_text_with_the_nc_prefix() -> None:
    assert 'nc:operation="remove"' in _mp_payload().xml
    assert "xmlns:nc=" in _mp_payload().xml


def test_no_nc_prefix_without_an_operation() -> None:
    xml = render_device(dev(vlanif(100))).xml
    assert "xmlns:nc" not in xml
    assert "operation" not in xml


def test_peer_group_family_disable_is_removed_too() -> None:
    group = PeerGroup("MASG", type="ebgp", remote_as=65003,
                      families={"vpnv4": True, "ipv4-unicast": False})
    root = render_device(dev(bgp=loose_bgp(asn=65001).with_peer_group(group))).element()
    afs = root.findall(".//bgp:peer-group/bgp:afs/bgp:af", namespaces=NS)
    assert {a.findtext("bgp:type", namespaces=NS): a.get(OP) for a in afs} == {
        "ipv4uni": "remove", "ipv4vpn": None}


# --------------------------------------------------------------------------- gap nodes
def _mlag_payloads() -> dict[str, Payload]:
    return load_intent(EXAMPLES / "bgp-over-mlag.yaml").payloads()


def test_gap_nodes_live_in_the_project_namespace() -> None:
    root = _mlag_payloads()["DeviceA"].element()
    ipv4 = root.find(".//ifm:interface/ip:ipv4", namespaces=NS)
    ipv6 = root.find(".//ifm:interface/ip:ipv6", namespaces=NS)
    proxys = root.find(".//ip:ipv6/nd:nd-collection/nd:proxys", namespaces=NS)
    assert ipv4 is not None
    assert ipv6 is not None
    assert proxys is not None
    m4 = ipv4.find("mnx:m-lag-ipv4", namespaces=NS)
    m6 = ipv6.find("mnx:m-lag-ipv6", namespaces=NS)
    prune = proxys.find("mnx:route-proxy-prune", namespaces=NS)
    assert m4 is not None
    assert m6 is not None
    assert prune is not None
    assert [(etree.QName(c).namespace, etree.QName(c).localname, c.text) for c in m4] == [
        (EXT_NS, "ip", "10.1.1.2"), (EXT_NS, "mask", "255.255.255.0")]
    assert [(etree.QName(c).namespace, etree.QName(c).localname, c.text) for c in m6] == [
        (EXT_NS, "ip", "2001:db8:1::2"), (EXT_NS, "prefix-length", "64"),
        (EXT_NS, "link-local", "fe80::1:2")]
    assert prune.text == "true"
    assert proxys.findtext("nd:route-proxy", namespaces=NS) == "on"


def test_no_invented_names_in_vendor_namespaces() -> None:
    """Every element is in a registry module's namespace, and nothing M-LAG-ish or
    prune-ish sits in a Huawei namespace (YANG-PATHS.md §14)."""
    known = {m.namespace for m in MODULES.values()} | {NC_NS}
    for payload in _mlag_payloads().values():
        for e in payload.element().iter():
            q = etree.QName(e)
            assert q.namespace in known, q
            if q.namespace != EXT_NS:
                assert "m-lag" not in q.localname
                assert "prune" not in q.localname
    assert EXT_NS == "urn:mlag-netconf:yang:mlag-netconf-ext"
    assert not MODULES["mnx"].vendor
    assert all(m.vendor for p, m in MODULES.items() if p != "mnx")


def test_gap_features_are_marked_not_in_the_vendor_model() -> None:
    gap = {name for name, f in FEATURES.items() if not f.vendor_model}
    assert gap == {"interface.mlag-ipv4", "interface.mlag-ipv6",
                   "interface.mlag-ipv6-link-local", "interface.nd-route-proxy-prune"}
    for name in gap:
        assert "mlag-netconf-ext" in FEATURES[name].modules


@pytest.mark.parametrize(("example", "device", "gap"), [
    ("bgp-over-mlag", "DeviceA", ("interface.mlag-ipv4", "interface.mlag-ipv6",
                                  "interface.mlag-ipv6-link-local",
                                  "interface.nd-route-proxy-prune")),
    ("bgp-over-mlag-vbdif", "CE-2", ("interface.mlag-ipv4",)),
    ("mp-ebgp-vpnv4", "MASG1", ()),
])
def test_payload_gap_features(example: str, device: str, gap: tuple[str, ...]) -> None:
    payload = load_intent(EXAMPLES / f"{example}.yaml").payloads()[device]
    assert payload.gap_features == gap


def test_gap_features_follow_the_builder() -> None:
    plain = render_device(dev(vlanif(100, ipv6_enable=True, nd_proxy_route="on")))
    pruned = render_device(dev(vlanif(100, ipv6_enable=True, nd_proxy_route="prune")))
    assert plain.gap_features == ()
    assert pruned.gap_features == ("interface.nd-route-proxy-prune",)


@pytest.mark.parametrize(("example", "modules"), [
    ("bgp-over-mlag", ("huawei-arp", "huawei-bgp", "huawei-ifm", "huawei-ip",
                       "huawei-ipv6-nd", "huawei-network-instance", "huawei-vlan",
                       "mlag-netconf-ext")),
    ("bgp-over-mlag-vbdif", ("huawei-arp", "huawei-bd", "huawei-bgp", "huawei-ifm",
                             "huawei-ip", "huawei-network-instance", "huawei-nvo3",
                             "mlag-netconf-ext")),
    ("mp-ebgp-vpnv4", ("huawei-bgp", "huawei-ifm", "huawei-ip", "huawei-network-instance")),
])
def test_payload_modules(example: str, modules: tuple[str, ...]) -> None:
    by_ns = {m.namespace: m.name for m in MODULES.values()}
    for payload in load_intent(EXAMPLES / f"{example}.yaml").payloads().values():
        assert payload.modules == modules
        used = {by_ns[etree.QName(e).namespace or ""] for e in payload.element().iter()
                if etree.QName(e).namespace != NC_NS}
        assert used == set(modules)  # exactly the modules whose nodes the payload holds


# --------------------------------------------------------------------------- Payload
def test_payload_views() -> None:
    payload = _mp_payload()
    assert str(payload) == payload.xml
    assert payload.device == "AGG1"
    root = payload.element()
    assert etree.QName(root) == etree.QName(NC_NS, "config")
    root.clear()  # a fresh copy each time
    assert len(payload.element()) == 3
    fragment = payload.fragment()
    assert "<config" not in fragment
    assert fragment.count('xmlns="urn:huawei:yang:huawei-ifm"') == 1
    assert set(payload.features) <= set(FEATURES)


def test_payload_write_and_read_back(tmp_path: Path) -> None:
    payload = _mp_payload()
    path = payload.write(tmp_path / "AGG1.xml")
    text = path.read_text(encoding="utf-8")
    assert text == payload.xml + "\n"
    assert etree.QName(etree.fromstring(text.encode())) == etree.QName(NC_NS, "config")
    back = Payload.from_file(path)
    assert back.device == "AGG1"
    assert canon(back.xml) == canon(payload.xml)


def test_repr_html_escapes() -> None:
    # a device name cannot hold markup (rule device-name); a Payload read from elsewhere can
    payload = dataclasses.replace(render_device(Device("A", interfaces=(
        vlanif(100, ipv4="10.1.1.1/24", mlag_ipv4="10.1.1.2"),))), device="<b>A&B</b>")
    html = payload._repr_html_()
    assert "&lt;b&gt;A&amp;B&lt;/b&gt;" in html
    assert "<b>A&B</b>" not in html
    assert "&lt;config" in html
    assert "<config" not in html
    assert "interface.mlag-ipv4" in html
    assert 'class="mlag-netconf mn-payload"' in html
    assert 'class="mn-gap"' in html
    assert 'class="mn-gap"' not in render_device(dev(vlanif(7)))._repr_html_()


def test_payload_is_frozen() -> None:
    payload = _mp_payload()
    with pytest.raises(dataclasses.FrozenInstanceError):
        payload.xml = "<config/>"  # type: ignore[misc]


# --------------------------------------------------------------------------- immutability
def _frozen(obj: object, field: str, value: object) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(obj, field, value)


def test_builders_are_frozen() -> None:
    iface = vlanif(100, ipv4="10.1.1.1/24")
    peer = Peer("10.1.1.100", 65100)
    group = PeerGroup("LEAF", remote_as=65100)
    bgp = loose_bgp(asn=65001, peers=(peer,))
    device = Device("A", interfaces=(iface,), bgp=bgp)
    mlag = MlagPair((device, Device("B", interfaces=(iface,), bgp=bgp)))
    _frozen(iface, "ipv4", None)
    _frozen(peer, "remote_as", None)
    _frozen(group, "name", "X")
    _frozen(bgp, "asn", AsNumber.parse(1))
    _frozen(device, "name", "Z")
    _frozen(mlag, "mode", "active-standby")
    assert isinstance(device.interfaces, tuple)
    assert isinstance(bgp.peers, tuple)
    assert isinstance(mlag.members, tuple)


def test_list_input_is_copied_into_tuples() -> None:
    secondaries = ["10.1.2.1/24"]
    interfaces = [vlanif(100)]
    iface = vlanif(100, ipv4="10.1.1.1/24", ipv4_secondary=secondaries)
    device = loose(Device, "A", interfaces=interfaces)
    secondaries.append("10.1.3.1/24")
    interfaces.append(vlanif(200))
    assert [str(a) for a in iface.ipv4_secondary] == ["10.1.2.1/24"]
    assert [i.name.text for i in device.interfaces] == ["Vlanif100"]


WithStep = Callable[[Interface], Interface]


@pytest.mark.parametrize(("step", "field", "value"), [
    (lambda i: i.with_ipv4("10.2.2.1/24"), "ipv4", "10.2.2.1/24"),
    (lambda i: i.with_secondary("10.1.9.1/24"), "ipv4_secondary", ("10.1.2.1/24",
                                                                   "10.1.9.1/24")),
    (lambda i: i.with_virtual_mac("0000.5e00.0109"), "virtual_mac", "0000-5e00-0109"),
    (lambda i: i.with_mlag_ipv4("10.1.1.9"), "mlag_ipv4", "10.1.1.9"),
    (lambda i: i.with_proxy_arp(), "route_proxy_arp", True),
    (lambda i: i.with_ipv6("2001:db8::1/64"), "ipv6", ("2001:db8::1/64",)),
    (lambda i: i.with_nd(na_glean=True), "nd_na_glean", True),
    (lambda i: i.with_nd(proxy_route="prune"), "nd_proxy_route", NdProxyRoute.PRUNE),
    (lambda i: i.with_mlag_ipv6("2001:db8::2/64"), "mlag_ipv6", "2001:db8::2/64"),
    (lambda i: i.with_mlag_ipv6(link_local="fe80::2"), "mlag_ipv6_link_local", "fe80::2"),
    (lambda i: i.replace(vpn_instance="vpn1"), "vpn_instance", "vpn1"),
], ids=["ipv4", "secondary", "mac", "mlag-ipv4", "proxy-arp", "ipv6", "na-glean",
        "proxy-nd", "mlag-ipv6", "mlag-link-local", "replace"])
def test_interface_with_returns_a_new_object(step: WithStep, field: str, value: object) -> None:
    original = vlanif(100, ipv4="10.1.1.1/24", ipv4_secondary=["10.1.2.1/24"])
    snapshot = dataclasses.asdict(original)
    changed = step(original)
    assert changed is not original
    assert changed != original
    assert dataclasses.asdict(original) == snapshot  # the original is unchanged
    got = getattr(changed, field)
    shown = tuple(str(x) for x in got) if isinstance(got, tuple) else (
        got if isinstance(got, bool | NdProxyRoute) else str(got))
    assert shown == value


def test_with_proxy_arp_picks_the_kind() -> None:
    assert vbdif(10).with_proxy_arp().local_proxy_arp
    assert not vbdif(10).with_proxy_arp().route_proxy_arp
    assert vlanif(10).with_proxy_arp().route_proxy_arp
    assert not vlanif(10).with_proxy_arp(False).route_proxy_arp


def test_with_ipv6_enables_ipv6_and_keeps_addresses() -> None:
    i = vlanif(100).with_ipv6("2001:db8:1::1/64").with_ipv6("2001:db8:2::1/64",
                                                            link_local="fe80::1")
    assert i.ipv6_enable
    assert [str(a) for a in i.ipv6] == ["2001:db8:1::1/64", "2001:db8:2::1/64"]
    assert str(i.ipv6_link_local) == "fe80::1"
    assert str(i.with_ipv6().ipv6_link_local) == "fe80::1"


def test_interface_facts() -> None:
    i = vlanif("100", ipv4="10.1.1.1/24", mlag_ipv4="10.1.1.2").with_ipv6(
        "2001:db8:1::1/64").with_mlag_ipv6("2001:db8:1::2", link_local="fe80::2")
    assert i.type is InterfaceType.VLANIF
    assert i.vlan is not None
    assert i.vlan.value == 100
    assert i.bd is None
    assert i.mlag_ipv6 is not None
    assert i.mlag_ipv6.prefix_length == 64  # taken from the interface's global address
    assert [str(a) for a in i.addresses] == [
        "10.1.1.1", "10.1.1.2", "2001:db8:1::1", "fe80::2", "2001:db8:1::2"]
    b = vbdif(10, vni=5010)
    assert b.bd is not None
    assert b.bd.value == 10
    assert b.vlan is None
    assert loopback(1).type is InterfaceType.LOOPBACK


def test_device_builders_return_new_objects() -> None:
    d = Device("A", interfaces=(vlanif(100, ipv4="10.1.1.1/24"),))
    d2 = d.with_interface(vlanif(100, ipv4="10.9.9.1/24"), loopback(0))
    assert [str(i.ipv4) for i in d.interfaces] == ["10.1.1.1/24"]
    assert [i.name.text for i in d2.interfaces] == ["Vlanif100", "LoopBack0"]
    assert str(d2.interface("vlanif 100").ipv4) == "10.9.9.1/24"  # replaced, not doubled
    d3 = d.with_bgp(loose_bgp(asn=65001))
    assert d.bgp is None
    assert d3.bgp is not None
    assert d.replace(name="B").name == "B"
    assert d.name == "A"
    with pytest.raises(KeyError):
        d.interface("Vlanif200")
    assert d.find_interface(InterfaceName.parse("Vlanif200")) is None


def test_bgp_builders_return_new_objects() -> None:
    bgp = loose_bgp(asn=65001)
    with_peer = bgp.with_peer(Peer("10.1.1.100", 65100, families={"ipv4-unicast": True}))
    with_group = with_peer.with_peer_group(PeerGroup("G", families=["vpnv4"]))
    declared = with_group.with_family("ipv6-unicast").with_family("vpnv4")
    assert bgp.peers == ()
    assert with_peer.peer_groups == ()
    assert with_group.declared_families is None
    assert with_group.families == {AddressFamily.IPV4_UNICAST, AddressFamily.VPNV4}
    assert declared.families == {AddressFamily.IPV6_UNICAST, AddressFamily.VPNV4}
    peer = with_peer.peers[0]
    moved = peer.replace(remote_as="1.10")
    assert str(peer.remote_as) == "65100"
    assert str(moved.remote_as) == "1.10"
    assert moved.address == peer.address
    assert moved.families == peer.families


def test_peer_families_switches() -> None:
    peer = Peer("3.3.3.3", 65003, families={"vpnv4": True, "ipv4-unicast": False})
    assert peer.enabled == (AddressFamily.VPNV4,)
    assert peer.disabled == (AddressFamily.IPV4_UNICAST,)
    assert Peer("3.3.3.3", 1, families=["ipv4vpn"]).enabled == (AddressFamily.VPNV4,)


@pytest.mark.parametrize(("build", "path", "rule"), [
    (lambda: vlanif(100, ipv4="10.1.1.1/33"), "interfaces[Vlanif100].ipv4",
     "ipv4-prefix-range"),
    (lambda: vlanif(100, virtual_mac="zz"), "interfaces[Vlanif100].virtual_mac", "mac-format"),
    (lambda: vlanif(100, ipv4_secondary=["10.1.1.1/24", "x"]),
     "interfaces[Vlanif100].ipv4_secondary[1]", "ipv4-interface-format"),
    (lambda: vbdif(10, vni=0), "interfaces[Vbdif10].vni", "vni-range"),
    (lambda: vlanif(100, nd_proxy_route="maybe"), "interfaces[Vlanif100].nd_proxy_route",
     "nd-proxy-route"),
    (lambda: vlanif(100, nd_na_glean="yes"), "interfaces[Vlanif100].nd_na_glean", "boolean"),
    (lambda: Peer("x"), "bgp.peers[?].address", "ip-format"),
    (lambda: Peer("10.0.0.1", families={"evpn": True}), "bgp.peers[10.0.0.1].families",
     "address-family"),
    (lambda: Peer("10.0.0.1", families={"vpnv4": "yes"}), "bgp.peers[10.0.0.1].families",
     "boolean"),
    (lambda: Peer("10.0.0.1", connect_interface="GE1/0"),
     "bgp.peers[10.0.0.1].connect_interface", "interface-name"),
    (lambda: PeerGroup("G", type="confed"), "bgp.peer_groups[G].type", "peer-group-type"),
    (lambda: PeerGroup("my group"), "bgp.peer_groups[?].name", "peer-group-name"),
    (lambda: Device(""), "name", "device-name"),
    (lambda: loose(Device, "A", low_latency="yes"), "low_latency", "boolean"),
    (lambda: loose(MlagPair, (Device("A"),)), "members", "mlag-two-members"),
    (lambda: loose(MlagPair, (Device("A"), Device("B")), mode="primary"), "mode", "mlag-mode"),
], ids=["ipv4", "mac", "secondary", "vni", "nd-proxy", "na-glean", "peer-address",
        "family-name", "family-switch", "connect-interface", "group-type", "group-name",
        "device-name", "low-latency", "pair-size", "pair-mode"])
def test_builders_reject_bad_values_naming_the_field(build: Callable[[], object], path: str,
                                                     rule: str) -> None:
    with pytest.raises(ValidationError) as info:
        build()
    assert (info.value.path, info.value.rule) == (path, rule)


@pytest.mark.parametrize(("build", "rule"), [
    (lambda: vlanif(4095), "vlan-id-range"), (lambda: vbdif(0), "bd-id-range"),
    (lambda: loopback(1024), "interface-name")], ids=["vlanif", "vbdif", "loopback"])
def test_factories_reject_bad_numbers(build: Callable[[], object], rule: str) -> None:
    with pytest.raises(ValidationError) as info:
        build()
    assert info.value.rule == rule


@pytest.mark.parametrize("build", [lambda: vlanif(4095), lambda: vbdif(0),
                                   lambda: loopback(1024)], ids=["vlanif", "vbdif", "loopback"])
def test_factory_number_errors_name_the_field(build: Callable[[], object]) -> None:
    with pytest.raises(ValidationError) as info:
        build()
    assert info.value.path == "name"


@pytest.mark.parametrize("build", [
    lambda: Peer(None, 65001),
    lambda: PeerGroup(None),
    lambda: loose_bgp(asn=None),
    lambda: loose(Interface, name=None),
], ids=["peer-address", "group-name", "bgp-asn", "interface-name"])
def test_required_fields_reject_none(build: Callable[[], object]) -> None:
    with pytest.raises(ValidationError):
        build()


def test_mac_builder_value_is_the_typed_leaf() -> None:
    i = vlanif(100, virtual_mac="00:00:5E:00:01:01")
    assert i.virtual_mac == MacAddress.parse("0000-5e00-0101")
    assert i == vlanif(100, virtual_mac="0000.5e00.0101")


# --------------------------------------------------------------------------- ConfigBuilder
def _tag(prefix: str, local: str) -> str:
    return f"{{{NS[prefix]}}}{local}"


def _children(parent: etree._Element, prefix: str, local: str) -> list[etree._Element]:
    return parent.findall(_tag(prefix, local))


def test_plan_declares_a_namespace_only_where_it_changes() -> None:
    """``nd-route-proxy-prune``: three modules on the path, the leaf in a fourth; the
    anchor is the interface entry (one key, step 2)."""
    plan = _plan(FEATURES["interface.nd-route-proxy-prune"])
    assert plan.path == FEATURES["interface.nd-route-proxy-prune"].path
    ifm, ip, nd = NS["ifm"], NS["ip"], NS["nd"]
    name_key = (_tag("ifm", "name"), "<name>", "</name>")
    assert plan.steps == (
        (_tag("ifm", "ifm"), ifm, (f'<ifm xmlns="{ifm}"', "</ifm>"), None, -1, False),
        (_tag("ifm", "interfaces"), None, ("<interfaces", "</interfaces>"), None, -1, False),
        (_tag("ifm", "interface"), None, ("<interface", "</interface>"), name_key, 0, True),
        (_tag("ip", "ipv6"), ip, (f'<ipv6 xmlns="{ip}"', "</ipv6>"), None, -1, False),
        (_tag("nd", "nd-collection"), nd, (f'<nd-collection xmlns="{nd}"',
                                           "</nd-collection>"), None, -1, False),
        (_tag("nd", "proxys"), None, ("<proxys", "</proxys>"), None, -1, False))
    assert plan.keys == 1
    assert plan.leaves == {"mnx:route-proxy-prune": (
        _tag("mnx", "route-proxy-prune"), f'<route-proxy-prune xmlns="{EXT_NS}">',
        "</route-proxy-prune>", f'<route-proxy-prune xmlns="{EXT_NS}"/>')}
    assert plan.anchor == ("/ifm:ifm/ifm:interfaces/ifm:interface[name]", 1, 2)
    assert plan.after_anchor == plan.steps[3:]


def test_plan_anchor_is_the_last_list_entry_above_the_node() -> None:
    peer_family = _plan(FEATURES["bgp.peer-family"])
    assert peer_family.anchor == (
        "/ni:network-instance/ni:instances/ni:instance[name]/bgp:bgp/bgp:base-process/"
        "bgp:peers/bgp:peer[address]", 2, 6)
    assert [s.is_anchor for s in peer_family.steps] == [False] * 6 + [True, False, False]
    assert [s.key_index for s in peer_family.steps] == [-1, -1, 0, -1, -1, -1, 1, -1, 2]
    assert peer_family.steps[-1].key == (_tag("bgp", "type"), "<type>", "</type>")
    assert peer_family.leaves["ipv4-unicast"] == (
        _tag("bgp", "ipv4-unicast"), "<ipv4-unicast>", "</ipv4-unicast>", "<ipv4-unicast/>")
    mac = _plan(FEATURES["interface.mac"])  # its own entry is the node, not an anchor
    assert mac.anchor is None
    assert mac.after_anchor == mac.steps
    assert mac.leaves == {"mac-address": (_tag("ifm", "mac-address"), "<mac-address>",
                                          "</mac-address>", "<mac-address/>")}
    assert _plan(FEATURES["bgp"]).anchor is None  # no list at all


def test_builder_plans_are_the_features_plans() -> None:
    assert all(_PLANS[name] == _plan(f) for name, f in FEATURES.items())


def test_setting_a_leaf_again_replaces_its_text_in_its_place() -> None:
    b = ConfigBuilder()
    b.set("interface.mac", "Vlanif100", leaves={"mac-address": "0000-5e00-0101"})
    b.set("interface", "Vlanif100", leaves={"class": "main-interface"})
    b.set("interface.mac", "Vlanif100", leaves={"mac-address": "0000-5e00-0102"})
    (node,) = b.element().iter(_tag("ifm", "interface"))
    assert [(etree.QName(e).localname, e.text) for e in node] == [
        ("name", "Vlanif100"), ("mac-address", "0000-5e00-0102"), ("class", "main-interface")]
    assert b.features == ["interface.mac", "interface"]


def test_node_takes_a_feature_or_its_name() -> None:
    b = ConfigBuilder()
    by_object = b.node(FEATURES["interface.mac"], "Vlanif100")
    assert b.node("interface.mac", "Vlanif100") is by_object
    assert b.node("interface", "Vlanif100") is by_object  # the same path and keys
    (node,) = b.element().iter(_tag("ifm", "interface"))
    assert [e.text for e in _children(node, "ifm", "name")] == ["Vlanif100"]
    assert b.features == ["interface.mac", "interface"]


def test_builder_refuses_wrong_keys_and_unknown_leaves() -> None:
    b = ConfigBuilder()
    with pytest.raises(ValueError, match=r"^interface.ipv4: key value\(s\) missing$"):
        b.node("interface.ipv4", "Vlanif100")
    with pytest.raises(ValueError, match=r"^interface.mac: 2 key value\(s\) too many$"):
        b.node("interface.mac", "Vlanif100", "x", "y")
    with pytest.raises(KeyError, match=r"interface\.mac has no leaf 'mask'"):
        b.set("interface.mac", "Vlanif100", leaves={"mask": "x"})


def test_a_path_through_another_features_leaf_is_a_named_error(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A registry clash (a feature's path steps through a leaf another feature set) is a
    ``ValueError`` naming the feature and the tag, not a broken node."""
    clash = _plan(Feature("clash", "x", "/ifm:ifm/ifm:interfaces/ifm:interface[name]/"
                                        "ifm:mac-address/ifm:x"))
    monkeypatch.setitem(builder_module._PLANS, "clash", clash)
    monkeypatch.setitem(builder_module._AFTER_ANCHOR, "clash", clash.after_anchor)
    b = ConfigBuilder()
    b.set("interface.mac", "Vlanif100", leaves={"mac-address": "0000-5e00-0101"})
    with pytest.raises(ValueError, match=rf"^clash: {re.escape(_tag('ifm', 'mac-address'))} "
                                         r"is a leaf elsewhere$"):
        b.node("clash", "Vlanif100")


def test_an_empty_builder_is_an_empty_config() -> None:
    assert ConfigBuilder().to_string() == f'<config xmlns="{NC_NS}"/>'
    b = ConfigBuilder()
    b.set("bgp.peer-family", "_public_", "10.1.1.100", "ipv4uni", op=EditOperation.REMOVE)
    b.set("bgp.peer-family", "_public_", "10.1.1.100", "ipv4uni", op=EditOperation.REMOVE)
    assert b.to_string().count('nc:operation="remove"') == 1  # set twice, written once
    b.set("bgp.peer-family", "_public_", "10.1.1.100", "ipv4uni", op=EditOperation.MERGE)
    assert 'nc:operation="remove"' not in b.to_string()  # the last one counts
    assert b.to_string().count('nc:operation="merge"') == 1


@pytest.mark.parametrize(("keys", "leaves", "path", "value"), [
    (("_public_", "G\x01"), {"type": "ebgp"}, "bgp.peer-group['_public_', 'G\\x01'].key",
     "'G\\x01'"),
    (("_public_", "G"), {"type": "e\x02"}, "bgp.peer-group['_public_', 'G'].type", "'e\\x02'"),
], ids=["key", "leaf"])
def test_text_xml_cannot_carry_is_a_typed_error(keys: tuple[str, ...], leaves: dict[str, str],
                                                path: str, value: str) -> None:
    with pytest.raises(ValueFormatError) as info:
        ConfigBuilder().set("bgp.peer-group", *keys, leaves=leaves)
    assert (info.value.path, info.value.rule, info.value.message) == (
        path, "xml-text", f"{value} has characters XML cannot carry")


class _LxmlReference:
    """The builder's contract written the plain way, with lxml elements: walk each feature's
    registry path from the root, find a list entry by its key text, create what is
    missing (declaring a namespace where it changes), set leaves in place, put the
    operation on the node. The builder must write exactly what lxml writes for this."""

    def __init__(self) -> None:
        self.root = etree.Element(f"{{{NC_NS}}}config", nsmap={None: NC_NS})  # type: ignore[dict-item]
        self.operation = False

    def set(self, feature: str, keys: tuple[str, ...], leaves: dict[str, str | None],
            op: EditOperation | None) -> None:
        here, parent_ns, i = self.root, NC_NS, 0
        for step in FEATURES[feature].steps:
            tag = f"{{{step.namespace}}}{step.local}"
            found = None
            for child in here.iterchildren(tag):
                if step.key is None or child.findtext(f"{{{step.namespace}}}{step.key}") == \
                        keys[i]:
                    found = child
                    break
            if found is None:
                nsmap = None if step.namespace == parent_ns else {None: step.namespace}
                found = etree.SubElement(here, tag, nsmap=nsmap)  # type: ignore[arg-type]
                if step.key is not None:
                    etree.SubElement(found, f"{{{step.namespace}}}{step.key}").text = keys[i]
            if step.key is not None:
                i += 1
            here, parent_ns = found, step.namespace
        for name, value in leaves.items():
            ns, local = FEATURES[feature].leaf(name)
            leaf = here.find(f"{{{ns}}}{local}")
            if leaf is None:
                nsmap = None if ns == parent_ns else {None: ns}
                leaf = etree.SubElement(here, f"{{{ns}}}{local}", nsmap=nsmap)  # type: ignore[arg-type]
            leaf.text = value
        if op is not None:
            here.set(f"{{{NC_NS}}}operation", op.value)
            self.operation = True

    def text(self) -> str:
        if not self.operation:
            return pretty_text(self.root)
        out = etree.Element(f"{{{NC_NS}}}config",
                            nsmap={None: NC_NS, "nc": NC_NS})  # type: ignore[dict-item]
        out.extend(self.root.iterchildren())
        return pretty_text(out)


_KEY_TEXT = st.sampled_from(["Vlanif100", "Vlanif200", "10.1.1.1", "_public_", "G&<>\"'",
                             "a b\tc", "ipv4uni", "\u00e9t\u00e9", "x\ry"])


@st.composite
def _calls(draw: st.DrawFn) -> tuple[str, tuple[str, ...], dict[str, str | None],
                                     EditOperation | None]:
    name = draw(st.sampled_from(sorted(FEATURES)))
    feature = FEATURES[name]
    keys = tuple(draw(_KEY_TEXT) for s in feature.steps if s.key)
    chosen = draw(st.lists(st.sampled_from(feature.leaves), unique=True)) if feature.leaves \
        else []
    leaves = {leaf: draw(st.none() | _KEY_TEXT) for leaf in chosen}
    op = draw(st.none() | st.sampled_from([EditOperation.REMOVE, EditOperation.MERGE]))
    return name, keys, leaves, op


@settings(max_examples=400, deadline=None)
@given(st.lists(_calls(), min_size=1, max_size=12))
def test_builder_writes_what_lxml_writes(calls: list[tuple[str, tuple[str, ...],
                                                           dict[str, str | None],
                                                           EditOperation | None]]) -> None:
    """Any sequence of features, keys (repeated, to merge; with characters to escape),
    leaves (set again, or empty) and operations: the builder's text is the text lxml
    makes of the same edits, and it parses back to the same tree."""
    b, ref = ConfigBuilder(), _LxmlReference()
    for name, keys, leaves, op in calls:
        b.set(name, *keys, leaves=leaves, op=op)
        ref.set(name, keys, leaves, op)
    assert b.to_string() == ref.text()
    assert pretty_text(b.element()) == b.to_string()
    assert b.features == list(dict.fromkeys(name for name, *_ in calls))


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=8))
def test_any_text_is_carried_exactly_or_refused_by_name(value: str) -> None:
    """Text XML can carry comes back from the parsed payload unchanged (``&``, ``<``,
    ``>``, CR escaped); any other is a typed ``xml-text`` error naming where it was."""
    b = ConfigBuilder()
    try:
        b.set("bgp.peer-group", "_public_", "G", leaves={"type": value})
    except ValueFormatError as e:
        where = (e.path, e.rule)
        with pytest.raises((ValueError, etree.XMLSyntaxError)):  # lxml refuses it too
            etree.fromstring(f"<t>{value}</t>".encode())
        assert where == ("bgp.peer-group['_public_', 'G'].type", "xml-text")
        return
    (leaf,) = b.element().iter(_tag("bgp", "type"))
    assert leaf.text == value


def test_features_set_after_a_look_keep_merging_list_entries() -> None:
    """``element()`` and ``to_string()`` only read: features set afterwards still merge
    into the same containers and list entries, and ``nc`` is declared once, on the root."""
    b = ConfigBuilder()
    b.set("interface.mac", "Vlanif100", leaves={"mac-address": "0000-5e00-0101"})
    b.set("bgp.peer-family", "_public_", "10.1.1.100", "ipv4uni", op=EditOperation.REMOVE)
    first = b.element()
    assert first.nsmap["nc"] == NC_NS
    assert b.to_string() == b.to_string()
    b.set("interface.mac", "Vlanif200", leaves={"mac-address": "0000-5e00-0102"})
    b.set("interface", "Vlanif100", leaves={"class": "main-interface"})
    b.set("bgp.peer", "_public_", "10.1.1.101", leaves={"remote-as": "65100"})
    root = b.element()
    (ifm,) = _children(root, "ifm", "ifm")
    (interfaces,) = _children(ifm, "ifm", "interfaces")
    assert [i.findtext(_tag("ifm", "name")) for i in _children(interfaces, "ifm", "interface")] \
        == ["Vlanif100", "Vlanif200"]
    (ni,) = _children(root, "ni", "network-instance")
    (instances,) = _children(ni, "ni", "instances")
    (instance,) = _children(instances, "ni", "instance")
    peers = instance.findall(f"{_tag('bgp', 'bgp')}/{_tag('bgp', 'base-process')}/"
                             f"{_tag('bgp', 'peers')}/{_tag('bgp', 'peer')}")
    assert [p.findtext(_tag("bgp", "address")) for p in peers] == ["10.1.1.100", "10.1.1.101"]
    assert b.to_string().count("xmlns:nc=") == 1
    assert b.to_string() == pretty_text(root)  # the text is lxml's own layout


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_the_fast_argument_check_agrees_with_signature_bind(data: st.DataObject) -> None:
    """checked_init's cheap check accepts exactly the calls inspect's bind accepts."""
    import inspect

    from mlag_netconf.model import Bgp, Device, Interface, Peer, PeerGroup

    cls = data.draw(st.sampled_from([Device, Interface, Bgp, Peer, PeerGroup]))
    init = inspect.unwrap(cls.__init__)  # type: ignore[misc]
    sig = inspect.signature(init)
    names = [n for n in sig.parameters if n != "self"]
    npos = data.draw(st.integers(0, 4))
    kwargs = {k: object() for k in data.draw(st.lists(
        st.sampled_from([*names, "colour", "nam"]), max_size=4, unique=True))}
    args = tuple(object() for _ in range(npos))
    try:
        sig.bind(object(), *args, **kwargs)
        bound = True
    except TypeError:
        bound = False
    try:
        cls(*args, **kwargs)
        refused_as_call = False
    except ArgumentError as e:
        refused_as_call = e.rule in ("unknown-argument", "argument")
    except (MlagNetconfError, TypeError, ValueError, AttributeError):
        refused_as_call = False      # the call was well formed; a value was refused
    assert refused_as_call == (not bound)
