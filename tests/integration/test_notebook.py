"""The tutorial notebook, executed against the embedded simulator and exported to HTML
with nbconvert, looked at the way a reader sees it: the structure each object renders is
searched for in the exported page, not only in ``_repr_html_`` strings."""

from __future__ import annotations

import json
import re
import runpy
from pathlib import Path
from typing import Any

import nbformat
import pytest
from lxml import html as lxml_html
from nbclient import NotebookClient
from nbconvert import HTMLExporter

from mlag_netconf.render import FEATURES

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "tutorial.ipynb"
Page = Any  # an lxml.html element

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def executed() -> Any:
    nb = nbformat.read(NOTEBOOK, as_version=4)  # type: ignore[no-untyped-call]
    client = NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT)}})
    client.execute()
    return nb


@pytest.fixture(scope="module")
def exported(executed: Any, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The executed notebook as nbconvert's HTML page (also written to a file)."""
    body: str = HTMLExporter().from_notebook_node(executed)[0]  # type: ignore[no-untyped-call]
    (tmp_path_factory.mktemp("tutorial") / "tutorial.html").write_text(body, encoding="utf-8")
    return body


@pytest.fixture(scope="module")
def page(exported: str) -> Page:
    return lxml_html.fromstring(exported)


def outputs(nb: Any) -> list[tuple[Any, Any]]:
    return [(c, o) for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def by_class(page: Page, tag: str, cls: str) -> list[Any]:
    found: list[Any] = page.xpath(
        f"//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]")
    return found


def headers(table: Any) -> list[str]:
    return [th.text_content().strip() for th in table.xpath("./thead/tr/th")]


def text(node: Any) -> str:
    return " ".join(node.text_content().split())


def row(tr: Any) -> str:
    """A table row's cells, each as its text, joined by a space."""
    return " ".join(text(td) for td in tr.xpath("./td"))


# --------------------------------------------------------------------------- the run
def test_it_runs_and_fails_only_where_it_says_so(executed: Any) -> None:
    errors = [(c, o) for c, o in outputs(executed) if o.output_type == "error"]
    assert [o.ename for _, o in errors] == ["TransactionError"]
    assert [c.metadata.get("tags") for c, _ in errors] == [["raises-exception"]]


def test_every_push_goes_through_the_library(executed: Any) -> None:
    source = "\n".join(c.source for c in executed.cells if c.cell_type == "code")
    assert "apply_all(" in source
    assert "plan(" in source
    for raw in ("ncclient", ".connect(", "edit_config", "m.commit", "lock("):
        assert raw not in source, raw


def test_plain_reprs_are_short(executed: Any) -> None:
    plain = [o.data["text/plain"] for _, o in outputs(executed)
             if o.output_type == "execute_result" and "text/plain" in o.get("data", {})]
    plain += [o.text for _, o in outputs(executed) if o.output_type == "stream"]
    assert plain
    for t in plain:
        assert "None" not in t
        assert "xml=" not in t
        assert "origins" not in t
        assert "\\n" not in t
        for line in t.splitlines():
            assert len(line) <= 200, line
    assert "Payload('DeviceB', 14 features, 2 gap, 101 lines)" in "".join(plain)
    assert "Intent('bgp-over-mlag', 'DeviceA', 'DeviceB')" in plain


# --------------------------------------------------------------------------- the page
def test_payload_header_table(page: Page) -> None:
    heads = by_class(page, "table", "mn-payload-header")
    assert heads
    rows = {tr.xpath("./th")[0].text_content(): text(tr.xpath("./td")[0])
            for tr in heads[0].xpath(".//tr")}
    assert rows["device"] == "DeviceB"
    assert "huawei-bgp" in rows["modules"]
    assert "mlag-netconf-ext" in rows["modules"]
    assert rows["features"].startswith("14: vlan, interface,")


def test_gap_warning_lists_the_seed_commands(page: Page) -> None:
    box = by_class(page, "div", "mn-gap")[0]
    assert "not in the public Huawei YANG model" in text(box)
    table = by_class(box, "table", "mn-gap-commands")[0]
    assert headers(table) == ["feature", "seed command", "in this payload"]
    rows = [[text(td) for td in tr.xpath("./td")] for tr in table.xpath("./tbody/tr")]
    assert rows == [
        ["interface.mlag-ipv4", FEATURES["interface.mlag-ipv4"].cli,
         "m-lag ip address 10.1.1.3 255.255.255.0"],
        ["interface.mlag-ipv6", FEATURES["interface.mlag-ipv6"].cli,
         "m-lag ipv6 address 2001:db8:1::3/64"]]


def test_xml_is_folded_monospaced_and_highlighted(page: Page) -> None:
    sections = by_class(page, "details", "mn-xml-section")
    assert sections
    for section in sections:
        assert section.get("open") is None
        pre = by_class(section, "pre", "mn-xml")[0]
        style = pre.get("style")
        assert "monospace" in style
        assert "white-space: pre" in style
    pre = by_class(sections[0], "pre", "mn-xml")[0]
    assert pre.text_content().startswith('<config xmlns="urn:ietf:params:xml:ns:netconf')
    marked = [m.text_content() for m in pre.xpath(".//span[contains(@title, 'mlag-netconf-ext')]")]
    assert marked == gap_lines(pre.text_content())
    assert len(marked) == 8  # <m-lag-ipv4> and <m-lag-ipv6>, four lines each


def gap_lines(xml: str) -> list[str]:
    """The lines of the gap module's elements in pretty-printed payload text."""
    out, closing = [], None
    for line in xml.splitlines(keepends=True):
        if closing is None and 'xmlns="urn:mlag-netconf:yang:mlag-netconf-ext"' in line:
            name = line.split("<", 1)[1].split()[0]
            closing = None if f"</{name}>" in line else f"</{name}>"
            out.append(line)
        elif closing is not None:
            out.append(line)
            if closing in line:
                closing = None
    return out


def test_devices_and_pairs_are_tables(page: Page) -> None:
    interfaces = by_class(page, "table", "mn-interfaces")
    assert headers(interfaces[0])[:3] == ["interface", "L2", "IPv4"]
    assert any("ARP routed" in text(t) for t in interfaces)
    peers = by_class(page, "table", "mn-peers")
    assert {"peer", "AS", "source", "families"} <= set(headers(peers[0]))
    assert any("vpnv4" in text(t) and "ipv4-unicast off" in text(t) for t in peers)
    pair = by_class(page, "table", "mn-pair")[0]
    labels = {text(tr.xpath("./td")[0]): text(tr.xpath("./td")[3])
              for tr in pair.xpath("./tbody/tr")}
    assert labels["Vlanif100 M-LAG IPv4"].startswith("≠ must differ")
    assert labels["router-id"].startswith("≠ must differ")
    assert labels["Vlanif100 primary IPv4"].startswith("= must match")
    assert labels["BGP AS"].startswith("= must match")


def test_plans_diffs_and_results(page: Page) -> None:
    plan = by_class(page, "table", "mn-plan")[0]
    assert headers(plan) == ["device", "added", "changed", "removed", ""]
    diff = by_class(page, "table", "mn-diff")[0]
    rows = [row(tr) for tr in diff.xpath("./tbody/tr")]
    assert "+ added mask  255.255.255.0" in rows  # kind, leaf, old (none), new
    assert any(r.startswith("/ifm:ifm/interfaces/interface[name='Vlanif100']") for r in rows)
    results = by_class(page, "table", "mn-result")
    assert headers(results[0]) == ["device", "state", "changed", "failed", "step", "error",
                                   "recovery"]
    states = [[text(td) for td in tr.xpath("./td")][:5] for t in results
              for tr in t.xpath("./tbody/tr")]
    assert ["DeviceA", "restored", "no", "no", ""] in states
    assert ["DeviceB", "unchanged", "no", "yes", "confirm"] in states
    assert ["DeviceB", "configured", "yes", "no", ""] in states


def test_errors_are_tables_root_cause_first(page: Page) -> None:
    tables = by_class(page, "table", "mn-errors")
    assert tables
    assert all(headers(t) == ["path", "rule", "message"] for t in tables)
    first = [[text(td) for td in tr.xpath("./td")] for tr in tables[0].xpath("./tbody/tr")]
    assert [r[1] for r in first] == ["mlag-ipv4-unique", "mlag-ipv4-unique",
                                     "bgp-connect-interface-source-owned",
                                     "bgp-mlag-peer-source"]
    rows = [row(tr) for t in tables for tr in t.xpath("./tbody/tr")]
    assert "DeviceB · confirm operation-failed/918 commit failed (injected)" in rows
    assert any("write-once" in r and "65001 to 65002" in r for r in rows)


def test_a_raised_error_shows_its_table_above_the_traceback(executed: Any) -> None:
    cell = next(c for c in executed.cells if "raises-exception" in c.metadata.get("tags", []))
    kinds = [o.output_type for o in cell.outputs]
    assert kinds == ["display_data", "error"]
    assert "mn-errors" in cell.outputs[0].data["text/html"]


def test_the_rules_catalogue_is_grouped_by_section(page: Page) -> None:
    table = by_class(page, "table", "mn-rules")[0]
    sections = [text(tr.xpath("./td")[0]) for tr in table.xpath("./tbody/tr")]
    titled = [s for s in sections if s]
    assert titled[0] == "1. M-LAG mode and roles"
    assert "14. Cross-member" in titled
    assert len(titled) == len(set(titled))


def test_the_notebook_on_disk_is_what_the_script_writes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "notebooks").mkdir()
    monkeypatch.chdir(tmp_path)
    runpy.run_path(str(ROOT / "scripts" / "build_tutorial.py"), run_name="__main__")
    written = json.loads((tmp_path / "notebooks" / "tutorial.ipynb").read_text())
    assert written == json.loads(NOTEBOOK.read_text(encoding="utf-8"))


def test_no_markup_is_escaped_twice(exported: str) -> None:
    """A view's own tags arrive as tags: none shows as text (``&lt;table``...)."""
    assert by_class(lxml_html.fromstring(exported), "div", "mlag-netconf")
    assert not re.findall(r"&lt;(?:table|tr|td|span|div|pre|details|code)\b", exported)
