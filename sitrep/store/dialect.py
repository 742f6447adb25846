"""What differs between SQLite and PostgreSQL, and nothing else: connecting, the schema version,
DDL types, the write lock, and the few SQL functions the store and the web API use.

Why a dialect and not a second store: every query of ``Store`` is written once, in the SQL both
engines share (``?`` placeholders, ``ON CONFLICT … DO UPDATE``, ``RETURNING``); a PostgreSQL
connection is wrapped so it takes those statements unchanged (``PgConnection``), and the dialect
supplies only the expressions whose spelling differs.
"""
from __future__ import annotations

import re
import sqlite3
from contextlib import contextmanager, nullcontext
from functools import lru_cache
from pathlib import Path
from typing import Any, ContextManager, Iterable, Iterator, Protocol, Sequence

from sitrep.errors import StoreError

PG_SCHEMES = ("postgresql://", "postgres://")
# pg_advisory_xact_lock keys: any constant unlikely to clash with another application's locks.
LOCK_MIGRATE = 0x5173_0001
LOCK_WRITE = 0x5173_0002


def is_postgres(db: str | Path) -> bool:
    return str(db).startswith(PG_SCHEMES)


def display(db: str | Path) -> str:
    """A database for messages: a URL without its password."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", str(db))


class Connection(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ...) -> Any: ...
    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> Any: ...
    def close(self) -> None: ...


class SQLite:
    """One file, WAL, foreign keys; ``PRAGMA user_version`` counts the migrations run."""

    name = "sqlite"
    errors: tuple[type[Exception], ...] = (sqlite3.DatabaseError,)
    begin = "BEGIN IMMEDIATE"  # takes the file's write lock at once: writers queue, never deadlock
    begin_read = "BEGIN DEFERRED"  # WAL: from the first read on, one committed state, never a writer's half
    # Filtered web scans read the narrow covering index (migration 2), never the wide rows.
    scan = "events INDEXED BY events_cover"

    def connect(self, db: str, readonly: bool) -> Connection:
        if readonly:
            if not Path(db).exists():
                raise StoreError(f"{db}: no such database; run `sitrep ingest` first or pass --db")
            conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, check_same_thread=False)
        else:
            conn = sqlite3.connect(db, check_same_thread=False, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=10000")
        return conn

    def version(self, conn: Connection) -> int:
        return conn.execute("PRAGMA user_version").fetchone()[0]

    def set_version(self, conn: Connection, number: int) -> None:
        conn.execute(f"PRAGMA user_version={int(number)}")

    def ddl(self, statement: str) -> str:
        return statement

    def lock(self, conn: Connection, key: int) -> None:
        """Nothing to do: BEGIN IMMEDIATE already gave this transaction the only write lock."""

    def session_lock(self, conn: Connection, key: int) -> ContextManager[None]:
        return nullcontext()  # BEGIN IMMEDIATE serialises migrations too

    def restart_identity(self, conn: Connection, table: str, column: str) -> None:
        """Nothing to do: SQLite's next key is always one past the largest."""

    def days_before(self, param: str, days: int) -> str:
        return f"date({param}, '-{int(days)} days')"

    def json_array(self, expr: str, where: str) -> str:
        return f"json_group_array({expr}) FILTER (WHERE {where})"

    def nocase_equals(self, column: str) -> str:
        return f"{column} = ? COLLATE NOCASE"

    def write_failure(self, exc: BaseException) -> str | None:
        """What went wrong, when ``exc`` means the file cannot take more writes (disk full, a file
        size limit, an I/O error): no later document could be stored either. None otherwise."""
        if not isinstance(exc, sqlite3.OperationalError):
            return None
        code = getattr(exc, "sqlite_errorcode", None)
        if code == sqlite3.SQLITE_FULL:
            return "the disk is full"
        if code is not None and code & 0xFF == sqlite3.SQLITE_IOERR:  # a short or refused write (EFBIG, EIO)
            return f"the disk refused a write ({exc}; a full disk or a file size limit)"
        return None

    def evidence_like(self) -> str:
        """Ids of events whose evidence text is LIKE the parameter (case-insensitive, as SQLite's LIKE)."""
        return "SELECT event_id FROM mentions WHERE evidence LIKE ? ESCAPE '\\'"  # the column of migration 6


class Row(tuple):
    """A result row by position or by column name, like ``sqlite3.Row`` (``dict(row)`` works too)."""

    _names: dict[str, int]

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        return tuple.__getitem__(self, self._names[key] if isinstance(key, str) else key)

    def keys(self) -> list[str]:
        return list(self._names)


def _row_factory(cursor: Any) -> Any:
    names = {c.name: i for i, c in enumerate(cursor.description or ())}

    def make(values: Sequence[Any]) -> Row:
        row = Row(values)
        row._names = names
        return row
    return make


@lru_cache(maxsize=512)
def _pg_sql(sql: str) -> str:
    """``?`` placeholders to psycopg's ``%s`` (a literal ``%`` doubled first)."""
    return sql.replace("%", "%%").replace("?", "%s")


class PgConnection:
    """A psycopg connection that runs the store's SQLite-style statements (``?`` placeholders).

    Autocommit, so a statement outside ``Store.transaction`` is its own transaction, as in SQLite."""

    def __init__(self, conn: Any):
        self.raw = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        params = tuple(params)
        return self.raw.execute(_pg_sql(sql) if params else sql, params or None)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = [tuple(r) for r in rows]
        if rows:
            with self.raw.cursor() as cur:
                cur.executemany(_pg_sql(sql), rows)

    def close(self) -> None:
        self.raw.close()


class Postgres:
    """A server shared by a team. The schema is SQLite's, with three type names translated."""

    name = "postgresql"
    begin = "BEGIN"
    begin_read = "BEGIN ISOLATION LEVEL REPEATABLE READ"  # one snapshot for every statement inside
    scan = "events"  # the planner picks the index itself

    def __init__(self) -> None:
        try:
            import psycopg
        except ImportError as exc:
            raise StoreError("a postgresql:// database needs psycopg: pip install 'sitrep[postgres]'") from exc
        self.psycopg = psycopg
        self.errors = (psycopg.Error,)

    def connect(self, db: str, readonly: bool) -> Connection:
        try:
            raw = self.psycopg.connect(db, autocommit=True, row_factory=_row_factory)
        except self.psycopg.OperationalError as exc:
            raise StoreError(f"{display(db)}: cannot connect ({' '.join(str(exc).split())}); "
                             "is the server running? (`make postgres` starts a local one)") from exc
        if readonly:
            raw.execute("SET default_transaction_read_only = on")
        return PgConnection(raw)

    def version(self, conn: Connection) -> int:
        if conn.execute("SELECT to_regclass('sitrep_schema')").fetchone()[0] is None:
            return 0
        return conn.execute("SELECT version FROM sitrep_schema").fetchone()[0]

    def set_version(self, conn: Connection, number: int) -> None:
        conn.execute("CREATE TABLE IF NOT EXISTS sitrep_schema (version INTEGER NOT NULL)")
        conn.execute("DELETE FROM sitrep_schema")
        conn.execute("INSERT INTO sitrep_schema (version) VALUES (?)", (number,))

    def ddl(self, statement: str) -> str:
        """SQLite DDL to PostgreSQL: identity keys, 8-byte floats, bytea, and binary ("C") text
        collation so text sorts by code point as in SQLite (exports come out in the same order).
        ``events`` gets a ``rowid`` column: SQLite's implicit insertion order, which merging
        reads candidates in."""
        out = re.sub(r"\bINTEGER PRIMARY KEY\b", "INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", statement)
        out = re.sub(r"\bREAL\b", "DOUBLE PRECISION", out)
        out = re.sub(r"\bBLOB\b", "BYTEA", out)
        out = re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', out)
        if re.match(r"\s*CREATE TABLE events\b", out):
            out = out.rstrip().removesuffix(")") + ",\n        rowid BIGINT GENERATED BY DEFAULT AS IDENTITY UNIQUE\n    )"
        return out

    def lock(self, conn: Connection, key: int) -> None:
        """A transaction-level advisory lock: held until COMMIT or ROLLBACK (also on a crash)."""
        conn.execute("SELECT pg_advisory_xact_lock(?)", (key,))

    @contextmanager
    def session_lock(self, conn: Connection, key: int) -> Iterator[None]:
        """An advisory lock taken before the transaction begins (migrations). Why not ``lock``:
        a transaction that waited for its lock inside may still see the catalog as it was at
        BEGIN (a cached "no such table"), and create the tables another process just created."""
        conn.execute("SELECT pg_advisory_lock(?)", (key,))
        try:
            yield
        finally:
            conn.execute("SELECT pg_advisory_unlock(?)", (key,))

    def restart_identity(self, conn: Connection, table: str, column: str) -> None:
        """After rows were inserted with their own keys, hand out keys after the largest."""
        conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'),"
                     f" COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)")

    def days_before(self, param: str, days: int) -> str:
        return f"to_char(CAST({param} AS date) - {int(days)}, 'YYYY-MM-DD')"

    def json_array(self, expr: str, where: str) -> str:
        return f"CAST(COALESCE(json_agg({expr}) FILTER (WHERE {where}), '[]') AS text)"  # text, as SQLite's

    def nocase_equals(self, column: str) -> str:
        return f"lower({column}) = lower(?)"

    def write_failure(self, exc: BaseException) -> str | None:
        """As ``SQLite.write_failure``: the server's disk is full (SQLSTATE class 53, insufficient
        resources) or its storage failed (58, system error)."""
        state = getattr(exc, "sqlstate", None) or ""
        if isinstance(exc, self.psycopg.Error) and state.startswith("53"):
            return f"the server is out of disk or memory ({' '.join(str(exc).split())})"
        if isinstance(exc, self.psycopg.Error) and state.startswith("58"):
            return f"the server's storage failed ({' '.join(str(exc).split())})"
        return None

    def evidence_like(self) -> str:
        return "SELECT event_id FROM mentions WHERE evidence ILIKE ? ESCAPE '\\'"


Dialect = SQLite | Postgres
SQLITE = SQLite()


def dialect_for(db: str | Path) -> Dialect:
    return Postgres() if is_postgres(db) else SQLITE
