"""The Nornir tasks against simulated devices, through a real Nornir: SimpleInventory
files written here, the threaded runner, Nornir's dry_run."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from nornir import InitNornir
from nornir.core import Nornir

from mlag_netconf.errors import CommitError, TransactionError
from mlag_netconf.inventory import InventoryError
from mlag_netconf.netconf import connect
from mlag_netconf.netconf.fleet import Job
from mlag_netconf.netconf.pair import CONFIGURED, RESTORED, VALIDATED, DeviceResult
from mlag_netconf.nornir import apply, plan, render, verify
from mlag_netconf.sim import Fault, SimulatedNetwork

from .conftest import running_text
from .fleet_intents import fleet, pair_intent, pair_names, user_side
from .user_side import USER_SIDE, user_side_payload

PAIRS = 2
HOSTS = [n for i in range(PAIRS) for n in pair_names(i)]


@pytest.fixture
def sim() -> Iterator[SimulatedNetwork]:
    with SimulatedNetwork([*HOSTS, USER_SIDE, "Spectator"]) as network:
        yield network


def write_inventory(net: SimulatedNetwork, folder: Path) -> dict[str, str]:
    """SimpleInventory files for the simulated devices; the host keys as the library's
    extras, the shared login in defaults.yaml."""
    hosts = {d.name: {"hostname": d.host, "port": d.port, "groups": ["sim"],
                      "connection_options": {"mlag_netconf": {
                          "extras": {"host_key": d.host_key}}}} for d in net}
    groups = {"sim": {"data": {"site": "lab"}}}
    defaults = {"username": net.username, "password": net.password}
    files = {}
    for name, content in (("hosts", hosts), ("groups", groups), ("defaults", defaults)):
        path = folder / f"{name}.yaml"
        path.write_text(yaml.safe_dump(content), encoding="utf-8")
        files[f"{name[:-1] if name != 'defaults' else name}_file"] = str(path)
    return {"host_file": files["host_file"], "group_file": files["group_file"],
            "defaults_file": files["defaults_file"]}


def nornir(net: SimulatedNetwork, folder: Path, *, dry_run: bool = False,
           workers: int = 4) -> Nornir:
    return InitNornir(
        runner={"plugin": "threaded", "options": {"num_workers": workers}},
        inventory={"plugin": "SimpleInventory", "options": write_inventory(net, folder)},
        logging={"enabled": False}, dry_run=dry_run)


def by_host(agg: Any) -> dict[str, Any]:
    return {name: multi[0] for name, multi in agg.items()}


def test_render_and_plan_send_nothing(sim: SimulatedNetwork, tmp_path: Path) -> None:
    nr = nornir(sim, tmp_path)
    intents = list(fleet(PAIRS).values())
    before = {d.name: running_text(d) for d in sim}
    rendered = by_host(nr.run(task=render, intent=intents))
    assert "<m-lag-ipv4" in rendered["Pod1B"].result
    assert "in no intent" in rendered["Spectator"].result
    planned = by_host(nr.run(task=plan, intent=intents))
    assert all(planned[h].diff and not planned[h].changed for h in HOSTS)
    assert "m-lag-ipv4" in planned["Pod0A"].diff
    assert {d.name: running_text(d) for d in sim} == before


def test_apply_each_pair_as_one_transaction(sim: SimulatedNetwork, tmp_path: Path) -> None:
    nr = nornir(sim, tmp_path, workers=3)
    intents = list(fleet(PAIRS).values())
    result = by_host(nr.run(task=apply, intent=intents, confirm_timeout=30))
    assert not any(r.failed for r in result.values())
    assert all(result[h].changed for h in HOSTS)
    assert all(isinstance(result[h].result, DeviceResult) for h in HOSTS)
    assert {result[h].result.state for h in HOSTS} == {CONFIGURED}
    assert not result["Spectator"].changed
    # each intent's user side (Pod<i>C) is no host of the run: left out, and said so
    for i in range(PAIRS):
        for h in pair_names(i):
            assert result[h].left_out == (user_side(i),)
            assert result[h].severity_level == logging.WARNING
    # one transaction per pair: each device committed once, confirmed once
    assert all([c.kind for c in sim[h].commit_history()] == ["commit", "commit"]
               for h in HOSTS)
    assert not any(r.failed for r in by_host(nr.run(task=verify, intent=intents)).values())
    again = by_host(nr.run(task=apply, intent=intents))
    assert not any(again[h].changed or again[h].failed for h in HOSTS)


def test_nornir_dry_run_commits_nothing(sim: SimulatedNetwork, tmp_path: Path) -> None:
    intents = list(fleet(PAIRS).values())
    before = {d.name: running_text(d) for d in sim}
    dry = by_host(nornir(sim, tmp_path, dry_run=True).run(task=apply, intent=intents))
    assert {dry[h].result.state for h in HOSTS} == {VALIDATED}
    assert not any(dry[h].changed for h in HOSTS)
    overridden = by_host(nornir(sim, tmp_path).run(task=apply, intent=intents, dry_run=True))
    assert {overridden[h].result.state for h in HOSTS} == {VALIDATED}
    assert {d.name: running_text(d) for d in sim} == before


def test_a_fault_fails_both_members_and_leaves_them_as_before(
        sim: SimulatedNetwork, tmp_path: Path) -> None:
    a, b = pair_names(1)
    before = {n: running_text(sim[n]) for n in (a, b)}
    sim[b].faults.add(Fault.fail_commit(nth=2))
    result = by_host(nornir(sim, tmp_path).run(task=apply, intent=list(fleet(PAIRS).values()),
                                               confirm_timeout=30))
    assert result[a].failed
    assert result[b].failed
    assert isinstance(result[b].exception, CommitError)
    assert result[b].exception.step == "confirm"
    assert isinstance(result[a].exception, TransactionError)
    assert result[a].result.state == RESTORED
    assert {n: running_text(sim[n]) for n in (a, b)} == before
    assert all(result[h].changed for h in pair_names(0))


def test_the_user_side_joins_its_pair(sim: SimulatedNetwork, tmp_path: Path) -> None:
    job = Job("pod0", fleet(1)["pod0"].payloads(), {USER_SIDE: user_side_payload()})
    result = by_host(nornir(sim, tmp_path).run(task=apply, intent=[job]))
    assert all(result[h].changed for h in (*pair_names(0), USER_SIDE))
    assert "10.1.1.100" in running_text(sim[USER_SIDE])


def test_an_intents_user_side_is_a_host_of_its_pair(sim: SimulatedNetwork,
                                                    tmp_path: Path) -> None:
    """The intent names its user side (DeviceC, a host of the run): render, plan, apply
    and verify include it; it is configured in the pair's transaction."""
    intent = pair_intent(0, user=USER_SIDE)
    devices = (*pair_names(0), USER_SIDE)
    nr = nornir(sim, tmp_path)
    rendered = by_host(nr.run(task=render, intent=intent))
    assert rendered[USER_SIDE].result == intent.user_side_payload().xml  # type: ignore[union-attr]
    planned = by_host(nr.run(task=plan, intent=intent))
    assert "peer[address='10.1.1.2']" in planned[USER_SIDE].diff
    applied = by_host(nr.run(task=apply, intent=intent))
    assert all(applied[h].changed and not applied[h].failed for h in devices)
    assert all(applied[h].left_out == () for h in devices)
    assert {applied[h].result.state for h in devices} == {CONFIGURED}
    assert "<address>10.1.1.3</address>" in running_text(sim[USER_SIDE])
    checked = by_host(nr.run(task=verify, intent=intent))
    assert not any(checked[h].failed for h in devices)
    # filtered out of the run, the user side is left out, and the results say so
    alone = by_host(nornir(sim, tmp_path).filter(
        filter_func=lambda h: h.name != USER_SIDE).run(task=verify, intent=intent))
    assert alone[pair_names(0)[0]].left_out == (USER_SIDE,)
    assert not alone[pair_names(0)[0]].failed


def test_a_member_filtered_out_fails_before_sending(sim: SimulatedNetwork,
                                                   tmp_path: Path) -> None:
    a, _ = pair_names(0)
    before = running_text(sim[a])
    nr = nornir(sim, tmp_path).filter(name=a)
    result = by_host(nr.run(task=apply, intent=list(fleet(PAIRS).values())))
    assert result[a].failed
    assert isinstance(result[a].exception, InventoryError)
    assert result[a].exception.rule == "nornir-member-filtered-out"
    assert running_text(sim[a]) == before


def test_verify_reports_drift(sim: SimulatedNetwork, tmp_path: Path) -> None:
    nr = nornir(sim, tmp_path)
    intents = list(fleet(PAIRS).values())
    nr.run(task=apply, intent=intents)
    a, _ = pair_names(0)
    payload = fleet(PAIRS)["pod0"].payloads()[a]
    drifted = payload.xml.replace("10.1.1.2<", "10.1.1.9<")
    assert drifted != payload.xml
    with connect(sim[a].entry) as s:     # someone changes the M-LAG address by hand
        s.lock()
        s.edit(type(payload)(a, drifted, payload.features).element())
        s.commit()
        s.unlock()
    checked = by_host(nr.run(task=verify, intent=intents))
    assert checked[a].failed
    assert "10.1.1.9" in checked[a].diff
    assert not any(checked[h].failed for h in HOSTS if h != a)
