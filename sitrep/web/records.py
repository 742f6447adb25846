"""Flat event records for the API, kept while an event's stored JSON is unchanged.

Why: a page of 100 events spent most of its time rebuilding each record (parsing the event's and
its mentions' JSON, then each report's own view of it, ``by_doc``): about 45 of 75 ms at 50,000
events, for records that rarely change. The response cache (web/cache.py) forgets every answer at
each commit, so while an ingest writes every page was rebuilt whole; a record is kept here under
a digest of the very rows it is made of (the event's and its mentions'), so a commit elsewhere
does not touch it and a changed event can never be served from an old entry. Outlets come from
the documents table and are filled in per request (``with_outlets``). Works the same on PostgreSQL.
"""
from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import Any

from sitrep.export import event_record, outlet_names
from sitrep.store import Store
from sitrep.store.db import event_from_rows

MAX_RECORDS = 10_000  # about 2 KB a record: 20 MB at most


class RecordCache:
    """A bounded LRU of (event id, digest of its rows) -> the event's record without its outlets."""

    def __init__(self, size: int = MAX_RECORDS):
        self.size = size
        self._lock = threading.Lock()
        self._records: OrderedDict[tuple[str, bytes], dict[str, Any]] = OrderedDict()
        self.hits = self.misses = 0

    def records(self, store: Store, ids: list[str]) -> list[dict[str, Any]]:
        """The records of ``ids`` (those that exist, in that order) as ``event_record`` makes them
        without outlets (``outlets`` empty: fill it with ``with_outlets``). Do not change them."""
        out = []
        for event_id, (data, mentions) in store.event_rows(ids).items():
            key = (event_id, hashlib.blake2b("\0".join([data, *mentions]).encode(), digest_size=16).digest())
            with self._lock:
                record = self._records.get(key)
                if record is not None:
                    self._records.move_to_end(key)
                    self.hits += 1
            if record is None:
                record = event_record(event_from_rows(data, mentions))
                with self._lock:
                    self.misses += 1
                    self._records[key] = record
                    while len(self._records) > self.size:
                        self._records.popitem(last=False)
            out.append(record)
        return out


def with_outlets(record: dict[str, Any], outlets: dict[str, str | None]) -> dict[str, Any]:
    """A copy of a kept record with its ``outlets`` (same key order as ``event_record``'s)."""
    return {**record, "outlets": outlet_names(record["docs"], outlets)}
