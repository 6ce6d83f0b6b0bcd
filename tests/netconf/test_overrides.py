"""Registry override files: loading with typed errors naming file and field, the payload
transformation, and the node kinds the tree walks get from an override (no server)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from mlag_netconf import Payload
from mlag_netconf.model import Device, vlanif
from mlag_netconf.namespaces import EXT, NC_OPERATION
from mlag_netconf.netconf.tree import read_filter, removal, reverse
from mlag_netconf.render import render_device
from mlag_netconf.render.overrides import DevicePayload, OverrideError, RegistryOverride
from mlag_netconf.xmltree import local_name

from .test_gap_model import OVERRIDE, TGM

BASE: dict[str, Any] = yaml.safe_load(OVERRIDE)


def _with(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    change(data)
    return data


def _feature(data: dict[str, Any], name: str = "interface.mlag-ipv4") -> dict[str, Any]:
    value: dict[str, Any] = data["features"][name]
    return value


BAD = [
    ("not a mapping", lambda d: d.clear() or d.update({"x": 1}), "x", "unknown-key"),
    ("no features", lambda d: d.pop("features"), "features", "override-shape"),
    ("vendor feature", lambda d: d["features"].update({"bgp.peer": {}}),
     "features.bgp.peer", "override-feature"),
    ("unknown feature", lambda d: d["features"].update({"interface.nope": {}}),
     "features.interface.nope", "override-feature"),
    ("relative path", lambda d: _feature(d).update(path="ifm:ifm"),
     "features.interface.mlag-ipv4.path", "override-path"),
    ("bad step", lambda d: _feature(d).update(path="/ifm:ifm/interfaces"),
     "features.interface.mlag-ipv4.path", "override-path"),
    ("unknown prefix", lambda d: _feature(d).update(path="/zz:ifm"),
     "features.interface.mlag-ipv4.path", "override-prefix"),
    ("project gap module", lambda d: _feature(d).update(path="/mnx:m-lag-ipv4"),
     "features.interface.mlag-ipv4.path", "override-prefix"),
    ("gap namespace", lambda d: d["modules"]["tgm"].update(namespace=EXT),
     "modules.tgm.namespace", "override-module"),
    ("module without name", lambda d: d["modules"]["tgm"].pop("name"),
     "modules.tgm.name", "override-module"),
    ("leaf missing", lambda d: _feature(d)["leaves"].pop("mask"),
     "features.interface.mlag-ipv4.leaves.mask", "override-leaf"),
    ("unknown leaf", lambda d: _feature(d)["leaves"].update(gateway="gw"),
     "features.interface.mlag-ipv4.leaves.gateway", "override-leaf"),
    ("leaf not a name", lambda d: _feature(d)["leaves"].update(mask="a b"),
     "features.interface.mlag-ipv4.leaves.mask", "override-leaf"),
    ("key source missing", lambda d: _feature(d).pop("keys"),
     "features.interface.mlag-ipv4.keys.address", "override-key"),
    ("key source unknown", lambda d: _feature(d).update(keys={"address": "gateway"}),
     "features.interface.mlag-ipv4.keys.address", "override-key"),
    ("key not in path", lambda d: _feature(d).update(keys={"vrf": "ip"}),
     "features.interface.mlag-ipv4.keys.vrf", "override-key"),
    ("presence not bool", lambda d: _feature(d).update(presence="yes"),
     "features.interface.mlag-ipv4.presence", "boolean"),
    ("unknown feature key", lambda d: _feature(d).update(xpath="/x"),
     "features.interface.mlag-ipv4.xpath", "unknown-key"),
    ("a list here, a container there",
     lambda d: _feature(d, "interface.mlag-ipv6").update(
         path="/ifm:ifm/ifm:interfaces/ifm:interface[name]/tgm:mlag-addresses"
              "/tgm:ipv4-address"),
     "features.interface.mlag-ipv6.path", "override-path"),
]


@pytest.mark.parametrize(("change", "field", "rule"), [b[1:] for b in BAD],
                         ids=[b[0] for b in BAD])
def test_a_bad_file_names_file_field_and_rule(tmp_path: Path, change: Any, field: str,
                                              rule: str) -> None:
    path = tmp_path / "override.yaml"
    path.write_text(yaml.safe_dump(_with(change)), encoding="utf-8")
    with pytest.raises(OverrideError) as info:
        RegistryOverride.load(path)
    assert (info.value.file, info.value.field, info.value.rule) == (str(path), field, rule)
    assert str(info.value).startswith(f"{path}: {field}: {rule}: ")


def test_unreadable_and_malformed_files(tmp_path: Path) -> None:
    with pytest.raises(OverrideError) as info:
        RegistryOverride.load(tmp_path / "missing.yaml")
    assert info.value.rule == "override-file"
    assert "missing.yaml" in str(info.value)
    bad = tmp_path / "bad.yaml"
    bad.write_text("features: [\n", encoding="utf-8")
    with pytest.raises(OverrideError) as info:
        RegistryOverride.load(bad)
    assert (info.value.file, info.value.rule) == (str(bad), "yaml-syntax")
    bad.write_text("- a list\n", encoding="utf-8")
    with pytest.raises(OverrideError, match="override-shape"):
        RegistryOverride.load(bad)


# --------------------------------------------------------------------------- transform
def test_apply_moves_every_gap_element_and_keeps_the_rest(payload: Payload) -> None:
    override = RegistryOverride.from_dict(BASE, "t.yaml")
    before = payload.xml
    mapped = override.apply(payload)
    assert payload.xml == before                                   # pure
    assert isinstance(mapped, DevicePayload)
    assert override.apply(mapped) is mapped
    assert EXT not in mapped.xml
    assert "mlag-netconf-ext" in payload.modules
    assert "mlag-netconf-ext" not in mapped.modules
    assert "test-gap-m-lag" in mapped.modules
    assert mapped.features == payload.features
    assert mapped.gap_features == payload.gap_features
    caps = [f"urn:x?module={m}" for m in payload.modules if m != "mlag-netconf-ext"]
    assert mapped.missing_modules(caps) == ("test-gap-m-lag",)
    assert payload.missing_modules(caps) == ("mlag-netconf-ext",)
    assert mapped.cli() == payload.cli()                           # the intent's view
    mapped.validate()                                              # the rendered payload's
    # everything that is not a gap node is where it was
    keep = [e for e in payload.element().iter() if isinstance(e.tag, str) and EXT not in e.tag]
    kept = [e for e in mapped.element().iter() if isinstance(e.tag, str) and TGM not in e.tag]
    assert [(e.tag, (e.text or "").strip()) for e in keep] == [
        (e.tag, (e.text or "").strip()) for e in kept]


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=2, max_value=254), st.integers(min_value=1, max_value=4094),
       st.booleans())
def test_apply_carries_each_value_to_its_device_leaf(host: int, vlan: int, v6: bool) -> None:
    override = RegistryOverride.from_dict(BASE, "t.yaml")
    kwargs: dict[str, Any] = {"ipv4": "10.9.0.1/24", "mlag_ipv4": f"10.9.0.{host}"} \
        if host != 1 else {}
    if v6:
        kwargs.update(ipv6="2001:db8:9::1/64", mlag_ipv6=f"2001:db8:9::{host:x}")
    p = render_device(Device("A", interfaces=[vlanif(vlan, **kwargs)]))
    mapped = override.apply(p).element()
    entry = mapped.find(f".//{{{TGM}}}ipv4-address")
    assert entry is not None
    assert [local_name(c) for c in entry] == ["address", "netmask"]       # key first
    assert entry.findtext(f"{{{TGM}}}address") == f"10.9.0.{host}"
    assert entry.getparent() is not None
    iface = entry.getparent().getparent()  # type: ignore[union-attr]
    assert iface is not None
    assert iface.findtext("{*}name") == f"Vlanif{vlan}"
    global6 = mapped.findtext(f".//{{{TGM}}}global-address")
    assert global6 == (f"2001:db8:9::{host:x}" if v6 else None)


def test_a_payload_without_gap_features_is_unchanged_in_content() -> None:
    override = RegistryOverride.from_dict(BASE, "t.yaml")
    p = render_device(Device("A", interfaces=[vlanif(100, ipv4="10.1.1.1/24")]))
    assert override.apply(p).xml == p.xml


# --------------------------------------------------------------------------- node kinds
def test_the_overlay_gives_the_tree_walks_the_devices_node_kinds(payload: Payload) -> None:
    override = RegistryOverride.from_dict(BASE, "t.yaml")
    mapped = override.apply(payload).element()
    schema = override.schema()
    snapshot = copy.deepcopy(mapped)   # the device before: the interface, no gap node
    for e in [e for e in snapshot.iter() if isinstance(e.tag, str) and TGM in e.tag]:
        parent = e.getparent()
        if parent is not None and e in parent:
            parent.remove(e)
    gone = reverse(mapped, snapshot, schema)
    entry = gone.find(f".//{{{TGM}}}ipv4-address")
    assert entry is not None
    assert entry.get(NC_OPERATION) == "remove"
    assert [local_name(c) for c in entry] == ["address"]                 # by its key
    v6 = gone.find(f".//{{{TGM}}}ipv6")
    assert v6 is not None
    assert v6.get(NC_OPERATION) is None
    assert {c.get(NC_OPERATION) for c in v6} == {"remove"}               # leaf by leaf
    flt = read_filter(mapped, schema).find(f".//{{{TGM}}}ipv4-address")
    assert flt is not None
    assert flt.findtext(f"{{{TGM}}}address") == "10.1.1.2"
    # without the overlay the project's YANG cannot know the device's list key
    blind = reverse(mapped, snapshot, None).find(f".//{{{TGM}}}ipv4-address")
    assert blind is not None
    assert blind.get(NC_OPERATION) != "remove"
    assert removal(mapped, schema).find(f".//{{{TGM}}}ipv4-address") is None  # with its
    # interface: the entry the payload creates goes as a whole


def test_presence_is_carried_to_the_overlay() -> None:
    data = _with(lambda d: _feature(d, "interface.mlag-ipv6").update(presence=True))
    data["features"]["interface.mlag-ipv6-link-local"]["presence"] = True
    override = RegistryOverride.from_dict(data, "t.yaml")
    node = override.schema().node_at([
        ("urn:huawei:yang:huawei-ifm", "ifm"), ("urn:huawei:yang:huawei-ifm", "interfaces"),
        ("urn:huawei:yang:huawei-ifm", "interface"), (TGM, "mlag-addresses"), (TGM, "ipv6")])
    assert node is not None
    assert node.presence
    assert node.kind == "container"
