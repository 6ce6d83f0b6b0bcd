"""mlag_netconf.schema: loading, node lookup, validate() and check_edit().

The first part uses a tiny module written to a temporary folder (it pins down the
mechanics); the second part uses the project's own ``yang/`` folder and the payload
snippets of YANG-PATHS.md. Every test on a loaded schema runs on both validator
backends (yangson alone; the libyang gate in front of it): the findings are the same.
"""

from __future__ import annotations

import os
from copy import deepcopy
from pathlib import Path

import pytest
from lxml import etree

from mlag_netconf.errors import SchemaError
from mlag_netconf.schema import DEFAULT_YANG_DIR, Schema, SchemaIssue, SchemaNode
from mlag_netconf.schema.fast import libyang_version

TINY = """
module tiny {
  yang-version 1.1;
  namespace "urn:example:tiny";
  prefix t;
  revision 2024-01-01 { description "Test module."; }
  feature fancy;
  container top {
    must "count(item[kind='main']) <= 1" { error-message "at most one main item"; }
    list item {
      key "name";
      leaf name { type string { length "1..10"; } }
      leaf mask { type string { pattern '[0-9]+\\.[0-9]+'; } mandatory true; }
      leaf kind { type enumeration { enum main; enum sub; } }
      leaf num { type uint8 { range "1..100"; } }
      leaf ref { type leafref { path "../../item/name"; } }
      leaf flag { type boolean; default false; }
      leaf only-if-flag { type string; when "../flag = 'true'"; }
      container opt { presence "optional"; leaf v { type int32; mandatory true; } }
      container np { leaf d { type string; default "x"; } }
    }
  }
  augment "/t:top/t:item" {
    when "t:kind = 'sub'";
    container subby {
      leaf q { type string; default "qq"; }
      leaf r { type uint8; must ". > 5"; }
    }
  }
}
"""
NS = "urn:example:tiny"
NC = "urn:ietf:params:xml:ns:netconf:base:1.0"


def xml(text: str) -> etree._Element:
    return etree.fromstring(text)


def data(body: str) -> etree._Element:
    return xml(f'<data xmlns:nc="{NC}"><top xmlns="{NS}">{body}</top></data>')


def item(name: str, mask: str = "1.2", extra: str = "") -> str:
    return f"<item><name>{name}</name><mask>{mask}</mask>{extra}</item>"


def tags(issues: list[SchemaIssue]) -> list[tuple[str, str | None]]:
    return [(i.tag, i.app_tag) for i in issues]


def _needs(backend: str) -> None:
    """The libyang backend is an optional extra: skipped without it, except in CI."""
    if backend == "libyang" and libyang_version() is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("libyang (pip install 'mlag-netconf[fast]') is missing in CI")
        pytest.skip("libyang is not installed (pip install 'mlag-netconf[fast]')")


@pytest.fixture(params=["yangson", "libyang"])
def tiny(request: pytest.FixtureRequest, tmp_path: Path) -> Schema:
    _needs(request.param)
    (tmp_path / "tiny.yang").write_text(TINY, encoding="utf-8")
    schema = Schema.load(tmp_path, backend=request.param)
    assert schema.backend == request.param
    return schema


# --------------------------------------------------------------------------- loading
def test_load_is_cached_per_folder_and_file_state(tmp_path: Path) -> None:
    (tmp_path / "tiny.yang").write_text(TINY, encoding="utf-8")
    first = Schema.load(tmp_path)
    assert Schema.load(str(tmp_path)) is first
    (tmp_path / "tiny.yang").write_text(TINY.replace("2024-01-01", "2024-02-02"),
                                        encoding="utf-8")
    second = Schema.load(tmp_path)
    assert second is not first
    assert second.modules[0].revision == "2024-02-02"


def test_modules_and_capabilities(tiny: Schema) -> None:
    (info,) = tiny.modules
    assert (info.name, info.revision, info.namespace, info.prefix) == (
        "tiny", "2024-01-01", NS, "t")
    assert info.features == ("fancy",)
    assert tiny.capabilities() == [
        f"{NS}?module=tiny&revision=2024-01-01&features=fancy"]
    assert "module tiny" in tiny.module_text("tiny")
    assert "module tiny" in tiny.module_text("tiny", "2024-01-01")
    with pytest.raises(KeyError):
        tiny.module_text("tiny", "1999-01-01")
    with pytest.raises(KeyError):
        tiny.module_text("nope")


def test_broken_module_raises_schema_error(tmp_path: Path) -> None:
    (tmp_path / "bad.yang").write_text("module bad { namespace", encoding="utf-8")
    with pytest.raises(SchemaError):
        Schema.load(tmp_path)


def test_unresolvable_import_raises_schema_error(tmp_path: Path) -> None:
    (tmp_path / "imp.yang").write_text(
        'module imp { namespace "urn:imp"; prefix i; import missing { prefix m; } }',
        encoding="utf-8")
    with pytest.raises(SchemaError):
        Schema.load(tmp_path)


def test_empty_folder_raises_schema_error(tmp_path: Path) -> None:
    with pytest.raises(SchemaError):
        Schema.load(tmp_path)


# --------------------------------------------------------------------------- nodes
def test_child_and_node_at(tiny: Schema) -> None:
    top = tiny.child(None, NS, "top")
    assert top is not None
    assert top.kind == "container"
    assert not top.presence
    lst = tiny.child(top, NS, "item")
    assert lst is not None
    assert lst.kind == "list"
    assert lst.keys == ("name",)
    assert lst.path == ((NS, "top"), (NS, "item"))
    assert tiny.node_at(lst.path) == lst
    flag = tiny.child(lst, NS, "flag")
    assert flag is not None
    assert flag.kind == "leaf"
    assert flag.default == "false"
    assert flag.type == "boolean"
    opt = tiny.child(lst, NS, "opt")
    assert opt is not None
    assert opt.presence
    assert tiny.child(lst, NS, "subby") is not None  # augment with a when
    assert tiny.child(lst, NS, "nope") is None
    assert tiny.child(lst, "urn:other", "name") is None
    assert tiny.child(flag, NS, "x") is None
    assert tiny.node_at([(NS, "top"), (NS, "nope"), (NS, "x")]) is None
    names = [c.name for c in tiny.children(lst)]
    assert names[:3] == ["name", "mask", "kind"]
    assert "subby" in names


# --------------------------------------------------------------------------- validate
def test_valid_document(tiny: Schema) -> None:
    doc = data(item("a", extra="<kind>main</kind>") + item("b", extra="<ref>a</ref>"))
    assert tiny.validate(doc) == []


def test_empty_document_is_valid(tiny: Schema) -> None:
    assert tiny.validate(xml("<data/>")) == []


def test_syntax_errors_are_all_collected(tiny: Schema) -> None:
    doc = xml(f"""<data><top xmlns="{NS}">
      <item><name>a</name><mask>12</mask><kind>mian</kind><num>300</num><bogus/></item>
      <item><mask>1.1</mask></item>
      <item><name>c</name><mask>1.1</mask><num>x</num><flag>yes</flag></item>
    </top><x xmlns="urn:nowhere"/></data>""")
    issues = tiny.validate(doc)
    by_path = {i.path: i for i in issues}
    assert by_path["/t:top/item[name='a']/mask"].tag == "invalid-value"
    assert by_path["/t:top/item[name='a']/kind"].tag == "invalid-value"
    assert by_path["/t:top/item[name='a']/num"].tag == "invalid-value"
    assert by_path["/t:top/item[name='a']/bogus"].tag == "unknown-element"
    assert by_path["/t:top/item[name='a']/bogus"].element == "bogus"
    assert by_path["/t:top/item"].tag == "missing-element"
    assert by_path["/t:top/item"].element == "name"
    assert by_path["/t:top/item[name='c']/num"].tag == "invalid-value"
    assert by_path["/t:top/item[name='c']/flag"].tag == "invalid-value"
    assert by_path["/x"].tag == "unknown-namespace"
    assert len(issues) == 8


def test_semantic_errors_are_collected(tiny: Schema) -> None:
    doc = data("<item><name>a</name><kind>main</kind><ref>zz</ref>"
               "<only-if-flag>q</only-if-flag><opt/></item>"
               + item("b", extra="<kind>main</kind>"))
    issues = tiny.validate(doc)
    found = {(i.path, i.tag, i.app_tag) for i in issues}
    assert found == {
        ("/t:top", "operation-failed", "must-violation"),
        ("/t:top/item[name='a']/only-if-flag", "unknown-element", None),
        ("/t:top/item[name='a']/mask", "data-missing", "instance-required"),
        ("/t:top/item[name='a']/ref", "data-missing", "instance-required"),
        ("/t:top/item[name='a']/opt/v", "data-missing", "instance-required"),
    }
    must = next(i for i in issues if i.app_tag == "must-violation")
    assert must.message == "at most one main item"


def test_when_on_augment_does_not_add_defaults_where_false(tiny: Schema) -> None:
    # subby (defaults inside) only exists for kind='sub': no false "not allowed"
    assert tiny.validate(data(item("a") + item("b", extra="<kind>sub</kind>"))) == []
    issues = tiny.validate(data(item("a", extra="<subby/>")))
    assert tags(issues) == [("unknown-element", None)]
    assert issues[0].path == "/t:top/item[name='a']/subby"


def test_must_inside_conditional_container(tiny: Schema) -> None:
    issues = tiny.validate(data(item("a", extra="<kind>sub</kind><subby><r>3</r></subby>")))
    assert tags(issues) == [("operation-failed", "must-violation")]
    assert issues[0].path == "/t:top/item[name='a']/subby/r"


def test_defaults_are_seen_by_when(tiny: Schema) -> None:
    issues = tiny.validate(data(item("a", extra="<flag>true</flag><only-if-flag>q</only-if-flag>")))
    assert issues == []


def test_duplicate_keys(tiny: Schema) -> None:
    issues = tiny.validate(data(item("a") + item("a")))
    assert tags(issues) == [("operation-failed", "data-not-unique")]


def test_odd_documents_do_not_raise(tiny: Schema) -> None:
    doc = data("<!-- c --><item><name>a</name><mask>1.1</mask>text<np>z</np>"
               "<flag><x/></flag></item>")
    issues = tiny.validate(doc)
    assert tags(issues) == [("bad-element", None)]
    assert tiny.validate(xml(f'<data><top xmlns="{NS}"><top/></top></data>'))[0].tag == (
        "unknown-element")


# --------------------------------------------------------------------------- check_edit
def test_check_edit_accepts_partial_and_delete(tiny: Schema) -> None:
    cfg = xml(f"""<config xmlns="{NC}"><top xmlns="{NS}">
      <item xmlns:nc="{NC}" nc:operation="delete"><name>a</name></item>
      <item><name>b</name><num xmlns:nc="{NC}" nc:operation="remove"/></item>
      <item><name>c</name><ref>nowhere</ref><only-if-flag>q</only-if-flag></item>
    </top></config>""")
    assert tiny.check_edit(cfg) == []


def test_repeated_container_is_fine_in_an_edit_only(tiny: Schema) -> None:
    body = f'<top xmlns="{NS}">{item("a")}</top><top xmlns="{NS}">{item("b")}</top>'
    assert tiny.check_edit(xml(f"<config>{body}</config>")) == []
    assert tags(tiny.validate(xml(f"<data>{body}</data>"))) == [("bad-element", None)]


def test_check_edit_rejects(tiny: Schema) -> None:
    cfg = xml(f"""<config xmlns="{NC}" xmlns:nc="{NC}"><top xmlns="{NS}">
      <item nc:operation="destroy"><name>a</name></item>
      <item><num>0</num></item>
      <item><name>b</name><nope/><num nc:operation="merge"/></item>
    </top></config>""")
    issues = tiny.check_edit(cfg)
    assert sorted(tags(issues)) == [("bad-attribute", None), ("invalid-value", None),
                                    ("invalid-value", None), ("missing-element", None),
                                    ("unknown-element", None)]


# --------------------------------------------------------------------------- project yang/
IFM = "urn:huawei:yang:huawei-ifm"
IP = "urn:huawei:yang:huawei-ip"
BGP = "urn:huawei:yang:huawei-bgp"
NI = "urn:huawei:yang:huawei-network-instance"
L3VPN = "urn:huawei:yang:huawei-l3vpn"
MNX = "urn:mlag-netconf:yang:mlag-netconf-ext"
CONFIG = f'<config xmlns="{NC}" xmlns:nc="{NC}">{{}}</config>'

BASELINE = f"""
<network-instance xmlns="{NI}"><instances><instance><name>_public_</name>
  <afs xmlns="{L3VPN}"><af><type>ipv4-unicast</type></af><af><type>ipv6-unicast</type></af></afs>
</instance></instances></network-instance>
<bgp xmlns="{BGP}"><base-process><enable>true</enable><as>65001</as></base-process></bgp>
"""
_IF = (f'<ifm xmlns="{IFM}"><interfaces><interface><name>{{}}</name>{{}}</interface>'
       "</interfaces></ifm>")
_BP = (f'<network-instance xmlns="{NI}"><instances><instance><name>_public_</name>'
       f'<bgp xmlns="{BGP}"><base-process>{{}}</base-process></bgp>'
       '</instance></instances></network-instance>')

# The <config> snippets of YANG-PATHS.md §1-§12 (children only), plus the M-LAG nodes.
SNIPPETS = {
    "vlanif": """<vlan xmlns="urn:huawei:yang:huawei-vlan"><vlans><vlan><id>100</id></vlan>
        </vlans></vlan>""" + _IF.format("Vlanif100", "<class>main-interface</class>"
                                        "<type>Vlanif</type><number>100</number>"),
    "vbdif": """<bd xmlns="urn:huawei:yang:huawei-bd"><instances><instance><id>10</id>
        <nvo3 xmlns="urn:huawei:yang:huawei-nvo3"><vni-list><vni>5010</vni></vni-list></nvo3>
        </instance></instances></bd>""" + _IF.format(
        "Vbdif10", "<class>main-interface</class><type>Vbdif</type><number>10</number>"),
    "ipv4-main": _IF.format("Vlanif100", f"""<ipv4 xmlns="{IP}"><addresses><address>
        <ip>10.1.0.4</ip><mask>255.255.255.0</mask><type>main</type></address>
        </addresses></ipv4>"""),
    "ipv4-sub": _IF.format("Vlanif100", f"""<ipv4 xmlns="{IP}"><addresses><address>
        <ip>10.1.1.4</ip><mask>255.255.255.0</mask><type>sub</type></address>
        </addresses></ipv4>"""),
    "mac": _IF.format("Vlanif100", "<mac-address>0000-5e00-0101</mac-address>"),
    "arp-route-proxy": _IF.format("Vlanif100", '<arp-entry xmlns="urn:huawei:yang:huawei-arp">'
                                  "<route-proxy-enable>true</route-proxy-enable></arp-entry>"),
    "arp-local-proxy": _IF.format("Vbdif10", '<arp-entry xmlns="urn:huawei:yang:huawei-arp">'
                                  "<local-proxy-enable>true</local-proxy-enable></arp-entry>"),
    "ipv6-enable": _IF.format("Vlanif100", f'<ipv6 xmlns="{IP}"/>'),
    "ipv6-global": _IF.format("Vlanif100", f"""<ipv6 xmlns="{IP}"><addresses><address>
        <ip>2001:db8:100::4</ip><prefix-length>64</prefix-length><type>global</type>
        </address></addresses></ipv6>"""),
    "ipv6-link-local": _IF.format("Vlanif100", f"""<ipv6 xmlns="{IP}"><addresses><address>
        <ip>fe80::4</ip><prefix-length>10</prefix-length><type>link-local</type>
        </address></addresses></ipv6>"""),
    "na-glean": _IF.format("Vlanif100", f"""<ipv6 xmlns="{IP}">
        <nd-collection xmlns="urn:huawei:yang:huawei-ipv6-nd"><if-property>
        <na-glean>on</na-glean></if-property></nd-collection></ipv6>"""),
    "nd-route-proxy": _IF.format("Vlanif100", f"""<ipv6 xmlns="{IP}">
        <nd-collection xmlns="urn:huawei:yang:huawei-ipv6-nd"><proxys>
        <route-proxy>on</route-proxy>
        <route-proxy-prune xmlns="{MNX}">true</route-proxy-prune>
        </proxys></nd-collection></ipv6>"""),
    "mlag-ipv4": _IF.format("Vlanif100", f"""<ipv4 xmlns="{IP}"><m-lag-ipv4 xmlns="{MNX}">
        <ip>10.1.1.2</ip><mask>255.255.255.0</mask></m-lag-ipv4></ipv4>"""),
    "mlag-ipv6": _IF.format("Vlanif100", f"""<ipv6 xmlns="{IP}"><m-lag-ipv6 xmlns="{MNX}">
        <ip>2001:db8:1::2</ip><prefix-length>64</prefix-length>
        <link-local>fe80::1:2</link-local></m-lag-ipv6></ipv6>"""),
    "router-id": _BP.format("<router-id>1.1.1.1</router-id>"),
    "peers": _BP.format("""<peers>
        <peer><address>10.1.0.100</address><remote-as>65100</remote-as></peer>
        <peer><address>2001:db8:100::100</address><remote-as>65100</remote-as></peer>
        </peers>"""),
    "peer-group": _BP.format("""<peer-groups><peer-group><name>LEAF</name><type>ebgp</type>
        <group-as>65100</group-as></peer-group></peer-groups>"""),
    "connect-interface": _BP.format("""<peers><peer><address>10.1.0.100</address>
        <local-if-name>Vlanif100</local-if-name><local-if-address>10.1.0.1</local-if-address>
        </peer></peers>"""),
    "loopback-peer": _IF.format("LoopBack0", "<class>main-interface</class>"
                                "<type>LoopBack</type><number>0</number>")
    + _BP.format("""<peers><peer><address>192.0.2.2</address><remote-as>65200</remote-as>
        <local-if-name>LoopBack0</local-if-name><ebgp-max-hop>255</ebgp-max-hop>
        </peer></peers>"""),
    "ipv4-family": _BP.format("""<afs><af><type>ipv4uni</type></af></afs>
        <peers><peer><address>10.1.0.100</address><afs><af><type>ipv4uni</type>
        <ipv4-unicast/></af></afs></peer></peers>"""),
    "ipv6-family": _BP.format("""<afs><af><type>ipv6uni</type></af></afs>
        <peers><peer><address>2001:db8:100::100</address><afs><af><type>ipv6uni</type>
        </af></afs></peer></peers>"""),
    "vpnv4-family": _BP.format("""<afs><af><type>ipv4vpn</type></af></afs>
        <peers><peer><address>192.0.2.2</address><afs><af><type>ipv4vpn</type></af></afs>
        </peer></peers>"""),
    "group-family": _BP.format("""<peer-groups><peer-group><name>LEAF</name>
        <afs><af><type>ipv4uni</type></af></afs></peer-group></peer-groups>"""),
}


@pytest.fixture(scope="module", params=["yangson", "libyang"])
def schema(request: pytest.FixtureRequest) -> Schema:
    _needs(request.param)
    return Schema.load(backend=request.param)


def merge(schema: Schema, target: etree._Element, source: etree._Element,
          parent: SchemaNode | None = None) -> None:
    """Merge ``source``'s children into ``target`` (list entries matched on their keys)."""
    for child in source:
        if not isinstance(child.tag, str):
            continue
        ns, local = child.tag[1:].split("}")
        node = schema.child(parent, ns, local)
        assert node is not None, child.tag
        match = None
        for old in target.findall(child.tag):
            if node.kind == "leaf":
                old.text = child.text
                match = old
            elif node.kind == "container" or all(
                    old.findtext(f"{{{ns}}}{k}") == child.findtext(f"{{{ns}}}{k}")
                    for k in node.keys):
                match = old
            if match is not None:
                break
        if match is None:
            target.append(deepcopy(child))
        elif node.kind != "leaf":
            merge(schema, match, child, node)


def datastore(schema: Schema, *parts: str) -> etree._Element:
    doc = xml(CONFIG.format(BASELINE))
    for part in parts:
        merge(schema, doc, xml(CONFIG.format(part)))
    return doc


def full(schema: Schema) -> etree._Element:
    return datastore(schema, *SNIPPETS.values())


def at(doc: etree._Element, path: str) -> etree._Element:
    """The first element matching an XPath using the prefixes below."""
    found = doc.xpath(path, namespaces={"ifm": IFM, "ip": IP, "bgp": BGP, "ni": NI,
                                        "l3vpn": L3VPN, "mnx": MNX})
    assert isinstance(found, list)
    assert found, path
    first = found[0]
    assert isinstance(first, etree._Element)
    return first


_PUBLIC_BP = "//ni:instance[ni:name='_public_']/bgp:bgp/bgp:base-process"
_PEER = _PUBLIC_BP + "/bgp:peers/bgp:peer[bgp:address='{}']"


def test_default_yang_dir_is_the_repository_folder() -> None:
    repo_yang = Path(__file__).resolve().parents[2] / "yang"
    assert repo_yang == DEFAULT_YANG_DIR


def test_project_modules_and_capabilities(schema: Schema) -> None:
    names = {m.name for m in schema.modules}
    assert names >= {"huawei-ifm", "huawei-ip", "huawei-arp", "huawei-ipv6-nd", "huawei-bgp",
                     "huawei-network-instance", "huawei-l3vpn", "huawei-vlan", "huawei-bd",
                     "huawei-nvo3", "mlag-netconf-ext"}
    assert "libyang-fixups" not in names  # lives in vendor-validation/, not loaded
    assert (f"{IP}?module=huawei-ip&revision=2022-04-28" in schema.capabilities())
    ext = schema.module("mlag-netconf-ext")
    assert ext is not None
    assert ext.prefix == "mnx"
    assert ext.namespace == MNX
    assert "augment" in schema.module_text("mlag-netconf-ext")


def test_nodes_and_keys(schema: Schema) -> None:
    iface = schema.node_at([(IFM, "ifm"), (IFM, "interfaces"), (IFM, "interface")])
    assert iface is not None
    assert iface.kind == "list"
    assert iface.keys == ("name",)
    ipv4 = schema.child(iface, IP, "ipv4")
    address = schema.node_at([*iface.path, (IP, "ipv4"), (IP, "addresses"), (IP, "address")])
    assert ipv4 is not None
    assert address is not None
    assert address.keys == ("ip",)
    assert schema.child(iface, IP, "ipv6") is not None
    assert schema.child(iface, IP, "ipv6").presence  # type: ignore[union-attr]
    mlag = schema.child(ipv4, MNX, "m-lag-ipv4")
    assert mlag is not None
    assert mlag.presence
    assert mlag.module == "mlag-netconf-ext"
    bp = schema.node_at([(NI, "network-instance"), (NI, "instances"), (NI, "instance"),
                         (BGP, "bgp"), (BGP, "base-process")])
    assert bp is not None
    assert bp.presence
    peer = schema.node_at([*bp.path, (BGP, "peers"), (BGP, "peer")])
    assert peer is not None
    assert peer.keys == ("address",)
    af = schema.node_at([*peer.path, (BGP, "afs"), (BGP, "af")])
    assert af is not None
    assert af.keys == ("type",)
    remote_as = schema.child(peer, BGP, "remote-as")
    assert remote_as is not None
    assert remote_as.mandatory
    vrf = schema.child(iface, IFM, "vrf-name")
    assert vrf is not None
    assert (vrf.type, vrf.default) == ("leafref", "_public_")
    assert schema.child(iface, IP, "m-lag-ipv4") is None


def test_snippets_merged_into_baseline_are_valid(schema: Schema) -> None:
    assert schema.validate(full(schema)) == []


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_each_snippet_passes_check_edit(schema: Schema, name: str) -> None:
    assert schema.check_edit(xml(CONFIG.format(SNIPPETS[name]))) == []


def test_rejects_bad_mask(schema: Schema) -> None:
    doc = full(schema)
    at(doc, "//ip:address[ip:ip='10.1.0.4']/ip:mask").text = "255.255.255.256"
    issues = schema.validate(doc)
    assert tags(issues) == [("invalid-value", None)]
    assert issues[0].path == ("/ifm:ifm/interfaces/interface[name='Vlanif100']/ip:ipv4"
                              "/addresses/address[ip='10.1.0.4']/mask")
    assert issues[0].element == "mask"


def test_rejects_two_main_addresses(schema: Schema) -> None:
    doc = full(schema)
    at(doc, "//ip:address[ip:ip='10.1.1.4']/ip:type").text = "main"
    issues = schema.validate(doc)
    assert tags(issues) == [("operation-failed", "must-violation")]
    assert issues[0].path.endswith("/ip:ipv4/addresses")


def test_rejects_peer_without_remote_as(schema: Schema) -> None:
    doc = full(schema)
    peer = at(doc, _PEER.format("10.1.0.100"))
    peer.remove(at(peer, "bgp:remote-as"))
    issues = schema.validate(doc)
    assert tags(issues) == [("data-missing", "instance-required")]
    assert issues[0].path.endswith("/peers/peer[address='10.1.0.100']/remote-as")
    assert issues[0].element == "remote-as"


def test_rejects_peer_family_missing_on_instance(schema: Schema) -> None:
    doc = full(schema)
    afs = at(doc, _PUBLIC_BP + "/bgp:afs")
    afs.remove(at(afs, "bgp:af[bgp:type='ipv6uni']"))
    issues = schema.validate(doc)
    assert tags(issues) == [("operation-failed", "must-violation")]
    assert issues[0].path.endswith("/peer[address='2001:db8:100::100']/afs/af[type='ipv6uni']"
                                   "/type")


def test_rejects_peer_family_without_l3vpn_family(schema: Schema) -> None:
    doc = full(schema)
    l3afs = at(doc, "//l3vpn:afs")
    l3afs.remove(at(l3afs, "l3vpn:af[l3vpn:type='ipv4-unicast']"))
    issues = schema.validate(doc)
    assert {(i.tag, i.app_tag) for i in issues} == {("operation-failed", "must-violation")}
    assert any(i.path.endswith("/afs/af[type='ipv4uni']/ipv4-unicast") for i in issues)


def test_rejects_dangling_local_if_name(schema: Schema) -> None:
    doc = full(schema)
    at(doc, _PEER.format("10.1.0.100") + "/bgp:local-if-name").text = "Vlanif999"
    issues = schema.validate(doc)
    assert tags(issues) == [("data-missing", "instance-required")]
    assert issues[0].path.endswith("/peer[address='10.1.0.100']/local-if-name")


def test_rejects_upper_case_mac(schema: Schema) -> None:
    doc = full(schema)
    at(doc, "//ifm:interface[ifm:name='Vlanif100']/ifm:mac-address").text = "0000-5E00-0101"
    assert tags(schema.validate(doc)) == [("invalid-value", None)]


def test_rejects_as_without_enable(schema: Schema) -> None:
    doc = full(schema)
    process = at(doc, "/*/bgp:bgp/bgp:base-process")
    process.remove(at(process, "bgp:enable"))
    issues = schema.validate(doc)
    found = {(i.path, i.tag, i.app_tag) for i in issues}
    assert ("/bgp:bgp/base-process/enable", "operation-failed", "must-violation") in found
    assert ("/bgp:bgp/base-process/as", "unknown-element", None) in found


def test_rejects_mlag_nodes(schema: Schema) -> None:
    doc = full(schema)
    at(doc, "//mnx:m-lag-ipv6/mnx:link-local").text = "2001:db8::1"
    mlag4 = at(doc, "//mnx:m-lag-ipv4")
    mlag4.remove(at(mlag4, "mnx:mask"))
    at(doc, "//*[local-name()='route-proxy']").text = "off"
    issues = schema.validate(doc)
    assert tags(issues) == [("invalid-value", None)]  # syntax first
    at(doc, "//mnx:m-lag-ipv6/mnx:link-local").text = "fe80::9"
    found = {(i.path.rsplit("/", 1)[-1], i.tag, i.app_tag) for i in schema.validate(doc)}
    assert found == {("mask", "data-missing", "instance-required"),
                     ("mnx:route-proxy-prune", "operation-failed", "must-violation")}


def test_interface_conditions(schema: Schema) -> None:
    doc = full(schema)
    # local proxy ARP is for VBDIF only; ND settings not on a LoopBack
    vlanif_arp = at(doc, "//ifm:interface[ifm:name='Vlanif100']/*[local-name()='arp-entry']")
    etree.SubElement(vlanif_arp, "{urn:huawei:yang:huawei-arp}local-proxy-enable").text = "true"
    merge(schema, doc, xml(CONFIG.format(_IF.format("LoopBack0", f"""<ipv6 xmlns="{IP}">
        <nd-collection xmlns="urn:huawei:yang:huawei-ipv6-nd"/></ipv6>"""))))
    issues = schema.validate(doc)
    assert sorted(i.path.rsplit("/", 1)[-1] for i in issues) == [
        "ipv6-nd:nd-collection", "local-proxy-enable"]
    assert {i.tag for i in issues} == {"unknown-element"}


def test_loopback_with_ipv6_gets_no_nd_defaults(schema: Schema) -> None:
    doc = datastore(schema, _IF.format("LoopBack0", "<class>main-interface</class>"
                                       f'<type>LoopBack</type><ipv6 xmlns="{IP}"/>'))
    assert schema.validate(doc) == []


def test_check_edit_delete_fragment(schema: Schema) -> None:
    delete = _BP.format("""<peers><peer><address>192.0.2.2</address>
        <afs><af nc:operation="delete"><type>ipv4uni</type></af></afs></peer></peers>""")
    assert schema.check_edit(xml(CONFIG.format(delete))) == []
    remove = _IF.format("Vlanif100", '<mac-address nc:operation="remove"/>'
                        f'<ipv6 xmlns="{IP}" nc:operation="delete"/>')
    assert schema.check_edit(xml(CONFIG.format(remove))) == []


def test_check_edit_rejects_unknown_and_bad_values(schema: Schema) -> None:
    fragment = _IF.format("Vlanif100", f"""<ipv4 xmlns="{IP}"><addresses><address>
        <ip>10.1.0.4</ip><mask>255.255.255.0</mask><type>main</type>
        <m-lag-ip>10.1.0.5</m-lag-ip></address></addresses></ipv4>
        <mac-address>00:00:5e:00:01:01</mac-address>""") + _BP.format(
        """<peers><peer><address>10.1.0.300</address><remote-as>0</remote-as>
        <afs><af nc:operation="drop"><type>ipv4multi</type></af></afs></peer></peers>""")
    issues = schema.check_edit(xml(CONFIG.format(fragment)))
    assert sorted((i.tag, i.element) for i in issues) == [
        ("bad-attribute", "af"), ("invalid-value", "address"), ("invalid-value", "mac-address"),
        ("invalid-value", "remote-as"), ("invalid-value", "type"),
        ("unknown-element", "m-lag-ip")]


def test_validate_50_interfaces_finds_the_one_bad_entry(schema: Schema) -> None:
    # Its time is measured by bench/bench_schema.py, never asserted here.
    parts = []
    for n in range(100, 150):
        parts.append(f"""<vlan xmlns="urn:huawei:yang:huawei-vlan"><vlans><vlan><id>{n}</id>
            </vlan></vlans></vlan>""")
        parts.append(_IF.format(f"Vlanif{n}", f"""<class>main-interface</class><type>Vlanif</type>
            <number>{n}</number><mac-address>0000-5e00-0101</mac-address>
            <ipv4 xmlns="{IP}"><addresses><address><ip>10.{n}.0.4</ip><mask>255.255.255.0</mask>
            <type>main</type></address></addresses></ipv4>
            <arp-entry xmlns="urn:huawei:yang:huawei-arp"><route-proxy-enable>true
            </route-proxy-enable></arp-entry>
            <ipv6 xmlns="{IP}"><addresses><address><ip>2001:db8:{n}::4</ip>
            <prefix-length>64</prefix-length><type>global</type></address></addresses>
            <nd-collection xmlns="urn:huawei:yang:huawei-ipv6-nd"><if-property>
            <na-glean>on</na-glean></if-property><proxys><route-proxy>on</route-proxy></proxys>
            </nd-collection></ipv6>"""))
        parts.append(_BP.format(f"""<peers><peer><address>10.{n}.0.100</address>
            <remote-as>65100</remote-as><local-if-name>Vlanif{n}</local-if-name>
            <afs><af><type>ipv4uni</type></af></afs></peer></peers>"""))
    doc = datastore(schema, _BP.format("<afs><af><type>ipv4uni</type></af></afs>"), *parts)
    assert schema.validate(doc) == []
    bad = deepcopy(doc)
    [*_, bad_as] = bad.iter(f"{{{BGP}}}remote-as")
    bad_as.text = "0"
    issues = schema.validate(bad)
    assert [(i.tag, i.element) for i in issues] == [("invalid-value", "remote-as")]
    assert "10.149.0.100" in issues[0].path


def test_validate_leaves_the_document_alone_and_repeats(tiny: Schema) -> None:
    doc = data("".join(item(f"i{n}", extra=f"<num>{n + 1}</num>") for n in range(50)))
    before = etree.tostring(doc)
    assert tiny.validate(doc) == []
    assert tiny.validate(doc) == []
    assert etree.tostring(doc) == before
    doc[0][7].find(f"{{{NS}}}num").text = "0"  # type: ignore[union-attr]
    first = tiny.validate(doc)
    assert [(i.tag, i.element) for i in first] == [("invalid-value", "num")]
    assert tiny.validate(doc) == first


VENDOR = Path(__file__).resolve().parents[3] / "shared" / "huawei-yang" / "8.22.0"


@pytest.mark.slow
@pytest.mark.skipif(not VENDOR.is_dir(), reason=f"vendor YANG modules not found at {VENDOR}")
def test_same_datastore_against_the_vendor_modules(schema: Schema) -> None:
    """Cross-check: the snippet datastore (minus the project's gap module) is valid
    against the full vendor set too, and a broken one fails there the same way."""
    vendor = Schema.load(VENDOR)
    doc = full(schema)
    for gap in list(doc.iter(f"{{{MNX}}}*")):
        parent = gap.getparent()
        if parent is not None and parent.tag.split("}")[0] != f"{{{MNX}":
            parent.remove(gap)
    assert vendor.validate(doc) == []
    at(doc, "//ip:address[ip:ip='10.1.1.4']/ip:type").text = "main"
    assert [(i.path, i.tag, i.app_tag) for i in vendor.validate(doc)] == [
        (i.path, i.tag, i.app_tag) for i in schema.validate(doc)]

