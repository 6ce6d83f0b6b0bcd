"""The intent invariant (issue 7), checked with hypothesis over mutated intents:

    every input either raises an ``MlagNetconfError`` that names the field, or renders
    payloads -- one per device, and the user side's when the intent names it -- that
    pass ``Payload.validate()`` and yanglint against the vendor modules.

Inputs are the shipped examples (format v1 and v2) mutated as mappings (values replaced
by plausible and implausible ones, keys dropped, added, renamed or repeated, list items
duplicated) and as YAML text (characters, lines and keys edited). ``Payload.validate()``
runs on every accepted case; yanglint (slow: a process per call) on a sample of them.

``MLAG_NETCONF_FUZZ=long`` (or ``scripts/fuzz``) raises the case counts tenfold
(>= 20,000); the default run makes >= 2,000.
"""

from __future__ import annotations

import copy
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlag_netconf.errors import MlagNetconfError, ValidationError, ValidationErrors
from mlag_netconf.intent import loads_intent, parse_intent
from mlag_netconf.intent.loader import load_yaml
from mlag_netconf.intent.spec import join, spec_classes
from mlag_netconf.render import Payload

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "examples").glob("*.yaml")) + sorted((ROOT / "examples" / "v2").glob(
    "*.yaml"))
LONG = os.environ.get("MLAG_NETCONF_FUZZ", "") == "long"
SCALE = 10 if LONG else 1
# default run: 1,200 mapping cases + 800 YAML-text cases = 2,000 (x10 in the long mode)
MAPPING_CASES, TEXT_CASES = 1200 * SCALE, 800 * SCALE
YANGLINT_EVERY = 50 * SCALE  # one accepted case in this many also goes through yanglint

KEYS = sorted({k for cls in spec_classes() for k in cls.YAML.values()})
Loc = tuple[str | int, ...]

PLAUSIBLE = st.sampled_from([
    "10.1.1.9", "10.1.1.2", "10.1.1.0", "10.1.1.255", "10.1.1.9/24", "10.1.1.9 255.255.255.0",
    "10.1.1.9/16", "1.1.1.1/32", "3.3.3.3", "0.0.0.0", "224.0.0.1", "255.255.255.255",
    "2001:db8:1::9", "2001:db8:1::9/64", "2001:db8:1::9 64", "2001:db8:2::9", "fe80::9",
    "fe80::1:2", "fe80::9%eth0", "::", "ff02::1", "2001:db8:1::", "0000-5e00-0101",
    "ffff-ffff-ffff", "00:00:5e:00:01:02", "65001", "65100", "1.10", "4294967295", "0",
    "LoopBack1", "LoopBack2", "Vlanif100", "vlanif 100", "Vbdif10", "Eth-Trunk1",
    "eth-trunk 1.10", "100GE1/0/1.100", "100GE1/0", "vlanif",
    "vbdif", "loopback", "ebgp", "ibgp", "internal", "master", "backup", "dual-active",
    "active-standby", "prune", "true", "CE6820H", "CE6885-LL", "AGG1", "DeviceA", "G",
    "my group", "bad\x01name", "../x", "0144", "0x10", "1_0", "bgp-over-mlag", "mp-ebgp",
])
SCALARS = st.one_of(
    PLAUSIBLE, st.none(), st.booleans(), st.integers(-2, 70000),
    st.integers(-(2**40), 2**40), st.text(max_size=12),
    st.sampled_from([[], {}, ["10.1.1.9"], {"a": 1}, [None], 1.5]).map(copy.deepcopy))


# values an engineer could well write for a key (often valid, sometimes not)
BY_KEY: dict[str, list[object]] = {
    "m-lag-ipv4": ["10.1.1.4", "10.1.1.5/24", "10.1.1.6 255.255.255.0", "172.16.10.7",
                   "172.16.10.8/24", None],
    "m-lag-ipv6": ["2001:db8:1::4", "2001:db8:1::5/64", "2001:db8:1::6 64", None],
    "m-lag-ipv6-link-local": ["fe80::4", "fe80::1:5", None],
    "ipv6": ["2001:db8:1::1/64", ["2001:db8:1::1/64", "2001:db8:2::1/64"], "2001:db8:1::1 64",
             None],
    "ipv6-enable": [True, False],
    "ipv6-link-local": ["fe80::77", None],
    "ipv4": ["10.1.1.1/24", "172.16.10.1/24", "10.1.1.1 255.255.255.0", "1.1.1.1/32",
             "3.3.3.3/32", "10.1.1.100", "172.16.10.200", None],
    "ipv4-secondary": [["10.2.2.1/24"], [], None],
    "virtual-mac": ["0000-5e00-0102", "00:00:5e:00:01:03", None],
    "as": ["65001", 65002, "1.10", "1.1", "65100", "65003"],
    "router-id": ["9.9.9.9", "1.1.1.1", None],
    "role": ["master", "backup", None],
    "mode": ["dual-active", None],
    "arp-proxy": [True, False], "nd-na-glean": [True, False],
    "nd-proxy-route": [True, False, "prune", None],
    "ebgp-max-hop": [2, 255, None, 1],
    "connect-interface": ["LoopBack1", "Eth-Trunk10.100", "100GE1/0/1", None],
    "source-address": ["1.1.1.1", "3.3.3.3", None],
    "families": [{"vpnv4": True, "ipv4-unicast": False}, {"ipv4-unicast": True}, None],
    "platform": ["CE6881", "CE6820H", "CE6885-LL", None],
    "low-latency": [True, False],
    "ignore-primary-sub": [False, True],
    "vni": [5010, 5020, None],
    "type": ["vlanif", "vbdif", "ebgp", "ibgp"],
    "id": [100, 10, 200, 1],
    "group": ["G", None],
    "name": ["DeviceX", "G", "R9", "DeviceC", "DeviceA"],
    "interface": ["Vlanif100", "Vbdif10", "LoopBack1", None],
    "shared-interface": ["Vlanif100", "Vbdif10", "vlanif 200", "LoopBack1", None],
    # format 2's user side: its addresses, or the mapping naming the device
    "user-side": [["10.1.1.100", "2001:db8:1::100"], ["172.16.10.200"], [],
                  {"name": "DeviceC", "as": 65100, "ipv4": "10.1.1.100"},
                  {"name": "Server-Leaf", "as": "1.100", "ipv4": "172.16.10.200",
                   "shared-interface": "Vbdif10"},
                  {"as": 65100, "ipv6": "2001:db8:1::100", "interface": "Vlanif100"}],
}


def _locations(node: object, loc: Loc = ()) -> tuple[list[Loc], list[Loc], list[Loc]]:
    """(scalars, mappings, lists) of the document, as key/index paths."""
    scalars: list[Loc] = []
    mappings: list[Loc] = []
    lists: list[Loc] = []
    children: list[tuple[str | int, object]] = []
    if isinstance(node, dict):
        mappings.append(loc)
        children = list(node.items())
    elif isinstance(node, list):
        lists.append(loc)
        children = list(enumerate(node))
    else:
        scalars.append(loc)
    for k, v in children:
        s, m, li = _locations(v, (*loc, k))
        scalars += s
        mappings += m
        lists += li
    return scalars, mappings, lists


def _at(doc: Any, loc: Loc) -> Any:
    for k in loc:
        doc = doc[k]
    return doc


def _rename(key: str, how: str) -> str:
    return {"upper": key.upper(), "underscore": key.replace("-", "_"),
            "space": f" {key}", "drop-char": key[:-1] or "x"}[how]


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    """One of the examples, with 1..4 mutations of its values, keys and lists."""
    doc: dict[str, Any] = copy.deepcopy(load_yaml(draw(st.sampled_from(SEEDS)).read_text()))
    for _ in range(draw(st.integers(1, 3))):
        scalars, mappings, lists = _locations(doc)
        op = draw(st.sampled_from(["replace"] * 6 + ["drop", "add", "rename", "duplicate",
                                                     "drop-item"]))
        if op == "replace" and scalars:
            loc = draw(st.sampled_from(scalars))
            key = next((k for k in reversed(loc) if isinstance(k, str)), "")
            if loc:
                pool = BY_KEY.get(key)
                value = (draw(st.sampled_from(pool)) if pool and draw(st.integers(0, 3)) else
                         draw(SCALARS))
                _at(doc, loc[:-1])[loc[-1]] = copy.deepcopy(value)
        elif op in ("drop", "add", "rename"):
            where = _at(doc, draw(st.sampled_from(mappings)))
            if op == "add":
                key = draw(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)))
                pool = BY_KEY.get(key)
                where[key] = copy.deepcopy(draw(st.sampled_from(pool)) if pool and draw(
                    st.booleans()) else draw(SCALARS))
            elif where:
                key = draw(st.sampled_from(sorted(where)))
                value = where.pop(key)
                if op == "rename":
                    how = draw(st.sampled_from(["upper", "underscore", "space", "drop-char"]))
                    where[_rename(key, how)] = value
        elif lists:
            items = _at(doc, draw(st.sampled_from(lists)))
            if items:
                i = draw(st.integers(0, len(items) - 1))
                if op == "duplicate":
                    items.append(copy.deepcopy(items[i]))
                else:
                    items.pop(i)
    return doc


YAML_VALUES = st.sampled_from(["0144", "1.10", "yes", "null", "[]", "{a: 1}", "0x10", '"x"',
                               "&a 1", "*a", "!!binary YQ==", "1e3", ".inf", "~", "!!str 5"])


@st.composite
def mutated_text(draw: st.DrawFn) -> str:
    """YAML text: a (mutated) intent dumped, then lines or characters edited."""
    doc = draw(mutated()) if draw(st.booleans()) else load_yaml(
        draw(st.sampled_from(SEEDS)).read_text())
    lines = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True).splitlines()
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["duplicate-line", "drop-line", "char", "indent", "value"]))
        if op == "duplicate-line":
            lines.insert(i, lines[i])  # often a duplicate key
        elif op == "drop-line":
            lines.pop(i)
        elif op == "indent":
            lines[i] = "  " + lines[i]
        elif op == "value" and ": " in lines[i]:
            head = lines[i].split(": ", 1)[0]
            lines[i] = f"{head}: {draw(YAML_VALUES)}"
        else:
            pos = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:pos] + draw(st.sampled_from(
                [":", "-", "[", "{", "#", "'", '"', "\t", "\x00", "é", " ", "9"])) + lines[i][pos:]
        if not lines:
            break
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- checking
def _paths(node: object, path: str = "") -> set[str]:
    out = {path}
    if isinstance(node, dict):
        for k, v in node.items():
            out |= _paths(v, join(path, str(k)))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out |= _paths(v, f"{path}[{i}]")
    return out


def names_a_field(path: str, doc: object) -> bool:
    """``path`` is a path of the document, or a known key under one of its mappings."""
    if doc is None:
        return True
    paths = _paths(doc)
    parent, _, last = path.rpartition(".")
    return path in paths or (parent in paths and last in KEYS)


_counter = {"accepted": 0, "yanglint": 0}


def holds(run: Any, doc: object) -> None:
    """The invariant for one input: ``run()`` parses it (``doc`` is its mapping, when
    known, to check the error paths against)."""
    try:
        intent = run()
        result = intent.payloads()
    except MlagNetconfError as e:
        errors = list(e) if isinstance(e, ValidationErrors) else [e]
        assert errors
        for err in errors:
            assert isinstance(err, ValidationError), repr(err)
            assert err.rule, repr(err)
            assert str(err).startswith(f"{err.path}: " if err.path else err.rule), str(err)
            if err.path:
                assert names_a_field(err.path, doc), (str(err), doc)
            else:  # no path: the whole document is at fault
                assert err.rule in {"yaml-syntax", "intent-shape", "intent-encoding"}, str(err)
        return
    names = [d.name for d in intent.devices]
    assert list(result) == names  # one payload per device, none dropped
    assert len(set(names)) == len(names)
    extra = intent.extra_payloads()  # the user side, when the intent names it
    assert list(extra) == ([intent.user_side.name] if intent.user_side is not None else [])
    assert not set(extra) & set(names)
    result = {**result, **extra}
    for name, p in result.items():
        assert isinstance(p, Payload)
        assert p.device == name
        p.validate()
    _counter["accepted"] += 1
    if _counter["accepted"] % YANGLINT_EVERY == 1:
        _counter["yanglint"] += 1
        for p in result.values():
            yanglint(p)


def yanglint(p: Payload) -> None:
    from yanglint_check import need_yanglint, yanglint_command

    need_yanglint()
    fragment = Path(os.environ.get("TMPDIR", "/tmp")) / f"mlag-netconf-fuzz-{os.getpid()}.xml"
    fragment.write_text(p.fragment())
    run = subprocess.run(yanglint_command(fragment), capture_output=True, text=True,
                         check=False)
    fragment.unlink()
    assert run.returncode == 0, (run.stderr, p.xml)
    assert "err" not in run.stderr.lower(), (run.stderr, p.xml)


SUPPRESS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]


@settings(max_examples=MAPPING_CASES, deadline=None, database=None,
          suppress_health_check=SUPPRESS)
@given(doc=mutated())
def test_every_mutated_mapping_is_a_named_error_or_valid_payloads(doc: dict[str, Any]) -> None:
    holds(lambda: parse_intent(doc), doc)


@settings(max_examples=TEXT_CASES, deadline=None, database=None,
          suppress_health_check=SUPPRESS)
@given(text=mutated_text())
def test_every_mutated_yaml_text_is_a_named_error_or_valid_payloads(text: str) -> None:
    try:
        doc = load_yaml(text)
    except MlagNetconfError:
        doc = None
    holds(lambda: loads_intent(text), doc)


def test_the_runs_accepted_and_linted_some_cases() -> None:
    """The invariant tests above exercised both branches (run after them, in this file)."""
    assert _counter["accepted"] >= 20
    assert _counter["yanglint"] >= 1


def _bad(name: str) -> Payload:
    return Payload(name, "<config xmlns='urn:ietf:params:xml:ns:netconf:base:1.0'>"
                         "<x xmlns='urn:x'/></config>", ())


def test_the_invariant_can_fail() -> None:
    """An invalid payload does not pass ``holds``: a member's, or the user side's."""
    seed = parse_intent(load_yaml(SEEDS[0].read_text()))
    assert seed.user_side is not None

    class Broken:
        devices = seed.devices
        user_side = seed.user_side

        def payloads(self) -> dict[str, Payload]:
            return {d.name: _bad(d.name) for d in self.devices}

        def extra_payloads(self) -> dict[str, Payload]:
            return seed.extra_payloads()

    class BrokenUserSide(Broken):
        def payloads(self) -> dict[str, Payload]:
            return seed.payloads()

        def extra_payloads(self) -> dict[str, Payload]:
            assert seed.user_side is not None
            return {seed.user_side.name: _bad(seed.user_side.name)}

    with pytest.raises(MlagNetconfError):
        holds(Broken, None)
    with pytest.raises(MlagNetconfError):
        holds(BrokenUserSide, None)
    holds(lambda: seed, None)  # the seed itself passes

    def raw() -> None:
        raise ValueError("a raw traceback")

    with pytest.raises(ValueError, match="raw traceback"):
        holds(raw, None)
