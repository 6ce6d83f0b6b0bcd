"""The few HTML pieces every notebook view is built from (floor 0: imports nothing above).

Every ``_repr_html_`` of the library (payloads, devices, pairs, diffs, results, errors,
the rules catalogue) is made of these, so escaping and styles live in one place:

- :class:`Html` marks text that is already HTML; every other value is escaped
  (:func:`esc`), so a device name or an error message can never inject markup;
- styles are inline: they win over the notebook's own stylesheet (nbconvert's
  ``.jp-OutputArea-output pre {font-family: inherit}`` would otherwise turn XML
  proportional) and survive renderers that drop ``<style>`` blocks;
- :func:`highlight_xml` colours an lxml tree and marks the elements of chosen namespaces
  (the gap module's), with no dependency beyond lxml.

>>> table(["device", "state"], [["<A>", mark("ok", "good")]])  # doctest: +ELLIPSIS
'<table ...><td ...>&lt;A&gt;</td><td ...><span ...>ok</span></td>...'
"""

from __future__ import annotations

import html as _html
from collections.abc import Collection, Iterable, Sequence
from typing import Literal

from lxml import etree

Tone = Literal["good", "bad", "warn", "info", "muted", "plain"]

MONO = ("font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', "
        "'Liberation Mono', monospace")
_BACKGROUND: dict[Tone, str] = {
    "good": "rgba(31, 136, 61, 0.15)", "bad": "rgba(207, 34, 46, 0.15)",
    "warn": "rgba(212, 167, 44, 0.22)", "info": "rgba(9, 105, 218, 0.12)",
    "muted": "rgba(128, 128, 128, 0.12)", "plain": "transparent",
}
_BORDER: dict[Tone, str] = {
    "good": "#1f883d", "bad": "#cf222e", "warn": "#d4a72c", "info": "#0969da",
    "muted": "#8c959f", "plain": "#d0d7de",
}
_CELL = "text-align: left; vertical-align: top; padding: 2px 8px"


class Html(str):
    """Text that already is HTML: inserted as it is, never escaped again."""

    __slots__ = ()


def esc(value: object) -> Html:
    """``value`` as HTML text: :class:`Html` as it is, ``None`` as nothing, else escaped.

    >>> esc("<b> & 'x'"), esc(Html("<b>")), esc(None)
    ('&lt;b&gt; &amp; &#x27;x&#x27;', '<b>', '')
    """
    if isinstance(value, Html):
        return value
    return Html(_html.escape("" if value is None else str(value), quote=True))


def join(parts: Iterable[object], sep: object = "") -> Html:
    """The parts escaped and joined (``sep`` too)."""
    return Html(esc(sep).join(esc(p) for p in parts))


def tag(name: str, *children: object, style: str | None = None, cls: str | None = None,
        **attrs: str | bool | None) -> Html:
    """``<name attrs>children</name>``; attribute values escaped, ``True`` as a bare flag.

    >>> tag("td", "a<b", style="color: red", title='say "hi"')
    '<td style="color: red" title="say &quot;hi&quot;">a&lt;b</td>'
    """
    items: list[tuple[str, str | bool | None]] = [("class", cls), ("style", style),
                                                  *attrs.items()]
    head = "".join(f" {k.replace('_', '-')}" if v is True else
                   f' {k.replace("_", "-")}="{esc(v)}"'
                   for k, v in items if v is not None and v is not False)
    return Html(f"<{name}{head}>{join(children)}</{name}>")


def code(text: object) -> Html:
    """Inline monospaced text."""
    return tag("code", text, style=f"{MONO}; font-size: 0.92em; white-space: pre-wrap; "
                                    "background: transparent; padding: 0")


def pre(body: object, *, cls: str | None = None) -> Html:
    """A monospaced block that keeps its lines (never wrapped, scrolls sideways)."""
    return tag("pre", body, cls=cls, style=(
        f"{MONO}; font-size: 12px; line-height: 1.45; white-space: pre; word-break: normal; "
        "overflow-x: auto; text-align: left; margin: 4px 0; padding: 6px 8px; "
        "border: 1px solid rgba(128, 128, 128, 0.3); border-radius: 4px; "
        "background: rgba(128, 128, 128, 0.06)"))


def mark(value: object, tone: Tone, *, title: str | None = None) -> Html:
    """``value`` on a coloured background (``good`` green, ``bad`` red, ``warn`` amber...)."""
    return tag("span", value, title=title, style=(
        f"background: {_BACKGROUND[tone]}; border-radius: 3px; padding: 0 4px"))


def colour(value: object, tone: Tone) -> Html:
    """``value`` in the tone's colour, bold (for states and change kinds)."""
    return tag("span", value, style=f"color: {_BORDER[tone]}; font-weight: 600; "
                                     "white-space: nowrap")


def table(headers: Sequence[object], rows: Iterable[Sequence[object] | Html], *,
          cls: str | None = None, caption: object = None, compact: bool = False) -> Html:
    """A left-aligned table; each cell escaped unless it is :class:`Html`.

    A row given as :class:`Html` is a whole row (see :func:`group_row`). ``compact``
    leaves out the columns that are empty in every row.

    >>> ">b</th>" in table(["a", "b"], [["1", ""]], compact=True)
    False
    """
    rows = list(rows)
    cells = [r for r in rows if not isinstance(r, Html)]
    keep = [i for i in range(len(headers))
            if not compact or any(esc(r[i]) for r in cells)]
    head = tag("tr", *(tag("th", headers[i],
                           style=f"{_CELL}; border-bottom: 1px solid #8c959f") for i in keep))
    body = join(r if isinstance(r, Html) else
                tag("tr", *(tag("td", r[i], style=_CELL) for i in keep)) for r in rows)
    cap = tag("caption", caption, style="text-align: left; font-weight: 600; "
                                        "padding: 2px 0") if caption is not None else ""
    return tag("table", Html(cap), Html(f"<thead>{head}</thead><tbody>{body}</tbody>"),
               cls=cls, style="border-collapse: collapse; margin: 4px 0; font-size: 13px")


def group_row(columns: int, *content: object) -> Html:
    """A table row of one cell across ``columns`` columns (a group heading)."""
    return tag("tr", tag("td", *content, colspan=str(columns),
                         style=f"{_CELL}; padding-top: 4px; background: {_BACKGROUND['muted']}"))


def fields(pairs: Iterable[tuple[object, object]], *, cls: str | None = None) -> Html:
    """A two-column header table: a name in bold on the left, its value on the right."""
    rows = join(tag("tr", tag("th", k, style=f"{_CELL}; font-weight: 600; white-space: nowrap"),
                    tag("td", v, style=_CELL)) for k, v in pairs)
    return tag("table", Html(f"<tbody>{rows}</tbody>"), cls=cls,
               style="border-collapse: collapse; margin: 4px 0; font-size: 13px")


def details(summary: object, *body: object, open: bool = False,
            cls: str | None = None) -> Html:
    """A foldable section, closed unless ``open``."""
    return tag("details", tag("summary", summary, style="cursor: pointer"), *body,
               open=open, cls=cls, style="margin: 4px 0")


def box(tone: Tone, title: object, *body: object, cls: str | None = None) -> Html:
    """A bordered notice (``warn`` for the gap features, ``bad`` for errors)."""
    return tag("div", tag("div", title, style="font-weight: 600"), *body, cls=cls,
               role="note", style=(f"border-left: 4px solid {_BORDER[tone]}; "
                                   f"background: {_BACKGROUND[tone]}; padding: 6px 10px; "
                                   "margin: 6px 0; text-align: left; font-size: 13px"))


def block(*children: object, cls: str) -> Html:
    """The outer ``<div>`` of a view; ``cls`` names the view (``mn-payload``...)."""
    return tag("div", *children, cls=f"mlag-netconf {cls}", style="text-align: left")


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 feature``, ``2 features`` (``many`` for irregular plurals).

    >>> plural(1, "change"), plural(3, "change"), plural(2, "entry", "entries")
    ('1 change', '3 changes', '2 entries')
    """
    return f"{n} {word if n == 1 else (many or word + 's')}"


# --------------------------------------------------------------------------- XML
_XML_TAG = "color:#116329"
_XML_ATTR = "color:#953800"
_XML_VALUE = "color:#0a3069"
_XML_TEXT = "font-weight:600"
_XML_MARK = (f"display:block;background:{_BACKGROUND['warn']};"
             f"box-shadow:inset 3px 0 0 {_BORDER['warn']}")


def highlight_xml(element: etree._Element, *, mark: Collection[str] = (),
                  title: str = "") -> Html:
    """``element`` pretty-printed (two-space indent) as highlighted HTML lines.

    Elements in a namespace of ``mark`` (and everything inside them) are set on an amber
    band, each line titled ``title``. Namespace declarations appear where the tree
    declares them, as in the payload text.

    >>> x = etree.fromstring('<a xmlns="urn:a"><b xmlns="urn:gap">1 &lt; 2</b></a>')
    >>> print(highlight_xml(x, mark={"urn:gap"}))  # doctest: +ELLIPSIS
    <span ...>&lt;a</span> <span ...>xmlns</span>=<span ...>&quot;urn:a&quot;</span>...&gt;...
    <span style="display:block;...">  <span ...>&lt;b</span>...1 &lt; 2...&lt;/b&gt;</span>
    </span><span ...>&lt;/a&gt;</span>
    """
    lines: list[tuple[str, bool]] = []
    _xml_lines(element, 0, {}, frozenset(mark), False, lines)
    tip = f' title="{esc(title)}"' if title else ""
    out = []
    for text, marked in lines:
        out.append(f'<span style="{_XML_MARK}"{tip}>{text}\n</span>' if marked else
                   text + "\n")
    return Html("".join(out).removesuffix("\n"))


def _qname(qname: str, nsmap: dict[str | None, str], attribute: bool = False) -> str:
    q = etree.QName(qname)
    if q.namespace is None:
        return q.localname
    for prefix, uri in nsmap.items():
        if uri == q.namespace and (prefix is not None or not attribute):
            return f"{prefix}:{q.localname}" if prefix else q.localname
    return q.localname


def _xml_lines(node: etree._Element, depth: int, parent_ns: dict[str | None, str],
               mark: frozenset[str], inside: bool, out: list[tuple[str, bool]]) -> None:
    pad = "  " * depth
    if not isinstance(node.tag, str):  # a comment or processing instruction
        out.append((pad + esc(etree.tostring(node, encoding="unicode").strip()), inside))
        return
    nsmap: dict[str | None, str] = dict(node.nsmap)
    marked = inside or etree.QName(node).namespace in mark
    name = _qname(node.tag, nsmap)
    attrs = [(f"xmlns:{p}" if p else "xmlns", uri) for p, uri in nsmap.items()
             if parent_ns.get(p) != uri]
    attrs += [(_qname(str(k), nsmap, attribute=True), str(v)) for k, v in node.attrib.items()]
    head = "".join(f' <span style="{_XML_ATTR}">{esc(k)}</span>='
                   f'<span style="{_XML_VALUE}">&quot;{esc(v)}&quot;</span>' for k, v in attrs)
    open_ = f'<span style="{_XML_TAG}">&lt;{esc(name)}</span>{head}<span style="{_XML_TAG}">'
    close = f'<span style="{_XML_TAG}">&lt;/{esc(name)}&gt;</span>'
    text = (node.text or "").strip()
    if not len(node):
        body = (f'&gt;</span><span style="{_XML_TEXT}">{esc(text)}</span>{close}' if text
                else "/&gt;</span>")
        out.append((pad + open_ + body, marked))
        return
    out.append((pad + open_ + "&gt;</span>", marked))
    for child in node:
        _xml_lines(child, depth + 1, nsmap, mark, marked, out)
    out.append((pad + close, marked))
