"""Validate a payload against YANG before it is sent (used by ``Payload.validate``)."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from lxml import etree

from mlag_netconf.errors import PayloadInvalid, ValidationErrors
from mlag_netconf.render.registry import MODULES, NC_NS

if TYPE_CHECKING:
    from mlag_netconf.schema import Schema, SchemaIssue, SchemaNode

_OP = f"{{{NC_NS}}}operation"
_NI = MODULES["ni"].namespace
_L3 = MODULES["l3vpn"].namespace
_BGP = MODULES["bgp"].namespace

# What a CloudEngine creates by itself (YANG-PATHS.md §0): the public instance and its
# families; once BGP is enabled, the public BGP process with IPv4 unicast.
_BASELINE = f"""
<config xmlns="{NC_NS}">
  <network-instance xmlns="{_NI}"><instances><instance><name>_public_</name>
    <afs xmlns="{_L3}"><af><type>ipv4-unicast</type></af><af><type>ipv6-unicast</type></af></afs>
  </instance></instances></network-instance>
</config>"""
_BGP_BASELINE = f"""
<config xmlns="{NC_NS}">
  <network-instance xmlns="{_NI}"><instances><instance><name>_public_</name>
    <bgp xmlns="{_BGP}"><base-process><afs><af><type>ipv4uni</type></af></afs></base-process></bgp>
  </instance></instances></network-instance>
</config>"""


def merge(schema: Schema, target: etree._Element, source: etree._Element,
          parent: SchemaNode | None = None) -> None:
    """Merge ``source``'s children into ``target`` (list entries matched on their keys).

    Elements carrying ``nc:operation`` ``delete``/``remove`` remove their match instead.
    """
    for child in source:
        if not isinstance(child.tag, str):
            continue
        q = etree.QName(child)
        node = schema.child(parent, q.namespace or "", q.localname)
        match = _match(target, child, node)
        if child.get(_OP) in ("delete", "remove"):
            if match is not None:
                target.remove(match)
            continue
        if match is None:
            clone = copy.deepcopy(child)
            for e in clone.iter():
                if _OP in e.attrib:
                    del e.attrib[_OP]
            target.append(clone)
        elif node is not None and node.is_leaf:
            match.text = child.text
        else:
            merge(schema, match, child, node)


def _match(target: etree._Element, child: etree._Element,
           node: SchemaNode | None) -> etree._Element | None:
    ns = etree.QName(child).namespace
    for cand in target.iterchildren(child.tag):
        if node is None or node.kind in ("container", "leaf", "anydata"):
            return cand
        if node.kind == "leaf-list":
            if (cand.text or "").strip() == (child.text or "").strip():
                return cand
            continue
        if all(cand.findtext(f"{{{ns}}}{k}") == child.findtext(f"{{{ns}}}{k}")
               for k in node.keys):
            return cand
    return None


def candidate_for(schema: Schema, config: etree._Element) -> etree._Element:
    """``config`` applied to the device baseline: the datastore the device would check."""
    data = etree.fromstring(_BASELINE)
    enable = config.find(f"{{{_BGP}}}bgp/{{{_BGP}}}base-process/{{{_BGP}}}enable")
    if enable is not None and (enable.text or "").strip() == "true":
        merge(schema, data, etree.fromstring(_BGP_BASELINE))
    merge(schema, data, config)
    return data


def _errors(issues: list[SchemaIssue]) -> list[PayloadInvalid]:
    return [PayloadInvalid(i.path, i.tag + (f"/{i.app_tag}" if i.app_tag else ""), i.message)
            for i in issues]


def validate_payload(config: etree._Element, schema: Schema | None = None) -> None:
    """Raise if ``config`` (an edit-config ``<config>``) does not conform to ``schema``."""
    from mlag_netconf.schema import Schema

    s = schema or Schema.load()
    errors = _errors(s.check_edit(config))
    if not errors:
        errors = _errors(s.validate(candidate_for(s, config)))
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ValidationErrors(errors)
