"""Flat event records for the API, kept while an event's stored rows are unchanged.

Why: a page of 100 events spent most of its time rebuilding each record (parsing the event's and
its mentions' JSON, then each report's own view of it, ``by_doc``): about 45 of 75 ms at 50,000
events, for records that rarely change. The response cache (web/cache.py) forgets every answer at
each commit, so while an ingest writes every page was rebuilt whole; a record is kept by the
store's row cache (``sitrep.store.rowcache``, the mechanism the merge's candidates use too), so a
commit elsewhere does not touch it and a changed event can never be served from an old entry.
Outlets come from the documents table and are filled in per request (``with_outlets``). Works
the same on PostgreSQL.
"""
from __future__ import annotations

from typing import Any

from sitrep.export import event_record, outlet_names
from sitrep.store import Store
from sitrep.store.rowcache import RowCache, event_from_rows

MAX_RECORDS = 10_000  # about 2 KB a record and 3 KB of rows: 50 MB at most


def _record(data: str, mentions: list[str]) -> dict[str, Any]:
    """An event's record as ``event_record`` makes it, without outlets (``with_outlets`` adds them)."""
    return event_record(event_from_rows(data, mentions))


class RecordCache(RowCache[dict[str, Any]]):
    """The server's records of events, shared by its worker threads; do not change them."""

    def __init__(self, size: int = MAX_RECORDS):
        super().__init__(_record, size)

    def records(self, store: Store, ids: list[str]) -> list[dict[str, Any]]:
        """The records of ``ids`` (those that exist, in that order), ``outlets`` empty."""
        return self.values(store.event_rows(ids))


def with_outlets(record: dict[str, Any], outlets: dict[str, str | None]) -> dict[str, Any]:
    """A copy of a kept record with its ``outlets`` (same key order as ``event_record``'s)."""
    return {**record, "outlets": outlet_names(record["docs"], outlets)}
