"""Shared NETCONF latency measurement (imported by bench_netconfd.py and the sim bench).

Measures, through ncclient as any client would use it:

- connect: SSH + auth + ``<hello>`` exchange (``manager.connect`` until it returns);
- one provisioning cycle on an open session: ``<lock>`` candidate, ``<edit-config>``
  merge, ``<commit>``, ``<unlock>`` — each step and the total.

ncclient's transport thread polls its send queue every
``ncclient.transport.session.TICK`` seconds (0.1 by default), so every synchronous RPC
can wait up to one TICK on the client side; :func:`measure` runs at the TICK given and
restores it afterwards. Nothing here asserts on time.

Usage from another bench::

    from netconf_cycle import Target, measure, print_table
    rows = [measure(Target("sim", host, port, user, password, hostkey_b64), tick=t)
            for t in (0.1, 0.005)]
    print_table(rows)
"""

from __future__ import annotations

import socket
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import ncclient.transport.session as nc_session
from ncclient import manager

DEFAULT_TICK = 0.1
STEPS = ("lock", "edit", "commit", "unlock")
CONF_TEST_NS = "urn:mlag-netconf:test:conf-test"


def conf_test_edit(i: int) -> str:
    """A merge that changes running on every cycle (a leaf of the conformance module)."""
    return (
        '<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">'
        f'<top xmlns="{CONF_TEST_NS}"><label>bench-{i}</label></top></config>'
    )


@dataclass(frozen=True)
class Target:
    """A NETCONF server to measure; the host key is pinned, never ignored."""

    name: str
    host: str
    port: int
    username: str
    password: str
    hostkey_b64: str
    edit: Callable[[int], str] = conf_test_edit
    nodelay: bool = False  # hand ncclient a TCP_NODELAY socket (paramiko's has Nagle on)

    def connect(self) -> Any:
        sock = None
        if self.nodelay:
            sock = socket.create_connection((self.host, self.port), timeout=30)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return manager.connect(
            host=self.host, port=self.port, username=self.username, password=self.password,
            hostkey_b64=self.hostkey_b64, look_for_keys=False, allow_agent=False,
            timeout=30, sock=sock,
        )


@dataclass(frozen=True)
class Stats:
    """Milliseconds: median, 90th percentile, min, max over ``n`` samples."""

    median: float
    p90: float
    low: float
    high: float
    n: int

    @classmethod
    def of(cls, seconds: list[float]) -> Stats:
        ms = sorted(s * 1000 for s in seconds)
        p90 = ms[min(len(ms) - 1, round(0.9 * (len(ms) - 1)))]
        return cls(statistics.median(ms), p90, ms[0], ms[-1], len(ms))

    def __str__(self) -> str:
        return f"{self.median:8.1f} {self.p90:8.1f}"


@dataclass
class Result:
    target: str
    tick: float
    nodelay: bool
    connect: Stats
    cycle: Stats
    steps: dict[str, Stats] = field(default_factory=dict)


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def _cycle(mgr: Any, edit: str) -> dict[str, Callable[[], Any]]:
    """The steps of one cycle, in order (ncclient raises on an rpc-error)."""
    return {
        "lock": lambda: mgr.lock("candidate"),
        "edit": lambda: mgr.edit_config(target="candidate", config=edit),
        "commit": mgr.commit,
        "unlock": lambda: mgr.unlock("candidate"),
    }


def measure(target: Target, *, tick: float = DEFAULT_TICK, connects: int = 5,
            cycles: int = 20, warmup: int = 2) -> Result:
    """Connect ``connects`` times, then run ``warmup`` + ``cycles`` cycles on one session."""
    saved = nc_session.TICK
    nc_session.TICK = tick
    try:
        connect_times = []
        for _ in range(connects):
            seconds, mgr = _timed(target.connect)
            connect_times.append(seconds)
            mgr.close_session()
        mgr = target.connect()
        try:
            totals: list[float] = []
            per_step: dict[str, list[float]] = {s: [] for s in STEPS}
            for i in range(warmup + cycles):
                times = {step: _timed(call)[0]
                         for step, call in _cycle(mgr, target.edit(i)).items()}
                if i >= warmup:
                    totals.append(sum(times.values()))
                    for step, seconds in times.items():
                        per_step[step].append(seconds)
        finally:
            mgr.close_session()
    finally:
        nc_session.TICK = saved
    return Result(
        target=target.name, tick=tick, nodelay=target.nodelay, connect=Stats.of(connect_times),
        cycle=Stats.of(totals), steps={s: Stats.of(v) for s, v in per_step.items()},
    )


def print_table(results: list[Result]) -> None:
    """One line per (target, TICK): median and p90 in ms of each measure."""
    head = f"{'server':<18} {'TICK s':>7} | {'connect':>17} | {'cycle':>17} | " + " | ".join(
        f"{s:>17}" for s in STEPS)
    print(head)
    print(f"{'':<18} {'':>7} | " + " | ".join([f"{'median':>8} {'p90':>8}"] * (2 + len(STEPS))))
    print("-" * len(head))
    for r in results:
        name = r.target + (" (NODELAY)" if r.nodelay else "")
        cells = [str(r.connect), str(r.cycle)] + [str(r.steps[s]) for s in STEPS]
        print(f"{name:<18} {r.tick:>7.3f} | " + " | ".join(cells))
    print(f"(ms; {results[0].cycle.n if results else 0} cycles of lock/edit/commit/unlock "
          "on one session after warm-up; connect = SSH + auth + hello; NODELAY = ncclient "
          "given a TCP_NODELAY socket)")
