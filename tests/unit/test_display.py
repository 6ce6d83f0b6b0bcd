"""What a lab engineer sees in a notebook: short plain reprs (no defaults, no None) and
``_repr_html_`` views that escape every value. The exported tutorial is checked as a
whole in tests/integration/test_notebook.py."""

from __future__ import annotations

import dataclasses
import html
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from lxml import html as lxml_html

from mlag_netconf import (
    Bgp,
    Device,
    Interface,
    MlagPair,
    Peer,
    PeerGroup,
    ValidationErrors,
    load_intent,
    loopback,
    payloads,
    vlanif,
)
from mlag_netconf.enums import ErrorType
from mlag_netconf.errors import (
    CommitError,
    NetconfError,
    RpcErrorInfo,
    RuleViolation,
    TransactionError,
    root_cause_first,
)
from mlag_netconf.html import Html, esc, highlight_xml, table
from mlag_netconf.model.display import PAIR_RULES
from mlag_netconf.namespaces import EXT
from mlag_netconf.netconf.pair import DeviceResult, Plan, TransactionResult
from mlag_netconf.netconf.tree import Change, Diff
from mlag_netconf.render import FEATURES, Payload
from mlag_netconf.rules import RULES
from mlag_netconf.rules.catalog import RuleCatalogue

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
EVIL = "<script>alert('x')</script>&"


def parse(fragment: str) -> Any:
    """An HTML fragment as lxml.html elements (``text_content()``, ``iter()``...)."""
    return lxml_html.fragment_fromstring(fragment, create_parent="div")


def with_class(node: Any, cls: str) -> list[Any]:
    found: list[Any] = node.xpath(
        f".//*[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]")
    return found


def plain(text: str, limit: int = 160) -> None:
    """Short, one line, no None, no empty defaults."""
    assert len(text) <= limit, text
    assert "\n" not in text
    assert "None" not in text
    for default in ("=()", "=[]", "=False", "={}", "=''"):
        assert default not in text, text


@pytest.fixture(scope="module")
def mlag() -> tuple[MlagPair, dict[str, Payload]]:
    intent = load_intent(EXAMPLES / "bgp-over-mlag.yaml")
    assert intent.pair is not None
    return intent.pair, intent.payloads()


# --------------------------------------------------------------------------- reprs
def test_payload_repr_is_a_summary(mlag: tuple[MlagPair, dict[str, Payload]]) -> None:
    p = mlag[1]["DeviceB"]
    assert repr(p) == (f"Payload('DeviceB', {len(p.features)} features, "
                       f"{len(p.gap_features)} gap, {len(p.xml.splitlines())} lines)")
    assert repr(p) == "Payload('DeviceB', 18 features, 4 gap, 111 lines)"
    bare = Payload("X", "<config xmlns='urn:ietf:params:xml:ns:netconf:base:1.0'/>", ())
    assert repr(bare) == "Payload('X', 1 line)"


def test_builder_reprs_are_short_and_leave_out_defaults(
        mlag: tuple[MlagPair, dict[str, Payload]]) -> None:
    pair = mlag[0]
    a = pair.members[0]
    assert repr(pair) == ("MlagPair('DeviceA', 'DeviceB', shared_interface='Vlanif100', "
                          "user_side=['10.1.1.100', '2001:db8:1::100'])")
    assert repr(a) == "Device('DeviceA', Vlanif100, Bgp(AS 65001, router-id 1.1.1.1, 2 peers))"
    assert a.bgp is not None
    assert repr(a.bgp.peers[0]) == (
        "Peer('10.1.1.100', remote_as='65100', connect_interface='Vlanif100', "
        "source_address='10.1.1.2', families={'ipv4-unicast': True})")
    assert repr(vlanif(7)) == "Interface('Vlanif7')"
    for shown in (pair, a, a.bgp, *a.bgp.peers, PeerGroup("LEAF", remote_as=65100),
                  MlagPair((Device("A"), Device("B")), mode="active-standby")):
        plain(repr(shown))
    plain(repr(a.interfaces[0]), limit=400)  # a leaf shows all it holds


def test_device_repr_names_at_most_three_interfaces() -> None:
    d = Device("A", interfaces=[vlanif(n) for n in range(10, 15)], platform="CE6820H",
               low_latency=True)
    assert repr(d) == ("Device('A', Vlanif10, Vlanif11, Vlanif12 +2 more, "
                       "platform='CE6820H', low_latency=True)")


@pytest.mark.parametrize("obj", [
    vlanif(100, ipv4="10.1.1.1/24", ipv4_secondary=["10.1.2.1/24"], mlag_ipv4="10.1.1.2",
           virtual_mac="0000-5e00-0101", route_proxy_arp=True, nd_proxy_route="prune",
           ipv6=["2001:db8:1::1/64"], mlag_ipv6="2001:db8:1::2"),
    Peer("3.3.3.3", 65003, connect_interface="LoopBack1", ebgp_max_hop=10,
         families={"vpnv4": True, "ipv4-unicast": False}, group="G"),
    PeerGroup("LEAF", type="ibgp", remote_as="1.100", source_address="10.0.0.1"),
])
def test_leaf_reprs_build_the_same_object(obj: object) -> None:
    """Interface, Peer and PeerGroup read as the call that builds them."""
    assert eval(repr(obj), {"Interface": Interface, "Peer": Peer,
                            "PeerGroup": PeerGroup}) == obj


def test_intent_repr_hides_its_origin_table() -> None:
    intent = load_intent(EXAMPLES / "mp-ebgp-vpnv4.yaml")
    assert repr(intent) == "Intent('mp-ebgp', 'AGG1', 'MASG1')"


def test_error_reprs_are_one_line() -> None:
    errors = ValidationErrors([RuleViolation("a.bgp.x", "bgp-mlag-peer-source", "m"),
                               RuleViolation("a.interfaces[V1].mlag_ipv4", "mlag-ipv4-unique",
                                             "m"),
                               RuleViolation("b.interfaces[V1].mlag_ipv4", "mlag-ipv4-unique",
                                             "m")])
    assert repr(errors) == "ValidationErrors(3 errors: mlag-ipv4-unique, bgp-mlag-peer-source)"
    info = RpcErrorInfo.protocol("lock-denied", "held", info={"session-id": "3"})
    assert repr(info) == "RpcErrorInfo('protocol', 'lock-denied', message='held', " \
                         "info={'session-id': '3'})"
    failed = TransactionError("transaction failed on B; all as before\ndetails\nmore",
                              {"B": NetconfError("x", device="B", step="confirm")})
    assert repr(failed) == ("TransactionError('transaction failed on B; all as before', "
                            "failed_hosts=['B'])")
    for shown in (errors, info, failed):
        plain(repr(shown), limit=200)


def test_netconf_reprs_are_summaries() -> None:
    diff = Diff("A", (Change("/x/y", "added", new="1"), Change("/x/z", "changed", "1", "2")))
    assert repr(diff.changes[0]) == "Change('added', '/x/y', new='1')"
    assert repr(Plan((diff, Diff("B")))) == "Plan(A: 1 added, 1 changed, B: no changes)"
    failed = DeviceResult("B", "unchanged", diff, ("lock",),
                          CommitError([], device="B", step="confirm"))
    assert repr(failed) == "DeviceResult('B', 'unchanged', 2 changes, " \
                           "error=CommitError at confirm)"
    result = TransactionResult((DeviceResult("A", "restored", diff), failed))
    assert repr(result) == "TransactionResult(FAILED on B: A restored, B unchanged)"
    for shown in (diff, *diff.changes, failed, result):
        plain(repr(shown))


def test_the_rules_catalogue_is_a_dict_in_sections() -> None:
    assert isinstance(RULES, dict)
    assert repr(RULES) == f"RuleCatalogue({len(RULES)} rules in {len(RULES.sections())} " \
                          "sections)"
    sections = RULES.sections()
    assert [r for rules in sections.values() for r in rules] == list(RULES)
    assert all(sections.values())
    assert set(RULES.starts) <= set(RULES)


def test_a_rule_belongs_to_the_section_last_started() -> None:
    """``starts`` names each section's first rule; the rules after it, up to the next
    start, are in that section (those before the first start in the untitled one)."""
    small = RuleCatalogue({"a": "says a", "b": "says b", "c": "says c", "d": "says d"},
                          {"b": "First", "d": "Second"})
    assert dict(small) == {"a": "says a", "b": "says b", "c": "says c", "d": "says d"}
    assert small.starts == {"b": "First", "d": "Second"}
    assert small.sections() == {"": ("a",), "First": ("b", "c"), "Second": ("d",)}
    assert repr(small) == "RuleCatalogue(4 rules in 3 sections)"


# --------------------------------------------------------------------------- HTML
def test_esc_and_tables_escape_values_but_not_html() -> None:
    cell = table(["h"], [[EVIL], [Html("<b>ok</b>")]])
    assert "<script>" not in cell
    assert "&lt;script&gt;" in cell
    assert "<b>ok</b>" in cell
    assert esc(Html("<i>")) == "<i>"


def test_payload_view(mlag: tuple[MlagPair, dict[str, Payload]]) -> None:
    p = mlag[1]["DeviceB"]
    view = parse(p._repr_html_())
    head = with_class(view, "mn-payload-header")[0]
    assert [th.text_content() for th in head.iter("th")] == ["device", "modules", "features"]
    gap = with_class(view, "mn-gap")[0]
    seed = {tr[0].text_content(): tr[1].text_content()
            for tr in with_class(gap, "mn-gap-commands")[0].iter("tr") if tr[0].tag == "td"}
    assert seed == {f: FEATURES[f].cli for f in p.gap_features}
    xml = with_class(view, "mn-xml-section")[0]
    assert xml.tag == "details"
    assert xml.get("open") is None
    pre = with_class(xml, "mn-xml")[0]
    assert "monospace" in pre.get("style", "")
    assert pre.text_content() == p.xml


def test_payload_view_without_gap_features_has_no_warning() -> None:
    p = payloads(MlagPair((Device("A", [vlanif(7, ipv4="10.0.0.1/24")]),
                           Device("B", [vlanif(7, ipv4="10.0.0.1/24")]))))["A"]
    assert not with_class(parse(p._repr_html_()), "mn-gap")


def test_payload_view_escapes_its_device_name(
        mlag: tuple[MlagPair, dict[str, Payload]]) -> None:
    p = dataclasses.replace(mlag[1]["DeviceA"], device=EVIL)
    out = p._repr_html_()
    assert "<script>" not in out
    assert html.escape(EVIL, quote=True) in out


def test_highlight_marks_exactly_the_gap_elements(
        mlag: tuple[MlagPair, dict[str, Payload]]) -> None:
    p = mlag[1]["DeviceA"]
    out = highlight_xml(p.element(), mark={EXT}, title="gap")
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == p.xml
    marked = parse(f"<pre>{out}</pre>").xpath(".//span[@title='gap']")
    text = "".join(m.text_content() for m in marked)
    assert text.count("<m-lag-ipv4 ") == 1
    assert text.count("<route-proxy-prune ") == 1
    assert "<route-proxy>" not in text
    assert len(marked) == 4 + 5 + 1  # <m-lag-ipv4>, <m-lag-ipv6>, <route-proxy-prune>


def test_device_and_pair_views(mlag: tuple[MlagPair, dict[str, Payload]]) -> None:
    pair = mlag[0]
    dev = parse(pair.members[0]._repr_html_())
    assert "ARP routed, ND routed prune, NA glean" in dev.text_content()
    peers = with_class(dev, "mn-peers")[0]
    assert "ebgp-max-hop" not in peers.text_content()  # empty columns left out
    loop = parse(Device("R", [loopback(1, "1.1.1.1/32")])._repr_html_())
    assert [th.text_content() for th in with_class(loop, "mn-interfaces")[0].iter("th")] == [
        "interface", "IPv4"]
    view = parse(pair._repr_html_())
    rows = {tr[0].text_content(): tr for tr in with_class(view, "mn-pair")[0].iter("tr")
            if tr[0].tag == "td"}
    assert "≠ must differ" in rows["router-id"][3].text_content()
    assert "BROKEN" not in etree.tostring(view, encoding="unicode")
    a, b = pair.members
    assert b.bgp is not None
    same_id = MlagPair((a, b.replace(bgp=b.bgp.replace(router_id="1.1.1.1"))))
    broken = parse(same_id._repr_html_()).xpath(".//span[contains(@title, 'BROKEN')]")
    assert [s.get("title") for s in broken] == [
        "pair-different-router-id: must differ: BROKEN"] * 2


def test_the_pair_view_names_catalogued_rules() -> None:
    assert set(RULES) >= PAIR_RULES


def test_views_escape_model_text() -> None:
    bgp = Bgp(65001).with_peer_group(PeerGroup("LEAF", remote_as=1))
    device = Device("A", interfaces=[vlanif(7, vpn_instance=EVIL)], bgp=bgp)
    for out in (device._repr_html_(), device.interfaces[0]._repr_html_()):
        assert "<script>" not in out
        assert "&lt;script&gt;" in out


def test_error_tables_put_the_root_cause_first() -> None:
    found = [RuleViolation("B.bgp.peers[10.1.1.100].source_address", "bgp-mlag-peer-source",
                           EVIL),
             RuleViolation("B.interfaces[Vlanif100].mlag_ipv4", "mlag-ipv4-unique", "dup")]
    errors = ValidationErrors(found)
    assert [e.rule for e in errors] == ["mlag-ipv4-unique", "bgp-mlag-peer-source"]
    assert str(errors).splitlines()[0].startswith("B.interfaces")
    assert root_cause_first(found) == errors.errors
    out = errors._repr_html_()
    assert "<script>" not in out
    rows = [[td.text_content() for td in tr] for tr in
            with_class(parse(out), "mn-errors")[0].iter("tr") if tr[0].tag == "td"]
    assert [r[1] for r in rows] == ["mlag-ipv4-unique", "bgp-mlag-peer-source"]


def test_netconf_error_rows_are_the_devices_rpc_errors() -> None:
    info = RpcErrorInfo(ErrorType.APPLICATION, "operation-failed", "'as' cannot change",
                        app_tag="918", path="bgp:bgp/bgp:base-process/bgp:as",
                        info={"error-paras": "write-once"})
    error = CommitError([info], device="DeviceA", step="commit", recovery="unlocked")
    assert error.rows() == [("DeviceA · commit · bgp:bgp/bgp:base-process/bgp:as",
                             "operation-failed/918 · write-once", "'as' cannot change")]
    out = parse(error._repr_html_())
    assert "recovery: unlocked" in " ".join(out.text_content().split())
    bare = NetconfError("timed out", device="B", step="verify")
    assert bare.rows() == [("B · verify", "NetconfError", "timed out")]


def test_a_transaction_error_shows_the_failure_first_and_every_device() -> None:
    diff = Diff("A", (Change("/x", "added", new="1"),))
    broke = CommitError([RpcErrorInfo.application("operation-failed", "no")], device="B",
                        step="confirm")
    stuck = NetconfError("could not put back", device="A", step="compensate")
    result = TransactionResult((DeviceResult("A", "needs attention", diff, (), stuck),
                                DeviceResult("B", "unchanged", diff, (), broke)))
    error = TransactionError("transaction failed on A, B", {"A": stuck, "B": broke}, result)
    assert [r[0] for r in error.rows()] == ["B · confirm", "A · compensate"]
    view = parse(error._repr_html_())
    states = [[td.text_content() for td in tr][:4] for tr in
              with_class(view, "mn-result")[0].iter("tr") if tr[0].tag == "td"]
    assert states == [["A", "needs attention", "no", "yes"], ["B", "unchanged", "no", "yes"]]


def test_diff_and_plan_views() -> None:
    diff = Diff(EVIL, (Change("/a/b[k='x/y']/c", "added", new=EVIL),
                       Change("/a/b[k='x/y']/d", "changed", "1", "2"),
                       Change("/a/e", "removed", "v")))
    out = diff._repr_html_()
    assert "<script>" not in out
    rows = [" ".join(" ".join(td.text_content().split()) for td in tr if td.text_content())
            for tr in with_class(parse(out), "mn-diff")[0].iter("tr") if tr[0].tag == "td"]
    assert rows == ["/a/b[k='x/y']", f"+ added c {EVIL}", "~ changed d 1 2", "/a",
                    "- removed e v"]
    plan = parse(Plan((diff, Diff("B")))._repr_html_())
    cells = [[td.text_content() for td in tr] for tr in with_class(plan, "mn-plan")[0].iter("tr")
             if tr[0].tag == "td"]
    assert cells == [[EVIL, "1", "1", "1", "would change"], ["B", "0", "0", "0", "nothing to do"]]
    assert "no changes" in Diff("B")._repr_html_()


def test_rules_view_is_grouped_by_section() -> None:
    view = parse(RULES._repr_html_())
    rows = [[td.text_content() for td in tr] for tr in
            with_class(view, "mn-rules")[0].iter("tr") if tr[0].tag == "td"]
    assert [r[1] for r in rows] == list(RULES)
    assert [r[0] for r in rows if r[0]] == list(RULES.sections())


def test_rules_view_shows_each_rules_source_and_text() -> None:
    """The section title on its first row only; the source (``seed``/``vendor``, a
    warning marked) from the catalogue, none for a rule it does not know."""
    small = RuleCatalogue({"mlag-dual-active": "dual", "vpnv4-only-disables-ipv4-unicast": "v4",
                           "bgp-peer-unique": "once", "own-rule": "mine"},
                          {"mlag-dual-active": "1. Mode", "bgp-peer-unique": "12. BGP"})
    view = parse(small._repr_html_())
    assert len(with_class(view, "mlag-netconf")) == 1
    assert with_class(view, "mlag-netconf") == with_class(view, "mn-rules-block")
    (tab,) = with_class(view, "mn-rules")
    assert tab.tag == "table"
    assert [th.text_content() for th in tab.iter("th")] == [
        "section", "rule", "source", "what the rule says"]
    assert tab.find("caption").text_content() == \
        "4 documented rules, each checked before anything is rendered"
    rows = [[td.text_content() for td in tr] for tr in tab.iter("tr") if tr[0].tag == "td"]
    assert rows == [["1. Mode", "mlag-dual-active", "seed", "dual"],
                    ["", "vpnv4-only-disables-ipv4-unicast", "seed (warning)", "v4"],
                    ["12. BGP", "bgp-peer-unique", "vendor", "once"],
                    ["", "own-rule", "", "mine"]]
    assert [tr[1][0].tag for tr in tab.iter("tr") if tr[0].tag == "td"] == ["code"] * 4


# --------------------------------------------------------------------------- IPython
def test_install_shows_a_raised_error_as_its_table() -> None:
    """In a real IPython shell (a subprocess: the shell changes process-wide hooks)."""
    script = textwrap.dedent("""
        import json
        from IPython.core.displaypub import CapturingDisplayPublisher
        from IPython.core.interactiveshell import InteractiveShell
        import mlag_netconf.display
        shell = InteractiveShell.instance()
        shell.display_pub = CapturingDisplayPublisher()
        installed = mlag_netconf.display.install(shell)
        failed = shell.run_cell("from mlag_netconf import Device; Device('../x')")
        shown = [o["data"] for o in shell.display_pub.outputs]
        mlag_netconf.display.uninstall(shell)
        shell.display_pub.outputs.clear()
        plain = shell.run_cell("Device('../y')")
        print(json.dumps({"installed": installed,
                          "error": type(failed.error_in_exec).__name__,
                          "shown": shown, "after": len(shell.display_pub.outputs),
                          "plain": type(plain.error_in_exec).__name__}))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["installed"] is True
    assert report["error"] == "ValueFormatError"      # the cell still fails
    assert len(report["shown"]) == 1
    assert "mn-errors" in report["shown"][0]["text/html"]
    assert report["shown"][0]["text/plain"].startswith("name: device-name:")
    assert "ValueFormatError" in done.stdout           # the traceback follows the table
    assert report["after"] == 0
    assert report["plain"] == "ValueFormatError"


def test_install_outside_ipython_changes_nothing() -> None:
    import mlag_netconf.display

    assert mlag_netconf.display.install() is False
