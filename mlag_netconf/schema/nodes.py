"""Plain, immutable views of schema nodes and of validation findings.

>>> str(SchemaIssue("/bgp:bgp/base-process", "operation-failed", "must-violation",
...                 "must failed", None))
'/bgp:bgp/base-process: operation-failed/must-violation: must failed'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["NodeKind", "SchemaIssue", "SchemaNode", "Step"]

NodeKind = Literal["container", "list", "leaf", "leaf-list", "anydata"]
Step = tuple[str, str]
"""One step of a schema path: ``(namespace URI, local name)``."""


@dataclass(frozen=True)
class SchemaNode:
    """A data node of the schema, as the XML of a payload sees it.

    ``path`` holds the ``(namespace, local name)`` steps from the top (choices and
    cases never appear); ``keys`` the list keys in YANG order; ``default`` the
    canonical text of a leaf's default value; ``type`` the built-in type of a leaf
    (``leafref`` for a leafref, ``union`` for a union).
    """

    kind: NodeKind
    name: str
    namespace: str
    module: str
    keys: tuple[str, ...] = ()
    presence: bool = False
    config: bool = True
    path: tuple[Step, ...] = ()
    mandatory: bool = False
    default: str | None = None
    type: str | None = None

    @property
    def is_list(self) -> bool:
        """True for lists and leaf-lists (elements that may repeat)."""
        return self.kind in ("list", "leaf-list")

    @property
    def is_leaf(self) -> bool:
        """True for leaves and leaf-lists (elements that carry text)."""
        return self.kind in ("leaf", "leaf-list")


@dataclass(frozen=True)
class SchemaIssue:
    """One way an instance document breaks the schema, phrased as a NETCONF error.

    ``path`` is an instance path with module prefixes where the namespace changes,
    e.g. ``/ifm:ifm/interfaces/interface[name='Vlanif100']/ip:ipv4/addresses``;
    ``tag`` the NETCONF ``error-tag``; ``app_tag`` the ``error-app-tag``;
    ``element`` the local name of the offending element (``bad-element`` info).
    """

    path: str
    tag: str
    app_tag: str | None
    message: str
    element: str | None = None

    def __str__(self) -> str:
        rule = self.tag + (f"/{self.app_tag}" if self.app_tag else "")
        return f"{self.path}: {rule}: {self.message}"
