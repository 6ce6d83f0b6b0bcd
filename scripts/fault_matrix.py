"""Run the fault matrix (tests/netconf/test_fault_matrix.py) and print it as a table.

Rows are the faults, columns the device the fault is injected on (DeviceA, DeviceB, the
user side DeviceC), one cell per simulator profile: ✔ the cell passed (every device as
before, candidates clean, locks released, a typed error naming device and step), ✘ it
failed (the pytest report follows the table). Exits non-zero when a cell fails.

    scripts/faults [-k EXPR] [--profile ce-v300|rfc]
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
MATRIX = ROOT / "tests" / "netconf" / "test_fault_matrix.py"
PASS, FAIL, NOT_RUN = "✔", "✘", "·"


class Collector:
    """A pytest plugin: the outcome of every matrix cell (fault, device, profile)."""

    def __init__(self) -> None:
        self.cells: dict[str, tuple[str, str, str]] = {}
        self.outcome: dict[tuple[str, str, str], str] = {}

    def pytest_collection_modifyitems(self, items: list[Any]) -> None:
        for item in items:
            params = getattr(getattr(item, "callspec", None), "params", {})
            if {"fault", "device", "trio"} <= set(params):
                self.cells[item.nodeid] = (params["fault"], params["device"], params["trio"])

    def pytest_runtest_logreport(self, report: Any) -> None:
        cell = self.cells.get(report.nodeid)
        if cell is None:
            return
        if report.failed:
            self.outcome[cell] = FAIL
        elif report.when == "call" and report.passed:
            self.outcome.setdefault(cell, PASS)


def table(c: Collector) -> str:
    faults = list(dict.fromkeys(f for f, _, _ in c.cells.values()))
    devices = list(dict.fromkeys(d for _, d, _ in c.cells.values()))
    profiles = sorted({p for _, _, p in c.cells.values()})
    width = max([len(f) for f in faults] + [len("fault")])
    heads = [f"{d} ({'/'.join(profiles)})" for d in devices]
    lines = ["  ".join([f"{'fault':<{width}}", *heads])]
    lines.append("  ".join(["-" * width, *("-" * len(h) for h in heads)]))
    by: dict[tuple[str, str], list[str]] = defaultdict(list)
    for fault in faults:
        for device in devices:
            for profile in profiles:
                by[fault, device].append(c.outcome.get((fault, device, profile), NOT_RUN))
    for fault in faults:
        cells = [" ".join(by[fault, d]).center(len(h)) for d, h in zip(devices, heads,
                                                                        strict=True)]
        lines.append("  ".join([f"{fault:<{width}}", *cells]))
    ran = list(c.outcome.values())
    lines.append(f"\n{ran.count(PASS)} {PASS}  {ran.count(FAIL)} {FAIL}  "
                 f"of {len(c.cells)} cells")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the fault matrix; print it as a table.")
    parser.add_argument("-k", default=None, help="pytest -k expression (a subset of cells)")
    parser.add_argument("--profile", choices=["ce-v300", "rfc"], default=None,
                        help="one simulator profile (default: both)")
    args = parser.parse_args(argv)
    expr = " and ".join(f"({e})" for e in (args.k, args.profile) if e)
    collector = Collector()
    code = pytest.main([str(MATRIX), "-q", "-p", "no:cacheprovider", "-k",
                        f"test_cell and ({expr})" if expr else "test_cell",
                        "--no-header", "-rN"], plugins=[collector])
    print()
    print(table(collector))
    failed = FAIL in collector.outcome.values() or not collector.outcome
    return 1 if failed or code not in (0, 5) else 0


if __name__ == "__main__":
    sys.exit(main())
