"""mlag-netconf: BGP / BGP4+ over M-LAG and MP-EBGP VPNv4 on Huawei CloudEngine, over NETCONF.

The stable public API is what this module exports: the immutable builders, the checks
and rendering that compose them (:mod:`mlag_netconf.compose`), the rendered
:class:`Payload`, the YAML intent, and the roots of the error tree. Everything else is
reachable from its own module (typed leaves in :mod:`mlag_netconf.types`, protocol words
in :mod:`mlag_netconf.enums`, the simulator in :mod:`mlag_netconf.sim`).

>>> from mlag_netconf import Device, payload, vlanif
>>> payload(Device("DeviceA", interfaces=[vlanif(100, ipv4="10.1.1.1/24")])).device
'DeviceA'
"""

from importlib.metadata import PackageNotFoundError, version

from mlag_netconf.compose import check, payload, payloads, violations
from mlag_netconf.enums import AddressFamily, MlagMode, NdProxyRoute, PeerType
from mlag_netconf.errors import (
    ArgumentError,
    IntentError,
    MlagNetconfError,
    NetconfError,
    PayloadInvalid,
    RuleViolation,
    ValidationError,
    ValidationErrors,
    ValueFormatError,
)
from mlag_netconf.intent import Intent, load_intent, loads_intent, parse_intent
from mlag_netconf.model import (
    Bgp,
    Device,
    Interface,
    MlagPair,
    Peer,
    PeerGroup,
    loopback,
    vbdif,
    vlanif,
)
from mlag_netconf.render import Payload
from mlag_netconf.rules import RULES
from mlag_netconf.types import AsNumber, MacAddress

try:
    __version__ = version("mlag-netconf")
except PackageNotFoundError:  # pragma: no cover - running from a source tree, not installed
    __version__ = "0+unknown"

__all__ = [
    "RULES",
    "AddressFamily",
    "ArgumentError",
    "AsNumber",
    "Bgp",
    "Device",
    "Intent",
    "IntentError",
    "Interface",
    "MacAddress",
    "MlagMode",
    "MlagNetconfError",
    "MlagPair",
    "NdProxyRoute",
    "NetconfError",
    "Payload",
    "PayloadInvalid",
    "Peer",
    "PeerGroup",
    "PeerType",
    "RuleViolation",
    "ValidationError",
    "ValidationErrors",
    "ValueFormatError",
    "__version__",
    "check",
    "load_intent",
    "loads_intent",
    "loopback",
    "parse_intent",
    "payload",
    "payloads",
    "vbdif",
    "violations",
    "vlanif",
]
