"""The history of the running configuration: one :class:`Change` per commit or
direct edit, newest last, each with the tree it installed (bounded).

>>> from mlag_netconf.sim.protocol.tree import new_root
>>> history = History(keep=2)
>>> [history.record(new_root(), session_id=1, user="admin", kind="commit").id
...  for _ in range(3)]
[1, 2, 3]
>>> [c.id for c in history.changes]
[2, 3]
>>> history.find("2").id, history.find("nope") is None
(2, True)
"""

from __future__ import annotations

import itertools
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime

from mlag_netconf.xmltree import Element, deep_copy

#: How many changes a device remembers by default.
KEEP = 50


@dataclass(frozen=True)
class Change:
    """One change of the running configuration."""

    id: int
    time: str
    session_id: int
    user: str
    kind: str               # "commit", "edit-running", "confirmed-rollback", ...
    label: str | None
    tree: Element           # the running configuration this change installed


class History:
    def __init__(self, keep: int = KEEP) -> None:
        self._ids = itertools.count(1)
        self.changes: deque[Change] = deque(maxlen=keep)

    def record(self, tree: Element, *, session_id: int, user: str, kind: str,
               label: str | None = None) -> Change:
        change = Change(next(self._ids), datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                        session_id, user, kind, label, deep_copy(tree))
        self.changes.append(change)
        return change

    @property
    def last(self) -> Change | None:
        return self.changes[-1] if self.changes else None

    def find(self, ident: str) -> Change | None:
        """The change with this id (digits) or label, newest first."""
        for change in reversed(self.changes):
            if str(change.id) == ident or change.label == ident:
                return change
        return None
