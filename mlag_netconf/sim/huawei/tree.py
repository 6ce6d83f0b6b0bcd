"""Tree helpers for the Huawei modules the device rules touch (beyond
:mod:`mlag_netconf.xmltree.baseline`, which holds the generic ones).

>>> from mlag_netconf.xmltree import parse
>>> root = parse(b'<data><ifm xmlns="urn:huawei:yang:huawei-ifm"><interfaces><interface>'
...              b'<name>Vlanif100</name><type>Vlanif</type></interface></interfaces></ifm>'
...              b'</data>')
>>> leaves(interface(root, "Vlanif100"))
{'name': 'Vlanif100', 'type': 'Vlanif'}
"""

from __future__ import annotations

from collections.abc import Iterator

from mlag_netconf.namespaces import IFM
from mlag_netconf.xmltree import Element, child_value, children, local_name, text
from mlag_netconf.xmltree.baseline import find_all


def interfaces(root: Element) -> Iterator[Element]:
    """The interfaces (``/ifm:ifm/interfaces/interface``)."""
    yield from find_all(root, IFM, "ifm", "interfaces", "interface")


def interface(root: Element, name: str) -> Element | None:
    return next((i for i in interfaces(root) if child_value(i, "name") == name), None)


def leaves(node: Element) -> dict[str, str]:
    """Local name -> text of the leaf children of ``node``."""
    return {local_name(c): text(c) for c in children(node) if not len(c)}
