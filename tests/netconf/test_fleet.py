"""apply_many: a fleet of M-LAG pairs against simulated devices, each pair all-or-nothing,
with progress and a summary table."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from mlag_netconf import Payload
from mlag_netconf.inventory import InventoryError
from mlag_netconf.netconf.fleet import FleetResult, Job, JobLike, Progress, apply_many, jobs_of
from mlag_netconf.netconf.pair import CONFIGURED, UNCHANGED, plan
from mlag_netconf.sim import Fault, SimulatedNetwork

from .conftest import PROFILES, running_text
from .fleet_intents import devices, fleet, pair_names, user_side

PAIRS = 4


@pytest.fixture(params=sorted(PROFILES))
def pods(request: pytest.FixtureRequest) -> Iterator[SimulatedNetwork]:
    with SimulatedNetwork(devices(PAIRS), profile=PROFILES[request.param]) as network:
        yield network


def states(result: FleetResult) -> dict[str, list[str]]:
    return {j.job: [d.state for d in j.result.devices] if j.result else [] for j in result.jobs}


def test_a_fleet_is_configured_pair_by_pair_with_progress(pods: SimulatedNetwork) -> None:
    events: list[Progress] = []
    threads: set[str] = set()

    def progress(p: Progress) -> None:
        events.append(p)
        threads.add(threading.current_thread().name)

    result = apply_many(fleet(PAIRS), pods.inventory, concurrency=3, progress=progress,
                        confirm_timeout=30)
    assert result.ok
    assert result.concurrency == 3
    assert states(result) == {f"pod{i}": [CONFIGURED, CONFIGURED] for i in range(PAIRS)}
    assert sorted(e.job for e in events if e.event == "started") == sorted(fleet(PAIRS))
    ended = [e for e in events if e.event != "started"]
    assert [e.done for e in ended] == [1, 2, 3, 4]
    assert all(e.total == PAIRS and e.result is not None for e in ended)
    assert all(t.startswith("mlag-fleet") for t in threads)
    text = result.summary()
    assert text.splitlines()[0].split() == ["job", "devices", "outcome", "s", "error"]
    # each intent names its user side Pod<i>C, which the inventory has not: left out
    assert "pod3  Pod3A Pod3B  configured; left out: Pod3C" in text
    assert "4 jobs: 4 configured, 0 unchanged, 0 failed" in text
    assert text.splitlines()[-1] == ("left out (not in the inventory): "
                                     "Pod0C, Pod1C, Pod2C, Pod3C")
    assert result.left_out == ("Pod0C", "Pod1C", "Pod2C", "Pod3C")
    assert text.count("<td>configured") == 0
    assert result._repr_html_().count("<td>configured; left out: Pod") == PAIRS
    again = apply_many(fleet(PAIRS), pods.inventory)
    assert states(again) == {f"pod{i}": [UNCHANGED, UNCHANGED] for i in range(PAIRS)}
    assert "0 configured, 4 unchanged" in again.summary()


def test_a_failed_pair_stays_as_before_and_the_others_go_on(pods: SimulatedNetwork) -> None:
    a, b = pair_names(2)
    before = {n: running_text(pods[n]) for n in (a, b)}
    pods[b].faults.add(Fault.fail_commit(nth=2))        # pod2's DeviceB fails to confirm
    result = apply_many(fleet(PAIRS), pods.inventory, concurrency=2, confirm_timeout=30)
    assert not result.ok
    assert result.failed == ("pod2",)
    assert set(result.failed_hosts) == {b}
    assert result["pod2"].outcome == "failed, every device as before; left out: Pod2C"
    assert {n: running_text(pods[n]) for n in (a, b)} == before
    assert all(result[f"pod{i}"].changed for i in (0, 1, 3))
    assert "1 failed" in result.summary()
    assert f"{b}: confirm" in result.summary()


def test_extra_devices_and_payload_mappings_as_jobs(pods: SimulatedNetwork) -> None:
    intents = fleet(2)
    pod0 = intents["pod0"].payloads()
    jobs: list[JobLike] = [Job("first", pod0), intents["pod1"].payloads()]
    result = apply_many(jobs, pods.inventory)
    assert [j.job for j in result.jobs] == ["first", "Pod1A+Pod1B"]
    assert result.ok


def test_a_fleet_that_cannot_start_is_refused_before_sending(pods: SimulatedNetwork) -> None:
    intents = fleet(2)
    twice = {"x": intents["pod0"], "y": intents["pod0"]}
    with pytest.raises(InventoryError) as info:
        apply_many(twice, pods.inventory)
    assert info.value.rule == "fleet-device-in-two-jobs"
    missing: dict[str, dict[str, Payload]] = {
        "pod0": intents["pod0"].payloads(),
        "ghost": {"Ghost": intents["pod1"].payloads()["Pod1A"]}}
    before = running_text(pods["Pod0A"])
    with pytest.raises(InventoryError) as info:
        apply_many(missing, pods.inventory)
    assert info.value.rule == "inventory-missing-device"
    assert running_text(pods["Pod0A"]) == before
    with pytest.raises(InventoryError):
        apply_many(intents, pods.inventory, concurrency=0)


def test_a_failing_progress_callback_is_ignored(pods: SimulatedNetwork) -> None:
    def broken(_: Progress) -> None:
        raise RuntimeError("renderer bug")

    result = apply_many(fleet(2), pods.inventory, progress=broken)
    assert result.ok
    assert all(j.changed for j in result.jobs)


def test_undo_many(pods: SimulatedNetwork) -> None:
    before = {d.name: running_text(d) for d in pods}
    apply_many(fleet(PAIRS), pods.inventory)
    undone = apply_many(fleet(PAIRS), pods.inventory, undo=True)
    assert undone.ok
    assert all("m-lag-ipv4" not in running_text(d) for d in pods)
    assert all(j.changed for j in undone.jobs)
    assert {d.name: running_text(d) for d in pods} == before


def test_jobs_are_named_after_their_devices() -> None:
    jobs = jobs_of([fleet(1)["pod0"]])
    assert [j.name for j in jobs] == ["Pod0A+Pod0B"]
    assert jobs[0].devices == ("Pod0A", "Pod0B", "Pod0C")  # the intent's user side too
    assert list(jobs[0].extra) == ["Pod0C"]
    assert [j.devices for j in jobs_of([fleet(1)["pod0"].payloads()])] == [("Pod0A", "Pod0B")]


def test_an_intents_user_side_joins_its_job_when_the_inventory_has_it() -> None:
    """apply_many(intent): the user side the intent names is configured and verified in
    the pair's transaction (three devices); re-applying sends nothing."""
    intent = fleet(1)["pod0"]
    names = [*pair_names(0), user_side(0)]
    with SimulatedNetwork(names) as net:
        result = apply_many({"pod0": intent}, net.inventory)
        assert result.ok
        job = result["pod0"]
        assert (job.devices, job.left_out) == (tuple(names), ())
        assert states(result) == {"pod0": [CONFIGURED] * 3}
        assert job.outcome == "configured"
        running = running_text(net[user_side(0)])
        for member_address in ("10.1.1.2", "10.1.1.3", "2001:db8:1::2", "2001:db8:1::3"):
            assert f"<address>{member_address}</address>" in running
        # read back: every device, the user side too, matches the intent
        verified = plan(intent.payloads(), net.inventory, extra=intent.extra_payloads())
        assert [d.device for d in verified.diffs] == names
        assert not verified.changed
        again = apply_many({"pod0": intent}, net.inventory)
        assert states(again) == {"pod0": [UNCHANGED] * 3}
        undone = apply_many({"pod0": intent}, net.inventory, undo=True)
        assert undone.ok
        assert "<address>10.1.1.2</address>" not in running_text(net[user_side(0)])
