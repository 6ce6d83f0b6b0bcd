"""The rendered edit-config payload of one device: text, element, checks, display.

>>> from mlag_netconf.model import Device, vlanif
>>> from mlag_netconf.render import render_device
>>> p = render_device(Device("A", interfaces=[vlanif(100)]))
>>> p.device, p.modules
('A', ('huawei-ifm', 'huawei-vlan'))
>>> print(p)  # doctest: +NORMALIZE_WHITESPACE
<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">
  <vlan xmlns="urn:huawei:yang:huawei-vlan">
    <vlans>
      <vlan>
        <id>100</id>
      </vlan>
    </vlans>
  </vlan>
  <ifm xmlns="urn:huawei:yang:huawei-ifm">
    <interfaces>
      <interface>
        <name>Vlanif100</name>
        <class>main-interface</class>
        <type>Vlanif</type>
        <number>100</number>
      </interface>
    </interfaces>
  </ifm>
</config>
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Self

from lxml import etree

from mlag_netconf.render.cliview import CliLine, cli_lines, cli_text
from mlag_netconf.render.display import payload_html, payload_repr
from mlag_netconf.render.registry import FEATURES
from mlag_netconf.xmltree import parse, pretty_text

if TYPE_CHECKING:
    from mlag_netconf.schema import Schema


@dataclass(frozen=True)
class Payload:
    """One device's ``<config>`` for ``<edit-config>`` (immutable; holds the XML text)."""

    device: str
    xml: str
    features: tuple[str, ...]

    @classmethod
    def from_element(cls, device: str, element: etree._Element,
                     features: tuple[str, ...] = ()) -> Payload:
        return cls(device, pretty_text(element), features)

    @classmethod
    def from_file(cls, path: str | Path, device: str | None = None) -> Payload:
        """Load a payload written by :meth:`write` (or any ``<config>`` file)."""
        p = Path(path)
        return cls(device or p.stem, pretty_text(parse(p.read_bytes())), ())

    # ------------------------------------------------------------------ views
    def element(self) -> etree._Element:
        """A fresh ``<config>`` element (safe to modify)."""
        return parse(self.xml)

    def fragment(self) -> str:
        """The children of ``<config>`` as text (what ``yanglint -t edit`` takes)."""
        return "".join(pretty_text(c) + "\n" for c in self.element())

    @property
    def modules(self) -> tuple[str, ...]:
        """The YANG modules the payload needs on the device."""
        mods = {m for f in self.features for m in FEATURES[f].modules}
        return tuple(sorted(mods))

    @property
    def gap_features(self) -> tuple[str, ...]:
        """Features used that the public vendor model lacks (rendered via mlag-netconf-ext)."""
        return tuple(f for f in self.features if not FEATURES[f].vendor_model)

    def missing_modules(self, capabilities: Iterable[str]) -> tuple[str, ...]:
        """The modules this payload needs that a device's ``<hello>`` does not advertise.

        ``capabilities`` are the capability URIs of the hello (``...?module=name&...``).
        A device that lacks ``mlag-netconf-ext`` must not be sent the gap features.

        >>> from mlag_netconf.model import Device, vlanif
        >>> from mlag_netconf.render import render_device
        >>> p = render_device(Device("A", interfaces=[vlanif(100, ipv4="10.1.1.1/24",
        ...                                                 mlag_ipv4="10.1.1.2")]))
        >>> p.missing_modules(["urn:huawei:yang:huawei-ifm?module=huawei-ifm&revision=x",
        ...                    "urn:huawei:yang:huawei-ip?module=huawei-ip",
        ...                    "urn:huawei:yang:huawei-vlan?module=huawei-vlan"])
        ('mlag-netconf-ext',)
        """
        advertised = {m.group(1) for c in capabilities
                      if (m := re.search(r"[?&]module=([^&]+)", c))}
        return tuple(m for m in self.modules if m not in advertised)

    def cli_lines(self) -> list[CliLine]:
        """The CLI view line by line, each naming the features it shows."""
        return cli_lines(self.element())

    def cli(self) -> str:
        """The configuration in the seed documents' command syntax, read back from the XML.

        >>> from mlag_netconf.model import Bgp, Device, Peer
        >>> from mlag_netconf.render import render_device
        >>> bgp = Bgp(65001, router_id="1.1.1.1").with_peer(Peer("10.1.1.100", 65100))
        >>> print(render_device(Device("A", bgp=bgp)).cli())
        bgp 65001
         router-id 1.1.1.1
         peer 10.1.1.100 as-number 65100
        quit
        """
        return cli_text(self.element())

    def __str__(self) -> str:
        return self.xml

    def __repr__(self) -> str:
        return payload_repr(self)

    def _repr_html_(self) -> str:
        """Header table, gap warning with seed commands, folded highlighted XML, CLI view."""
        return payload_html(self)

    # ------------------------------------------------------------------ output
    def write(self, path: str | Path) -> Path:
        """Write the payload text (UTF-8, trailing newline) and return the path."""
        p = Path(path)
        p.write_text(self.xml + "\n", encoding="utf-8")
        return p

    # ------------------------------------------------------------------ checks
    @property
    def device_interfaces(self) -> tuple[str, ...]:
        """The interfaces of the device this payload's connect-interfaces name but does not
        create (Eth-Trunks, Ethernet ports, main or sub-interface): they must exist on the
        device (``local-if-name`` is a leafref)."""
        from mlag_netconf.render.check import referenced_device_interfaces

        return referenced_device_interfaces(self.element())

    def validate(self, schema: Schema | None = None, *,
                 device_interfaces: Iterable[str] | None = None) -> Self:
        """Check the payload against YANG (the project's ``yang/`` by default).

        Two passes: the edit itself (names, namespaces, keys, types, ranges, patterns,
        operations), then the payload merged into what the device generates by itself
        (``_public_`` instance and families) as a whole configuration (mandatory, must,
        when, leafref). Raises :class:`~mlag_netconf.errors.PayloadInvalid` or
        :class:`~mlag_netconf.errors.ValidationErrors`; returns ``self`` when valid.

        A connect-interface on an interface the payload does not create
        (:attr:`device_interfaces`) refers to the device's own interfaces, which one
        payload cannot see: by default each is taken as present (the device checks the
        leafref when the edit is validated or committed); ``device_interfaces`` names the
        interfaces the device has, and a connect-interface on any other is refused here.
        """
        from mlag_netconf.errors import PayloadInvalid
        from mlag_netconf.render.check import validate_payload
        from mlag_netconf.xmltree import XmlRejected

        try:
            element = self.element()
        except XmlRejected as e:
            raise PayloadInvalid("", "malformed-xml", str(e)) from None
        validate_payload(element, schema, device_interfaces=device_interfaces)
        return self
