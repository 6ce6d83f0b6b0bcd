"""The inventory: typed errors naming the field, secrets hidden, relative paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlag_netconf.inventory import DeviceEntry, GapPolicy, Inventory, InventoryError


def test_relative_paths_are_taken_from_the_inventory_folder(tmp_path: Path) -> None:
    (tmp_path / "inv.yaml").write_text(
        "known_hosts: kh\ndevices:\n  A: {host: 127.0.0.1, port: 830, key_filename: keys/a,"
        " gap: model, model: over.yaml}\n  B: {host: 127.0.0.1, known_hosts: /abs/kh}\n")
    inv = Inventory.load(tmp_path / "inv.yaml")
    assert inv["A"].known_hosts == str(tmp_path / "kh")
    assert inv["A"].key_filename == str(tmp_path / "keys" / "a")
    assert inv["A"].model == str(tmp_path / "over.yaml")
    assert inv["A"].gap is GapPolicy.MODEL
    assert inv["B"].known_hosts == "/abs/kh"


@pytest.mark.parametrize(("text", "path", "rule"), [
    ("[]", "", "inventory-shape"),
    ("devices: {}", "devices", "inventory-shape"),
    ("devices: {A: {port: 22}}", "devices.A.host", "inventory-host"),
    ("devices: {A: {host: h, port: 0}}", "devices.A.port", "inventory-port"),
    ("devices: {A: {host: h, port: '22'}}", "devices.A.port", "inventory-port"),
    ("devices: {A: {host: h, colour: red}}", "devices.A.colour", "unknown-key"),
    ("devices: {A: {host: h, gap: maybe}}", "devices.A.gap", "inventory-gap"),
    ("devices: {A: {host: h, gap: model}}", "devices.A.model", "inventory-gap-model"),
    ("devices: {A: {host: h, verify_host_key: 1}}", "devices.A.verify_host_key", "boolean"),
    ("devices: {A: {host: h, password: 5}}", "devices.A.password", "inventory-text"),
    ("devices: {A: [1]}", "devices.A", "inventory-shape"),
    ("top: 1\ndevices: {A: {host: h}}", "top", "unknown-key"),
    ("devices: {A: {host: h}", "", "yaml-syntax"),
])
def test_bad_inventories_are_typed_errors_naming_the_field(
        tmp_path: Path, text: str, path: str, rule: str) -> None:
    f = tmp_path / "inv.yaml"
    f.write_text(text)
    with pytest.raises(InventoryError) as info:
        Inventory.load(f)
    assert info.value.rule == rule
    assert info.value.path == path or info.value.path.endswith(path) or rule == "yaml-syntax"


def test_a_file_that_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(InventoryError) as info:
        Inventory.load(tmp_path / "missing.yaml")
    assert info.value.rule == "inventory-file"
    (tmp_path / "latin1.yaml").write_bytes(b"devices: {A: {host: \xe9}}")
    with pytest.raises(InventoryError):
        Inventory.load(tmp_path / "latin1.yaml")


def test_secrets_stay_out_of_reprs_and_come_from_the_environment(
        monkeypatch: pytest.MonkeyPatch) -> None:
    entry = DeviceEntry("A", "h", password_env="MLAG_TEST_PW")
    with pytest.raises(InventoryError) as info:
        entry.secret()
    assert info.value.rule == "inventory-password"
    monkeypatch.setenv("MLAG_TEST_PW", "hunter2")
    assert entry.secret() == "hunter2"
    with_pw = DeviceEntry("A", "h", password="hunter2")
    assert "hunter2" not in repr(with_pw) + str(with_pw) + repr(Inventory((with_pw,)))


def test_duplicate_devices_are_refused() -> None:
    with pytest.raises(InventoryError) as info:
        Inventory((DeviceEntry("A", "h"), DeviceEntry("A", "h2")))
    assert info.value.rule == "inventory-duplicate"
