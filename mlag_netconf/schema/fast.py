"""The optional fast path: libyang (CESNET's C library) answers "valid?" in ~0.1 ms.

``pip install mlag-netconf[fast]`` installs the ``libyang`` Python binding (it builds
against the system's libyang 2.1, e.g. Debian bookworm's ``libyang2-dev``). Without it
everything works the same, only slower: yangson (pure Python) does all the checks.

libyang is used as an *accept gate*, never as a second source of findings: when it
accepts a document, the answer is ``[]``; when it refuses one (or cannot judge it: an
odd attribute, a module set it cannot compile), the yangson checks run as before and
produce the findings. So findings are identical whichever path runs; the differential
tests (``tests/unit/test_schema_fast.py``) check that libyang never accepts what
yangson refuses, over a corpus of good and bad payloads and mutations of them.

One difference they found is handled here: libyang does not check that the *default*
value of a leafref (``ifm:vrf-name``, default ``_public_``) refers to an existing
instance; yangson does. So before a datastore is accepted, each such default must
appear among the values at its target path in the document (else yangson decides).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from lxml import etree
from yangson.datatype import LeafrefType, UnionType
from yangson.schemanode import InternalNode, SchemaNode, TerminalNode
from yangson.xpathast import Expr, LocationPath, Root
from yangson.xpathast import Step as XPathStep

from mlag_netconf.namespaces import NC_OPERATION
from mlag_netconf.schema.convert import OPERATIONS

__all__ = ["DefaultRef", "LibyangGate", "default_refs", "libyang_version"]

DefaultRef = tuple[str, str]
"""A leafref default to look for: (ElementPath of its targets from the top, value)."""

log = logging.getLogger(__name__)

_NC_OPS = etree.XPath("//@*[local-name()='operation' and "
                      "namespace-uri()='urn:ietf:params:xml:ns:netconf:base:1.0']")


def libyang_version() -> str | None:
    """The installed libyang binding's version, or ``None`` when it is not installed."""
    try:
        from importlib.metadata import PackageNotFoundError, version
        return version("libyang")
    except PackageNotFoundError:
        return None


class LibyangGate:
    """One libyang context holding the modules of a schema folder.

    Not thread-safe by itself: :class:`~mlag_netconf.schema.Schema` calls it under
    its lock. Raises whatever libyang raises when the modules do not load; the
    caller then keeps the yangson path only.
    """

    def __init__(self, folder: Path, modules: Iterable[str],
                 refs: list[DefaultRef] | None = None) -> None:
        """``refs``: the leafref defaults to check (:func:`default_refs`); ``None``
        when some cannot be checked here, and then no datastore is accepted."""
        import libyang

        self._refs = refs
        self._libyang = libyang
        # the folder is libyang's only search directory (searched recursively, like
        # `yanglint -p`); every module of the folder is implemented with all features,
        # as in the YANG library handed to yangson
        self._ctx = libyang.Context(str(folder))
        builtin = {m.name() for m in self._ctx}
        wanted = list(modules)
        for name in wanted:
            self._ctx.load_module(name).feature_enable_all()
        # libyang implements a module another one needs (an augment's target...) on its
        # own; yangson would refuse that module's data, so such a set gets no gate
        extra = {m.name() for m in self._ctx if m.implemented()} - builtin - set(wanted)
        if extra:
            raise ValueError("libyang implements modules that were not asked for: "
                             + ", ".join(sorted(extra)))

    def accepts_data(self, data: etree._Element) -> bool:
        """True if libyang finds the configuration ``data`` valid (all checks)."""
        if self._refs is None:
            return False
        for path, value in self._refs:
            if value not in {(e.text or "").strip() for e in data.iterfind(path)}:
                return False
        if _NC_OPS(data):  # yangson reads a datastore's nc:operation as no attribute
            data = _copy(data)
            etree.strip_attributes(data, NC_OPERATION)
        return self._parse(_children_xml(data), validate=True)

    def accepts_edit(self, config: etree._Element) -> bool:
        """True if libyang parses the edit ``config`` cleanly (names, keys, values).

        ``nc:operation`` attributes are checked here (libyang would need the
        ``ietf-netconf`` module for them) and stripped from a copy. A leaf emptied
        by a ``delete``/``remove`` is refused by libyang's type check, which only
        sends that payload down the yangson path.
        """
        ops = _NC_OPS(config)
        if ops:
            if any(str(op) not in OPERATIONS for op in ops):  # type: ignore[union-attr]
                return False
            config = _copy(config)
            etree.strip_attributes(config, NC_OPERATION)
        return self._parse(_children_xml(config), validate=False)

    def _parse(self, text: bytes, *, validate: bool) -> bool:
        # no_state in an edit too: libyang's own modules (ietf-yang-library...) hold
        # state data only, which yangson would not know at all
        try:
            tree = self._ctx.parse_data_mem(text, "xml", strict=True, no_state=True,
                                            parse_only=not validate)
        except self._libyang.LibyangError:
            return False
        if tree is not None:
            tree.free()
        return True


def _copy(el: etree._Element) -> etree._Element:
    from copy import deepcopy
    return deepcopy(el)


def _children_xml(top: etree._Element) -> bytes:
    """The element children of ``top`` (top-level data nodes) as one XML fragment."""
    return b"".join(etree.tostring(c, with_tail=False) for c in top if isinstance(c.tag, str))


def default_refs(root: InternalNode, namespaces: dict[str, str]) -> list[DefaultRef] | None:
    """Every leafref (require-instance) default of the schema, with its target path.

    ``namespaces`` maps module names to namespaces. ``None`` if a default leafref
    has a path this check cannot follow (relative, predicates, a union type).
    """
    out: list[DefaultRef] = []

    def walk(sn: SchemaNode) -> bool:
        if isinstance(sn, TerminalNode) and sn.default is not None:
            t = sn.type
            if isinstance(t, UnionType) and any(isinstance(m, LeafrefType) for m in t.types):
                return False
            if isinstance(t, LeafrefType) and t.require_instance:
                path = _element_path(t.path, namespaces)
                if path is None:
                    return False
                values = sn.default if isinstance(sn.default, (list, tuple)) else [sn.default]
                out.extend((path, t.canonical_string(v) or str(v)) for v in values)
        return not isinstance(sn, InternalNode) or all(walk(c) for c in sn.children)

    return out if walk(root) else None


def _element_path(expr: Expr, namespaces: dict[str, str]) -> str | None:
    """``/ni:network-instance/ni:instances/...`` as ``{ns}network-instance/{ns}...``."""
    steps: list[str] = []
    while isinstance(expr, LocationPath):
        step = expr.right
        if (not isinstance(step, XPathStep) or step.predicates or step.axis.name != "child"
                or not step.qname or step.qname[1] not in namespaces):
            return None
        steps.append(f"{{{namespaces[step.qname[1]]}}}{step.qname[0]}")
        expr = expr.left
    if not isinstance(expr, Root) or not steps:
        return None
    return "/".join(reversed(steps))
