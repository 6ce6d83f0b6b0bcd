"""Framing and malformed input, over a raw asyncssh client (ncclient cannot send these)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import asyncssh

from mlag_netconf.sim import SimulatedDevice

from .raw import EOM, NC, RawSession, chunk, error_tags, rpc

GET = "<get-config><source><running/></source></get-config>"


def run(device: SimulatedDevice, scenario: Callable[[RawSession], Awaitable[Any]],
        *, base11: bool = True) -> Any:
    async def main() -> Any:
        async with RawSession(device, base11=base11) as session:
            return await scenario(session)

    return asyncio.run(main())


def test_base10_end_of_message_framing(dut: SimulatedDevice) -> None:
    async def scenario(s: RawSession) -> Any:
        s.send(rpc(GET, "42"))
        return await s.reply()

    reply = run(dut, scenario, base11=False)
    assert reply.get("message-id") == "42"
    assert reply.find(f"{{{NC}}}data") is not None


def test_base11_chunked_framing_with_split_chunks(dut: SimulatedDevice) -> None:
    async def scenario(s: RawSession) -> Any:
        message = rpc(GET, "7")
        s.write(b"\n#5\n" + message[:5] + b"\n#%d\n" % (len(message) - 5) + message[5:])
        await asyncio.sleep(0.05)
        s.write(b"\n##\n")
        return await s.reply()

    reply = run(dut, scenario)
    assert reply.get("message-id") == "7"


def test_reply_keeps_every_rpc_attribute(dut: SimulatedDevice) -> None:
    async def scenario(s: RawSession) -> Any:
        s.send(f'<rpc xmlns="{NC}" xmlns:x="urn:x" message-id="9" x:trace="abc">'
               f"{GET}</rpc>".encode())
        return await s.reply()

    reply = run(dut, scenario)
    assert reply.get("{urn:x}trace") == "abc"


def test_malformed_xml_gets_malformed_message_and_the_session_lives(dut: SimulatedDevice) -> None:
    async def scenario(s: RawSession) -> Any:
        s.send(b"<rpc message-id='1'><get-config>")
        bad = await s.reply()
        s.send(rpc(GET, "2"))
        good = await s.reply()
        return bad, good

    bad, good = run(dut, scenario)
    assert error_tags(bad) == ["malformed-message"]
    assert bad.get("message-id") is None
    assert good.get("message-id") == "2"


def test_malformed_xml_in_base10(dut: SimulatedDevice) -> None:
    async def scenario(s: RawSession) -> Any:
        s.send(b"not xml at all")
        return await s.reply()

    assert error_tags(run(dut, scenario, base11=False)) == ["malformed-message"]


def test_entity_bomb_is_refused(dut: SimulatedDevice) -> None:
    async def scenario(s: RawSession) -> Any:
        s.send(b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
               b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
               b'<rpc xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="1">'
               b"<get-config><source><running/></source></get-config>&b;</rpc>")
        return await s.reply()

    assert error_tags(run(dut, scenario)) == ["malformed-message"]


def test_bad_chunk_header_gets_malformed_message_then_close(dut: SimulatedDevice) -> None:
    async def scenario(s: RawSession) -> Any:
        s.write(b"\n#zz\n<rpc/>\n##\n")
        reply = await s.reply()
        return reply, await s.closed()

    reply, closed = run(dut, scenario)
    assert error_tags(reply) == ["malformed-message"]
    assert closed


def test_chunk_size_zero_is_a_framing_error(dut: SimulatedDevice) -> None:
    async def scenario(s: RawSession) -> Any:
        s.write(b"\n#0\n\n##\n")
        return await s.reply()

    assert error_tags(run(dut, scenario)) == ["malformed-message"]


def test_rpc_without_message_id(dut: SimulatedDevice) -> None:
    async def scenario(s: RawSession) -> Any:
        s.send(f'<rpc xmlns="{NC}">{GET}</rpc>'.encode())
        return await s.reply()

    assert error_tags(run(dut, scenario)) == ["missing-attribute"]


def test_not_an_rpc(dut: SimulatedDevice) -> None:
    async def scenario(s: RawSession) -> Any:
        s.send(f'<rpc-reply xmlns="{NC}" message-id="1"/>'.encode())
        return await s.reply()

    assert error_tags(run(dut, scenario)) == ["malformed-message"]


def test_rpc_without_operation(dut: SimulatedDevice) -> None:
    async def scenario(s: RawSession) -> Any:
        s.send(f'<rpc xmlns="{NC}" message-id="3"/>'.encode())
        return await s.reply()

    assert error_tags(run(dut, scenario)) == ["missing-element"]


def test_hello_with_session_id_closes_the_session(dut: SimulatedDevice) -> None:
    async def main() -> bool:
        conn = await asyncssh.connect(dut.host, dut.port, username=dut.username,
                                      password=dut.password,
                                      known_hosts=str(dut.known_hosts), client_keys=None)
        proc = await conn.create_process(subsystem="netconf", encoding=None)
        proc.stdin.write(f'<hello xmlns="{NC}"><capabilities><capability>'
                         "urn:ietf:params:netconf:base:1.0</capability></capabilities>"
                         "<session-id>4</session-id></hello>".encode() + EOM)
        data = b""
        while chunk_ := await asyncio.wait_for(proc.stdout.read(65536), 5):
            data += chunk_
        conn.close()
        return b"<hello" in data

    assert asyncio.run(main())


def test_many_rpcs_in_one_write_are_answered_in_order(dut: SimulatedDevice) -> None:
    async def scenario(s: RawSession) -> Any:
        s.write(b"".join(chunk(rpc(GET, str(i))) for i in range(20)))
        return [(await s.reply()).get("message-id") for _ in range(20)]

    assert run(dut, scenario) == [str(i) for i in range(20)]


def test_other_subsystems_are_refused(dut: SimulatedDevice) -> None:
    async def main() -> int | None:
        async with asyncssh.connect(dut.host, dut.port, username=dut.username,
                                    password=dut.password, known_hosts=str(dut.known_hosts),
                                    client_keys=None) as conn:
            result = await conn.run("ls", check=False)
            status: int | None = result.exit_status
            return status

    assert asyncio.run(main()) != 0
