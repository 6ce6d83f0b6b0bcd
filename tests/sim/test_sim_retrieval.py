"""get-config / get: subtree filters (RFC 6241 §6), with-defaults, monitoring, get-schema."""

from __future__ import annotations

from typing import Any

import pytest
from lxml import etree
from ncclient.xml_ import to_ele

from mlag_netconf.sim import SimulatedDevice

from .helpers import ST, data_of, edit, rpc_error, top, user, values

USERS = (user("fred", "admin", "<uid>1</uid><group>g1</group>")
         + user("barney", "user", "<uid>2</uid><group>g1</group>")
         + user("wilma", "admin", "<uid>3</uid><group>g2</group>")
         + "<group><name>g1</name></group><group><name>g2</name></group>")


@pytest.fixture
def loaded(m: Any) -> Any:
    edit(m, top("<name>box</name><tags>a</tags><tags>b</tags>" + USERS)
         + f'<other xmlns="{ST}"><note>n</note></other>')
    m.commit()
    return m


def flt(inner: str) -> tuple[str, str]:
    return ("subtree", inner)


def get(m: Any, inner: str) -> etree._Element:
    return data_of(m.get_config("running", filter=flt(inner)))


def test_no_filter_returns_everything(loaded: Any) -> None:
    assert values(loaded.get_config("running"), "st:other/st:note") == ["n"]


def test_containment_node_selects_a_whole_subtree(loaded: Any) -> None:
    data = get(loaded, f'<other xmlns="{ST}"/>')
    assert [c.tag for c in data] == [f"{{{ST}}}other"]
    assert data.findtext(f"{{{ST}}}other/{{{ST}}}note") == "n"


def test_selection_nodes(loaded: Any) -> None:
    data = get(loaded, f'<top xmlns="{ST}"><name/></top>')
    assert [(c.tag, c.text) for c in data[0]] == [(f"{{{ST}}}name", "box")]


def test_content_match_selects_entries(loaded: Any) -> None:
    data = get(loaded, f'<top xmlns="{ST}"><user><name>fred</name></user></top>')
    users = data.findall(f"{{{ST}}}top/{{{ST}}}user")
    assert len(users) == 1
    assert users[0].findtext(f"{{{ST}}}uid") == "1"


def test_content_match_with_selection_keeps_keys(loaded: Any) -> None:
    data = get(loaded, f'<top xmlns="{ST}"><user><type>admin</type><uid/></user></top>')
    users = data.findall(f"{{{ST}}}top/{{{ST}}}user")
    assert [u.findtext(f"{{{ST}}}name") for u in users] == ["fred", "wilma"]
    assert [len(u) for u in users] == [3, 3]  # name (key), type (match), uid


def test_several_content_matches_must_all_hold(loaded: Any) -> None:
    data = get(loaded, f'<top xmlns="{ST}"><user><type>admin</type><group>g2</group>'
                       "</user></top>")
    assert [u.findtext(f"{{{ST}}}name") for u in data.iter(f"{{{ST}}}user")] == ["wilma"]


def test_sibling_filters_are_a_union(loaded: Any) -> None:
    data = get(loaded, f'<top xmlns="{ST}"><user><name>fred</name></user>'
                       "<user><name>wilma</name></user></top>")
    assert [u.findtext(f"{{{ST}}}name") for u in data.iter(f"{{{ST}}}user")] == [
        "fred", "wilma"]


def test_no_match_gives_empty_data(loaded: Any) -> None:
    assert len(get(loaded, f'<top xmlns="{ST}"><user><name>dino</name></user></top>')) == 0


def test_leaf_list_content_match(loaded: Any) -> None:
    data = get(loaded, f'<top xmlns="{ST}"><tags>b</tags><name/></top>')
    assert [(c.tag, c.text) for c in data[0]] == [(f"{{{ST}}}name", "box"),
                                                  (f"{{{ST}}}tags", "b")]


def test_content_match_alone_selects_the_whole_parent(loaded: Any) -> None:
    data = get(loaded, f'<top xmlns="{ST}"><tags>b</tags></top>')
    assert [t.text for t in data.iter(f"{{{ST}}}tags")] == ["a", "b"]
    assert len(list(data.iter(f"{{{ST}}}user"))) == 3


def test_namespace_must_match(loaded: Any) -> None:
    assert len(get(loaded, '<top xmlns="urn:other"/>')) == 0


def test_empty_filter_selects_nothing(loaded: Any) -> None:
    reply = loaded.get_config("running", filter='<filter type="subtree"/>')
    assert len(data_of(reply)) == 0


def test_xpath_filter_is_not_supported(loaded: Any) -> None:
    with rpc_error("operation-not-supported"):
        loaded.get_config("running", filter=("xpath", "/st:top"))


def test_get_config_of_candidate(loaded: Any) -> None:
    edit(loaded, top("<name>new</name>"))
    assert values(loaded.get_config("candidate"), "st:top/st:name") == ["new"]
    assert values(loaded.get_config("running"), "st:top/st:name") == ["box"]


def test_get_returns_config_and_monitoring_state(loaded: Any) -> None:
    reply = loaded.get()
    assert values(reply, "st:top/st:name") == ["box"]
    ids = data_of(reply).xpath(
        "m:netconf-state/m:schemas/m:schema/m:identifier/text()",
        namespaces={"m": "urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring"})
    assert ids == ["sim-test"]


def test_get_with_filter_on_monitoring(loaded: Any) -> None:
    nm = "urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring"
    reply = loaded.get(filter=flt(f'<netconf-state xmlns="{nm}"><sessions/></netconf-state>'))
    data = data_of(reply)
    assert [c.tag for c in data] == [f"{{{nm}}}netconf-state"]
    assert data.xpath("//m:session-id/text()", namespaces={"m": nm}) == [
        str(loaded.session_id)]


def test_get_schema_serves_the_module(loaded: Any) -> None:
    reply = loaded.get_schema("sim-test")
    assert "module sim-test" in reply.data
    reply = loaded.get_schema("sim-test", version="2024-01-01", format="yang")
    assert "namespace" in reply.data


def test_get_schema_of_unknown_module(loaded: Any) -> None:
    with rpc_error("invalid-value"):
        loaded.get_schema("no-such-module")
    with rpc_error("invalid-value"):
        loaded.get_schema("sim-test", version="1999-01-01")


def with_defaults(m: Any, mode: str) -> Any:
    return m.get_config("running", with_defaults=mode)


def test_with_defaults_explicit_report_all_trim(m: Any) -> None:
    edit(m, top("<name>x</name><mtu>1500</mtu><feature/>"))
    m.commit()
    assert values(with_defaults(m, "explicit"), "st:top/st:mtu") == ["1500"]
    assert values(with_defaults(m, "explicit"), "st:top/st:enabled") == []
    report = with_defaults(m, "report-all")
    assert values(report, "st:top/st:enabled") == ["false"]
    assert values(report, "st:top/st:feature/st:level") == ["3"]
    assert values(with_defaults(m, "trim"), "st:top/st:mtu") == []
    assert values(with_defaults(m, "trim"), "st:top/st:name") == ["x"]


def test_with_defaults_unsupported_mode(m: Any) -> None:
    wd = "urn:ietf:params:xml:ns:yang:ietf-netconf-with-defaults"
    with rpc_error("invalid-value"):
        m.dispatch(to_ele('<get-config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">'
                          "<source><running/></source>"
                          f'<with-defaults xmlns="{wd}">report-all-tagged</with-defaults>'
                          "</get-config>"))


def test_copy_config_is_not_supported(m: Any, dut: SimulatedDevice) -> None:
    with rpc_error("operation-not-supported"):
        m.copy_config(source="running", target="candidate")
