"""hello capabilities (RFC 6241 §8, RFC 7950 §5.6.4) and get-schema (RFC 6022 §3.1).

Not compared: get-schema of an unknown module (netconfd answers operation-failed /
no-matches where RFC 6022 asks for invalid-value) and ``<format>`` values (ncclient
sends the identity without its prefix, which netconfd refuses).
"""

from __future__ import annotations

import pytest
from ncclient.transport.session import NetconfBase

from .harness import MODULE, NS, REVISION, YANG_DIR, Sessions, expect_ok, expected

pytestmark = pytest.mark.netconfd

CAPS = [
    "urn:ietf:params:netconf:base:1.0",
    "urn:ietf:params:netconf:base:1.1",
    "urn:ietf:params:netconf:capability:candidate:1.0",
    "urn:ietf:params:netconf:capability:confirmed-commit:1.1",
    "urn:ietf:params:netconf:capability:validate:1.1",
    "urn:ietf:params:netconf:capability:rollback-on-error:1.0",
]


@pytest.mark.parametrize("cap", CAPS)
def test_capability_advertised(nc: Sessions, cap: str) -> None:
    assert cap in nc.open().capabilities


def test_module_capability(nc: Sessions) -> None:
    caps = nc.open().capabilities
    mine = [c for c in caps if c.startswith(NS + "?")]
    assert len(mine) == 1, caps
    params = dict(p.split("=", 1) for p in mine[0].split("?", 1)[1].split("&"))
    assert params["module"] == MODULE
    assert params["revision"] == REVISION


def test_base_1_1_framing_negotiated(nc: Sessions) -> None:
    s = nc.open()
    assert s.mgr._session._base == NetconfBase.BASE_11


@pytest.mark.parametrize("version", [None, REVISION])
def test_get_schema_returns_the_module(nc: Sessions, version: str | None) -> None:
    reply = nc.open().get_schema(MODULE, version)
    expect_ok(reply)
    source = (YANG_DIR / f"{MODULE}.yang").read_text()
    assert reply.text is not None
    assert reply.text.strip() == source.strip()


def test_public_key_authentication(nc: Sessions) -> None:
    s = nc.server.connect(use_key=True)
    try:
        expect_ok(s.edit("<label>by-key</label>"))
        assert s.read() == expected("<label>by-key</label>")
        expect_ok(s.discard())
    finally:
        s.close()
