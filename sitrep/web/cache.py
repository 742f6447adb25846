"""Answers of the read API kept until the database changes (SQLite stores).

Why: the page's own requests (/api/points, /api/stats, /api/facets unfiltered) and the filters
analysts share are asked again and again; at 50,000 events each costs 50-300 ms of one of two
cores, so fifty clients at once queued for seconds (bench/bench_load.py). An answer is kept with
the database's ``PRAGMA data_version`` as read by one connection that never writes: any commit,
by any process, changes it, and an entry kept under an older version is never served again.
PostgreSQL has no such cheap signal, so nothing is cached there.

After a commit an entry is not dropped at once: an answer that declared what it depends on
(``depends_on``: the events matching its filter's WHERE clause) is checked against the change log
``event_changes`` (schema migration 7, filled by triggers in every writing process): when no event
changed since the answer's own snapshot was, or now is, inside that filter (its old and new
columns are both logged), the answer is what a fresh query would give now, and is served again.
The check is a superset of the real dependency (the free-text ``q`` is left out of it), so it can
only rebuild too often, never serve a stale answer; a writer's own change is in the log once its
commit returns, so a client that wrote sees its write.

The cache is served by a plain ASGI middleware (``CacheMiddleware``), not Starlette's
``BaseHTTPMiddleware``: that one runs every request through a task group and memory streams,
about a millisecond of the event loop's time per request with the GIL held, the time a hit took
and what the misses' worker threads waited for behind fifty clients (bench_load).
"""
from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any, Awaitable, Callable

from sitrep.store.dialect import is_postgres

Message = dict[str, Any]
ASGIApp = Callable[[Message, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]]

CACHED_PATHS = frozenset({"/api/events", "/api/stats", "/api/points", "/api/facets"})
# Entries are bounded by their bytes (MAX_TOTAL) more than by their number: 256 entries held
# fewer than the distinct filter sets 50 clients asked for (bench_load: 400 filters x 2 routes),
# so the LRU evicted what the next client wanted and 43 % of answers were recomputed.
MAX_ENTRIES = 4096
MAX_BODY = 4 * 1024 * 1024  # /api/points for 50,000 events is about 2 MB
MAX_TOTAL = 128 * 1024 * 1024


SCOPE_KEY = "sitrep.cache"  # the ASGI scope's slot where an endpoint says what its answer depends on


@dataclass(frozen=True)
class Entry:
    version: int
    body: bytes
    media_type: str | None
    seq: int | None = None  # the change log's newest row in the answer's snapshot (None: not known)
    where: tuple[str, list[Any]] | None = None  # the events it depends on (None: every change)


def depends_on(scope: Message, *, seq: int | None = None, where: tuple[str, list[Any]] | None = None) -> None:
    """Record, for the cache, the change-log position of the answer being built (read inside its
    snapshot) or the WHERE clause over event columns that selects every event it depends on."""
    slot = scope.get(SCOPE_KEY)
    if slot is None:
        return
    if seq is not None:
        slot["seq"] = seq
    if where is not None:
        slot["where"] = where


class ResponseCache:
    """A bounded LRU of (path and query) -> answer, valid while the database version is unchanged."""

    def __init__(self, db: str):
        self.enabled = not is_postgres(db)
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, Entry] = OrderedDict()
        self._size = 0
        self.hits = self.misses = 0
        self._watch = sqlite3.connect(f"file:{db}?mode=ro", uri=True, check_same_thread=False,
                                      isolation_level=None) \
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
            if entry is not None and entry.version != version:
                seq = self._unchanged_since(entry)
                entry = self._entries[key] = replace(entry, version=version, seq=seq) if seq is not None else None
            if entry is None:
                self._entries.pop(key, None)
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def _unchanged_since(self, entry: Entry) -> int | None:
        """The change log's position now if no event the entry depends on changed since its
        snapshot, else None (also when the log was pruned past it). Under ``_lock``."""
        if entry.seq is None or entry.where is None or self._watch is None:
            return None
        where, params = entry.where
        try:
            self._watch.execute("BEGIN")
            try:
                low, now = self._watch.execute("SELECT MIN(seq), MAX(seq) FROM event_changes").fetchone()
                if now is None or now == entry.seq:
                    return entry.seq
                if low > entry.seq + 1:
                    return None  # rows after the entry's were pruned: cannot tell
                hit = self._watch.execute(f"SELECT 1 FROM event_changes WHERE seq > ? {'AND (' + where + ')' if where else ''}"
                                          " LIMIT 1", [entry.seq, *params]).fetchone()
                return None if hit else now
            finally:
                self._watch.execute("ROLLBACK")
        except sqlite3.Error:
            return None

    def put(self, key: str, version: int | None, body: bytes, media_type: str | None,
            depends: dict[str, Any] | None = None) -> None:
        if version is None or len(body) > MAX_BODY:
            return
        depends = depends or {}
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._size -= len(old.body)
            self._entries[key] = Entry(version, body, media_type, depends.get("seq"), depends.get("where"))
            self._size += len(body)
            while len(self._entries) > MAX_ENTRIES or self._size > MAX_TOTAL:
                _, dropped = self._entries.popitem(last=False)
                self._size -= len(dropped.body)


class CacheMiddleware:
    """Serve repeated GETs of ``CACHED_PATHS`` from ``cache`` while the database is unchanged;
    ``X-Sitrep-Cache: hit`` or ``miss`` says which. Only whole 200 answers are kept (errors never)."""

    def __init__(self, app: ASGIApp, cache: ResponseCache):
        self.app = app
        self.cache = cache

    async def __call__(self, scope: Message, receive: Callable[[], Awaitable[Message]],
                       send: Callable[[Message], Awaitable[None]]) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] not in CACHED_PATHS:
            await self.app(scope, receive, send)
            return
        key = f"{scope['path']}?{scope['query_string'].decode('latin-1')}"
        version = self.cache.version()
        entry = self.cache.get(key, version)
        if entry is not None:
            headers = [(b"content-length", str(len(entry.body)).encode()), (b"x-sitrep-cache", b"hit")]
            if entry.media_type:
                headers.insert(0, (b"content-type", entry.media_type.encode("latin-1")))
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": entry.body})
            return
        start: Message = {}
        chunks: list[bytes] = []
        depends: dict[str, Any] = {}
        scope[SCOPE_KEY] = depends

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                if message["status"] != 200:
                    await send(message)
                return
            if start.get("status") != 200 or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = b"".join(chunks)
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            media_type = next((v.decode("latin-1") for k, v in headers if k.lower() == b"content-type"), None)
            self.cache.put(key, version, body, media_type, depends)
            await send({**start, "headers": [*headers, (b"content-length", str(len(body)).encode()),
                                             (b"x-sitrep-cache", b"miss")]})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, keep)
