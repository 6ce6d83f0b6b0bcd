"""Many pair transactions at once: a fleet of M-LAG pairs, each still all-or-nothing.

::

    from mlag_netconf.netconf.fleet import apply_many
    fleet = apply_many({"pod1": intent1.payloads(), "pod2": intent2.payloads()},
                       inventory, concurrency=8, progress=print)
    print(fleet.summary())            # one line per pair; fleet.failed names the failed ones

An intent given as a job (``apply_many({"pod1": intent1}, ...)``) brings its user side
(when it names one) as an extra device: it joins that pair's transaction when the
inventory has it, and is listed in the job's ``left_out`` (and the summary) when not.

Every job is one :func:`~mlag_netconf.netconf.pair.apply_all` (its devices verified, or
all as before); jobs run side by side, at most ``concurrency`` at a time, in threads: the
NETCONF transport underneath is blocking (ncclient, one reader thread per session), so an
event loop would only hand the same blocking calls to a thread pool (``bench/bench_pair.py``
measures both). A failed job never stops the others; :func:`apply_many` raises only for a
fleet that cannot start (a device in two jobs, a device missing from the inventory) and
returns a :class:`FleetResult` otherwise.

``progress`` is called (from the worker threads, one call at a time) with a
:class:`Progress` when a job starts and when it ends; an exception it raises is logged
and ignored.
"""

from __future__ import annotations

import html
import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

from mlag_netconf.errors import MlagNetconfError, NetconfError, TransactionError
from mlag_netconf.inventory import Inventory, InventoryError
from mlag_netconf.netconf.pair import (
    ATTENTION,
    TransactionResult,
    apply_all,
    members,
    undo_all,
)
from mlag_netconf.render import Payload

log = logging.getLogger("mlag_netconf.netconf")

DEFAULT_CONCURRENCY = 8


class HasPayloads(Protocol):
    """Anything that renders its payloads (an :class:`~mlag_netconf.intent.Intent`)."""

    def payloads(self) -> dict[str, Payload]: ...


@runtime_checkable
class HasExtraPayloads(Protocol):
    """An intent's extra devices (its user side, when it names one): they join its job
    when the inventory has them and are left out (``JobResult.left_out``) when not."""

    def extra_payloads(self) -> dict[str, Payload]: ...


@dataclass(frozen=True)
class Job:
    """One all-or-nothing transaction of a fleet: a pair's payloads (and extra devices
    such as the user side, joining when the inventory has them)."""

    name: str
    payloads: Mapping[str, Payload]
    extra: Mapping[str, Payload] = field(default_factory=dict)

    @property
    def devices(self) -> tuple[str, ...]:
        return (*self.payloads, *self.extra)


JobLike = Job | Mapping[str, Payload] | HasPayloads


@dataclass(frozen=True)
class Progress:
    """A job started or ended (``event``); ``done`` of ``total`` jobs have ended."""

    job: str
    event: Literal["started", "done", "failed"]
    done: int
    total: int
    result: JobResult | None = None

    def __str__(self) -> str:
        tail = f": {self.result.outcome}" if self.result is not None else ""
        return f"[{self.done}/{self.total}] {self.job} {self.event}{tail}"


@dataclass(frozen=True)
class JobResult:
    """One job's outcome: the transaction's result, or the error it failed with."""

    job: str
    devices: tuple[str, ...]
    seconds: float
    result: TransactionResult | None = None
    error: MlagNetconfError | None = None
    #: extra devices (the user side) left out: the inventory does not have them
    left_out: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def changed(self) -> bool:
        return self.result is not None and self.result.changed

    @property
    def attention(self) -> tuple[str, ...]:
        """Devices left changed that could not be put back (restore by hand)."""
        if self.result is None:
            return ()
        return tuple(d.device for d in self.result.devices if d.state == ATTENTION)

    @property
    def outcome(self) -> str:
        """What became of the job, and the extra devices left out (``; left out: C``)."""
        if self.attention:
            done = f"NEEDS ATTENTION ({', '.join(self.attention)})"
        elif self.error is not None:
            done = "failed, every device as before"
        else:
            done = "configured" if self.changed else "unchanged"
        return done + (f"; left out: {', '.join(self.left_out)}" if self.left_out else "")

    @property
    def reason(self) -> str:
        """Why the job failed, one line: each failed device's error (device: step: ...)."""
        hosts = self.failed_hosts
        if hosts:
            return "; ".join(_first_line(e) for e in hosts.values())
        return _first_line(self.error)

    @property
    def failed_hosts(self) -> dict[str, MlagNetconfError]:
        if isinstance(self.error, TransactionError):
            return {k: v for k, v in self.error.failed_hosts.items()
                    if isinstance(v, MlagNetconfError)}
        return {}


@dataclass(frozen=True)
class FleetResult:
    """Every job's outcome (in the order given) and the whole run's wall time."""

    jobs: tuple[JobResult, ...]
    seconds: float
    concurrency: int

    def __getitem__(self, name: str) -> JobResult:
        for j in self.jobs:
            if j.job == name:
                return j
        raise KeyError(name)

    @property
    def ok(self) -> bool:
        return all(j.ok for j in self.jobs)

    @property
    def failed(self) -> tuple[str, ...]:
        return tuple(j.job for j in self.jobs if not j.ok)

    @property
    def failed_hosts(self) -> dict[str, MlagNetconfError]:
        out: dict[str, MlagNetconfError] = {}
        for j in self.jobs:
            out.update(j.failed_hosts)
        return out

    @property
    def left_out(self) -> tuple[str, ...]:
        """Every job's extra devices (user sides) that the inventory does not have."""
        return tuple(d for j in self.jobs for d in j.left_out)

    def rows(self) -> list[tuple[str, str, str, str, str]]:
        """(job, devices, outcome, seconds, error) per job: the summary table's rows."""
        return [(j.job, " ".join(j.devices), j.outcome, f"{j.seconds:.2f}", j.reason)
                for j in self.jobs]

    def summary(self) -> str:
        """The summary table as text."""
        head = ("job", "devices", "outcome", "s", "error")
        rows = [head, *self.rows()]
        widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
        lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
                 for r in rows]
        lines.insert(1, "  ".join("-" * w for w in widths))
        changed = sum(j.changed for j in self.jobs)
        lines.append(f"{len(self.jobs)} jobs: {changed} configured, "
                     f"{sum(j.ok and not j.changed for j in self.jobs)} unchanged, "
                     f"{len(self.failed)} failed; {self.seconds:.2f} s at concurrency "
                     f"{self.concurrency}")
        if self.left_out:
            lines.append(f"left out (not in the inventory): {', '.join(self.left_out)}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()

    def __repr__(self) -> str:
        return (f"FleetResult({len(self.jobs)} jobs, {len(self.failed)} failed, "
                f"{self.seconds:.2f} s)")

    def _repr_html_(self) -> str:
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
            for row in self.rows())
        return ("<table><tr><th>job</th><th>devices</th><th>outcome</th><th>s</th>"
                f"<th>error</th></tr>{body}</table><p>{len(self.jobs)} jobs, "
                f"{len(self.failed)} failed, {self.seconds:.2f} s</p>")


def _first_line(error: BaseException | None) -> str:
    return str(error).splitlines()[0] if error is not None else ""


def jobs_of(items: Mapping[str, JobLike] | Iterable[JobLike]) -> list[Job]:
    """Normalise a fleet: named jobs (a mapping) or a sequence (each named after its
    members); an intent stands for its payloads, with its user side (when it names one)
    as an extra device. A device in two jobs is refused (two transactions would fight
    over its lock)."""
    named = (list(items.items()) if isinstance(items, Mapping)
             else [(None, item) for item in items])
    jobs: list[Job] = []
    for name, item in named:
        if isinstance(item, Job):
            job = item if name is None else Job(name, item.payloads, item.extra)
        else:
            payloads = item if isinstance(item, Mapping) else item.payloads()
            extra = item.extra_payloads() if isinstance(item, HasExtraPayloads) else {}
            job = Job(name or "+".join(payloads), payloads, extra)
        jobs.append(job)
    seen: dict[str, str] = {}
    for job in jobs:
        for device in job.devices:
            if device in seen:
                raise InventoryError(f"jobs.{job.name}", "fleet-device-in-two-jobs",
                                     f"{device} is in jobs {seen[device]} and {job.name}")
            seen[device] = job.name
    if len({j.name for j in jobs}) != len(jobs):
        raise InventoryError("jobs", "fleet-duplicate-job", "two jobs have the same name")
    return jobs


def apply_many(items: Mapping[str, JobLike] | Iterable[JobLike], inventory: Inventory, *,
               concurrency: int = DEFAULT_CONCURRENCY,
               progress: Callable[[Progress], object] | None = None,
               undo: bool = False, **options: Any) -> FleetResult:
    """Run every job as its own all-or-nothing transaction, ``concurrency`` at a time.

    ``options`` go to every :func:`~mlag_netconf.netconf.pair.apply_all` (or
    :func:`~mlag_netconf.netconf.pair.undo_all` with ``undo=True``): ``confirm_timeout``,
    ``dry_run``, ``rpc_timeout``... Raises :class:`InventoryError` before anything is sent
    when a job's device is missing from the inventory or in two jobs. A job's extra
    devices (an intent's user side) take part when the inventory has them; those it has
    not are the job's ``left_out`` (its outcome and the summary say so), as on the
    command line.
    """
    if concurrency < 1:
        raise InventoryError("concurrency", "fleet-concurrency", "concurrency must be >= 1")
    jobs = jobs_of(items)
    # the devices of each transaction, and its extra devices the inventory has not
    chosen = {job.name: members(job.payloads, inventory, job.extra) for job in jobs}
    run = undo_all if undo else apply_all
    total = len(jobs)
    done = 0
    report = threading.Lock()

    def tell(event: Progress) -> None:
        if progress is None:
            return
        try:
            progress(event)
        except Exception:
            log.exception("the fleet's progress callback failed (ignored)")

    def one(job: Job) -> JobResult:
        nonlocal done
        with report:
            tell(Progress(job.name, "started", done, total))
        start = time.perf_counter()
        result: TransactionResult | None = None
        error: MlagNetconfError | None = None
        try:
            result = run(job.payloads, inventory, extra=job.extra, **options)
        except TransactionError as e:
            error = e
            result = e.result if isinstance(e.result, TransactionResult) else None
        except MlagNetconfError as e:
            error = e
        except Exception as e:   # a bug must not take the other jobs down
            log.exception("%s: unexpected failure", job.name)
            error = NetconfError(f"{type(e).__name__}: {e}", step="fleet")
        devices, left_out = chosen[job.name]
        outcome = JobResult(job.name, tuple(devices), time.perf_counter() - start, result,
                            error, left_out)
        with report:
            done += 1
            tell(Progress(job.name, "done" if outcome.ok else "failed", done, total, outcome))
        return outcome

    start = time.perf_counter()
    workers = max(1, min(concurrency, total))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="mlag-fleet") as pool:
        futures = [pool.submit(one, job) for job in jobs]
        try:
            results = tuple(f.result() for f in futures)
        except BaseException:
            for f in futures:
                f.cancel()
            raise
    return FleetResult(results, time.perf_counter() - start, workers)


__all__ = ["DEFAULT_CONCURRENCY", "FleetResult", "HasExtraPayloads", "HasPayloads", "Job",
           "JobLike", "JobResult", "Progress", "apply_many", "jobs_of"]
