"""The gap nodes on a device that models them itself, against the simulator.

The simulator here runs the project's ``yang/`` without ``mlag-netconf-ext`` and with a
TEST-ONLY module, ``test-gap-m-lag`` (tests/netconf/yang_device/), that models the
M-LAG addresses and ND prune at other paths and names (a list keyed by the address, a
container under the interface, a leaf beside ``route-proxy``). Nothing here is a Huawei
name. Then: ``schemas pull`` downloads the device's modules, ``schemas find`` proposes the
test module's nodes, and ``apply`` with ``gap: model`` commits the M-LAG addresses at the
device's nodes, reads back equal, re-applies as a no-op and ``undo``/``restore`` remove
them; ``gap: refuse`` refuses before anything is sent.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from mlag_netconf import Payload, load_intent
from mlag_netconf.cli import main
from mlag_netconf.errors import CapabilityError, NetconfError, RpcError
from mlag_netconf.inventory import GapPolicy
from mlag_netconf.model import Device, vlanif
from mlag_netconf.namespaces import EXT, IFM, IP, IPV6_ND
from mlag_netconf.netconf import Session, apply, check_capabilities, connect, diff, read, undo
from mlag_netconf.netconf.engine import restore
from mlag_netconf.render import render_device
from mlag_netconf.render.overrides import OverrideError, RegistryOverride
from mlag_netconf.sim import Profile, SimulatedDevice, SimulatedNetwork
from mlag_netconf.xmltree import Element

from .conftest import running_text

ROOT = Path(__file__).resolve().parents[2]
TEST_MODULE = Path(__file__).parent / "yang_device" / "test-gap-m-lag.yang"
TGM = "urn:mlag-netconf:test:gap-m-lag"   # the test module's namespace

OVERRIDE = f"""\
modules:
  tgm:
    name: test-gap-m-lag
    namespace: {TGM}
features:
  interface.mlag-ipv4:
    path: /ifm:ifm/ifm:interfaces/ifm:interface[name]/tgm:mlag-addresses/tgm:ipv4-address[address]
    keys: {{address: ip}}
    leaves: {{ip: address, mask: netmask}}
  interface.mlag-ipv6:
    path: /ifm:ifm/ifm:interfaces/ifm:interface[name]/tgm:mlag-addresses/tgm:ipv6
    leaves: {{ip: global-address, prefix-length: global-prefix-length}}
  interface.mlag-ipv6-link-local:
    path: /ifm:ifm/ifm:interfaces/ifm:interface[name]/tgm:mlag-addresses/tgm:ipv6
    leaves: {{link-local: link-local-address}}
  interface.nd-route-proxy-prune:
    path: /ifm:ifm/ifm:interfaces/ifm:interface[name]/ip:ipv6/ipv6-nd:nd-collection/ipv6-nd:proxys
    leaves: {{route-proxy-prune: tgm:route-prune}}
"""


def device_yang(folder: Path, *, with_test_module: bool = True) -> Path:
    """The project's modules without ``mlag-netconf-ext`` (+ the test module)."""
    folder.mkdir()
    for f in (ROOT / "yang").glob("*.yang"):
        if f.name != "mlag-netconf-ext.yang":
            shutil.copy(f, folder / f.name)
    if with_test_module:
        shutil.copy(TEST_MODULE, folder / TEST_MODULE.name)
    return folder


@pytest.fixture
def override_file(tmp_path: Path) -> Path:
    path = tmp_path / "device-override.yaml"
    path.write_text(OVERRIDE, encoding="utf-8")
    return path


@pytest.fixture
def own_net(tmp_path: Path) -> Iterator[SimulatedNetwork]:
    with SimulatedNetwork(["DeviceA"], yang_dir=device_yang(tmp_path / "yang")) as network:
        yield network


@pytest.fixture
def own_dev(own_net: SimulatedNetwork) -> SimulatedDevice:
    return own_net["DeviceA"]


@pytest.fixture
def modelled(own_dev: SimulatedDevice, override_file: Path) -> Iterator[Session]:
    """A session whose inventory entry says ``gap: model`` with the override file."""
    entry = dataclasses.replace(own_dev.entry, gap=GapPolicy.MODEL, model=str(override_file))
    with connect(entry, rpc_timeout=10) as s:
        yield s


def _interface(running: Element) -> Element:
    found = running.find(f"{{{IFM}}}ifm/{{{IFM}}}interfaces/{{{IFM}}}interface")
    assert found is not None
    return found


def _sent(dev: SimulatedDevice, rpc: str) -> int:
    return sum(1 for e in dev.events if rpc in e)


# --------------------------------------------------------------------------- refuse
def test_refuse_is_the_default_and_sends_nothing(own_dev: SimulatedDevice,
                                                 payload: Payload) -> None:
    before = running_text(own_dev)
    with connect(own_dev.entry, rpc_timeout=10) as s:
        assert s.entry.gap is GapPolicy.REFUSE
        with pytest.raises(CapabilityError) as info:
            apply(s, payload)
    message = str(info.value)
    assert info.value.step == "check"
    assert "mlag-netconf-ext" in message
    for feature in payload.gap_features:
        assert feature in message
    assert _sent(own_dev, "edit-config") == 0
    assert _sent(own_dev, "lock") == 0
    assert running_text(own_dev) == before


def test_a_call_can_refuse_where_the_entry_says_model(modelled: Session,
                                                      own_dev: SimulatedDevice,
                                                      payload: Payload) -> None:
    with pytest.raises(CapabilityError, match="mlag-netconf-ext"):
        apply(modelled, payload, gap="refuse")
    assert _sent(own_dev, "edit-config") == 0


# --------------------------------------------------------------------------- model
def test_apply_with_gap_model_commits_at_the_devices_nodes(
        modelled: Session, own_dev: SimulatedDevice, payload: Payload) -> None:
    before = running_text(own_dev)
    result = apply(modelled, payload)
    assert result.changed
    assert result.steps[-3:] == ("verify", "confirm", "unlock")
    running = own_dev.running()
    assert not [e for e in running.iter() if isinstance(e.tag, str) and EXT in e.tag]
    iface = _interface(running)
    entry = iface.find(f"{{{TGM}}}mlag-addresses/{{{TGM}}}ipv4-address")
    assert entry is not None
    assert (entry.findtext(f"{{{TGM}}}address"), entry.findtext(f"{{{TGM}}}netmask")) == (
        "10.1.1.2", "255.255.255.0")
    v6 = iface.find(f"{{{TGM}}}mlag-addresses/{{{TGM}}}ipv6")
    assert v6 is not None
    assert [v6.findtext(f"{{{TGM}}}{n}") for n in
            ("global-address", "global-prefix-length", "link-local-address")] == [
        "2001:db8:1::2", "64", "fe80::1:2"]
    prune = iface.find(f"{{{IP}}}ipv6/{{{IPV6_ND}}}nd-collection/{{{IPV6_ND}}}proxys/"
                       f"{{{TGM}}}route-prune")
    assert prune is not None
    assert prune.text == "true"

    assert not diff(modelled, payload)              # reads back equal, by value
    back = read(modelled, payload)
    assert "mlag-addresses" in back.xml
    assert "10.1.1.2" in back.xml
    assert EXT not in back.xml

    edits, commits = _sent(own_dev, "edit-config"), _sent(own_dev, "commit")
    again = apply(modelled, payload)                # idempotent: nothing sent
    assert not again.changed
    assert again.steps == ()
    assert (_sent(own_dev, "edit-config"), _sent(own_dev, "commit")) == (edits, commits)

    removed = undo(modelled, payload)
    assert removed.changed
    assert "mlag-addresses" not in running_text(own_dev)
    assert "route-prune" not in running_text(own_dev)
    assert running_text(own_dev) == before


def test_model_argument_per_call_and_restore(own_dev: SimulatedDevice, override_file: Path,
                                            payload: Payload) -> None:
    before = running_text(own_dev)
    with connect(own_dev.entry, rpc_timeout=10) as s:   # the entry says refuse
        override = RegistryOverride.load(override_file)
        result = apply(s, payload, model=override)
        assert result.changed
        assert not diff(s, payload, model=override_file)
        assert "mlag-addresses" in running_text(own_dev)
        restore(s, result, model=override_file)
    assert running_text(own_dev) == before


def test_the_override_module_must_be_advertised(tmp_path: Path, override_file: Path,
                                                payload: Payload) -> None:
    yang = device_yang(tmp_path / "plain", with_test_module=False)
    with SimulatedNetwork(["DeviceA"], yang_dir=yang) as net:
        dev = net["DeviceA"]
        entry = dataclasses.replace(dev.entry, gap=GapPolicy.MODEL, model=str(override_file))
        with connect(entry, rpc_timeout=10) as s:
            with pytest.raises(CapabilityError) as info:
                check_capabilities(s, payload)
            with pytest.raises(CapabilityError):
                apply(s, payload)
        assert _sent(dev, "edit-config") == 0
    message = str(info.value)
    assert "test-gap-m-lag" in message
    assert str(override_file) in message
    assert "interface.mlag-ipv4" in message
    assert "mlag-netconf-ext" not in message


def test_a_gap_feature_the_file_does_not_map_is_refused(
        own_dev: SimulatedDevice, tmp_path: Path, payload: Payload) -> None:
    data = yaml.safe_load(OVERRIDE)
    del data["features"]["interface.nd-route-proxy-prune"]
    partial = tmp_path / "partial.yaml"
    partial.write_text(yaml.safe_dump(data), encoding="utf-8")
    with connect(own_dev.entry, rpc_timeout=10) as s, pytest.raises(OverrideError) as info:
        apply(s, payload, model=partial)
    assert info.value.file == str(partial)
    assert info.value.field == "features.interface.nd-route-proxy-prune"
    assert _sent(own_dev, "edit-config") == 0


def test_gap_model_without_a_file_is_a_typed_error(own_dev: SimulatedDevice,
                                                   payload: Payload) -> None:
    with connect(own_dev.entry, rpc_timeout=10) as s:
        with pytest.raises(CapabilityError, match="registry override file"):
            apply(s, payload, gap="model")
        with pytest.raises(ValueError, match="refuse or model"):
            apply(s, payload, gap="maybe")  # type: ignore[arg-type]


def test_a_device_with_the_project_module_gets_the_gap_nodes_as_they_are(
        session: Session, dev: SimulatedDevice, override_file: Path,
        payload: Payload) -> None:
    apply(session, payload, model=override_file)      # ignored: mlag-netconf-ext is there
    assert "m-lag-ipv4" in running_text(dev)
    assert "mlag-addresses" not in running_text(dev)


# --------------------------------------------------------------------------- get-schema
def test_get_schema_returns_the_module_text_and_typed_errors(own_dev: SimulatedDevice
                                                             ) -> None:
    with connect(own_dev.entry, rpc_timeout=10) as s:
        assert s.get_schema("test-gap-m-lag") == TEST_MODULE.read_text(encoding="utf-8")
        assert s.get_schema("test-gap-m-lag", "2026-12-01").startswith(
            "module test-gap-m-lag")
        with pytest.raises(RpcError) as info:
            s.get_schema("test-gap-m-lag", "1999-01-01")
        assert info.value.step == "get-schema"
        assert info.value.tag == "invalid-value"
        with pytest.raises(RpcError):
            s.get_schema("mlag-netconf-ext")
        with pytest.raises(NetconfError, match="module name"):
            s.get_schema(" ")
        assert s.connected


# --------------------------------------------------------------------------- CLI
def test_schemas_pull_then_find_proposes_the_test_modules_nodes(
        own_net: SimulatedNetwork, own_dev: SimulatedDevice, tmp_path: Path,
        capsys: pytest.CaptureFixture[str], payload: Payload) -> None:
    inv = own_net.inventory.write(tmp_path / "inventory.yaml")
    out = tmp_path / "schemas"
    assert main(["schemas", "pull", "--inventory", str(inv), "--device", "DeviceA",
                 "--out", str(out)]) == 0
    pulled = capsys.readouterr().out
    names = sorted(p.name for p in out.glob("*.yang"))
    assert "test-gap-m-lag@2026-12-01.yang" in names
    assert not any(n.startswith("mlag-netconf-ext") for n in names)
    assert len(names) == len(list((tmp_path / "yang").glob("*.yang")))
    assert f"{len(names)} modules written" in pulled
    assert "ietf-netconf-monitoring" in pulled          # advertised, not offered
    assert (out / "test-gap-m-lag@2026-12-01.yang").read_text(encoding="utf-8") == \
        TEST_MODULE.read_text(encoding="utf-8")
    assert "module=test-gap-m-lag" in (out / "hello.txt").read_text(encoding="utf-8")

    assert main(["schemas", "find", str(out)]) == 0
    captured = capsys.readouterr()
    draft = captured.out
    assert "A HUMAN MUST CHECK" in draft
    assert "xml-translate" in draft
    assert "check every node on the device" in captured.err
    proposed = RegistryOverride.from_dict(yaml.safe_load(draft), "draft")
    expected = RegistryOverride.from_dict(yaml.safe_load(OVERRIDE), "hand-written")
    assert dict(proposed.features) == dict(expected.features)

    # and the draft, once reviewed, drives a transaction
    draft_file = tmp_path / "draft.yaml"
    draft_file.write_text(draft, encoding="utf-8")
    with connect(own_dev.entry, rpc_timeout=10) as s:
        assert apply(s, payload, model=draft_file).changed
        assert not diff(s, payload, model=draft_file)


def test_schemas_pull_names_a_bad_device_and_an_unreachable_one(
        own_net: SimulatedNetwork, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inv = own_net.inventory.write(tmp_path / "inventory.yaml")
    assert main(["schemas", "pull", "--inventory", str(inv), "--device", "Nope",
                 "--out", str(tmp_path / "o")]) == 2
    assert "--device: unknown-device: 'Nope'" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()
    own_net.stop()
    assert main(["schemas", "pull", "--inventory", str(inv), "--device", "DeviceA",
                 "--out", str(tmp_path / "o")]) == 1
    assert "DeviceA: connect" in capsys.readouterr().err


def test_schemas_find_on_the_public_vendor_set_finds_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The public router modules have no node for the gap features: no guess is made."""
    vendor = Path("/work/shared/huawei-yang/8.22.0")
    folder = vendor if vendor.is_dir() else device_yang(tmp_path / "y",
                                                        with_test_module=False)
    assert main(["schemas", "find", str(folder)]) == 1
    draft = capsys.readouterr().out
    assert "no candidate node found for any gap feature" in draft
    assert "features:" not in draft


def test_the_ce_profiles_device_style_module_end_to_end(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The simulator's CloudEngine profile with its own test-only device-style module
    (``sim-device-m-lag``, written by another hand than this file's): pull, find, then
    the reviewed draft drives apply / diff / idempotent re-apply / undo."""
    plain = render_device(Device("sw", interfaces=[vlanif(
        100, ipv4="10.1.1.1/24", mlag_ipv4="10.1.1.2", ipv6="2001:db8:1::1/64",
        mlag_ipv6="2001:db8:1::2/64", mlag_ipv6_link_local="fe80::1:2")]))
    assert set(plain.gap_features) == {"interface.mlag-ipv4", "interface.mlag-ipv6",
                                       "interface.mlag-ipv6-link-local"}
    with SimulatedNetwork(["sw"], profile=Profile.ce_v300(mlag="sim-device-m-lag")) as net:
        dev = net["sw"]
        inv = net.inventory.write(tmp_path / "inventory.yaml")
        out = tmp_path / "ce"
        assert main(["schemas", "pull", "--inventory", str(inv), "--device", "sw",
                     "--out", str(out)]) == 0
        assert "not offered by get-schema: huawei-m-lag" in capsys.readouterr().out
        assert main(["schemas", "find", str(out)]) == 0
        draft = capsys.readouterr().out
        override = RegistryOverride.from_dict(yaml.safe_load(draft), "draft")
        assert override.module_names == ("huawei-ifm", "sim-device-m-lag")
        assert "interface.nd-route-proxy-prune" not in override.features
        before = running_text(dev)
        entry = dataclasses.replace(dev.entry, gap=GapPolicy.MODEL,
                                    model=str(tmp_path / "draft.yaml"))
        Path(entry.model or "").write_text(draft, encoding="utf-8")
        with connect(entry, rpc_timeout=10) as s:
            assert apply(s, plain).changed
            ipv4 = _interface(dev.running()).find(
                "{urn:mlag-netconf:sim:device-m-lag}m-lag-address/"
                "{urn:mlag-netconf:sim:device-m-lag}ipv4")
            assert ipv4 is not None
            assert ipv4.findtext("{*}address") == "10.1.1.2"
            assert not diff(s, plain)
            assert not apply(s, plain).changed
            with_prune = dataclasses.replace(load_intent(
                ROOT / "examples" / "bgp-over-mlag.yaml").payloads()["DeviceA"], device="sw")
            with pytest.raises(OverrideError) as info:
                apply(s, with_prune)          # the draft maps no node for prune: refused
            assert info.value.field == "features.interface.nd-route-proxy-prune"
            undo(s, plain)
        assert running_text(dev) == before


def test_a_pair_transaction_with_gap_model_on_both_members(
        tmp_path: Path, override_file: Path) -> None:
    """Both members lack mlag-netconf-ext; their inventory entries say gap: model; the pair
    transaction sends each the device's own nodes, verifies and is idempotent."""
    from mlag_netconf.inventory import Inventory
    from mlag_netconf.netconf.pair import CONFIGURED, UNCHANGED, apply_all

    def member(name: str, mlag: str) -> Payload:
        return render_device(Device(name, interfaces=[vlanif(
            100, ipv4="10.1.1.1/24", mlag_ipv4=mlag)]))

    payloads = {"DeviceA": member("DeviceA", "10.1.1.2"),
                "DeviceB": member("DeviceB", "10.1.1.3")}
    yang = device_yang(tmp_path / "yang")
    with SimulatedNetwork(["DeviceA", "DeviceB"], yang_dir=yang) as net:
        inv = Inventory(tuple(dataclasses.replace(e, gap=GapPolicy.MODEL,
                                                  model=str(override_file))
                              for e in net.inventory), net.inventory.known_hosts)
        result = apply_all(payloads, inv, confirm_timeout=30)
        assert [d.state for d in result.devices] == [CONFIGURED, CONFIGURED]
        for name, address in (("DeviceA", "10.1.1.2"), ("DeviceB", "10.1.1.3")):
            text = running_text(net[name])
            assert "urn:mlag-netconf:yang:mlag-netconf-ext" not in text
            assert address in text
        again = apply_all(payloads, inv)
        assert [d.state for d in again.devices] == [UNCHANGED, UNCHANGED]
