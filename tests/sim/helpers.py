"""Payload builders and assertions shared by the simulator's tests."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from ncclient.operations.rpc import RPCError

TEST_YANG = Path(__file__).resolve().parent / "yang"
NC = "urn:ietf:params:xml:ns:netconf:base:1.0"
ST = "urn:mlag-netconf:test:sim-test"


def cfg(inner: str) -> str:
    """``<config>`` with the nc prefix declared (for ``nc:operation``)."""
    return f'<config xmlns="{NC}" xmlns:nc="{NC}">{inner}</config>'


def top(inner: str, op: str | None = None) -> str:
    attr = f' nc:operation="{op}"' if op else ""
    return f'<top xmlns="{ST}"{attr}>{inner}</top>'


def user(name: str, kind: str = "user", extra: str = "", op: str | None = None) -> str:
    attr = f' nc:operation="{op}"' if op else ""
    return f"<user{attr}><name>{name}</name><type>{kind}</type>{extra}</user>"


def edit(m: Any, inner: str, **kwargs: Any) -> Any:
    return m.edit_config(target="candidate", config=cfg(inner), **kwargs)


def data_of(reply: Any) -> etree._Element:
    """The ``<data>`` element of a get/get-config reply."""
    root = etree.fromstring(reply.xml.encode())
    found = root.find(f"{{{NC}}}data")
    assert found is not None, reply.xml
    return found


def values(reply: Any, path: str) -> list[str]:
    """Texts at an XPath (prefix ``st`` for the test module) in a reply's data."""
    found: Any = data_of(reply).xpath(path, namespaces={"st": ST, "nc": NC})
    return [(e.text or "").strip() for e in found]


def running(m: Any, path: str) -> list[str]:
    return values(m.get_config("running"), path)


def candidate(m: Any, path: str) -> list[str]:
    return values(m.get_config("candidate"), path)


def all_errors(err: RPCError) -> list[RPCError]:
    """Every error of a reply (ncclient keeps several in ``errors``, one in itself)."""
    many = getattr(err, "errors", None)
    return list(many) if many else [err]


NC_EXT = "urn:huawei:yang:huawei-ietf-netconf-ext"


def error_paras(err: RPCError) -> list[str]:
    """The ``nc-ext:error-para`` texts of one error (the CloudEngine dialect)."""
    if not err.info:
        return []
    root = etree.fromstring(err.info.encode())
    return [(p.text or "") for p in root.iter(f"{{{NC_EXT}}}error-para")]


def library_id(err: RPCError) -> str | None:
    """The library's id of an error: the app-tag, or under the CloudEngine dialect
    (numeric app-tag) the first ``error-para``."""
    if err.app_tag and not err.app_tag.isdigit():
        return str(err.app_tag)
    paras = error_paras(err)
    return paras[0] if paras else None


@contextmanager
def rpc_error(tag: str, *, app_tag: str | None = None) -> Iterator[pytest.ExceptionInfo[RPCError]]:
    """Expect an ``<rpc-error>`` whose first error has ``tag`` (and ``app_tag``, the
    library's id: see :func:`library_id`)."""
    with pytest.raises(RPCError) as info:
        yield info
    first = all_errors(info.value)[0]
    assert first.tag == tag, (first.tag, first.message, first.path)
    if app_tag is not None:
        assert library_id(first) == app_tag, (first.app_tag, first.message, first.info)


def error_tags(err: RPCError) -> list[str]:
    return [e.tag for e in all_errors(err)]


def info_text(err: RPCError, local: str) -> str | None:
    """Text of ``error-info/<local>`` in the first error."""
    raw = all_errors(err)[0].info
    if not raw:
        return None
    found = etree.fromstring(raw.encode()).find(f".//{{{NC}}}{local}")
    return None if found is None else (found.text or "").strip()


def close_quietly(mgr: Any) -> None:
    """Close a Manager whose session the test may already have ended."""
    if not mgr.connected:
        return
    try:
        mgr.close_session()
    except Exception:  # the server may drop it first (kill-session, faults)
        mgr._session.close()


def wait_for(predicate: Callable[[], object], timeout: float = 5.0) -> bool:
    """Poll ``predicate`` until it holds (True) or ``timeout`` passes (False)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.02)
    return False
