"""``mlag-netconf render`` output: the CLI view, all-or-none writes, and bad input that used
to escape as a raw traceback (exit 2, one ``path: rule: message`` line, nothing written),
each in process and as a real subprocess."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlag_netconf.cli import EXIT_INVALID, EXIT_OK, main, write_all
from mlag_netconf.errors import ValidationError
from mlag_netconf.intent import load_intent

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
MLAG = EXAMPLES / "bgp-over-mlag.yaml"
MP = EXAMPLES / "mp-ebgp-vpnv4.yaml"
ERROR_LINE = re.compile(r"(?P<path>\S[^\n]*?): (?P<rule>[a-z0-9-]+): (?P<message>[^\n]+)")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_process(*argv: str, cwd: Path | None = None) -> tuple[int, str, str]:
    done = subprocess.run([sys.executable, "-m", "mlag_netconf.cli", *argv], cwd=cwd,
                          capture_output=True, text=True, timeout=120, check=False,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    return done.returncode, done.stdout, done.stderr


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (and the folder's siblings: temporary folders count)."""
    return {str(p.relative_to(folder.parent)): p.read_bytes() if p.is_file() else b"<dir>"
            for p in sorted(folder.parent.rglob("*"))}


def assert_one_error_line(code: int, stdout: str, stderr: str, rule: str) -> re.Match[str]:
    assert "Traceback" not in stderr
    assert (code, stdout) == (EXIT_INVALID, "")
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    m = ERROR_LINE.fullmatch(lines[0])
    assert m is not None, lines[0]
    assert m["rule"] == rule, lines[0]
    return m


def mp_with(tmp_path: Path, old: str, new: str, name: str = "intent.yaml") -> Path:
    text = MP.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- --format cli
def test_format_cli_prints_each_device(capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, stderr = run(capsys, "render", str(MLAG), "--format", "cli", "--no-validate")
    assert (code, stderr) == (EXIT_OK, "")
    intent = load_intent(MLAG)
    payloads = {**intent.payloads(), **intent.extra_payloads()}  # the user side last
    assert list(payloads) == ["DeviceA", "DeviceB", "DeviceC"]
    assert stdout == "".join(f"# {n}\n{p.cli()}\n" for n, p in payloads.items())
    assert " m-lag ip address 10.1.1.3 255.255.255.0" in stdout.split("# DeviceB")[1]


@pytest.mark.parametrize("intent", [MLAG, ROOT / "examples" / "v2" / "bgp-over-mlag.yaml"],
                         ids=["v1", "v2"])
def test_render_adds_the_user_side(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                   intent: Path) -> None:
    """The user side the intent names is rendered too (both formats, both forms): its
    golden CLI view printed after the members', its XML written beside theirs."""
    code, stdout, stderr = run(capsys, "render", str(intent), "--format", "cli")
    assert (code, stderr) == (EXIT_OK, "")
    assert [line for line in stdout.splitlines() if line.startswith("# ")] == [
        "# DeviceA", "# DeviceB", "# DeviceC"]
    golden = ROOT / "payloads" / "bgp-over-mlag"
    assert stdout.split("# DeviceC\n")[1] == (golden / "DeviceC.cli").read_text()
    out = tmp_path / "out"
    code, stdout, _ = run(capsys, "render", str(intent), "--out", str(out))
    assert code == EXIT_OK
    assert sorted(p.name for p in out.iterdir()) == ["DeviceA.xml", "DeviceB.xml",
                                                     "DeviceC.xml"]
    assert (out / "DeviceC.xml").read_bytes() == (golden / "DeviceC.xml").read_bytes()
    assert stdout.splitlines()[-1] == f"{out}: 3 files written; replaced from an earlier " \
                                      "run: none"


def test_format_cli_writes_the_golden_files(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    out = tmp_path / "cli"
    code, stdout, _ = run(capsys, "render", str(MP), "--format", "cli", "--out", str(out),
                          "--no-validate")
    assert code == EXIT_OK
    assert stdout.splitlines()[:2] == [str(out / "AGG1.cli"), str(out / "MASG1.cli")]
    for name in ("AGG1", "MASG1"):
        golden = ROOT / "payloads" / "mp-ebgp-vpnv4" / f"{name}.cli"
        assert (out / f"{name}.cli").read_bytes() == golden.read_bytes()


def test_format_xml_still_needs_out(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["render", str(MP)])
    assert info.value.code == 2
    assert "--out is required for --format xml" in capsys.readouterr().err


# --------------------------------------------------------------------------- all or none
def test_rerun_says_what_it_replaced_and_keeps_other_files(capsys: pytest.CaptureFixture[str],
                                                           tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (out / "AGG1.xml").write_text("stale", encoding="utf-8")
    code, stdout, _ = run(capsys, "render", str(MP), "--out", str(out), "--no-validate")
    assert code == EXIT_OK
    assert stdout.splitlines()[-1] == (f"{out}: 2 files written; replaced from an earlier "
                                       "run: AGG1.xml")
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (out / "AGG1.xml").read_text(encoding="utf-8").startswith("<config")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temporary folder left
    code, stdout, _ = run(capsys, "render", str(MP), "--out", str(out), "--no-validate")
    assert stdout.splitlines()[-1].endswith("replaced from an earlier run: AGG1.xml, MASG1.xml")


def test_a_failed_move_puts_everything_back(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.xml").write_text("old a", encoding="utf-8")
    (out / "b.xml").write_text("old b", encoding="utf-8")
    before = snapshot(out)
    real_replace = os.replace
    calls = []

    def flaky(src: str | Path, dst: str | Path) -> None:
        calls.append((src, dst))
        if len(calls) == 3:  # a aside, a in, then b aside fails
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    with pytest.raises(ValidationError) as info:
        write_all(out, {"a.xml": "new a", "b.xml": "new b"})
    assert (info.value.path, info.value.rule) == (str(out / "b.xml"), "out-write")
    monkeypatch.setattr(os, "replace", real_replace)
    assert snapshot(out) == before


def test_a_folder_in_the_way_is_never_replaced(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "MASG1.xml").mkdir(parents=True)
    (out / "MASG1.xml" / "keep").write_text("x", encoding="utf-8")
    before = snapshot(out)
    m = assert_one_error_line(*run(capsys, "render", str(MP), "--out", str(out),
                                   "--no-validate"), rule="out-write")
    assert m["path"] == str(out / "MASG1.xml")
    assert snapshot(out) == before


NAMES = st.lists(st.sampled_from(["A", "B", "C", "D", "E", "x" * 300]), min_size=1,
                 max_size=4, unique=True)


@settings(max_examples=60, deadline=None)
@given(new=NAMES, old=st.lists(st.sampled_from(["A", "B", "other"]), unique=True),
       fresh=st.booleans())
def test_write_all_writes_all_or_none(new: list[str], old: list[str], fresh: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        if not fresh:
            out.mkdir()
            for name in old:
                (out / f"{name}.xml").write_text(f"old {name}", encoding="utf-8")
        before = snapshot(out)
        files = {f"{n}.xml": f"new {n}" for n in new}
        if any(len(n) > 255 for n in files):  # a name the file system refuses
            with pytest.raises(ValidationError) as info:
                write_all(out, files)
            assert info.value.rule == "out-write"
            assert snapshot(out) == before  # nothing written, nothing left behind
            return
        report = write_all(out, files)
        assert {p.name: p.read_text(encoding="utf-8") for p in report.written} == files
        assert sorted(p.name for p in report.replaced) == sorted(
            n for n in files if not fresh and n[:-4] in old)
        leftovers = {n: f"old {n[:-4]}" for n in (f"{o}.xml" for o in old)
                     if n not in files and not fresh}
        assert {p.name: p.read_text(encoding="utf-8")
                for p in out.iterdir() if p.name not in files} == leftovers
        assert sorted(p.name for p in Path(tmp).iterdir()) == ["out"]


# --------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("how", ["in-process", "subprocess"])
def test_a_300_character_device_name_writes_nothing(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path, how: str) -> None:
    intent = mp_with(tmp_path, "name: MASG1", "name: " + "M" * 300)
    out = tmp_path / "out"
    out.mkdir()
    (out / "AGG1.xml").write_text("from an earlier run", encoding="utf-8")
    before = snapshot(out)
    argv = ("render", str(intent), "--out", str(out), "--no-validate")
    result = run(capsys, *argv) if how == "in-process" else run_process(*argv)
    code, stdout, stderr = result
    assert "Traceback" not in stderr
    assert (code, stdout) == (EXIT_INVALID, "")
    assert len(stderr.splitlines()) == 1, stderr
    assert ERROR_LINE.fullmatch(stderr.strip()), stderr
    assert snapshot(out) == before  # AGG1.xml, written before, is not touched either


@pytest.mark.parametrize("how", ["in-process", "subprocess"])
def test_out_naming_an_existing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                     how: str) -> None:
    target = tmp_path / "payloads.xml"
    target.write_text("keep me", encoding="utf-8")
    argv = ("render", str(MP), "--out", str(target), "--no-validate")
    result = run(capsys, *argv) if how == "in-process" else run_process(*argv)
    m = assert_one_error_line(*result, rule="out-folder")
    assert m["path"] == str(target)
    assert target.read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["payloads.xml"]


@pytest.mark.parametrize("how", ["in-process", "subprocess"])
def test_an_intent_that_is_not_utf8(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                    how: str) -> None:
    intent = tmp_path / "latin1.yaml"
    intent.write_bytes(MP.read_text(encoding="utf-8").replace(
        "# MP-EBGP", "# MP-EBGP café", 1).encode("latin-1"))
    out = tmp_path / "out"
    argv = ("render", str(intent), "--out", str(out), "--no-validate")
    result = run(capsys, *argv) if how == "in-process" else run_process(*argv)
    m = assert_one_error_line(*result, rule="intent-encoding")
    assert m["path"] == str(intent)
    assert "0xe9 on line 1" in m["message"]
    assert not out.exists()


@pytest.mark.parametrize("how", ["in-process", "subprocess"])
@pytest.mark.parametrize(("old", "new", "rule"), [
    ("# MP-EBGP", "# MP-EBGP \x01", "yaml-syntax"),         # raw, refused by the reader
    ("name: AGG1", 'name: "AG\\x07G1"', "device-name"),     # escaped into a name
], ids=["raw", "escaped"])
def test_control_characters(capsys: pytest.CaptureFixture[str], tmp_path: Path, how: str,
                            old: str, new: str, rule: str) -> None:
    intent = mp_with(tmp_path, old, new)
    out = tmp_path / "out"
    argv = ("render", str(intent), "--out", str(out), "--no-validate")
    result = run(capsys, *argv) if how == "in-process" else run_process(*argv)
    assert_one_error_line(*result, rule=rule)
    assert not out.exists()


@pytest.mark.parametrize("how", ["in-process", "subprocess"])
def test_sim_port_out_of_range(capsys: pytest.CaptureFixture[str], how: str) -> None:
    argv = ("sim", "--port", "99999")
    result = run(capsys, *argv) if how == "in-process" else run_process(*argv)
    m = assert_one_error_line(*result, rule="port-range")
    assert m["path"] == "--port"
    assert "99999" in m["message"]


@settings(max_examples=40, deadline=None)
@given(port=st.integers(max_value=-1) | st.integers(min_value=65535, max_value=10**9),
       devices=st.integers(2, 4))
def test_sim_ports_beyond_the_last_device(port: int, devices: int) -> None:
    names = ",".join(f"S{i}" for i in range(devices))
    assert main(["sim", "--devices", names, "--port", str(port)]) == EXIT_INVALID
