"""The JSON Schema of intent files, generated from the spec classes.

Each spec class gives its keys (``YAML``), the required ones (``REQUIRED``) and the
nested specs (``NESTED``); :data:`KEY_TYPES` gives the JSON type of every other key. The
schema lets an editor (the YAML language server) validate and complete intent files; the
library's own checks stay the authority (they parse the values and check the rules).

It is shipped in the package as ``intent.schema.json`` (kept equal to the generated one by
a test) and printed by ``mlag-netconf schema-intent``.

>>> schema = intent_schema()
>>> [branch["$ref"] for branch in schema["oneOf"]]
['#/$defs/MlagIntentSpec', '#/$defs/MpEbgpIntentSpec', '#/$defs/IntentV2Spec']
>>> schema["$defs"]["PeerSpec"]["required"]
['address']
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from mlag_netconf.intent.spec import (
    IntentV2Spec,
    MlagIntentSpec,
    MpEbgpIntentSpec,
    Spec,
    spec_classes,
)

SCHEMA_ID = "urn:mlag-netconf:intent.schema.json"
SCHEMA_FILE = "intent.schema.json"

_TEXT: dict[str, Any] = {"type": "string"}
_NUMBER_OR_TEXT: dict[str, Any] = {"type": ["integer", "string"]}
_BOOL: dict[str, Any] = {"type": "boolean"}
_ADDRESS: dict[str, Any] = {"type": "string", "description": "an IPv4 or IPv6 address"}
_ADDRESSES: dict[str, Any] = {"type": "array", "items": _ADDRESS}

KEY_TYPES: dict[str, dict[str, Any]] = {
    "kind": {"enum": ["bgp-over-mlag", "mp-ebgp"]},
    "version": {"const": 2},
    "mode": {"enum": ["dual-active", "active-standby"]},
    "role": {"enum": ["master", "backup"]},
    "type": {"type": "string", "description": "vlanif | vbdif (interface); ebgp | ibgp "
                                              "(peer group; external | internal)"},
    "name": _TEXT,
    "id": _NUMBER_OR_TEXT,
    "vni": _NUMBER_OR_TEXT,
    # YAML 1.2 editors read 1.10 as a number; the intent loader keeps it as text
    "as": {"type": ["integer", "string", "number"],
           "description": "65001 or dot notation '1.10'"},
    "router-id": _ADDRESS,
    "address": _ADDRESS,
    "source-address": _ADDRESS,
    "connect-interface": {"type": "string", "description": (
        "Vlanif100, Vbdif10, LoopBack1 (interfaces the intent creates), or an interface the "
        "device has: Eth-Trunk10, Eth-Trunk10.100, 100GE1/0/1, 100GE1/0/1.100 (also GE, "
        "10GE, 25GE, 40GE, 50GE, 200GE, 400GE; CLI forms such as 'eth-trunk 10.100')")},
    "interface": {"type": "string", "description": "the user side's interface in the shared "
                                                   "subnet: Vlanif100, Vbdif10"},
    "shared-interface": {"type": "string", "description": (
        "the shared interface (Vlanif100, Vbdif10) the user side is dual-homed on; needed "
        "when the members share more than one")},
    "group": _TEXT,
    "ebgp-max-hop": {"type": ["integer", "null", "boolean"], "minimum": 1, "maximum": 255,
                     "description": "1..255; no value (or true) means 255"},
    "families": {"description": "family -> true (peer enable) / false (undo peer enable); "
                                "a device's bgp.families lists the instance families",
                 "oneOf": [{"type": "object", "additionalProperties": _BOOL,
                            "propertyNames": {"enum": ["ipv4-unicast", "ipv6-unicast",
                                                       "vpnv4"]}},
                           {"type": "array", "items": {"enum": ["ipv4-unicast",
                                                                "ipv6-unicast", "vpnv4"]}}]},
    "virtual-mac": {"type": "string", "description": "0000-5e00-0101, 00:00:5e:00:01:01"},
    "ipv4": {"type": "string", "description": "10.1.1.1/24, 10.1.1.1 255.255.255.0 (an "
                                              "address alone for the user side)"},
    "ipv4-secondary": {"type": "array", "items": _TEXT},
    "m-lag-ipv4": {"type": "string", "description": "10.1.1.2, 10.1.1.2/24 or 10.1.1.2 "
                                                    "255.255.255.0 (the primary's mask)"},
    "ipv6-enable": _BOOL,
    "ipv6": {"description": "2001:db8:1::1/64 (or a list of them)",
             "oneOf": [_TEXT, {"type": "array", "items": _TEXT}]},
    "ipv6-link-local": _ADDRESS,
    "m-lag-ipv6": {"type": "string", "description": "2001:db8:1::2[/64]"},
    "m-lag-ipv6-link-local": _ADDRESS,
    "arp-proxy": _BOOL,
    "nd-na-glean": _BOOL,
    "nd-proxy-route": {"enum": [True, False, "prune"]},
    "platform": _TEXT,
    "low-latency": _BOOL,
    "ignore-primary-sub": _BOOL,
    "user-side": _ADDRESSES,
}


def _definition(cls: type[Spec]) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for field, key in cls.YAML.items():
        nested = cls.NESTED.get(field)
        if nested is not None:
            spec, many = nested
            ref = {"$ref": f"#/$defs/{spec.__name__}"}
            properties[key] = {"type": "array", "items": ref} if many else ref
        else:
            properties[key] = KEY_TYPES[key]
    out: dict[str, Any] = {"type": "object", "additionalProperties": False,
                           "properties": properties}
    if cls.__doc__:
        out["description"] = " ".join(cls.__doc__.split())
    if cls.REQUIRED:
        out["required"] = [cls.YAML[f] for f in cls.REQUIRED]
    return out


def intent_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of intent files, formats 1 and 2."""
    defs = {cls.__name__: _definition(cls) for cls in spec_classes()}
    defs["MlagIntentSpec"]["properties"]["kind"] = {"const": "bgp-over-mlag"}
    defs["MpEbgpIntentSpec"]["properties"]["kind"] = {"const": "mp-ebgp"}
    # format 2's user side: its addresses, or the mapping that can name the device
    v2_user = defs["MlagV2Spec"]["properties"]
    v2_user["user-side"] = {"oneOf": [KEY_TYPES["user-side"], v2_user["user-side"]]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "mlag-netconf intent",
        "description": "BGP / BGP4+ over M-LAG and MP-EBGP on Huawei CloudEngine: format 1 "
                       "('kind: bgp-over-mlag' or 'kind: mp-ebgp') or format 2 "
                       "('version: 2', device-centric).",
        "oneOf": [{"$ref": f"#/$defs/{c.__name__}"}
                  for c in (MlagIntentSpec, MpEbgpIntentSpec, IntentV2Spec)],
        "$defs": defs,
    }


def schema_text() -> str:
    """:func:`intent_schema` as the text of the shipped ``intent.schema.json``."""
    return json.dumps(intent_schema(), indent=2) + "\n"


def shipped_schema_text() -> str:
    """The ``intent.schema.json`` shipped in the package."""
    return resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
