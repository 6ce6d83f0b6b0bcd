"""The ``ce-v300`` profile's hello and module set, checked against the facts in
``../shared/HUAWEI-NETCONF.md`` (a captured CE6866 hello and the V300 guide), and the
hello deciding the session's mode."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
from lxml import etree

from mlag_netconf.sim import (
    DeviceSpec,
    MlagModule,
    ModuleSet,
    Profile,
    SimulatedDevice,
    SimulatedNetwork,
)

from .helpers import NC, cfg, close_quietly, rpc_error, top, user

FACTS = Path(__file__).resolve().parents[2].parent / "shared" / "HUAWEI-NETCONF.md"
CAP = "urn:ietf:params:netconf:capability:"
PRIVATE = "http://www.huawei.com/netconf/capability/"
EXT_NS = "urn:mlag-netconf:yang:mlag-netconf-ext"
DEVICE_NS = "urn:mlag-netconf:sim:device-m-lag"


def _hello_section() -> str:
    text = FACTS.read_text(encoding="utf-8")
    return text.split("## Hello and modules", 1)[1].split("\n## ", 1)[0]


def _modules(caps: list[str]) -> dict[str, dict[str, str]]:
    """module name -> its capability parameters (revision, deviations...)."""
    found = {}
    for cap in caps:
        if "?module=" in cap:
            params = {k: v[0] for k, v in parse_qs(cap.split("?", 1)[1]).items()}
            found[params["module"]] = params
    return found


@pytest.fixture(scope="module")
def device() -> Iterator[SimulatedDevice]:
    with SimulatedNetwork(["CE6866"]) as net:
        yield net["CE6866"]


@pytest.fixture(scope="module")
def hello(device: SimulatedDevice) -> list[str]:
    """The capabilities a stock ncclient session receives."""
    with device.connect() as m:
        return list(m.server_capabilities)


# ---------------------------------------------------------------- capability by capability
def _named_capabilities() -> list[tuple[str, tuple[str, ...]]]:
    """(``:name``, versions) for every ``:name`` the facts list in the hello bullet."""
    first = _hello_section().split("\n- ", 2)[1]
    named: list[tuple[str, tuple[str, ...]]] = []
    for match in re.finditer(r"`:([a-z-]+)`( 1\.0 and 1\.1)?", first):
        named.append((match.group(1), ("1.0", "1.1") if match.group(2) else ("1.0",)))
    return named


def test_the_facts_name_the_capabilities() -> None:
    names = [n for n, _ in _named_capabilities()]
    assert {"writable-running", "candidate", "confirmed-commit", "validate", "startup", "url",
            "xpath", "notification", "interleave", "with-defaults"} <= set(names)


@pytest.mark.parametrize(("name", "versions"), _named_capabilities(),
                         ids=[n for n, _ in _named_capabilities()])
def test_netconf_capability_advertised(hello: list[str], name: str,
                                       versions: tuple[str, ...]) -> None:
    for version in versions:
        uri = f"{CAP}{name}:{version}"
        assert any(c == uri or c.startswith(uri + "?") for c in hello), uri


def test_base_1_0_and_1_1(hello: list[str]) -> None:
    assert "base 1.0 and 1.1" in _hello_section()
    assert {"urn:ietf:params:netconf:base:1.0", "urn:ietf:params:netconf:base:1.1"} <= set(hello)


def test_with_defaults_modes_as_documented(hello: list[str]) -> None:
    assert "basic mode `report-all`, also `report-all-tagged`, `trim`" in _hello_section()
    (uri,) = [c for c in hello if c.startswith(f"{CAP}with-defaults:1.0")]
    params = parse_qs(uri.split("?", 1)[1])
    assert params["basic-mode"] == ["report-all"]
    assert params["also-supported"] == ["report-all-tagged,trim"]


def test_yang_library_with_a_module_set_id(hello: list[str]) -> None:
    assert "ietf-yang-library\n  (2016-06-21, with a module-set-id)" in _hello_section()
    (uri,) = [c for c in hello if c.startswith(f"{CAP}yang-library:1.0")]
    params = parse_qs(uri.split("?", 1)[1])
    assert params["revision"] == ["2016-06-21"]
    assert params["module-set-id"][0].isdigit()


def test_monitoring_module_advertised(hello: list[str]) -> None:
    assert "ietf-netconf-monitoring" in _hello_section()
    assert _modules(hello)["ietf-netconf-monitoring"]["revision"] == "2010-10-04"


def _private_names() -> list[str]:
    match = re.search(r"\(`http://www\.huawei\.com/netconf/capability/\.\.\.`: ([^)]*)\)",
                      _hello_section().replace("\n  ", " "))
    assert match is not None
    return [n.strip() for n in match.group(1).split(",")]


@pytest.mark.parametrize("name", _private_names())
def test_huawei_private_capability_advertised(hello: list[str], name: str) -> None:
    assert any(c.startswith(f"{PRIVATE}{name}/") for c in hello), name


# ---------------------------------------------------------------- module by module
def _named_modules() -> list[tuple[str, str | None]]:
    section = re.sub(r"\s+", " ", _hello_section())
    named = {m.group(1): m.group(2) for m in
             re.finditer(r"`?(huawei-[a-z0-9-]+)`? \(?(\d{4}-\d{2}-\d{2})\)?", section)}
    named.update(dict.fromkeys(re.findall(r"`(huawei-m-lag-notification)`", section)))
    return sorted(named.items())


def test_the_facts_name_modules() -> None:
    assert dict(_named_modules()) == {
        "huawei-bgp": "2021-02-03", "huawei-ifm": "2021-01-25", "huawei-ip": "2020-06-30",
        "huawei-m-lag": "2020-06-02", "huawei-m-lag-notification": None}


@pytest.mark.parametrize(("module", "revision"), _named_modules())
def test_module_advertised_as_on_the_ce6866(hello: list[str], module: str,
                                            revision: str | None) -> None:
    params = _modules(hello)[module]
    if revision is not None:
        assert params["revision"] == revision
        assert params["deviations"] == f"{module}-deviations-CE6866"
        assert f"{module}-deviations-CE6866" in _modules(hello)


def test_every_loaded_huawei_module_has_its_deviation_module(hello: list[str]) -> None:
    modules = _modules(hello)
    loaded = [n for n, p in modules.items() if n.startswith("huawei-")
              and "deviations" in p]
    assert len(loaded) >= 10
    for name in loaded:
        assert modules[name]["deviations"] in modules


def test_gap_module_advertised_by_default(hello: list[str]) -> None:
    assert "mlag-netconf-ext" in _modules(hello)
    assert "sim-device-m-lag" not in _modules(hello)


def test_get_schema_answers_the_advertised_revision(device: SimulatedDevice) -> None:
    with device.connect() as m:
        text = m.get_schema("huawei-ip", version="2020-06-30").data
        assert "module huawei-ip" in str(text)
        state = etree.fromstring(m.get(filter=("subtree", (
            '<netconf-state xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring">'
            "<schemas/></netconf-state>"))).xml.encode())
    versions = {s.findtext("{*}identifier"): s.findtext("{*}version")
                for s in state.iter("{*}schema")}
    assert versions["huawei-ip"] == "2020-06-30"


def test_advertised_only_module_has_no_schema_text(device: SimulatedDevice) -> None:
    with device.connect() as m, rpc_error("invalid-value"):
        m.get_schema("huawei-m-lag")


# ---------------------------------------------------------------- module set per device
def test_module_set_per_device() -> None:
    plain = Profile.ce_v300(modules=ModuleSet(revisions={}, deviations=False, advertised=()))
    device_style = Profile.ce_v300(mlag="sim-device-m-lag")
    specs = [DeviceSpec("gap"), DeviceSpec("plain", profile=plain),
             DeviceSpec("styled", profile=device_style),
             DeviceSpec("none", profile=Profile.ce_v300(mlag=MlagModule.NONE))]
    with SimulatedNetwork(specs) as net:
        modules = {d.name: _modules(d.capabilities) for d in net}
    assert modules["gap"]["huawei-ifm"]["revision"] == "2021-01-25"
    assert modules["plain"]["huawei-ifm"]["revision"] == "2022-08-06"  # the file's
    assert "deviations" not in modules["plain"]["huawei-ifm"]
    assert "huawei-m-lag" not in modules["plain"]
    assert "mlag-netconf-ext" in modules["plain"]
    assert "mlag-netconf-ext" not in modules["styled"]
    assert modules["styled"]["sim-device-m-lag"]["revision"] == "2026-11-23"
    assert not {"mlag-netconf-ext", "sim-device-m-lag"} & set(modules["none"])


def _vlanif(inner: str) -> str:
    return ('<ifm xmlns="urn:huawei:yang:huawei-ifm"><interfaces><interface>'
            f"<name>Vlanif100</name>{inner}</interface></interfaces></ifm>")


def test_device_style_module_holds_the_mlag_addresses() -> None:
    """The registry-override path: the addresses at another path, in another module."""
    styled = _vlanif(f'<m-lag-address xmlns="{DEVICE_NS}"><ipv4><address>10.1.1.2</address>'
                     "<mask>255.255.255.0</mask></ipv4></m-lag-address>")
    gap = _vlanif('<ipv4 xmlns="urn:huawei:yang:huawei-ip">'
                  f'<m-lag-ipv4 xmlns="{EXT_NS}"><ip>10.1.1.2</ip><mask>255.255.255.0</mask>'
                  "</m-lag-ipv4></ipv4>")
    with SimulatedNetwork(["sw"], profile=Profile.ce_v300(mlag="sim-device-m-lag")) as net:
        m = net["sw"].connect()
        try:
            m.edit_config(target="candidate", config=cfg(styled))
            m.commit()
            got = etree.fromstring(m.get_config("running").xml.encode())
            assert got.xpath("//d:m-lag-address/d:ipv4/d:address/text()",
                             namespaces={"d": DEVICE_NS}) == ["10.1.1.2"]
            with rpc_error("unknown-namespace"):
                m.edit_config(target="candidate", config=cfg(gap))
        finally:
            close_quietly(m)


# ---------------------------------------------------------------- the hello decides the mode
@pytest.fixture
def sim(ce: SimulatedDevice) -> SimulatedDevice:
    return ce


def _connect(device: SimulatedDevice, handler: str | None) -> Any:
    return device.connect(device_params={"name": handler} if handler else None)


@pytest.mark.parametrize("handler", [None, "huaweiyang"])
def test_base_hello_selects_the_yang_mode(sim: SimulatedDevice, handler: str | None) -> None:
    m = _connect(sim, handler)
    try:
        m.edit_config(target="candidate", config=cfg(top(user("a"))))
        m.commit()
    finally:
        close_quietly(m)


def test_private_hello_refuses_yang_edits(sim: SimulatedDevice) -> None:
    """ncclient's ``huawei`` handler names Huawei's private capabilities: the device
    selects its private-schema mode, where the YANG namespaces are unknown."""
    m = _connect(sim, "huawei")
    try:
        with rpc_error("unknown-namespace") as err:
            m.edit_config(target="candidate", config=cfg(top(user("a"))))
        first = err.value
        assert first.type == "protocol"
        assert first.app_tag == "319"
        info = etree.fromstring(str(first.info).encode())
        assert info.findtext(f"{{{NC}}}bad-namespace") == "urn:mlag-netconf:test:sim-test"
        assert info.findtext(f"{{{NC}}}bad-element") == "top"
        assert etree.fromstring(m.get_config("candidate").xml.encode()).find(
            f".//{{{NC}}}data") is not None
    finally:
        close_quietly(m)
