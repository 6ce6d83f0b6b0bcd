"""<lock>/<unlock>: lock-denied with the holder, in-use, release when sessions end."""

from __future__ import annotations

from typing import Any

from mlag_netconf.sim import SimulatedDevice

from .helpers import candidate, edit, info_text, rpc_error, running, top, user

USERS = "st:top/st:user/st:name"


def test_lock_and_unlock(m: Any, dut: SimulatedDevice) -> None:
    m.lock("candidate")
    m.lock("running")
    assert dut.locks() == {"candidate": int(m.session_id), "running": int(m.session_id)}
    m.unlock("running")
    m.unlock("candidate")
    assert dut.locks() == {}


def test_second_lock_is_denied_with_the_holder(m: Any, m2: Any) -> None:
    m.lock("candidate")
    with rpc_error("lock-denied") as err:
        m2.lock("candidate")
    assert info_text(err.value, "session-id") == str(m.session_id)


def test_lock_twice_by_the_same_session_is_denied(m: Any) -> None:
    m.lock("running")
    with rpc_error("lock-denied"):
        m.lock("running")


def test_unlock_of_a_lock_not_held(m: Any, m2: Any) -> None:
    with rpc_error("operation-failed"):
        m.unlock("candidate")
    m2.lock("candidate")
    with rpc_error("in-use"):  # held by another session (as netconfd answers)
        m.unlock("candidate")


def test_lock_of_a_modified_candidate_is_denied(m: Any, m2: Any) -> None:
    edit(m2, top("<name>x</name>"))
    with rpc_error("resource-denied"):  # RFC 6241 §7.5 names no tag; netconfd's
        m.lock("candidate")


def test_lock_of_unknown_datastore(m: Any) -> None:
    with rpc_error("invalid-value"):
        m.lock("startup")


def test_others_commit_and_discard_are_in_use(m: Any, m2: Any) -> None:
    m.lock("candidate")
    with rpc_error("in-use"):
        m2.commit()
    with rpc_error("in-use"):
        m2.discard_changes()
    m.unlock("candidate")
    m2.lock("running")
    with rpc_error("in-use"):
        m.commit()


def test_unlock_discards_uncommitted_changes(m: Any) -> None:
    m.lock("candidate")
    edit(m, top(user("a")))
    m.unlock("candidate")
    assert candidate(m, USERS) == []


def test_session_end_releases_locks_and_changes(dut: SimulatedDevice, m2: Any) -> None:
    with dut.connect() as m:
        m.lock("candidate")
        m.lock("running")
        edit(m, top(user("a")))
    assert dut.locks() == {}
    assert candidate(m2, USERS) == []
    m2.lock("candidate")


def test_session_end_drops_unlocked_changes_it_alone_made(dut: SimulatedDevice,
                                                          m2: Any) -> None:
    with dut.connect() as m:
        edit(m, top(user("a")))
    assert candidate(m2, USERS) == []


def test_shared_candidate_survives_one_editor_leaving(dut: SimulatedDevice, m2: Any) -> None:
    edit(m2, top(user("b")))
    with dut.connect() as m:
        edit(m, top(user("a")))
    assert candidate(m2, USERS) == ["b", "a"]


def test_lock_held_by_a_phantom_session(m: Any, dut: SimulatedDevice) -> None:
    holder = dut.hold_lock("candidate")
    with rpc_error("lock-denied") as err:
        m.lock("candidate")
    assert info_text(err.value, "session-id") == str(holder)
    with rpc_error("in-use"):
        edit(m, top("<name>x</name>"))
    m.kill_session(str(holder))
    m.lock("candidate")
    edit(m, top("<name>x</name>"))
    m.commit()
    assert running(m, "st:top/st:name") == ["x"]
