"""Raised errors as tables in IPython and Jupyter (optional; top floor, like the CLI).

IPython prints a raised exception as a traceback and never asks it for ``_repr_html_``
(an error shown as a *value* does use it). After :func:`install`, a raised
:class:`~mlag_netconf.errors.MlagNetconfError` is shown as its table (``path · rule ·
message``, the root cause first) above the usual traceback; the cell still fails.

::

    import mlag_netconf.display
    mlag_netconf.display.install()
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

from mlag_netconf.errors import MlagNetconfError


def install(shell: Any = None) -> bool:
    """Show raised mlag-netconf errors as tables in this IPython session.

    ``shell`` defaults to the running one; outside IPython nothing changes and the
    answer is ``False``.
    """
    shell = shell or _running()
    if shell is None:
        return False
    shell.set_custom_exc((MlagNetconfError,), _show)
    return True


def uninstall(shell: Any = None) -> None:
    """Undo :func:`install` (IPython's own handling again)."""
    shell = shell or _running()
    if shell is not None:
        shell.set_custom_exc((), None)


def _running() -> Any:
    try:
        from IPython.core.getipython import get_ipython
    except ImportError:  # pragma: no cover - IPython is not installed
        return None
    return get_ipython()  # type: ignore[no-untyped-call]


def _show(shell: Any, etype: type[BaseException], value: BaseException,
          tb: TracebackType | None, tb_offset: int | None = None) -> None:
    from IPython.display import display

    if isinstance(value, MlagNetconfError):
        display({"text/html": value._repr_html_(), "text/plain": str(value)},  # type: ignore[no-untyped-call]
                raw=True)
    shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
