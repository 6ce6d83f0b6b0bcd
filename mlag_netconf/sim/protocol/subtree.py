"""RFC 6241 §6 subtree filtering: containment, selection and content-match nodes.

Filter elements without a namespace (or in the NETCONF base namespace, which unprefixed
elements inherit inside an ``<rpc>``) match data of any namespace. Attribute match
expressions are not supported (the simulator's data carries no attributes).

>>> from lxml import etree
>>> data = etree.fromstring(
...     '<data><top xmlns="urn:t"><users>'
...     '<user><name>fred</name><type>admin</type><uid>1</uid></user>'
...     '<user><name>barney</name><type>user</type><uid>2</uid></user>'
...     '</users></top></data>')
>>> flt = etree.fromstring('<filter><top xmlns="urn:t"><users><user>'
...                        '<type>admin</type><uid/></user></users></top></filter>')
>>> print(etree.tostring(apply_filter(data, flt), encoding="unicode"))
<data><top xmlns="urn:t"><users><user><type>admin</type><uid>1</uid></user></users></top></data>
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from mlag_netconf.namespaces import NC
from mlag_netconf.xmltree import (
    Element,
    children,
    deep_copy,
    element_tag,
    make,
    new_element,
    split_qname,
    text,
)

#: Names the key leaves of a data list entry (so a filtered entry keeps its identity).
KeyLookup = Callable[[Element], tuple[str, ...]]


@dataclass
class _Marks:
    # elements, not id()s: lxml proxies are only stable while referenced
    whole: set[Element] = field(default_factory=set)
    path: set[Element] = field(default_factory=set)


def apply_filter(data: Element, flt: Element, keys: KeyLookup | None = None) -> Element:
    """The parts of ``data`` (a ``<data>`` root) selected by ``flt``'s children.

    An empty filter selects nothing (RFC 6241 §6.4.2).
    """
    marks = _Marks()
    lookup = keys or (lambda _e: ())
    for fnode in children(flt):
        for dnode in _matching(data, fnode):
            _select(dnode, fnode, marks, lookup)
    return _render(data, marks)


def _matching(parent: Element, fnode: Element) -> list[Element]:
    namespace, local = split_qname(element_tag(fnode))
    wildcard = namespace in ("", NC)
    return [d for d in children(parent)
            if split_qname(element_tag(d))[1] == local
            and (wildcard or split_qname(element_tag(d))[0] == namespace)]


def _is_content_match(fnode: Element) -> bool:
    return not len(fnode) and bool(text(fnode))


def _select(dnode: Element, fnode: Element, marks: _Marks, keys: KeyLookup) -> bool:
    """Mark what ``fnode`` selects in ``dnode``; False when nothing of it is selected."""
    fkids = list(children(fnode))
    if not fkids:
        if _is_content_match(fnode) and text(dnode) != text(fnode):
            return False
        marks.whole.add(dnode)
        return True
    content = [f for f in fkids if _is_content_match(f)]
    matched = _content_matches(dnode, content)
    if matched is None:
        return False
    others = [f for f in fkids if not _is_content_match(f)]
    if not others:
        marks.whole.add(dnode)
        return True
    selected = _select_others(dnode, others, marks, keys)
    if not selected and not content:
        return False
    marks.path.add(dnode)
    for node in matched + _key_children(dnode, keys):
        marks.whole.add(node)
    return True


def _content_matches(dnode: Element, content: list[Element]) -> list[Element] | None:
    """The data leaves matching every content-match node, or None if one fails."""
    found: list[Element] = []
    for fnode in content:
        hits = [d for d in _matching(dnode, fnode) if text(d) == text(fnode)]
        if not hits:
            return None
        found.extend(hits)
    return found


def _select_others(dnode: Element, others: list[Element], marks: _Marks,
                   keys: KeyLookup) -> bool:
    selected = False
    for fnode in others:
        for child_node in _matching(dnode, fnode):
            selected = _select(child_node, fnode, marks, keys) or selected
    return selected


def _key_children(dnode: Element, keys: KeyLookup) -> list[Element]:
    names = keys(dnode)
    return [c for c in children(dnode) if split_qname(element_tag(c))[1] in names]


def _render(data: Element, marks: _Marks) -> Element:
    out = new_element(element_tag(data))
    _render_children(data, out, marks)
    return out


def _render_children(source: Element, out: Element, marks: _Marks) -> None:
    for node in children(source):
        if node in marks.whole:
            out.append(deep_copy(node))
        elif node in marks.path:
            shallow = make(out, element_tag(node))
            _render_children(node, shallow, marks)
