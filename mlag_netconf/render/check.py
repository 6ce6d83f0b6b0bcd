"""Validate a payload against YANG before it is sent (used by ``Payload.validate``).

The payload is checked as an edit first, then merged (the one key-aware merge of
:mod:`mlag_netconf.xmltree.merge`) onto what the device creates by itself (the one
baseline of :mod:`mlag_netconf.xmltree.baseline`) and validated as a whole.

A connect-interface may name an interface of the device the payload does not create (an
Eth-Trunk or an Ethernet port, main or sub-interface:
:func:`referenced_device_interfaces`). Its
``local-if-name`` is a leafref into the device's interfaces, which a single payload cannot
see: unless the caller says which interfaces the device has (``device_interfaces=``),
each one is taken as present (a bare ``<interface><name>`` entry in the validated
datastore); the device checks the leafref itself when the edit is validated or committed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from mlag_netconf.errors import PayloadInvalid, ValueFormatError, raise_all
from mlag_netconf.namespaces import BGP, IFM
from mlag_netconf.types import DeviceInterfaceName
from mlag_netconf.xmltree import Element, child_value, nc, new_element
from mlag_netconf.xmltree.baseline import (
    apply_baseline,
    bgp_enabled,
    ensure,
    ensure_entry,
    find_all,
    instances,
)
from mlag_netconf.xmltree.merge import SchemaInfo, merge

if TYPE_CHECKING:
    from mlag_netconf.schema import Schema, SchemaIssue


def candidate_for(schema: Schema, config: Element) -> Element:
    """``config`` applied to the device baseline: the datastore the device would check."""
    data = new_element(nc("config"))
    apply_baseline(data, bgp=bgp_enabled(config))

    def lookup(parent: SchemaInfo | None, namespace: str, local: str) -> SchemaInfo | None:
        return schema.child(parent, namespace, local)  # type: ignore[arg-type]

    merge(data, config, lookup)
    return data


def _is_device_interface(name: str) -> bool:
    try:
        DeviceInterfaceName.parse(name)
    except ValueFormatError:
        return False
    return True


def referenced_device_interfaces(config: Element) -> tuple[str, ...]:
    """The interfaces of the device the payload's connect-interfaces (``local-if-name`` of
    a peer or peer group) name and the payload does not create: Eth-Trunks and Ethernet
    ports, main or sub-interface (in order of first use)."""
    created = {child_value(i, "name") for i in _interfaces(config)}
    found: dict[str, None] = {}
    for instance in instances(config):
        for kind, item in (("peers", "peer"), ("peer-groups", "peer-group")):
            for node in find_all(instance, BGP, "bgp", "base-process", kind, item):
                name = child_value(node, "local-if-name")
                if name and name not in created and _is_device_interface(name):
                    found[name] = None
    return tuple(found)


def _interfaces(root: Element) -> list[Element]:
    return find_all(root, IFM, "ifm", "interfaces", "interface")


def _assume_present(data: Element, names: Iterable[str]) -> None:
    """Bare entries for interfaces the device has (only their key: what a leafref needs)."""
    names = tuple(names)
    if names:
        top = ensure(data, IFM, "ifm", "interfaces")
        for name in names:
            ensure_entry(top, IFM, "interface", "name", name)


def _errors(issues: list[SchemaIssue]) -> list[PayloadInvalid]:
    return [PayloadInvalid(i.path, i.tag + (f"/{i.app_tag}" if i.app_tag else ""), i.message)
            for i in issues]


def validate_payload(config: Element, schema: Schema | None = None, *,
                     device_interfaces: Iterable[str] | None = None) -> None:
    """Raise if ``config`` (an edit-config ``<config>``) does not conform to ``schema``.

    ``device_interfaces``: the names of the interfaces the device has; ``None``: every
    device interface the payload names (:func:`referenced_device_interfaces`) is taken as
    present."""
    from mlag_netconf.schema import Schema

    if config.tag != nc("config"):
        raise PayloadInvalid("/", "not-config",
                             f"the payload's root is <{config.tag}>, not the NETCONF <config>")
    s = schema or Schema.load()
    errors = _errors(s.check_edit(config))
    if not errors:
        data = candidate_for(s, config)
        named = referenced_device_interfaces(config)
        known = None if device_interfaces is None else set(device_interfaces)
        _assume_present(data, (n for n in named if known is None or n in known))
        errors = _errors(s.validate(data))
    raise_all(errors)
