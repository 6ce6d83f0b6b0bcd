"""Schema checks: types on arrival, unknown nodes, and the rules checked as a whole.

Type checks (range, length, pattern, enumeration) and unknown elements are rejected by
the ``<edit-config>`` itself on every server (RFC 7950 §8.3.1: ``invalid-value``).

``mandatory``, ``must`` and ``leafref`` are constraints on the whole datastore (RFC 7950
§8.3.3): a Huawei device, and the simulator, check them at ``<commit>`` (and
``<validate>``), while netconfd checks them on every ``<edit-config>`` already
(NETCONFD.md bug 4). The sequences below therefore run "edit, then commit" and compare
the first rejection, whichever step gives it: both servers must reject the same sequence
with the same error. Left out because the servers cannot agree by design: building a
valid configuration through intermediate invalid candidates (item referring to a server
added by a later edit), which netconfd refuses at the first edit.

Avoided netconfd deviation: a value of the wrong type (``<mtu>abc</mtu>``) gets
``bad-element`` from netconfd where RFC 7950 §8.3.1 asks for ``invalid-value``: not
compared.

``<validate>`` is only sent with an inline ``<config>`` before a commit: validating the
candidate and then committing loses the edits on netconfd (NETCONFD.md bug 1); a
validate of the candidate that is followed by a discard is harmless.
"""

from __future__ import annotations

import pytest

from .harness import Sessions, expect_error, expect_ok, expected, first_rejection

pytestmark = pytest.mark.netconfd

ITEM = "<item><name>a</name><unit>1</unit>{}</item>"
SERVER = "<server><address>10.0.0.1</address><port>22</port></server>"


@pytest.mark.parametrize(
    ("inner", "what"),
    [
        (ITEM.format("<mtu>15000</mtu>"), "range"),
        ("<item><name>a</name><unit>99</unit></item>", "range of a key"),
        ("<item><name>Bad</name><unit>1</unit></item>", "pattern of a key"),
        (ITEM.format("<mode>hybrid</mode>"), "enumeration"),
        (ITEM.format("<descr>" + "x" * 81 + "</descr>"), "length"),
        (ITEM.format("<tag></tag>"), "length of a leaf-list value"),
        (ITEM.format("<member><id>0</id></member>"), "range in a nested list key"),
        ("<server><address>not-an-address</address><port>1</port></server>", "pattern"),
    ],
)
def test_bad_value_is_invalid_value(nc: Sessions, inner: str, what: str) -> None:
    s = nc.open()
    expect_ok(s.edit(SERVER))
    expect_error(s.edit(inner), "invalid-value")
    assert s.read() == expected(SERVER), what


@pytest.mark.parametrize(
    ("inner", "bad"),
    [
        (ITEM.format("<colour>red</colour>"), "colour"),
        ("<bogus>1</bogus>", "bogus"),
        (ITEM.format("<member><id>1</id><size>2</size></member>"), "size"),
    ],
)
def test_unknown_element(nc: Sessions, inner: str, bad: str) -> None:
    s = nc.open()
    expect_error(s.edit(inner), "unknown-element", info={"bad-element": bad})
    assert s.read() == ""


def test_unknown_namespace(nc: Sessions) -> None:
    s = nc.open()
    cfg = ('<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">'
           '<foo xmlns="urn:example:nowhere"><bar/></foo></config>')
    expect_error(s.edit_raw(cfg), "unknown-namespace", info={"bad-element": "foo"})


# ---------------------------------------------------------------- whole-datastore rules

MUST_BAD = ITEM.format("<lower>50</lower><upper>10</upper>")
LEAFREF_BAD = ITEM.format("<server-ref>10.9.9.9</server-ref>")
MANDATORY_BAD = "<server><address>10.0.0.2</address></server>"



@pytest.mark.parametrize(
    ("inner", "tag", "app_tag"),
    [
        (MUST_BAD, "operation-failed", "must-violation"),  # RFC 7950 §15.4
        (LEAFREF_BAD, "data-missing", "instance-required"),  # RFC 7950 §15.5
        # missing mandatory leaf: data-missing (RFC 6241 App. A); RFC 7950 sets no
        # app-tag for it (netconfd sends instance-required): not compared
        (MANDATORY_BAD, "data-missing", None),
    ],
    ids=["must", "leafref", "mandatory"],
)
def test_rule_violation_rejected_at_edit_or_commit(
    nc: Sessions, inner: str, tag: str, app_tag: str | None,
) -> None:
    s = nc.open()
    expect_ok(s.edit(SERVER))
    expect_ok(s.commit())
    rejection = first_rejection(lambda: s.edit(inner), s.commit)
    expect_error(rejection, tag, app_tag)
    expect_ok(s.discard())
    assert s.read("running") == expected(SERVER)
    assert s.read() == expected(SERVER)


def test_must_error_message_is_the_modules(nc: Sessions) -> None:
    s = nc.open()
    rejection = first_rejection(lambda: s.edit(MUST_BAD), s.commit)
    err = expect_error(rejection, "operation-failed", "must-violation")
    assert err.message == "upper must not be below lower"


def test_deleting_a_leafref_target_is_rejected(nc: Sessions) -> None:
    s = nc.open()
    start = SERVER + ITEM.format("<server-ref>10.0.0.1</server-ref>")
    expect_ok(s.edit(start))
    expect_ok(s.commit())
    rejection = first_rejection(
        lambda: s.edit('<server nc:operation="delete"><address>10.0.0.1</address></server>'),
        s.commit,
    )
    expect_error(rejection, "data-missing", "instance-required")
    expect_ok(s.discard())
    assert s.read("running") == expected(start)


def test_valid_rules_commit(nc: Sessions) -> None:
    s = nc.open()
    good = SERVER + ITEM.format("<lower>10</lower><upper>10</upper>"
                                "<server-ref>10.0.0.1</server-ref>")
    expect_ok(s.edit(good))
    expect_ok(s.commit())
    assert s.read("running") == expected(good)


# ------------------------------------------------------------------------------ validate


def test_validate_inline_config(nc: Sessions) -> None:
    s = nc.open()
    expect_ok(s.validate_config(SERVER + ITEM.format("<server-ref>10.0.0.1</server-ref>")))
    expect_error(s.validate_config(ITEM.format("<mtu>1</mtu>")), "invalid-value")
    expect_error(s.validate_config(MUST_BAD), "operation-failed", "must-violation")
    expect_error(s.validate_config(LEAFREF_BAD), "data-missing", "instance-required")
    expect_error(s.validate_config(MANDATORY_BAD), "data-missing")
    expect_error(s.validate_config(ITEM.format("<colour>red</colour>")), "unknown-element",
                 info={"bad-element": "colour"})
    assert s.read() == ""
    assert s.read("running") == ""


def test_validate_candidate_then_discard(nc: Sessions) -> None:
    s = nc.open()
    expect_ok(s.edit(SERVER))
    expect_ok(s.validate("candidate"))
    expect_ok(s.validate("running"))
    expect_ok(s.discard())
    assert s.read() == ""
