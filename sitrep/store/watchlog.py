"""The watch ledger (schema migration 3): sources followed, and every link found with its state.

Link states: ``queued`` (found, not fetched) → ``fetched`` (archived as WARC) → ``ingested``
(through the pipeline); or ``failed`` (retried at ``retry_at``), ``skipped`` (robots.txt, too large,
a permanent HTTP error), ``duplicate`` (the same story as another URL), ``rejected`` (the pipeline
refused it), ``alias`` (a canonical URL a fetched page declared). Plain SQL with text keys, no
SQLite-only syntax, so the PostgreSQL backend can share it.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from sitrep.store.db import Store

PENDING = ("queued", "fetched")


def now_iso(offset_s: float = 0.0) -> str:
    return (dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=offset_s)).isoformat(timespec="seconds")


def register_source(store: Store, key: str, kind: str, outlet: str | None, language: str | None,
                    interval_s: float) -> None:
    """Add a source, or update its outlet/language/interval, keeping its poll history."""
    with store.transaction():
        store.conn.execute(
            "INSERT INTO watch_sources (key, kind, outlet, language, interval_s, next_poll, added_at)"
            " VALUES (?,?,?,?,?,?,?) ON CONFLICT(key) DO UPDATE SET outlet=excluded.outlet,"
            " language=excluded.language, interval_s=excluded.interval_s",
            (key, kind, outlet, language, int(interval_s), now_iso(), now_iso()))


def sources(store: Store, keys: Iterable[str] | None = None) -> list[dict[str, Any]]:
    rows = [dict(r) for r in store.conn.execute("SELECT * FROM watch_sources ORDER BY added_at, key")]
    if keys is not None:
        wanted = set(keys)
        rows = [r for r in rows if r["key"] in wanted]
    return rows


def record_poll(store: Store, key: str, *, ok: bool, error: str | None = None, kind: str | None = None,
                etag: str | None = None, last_modified: str | None = None, next_in_s: float) -> None:
    """After a poll: times, validators for the next conditional GET, and the error if any."""
    sets = ["last_poll=?", "next_poll=?"]
    params: list[Any] = [now_iso(), now_iso(next_in_s)]
    if ok:
        sets += ["last_success=?", "etag=COALESCE(?, etag)", "last_modified=COALESCE(?, last_modified)"]
        params += [now_iso(), etag, last_modified]
        if kind:
            sets.append("kind=?")
            params.append(kind)
    if error:
        sets += ["errors=errors+1", "last_error=?"]
        params.append(f"{now_iso()} {error}")
    store.conn.execute(f"UPDATE watch_sources SET {', '.join(sets)} WHERE key=?", (*params, key))


def add_links(store: Store, source_key: str, links: list[tuple[str, str, str | None, str | None]]) -> int:
    """Queue (canonical url, found url, title, published) links not seen before; returns how many."""
    added = 0
    for url, found, title, published in links:
        cur = store.conn.execute(
            "INSERT INTO watch_links (url, source_key, found_url, state, title, published, found_at, updated_at)"
            " VALUES (?,?,?,'queued',?,?,?,?) ON CONFLICT(url) DO NOTHING",
            (url, source_key, found, title, published, now_iso(), now_iso()))
        added += cur.rowcount
    return added


def known(store: Store, url: str) -> bool:
    return store.conn.execute("SELECT 1 FROM watch_links WHERE url=?", (url,)).fetchone() is not None


def due_links(store: Store, source_keys: list[str]) -> list[dict[str, Any]]:
    """Links of these sources waiting to be fetched or ingested, or failed and due for a retry."""
    if not source_keys:
        return []
    marks = ",".join("?" * len(source_keys))
    return [dict(r) for r in store.conn.execute(
        f"SELECT * FROM watch_links WHERE source_key IN ({marks}) AND (state IN ('queued', 'fetched')"
        " OR (state='failed' AND retry_at <= ?)) ORDER BY found_at, url", (*source_keys, now_iso()))]


def set_link(store: Store, url: str, state: str, **fields: Any) -> None:
    """Move a link to ``state``, setting any of http_status, reason, warc, document, version, retry_at."""
    allowed = {"http_status", "reason", "warc", "document", "version", "retry_at", "attempts"}
    assert set(fields) <= allowed, set(fields) - allowed
    sets = ["state=?", "updated_at=?"] + [f"{k}=?" for k in fields]
    store.conn.execute(f"UPDATE watch_links SET {', '.join(sets)} WHERE url=?",
                       (state, now_iso(), *fields.values(), url))


def add_alias(store: Store, url: str, source_key: str, of: str) -> None:
    """Remember a canonical URL a page declared, so that URL, when listed later, is not fetched again."""
    store.conn.execute(
        "INSERT INTO watch_links (url, source_key, found_url, state, reason, found_at, updated_at)"
        " VALUES (?,?,?,'alias',?,?,?) ON CONFLICT(url) DO NOTHING",
        (url, source_key, of, f"canonical URL of {of}", now_iso(), now_iso()))


def count_articles(store: Store, source_key: str, n: int) -> None:
    store.conn.execute("UPDATE watch_sources SET articles=articles+? WHERE key=?", (n, source_key))


def file_version(store: Store, path: str) -> str | None:
    """The (mtime:size) a folder file had when it was last ingested, else None."""
    row = store.conn.execute("SELECT version FROM watch_links WHERE url=? AND state IN ('ingested', 'rejected')", (path,)).fetchone()
    return row["version"] if row else None


def record_file(store: Store, path: str, source_key: str, version: str, state: str, reason: str | None) -> None:
    """Upsert a folder file's row after it went through the pipeline."""
    store.conn.execute(
        "INSERT INTO watch_links (url, source_key, found_url, state, version, reason, document, found_at, updated_at)"
        " VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(url) DO UPDATE SET state=excluded.state,"
        " version=excluded.version, reason=excluded.reason, updated_at=excluded.updated_at",
        (path, source_key, path, state, version, reason, path.rsplit("/", 1)[-1], now_iso(), now_iso()))


def link_counts(store: Store) -> dict[str, dict[str, int]]:
    """{source key: {state: links}} for `sitrep sources`."""
    out: dict[str, dict[str, int]] = {}
    for r in store.conn.execute("SELECT source_key, state, COUNT(*) AS n FROM watch_links GROUP BY source_key, state"):
        out.setdefault(r["source_key"], {})[r["state"]] = r["n"]
    return out
