"""<edit-config> on the candidate: operations, default-operation, error-option, test-option."""

from __future__ import annotations

from typing import Any

import pytest
from ncclient.operations.rpc import RPCError

from .helpers import all_errors, candidate, cfg, edit, info_text, rpc_error, top, user

USERS = "st:top/st:user/st:name"


def test_merge_creates_and_updates(m: Any) -> None:
    edit(m, top("<name>a</name><mtu>1400</mtu>"))
    edit(m, top("<mtu>9000</mtu>"))
    assert candidate(m, "st:top/st:name") == ["a"]
    assert candidate(m, "st:top/st:mtu") == ["9000"]


def test_list_entries_are_matched_by_key(m: Any) -> None:
    edit(m, top(user("fred", "admin") + user("barney")))
    edit(m, top("<user><name>fred</name><uid>7</uid></user>"))
    assert candidate(m, USERS) == ["fred", "barney"]
    assert candidate(m, "st:top/st:user[st:name='fred']/st:uid") == ["7"]
    assert candidate(m, "st:top/st:user[st:name='fred']/st:type") == ["admin"]


def test_composite_keys(m: Any) -> None:
    route = "<route><prefix>{}</prefix><vrf>{}</vrf><next-hop>{}</next-hop></route>"
    edit(m, top(route.format("10.0.0.0/8", "a", "1") + route.format("10.0.0.0/8", "b", "2")))
    edit(m, top(route.format("10.0.0.0/8", "b", "3")))
    assert candidate(m, "st:top/st:route/st:next-hop") == ["1", "3"]


def test_keys_come_first_in_new_entries(m: Any) -> None:
    edit(m, top("<user><type>admin</type><name>z</name></user>"))
    reply = m.get_config("candidate").xml
    assert "<user><name>z</name><type>admin</type></user>" in reply


def test_leaf_lists_merge_and_delete_by_value(m: Any) -> None:
    edit(m, top("<tags>a</tags><tags>b</tags>"))
    edit(m, top("<tags>b</tags><tags>c</tags>"))
    assert candidate(m, "st:top/st:tags") == ["a", "b", "c"]
    edit(m, top('<tags nc:operation="delete">b</tags>'))
    assert candidate(m, "st:top/st:tags") == ["a", "c"]


def test_create_fails_on_existing_data(m: Any) -> None:
    edit(m, top(user("fred")))
    with rpc_error("data-exists") as err:
        edit(m, top(user("fred", op="create")))
    assert "fred" in (all_errors(err.value)[0].path or "")


def test_create_of_new_entry(m: Any) -> None:
    edit(m, top(user("wilma", op="create")))
    assert candidate(m, USERS) == ["wilma"]


def test_delete_fails_on_missing_data(m: Any) -> None:
    with rpc_error("data-missing"):
        edit(m, top(user("nobody", op="delete")))


def test_delete_and_remove(m: Any) -> None:
    edit(m, top(user("a") + user("b") + "<name>x</name>"))
    edit(m, top(user("a", op="delete")))
    edit(m, top('<name nc:operation="remove"/>' + user("zz", op="remove")))
    assert candidate(m, USERS) == ["b"]
    assert candidate(m, "st:top/st:name") == []


def test_replace_an_entry(m: Any) -> None:
    edit(m, top(user("a", "admin", "<uid>5</uid>")))
    edit(m, top(user("a", "user", op="replace")))
    assert candidate(m, "st:top/st:user/st:uid") == []
    assert candidate(m, "st:top/st:user/st:type") == ["user"]


def test_presence_container(m: Any) -> None:
    edit(m, top("<feature/>"))
    assert "<feature/>" in m.get_config("candidate").xml
    edit(m, top('<feature nc:operation="delete"/>'))
    assert "feature" not in m.get_config("candidate").xml


def test_default_operation_replace_replaces_everything(m: Any) -> None:
    edit(m, top(user("a") + "<name>n</name>") + '<other xmlns="urn:mlag-netconf:test:sim-test">'
         "<note>x</note></other>")
    edit(m, top(user("b")), default_operation="replace")
    assert candidate(m, USERS) == ["b"]
    assert candidate(m, "st:top/st:name") == []
    assert candidate(m, "st:other") == []


def test_default_operation_none_changes_only_marked_nodes(m: Any) -> None:
    edit(m, top(user("a") + user("b") + "<name>n</name>"))
    edit(m, top("<name>ignored</name>" + user("a", op="delete")), default_operation="none")
    assert candidate(m, USERS) == ["b"]
    assert candidate(m, "st:top/st:name") == ["n"]


def test_default_operation_none_on_missing_data(m: Any) -> None:
    with rpc_error("data-missing"):
        edit(m, top("<name>n</name>"), default_operation="none")


def test_default_operation_none_needs_existing_ancestors(m: Any) -> None:
    """RFC 6241 §7.2: no corresponding level in the datastore -> data-missing."""
    edit(m, top(user("a")))
    with rpc_error("data-missing"):
        edit(m, top('<user><name>zz</name><uid nc:operation="merge">1</uid></user>'),
             default_operation="none")
    edit(m, top('<user><name>a</name><uid nc:operation="merge">1</uid></user>'
                '<user><name>zz</name><uid nc:operation="remove"/></user>'),
         default_operation="none")
    assert candidate(m, USERS) == ["a"]
    assert candidate(m, "st:top/st:user/st:uid") == ["1"]


def test_stop_on_error_keeps_what_came_before(m: Any) -> None:
    edit(m, top(user("a")))
    with rpc_error("data-exists") as err:
        edit(m, top(user("b") + user("a", op="create") + user("c")),
             error_option="stop-on-error")
    assert len(all_errors(err.value)) == 1
    assert candidate(m, USERS) == ["a", "b"]


def test_continue_on_error_applies_the_rest(m: Any) -> None:
    edit(m, top(user("a")))
    with pytest.raises(RPCError) as err:
        edit(m, top(user("b") + user("a", op="create") + user("zz", op="delete") + user("c")),
             error_option="continue-on-error")
    assert [e.tag for e in all_errors(err.value)] == ["data-exists", "data-missing"]
    assert candidate(m, USERS) == ["a", "b", "c"]


def test_continue_on_error_skips_invalid_values(m: Any) -> None:
    with rpc_error("invalid-value"):
        edit(m, top("<mtu>10</mtu><name>ok</name>"), error_option="continue-on-error")
    assert candidate(m, "st:top/st:name") == ["ok"]
    assert candidate(m, "st:top/st:mtu") == []


def test_rollback_on_error_restores_the_candidate(m: Any) -> None:
    edit(m, top(user("a")))
    with rpc_error("data-exists"):
        edit(m, top(user("b") + user("a", op="create")), error_option="rollback-on-error")
    assert candidate(m, USERS) == ["a"]


def test_test_only_changes_nothing(m: Any) -> None:
    edit(m, top(user("a")), test_option="test-only")
    assert candidate(m, USERS) == []
    with rpc_error("data-missing"):
        edit(m, top(user("a", op="delete")), test_option="test-only")


def test_test_then_set_rejects_bad_values_before_any_change(m: Any) -> None:
    with rpc_error("invalid-value"):
        edit(m, top(user("a") + "<mtu>70000</mtu>"), test_option="test-then-set")
    assert candidate(m, USERS) == []


def test_unknown_element_names_the_bad_element(m: Any) -> None:
    with rpc_error("unknown-element") as err:
        edit(m, top("<bogus>1</bogus>"))
    assert info_text(err.value, "bad-element") == "bogus"


def test_unknown_top_level_namespace(m: Any) -> None:
    with rpc_error("unknown-namespace"):
        edit(m, '<top xmlns="urn:nobody"><name>a</name></top>')


def test_out_of_range_is_invalid_value(m: Any) -> None:
    with rpc_error("invalid-value") as err:
        edit(m, top("<mtu>10</mtu>"))
    assert info_text(err.value, "bad-element") == "mtu"
    assert all_errors(err.value)[0].path == "/st:top/mtu"


def test_bad_enum_and_pattern_are_invalid_values(m: Any) -> None:
    with pytest.raises(RPCError) as err:
        edit(m, top(user("a", "root") + "<route><prefix>x</prefix><vrf>a</vrf></route>"))
    assert {e.tag for e in all_errors(err.value)} == {"invalid-value"}
    assert len(all_errors(err.value)) == 2


def test_not_a_number(m: Any) -> None:
    with pytest.raises(RPCError) as err:
        edit(m, top("<mtu>abc</mtu>"))
    assert all_errors(err.value)[0].tag in ("invalid-value", "bad-element")


def test_state_data_cannot_be_edited(m: Any) -> None:
    with pytest.raises(RPCError):
        edit(m, '<status xmlns="urn:mlag-netconf:test:sim-test"><uptime>1</uptime></status>')


def test_bad_operation_attribute(m: Any) -> None:
    with rpc_error("bad-attribute"):
        edit(m, top("<name nc:operation=\"frobnicate\">a</name>"))


def test_missing_list_key(m: Any) -> None:
    with rpc_error("missing-element"):
        edit(m, top("<user><type>admin</type></user>"))


def test_running_is_not_writable(m: Any) -> None:
    with rpc_error("operation-not-supported"):
        m.edit_config(target="running", config=cfg(top("<name>a</name>")))


def test_must_mandatory_and_leafref_wait_for_commit(m: Any) -> None:
    """A Huawei device checks these at commit, not at edit (unlike netconfd)."""
    edit(m, top("<user><name>a</name><group>none</group></user>"
                "<limits><low>9</low><high>1</high></limits>"))
    assert candidate(m, USERS) == ["a"]


def test_edit_while_another_session_holds_the_candidate_lock(m: Any, m2: Any) -> None:
    m2.lock("candidate")
    with rpc_error("in-use") as err:
        edit(m, top("<name>a</name>"))
    assert info_text(err.value, "session-id") == str(m2.session_id)


def test_failed_delete_leaves_no_empty_entry_behind(m: Any) -> None:
    with rpc_error("data-missing"):
        edit(m, top('<user><name>ghost</name><uid nc:operation="delete"/></user>'))
    assert candidate(m, USERS) == []
    with rpc_error("data-missing"):
        edit(m, top('<user><name>ghost</name><uid nc:operation="delete"/></user>' + user("b")),
             error_option="continue-on-error")
    assert candidate(m, USERS) == ["b"]
