"""What the device commands of ``mlag-netconf`` print: one report, three forms.

- on a terminal: tables, colour and progress (rich);
- piped: plain text, no escape sequences;
- ``--json``: one JSON document on stdout (the shape below), nothing else there.

Errors always go to stderr as one line each, ``path: rule: message`` (bad input) or
``device: step: message`` (a device), the root cause first.

The JSON document (``version`` 1; keys are only ever added)::

    {"version": 1, "command": "apply", "exit": 0, "ok": true, "changed": true,
     "dry_run": false,
     "devices": {"DeviceA": {"state": "configured", "changed": true,
                             "diff": [{"kind": "added", "path": "/ifm:ifm/...",
                                       "old": null, "new": "100"}],
                             "steps": ["lock", "discard", "edit", ...],
                             "error": null}},
     "left_out": [],
     "errors": [{"text": "DeviceB: confirm: ...", "device": "DeviceB", "step": "confirm",
                 "message": "...", "recovery": "...", "rpc_errors": [...]}]}

``left_out`` lists the devices the command left out, each ``{"device", "message"}``
(``user side DeviceC: not in the inventory, left out``). An ``error`` is ``{"text",
"path", "rule", "message"}`` for bad input and ``{"text",
"device", "step", "message", "recovery", "rpc_errors"}`` for a device; ``plan`` adds
``payload`` (the XML) to each device. Passwords are never part of it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from mlag_netconf.errors import NetconfError, ValidationError

if TYPE_CHECKING:
    from rich.console import Console

    from mlag_netconf.netconf.tree import Diff
    from mlag_netconf.render import Payload

#: exit status: done or nothing to do / a device or transport failure (nothing left
#: half-done unless it says so loudly) / bad intent, inventory or usage
EXIT_OK, EXIT_ERROR, EXIT_INVALID = 0, 1, 2

JSON_VERSION = 1

#: colour of a device state on a terminal
STATE_STYLE = {
    "unchanged": "dim", "would change": "yellow", "configured": "green", "removed": "green",
    "validated": "cyan", "verified": "green", "drift": "bold red", "restored": "yellow",
    "needs attention": "bold white on red",
}
KIND_STYLE = {"added": "green", "changed": "yellow", "removed": "red"}


@dataclass(frozen=True)
class DeviceRow:
    """One device in a command's outcome."""

    device: str
    state: str
    diff: Diff
    changed: bool = False
    steps: tuple[str, ...] = ()
    error: BaseException | None = None
    payload: Payload | None = None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "state": self.state, "changed": self.changed,
            "diff": [{"kind": c.kind, "path": c.path, "old": c.old, "new": c.new}
                     for c in self.diff],
            "steps": list(self.steps),
            "error": error_json(self.error) if self.error is not None else None,
        }
        if self.payload is not None:
            out["payload"] = self.payload.xml
        return out


def error_text(error: BaseException) -> str:
    """The one-line form of an error (``device: step: message (recovery)``), the
    recovery note left out when the message already says it."""
    if isinstance(error, NetconfError) and error.recovery and error.recovery in error.message:
        return ": ".join(p for p in (error.device, error.step, error.message) if p)
    return str(error)


def error_json(error: BaseException) -> dict[str, Any]:
    """An error as JSON: its one-line text and its fields."""
    out: dict[str, Any] = {"text": error_text(error)}
    if isinstance(error, ValidationError):
        out.update(path=error.path, rule=error.rule, message=error.message)
    elif isinstance(error, NetconfError):
        out.update(device=error.device, step=error.step, message=error.message,
                   recovery=error.recovery,
                   rpc_errors=[{"type": str(e.type), "tag": e.tag, "app_tag": e.app_tag,
                                "path": e.path, "message": e.message,
                                "severity": e.severity} for e in error.errors])
    else:
        out["message"] = str(error)
    return out


def root_cause_first(errors: Iterable[BaseException]) -> list[BaseException]:
    """Errors ordered so that what went wrong first is read first: a device's own
    failure before the follow-on ones (a compensation that could not put a member
    back), input errors in the order found."""
    follow_on = ("compensate", "recover")
    listed = list(errors)
    return sorted(listed, key=lambda e: isinstance(e, NetconfError) and e.step in follow_on)


class Report:
    """The output of one command (see the module docstring for the three forms).

    ``tty`` defaults to whether ``out`` is a terminal; ``as_json`` silences everything on
    ``out`` but the document :meth:`finish` writes.
    """

    def __init__(self, command: str, *, as_json: bool = False, out: TextIO | None = None,
                 err: TextIO | None = None, tty: bool | None = None,
                 err_tty: bool | None = None) -> None:
        self.command = command
        self.as_json = as_json
        self.out = out if out is not None else sys.stdout
        self.err = err if err is not None else sys.stderr
        self.tty = _isatty(self.out) if tty is None else tty
        self.err_tty = _isatty(self.err) if err_tty is None else err_tty
        self._console: Console | None = None
        self._err_console: Console | None = None
        self._left_out: list[dict[str, str]] = []

    # ------------------------------------------------------------------ consoles
    @property
    def rich(self) -> Console | None:
        """A rich console on ``out`` when it is a terminal (and not ``--json``)."""
        if self.as_json or not self.tty:
            return None
        if self._console is None:
            self._console = _console(self.out)
        return self._console

    def _plain(self, text: str) -> None:
        if not self.as_json:
            print(text, file=self.out, flush=True)

    # ------------------------------------------------------------------ prose
    def heading(self, text: str) -> None:
        if (c := self.rich) is not None:
            c.rule(_text(text, "bold"), align="left")
        else:
            self._plain(f"== {text}")

    def line(self, text: str, style: str = "") -> None:
        if (c := self.rich) is not None:
            c.print(_text(text, style))
        else:
            self._plain(text)

    def left_out(self, device: str, text: str) -> None:
        """A device the command leaves out (the user side not in the inventory): a line
        now, and in the JSON document's ``left_out``."""
        self._left_out.append({"device": device, "message": text})
        self.line(text, "yellow")

    def warn(self, text: str) -> None:
        """A loud line on stderr (a device that needs attention)."""
        if self.err_tty:
            self._errors().print(_text(text, "bold white on red"))
        else:
            print(text, file=self.err, flush=True)

    def errors(self, errors: Iterable[BaseException]) -> None:
        """One line per error on stderr, the root cause first."""
        for e in root_cause_first(errors):
            if self.err_tty:
                self._errors().print(_text(error_text(e), "red"))
            else:
                print(error_text(e), file=self.err, flush=True)

    def _errors(self) -> Console:
        if self._err_console is None:
            self._err_console = _console(self.err)
        return self._err_console

    # ------------------------------------------------------------------ views
    def payloads(self, payloads: Mapping[str, Payload], fmt: str) -> None:
        """Each device's payload: its CLI view or its XML."""
        for name, p in payloads.items():
            gap = f"; not in the public vendor model: {', '.join(p.gap_features)}" \
                if p.gap_features else ""
            self.heading(f"{name}: payload ({len(p.features)} features, modules "
                         f"{', '.join(p.modules)}{gap})")
            body = p.cli() if fmt == "cli" else p.xml
            if (c := self.rich) is not None and fmt == "xml":
                from rich.syntax import Syntax

                c.print(Syntax(body, "xml", background_color="default"))
            else:
                self.line(body)

    def diffs(self, diffs: Iterable[Diff]) -> None:
        """What would change (or changed) on each device: one line per change, ``+``
        added, ``~`` changed, ``-`` removed (green, yellow, red on a terminal; the lines
        wrap rather than fold, paths are long)."""
        for d in diffs:
            if (c := self.rich) is None:
                self._plain(str(d))
                continue
            head, *lines = str(d).splitlines()
            c.print(_text(head, "bold" if d else "dim"))
            for ch, line in zip(d, lines, strict=True):
                c.print(_text(line, KIND_STYLE[ch.kind]), soft_wrap=True)

    def devices(self, rows: Sequence[DeviceRow], title: str) -> None:
        """The per-device outcome: state, number of changes, steps, error."""
        if (c := self.rich) is None:
            self._plain(title)
            for r in rows:
                detail = _changes(r) + (f"; {' -> '.join(r.steps)}" if r.steps else "")
                self._plain(f"  {r.device}: {r.state} ({detail})"
                            + (f" — {error_text(r.error)}" if r.error is not None else ""))
            return
        from rich.table import Table

        table = Table(title=title, title_justify="left")
        for col in ("device", "state", "changes", "steps", "error"):
            table.add_column(col, overflow="fold")
        for r in rows:
            table.add_row(_text(r.device, "bold"), _text(r.state, STATE_STYLE.get(r.state, "")),
                          _changes(r), " → ".join(r.steps),
                          _text(error_text(r.error) if r.error is not None else "", "red"))
        c.print(table)

    # ------------------------------------------------------------------ progress
    @contextmanager
    def status(self, text: str) -> Iterator[None]:
        """A spinner while something runs (terminal only)."""
        if (c := self.rich) is None:
            yield
            return
        with c.status(_text(text)):
            yield

    @contextmanager
    def progress(self, devices: Sequence[str],
                 phases: Sequence[str]) -> Iterator[Callable[[str, str], None] | None]:
        """Per-device progress through ``phases`` (terminal only): yields the callback
        for :func:`~mlag_netconf.netconf.pair.apply_all`'s ``progress``, else ``None``."""
        if (c := self.rich) is None:
            yield None
            return
        from rich.progress import BarColumn, Progress, TextColumn

        with Progress(TextColumn("{task.description}"), BarColumn(),
                      TextColumn("{task.fields[phase]}"), console=c, transient=True) as bar:
            tasks = {d: bar.add_task(d, total=len(phases), phase="connect") for d in devices}

            def advance(device: str, phase: str) -> None:
                if device in tasks:
                    bar.update(tasks[device], advance=1, phase=phase)

            yield advance

    # ------------------------------------------------------------------ the end
    def finish(self, code: int, rows: Sequence[DeviceRow] = (),
               errors: Sequence[BaseException] = (), *, dry_run: bool = False) -> int:
        """Write the JSON document (``--json``) and return ``code`` (the exit status)."""
        if self.as_json:
            doc = {
                "version": JSON_VERSION, "command": self.command, "exit": code,
                "ok": code == 0, "changed": any(r.changed for r in rows), "dry_run": dry_run,
                "devices": {r.device: r.as_json() for r in rows},
                "left_out": list(self._left_out),
                "errors": [error_json(e) for e in root_cause_first(errors)],
            }
            json.dump(doc, self.out, indent=2)
            self.out.write("\n")
            self.out.flush()
        return code


def _changes(row: DeviceRow) -> str:
    """How many changes a device's diff holds, and whether they are in running."""
    if not row.diff:
        return "no changes"
    planned = row.state in ("unchanged", "validated", "would change")
    return f"{len(row.diff)} changes" + (", none committed" if planned and row.steps else
                                         " planned" if planned else "")


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _console(stream: TextIO) -> Console:
    from rich.console import Console

    return Console(file=stream, force_terminal=True, markup=False, highlight=False,
                   emoji=False)


def _text(text: str, style: str = "") -> Any:
    """Literal text (device paths hold ``[...]``, never read as markup)."""
    from rich.text import Text

    return Text(text, style=style)


__all__ = ["EXIT_ERROR", "EXIT_INVALID", "EXIT_OK", "JSON_VERSION", "DeviceRow", "Report",
           "error_json", "error_text", "root_cause_first"]
