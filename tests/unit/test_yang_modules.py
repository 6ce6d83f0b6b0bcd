"""The project's own YANG modules in ``yang/``.

- ``pyang --strict`` accepts every one of them;
- every data node of the compact Huawei subsets exists in the public vendor modules at
  the same schema path, with the same keyword, keys, presence, mandatory, default and
  max-elements, the same built-in type, a value space inside the vendor's (ranges,
  lengths, patterns, enums checked by probing with pyang's own type checks), the same
  leafref target, and only ``must``/``when`` conditions the vendor node also has;
- yanglint loads the vendor set + ``mlag-netconf-ext`` + the libyang fix-up, and
  accepts an edit fragment carrying the M-LAG nodes (imports bound to the vendor files).

The vendor modules (Apache-2.0, tests only) live in ``../shared/huawei-yang/8.22.0``
relative to the repository root; the tests that need them are skipped without them.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pyang import context, error, repository

ROOT = Path(__file__).resolve().parents[2]
YANG = ROOT / "yang"
VENDOR = (ROOT.parent / "shared" / "huawei-yang" / "8.22.0").resolve()
FIXUPS = YANG / "vendor-validation" / "libyang-fixups.yang"
EXT_MODULE = "mlag-netconf-ext"
SUBSETS = ("huawei-ifm", "huawei-ip", "huawei-arp", "huawei-ipv6-nd", "huawei-bgp",
           "huawei-network-instance", "huawei-l3vpn", "huawei-vlan", "huawei-bd",
           "huawei-nvo3")
DATA_KEYWORDS = ("container", "list", "leaf", "leaf-list", "anydata", "anyxml")

needs_vendor = pytest.mark.skipif(
    not VENDOR.is_dir(), reason=f"vendor YANG modules not found at {VENDOR}")
needs_yanglint = pytest.mark.skipif(
    shutil.which("yanglint") is None, reason="yanglint (Debian libyang2-tools) not installed")
needs_pyang_cli = pytest.mark.skipif(
    shutil.which("pyang") is None, reason="pyang command not installed")


# =========================================================================== pyang --strict
def run_pyang_strict(folder: Path, files: list[Path]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["pyang", "--strict", "-p", str(folder), *map(str, files)],
                          capture_output=True, text=True, check=False, timeout=120)


@needs_pyang_cli
def test_pyang_strict_accepts_every_module() -> None:
    files = sorted(YANG.glob("*.yang"))
    assert {f.stem for f in files} >= {*SUBSETS, EXT_MODULE}
    result = run_pyang_strict(YANG, files)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout + result.stderr == ""


@needs_pyang_cli
def test_pyang_strict_can_fail(tmp_path: Path) -> None:
    bad = tmp_path / "broken.yang"
    bad.write_text('module broken { namespace "urn:x"; prefix b; leaf x { type int9; } }',
                   encoding="utf-8")
    assert run_pyang_strict(tmp_path, [bad]).returncode != 0


# =========================================================================== pyang API
def load_modules(search: Path, names: tuple[str, ...]) -> context.Context:
    """Parse and validate ``names`` (files ``<name>.yang`` in ``search``) with pyang."""
    ctx = context.Context(repository.FileRepository(str(search), use_env=False))
    for name in names:
        path = search / f"{name}.yang"
        assert ctx.add_module(str(path), path.read_text(encoding="utf-8")) is not None, name
    ctx.validate()
    errors = [e for e in ctx.errors if error.is_error(error.err_level(e[1]))]
    assert not errors, [error.err_to_str(tag, args) for _, tag, args in errors]
    return ctx


Path_ = tuple[tuple[str, str], ...]


def data_nodes(ctx: context.Context, names: tuple[str, ...]) -> dict[Path_, Any]:
    """Every data node reachable from the modules' top levels, by data path.

    A path step is ``(module name, identifier)``; choices and cases do not appear.
    """
    found: dict[Path_, Any] = {}

    def walk(stmt: Any, path: Path_) -> None:
        for child in getattr(stmt, "i_children", ()):
            if child.keyword in ("choice", "case"):
                walk(child, path)
            elif child.keyword in DATA_KEYWORDS:
                cpath = (*path, (child.i_module.i_modulename, child.arg))
                found.setdefault(cpath, child)
                walk(child, cpath)

    for name in names:
        walk(ctx.get_module(name), ())
    return found


def type_chain(type_stmt: Any) -> Iterator[Any]:
    """The ``type`` statement and those of the typedefs it derives from, outermost first."""
    t = type_stmt
    while t is not None:
        yield t
        typedef = getattr(t, "i_typedef", None)
        t = typedef.search_one("type") if typedef is not None else None


def base_type(type_stmt: Any) -> str:
    return str(list(type_chain(type_stmt))[-1].arg)


def enum_names(type_stmt: Any) -> set[str]:
    for t in type_chain(type_stmt):
        enums = t.search("enum")
        if enums:
            return {e.arg for e in enums}
    return set()


def own_patterns(type_stmt: Any) -> list[str]:
    return [p.arg for t in type_chain(type_stmt) for p in t.search("pattern")]


def accepts(stmt: Any, text: str) -> bool:
    """Does the leaf's type (pyang's own checker) accept ``text``?"""
    spec = stmt.search_one("type").i_type_spec
    errors: list[Any] = []
    val = spec.str_to_val(errors, stmt.pos, text, stmt.i_module)
    if val is None or errors:
        return False
    return bool(spec.validate(errors, stmt.pos, val, stmt.i_module)) and not errors


_PRINTABLE = [chr(c) for c in range(32, 127)]


def _class_member(items: list[Any], ch: str) -> bool:
    from re import _constants as c  # type: ignore[attr-defined]

    negate = False
    hit = False
    for op, av in items:
        if op is c.NEGATE:
            negate = True
        elif op is c.LITERAL:
            hit |= ch == chr(av)
        elif op is c.RANGE:
            hit |= av[0] <= ord(ch) <= av[1]
        elif op is c.CATEGORY:
            hit |= bool(re.fullmatch({c.CATEGORY_DIGIT: r"\d", c.CATEGORY_SPACE: r"\s",
                                      c.CATEGORY_WORD: r"\w"}.get(av, "(?!)"), ch))
    return hit != negate


def _generate(tokens: Any, rnd: random.Random) -> str:
    """One random string matching a parsed (simple) regular expression."""
    from re import _constants as c  # type: ignore[attr-defined]

    out: list[str] = []
    for op, av in tokens:
        if op is c.LITERAL:
            out.append(chr(av))
        elif op is c.NOT_LITERAL:
            out.append(rnd.choice([x for x in _PRINTABLE if x != chr(av)]))
        elif op is c.ANY:
            out.append(rnd.choice(_PRINTABLE))
        elif op is c.IN:
            out.append(rnd.choice([x for x in _PRINTABLE if _class_member(av, x)]))
        elif op is c.BRANCH:
            out.append(_generate(rnd.choice(av[1]), rnd))
        elif op is c.SUBPATTERN:
            out.append(_generate(av[3], rnd))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            low, high, sub = av
            high = low + 4 if high is c.MAXREPEAT else high
            out.extend(_generate(sub, rnd) for _ in range(rnd.randint(low, high)))
        # anchors and the like add nothing
    return "".join(out)


def pattern_samples(patterns: list[str], count: int = 300) -> list[str]:
    from re import _parser  # type: ignore[attr-defined]

    rnd = random.Random(7)
    parsed = _parser.parse(patterns[0])
    return [_generate(parsed, rnd) for _ in range(count)]


def probes(node: Any) -> list[str]:
    """Candidate values for a leaf of the project subset."""
    type_stmt = node.search_one("type")
    base = base_type(type_stmt)
    values: list[str] = []
    if base in ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"):
        spec = type_stmt.i_type_spec
        low, high = int(spec.min), int(spec.max)
        rnd = random.Random(3)
        values = [str(v) for v in (low - 1, low, low + 1, high - 1, high, high + 1)]
        values += [str(rnd.randint(low, high)) for _ in range(50)]
    elif base == "enumeration":
        values = sorted(enum_names(type_stmt))
    elif base == "boolean":
        values = ["true", "false"]
    elif base == "string":
        patterns = own_patterns(type_stmt)
        values = pattern_samples(patterns) if patterns else ["a", "a" * 31, "a" * 47]
        values += ["1", "1.1", "1.0.5", "65535.65535", "4294967295", "255.255.255.0",
                   "0000-5e00-0101", "1/0/1", "LEAF", "a b"]
    return values


@dataclass(frozen=True)
class Problem:
    path: str
    what: str

    def __str__(self) -> str:
        return f"{self.path}: {self.what}"


def _norm_xpath(text: str) -> str:
    text = re.sub(r"[\w.-]+:(?=[\w.-])", "", text)  # drop prefixes
    return re.sub(r"\s+", "", text).replace('"', "'")


def _conditions(node: Any) -> set[str]:
    conds = {"must " + _norm_xpath(m.arg) for m in node.search("must")}
    uses = getattr(node, "i_uses", None) or []
    holders = [node, getattr(node, "i_augment", None), *uses]
    for holder in holders:
        when = holder.search_one("when") if holder is not None else None
        if when is not None:
            conds.add("when " + _norm_xpath(when.arg))
    return conds


def _arg(node: Any, keyword: str) -> str | None:
    sub = node.search_one(keyword)
    return None if sub is None else str(sub.arg)


def _leafref_target(node: Any) -> str | None:
    ptr = getattr(node, "i_leafref_ptr", None)
    if not ptr:
        return None
    target = ptr[0]
    steps = []
    while target is not None and target.keyword != "module":
        if target.keyword in DATA_KEYWORDS:
            steps.append(f"{target.i_module.i_modulename}:{target.arg}")
        target = target.parent
    return "/" + "/".join(reversed(steps))


def compare_node(mine: Any, theirs: Any | None, where: str) -> list[Problem]:
    """How the project node ``mine`` differs from the vendor node ``theirs``."""
    if theirs is None:
        return [Problem(where, "no such data node in the vendor modules")]
    out: list[Problem] = []

    def check(ok: bool, what: str) -> None:
        if not ok:
            out.append(Problem(where, what))

    check(mine.keyword == theirs.keyword, f"keyword {mine.keyword} != {theirs.keyword}")
    check(_arg(mine, "key") == _arg(theirs, "key"),
          f"keys {_arg(mine, 'key')} != {_arg(theirs, 'key')}")
    check((mine.search_one("presence") is None) == (theirs.search_one("presence") is None),
          "presence differs")
    check(_arg(mine, "mandatory") == _arg(theirs, "mandatory"),
          f"mandatory {_arg(mine, 'mandatory')} != {_arg(theirs, 'mandatory')}")
    for bound in ("min-elements", "max-elements"):
        check(_arg(mine, bound) == _arg(theirs, bound), f"{bound} differs")
    check(_arg(mine, "default") == _arg(theirs, "default"),
          f"default {_arg(mine, 'default')} != {_arg(theirs, 'default')}")
    check(getattr(mine, "i_config", True) == getattr(theirs, "i_config", True),
          "config differs")
    extra = _conditions(mine) - _conditions(theirs)
    check(not extra, f"conditions not in the vendor model: {sorted(extra)}")
    if mine.keyword in ("leaf", "leaf-list"):
        out += compare_types(mine, theirs, where)
    return out


def _same_typedef(mt: Any, tt: Any) -> bool:
    """Both leaves use the same typedef of the same module, neither restricting it."""
    mdef, tdef = getattr(mt, "i_typedef", None), getattr(tt, "i_typedef", None)
    if mdef is None or tdef is None or mt.substmts or tt.substmts:
        return False
    return bool(mdef.arg == tdef.arg
                and mdef.i_module.i_modulename == tdef.i_module.i_modulename)


def compare_types(mine: Any, theirs: Any, where: str) -> list[Problem]:
    mt, tt = mine.search_one("type"), theirs.search_one("type")
    if base_type(mt) != base_type(tt):
        return [Problem(where, f"type {base_type(mt)} != {base_type(tt)}")]
    if base_type(mt) == "leafref":
        mine_to, their_to = _leafref_target(mine), _leafref_target(theirs)
        ok = mine_to == their_to
        return [] if ok else [Problem(where, f"leafref to {mine_to} != {their_to}")]
    if _same_typedef(mt, tt):
        return []  # e.g. both inet:ipv6-address-no-zone, unrestricted: the same value space
    if base_type(mt) == "enumeration":
        extra = enum_names(mt) - enum_names(tt)
        return [Problem(where, f"enum values not in the vendor model: {sorted(extra)}")] if (
            extra) else []
    values = probes(mine)
    taken = [v for v in values if accepts(mine, v)]
    if values and not taken:
        return [Problem(where, "no probe value is valid for the project type")]
    wrong = [v for v in taken if not accepts(theirs, v)]
    if wrong:
        return [Problem(where, f"accepts values the vendor type rejects: {wrong[:5]}")]
    return []


def compare_to_vendor(mine_dir: Path, vendor_dir: Path,
                      vendor_ctx: context.Context | None = None) -> list[Problem]:
    """Every difference between the project subsets in ``mine_dir`` and the vendor set."""
    mine_ctx = load_modules(mine_dir, SUBSETS)
    vendor_ctx = vendor_ctx or load_modules(vendor_dir, SUBSETS)
    theirs = data_nodes(vendor_ctx, SUBSETS)
    problems: list[Problem] = []
    for path, node in data_nodes(mine_ctx, SUBSETS).items():
        if any(module == EXT_MODULE for module, _ in path):
            continue
        where = "/" + "/".join(f"{m}:{n}" for m, n in path)
        problems += compare_node(node, theirs.get(path), where)
    return problems


@pytest.fixture(scope="module")
def vendor_ctx() -> context.Context:
    if not VENDOR.is_dir():
        pytest.skip(f"vendor YANG modules not found at {VENDOR}")
    return load_modules(VENDOR, SUBSETS)


@needs_vendor
@pytest.mark.slow
def test_every_subset_node_matches_the_vendor_model(vendor_ctx: context.Context) -> None:
    problems = compare_to_vendor(YANG, VENDOR, vendor_ctx)
    assert not problems, "\n".join(map(str, problems))


@needs_vendor
def test_subsets_cover_what_the_library_emits() -> None:
    nodes = data_nodes(load_modules(YANG, SUBSETS), SUBSETS)
    paths = {"/".join(n for _, n in p) for p in nodes}
    base = "network-instance/instances/instance/bgp/base-process"
    for expected in (
        "ifm/interfaces/interface/mac-address",
        "ifm/interfaces/interface/ipv4/addresses/address/mask",
        "ifm/interfaces/interface/ipv6/nd-collection/proxys/route-proxy",
        "ifm/interfaces/interface/arp-entry/local-proxy-enable",
        f"{base}/peers/peer/afs/af/ipv4-unicast",
        f"{base}/peer-groups/peer-group/ebgp-max-hop",
        "bd/instances/instance/nvo3/vni-list/vni",
    ):
        assert expected in paths, expected


WRONG_EDITS = {
    # file: (old, new, expected problem fragment)
    "huawei-vlan.yang": ('range "1..4094"', 'range "1..5000"', "vendor type rejects"),
    "huawei-bd.yang": ('key "id"', 'key "id mac-learn-style"', "keys"),
    "huawei-ip.yang": ("mandatory true;\n            description\n              \"Its mask.",
                       "description\n              \"Its mask.", "mandatory"),
    "huawei-l3vpn.yang": ("enum ipv6-unicast {", "enum ipv6-multicast {", "enum values"),
    "huawei-network-instance.yang": ("leaf as-notation-plain {", "leaf as-notation {",
                                     "no such data node"),
    "huawei-arp.yang": ("when \"../../ifm:type='Vbdif'\";", "when \"../../ifm:type='Vlanif'\";",
                        "conditions"),
    "huawei-ifm.yang": ("pattern '([0-9a-f]{4}-){2}[0-9a-f]{4}';",
                        "pattern '([0-9a-fA-F]{4}-){2}[0-9a-fA-F]{4}';", "vendor type rejects"),
    "huawei-bgp.yang": ('default "1";', 'default "2";', "default"),
}


@needs_vendor
@pytest.mark.slow
def test_comparison_rejects_wrong_modules(tmp_path: Path, vendor_ctx: context.Context) -> None:
    for f in YANG.glob("*.yang"):
        text = f.read_text(encoding="utf-8")
        if f.name in WRONG_EDITS:
            old, new, _ = WRONG_EDITS[f.name]
            assert old in text, f"{f.name}: edit anchor {old!r} not found"
            text = text.replace(old, new, 1)
        (tmp_path / f.name).write_text(text, encoding="utf-8")
    problems = [str(p) for p in compare_to_vendor(tmp_path, VENDOR, vendor_ctx)]
    for name, (_, _, fragment) in WRONG_EDITS.items():
        module = name.removesuffix(".yang")
        hits = [p for p in problems if module in p.split(": ", 1)[0] and fragment in p]
        assert hits, f"{name}: expected a problem mentioning {fragment!r}; got {problems}"


# =========================================================================== yanglint
def yanglint(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["yanglint", *args], capture_output=True, text=True, check=False,
                          cwd=cwd, timeout=120)


def vendor_set_args() -> list[str]:
    """Vendor schemas, the fix-up first and the project's gap module LAST.

    Loaded last, ``mlag-netconf-ext``'s imports bind to the vendor modules already
    in the context (libyang would otherwise find the project subsets beside it).
    """
    return ["-i", "-p", str(VENDOR), str(FIXUPS),
            *(str(VENDOR / f"{m}.yang") for m in SUBSETS if m != "huawei-l3vpn"),
            str(VENDOR / "ietf-netconf.yang"), str(YANG / f"{EXT_MODULE}.yang")]


MLAG_FRAGMENT = """\
<ifm xmlns="urn:huawei:yang:huawei-ifm">
  <interfaces><interface><name>Vlanif100</name>
    <ipv4 xmlns="urn:huawei:yang:huawei-ip">
      <m-lag-ipv4 xmlns="urn:mlag-netconf:yang:mlag-netconf-ext">
        <ip>10.1.1.2</ip><mask>255.255.255.0</mask>
      </m-lag-ipv4>
    </ipv4>
    <ipv6 xmlns="urn:huawei:yang:huawei-ip">
      <auto-link-local>false</auto-link-local>
      <m-lag-ipv6 xmlns="urn:mlag-netconf:yang:mlag-netconf-ext">
        <ip>2001:db8:1::2</ip><prefix-length>64</prefix-length>
        <link-local>LINK_LOCAL</link-local>
      </m-lag-ipv6>
      <nd-collection xmlns="urn:huawei:yang:huawei-ipv6-nd">
        <proxys><route-proxy>on</route-proxy>
          <route-proxy-prune xmlns="urn:mlag-netconf:yang:mlag-netconf-ext">true</route-proxy-prune>
        </proxys>
      </nd-collection>
    </ipv6>
  </interface></interfaces>
</ifm>
"""


@needs_vendor
@needs_yanglint
def test_yanglint_loads_vendor_set_with_gap_module() -> None:
    result = yanglint(*vendor_set_args())
    assert result.returncode == 0, result.stderr
    assert result.stdout + result.stderr == ""


@needs_vendor
@needs_yanglint
def test_yanglint_accepts_mlag_edit_against_vendor_modules(tmp_path: Path) -> None:
    # auto-link-local exists only in the vendor huawei-ip: the fragment passing shows
    # that the gap module's imports were bound to the vendor files.
    good = tmp_path / "good.xml"
    good.write_text(MLAG_FRAGMENT.replace("LINK_LOCAL", "fe80::1:2"), encoding="utf-8")
    result = yanglint(*vendor_set_args(), "-t", "edit", str(good))
    assert result.returncode == 0, result.stderr


@needs_vendor
@needs_yanglint
def test_yanglint_edit_check_can_fail(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text(MLAG_FRAGMENT.replace("LINK_LOCAL", "2001:db8::9"), encoding="utf-8")
    result = yanglint(*vendor_set_args(), "-t", "edit", str(bad))
    assert result.returncode != 0
    assert "fe80::/10" in result.stderr
    unknown = tmp_path / "unknown.xml"
    unknown.write_text(MLAG_FRAGMENT.replace("LINK_LOCAL", "fe80::1").replace(
        "<ip>10.1.1.2</ip>", "<m-lag-ip>10.1.1.2</m-lag-ip>"), encoding="utf-8")
    assert yanglint(*vendor_set_args(), "-t", "edit", str(unknown)).returncode != 0


@needs_yanglint
def test_yanglint_loads_project_modules_without_warnings() -> None:
    files = sorted(str(f) for f in YANG.glob("*.yang"))
    result = yanglint("-i", "-p", str(YANG), *files)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_project_folder_has_no_stray_modules() -> None:
    # vendor-validation/ holds the libyang fix-up only; Schema.load() must not see it
    assert FIXUPS.is_file()
    assert not (YANG / FIXUPS.name).exists()
