"""validate, commit, confirmed commit, cancel-commit, discard-changes."""

from __future__ import annotations

import time
from typing import Any

from ncclient.xml_ import to_ele

from mlag_netconf.sim import SimulatedDevice

from .helpers import (
    all_errors,
    candidate,
    cfg,
    edit,
    error_tags,
    rpc_error,
    running,
    top,
    user,
    wait_for,
)

USERS = "st:top/st:user/st:name"


def test_commit_installs_the_candidate(m: Any) -> None:
    edit(m, top(user("a")))
    assert running(m, USERS) == []
    m.commit()
    assert running(m, USERS) == ["a"]


def test_commit_checks_mandatory(m: Any) -> None:
    edit(m, top("<user><name>a</name></user>"))
    with rpc_error("data-missing"):
        m.commit()
    assert running(m, USERS) == []


def test_commit_checks_must(m: Any) -> None:
    edit(m, top("<limits><low>9</low><high>1</high></limits>"))
    with rpc_error("operation-failed", app_tag="limits-order") as err:
        m.commit()
    assert "low must not exceed high" in (all_errors(err.value)[0].message or "")


def test_commit_checks_leafref(m: Any) -> None:
    edit(m, top(user("a", extra="<group>ops</group>")))
    with rpc_error("data-missing", app_tag="instance-required"):
        m.commit()
    edit(m, top("<group><name>ops</name></group>"))
    m.commit()


def test_commit_reports_every_error(m: Any) -> None:
    edit(m, top("<user><name>a</name></user><user><name>b</name></user>"))
    with rpc_error("data-missing") as err:
        m.commit()
    assert error_tags(err.value) == ["data-missing", "data-missing"]


def test_validate_candidate(m: Any) -> None:
    edit(m, top(user("a")))
    m.validate("candidate")
    edit(m, top("<limits><low>9</low><high>1</high></limits>"))
    with rpc_error("operation-failed"):
        m.validate("candidate")


def test_validate_inline_config(m: Any) -> None:
    m.validate(to_ele(cfg(top(user("a")))))
    with rpc_error("data-missing"):
        m.validate(to_ele(cfg(top("<user><name>a</name></user>"))))
    with rpc_error("invalid-value"):
        m.validate(to_ele(cfg(top("<mtu>1</mtu>"))))
    assert candidate(m, USERS) == []


def test_validate_then_commit_keeps_the_edits(m: Any) -> None:
    """netconfd loses them (NETCONFD.md bug 1); a device must not."""
    edit(m, top(user("a")))
    m.validate("candidate")
    m.commit()
    assert running(m, USERS) == ["a"]


def test_discard_changes(m: Any) -> None:
    edit(m, top(user("a")))
    m.commit()
    edit(m, top(user("b")))
    m.discard_changes()
    assert candidate(m, USERS) == ["a"]


def test_confirmed_commit_then_confirming_commit(m: Any) -> None:
    edit(m, top(user("a")))
    m.commit(confirmed=True, timeout="60")
    assert running(m, USERS) == ["a"]
    m.commit()
    edit(m, top(user("b")))
    m.commit()
    assert running(m, USERS) == ["a", "b"]


def test_confirmed_commit_rolls_back_on_time(m: Any, dut: SimulatedDevice) -> None:
    edit(m, top(user("keep")))
    m.commit()
    edit(m, top(user("temp")))
    started = time.monotonic()
    m.commit(confirmed=True, timeout="1")
    assert running(m, USERS) == ["keep", "temp"]
    assert wait_for(lambda: "temp" not in dut.running_xml(), timeout=5)  # on time...
    assert time.monotonic() - started > 0.9  # ...and not before it
    assert running(m, USERS) == ["keep"]
    assert candidate(m, USERS) == ["keep"]
    assert any("confirm-timeout" in e for e in dut.events)


def test_follow_up_confirmed_commit_extends_the_timer(m: Any, dut: SimulatedDevice) -> None:
    edit(m, top(user("a")))
    m.commit(confirmed=True, timeout="1")
    m.commit(confirmed=True, timeout="30")
    time.sleep(1.5)
    assert running(m, USERS) == ["a"]
    m.cancel_commit()
    assert running(m, USERS) == []


def test_cancel_commit_restores_running(m: Any) -> None:
    edit(m, top(user("a")))
    m.commit()
    edit(m, top(user("b")))
    m.commit(confirmed=True, timeout="60")
    m.cancel_commit()
    assert running(m, USERS) == ["a"]


def test_only_the_issuing_session_confirms_or_cancels(m: Any, m2: Any) -> None:
    """Without persist: another session's commit is in-use, its cancel operation-failed
    (RFC 6241 names neither tag; these are netconfd's)."""
    edit(m, top(user("a")))
    m.commit(confirmed=True, timeout="60")
    with rpc_error("in-use"):
        m2.commit()
    with rpc_error("operation-failed"):
        m2.cancel_commit()
    assert running(m2, USERS) == ["a"]
    m.cancel_commit()
    assert running(m2, USERS) == []


def test_cancel_commit_without_pending_commit(m: Any) -> None:
    with rpc_error("operation-failed"):
        m.cancel_commit()


def test_session_end_rolls_back_a_confirmed_commit(dut: SimulatedDevice, m2: Any) -> None:
    with dut.connect() as m:
        edit(m, top(user("a")))
        m.commit(confirmed=True, timeout="60")
        assert running(m2, USERS) == ["a"]
    assert running(m2, USERS) == []


def test_kill_session_rolls_back_its_confirmed_commit(m: Any, m2: Any) -> None:
    edit(m2, top(user("a")))
    m2.commit(confirmed=True, timeout="60")
    m.kill_session(m2.session_id)
    assert running(m, USERS) == []


def test_confirming_commit_must_come_from_the_same_session(m: Any, m2: Any) -> None:
    edit(m, top(user("a")))
    m.commit(confirmed=True, timeout="60")
    with rpc_error("in-use"):
        m2.commit()
    m.commit()


def test_persist_survives_the_session_and_needs_the_id(dut: SimulatedDevice, m2: Any) -> None:
    with dut.connect() as m:
        edit(m, top(user("a")))
        m.commit(confirmed=True, timeout="60", persist="tok-1")
    assert running(m2, USERS) == ["a"]
    with rpc_error("invalid-value"):
        m2.commit(persist_id="wrong")
    with rpc_error("invalid-value"):
        m2.commit()
    m2.commit(persist_id="tok-1")
    assert running(m2, USERS) == ["a"]
    with rpc_error("invalid-value"):
        m2.commit(persist_id="tok-1")


def test_cancel_commit_with_persist_id(dut: SimulatedDevice, m2: Any) -> None:
    with dut.connect() as m:
        edit(m, top(user("a")))
        m.commit(confirmed=True, timeout="60", persist="tok-2")
    with rpc_error("invalid-value"):
        m2.cancel_commit()
    m2.cancel_commit(persist_id="tok-2")
    assert running(m2, USERS) == []


def test_persisted_commit_still_times_out(dut: SimulatedDevice, m2: Any) -> None:
    with dut.connect() as m:
        edit(m, top(user("a")))
        m.commit(confirmed=True, timeout="1", persist="tok-3")
    assert wait_for(lambda: "<user>" not in dut.running_xml(), timeout=5)


def test_bad_confirm_timeout(m: Any) -> None:
    edit(m, top(user("a")))
    with rpc_error("invalid-value"):
        m.commit(confirmed=True, timeout="0")
