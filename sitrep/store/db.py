"""The store: SQLite (one file) or PostgreSQL (a shared server), recorded migrations, one
transaction per document. One implementation; ``dialect`` holds what the two engines spell differently.

Only the pipeline runner, the exporters and the web app talk to the store; stages never do.
"""
from __future__ import annotations

import datetime as dt
import json
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any, Iterable, Iterator

from sitrep import __version__
from sitrep.errors import InputError, NotFoundError, StoreError
from sitrep.model import Claim, Document, Event, EventMention
from sitrep.store.dialect import LOCK_MIGRATE, LOCK_WRITE, display, dialect_for
from sitrep.store.rowcache import KEPT_CANDIDATES, RowCache, event_from_rows
from sitrep.store.schema import MIGRATIONS

EVIDENCE_COLUMN = 6  # the migration that added mentions.evidence

PAGE = 500  # events read per round of queries when iterating
DOC_META = ("id", "name", "version", "source_path", "record", "format", "sha256", "title", "outlet", "url",
            "published", "language", "origins", "duplicate_of", "superseded_by", "ingested_at")


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class Store:
    """A sitrep database: a SQLite file or a ``postgresql://`` URL. Use as a context manager, or call ``close``."""

    def __init__(self, path: str | Path, *, readonly: bool = False, kept_candidates: int = KEPT_CANDIDATES):
        """``kept_candidates``: merge candidates kept parsed (``rowcache.py``; 0 parses every time)."""
        self.path = display(path)
        self.dialect = dialect_for(path)
        self.candidates: RowCache[Event] = RowCache(event_from_rows, kept_candidates)
        try:
            self.conn = self.dialect.connect(str(path), readonly)
            if not readonly:
                self._migrate()
            elif self.dialect.version(self.conn) < len(MIGRATIONS):
                raise StoreError(f"{self.path}: database schema is older than this sitrep; "
                                 "run any `sitrep ingest` on it to upgrade")
        except self.dialect.errors as exc:
            raise StoreError(f"{self.path}: cannot open database ({exc}); is it a sitrep database?") from exc

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    def _migrate(self) -> None:
        """Run the migrations this database lacks, under a lock so two writers starting at once
        on a new PostgreSQL database do not both create the tables."""
        if self.dialect.version(self.conn) == len(MIGRATIONS):
            return  # the usual case: no lock taken just to open the store
        with self.dialect.session_lock(self.conn, LOCK_MIGRATE), self.transaction():
            version = self.dialect.version(self.conn)
            if version > len(MIGRATIONS):
                raise StoreError(f"{self.path}: made by a newer sitrep (schema {version}); upgrade sitrep")
            for script in MIGRATIONS[version:]:
                for statement in statements(script if isinstance(script, str) else script[self.dialect.name]):
                    self.conn.execute(self.dialect.ddl(statement))
            if 0 < version < EVIDENCE_COLUMN:
                self._backfill_evidence()
            if version < len(MIGRATIONS):
                self.dialect.set_version(self.conn, len(MIGRATIONS))

    def _backfill_evidence(self) -> None:
        """Migration 6 for rows stored before it: the evidence column from each mention's JSON."""
        rows = self.conn.execute("SELECT document_id, idx, data FROM mentions WHERE evidence IS NULL").fetchall()
        self.conn.executemany("UPDATE mentions SET evidence=? WHERE document_id=? AND idx=?",
                              [(evidence_text(json.loads(r[2]).get("evidence")), r[0], r[1]) for r in rows])

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """All or nothing: a crash inside leaves the database as it was before."""
        self.conn.execute(self.dialect.begin)
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads inside see one committed state of the database, whatever writers commit meanwhile.

        Why: a web answer takes several queries (the count, the page's ids, their rows, mentions
        and outlets); outside a transaction each sees the latest commit, so an ingest committing
        between two of them gave pages whose total disagreed with their events, or an event read
        after a merge had moved its mentions away."""
        self.conn.execute(self.dialect.begin_read)
        try:
            yield
        finally:
            self._rollback()

    def _rollback(self) -> None:
        """Undo the open transaction, if there still is one: after a full disk or an I/O error
        SQLite may have rolled it back itself, and a second ROLLBACK would raise and hide the
        error that matters."""
        try:
            self.conn.execute("ROLLBACK")
        except self.dialect.errors:
            pass

    def lock_writers(self) -> None:
        """Make this transaction the only writer until it ends (call it first in the transaction).

        Why one lock for the whole document write, taken before reading anything: cross-report
        merging reads the candidate events of a date range and then inserts, updates and deletes
        events. Row locks (``SELECT … FOR UPDATE``) cannot protect that, since two writers can
        both find no candidate and both insert the same event (a row that did not exist cannot
        be locked), and SERIALIZABLE would abort one of them, forcing a retry of the whole
        document. A PostgreSQL transaction-level advisory lock serialises only this short write
        block (parsing, the slow part, runs in parallel), so the merge sees every event written
        before it; it is released by COMMIT or ROLLBACK, even when the process dies. In SQLite
        ``BEGIN IMMEDIATE`` already gives the transaction the database's one write lock.
        """
        self.dialect.lock(self.conn, LOCK_WRITE)

    # -- documents ---------------------------------------------------------------------------
    def has_content(self, sha256: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE sha256=?", (sha256,)).fetchone() is not None

    def names_with_content(self, sha256: str) -> set[str]:
        """The names these bytes are stored under (one query: a re-ingest has its own name among
        them, another outlet's verbatim copy does not)."""
        return {r[0] for r in self.conn.execute("SELECT name FROM documents WHERE sha256=?", (sha256,))}

    def add_document(self, doc: Document, *, shingles: bytes | None = None) -> int:
        """Insert a document (inside the caller's transaction); a new version supersedes the old.
        ``shingles``: its packed word shingles, for later near-duplicate checks (``copy_candidates``)."""
        previous = self.conn.execute(
            "SELECT id, version FROM documents WHERE name=? AND superseded_by IS NULL ORDER BY version DESC LIMIT 1",
            (doc.name,)).fetchone()
        version = previous["version"] + 1 if previous else 1
        doc.id = self.conn.execute(
            "INSERT INTO documents (name, version, source_path, record, format, sha256, raw, text, offsets, title,"
            " outlet, url, published, language, origins, duplicate_of, ingested_at, sitrep_version, shingles)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
            (doc.name, version, doc.source_path, doc.record, doc.format, doc.sha256, doc.raw, doc.text,
             json.dumps(doc.offsets), doc.title, doc.outlet, doc.url, doc.published, doc.language,
             json.dumps(doc.origins), doc.duplicate_of, _now(), __version__, shingles)).fetchone()[0]
        if previous:
            self.conn.execute("UPDATE documents SET superseded_by=? WHERE id=?", (doc.id, previous["id"]))
        return doc.id

    def previous_version(self, doc_id: int) -> int | None:
        row = self.conn.execute("SELECT id FROM documents WHERE superseded_by=?", (doc_id,)).fetchone()
        return row["id"] if row else None

    def add_bands(self, doc_id: int, bands: Iterable[str]) -> None:
        self.conn.executemany("INSERT INTO document_bands (band, document_id) VALUES (?, ?)",
                              [(b, doc_id) for b in bands])

    def documents_sharing_bands(self, bands: list[str]) -> list[Document]:
        """Current documents that share at least one near-duplicate band (the blocking step)."""
        if not bands:
            return []
        marks = ",".join("?" * len(bands))
        ids = [r[0] for r in self.conn.execute(
            f"SELECT DISTINCT document_id FROM document_bands WHERE band IN ({marks})", bands)]
        return [self.get_document(i) for i in ids]

    def copy_candidates(self, bands: list[str]) -> tuple[list[Document], dict[int, bytes]]:
        """``documents_sharing_bands`` for the near-duplicate check, in one query: the documents
        (metadata only, or with their text when no shingles were stored with them) and their
        packed shingles by id. Reading and re-hashing every candidate's text grew with the corpus."""
        if not bands:
            return [], {}
        marks = ",".join("?" * len(bands))
        ids = [r[0] for r in self.conn.execute(
            f"SELECT DISTINCT document_id FROM document_bands WHERE band IN ({marks})", bands)]
        docs: dict[int, Document] = {}
        packed: dict[int, bytes] = {}
        meta = ", ".join(DOC_META)
        for at in range(0, len(ids), PAGE):
            chunk = ids[at:at + PAGE]
            rows = self.conn.execute(
                f"SELECT {meta}, shingles, CASE WHEN shingles IS NULL THEN text ELSE '' END AS text, '[]' AS offsets"
                f" FROM documents WHERE id IN ({','.join('?' * len(chunk))})", chunk)
            for r in rows:
                docs[r["id"]] = _row_to_document(r)
                if r["shingles"] is not None:
                    packed[r["id"]] = bytes(r["shingles"])
        return [docs[i] for i in ids if i in docs], packed

    def get_document(self, key: int | str, *, with_raw: bool = False) -> Document:
        """A document by id, or by name (its latest version)."""
        cols = "*" if with_raw else ", ".join(DOC_META + ("text", "offsets"))
        number = _row_id(key)
        if isinstance(key, str) and "\x00" in key:
            row = None  # no name holds a NUL, and PostgreSQL text cannot even be compared with one
        elif number is not None:
            row = self.conn.execute(f"SELECT {cols} FROM documents WHERE id=?", (number,)).fetchone()
        else:
            row = self.conn.execute(f"SELECT {cols} FROM documents WHERE name=? ORDER BY version DESC LIMIT 1",
                                    (key,)).fetchone()
        if row is None:
            raise NotFoundError(f"no document {key!r} in {self.path}; list them with `sitrep docs`")
        return _row_to_document(row)

    def documents(self, *, include_superseded: bool = False) -> list[Document]:
        where = "" if include_superseded else "WHERE superseded_by IS NULL"
        rows = self.conn.execute(f"SELECT {', '.join(DOC_META)}, text, offsets FROM documents {where} ORDER BY id")
        return [_row_to_document(r) for r in rows]

    def document_ids_by_name(self, names: Iterable[str] | None = None) -> dict[str, int]:
        """Current document ids by name: all of them, or only ``names`` (one indexed query)."""
        if names is None:
            return {r["name"]: r["id"] for r in self.conn.execute(
                "SELECT name, id FROM documents WHERE superseded_by IS NULL")}
        names = list(set(names))
        if not names:
            return {}
        return {r["name"]: r["id"] for r in self.conn.execute(
            f"SELECT name, id FROM documents WHERE superseded_by IS NULL AND name IN ({','.join('?' * len(names))})",
            names)}

    def outlets(self, names: Iterable[str]) -> dict[str, str | None]:
        """Outlet of each named current document (what claims and exports cite)."""
        names = sorted(set(names))
        found: dict[str, str | None] = {}
        for i in range(0, len(names), 500):
            chunk = names[i:i + 500]
            found.update((r["name"], r["outlet"]) for r in self.conn.execute(
                f"SELECT name, outlet FROM documents WHERE superseded_by IS NULL AND name IN ({','.join('?' * len(chunk))})",
                chunk))
        return found

    def write_failure(self, exc: BaseException, doing: str) -> StoreError | None:
        """The one error to stop a batch with when ``exc`` says the database cannot be written at all
        (disk full, file size limit, I/O error), else None. Why stop: every later document would fail
        the same way, and the transaction that failed was rolled back, so what is stored is whole."""
        what = self.dialect.write_failure(exc)
        if what is None:
            return None
        return StoreError(f"{self.path}: {what} while {doing}; nothing of it was stored and the database is "
                          "consistent. Free space (or move the database) and run the same command again: "
                          "what is stored is skipped")

    def record_error(self, error: InputError) -> None:
        try:
            with self.transaction():
                self.conn.execute("INSERT INTO ingest_errors (path, record, reason, message, at) VALUES (?,?,?,?,?)",
                                  (error.path, error.record, error.reason, str(error), _now()))
        except Exception as exc:
            failure = self.write_failure(exc, f"recording the error of {error.path}")
            if failure is None:
                raise
            raise failure from exc

    def ingest_errors(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute("SELECT * FROM ingest_errors ORDER BY id")]

    # -- events ------------------------------------------------------------------------------
    def candidate_events(self, date_from: str, date_to: str) -> list[Event]:
        """Events whose date falls in [date_from, date_to] (the blocking step of merging), oldest first.

        Week/month-precision events are dated by their first day, so they are also returned when
        they start up to 31 days before ``date_from``.
        """
        return self.candidate_events_in([(date_from, date_to)])

    def candidate_events_in(self, windows: list[tuple[str, str]], *, with_claims: bool = True) -> list[Event]:
        """``candidate_events`` for several disjoint date ranges at once, oldest first.

        ``with_claims=False`` leaves ``claims`` empty: merging rebuilds them from the mentions, and
        reading them was a third of the candidate read (every claim value is JSON); the events are then
        shared with later calls while their rows are unchanged (``self.candidates``): do not change them."""
        if not windows:
            return []
        clause = " OR ".join(f"(event_date BETWEEN {self.dialect.days_before('?', 31)} AND ?"
                             " AND (event_date >= ? OR date_precision IN ('week', 'month')))" for _ in windows)
        params = [p for lo, hi in windows for p in (lo, hi, lo)]
        ids = [r[0] for r in self.conn.execute(f"SELECT id FROM events WHERE {clause} ORDER BY rowid", params)]
        if with_claims:
            return list(self._paged(ids))
        # without claims: the merge's read, document after document over the same window (rowcache.py)
        return [event for at in range(0, len(ids), PAGE)
                for event in self.candidates.values(self.event_rows(ids[at:at + PAGE]))]

    def events_of_document(self, doc_id: int) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT event_id FROM mentions WHERE document_id=? AND event_id IS NOT NULL", (doc_id,))]

    def delete_mentions_of(self, doc_id: int) -> None:
        self.conn.execute("DELETE FROM mentions WHERE document_id=?", (doc_id,))

    def add_context(self, doc_id: int, mentions: list[EventMention]) -> None:
        """Store a document's context mentions (the event gate's non-events): no event id."""
        self.conn.executemany(
            "INSERT INTO mentions (document_id, idx, event_id, data, evidence) VALUES (?,?,NULL,?,?)"
            " ON CONFLICT(document_id, idx) DO UPDATE SET event_id=NULL, data=excluded.data,"
            " evidence=excluded.evidence",
            [(doc_id, m.index, json.dumps(m.to_dict()), _evidence_of(m)) for m in mentions])

    def context(self, doc: int | str | None = None) -> list[EventMention]:
        """Context mentions of one document (name or id), or of all, in document order."""
        sql = "SELECT m.data FROM mentions m JOIN documents d ON d.id=m.document_id WHERE m.event_id IS NULL"
        params: tuple[Any, ...] = ()
        if doc is not None:
            d = self.get_document(doc)
            sql, params = sql + " AND d.id=?", (d.id,)
        rows = self.conn.execute(sql + " ORDER BY d.id, m.idx", params)
        mentions = [EventMention.from_dict(json.loads(r[0])) for r in rows]
        return [m for m in mentions if m.specificity != "specific"]

    def save_event(self, event: Event, doc_ids: dict[str, int] | None = None) -> None:
        """Upsert one event with its mentions and claims (inside the caller's transaction)."""
        if doc_ids is None:
            doc_ids = self.document_ids_by_name(m.doc for m in event.mentions)
        p = event.place
        data = event.to_dict()
        data.pop("mentions")
        data.pop("claims")
        now = _now()
        self.conn.execute(
            "INSERT INTO events (id, event_date, date_precision, event_type, sub_event_type, actor1, actor2, country,"
            " admin1, location, latitude, longitude, geo_precision, fatalities, modality, background, corroboration,"
            " has_conflict, data, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT(id) DO UPDATE SET event_date=excluded.event_date, date_precision=excluded.date_precision,"
            " event_type=excluded.event_type, sub_event_type=excluded.sub_event_type, actor1=excluded.actor1,"
            " actor2=excluded.actor2, country=excluded.country, admin1=excluded.admin1, location=excluded.location,"
            " latitude=excluded.latitude, longitude=excluded.longitude, geo_precision=excluded.geo_precision,"
            " fatalities=excluded.fatalities, modality=excluded.modality, background=excluded.background,"
            " corroboration=excluded.corroboration, has_conflict=excluded.has_conflict, data=excluded.data,"
            " updated_at=excluded.updated_at",
            (event.id, event.event_date, event.date_precision, event.event_type, event.sub_event_type, event.actor1,
             event.actor2, p.country if p else None, p.admin1 if p else None, p.name if p else None,
             p.latitude if p else None, p.longitude if p else None, p.precision if p else None, event.fatalities,
             event.modality, int(event.background), event.corroboration, int(bool(event.conflict)),
             json.dumps(data), now, now))
        self.conn.executemany(  # one round trip to a PostgreSQL server for all of them (psycopg pipelines it)
            "INSERT INTO mentions (document_id, idx, event_id, data, evidence) VALUES (?,?,?,?,?)"
            " ON CONFLICT(document_id, idx) DO UPDATE SET event_id=excluded.event_id, data=excluded.data,"
            " evidence=excluded.evidence",
            [(doc_ids[m.doc], m.index, event.id, json.dumps(m.to_dict()), _evidence_of(m)) for m in event.mentions])
        self.conn.execute("DELETE FROM claims WHERE event_id=?", (event.id,))
        self.conn.executemany(
            'INSERT INTO claims (event_id, doc, field, value, modality, outlet, attributed_to, start, "end", text)'
            " VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(event.id, c.doc, c.field, json.dumps(c.value), c.modality, c.outlet, c.attributed_to, c.start, c.end,
              c.text) for c in event.claims])

    def delete_event(self, event_id: str) -> None:
        self.conn.execute("DELETE FROM events WHERE id=?", (event_id,))

    def record_merge(self, absorbed_id: str, into_id: str, reason: str) -> None:
        self.conn.execute("UPDATE merges SET into_id=? WHERE into_id=?", (into_id, absorbed_id))
        self.conn.execute("INSERT INTO merges (absorbed_id, into_id, reason, at) VALUES (?,?,?,?)",
                          (absorbed_id, into_id, reason, _now()))

    def merges_into(self, event_id: str) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute("SELECT * FROM merges WHERE into_id=? ORDER BY at", (event_id,))]

    def resolve_event_id(self, event_id: str) -> str:
        """Follow the merge history: an absorbed id answers with the event that absorbed it."""
        row = self.conn.execute("SELECT into_id FROM merges WHERE absorbed_id=? ORDER BY at DESC LIMIT 1",
                                (event_id,)).fetchone()
        return row["into_id"] if row else event_id

    def get_event(self, event_id: str) -> Event:
        if "\x00" in event_id:  # as in get_document: no id holds one, PostgreSQL refuses to compare it
            raise NotFoundError(f"no event {event_id!r} in {self.path}; list them with `sitrep export`")
        row = self.conn.execute("SELECT data FROM events WHERE id=?", (self.resolve_event_id(event_id),)).fetchone()
        if row is None:
            raise NotFoundError(f"no event {event_id!r} in {self.path}; list them with `sitrep export`")
        return self._hydrate(json.loads(row["data"]))

    def _hydrate(self, data: dict[str, Any]) -> Event:
        event = Event.from_dict(data)
        event.mentions = [EventMention.from_dict(json.loads(r["data"])) for r in self.conn.execute(
            "SELECT m.data FROM mentions m JOIN documents d ON d.id=m.document_id"
            " WHERE m.event_id=? ORDER BY d.id, m.idx", (event.id,))]
        event.claims = self._claims([event.id]).get(event.id, [])
        return event

    def _claims(self, event_ids: list[str]) -> dict[str, list[Claim]]:
        """Claims of several events in one query, each event's in insertion order."""
        out: dict[str, list[Claim]] = {}
        marks = ",".join("?" * len(event_ids))
        for r in self.conn.execute(f"SELECT * FROM claims WHERE event_id IN ({marks}) ORDER BY id", event_ids):
            out.setdefault(r["event_id"], []).append(Claim(
                doc=r["doc"], field=r["field"], value=json.loads(r["value"]), modality=r["modality"],
                outlet=r["outlet"], attributed_to=r["attributed_to"], start=r["start"], end=r["end"], text=r["text"]))
        return out

    def events_by_ids(self, ids: list[str], *, with_claims: bool = True) -> list[Event]:
        """Several events in the order of ``ids``, read in two queries (three with claims)."""
        rows = self.event_rows(ids)
        claims = self._claims(ids) if with_claims and rows else {}
        events = []
        for event_id, (data, mentions) in rows.items():
            event = event_from_rows(data, mentions)
            event.claims = claims.get(event_id, [])
            events.append(event)
        return events

    def event_rows(self, ids: list[str]) -> dict[str, tuple[str, list[str]]]:
        """The stored JSON of each event of ``ids`` (in that order; missing ones left out) and of its
        mentions (by document, then position), unparsed: what an event is made of, and so what tells
        a reader (the web's record cache) whether it changed."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        data = dict(self.conn.execute(f"SELECT id, data FROM events WHERE id IN ({marks})", ids).fetchall())
        mentions: dict[str, list[str]] = {}
        for event_id, m in self.conn.execute(f"SELECT event_id, data FROM mentions WHERE event_id IN ({marks})"
                                             " ORDER BY document_id, idx", ids):
            mentions.setdefault(event_id, []).append(m)
        return {i: (data[i], mentions.get(i, [])) for i in ids if i in data}

    def iter_events(self, where: str = "", params: Iterable[Any] = (), *, order: str = "event_date, id",
                    limit: int | None = None, offset: int = 0) -> Iterator[Event]:
        """Events matching an SQL filter on the events table's columns, fully hydrated."""
        sql = f"SELECT id FROM events {('WHERE ' + where) if where else ''} ORDER BY {order}"
        if limit is not None:
            sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
        yield from self._paged([row["id"] for row in self.conn.execute(sql, tuple(params))])

    def _paged(self, ids: list[str]) -> Iterator[Event]:
        """Events of ``ids`` in that order, with claims, a page at a time: three queries per page,
        not three per event (each one a network round trip on a PostgreSQL server)."""
        for at in range(0, len(ids), PAGE):
            yield from self.events_by_ids(ids[at:at + PAGE])

    def count_events(self, where: str = "", params: Iterable[Any] = ()) -> int:
        return self.conn.execute(f"SELECT COUNT(*) FROM events {('WHERE ' + where) if where else ''}",
                                 tuple(params)).fetchone()[0]


def statements(script: str) -> list[str]:
    """The statements of a migration script: split at each ``;`` except inside a trigger's
    ``BEGIN … END`` body, whose own statements end in ``;`` too. Words, not regular expressions:
    ``\\s*`` anchored at both ends backtracks quadratically on long runs of blanks."""
    out: list[str] = []
    current = ""
    for part in script.split(";"):
        current += part
        words = current.split()
        if [w.upper() for w in words[:2]] == ["CREATE", "TRIGGER"] and words[-1].upper() != "END":
            current += ";"
            continue
        if current.strip():
            out.append(current)
        current = ""
    return out


def change_seq(conn: Any) -> int:
    """The newest row of the change log ``event_changes`` (migration 7; SQLite), 0 when empty."""
    row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name='event_changes'").fetchone()
    return row[0] if row else 0


def evidence_text(spans: list[dict[str, Any]] | None) -> str:
    """What the free-text search reads: a mention's evidence spans, one per line."""
    return "\n".join(str(s.get("text") or "") for s in spans or [])


def _evidence_of(mention: EventMention) -> str:
    return "\n".join(s.text or "" for s in mention.evidence)


def _row_id(key: int | str) -> int | None:
    """``key`` as a document id when it is one: ASCII digits that fit a 64-bit integer ("²" is a
    digit to ``str.isdigit`` but not to ``int``; a 30-digit number overflows SQLite). Else None,
    and the key is looked up as a name."""
    if isinstance(key, int):
        return key
    if key.isascii() and key.isdigit() and len(key) <= 18:
        return int(key)
    return None


def _row_to_document(row: Any) -> Document:
    keys = row.keys()
    return Document(
        name=row["name"], source_path=row["source_path"], format=row["format"],
        raw=row["raw"] if "raw" in keys else b"", sha256=row["sha256"], text=row["text"],
        offsets=json.loads(row["offsets"]), title=row["title"], outlet=row["outlet"], url=row["url"],
        published=row["published"], language=row["language"], origins=json.loads(row["origins"]),
        record=row["record"], id=row["id"], duplicate_of=row["duplicate_of"])


def document_summary(doc: Document) -> dict[str, Any]:
    """The metadata of a document as plain JSON (no raw bytes, no text)."""
    d = asdict(doc)
    for key in ("raw", "text", "offsets", "name_spans"):
        d.pop(key)
    return d
