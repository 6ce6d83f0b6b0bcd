"""The two validators agree: libyang (the optional fast gate) and yangson (pure Python).

``Schema.load(backend="libyang")`` asks libyang first and answers ``[]`` when it
accepts; otherwise yangson produces the findings. So the findings of the two backends
can only differ where libyang accepts a document yangson refuses: these tests look for
such a document over a corpus of good payloads and datastores, hand-made bad ones and
hypothesis mutations of the good ones (values, removed, repeated, renamed and
re-namespaced elements, ``nc:operation`` attributes). They also check that the fast
path is actually taken for every good payload (libyang accepts what yangson accepts).

libyang is an optional extra (``mlag-netconf[fast]``): without it these tests skip,
except in CI (``CI=true``, where ``scripts/test`` installs it) where they fail.
"""

from __future__ import annotations

import os
import sys
from copy import deepcopy
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from mlag_netconf import payload
from mlag_netconf.errors import SchemaError
from mlag_netconf.intent import load_intent
from mlag_netconf.render.check import candidate_for
from mlag_netconf.schema import DEFAULT_YANG_DIR, OPERATIONS, Schema, SchemaIssue
from mlag_netconf.schema.fast import LibyangGate, default_refs, libyang_version

ROOT = Path(__file__).resolve().parents[2]
NC = "urn:ietf:params:xml:ns:netconf:base:1.0"
sys.path[:0] = [str(Path(__file__).resolve().parent), str(ROOT / "bench")]
from bench_schema import device  # noqa: E402  (the benchmark's VLANIF device)
from test_schema import TINY  # noqa: E402  (the tiny module: when, must, leafref, choice)

if libyang_version() is None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("libyang (pip install 'mlag-netconf[fast]') is missing in CI",
                    pytrace=False)
    pytest.skip("libyang is not installed (pip install 'mlag-netconf[fast]')",
                allow_module_level=True)


# ---------------------------------------------------------------------- the corpus
def _edits() -> dict[str, etree._Element]:
    """Every example payload, every golden payload and a 5-VLANIF device."""
    out: dict[str, etree._Element] = {}
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        for name, p in load_intent(example).payloads().items():
            out[f"{example.stem}/{name}"] = p.element()
    for golden in sorted((ROOT / "payloads").glob("*/*.xml")):
        out[f"golden/{golden.parent.name}/{golden.stem}"] = etree.parse(str(golden)).getroot()
    out["bench/5"] = payload(device(5)).element()
    return out


@pytest.fixture(scope="module")
def pure() -> Schema:
    return Schema.load(backend="yangson")


@pytest.fixture(scope="module")
def fast() -> Schema:
    return Schema.load(backend="libyang")


@pytest.fixture(scope="module")
def gate(pure: Schema) -> LibyangGate:
    refs = default_refs(pure.data_model.schema, {m.name: m.namespace for m in pure.modules})
    assert refs  # ifm:vrf-name defaults to '_public_'
    return LibyangGate(DEFAULT_YANG_DIR, [m.name for m in pure.modules], refs)


EDITS = _edits()
_PURE = Schema.load(backend="yangson")
DATASTORES = {name: candidate_for(_PURE, el) for name, el in EDITS.items()}


def agree(pure: Schema, fast: Schema, doc: etree._Element) -> list[SchemaIssue]:
    """Both backends give the same findings, as an edit and as a datastore."""
    edit = pure.check_edit(doc)
    assert fast.check_edit(doc) == edit, etree.tostring(doc)
    whole = pure.validate(doc)
    assert fast.validate(doc) == whole, etree.tostring(doc)
    return edit + whole


# ---------------------------------------------------------------------- basics
def test_backends_are_what_was_asked(pure: Schema, fast: Schema) -> None:
    assert (pure.backend, fast.backend) == ("yangson", "libyang")
    assert Schema.load(backend="libyang") is fast  # cached per backend
    assert fast.data_model is pure.data_model      # one yangson model per folder


def test_unknown_backend_is_a_typed_error() -> None:
    with pytest.raises(SchemaError, match="unknown schema backend 'c'"):
        Schema.load(backend="c")  # type: ignore[arg-type]


def test_libyang_backend_that_cannot_load_is_a_typed_error(tmp_path: Path) -> None:
    # yangson takes this module; libyang refuses the identity-less identityref
    (tmp_path / "odd.yang").write_text(
        'module odd { namespace "urn:odd"; prefix o; leaf x { type string; } '
        'augment "/o:nowhere" { leaf y { type string; } } }', encoding="utf-8")
    with pytest.raises(SchemaError):
        Schema.load(tmp_path, backend="libyang")


@pytest.mark.parametrize("name", sorted(EDITS))
def test_good_payloads_take_the_fast_path(name: str, gate: LibyangGate, pure: Schema,
                                          fast: Schema) -> None:
    edit, data = EDITS[name], DATASTORES[name]
    assert pure.check_edit(edit) == []
    assert pure.validate(data) == []
    assert gate.accepts_edit(edit)
    assert gate.accepts_data(data)
    assert fast.check_edit(edit) == []
    assert fast.validate(data) == []


BAD = [
    # (what, old text, new text): each breaks the golden DeviceA payload
    ("mac pattern", "0000-5e00-0101", "0000-5E00-0101"),
    ("mask", "<mask>255.255.255.0</mask>", "<mask>255.255.255.0.0</mask>"),
    ("enum", "<type>main</type>", "<type>primary</type>"),
    ("enum type", "<na-glean>on</na-glean>", "<na-glean>true</na-glean>"),
    ("as number", "<remote-as>65100</remote-as>", "<remote-as>65536.1</remote-as>"),
    ("unknown element", "<number>100</number>", "<numbr>100</numbr>"),
    ("mandatory", "<remote-as>65100</remote-as>", ""),
    ("leafref", "<local-if-name>Vlanif100</local-if-name>",
     "<local-if-name>Vlanif200</local-if-name>"),
    ("bad operation", "<peer>", '<peer xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" '
     'nc:operation="replaced">'),
    ("missing key", "<name>Vlanif100</name>", ""),
    ("leaf with elements", "<remote-as>65100</remote-as>",
     "<remote-as><x>65100</x></remote-as>"),
    ("state data", "<remote-as>65100</remote-as>", "<remote-as>65100</remote-as>"
     "<peer-state>up</peer-state>"),
]


@pytest.mark.parametrize(("what", "old", "new"), BAD, ids=[b[0] for b in BAD])
def test_bad_payloads_same_findings(what: str, old: str, new: str, pure: Schema,
                                    fast: Schema) -> None:
    text = (ROOT / "payloads" / "bgp-over-mlag" / "DeviceA.xml").read_text()
    assert old in text
    doc = etree.fromstring(text.replace(old, new, 1).encode())
    edit = pure.check_edit(doc)
    whole = pure.validate(candidate_for(pure, doc)) if not edit else []
    assert edit or whole, what  # really bad
    assert agree(pure, fast, doc)
    assert fast.validate(candidate_for(pure, doc)) == pure.validate(candidate_for(pure, doc))


def test_leafref_defaults_are_checked(tmp_path: Path) -> None:
    """libyang leaves a leafref's default value unchecked; yangson does not."""
    (tmp_path / "refs.yang").write_text("""module refs {
      namespace "urn:refs"; prefix r;
      container c {
        list t { key n; leaf n { type string; } }
        leaf abs { type leafref { path "/r:c/r:t/r:n"; } default "q"; }
      }
    }""", encoding="utf-8")
    pure, fast = (Schema.load(tmp_path, backend=b) for b in ("yangson", "libyang"))
    for names, valid in ((["x"], False), (["x", "q"], True), ([], False)):
        entries = "".join(f"<t><n>{n}</n></t>" for n in names)
        doc = etree.fromstring(f'<data><c xmlns="urn:refs">{entries}</c></data>')
        assert (pure.validate(doc) == []) is valid
        assert fast.validate(doc) == pure.validate(doc)
    relative = (tmp_path / "refs.yang").read_text().replace("/r:c/r:t/r:n", "../t/n")
    (tmp_path / "refs.yang").write_text(relative, encoding="utf-8")
    assert default_refs(Schema.load(tmp_path).data_model.schema, {"refs": "urn:refs"}) is None


def test_tiny_module_same_findings(tmp_path: Path) -> None:
    """when / must / leafref / presence / defaults of the tiny module, both ways."""
    (tmp_path / "tiny.yang").write_text(TINY, encoding="utf-8")
    pure, fast = (Schema.load(tmp_path, backend=b) for b in ("yangson", "libyang"))
    ns = "urn:example:tiny"

    def item(extra: str, mask: str = "1.2") -> etree._Element:
        return etree.fromstring(f'<data><top xmlns="{ns}"><item><name>a</name>'
                                f"<mask>{mask}</mask>{extra}</item></top></data>")

    good = [item(""), item("<kind>sub</kind><subby><r>6</r></subby>"),
            item("<flag>true</flag><only-if-flag>x</only-if-flag>"),
            item("<ref>a</ref>"), item("<opt><v>1</v></opt>")]
    bad = [item("", mask="12"), item("<kind>main</kind><subby/>"),
           item("<only-if-flag>x</only-if-flag>"), item("<ref>b</ref>"),
           item("<opt/>"), item("<kind>sub</kind><subby><r>5</r></subby>"),
           item("<num>0</num>"), item("<kind>other</kind>")]
    for doc in good:
        assert pure.validate(doc) == [] == fast.validate(doc)
    for doc in bad:
        assert pure.validate(doc), etree.tostring(doc)
        assert fast.validate(doc) == pure.validate(doc)


# ---------------------------------------------------------------------- mutations
INTERESTING = [
    "", " ", "0", "-1", "1", "+5", " 5 ", "05", "1_0", "0x10", "1e3", "\u0661",
    "4094", "4095", "65535", "65536", "4294967295", "4294967296", "1.1", "65535.65535",
    "65536.1", "0.0", "1.", "1.1.1.1", "256.1.1.1", "10.0.0.1 ", "01.1.1.1",
    "255.255.255.0", "255.0.255.0", "2001:db8::1", "2001:DB8::1", "fe80::1", "::",
    "2001:db8::1%eth0", "24", "32", "33", "64", "128", "129", "true", "false", "TRUE",
    "on", "off", "main", "sub", "ipv4uni", "ipv6uni", "ipv4vpn", "ipv4-unicast",
    "ebgp", "ibgp", "static", "Vlanif100", "Vlanif", "Vbdif10", "LoopBack0", "_public_",
    "0000-5e00-0101", "0000-5E00-0101", "00:00:5e:00:01:01", "x" * 300, "a b", "\t1\n",
]


XML_CHARS = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"),
                          include_characters="\t\n ")


@st.composite
def mutated(draw: st.DrawFn) -> etree._Element:
    base = draw(st.sampled_from(sorted(EDITS)))
    doc = deepcopy(draw(st.sampled_from([EDITS[base], DATASTORES[base]])))
    for _ in range(draw(st.integers(1, 3))):
        elements = [e for e in doc.iter() if isinstance(e.tag, str) and e is not doc]
        leaves = [e for e in elements if len(e) == 0]
        target = draw(st.sampled_from(elements))
        ns, _, local = target.tag[1:].partition("}")
        kind = draw(st.sampled_from(["value", "value", "value", "text", "remove",
                                     "repeat", "rename", "namespace", "operation",
                                     "child"]))
        if kind == "value":
            leaf = draw(st.sampled_from(leaves))
            leaf.text = draw(st.sampled_from(
                INTERESTING + [e.text or "" for e in leaves]))
        elif kind == "text":
            draw(st.sampled_from(leaves)).text = draw(st.text(XML_CHARS, max_size=12))
        elif kind == "remove":
            parent = target.getparent()
            assert parent is not None
            parent.remove(target)
        elif kind == "repeat":
            target.addnext(deepcopy(target))
        elif kind == "rename":
            other = draw(st.sampled_from(elements))
            target.tag = f"{{{ns}}}{other.tag.partition('}')[2]}"
        elif kind == "namespace":
            other = draw(st.sampled_from(elements))
            target.tag = f"{{{other.tag[1:].partition('}')[0]}}}{local}"
        elif kind == "operation":
            target.set(f"{{{NC}}}operation",
                       draw(st.sampled_from([*sorted(OPERATIONS), "bogus", ""])))
        else:
            etree.SubElement(draw(st.sampled_from(leaves)), f"{{{ns}}}x").text = "1"
    return doc


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(doc=mutated())
def test_mutations_same_findings(doc: etree._Element) -> None:
    agree(_PURE, Schema.load(backend="libyang"), doc)
