"""get-config / get with subtree filters (RFC 6241 §6): the same answers on both servers.

The expected answers are netconfd's: content-match nodes and list keys of every selected
entry are returned (§6.2.5 lets a server add the keys; netconfd and Huawei devices do,
and clients match entries on them).
"""

from __future__ import annotations

import pytest

from .harness import NS, Sessions, canon, expect_ok, expected, top_filter

pytestmark = pytest.mark.netconfd

A1 = ("<item><name>a</name><unit>1</unit><mtu>1500</mtu><mode>access</mode>"
      "<tag>x</tag><tag>y</tag><member><id>1</id><weight>5</weight></member>"
      "<member><id>2</id></member></item>")
A2 = "<item><name>a</name><unit>2</unit><descr>two</descr></item>"
B1 = "<item><name>b</name><unit>1</unit><mode>trunk</mode><shutdown/></item>"
SRV = "<server><address>10.0.0.1</address><port>22</port></server>"
DATA = "<label>lab</label>" + A1 + A2 + B1 + SRV

CASES = {
    "whole module": ("", DATA),
    "one leaf": ("<label/>", "<label>lab</label>"),
    "one list": ("<server/>", SRV),
    "content match on a key": ("<item><name>a</name></item>", A1 + A2),
    "content match on both keys": ("<item><name>a</name><unit>2</unit></item>", A2),
    "content match + selection": (
        "<item><name>a</name><mtu/></item>",
        "<item><name>a</name><unit>1</unit><mtu>1500</mtu></item>"
        "<item><name>a</name><unit>2</unit></item>",
    ),
    "content match on a non-key leaf": ("<item><mode>trunk</mode></item>", B1),
    "content match on a leaf-list value": ("<item><tag>x</tag></item>", A1),
    "nested list content match": (
        "<item><member><id>2</id></member></item>",
        "<item><name>a</name><unit>1</unit><member><id>2</id></member></item>",
    ),
    "presence container selection": (
        "<item><shutdown/></item>",
        "<item><name>b</name><unit>1</unit><shutdown/></item>",
    ),
    "two selections": ("<label/><server><port/></server>", "<label>lab</label>" + SRV),
    "no match": ("<item><name>zz</name></item>", ""),
}


@pytest.mark.parametrize("case", list(CASES))
def test_subtree_filter(nc: Sessions, case: str) -> None:
    flt, answer = CASES[case]
    s = nc.open()
    expect_ok(s.edit(DATA))
    expect_ok(s.commit())
    assert s.read("running", flt) == expected(answer)
    assert s.read("candidate", flt) == expected(answer)


def test_filter_on_other_namespace_selects_nothing(nc: Sessions) -> None:
    s = nc.open()
    expect_ok(s.edit(DATA))
    reply = s.get_config_reply("candidate", '<top xmlns="urn:example:nowhere"/>')
    expect_ok(reply)
    assert reply.data is not None
    assert len(reply.data) == 0


def test_get_returns_configuration_too(nc: Sessions) -> None:
    s = nc.open()
    expect_ok(s.edit(DATA))
    expect_ok(s.commit())
    reply = s.get_reply(top_filter("<item><name>b</name></item>"))
    expect_ok(reply)
    assert canon(reply.data) == expected(B1)
    assert reply.data is not None
    assert reply.data.find(f"{{{NS}}}top") is not None
