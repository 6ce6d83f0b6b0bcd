"""mlag-netconf: BGP / BGP4+ over M-LAG and MP-EBGP VPNv4 on Huawei CloudEngine, over NETCONF.

The stable public API is what this module exports.

>>> from mlag_netconf import Device, vlanif
>>> Device("DeviceA", interfaces=[vlanif(100, ipv4="10.1.1.1/24")]).payload().device
'DeviceA'
"""

from mlag_netconf.enums import (
    AddressFamily,
    Datastore,
    DefaultOperation,
    EditOperation,
    ErrorOption,
    InterfaceType,
    MlagMode,
    MlagRole,
    NdProxyRoute,
    PeerType,
)
from mlag_netconf.errors import (
    IntentError,
    MlagNetconfError,
    NetconfError,
    PayloadInvalid,
    RpcError,
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
from mlag_netconf.types import (
    AsNumber,
    BdId,
    InterfaceName,
    Ipv4Interface,
    Ipv6Interface,
    MacAddress,
    PeerGroupName,
    RouterId,
    VlanId,
    Vni,
)

__version__ = "0.1.0"
__all__ = [
    "RULES",
    "AddressFamily",
    "AsNumber",
    "BdId",
    "Bgp",
    "Datastore",
    "DefaultOperation",
    "Device",
    "EditOperation",
    "ErrorOption",
    "Intent",
    "IntentError",
    "Interface",
    "InterfaceName",
    "InterfaceType",
    "Ipv4Interface",
    "Ipv6Interface",
    "MacAddress",
    "MlagMode",
    "MlagNetconfError",
    "MlagPair",
    "MlagRole",
    "NdProxyRoute",
    "NetconfError",
    "Payload",
    "PayloadInvalid",
    "Peer",
    "PeerGroup",
    "PeerGroupName",
    "PeerType",
    "RouterId",
    "RpcError",
    "RuleViolation",
    "ValidationError",
    "ValidationErrors",
    "ValueFormatError",
    "VlanId",
    "Vni",
    "__version__",
    "load_intent",
    "loads_intent",
    "loopback",
    "parse_intent",
    "vbdif",
    "vlanif",
]
