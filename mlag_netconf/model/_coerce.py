"""Field coercion shared by the immutable builders.

Builders are frozen dataclasses with strictly typed fields. Their ``__post_init__`` runs
each field's parser so that loose input (``"10.1.1.1/24"``, ``"vlanif 100"``) becomes the
typed leaf, and a bad value raises :class:`~mlag_netconf.errors.ValueFormatError` whose
path names the field.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import inspect
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from mlag_netconf.errors import ArgumentError, RuleViolation, ValueFormatError

Parser = Callable[[Any], Any]
C = TypeVar("C", bound=type)

KEEP: Any = type("Keep", (), {"__repr__": lambda self: "KEEP"})()
"""Default of a ``with_*`` argument that was not given: the field keeps its value
(``None`` given explicitly clears the field)."""


def checked_init(cls: C) -> C:
    """Make a wrong call of ``cls(...)`` an :class:`ArgumentError` naming the argument
    (an unknown keyword with the nearest known one, a missing or a surplus argument),
    instead of Python's bare ``TypeError``."""
    init = cls.__init__  # type: ignore[misc]
    signature = inspect.signature(init)
    names = [n for n in signature.parameters if n != "self"]
    params = [p for p in signature.parameters.values() if p.name != "self"]
    positional = [p.name for p in params if p.kind in (
        inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    keywords = frozenset(p.name for p in params if p.kind in (
        inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY))
    required = [p.name for p in params if p.default is inspect.Parameter.empty]
    required_set = frozenset(required)
    plain = all(p.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
                for p in params)

    def fits(args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
        """The same answer as ``signature.bind`` for a plain signature, ~10x cheaper
        (a builder is made thousands of times when a large intent is rendered)."""
        if not plain or len(args) > len(positional):
            return False
        given = positional[:len(args)]
        if any(k not in keywords or k in given for k in kwargs):
            return False
        return all(r in kwargs or r in given for r in required)

    # The usual call (keywords only, all known, none missing) fills the fields in one
    # step instead of the frozen dataclass __init__'s object.__setattr__ per field (18 for
    # an interface, most of them defaults), then runs __post_init__ as that __init__ would.
    fields = dataclasses.fields(cls) if dataclasses.is_dataclass(cls) else ()
    defaults = {f.name: f.default for f in fields if f.default is not dataclasses.MISSING}
    generated = getattr(getattr(init, "__code__", None), "co_filename", "") == "<string>"
    direct = (generated  # the dataclass's own __init__ (it makes it with exec), no other
              and plain and bool(fields) and keywords == frozenset(f.name for f in fields)
              and all(f.init and f.default_factory is dataclasses.MISSING for f in fields))
    post_init = getattr(cls, "__post_init__", None)

    @functools.wraps(init)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:  # noqa: N807
        if not args and plain and kwargs.keys() <= keywords and required_set <= kwargs.keys():
            if direct and type(self) is cls:  # not a subclass: it may have more fields
                self.__dict__.update(defaults, **kwargs)
                if post_init is not None:
                    post_init(self)
                return
            init(self, **kwargs)
            return
        if fits(args, kwargs):
            init(self, *args, **kwargs)
            return
        try:
            signature.bind(self, *args, **kwargs)
        except TypeError as e:
            unknown = [k for k in kwargs if k not in names]
            if unknown:
                near = difflib.get_close_matches(unknown[0], names, n=1)
                hint = f" (did you mean {near[0]!r}?)" if near else ""
                raise ArgumentError(unknown[0], "unknown-argument",
                                    f"{cls.__name__}() has no argument {unknown[0]!r}{hint}"
                                    ) from None
            missing = [n for n in names if signature.parameters[n].default is
                       inspect.Parameter.empty and n not in kwargs]
            where = missing[0] if missing and len(args) < len(missing) else cls.__name__
            raise ArgumentError(where, "argument", f"{cls.__name__}(): {e}") from None
        init(self, *args, **kwargs)

    __init__.fills_fields_directly = direct  # type: ignore[attr-defined]
    cls.__init__ = __init__  # type: ignore[misc]
    return cls


def require(value: object, kind: type | tuple[type, ...], path: str, what: str) -> None:
    """``value`` is an instance of ``kind``, else an :class:`ArgumentError` at ``path``."""
    if not isinstance(value, kind):
        raise ArgumentError(path, "argument-type",
                            f"expected {what}, not {type(value).__name__} {value!r:.60}")


def items_of(value: object, kind: type, path: str, what: str) -> tuple[Any, ...]:
    """A list/tuple of ``kind`` objects as a tuple (text or a mapping is refused)."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise ArgumentError(path, "argument-type",
                            f"expected a list of {what}, not {type(value).__name__} "
                            f"{value!r:.60}")
    out = tuple(value)
    for i, item in enumerate(out):
        require(item, kind, f"{path}[{i}]", what)
    return out


def short_repr(obj: Any, *first: str) -> str:
    """``Type(first..., field=value, ...)`` with only the fields that differ from their
    defaults, leaves shown by their text (``Interface('Vlanif100', ipv4='10.1.1.1/24')``)."""
    parts = [_text(getattr(obj, f)) for f in first]
    for f in dataclasses.fields(obj):
        if f.name in first:
            continue
        value = getattr(obj, f.name)
        default = (f.default if f.default is not dataclasses.MISSING else
                   f.default_factory() if f.default_factory is not dataclasses.MISSING
                   else dataclasses.MISSING)
        if value != default and value != () and value is not None:
            parts.append(f"{f.name}={_text(value)}")
    return f"{type(obj).__name__}({', '.join(parts)})"


def _text(value: object) -> str:
    if isinstance(value, tuple) and value and all(isinstance(v, tuple) for v in value):
        return repr({str(k): v for k, v in value})  # family switches
    if isinstance(value, tuple | frozenset):
        return "[" + ", ".join(_text(v) for v in value) + "]"
    if isinstance(value, bool | int) or type(value).__module__.startswith("mlag_netconf.model"):
        return repr(value)
    return repr(str(value))


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
