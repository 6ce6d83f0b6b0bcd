"""Payload.validate(): the YANG check before anything is sent (project yang/ modules)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlag_netconf import Payload, PayloadInvalid, ValidationErrors
from mlag_netconf.intent import load_intent
from mlag_netconf.render.check import candidate_for
from mlag_netconf.schema import Schema

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "payloads" / "bgp-over-mlag" / "DeviceA.xml"


@pytest.mark.parametrize("example", sorted((ROOT / "examples").glob("*.yaml")),
                         ids=lambda p: p.stem)
def test_example_payloads_validate(example: Path) -> None:
    for payload in load_intent(example).payloads().values():
        assert payload.validate() is payload


def _broken(old: str, new: str) -> Payload:
    text = GOLDEN.read_text()
    assert old in text
    return Payload("DeviceA", text.replace(old, new, 1), ())


def _rules(exc: pytest.ExceptionInfo[BaseException]) -> set[str]:
    err = exc.value
    if isinstance(err, ValidationErrors):
        return {e.rule for e in err}
    assert isinstance(err, PayloadInvalid)
    return {err.rule}


@pytest.mark.parametrize(("old", "new", "rule"), [
    ("0000-5e00-0101", "0000-5E00-0101", "invalid-value"),          # MAC pattern, lower only
    ("<mask>255.255.255.0</mask>", "<mask>255.255.255.0.0</mask>", "invalid-value"),
    ("<type>main</type>", "<type>primary</type>", "invalid-value"),    # enum
    ("<na-glean>on</na-glean>", "<na-glean>true</na-glean>", "invalid-value"),
    ("<remote-as>65100</remote-as>", "<remote-as>65536.1</remote-as>", "invalid-value"),
    ("<number>100</number>", "<numbr>100</numbr>", "unknown-element"),
])
def test_edit_check_rejects(old: str, new: str, rule: str) -> None:
    with pytest.raises((PayloadInvalid, ValidationErrors)) as exc:
        _broken(old, new).validate()
    assert any(r.startswith(rule) for r in _rules(exc)), _rules(exc)


@pytest.mark.parametrize(("old", "new", "rule"), [
    # a peer without remote-as (mandatory)
    ("<remote-as>65100</remote-as>", "", "data-missing"),
    # connect-interface that is not an interface of the device (leafref)
    ("<local-if-name>Vlanif100</local-if-name>", "<local-if-name>Vlanif200</local-if-name>",
     "data-missing"),
])
def test_full_check_rejects(old: str, new: str, rule: str) -> None:
    with pytest.raises((PayloadInvalid, ValidationErrors)) as exc:
        _broken(old, new).validate()
    assert any(r.startswith(rule) for r in _rules(exc)), _rules(exc)


def test_error_names_the_path() -> None:
    with pytest.raises((PayloadInvalid, ValidationErrors)) as exc:
        _broken("0000-5e00-0101", "0000-5E00-0101").validate()
    err = exc.value
    first = next(iter(err)) if isinstance(err, ValidationErrors) else err
    assert isinstance(first, PayloadInvalid)
    assert "mac-address" in first.path


def test_candidate_includes_device_generated_nodes() -> None:
    payload = Payload.from_file(GOLDEN)
    data = candidate_for(Schema.load(), payload.element())
    text = Payload.from_element("x", data).xml
    assert "<type>ipv4-unicast</type>" in text      # l3vpn family of _public_
    assert text.count("<name>_public_</name>") == 1  # merged, not duplicated


def test_missing_modules_against_the_simulators_hello() -> None:
    """A device advertising the project's modules takes every golden payload; one without
    mlag-netconf-ext is reported as missing it (the gap features must not be sent)."""
    from mlag_netconf.sim import DeviceSpec, SimulatedNetwork

    payload = load_intent(ROOT / "examples" / "bgp-over-mlag.yaml").payloads()["DeviceA"]
    assert payload.gap_features
    with SimulatedNetwork(["Full"]) as net, net["Full"].connect() as m:
        full = list(m.server_capabilities)
    assert payload.missing_modules(full) == ()
    vendor_only = [c for c in full if "module=mlag-netconf-ext" not in c]
    assert payload.missing_modules(vendor_only) == ("mlag-netconf-ext",)
    with SimulatedNetwork([DeviceSpec("Vendor", capabilities=tuple(vendor_only))]) as net, \
            net["Vendor"].connect() as m:
        assert payload.missing_modules(list(m.server_capabilities)) == ("mlag-netconf-ext",)
