"""How a server speaks NETCONF: its hello, its error dialect, its replies, its extras.

The engine asks its :class:`Dialect` at a few fixed points and nowhere else:

- ``capabilities(schema)``: the ``<hello>`` capability list (and the monitoring data);
- ``writable_running``: whether ``<edit-config>`` may target ``running`` (applied at
  once, checked like a commit);
- ``with_defaults``: the with-defaults basic mode and the other supported modes;
- ``refusal(request)``: an RPC the session's mode refuses (e.g. the client's hello
  chose a mode in which the device does not take these edits);
- ``operations()``: extra RPCs by ``(namespace, local name)``;
- ``commit_label(op)``: the label a ``<commit>`` carries into the commit history;
- ``error_element(error, request, schema)``: the ``<rpc-error>`` written for an error;
- ``finish_reply(reply, request, change)``: last touches on a reply (``change`` is the
  running configuration's change this RPC made, if any).

:class:`RfcDialect` is RFC 6241 as it is written: the default of every device core.

>>> from mlag_netconf.sim.protocol.schema_port import SimSchema
>>> caps = RfcDialect().capabilities(SimSchema.load())
>>> "urn:ietf:params:netconf:capability:writable-running:1.0" in caps
False
>>> from mlag_netconf.sim.protocol.tree import new_root
>>> RfcDialect().commit_label(new_root()) is None
True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from mlag_netconf.errors import RpcErrorInfo
from mlag_netconf.sim.protocol.defaults import Support
from mlag_netconf.sim.protocol.history import Change
from mlag_netconf.sim.protocol.schema_port import SimSchema
from mlag_netconf.xmltree import Element, child, children, local_name
from mlag_netconf.xmltree.rpc_error import rpc_error_element

if TYPE_CHECKING:
    from mlag_netconf.sim.protocol.operations import Call

__all__ = [
    "BASE_CAPABILITIES",
    "MONITORING_CAPABILITY",
    "Dialect",
    "Handler",
    "Request",
    "RfcDialect",
    "module_capabilities",
]

Handler = Callable[["Call"], Element | None]
"""An operation handler: the reply content (``None``: ``<ok/>``) or raises ``RpcFailure``."""

BASE_CAPABILITIES = (
    "urn:ietf:params:netconf:base:1.0",
    "urn:ietf:params:netconf:base:1.1",
    "urn:ietf:params:netconf:capability:candidate:1.0",
    "urn:ietf:params:netconf:capability:confirmed-commit:1.1",
    "urn:ietf:params:netconf:capability:validate:1.1",
    "urn:ietf:params:netconf:capability:rollback-on-error:1.0",
)
MONITORING_CAPABILITY = ("urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring"
                         "?module=ietf-netconf-monitoring&revision=2010-10-04")


def module_capabilities(schema: SimSchema) -> list[str]:
    """One capability per module of the schema (RFC 7950 §5.6.4)."""
    return [m.capability() for m in schema.modules]


@dataclass(frozen=True)
class Request:
    """The RPC being answered, as the dialect sees it."""

    op: Element
    session_id: int
    client_capabilities: frozenset[str] = frozenset()

    @property
    def name(self) -> str:
        return local_name(self.op)

    @property
    def target(self) -> str | None:
        """The datastore named by ``<target>`` (edit-config, lock...), if any."""
        holder = child(self.op, "target")
        first = None if holder is None else next(children(holder), None)
        return None if first is None else local_name(first)


class Dialect(Protocol):
    """How one device speaks; see the module documentation for when each is asked."""

    @property
    def writable_running(self) -> bool: ...

    @property
    def with_defaults(self) -> Support: ...

    def capabilities(self, schema: SimSchema) -> list[str]: ...

    def refusal(self, request: Request) -> RpcErrorInfo | None: ...

    def operations(self) -> Mapping[tuple[str, str], Handler]: ...

    def commit_label(self, op: Element) -> str | None: ...

    def error_element(self, error: RpcErrorInfo, request: Request | None,
                      schema: SimSchema) -> Element: ...

    def finish_reply(self, reply: Element, request: Request, change: Change | None) -> None: ...


class RfcDialect:
    """RFC 6241 as written: no writable running, errors as the RFC shapes them."""

    writable_running = False
    with_defaults = Support()

    def capabilities(self, schema: SimSchema) -> list[str]:
        return [*BASE_CAPABILITIES, self.with_defaults.capability(), MONITORING_CAPABILITY,
                *module_capabilities(schema)]

    def refusal(self, request: Request) -> RpcErrorInfo | None:
        del request
        return None

    def operations(self) -> Mapping[tuple[str, str], Handler]:
        return {}

    def commit_label(self, op: Element) -> str | None:
        del op
        return None

    def error_element(self, error: RpcErrorInfo, request: Request | None,
                      schema: SimSchema) -> Element:
        del request
        return rpc_error_element(error, schema.namespaces)

    def finish_reply(self, reply: Element, request: Request, change: Change | None) -> None:
        del reply, request, change
