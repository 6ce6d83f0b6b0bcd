"""Scripted faults: delays, injected errors, dropped sessions, refused logins, hostile replies."""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any

import pytest
from lxml import etree
from ncclient.transport.errors import AuthenticationError, TransportError

from mlag_netconf.sim import Fault, Malicious, SimulatedDevice

from .helpers import candidate, edit, rpc_error, running, top, user
from .raw import RawSession, rpc

USERS = "st:top/st:user/st:name"
GET = "<get-config><source><running/></source></get-config>"


def test_delay_an_rpc(m: Any, dut: SimulatedDevice) -> None:
    dut.faults.add(Fault.delay("get-config", 1.0))
    started = time.monotonic()
    m.get_config("running")
    assert time.monotonic() - started >= 1.0
    started = time.monotonic()
    m.get_config("running")  # the fault fired once: no delay (generous bound for busy CI)
    assert time.monotonic() - started < 0.9


def test_answer_with_an_error_on_the_nth_call(m: Any, dut: SimulatedDevice) -> None:
    dut.faults.add(Fault.error("edit-config", tag="resource-denied", message="full", nth=2))
    edit(m, top(user("a")))
    with rpc_error("resource-denied"):
        edit(m, top(user("b")))
    edit(m, top(user("c")))
    assert candidate(m, USERS) == ["a", "c"]


def test_fail_the_commit(m: Any, dut: SimulatedDevice) -> None:
    dut.faults.add(Fault.fail_commit("disk full"))
    edit(m, top(user("a")))
    with rpc_error("operation-failed") as err:
        m.commit()
    assert "disk full" in str(err.value)
    assert running(m, USERS) == []
    m.commit()
    assert running(m, USERS) == ["a"]


def test_fault_for_every_call(m: Any, dut: SimulatedDevice) -> None:
    dut.faults.add(Fault.error("lock", tag="lock-denied", times=0))
    for _ in range(3):
        with rpc_error("lock-denied"):
            m.lock("candidate")
    dut.faults.clear()
    m.lock("candidate")


def test_drop_before_processing(dut: SimulatedDevice, m2: Any) -> None:
    dut.faults.add(Fault.drop("commit"))
    m = dut.connect()
    edit(m, top(user("a")))
    with pytest.raises(TransportError):
        m.commit()
    assert running(m2, USERS) == []
    assert candidate(m2, USERS) == []  # its session ended: its changes went too


def test_drop_after_processing(dut: SimulatedDevice, m2: Any) -> None:
    dut.faults.add(Fault.drop("commit", after=True))
    m = dut.connect()
    edit(m, top(user("a")))
    with pytest.raises(TransportError):
        m.commit()
    assert running(m2, USERS) == ["a"]


def test_refuse_authentication(dut: SimulatedDevice) -> None:
    dut.faults.refuse_auth = True
    with pytest.raises(AuthenticationError):
        dut.connect()
    with pytest.raises(AuthenticationError):
        dut.connect(key=True)
    dut.faults.refuse_auth = False
    with dut.connect() as m:
        assert m.connected


def hostile(dut: SimulatedDevice, kind: Malicious, **kwargs: Any) -> bytes:
    dut.faults.add(Fault.hostile("get-config", kind, **kwargs))

    async def main() -> bytes:
        async with RawSession(dut) as session:
            session.send(rpc(GET, "5"))
            return await session.receive()

    return asyncio.run(main())


def test_billion_laughs_reply(dut: SimulatedDevice) -> None:
    body = hostile(dut, Malicious.BILLION_LAUGHS)
    assert b"<!ENTITY lol9" in body
    assert b'message-id="5"' in body
    started = time.monotonic()
    with contextlib.suppress(etree.XMLSyntaxError):  # libxml2 refuses the amplification
        etree.fromstring(body, etree.XMLParser(resolve_entities=False, huge_tree=False))
    assert time.monotonic() - started < 2


def test_external_entity_reply(dut: SimulatedDevice) -> None:
    assert b'SYSTEM "file:///etc/passwd"' in hostile(dut, Malicious.EXTERNAL_ENTITY)


def test_huge_reply(dut: SimulatedDevice) -> None:
    body = hostile(dut, Malicious.HUGE, size=2_000_000)
    assert len(body) >= 2_000_000
    etree.fromstring(body)


def test_invalid_xml_reply(dut: SimulatedDevice) -> None:
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(hostile(dut, Malicious.INVALID_XML))


def test_raw_reply(dut: SimulatedDevice) -> None:
    assert hostile(dut, Malicious.RAW, payload=b"<garbage/>") == b"<garbage/>"


def test_ncclient_survives_an_invalid_reply(m: Any, dut: SimulatedDevice) -> None:
    dut.faults.add(Fault.hostile("get", Malicious.INVALID_XML))
    with pytest.raises(etree.XMLSyntaxError):
        m.get(filter=("subtree", '<top xmlns="urn:mlag-netconf:test:sim-test"/>'))
