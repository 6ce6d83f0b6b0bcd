"""``python -m mlag_netconf.sim``: the ``mlag-netconf sim`` command on its own."""

import sys

from mlag_netconf.sim.harness.cli import main

sys.exit(main())
