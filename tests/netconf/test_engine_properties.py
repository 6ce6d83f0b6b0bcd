"""Families of payloads against a live simulated CloudEngine (both profiles): whatever a
valid device renders to, ``apply`` ends verified, a re-apply sends nothing, and ``undo``
brings running back (by value) to what it was.

Bugs found one case at a time and closed as families here: report-all defaults read as
configuration, a ``remove`` under a parent the same edit creates (a new peer's
``ipv4uni``), undo removing more or less than the payload configured.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mlag_netconf import Bgp, Device, Peer, payload, violations, vlanif
from mlag_netconf.netconf import Session, apply, connect, diff, undo
from mlag_netconf.netconf.tree import compare, read_filter, reverse
from mlag_netconf.sim import Profile, SimulatedNetwork

PROFILES = {"ce-v300": Profile.ce_v300(), "rfc": Profile.rfc(device_behaviour=True)}


@pytest.fixture(scope="module", params=sorted(PROFILES))
def session(request: pytest.FixtureRequest) -> Iterator[Session]:
    with SimulatedNetwork(["D"], profile=PROFILES[request.param]) as net, \
            connect(net["D"].entry, rpc_timeout=10) as s:
        yield s


@st.composite
def devices(draw: st.DrawFn) -> Device:
    vlan = draw(st.integers(2, 4094))
    net = f"10.{vlan // 256}.{vlan % 256}"
    v6 = draw(st.booleans())
    iface = vlanif(
        vlan, ipv4=f"{net}.1/24",
        virtual_mac=draw(st.sampled_from([None, "0000-5e00-0101", "00e0-fc12-3456"])),
        mlag_ipv4=draw(st.sampled_from([None, f"{net}.2", f"{net}.3"])),
        route_proxy_arp=draw(st.booleans()),
        ipv6=f"2001:db8:{vlan:x}::1/64" if v6 else None,
        mlag_ipv6=f"2001:db8:{vlan:x}::2/64" if v6 and draw(st.booleans()) else None,
        nd_na_glean=v6 and draw(st.booleans()))
    peers = []
    if draw(st.booleans()):
        v4_off = draw(st.booleans())
        peers.append(Peer(f"{net}.100", draw(st.integers(64512, 65534)),
                          connect_interface=iface.name, source_address=iface.mlag_ipv4,
                          families={"vpnv4": True, "ipv4-unicast": False} if v4_off
                          else {"ipv4-unicast": True}))
    bgp = Bgp(65001, router_id=draw(st.sampled_from(["1.1.1.1", "9.9.9.9"])),
              peers=peers) if bool(peers) or draw(st.booleans()) else None
    return Device("D", interfaces=[iface], bgp=bgp)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(dev=devices())
def test_apply_verifies_reapply_sends_nothing_undo_restores(session: Session,
                                                            dev: Device) -> None:
    assume(not violations(dev))
    p = payload(dev)
    config = p.element()
    before = session.get_config("running", read_filter(config))
    result = apply(session, p)
    assert result.changed or not result.diff
    assert not diff(session, p), "running must equal the intent by value"
    assert not apply(session, p).changed, "a re-apply must send nothing"
    undo(session, p)
    now = session.get_config("running", read_filter(config))
    # what undo left is the snapshot by value: putting the snapshot back changes nothing
    assert not compare(reverse(config, before), now), "undo must restore the snapshot"
