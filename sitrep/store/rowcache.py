"""What is built from an event's stored rows, kept while those rows are unchanged.

Why: two readers build the same thing again and again from rows that rarely change. The merge
reads the stored events of each new document's date window (``Store.candidate_events_in``), and a
corpus told in date order reads the same events document after document: parsing their JSON was
two thirds of the merge's time (bench_spark ``--merge-events``, docs/quality.md issue #13). The
web's pages build each event's flat record (``export.event_record``, its reports' views of it)
for every page: 45 of 75 ms of a page at 50,000 events (web/records.py). One mechanism serves
both: an entry is used only when the rows just read are the very strings it was built from, so
an event another writer (or this one) changed since is built afresh and the answer is always
what building gives; a commit elsewhere in the store does not touch it. The values handed out
are shared between calls and threads (the server's workers): no caller may change them.
"""
from __future__ import annotations

import json
import threading
from collections import OrderedDict
from typing import Callable, Generic, TypeVar

from sitrep.model import Event, EventMention

T = TypeVar("T")
Rows = tuple[str, list[str]]  # an event's stored JSON and its mentions' (``Store.event_rows``)

KEPT_CANDIDATES = 4096  # events: a date window's worth in a dense corpus (~3 KB each parsed, ~12 MB at most)


def event_from_rows(data: str, mentions: list[str]) -> Event:
    """An event (without its claims) from its stored JSON and its mentions' (``Store.event_rows``)."""
    event = Event.from_dict({**json.loads(data), "mentions": [], "claims": []})
    event.mentions = [EventMention.from_dict(json.loads(m)) for m in mentions]
    return event


class RowCache(Generic[T]):
    """A bounded LRU of event id -> (its rows, ``build(*rows)``), safe to share between threads.

    Keyed by the id and checked against the rows themselves (not a digest of them): comparing two
    equal strings is cheaper than hashing one, no collision can serve a stale value, and only one
    version of an event is kept. ``size`` 0 builds every time (the benchmarks' "before").
    """

    def __init__(self, build: Callable[[str, list[str]], T], size: int):
        self.build = build
        self.size = size
        self._lock = threading.Lock()
        self._kept: OrderedDict[str, tuple[Rows, T]] = OrderedDict()
        self.hits = self.misses = 0

    def values(self, rows: dict[str, Rows]) -> list[T]:
        """``build`` of each event of ``rows`` (``Store.event_rows``' answer), in its order."""
        out = []
        for event_id, row in rows.items():
            with self._lock:
                kept = self._kept.get(event_id)
                if kept is not None and kept[0] == row:
                    self._kept.move_to_end(event_id)
                    self.hits += 1
                    out.append(kept[1])
                    continue
                self.misses += 1
            value = self.build(*row)  # outside the lock: other threads' hits need not wait for it
            with self._lock:
                self._kept[event_id] = (row, value)
                self._kept.move_to_end(event_id)
                while len(self._kept) > self.size:
                    self._kept.popitem(last=False)
            out.append(value)
        return out
