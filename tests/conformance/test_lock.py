"""Locks (RFC 6241 §7.5, §7.6, §7.9, §8.3.5.2): the same sequences on netconfd and the sim.

Only the candidate is locked: a lock on running blocks netconfd's confirmed-commit
rollback even for the session holding it (NETCONFD.md bug 2).

Where RFC 6241 does not name the error-tag (unlock by a non-holder, unlock without a
lock, lock of a modified candidate, commit/discard by another session while locked), the
expected tag is netconfd's, pinned so that a difference shows up as a failure to look at.
"""

from __future__ import annotations

import pytest

from .harness import (
    Sessions,
    expect_error,
    expect_ok,
    expected,
    wait_until,
)

pytestmark = pytest.mark.netconfd

LABEL = "<label>locked</label>"


def test_second_lock_is_denied_with_holder_session_id(nc: Sessions) -> None:
    a, b = nc.open(), nc.open()
    expect_ok(a.lock())
    expect_error(b.lock(), "lock-denied", info={"session-id": a.session_id})
    expect_ok(a.unlock())
    expect_ok(b.lock())
    expect_ok(b.unlock())


def test_edit_of_candidate_locked_by_another_session_is_in_use(nc: Sessions) -> None:
    a, b = nc.open(), nc.open()
    expect_ok(a.lock())
    expect_error(b.edit(LABEL), "in-use")
    assert a.read() == ""
    expect_ok(a.edit(LABEL))
    assert b.read() == expected(LABEL)  # a lock does not hide the candidate from readers
    expect_ok(a.commit())
    expect_ok(a.unlock())
    assert b.read("running") == expected(LABEL)


def test_commit_and_discard_by_another_session_while_locked_are_in_use(
    nc: Sessions,
) -> None:
    a, b = nc.open(), nc.open()
    expect_ok(a.lock())
    expect_ok(a.edit(LABEL))
    expect_error(b.discard(), "in-use")
    expect_error(b.commit(), "in-use")
    assert b.read("running") == ""
    assert b.read() == expected(LABEL)
    expect_ok(a.discard())
    expect_ok(a.unlock())


def test_unlock_without_lock_is_operation_failed(nc: Sessions) -> None:
    a = nc.open()
    expect_error(a.unlock(), "operation-failed")


def test_unlock_of_another_sessions_lock(nc: Sessions) -> None:
    a, b = nc.open(), nc.open()
    expect_ok(a.lock())
    expect_error(b.unlock(), "in-use")
    expect_ok(a.unlock())


def test_lock_of_modified_candidate_is_refused(nc: Sessions) -> None:
    """§7.5: no lock on a candidate with uncommitted changes (netconfd: resource-denied)."""
    a, b = nc.open(), nc.open()
    expect_ok(a.edit(LABEL))
    expect_error(b.lock(), "resource-denied")
    expect_error(a.lock(), "resource-denied")  # the session that made the change too
    expect_ok(a.discard())
    expect_ok(b.lock())
    expect_ok(b.unlock())


def test_unlock_discards_uncommitted_changes(nc: Sessions) -> None:
    """§8.3.5.2: outstanding changes are discarded when the candidate lock is released."""
    a = nc.open()
    expect_ok(a.lock())
    expect_ok(a.edit(LABEL))
    expect_ok(a.unlock())
    assert a.read() == ""
    assert a.read("running") == ""


@pytest.mark.parametrize("ending", ["close-session", "dropped"])
def test_end_of_holder_session_releases_lock_and_discards(nc: Sessions, ending: str) -> None:
    a, b = nc.open(), nc.open()
    expect_ok(a.lock())
    expect_ok(a.edit(LABEL))
    if ending == "close-session":
        a.close()  # the <ok/> comes once the session is over: the lock is free now
        expect_ok(b.lock())
    else:
        a.drop()  # the server notices the lost connection a little later
        assert wait_until(lambda: b.lock().ok, timeout=5), "lock not released"
    assert b.read() == ""
    expect_ok(b.unlock())


def test_kill_session_releases_lock(nc: Sessions) -> None:
    a, b = nc.open(), nc.open()
    expect_ok(a.lock())
    expect_ok(a.edit(LABEL))
    expect_ok(b.kill_session(a.session_id))
    expect_ok(b.lock())
    assert b.read() == ""
    expect_ok(b.unlock())


def test_kill_session_errors(nc: Sessions) -> None:
    a = nc.open()
    expect_error(a.kill_session(a.session_id), "invalid-value")  # §7.9: own session
    expect_error(a.kill_session("4000000"), "invalid-value")  # no such session
