"""How diffs, plans and results show themselves: short reprs and notebook tables.

A diff is a table grouped by the node that holds the changed leaves (``+`` added in
green, ``~`` changed in amber, ``-`` removed in red); a plan is a table of what each
device would change, with each device's diff folded below; a transaction result is a
row per device: state, changed, failed, the step that failed, the error, the recovery.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from mlag_netconf.html import (
    Html,
    Tone,
    block,
    code,
    colour,
    details,
    esc,
    group_row,
    join,
    mark,
    plural,
    table,
    tag,
)
from mlag_netconf.netconf.pair import (
    ATTENTION,
    CONFIGURED,
    RESTORED,
    UNCHANGED,
    VALIDATED,
    DeviceResult,
    Plan,
    TransactionResult,
)
from mlag_netconf.netconf.tree import Change, Diff, Kind

if TYPE_CHECKING:
    from mlag_netconf.netconf.engine import ApplyResult

_KIND: dict[Kind, tuple[str, Tone]] = {
    "added": ("+", "good"), "changed": ("~", "warn"), "removed": ("-", "bad")}
_STATE: dict[str, Tone] = {CONFIGURED: "good", VALIDATED: "info", UNCHANGED: "muted",
                           RESTORED: "warn", ATTENTION: "bad"}


# --------------------------------------------------------------------------- reprs
def change_repr(c: Change) -> str:
    """``Change('added', '/bgp:bgp/base-process/as', new='65001')``."""
    parts = [repr(c.kind), repr(c.path)]
    parts += [f"{k}={v!r}" for k, v in (("old", c.old), ("new", c.new)) if v is not None]
    return f"Change({', '.join(parts)})"


def counts(diff: Diff) -> str:
    """``29 added, 1 changed`` or ``no changes``."""
    out = [f"{len(diff.of(k))} {k}" for k in _KIND if diff.of(k)]
    return ", ".join(out) or "no changes"


def plan_repr(plan: Plan) -> str:
    """``Plan(DeviceA: 29 added, DeviceB: no changes)``."""
    return f"Plan({', '.join(f'{d.device}: {counts(d)}' for d in plan.diffs)})"


def device_result_repr(r: DeviceResult) -> str:
    """``DeviceResult('DeviceB', 'unchanged', 29 changes, error=CommitError at confirm)``."""
    parts = [repr(r.device), repr(r.state), plural(len(r.diff), "change")]
    if r.error is not None:
        step = getattr(r.error, "step", None)
        parts.append(f"error={type(r.error).__name__}" + (f" at {step}" if step else ""))
    return f"DeviceResult({', '.join(parts)})"


def result_repr(r: TransactionResult) -> str:
    """``TransactionResult(ok: DeviceA configured, DeviceB configured)``."""
    verdict = ("dry run" if r.dry_run else "ok" if r.ok else
               "FAILED on " + ", ".join(r.failed_hosts))
    return (f"TransactionResult({verdict}: "
            f"{', '.join(f'{d.device} {d.state}' for d in r.devices)})")


def apply_result_repr(r: ApplyResult) -> str:
    """``ApplyResult('DeviceA', changed, 29 changes)``."""
    state = "dry run" if r.dry_run else "changed" if r.changed else "unchanged"
    return f"ApplyResult({r.device!r}, {state}, {plural(len(r.diff), 'change')})"


# --------------------------------------------------------------------------- diffs
def _split(path: str) -> tuple[str, str]:
    """``/a/b[k='x/y']/c`` → (``/a/b[k='x/y']``, ``c``): the last step outside brackets."""
    depth = 0
    for i in range(len(path) - 1, -1, -1):
        ch = path[i]
        if ch == "]":
            depth += 1
        elif ch == "[":
            depth -= 1
        elif ch == "/" and depth == 0:
            return path[:i] or "/", path[i + 1:]
    return "", path


def _summary(diff: Diff) -> Html:
    parts = [colour(f"{_KIND[k][0]}{len(diff.of(k))} {k}", _KIND[k][1])
             for k in _KIND if diff.of(k)]
    return Html(f"<b>{esc(diff.device)}</b>: "
                + (join(parts, ", ") if parts else "no changes (nothing to send)"))


def diff_table(changes: Sequence[Change]) -> Html:
    """Rows grouped by the node holding the changed leaves."""
    rows: list[list[object] | Html] = []
    parent = None
    for c in changes:
        here, leaf = _split(c.path)
        if here != parent:
            rows.append(group_row(4, code(here)))
            parent = here
        sign, tone = _KIND[c.kind]
        rows.append([colour(f"{sign} {c.kind}", tone), code(f"  {leaf}"),
                     mark(code(c.old), "bad") if c.old is not None else "",
                     mark(code(c.new), tone) if c.new is not None else ""])
    return table(["", "path", "old", "new"], rows, cls="mn-diff")


def diff_html(diff: Diff) -> Html:
    parts: list[object] = [tag("div", _summary(diff))]
    if diff.changes:
        parts.append(diff_table(diff.changes))
    return block(*parts, cls="mn-diff-block")


def plan_html(plan: Plan) -> Html:
    rows = [[Html(f"<b>{esc(d.device)}</b>"),
             *(colour(len(d.of(k)), _KIND[k][1]) if d.of(k) else "0" for k in _KIND),
             "nothing to do" if not d else "would change"] for d in plan.diffs]
    head = table(["device", "added", "changed", "removed", ""], rows, cls="mn-plan")
    diffs = [details(_summary(d), diff_table(d.changes)) for d in plan.diffs if d]
    verdict = ("nothing to do on any device" if not plan.changed else
               "what the transaction would change (read from running; nothing sent)")
    return block(tag("div", Html(f"<b>Plan</b>: {esc(verdict)}")), head, *diffs,
                 cls="mn-plan-block")


# --------------------------------------------------------------------------- results
def _row(d: DeviceResult) -> list[object]:
    step = getattr(d.error, "step", None) if d.error is not None else None
    message = getattr(d.error, "message", None) or (str(d.error) if d.error else "")
    return [Html(f"<b>{esc(d.device)}</b>"), mark(d.state, _STATE.get(d.state, "plain")),
            "yes" if d.changed else "no", colour("yes", "bad") if d.failed else "no",
            Html(f"<span title='{esc(' → '.join(d.steps))}'>{esc(step or '')}</span>"),
            message, d.recovery or ""]


_HEAD = ["device", "state", "changed", "failed", "step", "error", "recovery"]


def results_table(devices: Iterable[DeviceResult]) -> Html:
    return table(_HEAD, [_row(d) for d in devices], cls="mn-result")


def result_html(r: TransactionResult) -> Html:
    if r.dry_run:
        verdict = colour("dry run: validated on every device, nothing committed", "info")
    elif r.ok:
        verdict = colour("ok: " + ("every device verified" if r.changed else
                                   "nothing to change"), "good")
    else:
        verdict = colour(f"FAILED on {', '.join(r.failed_hosts)}", "bad")
    return block(tag("div", Html(f"<b>Transaction</b> {verdict}")), results_table(r.devices),
                 cls="mn-result-block")


def device_result_html(d: DeviceResult) -> Html:
    return block(results_table([d]), diff_html(d.diff), cls="mn-result-block")


def apply_result_html(r: ApplyResult) -> Html:
    state = "dry run" if r.dry_run else ("changed" if r.changed else "unchanged")
    rows = [[Html(f"<b>{esc(r.device)}</b>"), mark(state, "good" if r.changed else "muted"),
             " → ".join(r.steps) or "nothing sent"]]
    return block(table(["device", "state", "steps"], rows, cls="mn-result"), diff_html(r.diff),
                 cls="mn-result-block")
