"""The ``ce-v300`` profile: writable running, with-defaults report-all, flow-ids, commit
descriptions and history, per-session candidates and the Huawei error dialect."""

from __future__ import annotations

from typing import Any

import pytest
from lxml import etree
from ncclient.xml_ import to_ele

from mlag_netconf.sim import Profile, SimulatedDevice, SimulatedNetwork

from .helpers import (
    NC,
    TEST_YANG,
    all_errors,
    candidate,
    cfg,
    close_quietly,
    edit,
    error_paras,
    library_id,
    rpc_error,
    running,
    top,
    user,
)

USERS = "st:top/st:user/st:name"
NC_EXT = "urn:huawei:yang:huawei-ietf-netconf-ext"


def edit_running(m: Any, inner: str, **kwargs: Any) -> Any:
    return m.edit_config(target="running", config=cfg(inner), **kwargs)


def reply_root(reply: Any) -> etree._Element:
    return etree.fromstring(reply.xml.encode())


# ---------------------------------------------------------------- writable running
def test_edit_of_running_applies_at_once(cm: Any) -> None:
    edit_running(cm, top(user("a")))
    assert running(cm, USERS) == ["a"]
    assert candidate(cm, USERS) == ["a"]


def test_edit_of_running_is_checked_like_a_commit(cm: Any) -> None:
    with rpc_error("data-missing"):  # mandatory 'type' missing: a commit-time check
        edit_running(cm, top("<user><name>a</name></user>"))
    with rpc_error("operation-failed", app_tag="limits-order"):
        edit_running(cm, top("<limits><low>9</low><high>1</high></limits>"))
    assert running(cm, USERS) == []
    assert running(cm, "st:top/st:limits/st:low") == []


def test_edit_of_running_test_only_changes_nothing(cm: Any) -> None:
    edit_running(cm, top(user("a")), test_option="test-only")
    assert running(cm, USERS) == []


def test_edit_of_running_keeps_another_sessions_candidate_work(cm: Any, cm2: Any) -> None:
    """The shared candidate keeps its uncommitted work and gets the direct edit too, so
    its later commit does not undo the direct edit."""
    edit(cm2, top(user("pending")))
    edit_running(cm, top(user("direct")))
    assert running(cm, USERS) == ["direct"]
    assert sorted(candidate(cm2, USERS)) == ["direct", "pending"]
    cm2.commit()
    assert sorted(running(cm, USERS)) == ["direct", "pending"]


def test_edit_of_running_respects_a_lock(cm: Any, cm2: Any) -> None:
    cm2.lock("running")
    with rpc_error("in-use"):
        edit_running(cm, top(user("a")))


def test_rfc_profile_refuses_edits_of_running() -> None:
    with SimulatedNetwork(["r"], yang_dir=TEST_YANG, profile="rfc") as net:
        m = net["r"].connect()
        try:
            assert not any("writable-running" in c for c in m.server_capabilities)
            with rpc_error("operation-not-supported"):
                edit_running(m, top(user("a")))
        finally:
            close_quietly(m)


# ---------------------------------------------------------------- with-defaults
def test_reads_report_all_by_default(cm: Any) -> None:
    edit_running(cm, top("<name>x</name>"))
    assert running(cm, "st:top/st:mtu") == ["1500"]       # report-all: basic mode
    assert running(cm, "st:top/st:enabled") == ["false"]
    trimmed = cm.get_config("running", with_defaults="trim")
    assert etree.fromstring(trimmed.xml.encode()).xpath(
        "//*[local-name()='mtu']") == []


def test_report_all_tagged_marks_defaults(cm: Any) -> None:
    edit_running(cm, top("<name>x</name><mtu>1500</mtu>"))
    root = reply_root(cm.get_config("running", with_defaults="report-all-tagged"))
    found: Any = root.xpath("//*[local-name()='mtu']")
    (mtu,) = found
    assert mtu.get("{urn:ietf:params:xml:ns:netconf:default:1.0}default") == "true"


def test_explicit_is_not_supported(cm: Any) -> None:
    with rpc_error("invalid-value"):  # ncclient itself refuses to send it: dispatch
        cm.dispatch(to_ele(
            f'<get-config xmlns="{NC}"><source><running/></source><with-defaults '
            'xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-with-defaults">explicit'
            "</with-defaults></get-config>"))


# ---------------------------------------------------------------- flow-id, descriptions
def _commit_with_description(m: Any, description: str) -> Any:
    return m.dispatch(to_ele(f'<commit xmlns="{NC}"><description xmlns="{NC_EXT}">'
                             f"{description}</description></commit>"))


def test_commit_and_running_edit_replies_carry_a_flow_id(cm: Any) -> None:
    edit(cm, top(user("a")))
    first = reply_root(cm.commit())
    second = reply_root(edit_running(cm, top(user("b"))))
    ids = [int(r.get(f"{{{NC_EXT}}}flow-id") or 0) for r in (first, second)]
    assert ids[0] > 0
    assert ids[1] == ids[0] + 1
    assert first.get(f"{{{NC_EXT}}}flow-id-time", "").endswith("Z")
    assert reply_root(cm.lock("candidate")).get(f"{{{NC_EXT}}}flow-id") is None
    assert reply_root(edit(cm, top(user("c")))).get(f"{{{NC_EXT}}}flow-id") is None


def test_commit_description_goes_into_the_history(cm: Any, ce: SimulatedDevice) -> None:
    edit(cm, top(user("a")))
    reply = _commit_with_description(cm, "add user a")
    assert reply.ok
    edit_running(cm, top(user("b")))
    history = ce.commit_history()
    assert [(c.kind, c.label) for c in history[-2:]] == [
        ("commit", "add user a"), ("edit-running", None)]
    assert history[-1].user == ce.username
    assert etree.fromstring(reply.xml.encode()).get(f"{{{NC_EXT}}}flow-id") == str(
        history[-2].id)


@pytest.mark.parametrize("length", [0, 61])
def test_commit_description_length_is_checked(cm: Any, length: int) -> None:
    edit(cm, top(user("a")))
    with rpc_error("invalid-value"):
        _commit_with_description(cm, "x" * length)
    assert running(cm, USERS) == []


# ---------------------------------------------------------------- error dialect
def test_errors_speak_the_huawei_dialect(cm: Any) -> None:
    edit(cm, top("<limits><low>9</low><high>1</high></limits>"))
    with rpc_error("operation-failed") as err:
        cm.commit()
    first = all_errors(err.value)[0]
    assert first.app_tag is not None
    assert first.app_tag.isdigit()
    assert library_id(first) == "limits-order"        # the library's id, first error-para
    assert first.path == "st:top/st:limits"           # data path, no leading slash
    info = etree.fromstring(str(first.info).encode())
    assert info.findtext(f"{{{NC_EXT}}}error-info-code") == first.app_tag
    assert error_paras(first) == ["limits-order"]


def test_error_message_has_no_lang_and_ends_with_cr(ce: SimulatedDevice) -> None:
    m = ce.connect(manager_params={"timeout": 10})
    try:
        edit(m, top("<limits><low>9</low><high>1</high></limits>"))
        m.raise_mode = 0  # RaiseMode.NONE: keep the raw reply
        reply = m.commit()
        message = etree.fromstring(reply.xml.encode()).find(f".//{{{NC}}}error-message")
        assert message is not None
        assert message.get("{http://www.w3.org/XML/1998/namespace}lang") is None
        assert (message.text or "").endswith("\r")
        assert "&#13;" in reply.xml
    finally:
        close_quietly(m)


def test_edit_errors_carry_the_request_path(cm: Any) -> None:
    with rpc_error("invalid-value") as err:
        edit(cm, top("<mtu>5</mtu>"))
    assert all_errors(err.value)[0].path == "/nc:rpc/nc:edit-config/nc:config/st:top/st:mtu"


def test_unknown_namespace_is_a_protocol_error_319(cm: Any) -> None:
    with rpc_error("unknown-namespace") as err:
        cm.edit_config(target="candidate", config=(
            f'<config xmlns="{NC}"><foo xmlns="urn:example:nowhere"/></config>'))
    first = all_errors(err.value)[0]
    assert (first.type, first.app_tag) == ("protocol", "319")
    info = etree.fromstring(str(first.info).encode())
    assert info.findtext(f"{{{NC}}}bad-namespace") == "urn:example:nowhere"


# ---------------------------------------------------------------- per-session candidates
@pytest.fixture
def private() -> Any:
    profile = Profile.ce_v300(candidate="per-session")
    with SimulatedNetwork(["p"], yang_dir=TEST_YANG, profile=profile) as net:
        yield net["p"]


def test_each_session_edits_its_own_candidate(private: SimulatedDevice) -> None:
    a, b = private.connect(), private.connect()
    try:
        edit(a, top(user("a")))
        assert candidate(a, USERS) == ["a"]
        assert candidate(b, USERS) == []
        edit(b, top(user("b")))
        a.commit()
        assert running(a, USERS) == ["a"]
        with rpc_error("operation-failed"):  # the first commit won
            b.commit()
        assert running(a, USERS) == ["a"]
        b.discard_changes()
        edit(b, top(user("b")))
        b.commit()
        assert sorted(running(a, USERS)) == ["a", "b"]
    finally:
        close_quietly(a)
        close_quietly(b)


def test_a_session_candidate_goes_with_its_session(private: SimulatedDevice) -> None:
    a = private.connect()
    edit(a, top(user("a")))
    ids = private.sessions()
    assert len(ids) == 1
    assert private.candidate(ids[0]).xpath("//*[local-name()='user']")
    close_quietly(a)
    assert private.candidate(ids[0]).xpath("//*[local-name()='user']") == []
