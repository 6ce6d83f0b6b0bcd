"""Rendering: feature registry, lxml emitters, and the :class:`Payload` they produce."""

from mlag_netconf.render.device import render_device
from mlag_netconf.render.payload import Payload
from mlag_netconf.render.registry import FEATURES, Feature

__all__ = ["FEATURES", "Feature", "Payload", "render_device"]
