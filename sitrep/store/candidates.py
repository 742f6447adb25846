"""Merge candidates kept parsed between documents, while their stored rows are unchanged.

Why: every new document's merge reads the stored events of its date window (``Store.
candidate_events_in``), and a corpus told in date order reads the same events document after
document: at 20 events a day about a hundred candidates a document, each one's JSON and its
mentions' parsed again every time. That parse was two thirds of the merge's time (bench_spark
``--merge-events``, docs/quality.md issue #13), the driver's whole stage 2 in a Spark run. An
entry is used only when the rows just read are the very strings it was made from, so an event
another writer (or this one) changed since is parsed afresh: the result is what parsing gives.
The events handed out are shared between calls: the resolver reads candidates and builds new
events from them, it never changes them, and neither may any other caller.
"""
from __future__ import annotations

import json
from collections import OrderedDict

from sitrep.model import Event, EventMention

DEFAULT_KEPT = 4096  # events: a date window's worth in a dense corpus (~3 KB each parsed, ~12 MB at most)
KEPT = DEFAULT_KEPT


def event_from_rows(data: str, mentions: list[str]) -> Event:
    """An event (without its claims) from its stored JSON and its mentions' (``Store.event_rows``)."""
    event = Event.from_dict({**json.loads(data), "mentions": [], "claims": []})
    event.mentions = [EventMention.from_dict(json.loads(m)) for m in mentions]
    return event


class CandidateCache:
    """A bounded LRU of event id -> (its row, its mentions' rows, the event parsed from them)."""

    def __init__(self, size: int | None = None):
        self.size = KEPT if size is None else size  # 0: parse every time (the benchmarks' "before")
        self._kept: OrderedDict[str, tuple[str, list[str], Event]] = OrderedDict()
        self.hits = self.misses = 0

    def events(self, rows: dict[str, tuple[str, list[str]]]) -> list[Event]:
        """The events of ``rows`` (``Store.event_rows``' answer), in its order, without claims."""
        out = []
        for event_id, (data, mentions) in rows.items():
            kept = self._kept.get(event_id)
            if kept is not None and kept[0] == data and kept[1] == mentions:
                self._kept.move_to_end(event_id)
                self.hits += 1
                out.append(kept[2])
                continue
            self.misses += 1
            event = event_from_rows(data, mentions)
            self._kept[event_id] = (data, mentions, event)
            self._kept.move_to_end(event_id)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
            out.append(event)
        return out
