"""The suite's availability policy: skip with the reason outside CI, fail in CI.

Runs anywhere (no server needed).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from . import netconfd
from .netconfd import Netconfd, NetconfdUnavailable, unavailable


@pytest.mark.parametrize("value", ["true", "1"])
def test_in_ci_unavailable_netconfd_fails(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match="required in CI: no netconfd"):
        unavailable("no netconfd")


@pytest.mark.parametrize("value", [None, "", "false"])
def test_outside_ci_unavailable_netconfd_skips(
    monkeypatch: pytest.MonkeyPatch, value: str | None,
) -> None:
    if value is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.skip.Exception, match="no netconfd"):
        unavailable("no netconfd")


def test_start_without_root_says_why(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("os.geteuid", lambda: 1000)
    instance = Netconfd(nc_dir=tmp_path)
    with pytest.raises(NetconfdUnavailable, match="needs root"):
        instance.start()


def test_install_without_root_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(netconfd, "_installed", lambda: False)
    monkeypatch.setattr("os.geteuid", lambda: 1000)
    with pytest.raises(NetconfdUnavailable, match="needs root"):
        netconfd.ensure_installed()
