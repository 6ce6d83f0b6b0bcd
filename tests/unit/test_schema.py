"""mlag_netconf.schema: loading, node lookup, validate() and check_edit().

The first part uses a tiny module written to a temporary folder (it pins down the
mechanics); the second part uses the project's own ``yang/`` folder and the payload
snippets of YANG-PATHS.md.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from lxml import etree

from mlag_netconf.errors import SchemaError
from mlag_netconf.schema import DEFAULT_YANG_DIR, Schema, SchemaIssue

TINY = """
module tiny {
  yang-version 1.1;
  namespace "urn:example:tiny";
  prefix t;
  revision 2024-01-01 { description "Test module."; }
  feature fancy;
  container top {
    must "count(item[kind='main']) <= 1" { error-message "at most one main item"; }
    list item {
      key "name";
      leaf name { type string { length "1..10"; } }
      leaf mask { type string { pattern '[0-9]+\\.[0-9]+'; } mandatory true; }
      leaf kind { type enumeration { enum main; enum sub; } }
      leaf num { type uint8 { range "1..100"; } }
      leaf ref { type leafref { path "../../item/name"; } }
      leaf flag { type boolean; default false; }
      leaf only-if-flag { type string; when "../flag = 'true'"; }
      container opt { presence "optional"; leaf v { type int32; mandatory true; } }
      container np { leaf d { type string; default "x"; } }
    }
  }
  augment "/t:top/t:item" {
    when "t:kind = 'sub'";
    container subby {
      leaf q { type string; default "qq"; }
      leaf r { type uint8; must ". > 5"; }
    }
  }
}
"""
NS = "urn:example:tiny"
NC = "urn:ietf:params:xml:ns:netconf:base:1.0"


def xml(text: str) -> etree._Element:
    return etree.fromstring(text)


def data(body: str) -> etree._Element:
    return xml(f'<data xmlns:nc="{NC}"><top xmlns="{NS}">{body}</top></data>')


def item(name: str, mask: str = "1.2", extra: str = "") -> str:
    return f"<item><name>{name}</name><mask>{mask}</mask>{extra}</item>"


def tags(issues: list[SchemaIssue]) -> list[tuple[str, str | None]]:
    return [(i.tag, i.app_tag) for i in issues]


@pytest.fixture
def tiny(tmp_path: Path) -> Schema:
    (tmp_path / "tiny.yang").write_text(TINY, encoding="utf-8")
    return Schema.load(tmp_path)


# --------------------------------------------------------------------------- loading
def test_load_is_cached_per_folder_and_file_state(tmp_path: Path) -> None:
    (tmp_path / "tiny.yang").write_text(TINY, encoding="utf-8")
    first = Schema.load(tmp_path)
    assert Schema.load(str(tmp_path)) is first
    (tmp_path / "tiny.yang").write_text(TINY.replace("2024-01-01", "2024-02-02"),
                                        encoding="utf-8")
    second = Schema.load(tmp_path)
    assert second is not first
    assert second.modules[0].revision == "2024-02-02"


def test_modules_and_capabilities(tiny: Schema) -> None:
    (info,) = tiny.modules
    assert (info.name, info.revision, info.namespace, info.prefix) == (
        "tiny", "2024-01-01", NS, "t")
    assert info.features == ("fancy",)
    assert tiny.capabilities() == [
        f"{NS}?module=tiny&revision=2024-01-01&features=fancy"]
    assert "module tiny" in tiny.module_text("tiny")
    assert "module tiny" in tiny.module_text("tiny", "2024-01-01")
    with pytest.raises(KeyError):
        tiny.module_text("tiny", "1999-01-01")
    with pytest.raises(KeyError):
        tiny.module_text("nope")


def test_broken_module_raises_schema_error(tmp_path: Path) -> None:
    (tmp_path / "bad.yang").write_text("module bad { namespace", encoding="utf-8")
    with pytest.raises(SchemaError):
        Schema.load(tmp_path)


def test_unresolvable_import_raises_schema_error(tmp_path: Path) -> None:
    (tmp_path / "imp.yang").write_text(
        'module imp { namespace "urn:imp"; prefix i; import missing { prefix m; } }',
        encoding="utf-8")
    with pytest.raises(SchemaError):
        Schema.load(tmp_path)


def test_empty_folder_raises_schema_error(tmp_path: Path) -> None:
    with pytest.raises(SchemaError):
        Schema.load(tmp_path)


# --------------------------------------------------------------------------- nodes
def test_child_and_node_at(tiny: Schema) -> None:
    top = tiny.child(None, NS, "top")
    assert top is not None
    assert top.kind == "container"
    assert not top.presence
    lst = tiny.child(top, NS, "item")
    assert lst is not None
    assert lst.kind == "list"
    assert lst.keys == ("name",)
    assert lst.path == ((NS, "top"), (NS, "item"))
    assert tiny.node_at(lst.path) == lst
    flag = tiny.child(lst, NS, "flag")
    assert flag is not None
    assert flag.kind == "leaf"
    assert flag.default == "false"
    assert flag.type == "boolean"
    opt = tiny.child(lst, NS, "opt")
    assert opt is not None
    assert opt.presence
    assert tiny.child(lst, NS, "subby") is not None  # augment with a when
    assert tiny.child(lst, NS, "nope") is None
    assert tiny.child(lst, "urn:other", "name") is None
    assert tiny.child(flag, NS, "x") is None
    assert tiny.node_at([(NS, "top"), (NS, "nope"), (NS, "x")]) is None
    names = [c.name for c in tiny.children(lst)]
    assert names[:3] == ["name", "mask", "kind"]
    assert "subby" in names


# --------------------------------------------------------------------------- validate
def test_valid_document(tiny: Schema) -> None:
    doc = data(item("a", extra="<kind>main</kind>") + item("b", extra="<ref>a</ref>"))
    assert tiny.validate(doc) == []


def test_empty_document_is_valid(tiny: Schema) -> None:
    assert tiny.validate(xml("<data/>")) == []


def test_syntax_errors_are_all_collected(tiny: Schema) -> None:
    doc = xml(f"""<data><top xmlns="{NS}">
      <item><name>a</name><mask>12</mask><kind>mian</kind><num>300</num><bogus/></item>
      <item><mask>1.1</mask></item>
      <item><name>c</name><mask>1.1</mask><num>x</num><flag>yes</flag></item>
    </top><x xmlns="urn:nowhere"/></data>""")
    issues = tiny.validate(doc)
    by_path = {i.path: i for i in issues}
    assert by_path["/t:top/item[name='a']/mask"].tag == "invalid-value"
    assert by_path["/t:top/item[name='a']/kind"].tag == "invalid-value"
    assert by_path["/t:top/item[name='a']/num"].tag == "invalid-value"
    assert by_path["/t:top/item[name='a']/bogus"].tag == "unknown-element"
    assert by_path["/t:top/item[name='a']/bogus"].element == "bogus"
    assert by_path["/t:top/item"].tag == "missing-element"
    assert by_path["/t:top/item"].element == "name"
    assert by_path["/t:top/item[name='c']/num"].tag == "invalid-value"
    assert by_path["/t:top/item[name='c']/flag"].tag == "invalid-value"
    assert by_path["/x"].tag == "unknown-namespace"
    assert len(issues) == 8


def test_semantic_errors_are_collected(tiny: Schema) -> None:
    doc = data("<item><name>a</name><kind>main</kind><ref>zz</ref>"
               "<only-if-flag>q</only-if-flag><opt/></item>"
               + item("b", extra="<kind>main</kind>"))
    issues = tiny.validate(doc)
    found = {(i.path, i.tag, i.app_tag) for i in issues}
    assert found == {
        ("/t:top", "operation-failed", "must-violation"),
        ("/t:top/item[name='a']/only-if-flag", "unknown-element", None),
        ("/t:top/item[name='a']/mask", "data-missing", "instance-required"),
        ("/t:top/item[name='a']/ref", "data-missing", "instance-required"),
        ("/t:top/item[name='a']/opt/v", "data-missing", "instance-required"),
    }
    must = next(i for i in issues if i.app_tag == "must-violation")
    assert must.message == "at most one main item"


def test_when_on_augment_does_not_add_defaults_where_false(tiny: Schema) -> None:
    # subby (defaults inside) only exists for kind='sub': no false "not allowed"
    assert tiny.validate(data(item("a") + item("b", extra="<kind>sub</kind>"))) == []
    issues = tiny.validate(data(item("a", extra="<subby/>")))
    assert tags(issues) == [("unknown-element", None)]
    assert issues[0].path == "/t:top/item[name='a']/subby"


def test_must_inside_conditional_container(tiny: Schema) -> None:
    issues = tiny.validate(data(item("a", extra="<kind>sub</kind><subby><r>3</r></subby>")))
    assert tags(issues) == [("operation-failed", "must-violation")]
    assert issues[0].path == "/t:top/item[name='a']/subby/r"


def test_defaults_are_seen_by_when(tiny: Schema) -> None:
    issues = tiny.validate(data(item("a", extra="<flag>true</flag><only-if-flag>q</only-if-flag>")))
    assert issues == []


def test_duplicate_keys(tiny: Schema) -> None:
    issues = tiny.validate(data(item("a") + item("a")))
    assert tags(issues) == [("operation-failed", "data-not-unique")]


def test_odd_documents_do_not_raise(tiny: Schema) -> None:
    doc = data("<!-- c --><item><name>a</name><mask>1.1</mask>text<np>z</np>"
               "<flag><x/></flag></item>")
    issues = tiny.validate(doc)
    assert tags(issues) == [("bad-element", None)]
    assert tiny.validate(xml(f'<data><top xmlns="{NS}"><top/></top></data>'))[0].tag == (
        "unknown-element")


# --------------------------------------------------------------------------- check_edit
def test_check_edit_accepts_partial_and_delete(tiny: Schema) -> None:
    cfg = xml(f"""<config xmlns="{NC}"><top xmlns="{NS}">
      <item xmlns:nc="{NC}" nc:operation="delete"><name>a</name></item>
      <item><name>b</name><num xmlns:nc="{NC}" nc:operation="remove"/></item>
      <item><name>c</name><ref>nowhere</ref><only-if-flag>q</only-if-flag></item>
    </top></config>""")
    assert tiny.check_edit(cfg) == []


def test_check_edit_rejects(tiny: Schema) -> None:
    cfg = xml(f"""<config xmlns="{NC}" xmlns:nc="{NC}"><top xmlns="{NS}">
      <item nc:operation="destroy"><name>a</name></item>
      <item><num>0</num></item>
      <item><name>b</name><nope/><num nc:operation="merge"/></item>
    </top></config>""")
    issues = tiny.check_edit(cfg)
    assert sorted(tags(issues)) == [("bad-attribute", None), ("invalid-value", None),
                                    ("invalid-value", None), ("missing-element", None),
                                    ("unknown-element", None)]


# --------------------------------------------------------------------------- project yang/
def test_default_yang_dir_is_the_repository_folder() -> None:
    assert DEFAULT_YANG_DIR.name in ("yang", "_yang")


def test_validate_is_fast_on_reuse(tiny: Schema) -> None:
    doc = data("".join(item(f"i{n}", extra=f"<num>{n + 1}</num>") for n in range(50)))
    tiny.validate(doc)
    start = time.perf_counter()
    assert tiny.validate(doc) == []
    assert time.perf_counter() - start < 1.0
