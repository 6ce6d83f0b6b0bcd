"""Every feature's paths (data form, request form, prefixed or not) locate that feature,
and the builder path they map to is one the origin table of an intent resolves."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlag_netconf import load_intent
from mlag_netconf.namespaces import module_by_namespace
from mlag_netconf.render.locate import locate, model_path
from mlag_netconf.render.registry import FEATURES, Feature

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def path_of(feature: Feature, leaf: str | None, *, prefixed: bool, request: bool) -> str:
    parts = []
    for i, step in enumerate(feature.steps):
        prefix = f"{module_by_namespace(step.namespace).prefix}:" if prefixed else ""
        key = (f"[{prefix}{step.key}='k{i}']" if step.key else "")
        parts.append(f"{prefix}{step.local}{key}")
    if leaf is not None:
        parts.append(leaf.split(":")[-1])
    head = "/nc:rpc/nc:edit-config/nc:config/" if request else "/"
    return head + "/".join(parts)


CASES = [(f.name, leaf) for f in FEATURES.values() for leaf in (None, *f.leaves)]


@pytest.mark.parametrize(("name", "leaf"), CASES)
@pytest.mark.parametrize("form", ["data", "prefixed", "request"])
def test_every_feature_path_locates_its_feature(name: str, leaf: str | None, form: str) -> None:
    feature = FEATURES[name]
    path = path_of(feature, leaf, prefixed=form != "data", request=form == "request")
    found = locate(path)
    assert found is not None, path
    siblings = {f.name for f in FEATURES.values() if f.path == feature.path}
    if leaf is None:
        assert found.feature in siblings
    else:
        assert found.feature == name, path
        assert found.leaf == leaf.split(":")[-1]
    assert len(found.keys) == sum(1 for s in feature.steps if s.key)


@pytest.mark.parametrize("path", ["", "/", "/foo:bar/baz", "not a path[", "/ifm:ifm"])
def test_paths_outside_every_feature(path: str) -> None:
    assert model_path("D", locate(path)) is None


def test_device_errors_map_to_intent_fields() -> None:
    intent = load_intent(EXAMPLES / "bgp-over-mlag.yaml")
    iface = "/ifm:ifm/interfaces/interface[name='Vlanif100']"
    peer = ("/ni:network-instance/instances/instance[name='_public_']/bgp:bgp/base-process"
            "/peers/peer[address='{}']/{}")
    assert intent.field_for("DeviceA", f"{iface}/ip:ipv4/mnx:m-lag-ipv4/ip") == \
        "members[0].m-lag-ipv4"
    assert intent.field_for("DeviceB", f"{iface}/ip:ipv6/mnx:m-lag-ipv6/link-local") == \
        "members[1].m-lag-ipv6-link-local"
    assert intent.field_for("DeviceA", f"{iface}/mac-address") == "interface.virtual-mac"
    assert intent.field_for("DeviceB", peer.format("10.1.1.100", "local-if-address")) == \
        "members[1].m-lag-ipv4"
    assert intent.field_for("DeviceA", "/bgp:bgp/base-process/as") == "members[0].as"
    assert intent.field_for("DeviceA", "/foo:bar") is None
