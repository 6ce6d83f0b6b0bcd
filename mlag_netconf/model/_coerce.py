"""Field coercion shared by the immutable builders.

Builders are frozen dataclasses with strictly typed fields. Their ``__post_init__`` runs
each field's parser so that loose input (``"10.1.1.1/24"``, ``"vlanif 100"``) becomes the
typed leaf, and a bad value raises :class:`~mlag_netconf.errors.ValueFormatError` whose
path names the field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from mlag_netconf.errors import RuleViolation, ValueFormatError

Parser = Callable[[Any], Any]


def set_field(obj: object, name: str, parser: Parser, path: str,
              required: bool = False) -> None:
    """Parse ``obj.<name>`` in place (``None`` stays ``None`` unless ``required``)."""
    value = getattr(obj, name)
    if value is None:
        if required:
            raise ValueFormatError(path, "required", f"{name} is required")
        return
    try:
        object.__setattr__(obj, name, parser(value))
    except ValueFormatError as e:
        raise ValueFormatError(path, e.rule, e.message) from None


def set_tuple(obj: object, name: str, parser: Parser, path: str) -> None:
    """Parse every item of ``obj.<name>`` (a scalar is taken as a one-item tuple)."""
    value = getattr(obj, name)
    items: Iterable[Any] = value if isinstance(value, list | tuple | set | frozenset) else (
        () if value is None else (value,))
    out = []
    for i, item in enumerate(items):
        try:
            out.append(parser(item))
        except ValueFormatError as e:
            raise ValueFormatError(f"{path}[{i}]", e.rule, e.message) from None
    object.__setattr__(obj, name, tuple(out))


def set_single(obj: object, name: str, parser: Parser, path: str, rule: str, what: str) -> None:
    """A field that takes one value: a list of several is a rule violation (``rule``)."""
    value = getattr(obj, name)
    if isinstance(value, list | tuple):
        if len(value) > 1:
            raise RuleViolation(path, rule, f"at most one {what} per interface, "
                                            f"got {len(value)}")
        value = value[0] if value else None
        object.__setattr__(obj, name, value)
    set_field(obj, name, parser, path)


def set_bool(obj: object, name: str, path: str) -> None:
    value = getattr(obj, name)
    if not isinstance(value, bool):
        raise ValueFormatError(path, "boolean", f"expected true or false, not {value!r}")
