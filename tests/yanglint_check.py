"""yanglint against the public Huawei modules + the project's gap module
(YANG-PATHS.md §0.1): the one invocation the golden tests and the intent invariant use."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT.parent / "shared" / "huawei-yang" / "8.22.0"
VENDOR_MODULES = ["huawei-ifm", "huawei-ip", "huawei-arp", "huawei-ipv6-nd", "huawei-bgp",
                  "huawei-network-instance", "huawei-vlan", "huawei-bd", "huawei-nvo3",
                  "ietf-netconf"]


def yanglint_command(fragment: Path) -> list[str]:
    """``yanglint -t edit`` of ``fragment`` (the children of a ``<config>``)."""
    cmd = ["yanglint", "-i", "-p", str(VENDOR),
           str(ROOT / "yang" / "vendor-validation" / "libyang-fixups.yang")]
    cmd += [str(VENDOR / f"{m}.yang") for m in VENDOR_MODULES]
    # the project's gap module last, so its imports bind to the vendor modules
    cmd += [str(ROOT / "yang" / "mlag-netconf-ext.yang"), "-t", "edit", str(fragment)]
    return cmd


def need_yanglint() -> None:
    """Skip without yanglint or the vendor modules; in CI, fail instead (both)."""
    if shutil.which("yanglint") is None:
        if os.environ.get("CI"):
            pytest.fail("yanglint is missing in CI (scripts/test installs libyang2-tools)")
        pytest.skip("yanglint not installed (apt-get install libyang2-tools)")
    if not VENDOR.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"the vendor modules are missing in CI ({VENDOR})")
        pytest.skip(f"vendor modules not found at {VENDOR}")
