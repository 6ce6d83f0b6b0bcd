"""Protocol and product words as enums (values are the exact wire/YANG text)."""

from __future__ import annotations

from enum import StrEnum


class ErrorType(StrEnum):
    """``<error-type>`` of an ``<rpc-error>`` (RFC 6241 §4.3)."""

    TRANSPORT = "transport"
    RPC = "rpc"
    PROTOCOL = "protocol"
    APPLICATION = "application"


class Datastore(StrEnum):
    RUNNING = "running"
    CANDIDATE = "candidate"
    STARTUP = "startup"


class DefaultOperation(StrEnum):
    MERGE = "merge"
    REPLACE = "replace"
    NONE = "none"


class ErrorOption(StrEnum):
    STOP_ON_ERROR = "stop-on-error"
    CONTINUE_ON_ERROR = "continue-on-error"
    ROLLBACK_ON_ERROR = "rollback-on-error"


class TestOption(StrEnum):
    __test__ = False  # not a pytest test class
    TEST_THEN_SET = "test-then-set"
    SET = "set"
    TEST_ONLY = "test-only"


class EditOperation(StrEnum):
    """``nc:operation`` values (RFC 6241 §7.2)."""

    MERGE = "merge"
    REPLACE = "replace"
    CREATE = "create"
    DELETE = "delete"
    REMOVE = "remove"


class InterfaceType(StrEnum):
    """The huawei-ifm ``type`` enum values the library emits."""

    VLANIF = "Vlanif"
    VBDIF = "Vbdif"
    LOOPBACK = "LoopBack"


class AddressFamily(StrEnum):
    """BGP address families (huawei-bgp ``af-type``)."""

    IPV4_UNICAST = "ipv4uni"
    IPV6_UNICAST = "ipv6uni"
    VPNV4 = "ipv4vpn"

    @property
    def intent_name(self) -> str:
        """The name used in intent files (``ipv4-unicast``, ``ipv6-unicast``, ``vpnv4``)."""
        return _AF_INTENT[self]

    @classmethod
    def parse(cls, text: str) -> AddressFamily:
        """Accept the YANG name or the intent name.

        >>> AddressFamily.parse("vpnv4") is AddressFamily.VPNV4
        True
        >>> AddressFamily.parse("ipv6uni").intent_name
        'ipv6-unicast'
        """
        t = text.strip().lower()
        for af in cls:
            if t in (af.value, af.intent_name):
                return af
        raise ValueError(f"unknown address family {text!r}; expected one of "
                         + ", ".join(af.intent_name for af in cls))


_AF_INTENT = {
    AddressFamily.IPV4_UNICAST: "ipv4-unicast",
    AddressFamily.IPV6_UNICAST: "ipv6-unicast",
    AddressFamily.VPNV4: "vpnv4",
}


class PeerType(StrEnum):
    """Peer-group type (huawei-bgp ``peer-group/type``)."""

    EBGP = "ebgp"
    IBGP = "ibgp"


class NdProxyRoute(StrEnum):
    """``ipv6 nd proxy route enable [prune]``: off, on, or on with prune."""

    OFF = "off"
    ON = "on"
    PRUNE = "prune"


class MlagMode(StrEnum):
    """M-LAG working mode; only dual-active supports BGP over M-LAG."""

    DUAL_ACTIVE = "dual-active"
    ACTIVE_STANDBY = "active-standby"


class MlagRole(StrEnum):
    MASTER = "master"
    BACKUP = "backup"


class Platform(StrEnum):
    """CloudEngine models with documented restrictions (others: :attr:`OTHER`)."""

    CE6820H = "CE6820H"
    CE6820H_K = "CE6820H-K"
    CE6820S = "CE6820S"
    CE6885_LL = "CE6885-LL"
    OTHER = "other"
