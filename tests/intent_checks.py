"""What parsing an intent reports, as (intent path, rule) pairs: shared by the intent
suites."""

from __future__ import annotations

from mlag_netconf.errors import ValidationError, ValidationErrors
from mlag_netconf.intent import parse_intent


def intent_errors(doc: object) -> list[tuple[str, str]]:
    """Every (path, rule) ``parse_intent(doc)`` raises; empty when it is accepted."""
    try:
        parse_intent(doc)
    except ValidationErrors as e:
        return [(x.path, x.rule) for x in e]
    except ValidationError as e:
        return [(e.path, e.rule)]
    return []
