"""A fleet of BGP-over-M-LAG pairs: the example intent renamed per pair (for fleet,
Nornir and bench runs against simulated devices)."""

from __future__ import annotations

from pathlib import Path

from mlag_netconf import Intent, loads_intent

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bgp-over-mlag.yaml"


def pair_names(i: int) -> tuple[str, str]:
    return f"Pod{i}A", f"Pod{i}B"


def user_side(i: int) -> str:
    """The user side pair ``i``'s intent names (the example's DeviceC)."""
    return f"Pod{i}C"


def pair_intent(i: int, user: str | None = None) -> Intent:
    """Pair ``i`` of the fleet: the example with its members named Pod<i>A and Pod<i>B,
    its user side ``user`` (default Pod<i>C)."""
    a, b = pair_names(i)
    text = EXAMPLE.read_text(encoding="utf-8")
    return loads_intent(text.replace("DeviceA", a).replace("DeviceB", b)
                        .replace("DeviceC", user or user_side(i)))


def fleet(pairs: int) -> dict[str, Intent]:
    """``pairs`` pairs, by job name (pod0, pod1, ...)."""
    return {f"pod{i}": pair_intent(i) for i in range(pairs)}


def devices(pairs: int) -> list[str]:
    return [name for i in range(pairs) for name in pair_names(i)]
