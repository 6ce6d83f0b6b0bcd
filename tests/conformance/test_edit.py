"""edit-config (RFC 6241 §7.2): operations, default-operation, error-option, test-option.

Each test leaves its result in the candidate and compares it (canonical XML of the test
module's subtree) with the expected contents; error replies compare their error-tag.
Not compared: ``continue-on-error`` (netconfd parses and checks the whole ``<config>``
before applying any of it, so it rejects every part of an edit with one bad value,
where a server applying node by node may keep the good parts; the RFC leaves it open).
"""

from __future__ import annotations

import pytest

from .harness import Server, Sessions, expect_error, expect_ok, expected, sim_differs

pytestmark = pytest.mark.netconfd

A1 = "<item><name>a</name><unit>1</unit>{}</item>"
BASE = (
    "<label>base</label>"
    + A1.format(
        "<mtu>1500</mtu><mode>access</mode><tag>x</tag><tag>y</tag>"
        "<member><id>1</id><weight>5</weight></member><member><id>2</id></member>"
    )
    + "<item><name>a</name><unit>2</unit><descr>two</descr></item>"
    + "<item><name>b</name><unit>1</unit><shutdown><reason>test</reason></shutdown></item>"
    + "<server><address>10.0.0.1</address><port>22</port></server>"
)


def test_merge_creates_and_merges(nc: Sessions) -> None:
    s = nc.open()
    expect_ok(s.edit(BASE))
    assert s.read() == expected(BASE)
    expect_ok(s.edit(A1.format("<mtu>9000</mtu><tag>z</tag><member><id>2</id>"
                               "<weight>7</weight></member>")))
    assert s.read() == expected(
        "<label>base</label>"
        + A1.format(
            "<mtu>9000</mtu><mode>access</mode><tag>x</tag><tag>y</tag><tag>z</tag>"
            "<member><id>1</id><weight>5</weight></member>"
            "<member><id>2</id><weight>7</weight></member>"
        )
        + "<item><name>a</name><unit>2</unit><descr>two</descr></item>"
        + "<item><name>b</name><unit>1</unit><shutdown><reason>test</reason></shutdown></item>"
        + "<server><address>10.0.0.1</address><port>22</port></server>"
    )
    assert s.read("running") == ""


def test_create_of_existing_data_is_data_exists(nc: Sessions) -> None:
    s = nc.open()
    expect_ok(s.edit(BASE))
    expect_error(s.edit('<item nc:operation="create"><name>a</name><unit>1</unit></item>'),
                 "data-exists")
    expect_error(s.edit(A1.format('<mtu nc:operation="create">1600</mtu>')), "data-exists")
    expect_error(s.edit(A1.format('<tag nc:operation="create">y</tag>')), "data-exists")
    expect_error(s.edit(A1.format('<member nc:operation="create"><id>1</id></member>')),
                 "data-exists")
    assert s.read() == expected(BASE)
    expect_ok(s.edit('<item nc:operation="create"><name>c</name><unit>0</unit></item>'
                     + A1.format('<descr nc:operation="create">new</descr>'
                                 '<tag nc:operation="create">n</tag>')))
    assert s.read("candidate", "<item><name>c</name></item>") == expected(
        "<item><name>c</name><unit>0</unit></item>")
    assert s.read("candidate", "<item><name>a</name><unit>1</unit><descr/><tag/></item>") \
        == expected(A1.format("<descr>new</descr><tag>x</tag><tag>y</tag><tag>n</tag>"))


def test_delete_of_missing_data_is_data_missing(nc: Sessions) -> None:
    s = nc.open()
    expect_ok(s.edit(BASE))
    expect_error(s.edit('<item nc:operation="delete"><name>zz</name><unit>1</unit></item>'),
                 "data-missing")
    expect_error(s.edit(A1.format('<descr nc:operation="delete"/>')), "data-missing")
    expect_error(s.edit(A1.format('<tag nc:operation="delete">nope</tag>')), "data-missing")
    expect_error(s.edit(A1.format('<member nc:operation="delete"><id>9</id></member>')),
                 "data-missing")
    expect_error(s.edit('<item><name>a</name><unit>2</unit>'
                        '<shutdown nc:operation="delete"/></item>'), "data-missing")
    assert s.read() == expected(BASE)


def test_rejected_delete_below_missing_entry_changes_nothing(nc: Sessions) -> None:
    """A delete below a list entry that does not exist: data-missing, and the edit
    leaves no trace (the entry is not created)."""
    s = nc.open()
    expect_ok(s.edit(BASE))
    expect_error(s.edit('<item><name>zz</name><unit>3</unit><tag nc:operation="delete">x</tag>'
                        "</item>"), "data-missing")
    expect_error(s.edit('<item><name>zz</name><unit>3</unit><shutdown nc:operation="delete"/>'
                        "</item>"), "data-missing")
    assert s.read() == expected(BASE)


def test_delete_of_existing_data(nc: Sessions) -> None:
    s = nc.open()
    expect_ok(s.edit(BASE))
    expect_ok(s.edit(
        '<label nc:operation="delete"/>'
        '<item nc:operation="delete"><name>a</name><unit>2</unit></item>'
        + A1.format('<mtu nc:operation="delete"/><tag nc:operation="delete">x</tag>'
                    '<member nc:operation="delete"><id>1</id></member>')
        + '<item><name>b</name><unit>1</unit><shutdown nc:operation="delete"/></item>'
    ))
    assert s.read() == expected(
        A1.format("<mode>access</mode><tag>y</tag><member><id>2</id></member>")
        + "<item><name>b</name><unit>1</unit></item>"
        + "<server><address>10.0.0.1</address><port>22</port></server>"
    )


def test_remove_is_quiet_when_missing(nc: Sessions) -> None:
    s = nc.open()
    expect_ok(s.edit(BASE))
    expect_ok(s.edit(
        '<item nc:operation="remove"><name>zz</name><unit>1</unit></item>'
        + A1.format('<descr nc:operation="remove"/><tag nc:operation="remove">nope</tag>'
                    '<member nc:operation="remove"><id>9</id></member>')
    ))
    assert s.read() == expected(BASE)
    expect_ok(s.edit(
        '<item nc:operation="remove"><name>a</name><unit>2</unit></item>'
        + A1.format('<mtu nc:operation="remove"/><tag nc:operation="remove">y</tag>')
    ))
    assert s.read("candidate", "<item/>") == expected(
        A1.format("<mode>access</mode><tag>x</tag>"
                  "<member><id>1</id><weight>5</weight></member><member><id>2</id></member>")
        + "<item><name>b</name><unit>1</unit><shutdown><reason>test</reason></shutdown></item>"
    )


def test_replace_of_list_entry_and_container(nc: Sessions) -> None:
    s = nc.open()
    expect_ok(s.edit(BASE))
    expect_ok(s.edit(
        '<item nc:operation="replace"><name>a</name><unit>1</unit><descr>r</descr>'
        "<member><id>3</id></member></item>"
        '<item><name>b</name><unit>1</unit><shutdown nc:operation="replace"/></item>'
        '<server nc:operation="replace"><address>10.0.0.2</address><port>23</port></server>'
    ))
    assert s.read("candidate", "<item/><server/>") == expected(
        A1.format("<descr>r</descr><member><id>3</id></member>")
        + "<item><name>a</name><unit>2</unit><descr>two</descr></item>"
        + "<item><name>b</name><unit>1</unit><shutdown/></item>"
        + "<server><address>10.0.0.1</address><port>22</port></server>"
        + "<server><address>10.0.0.2</address><port>23</port></server>"
    )


def test_presence_container_exists_empty(nc: Sessions) -> None:
    s = nc.open()
    expect_ok(s.edit("<item><name>p</name><unit>0</unit><shutdown/></item>"))
    expect_ok(s.commit())
    assert s.read("running") == expected("<item><name>p</name><unit>0</unit><shutdown/></item>")
    expect_ok(s.edit('<item><name>p</name><unit>0</unit><shutdown nc:operation="delete"/>'
                     "</item>"))
    expect_ok(s.commit())
    assert s.read("running") == expected("<item><name>p</name><unit>0</unit></item>")


def test_default_operation_none(nc: Sessions) -> None:
    """``none``: nodes without an operation change nothing; an operation deeper down
    needs its ancestors to exist (§7.2: else ``data-missing``).

    Not compared, the servers read §7.2 differently:
    - an operation-less leaf that already exists with another value: netconfd
      overwrites it (``<mtu>1600</mtu>`` replaces 1500), against "the target datastore
      is unaffected";
    - an operation-less leaf or leaf-list value that does not exist: netconfd ignores
      it, the simulator answers ``data-missing`` ("data for which there is not a
      corresponding level").
    The sequence only sends operation-less nodes that exist with the same value.
    """
    s = nc.open()
    expect_ok(s.edit(BASE))
    # no operation anywhere: nothing changes
    expect_ok(s.edit(A1.format("<mtu>1500</mtu><tag>x</tag>"), default_operation="none"))
    assert s.read() == expected(BASE)
    # an operation deeper down applies; its missing ancestors are not created
    expect_ok(s.edit(A1.format('<descr nc:operation="merge">n</descr>'),
                     default_operation="none"))
    expect_ok(s.edit('<item nc:operation="delete"><name>b</name><unit>1</unit></item>',
                     default_operation="none"))
    assert s.read("candidate", "<item/>") == expected(
        A1.format("<descr>n</descr><mtu>1500</mtu><mode>access</mode><tag>x</tag><tag>y</tag>"
                  "<member><id>1</id><weight>5</weight></member><member><id>2</id></member>")
        + "<item><name>a</name><unit>2</unit><descr>two</descr></item>"
    )


def test_default_operation_none_needs_existing_ancestors(nc: Sessions) -> None:
    """§7.2: under ``none``, an operation below a list entry that does not exist is
    ``data-missing`` (the parent hierarchy is not created)."""
    s = nc.open()
    expect_ok(s.edit(BASE))
    expect_error(
        s.edit('<item><name>q</name><unit>2</unit><descr nc:operation="merge">n</descr>'
               "</item>", default_operation="none"),
        "data-missing",
    )
    assert s.read() == expected(BASE)


def test_default_operation_replace(nc: Sessions) -> None:
    s = nc.open()
    expect_ok(s.edit(BASE))
    new = "<item><name>z</name><unit>0</unit></item><server><address>1.1.1.1</address>" \
          "<port>1</port></server>"
    expect_ok(s.edit(new, default_operation="replace"))
    assert s.read() == expected(new)


def test_rollback_on_error_leaves_candidate_unchanged(nc: Sessions) -> None:
    s = nc.open()
    expect_ok(s.edit(BASE))
    expect_error(
        s.edit("<label>changed</label><item><name>z</name><unit>0</unit><mtu>1</mtu></item>",
               error_option="rollback-on-error"),
        "invalid-value",
    )
    assert s.read() == expected(BASE)


def test_test_option_test_only_changes_nothing(nc: Sessions) -> None:
    s = nc.open()
    expect_ok(s.edit(BASE))
    expect_ok(s.edit("<label>tested</label>", test_option="test-only"))
    expect_error(s.edit("<item><name>z</name><unit>0</unit><mtu>1</mtu></item>",
                        test_option="test-only"), "invalid-value")
    assert s.read() == expected(BASE)


def test_edit_of_running_is_refused(
    nc: Sessions, server: Server, request: pytest.FixtureRequest,
) -> None:
    """Neither server has :writable-running here: the simulator's ``rfc`` profile does not
    (its ``ce-v300`` profile does, as a CloudEngine: tests/sim/test_sim_ce_running.py)."""
    sim_differs(request, server, "edit-config of running answers operation-not-supported "
                "(bad-element target), netconfd operation-failed (no RFC tag for a "
                "datastore without :writable-running)")
    s = nc.open()
    assert "urn:ietf:params:netconf:capability:writable-running:1.0" not in s.capabilities
    expect_error(s.edit("<label>direct</label>", target="running"), "operation-failed")
    assert s.read("running") == ""
