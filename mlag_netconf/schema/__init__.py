"""Floor 1: the project's YANG modules, compiled by yangson.

Used by the NETCONF simulator (list keys, node kinds, capabilities, ``<get-schema>``,
commit-time validation) and by ``Payload.validate()``. Imports nothing above
``mlag_netconf.errors``.

- :class:`Schema` -- ``Schema.load()`` (cached), ``child()``/``node_at()`` lookups,
  ``validate()`` (a whole configuration) and ``check_edit()`` (an edit-config payload).
- :class:`SchemaNode` -- kind, name, namespace, keys... of one data node.
- :class:`SchemaIssue` -- one finding, phrased as a NETCONF ``<rpc-error>``.
- :class:`ModuleInfo` -- one module: name, revision, namespace, capability URI.
"""

from mlag_netconf.schema.convert import OPERATIONS
from mlag_netconf.schema.core import DEFAULT_YANG_DIR, Schema
from mlag_netconf.schema.modules import ModuleInfo
from mlag_netconf.schema.nodes import NodeKind, SchemaIssue, SchemaNode, Step

__all__ = [
    "DEFAULT_YANG_DIR",
    "OPERATIONS",
    "ModuleInfo",
    "NodeKind",
    "Schema",
    "SchemaIssue",
    "SchemaNode",
    "Step",
]
