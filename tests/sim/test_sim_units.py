"""The simulator's pure parts, without any network."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from mlag_netconf.sim import Fault, FaultPlan, Inventory
from mlag_netconf.sim.huawei.behaviour import split_interface_name
from mlag_netconf.sim.protocol.framing import FrameDecoder, FramingError, encode
from mlag_netconf.sim.protocol.subtree import apply_filter


def drain(decoder: FrameDecoder) -> list[bytes]:
    out = []
    while (message := decoder.pop()) is not None:
        out.append(message)
    return out


@pytest.mark.parametrize("chunked", [False, True])
def test_decoder_reassembles_messages_fed_byte_by_byte(chunked: bool) -> None:
    messages = [b"<a/>", b"<rpc>" + b"x" * 300 + b"</rpc>", b"<b/>"]
    stream = b"".join(encode(m, chunked=chunked) for m in messages)
    decoder = FrameDecoder()
    decoder.chunked = chunked
    got: list[bytes] = []
    for i in range(len(stream)):
        decoder.feed(stream[i:i + 1])
        got += drain(decoder)
    assert got == messages


@pytest.mark.parametrize("bad", [b"\n#0\n", b"\n#01\n", b"x", b"\n#12345678901\n",
                                 b"\n##\n", b"\n#a"])
def test_decoder_rejects_bad_chunk_headers(bad: bytes) -> None:
    decoder = FrameDecoder()
    decoder.chunked = True
    decoder.feed(bad)
    with pytest.raises(FramingError):
        drain(decoder)


def test_decoder_bounds_message_size() -> None:
    decoder = FrameDecoder(max_message=100)
    decoder.feed(b"x" * 200)
    with pytest.raises(FramingError):
        decoder.pop()


def test_fault_plan_counts_per_fault_and_expires() -> None:
    plan = FaultPlan()
    plan.add(Fault.error("commit", nth=2, times=2))
    plan.add(Fault.delay(None, 0.1, nth=3))
    hits = [plan.take(name) for name in ("commit", "lock", "commit", "commit", "commit")]
    kinds = [None if h is None else h.action.value for h in hits]
    # on the third RPC both fire: the first added wins, the other one is spent
    assert kinds == [None, None, "error", "error", None]
    assert plan.pending == ()
    with pytest.raises(ValueError, match="nth"):
        plan.add(Fault.error("x", nth=0))


def test_inventory_yaml_round_trip(tmp_path: Path) -> None:
    from mlag_netconf.sim import DeviceEntry

    inventory = Inventory((DeviceEntry("A", "127.0.0.1", 1, "u", "p", "/kh", "ssh-ed25519 K",
                                       "/key"),), "/kh", "/cfg")
    path = inventory.write(tmp_path / "inv.yaml")
    assert Inventory.load(path) == inventory
    assert "password: p" in path.read_text()


@pytest.mark.parametrize(("name", "parts"), [
    ("Vlanif4094", ("main-interface", "Vlanif", "4094")),
    ("Vbdif10", ("main-interface", "Vbdif", "10")),
    ("LoopBack0", ("main-interface", "LoopBack", "0")),
    ("Eth-Trunk1.100", ("sub-interface", "Eth-Trunk", None)),
    ("Eth-Trunk10", ("main-interface", "Eth-Trunk", "10")),
    ("100GE1/0/1", ("main-interface", "100GE", "1/0/1")),
    ("25ge1/0/1.7", ("sub-interface", "25GE", None)),
    ("vlanif7", ("main-interface", "Vlanif", "7")),
])
def test_interface_names(name: str, parts: tuple[str, str, str | None]) -> None:
    assert split_interface_name(name) == parts


def test_filter_without_namespace_matches_any_namespace() -> None:
    data = etree.fromstring('<data><a xmlns="urn:1"><x>1</x></a><a xmlns="urn:2"><x>2</x></a>'
                            "</data>")
    out = apply_filter(data, etree.fromstring("<filter><a><x>2</x></a></filter>"))
    assert [e.text for e in out.iter("{urn:2}x")] == ["2"]
    assert list(out.iter("{urn:1}x")) == []


# ----------------------------------------------------------------------------- free_ports
def test_free_ports_lie_outside_the_ephemeral_range_and_bind() -> None:
    import socket

    from mlag_netconf.sim.harness import ports

    low, high = ports.ephemeral_range()
    base = ports.free_ports(3)
    for port in range(base, base + 3):
        assert not low <= port <= high
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", port))


def test_free_ports_use_the_ports_above_a_wide_ephemeral_range(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mlag_netconf.sim.harness import ports

    range_file = tmp_path / "range"
    range_file.write_text("1024\t60999\n")
    monkeypatch.setattr(ports, "_RANGE_FILE", range_file)
    assert ports.ephemeral_range() == (1024, 60999)
    assert ports.free_ports(2) > 60999
    range_file.write_text("1024 65535")
    with pytest.raises(OSError, match="outside the ephemeral range"):
        ports.free_ports()
    range_file.write_text("garbage")
    assert ports.ephemeral_range() == (32768, 60999)


def test_free_ports_give_up_and_reject_a_bad_count(monkeypatch: pytest.MonkeyPatch) -> None:
    from mlag_netconf.sim.harness import ports

    with pytest.raises(ValueError, match="at least 1"):
        ports.free_ports(0)
    monkeypatch.setattr(ports, "_bindable", lambda host, port: False)
    with pytest.raises(OSError, match="no 2 consecutive free ports"):
        ports.free_ports(2, attempts=5)
