"""How a CloudEngine V300 speaks NETCONF: the
:class:`~mlag_netconf.sim.protocol.dialect.Dialect` of the ``ce-v300`` profile.

Facts followed (``../shared/HUAWEI-NETCONF.md``):

- the hello of a real CE6866 (:data:`CE_CAPABILITIES`, then the modules of its
  :class:`~mlag_netconf.sim.huawei.modules.ModuleSet`), with ``:writable-running``
  (running edits are applied at once and checked like a commit) and with-defaults
  basic mode ``report-all`` (reads return default leaves);
- the client's hello chooses the mode: a hello with Huawei's private capabilities
  (ncclient's ``huawei`` handler) selects the old private-schema mode, in which the
  simulator refuses YANG content (``unknown-namespace``, the answer of a server that
  does not know the namespace: an inference, not a captured reply);
- ``<commit>`` takes ``<description>`` (1–60 characters, namespace
  ``urn:huawei:yang:huawei-ietf-netconf-ext``), kept in the commit history;
- replies to a commit or an edit of running carry ``nc-ext:flow-id`` and
  ``nc-ext:flow-id-time`` (the history's change id and time);
- the error dialect of :mod:`~mlag_netconf.sim.huawei.errors`;
- ``<execute-cli>`` (:mod:`~mlag_netconf.sim.huawei.execute_cli`).
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping

from lxml import etree

from mlag_netconf.errors import RpcErrorInfo
from mlag_netconf.sim.huawei.errors import NC_EXT, ce_error_element
from mlag_netconf.sim.huawei.execute_cli import CLI_NS, execute_cli
from mlag_netconf.sim.huawei.modules import ModuleSet
from mlag_netconf.sim.protocol.defaults import Mode, Support
from mlag_netconf.sim.protocol.dialect import MONITORING_CAPABILITY, Handler, Request
from mlag_netconf.sim.protocol.errors import RpcFailure
from mlag_netconf.sim.protocol.history import Change
from mlag_netconf.sim.protocol.schema_port import SimSchema
from mlag_netconf.xmltree import Element, child, children, element_tag, qname, split_qname

__all__ = ["CE_CAPABILITIES", "HUAWEI_PRIVATE", "CloudEngineDialect"]

HUAWEI_PRIVATE = "http://www.huawei.com/netconf/capability/"
"""Prefix of Huawei's private capabilities; a client hello naming one selects the
private-schema mode."""
_PRIVATE_CONTENT = "http://www.huawei.com/netconf/vrp"

WITH_DEFAULTS = Support(Mode.REPORT_ALL, (Mode.REPORT_ALL_TAGGED, Mode.TRIM))

#: The NETCONF capabilities of the captured CE6866 hello, in its order (the
#: yang-library capability follows with this device's module-set-id; the CE6800
#: V300R023 guide adds ``sync-config`` 1.0 and 1.1).
CE_CAPABILITIES = (
    "urn:ietf:params:netconf:base:1.0",
    "urn:ietf:params:netconf:base:1.1",
    "urn:ietf:params:netconf:capability:schema-sets:1.0?list=huawei-yang@2.0.0",
    "urn:ietf:params:netconf:capability:writable-running:1.0",
    "urn:ietf:params:netconf:capability:candidate:1.0",
    "urn:ietf:params:netconf:capability:confirmed-commit:1.0",
    "urn:ietf:params:netconf:capability:confirmed-commit:1.1",
    WITH_DEFAULTS.capability(),
    f"{HUAWEI_PRIVATE}discard-commit/1.0",
    "urn:ietf:params:netconf:capability:xpath:1.0",
    "urn:ietf:params:netconf:capability:startup:1.0",
    "urn:ietf:params:netconf:capability:rollback-on-error:1.0",
    f"{HUAWEI_PRIVATE}sync/1.3",
    f"{HUAWEI_PRIVATE}sync/1.2",
    f"{HUAWEI_PRIVATE}sync/1.1",
    f"{HUAWEI_PRIVATE}sync/1.0",
    f"{HUAWEI_PRIVATE}exchange/1.0",
    f"{HUAWEI_PRIVATE}exchange/1.2",
    f"{HUAWEI_PRIVATE}active/1.0",
    "urn:ietf:params:netconf:capability:validate:1.0",
    "urn:ietf:params:netconf:capability:validate:1.1",
    f"{HUAWEI_PRIVATE}action/1.0",
    f"{HUAWEI_PRIVATE}execute-cli/1.0",
    f"{HUAWEI_PRIVATE}update/1.0",
    f"{HUAWEI_PRIVATE}commit-description/1.0",
    f"{HUAWEI_PRIVATE}sync-config/1.0",
    f"{HUAWEI_PRIVATE}sync-config/1.1",
    "urn:ietf:params:netconf:capability:url:1.0?scheme=file,ftp,sftp,http,https",
    f"{HUAWEI_PRIVATE}schema/1.0",
    "urn:ietf:params:netconf:capability:notification:1.0",
    "urn:ietf:params:netconf:capability:interleave:1.0",
    "urn:ietf:params:netconf:capability:notification:2.0",
)
YANG_LIBRARY = "urn:ietf:params:netconf:capability:yang-library:1.0?revision=2016-06-21"
DESCRIPTION_LENGTH = (1, 60)


class CloudEngineDialect:
    """The NETCONF dialect of a CloudEngine V300 with module set ``modules``."""

    writable_running = True
    with_defaults = WITH_DEFAULTS

    def __init__(self, modules: ModuleSet | None = None) -> None:
        self.modules = modules or ModuleSet()

    # ------------------------------------------------------------------ hello
    def capabilities(self, schema: SimSchema) -> list[str]:
        modules = self.modules.capabilities(schema)
        return [*CE_CAPABILITIES, f"{YANG_LIBRARY}&module-set-id={module_set_id(modules)}",
                MONITORING_CAPABILITY, *modules]

    # ------------------------------------------------------------------ mode
    def refusal(self, request: Request) -> RpcErrorInfo | None:
        """In the private-schema mode, YANG content in an edit or validate is unknown."""
        if not any(c.startswith(HUAWEI_PRIVATE) for c in request.client_capabilities):
            return None
        config = _config_of(request)
        for node in () if config is None else children(config):
            namespace, local = split_qname(element_tag(node))
            if namespace != _PRIVATE_CONTENT:
                return RpcErrorInfo.protocol(
                    "unknown-namespace",
                    f"namespace {namespace} is unknown in the private-schema mode this "
                    "session chose (its hello named Huawei private capabilities); "
                    "open the session with a base-only hello for YANG",
                    info={"bad-element": local, "bad-namespace": namespace})
        return None

    # ------------------------------------------------------------------ operations
    def operations(self) -> Mapping[tuple[str, str], Handler]:
        return {(CLI_NS, "execute-cli"): execute_cli}

    def commit_label(self, op: Element) -> str | None:
        """``<description>`` of a commit, 1–60 characters."""
        node = op.find(qname(NC_EXT, "description"))
        if node is None:
            return None
        value = node.text or ""
        low, high = DESCRIPTION_LENGTH
        if not low <= len(value) <= high:
            raise RpcFailure(RpcErrorInfo.protocol(
                "invalid-value", f"description must have {low} to {high} characters, "
                f"not {len(value)}", info={"bad-element": "description"}))
        return value

    # ------------------------------------------------------------------ replies
    def error_element(self, error: RpcErrorInfo, request: Request | None,
                      schema: SimSchema) -> Element:
        return ce_error_element(error, request, schema)

    def finish_reply(self, reply: Element, request: Request, change: Change | None) -> None:
        if change is None or not (request.name == "commit" or (
                request.name == "edit-config" and request.target == "running")):
            return
        reply.set(qname(NC_EXT, "flow-id"), str(change.id))
        reply.set(qname(NC_EXT, "flow-id-time"), change.time)
        etree.cleanup_namespaces(reply, top_nsmap={"nc-ext": NC_EXT})


def module_set_id(capabilities: list[str]) -> str:
    """A number that changes with the module capabilities (as a device's does)."""
    return str(zlib.crc32("\n".join(capabilities).encode()))


def _config_of(request: Request) -> Element | None:
    if request.name == "edit-config":
        return child(request.op, "config")
    if request.name == "validate":
        source = child(request.op, "source")
        return None if source is None else child(source, "config")
    return None
