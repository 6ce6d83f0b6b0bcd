"""The device commands of ``mlag-netconf``: plan, diff, apply, verify, undo, demo.

Each takes an intent and ``--inventory FILE`` (the format ``mlag-netconf sim
--inventory-out`` writes) and works on every device of the intent at once, as one
transaction (:mod:`mlag_netconf.netconf.pair`):

- ``plan``: each device's payload and what it would change (read from running; nothing
  is sent); ``diff``: only what would change;
- ``apply``: shows the plan, asks (on a terminal, unless ``--yes``), then configures
  every device, all verified or all as before; ``--dry-run`` validates on the devices'
  candidates and commits nothing; ``--confirm-timeout S`` bounds the confirm window;
- ``verify``: running against the intent; exit 1 on drift, printing it;
- ``undo``: removes what the intent configured, as one transaction;
- ``demo``: simulated switches (the two members, and the user side when the intent
  names it), plan, apply, verify, re-apply (nothing changes).

The user side of a BGP-over-M-LAG intent (``user-side: {name: ...}``) takes part in
plan, diff, apply, verify and undo when the inventory has it (three devices in one
transaction); when it does not, the commands say ``user side <name>: not in the
inventory, left out`` and work on the members alone.

Exit status: 0 done or nothing to do; 1 a device or transport failure with nothing left
half-done (a member that needs attention is also 1, and says so loudly), drift for
``verify``, or a declined confirmation; 2 bad intent, inventory or usage. Passwords come
from the inventory (``password``, ``password_env``), a key file, or a prompt on a
terminal; they are never printed. Output: :mod:`mlag_netconf.cli_report`.
"""

from __future__ import annotations

import argparse
import getpass
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mlag_netconf.cli_report import EXIT_ERROR, EXIT_INVALID, EXIT_OK, DeviceRow, Report
from mlag_netconf.errors import (
    MlagNetconfError,
    NetconfError,
    TransactionError,
    ValidationError,
    ValidationErrors,
)
from mlag_netconf.inventory import DeviceEntry, Inventory, InventoryError

if TYPE_CHECKING:
    from mlag_netconf.intent import Intent
    from mlag_netconf.netconf.pair import DeviceResult, Plan, TransactionResult
    from mlag_netconf.render import Payload

#: the phases :func:`~mlag_netconf.netconf.pair.apply_all` reports per device
PHASES = ("read", "stage", "verify", "confirm")
#: device states of plan / diff and verify (apply and undo use the transaction's)
WOULD_CHANGE, UNCHANGED, VERIFIED, DRIFT = "would change", "unchanged", "verified", "drift"
#: undo reports a device whose removals were committed and verified as ``removed``
REMOVED = "removed"

_PACKAGE = Path(__file__).resolve().parent
EXAMPLE = "bgp-over-mlag.yaml"


# --------------------------------------------------------------------------- parsers
def add_ops_parsers(sub: Any) -> None:
    """Add plan, diff, apply, verify, undo and demo to an argparse subparsers object."""
    p = _device_parser(sub, "plan", "each device's payload and what it would change "
                                    "(nothing is sent)")
    p.add_argument("--format", choices=("cli", "xml"), default="cli",
                   help="show the payloads in the seed's CLI syntax (default) or as XML")
    _device_parser(sub, "diff", "what applying the intent would change on each device")
    a = _device_parser(sub, "apply", "configure every device of the intent as one "
                                     "transaction: all verified, or all as before")
    _change_options(a)
    _device_parser(sub, "verify", "compare running with the intent (exit 1 on drift)")
    u = _device_parser(sub, "undo", "remove what the intent configured, as one transaction")
    _change_options(u)
    d = sub.add_parser("demo", help="apply the BGP-over-M-LAG example to simulated switches "
                                    "(the pair and its user side) as one transaction, "
                                    "verify, re-apply")
    d.add_argument("--intent", default=None,
                   help=f"the intent to demonstrate (default: examples/{EXAMPLE})")
    d.set_defaults(func=_command(_demo), json=False)


def _device_parser(sub: Any, name: str, help_text: str) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(name, help=help_text, description=help_text)
    p.add_argument("intent", help="the YAML intent file")
    p.add_argument("--inventory", "-i", required=True, metavar="FILE",
                   help="the devices: host, port, username, password | password_env | "
                        "key_filename, host_key | known_hosts (what `sim --inventory-out` "
                        "writes)")
    p.add_argument("--json", action="store_true",
                   help="one JSON document on stdout (per device: state, changed, diff, "
                        "steps, error)")
    p.add_argument("--timeout", type=float, default=10.0,
                   help="seconds to connect to a device (default 10)")
    p.add_argument("--rpc-timeout", type=float, default=30.0,
                   help="seconds to wait for a device's reply (default 30)")
    p.set_defaults(func=_command(_COMMANDS[name]))
    return p


def _change_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--confirm-timeout", type=int, default=120, metavar="S",
                   help="seconds a device keeps the change unconfirmed before rolling it "
                        "back by itself (default 120)")
    p.add_argument("--dry-run", action="store_true",
                   help="validate the edit on every device's candidate; commit nothing")
    p.add_argument("--yes", "-y", action="store_true",
                   help="do not ask for confirmation (needed when stdin is not a terminal)")


# --------------------------------------------------------------------------- the frame
@dataclass
class _Run:
    """One command's context: its arguments, its report, the devices it works on."""

    args: argparse.Namespace
    report: Report
    devices: list[str] = field(default_factory=list)
    undo: bool = False


@dataclass(frozen=True)
class _Inputs:
    """What a device command works on: the members' payloads, the extra devices that
    take part (the user side, when the inventory has it), the inventory."""

    payloads: dict[str, Payload]
    extra: dict[str, Payload]
    inventory: Inventory

    @property
    def every(self) -> dict[str, Payload]:
        """Every payload sent, members first."""
        return {**self.payloads, **self.extra}


def _command(fn: Callable[[_Run], int]) -> Callable[[argparse.Namespace], int]:
    """Run ``fn`` and turn every error into its lines and its exit status."""

    def run(args: argparse.Namespace) -> int:
        ctx = _Run(args, Report(args.command, as_json=bool(getattr(args, "json", False))))
        try:
            return fn(ctx)
        except ValidationErrors as e:
            return _invalid(ctx, list(e.errors))
        except ValidationError as e:
            return _invalid(ctx, [e])
        except TransactionError as e:
            return _transaction_failed(ctx, e)
        except MlagNetconfError as e:  # a device or simulator error outside a transaction
            return _failed(ctx, e)
        except OSError as e:  # the simulator's ports or files (demo)
            return _failed(ctx, MlagNetconfError(
                f"{e.filename or args.command}: os-error: {e.strerror or e}"))
        except KeyboardInterrupt:
            return _failed(ctx, MlagNetconfError(
                f"{args.command}: interrupted: a device left with an unconfirmed change rolls "
                f"it back by itself when its confirm timeout expires"))

    return run


def _failed(ctx: _Run, error: MlagNetconfError) -> int:
    ctx.report.errors([error])
    return ctx.report.finish(EXIT_ERROR, errors=[error])


def _invalid(ctx: _Run, errors: list[ValidationError]) -> int:
    ctx.report.errors(errors)
    return ctx.report.finish(EXIT_INVALID, errors=errors)


def _transaction_failed(ctx: _Run, e: TransactionError) -> int:
    from mlag_netconf.netconf.pair import ATTENTION, TransactionResult
    from mlag_netconf.netconf.tree import Diff

    report = ctx.report
    errors = list(e.failed_hosts.values())
    if isinstance(e.result, TransactionResult):
        rows = [_result_row(d, ctx.undo) for d in e.result.devices]
    else:  # refused before anything was sent (connect, checks, read)
        rows = [DeviceRow(n, UNCHANGED, Diff(n), error=e.failed_hosts.get(n))
                for n in ctx.devices]
    report.errors(errors)
    attention = [r.device for r in rows if r.state == ATTENTION]
    outcome = str(e).splitlines()[0]
    for name in attention:
        saved = _save_snapshot(e.result, name)
        where = f" The configuration before the change is saved in {saved}." if saved else ""
        report.warn(f"!! {name} NEEDS ATTENTION: its running configuration was changed by "
                    f"this transaction and could not be put back. Check it with "
                    f"`mlag-netconf verify`, then put it back by hand (or with "
                    f"`mlag-netconf undo` if none of the intent was configured before)."
                    f"{where}")
    if rows:
        report.devices(rows, f"{ctx.args.command}: {outcome}")
    if errors and all(isinstance(x, ValidationError) for x in errors):
        return report.finish(EXIT_INVALID, rows, errors)
    return report.finish(EXIT_ERROR, rows, errors, dry_run=_dry_run(ctx))


def _save_snapshot(result: object, device: str) -> str | None:
    """Write a device's pre-change snapshot (the touched subtrees of running) to a file."""
    from mlag_netconf.netconf.pair import TransactionResult

    if not isinstance(result, TransactionResult):
        return None
    snapshot = result[device].snapshot
    if snapshot is None:
        return None
    folder = Path(tempfile.mkdtemp(prefix="mlag-netconf-snapshot-"))
    target = folder / f"{device}-before.xml"
    target.write_text(snapshot + "\n", encoding="utf-8")
    return str(target)


def _dry_run(ctx: _Run) -> bool:
    return bool(getattr(ctx.args, "dry_run", False))


# --------------------------------------------------------------------------- inputs
def _inputs(ctx: _Run) -> _Inputs:
    """The intent's payloads and the inventory (with every credential at hand), or the
    input errors (exit 2). The user side, when the intent names it, takes part if the
    inventory has it and is reported as left out if not."""
    args = ctx.args
    for option in ("timeout", "rpc_timeout"):
        if getattr(args, option) <= 0:
            raise ValidationError(f"--{option.replace('_', '-')}", "timeout-range",
                                  f"{getattr(args, option)}: seconds, more than 0")
    if getattr(args, "confirm_timeout", 1) < 1:
        raise ValidationError("--confirm-timeout", "timeout-range",
                              f"{args.confirm_timeout}: whole seconds, at least 1")
    intent = _intent(args.intent)
    payloads = intent.payloads()
    try:
        inventory = Inventory.load(args.inventory)
    except InventoryError as e:
        raise e if e.path else InventoryError(args.inventory, e.rule, e.message) from None
    missing = [InventoryError(f"devices.{n}", "inventory-missing-device",
                              f"{n} is in the intent but not in {args.inventory}")
               for n in payloads if n not in inventory.names]
    if missing:
        raise ValidationErrors(missing)
    named = intent.extra_payloads()
    extra = {n: p for n, p in named.items() if n in inventory.names}
    ctx.devices = [*payloads, *extra]
    inputs = _Inputs(payloads, extra, with_credentials(inventory, ctx.devices))
    for name in named.keys() - extra.keys():
        ctx.report.left_out(name, f"user side {name}: not in the inventory, left out")
    return inputs


def _intent(path: str) -> Intent:
    from mlag_netconf.intent import load_intent

    try:
        return load_intent(path)
    except OSError as e:
        raise ValidationError(path, "intent-file", e.strerror or str(e)) from None
    except ValidationErrors as e:
        raise ValidationErrors(_named(x, path) for x in e.errors) from None
    except ValidationError as e:
        raise _named(e, path) from None


def _named(error: ValidationError, source: str) -> ValidationError:
    """An error of a whole file carries the file's name as its path."""
    return error if error.path else ValidationError(source, error.rule, error.message)


def with_credentials(inventory: Inventory, names: Sequence[str]) -> Inventory:
    """``inventory`` with a way to log in to each of ``names``: its ``password``, its
    ``password_env`` (which must be set), its ``key_filename`` (which must exist), or a
    password asked on the terminal (once per username; never echoed or printed).

    Raises :class:`~mlag_netconf.inventory.InventoryError` for a credential that cannot
    be had (no prompt when stdin is not a terminal).
    """
    ask: dict[str, list[str]] = {}
    for entry in inventory:
        if entry.name in names and _needs_password(entry):
            ask.setdefault(entry.username, []).append(entry.name)
    if not ask:
        return inventory
    if not sys.stdin.isatty():
        first = next(iter(ask.values()))[0]
        raise InventoryError(f"devices.{first}", "inventory-password",
                             "no password, password_env or key_filename, and stdin is not "
                             "a terminal to ask for one")
    secrets = {user: getpass.getpass(f"Password for {user} on {', '.join(devs)}: ")
               for user, devs in ask.items()}
    entries = tuple(replace(e, password=secrets[e.username])
                    if e.name in names and _needs_password(e) else e for e in inventory)
    return replace(inventory, devices=entries)


def _needs_password(entry: DeviceEntry) -> bool:
    where = f"devices.{entry.name}"
    if entry.password is not None:
        return False
    if entry.password_env:
        entry.secret()  # InventoryError when the variable is not set
        return False
    if entry.key_filename:
        if not Path(entry.key_filename).expanduser().is_file():
            raise InventoryError(f"{where}.key_filename", "inventory-key-file",
                                 f"{entry.key_filename}: no such file")
        return False
    return True


def _needs_terminal(ctx: _Run) -> None:
    """apply / undo ask before changing devices: refuse up front when they cannot."""
    args = ctx.args
    if args.yes or args.dry_run or sys.stdin.isatty():
        return
    raise ValidationError("--yes", "confirmation-needs-terminal",
                          f"{args.command} asks before changing any device and stdin is not "
                          f"a terminal; pass --yes to {args.command} without asking (or "
                          f"--dry-run to validate only)")


def _confirm(question: str) -> bool:
    print(f"{question} [y/N] ", end="", file=sys.stderr, flush=True)
    return sys.stdin.readline().strip().lower() in ("y", "yes")


# --------------------------------------------------------------------------- rows
def _plan_rows(plan: Plan, payloads: Mapping[str, Payload] | None = None) -> list[DeviceRow]:
    return [DeviceRow(d.device, WOULD_CHANGE if d else UNCHANGED, d, changed=bool(d),
                      payload=payloads[d.device] if payloads else None) for d in plan.diffs]


def _result_row(d: DeviceResult, undo: bool = False) -> DeviceRow:
    from mlag_netconf.netconf.pair import CONFIGURED

    state = REMOVED if undo and d.state == CONFIGURED else d.state
    return DeviceRow(d.device, state, d.diff, changed=d.changed, steps=d.steps, error=d.error)


def _changing(plan: Plan) -> list[str]:
    return [d.device for d in plan.diffs if d]


def _read_plan(ctx: _Run, inputs: _Inputs, *, undo: bool = False) -> Plan:
    from mlag_netconf.netconf.pair import plan

    with ctx.report.status(f"reading running on {', '.join(inputs.every)}"):
        return plan(inputs.payloads, inputs.inventory, extra=inputs.extra,
                    timeout=ctx.args.timeout, rpc_timeout=ctx.args.rpc_timeout, undo=undo)


# --------------------------------------------------------------------------- commands
def _plan(ctx: _Run) -> int:
    inputs = _inputs(ctx)
    payloads = inputs.every
    plan = _read_plan(ctx, inputs)
    report = ctx.report
    report.payloads(payloads, ctx.args.format)
    report.heading("what apply would change")
    report.diffs(plan.diffs)
    report.line(_plan_summary(plan))
    return report.finish(EXIT_OK, _plan_rows(plan, payloads))


def _diff(ctx: _Run) -> int:
    plan = _read_plan(ctx, _inputs(ctx))
    ctx.report.diffs(plan.diffs)
    return ctx.report.finish(EXIT_OK, _plan_rows(plan))


def _plan_summary(plan: Plan) -> str:
    changing = _changing(plan)
    if not changing:
        return "nothing to do: every device matches the intent; nothing was sent"
    return f"{', '.join(changing)} would change; nothing was sent"


def _verify(ctx: _Run) -> int:
    inputs = _inputs(ctx)
    payloads = inputs.every
    plan = _read_plan(ctx, inputs)
    report = ctx.report
    drift = [d for d in plan.diffs if d]
    errors = [NetconfError(f"running differs from the intent in {len(d)} place(s)",
                           device=d.device, step="verify") for d in drift]
    rows = [DeviceRow(d.device, DRIFT if d else VERIFIED, d, changed=bool(d),
                      error=next((e for e in errors if e.device == d.device), None))
            for d in plan.diffs]
    if not drift:
        report.line(f"verified: running on {', '.join(payloads)} matches the intent",
                    "green")
        return report.finish(EXIT_OK, rows)
    report.heading("drift: what apply would change back")
    report.diffs(drift)
    report.errors(errors)
    return report.finish(EXIT_ERROR, rows, errors)


def _apply(ctx: _Run) -> int:
    return _change(ctx, undo=False)


def _undo(ctx: _Run) -> int:
    return _change(ctx, undo=True)


def _change(ctx: _Run, *, undo: bool) -> int:
    """apply / undo: plan, ask, run the transaction, show every device's outcome."""
    from mlag_netconf.netconf.pair import apply_all, undo_all

    ctx.undo = undo
    _needs_terminal(ctx)
    inputs = _inputs(ctx)
    args, report = ctx.args, ctx.report
    plan = _read_plan(ctx, inputs, undo=undo)
    report.heading("plan: what undo would remove" if undo else "plan")
    report.diffs(plan.diffs)
    if not plan.changed:
        report.line("nothing to do: " + ("nothing of the intent is configured"
                                         if undo else "every device matches the intent"),
                    "green")
        return report.finish(EXIT_OK, _plan_rows(plan), dry_run=args.dry_run)
    changing = ", ".join(_changing(plan))
    verb = "remove what the intent configured from" if undo else "apply these changes to"
    if not (args.yes or args.dry_run or _confirm(f"{verb} {changing}, as one transaction?")):
        report.line("cancelled: nothing was sent")
        return report.finish(EXIT_ERROR, _plan_rows(plan))
    run = undo_all if undo else apply_all
    with report.progress(list(inputs.every), PHASES) as progress:
        result = run(inputs.payloads, inputs.inventory, extra=inputs.extra,
                     confirm_timeout=args.confirm_timeout, dry_run=args.dry_run,
                     timeout=args.timeout, rpc_timeout=args.rpc_timeout, progress=progress)
    rows = [_result_row(d, undo) for d in result.devices]
    report.devices(rows, _outcome(result, undo))
    return report.finish(EXIT_OK, rows, dry_run=args.dry_run)


def _outcome(result: TransactionResult, undo: bool) -> str:
    names = ", ".join(d.device for d in result.devices)
    if result.dry_run:
        return f"dry run: the edit validated on {names}; nothing was committed"
    if not result.changed:
        return f"nothing to do on {names}"
    done = "removed and verified" if undo else "configured and verified"
    return f"transaction ok: {names} {done}"


# --------------------------------------------------------------------------- demo
def example_intent() -> Path:
    """``examples/bgp-over-mlag.yaml``: beside the package in a checkout, inside it
    (``_examples``) in an installed wheel."""
    packaged = _PACKAGE / "_examples" / EXAMPLE
    return packaged if packaged.is_file() else _PACKAGE.parent / "examples" / EXAMPLE


def _demo(ctx: _Run) -> int:
    from mlag_netconf.netconf.pair import apply_all, plan
    from mlag_netconf.sim import SimulatedNetwork

    report = ctx.report
    path = ctx.args.intent or _shown(example_intent())
    intent = _intent(path)
    payloads, extra = intent.payloads(), intent.extra_payloads()
    ctx.devices = names = [*payloads, *extra]
    report.heading(f"demo: {path} on {len(names)} simulated CloudEngine switches")
    with report.status("starting the simulated switches"):
        net = SimulatedNetwork(names)
        net.start()
    try:
        inventory = net.inventory
        for dev in net:
            role = " (the user side)" if dev.name in extra else ""
            report.line(f"  {dev.name}{role}: NETCONF over SSH at {dev.host}:{dev.port} "
                        f"(profile {net.profile.name})")
        report.heading("1. plan: what the transaction will change (read from running)")
        report.diffs(plan(payloads, inventory, extra=extra).diffs)
        report.heading("2. apply: every device as one transaction" +
                       (f" (the members and the user side {', '.join(extra)})" if extra
                        else ""))
        with report.progress(names, PHASES) as progress:
            first = apply_all(payloads, inventory, extra=extra, progress=progress)
        report.devices([_result_row(d) for d in first.devices], _outcome(first, False))
        report.heading("3. verify: running read back and compared with the intent")
        drift = [d for d in plan(payloads, inventory, extra=extra).diffs if d]
        report.diffs(drift)
        if not drift:
            report.line(f"verified: running on {', '.join(names)} matches the intent",
                        "green")
        history = {n: len(net[n].commit_history()) for n in names}
        report.heading("4. re-apply: the same intent again")
        second = apply_all(payloads, inventory, extra=extra)
        report.devices([_result_row(d) for d in second.devices], _outcome(second, False))
        grown = [n for n in names if len(net[n].commit_history()) != history[n]]
    finally:
        net.stop()
    errors = [NetconfError(f"running differs from the intent in {len(d)} place(s)",
                           device=d.device, step="verify") for d in drift]
    errors += [NetconfError("the re-apply changed running", device=n, step="re-apply")
               for n in names if n in grown or second[n].changed]
    if errors:
        report.errors(errors)
        return report.finish(EXIT_ERROR, errors=errors)
    report.line("re-apply: nothing changed; no edit and no commit was sent (the history of "
                "running on each switch is as long as before)", "green")
    return report.finish(EXIT_OK)


def _shown(path: Path) -> str:
    """``path`` relative to the working folder when it is below it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


_COMMANDS: dict[str, Callable[[_Run], int]] = {
    "plan": _plan, "diff": _diff, "apply": _apply, "verify": _verify, "undo": _undo,
}

__all__ = ["EXIT_ERROR", "EXIT_INVALID", "EXIT_OK", "PHASES", "add_ops_parsers",
           "example_intent", "with_credentials"]
