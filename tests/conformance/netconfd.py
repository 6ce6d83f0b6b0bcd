"""Start and stop a private netconfd for the tests, through ``scripts/netconfd/*``.

The shell scripts do the work (they are what CI and developers run by hand); this module
only picks a free port and a state folder, passes the settings as ``NC_*`` variables, and
reads back ``$NC_DIR/connection.env`` written by ``scripts/netconfd/start``.

Availability policy: in CI (``CI`` set to ``true``/``1``) a netconfd that cannot be
installed or started fails the tests; elsewhere they are skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from mlag_netconf.sim import free_ports

from .harness import REPO_ROOT, Server

SCRIPTS = REPO_ROOT / "scripts" / "netconfd"
INSTALL_TIMEOUT = 600.0
START_TIMEOUT = 60.0
# The start script gives the test user a random password kept for all instances (a
# second value would lock out instances already running); it is read back from
# connection.env.
USER = "nctest"


class NetconfdUnavailable(Exception):
    """netconfd cannot be installed or started here; the message says why."""


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"true", "1", "yes"}


def unavailable(reason: str) -> None:
    """Fail in CI, skip elsewhere."""
    if in_ci():
        pytest.fail(f"netconfd is required in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def _installed() -> bool:
    return all(
        os.access(p, os.X_OK)
        for p in ("/usr/sbin/netconfd", "/usr/sbin/netconf-subsystem", "/usr/sbin/sshd")
    )


def ensure_installed() -> None:
    """Install netconfd + sshd with ``scripts/netconfd/install`` when missing."""
    if _installed():
        return
    if os.geteuid() != 0:
        raise NetconfdUnavailable("netconfd is not installed and installing it needs root")
    if shutil.which("apt-get") is None:
        raise NetconfdUnavailable("netconfd is not installed and there is no apt-get")
    proc = subprocess.run(
        [str(SCRIPTS / "install")], capture_output=True, text=True,
        timeout=INSTALL_TIMEOUT, check=False,
    )
    if proc.returncode != 0 or not _installed():
        raise NetconfdUnavailable(
            f"scripts/netconfd/install failed ({proc.returncode}): "
            f"{(proc.stdout + proc.stderr).strip()[-800:]}"
        )


def public_state_dir(prefix: str) -> Path:
    """A fresh state folder under /tmp.

    Not pytest's ``tmp_path``: its parents are private (0700), and the test user must
    reach the folder (the netconf subsystem runs as that user and connects to netconfd's
    socket there; sshd reads ``authorized_keys`` as that user).
    """
    path = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))
    path.chmod(0o755)
    return path


@dataclass
class Netconfd:
    """One netconfd + sshd pair in ``nc_dir`` (see ``scripts/netconfd/start``)."""

    nc_dir: Path = field(default_factory=lambda: public_state_dir("mlag-netconfd-"))
    modpath: Sequence[Path] = ()
    startup: Path | None = None
    args: Sequence[str] = ()
    port: int = field(default_factory=free_ports)

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            NC_DIR=str(self.nc_dir),
            NC_PORT=str(self.port),
            NC_USER=USER,
            NC_MODPATH=":".join(str(p) for p in self.modpath),
            NC_STARTUP=str(self.startup) if self.startup else "",
        )
        return env

    def start(self) -> Server:
        if os.geteuid() != 0:
            raise NetconfdUnavailable("starting netconfd needs root (test user, sshd)")
        ensure_installed()
        proc = subprocess.run(
            [str(SCRIPTS / "start"), *self.args], env=self._env(), capture_output=True,
            text=True, timeout=START_TIMEOUT, check=False,
        )
        if proc.returncode != 0:
            self.stop(remove=False)
            raise NetconfdUnavailable(
                f"scripts/netconfd/start failed ({proc.returncode}): "
                f"{(proc.stdout + proc.stderr).strip()[-1500:]}"
            )
        conn = dict(
            line.split("=", 1)
            for line in (self.nc_dir / "connection.env").read_text().splitlines()
            if "=" in line
        )
        return Server(
            kind="netconfd",
            host=conn["NC_HOST"],
            port=int(conn["NC_PORT"]),
            username=conn["NC_USER"],
            password=conn["NC_PASS"],
            hostkey_b64=conn["NC_HOSTKEY_B64"],
            key_filename=conn["NC_KEY"],
        )

    def stop(self, *, remove: bool = True) -> None:
        """Stop both daemons; remove the state folder (keys, logs) unless told not to."""
        subprocess.run(
            [str(SCRIPTS / "stop")], env=self._env(), capture_output=True, timeout=30,
            check=False,
        )
        if remove:
            shutil.rmtree(self.nc_dir, ignore_errors=True)

    def log_tail(self, lines: int = 40) -> str:
        log = self.nc_dir / "netconfd.log"
        if not log.exists():
            return ""
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


# --------------------------------------------------------------------------- vendor set
VENDOR_DIR = REPO_ROOT.parent / "shared" / "huawei-yang" / "8.22.0"
VENDOR_MODULES = ["huawei-ifm", "huawei-ip", "huawei-arp", "huawei-ipv6-nd", "huawei-bgp",
                  "huawei-network-instance", "huawei-l3vpn", "huawei-vlan", "huawei-bd"]


@contextmanager
def vendor_netconfds(count: int, prefix: str = "mlag-hw-yang-") -> Iterator[list[Server]]:
    """``count`` netconfd servers loaded with the public Huawei VRP8 modules (copied by
    ``yuma-compat.py``, which works around two yuma123 crashes; the set's own ``ietf-*``
    left out) and started with ``hw-baseline.xml`` (what a device creates itself).

    A server that cannot start follows the availability policy (:func:`unavailable`).
    The caller checks :data:`VENDOR_DIR` first (its own skip-or-fail policy).
    """
    modules = public_state_dir(prefix)
    compat = subprocess.run(
        [sys.executable, str(SCRIPTS / "yuma-compat.py"), "--no-ietf", str(VENDOR_DIR),
         str(modules)], capture_output=True, text=True, check=False)
    assert compat.returncode == 0, compat.stderr
    instances = [Netconfd(modpath=[modules], startup=SCRIPTS / "hw-baseline.xml",
                          args=[f"--module={m}" for m in VENDOR_MODULES])
                 for _ in range(count)]
    started: list[Server] = []
    try:
        for instance in instances:
            try:
                started.append(instance.start())
            except (NetconfdUnavailable, OSError) as exc:
                unavailable(str(exc))
                raise
        yield started
    finally:
        for instance in instances:
            instance.stop()
        shutil.rmtree(modules, ignore_errors=True)
