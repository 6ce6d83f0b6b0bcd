"""How a :class:`~mlag_netconf.render.payload.Payload` shows itself in a notebook.

A header table (device, modules, features), the gap features as a visible warning with
the seed command each stands for and the lines of this payload that use it, then the XML
(folded, monospaced, highlighted, the gap module's elements on an amber band) and the CLI
view (folded).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mlag_netconf.errors import MlagNetconfError
from mlag_netconf.html import (
    Html,
    block,
    box,
    code,
    details,
    esc,
    fields,
    highlight_xml,
    join,
    mark,
    plural,
    pre,
    table,
)
from mlag_netconf.namespaces import MODULES
from mlag_netconf.render.registry import FEATURES

if TYPE_CHECKING:
    from mlag_netconf.render.payload import Payload

GAP = MODULES["mnx"]
_GAP_TITLE = f"{GAP.name}: not in the public Huawei YANG model"


def payload_repr(p: Payload) -> str:
    """``Payload('DeviceB', 18 features, 4 gap, 111 lines)``: no XML in it."""
    parts = [repr(p.device)]
    if p.features:
        parts.append(plural(len(p.features), "feature"))
    if p.gap_features:
        parts.append(f"{len(p.gap_features)} gap")
    parts.append(plural(len(p.xml.splitlines()), "line"))
    return f"Payload({', '.join(parts)})"


def payload_html(p: Payload) -> Html:
    modules = join((mark(code(m), "warn", title=_GAP_TITLE) if m == GAP.name else code(m)
                    for m in p.modules), ", ")
    features = join((mark(code(f), "warn", title=_GAP_TITLE) if f in p.gap_features else code(f)
                     for f in p.features), ", ")
    head = fields([("device", Html(f"<b>{esc(p.device)}</b>")),
                   ("modules", modules or "—"),
                   ("features", Html(f"{esc(len(p.features))}: {features}") if p.features
                    else "— (loaded from a file)")], cls="mn-payload-header")
    lines = p.xml.splitlines()
    xml = details(f"XML · {plural(len(lines), 'line')}"
                  + (f" · {GAP.name} elements highlighted" if p.gap_features else ""),
                  pre(highlight_xml(p.element(), mark={GAP.namespace}, title=_GAP_TITLE),
                      cls="mn-xml"), cls="mn-xml-section")
    try:
        cli: Html = pre(p.cli(), cls="mn-cli")
    except MlagNetconfError as e:
        cli = esc(str(e))
    return block(head, _gap_warning(p), xml, details("CLI view", cli), cls="mn-payload")


def _gap_warning(p: Payload) -> Html:
    if not p.gap_features:
        return Html("")
    try:
        used = p.cli_lines()
    except MlagNetconfError:
        used = []
    rows = [[code(f), code(FEATURES[f].cli),
             join((code(line.command) for line in used if f in line.features), Html("<br>"))]
            for f in p.gap_features]
    n = len(p.gap_features)
    return box("warn", f"⚠ {plural(n, 'feature')} of this payload {'is' if n == 1 else 'are'} "
                       "not in the public Huawei YANG model",
               Html(f"<div>Rendered through the project's module <code>{esc(GAP.name)}</code> "
                    f"(<code>{esc(GAP.namespace)}</code>). A device that does not "
                    "advertise it is refused before anything is sent (inventory "
                    "<code>gap: refuse</code>, the default). The seed documents configure "
                    "these nodes with the commands below.</div>"),
               table(["feature", "seed command", "in this payload"], rows,
                     cls="mn-gap-commands"), cls="mn-gap")
