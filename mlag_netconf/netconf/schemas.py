"""A device's own YANG modules: download them, and search them for the gap features' nodes.

- :func:`pull` downloads, with ``<get-schema>`` (RFC 6022), every module the device
  advertises (its hello, and ``/netconf-state/schemas`` where it offers that list) into a
  folder, as ``name@revision.yang`` (the revision the text states), beside ``hello.txt``
  (the capabilities, with their ``deviations=``).
- :func:`find` compiles a folder of modules with pyang and proposes, for each gap feature
  (M-LAG IPv4 / IPv6 / link-local address, ND proxy ``prune``), the device's candidate
  nodes, ranked by name and type; :func:`draft_override` writes the best ones as a draft
  registry override file (:mod:`mlag_netconf.render.overrides`) **for a human to check**:
  the candidates are guesses from names and types, never facts about the device.

``mlag-netconf schemas pull --inventory INV --device NAME --out DIR`` and
``mlag-netconf schemas find DIR`` run them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pyang import context, repository

from mlag_netconf.errors import NetconfError, ValidationError
from mlag_netconf.namespaces import EXT, NCM
from mlag_netconf.netconf.session import Session
from mlag_netconf.render.registry import FEATURES, Feature, Step, gap_features
from mlag_netconf.xmltree import child, children, make, nc, new_element, qname, text

__all__ = ["Candidate", "PullReport", "SchemaFolderError", "draft_override", "find", "pull"]


class SchemaFolderError(ValidationError):
    """A schema folder cannot be written or read (names the path)."""


# --------------------------------------------------------------------------- pull
@dataclass(frozen=True)
class PullReport:
    """What :func:`pull` wrote, and what it could not get."""

    device: str
    written: tuple[Path, ...] = ()
    failed: tuple[tuple[str, str], ...] = ()
    """(module, what the device said) for each download that failed."""
    not_offered: tuple[str, ...] = ()
    """Modules in the hello that ``/netconf-state/schemas`` does not offer (not tried)."""
    revision_differs: tuple[tuple[str, str, str], ...] = ()
    """(module, advertised revision, the revision its text states): the file is named
    by the text's."""

    def __str__(self) -> str:
        lines = [f"{self.device}: {len(self.written)} modules written"]
        lines += [f"  not offered by get-schema: {m}" for m in self.not_offered]
        lines += [f"  {m}: advertised revision {a}, its text says {t} (file named by the text)"
                  for m, a, t in self.revision_differs]
        lines += [f"  FAILED {m}: {why}" for m, why in self.failed]
        return "\n".join(lines)


def pull(session: Session, out: Path | str) -> PullReport:
    """Download every module ``session``'s device advertises into the folder ``out``."""
    folder = Path(out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise SchemaFolderError(str(folder), "out-folder", e.strerror or str(e)) from None
    wanted: dict[str, str | None] = {m.name: m.revision
                                     for m in session.capabilities.modules.values()}
    offered = _offered(session)
    not_offered: list[str] = []
    if offered is not None:
        not_offered = sorted(n for n in wanted if n not in offered)
        wanted = {n: r for n, r in wanted.items() if n in offered}
        wanted.update({n: r for n, r in offered.items() if n not in wanted})
    written: list[Path] = []
    failed: list[tuple[str, str]] = []
    differs: list[tuple[str, str, str]] = []
    _write(folder / "hello.txt", "\n".join(session.capabilities.uris) + "\n")
    for name, revision in sorted(wanted.items()):
        try:
            body = session.get_schema(name, revision)
        except NetconfError as e:
            if not session.connected:
                raise
            failed.append((name, e.message))
            continue
        stated = _revision(body)
        if revision and stated and stated != revision:
            differs.append((name, revision, stated))
        found = stated or revision
        target = folder / (f"{name}@{found}.yang" if found else f"{name}.yang")
        _write(target, body if body.endswith("\n") else body + "\n")
        written.append(target)
    return PullReport(session.name, tuple(written), tuple(failed), tuple(not_offered),
                      tuple(differs))


_REVISION = re.compile(r"^\s*revision\s+[\"']?(\d{4}-\d{2}-\d{2})", re.MULTILINE)


def _revision(body: str) -> str | None:
    """The latest ``revision`` a module's text states (what pyang expects in its file
    name), or ``None``."""
    return max(_REVISION.findall(body), default=None)


def _offered(session: Session) -> dict[str, str | None] | None:
    """``/netconf-state/schemas`` (YANG ones) as name -> revision, or ``None`` when the
    device does not offer the list."""
    if not session.capabilities.advertises("ietf-netconf-monitoring"):
        return None
    flt = new_element(nc("filter"))
    flt.set("type", "subtree")
    make(make(flt, qname(NCM, "netconf-state")), qname(NCM, "schemas"))
    try:
        data = session.get(flt)
    except NetconfError:
        if not session.connected:
            raise
        return None
    state = child(data, "netconf-state")
    schemas = child(state, "schemas") if state is not None else None
    if schemas is None:
        return None
    out: dict[str, str | None] = {}
    for entry in children(schemas):
        values = {e.tag.split("}")[-1]: text(e) for e in children(entry)}
        if values.get("format", "yang").split(":")[-1] == "yang" and values.get("identifier"):
            out[values["identifier"]] = values.get("version") or None
    return out


def _write(path: Path, body: str) -> None:
    try:
        path.write_text(body, encoding="utf-8")
    except OSError as e:
        raise SchemaFolderError(str(path), "out-write", e.strerror or str(e)) from None


# --------------------------------------------------------------------------- find
@dataclass(frozen=True)
class Node:
    """One data node of the compiled modules, as XML sees it."""

    keyword: str
    name: str
    module: str
    prefix: str
    namespace: str
    key: str | None = None
    presence: bool = False
    types: tuple[str, ...] = ()
    """A leaf's type and the types its typedefs resolve to (local names)."""


@dataclass(frozen=True)
class Candidate:
    """A proposed device node for one gap feature (``path`` + ``leaves``), with why."""

    feature: str
    path: tuple[Node, ...]
    leaves: dict[str, Node] = field(hash=False)
    score: int = 0
    reasons: tuple[str, ...] = ()

    @property
    def holder(self) -> Node:
        return self.path[-1]

    def path_text(self, prefixes: dict[str, str]) -> str:
        return "".join(f"/{prefixes[n.namespace]}:{n.name}" + (f"[{n.key}]" if n.key else "")
                       for n in self.path)


_MLAG = re.compile(r"m-?lag", re.IGNORECASE)
_IFACE = re.compile(r"^(interface|if-?name|interface-?name|ifname)$", re.IGNORECASE)
_MASK = re.compile(r"mask|prefix-?len|masklen", re.IGNORECASE)
_LINK_LOCAL = re.compile(r"link-?local", re.IGNORECASE)
_ND = re.compile(r"(^|-)nd(-|$)|proxy|proxys", re.IGNORECASE)


def _ipv4(n: Node) -> bool:
    return any(t.startswith("ipv4-address") or t == "ipv4-address-no-zone" for t in n.types)


def _ipv6(n: Node) -> bool:
    return any(t.startswith("ipv6-address") for t in n.types)


def _leaf_nodes(holder_leaves: list[Node], want: Any) -> list[Node]:
    return [n for n in holder_leaves if want(n)]


def find(folder: Path | str) -> dict[str, list[Candidate]]:
    """Candidate device nodes for each gap feature, best first, from the modules in
    ``folder`` (compiled with pyang; modules it cannot parse are skipped)."""
    found: dict[str, list[Candidate]] = {f.name: [] for f in gap_features()}
    for path, all_leaves in _holders(_compile(Path(folder))):
        leaves = [n for n in all_leaves if n.namespace != EXT]  # the project's own module
        ancestry = " ".join(n.name for n in path) + " " + path[-1].module
        mlag = bool(_MLAG.search(ancestry))
        under_if = any(_IFACE.match(n.name) or (n.key and _IFACE.match(n.key)) for n in path)
        base = (["M-LAG-like name"] if mlag else []) + (
            ["under an interface"] if under_if else [])
        score = 2 * mlag + under_if
        if mlag:
            found["interface.mlag-ipv4"] += _ipv4_candidate(path, leaves, score, base)
            found["interface.mlag-ipv6"] += _ipv6_candidate(path, leaves, score, base)
            found["interface.mlag-ipv6-link-local"] += _link_local(path, leaves, score, base)
        found["interface.nd-route-proxy-prune"] += _prune(path, leaves, under_if)
    return {f: sorted(c, key=lambda c: (-c.score, len(c.path), _plain(c))) for f, c in
            found.items()}


def _plain(c: Candidate) -> str:
    return "/".join(f"{n.module}:{n.name}" for n in c.path)


def _ipv4_candidate(path: tuple[Node, ...], leaves: list[Node], score: int,
                    why: list[str]) -> list[Candidate]:
    addresses = _leaf_nodes(leaves, _ipv4)
    masks = _leaf_nodes(leaves, lambda n: bool(_MASK.search(n.name)))
    if not addresses:
        return []
    hint = 1 if re.search(r"ipv4|(^|-)ip(-|$)", path[-1].name, re.IGNORECASE) else 0
    chosen: dict[str, Node] = {"ip": addresses[0]}
    if masks:
        chosen["mask"] = masks[0]
    reasons = [*why, "an IPv4 address leaf", *(["a mask leaf"] if masks else [])]
    return [Candidate("interface.mlag-ipv4", path, chosen, score + hint + bool(masks),
                      tuple(reasons))]


def _ipv6_candidate(path: tuple[Node, ...], leaves: list[Node], score: int,
                    why: list[str]) -> list[Candidate]:
    addresses = [n for n in _leaf_nodes(leaves, _ipv6) if not _LINK_LOCAL.search(n.name)]
    lengths = _leaf_nodes(leaves, lambda n: bool(_MASK.search(n.name)))
    if not addresses:
        return []
    chosen: dict[str, Node] = {"ip": addresses[0]}
    if lengths:
        chosen["prefix-length"] = lengths[0]
    reasons = [*why, "an IPv6 address leaf", *(["a prefix-length leaf"] if lengths else [])]
    return [Candidate("interface.mlag-ipv6", path, chosen, score + bool(lengths),
                      tuple(reasons))]


def _link_local(path: tuple[Node, ...], leaves: list[Node], score: int,
                why: list[str]) -> list[Candidate]:
    found = [n for n in leaves if _LINK_LOCAL.search(n.name) and (_ipv6(n) or not n.types)]
    if not found:
        return []
    return [Candidate("interface.mlag-ipv6-link-local", path, {"link-local": found[0]},
                      score + 1, (*why, "a link-local IPv6 address leaf"))]


def _prune(path: tuple[Node, ...], leaves: list[Node], under_if: bool) -> list[Candidate]:
    prunes = [n for n in leaves if "prune" in n.name.lower()]
    if not prunes:
        return []
    nd = any(_ND.search(n.name) for n in path) or bool(_ND.search(path[-1].module))
    reasons = ("a leaf named like prune", *(["under ND/proxy nodes"] if nd else []),
               *(["under an interface"] if under_if else []))
    return [Candidate("interface.nd-route-proxy-prune", path,
                      {"route-proxy-prune": prunes[0]}, 1 + 2 * nd + under_if, reasons)]


def _compile(folder: Path) -> list[Any]:
    """The modules of ``folder``, parsed and validated by pyang."""
    files = sorted(folder.glob("*.yang")) if folder.is_dir() else []
    if not files:
        raise SchemaFolderError(str(folder), "schema-folder",
                                "no .yang files (run 'mlag-netconf schemas pull' first)")
    repo = repository.FileRepository(str(folder), use_env=False, no_path_recurse=True)
    ctx = context.Context(repo)
    ctx.lax_quote_checks = True
    ctx.lax_xpath_checks = True
    modules = []
    for path in files:
        try:
            body = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise SchemaFolderError(str(path), "schema-file", f"cannot read: {e}") from None
        module = ctx.add_module(str(path), body)
        if module is not None and module.keyword == "module":
            modules.append(module)
    ctx.validate()
    return modules


def _holders(modules: Iterable[Any]) -> Iterator[tuple[tuple[Node, ...], list[Node]]]:
    """Every container or list entry (with the path to it) and its leaves."""
    seen: set[int] = set()

    def walk(stmt: Any, path: tuple[Node, ...]) -> Iterator[tuple[tuple[Node, ...],
                                                                  list[Node]]]:
        leaves: list[Node] = []
        inner: list[tuple[Any, Node]] = []
        for c in _data_children(stmt):
            if getattr(c, "i_config", True) is False:
                continue
            node = _node(c)
            if node is None:
                continue
            if c.keyword in ("leaf", "leaf-list"):
                leaves.append(node)
            else:
                inner.append((c, node))
        if path and leaves:
            yield path, leaves
        for c, node in inner:
            if id(c) not in seen:
                seen.add(id(c))
                yield from walk(c, (*path, node))

    for module in modules:
        yield from walk(module, ())


def _data_children(stmt: Any) -> Iterator[Any]:
    """Data children, looking through choices and cases (XML does not show them)."""
    for c in getattr(stmt, "i_children", []) or []:
        if c.keyword in ("choice", "case"):
            yield from _data_children(c)
        elif c.keyword in ("container", "list", "leaf", "leaf-list"):
            yield c


def _node(stmt: Any) -> Node | None:
    module = stmt.i_module
    if module is None:
        return None
    if module.keyword == "submodule":
        module = module.i_ctx.get_module(module.i_including_modulename) or module
    ns = module.search_one("namespace")
    if ns is None:
        return None
    key = stmt.search_one("key")
    presence = stmt.search_one("presence") is not None
    return Node(stmt.keyword, stmt.arg, module.arg, module.i_prefix, ns.arg,
                key.arg.split()[0] if key is not None and key.arg else None, presence,
                _types(stmt))


def _types(stmt: Any) -> tuple[str, ...]:
    out: list[str] = []
    t = stmt.search_one("type")
    for _ in range(20):  # typedef chains are short; a loop guard, not a limit in practice
        if t is None:
            break
        out.append(str(t.arg).split(":")[-1])
        if t.arg.split(":")[-1] == "union":
            for member in t.search("type"):
                out.append(str(member.arg).split(":")[-1])
        typedef = getattr(t, "i_typedef", None)
        t = typedef.search_one("type") if typedef is not None else None
    return tuple(out)


# --------------------------------------------------------------------------- draft
HEADER = """\
# DRAFT registry override, proposed by `mlag-netconf schemas find {folder}`.
# A HUMAN MUST CHECK EVERY LINE BEFORE USING IT. The nodes below are guesses from the names
# and types in the device's YANG modules, not facts about the device. Check each one on
# the device itself: on a V300 CloudEngine, `xml-translate begin`, then the CLI line
# (e.g. `m-lag ip address 10.1.1.2 255.255.255.0` in the interface view), then
# `xml-translate end` shows the XML your software version uses for it; the path and leaf
# names here must be that XML. Then set `gap: model` and `model: <this file>` in the
# inventory entry. Format: README, "The gap nodes on a real device".
"""


def draft_override(candidates: dict[str, list[Candidate]], folder: str = "DIR") -> str:
    """A draft override file (YAML with comments) from :func:`find`'s best candidates."""
    best = {f: c[0] for f, c in candidates.items() if c}
    prefixes = _prefixes(c for cs in candidates.values() for c in cs[:4])
    out = io.StringIO()
    out.write(HEADER.format(folder=folder))
    used = sorted({n.namespace for c in best.values() for n in
                   (*c.path, *c.leaves.values())})
    modules = {prefixes[ns]: {"name": _module_of(best.values(), ns), "namespace": ns}
               for ns in used}
    if modules:
        out.write(yaml.safe_dump({"modules": modules}, sort_keys=False))
    out.write("features:\n" if best else "# no candidate node found for any gap feature\n")
    for feature in (f.name for f in gap_features()):
        ranked = candidates.get(feature, [])
        if not ranked:
            indent = "  " if best else ""
            out.write(f"{indent}# {feature} ({FEATURES[feature].cli}): no candidate found\n")
            continue
        top = ranked[0]
        out.write(f"  # {feature} ({FEATURES[feature].cli}): {', '.join(top.reasons)}\n")
        body = _entry(FEATURES[feature], top, prefixes)
        text_ = yaml.safe_dump({feature: body}, sort_keys=False, width=1000)
        out.write("".join(f"  {line}\n" for line in text_.splitlines()))
        for other in ranked[1:4]:
            out.write(f"  #   other candidate: {other.path_text(prefixes)} "
                      f"(leaves {', '.join(n.name for n in other.leaves.values())})\n")
    return out.getvalue()


def _module_of(cands: Iterable[Candidate], ns: str) -> str:
    return next(n.module for c in cands for n in (*c.path, *c.leaves.values())
                if n.namespace == ns)


def _prefixes(cands: Iterable[Candidate]) -> dict[str, str]:
    """namespace -> a prefix unique in the file (the module's own where it can be)."""
    out: dict[str, str] = {}
    for c in cands:
        for n in (*c.path, *c.leaves.values()):
            if n.namespace in out:
                continue
            prefix, i = n.prefix, 2
            while prefix in out.values():
                prefix, i = f"{n.prefix}{i}", i + 1
            out[n.namespace] = prefix
    return out


def _entry(feature: Feature, c: Candidate, prefixes: dict[str, str]) -> dict[str, Any]:
    body: dict[str, Any] = {"path": c.path_text(prefixes)}
    keys: dict[str, str] = {}
    registry = feature.steps
    for i, n in enumerate(c.path):
        if not n.key:
            continue
        if i < len(registry) and tuple(Step(x.namespace, x.name, x.key)
                                       for x in c.path[:i + 1]) == registry[:i + 1]:
            continue  # the registry's own list: its key comes from the payload
        leaf = next((f for f, node in c.leaves.items() if node.name == n.key), None)
        if leaf is not None:
            keys[n.key] = leaf
        elif _IFACE.match(n.key) or "name" in n.key.lower():
            keys[n.key] = next(s.key for s in registry if s.key)
        else:
            keys[n.key] = "CHOOSE: a leaf of the feature or 'name'"
    if keys:
        body["keys"] = keys
    holder_ns = c.holder.namespace
    body["leaves"] = {leaf: (node.name if node.namespace == holder_ns
                             else f"{prefixes[node.namespace]}:{node.name}")
                      for leaf, node in c.leaves.items()}
    missing = [leaf.split(":")[-1] for leaf in feature.leaves
               if leaf.split(":")[-1] not in c.leaves]
    for leaf in missing:
        body["leaves"][leaf] = "CHOOSE: no candidate leaf found"
    if c.holder.presence:
        body["presence"] = True
    return body
