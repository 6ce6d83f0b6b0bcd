"""The engine against netconfd loaded with the public Huawei modules (8.22.0): an
independent NETCONF server, started by the project's scripts.

The MP-EBGP VPNv4 example commits and reads back equal; re-apply changes nothing; undo
removes it; a device without the project's gap module gets no gap node (refused before
anything is sent); a held lock, a rejected edit, a failed commit and a confirm that comes
too late leave running as before. netconfd's validate-then-commit bug (NETCONFD.md, bug 1)
is designed around with ``validate_on_device=False`` (its commit validates anyway).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conformance.harness import Server
from conformance.netconfd import VENDOR_DIR, unavailable, vendor_netconfds

from mlag_netconf import Payload, load_intent
from mlag_netconf.errors import CapabilityError, CommitError, LockDenied, RpcError
from mlag_netconf.inventory import DeviceEntry
from mlag_netconf.netconf import Session, apply, connect, diff, read, restore, undo
from mlag_netconf.netconf.engine import _transaction
from mlag_netconf.xmltree import parse, pretty_text

pytestmark = [pytest.mark.netconfd, pytest.mark.slow]

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    if not VENDOR_DIR.is_dir():
        unavailable(f"vendor modules not found at {VENDOR_DIR}")
    with vendor_netconfds(1, "mlag-engine-yang-") as (started,):
        yield started


def entry(server: Server, name: str) -> DeviceEntry:
    """An inventory entry for netconfd under a device's name (host key pinned)."""
    return DeviceEntry(name, server.host, server.port, server.username, server.password,
                       host_key=server.hostkey_b64)


@pytest.fixture(scope="module")
def mp_payloads() -> dict[str, Payload]:
    return load_intent(EXAMPLES / "mp-ebgp-vpnv4.yaml").payloads()


@pytest.fixture
def agg(server: Server, mp_payloads: dict[str, Payload]) -> Iterator[Session]:
    with connect(entry(server, "AGG1"), rpc_timeout=20) as s:
        yield s
        undo(s, mp_payloads["AGG1"], validate_on_device=False)   # leave the server as found


def running(s: Session) -> str:
    return pretty_text(s.get_config("running"))


def test_mp_ebgp_vpnv4_commits_and_reads_back_equal(agg: Session,
                                                   mp_payloads: dict[str, Payload]) -> None:
    payload = mp_payloads["AGG1"]
    result = apply(agg, payload, validate_on_device=False)
    assert result.changed
    assert result.steps[-3:] == ("verify", "confirm", "unlock")
    assert not diff(agg, payload)
    back = read(agg, payload).as_dict()
    assert "network-instance" in back
    assert "3.3.3.3" in read(agg, payload).xml
    assert not apply(agg, payload, validate_on_device=False).changed     # idempotent


def test_undo_on_netconfd(agg: Session, mp_payloads: dict[str, Payload]) -> None:
    before = running(agg)
    apply(agg, mp_payloads["AGG1"], validate_on_device=False)
    assert running(agg) != before
    undo(agg, mp_payloads["AGG1"], validate_on_device=False)
    assert "3.3.3.3" not in running(agg)
    assert "LoopBack1" not in running(agg)


def test_gap_nodes_are_refused_before_sending(server: Server) -> None:
    payload = load_intent(EXAMPLES / "bgp-over-mlag.yaml").payloads()["DeviceA"]
    with connect(entry(server, "DeviceA")) as s:
        before = running(s)
        with pytest.raises(CapabilityError) as info:
            apply(s, payload, validate_on_device=False)
        assert "mlag-netconf-ext" in str(info.value)
        assert "interface.mlag-ipv4" in str(info.value)
        assert running(s) == before


def test_lock_held_by_another_session(server: Server, agg: Session,
                                      mp_payloads: dict[str, Payload]) -> None:
    before = running(agg)
    with connect(entry(server, "other")) as holder:
        holder.lock()
        with pytest.raises(LockDenied) as info:
            apply(agg, mp_payloads["AGG1"], validate_on_device=False)
        assert info.value.step == "lock"
        assert info.value.holder == int(holder.session_id or 0)
        holder.unlock()
    assert running(agg) == before


def test_an_edit_the_server_rejects(agg: Session) -> None:
    before = running(agg)
    bad = parse(  # a mask the vendor type refuses (the library's own check is bypassed)
        '<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">'
        '<ifm xmlns="urn:huawei:yang:huawei-ifm"><interfaces><interface>'
        '<name>LoopBack7</name><class>main-interface</class><type>LoopBack</type>'
        '<number>7</number><ipv4 xmlns="urn:huawei:yang:huawei-ip"><addresses><address>'
        '<ip>7.7.7.7</ip><mask>255.255.255.256</mask><type>main</type></address>'
        '</addresses></ipv4></interface></interfaces></ifm></config>')
    with pytest.raises(RpcError) as info:
        _transaction(agg, bad, validate_on_device=False)
    assert info.value.step == "edit"
    assert info.value.errors[0].tag == "invalid-value"
    assert running(agg) == before


def test_a_confirmation_after_the_timeout_finds_running_restored(
        agg: Session, mp_payloads: dict[str, Payload], monkeypatch: pytest.MonkeyPatch) -> None:
    before = running(agg)
    real_commit = agg.commit

    def late_confirm(**kw: object) -> None:
        if kw.get("persist_id"):
            time.sleep(3.5)      # netconfd's timer fires after ~1 s idle (NETCONFD.md bug 3)
        real_commit(**kw)  # type: ignore[arg-type]

    monkeypatch.setattr(agg, "commit", late_confirm)
    with pytest.raises(CommitError) as info:
        apply(agg, mp_payloads["AGG1"], confirm_timeout=1, validate_on_device=False)
    assert info.value.step == "confirm"
    assert running(agg) == before


def test_restore_on_netconfd(agg: Session, mp_payloads: dict[str, Payload]) -> None:
    payload = mp_payloads["AGG1"]
    first = apply(agg, payload, validate_on_device=False)
    after_first = running(agg)
    moved = Payload(payload.device, payload.xml.replace("<router-id>1.1.1.1</router-id>",
                                                        "<router-id>9.9.9.9</router-id>"),
                    payload.features)
    second = apply(agg, moved, validate_on_device=False)
    assert [c.kind for c in second.diff] == ["changed"]
    restore(agg, second, validate_on_device=False)
    assert running(agg) == after_first
    assert first.changed
