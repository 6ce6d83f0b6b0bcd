"""commit, discard-changes and confirmed commit (RFC 6241 §8.3, §8.4).

Avoided netconfd bugs (NETCONFD.md):

- bug 2: a rollback does nothing while running is locked: only the candidate is ever
  locked here;
- bug 3: the confirmed-commit timer only fires after about a second without requests:
  the timeout test stays idle for the timeout + 2 s before it looks.

Where RFC 6241 names no error-tag (a commit or cancel-commit from another session while
a confirmed commit without persist is pending, a cancel-commit with nothing pending) the
expected tag is netconfd's, pinned so that any difference shows.
"""

from __future__ import annotations

import time

import pytest

from .harness import (
    Session,
    Sessions,
    expect_error,
    expect_ok,
    expected,
    wait_until,
)

pytestmark = pytest.mark.netconfd

OLD = "<label>old</label><item><name>a</name><unit>1</unit><mtu>1500</mtu></item>"
NEW = "<label>new</label><item><name>a</name><unit>2</unit></item>"
NEW_ALL = "<label>new</label><item><name>a</name><unit>1</unit><mtu>1500</mtu></item>" \
          "<item><name>a</name><unit>2</unit></item>"
TIMEOUT = 1


def committed(nc: Sessions) -> Session:
    """A session whose running (and candidate) hold ``OLD``."""
    s = nc.open()
    expect_ok(s.edit(OLD))
    expect_ok(s.commit())
    return s


def test_commit_copies_candidate_to_running(nc: Sessions) -> None:
    s = committed(nc)
    other = nc.open()
    assert other.read("running") == expected(OLD)
    expect_ok(s.edit(NEW))
    assert other.read("running") == expected(OLD)
    expect_ok(s.commit())
    assert other.read("running") == expected(NEW_ALL)
    assert other.read() == expected(NEW_ALL)


def test_discard_changes_reverts_candidate(nc: Sessions) -> None:
    s = committed(nc)
    expect_ok(s.edit(NEW))
    expect_ok(s.edit('<item nc:operation="delete"><name>a</name><unit>1</unit></item>'))
    expect_ok(s.discard())
    assert s.read() == expected(OLD)
    assert s.read("running") == expected(OLD)


def test_confirmed_commit_then_confirming_commit(nc: Sessions) -> None:
    s = committed(nc)
    other = nc.open()
    expect_ok(s.edit(NEW))
    expect_ok(s.commit(confirmed=True, timeout=60))
    assert other.read("running") == expected(NEW_ALL)
    expect_ok(s.commit())  # confirming commit
    expect_error(s.cancel_commit(), "operation-failed")  # nothing pending any more
    s.close()  # closing no longer rolls back
    assert other.read("running") == expected(NEW_ALL)


def test_confirmed_commit_times_out_and_rolls_back(nc: Sessions) -> None:
    s = committed(nc)
    expect_ok(s.edit(NEW))
    expect_ok(s.commit(confirmed=True, timeout=TIMEOUT))
    assert s.read("running") == expected(NEW_ALL)
    time.sleep(TIMEOUT + 2)  # idle: netconfd's timer needs a quiet second (bug 3)
    assert s.read("running") == expected(OLD)
    expect_error(s.cancel_commit(), "operation-failed")  # nothing pending any more


def test_cancel_commit_rolls_back(nc: Sessions) -> None:
    s = committed(nc)
    expect_ok(s.edit(NEW))
    expect_ok(s.commit(confirmed=True, timeout=60))
    expect_ok(s.cancel_commit())
    assert s.read("running") == expected(OLD)


def test_rollback_leaves_candidate_equal_to_running(nc: Sessions) -> None:
    """After a rollback the candidate holds the restored configuration (netconfd)."""
    s = committed(nc)
    expect_ok(s.edit(NEW))
    expect_ok(s.commit(confirmed=True, timeout=60))
    expect_ok(s.cancel_commit())
    assert s.read() == expected(OLD)


def test_cancel_commit_with_nothing_pending(nc: Sessions) -> None:
    s = committed(nc)
    expect_error(s.cancel_commit(), "operation-failed")


def test_other_session_cannot_confirm_or_cancel_without_persist(nc: Sessions) -> None:
    """§8.4.1: without persist, only the issuing session confirms or cancels."""
    s = committed(nc)
    other = nc.open()
    expect_ok(s.edit(NEW))
    expect_ok(s.commit(confirmed=True, timeout=60))
    expect_error(other.commit(), "in-use")
    expect_error(other.cancel_commit(), "operation-failed")
    assert other.read("running") == expected(NEW_ALL)
    expect_ok(s.cancel_commit())
    assert other.read("running") == expected(OLD)


def test_confirmed_commit_again_extends_and_keeps_rollback_point(nc: Sessions) -> None:
    """A second confirmed commit before the first is confirmed: one rollback to OLD."""
    s = committed(nc)
    expect_ok(s.edit(NEW))
    expect_ok(s.commit(confirmed=True, timeout=60))
    expect_ok(s.edit("<label>newer</label>"))
    expect_ok(s.commit(confirmed=True, timeout=60))
    assert s.read("running") == expected(NEW_ALL.replace("new<", "newer<"))
    expect_ok(s.cancel_commit())
    assert s.read("running") == expected(OLD)


@pytest.mark.parametrize("ending", ["close-session", "dropped"])
def test_rollback_when_issuing_session_ends(nc: Sessions, ending: str) -> None:
    s = committed(nc)
    other = nc.open()
    expect_ok(s.edit(NEW))
    expect_ok(s.commit(confirmed=True, timeout=60))
    if ending == "close-session":
        s.close()
    else:
        s.drop()
    assert wait_until(lambda: other.read("running") == expected(OLD), timeout=5)


def test_persist_survives_session_and_persist_id_confirms(nc: Sessions) -> None:
    s = committed(nc)
    expect_ok(s.edit(NEW))
    expect_ok(s.commit(confirmed=True, timeout=60, persist="conf-1"))
    s.close()
    other = nc.open()
    try:
        assert other.read("running") == expected(NEW_ALL)
        expect_error(other.commit(persist_id="wrong"), "invalid-value")
        expect_error(other.cancel_commit(persist_id="wrong"), "invalid-value")
        expect_ok(other.commit(persist_id="conf-1"))
    finally:
        other.cancel_commit(persist_id="conf-1")  # no-op when confirmed; cleanup otherwise
    assert other.read("running") == expected(NEW_ALL)
    expect_error(other.cancel_commit(persist_id="conf-1"), "operation-failed")


def test_persist_id_cancel_from_another_session(nc: Sessions) -> None:
    s = committed(nc)
    expect_ok(s.edit(NEW))
    expect_ok(s.commit(confirmed=True, timeout=60, persist="conf-2"))
    other = nc.open()
    expect_ok(other.cancel_commit(persist_id="conf-2"))
    assert other.read("running") == expected(OLD)
    assert s.read("running") == expected(OLD)
