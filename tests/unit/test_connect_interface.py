"""A connect-interface on an interface of the device the payload does not create (issue
7 item 9): an Eth-Trunk or an Ethernet port, main or L3 sub-interface.

Through every floor: the intent (format 1 and 2) and its JSON Schema, the rules (a
warning that says the device checks it), the payload (``local-if-name``), its CLI view,
``Payload.validate()`` (taken as present unless told which exist) and yanglint against
the vendor modules with the interface in the datastore. The engine on the simulator is
``tests/netconf/test_engine_device_interfaces.py``.
"""

from __future__ import annotations

import copy
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from intent_checks import intent_errors
from lxml import etree
from yanglint_check import need_yanglint, yanglint_command

from mlag_netconf.errors import PayloadInvalid, ValueFormatError
from mlag_netconf.intent import parse_intent
from mlag_netconf.intent.loader import load_yaml
from mlag_netconf.intent.schema import intent_schema
from mlag_netconf.model import Bgp, Device, MlagPair, Peer, vlanif
from mlag_netconf.render import Payload
from mlag_netconf.render.check import candidate_for
from mlag_netconf.schema import Schema
from mlag_netconf.types import DeviceInterfaceName

ROOT = Path(__file__).resolve().parents[2]


def v1(connect: str) -> dict[str, Any]:
    """examples/mp-ebgp-vpnv4.yaml (format 1) with AGG1's peer over ``connect``."""
    doc: dict[str, Any] = load_yaml((ROOT / "examples" / "mp-ebgp-vpnv4.yaml").read_text())
    doc["devices"][0]["peers"][0]["connect-interface"] = connect
    return doc


def v2(connect: str) -> dict[str, Any]:
    """examples/v2/mp-ebgp-vpnv4.yaml (format 2) with AGG1's peer over ``connect``."""
    doc: dict[str, Any] = load_yaml(
        (ROOT / "examples" / "v2" / "mp-ebgp-vpnv4.yaml").read_text())
    doc["devices"][0]["bgp"]["peers"][0]["connect-interface"] = connect
    return copy.deepcopy(doc)


FIELD = {"v1": "devices[0].peers[0].connect-interface",
         "v2": "devices[0].bgp.peers[0].connect-interface"}
DOCS = {"v1": v1, "v2": v2}


# --------------------------------------------------------------------------- intent
@pytest.mark.parametrize("fmt", sorted(DOCS))
@pytest.mark.parametrize(("typed", "canonical"), [
    ("eth-trunk 10", "Eth-Trunk10"), ("Eth-Trunk10.100", "Eth-Trunk10.100"),
    ("interface 100ge 1/0/1.100", "100GE1/0/1.100"), ("10GE1/0/49:1", "10GE1/0/49:1")])
def test_the_intent_accepts_a_device_interface(fmt: str, typed: str, canonical: str) -> None:
    intent = parse_intent(DOCS[fmt](typed))
    assert [(w.path, w.rule) for w in intent.warnings] == [
        (FIELD[fmt], "bgp-connect-interface-on-device")]
    assert f"{canonical} is not created by this payload" in intent.warnings[0].message
    p = intent.payloads()["AGG1"]
    assert p.xml.count(f"<local-if-name>{canonical}</local-if-name>") == 1
    assert p.device_interfaces == (canonical,)
    assert f" peer 3.3.3.3 connect-interface {canonical}" in p.cli().splitlines()
    assert p.validate() is p
    # the device's interface is only referenced: the payload creates LoopBack1 alone
    assert [e.text for e in p.element().iter("{urn:huawei:yang:huawei-ifm}name")] == [
        "LoopBack1"]


@pytest.mark.parametrize("fmt", sorted(DOCS))
@pytest.mark.parametrize("bad", ["Tunnel1", "Eth-Trunk1/0/1", "100GE1/0", "Eth-Trunk10.0",
                                 "100GE1/0/1.5000", "Vlanif4095", 7])
def test_a_bad_connect_interface_names_the_intent_field(fmt: str, bad: Any) -> None:
    assert intent_errors(DOCS[fmt](bad)) == [(FIELD[fmt], "interface-name")]


def test_a_vlanif_the_intent_does_not_create_is_still_refused() -> None:
    assert intent_errors(v2("Vlanif300")) == [(FIELD["v2"], "bgp-connect-interface-exists")]


def test_a_device_interface_is_never_a_shared_or_created_interface() -> None:
    """The library creates VLANIF/VBDIF/LoopBack only: a v2 interface or a pair's shared
    interface named after an Eth-Trunk is refused."""
    doc = v2("LoopBack1")
    doc["devices"][0]["interfaces"][0]["name"] = "Eth-Trunk10"
    assert ("devices[0].interfaces[0].name", "interface-name") in intent_errors(doc)
    with pytest.raises(ValueError, match="interface-name"):
        MlagPair((Device("A"), Device("B")), shared_interface="Eth-Trunk10")


def test_the_json_schema_describes_and_accepts_device_interfaces() -> None:
    schema = intent_schema()
    described = schema["$defs"]["PeerSpec"]["properties"]["connect-interface"]["description"]
    assert "Eth-Trunk10.100" in described
    assert "100GE1/0/1.100" in described
    validator = jsonschema.Draft202012Validator(schema)
    assert list(validator.iter_errors(v2("Eth-Trunk10.100"))) == []
    assert list(validator.iter_errors(v1("100GE1/0/1.100"))) == []
    assert list(validator.iter_errors(v2(5)))  # type: ignore[arg-type]


# --------------------------------------------------------------------------- builders
def test_the_builders_take_device_interfaces_on_peers_and_groups() -> None:
    peer = Peer("10.9.9.9", 65009, connect_interface="eth-trunk 10.100")
    assert peer.connect_interface == DeviceInterfaceName("Eth-Trunk10.100")
    with pytest.raises(ValueFormatError) as info:
        Peer("10.9.9.9", 65009, connect_interface="Eth-Trunk10.5000")
    assert str(info.value).startswith(
        "bgp.peers[10.9.9.9].connect_interface: interface-name: ")
    dev = Device("X", interfaces=[vlanif(200, ipv4="10.9.9.1/24")],
                 bgp=Bgp(65001, peers=[peer]))
    assert dev.find_interface(peer.connect_interface) is None


# --------------------------------------------------------------------------- validate
def _payload(connect: str) -> Payload:
    return parse_intent(v2(connect)).payloads()["AGG1"]


def test_validate_checks_against_the_interfaces_it_is_told_of() -> None:
    p = _payload("Eth-Trunk10.100")
    assert p.validate(device_interfaces=["Eth-Trunk10", "Eth-Trunk10.100"]) is p
    with pytest.raises(PayloadInvalid) as info:
        p.validate(device_interfaces=["Eth-Trunk10"])
    assert info.value.path.endswith("peer[address='3.3.3.3']/local-if-name")
    assert "Eth-Trunk10.100" in info.value.message
    # a payload that names no device interface has none to assume
    assert _payload("LoopBack1").device_interfaces == ()
    assert _payload("LoopBack1").validate(device_interfaces=()).device == "AGG1"


# --------------------------------------------------------------------------- yanglint
def _datastore(p: Payload, interfaces: str) -> str:
    """The payload merged onto the device baseline, with ``interfaces`` (vendor XML of
    the device's own interfaces) in ``/ifm:ifm/interfaces``: what the device validates."""
    data = candidate_for(Schema.load(), p.element())
    text = "".join(etree.tostring(c, encoding="unicode") for c in data)
    return text.replace("<interfaces>", f"<interfaces>{interfaces}", 1)


TRUNK = ("<interface><name>Eth-Trunk10</name><class>main-interface</class>"
         "<type>Eth-Trunk</type><number>10</number></interface>"
         "<interface><name>Eth-Trunk10.100</name><class>sub-interface</class>"
         "<type>Eth-Trunk</type><parent-name>Eth-Trunk10</parent-name></interface>")


@pytest.mark.parametrize(("interfaces", "ok"), [(TRUNK, True), ("", False)],
                         ids=["present", "absent"])
def test_yanglint_needs_the_device_interface_in_the_datastore(
        tmp_path: Path, interfaces: str, ok: bool) -> None:
    """Against the vendor modules (``-t config``: the whole datastore, leafrefs checked)
    the payload passes with Eth-Trunk10.100 in the device's interfaces, and fails on
    the ``local-if-name`` leafref without it."""
    need_yanglint()
    p = _payload("Eth-Trunk10.100")
    fragment = tmp_path / "edit.xml"
    fragment.write_text(p.fragment())
    edit = subprocess.run(yanglint_command(fragment), capture_output=True, text=True,
                          check=False)
    assert edit.returncode == 0, edit.stderr
    assert "err" not in edit.stderr.lower(), edit.stderr
    store = tmp_path / "datastore.xml"
    store.write_text(_datastore(p, interfaces))
    cmd = yanglint_command(store)
    cmd[cmd.index("edit")] = "config"
    run = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if ok:
        assert run.returncode == 0, run.stderr
        assert "err" not in run.stderr.lower(), run.stderr
    else:
        assert "local-if-name" in run.stderr, run.stderr
        assert "Eth-Trunk10.100" in run.stderr, run.stderr
