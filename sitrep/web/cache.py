"""Answers of the read API kept until the database changes (SQLite stores).

Why: the page's own requests (/api/points, /api/stats, /api/facets unfiltered) and the filters
analysts share are asked again and again; at 50,000 events each costs 50-300 ms of one of two
cores, so fifty clients at once queued for seconds (bench/bench_load.py). An answer is kept with
the database's ``PRAGMA data_version`` as read by one connection that never writes: any commit,
by any process, changes it, and an entry kept under an older version is never served again.
PostgreSQL has no such cheap signal, so nothing is cached there.
"""
from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from dataclasses import dataclass

from sitrep.store.dialect import is_postgres

CACHED_PATHS = frozenset({"/api/events", "/api/stats", "/api/points", "/api/facets"})
# Entries are bounded by their bytes (MAX_TOTAL) more than by their number: 256 entries held
# fewer than the distinct filter sets 50 clients asked for (bench_load: 400 filters x 2 routes),
# so the LRU evicted what the next client wanted and 43 % of answers were recomputed.
MAX_ENTRIES = 4096
MAX_BODY = 4 * 1024 * 1024  # /api/points for 50,000 events is about 2 MB
MAX_TOTAL = 128 * 1024 * 1024


@dataclass(frozen=True)
class Entry:
    version: int
    body: bytes
    media_type: str | None


class ResponseCache:
    """A bounded LRU of (path and query) -> answer, valid while the database version is unchanged."""

    def __init__(self, db: str):
        self.enabled = not is_postgres(db)
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, Entry] = OrderedDict()
        self._size = 0
        self.hits = self.misses = 0
        self._watch = sqlite3.connect(f"file:{db}?mode=ro", uri=True, check_same_thread=False) \
            if self.enabled else None

    def version(self) -> int | None:
        """The database's change counter now (None: do not cache)."""
        if self._watch is None:
            return None
        with self._lock:
            try:
                return self._watch.execute("PRAGMA data_version").fetchone()[0]
            except sqlite3.Error:
                return None

    def get(self, key: str, version: int | None) -> Entry | None:
        if version is None:
            return None
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry.version != version:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, key: str, version: int | None, body: bytes, media_type: str | None) -> None:
        if version is None or len(body) > MAX_BODY:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._size -= len(old.body)
            self._entries[key] = Entry(version, body, media_type)
            self._size += len(body)
            while len(self._entries) > MAX_ENTRIES or self._size > MAX_TOTAL:
                _, dropped = self._entries.popitem(last=False)
                self._size -= len(dropped.body)
