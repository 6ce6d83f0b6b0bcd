"""One NETCONF session with one device: connect from an inventory entry, typed RPCs.

::

    from mlag_netconf.inventory import Inventory
    with connect(Inventory.load("inv.yaml")["DeviceA"]) as s:
        print(s.capabilities.candidate)

Every RPC goes through :meth:`Session.rpc`: the reply is parsed by the hardened parser,
every ``<rpc-error>`` of it becomes an :class:`~mlag_netconf.errors.RpcErrorInfo` in one
typed exception (``severity warning`` ones are kept in :attr:`Session.warnings` and never
fail an RPC), a timeout is :class:`~mlag_netconf.errors.RpcTimeout`, a lost session
:class:`~mlag_netconf.errors.SessionLost`. The hello carries the base capabilities only
(ncclient's ``huaweiyang`` handler): Huawei's private capabilities would switch a
CloudEngine to its old private schema mode.
"""

from __future__ import annotations

import base64
import contextlib
import logging
import struct
from collections.abc import Callable
from types import TracebackType
from typing import Any

from lxml import etree
from ncclient import manager as nc_manager
from ncclient.operations import RaiseMode
from ncclient.operations.errors import TimeoutExpiredError
from ncclient.transport.errors import (
    AuthenticationError,
    SSHError,
    SSHUnknownHostError,
    TransportError,
)

from mlag_netconf.errors import (
    CommitError,
    ConnectError,
    LockDenied,
    NetconfError,
    RpcError,
    RpcErrorInfo,
    RpcTimeout,
    SessionLost,
)
from mlag_netconf.inventory import DeviceEntry
from mlag_netconf.namespaces import NC
from mlag_netconf.netconf.capabilities import DeviceCapabilities
from mlag_netconf.netconf.transport import EventSession, nodelay_socket
from mlag_netconf.xmltree import Element, XmlRejected, child, deep_copy, parse, qname
from mlag_netconf.xmltree.rpc_error import parse_rpc_errors

log = logging.getLogger("mlag_netconf.netconf")

DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_RPC_TIMEOUT = 30.0


class Session:
    """A connected NETCONF session (use :func:`connect`); a context manager."""

    def __init__(self, manager: Any, entry: DeviceEntry, *, rpc_timeout: float,
                 connect_timeout: float = DEFAULT_CONNECT_TIMEOUT) -> None:
        self._m = manager
        self.connect_timeout = connect_timeout
        self.entry = entry
        self.name = entry.name
        self.rpc_timeout = rpc_timeout
        self.capabilities = DeviceCapabilities.from_uris(manager.server_capabilities)
        #: ``<rpc-error severity="warning">`` entries seen on this session
        self.warnings: list[RpcErrorInfo] = []
        self._dead = False

    def __repr__(self) -> str:
        state = "connected" if self.connected else "closed"
        return f"Session({self.name!r}, {self.entry.host}:{self.entry.port}, {state})"

    @property
    def session_id(self) -> str | None:
        return str(self._m.session_id) if self._m.session_id is not None else None

    @property
    def connected(self) -> bool:
        return not self._dead and bool(self._m.connected)

    def reopen(self) -> None:
        """Reconnect when the device closed the session (a CloudEngine ends a session
        after 10 idle minutes). Only between transactions: never inside one."""
        if self.connected:
            return
        fresh = connect(self.entry, timeout=self.connect_timeout, rpc_timeout=self.rpc_timeout)
        log.info("%s: the session had been closed by the device; reconnected", self.name)
        self._m, self._dead = fresh._m, False
        self.capabilities = fresh.capabilities

    def _abandon(self) -> None:
        """The session is unusable (lost, or the device sent something unacceptable)."""
        self._dead = True
        with contextlib.suppress(Exception):
            self._m._session.close()

    # ------------------------------------------------------------------ the one RPC path
    def rpc(self, step: str, call: Callable[[], Any]) -> Element:
        """Run one ncclient call and return the parsed ``<rpc-reply>``.

        Raises :class:`RpcError` (every error of the reply; :class:`LockDenied` for a
        ``lock-denied``, :class:`CommitError` for a failed commit step),
        :class:`RpcTimeout` or :class:`SessionLost`, each naming device and ``step``.
        """
        if not self.connected:
            raise SessionLost("the session is closed", device=self.name, step=step)
        try:
            reply = call()
        except TimeoutExpiredError:
            raise RpcTimeout(f"no reply within {self.rpc_timeout:g} s", device=self.name,
                             step=step) from None
        except XmlRejected as e:
            self._abandon()
            raise SessionLost(f"refused the device's reply: {e}", device=self.name,
                              step=step) from None
        except (TransportError, OSError, EOFError) as e:
            rejected = getattr(self._m._session, "rejected", None)
            why = f"refused the device's reply: {rejected}" if rejected else (
                f"session lost: {e or type(e).__name__}")
            self._abandon()
            raise SessionLost(why, device=self.name, step=step) from None
        root = parse(reply.xml)
        found = parse_rpc_errors(root)
        errors = [e for e in found if e.severity != "warning"]
        self.warnings.extend(e for e in found if e.severity == "warning")
        if errors:
            cls: type[RpcError] = RpcError
            if step == "lock" and any(e.tag == "lock-denied" for e in errors):
                cls = LockDenied
            elif step in ("commit", "confirm"):
                cls = CommitError
            raise cls(errors, device=self.name, step=step)
        return root

    # ------------------------------------------------------------------ operations
    def lock(self, target: str = "candidate") -> None:
        self.rpc("lock", lambda: self._m.lock(target))

    def unlock(self, target: str = "candidate") -> None:
        self.rpc("unlock", lambda: self._m.unlock(target))

    def discard(self) -> None:
        self.rpc("discard", self._m.discard_changes)

    def edit(self, config: Element, *, target: str = "candidate",
             default_operation: str | None = None) -> None:
        self.rpc("edit", lambda: self._m.edit_config(
            config=config, target=target, default_operation=default_operation))

    def validate(self, source: str = "candidate") -> None:
        self.rpc("validate", lambda: self._m.validate(source=source))

    def commit(self, *, confirm_timeout: int | None = None, persist: str | None = None,
               persist_id: str | None = None, step: str = "commit") -> None:
        """A plain commit, a confirmed commit (``confirm_timeout`` s, ``persist`` token),
        or the confirming commit of a persisted one (``persist_id``)."""
        kwargs: dict[str, Any] = {}
        if confirm_timeout is not None:
            kwargs.update(confirmed=True, timeout=str(confirm_timeout))
            if persist:
                kwargs["persist"] = persist
        if persist_id:
            kwargs["persist_id"] = persist_id
        self.rpc(step, lambda: self._m.commit(**kwargs))

    def cancel_commit(self, persist_id: str | None = None) -> None:
        self.rpc("cancel-commit", lambda: self._m.cancel_commit(persist_id=persist_id))

    def get_config(self, source: str = "running", subtree: Element | None = None) -> Element:
        """The ``<data>`` of ``<get-config>``; ``subtree`` is a ``<filter type="subtree">``
        (see :func:`mlag_netconf.netconf.tree.read_filter`)."""
        flt = deep_copy(subtree) if subtree is not None else None
        root = self.rpc("get-config", lambda: self._m.get_config(source=source, filter=flt))
        data = child(root, "data")
        return data if data is not None else etree.Element(qname(NC, "data"))

    def get(self, subtree: Element | None = None) -> Element:
        """The ``<data>`` of ``<get>`` (state and configuration); ``subtree`` as for
        :meth:`get_config`."""
        flt = deep_copy(subtree) if subtree is not None else None
        root = self.rpc("get", lambda: self._m.get(filter=flt))
        data = child(root, "data")
        return data if data is not None else etree.Element(qname(NC, "data"))

    def get_schema(self, identifier: str, version: str | None = None) -> str:
        """The text of the module ``identifier`` (``version``: a revision) the device
        holds, by ``<get-schema>`` (RFC 6022 §3.1).

        Raises :class:`RpcError` when the device refuses (no such module or revision),
        :class:`NetconfError` when its reply holds no module text, :class:`RpcTimeout` /
        :class:`SessionLost` as every RPC.
        """
        if not identifier or not identifier.strip():
            raise NetconfError("get-schema needs a module name", device=self.name,
                               step="get-schema")
        root = self.rpc("get-schema", lambda: self._m.get_schema(identifier,
                                                                  version=version or None))
        data = child(root, "data")
        body = (data.text or "") if data is not None else ""
        if not body.strip():
            what = identifier + (f"@{version}" if version else "")
            raise NetconfError(f"the reply to get-schema {what} holds no module text",
                               device=self.name, step="get-schema")
        return body

    # ------------------------------------------------------------------ lifecycle
    def close(self) -> None:
        """End the session politely (``close-session``); never raises."""
        if not self.connected:
            if not self._dead:
                self._abandon()
            return
        try:
            self._m.close_session()
        except Exception as e:
            log.debug("%s: close-session failed: %r", self.name, e)
            with contextlib.suppress(Exception):
                self._m._session.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def connect(entry: DeviceEntry, *, timeout: float = DEFAULT_CONNECT_TIMEOUT,
            rpc_timeout: float = DEFAULT_RPC_TIMEOUT,
            verify_host_key: bool | None = None) -> Session:
    """Open a NETCONF session to ``entry`` (an inventory entry).

    The host key is verified by default: against ``entry.host_key`` (pinned) or the
    ``known_hosts`` file. ``verify_host_key=False`` (or the entry's
    ``verify_host_key: false``) turns it off, with a warning in the log. Raises
    :class:`~mlag_netconf.errors.ConnectError` naming the device and what failed.
    """
    verify = entry.verify_host_key if verify_host_key is None else verify_host_key
    if not verify:
        log.warning("%s: host key verification is OFF (explicitly requested)", entry.name)
    if verify and not entry.host_key and not entry.known_hosts:
        raise ConnectError("no host key pinned and no known_hosts file in the inventory",
                           device=entry.name, step="connect")
    pinned = _key_b64(entry) if verify else None
    handler = nc_manager.make_device_handler({"name": "huaweiyang"})
    session = EventSession(handler)
    password = entry.secret()
    try:
        sock = nodelay_socket(entry.host, entry.port, timeout)
    except OSError as e:
        raise ConnectError(f"cannot reach {entry.host}:{entry.port}: {e}",
                           device=entry.name, step="connect") from None
    try:
        if verify and entry.known_hosts and not entry.host_key:
            session.load_known_hosts(entry.known_hosts)
        session.connect(
            host=entry.host, port=entry.port, timeout=timeout, username=entry.username,
            password=password, key_filename=entry.key_filename,
            hostkey_verify=verify, hostkey_b64=pinned,
            allow_agent=False, look_for_keys=False, sock=sock)
    except (SSHError, TransportError, OSError, EOFError) as e:
        sock.close()
        session.release()
        raise ConnectError(_connect_failure(e, entry, password), device=entry.name,
                           step="connect") from None
    m = nc_manager.Manager(session, handler, timeout=rpc_timeout, raise_mode=RaiseMode.NONE)
    return Session(m, entry, rpc_timeout=rpc_timeout, connect_timeout=timeout)


def _connect_failure(error: BaseException, entry: DeviceEntry, secret: str | None) -> str:
    """What to tell the user about a failed SSH/NETCONF setup (never the password)."""
    if isinstance(error, SSHUnknownHostError):
        return f"host key not trusted ({error}); refusing to connect"
    if isinstance(error, AuthenticationError):
        return f"authentication failed for user {entry.username!r}"
    return f"SSH/NETCONF setup failed: {_clean(error, secret)}"


def _key_b64(entry: DeviceEntry) -> str | None:
    """``ssh-ed25519 AAAA... [comment]`` -> ``AAAA...`` (what ncclient pins), checked:
    valid base64 whose blob names the key type; else :class:`ConnectError`."""
    if not entry.host_key:
        return None
    parts = entry.host_key.split()
    blob = parts[1] if len(parts) > 1 else parts[0]
    try:
        raw = base64.b64decode(blob, validate=True)
        (size,) = struct.unpack(">I", raw[:4])
        kind = raw[4:4 + size].decode("ascii")
    except (ValueError, struct.error, UnicodeDecodeError):
        kind = ""
    if not kind.startswith(("ssh-", "ecdsa-", "sk-")) or (len(parts) > 1 and parts[0] != kind):
        raise ConnectError(f"the inventory's host key is not an OpenSSH public key "
                           f"({entry.host_key[:40]!r})", device=entry.name, step="connect")
    return blob


def _clean(error: BaseException, secret: str | None) -> str:
    text = str(error) or type(error).__name__
    return text.replace(secret, "***") if secret else text


__all__ = ["Session", "connect"]
