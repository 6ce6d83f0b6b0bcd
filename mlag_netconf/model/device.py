"""One device's intended configuration, and an M-LAG pair of them: plain immutable data.

Nothing here checks rules or renders (that is :mod:`mlag_netconf.compose`, above).

>>> from mlag_netconf.model.interface import vlanif
>>> dev = Device("DeviceA", interfaces=[vlanif(100, ipv4="10.1.1.1/24")])
>>> dev.interface("vlanif 100").ipv4
Ipv4Interface('10.1.1.1/24')
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Self

from mlag_netconf.enums import MlagMode, MlagRole
from mlag_netconf.errors import ValueFormatError
from mlag_netconf.model._coerce import (
    checked_init,
    items_of,
    require,
    set_bool,
    set_field,
)
from mlag_netconf.model.bgp import Bgp
from mlag_netconf.model.display import device_html, device_repr, pair_html, pair_repr
from mlag_netconf.model.interface import Interface
from mlag_netconf.types import (
    ConnectInterface,
    InterfaceName,
    IPAddress,
    coerce,
    parse_device_name,
    parse_mlag_role,
    parse_unicast_ip,
)


@checked_init
@dataclass(frozen=True, repr=False)
class Device:
    """What one switch should hold: interfaces, BGP, and facts the rules need.

    ``ignore_primary_sub`` states that the device runs ``ip address ignore primary-sub
    enable`` (which forbids M-LAG IPv4); ``platform`` (e.g. ``CE6820H``) and
    ``low_latency`` (CE6885-LL in low-latency mode) enable the platform rules. These are
    facts about the device, used for checks and never emitted; so is ``role``, the
    member's M-LAG role (``master`` / ``backup``), which the pair rules check.
    """

    name: str
    interfaces: tuple[Interface, ...] = ()
    bgp: Bgp | None = None
    ignore_primary_sub: bool = False
    platform: str | None = None
    low_latency: bool = False
    role: MlagRole | None = None

    def __init__(self, name: str, interfaces: Iterable[Interface] = (), bgp: Bgp | None = None,
                 *, ignore_primary_sub: bool = False, platform: str | None = None,
                 low_latency: bool = False, role: MlagRole | str | None = None) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "interfaces", interfaces)
        object.__setattr__(self, "bgp", bgp)
        object.__setattr__(self, "ignore_primary_sub", ignore_primary_sub)
        object.__setattr__(self, "platform", platform)
        object.__setattr__(self, "low_latency", low_latency)
        object.__setattr__(self, "role", role)
        self.__post_init__()

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", coerce(parse_device_name, self.name, "name"))
        object.__setattr__(self, "interfaces", items_of(self.interfaces, Interface,
                                                        "interfaces", "Interface"))
        if self.bgp is not None:
            require(self.bgp, Bgp, "bgp", "a Bgp")
        if self.platform is not None:
            require(self.platform, str, "platform", "a platform name (text)")
        set_bool(self, "ignore_primary_sub", "ignore_primary_sub")
        set_bool(self, "low_latency", "low_latency")
        set_field(self, "role", parse_mlag_role, "role")

    # ------------------------------------------------------------------ lookups
    def interface(self, name: object) -> Interface:
        """The interface called ``name`` (CLI forms accepted); ``KeyError`` if absent."""
        want = InterfaceName.parse(name)
        for i in self.interfaces:
            if i.name == want:
                return i
        raise KeyError(str(want))

    def find_interface(self, name: ConnectInterface | None) -> Interface | None:
        """The interface called ``name``; ``None`` when absent (or ``name`` is ``None``, or
        an interface of the device the library does not create, such as an Eth-Trunk)."""
        return next((i for i in self.interfaces if i.name == name), None)

    @property
    def addresses(self) -> tuple[IPAddress, ...]:
        """Every address configured on this device's interfaces."""
        return tuple(a for i in self.interfaces for a in i.addresses)

    # ------------------------------------------------------------------ display
    def __repr__(self) -> str:
        return device_repr(self)

    def _repr_html_(self) -> str:
        return device_html(self)

    # ------------------------------------------------------------------ builders
    def replace(self, **changes: Any) -> Self:
        return dataclasses.replace(self, **changes)

    def with_interface(self, *interfaces: Interface) -> Self:
        """Add interfaces, replacing any of the same name."""
        names = {i.name for i in interfaces}
        kept = tuple(i for i in self.interfaces if i.name not in names)
        return self.replace(interfaces=(*kept, *interfaces))

    def with_bgp(self, bgp: Bgp) -> Self:
        return self.replace(bgp=bgp)


@checked_init
@dataclass(frozen=True, repr=False)
class MlagPair:
    """Two M-LAG member devices configured as one unit.

    ``mode`` must be dual-active for BGP over M-LAG; ``user_side`` lists the addresses of
    the dual-homed user-side device (they must differ from the members' M-LAG addresses).
    """

    members: tuple[Device, Device]
    mode: MlagMode = MlagMode.DUAL_ACTIVE
    shared_interface: InterfaceName | None = None
    user_side: tuple[IPAddress, ...] = ()

    def __init__(self, members: Sequence[Device], mode: MlagMode | str = MlagMode.DUAL_ACTIVE,
                 shared_interface: object = None, user_side: Iterable[object] = ()) -> None:
        object.__setattr__(self, "members", members)
        object.__setattr__(self, "mode", mode)
        object.__setattr__(self, "shared_interface", shared_interface)
        object.__setattr__(self, "user_side", user_side)
        self.__post_init__()

    def __post_init__(self) -> None:
        members = items_of(self.members, Device, "members", "Device")
        if len(members) != 2:
            raise ValueFormatError("members", "mlag-two-members",
                                   f"an M-LAG pair has two members, got {len(members)}")
        object.__setattr__(self, "members", members)
        try:
            object.__setattr__(self, "mode", MlagMode(str(self.mode)))
        except ValueError:
            raise ValueFormatError("mode", "mlag-mode", f"{self.mode!r}: dual-active or "
                                                        "active-standby") from None
        if self.shared_interface is not None:
            object.__setattr__(self, "shared_interface",
                               InterfaceName.parse(self.shared_interface))
        user = items_of(self.user_side, object, "user_side", "IP addresses")
        object.__setattr__(self, "user_side", tuple(
            coerce(parse_unicast_ip, a, f"user_side[{i}]") for i, a in enumerate(user)))


    @property
    def shared_interfaces(self) -> tuple[InterfaceName, ...]:
        """The interfaces both members configure as one (``shared_interface`` when given,
        else every interface name the two have in common, sorted)."""
        if self.shared_interface is not None:
            return (self.shared_interface,)
        a, b = self.members
        return tuple(sorted({i.name for i in a.interfaces} & {i.name for i in b.interfaces},
                            key=str))

    def __repr__(self) -> str:
        return pair_repr(self)

    def _repr_html_(self) -> str:
        return pair_html(self)
