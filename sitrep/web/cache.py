"""Answers of the read API kept until the database changes (SQLite stores).

Why: the page's own requests (/api/points, /api/stats, /api/facets unfiltered) and the filters
analysts share are asked again and again; at 50,000 events each costs 50-300 ms of one of two
cores, so fifty clients at once queued for seconds (bench/bench_load.py). An answer is kept with
the database's ``PRAGMA data_version`` as read by one connection that never writes: any commit,
by any process, changes it, and an entry kept under an older version is never served again.
PostgreSQL has no such cheap signal, so nothing is cached there.

The cache is served by a plain ASGI middleware (``CacheMiddleware``), not Starlette's
``BaseHTTPMiddleware``: that one runs every request through a task group and memory streams,
about a millisecond of the event loop's time per request with the GIL held, the time a hit took
and what the misses' worker threads waited for behind fifty clients (bench_load).
"""
from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from dataclasses import dataclass
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
            self.cache.put(key, version, body, media_type)
            await send({**start, "headers": [*headers, (b"content-length", str(len(body)).encode()),
                                             (b"x-sitrep-cache", b"miss")]})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, keep)
