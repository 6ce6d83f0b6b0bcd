"""Immutable builders: interfaces, BGP, devices and M-LAG pairs (pure, no I/O)."""

from mlag_netconf.model.bgp import Bgp, Peer, PeerGroup
from mlag_netconf.model.device import Device, MlagPair
from mlag_netconf.model.interface import Interface, loopback, vbdif, vlanif

__all__ = ["Bgp", "Device", "Interface", "MlagPair", "Peer", "PeerGroup", "loopback",
           "vbdif", "vlanif"]
