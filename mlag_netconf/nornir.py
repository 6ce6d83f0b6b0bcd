"""Nornir tasks: render, plan, apply and verify an intent on the hosts of a Nornir run.

``pip install mlag-netconf[nornir]`` (Nornir core only: nornir-netconf pins ncclient < 0.7,
which the library's transport needs). The library opens its own NETCONF sessions; a host
is reached through its Nornir hostname, port, username and password (or those of its
``mlag_netconf`` connection options), and the options' ``extras`` carry the library's
inventory fields (``host_key``, ``known_hosts``, ``key_filename``, ``password_env``,
``verify_host_key``, ``gap``, ``model``)::

    from nornir import InitNornir
    from mlag_netconf import load_intent
    from mlag_netconf.nornir import apply, plan

    nr = InitNornir(config_file="config.yaml")
    intents = [load_intent("pod1.yaml"), load_intent("pod2.yaml")]
    print_result(nr.run(task=plan, intent=intents))
    nr.run(task=apply, intent=intents, confirm_timeout=120)   # honours nr's dry_run

``intent`` is an intent, a payload mapping, a :class:`~mlag_netconf.netconf.fleet.Job`
(with extra devices such as the user side), or several of these (a fleet). An intent
that names its user side brings it as an extra device. Hosts of no intent get a result
saying so and are not touched.

``apply`` keeps each pair all-or-nothing: the first member's task to run runs the pair
transaction (:func:`~mlag_netconf.netconf.pair.apply_all`) for every device of the pair
in this run, and each member's task returns its own part (``changed``, ``diff``,
``failed``). The user side (an extra device) joins the transaction when it is a host of
the run; when it is not, it is left out: each member's result says so (``left_out``,
severity WARNING; ``apply`` logs a warning on ``mlag_netconf.nornir`` too), and so do
``render``, ``plan`` and ``verify``. Every member of a pair must be in the run (a
member filtered out fails the others' tasks before anything is sent). A failed
transaction fails every member's task: each is as before. Nornir's ``dry_run`` (global,
or the task's ``dry_run=``) validates the edit on every device's candidate and commits
nothing.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from nornir.core.inventory import Host
from nornir.core.task import Result, Task

from mlag_netconf.errors import MlagNetconfError, TransactionError
from mlag_netconf.inventory import Inventory, InventoryError
from mlag_netconf.netconf.fleet import Job, JobLike, jobs_of
from mlag_netconf.netconf.pair import DeviceResult, TransactionResult, apply_all
from mlag_netconf.netconf.pair import plan as plan_all
from mlag_netconf.render import Payload

#: The Nornir connection whose options (and extras) reach a device.
CONNECTION = "mlag_netconf"
_EXTRAS = ("host_key", "known_hosts", "key_filename", "password_env", "verify_host_key",
           "gap", "model")

Intents = JobLike | Iterable[JobLike] | Mapping[str, JobLike]

log = logging.getLogger("mlag_netconf.nornir")


def entry(host: Host) -> dict[str, Any]:
    """The library's inventory entry (as a mapping) for a Nornir host."""
    params = host.get_connection_parameters(CONNECTION)
    extras = params.extras or {}
    unknown = sorted(set(extras) - set(_EXTRAS))
    if unknown:
        raise InventoryError(f"{host.name}.connection_options.{CONNECTION}.extras.{unknown[0]}",
                             "unknown-key", f"allowed: {', '.join(_EXTRAS)}")
    values: dict[str, Any] = {"host": params.hostname or host.name, "port": params.port,
                              "username": params.username, "password": params.password,
                              **extras}
    return {k: v for k, v in values.items() if v is not None}


def inventory(hosts: Iterable[Host]) -> Inventory:
    """An :class:`~mlag_netconf.inventory.Inventory` of Nornir hosts (typed errors)."""
    return Inventory.from_dict({"devices": {h.name: entry(h) for h in hosts}})


def _jobs(intent: Intents) -> list[Job]:
    """One job (an intent, a payload mapping, a job), or a fleet (a sequence, or a
    mapping of job names to jobs)."""
    if isinstance(intent, Mapping):
        if all(isinstance(v, Payload) for v in intent.values()):
            return jobs_of([cast(Mapping[str, Payload], intent)])
        return jobs_of(cast(Mapping[str, JobLike], intent))
    if isinstance(intent, Job) or hasattr(intent, "payloads"):
        return jobs_of([cast(JobLike, intent)])
    return jobs_of(intent)


def _job_of(task: Task, intent: Intents) -> Job | None:
    for job in _jobs(intent):
        if task.host.name in job.devices:
            return job
    return None


def _not_in_intent(task: Task) -> Result:
    return Result(task.host, result=f"{task.host.name} is in no intent: nothing to do")


def _left_out(task: Task, job: Job) -> tuple[str, ...]:
    """The job's extra devices (its user side) that are not hosts of this run."""
    hosts = task.nornir.inventory.hosts
    return tuple(d for d in job.extra if d not in hosts)


def _noting(result: Result, left_out: tuple[str, ...]) -> Result:
    """``result`` saying which extra devices were left out (``left_out``; severity
    WARNING when any was)."""
    result.left_out = left_out  # type: ignore[attr-defined]
    if left_out:
        result.severity_level = logging.WARNING
    return result


def _run_hosts(task: Task, job: Job) -> dict[str, Host]:
    """The hosts of ``job`` in this Nornir run (pair members must all be in it)."""
    hosts = task.nornir.inventory.hosts
    missing = [d for d in job.payloads if d not in hosts]
    if missing:
        raise InventoryError(f"{job.name}", "nornir-member-filtered-out",
                             f"{', '.join(missing)} of {job.name} is not in this Nornir run; "
                             f"the pair is one transaction: run all its members")
    return {d: hosts[d] for d in job.devices if d in hosts}


# --------------------------------------------------------------------------- render
def render(task: Task, intent: Intents) -> Result:
    """The host's payload (``<config>`` XML) from the intent; sends nothing."""
    job = _job_of(task, intent)
    if job is None:
        return _not_in_intent(task)
    payload = {**job.payloads, **job.extra}[task.host.name]
    return _noting(Result(task.host, result=payload.xml), _left_out(task, job))


# --------------------------------------------------------------------------- plan / verify
def _diff(task: Task, intent: Intents, options: Mapping[str, Any]) -> Result | None:
    job = _job_of(task, intent)
    if job is None:
        return None
    payload = {**job.payloads, **job.extra}[task.host.name]
    inv = inventory([task.host])
    return _noting(Result(task.host, result=plan_all({task.host.name: payload}, inv,
                                                     **options)[task.host.name]),
                   _left_out(task, job))


def plan(task: Task, intent: Intents, **options: Any) -> Result:
    """What applying the intent would change on the host (read from running; nothing
    sent): ``result`` is the :class:`~mlag_netconf.netconf.tree.Diff`, ``diff`` its text."""
    out = _diff(task, intent, options)
    if out is None:
        return _not_in_intent(task)
    out.diff = str(out.result) if out.result else ""
    return out


def verify(task: Task, intent: Intents, **options: Any) -> Result:
    """Running against the intent: ``failed`` when the host drifted (``diff`` says how)."""
    out = _diff(task, intent, options)
    if out is None:
        return _not_in_intent(task)
    drift = out.result
    out.failed = bool(drift)
    out.diff = str(drift) if drift else ""
    return out


# --------------------------------------------------------------------------- apply
@dataclass
class _Round:
    """One pair transaction shared by its members' tasks."""

    done: threading.Event = field(default_factory=threading.Event)
    taken: set[str] = field(default_factory=set)
    expected: frozenset[str] = frozenset()
    result: TransactionResult | None = None
    error: MlagNetconfError | None = None
    #: the job's extra devices (the user side) that are not hosts of the run
    left_out: tuple[str, ...] = ()


_rounds: dict[tuple[int, str], _Round] = {}
_rounds_lock = threading.Lock()


def apply(task: Task, intent: Intents, dry_run: bool | None = None,
          **options: Any) -> Result:
    """Apply the intent: each pair (with its extra devices in the run) as one transaction.

    ``options`` go to :func:`~mlag_netconf.netconf.pair.apply_all` (``confirm_timeout``,
    ``rpc_timeout``, ``validate_on_device``...). ``dry_run`` overrides Nornir's.
    """
    job = _job_of(task, intent)
    if job is None:
        return _not_in_intent(task)
    name = task.host.name
    key = (id(intent), job.name)
    with _rounds_lock:
        current = _rounds.get(key)
        leader = current is None or name in current.taken
        if leader:
            current = _rounds[key] = _Round()
        assert current is not None
        current.taken.add(name)
    if leader:
        try:
            hosts = _run_hosts(task, job)
            current.expected = frozenset(hosts)
            extra = {d: p for d, p in job.extra.items() if d in hosts}
            current.left_out = _left_out(task, job)
            for name_out in current.left_out:
                log.warning("%s: user side %s: not a host of this Nornir run, left out",
                            job.name, name_out)
            current.result = apply_all(job.payloads, inventory(hosts.values()), extra=extra,
                                       dry_run=task.is_dry_run(dry_run), **options)
        except TransactionError as e:
            current.error = e
            if isinstance(e.result, TransactionResult):
                current.result = e.result
        except MlagNetconfError as e:
            current.error = e
        finally:
            current.done.set()
    current.done.wait()
    with _rounds_lock:
        if current.taken >= current.expected and _rounds.get(key) is current:
            del _rounds[key]
    return _member_result(task, current)


def _member_result(task: Task, shared: _Round) -> Result:
    mine: DeviceResult | None = None
    if shared.result is not None:
        mine = next((d for d in shared.result.devices if d.device == task.host.name), None)
    error = shared.error
    if isinstance(error, TransactionError) and task.host.name in error.failed_hosts:
        own = error.failed_hosts[task.host.name]
        error = own if isinstance(own, MlagNetconfError) else error
    return _noting(Result(task.host, result=mine if mine is not None else shared.result,
                          changed=mine is not None and mine.changed,
                          diff=str(mine.diff) if mine is not None and mine.diff else "",
                          failed=error is not None, exception=error), shared.left_out)


__all__ = ["CONNECTION", "Intents", "apply", "entry", "inventory", "plan", "render",
           "verify"]
