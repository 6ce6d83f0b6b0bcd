"""Validate a payload against YANG before it is sent (used by ``Payload.validate``).

The payload is checked as an edit first, then merged (the one key-aware merge of
:mod:`mlag_netconf.xmltree.merge`) onto what the device creates by itself (the one
baseline of :mod:`mlag_netconf.xmltree.baseline`) and validated as a whole.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mlag_netconf.errors import PayloadInvalid, raise_all
from mlag_netconf.xmltree import Element, nc, new_element
from mlag_netconf.xmltree.baseline import apply_baseline, bgp_enabled
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


def _errors(issues: list[SchemaIssue]) -> list[PayloadInvalid]:
    return [PayloadInvalid(i.path, i.tag + (f"/{i.app_tag}" if i.app_tag else ""), i.message)
            for i in issues]


def validate_payload(config: Element, schema: Schema | None = None) -> None:
    """Raise if ``config`` (an edit-config ``<config>``) does not conform to ``schema``."""
    from mlag_netconf.schema import Schema

    if config.tag != nc("config"):
        raise PayloadInvalid("/", "not-config",
                             f"the payload's root is <{config.tag}>, not the NETCONF <config>")
    s = schema or Schema.load()
    errors = _errors(s.check_edit(config))
    if not errors:
        errors = _errors(s.validate(candidate_for(s, config)))
    raise_all(errors)
