"""Intent format v2 (device-centric) and the JSON Schema of intent files (issue 7)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from intent_checks import intent_errors

from mlag_netconf.cli import main
from mlag_netconf.compose import violations
from mlag_netconf.errors import IntentError
from mlag_netconf.intent import load_intent, parse_intent
from mlag_netconf.intent.loader import load_yaml
from mlag_netconf.intent.schema import KEY_TYPES, intent_schema, schema_text, shipped_schema_text
from mlag_netconf.intent.spec import spec_classes

ROOT = Path(__file__).resolve().parents[2]
V1 = sorted((ROOT / "examples").glob("*.yaml"))
V2 = sorted((ROOT / "examples" / "v2").glob("*.yaml"))
VALIDATOR = jsonschema.Draft202012Validator(intent_schema())


def v2(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = load_yaml((ROOT / "examples" / "v2" / name).read_text())
    return copy.deepcopy(doc)




# --------------------------------------------------------------------------- format v2
def test_every_v1_example_has_a_v2_twin() -> None:
    assert [p.name for p in V2] == [p.name for p in V1]


@pytest.mark.parametrize("name", [p.name for p in V1])
def test_v2_example_renders_the_same_payloads_as_v1(name: str) -> None:
    one = load_intent(ROOT / "examples" / name).payloads()
    two = load_intent(ROOT / "examples" / "v2" / name).payloads()
    assert list(one) == list(two)
    assert {k: p.xml for k, p in one.items()} == {k: p.xml for k, p in two.items()}


def test_v2_pair_is_checked_as_a_pair() -> None:
    intent = load_intent(ROOT / "examples" / "v2" / "bgp-over-mlag.yaml")
    assert intent.kind == "v2"
    assert intent.pair is not None
    assert [str(a) for a in intent.pair.user_side] == ["10.1.1.100", "2001:db8:1::100"]
    doc = v2("bgp-over-mlag.yaml")
    doc["devices"][1]["interfaces"][0]["m-lag-ipv4"] = "10.1.1.2"
    assert sorted(intent_errors(doc)) == [
        ("devices[0].interfaces[0].m-lag-ipv4", "mlag-ipv4-unique"),
        ("devices[1].bgp.peers[0].source-address", "bgp-connect-interface-source-owned"),
        ("devices[1].bgp.peers[0].source-address", "bgp-mlag-peer-source"),
        ("devices[1].interfaces[0].m-lag-ipv4", "mlag-ipv4-unique")]


def test_v2_any_number_of_shared_interfaces() -> None:
    doc = v2("bgp-over-mlag.yaml")
    for i, dev in enumerate(doc["devices"]):
        dev["interfaces"].append({"name": "vlanif 200", "ipv4": "10.2.2.1/24",
                                  "m-lag-ipv4": f"10.2.2.{2 + i}", "arp-proxy": True})
        dev["interfaces"].append({"name": "Vbdif30", "vni": 5030, "ipv4": "10.3.3.1/24",
                                  "m-lag-ipv4": f"10.3.3.{2 + i}", "arp-proxy": True})
    intent = parse_intent(doc)
    a = intent.devices[0]
    assert [i.name.text for i in a.interfaces] == ["Vlanif100", "Vlanif200", "Vbdif30"]
    assert a.interfaces[1].route_proxy_arp
    assert a.interfaces[2].local_proxy_arp
    for p in intent.payloads().values():
        p.validate()
    doc["devices"][1]["interfaces"][1]["ipv4"] = "10.2.2.9/24"  # the pair rules see it
    assert intent_errors(doc) == [("devices[1].interfaces[1].ipv4", "pair-same-primary")]


def test_v2_peer_groups_and_declared_families() -> None:
    doc = v2("mp-ebgp-vpnv4.yaml")
    agg = doc["devices"][0]["bgp"]
    agg["families"] = ["vpnv4"]
    agg["peer-groups"] = [{"name": "MASG", "as": 65003, "connect-interface": "LoopBack1",
                           "ebgp-max-hop": 10, "families": {"vpnv4": True,
                                                            "ipv4-unicast": False}}]
    agg["peers"] = [{"address": "3.3.3.3", "group": "MASG"}]
    intent = parse_intent(doc)
    p = intent.payloads()["AGG1"].validate()
    assert "<remote-as>65003</remote-as>" in p.xml
    assert "<group-name>MASG</group-name>" in p.xml
    agg["families"] = ["ipv6-unicast"]
    assert intent_errors(doc) == [("devices[0].bgp.peer-groups[0].families",
                            "bgp-family-needs-instance-family")]
    agg["families"] = ["vpnv5"]
    assert intent_errors(doc) == [("devices[0].bgp.families[0]", "address-family")]


def test_v2_devices_without_mlag_are_checked_one_by_one() -> None:
    doc = v2("mp-ebgp-vpnv4.yaml")
    doc["devices"][1]["name"] = "AGG1"
    assert ("devices[1].name", "device-name-unique") in intent_errors(doc)
    doc = v2("mp-ebgp-vpnv4.yaml")
    doc["devices"].append({"name": "R3"})  # a device with nothing yet
    assert list(parse_intent(doc).payloads()) == ["AGG1", "MASG1", "R3"]


@pytest.mark.parametrize(("edit", "where", "rule"), [
    (lambda d: d.update({"version": 3}), "version", "intent-version"),
    (lambda d: d.update({"version": True}), "version", "intent-version"),
    (lambda d: d.update({"kind": "mp-ebgp"}), "kind", "unknown-key"),
    (lambda d: d["devices"].pop(), "devices", "mlag-two-members"),
    (lambda d: d.update({"devices": []}), "devices", "missing-key"),
    (lambda d: d["devices"][0].update({"interfaces": {"name": "Vlanif100"}}),
     "devices[0].interfaces", "intent-shape"),
    (lambda d: d["devices"][0]["interfaces"][0].update({"name": "Eth-Trunk1"}),
     "devices[0].interfaces[0].name", "interface-name"),
    (lambda d: d["devices"][0]["interfaces"][0].update({"m-lag-ipv4": "10.1.1.2/16"}),
     "devices[0].interfaces[0].m-lag-ipv4", "mlag-ipv4-mask-matches-primary"),
    (lambda d: d["devices"][0]["interfaces"][0].update({"ipv6": ["2001:db8:1::1/64", 5]}),
     "devices[0].interfaces[0].ipv6[1]", "ipv6-interface-format"),
    (lambda d: d["devices"][0]["bgp"].update({"peers": [{"as": 1}]}),
     "devices[0].bgp.peers[0].address", "missing-key"),
    (lambda d: d["mlag"].update({"user-side": ["224.0.0.1"]}), "mlag.user-side[0]",
     "bgp-peer-unicast"),
    (lambda d: d["devices"][1].update({"role": "master"}), "devices[1].role",
     "mlag-roles-differ"),
])
def test_v2_errors_name_the_field(edit: Any, where: str, rule: str) -> None:
    doc = v2("bgp-over-mlag.yaml")
    edit(doc)
    assert (where, rule) in intent_errors(doc), intent_errors(doc)


def test_v2_member_without_its_mlag_address_is_named() -> None:
    doc = v2("bgp-over-mlag.yaml")
    del doc["devices"][1]["interfaces"][0]["m-lag-ipv6"]
    del doc["devices"][1]["bgp"]["peers"][1]["source-address"]
    assert intent_errors(doc) == [("devices[1].interfaces[0].m-lag-ipv6",
                            "mlag-member-needs-mlag-address")]


# --------------------------------------------------------------------------- schema
def test_the_shipped_schema_is_the_generated_one() -> None:
    assert shipped_schema_text() == schema_text(), (
        "regenerate: mlag-netconf schema-intent > mlag_netconf/intent/intent.schema.json")
    jsonschema.Draft202012Validator.check_schema(json.loads(shipped_schema_text()))


def test_every_spec_key_has_a_json_type() -> None:
    for cls in spec_classes():
        for field, key in cls.YAML.items():
            assert field in cls.NESTED or key in KEY_TYPES, (cls.__name__, key)


@pytest.mark.parametrize("path", V1 + V2, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_examples_pass_the_schema(path: Path) -> None:
    assert list(VALIDATOR.iter_errors(load_yaml(path.read_text()))) == []


@pytest.mark.parametrize("edit", [
    lambda d: d.update({"colour": "red"}),
    lambda d: d["devices"][0].update({"interfacs": []}),
    lambda d: d["devices"][0]["interfaces"][0].update({"arp-proxy": "yes"}),
    lambda d: d["devices"][0]["bgp"].pop("as"),
    lambda d: d["mlag"].update({"mode": "sideways"}),
    lambda d: d.update({"version": 1}),
])
def test_the_schema_refuses_what_the_loader_refuses(edit: Any) -> None:
    doc = v2("bgp-over-mlag.yaml")
    edit(doc)
    assert list(VALIDATOR.iter_errors(doc))
    assert intent_errors(doc)  # the library refuses it too


def test_schema_intent_command_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema-intent"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out) == intent_schema()
    assert out.err == ""


def test_readme_shows_the_yaml_language_server_line() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "# yaml-language-server: $schema=" in readme
    assert "mlag-netconf schema-intent" in readme


def test_intent_error_for_a_non_mapping_mlag_block() -> None:
    doc = v2("bgp-over-mlag.yaml")
    doc["mlag"] = ["dual-active"]
    with pytest.raises(IntentError) as info:
        parse_intent(doc)
    assert (info.value.path, info.value.rule) == ("mlag", "intent-shape")
    assert violations(parse_intent(v2("bgp-over-mlag-vbdif.yaml")).devices[0]) == []
