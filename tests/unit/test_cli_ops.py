"""``mlag-netconf plan / diff / apply / verify / undo / demo`` against simulated switches:
as real processes (piped output, exit codes, ``--json``) and in process (injected faults,
prompts on a terminal)."""

from __future__ import annotations

import functools
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mlag_netconf import cli_ops, load_intent
from mlag_netconf.cli import main
from mlag_netconf.cli_report import EXIT_ERROR, EXIT_INVALID, EXIT_OK, JSON_VERSION, Report
from mlag_netconf.inventory import Inventory
from mlag_netconf.netconf.pair import Plan, apply_all, plan
from mlag_netconf.sim import Fault, SimulatedNetwork

ROOT = Path(__file__).resolve().parents[2]
MLAG = ROOT / "examples" / "bgp-over-mlag.yaml"
PAYLOADS = load_intent(MLAG).payloads()
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
INPUT_ERROR = re.compile(r"(?P<path>\S[^\n]*?): (?P<rule>[a-z0-9-]+): (?P<message>[^\n]+)")
DEVICE_KEYS = {"state", "changed", "diff", "steps", "error"}
DOC_KEYS = {"version", "command", "exit", "ok", "changed", "dry_run", "devices", "left_out",
            "errors"}


@pytest.fixture
def net() -> Iterator[SimulatedNetwork]:
    with SimulatedNetwork(["DeviceA", "DeviceB"]) as network:
        yield network


@pytest.fixture
def inv(net: SimulatedNetwork, tmp_path: Path) -> Path:
    return net.inventory.write(tmp_path / "inv.yaml")


def cli(*argv: str | Path, stdin: str | None = "") -> tuple[int, str, str]:
    """The command as a real process, stdout and stderr piped (stdin not a terminal)."""
    done = subprocess.run([sys.executable, "-m", "mlag_netconf.cli", *map(str, argv)],
                          input=stdin, capture_output=True, text=True, timeout=120,
                          check=False, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return done.returncode, done.stdout, done.stderr


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


class Terminal(io.StringIO):
    """A stdin that is a terminal, answering with the given text."""

    def isatty(self) -> bool:
        return True


def running(net: SimulatedNetwork) -> dict[str, str]:
    return {d.name: d.running_xml() for d in net}


def paths(p: Plan) -> dict[str, list[str]]:
    return {d.device: [c.path for c in d] for d in p.diffs}


def doc_of(out: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(out)
    assert set(doc) == DOC_KEYS
    assert doc["version"] == JSON_VERSION
    for device in doc["devices"].values():
        assert DEVICE_KEYS <= set(device) <= DEVICE_KEYS | {"payload"}
        for change in device["diff"]:
            assert set(change) == {"kind", "path", "old", "new"}
            assert change["kind"] in ("added", "changed", "removed")
    return doc


# --------------------------------------------------------------------------- plan, diff
def test_plan_shows_payloads_and_diffs_piped_and_sends_nothing(
        net: SimulatedNetwork, inv: Path) -> None:
    before = running(net)
    code, out, err = cli("plan", MLAG, "--inventory", inv)
    assert (code, err) == (EXIT_OK, "")
    assert not ANSI.search(out)
    assert " m-lag ip address 10.1.1.2 255.255.255.0" in out  # DeviceA's payload, CLI view
    assert " m-lag ip address 10.1.1.3 255.255.255.0" in out
    assert "DeviceA: 29 added" in out
    assert "+ /bgp:bgp/base-process/as = 65001" in out
    assert out.rstrip().endswith("DeviceA, DeviceB would change; nothing was sent")
    assert running(net) == before


def test_plan_and_diff_json(net: SimulatedNetwork, inv: Path) -> None:
    code, out, _ = cli("plan", MLAG, "-i", inv, "--json")
    doc = doc_of(out)
    assert (code, doc["command"], doc["exit"], doc["ok"], doc["changed"]) == (
        EXIT_OK, "plan", 0, True, True)
    a = doc["devices"]["DeviceA"]
    assert (a["state"], a["changed"], a["steps"], a["error"]) == ("would change", True, [],
                                                                  None)
    assert a["payload"] == PAYLOADS["DeviceA"].xml
    assert {"kind": "added", "path": "/bgp:bgp/base-process/as", "old": None,
            "new": "65001"} in a["diff"]
    code, out, _ = cli("diff", MLAG, "-i", inv, "--json")
    doc = doc_of(out)
    assert code == EXIT_OK
    assert "payload" not in doc["devices"]["DeviceB"]
    assert len(doc["devices"]["DeviceB"]["diff"]) == len(plan(PAYLOADS, net.inventory)["DeviceB"])


# --------------------------------------------------------------------------- apply, verify
def test_apply_verify_reapply_undo_as_processes(net: SimulatedNetwork, inv: Path) -> None:
    pristine = plan(PAYLOADS, net.inventory)
    code, out, err = cli("verify", MLAG, "-i", inv)
    assert code == EXIT_ERROR  # nothing configured yet: all of it is drift
    assert "DeviceA: verify: running differs from the intent in 29 place(s)" in err

    code, out, err = cli("apply", MLAG, "-i", inv, "--yes", "--confirm-timeout", "30")
    assert (code, err) == (EXIT_OK, "")
    assert not ANSI.search(out)
    assert "transaction ok: DeviceA, DeviceB configured and verified" in out
    assert "DeviceA: configured (29 changes; lock -> discard -> edit" in out
    assert not plan(PAYLOADS, net.inventory).changed

    code, out, err = cli("verify", MLAG, "-i", inv)
    assert (code, err) == (EXIT_OK, "")
    assert "verified: running on DeviceA, DeviceB matches the intent" in out

    code, out, _ = cli("apply", MLAG, "-i", inv, "--yes", "--json")
    doc = doc_of(out)
    assert (code, doc["changed"]) == (EXIT_OK, False)
    assert {d["state"] for d in doc["devices"].values()} == {"unchanged"}

    code, out, err = cli("undo", MLAG, "-i", inv, "--yes", "--json")
    doc = doc_of(out)
    assert (code, err, doc["command"], doc["changed"]) == (EXIT_OK, "", "undo", True)
    assert {d["state"] for d in doc["devices"].values()} == {"removed"}
    assert all(c["kind"] == "removed" for c in doc["devices"]["DeviceA"]["diff"])
    # everything the intent configured is gone again (a removed leaf may read back as its
    # default now: BGP enable false, where it was absent before)
    assert paths(plan(PAYLOADS, net.inventory)) == paths(pristine)

    code, out, _ = cli("undo", MLAG, "-i", inv, "--yes")
    assert code == EXIT_OK
    assert "nothing to do: nothing of the intent is configured" in out


def test_verify_prints_the_drift_and_exits_1(net: SimulatedNetwork, inv: Path,
                                            tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(MLAG.read_text().replace("router-id: 2.2.2.2", "router-id: 9.9.9.9"))
    apply_all(load_intent(other).payloads(), net.inventory)
    code, out, err = cli("verify", MLAG, "-i", inv, "--json")
    doc = doc_of(out)
    assert (code, doc["exit"], doc["ok"]) == (EXIT_ERROR, 1, False)
    assert doc["devices"]["DeviceA"]["state"] == "verified"
    b = doc["devices"]["DeviceB"]
    assert b["state"] == "drift"
    assert b["diff"] == [{"kind": "changed", "path": "/ni:network-instance/instances/instance"
                          "[name='_public_']/bgp:bgp/base-process/router-id",
                          "old": "9.9.9.9", "new": "2.2.2.2"}]
    assert b["error"]["device"] == "DeviceB"
    assert b["error"]["step"] == "verify"
    assert err == "DeviceB: verify: running differs from the intent in 1 place(s)\n"
    code, out, _ = cli("verify", MLAG, "-i", inv)
    assert code == EXIT_ERROR
    assert "~ /ni:network-instance/instances/instance[name='_public_']/bgp:bgp/base-process/" \
           "router-id: 9.9.9.9 -> 2.2.2.2" in out


def test_apply_refuses_to_prompt_without_a_terminal(net: SimulatedNetwork, inv: Path) -> None:
    before = running(net)
    code, out, err = cli("apply", MLAG, "-i", inv)
    assert (code, out) == (EXIT_INVALID, "")
    m = INPUT_ERROR.fullmatch(err.strip())
    assert m is not None, err
    assert (m["path"], m["rule"]) == ("--yes", "confirmation-needs-terminal")
    assert "pass --yes" in m["message"]
    assert running(net) == before


def test_dry_run_validates_and_commits_nothing(net: SimulatedNetwork, inv: Path) -> None:
    before = running(net)
    code, out, _ = cli("apply", MLAG, "-i", inv, "--dry-run", "--json")
    doc = doc_of(out)
    assert (code, doc["dry_run"], doc["changed"]) == (EXIT_OK, True, False)
    assert {d["state"] for d in doc["devices"].values()} == {"validated"}
    assert running(net) == before


# --------------------------------------------------------------------------- failures
def test_a_failed_confirm_on_one_member_exits_1_with_both_as_before(
        net: SimulatedNetwork, inv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = plan(PAYLOADS, net.inventory)
    net["DeviceB"].faults.add(Fault.fail_commit(nth=2))
    code, out, err = run(capsys, "apply", MLAG, "-i", inv, "--yes")
    assert code == EXIT_ERROR
    first = err.splitlines()[0]
    assert first.startswith("DeviceB: confirm: ")
    assert "commit failed (injected)" in first
    assert "DeviceA: restored" in out
    assert "DeviceB: unchanged" in out
    assert "every device is as before" in out
    assert paths(plan(PAYLOADS, net.inventory)) == paths(before)


def test_a_failed_confirm_as_json(net: SimulatedNetwork, inv: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    net["DeviceA"].faults.add(Fault.fail_commit(nth=2))
    code, out, err = run(capsys, "apply", MLAG, "-i", inv, "--yes", "--json")
    doc = doc_of(out)
    assert (code, doc["exit"], doc["ok"]) == (EXIT_ERROR, 1, False)
    assert doc["devices"]["DeviceA"]["state"] == "unchanged"
    assert doc["devices"]["DeviceB"]["state"] == "restored"
    error = doc["devices"]["DeviceA"]["error"]
    assert (error["device"], error["step"]) == ("DeviceA", "confirm")
    assert error["rpc_errors"][0]["tag"] == "operation-failed"
    assert "confirmed commit cancelled" in error["recovery"]
    assert [e["device"] for e in doc["errors"]] == ["DeviceA"]
    assert err.startswith("DeviceA: confirm: ")


def test_a_member_that_cannot_be_put_back_is_reported_loudly(
        net: SimulatedNetwork, inv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """B's confirm fails and A's compensating commit fails too: A needs attention."""
    net["DeviceB"].faults.add(Fault.fail_commit(nth=2))
    net["DeviceA"].faults.add(Fault.fail_commit(nth=3))
    code, out, err = run(capsys, "apply", MLAG, "-i", inv, "--yes", "--json")
    doc = doc_of(out)
    assert code == EXIT_ERROR
    assert doc["devices"]["DeviceA"]["state"] == "needs attention"
    lines = err.splitlines()
    assert lines[0].startswith("DeviceB: confirm: ")  # the root cause first
    assert lines[1].startswith("DeviceA: compensate: ")
    assert "!! DeviceA NEEDS ATTENTION" in err
    assert [e["device"] for e in doc["errors"]] == ["DeviceB", "DeviceA"]
    saved = Path(err.split("is saved in ", 1)[1].split()[0].rstrip("."))
    assert saved.name == "DeviceA-before.xml"
    assert "<data" in saved.read_text()     # the pre-change running, to restore by hand


def test_auth_failure_exits_1_and_sends_nothing(net: SimulatedNetwork, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    before = running(net)
    net["DeviceB"].faults.refuse_auth = True
    inv = net.inventory.write(tmp_path / "inv.yaml")
    code, out, err = run(capsys, "apply", MLAG, "-i", inv, "--yes")
    assert code == EXIT_ERROR
    assert err.splitlines()[0] == "DeviceB: connect: authentication failed for user 'admin'"
    assert "apply: could not connect to DeviceB; nothing was sent to any device" in out
    assert "DeviceA: unchanged" in out
    assert running(net) == before


def test_bad_intent_exits_2_naming_the_field(inv: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(MLAG.read_text().replace("m-lag-ipv4: 10.1.1.3", "m-lag-ipv4: 10.2.1.3"))
    for command in ("plan", "apply", "verify"):
        extra = ["--yes"] if command == "apply" else []
        code, out, err = cli(command, bad, "-i", inv, *extra)
        assert (code, out) == (EXIT_INVALID, ""), command
        m = INPUT_ERROR.fullmatch(err.strip())
        assert m is not None, err
        assert (m["path"], m["rule"]) == ("members[1].m-lag-ipv4",
                                          "mlag-ipv4-in-primary-subnet")
    code, out, err = cli("diff", tmp_path / "missing.yaml", "-i", inv, "--json")
    assert code == EXIT_INVALID
    assert doc_of(out)["errors"][0]["rule"] == "intent-file"
    assert err.startswith(f"{tmp_path / 'missing.yaml'}: intent-file: ")


def test_bad_inventory_exits_2_naming_the_field(
        net: SimulatedNetwork, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = net.inventory.to_dict()
    cases: dict[str, tuple[dict[str, Any], str, str]] = {}
    port = json.loads(json.dumps(data))
    port["devices"]["DeviceA"]["port"] = 99999
    cases["port"] = (port, "devices.DeviceA.port", "inventory-port")
    missing = json.loads(json.dumps(data))
    del missing["devices"]["DeviceB"]
    cases["missing"] = (missing, "devices.DeviceB", "inventory-missing-device")
    env = json.loads(json.dumps(data))
    del env["devices"]["DeviceA"]["password"]
    del env["devices"]["DeviceA"]["key_filename"]
    env["devices"]["DeviceA"]["password_env"] = "MLAG_NETCONF_TEST_UNSET_PASSWORD"
    cases["password_env"] = (env, "devices.DeviceA.password_env", "inventory-password")
    for name, (content, path, rule) in cases.items():
        file = Inventory.from_dict(content).write(tmp_path / f"{name}.yaml") \
            if name != "port" else tmp_path / "port.yaml"
        if name == "port":
            import yaml

            file.write_text(yaml.safe_dump(content))
        code, out, err = run(capsys, "plan", MLAG, "-i", file)
        assert (code, out) == (EXIT_INVALID, ""), name
        m = INPUT_ERROR.fullmatch(err.strip())
        assert m is not None, err
        assert (m["path"], m["rule"]) == (path, rule), name
    code, _, err = run(capsys, "plan", MLAG, "-i", tmp_path / "nope.yaml")
    assert code == EXIT_INVALID
    assert f"{tmp_path / 'nope.yaml'}: inventory-file: " in err


def test_usage_errors_exit_2(inv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "apply", MLAG, "-i", inv, "--yes", "--confirm-timeout", "0")
    assert (code, err) == (EXIT_INVALID, "--confirm-timeout: timeout-range: 0: whole "
                                         "seconds, at least 1\n")
    with pytest.raises(SystemExit) as info:
        main(["apply", str(MLAG)])  # no --inventory
    assert info.value.code == EXIT_INVALID


# --------------------------------------------------------------------------- credentials
def without_credentials(net: SimulatedNetwork, tmp_path: Path) -> Path:
    data = net.inventory.to_dict()
    for entry in data["devices"].values():
        del entry["password"]
        del entry["key_filename"]
    return Inventory.from_dict(data).write(tmp_path / "nocred.yaml")


def test_no_credential_and_no_terminal_exits_2(
        net: SimulatedNetwork, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, _, err = run(capsys, "plan", MLAG, "-i", without_credentials(net, tmp_path))
    assert code == EXIT_INVALID
    assert err.startswith("devices.DeviceA: inventory-password: no password, password_env "
                          "or key_filename, and stdin is not a terminal")


def test_password_prompted_once_per_user_on_a_terminal_and_never_printed(
        net: SimulatedNetwork, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    prompts: list[str] = []

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        return net.password

    monkeypatch.setattr("getpass.getpass", ask)
    monkeypatch.setattr(sys, "stdin", Terminal("y\n"))
    code, out, err = run(capsys, "apply", MLAG, "-i", without_credentials(net, tmp_path),
                         "--json")
    assert code == EXIT_OK, err
    assert prompts == ["Password for admin on DeviceA, DeviceB: "]
    assert "apply these changes to DeviceA, DeviceB, as one transaction? [y/N]" in err
    assert doc_of(out)["changed"]
    assert net.password not in out + err


def test_ctrl_c_at_the_password_prompt_is_no_traceback(
        net: SimulatedNetwork, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    def interrupt(prompt: str) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr("getpass.getpass", interrupt)
    monkeypatch.setattr(sys, "stdin", Terminal(""))
    code, out, err = run(capsys, "plan", MLAG, "-i", without_credentials(net, tmp_path))
    assert (code, out) == (EXIT_ERROR, "")
    assert err.startswith("plan: interrupted: ")


def test_password_from_the_environment(net: SimulatedNetwork, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    data = net.inventory.to_dict()
    for entry in data["devices"].values():
        del entry["password"]
        del entry["key_filename"]
        entry["password_env"] = "MLAG_NETCONF_TEST_PASSWORD"
    file = Inventory.from_dict(data).write(tmp_path / "env.yaml")
    monkeypatch.setenv("MLAG_NETCONF_TEST_PASSWORD", net.password)
    code, out, err = run(capsys, "diff", MLAG, "-i", file)
    assert (code, err) == (EXIT_OK, "")
    assert "DeviceB: 29 added" in out
    assert net.password not in out


def test_declining_on_a_terminal_sends_nothing(
        net: SimulatedNetwork, inv: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    before = running(net)
    monkeypatch.setattr(sys, "stdin", Terminal("n\n"))
    code, out, err = run(capsys, "apply", MLAG, "-i", inv)
    assert code == EXIT_ERROR
    assert "[y/N]" in err
    assert out.rstrip().endswith("cancelled: nothing was sent")
    assert running(net) == before


def test_on_a_terminal_apply_asks_and_shows_tables_in_colour(
        net: SimulatedNetwork, inv: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(cli_ops, "Report", functools.partial(Report, tty=True))
    monkeypatch.setattr(sys, "stdin", Terminal("yes\n"))
    code, out, err = run(capsys, "apply", MLAG, "-i", inv)
    assert code == EXIT_OK
    assert "apply these changes to DeviceA, DeviceB, as one transaction? [y/N]" in err
    assert ANSI.search(out)
    plain = ANSI.sub("", out)
    assert "┃ device" in plain
    assert re.search(r"│ DeviceB +│ configured +│ 29 changes", plain)
    assert not plan(PAYLOADS, net.inventory).changed


# --------------------------------------------------------------------------- the user side
USER_SIDE = load_intent(MLAG).extra_payloads()  # DeviceC, named by the example's user-side
LEFT_OUT = "user side DeviceC: not in the inventory, left out"


@pytest.fixture
def net3() -> Iterator[SimulatedNetwork]:
    with SimulatedNetwork(["DeviceA", "DeviceB", "DeviceC"]) as network:
        yield network


def test_the_user_side_joins_plan_apply_verify_undo_when_in_the_inventory(
        net3: SimulatedNetwork, tmp_path: Path) -> None:
    inv = net3.inventory.write(tmp_path / "inv.yaml")
    pristine = plan(PAYLOADS, net3.inventory, extra=USER_SIDE)
    assert list(USER_SIDE) == ["DeviceC"]

    code, out, err = cli("plan", MLAG, "-i", inv)
    assert (code, err) == (EXIT_OK, "")
    assert LEFT_OUT not in out
    assert " peer 10.1.1.3 as-number 65001" in out  # DeviceC's payload, CLI view
    assert "+ /bgp:bgp/base-process/as = 65100" in out
    assert out.rstrip().endswith("DeviceA, DeviceB, DeviceC would change; nothing was sent")

    code, out, err = cli("apply", MLAG, "-i", inv, "--yes", "--confirm-timeout", "30")
    assert (code, err) == (EXIT_OK, "")
    assert "transaction ok: DeviceA, DeviceB, DeviceC configured and verified" in out
    assert re.search(r"DeviceC: configured \(\d+ changes; lock -> discard -> edit", out)
    assert "<as>65100</as>" in net3["DeviceC"].running_xml()
    assert not plan(PAYLOADS, net3.inventory, extra=USER_SIDE).changed

    code, out, err = cli("verify", MLAG, "-i", inv, "--json")
    doc = doc_of(out)
    assert (code, err, doc["left_out"]) == (EXIT_OK, "", [])
    assert {n: d["state"] for n, d in doc["devices"].items()} == {
        "DeviceA": "verified", "DeviceB": "verified", "DeviceC": "verified"}

    code, out, err = cli("undo", MLAG, "-i", inv, "--yes", "--json")
    doc = doc_of(out)
    assert (code, err, doc["changed"]) == (EXIT_OK, "", True)
    assert {n: d["state"] for n, d in doc["devices"].items()} == {
        "DeviceA": "removed", "DeviceB": "removed", "DeviceC": "removed"}
    assert paths(plan(PAYLOADS, net3.inventory, extra=USER_SIDE)) == paths(pristine)


def test_a_failed_confirm_on_the_user_side_leaves_all_three_as_before(
        net3: SimulatedNetwork, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inv = net3.inventory.write(tmp_path / "inv.yaml")
    before = plan(PAYLOADS, net3.inventory, extra=USER_SIDE)
    net3["DeviceC"].faults.add(Fault.fail_commit(nth=2))
    code, out, err = run(capsys, "apply", MLAG, "-i", inv, "--yes", "--json")
    doc = doc_of(out)
    assert code == EXIT_ERROR
    assert err.startswith("DeviceC: confirm: ")
    assert [e["device"] for e in doc["errors"]] == ["DeviceC"]
    assert set(doc["devices"]) == {"DeviceA", "DeviceB", "DeviceC"}
    assert doc["devices"]["DeviceC"]["state"] == "unchanged"
    assert {doc["devices"][n]["state"] for n in ("DeviceA", "DeviceB")} == {"restored"}
    assert paths(plan(PAYLOADS, net3.inventory, extra=USER_SIDE)) == paths(before)


def test_the_user_side_not_in_the_inventory_is_left_out_and_said_so(
        net: SimulatedNetwork, inv: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli("apply", MLAG, "-i", inv, "--yes")  # plain
    assert (code, err) == (EXIT_OK, "")
    assert out.splitlines()[0] == LEFT_OUT
    assert "transaction ok: DeviceA, DeviceB configured and verified" in out

    code, out, err = cli("verify", MLAG, "-i", inv, "--json")
    doc = doc_of(out)
    assert (code, err) == (EXIT_OK, "")
    assert doc["left_out"] == [{"device": "DeviceC", "message": LEFT_OUT}]
    assert set(doc["devices"]) == {"DeviceA", "DeviceB"}

    monkeypatch.setattr(cli_ops, "Report", functools.partial(Report, tty=True))
    code, out, err = run(capsys, "diff", MLAG, "-i", inv)  # rich
    assert (code, err) == (EXIT_OK, "")
    assert ANSI.search(out)
    assert LEFT_OUT in ANSI.sub("", out)


# --------------------------------------------------------------------------- demo, sim
def test_demo_exits_0_and_shows_the_verified_result() -> None:
    code, out, err = cli("demo")
    assert (code, err) == (EXIT_OK, "")
    assert not ANSI.search(out)
    # the example names its user side DeviceC: simulated, applied and verified too
    assert "  DeviceC (the user side): NETCONF over SSH at " in out
    assert "transaction ok: DeviceA, DeviceB, DeviceC configured and verified" in out
    assert "DeviceC: configured (8 changes; " in out
    assert "verified: running on DeviceA, DeviceB, DeviceC matches the intent" in out
    assert "DeviceA: unchanged (no changes)" in out
    assert "DeviceC: unchanged (no changes)" in out
    assert out.rstrip().splitlines()[-1].startswith("re-apply: nothing changed")


@pytest.mark.parametrize(("intent", "devices"), [
    (ROOT / "examples" / "v2" / "bgp-over-mlag-vbdif.yaml", "CE-1, CE-2, Server-Leaf"),
    (ROOT / "examples" / "mp-ebgp-vpnv4.yaml", "AGG1, MASG1"),
], ids=["v2-user-side", "no-user-side"])
def test_demo_of_another_intent(intent: Path, devices: str) -> None:
    code, out, err = cli("demo", "--intent", intent)
    assert (code, err) == (EXIT_OK, "")
    assert f"transaction ok: {devices} configured and verified" in out
    assert f"verified: running on {devices} matches the intent" in out
    assert ("(the user side)" in out) == ("Server-Leaf" in devices)


@pytest.mark.slow
def test_scripts_demo_renders_and_runs_the_demo(tmp_path: Path) -> None:
    done = subprocess.run(["bash", str(ROOT / "scripts" / "demo")], capture_output=True,
                          text=True, timeout=300, check=False,
                          env={**os.environ, "MLAG_NETCONF_SKIP_INSTALL": "1",
                               "OUT": str(tmp_path / "out"), "PYTHON": sys.executable})
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "out" / "bgp-over-mlag").iterdir()) == [
        "DeviceA.xml", "DeviceB.xml", "DeviceC.xml"]
    assert "verified: running on DeviceA, DeviceB, DeviceC matches the intent" in done.stdout


@pytest.mark.slow
def test_against_the_sim_command(tmp_path: Path) -> None:
    """`mlag-netconf sim --inventory-out` in one process, apply and verify in others."""
    inventory = tmp_path / "inv.yaml"
    sim = subprocess.Popen([sys.executable, "-m", "mlag_netconf.cli", "sim", "--inventory-out",
                            str(inventory)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        deadline = time.monotonic() + 60
        while not inventory.exists():
            assert sim.poll() is None, sim.communicate()
            assert time.monotonic() < deadline, "the simulator did not start"
            time.sleep(0.05)
        assert cli("apply", MLAG, "-i", inventory, "--yes")[0] == EXIT_OK
        code, out, _ = cli("verify", MLAG, "-i", inventory)
        assert code == EXIT_OK
        assert "verified" in out
    finally:
        sim.send_signal(signal.SIGTERM)
        sim.communicate(timeout=30)
    assert sim.returncode == 0
