"""apply / undo / restore on one simulated device: success, idempotency, and every failure
step with running exactly as before (a live server over SSH; faults from the simulator)."""

from __future__ import annotations

import dataclasses
import logging
import time
from pathlib import Path

import pytest

from mlag_netconf import Payload
from mlag_netconf.errors import (
    CapabilityError,
    CommitError,
    ConnectError,
    LockDenied,
    NetconfError,
    RpcError,
    RpcTimeout,
    SessionLost,
    VerifyError,
)
from mlag_netconf.inventory import known_hosts_line
from mlag_netconf.namespaces import NC
from mlag_netconf.netconf import Session, apply, connect, diff, read, restore, undo
from mlag_netconf.sim import DeviceSpec, Fault, Malicious, SimulatedDevice, SimulatedNetwork
from mlag_netconf.xmltree import parse, pretty_text

from .conftest import running_text

RPCS = ("lock", "discard-changes", "edit-config", "validate", "commit", "unlock")


def rpc_count(dev: SimulatedDevice, rpc: str) -> int:
    return sum(1 for e in dev.events if rpc in e)


# --------------------------------------------------------------------------- success
def test_apply_configures_verifies_and_confirms(session: Session, dev: SimulatedDevice,
                                                payload: Payload) -> None:
    before = running_text(dev)
    result = apply(session, payload, confirm_timeout=30)
    assert result.changed
    assert result.steps == ("lock", "discard", "edit", "validate", "commit", "verify",
                            "confirm", "unlock")
    assert len(result.diff) > 20
    assert running_text(dev) != before
    assert not diff(session, payload)             # running now equals the intent by value
    assert dev.locks() == {}
    assert "m-lag-ipv4" in running_text(dev)


def test_reapply_sends_no_edit_and_no_commit(session: Session, dev: SimulatedDevice,
                                             payload: Payload) -> None:
    apply(session, payload)
    edits, commits = rpc_count(dev, "edit-config"), rpc_count(dev, "commit")
    again = apply(session, payload)
    assert not again.changed
    assert again.steps == ()
    assert not again.diff
    assert (rpc_count(dev, "edit-config"), rpc_count(dev, "commit")) == (edits, commits)


def test_read_returns_exactly_the_payload_subtrees(session: Session, payload: Payload) -> None:
    apply(session, payload)
    back = read(session, payload)
    data = back.as_dict()
    assert set(data) == {"vlan", "ifm", "bgp", "network-instance"}
    assert "10.1.1.2" in back.xml                      # the M-LAG address
    assert "huawei-l3vpn" not in back.xml              # l3vpn families: not the payload's


def test_plain_commit_mode(session: Session, dev: SimulatedDevice, payload: Payload) -> None:
    result = apply(session, payload, commit="plain")
    assert "confirm" not in result.steps
    assert result.changed
    assert not diff(session, payload)


def test_dry_run_validates_on_the_candidate_and_changes_nothing(
        session: Session, dev: SimulatedDevice, payload: Payload) -> None:
    before = running_text(dev)
    result = apply(session, payload, dry_run=True)
    assert result.dry_run
    assert not result.changed
    assert result.diff
    assert "validate" in result.steps
    assert "commit" not in result.steps
    assert running_text(dev) == before
    assert dev.locks() == {}


def test_undo_removes_what_the_intent_configured_not_device_nodes(
        session: Session, dev: SimulatedDevice, payload: Payload) -> None:
    before = running_text(dev)
    apply(session, payload)
    result = undo(session, payload)
    assert result.changed
    assert running_text(dev) == before                 # _public_ and its families stay
    assert "_public_" in running_text(dev)
    assert not undo(session, payload).changed          # nothing left to remove


def test_restore_puts_back_the_snapshot(session: Session, dev: SimulatedDevice,
                                        payloads: dict[str, Payload]) -> None:
    first = apply(session, payloads["DeviceA"])
    after_first = running_text(dev)
    changed = Payload(payloads["DeviceA"].device,
                      payloads["DeviceA"].xml.replace("1.1.1.1", "9.9.9.9"),
                      payloads["DeviceA"].features)
    second = apply(session, changed)
    assert [c.kind for c in second.diff] == ["changed"]
    restore(session, second)
    assert running_text(dev) == after_first
    restore(session, first)
    assert "Vlanif100" not in running_text(dev)


# --------------------------------------------------------------------------- failures
def assert_untouched(dev: SimulatedDevice, before: str) -> None:
    assert running_text(dev) == before, "running must be exactly as before"
    # a session the client abandoned ends on the server when it sees the TCP close
    deadline = time.monotonic() + 5
    while dev.locks() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert dev.locks() == {}, "no lock may stay behind"


@pytest.mark.parametrize(("fault", "error", "step"), [
    (Fault.error("edit-config", tag="invalid-value", message="bad"), RpcError, "edit"),
    (Fault.error("validate", message="validation failed"), RpcError, "validate"),
    (Fault.fail_commit(), CommitError, "commit"),
    (Fault.fail_commit(nth=2), CommitError, "confirm"),
    (Fault.error("discard-changes"), RpcError, "discard"),
], ids=["edit", "validate", "commit", "confirm", "discard"])
def test_a_failed_step_leaves_running_as_before(
        session: Session, dev: SimulatedDevice, payload: Payload, fault: Fault,
        error: type[NetconfError], step: str) -> None:
    before = running_text(dev)
    dev.faults.add(fault)
    with pytest.raises(error) as info:
        apply(session, payload, confirm_timeout=30)
    assert info.value.device == "DeviceA"
    assert info.value.step == step
    assert info.value.recovery
    assert_untouched(dev, before)
    assert session.connected


def test_lock_denied_names_the_holder(session: Session, dev: SimulatedDevice,
                                      payload: Payload) -> None:
    before = running_text(dev)
    holder = dev.hold_lock("candidate")
    with pytest.raises(LockDenied) as info:
        apply(session, payload)
    assert info.value.holder == holder
    assert info.value.step == "lock"
    assert "running unchanged" in (info.value.recovery or "")
    dev.end_session(holder)
    assert running_text(dev) == before


def test_session_dropped_before_commit(session: Session, dev: SimulatedDevice,
                                       payload: Payload) -> None:
    before = running_text(dev)
    dev.faults.add(Fault.drop("commit"))
    with pytest.raises(SessionLost) as info:
        apply(session, payload)
    assert info.value.step == "commit"
    assert "lock and candidate changes went with it" in (info.value.recovery or "")
    assert_untouched(dev, before)


def test_session_dropped_inside_the_confirm_window_is_cancelled_from_a_new_session(
        session: Session, dev: SimulatedDevice, payload: Payload) -> None:
    before = running_text(dev)
    dev.faults.add(Fault.drop("get-config", nth=2))   # the read-back after the commit
    with pytest.raises(SessionLost) as info:
        apply(session, payload, confirm_timeout=60)
    assert info.value.step == "verify" or info.value.step == "get-config"
    assert "confirmed commit cancelled" in (info.value.recovery or "")
    assert_untouched(dev, before)


def test_confirm_timeout_rolls_back(session: Session, dev: SimulatedDevice,
                                    payload: Payload) -> None:
    before = running_text(dev)
    dev.faults.add(Fault.delay("commit", 2.5, nth=2))   # the confirmation comes too late
    with pytest.raises(CommitError) as info:
        apply(session, payload, confirm_timeout=1)
    assert info.value.step == "confirm"
    assert_untouched(dev, before)


def test_verify_mismatch_cancels(session: Session, dev: SimulatedDevice,
                                 payload: Payload) -> None:
    before = running_text(dev)
    stale = ('<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" '
             'message-id="{message-id}"><data/></rpc-reply>')
    dev.faults.add(Fault.hostile("get-config", Malicious.RAW, payload=stale.encode(), nth=2))
    with pytest.raises(VerifyError) as info:
        apply(session, payload, confirm_timeout=30)
    assert info.value.step == "verify"
    assert info.value.diff
    assert "confirmed commit cancelled" in (info.value.recovery or "")
    assert_untouched(dev, before)


def test_a_device_slower_than_the_rpc_timeout(dev: SimulatedDevice, payload: Payload) -> None:
    before = running_text(dev)
    with connect(dev.entry, rpc_timeout=0.5) as s:
        dev.faults.add(Fault.delay("edit-config", 1.5))
        with pytest.raises(RpcTimeout) as info:
            apply(s, payload)
        assert info.value.step == "edit"
    assert_untouched(dev, before)


@pytest.mark.parametrize("kind", [Malicious.BILLION_LAUGHS, Malicious.EXTERNAL_ENTITY,
                                  Malicious.INVALID_XML])
def test_hostile_replies_are_refused(dev: SimulatedDevice, payload: Payload,
                                     kind: Malicious) -> None:
    before = running_text(dev)
    with connect(dev.entry, rpc_timeout=5) as s:
        dev.faults.add(Fault.hostile("edit-config", kind))
        with pytest.raises(SessionLost) as info:
            apply(s, payload)
        assert "refused" in str(info.value) or "session lost" in str(info.value)
    assert_untouched(dev, before)


def test_every_rpc_error_is_reported(session: Session) -> None:
    bad = ('<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">'
           '<vlan xmlns="urn:huawei:yang:huawei-vlan"><vlans>'
           '<vlan><id>5000</id></vlan><vlan><id>0</id></vlan>'
           '</vlans></vlan></config>')
    session.lock()
    try:
        with pytest.raises(RpcError) as info:
            session.rpc("edit", lambda: session._m.edit_config(
                target="candidate", config=parse(bad), error_option="continue-on-error"))
    finally:
        session.discard()
        session.unlock()
    assert len(info.value.errors) >= 2
    assert all(e.tag == "invalid-value" for e in info.value.errors)


# --------------------------------------------------------------------------- connect
@pytest.mark.parametrize("pin", ["pinned", "known_hosts"])
def test_host_key_mismatch_is_refused(net: SimulatedNetwork, dev: SimulatedDevice,
                                      pin: str, tmp_path: Path) -> None:
    other_key = net["DeviceB"].host_key             # a real key, but not DeviceA's
    if pin == "pinned":
        entry = dataclasses.replace(dev.entry, host_key=other_key)
    else:
        kh = tmp_path / "known_hosts"
        kh.write_text(known_hosts_line(dev.host, dev.port, other_key) + "\n")
        entry = dataclasses.replace(dev.entry, host_key=None, known_hosts=str(kh))
    with pytest.raises(ConnectError) as info:
        connect(entry)
    assert "host key" in str(info.value)
    assert info.value.device == "DeviceA"


@pytest.mark.parametrize("key", ["ssh-ed25519 not-base64!", "ssh-ed25519 AAAA", "", "x y z"])
def test_a_malformed_host_key_is_a_typed_error(dev: SimulatedDevice, key: str) -> None:
    entry = dataclasses.replace(dev.entry, host_key=key or None, known_hosts=None)
    with pytest.raises(ConnectError) as info:
        connect(entry)
    assert info.value.step == "connect"


def test_host_key_check_can_be_turned_off_explicitly(
        dev: SimulatedDevice, caplog: pytest.LogCaptureFixture) -> None:
    entry = dataclasses.replace(dev.entry, host_key=None, known_hosts=None)
    with connect(entry, verify_host_key=False) as s:
        assert s.connected
    assert "host key verification is OFF" in caplog.text


def test_wrong_password_is_a_connect_error_that_hides_the_password(
        dev: SimulatedDevice) -> None:
    wrong = dataclasses.replace(dev.entry, password="s3cret-Wrong", key_filename=None)
    with pytest.raises(ConnectError) as info:
        connect(wrong)
    assert "authentication failed" in str(info.value)
    assert "s3cret-Wrong" not in str(info.value) + repr(info.value) + repr(wrong)


def test_refused_login(dev: SimulatedDevice) -> None:
    dev.faults.refuse_auth = True
    with pytest.raises(ConnectError):
        connect(dev.entry)


# --------------------------------------------------------------------------- capabilities
def test_a_device_without_the_gap_module_is_refused_before_anything_is_sent(
        payload: Payload) -> None:
    with SimulatedNetwork(["X"]) as probe:
        caps = [c for c in probe["X"].capabilities if "mlag-netconf-ext" not in c]
    with SimulatedNetwork([DeviceSpec("DeviceA", capabilities=tuple(caps))]) as net:
        dev = net["DeviceA"]
        with connect(dev.entry) as s:
            assert not s.capabilities.advertises("mlag-netconf-ext")
            before = len(dev.events)
            with pytest.raises(CapabilityError) as info:
                apply(s, payload)
            assert dev.events[before:] == []          # not even a read was sent
    text = str(info.value)
    assert "mlag-netconf-ext" in text
    for feature in payload.gap_features:
        assert feature in text
    assert info.value.step == "check"


def test_no_candidate_no_apply(payload: Payload) -> None:
    with SimulatedNetwork(["X"]) as probe:
        caps = tuple(c for c in probe["X"].capabilities if ":candidate:" not in c)
    with SimulatedNetwork([DeviceSpec("DeviceA", capabilities=caps)]) as net, \
            connect(net["DeviceA"].entry) as s, pytest.raises(CapabilityError, match="candidate"):
        apply(s, payload)


# --------------------------------------------------------------------------- replies
def reply(body: str) -> bytes:
    return (f'<rpc-reply xmlns="{NC}" message-id="{{message-id}}">{body}</rpc-reply>'
            ).encode()


WARNING = ("<rpc-error><error-type>application</error-type><error-tag>operation-failed"
           "</error-tag><error-severity>warning</error-severity><error-message>"
           "just so you know</error-message></rpc-error>")
ERROR = ('<rpc-error><error-type>application</error-type><error-tag>invalid-value'
         '</error-tag><error-severity>error</error-severity><error-app-tag>43'
         '</error-app-tag><error-path>/nc:rpc/nc:edit-config</error-path>'
         '<error-message>bad value&#13;</error-message><error-info>'
         '<error-info-code xmlns="urn:huawei:yang:huawei-ietf-netconf-ext">43</error-info-code>'
         '</error-info></rpc-error>')


def test_a_warning_never_fails_an_rpc(session: Session, dev: SimulatedDevice) -> None:
    dev.faults.add(Fault.hostile("lock", Malicious.RAW, payload=reply(WARNING + "<ok/>")))
    session.lock()   # the injected reply stands in for the device's: nothing was locked
    assert [w.message for w in session.warnings] == ["just so you know"]


def test_a_warning_never_hides_an_error(session: Session, dev: SimulatedDevice) -> None:
    dev.faults.add(Fault.hostile("lock", Malicious.RAW, payload=reply(WARNING + ERROR)))
    with pytest.raises(RpcError) as info:
        session.lock()
    (only,) = info.value.errors
    assert (only.tag, only.app_tag, only.message) == ("invalid-value", "43", "bad value")
    assert only.info == {"error-info-code": "43"}
    assert len(session.warnings) == 1


# --------------------------------------------------------------------------- secrets
def test_no_secret_and_no_payload_reaches_the_log_at_info(
        dev: SimulatedDevice, payload: Payload, caplog: pytest.LogCaptureFixture) -> None:
    secret = dev.password
    with caplog.at_level(logging.DEBUG), connect(dev.entry) as s:
        apply(s, payload)
        assert secret not in repr(s) + repr(s.entry) + str(s.entry)
    assert all(secret not in r.getMessage() for r in caplog.records)
    info = [r for r in caplog.records if r.levelno >= logging.INFO]
    assert not [r for r in info if "m-lag-ipv4" in r.getMessage()]


def test_a_lock_held_by_another_session_leaves_its_candidate_alone(
        dev: SimulatedDevice, session: Session, payload: Payload) -> None:
    other_edit = ('<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">'
                  '<vlan xmlns="urn:huawei:yang:huawei-vlan"><vlans><vlan><id>777</id></vlan>'
                  '</vlans></vlan></config>')
    with connect(dev.entry) as other:
        other.lock()
        other.edit(parse(other_edit))
        with pytest.raises(LockDenied) as info:
            apply(session, payload)
        assert "discard" not in (info.value.recovery or "")
        held = other.get_config("candidate")
        assert "777" in pretty_text(held), "the holder's uncommitted edit must survive"
        other.discard()
        other.unlock()


def test_plain_commit_mode_compensates_a_verify_failure(
        session: Session, dev: SimulatedDevice, payload: Payload) -> None:
    before = running_text(dev)
    stale = ('<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" '
             'message-id="{message-id}"><data/></rpc-reply>')
    dev.faults.add(Fault.hostile("get-config", Malicious.RAW, payload=stale.encode(), nth=2))
    with pytest.raises(VerifyError) as info:
        apply(session, payload, commit="plain")
    assert "compensating commit restored" in (info.value.recovery or "")
    assert_untouched(dev, before)
