"""Intent YAML: safe, with the scalars an engineer means, and no key given twice.

- ``as: 1.100`` stays the text ``1.100`` (the dot-notation AS), which a float would turn
  into ``1.1``;
- ``52:54:00:12:34:56`` stays text (a MAC), which YAML 1.1 would read as a base-60 int;
- a key given twice in one mapping is an error naming it (``duplicate-key``), not
  last-wins.

>>> load_yaml("as: 1.100\\nmac: 52:54:00:12:34:56\\nid: 10")
{'as': '1.100', 'mac': '52:54:00:12:34:56', 'id': 10}
>>> load_yaml("members:\\n  - {name: A, as: 1, as: 2}")
Traceback (most recent call last):
...
mlag_netconf.errors.IntentError: members[0].as: duplicate-key: 'as' is given twice (lines 2 and 2)
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from mlag_netconf.errors import IntentError


class IntentLoader(yaml.SafeLoader):
    """Safe YAML, but numbers that look like floats or base-60 integers stay text."""


def _float_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    return str(node.value)


def _int_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int | str:
    """Only plain decimal numbers are integers. YAML 1.1 base-60 (``52:54:00:12:34:56``:
    a MAC), octal (``0144``: VLAN 144, not 100), hex, binary and ``1_000`` stay text, for
    the typed leaves to read as an engineer would (or refuse)."""
    text = str(node.value)
    if re.fullmatch(r"[-+]?(0|[1-9][0-9]*)", text):
        return int(text)
    return text


IntentLoader.add_constructor("tag:yaml.org,2002:float", _float_as_text)
IntentLoader.add_constructor("tag:yaml.org,2002:int", _int_or_text)


def _refuse_duplicate_keys(node: yaml.Node, path: str, seen_nodes: set[int]) -> None:
    """Walk the composed document; a mapping that repeats a key is an ``IntentError``."""
    if id(node) in seen_nodes:  # an alias: checked where its anchor is
        return
    seen_nodes.add(id(node))
    if isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            _refuse_duplicate_keys(child, f"{path}[{i}]", seen_nodes)
    elif isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, child in node.value:
            if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
                continue
            name = str(key.value)
            where = f"{path}.{name}" if path else name
            line = key.start_mark.line + 1
            if name in seen:
                raise IntentError(where, "duplicate-key",
                                  f"{name!r} is given twice (lines {seen[name]} and {line})")
            seen[name] = line
            _refuse_duplicate_keys(child, where, seen_nodes)


def load_yaml(text: str) -> Any:
    """The YAML document in ``text`` (``yaml-syntax`` / ``duplicate-key`` errors)."""
    try:
        loader = IntentLoader(text)
    except yaml.YAMLError as e:  # the reader refuses a character before any parsing
        raise IntentError("", "yaml-syntax", str(e).replace("\n", " ")) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _refuse_duplicate_keys(node, "", set())
        return loader.construct_document(node)
    except yaml.YAMLError as e:
        raise IntentError("", "yaml-syntax", str(e).replace("\n", " ")) from None
    finally:
        loader.dispose()
