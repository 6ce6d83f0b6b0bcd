"""The device commands' output in its three forms: rich on a terminal, plain text when
piped, and the ``--json`` document; errors one line each, the root cause first."""

from __future__ import annotations

import io
import json
import re

from mlag_netconf.cli_report import (
    JSON_VERSION,
    DeviceRow,
    Report,
    error_json,
    error_text,
    root_cause_first,
)
from mlag_netconf.errors import NetconfError, RpcError, RpcErrorInfo, ValidationError
from mlag_netconf.netconf.tree import Change, Diff

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
PATH = "/ifm:ifm/interfaces/interface[name='Vlanif100']/mac-address"
DIFF = Diff("DeviceA", (Change(PATH, "changed", "0000-5e00-0102", "0000-5e00-0101"),
                        Change("/bgp:bgp/base-process/as", "added", None, "65001")))


def report(**kw: object) -> tuple[Report, io.StringIO, io.StringIO]:
    out, err = io.StringIO(), io.StringIO()
    return Report("apply", out=out, err=err, **kw), out, err  # type: ignore[arg-type]


def test_piped_output_is_the_plain_text_of_the_diff() -> None:
    r, out, _ = report()
    assert not r.tty
    r.diffs([DIFF, Diff("DeviceB")])
    assert out.getvalue() == f"{DIFF}\nDeviceB: no changes\n"
    assert not ANSI.search(out.getvalue())


def test_a_terminal_gets_colour_and_tables_with_paths_kept_literal() -> None:
    r, out, _ = report(tty=True)
    r.diffs([DIFF])
    text = out.getvalue()
    assert ANSI.search(text)
    # the same lines as piped (rich markup would read [name='Vlanif100'] as a style)
    assert ANSI.sub("", text) == f"{DIFF}\n"  # lines the terminal wraps, not rich
    assert "\x1b[33m  ~ /ifm:ifm" in text  # changed: yellow
    assert "\x1b[32m  + /bgp:bgp" in text  # added: green


def test_device_table_on_a_terminal_and_piped() -> None:
    error = NetconfError("commit failed", device="DeviceB", step="confirm",
                         recovery="confirmed commit cancelled: running restored")
    rows = [DeviceRow("DeviceA", "restored", DIFF, steps=("lock", "edit")),
            DeviceRow("DeviceB", "unchanged", DIFF, steps=("lock",), error=error)]
    r, out, _ = report()
    r.devices(rows, "apply: transaction failed")
    assert out.getvalue().splitlines() == [
        "apply: transaction failed",
        "  DeviceA: restored (2 changes; lock -> edit)",
        "  DeviceB: unchanged (2 changes, none committed; lock) — DeviceB: confirm: commit "
        "failed (confirmed commit cancelled: running restored)",
    ]
    r, out, _ = report(tty=True)
    r.devices(rows, "apply: transaction failed")
    plain = ANSI.sub("", out.getvalue())
    assert "┃ device" in plain
    assert "restored" in plain
    assert "lock → edit" in plain


def test_errors_go_to_stderr_root_cause_first() -> None:
    follow = NetconfError("running was changed and could not be put back", device="DeviceA",
                          step="compensate")
    root = NetconfError("commit failed", device="DeviceB", step="confirm")
    assert root_cause_first([follow, root]) == [root, follow]
    r, out, err = report()
    r.errors([follow, root])
    assert out.getvalue() == ""
    assert err.getvalue().splitlines() == [
        "DeviceB: confirm: commit failed",
        "DeviceA: compensate: running was changed and could not be put back"]
    r, _, err = report(err_tty=True)
    r.errors([root])
    assert "\x1b[31m" in err.getvalue()


def test_a_recovery_note_already_in_the_message_is_not_repeated() -> None:
    note = "RUNNING WAS CHANGED and the compensating commit failed"
    e = NetconfError(f"could not be put back: {note}", device="DeviceA", step="compensate",
                     recovery=note)
    assert error_text(e) == f"DeviceA: compensate: could not be put back: {note}"
    other = NetconfError("boom", device="X", step="lock", recovery="unlocked")
    assert error_text(other) == "X: lock: boom (unlocked)"


def test_json_mode_writes_only_the_document() -> None:
    r, out, _ = report(as_json=True, tty=True)
    assert r.rich is None
    r.heading("plan")
    r.line("ignored")
    r.diffs([DIFF])
    r.left_out("DeviceC", "user side DeviceC: not in the inventory, left out")
    with r.progress(["DeviceA"], ["read"]) as progress:
        assert progress is None
    err = RpcError([RpcErrorInfo.application("operation-failed", "commit failed",
                                             app_tag="918")], device="DeviceB", step="confirm",
                   recovery="candidate discarded")
    code = r.finish(1, [DeviceRow("DeviceA", "restored", DIFF, steps=("lock",)),
                        DeviceRow("DeviceB", "unchanged", Diff("DeviceB"), error=err)], [err])
    assert code == 1
    doc = json.loads(out.getvalue())
    assert doc == {
        "version": JSON_VERSION, "command": "apply", "exit": 1, "ok": False, "changed": False,
        "dry_run": False,
        "left_out": [{"device": "DeviceC",
                      "message": "user side DeviceC: not in the inventory, left out"}],
        "devices": {
            "DeviceA": {"state": "restored", "changed": False, "steps": ["lock"], "error": None,
                        "diff": [{"kind": "changed", "path": PATH, "old": "0000-5e00-0102",
                                  "new": "0000-5e00-0101"},
                                 {"kind": "added", "path": "/bgp:bgp/base-process/as",
                                  "old": None, "new": "65001"}]},
            "DeviceB": {"state": "unchanged", "changed": False, "steps": [], "diff": [],
                        "error": error_json(err)},
        },
        "errors": [error_json(err)],
    }
    assert error_json(err) == {
        "text": "DeviceB: confirm: operation-failed/918: commit failed (candidate discarded)",
        "device": "DeviceB", "step": "confirm",
        "message": "operation-failed/918: commit failed", "recovery": "candidate discarded",
        "rpc_errors": [{"type": "application", "tag": "operation-failed", "app_tag": "918",
                        "path": None, "message": "commit failed", "severity": "error"}]}


def test_input_errors_as_json() -> None:
    e = ValidationError("members[1].m-lag-ipv4", "mlag-ipv4-in-primary-subnet", "not in it")
    assert error_json(e) == {"text": str(e), "path": "members[1].m-lag-ipv4",
                             "rule": "mlag-ipv4-in-primary-subnet", "message": "not in it"}


def test_progress_only_on_a_terminal() -> None:
    r, out, _ = report()
    with r.progress(["DeviceA", "DeviceB"], ["read", "stage"]) as progress:
        assert progress is None
    assert out.getvalue() == ""
    r, out, _ = report(tty=True)
    with r.progress(["DeviceA", "DeviceB"], ["read", "stage"]) as progress:
        assert progress is not None
        progress("DeviceA", "read")
        progress("DeviceB", "stage")
        progress("DeviceC", "read")  # not in the transaction: ignored
    assert "DeviceA" in ANSI.sub("", out.getvalue())
