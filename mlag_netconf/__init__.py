"""mlag-netconf: BGP / BGP4+ over M-LAG and MP-EBGP VPNv4 on Huawei CloudEngine, over NETCONF."""

from mlag_netconf.errors import MlagNetconfError

__version__ = "0.1.0"
__all__ = ["MlagNetconfError", "__version__"]
