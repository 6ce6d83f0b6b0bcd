"""The CLI view (``Payload.cli()``): every rendered feature has its command line, every
line comes from a feature of the payload and follows that feature's seed syntax (the
registry's ``cli``), and the view is read from the XML, so it shows what is sent."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlag_netconf import payload
from mlag_netconf.errors import PayloadInvalid, ValueFormatError
from mlag_netconf.intent import load_intent
from mlag_netconf.model import Bgp, Device, Interface, Peer, PeerGroup, loopback, vbdif, vlanif
from mlag_netconf.render import FEATURES, Payload, render_device
from mlag_netconf.render.cliview import FORMATTERS, CliLine

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


# --------------------------------------------------------------------------- the syntax
def syntax_regex(syntax: str) -> re.Pattern[str]:
    """A registry ``cli`` syntax as a regex: ``<x>`` a value, ``[..]`` optional, ``a|b``
    one of, `` | `` between whole commands; ``undo`` may lead any command."""
    alternatives = []
    for command in syntax.split(" | "):
        out, space = "", ""
        for token in re.findall(r"\[[^\]]*\]|\S+", command):
            optional = token.startswith("[")
            body = token[1:-1] if optional else token
            words = [r"\S+" if word.startswith("<") else
                     "(?:" + "|".join(map(re.escape, word.split("|"))) + ")"
                     for word in body.split()]
            piece = r"\ ".join(words)
            if not optional:
                out += space + piece
                space = r"\ "
            elif space:
                out += f"(?:{space}{piece})?"
            else:  # a leading option carries the space after it
                out += f"(?:{piece}\\ )?"
        alternatives.append(out)
    return re.compile(r"(?:undo )?(?:" + "|".join(alternatives) + ")")


def test_syntax_regex_can_fail() -> None:
    rx = syntax_regex(FEATURES["interface.ipv4"].cli)
    assert rx.fullmatch("ip address 10.1.1.1 255.255.255.0 sub")
    assert rx.fullmatch("ip address 10.1.1.1 255.255.255.0")
    assert not rx.fullmatch("ip address 10.1.1.1")
    assert not rx.fullmatch("ipv6 address 10.1.1.1 255.255.255.0")
    group = syntax_regex(FEATURES["bgp.peer-group"].cli)
    assert group.fullmatch("group LEAF internal")
    assert not group.fullmatch("group LEAF sideways")


# --------------------------------------------------------------------------- the invariant
VIEW_OWNERS = ("vlan", "bd", "interface", "bgp", "bgp.family")


def assert_faithful(p: Payload) -> list[CliLine]:
    """Every feature of ``p`` has a line; every line comes from ``p``'s features and
    follows their syntax (a view opener that of its view's feature; ``quit`` closes)."""
    lines = p.cli_lines()
    assert lines, p.xml

    def opens(i: int) -> bool:  # a view opener: its content, or its quit, follows
        after = lines[i + 1] if i + 1 < len(lines) else None
        return after is not None and (after.depth > lines[i].depth or (
            after.command == "quit" and after.depth == lines[i].depth))

    shown = {f for line in lines for f in line.features}
    assert shown == set(p.features)
    for i, line in enumerate(lines):
        assert line.features, line
        assert set(line.features) <= set(p.features), line
        if line.command == "quit":
            continue
        candidates = VIEW_OWNERS if opens(i) else line.features
        assert any(syntax_regex(FEATURES[f].cli).fullmatch(line.command)
                   for f in candidates), (line, [FEATURES[f].cli for f in candidates])
    # views are balanced: each opener has its quit at the same depth
    depth_stack: list[int] = []
    for i, line in enumerate(lines):
        if line.command == "quit":
            assert depth_stack.pop() == line.depth
        elif opens(i):
            depth_stack.append(line.depth)
    assert depth_stack == []
    return lines


def test_every_registry_feature_has_a_formatter() -> None:
    assert set(FORMATTERS) == set(FEATURES)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_examples_are_faithful(example: Path) -> None:
    for p in load_intent(example).payloads().values():
        assert_faithful(p)


def every_feature_device() -> Device:
    """One device that uses every feature of the registry."""
    shared = vlanif(100, ipv4="10.1.1.1/24", ipv4_secondary=["10.1.2.1/24"],
                    virtual_mac="0000-5e00-0101", mlag_ipv4="10.1.1.2",
                    route_proxy_arp=True, ipv6=["2001:db8:1::1/64"],
                    ipv6_link_local="fe80::1", nd_na_glean=True, nd_proxy_route="prune",
                    mlag_ipv6="2001:db8:1::2/64", mlag_ipv6_link_local="fe80::1:2")
    vb = vbdif(10, vni=5010, ipv4="172.16.10.1/24", local_proxy_arp=True)
    bgp = Bgp(65001, router_id="1.1.1.1").with_peer_group(
        PeerGroup("LEAF", type="ebgp", remote_as=65100, connect_interface="LoopBack0",
                  ebgp_max_hop=2, families={"ipv4-unicast": True, "vpnv4": True}),
    ).with_peer(
        Peer("10.1.1.100", 65100, connect_interface="Vlanif100", source_address="10.1.1.2",
             families={"ipv4-unicast": True}),
        Peer("2001:db8:1::100", 65100, connect_interface="Vlanif100",
             source_address="2001:db8:1::2", families={"ipv6-unicast": True,
                                                      "ipv4-unicast": False}),
        Peer("192.0.2.9", group="LEAF"),
    )
    return Device("A", interfaces=[shared, vb, loopback(0, "1.1.1.1/32")], bgp=bgp)


def test_a_device_with_every_feature() -> None:
    p = render_device(every_feature_device())
    assert set(p.features) == set(FEATURES)
    lines = assert_faithful(p)
    text = [str(line) for line in lines]
    for expected in ("vlan 100", "bridge-domain 10", " vxlan vni 5010", "interface Vlanif100",
                     " ip address 10.1.2.1 255.255.255.0 sub", " ipv6 address fe80::1 link-local",
                     " ipv6 nd proxy route enable prune", " arp-proxy local enable",
                     " group LEAF external", " peer LEAF as-number 65100",
                     " peer LEAF connect-interface LoopBack0", " peer LEAF ebgp-max-hop 2",
                     " peer 192.0.2.9 group LEAF", "  undo peer 2001:db8:1::100 enable",
                     "  peer LEAF enable", " ipv4-family vpnv4"):
        assert expected in text, expected
    # prune is one command for two features
    prune = next(line for line in lines if line.command.endswith("prune"))
    assert set(prune.features) == {"interface.nd-route-proxy", "interface.nd-route-proxy-prune"}


def test_exact_text_in_the_seed_syntax() -> None:
    bgp = Bgp(65001, router_id="1.1.1.1").with_peer(
        Peer("10.1.1.100", 65100, connect_interface="Vlanif100", source_address="10.1.1.2",
             families={"ipv4-unicast": True}))
    dev = Device("DeviceA", interfaces=[vlanif(100, ipv4="10.1.1.1/24", mlag_ipv4="10.1.1.2")],
                 bgp=bgp)
    assert payload(dev).cli() == "\n".join([
        "vlan 100",
        "quit",
        "interface Vlanif100",
        " ip address 10.1.1.1 255.255.255.0",
        " m-lag ip address 10.1.1.2 255.255.255.0",
        "quit",
        "bgp 65001",
        " router-id 1.1.1.1",
        " peer 10.1.1.100 as-number 65100",
        " peer 10.1.1.100 connect-interface Vlanif100 10.1.1.2",
        " ipv4-family unicast",
        "  peer 10.1.1.100 enable",
        " quit",
        "quit",
    ])


def test_families_follow_the_seed_order_and_undo() -> None:
    bgp = Bgp(65001).with_peer(Peer("192.0.2.2", 65002,
                                    families={"vpnv4": True, "ipv4-unicast": False}))
    text = payload(Device("A", bgp=bgp)).cli().splitlines()
    assert text[-7:] == [" ipv4-family unicast", "  undo peer 192.0.2.2 enable", " quit",
                         " ipv4-family vpnv4", "  peer 192.0.2.2 enable", " quit", "quit"]


# --------------------------------------------------------------------------- from the XML
def test_the_view_is_read_from_the_xml(tmp_path: Path) -> None:
    p = render_device(every_feature_device())
    written = p.write(tmp_path / "A.xml")
    again = Payload.from_file(written)
    assert again.features == ()
    assert again.cli() == p.cli()
    edited = Payload("A", p.xml.replace("<ip>10.1.2.1</ip>", "<ip>10.9.9.9</ip>"), p.features)
    assert " ip address 10.9.9.9 255.255.255.0 sub" in edited.cli().splitlines()


def test_a_node_no_feature_covers_is_an_error() -> None:
    p = payload(Device("A", interfaces=[vlanif(100, ipv4="10.1.1.1/24")]))
    odd = Payload("A", p.xml.replace("<type>main</type>", "<type>main</type><tag>5</tag>"), ())
    with pytest.raises(PayloadInvalid) as info:
        odd.cli()
    assert info.value.rule == "cli-view-unknown-node"
    assert info.value.path.endswith("/address/tag ['Vlanif100', '10.1.1.1']")


def test_bgp_settings_without_the_as_are_an_error() -> None:
    p = payload(Device("A", bgp=Bgp(65001, router_id="1.1.1.1")))
    start, end = p.xml.index('<bgp xmlns="urn:huawei:yang:huawei-bgp">'), p.xml.index(
        "</bgp>") + len("</bgp>")
    with pytest.raises(PayloadInvalid) as info:
        Payload("A", p.xml[:start] + p.xml[end:], ()).cli()
    assert (info.value.rule, info.value.path) == ("cli-view-no-as", "/bgp/base-process/as")


def test_notebook_view_shows_the_cli() -> None:
    html = render_device(every_feature_device())._repr_html_()
    assert "CLI view" in html
    assert "m-lag ip address 10.1.1.2 255.255.255.0" in html
    broken = Payload("A", "<config xmlns='urn:ietf:params:xml:ns:netconf:base:1.0'>"
                          "<x xmlns='urn:x'/></config>", ())
    assert "cli-view-unknown-node" in broken._repr_html_()


def test_control_characters_are_a_typed_error_not_an_lxml_one() -> None:
    # the peer-group name leaf refuses them when the builder is made...
    with pytest.raises(ValueFormatError) as made:
        PeerGroup("G\x01", type="ebgp", remote_as=5)
    assert made.value.rule == "peer-group-name"
    # ...and the XML builder itself never hands lxml text it cannot carry
    from mlag_netconf.render.builder import ConfigBuilder

    with pytest.raises(ValueFormatError) as info:
        ConfigBuilder().set("bgp.peer-group", "_public_", "G\x01", leaves={"type": "ebgp"})
    assert info.value.rule == "xml-text"
    assert info.value.path.startswith("bgp.peer-group[")
    with pytest.raises(ValueFormatError) as leaf:
        ConfigBuilder().set("bgp.peer-group", "_public_", "G", leaves={"type": "e\x02"})
    assert leaf.value.rule == "xml-text"


# --------------------------------------------------------------------------- hypothesis
@st.composite
def interfaces(draw: st.DrawFn) -> Interface:
    n = draw(st.integers(1, 200))
    kind = draw(st.sampled_from(["vlanif", "vbdif"]))
    fields: dict[str, object] = {"ipv4": f"10.{n}.0.1/24"}
    if draw(st.booleans()):
        fields["virtual_mac"] = "0000-5e00-0101"
    if draw(st.booleans()):
        fields["mlag_ipv4"] = f"10.{n}.0.2"
    if draw(st.booleans()):
        fields["ipv4_secondary"] = [f"10.{n}.1.1/24"]
    if draw(st.booleans()):
        fields["route_proxy_arp" if kind == "vlanif" else "local_proxy_arp"] = True
    if draw(st.booleans()):
        fields["ipv6"] = [f"2001:db8:{n:x}::1/64"]
        if draw(st.booleans()):
            fields["mlag_ipv6"] = f"2001:db8:{n:x}::2/64"
        fields["nd_na_glean"] = draw(st.booleans())
        fields["nd_proxy_route"] = draw(st.sampled_from(["off", "on", "prune"]))
        if draw(st.booleans()):
            fields["mlag_ipv6_link_local"] = f"fe80::{n:x}:2"
        if draw(st.booleans()):
            fields["ipv6_link_local"] = f"fe80::{n:x}:1"
    if kind == "vbdif":
        return vbdif(n, vni=draw(st.none() | st.integers(1, 16777215)), **fields)
    return vlanif(n, **fields)


FAMILIES = st.dictionaries(st.sampled_from(["ipv4-unicast", "ipv6-unicast", "vpnv4"]),
                           st.booleans(), max_size=3)


@st.composite
def devices(draw: st.DrawFn) -> Device:
    ifaces = {i.name: i for i in draw(st.lists(interfaces(), max_size=4))}
    bgp = None
    if draw(st.booleans()):
        bgp = Bgp(draw(st.sampled_from([65001, "1.10"])),
                  router_id=draw(st.none() | st.just("1.1.1.1")))
        groups = [PeerGroup(f"G{i}", type=draw(st.sampled_from(["ebgp", "ibgp"])),
                            families=draw(FAMILIES))
                  for i in range(draw(st.integers(0, 2)))]
        peers = [Peer(f"192.0.2.{i + 1}", 65000 + i, families=draw(FAMILIES),
                      ebgp_max_hop=draw(st.none() | st.integers(1, 255)),
                      group=draw(st.none() | st.sampled_from([g.name for g in groups]))
                      if groups else None)
                 for i in range(draw(st.integers(0, 3)))]
        bgp = bgp.with_peer_group(*groups).with_peer(*peers)
    return Device("A", interfaces=list(ifaces.values()), bgp=bgp)


@settings(max_examples=150, deadline=None)
@given(devices())
def test_every_rendered_feature_has_its_line(dev: Device) -> None:
    p = render_device(dev)  # the CLI view is of whatever is rendered, rules aside
    if not p.features:
        assert p.cli() == ""
        return
    assert_faithful(p)
    assert Payload("A", p.xml, ()).cli() == p.cli()  # the XML alone gives the same view
