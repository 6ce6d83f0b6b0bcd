"""pytest plugin (entry point ``pytest11``): fixtures that start the embedded simulator.

The fixtures ``netconf_device`` and ``mlag_pair`` are provided by
:mod:`mlag_netconf.sim` once it is importable.
"""
