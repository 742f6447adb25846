"""The schema as an ordered list of migrations; the database records how many ran (SQLite's
``PRAGMA user_version``, PostgreSQL's ``sitrep_schema`` table).

A migration is appended, never edited: a database made by an older sitrep upgrades in place.
Written in SQLite's dialect; ``sitrep.store.dialect.Postgres.ddl`` translates the type names. A migration
written for each engine is a dict by dialect name (``Dialect.name``).
"""
from __future__ import annotations

# The event columns the change log of migration 7 keeps (those the web filters read), once for its
# table and its eight triggers.
_LOGGED = ("id, event_date, event_type, sub_event_type, actor1, actor2, country, admin1, latitude, "
           "longitude, modality, background, corroboration, has_conflict, created_at")


def _change_log() -> str:
    """Migration 7 for SQLite: the ``event_changes`` table and the triggers that fill it."""
    def values(row: str) -> str:
        return ", ".join(f"{row}.{c}" for c in _LOGGED.split(", "))

    log = f"INSERT INTO event_changes ({_LOGGED})"
    return f"""
    CREATE TABLE event_changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT, event_date TEXT, event_type TEXT, sub_event_type TEXT, actor1 TEXT, actor2 TEXT,
        country TEXT, admin1 TEXT, latitude REAL, longitude REAL, modality TEXT, background INTEGER,
        corroboration INTEGER, has_conflict INTEGER, created_at TEXT
    );
    CREATE TRIGGER events_logged_insert AFTER INSERT ON events BEGIN
        {log} VALUES ({values("NEW")});
    END;
    CREATE TRIGGER events_logged_update AFTER UPDATE ON events BEGIN
        {log} VALUES ({values("OLD")});
        {log} VALUES ({values("NEW")});
    END;
    CREATE TRIGGER events_logged_delete AFTER DELETE ON events BEGIN
        {log} VALUES ({values("OLD")});
    END;
    CREATE TRIGGER mentions_logged_insert AFTER INSERT ON mentions WHEN NEW.event_id IS NOT NULL BEGIN
        {log} SELECT {_LOGGED} FROM events WHERE id = NEW.event_id;
    END;
    CREATE TRIGGER mentions_logged_update AFTER UPDATE ON mentions BEGIN
        {log} SELECT {_LOGGED} FROM events WHERE id IN (OLD.event_id, NEW.event_id);
    END;
    CREATE TRIGGER mentions_logged_delete AFTER DELETE ON mentions WHEN OLD.event_id IS NOT NULL BEGIN
        {log} SELECT {_LOGGED} FROM events WHERE id = OLD.event_id;
    END;
    CREATE TRIGGER documents_logged_update AFTER UPDATE ON documents BEGIN
        {log} SELECT {_LOGGED} FROM events WHERE id IN (SELECT event_id FROM mentions WHERE document_id = NEW.id);
    END;
    CREATE TRIGGER event_changes_pruned AFTER INSERT ON event_changes WHEN NEW.seq % 1000 = 0 BEGIN
        DELETE FROM event_changes WHERE seq <= NEW.seq - 20000;
    END;
    """


MIGRATIONS: list[str | dict[str, str]] = [
    # 1: documents, errors, events, mentions, claims, merge history, near-duplicate bands.
    """
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        source_path TEXT NOT NULL,
        record TEXT,
        format TEXT NOT NULL,
        sha256 TEXT NOT NULL UNIQUE,
        raw BLOB NOT NULL,
        text TEXT NOT NULL,
        offsets TEXT NOT NULL,
        title TEXT, outlet TEXT, url TEXT, published TEXT, language TEXT,
        origins TEXT NOT NULL,
        duplicate_of INTEGER REFERENCES documents(id),
        superseded_by INTEGER REFERENCES documents(id),
        ingested_at TEXT NOT NULL,
        sitrep_version TEXT NOT NULL
    );
    CREATE INDEX documents_name ON documents(name);
    CREATE TABLE document_bands (
        band TEXT NOT NULL,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE
    );
    CREATE INDEX document_bands_band ON document_bands(band);
    CREATE TABLE ingest_errors (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL,
        record TEXT,
        reason TEXT NOT NULL,
        message TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE TABLE events (
        id TEXT PRIMARY KEY,
        event_date TEXT, date_precision TEXT,
        event_type TEXT, sub_event_type TEXT,
        actor1 TEXT, actor2 TEXT,
        country TEXT, admin1 TEXT, location TEXT,
        latitude REAL, longitude REAL, geo_precision INTEGER,
        fatalities INTEGER, modality TEXT, background INTEGER,
        corroboration INTEGER, has_conflict INTEGER,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL
    );
    CREATE INDEX events_date ON events(event_date);
    CREATE INDEX events_type ON events(event_type);
    CREATE INDEX events_country ON events(country, admin1);
    CREATE INDEX events_lat ON events(latitude);
    CREATE TABLE mentions (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        event_id TEXT REFERENCES events(id) ON DELETE SET NULL,
        data TEXT NOT NULL,
        UNIQUE (document_id, idx)
    );
    CREATE INDEX mentions_event ON mentions(event_id);
    CREATE TABLE claims (
        id INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        doc TEXT NOT NULL,
        field TEXT NOT NULL,
        value TEXT,
        modality TEXT,
        outlet TEXT,
        attributed_to TEXT,
        start INTEGER, "end" INTEGER, text TEXT
    );
    CREATE INDEX claims_event ON claims(event_id);
    CREATE TABLE merges (
        absorbed_id TEXT NOT NULL,
        into_id TEXT NOT NULL,
        reason TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE INDEX merges_into ON merges(into_id);
    """,
    # 2: a narrow covering index of every column the web filters, sorts, counts and maps on, so
    # those queries scan this index instead of the wide rows (with their JSON) of 50,000 events.
    """
    CREATE INDEX events_cover ON events(event_date, event_type, sub_event_type, country, admin1, modality,
        background, corroboration, has_conflict, actor1, actor2, latitude, longitude, geo_precision, fatalities, id);
    """,
    # 3: live monitoring (`sitrep watch`): the sources followed and every link found, with its
    # fetch state, so a restart resumes without fetching anything twice. Portable SQL (text keys
    # and timestamps, no autoincrement) so the PostgreSQL backend can run it unchanged.
    """
    CREATE TABLE watch_sources (
        key TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        outlet TEXT, language TEXT,
        interval_s INTEGER NOT NULL,
        etag TEXT, last_modified TEXT,
        last_poll TEXT, last_success TEXT, next_poll TEXT,
        articles INTEGER NOT NULL DEFAULT 0,
        errors INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        added_at TEXT NOT NULL
    );
    CREATE TABLE watch_links (
        url TEXT PRIMARY KEY,
        source_key TEXT NOT NULL,
        found_url TEXT NOT NULL,
        state TEXT NOT NULL,
        http_status INTEGER,
        reason TEXT,
        title TEXT, published TEXT,
        version TEXT,
        warc TEXT, document TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        retry_at TEXT,
        found_at TEXT NOT NULL, updated_at TEXT NOT NULL
    );
    CREATE INDEX watch_links_state ON watch_links(state, source_key);
    CREATE INDEX events_created ON events(created_at);
    """,
    # 4: one row per version of a document name. Two writers storing a new version of the same
    # name at once (PostgreSQL, several `sitrep ingest`) fail loudly instead of forking its history;
    # sha256 is already unique, so the same bytes are never stored twice.
    """
    CREATE UNIQUE INDEX documents_name_version ON documents(name, version);
    """,
    # 5: each document's word shingles, packed (resolve/copies.py ``pack``): the near-duplicate check
    # of a new document reads these for every stored document sharing a band with it, instead of
    # re-reading and re-hashing their texts (what made store time per document grow with the corpus).
    # NULL for documents stored before: their text is hashed as before.
    """
    ALTER TABLE documents ADD COLUMN shingles BLOB;
    """,
    # 6: each mention's evidence text in a column of its own (its spans joined by newlines), so
    # the API's free-text search reads short strings instead of parsing every mention's JSON
    # (3 s at 50,000 events; bench/bench_load.py). Filled for existing rows by Store._backfill.
    """
    ALTER TABLE mentions ADD COLUMN evidence TEXT;
    """,
    # 7: a log of the events whose rows changed, with the columns the web filters read (SQLite
    # triggers, so every writing process fills it), so a cached answer is kept across a commit that
    # touched no event inside its filter (web/cache.py); the oldest rows beyond 20,000 are dropped.
    # PostgreSQL keeps none: the web cache is off there (no cheap "anything changed" signal either).
    {"sqlite": _change_log(), "postgresql": ""},
]
