"""`sitrep migrate`: copy a whole store (typically an analyst's SQLite file into the team's
PostgreSQL database) row for row, ids included, then check that every table has as many rows.

Rows are copied as they are, not re-ingested: event ids, merge history, document versions and
ingest errors survive, and nothing is parsed again.
"""
from __future__ import annotations

from typing import Any

from sitrep.errors import StoreError
from sitrep.store.db import Store

# In foreign-key order: a row's references are copied before it.
TABLES = ("documents", "document_bands", "ingest_errors", "events", "mentions", "claims", "merges",
          "watch_sources", "watch_links")
IDENTITY = ("documents", "ingest_errors", "mentions", "claims")  # integer keys the database hands out
CHUNK = 500  # rows per round trip (documents carry their raw bytes)


def count_rows(store: Store) -> dict[str, int]:
    return {t: store.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}


def copy_store(source: str, target: str) -> dict[str, tuple[int, int]]:
    """Copy ``source`` into the empty store ``target`` in one transaction; rows per table in each.

    ``superseded_by`` points at a later document, so it is filled in after all documents are in
    (PostgreSQL checks a foreign key at each insert). ``events.rowid``, SQLite's insertion order
    that merging reads candidates in, is copied explicitly so later merges go as they would have.
    """
    with Store(source, readonly=True) as src, Store(target) as dst:
        if any(count_rows(dst).values()):
            raise StoreError(f"{dst.path} is not empty; migrate into a new database")
        with dst.transaction():
            superseded: list[tuple[Any, Any]] = []
            for table in TABLES:
                rowid = "rowid, " if table == "events" and src.dialect.name == "sqlite" else ""
                cur = src.conn.execute(f"SELECT {rowid}* FROM {table}")
                columns = [c[0] for c in cur.description]
                quoted = ", ".join(f'"{c}"' for c in columns)
                insert = f"INSERT INTO {table} ({quoted}) VALUES ({', '.join('?' * len(columns))})"
                while rows := cur.fetchmany(CHUNK):
                    rows = [list(r) for r in rows]
                    if table == "documents":
                        at = columns.index("superseded_by")
                        superseded += [(r[at], r[columns.index("id")]) for r in rows if r[at] is not None]
                        for r in rows:
                            r[at] = None
                    dst.conn.executemany(insert, rows)
            dst.conn.executemany("UPDATE documents SET superseded_by=? WHERE id=?", superseded)
            for table in IDENTITY + ("events",):
                dst.dialect.restart_identity(dst.conn, table, "rowid" if table == "events" else "id")
        before, after = count_rows(src), count_rows(dst)
    return {t: (before[t], after[t]) for t in TABLES}
